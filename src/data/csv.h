/* SPDX-License-Identifier: MIT */
/* Internal CSV reader (RFC 4180 with a header row): whole-file, in-place, with line and column
 * tracking so that every error can point at file:line:column. Accepts a UTF-8 BOM and CRLF. */
#ifndef TW_DATA_CSV_H
#define TW_DATA_CSV_H

#include <stddef.h>

#include "tradewar/core.h"

typedef struct tw_csv tw_csv;
/* In-memory texts of a world's files (below). */
typedef struct tw_csv_texts tw_csv_texts;

/* A column the caller expects in the header. */
typedef struct tw_csv_column {
    const char *name;
    int required; /* 1: missing column is an error; 0: optional (index -1 when absent) */
} tw_csv_column;

/* Opens and reads a whole file. @return TW_ERR_IO if it cannot be read. *out owned by caller,
 * release with tw_csv_close. */
tw_status tw_csv_open(const char *path, tw_csv **out, tw_error *err);

/* As tw_csv_open, on a copy of an in-memory buffer; `name` is used in messages. */
tw_status tw_csv_open_buffer(const char *name, const char *data, size_t len, tw_csv **out,
                             tw_error *err);

/* Opens dir/file if it exists and maps its header onto cols (tw_csv_header); *out is NULL and
 * the status TW_OK when there is no such file (an optional file of a world). */
tw_status tw_csv_open_optional(const tw_csv_texts *t, const char *dir, const char *file,
                               const tw_csv_column *cols, int ncols, int *index, tw_csv **out,
                               tw_error *err);

/* --- In-memory texts standing in for a world directory's files (tw_world_load_texts,
 * src/data/world_texts.c). With texts t (not NULL), tw_csv_join names a world file by its stem
 * in angle brackets ("<flows>"), and tw_csv_exists and tw_csv_open_in look such names up in t
 * instead of the file system; with t NULL they are the file system's. --- */

/* dir/file (one slash), or "<stem>" of file with texts. */
void tw_csv_join(const tw_csv_texts *t, char *out, size_t size, const char *dir,
                 const char *file);
/* 1 if path is a regular file, or (with texts) one of the texts. */
int tw_csv_exists(const tw_csv_texts *t, const char *path);
/* tw_csv_open, or (with texts) tw_csv_open_buffer on the text named path. */
tw_status tw_csv_open_in(const tw_csv_texts *t, const char *path, tw_csv **out, tw_error *err);

/* Frees the reader; NULL is a no-op. */
void tw_csv_close(tw_csv *csv);

/* Reads the header and maps it onto cols: index[c] is the header position of cols[c].name, or
 * -1 for an absent optional column. Unknown or duplicated header names, and missing required
 * columns, are errors (a misspelt column must not be silently ignored). */
tw_status tw_csv_header(tw_csv *csv, const tw_csv_column *cols, int ncols, int *index,
                        tw_error *err);

/* Advances to the next data row; *has_row is 0 at end of file. Blank lines are skipped. A row
 * whose field count differs from the header's, with broken quoting, or with a field that is not
 * valid UTF-8 (overlong forms, surrogates and code points above U+10FFFF included: text reaches
 * JSON output) is an error; so is a header that is not valid UTF-8. */
tw_status tw_csv_next(tw_csv *csv, int *has_row, tw_error *err);

/* The current row's field at header position col (unquoted, NUL-terminated); "" if col < 0. */
const char *tw_csv_get(const tw_csv *csv, int col);

/* 1-based line and column where the current row's field col starts. */
int tw_csv_line(const tw_csv *csv);
int tw_csv_col(const tw_csv *csv, int col);

/* The file name given at open. */
const char *tw_csv_path(const tw_csv *csv);

/* The header name at position col. */
const char *tw_csv_header_name(const tw_csv *csv, int col);

/* Parses field col as a finite decimal number. Empty fields, trailing text, NaN and infinities
 * are errors that name the field and show what was found. */
tw_status tw_csv_number(const tw_csv *csv, int col, double *out, tw_error *err);

/* Fails with TW_ERR_INPUT at the current row's field col with a formatted message. */
tw_status tw_csv_fail(const tw_csv *csv, int col, tw_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif
