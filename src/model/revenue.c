/* SPDX-License-Identifier: MIT */
/* The use of tariff revenue with elastic labour supply (docs/model.md §2c, eqs. (L4), (L7)):
 * rebated lump-sum, or spent on cutting a labour-income tax whose rate is the revenue's share
 * of labour income, tau = R' / (w_hat L_hat wL), so that workers face the after-tax wage
 * w_hat / (1 - tau) relative to the baseline (main_baseline.m: tau_i_h = 1 / (1 - tau_i)). */
#include <math.h>

#include "data/blocks.h"
#include "model/liberation.h"

/* f(L) = L^(1/kappa - 1) (L - g) - a: eq. (L4) L = (a / (1 - g / L))^kappa rearranged. */
static double tax_f(double l, double a, double g, double e, double *fl)
{
    double p = pow(l, e - 1.0);
    *fl = p / l * (e * l - g * (e - 1.0));
    return p * (l - g) - a;
}

double tw_revenue_employment(double a, double g, double kappa, int use, double *dl_da,
                             double *dl_dg)
{
    *dl_da = 0.0;
    *dl_dg = 0.0;
    if (kappa == 0.0)
        return 1.0;
    if (use != TW_REVENUE_LABOUR_TAX || g == 0.0) {
        double l = exp(kappa * log(a));
        *dl_da = kappa * l / a;
        if (use == TW_REVENUE_LABOUR_TAX) /* dL/dg at g = 0: L^(1/kappa - 1) / f'(L) */
            *dl_dg = kappa;
        return l;
    }
    /* f is increasing where f >= -a (L > g): bracket [lo, hi] and Newton steps kept inside
     * (bisection when a step leaves it). */
    double e = 1.0 / kappa, fl;
    double lo = g > 0 ? g : 0.0, hi = (g > 0 ? g : 0.0) + exp(kappa * log(a)) + 1.0;
    while (tax_f(hi, a, g, e, &fl) < 0.0 && hi < 1e300)
        hi *= 2.0;
    double l = 0.5 * (lo + hi);
    for (int it = 0; it < 200; it++) {
        double f = tax_f(l, a, g, e, &fl);
        if (f > 0)
            hi = l;
        else
            lo = l;
        double next = l - f / fl;
        if (!(next > lo && next < hi))
            next = 0.5 * (lo + hi);
        if (fabs(next - l) <= 1e-15 * l) {
            l = next;
            break;
        }
        l = next;
    }
    tax_f(l, a, g, e, &fl);
    *dl_da = 1.0 / fl;
    *dl_dg = pow(l, e - 1.0) / fl;
    return l;
}

double tw_revenue_welfare_hat(const tw_model *m, const tw_equilibrium *eq, int n)
{
    const tw_equilibrium *b = m->base;
    double x_hat = eq->income[n] / b->income[n], p_hat = eq->cpi_hat[n] / b->cpi_hat[n];
    const struct tw_world_blocks *blk = m->w->blocks;
    if (!blk)
        return x_hat / p_hat;
    double y_hat = eq->w_hat[n] * eq->l_hat[n] / (b->w_hat[n] * b->l_hat[n]);
    double e0 = b->income[n], y0 = b->w_hat[n] * b->l_hat[n] * m->wl[n], kappa = blk->kappa[n];
    double tau = tw_liberation_revenue_use(m, n) == TW_REVENUE_LABOUR_TAX
                     ? eq->revenue[n] / (eq->w_hat[n] * eq->l_hat[n] * m->wl[n])
                     : 0.0;
    double delta = e0 / (e0 - kappa * (1.0 - tau) * y0 / (1.0 + kappa));
    return delta * x_hat / p_hat + (1.0 - delta) * y_hat / p_hat;
}
