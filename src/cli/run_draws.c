/* SPDX-License-Identifier: MIT */
/* `tradewar run --draws`: the scenario's timeline for every draw of the elasticities, and the
 * bands of the real income of its players, watched countries and the world at every step
 * (docs/uncertainty.md, docs/json.md). The outputs, the draw function and the JSON document
 * are the library's (tradewar/bands.h); the table and bands.csv are written here. */
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/draws_cli.h"
#include "cli/run_out.h"

static void print_table(const run_ctx *rc, const tw_draws *d)
{
    int ng = tw_run_bands_groups(rc->s);
    printf("\n");
    tw_cli_draws_print_summary(stdout, rc->w, d);
    printf("\nBands of real income (exact change in I/P against the baseline, %%): the point "
           "estimate\n(the world's theta), then [5th, 50th, 95th percentile] over the draws.\n\n");
    printf("%-10s %-12s", "date", "branch");
    for (int g = 0; g < ng; g++)
        printf(" %-30.30s", tw_run_bands_group_name(rc->s, g));
    printf("\n");
    for (int k = 0; k < tw_timeline_steps(rc->t); k++) {
        tw_timeline_step st = tw_timeline_step_get(rc->t, k);
        printf("%-10s %-12.12s", st.date, st.branch ? st.branch : "");
        for (int g = 0; g < ng; g++) {
            tw_band b = tw_draws_band(d, tw_run_bands_index(rc->s, k, g));
            char cell[64];
            snprintf(cell, sizeof cell, "%.3f [%.3f %.3f %.3f]", b.point, b.p5, b.p50, b.p95);
            printf(" %-30s", cell);
        }
        printf("\n");
    }
}

static int write_csv(const char *dir, const run_ctx *rc, const tw_draws *d)
{
    char path[1200];
    int ng = tw_run_bands_groups(rc->s);
    FILE *f = tw_cli_draws_open_bands(dir, path, sizeof path);
    if (!f)
        return TW_EXIT_IO;
    fprintf(f, "step,date,branch,group,quantity,point,p5,p50,p95\n");
    for (int k = 0; k < tw_timeline_steps(rc->t); k++) {
        tw_timeline_step st = tw_timeline_step_get(rc->t, k);
        for (int g = 0; g < ng; g++) {
            tw_band b = tw_draws_band(d, tw_run_bands_index(rc->s, k, g));
            fprintf(f, "%d,%s,%s,%s,real_income_pct,%.10g,%.10g,%.10g,%.10g\n", k + 1, st.date,
                    st.branch ? st.branch : "", tw_run_bands_group_name(rc->s, g), b.point,
                    b.p5, b.p50, b.p95);
        }
    }
    return tw_cli_draws_close_bands(f, path, dir, rc->w, d);
}

int tw_cli_run_draws(tw_draws *d, const tw_cli_draws *cd, const run_ctx *rc,
                     const tw_model_options *mo)
{
    tw_run_bands_ctx c = {rc->s, tw_timeline_steps(rc->t)};
    int K = tw_run_bands_outputs(rc->s, c.steps);
    double *point = K > 0 ? malloc((size_t)K * sizeof *point) : NULL;
    if (!point || tw_run_bands_values(rc->plan, rc->t, point)) {
        free(point);
        fprintf(stderr, "tradewar: error: %s\n", K < 1 ? "the timeline has no steps to draw"
                                                       : "out of memory");
        return K < 1 ? TW_EXIT_USAGE : TW_EXIT_INTERNAL;
    }
    tw_model_options o = tw_cli_draws_model_options(mo);
    int r = tw_cli_draws_solve(d, cd, rc->w, &o, K, point, tw_run_bands_eval, &c);
    free(point);
    return r;
}

int tw_cli_run_draws_write(const tw_draws *d, const run_ctx *rc, int json, const char *csv_dir)
{
    int r = TW_EXIT_OK;
    if (json) {
        tw_error err;
        fputs(", \"uncertainty\": ", stdout);
        if (tw_json_write_run_bands(tw_sink_file(stdout), rc->plan, rc->t, d, &err)) {
            tw_cli_print_error(&err);
            r = TW_EXIT_IO;
        }
    } else {
        print_table(rc, d);
    }
    if (!r && csv_dir)
        r = write_csv(csv_dir, rc, d);
    return r;
}
