/* SPDX-License-Identifier: MIT */
/* The command line's view of the sectoral decomposition of real income (`--by-sector`) and of
 * warnings (standard error), shared by solve and run. */
#include <math.h>
#include <stdlib.h>

#include "cli/cli.h"

void tw_cli_print_warnings(const tw_warnings *list)
{
    for (int k = 0; k < tw_warnings_count(list); k++) {
        char buf[1600];
        const tw_error *wn = tw_warnings_get(list, k);
        tw_warning_format(wn, buf, sizeof buf);
        fprintf(stderr, "%s%s\n", wn->file[0] ? "" : "tradewar: ", buf);
    }
}

double tw_cli_nz(double v, int decimals)
{
    char buf[400];
    snprintf(buf, sizeof buf, "%.*f", decimals, v);
    if (buf[0] != '-')
        return v;
    for (const char *p = buf + 1; *p; p++)
        if (*p != '0' && *p != '.')
            return v;
    return 0.0; /* prints as "0.000", where v would print as "-0.000" */
}

static const tw_results *parts_r;
static int parts_n;
static int by_abs_part(const void *a, const void *b)
{
    double x = fabs(tw_results_sector_welfare_pct(parts_r, parts_n, *(const int *)a));
    double y = fabs(tw_results_sector_welfare_pct(parts_r, parts_n, *(const int *)b));
    if (x != y)
        return (x < y) - (x > y);
    return *(const int *)a - *(const int *)b; /* ties in the world's order */
}

static double shown3(double v)
{
    return tw_cli_nz(v, 3);
}

int tw_cli_print_sector_parts(FILE *out, const tw_world *w, const tw_results *r,
                              const int *countries, int ncountries, int top)
{
    int J = r->d.j;
    int *order = malloc((size_t)J * sizeof *order);
    if (!order)
        return -1;
    fprintf(out, "Change in real income by sector: Caliendo-Parro's first-order parts, %% of the "
                 "country's\nbaseline income (they sum to 'CP welfare'; 'share' is the part's "
                 "share of the sum of\nthe absolute parts). ");
    if (top < J)
        fprintf(out, "The %d largest parts of each country; --all lists every sector.\n\n", top);
    else
        fprintf(out, "Every sector.\n\n");
    fprintf(out, "%-6s %-8s %8s %8s %10s %10s %7s\n", "code", "sector", "ToT", "VoT",
            "trade cost", "CP welfare", "share");
    for (int q = 0; q < ncountries; q++) {
        int n = countries[q];
        double gross = 0.0;
        for (int j = 0; j < J; j++) {
            order[j] = j;
            gross += fabs(tw_results_sector_welfare_pct(r, n, j));
        }
        parts_r = r;
        parts_n = n;
        qsort(order, (size_t)J, sizeof *order, by_abs_part);
        for (int k = 0; k < J && k < top; k++) {
            int j = order[k];
            size_t at = tw_ix_nj(r->d, n, j);
            double part = tw_results_sector_welfare_pct(r, n, j);
            fprintf(out, "%-6s %-8s %8.3f %8.3f %10.3f %10.3f %6.1f%%\n",
                    tw_world_country_code(w, n), tw_world_sector_code(w, j),
                    shown3(r->sector_tot_pct[at]), shown3(r->sector_vot_pct[at]),
                    shown3(r->sector_trade_cost_pct[at]), shown3(part),
                    gross > 0.0 ? 100.0 * fabs(part) / gross : 0.0);
        }
    }
    free(order);
    return 0;
}
