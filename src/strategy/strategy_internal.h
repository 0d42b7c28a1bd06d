/* SPDX-License-Identifier: MIT */
/* Entry points shared between the strategy files. */
#ifndef TW_STRATEGY_INTERNAL_H
#define TW_STRATEGY_INTERNAL_H

#include "strategy/instrument.h"
#include "tradewar/strategy.h"

/* Best response of ins->country over the variables of map, starting from x (in/out: the
 * optimum on return). start gives the other entries of the policy, base [j][n][i] the tariffs
 * that increases are added to (only_increases). See tw_best_response for the rest. */
tw_status tw_best_response_x(tw_game *g, const tw_instrument *ins, const tw_objective *obj,
                             const tw_instrument_map *map, const tw_policy *start,
                             const double *base, double *x, tw_policy *out, tw_equilibrium *eq,
                             tw_optimize_report *rep, tw_error *err);

#endif
