/* SPDX-License-Identifier: MIT */
/* scenarios/us_tariffs_2025.yaml (generated from the product-level 2025 schedules) runs on the
 * default world, every step converges, and its tariffs and results have the signs and orders of
 * magnitude the schedules imply (reasons with each check; no numbers copied from a run). */
#include "test_util.h"

static const tw_timeline_step *find(const tw_timeline *t, const char *date, tw_timeline_step *out)
{
    for (int k = 0; k < tw_timeline_steps(t); k++) {
        tw_timeline_step s = tw_timeline_step_get(t, k);
        if (strcmp(s.date, date) == 0) {
            *out = s;
            return out;
        }
    }
    fail_msg("no step on %s", date);
    return NULL;
}

static void test_programme(void **state)
{
    (void)state;
    tw_error err;
    tw_world *w = NULL;
    tw_model *m = NULL;
    tw_scenario *s = NULL;
    tw_plan *p = NULL;
    tw_timeline *t = NULL;
    assert_ok(tw_world_load(TW_TEST_SOURCE_DIR "/data/icio2022", NULL, &w, &err), &err);
    assert_ok(tw_model_create(w, NULL, &m, &err), &err);
    assert_ok(tw_scenario_load(TW_TEST_SOURCE_DIR "/scenarios/us_tariffs_2025.yaml", &s, &err),
              &err);
    assert_ok(tw_scenario_bind(s, w, &p, &err), &err);
    assert_ok(tw_test_timeline_run(p, m, NULL, NULL, &t, &err), &err);
    for (int k = 0; k < tw_timeline_steps(t); k++)
        assert_true(tw_timeline_step_get(t, k).report.converged);
    int N = tw_world_dims(w).n;
    int USA = tw_world_country_index(w, "USA"), CHN = tw_world_country_index(w, "CHN"),
        CAN = tw_world_country_index(w, "CAN"), VNM = tw_world_country_index(w, "VNM");
    tw_timeline_step feb, annex, pause, nov;
    find(t, "2025-02-04", &feb);
    find(t, "2025-04-09", &annex);
    find(t, "2025-04-10", &pause);
    find(t, "2025-11-14", &nov);
#define TAR(st, n, i) ((st).bilateral_tariff[(size_t)(n) * (size_t)N + (size_t)(i)])
    /* Annex I put 46% on Vietnam on 9 April, the pause brought it back to 10% the next day */
    assert_true(TAR(annex, USA, VNM) - TAR(feb, USA, VNM) > 0.25);
    assert_true(TAR(pause, USA, VNM) - TAR(feb, USA, VNM) < 0.12);
    /* China: 145 points on the lines paying every duty, less on the exempt ones */
    assert_true(TAR(pause, USA, CHN) - TAR(feb, USA, CHN) > 0.7);
    /* Canada retaliates from 4 March and keeps only its steel and aluminium duties after
     * 1 September: its tariff on the US is higher in April than in November, and above
     * its baseline in both */
    assert_true(TAR(pause, CAN, USA) > TAR(nov, CAN, USA));
    assert_true(TAR(nov, CAN, USA) > TAR(feb, CAN, USA));
    /* The US, taxing nearly all its imports at the April peak, loses real income (terms of
     * trade gains do not make up for the distortion at rates above the optimal tariff) */
    assert_true(pause.results->country[USA].real_income_pct < 0);
    tw_timeline_free(t);
    tw_plan_free(p);
    tw_scenario_free(s);
    tw_model_free(m);
    tw_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_programme)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
