/* SPDX-License-Identifier: MIT */
/* Destination-income block (docs/model.md §2c, eqs. (L1)-(L3)): a share nu_n of the producer
 * value of what country n buys is income of n's own factors (distribution, the paper's
 * "destination-income share of costs"), so n's tariff reaches the costs of its suppliers with
 * the exponent theta phi_n, the exporter keeps (1 - nu_n) of its sales to n, and n's price
 * index carries (E_hat_n / w_hat_n)^(1 - phi_n). Ignatenko, Macedoni, Lashkaripour and
 * Simonovska (JIE 2025), code/analysis/main_baseline.m. One-sector worlds (data/blocks.h). */
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

/* Inputs: ws->x, ws->what, ws->rev [n], and the trade block's ws->lnp and ws->y (which it
 * rewrites). Outputs: ws->lnp [n] += (1 - phi_n) (ln(X_n / X0_n) - ln w_hat_n) (eq. (L2));
 * ws->y [n] += nu_n (X_n - R_n): the factor income of n from its purchases at producer prices
 * (eq. (L3); the trade block's y already keeps only (1 - nu_m) of sales to m). No residual. */
static double destination_forward(const tw_model *m, tw_workspace *ws, const double *z,
                                  double *gz)
{
    (void)z;
    (void)gz;
    const struct tw_world_blocks *b = m->w->blocks;
    for (int n = 0; n < m->d.n; n++) {
        double xr = ws->x[n] / m->x0[n];
        if (b->phi[n] != 1.0)
            ws->lnp[n] += (1.0 - b->phi[n]) * (log(xr > 0 ? xr : 1e-300) - log(ws->what[n]));
        ws->y[n] += b->nu[n] * (ws->x[n] - ws->rev[n]);
    }
    return 0.0;
}

/* Reads the bars of lnp and y (passed on unchanged to the trade block); adds into x, what,
 * rev. */
static void destination_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                                const tw_vjp_args *r)
{
    (void)r;
    const struct tw_world_blocks *b = m->w->blocks;
    for (int n = 0; n < m->d.n; n++) {
        double lb = a->lnp[n] * (1.0 - b->phi[n]);
        if (b->phi[n] != 1.0 && ws->x[n] > 0) {
            a->x[n] += lb / ws->x[n];
            a->what[n] -= lb / ws->what[n];
        }
        a->x[n] += b->nu[n] * a->y[n];
        a->rev[n] -= b->nu[n] * a->y[n];
    }
}

const tw_block tw_block_destination = {"destination", "(L2), (L3)", destination_forward,
                                       destination_reverse};
