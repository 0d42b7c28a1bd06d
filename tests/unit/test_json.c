/* SPDX-License-Identifier: MIT */
/* The JSON writer: escaping, UTF-8 validity, numbers, memory buffers, and write errors (a
 * full device) reported as TW_ERR_IO rather than lost. */
#include "test_util.h"

#include "io/json.h"

/* Writes {"k": s} into a buffer and returns the text (owned by b). */
static const char *one_string(tw_buffer *b, const char *s)
{
    tw_json j;
    tw_buffer_init(b);
    tw_json_init_sink(&j, tw_sink_buffer(b));
    tw_json_object_begin(&j);
    tw_json_kv_string(&j, "k", s);
    tw_json_object_end(&j);
    assert_int_equal(tw_json_finish(&j, NULL), TW_OK);
    return b->data;
}

static void test_escapes(void **state)
{
    (void)state;
    tw_buffer b;
    assert_string_equal(one_string(&b, "a\"b\\c\n\t\r\b\f\x01\x1f"),
                        "{\"k\":\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f\"}\n");
    tw_buffer_release(&b);
}

static void test_utf8(void **state)
{
    (void)state;
    tw_buffer b;
    /* Valid sequences of 2, 3 and 4 bytes are kept as they are. */
    assert_string_equal(one_string(&b, "C\xc3\xb4te d'Ivoire \xe2\x82\xac \xf0\x9f\x98\x80"),
                        "{\"k\":\"C\xc3\xb4te d'Ivoire \xe2\x82\xac \xf0\x9f\x98\x80\"}\n");
    tw_buffer_release(&b);
    /* Latin-1, a lone continuation byte, a truncated sequence, an overlong '/', a surrogate
     * and a code point above U+10FFFF each become U+FFFD per byte. */
    assert_string_equal(one_string(&b, "C\xf4te"), "{\"k\":\"C\\ufffdte\"}\n");
    tw_buffer_release(&b);
    assert_string_equal(one_string(&b, "\x80x"), "{\"k\":\"\\ufffdx\"}\n");
    tw_buffer_release(&b);
    assert_string_equal(one_string(&b, "\xe2\x82"), "{\"k\":\"\\ufffd\\ufffd\"}\n");
    tw_buffer_release(&b);
    assert_string_equal(one_string(&b, "\xc0\xaf"), "{\"k\":\"\\ufffd\\ufffd\"}\n");
    tw_buffer_release(&b);
    assert_string_equal(one_string(&b, "\xed\xa0\x80"), "{\"k\":\"\\ufffd\\ufffd\\ufffd\"}\n");
    tw_buffer_release(&b);
    assert_string_equal(one_string(&b, "\xf4\x90\x80\x80"),
                        "{\"k\":\"\\ufffd\\ufffd\\ufffd\\ufffd\"}\n");
    tw_buffer_release(&b);
}

static void test_numbers_and_nesting(void **state)
{
    (void)state;
    tw_buffer b;
    tw_buffer_init(&b);
    tw_json j;
    tw_json_init_sink(&j, tw_sink_buffer(&b));
    tw_json_object_begin(&j);
    tw_json_kv_number(&j, "x", 0.1);
    tw_json_kv_number(&j, "nan", NAN);
    tw_json_kv_number(&j, "inf", -INFINITY);
    tw_json_kv_int(&j, "n", -3);
    tw_json_key(&j, "a");
    tw_json_array_begin(&j);
    tw_json_bool(&j, 1);
    tw_json_null(&j);
    tw_json_array_end(&j);
    tw_json_object_end(&j);
    assert_int_equal(tw_json_finish(&j, NULL), TW_OK);
    assert_string_equal(b.data, "{\"x\":0.1,\"nan\":null,\"inf\":null,\"n\":-3,"
                                "\"a\":[true,null]}\n");
    assert_int_equal(b.len, strlen(b.data));
    tw_buffer_release(&b);
    tw_buffer_release(&b); /* releasing twice, and NULL, are no-ops */
    tw_buffer_release(NULL);

    /* An unbalanced document is a usage error. */
    tw_buffer_init(&b);
    tw_json_init_sink(&j, tw_sink_buffer(&b));
    tw_json_object_begin(&j);
    tw_error err;
    assert_int_equal(tw_json_finish(&j, &err), TW_ERR_USAGE);
    tw_buffer_release(&b);
}

/* A document larger than stdio's buffer written to /dev/full: the error is reported by the
 * writes or by the final flush, never lost. */
static void test_full_device(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    for (int size = 1; size <= 100000; size *= 100) {
        tw_json j;
        tw_json_init(&j, f);
        tw_json_array_begin(&j);
        for (int k = 0; k < size; k++)
            tw_json_int(&j, k);
        tw_json_array_end(&j);
        tw_error err;
        assert_int_equal(tw_json_finish(&j, &err), TW_ERR_IO);
        assert_int_equal(err.status, TW_ERR_IO);
        clearerr(f);
    }
    fclose(f);
}

/* The library's documents: the same bytes into a buffer and into a file; TW_ERR_IO on a full
 * device; schema_version first. */
static void test_documents(void **state)
{
    (void)state;
    tw_error err;
    tw_world *w;
    assert_ok(tw_world_load(TW_TEST_SOURCE_DIR "/tests/data/tiny", NULL, &w, &err), &err);
    tw_model *m;
    assert_ok(tw_model_create(w, NULL, &m, &err), &err);
    tw_policy *p;
    assert_ok(tw_policy_create(m, &p), NULL);
    const char *shock = "importer,exporter,sector,tariff\nHOME,*,goods,0.5\n";
    assert_ok(tw_shock_apply_buffer(m, p, "s.csv", shock, strlen(shock), &err), &err);
    tw_equilibrium *eq = tw_equilibrium_create(m);
    tw_results *r = tw_results_create(m);
    tw_solver_report rep;
    assert_ok(tw_test_model_solve(m, p, eq, &rep, &err), &err);
    assert_ok(tw_results_compute(m, eq, r), NULL);
    tw_solve_document doc = {.model = m, .results = r, .shock = "s.csv",
                             .baseline = tw_model_baseline_report(m), .solver = rep};
    tw_buffer b = {0};
    assert_ok(tw_json_write_solve(tw_sink_buffer(&b), &doc, &err), &err);
    const char *head = "{\"schema_version\":1,\"world\":\"tiny\",";
    assert_true(strncmp(b.data, head, strlen(head)) == 0);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_ok(tw_json_write_solve(tw_sink_file(f), &doc, &err), &err);
    long len = ftell(f);
    assert_int_equal((size_t)len, b.len);
    rewind(f);
    char *text = malloc(b.len + 1);
    assert_int_equal(fread(text, 1, b.len, f), b.len);
    assert_memory_equal(text, b.data, b.len);
    free(text);
    fclose(f);
    tw_buffer_release(&b);
    assert_ok(tw_json_write_world(tw_sink_buffer(&b), w, m, &err), &err);
    assert_non_null(strstr(b.data, "\"baseline_solved\":true"));
    tw_buffer_release(&b);
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        assert_int_equal(tw_json_write_solve(tw_sink_file(full), &doc, &err), TW_ERR_IO);
        assert_non_null(strstr(err.message, "writing the JSON output failed"));
        clearerr(full);
        assert_int_equal(tw_json_write_world(tw_sink_file(full), w, NULL, &err), TW_ERR_IO);
        fclose(full);
    }
    tw_results_free(r);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    tw_model_free(m);
    tw_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_numbers_and_nesting),
        cmocka_unit_test(test_full_device),
        cmocka_unit_test(test_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
