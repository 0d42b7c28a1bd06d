/* SPDX-License-Identifier: MIT */
/* The library's GMRES (src/solve/gmres.c) on small dense systems with known solutions: a
 * nonsymmetric well-conditioned system, restarts, termination in as many steps as the degree of
 * the minimal polynomial, warm starts, the stopping rule on the true residual, the edge cases
 * (b = 0, a non-finite b, stagnation, the iteration budget, bad arguments). Allocation
 * failures of tw_gmres_create are swept by tests/fault (through solver and game creation). */
#include "test_util.h"

#include "solve/gmres.h"

#define NMAX 40

/* A dense operator; after `switch_after` applications (if > 0) it becomes A + shift I. */
typedef struct dense {
    size_t n;
    double a[NMAX * NMAX]; /* row-major */
    int calls;
    int switch_after;
    double shift;
} dense;

static void dense_apply(void *ctx, const double *v, double *out)
{
    dense *A = ctx;
    double shift = A->switch_after > 0 && A->calls >= A->switch_after ? A->shift : 0.0;
    A->calls++;
    for (size_t r = 0; r < A->n; r++) {
        double s = shift * v[r];
        for (size_t c = 0; c < A->n; c++)
            s += A->a[r * A->n + c] * v[c];
        out[r] = s;
    }
}

/* Deterministic draws in [-1, 1). */
static double draw(int a, int b, int salt) { return 2.0 * tw_test_draw(7, a, b, 0, salt) - 1.0; }

/* A nonsymmetric matrix d I + E, E with entries uniform in [-1, 1) / sqrt(n): E's eigenvalues
 * lie in a disc of radius about 0.58 around 0, so for d >= 2 A is well conditioned and GMRES
 * gains a factor of about 0.3 per step (for d = 2). */
static void well_conditioned(dense *A, size_t n, double d)
{
    memset(A, 0, sizeof *A);
    A->n = n;
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; c < n; c++)
            A->a[r * n + c] = (r == c ? d : 0.0) + draw((int)r, (int)c, 1) / sqrt((double)n);
}

/* b = (A + shift I) x, computed apart from the solver. */
static void product(const dense *A, double shift, const double *x, double *b)
{
    for (size_t r = 0; r < A->n; r++) {
        double s = shift * x[r];
        for (size_t c = 0; c < A->n; c++)
            s += A->a[r * A->n + c] * x[c];
        b[r] = s;
    }
}

/* |b - (A + shift I) x| / |b|. */
static double true_residual(const dense *A, double shift, const double *b, const double *x)
{
    double ax[NMAX], rr = 0.0, bb = 0.0;
    product(A, shift, x, ax);
    for (size_t k = 0; k < A->n; k++) {
        rr += (b[k] - ax[k]) * (b[k] - ax[k]);
        bb += b[k] * b[k];
    }
    return sqrt(rr) / sqrt(bb);
}

static void known_solution(size_t n, double *x)
{
    for (size_t k = 0; k < n; k++)
        x[k] = draw((int)k, 0, 2) + 0.5;
}

static tw_gmres_options options(double tol, int max_iterations)
{
    tw_gmres_options o = {.tolerance = tol, .max_iterations = max_iterations};
    return o;
}

static void nonsymmetric_known_solution(void **state)
{
    (void)state;
    static dense A;
    size_t n = 30;
    well_conditioned(&A, n, 3.0);
    double xs[NMAX], b[NMAX], x[NMAX];
    known_solution(n, xs);
    product(&A, 0.0, xs, b);
    tw_gmres *gm = tw_gmres_create(n, 40);
    assert_non_null(gm);
    assert_int_equal(tw_gmres_restart(gm), 40);
    tw_gmres_options o = options(1e-12, 100);
    tw_gmres_report rep;
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 0, &o, &rep), TW_OK);
    assert_true(rep.converged);
    assert_int_equal(rep.cycles, 1);
    assert_false(rep.estimated);
    assert_true(rep.iterations <= (int)n);
    /* One more application than steps: the true residual after the cycle. */
    assert_int_equal(rep.applications, rep.iterations + 1);
    assert_int_equal(A.calls, rep.applications);
    assert_true(rep.residual <= 1e-12);
    assert_close(rep.residual, true_residual(&A, 0.0, b, x), 1e-15, "reported residual");
    for (size_t k = 0; k < n; k++)
        assert_close(x[k], xs[k], 1e-11, "x[%zu]", k);
    tw_gmres_free(gm);
}

/* A basis of 4 vectors cannot solve the system in one cycle: the solve restarts from the true
 * residual and still reaches the solution. */
static void restarted(void **state)
{
    (void)state;
    static dense A;
    size_t n = 30;
    well_conditioned(&A, n, 2.0);
    double xs[NMAX], b[NMAX], x[NMAX];
    known_solution(n, xs);
    product(&A, 0.0, xs, b);
    tw_gmres *gm = tw_gmres_create(n, 4);
    assert_non_null(gm);
    tw_gmres_options o = options(1e-12, 1000);
    tw_gmres_report rep;
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 0, &o, &rep), TW_OK);
    assert_true(rep.cycles > 1);
    assert_true(rep.iterations > 4);
    assert_true(rep.iterations <= 4 * rep.cycles);
    assert_int_equal(rep.applications, rep.iterations + rep.cycles);
    assert_true(true_residual(&A, 0.0, b, x) <= 1e-12);
    for (size_t k = 0; k < n; k++)
        assert_close(x[k], xs[k], 1e-11, "x[%zu]", k);

    /* The budget of Arnoldi steps is a hard limit, and running out is not convergence. */
    o = options(1e-12, 6);
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 0, &o, &rep),
                     TW_ERR_NOT_CONVERGED);
    assert_int_equal(rep.iterations, 6);
    assert_int_equal(rep.cycles, 2);
    assert_false(rep.converged);
    assert_close(rep.residual, true_residual(&A, 0.0, b, x), 1e-15, "reported residual");

    /* So is a limit on cycles. */
    o = options(1e-12, 1000);
    o.max_cycles = 3;
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 0, &o, &rep),
                     TW_ERR_NOT_CONVERGED);
    assert_int_equal(rep.cycles, 3);
    assert_int_equal(rep.iterations, 12);
    tw_gmres_free(gm);
}

/* In exact arithmetic GMRES ends after as many steps as the degree of the minimal polynomial
 * of A (restricted to b): at most n, and 2 for A = I + u v^T. */
static void exact_in_n_steps(void **state)
{
    (void)state;
    static dense A;
    double xs[NMAX], b[NMAX], x[NMAX];
    size_t n = 7;
    well_conditioned(&A, n, 1.5);
    known_solution(n, xs);
    product(&A, 0.0, xs, b);
    tw_gmres *gm = tw_gmres_create(NMAX, NMAX);
    assert_non_null(gm);
    tw_gmres_options o = options(1e-13, 100);
    tw_gmres_report rep;
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 0, &o, &rep), TW_OK);
    assert_true(rep.iterations <= (int)n);
    assert_int_equal(rep.cycles, 1);
    for (size_t k = 0; k < n; k++)
        assert_close(x[k], xs[k], 1e-9, "x[%zu]", k);

    n = 25;
    memset(&A, 0, sizeof A);
    A.n = n;
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; c < n; c++)
            A.a[r * n + c] = (r == c ? 1.0 : 0.0) + 0.3 * draw((int)r, 0, 3) * draw((int)c, 0, 4);
    known_solution(n, xs);
    product(&A, 0.0, xs, b);
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 0, &o, &rep), TW_OK);
    assert_int_equal(rep.iterations, 2);
    for (size_t k = 0; k < n; k++)
        assert_close(x[k], xs[k], 1e-12, "x[%zu]", k);
    tw_gmres_free(gm);
}

/* A good guess saves steps; a guess worse than zero is dropped, and the solve is then the
 * cold one exactly (plus the application that measured the guess). */
static void warm_start(void **state)
{
    (void)state;
    static dense A;
    size_t n = 30;
    well_conditioned(&A, n, 2.0);
    double xs[NMAX], b[NMAX], cold[NMAX], x[NMAX];
    known_solution(n, xs);
    product(&A, 0.0, xs, b);
    tw_gmres *gm = tw_gmres_create(n, 10);
    assert_non_null(gm);
    tw_gmres_options o = options(1e-12, 1000);
    tw_gmres_report rc, rw;
    for (size_t k = 0; k < n; k++)
        cold[k] = 1e300; /* written, not read, by a cold start */
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, cold, 0, &o, &rc), TW_OK);

    for (size_t k = 0; k < n; k++)
        x[k] = xs[k] * (1.0 + 1e-6 * draw((int)k, 1, 5));
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 1, &o, &rw), TW_OK);
    assert_true(rw.iterations < rc.iterations);
    assert_true(true_residual(&A, 0.0, b, x) <= 1e-12);

    /* The exact solution as the guess: nothing to do but measure it. */
    memcpy(x, xs, n * sizeof *x);
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 1, &o, &rw), TW_OK);
    assert_int_equal(rw.iterations, 0);
    assert_int_equal(rw.applications, 1);

    for (size_t k = 0; k < n; k++)
        x[k] = 1e3 * draw((int)k, 2, 6);
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 1, &o, &rw), TW_OK);
    assert_int_equal(rw.iterations, rc.iterations);
    assert_int_equal(rw.applications, rc.applications + 1);
    assert_memory_equal(x, cold, n * sizeof *x);

    x[0] = NAN;
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 1, &o, &rw), TW_OK);
    assert_memory_equal(x, cold, n * sizeof *x);
    tw_gmres_free(gm);
}

/* Convergence is decided on the true residual, not the Arnoldi estimate: the operator changes
 * (A becomes A + I) after the first cycle's basis is built, so that cycle's estimate says
 * "converged" for A; the measured residual says otherwise and the solve goes on until
 * (A + I) x = b. With estimate_last and one cycle, the estimate is reported, and marked so. */
static void stops_on_true_residual(void **state)
{
    (void)state;
    static dense A;
    size_t n = 20;
    double xs[NMAX], b[NMAX], x[NMAX];
    tw_gmres *gm = tw_gmres_create(n, (int)n);
    assert_non_null(gm);
    tw_gmres_options o = options(1e-10, 1000);
    tw_gmres_report rep;

    well_conditioned(&A, n, 3.0);
    known_solution(n, xs);
    product(&A, 0.0, xs, b);
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 0, &o, &rep), TW_OK);
    int steps = rep.iterations; /* a cycle converging for A */
    assert_int_equal(rep.cycles, 1);

    A.calls = 0;
    A.switch_after = steps;
    A.shift = 1.0;
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 0, &o, &rep), TW_OK);
    assert_true(rep.cycles >= 2);
    assert_true(rep.iterations > steps);
    assert_false(rep.estimated);
    assert_true(true_residual(&A, 1.0, b, x) <= 1e-10);
    assert_close(rep.residual, true_residual(&A, 1.0, b, x), 1e-15, "reported residual");
    assert_true(true_residual(&A, 0.0, b, x) > 1e-3); /* not the solution for A */

    A.calls = 0;
    o.max_cycles = 1;
    o.estimate_last = 1;
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 0, &o, &rep), TW_OK);
    assert_true(rep.estimated);
    assert_int_equal(rep.iterations, steps);
    assert_int_equal(rep.applications, steps); /* no measurement */
    assert_true(rep.residual <= 1e-10);
    assert_true(true_residual(&A, 0.0, b, x) <= 1e-9);

    /* Without estimate_last the one cycle is measured, and found wanting. */
    A.calls = 0;
    o.estimate_last = 0;
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 0, &o, &rep),
                     TW_ERR_NOT_CONVERGED);
    assert_int_equal(rep.applications, steps + 1);
    assert_close(rep.residual, true_residual(&A, 1.0, b, x), 1e-15, "measured residual");
    tw_gmres_free(gm);
}

/* b = 0 gives x = 0 at once; a non-finite b is a numerical failure; a singular system whose b
 * is not in the range stagnates and stops with the least-squares iterate; bad arguments are
 * refused without touching x. */
static void edge_cases(void **state)
{
    (void)state;
    static dense A;
    size_t n = 10;
    well_conditioned(&A, n, 3.0);
    double b[NMAX] = {0}, x[NMAX];
    tw_gmres *gm = tw_gmres_create(n, 5);
    assert_non_null(gm);
    tw_gmres_options o = options(1e-12, 100);
    tw_gmres_report rep;
    for (size_t k = 0; k < n; k++)
        x[k] = 1.0;
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 1, &o, &rep), TW_OK);
    assert_true(rep.converged);
    assert_int_equal(rep.applications, 0);
    assert_true(rep.residual == 0.0);
    for (size_t k = 0; k < n; k++)
        assert_true(x[k] == 0.0);

    b[3] = INFINITY;
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 0, &o, &rep), TW_ERR_NUMERIC);
    assert_false(rep.converged);
    assert_true(rep.residual == INFINITY);

    /* A = diag(1, ..., 1, 0) and b = e_n: no x does better than x = 0, residual 1. */
    memset(&A, 0, sizeof A);
    A.n = n;
    for (size_t k = 0; k + 1 < n; k++)
        A.a[k * n + k] = 1.0;
    memset(b, 0, sizeof b);
    b[n - 1] = 1.0;
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 0, &o, &rep),
                     TW_ERR_NOT_CONVERGED);
    assert_true(rep.iterations < 100);
    assert_close(rep.residual, 1.0, 1e-12, "residual of a stagnating solve");

    for (size_t k = 0; k < n; k++)
        x[k] = 5.0;
    assert_int_equal(tw_gmres_solve(gm, n + 1, dense_apply, &A, b, x, 0, &o, &rep), TW_ERR_USAGE);
    assert_int_equal(tw_gmres_solve(gm, 0, dense_apply, &A, b, x, 0, &o, &rep), TW_ERR_USAGE);
    assert_int_equal(tw_gmres_solve(gm, n, NULL, &A, b, x, 0, &o, &rep), TW_ERR_USAGE);
    o.tolerance = 0.0;
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 0, &o, &rep), TW_ERR_USAGE);
    o = options(1e-12, 0);
    assert_int_equal(tw_gmres_solve(gm, n, dense_apply, &A, b, x, 0, &o, &rep), TW_ERR_USAGE);
    for (size_t k = 0; k < n; k++)
        assert_true(x[k] == 5.0);
    assert_null(tw_gmres_create(0, 5));
    assert_null(tw_gmres_create(5, 0));
    tw_gmres_free(NULL);
    tw_gmres_free(gm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nonsymmetric_known_solution),
        cmocka_unit_test(restarted),
        cmocka_unit_test(exact_in_n_steps),
        cmocka_unit_test(warm_start),
        cmocka_unit_test(stops_on_true_residual),
        cmocka_unit_test(edge_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
