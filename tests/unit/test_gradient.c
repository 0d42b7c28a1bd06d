/* SPDX-License-Identifier: MIT */
/* Exact payoff gradients (adjoint / implicit-function theorem) against central finite
 * differences of re-solved equilibria, on small random worlds with fixed seeds. */
#include "test_util.h"

typedef struct fixture {
    char dir[256];
    tw_world *w;
    tw_model *m;
    tw_game *g;
    tw_policy *p, *q;
    tw_equilibrium *eq, *eq2;
} fixture;

static void setup(fixture *f, int n, int j, uint64_t seed, int io, tw_deficit_closure closure)
{
    tw_error err;
    memset(f, 0, sizeof *f);
    tw_test_tmpdir(f->dir, sizeof f->dir);
    tw_test_random_world(f->dir, n, j, seed, io, 0);
    assert_ok(tw_world_load(f->dir, NULL, &f->w, &err), &err);
    tw_solver_options so = {.deficits = closure, .tolerance = 1e-13};
    assert_ok(tw_model_create(f->w, &so, &f->m, &err), &err);
    assert_ok(tw_game_create(f->m, NULL, &f->g, &err), &err);
    assert_ok(tw_policy_create(f->m, &f->p), NULL);
    assert_ok(tw_policy_create(f->m, &f->q), NULL);
    f->eq = tw_equilibrium_create(f->m);
    f->eq2 = tw_equilibrium_create(f->m);
    /* Move away from the baseline so that the gradient is taken at a non-trivial point. */
    tw_dims d = tw_world_dims(f->w);
    double *t = tw_policy_tariffs(f->p);
    for (int s = 0; s < d.j; s++)
        for (int a = 0; a < d.n; a++)
            for (int b = 0; b < d.n; b++)
                if (a != b)
                    t[tw_ix_nij(d, a, b, s)] += 0.2 * tw_test_draw(seed, a, b, s, 11);
    assert_ok(tw_model_solve(f->m, f->p, f->eq, NULL, &err), &err);
}

static void teardown(fixture *f)
{
    tw_equilibrium_free(f->eq);
    tw_equilibrium_free(f->eq2);
    tw_policy_free(f->p);
    tw_policy_free(f->q);
    tw_game_free(f->g);
    tw_model_free(f->m);
    tw_world_free(f->w);
    tw_test_rmdir(f->dir);
}

static double payoff_at(fixture *f, size_t at, double t, const tw_objective *obj)
{
    tw_error err;
    tw_policy_copy(f->q, f->p);
    tw_policy_tariffs(f->q)[at] = t;
    tw_equilibrium_copy(f->eq2, f->eq);
    assert_ok(tw_model_solve(f->m, f->q, f->eq2, NULL, &err), &err);
    return tw_objective_value(f->m, f->eq2, obj);
}

/* Every tariff entry of the world: the adjoint gradient matches (W(t+h) - W(t-h)) / 2h. The
 * difference quotient's error is O(h^2 W''') + O(solver tolerance / h), about 1e-9 here. */
static void check_all_entries(fixture *f, const tw_objective *obj)
{
    tw_error err;
    tw_dims d = tw_world_dims(f->w);
    size_t nij = (size_t)d.n * d.n * d.j;
    double *grad = calloc(nij, sizeof *grad);
    tw_adjoint_report rep;
    double value;
    assert_ok(tw_game_gradient(f->g, f->p, f->eq, obj, &value, grad, &rep, &err), &err);
    assert_true(rep.converged);
    assert_close(value, tw_objective_value(f->m, f->eq, obj), 1e-15, "payoff value");
    double gmax = 0.0;
    for (size_t k = 0; k < nij; k++)
        gmax = fmax(gmax, fabs(grad[k]));
    assert_true(gmax > 1e-4);
    const double h = 1e-5;
    const double *t = tw_policy_tariffs_const(f->p);
    for (int s = 0; s < d.j; s++)
        for (int a = 0; a < d.n; a++)
            for (int b = 0; b < d.n; b++) {
                if (a == b)
                    continue;
                size_t at = tw_ix_nij(d, a, b, s);
                double fd = (payoff_at(f, at, t[at] + h, obj) - payoff_at(f, at, t[at] - h, obj)) /
                            (2 * h);
                assert_close(grad[at], fd, 1e-7 + 1e-6 * fabs(fd),
                             "dW_%d/dt[sector %d][importer %d][exporter %d]", obj->country, s, a,
                             b);
            }
    free(grad);
}

static void test_gradient_io_fixed(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 4, 3, 101, 1, TW_DEFICITS_FIXED);
    for (int c = 0; c < 4; c++) {
        tw_objective obj = {.country = c};
        check_all_entries(&f, &obj);
    }
    teardown(&f);
}

static void test_gradient_no_io_zero_deficits(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 3, 2, 202, 0, TW_DEFICITS_ZERO);
    tw_objective obj = {.country = 1};
    check_all_entries(&f, &obj);
    teardown(&f);
}

static void test_gradient_proportional(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 3, 3, 303, 1, TW_DEFICITS_PROPORTIONAL);
    tw_objective obj = {.country = 2};
    check_all_entries(&f, &obj);
    teardown(&f);
}

static void test_gradient_sector_weights(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 3, 3, 404, 1, TW_DEFICITS_FIXED);
    double weights[3] = {0.0, 0.7, 0.2};
    tw_objective obj = {.country = 0, .sector_weights = weights};
    check_all_entries(&f, &obj);
    teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradient_io_fixed),
        cmocka_unit_test(test_gradient_no_io_zero_deficits),
        cmocka_unit_test(test_gradient_proportional),
        cmocka_unit_test(test_gradient_sector_weights),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
