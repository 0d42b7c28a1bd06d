/* SPDX-License-Identifier: MIT */
/* tw_world_load_texts: a world from in-memory CSV texts is the world of the same files in a
 * directory (bit for bit: both worlds written by the binary cache's encoder compare equal), and
 * bad texts give the directory loader's errors (status, line, column, field, message) with the
 * file named "<stem>". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/cache.h"
#include "test_util.h"

static const char *const files[] = {
    "world.csv",        "countries.csv",          "sectors.csv",       "elasticities.csv",
    "flows.csv",        "tariffs.csv",            "value_added.csv",   "io.csv",
    "final_demand.csv", "input_elasticities.csv", "carved.csv",        "horizons.csv",
    "specific_factors.csv", "profits.csv",        "political_weights.csv", "blocks.csv"};
#define N_FILES ((int)(sizeof files / sizeof *files))

typedef struct texts {
    const char *names[N_FILES];
    char *data[N_FILES];
    size_t lens[N_FILES];
    int n;
} texts;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* The world files of dir as texts. */
static void read_texts(const char *dir, texts *t)
{
    memset(t, 0, sizeof *t);
    for (int k = 0; k < N_FILES; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, files[k]);
        size_t len;
        char *data = slurp(path, &len);
        if (!data)
            continue;
        t->names[t->n] = files[k];
        t->data[t->n] = data;
        t->lens[t->n++] = len;
    }
}

static void free_texts(texts *t)
{
    for (int k = 0; k < t->n; k++)
        free(t->data[k]);
}

static tw_status load_texts(const texts *t, tw_world **w, tw_error *err)
{
    return tw_world_load_texts(t->names, (const char *const *)t->data, t->lens, t->n, NULL, w,
                               err);
}

/* The binary cache's encoding of w (every field of a world). */
static char *encoded(const tw_world *w, size_t *len)
{
    char dir[256], path[300];
    tw_test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/world.bin", dir);
    const uint64_t key[2] = {1, 2};
    tw_world_cache_store(path, key, w);
    char *buf = slurp(path, len);
    assert_non_null(buf);
    tw_test_rmdir(dir);
    return buf;
}

static void same_world_as_directory(const char *dir, const char *name)
{
    tw_world_options o;
    tw_world_options_init(&o);
    o.cache = 0;
    tw_world *a, *b;
    tw_error err;
    assert_ok(tw_world_load(dir, &o, &a, &err), &err);
    texts t;
    read_texts(dir, &t);
    assert_ok(load_texts(&t, &b, &err), &err);
    free_texts(&t);
    assert_string_equal(tw_world_name(b), name);
    size_t la, lb;
    char *ea = encoded(a, &la), *eb = encoded(b, &lb);
    if (strcmp(tw_world_name(a), tw_world_name(b)) == 0) {
        assert_int_equal(la, lb);
        assert_memory_equal(ea, eb, la);
    }
    tw_dims d = tw_world_dims(a);
    size_t nij = (size_t)d.n * d.n * d.j;
    assert_memory_equal(tw_world_flows(a), tw_world_flows(b), nij * sizeof(double));
    assert_memory_equal(tw_world_tariffs(a), tw_world_tariffs(b), nij * sizeof(double));
    assert_memory_equal(tw_world_io_share(a), tw_world_io_share(b),
                        (size_t)d.n * d.j * d.j * sizeof(double));
    free(ea);
    free(eb);
    tw_world_free(a);
    tw_world_free(b);
}

static void worlds_equal_directory_loads(void **state)
{
    (void)state;
    same_world_as_directory(TW_TEST_SOURCE_DIR "/data/cp1993", "cp1993");
    same_world_as_directory(TW_TEST_SOURCE_DIR "/data/liberation_day_2025",
                            "liberation_day_2025");
    /* No world.csv: named "texts" (the directory's world is named after the directory). */
    same_world_as_directory(TW_TEST_SOURCE_DIR "/tests/data/tiny", "texts");
}

typedef struct bad_text {
    const char *file, *text, *stem;
} bad_text;

/* Each bad text, loaded from a directory and from texts: the same error but for the file. */
static void errors_name_the_text(void **state)
{
    (void)state;
    static const bad_text cases[] = {
        {"flows.csv", "exporter,importer,sector,value\nHOME,HOME,AGR,10\nHOME,FOR,AGR\n",
         "<flows>"},
        {"flows.csv", "exporter,importer,sector,value\nHOME,HOME,AGR,10\nHOMR,FOR,AGR,2\n",
         "<flows>"},
        {"tariffs.csv", "importer,exporter,sector,rate\nHOME,FOR,AGR,25%\n", "<tariffs>"},
        {"countries.csv", "code,name\nHOME,Home\nHOME,Again\n", "<countries>"},
        {"sectors.csv", "code,name,theta\nAGR,\"Agriculture\n", "<sectors>"},
        {"world.csv", "key,value\nyear,20x5\n", "<world>"},
        {"blocks.csv", "country,nu\nHOME,1\n", "<blocks>"},
        {"horizons.csv", "sector,horizon,theta_ratio\nAGR,short,-1\n", "<horizons>"},
        {"flows.csv", NULL, "<flows>"}, /* missing */
    };
    const char *tiny = TW_TEST_SOURCE_DIR "/tests/data/tiny";
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char dir[256];
        tw_test_tmpdir(dir, sizeof dir);
        texts t;
        read_texts(tiny, &t);
        int at = -1;
        for (int k = 0; k < t.n; k++) {
            if (strcmp(t.names[k], cases[c].file) == 0)
                at = k;
            else
                tw_test_write(dir, t.names[k], t.data[k]);
        }
        if (at < 0) { /* a file tiny does not have: added */
            at = t.n++;
            t.names[at] = cases[c].file;
            t.data[at] = NULL;
        }
        free(t.data[at]);
        t.data[at] = cases[c].text ? strdup(cases[c].text) : NULL;
        t.lens[at] = cases[c].text ? strlen(cases[c].text) : 0;
        if (cases[c].text)
            tw_test_write(dir, cases[c].file, cases[c].text);
        else { /* leave it out of the texts */
            t.names[at] = t.names[t.n - 1];
            t.data[at] = t.data[t.n - 1];
            t.lens[at] = t.lens[t.n - 1];
            t.n--;
        }
        tw_world_options o;
        tw_world_options_init(&o);
        o.cache = 0;
        tw_world *w = NULL;
        tw_error de, te;
        tw_status ds = tw_world_load(dir, &o, &w, &de);
        assert_null(w);
        tw_status ts = load_texts(&t, &w, &te);
        assert_null(w);
        char dm[2048], tm[2048];
        tw_error_format(&de, dm, sizeof dm);
        tw_error_format(&te, tm, sizeof tm);
        const char *base = strrchr(de.file, '/');
        char want[64];
        snprintf(want, sizeof want, "%.50s", cases[c].file);
        if (ds == TW_OK || ts != ds || strcmp(base ? base + 1 : de.file, want) != 0 ||
            strcmp(te.file, cases[c].stem) != 0 || te.line != de.line ||
            te.column != de.column || strcmp(te.field, de.field) != 0 ||
            strcmp(te.message, de.message) != 0) {
            fprintf(stderr, "case %zu:\n  directory: %d %s\n  texts:     %d %s\n", c, ds, dm,
                    ts, tm);
            fail();
        }
        free_texts(&t);
        tw_test_rmdir(dir);
    }
}

static void bad_names_are_usage_errors(void **state)
{
    (void)state;
    const char *names[2] = {"flows.csv", "flow.csv"};
    const char *data[2] = {"", ""};
    const size_t lens[2] = {0, 0};
    tw_world *w = NULL;
    tw_error err;
    assert_int_equal(tw_world_load_texts(names, data, lens, 2, NULL, &w, &err), TW_ERR_USAGE);
    assert_non_null(strstr(err.message, "'flow.csv' is not a file of a world"));
    names[1] = "flows.csv";
    assert_int_equal(tw_world_load_texts(names, data, lens, 2, NULL, &w, &err), TW_ERR_USAGE);
    assert_non_null(strstr(err.message, "'flows.csv' given twice"));
    assert_int_equal(tw_world_load_texts(NULL, NULL, NULL, 1, NULL, &w, &err), TW_ERR_USAGE);
    /* No texts: the first required one is missing. */
    assert_int_equal(tw_world_load_texts(NULL, NULL, NULL, 0, NULL, &w, &err), TW_ERR_IO);
    assert_string_equal(err.file, "<countries>");
    assert_null(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worlds_equal_directory_loads),
        cmocka_unit_test(errors_name_the_text),
        cmocka_unit_test(bad_names_are_usage_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
