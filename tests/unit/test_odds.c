/* SPDX-License-Identifier: MIT */
/* Policy uncertainty (tradewar/odds.h): truce.probabilities is read and checked with file,
 * line and column; the leaves' probabilities are the products along their forks; the expected
 * path equals the probability-weighted branches, computed here independently from each
 * branch's steps; the spread is zero before the first fork; the value of certainty is zero for
 * a risk-neutral holder and positive for a risk-averse one (Jensen). On the tiny world. */
#include <math.h>

#include "core/calendar.h"
#include "test_util.h"
#include "tradewar/odds.h"

#define TINY TW_TEST_SOURCE_DIR "/tests/data/tiny"

static tw_world *world;
static tw_model *model;

static int setup_world(void **state)
{
    (void)state;
    tw_error err;
    if (tw_world_load(TINY, NULL, &world, &err))
        return -1;
    tw_model_options o;
    tw_model_options_init(&o);
    o.solver.tolerance = 1e-12;
    return tw_model_create(world, &o, &model, &err) ? -1 : 0;
}

static int teardown_world(void **state)
{
    (void)state;
    tw_model_free(model);
    tw_world_free(world);
    return 0;
}

/* A tariff war, a truce with three outcomes, and in 'longer' a second truce with two. */
#define SCENARIO                                                                                 \
    "title: t\nbaseline: 2025-01-01\nend: 2025-12-31\nplayers: [HOME, FOR]\nevents:\n"            \
    "  - date: 2025-02-01\n    label: war\n"                                                     \
    "    tariffs: [{importers: HOME, exporters: FOR, add: 60%%}, {importers: FOR, exporters: "    \
    "HOME, add: 40%%}]\n"                                                                         \
    "  - date: 2025-03-01\n    label: truce\n"                                                   \
    "    tariffs: [{importers: HOME, exporters: FOR, add: -50%%}]\n"                              \
    "    truce:\n      days: 30\n"                                                               \
    "      expiry: {back: snap_back, kept: permanent, longer: {extend: 60}}\n"                   \
    "      probabilities: {back: 0.2, kept: 50%%, longer: 0.3}\n"                                 \
    "  - date: 2025-05-01\n    label: second truce\n    branch: longer\n"                        \
    "    tariffs: [{importers: FOR, exporters: HOME, add: -30%%}]\n"                              \
    "    truce:\n      days: 20\n      expiry: {again: snap_back, deal: permanent}\n"            \
    "%s"

static tw_timeline *run(const char *yaml, tw_scenario **s)
{
    tw_error err;
    assert_ok(tw_scenario_load_buffer("t.yaml", yaml, strlen(yaml), s, &err), &err);
    tw_plan *p;
    assert_ok(tw_scenario_bind(*s, world, &p, &err), &err);
    tw_timeline *t;
    assert_ok(tw_test_timeline_run(p, model, NULL, NULL, &t, &err), &err);
    tw_plan_free(p);
    return t;
}

static int branch_index(const tw_timeline *t, const char *name)
{
    for (int b = 0; b < tw_timeline_branch_count(t); b++)
        if (strcmp(tw_timeline_branch(t, b), name) == 0)
            return b;
    fail_msg("no branch %s", name);
    return -1;
}

/* Real income of HOME and FOR at every step. */
static double *step_values(const tw_timeline *t)
{
    int ns = tw_timeline_steps(t);
    double *v = malloc((size_t)ns * 2 * sizeof *v);
    for (int k = 0; k < ns; k++) {
        const tw_results *r = tw_timeline_step_get(t, k).results;
        v[2 * k] = r->country[tw_world_country_index(world, "HOME")].real_income_pct;
        v[2 * k + 1] = r->country[tw_world_country_index(world, "FOR")].real_income_pct;
    }
    return v;
}

/* The value in force on branch b at day: the last step on its path dated on or before. */
static double in_force(const tw_timeline *t, int b, int day, const double *v, int q)
{
    int path[64], n = tw_timeline_branch_path(t, b, path, 64);
    double x = NAN;
    for (int k = 0; k < n; k++) {
        int dk;
        tw_date_parse(tw_timeline_step_get(t, path[k]).date, &dk);
        if (dk <= day)
            x = v[2 * path[k] + q];
    }
    return x;
}

static void expected_path_is_weighted_branches(void **state)
{
    (void)state;
    char yaml[4096];
    snprintf(yaml, sizeof yaml, SCENARIO, "      probabilities: {again: 0.25, deal: 0.75}\n");
    tw_scenario *s;
    tw_timeline *t = run(yaml, &s);
    double *v = step_values(t);
    assert_true(tw_scenario_has_odds(s, t));
    tw_branch_odds *o;
    tw_error err;
    assert_ok(tw_branch_odds_compute(s, t, 2, v, 2.0, &o, &err), &err);
    /* Leaves: back, kept, again, deal (longer forks again and deal). */
    const char *names[4] = {"back", "kept", "again", "deal"};
    const double probs[4] = {0.2, 0.5, 0.3 * 0.25, 0.3 * 0.75};
    assert_int_equal(o->n_leaves, 4);
    for (int k = 0; k < 4; k++) {
        int found = 0;
        for (int b = 0; b < 4; b++)
            if (o->leaf[b] == branch_index(t, names[k])) {
                assert_close(o->prob[b], probs[k], 1e-15, "probability of %s", names[k]);
                found = 1;
            }
        assert_true(found);
    }
    int fork;
    tw_date_parse("2025-03-31", &fork);
    for (int d = 0; d < o->n_dates; d++)
        for (int q = 0; q < 2; q++) {
            double e = 0, e2 = 0;
            for (int k = 0; k < 4; k++) {
                double x = in_force(t, branch_index(t, names[k]), o->day[d], v, q);
                e += probs[k] * x;
                e2 += probs[k] * x * x;
            }
            /* Sums of 4 products of numbers below 100 in magnitude: 1e-12 is ample. */
            assert_close(o->expected[(size_t)d * 2 + q], e, 1e-12, "expected, date %d", d);
            assert_close(o->sd[(size_t)d * 2 + q], sqrt(fmax(0, e2 - e * e)), 1e-6,
                         "sd, date %d", d);
            if (o->day[d] < fork)
                assert_true(o->sd[(size_t)d * 2 + q] == 0);
        }
    assert_int_equal(o->fork_day, fork);
    /* Risk aversion 2 > 0: a positive value of certainty (the branches differ); 0: none. */
    assert_true(o->certainty_value[0] > 0 && o->certainty_value[1] > 0);
    tw_branch_odds *neutral;
    assert_ok(tw_branch_odds_compute(s, t, 2, v, 0.0, &neutral, &err), &err);
    assert_close(neutral->certainty_value[0], 0, 1e-12, "risk-neutral value");
    assert_close(neutral->mean[0], o->mean[0], 0, "mean does not depend on risk aversion");
    tw_branch_odds_free(neutral);
    tw_branch_odds_free(o);
    free(v);
    tw_timeline_free(t);
    tw_scenario_free(s);
}

/* A truce on the way to a leaf without probabilities is an error naming the branch. */
static void missing_probabilities(void **state)
{
    (void)state;
    char yaml[4096];
    snprintf(yaml, sizeof yaml, SCENARIO, "");
    tw_scenario *s;
    tw_timeline *t = run(yaml, &s);
    double *v = step_values(t);
    tw_branch_odds *o;
    tw_error err;
    assert_int_equal(tw_branch_odds_compute(s, t, 2, v, 2.0, &o, &err), TW_ERR_INPUT);
    assert_non_null(strstr(err.message, "branch 'again' comes from a truce without"));
    free(v);
    tw_timeline_free(t);
    tw_scenario_free(s);
}

static void bad_probabilities(void **state)
{
    (void)state;
    static const struct {
        const char *probs, *message;
    } cases[] = {
        {"      probabilities: {again: 0.25, deal: 0.7}\n",
         "t.yaml:23:22: error: events[2].truce.probabilities: the probabilities add up to 0.95, "
         "not 1"},
        {"      probabilities: {again: 0.25, dael: 0.75}\n",
         "t.yaml:23:36: error: events[2].truce.probabilities.dael: 'dael' is not an expiry "
         "outcome of this truce"},
        {"      probabilities: {again: 1.25, deal: -0.25}\n",
         "t.yaml:23:30: error: events[2].truce.probabilities.again: expected a probability in "
         "[0, 1], found 1.25"},
        {"      probabilities: {again: 1}\n",
         "t.yaml:23:22: error: events[2].truce.probabilities: no probability for the outcome "
         "'deal'"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char yaml[4096], msg[1200];
        snprintf(yaml, sizeof yaml, SCENARIO, cases[k].probs);
        tw_scenario *s;
        tw_error err;
        assert_int_equal(tw_scenario_load_buffer("t.yaml", yaml, strlen(yaml), &s, &err),
                         TW_ERR_INPUT);
        tw_error_format(&err, msg, sizeof msg);
        if (strcmp(msg, cases[k].message) != 0)
            fail_msg("case %zu: got\n%s\nexpected\n%s", k, msg, cases[k].message);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(expected_path_is_weighted_branches),
        cmocka_unit_test(missing_probabilities),
        cmocka_unit_test(bad_probabilities),
    };
    return cmocka_run_group_tests(tests, setup_world, teardown_world);
}
