/* SPDX-License-Identifier: MIT */
/* The one spelling rule for names that tradewar defines (keys and values of scenario files;
 * option names, the names of kinds, rules and methods options take, and shipped scenarios on
 * the command line): a hyphen and an underscore are the same character, so "best-response"
 * and "only-increases" match "best_response" and "only_increases" (docs/scenario-format.md,
 * docs/cli.md). Codes from data (countries, sectors) and names a user defines (groups,
 * branches) are matched exactly. */
#ifndef TW_CORE_SPELLING_H
#define TW_CORE_SPELLING_H

#include <stddef.h>

/* 1 if a and b are the same name under the rule, 0 otherwise (also if either is NULL). */
int tw_name_equal(const char *a, const char *b);

/* 1 if the first n characters of a and b are the same under the rule (as strncmp == 0: a
 * shorter string matches only up to and including its end), 0 otherwise. */
int tw_name_equal_n(const char *a, const char *b, size_t n);

/* Index of the first of names[0..n) equal to name under the rule, or -1. */
int tw_name_find(const char *const *names, int n, const char *name);

#endif
