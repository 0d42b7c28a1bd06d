/* SPDX-License-Identifier: MIT */
/* The one calendar: proleptic Gregorian dates as day numbers (days since 1970-01-01), for
 * scenario dates and truce expiries, escalation rounds and chart axes (STYLE.md: one of each
 * tool). Day numbers before 1970 are negative. */
#ifndef TW_CORE_CALENDAR_H
#define TW_CORE_CALENDAR_H

#include <stddef.h>

/* 1 if year (any integer, proleptic Gregorian) is a leap year, 0 otherwise. */
int tw_date_is_leap_year(int year);
/* Days in month 1..12 of year; 0 for a month outside 1..12. */
int tw_date_month_length(int year, int month);
/* 1 if year-month-day is a date of the calendar (day 1..month length), 0 otherwise. */
int tw_date_valid(int year, int month, int day);

/* The day number of a valid date (tw_date_valid), years -1000000 to 1000000. */
int tw_date_from_civil(int year, int month, int day);
/* The date of a day number: writes year, month (1..12) and day of the month (1..31). */
void tw_date_to_civil(int day_number, int *year, int *month, int *day);

/* Parses text that is exactly YYYY-MM-DD (four digits, '-', two digits, '-', two digits; no
 * sign, space or trailing character) and a valid date, years 0000 to 9999.
 * @return 0 with *day_number set, or -1 (nothing written). */
int tw_date_parse(const char *text, int *day_number);
/* Writes the day number as YYYY-MM-DD (more year digits past 9999) into buf, NUL-terminated,
 * truncated to size - 1 characters; 11 bytes hold every year from 0 to 9999. */
void tw_date_format(int day_number, char *buf, size_t size);

#endif
