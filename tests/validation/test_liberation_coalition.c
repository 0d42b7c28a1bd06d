/* SPDX-License-Identifier: MIT */
/* Coalitions (tradewar/coalition.h) on the Liberation Day world, and the study's retaliation
 * by the rest of the world as one player (Ignatenko, Macedoni, Lashkaripour and Simonovska,
 * JIE 2025, Table 2; their main_baseline.m).
 *
 * In the paper the 193 other countries retaliate with ONE tariff on US goods, the optimal
 * tariff of a two-region world (the US and the rest aggregated) by their closed form
 * t = 1 / ((1 + delta eps) phi - 1) at baseline shares: 22.74% (the shipped scenario
 * liberation_day_optimal_retaliation). They never maximise anything. Here the rest of the
 * world is a coalition whose payoff is the expenditure-weighted mean of its members' welfare
 * (their "non-US (average)" row) and whose level is found by re-solving the full 194-country
 * model. What is checked:
 *  - the coalition's derivative against central differences of re-solved payoffs;
 *  - a coalition of one (the US on everyone) finds the US's uniform best response of
 *    tw_game_best_response, the same optimum by another method;
 *  - (3) USTR tariffs + optimal retaliation: the coalition's best response to the Liberation
 *    Day tariffs gains the coalition at least what the closed form does; the welfare numbers
 *    there, USA -0.75, CHN -0.65, non-US -0.43 (published, two decimals), are compared with a
 *    stated band: the exact optimum is not the closed form (as in Case 3, where it is 3.3
 *    points above it), so the test allows the measured distance, printed;
 *  - (4) optimal tariff + optimal retaliation as a Nash war between the US (uniform tariff)
 *    and the coalition: found and verified, compared likewise with USA -0.32, CHN -0.36,
 *    non-US -0.39.
 * The wars and best responses of the 194-country world are skipped under the sanitizers
 * (TW_TEST_SKIP_SLOW); the derivative and the argument checks run there. */
#include <math.h>
#include <stdio.h>

#include "liberation_day_test.h"
#include "tradewar/coalition.h"

static tw_world *world;
static tw_model *model;
static tw_game *game;
static int USA, CHN, N;
static int others[256]; /* every country but the US */
static int eu[TW_TEST_EU_MEMBERS];

static void skip_if_slow(void)
{
#ifdef TW_TEST_SKIP_SLOW
    skip();
#endif
}

static int setup(void **state)
{
    (void)state;
    if (!(world = tw_test_ld_world(&USA, &CHN)))
        return -1;
    N = tw_world_dims(world).n;
    if (N > 256)
        return -1;
    for (int n = 0, k = 0; n < N; n++)
        if (n != USA)
            others[k++] = n;
    if (tw_test_eu_indices(world, eu))
        return -1;
    tw_error err;
    tw_model_options mo;
    tw_model_options_init(&mo); /* revenue use of blocks.csv: the labour tax, as the paper */
    if (tw_model_create(world, &mo, &model, &err))
        return -1;
    return tw_game_create(model, NULL, &game, &err) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    tw_game_free(game);
    tw_model_free(model);
    tw_world_free(world);
    return 0;
}

static double welfare_pct(const tw_equilibrium *eq, int n)
{
    tw_objective obj = {.country = n};
    return 100.0 * expm1(tw_objective_value(model, eq, &obj));
}

static tw_coalition rest_of_world(void)
{
    tw_coalition c = {.members = others, .n_members = N - 1, .targets = &USA, .n_targets = 1};
    return c;
}

/* The headline rows of the paper's Table 2 at eq: USA, CHN, EU and non-US (average). */
typedef struct rows {
    double usa, chn, eu, non_us;
} rows;

static rows table2(const tw_equilibrium *eq)
{
    tw_coalition eu_c = {.members = eu, .n_members = TW_TEST_EU_MEMBERS};
    tw_coalition row = rest_of_world();
    rows r = {welfare_pct(eq, USA), welfare_pct(eq, CHN),
              100.0 * tw_coalition_payoff(model, eq, &eu_c),
              100.0 * tw_coalition_payoff(model, eq, &row)};
    return r;
}

static void bad_coalitions(void **state)
{
    (void)state;
    tw_error err;
    int twice[2] = {CHN, CHN}, usa_chn[2] = {USA, CHN};
    tw_coalition c = {.members = twice, .n_members = 2};
    assert_int_equal(tw_coalition_check(model, &c, &err), TW_ERR_INPUT);
    assert_string_equal(err.field, "members");
    c = (tw_coalition){.members = usa_chn, .n_members = 2, .targets = &CHN, .n_targets = 1};
    assert_int_equal(tw_coalition_check(model, &c, &err), TW_ERR_INPUT);
    assert_string_equal(err.field, "targets");
    c = (tw_coalition){.members = usa_chn, .n_members = 1, .lower = 0.5, .upper = 0.2};
    assert_int_equal(tw_coalition_check(model, &c, &err), TW_ERR_INPUT);
    c = (tw_coalition){.members = usa_chn, .n_members = 0};
    assert_int_equal(tw_coalition_check(model, &c, &err), TW_ERR_INPUT);
    /* Two coalitions that set the same tariffs (the US on China) cannot both play. */
    tw_coalition pair[2] = {{.members = &USA, .n_members = 1},
                            {.members = usa_chn, .n_members = 1, .targets = &CHN, .n_targets = 1}};
    tw_policy *p;
    assert_ok(tw_policy_create(model, &p), NULL);
    tw_equilibrium *eq = tw_equilibrium_create(model);
    assert_int_equal(
        tw_game_coalition_war(game, pair, 2, NULL, p, p, eq, NULL, NULL, &err), TW_ERR_INPUT);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
}

/* dV/dx of China and the EU together on US goods, at the paper's retaliation, against
 * X / 6, below 1e-9
 * here; the solves' error, about 1e-12, divided by h gives 1e-8), tolerance 1e-7 + 1e-5 |fd|. */
static void derivative(void **state)
{
    (void)state;
    tw_error err;
    int members[26];
    members[0] = CHN;
    for (int k = 0; k < TW_TEST_EU_MEMBERS; k++)
        members[k + 1] = eu[k];
    tw_coalition c = {.members = members, .n_members = 26, .targets = &USA, .n_targets = 1};
    tw_policy *p;
    assert_ok(tw_policy_create(model, &p), NULL);
    tw_test_ld_scenario_tariffs(world, "liberation_day_optimal_retaliation", p);
    tw_equilibrium *eq = tw_equilibrium_create(model), *eq2 = tw_equilibrium_create(model);
    const double x = 0.2, h = 1e-3;
    assert_ok(tw_coalition_apply(model, &c, x, p, &err), &err);
    assert_ok(tw_test_model_solve(model, p, eq, NULL, &err), &err);
    double v, dv, f[2];
    assert_ok(tw_game_coalition_derivative(game, &c, p, eq, &v, &dv, &err), &err);
    assert_close(v, tw_coalition_payoff(model, eq, &c), 1e-15, "%s", "value");
    for (int s = 0; s < 2; s++) {
        assert_ok(tw_coalition_apply(model, &c, x + (s ? h : -h), p, &err), &err);
        tw_equilibrium_copy(eq2, eq);
        assert_ok(tw_test_model_solve(model, p, eq2, NULL, &err), &err);
        f[s] = tw_coalition_payoff(model, eq2, &c);
    }
    double fd = (f[1] - f[0]) / (2 * h);
    print_message("coalition derivative %.10g, central difference %.10g\n", dv, fd);
    assert_true(fabs(dv) > 1e-4); /* not flat here: the check has something to compare */
    assert_close(dv, fd, 1e-7 + 1e-5 * fabs(fd), "%s", "dV/dx");
    tw_equilibrium_free(eq);
    tw_equilibrium_free(eq2);
    tw_policy_free(p);
}

/* Bounds that leave no choice: the response is the bound, converged whatever the derivative
 * (both bounds hold it), and the tariffs of others in start are kept. */
static void no_choice(void **state)
{
    (void)state;
    tw_error err;
    tw_policy *start, *out;
    assert_ok(tw_policy_create(model, &start), NULL);
    assert_ok(tw_policy_create(model, &out), NULL);
    tw_dims d = tw_world_dims(world);
    tw_policy_tariffs(start)[tw_ix_nij(d, USA, CHN, 0)] = 0.3;
    tw_equilibrium *eq = tw_equilibrium_create(model);
    tw_coalition row = rest_of_world();
    row.lower = row.upper = 0.1;
    tw_coalition_report cr;
    assert_ok(tw_game_coalition_response(game, &row, start, out, eq, &cr, &err), &err);
    assert_true(cr.converged && cr.at_bound == -1);
    assert_close(cr.rate, 0.1, 0.0, "%s", "rate");
    assert_close(tw_policy_tariffs(out)[tw_ix_nij(d, CHN, USA, 0)], 0.1, 0.0, "%s", "set");
    assert_close(tw_policy_tariffs(out)[tw_ix_nij(d, USA, CHN, 0)], 0.3, 0.0, "%s", "kept");
    assert_close(cr.value, tw_coalition_payoff(model, eq, &row), 1e-15, "%s", "value");
    tw_equilibrium_free(eq);
    tw_policy_free(start);
    tw_policy_free(out);
}

/* A coalition of one, the US on everyone, maximises US welfare over one uniform rate: the
 * gradient-based best response of a uniform instrument finds the same rate (both to
 * 1e-5, the line search's resolution on a payoff flat to second order) and payoff. */
static void coalition_of_one(void **state)
{
    (void)state;
    skip_if_slow();
    tw_error err;
    tw_policy *start, *a, *b;
    assert_ok(tw_policy_create(model, &start), NULL);
    assert_ok(tw_policy_create(model, &a), NULL);
    assert_ok(tw_policy_create(model, &b), NULL);
    tw_equilibrium *ea = tw_equilibrium_create(model), *eb = tw_equilibrium_create(model);
    tw_coalition us = {.members = &USA, .n_members = 1};
    tw_coalition_report cr;
    assert_ok(tw_game_coalition_response(game, &us, start, a, ea, &cr, &err), &err);
    tw_instrument ins = {.country = USA, .kind = TW_INSTRUMENT_UNIFORM};
    tw_optimize_report rep;
    assert_ok(tw_game_best_response(game, &ins, NULL, start, b, eb, &rep, &err), &err);
    tw_dims d = tw_world_dims(world);
    double rb = tw_policy_tariffs(b)[tw_ix_nij(d, USA, CHN, 0)];
    print_message("coalition of one: %.7f (%d solves, derivative %.3g), best response %.7f\n",
                  cr.rate, cr.evaluations, cr.derivative, rb);
    assert_true(cr.converged && !cr.at_bound);
    assert_close(cr.rate, rb, 1e-5, "%s", "rate");
    assert_close(cr.value, expm1(rep.value), 1e-10, "%s", "payoff");
    assert_close(tw_policy_tariffs(a)[tw_ix_nij(d, USA, 0 == USA ? 1 : 0, 0)], cr.rate, 0.0,
                 "%s", "applied");
    tw_equilibrium_free(ea);
    tw_equilibrium_free(eb);
    tw_policy_free(start);
    tw_policy_free(a);
    tw_policy_free(b);
}

/* (3) USTR tariffs + optimal retaliation: the rest of the world's best response. */
static void retaliation(void **state)
{
    (void)state;
    skip_if_slow();
    tw_error err;
    tw_policy *cf, *out;
    assert_ok(tw_policy_create(model, &cf), NULL);
    assert_ok(tw_policy_create(model, &out), NULL);
    tw_test_ld_scenario_tariffs(world, "liberation_day_optimal_retaliation", cf);
    tw_equilibrium *eq = tw_equilibrium_create(model), *eq2 = tw_equilibrium_create(model);
    assert_ok(tw_test_model_solve(model, cf, eq, NULL, &err), &err);
    rows p = table2(eq);
    tw_coalition row = rest_of_world();
    tw_dims d = tw_world_dims(world);
    double rate_cf = tw_policy_tariffs(cf)[tw_ix_nij(d, CHN, USA, 0)];
    tw_coalition_report cr;
    tw_equilibrium_copy(eq2, eq);
    assert_ok(tw_game_coalition_response(game, &row, cf, out, eq2, &cr, &err), &err);
    rows x = table2(eq2);
    print_message("(3) closed form %.4f%%: USA %.4f CHN %.4f EU %.4f non-US %.4f (paper -0.75, "
                  "-0.65, -0.23, -0.43)\n",
                  100 * rate_cf, p.usa, p.chn, p.eu, p.non_us);
    print_message("(3) coalition   %.4f%%: USA %.4f CHN %.4f EU %.4f non-US %.4f (%d solves, "
                  "derivative %.3g)\n",
                  100 * cr.rate, x.usa, x.chn, x.eu, x.non_us, cr.evaluations, cr.derivative);
    assert_true(cr.converged && !cr.at_bound);
    assert_close(100 * cr.value, x.non_us, 1e-12, "%s", "payoff is the non-US average");
    /* The coalition's own payoff: at least the closed form's, and the published -0.43 to
     * 0.01 (flat near its maximum: 4.5 points of tariff cost it 0.005 points). */
    assert_true(x.non_us >= p.non_us);
    assert_close(x.non_us, -0.43, 0.01, "%s", "non-US average at the coalition's optimum");
    /* The optimum is well below the two-region closed form (which aggregates away the
     * members' trade with each other, and leaves out labour supply and the labour tax), so
     * the US loses less than published and China more. */
    assert_true(cr.rate < rate_cf - 0.03);
    assert_true(x.usa > p.usa + 0.1 && x.chn < p.chn);
    tw_equilibrium_free(eq);
    tw_equilibrium_free(eq2);
    tw_policy_free(cf);
    tw_policy_free(out);
}

/* (4) optimal tariff + optimal retaliation as a Nash war of the US (one uniform tariff) and
 * the rest of the world, from the paper's closed forms (liberation_day_optimal_both). */
static void war(void **state)
{
    (void)state;
    skip_if_slow();
    tw_error err;
    tw_policy *cf, *out, *br;
    assert_ok(tw_policy_create(model, &cf), NULL);
    assert_ok(tw_policy_create(model, &out), NULL);
    assert_ok(tw_policy_create(model, &br), NULL);
    tw_dims d = tw_world_dims(world);
    tw_test_ld_scenario_tariffs(world, "liberation_day_optimal_both", cf);
    tw_coalition cs[2] = {{.members = &USA, .n_members = 1}, rest_of_world()};
    tw_equilibrium *eq = tw_equilibrium_create(model), *eq2 = tw_equilibrium_create(model);
    assert_ok(tw_test_model_solve(model, cf, eq, NULL, &err), &err);
    rows p = table2(eq);
    double rates[2];
    tw_war_report rep;
    assert_ok(tw_game_coalition_war(game, cs, 2, NULL, cf, out, eq, rates, &rep, &err), &err);
    rows x = table2(eq);
    print_message("(4) closed forms %.4f%% / %.4f%%: USA %.4f CHN %.4f EU %.4f non-US %.4f "
                  "(paper -0.32, -0.36, -0.23, -0.39)\n",
                  100 * tw_policy_tariffs(cf)[tw_ix_nij(d, USA, CHN, 0)],
                  100 * tw_policy_tariffs(cf)[tw_ix_nij(d, CHN, USA, 0)], p.usa, p.chn, p.eu,
                  p.non_us);
    print_message("(4) Nash war     %.4f%% / %.4f%%: USA %.4f CHN %.4f EU %.4f non-US %.4f "
                  "(%d rounds, %d solves, max gain %.3g)\n",
                  100 * rates[0], 100 * rates[1], x.usa, x.chn, x.eu, x.non_us, rep.rounds,
                  rep.evaluations, rep.max_gain);
    assert_true(rep.found && rep.verified && rep.max_gain <= 1e-7);
    assert_close(tw_policy_tariffs(out)[tw_ix_nij(d, USA, CHN, 0)], rates[0], 0.0, "%s", "US");
    assert_close(tw_policy_tariffs(out)[tw_ix_nij(d, CHN, USA, 0)], rates[1], 0.0, "%s", "RoW");
    /* The US's best response at the war by the gradient-based optimiser (another method):
     * the war's rate to 1e-5 (the payoffs are flat to second order there). */
    tw_instrument ins = {.country = USA, .kind = TW_INSTRUMENT_UNIFORM};
    tw_optimize_report orep;
    tw_equilibrium_copy(eq2, eq);
    assert_ok(tw_game_best_response(game, &ins, NULL, out, br, eq2, &orep, &err), &err);
    assert_close(tw_policy_tariffs(br)[tw_ix_nij(d, USA, CHN, 0)], rates[0], 1e-5, "%s",
                 "US best response at the war");
    /* Against each other's best responses both raise the stakes: the US far above its
     * closed form, the rest of the world below its own; the US gains on the paper's
     * outcome, the rest of the world and China lose. */
    assert_true(rates[0] > tw_policy_tariffs(cf)[tw_ix_nij(d, USA, CHN, 0)] + 0.05);
    assert_true(rates[1] < tw_policy_tariffs(cf)[tw_ix_nij(d, CHN, USA, 0)] - 0.03);
    assert_true(x.usa > p.usa && x.non_us < p.non_us && x.chn < p.chn);
    tw_equilibrium_free(eq);
    tw_equilibrium_free(eq2);
    tw_policy_free(cf);
    tw_policy_free(out);
    tw_policy_free(br);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_coalitions),   cmocka_unit_test(derivative),
        cmocka_unit_test(no_choice),
        cmocka_unit_test(coalition_of_one), cmocka_unit_test(retaliation),
        cmocka_unit_test(war),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
