/* SPDX-License-Identifier: MIT */
/* Income, labour market and expenditure with elastic employment and destination income
 * (docs/model.md §2c, eqs. (L3), (L6)): the counterparts of the income, factors and
 * expenditure blocks for a world with blocks.csv (any sectors, input-output links), with
 * labour income w_hat L_hat wL in place of w_hat wL and deficits held as a share of world labour
 * income, D'_n = D_n sum_m w_hat L_hat wL_m / sum_m wL_m (main_baseline.m: T_i X_global_new /
 * X_global). */
#include <math.h>

#include "data/blocks.h"
#include "model/kernels.h"
#include "model/liberation.h"

static double world_income(const tw_model *m, const tw_workspace *ws, double *base)
{
    double s = 0.0, s0 = 0.0;
    for (int n = 0; n < m->d.n; n++) {
        s += ws->what[n] * ws->lhat[n] * m->wl[n];
        s0 += m->wl[n];
    }
    *base = s0;
    return s;
}

/* Inputs: ws->what, ws->lhat, ws->rev, ws->xrev [n]. Outputs: ws->dnow [n] = D_n S / S0 with
 * S = sum w_hat L_hat wL (S0 at the baseline); ws->income [n] = w_hat L_hat wL + R' + T' + D'.
 * No residual. */
static double income_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    (void)z;
    (void)gz;
    double s0, s = world_income(m, ws, &s0);
    for (int n = 0; n < m->d.n; n++) {
        ws->dnow[n] = m->d_base[n] * s / s0;
        ws->income[n] = ws->what[n] * ws->lhat[n] * m->wl[n] + ws->rev[n] + ws->xrev[n] +
                        ws->dnow[n];
    }
    return 0.0;
}

/* Reads the bars of dnow and income; adds into what, lhat, rev, xrev. */
static void income_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                           const tw_vjp_args *r)
{
    (void)r;
    double s0, sb = 0.0;
    world_income(m, ws, &s0);
    for (int n = 0; n < m->d.n; n++) {
        double ib = a->income[n];
        a->rev[n] += ib;
        a->xrev[n] += ib;
        sb += (a->dnow[n] + ib) * m->d_base[n] / s0;
    }
    for (int n = 0; n < m->d.n; n++) {
        double supb = a->income[n] + sb;
        a->what[n] += supb * ws->lhat[n] * m->wl[n];
        a->lhat[n] += supb * ws->what[n] * m->wl[n];
    }
}

const tw_block tw_block_labour_income = {"labour_income", "(5) with (L6)", income_forward,
                                         income_reverse};

/* Labour demanded in n (eq. (L3)): value added sum_j gamma_n^j Y'_n^j of the sales n keeps
 * (the trade block's y) and the destination income nu_n (X'_n - R'_n) of n's purchases. */
static double labour_demand(const tw_model *m, const tw_workspace *ws, int n)
{
    tw_dims d = m->d;
    double lab = 0.0, bought = 0.0;
    for (int j = 0; j < d.j; j++)
        lab += m->w->va[tw_ix_nj(d, n, j)] * ws->y[tw_ix_nj(d, n, j)];
    for (int j = 0; j < d.j; j++)
        bought += ws->x[tw_ix_nj(d, n, j)];
    return lab + m->w->blocks->nu[n] * (bought - ws->rev[n]);
}

/* Inputs: ws->what, ws->lhat, ws->rev [n], ws->y and ws->x [n][j]. Output: ws->gap [n] =
 * ln(labour demanded) - ln(w_hat L_hat wL). Residual: |gap| (eq. (L3)) and the numeraire
 * |sum w_hat wL / sum wL - 1| (eq. (7)). */
static double market_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    (void)z;
    (void)gz;
    double res = 0.0, wsum = 0.0, wsum0 = 0.0;
    for (int n = 0; n < m->d.n; n++) {
        wsum += ws->what[n] * m->wl[n];
        wsum0 += m->wl[n];
        double ld = labour_demand(m, ws, n);
        double gap = log(ld > 0 ? ld : 1e-300) - log(ws->what[n] * ws->lhat[n] * m->wl[n]);
        ws->gap[n] = gap;
        if (fabs(gap) > res)
            res = fabs(gap);
    }
    double numer = fabs(wsum / wsum0 - 1.0);
    return numer > res ? numer : res;
}

/* Reads the bars of gap; adds into y, what, lhat, and leaves the bar of the destination income
 * nu_n (X'_n - R'_n) divided by nu_n in a->scratch_n [n] for the destination block's reverse
 * (src/model/destination.c), which adds it into x and rev. */
static void market_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                           const tw_vjp_args *r)
{
    (void)r;
    tw_dims d = m->d;
    for (int n = 0; n < d.n; n++) {
        double gb = a->gap[n], ld = labour_demand(m, ws, n), ldb = 0.0;
        if (ld > 0) {
            ldb = gb / ld;
            for (int j = 0; j < d.j; j++)
                a->y[tw_ix_nj(d, n, j)] += m->w->va[tw_ix_nj(d, n, j)] * ldb;
        }
        a->scratch_n[n] = ldb;
        a->what[n] -= gb / ws->what[n];
        a->lhat[n] -= gb / ws->lhat[n];
    }
}

const tw_block tw_block_labour_market = {"labour_market", "(L3), (7)", market_forward,
                                         market_reverse};

/* Inputs: ws->y, ws->rho [n][j], ws->what, ws->lhat, ws->xrev, ws->dnow [n]; for the residual
 * ws->x and ws->income. Output: ws->xnew [n][j] = C_j + alpha_j inc with intermediate demand
 * C_j = sum_k gamma^{j,k} Y^k and inc = (w_hat L_hat wL + T' + D' + sum_j rho_j C_j) /
 * (1 - sum_j rho_j alpha_j): the spending at which tariff revenue and income agree (as the
 * expenditure block, src/model/expenditure.c, with labour income w_hat L_hat wL); ws->cdem
 * keeps C. Residual: eq. (4) at z, |rhs - X| / max(|rhs|, X, 1e-6 xscale). */
static double expend_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    (void)z;
    (void)gz;
    tw_dims d = m->d;
    const int J = d.j;
    const tw_world *w = m->w;
    double res = 0.0;
    for (int n = 0; n < d.n; n++) {
        const double *io = w->io + tw_ix_nkj(d, n, 0, 0), *yn = ws->y + tw_ix_nj(d, n, 0);
        const double *rho = ws->rho + tw_ix_nj(d, n, 0), *alpha = w->alpha + tw_ix_nj(d, n, 0);
        const double *X = ws->x + tw_ix_nj(d, n, 0);
        double *xnew = ws->xnew + tw_ix_nj(d, n, 0), rc = 0.0, ra = 0.0;
        for (int j = 0; j < J; j++) {
            double c = tw_dot4(io + tw_ix_kj(d, j, 0), yn, (size_t)J);
            xnew[j] = c;
            ws->cdem[tw_ix_nj(d, n, j)] = c;
            double v = c + alpha[j] * ws->income[n];
            double r4 = fabs(v - X[j]) / fmax(fmax(fabs(v), X[j]), 1e-6 * m->xscale[n]);
            if (r4 > res)
                res = r4;
            rc += rho[j] * c;
            ra += rho[j] * alpha[j];
        }
        double inc = (ws->what[n] * ws->lhat[n] * m->wl[n] + ws->xrev[n] + ws->dnow[n] + rc) /
                     (1.0 - ra);
        for (int j = 0; j < J; j++)
            xnew[j] += alpha[j] * inc;
    }
    return res;
}

/* Reads the bars of xnew; adds into y, rho, what, lhat, xrev, dnow. */
static void expend_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                           const tw_vjp_args *r)
{
    (void)r;
    tw_dims d = m->d;
    const int J = d.j;
    const tw_world *w = m->w;
    for (int n = 0; n < d.n; n++) {
        const double *io = w->io + tw_ix_nkj(d, n, 0, 0);
        const double *rho = ws->rho + tw_ix_nj(d, n, 0), *alpha = w->alpha + tw_ix_nj(d, n, 0);
        const double *xb = a->xnew + tw_ix_nj(d, n, 0), *cval = ws->cdem + tw_ix_nj(d, n, 0);
        double incb = 0.0, rc = 0.0, ra = 0.0;
        for (int j = 0; j < J; j++) {
            incb += alpha[j] * xb[j];
            rc += rho[j] * cval[j];
            ra += rho[j] * alpha[j];
        }
        double den = 1.0 - ra;
        double inc = (ws->what[n] * ws->lhat[n] * m->wl[n] + ws->xrev[n] + ws->dnow[n] + rc) / den;
        double numb = incb / den, rab = incb * inc / den;
        a->what[n] += numb * ws->lhat[n] * m->wl[n];
        a->lhat[n] += numb * ws->what[n] * m->wl[n];
        a->xrev[n] += numb;
        a->dnow[n] += numb;
        double *yb = a->y + tw_ix_nj(d, n, 0), *rhob = a->rho + tw_ix_nj(d, n, 0);
        for (int j = 0; j < J; j++) {
            double cb = xb[j] + numb * rho[j];
            rhob[j] += numb * cval[j] + rab * alpha[j];
            tw_axpy(yb, io + tw_ix_kj(d, j, 0), cb, (size_t)J);
        }
    }
}

const tw_block tw_block_labour_expenditure = {"labour_expenditure", "(4) with (L6)",
                                              expend_forward, expend_reverse};
