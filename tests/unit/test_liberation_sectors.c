/* SPDX-License-Identifier: MIT */
/* The Liberation Day blocks (docs/model.md §2c) on worlds with several sectors and
 * input-output links: aggregation invariance (one sector against two identical halves), cp1993
 * with blocks.csv and sector-level scale elasticities (zero shock, Walras' law), and the docs'
 * icio2022 example. The blocks' gradients and closed forms are in test_liberation.c. */
#include "test_util.h"

/* A three-country world with value-added shares gamma_n and roundabout production, written
 * with one sector S, or with its flows, tariffs and input shares split evenly between two
 * identical sectors S and T; blocks on (nu, phi, kappa, psi and both revenue uses). */
static void write_split_world(const char *dir, int split)
{
    static const double flow[3][3] = {{70, 12, 9}, {8, 55, 14}, {11, 6, 40}}; /* [exp][imp] */
    static const double gamma[3] = {0.45, 0.6, 0.35};
    const char *c[3] = {"A", "B", "C"}, *sec[2] = {"S", "T"};
    char buf[4096];
    int J = split ? 2 : 1, at;
    tw_test_write(dir, "countries.csv", "code,name\nA,A\nB,B\nC,C\n");
    tw_test_write(dir, "sectors.csv",
                  split ? "code,name,theta\nS,S,5\nT,T,5\n" : "code,name,theta\nS,S,5\n");
    at = snprintf(buf, sizeof buf, "exporter,importer,sector,value\n");
    for (int e = 0; e < 3; e++)
        for (int m = 0; m < 3; m++)
            for (int j = 0; j < J; j++)
                at += snprintf(buf + at, sizeof buf - (size_t)at, "%s,%s,%s,%.17g\n", c[e], c[m],
                               sec[j], flow[e][m] / J);
    tw_test_write(dir, "flows.csv", buf);
    at = snprintf(buf, sizeof buf, "importer,exporter,sector,rate\n");
    for (int j = 0; j < J; j++)
        at += snprintf(buf + at, sizeof buf - (size_t)at, "A,B,%s,0.05\nC,A,%s,0.1\n", sec[j],
                       sec[j]);
    tw_test_write(dir, "tariffs.csv", buf);
    at = snprintf(buf, sizeof buf, "country,sector,share\n");
    for (int n = 0; n < 3; n++)
        for (int j = 0; j < J; j++)
            at += snprintf(buf + at, sizeof buf - (size_t)at, "%s,%s,%.17g\n", c[n], sec[j],
                           gamma[n]);
    tw_test_write(dir, "value_added.csv", buf);
    at = snprintf(buf, sizeof buf, "country,input_sector,using_sector,share\n");
    for (int n = 0; n < 3; n++)
        for (int k = 0; k < J; k++)
            for (int j = 0; j < J; j++)
                at += snprintf(buf + at, sizeof buf - (size_t)at, "%s,%s,%s,%.17g\n", c[n],
                               sec[k], sec[j], (1.0 - gamma[n]) / J);
    tw_test_write(dir, "io.csv", buf);
    tw_test_write(dir, "blocks.csv",
                  "country,nu,tariff_exponent,labour_elasticity,scale_elasticity,revenue_use\n"
                  "A,0.12,1.15,0.5,0.04,labour_tax\nB,0.25,1.3,0.8,0.02,lump_sum\n"
                  "C,0,1,0.3,0.06,labour_tax\n");
    if (split) /* the same psi given by sector, for a country that has its own row */
        tw_test_write(dir, "scale_elasticities.csv",
                      "country,sector,scale_elasticity\nC,S,0.06\nC,T,0.06\n");
}

/* Aggregation invariance: a one-sector world with input-output links and every block on, and
 * the same world with its sector split into two identical halves, give the same equilibrium.
 * Both are solved to a residual of 1e-13; the results are ratios of order one, so they agree
 * to about 1e-12 relative, 1e-10 percentage points (a block that mixed up sector and country
 * quantities, e.g. sector employment without the labour share, is off by order one). */
static void test_aggregation(void **state)
{
    (void)state;
    char dir[2][256];
    tw_results *r[2];
    const char *shock[2] = {"importer,exporter,sector,tariff\nA,*,S,0.3\nB,C,S,0.2\n",
                            "importer,exporter,sector,tariff\nA,*,S,0.3\nA,*,T,0.3\n"
                            "B,C,S,0.2\nB,C,T,0.2\n"};
    tw_model_options o = tw_test_model_options(TW_DEFICITS_FIXED, 1e-13);
    for (int split = 0; split < 2; split++) {
        tw_error err;
        tw_world *w;
        tw_test_tmpdir(dir[split], sizeof dir[split]);
        write_split_world(dir[split], split);
        assert_ok(tw_world_load(dir[split], NULL, &w, &err), &err);
        r[split] = tw_test_solve_shock(w, &o, shock[split]);
        tw_world_free(w);
    }
    for (int n = 0; n < 3; n++) {
        const tw_country_result *a = &r[0]->country[n], *b = &r[1]->country[n];
        assert_true(fabs(a->welfare_pct) > 1e-3 && fabs(a->employment_pct) > 1e-3);
        assert_close(b->welfare_pct, a->welfare_pct, 1e-10, "welfare %d", n);
        assert_close(b->employment_pct, a->employment_pct, 1e-10, "employment %d", n);
        assert_close(b->real_income_pct, a->real_income_pct, 1e-10, "real income %d", n);
        assert_close(b->price_hat, a->price_hat, 1e-12, "price %d", n);
        assert_close(b->wage_hat, a->wage_hat, 1e-12, "wage %d", n);
        assert_close(b->tariff_revenue / a->tariff_revenue, 1.0, 1e-12, "revenue %d", n);
    }
    for (int k = 0; k < 2; k++) {
        tw_results_free(r[k]);
        tw_test_rmdir(dir[k]);
    }
}

/* Copies the files (NULL-terminated list) of the shipped world data/NAME into dir. */
static void copy_world(const char *name, const char *const *files, const char *dir)
{
    for (size_t k = 0; files[k]; k++) {
        char from[512], to[512];
        snprintf(from, sizeof from, "%s/data/%s/%s", TW_TEST_SOURCE_DIR, name, files[k]);
        snprintf(to, sizeof to, "%s/%s", dir, files[k]);
        FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
        assert_non_null(in);
        assert_non_null(out);
        char buf[65536];
        size_t got;
        while ((got = fread(buf, 1, sizeof buf, in)) > 0)
            assert_int_equal(fwrite(buf, 1, got, out), got);
        fclose(in);
        fclose(out);
    }
}

/* cp1993 (31 regions, 40 sectors, input-output links) with blocks.csv and sector-level scale
 * elasticities: a zero shock reproduces the baseline exactly (the same solve), and a US tariff
 * solves with Walras' law (world spending equals world income: sum of deficits zero, to
 * 1e-9 of world value added; the solver's residual is 1e-10). */
static void test_cp1993_blocks(void **state)
{
    (void)state;
    char dir[256], buf[8192];
    tw_test_tmpdir(dir, sizeof dir);
    static const char *const files[] = {"world.csv",       "countries.csv", "sectors.csv",
                                        "flows.csv",       "tariffs.csv",   "value_added.csv",
                                        "io.csv",          "final_demand.csv", NULL};
    copy_world("cp1993", files, dir);
    tw_error err;
    tw_world *w;
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    int at = snprintf(buf, sizeof buf,
                      "country,nu,tariff_exponent,labour_elasticity,scale_elasticity,revenue_use\n");
    tw_dims d = tw_world_dims(w);
    for (int n = 0; n < d.n; n++)
        at += snprintf(buf + at, sizeof buf - (size_t)at, "%s,%g,%g,0.5,0.005,%s\n",
                       tw_world_country_code(w, n), n % 3 ? 0.11 : 0.0, n % 3 ? 1.15 : 1.0,
                       n % 2 ? "labour_tax" : "lump_sum");
    tw_world_free(w);
    tw_test_write(dir, "blocks.csv", buf);
    tw_test_write(dir, "scale_elasticities.csv",
                  "country,sector,scale_elasticity\n*,AGR,0.05\nUSA,AGR,0.08\n");
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    tw_model_options o = tw_test_model_options(TW_DEFICITS_FIXED, 1e-10);
    tw_model *m;
    tw_policy *p;
    assert_ok(tw_model_create(w, &o, &m, &err), &err);
    assert_ok(tw_policy_create(m, &p), NULL);
    tw_equilibrium *eq = tw_equilibrium_create(m);
    tw_results *zero = tw_results_create(m);
    assert_ok(tw_test_model_solve(m, p, eq, NULL, &err), &err); /* today's policy: no shock */
    assert_ok(tw_results_compute(m, eq, zero), NULL);
    for (int n = 0; n < d.n; n++) {
        const tw_country_result *c = &zero->country[n];
        assert_true(c->welfare_pct == 0.0 && c->employment_pct == 0.0);
        assert_true(c->price_hat == 1.0 && c->wage_hat == 1.0 && c->real_income_pct == 0.0);
    }
    tw_results_free(zero);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    tw_model_free(m);
    tw_results *r = tw_test_solve_shock(w, &o, "importer,exporter,sector,tariff\nUSA,*,*,0.25\n");
    int usa = tw_world_country_index(w, "USA");
    assert_true(r->country[usa].employment_pct != 0.0);
    double dsum = 0.0, va = 0.0;
    for (int n = 0; n < d.n; n++) {
        dsum += r->country[n].deficit;
        va += r->country[n].value_added;
    }
    assert_close(dsum / va, 0.0, 1e-9, "world deficit over world value added");
    tw_results_free(r);
    tw_world_free(w);
    tw_test_rmdir(dir);
}

/* The example of docs/model.md §2c: icio2022 with elastic labour supply (kappa = 0.5, the
 * Liberation Day paper's) in every country, no destination income or scale economies, and a
 * 25% US tariff on all goods; the US figures as the docs print them (3 decimals: 5e-4). */
static void test_icio2022_example(void **state)
{
    (void)state;
    static const char *const files[] = {"world.csv",   "countries.csv",   "sectors.csv",
                                        "flows.csv",   "tariffs.csv",     "value_added.csv",
                                        "io.csv",      "elasticities.csv", NULL};
    const char *shock = "importer,exporter,sector,tariff\nUSA,*,goods,0.25\n";
    static const double want[2][3] = {{0.736, 0.178, 0.366}, {0.284, -0.305, -0.098}};
    char dir[256];
    tw_test_tmpdir(dir, sizeof dir);
    copy_world("icio2022", files, dir);
    tw_error err;
    tw_world *w;
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    tw_dims d = tw_world_dims(w);
    size_t cap = 64 * (size_t)d.n + 128;
    char *buf = malloc(cap);
    assert_non_null(buf);
    int at = snprintf(buf, cap,
                      "country,nu,tariff_exponent,labour_elasticity,scale_elasticity,revenue_use\n");
    for (int n = 0; n < d.n; n++)
        at += snprintf(buf + at, cap - (size_t)at, "%s,0,1,0.5,0,labour_tax\n",
                       tw_world_country_code(w, n));
    int usa = tw_world_country_index(w, "USA");
    tw_model_options o = tw_test_model_options(TW_DEFICITS_FIXED, 1e-10);
    tw_results *cp = tw_test_solve_shock(w, &o, shock);
    assert_close(cp->country[usa].real_income_pct, 0.200, 5e-4, "Caliendo-Parro real income");
    tw_results_free(cp);
    tw_world_free(w);
    tw_test_write(dir, "blocks.csv", buf);
    free(buf);
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    for (int use = 0; use < 2; use++) {
        o.revenue_use = use ? TW_REVENUE_USE_LUMP_SUM : TW_REVENUE_USE_WORLD; /* labour tax */
        tw_results *r = tw_test_solve_shock(w, &o, shock);
        const tw_country_result *c = &r->country[usa];
        assert_close(c->welfare_pct, want[use][0], 5e-4, "USA welfare, use %d", use);
        assert_close(c->employment_pct, want[use][1], 5e-4, "USA employment, use %d", use);
        assert_close(c->real_income_pct, want[use][2], 5e-4, "USA real income, use %d", use);
        tw_results_free(r);
    }
    tw_world_free(w);
    tw_test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aggregation),
        cmocka_unit_test(test_cp1993_blocks),
        cmocka_unit_test(test_icio2022_example),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
