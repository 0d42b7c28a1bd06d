/* SPDX-License-Identifier: MIT */
/* The version: the generated header's macros agree with each other and with what the compiled
 * library reports at run time. */
#include "test_util.h"

static void macros_agree(void **state)
{
    (void)state;
    assert_int_equal(TW_VERSION_NUMBER,
                     TW_VERSION_MAJOR * 10000 + TW_VERSION_MINOR * 100 + TW_VERSION_PATCH);
    /* Two digits each for minor and patch, or the number would not order releases. */
    assert_true(TW_VERSION_MINOR >= 0 && TW_VERSION_MINOR < 100);
    assert_true(TW_VERSION_PATCH >= 0 && TW_VERSION_PATCH < 100);
    char buf[64];
    snprintf(buf, sizeof buf, "%d.%d.%d", TW_VERSION_MAJOR, TW_VERSION_MINOR, TW_VERSION_PATCH);
    assert_string_equal(buf, TW_VERSION_STRING);
}

static void runtime_equals_header(void **state)
{
    (void)state;
    assert_int_equal(tw_version_number(), TW_VERSION_NUMBER);
    assert_string_equal(tw_version_string(), TW_VERSION_STRING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(macros_agree),
        cmocka_unit_test(runtime_equals_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
