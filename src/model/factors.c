/* SPDX-License-Identifier: MIT */
/* Factor-market block: labour demand against supply (docs/model.md eq. (6) / (6')) and the
 * numeraire (eq. (7)). */
#include <math.h>

#include "model/blocks.h"

/* Inputs: ws->what [n], ws->y [n][j], the value-added cost shares ws->va_share [n][j]
 * (constant, or eq. (S)). Output: ws->gap [n] = ln(sum_j gamma_n^j Y_n^j) - ln(w_hat wL), the
 * wage step's signal. Residual: |gap| (eq. (6)) and |sum w_hat wL / sum wL - 1| (eq. (7)). */
static double factors_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    (void)z;
    (void)gz;
    tw_dims d = m->d;
    double res = 0.0, wsum = 0.0, wsum0 = 0.0;
    const double *yl = ws->ylab ? ws->ylab : ws->y; /* labour's part (src/model/profits.c) */
    for (int n = 0; n < d.n; n++) {
        wsum += ws->what[n] * m->wl[n];
        wsum0 += m->wl[n];
        double ld = 0.0;
        for (int j = 0; j < d.j; j++)
            ld += ws->va_share[tw_ix_nj(d, n, j)] * yl[tw_ix_nj(d, n, j)];
        double supply = ws->what[n] * m->wl[n];
        double gap = log(ld > 0 ? ld : 1e-300) - log(supply);
        ws->gap[n] = gap;
        if (fabs(gap) > res)
            res = fabs(gap);
    }
    double numer = fabs(wsum / wsum0 - 1.0);
    return numer > res ? numer : res;
}

/* Reads the bars of gap; adds into the bars of what, y and (CES production) va_share. */
static void factors_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                            const tw_vjp_args *r)
{
    (void)r;
    tw_dims d = m->d;
    const double *yl = ws->ylab ? ws->ylab : ws->y;
    double *ylb = a->ylab ? a->ylab : a->y;
    for (int n = 0; n < d.n; n++) {
        double gb = a->gap[n], ld = 0.0;
        for (int j = 0; j < d.j; j++)
            ld += ws->va_share[tw_ix_nj(d, n, j)] * yl[tw_ix_nj(d, n, j)];
        if (ld > 0) {
            double ldb = gb / ld;
            for (int j = 0; j < d.j; j++) {
                size_t at = tw_ix_nj(d, n, j);
                ylb[at] += ws->va_share[at] * ldb;
                if (a->va_share)
                    a->va_share[at] += yl[at] * ldb;
            }
        }
        a->what[n] -= gb / ws->what[n];
    }
}

const tw_block tw_block_factors = {"factors", "(6), (6'), (7)", factors_forward,
                                   factors_reverse};
