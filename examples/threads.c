/* SPDX-License-Identifier: MIT */
/* Two threads solving on one model: the model (world, coefficients, baseline) is shared and
 * read-only; each thread has its own solver. Thread 1 solves NAFTA as Caliendo-Parro (2015),
 * thread 2 NAFTA plus a 20-point US tariff on everyone else, at the same time.
 *
 * Build against an installed tradewar:
 *   cc -std=c17 threads.c $(pkg-config --cflags --libs tradewar) -pthread -o threads
 *   ./threads /usr/local/share/tradewar/cp1993 */
#include <pthread.h>
#include <stdio.h>
#include <tradewar/tradewar.h>

typedef struct job {
    const tw_model *model; /* shared */
    tw_policy *policy;     /* this thread's */
    tw_equilibrium *eq;    /* this thread's */
    tw_status status;
    tw_error err;
} job;

static void *solve(void *arg)
{
    job *jb = arg;
    tw_solver *solver;
    jb->status = tw_solver_create(jb->model, NULL, &solver, &jb->err);
    if (!jb->status)
        jb->status = tw_model_solve(jb->model, solver, jb->policy, jb->eq, NULL, &jb->err);
    tw_solver_free(solver);
    return NULL;
}

static int fail(const tw_error *err)
{
    char msg[2048];
    tw_error_format(err, msg, sizeof msg);
    fprintf(stderr, "threads: %s\n", msg);
    return 1;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "data/cp1993";
    char shock[1024];
    snprintf(shock, sizeof shock, "%s/nafta_2005.csv", dir);
    tw_error err;
    tw_world *world;
    if (tw_world_load(dir, NULL, &world, &err))
        return fail(&err);
    tw_model_options opts;
    tw_model_options_init(&opts);
    opts.deficits = TW_DEFICITS_ZERO;
    tw_model *model;
    if (tw_model_create(world, &opts, &model, &err))
        return fail(&err);
    tw_dims d = tw_world_dims(world);
    int usa = tw_world_country_index(world, "USA");
    job jobs[2];
    for (int k = 0; k < 2; k++) {
        jobs[k] = (job){.model = model, .eq = tw_equilibrium_create(model)};
        if (tw_policy_create(model, &jobs[k].policy) ||
            tw_shock_apply_file(model, jobs[k].policy, shock, &err))
            return fail(&err);
    }
    double *t = tw_policy_tariffs(jobs[1].policy);
    for (int j = 0; j < d.j; j++)
        for (int i = 0; i < d.n; i++)
            if (i != usa)
                t[tw_ix_nij(d, usa, i, j)] += 0.20;
    pthread_t th[2];
    for (int k = 0; k < 2; k++)
        pthread_create(&th[k], NULL, solve, &jobs[k]);
    for (int k = 0; k < 2; k++)
        pthread_join(th[k], NULL);
    tw_results *r = tw_results_create(model);
    for (int k = 0; k < 2; k++) {
        if (jobs[k].status)
            return fail(&jobs[k].err);
        tw_results_compute(model, jobs[k].eq, r);
        const tw_country_result *c = &r->country[usa];
        printf("thread %d: USA real income %+.4f%%, welfare (CP decomposition) %.2f%%\n", k + 1,
               c->real_income_pct, c->welfare_decomp_pct);
        tw_equilibrium_free(jobs[k].eq);
        tw_policy_free(jobs[k].policy);
    }
    tw_results_free(r);
    tw_model_free(model);
    tw_world_free(world);
    return 0;
}
