/* SPDX-License-Identifier: MIT */
/* The iteration budget adapts to progress (docs/model.md, "Iteration budget"): solvable
 * problems that need more than the nominal budget converge with the default options, and a
 * solve that cannot make progress still stops. */
#include "test_util.h"

/* Solves policy p (from the baseline) with the model's default solver options. */
static tw_status solve(const tw_model *m, const tw_policy *p, tw_solver_report *rep,
                       tw_error *err)
{
    tw_equilibrium *eq = tw_equilibrium_create(m);
    assert_non_null(eq);
    tw_status st = tw_test_model_solve(m, p, eq, rep, err);
    tw_equilibrium_free(eq);
    return st;
}

/* Random 7 x 3 world (seed 113) under balanced trade, every tariff raised by 1000 points:
 * continuation needs about 67,000 iterations, more than three times the default budget of
 * 20,000, and makes steady progress all along. */
static void random_world_past_the_budget(void **state)
{
    (void)state;
    char dir[256];
    tw_test_tmpdir(dir, sizeof dir);
    tw_test_random_world(dir, 7, 3, 113, 1, 0);
    tw_world *w;
    tw_error err;
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    tw_model_options o;
    tw_model_options_init(&o);
    o.deficits = TW_DEFICITS_ZERO;
    tw_model *m;
    assert_ok(tw_model_create(w, &o, &m, &err), &err);
    tw_policy *p;
    assert_ok(tw_policy_create(m, &p), NULL);
    tw_dims d = tw_world_dims(w);
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++)
                if (n != i)
                    tw_policy_tariffs(p)[tw_ix_nij(d, n, i, j)] += 10.0;
    tw_solver_report rep;
    assert_ok(solve(m, p, &rep, &err), &err);
    assert_true(rep.converged);
    assert_true(rep.residual <= 1e-10);
    assert_true(rep.iterations > o.solver.max_iterations);
    assert_true(rep.iterations <= 10 * o.solver.max_iterations);
    tw_policy_free(p);
    tw_model_free(m);
    tw_world_free(w);
    tw_test_rmdir(dir);
}

/* A sparse ring of n countries with one goods sector: each sells only to itself and its two
 * neighbours, so a shock travels around the ring slowly and the iteration contracts slowly. */
static void write_ring(const char *dir, int n)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/countries.csv", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "code,name\n");
    for (int a = 0; a < n; a++)
        fprintf(f, "C%d,Country %d\n", a, a);
    fclose(f);
    tw_test_write(dir, "sectors.csv", "code,name,theta,goods\nG,Goods,5,1\n");
    tw_test_write(dir, "tariffs.csv", "importer,exporter,sector,rate\n");
    snprintf(path, sizeof path, "%s/flows.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "exporter,importer,sector,value\n");
    for (int a = 0; a < n; a++) {
        double size = 1.0 + 0.5 * (a % 7);
        fprintf(f, "C%d,C%d,G,%g\n", a, a, 20.0 * size);
        fprintf(f, "C%d,C%d,G,%g\n", a, (a + 1) % n, 2.0 * size);
        fprintf(f, "C%d,C%d,G,%g\n", a, (a + n - 1) % n, 1.5 * size);
    }
    fclose(f);
}

/* A ring of 500 countries and one 50% tariff: the plain iteration converges slowly but
 * steadily (about 10,000 iterations); it once stalled and gave up. */
static void ring_of_500_countries(void **state)
{
    (void)state;
    char dir[256];
    tw_test_tmpdir(dir, sizeof dir);
    write_ring(dir, 500);
    tw_world *w;
    tw_error err;
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    tw_model *m;
    assert_ok(tw_model_create(w, NULL, &m, &err), &err);
    tw_policy *p;
    assert_ok(tw_policy_create(m, &p), NULL);
    tw_dims d = tw_world_dims(w);
    tw_policy_tariffs(p)[tw_ix_nij(d, 0, 1, 0)] = 0.5;
    tw_solver_report rep;
    assert_ok(solve(m, p, &rep, &err), &err);
    assert_true(rep.converged);
    assert_true(rep.residual <= 1e-10);
    tw_policy_free(p);
    tw_model_free(m);
    tw_world_free(w);
    tw_test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_world_past_the_budget),
        cmocka_unit_test(ring_of_500_countries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
