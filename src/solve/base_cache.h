/* SPDX-License-Identifier: MIT */
/* The baseline cache (solve/base_cache.c, docs/data-format.md "Binary cache"): the solved
 * state of a model's baseline, per world, model options (closure, solver settings, any option
 * added later), trade elasticities in force and state size, so that
 * a model of a cached world skips its baseline iterations. A cached state is used only if it
 * solves the baseline's equations to the solver's tolerance, evaluated afresh. */
#ifndef TW_SOLVE_BASE_CACHE_H
#define TW_SOLVE_BASE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "model/model_internal.h"

/* The key and file of m's baseline with a state of nz numbers. @return 1, or 0 when it cannot
 * be cached (the world was loaded without the cache, or input nests were overridden). */
int tw_base_cache_key(const tw_model *m, int nest_overrides, size_t nz, uint64_t key[2],
                      char *path, size_t size);

/* Reads the cached state into zc[nz] and its report's iteration and restart counts.
 * @return 1 on a hit, 0 on a miss (absent, stale or corrupt), -1 out of memory. */
int tw_base_cache_load(const char *path, const uint64_t key[2], double *zc, size_t nz,
                       tw_solver_report *r);

/* Writes the solved state z[nz] and r's counts (best effort: a failure leaves no file). */
void tw_base_cache_store(const char *path, const uint64_t key[2], const double *z, size_t nz,
                         const tw_solver_report *r);

#endif
