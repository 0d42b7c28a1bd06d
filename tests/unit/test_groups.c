/* SPDX-License-Identifier: MIT */
/* Group results (tradewar/groups.h): the one average tariff against a direct sum, pair
 * averages aggregating to the group average, goods against all sectors, explicit weights,
 * labels and keys; group real income and trade against the country results. */
#include "test_util.h"

static void test_tariff_averages(void **state)
{
    (void)state;
    tw_test_fixture f;
    tw_test_fixture_setup(&f, 6, 5, 77, 1, 0, TW_DEFICITS_FIXED);
    const tw_world *w = f.w;
    tw_dims d = f.d;
    const double *t = tw_world_tariffs(w), *flow = tw_world_flows(w);
    int imp[2] = {0, 3}, exp[3] = {1, 2, 3};
    /* Direct sums: goods only, importer 3 on itself excluded. */
    for (int all = 0; all <= 1; all++) {
        double ws = 0, ts = 0;
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 3; b++)
                for (int j = 0; j < d.j; j++) {
                    if (imp[a] == exp[b] || (!all && !tw_world_sector_is_goods(w, j)))
                        continue;
                    size_t at = tw_ix_nij(d, imp[a], exp[b], j);
                    ws += flow[at];
                    ts += flow[at] * t[at];
                }
        tw_tariff_average avg = {all ? TW_SECTORS_ALL : TW_SECTORS_GOODS, NULL,
                                 TW_WEIGHTS_BASELINE};
        double g = tw_tariff_average_group(w, &avg, t, imp, 2, exp, 3);
        assert_close(g, ts / ws, 1e-15, "group average (all = %d)", all);
        double *pairs = malloc((size_t)d.n * d.n * sizeof *pairs);
        tw_tariff_average_pairs(w, &avg, t, pairs);
        assert_close(tw_tariff_average_of_pairs(w, &avg, pairs, imp, 2, exp, 3), g, 1e-15,
                     "from pairs");
        assert_close(pairs[0], 0.0, 0.0, "diagonal");
        free(pairs);
    }
    /* Within one sector. */
    for (int j = 0; j < d.j; j++) {
        double ws = 0, ts = 0;
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 3; b++) {
                if (imp[a] == exp[b])
                    continue;
                size_t at = tw_ix_nij(d, imp[a], exp[b], j);
                ws += flow[at];
                ts += flow[at] * t[at];
            }
        assert_close(tw_tariff_average_sector(w, NULL, t, j, imp, 2, exp, 3), ts / ws, 1e-15,
                     "sector %d", j);
    }
    assert_true(isnan(tw_tariff_average_sector(w, NULL, t, d.j, imp, 2, exp, 3)));
    /* The zero-initialised average is the default, and results use it. */
    tw_tariff_average def = {0};
    assert_string_equal(tw_tariff_average_key(&def), "avg_tariff_goods_import_weighted");
    assert_string_equal(tw_tariff_average_key(NULL), "avg_tariff_goods_import_weighted");
    assert_string_equal(tw_tariff_average_label(NULL),
                        "average tariff on goods, weighted by baseline imports");
    tw_tariff_average all = {TW_SECTORS_ALL, NULL, TW_WEIGHTS_BASELINE};
    assert_string_equal(tw_tariff_average_key(&all), "avg_tariff_all_import_weighted");
    tw_test_fixture_solve(&f);
    for (int n = 0; n < d.n; n++)
        assert_close(f.r->avg_tariff_goods_base[n],
                     tw_tariff_average_group(w, NULL, t, &n, 1, NULL, 0), 1e-15, "results %d", n);
    /* Explicit weights: one pair only. */
    double *wt = calloc((size_t)d.n * d.n * d.j, sizeof *wt);
    int j0 = -1;
    for (int j = 0; j < d.j && j0 < 0; j++)
        if (tw_world_sector_is_goods(w, j))
            j0 = j;
    assert_true(j0 >= 0);
    wt[tw_ix_nij(d, 0, 1, j0)] = 2.0;
    tw_tariff_average custom = {TW_SECTORS_GOODS, wt, TW_WEIGHTS_BASELINE};
    assert_close(tw_tariff_average_group(w, &custom, t, imp, 2, exp, 3),
                 t[tw_ix_nij(d, 0, 1, j0)], 1e-15, "custom weights");
    assert_string_equal(tw_tariff_average_key(&custom), "avg_tariff_goods_custom_weighted");
    /* No weight at all: undefined. */
    memset(wt, 0, (size_t)d.n * d.n * d.j * sizeof *wt);
    assert_true(isnan(tw_tariff_average_group(w, &custom, t, imp, 2, exp, 3)));
    free(wt);
    tw_test_fixture_teardown(&f);
}

static void test_group_income_and_trade(void **state)
{
    (void)state;
    tw_test_fixture f;
    tw_test_fixture_setup(&f, 5, 4, 91, 1, 0, TW_DEFICITS_FIXED);
    tw_dims d = f.d;
    for (int j = 0; j < d.j; j++)
        tw_policy_tariffs(f.p)[tw_ix_nij(d, 0, 1, j)] += 0.4;
    tw_test_fixture_solve(&f);
    int all[5] = {0, 1, 2, 3, 4}, one = 2;
    assert_close(tw_group_real_income_pct(f.r, all, 5), f.r->world_real_income_pct, 1e-12,
                 "world");
    assert_close(tw_group_real_income_pct(f.r, &one, 1), f.r->country[2].real_income_pct, 1e-15,
                 "one country");
    assert_true(isnan(tw_group_real_income_pct(f.r, all, 0)));
    double b0, b1, g0, g1;
    int exp = 1, imp[2] = {0, 1};
    tw_group_trade(f.r, TW_SECTORS_ALL, &exp, 1, imp, 2, &b0, &b1);
    tw_group_trade(f.r, TW_SECTORS_GOODS, &exp, 1, imp, 2, &g0, &g1);
    assert_close(b0, f.r->trade_base[0 * d.n + 1], 0.0, "trade before (1 to itself skipped)");
    assert_close(b1, f.r->trade[0 * d.n + 1], 0.0, "trade after");
    assert_close(g1, f.r->goods[0 * d.n + 1], 0.0, "goods after");
    assert_true(g1 < g0); /* the taxed flow falls */
    assert_true(isnan(tw_pct_change(1.0, 0.0)));
    assert_close(tw_pct_change(1.5, 1.0), 50.0, 1e-12, "pct");
    tw_test_fixture_teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tariff_averages),
        cmocka_unit_test(test_group_income_and_trade),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
