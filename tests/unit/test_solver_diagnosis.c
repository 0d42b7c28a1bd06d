/* SPDX-License-Identifier: MIT */
/* Solves without an equilibrium are diagnosed: under every closure the message names the
 * country and the reason, and policies (or baselines) that cannot have an equilibrium are
 * refused before iterating. */
#include "test_util.h"

/* Writes a world into a fresh directory: three countries, two sectors, input-output links;
 * `flows` is the flows file's text. */
static void write_world(char *dir, size_t size, const char *flows)
{
    tw_test_tmpdir(dir, size);
    tw_test_write(dir, "countries.csv", "code,name\nA,Alpha\nB,Beta\nC,Gamma\n");
    tw_test_write(dir, "sectors.csv", "code,name,theta,goods\nG,Goods,4,1\nS,Services,5,0\n");
    tw_test_write(dir, "flows.csv", flows);
    tw_test_write(dir, "tariffs.csv", "importer,exporter,sector,rate\n");
    tw_test_write(dir, "value_added.csv", "country,sector,share\nA,G,0.6\nA,S,0.7\nB,G,0.5\n"
                                          "B,S,0.8\nC,G,0.6\nC,S,0.7\n");
    tw_test_write(dir, "io.csv", "country,input_sector,using_sector,share\nA,G,G,0.2\n"
                                 "A,S,G,0.2\nA,G,S,0.1\nA,S,S,0.2\nB,G,G,0.25\nB,S,G,0.25\n"
                                 "B,G,S,0.1\nB,S,S,0.1\nC,G,G,0.2\nC,S,G,0.2\nC,G,S,0.1\n"
                                 "C,S,S,0.2\n");
}

static const char *const BALANCED = "exporter,importer,sector,value\nA,A,G,10\nA,B,G,2\nB,A,G,2\n"
                                    "B,B,G,12\nA,C,G,1\nC,A,G,1\nC,C,G,9\nA,A,S,20\nB,B,S,25\n"
                                    "C,C,S,15\n";

/* A zero-deficit baseline for a country that exports nothing but imports: no equilibrium, said
 * before iterating. */
static void balanced_baseline_without_exports(void **state)
{
    (void)state;
    char dir[256];
    write_world(dir, sizeof dir, "exporter,importer,sector,value\nA,A,G,10\nA,B,G,2\nB,A,G,3\n"
                                 "B,B,G,12\nA,C,G,2\nC,C,G,9\nA,A,S,20\nB,B,S,25\nC,C,S,15\n");
    tw_world *w;
    tw_error err;
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    tw_model_options o;
    tw_model_options_init(&o);
    o.deficits = TW_DEFICITS_ZERO;
    tw_model *m = NULL;
    assert_int_equal(tw_model_create(w, &o, &m, &err), TW_ERR_NOT_CONVERGED);
    assert_null(m);
    assert_string_equal(err.field, "baseline");
    assert_non_null(strstr(err.message, "no equilibrium: with balanced trade (deficits zero) C "
                                        "must pay for its imports with its exports, but in the "
                                        "data it can import and cannot export"));
    assert_non_null(strstr(err.message, "nothing was iterated"));
    /* With its deficit fixed at the data's value, the same world is fine. */
    assert_ok(tw_model_create(w, NULL, &m, &err), &err);
    tw_model_free(m);
    tw_world_free(w);
    tw_test_rmdir(dir);
}

/* Solves p (built by `build` on the model) under closure; returns the status, err the message,
 * *iterations the iterations used. */
static tw_status solve(const char *flows, tw_deficit_closure closure,
                       void (*build)(const tw_model *, tw_policy *), tw_error *err,
                       int *iterations)
{
    char dir[256];
    write_world(dir, sizeof dir, flows);
    tw_world *w;
    assert_ok(tw_world_load(dir, NULL, &w, err), err);
    tw_model_options o;
    tw_model_options_init(&o);
    o.deficits = closure;
    tw_model *m;
    assert_ok(tw_model_create(w, &o, &m, err), err);
    tw_policy *p;
    assert_ok(tw_policy_create(m, &p), NULL);
    build(m, p);
    tw_equilibrium *eq = tw_equilibrium_create(m);
    tw_solver_report rep;
    tw_status st = tw_test_model_solve(m, p, eq, &rep, err);
    *iterations = rep.iterations;
    if (st)
        assert_false(tw_equilibrium_solved(eq));
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    tw_model_free(m);
    tw_world_free(w);
    tw_test_rmdir(dir);
    return st;
}

/* A's imports from everyone embargoed; A still sells abroad. */
static void embargo_imports_of_a(const tw_model *m, tw_policy *p)
{
    tw_dims d = tw_world_dims(tw_model_world(m));
    for (int j = 0; j < d.j; j++)
        for (int i = 1; i < d.n; i++)
            tw_policy_iceberg_hat(p)[tw_ix_nij(d, 0, i, j)] = INFINITY;
}

/* A 99% subsidy on A's imports: its income cannot pay for them. */
static void subsidise_imports_of_a(const tw_model *m, tw_policy *p)
{
    tw_dims d = tw_world_dims(tw_model_world(m));
    for (int j = 0; j < d.j; j++)
        for (int i = 1; i < d.n; i++)
            tw_policy_tariffs(p)[tw_ix_nij(d, 0, i, j)] = -0.99;
}

static void balanced_trade_cut_off_imports(void **state)
{
    (void)state;
    tw_error err;
    int it;
    assert_int_equal(solve(BALANCED, TW_DEFICITS_ZERO, embargo_imports_of_a, &err, &it),
                     TW_ERR_NOT_CONVERGED);
    assert_non_null(strstr(err.message, "no equilibrium: with balanced trade (deficits zero) A "
                                        "must pay for its imports with its exports, but under "
                                        "this policy it can export and cannot import"));
    assert_int_equal(it, 0);
}

static void proportional_cut_off_imports(void **state)
{
    (void)state;
    tw_error err;
    int it;
    /* A runs a deficit (it buys 3 from B, sells 2), held as a share of its value added. */
    const char *flows = "exporter,importer,sector,value\nA,A,G,10\nA,B,G,2\nB,A,G,3\n"
                        "B,B,G,12\nA,C,G,1\nC,A,G,1\nC,C,G,9\nA,A,S,20\nB,B,S,25\nC,C,S,15\n";
    assert_int_equal(solve(flows, TW_DEFICITS_PROPORTIONAL, embargo_imports_of_a, &err, &it),
                     TW_ERR_NOT_CONVERGED);
    assert_non_null(strstr(err.message, "A can export but not import under this policy"));
    assert_non_null(strstr(err.message, "with deficits proportional"));
}

static void subsidies_under_zero_and_proportional(void **state)
{
    (void)state;
    tw_deficit_closure closures[] = {TW_DEFICITS_ZERO, TW_DEFICITS_PROPORTIONAL};
    const char *names[] = {"(deficits zero)", "(deficits proportional)"};
    for (int k = 0; k < 2; k++) {
        tw_error err;
        int it;
        assert_int_equal(solve(BALANCED, closures[k], subsidise_imports_of_a, &err, &it),
                         TW_ERR_NOT_CONVERGED);
        if (!strstr(err.message, "A's spending had fallen to") ||
            !strstr(err.message, names[k]) ||
            !strstr(err.message, "Check A's import subsidies and export subsidies")) {
            fprintf(stderr, "closure %d: %s\n", (int)closures[k], err.message);
            fail();
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(balanced_baseline_without_exports),
        cmocka_unit_test(balanced_trade_cut_off_imports),
        cmocka_unit_test(proportional_cut_off_imports),
        cmocka_unit_test(subsidies_under_zero_and_proportional),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
