/* SPDX-License-Identifier: MIT */
/* The London talks as a Nash bargain over export controls (scenarios/tech_bargain_2025.yaml)
 * on data/icio2022tech, at the long and the short horizon. The disagreement point is the
 * controls in force on 2025-06-09: licence quotas at 50% on US sales of SEMI and SME to China,
 * China's rare-earth quota at 50% of its RE sales to the US, and the US cuts of 1,537 (SRV,
 * EDA), 3,432 (AERO, engine parts) and 696 (C20, ethane) USD million, every rent to the
 * exporter. Four controls: US [SEMI, SME], US [SRV], US [AERO, C20], China [RE].
 *  - the bargain converges, each side's gain over disagreement is >= 0 and the deal is
 *    Pareto-improving over disagreement (some side strictly gains, > 1e-9 of baseline real
 *    income, far above the solver's 1e-13 tolerance);
 *  - the Nash product is at a local maximum: no level moved by +-0.02 raises its logarithm
 *    by more than 1e-3 (recomputed here, independently of the library's check);
 *  - the deal's payoffs are those of its levels' policy solved afresh (1e-10);
 *  - every flow whose control the deal lifts (level 0) stays below its baseline value, so
 *    the payoff has no jump at that level (a level just above 0 caps the flow near it);
 *  - the London framework (US May controls and China's RE licensing lifted, chip controls
 *    kept: levels 1, 0, 0, 0) has a Nash product no higher than the deal's (if both gain).
 * It prints the levels, the gains and the third countries' changes (docs/export-controls.md,
 * "The bargain", quotes them). */
#include "test_util.h"

enum { NC = 4 };
static const char *const WATCH[] = {"USA", "CHN", "KOR", "TWN", "JPN", "NLD"};

typedef struct ctx {
    tw_world *w;
    tw_model *m;
    tw_game *g;
    tw_policy *dis, *deal, *trial;
    tw_equilibrium *eq, *eq2;
    tw_control c[NC];
    int players[2], sec[NC][2], nsec[NC];
} ctx;

static int ix(const ctx *x, const char *code, int sector)
{
    int k = sector ? tw_world_sector_index(x->w, code) : tw_world_country_index(x->w, code);
    assert_true(k >= 0);
    return k;
}

static void setup(ctx *x, double years)
{
    tw_error err;
    memset(x, 0, sizeof *x);
    tw_world_options wo;
    tw_world_options_init(&wo);
    wo.horizon_years = years;
    assert_ok(tw_world_load(TW_TEST_SOURCE_DIR "/data/icio2022tech", &wo, &x->w, &err), &err);
    tw_model_options so = tw_test_model_options(TW_DEFICITS_FIXED, 1e-13);
    assert_ok(tw_model_create(x->w, &so, &x->m, &err), &err);
    assert_ok(tw_game_create(x->m, NULL, &x->g, &err), &err);
    assert_ok(tw_policy_create(x->m, &x->dis), NULL);
    assert_ok(tw_policy_create(x->m, &x->deal), NULL);
    assert_ok(tw_policy_create(x->m, &x->trial), NULL);
    x->eq = tw_equilibrium_create(x->m);
    x->eq2 = tw_equilibrium_create(x->m);
    int usa = ix(x, "USA", 0), chn = ix(x, "CHN", 0);
    x->players[0] = usa;
    x->players[1] = chn;
    tw_dims d = tw_world_dims(x->w);
    const double *flows = tw_world_flows(x->w);
    double *q = tw_policy_quotas(x->dis);
    unsigned char *rent = tw_policy_quota_rent(x->dis);
    /* The controls in force: share caps and value cuts, as the scenario's events. */
    static const struct {
        const char *sector;
        int exp_usa;
        double share, cut;
    } in_force[] = {{"SEMI", 1, 0.5, 0},  {"SME", 1, 0.5, 0}, {"SRV", 1, 0, 1537},
                    {"AERO", 1, 0, 3432}, {"C20", 1, 0, 696}, {"RE", 0, 0.5, 0}};
    for (size_t k = 0; k < sizeof in_force / sizeof *in_force; k++) {
        int j = ix(x, in_force[k].sector, 1), e = in_force[k].exp_usa ? usa : chn;
        size_t c = tw_ix_nij(d, e == usa ? chn : usa, e, j);
        q[c] = in_force[k].share > 0 ? in_force[k].share * flows[c] : flows[c] - in_force[k].cut;
        rent[c] = TW_RENT_EXPORTER;
    }
    static const char *const groups[NC][2] = {
        {"SEMI", "SME"}, {"SRV", NULL}, {"AERO", "C20"}, {"RE", NULL}};
    for (int k = 0; k < NC; k++) {
        x->nsec[k] = groups[k][1] ? 2 : 1;
        for (int s = 0; s < x->nsec[k]; s++)
            x->sec[k][s] = ix(x, groups[k][s], 1);
        x->c[k] = (tw_control){.exporter = k < 3 ? usa : chn,
                               .sectors = x->sec[k],
                               .n_sectors = x->nsec[k]};
    }
}

static void teardown(ctx *x)
{
    tw_equilibrium_free(x->eq);
    tw_equilibrium_free(x->eq2);
    tw_policy_free(x->dis);
    tw_policy_free(x->deal);
    tw_policy_free(x->trial);
    tw_game_free(x->g);
    tw_model_free(x->m);
    tw_world_free(x->w);
}

/* Real income levels (relative to the baseline) of the WATCH countries at levels lv. */
static void payoffs_at(ctx *x, const double *lv, double *v)
{
    tw_error err;
    int players[2] = {x->players[0], x->players[1]};
    tw_control c[NC];
    for (int k = 0; k < NC; k++) {
        c[k] = x->c[k];
        c[k].importers = &players[k < 3 ? 1 : 0];
        c[k].n_importers = 1;
    }
    assert_ok(tw_controls_apply(x->m, c, NC, x->dis, lv, x->trial, &err), &err);
    assert_ok(tw_model_solve(x->m, tw_game_solver(x->g), x->trial, x->eq2, NULL, &err), &err);
    for (int p = 0; p < 6; p++) {
        tw_objective o = {.country = ix(x, WATCH[p], 0)};
        v[p] = exp(tw_objective_value(x->m, x->eq2, &o));
    }
}

static double log_nash(const double *v, const double *vd)
{
    double g0 = 100.0 * (v[0] - vd[0]), g1 = 100.0 * (v[1] - vd[1]);
    return g0 > 0.0 && g1 > 0.0 ? 0.5 * log(g0) + 0.5 * log(g1) : -HUGE_VAL;
}

static void run(double years, const char *horizon)
{
    ctx x;
    setup(&x, years);
    tw_error err;
    double lv[NC], vd[2], vdeal[2];
    tw_bargain_report rep;
    assert_ok(tw_game_bargain(x.g, x.players, 2, NULL, x.c, NC, NULL, x.dis, x.deal, x.eq, lv,
                              vd, vdeal, &rep, &err),
              &err);
    assert_true(rep.converged);
    double one[NC] = {1, 1, 1, 1}, london[NC] = {1, 0, 0, 0};
    double w_dis[6], w_deal[6], w_lon[6], w_free[6], zero[NC] = {0, 0, 0, 0};
    payoffs_at(&x, one, w_dis);
    payoffs_at(&x, lv, w_deal);
    /* At the deal, each flow under a lifted control (level 0): its value against its baseline
     * (a level just above 0 caps the flow near its baseline; above it the payoff jumps at 0). */
    {
        tw_dims d = tw_world_dims(x.w);
        const double *flows = tw_world_flows(x.w);
        for (int k = 0; k < NC; k++)
            for (int s = 0; s < x.nsec[k]; s++) {
                int e = x.c[k].exporter, n = e == x.players[0] ? x.players[1] : x.players[0];
                double bv = tw_equilibrium_border_value(x.eq2, n, e, x.sec[k][s]);
                double b0 = flows[tw_ix_nij(d, n, e, x.sec[k][s])];
                printf("deal: %s level %.4f, flow / baseline %.6f\n",
                       tw_world_sector_code(x.w, x.sec[k][s]), lv[k], bv / b0);
                if (lv[k] == 0.0) /* lifted: below its baseline, so no jump at level 0 */
                    assert_true(bv < b0);
            }
    }
    payoffs_at(&x, london, w_lon);
    payoffs_at(&x, zero, w_free);
    printf("%s run: levels SEMI+SME %.4f, EDA %.4f, engines+ethane %.4f, RE %.4f "
           "(%d solves, %.1f s, no_gain %d)\n",
           horizon, lv[0], lv[1], lv[2], lv[3], rep.evaluations, rep.seconds, rep.no_gain);
    printf("%-34s", "change vs disagreement, points");
    for (int p = 0; p < 6; p++)
        printf(" %9s", WATCH[p]);
    printf("\n%-34s", "Nash bargain");
    for (int p = 0; p < 6; p++)
        printf(" %9.5f", 100 * (w_deal[p] - w_dis[p]));
    printf("\n%-34s", "London framework (1, 0, 0, 0)");
    for (int p = 0; p < 6; p++)
        printf(" %9.5f", 100 * (w_lon[p] - w_dis[p]));
    printf("\n%-34s", "everything lifted (0, 0, 0, 0)");
    for (int p = 0; p < 6; p++)
        printf(" %9.5f", 100 * (w_free[p] - w_dis[p]));
    printf("\n");
    /* Gains >= 0 and Pareto-improving. */
    assert_close(w_dis[0], vd[0], 1e-10, "disagreement payoff USA");
    assert_close(w_dis[1], vd[1], 1e-10, "disagreement payoff CHN");
    assert_close(w_deal[0], vdeal[0], 1e-10, "deal payoff USA");
    assert_close(w_deal[1], vdeal[1], 1e-10, "deal payoff CHN");
    assert_true(vdeal[0] >= vd[0] && vdeal[1] >= vd[1]);
    assert_false(rep.no_gain);
    assert_true(vdeal[0] - vd[0] > 1e-9 || vdeal[1] - vd[1] > 1e-9);
    /* Local maximum of the Nash product. */
    double at = log_nash(vdeal, vd), v[6];
    for (int k = 0; k < NC; k++)
        for (int s = -1; s <= 1; s += 2) {
            double m[NC];
            memcpy(m, lv, sizeof m);
            m[k] = fmin(1.0, fmax(0.0, m[k] + 0.02 * s));
            if (m[k] == lv[k])
                continue;
            payoffs_at(&x, m, v);
            assert_true(log_nash(v, vd) <= at + 1e-3);
        }
    assert_true(log_nash(w_lon, vd) <= at + 1e-3);
    teardown(&x);
}

static void test_long(void **state)
{
    (void)state;
    run(INFINITY, "long");
}

/* Under the sanitizers (TW_TEST_SKIP_SLOW) only the long run: the short run goes through the
 * same bargain code with other elasticities and factors (test_horizons.c has the horizons'
 * memory paths), and took two thirds of this test's 126 s there. */
static void test_short(void **state)
{
    (void)state;
#ifdef TW_TEST_SKIP_SLOW
    skip();
#else
    run(1.0, "short");
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long),
        cmocka_unit_test(test_short),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
