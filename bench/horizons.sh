#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark of the horizons (docs/model.md §2b), whole processes, medians with hyperfine, all
# in one run so that they compare:
#  - the 2025 US-China timeline (scenarios/us_china_2025.yaml) in the long run (today's model),
#    in the short run, and at both horizons side by side (--horizons short,long);
#  - one solve of the April 2025 peak (scenarios/us_china_april2025.csv) on icio2022 in the long
#    run, the medium run and the short run.
# Usage, from the source tree after a Release build in build/:  bench/horizons.sh [BUILD_DIR] [RUNS]
set -euo pipefail
build=${1:-build}
runs=${2:-11}
tw=$build/tradewar
command -v hyperfine >/dev/null || { echo "bench/horizons.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
args=(-n "timeline 2025, long run" "$tw run scenarios/us_china_2025.yaml"
      -n "timeline 2025, short run" "$tw run scenarios/us_china_2025.yaml --horizon short"
      -n "timeline 2025, short and long side by side" "$tw run scenarios/us_china_2025.yaml --horizons short,long"
      -n "solve April 2025 peak, long run" "$tw solve --shock scenarios/us_china_april2025.csv --json"
      -n "solve April 2025 peak, medium run" "$tw solve --shock scenarios/us_china_april2025.csv --horizon medium --json"
      -n "solve April 2025 peak, short run" "$tw solve --shock scenarios/us_china_april2025.csv --horizon short --json")
json=$(mktemp)
hyperfine -N --warmup 2 --runs "$runs" --export-json "$json" --style none "${args[@]}" >/dev/null
python3 - "$json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['command']:<44} median {1000 * r['median']:8.1f} ms  (min {1000 * r['min']:.1f}, max {1000 * r['max']:.1f}, {len(r['times'])} runs)")
PY
rm -f "$json"
