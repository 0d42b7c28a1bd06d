#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Overhead of a Python solve over the C solve on NAFTA (cp1993, deficits zero), in instructions
# (valgrind's callgrind: deterministic, unlike timings on a shared machine). Each side runs
# N1 and N2 warm solves after the same setup (bench_c_solve_api in C, tradewar.Model.solve in
# Python); the difference of the totals over N2 - N1 is the cost of one solve call, startup
# and imports cancelled. Usage: bench/python_overhead_callgrind.sh [N1 N2] (default 5 25;
# about 5 minutes). Needs valgrind and the build in build/.
set -euo pipefail
cd "$(dirname "$0")/.."
n1=${1:-5}
n2=${2:-25}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/solve.py" <<'PY'
import sys
import tradewar
m = tradewar.Model(tradewar.World.load("data/cp1993"), deficits="zero")
m.solve(shock="data/cp1993/nafta_2005.csv")
for _ in range(int(sys.argv[1])):
    m.solve(shock="data/cp1993/nafta_2005.csv")
PY
count() { valgrind --tool=callgrind --callgrind-out-file="$tmp/out" "$@" >/dev/null 2>&1
          sed -n 's/^summary: //p' "$tmp/out"; }
c1=$(count build/bench/bench_c_solve_api data/cp1993 data/cp1993/nafta_2005.csv "$n1" zero)
c2=$(count build/bench/bench_c_solve_api data/cp1993 data/cp1993/nafta_2005.csv "$n2" zero)
p1=$(PYTHONPATH=build/python count /usr/bin/python3 "$tmp/solve.py" "$n1")
p2=$(PYTHONPATH=build/python count /usr/bin/python3 "$tmp/solve.py" "$n2")
awk -v c1="$c1" -v c2="$c2" -v p1="$p1" -v p2="$p2" -v n="$((n2 - n1))" 'BEGIN {
  c = (c2 - c1) / n; p = (p2 - p1) / n
  printf "instructions per NAFTA solve call: C %.2f M, Python %.2f M: overhead %+.2f%%\n",
         c / 1e6, p / 1e6, 100 * (p / c - 1) }'
