/* SPDX-License-Identifier: MIT */
/* The calendar (src/core/calendar.c): leap years, month ends, day numbers of known dates,
 * strict parsing that rejects invalid dates and malformed text, and a round trip over four
 * centuries. */
#include "test_util.h"

#include "core/calendar.h"

static void leap_years(void **state)
{
    (void)state;
    assert_int_equal(tw_date_is_leap_year(2024), 1);
    assert_int_equal(tw_date_is_leap_year(2025), 0);
    assert_int_equal(tw_date_is_leap_year(1900), 0); /* centuries are not leap years ... */
    assert_int_equal(tw_date_is_leap_year(2100), 0);
    assert_int_equal(tw_date_is_leap_year(2000), 1); /* ... unless divisible by 400 */
    assert_int_equal(tw_date_is_leap_year(2400), 1);
    assert_int_equal(tw_date_is_leap_year(0), 1);
    assert_int_equal(tw_date_is_leap_year(-4), 1);
}

static void month_ends(void **state)
{
    (void)state;
    static const int len2025[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; m++) {
        assert_int_equal(tw_date_month_length(2025, m), len2025[m - 1]);
        assert_int_equal(tw_date_valid(2025, m, len2025[m - 1]), 1);
        assert_int_equal(tw_date_valid(2025, m, len2025[m - 1] + 1), 0);
        assert_int_equal(tw_date_valid(2025, m, 0), 0);
        /* The day after a month's last day is the first of the next month. */
        int last = tw_date_from_civil(2025, m, len2025[m - 1]), y, mo, d;
        tw_date_to_civil(last + 1, &y, &mo, &d);
        assert_int_equal(y, m == 12 ? 2026 : 2025);
        assert_int_equal(mo, m == 12 ? 1 : m + 1);
        assert_int_equal(d, 1);
    }
    assert_int_equal(tw_date_month_length(2024, 2), 29);
    assert_int_equal(tw_date_month_length(1900, 2), 28);
    assert_int_equal(tw_date_month_length(2000, 2), 29);
    assert_int_equal(tw_date_month_length(2025, 0), 0);
    assert_int_equal(tw_date_month_length(2025, 13), 0);
}

static void known_day_numbers(void **state)
{
    (void)state;
    assert_int_equal(tw_date_from_civil(1970, 1, 1), 0);
    assert_int_equal(tw_date_from_civil(1969, 12, 31), -1);
    assert_int_equal(tw_date_from_civil(2000, 3, 1), 11017);
    assert_int_equal(tw_date_from_civil(2025, 1, 1), 20089);
    assert_int_equal(tw_date_from_civil(1900, 3, 1), -25508);
    assert_int_equal(tw_date_from_civil(2200, 12, 31), 84370);
    assert_int_equal(tw_date_from_civil(1, 1, 1), -719162);
    /* 2024 is a leap year: 366 days from its first day to the next year's. */
    assert_int_equal(tw_date_from_civil(2025, 1, 1) - tw_date_from_civil(2024, 1, 1), 366);
    assert_int_equal(tw_date_from_civil(2026, 1, 1) - tw_date_from_civil(2025, 1, 1), 365);
    /* The Geneva truce: 14 May 2025 plus 90 days is 12 August. */
    char buf[11];
    tw_date_format(tw_date_from_civil(2025, 5, 14) + 90, buf, sizeof buf);
    assert_string_equal(buf, "2025-08-12");
    tw_date_format(-1, buf, sizeof buf);
    assert_string_equal(buf, "1969-12-31");
}

static void parse_valid_and_invalid(void **state)
{
    (void)state;
    int day = 12345;
    assert_int_equal(tw_date_parse("2024-02-29", &day), 0);
    assert_int_equal(day, tw_date_from_civil(2024, 2, 29));
    assert_int_equal(tw_date_parse("2000-02-29", &day), 0);
    assert_int_equal(tw_date_parse("0000-01-01", &day), 0);
    assert_int_equal(tw_date_parse("9999-12-31", &day), 0);
    static const char *const bad[] = {
        "2025-02-29", "1900-02-29", "2100-02-29", "2025-04-31", "2025-06-31", "2025-13-01",
        "2025-00-10", "2025-01-00", "2025-01-32", "2025-1-01",  "2025-01-1",  "25-01-01",
        "2025-01-01x", " 2025-01-01", "2025- 1-01", "+025-01-01", "-025-01-01", "2025/01/01",
        "20250101",   "2025-01-0a", "",           "2025-01-",   "2025-001-1"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        day = 12345;
        if (tw_date_parse(bad[k], &day) != -1 || day != 12345) {
            fprintf(stderr, "accepted the invalid date '%s'\n", bad[k]);
            fail();
        }
    }
    assert_int_equal(tw_date_parse(NULL, &day), -1);
}

/* Every day of four centuries (one full Gregorian cycle) and some before 1970: day number to
 * date to text and back. */
static void round_trip(void **state)
{
    (void)state;
    int prev_y = 0, prev_m = 0, prev_d = 0;
    for (int z = tw_date_from_civil(1800, 1, 1); z <= tw_date_from_civil(2200, 1, 1); z++) {
        int y, m, d, back;
        tw_date_to_civil(z, &y, &m, &d);
        assert_true(tw_date_valid(y, m, d));
        assert_int_equal(tw_date_from_civil(y, m, d), z);
        char text[11];
        tw_date_format(z, text, sizeof text);
        assert_int_equal(tw_date_parse(text, &back), 0);
        assert_int_equal(back, z);
        if (prev_y) /* consecutive days: the day advances or a month begins */
            assert_true((y == prev_y && m == prev_m && d == prev_d + 1) || d == 1);
        prev_y = y;
        prev_m = m;
        prev_d = d;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(leap_years),
        cmocka_unit_test(month_ends),
        cmocka_unit_test(known_day_numbers),
        cmocka_unit_test(parse_valid_and_invalid),
        cmocka_unit_test(round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
