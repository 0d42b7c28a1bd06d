/* SPDX-License-Identifier: MIT */
/* Bad input to the world loader: each case starts from a valid world, breaks one thing, and
 * checks the status, the file, line and column, the field, and the message. */
#include "test_util.h"

typedef struct file_text {
    const char *name, *text; /* text NULL: remove the file */
} file_text;

static const file_text valid[] = {
    {"countries.csv", "code,name\nA,Alpha\nB,Beta\n"},
    {"sectors.csv", "code,name,theta,goods\nG,Goods,4,1\nS,Services,5,0\n"},
    {"flows.csv", "exporter,importer,sector,value\nA,A,G,10\nA,B,G,2\nB,A,G,3\nB,B,G,12\n"
                  "A,A,S,20\nB,B,S,25\nA,B,S,1\n"},
    {"tariffs.csv", "importer,exporter,sector,rate\nA,B,G,0.1\n"},
    {"value_added.csv", "country,sector,share\nA,G,0.6\nA,S,0.7\nB,G,0.5\nB,S,0.8\n"},
    {"io.csv", "country,input_sector,using_sector,share\nA,G,G,0.2\nA,S,G,0.2\nA,G,S,0.1\n"
               "A,S,S,0.2\nB,G,G,0.25\nB,S,G,0.25\nB,G,S,0.1\nB,S,S,0.1\n"},
};

typedef struct bad_case {
    const char *label;
    file_text change;
    tw_status status;
    const char *file; /* basename expected in err.file */
    int line, column;
    const char *field, *message; /* message: substring */
} bad_case;

static const bad_case cases[] = {
    {"missing file", {"flows.csv", NULL}, TW_ERR_IO, "flows.csv", 0, 0, "", "missing file"},
    {"ragged row", {"flows.csv", "exporter,importer,sector,value\nA,A,G,10\nA,B,G\n"},
     TW_ERR_INPUT, "flows.csv", 3, 0, "", "row has 3 fields: expected 4"},
    {"unterminated quote", {"countries.csv", "code,name\nA,\"Alpha\nB,Beta\n"}, TW_ERR_INPUT,
     "countries.csv", 2, 3, "", "unterminated quoted field"},
    {"quote inside field", {"countries.csv", "code,name\nA,Al\"pha\nB,Beta\n"}, TW_ERR_INPUT,
     "countries.csv", 2, 5, "", "unexpected '\"' inside an unquoted field"},
    {"empty number", {"flows.csv", "exporter,importer,sector,value\nA,A,G,\n"}, TW_ERR_INPUT,
     "flows.csv", 2, 7, "value", "expected a number, found an empty field"},
    {"negative flow", {"flows.csv", "exporter,importer,sector,value\nA,A,G,10\nA,B,G,-3\n"},
     TW_ERR_INPUT, "flows.csv", 3, 7, "value", "expected a number >= 0, found '-3'"},
    {"NaN flow", {"flows.csv", "exporter,importer,sector,value\nA,A,G,NaN\n"}, TW_ERR_INPUT,
     "flows.csv", 2, 7, "value", "expected a number, found 'NaN'"},
    {"infinite flow", {"flows.csv", "exporter,importer,sector,value\nA,A,G,1e999\n"},
     TW_ERR_INPUT, "flows.csv", 2, 7, "value", "expected a finite number, found '1e999'"},
    {"text in a number", {"tariffs.csv", "importer,exporter,sector,rate\nA,B,G,25%\n"},
     TW_ERR_INPUT, "tariffs.csv", 2, 7, "rate", "expected a number, found '25%'"},
    {"unknown country",
     {"flows.csv", "exporter,importer,sector,value\nA,A,G,10\nAlpah,B,G,2\n"}, TW_ERR_INPUT,
     "flows.csv", 3, 1, "exporter", "unknown country code 'Alpah'"},
    {"misspelt country suggests",
     {"tariffs.csv", "importer,exporter,sector,rate\nA,BB,G,0.1\n"}, TW_ERR_INPUT,
     "tariffs.csv", 2, 3, "exporter", "(did you mean 'B'?)"},
    {"unknown sector", {"flows.csv", "exporter,importer,sector,value\nA,A,X,10\n"},
     TW_ERR_INPUT, "flows.csv", 2, 5, "sector", "unknown sector code 'X'"},
    {"duplicate row",
     {"flows.csv", "exporter,importer,sector,value\nA,A,G,10\nB,B,G,3\nA,A,G,11\n"},
     TW_ERR_INPUT, "flows.csv", 4, 1, "exporter", "duplicate row"},
    {"duplicate country", {"countries.csv", "code,name\nA,Alpha\nA,Again\n"}, TW_ERR_INPUT,
     "countries.csv", 3, 1, "code", "code 'A' is listed twice"},
    {"tariff below -100%", {"tariffs.csv", "importer,exporter,sector,rate\nA,B,G,-1.5\n"},
     TW_ERR_INPUT, "tariffs.csv", 2, 7, "rate", "expected a tariff rate > -1 (-100%)"},
    {"tariff on itself", {"tariffs.csv", "importer,exporter,sector,rate\nA,A,G,0.1\n"},
     TW_ERR_INPUT, "tariffs.csv", 2, 7, "rate", "cannot levy a tariff on itself"},
    {"shares do not add up",
     {"value_added.csv", "country,sector,share\nA,G,0.9\nA,S,0.7\nB,G,0.5\nB,S,0.8\n"},
     TW_ERR_INPUT, "io.csv", 0, 0, "share", "add up to 1.3"},
    {"share above one",
     {"value_added.csv", "country,sector,share\nA,G,1.5\nA,S,0.7\nB,G,0.5\nB,S,0.8\n"},
     TW_ERR_INPUT, "value_added.csv", 2, 5, "share", "expected a share between 0 and 1"},
    {"missing value-added row",
     {"value_added.csv", "country,sector,share\nA,G,0.6\nA,S,0.7\nB,G,0.5\n"}, TW_ERR_INPUT,
     "value_added.csv", 0, 0, "share", "no row for country 'B', sector 'S'"},
    {"unknown column", {"flows.csv", "exporter,importer,sector,valeu\nA,A,G,10\n"},
     TW_ERR_INPUT, "flows.csv", 1, 26, "header", "unknown column 'valeu'"},
    {"missing column", {"flows.csv", "exporter,importer,value\nA,A,10\n"}, TW_ERR_INPUT,
     "flows.csv", 1, 0, "header", "missing required column 'sector'"},
    {"empty file", {"sectors.csv", ""}, TW_ERR_INPUT, "sectors.csv", 1, 0, "",
     "empty file: expected a header row"},
    {"bad theta", {"sectors.csv", "code,name,theta\nG,Goods,0\nS,Services,5\n"},
     TW_ERR_INPUT, "sectors.csv", 2, 9, "theta", "expected a trade elasticity > 0"},
    {"country that sells nothing",
     {"flows.csv", "exporter,importer,sector,value\nA,A,G,10\nA,B,G,2\nA,A,S,20\nA,B,S,1\n"},
     TW_ERR_INPUT, "flows.csv", 0, 0, "value", "country 'B' sells nothing"},
    {"bad code", {"countries.csv", "code,name\nA B,Alpha\n"}, TW_ERR_INPUT, "countries.csv", 2,
     1, "code", "expected a code of 1-16 letters"},
    {"final demand not adding up",
     {"final_demand.csv", "country,sector,share\nA,G,0.5\nA,S,0.6\nB,G,0.5\nB,S,0.5\n"},
     TW_ERR_INPUT, "final_demand.csv", 0, 0, "share", "final-demand shares add up to 1.1"},
    /* Text must be valid UTF-8 (names reach JSON output): a bad byte is reported at its column. */
    {"invalid UTF-8 in a name", {"countries.csv", "code,name\nA,Al\xC3\x28pha\nB,Beta\n"},
     TW_ERR_INPUT, "countries.csv", 2, 5, "name", "invalid UTF-8 (byte 0xC3"},
    {"overlong UTF-8", {"countries.csv", "code,name\nA,Alpha\nB,B\xC0\xAF\n"}, TW_ERR_INPUT,
     "countries.csv", 3, 4, "name", "invalid UTF-8 (byte 0xC0"},
    {"overlong 3-byte UTF-8", {"countries.csv", "code,name\nA,\xE0\x80\xAF\nB,Beta\n"},
     TW_ERR_INPUT, "countries.csv", 2, 3, "name", "invalid UTF-8 (byte 0xE0"},
    {"UTF-8 surrogate", {"sectors.csv", "code,name,theta,goods\nG,Go\xED\xA0\x80" "ds,4,1\n"
                                        "S,Services,5,0\n"},
     TW_ERR_INPUT, "sectors.csv", 2, 5, "name", "invalid UTF-8 (byte 0xED"},
    {"UTF-8 above U+10FFFF", {"sectors.csv", "code,name,theta,goods\nG,Goods,4,1\n"
                                             "S,\xF4\x90\x80\x80,5,0\n"},
     TW_ERR_INPUT, "sectors.csv", 3, 3, "name", "invalid UTF-8 (byte 0xF4"},
    {"truncated UTF-8", {"countries.csv", "code,name\nA,Alpha\nB,Beta\xE2\x82\n"},
     TW_ERR_INPUT, "countries.csv", 3, 7, "name", "invalid UTF-8 (byte 0xE2"},
    {"stray continuation byte in the header", {"countries.csv", "code,na\x80me\nA,Alpha\n"},
     TW_ERR_INPUT, "countries.csv", 1, 8, "header", "invalid UTF-8 (byte 0x80"},
    /* Codes that are built-in group names would shadow the group in shocks and scenarios. */
    {"sector code 'goods'", {"sectors.csv", "code,name,theta,goods\ngoods,Goods,4,1\n"
                                            "S,Services,5,0\n"},
     TW_ERR_INPUT, "sectors.csv", 2, 1, "code", "'goods' is the name of a built-in group"},
    {"sector code 'services'", {"sectors.csv", "code,name,theta,goods\nG,Goods,4,1\n"
                                               "services,Services,5,0\n"},
     TW_ERR_INPUT, "sectors.csv", 3, 1, "code", "'services' is the name of a built-in group"},
    {"country code 'EU27'", {"countries.csv", "code,name\nA,Alpha\nEU27,Europe\n"},
     TW_ERR_INPUT, "countries.csv", 3, 1, "code", "'EU27' is the name of a built-in group"},
    {"country code 'all'", {"countries.csv", "code,name\nall,Alpha\nB,Beta\n"}, TW_ERR_INPUT,
     "countries.csv", 2, 1, "code", "'all' is the name of a built-in group"},
    {"country code '*'", {"countries.csv", "code,name\nA,Alpha\n*,Beta\n"}, TW_ERR_INPUT,
     "countries.csv", 3, 1, "code", "'*' is the name of a built-in group"},
};

static void write_world(const char *dir, const file_text *change)
{
    for (size_t k = 0; k < sizeof valid / sizeof *valid; k++) {
        const file_text *f = &valid[k];
        if (change && strcmp(change->name, f->name) == 0)
            f = change;
        if (f->text)
            tw_test_write(dir, f->name, f->text);
    }
    int extra = 1;
    for (size_t k = 0; change && k < sizeof valid / sizeof *valid; k++)
        if (strcmp(change->name, valid[k].name) == 0)
            extra = 0;
    if (change && extra && change->text)
        tw_test_write(dir, change->name, change->text);
}

static void valid_world_loads(void **state)
{
    (void)state;
    char dir[256];
    tw_test_tmpdir(dir, sizeof dir);
    write_world(dir, NULL);
    tw_world *w;
    tw_error err;
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    tw_dims d = tw_world_dims(w);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.j, 2);
    /* BOM and CRLF are accepted and give the same world. */
    tw_test_write(dir, "countries.csv", "\xEF\xBB\xBF" "code,name\r\nA,\"Alpha, the first\"\r\nB,Beta\r\n");
    tw_world *w2;
    assert_ok(tw_world_load(dir, NULL, &w2, &err), &err);
    assert_string_equal(tw_world_country_name(w2, 0), "Alpha, the first");
    assert_memory_equal(tw_world_flows(w), tw_world_flows(w2), 8 * sizeof(double));
    /* Valid UTF-8 of every length is accepted unchanged. */
    tw_world *w3;
    tw_test_write(dir, "countries.csv", "code,name\nA,C\xC3\xB4te d'Ivoire \xE2\x82\xAC\n"
                                        "B,\xF0\x9F\x8C\x8D \xF4\x8F\xBF\xBF\n");
    assert_ok(tw_world_load(dir, NULL, &w3, &err), &err);
    assert_string_equal(tw_world_country_name(w3, 0), "C\xC3\xB4te d'Ivoire \xE2\x82\xAC");
    tw_world_free(w3);
    tw_world_free(w);
    tw_world_free(w2);
    tw_test_rmdir(dir);
}

static void bad_inputs(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const bad_case *c = &cases[k];
        char dir[256];
        tw_test_tmpdir(dir, sizeof dir);
        write_world(dir, &c->change);
        tw_world *w = NULL;
        tw_error err;
        tw_status st = tw_world_load(dir, NULL, &w, &err);
        char msg[2048];
        tw_error_format(&err, msg, sizeof msg);
        const char *base = strrchr(err.file, '/');
        base = base ? base + 1 : err.file;
        int ok = st == c->status && err.status == c->status && strcmp(base, c->file) == 0 &&
                 err.line == c->line && err.column == c->column &&
                 strcmp(err.field, c->field) == 0 && strstr(err.message, c->message) && !w;
        if (!ok) {
            fprintf(stderr,
                    "case '%s': got status %d file '%s' line %d column %d field '%s'\n  %s\n"
                    "expected status %d file '%s' line %d column %d field '%s' message ~ '%s'\n",
                    c->label, st, base, err.line, err.column, err.field, msg, c->status, c->file,
                    c->line, c->column, c->field, c->message);
            fail();
        }
        tw_world_free(w);
        tw_test_rmdir(dir);
    }
}

static void unknown_elasticity_set(void **state)
{
    (void)state;
    char dir[256];
    tw_test_tmpdir(dir, sizeof dir);
    write_world(dir, NULL);
    tw_test_write(dir, "elasticities.csv", "set,sector,theta\nLOW,G,2\nLOW,S,3\n");
    tw_world_options o;
    tw_world_options_init(&o);
    o.elasticities = "LOW";
    tw_world *w;
    tw_error err;
    assert_ok(tw_world_load(dir, &o, &w, &err), &err);
    assert_close(tw_world_theta(w, 0), 2.0, 0.0, "theta from the set");
    tw_world_free(w);
    o.elasticities = "HIGH";
    assert_int_equal(tw_world_load(dir, &o, &w, &err), TW_ERR_INPUT);
    assert_non_null(strstr(err.message, "unknown trade-elasticity set 'HIGH': this world has LOW"));
    tw_test_write(dir, "elasticities.csv", "set,sector,theta\nLOW,G,2\n");
    assert_int_equal(tw_world_load(dir, &o, &w, &err), TW_ERR_INPUT);
    assert_non_null(strstr(err.message, "set 'LOW' has no theta for sector 'S'"));
    tw_test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_world_loads),
        cmocka_unit_test(bad_inputs),
        cmocka_unit_test(unknown_elasticity_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
