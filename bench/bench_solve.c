/* SPDX-License-Identifier: MIT */
/* In-process solve benchmark: loads a world once, then times repeated counterfactual solves of
 * one shock from the baseline (cold) and from the previous solution (warm), printing medians.
 * Usage: bench_solve WORLD_DIR SHOCK.csv [REPEATS] [zero|fixed|proportional]
 * Also times one evaluation of the equilibrium map at the solution (the cost of an iteration
 * without the solver's own work), and prints the minimum of each timing beside the median (on
 * a shared machine the minimum is the less disturbed figure), and the setup a solve does before
 * its first iteration. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "model/model_internal.h"
#include "model/workspace.h"
#include "tradewar/tradewar.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_solve WORLD_DIR SHOCK.csv [REPEATS] [CLOSURE]\n");
        return 2;
    }
    int reps = argc > 3 ? atoi(argv[3]) : 21;
    tw_model_options o;
    tw_model_options_init(&o);
    if (argc > 4 && tw_deficit_closure_parse(argv[4], &o.deficits)) {
        fprintf(stderr, "unknown closure %s\n", argv[4]);
        return 2;
    }
    tw_error err;
    tw_world *w;
    double t0 = tw_clock_seconds();
    if (tw_world_load(argv[1], NULL, &w, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    double t_load = tw_clock_seconds() - t0;
    t0 = tw_clock_seconds();
    tw_model *m;
    if (tw_model_create(w, &o, &m, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    double t_base = tw_clock_seconds() - t0;
    tw_solver *sv;
    if (tw_solver_create(m, NULL, &sv, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    tw_policy *p;
    tw_policy_create(m, &p);
    if (tw_shock_apply_file(m, p, argv[2], &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    double *cold = malloc((size_t)reps * sizeof *cold), *warm = malloc((size_t)reps * sizeof *warm);
    int it_cold = 0, it_warm = 0;
    tw_equilibrium *eq = tw_equilibrium_create(m), *eq2 = tw_equilibrium_create(m);
    for (int r = 0; r < reps; r++) {
        tw_equilibrium_free(eq);
        eq = tw_equilibrium_create(m);
        tw_solver_report rep;
        t0 = tw_clock_seconds();
        if (tw_model_solve(m, sv, p, eq, &rep, &err)) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        cold[r] = tw_clock_seconds() - t0;
        it_cold = rep.iterations;
        tw_equilibrium_copy(eq2, eq);
        /* warm: a small change from the solved point, as optimisers and timelines do */
        double *t = tw_policy_tariffs(p);
        size_t at = tw_ix_nij(tw_world_dims(w), 0, 1, 0);
        t[at] += 1e-3;
        t0 = tw_clock_seconds();
        if (tw_model_solve(m, sv, p, eq2, &rep, &err)) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        warm[r] = tw_clock_seconds() - t0;
        it_warm = rep.iterations;
        t[at] -= 1e-3;
    }
    qsort(cold, (size_t)reps, sizeof *cold, cmp);
    qsort(warm, (size_t)reps, sizeof *warm, cmp);
    tw_dims d = tw_world_dims(w);
    printf("world %s (%d x %d): load %.1f ms, baseline solve %.1f ms\n", tw_world_name(w), d.n,
           d.j, 1e3 * t_load, 1e3 * t_base);
    printf("counterfactual from the baseline: median %.2f ms (%d iterations), %d runs\n",
           1e3 * cold[reps / 2], it_cold, reps);
    printf("re-solve after a small change (warm start): median %.2f ms (%d iterations)\n",
           1e3 * warm[reps / 2], it_warm);
    printf("minimum: counterfactual %.2f ms, re-solve %.2f ms\n", 1e3 * cold[0], 1e3 * warm[0]);
    /* The map alone, at the counterfactual's solution: median of 21 batches of 50. */
    struct tw_workspace *ws = tw_workspace_create(m, 0);
    double *z = malloc(tw_model_state_size(m, ws) * sizeof *z);
    double *gz = malloc(tw_model_state_size(m, ws) * sizeof *gz);
    double batch[21];
    tw_model_coeffs(m, ws, p);
    tw_model_state_from(m, ws, eq, z);
    for (int r = 0; r < 21; r++) {
        t0 = tw_clock_seconds();
        for (int k = 0; k < 50; k++)
            tw_model_map(m, ws, z, gz, NULL);
        batch[r] = (tw_clock_seconds() - t0) / 50;
    }
    qsort(batch, 21, sizeof *batch, cmp);
    printf("one map evaluation: median %.1f us, minimum %.1f us; per iteration of the "
           "counterfactual %.1f us\n",
           1e6 * batch[10], 1e6 * batch[0], 1e6 * cold[reps / 2] / (it_cold ? it_cold : 1));
    /* What tw_model_solve does before its first iteration, as it does it: the checks, the
     * quota list, the policy in force and the coefficients (median of 21 batches of 10). */
    for (int r = 0; r < 21; r++) {
        t0 = tw_clock_seconds();
        for (int k = 0; k < 10; k++) {
            tw_status vs = tw_policy_validate(m, p, &err);
            if (!vs)
                vs = tw_model_quotas_prepare(m, ws, p);
            tw_in_force *f = vs ? NULL : tw_in_force_create(p, 0);
            if (!f) {
                fprintf(stderr, "setup failed\n");
                return 1;
            }
            tw_in_force_release(f);
            tw_model_coeffs(m, ws, p);
        }
        batch[r] = (tw_clock_seconds() - t0) / 10;
    }
    qsort(batch, 21, sizeof *batch, cmp);
    printf("per-solve setup (checks, quotas, policy in force, coefficients): median %.1f us, "
           "minimum %.1f us\n",
           1e6 * batch[10], 1e6 * batch[0]);
    free(z);
    free(gz);
    tw_workspace_free(ws);
    free(cold);
    free(warm);
    tw_equilibrium_free(eq);
    tw_equilibrium_free(eq2);
    tw_policy_free(p);
    tw_model_free(m);
    tw_world_free(w);
    return 0;
}
