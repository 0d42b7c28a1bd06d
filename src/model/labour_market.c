/* SPDX-License-Identifier: MIT */
/* Income, labour market and expenditure with elastic employment and destination income
 * (docs/model.md §2c, eqs. (L3), (L6)): the counterparts of the income, factors and
 * expenditure blocks for a world with blocks.csv (one sector, no intermediate inputs), with
 * labour income w_hat L_hat wL in place of w_hat wL and deficits held as a share of world labour
 * income, D'_n = D_n sum_m w_hat L_hat wL_m / sum_m wL_m (main_baseline.m: T_i X_global_new /
 * X_global). */
#include <math.h>

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

/* Inputs: ws->what, ws->lhat [n], ws->y [n] (factor income demanded, after the destination
 * block). Output: ws->gap [n] = ln y - ln(w_hat L_hat wL). Residual: |gap| (eq. (L3)) and the
 * numeraire |sum w_hat wL / sum wL - 1| (eq. (7)). */
static double market_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    (void)z;
    (void)gz;
    double res = 0.0, wsum = 0.0, wsum0 = 0.0;
    for (int n = 0; n < m->d.n; n++) {
        wsum += ws->what[n] * m->wl[n];
        wsum0 += m->wl[n];
        double ld = ws->y[n];
        double gap = log(ld > 0 ? ld : 1e-300) - log(ws->what[n] * ws->lhat[n] * m->wl[n]);
        ws->gap[n] = gap;
        if (fabs(gap) > res)
            res = fabs(gap);
    }
    double numer = fabs(wsum / wsum0 - 1.0);
    return numer > res ? numer : res;
}

/* Reads the bars of gap; adds into y, what, lhat. */
static void market_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                           const tw_vjp_args *r)
{
    (void)r;
    for (int n = 0; n < m->d.n; n++) {
        double gb = a->gap[n];
        if (ws->y[n] > 0)
            a->y[n] += gb / ws->y[n];
        a->what[n] -= gb / ws->what[n];
        a->lhat[n] -= gb / ws->lhat[n];
    }
}

const tw_block tw_block_labour_market = {"labour_market", "(L3), (7)", market_forward,
                                         market_reverse};

/* Inputs: ws->what, ws->lhat, ws->xrev, ws->dnow, ws->rho [n]; for the residual ws->x and
 * ws->income. Output: ws->xnew [n] = (w_hat L_hat wL + T' + D') / (1 - rho): the spending at
 * which tariff revenue rho X and income agree (as the expenditure block, one sector). Residual:
 * eq. (4) at z, |I' - X| / max(|I'|, X, 1e-6 xscale). */
static double expend_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    (void)z;
    (void)gz;
    double res = 0.0;
    for (int n = 0; n < m->d.n; n++) {
        double v = ws->income[n], x = ws->x[n];
        double r4 = fabs(v - x) / fmax(fmax(fabs(v), x), 1e-6 * m->xscale[n]);
        if (r4 > res)
            res = r4;
        ws->cdem[n] = 0.0;
        ws->xnew[n] = (ws->what[n] * ws->lhat[n] * m->wl[n] + ws->xrev[n] + ws->dnow[n]) /
                      (1.0 - ws->rho[n]);
    }
    return res;
}

/* Reads the bars of xnew; adds into what, lhat, xrev, dnow, rho. */
static void expend_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                           const tw_vjp_args *r)
{
    (void)r;
    for (int n = 0; n < m->d.n; n++) {
        double den = 1.0 - ws->rho[n], xb = a->xnew[n];
        double numb = xb / den;
        double inc = (ws->what[n] * ws->lhat[n] * m->wl[n] + ws->xrev[n] + ws->dnow[n]) / den;
        a->what[n] += numb * ws->lhat[n] * m->wl[n];
        a->lhat[n] += numb * ws->what[n] * m->wl[n];
        a->xrev[n] += numb;
        a->dnow[n] += numb;
        a->rho[n] += xb * inc / den;
    }
}

const tw_block tw_block_labour_expenditure = {"labour_expenditure", "(4) with (L6)",
                                              expend_forward, expend_reverse};
