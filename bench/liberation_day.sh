#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark: the five Liberation Day scenarios (scenarios/liberation_day_*.yaml, docs/model.md
# §2c) on data/liberation_day_2025 (194 countries), each timed as a whole process (loading the
# world, solving the baseline and the scenario, printing the table). Prints each scenario's
# median over RUNS runs. The authors' MATLAB code (fsolve, Levenberg-Marquardt) is not run here:
# MATLAB is not on this machine.
#
# Usage: bench/liberation_day.sh [BUILD_DIR] [RUNS]   (defaults: build, 21)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
runs=${2:-21}
prog="$build/tradewar"
[ -x "$prog" ] || { echo "liberation_day.sh: no program at $prog (build first)" >&2; exit 1; }
for case in case1 case2 case3 reciprocal optimal_retaliation; do
    scenario="$here/scenarios/liberation_day_$case.yaml"
    "$prog" run "$scenario" >/dev/null # fails loudly if the scenario does not solve
    times=()
    for _ in $(seq "$runs"); do
        t0=$(date +%s.%N)
        "$prog" run "$scenario" >/dev/null
        t1=$(date +%s.%N)
        times+=("$(echo "$t1 - $t0" | bc -l)")
    done
    printf '%s\n' "${times[@]}" | sort -g |
        awk -v c="$case" '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2;
             printf "liberation_day_%s, whole process: median %.3f s (min %.3f, max %.3f) over %d runs\n", c, m, a[1], a[NR], NR}'
done
