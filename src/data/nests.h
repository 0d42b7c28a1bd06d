/* SPDX-License-Identifier: MIT */
/* Internal: reading a world's CES input nests and carved sectors (src/data/nests.c). */
#ifndef TW_DATA_NESTS_H
#define TW_DATA_NESTS_H

#include <stdio.h>

#include "data/world_internal.h"

/* Largest elasticity of substitution across inputs accepted from files and options. */
#define TW_MAX_INPUT_ELASTICITY 20

/* Allocates w's nest arrays (every elasticity 1, no nest members, no parents) and reads
 * input_elasticities.csv and carved.csv from dir if present. Needs the sector codes. */
tw_status tw_world_read_production(tw_world *w, const char *dir, tw_error *err);

#endif
