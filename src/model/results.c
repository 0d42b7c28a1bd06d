/* SPDX-License-Identifier: MIT */
/* Results of a counterfactual relative to the model's baseline equilibrium (docs/model.md §6):
 * exact real income, the Caliendo-Parro first-order welfare decomposition, wages, prices,
 * trade and output. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "model/liberation.h"
#include "model/model_internal.h"
#include "tradewar/groups.h"

tw_results *tw_results_create(const tw_model *m)
{
    tw_results *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    tw_dims d = m->d;
    size_t nn = (size_t)d.n, nj = nn * d.j;
    r->d = d;
    r->country = calloc(nn, sizeof *r->country);
    r->trade_base = calloc(nn * nn, sizeof(double));
    r->trade = calloc(nn * nn, sizeof(double));
    r->goods_base = calloc(nn * nn, sizeof(double));
    r->goods = calloc(nn * nn, sizeof(double));
    r->goods_tariff_base = calloc(nn * nn, sizeof(double));
    r->goods_tariff = calloc(nn * nn, sizeof(double));
    r->output_base = calloc(nj, sizeof(double));
    r->output = calloc(nj, sizeof(double));
    r->sector_price_hat = calloc(nj, sizeof(double));
    r->avg_tariff_goods_base = calloc(nn, sizeof(double));
    r->avg_tariff_goods = calloc(nn, sizeof(double));
    r->sector_tot_pct = calloc(nj, sizeof(double));
    r->sector_vot_pct = calloc(nj, sizeof(double));
    r->sector_trade_cost_pct = calloc(nj, sizeof(double));
    if (!r->sector_tot_pct || !r->sector_vot_pct || !r->sector_trade_cost_pct ||
        !r->country || !r->trade_base || !r->trade || !r->goods_base || !r->goods ||
        !r->goods_tariff_base || !r->goods_tariff ||
        !r->output_base || !r->output || !r->sector_price_hat || !r->avg_tariff_goods_base ||
        !r->avg_tariff_goods) {
        tw_results_free(r);
        return NULL;
    }
    return r;
}

void tw_results_free(tw_results *r)
{
    if (!r)
        return;
    free(r->country);
    free(r->trade_base);
    free(r->trade);
    free(r->goods_base);
    free(r->goods);
    free(r->goods_tariff_base);
    free(r->goods_tariff);
    free(r->output_base);
    free(r->output);
    free(r->sector_price_hat);
    free(r->avg_tariff_goods_base);
    free(r->avg_tariff_goods);
    free(r->sector_tot_pct);
    free(r->sector_vot_pct);
    free(r->sector_trade_cost_pct);
    free(r);
}

/* Sales of i to n in sector j at the producer's price (tariffs, export taxes and quota rents
 * excluded). */
static double sales(const tw_equilibrium *e, tw_dims d, int n, int i, int j)
{
    size_t at = tw_ix_nij(d, n, i, j);
    return e->x[tw_ix_nj(d, n, j)] * e->pi[at] /
           ((1.0 + e->tariff[at]) * (1.0 + tw_eq_export_tax(e, at)) *
            (1.0 + tw_eq_quota_wedge(e, at)));
}

tw_status tw_results_compute(const tw_model *m, const tw_equilibrium *eq, tw_results *r)
{
    return tw_results_compute_against(m, eq, m->base, r);
}

tw_status tw_results_compute_against(const tw_model *m, const tw_equilibrium *eq,
                                     const tw_equilibrium *b, tw_results *r)
{
    if (!eq || !eq->solved || !b || !b->solved)
        return TW_ERR_USAGE;
    const tw_world *w = m->w;
    tw_dims d = m->d;
    int N = d.n, J = d.j;
    memset(r->trade_base, 0, (size_t)N * N * sizeof(double));
    memset(r->trade, 0, (size_t)N * N * sizeof(double));
    memset(r->goods_base, 0, (size_t)N * N * sizeof(double));
    memset(r->goods, 0, (size_t)N * N * sizeof(double));
    memset(r->country, 0, (size_t)N * sizeof *r->country);
    /* Sector by sector, each flow's sales are computed once per equilibrium into sb and sc
     * ([n][i] of sector j), borrowing the two pair-tariff arrays that are filled only after
     * this loop. Each sum still adds its terms in increasing j, then i, as a loop country by
     * country would, so the results are bit for bit those of computing each flow where used. */
    double *sb = r->goods_tariff_base, *sc = r->goods_tariff;
    for (int j = 0; j < J; j++) {
        for (int n = 0; n < N; n++)
            for (int i = 0; i < N; i++) {
                sb[(size_t)n * N + i] = sales(b, d, n, i, j);
                sc[(size_t)n * N + i] = sales(eq, d, n, i, j);
            }
        for (int n = 0; n < N; n++) {
            tw_country_result *c = &r->country[n];
            /* Sector j's parts of the three sums (the decomposition is additive over sectors);
             * the country's sums are kept in tot_pct, vot_pct and trade_cost_pct until they
             * are made percentages below. */
            double tot_j = 0.0, vot_j = 0.0, tc_j = 0.0;
            double chat_n = eq->c_hat[tw_ix_nj(d, n, j)] / b->c_hat[tw_ix_nj(d, n, j)];
            for (int i = 0; i < N; i++) {
                if (i == n)
                    continue;
                size_t at = tw_ix_nij(d, n, i, j);
                double chat_i = eq->c_hat[tw_ix_nj(d, i, j)] / b->c_hat[tw_ix_nj(d, i, j)];
                double exp_b = sb[(size_t)i * N + n], imp_b = sb[(size_t)n * N + i];
                double imp_c = sc[(size_t)n * N + i], exp_c = sc[(size_t)i * N + n];
                /* CP (2015) eq. (23)-(24): terms of trade and volume of trade, first order. */
                tot_j += exp_b * (chat_n - 1.0) - imp_b * (chat_i - 1.0);
                if (imp_b > 0) {
                    vot_j += b->tariff[at] * imp_b * (imp_c / imp_b - chat_i);
                    double dh = tw_eq_iceberg(eq, at) / tw_eq_iceberg(b, at);
                    if (isfinite(dh))
                        tc_j -= imp_b * (1.0 + b->tariff[at]) * (dh - 1.0);
                }
                c->exports_base += exp_b;
                c->exports += exp_c;
                c->imports_base += imp_b;
                c->imports += imp_c;
            }
            size_t nj_at = tw_ix_nj(d, n, j);
            double ib = b->income[n];
            r->sector_tot_pct[nj_at] = 100.0 * tot_j / ib;
            r->sector_vot_pct[nj_at] = 100.0 * vot_j / ib;
            r->sector_trade_cost_pct[nj_at] = 100.0 * tc_j / ib;
            c->tot_pct += tot_j;
            c->vot_pct += vot_j;
            c->trade_cost_pct += tc_j;
        }
        for (int n = 0; n < N; n++)
            for (int i = 0; i < N; i++) {
                size_t ni = (size_t)n * N + i;
                r->trade_base[ni] += sb[ni];
                r->trade[ni] += sc[ni];
                if (w->goods[j]) {
                    r->goods_base[ni] += sb[ni];
                    r->goods[ni] += sc[ni];
                }
            }
    }
    for (int n = 0; n < N; n++) {
        tw_country_result *c = &r->country[n];
        double ib = b->income[n];
        c->tot_pct = 100.0 * c->tot_pct / ib;
        c->vot_pct = 100.0 * c->vot_pct / ib;
        c->trade_cost_pct = 100.0 * c->trade_cost_pct / ib;
        c->welfare_decomp_pct = c->tot_pct + c->vot_pct + c->trade_cost_pct;
        c->income_base = ib;
        c->income_hat = eq->income[n] / ib;
        c->wage_hat = eq->w_hat[n] / b->w_hat[n];
        c->price_hat = eq->cpi_hat[n] / b->cpi_hat[n];
        c->real_income_pct = 100.0 * (c->income_hat / c->price_hat - 1.0);
        c->real_wage_pct = 100.0 * (c->wage_hat / c->price_hat - 1.0);
        /* The model's own welfare (model/liberation.h): real income without blocks. */
        c->welfare_pct = w->blocks ? 100.0 * (tw_revenue_welfare_hat(m, eq, n) /
                                                  tw_revenue_welfare_hat(m, b, n) -
                                              1.0)
                                   : c->real_income_pct;
        c->employment_pct = 100.0 * (eq->l_hat[n] / b->l_hat[n] - 1.0);
        c->tariff_revenue_base = b->revenue[n];
        c->tariff_revenue = eq->revenue[n];
        c->export_tax_revenue = eq->xrevenue[n];
        c->quota_rent = eq->quota_rent[n];
        c->value_added_base = b->w_hat[n] * m->wl[n];
        c->value_added = eq->w_hat[n] * m->wl[n];
        c->deficit_base = b->deficit[n];
        c->deficit = eq->deficit[n];
        /* The library's one average tariff (tradewar/groups.h): goods, baseline imports. */
        r->avg_tariff_goods_base[n] = tw_tariff_average_group(w, NULL, b->tariff, &n, 1, NULL, 0);
        r->avg_tariff_goods[n] = tw_tariff_average_group(w, NULL, eq->tariff, &n, 1, NULL, 0);
    }
    double wi = 0.0, wsum = 0.0;
    for (int n = 0; n < N; n++) {
        wi += r->country[n].income_base * r->country[n].real_income_pct;
        wsum += r->country[n].income_base;
    }
    r->world_real_income_pct = wi / wsum;
    tw_tariff_average_pairs(w, NULL, b->tariff, r->goods_tariff_base);
    tw_tariff_average_pairs(w, NULL, eq->tariff, r->goods_tariff);
    for (int n = 0; n < N; n++)
        for (int j = 0; j < J; j++) {
            size_t at = tw_ix_nj(d, n, j);
            r->output_base[at] = b->output[at];
            r->output[at] = eq->output[at];
            r->sector_price_hat[at] = eq->p_hat[at] / b->p_hat[at];
        }
    return TW_OK;
}

double tw_results_sector_welfare_pct(const tw_results *r, int n, int j)
{
    size_t at = tw_ix_nj(r->d, n, j);
    return r->sector_tot_pct[at] + r->sector_vot_pct[at] + r->sector_trade_cost_pct[at];
}

int tw_results_dominant_sector(const tw_results *r, int n, double *share)
{
    double gross = 0.0, top = 0.0;
    int best = -1;
    for (int j = 0; j < r->d.j; j++) {
        double a = fabs(tw_results_sector_welfare_pct(r, n, j));
        gross += a;
        if (a > top) {
            top = a;
            best = j;
        }
    }
    if (share)
        *share = best >= 0 && gross > 0.0 ? top / gross : 0.0;
    return best;
}

tw_status tw_results_warn(const tw_world *w, const tw_results *r, int n, const char *context,
                          tw_warnings *out, int *added)
{
    if (added)
        *added = 0;
    const tw_country_result *c = &r->country[n];
    double exact = c->real_income_pct, first = c->welfare_decomp_pct, share;
    if (r->d.j < 2 || !(fabs(exact) >= TW_WARN_MIN_CHANGE_PCT) || !isfinite(first))
        return TW_OK; /* one sector is no split */
    int top = tw_results_dominant_sector(r, n, &share);
    int dominant = top >= 0 && share > TW_DOMINANT_SECTOR_SHARE;
    /* The split is of the first-order change: when that misses more than half of the exact
     * change, the sectors' parts say little about what drives it, and that is a warning too. */
    int poor = fabs(first - exact) > 0.5 * fabs(exact);
    if (!dominant && !poor)
        return TW_OK;
    char where[170] = "";
    if (context && *context)
        snprintf(where, sizeof where, "%s: ", context);
    char part[200] = "no sector moves";
    if (top >= 0)
        snprintf(part, sizeof part, "sector %s accounts for %.0f%% of it (%.3f points; share of "
                 "the sum of the sectors' absolute parts)",
                 tw_world_sector_code(w, top), 100.0 * share,
                 tw_results_sector_welfare_pct(r, n, top));
    const char *code = tw_world_country_code(w, n);
    tw_status st;
    if (poor)
        st = tw_warnings_add(out, NULL, 0, 0, code,
                             "%sthe first-order decomposition by sector (%.3f%%) misses more "
                             "than half of the exact change in real income (%.3f%%): the "
                             "changes are too large for a first-order split to explain (its "
                             "losses grow with their square); %s",
                             where, first, exact, part);
    else
        st = tw_warnings_add(out, NULL, 0, 0, code,
                             "%sone sector drives the change in real income (%.3f%%, first "
                             "order %.3f%%): %s; the result rests on that sector's elasticity "
                             "(compare --elasticities)",
                             where, exact, first, part);
    if (!st && added)
        *added = 1;
    return st;
}
