/* SPDX-License-Identifier: MIT */
/* Fuzz target: a world from in-memory texts (tw_world_load_texts, src/data/world_texts.c).
 * The tiny world's four files are the texts; the input's first byte chooses which world file
 * the rest of the input becomes (one of the four, replacing it, or an optional one, added;
 * names of the format only), and the world is loaded from the texts. Any input must load or
 * fail cleanly, an error naming the text ("<flows>"); a loaded world gets a model, freed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tradewar/model.h"
#include "tradewar/world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {
    "countries.csv",    "sectors.csv",  "flows.csv",          "tariffs.csv",
    "world.csv",        "elasticities.csv", "value_added.csv", "io.csv",
    "final_demand.csv", "input_elasticities.csv", "carved.csv", "horizons.csv",
    "specific_factors.csv", "profits.csv", "political_weights.csv", "blocks.csv"};
#define N_NAMES ((int)(sizeof names / sizeof *names))

static char *tiny[4];
static size_t tiny_len[4];

static void read_tiny(void)
{
    for (int k = 0; k < 4; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", TW_FUZZ_WORLD, names[k]);
        FILE *f = fopen(path, "rb");
        if (!f)
            abort();
        char buf[65536];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        if (!(tiny[k] = malloc(n ? n : 1)))
            abort();
        memcpy(tiny[k], buf, n);
        tiny_len[k] = n;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!tiny[0])
        read_tiny();
    if (size == 0)
        return 0;
    int which = data[0] % N_NAMES, n = 4;
    const char *nm[5] = {names[0], names[1], names[2], names[3], NULL};
    const char *tx[5] = {tiny[0], tiny[1], tiny[2], tiny[3], NULL};
    size_t len[5] = {tiny_len[0], tiny_len[1], tiny_len[2], tiny_len[3], 0};
    int at = which < 4 ? which : n++;
    nm[at] = names[which];
    tx[at] = (const char *)data + 1;
    len[at] = size - 1;
    tw_world *w = NULL;
    tw_error err;
    if (tw_world_load_texts(nm, tx, len, n, NULL, &w, &err) != TW_OK) {
        if (w || (err.file[0] && err.file[0] != '<'))
            __builtin_trap(); /* an error names a text, never a file */
        char buf[2048];
        tw_error_format(&err, buf, sizeof buf);
        return 0;
    }
    tw_model *m;
    if (tw_model_create(w, NULL, &m, &err) == TW_OK)
        tw_model_free(m);
    tw_world_free(w);
    return 0;
}
