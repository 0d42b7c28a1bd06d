/* SPDX-License-Identifier: MIT */
/* Errors found at solve time name the shock-file row or the scenario event that caused them:
 * a country cut off from its last source of a sector is reported at the file, line and column
 * of the row (or event) that cut that last source, in whatever order the cuts came. */
#include "test_util.h"

static char dir[256];
static tw_world *world;
static tw_model *model;

/* Three countries; C makes no goods (G) and buys them from A and B. */
static int setup(void **state)
{
    (void)state;
    tw_test_tmpdir(dir, sizeof dir);
    tw_test_write(dir, "countries.csv", "code,name\nA,Alpha\nB,Beta\nC,Gamma\n");
    tw_test_write(dir, "sectors.csv", "code,name,theta,goods\nG,Goods,4,1\nS,Services,5,0\n");
    tw_test_write(dir, "flows.csv", "exporter,importer,sector,value\nA,A,G,10\nA,B,G,2\nB,A,G,2\n"
                                    "B,B,G,12\nA,C,G,3\nB,C,G,2\nA,A,S,20\nB,B,S,25\nC,C,S,15\n"
                                    "C,A,S,3\nC,B,S,2\n");
    tw_test_write(dir, "tariffs.csv", "importer,exporter,sector,rate\n");
    tw_error err;
    if (tw_world_load(dir, NULL, &world, &err) || tw_model_create(world, NULL, &model, &err)) {
        char buf[2048];
        tw_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tw_model_free(model);
    tw_world_free(world);
    tw_test_rmdir(dir);
    return 0;
}

/* Applies shock text and solves; returns the solve's status (the shock must apply). */
static tw_status solve_shock(const char *text, tw_error *err)
{
    tw_policy *p;
    assert_ok(tw_policy_create(model, &p), NULL);
    assert_ok(tw_shock_apply_buffer(model, p, "cut.csv", text, strlen(text), err), err);
    tw_equilibrium *eq = tw_equilibrium_create(model);
    tw_solver_report rep;
    tw_status st = tw_test_model_solve(model, p, eq, &rep, err);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    return st;
}

static void expect_at(const tw_error *err, const char *file, int line, int column,
                      const char *field, const char *text)
{
    char buf[2048];
    tw_error_format(err, buf, sizeof buf);
    if (strcmp(err->file, file) || err->line != line || err->column != column ||
        strcmp(err->field, field) || !strstr(err->message, text)) {
        fprintf(stderr, "got: %s\nexpected %s:%d:%d: %s: ...%s...\n", buf, file, line, column,
                field, text);
        fail();
    }
}

static void shock_rows(void **state)
{
    (void)state;
    tw_error err;
    /* The second row cuts the last source. */
    assert_int_equal(solve_shock("importer,exporter,sector,tariff,iceberg_hat\n"
                                 "C,B,G,,inf\nC,A,G,0.1,inf\n",
                                 &err),
                     TW_ERR_INPUT);
    expect_at(&err, "cut.csv", 3, 11, "iceberg_hat",
              "C would be cut off from every source of sector G, which it buys (this cut its "
              "last source, from A)");
    /* In the other order, the other row. */
    assert_int_equal(solve_shock("importer,exporter,sector,tariff,iceberg_hat\n"
                                 "# comment lines count\nC,A,G,,inf\nC,B,G,,inf\n",
                                 &err),
                     TW_ERR_INPUT);
    expect_at(&err, "cut.csv", 4, 8, "iceberg_hat", "last source, from B");
    /* One wildcard row cuts both. */
    assert_int_equal(solve_shock("importer,exporter,sector,tariff,iceberg_hat\n"
                                 "A,B,S,0.2,\nC,*,goods,,inf\n",
                                 &err),
                     TW_ERR_INPUT);
    expect_at(&err, "cut.csv", 3, 12, "iceberg_hat", "cut off from every source of sector G");
    /* A later row that reopens a flow leaves a valid policy. */
    assert_ok(solve_shock("importer,exporter,sector,tariff,iceberg_hat\n"
                          "C,*,G,,inf\nC,A,G,,2\n",
                          &err),
              &err);
}

static tw_status run_scenario(const char *text, tw_error *err)
{
    tw_scenario *s;
    assert_ok(tw_scenario_load_buffer("cut.yaml", text, strlen(text), &s, err), err);
    tw_plan *p = NULL;
    tw_status st = tw_scenario_bind(s, world, &p, err);
    tw_timeline *t = NULL;
    if (!st)
        st = tw_test_timeline_run(p, model, NULL, NULL, &t, err);
    tw_timeline_free(t);
    tw_plan_free(p);
    tw_scenario_free(s);
    return st;
}

static void scenario_events(void **state)
{
    (void)state;
    tw_error err;
    const char *text = "title: cuts\n"
                       "baseline: 2025-01-01\n"
                       "events:\n"
                       "  - date: 2025-02-01\n"
                       "    label: A stops selling goods to C\n"
                       "    export_controls: [{importers: C, exporters: A, sectors: G, ban: true}]\n"
                       "  - date: 2025-03-01\n"
                       "    label: B too\n"
                       "    export_controls:\n"
                       "      - {importers: C, exporters: B, sectors: G, ban: true}\n";
    assert_int_equal(run_scenario(text, &err), TW_ERR_INPUT);
    char buf[2048];
    tw_error_format(&err, buf, sizeof buf);
    if (strcmp(err.file, "cut.yaml") || err.line != 10 || err.column == 0 ||
        !strstr(err.field, "events[1].export_controls[0]") ||
        !strstr(err.message, "step 2025-03-01") ||
        !strstr(err.message, "C would be cut off from every source of sector G") ||
        !strstr(err.message, "last source, from B")) {
        fprintf(stderr, "got: %s\n", buf);
        fail();
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shock_rows),
        cmocka_unit_test(scenario_events),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
