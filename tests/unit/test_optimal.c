/* SPDX-License-Identifier: MIT */
/* Best responses: the closed-form optimal tariff of the one-sector, two-country model without
 * input-output links, and the first-order conditions of optimal tariffs on random worlds. */
#include "model/blocks.h"
#include "test_util.h"

/* Two countries, one sector, all value added, balanced trade (zero deficits): the
 * Armington / Eaton-Kortum special case. Home (H) imports from Foreign (F). */
static void write_two_country_world(const char *dir, double theta, double hh, double hf,
                                    double fh, double ff, double foreign_tariff)
{
    char buf[512];
    tw_test_write(dir, "countries.csv", "code,name\nH,Home\nF,Foreign\n");
    snprintf(buf, sizeof buf, "code,name,theta,goods\nG,Goods,%.17g,1\n", theta);
    tw_test_write(dir, "sectors.csv", buf);
    /* flows: exporter, importer; H buys hf from F, F buys fh from H. */
    snprintf(buf, sizeof buf,
             "exporter,importer,sector,value\nH,H,G,%.17g\nF,H,G,%.17g\nH,F,G,%.17g\nF,F,G,%.17g\n",
             hh, hf, fh, ff);
    tw_test_write(dir, "flows.csv", buf);
    snprintf(buf, sizeof buf, "importer,exporter,sector,rate\nF,H,G,%.17g\n", foreign_tariff);
    tw_test_write(dir, "tariffs.csv", buf);
}

/* Home's optimal tariff in the one-sector, two-country model without IO is the inverse of the
 * elasticity of Foreign's export supply, t* = 1 / (theta lambda_FF) (Costinot and
 * Rodriguez-Clare 2014, handbook ch. 4, section 4.1), where lambda_FF = 1 - lambda' is the share
 * of Foreign's own goods in Foreign's spending at the optimum, and lambda' = pi_FH (importer F,
 * exporter H) is Home's share in Foreign's spending. In this model Home's tariff moves Foreign's
 * wage; Foreign's export supply elasticity is theta times the share of Foreign's spending that
 * stays at home, because only that part of its demand is not itself priced in Home's wage. Both
 * shares are tariff-inclusive expenditure shares (eq. 3), which is what tw_equilibrium pi holds. */
static void check_closed_form(double theta, double hh, double hf, double fh, double ff,
                              double foreign_tariff, double profit)
{
    /* The closed form assumes free trade in Foreign: its own tariff revenue changes how its
     * income responds to Home's tariff (checked with 15%: the optimum moves by ~1%). */
    assert_true(foreign_tariff == 0.0);
    char dir[256];
    tw_test_tmpdir(dir, sizeof dir);
    write_two_country_world(dir, theta, hh, hf, fh, ff, foreign_tariff);
    if (profit > 0) { /* Krugman profits (docs/model.md §2d), share 1/sigma of revenue */
        char buf[64];
        snprintf(buf, sizeof buf, "sector,share\nG,%.17g\n", profit);
        tw_test_write(dir, "profits.csv", buf);
    }
    tw_error err;
    tw_world *w;
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    tw_model_options so = tw_test_model_options(TW_DEFICITS_ZERO, 1e-14);
    tw_model *m;
    assert_ok(tw_model_create(w, &so, &m, &err), &err);
    assert_int_equal(m->map == &tw_map_cobb_douglas_profits, profit > 0);
    tw_game_options go;
    tw_game_options_init(&go);
    go.xtol = 1e-12;
    go.ftol = 1e-16;
    tw_game *g;
    assert_ok(tw_game_create(m, &go, &g, &err), &err);
    tw_policy *start, *out;
    assert_ok(tw_policy_create(m, &start), NULL);
    assert_ok(tw_policy_create(m, &out), NULL);
    tw_equilibrium *eq = tw_equilibrium_create(m);
    int h = tw_world_country_index(w, "H"), f = tw_world_country_index(w, "F");
    tw_instrument ins = {.country = h, .kind = TW_INSTRUMENT_UNIFORM, .upper = 3.0};
    tw_optimize_report rep;
    assert_ok(tw_game_best_response(g, &ins, NULL, start, out, eq, &rep, &err), &err);
    assert_true(rep.converged);
    tw_dims d = tw_world_dims(w);
    double t = tw_policy_tariffs_const(out)[tw_ix_nij(d, h, f, 0)];
    /* lambda' from the solved equilibrium: re-read through a second solve of the optimum. */
    tw_results *r = tw_results_create(m);
    assert_ok(tw_results_compute(m, eq, r), NULL);
    /* pi_FH at the optimum: F's purchases from H over F's absorption, tariff-inclusive. */
    double lambda_prime = r->trade[(size_t)f * d.n + h] * (1.0 + foreign_tariff);
    double absorb_f = lambda_prime + r->trade[(size_t)f * d.n + f];
    lambda_prime /= absorb_f;
    double closed = 1.0 / (theta * (1.0 - lambda_prime));
    assert_close(t, closed, 1e-6, "optimal tariff vs 1/(theta (1 - lambda'))");
    assert_true(rep.kkt_residual < 1e-8);
    tw_results_free(r);
    tw_equilibrium_free(eq);
    tw_policy_free(start);
    tw_policy_free(out);
    tw_game_free(g);
    tw_model_free(m);
    tw_world_free(w);
    tw_test_rmdir(dir);
}

static void test_closed_form_symmetric(void **state)
{
    (void)state;
    check_closed_form(4.0, 80, 20, 20, 80, 0.0, 0.0);
}

static void test_closed_form_asymmetric(void **state)
{
    (void)state;
    check_closed_form(5.0, 300, 30, 30, 70, 0.0, 0.0);
}

/* Krugman firms with a fixed set of firms and profits 1/sigma of revenue (Ossa 2014) in one
 * sector: theta = sigma - 1, and profits are a fixed share of the same revenue that pays labour,
 * so the profits block leaves the optimum at 1 / ((sigma - 1)(1 - lambda')): the closed form of
 * the Armington case above holds with theta = sigma - 1 (no other sector to shift profits from). */
static void test_closed_form_profits(void **state)
{
    (void)state;
    check_closed_form(4.0, 300, 30, 30, 70, 0.0, 1.0 / 5.0);
    check_closed_form(9.0, 120, 25, 25, 200, 0.0, 1.0 / 10.0);
}

static void test_closed_form_small_home(void **state)
{
    (void)state;
    check_closed_form(6.0, 120, 25, 25, 200, 0.0, 0.0);
}

typedef struct rworld {
    char dir[256];
    tw_world *w;
    tw_model *m;
    tw_game *g;
    tw_policy *start, *out;
    tw_equilibrium *eq;
} rworld;

static void rworld_open(rworld *r, uint64_t seed)
{
    tw_error err;
    tw_test_tmpdir(r->dir, sizeof r->dir);
    tw_test_random_world(r->dir, 4, 4, seed, 1, 0);
    assert_ok(tw_world_load(r->dir, NULL, &r->w, &err), &err);
    tw_model_options so = tw_test_model_options(TW_DEFICITS_FIXED, 1e-13);
    assert_ok(tw_model_create(r->w, &so, &r->m, &err), &err);
    assert_ok(tw_game_create(r->m, NULL, &r->g, &err), &err);
    assert_ok(tw_policy_create(r->m, &r->start), NULL);
    assert_ok(tw_policy_create(r->m, &r->out), NULL);
    r->eq = tw_equilibrium_create(r->m);
}

static void rworld_close(rworld *r)
{
    tw_equilibrium_free(r->eq);
    tw_policy_free(r->start);
    tw_policy_free(r->out);
    tw_game_free(r->g);
    tw_model_free(r->m);
    tw_world_free(r->w);
    tw_test_rmdir(r->dir);
}

/* By partner and sector: the optimum satisfies the first-order conditions, beats the start
 * and beats small moves of every variable. */
static void test_partner_sector_optimum(void **state)
{
    (void)state;
    rworld r;
    rworld_open(&r, 31);
    tw_error err;
    tw_instrument ins = {.country = 1, .kind = TW_INSTRUMENT_PARTNER_SECTOR};
    assert_int_equal(tw_instrument_size(r.m, &ins), 3 * 3);
    tw_optimize_report rep;
    assert_ok(tw_game_best_response(r.g, &ins, NULL, r.start, r.out, r.eq, &rep, &err), &err);
    assert_true(rep.converged && rep.kkt_residual <= 1e-6);
    tw_objective obj = {.country = 1};
    tw_equilibrium *e2 = tw_equilibrium_create(r.m);
    assert_ok(tw_test_model_solve(r.m, r.start, e2, NULL, &err), &err);
    assert_true(rep.value > tw_objective_value(r.m, e2, &obj));
    tw_dims d = tw_world_dims(r.w);
    tw_policy *q;
    assert_ok(tw_policy_create(r.m, &q), NULL);
    for (int s = 0; s < d.j; s++)
        for (int i = 0; i < d.n; i++) {
            size_t at = tw_ix_nij(d, 1, i, s);
            if (i == 1 || !tw_world_sector_is_goods(r.w, s))
                continue;
            for (int sign = -1; sign <= 1; sign += 2) {
                tw_policy_copy(q, r.out);
                tw_policy_tariffs(q)[at] += sign * 1e-3;
                tw_equilibrium_copy(e2, r.eq);
                assert_ok(tw_test_model_solve(r.m, q, e2, NULL, &err), &err);
                assert_true(tw_objective_value(r.m, e2, &obj) <= rep.value + 1e-12);
            }
        }
    tw_policy_free(q);
    tw_equilibrium_free(e2);
    rworld_close(&r);
}

/* "Only increases": every chosen tariff is at least today's, and the upper bound holds. */
static void test_only_increases(void **state)
{
    (void)state;
    rworld r;
    rworld_open(&r, 32);
    tw_error err;
    tw_instrument ins = {.country = 0, .kind = TW_INSTRUMENT_SECTOR, .only_increases = 1,
                         .upper = 0.05};
    tw_optimize_report rep;
    assert_ok(tw_game_best_response(r.g, &ins, NULL, r.start, r.out, r.eq, &rep, &err), &err);
    assert_true(rep.converged);
    tw_dims d = tw_world_dims(r.w);
    const double *t0 = tw_policy_tariffs_const(r.start), *t1 = tw_policy_tariffs_const(r.out);
    for (int s = 0; s < d.j; s++)
        for (int i = 1; i < d.n; i++) {
            size_t at = tw_ix_nij(d, 0, i, s);
            assert_true(t1[at] >= t0[at] - 1e-15);
            assert_true(t1[at] <= t0[at] + 0.05 + 1e-15);
        }
    rworld_close(&r);
}

/* A government that weighs sector 0's producers more protects sector 0 more. */
static void test_sector_weights_protect(void **state)
{
    (void)state;
    rworld r;
    rworld_open(&r, 33);
    tw_error err;
    tw_dims d = tw_world_dims(r.w);
    tw_instrument ins = {.country = 2, .kind = TW_INSTRUMENT_SECTOR};
    tw_optimize_report rep;
    assert_ok(tw_game_best_response(r.g, &ins, NULL, r.start, r.out, r.eq, &rep, &err), &err);
    double plain = tw_policy_tariffs_const(r.out)[tw_ix_nij(d, 2, 0, 0)];
    double weights[4] = {0.5, 0, 0, 0};
    tw_objective obj = {.country = 2, .sector_weights = weights};
    assert_ok(tw_game_best_response(r.g, &ins, &obj, r.start, r.out, r.eq, &rep, &err), &err);
    assert_true(rep.converged);
    double weighted = tw_policy_tariffs_const(r.out)[tw_ix_nij(d, 2, 0, 0)];
    assert_true(weighted > plain + 0.01);
    rworld_close(&r);
}

/* An instrument with several rates starts from the best single rate on the same tariffs
 * (src/strategy/optimal.c): its optimum pays at least as much as that rate, and the report
 * counts both stages' evaluations. */
static void test_sector_after_single_rate(void **state)
{
    (void)state;
    rworld r;
    rworld_open(&r, 35);
    tw_error err;
    tw_instrument one = {.country = 3, .kind = TW_INSTRUMENT_UNIFORM};
    tw_instrument by_sector = {.country = 3, .kind = TW_INSTRUMENT_SECTOR};
    tw_optimize_report rep1, rep;
    assert_ok(tw_game_best_response(r.g, &one, NULL, r.start, r.out, r.eq, &rep1, &err), &err);
    assert_true(rep1.converged);
    assert_ok(tw_game_best_response(r.g, &by_sector, NULL, r.start, r.out, r.eq, &rep, &err),
              &err);
    assert_true(rep.converged && rep.kkt_residual <= 1e-6);
    /* The first stage is the single-rate best response above from another warm start (eq),
     * so it takes about as many evaluations (5 here), and the second at least one (7 here). */
    print_message("single rate %d evaluations, by sector %d in all\n", rep1.evaluations,
                  rep.evaluations);
    assert_true(rep.evaluations > rep1.evaluations);
    /* 1e-12: the payoffs' round-off at the equilibrium tolerance 1e-13 */
    assert_true(rep.value >= rep1.value - 1e-12);
    rworld_close(&r);
}

static int stop_at_second(void *ctx, const char *what, int step, double value)
{
    (void)what;
    (void)value;
    (void)step;
    int *calls = ctx;
    return ++*calls >= 2;
}

/* Stopped during the single-rate stage: cancelled, and out holds that stage's point (one rate
 * on every tariff of the instrument). */
static void test_cancel_in_single_rate_stage(void **state)
{
    (void)state;
    rworld r;
    rworld_open(&r, 36);
    tw_error err;
    tw_game_options go;
    tw_game_options_init(&go);
    int calls = 0;
    go.progress = stop_at_second;
    go.progress_ctx = &calls;
    tw_game *g;
    assert_ok(tw_game_create(r.m, &go, &g, &err), &err);
    tw_instrument by_sector = {.country = 0, .kind = TW_INSTRUMENT_SECTOR};
    tw_optimize_report rep;
    assert_int_equal(tw_game_best_response(g, &by_sector, NULL, r.start, r.out, r.eq, &rep, &err),
                     TW_ERR_CANCELLED);
    assert_true(rep.cancelled && !rep.converged);
    assert_int_equal(rep.evaluations, 1);
    tw_dims d = tw_world_dims(r.w);
    const double *t = tw_policy_tariffs_const(r.out);
    double rate = t[tw_ix_nij(d, 0, 1, 0)];
    for (int s = 0; s < d.j; s++)
        for (int i = 1; i < d.n; i++)
            if (tw_world_sector_is_goods(r.w, s))
                assert_true(t[tw_ix_nij(d, 0, i, s)] == rate);
    tw_game_free(g);
    rworld_close(&r);
}

/* Bad instruments are input errors, not crashes. */
static void test_bad_instrument(void **state)
{
    (void)state;
    rworld r;
    rworld_open(&r, 34);
    tw_error err;
    int partners[1] = {0};
    tw_instrument ins = {.country = 0, .kind = TW_INSTRUMENT_SECTOR, .partners = partners,
                         .n_partners = 1};
    assert_int_equal(tw_game_best_response(r.g, &ins, NULL, r.start, r.out, r.eq, NULL, &err),
                     TW_ERR_INPUT);
    tw_instrument bounds = {.country = 0, .lower = 0.5, .upper = 0.1};
    assert_int_equal(tw_game_best_response(r.g, &bounds, NULL, r.start, r.out, r.eq, NULL, &err),
                     TW_ERR_INPUT);
    rworld_close(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_form_symmetric),
        cmocka_unit_test(test_closed_form_asymmetric),
        cmocka_unit_test(test_closed_form_small_home),
        cmocka_unit_test(test_closed_form_profits),
        cmocka_unit_test(test_partner_sector_optimum),
        cmocka_unit_test(test_only_increases),
        cmocka_unit_test(test_sector_weights_protect),
        cmocka_unit_test(test_sector_after_single_rate),
        cmocka_unit_test(test_cancel_in_single_rate_stage),
        cmocka_unit_test(test_bad_instrument),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
