/* SPDX-License-Identifier: MIT */
/* Internal entry point of the equilibrium solver. */
#ifndef TW_SOLVE_SOLVER_H
#define TW_SOLVE_SOLVER_H

#include "model/model_internal.h"

/* Iterates the equilibrium map of m (coefficients already set for the policy) from state z0
 * until the residual is below m->opt.tolerance or the iteration limit is reached. Fills eq
 * and rep. @return TW_OK, TW_ERR_NOT_CONVERGED or TW_ERR_NUMERIC. */
tw_status tw_solver_run(tw_model *m, const double *z0, tw_equilibrium *eq, tw_solver_report *rep,
                        tw_error *err);

#endif
