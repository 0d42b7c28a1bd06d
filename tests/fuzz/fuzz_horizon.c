/* SPDX-License-Identifier: MIT */
/* Fuzz target: the horizon files of a world (specific_factors.csv and horizons.csv,
 * src/data/horizon.c). The tiny world is copied once into a temporary directory; each input
 * becomes one of the two files (its first byte chooses which: even specific_factors.csv, odd
 * horizons.csv) and the world is loaded at the short and the medium horizon. Any input must
 * load or fail cleanly; a loaded world's shares are in [0, 1] and its thetas finite and > 0. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_world_dir.h"
#include "tradewar/world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fuzz_dir_first("horizon"))
        fuzz_dir_copy_tiny_core();
    if (size == 0)
        return 0;
    const char *name = data[0] % 2 ? "horizons.csv" : "specific_factors.csv";
    const char *other = data[0] % 2 ? "specific_factors.csv" : "horizons.csv";
    fuzz_dir_remove(other);
    fuzz_dir_write(name, data + 1, size - 1);
    const double years[2] = {1, 5};
    for (int h = 0; h < 2; h++) {
        tw_world_options wo;
        tw_world_options_init(&wo);
        wo.horizon_years = years[h];
        tw_world *w;
        tw_error err;
        if (tw_world_load(fuzz_dir, &wo, &w, &err) != TW_OK) {
            char buf[2048];
            tw_error_format(&err, buf, sizeof buf);
            continue;
        }
        tw_dims d = tw_world_dims(w);
        for (int j = 0; j < d.j; j++) {
            double t = tw_world_theta(w, j);
            if (!(t > 0) || !isfinite(t))
                __builtin_trap();
            for (int n = 0; n < d.n; n++) {
                double s = tw_world_specific_share(w, n, j);
                if (!(s >= 0 && s <= 1))
                    __builtin_trap();
            }
        }
        tw_world_free(w);
    }
    return 0;
}
