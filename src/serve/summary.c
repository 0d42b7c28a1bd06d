/* SPDX-License-Identifier: MIT */
/* The summary solve document of POST /api/solve with "detail": "summary" (docs/api.md): what
 * the page draws on a slider move, a subset of `tradewar solve --json`'s document with the
 * same keys and the same values, about 90 kB instead of about 3 MB on icio2022. */
#include <stdio.h>
#include <string.h>

#include "io/json.h"
#include "io/json_records.h"
#include "serve/engine_internal.h"
#include "tradewar/groups.h"
#include "tradewar/io.h"

/* "trade": the full document's rows whose importer is the United States or China (the
 * page's trade diversion), in its order. */
static void trade_rows(tw_json *js, const tw_world *w, const tw_results *r, const char *k0,
                       const char *k1)
{
    tw_dims d = r->d;
    tw_json_key(js, "trade");
    tw_json_array_begin(js);
    for (int i = 0; i < d.n; i++)
        for (int n = 0; n < d.n; n++) {
            const char *imp = tw_world_country_code(w, n);
            if (i == n || (strcmp(imp, "USA") != 0 && strcmp(imp, "CHN") != 0))
                continue;
            size_t at = tw_ix_ni(d, n, i);
            tw_json_object_begin(js);
            tw_json_kv_string(js, "exporter", tw_world_country_code(w, i));
            tw_json_kv_string(js, "importer", imp);
            tw_json_kv_number(js, "baseline", r->trade_base[at]);
            tw_json_kv_number(js, "counterfactual", r->trade[at]);
            tw_json_kv_number(js, "change_pct", tw_pct_change(r->trade[at], r->trade_base[at]));
            tw_json_kv_number(js, "goods_baseline", r->goods_base[at]);
            tw_json_kv_number(js, "goods_counterfactual", r->goods[at]);
            tw_json_kv_number(js, "goods_change_pct",
                              tw_pct_change(r->goods[at], r->goods_base[at]));
            tw_json_kv_number(js, k0, 100.0 * r->goods_tariff_base[at]);
            tw_json_kv_number(js, k1, 100.0 * r->goods_tariff[at]);
            tw_json_object_end(js);
        }
    tw_json_array_end(js);
}

tw_status tw_serve_write_summary(tw_sink out, const tw_solve_document *doc, tw_error *err)
{
    const tw_results *r = doc->results;
    const tw_world *w = tw_model_world(doc->model);
    char k0[96], k1[96];
    snprintf(k0, sizeof k0, "%s_baseline_pct", tw_tariff_average_key(NULL));
    snprintf(k1, sizeof k1, "%s_pct", tw_tariff_average_key(NULL));
    tw_json js;
    tw_json_init_sink(&js, out);
    tw_json_object_begin(&js);
    tw_json_kv_int(&js, "schema_version", TW_JSON_SCHEMA_VERSION);
    tw_json_kv_string(&js, "detail", "summary");
    tw_json_kv_string(&js, "world", tw_world_name(w));
    tw_json_kv_string(&js, "unit", tw_world_unit(w));
    tw_json_kv_string(&js, "shock", doc->shock);
    tw_json_kv_string(&js, "deficits",
                      tw_deficit_closure_name(tw_model_get_options(doc->model).deficits));
    tw_json_kv_string(&js, "elasticities", tw_world_elasticity_set(w));
    tw_json_kv_number(&js, "world_real_income_pct", r->world_real_income_pct);
    tw_json_key(&js, "countries");
    tw_json_array_begin(&js);
    for (int n = 0; n < r->d.n; n++) {
        const tw_country_result *c = &r->country[n];
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", tw_world_country_code(w, n));
        tw_json_kv_number(&js, "real_income_pct", c->real_income_pct);
        tw_json_kv_number(&js, "tot_pct", c->tot_pct);
        tw_json_kv_number(&js, "vot_pct", c->vot_pct);
        tw_json_kv_number(&js, "welfare_decomp_pct", c->welfare_decomp_pct);
        tw_json_kv_number(&js, "real_wage_pct", c->real_wage_pct);
        tw_json_kv_number(&js, k0, 100.0 * r->avg_tariff_goods_base[n]);
        tw_json_kv_number(&js, k1, 100.0 * r->avg_tariff_goods[n]);
        tw_json_kv_number(&js, "welfare_pct", c->welfare_pct);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    trade_rows(&js, w, r, k0, k1);
    tw_json_solver_record(&js, "baseline_solver", doc->baseline);
    tw_json_solver_record(&js, "solver", doc->solver);
    tw_json_warnings(&js, doc->warnings);
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}
