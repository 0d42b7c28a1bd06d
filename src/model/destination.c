/* SPDX-License-Identifier: MIT */
/* Destination-income block (docs/model.md §2c, eqs. (L1)-(L3)): a share nu_n of the producer
 * value of what country n buys (every sector, intermediate and final) is income of n's own
 * factors (distribution, the paper's "destination-income share of costs"), so n's tariff
 * reaches the costs of its suppliers with the exponent theta^j phi_n, the exporter keeps
 * (1 - nu_n) of its sales to n (both in the instruments, src/model/instruments.c), and n's
 * price index of sector j carries (X_hat_n^j / w_hat_n)^(1 - phi_n). Ignatenko, Macedoni,
 * Lashkaripour and Simonovska (JIE 2025), code/analysis/main_baseline.m. The labour income
 * nu_n (X_n - R_n) is counted by the labour-market block (src/model/labour_market.c), whose
 * reverse leaves its bar for this block's reverse (tw_map_adjoint.scratch_n, model/blocks.h). */
#include <math.h>

#include "data/blocks.h"
#include "model/blocks.h"
#include "model/liberation.h"

double tw_destination_phi(const tw_model *m, int n)
{
    return m->w->blocks ? m->w->blocks->phi[n] : 1.0;
}

double tw_destination_keep(const tw_model *m, int n)
{
    return m->w->blocks ? 1.0 - m->w->blocks->nu[n] : 1.0;
}

/* Inputs: ws->x [n][j], ws->what [n] and the trade block's ws->lnp [n][j] (which it rewrites).
 * Output: ws->lnp [n][j] += (1 - phi_n) (ln(X_n^j / X0_n^j) - ln w_hat_n) (eq. (L2)). No
 * residual. */
static double destination_forward(const tw_model *m, tw_workspace *ws, const double *z,
                                  double *gz)
{
    (void)z;
    (void)gz;
    const struct tw_world_blocks *b = m->w->blocks;
    tw_dims d = m->d;
    for (int n = 0; n < d.n; n++) {
        if (b->phi[n] == 1.0)
            continue;
        double lw = log(ws->what[n]);
        for (int j = 0; j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            double xr = ws->x[at] / m->x0[at];
            ws->lnp[at] += (1.0 - b->phi[n]) * (log(xr > 0 ? xr : 1e-300) - lw);
        }
    }
    return 0.0;
}

/* Reads the bars of lnp (passed on unchanged to the trade block) and the labour-market
 * block's bar of the destination income in a->scratch_n [n]; adds into x, what, rev. */
static void destination_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                                const tw_vjp_args *r)
{
    (void)r;
    const struct tw_world_blocks *b = m->w->blocks;
    tw_dims d = m->d;
    for (int n = 0; n < d.n; n++) {
        for (int j = 0; j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            double lb = a->lnp[at] * (1.0 - b->phi[n]);
            if (b->phi[n] != 1.0 && ws->x[at] > 0) {
                a->x[at] += lb / ws->x[at];
                a->what[n] -= lb / ws->what[n];
            }
        }
        double sb = a->scratch_n[n];
        for (int j = 0; j < d.j; j++)
            a->x[tw_ix_nj(d, n, j)] += b->nu[n] * sb;
        a->rev[n] -= b->nu[n] * sb;
    }
}

const tw_block tw_block_destination = {"destination", "(L2), (L3)", destination_forward,
                                       destination_reverse};
