/* SPDX-License-Identifier: MIT */
/* The binary cache of worlds and baselines (data/cache.h, solve/base_cache.h): a hit gives the
 * same bits as parsing the CSV files and solving the baseline; a changed CSV file makes a new
 * key; truncated, flipped or foreign cache files are detected and ignored; a cache directory
 * that cannot be created, or the cache turned off, changes nothing but speed. */
#include "test_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "data/blocks.h"
#include "data/cache.h"
#include "data/world_internal.h"
#include "model/model_internal.h"

#define TINY TW_TEST_SOURCE_DIR "/tests/data/tiny"
#define NAFTA TW_TEST_SOURCE_DIR "/data/cp1993"

static char root[256]; /* scratch directory of this run */

static void set_cache_dir(const char *sub)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", root, sub);
    setenv("TRADEWAR_CACHE_DIR", dir, 1);
    unsetenv("TRADEWAR_CACHE");
}

static tw_world *load(const char *dir, int cache)
{
    tw_world_options o;
    tw_world_options_init(&o);
    o.cache = cache;
    tw_world *w = NULL;
    tw_error err;
    assert_ok(tw_world_load(dir, &o, &w, &err), &err);
    return w;
}

static void same_bytes(const void *a, const void *b, size_t n, const char *what)
{
    if ((a == NULL) != (b == NULL) || (a && memcmp(a, b, n))) {
        fprintf(stderr, "cached world differs from the CSV one in %s\n", what);
        fail();
    }
}

static void same_str(const char *a, const char *b, const char *what)
{
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b))) {
        fprintf(stderr, "cached world differs in %s: '%s' vs '%s'\n", what, a ? a : "(null)",
                b ? b : "(null)");
        fail();
    }
}

/* Every field of two worlds, bit for bit. */
static void same_world(const tw_world *a, const tw_world *b)
{
    assert_int_equal(a->d.n, b->d.n);
    assert_int_equal(a->d.j, b->d.j);
    assert_int_equal(a->year, b->year);
    assert_int_equal(a->nsets, b->nsets);
    assert_int_equal(a->renormalised, b->renormalised);
    assert_int_equal(a->final_clamped, b->final_clamped);
    assert_int_equal(a->horizon, b->horizon);
    same_bytes(&a->renorm_max, &b->renorm_max, sizeof(double), "renorm_max");
    same_bytes(&a->horizon_years, &b->horizon_years, sizeof(double), "horizon_years");
    same_str(a->name, b->name, "name");
    same_str(a->unit, b->unit, "unit");
    same_str(a->description, b->description, "description");
    same_str(a->elasticity_set, b->elasticity_set, "elasticity_set");
    same_str(a->default_set, b->default_set, "default_set");
    tw_dims d = a->d;
    size_t J = (size_t)d.j, nj = (size_t)d.n * J, nij = nj * d.n, D = sizeof(double);
    for (int n = 0; n < d.n; n++) {
        same_str(a->country_code[n], b->country_code[n], "country code");
        same_str(a->country_name[n], b->country_name[n], "country name");
        assert_int_equal(tw_world_country_index(b, a->country_code[n]), n);
    }
    for (int j = 0; j < d.j; j++) {
        same_str(a->sector_code[j], b->sector_code[j], "sector code");
        same_str(a->sector_name[j], b->sector_name[j], "sector name");
        assert_int_equal(tw_world_sector_index(b, a->sector_code[j]), j);
    }
    for (int s = 0; s < a->nsets; s++)
        same_str(a->set_name[s], b->set_name[s], "set name");
    same_bytes(a->goods, b->goods, J * sizeof(int), "goods");
    same_bytes(a->theta, b->theta, J * D, "theta");
    same_bytes(a->set_theta, b->set_theta, (size_t)a->nsets * J * D, "set_theta");
    same_bytes(a->flow, b->flow, nij * D, "flow");
    same_bytes(a->tariff, b->tariff, nij * D, "tariff");
    same_bytes(a->va, b->va, nj * D, "va");
    same_bytes(a->io, b->io, nj * J * D, "io");
    same_bytes(a->alpha, b->alpha, nj * D, "alpha");
    same_bytes(a->absorption, b->absorption, nj * D, "absorption");
    same_bytes(a->output, b->output, nj * D, "output");
    same_bytes(a->wl, b->wl, (size_t)d.n * D, "wl");
    same_bytes(a->deficit, b->deficit, (size_t)d.n * D, "deficit");
    same_bytes(a->in_sigma, b->in_sigma, J * D, "in_sigma");
    same_bytes(a->in_nest, b->in_nest, J * J, "in_nest");
    same_bytes(a->parent, b->parent, J * sizeof(int), "parent");
    same_bytes(a->theta_ratio, b->theta_ratio, J * D, "theta_ratio");
    same_bytes(a->specific, b->specific, nj * D, "specific");
    assert_int_equal(a->profit_share != NULL, b->profit_share != NULL);
    if (a->profit_share)
        same_bytes(a->profit_share, b->profit_share, J * D, "profit_share");
    assert_int_equal(a->political != NULL, b->political != NULL);
    if (a->political)
        same_bytes(a->political, b->political, nj * D, "political");
    assert_int_equal(a->blocks != NULL, b->blocks != NULL);
    if (a->blocks) {
        size_t N = (size_t)d.n;
        same_bytes(a->blocks->nu, b->blocks->nu, N * D, "blocks nu");
        same_bytes(a->blocks->phi, b->blocks->phi, N * D, "blocks phi");
        same_bytes(a->blocks->kappa, b->blocks->kappa, N * D, "blocks kappa");
        same_bytes(a->blocks->psi, b->blocks->psi, N * D, "blocks psi");
        same_bytes(a->blocks->revenue, b->blocks->revenue, N, "blocks revenue");
    }
}

/* The baselines of two models, bit for bit. */
static void same_baseline(const tw_model *a, const tw_model *b)
{
    const tw_equilibrium *x = a->base, *y = b->base;
    tw_dims d = a->d;
    size_t nj = (size_t)d.n * d.j, nij = nj * d.n, D = sizeof(double), N = (size_t)d.n;
    assert_int_equal(x->solved, y->solved);
    assert_int_equal(x->report.iterations, y->report.iterations);
    assert_int_equal(x->report.restarts, y->report.restarts);
    same_bytes(&x->report.residual, &y->report.residual, D, "baseline residual");
    same_bytes(x->w_hat, y->w_hat, N * D, "w_hat");
    same_bytes(x->c_hat, y->c_hat, nj * D, "c_hat");
    same_bytes(x->p_hat, y->p_hat, nj * D, "p_hat");
    same_bytes(x->x, y->x, nj * D, "x");
    same_bytes(x->pi, y->pi, nij * D, "pi");
    same_bytes(x->income, y->income, N * D, "income");
    same_bytes(x->revenue, y->revenue, N * D, "revenue");
    same_bytes(x->deficit, y->deficit, N * D, "deficit");
    same_bytes(x->output, y->output, nj * D, "output");
    same_bytes(x->cpi_hat, y->cpi_hat, N * D, "cpi_hat");
}

static tw_model *model(const tw_world *w, tw_deficit_closure closure)
{
    tw_model_options o = tw_test_model_options(closure, 1e-12);
    tw_model *m = NULL;
    tw_error err;
    assert_ok(tw_model_create(w, &o, &m, &err), &err);
    return m;
}

/* Number of files in the cache directory sub whose names start with prefix. */
static int count_files(const char *sub, const char *prefix)
{
    char cmd[768];
    snprintf(cmd, sizeof cmd, "ls %s/%s 2>/dev/null | grep -c '^%s'", root, sub, prefix);
    /* grep -c prints 0 when nothing matches, also for a missing directory */
    FILE *p = popen(cmd, "r");
    int n = 0;
    if (!p || fscanf(p, "%d", &n) != 1)
        n = -1;
    if (p)
        pclose(p);
    return n;
}

static void world_path(const char *dir, char *path, size_t size, uint64_t key[2])
{
    tw_world_options o;
    tw_world_options_init(&o);
    assert_int_equal(tw_cache_world_key(dir, &o, key, path, size), 1);
}

static void test_hit_is_identical(void **state)
{
    (void)state;
    set_cache_dir("hit");
    tw_world *ref = load(NAFTA, 0);
    assert_int_equal(count_files("hit", "world-"), 0);
    tw_world *miss = load(NAFTA, 1); /* parses and writes */
    assert_int_equal(count_files("hit", "world-"), 1);
    tw_world *hit = load(NAFTA, 1);
    same_world(ref, miss);
    same_world(ref, hit);
    /* It was a hit: the file decodes by itself. */
    char path[4096];
    uint64_t key[2];
    world_path(NAFTA, path, sizeof path, key);
    tw_world *direct = NULL;
    assert_int_equal(tw_world_cache_load(path, key, &direct), TW_OK);
    assert_non_null(direct);
    same_world(ref, direct);
    tw_world_free(direct);
    /* Baselines: zero deficits take a real solve (fixed ones are solved by the data). */
    for (int c = 0; c < 2; c++) {
        tw_deficit_closure cl = c ? TW_DEFICITS_ZERO : TW_DEFICITS_FIXED;
        tw_model *m0 = model(ref, cl), *m1 = model(hit, cl), *m2 = model(hit, cl);
        assert_int_equal(count_files("hit", "baseline-"), c + 1);
        same_baseline(m0, m1);
        same_baseline(m0, m2);
        tw_model_free(m0);
        tw_model_free(m1);
        tw_model_free(m2);
    }
    tw_world_free(ref);
    tw_world_free(miss);
    tw_world_free(hit);
}

/* Worlds with optional model parts round-trip too, and so do their baselines: the blocks of
 * blocks.csv (the Liberation Day world), and profits with political-economy weights (Ossa's). */
static void hit_with_parts(const char *dir, const char *sub)
{
    set_cache_dir(sub);
    tw_world *ref = load(dir, 0);
    assert_true(ref->blocks || (ref->profit_share && ref->political)); /* the parts tested */
    tw_world *miss = load(dir, 1);
    tw_world *hit = load(dir, 1);
    assert_int_equal(count_files(sub, "world-"), 1);
    same_world(ref, miss);
    same_world(ref, hit);
    tw_model *m0 = model(ref, TW_DEFICITS_FIXED), *m1 = model(hit, TW_DEFICITS_FIXED);
    tw_model *m2 = model(hit, TW_DEFICITS_FIXED);
    same_baseline(m0, m1);
    same_baseline(m0, m2);
    tw_model_free(m0);
    tw_model_free(m1);
    tw_model_free(m2);
    tw_world_free(ref);
    tw_world_free(miss);
    tw_world_free(hit);
}

static void test_hit_with_blocks(void **state)
{
    (void)state;
    hit_with_parts(TW_TEST_SOURCE_DIR "/data/liberation_day_2025", "blocks");
    hit_with_parts(TW_TEST_SOURCE_DIR "/data/ossa2014", "profits");
}

static void copy_dir(const char *from, const char *to)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -r '%s' '%s'", to, from, to);
    assert_int_equal(system(cmd), 0);
}

static void test_changed_csv(void **state)
{
    (void)state;
    set_cache_dir("changed");
    char dir[512];
    snprintf(dir, sizeof dir, "%s/tiny", root);
    copy_dir(TINY, dir);
    tw_world *a = load(dir, 1);
    tw_world *a2 = load(dir, 1); /* a hit of the old contents */
    same_world(a, a2);
    /* Double one flow: same size of file, other contents. */
    char file[600], cmd[3000];
    snprintf(file, sizeof file, "%s/flows.csv", dir);
    snprintf(cmd, sizeof cmd, "awk -F, 'NR==2{$4=$4*2}1' OFS=, '%s' > '%s.new' && mv '%s.new' '%s'",
             file, file, file, file);
    assert_int_equal(system(cmd), 0);
    tw_world *b = load(dir, 1);
    tw_world *ref = load(dir, 0);
    same_world(ref, b);
    assert_int_equal(count_files("changed", "world-"), 2);
    size_t at = 0;
    int differs = 0;
    for (; at < (size_t)a->d.n * a->d.n * a->d.j; at++)
        differs |= a->flow[at] != b->flow[at];
    assert_true(differs);
    /* A changed option is another key too. */
    tw_world_options o;
    tw_world_options_init(&o);
    o.horizon_years = 1;
    tw_world *s = NULL;
    tw_error err;
    assert_ok(tw_world_load(dir, &o, &s, &err), &err);
    assert_int_equal(s->horizon, TW_HORIZON_SHORT);
    assert_int_equal(count_files("changed", "world-"), 3);
    tw_world_free(s);
    tw_world_free(a);
    tw_world_free(a2);
    tw_world_free(b);
    tw_world_free(ref);
}

static unsigned char *read_all(const char *path, size_t *n)
{
    unsigned char *data;
    assert_int_equal(tw_cache_file_read(path, &data, n), 1);
    return data;
}

static void write_all(const char *path, const unsigned char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void test_corrupt_files(void **state)
{
    (void)state;
    set_cache_dir("corrupt");
    tw_world *ref = load(TINY, 0);
    tw_world_free(load(TINY, 1));
    char path[4096];
    uint64_t key[2];
    world_path(TINY, path, sizeof path, key);
    size_t n;
    unsigned char *good = read_all(path, &n);
    unsigned char *bad = malloc(n + 16);
    assert_non_null(bad);
    /* Truncations, one flipped bit at many places, a grown file, a foreign key. */
    size_t cuts[] = {0, 1, 8, 63, 64, 65, n / 2, n - 5, n - 1};
    int cases = 0;
    for (size_t c = 0; c < sizeof cuts / sizeof *cuts + n / 7 + 3; c++, cases++) {
        size_t len = n;
        memcpy(bad, good, n);
        if (c < sizeof cuts / sizeof *cuts)
            len = cuts[c];
        else if (c < sizeof cuts / sizeof *cuts + n / 7)
            bad[(c - sizeof cuts / sizeof *cuts) * 7] ^= 0x10;
        else if (c == sizeof cuts / sizeof *cuts + n / 7)
            len = n + 16, memset(bad + n, 0x41, 16);
        else if (c == sizeof cuts / sizeof *cuts + n / 7 + 1)
            bad[16] ^= 1; /* the format number */
        else
            bad[24] ^= 1; /* the key */
        write_all(path, bad, len);
        tw_world *w = NULL;
        assert_int_equal(tw_world_cache_load(path, key, &w), TW_OK);
        assert_null(w);
        tw_world *again = load(TINY, 1); /* falls back to the CSV files, rewrites the cache */
        same_world(ref, again);
        tw_world_free(again);
    }
    assert_true(cases > 100);
    /* A payload with a good checksum but wrong contents: the decoder's own checks. */
    const unsigned char *payload;
    size_t pn;
    assert_int_equal(tw_cache_blob_check(good, n, TW_CACHE_WORLD, key, &payload, &pn), 1);
    unsigned char *p = malloc(pn);
    assert_non_null(p);
    for (size_t at = 0; at < pn; at++) {
        memcpy(p, payload, pn);
        p[at] ^= 0xFF;
        tw_world *w = NULL;
        tw_status st = tw_world_cache_decode(p, pn, &w);
        assert_true(st == TW_OK || st == TW_ERR_INPUT);
        tw_world_free(w);
        tw_world_free(NULL);
        st = tw_world_cache_decode(payload, at, &w); /* every truncation */
        assert_int_equal(st, TW_ERR_INPUT);
    }
    free(p);
    /* A corrupted baseline file: the model solves afresh, with the same result. */
    tw_world *w = load(TINY, 1);
    tw_model *m0 = model(ref, TW_DEFICITS_ZERO), *m1 = model(w, TW_DEFICITS_ZERO);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "for f in %s/corrupt/baseline-*; do printf 'XXXXXXXX' | dd of=$f bs=1 seek=100 "
             "conv=notrunc 2>/dev/null; done",
             root);
    assert_int_equal(system(cmd), 0);
    tw_model *m2 = model(w, TW_DEFICITS_ZERO);
    same_baseline(m0, m1);
    same_baseline(m0, m2);
    tw_model_free(m0);
    tw_model_free(m1);
    tw_model_free(m2);
    tw_world_free(w);
    free(good);
    free(bad);
    tw_world_free(ref);
}

static void test_unusable_dir(void **state)
{
    (void)state;
    tw_world *ref = load(TINY, 0);
    /* A cache directory under a regular file cannot be created. */
    char file[512], dir[600];
    snprintf(file, sizeof file, "%s/plainfile", root);
    write_all(file, (const unsigned char *)"x", 1);
    snprintf(dir, sizeof dir, "%s/sub/cache", file);
    setenv("TRADEWAR_CACHE_DIR", dir, 1);
    for (int k = 0; k < 2; k++) {
        tw_world *w = load(TINY, 1);
        same_world(ref, w);
        tw_model *m0 = model(ref, TW_DEFICITS_ZERO), *m1 = model(w, TW_DEFICITS_ZERO);
        same_baseline(m0, m1);
        tw_model_free(m0);
        tw_model_free(m1);
        tw_world_free(w);
    }
    /* Off by the environment: nothing is written. */
    set_cache_dir("off");
    setenv("TRADEWAR_CACHE", "off", 1);
    tw_world *w = load(TINY, 1);
    same_world(ref, w);
    assert_int_equal(w->has_cache_key, 0);
    assert_int_equal(count_files("off", ""), 0);
    tw_world_free(w);
    unsetenv("TRADEWAR_CACHE");
    tw_world_free(ref);
}

/* The hash: stable across chunkings, sensitive to every byte. */
/* A file of n bytes at dir/name used (modified) at time t seconds. */
static void aged_file(const char *dir, const char *name, size_t n, time_t t)
{
    char path[768];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unsigned char *b = calloc(n, 1);
    assert_non_null(b);
    write_all(path, b, n);
    free(b);
    struct timespec ts[2] = {{t, 0}, {t, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static int exists(const char *dir, const char *name)
{
    char path[768];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* The size limit: over it, the least recently used cache files go until three quarters of it
 * are left, the newest always stays and other files are never touched; a read marks a file
 * used; the limit's variable; a parameter draw's model (a theta of its own) writes no
 * baseline file. */
static void test_prune(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/prune", root);
    assert_int_equal(mkdir(dir, 0700), 0);
    const size_t k400 = 400u << 10;
    aged_file(dir, "world-old.bin", k400, 1000);
    aged_file(dir, "baseline-mid.bin", k400, 2000);
    aged_file(dir, "world-new.bin", k400, 3000);
    aged_file(dir, "notes.txt", 4u << 20, 500); /* not a cache file: never deleted */
    tw_cache_prune(dir, 2u << 20);              /* 1.2 MB under 2 MB: nothing goes */
    assert_true(exists(dir, "world-old.bin") && exists(dir, "baseline-mid.bin"));
    /* A read marks world-old.bin used now: it becomes the newest. */
    char path[768];
    snprintf(path, sizeof path, "%s/world-old.bin", dir);
    unsigned char *data;
    size_t size;
    assert_int_equal(tw_cache_file_read(path, &data, &size), 1);
    free(data);
    tw_cache_prune(dir, 1u << 20); /* 1.2 MB over 1 MB: down to 768 KB */
    assert_false(exists(dir, "baseline-mid.bin"));
    assert_false(exists(dir, "world-new.bin"));
    assert_true(exists(dir, "world-old.bin"));
    assert_true(exists(dir, "notes.txt"));
    /* The newest file stays even when it alone is over the limit. */
    tw_cache_prune(dir, 1u << 10);
    assert_true(exists(dir, "world-old.bin"));
    /* More files than one pass's batch: 300 files of 4 KiB against a 512 KiB limit leave
     * the 96 newest (384 KiB, three quarters of it). */
    char many[600];
    snprintf(many, sizeof many, "%s/many", root);
    assert_int_equal(mkdir(many, 0700), 0);
    for (int k = 0; k < 300; k++) {
        char name[64];
        snprintf(name, sizeof name, "baseline-%03d.bin", k);
        aged_file(many, name, 4096, 10000 + k);
    }
    tw_cache_prune(many, 512u << 10);
    assert_int_equal(count_files("many", "baseline-"), 96);
    assert_false(exists(many, "baseline-203.bin"));
    assert_true(exists(many, "baseline-204.bin") && exists(many, "baseline-299.bin"));

    unsetenv("TRADEWAR_CACHE_MAX_MB");
    assert_true(tw_cache_limit_bytes() == (uint64_t)TW_CACHE_DEFAULT_MAX_MB << 20);
    const char *ignored[] = {"", "0", "-5", "12abc", "1e3", " 7"};
    for (size_t k = 0; k < sizeof ignored / sizeof *ignored; k++) {
        setenv("TRADEWAR_CACHE_MAX_MB", ignored[k], 1);
        assert_true(tw_cache_limit_bytes() == (uint64_t)TW_CACHE_DEFAULT_MAX_MB << 20);
    }
    setenv("TRADEWAR_CACHE_MAX_MB", "5", 1);
    assert_true(tw_cache_limit_bytes() == 5u << 20);
    unsetenv("TRADEWAR_CACHE_MAX_MB");

    /* A model with a theta of its own writes no baseline file; the world's own does. */
    set_cache_dir("theta");
    tw_world *w = load(NAFTA, 1);
    tw_dims d = tw_world_dims(w);
    double *theta = malloc((size_t)d.j * sizeof *theta);
    assert_non_null(theta);
    for (int j = 0; j < d.j; j++)
        theta[j] = 1.1 * tw_world_theta(w, j);
    tw_model_options o = tw_test_model_options(TW_DEFICITS_ZERO, 1e-12);
    o.theta = theta;
    tw_model *m = NULL;
    tw_error err;
    assert_ok(tw_model_create(w, &o, &m, &err), &err);
    assert_int_equal(count_files("theta", "baseline-"), 0);
    tw_model_free(m);
    tw_model *m0 = model(w, TW_DEFICITS_ZERO);
    assert_int_equal(count_files("theta", "baseline-"), 1);
    tw_model_free(m0);
    free(theta);
    tw_world_free(w);
}

static void test_hash(void **state)
{
    (void)state;
    unsigned char data[1000];
    for (int k = 0; k < 1000; k++)
        data[k] = (unsigned char)(k * 7 + 3);
    uint64_t whole[2], parts[2], flip[2];
    tw_hash h;
    tw_hash_init(&h, 1);
    tw_hash_update(&h, data, sizeof data);
    tw_hash_final(&h, whole);
    tw_hash_init(&h, 1);
    for (size_t at = 0, step = 1; at < sizeof data; at += step, step = step % 13 + 1)
        tw_hash_update(&h, data + at, at + step > sizeof data ? sizeof data - at : step);
    tw_hash_final(&h, parts);
    assert_true(whole[0] == parts[0] && whole[1] == parts[1]);
    for (int k = 0; k < 1000; k++) {
        data[k] ^= 1;
        tw_hash_init(&h, 1);
        tw_hash_update(&h, data, sizeof data);
        tw_hash_final(&h, flip);
        data[k] ^= 1;
        assert_true(flip[0] != whole[0] && flip[1] != whole[1]);
    }
}

int main(void)
{
    snprintf(root, sizeof root, "/tmp/tw_test_cache.XXXXXX");
    if (!mkdtemp(root))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_hit_is_identical),
        cmocka_unit_test(test_hit_with_blocks),
        cmocka_unit_test(test_changed_csv),
        cmocka_unit_test(test_corrupt_files),
        cmocka_unit_test(test_unusable_dir),
        cmocka_unit_test(test_prune),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
