/* SPDX-License-Identifier: MIT */
/* Internal: the political-economy payoff of Ossa (2014) (src/strategy/political.c,
 * docs/strategy.md "Political economy"). */
#ifndef TW_STRATEGY_POLITICAL_H
#define TW_STRATEGY_POLITICAL_H

#include "model/workspace.h"

/* ln(S'_n / S_n) at equilibrium eq: the income term of government n's payoff when the model
 * has political-economy weights (m->political), in place of ln(I'_n / I_n). */
double tw_political_log_income(const tw_model *m, const tw_equilibrium *eq, int n);

/* The seeds of that term at the map's intermediates in ws (gross output ws->y, income
 * ws->income): sets seed_inc[n] and adds into seed_y [n][j]. */
void tw_political_seeds(const tw_model *m, const tw_workspace *ws, int n, double *seed_inc,
                        double *seed_y);

#endif
