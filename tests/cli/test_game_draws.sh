#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `--draws` on escalate and enforce (docs/strategy.md "Bands"): bands identical for 1 and 2
# threads and for the same seed, another seed differs, zero standard errors give bands equal to
# the point estimate, the point document unchanged by --draws, the table and the CSV files.
. "$(dirname "$0")/lib.sh"
CP=$TW_SOURCE_DIR/data/cp1993
mkdir -p "$TW_TMP"
esc() { "$TRADEWAR" escalate --world "$1" --players USA,CHN --rules tit-for-tat,best-response \
    --opening 0.1,0 --rounds 4 "${@:2}"; }
enf() { "$TRADEWAR" enforce --world "$1" --players USA,CHN --agreement free-trade "${@:2}"; }

if threads_only; then
    same_bands_on_threads escalate esc "$CP" --draws 2 --seed 3
    same_bands_on_threads enforce enf "$CP" --draws 2 --seed 3
    finish
fi

# Zero standard errors (every draw's theta is the estimate).
mkdir -p "$TW_TMP/zero"
cp "$CP"/*.csv "$TW_TMP/zero/"
awk -F, 'BEGIN {OFS = ","} NR > 1 {$3 = 0} {print}' "$CP/theta_se.csv" > "$TW_TMP/zero/theta_se.csv"
at_point='map(.p5 == .point and .p50 == .point and .p95 == .point) | all'
ordered='map(.p5 <= .p50 and .p50 <= .p95) | all'

# escalate: the point document unchanged, the same bands on 1 and 2 threads and for a seed.
expect_exit 0 esc "$CP" --json
jq -S 'del(.solver.seconds)' "$LAST_OUT" > "$TW_TMP/e_plain.json" || fail "invalid JSON"
expect_exit 0 esc "$CP" --draws 4 --seed 3 --threads 1 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/e1.json" || fail "invalid JSON"
jq -S '.point | del(.solver.seconds)' "$LAST_OUT" > "$TW_TMP/e_point.json"
cmp -s "$TW_TMP/e_plain.json" "$TW_TMP/e_point.json" || fail "escalate: the point document changed with --draws"
expect_exit 0 esc "$CP" --draws 4 --seed 3 --threads 2 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/e2.json"
cmp -s "$TW_TMP/e1.json" "$TW_TMP/e2.json" || fail "escalate: bands differ between 1 and 2 threads"
expect_exit 0 esc "$CP" --draws 4 --seed 4 --threads 2 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/e4.json"
cmp -s "$TW_TMP/e1.json" "$TW_TMP/e4.json" && fail "escalate: another seed gave the same bands"
J=$TW_TMP/e1.json
rounds=$(jq '.rounds | length - 1' "$TW_TMP/e_point.json")
jq -e ".draws == 4 and .seed == 3 and .failed == 0 and (.rounds | length) == $rounds + 1 and
       .rounds[0].date == \"today\" and .rounds[1].date == \"2025-01-01\" and
       (.rounds[0].tariffs | length) == 2 and (.end_state.players | length) == 2" "$J" >/dev/null ||
    fail "escalate: settings"
bands='[.rounds[], .end_state | .tariffs[].avg_tariff_goods_import_weighted_pct, .players[].real_income_pct] + [.rounds_played]'
jq -e "$bands | $ordered" "$J" >/dev/null || fail "escalate: bands not ordered"
# China's best response at the end of the path depends on theta: a band of non-zero width.
jq -e '.end_state.tariffs[] | select(.importer == "CHN") | .avg_tariff_goods_import_weighted_pct | .p95 > .p5' "$J" >/dev/null ||
    fail "escalate: a zero-width band with standard errors"
# the band's point is the document's path
a=$(jq '.rounds[-1].players[1].real_income_pct' "$TW_TMP/e_point.json")
b=$(jq '.end_state.players[1].real_income_pct.point' "$J")
[ "$a" = "$b" ] || fail "escalate: band point $b, document $a"
expect_exit 0 esc "$TW_TMP/zero" --draws 2 --threads 2 --json
jq -e ".uncertainty | $bands | $at_point" "$LAST_OUT" >/dev/null ||
    fail "escalate: zero standard errors, band of non-zero width"
rm -rf "$TW_TMP/ecsv"
expect_exit 0 esc "$CP" --draws 2 --threads 2 --csv "$TW_TMP/ecsv"
expect_stdout "Uncertainty: 2 draws of theta (Latin hypercube, seed 1)"
expect_stdout "  CHN on USA tariff, %"
expect_stdout " end state (each draw's own last round)"
head -1 "$TW_TMP/ecsv/bands.csv" | grep -qx 'quantity,round,code,partner,point,p5,p50,p95' ||
    fail "escalate: bands.csv header"
grep -q '^avg_tariff_goods_import_weighted_pct,end,USA,CHN,' "$TW_TMP/ecsv/bands.csv" || fail "escalate: no end-state band"
grep -q '^real_income_pct,0,CHN,,' "$TW_TMP/ecsv/bands.csv" || fail "escalate: no round-0 band"
[ "$(wc -l < "$TW_TMP/ecsv/draws.csv")" = 3 ] || fail "escalate: draws.csv should have 2 draws"

# Shards merged give the output of one run (timings aside).
expect_exit 0 esc "$CP" --draws 4 --threads 2 --json
jq -S 'del(.point.solver.seconds)' "$LAST_OUT" > "$TW_TMP/e_one.json"
for k in 1 2; do
    expect_exit 0 esc "$CP" --draws 4 --threads 1 --json --shard "$k/2"
    cp "$LAST_OUT" "$TW_TMP/epart$k"
done
expect_exit 0 "$TRADEWAR" merge "$TW_TMP/epart2" "$TW_TMP/epart1"
jq -S 'del(.point.solver.seconds)' "$LAST_OUT" > "$TW_TMP/e_merged.json"
cmp -s "$TW_TMP/e_one.json" "$TW_TMP/e_merged.json" || fail "escalate: merged shards differ from one run"

# enforce: the same checks on delta* and the payoffs.
expect_exit 0 enf "$CP" --json
jq -S 'del(.solver.seconds)' "$LAST_OUT" > "$TW_TMP/f_plain.json" || fail "invalid JSON"
expect_exit 0 enf "$CP" --draws 3 --seed 3 --threads 1 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/f1.json"
jq -S '.point | del(.solver.seconds)' "$LAST_OUT" > "$TW_TMP/f_point.json"
cmp -s "$TW_TMP/f_plain.json" "$TW_TMP/f_point.json" || fail "enforce: the point document changed with --draws"
expect_exit 0 enf "$CP" --draws 3 --seed 3 --threads 2 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/f2.json"
cmp -s "$TW_TMP/f1.json" "$TW_TMP/f2.json" || fail "enforce: bands differ between 1 and 2 threads"
J=$TW_TMP/f1.json
fb='[.players[] | .delta_star, .payoff_agree, .payoff_deviate, .payoff_punish]'
jq -e ".draws == 3 and .failed == 0 and (.players | length) == 2 and ($fb | $ordered)" "$J" \
    >/dev/null || fail "enforce: settings or bands not ordered"
jq -e '.players[0].delta_star | .p95 > .p5' "$J" >/dev/null || fail "enforce: a zero-width band with standard errors"
a=$(jq '.players[0].delta_star' "$TW_TMP/f_point.json")
b=$(jq '.players[0].delta_star.point' "$J")
[ "$a" = "$b" ] || fail "enforce: band point $b, document $a"
# China: no discount factor below 1 sustains free trade ("never", null): delta* 1 in the band
jq -e '.players[1].delta_star == null' "$TW_TMP/f_point.json" >/dev/null || fail "enforce: China's delta* is no longer 'never'"
jq -e '.players[1].delta_star.point == 1' "$J" >/dev/null || fail "enforce: 'never' is not 1 in the band"
expect_exit 0 enf "$TW_TMP/zero" --draws 2 --threads 2 --json
jq -e ".uncertainty | $fb | $at_point" "$LAST_OUT" >/dev/null ||
    fail "enforce: zero standard errors, band of non-zero width"
rm -rf "$TW_TMP/fcsv"
expect_exit 0 enf "$CP" --draws 2 --threads 2 --csv "$TW_TMP/fcsv"
expect_stdout "  USA delta*"
grep -q '^delta_star,USA,' "$TW_TMP/fcsv/bands.csv" || fail "enforce: no delta* band in bands.csv"
grep -q '^payoff_punish,CHN,' "$TW_TMP/fcsv/bands.csv" || fail "enforce: no payoff band in bands.csv"

# Errors.
expect_exit 2 "$TRADEWAR" escalate --world "$CP" --players USA,CHN --rules hold --seed 3
expect_stderr "go with --draws"
expect_exit 2 "$TRADEWAR" enforce --world "$CP" --players USA,CHN --draws 0
expect_stderr "--draws expects a whole number"
finish
