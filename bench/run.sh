#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmarks with fixed inputs, reporting medians (hyperfine) and peak memory. Usage, from the
# source tree after a Release build in build/:  bench/run.sh [BUILD_DIR]
# To compare two builds in one run (and record the figures in bench/FIGURES.md), use
# bench/compare.sh BEFORE_BUILD AFTER_BUILD [RUNS] [--record].
set -euo pipefail
build=${1:-build}
tw=$build/tradewar
command -v hyperfine >/dev/null || { echo "bench/run.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }

nafta="$tw solve --world data/cp1993 --shock data/cp1993/nafta_2005.csv --deficits zero --json"
uschina="$tw solve --shock scenarios/us_china_april2025.csv --json"

echo "== whole process: world loaded, baseline and counterfactual solved, results written"
json=$(mktemp)
hyperfine -N --warmup 3 --runs 31 --export-json "$json" --style none \
  -n "NAFTA on cp1993 (31 x 40), zero deficits" "$nafta" \
  -n "US-China April 2025 on icio2022 (81 x 28)" "$uschina" >/dev/null
# Medians from hyperfine's JSON (no jq needed): one "command" then its "median".
awk -F': ' '/"command"/ {gsub(/[",]/, "", $2); cmd = $2}
            /"median"/ {gsub(/,/, "", $2); printf "%-48s median %7.1f ms\n", cmd, 1000 * $2}' "$json"
rm -f "$json"

echo "== peak resident memory"
for cmd in "$nafta" "$uschina"; do
  $build/bench/peak_rss $cmd 2>&1 >/dev/null | sed "s|^|$(echo "$cmd" | cut -c1-60)...: |"
done

echo "== in-process solves (median of 21)"
$build/bench/bench_solve data/cp1993 data/cp1993/nafta_2005.csv 21 zero
$build/bench/bench_solve data/icio2022 scenarios/us_china_april2025.csv 21 fixed
