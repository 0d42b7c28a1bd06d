/* SPDX-License-Identifier: MIT */
/* External scale economies (docs/model.md §2c, eqs. (L5), (L5s)): sector j's productivity rises
 * with the sector's employment, ln c_hat_n^j = gamma_n^j ln w_hat_n + sum_k gamma_n^{k,j}
 * ln P_hat_n^k - psi_n^j ln L_hat_n^j (main_baseline.m: w_i_h ./ L_i_h.^psi, one sector),
 * psi_n^j the scale elasticity of blocks.csv / scale_elasticities.csv. Sector employment is the
 * country's employment L_hat_n (eq. (L4)) times the change in the sector's share of the
 * country's labour demand (eq. (L5s)); with one sector it is L_hat_n itself. The production
 * block of the Liberation Day composition: with psi = 0 it is eq. (1) of the Cobb-Douglas
 * block. */
#include <math.h>

#include "data/blocks.h"
#include "model/kernels.h"
#include "model/liberation.h"

/* Sector j's labour demand in n at the current flows (eq. (L5s)): its value added
 * gamma Y'_n^j and the destination income nu_n (1 - rho_n^j) X'_n^j of n's purchases of j. */
static inline double sector_labour(const tw_model *m, const tw_workspace *ws, size_t at, int n)
{
    return m->w->va[at] * ws->y[at] + m->w->blocks->nu[n] * (1.0 - ws->rho[at]) * ws->x[at];
}

/* ln(s'_n^j / s_n^j), the change in sector j's share of n's labour demand (0: one sector). */
static double share_log_change(const tw_model *m, const tw_workspace *ws, int n, int j)
{
    tw_dims d = m->d;
    if (d.j == 1)
        return 0.0;
    double sum = 0.0;
    for (int k = 0; k < d.j; k++)
        sum += sector_labour(m, ws, tw_ix_nj(d, n, k), n);
    size_t at = tw_ix_nj(d, n, j);
    double v = sector_labour(m, ws, at, n), s0 = m->w->blocks->lshare[at];
    return log(v > 0 ? v : 1e-300) - log(sum > 0 ? sum : 1e-300) - log(s0 > 0 ? s0 : 1e-300);
}

/* Inputs: z's ln w_hat [n], ws->lhat [n], ws->lnp, ws->y, ws->x, ws->rho [n][j]. Outputs:
 * ws->unew [n][j]; ws->va_share and ws->io_share point at the data's shares. Residual: eq. (1)
 * with (L5) at z, |unew - ln c_hat|. */
static double scale_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    (void)gz;
    tw_dims d = m->d;
    const int N = d.n, J = d.j;
    const tw_world *w = m->w;
    const double *psi = w->blocks->psi, *u = z + N;
    double res = 0.0;
    for (int n = 0; n < N; n++) {
        const double *io = w->io + tw_ix_nkj(d, n, 0, 0), *lnp = ws->lnp + tw_ix_nj(d, n, 0);
        double *un = ws->unew + tw_ix_nj(d, n, 0);
        tw_scale(un, w->va + tw_ix_nj(d, n, 0), z[n], (size_t)J);
        for (int k = 0; k < J; k++)
            tw_axpy(un, io + tw_ix_kj(d, k, 0), lnp[k], (size_t)J);
        double ll = log(ws->lhat[n]);
        for (int j = 0; j < J; j++) {
            size_t at = tw_ix_nj(d, n, j);
            if (psi[at] != 0.0)
                un[j] -= psi[at] * (J == 1 ? ll : ll + share_log_change(m, ws, n, j));
            if (fabs(un[j] - u[at]) > res)
                res = fabs(un[j] - u[at]);
        }
    }
    ws->va_share = w->va;
    ws->io_share = w->io;
    return res;
}

/* The bars of the sector shares' inputs y, x, rho of country n, for the bars
 * -psi_n^j ub_j of ln(s'_n^j / s_n^j) (eq. (L5s)). */
static void share_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a, int n,
                          const double *ub)
{
    tw_dims d = m->d;
    const double *psi = m->w->blocks->psi;
    double sum = 0.0, lbs = 0.0;
    for (int j = 0; j < d.j; j++) {
        sum += sector_labour(m, ws, tw_ix_nj(d, n, j), n);
        lbs -= psi[tw_ix_nj(d, n, j)] * ub[j];
    }
    double nu = m->w->blocks->nu[n];
    for (int j = 0; j < d.j; j++) {
        size_t at = tw_ix_nj(d, n, j);
        double v = sector_labour(m, ws, at, n), lb = -psi[at] * ub[j];
        double vb = (v > 0 ? lb / v : 0.0) - (sum > 0 ? lbs / sum : 0.0);
        a->y[at] += m->w->va[at] * vb;
        a->x[at] += nu * (1.0 - ws->rho[at]) * vb;
        a->rho[at] -= nu * ws->x[at] * vb;
    }
}

/* Reads the bars of unew; adds into the state's ln w_hat, lnp, lhat and (several sectors) y, x,
 * rho. */
static void scale_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                          const tw_vjp_args *r)
{
    tw_dims d = m->d;
    const int J = d.j;
    const tw_world *w = m->w;
    const double *psi = w->blocks->psi;
    for (int n = 0; n < d.n; n++) {
        const double *io = w->io + tw_ix_nkj(d, n, 0, 0), *ub = a->unew + tw_ix_nj(d, n, 0);
        r->zbar[n] += tw_dot4(w->va + tw_ix_nj(d, n, 0), ub, (size_t)J);
        for (int k = 0; k < J; k++)
            a->lnp[tw_ix_nj(d, n, k)] += tw_dot4(io + tw_ix_kj(d, k, 0), ub, (size_t)J);
        int any = 0;
        for (int j = 0; j < J; j++) {
            size_t at = tw_ix_nj(d, n, j);
            if (psi[at] != 0.0) {
                a->lhat[n] -= psi[at] * ub[j] / ws->lhat[n];
                any = 1;
            }
        }
        if (J > 1 && any)
            share_reverse(m, ws, a, n, ub);
    }
}

const tw_block tw_block_scale = {"scale", "(1) with (L5), (L5s)", scale_forward, scale_reverse};
