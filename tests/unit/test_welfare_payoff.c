/* SPDX-License-Identifier: MIT */
/* The welfare payoff of the strategy layer (src/strategy/welfare_payoff.c, docs/model.md §2c
 * "Welfare as a payoff"): its value is ln W_hat of eq. (L7) (welfare_pct); its adjoint
 * gradient matches central differences of re-solved equilibria for every tariff, every
 * payoff country and every revenue use; the optimal uniform tariff of a two-country world
 * is the closed form t = 1 / (theta lambda_FF) without labour supply, and a verified optimum
 * with it;
 * the payoff options choose the payoff and refuse welfare with political economy.
 *
 * Tolerances. Differences: h = 1e-5 in the tariff level, truncation O(h^2 W''') ~ 1e-10 and
 * the solves' rounding O(1e-12 / h) ~ 1e-7 at most: 1e-7 + 1e-6 |fd| as tests/unit/
 * test_gradient.c. Closed form: the optimiser stops at a payoff derivative below 1e-9 (kkt
 * tolerance), which moves the optimum by at most that over the curvature (order 0.1): 1e-6
 * in the tariff rate. */
#include "game_test.h"

#include "model/liberation.h"
#include "strategy/welfare_payoff.h"

typedef tw_test_game fixture;

/* A four-country world with J sectors (input-output links and sector-level scale elasticities
 * when J > 1: docs/model.md §2c for many sectors). */
static void setup_sectors(fixture *f, uint64_t seed, int use, int payoff, int J)
{
    tw_error err;
    memset(f, 0, sizeof *f);
    tw_test_tmpdir(f->dir, sizeof f->dir);
    tw_test_random_world(f->dir, 4, J, seed, J > 1, 0);
    tw_test_write(f->dir, "blocks.csv", TW_TEST_BLOCKS4);
    if (J > 1)
        tw_test_write(f->dir, "scale_elasticities.csv",
                      "country,sector,scale_elasticity\n*,S0,0.03\nC2,S1,0.05\n");
    assert_ok(tw_world_load(f->dir, NULL, &f->w, &err), &err);
    tw_model_options o = tw_test_model_options(TW_DEFICITS_FIXED, 1e-13);
    o.revenue_use = use;
    o.payoff = payoff;
    assert_ok(tw_model_create(f->w, &o, &f->m, &err), &err);
    tw_dims d = tw_world_dims(f->w);
    assert_ok(tw_policy_create(f->m, &f->p), NULL);
    assert_ok(tw_policy_create(f->m, &f->q), NULL);
    double *t = tw_policy_tariffs(f->p);
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++)
                if (i != n)
                    t[tw_ix_nij(d, n, i, j)] = 0.05 + 0.4 * tw_test_draw(seed, n, i, j, 31);
    f->eq = tw_equilibrium_create(f->m);
    f->eq2 = tw_equilibrium_create(f->m);
    assert_ok(tw_test_model_solve(f->m, f->p, f->eq, NULL, &err), &err);
    assert_ok(tw_game_create(f->m, NULL, &f->g, &err), &err);
}

static void setup(fixture *f, uint64_t seed, int use, int payoff)
{
    setup_sectors(f, seed, use, payoff, 1);
}

static void teardown(fixture *f) { tw_test_game_teardown(f); }

/* Every tariff entry, payoff countries 0, 1 and 3 (labour tax, lump sum, labour tax), with
 * difference step h (tests/game_test.h). */
static void check_gradient_h(fixture *f, double h)
{
    tw_dims d = tw_world_dims(f->w);
    size_t nij = (size_t)d.n * d.n * d.j;
    double *grad = calloc(nij, sizeof *grad);
    assert_non_null(grad);
    const int who[] = {0, 1, 3};
    for (int k = 0; k < 3; k++) {
        tw_objective obj = {.country = who[k]};
        tw_error err;
        double value;
        assert_ok(tw_game_gradient(f->g, f->p, f->eq, &obj, &value, grad, NULL, &err), &err);
        tw_test_game_check_fd_h(f, &obj, grad, h);
    }
    free(grad);
}

static void check_gradient(fixture *f) { check_gradient_h(f, 1e-5); }

static void test_gradient_revenue_uses(void **state)
{
    (void)state;
    for (int use = 0; use <= TW_REVENUE_USE_LABOUR_TAX; use++) {
        fixture f;
        setup(&f, 11 + (uint64_t)use, use, TW_PAYOFF_AUTO);
        assert_true(tw_welfare_payoff_on(f.m));
        check_gradient(&f);
        teardown(&f);
    }
}

/* The same on three sectors with input-output links and every block on (the generalised
 * blocks' reverse functions); h = 1e-4, the re-solves being accurate to about 1e-12 here
 * (tests/game_test.h). */
static void test_gradient_sectors(void **state)
{
    (void)state;
    for (int use = 0; use <= TW_REVENUE_USE_LABOUR_TAX; use++) {
        fixture f;
        setup_sectors(&f, 21 + (uint64_t)use, use, TW_PAYOFF_AUTO, 3);
        assert_true(tw_welfare_payoff_on(f.m));
        check_gradient_h(&f, 1e-4);
        teardown(&f);
    }
}

/* The value is ln W_hat (welfare_pct = 100 (W_hat - 1)), and differs from real income; with
 * --payoff real-income it is ln(I'/I) - ln P_hat, whose gradient also holds. */
static void test_value_and_options(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 5, TW_REVENUE_USE_WORLD, TW_PAYOFF_WELFARE);
    const tw_equilibrium *b = f.m->base;
    for (int n = 0; n < 4; n++) {
        tw_objective obj = {.country = n};
        double v = tw_objective_value(f.m, f.eq, &obj);
        assert_close(v, log(tw_revenue_welfare_hat(f.m, f.eq, n)), 1e-14, "welfare of %d", n);
        double ri = log(f.eq->income[n] / b->income[n]) - log(f.eq->cpi_hat[n] / b->cpi_hat[n]);
        assert_true(fabs(v - ri) > 1e-4);
    }
    teardown(&f);
    setup(&f, 5, TW_REVENUE_USE_WORLD, TW_PAYOFF_REAL_INCOME);
    assert_false(tw_welfare_payoff_on(f.m));
    tw_objective obj = {.country = 2};
    double v = tw_objective_value(f.m, f.eq, &obj);
    b = f.m->base;
    assert_close(v, log(f.eq->income[2] / b->income[2]) - log(f.eq->cpi_hat[2] / b->cpi_hat[2]),
                 1e-14, "real income");
    check_gradient(&f);
    teardown(&f);

    int k;
    assert_int_equal(tw_payoff_parse("welfare", &k), 0);
    assert_int_equal(k, TW_PAYOFF_WELFARE);
    assert_int_equal(tw_payoff_parse("real-income", &k), 0);
    assert_int_equal(k, TW_PAYOFF_REAL_INCOME);
    assert_int_equal(tw_payoff_parse("auto", &k), 0);
    assert_int_equal(k, TW_PAYOFF_AUTO);
    assert_int_equal(tw_payoff_parse("utility", &k), -1);
    assert_string_equal(tw_payoff_name(TW_PAYOFF_WELFARE), "welfare");
}

/* The optimal uniform tariff of A in a two-country world with one sector, no destination-income
 * costs nor scale economies and balanced trade, at labour elasticity kappa. With kappa = 0 it
 * is the terms-of-trade tariff of the Armington model, t = 1 / (theta lambda_BB'), lambda_BB'
 * B's own trade share at the optimum (the paper's t = 1 / ((1 + delta eps) phi - 1) with phi =
 * 1 and delta = lambda_BB', exact at the optimum's shares). With kappa > 0 and the lump-sum
 * rebate a marginal worker's income spent on imports also pays tariff (a fiscal externality
 * the closed form leaves out), so there the optimum is checked against re-solved payoffs on
 * both sides instead: W(t +- 1e-3) < W(t). Returns t. */
static double two_country_optimum(double kappa)
{
    const double theta = 4.0;
    char dir[256], blocks[256];
    tw_test_tmpdir(dir, sizeof dir);
    tw_test_write(dir, "countries.csv", "code,name\nA,A\nB,B\n");
    tw_test_write(dir, "sectors.csv", "code,name,theta\nS,S,4\n");
    tw_test_write(dir, "flows.csv", "exporter,importer,sector,value\nA,A,S,60\nA,B,S,25\n"
                                    "B,A,S,25\nB,B,S,140\n");
    snprintf(blocks, sizeof blocks,
             "country,nu,tariff_exponent,labour_elasticity,scale_elasticity,revenue_use\n"
             "A,0,1,%g,0,lump_sum\nB,0,1,%g,0,lump_sum\n",
             kappa, kappa);
    tw_test_write(dir, "blocks.csv", blocks);
    tw_error err;
    tw_world *w;
    tw_model *m;
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    tw_model_options o = tw_test_model_options(TW_DEFICITS_FIXED, 1e-13);
    assert_ok(tw_model_create(w, &o, &m, &err), &err);
    tw_game_options go;
    tw_game_options_init(&go);
    go.kkt_tolerance = 1e-9;
    go.xtol = 1e-12;
    tw_game *g;
    assert_ok(tw_game_create(m, &go, &g, &err), &err);
    tw_policy *start, *out;
    assert_ok(tw_policy_create(m, &start), NULL);
    assert_ok(tw_policy_create(m, &out), NULL);
    tw_equilibrium *eq = tw_equilibrium_create(m), *eq2 = tw_equilibrium_create(m);
    tw_instrument ins = {.country = 0, .kind = TW_INSTRUMENT_UNIFORM};
    tw_optimize_report rep;
    assert_ok(tw_game_best_response(g, &ins, NULL, start, out, eq, &rep, &err), &err);
    tw_dims d = tw_world_dims(w);
    size_t at = tw_ix_nij(d, 0, 1, 0);
    double t = tw_policy_tariffs(out)[at];
    tw_objective obj = {.country = 0};
    if (kappa == 0.0) {
        /* B's spending shares at the optimum: B sets no tariff, unit costs are wages. */
        double ca = pow(eq->w_hat[0], -theta) * 25.0, cb = pow(eq->w_hat[1], -theta) * 140.0;
        assert_close(t, 1.0 / (theta * cb / (ca + cb)), 1e-6, "optimal tariff, closed form");
    } else {
        double v = tw_objective_value(m, eq, &obj);
        for (int s = -1; s <= 1; s += 2) {
            tw_policy_tariffs(out)[at] = t + s * 1e-3;
            tw_equilibrium_copy(eq2, eq);
            assert_ok(tw_test_model_solve(m, out, eq2, NULL, &err), &err);
            assert_true(tw_objective_value(m, eq2, &obj) < v);
        }
    }
    tw_equilibrium_free(eq);
    tw_equilibrium_free(eq2);
    tw_policy_free(start);
    tw_policy_free(out);
    tw_game_free(g);
    tw_model_free(m);
    tw_world_free(w);
    tw_test_rmdir(dir);
    return t;
}

static void test_two_country_optimal_tariff(void **state)
{
    (void)state;
    double t0 = two_country_optimum(0.0), t1 = two_country_optimum(0.5);
    /* The fiscal externality of labour supply lowers the optimal tariff (more work, more
     * imports, more revenue): the two differ by more than the optimiser's tolerance. */
    assert_true(t0 > 0.2 && t0 < 0.4 && t1 < t0 - 1e-3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradient_revenue_uses),
        cmocka_unit_test(test_gradient_sectors),
        cmocka_unit_test(test_value_and_options),
        cmocka_unit_test(test_two_country_optimal_tariff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
