/* SPDX-License-Identifier: MIT */
/* Entry points shared between the strategy files. */
#ifndef TW_STRATEGY_INTERNAL_H
#define TW_STRATEGY_INTERNAL_H

#include "strategy/instrument.h"
#include "tradewar/strategy.h"

/* Best response of ins->country over the variables of map, starting from x (in/out: the
 * optimum on return). start gives the other entries of the policy, base [j][n][i] the tariffs
 * that increases are added to (only_increases). See tw_game_best_response for the rest. */
tw_status tw_best_response_x(tw_game *g, const tw_instrument *ins, const tw_objective *obj,
                             const tw_instrument_map *map, const tw_policy *start,
                             const double *base, double *x, tw_policy *out, tw_equilibrium *eq,
                             tw_optimize_report *rep, tw_error *err);
/* tw_best_response_x with warm-started adjoint solves: the first from lam0 (g->size entries,
 * the payoff's adjoint at a nearby equilibrium), each later one from the previous solution;
 * GMRES then needs fewer iterations for the same tolerance on its residual. The optimum moves
 * within the optimiser's tolerances (by about 1e-9 tariff points on the default world). With
 * lam0 NULL every adjoint solve starts from zero, as in tw_best_response_x. */
tw_status tw_best_response_xw(tw_game *g, const tw_instrument *ins, const tw_objective *obj,
                              const tw_instrument_map *map, const tw_policy *start,
                              const double *base, double *x, const double *lam0,
                              tw_policy *out, tw_equilibrium *eq, tw_optimize_report *rep,
                              tw_error *err);

/* The players' instruments as maps, their variables and the tariffs increases start from. */
typedef struct tw_players {
    int np;
    const tw_instrument *ins;
    tw_objective *obj;
    tw_instrument_map *map;
    double **x;
    double *base;
    double *xnew; /* scratch, as long as the largest player's variables */
    double *lam;  /* [np][state size]: each player's last adjoint solution (warm starts) */
} tw_players;

/* Builds the players (instruments must not overlap; objs may be NULL: real incomes); their
 * variables start at the values that best reproduce start's tariffs. */
tw_status tw_players_setup(tw_game *g, const tw_instrument *players, int np,
                           const tw_objective *objs, const tw_policy *start, tw_players *w,
                           tw_error *err);
void tw_players_free(tw_players *w);
/* Writes every player's variables into pol's tariffs. */
void tw_players_apply(const tw_players *w, tw_policy *pol);
/* Offsets of each player's variables in one flat vector; returns the total count. */
size_t tw_players_offsets(const tw_players *w, size_t *off);
void tw_players_get(const tw_players *w, const size_t *off, double *x);
/* Sets the variables from x, clipped to each instrument's bounds. */
void tw_players_set(tw_players *w, const size_t *off, const double *x);

#endif
