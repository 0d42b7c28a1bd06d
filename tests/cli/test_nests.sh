#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CES input nests on the command line: world show reports carved sectors and nests; solve takes
# --input-elasticity and --critical-elasticity, reports the nests in force, and rejects bad values.
. "$(dirname "$0")/lib.sh"
RE=$TW_SOURCE_DIR/data/icio2022re
TINY=$TW_SOURCE_DIR/tests/data/tiny
mkdir -p "$TW_TMP"

expect_exit 0 "$TRADEWAR" world show --world "$RE"
expect_stdout "Carved sector: RE (Rare earths (ores, compounds and metals)), out of C20"
expect_stdout "  elasticity 1: RE against the rest of the costs of C20,C23,C24A,C26,C27,C28,C29,C302T309 (1 = Cobb-Douglas)"
expect_exit 0 "$TRADEWAR" world show --world "$RE" --json
expect_stdout '{"code":"RE","name":"Rare earths (ores, compounds and metals)","theta":4,"goods":true,"carved_from":"C20"}'
expect_stdout '"input_elasticity":1,"nested_inputs":["RE"]'
expect_exit 0 "$TRADEWAR" world show --world "$TINY"
expect_stdout "Input nests: none (Cobb-Douglas production)"

expect_exit 0 "$TRADEWAR" solve --world "$RE" --shock "$TW_SOURCE_DIR/scenarios/re_ban_usa.csv" \
  --critical-elasticity 0.2
expect_stdout "  elasticity 0.2: RE against the rest of the costs of C20,C23,C24A,C26,C27,C28,C29,C302T309"
expect_exit 0 "$TRADEWAR" solve --world "$RE" --shock "$TW_SOURCE_DIR/scenarios/re_ban_usa.csv" \
  --critical-elasticity=0.5 --input-elasticity 'RE:C27=0.125' --json
expect_stdout '"input_nests":[{"using_sector":"C20","elasticity":0.5,"inputs":["RE"]}'
expect_stdout '{"using_sector":"C27","elasticity":0.125,"inputs":["RE"]}'
printf 'importer,exporter,sector,tariff\nHOME,FOR,AGR,0.5\n' > "$TW_TMP/t.csv"
expect_exit 0 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/t.csv" --input-elasticity '*:*=0.5'
expect_stdout "  elasticity 0.5: all inputs against the rest of the costs of AGR,MAN,SRV"

expect_exit 2 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/t.csv" --input-elasticity 'MAN:AGX=0.5'
expect_stderr "unknown sector 'AGX' in --input-elasticity (did you mean 'AGR'?)"
expect_exit 2 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/t.csv" --input-elasticity 'MAN=0.5'
expect_stderr "--input-elasticity expects INPUT:USER=VALUE (sector codes or '*'), got 'MAN=0.5'"
expect_exit 2 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/t.csv" --critical-elasticity -1
expect_stderr "--critical-elasticity expects an elasticity of substitution in [0, 20], got '-1'"
expect_exit 2 "$TRADEWAR" solve --world "$TINY" --shock "$TW_TMP/t.csv" --critical-elasticity
expect_stderr "--critical-elasticity needs a value"

# tradewar run: the rare-earth controls scenario at one elasticity, and swept across four
expect_exit 0 "$TRADEWAR" run rare_earths_controls --critical-elasticity 0.2
expect_stdout "2025-10-01"
expect_exit 0 "$TRADEWAR" run rare_earths_controls --critical-elasticities 1,0.5,0.2,0.1 \
  --csv "$TW_TMP/sweep" --svg "$TW_TMP/sweep"
expect_stdout "2025-04-04 main: Licensing: China's rare-earth exports to the US capped at 50%
elasticity         USA        CHN       EU27        JPN        KOR        MYS      World"
for f in elasticities.csv elasticity-1.svg elasticity-2.svg elasticity-3.svg; do
  [ -s "$TW_TMP/sweep/$f" ] || fail "run --critical-elasticities did not write $f"
done
# Losses of the ban to everyone rise as the elasticity falls (elasticities.csv, World rows).
awk -F, '$1 == 3 && $5 == "World" { if (n++ && $6 >= prev) bad = 1; prev = $6 }
         END { exit bad || n != 4 }' "$TW_TMP/sweep/elasticities.csv" \
  || fail "world losses of the ban to everyone do not rise as the elasticity falls"
expect_exit 2 "$TRADEWAR" run rare_earths_controls --critical-elasticities 1,x
expect_stderr "--critical-elasticities expects a list of up to 16 elasticities in [0, 20], e.g. 1,0.5,0.2,0.1"
expect_exit 2 "$TRADEWAR" run rare_earths_controls --critical-elasticities 1,0.5 --json
expect_stderr "--critical-elasticities writes a table, CSV and SVG, not JSON"
finish
