/* SPDX-License-Identifier: MIT */
/* CES input nests (docs/model.md eq. (1')):
 *  - elasticity 1 gives back the Cobb-Douglas engine: exactly (same code path) when sigma == 1,
 *    and to 1e-10 through the general CES formula at sigma = 1 -+ 1e-10, on the replication world
 *    (cp1993, NAFTA) and on the default world (icio2022, the April 2025 US-China shock);
 *  - a small world with a closed form (one using sector, one critical input from two sources,
 *    a ban of one source) for sigma = 1, 0.5, 0.1, 2;
 *  - convergence with strong complements (sigma = 0.1 everywhere) under a US-China embargo. */
#include "test_util.h"

/* Distance from sigma = 1 at which the general CES formula is compared with Cobb-Douglas. */
#define H_NEAR 1e-10




typedef struct outcome {
    int n, j;
    double *real_income, *wage, *price, *output;
} outcome;

static void outcome_free(outcome *o)
{
    free(o->real_income);
    free(o->wage);
    free(o->price);
    free(o->output);
}

/* Solves the shock file on w with the given overrides and tolerance. */
static outcome solve(const tw_world *w, const char *shock_path, tw_deficit_closure closure, const tw_input_elasticity *rules, int nrules,
                     double tol)
{
    tw_error err;
    tw_model_options o;
    tw_model_options_init(&o);
    o.deficits = closure;
    o.solver.tolerance = tol;
    o.input_elasticities = rules;
    o.input_elasticity_count = nrules;
    tw_model *m;
    assert_ok(tw_model_create(w, &o, &m, &err), &err);
    tw_policy *p;
    assert_ok(tw_policy_create(m, &p), NULL);
    assert_ok(tw_shock_apply_file(m, p, shock_path, &err), &err);
    tw_equilibrium *eq = tw_equilibrium_create(m);
    tw_solver_report rep;
    assert_ok(tw_test_model_solve(m, p, eq, &rep, &err), &err);
    tw_results *r = tw_results_create(m);
    assert_ok(tw_results_compute(m, eq, r), NULL);
    tw_dims d = tw_world_dims(w);
    outcome out = {d.n, d.j, malloc(d.n * sizeof(double)), malloc(d.n * sizeof(double)),
                   malloc(d.n * sizeof(double)), malloc((size_t)d.n * d.j * sizeof(double))};
    for (int n = 0; n < d.n; n++) {
        out.real_income[n] = r->country[n].real_income_pct;
        out.wage[n] = r->country[n].wage_hat;
        out.price[n] = r->country[n].price_hat;
    }
    for (size_t k = 0; k < (size_t)d.n * d.j; k++)
        out.output[k] = r->output[k] / r->output_base[k];
    tw_results_free(r);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    tw_model_free(m);
    return out;
}

/* Largest difference between two outcomes: real income in percentage points, wage and price
 * changes, output changes (ratios). */
static double max_diff(const outcome *a, const outcome *b)
{
    double g = 0.0;
    for (int n = 0; n < a->n; n++) {
        g = fmax(g, fabs(a->real_income[n] - b->real_income[n]));
        g = fmax(g, fabs(a->wage[n] - b->wage[n]));
        g = fmax(g, fabs(a->price[n] - b->price[n]));
    }
    for (size_t k = 0; k < (size_t)a->n * a->j; k++)
        if (isfinite(a->output[k]) || isfinite(b->output[k]))
            g = fmax(g, fabs(a->output[k] - b->output[k]));
    return g;
}

static void cd_equality(const char *world_dir, const char *shock, tw_deficit_closure closure)
{
    tw_error err;
    tw_world *w;
    assert_ok(tw_world_load(world_dir, NULL, &w, &err), &err);
    const double tol = 1e-13;
    outcome cd = solve(w, shock, closure, NULL, 0, tol);
    /* sigma == 1 in every nest (all inputs and value added): the Cobb-Douglas code path, so
     * the results are identical, bit for bit. */
    tw_input_elasticity one = {TW_ALL_SECTORS, TW_ALL_SECTORS, 1.0};
    outcome same = solve(w, shock, closure, &one, 1, tol);
    for (int n = 0; n < cd.n; n++)
        assert_true(same.real_income[n] == cd.real_income[n]);
    outcome_free(&same);
    /* The general CES formula (every input of every sector in the nest) just off sigma = 1:
     * the results differ from Cobb-Douglas by the genuine effect of sigma, |1 - sigma| times
     * a derivative of order 0.1 (measured: 1.35e-11 on cp1993 at 1e-10, scaling linearly from
     * 1.35e-9 at 1e-8 down to 1.4e-12 at 1e-11, so no numerical noise above 1e-12); the formula
     * is evaluated with expm1/log1p so that nothing is lost to cancellation as sigma -> 1. */
    double worst = 0.0;
    for (int s = -1; s <= 1; s += 2) {
        tw_input_elasticity near = {TW_ALL_SECTORS, TW_ALL_SECTORS, 1.0 + s * H_NEAR};
        outcome ces = solve(w, shock, closure, &near, 1, tol);
        double g = max_diff(&ces, &cd);
        worst = fmax(worst, g);
        outcome_free(&ces);
    }
    fprintf(stderr, "%s: CES at sigma = 1 -+ %g vs Cobb-Douglas: largest difference %.3g\n",
            world_dir, H_NEAR, worst);
    assert_true(worst <= 1e-10);
    /* ... and it does move away from Cobb-Douglas as sigma does (the test is not vacuous). */
    tw_input_elasticity far = {TW_ALL_SECTORS, TW_ALL_SECTORS, 0.5};
    outcome half = solve(w, shock, closure, &far, 1, 1e-10);
    assert_true(max_diff(&half, &cd) > 1e-6);
    outcome_free(&half);
    outcome_free(&cd);
    tw_world_free(w);
}

static void cd_equality_cp1993(void **state)
{
    (void)state;
    cd_equality(TW_TEST_SOURCE_DIR "/data/cp1993", TW_TEST_SOURCE_DIR "/data/cp1993/nafta_2005.csv",
                TW_DEFICITS_ZERO);
}

static void cd_equality_icio2022(void **state)
{
    (void)state;
    cd_equality(TW_TEST_SOURCE_DIR "/data/icio2022",
                TW_TEST_SOURCE_DIR "/scenarios/us_china_april2025.csv", TW_DEFICITS_FIXED);
}

/* The closed-form world. Two mirror-image countries H and F, two sectors: U (the using sector,
 * not traded, all of it final demand) and R (the critical input, labour only, traded). U's
 * cost: value added 95%, R 5% (s = 0.05). Each country buys 30% of its R at home (pi = 0.3)
 * and 70% from the other. Both ban their R exports to the other: each loses one of its two
 * sources. By symmetry wages stay equal, and with world value added as numeraire w_hat = 1.
 * Then, with theta the trade elasticity of R and rho = 1 - sigma:
 *   eq. (2): P_R = [pi c_R^-theta]^(-1/theta) = pi^(-1/theta)          (c_R = w_hat = 1)
 *   eq. (1'): c_U = [(1 - s) + s P_R^rho]^(1/rho)        (Cobb-Douglas limit: P_R^s)
 *   U is bought only at home: P_U = c_U; income is value added (no tariffs, no deficits),
 *   unchanged, so real income = 1 / c_U and the real output of U is 1 / c_U too.
 *   R's cost share in U: s' = s (P_R / c_U)^rho, so R's output (its value: all of it is used by
 *   U at home, whose value stays wL) is s' wL: Y_R_hat = s' / s; the quantity of R used
 *   changes by s' / (s P_R). */
static void closed_form(void **state)
{
    (void)state;
    char dir[256];
    tw_test_tmpdir(dir, sizeof dir);
    tw_test_write(dir, "countries.csv", "code,name\nH,Home\nF,Foreign\n");
    tw_test_write(dir, "sectors.csv", "code,name,theta\nU,Using sector,5\nR,Critical input,4\n");
    tw_test_write(dir, "flows.csv",
                  "exporter,importer,sector,value\n"
                  "H,H,U,100\nF,F,U,100\n"
                  "H,H,R,1.5\nF,H,R,3.5\nF,F,R,1.5\nH,F,R,3.5\n");
    tw_test_write(dir, "value_added.csv", "country,sector,share\nH,U,0.95\nF,U,0.95\nH,R,1\nF,R,1\n");
    tw_test_write(dir, "io.csv", "country,input_sector,using_sector,share\nH,R,U,0.05\nF,R,U,0.05\n");
    tw_test_write(dir, "input_elasticities.csv", "input_sector,using_sector,elasticity\nR,U,1\n");
    tw_error err;
    tw_world *w;
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    assert_true(tw_world_input_nested(w, 1, 0));
    assert_close(tw_world_input_elasticity(w, 0), 1.0, 0.0, "world file elasticity");
    const char *ban = "importer,exporter,sector,tariff,iceberg_hat\nH,F,R,,inf\nF,H,R,,inf\n";
    const double s = 0.05, pi = 0.3, theta = 4.0;
    const double sigmas[] = {1.0, 0.5, 0.1, 2.0};
    double prev_loss = 0.0;
    for (int c = 0; c < 4; c++) {
        double sigma = sigmas[c], rho = 1.0 - sigma;
        tw_input_elasticity rule = {TW_NEST_MEMBERS, TW_ALL_SECTORS, sigma};
        tw_model_options o;
    tw_model_options_init(&o);
        o.input_elasticities = &rule;
        o.input_elasticity_count = 1;
        tw_results *r = tw_test_solve_shock(w, &o, ban);
        double pr = pow(pi, -1.0 / theta);
        double cu = sigma == 1.0 ? pow(pr, s) : pow((1.0 - s) + s * pow(pr, rho), 1.0 / rho);
        double share = s * pow(pr / cu, rho);
        for (int n = 0; n < 2; n++) {
            const char *who = n ? "F" : "H";
            assert_close(r->country[n].wage_hat, 1.0, 1e-9, "%s wage, sigma %g", who, sigma);
            assert_close(r->sector_price_hat[tw_ix_nj(r->d, n, 1)], pr, 1e-9,
                         "%s price of R, sigma %g", who, sigma);
            assert_close(r->sector_price_hat[tw_ix_nj(r->d, n, 0)], cu, 1e-9,
                         "%s price of U, sigma %g", who, sigma);
            assert_close(r->country[n].real_income_pct, 100.0 * (1.0 / cu - 1.0), 1e-7,
                         "%s real income, sigma %g", who, sigma);
            double yu = r->output[tw_ix_nj(r->d, n, 0)] / r->output_base[tw_ix_nj(r->d, n, 0)];
            double yr = r->output[tw_ix_nj(r->d, n, 1)] / r->output_base[tw_ix_nj(r->d, n, 1)];
            assert_close(yu / cu, 1.0 / cu, 1e-9, "%s real output of U, sigma %g", who, sigma);
            assert_close(yr, share / s, 1e-9, "%s output of R, sigma %g", who, sigma);
        }
        /* Complements lose more than Cobb-Douglas, and more the lower sigma; substitutes less. */
        double loss = -r->country[0].real_income_pct;
        if (c > 0 && sigma < 1.0)
            assert_true(loss > prev_loss);
        if (sigma > 1.0)
            assert_true(loss < prev_loss);
        if (sigma <= 1.0)
            prev_loss = loss;
        fprintf(stderr, "closed form, sigma %g: real income %.6f%%, price of R %.6f\n", sigma,
                r->country[0].real_income_pct, pr);
        tw_results_free(r);
    }
    tw_world_free(w);
    tw_test_rmdir(dir);
}

/* Strong complements everywhere (every input of every sector nested, sigma = 0.1) and a full
 * US-China embargo on the default world: the solver converges to the residual tolerance. */
static void converges_complements_embargo(void **state)
{
    (void)state;
    tw_error err;
    tw_world *w;
    assert_ok(tw_world_load(TW_TEST_SOURCE_DIR "/data/icio2022", NULL, &w, &err), &err);
    const char *shock = "importer,exporter,sector,tariff,iceberg_hat\nUSA,CHN,*,,inf\nCHN,USA,*,,inf\n";
    double usa[2];
    for (int c = 0; c < 2; c++) {
        tw_input_elasticity rule = {TW_ALL_SECTORS, TW_ALL_SECTORS, c ? 0.1 : 1.0};
        tw_model_options o;
    tw_model_options_init(&o);
        o.input_elasticities = &rule;
        o.input_elasticity_count = 1;
        tw_results *r = tw_test_solve_shock(w, &o, shock);
        usa[c] = r->country[tw_world_country_index(w, "USA")].real_income_pct;
        tw_results_free(r);
    }
    /* Complements make the embargo costlier. */
    assert_true(usa[1] < usa[0] && usa[0] < 0.0);
    tw_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(closed_form),
        cmocka_unit_test(cd_equality_cp1993),
        cmocka_unit_test(cd_equality_icio2022),
        cmocka_unit_test(converges_complements_embargo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
