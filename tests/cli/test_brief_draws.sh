#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `brief --draws` (docs/brief.md "Bands"): bands identical for any thread count and reproducible
# for a seed, another seed differs, zero standard errors give zero-width bands equal to the point
# estimate, the point document unchanged, CSV files, shards merged, and option errors.
. "$(dirname "$0")/lib.sh"
CP=$TW_SOURCE_DIR/data/cp1993
mkdir -p "$TW_TMP"
cat > "$TW_TMP/war.yaml" <<'YAML'
title: "Test: a US-Mexico tariff war on cp1993"
world: cp1993
baseline: 2025-01-01
players: [USA, MEX]
watch: [CAN]
events:
  - date: 2025-02-01
    label: "US +20% on Mexico"
    tariffs:
      - {importers: USA, exporters: MEX, add: 20%}
  - date: 2025-03-01
    label: "Mexico +20% on the US"
    tariffs:
      - {importers: MEX, exporters: USA, add: 20%}
YAML
S=$TW_TMP/war.yaml

expect_exit 0 "$TRADEWAR" brief "$S" --json
jq -S . "$LAST_OUT" > "$TW_TMP/plain.json" || fail "invalid JSON"

# The same bands on 1 and 3 threads, and again for the same seed; another seed differs.
expect_exit 0 "$TRADEWAR" brief "$S" --draws 6 --seed 4 --threads 1 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/t1.json" || fail "invalid JSON"
jq -S .point "$LAST_OUT" > "$TW_TMP/point.json"
cmp -s "$TW_TMP/plain.json" "$TW_TMP/point.json" || fail "the point document changed with --draws"
expect_exit 0 "$TRADEWAR" brief "$S" --draws 6 --seed 4 --threads 3 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/t3.json"
cmp -s "$TW_TMP/t1.json" "$TW_TMP/t3.json" || fail "bands differ between 1 and 3 threads"
expect_exit 0 "$TRADEWAR" brief "$S" --draws 6 --seed 4 --threads 2 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/t2.json"
cmp -s "$TW_TMP/t1.json" "$TW_TMP/t2.json" || fail "the same seed gave other bands"
expect_exit 0 "$TRADEWAR" brief "$S" --draws 6 --seed 5 --threads 2 --json
jq -S .uncertainty "$LAST_OUT" > "$TW_TMP/s5.json"
cmp -s "$TW_TMP/t1.json" "$TW_TMP/s5.json" && fail "another seed gave the same bands"
J=$TW_TMP/t1.json
jq -e '.draws == 6 and .seed == 4 and .failed == 0 and .failed_share == 0 and (.steps | length) == 2' \
    "$J" >/dev/null || fail "settings"
# every band ordered; the point of each band is the point document's number
jq -e '[.steps[].countries[] | (., .partners[]) | to_entries[] | select(.value | type == "object")
        | .value | select(.point != null) | .p5 <= .p50 and .p50 <= .p95] | all' "$J" >/dev/null ||
    fail "bands not ordered"
for f in real_income_pct cpi_change_pct avg_tariff_goods_counterfactual_import_weighted_pct; do
    a=$(jq "[.steps[].countries[].$f]" "$TW_TMP/point.json")
    b=$(jq "[.steps[].countries[].$f.point]" "$J")
    [ "$a" = "$b" ] || fail "$f: band points $b, document $a"
done
a=$(jq '[.steps[].countries[].partners[].import_share_goods_pct]' "$TW_TMP/point.json")
b=$(jq '[.steps[].countries[].partners[].import_share_goods_pct.point]' "$J")
[ "$a" = "$b" ] || fail "import shares: band points differ from the document"
# the elasticities matter: the US real income has a band of positive width at the war's end
jq -e '.steps[1].countries[] | select(.name == "USA") | .real_income_pct | .p95 > .p5' "$J" \
    >/dev/null || fail "a band of zero width with standard errors"

# Zero standard errors: every band is the point estimate, exactly.
mkdir -p "$TW_TMP/zero"
cp "$CP"/*.csv "$TW_TMP/zero/"
awk -F, 'BEGIN {OFS = ","} NR > 1 {$3 = 0} {print}' "$CP/theta_se.csv" > "$TW_TMP/zero/theta_se.csv"
expect_exit 0 "$TRADEWAR" brief "$S" --world "$TW_TMP/zero" --draws 3 --threads 2 --json
jq -e '[.uncertainty.steps[].countries[] | (., .partners[]) | to_entries[]
        | select(.value | type == "object") | .value | select(.point != null)
        | .p5 == .point and .p50 == .point and .p95 == .point] | all' "$LAST_OUT" >/dev/null ||
    fail "zero standard errors gave a band of non-zero width"

# The table and the CSV files.
expect_exit 0 "$TRADEWAR" brief "$S" --draws 4 --threads 2
expect_stdout "Uncertainty: 4 draws of theta (Latin hypercube, seed 1)"
expect_stdout "Bands of the brief"
expect_stdout "  real income %"
rm -rf "$TW_TMP/csv"
expect_exit 0 "$TRADEWAR" brief "$S" --draws 4 --threads 2 --csv "$TW_TMP/csv"
[ "$(wc -l < "$TW_TMP/csv/draws.csv")" = 5 ] || fail "draws.csv should have 4 draws"
head -1 "$TW_TMP/csv/bands.csv" | grep -qx 'step,date,branch,group,partner,quantity,point,p5,p50,p95' ||
    fail "bands.csv header"
grep -q '^1,2025-03-01,"main",USA,,real_income_pct,' "$TW_TMP/csv/bands.csv" || fail "no USA band"
grep -q '^1,2025-03-01,"main",USA,MEX,import_share_goods_pct,' "$TW_TMP/csv/bands.csv" ||
    fail "no partner band"
[ -f "$TW_TMP/csv/brief_countries.csv" ] || fail "the brief's own CSV files"

# Shards merged give the output of one run.
expect_exit 0 "$TRADEWAR" brief "$S" --draws 5 --threads 2 --json
jq -S . "$LAST_OUT" > "$TW_TMP/one.json"
for k in 1 2; do
    expect_exit 0 "$TRADEWAR" brief "$S" --draws 5 --threads 1 --json --shard "$k/2"
    cp "$LAST_OUT" "$TW_TMP/part$k"
done
expect_exit 0 "$TRADEWAR" merge "$TW_TMP/part2" "$TW_TMP/part1"
jq -S . "$LAST_OUT" > "$TW_TMP/merged.json"
cmp -s "$TW_TMP/one.json" "$TW_TMP/merged.json" || fail "merged shards differ from one run"

# Errors.
expect_exit 2 "$TRADEWAR" brief "$S" --draws 0
expect_stderr "--draws expects a whole number"
expect_exit 2 "$TRADEWAR" brief "$S" --seed 3
expect_stderr "go with --draws"
finish
