/* SPDX-License-Identifier: MIT */
/* Expenditure block: spending on each sector (docs/model.md eq. (4) / (4')), with each
 * country's income solving its own tariff-revenue loop exactly (§5, "the expenditure step"). */
#include <math.h>

#include "model/blocks.h"
#include "model/kernels.h"

/* Inputs: ws->y [n][j], the input cost shares ws->io_share [n][k][j] (constant, or eq. (S)),
 * ws->rho [n][j], ws->what, ws->xrev, ws->dnow [n]; for the residual also ws->x [n][j] and
 * ws->income [n]. Output: ws->xnew [n][j] = C_j + alpha_j inc with intermediate demand
 * C_j = sum_k gamma^{j,k} Y^k and inc = (w_hat wL + T' + D' + sum_j rho_j C_j) /
 * (1 - sum_j rho_j alpha_j): tariff revenue is sum_j rho_j X_j with X = C + alpha I, so this is
 * the income at which revenue and spending agree (iterating on the revenue instead diverges
 * when tariffs are high and imports large: the loop's gain rho.alpha can approach one).
 * ws->cdem [n][j] keeps C for the reverse pass. Residual: eq. (4) at z,
 * |rhs - X| / max(|rhs|, X, 1e-6 xscale) with I' of eq. (5). */
/* Intermediate demand of one country n, eq. (4): c[j] = sum_k gamma_n^{j,k} Y_n^k for every
 * sector j. Written once and compiled with the two-lane kernels and, on x86-64, with the AVX
 * ones (tw_dot4's fixed order: the same bits). */
#define TW_EXP_INTERMEDIATE(NAME, ATTR, DOT4)                                                  \
    ATTR static void NAME(tw_dims d, const double *restrict ios, const double *restrict yn,     \
                          double *restrict c)                                                  \
    {                                                                                          \
        for (int j = 0; j < d.j; j++)                                                          \
            c[j] = DOT4(ios + tw_ix_kj(d, j, 0), yn, (size_t)d.j);                             \
    }
TW_EXP_INTERMEDIATE(intermediate, , tw_dot4)
#if TW_KERNELS_AVX
TW_EXP_INTERMEDIATE(intermediate_avx, TW_AVX, tw_dot4_avx)
#endif

/* fmax(x, y) without the call (gcc calls libm's unless NaN and signed zeros are ruled out,
 * about 3 ns each, twice per country and sector of every map): the larger of two numbers, the
 * other if one is NaN, and y if they are equal, which is what glibc's x86-64 fmax returns
 * (maxsd); elsewhere a tie of +0 and -0 may differ in sign, which only a zero floor could
 * reach. */
static inline double max_num(double x, double y)
{
    if (isnan(x))
        return y;
    if (isnan(y))
        return x;
    return x > y ? x : y;
}

static double expenditure_forward(const tw_model *m, tw_workspace *ws, const double *z,
                                  double *gz)
{
    (void)z;
    (void)gz;
    tw_dims d = m->d;
    const tw_world *w = m->w;
    const int N = d.n, J = d.j;
    const int avx = tw_kernels_avx();
    (void)avx;
    double res = 0.0;
    for (int n = 0; n < N; n++) {
        double floor_x = 1e-6 * m->xscale[n], rc = 0.0, ra = 0.0;
        const double *ios = ws->io_share + tw_ix_nkj(d, n, 0, 0);
        const double *yn = ws->y + tw_ix_nj(d, n, 0), *rho = ws->rho + tw_ix_nj(d, n, 0);
        const double *alpha = w->alpha + tw_ix_nj(d, n, 0), *X = ws->x + tw_ix_nj(d, n, 0);
        double *xnew = ws->xnew + tw_ix_nj(d, n, 0), *cn = ws->cdem + tw_ix_nj(d, n, 0);
#if TW_KERNELS_AVX
        if (avx)
            intermediate_avx(d, ios, yn, cn);
        else
#endif
            intermediate(d, ios, yn, cn);
        for (int j = 0; j < J; j++) {
            double c = cn[j];
            xnew[j] = c;
            double v = c + alpha[j] * ws->income[n];
            double r4 = fabs(v - X[j]) / max_num(max_num(fabs(v), X[j]), floor_x);
            if (r4 > res)
                res = r4;
            rc += rho[j] * c;
            ra += rho[j] * alpha[j];
        }
        double pf = ws->profit ? ws->profit[n] : 0.0; /* eq. (5p): src/model/profits.c */
        double inc = (ws->what[n] * m->wl[n] + ws->xrev[n] + ws->dnow[n] + rc + pf) / (1.0 - ra);
        for (int j = 0; j < J; j++)
            xnew[j] += alpha[j] * inc;
    }
    return res;
}

/* Reads the bars of xnew; adds into the bars of y, rho, what, xrev, dnow and (CES
 * production) io_share. */
static void expenditure_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                                const tw_vjp_args *r)
{
    (void)r;
    tw_dims d = m->d;
    const tw_world *w = m->w;
    const int N = d.n, J = d.j;
    for (int n = 0; n < N; n++) {
        const double *ios = ws->io_share + tw_ix_nkj(d, n, 0, 0);
        const double *yn = ws->y + tw_ix_nj(d, n, 0), *rho = ws->rho + tw_ix_nj(d, n, 0);
        const double *alpha = w->alpha + tw_ix_nj(d, n, 0), *xb = a->xnew + tw_ix_nj(d, n, 0);
        const double *cval = ws->cdem + tw_ix_nj(d, n, 0);
        double incb = 0.0, rc = 0.0, ra = 0.0;
        for (int j = 0; j < J; j++) {
            incb += alpha[j] * xb[j];
            rc += rho[j] * cval[j];
            ra += rho[j] * alpha[j];
        }
        double den = 1.0 - ra;
        double pf = ws->profit ? ws->profit[n] : 0.0;
        double inc = (ws->what[n] * m->wl[n] + ws->xrev[n] + ws->dnow[n] + rc + pf) / den;
        double numb = incb / den, rab = incb * inc / den;
        a->what[n] += numb * m->wl[n];
        a->xrev[n] += numb;
        a->dnow[n] += numb;
        if (a->profit)
            a->profit[n] += numb;
        double *restrict yb = a->y + tw_ix_nj(d, n, 0);
        double *rhob = a->rho + tw_ix_nj(d, n, 0);
        double *restrict iob = a->io_share ? a->io_share + tw_ix_nkj(d, n, 0, 0) : NULL;
        for (int j = 0; j < J; j++) {
            double cb = xb[j] + numb * rho[j];
            rhob[j] += numb * cval[j] + rab * alpha[j];
            tw_axpy(yb, ios + tw_ix_kj(d, j, 0), cb, (size_t)J);
            if (iob)
                for (int k = 0; k < J; k++)
                    iob[tw_ix_kj(d, j, k)] += cb * yn[k];
        }
    }
}

const tw_block tw_block_expenditure = {"expenditure", "(4), (4')", expenditure_forward,
                                       expenditure_reverse};
