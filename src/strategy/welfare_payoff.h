/* SPDX-License-Identifier: MIT */
/* Internal: the welfare payoff of the strategy layer (src/strategy/welfare_payoff.c,
 * docs/model.md §2c "Welfare as a payoff"): in a world with labour supply (blocks.csv) a
 * government maximises the model's welfare W_hat of eq. (L7), the welfare_pct of results, net
 * of the disutility of work, in place of real income. */
#ifndef TW_STRATEGY_WELFARE_PAYOFF_H
#define TW_STRATEGY_WELFARE_PAYOFF_H

#include "core/error.h"
#include "model/workspace.h"

/* 1 if the payoffs of m's governments are the welfare of eq. (L7): the world has blocks, the
 * payoff option is not TW_PAYOFF_REAL_INCOME and there are no political-economy weights. */
int tw_welfare_payoff_on(const tw_model *m);

/* TW_OK, or TW_ERR_INPUT if m's options ask for the welfare payoff together with political
 * economy (the two payoffs do not combine). */
tw_status tw_welfare_payoff_check(const tw_model *m, tw_error *err);

/* ln(W_hat_n P_hat_n) at equilibrium eq: the income term of government n's payoff when
 * tw_welfare_payoff_on(m), in place of ln(I'_n / I_n) (the payoff subtracts ln P_hat_n). */
double tw_welfare_log_income(const tw_model *m, const tw_equilibrium *eq, int n);

/* The seeds of that term at the map's intermediates in ws (income, w_hat, L_hat and tariff
 * revenue of country n): sets seed_inc[n], and seed_what, seed_lhat, seed_rev [n] (zeroed
 * here, all n). */
void tw_welfare_seeds(const tw_model *m, const tw_workspace *ws, int n, double *seed_inc,
                      double *seed_what, double *seed_lhat, double *seed_rev);

#endif
