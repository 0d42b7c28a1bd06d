/* SPDX-License-Identifier: MIT */
/* Income block: national income and the deficits of the closure (docs/model.md eq. (5), §4). */
#include "model/blocks.h"

/* Inputs: ws->what [n], ws->rev and ws->xrev [n] (tariff revenue, export taxes; both include
 * the quota rents of their holders). Outputs: ws->dnow [n], D'_n of the closure (fixed, zero:
 * the model's baseline deficits; proportional: w_hat wL (delta_n - sum_m delta_m w_hat_m wL_m /
 * sum_m w_hat_m wL_m)); ws->income [n] = I'_n = w_hat wL + R' + T' + D'. No residual. */
static double income_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    (void)z;
    (void)gz;
    const int N = m->d.n;
    double wsum = 0.0, dsum = 0.0;
    for (int n = 0; n < N; n++) {
        wsum += ws->what[n] * m->wl[n];
        dsum += m->d_share[n] * ws->what[n] * m->wl[n];
    }
    for (int n = 0; n < N; n++) {
        double supply = ws->what[n] * m->wl[n];
        double dn;
        switch (m->opt.deficits) {
        case TW_DEFICITS_PROPORTIONAL:
            dn = supply * (m->d_share[n] - dsum / wsum);
            break;
        default:
            dn = m->d_base[n];
            break;
        }
        ws->dnow[n] = dn;
        ws->income[n] = supply + ws->rev[n] + ws->xrev[n] + dn;
        if (ws->profit) /* profit income, eq. (5p) (src/model/profits.c) */
            ws->income[n] += ws->profit[n];
    }
    return 0.0;
}

/* Reads the bars of dnow and income; adds into the bars of what, rev and xrev. */
static void income_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                           const tw_vjp_args *r)
{
    (void)r;
    const int N = m->d.n;
    int proportional = m->opt.deficits == TW_DEFICITS_PROPORTIONAL;
    double wsum = 0.0, dsum = 0.0;
    for (int n = 0; n < N; n++) {
        wsum += ws->what[n] * m->wl[n];
        dsum += m->d_share[n] * ws->what[n] * m->wl[n];
    }
    double wsumb = 0.0, dsumb = 0.0;
    for (int n = 0; n < N; n++) {
        double supply = ws->what[n] * m->wl[n], ib = a->income[n];
        double dnb = a->dnow[n] + ib, supplyb = ib;
        a->rev[n] += ib;
        a->xrev[n] += ib;
        if (a->profit)
            a->profit[n] += ib;
        if (proportional) {
            supplyb += dnb * (m->d_share[n] - dsum / wsum);
            dsumb -= dnb * supply / wsum;
            wsumb += dnb * supply * dsum / (wsum * wsum);
        }
        a->what[n] += supplyb * m->wl[n];
    }
    if (proportional)
        for (int n = 0; n < N; n++)
            a->what[n] += (wsumb + dsumb * m->d_share[n]) * m->wl[n];
}

const tw_block tw_block_income = {"income", "(5), §4", income_forward, income_reverse};
