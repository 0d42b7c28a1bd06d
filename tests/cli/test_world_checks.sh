#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The solved baseline against the data (include/tradewar/checks.h, issue 17): the balanced
# shipped worlds are equilibria of the model (nothing clamped, value added, absorption and every
# flow of the solved baseline equal to the data within 1e-6), checked through `world show`'s
# JSON and, independently of the library's checks, against flows.csv summed by pair from the
# baseline column of `solve --json`; a world with a clamped residual is reported as not being
# its data, with the largest flow gaps listed under a "solved baseline" heading.
. "$(dirname "$0")/lib.sh"
TOL=1e-6

for world in icio2022 icio2022re; do
    expect_exit 0 "$TRADEWAR" world show --world "$world" --json
    jq -e --argjson tol "$TOL" '.checks | .final_demand_clamped == 0
        and .baseline_value_added_gap < $tol and .baseline_absorption_gap < $tol
        and .baseline_flow_gap < $tol and .baseline_flows_over_tolerance == 0
        and .baseline_reproduces_data and .baseline_tolerance == $tol
        and (.baseline_largest_flow_gaps | length) == 10' "$LAST_OUT" >/dev/null ||
        fail "$world: world show --json checks: $(jq -c .checks "$LAST_OUT")"
    expect_exit 0 "$TRADEWAR" world show --world "$world"
    expect_stdout "0 final-demand residuals negative, set to zero"
    expect_stdout "The solved baseline reproduces the data (every gap within 1e-06)."
done
expect_exit 0 "$TRADEWAR" world show --world icio2022 --json
jq -e '.checks.flows == 166365' "$LAST_OUT" >/dev/null ||
    fail "icio2022: the checks do not cover the 166,365 flows of flows.csv"

# Independently: the baseline bilateral flows of a solve (all sectors) against flows.csv.
ZERO=$TW_TMP/zero.csv
mkdir -p "$TW_TMP"
printf 'importer,exporter,sector,tariff,tariff_add\nUSA,CHN,goods,,0\n' >"$ZERO"
expect_exit 0 "$TRADEWAR" solve --shock "$ZERO" --json
jq -r '.trade[] | "\(.exporter)-\(.importer),\(.baseline)"' "$LAST_OUT" | sort >"$TW_TMP/base.txt"
awk -F, 'NR > 1 && $1 != $2 { s[$1 "-" $2] += $4 } END { for (k in s) printf "%s,%.17g\n", k, s[k] }' \
    "$TW_SOURCE_DIR/data/icio2022/flows.csv" | sort >"$TW_TMP/data.txt"
worst=$(join -t, "$TW_TMP/base.txt" "$TW_TMP/data.txt" |
    awk -F, '{ g = $2 - $3; if (g < 0) g = -g; if (g / $3 > m) m = g / $3; n++ } END { printf "%d %.3g", n, m }')
[ "${worst%% *}" = 6480 ] || fail "solve --json: expected 6480 bilateral pairs, joined ${worst%% *}"
awk -v m="${worst#* }" -v t="$TOL" 'BEGIN { exit !(m < t) }' ||
    fail "icio2022: a baseline bilateral flow differs from flows.csv by ${worst#* } (relative)"

# A world whose input-output shares ask for more agriculture than Home absorbs: one residual
# clamped, so the solved baseline is not the data, and world show says where.
CLAMP=$TW_TMP/clamp
mkdir -p "$CLAMP"
cp "$TW_SOURCE_DIR"/tests/data/tiny/{countries,sectors,flows,tariffs}.csv "$CLAMP"/
printf 'country,input_sector,using_sector,share\nHOME,AGR,MAN,0.5\n' >"$CLAMP/io.csv"
expect_exit 0 "$TRADEWAR" world show --world "$CLAMP"
expect_stdout "1 final-demand residual negative, set to zero"
expect_stdout "one flow by at most 5.9% (HOME->HOME AGR)"
expect_stdout "The solved baseline is NOT the data: 24 of 24 flows differ by more than 1e-06"
expect_stdout "exporter importer           data  solved baseline     difference     diff%"
expect_stdout "FOR      HOME                 53          53.1342      +0.134209     +0.25"
expect_exit 0 "$TRADEWAR" world show --world "$CLAMP" --json
jq -e '.checks | .final_demand_clamped == 1 and (.baseline_reproduces_data | not)
    and .baseline_flow_gap > 0.05 and .baseline_flow_gap_sector == "AGR"
    and (.baseline_largest_flow_gaps | length) == 6
    and .baseline_largest_flow_gaps[0].exporter == "FOR"
    and .baseline_largest_flow_gaps[0].importer == "HOME"
    and .baseline_largest_flow_gaps[0].data == 53' "$LAST_OUT" >/dev/null ||
    fail "clamped world: checks $(jq -c .checks "$LAST_OUT")"
# The unchanged tiny world is its own equilibrium.
expect_exit 0 "$TRADEWAR" world show --world "$TW_SOURCE_DIR/tests/data/tiny"
expect_stdout "The solved baseline reproduces the data"
finish
