/* SPDX-License-Identifier: MIT */
/* Standard errors of a world's trade elasticities (theta_se.csv, tradewar/draws.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "data/csv.h"
#include "data/world_internal.h"
#include "tradewar/draws.h"

double tw_world_elasticity_set_theta(const tw_world *w, int s, int j)
{
    return w->set_theta[tw_world_set_ix(w->d, s, j)];
}

void tw_theta_errors_free(tw_theta_errors *e)
{
    if (!e)
        return;
    for (int g = 0; g < e->n_groups; g++)
        free(e->group_names ? e->group_names[g] : NULL);
    free(e->group_names);
    free(e->theta);
    free(e->se);
    free(e->group);
    free(e);
}

static tw_theta_errors *alloc_errors(int J)
{
    tw_theta_errors *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->n_sectors = J;
    e->theta = calloc((size_t)J + 1, sizeof *e->theta);
    e->se = calloc((size_t)J + 1, sizeof *e->se);
    e->group = calloc((size_t)J + 1, sizeof *e->group);
    e->group_names = calloc((size_t)J + 1, sizeof *e->group_names);
    if (!e->theta || !e->se || !e->group || !e->group_names) {
        tw_theta_errors_free(e);
        return NULL;
    }
    return e;
}

tw_status tw_theta_errors_zero(const tw_world *w, tw_theta_errors **out)
{
    int J = w->d.j;
    tw_theta_errors *e = alloc_errors(J);
    *out = NULL;
    if (!e)
        return TW_ERR_NOMEM;
    for (int j = 0; j < J; j++) {
        e->theta[j] = w->theta[j];
        e->group[j] = j;
        if (!(e->group_names[j] = strdup(w->sector_code[j]))) {
            tw_theta_errors_free(e);
            return TW_ERR_NOMEM;
        }
        e->n_groups = j + 1;
    }
    *out = e;
    return TW_OK;
}

/* The group named in field col of the current row (or the sector's code) as an index of e's
 * groups, added if new. @return TW_OK, TW_ERR_INPUT (group inconsistent), TW_ERR_NOMEM. */
static tw_status row_group(tw_theta_errors *e, tw_csv *csv, int col, const char *sector, int j,
                           tw_error *err)
{
    const char *name = col >= 0 && *tw_csv_get(csv, col) ? tw_csv_get(csv, col) : sector;
    int g = 0;
    while (g < e->n_groups && strcmp(e->group_names[g], name) != 0)
        g++;
    if (g == e->n_groups) {
        if (!(e->group_names[g] = strdup(name)))
            return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        e->n_groups++;
    } else {
        /* An earlier sector of this group: the same estimate, so the same theta and se. */
        for (int k = 0; k < e->n_sectors; k++)
            if (k != j && e->group[k] == g && e->theta[k] > 0 &&
                (e->theta[k] != e->theta[j] || e->se[k] != e->se[j]))
                return tw_csv_fail(csv, col, err,
                                   "group '%.40s' has theta %g and se %g in an earlier row but "
                                   "theta %g and se %g here: the sectors of a group share one "
                                   "estimate",
                                   name, e->theta[k], e->se[k], e->theta[j], e->se[j]);
    }
    e->group[j] = g;
    return TW_OK;
}

/* One row of theta_se.csv into e. */
static tw_status read_row(tw_theta_errors *e, const tw_world *w, tw_csv *csv, const int *ix,
                          unsigned char *seen, tw_error *err)
{
    const char *code = tw_csv_get(csv, ix[0]);
    int j = tw_world_sector_index(w, code);
    if (j < 0) {
        const char *near = tw_world_sector_suggest(w, code);
        return near ? tw_csv_fail(csv, ix[0], err, "unknown sector code '%.40s' (did you mean "
                                                   "'%s'?)", code, near)
                    : tw_csv_fail(csv, ix[0], err, "unknown sector code '%.40s'", code);
    }
    if (seen[j])
        return tw_csv_fail(csv, ix[0], err, "sector '%s' is given twice", w->sector_code[j]);
    seen[j] = 1;
    double theta, se;
    tw_status st = tw_csv_number(csv, ix[1], &theta, err);
    if (!st)
        st = tw_csv_number(csv, ix[2], &se, err);
    if (st)
        return st;
    if (!(fabs(theta - w->theta[j]) <= 1e-9 * w->theta[j]))
        return tw_csv_fail(csv, ix[1], err,
                           "the standard error of sector %s belongs to theta = %g, but the "
                           "world's theta in force (set %s) is %g: standard errors hold only "
                           "for the estimates they came with (draw across the sets instead)",
                           w->sector_code[j], theta, w->elasticity_set, w->theta[j]);
    if (!(se >= 0) || se > 1000)
        return tw_csv_fail(csv, ix[2], err, "expected a standard error >= 0 and <= 1000, "
                                            "found '%s'", tw_csv_get(csv, ix[2]));
    e->theta[j] = w->theta[j];
    e->se[j] = se;
    return row_group(e, csv, ix[3], w->sector_code[j], j, err);
}

/* Reads an opened file (or buffer) csv, closing it. */
static tw_status load(tw_csv *csv, const char *path, const tw_world *w, tw_theta_errors **out,
                      tw_error *err);

tw_status tw_theta_errors_load(const char *path, const tw_world *w, tw_theta_errors **out,
                               tw_error *err)
{
    *out = NULL;
    tw_csv *csv = NULL;
    tw_status st = tw_csv_open(path, &csv, err);
    return st ? st : load(csv, path, w, out, err);
}

tw_status tw_theta_errors_load_buffer(const char *name, const char *data, size_t len,
                                      const tw_world *w, tw_theta_errors **out, tw_error *err)
{
    *out = NULL;
    tw_csv *csv = NULL;
    tw_status st = tw_csv_open_buffer(name, data, len, &csv, err);
    return st ? st : load(csv, name, w, out, err);
}

static tw_status load(tw_csv *csv, const char *path, const tw_world *w, tw_theta_errors **out,
                      tw_error *err)
{
    static const tw_csv_column cols[] = {{"sector", 1}, {"theta", 1}, {"se", 1}, {"group", 0}};
    *out = NULL;
    int J = w->d.j, ix[4];
    tw_theta_errors *e = alloc_errors(J);
    unsigned char *seen = calloc((size_t)J + 1, 1);
    if (!e || !seen) {
        tw_theta_errors_free(e);
        free(seen);
        tw_csv_close(csv);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    tw_status st = tw_csv_header(csv, cols, 4, ix, err);
    int has = 0;
    while (!st && !(st = tw_csv_next(csv, &has, err)) && has)
        st = read_row(e, w, csv, ix, seen, err);
    for (int j = 0; !st && j < J; j++)
        if (!seen[j])
            st = tw_fail(err, TW_ERR_INPUT, path, 0, 0, "sector",
                         "no standard error for sector '%s' (give 0 to keep its theta fixed)",
                         w->sector_code[j]);
    tw_csv_close(csv);
    free(seen);
    if (st) {
        tw_theta_errors_free(e);
        return st;
    }
    *out = e;
    return TW_OK;
}
