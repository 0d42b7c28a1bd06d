/* SPDX-License-Identifier: MIT */
/* The shipped "paid" variant of the 2025 US-China scenario (tools/build_schedule_scenarios):
 * its first step puts the US tariffs on China at the duties paid in 2024, and every later step
 * adds the same 2025 rates as the statutory scenario. Checked against an independent
 * computation from the schedule's 2024 product lines and the world's tariffs, not against
 * numbers copied from a run. */
#include "test_util.h"

#include "core/calendar.h"
#include "tradewar/schedule.h"

static tw_timeline *run(const tw_world *w, const tw_model *m, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/%s.yaml", TW_TEST_SOURCE_DIR, name);
    tw_error err;
    tw_scenario *s;
    assert_ok(tw_scenario_load(path, &s, &err), &err);
    tw_plan *p;
    assert_ok(tw_scenario_bind(s, w, &p, &err), &err);
    tw_timeline *t;
    assert_ok(tw_test_timeline_run(p, m, NULL, NULL, &t, &err), &err);
    tw_plan_free(p);
    tw_scenario_free(s);
    return t;
}

static void paid_start_and_same_additions(void **state)
{
    (void)state;
    tw_error err;
    tw_world *w;
    assert_ok(tw_world_load(TW_TEST_SOURCE_DIR "/data/icio2022", NULL, &w, &err), &err);
    tw_model *m;
    assert_ok(tw_model_create(w, NULL, &m, &err), &err);
    tw_dims d = tw_world_dims(w);
    int usa = tw_world_country_index(w, "USA"), chn = tw_world_country_index(w, "CHN");

    /* The paid rates by sector from the 2024 lines (duty / value), over the schedule. */
    tw_schedule *s;
    assert_ok(tw_schedule_create(&s, &err), &err);
    assert_ok(tw_schedule_read_manifest(s, TW_TEST_SOURCE_DIR "/data/schedules/2025/manifest.csv",
                                        &err),
              &err);
    int day;
    assert_int_equal(tw_date_parse("2025-01-01", &day), 0);
    tw_schedule_rates *r;
    assert_ok(tw_schedule_evaluate(s, day, &r, &err), &err);
    tw_schedule_average avg;
    assert_ok(tw_schedule_average_init(s, &avg, &err), &err);
    assert_ok(tw_schedule_rates_average(r, "USA", "CHN", &avg, &err), &err);
    /* data/icio2022/README.md and the scenario's header quote 10.9% paid with product weights */
    assert_true(avg.total_baseline_pct > 10.85 && avg.total_baseline_pct < 10.95);

    /* Expected start: the world's tariffs with each US-on-China sector that has lines at its
     * paid rate (written to 1e-4 points), averaged with the world's baseline weights. */
    size_t nij = (size_t)d.n * d.n * d.j;
    double *t = malloc(nij * sizeof *t);
    memcpy(t, tw_world_tariffs(w), nij * sizeof *t);
    for (int q = 0; q < avg.n_sectors; q++) {
        int j = tw_world_sector_index(w, tw_schedule_sector_name(s, q));
        if (j < 0 || !tw_world_sector_is_goods(w, j) || !(avg.value[q] > 0) ||
            !isfinite(avg.baseline_pct[q]))
            continue;
        t[tw_ix_nij(d, usa, chn, j)] = round(avg.baseline_pct[q] * 1e4) / 1e4 / 100.0;
    }
    double start = tw_tariff_average_group(w, NULL, t, &usa, 1, &chn, 1);
    double statutory = tw_tariff_average_group(w, NULL, tw_world_tariffs(w), &usa, 1, &chn, 1);
    assert_true(start < statutory - 0.05); /* paid is well below the statutory 2018-19 rates */

    tw_timeline *paid = run(w, m, "us_china_2025_paid"), *stat = run(w, m, "us_china_2025");
    assert_int_equal(tw_timeline_steps(paid), tw_timeline_steps(stat) + 1);
    size_t at = (size_t)usa * d.n + (size_t)chn;
    tw_timeline_step s0 = tw_timeline_step_get(paid, 0);
    /* 1e-12: the same average through pair averages */
    assert_close(s0.bilateral_tariff[at], start, 1e-12, "start");
    /* Results are against the first step: zero there. */
    assert_close(s0.results->country[usa].real_income_pct, 0.0, 1e-12, "first step");
    /* Every later step: the statutory scenario's rate minus the same gap (the additions are
     * the same, and the average is linear in the tariffs with fixed weights). */
    for (int k = 0; k < tw_timeline_steps(stat); k++) {
        tw_timeline_step a = tw_timeline_step_get(paid, k + 1), b = tw_timeline_step_get(stat, k);
        assert_string_equal(a.date, b.date);
        assert_string_equal(a.branch, b.branch);
        assert_close(a.bilateral_tariff[at] - b.bilateral_tariff[at], start - statutory, 1e-12,
                     "step %d", k);
        /* China's tariffs on the US are not changed (no paid data for them) */
        size_t ca = (size_t)chn * d.n + (size_t)usa;
        assert_close(a.bilateral_tariff[ca], b.bilateral_tariff[ca], 1e-15, "CHN<-USA %d", k);
    }
    tw_timeline_free(paid);
    tw_timeline_free(stat);
    free(t);
    tw_schedule_average_free(&avg);
    tw_schedule_rates_free(r);
    tw_schedule_free(s);
    tw_model_free(m);
    tw_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paid_start_and_same_additions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
