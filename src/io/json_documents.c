/* SPDX-License-Identifier: MIT */
/* The JSON documents of a world, a counterfactual and a timeline (docs/json.md): where
 * results leave the library, identical for the command line, a server and bindings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/json.h"
#include "io/json_records.h"
#include "tradewar/checks.h"
#include "io/json_horizon.h"
#include "tradewar/factors.h"
#include "tradewar/groups.h"
#include "tradewar/io.h"

/* "<stem><suffix>", e.g. "avg_tariff_goods_import_weighted" "_baseline_pct". */
static const char *tariff_key(char *buf, size_t size, const char *suffix)
{
    snprintf(buf, size, "%s%s", tw_tariff_average_key(NULL), suffix);
    return buf;
}

void tw_json_solver_record(tw_json *js, const char *key, tw_solver_report r)
{
    tw_json_key(js, key);
    tw_json_object_begin(js);
    tw_json_kv_bool(js, "converged", r.converged);
    tw_json_kv_int(js, "iterations", r.iterations);
    tw_json_kv_number(js, "residual", r.residual);
    tw_json_kv_number(js, "seconds", r.seconds);
    tw_json_object_end(js);
}

void tw_json_warnings(tw_json *js, const tw_warnings *list)
{
    tw_json_key(js, "warnings");
    tw_json_array_begin(js);
    for (int k = 0; k < tw_warnings_count(list); k++) {
        const tw_error *wn = tw_warnings_get(list, k);
        char text[1600];
        tw_warning_format(wn, text, sizeof text);
        tw_json_object_begin(js);
        tw_json_key(js, "file");
        if (wn->file[0])
            tw_json_string(js, wn->file);
        else
            tw_json_null(js);
        tw_json_kv_int(js, "line", wn->line);
        tw_json_kv_int(js, "column", wn->column);
        tw_json_kv_string(js, "field", wn->field);
        tw_json_kv_string(js, "message", wn->message);
        tw_json_kv_string(js, "text", text);
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
}

static void begin_document(tw_json *js, tw_sink out)
{
    tw_json_init_sink(js, out);
    tw_json_object_begin(js);
    tw_json_kv_int(js, "schema_version", TW_JSON_SCHEMA_VERSION);
}

/* --- world --- */

/* The solved baseline against the data (tradewar/checks.h): relative gaps, and the
 * bilateral flows with the largest gaps ("baseline" is the model's solved baseline). */
static void baseline_checks_json(tw_json *js, const tw_world *w, const tw_baseline_checks *c)
{
    tw_json_kv_number(js, "baseline_tolerance", TW_BASELINE_TOLERANCE);
    tw_json_kv_bool(js, "baseline_reproduces_data", tw_baseline_checks_pass(c));
    tw_json_kv_number(js, "baseline_value_added_gap", c->value_added_gap);
    tw_json_kv_string(js, "baseline_value_added_gap_country",
                      tw_world_country_code(w, c->value_added_country));
    tw_json_kv_number(js, "baseline_absorption_gap", c->absorption_gap);
    tw_json_kv_string(js, "baseline_absorption_gap_country",
                      tw_world_country_code(w, c->absorption_country));
    tw_json_kv_number(js, "baseline_flow_gap", c->flow_gap);
    if (c->flow_sector >= 0) {
        tw_json_kv_string(js, "baseline_flow_gap_exporter",
                          tw_world_country_code(w, c->flow_exporter));
        tw_json_kv_string(js, "baseline_flow_gap_importer",
                          tw_world_country_code(w, c->flow_importer));
        tw_json_kv_string(js, "baseline_flow_gap_sector", tw_world_sector_code(w, c->flow_sector));
    }
    tw_json_kv_int(js, "baseline_flows_over_tolerance", c->flows_over_tolerance);
    tw_json_kv_int(js, "flows", c->flows);
    tw_json_kv_number(js, "baseline_flow_gap_share", c->flow_gap_share);
    tw_json_key(js, "baseline_largest_flow_gaps");
    tw_json_array_begin(js);
    for (int t = 0; t < c->ntop; t++) {
        const tw_flow_gap *g = &c->top[t];
        tw_json_object_begin(js);
        tw_json_kv_string(js, "exporter", tw_world_country_code(w, g->exporter));
        tw_json_kv_string(js, "importer", tw_world_country_code(w, g->importer));
        tw_json_kv_number(js, "data", g->data);
        tw_json_kv_number(js, "baseline", g->baseline);
        tw_json_kv_number(js, "gap_pct", g->data > 0 ? 100.0 * (g->baseline / g->data - 1.0)
                                                     : 0.0);
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
}

tw_status tw_json_write_world(tw_sink out, const tw_world *w, const tw_model *m, tw_error *err)
{
    tw_dims d = tw_world_dims(w);
    const double *va = tw_world_value_added(w), *def = tw_world_deficit(w);
    double max_dev;
    int renorm = tw_world_renormalised(w, &max_dev);
    tw_json js;
    begin_document(&js, out);
    tw_json_kv_string(&js, "name", tw_world_name(w));
    tw_json_key(&js, "year");
    if (tw_world_year(w))
        tw_json_int(&js, tw_world_year(w));
    else
        tw_json_null(&js);
    tw_json_kv_string(&js, "unit", tw_world_unit(w));
    tw_json_kv_string(&js, "description", tw_world_description(w));
    tw_json_kv_string(&js, "elasticities", tw_world_elasticity_set(w));
    tw_json_key(&js, "elasticity_sets");
    tw_json_array_begin(&js);
    for (int s = 0; s < tw_world_elasticity_set_count(w); s++)
        tw_json_string(&js, tw_world_elasticity_set_name(w, s));
    tw_json_array_end(&js);
    tw_json_key(&js, "countries");
    tw_json_array_begin(&js);
    for (int n = 0; n < d.n; n++) {
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", tw_world_country_code(w, n));
        tw_json_kv_string(&js, "name", tw_world_country_name(w, n));
        tw_json_kv_number(&js, "value_added", va[n]);
        tw_json_kv_number(&js, "deficit", def[n]);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_key(&js, "sectors");
    tw_json_array_begin(&js);
    for (int j = 0; j < d.j; j++) {
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", tw_world_sector_code(w, j));
        tw_json_kv_string(&js, "name", tw_world_sector_name(w, j));
        tw_json_kv_number(&js, "theta", tw_world_theta(w, j));
        tw_json_kv_bool(&js, "goods", tw_world_sector_is_goods(w, j));
        if (tw_world_sector_parent(w, j) >= 0)
            tw_json_kv_string(&js, "carved_from",
                              tw_world_sector_code(w, tw_world_sector_parent(w, j)));
        int members = 0;
        for (int k = 0; k < d.j; k++)
            members += tw_world_input_nested(w, k, j);
        if (members) { /* only sectors with a CES nest */
            tw_json_kv_number(&js, "input_elasticity", tw_world_input_elasticity(w, j));
            tw_json_key(&js, "nested_inputs");
            tw_json_array_begin(&js);
            for (int k = 0; k < d.j; k++)
                if (tw_world_input_nested(w, k, j))
                    tw_json_string(&js, tw_world_sector_code(w, k));
            tw_json_array_end(&js);
        }
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_key(&js, "checks");
    tw_json_object_begin(&js);
    tw_json_kv_int(&js, "renormalised_shares", renorm);
    tw_json_kv_number(&js, "max_share_deviation", max_dev);
    tw_json_kv_int(&js, "final_demand_clamped", tw_world_final_clamped(w));
    tw_json_kv_bool(&js, "baseline_solved", m != NULL);
    if (m) {
        tw_baseline_checks c;
        tw_status st = tw_baseline_checks_compute(m, &c, err);
        if (st)
            return st;
        baseline_checks_json(&js, w, &c);
    }
    tw_json_object_end(&js);
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}

/* --- solve --- */

/* The sector with the largest share of country n's first-order welfare change, and the share
 * (tw_results_dominant_sector). */
static void top_sector_json(tw_json *js, const tw_world *w, const tw_results *r, int n)
{
    double share;
    int top = tw_results_dominant_sector(r, n, &share);
    tw_json_key(js, "top_sector");
    if (top >= 0)
        tw_json_string(js, tw_world_sector_code(w, top));
    else
        tw_json_null(js);
    tw_json_kv_number(js, "top_sector_share", share);
}

/* Sector j's parts of country n's first-order decomposition. */
static void sector_decomp_json(tw_json *js, const tw_results *r, int n, int j)
{
    size_t at = tw_ix_nj(r->d, n, j);
    tw_json_kv_number(js, "tot_pct", r->sector_tot_pct[at]);
    tw_json_kv_number(js, "vot_pct", r->sector_vot_pct[at]);
    tw_json_kv_number(js, "trade_cost_pct", r->sector_trade_cost_pct[at]);
    tw_json_kv_number(js, "welfare_decomp_pct", tw_results_sector_welfare_pct(r, n, j));
}

static void input_nests_json(tw_json *js, const tw_model *m)
{
    const tw_world *w = tw_model_world(m);
    int J = tw_world_dims(w).j;
    tw_json_key(js, "input_nests");
    tw_json_array_begin(js);
    for (int j = 0; j < J; j++) {
        int members = 0;
        for (int k = 0; k < J; k++)
            members += tw_model_input_nested(m, k, j);
        if (!members)
            continue;
        tw_json_object_begin(js);
        tw_json_kv_string(js, "using_sector", tw_world_sector_code(w, j));
        tw_json_kv_number(js, "elasticity", tw_model_input_elasticity(m, j));
        tw_json_key(js, "inputs");
        tw_json_array_begin(js);
        for (int k = 0; k < J; k++)
            if (tw_model_input_nested(m, k, j))
                tw_json_string(js, tw_world_sector_code(w, k));
        tw_json_array_end(js);
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
}

tw_status tw_json_write_solve(tw_sink out, const tw_solve_document *doc, tw_error *err)
{
    const tw_results *r = doc->results;
    const tw_world *w = tw_model_world(doc->model);
    tw_dims d = r->d;
    char k0[96], k1[96];
    tariff_key(k0, sizeof k0, "_baseline_pct");
    tariff_key(k1, sizeof k1, "_pct");
    tw_json js;
    begin_document(&js, out);
    tw_json_kv_string(&js, "world", tw_world_name(w));
    tw_json_kv_string(&js, "unit", tw_world_unit(w));
    tw_json_kv_string(&js, "shock", doc->shock);
    tw_json_kv_string(&js, "deficits",
                      tw_deficit_closure_name(tw_model_get_options(doc->model).deficits));
    tw_json_kv_string(&js, "elasticities", tw_world_elasticity_set(w));
    tw_json_kv_number(&js, "world_real_income_pct", r->world_real_income_pct);
    input_nests_json(&js, doc->model);
    if (doc->equilibrium && (tw_world_horizon(w) != TW_HORIZON_LONG ||
                             tw_model_has_specific_factors(doc->model)) &&
        tw_json_horizon(&js, doc->model, doc->equilibrium))
        js.status = TW_ERR_NOMEM;
    tw_json_key(&js, "countries");
    tw_json_array_begin(&js);
    for (int n = 0; n < d.n; n++) {
        const tw_country_result *c = &r->country[n];
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", tw_world_country_code(w, n));
        tw_json_kv_number(&js, "real_income_pct", c->real_income_pct);
        tw_json_kv_number(&js, "tot_pct", c->tot_pct);
        tw_json_kv_number(&js, "vot_pct", c->vot_pct);
        tw_json_kv_number(&js, "trade_cost_pct", c->trade_cost_pct);
        tw_json_kv_number(&js, "welfare_decomp_pct", c->welfare_decomp_pct);
        tw_json_kv_number(&js, "real_wage_pct", c->real_wage_pct);
        tw_json_kv_number(&js, "wage_hat", c->wage_hat);
        tw_json_kv_number(&js, "price_hat", c->price_hat);
        tw_json_kv_number(&js, "income_hat", c->income_hat);
        tw_json_kv_number(&js, "tariff_revenue_baseline", c->tariff_revenue_base);
        tw_json_kv_number(&js, "tariff_revenue", c->tariff_revenue);
        tw_json_kv_number(&js, k0, 100.0 * r->avg_tariff_goods_base[n]);
        tw_json_kv_number(&js, k1, 100.0 * r->avg_tariff_goods[n]);
        tw_json_kv_number(&js, "exports_baseline", c->exports_base);
        tw_json_kv_number(&js, "exports", c->exports);
        tw_json_kv_number(&js, "imports_baseline", c->imports_base);
        tw_json_kv_number(&js, "imports", c->imports);
        top_sector_json(&js, w, r, n);
        tw_json_kv_number(&js, "welfare_pct", c->welfare_pct);
        tw_json_kv_number(&js, "employment_pct", c->employment_pct);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_key(&js, "trade");
    tw_json_array_begin(&js);
    for (int i = 0; i < d.n; i++)
        for (int n = 0; n < d.n; n++) {
            if (i == n)
                continue;
            size_t at = tw_ix_ni(d, n, i);
            tw_json_object_begin(&js);
            tw_json_kv_string(&js, "exporter", tw_world_country_code(w, i));
            tw_json_kv_string(&js, "importer", tw_world_country_code(w, n));
            tw_json_kv_number(&js, "baseline", r->trade_base[at]);
            tw_json_kv_number(&js, "counterfactual", r->trade[at]);
            tw_json_kv_number(&js, "change_pct", tw_pct_change(r->trade[at], r->trade_base[at]));
            tw_json_kv_number(&js, "goods_baseline", r->goods_base[at]);
            tw_json_kv_number(&js, "goods_counterfactual", r->goods[at]);
            tw_json_kv_number(&js, "goods_change_pct",
                              tw_pct_change(r->goods[at], r->goods_base[at]));
            tw_json_kv_number(&js, k0, 100.0 * r->goods_tariff_base[at]);
            tw_json_kv_number(&js, k1, 100.0 * r->goods_tariff[at]);
            tw_json_object_end(&js);
        }
    tw_json_array_end(&js);
    tw_json_key(&js, "output");
    tw_json_array_begin(&js);
    for (int n = 0; n < d.n; n++)
        for (int j = 0; j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            tw_json_object_begin(&js);
            tw_json_kv_string(&js, "country", tw_world_country_code(w, n));
            tw_json_kv_string(&js, "sector", tw_world_sector_code(w, j));
            tw_json_kv_number(&js, "baseline", r->output_base[at]);
            tw_json_kv_number(&js, "counterfactual", r->output[at]);
            tw_json_kv_number(&js, "change_pct", tw_pct_change(r->output[at], r->output_base[at]));
            tw_json_kv_number(&js, "price_hat", r->sector_price_hat[at]);
            sector_decomp_json(&js, r, n, j);
            tw_json_object_end(&js);
        }
    tw_json_array_end(&js);
    tw_json_solver_record(&js, "baseline_solver", doc->baseline);
    tw_json_solver_record(&js, "solver", doc->solver);
    tw_json_warnings(&js, doc->warnings);
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}

/* --- timeline --- */

/* The groups a scenario shows: its players, then its watched countries, as member lists. */
typedef struct shown_groups {
    int n, nplayers;
    const char **name;
    int **members;
    int *size;
} shown_groups;

static void groups_free(shown_groups *g)
{
    for (int q = 0; q < g->n; q++)
        free(g->members[q]);
    free(g->members);
    free(g->name);
    free(g->size);
}

static tw_status groups_make(const tw_plan *plan, shown_groups *g)
{
    const tw_scenario *s = tw_plan_scenario(plan);
    const tw_world *w = tw_plan_world(plan);
    int N = tw_world_dims(w).n;
    g->nplayers = tw_scenario_player_count(s);
    int total = g->nplayers + tw_scenario_watch_count(s);
    g->n = 0;
    g->name = calloc((size_t)total + 1, sizeof *g->name);
    g->members = calloc((size_t)total + 1, sizeof *g->members);
    g->size = calloc((size_t)total + 1, sizeof *g->size);
    if (!g->name || !g->members || !g->size) {
        groups_free(g);
        return TW_ERR_NOMEM;
    }
    for (int k = 0; k < total; k++) {
        const char *name = k < g->nplayers ? tw_scenario_player(s, k)
                                           : tw_scenario_watch(s, k - g->nplayers);
        int *mem = malloc((size_t)N * sizeof *mem);
        if (!mem) {
            groups_free(g);
            return TW_ERR_NOMEM;
        }
        int cnt = tw_plan_country_group(plan, name, mem, N);
        g->name[g->n] = name;
        g->members[g->n] = mem;
        g->size[g->n] = cnt > N ? N : cnt;
        g->n++;
        /* The names were resolved when the scenario was bound: only memory can fail now. */
        if (cnt < 0) {
            groups_free(g);
            return TW_ERR_NOMEM;
        }
    }
    return TW_OK;
}

tw_status tw_json_write_timeline(tw_sink out, const tw_plan *p, const tw_timeline *t,
                                 tw_error *err)
{
    const tw_scenario *s = tw_plan_scenario(p);
    const tw_world *w = tw_plan_world(p);
    tw_dims d = tw_world_dims(w);
    shown_groups g;
    tw_warnings *warn = tw_warnings_create();
    if (!warn || tw_timeline_warnings(p, t, warn) || groups_make(p, &g)) {
        tw_warnings_free(warn);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    char key[96];
    tariff_key(key, sizeof key, "_pct");
    tw_json js;
    begin_document(&js, out);
    tw_json_kv_string(&js, "title", tw_scenario_title(s));
    tw_json_kv_string(&js, "world", tw_world_name(w));
    tw_json_kv_string(&js, "unit", tw_world_unit(w));
    tw_json_kv_string(&js, "deficits", tw_deficit_closure_name(tw_scenario_deficits(s)));
    tw_json_kv_string(&js, "elasticities", tw_world_elasticity_set(w));
    tw_json_kv_string(&js, "baseline", tw_scenario_baseline_date(s));
    tw_json_kv_string(&js, "reference", tw_scenario_reference_first(s) ? "first" : "baseline");
    tw_json_key(&js, "branches");
    tw_json_array_begin(&js);
    for (int b = 0; b < tw_timeline_branch_count(t); b++)
        tw_json_string(&js, tw_timeline_branch(t, b));
    tw_json_array_end(&js);
    tw_json_key(&js, "steps");
    tw_json_array_begin(&js);
    for (int k = 0; k < tw_timeline_steps(t); k++) {
        tw_timeline_step st = tw_timeline_step_get(t, k);
        const tw_results *r = st.results;
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "date", st.date);
        tw_json_kv_string(&js, "branch", st.branch);
        tw_json_kv_string(&js, "label", st.label);
        tw_json_kv_int(&js, "after", st.parent);
        tw_json_kv_number(&js, "world_real_income_pct", r->world_real_income_pct);
        tw_json_key(&js, "countries");
        tw_json_array_begin(&js);
        for (int n = 0; n < d.n; n++) {
            const tw_country_result *cr = &r->country[n];
            tw_json_object_begin(&js);
            tw_json_kv_string(&js, "code", tw_world_country_code(w, n));
            tw_json_kv_number(&js, "real_income_pct", cr->real_income_pct);
            tw_json_kv_number(&js, "real_wage_pct", cr->real_wage_pct);
            tw_json_kv_number(&js, "wage_change_pct", 100.0 * (cr->wage_hat - 1.0));
            tw_json_kv_number(&js, "price_change_pct", 100.0 * (cr->price_hat - 1.0));
            tw_json_kv_number(&js, "tot_pct", cr->tot_pct);
            tw_json_kv_number(&js, "vot_pct", cr->vot_pct);
            tw_json_kv_number(&js, "trade_cost_pct", cr->trade_cost_pct);
            tw_json_kv_number(&js, "welfare_decomp_pct", cr->welfare_decomp_pct);
            top_sector_json(&js, w, r, n);
            tw_json_kv_number(&js, "tariff_revenue", cr->tariff_revenue);
            tw_json_kv_number(&js, "tariff_revenue_base", cr->tariff_revenue_base);
            tw_json_kv_number(&js, "export_tax_revenue", cr->export_tax_revenue);
            tw_json_kv_number(&js, "quota_rent", cr->quota_rent);
            tw_json_kv_number(&js, "exports_change_pct",
                              tw_pct_change(cr->exports, cr->exports_base));
            tw_json_kv_number(&js, "imports_change_pct",
                              tw_pct_change(cr->imports, cr->imports_base));
            tw_json_kv_number(&js, key, 100.0 * r->avg_tariff_goods[n]);
            tw_json_kv_number(&js, "welfare_pct", cr->welfare_pct);
            tw_json_kv_number(&js, "employment_pct", cr->employment_pct);
            tw_json_object_end(&js);
        }
        tw_json_array_end(&js);
        tw_json_key(&js, "groups");
        tw_json_array_begin(&js);
        for (int q = 0; q < g.n; q++) {
            tw_json_object_begin(&js);
            tw_json_kv_string(&js, "name", g.name[q]);
            tw_json_kv_number(&js, "real_income_pct",
                              tw_group_real_income_pct(r, g.members[q], g.size[q]));
            tw_json_object_end(&js);
        }
        tw_json_array_end(&js);
        tw_json_key(&js, "trade");
        tw_json_array_begin(&js);
        for (int a = 0; a < g.n; a++)
            for (int b = 0; b < g.n; b++) {
                if (a == b || (a >= g.nplayers && b >= g.nplayers))
                    continue;
                double b0, b1, g0, g1;
                tw_group_trade(r, TW_SECTORS_ALL, g.members[a], g.size[a], g.members[b],
                               g.size[b], &b0, &b1);
                tw_group_trade(r, TW_SECTORS_GOODS, g.members[a], g.size[a], g.members[b],
                               g.size[b], &g0, &g1);
                tw_json_object_begin(&js);
                tw_json_kv_string(&js, "exporter", g.name[a]);
                tw_json_kv_string(&js, "importer", g.name[b]);
                tw_json_kv_number(&js, "base", b0);
                tw_json_kv_number(&js, "counterfactual", b1);
                tw_json_kv_number(&js, "change_pct", tw_pct_change(b1, b0));
                tw_json_kv_number(&js, "goods_change_pct", tw_pct_change(g1, g0));
                tw_json_kv_number(&js, key,
                                  100.0 * tw_tariff_average_of_pairs(
                                              w, NULL, st.bilateral_tariff, g.members[b],
                                              g.size[b], g.members[a], g.size[a]));
                tw_json_object_end(&js);
            }
        tw_json_array_end(&js);
        tw_json_key(&js, "sectors");
        tw_json_array_begin(&js);
        for (int q = 0; q < g.n; q++) {
            if (g.size[q] != 1)
                continue;
            int n = g.members[q][0];
            for (int j = 0; j < d.j; j++) {
                size_t at = tw_ix_nj(d, n, j);
                tw_json_object_begin(&js);
                tw_json_kv_string(&js, "country", g.name[q]);
                tw_json_kv_string(&js, "sector", tw_world_sector_code(w, j));
                tw_json_kv_number(&js, "output_base", r->output_base[at]);
                tw_json_kv_number(&js, "output", r->output[at]);
                tw_json_kv_number(&js, "output_change_pct",
                                  tw_pct_change(r->output[at], r->output_base[at]));
                tw_json_kv_number(&js, "price_change_pct",
                                  100.0 * (r->sector_price_hat[at] - 1.0));
                sector_decomp_json(&js, r, n, j);
                tw_json_object_end(&js);
            }
        }
        tw_json_array_end(&js);
        const double *spec, *mob;
        if (tw_timeline_step_factors(t, k, &spec, &mob)) /* specific factors only */
            tw_json_factors(&js, w, spec, mob);
        tw_json_solver_record(&js, "solver", st.report);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_warnings(&js, warn);
    tw_json_object_end(&js);
    groups_free(&g);
    tw_warnings_free(warn);
    return tw_json_finish(&js, err);
}
