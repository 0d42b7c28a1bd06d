#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 9, items 5 and 14: real income by sector (the parts add up to the country's
# Caliendo-Parro terms; --by-sector; the warning when one sector drives a result), warnings
# for bare rates above 1 (shock files and scenarios, with file:line:column, on standard error
# and in the JSON), --elasticities on run, no "-0.000" in tables, and CSV files whose columns
# are the JSON documents' fields with the same values.
. "$(dirname "$0")/lib.sh"
TINY=$TW_SOURCE_DIR/tests/data/tiny

# --- the decomposition by sector adds up (tolerance 1e-9 points: sums of 3 x 3 terms of
# order 1 in double precision, written with 17 digits) ---
printf 'importer,exporter,sector,tariff\nHOME,FOR,goods,0.5\n' > "$TW_TMP/two.csv"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/two.csv" --json
cp "$LAST_OUT" "$TW_TMP/two.json"
for term in tot_pct vot_pct trade_cost_pct welfare_decomp_pct; do
    bad=$(jq -r --arg t "$term" '
        . as $d | $d.countries[] | .code as $c | .[$t] as $total
        | ([$d.output[] | select(.country == $c) | .[$t]] | add) as $sum
        | select((($sum - $total) | fabs) > 1e-9) | "\($c) \($total) \($sum)"' "$TW_TMP/two.json")
    [ -z "$bad" ] || fail "sector parts of $term do not add up: $bad"
done
# The top sector is the largest absolute part, its share that part over the sum of all.
bad=$(jq -r '. as $d | $d.countries[] | .code as $c
    | ([$d.output[] | select(.country == $c)] | max_by(.welfare_decomp_pct | fabs)) as $top
    | ([$d.output[] | select(.country == $c) | .welfare_decomp_pct | fabs] | add) as $gross
    | select(.top_sector != $top.sector or
             (((.top_sector_share - (($top.welfare_decomp_pct | fabs) / $gross)) | fabs) > 1e-12))
    | .code' "$TW_TMP/two.json")
[ -z "$bad" ] || fail "top_sector or top_sector_share wrong for: $bad"

# --- the warning when one sector drives a country's change: in this shock MAN has 69% of
# FOR's gross sectoral movement (first order -0.872%, exact -0.753%) ---
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/two.csv"
expect_stderr "tradewar: warning: FOR: one sector drives the change in real income (-0.753%, first order -0.872%): sector MAN accounts for 69% of it (-0.606 points; share of the sum of the sectors' absolute parts)"
# The same warnings in the JSON document as on standard error.
jq -r '.warnings[].text' "$TW_TMP/two.json" | sed 's/^/tradewar: /' > "$TW_TMP/two.warn"
diff "$TW_TMP/two.warn" "$LAST_ERR" >/dev/null || fail "JSON warnings differ from stderr"
[ "$(jq '.warnings | length' "$TW_TMP/two.json")" -ge 1 ] || fail "no warnings in the JSON"
# --by-sector: the parts of each listed country, largest first, summing to 'CP welfare'.
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/two.csv" --by-sector
expect_stdout "code   sector        ToT      VoT trade cost CP welfare   share"
expect_stdout "FOR    MAN        -0.543   -0.063      0.000     -0.606   69.5%"
sum=$(awk '$1 == "FOR" && NF == 7 {s += $6} END {printf "%.3f", s}' "$LAST_OUT")
[ "$sum" = "-0.872" ] || fail "FOR's three sector parts sum to $sum, not -0.872"

# --- bare rates above 1 ---
printf 'importer,exporter,sector,tariff,tariff_add\nHOME,FOR,goods,,10\n' > "$TW_TMP/bare.csv"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/bare.csv"
expect_stderr "$TW_TMP/bare.csv:2:17: warning: tariff_add: '10' is taken as a fraction, 1000%: write '1000%' to say so, or '10%' for 10%"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/bare.csv" --json
[ "$(jq -r '.warnings[0] | "\(.file):\(.line):\(.column) \(.field)"' "$LAST_OUT")" = \
  "$TW_TMP/bare.csv:2:17 tariff_add" ] || fail "the bare rate's warning is not first in the JSON"
# A percentage is the same rate, without a warning.
printf 'importer,exporter,sector,tariff,tariff_add\nHOME,FOR,goods,,1000%%\n' > "$TW_TMP/pct.csv"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/pct.csv" --json
grep -q "is taken as a fraction" "$LAST_ERR" && fail "a percentage must not warn"
a=$(jq -c '[.countries[].real_income_pct]' "$LAST_OUT")
"$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/bare.csv" --json 2>/dev/null > "$TW_TMP/bare.json"
[ "$a" = "$(jq -c '[.countries[].real_income_pct]' "$TW_TMP/bare.json")" ] ||
    fail "1000% and 10 differ"
# Rates of 1 or less, and the shipped April 2025 shock (written as percentages), do not warn.
printf 'importer,exporter,sector,tariff\nHOME,FOR,goods,1\n' > "$TW_TMP/one.csv"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/one.csv"
grep -q "is taken as a fraction" "$LAST_ERR" && fail "a rate of 1 must not warn"
# In a scenario: the position of the value, on standard error and in the JSON.
cat > "$TW_TMP/bare.yaml" <<YAML
title: bare
world: $TINY
baseline: 2024-12-31
players: [HOME, FOR]
events:
  - date: 2025-01-01
    label: bare
    tariffs:
      - {importers: HOME, exporters: FOR, add: 25}
YAML
expect_exit 0 "$TRADEWAR" run "$TW_TMP/bare.yaml"
expect_stderr "$TW_TMP/bare.yaml:9:48: warning: events[0].tariffs[0].add: '25' is taken as a fraction, 2500%: write '2500%' to say so, or '25%' for 25%"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/bare.yaml" --json
[ "$(jq -r '.warnings[0] | "\(.line):\(.column) \(.field)"' "$LAST_OUT")" = \
  "9:48 events[0].tariffs[0].add" ] || fail "the scenario's warning is not in the JSON"
sed -i 's/add: 25}/add: 25%}/' "$TW_TMP/bare.yaml"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/bare.yaml"
grep -q "is taken as a fraction" "$LAST_ERR" && fail "25% must not warn"

# --- run --elasticities overrides the scenario's set ---
expect_exit 0 "$TRADEWAR" run us_china_2018_19 --elasticities U4 --json
[ "$(jq -r .elasticities "$LAST_OUT")" = U4 ] || fail "run ignored --elasticities"
cp "$LAST_OUT" "$TW_TMP/u4.json"
expect_exit 0 "$TRADEWAR" brief us_china_2018_19 --elasticities U4 --json
[ "$(jq -r .elasticities "$LAST_OUT")" = U4 ] || fail "brief ignored --elasticities"
expect_exit 3 "$TRADEWAR" run us_china_2018_19 --elasticities NOPE
expect_stderr "unknown trade-elasticity set 'NOPE'"
# Every command that solves takes it.
for cmd in solve run optimal war escalate talks enforce brief; do
    "$TRADEWAR" $cmd --help | grep -q -- "--elasticities SET" || fail "$cmd --help lacks --elasticities"
done

# --- no negative zero in tables: the 2018-19 run once showed VNM at -0.000 ---
expect_exit 0 "$TRADEWAR" run us_china_2018_19 --by-sector
grep -En -- '-0\.0+( |%|$)' "$LAST_OUT" && fail "a table shows a negative zero"
expect_stdout "At 2020-02-14 (main):"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/two.csv" --by-sector --all
grep -En -- '-0\.0+( |%|$)' "$LAST_OUT" && fail "a solve table shows a negative zero"

# --- CSV columns are JSON fields, with the same values ---
# csv_vs_json CSV JQ-ROWS KEYS: every column of CSV beyond the KEYS (comma-separated) is a
# field of the objects JQ-ROWS yields, in order, and each value equals the JSON's (empty for
# null), compared as numbers to 1e-15 relative or as strings.
csv_vs_json() {
    local csv=$1 rows=$2 json=$3 skip=$4
    python3 - "$csv" "$rows" "$json" "$skip" <<'PY' || fail "$csv differs from the JSON"
import csv, json, math, subprocess, sys
path, rows, doc, skip = sys.argv[1:]
objs = json.loads(subprocess.run(["jq", "-c", "[" + rows + "]", doc], capture_output=True,
                                 text=True, check=True).stdout)
with open(path) as f:
    table = list(csv.DictReader(f))
cols = [c for c in table[0].keys() if c not in skip.split(",")]
if len(table) != len(objs):
    sys.exit(f"{len(table)} rows, {len(objs)} objects")
for r, o in zip(table, objs):
    for c in cols:
        if c not in o:
            sys.exit(f"column {c} is not a JSON field")
        v, j = r[c], o[c]
        if j is None:
            ok = v == ""
        elif isinstance(j, (int, float)) and not isinstance(j, bool):
            x = float(v)
            ok = x == j or abs(x - j) <= 1e-15 * max(abs(x), abs(j))
        else:
            ok = v == str(j)
        if not ok:
            sys.exit(f"column {c}: CSV {v!r}, JSON {j!r}")
PY
}
rm -rf "$TW_TMP/runcsv"
expect_exit 0 "$TRADEWAR" run us_china_2018_19 --elasticities U4 --csv "$TW_TMP/runcsv"
csv_vs_json "$TW_TMP/runcsv/countries.csv" '.steps[].countries[]' "$TW_TMP/u4.json" step,date,branch
csv_vs_json "$TW_TMP/runcsv/trade.csv" '.steps[].trade[]' "$TW_TMP/u4.json" step,date,branch
csv_vs_json "$TW_TMP/runcsv/sectors.csv" '.steps[].sectors[]' "$TW_TMP/u4.json" step,date,branch
csv_vs_json "$TW_TMP/runcsv/steps.csv" '.steps[] | . + {iterations: .solver.iterations, residual: .solver.residual}' \
    "$TW_TMP/u4.json" step,branch
rm -rf "$TW_TMP/solvecsv"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/two.csv" --csv "$TW_TMP/solvecsv"
csv_vs_json "$TW_TMP/solvecsv/countries.csv" '.countries[]' "$TW_TMP/two.json" ""
csv_vs_json "$TW_TMP/solvecsv/trade.csv" '.trade[]' "$TW_TMP/two.json" ""
csv_vs_json "$TW_TMP/solvecsv/output.csv" '.output[]' "$TW_TMP/two.json" ""

# --- item 14: a one-player war is refused, as talks refuse one player ---
expect_exit 2 "$TRADEWAR" war --world "$TINY" --players HOME
expect_stderr_exact "tradewar war: a war needs at least two players (one country's best tariffs against today's are 'tradewar optimal --country HOME')
Try 'tradewar war --help'."
# A world file that is a directory says so (it once said "missing file"); exit 4.
rm -rf "$TW_TMP/dirworld"
cp -r "$TINY" "$TW_TMP/dirworld"
rm "$TW_TMP/dirworld/flows.csv"
mkdir "$TW_TMP/dirworld/flows.csv"
expect_exit 4 "$TRADEWAR" world show --world "$TW_TMP/dirworld"
expect_stderr_exact "$TW_TMP/dirworld/flows.csv: error: flows.csv is a directory, not a file (docs/data-format.md)"
# An optional file that is a directory is an error too, not taken as absent.
rm -rf "$TW_TMP/dirworld"
cp -r "$TINY" "$TW_TMP/dirworld"
mkdir "$TW_TMP/dirworld/elasticities.csv"
expect_exit 4 "$TRADEWAR" world show --world "$TW_TMP/dirworld"
expect_stderr "elasticities.csv is a directory, not a file"
# Every help that offers --world lists every shipped world (data/*/countries.csv).
for cmd in solve optimal war escalate talks enforce; do
    "$TRADEWAR" $cmd --help > "$TW_TMP/help.txt"
    for dir in "$TW_SOURCE_DIR"/data/*/; do
        name=$(basename "$dir")
        [ -f "$dir/countries.csv" ] || continue
        grep -q -- "--world NAME|DIR     shipped world (.*\b$name\b" "$TW_TMP/help.txt" ||
            fail "$cmd --help does not list the world $name"
    done
done

finish
