/* SPDX-License-Identifier: MIT */
/* Strategy benchmarks on a fixed world: optimal tariffs, Nash wars. Each case is run REPEATS
 * times from today's tariffs with a fresh game (no state carried between runs) and the median
 * wall time is printed with what was found.
 * Usage: bench_strategy [WORLD_DIR] [REPEATS] [CASE] [THREADS]   (CASE: optimal, war2,
 * war2-among, war-all, or all; THREADS as tw_game_options.threads, 0 = all cores; default
 * data/icio2022, 3, all, 0). The user CPU time of the process (all threads) is printed beside
 * the wall time: on a loaded machine it is the steadier figure. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "core/clock.h"
#include "tradewar/tradewar.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* User CPU seconds of the whole process so far (all threads). */
static double user_seconds(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + 1e-6 * (double)u.ru_utime.tv_usec;
}

static double avg_tariff(const tw_world *w, const tw_policy *p, int n, int partner)
{
    tw_dims d = tw_world_dims(w);
    const double *f = tw_world_flows(w), *t = tw_policy_tariffs_const(p);
    double num = 0, den = 0;
    for (int i = 0; i < d.n; i++)
        for (int j = 0; j < d.j; j++) {
            if (i == n || (partner >= 0 && i != partner) || !tw_world_sector_is_goods(w, j))
                continue;
            size_t at = tw_ix_nij(d, n, i, j);
            num += f[at] * t[at];
            den += f[at];
        }
    return num / den;
}

typedef struct bench {
    tw_world *w;
    tw_model *m;
    int usa, chn;
    int threads;
} bench;

/* One run of a case; returns its wall time (and its user CPU time in *cpu), prints a line on
 * the first run. */
static double run_case(bench *b, const char *which, int first, double *cpu)
{
    tw_error err;
    tw_game *g;
    tw_policy *today, *out;
    tw_game_options go;
    tw_game_options_init(&go);
    go.threads = b->threads;
    double u0 = user_seconds();
    tw_game_create(b->m, &go, &g, &err);
    tw_policy_create(b->m, &today);
    tw_policy_create(b->m, &out);
    tw_equilibrium *eq = tw_equilibrium_create(b->m);
    tw_results *r = tw_results_create(b->m);
    tw_dims d = tw_world_dims(b->w);
    double t0 = tw_clock_seconds(), dt;
    if (strcmp(which, "optimal") == 0) {
        tw_instrument ins = {.country = b->usa, .kind = TW_INSTRUMENT_SECTOR};
        tw_optimize_report rep;
        tw_status st = tw_game_best_response(g, &ins, NULL, today, out, eq, &rep, &err);
        dt = tw_clock_seconds() - t0;
        tw_results_compute(b->m, eq, r);
        if (first)
            printf("  US optimal tariffs by sector vs everyone: status %s, %d evaluations, avg "
                   "goods tariff %.2f%% (today %.2f%%), US real income %+.4f%%, KKT %.1e\n",
                   st ? "NOT CONVERGED" : "converged", rep.evaluations,
                   100 * avg_tariff(b->w, out, b->usa, -1), 100 * avg_tariff(b->w, today, b->usa, -1),
                   r->country[b->usa].real_income_pct, rep.kkt_residual);
    } else {
        int among = strcmp(which, "war2-among") == 0, all = strcmp(which, "war-all") == 0;
        int np = all ? d.n : 2;
        tw_instrument *ins = calloc((size_t)np, sizeof *ins);
        int pc = b->chn, pu = b->usa;
        for (int p = 0; p < np; p++)
            ins[p] = (tw_instrument){.country = all ? p : (p ? b->chn : b->usa),
                                     .kind = all ? TW_INSTRUMENT_UNIFORM : TW_INSTRUMENT_SECTOR,
                                     .partners = among ? (p ? &pu : &pc) : NULL,
                                     .n_partners = among};
        tw_war_report rep;
        tw_status st = tw_game_nash_war(g, ins, np, NULL, NULL, today, out, eq, NULL, &rep, &err);
        dt = tw_clock_seconds() - t0;
        tw_results_compute(b->m, eq, r);
        if (first)
            printf("  %s: status %s (found %d), method %s, %d rounds, %d solves, max gain "
                   "%.1e; USA avg tariff %.2f%% income %+.3f%%, CHN %.2f%% %+.3f%%\n",
                   which, st ? "NOT FOUND" : "ok", rep.found,
                   rep.method == TW_WAR_JOINT_FOC ? "newton" : "best-response", rep.rounds,
                   rep.evaluations, rep.max_gain,
                   100 * avg_tariff(b->w, out, b->usa, among ? b->chn : -1),
                   r->country[b->usa].real_income_pct,
                   100 * avg_tariff(b->w, out, b->chn, among ? b->usa : -1),
                   r->country[b->chn].real_income_pct);
        free(ins);
    }
    tw_results_free(r);
    tw_equilibrium_free(eq);
    tw_policy_free(out);
    tw_policy_free(today);
    tw_game_free(g);
    *cpu = user_seconds() - u0;
    return dt;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "data/icio2022";
    int reps = argc > 2 ? atoi(argv[2]) : 3;
    const char *only = argc > 3 ? argv[3] : "all";
    int threads = argc > 4 ? atoi(argv[4]) : 0;
    if (reps < 1)
        reps = 1;
    tw_error err;
    bench b;
    b.threads = threads < 0 ? 0 : threads;
    if (tw_world_load(dir, NULL, &b.w, &err) || tw_model_create(b.w, NULL, &b.m, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    b.usa = tw_world_country_index(b.w, "USA");
    b.chn = tw_world_country_index(b.w, "CHN");
    if (b.usa < 0 || b.chn < 0) {
        fprintf(stderr, "the world needs USA and CHN\n");
        return 1;
    }
    const char *cases[] = {"optimal", "war2", "war2-among", "war-all"};
    const char *label[] = {"US optimal tariffs by sector (target < 1 s)",
                           "US-China war by sector, tariffs on everyone (target < 3 s)",
                           "US-China war by sector, tariffs on each other only",
                           "war among all economies, one tariff each (target < 10 s)"};
    double *t = malloc((size_t)reps * sizeof *t), *u = malloc((size_t)reps * sizeof *u);
    printf("threads: %d (0 = all cores)\n", b.threads);
    for (int c = 0; c < 4; c++) {
        if (strcmp(only, "all") && strcmp(only, cases[c]))
            continue;
        printf("%s\n", label[c]);
        for (int r = 0; r < reps; r++)
            t[r] = run_case(&b, cases[c], r == 0, &u[r]);
        qsort(t, (size_t)reps, sizeof *t, cmp);
        qsort(u, (size_t)reps, sizeof *u, cmp);
        printf("  median %.2f s wall, %.2f s user CPU over %d runs (wall min %.2f, max %.2f)\n",
               t[reps / 2], u[reps / 2], reps, t[0], t[reps - 1]);
        fflush(stdout);
    }
    free(t);
    free(u);
    tw_model_free(b.m);
    tw_world_free(b.w);
    return 0;
}
