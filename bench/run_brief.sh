#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark: `tradewar brief` on the 2025 US-China timeline (scenarios/us_china_2025.yaml, every
# step of every branch) on the default world, timed as a whole process (loading the world and
# its households, solving the baseline and every step, the brief's averages and shares, printing
# the table), beside `tradewar run` of the same timeline in the same session, so that the cost
# of the brief itself is the difference of the medians. Runs alternate between the two. CPU
# time is reported beside wall time: on a shared machine it is the steadier of the two.
#
# Usage: bench/run_brief.sh [BUILD_DIR] [RUNS]   (defaults: build, 15)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
runs=${2:-15}
prog="$build/tradewar"
[ -x "$prog" ] || { echo "run_brief.sh: no program at $prog (build first)" >&2; exit 1; }
scenario="$here/scenarios/us_china_2025.yaml"
"$prog" brief "$scenario" >/dev/null # fails loudly if the scenario does not solve
brief=()
run=()
brief_cpu=()
run_cpu=()
TIMEFORMAT='%R %U %S'
for _ in $(seq "$runs"); do
    for cmd in brief run; do
        t=$( { time "$prog" "$cmd" "$scenario" >/dev/null 2>/dev/null; } 2>&1 ) # warnings aside
        wall=${t%% *}
        cpu=$(echo "$t" | awk '{print $2 + $3}')
        if [ "$cmd" = brief ]; then brief+=("$wall"); brief_cpu+=("$cpu")
        else run+=("$wall"); run_cpu+=("$cpu"); fi
    done
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }
echo "us_china_2025, whole process, medians over $runs runs each:"
echo "  brief: wall $(median "${brief[@]}") s, CPU (user+sys) $(median "${brief_cpu[@]}") s"
echo "  run:   wall $(median "${run[@]}") s, CPU (user+sys) $(median "${run_cpu[@]}") s"
