#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark of parameter draws (docs/uncertainty.md, docs/scale.md): the band of the NAFTA
# experiment (cp1993, zero deficits) and of the 2025 US-China timeline, each serially
# (--threads 1) and on 2 threads, as whole processes; prints the median of RUNS runs of each
# and the parallel efficiency T1 / (2 T2).
#
# Usage: bench/run_draws.sh [BUILD_DIR] [RUNS] [NAFTA_DRAWS] [TIMELINE_DRAWS]
#        (defaults: build, 3, 1000, 1000)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
runs=${2:-3}
nd=${3:-1000}
td=${4:-1000}
prog="$build/tradewar"
[ -x "$prog" ] || { echo "run_draws.sh: no program at $prog (build first)" >&2; exit 1; }
median() { sort -g | awk '{a[NR]=$1} END {print NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# time_cmd: the median wall time of runs of the command, in seconds.
time_cmd() {
    for _ in $(seq "$runs"); do
        t0=$(date +%s.%N)
        "$@" >/dev/null
        t1=$(date +%s.%N)
        echo "$t1 - $t0" | bc -l | tee -a /dev/stderr
    done | median
}
nafta=(solve --world "$here/data/cp1993" --shock "$here/data/cp1993/nafta_2005.csv" --deficits zero)
timeline=(run "$here/scenarios/us_china_2025.yaml")
report() {
    local name=$1 n=$2 t1=$3 t2=$4
    local fmt='%s, %d draws: median %.2f s on 1 thread, %.2f s on 2 threads (%.1f ms per draw'
    fmt="$fmt serially); speed-up %.2f, parallel efficiency %.2f (medians of %d runs)\n"
    printf "$fmt" "$name" "$n" "$t1" "$t2" "$(echo "1000 * $t1 / $n" | bc -l)" "$(echo "$t1 / $t2" | bc -l)" \
        "$(echo "$t1 / (2 * $t2)" | bc -l)" "$runs"
}
t1=$(time_cmd "$prog" "${nafta[@]}" --draws "$nd" --threads 1)
t2=$(time_cmd "$prog" "${nafta[@]}" --draws "$nd" --threads 2)
report "NAFTA band (cp1993)" "$nd" "$t1" "$t2"
t1=$(time_cmd "$prog" "${timeline[@]}" --draws "$td" --threads 1)
t2=$(time_cmd "$prog" "${timeline[@]}" --draws "$td" --threads 2)
report "us_china_2025 timeline band (icio2022)" "$td" "$t1" "$t2"
