/* SPDX-License-Identifier: MIT */
/* Horizons (docs/model.md §2b): the trade elasticities and the sector-specific factors of a
 * world at a horizon. Reads the optional horizons.csv (ratios of the horizon's trade
 * elasticity to the long-run one) and specific_factors.csv (shares of each sector's value added
 * paid to factors that cannot leave it), and applies them to the world being loaded. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "data/csv.h"
#include "data/horizon.h"
#include "data/profits.h"

/* The default ratio of a horizon's trade elasticity to the long-run one (docs/model.md §2b):
 * Boehm, Levchenko and Pandalai-Nayar (2023): -0.76 after one year against about -2 in the long
 * run (abstract); -1.24 after five years against -2.12 after ten (their Tables 1 and 3, from a
 * summary not checked against the article: data/raw/trade_elasticities_horizon). */
static const double default_ratio[3] = {1.0, 1.24 / 2.12, 0.76 / 2.0};
/* The default share of value added that cannot leave its sector: in the short run all of it
 * (workers and capital are tied to their sector within a year); in the medium run the
 * installed capital, at the conventional capital share of one third (the data we ship have no
 * capital compensation: docs/model.md §2b); none in the long run. */
static const double default_specific[3] = {0.0, 1.0 / 3.0, 1.0};

int tw_horizon_parse(const char *s, double *years)
{
    if (!s || !years)
        return -1;
    if (strcmp(s, "short") == 0)
        *years = 1.0;
    else if (strcmp(s, "medium") == 0)
        *years = 5.0;
    else if (strcmp(s, "long") == 0)
        *years = INFINITY;
    else {
        char *end;
        double v = strtod(s, &end);
        if (end == s || *end || !(v > 0) || v > 1000)
            return -1;
        *years = v;
    }
    return 0;
}

tw_horizon tw_horizon_of_years(double years)
{
    if (years < 3.0)
        return TW_HORIZON_SHORT;
    if (years < 10.0)
        return TW_HORIZON_MEDIUM;
    return TW_HORIZON_LONG;
}

const char *tw_horizon_name(tw_horizon h)
{
    switch (h) {
    case TW_HORIZON_SHORT:
        return "short";
    case TW_HORIZON_MEDIUM:
        return "medium";
    default:
        return "long";
    }
}

/* A code of the map, or `*` for all (-1); the column's field is the header's name. */
static tw_status code_or_all(const tw_csv *csv, int col, const tw_codemap *map, char *const *codes,
                             int n, const char *what, int *out, tw_error *err)
{
    const char *code = tw_csv_get(csv, col);
    if (strcmp(code, "*") == 0) {
        *out = -1;
        return TW_OK;
    }
    int k = tw_codemap_find(map, code);
    if (k >= 0) {
        *out = k;
        return TW_OK;
    }
    const char *near = tw_names_suggest(codes, n, code);
    if (near)
        return tw_csv_fail(csv, col, err, "unknown %s code '%.40s' (did you mean '%s'?)", what,
                           code, near);
    return tw_csv_fail(csv, col, err, "unknown %s code '%.40s' (expected a %s code or '*')",
                       what, code, what);
}

/* The horizon column: short, medium or long. */
static tw_status horizon_field(const tw_csv *csv, int col, tw_horizon *out, tw_error *err)
{
    const char *s = tw_csv_get(csv, col);
    for (int h = 0; h < 3; h++)
        if (strcmp(s, tw_horizon_name((tw_horizon)h)) == 0) {
            *out = (tw_horizon)h;
            return TW_OK;
        }
    return tw_csv_fail(csv, col, err, "expected 'short', 'medium' or 'long', found '%.40s'", s);
}

/* horizons.csv: horizon,sector,theta_ratio. Rows of the world's horizon set ratio[j]. */
static tw_status read_ratios(tw_world *w, const char *dir, tw_horizon want, double *ratio,
                             tw_error *err)
{
    static const tw_csv_column cols[] = {{"horizon", 1}, {"sector", 1}, {"theta_ratio", 1}};
    int ix[3], has;
    tw_csv *csv;
    tw_status st = tw_csv_open_optional(w->texts, dir, "horizons.csv", cols, 3, ix, &csv, err);
    if (st || !csv)
        return st;
    while (!(st = tw_csv_next(csv, &has, err)) && has) {
        tw_horizon h;
        int j;
        double r;
        if ((st = horizon_field(csv, ix[0], &h, err)) ||
            (st = code_or_all(csv, ix[1], &w->sector_map, w->sector_code, w->d.j, "sector", &j,
                              err)) ||
            (st = tw_csv_number(csv, ix[2], &r, err)))
            break;
        if (!(r > 0) || r > 10) {
            st = tw_csv_fail(csv, ix[2], err, "expected a ratio > 0 and <= 10, found '%s'",
                             tw_csv_get(csv, ix[2]));
            break;
        }
        if (h == TW_HORIZON_LONG && r != 1.0) {
            st = tw_csv_fail(csv, ix[2], err, "the long run is the world's own elasticities: "
                                              "its ratio is 1, found '%s'",
                             tw_csv_get(csv, ix[2]));
            break;
        }
        if (h != want)
            continue;
        for (int k = 0; k < w->d.j; k++)
            if (j < 0 || k == j)
                ratio[k] = r;
    }
    tw_csv_close(csv);
    return st;
}

/* specific_factors.csv: country,sector,horizon,share. Rows of the world's horizon set the
 * share of (country, sector), later rows winning. */
static tw_status read_specific(tw_world *w, const char *dir, tw_horizon want, double *share,
                               tw_error *err)
{
    static const tw_csv_column cols[] = {
        {"country", 1}, {"sector", 1}, {"horizon", 1}, {"share", 1}};
    int ix[4], has;
    tw_csv *csv;
    tw_status st = tw_csv_open_optional(w->texts, dir, "specific_factors.csv", cols, 4, ix, &csv, err);
    if (st || !csv)
        return st;
    while (!(st = tw_csv_next(csv, &has, err)) && has) {
        tw_horizon h;
        int n, j;
        double s;
        if ((st = code_or_all(csv, ix[0], &w->country_map, w->country_code, w->d.n, "country",
                              &n, err)) ||
            (st = code_or_all(csv, ix[1], &w->sector_map, w->sector_code, w->d.j, "sector", &j,
                              err)) ||
            (st = horizon_field(csv, ix[2], &h, err)) ||
            (st = tw_csv_number(csv, ix[3], &s, err)))
            break;
        if (!(s >= 0) || s > 1) {
            st = tw_csv_fail(csv, ix[3], err, "expected a share of value added in [0, 1], "
                                              "found '%s'", tw_csv_get(csv, ix[3]));
            break;
        }
        if (h != want)
            continue;
        for (int c = 0; c < w->d.n; c++)
            for (int k = 0; k < w->d.j; k++)
                if ((n < 0 || c == n) && (j < 0 || k == j))
                    share[tw_ix_nj(w->d, c, k)] = s;
    }
    tw_csv_close(csv);
    return st;
}

tw_status tw_world_read_horizon(tw_world *w, const char *dir, double years, tw_error *err)
{
    if (!(years > 0))
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, "horizon_years",
                       "tw_world_load: the horizon must be a number of years > 0 (INFINITY: "
                       "the long run), got %g (initialise options with tw_world_options_init)",
                       years);
    tw_dims d = w->d;
    size_t nj = (size_t)d.n * d.j;
    tw_horizon h = tw_horizon_of_years(years);
    w->horizon = h;
    w->horizon_years = years;
    w->theta_ratio = malloc((size_t)d.j * sizeof *w->theta_ratio);
    double *share = malloc(nj * sizeof *share);
    if (!w->theta_ratio || !share) {
        free(share);
        return tw_fail(err, TW_ERR_NOMEM, dir, 0, 0, NULL, "out of memory");
    }
    for (int j = 0; j < d.j; j++)
        w->theta_ratio[j] = default_ratio[h];
    for (size_t k = 0; k < nj; k++)
        share[k] = default_specific[h];
    tw_status st = read_ratios(w, dir, h, w->theta_ratio, err);
    if (!st)
        st = read_specific(w, dir, h, share, err);
    if (st) {
        free(share);
        return st;
    }
    for (int j = 0; j < d.j; j++)
        w->theta[j] *= w->theta_ratio[j];
    int any = 0;
    for (size_t k = 0; k < nj; k++)
        any |= share[k] > 0;
    if (any)
        w->specific = share; /* else NULL: every factor mobile, the model of §2 */
    else
        free(share);
    return tw_world_read_profits(w, dir, err); /* profits.csv (src/data/profits.c) */
}

void tw_world_horizon_free(tw_world *w)
{
    free(w->theta_ratio);
    free(w->specific);
    free(w->profit_share);
    free(w->political);
}

tw_horizon tw_world_horizon(const tw_world *w) { return w->horizon; }
double tw_world_horizon_years(const tw_world *w) { return w->horizon_years; }
double tw_world_theta_ratio(const tw_world *w, int j) { return w->theta_ratio[j]; }
double tw_world_specific_share(const tw_world *w, int n, int j)
{
    return w->specific ? w->specific[tw_ix_nj(w->d, n, j)] : 0.0;
}
