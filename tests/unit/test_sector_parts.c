/* SPDX-License-Identifier: MIT */
/* Real income by sector (issue 9, item 5): the Caliendo-Parro parts of each sector add up to
 * the country's terms on seeded random worlds under random tariffs; the top sector and its
 * share; the warning rule (tw_results_warn) on results set by hand; warning lists; and the
 * suggester that lists every tied code. */
#include "test_util.h"

#include "data/names.h"

/* Sums over sectors equal the country terms: the parts are the country sums' own terms
 * regrouped, so the only error is rounding, at most a few ulps of the largest part (1e-12
 * points for parts of order 1). */
static void parts_add_up(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 4; seed++) {
        tw_test_fixture f;
        tw_test_fixture_setup(&f, 5, 4, seed, 1, 0, TW_DEFICITS_FIXED);
        double *t = tw_policy_tariffs(f.p);
        uint64_t s = seed * 2654435761u;
        for (int j = 0; j < f.d.j; j++)
            for (int n = 0; n < f.d.n; n++)
                for (int i = 0; i < f.d.n; i++) {
                    s = s * 6364136223846793005u + 1442695040888963407u;
                    if (i != n) /* no tariff on a country's own sales */
                        t[tw_ix_nij(f.d, n, i, j)] += 0.4 * (double)(s >> 40) / (double)(1u << 24);
                }
        tw_error err;
        assert_ok(tw_test_model_solve(f.m, f.p, f.eq, NULL, &err), &err);
        assert_ok(tw_results_compute(f.m, f.eq, f.r), NULL);
        for (int n = 0; n < f.d.n; n++) {
            double tot = 0, vot = 0, tc = 0, all = 0, gross = 0, top = 0;
            int arg = -1;
            for (int j = 0; j < f.d.j; j++) {
                size_t at = tw_ix_nj(f.d, n, j);
                double part = tw_results_sector_welfare_pct(f.r, n, j);
                tot += f.r->sector_tot_pct[at];
                vot += f.r->sector_vot_pct[at];
                tc += f.r->sector_trade_cost_pct[at];
                all += part;
                gross += fabs(part);
                if (fabs(part) > top)
                    top = fabs(part), arg = j;
            }
            const tw_country_result *c = &f.r->country[n];
            assert_close(tot, c->tot_pct, 1e-12, "seed %d country %d: ToT", (int)seed, n);
            assert_close(vot, c->vot_pct, 1e-12, "seed %d country %d: VoT", (int)seed, n);
            assert_close(tc, c->trade_cost_pct, 1e-12, "seed %d country %d: trade cost",
                         (int)seed, n);
            assert_close(all, c->welfare_decomp_pct, 1e-12, "seed %d country %d: sum",
                         (int)seed, n);
            double share;
            assert_int_equal(tw_results_dominant_sector(f.r, n, &share), arg);
            assert_close(share, top / gross, 1e-15, "seed %d country %d: share", (int)seed, n);
        }
        tw_test_fixture_teardown(&f);
    }
}

/* Sets country 0's exact change, and its sector parts (all in ToT), by hand. */
static void set_result(tw_results *r, double exact, const double *parts)
{
    double sum = 0;
    for (int j = 0; j < r->d.j; j++) {
        size_t at = tw_ix_nj(r->d, 0, j);
        r->sector_tot_pct[at] = parts[j];
        r->sector_vot_pct[at] = r->sector_trade_cost_pct[at] = 0;
        sum += parts[j];
    }
    r->country[0].real_income_pct = exact;
    r->country[0].tot_pct = r->country[0].welfare_decomp_pct = sum;
    r->country[0].vot_pct = r->country[0].trade_cost_pct = 0;
}

static int warns(const tw_world *w, tw_results *r, double exact, double a, double b, double c,
                 const char *expect)
{
    double parts[3] = {a, b, c};
    set_result(r, exact, parts);
    tw_warnings *list = tw_warnings_create();
    int added = -1;
    assert_ok(tw_results_warn(w, r, 0, "at X", list, &added), NULL);
    assert_int_equal(tw_warnings_count(list), added);
    if (added && expect)
        assert_non_null(strstr(tw_warnings_get(list, 0)->message, expect));
    tw_warnings_free(list);
    return added;
}

static void warning_rule(void **state)
{
    (void)state;
    tw_test_fixture f;
    tw_test_fixture_setup(&f, 3, 3, 7, 1, 0, TW_DEFICITS_FIXED);
    const char *code = tw_world_country_code(f.w, 0);
    /* 0.6 of the gross movement: warned, naming the sector and the share. */
    assert_int_equal(warns(f.w, f.r, -1.0, -0.6, -0.3, -0.1, "accounts for 60% of it"), 1);
    /* Exactly one half is not "more than half"; 0.45 neither. */
    assert_int_equal(warns(f.w, f.r, -1.0, -0.5, -0.3, -0.2, NULL), 0);
    assert_int_equal(warns(f.w, f.r, -1.0, -0.45, -0.35, -0.2, NULL), 0);
    /* Shares are of the absolute parts: +0.6 and -0.4 net to 0.2, and 0.6 is 60% of 1.0. */
    assert_int_equal(warns(f.w, f.r, 0.2, 0.6, -0.4, 0.0, "one sector drives"), 1);
    /* Under 0.1% of income: no warning whatever the split. */
    assert_int_equal(warns(f.w, f.r, 0.09, 0.09, 0.0, 0.0, NULL), 0);
    /* A first-order change that misses more than half of the exact one: warned. */
    assert_int_equal(warns(f.w, f.r, -1.0, -0.2, -0.15, -0.1, "misses more than half"), 1);
    assert_int_equal(warns(f.w, f.r, -1.0, -0.2, -0.2, -0.1, NULL), 0); /* misses exactly 1/2 */
    /* The warning's field is the country, its message starts with the context. */
    double parts[3] = {-0.9, -0.1, 0};
    set_result(f.r, -1.0, parts);
    tw_warnings *list = tw_warnings_create();
    assert_ok(tw_results_warn(f.w, f.r, 0, "at X", list, NULL), NULL);
    const tw_error *wn = tw_warnings_get(list, 0);
    assert_string_equal(wn->field, code);
    assert_true(strncmp(wn->message, "at X: ", 6) == 0);
    assert_int_equal(tw_results_warn(f.w, f.r, 0, NULL, NULL, NULL), TW_ERR_USAGE);
    tw_warnings_free(list);
    tw_test_fixture_teardown(&f);
}

static void warning_lists(void **state)
{
    (void)state;
    assert_int_equal(tw_warnings_count(NULL), 0);
    assert_null(tw_warnings_get(NULL, 0));
    tw_warnings_free(NULL);
    tw_warnings *a = tw_warnings_create(), *b = tw_warnings_create();
    for (int k = 0; k < 9; k++)
        assert_ok(tw_warnings_add(a, "f.csv", k + 1, 3, "tariff", "number %d", k), NULL);
    assert_ok(tw_warnings_add(b, NULL, 0, 0, "USA", "a result"), NULL);
    assert_ok(tw_warnings_append(b, a), NULL);
    assert_int_equal(tw_warnings_count(b), 10);
    assert_null(tw_warnings_get(b, 10));
    assert_null(tw_warnings_get(b, -1));
    char buf[300];
    tw_warning_format(tw_warnings_get(b, 9), buf, sizeof buf);
    assert_string_equal(buf, "f.csv:9:3: warning: tariff: number 8");
    tw_warning_format(tw_warnings_get(b, 0), buf, sizeof buf);
    assert_string_equal(buf, "warning: USA: a result");
    assert_int_equal(tw_warnings_get(b, 0)->status, TW_OK);
    assert_int_equal(tw_warnings_add(NULL, NULL, 0, 0, NULL, "x"), TW_ERR_USAGE);
    tw_warnings_free(a);
    tw_warnings_free(b);
}

static void suggestions(void **state)
{
    (void)state;
    char *codes[] = {"CHE", "CHL", "CHN", "DEU", "KHM", "USA"};
    char buf[200];
    assert_string_equal(tw_names_suggest_all(codes, 6, "CHM", buf, sizeof buf),
                        "'CHE', 'CHL', 'CHN' or 'KHM'");
    assert_string_equal(tw_names_suggest_all(codes, 6, "USB", buf, sizeof buf), "'USA'");
    assert_string_equal(tw_names_suggest_all(codes, 3, "CHX", buf, sizeof buf),
                        "'CHE', 'CHL' or 'CHN'");
    assert_null(tw_names_suggest_all(codes, 6, "ZZZ", buf, sizeof buf));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parts_add_up),
        cmocka_unit_test(warning_rule),
        cmocka_unit_test(warning_lists),
        cmocka_unit_test(suggestions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
