#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `--draws` on solve and run (docs/uncertainty.md): bands identical for any thread count and
# reproducible for a seed, zero standard errors give zero-width bands at the point estimate,
# draws across sets, CSV files, and the errors (bad options, standard errors of another set).
. "$(dirname "$0")/lib.sh"
CP=$TW_SOURCE_DIR/data/cp1993
NAFTA=$CP/nafta_2005.csv
solve() { "$TRADEWAR" solve --world "$1" --shock "$NAFTA" --deficits zero "${@:2}"; }

# The same bands on 1 and 3 threads, and again for the same seed; another seed differs.
expect_exit 0 solve "$CP" --draws 6 --seed 9 --threads 1 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/t1.json" || fail "invalid JSON"
expect_exit 0 solve "$CP" --draws 6 --seed 9 --threads 3 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/t3.json" || fail "invalid JSON"
cmp -s "$TW_TMP/t1.json" "$TW_TMP/t3.json" || fail "bands differ between 1 and 3 threads"
jq -e '.point.countries | length == 31' "$LAST_OUT" >/dev/null || fail "no point document"
jq -e '.uncertainty | .draws == 6 and .seed == 9 and .failed == 0 and .design == "latin"' \
    "$LAST_OUT" >/dev/null || fail "settings missing"
jq -e '[.uncertainty.countries[] | .real_income_pct | .p5 <= .p50 and .p50 <= .p95] | all' \
    "$LAST_OUT" >/dev/null || fail "bands not ordered"
expect_exit 0 solve "$CP" --draws 6 --seed 10 --threads 2 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/s10.json"
cmp -s "$TW_TMP/t1.json" "$TW_TMP/s10.json" && fail "another seed gave the same bands"

# Zero standard errors: every band is the point estimate, exactly.
mkdir -p "$TW_TMP/zero"
cp "$CP"/*.csv "$TW_TMP/zero/"
awk -F, 'BEGIN {OFS = ","} NR > 1 {$3 = 0} {print}' "$CP/theta_se.csv" > "$TW_TMP/zero/theta_se.csv"
expect_exit 0 solve "$TW_TMP/zero" --draws 3 --threads 2 --json
jq -e '[.uncertainty.countries[] | to_entries[] | select(.key != "code") | .value |
        .p5 == .point and .p50 == .point and .p95 == .point] | all' "$LAST_OUT" >/dev/null \
    || fail "zero standard errors gave a band of non-zero width"

# The table and the CSV files.
expect_exit 0 solve "$CP" --draws 4 --threads 2 --csv "$TW_TMP/csv"
[ "$(wc -l < "$TW_TMP/csv/draws.csv")" = 5 ] || fail "draws.csv should have 4 draws"
head -1 "$TW_TMP/csv/bands.csv" | grep -qx 'quantity,code,partner,point,p5,p50,p95' \
    || fail "bands.csv header"
grep -q '^real_income_pct,MEX,,' "$TW_TMP/csv/bands.csv" || fail "no band of Mexico"
expect_exit 0 solve "$CP" --draws 4 --threads 2
expect_stdout "Uncertainty: 4 draws of theta (Latin hypercube, seed 1)"
expect_stdout "0 failed (0.0%)"

# Shards of a job array merged: the same output as the run in one go (timings aside).
expect_exit 0 solve "$CP" --draws 7 --threads 2 --json
jq -S 'del(.point.solver.seconds, .point.baseline_solver.seconds)' "$LAST_OUT" > "$TW_TMP/one.json"
for k in 1 2 3; do
    expect_exit 0 solve "$CP" --draws 7 --threads 1 --json --shard "$k/3"
    cp "$LAST_OUT" "$TW_TMP/part$k"
done
head -1 "$TW_TMP/part2" | grep -qx 'tradewar-shard 1' || fail "a part's header"
expect_exit 0 "$TRADEWAR" merge "$TW_TMP/part3" "$TW_TMP/part1" "$TW_TMP/part2"
jq -S 'del(.point.solver.seconds, .point.baseline_solver.seconds)' "$LAST_OUT" > "$TW_TMP/merged.json"
cmp -s "$TW_TMP/one.json" "$TW_TMP/merged.json" || fail "merged shards differ from one run"
expect_exit 3 "$TRADEWAR" merge "$TW_TMP/part1" "$TW_TMP/part2"
expect_stderr "shard 3 of 3 is missing"
expect_exit 3 "$TRADEWAR" merge "$TW_TMP/part1" "$TW_TMP/part1" "$TW_TMP/part2"
expect_stderr "shard 1 of 3 is given twice"
head -c 200 "$TW_TMP/part2" > "$TW_TMP/cut"
expect_exit 3 "$TRADEWAR" merge "$TW_TMP/part1" "$TW_TMP/cut" "$TW_TMP/part3"
expect_exit 2 solve "$CP" --draws 7 --shard 4/3
expect_stderr "--shard expects k/K"

# Errors.
expect_exit 2 solve "$CP" --draws 0
expect_stderr "--draws expects a whole number"
expect_exit 2 solve "$CP" --draws sets
expect_stderr "has 0 published elasticity sets"
expect_exit 2 solve "$CP" --draws 3 --correlation 1
expect_exit 2 solve "$CP" --seed 3
expect_stderr "go with --draws"
expect_exit 2 "$TRADEWAR" run us_china_2025 --draws 3 --critical-elasticities 1,0.5
printf 'importer,exporter,sector,tariff,tariff_add\nUSA,CHN,*,,0.1\n' > "$TW_TMP/icio.csv"
expect_exit 3 "$TRADEWAR" solve --world icio2022 --elasticities IS --shock "$TW_TMP/icio.csv" --draws 3
expect_stderr "theta_se.csv:2:5: error: theta: the standard error of sector A01 belongs to theta = 9.11"

# run: the bands of the timeline, on 2 threads.
expect_exit 0 "$TRADEWAR" run us_china_2025 --draws 2 --threads 2 --csv "$TW_TMP/run" --svg "$TW_TMP/svg"
expect_stdout "Bands of real income"
grep -q '^1,2025-02-04,main,USA,real_income_pct,' "$TW_TMP/run/bands.csv" || fail "run bands.csv"
# The charts: shaded bands on the timeline, whiskers on the bars, and both still render.
grep -q 'fill-opacity="0.18"' "$TW_TMP/svg/timeline.svg" || fail "no bands on timeline.svg"
grep -q 'stroke="#222" stroke-width="1.2"' "$TW_TMP/svg/countries.svg" || fail "no whiskers on countries.svg"
for chart in timeline countries; do
    rsvg-convert "$TW_TMP/svg/$chart.svg" -o "$TW_TMP/$chart.png" || fail "$chart.svg does not render"
done

# Probabilities on the Geneva truce's expiry: the expected path is the weighted branches.
awk '{print} /extended: \{extend: 90\}/ && !done {print "      probabilities: {snapped back: 40%, extended: 0.6}"; done = 1}' \
    "$TW_SOURCE_DIR/scenarios/us_china_2025.yaml" > "$TW_TMP/odds.yaml"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/odds.yaml" --json
# Its layout, the library's writer (src/io/json_odds.c, also the server's): {"point": P
# (ending in a newline), then ', "policy_uncertainty": ' O (ending in one), then "}" and one.
[ "$(head -c 10 "$LAST_OUT")" = '{"point": ' ] || fail "the document starts with {\"point\": "
[ "$(grep -c '^, "policy_uncertainty": {"risk_aversion":2,' "$LAST_OUT")" = 1 ] &&
    [ "$(grep -c '' "$LAST_OUT")" = 3 ] || fail "policy_uncertainty on a line of its own after the point"
[ "$(tail -n 1 "$LAST_OUT")" = '}' ] && [ "$(tail -c 1 "$LAST_OUT" | od -An -tx1 | tr -d ' ')" = 0a ] \
    || fail "the document ends with }\\n"
jq -e '.policy_uncertainty | keys_unsorted == ["risk_aversion", "horizon_from", "horizon_to",
        "branches", "dates", "certainty"]' "$LAST_OUT" >/dev/null || fail "policy_uncertainty's keys"
jq -e '.policy_uncertainty.branches == [{"name": "snapped back", "probability": 0.4},
        {"name": "extended", "probability": 0.6}]' "$LAST_OUT" >/dev/null || fail "branches"
# At the expiry, 2025-08-12, both branches have a step: the expected USA real income is theirs weighted.
jq -e '(.point.steps | map(select(.date == "2025-08-12")) | map({(.branch): (.groups[] |
          select(.name == "USA") | .real_income_pct)}) | add) as $b |
       (.policy_uncertainty.dates[] | select(.date == "2025-08-12") | .real_income_pct.USA.expected)
         as $e | ($e - (0.4 * $b["snapped back"] + 0.6 * $b.extended)) | fabs < 1e-12' \
    "$LAST_OUT" >/dev/null || fail "expected path is not the weighted branches"
jq -e '[.policy_uncertainty.certainty[] | .value_pct >= 0] | all' "$LAST_OUT" >/dev/null \
    || fail "negative value of certainty"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/odds.yaml" --risk-aversion 0
expect_stdout "Policy uncertainty: the final branches with their probabilities"
expect_exit 2 "$TRADEWAR" run "$TW_TMP/odds.yaml" --risk-aversion -1
finish
