/* SPDX-License-Identifier: MIT */
/* Fuzz target: a world's profits.csv (src/data/profits.c). The tiny world is copied once into a
 * temporary directory; each input becomes its profits.csv and the world is loaded, and if it
 * loads, a model is created on it (the profits block's setup) and freed. Any input must load or
 * fail cleanly; a loaded world's profit shares are in [0, 1). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/world_internal.h"
#include "tradewar/model.h"
#include "tradewar/world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void copy_file(const char *name)
{
    char src[1024], dst[128], buf[4096];
    snprintf(src, sizeof src, "%s/%s", TW_FUZZ_WORLD, name);
    snprintf(dst, sizeof dst, "%s/%s", dir, name);
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    if (!in || !out)
        abort();
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, got, out);
    fclose(in);
    fclose(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/tradewar-fuzz-profits-XXXXXX");
        if (!mkdtemp(dir))
            abort();
        const char *files[] = {"countries.csv", "sectors.csv", "flows.csv", "tariffs.csv"};
        for (int k = 0; k < 4; k++)
            copy_file(files[k]);
    }
    char path[128];
    snprintf(path, sizeof path, "%s/profits.csv", dir);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    tw_world *w;
    tw_error err;
    if (tw_world_load(dir, NULL, &w, &err) != TW_OK) {
        char buf[2048];
        tw_error_format(&err, buf, sizeof buf);
        return 0;
    }
    tw_dims d = tw_world_dims(w);
    for (int j = 0; w->profit_share && j < d.j; j++)
        if (!(w->profit_share[j] >= 0 && w->profit_share[j] < 1))
            __builtin_trap();
    tw_model *m;
    if (tw_model_create(w, NULL, &m, &err) == TW_OK)
        tw_model_free(m);
    tw_world_free(w);
    return 0;
}
