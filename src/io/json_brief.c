/* SPDX-License-Identifier: MIT */
/* The brief document (`tradewar brief --json`, docs/json.md "Brief", docs/brief.md): every
 * step of a scenario's timeline with the numbers readers cite for its players and watched
 * countries. Money is in US dollars of the world's year (null when the world's unit is not a
 * dollar unit); tariff averages carry the library's keys (tradewar/groups.h). */
#include <math.h>
#include <stdio.h>

#include "io/json.h"
#include "tradewar/brief.h"

/* A money value of the world's unit in US dollars (null without a dollar unit). */
static void kv_usd(tw_json *js, const char *key, double v, double usd)
{
    tw_json_kv_number(js, key, v * usd);
}

static void pair_write(tw_json *js, const tw_brief_pair *p, const char *kb, const char *kc,
                       const char *k0)
{
    tw_json_kv_number(js, k0, p->etr_statutory_base_pct);
    tw_json_kv_number(js, kb, p->etr_statutory_pct);
    tw_json_kv_number(js, kc, p->etr_substitution_pct);
    tw_json_kv_number(js, "import_share_goods_base_pct", p->import_share_base_pct);
    tw_json_kv_number(js, "import_share_goods_pct", p->import_share_pct);
}

static void group_write(tw_json *js, const tw_brief *b, int k, int g, double usd,
                        const char *const keys[3])
{
    const tw_brief_country *c = tw_brief_country_get(b, k, g);
    int ng = tw_brief_group_count(b);
    tw_json_object_begin(js);
    tw_json_kv_string(js, "name", tw_brief_group_name(b, g));
    tw_json_kv_number(js, "real_income_pct", c->real_income_pct);
    tw_json_kv_number(js, "cpi_change_pct", c->cpi_change_pct);
    tw_json_kv_number(js, "cpi_change_numeraire_pct", c->cpi_change_numeraire_pct);
    kv_usd(js, "income_base_usd", c->income_base, usd);
    tw_json_kv_number(js, "households", c->households);
    tw_json_kv_number(js, "cost_per_household_usd", c->cost_per_household_usd);
    kv_usd(js, "tariff_revenue_static_usd", c->tariff_revenue_static, usd);
    kv_usd(js, "tariff_revenue_ge_usd", c->tariff_revenue_ge, usd);
    kv_usd(js, "tariff_revenue_ge_base_usd", c->tariff_revenue_ge_base, usd);
    tw_json_kv_number(js, keys[2], c->etr_statutory_base_pct);
    tw_json_kv_number(js, keys[0], c->etr_statutory_pct);
    tw_json_kv_number(js, keys[1], c->etr_substitution_pct);
    kv_usd(js, "imports_goods_base_usd", c->imports_goods_base, usd);
    kv_usd(js, "imports_goods_usd", c->imports_goods, usd);
    tw_json_key(js, "partners");
    tw_json_array_begin(js);
    for (int q = 0; q <= ng; q++) {
        if (q == g)
            continue;
        tw_json_object_begin(js);
        tw_json_kv_string(js, "name", q < ng ? tw_brief_group_name(b, q) : "others");
        pair_write(js, tw_brief_pair_get(b, k, g, q), keys[0], keys[1], keys[2]);
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
    tw_json_object_end(js);
}

tw_status tw_json_write_brief(tw_sink out, const tw_brief *b, tw_error *err)
{
    const tw_plan *p = tw_brief_plan(b);
    const tw_scenario *s = tw_plan_scenario(p);
    const tw_world *w = tw_plan_world(p);
    const tw_timeline *t = tw_brief_timeline(b);
    double usd = tw_world_usd_per_unit(w);
    int ng = tw_brief_group_count(b);
    tw_tariff_average base = {TW_SECTORS_GOODS, NULL, TW_WEIGHTS_BASELINE};
    tw_tariff_average cf = {TW_SECTORS_GOODS, NULL, TW_WEIGHTS_COUNTERFACTUAL};
    char kb[96], kc[96], k0[96];
    snprintf(kb, sizeof kb, "%s_pct", tw_tariff_average_key(&base));
    snprintf(kc, sizeof kc, "%s_pct", tw_tariff_average_key(&cf));
    snprintf(k0, sizeof k0, "%s_baseline_pct", tw_tariff_average_key(&base));
    const char *const keys[3] = {kb, kc, k0};
    tw_json js;
    tw_json_init_sink(&js, out);
    tw_json_object_begin(&js);
    tw_json_kv_int(&js, "schema_version", TW_JSON_SCHEMA_VERSION);
    tw_json_kv_string(&js, "document", "brief");
    tw_json_kv_string(&js, "title", tw_scenario_title(s));
    tw_json_kv_string(&js, "world", tw_world_name(w));
    tw_json_kv_string(&js, "unit", tw_world_unit(w));
    tw_json_key(&js, "usd_year");
    if (tw_world_year(w))
        tw_json_int(&js, tw_world_year(w));
    else
        tw_json_null(&js);
    tw_json_kv_string(&js, "deficits", tw_deficit_closure_name(tw_scenario_deficits(s)));
    tw_json_kv_string(&js, "elasticities", tw_world_elasticity_set(w));
    tw_json_kv_string(&js, "horizon", tw_horizon_name(tw_world_horizon(w)));
    tw_json_key(&js, "horizon_years");
    if (isfinite(tw_world_horizon_years(w)))
        tw_json_number(&js, tw_world_horizon_years(w));
    else
        tw_json_null(&js);
    tw_json_kv_string(&js, "baseline", tw_scenario_baseline_date(s));
    tw_json_kv_string(&js, "reference", tw_scenario_reference_first(s) ? "first" : "baseline");
    tw_json_key(&js, "groups");
    tw_json_array_begin(&js);
    for (int g = 0; g < ng; g++) {
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "name", tw_brief_group_name(b, g));
        tw_json_kv_string(&js, "role", g < tw_brief_player_count(b) ? "player" : "watched");
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_key(&js, "steps");
    tw_json_array_begin(&js);
    for (int k = 0; k < tw_brief_steps(b); k++) {
        tw_timeline_step st = tw_timeline_step_get(t, k);
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "date", st.date);
        tw_json_kv_string(&js, "branch", st.branch);
        tw_json_kv_string(&js, "label", st.label);
        tw_json_kv_int(&js, "after", st.parent);
        tw_json_kv_int(&js, "iterations", st.report.iterations);
        tw_json_kv_number(&js, "residual", st.report.residual);
        tw_json_key(&js, "countries");
        tw_json_array_begin(&js);
        for (int g = 0; g < ng; g++)
            group_write(&js, b, k, g, usd, keys);
        tw_json_array_end(&js);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}
