/* SPDX-License-Identifier: MIT */
/* Trade talks and self-enforcing agreements on a small random world: negotiated outcomes
 * leave every player at least as well off as its threat point; delta* is in [0, 1] where
 * defined and the agreement is self-enforcing exactly when delta >= delta*. */
#include "test_util.h"

typedef struct fixture {
    char dir[256];
    tw_world *w;
    tw_model *m;
    tw_game *g;
    tw_policy *today, *war, *deal;
    tw_equilibrium *eq;
    tw_instrument players[2];
    int partner_of[2];
} fixture;

static void setup(fixture *f, tw_instrument_kind kind)
{
    tw_error err;
    memset(f, 0, sizeof *f);
    tw_test_tmpdir(f->dir, sizeof f->dir);
    tw_test_random_world(f->dir, 3, 3, 4242, 1, 0);
    assert_ok(tw_world_load(f->dir, NULL, &f->w, &err), &err);
    tw_model_options so = tw_test_model_options(TW_DEFICITS_FIXED, 1e-13);
    assert_ok(tw_model_create(f->w, &so, &f->m, &err), &err);
    assert_ok(tw_game_create(f->m, NULL, &f->g, &err), &err);
    assert_ok(tw_policy_create(f->m, &f->today), NULL);
    assert_ok(tw_policy_create(f->m, &f->war), NULL);
    assert_ok(tw_policy_create(f->m, &f->deal), NULL);
    f->eq = tw_equilibrium_create(f->m);
    /* Countries 0 and 1 negotiate over their tariffs on each other. */
    f->partner_of[0] = 1;
    f->partner_of[1] = 0;
    for (int p = 0; p < 2; p++)
        f->players[p] = (tw_instrument){.country = p, .kind = kind,
                                        .partners = &f->partner_of[p], .n_partners = 1};
    tw_war_report rep;
    assert_ok(tw_game_nash_war(f->g, f->players, 2, NULL, NULL, f->today, f->war, f->eq, NULL, &rep,
                          &err),
              &err);
}

static void teardown(fixture *f)
{
    tw_equilibrium_free(f->eq);
    tw_policy_free(f->today);
    tw_policy_free(f->war);
    tw_policy_free(f->deal);
    tw_game_free(f->g);
    tw_model_free(f->m);
    tw_world_free(f->w);
    tw_test_rmdir(f->dir);
}

static void check_talks(tw_talks_rule rule, const double *weights, int from_war,
                        tw_instrument_kind kind)
{
    fixture f;
    setup(&f, kind);
    tw_error err;
    tw_talks_options o;
    tw_talks_options_init(&o);
    o.rule = rule;
    o.weights = weights;
    tw_talks_report rep;
    double vt[2], vd[2];
    const tw_policy *threat = from_war ? f.war : f.today;
    assert_ok(tw_game_talks(f.g, f.players, 2, NULL, &o, threat, f.deal, f.eq, vt, vd, &rep, &err),
              &err);
    assert_true(rep.converged);
    for (int p = 0; p < 2; p++)
        assert_true(vd[p] >= vt[p] - 1e-12);
    if (from_war) {
        /* From the war there is always something to gain. */
        assert_false(rep.no_gain);
        assert_true(rep.min_gain > 1e-6);
    }
    if (rule == TW_TALKS_EQUAL_GAINS && !rep.no_gain)
        assert_close(vd[0] / vt[0], vd[1] / vt[1], 1e-9, "equal proportional gains");
    /* The deal's payoffs are those of its solved equilibrium. */
    tw_objective obj = {.country = 0};
    assert_close(vd[0], exp(tw_objective_value(f.m, f.eq, &obj)), 1e-13, "deal payoff");
    teardown(&f);
}

static void test_nash_bargaining_from_war(void **state)
{
    (void)state;
    check_talks(TW_TALKS_NASH_BARGAINING, NULL, 1, TW_INSTRUMENT_SECTOR);
}

static void test_weighted_bargaining_from_war(void **state)
{
    (void)state;
    double weights[2] = {3.0, 1.0};
    check_talks(TW_TALKS_NASH_BARGAINING, weights, 1, TW_INSTRUMENT_UNIFORM);
}

static void test_equal_gains_from_war(void **state)
{
    (void)state;
    check_talks(TW_TALKS_EQUAL_GAINS, NULL, 1, TW_INSTRUMENT_SECTOR);
}

static void test_bargaining_from_today(void **state)
{
    (void)state;
    check_talks(TW_TALKS_NASH_BARGAINING, NULL, 0, TW_INSTRUMENT_UNIFORM);
}

/* The threshold against the direct comparison of discounted sums, on many random cases. */
static void test_threshold_pure(void **state)
{
    (void)state;
    for (int c = 0; c < 2000; c++) {
        double a = 1.0 + 0.1 * tw_test_draw(9, c, 0, 0, 1);
        double dv = a + 0.05 * tw_test_draw(9, c, 1, 0, 1);
        double pu = a - 0.1 * tw_test_draw(9, c, 2, 0, 1) + (c % 7 == 0 ? 0.2 : 0.0);
        int periods = c % 4 == 0 ? 0 : 1 + c % 9;
        double ds = tw_enforce_threshold(a, dv, pu, periods);
        if (isnan(ds)) {
            /* Undefined: no delta < 1 sustains it. */
            for (double delta = 0.0; delta < 1.0; delta += 0.01)
                assert_false(tw_enforce_holds(delta, a, dv, pu, periods));
            continue;
        }
        assert_true(ds >= 0.0 && ds <= 1.0);
        for (double delta = 0.0; delta < 1.0; delta += 0.01) {
            if (fabs(delta - ds) < 1e-9)
                continue;
            assert_int_equal(tw_enforce_holds(delta, a, dv, pu, periods), delta >= ds);
        }
    }
}

/* On the model: the agreement (free trade between the two, or a negotiated deal) with the war
 * as punishment; delta* in [0, 1]; holds exactly when delta >= delta*. */
static void test_enforce_deal(void **state)
{
    (void)state;
    fixture f;
    setup(&f, TW_INSTRUMENT_SECTOR);
    tw_error err;
    tw_talks_report trep;
    double vt[2], vd[2];
    assert_ok(tw_game_talks(f.g, f.players, 2, NULL, NULL, f.war, f.deal, f.eq, vt, vd, &trep, &err),
              &err);
    for (int periods = 0; periods <= 3; periods += 3) {
        tw_enforce_result res[2];
        assert_ok(tw_game_enforce(f.g, f.players, 2, NULL, f.deal, f.war, periods, res, &err), &err);
        for (int p = 0; p < 2; p++) {
            assert_true(res[p].deviation_converged);
            assert_true(res[p].v_deviate >= res[p].v_agree);
            assert_close(res[p].v_agree, vd[p], 1e-12, "agreement payoff");
            assert_close(res[p].v_punish, vt[p], 1e-12, "punishment payoff");
            double ds = res[p].delta_star;
            if (isnan(ds))
                continue;
            assert_true(ds >= 0.0 && ds <= 1.0);
            for (double delta = 0.0; delta < 1.0; delta += 0.01)
                if (fabs(delta - ds) > 1e-9)
                    assert_int_equal(tw_enforce_holds(delta, res[p].v_agree, res[p].v_deviate,
                                                      res[p].v_punish, periods),
                                     delta >= ds);
        }
    }
    teardown(&f);
}

static void test_truce_value(void **state)
{
    (void)state;
    assert_close(tw_truce_value(1.02, 1.0, 0.9, -1), 0.2, 1e-13, "permanent deal");
    assert_close(tw_truce_value(1.02, 1.0, 0.9, 1), 0.02, 1e-13, "one period");
    assert_close(tw_truce_value(1.02, 1.0, 0.9, 2), 0.02 * 1.9, 1e-13, "two periods");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nash_bargaining_from_war),
        cmocka_unit_test(test_weighted_bargaining_from_war),
        cmocka_unit_test(test_equal_gains_from_war),
        cmocka_unit_test(test_bargaining_from_today),
        cmocka_unit_test(test_threshold_pure),
        cmocka_unit_test(test_enforce_deal),
        cmocka_unit_test(test_truce_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
