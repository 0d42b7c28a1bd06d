/* SPDX-License-Identifier: MIT */
/* External scale economies (docs/model.md §2c, eq. (L5)): a country's unit cost falls with its
 * employment, c_hat = w_hat L_hat^-psi_n (main_baseline.m: w_i_h ./ L_i_h.^psi), psi_n the
 * scale elasticity of blocks.csv. The production block of the Liberation Day composition: eq.
 * (1) of a world with one sector and no intermediate inputs (data/blocks.h), with the scale
 * term; with psi = 0 it is the Cobb-Douglas block's ln c_hat = ln w_hat. */
#include <math.h>

#include "data/blocks.h"
#include "model/liberation.h"

/* Inputs: z's ln w_hat [n], ws->lhat [n]. Outputs: ws->unew [n] = ln w_hat - psi_n ln L_hat;
 * ws->va_share and ws->io_share point at the data's shares (1 and none). Residual: eq. (L5) at
 * z, |unew - ln c_hat|. */
static double scale_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    (void)gz;
    const int N = m->d.n;
    const double *psi = m->w->blocks->psi, *u = z + N;
    double res = 0.0;
    for (int n = 0; n < N; n++) {
        double un = z[n];
        if (psi[n] != 0.0)
            un -= psi[n] * log(ws->lhat[n]);
        ws->unew[n] = un;
        if (fabs(un - u[n]) > res)
            res = fabs(un - u[n]);
    }
    ws->va_share = m->w->va;
    ws->io_share = m->w->io;
    return res;
}

/* Reads the bars of unew; adds into the state's ln w_hat and into lhat. */
static void scale_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                          const tw_vjp_args *r)
{
    const double *psi = m->w->blocks->psi;
    for (int n = 0; n < m->d.n; n++) {
        r->zbar[n] += a->unew[n];
        if (psi[n] != 0.0)
            a->lhat[n] -= psi[n] * a->unew[n] / ws->lhat[n];
    }
}

const tw_block tw_block_scale = {"scale", "(1) with (L5)", scale_forward, scale_reverse};
