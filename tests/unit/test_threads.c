/* SPDX-License-Identifier: MIT */
/* One model shared by several threads, each with its own solver: every solve gives the same
 * bits as solving the same policies one after another (on one reused solver and on fresh
 * ones), and a cancel flag set from another thread stops a solve with TW_ERR_CANCELLED. Run
 * under ThreadSanitizer in CI. */
#include <pthread.h>
#include <stdatomic.h>

#include "test_util.h"

#define NPOL 8
#define NTHREADS 3

typedef struct shared {
    const tw_model *m;
    tw_policy *pol[NPOL];
    tw_equilibrium *eq[NPOL]; /* filled by the threads */
    tw_status st[NPOL];
    atomic_int next; /* the next policy to solve: threads take them in any order */
} shared;

/* Policy k: the cp1993 NAFTA shock, then importer k's tariffs on everyone raised by
 * 2 k points in every sector, so that the policies differ and their solves take different
 * paths. */
static void make_policies(shared *s, const tw_world *w)
{
    tw_error err;
    char shock[1024];
    snprintf(shock, sizeof shock, "%s/data/cp1993/nafta_2005.csv", TW_TEST_SOURCE_DIR);
    tw_dims d = tw_world_dims(w);
    for (int k = 0; k < NPOL; k++) {
        assert_ok(tw_policy_create(s->m, &s->pol[k]), NULL);
        assert_ok(tw_shock_apply_file(s->m, s->pol[k], shock, &err), &err);
        double *t = tw_policy_tariffs(s->pol[k]);
        for (int j = 0; j < d.j; j++)
            for (int i = 0; i < d.n; i++)
                if (i != k)
                    t[tw_ix_nij(d, k, i, j)] += 0.02 * k;
    }
}

static void *worker(void *arg)
{
    shared *s = arg;
    tw_solver *sv;
    tw_error err;
    if (tw_solver_create(s->m, NULL, &sv, &err))
        return NULL; /* the main thread sees the missing results */
    for (int k; (k = atomic_fetch_add(&s->next, 1)) < NPOL;)
        s->st[k] = tw_model_solve(s->m, sv, s->pol[k], s->eq[k], NULL, &err);
    tw_solver_free(sv);
    return NULL;
}

/* Every field of the results of eq, compared bit for bit with those of ref. */
static void assert_same_results(const tw_model *m, const tw_equilibrium *eq,
                                const tw_equilibrium *ref, const char *what, int k)
{
    tw_results *a = tw_results_create(m), *b = tw_results_create(m);
    assert_non_null(a);
    assert_non_null(b);
    assert_ok(tw_results_compute(m, eq, a), NULL);
    assert_ok(tw_results_compute(m, ref, b), NULL);
    tw_dims d = a->d;
    size_t nn = (size_t)d.n * d.n, nj = (size_t)d.n * d.j;
    if (memcmp(a->country, b->country, (size_t)d.n * sizeof *a->country) ||
        memcmp(a->trade, b->trade, nn * sizeof(double)) ||
        memcmp(a->goods, b->goods, nn * sizeof(double)) ||
        memcmp(a->output, b->output, nj * sizeof(double)) ||
        memcmp(a->sector_price_hat, b->sector_price_hat, nj * sizeof(double))) {
        fprintf(stderr, "policy %d: %s differs from the sequential solve\n", k, what);
        fail();
    }
    tw_results_free(a);
    tw_results_free(b);
}

static void test_threads_match_sequential(void **state)
{
    (void)state;
    tw_error err;
    tw_world *w;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/data/cp1993", TW_TEST_SOURCE_DIR);
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    tw_model_options o;
    tw_model_options_init(&o);
    o.deficits = TW_DEFICITS_ZERO;
    tw_model *m;
    assert_ok(tw_model_create(w, &o, &m, &err), &err);
    shared s = {.m = m};
    atomic_init(&s.next, 0);
    make_policies(&s, w);

    /* Sequential references: one solver reused for all policies, and a fresh solver each. */
    tw_equilibrium *reused[NPOL], *fresh[NPOL];
    tw_solver *sv;
    assert_ok(tw_solver_create(m, NULL, &sv, &err), &err);
    for (int k = 0; k < NPOL; k++) {
        reused[k] = tw_equilibrium_create(m);
        fresh[k] = tw_equilibrium_create(m);
        s.eq[k] = tw_equilibrium_create(m);
        assert_ok(tw_model_solve(m, sv, s.pol[k], reused[k], NULL, &err), &err);
        assert_ok(tw_test_model_solve(m, s.pol[k], fresh[k], NULL, &err), &err);
    }
    tw_solver_free(sv);

    pthread_t th[NTHREADS];
    for (int t = 0; t < NTHREADS; t++)
        assert_int_equal(pthread_create(&th[t], NULL, worker, &s), 0);
    for (int t = 0; t < NTHREADS; t++)
        pthread_join(th[t], NULL);

    for (int k = 0; k < NPOL; k++) {
        assert_int_equal(s.st[k], TW_OK);
        assert_true(tw_equilibrium_solved(s.eq[k]));
        assert_same_results(m, fresh[k], reused[k], "a fresh solver", k);
        assert_same_results(m, s.eq[k], reused[k], "a threaded solve", k);
        tw_equilibrium_free(reused[k]);
        tw_equilibrium_free(fresh[k]);
        tw_equilibrium_free(s.eq[k]);
        tw_policy_free(s.pol[k]);
    }
    tw_model_free(m);
    tw_world_free(w);
}

/* --- cancellation from another thread --- */

typedef struct cancel_ctx {
    tw_cancel *flag;
    atomic_int iterations; /* iterations seen by the progress callback */
} cancel_ctx;

static int count_progress(void *ctx, int iteration, double residual)
{
    (void)residual;
    cancel_ctx *c = ctx;
    atomic_store(&c->iterations, iteration + 1);
    return 0;
}

static void *canceller(void *arg)
{
    cancel_ctx *c = arg;
    /* Wait until the solve is under way, then cancel it. */
    while (atomic_load(&c->iterations) < 3)
        sched_yield();
    tw_cancel_set(c->flag);
    return NULL;
}

static void test_cancel_from_another_thread(void **state)
{
    (void)state;
    tw_error err;
    tw_world *w;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/data/cp1993", TW_TEST_SOURCE_DIR);
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    tw_model *m;
    assert_ok(tw_model_create(w, NULL, &m, &err), &err);
    cancel_ctx c = {.flag = tw_cancel_create()};
    assert_non_null(c.flag);
    atomic_init(&c.iterations, 0);
    tw_solver_options so;
    tw_solver_options_init(&so);
    so.cancel = c.flag;
    so.progress = count_progress;
    so.progress_ctx = &c;
    so.tolerance = 1e-14; /* far enough that the solve is still running when cancelled */
    tw_solver *sv;
    assert_ok(tw_solver_create(m, &so, &sv, &err), &err);
    tw_policy *p;
    assert_ok(tw_policy_create(m, &p), NULL);
    /* A large shock: a 100-point tariff by everyone on everyone. */
    double *t = tw_policy_tariffs(p);
    tw_dims d = tw_world_dims(w);
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++)
                if (i != n)
                    t[tw_ix_nij(d, n, i, j)] += 1.0;
    tw_equilibrium *eq = tw_equilibrium_create(m);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, canceller, &c), 0);
    tw_solver_report rep;
    tw_status st = tw_model_solve(m, sv, p, eq, &rep, &err);
    pthread_join(th, NULL);
    assert_int_equal(st, TW_ERR_CANCELLED);
    assert_false(rep.converged);
    assert_false(tw_equilibrium_solved(eq));
    assert_non_null(strstr(err.message, "cancelled"));
    /* Reset, the same solver solves it. */
    tw_cancel_reset(c.flag);
    so.progress = NULL;
    so.tolerance = 1e-10;
    assert_ok(tw_solver_set_options(sv, &so, &err), &err);
    assert_ok(tw_model_solve(m, sv, p, eq, &rep, &err), &err);
    assert_true(rep.converged);
    /* A flag set before the solve stops it at once. */
    tw_cancel_set(c.flag);
    tw_equilibrium *eq2 = tw_equilibrium_create(m);
    assert_int_equal(tw_model_solve(m, sv, p, eq2, &rep, &err), TW_ERR_CANCELLED);
    assert_int_equal(rep.iterations, 0);
    tw_equilibrium_free(eq2);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    tw_solver_free(sv);
    tw_cancel_free(c.flag);
    tw_model_free(m);
    tw_world_free(w);
}

/* A solver made for one model refuses another's; options are checked. */
static void test_solver_contract(void **state)
{
    (void)state;
    tw_error err;
    tw_world *w;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/tests/data/tiny", TW_TEST_SOURCE_DIR);
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    tw_model *m1, *m2;
    assert_ok(tw_model_create(w, NULL, &m1, &err), &err);
    assert_ok(tw_model_create(w, NULL, &m2, &err), &err);
    tw_solver *sv;
    assert_ok(tw_solver_create(m1, NULL, &sv, &err), &err);
    assert_ptr_equal(tw_solver_model(sv), m1);
    tw_policy *p;
    assert_ok(tw_policy_create(m2, &p), NULL);
    tw_equilibrium *eq = tw_equilibrium_create(m2);
    assert_int_equal(tw_model_solve(m2, sv, p, eq, NULL, &err), TW_ERR_USAGE);
    tw_solver_options so;
    tw_solver_options_init(&so);
    so.tolerance = 0.5;
    tw_solver *bad = NULL;
    assert_int_equal(tw_solver_create(m1, &so, &bad, &err), TW_ERR_INPUT);
    assert_string_equal(err.field, "tolerance");
    assert_null(bad);
    tw_solver_options_init(&so);
    so.anderson_depth = 12; /* more memory than the solver was made with */
    assert_int_equal(tw_solver_set_options(sv, &so, &err), TW_ERR_INPUT);
    assert_string_equal(err.field, "anderson_depth");
    tw_solver_free(NULL);
    tw_cancel_free(NULL);
    tw_cancel_set(NULL);
    assert_int_equal(tw_cancel_is_set(NULL), 0);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    tw_solver_free(sv);
    tw_model_free(m1);
    tw_model_free(m2);
    tw_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_match_sequential),
        cmocka_unit_test(test_cancel_from_another_thread),
        cmocka_unit_test(test_solver_contract),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
