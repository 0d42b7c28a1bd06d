#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Latin hypercube against plain Monte Carlo at equal cost on the model itself: the NAFTA
# experiment (cp1993, zero deficits) with N draws, repeated for SEEDS seeds per design; prints
# the standard deviation across seeds of Mexico's and the world's estimated 50th and 95th
# percentiles of real income (smaller is better: the same precision needs fewer draws).
#
# Usage: bench/draws_design.sh [BUILD_DIR] [N] [SEEDS]   (defaults: build, 20, 10)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
n=${2:-20}
seeds=${3:-10}
prog="$build/tradewar"
[ -x "$prog" ] || { echo "draws_design.sh: no program at $prog (build first)" >&2; exit 1; }
for design in latin random; do
    for s in $(seq "$seeds"); do
        "$prog" solve --world "$here/data/cp1993" --shock "$here/data/cp1993/nafta_2005.csv" \
            --deficits zero --draws "$n" --seed "$s" --design "$design" --json |
            jq -r '.uncertainty | [(.countries[] | select(.code == "MEX") | .real_income_pct |
                   .p50, .p95), .world_real_income_pct.p50, .world_real_income_pct.p95] | @tsv'
    done | awk -v d="$design" -v n="$n" '
        {for (k = 1; k <= 4; k++) {s[k] += $k; q[k] += $k * $k}} 
        END {split("MEX p50,MEX p95,World p50,World p95", name, ",");
             printf "%-6s N=%d, %d seeds:", d, n, NR;
             for (k = 1; k <= 4; k++) printf "  sd(%s) %.2e", name[k], sqrt((q[k] - s[k] * s[k] / NR) / (NR - 1));
             printf "\n"}'
done
