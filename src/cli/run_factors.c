/* SPDX-License-Identifier: MIT */
/* `tradewar run` at a horizon with sector-specific factors (docs/model.md §2b): the factor
 * returns by sector at every step (tw_timeline_step_factors), as a table section after the
 * timeline and as factors.csv. Without specific factors neither is written. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/run_out.h"

/* The k sectors of country n with the lowest (sign -1: highest) return in spec, skipping
 * sectors without a specific factor, into out. @return how many. */
static int extremes(tw_dims d, const double *spec, int n, int sign, int k, int *out)
{
    const double *row = spec + tw_ix_nj(d, n, 0);
    int cnt = 0;
    for (int j = 0; j < d.j; j++) {
        double v = sign * row[j];
        if (isnan(v) || (cnt == k && v >= sign * row[out[k - 1]]))
            continue; /* no specific factor, or not beyond the k kept (ties: the first) */
        int at = cnt < k ? cnt++ : k - 1;
        for (; at > 0 && v < sign * row[out[at - 1]]; at--)
            out[at] = out[at - 1];
        out[at] = j;
    }
    return cnt;
}

/* "C26 -1.23, C29 -0.50" for the sectors js of country n into buf. */
static void sector_list(char *buf, size_t size, const tw_world *w, const double *spec, int n,
                        const int *js, int cnt)
{
    tw_dims d = tw_world_dims(w);
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < cnt && used < size; k++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s %+.2f", k ? ", " : "",
                                 tw_world_sector_code(w, js[k]),
                                 tw_cli_nz(100.0 * (spec[tw_ix_nj(d, n, js[k])] - 1.0), 2));
}

void tw_run_print_factors(const run_ctx *c)
{
    if (tw_timeline_steps(c->t) == 0 || !tw_timeline_step_factors(c->t, 0, NULL, NULL))
        return;
    tw_dims d = tw_world_dims(c->w);
    printf("\nFactor returns by sector, %% change against %s: the players' mobile wage and the\n"
           "sectors whose specific factors (capital and, when labour cannot move, workers: the\n"
           "change in the sector's value added) fare worst and best.\n",
           tw_scenario_reference_first(c->s) ? "the first step" : "the baseline");
    printf("%-10s  %-14s %-6s %11s  %-32s  %s\n", "date", "branch", "code", "mobile wage",
           "lowest returns", "highest returns");
    for (int k = 0; k < tw_timeline_steps(c->t); k++) {
        tw_timeline_step st = tw_timeline_step_get(c->t, k);
        const double *spec, *mob;
        tw_timeline_step_factors(c->t, k, &spec, &mob);
        for (int q = 0; q < c->nplayers; q++) {
            if (c->show[q].n != 1 || c->show[q].members[0] >= d.n)
                continue; /* a group has no one set of sectors */
            int n = c->show[q].members[0], lo[2], hi[2], avail = 0;
            for (int j = 0; j < d.j; j++)
                avail += !isnan(spec[tw_ix_nj(d, n, j)]);
            /* Two each, one each with fewer than four sectors (the lists do not overlap). */
            int want = avail >= 4 ? 2 : 1;
            int nl = extremes(d, spec, n, 1, want, lo), nh = extremes(d, spec, n, -1, want, hi);
            char lose[96], gain[96], wage[32];
            sector_list(lose, sizeof lose, c->w, spec, n, lo, nl);
            sector_list(gain, sizeof gain, c->w, spec, n, hi, nh);
            if (isnan(mob[n]))
                snprintf(wage, sizeof wage, "none");
            else
                snprintf(wage, sizeof wage, "%.3f", tw_cli_nz(100.0 * (mob[n] - 1.0), 3));
            printf("%-10s  %-14.14s %-6s %11s  %-32s  %s\n", st.date, st.branch,
                   tw_world_country_code(c->w, n), wage, lose, gain);
        }
    }
}

int tw_run_write_factors_csv(const run_ctx *c, const char *dir)
{
    if (tw_timeline_steps(c->t) == 0 || !tw_timeline_step_factors(c->t, 0, NULL, NULL))
        return TW_EXIT_OK;
    char path[1200];
    FILE *f = tw_run_open_in(dir, "factors.csv", path, sizeof path);
    if (!f)
        return TW_EXIT_IO;
    tw_dims d = tw_world_dims(c->w);
    fprintf(f, "step,date,branch,country,sector,specific_share,specific_return_pct,"
               "mobile_wage_pct\n");
    for (int k = 0; k < tw_timeline_steps(c->t); k++) {
        tw_timeline_step st = tw_timeline_step_get(c->t, k);
        const double *spec, *mob;
        tw_timeline_step_factors(c->t, k, &spec, &mob);
        for (int n = 0; n < d.n; n++)
            for (int j = 0; j < d.j; j++) {
                fprintf(f, "%d,%s,\"", k, st.date);
                for (const char *s = st.branch; *s; s++) {
                    if (*s == '"')
                        fputc('"', f);
                    fputc(*s, f);
                }
                fprintf(f, "\",%s,%s", tw_world_country_code(c->w, n),
                        tw_world_sector_code(c->w, j));
                tw_cli_csv_num(f, tw_world_specific_share(c->w, n, j));
                tw_cli_csv_num(f, 100.0 * (spec[tw_ix_nj(d, n, j)] - 1.0));
                tw_cli_csv_num(f, 100.0 * (mob[n] - 1.0));
                fputc('\n', f);
            }
    }
    int bad = ferror(f) != 0;
    if ((fclose(f) != 0) | bad) {
        fprintf(stderr, "tradewar: error: writing %s failed\n", path);
        return TW_EXIT_IO;
    }
    return TW_EXIT_OK;
}
