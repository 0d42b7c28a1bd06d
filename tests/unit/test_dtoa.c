/* SPDX-License-Identifier: MIT */
/* Shortest round-trip printing of doubles (io/dtoa.h): every result reads back (strtod) as the
 * same bits, on edge cases and on a million random doubles (random bit patterns over the
 * whole range, and random values in the magnitudes the program writes), and it has no more
 * significant digits than the shortest %.Ng (N = 1..17) that reads back, checked on a subset. */
#include "test_util.h"

#include <float.h>
#include <stdint.h>

#include "io/dtoa.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t next_u64(void)
{
    /* splitmix64: a fixed sequence, so a failure can be reproduced */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double from_bits(uint64_t b)
{
    double v;
    memcpy(&v, &b, sizeof v);
    return v;
}

/* Significant digits of a decimal text (the digits of its mantissa without leading or trailing
 * zeros). */
static int significant(const char *s)
{
    char d[64];
    int n = 0;
    for (; *s && *s != 'e' && *s != 'E'; s++)
        if (*s >= '0' && *s <= '9')
            d[n++] = *s;
    int a = 0, b = n;
    while (a < b && d[a] == '0')
        a++;
    while (b > a && d[b - 1] == '0')
        b--;
    return b - a;
}

static int shortest_libc(double v)
{
    char buf[64];
    for (int prec = 1; prec < 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return significant(buf);
    }
    snprintf(buf, sizeof buf, "%.17g", v);
    return significant(buf);
}

/* v prints to text that reads back as the same bits (and, if check_short, is shortest). */
static void check(double v, int check_short)
{
    char buf[TW_DTOA_SIZE];
    int n = tw_format_double(v, buf);
    assert_int_equal(n, (int)strlen(buf));
    assert_true(n < TW_DTOA_SIZE);
    char *end;
    double back = strtod(buf, &end);
    assert_true(*end == '\0');
    if (memcmp(&back, &v, sizeof v) != 0) {
        fprintf(stderr, "%.17g (%a) printed as %s, read back as %.17g\n", v, v, buf, back);
        fail();
    }
    /* Not more digits than the shortest correctly rounded %.Ng that reads back (it may have
     * fewer: next to a power of two, a neighbour of the correctly rounded N digits can read
     * back when the correctly rounded one does not, e.g. 2^-24 in 16 digits). */
    if (check_short && significant(buf) > shortest_libc(v)) {
        fprintf(stderr, "%.17g printed as %s: %d digits, %%.Ng needs only %d\n", v, buf,
                significant(buf), shortest_libc(v));
        fail();
    }
}

static void test_edge_cases(void **state)
{
    (void)state;
    char buf[TW_DTOA_SIZE];
    tw_format_double(0.0, buf);
    assert_string_equal(buf, "0");
    tw_format_double(-0.0, buf);
    assert_string_equal(buf, "-0");
    tw_format_double(NAN, buf);
    assert_string_equal(buf, "nan");
    tw_format_double(-INFINITY, buf);
    assert_string_equal(buf, "-inf");
    struct {
        double v;
        const char *text;
    } exact[] = {{0.1, "0.1"},        {1.0, "1"},          {-3.0, "-3"},
                 {1234.5, "1234.5"},  {0.25, "0.25"},      {1e-5, "0.00001"},
                 {1.5e-7, "1.5e-07"}, {2e20, "2e+20"},     {123456789.0, "123456789"},
                 {1e16, "10000000000000000"}, {1e17, "1e+17"}, {5e-324, "5e-324"},
                 {1.7976931348623157e308, "1.7976931348623157e+308"},
                 {0.30000000000000004, "0.30000000000000004"}, {100.0, "100"}};
    for (size_t k = 0; k < sizeof exact / sizeof *exact; k++) {
        tw_format_double(exact[k].v, buf);
        assert_string_equal(buf, exact[k].text);
        check(exact[k].v, 1);
    }
    double special[] = {DBL_MIN, DBL_MAX, DBL_TRUE_MIN, DBL_EPSILON, 1e-11, 1e-11 * (1 - 1e-16),
                        9.999999999999999e16, 1e17 * (1 - 1e-16), 2.0, 4503599627370496.0,
                        9007199254740993.0, 0.1 + 0.2, 1.0 / 3.0, 2.0 / 3.0, 5e-310};
    for (size_t k = 0; k < sizeof special / sizeof *special; k++) {
        check(special[k], 1);
        check(-special[k], 1);
        check(nextafter(special[k], 0), 1);
        check(nextafter(special[k], INFINITY), 1);
    }
    /* Every power of two and of ten in range, and their neighbours. */
    for (int e = -1074; e <= 1023; e++) {
        double v = ldexp(1.0, e);
        check(v, 1);
        check(nextafter(v, 0), 0);
        check(nextafter(v, INFINITY), 0);
    }
    for (int e = -323; e <= 308; e++) {
        double v = strtod((snprintf(buf, sizeof buf, "1e%d", e), buf), NULL);
        check(v, 1);
        check(nextafter(v, 0), 1);
        check(nextafter(v, INFINITY), 1);
    }
}

static void test_random_bits(void **state)
{
    (void)state;
    /* Random bit patterns: every exponent (normals and subnormals) equally likely. */
    for (int k = 0; k < 400000; k++) {
        double v = from_bits(next_u64());
        if (isfinite(v))
            check(v, k % 50 == 0);
    }
}

static void test_random_magnitudes(void **state)
{
    (void)state;
    /* Random values in 1e-12 .. 1e18 (log-uniform), the range of the exact integer path, and
     * values with few digits (as data and round results have). */
    for (int k = 0; k < 300000; k++) {
        double u = (double)(next_u64() >> 11) / 9007199254740992.0;
        double v = pow(10.0, -12.0 + 30.0 * u);
        check(k & 1 ? v : -v, k % 50 == 0);
        int digits = 1 + (int)(next_u64() % 15), e10 = (int)(next_u64() % 30) - 15;
        double w = (double)(next_u64() % 1000000000000000ull % (uint64_t)pow(10, digits)) *
                   pow(10.0, e10);
        check(w, k % 50 == 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edge_cases),
        cmocka_unit_test(test_random_bits),
        cmocka_unit_test(test_random_magnitudes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
