#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The solver from the command line: progress of long solves on a terminal only, the memory
# limit (TRADEWAR_MEMORY_LIMIT), and the solve table when a shock touches every country.
. "$(dirname "$0")/lib.sh"
TINY=$TW_SOURCE_DIR/tests/data/tiny

# A wildcard shock touches every country: the table lists all their pairs (it once wrote past
# the end of its list).
printf 'importer,exporter,sector,tariff\nHOME,*,*,-0.5\n' >"$TW_TMP/all.csv"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/all.csv"
expect_stdout "HOME     FOR"
expect_stdout "ROW      HOME"

# The memory limit: the estimate is refused before anything is allocated (exit 70).
LAST_CMD="TRADEWAR_MEMORY_LIMIT=1K solve"
TRADEWAR_MEMORY_LIMIT=1K "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/all.csv" \
    >"$LAST_OUT" 2>"$LAST_ERR"
got=$?
[ "$got" = 70 ] || fail "exit code $got, expected 70"
expect_stderr "tradewar: error: the model and a solver of this world (3 countries x 3 sectors) need an estimated "
expect_stderr "more than the TRADEWAR_MEMORY_LIMIT of 1.0 KiB: nothing was allocated"
LAST_CMD="TRADEWAR_MEMORY_LIMIT=1G solve"
TRADEWAR_MEMORY_LIMIT=1G "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/all.csv" \
    >"$LAST_OUT" 2>"$LAST_ERR" || fail "a 1 GiB limit should be enough for the tiny world"

# A sparse ring of 400 countries: one 50% tariff takes the solver a few seconds.
RING=$TW_TMP/ring
mkdir -p "$RING"
awk 'BEGIN {
    n = 400
    print "code,name" > "'"$RING"'/countries.csv"
    print "exporter,importer,sector,value" > "'"$RING"'/flows.csv"
    for (a = 0; a < n; a++) {
        s = 1 + 0.5 * (a % 7)
        printf "C%d,Country %d\n", a, a > "'"$RING"'/countries.csv"
        printf "C%d,C%d,G,%g\nC%d,C%d,G,%g\nC%d,C%d,G,%g\n", a, a, 20 * s, a, (a + 1) % n,
            2 * s, a, (a + n - 1) % n, 1.5 * s > "'"$RING"'/flows.csv"
    }
}'
printf 'code,name,theta,goods\nG,Goods,5,1\n' >"$RING/sectors.csv"
printf 'importer,exporter,sector,rate\n' >"$RING/tariffs.csv"
printf 'importer,exporter,sector,tariff\nC0,C1,G,0.5\n' >"$TW_TMP/ring.csv"

# Standard error not a terminal: no progress line, only the results.
expect_exit 0 "$TRADEWAR" solve --world "$RING" --shock "$TW_TMP/ring.csv"
[ -s "$LAST_ERR" ] && fail "progress must not be written when standard error is not a terminal"
expect_stdout "Solved in"

# On a terminal (script(1) gives the program one), progress appears and is erased at the end.
if command -v script >/dev/null 2>&1; then
    LAST_CMD="solve on a terminal"
    TRADEWAR_PROGRESS_DELAY=0 script -qec "'$TRADEWAR' solve --world '$RING' --shock '$TW_TMP/ring.csv' >/dev/null" \
        /dev/null >"$LAST_ERR" 2>&1 </dev/null
    grep -q "solving: iteration [0-9]*, residual " "$LAST_ERR" ||
        fail "no progress line on a terminal"
    grep -q $'\r\033\\[K' "$LAST_ERR" || fail "the progress line was not erased"
fi

finish
