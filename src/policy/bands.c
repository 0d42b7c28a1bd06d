/* SPDX-License-Identifier: MIT */
/* The outputs of a timeline and of a brief under parameter draws (tradewar/bands.h): moved
 * here from the program's run_draws.c and brief_draws.c so that bindings get the same bands
 * as `tradewar run --draws` and `tradewar brief --draws`. */
#include "tradewar/bands.h"

#include <stdlib.h>

#include "core/error.h"
#include "tradewar/groups.h"
#include "tradewar/strategy.h"

/* ---- timelines ---- */

static int shown(const tw_scenario *s)
{
    int n = tw_scenario_player_count(s) + tw_scenario_watch_count(s);
    return n < TW_RUN_BANDS_MAX_GROUPS ? n : TW_RUN_BANDS_MAX_GROUPS;
}

int tw_run_bands_groups(const tw_scenario *s) { return shown(s) + 1; }

const char *tw_run_bands_group_name(const tw_scenario *s, int g)
{
    int np = tw_scenario_player_count(s), ns = shown(s);
    if (g < 0 || g > ns)
        return NULL;
    return g == ns ? "World" : g < np ? tw_scenario_player(s, g) : tw_scenario_watch(s, g - np);
}

int tw_run_bands_outputs(const tw_scenario *s, int steps) { return steps * (shown(s) + 1); }
int tw_run_bands_index(const tw_scenario *s, int k, int g) { return k * (shown(s) + 1) + g; }

tw_status tw_run_bands_values(const tw_plan *p, const tw_timeline *t, double *out)
{
    const tw_scenario *s = tw_plan_scenario(p);
    int N = tw_world_dims(tw_plan_world(p)).n, ns = shown(s);
    int *members = malloc((size_t)N * sizeof *members);
    if (!members)
        return TW_ERR_NOMEM;
    for (int k = 0; k < tw_timeline_steps(t); k++) {
        tw_timeline_step st = tw_timeline_step_get(t, k);
        for (int g = 0; g < ns; g++) {
            int cnt = tw_plan_country_group(p, tw_run_bands_group_name(s, g), members, N);
            if (cnt < 0) { /* resolved at binding: only memory can fail now */
                free(members);
                return TW_ERR_NOMEM;
            }
            out[tw_run_bands_index(s, k, g)] =
                tw_group_real_income_pct(st.results, members, cnt > N ? N : cnt);
        }
        out[tw_run_bands_index(s, k, ns)] = st.results->world_real_income_pct;
    }
    free(members);
    return TW_OK;
}

tw_status tw_run_bands_eval(void *vctx, const tw_model *m, tw_solver *s, double *out,
                            tw_error *err)
{
    const tw_run_bands_ctx *c = vctx;
    tw_plan *plan = NULL;
    tw_timeline *t = NULL;
    tw_status st = tw_scenario_bind(c->scenario, tw_model_world(m), &plan, err);
    if (!st)
        st = tw_timeline_run_games(plan, m, s, tw_scenario_game_solve, NULL, &t, err);
    if (!st && tw_timeline_steps(t) != c->steps)
        st = tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "steps",
                     "the timeline has %d steps in this draw, %d at the point estimate",
                     tw_timeline_steps(t), c->steps);
    if (!st && tw_run_bands_values(plan, t, out))
        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    tw_timeline_free(t);
    tw_plan_free(plan);
    return st;
}

/* ---- briefs ---- */

#define NC TW_BRIEF_BANDS_COUNTRY_FIELDS
#define NP TW_BRIEF_BANDS_PAIR_FIELDS
static const char *const country_field[NC] = {
    "real_income_pct",           "cpi_change_pct",
    "cost_per_household_usd",    "tariff_revenue_ge_usd",
    "imports_goods_usd",         "avg_tariff_goods_counterfactual_import_weighted_pct"};
static const char *const pair_field[NP] = {"avg_tariff_goods_counterfactual_import_weighted_pct",
                                           "import_share_goods_pct"};

const char *tw_brief_bands_country_field(int f)
{
    return f >= 0 && f < NC ? country_field[f] : NULL;
}

const char *tw_brief_bands_pair_field(int f) { return f >= 0 && f < NP ? pair_field[f] : NULL; }

static int per_step(int ng) { return ng * NC + ng * (ng + 1) * NP; }
int tw_brief_bands_outputs(int steps, int groups) { return steps * per_step(groups); }
int tw_brief_bands_country(int ng, int k, int g, int f) { return k * per_step(ng) + g * NC + f; }
int tw_brief_bands_pair(int ng, int k, int g, int q, int f)
{
    return k * per_step(ng) + ng * NC + (g * (ng + 1) + q) * NP + f;
}

void tw_brief_bands_values(const tw_brief *b, double *out)
{
    double usd = tw_world_usd_per_unit(tw_plan_world(tw_brief_plan(b)));
    int ng = tw_brief_group_count(b);
    for (int k = 0; k < tw_brief_steps(b); k++)
        for (int g = 0; g < ng; g++) {
            const tw_brief_country *c = tw_brief_country_get(b, k, g);
            double v[NC] = {c->real_income_pct,         c->cpi_change_pct,
                            c->cost_per_household_usd,  c->tariff_revenue_ge * usd,
                            c->imports_goods * usd,     c->etr_substitution_pct};
            for (int f = 0; f < NC; f++)
                out[tw_brief_bands_country(ng, k, g, f)] = v[f];
            for (int q = 0; q <= ng; q++) {
                const tw_brief_pair *p = tw_brief_pair_get(b, k, g, q);
                out[tw_brief_bands_pair(ng, k, g, q, 0)] = p->etr_substitution_pct;
                out[tw_brief_bands_pair(ng, k, g, q, 1)] = p->import_share_pct;
            }
        }
}

tw_status tw_brief_bands_eval(void *vctx, const tw_model *m, tw_solver *s, double *out,
                              tw_error *err)
{
    const tw_brief_bands_ctx *c = vctx;
    tw_plan *plan = NULL;
    tw_brief *b = NULL;
    tw_brief_options bo;
    tw_brief_options_init(&bo);
    bo.households = c->households;
    tw_status st = tw_scenario_bind(c->scenario, tw_model_world(m), &plan, err);
    if (!st)
        st = tw_brief_run(plan, m, s, tw_scenario_game_solve, NULL, &bo, &b, err);
    if (!st && (tw_brief_steps(b) != c->steps || tw_brief_group_count(b) != c->groups))
        st = tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "steps",
                     "the brief has %d steps and %d groups in this draw, %d and %d at the "
                     "point estimate",
                     tw_brief_steps(b), tw_brief_group_count(b), c->steps, c->groups);
    if (!st)
        tw_brief_bands_values(b, out);
    tw_brief_free(b);
    tw_plan_free(plan);
    return st;
}
