/* SPDX-License-Identifier: MIT */
/* Loading a world from in-memory CSV texts (tw_world_load_texts): the texts stand in for the
 * files of a world directory while the thread runs the directory loader (src/data/world.c),
 * through the CSV reader's buffer entry (tw_csv_open_buffer), so the texts are parsed and
 * checked exactly as the files are and their errors name "<flows>", line and column. The
 * texts travel with the world being loaded (tw_world.texts): no global or thread state. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "data/csv.h"
#include "data/world_internal.h"

/* The files a world directory may hold that the loader reads (docs/data-format.md). */
static const char *const world_files[] = {
    "world.csv",        "countries.csv",          "sectors.csv",       "elasticities.csv",
    "flows.csv",        "tariffs.csv",            "value_added.csv",   "io.csv",
    "final_demand.csv", "input_elasticities.csv", "carved.csv",        "horizons.csv",
    "specific_factors.csv", "profits.csv",        "political_weights.csv", "blocks.csv"};
#define N_WORLD_FILES ((int)(sizeof world_files / sizeof *world_files))

struct tw_csv_texts {
    const char *const *names, *const *data;
    const size_t *lens;
    int n;
};

/* 1 if path is "<stem>" of file name ("<flows>" of "flows.csv"). */
static int names_text(const char *path, const char *name)
{
    size_t stem = strlen(name) - 4; /* names end in ".csv" (checked) */
    size_t len = strlen(path);
    return len == stem + 2 && path[0] == '<' && path[len - 1] == '>' &&
           strncmp(path + 1, name, stem) == 0;
}

/* The text of t named path: @return its index, or -1. */
static int find(const tw_csv_texts *t, const char *path)
{
    for (int k = 0; k < t->n; k++)
        if (names_text(path, t->names[k]))
            return k;
    return -1;
}

void tw_csv_join(const tw_csv_texts *t, char *out, size_t size, const char *dir,
                 const char *file)
{
    size_t len = strlen(dir), flen = strlen(file);
    if (t && flen > 4 && strcmp(file + flen - 4, ".csv") == 0)
        snprintf(out, size, "<%.*s>", (int)(flen - 4), file);
    else
        snprintf(out, size, len && dir[len - 1] == '/' ? "%s%s" : "%s/%s", dir, file);
}

int tw_csv_exists(const tw_csv_texts *t, const char *path)
{
    if (t)
        return find(t, path) >= 0;
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

tw_status tw_csv_open_in(const tw_csv_texts *t, const char *path, tw_csv **out, tw_error *err)
{
    if (!t)
        return tw_csv_open(path, out, err);
    int k = find(t, path);
    if (k < 0) {
        *out = NULL;
        return tw_fail(err, TW_ERR_IO, path, 0, 0, NULL, "no such text");
    }
    const char *data = t->data[k] ? t->data[k] : "";
    return tw_csv_open_buffer(path, data, t->data[k] ? t->lens[k] : 0, out, err);
}

/* Checks that every name is a world file's, given once. */
static tw_status check_names(const char *const *names, int n, tw_error *err)
{
    for (int k = 0; k < n; k++) {
        int known = 0;
        if (!names[k])
            return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                           "tw_world_load_texts: name %d is NULL", k);
        for (int f = 0; f < N_WORLD_FILES && !known; f++)
            known = strcmp(names[k], world_files[f]) == 0;
        if (!known)
            return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                           "tw_world_load_texts: '%.100s' is not a file of a world "
                           "(docs/data-format.md: countries.csv, sectors.csv, flows.csv, "
                           "tariffs.csv, ...)",
                           names[k]);
        for (int e = 0; e < k; e++)
            if (strcmp(names[e], names[k]) == 0)
                return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                               "tw_world_load_texts: '%.100s' given twice", names[k]);
    }
    return TW_OK;
}

tw_status tw_world_load_texts(const char *const *names, const char *const *data,
                              const size_t *lens, int n, const tw_world_options *opts,
                              tw_world **out, tw_error *err)
{
    tw_error_clear(err);
    if (!out || n < 0 || (n > 0 && (!names || !data || !lens)))
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_world_load_texts: NULL argument");
    *out = NULL;
    tw_status st = check_names(names, n, err);
    if (st)
        return st;
    tw_world_options o;
    tw_world_options_init(&o);
    if (opts)
        o = *opts;
    o.cache = 0; /* the binary cache keys on files: texts are not cached */
    tw_csv_texts t = {names, data, lens, n};
    return tw_world_load_at("texts", &t, &o, out, err);
}
