#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `tradewar run` at a horizon with specific factors (docs/cli.md, docs/json.md, docs/model.md
# §2b): every step's factor returns by sector equal those of `solve --horizon H --json` on the
# step's policy; factors.csv agrees with the JSON; the table has the players' section; with
# reference: first they are against the first step; the long run writes none of them.
. "$(dirname "$0")/lib.sh"
TINY=$TW_SOURCE_DIR/tests/data/tiny
TOL=1e-12
cat > "$TW_TMP/s.yaml" <<Y
title: Tiny tariffs
world: $TINY
baseline: 2025-01-01
players: [HOME, FOR]
events:
  - date: 2025-02-01
    label: HOME taxes AGR
    tariffs:
      - {importers: HOME, exporters: FOR, sectors: AGR, set: 50%}
  - date: 2025-03-01
    label: FOR answers
    tariffs:
      - {importers: FOR, exporters: HOME, sectors: MAN, set: 25%}
Y
# The policy in force at each step, as shock files for solve.
printf 'importer,exporter,sector,tariff\nHOME,FOR,AGR,0.5\n' > "$TW_TMP/k0.csv"
printf 'importer,exporter,sector,tariff\nHOME,FOR,AGR,0.5\nFOR,HOME,MAN,0.25\n' > "$TW_TMP/k1.csv"

# Largest difference between two "factors" lists (specific_return_pct and mobile_wage_pct, in
# percentage points; a null on one side only counts as 1e9).
maxdiff() { # FILE_A FILTER_A FILE_B FILTER_B
    jq -n --slurpfile a "$1" --slurpfile b "$3" "
      def d(x; y): if x == null and y == null then 0 elif x == null or y == null then 1e9
                   else ((x - y) | fabs) end;
      (\$a[0] | $2) as \$fa | (\$b[0] | $4) as \$fb
      | if (\$fa | length) != (\$fb | length) or (\$fa | length) == 0 then 1e9 else
        [range(\$fa | length) as \$n | d(\$fa[\$n].mobile_wage_pct; \$fb[\$n].mobile_wage_pct),
         (range(\$fa[\$n].sectors | length) as \$j
          | d(\$fa[\$n].sectors[\$j].specific_return_pct; \$fb[\$n].sectors[\$j].specific_return_pct))]
        | max end"
}
# Both solves stop at residual 1e-12 from different starting points (the timeline warm-starts
# from the step before): their factor returns agree to about the residual; 1e-8 points is four
# orders of magnitude of slack and far below the 0.01-point changes printed.
close_enough() { awk -v x="$1" 'BEGIN { exit !(x <= 1e-8) }'; }

for H in short 5; do
    expect_exit 0 "$TRADEWAR" run "$TW_TMP/s.yaml" --horizon "$H" --tolerance "$TOL" --json
    cp "$LAST_OUT" "$TW_TMP/run.json"
    for k in 0 1; do
        expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/k$k.csv" --horizon "$H" \
            --tolerance "$TOL" --json
        cp "$LAST_OUT" "$TW_TMP/solve$k.json"
        diff=$(maxdiff "$TW_TMP/run.json" ".steps[$k].factors" "$TW_TMP/solve$k.json" ".factors")
        close_enough "$diff" || fail "horizon $H step $k: factor returns differ from solve by $diff"
    done
    # the field names are the solve document's
    [ "$(jq -c '.steps[0].factors[0] | keys' "$TW_TMP/run.json")" = \
      "$(jq -c '.factors[0] | keys' "$TW_TMP/solve0.json")" ] || fail "horizon $H: factor fields"
    [ "$(jq -c '.steps[0].factors[0].sectors[0] | keys' "$TW_TMP/run.json")" = '["sector","specific_return_pct","specific_share"]' ] ||
        fail "horizon $H: sector fields"

    # factors.csv: the JSON's numbers, one row per step, country and sector
    rm -rf "$TW_TMP/csv"
    expect_exit 0 "$TRADEWAR" run "$TW_TMP/s.yaml" --horizon "$H" --tolerance "$TOL" --csv "$TW_TMP/csv"
    [ "$(head -1 "$TW_TMP/csv/factors.csv")" = "step,date,branch,country,sector,specific_share,specific_return_pct,mobile_wage_pct" ] ||
        fail "factors.csv header"
    [ "$(wc -l < "$TW_TMP/csv/factors.csv")" = "19" ] || fail "factors.csv: 2 steps x 3 x 3 rows"
    jq -r '.steps | to_entries[] | .key as $k | .value as $s | $s.factors[] | .country as $c
           | .mobile_wage_pct as $m | .sectors[]
           | [$k, $s.date, $s.branch, $c, .sector, .specific_share, .specific_return_pct, $m]
           | map(if . == null then "" else tostring end) | join(",")' "$TW_TMP/run.json" > "$TW_TMP/from_json.csv"
    tail -n +2 "$TW_TMP/csv/factors.csv" | tr -d '"' > "$TW_TMP/from_csv.csv"
    paste -d, "$TW_TMP/from_csv.csv" "$TW_TMP/from_json.csv" | awk -F, '
        { for (f = 1; f <= 8; f++) {
              a = $f; b = $(f + 8)
              if (f <= 5 ? a != b : (a == "") != (b == "") || (a != "" && (a - b > 1e-12 * (1 + (b < 0 ? -b : b)) || b - a > 1e-12 * (1 + (b < 0 ? -b : b))))) {
                  print "row " NR " field " f ": " a " vs " b; bad = 1 } } }
        END { exit bad }' || fail "horizon $H: factors.csv differs from the JSON"

    # the table: the players' rows at every step
    expect_exit 0 "$TRADEWAR" run "$TW_TMP/s.yaml" --horizon "$H"
    expect_stdout "Factor returns by sector, % change against the baseline: the players' mobile wage"
    grep -qE '^2025-03-01  main +FOR +(none|-?[0-9.]+)  [A-Z]+ [+-][0-9.]+ +[A-Z]+ [+-][0-9.]+$' "$LAST_OUT" ||
        fail "horizon $H: table row of FOR at the second step"
done
# In the short run (all value added tied to its sector) there is no mobile wage.
[ "$(jq -c "[.factors[].mobile_wage_pct | type] | unique" "$TW_TMP/solve1.json")" = "[\"number\"]" ] ||
    fail "medium run: a mobile wage in every country"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/s.yaml" --horizon short --json
[ "$(jq -c '[.steps[].factors[].mobile_wage_pct] | unique' "$LAST_OUT")" = "[null]" ] ||
    fail "short run: no mobile wage"

# reference: first: the returns are against the first step (zero there), as the results.
sed 's/^players:/reference: first\nplayers:/' "$TW_TMP/s.yaml" > "$TW_TMP/f.yaml"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/f.yaml" --horizon short --tolerance "$TOL" --json
cp "$LAST_OUT" "$TW_TMP/first.json"
z=$(jq '[.steps[0].factors[].sectors[].specific_return_pct | fabs] | max' "$TW_TMP/first.json")
close_enough "$z" || fail "reference first: step 0 returns are $z, not 0"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/s.yaml" --horizon short --tolerance "$TOL" --json
ratio=$(jq -n --slurpfile f "$TW_TMP/first.json" --slurpfile b "$LAST_OUT" '
    [range(3) as $n | range(3) as $j
     | ((1 + $b[0].steps[1].factors[$n].sectors[$j].specific_return_pct / 100)
        / (1 + $b[0].steps[0].factors[$n].sectors[$j].specific_return_pct / 100) - 1) * 100
       - $f[0].steps[1].factors[$n].sectors[$j].specific_return_pct | fabs] | max')
close_enough "$ratio" || fail "reference first: step 1 is not step 1 over step 0 ($ratio)"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/f.yaml" --horizon short
expect_stdout "Factor returns by sector, % change against the first step"

# The long run (no specific factors): no section, no "factors", no factors.csv.
rm -rf "$TW_TMP/csv"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/s.yaml" --csv "$TW_TMP/csv"
grep -q "Factor returns" "$LAST_OUT" && fail "the long run prints no factor returns"
[ -e "$TW_TMP/csv/factors.csv" ] && fail "the long run writes no factors.csv"
[ -e "$TW_TMP/csv/steps.csv" ] || fail "steps.csv"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/s.yaml" --horizon long --json
grep -q '"factors"' "$LAST_OUT" && fail "the long-run timeline document has no factors"
finish
