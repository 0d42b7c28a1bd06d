/* SPDX-License-Identifier: MIT */
/* Internal: building a model's parameters from a world (the baseline is solved by the caller,
 * in the solve layer). */
#ifndef TW_MODEL_SETUP_H
#define TW_MODEL_SETUP_H

#include "model/model_internal.h"

/* Allocates the model and derives its parameters; m->base holds the data as
 * an unsolved starting point. */
tw_status tw_model_setup(const tw_world *w, const tw_model_options *opts, tw_model **out,
                         tw_error *err);

/* Checks solver options (TW_ERR_INPUT naming the field). */
tw_status tw_solver_options_check(const tw_solver_options *o, tw_error *err);

#endif
