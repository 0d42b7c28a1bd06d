/* SPDX-License-Identifier: MIT */
/* Labour-supply block (docs/model.md §2c, eq. (L4)): employment responds to the after-tax real
 * wage with elasticity kappa_n, L_hat = (tau_hat w_hat / P_hat)^kappa, where tau_hat follows
 * the country's use of tariff revenue (src/model/revenue.c). Employment is computed from the
 * state in each map evaluation (not a state variable of its own): with the labour-tax use it
 * solves its own scalar equation, because the tax rate depends on employment. */
#include <math.h>
#include <string.h>

#include "core/error.h"
#include "data/blocks.h"
#include "model/production.h"
#include "model/liberation.h"

/* Log consumer price index of n, sum_j alpha_n^j ln P_hat_n^j (docs/model.md §2c (L4)). */
static double log_cpi(const tw_model *m, const tw_workspace *ws, int n)
{
    tw_dims d = m->d;
    double l = 0.0;
    for (int j = 0; j < d.j; j++)
        l += m->w->alpha[tw_ix_nj(d, n, j)] * ws->lnp[tw_ix_nj(d, n, j)];
    return l;
}

/* Inputs: ws->what [n], ws->lnp [n][j] (after the destination block), ws->rev [n]. Output:
 * ws->lhat [n]. No residual. */
static double labour_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    (void)z;
    (void)gz;
    const struct tw_world_blocks *b = m->w->blocks;
    for (int n = 0; n < m->d.n; n++) {
        double a = ws->what[n] * exp(-log_cpi(m, ws, n));
        double g = ws->rev[n] / (ws->what[n] * m->wl[n]), da, dg;
        ws->lhat[n] = tw_revenue_employment(a, g, b->kappa[n], tw_liberation_revenue_use(m, n), &da,
                                          &dg);
    }
    return 0.0;
}

/* Reads the bars of lhat; adds into what, lnp and rev (a = w_hat e^-lcpi, g = R / (w_hat wL)). */
static void labour_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                           const tw_vjp_args *r)
{
    (void)r;
    const struct tw_world_blocks *b = m->w->blocks;
    tw_dims d = m->d;
    for (int n = 0; n < d.n; n++) {
        double lb = a->lhat[n];
        if (lb == 0.0)
            continue;
        double w = ws->what[n], av = w * exp(-log_cpi(m, ws, n));
        double g = ws->rev[n] / (w * m->wl[n]), da, dg;
        tw_revenue_employment(av, g, b->kappa[n], tw_liberation_revenue_use(m, n), &da, &dg);
        double ab = lb * da, gb = lb * dg;
        a->what[n] += ab * av / w - gb * g / w;
        for (int j = 0; j < d.j; j++)
            a->lnp[tw_ix_nj(d, n, j)] -= m->w->alpha[tw_ix_nj(d, n, j)] * (ab * av);
        a->rev[n] += gb / (w * m->wl[n]);
    }
}

const tw_block tw_block_labour = {"labour", "(L4)", labour_forward, labour_reverse};

int tw_revenue_use_parse(const char *s, int *out)
{
    static const char *const names[] = {"world", "lump_sum", "labour_tax"};
    for (int k = 0; s && k < 3; k++)
        if (strcmp(s, names[k]) == 0) {
            *out = k;
            return 0;
        }
    return -1;
}

const char *tw_revenue_use_name(int use)
{
    return use == TW_REVENUE_USE_LUMP_SUM     ? "lump_sum"
           : use == TW_REVENUE_USE_LABOUR_TAX ? "labour_tax"
                                               : "world";
}

int tw_liberation_revenue_use(const tw_model *m, int n)
{
    return m->opt.revenue_use ? m->opt.revenue_use - 1 : m->w->blocks->revenue[n];
}

tw_status tw_liberation_setup(tw_model *m, tw_error *err)
{
    if ((unsigned)m->opt.revenue_use > (unsigned)TW_REVENUE_USE_LABOUR_TAX)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, "revenue_use",
                       "unknown revenue use %d", m->opt.revenue_use);
    if (!m->w->blocks)
        return TW_OK;
    if (m->spec || (m->prod && m->prod->ces))
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "blocks",
                       "the blocks of blocks.csv (labour supply, revenue use, scale economies, "
                       "destination income) cannot be combined with sector-specific factors or "
                       "CES input nests");
    if (m->opt.deficits == TW_DEFICITS_PROPORTIONAL)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "deficits",
                       "the blocks of blocks.csv hold deficits as a share of world labour "
                       "income: use the fixed or zero deficit closure, not proportional");
    /* The trade elasticities in force may differ from the world's (an elasticity set, a
     * horizon): psi theta < 1 must hold for them too (docs/model.md §2c). */
    tw_dims d = m->d;
    for (int n = 0; n < d.n; n++)
        for (int j = 0; j < d.j; j++) {
            double psi = m->w->blocks->psi[tw_ix_nj(d, n, j)], th = m->w->theta[j];
            if (psi * th >= 1.0)
                return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "scale_elasticity",
                               "%s, sector %s: scale elasticity %g times the trade elasticity "
                               "%g in force is >= 1: the equilibrium is not determined",
                               m->w->country_code[n], m->w->sector_code[j], psi, th);
        }
    m->map = &tw_map_liberation;
    return TW_OK;
}
