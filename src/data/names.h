/* SPDX-License-Identifier: MIT */
/* Code lookup and "did you mean" suggestions for country and sector codes. */
#ifndef TW_DATA_NAMES_H
#define TW_DATA_NAMES_H

/* Index of code in codes[0..n), or -1. */
int tw_names_find(char *const *codes, int n, const char *code);

/* The code in codes[0..n) closest to `code` by case-insensitive edit distance, if close enough
 * to be a plausible misspelling; NULL otherwise. */
const char *tw_names_suggest(char *const *codes, int n, const char *code);

/* 1 if code is 1-16 characters of letters, digits, '_' or '-'. */
int tw_names_valid(const char *code);

#endif
