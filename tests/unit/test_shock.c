/* SPDX-License-Identifier: MIT */
/* Shock files: what each row does to a policy, and every error they can produce. */
#include "test_util.h"

static tw_world *world;
static tw_model *model;

static int setup(void **state)
{
    (void)state;
    tw_error err;
    if (tw_world_load(TW_TEST_SOURCE_DIR "/tests/data/tiny", NULL, &world, &err) ||
        tw_model_create(world, NULL, &model, &err))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tw_model_free(model);
    tw_world_free(world);
    return 0;
}

static tw_status apply(const char *text, tw_policy **p, tw_error *err)
{
    assert_ok(tw_policy_create(model, p), NULL);
    return tw_shock_apply_buffer(model, *p, "shock.csv", text, strlen(text), err);
}

static int c(const char *code) { return tw_world_country_index(world, code); }
static int s(const char *code) { return tw_world_sector_index(world, code); }

static void semantics(void **state)
{
    (void)state;
    tw_dims d = tw_world_dims(world);
    tw_policy *p;
    tw_error err;
    assert_ok(apply("importer,exporter,sector,tariff,tariff_add,iceberg_hat\n"
                    "HOME,*,goods,0.5,,\n"      /* all goods from everyone: 50% */
                    "HOME,FOR,AGR,,0.25,\n"     /* then add 25 points on Foreign's AGR */
                    "FOR,HOME,services,,,inf\n" /* Foreign embargoes Home's services */
                    "*,ROW,MAN,,,1.5\n"         /* everyone's costs of ROW's MAN +50% */
                    "FOR,HOME,AGR,12.5%,,\n"    /* percentages are rates too */
                    "HOME,FOR,MAN,,10%,\n",     /* 10 points on the 50% above */
                    &p, &err),
              &err);
    const double *t = tw_policy_tariffs(p), *g = tw_policy_iceberg_hat(p);
    assert_close(t[tw_ix_nij(d, c("HOME"), c("FOR"), s("AGR"))], 0.75, 1e-15, "refined row");
    assert_close(t[tw_ix_nij(d, c("HOME"), c("ROW"), s("MAN"))], 0.5, 1e-15, "goods group");
    assert_close(t[tw_ix_nij(d, c("FOR"), c("HOME"), s("AGR"))], 0.125, 1e-15, "12.5%");
    assert_close(t[tw_ix_nij(d, c("HOME"), c("FOR"), s("MAN"))], 0.6, 1e-15, "add 10%");
    assert_close(t[tw_ix_nij(d, c("HOME"), c("FOR"), s("SRV"))], 0.0, 0.0, "services untouched");
    assert_close(t[tw_ix_nij(d, c("HOME"), c("HOME"), s("AGR"))], 0.0, 0.0, "never domestic");
    assert_true(isinf(g[tw_ix_nij(d, c("FOR"), c("HOME"), s("SRV"))]));
    assert_close(g[tw_ix_nij(d, c("HOME"), c("ROW"), s("MAN"))], 1.5, 0.0, "iceberg wildcard");
    assert_close(g[tw_ix_nij(d, c("ROW"), c("ROW"), s("MAN"))], 1.0, 0.0, "never domestic");
    /* Untouched entries keep today's tariffs. */
    assert_close(t[tw_ix_nij(d, c("ROW"), c("HOME"), s("AGR"))], 0.1, 0.0, "baseline kept");
    assert_ok(tw_policy_validate(model, p, &err), &err);
    tw_policy_free(p);
}

/* A file may leave out the tariff column when it only adds to tariffs or changes trade costs:
 * the same rows then give the same policy as with an empty tariff column. */
static void optional_tariff_column(void **state)
{
    (void)state;
    tw_dims d = tw_world_dims(world);
    tw_policy *p, *q;
    tw_error err;
    assert_ok(apply("importer,exporter,sector,tariff_add,iceberg_hat\n"
                    "HOME,FOR,AGR,25%,\nFOR,HOME,MAN,,2\n",
                    &p, &err),
              &err);
    assert_ok(apply("importer,exporter,sector,tariff,tariff_add,iceberg_hat\n"
                    "HOME,FOR,AGR,,25%,\nFOR,HOME,MAN,,,2\n",
                    &q, &err),
              &err);
    size_t nij = (size_t)d.n * (size_t)d.n * (size_t)d.j;
    assert_memory_equal(tw_policy_tariffs(p), tw_policy_tariffs(q), nij * sizeof(double));
    assert_memory_equal(tw_policy_iceberg_hat(p), tw_policy_iceberg_hat(q),
                        nij * sizeof(double));
    tw_policy_free(p);
    tw_policy_free(q);
}

typedef struct bad {
    const char *text;
    int line, column;
    const char *field, *message;
} bad;

static const bad cases[] = {
    {"importer,exporter,sector,tariff\nHOME,FOR,AGR,0.1\nHOME,FOR,AGR,0.2\n", 3, 1, "importer",
     "duplicate row"},
    {"importer,exporter,sector,tariff\nHOEM,FOR,AGR,0.1\n", 2, 1, "importer",
     "unknown country code 'HOEM' (did you mean 'HOME'?)"},
    {"importer,exporter,sector,tariff\nHOME,FOR,AGRI,0.1\n", 2, 10, "sector",
     "unknown sector code 'AGRI' (did you mean 'AGR'?)"},
    {"importer,exporter,sector,tariff\nHOME,HOME,AGR,0.1\n", 2, 6, "exporter",
     "importer and exporter are both 'HOME'"},
    {"importer,exporter,sector,tariff\nHOME,FOR,AGR,-1\n", 2, 14, "tariff",
     "expected a tariff level as a fraction > -1"},
    {"importer,exporter,sector,tariff\nHOME,FOR,AGR,145\n", 0, 0, NULL, NULL}, /* valid: 14500% */
    {"importer,exporter,sector,tariff\nHOME,FOR,AGR,145000%\n", 2, 14, "tariff",
     "expected a tariff level as a fraction > -1 and <= 1000 (0.25 = 25%), found '145000%'"},
    {"importer,exporter,sector,tariff\nHOME,FOR,AGR,0x10%\n", 2, 14, "tariff",
     "expected a number or a percentage, found '0x10%'"},
    {"importer,exporter,sector,tariff,tariff_add\nHOME,FOR,AGR,,%\n", 2, 15, "tariff_add",
     "expected a number, found '%'"},
    {"importer,exporter,sector,tariff,tariff_add\nHOME,FOR,AGR,0.1,0.2\n", 2, 18, "tariff_add",
     "give either a new tariff level or an addition to it, not both"},
    {"importer,exporter,sector,tariff,tariff_add\nHOME,FOR,AGR,,-1.2\n", 2, 15, "tariff_add",
     "expected an addition to the tariff as a fraction > -1"},
    {"importer,exporter,sector,tariff,tariff_add\nHOME,FOR,AGR,,-0.6\nHOME,*,AGR,,-0.6\n", 3, 13,
     "tariff_add", "takes it to -1.15, below -1"},
    {"importer,exporter,sector,tariff\nHOME,FOR,AGR,\n", 2, 14, "tariff",
     "row changes nothing"},
    {"importer,exporter,sector,tariff,iceberg_hat\nHOME,FOR,AGR,,0\n", 2, 15, "iceberg_hat",
     "expected a change in trade costs > 0"},
    {"importer,exporter,sector,tariff,iceberg_hat\nHOME,FOR,AGR,,NaN\n", 2, 15, "iceberg_hat",
     "expected a number, found 'NaN'"},
    {"importer,exporter,sector\nHOME,FOR,AGR\n", 1, 0, "header",
     "needs at least one of 'tariff', 'tariff_add' and 'iceberg_hat'"},
    {"importer,exporter,sector,tariff_add\nHOME,FOR,AGR,\n", 2, 14, "tariff_add",
     "row changes nothing: expected a tariff_add"},
    {"importer,exporter,sector,tariff\n", 1, 0, NULL, "no rows"},
    {"importer,exporter,sector,tariff\nHOME,FOR\n", 2, 0, NULL, "row has 2 fields: expected 4"},
};

static void errors(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const bad *b = &cases[k];
        tw_policy *p;
        tw_error err;
        tw_status st = apply(b->text, &p, &err);
        tw_policy_free(p);
        if (!b->message) {
            assert_ok(st, &err);
            continue;
        }
        char msg[2048];
        tw_error_format(&err, msg, sizeof msg);
        int ok = st == TW_ERR_INPUT && err.line == b->line && err.column == b->column &&
                 strcmp(err.field, b->field ? b->field : "") == 0 &&
                 strstr(err.message, b->message) && strcmp(err.file, "shock.csv") == 0;
        if (!ok) {
            fprintf(stderr, "case %zu: got %s (status %d, line %d, column %d, field '%s')\n", k,
                    msg, st, err.line, err.column, err.field);
            fail();
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(semantics),
        cmocka_unit_test(optional_tariff_column),
        cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
