/* SPDX-License-Identifier: MIT */
/* Internal entry points of the equilibrium solver. */
#ifndef TW_SOLVE_SOLVER_H
#define TW_SOLVE_SOLVER_H

#include "model/model_internal.h"

/* A solver: everything that changes while solving on a model (which stays read-only). */
struct tw_solver {
    const tw_model *m;
    tw_solver_options opt;
    int depth;            /* Anderson memory the workspace was made for */
    tw_workspace *ws;     /* coefficients, the map's scratch, iterates */
    /* Scratch for continuation: made by the first solve that walks a path. */
    tw_policy *path_policy;
    int cancelled;        /* the current solve was stopped by the caller */
    /* 1 while ws holds the map's intermediates at the point tw_solver_iterate returned
     * converged (set by it; cleared by every other path that evaluates the map), so that the
     * solve's result is written from them without a second evaluation there. */
    int at_solution;
    /* Diagnosis of the last failed solve (see solve/model_solve.c). */
    int diag_country;
    double diag_ratio, diag_share;
};

/* 1 if the solve must stop now: the cancel flag is set or the progress callback (called with
 * the iteration and residual) asked to stop; then s->cancelled is set. */
int tw_solver_poll(tw_solver *s, int iteration, double residual);

/* Iterates the equilibrium map of s->m (coefficients already set for a policy in s->ws) from
 * state z for a nominal `budget` of iterations, stopping early if progress stalls, and going
 * on past the budget up to `hard` while the residual falls fast enough to reach the tolerance
 * before it (docs/model.md, "Iteration budget"). On return z holds the point whose residual
 * was measured (the converged point, or the best seen) and *residual that residual;
 * *iterations and *restarts are incremented. @return 1 if converged (then s->at_solution is 1:
 * ws holds the map at z). */
int tw_solver_iterate(tw_solver *s, double *z, int budget, int hard, int *iterations,
                      double *residual, int *restarts);

/* The hard cap of a solve whose nominal budget is `budget` (10 times it, at most INT_MAX). */
int tw_solver_hard_cap(int budget);

/* Newton-Krylov from z (overwritten with the last accepted point), at most `budget` map
 * evaluations, counted into *iterations. @return 1 if converged. */
int tw_solver_newton(tw_solver *s, double *z, int budget, int *iterations, double *residual);

#endif
