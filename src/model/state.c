/* SPDX-License-Identifier: MIT */
/* The solver's state and its two ends of the map (docs/model.md §5): the state block unpacks
 * z = [ln w_hat | ln c_hat | X / xscale | quota wedges] into the quantities the equations use,
 * and the step block packs the preconditioned update G(z) from the equations' right-hand
 * sides. */
#include <math.h>

#include "model/blocks.h"

size_t tw_model_state_size(const tw_model *m, const tw_workspace *ws)
{
    return (size_t)m->d.n + 2 * (size_t)m->d.n * (size_t)m->d.j + (size_t)ws->k.nq;
}

void tw_model_state_from(const tw_model *m, const tw_workspace *ws, const tw_equilibrium *eq,
                         double *z)
{
    if (!eq || !eq->solved)
        eq = m->base;
    tw_dims d = m->d;
    size_t nj = (size_t)d.n * d.j;
    for (int n = 0; n < d.n; n++)
        z[n] = log(eq->w_hat[n]);
    for (size_t k = 0; k < nj; k++)
        z[d.n + k] = log(eq->c_hat[k]);
    for (int n = 0; n < d.n; n++)
        for (int j = 0; j < d.j; j++)
            z[d.n + nj + tw_ix_nj(d, n, j)] = eq->x[tw_ix_nj(d, n, j)] / m->xscale[n];
    for (int q = 0; q < ws->k.nq; q++)
        z[d.n + 2 * nj + q] = log1p(tw_eq_quota_wedge(eq, ws->k.q_at[q]));
}

/* State block. Inputs: z's ln w_hat [n] and X / xscale [n][j]. Outputs: ws->what [n] =
 * exp(ln w_hat) and ws->x [n][j] = X, clamped at zero (expenditure cannot be negative). */
static double state_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    (void)gz;
    tw_dims d = m->d;
    const double *lw = z, *xs = z + d.n + (size_t)d.n * d.j;
    for (int n = 0; n < d.n; n++) {
        ws->what[n] = exp(lw[n]);
        for (int j = 0; j < d.j; j++) {
            double v = xs[tw_ix_nj(d, n, j)] * m->xscale[n];
            ws->x[tw_ix_nj(d, n, j)] = v > 0 ? v : 0;
        }
    }
    return 0.0;
}

static void state_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                          const tw_vjp_args *r)
{
    tw_dims d = m->d;
    size_t NJ = (size_t)d.n * d.j;
    const double *xs = r->z + d.n + NJ;
    double *lwb = r->zbar, *xsb = r->zbar + d.n + NJ;
    for (int n = 0; n < d.n; n++) {
        lwb[n] += a->what[n] * ws->what[n];
        for (int j = 0; j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            if (xs[at] * m->xscale[n] > 0)
                xsb[at] += a->x[at] * m->xscale[n];
        }
    }
}

const tw_block tw_block_state = {"state", "§5 (state)", state_forward, state_reverse};

/* Step block (docs/model.md §5, "Map"). Inputs: z's ln w_hat, ws->gap [n], ws->unew and
 * ws->xnew [n][j]. Output: gz's first N + 2 N J entries:
 *   wage step  lwn = lw + psi gap - ln(sum_m exp(lw_m + psi_m gap_m) wL_m / sum_m wL_m)
 *              (renormalised to eq. (7)),
 *   cost step  un = unew + h (lwn - lw) (Gauss-Seidel: the new wage through the domestic
 *              input-output loop),
 *   spending   xn = xnew / xscale.
 * psi and h are preconditioners: they do not change the fixed points. */
static double step_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    if (!gz)
        return 0.0;
    tw_dims d = m->d;
    const int N = d.n, J = d.j;
    const size_t NJ = (size_t)N * J;
    const double *lw = z;
    double *lwn = gz, *un = gz + N, *xn = gz + N + NJ;
    double s = 0.0, wsum0 = 0.0;
    for (int n = 0; n < N; n++) {
        wsum0 += m->wl[n];
        lwn[n] = lw[n] + m->psi[n] * ws->gap[n];
        s += exp(lwn[n]) * m->wl[n];
    }
    double shift = log(s / wsum0);
    for (int n = 0; n < N; n++)
        lwn[n] -= shift;
    for (int n = 0; n < N; n++)
        for (int j = 0; j < J; j++) {
            size_t at = tw_ix_nj(d, n, j);
            un[at] = ws->unew[at] + m->h[at] * (lwn[n] - lw[n]);
            xn[at] = ws->xnew[at] / m->xscale[n];
        }
    return 0.0;
}

static void step_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                         const tw_vjp_args *r)
{
    if (!r->gbar)
        return;
    tw_dims d = m->d;
    const int N = d.n, J = d.j;
    const size_t NJ = (size_t)N * J;
    const double *lw = r->z, *gl = r->gbar, *gu = r->gbar + N, *gx = r->gbar + N + NJ;
    double *lwb = r->zbar, *lwn0 = a->scratch_n, *lwnb = a->scratch_n2;
    double s = 0.0;
    for (int n = 0; n < N; n++) {
        lwn0[n] = lw[n] + m->psi[n] * ws->gap[n];
        s += exp(lwn0[n]) * m->wl[n];
    }
    double lwnb_sum = 0.0;
    for (int n = 0; n < N; n++) {
        double hu = 0.0;
        for (int j = 0; j < J; j++) {
            size_t at = tw_ix_nj(d, n, j);
            a->unew[at] += gu[at];
            hu += gu[at] * m->h[at];
            a->xnew[at] += gx[at] / m->xscale[n];
        }
        lwnb[n] = gl[n] + hu;
        lwb[n] -= hu;
        lwnb_sum += lwnb[n];
    }
    for (int n = 0; n < N; n++) {
        double b0 = lwnb[n] - lwnb_sum * exp(lwn0[n]) * m->wl[n] / s;
        lwb[n] += b0;
        a->gap[n] += m->psi[n] * b0;
    }
}

const tw_block tw_block_step = {"step", "§5 (update)", step_forward, step_reverse};
