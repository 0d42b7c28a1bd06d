/* SPDX-License-Identifier: MIT */
/* The brief (tradewar/brief.h): its numbers against the solves they come from and against
 * independent recomputations (static revenue = rates x baseline flows, effective rates from
 * the tariffs and the equilibrium's import values, consumer prices and cost per household
 * from the results), a zero shock giving zero changes, import shares adding up to 100, the
 * counterfactual weighting of tradewar/groups.h, and the households file's errors. */
#include "test_util.h"

static char dir[256];
static tw_world *world;
static tw_model *model;
static int HOME, FOR, ROW;

/* Households of the test world: made up, for the arithmetic only. */
static const char households_csv[] = "code,households,year,source\n"
                                     "HOME,2000000,2022,test\n"
                                     "FOR,1000000,2022,test\n"
                                     "ROW,,,unknown\n";

static void copy_file(const char *from_dir, const char *name)
{
    char path[1024], text[1 << 16];
    snprintf(path, sizeof path, "%s/%s", from_dir, name);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    tw_test_write(dir, name, text);
}

/* The tiny test world with a world.csv giving its money a dollar unit. */
static int setup(void **state)
{
    (void)state;
    tw_test_tmpdir(dir, sizeof dir);
    const char *tiny = TW_TEST_SOURCE_DIR "/tests/data/tiny";
    copy_file(tiny, "countries.csv");
    copy_file(tiny, "sectors.csv");
    copy_file(tiny, "flows.csv");
    copy_file(tiny, "tariffs.csv");
    tw_test_write(dir, "world.csv", "key,value\nname,tinyusd\nyear,2022\nunit,USD million\n");
    tw_error err;
    if (tw_world_load(dir, NULL, &world, &err))
        return -1;
    tw_model_options o = tw_test_model_options(TW_DEFICITS_FIXED, 1e-12);
    if (tw_model_create(world, &o, &model, &err))
        return -1;
    HOME = tw_world_country_index(world, "HOME");
    FOR = tw_world_country_index(world, "FOR");
    ROW = tw_world_country_index(world, "ROW");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tw_model_free(model);
    tw_world_free(world);
    tw_test_rmdir(dir);
    return 0;
}

#define HEAD "title: t\nbaseline: 2025-01-01\nplayers: [HOME, FOR]\nwatch: [ROW]\nevents:\n"
#define WAR                                                                                      \
    HEAD "  - date: 2025-02-01\n    label: war\n"                                                \
         "    tariffs: [{importers: HOME, exporters: FOR, sectors: [AGR, MAN], add: 30%}]\n"      \
         "  - date: 2025-03-01\n    label: retaliation\n"                                        \
         "    tariffs: [{importers: FOR, exporters: HOME, sectors: [AGR, MAN], add: 20%}]\n"

/* Runs yaml's brief (with the test households) and, separately, its timeline. */
static tw_brief *brief_of(const char *yaml, tw_plan **plan, tw_scenario **s, tw_timeline **t)
{
    tw_error err;
    assert_ok(tw_scenario_load_buffer("b.yaml", yaml, strlen(yaml), s, &err), &err);
    assert_ok(tw_scenario_bind(*s, world, plan, &err), &err);
    double hh[3];
    assert_ok(tw_households_load_buffer("h.csv", households_csv, strlen(households_csv), world,
                                        hh, &err),
              &err);
    tw_brief_options o;
    tw_brief_options_init(&o);
    o.households = hh;
    tw_solver *sv;
    assert_ok(tw_solver_create(model, NULL, &sv, &err), &err);
    tw_brief *b;
    assert_ok(tw_brief_run(*plan, model, sv, NULL, NULL, &o, &b, &err), &err);
    tw_solver_free(sv);
    if (t)
        assert_ok(tw_test_timeline_run(*plan, model, NULL, NULL, t, &err), &err);
    return b;
}

/* The step's tariffs, rebuilt from the scenario by hand: today's plus the additions. */
static void war_tariffs(int step, double *t)
{
    tw_dims d = tw_world_dims(world);
    memcpy(t, tw_world_tariffs(world), (size_t)d.n * d.n * d.j * sizeof *t);
    for (int j = 0; j < d.j; j++) {
        if (!tw_world_sector_is_goods(world, j))
            continue;
        t[tw_ix_nij(d, HOME, FOR, j)] += 0.30;
        if (step >= 1)
            t[tw_ix_nij(d, FOR, HOME, j)] += 0.20;
    }
}

static void matches_solves(void **state)
{
    (void)state;
    tw_plan *plan;
    tw_scenario *s;
    tw_timeline *t;
    tw_brief *b = brief_of(WAR, &plan, &s, &t);
    tw_dims d = tw_world_dims(world);
    size_t nij = (size_t)d.n * d.n * d.j;
    const double *flows = tw_world_flows(world);
    assert_int_equal(tw_brief_steps(b), tw_timeline_steps(t));
    assert_int_equal(tw_brief_steps(b), 2);
    assert_int_equal(tw_brief_group_count(b), 3);
    assert_int_equal(tw_brief_player_count(b), 2);
    double *tar = malloc(nij * sizeof *tar), *cf = malloc(nij * sizeof *cf);
    tw_policy *p;
    assert_ok(tw_policy_create(model, &p), NULL);
    tw_equilibrium *eq = tw_equilibrium_create(model);
    for (int k = 0; k < 2; k++) {
        const tw_results *r = tw_timeline_step_get(t, k).results;
        /* The equilibrium of the step, solved afresh from the hand-built tariffs. */
        war_tariffs(k, tar);
        memcpy(tw_policy_tariffs(p), tar, nij * sizeof *tar);
        tw_error err;
        assert_ok(tw_test_model_solve(model, p, eq, NULL, &err), &err);
        assert_ok(tw_counterfactual_flows(model, eq, cf), NULL);
        int country[3] = {HOME, FOR, ROW};
        for (int g = 0; g < 3; g++) {
            int n = country[g];
            const tw_brief_country *c = tw_brief_country_get(b, k, g);
            const tw_country_result *cr = &r->country[n];
            /* From the solve it reports: the same numbers. */
            assert_close(c->real_income_pct, cr->real_income_pct, 1e-12, "real income %d", g);
            assert_close(c->tariff_revenue_ge, cr->tariff_revenue, 1e-9, "GE revenue %d", g);
            assert_close(c->tariff_revenue_ge_base, cr->tariff_revenue_base, 1e-9, "base %d", g);
            assert_close(c->income_base, cr->income_base, 1e-9, "income %d", g);
            assert_close(c->cpi_change_pct, 100.0 * (cr->price_hat / cr->wage_hat - 1.0), 1e-12,
                         "consumer prices %d", g);
            assert_close(c->cpi_change_numeraire_pct, 100.0 * (cr->price_hat - 1.0), 1e-12,
                         "consumer prices, numeraire %d", g);
            /* Recomputed here: static revenue, rates, cost per household. */
            const double *t0 = tw_world_tariffs(world);
            double rev = 0, ws = 0, ts = 0, wc = 0, tc = 0, ts0 = 0;
            for (int i = 0; i < d.n; i++)
                for (int j = 0; j < d.j; j++) {
                    size_t at = tw_ix_nij(d, n, i, j);
                    if (i == n)
                        continue;
                    rev += tar[at] * flows[at];
                    if (!tw_world_sector_is_goods(world, j))
                        continue;
                    ws += flows[at];
                    ts += flows[at] * tar[at];
                    ts0 += flows[at] * t0[at];
                    wc += cf[at];
                    tc += cf[at] * tar[at];
                }
            assert_close(c->tariff_revenue_static, rev, 1e-9 * (1 + rev), "static revenue %d", g);
            assert_close(c->etr_statutory_pct, 100.0 * ts / ws, 1e-10, "statutory %d", g);
            assert_close(c->etr_statutory_base_pct, 100.0 * ts0 / ws, 1e-10, "before %d", g);
            /* The brief's equilibrium is warm-started, this one cold: both within 1e-12. */
            assert_close(c->etr_substitution_pct, 100.0 * tc / wc, 1e-7, "after subst. %d", g);
            double hh = g == 0 ? 2e6 : g == 1 ? 1e6 : NAN;
            if (g < 2)
                assert_close(c->cost_per_household_usd,
                             -cr->real_income_pct / 100.0 * cr->income_base * 1e6 / hh,
                             1e-6 * (1 + fabs(c->cost_per_household_usd)), "cost %d", g);
            else
                assert_true(isnan(c->cost_per_household_usd));
            /* Partners: shares add up to 100 (the groups cover the world), and the share of
             * a partner is its goods trade over the importer's. */
            double sb = 0, sa = 0;
            for (int q = 0; q <= 3; q++) {
                const tw_brief_pair *pr = tw_brief_pair_get(b, k, g, q);
                if (q == g) {
                    assert_true(isnan(pr->import_share_pct));
                    continue;
                }
                sb += pr->import_share_base_pct;
                sa += pr->import_share_pct;
                if (q == 3)
                    continue;
                int i = country[q];
                assert_close(pr->import_share_pct,
                             100.0 * r->goods[tw_ix_ni(d, n, i)] / c->imports_goods, 1e-10,
                             "share %d<-%d", g, q);
                assert_close(pr->etr_statutory_pct,
                             100.0 * r->goods_tariff[tw_ix_ni(d, n, i)], 1e-10, "pair %d", g);
                double pw = 0, pt = 0;
                for (int j = 0; j < d.j; j++)
                    if (tw_world_sector_is_goods(world, j)) {
                        size_t at = tw_ix_nij(d, n, i, j);
                        pw += flows[at];
                        pt += flows[at] * t0[at];
                    }
                assert_close(pr->etr_statutory_base_pct, 100.0 * pt / pw, 1e-10, "before %d<-%d",
                             g, q);
            }
            assert_close(sb, 100.0, 1e-10, "shares before %d", g);
            assert_close(sa, 100.0, 1e-10, "shares after %d", g);
        }
    }
    /* The tariff raised the statutory rate of HOME on FOR by 30 points. */
    const tw_brief_pair *hf = tw_brief_pair_get(b, 0, 0, 1);
    assert_close(hf->etr_statutory_pct,
                 100.0 * (tw_timeline_step_get(t, 0).results->goods_tariff_base[tw_ix_ni(d, HOME,
                                                                                      FOR)] +
                          0.30),
                 1e-10, "HOME on FOR");
    assert_true(hf->import_share_pct < hf->import_share_base_pct);
    assert_null(tw_brief_country_get(b, 2, 0));
    assert_null(tw_brief_pair_get(b, 0, 0, 4));
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    free(tar);
    free(cf);
    tw_timeline_free(t);
    tw_brief_free(b);
    tw_plan_free(plan);
    tw_scenario_free(s);
}

/* A step that changes nothing: every change is zero, GE revenue is the static one. */
static void zero_shock(void **state)
{
    (void)state;
    tw_plan *plan;
    tw_scenario *s;
    tw_brief *b = brief_of(HEAD "  - date: 2025-02-01\n    label: nothing\n"
                                "    tariffs: [{importers: HOME, exporters: FOR, add: 0%}]\n",
                           &plan, &s, NULL);
    double gap_va, gap_abs;
    tw_model_baseline_gap(model, &gap_va, NULL, &gap_abs, NULL);
    for (int g = 0; g < 3; g++) {
        const tw_brief_country *c = tw_brief_country_get(b, 0, g);
        assert_close(c->real_income_pct, 0.0, 1e-9, "real income %d", g);
        assert_close(c->cpi_change_pct, 0.0, 1e-9, "consumer prices %d", g);
        assert_close(c->cpi_change_numeraire_pct, 0.0, 1e-9, "numeraire prices %d", g);
        if (g < 2)
            assert_close(c->cost_per_household_usd, 0.0, 1e-6, "cost %d", g);
        assert_close(c->tariff_revenue_ge, c->tariff_revenue_ge_base, 1e-9, "revenue %d", g);
        /* The tiny world's data are an equilibrium (gap below), so the model's baseline
         * revenue is the rates times the data's flows. */
        assert_close(c->tariff_revenue_static, c->tariff_revenue_ge_base,
                     1e-8 * (1 + c->tariff_revenue_static) + gap_abs * c->income_base,
                     "static = GE %d", g);
        assert_close(c->etr_substitution_pct, c->etr_statutory_pct, 1e-7, "rates %d", g);
        assert_close(c->imports_goods, c->imports_goods_base, 1e-9 * (1 + c->imports_goods),
                     "imports %d", g);
        for (int q = 0; q <= 3; q++) {
            if (q == g)
                continue;
            const tw_brief_pair *p = tw_brief_pair_get(b, 0, g, q);
            assert_close(p->import_share_pct, p->import_share_base_pct, 1e-9, "share %d", q);
        }
    }
    tw_brief_free(b);
    tw_plan_free(plan);
    tw_scenario_free(s);
}

/* Counterfactual weighting: labels and keys say so; without weights there is no average. */
static void counterfactual_weighting(void **state)
{
    (void)state;
    tw_tariff_average cf = {TW_SECTORS_GOODS, NULL, TW_WEIGHTS_COUNTERFACTUAL};
    assert_string_equal(tw_tariff_average_key(&cf),
                        "avg_tariff_goods_counterfactual_import_weighted");
    assert_string_equal(tw_tariff_average_label(&cf),
                        "average tariff on goods, weighted by counterfactual imports");
    int home = HOME;
    assert_true(isnan(tw_tariff_average_group(world, &cf, tw_world_tariffs(world), &home, 1,
                                              NULL, 0)));
    /* At the baseline equilibrium the counterfactual flows are the data's (tiny is consistent). */
    tw_dims d = tw_world_dims(world);
    size_t nij = (size_t)d.n * d.n * d.j;
    double *f = malloc(nij * sizeof *f);
    tw_policy *p;
    assert_ok(tw_policy_create(model, &p), NULL);
    tw_equilibrium *eq = tw_equilibrium_create(model);
    assert_int_equal(tw_counterfactual_flows(model, eq, f), TW_ERR_USAGE); /* unsolved */
    tw_error err;
    assert_ok(tw_test_model_solve(model, p, eq, NULL, &err), &err);
    assert_ok(tw_counterfactual_flows(model, eq, f), NULL);
    const double *flows = tw_world_flows(world);
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++) {
                size_t at = tw_ix_nij(d, n, i, j);
                assert_close(f[at], i == n ? 0.0 : flows[at], 1e-8 * (1 + flows[at]),
                             "flow %d<-%d in %d", n, i, j);
            }
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    free(f);
}

static void households_errors(void **state)
{
    (void)state;
    static const struct {
        const char *csv, *message;
    } cases[] = {
        {"code,households\nHOME,10\nFRO,5\n",
         "h.csv:3:1: error: code: unknown country 'FRO' in world tinyusd (did you mean FOR?)"},
        {"code,households\nHOME,10\nHOME,5\n", "h.csv:3:1: error: code: country 'HOME' is "
                                                "listed twice"},
        {"code,households\nHOME,-3\n", "h.csv:2:6: error: households: expected a number of "
                                       "households >= 1 (or empty when unknown), found -3"},
        {"code,households\nHOME,many\n", NULL},
        {"code,household\nHOME,5\n", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double hh[3];
        tw_error err;
        tw_status st = tw_households_load_buffer("h.csv", cases[k].csv, strlen(cases[k].csv),
                                                 world, hh, &err);
        assert_int_equal(st, TW_ERR_INPUT);
        if (cases[k].message) {
            char buf[1024];
            tw_error_format(&err, buf, sizeof buf);
            assert_string_equal(buf, cases[k].message);
        } else {
            assert_true(err.line >= 1);
        }
    }
    /* Empty and absent countries are unknown, not zero. */
    const char *ok = "code,households\nFOR,7\nROW,\n";
    double hh[3];
    tw_error err;
    assert_ok(tw_households_load_buffer("h.csv", ok, strlen(ok), world, hh, &err), &err);
    assert_true(isnan(hh[HOME]) && isnan(hh[ROW]));
    assert_close(hh[FOR], 7.0, 0.0, "FOR");
    assert_int_equal(tw_households_load(TW_TEST_SOURCE_DIR "/no/such.csv", world, hh, &err),
                     TW_ERR_IO);
    assert_close(tw_world_usd_per_unit(world), 1e6, 0.0, "USD million");
}

/* The shipped households: every row a world country, the US count the documented CPS one. */
static void shipped_households(void **state)
{
    (void)state;
    tw_world *w;
    tw_error err;
    assert_ok(tw_world_load(TW_TEST_SOURCE_DIR "/data/icio2022", NULL, &w, &err), &err);
    tw_dims d = tw_world_dims(w);
    double *hh = malloc((size_t)d.n * sizeof *hh);
    assert_ok(tw_households_load(TW_TEST_SOURCE_DIR "/data/icio2022/households.csv", w, hh, &err),
              &err);
    assert_close(hh[tw_world_country_index(w, "USA")], 131430000.0, 0.0, "US households");
    int known = 0;
    for (int n = 0; n < d.n; n++)
        known += isfinite(hh[n]);
    assert_int_equal(known, 72);
    free(hh);
    tw_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matches_solves),
        cmocka_unit_test(zero_shock),
        cmocka_unit_test(counterfactual_weighting),
        cmocka_unit_test(households_errors),
        cmocka_unit_test(shipped_households),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
