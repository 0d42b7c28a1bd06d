#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark: China's rare-earth export bans (scenarios/re_ban_usa.csv, re_ban_all.csv) on
# icio2022re (81 x 29) for input elasticities 1, 0.5, 0.2, 0.1: whole process (world loaded,
# baseline and counterfactual solved, JSON written), and the scenario rare_earths_controls.yaml
# (licensing, ban to the US, ban to all) swept over the same elasticities in one process;
# medians with hyperfine. Usage, from the
# source tree after a Release build in build/:  bench/rare_earths.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
tw=$build/tradewar
command -v hyperfine >/dev/null || { echo "bench/rare_earths.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
args=()
for ban in usa all; do
  for s in 1 0.5 0.2 0.1; do
    args+=(-n "ban to $ban - elasticity $s"
           "$tw solve --world data/icio2022re --shock scenarios/re_ban_$ban.csv --critical-elasticity $s --json")
  done
done
args+=(-n "scenario rare_earths_controls - 3 steps x 4 elasticities"
       "$tw run scenarios/rare_earths_controls.yaml --critical-elasticities 1,0.5,0.2,0.1")
json=$(mktemp)
hyperfine -N --warmup 3 --runs 21 --export-json "$json" --style none "${args[@]}" >/dev/null
awk -F': ' '/"command"/ {gsub(/[",]/, "", $2); cmd = $2}
            /"median"/ {gsub(/,/, "", $2); printf "%-34s median %7.1f ms\n", cmd, 1000 * $2}' "$json"
rm -f "$json"
