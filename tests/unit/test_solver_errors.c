/* SPDX-License-Identifier: MIT */
/* The solver's error exits, each provoked on a two-country world with input-output links:
 * negative final spending, a non-finite value, a baseline that fails, and cancellation. Every
 * failed solve must leave the equilibrium unsolved and report not converged. */
#include "test_util.h"

static char dir[256];
static tw_world *world;

static int setup(void **state)
{
    (void)state;
    tw_test_tmpdir(dir, sizeof dir);
    tw_test_write(dir, "countries.csv", "code,name\nA,Alpha\nB,Beta\n");
    tw_test_write(dir, "sectors.csv", "code,name,theta,goods\nG,Goods,4,1\nS,Services,5,0\n");
    tw_test_write(dir, "flows.csv", "exporter,importer,sector,value\nA,A,G,10\nA,B,G,2\n"
                                    "B,A,G,3\nB,B,G,12\nA,A,S,20\nB,B,S,25\nA,B,S,1\n");
    tw_test_write(dir, "tariffs.csv", "importer,exporter,sector,rate\nA,B,G,0.1\n");
    tw_test_write(dir, "value_added.csv",
                  "country,sector,share\nA,G,0.6\nA,S,0.7\nB,G,0.5\nB,S,0.8\n");
    tw_test_write(dir, "io.csv", "country,input_sector,using_sector,share\nA,G,G,0.2\n"
                                 "A,S,G,0.2\nA,G,S,0.1\nA,S,S,0.2\nB,G,G,0.25\nB,S,G,0.25\n"
                                 "B,G,S,0.1\nB,S,S,0.1\n");
    tw_error err;
    tw_status st = tw_world_load(dir, NULL, &world, &err);
    tw_test_ok(st, &err, __FILE__, __LINE__);
    return st ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    tw_world_free(world);
    tw_test_rmdir(dir);
    return 0;
}

/* Sets every foreign entry of instrument `arr` for importer n (exporter n if by_exporter) to v. */
static void set_all(const tw_model *m, double *arr, int n, int by_exporter, double v)
{
    tw_dims d = tw_world_dims(tw_model_world(m));
    for (int j = 0; j < d.j; j++)
        for (int a = 0; a < d.n; a++)
            if (a != n)
                arr[by_exporter ? tw_ix_nij(d, a, n, j) : tw_ix_nij(d, n, a, j)] = v;
}

/* Solves p on m with solver options so (NULL: the model's), checks that a failure is reported
 * as such, and returns the status; err holds the message. */
static tw_status solve(const tw_model *m, const tw_policy *p, const tw_solver_options *so,
                       tw_solver_report *rep, tw_error *err)
{
    tw_solver *s;
    assert_ok(tw_solver_create(m, so, &s, err), err);
    tw_equilibrium *eq = tw_equilibrium_create(m);
    assert_non_null(eq);
    memset(rep, 0, sizeof *rep);
    tw_status st = tw_model_solve(m, s, p, eq, rep, err);
    if (st) {
        assert_int_equal(err->status, st);
        assert_false(rep->converged);
        assert_false(tw_equilibrium_solved(eq));
        tw_results *r = tw_results_create(m);
        assert_int_equal(tw_results_compute(m, eq, r), TW_ERR_USAGE);
        tw_results_free(r);
    }
    tw_equilibrium_free(eq);
    tw_solver_free(s);
    return st;
}

/* A 90% subsidy on A's imports: the subsidy on imported inputs is paid out of A's income, and
 * the equations solve with negative final spending for A, which is not an economy. */
static void negative_final_spending(void **state)
{
    (void)state;
    tw_model *m;
    tw_error err;
    assert_ok(tw_model_create(world, NULL, &m, &err), &err);
    tw_policy *p;
    assert_ok(tw_policy_create(m, &p), NULL);
    set_all(m, tw_policy_tariffs(p), 0, 0, -0.9);
    tw_solver_report rep;
    assert_int_equal(solve(m, p, NULL, &rep, &err), TW_ERR_NOT_CONVERGED);
    assert_non_null(strstr(err.message, "no valid equilibrium: the equations solve with negative "
                                        "final spending for A"));
    assert_non_null(strstr(err.message, "its import and export subsidies cost "));
    /* The equations themselves were solved: the residual is small, the point is invalid. */
    assert_true(rep.residual <= 1e-10);
    tw_policy_free(p);
    tw_model_free(m);
}

/* Trade costs of A's imports cut by a factor 1e300 overflow the price indices. */
static void non_finite_values(void **state)
{
    (void)state;
    tw_model *m;
    tw_error err;
    assert_ok(tw_model_create(world, NULL, &m, &err), &err);
    tw_policy *p;
    assert_ok(tw_policy_create(m, &p), NULL);
    set_all(m, tw_policy_iceberg_hat(p), 0, 0, 1e-300);
    tw_solver_report rep;
    assert_int_equal(solve(m, p, NULL, &rep, &err), TW_ERR_NUMERIC);
    assert_non_null(strstr(err.message, "non-finite value"));
    assert_false(isfinite(rep.residual));
    tw_policy_free(p);
    tw_model_free(m);
}

/* The zero-deficit baseline has to be solved; with a budget of one iteration it fails (the
 * budget is not extended: there is no rate of progress yet to extend it on), and the error names the baseline. */
static void baseline_failure(void **state)
{
    (void)state;
    tw_model_options o;
    tw_model_options_init(&o);
    o.deficits = TW_DEFICITS_ZERO;
    o.solver.max_iterations = 1;
    tw_model *m = NULL;
    tw_error err;
    /* The tiny world has trade deficits, so its zero-deficit baseline differs from the data. */
    tw_world *tiny;
    assert_ok(tw_world_load(TW_TEST_SOURCE_DIR "/tests/data/tiny", NULL, &tiny, &err), &err);
    assert_int_equal(tw_model_create(tiny, &o, &m, &err), TW_ERR_NOT_CONVERGED);
    assert_null(m);
    assert_int_equal(err.status, TW_ERR_NOT_CONVERGED);
    assert_string_equal(err.field, "baseline");
    assert_non_null(strstr(err.message, "above the tolerance"));
    /* The same model with the default budget is fine. */
    tw_model_options_init(&o);
    o.deficits = TW_DEFICITS_ZERO;
    assert_ok(tw_model_create(tiny, &o, &m, &err), &err);
    assert_true(tw_model_baseline_report(m).iterations > 1);
    tw_model_free(m);
    tw_world_free(tiny);
}

/* A cancel flag set before the solve stops it at its first poll; reset, the same solver
 * converges. */
static void cancelled_by_flag(void **state)
{
    (void)state;
    tw_model *m;
    tw_error err;
    assert_ok(tw_model_create(world, NULL, &m, &err), &err);
    tw_policy *p;
    assert_ok(tw_policy_create(m, &p), NULL);
    set_all(m, tw_policy_tariffs(p), 1, 0, 0.5);
    tw_cancel *flag = tw_cancel_create();
    assert_non_null(flag);
    tw_solver_options so = tw_model_get_options(m).solver;
    so.cancel = flag;
    tw_cancel_set(flag);
    tw_solver_report rep;
    assert_int_equal(solve(m, p, &so, &rep, &err), TW_ERR_CANCELLED);
    assert_non_null(strstr(err.message, "cancelled"));
    assert_true(rep.iterations <= 1);
    tw_cancel_reset(flag);
    assert_ok(solve(m, p, &so, &rep, &err), &err);
    assert_true(rep.converged);
    tw_cancel_free(flag);
    tw_policy_free(p);
    tw_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(negative_final_spending),
        cmocka_unit_test(non_finite_values),
        cmocka_unit_test(baseline_failure),
        cmocka_unit_test(cancelled_by_flag),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
