/* SPDX-License-Identifier: MIT */
/* Fuzz target: households files (tw_households_load_buffer) for the tiny test world. Any input
 * gives counts (each >= 1 or NAN) or a clean TW_ERR_INPUT with a position; never a crash. */
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
    double hh[16];
    if (tw_world_dims(world).n > 16)
        abort();
    tw_status st = tw_households_load_buffer("fuzz.csv", (const char *)data, size, world, hh,
                                             &err);
    if (st == TW_OK) {
        for (int n = 0; n < tw_world_dims(world).n; n++)
            if (!(isnan(hh[n]) || (isfinite(hh[n]) && hh[n] >= 1.0)))
                abort();
    } else if (st != TW_ERR_INPUT || err.line < 1) {
        abort(); /* from memory only input errors can occur, and they have a line */
    }
    char buf[2048];
    tw_error_format(&err, buf, sizeof buf);
    return 0;
}
