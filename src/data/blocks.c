/* SPDX-License-Identifier: MIT */
/* blocks.csv: the optional equation blocks of a world (data/blocks.h, docs/data-format.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "data/blocks.h"
#include "data/csv.h"

void tw_world_blocks_free(tw_world *w)
{
    if (!w || !w->blocks)
        return;
    free(w->blocks->nu);
    free(w->blocks->phi);
    free(w->blocks->kappa);
    free(w->blocks->psi);
    free(w->blocks->revenue);
    free(w->blocks);
    w->blocks = NULL;
}

/* Field col as a number in [lo, hi] (hi_open: hi excluded). */
static tw_status ranged(const tw_csv *csv, int col, double lo, double hi, int hi_open,
                        double *out, tw_error *err)
{
    tw_status st = tw_csv_number(csv, col, out, err);
    if (st)
        return st;
    if (!(*out >= lo) || *out > hi || (hi_open && *out == hi))
        return tw_csv_fail(csv, col, err, "expected a number in [%g, %g%c, found '%s'", lo, hi,
                           hi_open ? ')' : ']', tw_csv_get(csv, col));
    return TW_OK;
}

static tw_status read_row(tw_world *w, const tw_csv *csv, const int *ix, int *seen,
                          tw_error *err)
{
    struct tw_world_blocks *b = w->blocks;
    const char *code = tw_csv_get(csv, ix[0]);
    int n = tw_codemap_find(&w->country_map, code);
    if (n < 0)
        return tw_csv_fail(csv, ix[0], err, "unknown country code '%.40s'", code);
    if (seen[n])
        return tw_csv_fail(csv, ix[0], err, "country '%s' already given on line %d", code,
                           seen[n]);
    seen[n] = tw_csv_line(csv);
    tw_status st;
    if ((st = ranged(csv, ix[1], 0.0, 1.0, 1, &b->nu[n], err)) ||
        (st = ranged(csv, ix[2], 0.0, 10.0, 0, &b->phi[n], err)) ||
        (st = ranged(csv, ix[3], 0.0, 10.0, 0, &b->kappa[n], err)) ||
        (st = ranged(csv, ix[4], 0.0, 1.0, 1, &b->psi[n], err)))
        return st;
    if (b->phi[n] == 0.0)
        return tw_csv_fail(csv, ix[2], err, "expected a tariff exponent > 0, found '%s'",
                           tw_csv_get(csv, ix[2]));
    /* Scale economies stronger than the trade elasticity make costs fall faster than sales
     * shift: no equilibrium is determined (psi theta < 1, as theirs: 0.67). */
    if (b->psi[n] * w->theta[0] >= 1.0)
        return tw_csv_fail(csv, ix[4], err,
                           "scale elasticity %g times the trade elasticity %g is >= 1: the "
                           "equilibrium is not determined",
                           b->psi[n], w->theta[0]);
    const char *use = tw_csv_get(csv, ix[5]);
    if (strcmp(use, "lump_sum") == 0)
        b->revenue[n] = TW_REVENUE_LUMP_SUM;
    else if (strcmp(use, "labour_tax") == 0)
        b->revenue[n] = TW_REVENUE_LABOUR_TAX;
    else
        return tw_csv_fail(csv, ix[5], err, "expected 'lump_sum' or 'labour_tax', found '%.40s'",
                           use);
    return TW_OK;
}

/* The destination-income share moves part of each purchase's value to the buyer's factors. */
static void rewrite_income(tw_world *w)
{
    tw_dims d = w->d;
    const double *nu = w->blocks->nu;
    for (int n = 0; n < d.n; n++) {
        double inc = 0.0, bought = 0.0;
        for (int m = 0; m < d.n; m++) {
            inc += (1.0 - nu[m]) * w->flow[tw_ix_nij(d, m, n, 0)];
            bought += w->flow[tw_ix_nij(d, n, m, 0)];
        }
        w->wl[n] = inc + nu[n] * bought;
        w->deficit[n] = bought - w->wl[n]; /* X = wL + R + D: imports less exports */
    }
}

tw_status tw_world_read_blocks(tw_world *w, const char *dir, tw_error *err)
{
    char path[1024];
    tw_csv_join(w->texts, path, sizeof path, dir, "blocks.csv");
    if (!tw_csv_exists(w->texts, path))
        return TW_OK;
    static const tw_csv_column cols[] = {
        {"country", 1},           {"nu", 1},               {"tariff_exponent", 1},
        {"labour_elasticity", 1}, {"scale_elasticity", 1}, {"revenue_use", 1}};
    int ix[6];
    tw_csv *csv;
    tw_status st = tw_csv_open_in(w->texts, path, &csv, err);
    if (st)
        return st;
    if ((st = tw_csv_header(csv, cols, 6, ix, err))) {
        tw_csv_close(csv);
        return st;
    }
    tw_dims d = w->d;
    int one_sector = d.j == 1 && w->va[0] == 1.0;
    for (int n = 0; n < d.n && one_sector; n++)
        one_sector = w->va[tw_ix_nj(d, n, 0)] == 1.0;
    if (!one_sector) {
        tw_csv_close(csv);
        return tw_fail(err, TW_ERR_INPUT, path, 1, 1, NULL,
                       "the blocks of blocks.csv need a world with one sector and no "
                       "intermediate inputs (this one has %d sectors)", d.j);
    }
    size_t nn = (size_t)d.n;
    struct tw_world_blocks *b = calloc(1, sizeof *b);
    int *seen = calloc(nn, sizeof *seen);
    w->blocks = b;
    if (b) {
        b->nu = calloc(nn, sizeof(double));
        b->phi = calloc(nn, sizeof(double));
        b->kappa = calloc(nn, sizeof(double));
        b->psi = calloc(nn, sizeof(double));
        b->revenue = calloc(nn, 1);
    }
    if (!b || !seen || !b->nu || !b->phi || !b->kappa || !b->psi || !b->revenue) {
        free(seen);
        tw_csv_close(csv);
        return tw_fail(err, TW_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
    }
    int has;
    while (!(st = tw_csv_next(csv, &has, err)) && has)
        if ((st = read_row(w, csv, ix, seen, err)))
            break;
    for (int n = 0; n < d.n && !st; n++)
        if (!seen[n])
            st = tw_fail(err, TW_ERR_INPUT, path, tw_csv_line(csv), 1, "country",
                         "country '%s' has no row: every country needs one", w->country_code[n]);
    free(seen);
    tw_csv_close(csv);
    if (!st)
        rewrite_income(w);
    return st;
}
