/* SPDX-License-Identifier: MIT */
/* Escalation dynamics: tit-for-tat spirals stopped by caps, forgiveness, cycles and best
 * responses, with the path of tariffs and real incomes. */
#include "test_util.h"

typedef struct fixture {
    char dir[256];
    tw_world *w;
    tw_model *m;
    tw_game *g;
    tw_policy *start, *out;
    tw_equilibrium *eq;
} fixture;

static void setup(fixture *f)
{
    tw_error err;
    memset(f, 0, sizeof *f);
    tw_test_tmpdir(f->dir, sizeof f->dir);
    tw_test_random_world(f->dir, 3, 3, 515, 1, 0);
    assert_ok(tw_world_load(f->dir, NULL, &f->w, &err), &err);
    assert_ok(tw_model_create(f->w, NULL, &f->m, &err), &err);
    assert_ok(tw_game_create(f->m, NULL, &f->g, &err), &err);
    assert_ok(tw_policy_create(f->m, &f->start), NULL);
    assert_ok(tw_policy_create(f->m, &f->out), NULL);
    f->eq = tw_equilibrium_create(f->m);
}

static void teardown(fixture *f)
{
    tw_equilibrium_free(f->eq);
    tw_policy_free(f->start);
    tw_policy_free(f->out);
    tw_game_free(f->g);
    tw_model_free(f->m);
    tw_world_free(f->w);
    tw_test_rmdir(f->dir);
}

/* Tariff addition of country n on country i in goods sector 0 of the final policy. */
static double added(fixture *f, int n, int i)
{
    tw_dims d = tw_world_dims(f->w);
    size_t at = tw_ix_nij(d, n, i, 0);
    return tw_policy_tariffs_const(f->out)[at] - tw_policy_tariffs_const(f->start)[at];
}

/* Two tit-for-tat players, one opening with 10 points, both capped at 30: the spiral goes
 * 10, 10, 20, 20, 30, 30, then the opener's next rise is held by its cap. */
static void test_tit_for_tat_spiral_to_cap(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    tw_error err;
    tw_escalation_player pl[2] = {
        {.country = 0, .rule = TW_RULE_TIT_FOR_TAT, .opening = 0.1, .cap = 0.3},
        {.country = 1, .rule = TW_RULE_TIT_FOR_TAT, .cap = 0.3}};
    tw_escalation *path;
    assert_ok(tw_game_escalate(f.g, pl, 2, 20, f.start, f.out, f.eq, &path, &err), &err);
    assert_int_equal(path->end, TW_END_CAP);
    assert_int_equal(path->rounds, 7);
    assert_close(added(&f, 0, 1), 0.3, 1e-12, "opener at its cap");
    assert_close(added(&f, 1, 0), 0.3, 1e-12, "retaliator at its cap");
    assert_true(path->capped[7 * 2 + 0]);
    /* Real incomes are recorded every round; round 0 is today (no change). */
    for (int r = 0; r <= path->rounds; r++)
        for (int n = 0; n < 3; n++)
            assert_true(isfinite(path->real_income_pct[r * 3 + n]));
    assert_close(path->real_income_pct[0], 0.0, 1e-8, "round 0 is the baseline");
    /* Average tariffs rise along the path. */
    assert_true(path->avg_tariff[(7 * 2 + 0) * 2 + 1] > path->avg_tariff[(1 * 2 + 0) * 2 + 1]);
    tw_escalation_free(path);
    teardown(&f);
}

/* The opener holds; the retaliator matches once and forgives after two quiet rounds. */
static void test_forgiveness(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    tw_error err;
    tw_escalation_player pl[2] = {
        {.country = 0, .rule = TW_RULE_HOLD, .opening = 0.2},
        {.country = 2, .rule = TW_RULE_TIT_FOR_TAT, .forgive_after = 2}};
    tw_escalation *path;
    assert_ok(tw_game_escalate(f.g, pl, 2, 20, f.start, f.out, f.eq, &path, &err), &err);
    assert_int_equal(path->end, TW_END_FIXED_POINT);
    assert_close(added(&f, 0, 2), 0.2, 1e-12, "opener holds");
    assert_close(added(&f, 2, 0), 0.0, 1e-12, "retaliator forgave");
    int forgave = 0;
    for (int r = 0; r <= path->rounds; r++)
        forgave |= path->forgave[r * 2 + 1];
    assert_true(forgave);
    tw_escalation_free(path);
    teardown(&f);
}

/* Tit-for-tat against a quick forgiver cycles with period two. */
static void test_cycle(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    tw_error err;
    tw_escalation_player pl[2] = {
        {.country = 0, .rule = TW_RULE_TIT_FOR_TAT, .opening = 0.1},
        {.country = 1, .rule = TW_RULE_TIT_FOR_TAT, .forgive_after = 1}};
    tw_escalation *path;
    assert_ok(tw_game_escalate(f.g, pl, 2, 30, f.start, f.out, f.eq, &path, &err), &err);
    assert_int_equal(path->end, TW_END_CYCLE);
    assert_int_equal(path->cycle_length, 2);
    tw_escalation_free(path);
    teardown(&f);
}

/* A best responder against a player who holds: one move, then a fixed point; its tariffs are
 * its best response to the opener's move, computed directly. */
static void test_best_response_rule(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    tw_error err;
    tw_escalation_player pl[2] = {
        {.country = 0, .rule = TW_RULE_HOLD, .opening = 0.1},
        {.country = 1, .rule = TW_RULE_BEST_RESPONSE, .kind = TW_INSTRUMENT_SECTOR}};
    tw_escalation *path;
    assert_ok(tw_game_escalate(f.g, pl, 2, 10, f.start, f.out, f.eq, &path, &err), &err);
    assert_int_equal(path->end, TW_END_FIXED_POINT);
    assert_true(path->rounds <= 3);
    /* Direct: the opener's move, then country 1's best increases on country 0. */
    tw_dims d = tw_world_dims(f.w);
    tw_policy *opened, *br;
    assert_ok(tw_policy_create(f.m, &opened), NULL);
    assert_ok(tw_policy_create(f.m, &br), NULL);
    for (int s = 0; s < d.j; s++)
        if (tw_world_sector_is_goods(f.w, s))
            tw_policy_tariffs(opened)[tw_ix_nij(d, 0, 1, s)] += 0.1;
    int partner = 0;
    tw_instrument ins = {.country = 1, .kind = TW_INSTRUMENT_SECTOR, .partners = &partner,
                         .n_partners = 1, .only_increases = 1};
    tw_equilibrium *e2 = tw_equilibrium_create(f.m);
    assert_ok(tw_game_best_response(f.g, &ins, NULL, opened, br, e2, NULL, &err), &err);
    /* Optima are known to the optimiser's precision in tariffs (flat payoffs: ~1e-5) but to
     * second order in payoffs. */
    for (int s = 0; s < d.j; s++) {
        size_t at = tw_ix_nij(d, 1, 0, s);
        assert_close(tw_policy_tariffs_const(f.out)[at], tw_policy_tariffs_const(br)[at], 1e-4,
                     "sector %d", s);
    }
    tw_objective obj = {.country = 1};
    assert_close(tw_objective_value(f.m, f.eq, &obj), tw_objective_value(f.m, e2, &obj), 1e-10,
                 "payoff of the best responder");
    tw_equilibrium_free(e2);
    tw_policy_free(opened);
    tw_policy_free(br);
    tw_escalation_free(path);
    teardown(&f);
}

static void test_bad_players(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    tw_error err;
    tw_escalation *path = NULL;
    tw_escalation_player same[2] = {{.country = 1}, {.country = 1}};
    assert_int_equal(tw_game_escalate(f.g, same, 2, 5, f.start, f.out, f.eq, &path, &err),
                     TW_ERR_INPUT);
    tw_escalation_player bad[2] = {{.country = 0, .cap = -1}, {.country = 1}};
    assert_int_equal(tw_game_escalate(f.g, bad, 2, 5, f.start, f.out, f.eq, &path, &err),
                     TW_ERR_INPUT);
    assert_null(path);
    teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tit_for_tat_spiral_to_cap),
        cmocka_unit_test(test_forgiveness),
        cmocka_unit_test(test_cycle),
        cmocka_unit_test(test_best_response_rule),
        cmocka_unit_test(test_bad_players),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
