/* SPDX-License-Identifier: MIT */
/* Fuzz target: the binary cache's readers (data/cache.h). The input is a whole cache file: its
 * header and checksum are checked as on disk (tw_cache_blob_check), and, so that mutations
 * reach the payload's decoder past the checksum, the payload after the 64-byte header is also
 * decoded directly as a world (tw_world_cache_decode). Neither may crash, read out of bounds
 * or leak; a decoded world must answer its accessors. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "data/cache.h"
#include "data/world_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t key[2];
    memcpy(key, size >= 40 ? data + 24 : (const uint8_t *)"0123456789abcdef", sizeof key);
    const unsigned char *payload;
    size_t n;
    tw_cache_blob_check(data, size, TW_CACHE_WORLD, key, &payload, &n);
    if (size <= 64)
        return 0;
    /* A private copy: the decoder must not rely on more bytes than it is given. */
    unsigned char *p = malloc(size - 64);
    if (!p)
        return 0;
    memcpy(p, data + 64, size - 64);
    tw_world *w = NULL;
    if (tw_world_cache_decode(p, size - 64, &w) == TW_OK) {
        tw_dims d = tw_world_dims(w);
        if (d.n < 1 || d.j < 1)
            __builtin_trap();
        for (int k = 0; k < d.n; k++)
            if (tw_world_country_index(w, tw_world_country_code(w, k)) != k)
                __builtin_trap();
        volatile double sum = 0;
        const double *flow = tw_world_flows(w);
        for (size_t k = 0; k < (size_t)d.n * d.n * d.j; k++)
            sum += flow[k];
        (void)sum;
    }
    tw_world_free(w);
    free(p);
    return 0;
}
