/* SPDX-License-Identifier: MIT */
/* profits.csv: the share of each sector's revenue that is profit income (docs/data-format.md,
 * docs/model.md §2c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "data/csv.h"
#include "data/names.h"
#include "data/profits.h"

static tw_status open_profits(const char *dir, int *ix, tw_csv **csv, tw_error *err)
{
    static const tw_csv_column cols[] = {{"sector", 1}, {"share", 1}};
    char path[1024];
    size_t len = strlen(dir);
    snprintf(path, sizeof path, len && dir[len - 1] == '/' ? "%s%s" : "%s/%s", dir,
             "profits.csv");
    *csv = NULL;
    FILE *probe = fopen(path, "r");
    if (!probe)
        return TW_OK;
    fclose(probe);
    tw_status st = tw_csv_open(path, csv, err);
    if (!st && (st = tw_csv_header(*csv, cols, 2, ix, err))) {
        tw_csv_close(*csv);
        *csv = NULL;
    }
    return st;
}

tw_status tw_world_read_profits(tw_world *w, const char *dir, tw_error *err)
{
    int ix[2], has;
    tw_csv *csv;
    tw_status st = open_profits(dir, ix, &csv, err);
    if (st || !csv)
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
    return TW_OK;
}
