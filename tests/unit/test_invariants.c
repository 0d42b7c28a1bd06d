/* SPDX-License-Identifier: MIT */
/* Economic invariants on small random worlds with fixed seeds: a zero shock changes nothing,
 * Walras' law, the numeraire, symmetry, and the sign of a tariff's effect on the taxed flow. */
#include "test_util.h"

/* The equations are solved to a residual of 1e-12 here; quantities derived from them then
 * carry errors of the same order times modest condition numbers, so 1e-9 is a safe bound for
 * identities that hold exactly at the solution. */
#define CHECK_TOL 1e-9

typedef tw_test_fixture fixture;

static void zero_shock_changes_nothing(void **state)
{
    (void)state;
    for (int closure = 0; closure < 3; closure++)
        for (int io = 0; io < 2; io++) {
            fixture f;
            tw_test_fixture_setup(&f, 5, 3, 11 + (uint64_t)io, io, 0, (tw_deficit_closure)closure);
            tw_test_fixture_solve(&f);
            tw_dims d = f.r->d;
            for (int n = 0; n < d.n; n++) {
                const tw_country_result *c = &f.r->country[n];
                assert_close(c->real_income_pct, 0.0, CHECK_TOL, "real income, country %d", n);
                assert_close(c->wage_hat, 1.0, CHECK_TOL, "wage, country %d", n);
                assert_close(c->price_hat, 1.0, CHECK_TOL, "prices, country %d", n);
                assert_close(c->welfare_decomp_pct, 0.0, CHECK_TOL, "decomposition %d", n);
                for (int i = 0; i < d.n; i++)
                    assert_close(f.r->trade[n * d.n + i], f.r->trade_base[n * d.n + i],
                                 CHECK_TOL * f.r->trade_base[n * d.n + i], "trade %d<-%d", n, i);
            }
            tw_test_fixture_teardown(&f);
        }
}

/* Walras' law: with every equation but the numeraire-replaced labour market imposed, each
 * country's trade balance equals its deficit, and world income equals world final spending. */
static void walras_and_numeraire(void **state)
{
    (void)state;
    for (int closure = 0; closure < 3; closure++) {
        fixture f;
        tw_test_fixture_setup(&f, 6, 4, 23, 1, 0, (tw_deficit_closure)closure);
        tw_dims d = tw_world_dims(f.w);
        double *t = tw_policy_tariffs(f.p);
        t[tw_ix_nij(d, 0, 1, 0)] = 0.9;
        t[tw_ix_nij(d, 1, 0, 2)] = 0.5;
        tw_policy_iceberg_hat(f.p)[tw_ix_nij(d, 3, 2, 1)] = 1.4;
        tw_test_fixture_solve(&f);
        double gdp0 = 0, gdp1 = 0, world_deficit = 0, scale = 0;
        for (int n = 0; n < d.n; n++) {
            const tw_country_result *c = &f.r->country[n];
            gdp0 += c->value_added_base;
            gdp1 += c->value_added;
            world_deficit += c->deficit;
            scale += c->imports;
            /* Walras' law: each country's trade balance is its deficit. */
            assert_close((c->imports - c->exports) / c->imports, c->deficit / c->imports,
                         CHECK_TOL, "trade balance of country %d, closure %d", n, closure);
        }
        assert_close(gdp1 / gdp0, 1.0, CHECK_TOL, "world value added (numeraire), closure %d",
                     closure);
        assert_close(world_deficit / scale, 0.0, CHECK_TOL, "world deficit, closure %d", closure);
        tw_test_fixture_teardown(&f);
    }
}

/* Symmetric countries facing a symmetric shock get identical results. */
static void symmetric_countries(void **state)
{
    (void)state;
    fixture f;
    tw_test_fixture_setup(&f, 4, 3, 5, 1, 1, TW_DEFICITS_FIXED);
    tw_dims d = tw_world_dims(f.w);
    double *t = tw_policy_tariffs(f.p);
    for (int j = 0; j < d.j; j++) {
        t[tw_ix_nij(d, 0, 1, j)] = 0.6;
        t[tw_ix_nij(d, 1, 0, j)] = 0.6;
    }
    tw_test_fixture_solve(&f);
    const tw_country_result *a = &f.r->country[0], *b = &f.r->country[1];
    assert_close(a->real_income_pct, b->real_income_pct, CHECK_TOL, "real income");
    assert_close(a->wage_hat, b->wage_hat, CHECK_TOL, "wage");
    assert_close(a->price_hat, b->price_hat, CHECK_TOL, "prices");
    assert_close(a->tot_pct, b->tot_pct, CHECK_TOL, "terms of trade");
    assert_close(f.r->trade[0 * d.n + 1], f.r->trade[1 * d.n + 0], CHECK_TOL * 100,
                 "bilateral trade");
    assert_true(a->real_income_pct < 0); /* a symmetric war hurts both */
    tw_test_fixture_teardown(&f);
}

/* Raising a tariff lowers the taxed flow, and raising it further lowers it further. */
static void tariff_lowers_taxed_flow(void **state)
{
    (void)state;
    fixture f;
    tw_test_fixture_setup(&f, 5, 3, 77, 1, 0, TW_DEFICITS_FIXED);
    tw_dims d = tw_world_dims(f.w);
    double prev = INFINITY;
    for (int step = 0; step < 4; step++) {
        tw_policy_tariffs(f.p)[tw_ix_nij(d, 2, 3, 1)] = 0.5 * step;
        tw_test_fixture_solve(&f);
        /* sector-level flow 3 -> 2 in sector 1: from the equilibrium's output accounting */
        double flow = f.r->trade[2 * d.n + 3];
        assert_true(flow < prev || step == 0);
        prev = flow;
    }
    tw_test_fixture_teardown(&f);
}

/* A uniform rise in trade costs between all pairs lowers every country's real income. */
static void autarky_direction(void **state)
{
    (void)state;
    fixture f;
    tw_test_fixture_setup(&f, 4, 2, 99, 0, 0, TW_DEFICITS_ZERO);
    tw_dims d = tw_world_dims(f.w);
    double *g = tw_policy_iceberg_hat(f.p);
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++)
                if (i != n)
                    g[tw_ix_nij(d, n, i, j)] = 2.0;
    tw_test_fixture_solve(&f);
    for (int n = 0; n < d.n; n++)
        assert_true(f.r->country[n].real_income_pct < 0);
    tw_test_fixture_teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zero_shock_changes_nothing),
        cmocka_unit_test(walras_and_numeraire),
        cmocka_unit_test(symmetric_countries),
        cmocka_unit_test(tariff_lowers_taxed_flow),
        cmocka_unit_test(autarky_direction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
