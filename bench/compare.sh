#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Before/after benchmark of two Release builds of tradewar on the same data, in the same run
# (the commands interleaved by hyperfine, so that the load of a shared machine falls on both):
# whole-process medians (world load, baseline and counterfactual solve, results, JSON), the
# in-process solve and one map evaluation (bench_solve), peak memory, and a check that the two
# builds' JSON outputs agree (bench/json_diff.py). Builds with the binary cache (docs/data-format.md)
# read it after hyperfine's warm-up runs; the "cache off" line is the after build without it.
# The cache lives in $TRADEWAR_CACHE_DIR (default ~/.cache/tradewar). Figures are appended to bench/FIGURES.md
# if --record is given, so that later runs can be compared against them.
#
# Usage, from the source tree:  bench/compare.sh BEFORE_BUILD AFTER_BUILD [RUNS] [--record]
# e.g. git worktree add ../before main && cmake -S ../before -B ../before/build ... then
#      bench/compare.sh ../before/build build 31
set -euo pipefail
before=${1:?usage: compare.sh BEFORE_BUILD AFTER_BUILD [RUNS] [--record]}
after=${2:?usage: compare.sh BEFORE_BUILD AFTER_BUILD [RUNS] [--record]}
runs=${3:-31}
record=${4:-}
command -v hyperfine >/dev/null || { echo "compare.sh needs hyperfine" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

nafta="solve --world data/cp1993 --shock data/cp1993/nafta_2005.csv --deficits zero --json"
uschina="solve --shock scenarios/us_china_april2025.csv --json"

report() { # hyperfine JSON -> "name median min user" lines
    python3 - "$1" <<'PY'
import json, statistics, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"  {r['command']:<34} median {1000*r['median']:7.1f} ms   min {1000*r['min']:7.1f} ms"
          f"   user {1000*r['user']:6.1f} ms   sys {1000*r['system']:5.1f} ms")
PY
}

{
echo "## $(date -u +%Y-%m-%dT%H:%MZ) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "before: $before ($(git -C "$(dirname "$before")" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "after:  $after ($(git rev-parse --short HEAD))"
echo
echo "whole process with JSON (hyperfine, $runs runs each, interleaved):"
for case in nafta uschina; do
    args=${!case}
    hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/$case.json" --style none \
        -n "$case before" "$before/tradewar $args" \
        -n "$case after" "$after/tradewar $args" \
        -n "$case after, cache off" "env TRADEWAR_CACHE=off $after/tradewar $args" >/dev/null
    report "$out/$case.json"
done
echo
echo "in-process solves (bench_solve, median of 21):"
for b in before after; do
    dir=${!b}
    echo " $b:"
    "$dir/bench/bench_solve" data/cp1993 data/cp1993/nafta_2005.csv 21 zero | sed 's/^/   /'
    "$dir/bench/bench_solve" data/icio2022 scenarios/us_china_april2025.csv 21 fixed | sed 's/^/   /'
done
echo
echo "peak resident memory (KiB):"
for case in nafta uschina; do
    args=${!case}
    for b in before after; do
        dir=${!b}
        printf '  %-8s %-7s ' "$case" "$b"
        # shellcheck disable=SC2086
        "$dir/bench/peak_rss" "$dir/tradewar" $args 2>&1 >/dev/null | tail -1
    done
done
echo
echo "results agree (bench/json_diff.py, relative 1e-8 above 1e-9 absolute):"
for case in nafta uschina; do
    args=${!case}
    # shellcheck disable=SC2086
    "$before/tradewar" $args >"$out/b.json"
    # shellcheck disable=SC2086
    "$after/tradewar" $args >"$out/a.json"
    printf '  %-8s ' "$case"
    python3 bench/json_diff.py "$out/b.json" "$out/a.json" --rtol 1e-8 --atol 1e-9
done
} | tee "$out/figures.txt"
if [ "$record" = "--record" ]; then
    { cat "$out/figures.txt"; echo; } >>bench/FIGURES.md
    echo "(appended to bench/FIGURES.md)"
fi
