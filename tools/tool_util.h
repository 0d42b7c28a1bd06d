/* SPDX-License-Identifier: MIT */
/* Shared helpers for the world builders in tools/: argument parsing, CSV reading through the
 * project's reader (src/data/csv.h) with die-on-error wrappers, code tables, and deterministic
 * CSV writing. Builders are one-shot programs, so every failure prints a GCC-style message and
 * exits with status 1; nothing here is library code. */
#ifndef TW_TOOLS_TOOL_UTIL_H
#define TW_TOOLS_TOOL_UTIL_H

#include <stddef.h>
#include <stdio.h>

#include "data/csv.h"

#if defined(__GNUC__)
#define TT_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define TT_NORETURN __attribute__((noreturn))
#else
#define TT_PRINTF(a, b)
#define TT_NORETURN
#endif

/* Prints "<program>: error: <message>" to stderr and exits with status 1. */
TT_NORETURN void tt_die(const char *fmt, ...) TT_PRINTF(1, 2);

/* Prints "<program>: <message>" to stderr (progress and summaries; stdout stays clean). */
void tt_note(const char *fmt, ...) TT_PRINTF(1, 2);

/* Sets the program name used in messages (tt_args does it too) from argv[0]. */
void tt_set_program(const char *argv0);

/* Parses `--raw DIR --out DIR` (both required); creates DIR for --out if it does not exist.
 * Sets the program name used in messages. */
void tt_args(int argc, char **argv, const char *usage, const char **raw, const char **out);

/* "dir/name" in a freshly allocated string (never NULL; dies on allocation failure). */
char *tt_path(const char *dir, const char *name);

/* calloc that dies on failure; n == 0 allocates one byte. */
void *tt_calloc(size_t n, size_t size);

/* Opens dir/name and maps its header onto cols (see tw_csv_header); idx receives ncols header
 * positions. Dies with the reader's file:line:column message on any error. */
tw_csv *tt_open(const char *dir, const char *name, const tw_csv_column *cols, int ncols,
                int *idx);

/* Next data row: 1 if there is one, 0 at end of file; dies on malformed rows. */
int tt_next(tw_csv *csv);

/* Field col of the current row parsed as a finite number; dies with the location otherwise. */
double tt_num(const tw_csv *csv, int col);

/* Dies with the location of field col of the current row and a formatted message. */
TT_NORETURN void tt_fail_at(const tw_csv *csv, int col, const char *fmt, ...) TT_PRINTF(3, 4);

/* A growable list of owned strings (codes, names). */
typedef struct tt_list {
    char **item;
    int n;
    int cap;
} tt_list;

/* Appends a copy of s; returns its index. */
int tt_list_add(tt_list *l, const char *s);
/* Index of s in l, or -1. */
int tt_list_find(const tt_list *l, const char *s);
/* Index of field col of the current row in l; dies naming the unknown value otherwise. */
int tt_list_need(const tt_list *l, const tw_csv *csv, int col);
void tt_list_free(tt_list *l);

/* Creates dir/name for writing; dies if it cannot. */
FILE *tt_create(const char *dir, const char *name);
/* Closes f; dies if any write failed. */
void tt_finish(FILE *f, const char *name);
/* Writes x with the fewest significant digits (15, 16 or 17) that read back as exactly x, so
 * output is exact, deterministic and as short as possible ("9.11", not "9.1099999999999994"). */
void tt_real(FILE *f, double x);
/* Writes s as one CSV field, quoted (RFC 4180) only if it holds a comma, quote or newline. */
void tt_field(FILE *f, const char *s);

#endif
