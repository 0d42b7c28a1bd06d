#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# China's rare-earth export bans on icio2022re across input elasticities, in the long run and in
# the short run (docs/model.md §2b: short-run trade elasticities and value added tied to its
# sector, so that rare-earth mining and refining outside China cannot expand at constant cost):
# real income, output of the using sectors (C26 electronics, C27 electrical equipment, C28
# machinery, C29 motor vehicles) and the price of rare earths, for the US, the EU, Japan, Korea
# and China. Prints a Markdown table per ban. Usage, from the source tree after a build in
# build/:   scripts/rare_earths_table.sh [BUILD_DIR] [HORIZONS]   (default HORIZONS "long short")
# EU = the 27 members: sector output is the members' total; real income and the change in the
# price of rare earths (the members' sectoral price index P_n^RE) are means weighted by the
# members' baseline gross output (the CSV results carry no income column).
set -euo pipefail
build=${1:-build}
horizons=${2:-long short}
tw=$build/tradewar
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
EU="AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT ROU SVK SVN ESP SWE"
for ban in usa all; do
  echo "### China bans rare-earth exports to $( [ $ban = usa ] && echo 'the United States' || echo 'everyone' )"
  echo
  echo "| horizon | elasticity | region | real income % | C26 output % | C27 output % | C28 output % | C29 output % | RE price change % |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for h in $horizons; do
  for s in 1 0.5 0.2 0.1; do
    out=$tmp/$ban-$h-$s
    "$tw" solve --world icio2022re --shock scenarios/re_ban_$ban.csv --critical-elasticity $s \
      --horizon $h --csv "$out" >/dev/null
    awk -F, -v s=$s -v h=$h -v eu="$EU" '
      BEGIN { n = split(eu, e, " "); for (k = 1; k <= n; k++) ineu[e[k]] = 1
              split("USA EU JPN KOR CHN", regs, " ") }
      FNR == 1 { file++; next }
      file == 1 { ri[$1] = $2; next }                      # countries.csv
      file == 2 {                                          # output.csv
        r = ($1 in ineu) ? "EU" : $1
        tot[$1] += $3
        if ($2 ~ /^C2[6-9]$/) { b[r, $2] += $3; a[r, $2] += $4 }
        if ($2 == "RE") pc[$1] = $6
      }
      END {
        for (c in ineu) { eui += ri[c] * tot[c]; eup += pc[c] * tot[c]; euw += tot[c] }
        ri["EU"] = eui / euw
        pr["EU"] = eup / euw
        pr["USA"] = pc["USA"]; pr["JPN"] = pc["JPN"]; pr["KOR"] = pc["KOR"]; pr["CHN"] = pc["CHN"]
        for (k = 1; k <= 5; k++) {
          r = regs[k]
          printf "| %s | %s | %s | %.5f |", h, s, r, ri[r]
          split("C26 C27 C28 C29", js, " ")
          for (q = 1; q <= 4; q++) printf " %.4f |", 100 * (a[r, js[q]] / b[r, js[q]] - 1)
          printf " %.2f |\n", 100 * (pr[r] - 1)
        }
      }' "$out/countries.csv" "$out/output.csv"
  done
  done
  echo
done
