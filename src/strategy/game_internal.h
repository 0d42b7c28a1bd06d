/* SPDX-License-Identifier: MIT */
/* Internal layout of a game: the model it borrows and the scratch of gradients (adjoint
 * solves) and optimisers, allocated once. */
#ifndef TW_STRATEGY_GAME_INTERNAL_H
#define TW_STRATEGY_GAME_INTERNAL_H

#include "model/adjoint.h"
#include "model/model_internal.h"
#include "tradewar/strategy.h"

#define TW_GMRES_RESTART 40
#define TW_GMRES_MAX_ITERATIONS 3000

struct tw_game {
    tw_model *m;
    tw_game_options opt;
    tw_map_adjoint *adj;
    size_t size; /* state size */
    /* adjoint solve: z, G(z), right-hand side dW/dz, lambda, residual, Krylov basis */
    double *z, *gz, *wz, *lam, *r, *av, *basis, *hess, *cs, *sn, *gv, *yv;
    /* seeds of the payoff on income [n], ln P [n][j], output [n][j] */
    double *seed_inc, *seed_lnp, *seed_y;
    double *grad; /* [j][n][i] */
    tw_policy *trial;
    tw_equilibrium *eq_trial;
};

/* 1 if the cancel flag is set or the progress callback asked to stop. */
int tw_game_cancelled(const tw_game *g);
/* Reports progress; returns nonzero if the callback asks to stop. */
int tw_game_progress(tw_game *g, const char *what, int step, double value);

#endif
