#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The technology export controls (scenarios/tech_controls_2025.yaml on data/icio2022tech):
# `run --list` shows the scenarios; the swap scenario runs from the source tree; and the London
# framework swap equals its parts solved jointly: the step after the swap (main branch) and the
# `swap collapses` branch agree with scenarios/tech_swap_joint.yaml, which puts the same
# policies in force in one step from the baseline, for every country's real income to 1e-7
# percentage points (both solves converge to a residual of 1e-10 of the world's value added,
# which moves real income by far less; the two start from different points).
. "$(dirname "$0")/lib.sh"
cd "$TW_SOURCE_DIR"

expect_exit 0 "$TRADEWAR" run --list
expect_stdout "tech_controls_2025"
expect_stdout "tech_swap_joint"

expect_exit 0 "$TRADEWAR" run tech_controls_2025 --csv "$TW_TMP/path"
expect_stdout "swap holds"
expect_stdout "swap collapses"
expect_exit 0 "$TRADEWAR" run tech_swap_joint --csv "$TW_TMP/joint"

# compare DATE BRANCH JOINT_STEP: real income of every country at that step of the path
# against the joint solve's step.
compare() {
    local bad
    bad=$(awk -F, -v date="$1" -v branch="\"$2\"" -v js="$3" '
        FNR == 1 { file++; next }
        file == 1 && $2 == date && $3 == branch { a[$4] = $5; na++ }
        file == 2 && $1 == js { b[$4] = $5; nb++ }
        END {
            if (na == 0 || na != nb) { print "rows: path " na ", joint " nb; exit }
            for (c in a) { d = a[c] - b[c]; if (d < 0) d = -d
                           if (d > 1e-7 || !(c in b)) print c, a[c], b[c] }
        }' "$TW_TMP/path/countries.csv" "$TW_TMP/joint/countries.csv")
    if [ -n "$bad" ]; then
        LAST_CMD="compare $*"
        fail "the path and the joint solve differ: $bad"
    fi
}
compare 2025-07-03 main 0
compare 2025-05-29 main 1
compare 2025-10-01 "swap collapses" 1
compare 2025-10-01 "swap holds" 0
exit "$FAILURES"
