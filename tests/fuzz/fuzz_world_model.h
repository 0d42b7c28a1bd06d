/* SPDX-License-Identifier: MIT */
/* The check shared by the fuzz targets of a world's block files (blocks.csv,
 * scale_elasticities.csv): the scratch world (fuzz_world_dir.h) is loaded, and if it loads, its
 * value added must be finite and a model is created on it (the baseline solved with the blocks),
 * which must either build or fail with a status. A load error is formatted (its message code
 * runs too). */
#ifndef TRADEWAR_FUZZ_WORLD_MODEL_H
#define TRADEWAR_FUZZ_WORLD_MODEL_H

#include <math.h>

#include "fuzz_world_dir.h"
#include "tradewar/model.h"
#include "tradewar/world.h"

static inline void fuzz_load_world_and_model(void)
{
    tw_world *w;
    tw_error err;
    if (tw_world_load(fuzz_dir, NULL, &w, &err) != TW_OK) {
        char buf[2048];
        tw_error_format(&err, buf, sizeof buf);
        return;
    }
    const double *wl = tw_world_value_added(w);
    for (int n = 0; n < tw_world_dims(w).n; n++)
        if (!isfinite(wl[n]))
            __builtin_trap();
    tw_model *m;
    if (tw_model_create(w, NULL, &m, &err) == TW_OK)
        tw_model_free(m);
    tw_world_free(w);
}

#endif
