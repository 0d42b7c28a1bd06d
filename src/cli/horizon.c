/* SPDX-License-Identifier: MIT */
/* Printing a world's horizon and the factor returns by sector (docs/model.md §2b) in the
 * CLI's tables and CSV files. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

void tw_cli_print_horizon(FILE *out, const tw_world *w)
{
    tw_dims d = tw_world_dims(w);
    double rmin = INFINITY, rmax = -INFINITY, smin = INFINITY, smax = -INFINITY;
    for (int j = 0; j < d.j; j++) {
        double r = tw_world_theta_ratio(w, j);
        rmin = r < rmin ? r : rmin;
        rmax = r > rmax ? r : rmax;
        for (int n = 0; n < d.n; n++) {
            double s = tw_world_specific_share(w, n, j);
            smin = s < smin ? s : smin;
            smax = s > smax ? s : smax;
        }
    }
    double y = tw_world_horizon_years(w);
    fprintf(out, "Horizon %s", tw_horizon_name(tw_world_horizon(w)));
    if (isfinite(y))
        fprintf(out, " (%g year%s)", y, y == 1 ? "" : "s");
    if (rmin == rmax)
        fprintf(out, ": trade elasticities x %.3f of the long run", rmin);
    else
        fprintf(out, ": trade elasticities x %.3f to %.3f of the long run", rmin, rmax);
    if (smin == smax)
        fprintf(out, "; %.0f%% of value added tied to its sector\n", 100.0 * smin);
    else
        fprintf(out, "; %.0f%% to %.0f%% of value added tied to its sector\n", 100.0 * smin,
                100.0 * smax);
}

/* Returns of eq against the baseline into freshly allocated arrays. */
static int returns(const tw_model *m, const tw_equilibrium *eq, double **spec, double **mob)
{
    tw_dims d = tw_world_dims(tw_model_world(m));
    *spec = malloc((size_t)d.n * d.j * sizeof **spec);
    *mob = malloc((size_t)d.n * sizeof **mob);
    if (!*spec || !*mob || tw_factor_returns(m, eq, NULL, *spec, *mob)) {
        free(*spec);
        free(*mob);
        return -1;
    }
    return 0;
}

static const double *sort_v;
static int by_value(const void *a, const void *b)
{
    double x = sort_v[*(const int *)a], y = sort_v[*(const int *)b];
    return (x > y) - (x < y);
}

int tw_cli_print_factors(FILE *out, const tw_model *m, const tw_equilibrium *eq,
                         const int *focus)
{
    const tw_world *w = tw_model_world(m);
    tw_dims d = tw_world_dims(w);
    double *spec, *mob;
    int *order = malloc((size_t)d.j * sizeof *order);
    if (!order || returns(m, eq, &spec, &mob)) {
        free(order);
        return -1;
    }
    fprintf(out, "\nFactor returns, %% change: the mobile wage, and the return to the factors "
                 "tied to each sector\n(its capital and, when labour cannot move, its "
                 "workers: the change in the sector's value added).\n");
    fprintf(out, "%-6s %12s  %-40s  %s\n", "code", "mobile wage", "largest losses",
            "largest gains");
    for (int n = 0; n < d.n; n++) {
        if (!focus[n])
            continue;
        int cnt = 0;
        for (int j = 0; j < d.j; j++)
            if (!isnan(spec[tw_ix_nj(d, n, j)]))
                order[cnt++] = j;
        sort_v = spec + tw_ix_nj(d, n, 0);
        qsort(order, (size_t)cnt, sizeof *order, by_value);
        char lose[128] = "", gain[128] = "";
        size_t ul = 0, ug = 0;
        for (int k = 0; k < 3 && k < cnt; k++) {
            int jl = order[k], jg = order[cnt - 1 - k];
            ul += (size_t)snprintf(lose + ul, sizeof lose - ul, "%s%s %+.2f", k ? ", " : "",
                                   tw_world_sector_code(w, jl), 100 * (sort_v[jl] - 1));
            ug += (size_t)snprintf(gain + ug, sizeof gain - ug, "%s%s %+.2f", k ? ", " : "",
                                   tw_world_sector_code(w, jg), 100 * (sort_v[jg] - 1));
        }
        if (isnan(mob[n]))
            fprintf(out, "%-6s %12s  %-40s  %s\n", tw_world_country_code(w, n), "none", lose,
                    gain);
        else
            fprintf(out, "%-6s %12.3f  %-40s  %s\n", tw_world_country_code(w, n),
                    100 * (mob[n] - 1), lose, gain);
    }
    free(order);
    free(spec);
    free(mob);
    return 0;
}

int tw_cli_write_factors_csv(const tw_model *m, const tw_equilibrium *eq, const char *dir)
{
    const tw_world *w = tw_model_world(m);
    tw_dims d = tw_world_dims(w);
    double *spec, *mob;
    if (returns(m, eq, &spec, &mob)) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        return TW_EXIT_INTERNAL;
    }
    char path[1200];
    snprintf(path, sizeof path, "%s/factors.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "%s: error: cannot write: %s\n", path, strerror(errno));
        free(spec);
        free(mob);
        return TW_EXIT_IO;
    }
    fprintf(f, "country,sector,specific_share,specific_return_pct,mobile_wage_pct\n");
    for (int n = 0; n < d.n; n++)
        for (int j = 0; j < d.j; j++) {
            double s = spec[tw_ix_nj(d, n, j)];
            fprintf(f, "%s,%s,%.10g,", tw_world_country_code(w, n), tw_world_sector_code(w, j),
                    tw_world_specific_share(w, n, j));
            if (!isnan(s))
                fprintf(f, "%.10g", 100 * (s - 1));
            fprintf(f, ",");
            if (!isnan(mob[n]))
                fprintf(f, "%.10g", 100 * (mob[n] - 1));
            fprintf(f, "\n");
        }
    free(spec);
    free(mob);
    int bad = ferror(f) != 0;
    if ((fclose(f) != 0) | bad) {
        fprintf(stderr, "%s: error: write failed\n", path);
        return TW_EXIT_IO;
    }
    return TW_EXIT_OK;
}
