/* SPDX-License-Identifier: MIT */
/* Memory a model and its solvers need, estimated from the dimensions before anything is
 * allocated, and the memory available to compare it with. */
#ifndef TW_SOLVE_MEMORY_H
#define TW_SOLVE_MEMORY_H

#include <stddef.h>

#include "tradewar/model.h"

/* Bytes of a model of dimensions d (its baseline policy and equilibrium included). */
double tw_memory_model_bytes(tw_dims d);
/* Bytes of a solver with Anderson memory depth on a model of dimensions d (no quotas). */
double tw_memory_solver_bytes(tw_dims d, int depth);
/* Bytes of one policy and of one equilibrium. */
double tw_memory_policy_bytes(tw_dims d);
double tw_memory_equilibrium_bytes(tw_dims d);

/* The memory limit in bytes: `limit` if > 0, else $TRADEWAR_MEMORY_LIMIT if set (bytes, or
 * with a suffix K, M, G or T, powers of 1024), else the memory available (MemAvailable in
 * /proc/meminfo, else sysconf(_SC_AVPHYS_PAGES) pages). *source says which ("the memory
 * limit option", "TRADEWAR_MEMORY_LIMIT", "MemAvailable"...). 0 if none can be found (then no
 * check is made). */
double tw_memory_limit(double limit, const char **source);

/* TW_OK if `need` bytes fit in the limit (tw_memory_limit(limit)); otherwise TW_ERR_NOMEM with
 * a message naming what needs the memory, the estimate and the limit. */
tw_status tw_memory_check(double need, double limit, tw_dims d, const char *what,
                          tw_error *err);

#endif
