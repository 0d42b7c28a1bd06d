/* SPDX-License-Identifier: MIT */
/* The world cache (data/cache.h): a parsed world written field by field to a cache file and
 * read back into the same bits, every count and size checked against the dimensions. */
#include <stdlib.h>
#include <string.h>

#include "data/blocks.h"
#include "data/cache.h"
#include "data/names.h"
#include "data/world_internal.h"

/* A new field in struct tw_world must be written and read here (and TW_CACHE_FORMAT bumped):
 * this assertion fails on LP64 machines until cache.c's author has looked. (texts is not
 * cached: it is set only while a world is loaded from texts, NULL in every loaded world.) */
#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
_Static_assert(sizeof(struct tw_world) == 384,
               "struct tw_world changed: update src/data/world_cache.c and TW_CACHE_FORMAT");
#endif

#define END_MARK 0x21444E45u /* "END!" */
#define NULL_STR 0xFFFFFFFFu

static void put(tw_cache_writer *cw, const void *p, size_t n) { tw_cache_write(cw, p, n); }

static void put_i32(tw_cache_writer *cw, int v)
{
    int32_t x = v;
    put(cw, &x, sizeof x);
}

static void put_str(tw_cache_writer *cw, const char *s)
{
    uint32_t len = s ? (uint32_t)strlen(s) : NULL_STR;
    put(cw, &len, sizeof len);
    if (s)
        put(cw, s, len);
}

/* An array: its element count, then its bytes (count 0 for NULL). */
static void put_arr(tw_cache_writer *cw, const void *p, size_t count, size_t elem)
{
    uint64_t c = p ? count : 0;
    put(cw, &c, sizeof c);
    if (p)
        put(cw, p, count * elem);
}

void tw_world_cache_store(const char *path, const uint64_t key[2], const tw_world *w)
{
    tw_cache_writer wr, *cw = &wr;
    if (tw_cache_write_begin(cw, path, TW_CACHE_WORLD, key))
        return;
    tw_dims d = w->d;
    size_t nj = (size_t)d.n * d.j, nij = nj * d.n, J = (size_t)d.j;
    put_str(cw, w->name);
    put_str(cw, w->unit);
    put_str(cw, w->description);
    put_str(cw, w->elasticity_set);
    put_str(cw, w->default_set);
    int ints[] = {w->year, d.n, d.j, w->nsets, w->renormalised, w->final_clamped,
                  (int)w->horizon};
    for (size_t k = 0; k < sizeof ints / sizeof *ints; k++)
        put_i32(cw, ints[k]);
    put(cw, &w->renorm_max, sizeof(double));
    put(cw, &w->horizon_years, sizeof(double));
    for (int n = 0; n < d.n; n++)
        put_str(cw, w->country_code[n]);
    for (int n = 0; n < d.n; n++)
        put_str(cw, w->country_name[n]);
    for (int j = 0; j < d.j; j++)
        put_str(cw, w->sector_code[j]);
    for (int j = 0; j < d.j; j++)
        put_str(cw, w->sector_name[j]);
    for (int s = 0; s < w->nsets; s++)
        put_str(cw, w->set_name[s]);
    put_arr(cw, w->goods, J, sizeof(int));
    put_arr(cw, w->theta, J, sizeof(double));
    put_arr(cw, w->set_theta, (size_t)w->nsets * J, sizeof(double));
    put_arr(cw, w->flow, nij, sizeof(double));
    put_arr(cw, w->tariff, nij, sizeof(double));
    put_arr(cw, w->va, nj, sizeof(double));
    put_arr(cw, w->io, nj * J, sizeof(double));
    put_arr(cw, w->alpha, nj, sizeof(double));
    put_arr(cw, w->absorption, nj, sizeof(double));
    put_arr(cw, w->output, nj, sizeof(double));
    put_arr(cw, w->wl, (size_t)d.n, sizeof(double));
    put_arr(cw, w->deficit, (size_t)d.n, sizeof(double));
    put_arr(cw, w->in_sigma, J, sizeof(double));
    put_arr(cw, w->in_nest, J * J, 1);
    put_arr(cw, w->parent, J, sizeof(int));
    put_arr(cw, w->theta_ratio, J, sizeof(double));
    put_arr(cw, w->specific, nj, sizeof(double));
    put_arr(cw, w->profit_share, J, sizeof(double)); /* profits.csv, or none */
    put_arr(cw, w->political, nj, sizeof(double));   /* political_weights.csv, or none */
    /* The optional blocks of blocks.csv (data/blocks.h): a flag, then their arrays. */
    const struct tw_world_blocks *b = w->blocks;
    put_i32(cw, b != NULL);
    if (b) {
        size_t N = (size_t)d.n;
        put_arr(cw, b->nu, N, sizeof(double));
        put_arr(cw, b->phi, N, sizeof(double));
        put_arr(cw, b->kappa, N, sizeof(double));
        put_arr(cw, b->psi, N * (size_t)d.j, sizeof(double)); /* [n][j] */
        put_arr(cw, b->revenue, N, 1);
    }
    uint32_t end = END_MARK;
    put(cw, &end, sizeof end);
    tw_cache_write_end(cw);
}

/* ---- reading: -1 corrupt, -2 out of memory ---- */

static int get_i32(tw_cache_reader *r, int *v)
{
    int32_t x;
    if (tw_cache_get(r, &x, sizeof x))
        return -1;
    *v = x;
    return 0;
}

static int get_str(tw_cache_reader *r, char **out, int nullable)
{
    uint32_t len;
    if (tw_cache_get(r, &len, sizeof len))
        return -1;
    if (len == NULL_STR)
        return nullable ? 0 : -1;
    if (len > r->n - r->at || memchr(r->p + r->at, 0, len))
        return -1;
    char *s = malloc((size_t)len + 1);
    if (!s)
        return -2;
    tw_cache_get(r, s, len);
    s[len] = 0;
    *out = s;
    return 0;
}

/* An array of exactly count elements (or, if optional, none: *out stays NULL). */
static int get_arr(tw_cache_reader *r, void **out, size_t count, size_t elem, int optional)
{
    uint64_t c;
    if (tw_cache_get(r, &c, sizeof c))
        return -1;
    if (c == 0 && (optional || count == 0))
        return 0;
    if (c != count || count > (r->n - r->at) / elem)
        return -1;
    void *p = malloc(count * elem);
    if (!p)
        return -2;
    tw_cache_get(r, p, count * elem);
    *out = p;
    return 0;
}

static int get_strings(tw_cache_reader *r, char ***out, int count)
{
    *out = calloc((size_t)count, sizeof **out);
    if (!*out)
        return -2;
    for (int k = 0; k < count; k++) {
        int rc = get_str(r, &(*out)[k], 0);
        if (rc)
            return rc;
    }
    return 0;
}

/* Codes must be valid and distinct: lookups by code rely on it. */
static int check_codes(char *const *codes, int n, const tw_codemap *map)
{
    for (int k = 0; k < n; k++)
        if (!tw_names_valid(codes[k]) || tw_codemap_find(map, codes[k]) != k)
            return -1;
    return 0;
}

/* The optional blocks written after the arrays (see tw_world_cache_store). */
static int decode_blocks(tw_cache_reader *r, tw_world *w)
{
    int has, rc;
    if (get_i32(r, &has) || (has != 0 && has != 1))
        return -1;
    if (!has)
        return 0;
    struct tw_world_blocks *b = calloc(1, sizeof *b);
    if (!b)
        return -2;
    w->blocks = b; /* freed with the world on failure */
    size_t N = (size_t)w->d.n;
    if ((rc = get_arr(r, (void **)&b->nu, N, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&b->phi, N, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&b->kappa, N, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&b->psi, N * (size_t)w->d.j, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&b->revenue, N, 1, 0)))
        return rc;
    for (size_t n = 0; n < N; n++)
        if (b->revenue[n] > TW_REVENUE_LABOUR_TAX)
            return -1;
    /* The sector labour shares follow from the flows (data/blocks.h). */
    if (!(b->lshare = malloc(N * (size_t)w->d.j * sizeof(double))))
        return -2;
    tw_world_blocks_shares(w);
    return 0;
}

static int decode(tw_cache_reader *r, tw_world *w)
{
    int rc, horizon;
    if ((rc = get_str(r, &w->name, 0)) || (rc = get_str(r, &w->unit, 0)) ||
        (rc = get_str(r, &w->description, 0)) || (rc = get_str(r, &w->elasticity_set, 0)) ||
        (rc = get_str(r, &w->default_set, 1)))
        return rc;
    if (get_i32(r, &w->year) || get_i32(r, &w->d.n) || get_i32(r, &w->d.j) ||
        get_i32(r, &w->nsets) || get_i32(r, &w->renormalised) || get_i32(r, &w->final_clamped) ||
        get_i32(r, &horizon) || tw_cache_get(r, &w->renorm_max, sizeof(double)) ||
        tw_cache_get(r, &w->horizon_years, sizeof(double)))
        return -1;
    tw_dims d = w->d;
    /* Each country and sector costs at least 8 bytes of strings: this bounds every product
     * below by the payload's size. */
    if (d.n < 1 || d.j < 1 || w->nsets < 0 || horizon < TW_HORIZON_LONG ||
        horizon > TW_HORIZON_SHORT || (size_t)d.n > r->n / 8 || (size_t)d.j > r->n / 8 ||
        (size_t)w->nsets > r->n / 4)
        return -1;
    w->horizon = (tw_horizon)horizon;
    size_t nj = (size_t)d.n * d.j, J = (size_t)d.j;
    if (nj > r->n || nj * (size_t)d.n / (size_t)d.n != nj)
        return -1;
    size_t nij = nj * d.n;
    /* On failure, tw_world_free frees whatever was read (NULL lists and entries are skipped). */
    if ((rc = get_strings(r, &w->country_code, d.n)) ||
        (rc = get_strings(r, &w->country_name, d.n)) ||
        (rc = get_strings(r, &w->sector_code, d.j)) || (rc = get_strings(r, &w->sector_name, d.j)))
        return rc;
    if (w->nsets && (rc = get_strings(r, &w->set_name, w->nsets)))
        return rc;
    if ((rc = get_arr(r, (void **)&w->goods, J, sizeof(int), 0)) ||
        (rc = get_arr(r, (void **)&w->theta, J, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&w->set_theta, (size_t)w->nsets * J, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&w->flow, nij, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&w->tariff, nij, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&w->va, nj, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&w->io, nj * J, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&w->alpha, nj, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&w->absorption, nj, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&w->output, nj, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&w->wl, (size_t)d.n, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&w->deficit, (size_t)d.n, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&w->in_sigma, J, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&w->in_nest, J * J, 1, 0)) ||
        (rc = get_arr(r, (void **)&w->parent, J, sizeof(int), 0)) ||
        (rc = get_arr(r, (void **)&w->theta_ratio, J, sizeof(double), 0)) ||
        (rc = get_arr(r, (void **)&w->specific, nj, sizeof(double), 1)))
        return rc;
    if ((rc = get_arr(r, (void **)&w->profit_share, J, sizeof(double), 1)) ||
        (rc = get_arr(r, (void **)&w->political, nj, sizeof(double), 1)) ||
        (rc = decode_blocks(r, w)))
        return rc;
    /* The ranges profits.csv and political_weights.csv accept (src/data/profits.c). */
    for (size_t j = 0; w->profit_share && j < J; j++)
        if (!(w->profit_share[j] >= 0.0 && w->profit_share[j] < 1.0))
            return -1;
    for (size_t k = 0; w->political && k < nj; k++)
        if (!(w->political[k] >= 0.0 && w->political[k] <= 1e6))
            return -1;
    uint32_t end;
    if (tw_cache_get(r, &end, sizeof end) || end != END_MARK || r->at != r->n)
        return -1;
    for (int j = 0; j < d.j; j++)
        if ((w->goods[j] != 0 && w->goods[j] != 1) || w->parent[j] < -1 || w->parent[j] >= d.j)
            return -1;
    for (size_t k = 0; k < J * J; k++)
        if (w->in_nest[k] > 1)
            return -1;
    if (tw_codemap_build(&w->country_map, w->country_code, d.n) ||
        tw_codemap_build(&w->sector_map, w->sector_code, d.j))
        return -2;
    if (check_codes(w->country_code, d.n, &w->country_map) ||
        check_codes(w->sector_code, d.j, &w->sector_map))
        return -1;
    return 0;
}

tw_status tw_world_cache_decode(const unsigned char *payload, size_t n, tw_world **out)
{
    *out = NULL;
    tw_world *w = calloc(1, sizeof *w);
    if (!w)
        return TW_ERR_NOMEM;
    tw_cache_reader r = {payload, n, 0, 0};
    int rc = decode(&r, w);
    if (rc) {
        tw_world_free(w);
        return rc == -2 ? TW_ERR_NOMEM : TW_ERR_INPUT;
    }
    *out = w;
    return TW_OK;
}

tw_status tw_world_cache_load(const char *path, const uint64_t key[2], tw_world **out)
{
    *out = NULL;
    unsigned char *data;
    size_t size;
    int got = tw_cache_file_read(path, &data, &size);
    if (got < 0)
        return TW_ERR_NOMEM;
    if (!got)
        return TW_OK;
    const unsigned char *payload;
    size_t n;
    tw_status st = TW_OK;
    if (tw_cache_blob_check(data, size, TW_CACHE_WORLD, key, &payload, &n)) {
        st = tw_world_cache_decode(payload, n, out);
        if (st == TW_ERR_INPUT)
            st = TW_OK; /* a miss: parse the CSV files */
    }
    free(data);
    return st;
}

int tw_world_cache_open(const char *dir, const tw_world_options *opts, tw_world_cache_slot *slot,
                        tw_world **out)
{
    *out = NULL;
    slot->used = tw_cache_world_key(dir, opts, slot->key, slot->path, sizeof slot->path);
    if (slot->used && tw_world_cache_load(slot->path, slot->key, out))
        return -1;
    if (*out) {
        memcpy((*out)->cache_key, slot->key, sizeof slot->key);
        (*out)->has_cache_key = 1;
    }
    return 0;
}

void tw_world_cache_close(const tw_world_cache_slot *slot, tw_world *w)
{
    if (!slot->used)
        return;
    tw_world_cache_store(slot->path, slot->key, w);
    memcpy(w->cache_key, slot->key, sizeof slot->key);
    w->has_cache_key = 1;
}
