/* SPDX-License-Identifier: MIT */
/* CES input nests as data and options: input_elasticities.csv and carved.csv are read as
 * documented (wildcards, overlaps), bad rows get file:line:column errors, bad overrides in
 * tw_solver_options are refused, and a zero shock changes nothing with nests in force. */
#include "test_util.h"

static char dir[256];

static void write_base(void)
{
    tw_test_write(dir, "countries.csv", "code,name\nA,Alpha\nB,Beta\n");
    tw_test_write(dir, "sectors.csv", "code,name,theta\nG,Goods,4\nM,Metals,5\nS,Services,3\n");
    tw_test_write(dir, "flows.csv",
                  "exporter,importer,sector,value\nA,A,G,10\nA,B,G,2\nB,A,G,3\nB,B,G,12\n"
                  "A,A,M,4\nA,B,M,1\nB,A,M,2\nB,B,M,5\nA,A,S,20\nB,B,S,25\nA,B,S,1\n");
    tw_test_write(dir, "io.csv", "country,input_sector,using_sector,share\n"
                                 "A,M,G,0.1\nA,S,G,0.2\nB,M,G,0.1\nB,S,G,0.2\n"
                                 "A,G,S,0.1\nB,G,S,0.1\nA,G,M,0.2\nB,G,M,0.2\n");
}

static int setup(void **state)
{
    (void)state;
    tw_test_tmpdir(dir, sizeof dir);
    write_base();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tw_test_rmdir(dir);
    return 0;
}

static void remove_file(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    remove(path);
}

static void reads_nests_and_parents(void **state)
{
    (void)state;
    tw_test_write(dir, "input_elasticities.csv",
                  "# metals are critical for goods; services nest everything\n"
                  "input_sector,using_sector,elasticity\nM,G,0.2\n*,S,0.5\nG,S,0.5\n");
    tw_test_write(dir, "carved.csv", "sector,parent\nM,G\n");
    tw_world *w;
    tw_error err;
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    assert_close(tw_world_input_elasticity(w, 0), 0.2, 0.0, "sigma G");
    assert_close(tw_world_input_elasticity(w, 1), 1.0, 0.0, "sigma M");
    assert_close(tw_world_input_elasticity(w, 2), 0.5, 0.0, "sigma S");
    assert_int_equal(tw_world_input_nested(w, 1, 0), 1);
    assert_int_equal(tw_world_input_nested(w, 2, 0), 0);
    for (int k = 0; k < 3; k++)
        assert_int_equal(tw_world_input_nested(w, k, 2), 1);
    assert_int_equal(tw_world_sector_parent(w, 1), 0);
    assert_int_equal(tw_world_sector_parent(w, 0), -1);

    /* Overrides: keep members, change sigma everywhere; then add S to G's nest at 0.3. */
    tw_input_elasticity rules[2] = {{TW_NEST_MEMBERS, TW_ALL_SECTORS, 0.1}, {2, 0, 0.3}};
    tw_model_options o;
    tw_model_options_init(&o);
    o.input_elasticities = rules;
    o.input_elasticity_count = 2;
    tw_model *m;
    assert_ok(tw_model_create(w, &o, &m, &err), &err);
    assert_close(tw_model_input_elasticity(m, 0), 0.3, 0.0, "model sigma G");
    assert_close(tw_model_input_elasticity(m, 1), 0.1, 0.0, "model sigma M (empty nest)");
    assert_close(tw_model_input_elasticity(m, 2), 0.1, 0.0, "model sigma S");
    assert_int_equal(tw_model_input_nested(m, 2, 0), 1);
    assert_int_equal(tw_model_input_nested(m, 1, 0), 1);
    /* A zero shock changes nothing, nests or not. */
    tw_policy *p;
    assert_ok(tw_policy_create(m, &p), NULL);
    tw_equilibrium *eq = tw_equilibrium_create(m);
    tw_solver_report rep;
    assert_ok(tw_test_model_solve(m, p, eq, &rep, &err), &err);
    tw_results *r = tw_results_create(m);
    assert_ok(tw_results_compute(m, eq, r), NULL);
    for (int n = 0; n < 2; n++)
        assert_close(r->country[n].real_income_pct, 0.0, 1e-9, "zero shock, country %d", n);
    tw_results_free(r);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    tw_model_free(m);

    /* Bad overrides. */
    tw_input_elasticity bad[3] = {{0, 0, -0.5}, {7, 0, 0.5}, {0, TW_NEST_MEMBERS, 0.5}};
    for (int k = 0; k < 3; k++) {
        o.input_elasticities = &bad[k];
        o.input_elasticity_count = 1;
        assert_int_equal(tw_model_create(w, &o, &m, &err), TW_ERR_INPUT);
        assert_string_equal(err.field, "input_elasticities");
    }
    o.input_elasticities = NULL;
    assert_int_equal(tw_model_create(w, &o, &m, &err), TW_ERR_USAGE);
    tw_world_free(w);
    remove_file("input_elasticities.csv");
    remove_file("carved.csv");
}

static void bad_files(void **state)
{
    (void)state;
    static const struct {
        const char *file, *text;
        int line, column;
        const char *field, *message;
    } cases[] = {
        {"input_elasticities.csv", "input_sector,using_sector,elasticity\nM,G,0.2\nS,G,0.3\n", 3,
         5, "elasticity", "using sector 'G' already has elasticity 0.2 (line 2)"},
        {"input_elasticities.csv", "input_sector,using_sector,elasticity\nM,G,-1\n", 2, 5,
         "elasticity", "expected an elasticity of substitution in [0, 20], found '-1'"},
        {"input_elasticities.csv", "input_sector,using_sector,elasticity\nMM,G,0.5\n", 2, 1,
         "input_sector", "unknown sector code 'MM' (did you mean 'M'?)"},
        {"input_elasticities.csv", "input_sector,using_sector,elasticity\nM,G,\n", 2, 5,
         "elasticity", "expected a number, found an empty field"},
        {"input_elasticities.csv", "input_sector,using,elasticity\nM,G,1\n", 1, 0, "",
         "using"},
        {"carved.csv", "sector,parent\nM,M\n", 2, 3, "parent", "cannot be carved out of itself"},
        {"carved.csv", "sector,parent\nM,G\nM,S\n", 3, 1, "sector", "listed twice"},
        {"carved.csv", "sector,parent\n*,G\n", 2, 1, "sector", "expected a sector code, not '*'"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        tw_test_write(dir, cases[c].file, cases[c].text);
        tw_world *w = NULL;
        tw_error err;
        tw_status st = tw_world_load(dir, NULL, &w, &err);
        char buf[2048];
        tw_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "case %zu: %s\n", c, buf);
        assert_int_equal(st, TW_ERR_INPUT);
        assert_null(w);
        assert_non_null(strstr(err.file, cases[c].file));
        assert_int_equal(err.line, cases[c].line);
        if (cases[c].column)
            assert_int_equal(err.column, cases[c].column);
        if (*cases[c].field)
            assert_string_equal(err.field, cases[c].field);
        assert_non_null(strstr(err.message, cases[c].message));
        remove_file(cases[c].file);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_nests_and_parents),
        cmocka_unit_test(bad_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
