#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Peak resident memory of `tradewar solve` (bench/peak_rss) on synthetic worlds of N countries
# and J sectors (bench/synth_world), and the bytes per bilateral-sector entry (N^2 J): the
# slope of peak memory between the smallest and the largest world, so that what does not grow
# with N^2 J (the program, its libraries, the [n][j] arrays) drops out. The binary cache is off
# (the CSV path). Several builds can be compared in the same run.
#
# Usage, from the source tree:  bench/peak_memory.sh "N1 N2 ..." J BUILD [BUILD...]
# e.g. bench/peak_memory.sh "100 300" 56 ../before/build build
set -euo pipefail
sizes=${1:?usage: peak_memory.sh \"N1 N2 ...\" J BUILD [BUILD...]}
J=${2:?usage: peak_memory.sh \"N1 N2 ...\" J BUILD [BUILD...]}
shift 2
[ $# -ge 1 ] || { echo "peak_memory.sh: no build given" >&2; exit 2; }
gen=$1/bench/synth_world
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "peak resident memory of tradewar solve --json, synthetic worlds x $J sectors (KiB):"
for b in "$@"; do
    first= last= nfirst= nlast=
    for N in $sizes; do
        [ -d "$tmp/w$N" ] || "$gen" "$tmp/w$N" "$N" "$J"
        kib=$(TRADEWAR_CACHE=off "$b/bench/peak_rss" "$b/tradewar" solve --world "$tmp/w$N" \
              --shock "$tmp/w$N/shock.csv" --json 2>&1 >/dev/null | sed -n 's/^peak_rss_kib //p')
        printf '  %-40s N=%-5s entries %-10s peak %s KiB\n' "$b" "$N" $((N * N * J)) "$kib"
        [ -n "$first" ] || { first=$kib; nfirst=$N; }
        last=$kib nlast=$N
    done
    if [ "$nfirst" != "$nlast" ]; then
        awk -v a="$first" -v b="$last" -v n0="$nfirst" -v n1="$nlast" -v j="$J" -v d="$b" \
            'BEGIN { printf "  %-40s %.1f bytes per bilateral-sector entry (slope N=%d..%d)\n",
                     d, (b - a) * 1024 / ((n1 * n1 - n0 * n0) * j), n0, n1 }'
    fi
done
