/* SPDX-License-Identifier: MIT */
/* Fuzz target: theta_se.csv files (tradewar/draws.h) for the tiny test world. A file is either
 * read into standard errors that are finite, >= 0, for the world's theta, with consistent
 * groups, or rejected with an input error; never a crash. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tradewar/tradewar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tw_world *world;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tw_error err;
    if (!world && tw_world_load(TW_FUZZ_WORLD, NULL, &world, &err)) {
        fprintf(stderr, "cannot load the fuzz world %s\n", TW_FUZZ_WORLD);
        abort();
    }
    tw_theta_errors *e;
    tw_status st = tw_theta_errors_load_buffer("fuzz.csv", (const char *)data, size, world, &e,
                                               &err);
    if (st == TW_OK) {
        int J = tw_world_dims(world).j;
        for (int j = 0; j < J; j++) {
            if (!(e->se[j] >= 0 && isfinite(e->se[j])) || e->theta[j] != tw_world_theta(world, j) ||
                e->group[j] < 0 || e->group[j] >= e->n_groups)
                abort();
            for (int k = 0; k < j; k++)
                if (e->group[k] == e->group[j] && e->se[k] != e->se[j])
                    abort();
        }
        tw_theta_errors_free(e);
    } else if (st != TW_ERR_INPUT && st != TW_ERR_NOMEM) {
        abort();
    }
    return 0;
}
