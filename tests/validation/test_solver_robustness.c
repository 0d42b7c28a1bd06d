/* SPDX-License-Identifier: MIT */
/* The solver on large shocks on the default world (icio2022): it must converge from the
 * baseline, to the requested residual, for tariffs of several hundred percent, near-embargoes
 * and embargoes; it must report failure (never a result) where it cannot, and say why. */
#include "test_util.h"

static tw_world *world;

static int load(void **state)
{
    (void)state;
    tw_error err;
    tw_status st = tw_world_load(TW_TEST_SOURCE_DIR "/data/icio2022", NULL, &world, &err);
    tw_test_ok(st, &err, __FILE__, __LINE__);
    return st ? -1 : 0;
}

static int unload(void **state)
{
    (void)state;
    tw_world_free(world);
    return 0;
}

/* Applies `shock` (CSV text) under a closure and returns the solve status. */
static tw_status run(const char *shock, tw_deficit_closure closure, int max_it,
                     tw_solver_report *rep, tw_error *err, double *usa_real_income)
{
    tw_model_options o;
    tw_model_options_init(&o);
    o.deficits = closure;
    if (max_it > 0) /* 0: the default budget */
        o.solver.max_iterations = max_it;
    tw_model *m;
    assert_ok(tw_model_create(world, &o, &m, err), err);
    tw_policy *p;
    assert_ok(tw_policy_create(m, &p), NULL);
    assert_ok(tw_shock_apply_buffer(m, p, "shock.csv", shock, strlen(shock), err), err);
    tw_equilibrium *eq = tw_equilibrium_create(m);
    tw_status st = tw_test_model_solve(m, p, eq, rep, err);
    tw_results *r = tw_results_create(m);
    if (st == TW_OK) {
        assert_true(rep->converged);
        assert_true(rep->residual <= 1e-10);
        assert_true(tw_equilibrium_solved(eq));
        assert_ok(tw_results_compute(m, eq, r), NULL);
        if (usa_real_income)
            *usa_real_income = r->country[tw_world_country_index(world, "USA")].real_income_pct;
    } else {
        /* An unconverged solve is never presented as a result. */
        assert_false(rep->converged);
        assert_false(tw_equilibrium_solved(eq));
        assert_int_equal(tw_results_compute(m, eq, r), TW_ERR_USAGE);
    }
    tw_results_free(r);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    tw_model_free(m);
    return st;
}

static void bilateral_500_percent(void **state)
{
    (void)state;
    tw_solver_report rep;
    tw_error err;
    double usa;
    tw_status st = run("importer,exporter,sector,tariff\nUSA,CHN,*,5\nCHN,USA,*,5\n",
                       TW_DEFICITS_FIXED, 0, &rep, &err, &usa);
    assert_ok(st, &err);
    assert_true(usa < 0);
}

static void near_embargo_and_embargo(void **state)
{
    (void)state;
    tw_solver_report rep;
    tw_error err;
    double near, full;
    assert_ok(run("importer,exporter,sector,tariff,iceberg_hat\nUSA,CHN,*,,1000\nCHN,USA,*,,1000\n",
                  TW_DEFICITS_FIXED, 0, &rep, &err, &near),
              &err);
    assert_ok(run("importer,exporter,sector,tariff,iceberg_hat\nUSA,CHN,*,,inf\nCHN,USA,*,,inf\n",
                  TW_DEFICITS_FIXED, 0, &rep, &err, &full),
              &err);
    /* A near-embargo and an embargo are almost the same policy. */
    assert_close(near, full, 1e-3, "USA real income, near-embargo vs embargo");
    assert_ok(run("importer,exporter,sector,tariff,iceberg_hat\nUSA,*,goods,,inf\n",
                  TW_DEFICITS_FIXED, 0, &rep, &err, NULL),
              &err);
}

static void global_tariff_war(void **state)
{
    (void)state;
    tw_solver_report rep;
    tw_error err;
    assert_ok(run("importer,exporter,sector,tariff\n*,*,*,2\n", TW_DEFICITS_ZERO, 0, &rep, &err,
                  NULL),
              &err);
    assert_ok(run("importer,exporter,sector,tariff\n*,*,*,5\n", TW_DEFICITS_PROPORTIONAL, 0, &rep,
                  &err, NULL),
              &err);
    assert_ok(run("importer,exporter,sector,tariff\n*,*,goods,1\n", TW_DEFICITS_FIXED, 0, &rep,
                  &err, NULL),
              &err);
}

/* With deficits fixed, a 200% tariff on all trade asks Ireland to keep its baseline surplus
 * while its exports collapse: the solver must stop, say so, and return no result. */
static void infeasible_fixed_deficits(void **state)
{
    (void)state;
    tw_solver_report rep;
    tw_error err;
    tw_status st = run("importer,exporter,sector,tariff\n*,*,*,2\n", TW_DEFICITS_FIXED, 10000,
                       &rep, &err, NULL);
    assert_int_equal(st, TW_ERR_NOT_CONVERGED);
    assert_non_null(strstr(err.message, "Try --deficits zero or proportional"));
    assert_true(rep.residual > 1e-10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bilateral_500_percent),
        cmocka_unit_test(near_embargo_and_embargo),
        cmocka_unit_test(global_tariff_war),
        cmocka_unit_test(infeasible_fixed_deficits),
    };
    return cmocka_run_group_tests(tests, load, unload);
}
