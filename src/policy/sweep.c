/* SPDX-License-Identifier: MIT */
/* Elasticity sweeps (tradewar/sweep.h): one timeline per elasticity of the input nests. */
#include "tradewar/sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "tradewar/groups.h"

void tw_elasticity_sweep_free(tw_elasticity_sweep *sw)
{
    if (!sw)
        return;
    for (int k = 0; k < sw->n_steps; k++) {
        free(sw->branches ? sw->branches[k] : NULL);
        free(sw->labels ? sw->labels[k] : NULL);
    }
    for (int g = 0; g < sw->n_groups; g++)
        free(sw->group_names ? sw->group_names[g] : NULL);
    free(sw->branches);
    free(sw->labels);
    free(sw->group_names);
    free(sw->dates);
    free(sw->elasticities);
    free(sw->real_income_pct);
    free(sw);
}

static tw_status nomem(tw_error *err)
{
    return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

/* After the first run: the steps' dates, branches and labels, the group names, and the
 * result array. */
static tw_status shape(tw_elasticity_sweep *sw, const tw_scenario *s, const tw_timeline *t)
{
    int nplayers = tw_scenario_player_count(s);
    sw->n_steps = tw_timeline_steps(t);
    sw->n_groups = nplayers + tw_scenario_watch_count(s) + 1;
    sw->dates = calloc((size_t)sw->n_steps + 1, sizeof *sw->dates);
    sw->branches = calloc((size_t)sw->n_steps + 1, sizeof *sw->branches);
    sw->labels = calloc((size_t)sw->n_steps + 1, sizeof *sw->labels);
    sw->group_names = calloc((size_t)sw->n_groups, sizeof *sw->group_names);
    sw->real_income_pct = calloc((size_t)sw->n_elasticities * sw->n_steps * sw->n_groups + 1,
                                 sizeof *sw->real_income_pct);
    if (!sw->dates || !sw->branches || !sw->labels || !sw->group_names || !sw->real_income_pct)
        return TW_ERR_NOMEM;
    for (int k = 0; k < sw->n_steps; k++) {
        tw_timeline_step st = tw_timeline_step_get(t, k);
        memcpy(sw->dates[k], st.date, sizeof sw->dates[k]);
        if (!(sw->branches[k] = dup_or_empty(st.branch)) ||
            !(sw->labels[k] = dup_or_empty(st.label)))
            return TW_ERR_NOMEM;
    }
    for (int g = 0; g < sw->n_groups; g++) {
        const char *name = g == sw->n_groups - 1 ? "World"
                           : g < nplayers        ? tw_scenario_player(s, g)
                                                 : tw_scenario_watch(s, g - nplayers);
        if (!(sw->group_names[g] = dup_or_empty(name)))
            return TW_ERR_NOMEM;
    }
    return TW_OK;
}

/* Real incomes of every group at every step of t into row e of sw. */
static tw_status record(tw_elasticity_sweep *sw, const tw_plan *plan, const tw_world *w,
                        const tw_timeline *t, int e)
{
    int N = tw_world_dims(w).n;
    int *members = malloc((size_t)N * sizeof *members);
    if (!members)
        return TW_ERR_NOMEM;
    for (int k = 0; k < sw->n_steps && k < tw_timeline_steps(t); k++) {
        tw_timeline_step st = tw_timeline_step_get(t, k);
        double *row = sw->real_income_pct + ((size_t)e * sw->n_steps + k) * sw->n_groups;
        for (int g = 0; g < sw->n_groups - 1; g++) {
            int cnt = tw_plan_country_group(plan, sw->group_names[g], members, N);
            if (cnt < 0) { /* resolved at binding: only memory can fail now */
                free(members);
                return TW_ERR_NOMEM;
            }
            row[g] = tw_group_real_income_pct(st.results, members, cnt > N ? N : cnt);
        }
        row[sw->n_groups - 1] = st.results->world_real_income_pct;
    }
    free(members);
    return TW_OK;
}

tw_status tw_elasticity_sweep_run(const tw_world *w, const tw_scenario *s,
                                  const tw_model_options *o,
                                  const double *elasticities, int n_elasticities,
                                  tw_game_solver_fn solve_game, void *ctx,
                                  tw_elasticity_sweep **out, tw_error *err)
{
    *out = NULL;
    if (n_elasticities < 1 || n_elasticities > TW_SWEEP_MAX_ELASTICITIES)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "an elasticity sweep takes 1 to %d elasticities",
                       TW_SWEEP_MAX_ELASTICITIES);
    for (int e = 0; e < n_elasticities; e++)
        if (!(elasticities[e] >= 0.0 && elasticities[e] <= 20.0))
            return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                           "elasticity %g is not in [0, 20]", elasticities[e]);
    tw_model_options opts;
    if (o)
        opts = *o;
    else
        tw_model_options_init(&opts);
    int nrules = opts.input_elasticity_count;
    tw_elasticity_sweep *sw = calloc(1, sizeof *sw);
    tw_input_elasticity *rules = malloc(((size_t)nrules + 1) * sizeof *rules);
    if (!sw || !rules) {
        free(sw);
        free(rules);
        return nomem(err);
    }
    sw->n_elasticities = n_elasticities;
    if (!(sw->elasticities = malloc((size_t)n_elasticities * sizeof *sw->elasticities))) {
        free(rules);
        tw_elasticity_sweep_free(sw);
        return nomem(err);
    }
    memcpy(sw->elasticities, elasticities, (size_t)n_elasticities * sizeof *elasticities);
    if (nrules)
        memcpy(rules, opts.input_elasticities, (size_t)nrules * sizeof *rules);
    opts.input_elasticities = rules;
    opts.input_elasticity_count = nrules + 1;
    tw_plan *plan = NULL;
    tw_status st = tw_scenario_bind(s, w, &plan, err);
    for (int e = 0; e < n_elasticities && !st; e++) {
        /* After the caller's rules, so that the swept elasticity wins for every nest. */
        rules[nrules] = (tw_input_elasticity){TW_NEST_MEMBERS, TW_ALL_SECTORS, elasticities[e]};
        tw_model *m = NULL;
        tw_solver *sv = NULL;
        tw_timeline *t = NULL;
        st = tw_model_create(w, &opts, &m, err);
        if (!st)
            st = tw_solver_create(m, NULL, &sv, err);
        if (!st)
            st = tw_timeline_run_games(plan, m, sv, solve_game, ctx, &t, err);
        tw_solver_free(sv);
        if (st && st != TW_ERR_NOMEM && err) {
            char msg[sizeof err->message];
            memcpy(msg, err->message, sizeof msg);
            snprintf(err->message, sizeof err->message, "elasticity %g: %.700s",
                     elasticities[e], msg);
        }
        if (!st && e == 0 && shape(sw, s, t))
            st = nomem(err);
        if (!st && record(sw, plan, w, t, e))
            st = nomem(err);
        tw_timeline_free(t);
        tw_model_free(m);
    }
    free(rules);
    tw_plan_free(plan);
    if (st) {
        tw_elasticity_sweep_free(sw);
        return st;
    }
    *out = sw;
    return TW_OK;
}
