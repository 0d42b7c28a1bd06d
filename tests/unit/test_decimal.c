/* SPDX-License-Identifier: MIT */
/* The exact decimal fast path of the CSV reader (data/decimal.h): whenever it takes a string,
 * its double has the same bits as strtod's. Checked on edge cases (ties between doubles, 2^53
 * and its neighbours, the ends of the covered exponent range) and on two million random
 * decimals of 1 to 21 digits with random points, signs and exponents; the fast path must take
 * the data's usual shapes (up to 17 digits, exponents -21..19). */
#include "test_util.h"

#include <stdint.h>

#include "data/decimal.h"

static uint64_t rng_state = 0x2545f4914f6cdd1dull;
static uint64_t next_u64(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* 1 if the fast path took s; fails the test if its result differs from strtod's. */
static int same_as_strtod(const char *s)
{
    double v = 12345.0;
    if (!tw_decimal_parse(s, &v))
        return 0;
    char *end;
    double w = strtod(s, &end);
    if (*end != '\0' || memcmp(&v, &w, sizeof v) != 0) {
        fprintf(stderr, "'%s': fast path %.17g (%a), strtod %.17g (%a)\n", s, v, v, w, w);
        fail();
    }
    return 1;
}

static void test_edge_cases(void **state)
{
    (void)state;
    const char *taken[] = {"0", "-0", "+0.000", "1", "-1.5", "0.12095613519504352",
                           "19135411036", "9007199254740992", "9007199254740993",
                           "9007199254740995", "18014398509481985", "1e22", "1e-22",
                           "123456789012345678e-21", "9999999999999999999", "1.", ".5",
                           "5e-1", "2.5E+3", "0.1", "0.3", "3.0000000000000004",
                           "0.30000000000000004", "1.0000000000000002", "1.00000000000000011",
                           "1.00000000000000033", "12345678901234567e2",
                           "4503599627370496.5", "4503599627370497.5", "0.00001",
                           "000123.456000", "1e19", "9999999999999999999e19",
                           "1e-21", "1234567890123456789e-21"};
    for (size_t k = 0; k < sizeof taken / sizeof *taken; k++)
        if (!same_as_strtod(taken[k])) {
            fprintf(stderr, "'%s' not taken by the fast path\n", taken[k]);
            fail();
        }
    /* Left to strtod: not plain decimals, too many digits, exponents outside the range, results
     * outside the normal doubles. Their values are strtod's by construction. */
    const char *left[] = {"", "-", ".", "e5", "1e", "1e+", "1.5x", " 1", "1 ", "nan", "inf",
                          "0x10", "12345678901234567890", "1e-30", "1e400", "1e-400",
                          "4.9e-324", "1.7976931348623157e308", "--1", "1..2", "1e5.5"};
    for (size_t k = 0; k < sizeof left / sizeof *left; k++) {
        double v = 7.0;
        assert_int_equal(tw_decimal_parse(left[k], &v), 0);
        assert_true(v == 7.0);
    }
}

static void test_random(void **state)
{
    (void)state;
    char s[64];
    long taken = 0, total = 2000000;
    for (long k = 0; k < total; k++) {
        uint64_t r = next_u64();
        int digits = 1 + (int)(r % 21), point = (int)((r >> 8) % (uint64_t)(digits + 2)) - 1;
        int exp_kind = (int)((r >> 16) % 4), len = 0;
        if ((r >> 20) & 1)
            s[len++] = '-';
        for (int d = 0; d < digits; d++) {
            if (d == point)
                s[len++] = '.';
            uint64_t x = next_u64();
            /* Runs of 0s and 9s make ties and carries likely. */
            s[len++] = (char)('0' + (x % 4 == 0 ? 0 : x % 4 == 1 ? 9 : (int)((x >> 8) % 10)));
        }
        if (exp_kind)
            len += snprintf(s + len, sizeof s - (size_t)len, "e%d",
                            (int)((r >> 24) % 61) - 30);
        s[len] = '\0';
        taken += same_as_strtod(s);
    }
    /* Most of these shapes are on the fast path (those with 20+ digits or far exponents not). */
    assert_true(taken > total / 2);
    /* Doubles printed with 17 digits, as the data are written: all on the fast path. */
    for (long k = 0; k < 500000; k++) {
        double u = (double)(next_u64() >> 11) / 9007199254740992.0;
        snprintf(s, sizeof s, "%.17g", u * (k % 3 == 0 ? 1e-3 : k % 3 == 1 ? 1.0 : 1e6));
        if (strchr(s, 'e') && atoi(strchr(s, 'e') + 1) < -4)
            continue;
        assert_true(same_as_strtod(s));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edge_cases),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
