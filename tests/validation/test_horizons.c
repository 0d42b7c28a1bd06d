/* SPDX-License-Identifier: MIT */
/* Horizons (docs/model.md §2b): sector-specific factors and short-run trade elasticities.
 *  - A small open economy with a closed form (two sectors, one with a specific factor, selling
 *    to a large world that taxes one of them): unit costs, the mobile wage and the specific
 *    factor's return match it, with the magnification of the specific-factors model; with all
 *    of value added tied to its sector (the short run) the tariff is passed back in full.
 *  - Shares of zero in specific_factors.csv give today's model (the specific blocks with every
 *    factor mobile solve the same equations), with Cobb-Douglas and with CES nests.
 *  - The elasticity rule: short- and medium-run thetas are the long-run ones times the ratios,
 *    and horizons.csv overrides them.
 *  - On the shipped worlds: the short-run fall in China's goods exports to the US under the April
 *    2025 tariffs is smaller than the long-run one; a Chinese rare-earth ban costs more in the
 *    short run than in the long run, and the short-run loss rises as the input elasticity falls.
 */
#include <math.h>

#include "test_util.h"

#include "model/model_internal.h"

/* A solved counterfactual: model, equilibrium and results. */
typedef struct solved {
    tw_world *w;
    tw_model *m;
    tw_equilibrium *eq;
    tw_results *r;
} solved;

static void solve_at(solved *s, const char *dir, double years, const tw_model_options *o,
                     const char *shock)
{
    tw_error err;
    tw_world_options wo;
    tw_world_options_init(&wo);
    wo.horizon_years = years;
    assert_ok(tw_world_load(dir, &wo, &s->w, &err), &err);
    assert_ok(tw_model_create(s->w, o, &s->m, &err), &err);
    tw_policy *p;
    assert_ok(tw_policy_create(s->m, &p), NULL);
    assert_ok(tw_shock_apply_buffer(s->m, p, "shock.csv", shock, strlen(shock), &err), &err);
    s->eq = tw_equilibrium_create(s->m);
    tw_solver_report rep;
    assert_ok(tw_test_model_solve(s->m, p, s->eq, &rep, &err), &err);
    assert_true(rep.converged);
    s->r = tw_results_create(s->m);
    assert_ok(tw_results_compute(s->m, s->eq, s->r), NULL);
    tw_policy_free(p);
}

static void solved_free(solved *s)
{
    tw_results_free(s->r);
    tw_equilibrium_free(s->eq);
    tw_model_free(s->m);
    tw_world_free(s->w);
}

/* Home (H) is a 1e-9 part of the world: it sells S1 (6) and S2 (14) to the foreign country F
 * and buys 10 of each from it; F buys 1e9 of each from itself. No input-output links (value
 * added is all of gross output). F taxes H's S1 at 20%. */
static void small_world(const char *dir, const char *specific)
{
    tw_test_write(dir, "countries.csv", "code,name\nH,Home\nF,Foreign\n");
    tw_test_write(dir, "sectors.csv", "code,name,theta,goods\nS1,One,4,1\nS2,Two,6,1\n");
    tw_test_write(dir, "flows.csv", "exporter,importer,sector,value\n"
                                    "H,F,S1,6\nH,F,S2,14\nF,H,S1,10\nF,H,S2,10\n"
                                    "F,F,S1,1e9\nF,F,S2,1e9\n");
    tw_test_write(dir, "specific_factors.csv", specific);
}

static const char small_shock[] = "importer,exporter,sector,tariff\nF,H,S1,0.2\n";

/* The closed form (docs/model.md §2b, "A closed form"): with F's prices and spending given,
 * H's sales are Y1_hat = t^-(theta1+1) c1^-theta1 (t = 1.2) and Y2_hat = c2^-theta2; S2 pays
 * only mobile labour, c2 = w; S1's value-added price c1 = w^(1-s) r^s with r = Y1_hat; labour
 * market w = lambda Y1_hat + (1 - lambda) Y2_hat, lambda = (1 - s) Y1 / ((1 - s) Y1 + Y2).
 * So c1^(1 + s theta1) = w^(1-s) t^-(theta1+1) s, and w solves one equation (bisection). */
static void closed_form(double s, double *w, double *c1, double *r)
{
    const double t = 1.2, th1 = 4, th2 = 6, lambda = (1 - s) * 6 / ((1 - s) * 6 + 14);
    double lo = 0.1, hi = 1.0;
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        double c = pow(pow(mid, 1 - s) * pow(t, -(th1 + 1) * s), 1 / (1 + s * th1));
        double y1 = pow(t, -(th1 + 1)) * pow(c, -th1);
        double excess = lambda * y1 + (1 - lambda) * pow(mid, -th2) - mid; /* demand - w */
        if (excess > 0)
            lo = mid;
        else
            hi = mid;
    }
    *w = 0.5 * (lo + hi);
    *c1 = pow(pow(*w, 1 - s) * pow(t, -(th1 + 1) * s), 1 / (1 + s * th1));
    *r = pow(t, -(th1 + 1)) * pow(*c1, -th1);
}

/* Tolerance 1e-6 relative: the closed form takes F's prices, spending and wage as given, and
 * H's changes move them by about H's size relative to F (2e-8 of world value added, times the
 * tariff revenue and demand effects); the solver's tolerance is 1e-12. */
static void test_closed_form(void **state)
{
    (void)state;
    const double shares[3] = {0.5, 0.25, 0.8};
    for (int k = 0; k < 3; k++) {
        char dir[256], csv[128];
        tw_test_tmpdir(dir, sizeof dir);
        snprintf(csv, sizeof csv, "country,sector,horizon,share\nH,S1,long,%g\n", shares[k]);
        small_world(dir, csv);
        tw_model_options o = tw_test_model_options(TW_DEFICITS_FIXED, 1e-12);
        solved s;
        solve_at(&s, dir, INFINITY, &o, small_shock);
        double w, c1, r;
        closed_form(shares[k], &w, &c1, &r);
        int h = 0, f = 1;
        double spec[4], mob[2];
        assert_ok(tw_factor_returns(s.m, s.eq, NULL, spec, mob), NULL);
        const double *c = s.eq->c_hat;
        /* unit costs are relative to the data; the baseline is the data here (consistent) */
        assert_close(c[tw_ix_nj(s.r->d, h, 0)], c1, 1e-6, "share %g: c1", shares[k]);
        assert_close(c[tw_ix_nj(s.r->d, h, 1)], w, 1e-6, "share %g: c2 = w", shares[k]);
        assert_close(mob[h], w, 1e-6, "share %g: mobile wage", shares[k]);
        assert_close(spec[tw_ix_nj(s.r->d, h, 0)], r, 1e-6, "share %g: factor return",
                     shares[k]);
        assert_true(isnan(spec[tw_ix_nj(s.r->d, h, 1)])); /* S2 has no specific factor */
        /* Magnification: the specific factor loses more than its sector's price, labour less. */
        assert_true(r < c1 && c1 < w && w < 1.0);
        assert_close(mob[f], 1.0, 1e-6, "F's wage");
        solved_free(&s);
        tw_test_rmdir(dir);
    }
    /* The short run: all of H's value added tied to its sector. c1^(1 + theta1) =
     * t^-(theta1 + 1): the tariff is passed back in full (c1 = 1/1.2), sales do not move
     * (Y1_hat = 1/1.2 in value, 1 in quantity), S2 is untouched. */
    char dir[256];
    tw_test_tmpdir(dir, sizeof dir);
    small_world(dir, "country,sector,horizon,share\nH,*,long,1\n");
    tw_model_options o = tw_test_model_options(TW_DEFICITS_FIXED, 1e-12);
    solved s;
    solve_at(&s, dir, INFINITY, &o, small_shock);
    double spec[4], mob[2];
    assert_ok(tw_factor_returns(s.m, s.eq, NULL, spec, mob), NULL);
    assert_close(s.eq->c_hat[0], 1 / 1.2, 1e-6, "short run: c1");
    assert_close(s.eq->c_hat[1], 1.0, 1e-6, "short run: c2");
    assert_close(spec[0], 1 / 1.2, 1e-6, "short run: return in S1");
    assert_close(spec[1], 1.0, 1e-6, "short run: return in S2");
    assert_true(isnan(mob[0]));
    solved_free(&s);
    tw_test_rmdir(dir);
}

/* specific_factors.csv with shares of zero: the specific blocks run (mobile labour in every
 * sector) and must solve the equations of today's model. Tolerance 1e-8 on the real-income
 * changes in percent: both solves stop at residual 1e-12 on different iterations. */
static void test_zero_shares(void **state)
{
    (void)state;
    for (int ces = 0; ces < 2; ces++) {
        char dir[256];
        tw_test_tmpdir(dir, sizeof dir);
        tw_test_random_world(dir, 4, 3, 77 + (uint64_t)ces, 1, 0);
        tw_model_options o = tw_test_model_options(TW_DEFICITS_FIXED, 1e-12);
        tw_input_elasticity rule = {0, TW_ALL_SECTORS, 0.4};
        if (ces) {
            o.input_elasticities = &rule;
            o.input_elasticity_count = 1;
        }
        const char *shock = "importer,exporter,sector,tariff,tariff_add\nC0,C1,*,,0.3\nC1,C0,S0,,0.5\n";
        solved a, b;
        solve_at(&a, dir, INFINITY, &o, shock);
        assert_false(tw_model_has_specific_factors(a.m));
        /* A file whose rows are all zero has no specific factor: the model of §2 itself. */
        tw_test_write(dir, "specific_factors.csv", "country,sector,horizon,share\n*,*,long,0\n"
                                                   "C2,S1,long,0\n");
        solve_at(&b, dir, INFINITY, &o, shock);
        assert_false(tw_model_has_specific_factors(b.m));
        for (int n = 0; n < 4; n++)
            assert_close(b.r->country[n].real_income_pct, a.r->country[n].real_income_pct,
                         1e-12, "zero shares, country %d", n);
        solved_free(&b);
        /* A share of 1e-12 in one sector runs the specific blocks for every sector (mobile
         * labour's wage from eq. (6s), Newton with CES nests): the same equilibrium to within
         * the share and the solver tolerances. */
        tw_test_write(dir, "specific_factors.csv", "country,sector,horizon,share\n"
                                                   "C2,S1,long,1e-12\n");
        solve_at(&b, dir, INFINITY, &o, shock);
        assert_true(tw_model_has_specific_factors(b.m));
        for (int n = 0; n < 4; n++)
            assert_close(b.r->country[n].real_income_pct, a.r->country[n].real_income_pct,
                         1e-8, "share 1e-12, ces %d, country %d", ces, n);
        solved_free(&a);
        solved_free(&b);
        tw_test_rmdir(dir);
    }
}

/* The rule: theta at a horizon = long-run theta x ratio (0.38 short, 1.24/2.12 medium), and
 * horizons.csv's ratios replace it for the sectors it names. */
static void test_elasticity_rule(void **state)
{
    (void)state;
    char dir[256];
    tw_test_tmpdir(dir, sizeof dir);
    tw_test_random_world(dir, 3, 3, 5, 0, 0);
    tw_error err;
    tw_world *lw, *sw, *mw;
    tw_world_options wo;
    tw_world_options_init(&wo);
    assert_ok(tw_world_load(dir, &wo, &lw, &err), &err);
    wo.horizon_years = 1;
    assert_ok(tw_world_load(dir, &wo, &sw, &err), &err);
    wo.horizon_years = 5;
    assert_ok(tw_world_load(dir, &wo, &mw, &err), &err);
    assert_int_equal(tw_world_horizon(sw), TW_HORIZON_SHORT);
    assert_int_equal(tw_world_horizon(mw), TW_HORIZON_MEDIUM);
    for (int j = 0; j < 3; j++) {
        assert_close(tw_world_theta(sw, j), 0.38 * tw_world_theta(lw, j), 1e-15, "short");
        assert_close(tw_world_theta(mw, j), 1.24 / 2.12 * tw_world_theta(lw, j), 1e-15, "med");
        assert_close(tw_world_specific_share(sw, 1, j), 1.0, 0, "short: all specific");
        assert_close(tw_world_specific_share(lw, 1, j), 0.0, 0, "long: none");
    }
    tw_world_free(sw);
    tw_test_write(dir, "horizons.csv", "horizon,sector,theta_ratio\nshort,*,0.5\nshort,S1,0.25\n"
                                       "medium,S0,0.9\n");
    wo.horizon_years = 2.5;
    assert_ok(tw_world_load(dir, &wo, &sw, &err), &err);
    assert_close(tw_world_theta(sw, 0), 0.5 * tw_world_theta(lw, 0), 1e-15, "S0");
    assert_close(tw_world_theta(sw, 1), 0.25 * tw_world_theta(lw, 1), 1e-15, "S1");
    tw_world_free(sw);
    tw_world_free(mw);
    tw_world_free(lw);
    tw_test_rmdir(dir);
}

/* China's goods exports to the US under the April 2025 peak tariffs (+145 / +125 points):
 * the short-run fall is smaller than the long-run one, by the smaller elasticity. */
static void test_short_run_trade(void **state)
{
    (void)state;
    const char *shock = "importer,exporter,sector,tariff,tariff_add\n"
                        "USA,CHN,goods,,1.45\nCHN,USA,goods,,1.25\n";
    solved l, s;
    solve_at(&l, TW_TEST_SOURCE_DIR "/data/icio2022", INFINITY, NULL, shock);
    solve_at(&s, TW_TEST_SOURCE_DIR "/data/icio2022", 1, NULL, shock);
    tw_dims d = l.r->d;
    int usa = tw_world_country_index(l.w, "USA"), chn = tw_world_country_index(l.w, "CHN");
    size_t at = tw_ix_ni(d, usa, chn);
    double dl = l.r->goods[at] / l.r->goods_base[at] - 1, ds = s.r->goods[at] / s.r->goods_base[at] - 1;
    fprintf(stderr, "China's goods exports to the US: long run %.1f%%, short run %.1f%%\n",
            100 * dl, 100 * ds);
    assert_true(dl < 0 && ds < 0 && ds > dl);
    solved_free(&l);
    solved_free(&s);
}

/* A ban on China's rare earths (every importer) on icio2022re, at input elasticities 1, 0.5,
 * 0.2, 0.1: the world's real-income loss is larger in the short run (rare-earth mining and
 * refining, like every sector, cannot expand its fixed factors) than in the long run, and the
 * short-run loss rises as the elasticity falls. */
static void test_rare_earth_ban(void **state)
{
    (void)state;
    const double sigma[4] = {1, 0.5, 0.2, 0.1};
    double prev = 0;
    for (int k = 0; k < 4; k++) {
        tw_model_options o;
        tw_model_options_init(&o);
        tw_input_elasticity rule = {TW_NEST_MEMBERS, TW_ALL_SECTORS, sigma[k]};
        o.input_elasticities = &rule;
        o.input_elasticity_count = 1;
        const char *shock = "importer,exporter,sector,tariff,iceberg_hat\n*,CHN,RE,,inf\n";
        solved l, s;
        solve_at(&l, TW_TEST_SOURCE_DIR "/data/icio2022re", INFINITY, &o, shock);
        solve_at(&s, TW_TEST_SOURCE_DIR "/data/icio2022re", 1, &o, shock);
        double ll = -l.r->world_real_income_pct, ls = -s.r->world_real_income_pct;
        fprintf(stderr, "sigma %g: world loss long run %.4f%%, short run %.4f%%\n", sigma[k], ll,
                ls);
        assert_true(ll > 0 && ls > ll);
        assert_true(ls > prev);
        prev = ls;
        solved_free(&l);
        solved_free(&s);
    }
}

/* Bad rows in the two files: file:line:column and the field in the message. */
static void test_file_errors(void **state)
{
    (void)state;
    struct {
        const char *file, *text, *want;
        int line, col;
    } cases[] = {
        {"specific_factors.csv", "country,sector,horizon,share\nC0,S1,short,1.5\n",
         "expected a share of value added in [0, 1], found '1.5'", 2, 13},
        {"specific_factors.csv", "country,sector,horizon,share\nC0,S1,later,0.5\n",
         "expected 'short', 'medium' or 'long', found 'later'", 2, 7},
        {"specific_factors.csv", "country,sector,horizon,share\nC9,S1,short,0.5\n",
         "unknown country code 'C9'", 2, 1},
        {"specific_factors.csv", "country,sector,share\nC0,S1,0.5\n",
         "missing required column 'horizon'", 1, 0},
        {"horizons.csv", "horizon,sector,theta_ratio\nshort,S7,0.5\n",
         "unknown sector code 'S7'", 2, 7},
        {"horizons.csv", "horizon,sector,theta_ratio\nlong,*,0.5\n",
         "the long run is the world's own elasticities", 2, 8},
        {"horizons.csv", "horizon,sector,theta_ratio\nshort,*,0\n",
         "expected a ratio > 0 and <= 10, found '0'", 2, 9},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char dir[256];
        tw_test_tmpdir(dir, sizeof dir);
        tw_test_random_world(dir, 2, 2, 9, 0, 0);
        tw_test_write(dir, cases[k].file, cases[k].text);
        tw_world_options wo;
        tw_world_options_init(&wo);
        wo.horizon_years = 1;
        tw_world *w = NULL;
        tw_error err;
        assert_int_equal(tw_world_load(dir, &wo, &w, &err), TW_ERR_INPUT);
        assert_null(w);
        if (!strstr(err.message, cases[k].want) || !strstr(err.file, cases[k].file) ||
            err.line != cases[k].line || (cases[k].col && err.column != cases[k].col)) {
            fprintf(stderr, "case %zu: %s:%d:%d: %s\n", k, err.file, err.line, err.column,
                    err.message);
            fail();
        }
        tw_test_rmdir(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_form),     cmocka_unit_test(test_zero_shares),
        cmocka_unit_test(test_elasticity_rule), cmocka_unit_test(test_short_run_trade),
        cmocka_unit_test(test_rare_earth_ban),  cmocka_unit_test(test_file_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
