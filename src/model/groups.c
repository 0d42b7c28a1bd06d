/* SPDX-License-Identifier: MIT */
/* Group results: real income, trade and the average tariff of groups of countries
 * (tradewar/groups.h, docs/json.md "Average tariffs"). */
#include "tradewar/groups.h"

#include <math.h>

#include "model/model_internal.h"

static int counterfactual(const tw_tariff_average *a)
{
    return a && a->weighting == TW_WEIGHTS_COUNTERFACTUAL;
}

const char *tw_tariff_average_label(const tw_tariff_average *a)
{
    int goods = !a || a->sectors == TW_SECTORS_GOODS, custom = a && a->weights;
    if (counterfactual(a))
        return goods ? "average tariff on goods, weighted by counterfactual imports"
                     : "average tariff on goods and services, weighted by counterfactual imports";
    if (custom)
        return goods ? "average tariff on goods, weighted by the given weights"
                     : "average tariff on all sectors, weighted by the given weights";
    return goods ? "average tariff on goods, weighted by baseline imports"
                 : "average tariff on goods and services, weighted by baseline imports";
}

const char *tw_tariff_average_key(const tw_tariff_average *a)
{
    int goods = !a || a->sectors == TW_SECTORS_GOODS, custom = a && a->weights;
    if (counterfactual(a))
        return goods ? "avg_tariff_goods_counterfactual_import_weighted"
                     : "avg_tariff_all_counterfactual_import_weighted";
    if (custom)
        return goods ? "avg_tariff_goods_custom_weighted" : "avg_tariff_all_custom_weighted";
    return goods ? "avg_tariff_goods_import_weighted" : "avg_tariff_all_import_weighted";
}

static int covered(const tw_world *w, const tw_tariff_average *a, int j)
{
    return (a && a->sectors == TW_SECTORS_ALL) || tw_world_sector_is_goods(w, j);
}

/* NULL for counterfactual weighting without weights (every average is then NAN). */
static const double *weights_of(const tw_world *w, const tw_tariff_average *a)
{
    if (a && a->weights)
        return a->weights;
    return counterfactual(a) ? NULL : tw_world_flows(w);
}

/* Sums weight and weight x tariff over the covered sectors of pair (n, i), or over sector
 * only_j alone when it is >= 0. */
static void pair_sums_in(const tw_world *w, const tw_tariff_average *a, const double *tariffs,
                         int n, int i, int only_j, double *wsum, double *tsum)
{
    tw_dims d = tw_world_dims(w);
    const double *wt = weights_of(w, a);
    if (!wt)
        return;
    for (int j = 0; j < d.j; j++) {
        if (only_j >= 0 ? j != only_j : !covered(w, a, j))
            continue;
        size_t at = tw_ix_nij(d, n, i, j);
        *wsum += wt[at];
        if (tariffs)
            *tsum += wt[at] * tariffs[at];
    }
}

static void pair_sums(const tw_world *w, const tw_tariff_average *a, const double *tariffs,
                      int n, int i, double *wsum, double *tsum)
{
    pair_sums_in(w, a, tariffs, n, i, -1, wsum, tsum);
}

/* Sums of weight and weight x tariff over the pairs (n, i), i != n, of the groups (n_exporters
 * 0: every exporter). With pairs, each pair counts with its total weight and its average
 * pairs[n][i]; otherwise sector by sector with tariffs[j][n][i]. */
static void group_sums(const tw_world *w, const tw_tariff_average *a, const double *tariffs,
                       const double *pairs, const int *importers, int n_importers,
                       const int *exporters, int n_exporters, double *ws, double *ts)
{
    tw_dims d = tw_world_dims(w);
    int ne = n_exporters > 0 ? n_exporters : d.n;
    for (int p = 0; p < n_importers; p++)
        for (int q = 0; q < ne; q++) {
            int n = importers[p], i = n_exporters > 0 ? exporters[q] : q;
            if (n == i)
                continue;
            if (!pairs) {
                pair_sums(w, a, tariffs, n, i, ws, ts);
                continue;
            }
            double pw = 0.0, none = 0.0;
            pair_sums(w, a, NULL, n, i, &pw, &none);
            *ws += pw;
            *ts += pw * pairs[tw_ix_ni(d, n, i)];
        }
}

double tw_tariff_average_group(const tw_world *w, const tw_tariff_average *a,
                               const double *tariffs, const int *importers, int n_importers,
                               const int *exporters, int n_exporters)
{
    double ws = 0.0, ts = 0.0;
    group_sums(w, a, tariffs, NULL, importers, n_importers, exporters, n_exporters, &ws, &ts);
    return ws > 0 ? ts / ws : NAN;
}

/* The pairs' averages, importer by importer and sector by sector in blocks of PAIR_BLOCK
 * exporters: the weights and tariffs [j][n][i] are read along i (contiguous) instead of with
 * stride N*N for each pair, and each pair's terms are still added in pair_sums's order (j
 * ascending, the same operations), so the averages are the same bits. */
#define PAIR_BLOCK 256
void tw_tariff_average_pairs(const tw_world *w, const tw_tariff_average *a,
                             const double *tariffs, double *out)
{
    tw_dims d = tw_world_dims(w);
    const double *wt = weights_of(w, a);
    for (int n = 0; n < d.n; n++)
        for (int i0 = 0; i0 < d.n; i0 += PAIR_BLOCK) {
            int len = d.n - i0 < PAIR_BLOCK ? d.n - i0 : PAIR_BLOCK;
            double ws[PAIR_BLOCK], ts[PAIR_BLOCK];
            for (int k = 0; k < len; k++)
                ws[k] = ts[k] = 0.0;
            for (int j = 0; wt && j < d.j; j++) {
                if (!covered(w, a, j))
                    continue;
                size_t at = tw_ix_nij(d, n, i0, j);
                const double *wr = wt + at;
                for (int k = 0; k < len; k++)
                    ws[k] += wr[k];
                if (tariffs)
                    for (int k = 0; k < len; k++)
                        ts[k] += wr[k] * tariffs[at + (size_t)k];
            }
            for (int k = 0; k < len; k++) {
                int i = i0 + k;
                out[tw_ix_ni(d, n, i)] = i != n && ws[k] > 0 ? ts[k] / ws[k] : 0.0;
            }
        }
}

double tw_tariff_average_of_pairs(const tw_world *w, const tw_tariff_average *a,
                                  const double *pairs, const int *importers, int n_importers,
                                  const int *exporters, int n_exporters)
{
    double ws = 0.0, ts = 0.0;
    group_sums(w, a, NULL, pairs, importers, n_importers, exporters, n_exporters, &ws, &ts);
    return ws > 0 ? ts / ws : NAN;
}

double tw_tariff_average_sector(const tw_world *w, const tw_tariff_average *a,
                                const double *tariffs, int sector, const int *importers,
                                int n_importers, const int *exporters, int n_exporters)
{
    tw_dims d = tw_world_dims(w);
    if (sector < 0 || sector >= d.j)
        return NAN;
    double ws = 0.0, ts = 0.0;
    int ne = n_exporters > 0 ? n_exporters : d.n;
    for (int p = 0; p < n_importers; p++)
        for (int q = 0; q < ne; q++) {
            int n = importers[p], i = n_exporters > 0 ? exporters[q] : q;
            if (n != i)
                pair_sums_in(w, a, tariffs, n, i, sector, &ws, &ts);
        }
    return ws > 0 ? ts / ws : NAN;
}

double tw_group_real_income_pct(const tw_results *r, const int *members, int n_members)
{
    double a = 0.0, b = 0.0;
    for (int k = 0; k < n_members; k++) {
        const tw_country_result *c = &r->country[members[k]];
        a += c->income_base * c->real_income_pct;
        b += c->income_base;
    }
    return b > 0 ? a / b : NAN;
}

void tw_group_trade(const tw_results *r, tw_sector_set sectors, const int *exporters,
                    int n_exporters, const int *importers, int n_importers, double *before,
                    double *after)
{
    int goods = sectors == TW_SECTORS_GOODS;
    double b0 = 0.0, b1 = 0.0;
    for (int a = 0; a < n_importers; a++)
        for (int e = 0; e < n_exporters; e++) {
            int n = importers[a], i = exporters[e];
            if (n == i)
                continue;
            size_t at = tw_ix_ni(r->d, n, i);
            b0 += (goods ? r->goods_base : r->trade_base)[at];
            b1 += (goods ? r->goods : r->trade)[at];
        }
    if (before)
        *before = b0;
    if (after)
        *after = b1;
}

double tw_pct_change(double after, double before)
{
    return before > 0 ? 100.0 * (after / before - 1.0) : NAN;
}

tw_status tw_counterfactual_flows(const tw_model *m, const tw_equilibrium *e, double *out)
{
    if (!m || !e || !e->solved || !out)
        return TW_ERR_USAGE;
    tw_dims d = m->d;
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++) {
                size_t at = tw_ix_nij(d, n, i, j);
                /* As results.c's sales: spending x share, less the wedges on top of the
                 * exporter's price. */
                out[at] = i == n ? 0.0
                                 : e->x[tw_ix_nj(d, n, j)] * e->pi[at] /
                                       ((1.0 + e->tariff[at]) * (1.0 + tw_eq_export_tax(e, at)) *
                                        (1.0 + tw_eq_quota_wedge(e, at)));
            }
    return TW_OK;
}
