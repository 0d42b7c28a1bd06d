#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark: the full 2025 US-China timeline (scenarios/us_china_2025.yaml: every step of every
# branch) on the default world, timed as a whole process (loading the world, solving the
# baseline, every step, printing the table). Prints hyperfine's median, mean and spread.
#
# Usage: bench/run_timeline.sh [BUILD_DIR] [RUNS]   (defaults: build, 20)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
runs=${2:-20}
prog="$build/tradewar"
[ -x "$prog" ] || { echo "run_timeline.sh: no program at $prog (build first)" >&2; exit 1; }
scenario="$here/scenarios/us_china_2025.yaml"
"$prog" run "$scenario" >/dev/null # fails loudly if the scenario does not solve
if command -v hyperfine >/dev/null; then
    out=$(mktemp)
    hyperfine --warmup 2 --runs "$runs" --export-json "$out" \
        "'$prog' run '$scenario'" >/dev/null
    python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"us_china_2025 timeline, whole process: median {r['median']:.3f} s, "
      f"mean {r['mean']:.3f} s +- {r['stddev']:.3f} s, min {r['min']:.3f} s, "
      f"max {r['max']:.3f} s over {len(r['times'])} runs")
PY
    rm -f "$out"
else
    # Without hyperfine: time each run with date and take the median.
    times=()
    for _ in $(seq "$runs"); do
        t0=$(date +%s.%N)
        "$prog" run "$scenario" >/dev/null
        t1=$(date +%s.%N)
        times+=("$(echo "$t1 - $t0" | bc -l)")
    done
    printf '%s\n' "${times[@]}" | sort -g |
        awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2;
             printf "us_china_2025 timeline, whole process: median %.3f s over %d runs\n", m, NR}'
fi
