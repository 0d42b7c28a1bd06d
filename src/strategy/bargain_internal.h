/* SPDX-License-Identifier: MIT */
/* The scenario solver's entry into bargains (src/strategy/bargain_scenario.c). */
#ifndef TW_STRATEGY_BARGAIN_INTERNAL_H
#define TW_STRATEGY_BARGAIN_INTERNAL_H

#include "tradewar/scenario.h"
#include "tradewar/strategy.h"

/* The bargain of event sg from the policy in force `start`: the deal's policy into out and
 * its equilibrium into eq (tw_game_bargain with the event's controls and weights). */
tw_status tw_scenario_bargain(tw_game *g, const tw_scenario_game *sg, const tw_policy *start,
                              tw_policy *out, tw_equilibrium *eq, tw_error *err);

#endif
