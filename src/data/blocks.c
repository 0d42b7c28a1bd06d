/* SPDX-License-Identifier: MIT */
/* blocks.csv and scale_elasticities.csv: the optional equation blocks of a world (data/blocks.h,
 * docs/data-format.md). */
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
    free(w->blocks->lshare);
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

/* Scale economies stronger than the trade elasticity make costs fall faster than sales shift:
 * no equilibrium is determined (psi theta < 1, as theirs: 0.67). Sector j < 0: every sector. */
static tw_status check_scale(const tw_world *w, const tw_csv *csv, int col, double psi, int j,
                             tw_error *err)
{
    for (int k = 0; k < w->d.j; k++) {
        if (j >= 0 && k != j)
            continue;
        if (psi * w->theta[k] >= 1.0)
            return tw_csv_fail(csv, col, err,
                               "scale elasticity %g times the trade elasticity %g of sector "
                               "'%s' is >= 1: the equilibrium is not determined",
                               psi, w->theta[k], w->sector_code[k]);
    }
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
    double psi;
    if ((st = ranged(csv, ix[1], 0.0, 1.0, 1, &b->nu[n], err)) ||
        (st = ranged(csv, ix[2], 0.0, 10.0, 0, &b->phi[n], err)) ||
        (st = ranged(csv, ix[3], 0.0, 10.0, 0, &b->kappa[n], err)) ||
        (st = ranged(csv, ix[4], 0.0, 1.0, 1, &psi, err)))
        return st;
    if (b->phi[n] == 0.0)
        return tw_csv_fail(csv, ix[2], err, "expected a tariff exponent > 0, found '%s'",
                           tw_csv_get(csv, ix[2]));
    if ((st = check_scale(w, csv, ix[4], psi, -1, err)))
        return st;
    for (int j = 0; j < w->d.j; j++)
        b->psi[tw_ix_nj(w->d, n, j)] = psi;
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

/* One row of scale_elasticities.csv: psi of a sector for one country, or for every country
 * ('*') that has no row of its own. seen[n][j] (and star[j]) keep the line of the row that
 * set it, to refuse duplicates. */
static tw_status read_scale_row(tw_world *w, const tw_csv *csv, const int *ix, int *seen,
                                int *star, tw_error *err)
{
    tw_dims d = w->d;
    const char *cc = tw_csv_get(csv, ix[0]), *sc = tw_csv_get(csv, ix[1]);
    int all = strcmp(cc, "*") == 0;
    int n = all ? -1 : tw_codemap_find(&w->country_map, cc);
    if (!all && n < 0)
        return tw_csv_fail(csv, ix[0], err, "unknown country code '%.40s' (or '*': every country)",
                           cc);
    int j = tw_codemap_find(&w->sector_map, sc);
    if (j < 0)
        return tw_csv_fail(csv, ix[1], err, "unknown sector code '%.40s'", sc);
    int *mark = all ? &star[j] : &seen[tw_ix_nj(d, n, j)];
    if (*mark)
        return tw_csv_fail(csv, ix[0], err, "country '%s' and sector '%s' already given on line %d",
                           cc, sc, *mark);
    *mark = tw_csv_line(csv);
    double psi;
    tw_status st = ranged(csv, ix[2], 0.0, 1.0, 1, &psi, err);
    if (!st)
        st = check_scale(w, csv, ix[2], psi, j, err);
    if (st)
        return st;
    for (int k = 0; k < d.n; k++)
        if (k == n || (all && !seen[tw_ix_nj(d, k, j)]))
            w->blocks->psi[tw_ix_nj(d, k, j)] = psi;
    return TW_OK;
}

/* scale_elasticities.csv, if present: sector-level psi over blocks.csv's country values. */
static tw_status read_scale(tw_world *w, const char *dir, tw_error *err)
{
    static const tw_csv_column cols[] = {{"country", 1}, {"sector", 1}, {"scale_elasticity", 1}};
    int ix[3];
    tw_csv *csv;
    tw_status st = tw_csv_open_optional(w->texts, dir, "scale_elasticities.csv", cols, 3, ix,
                                        &csv, err);
    if (st || !csv)
        return st;
    int *seen = calloc((size_t)w->d.n * (size_t)w->d.j, sizeof *seen);
    int *star = calloc((size_t)w->d.j, sizeof *star);
    if (!seen || !star) {
        free(seen);
        free(star);
        tw_fail(err, TW_ERR_NOMEM, tw_csv_path(csv), 0, 0, NULL, "out of memory");
        tw_csv_close(csv);
        return TW_ERR_NOMEM;
    }
    int has;
    while (!(st = tw_csv_next(csv, &has, err)) && has)
        if ((st = read_scale_row(w, csv, ix, seen, star, err)))
            break;
    free(seen);
    free(star);
    tw_csv_close(csv);
    return st;
}

/* The sector labour shares w->blocks->lshare, and with rewrite (a world read from its files;
 * a cached world has them already) labour income and the deficit. The destination-income share
 * moves part of each purchase's value to the buyer's factors: kept sales
 * Y_ij = sum_m (1 - nu_m) X_mi^j, labour income sum_j gamma_i^j Y_ij + nu_i times what i buys
 * (docs/model.md (L3)), sector j's part gamma_i^j Y_ij + nu_i times what i buys of j. */
static void income_and_shares(tw_world *w, int rewrite)
{
    tw_dims d = w->d;
    const double *nu = w->blocks->nu;
    double *ls = w->blocks->lshare;
    for (int n = 0; n < d.n; n++) {
        double lab = 0.0, kept = 0.0, bought = 0.0, sum = 0.0;
        for (int j = 0; j < d.j; j++) {
            double yj = 0.0, bj = 0.0;
            for (int m = 0; m < d.n; m++) {
                yj += (1.0 - nu[m]) * w->flow[tw_ix_nij(d, m, n, j)];
                double f = w->flow[tw_ix_nij(d, n, m, j)];
                bj += f;
                bought += f;
            }
            double va = w->va[tw_ix_nj(d, n, j)];
            lab += va * yj;
            kept += yj;
            ls[tw_ix_nj(d, n, j)] = va * yj + nu[n] * bj;
            sum += ls[tw_ix_nj(d, n, j)];
        }
        for (int j = 0; j < d.j; j++)
            ls[tw_ix_nj(d, n, j)] = sum > 0 ? ls[tw_ix_nj(d, n, j)] / sum : 0.0;
        if (!rewrite)
            continue;
        w->wl[n] = lab + nu[n] * bought;
        /* X = wL + R + D: what n buys less what it keeps of its sales and of its purchases */
        w->deficit[n] = bought - (kept + nu[n] * bought);
    }
}

void tw_world_blocks_shares(tw_world *w)
{
    income_and_shares(w, 0);
}

static tw_status alloc_blocks(tw_world *w, const char *path, tw_error *err)
{
    size_t nn = (size_t)w->d.n, nj = nn * (size_t)w->d.j;
    struct tw_world_blocks *b = calloc(1, sizeof *b);
    w->blocks = b;
    if (b) {
        b->nu = calloc(nn, sizeof(double));
        b->phi = calloc(nn, sizeof(double));
        b->kappa = calloc(nn, sizeof(double));
        b->psi = calloc(nj, sizeof(double));
        b->lshare = calloc(nj, sizeof(double));
        b->revenue = calloc(nn, 1);
    }
    if (!b || !b->nu || !b->phi || !b->kappa || !b->psi || !b->lshare || !b->revenue)
        return tw_fail(err, TW_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
    return TW_OK;
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
    int *seen = calloc((size_t)d.n, sizeof *seen);
    if (!seen || (st = alloc_blocks(w, path, err))) {
        free(seen);
        tw_csv_close(csv);
        return seen ? st : tw_fail(err, TW_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
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
        st = read_scale(w, dir, err);
    if (!st)
        income_and_shares(w, 1);
    return st;
}
