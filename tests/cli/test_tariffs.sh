#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `tradewar tariffs`: help, errors and exit codes, and the numbers of one step: on 2025-02-04 the
# only action in force is the 10% fentanyl duty on every Chinese line, so the statutory
# additional rate is 10 in total and in every sector, all of it IEEPA fentanyl.
source "$TW_SOURCE_DIR/tests/cli/lib.sh"
ONE="$TW_SOURCE_DIR/tests/data/schedule/one_step.yaml"

expect_exit 0 "$TRADEWAR" tariffs --help
expect_stdout "Usage: tradewar tariffs SCENARIO"
expect_exit 2 "$TRADEWAR" tariffs
expect_stderr "a scenario is needed"
expect_exit 2 "$TRADEWAR" tariffs "$ONE" --json --csv "$TW_TMP"
expect_exit 4 "$TRADEWAR" tariffs no_such_scenario
expect_stderr "no scenario 'no_such_scenario'"

# A bad action row is named by file:line:column and field (exit 3).
mkdir -p "$TW_TMP/bad"
M="$TW_SOURCE_DIR/data/schedules/2025/manifest.csv"
sed "s|\.\./\.\./raw|$TW_SOURCE_DIR/data/raw|; s|^actions,,us.csv,|actions,,$TW_TMP/bad/us.csv,|; /china.csv\|canada.csv/d" "$M" > "$TW_TMP/bad/manifest.csv"
printf 'date,until,importer,exporters,authority,action,products,rate\n2025-02-04,,USA,CHN,ieepa_fentanyl,rate,8504 771234,10\n' > "$TW_TMP/bad/us.csv"
expect_exit 3 "$TRADEWAR" tariffs "$ONE" --schedule "$TW_TMP/bad/manifest.csv"
expect_stderr "bad/us.csv:2:41: error: products: unknown HS code '771234'"

expect_exit 0 "$TRADEWAR" tariffs "$ONE"
expect_stdout "2025-02-04  main            USA <- CHN         10.9      10.0      20.9      29.7      30.0"
expect_stdout "ieepa_fentanyl 10.0"

expect_exit 0 "$TRADEWAR" tariffs "$ONE" --json
J="$LAST_OUT"
[ "$(jq '.steps[0].pairs[] | select(.partner=="CHN") | .statutory_additional_pct' "$J")" = "10" ] ||
    fail "USA on CHN: additional 10"
[ "$(jq '.steps[0].pairs[] | select(.partner=="CHN") | .statutory_additional_by_authority_pct.ieepa_fentanyl' "$J")" = "10" ] ||
    fail "USA on CHN: all of it fentanyl"
# (1e-9: the weighted mean of equal rates is exact up to rounding)
[ "$(jq '[.steps[0].pairs[] | select(.partner=="CHN") | .sectors[] | select((.statutory_additional_pct - 10) | fabs > 1e-9)] | length' "$J")" = "0" ] ||
    fail "10 in every sector"
[ "$(jq '.steps[0].pairs[] | select(.partner=="EU27") | .statutory_additional_pct' "$J")" = "0" ] ||
    fail "nothing on the EU"
# the model's rate in force: the world's baseline rate on China plus the scenario's 10 points
jq -e '.steps[0].pairs[] | select(.partner=="CHN") | .model_avg_tariff_goods_import_weighted_pct > 29 and .model_avg_tariff_goods_import_weighted_pct < 30.5' "$J" >/dev/null ||
    fail "model rate 19.7 + 10"
# After substitution (counterfactual import weights): the pair's goods rate is the sectors' rates
# weighted by their counterfactual import values (1e-9: rounding of the sums), and within one
# sector of one exporter the weights cancel, so it is the rate in force.
jq -e '[.steps[0].pairs[] | . as $p | ($p.model_sectors | map(select(.model_import_value_counterfactual_usd > 0))) as $s
        | (($s | map(.model_avg_tariff_counterfactual_import_weighted_pct * .model_import_value_counterfactual_usd) | add)
           / ($s | map(.model_import_value_counterfactual_usd) | add)
           - $p.model_avg_tariff_goods_counterfactual_import_weighted_pct) | fabs < 1e-9] | all' "$J" >/dev/null ||
    fail "after substitution = sectors weighted by counterfactual imports"
jq -e '[.steps[0].pairs[] | select(.partner=="CHN" or .partner=="USA") | .model_sectors[]
        | select(.model_import_value_counterfactual_usd > 0)
        | (.model_avg_tariff_counterfactual_import_weighted_pct - .model_avg_tariff_import_weighted_pct) | fabs < 1e-9] | all' "$J" >/dev/null ||
    fail "one exporter, one sector: after substitution = in force"
# the world: substitution away from China lowers the US rate on the world below the rate in force
jq -e '.steps[0].pairs[] | select(.partner=="world") | .model_avg_tariff_goods_counterfactual_import_weighted_pct < .model_avg_tariff_goods_import_weighted_pct' "$J" >/dev/null ||
    fail "world after substitution below in force"

# The scenario's horizon key is honoured (the world loaded as run and brief load it): at the short
# run the rate after substitution is the brief's, exactly, and differs from the long run's.
LONG_AFTER=$(jq '.steps[0].pairs[] | select(.partner=="CHN") | .model_avg_tariff_goods_counterfactual_import_weighted_pct' "$J")
mkdir -p "$TW_TMP"
sed 's/^baseline:/horizon: short\nbaseline:/' "$ONE" > "$TW_TMP/short.yaml"
expect_exit 0 "$TRADEWAR" tariffs "$TW_TMP/short.yaml" --json
SHORT_AFTER=$(jq '.steps[0].pairs[] | select(.partner=="CHN") | .model_avg_tariff_goods_counterfactual_import_weighted_pct' "$LAST_OUT")
expect_exit 0 "$TRADEWAR" brief "$TW_TMP/short.yaml" --json
BRIEF_AFTER=$(jq '.steps[0].countries[] | select(.name=="USA") | .partners[] | select(.name=="CHN") | .avg_tariff_goods_counterfactual_import_weighted_pct' "$LAST_OUT")
[ "$SHORT_AFTER" = "$BRIEF_AFTER" ] || fail "short run: tariffs $SHORT_AFTER, brief $BRIEF_AFTER"
[ "$SHORT_AFTER" != "$LONG_AFTER" ] || fail "the horizon key changes nothing ($SHORT_AFTER)"

rm -rf "$TW_TMP/csv"
expect_exit 0 "$TRADEWAR" tariffs "$ONE" --csv "$TW_TMP/csv"
head -1 "$TW_TMP/csv/tariffs.csv" | grep -q '^date,branch,importer,partner,sector,import_value_usd,statutory_baseline_paid_pct,statutory_additional_pct,.*statutory_additional_ieepa_fentanyl_pct,.*,model_avg_tariff_goods_import_weighted_pct,model_avg_tariff_goods_counterfactual_import_weighted_pct,model_import_value_goods_counterfactual_usd$' ||
    fail "CSV header"
grep -q '^2025-02-04,"main",USA,CHN,total,' "$TW_TMP/csv/tariffs.csv" || fail "CSV total row"

finish
