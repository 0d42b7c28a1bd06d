#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark: Ossa (2014) on ossa2014 (7 x 33, Krugman profits), whole process (world loaded,
# baseline solved, game solved and verified, JSON written): the Nash war of his Table 4a (every
# region, partner-by-industry tariffs) and the US optimal tariffs of Table 3a; medians with
# hyperfine. His MATLAB code takes hours for the war (readme_original_package.txt: about 4 days
# for all results). Usage, from the source tree after a Release build in build/:
#   bench/ossa2014.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
tw=$build/tradewar
command -v hyperfine >/dev/null || { echo "bench/ossa2014.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
json=$(mktemp)
hyperfine -N --warmup 1 --runs 5 --export-json "$json" --style none \
  -n "ossa2014 Nash war (Table 4a)" \
  "$tw war --world data/ossa2014 --players all --instrument partner-sector --json --quiet" \
  -n "ossa2014 US optimal (Table 3a)" \
  "$tw optimal --world data/ossa2014 --country USA --instrument partner-sector --json --quiet" \
  >/dev/null
awk -F': ' '/"command"/ {gsub(/[",]/, "", $2); cmd = $2}
            /"median"/ {gsub(/,/, "", $2); printf "%-34s median %8.2f s\n", cmd, $2}' "$json"
rm -f "$json"
