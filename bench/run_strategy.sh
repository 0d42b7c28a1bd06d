#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Strategy benchmarks on the default world (medians of in-process runs, fixed inputs: today's
# tariffs of data/icio2022). Usage, from the source tree after a Release build in build/:
#   bench/run_strategy.sh [BUILD_DIR] [REPEATS] [THREADS]   (THREADS: 0 = all cores, default)
set -euo pipefail
build=${1:-build}
reps=${2:-5}
threads=${3:-0}
"$build/bench/bench_strategy" data/icio2022 "$reps" all "$threads"
