/* SPDX-License-Identifier: MIT */
/* Elasticity sweeps: a scenario run once per elasticity of substitution of its world's input
 * nests (docs/model.md §2a), reporting the real income of the scenario's players, watched
 * countries and the world at every step against the elasticity (`tradewar run
 * --critical-elasticities`). */
#ifndef TRADEWAR_SWEEP_H
#define TRADEWAR_SWEEP_H

#include "tradewar/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TW_SWEEP_MAX_ELASTICITIES 16

typedef struct tw_elasticity_sweep {
    int n_elasticities;
    int n_steps;        /* steps of the timeline (the same for every elasticity) */
    int n_groups;       /* the players, the watched countries, and the world (last) */
    double *elasticities;    /* [n_elasticities] */
    char (*dates)[11];       /* [n_steps] YYYY-MM-DD */
    char **branches;         /* [n_steps] */
    char **labels;           /* [n_steps] the events of the step */
    char **group_names;      /* [n_groups]; the last is "World" */
    /* [elasticity][step][group]: exact real-income change, % against the scenario's reference;
     * a group's is its members' weighted by baseline income (tw_group_real_income_pct), the
     * world's that of tw_results. */
    double *real_income_pct;
} tw_elasticity_sweep;

/* The real income of group g at step k for elasticity e. */
static inline double tw_elasticity_sweep_at(const tw_elasticity_sweep *sw, int e, int k, int g)
{
    return sw->real_income_pct[((size_t)e * sw->n_steps + k) * sw->n_groups + g];
}

/* Runs scenario s (loaded, borrowed; bound once to w) once per elasticity (1 to TW_SWEEP_MAX_ELASTICITIES values in [0, 20]): a model of w with options o
 * (borrowed; NULL: defaults) whose input-elasticity rules are followed by one setting every
 * nest's elasticity (TW_NEST_MEMBERS, TW_ALL_SECTORS), a solver with the model's solver
 * options, then the timeline with solve_game for its games (may be NULL without games; ctx is
 * passed to it). @return TW_OK; TW_ERR_USAGE (bad list);
 * the first failing run's status with err naming the elasticity; TW_ERR_NOMEM. *out is owned
 * by the caller (tw_elasticity_sweep_free). */
TW_API tw_status tw_elasticity_sweep_run(const tw_world *w, const tw_scenario *s,
                                         const tw_model_options *o,
                                         const double *elasticities, int n_elasticities,
                                         tw_game_solver_fn solve_game, void *ctx,
                                         tw_elasticity_sweep **out, tw_error *err);
TW_API void tw_elasticity_sweep_free(tw_elasticity_sweep *sw);

#ifdef __cplusplus
}
#endif
#endif
