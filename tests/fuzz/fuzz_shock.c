/* SPDX-License-Identifier: MIT */
/* Fuzz target: shock files applied to the tiny test world. A shock either applies cleanly and
 * leaves a valid policy, or is rejected with an error; never a crash. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tradewar/tradewar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tw_world *world;
static tw_model *model;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tw_error err;
    if (!model) {
        if (tw_world_load(TW_FUZZ_WORLD, NULL, &world, &err) ||
            tw_model_create(world, NULL, &model, &err)) {
            fprintf(stderr, "cannot load the fuzz world %s\n", TW_FUZZ_WORLD);
            abort();
        }
    }
    tw_policy *p;
    if (tw_policy_create(model, &p))
        abort();
    tw_status st = tw_shock_apply_buffer(model, p, "fuzz.csv", (const char *)data, size, &err);
    if (st == TW_OK && tw_policy_validate(model, p, &err) != TW_OK) {
        /* Everything the shock reader accepts must be a valid policy... except a set of
         * embargoes that cuts a country off a sector entirely, which only the solver-side
         * check can see; that is a clean rejection too. */
        if (err.status != TW_ERR_INPUT)
            abort();
    }
    tw_policy_free(p);
    return 0;
}
