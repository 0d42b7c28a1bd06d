/* SPDX-License-Identifier: MIT */
/* The welfare payoff (docs/model.md §2c "Welfare as a payoff"). With labour supply the
 * paper's welfare index is (eq. (L7), src/model/revenue.c)
 *   W_hat = (delta X_hat + (1 - delta) Y_hat) / P_hat,
 *   delta = E / (E - c (1 - tau')),  c = kappa Y / (1 + kappa),
 * X_hat = I' / I the change of expenditure (income of eq. (5)), Y_hat = w_hat' L_hat' /
 * (w_hat L_hat) the change of labour income, tau' = R' / (w_hat' L_hat' wL) the labour-tax
 * rate the tariff revenue pays for (0 with the lump-sum rebate), E, Y at the baseline. The
 * payoff is ln W_hat = ln A - ln P_hat with A the bracket; the strategy layer's gradient seeds
 * ln A on I', w_hat', L_hat' and R' (the map's intermediates, whose bars the blocks' reverse
 * functions carry back to the state and the tariffs), and -ln P_hat as for real income. */
#include <math.h>
#include <string.h>

#include "data/blocks.h"
#include "model/liberation.h"
#include "strategy/welfare_payoff.h"

int tw_welfare_payoff_on(const tw_model *m)
{
    return m->w->blocks && m->opt.payoff != TW_PAYOFF_REAL_INCOME && !m->political;
}

tw_status tw_welfare_payoff_check(const tw_model *m, tw_error *err)
{
    if ((unsigned)m->opt.payoff > (unsigned)TW_PAYOFF_WELFARE)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "payoff",
                       "unknown payoff setting %d (expected auto, real-income or welfare)",
                       m->opt.payoff);
    if (m->opt.payoff == TW_PAYOFF_WELFARE && m->political)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "payoff",
                       "the welfare payoff and political economy do not combine: ask for one");
    return TW_OK;
}

/* The partials of A with respect to income, w_hat, L_hat and revenue of country n. */
typedef struct welfare_parts {
    double a, d_inc, d_what, d_lhat, d_rev;
} welfare_parts;

static welfare_parts welfare_bracket(const tw_model *m, int n, double inc, double what,
                                     double lhat, double rev)
{
    const tw_equilibrium *b = m->base;
    double kappa = m->w->blocks->kappa[n], wl = m->wl[n];
    double e0 = b->income[n], y0 = b->w_hat[n] * b->l_hat[n] * wl, c = kappa * y0 / (1.0 + kappa);
    double x_hat = inc / e0, y_hat = what * lhat / (b->w_hat[n] * b->l_hat[n]);
    int tax = tw_liberation_revenue_use(m, n) == TW_REVENUE_LABOUR_TAX;
    double tau = tax ? rev / (what * lhat * wl) : 0.0;
    double den = e0 - c * (1.0 - tau), delta = e0 / den;
    double ddelta = -e0 * c / (den * den); /* d delta / d tau */
    double gap = (x_hat - y_hat) * ddelta; /* dA/dtau */
    welfare_parts p;
    p.a = delta * x_hat + (1.0 - delta) * y_hat;
    p.d_inc = delta / e0;
    p.d_what = (1.0 - delta) * y_hat / what - gap * tau / what;
    p.d_lhat = (1.0 - delta) * y_hat / lhat - gap * tau / lhat;
    p.d_rev = tax ? gap / (what * lhat * wl) : 0.0;
    return p;
}

double tw_welfare_log_income(const tw_model *m, const tw_equilibrium *eq, int n)
{
    welfare_parts p =
        welfare_bracket(m, n, eq->income[n], eq->w_hat[n], eq->l_hat[n], eq->revenue[n]);
    return log(p.a);
}

void tw_welfare_seeds(const tw_model *m, const tw_workspace *ws, int n, double *seed_inc,
                      double *seed_what, double *seed_lhat, double *seed_rev)
{
    size_t nn = (size_t)m->d.n;
    memset(seed_what, 0, nn * sizeof *seed_what);
    memset(seed_lhat, 0, nn * sizeof *seed_lhat);
    memset(seed_rev, 0, nn * sizeof *seed_rev);
    welfare_parts p = welfare_bracket(m, n, ws->income[n], ws->what[n], ws->lhat[n], ws->rev[n]);
    seed_inc[n] = p.d_inc / p.a;
    seed_what[n] = p.d_what / p.a;
    seed_lhat[n] = p.d_lhat / p.a;
    seed_rev[n] = p.d_rev / p.a;
}

int tw_payoff_parse(const char *s, int *out)
{
    static const char *const names[] = {"auto", "real-income", "welfare"};
    for (int k = 0; s && k < 3; k++)
        if (strcmp(s, names[k]) == 0) {
            *out = k;
            return 0;
        }
    return -1;
}

const char *tw_payoff_name(int payoff)
{
    return payoff == TW_PAYOFF_REAL_INCOME ? "real-income"
           : payoff == TW_PAYOFF_WELFARE   ? "welfare"
                                           : "auto";
}
