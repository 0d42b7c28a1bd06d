/* SPDX-License-Identifier: MIT */
/* The Liberation Day study's optimal tariffs computed by the strategy layer with the welfare
 * payoff (src/strategy/welfare_payoff.c, docs/model.md §2c "Welfare as a payoff"), against the
 * paper (Ignatenko, Macedoni, Lashkaripour and Simonovska, JIE 2025; their main_baseline.m).
 *
 * The paper does not optimise numerically: Case 3 sets the US tariff to the closed form
 * t = 1 / ((1 + delta eps) phi - 1) evaluated at baseline trade shares (21.80%, published
 * US welfare +1.79%), and the optimal retaliation sets every other country's tariff on the US
 * to the two-region closed form (22.74%; USA -0.75%, CHN -0.65%). The closed form is a
 * first-order condition that leaves out labour supply and the labour tax, evaluated at the
 * baseline's shares instead of the optimum's, so the exact optimum of their own welfare
 * (eq. (L7)) lies elsewhere, and is worth slightly more. What is checked:
 *  - Case 3: `optimal` of the US (uniform tariff, labour-tax revenue use as the world's
 *    blocks.csv) converges; its welfare is at least the welfare at the closed-form rate
 *    (which is the paper's +1.79 to 0.01 points) and within 0.02 points of 1.79: 0.005 of
 *    the paper's rounding plus the 0.0164 points the exact optimum gains over the closed
 *    form (measured; a first-order approximation's loss is second order, and this bounds it);
 *    the rate lies above the closed form by less than 5 points; re-solved payoffs 0.5 points
 *    either side of the optimum are lower (it is a maximum of welfare_pct itself); the
 *    real-income payoff's optimum is another rate with less welfare.
 *  - Optimal retaliation: with the US at its Liberation-Day rates and everyone else at the
 *    paper's 22.74%, China's exact best response (uniform tariff on the US; 17.26%, lower
 *    than the closed form) gains China welfare and leaves it within 0.01 points of the
 *    paper's -0.65 (the optimum is flat); it lies 3 points or more below the closed form
 *    (the closed form's rate is not China's own optimum, it is the rest of the world's as
 *    one region); the US's welfare after China alone deviates is printed, not compared
 *    (-0.72 against the paper's -0.75, which has every country at 22.74%). */
#include <math.h>
#include <stdio.h>

#include "liberation_day_test.h"

#include "model/liberation.h"

/* ln W_hat of eq. (L7), independent of the payoff setting. */
static double tw_revenue_welfare_log(const tw_model *m, const tw_equilibrium *eq, int n)
{
    return log(tw_revenue_welfare_hat(m, eq, n));
}

static tw_world *world;
static int USA, CHN;

static int setup_world(void **state)
{
    (void)state;
    return (world = tw_test_ld_world(&USA, &CHN)) ? 0 : -1;
}

static int teardown_world(void **state)
{
    (void)state;
    tw_world_free(world);
    return 0;
}

static double welfare_pct(const tw_model *m, const tw_equilibrium *eq, int n)
{
    tw_objective obj = {.country = n};
    return 100.0 * (exp(tw_objective_value(m, eq, &obj)) - 1.0);
}

/* Welfare of country n with p (solved from eq's warm start into eq2). */
static double welfare_at(const tw_model *m, const tw_policy *p, const tw_equilibrium *eq,
                         tw_equilibrium *eq2, int n)
{
    tw_error err;
    tw_equilibrium_copy(eq2, eq);
    assert_ok(tw_test_model_solve(m, p, eq2, NULL, &err), &err);
    return welfare_pct(m, eq2, n);
}

/* The US's optimal uniform tariff with payoff setting `payoff`: its model, policy and
 * equilibrium (the caller frees them with optimum_free). */
typedef struct optimum {
    tw_model *m;
    tw_policy *p;
    tw_equilibrium *eq;
    double rate, welfare;
} optimum;

static optimum us_optimum(int payoff)
{
    tw_error err;
    optimum o;
    tw_model_options mo;
    tw_model_options_init(&mo);
    mo.payoff = payoff;
    assert_ok(tw_model_create(world, &mo, &o.m, &err), &err);
    tw_game *g;
    assert_ok(tw_game_create(o.m, NULL, &g, &err), &err);
    tw_policy *start;
    assert_ok(tw_policy_create(o.m, &start), NULL);
    assert_ok(tw_policy_create(o.m, &o.p), NULL);
    assert_non_null(o.eq = tw_equilibrium_create(o.m));
    tw_instrument ins = {.country = USA, .kind = TW_INSTRUMENT_UNIFORM};
    tw_optimize_report rep;
    assert_ok(tw_game_best_response(g, &ins, NULL, start, o.p, o.eq, &rep, &err), &err);
    assert_true(rep.converged);
    assert_true(rep.kkt_residual < 1e-6);
    tw_dims d = tw_world_dims(world);
    o.rate = tw_policy_tariffs(o.p)[tw_ix_nij(d, USA, CHN, 0)];
    o.welfare = 100.0 * (exp(tw_revenue_welfare_log(o.m, o.eq, USA)) - 1.0);
    tw_policy_free(start);
    tw_game_free(g);
    return o;
}

static void optimum_free(optimum *o)
{
    tw_equilibrium_free(o->eq);
    tw_policy_free(o->p);
    tw_model_free(o->m);
}

static void case3_optimal(void **state)
{
    (void)state;
    optimum o = us_optimum(TW_PAYOFF_AUTO); /* welfare: this world has labour supply */
    const tw_model *m = o.m;
    tw_policy *cf;
    assert_ok(tw_policy_create(m, &cf), NULL);
    tw_equilibrium *eq2 = tw_equilibrium_create(m);
    assert_close(o.welfare, welfare_pct(m, o.eq, USA), 1e-12, "%s", "payoff is welfare_pct");
    /* The paper's closed form (the shipped Case 3 scenario). */
    tw_test_ld_scenario_tariffs(world, "liberation_day_case3", cf);
    tw_dims d = tw_world_dims(world);
    double rate_cf = tw_policy_tariffs(cf)[tw_ix_nij(d, USA, CHN, 0)];
    double w_cf = welfare_at(m, cf, o.eq, eq2, USA);
    print_message("Case 3: exact optimum %.4f%% welfare %.4f%%; closed form %.4f%% welfare "
                  "%.4f%% (paper +1.79)\n",
                  100 * o.rate, o.welfare, 100 * rate_cf, w_cf);
    assert_close(w_cf, 1.79, 0.01, "%s", "welfare at the closed form");
    assert_true(o.welfare >= w_cf);
    assert_close(o.welfare, 1.79, 0.02, "%s", "welfare at the exact optimum");
    assert_true(o.rate > rate_cf && o.rate < rate_cf + 0.05);
    for (int s = -1; s <= 1; s += 2) {
        tw_policy_copy(cf, o.p);
        double *t = tw_policy_tariffs(cf);
        for (int i = 0; i < d.n; i++)
            if (i != USA)
                t[tw_ix_nij(d, USA, i, 0)] = o.rate + s * 0.005;
        assert_true(welfare_at(m, cf, o.eq, eq2, USA) < o.welfare);
    }
    /* Real income as the payoff: another optimum, worth less welfare. */
    optimum r = us_optimum(TW_PAYOFF_REAL_INCOME);
    print_message("Case 3 with the real-income payoff: %.4f%%, welfare %.4f%%\n", 100 * r.rate,
                  r.welfare);
    assert_true(fabs(r.rate - o.rate) > 0.01 && r.welfare < o.welfare);
    optimum_free(&r);
    tw_equilibrium_free(eq2);
    tw_policy_free(cf);
    optimum_free(&o);
}

static void optimal_retaliation_china(void **state)
{
    (void)state;
    tw_error err;
    tw_model *m;
    tw_model_options mo;
    tw_model_options_init(&mo);
    assert_ok(tw_model_create(world, &mo, &m, &err), &err);
    tw_policy *p, *out;
    assert_ok(tw_policy_create(m, &p), NULL);
    assert_ok(tw_policy_create(m, &out), NULL);
    tw_test_ld_scenario_tariffs(world, "liberation_day_optimal_retaliation", p);
    tw_equilibrium *eq = tw_equilibrium_create(m), *eq2 = tw_equilibrium_create(m);
    assert_ok(tw_test_model_solve(m, p, eq, NULL, &err), &err);
    double us0 = welfare_pct(m, eq, USA), chn0 = welfare_pct(m, eq, CHN);
    assert_close(us0, -0.75, 0.01, "%s", "USA, paper's retaliation");
    assert_close(chn0, -0.65, 0.01, "%s", "CHN, paper's retaliation");
    tw_game *g;
    assert_ok(tw_game_create(m, NULL, &g, &err), &err);
    int partner = USA;
    tw_instrument ins = {.country = CHN, .kind = TW_INSTRUMENT_UNIFORM, .partners = &partner,
                         .n_partners = 1};
    tw_optimize_report rep;
    tw_equilibrium_copy(eq2, eq);
    assert_ok(tw_game_best_response(g, &ins, NULL, p, out, eq2, &rep, &err), &err);
    assert_true(rep.converged);
    tw_dims d = tw_world_dims(world);
    double rate = tw_policy_tariffs(out)[tw_ix_nij(d, CHN, USA, 0)];
    double us1 = welfare_pct(m, eq2, USA), chn1 = welfare_pct(m, eq2, CHN);
    print_message("optimal retaliation: CHN best response %.4f%% (paper %.4f%%): CHN %.4f%% "
                  "(paper's rate %.4f%%, published -0.65), USA %.4f%% (%.4f%%, published "
                  "-0.75)\n",
                  100 * rate, 100 * tw_policy_tariffs(p)[tw_ix_nij(d, CHN, USA, 0)], chn1, chn0,
                  us1, us0);
    assert_true(chn1 >= chn0);
    assert_close(chn1, -0.65, 0.01, "%s", "CHN at its best response");
    assert_true(rate < tw_policy_tariffs(p)[tw_ix_nij(d, CHN, USA, 0)] - 0.03);
    assert_true(us1 > us0); /* a lower tariff on the US */
    tw_game_free(g);
    tw_equilibrium_free(eq);
    tw_equilibrium_free(eq2);
    tw_policy_free(p);
    tw_policy_free(out);
    tw_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(case3_optimal),
        cmocka_unit_test(optimal_retaliation_china),
    };
    return cmocka_run_group_tests(tests, setup_world, teardown_world);
}
