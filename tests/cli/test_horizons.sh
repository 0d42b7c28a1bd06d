#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Horizons on the command line (docs/cli.md, docs/model.md §2b): solve --horizon with the header,
# the factor-returns table, JSON and CSV; run --horizon, the scenario's horizon key and
# --horizons side by side; strategy commands take --horizon; bad values are usage errors, bad
# horizon files errors with file:line:column.
. "$(dirname "$0")/lib.sh"
TINY=$TW_SOURCE_DIR/tests/data/tiny
mkdir -p "$TW_TMP"
printf 'importer,exporter,sector,tariff\nHOME,FOR,AGR,0.5\n' > "$TW_TMP/t.csv"

expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/t.csv" --horizon short
expect_stdout "Horizon short (1 year): trade elasticities x 0.380 of the long run; 100% of value added tied to its sector"
expect_stdout "Factor returns, % change: the mobile wage, and the return to the factors tied to each sector"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/t.csv"
grep -q "Horizon" "$LAST_OUT" && fail "the long run prints no horizon line"
grep -q "Factor returns" "$LAST_OUT" && fail "the long run prints no factor returns"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/t.csv" --horizon 5 --json
expect_stdout '"horizon":{"name":"medium","years":5,"theta_ratio_min":0.5849056603773585,"theta_ratio_max":0.5849056603773585,"specific_factors":true}'
expect_stdout '"factors":[{"country":"HOME","mobile_wage_pct":'
expect_stdout '{"sector":"AGR","specific_share":0.3333333333333333,"specific_return_pct":'
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/t.csv" --json
grep -q '"horizon"' "$LAST_OUT" && fail "the long-run document has no horizon"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/t.csv" --horizon short --csv "$TW_TMP/out"
[ "$(head -1 "$TW_TMP/out/factors.csv")" = "country,sector,specific_share,specific_return_pct,mobile_wage_pct" ] ||
  fail "factors.csv header"
grep -q '^HOME,AGR,1,-\?[0-9.e-]*,$' "$TW_TMP/out/factors.csv" || fail "factors.csv: HOME,AGR row (no mobile wage)"

expect_exit 2 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/t.csv" --horizon soon
expect_stderr "--horizon expects short, medium, long or a number of years in (0, 1000], got 'soon'"
expect_exit 2 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/t.csv" --horizon 0
expect_stderr "got '0'"

# A bad horizon file: file:line:column.
cp -r "$TINY" "$TW_TMP/w"
printf 'country,sector,horizon,share\nHOME,AGR,short,2\n' > "$TW_TMP/w/specific_factors.csv"
expect_exit 3 "$TRADEWAR" solve --world "$TW_TMP/w" --shock "$TW_TMP/t.csv" --horizon short
expect_stderr "specific_factors.csv:2:16: error: share: expected a share of value added in [0, 1], found '2'"

# run: --horizon, the horizon key, --horizons side by side
cat > "$TW_TMP/s.yaml" <<'Y'
title: Tiny tariff
world: tiny
baseline: 2025-01-01
horizon: short
players: [HOME, FOR]
events:
  - date: 2025-02-01
    label: HOME taxes AGR
    tariffs:
      - {importer: HOME, exporter: FOR, sector: AGR, add: 0.5}
Y
sed -i "s|world: tiny|world: $TINY|" "$TW_TMP/s.yaml"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/s.yaml"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/s.yaml" --horizon long
expect_exit 0 "$TRADEWAR" run "$TW_TMP/s.yaml" --horizons short,long
expect_stdout "Horizon short (1 year): trade elasticities x 0.380 of the long run"
expect_stdout "HOME:short   HOME:long"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/s.yaml" --horizons short,long --json
[ "$(jq -r '[.horizons[].horizon] | join(",")' "$LAST_OUT")" = "short,long" ] || fail "JSON horizons"
[ "$(jq -r '.horizons[1].years' "$LAST_OUT")" = "null" ] || fail "JSON: the long run has years null"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/s.yaml" --horizons short,long --csv "$TW_TMP/h"
[ "$(head -1 "$TW_TMP/h/horizons.csv")" = "step,date,branch,group,horizon,years,real_income_pct,goods_exports_to_first_player_pct,goods_imports_from_first_player_pct,iterations" ] ||
  fail "horizons.csv header"
[ "$(wc -l < "$TW_TMP/h/horizons.csv")" = "5" ] || fail "horizons.csv: 1 step x 2 groups x 2 horizons"
expect_exit 2 "$TRADEWAR" run "$TW_TMP/s.yaml" --horizons short,soon
expect_stderr "--horizons expects up to 4 of short, medium, long or years"
expect_exit 2 "$TRADEWAR" run "$TW_TMP/s.yaml" --horizons short,long --horizon short
sed -i 's/horizon: short/horizon: tomorrow/' "$TW_TMP/s.yaml"
expect_exit 3 "$TRADEWAR" run "$TW_TMP/s.yaml"
expect_stderr "horizon: expected short, medium, long or a number of years in (0, 1000], found 'tomorrow'"

# strategy commands
expect_exit 2 "$TRADEWAR" optimal --world "$TINY" --country HOME --horizon never
expect_stderr "--horizon expects short, medium, long or a number of years"
finish
