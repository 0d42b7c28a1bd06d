/* SPDX-License-Identifier: MIT */
/* The games' band functions (tradewar/game_bands.h): the layout of the outputs, a draw
 * function on the point's own model giving exactly the point's numbers (the draw plays the
 * same game from the baseline on one thread), and bad specifications refused. A 3 x 3 random
 * world keeps it cheap. */
#include "test_util.h"

typedef struct fixture {
    char dir[256];
    tw_world *w;
    tw_model *m;
    tw_game *g;
    tw_policy *today, *out;
    tw_equilibrium *eq;
    tw_results *r;
} fixture;

static void setup(fixture *f)
{
    tw_error err;
    memset(f, 0, sizeof *f);
    tw_test_tmpdir(f->dir, sizeof f->dir);
    tw_test_random_world(f->dir, 3, 3, 515, 1, 0);
    assert_ok(tw_world_load(f->dir, NULL, &f->w, &err), &err);
    assert_ok(tw_model_create(f->w, NULL, &f->m, &err), &err);
    tw_game_options go;
    tw_game_options_init(&go);
    go.threads = 1; /* as every draw */
    assert_ok(tw_game_create(f->m, &go, &f->g, &err), &err);
    assert_ok(tw_policy_create(f->m, &f->today), NULL);
    assert_ok(tw_policy_create(f->m, &f->out), NULL);
    f->eq = tw_equilibrium_create(f->m);
    f->r = tw_results_create(f->m);
}

static void teardown(fixture *f)
{
    tw_results_free(f->r);
    tw_equilibrium_free(f->eq);
    tw_policy_free(f->today);
    tw_policy_free(f->out);
    tw_game_free(f->g);
    tw_model_free(f->m);
    tw_world_free(f->w);
    tw_test_rmdir(f->dir);
}

/* Each output of a and b bit for bit (NaN equal to NaN). */
static void assert_same(const double *a, const double *b, int n)
{
    for (int k = 0; k < n; k++)
        if (!(isnan(a[k]) && isnan(b[k])))
            assert_memory_equal(&a[k], &b[k], sizeof a[k]);
}

static void test_layout(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    tw_instrument ins[2] = {{.country = 0}, {.country = 2}};
    tw_game_bands gb;
    tw_game_bands_init(&gb);
    gb.game = TW_GAME_BANDS_WAR;
    gb.players = ins;
    gb.n_players = 2;
    assert_int_equal(tw_game_bands_outputs(&gb, f.w), 2 * 2 + 3 + 1);
    tw_escalation_player pl[2] = {{.country = 0}, {.country = 1}};
    tw_escalate_bands eb = {pl, 2, 10, 3, NULL};
    assert_int_equal(tw_escalate_bands_outputs(&eb), (3 + 2) * 4 + 1);
    assert_int_equal(tw_escalate_bands_state(&eb, 4), 16); /* the end state */
    assert_int_equal(tw_escalate_bands_rounds_index(&eb), 20);
    tw_enforce_bands fb = {ins, 2, 0, "today"};
    assert_int_equal(tw_enforce_bands_outputs(&fb), 8);
    assert_string_equal(tw_enforce_bands_field(0), "delta_star");
    assert_string_equal(tw_enforce_bands_field(3), "payoff_punish");
    assert_null(tw_enforce_bands_field(4));
    teardown(&f);
}

/* The best response's draw function on the point's model gives the point's outputs. */
static void test_optimal_draw_is_the_point(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    tw_error err;
    tw_instrument ins = {.country = 2};
    tw_optimize_report rep;
    assert_ok(tw_model_solve(f.m, tw_game_solver(f.g), f.today, f.eq, NULL, &err), &err);
    assert_ok(tw_game_best_response(f.g, &ins, NULL, f.today, f.out, f.eq, &rep, &err), &err);
    assert_true(rep.converged);
    assert_ok(tw_results_compute(f.m, f.eq, f.r), NULL);
    tw_game_bands gb;
    tw_game_bands_init(&gb);
    gb.players = &ins;
    gb.n_players = 1;
    int K = tw_game_bands_outputs(&gb, f.w);
    double pt[8], dr[8];
    assert_int_equal(K, 2 + 3 + 1);
    tw_game_bands_values(&gb, f.w, f.out, f.r, pt);
    assert_true(pt[0] > 0); /* a positive optimal tariff, in % */
    assert_ok(tw_game_bands_eval(&gb, f.m, NULL, dr, &err), &err);
    assert_same(pt, dr, K);
    teardown(&f);
}

/* The escalation's draw function on the point's model gives the point's path. */
static void test_escalate_draw_is_the_point(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    tw_error err;
    tw_escalation_player pl[2] = {
        {.country = 0, .rule = TW_RULE_TIT_FOR_TAT, .opening = 0.1, .cap = 0.2},
        {.country = 1, .rule = TW_RULE_TIT_FOR_TAT, .cap = 0.2}};
    tw_escalation *path = NULL;
    assert_ok(tw_game_escalate(f.g, pl, 2, 8, f.today, f.out, f.eq, &path, &err), &err);
    tw_escalate_bands eb = {pl, 2, 8, path->rounds, NULL};
    int K = tw_escalate_bands_outputs(&eb);
    double *pt = malloc((size_t)K * sizeof *pt), *dr = malloc((size_t)K * sizeof *dr);
    assert_non_null(pt);
    assert_non_null(dr);
    tw_escalate_bands_values(&eb, path, pt);
    assert_true(pt[tw_escalate_bands_rounds_index(&eb)] == path->rounds);
    assert_ok(tw_escalate_bands_eval(&eb, f.m, NULL, dr, &err), &err);
    assert_same(pt, dr, K);
    free(pt);
    free(dr);
    tw_escalation_free(path);
    teardown(&f);
}

static void test_bad_specifications(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    tw_error err;
    double out[16];
    tw_instrument ins[2] = {{.country = 0}, {.country = 1}};
    tw_game_bands gb;
    tw_game_bands_init(&gb);
    gb.players = ins;
    gb.n_players = 2; /* a best response has one player */
    assert_int_equal(tw_game_bands_eval(&gb, f.m, NULL, out, &err), TW_ERR_INPUT);
    assert_string_equal(err.field, "players");
    tw_enforce_bands fb = {ins, 2, 0, "treaty"};
    assert_int_equal(tw_enforce_bands_eval(&fb, f.m, NULL, out, &err), TW_ERR_INPUT);
    assert_string_equal(err.field, "agreement");
    teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_optimal_draw_is_the_point),
        cmocka_unit_test(test_escalate_draw_is_the_point),
        cmocka_unit_test(test_bad_specifications),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
