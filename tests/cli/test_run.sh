#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `tradewar run`: help, listing, errors with exact messages and exit codes, the examples of
# docs/scenario-format.md, JSON shape, CSV files, and SVG charts that rsvg-convert renders.
source "$TW_SOURCE_DIR/tests/cli/lib.sh"
TINY="$TW_SOURCE_DIR/tests/data/tiny"

expect_exit 0 "$TRADEWAR" run --help
expect_stdout "Usage: tradewar run SCENARIO.yaml|NAME"
expect_exit 2 "$TRADEWAR" run
expect_stderr "tradewar run: expected a scenario file or name"
expect_exit 2 "$TRADEWAR" run --frobnicate x.yaml
expect_stderr_exact "tradewar run: unknown option '--frobnicate'
Try 'tradewar run --help'."
expect_exit 0 "$TRADEWAR" --help
expect_stdout "  run          evaluate a scenario's dated timeline, with branches and charts"

# Listing: every shipped scenario, by name, with its title.
expect_exit 0 "$TRADEWAR" run --list
for name in us_china_2025 us_china_2018_19 student_visas_2025 rare_earths_2025; do
    expect_stdout "$name "
done
expect_exit 4 "$TRADEWAR" run no_such_scenario
expect_stderr_exact "tradewar: error: no scenario named 'no_such_scenario' (see 'tradewar run --list', or give a path to a YAML file)"

# A misspelt country: file:line:column, field, suggestion; exit 3, nothing on stdout.
cat > "$TW_TMP/bad.yaml" <<'YAML'
title: bad
world: icio2022
baseline: 2025-01-01
events:
  - date: 2025-02-01
    label: x
    tariffs:
      - {importers: USA, exporters: CHNA, add: 10%}
YAML
expect_exit 3 "$TRADEWAR" run "$TW_TMP/bad.yaml"
expect_stderr_exact "$TW_TMP/bad.yaml:8:37: error: events[0].tariffs[0].exporters: unknown country code 'CHNA' (did you mean 'CHN'?)"
[ -s "$LAST_OUT" ] && fail "stdout not empty on error"
expect_exit 4 "$TRADEWAR" run "$TW_TMP/missing.yaml"
expect_stderr_exact "$TW_TMP/missing.yaml: error: cannot open the scenario file"

# A small scenario on the tiny world, with every output.
cat > "$TW_TMP/tiny.yaml" <<'YAML'
title: tiny war
world: tiny
baseline: 2025-01-01
players: [HOME, FOR]
watch: [ROW]
events:
  - date: 2025-02-01
    label: war
    tariffs: [{importers: HOME, exporters: FOR, add: 50%}, {importers: FOR, exporters: HOME, add: 40%}]
    export_controls: [{importers: HOME, exporters: FOR, sectors: MAN, cap: 70%}]
  - date: 2025-03-01
    label: truce
    tariffs: [{importers: HOME, exporters: FOR, add: -50%}]
    truce: {days: 30, expiry: {back: snap_back, longer: {extend: 60}}}
YAML
expect_exit 0 "$TRADEWAR" run "$TW_TMP/tiny.yaml" --world "$TINY" --json --csv "$TW_TMP/csv" --svg "$TW_TMP/svg"
if command -v jq >/dev/null; then
    jq -e '.steps | length == 5' "$LAST_OUT" >/dev/null || fail "JSON: expected 5 steps"
    jq -e '[.steps[].solver.converged] | all' "$LAST_OUT" >/dev/null || fail "JSON: unconverged step"
    jq -e '.steps[0] | (.date == "2025-02-01") and (.branch == "main") and (.label == "war")' \
        "$LAST_OUT" >/dev/null || fail "JSON: first step"
    jq -e '.steps[0].countries[0] | has("code") and has("real_income_pct")' "$LAST_OUT" \
        >/dev/null || fail "JSON: countries"
    jq -e '.steps[0].trade[0] | has("exporter") and has("importer") and has("change_pct") and has("goods_change_pct")' \
        "$LAST_OUT" >/dev/null || fail "JSON: trade"
    jq -e '.branches == ["main", "back", "longer"]' "$LAST_OUT" >/dev/null || fail "JSON: branches"
    jq -e '[.steps[] | select(.branch == "back")][0].countries[0].real_income_pct == .steps[0].countries[0].real_income_pct or
           ([.steps[] | select(.branch == "back")][0].countries[0].real_income_pct - .steps[0].countries[0].real_income_pct | fabs) < 1e-8' \
        "$LAST_OUT" >/dev/null || fail "JSON: snap back equals the pre-truce step"
fi
for f in steps countries trade sectors; do
    [ -s "$TW_TMP/csv/$f.csv" ] || fail "missing $f.csv"
done
head -1 "$TW_TMP/csv/steps.csv" | grep -qx "step,date,branch,label,after,iterations,residual,world_real_income_pct" ||
    fail "steps.csv header"
[ "$(wc -l < "$TW_TMP/csv/steps.csv")" = 6 ] || fail "steps.csv rows"

# Every chart is valid SVG that a renderer accepts, with a title, axis labels and a legend.
for f in timeline countries sectors-back sectors-longer; do
    svg="$TW_TMP/svg/$f.svg"
    [ -s "$svg" ] || { fail "missing $f.svg"; continue; }
    rsvg-convert "$svg" -o "$TW_TMP/svg/$f.png" 2>"$TW_TMP/rsvg.err" || fail "rsvg-convert rejects $f.svg: $(cat "$TW_TMP/rsvg.err")"
    [ -s "$TW_TMP/svg/$f.png" ] || fail "no PNG from $f.svg"
    grep -q "tiny war\|Real income\|Gross output" "$svg" || fail "$f.svg has no title"
done
grep -q "average tariff on goods, %" "$TW_TMP/svg/timeline.svg" || fail "timeline: tariff axis label"
grep -q "real income change, %" "$TW_TMP/svg/timeline.svg" || fail "timeline: income axis label"
grep -q ">longer<" "$TW_TMP/svg/timeline.svg" || fail "timeline: branch column title"
grep -q "2025-01-01" "$TW_TMP/svg/timeline.svg" || fail "timeline: baseline date"
grep -q "change in gross output against the baseline, %" "$TW_TMP/svg/sectors-back.svg" || fail "sectors: axis"

# A solver that cannot meet its tolerance: exit 5, the residual, nothing on stdout.
expect_exit 5 "$TRADEWAR" run "$TW_TMP/tiny.yaml" --world "$TINY" --tolerance 1e-14 --max-iterations 2
expect_stderr "residual"
expect_stderr "step 2025-02-01 (war, branch main)"
[ -s "$LAST_OUT" ] && fail "stdout not empty without convergence"

# The examples of docs/scenario-format.md run on the default world.
n=0
awk -v dir="$TW_TMP" '/^```yaml$/ {k++; f=dir "/doc" k ".yaml"; on=1; next} /^```$/ {on=0} on {print > f}' \
    "$TW_SOURCE_DIR/docs/scenario-format.md"
for ex in "$TW_TMP"/doc*.yaml; do
    n=$((n + 1))
    # Not under ThreadSanitizer (TW_TEST_THREADS_ONLY=1, tests/cli/lib.sh): the examples
    # without games run on one thread, and the games' threads (8 minutes there on the default
    # world) are those of unit_test_scenario_games's games on the tiny world, the same code.
    threads_only && continue
    expect_exit 0 "$TRADEWAR" run "$ex"
done
[ "$n" -ge 3 ] || fail "expected at least 3 examples in docs/scenario-format.md, found $n"

# A world directory written relative to the scenario is found from the scenario's directory,
# whatever the current directory (a bare name like icio2022 stays a shipped world's name).
mkdir -p "$TW_TMP/rel/scen"
cp -r "$TINY" "$TW_TMP/rel/tinyworld"
sed 's|^world: tiny$|world: ../tinyworld|' "$TW_TMP/tiny.yaml" > "$TW_TMP/rel/scen/rel.yaml"
(cd / && expect_exit 0 "$TRADEWAR" run "$TW_TMP/rel/scen/rel.yaml" && expect_stdout "world tinyworld" &&
    [ "$FAILURES" = 0 ]) || FAILURES=$((FAILURES + 1))
(cd "$TW_TMP/rel" && expect_exit 0 "$TRADEWAR" run scen/rel.yaml && [ "$FAILURES" = 0 ]) ||
    FAILURES=$((FAILURES + 1))

# A file with a second YAML document is refused where the second one starts.
printf 'title: two\nbaseline: 2025-01-01\nevents:\n  - {date: 2025-02-01, label: x, tariffs: [{importers: USA, exporters: CHN, add: 1%%}]}\n---\ntitle: more\n' > "$TW_TMP/two.yaml"
expect_exit 3 "$TRADEWAR" run "$TW_TMP/two.yaml"
expect_stderr_exact "$TW_TMP/two.yaml:5:1: error: a second YAML document starts here, but the file must hold one (remove this document or make it a file of its own)"

# A shipped scenario by name (one thread: not under TW_TEST_THREADS_ONLY).
if ! threads_only; then
    expect_exit 0 "$TRADEWAR" run rare_earths_2025
    expect_stdout "China licenses exports of 7 rare earths"
    # ... with hyphens for underscores (the spelling rule), the same run.
    cp "$LAST_OUT" "$TW_TMP/underscores.out"
    expect_exit 0 "$TRADEWAR" run rare-earths-2025
    cmp -s "$LAST_OUT" "$TW_TMP/underscores.out" || fail "rare-earths-2025 and rare_earths_2025 differ"
fi
finish
