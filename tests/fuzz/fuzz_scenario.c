/* SPDX-License-Identifier: MIT */
/* Fuzz target: scenario files read, bound to the tiny test world and evaluated. A scenario is
 * either rejected with an error record that has a message, or evaluated; never a crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tradewar/tradewar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tw_world *world;
static tw_model *model;
static tw_solver *solver;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tw_error err;
    if (!model) {
        if (tw_world_load(TW_FUZZ_WORLD, NULL, &world, &err) ||
            tw_model_create(world, NULL, &model, &err) ||
            tw_solver_create(model, NULL, &solver, &err)) {
            fprintf(stderr, "cannot load the fuzz world %s\n", TW_FUZZ_WORLD);
            abort();
        }
    }
    tw_scenario *s = NULL;
    tw_plan *p = NULL;
    tw_timeline *t = NULL;
    tw_status st = tw_scenario_load_buffer("fuzz.yaml", (const char *)data, size, &s, &err);
    if (!st)
        st = tw_scenario_bind(s, world, &p, &err);
    if (!st)
        st = tw_timeline_run(p, model, solver, &t, &err);
    if (st && !err.message[0])
        abort(); /* every failure explains itself */
    if (!st) {
        for (int k = 0; k < tw_timeline_steps(t); k++) {
            tw_timeline_step step = tw_timeline_step_get(t, k);
            if (!step.report.converged)
                abort(); /* an unconverged step is never returned */
        }
    }
    tw_timeline_free(t);
    tw_plan_free(p);
    tw_scenario_free(s);
    return 0;
}
