/* SPDX-License-Identifier: MIT */
/* The proleptic Gregorian calendar (src/core/calendar.h). The conversions between dates and
 * day numbers count in 400-year eras of 146097 days, each starting on 1 March so that the leap
 * day ends the year (the method of Howard Hinnant's "chrono-compatible low-level date
 * algorithms"). */
#include <stdio.h>

#include "core/calendar.h"

/* Days from 0000-03-01 to 1970-01-01. */
#define EPOCH_SHIFT 719468

int tw_date_is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int tw_date_month_length(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return days[month - 1] + (month == 2 && tw_date_is_leap_year(year));
}

int tw_date_valid(int year, int month, int day)
{
    return day >= 1 && day <= tw_date_month_length(year, month);
}

int tw_date_from_civil(int year, int month, int day)
{
    int y = year - (month <= 2); /* January and February belong to the year before */
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;                                       /* [0, 399] */
    int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1; /* [0, 365] */
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;               /* [0, 146096] */
    return era * 146097 + doe - EPOCH_SHIFT;
}

void tw_date_to_civil(int day_number, int *year, int *month, int *day)
{
    int z = day_number + EPOCH_SHIFT;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153; /* months from March, [0, 11] */
    int m = mp + (mp < 10 ? 3 : -9);
    *day = doy - (153 * mp + 2) / 5 + 1;
    *month = m;
    *year = yoe + era * 400 + (m <= 2);
}

/* The value of n decimal digits at s, or -1 if one of them is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (s[k] < '0' || s[k] > '9')
            return -1;
        v = 10 * v + (s[k] - '0');
    }
    return v;
}

int tw_date_parse(const char *text, int *day_number)
{
    if (!text)
        return -1;
    for (int k = 0; k < 10; k++)
        if (!text[k])
            return -1;
    if (text[4] != '-' || text[7] != '-' || text[10] != '\0')
        return -1;
    int y = digits(text, 4), m = digits(text + 5, 2), d = digits(text + 8, 2);
    if (y < 0 || m < 0 || d < 0 || !tw_date_valid(y, m, d))
        return -1;
    *day_number = tw_date_from_civil(y, m, d);
    return 0;
}

void tw_date_format(int day_number, char *buf, size_t size)
{
    int y, m, d;
    tw_date_to_civil(day_number, &y, &m, &d);
    snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}
