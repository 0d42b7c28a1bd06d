/* SPDX-License-Identifier: MIT */
/* The political-economy payoff of Ossa (2014) (his mycongov.m; docs/strategy.md): government n
 * weighs the incomes of its sectors' stakeholders by lambda_n^j. With E_j = gamma_j Y_j +
 * delta_j M the income of sector j (its value added, profits included, plus its share of the
 * income that is not value added, M = I - sum_k gamma_k Y_k: tariff revenue, export taxes and
 * the deficit, shared by the sectors' labour shares delta_j = a_j / A, a_j = (1 - phi_j)
 * gamma_j Y_j, A = sum_k a_k), the payoff is ln(S' / S) - ln P_hat_n with S = sum_j lambda_j
 * E_j. With every lambda equal, S = lambda I and the payoff is real income. gamma_j are the
 * data's value-added shares, phi_j the profit shares (0 without profits). */
#include <math.h>

#include "strategy/political.h"

/* S for country n from gross output y [n][j] and income; *lab_mean receives
 * Lambda = sum_j lambda_j a_j / A and *labour A (the caller's seeds need them). */
static double lobby_sum(const tw_model *m, int n, const double *y, double income,
                        double *lab_mean, double *labour)
{
    const tw_world *w = m->w;
    tw_dims d = m->d;
    const double *lam = m->political + (size_t)n * d.j;
    double va = 0.0, s = 0.0, a = 0.0, la = 0.0;
    for (int j = 0; j < d.j; j++) {
        size_t at = tw_ix_nj(d, n, j);
        double v = w->va[at] * y[at], phi = w->profit_share ? w->profit_share[j] : 0.0;
        va += v;
        s += lam[j] * v;
        a += (1.0 - phi) * v;
        la += lam[j] * (1.0 - phi) * v;
    }
    double mean = a > 0 ? la / a : 0.0;
    *lab_mean = mean;
    *labour = a;
    return s + mean * (income - va);
}

double tw_political_log_income(const tw_model *m, const tw_equilibrium *eq, int n)
{
    const tw_equilibrium *b = m->base;
    double mean, a;
    double s1 = lobby_sum(m, n, eq->output, eq->income[n], &mean, &a);
    double s0 = lobby_sum(m, n, b->output, b->income[n], &mean, &a);
    return log(s1 / s0);
}

void tw_political_seeds(const tw_model *m, const tw_workspace *ws, int n, double *seed_inc,
                        double *seed_y)
{
    const tw_world *w = m->w;
    tw_dims d = m->d;
    const double *lam = m->political + (size_t)n * d.j;
    double mean, a;
    double s = lobby_sum(m, n, ws->y, ws->income[n], &mean, &a);
    double va = 0.0;
    for (int j = 0; j < d.j; j++)
        va += w->va[tw_ix_nj(d, n, j)] * ws->y[tw_ix_nj(d, n, j)];
    double rest = ws->income[n] - va;
    seed_inc[n] = mean / s;
    for (int j = 0; j < d.j; j++) {
        size_t at = tw_ix_nj(d, n, j);
        double g = w->va[at], phi = w->profit_share ? w->profit_share[j] : 0.0;
        /* dS/dY_j: the sector's own value added, less what it takes from M, plus the move of
         * Lambda with its labour share. */
        double ds = (lam[j] - mean) * g;
        if (a > 0)
            ds += rest * (1.0 - phi) * g * (lam[j] - mean) / a;
        seed_y[at] += ds / s;
    }
}
