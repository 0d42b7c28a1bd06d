/* SPDX-License-Identifier: MIT */
/* The C side of bench/python_overhead.py: times, with the public API only, what one
 * tradewar.Model.solve(shock=FILE) call does: a policy, the shock file applied, an equilibrium
 * and results created, the solve from the baseline, the results and their warnings, all
 * freed. Prints the median and minimum over REPEATS runs of the wall time, then of the
 * process's CPU time (less disturbed by other processes on a shared machine), in ms.
 * Usage: bench_c_solve_api WORLD_DIR SHOCK.csv [REPEATS] [CLOSURE] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tradewar/tradewar.h"

static double now(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One call's work. @return TW_OK or the failure's status (err set). */
static tw_status one(const tw_model *m, tw_solver *s, const char *shock, tw_error *err)
{
    const tw_world *w = tw_model_world(m);
    tw_policy *p = NULL;
    tw_warnings *warn = tw_warnings_create();
    tw_equilibrium *eq = NULL;
    tw_results *r = NULL;
    tw_status st = tw_policy_create(m, &p);
    if (!st && !warn)
        st = TW_ERR_NOMEM;
    if (!st)
        st = tw_shock_apply_file_warn(m, p, shock, warn, err);
    if (!st) {
        eq = tw_equilibrium_create(m);
        r = tw_results_create(m);
        st = eq && r ? TW_OK : TW_ERR_NOMEM;
    }
    if (!st)
        st = tw_model_solve(m, s, p, eq, NULL, err);
    if (!st)
        st = tw_results_compute(m, eq, r);
    for (int n = 0; !st && n < tw_world_dims(w).n; n++)
        st = tw_results_warn(w, r, n, NULL, warn, NULL);
    tw_results_free(r);
    tw_equilibrium_free(eq);
    tw_warnings_free(warn);
    tw_policy_free(p);
    return st;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_c_solve_api WORLD_DIR SHOCK.csv [REPEATS] [CLOSURE]\n");
        return 2;
    }
    int reps = argc > 3 ? atoi(argv[3]) : 51;
    if (reps < 1)
        reps = 1;
    tw_model_options o;
    tw_model_options_init(&o);
    if (argc > 4 && tw_deficit_closure_parse(argv[4], &o.deficits)) {
        fprintf(stderr, "unknown closure %s\n", argv[4]);
        return 2;
    }
    tw_error err;
    tw_world *w = NULL;
    tw_model *m = NULL;
    tw_solver *s = NULL;
    double *t = malloc(2 * (size_t)reps * sizeof *t), *c = t ? t + reps : NULL;
    tw_status st = t ? tw_world_load(argv[1], NULL, &w, &err) : TW_ERR_NOMEM;
    if (!st)
        st = tw_model_create(w, &o, &m, &err);
    if (!st)
        st = tw_solver_create(m, NULL, &s, &err);
    if (!st)
        st = one(m, s, argv[2], &err); /* warm-up */
    for (int k = 0; !st && k < reps; k++) {
        double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        st = one(m, s, argv[2], &err);
        t[k] = now(CLOCK_MONOTONIC) - t0;
        c[k] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    }
    if (st) {
        char buf[2048];
        tw_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
    } else {
        qsort(t, (size_t)reps, sizeof *t, cmp);
        qsort(c, (size_t)reps, sizeof *c, cmp);
        printf("%.6f %.6f %.6f %.6f\n", 1e3 * t[reps / 2], 1e3 * t[0], 1e3 * c[reps / 2],
               1e3 * c[0]);
    }
    free(t);
    tw_solver_free(s);
    tw_model_free(m);
    tw_world_free(w);
    return st ? 1 : 0;
}
