#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The London talks as a Nash bargain over export controls (scenarios/tech_bargain_2025.yaml):
# `run --list` shows it; it runs from the source tree; at the bargain's step both players' real
# income is no lower than at the step before (the disagreement point, the controls in force)
# and one of them is strictly higher (Pareto-improving; 1e-9 points, far above the solver's
# tolerance); and a bargain's bad controls are refused with file:line:col, the field and exit
# code 3.
. "$(dirname "$0")/lib.sh"
cd "$TW_SOURCE_DIR"

expect_exit 0 "$TRADEWAR" run --list
expect_stdout "tech_bargain_2025"
expect_exit 0 "$TRADEWAR" run tech_bargain_2025 --csv "$TW_TMP/bargain"
expect_stdout "Nash bargain over the levels"

bad=$(awk -F, '
    NR == 1 { next }
    $2 == "2025-05-29" && ($4 == "\"USA\"" || $4 == "USA" || $4 == "\"CHN\"" || $4 == "CHN") { d[$4] = $5 }
    $2 == "2025-06-09" && ($4 == "\"USA\"" || $4 == "USA" || $4 == "\"CHN\"" || $4 == "CHN") { b[$4] = $5 }
    END {
        n = 0; strict = 0
        for (c in d) { n++; if (!(c in b)) { print "no bargain row for " c; exit }
                       if (b[c] < d[c] - 1e-12) print c " loses: " d[c] " -> " b[c]
                       if (b[c] > d[c] + 1e-9) strict = 1 }
        if (n != 2) print "rows: " n
        else if (!strict) print "nobody gains"
    }' "$TW_TMP/bargain/countries.csv")
if [ -n "$bad" ]; then
    LAST_CMD="bargain gains"
    fail "the bargain is not Pareto-improving over disagreement: $bad"
fi

mkdir -p "$TW_TMP"
write() { sed "s/EXPORTER/$1/; s/KIND/$2/" > "$TW_TMP/bad.yaml" <<'YAML'
title: bad bargain
world: icio2022tech
baseline: 2025-01-01
events:
  - date: 2025-01-15
    label: chips
    export_controls:
      - {importers: CHN, exporters: USA, sectors: SEMI, cap: 50%, rent: exporter}
  - date: 2025-06-09
    label: talks
    game:
      type: KIND
      players: [USA, CHN]
      controls:
        - {exporter: EXPORTER, sectors: SEMI}
YAML
}
write KOR bargain
expect_exit 3 "$TRADEWAR" run "$TW_TMP/bad.yaml"
expect_stderr "bad.yaml:15:22"
expect_stderr "events[1].game.controls[0].exporter"
expect_stderr "expected a player of the bargain"
write USA talks
expect_exit 3 "$TRADEWAR" run "$TW_TMP/bad.yaml"
expect_stderr "only a bargain has controls"
write CHN bargain
expect_exit 3 "$TRADEWAR" run "$TW_TMP/bad.yaml"
expect_stderr "no quota in force"
exit "$FAILURES"
