/* SPDX-License-Identifier: MIT */
/* Benchmark: building the 2025 schedules from product lines (data/schedules/2025/manifest.csv):
 * reading the concordance, 226,000 trade lines, the lists and the action files and matching each
 * action to its lines ("load"); evaluating every line on each of the schedules' 2025 dates
 * ("evaluate"); and the averages of every importer on every partner by sector on those dates
 * ("aggregate"). Prints the median of each phase over RUNS runs (default 5); no thresholds.
 *
 * Usage: bench_schedule [MANIFEST] [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "tariff/schedule_internal.h"
#include "tradewar/tradewar.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void die(const tw_error *err)
{
    char buf[2048];
    tw_error_format(err, buf, sizeof buf);
    fprintf(stderr, "bench_schedule: %s\n", buf);
    exit(1);
}

int main(int argc, char **argv)
{
    const char *manifest =
        argc > 1 ? argv[1] : TW_BENCH_SOURCE_DIR "/data/schedules/2025/manifest.csv";
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    if (runs < 1 || runs > 1000)
        runs = 5;
    double *t_load = calloc((size_t)runs, sizeof(double));
    double *t_eval = calloc((size_t)runs, sizeof(double));
    double *t_agg = calloc((size_t)runs, sizeof(double));
    if (!t_load || !t_eval || !t_agg)
        return 1;
    long lines = 0, pairs = 0;
    int ndates = 0;
    for (int k = 0; k < runs; k++) {
        tw_error err;
        tw_schedule *s = NULL;
        double t0 = tw_clock_seconds();
        if (tw_schedule_create(&s, &err) || tw_schedule_read_manifest(s, manifest, &err))
            die(&err);
        double t1 = tw_clock_seconds();
        int dates[256], n = tw_schedule_dates(s, NULL, dates, 256);
        ndates = 0;
        double te = 0, ta = 0;
        tw_schedule_average avg;
        if (tw_schedule_average_init(s, &avg, &err))
            die(&err);
        pairs = 0;
        int npairs = 0, pair_imp[1024], pair_exp[1024];
        for (long l = 0; l < s->n_lines; l++) {
            int seen = 0;
            for (int q = 0; q < npairs && !seen; q++)
                seen = pair_imp[q] == s->lines[l].importer && pair_exp[q] == s->lines[l].exporter;
            if (!seen && npairs < 1024) {
                pair_imp[npairs] = s->lines[l].importer;
                pair_exp[npairs++] = s->lines[l].exporter;
            }
        }
        for (int d = 0; d < n && d < 256; d++) {
            double a0 = tw_clock_seconds();
            tw_schedule_rates *r = NULL;
            if (tw_schedule_evaluate(s, dates[d], &r, &err))
                die(&err);
            double a1 = tw_clock_seconds();
            /* the pairs that have lines: each importer on each of its exporters */
            for (int q = 0; q < npairs; q++)
                if (!tw_schedule_rates_average(r, s->country[pair_imp[q]],
                                               s->country[pair_exp[q]], &avg, NULL))
                    pairs++;
            double a2 = tw_clock_seconds();
            te += a1 - a0;
            ta += a2 - a1;
            tw_schedule_rates_free(r);
            ndates++;
        }
        tw_schedule_average_free(&avg);
        t_load[k] = t1 - t0;
        t_eval[k] = te;
        t_agg[k] = ta;
        lines = tw_schedule_line_count(s, NULL);
        tw_schedule_free(s);
    }
    printf("2025 schedules: %ld trade lines, %d dates, %ld pair averages per run; medians over %d "
           "runs: load %.3f s, evaluate %.3f s, aggregate %.3f s\n",
           lines, ndates, pairs, runs, median(t_load, runs), median(t_eval, runs),
           median(t_agg, runs));
    free(t_load);
    free(t_eval);
    free(t_agg);
    return 0;
}
