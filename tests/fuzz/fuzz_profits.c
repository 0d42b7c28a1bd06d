/* SPDX-License-Identifier: MIT */
/* Fuzz target: a world's profits.csv and political_weights.csv (src/data/profits.c). The tiny
 * world is copied once into a temporary directory; each input becomes one of the two files (its
 * first byte chooses which: even profits.csv, odd political_weights.csv) and the world is
 * loaded, and if it loads, a model is created on it (with the political-economy option when the
 * weights were given) and freed. Any input must load or fail cleanly; a loaded world's profit
 * shares are in [0, 1) and its weights in [0, 1e6]. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/world_internal.h"
#include "fuzz_world_dir.h"
#include "tradewar/model.h"
#include "tradewar/world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fuzz_dir_first("profits"))
        fuzz_dir_copy_tiny_core();
    if (size == 0)
        return 0;
    int pol = data[0] % 2;
    fuzz_dir_remove(pol ? "profits.csv" : "political_weights.csv");
    fuzz_dir_write(pol ? "political_weights.csv" : "profits.csv", data + 1, size - 1);
    tw_world *w;
    tw_error err;
    if (tw_world_load(fuzz_dir, NULL, &w, &err) != TW_OK) {
        char buf[2048];
        tw_error_format(&err, buf, sizeof buf);
        return 0;
    }
    tw_dims d = tw_world_dims(w);
    for (int j = 0; w->profit_share && j < d.j; j++)
        if (!(w->profit_share[j] >= 0 && w->profit_share[j] < 1))
            __builtin_trap();
    for (size_t k = 0; w->political && k < (size_t)d.n * d.j; k++)
        if (!(w->political[k] >= 0 && w->political[k] <= 1e6))
            __builtin_trap();
    tw_model_options mo;
    tw_model_options_init(&mo);
    mo.political_economy = pol;
    tw_model *m;
    if (tw_model_create(w, &mo, &m, &err) == TW_OK)
        tw_model_free(m);
    tw_world_free(w);
    return 0;
}
