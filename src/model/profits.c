/* SPDX-License-Identifier: MIT */
/* Profits (docs/model.md §2d): Krugman monopolistic competition with a fixed set of firms, as in
 * Ossa (2014). A share pi^j of sector j's revenue (1/sigma^j, the markup over marginal cost) is
 * profit income: income, eq. (5p), but not a cost (prices are the markup times the unit cost of
 * eq. (1)), so labour is paid only (1 - pi^j) of the value added of j, eq. (6p). One block of
 * the map (model/blocks.h), after production and before income. */
#include "core/error.h"
#include "model/blocks.h"

/* Inputs: ws->y [n][j], ws->va_share [n][j]. Outputs: ws->profit [n] = Pi'_n =
 * sum_j phi^j gamma_n^j Y_n^j and ws->ylab [n][j] = (1 - phi^j) Y_n^j, the gross output whose
 * value added is labour's. Definitions only: residual 0. */
static double profits_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    (void)z;
    (void)gz;
    tw_dims d = m->d;
    const double *pi = m->w->profit_share;
    for (int n = 0; n < d.n; n++) {
        double p = 0.0;
        for (int j = 0; j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            p += pi[j] * ws->va_share[at] * ws->y[at];
            ws->ylab[at] = (1.0 - pi[j]) * ws->y[at];
        }
        ws->profit[n] = p;
    }
    return 0.0;
}

/* Reads the bars of profit and ylab; adds into the bars of y and (CES shares) va_share. */
static void profits_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                            const tw_vjp_args *r)
{
    (void)r;
    tw_dims d = m->d;
    const double *pi = m->w->profit_share;
    for (int n = 0; n < d.n; n++) {
        double pb = a->profit[n];
        for (int j = 0; j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            a->y[at] += pi[j] * ws->va_share[at] * pb + (1.0 - pi[j]) * a->ylab[at];
            if (a->va_share)
                a->va_share[at] += pi[j] * ws->y[at] * pb;
        }
    }
}

const tw_block tw_block_profits = {"profits", "(5p), (6p)", profits_forward, profits_reverse};

static const tw_block *const cobb_douglas_profits_blocks[] = {
    &tw_block_quota_wedges, &tw_block_state,      &tw_block_trade,
    &tw_block_cobb_douglas, &tw_block_profits,    &tw_block_income,
    &tw_block_factors,      &tw_block_expenditure, &tw_block_quota_step,
    &tw_block_step};

const tw_map_type tw_map_cobb_douglas_profits = {
    "cobb-douglas+profits",
    (int)(sizeof cobb_douglas_profits_blocks / sizeof *cobb_douglas_profits_blocks),
    cobb_douglas_profits_blocks};

/* Also sets m->political (the political_economy option). */
tw_status tw_profits_setup(tw_model *m, tw_error *err)
{
    const tw_world *w = m->w;
    if (m->opt.political_economy && !w->political)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "political_economy",
                       "political economy asked for, but world %s has no political_weights.csv "
                       "(docs/data-format.md)",
                       w->name);
    m->political = m->opt.political_economy ? w->political : NULL;
    if (!w->profit_share)
        return TW_OK;
    if (m->map != &tw_map_cobb_douglas)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "profits",
                       "profits (profits.csv) are implemented with Cobb-Douglas production "
                       "and mobile factors only: this world or horizon has %s",
                       m->spec ? "sector-specific factors (use the long run)"
                       : w->blocks ? "the blocks of blocks.csv (labour supply and the rest)"
                                   : "CES input nests");
    tw_dims d = m->d;
    /* Labour's income in the data: value added less profits (eq. (6p) at the data). */
    for (int n = 0; n < d.n; n++) {
        double l = 0.0;
        for (int j = 0; j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            l += (1.0 - w->profit_share[j]) * w->va[at] * w->output[at];
        }
        if (!(l > 0))
            return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "profits",
                           "country %s has no labour income once profits are paid",
                           w->country_code[n]);
        m->wl[n] = l;
        if (m->opt.deficits == TW_DEFICITS_PROPORTIONAL)
            m->d_share[n] = w->deficit[n] / l;
    }
    m->map = &tw_map_cobb_douglas_profits;
    return TW_OK;
}
