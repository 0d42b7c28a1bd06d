/* SPDX-License-Identifier: MIT */
/* Internal: a world's trade elasticities and sector-specific factors at a horizon
 * (src/data/horizon.c, docs/model.md §2b). */
#ifndef TW_DATA_HORIZON_H
#define TW_DATA_HORIZON_H

#include "data/names.h"
#include "data/world_internal.h"

/* Sets w's horizon from years (> 0; INFINITY: the long run), reads horizons.csv and
 * specific_factors.csv from dir if present, scales w->theta by the horizon's ratios and sets
 * w->specific (NULL when no sector has a specific factor). Needs the codes and w->theta. */
tw_status tw_world_read_horizon(tw_world *w, const char *dir, double years, tw_error *err);
/* Frees what tw_world_read_horizon allocated in w (NULL-safe members). */
void tw_world_horizon_free(tw_world *w);

#endif
