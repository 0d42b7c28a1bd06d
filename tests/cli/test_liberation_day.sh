#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Liberation Day world and scenarios from the command line (docs/model.md §2c): the welfare
# and employment table of `run`, `solve --revenue-use` (and its error), the scenario key
# revenue_use (and its error), blocks.csv errors with file:line:column, welfare_pct in JSON, and
# the strategy commands' --payoff.
# The numbers themselves are validated in tests/validation/test_liberation_day.c; here the
# US line of Case 1 must show the paper's +1.13 welfare and +0.32 employment (3 decimals).
. "$(dirname "$0")/lib.sh"
SC=$TW_SOURCE_DIR/scenarios
W=$TW_SOURCE_DIR/data/liberation_day_2025

expect_exit 0 "$TRADEWAR" run "$SC/liberation_day_case1.yaml"
expect_stdout "Welfare (the model's own measure, net of the disutility of work"
expect_stdout "2025-04-02  main              1.131    0.318"

# JSON: welfare_pct differs from real_income_pct in this world, equals it on another.
expect_exit 0 "$TRADEWAR" run "$SC/liberation_day_case2.yaml" --json
us=$(jq -r '.steps[0].countries[] | select(.code == "USA") | "\(.welfare_pct * 100 | round) \(.employment_pct * 100 | round)"' "$LAST_OUT")
[ "$us" = "-1 -41" ] || fail "case 2 USA welfare/employment (x100, rounded): got '$us', expected '-1 -41'"
printf 'importer,exporter,sector,tariff\nHOME,FOR,MAN,0.2\n' > "$TW_TMP/tiny.csv"
expect_exit 0 "$TRADEWAR" solve --world "$TW_SOURCE_DIR/tests/data/tiny" --shock "$TW_TMP/tiny.csv" --json
same=$(jq '[.countries[] | select(.welfare_pct != .real_income_pct or .employment_pct != 0)] | length' "$LAST_OUT" 2>/dev/null)
[ "$same" = "0" ] || fail "without blocks welfare_pct must equal real_income_pct (got $same differing)"

printf 'importer,exporter,sector,tariff\nUSA,*,TOT,0.2\n' > "$TW_TMP/shock.csv"
expect_exit 0 "$TRADEWAR" solve --world "$W" --shock "$TW_TMP/shock.csv" --revenue-use lump_sum
expect_stdout "   welfare employment"
expect_exit 2 "$TRADEWAR" solve --world "$W" --shock "$TW_TMP/shock.csv" --revenue-use rebate
expect_stderr "--revenue-use expects world, lump_sum or labour_tax, got 'rebate'"

sed 's/^revenue_use: labour_tax/revenue_use: rebate/' "$SC/liberation_day_case1.yaml" > "$TW_TMP/bad.yaml"
expect_exit 3 "$TRADEWAR" run "$TW_TMP/bad.yaml"
expect_stderr "bad.yaml:9:14: error: revenue_use: expected world, lump_sum or labour_tax, found 'rebate'"

mkdir -p "$TW_TMP/w"
cp "$W"/world.csv "$W"/countries.csv "$W"/sectors.csv "$W"/flows.csv "$W"/tariffs.csv "$TW_TMP/w/"
sed '3s/,0.5,/,-0.5,/' "$W/blocks.csv" > "$TW_TMP/w/blocks.csv"
expect_exit 3 "$TRADEWAR" world show --world "$TW_TMP/w"
expect_stderr "blocks.csv:3:"
expect_stderr "labour_elasticity: expected a number in [0, 10], found '-0.5'"

# docs/data-format.md's two scale_elasticities.csv errors, exactly.
cp "$W/blocks.csv" "$TW_TMP/w/blocks.csv"
printf 'country,sector,scale_elasticity\nUSA,TOT,0.1\n*,TOT,0.3\n' > "$TW_TMP/w/scale_elasticities.csv"
expect_exit 3 "$TRADEWAR" world show --world "$TW_TMP/w"
expect_stderr "scale_elasticities.csv:3:7: error: scale_elasticity: scale elasticity 0.3 times the trade elasticity 4 of sector 'TOT' is >= 1: the equilibrium is not determined"
printf 'country,sector,scale_elasticity\nUSA,TOT,0.1\nUSA,TOT,0.1\n' > "$TW_TMP/w/scale_elasticities.csv"
expect_exit 3 "$TRADEWAR" world show --world "$TW_TMP/w"
expect_stderr "scale_elasticities.csv:3:1: error: country: country 'USA' and sector 'TOT' already given on line 2"

# The strategy layer's payoff (docs/model.md §2c "Welfare as a payoff"): welfare by default in
# this world (Case 3's exact optimum, tests/validation/test_liberation_day_optimal.c), real
# income on request; bad values and welfare with political economy are refused.
expect_exit 0 "$TRADEWAR" optimal --country USA --world "$W" --quiet
expect_stdout "welfare (net of the work it takes), %            0.0000     1.8060"
expect_stdout "average tariff, %                                  0.00      25.12"
expect_exit 0 "$TRADEWAR" optimal --country USA --world "$W" --quiet --payoff real-income
expect_stdout "average tariff, %                                  0.00      22.52"
expect_exit 2 "$TRADEWAR" optimal --country USA --world "$W" --payoff utility
expect_stderr "--payoff needs auto, welfare or real-income"
expect_exit 3 "$TRADEWAR" optimal --country USA --world ossa2014 --political-economy --payoff welfare
expect_stderr "payoff: the welfare payoff and political economy do not combine"
finish
