/* SPDX-License-Identifier: MIT */
/* Elasticity sweeps (tradewar/sweep.h) on the tiny world: its shape (steps, groups, the world
 * last), group incomes equal to a single run's, the same numbers for every elasticity when
 * the world has no input nests, and bad lists rejected. */
#include "test_util.h"

#define TINY TW_TEST_SOURCE_DIR "/tests/data/tiny"

static const char *yaml = "title: sweep\nworld: tiny\nbaseline: 2025-01-01\n"
                          "players: [HOME, FOR]\nwatch: [ROW]\nevents:\n"
                          "  - date: 2025-02-01\n    label: war\n"
                          "    tariffs: [{importers: HOME, exporters: FOR, add: 50%}]\n"
                          "  - date: 2025-03-01\n    label: more\n"
                          "    tariffs: [{importers: FOR, exporters: HOME, add: 30%}]\n";

static void test_sweep(void **state)
{
    (void)state;
    tw_error err;
    tw_world *w;
    assert_ok(tw_world_load(TINY, NULL, &w, &err), &err);
    tw_scenario *s;
    assert_ok(tw_scenario_load_buffer("s.yaml", yaml, strlen(yaml), &s, &err), &err);
    double sig[3] = {1.0, 0.5, 0.1};
    tw_elasticity_sweep *sw;
    assert_ok(tw_elasticity_sweep_run(w, s, NULL, sig, 3, NULL, NULL, &sw, &err), &err);
    assert_int_equal(sw->n_elasticities, 3);
    assert_int_equal(sw->n_steps, 2);
    assert_int_equal(sw->n_groups, 4);
    assert_string_equal(sw->group_names[0], "HOME");
    assert_string_equal(sw->group_names[2], "ROW");
    assert_string_equal(sw->group_names[3], "World");
    assert_string_equal(sw->dates[1], "2025-03-01");
    assert_string_equal(sw->labels[0], "war");
    assert_string_equal(sw->branches[0], "main");

    /* One ordinary run gives the same numbers (no nests: the elasticity changes nothing). */
    tw_model *m;
    assert_ok(tw_model_create(w, NULL, &m, &err), &err);
    tw_plan *plan;
    assert_ok(tw_scenario_bind(s, w, &plan, &err), &err);
    tw_timeline *t;
    assert_ok(tw_test_timeline_run(plan, m, NULL, NULL, &t, &err), &err);
    for (int k = 0; k < 2; k++) {
        tw_timeline_step st = tw_timeline_step_get(t, k);
        for (int e = 0; e < 3; e++) {
            for (int g = 0; g < 3; g++)
                assert_close(tw_elasticity_sweep_at(sw, e, k, g),
                             st.results->country[g].real_income_pct, /* HOME, FOR, ROW */
                             1e-9, "step %d elasticity %d group %d", k, e, g);
            assert_close(tw_elasticity_sweep_at(sw, e, k, 3), st.results->world_real_income_pct,
                         1e-9, "world");
        }
    }
    tw_timeline_free(t);
    tw_plan_free(plan);
    tw_model_free(m);
    tw_elasticity_sweep_free(sw);
    tw_elasticity_sweep_free(NULL);

    double bad = 25;
    assert_int_equal(tw_elasticity_sweep_run(w, s, NULL, &bad, 1, NULL, NULL, &sw, &err),
                     TW_ERR_USAGE);
    assert_null(sw);
    assert_int_equal(tw_elasticity_sweep_run(w, s, NULL, sig, 0, NULL, NULL, &sw, &err),
                     TW_ERR_USAGE);
    tw_scenario_free(s);
    tw_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_sweep)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
