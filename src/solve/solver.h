/* SPDX-License-Identifier: MIT */
/* Internal entry points of the equilibrium solver. */
#ifndef TW_SOLVE_SOLVER_H
#define TW_SOLVE_SOLVER_H

#include "model/model_internal.h"

/* Iterates the equilibrium map of m (coefficients already set for a policy) from state z, for
 * at most `budget` iterations, stopping early if progress stalls. On return z holds the point
 * whose residual was measured (the converged point, or the best seen) and *residual that
 * residual; *iterations and *restarts are incremented. @return 1 if converged. */
int tw_solver_iterate(tw_model *m, double *z, int budget, int *iterations, double *residual,
                      int *restarts);

/* Newton-Krylov from z (overwritten with the last accepted point), at most `budget` map
 * evaluations, counted into *iterations. @return 1 if converged. */
int tw_solver_newton(tw_model *m, double *z, int budget, int *iterations, double *residual);

#endif
