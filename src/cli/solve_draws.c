/* SPDX-License-Identifier: MIT */
/* `tradewar solve --draws`: the shock solved for every draw of the elasticities, and the bands
 * of its results as tables, JSON and CSV (docs/uncertainty.md, docs/json.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/draws_cli.h"
#include "cli/run_out.h"

/* The outputs of a draw, their layout and the draw function: tradewar/solve_draws.h. */
#define field_name(f) tw_solve_draws_field_name(f)
static int at_country(int N, int f, int n)
{
    return tw_solve_draws_country((tw_dims){N, 0}, f, n);
}
static int at_world(int N) { return tw_solve_draws_world((tw_dims){N, 0}); }
static int at_trade(int N, int n, int i) { return tw_solve_draws_trade((tw_dims){N, 0}, n, i); }

int tw_cli_solve_draws(tw_draws *d, const tw_cli_draws *cd, const tw_world *w,
                       const tw_model_options *mo, const char *shock, const tw_results *point)
{
    int n_out = tw_solve_draws_outputs(tw_world_dims(w));
    double *pt = malloc((size_t)n_out * sizeof *pt);
    if (!pt) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        return TW_EXIT_INTERNAL;
    }
    tw_solve_draws_values(point, pt);
    tw_model_options o = tw_cli_draws_model_options(mo);
    int rc = tw_cli_draws_solve(d, cd, w, &o, n_out, pt, tw_solve_draws_eval,
                                (void *)shock);
    free(pt);
    return rc;
}

static const tw_draws *sort_d;
static int by_point(const void *a, const void *b)
{
    double x = sort_d->point[*(const int *)a], y = sort_d->point[*(const int *)b];
    return (x < y) - (x > y);
}

void tw_cli_solve_bands_table(const tw_world *w, const tw_draws *d, const int *focus, int all)
{
    int N = tw_world_dims(w).n, cnt = 0;
    int *order = malloc((size_t)N * sizeof *order);
    if (!order)
        return;
    for (int n = 0; n < N; n++)
        if (all || N <= 35 || focus[n])
            order[cnt++] = n; /* as index of the real income output */
    sort_d = d;
    qsort(order, (size_t)cnt, sizeof *order, by_point);
    printf("\n");
    tw_cli_draws_print_summary(stdout, w, d);
    printf("\nBands of the change from the baseline, %%: the point estimate (the world's theta) "
           "and the\n5th, 50th and 95th percentiles over the draws.\n\n");
    printf("%-6s %-24s %31s %31s %31s\n", "", "", "real income", "CP welfare", "real wage");
    printf("%-6s %-24s", "code", "country");
    for (int c = 0; c < 3; c++)
        printf(" %7s %7s %7s %7s", "point", "p5", "p50", "p95");
    printf("\n");
    static const int cols[3] = {0, 3, 4};
    for (int k = 0; k < cnt; k++) {
        int n = order[k];
        printf("%-6s %-24.24s", tw_world_country_code(w, n), tw_world_country_name(w, n));
        for (int c = 0; c < 3; c++) {
            tw_band b = tw_draws_band(d, at_country(N, cols[c], n));
            printf(" %7.3f %7.3f %7.3f %7.3f", b.point, b.p5, b.p50, b.p95);
        }
        printf("\n");
    }
    tw_band b = tw_draws_band(d, at_world(N));
    printf("%-31s %7.3f %7.3f %7.3f %7.3f\n", "World (income-weighted)", b.point, b.p5, b.p50,
           b.p95);
    free(order);
}

int tw_cli_solve_bands_json(const tw_world *w, const tw_draws *d)
{
    int N = tw_world_dims(w).n;
    tw_json js;
    tw_json_init(&js, stdout);
    tw_cli_draws_json_begin(&js, w, d);
    tw_json_key(&js, "countries");
    tw_json_array_begin(&js);
    for (int n = 0; n < N; n++) {
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", tw_world_country_code(w, n));
        for (int f = 0; f < TW_SOLVE_FIELDS; f++) {
            tw_band b = tw_draws_band(d, at_country(N, f, n));
            tw_json_key(&js, field_name(f));
            tw_json_object_begin(&js);
            tw_cli_draws_json_band(&js, &b);
            tw_json_object_end(&js);
        }
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_band b = tw_draws_band(d, at_world(N));
    tw_json_key(&js, "world_real_income_pct");
    tw_json_object_begin(&js);
    tw_cli_draws_json_band(&js, &b);
    tw_json_object_end(&js);
    tw_json_key(&js, "trade");
    tw_json_array_begin(&js);
    for (int i = 0; i < N; i++)
        for (int n = 0; n < N; n++) {
            if (i == n)
                continue;
            tw_json_object_begin(&js);
            tw_json_kv_string(&js, "exporter", tw_world_country_code(w, i));
            tw_json_kv_string(&js, "importer", tw_world_country_code(w, n));
            b = tw_draws_band(d, at_trade(N, n, i));
            tw_json_key(&js, "change_pct");
            tw_json_object_begin(&js);
            tw_cli_draws_json_band(&js, &b);
            tw_json_object_end(&js);
            tw_json_object_end(&js);
        }
    tw_json_array_end(&js);
    tw_json_object_end(&js);
    tw_error err;
    if (tw_json_finish(&js, &err)) {
        tw_cli_print_error(&err);
        return TW_EXIT_IO;
    }
    return TW_EXIT_OK;
}

int tw_cli_solve_bands_csv(const char *dir, const tw_world *w, const tw_draws *d)
{
    int N = tw_world_dims(w).n;
    char path[1200];
    FILE *f = tw_run_open_in(dir, "bands.csv", path, sizeof path);
    if (!f)
        return TW_EXIT_IO;
    fprintf(f, "quantity,code,partner,point,p5,p50,p95\n");
    for (int n = 0; n < N; n++)
        for (int q = 0; q < TW_SOLVE_FIELDS; q++) {
            tw_band b = tw_draws_band(d, at_country(N, q, n));
            fprintf(f, "%s,%s,,%.10g,%.10g,%.10g,%.10g\n", field_name(q),
                    tw_world_country_code(w, n), b.point, b.p5, b.p50, b.p95);
        }
    tw_band b = tw_draws_band(d, at_world(N));
    fprintf(f, "world_real_income_pct,,,%.10g,%.10g,%.10g,%.10g\n", b.point, b.p5, b.p50, b.p95);
    for (int i = 0; i < N; i++)
        for (int n = 0; n < N; n++)
            if (i != n) {
                b = tw_draws_band(d, at_trade(N, n, i));
                fprintf(f, "trade_change_pct,%s,%s,%.10g,%.10g,%.10g,%.10g\n",
                        tw_world_country_code(w, i), tw_world_country_code(w, n), b.point, b.p5,
                        b.p50, b.p95);
            }
    return tw_cli_draws_close_bands(f, path, dir, w, d);
}
