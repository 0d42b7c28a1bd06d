#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A scenario file can set the elasticity of the world's critical-input nests: complements
# (0.1) make China's rare-earth ban cost the United States more than Cobb-Douglas (1) does,
# and the command line overrides the file.
. "$(dirname "$0")/lib.sh"
usa_loss() { # JSON on stdin -> the USA's real income change at the last step
    tr '{' '\n' | grep '"code":"USA"' | tail -1 | sed 's/.*"real_income_pct":\([^,}]*\).*/\1/'
}
write() {
    cat > "$TW_TMP/re.yaml" <<YAML
title: rare-earth ban, elasticity $1
world: icio2022re
baseline: 2025-01-01
critical_elasticity: $1
players: [USA, CHN]
events:
  - date: 2025-04-04
    label: China bans rare-earth exports to the United States
    export_controls:
      - {exporter: CHN, importer: USA, sectors: [RE], ban: true}
YAML
}
write 0.1
expect_exit 0 "$TRADEWAR" run "$TW_TMP/re.yaml" --json
low=$(usa_loss < "$LAST_OUT")
expect_exit 0 "$TRADEWAR" run "$TW_TMP/re.yaml" --json --critical-elasticity 1
override=$(usa_loss < "$LAST_OUT")
write 1
expect_exit 0 "$TRADEWAR" run "$TW_TMP/re.yaml" --json
cd_loss=$(usa_loss < "$LAST_OUT")
[ -n "$low" ] && [ -n "$cd_loss" ] || fail "no USA result ($low, $cd_loss)"
awk -v a="$low" -v b="$cd_loss" 'BEGIN { exit !(a < b && b < 0) }' || fail "complements should cost more: $low vs $cd_loss"
[ "$override" = "$cd_loss" ] || fail "--critical-elasticity 1 should override the file: $override vs $cd_loss"
write 25
expect_exit 3 "$TRADEWAR" run "$TW_TMP/re.yaml"
expect_stderr "critical_elasticity: expected an elasticity of substitution in [0, 20], found '25'"
finish
