/* SPDX-License-Identifier: MIT */
/* The model's rates of `tradewar tariffs` (tariffs_model.h): the averages of tradewar/groups.h
 * with baseline and with counterfactual import weights, recorded as the timeline solves. */
#include "cli/tariffs_model.h"
#include "core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void tw_tariffs_model_init(tw_tariffs_model *tm, const tw_world *w, const tw_tariffs_pair *pairs,
                           int n_pairs)
{
    memset(tm, 0, sizeof *tm);
    tm->w = w;
    tm->pairs = pairs;
    tm->n_pairs = n_pairs;
    tm->n_sectors = tw_world_dims(w).j;
}

/* The exporters of pair q as groups.h takes them (NULL, 0: every country but the importer). */
static const int *exporters(const tw_tariffs_pair *q, int *count)
{
    if (q->exp >= 0) {
        *count = 1;
        return &q->exp;
    }
    *count = q->n_group;
    return q->n_group ? q->group : NULL;
}

/* Import value of pair q in sector j from flows [j][n][i]. */
static double pair_value(const tw_world *w, const double *flows, const tw_tariffs_pair *q, int j)
{
    tw_dims d = tw_world_dims(w);
    int ne;
    const int *ex = exporters(q, &ne);
    double sum = 0.0;
    if (!ex) {
        for (int i = 0; i < d.n; i++)
            if (i != q->imp)
                sum += flows[tw_ix_nij(d, q->imp, i, j)];
        return sum;
    }
    for (int k = 0; k < ne; k++)
        if (ex[k] != q->imp)
            sum += flows[tw_ix_nij(d, q->imp, ex[k], j)];
    return sum;
}

static void pair_rates(const tw_tariffs_model *tm, const double *tariffs,
                       const tw_tariffs_pair *q, tw_tariffs_model_rate *out)
{
    const tw_world *w = tm->w;
    for (int j = 0; j <= tm->n_sectors; j++)
        out[j] = (tw_tariffs_model_rate){NAN, NAN, NAN};
    if (q->imp < 0)
        return;
    int ne;
    const int *ex = exporters(q, &ne);
    tw_tariff_average base = {TW_SECTORS_GOODS, NULL, TW_WEIGHTS_BASELINE};
    tw_tariff_average cf = {TW_SECTORS_GOODS, tm->flows, TW_WEIGHTS_COUNTERFACTUAL};
    double total = 0.0;
    for (int j = 0; j < tm->n_sectors; j++) {
        if (!tw_world_sector_is_goods(w, j))
            continue;
        tw_tariffs_model_rate *r = &out[1 + j];
        r->in_force = tw_tariff_average_sector(w, &base, tariffs, j, &q->imp, 1, ex, ne);
        r->after = tw_tariff_average_sector(w, &cf, tariffs, j, &q->imp, 1, ex, ne);
        r->value_after = pair_value(w, tm->flows, q, j);
        total += r->value_after;
    }
    out[0].in_force = tw_tariff_average_group(w, &base, tariffs, &q->imp, 1, ex, ne);
    out[0].after = tw_tariff_average_group(w, &cf, tariffs, &q->imp, 1, ex, ne);
    out[0].value_after = total;
}

tw_status tw_tariffs_model_observe(void *ctx, const tw_model *m, int k, const tw_policy *p,
                                   const tw_equilibrium *eq, const tw_results *r, tw_error *err)
{
    (void)r;
    tw_tariffs_model *tm = ctx;
    size_t per = (size_t)tm->n_pairs * (size_t)(tm->n_sectors + 1);
    if (k != tm->n_steps)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tariffs: step %d reported after %d steps", k, tm->n_steps);
    tw_dims d = tw_world_dims(tm->w);
    if (!tm->flows &&
        !(tm->flows = malloc((size_t)d.n * (size_t)d.n * (size_t)d.j * sizeof *tm->flows)))
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (tm->n_steps == tm->cap) {
        int cap = tm->cap ? 2 * tm->cap : 16;
        tw_tariffs_model_rate *nr = realloc(tm->rate, (size_t)cap * (per ? per : 1) * sizeof *nr);
        if (!nr)
            return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        tm->rate = nr;
        tm->cap = cap;
    }
    tw_status st = tw_counterfactual_flows(m, eq, tm->flows);
    if (st)
        return tw_fail(err, st, NULL, 0, 0, NULL, "tariffs: step %d is not solved", k);
    const double *tariffs = tw_policy_tariffs_const(p);
    for (int q = 0; q < tm->n_pairs; q++)
        pair_rates(tm, tariffs, &tm->pairs[q],
                   &tm->rate[(size_t)k * per + (size_t)q * (size_t)(tm->n_sectors + 1)]);
    tm->n_steps++;
    return TW_OK;
}

const tw_tariffs_model_rate *tw_tariffs_model_get(const tw_tariffs_model *tm, int k, int q)
{
    if (k < 0 || k >= tm->n_steps || q < 0 || q >= tm->n_pairs)
        return NULL;
    size_t per = (size_t)tm->n_pairs * (size_t)(tm->n_sectors + 1);
    return &tm->rate[(size_t)k * per + (size_t)q * (size_t)(tm->n_sectors + 1)];
}

void tw_tariffs_model_free(tw_tariffs_model *tm)
{
    free(tm->flows);
    free(tm->rate);
    tm->flows = NULL;
    tm->rate = NULL;
}
