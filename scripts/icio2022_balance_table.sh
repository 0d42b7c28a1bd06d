#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What the balancing of icio2022's input-output block changes (data/icio2022/README.md,
# "Balancing"): builds the unbalanced variant icio2022raw (build_icio2022 --unbalanced) into a
# scratch directory, runs a scenario on it and on the shipped (balanced) icio2022, and prints a
# Markdown table of real income (exact change in I/P against each world's solved baseline, %)
# by step for the given countries. Usage, from the source tree after a build in build/:
#   scripts/icio2022_balance_table.sh [BUILD_DIR] [SCENARIO] [COUNTRIES]
# defaults: build, us_china_2025, "USA CHN VNM MEX HKG".
set -euo pipefail
build=${1:-build}
scenario=${2:-us_china_2025}
countries=${3:-USA CHN VNM MEX HKG}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/tools/build_icio2022" --unbalanced --raw data/raw --out "$tmp/icio2022raw" 2>/dev/null
"$build/tradewar" run "$scenario" --world "$tmp/icio2022raw" --json >"$tmp/raw.json"
"$build/tradewar" run "$scenario" --world icio2022 --json >"$tmp/bal.json"
header="| date | branch |"
rule="|---|---|"
for c in $countries; do
  header="$header $c raw → balanced |"
  rule="$rule---|"
done
echo "$header"
echo "$rule"
jq -r --slurpfile raw "$tmp/raw.json" --arg cs "$countries" '
  # x with three decimals ("-0.120")
  def f3: (. * 1000 | round) as $m | ($m | fabs) as $a | ($a % 1000 | tostring) as $f
    | (if $m < 0 then "-" else "" end) + (($a - $a % 1000) / 1000 | tostring) + "."
      + ("00" + $f | .[-3:]);
  ($cs | split(" ")) as $codes
  | [.steps, $raw[0].steps] | transpose[]
  | . as [$b, $r]
  | if $b.date != $r.date or $b.branch != $r.branch then error("steps differ") else . end
  | "| \($b.date) | \($b.branch) | " + ([$codes[] as $c
      | ($r.countries[] | select(.code == $c) | .real_income_pct) as $x
      | ($b.countries[] | select(.code == $c) | .real_income_pct) as $y
      | "\($x | f3) → \($y | f3)"] | join(" | ")) + " |"' \
  "$tmp/bal.json"
