/* SPDX-License-Identifier: MIT */
/* profits.csv: the share of each sector's revenue that is profit income (docs/data-format.md,
 * docs/model.md §2d). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "data/csv.h"
#include "data/names.h"
#include "data/profits.h"

tw_status tw_world_read_profits(tw_world *w, const char *dir, tw_error *err)
{
    static const tw_csv_column cols[] = {{"sector", 1}, {"share", 1}};
    int ix[2], has;
    tw_csv *csv;
    tw_status st = tw_csv_open_optional(w->texts, dir, "profits.csv", cols, 2, ix, &csv, err);
    if (!st && !csv)
        return tw_world_read_political(w, dir, err);
    if (st)
        return st;
    double *share = calloc((size_t)w->d.j, sizeof *share);
    unsigned char *seen = calloc((size_t)w->d.j, 1);
    if (!share || !seen) {
        free(share);
        free(seen);
        tw_csv_close(csv);
        return tw_fail(err, TW_ERR_NOMEM, dir, 0, 0, NULL, "out of memory");
    }
    while (!(st = tw_csv_next(csv, &has, err)) && has) {
        const char *code = tw_csv_get(csv, ix[0]);
        int j = tw_codemap_find(&w->sector_map, code);
        if (j < 0) {
            const char *near = tw_names_suggest(w->sector_code, w->d.j, code);
            st = near ? tw_csv_fail(csv, ix[0], err,
                                    "unknown sector code '%.40s' (did you mean '%s'?)", code,
                                    near)
                      : tw_csv_fail(csv, ix[0], err, "unknown sector code '%.40s'", code);
            break;
        }
        if (seen[j]) {
            st = tw_csv_fail(csv, ix[0], err, "duplicate row: sector '%.40s' was given above",
                             code);
            break;
        }
        seen[j] = 1;
        double s;
        if ((st = tw_csv_number(csv, ix[1], &s, err)))
            break;
        if (!(s >= 0) || !(s < 1)) {
            st = tw_csv_fail(csv, ix[1], err,
                             "expected a profit share of revenue in [0, 1) (1/sigma for "
                             "Krugman firms), found '%s'",
                             tw_csv_get(csv, ix[1]));
            break;
        }
        share[j] = s;
    }
    tw_csv_close(csv);
    free(seen);
    if (st) {
        free(share);
        return st;
    }
    w->profit_share = share;
    return tw_world_read_political(w, dir, err);
}

/* A code of codes (n of them) in field col, or a located error. */
static tw_status need_code(const tw_csv *csv, int col, const tw_codemap *map, char *const *codes,
                           int n, const char *what, int *out, tw_error *err)
{
    const char *code = tw_csv_get(csv, col);
    int k = tw_codemap_find(map, code);
    if (k >= 0) {
        *out = k;
        return TW_OK;
    }
    const char *near = tw_names_suggest(codes, n, code);
    return near ? tw_csv_fail(csv, col, err, "unknown %s code '%.40s' (did you mean '%s'?)", what,
                              code, near)
                : tw_csv_fail(csv, col, err, "unknown %s code '%.40s'", what, code);
}

tw_status tw_world_read_political(tw_world *w, const char *dir, tw_error *err)
{
    static const tw_csv_column cols[] = {{"country", 1}, {"sector", 1}, {"weight", 1}};
    int ix[3], has;
    tw_csv *csv;
    tw_status st = tw_csv_open_optional(w->texts, dir, "political_weights.csv", cols, 3, ix, &csv, err);
    if (st || !csv)
        return st;
    size_t nj = (size_t)w->d.n * w->d.j;
    double *lam = malloc(nj * sizeof *lam);
    unsigned char *seen = calloc(nj, 1);
    if (!lam || !seen) {
        free(lam);
        free(seen);
        tw_csv_close(csv);
        return tw_fail(err, TW_ERR_NOMEM, dir, 0, 0, NULL, "out of memory");
    }
    for (size_t k = 0; k < nj; k++)
        lam[k] = 1.0;
    while (!(st = tw_csv_next(csv, &has, err)) && has) {
        int n, j;
        double v;
        if ((st = need_code(csv, ix[0], &w->country_map, w->country_code, w->d.n, "country", &n,
                            err)) ||
            (st = need_code(csv, ix[1], &w->sector_map, w->sector_code, w->d.j, "sector", &j,
                            err)))
            break;
        size_t at = (size_t)n * w->d.j + (size_t)j;
        if (seen[at]) {
            st = tw_csv_fail(csv, ix[0], err, "duplicate row: (%s, %s) was given above",
                             w->country_code[n], w->sector_code[j]);
            break;
        }
        seen[at] = 1;
        if ((st = tw_csv_number(csv, ix[2], &v, err)))
            break;
        if (!(v >= 0) || v > 1e6) {
            st = tw_csv_fail(csv, ix[2], err,
                             "expected a political-economy weight in [0, 1e6], found '%s'",
                             tw_csv_get(csv, ix[2]));
            break;
        }
        lam[at] = v;
    }
    tw_csv_close(csv);
    free(seen);
    if (st) {
        free(lam);
        return st;
    }
    w->political = lam;
    return TW_OK;
}
