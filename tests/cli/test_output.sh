#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Output: every command states which average tariff it shows (goods, weighted by baseline
# imports), and they agree — the US tariff on Chinese goods reads 19.7% before 2025 in solve,
# run and escalate alike, and an escalation's 10-point opening shows as 10 points. Writing to a
# full device (/dev/full) is a file error, exit 4 with a message, for tables and JSON alike.
. "$(dirname "$0")/lib.sh"
TINY=$TW_SOURCE_DIR/tests/data/tiny
APRIL=$TW_SOURCE_DIR/scenarios/us_china_april2025.csv

# One definition: the same baseline tariffs in every command, and the definition in the header.
expect_exit 0 "$TRADEWAR" solve --shock "$APRIL"
expect_stdout "the average tariff on goods, weighted by baseline imports, on imports from every other country."
expect_stdout "importer's tariff on goods, %"
expect_stdout "CHN      USA              532152        98785.4    -81.44    -96.57    19.7 ->  164.7"
expect_stdout "USA      CHN              222482        94726.9    -57.42    -95.22    24.2 ->  149.2"
expect_exit 0 "$TRADEWAR" solve --shock "$APRIL" --json
jq -e '[.trade[] | select(.exporter == "CHN" and .importer == "USA")][0].avg_tariff_goods_import_weighted_baseline_pct | . > 19.7 and . < 19.75' \
    "$LAST_OUT" >/dev/null || fail "solve JSON: USA's tariff on China before"
expect_exit 0 "$TRADEWAR" run us_china_2025
expect_stdout "Tariffs in force: average tariff on goods, weighted by baseline imports, %."
expect_stdout "2025-02-04  main                29.7%      24.2%"
expect_exit 0 "$TRADEWAR" escalate --players USA,CHN --rules tit-for-tat --opening 0.1,0 --rounds 1
expect_stdout "    0  today               19.73          24.22"
expect_stdout "    1  2025-01-01          29.73          24.22"
expect_stdout "(tariffs: average tariff on goods, weighted by baseline imports; incomes against the baseline)"
expect_exit 0 "$TRADEWAR" escalate --world "$TINY" --players HOME,FOR --rules tit-for-tat --opening 0.1,0 --rounds 1
expect_stdout "    0  today                1.28           3.00"
expect_stdout "    1  2025-01-01          11.28           3.00"

# Every document starts with its schema version.
printf 'importer,exporter,sector,tariff\nHOME,FOR,goods,0.5\n' > "$TW_TMP/one.csv"
for cmd in "world show --world $TINY --json" "solve --world $TINY --shock $TW_TMP/one.csv --json" \
           "optimal --world $TINY --country HOME --json" \
           "escalate --world $TINY --players HOME,FOR --rules hold --opening 0.1 --json"; do
    expect_exit 0 "$TRADEWAR" $cmd
    head -c 20 "$LAST_OUT" | grep -q '^{"schema_version":1,' || fail "no schema_version first: $cmd"
done

# A full device: exit 4 and a message, for every kind of output.
full() {
    LAST_CMD="$* > /dev/full"
    "$@" >/dev/full 2>"$LAST_ERR"
    local got=$?
    : >"$LAST_OUT"
    [ "$got" = 4 ] || fail "exit code $got writing to /dev/full, expected 4"
    grep -q "error: .*No space left on device" "$LAST_ERR" || fail "no message naming the write error"
}
cat > "$TW_TMP/tiny.yaml" <<'YAML'
title: tiny
world: tiny
baseline: 2025-01-01
players: [HOME, FOR]
events:
  - date: 2025-02-01
    label: war
    tariffs: [{importers: HOME, exporters: FOR, add: 50%}]
YAML
full "$TRADEWAR" world show --world "$TINY"
full "$TRADEWAR" world show --world "$TINY" --json
full "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/one.csv"
full "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/one.csv" --json
full "$TRADEWAR" run "$TW_TMP/tiny.yaml" --world "$TINY"
full "$TRADEWAR" run "$TW_TMP/tiny.yaml" --world "$TINY" --json
full "$TRADEWAR" run --list
full "$TRADEWAR" optimal --world "$TINY" --country HOME
full "$TRADEWAR" optimal --world "$TINY" --country HOME --json
full "$TRADEWAR" escalate --world "$TINY" --players HOME,FOR --rules hold --opening 0.1 --json
full "$TRADEWAR" --help
finish
