/* SPDX-License-Identifier: MIT */
/* Talks by IPOPT (src/strategy/talks_ipopt.c) against SLSQP on a small random world (3
 * countries, 3 sectors, partner-by-sector tariffs): the same deal, IPOPT's last point meeting
 * the KKT rule of talks_kkt.c; an unknown method and too many players refused; a cap too small
 * to meet the rule reported as not converged; a progress callback that stops it cancels. */
#include "talks_test.h"

/* Stops the talks at their 20th evaluation. */
static int stop_at_20(void *ctx, const char *what, int step, double value)
{
    (void)ctx;
    (void)what;
    (void)value;
    return step >= 20;
}

/* Tolerances: SLSQP's gains are equal to 1e-9 and IPOPT's to its constraint tolerance
 * (1e-8 in units of 1 / 1000: 1e-11); both meet the KKT rule to 1e-6 or SLSQP's own tests,
 * and the payoffs are second order in the stationarity residual, so they agree to 1e-8
 * (measured: 2e-10 for equal gains with two players, 2e-12 with three, 4e-10 for Nash
 * bargaining with two). */
static void compare(tw_talks_rule rule, int np)
{
    fixture f;
    talks_setup(&f, np, 0, NULL);
    tw_error err;
    tw_talks_options o;
    tw_talks_options_init(&o);
    o.rule = rule;
    double vt[2][3], vd[2][3];
    tw_talks_report rep[2];
    tw_talks_kkt_report kkt[2];
    tw_talks_method m[2] = {TW_TALKS_METHOD_SLSQP, TW_TALKS_METHOD_IPOPT};
    for (int i = 0; i < 2; i++) {
        assert_ok(tw_game_talks_method(f.g, f.players, np, NULL, &o, m[i], f.today, f.deal,
                                       f.eq, vt[i], vd[i], &rep[i], &kkt[i], &err),
                  &err);
        assert_true(rep[i].converged);
        assert_false(rep[i].no_gain);
        assert_true(rep[i].min_gain > 1e-6);
    }
    assert_int_equal(kkt[1].method, TW_TALKS_METHOD_IPOPT);
    assert_true(kkt[1].stationarity <= 1e-6);
    assert_true(kkt[1].infeasibility <= (rule == TW_TALKS_EQUAL_GAINS ? 1e-6 : 1e-10));
    assert_true(rep[1].nlopt_code == 0 || rep[1].nlopt_code == 1); /* IPOPT: solved */
    for (int p = 0; p < np; p++) {
        /* The same threat point, solved from another warm start (model tolerance 1e-13). */
        assert_close(vt[1][p], vt[0][p], 1e-12, "the same threat point");
        assert_close(vd[1][p], vd[0][p], 1e-8, "IPOPT's payoff against SLSQP's");
        assert_true(vd[1][p] >= vt[1][p]);
        assert_true(kkt[1].mu[p] >= 0.0);
        if (rule == TW_TALKS_EQUAL_GAINS)
            assert_close(vd[1][p] / vt[1][p], vd[1][0] / vt[1][0], 1e-9, "equal gains");
    }
    talks_teardown(&f);
}

static void test_equal_gains_two(void **state)
{
    (void)state;
    compare(TW_TALKS_EQUAL_GAINS, 2);
}

static void test_equal_gains_three(void **state)
{
    (void)state;
    compare(TW_TALKS_EQUAL_GAINS, 3);
}

static void test_nash_two(void **state)
{
    (void)state;
    compare(TW_TALKS_NASH_BARGAINING, 2);
}

/* A method that does not exist, and more players than the KKT rule takes. */
static void test_bad_input(void **state)
{
    (void)state;
    fixture f;
    talks_setup(&f, 2, 0, NULL);
    tw_error err;
    double vt[13], vd[13];
    tw_talks_report rep;
    tw_status st = tw_game_talks_method(f.g, f.players, 2, NULL, NULL,
                                        (tw_talks_method)(TW_TALKS_METHOD_IPOPT + 1), f.today,
                                        f.deal, f.eq, vt, vd, &rep, NULL, &err);
    assert_int_equal(st, TW_ERR_USAGE);
    assert_string_equal(err.field, "talks");
    tw_instrument many[13];
    for (int p = 0; p < 13; p++)
        many[p] = f.players[p % 2];
    st = tw_game_talks_method(f.g, many, 13, NULL, NULL, TW_TALKS_METHOD_IPOPT, f.today, f.deal,
                              f.eq, vt, vd, &rep, NULL, &err);
    assert_int_equal(st, TW_ERR_INPUT);
    assert_non_null(strstr(err.message, "IPOPT talks take at most 12 players, got 13"));
    talks_teardown(&f);
}

/* Five evaluations cannot meet the KKT rule: not converged, said so, never a result. */
static void test_cap_not_converged(void **state)
{
    (void)state;
    fixture f;
    talks_setup(&f, 3, 5, NULL);
    tw_error err;
    tw_talks_options o;
    tw_talks_options_init(&o);
    o.rule = TW_TALKS_EQUAL_GAINS;
    double vt[3], vd[3];
    tw_talks_report rep;
    tw_status st = tw_game_talks_method(f.g, f.players, 3, NULL, &o, TW_TALKS_METHOD_IPOPT,
                                        f.today, f.deal, f.eq, vt, vd, &rep, NULL, &err);
    assert_int_equal(st, TW_ERR_NOT_CONVERGED);
    assert_false(rep.converged);
    assert_non_null(strstr(err.message, "IPOPT stopped"));
    assert_non_null(strstr(err.message, "KKT"));
    talks_teardown(&f);
}

/* The progress callback stops IPOPT (its intermediate callback returns FALSE): cancelled. */
static void test_progress_stops(void **state)
{
    (void)state;
    fixture f;
    talks_setup(&f, 3, 0, stop_at_20);
    tw_error err;
    tw_talks_options o;
    tw_talks_options_init(&o);
    o.rule = TW_TALKS_EQUAL_GAINS;
    double vt[3], vd[3];
    tw_talks_report rep;
    tw_status st = tw_game_talks_method(f.g, f.players, 3, NULL, &o, TW_TALKS_METHOD_IPOPT,
                                        f.today, f.deal, f.eq, vt, vd, &rep, NULL, &err);
    assert_int_equal(st, TW_ERR_CANCELLED);
    assert_true(rep.cancelled);
    assert_false(rep.converged);
    assert_true(rep.evaluations <= 21);
    talks_teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_gains_two),
        cmocka_unit_test(test_equal_gains_three),
        cmocka_unit_test(test_nash_two),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_cap_not_converged),
        cmocka_unit_test(test_progress_stops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
