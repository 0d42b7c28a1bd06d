/* SPDX-License-Identifier: MIT */
/* The production side of a world beyond Cobb-Douglas: input_elasticities.csv (which inputs of
 * each using sector sit in its CES nest, and that nest's elasticity; docs/model.md eq. (1')) and
 * carved.csv (sectors carved out of a parent sector by tools/carve_sector). Both optional. */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "data/csv.h"
#include "data/nests.h"

/* A sector code, or `*` for all (-1). */
static tw_status sector_or_all(const tw_world *w, const tw_csv *csv, int col, int *out,
                               tw_error *err)
{
    const char *code = tw_csv_get(csv, col);
    if (strcmp(code, "*") == 0) {
        *out = -1;
        return TW_OK;
    }
    int k = tw_codemap_find(&w->sector_map, code);
    if (k >= 0) {
        *out = k;
        return TW_OK;
    }
    char buf[200];
    const char *near = tw_names_suggest_all(w->sector_code, w->d.j, code, buf, sizeof buf);
    if (near)
        return tw_csv_fail(csv, col, err, "unknown sector code '%.40s' (did you mean %s?)",
                           code, near);
    return tw_csv_fail(csv, col, err, "unknown sector code '%.40s' (expected a sector code or "
                                      "'*')", code);
}

static tw_status read_elasticities(tw_world *w, const char *path, tw_error *err)
{
    static const tw_csv_column cols[] = {
        {"input_sector", 1}, {"using_sector", 1}, {"elasticity", 1}};
    int ix[3];
    tw_csv *csv;
    tw_status st = tw_csv_open_in(w->texts, path, &csv, err);
    if (st)
        return st;
    if ((st = tw_csv_header(csv, cols, 3, ix, err))) {
        tw_csv_close(csv);
        return st;
    }
    int J = w->d.j, has;
    /* line on which each using sector's elasticity was set, for conflict messages */
    int *set_on = calloc((size_t)J, sizeof *set_on);
    if (!set_on) {
        tw_csv_close(csv);
        return tw_fail(err, TW_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
    }
    while (!(st = tw_csv_next(csv, &has, err)) && has) {
        int k, j;
        double s;
        if ((st = sector_or_all(w, csv, ix[0], &k, err)) ||
            (st = sector_or_all(w, csv, ix[1], &j, err)) ||
            (st = tw_csv_number(csv, ix[2], &s, err)))
            break;
        if (!(s >= 0.0) || s > TW_MAX_INPUT_ELASTICITY) {
            st = tw_csv_fail(csv, ix[2], err, "expected an elasticity of substitution in [0, %g], "
                                              "found '%s'",
                             (double)TW_MAX_INPUT_ELASTICITY, tw_csv_get(csv, ix[2]));
            break;
        }
        for (int u = 0; u < J && !st; u++) {
            if (j >= 0 && u != j)
                continue;
            if (set_on[u] && w->in_sigma[u] != s) {
                st = tw_csv_fail(csv, ix[2], err,
                                 "using sector '%s' already has elasticity %g (line %d): one "
                                 "nest per using sector has one elasticity",
                                 w->sector_code[u], w->in_sigma[u], set_on[u]);
                break;
            }
            w->in_sigma[u] = s;
            set_on[u] = tw_csv_line(csv);
            for (int in = 0; in < J; in++)
                if (k < 0 || in == k)
                    w->in_nest[tw_ix_kj(w->d, in, u)] = 1;
        }
        if (st)
            break; /* (the loop condition would overwrite st) */
    }
    free(set_on);
    tw_csv_close(csv);
    return st;
}

static tw_status read_carved(tw_world *w, const char *path, tw_error *err)
{
    static const tw_csv_column cols[] = {{"sector", 1}, {"parent", 1}};
    int ix[2];
    tw_csv *csv;
    tw_status st = tw_csv_open_in(w->texts, path, &csv, err);
    if (st)
        return st;
    if ((st = tw_csv_header(csv, cols, 2, ix, err))) {
        tw_csv_close(csv);
        return st;
    }
    int has;
    while (!(st = tw_csv_next(csv, &has, err)) && has) {
        int c, p;
        if ((st = sector_or_all(w, csv, ix[0], &c, err)) ||
            (st = sector_or_all(w, csv, ix[1], &p, err)))
            break;
        if (c < 0 || p < 0) {
            st = tw_csv_fail(csv, c < 0 ? ix[0] : ix[1], err, "expected a sector code, not '*'");
            break;
        }
        if (c == p) {
            st = tw_csv_fail(csv, ix[1], err, "a sector cannot be carved out of itself");
            break;
        }
        if (w->parent[c] >= 0) {
            st = tw_csv_fail(csv, ix[0], err, "sector '%s' is listed twice", w->sector_code[c]);
            break;
        }
        w->parent[c] = p;
    }
    tw_csv_close(csv);
    return st;
}

tw_status tw_world_read_production(tw_world *w, const char *dir, tw_error *err)
{
    int J = w->d.j;
    w->in_sigma = malloc((size_t)J * sizeof *w->in_sigma);
    w->in_nest = calloc((size_t)J * (size_t)J, 1);
    w->parent = malloc((size_t)J * sizeof *w->parent);
    if (!w->in_sigma || !w->in_nest || !w->parent)
        return tw_fail(err, TW_ERR_NOMEM, dir, 0, 0, NULL, "out of memory");
    for (int j = 0; j < J; j++) {
        w->in_sigma[j] = 1.0;
        w->parent[j] = -1;
    }
    char path[1024];
    const char *names[2] = {"input_elasticities.csv", "carved.csv"};
    for (int f = 0; f < 2; f++) {
        tw_csv_join(w->texts, path, sizeof path, dir, names[f]);
        if (!tw_csv_exists(w->texts, path))
            continue; /* optional */
        tw_status st = f == 0 ? read_elasticities(w, path, err) : read_carved(w, path, err);
        if (st)
            return st;
    }
    return TW_OK;
}

double tw_world_input_elasticity(const tw_world *w, int j) { return w->in_sigma[j]; }
int tw_world_input_nested(const tw_world *w, int k, int j)
{
    return w->in_nest[tw_ix_kj(w->d, k, j)];
}
int tw_world_sector_parent(const tw_world *w, int j) { return w->parent[j]; }
