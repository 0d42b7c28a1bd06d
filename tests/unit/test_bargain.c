/* SPDX-License-Identifier: MIT */
/* Bargains over export controls (tradewar/bargain.h) on a random world whose countries 0 and
 * 1 are mirror images, each holding an export quota on its sales of one good to the other
 * (rent to the exporter, cap 30% of the baseline flow: past the exporter's best quota, so
 * that both gain by relaxing them together):
 *  - every player's gain over disagreement is >= 0 and the deal is Pareto-improving (both
 *    strictly gain here);
 *  - the symmetric problem has the symmetric solution;
 *  - the Nash product is at a local maximum: no level moved by +-0.02 raises its logarithm by
 *    more than 1e-3 (the library's own check, recomputed here independently of it);
 *  - the deal's payoffs are those of the levels' policy solved afresh;
 *  - bad controls are refused;
 *  - the whole bargain of tw_bargain_outcome_run equals its steps made by hand. */
#include "test_util.h"

typedef struct fixture {
    char dir[256];
    tw_world *w;
    tw_model *m;
    tw_game *g;
    tw_policy *dis, *deal, *trial;
    tw_equilibrium *eq, *eq2;
    int good;
} fixture;

static void setup(fixture *f, double cap)
{
    tw_error err;
    memset(f, 0, sizeof *f);
    tw_test_tmpdir(f->dir, sizeof f->dir);
    tw_test_random_world(f->dir, 3, 3, 77, 1, 1);
    assert_ok(tw_world_load(f->dir, NULL, &f->w, &err), &err);
    tw_model_options so = tw_test_model_options(TW_DEFICITS_FIXED, 1e-13);
    assert_ok(tw_model_create(f->w, &so, &f->m, &err), &err);
    assert_ok(tw_game_create(f->m, NULL, &f->g, &err), &err);
    assert_ok(tw_policy_create(f->m, &f->dis), NULL);
    assert_ok(tw_policy_create(f->m, &f->deal), NULL);
    assert_ok(tw_policy_create(f->m, &f->trial), NULL);
    f->eq = tw_equilibrium_create(f->m);
    f->eq2 = tw_equilibrium_create(f->m);
    tw_dims d = tw_world_dims(f->w);
    f->good = -1;
    for (int j = 0; j < d.j && f->good < 0; j++)
        if (tw_world_sector_is_goods(f->w, j))
            f->good = j;
    assert_true(f->good >= 0);
    const double *flows = tw_world_flows(f->w);
    double *q = tw_policy_quotas(f->dis);
    unsigned char *rent = tw_policy_quota_rent(f->dis);
    for (int a = 0; a < 2; a++) {
        size_t x = tw_ix_nij(d, 1 - a, a, f->good);
        q[x] = cap * flows[x];
        rent[x] = TW_RENT_EXPORTER;
    }
}

static void teardown(fixture *f)
{
    tw_equilibrium_free(f->eq);
    tw_equilibrium_free(f->eq2);
    tw_policy_free(f->dis);
    tw_policy_free(f->deal);
    tw_policy_free(f->trial);
    tw_game_free(f->g);
    tw_model_free(f->m);
    tw_world_free(f->w);
    tw_test_rmdir(f->dir);
}

/* Real income levels V_p = exp(W_p) of countries 0 and 1 at the given levels. */
static void payoffs_at(fixture *f, const tw_control *c, const double *lv, double *v)
{
    tw_error err;
    assert_ok(tw_controls_apply(f->m, c, 2, f->dis, lv, f->trial, &err), &err);
    assert_ok(tw_model_solve(f->m, tw_game_solver(f->g), f->trial, f->eq2, NULL, &err), &err);
    for (int p = 0; p < 2; p++) {
        tw_objective o = {.country = p};
        v[p] = exp(tw_objective_value(f->m, f->eq2, &o));
    }
}

static double log_nash(const double *v, const double *vd)
{
    double g0 = 100.0 * (v[0] - vd[0]), g1 = 100.0 * (v[1] - vd[1]);
    return g0 > 0.0 && g1 > 0.0 ? 0.5 * log(g0) + 0.5 * log(g1) : -HUGE_VAL;
}

/* The mirror controls of the fixture: each of countries 0 and 1 holds the quota on its sales
 * of f->good to the other. c borrows x's arrays. */
typedef struct mirror {
    int players[2], importer[2], sector;
    tw_control c[2];
} mirror;

static void mirror_init(mirror *x, const fixture *f)
{
    x->sector = f->good;
    for (int a = 0; a < 2; a++) {
        x->players[a] = a;
        x->importer[a] = 1 - a;
        x->c[a] = (tw_control){.exporter = a, .importers = &x->importer[a], .n_importers = 1,
                               .sectors = &x->sector, .n_sectors = 1};
    }
}

static void test_symmetric_bargain(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 0.3);
    tw_error err;
    mirror mx;
    mirror_init(&mx, &f);
    const int *players = mx.players;
    const tw_control *c = mx.c;
    double lv[2], vd[2], vdeal[2];
    tw_bargain_report rep;
    assert_ok(tw_game_bargain(f.g, players, 2, NULL, c, 2, NULL, f.dis, f.deal, f.eq, lv, vd,
                              vdeal, &rep, &err),
              &err);
    printf("levels %.6f %.6f, gains %.6g %.6g points, %d solves, nlopt %d, check %.3g\n",
           lv[0], lv[1], 100 * (vdeal[0] - vd[0]), 100 * (vdeal[1] - vd[1]), rep.evaluations,
           rep.nlopt_code, rep.check_gain);
    assert_true(rep.converged);
    assert_false(rep.no_gain);
    /* Pareto-improving: both gain (strictly: well above the solver's 1e-13 tolerance). */
    assert_true(vdeal[0] - vd[0] > 1e-8);
    assert_true(vdeal[1] - vd[1] > 1e-8);
    /* Symmetric: COBYLA stops within xtol 1e-4 of its optimum in each level; 1e-3 allows
     * for the flat top of the product along the anti-diagonal. */
    assert_close(lv[0], lv[1], 1e-3, "mirror images get mirror levels");
    assert_close(vdeal[0] - vd[0], vdeal[1] - vd[1], 1e-3 * fabs(vdeal[0] - vd[0]),
                 "and equal gains");
    /* The deal's payoffs are those of its levels solved afresh (solver tolerance 1e-13). */
    double v[2];
    payoffs_at(&f, c, lv, v);
    assert_close(v[0], vdeal[0], 1e-10, "deal payoff 0");
    assert_close(v[1], vdeal[1], 1e-10, "deal payoff 1");
    /* Local maximum: no move of +-0.02 in a level raises the log Nash product by 1e-3. */
    double at = log_nash(vdeal, vd);
    for (int k = 0; k < 2; k++)
        for (int s = -1; s <= 1; s += 2) {
            double m[2] = {lv[0], lv[1]};
            m[k] = fmin(1.0, fmax(0.0, m[k] + 0.02 * s));
            if (m[k] == lv[k])
                continue;
            payoffs_at(&f, c, m, v);
            assert_true(log_nash(v, vd) <= at + 1e-3);
        }
    teardown(&f);
}

static void test_bad_controls(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 0.3);
    tw_error err;
    int players[2] = {0, 1}, imp = 2, sec = f.good;
    double lv[1], vd[2], vdeal[2];
    /* No quota in force on 0's sales to 2. */
    tw_control none = {.exporter = 0, .importers = &imp, .n_importers = 1, .sectors = &sec,
                       .n_sectors = 1};
    assert_int_equal(tw_game_bargain(f.g, players, 2, NULL, &none, 1, NULL, f.dis, f.deal, f.eq,
                                     lv, vd, vdeal, NULL, &err),
                     TW_ERR_INPUT);
    assert_non_null(strstr(err.message, "no quota in force"));
    /* A control held by a country outside the bargain. */
    tw_control other = {.exporter = 2, .sectors = &sec, .n_sectors = 1};
    assert_int_equal(tw_game_bargain(f.g, players, 2, NULL, &other, 1, NULL, f.dis, f.deal,
                                     f.eq, lv, vd, vdeal, NULL, &err),
                     TW_ERR_INPUT);
    assert_non_null(strstr(err.message, "not a player"));
    double bad = 1.5;
    tw_control ok = {.exporter = 0, .sectors = &sec, .n_sectors = 1};
    int one = 1;
    ok.importers = &one;
    ok.n_importers = 1;
    assert_int_equal(tw_controls_apply(f.m, &ok, 1, f.dis, &bad, f.deal, &err), TW_ERR_INPUT);
    teardown(&f);
}

/* The whole bargain (tw_bargain_outcome_run) is tw_controls_set_in_force + tw_game_bargain +
 * both results: the same levels and payoffs to the bit as the steps made by hand, the
 * disagreement policy's quotas those of the fixture (cap 30% of the baseline flow, rent to the
 * exporter), the document's results those of the deal and the disagreement; bad arguments are
 * refused without an outcome. */
static void test_outcome(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 0.3);
    tw_error err;
    mirror mx;
    mirror_init(&mx, &f);
    const int *players = mx.players;
    const tw_control *c = mx.c;
    double shares[2] = {0.3, 0.3}, lv[2], vd[2], vdeal[2];
    tw_bargain_report rep;
    assert_ok(tw_game_bargain(f.g, players, 2, NULL, c, 2, NULL, f.dis, f.deal, f.eq, lv, vd,
                              vdeal, &rep, &err),
              &err);
    tw_bargain_outcome *o = NULL;
    assert_ok(tw_bargain_outcome_run(f.g, NULL, players, 2, c, 2, shares, NULL, &o, &err), &err);
    const tw_bargain_document *doc = tw_bargain_outcome_document(o);
    for (int k = 0; k < 2; k++) {
        assert_true(doc->levels[k] == lv[k]);
        assert_true(doc->v_disagreement[k] == vd[k]);
        assert_true(doc->v_deal[k] == vdeal[k]);
    }
    assert_string_equal(doc->status, "converged");
    tw_dims d = tw_world_dims(f.w);
    size_t cells = (size_t)d.n * d.n * d.j;
    const double *q = tw_policy_quotas_const(tw_bargain_outcome_disagreement(o));
    const double *qf = tw_policy_quotas_const(f.dis);
    for (size_t x = 0; x < cells; x++)
        assert_true(q[x] == qf[x] || (isnan(q[x]) && isnan(qf[x])));
    for (int p = 0; p < 2; p++) {
        double lnv = log(vdeal[p]), lnd = log(vd[p]);
        assert_close(log1p(doc->deal->country[p].real_income_pct / 100.0), lnv, 1e-9,
                     "the deal's results are the deal's payoffs");
        assert_close(log1p(doc->disagreement->country[p].real_income_pct / 100.0), lnd, 1e-9,
                     "the disagreement's results are its payoffs");
    }
    tw_bargain_outcome_free(o);
    o = (tw_bargain_outcome *)&err; /* must be reset to NULL on failure */
    assert_int_equal(tw_bargain_outcome_run(f.g, NULL, players, 1, c, 2, shares, NULL, &o,
                                            &err),
                     TW_ERR_USAGE);
    assert_null(o);
    double bad[2] = {1.5, 0.3};
    o = (tw_bargain_outcome *)&err;
    assert_int_equal(tw_bargain_outcome_run(f.g, NULL, players, 2, c, 2, bad, NULL, &o, &err),
                     TW_ERR_INPUT);
    assert_null(o);
    assert_int_equal(tw_bargain_outcome_run(f.g, NULL, players, 2, c, 2, shares, NULL, NULL,
                                            &err),
                     TW_ERR_USAGE);
    teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_symmetric_bargain),
        cmocka_unit_test(test_bad_controls),
        cmocka_unit_test(test_outcome),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
