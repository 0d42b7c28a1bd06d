#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `tradewar solve` tables and JSON on the tiny world for shocks that touch one, two or every
# country. A shock touching every country of a small world once made the trade table write
# past its array of pairs (caught by AddressSanitizer) and list every pair twice; the
# randomized part draws seeded random shocks and checks that every run succeeds, that no pair
# is listed twice and that the JSON is valid.
. "$(dirname "$0")/lib.sh"
TINY=$TW_SOURCE_DIR/tests/data/tiny

# trade_rows: the exporter/importer columns of the trade table of the last command.
trade_rows() {
    awk '/^exporter importer/ {on=1; next} on && /^[A-Z]/ {print $1, $2}' "$LAST_OUT"
}

# Every country touched: the table lists the six pairs among them once, no third countries.
printf 'importer,exporter,sector,tariff\nHOME,*,goods,0.5\nFOR,HOME,goods,0.5\n' > "$TW_TMP/all.csv"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/all.csv"
rows=$(trade_rows)
[ "$(printf '%s\n' "$rows" | wc -l)" = 6 ] || fail "expected 6 trade rows, got: $rows"
[ "$(printf '%s\n' "$rows" | sort -u | wc -l)" = 6 ] || fail "a pair is listed twice: $rows"
grep -q "largest changes with third countries" "$LAST_OUT" && fail "no third countries exist"

# Two countries touched: their two pairs, then the four pairs with the third country.
printf 'importer,exporter,sector,tariff\nHOME,FOR,goods,0.5\nFOR,HOME,goods,0.5\n' > "$TW_TMP/two.csv"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/two.csv"
expect_stdout "  largest changes with third countries:"
[ "$(trade_rows | wc -l)" = 6 ] || fail "expected 6 trade rows"

# Seeded random shocks: 1 to 4 rows of random importers, exporters, sectors and instruments.
RANDOM=20261201
codes=(HOME FOR ROW '*')
sectors=(AGR MAN SRV goods services '*')
for trial in $(seq 1 40); do
    f="$TW_TMP/random$trial.csv"
    printf 'importer,exporter,sector,tariff,tariff_add,iceberg_hat\n' > "$f"
    declare -A seen=()
    for row in $(seq 1 $((RANDOM % 4 + 1))); do
        imp=${codes[RANDOM % 4]}
        exp=${codes[RANDOM % 4]}
        sec=${sectors[RANDOM % 6]}
        [ "$imp" = "$exp" ] && [ "$imp" != '*' ] && continue
        key="$imp,$exp,$sec"
        [ -n "${seen[$key]:-}" ] && continue
        seen[$key]=1
        case $((RANDOM % 3)) in
        0) printf '%s,%s,%s,0.%02d,,\n' "$imp" "$exp" "$sec" $((RANDOM % 90)) >> "$f" ;;
        1) printf '%s,%s,%s,,0.%02d,\n' "$imp" "$exp" "$sec" $((RANDOM % 90)) >> "$f" ;;
        2) printf '%s,%s,%s,,,1.%d\n' "$imp" "$exp" "$sec" $((RANDOM % 9)) >> "$f" ;;
        esac
    done
    unset seen
    [ "$(wc -l < "$f")" -gt 1 ] || printf 'HOME,FOR,goods,0.3,,\n' >> "$f"
    expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$f"
    rows=$(trade_rows)
    [ "$(printf '%s\n' "$rows" | sort | uniq -d | wc -l)" = 0 ] ||
        fail "trial $trial: a pair is listed twice ($(tr '\n' ' ' < "$f"))"
    expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$f" --all
    expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$f" --json
    jq -e '.countries | length == 3' "$LAST_OUT" >/dev/null || fail "trial $trial: JSON"
done
# Worlds of 4 to 14 countries (made up here: two goods, one service, every flow positive), a
# shock touching every country and one touching two: every pair at most once.
make_world() { # DIR N SEED
    mkdir -p "$1"
    awk -v n="$2" -v seed="$3" -v dir="$1" 'BEGIN {
        srand(seed)
        print "code,name" > (dir "/countries.csv")
        for (i = 1; i <= n; i++) print "C" i ",Country " i > (dir "/countries.csv")
        print "code,name,theta,goods\nG1,Goods one,6,1\nG2,Goods two,4,1\nS,Services,5,0" > (dir "/sectors.csv")
        print "exporter,importer,sector,value" > (dir "/flows.csv")
        split("G1 G2 S", sec, " ")
        for (i = 1; i <= n; i++)
            for (d = 1; d <= n; d++)
                for (s = 1; s <= 3; s++)
                    printf "C%d,C%d,%s,%.3f\n", i, d, sec[s], (i == d ? 200 : 5) * (0.5 + rand()) > (dir "/flows.csv")
    }'
}
for n in 4 5 6 7 10 14; do
    W="$TW_TMP/world$n"
    make_world "$W" "$n" "$n"
    printf 'importer,exporter,sector,tariff\nC1,*,goods,0.4\nC2,C1,goods,0.3\n' > "$TW_TMP/every$n.csv"
    printf 'importer,exporter,sector,tariff\nC1,C2,goods,0.4\nC2,C1,goods,0.3\n' > "$TW_TMP/pair$n.csv"
    for shock in every pair; do
        for flag in "" --all; do
            expect_exit 0 "$TRADEWAR" solve --world "$W" --shock "$TW_TMP/$shock$n.csv" $flag
            rows=$(trade_rows)
            [ -n "$rows" ] || fail "$n countries, $shock: no trade rows"
            [ "$(printf '%s\n' "$rows" | sort | uniq -d | wc -l)" = 0 ] ||
                fail "$n countries, $shock $flag: a pair is listed twice"
        done
    done
    # Every country touched in a world of at most 6: exactly the N(N-1) pairs among them.
    if [ "$n" -le 6 ]; then
        expect_exit 0 "$TRADEWAR" solve --world "$W" --shock "$TW_TMP/every$n.csv"
        [ "$(trade_rows | wc -l)" = $((n * (n - 1))) ] || fail "$n countries: expected $((n * (n - 1))) rows"
    fi
done
finish
