/* SPDX-License-Identifier: MIT */
/* Code lookup and "did you mean" suggestions for country and sector codes. */
#ifndef TW_DATA_NAMES_H
#define TW_DATA_NAMES_H

#include <stddef.h>

/* A hash index over a borrowed array of codes (open addressing, FNV-1a). */
typedef struct tw_codemap {
    int size;   /* power of two, >= 2 n */
    int *slot;  /* index into codes, or -1 */
    char *const *codes;
} tw_codemap;

/* Builds the index; returns -1 on allocation failure. Free with tw_codemap_free. */
int tw_codemap_build(tw_codemap *map, char *const *codes, int n);
void tw_codemap_free(tw_codemap *map);
/* Index of code, or -1. */
int tw_codemap_find(const tw_codemap *map, const char *code);

/* Index of code in codes[0..n), or -1. */
int tw_names_find(char *const *codes, int n, const char *code);

/* The code in codes[0..n) closest to `code` by case-insensitive edit distance, if close enough
 * to be a plausible misspelling; NULL otherwise. */
const char *tw_names_suggest(char *const *codes, int n, const char *code);

/* Every code of codes[0..n) at the smallest edit distance from `code`, if close enough (as
 * tw_names_suggest), quoted and joined into buf for a "did you mean" message: "'CHN'",
 * "'CHE' or 'CHN'", "'A', 'B' or 'C'" (ties in the array's order, at most 4). A suggester that
 * picked the first of tied candidates would send a user who meant the second astray.
 * @return buf, or NULL when no code is close enough. */
const char *tw_names_suggest_all(char *const *codes, int n, const char *code, char *buf,
                                 size_t size);

/* The built-in group names that shock files and scenarios accept in place of a code ("*",
 * "all", "goods", "services", "EU27"): if code is one of them, that name, else NULL. A world
 * must not use them as codes, since the code would silently shadow the group. */
const char *tw_names_group(const char *code);

/* 1 if code is 1-16 characters of letters, digits, '_' or '-'. */
int tw_names_valid(const char *code);

#endif
