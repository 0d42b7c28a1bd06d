#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `--draws` on the strategy commands optimal, war and talks (escalate, enforce: test_game_draws.sh) (docs/strategy.md "Bands"): bands identical
# for any thread count and reproducible for a seed, another seed differs, zero standard errors
# give zero-width bands equal to the point estimate, the point document unchanged, CSV files,
# shards merged, and the option errors.
. "$(dirname "$0")/lib.sh"
CP=$TW_SOURCE_DIR/data/cp1993
mkdir -p "$TW_TMP"
opt() { "$TRADEWAR" optimal --world "$1" --country USA "${@:2}"; }
war() { "$TRADEWAR" war --world "$1" --players USA,CHN --among-players "${@:2}"; }

if threads_only; then
    same_bands_on_threads optimal opt "$CP" --draws 2 --seed 3
    same_bands_on_threads war war "$CP" --draws 2
    same_bands_on_threads talks "$TRADEWAR" talks --world "$CP" --players USA,CHN --draws 2
    finish
fi

expect_exit 0 opt "$CP" --json
jq -S 'del(.solver.seconds)' "$LAST_OUT" > "$TW_TMP/plain.json" || fail "invalid JSON"
expect_exit 0 opt "$CP" --draws 5 --seed 3 --threads 1 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/t1.json" || fail "invalid JSON"
jq -S '.point | del(.solver.seconds)' "$LAST_OUT" > "$TW_TMP/point.json"
cmp -s "$TW_TMP/plain.json" "$TW_TMP/point.json" || fail "the point document changed with --draws"
expect_exit 0 opt "$CP" --draws 5 --seed 3 --threads 3 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/t3.json"
cmp -s "$TW_TMP/t1.json" "$TW_TMP/t3.json" || fail "optimal: bands differ between 1 and 3 threads"
expect_exit 0 opt "$CP" --draws 5 --seed 4 --threads 2 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/s4.json"
cmp -s "$TW_TMP/t1.json" "$TW_TMP/s4.json" && fail "another seed gave the same bands"
J=$TW_TMP/t1.json
jq -e '.draws == 5 and .seed == 3 and .failed == 0 and .failed_share == 0 and (.countries | length) == 31' \
    "$J" >/dev/null || fail "settings"
jq -e '[.players[] | .avg_tariff_pct, .real_income_pct] + [.countries[].real_income_pct, .world_real_income_pct]
       | map(.p5 <= .p50 and .p50 <= .p95) | all' "$J" >/dev/null || fail "bands not ordered"
jq -e '.players[0].avg_tariff_pct | .p95 > .p5' "$J" >/dev/null || fail "a zero-width band with standard errors"
# the point of the real-income band is the document's
a=$(jq '.countries[] | select(.code == "USA") | .real_income_pct' "$TW_TMP/point.json")
b=$(jq '.players[0].real_income_pct.point' "$J")
[ "$a" = "$b" ] || fail "band point $b, document $a"

# Zero standard errors: every band is the point estimate, exactly (optimal and war).
mkdir -p "$TW_TMP/zero"
cp "$CP"/*.csv "$TW_TMP/zero/"
awk -F, 'BEGIN {OFS = ","} NR > 1 {$3 = 0} {print}' "$CP/theta_se.csv" > "$TW_TMP/zero/theta_se.csv"
zero='[.players[] | .avg_tariff_pct, .real_income_pct] + [.countries[].real_income_pct, .world_real_income_pct]
      | map(.p5 == .point and .p50 == .point and .p95 == .point) | all'
expect_exit 0 opt "$TW_TMP/zero" --draws 3 --threads 2 --json
jq -e ".uncertainty | $zero" "$LAST_OUT" >/dev/null || fail "optimal: zero standard errors, band of non-zero width"
expect_exit 0 war "$TW_TMP/zero" --draws 2 --threads 2 --json
jq -e ".uncertainty | $zero" "$LAST_OUT" >/dev/null || fail "war: zero standard errors, band of non-zero width"

# The draws play with the point's payoff: with zero standard errors the bands of a
# political-economy optimum (ossa2014) and of a real-income optimum on a world whose default
# payoff is welfare (liberation_day_2025) are the point exactly.
for w in ossa2014 liberation_day_2025; do
    mkdir -p "$TW_TMP/$w"
    cp "$TW_SOURCE_DIR/data/$w"/*.csv "$TW_TMP/$w/"
    "$TRADEWAR" world show --world "$TW_SOURCE_DIR/data/$w" --json |
        jq -r '"sector,theta,se", (.sectors[] | "\(.code),\(.theta),0")' > "$TW_TMP/$w/theta_se.csv"
done
expect_exit 0 opt "$TW_TMP/ossa2014" --political-economy --draws 2 --threads 2 --json
jq -e ".uncertainty | $zero" "$LAST_OUT" >/dev/null ||
    fail "optimal --political-economy: the draws played another payoff than the point"
expect_exit 0 opt "$TW_TMP/liberation_day_2025" --payoff real-income --draws 2 --threads 2 --json
jq -e ".uncertainty | $zero" "$LAST_OUT" >/dev/null ||
    fail "optimal --payoff real-income: the draws played another payoff than the point"

# talks (from today's tariffs): the same bands on 1 and 2 threads, and zero-width bands at the
# point with zero standard errors.
expect_exit 0 "$TRADEWAR" talks --world "$CP" --players USA,CHN --draws 3 --threads 1 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/k1.json"
jq -e '.uncertainty.failed == 0 and (.uncertainty.players | length) == 2' "$LAST_OUT" >/dev/null ||
    fail "talks: settings"
expect_exit 0 "$TRADEWAR" talks --world "$CP" --players USA,CHN --draws 3 --threads 2 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/k2.json"
cmp -s "$TW_TMP/k1.json" "$TW_TMP/k2.json" || fail "talks: bands differ between 1 and 2 threads"
expect_exit 0 "$TRADEWAR" talks --world "$TW_TMP/zero" --players USA,CHN --draws 2 --threads 2 --json
jq -e ".uncertainty | $zero" "$LAST_OUT" >/dev/null || fail "talks: zero standard errors, band of non-zero width"

# war: the same bands on 1 and 2 threads; the table and the CSV files.
expect_exit 0 war "$CP" --draws 3 --threads 1 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/w1.json"
rm -rf "$TW_TMP/csv"
expect_exit 0 war "$CP" --draws 3 --threads 2 --json --csv "$TW_TMP/csv"
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/w2.json"
cmp -s "$TW_TMP/w1.json" "$TW_TMP/w2.json" || fail "war: bands differ between 1 and 2 threads"
head -1 "$TW_TMP/csv/bands.csv" | grep -qx 'quantity,code,point,p5,p50,p95' || fail "bands.csv header"
grep -q '^player_avg_tariff_pct,CHN,' "$TW_TMP/csv/bands.csv" || fail "no band of China's tariff"
grep -q '^world_real_income_pct,,' "$TW_TMP/csv/bands.csv" || fail "no world band"
[ "$(wc -l < "$TW_TMP/csv/draws.csv")" = 4 ] || fail "draws.csv should have 3 draws"
expect_exit 0 war "$CP" --draws 3 --threads 2
expect_stdout "Uncertainty: 3 draws of theta (Latin hypercube, seed 1)"
expect_stdout "  CHN chosen tariff, %"

# Shards merged give the output of one run (timings aside).
expect_exit 0 opt "$CP" --draws 4 --threads 2 --json
jq -S 'del(.point.solver.seconds)' "$LAST_OUT" > "$TW_TMP/one.json"
for k in 1 2; do
    expect_exit 0 opt "$CP" --draws 4 --threads 1 --json --shard "$k/2"
    cp "$LAST_OUT" "$TW_TMP/part$k"
done
expect_exit 0 "$TRADEWAR" merge "$TW_TMP/part1" "$TW_TMP/part2"
jq -S 'del(.point.solver.seconds)' "$LAST_OUT" > "$TW_TMP/merged.json"
cmp -s "$TW_TMP/one.json" "$TW_TMP/merged.json" || fail "merged shards differ from one run"

# Errors.
expect_exit 2 opt "$CP" --draws 0
expect_stderr "--draws expects a whole number"
expect_exit 2 opt "$CP" --seed 3
expect_stderr "go with --draws"
expect_exit 2 opt "$CP" --csv "$TW_TMP/x"
expect_stderr "goes with --draws"
finish
