#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Before/after benchmark of the strategy cases (bench_strategy) for two Release builds, in the
# same run: the runs alternate between the builds (before, after, before, ...) so that the load
# of a shared machine falls on both, and each line gives the medians of wall and user CPU time
# (user CPU: both threads' work, the figure to compare on a loaded machine). Each run is a
# fresh process (world load and baseline excluded from the times: bench_strategy times only
# the game). The first run's result line of each build is printed, to check they agree.
#
# Usage, from the source tree:
#   bench/compare_strategy.sh BEFORE_BUILD AFTER_BUILD [RUNS] [CASES] [THREADS]
#   CASES: comma-separated of optimal, war2, war2-among, war-all (default optimal,war2)
set -euo pipefail
before=${1:?usage: compare_strategy.sh BEFORE_BUILD AFTER_BUILD [RUNS] [CASES] [THREADS]}
after=${2:?usage: compare_strategy.sh BEFORE_BUILD AFTER_BUILD [RUNS] [CASES] [THREADS]}
runs=${3:-5}
cases=${4:-optimal,war2}
threads=${5:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "## $(date -u +%Y-%m-%dT%H:%MZ) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench_strategy data/icio2022 1 CASE $threads, $runs runs per build, alternating; TRADEWAR_CACHE=off"
for c in ${cases//,/ }; do
    for ((r = 0; r < runs; r++)); do
        for b in before after; do
            dir=${!b}
            TRADEWAR_CACHE=off "$dir/bench/bench_strategy" data/icio2022 1 "$c" "$threads" \
                >"$out/$c.$b.$r" 2>&1
        done
    done
    for b in before after; do
        sed -n '3p' "$out/$c.$b.0" | sed "s/^ */  $b: /"
        # "median W s wall, U s user CPU over 1 runs": the W and U of every run
        cat "$out/$c.$b."* | sed -n 's/.*median \([0-9.]*\) s wall, \([0-9.]*\) s user CPU.*/\1 \2/p' \
            >"$out/times.$c.$b"
        w=$(cut -d' ' -f1 "$out/times.$c.$b" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
        read -r n umed umin umax < <(cut -d' ' -f2 "$out/times.$c.$b" | sort -n |
            awk '{v[NR]=$1} END {print NR, v[int((NR+1)/2)], v[1], v[NR]}')
        printf "  %-10s %-6s median %s s wall, %s s user CPU (%s runs; user min %s, max %s)\n" \
            "$c" "$b" "$w" "$umed" "$n" "$umin" "$umax"
    done
done
