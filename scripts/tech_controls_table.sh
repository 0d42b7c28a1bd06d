#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The 2025 technology export controls on icio2022tech (scenarios/tech_controls_2025.yaml), one
# at a time from the baseline, and the London framework swap, in the long and the short run
# (docs/model.md §2b). Prints the Markdown tables of docs/export-controls.md:
#   1. real income (exact change in I/P, %) of the US, China, Korea, Taiwan, Japan and the
#      Netherlands under each control alone;
#   2. output of the using and carved sectors (the change in gross output value, numeraire world
#      value added, as `run` reports it: output_change_pct of sectors.csv, %) under each control;
#   3. the value of the swap: real income after the swap minus before it (percentage points),
#      from the state with every control in force, for the swap and for each side's half.
#   4. the bargaining outcomes: each lift as a deal over the threat point (every control in
#      force), and whether both sides gain from it.
# Usage, from the source tree after a build in build/:
#   scripts/tech_controls_table.sh [BUILD_DIR] [HORIZONS]   (default HORIZONS "long short")
set -euo pipefail
build=${1:-build}
horizons=${2:-long short}
tw=$build/tradewar
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The instruments, exactly as in scenarios/tech_controls_2025.yaml.
chips='{importers: CHN, exporters: USA, sectors: [SEMI, SME], cap: 50%, rent: exporter}'
re='{importers: USA, exporters: CHN, sectors: RE, cap: 50%, rent: exporter}'
eda='{importers: CHN, exporters: USA, sectors: SRV, cut_value: 1537, rent: exporter}'
eng='{importers: CHN, exporters: USA, sectors: AERO, cut_value: 3432, rent: exporter}'
eth='{importers: CHN, exporters: USA, sectors: C20, cut_value: 696, rent: exporter}'
us_lift='{importers: CHN, exporters: USA, sectors: [AERO, C20, SRV], lift: true}'
cn_lift='{importers: USA, exporters: CHN, sectors: RE, lift: true}'
# scenario NAME EVENT... : a scenario file with one dated event per argument (export_controls).
scenario() {
  local name=$1; shift
  {
    printf 'title: "%s"\nworld: icio2022tech\ndeficits: fixed\nbaseline: 2025-01-01\n' "$name"
    printf 'players: [USA, CHN]\nwatch: [KOR, TWN, JPN, NLD]\nevents:\n'
    local k=1
    for ev in "$@"; do
      printf '  - date: 2025-%02d-01\n    label: "step %d"\n    export_controls:\n' $((k + 1)) $k
      local IFS=';'
      for item in $ev; do printf '      - %s\n' "$item"; done
      k=$((k + 1))
    done
  } > "$tmp/$name.yaml"
}
scenario chips "$chips"
scenario re "$re"
scenario eda "$eda"
scenario engines "$eng"
scenario ethane "$eth"
scenario may "$eda;$eng;$eth"
all="$chips;$re;$eda;$eng;$eth"
scenario swap "$all" "$us_lift;$cn_lift"
scenario us_half "$all" "$us_lift"
scenario cn_half "$all" "$cn_lift"
label() {
  case $1 in
    chips) echo "US chip and equipment quotas (SEMI, SME at 50%)" ;;
    re) echo "China's rare-earth licensing (RE at 50%)" ;;
    eda) echo "US EDA licences (SRV -1,537)" ;;
    engines) echo "US jet-engine parts (AERO -3,432)" ;;
    ethane) echo "US ethane licences (C20 -696)" ;;
    may) echo "US May 2025 package (EDA, engines, ethane)" ;;
    swap) echo "the swap (both lift)" ;;
    us_half) echo "US half (lifts EDA, engines, ethane)" ;;
    cn_half) echo "China's half (lifts rare-earth licensing)" ;;
  esac
}
for s in chips re eda engines ethane may swap us_half cn_half; do
  for h in $horizons; do
    "$tw" run "$tmp/$s.yaml" --horizon "$h" --csv "$tmp/$s-$h" >/dev/null
  done
done
regs="USA CHN KOR TWN JPN NLD"
echo "#### 1. Real income under each control alone, % (exact change in I/P against the baseline)"
echo
echo "| control | horizon | USA | CHN | KOR | TWN | JPN | NLD |"
echo "|---|---|---|---|---|---|---|---|"
for s in chips re eda engines ethane may; do
  for h in $horizons; do
    awk -F, -v regs="$regs" -v l="$(label $s)" -v h=$h 'NR > 1 { ri[$4] = $5 }
      END { n = split(regs, r, " "); printf "| %s | %s |", l, h
            for (k = 1; k <= n; k++) printf " %.5f |", ri[r[k]]; print "" }' "$tmp/$s-$h/countries.csv"
  done
done
echo
echo "#### 2. Output of the using and carved sectors under each control alone, % (gross output value)"
echo
cols="CHN:C26 CHN:SEMI CHN:C20 CHN:C302T309 CHN:AERO USA:SEMI USA:SME USA:C20 USA:C302T309 USA:AERO KOR:SEMI TWN:SEMI JPN:SME NLD:SME"
printf '| control | horizon |'; for c in $cols; do printf ' %s |' "${c/:/ }"; done; echo
printf '|---|---|'; for c in $cols; do printf -- '---|'; done; echo
for s in chips re eda engines ethane may; do
  for h in $horizons; do
    awk -F, -v cols="$cols" -v l="$(label $s)" -v h=$h 'NR > 1 { o[$4 ":" $5] = $8 }
      END { n = split(cols, c, " "); printf "| %s | %s |", l, h
            for (k = 1; k <= n; k++) printf " %.3f |", o[c[k]]; print "" }' "$tmp/$s-$h/sectors.csv"
  done
done
echo
echo "#### 3. Value of the London framework swap, percentage points of real income"
echo
echo "From every control in force (the state of 29 May 2025): real income after the lift minus before."
echo
echo "| lift | horizon | USA | CHN | KOR | TWN | JPN | NLD |"
echo "|---|---|---|---|---|---|---|---|"
for s in swap us_half cn_half; do
  for h in $horizons; do
    awk -F, -v regs="$regs" -v l="$(label $s)" -v h=$h 'NR > 1 { ri[$1, $4] = $5 }
      END { n = split(regs, r, " "); printf "| %s | %s |", l, h
            for (k = 1; k <= n; k++) printf " %.5f |", ri[1, r[k]] - ri[0, r[k]]; print "" }' \
      "$tmp/$s-$h/countries.csv"
  done
done
echo
echo "#### 4. Bargaining over the two sets of controls (from every control in force)"
echo
echo "Each outcome's gain over the threat point (every control in force) for the US and China,"
echo "percentage points of real income; an outcome is a deal only if both gain (Nash product > 0)."
echo
echo "| outcome | horizon | US gain | China gain | both gain | Nash product |"
echo "|---|---|---|---|---|---|"
for h in $horizons; do
  for s in swap us_half cn_half; do
    awk -F, -v l="$(label $s)" -v h=$h 'NR > 1 { ri[$1, $4] = $5 }
      END { u = ri[1, "USA"] - ri[0, "USA"]; c = ri[1, "CHN"] - ri[0, "CHN"]
            ok = (u > 0 && c > 0) ? "yes" : "no"
            printf "| %s | %s | %.5f | %.5f | %s | %s |\n", l, h, u, c, ok,
                   ok == "yes" ? sprintf("%.3g", u * c) : "-" }' "$tmp/$s-$h/countries.csv"
  done
done
