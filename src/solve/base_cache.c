/* SPDX-License-Identifier: MIT */
/* The baseline cache (solve/base_cache.h) on the machinery of data/cache.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/cache.h"
#include "solve/base_cache.h"

#define END_MARK 0x21444E45u /* "END!" */

int tw_base_cache_key(const tw_model *m, int nest_overrides, size_t nz, uint64_t key[2],
                      char *path, size_t size)
{
    const tw_world *w = m->w;
    char dir[3072];
    /* A model with a theta of its own (tw_model_options.theta: a parameter draw) is not
     * cached: a band of N draws would leave N files that a later band hits only with the
     * same seed and count. */
    if (!w->has_cache_key || nest_overrides || m->theta_view || !tw_cache_dir(dir, sizeof dir))
        return 0;
    tw_hash h;
    tw_hash_init(&h, TW_CACHE_BASELINE);
    /* The world's key holds the format, the build and the world's files and options; the
     * model adds what shapes its baseline. */
    tw_hash_update(&h, w->cache_key, sizeof w->cache_key);
    /* Every option by its bytes (the options are zeroed by their init functions, padding
     * included), so that an option added later is in the key without anyone remembering to
     * add it; the pointers (read at creation, or callbacks) and the memory limit are cleared.
     * An option whose bytes differ from run to run only costs misses. */
    tw_model_options o;
    memcpy(&o, &m->opt, sizeof o);
    o.input_elasticities = NULL;
    o.input_elasticity_count = 0;
    o.theta = NULL;
    o.solver.progress = NULL;
    o.solver.progress_ctx = NULL;
    o.solver.cancel = NULL;
    o.memory_limit = 0;
    tw_hash_update(&h, &o, sizeof o);
    uint64_t n = nz;
    tw_hash_update(&h, &n, sizeof n);
    tw_hash_update(&h, w->theta, (size_t)w->d.j * sizeof(double)); /* a theta view's own */
    tw_hash_final(&h, key);
    int len = snprintf(path, size, "%s/baseline-%016llx%016llx.bin", dir,
                       (unsigned long long)key[0], (unsigned long long)key[1]);
    return len > 0 && (size_t)len < size;
}

int tw_base_cache_load(const char *path, const uint64_t key[2], double *zc, size_t nz,
                       tw_solver_report *r)
{
    unsigned char *data;
    size_t size;
    int got = tw_cache_file_read(path, &data, &size);
    if (got <= 0)
        return got;
    const unsigned char *payload;
    size_t n;
    int hit = 0;
    if (tw_cache_blob_check(data, size, TW_CACHE_BASELINE, key, &payload, &n)) {
        tw_cache_reader rd = {payload, n, 0, 0};
        uint64_t count;
        int32_t counts[2];
        uint32_t end;
        hit = !tw_cache_get(&rd, &count, sizeof count) && count == nz &&
              !tw_cache_get(&rd, counts, sizeof counts) && counts[0] >= 0 && counts[1] >= 0 &&
              !tw_cache_get(&rd, zc, nz * sizeof(double)) &&
              !tw_cache_get(&rd, &end, sizeof end) && end == END_MARK && rd.at == rd.n;
        if (hit) {
            r->iterations = counts[0];
            r->restarts = counts[1];
        }
    }
    free(data);
    return hit;
}

void tw_base_cache_store(const char *path, const uint64_t key[2], const double *z, size_t nz,
                         const tw_solver_report *r)
{
    tw_cache_writer wr, *cw = &wr;
    if (tw_cache_write_begin(cw, path, TW_CACHE_BASELINE, key))
        return;
    uint64_t count = nz;
    int32_t counts[2] = {r->iterations, r->restarts};
    uint32_t end = END_MARK;
    tw_cache_write(cw, &count, sizeof count);
    tw_cache_write(cw, counts, sizeof counts);
    tw_cache_write(cw, z, nz * sizeof(double));
    tw_cache_write(cw, &end, sizeof end);
    tw_cache_write_end(cw);
}
