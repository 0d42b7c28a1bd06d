/* SPDX-License-Identifier: MIT */
/* `tradewar brief --draws` (brief_draws.h): for every draw of the elasticities the scenario's
 * brief again, and bands (point, 5th, 50th, 95th percentile) of each number of the brief that
 * depends on them; the static revenue and the statutory rates are the scenario's tariffs and do
 * not (docs/brief.md "Bands"). */
#include "cli/brief_draws.h"

#include <math.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/run_out.h"

#define NC TW_BRIEF_BANDS_COUNTRY_FIELDS
#define NP TW_BRIEF_BANDS_PAIR_FIELDS
static const char *const country_label[NC] = {"real income %", "consumer prices %",
                                              "cost/household USD", "GE revenue USD bn",
                                              "goods imports USD bn", "tariff after subst. %"};

int tw_cli_brief_draws(tw_draws *d, const tw_cli_draws *cd, const tw_brief *point,
                       const tw_scenario *s, const double *hh, const tw_model_options *mo)
{
    tw_brief_bands_ctx c = {s, hh, tw_brief_steps(point), tw_brief_group_count(point)};
    int K = tw_brief_bands_outputs(c.steps, c.groups);
    if (K < 1) {
        fprintf(stderr, "tradewar: error: the brief has no numbers to draw (no steps, or no "
                        "players and watched countries)\n");
        return TW_EXIT_USAGE;
    }
    double *pt = malloc((size_t)K * sizeof *pt);
    if (!pt) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        return TW_EXIT_INTERNAL;
    }
    tw_brief_bands_values(point, pt);
    tw_model_options o = tw_cli_draws_model_options(mo);
    int r = tw_cli_draws_solve(d, cd, tw_plan_world(tw_brief_plan(point)), &o, K, pt,
                               tw_brief_bands_eval, &c);
    free(pt);
    return r;
}

static const char *partner_name(const tw_brief *b, int q)
{
    return q < tw_brief_group_count(b) ? tw_brief_group_name(b, q) : "others";
}

static void print_table(const tw_draws *d, const tw_brief *b)
{
    const tw_world *w = tw_plan_world(tw_brief_plan(b));
    int ng = tw_brief_group_count(b);
    printf("\n");
    tw_cli_draws_print_summary(stdout, w, d);
    printf("\nBands of the brief: the point estimate (the world's theta), then [5th, 50th, 95th "
           "percentile]\nover the draws; n/a where a number is undefined. Statutory rates and "
           "static revenue\nare the scenario's tariffs and have no band; the partners' bands are "
           "in JSON and CSV.\n");
    for (int k = 0; k < tw_brief_steps(b); k++) {
        tw_timeline_step st = tw_timeline_step_get(tw_brief_timeline(b), k);
        printf("\n%s %s\n", st.date, st.branch ? st.branch : "");
        printf("  %-22s", "");
        for (int g = 0; g < ng; g++)
            printf(" %-34.34s", tw_brief_group_name(b, g));
        printf("\n");
        for (int f = 0; f < NC; f++) {
            printf("  %-22s", country_label[f]);
            double scale = f == 3 || f == 4 ? 1e-9 : 1.0;
            for (int g = 0; g < ng; g++) {
                tw_band x = tw_draws_band(d, tw_brief_bands_country(ng, k, g, f));
                char cell[96];
                if (!isfinite(x.point))
                    snprintf(cell, sizeof cell, "n/a");
                else
                    snprintf(cell, sizeof cell, "%.4g [%.4g %.4g %.4g]", x.point * scale,
                             x.p5 * scale, x.p50 * scale, x.p95 * scale);
                printf(" %-34s", cell);
            }
            printf("\n");
        }
    }
}

static void csv_band(FILE *f, int k, const tw_timeline_step *st, const char *group,
                     const char *partner, const char *field, const tw_band *x)
{
    fprintf(f, "%d,%s,", k, st->date);
    tw_cli_csv_text(f, st->branch ? st->branch : "");
    fprintf(f, ",%s,%s,%s", group, partner, field);
    tw_cli_draws_csv_band(f, x);
}

static int write_csv(const char *dir, const tw_draws *d, const tw_brief *b)
{
    char path[1200];
    FILE *f = tw_cli_draws_open_bands(dir, path, sizeof path);
    if (!f)
        return TW_EXIT_IO;
    int ng = tw_brief_group_count(b);
    fprintf(f, "step,date,branch,group,partner,quantity,point,p5,p50,p95\n");
    for (int k = 0; k < tw_brief_steps(b); k++) {
        tw_timeline_step st = tw_timeline_step_get(tw_brief_timeline(b), k);
        for (int g = 0; g < ng; g++) {
            const char *gn = tw_brief_group_name(b, g);
            for (int c = 0; c < NC; c++) {
                tw_band x = tw_draws_band(d, tw_brief_bands_country(ng, k, g, c));
                csv_band(f, k, &st, gn, "", tw_brief_bands_country_field(c), &x);
            }
            for (int q = 0; q <= ng; q++)
                for (int c = 0; c < NP && q != g; c++) {
                    tw_band x = tw_draws_band(d, tw_brief_bands_pair(ng, k, g, q, c));
                    csv_band(f, k, &st, gn, partner_name(b, q), tw_brief_bands_pair_field(c),
                             &x);
                }
        }
    }
    return tw_cli_draws_close_bands(f, path, dir, tw_plan_world(tw_brief_plan(b)), d);
}

int tw_cli_brief_draws_write(const tw_draws *d, const tw_brief *b, int json, const char *csv_dir)
{
    int r = TW_EXIT_OK;
    if (json) {
        tw_error err;
        fputs(", \"uncertainty\": ", stdout);
        if (tw_json_write_brief_bands(tw_sink_file(stdout), b, d, &err)) {
            tw_cli_print_error(&err);
            r = TW_EXIT_IO;
        }
    } else {
        print_table(d, b);
    }
    if (!r && csv_dir)
        r = write_csv(csv_dir, d, b);
    return r;
}
