/* SPDX-License-Identifier: MIT */
/* Nash tariff wars: symmetry, and no player gaining by re-optimising at a reported
 * equilibrium (checked here independently of the war's own verification). */
#include "test_util.h"

typedef struct fixture {
    char dir[256];
    tw_world *w;
    tw_model *m;
    tw_game *g;
    tw_policy *start, *out, *br;
    tw_equilibrium *eq, *eq2;
} fixture;

static void setup(fixture *f, int n, int j, uint64_t seed, int symmetric)
{
    tw_error err;
    memset(f, 0, sizeof *f);
    tw_test_tmpdir(f->dir, sizeof f->dir);
    tw_test_random_world(f->dir, n, j, seed, 1, symmetric);
    assert_ok(tw_world_load(f->dir, NULL, &f->w, &err), &err);
    tw_model_options so = tw_test_model_options(TW_DEFICITS_FIXED, 1e-13);
    assert_ok(tw_model_create(f->w, &so, &f->m, &err), &err);
    assert_ok(tw_game_create(f->m, NULL, &f->g, &err), &err);
    assert_ok(tw_policy_create(f->m, &f->start), NULL);
    assert_ok(tw_policy_create(f->m, &f->out), NULL);
    assert_ok(tw_policy_create(f->m, &f->br), NULL);
    f->eq = tw_equilibrium_create(f->m);
    f->eq2 = tw_equilibrium_create(f->m);
}

static void teardown(fixture *f)
{
    tw_equilibrium_free(f->eq);
    tw_equilibrium_free(f->eq2);
    tw_policy_free(f->start);
    tw_policy_free(f->out);
    tw_policy_free(f->br);
    tw_game_free(f->g);
    tw_model_free(f->m);
    tw_world_free(f->w);
    tw_test_rmdir(f->dir);
}

/* Countries 0 and 1 are mirror images: their war tariffs are mirror images too. */
static void test_symmetric_world_symmetric_war(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 3, 3, 77, 1);
    tw_error err;
    tw_instrument players[2] = {{.country = 0, .kind = TW_INSTRUMENT_PARTNER_SECTOR},
                                {.country = 1, .kind = TW_INSTRUMENT_PARTNER_SECTOR}};
    tw_war_report rep;
    assert_ok(tw_game_nash_war(f.g, players, 2, NULL, NULL, f.start, f.out, f.eq, NULL, &rep, &err),
              &err);
    assert_true(rep.found);
    tw_dims d = tw_world_dims(f.w);
    const double *t = tw_policy_tariffs_const(f.out);
    for (int s = 0; s < d.j; s++) {
        if (!tw_world_sector_is_goods(f.w, s))
            continue;
        assert_close(t[tw_ix_nij(d, 0, 1, s)], t[tw_ix_nij(d, 1, 0, s)], 1e-6,
                     "sector %d: 0 on 1 vs 1 on 0", s);
        assert_close(t[tw_ix_nij(d, 0, 2, s)], t[tw_ix_nij(d, 1, 2, s)], 1e-6,
                     "sector %d: 0 on 2 vs 1 on 2", s);
        assert_true(t[tw_ix_nij(d, 0, 1, s)] > 0.01);
    }
    tw_results *r = tw_results_create(f.m);
    assert_ok(tw_results_compute(f.m, f.eq, r), NULL);
    assert_close(r->country[0].real_income_pct, r->country[1].real_income_pct, 1e-7,
                 "mirror images have the same real income");
    tw_results_free(r);
    teardown(&f);
}

/* At the reported war no player gains more than the tolerance by re-optimising, checked by a
 * fresh best response from the war's tariffs. Both methods find the same war. */
static void check_war(tw_war_method method, tw_instrument_kind kind)
{
    fixture f;
    setup(&f, 3, 2, 2024, 0);
    tw_error err;
    tw_instrument players[3];
    for (int p = 0; p < 3; p++)
        players[p] = (tw_instrument){.country = p, .kind = kind};
    tw_war_options o;
    tw_war_options_init(&o);
    o.method = method;
    tw_war_report rep;
    double gains[3];
    assert_ok(tw_game_nash_war(f.g, players, 3, NULL, &o, f.start, f.out, f.eq, gains, &rep, &err),
              &err);
    assert_true(rep.found && rep.converged && rep.verified);
    assert_true(rep.max_gain <= 1e-7);
    for (int p = 0; p < 3; p++) {
        tw_objective obj = {.country = p};
        double before = tw_objective_value(f.m, f.eq, &obj);
        tw_optimize_report br;
        tw_equilibrium_copy(f.eq2, f.eq);
        assert_ok(tw_game_best_response(f.g, &players[p], NULL, f.out, f.br, f.eq2, &br, &err), &err);
        assert_true(br.value - before <= 1e-7);
        assert_true(gains[p] <= 1e-7);
    }
    teardown(&f);
}

static void test_war_newton_sector(void **state)
{
    (void)state;
    check_war(TW_WAR_JOINT_FOC, TW_INSTRUMENT_SECTOR);
}

static void test_war_best_responses_sector(void **state)
{
    (void)state;
    check_war(TW_WAR_BEST_RESPONSE, TW_INSTRUMENT_SECTOR);
}

static void test_war_uniform(void **state)
{
    (void)state;
    check_war(TW_WAR_AUTO, TW_INSTRUMENT_UNIFORM);
}

/* Newton's rounds take their adjoints at a coarse tolerance far from the solution; the war
 * they report must still meet its first-order conditions at the returned tariffs, with
 * gradients at the game's own tolerance: every derivative of a player's payoff in its own
 * variables not held by a bound is at most the war's tolerance. */
static void test_newton_focs_at_returned_tariffs(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 3, 2, 2024, 0);
    tw_error err;
    tw_instrument players[3];
    for (int p = 0; p < 3; p++)
        players[p] = (tw_instrument){.country = p, .kind = TW_INSTRUMENT_SECTOR};
    tw_war_options o;
    tw_war_options_init(&o);
    o.method = TW_WAR_JOINT_FOC;
    tw_war_report rep;
    assert_ok(tw_game_nash_war(f.g, players, 3, NULL, &o, f.start, f.out, f.eq, NULL, &rep, &err),
              &err);
    assert_true(rep.found && rep.converged);
    tw_dims d = tw_world_dims(f.w);
    const double *t = tw_policy_tariffs_const(f.out);
    int free_vars = 0;
    for (int p = 0; p < 3; p++) {
        size_t nx = tw_instrument_size(f.m, &players[p]);
        double gx[8];
        assert_true(nx > 0 && nx <= 8);
        tw_objective obj = {.country = p};
        tw_adjoint_report ar;
        assert_ok(tw_game_instrument_gradient(f.g, &players[p], f.out, f.eq, &obj, NULL, gx, &ar,
                                              &err),
                  &err);
        /* Variable k is the k-th goods sector's tariff, the same on every partner. */
        size_t k = 0;
        for (int s = 0; s < d.j; s++) {
            if (!tw_world_sector_is_goods(f.w, s))
                continue;
            double x = t[tw_ix_nij(d, p, (p + 1) % 3, s)];
            int held = (x <= 1e-12 && gx[k] < 0) || (x >= 2.0 - 1e-12 && gx[k] > 0);
            if (!held) {
                free_vars++;
                assert_true(fabs(gx[k]) <= o.tolerance);
            }
            k++;
        }
        assert_int_equal(k, nx);
    }
    assert_true(free_vars > 0);
    teardown(&f);
}

/* The two methods agree on the war's tariffs. */
static void test_methods_agree(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 3, 2, 99, 0);
    tw_error err;
    tw_instrument players[2] = {{.country = 0, .kind = TW_INSTRUMENT_SECTOR},
                                {.country = 2, .kind = TW_INSTRUMENT_SECTOR}};
    tw_war_options a, b;
    tw_war_options_init(&a);
    tw_war_options_init(&b);
    a.method = TW_WAR_JOINT_FOC;
    b.method = TW_WAR_BEST_RESPONSE;
    assert_ok(tw_game_nash_war(f.g, players, 2, NULL, &a, f.start, f.out, f.eq, NULL, NULL, &err),
              &err);
    assert_ok(tw_game_nash_war(f.g, players, 2, NULL, &b, f.start, f.br, f.eq2, NULL, NULL, &err),
              &err);
    tw_dims d = tw_world_dims(f.w);
    size_t nij = (size_t)d.n * d.n * d.j;
    for (size_t k = 0; k < nij; k++)
        assert_close(tw_policy_tariffs_const(f.out)[k], tw_policy_tariffs_const(f.br)[k], 1e-5,
                     "tariff entry %zu", k);
    teardown(&f);
}

/* The per-player work runs on threads, each with its own solver: the war's tariffs, gains
 * and report are the same bits with 1, 2 and 3 threads (4 players, so some thread takes two,
 * and both methods: joint first-order conditions and best responses). */
static void test_threads_same_bits(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 4, 2, 7, 0);
    tw_error err;
    tw_instrument players[4];
    for (int p = 0; p < 4; p++)
        players[p] = (tw_instrument){.country = p, .kind = TW_INSTRUMENT_SECTOR};
    tw_dims d = tw_world_dims(f.w);
    size_t nij = (size_t)d.n * d.n * d.j;
    for (int method = 0; method < 2; method++) {
        double ref_gains[4], ref_w0 = 0.0;
        tw_war_report ref;
        double *ref_t = malloc(nij * sizeof *ref_t);
        for (int threads = 1; threads <= 3; threads++) {
            tw_game_options go;
            tw_game_options_init(&go);
            go.threads = threads;
            tw_game *g;
            assert_ok(tw_game_create(f.m, &go, &g, &err), &err);
            tw_war_options o;
            tw_war_options_init(&o);
            o.method = method ? TW_WAR_BEST_RESPONSE : TW_WAR_JOINT_FOC;
            tw_war_report rep;
            double gains[4];
            /* A fresh equilibrium each time: a solved one would be the solves' warm start. */
            tw_equilibrium_free(f.eq);
            f.eq = tw_equilibrium_create(f.m);
            assert_ok(tw_game_nash_war(g, players, 4, NULL, &o, f.start, f.out, f.eq, gains,
                                       &rep, &err),
                      &err);
            tw_objective obj = {.country = 0};
            double w0 = tw_objective_value(f.m, f.eq, &obj);
            const double *t = tw_policy_tariffs_const(f.out);
            if (threads == 1) {
                memcpy(ref_t, t, nij * sizeof *ref_t);
                memcpy(ref_gains, gains, sizeof gains);
                ref = rep;
                ref_w0 = w0;
            } else {
                assert_memory_equal(t, ref_t, nij * sizeof *ref_t);
                assert_memory_equal(gains, ref_gains, sizeof gains);
                assert_memory_equal(&w0, &ref_w0, sizeof w0);
                assert_int_equal(rep.rounds, ref.rounds);
                assert_int_equal(rep.evaluations, ref.evaluations);
                assert_memory_equal(&rep.max_gain, &ref.max_gain, sizeof rep.max_gain);
            }
            tw_game_free(g);
        }
        free(ref_t);
    }
    teardown(&f);
}

/* Overlapping instruments are refused. */
static void test_overlap_refused(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 3, 2, 5, 0);
    tw_error err;
    tw_instrument players[2] = {{.country = 0, .kind = TW_INSTRUMENT_SECTOR},
                                {.country = 0, .kind = TW_INSTRUMENT_UNIFORM}};
    assert_int_equal(
        tw_game_nash_war(f.g, players, 2, NULL, NULL, f.start, f.out, f.eq, NULL, NULL, &err),
        TW_ERR_INPUT);
    teardown(&f);
}

static int stop_after_two(void *ctx, const char *what, int step, double value)
{
    (void)what;
    (void)step;
    (void)value;
    int *calls = ctx;
    return ++*calls > 2;
}

/* A progress callback that asks to stop: the war ends cancelled (TW_ERR_CANCELLED), not found;
 * an interrupted best response is never reported as converged. */
static void test_cancel(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 3, 3, 8, 0);
    tw_error err;
    int calls = 0;
    tw_cancel *flag = tw_cancel_create();
    assert_non_null(flag);
    tw_game_options go;
    tw_game_options_init(&go);
    go.progress = stop_after_two;
    go.progress_ctx = &calls;
    go.cancel = flag;
    tw_game *g;
    assert_ok(tw_game_create(f.m, &go, &g, &err), &err);
    tw_instrument players[2] = {{.country = 0, .kind = TW_INSTRUMENT_SECTOR},
                                {.country = 1, .kind = TW_INSTRUMENT_SECTOR}};
    tw_war_report rep;
    assert_int_equal(tw_game_nash_war(g, players, 2, NULL, NULL, f.start, f.out, f.eq, NULL, &rep,
                                 &err),
                     TW_ERR_CANCELLED);
    assert_true(rep.cancelled);
    assert_false(rep.found);
    assert_true(tw_cancel_is_set(flag)); /* the callback's stop sets the caller's flag */
    tw_cancel_reset(flag);
    calls = 0;
    tw_optimize_report br;
    assert_int_equal(tw_game_best_response(g, &players[0], NULL, f.start, f.out, f.eq, &br, &err),
                     TW_ERR_CANCELLED);
    assert_true(br.cancelled);
    assert_false(br.converged);
    /* A flag set from outside (another thread, a signal handler) stops the next computation
     * before it does anything. */
    tw_cancel_set(flag);
    calls = -1000000; /* the callback would not stop it */
    assert_int_equal(tw_game_best_response(g, &players[0], NULL, f.start, f.out, f.eq, &br, &err),
                     TW_ERR_CANCELLED);
    assert_true(br.cancelled);
    assert_false(br.converged);
    tw_game_free(g);
    tw_cancel_free(flag);
    teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_symmetric_world_symmetric_war),
        cmocka_unit_test(test_war_newton_sector),
        cmocka_unit_test(test_war_best_responses_sector),
        cmocka_unit_test(test_war_uniform),
        cmocka_unit_test(test_methods_agree),
        cmocka_unit_test(test_newton_focs_at_returned_tariffs),
        cmocka_unit_test(test_threads_same_bits),
        cmocka_unit_test(test_overlap_refused),
        cmocka_unit_test(test_cancel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
