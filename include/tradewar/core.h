/* SPDX-License-Identifier: MIT */
/* tradewar core: status codes and the error record every fallible function fills. */
#ifndef TRADEWAR_CORE_H
#define TRADEWAR_CORE_H

#include <stddef.h>

#include "tradewar/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible public function returns one of these. The CLI maps them to exit codes
 * (docs/cli.md). TW_OK is zero so that `if (st)` tests for failure. */
typedef enum tw_status {
    TW_OK = 0,
    TW_ERR_INPUT = 1,         /* input data are malformed, inconsistent or out of range */
    TW_ERR_IO = 2,            /* a file could not be opened, read or written */
    TW_ERR_NOMEM = 3,         /* an allocation failed */
    TW_ERR_NOT_CONVERGED = 4, /* a solver stopped before its residual met the tolerance */
    TW_ERR_USAGE = 5,         /* the caller passed an invalid argument (a programming error) */
    TW_ERR_NUMERIC = 6,       /* a NaN or infinity appeared during a computation */
    TW_ERR_CANCELLED = 7      /* the caller cancelled the computation (tw_cancel_set or a
                               * progress callback); partial results are marked unsolved */
} tw_status;

/* A readable name for a status ("ok", "bad input", ...). Never NULL. */
TW_API const char *tw_status_name(tw_status st);

/* Where and why something failed. Callers may pass NULL wherever a tw_error * is taken.
 * `file` is empty when the error is not tied to a file; `line` and `column` are 1-based, 0 when
 * unknown; `field` names the offending column or key, empty when not applicable. */
typedef struct tw_error {
    tw_status status;
    char file[512];
    int line;
    int column;
    char field[128];
    char message[768];
} tw_error;

/* A cancellation flag shared by the caller and long computations (solves, games, timelines).
 * Setting it is safe from any thread and from a signal handler (a lock-free atomic store);
 * computations that were given the flag poll it and stop with TW_ERR_CANCELLED. One flag may
 * be given to many solvers (a pool answering one request). */
typedef struct tw_cancel tw_cancel;

/* @return a new flag, not set; NULL on allocation failure. */
TW_API tw_cancel *tw_cancel_create(void);
/* Frees the flag (NULL: no-op). Nothing may be using it. */
TW_API void tw_cancel_free(tw_cancel *c);
/* Sets the flag (async-signal-safe, thread-safe; NULL: no-op). */
TW_API void tw_cancel_set(tw_cancel *c);
/* Clears the flag, so that the computations using it can run again (NULL: no-op). */
TW_API void tw_cancel_reset(tw_cancel *c);
/* 1 if the flag is set (NULL: 0). */
TW_API int tw_cancel_is_set(const tw_cancel *c);

/* Clears an error record to "no error". err may be NULL. */
TW_API void tw_error_clear(tw_error *err);

/* Writes the error GCC-style, "file:line:column: error: field: message", into buf (always
 * NUL-terminated when size > 0). Parts that are unknown are left out.
 * @return the length the full message would have, as snprintf. */
TW_API int tw_error_format(const tw_error *err, char *buf, size_t size);

/* Warnings: input the library accepted but that looks like a mistake (a bare rate of 10 is
 * 1000 points, not 10%), or results that deserve a caveat (one sector drives a country's
 * change). The library never prints them: the object that read the input keeps them
 * (tw_scenario_warnings; tw_shock_apply_file_warn fills a list of the caller's), and the
 * caller shows them (the command line on standard error, the JSON documents in their
 * `warnings` list, docs/json.md). Each is a tw_error record with status TW_OK and the same
 * file, line, column and field as an error would have. */
typedef struct tw_warnings tw_warnings;

/* @return an empty list; NULL on allocation failure. */
TW_API tw_warnings *tw_warnings_create(void);
/* Frees the list (NULL: no-op). */
TW_API void tw_warnings_free(tw_warnings *w);
/* Number of warnings (NULL: 0). */
TW_API int tw_warnings_count(const tw_warnings *w);
/* The k-th warning, 0 <= k < count, in the order they were added (borrowed; valid until the
 * list is changed or freed), or NULL when k is out of range. */
TW_API const tw_error *tw_warnings_get(const tw_warnings *w, int k);
/* Appends a warning with a printf-style message; file and field may be NULL, line and column
 * 0 when unknown. @return TW_OK, TW_ERR_NOMEM, or TW_ERR_USAGE if w is NULL. */
TW_API tw_status tw_warnings_add(tw_warnings *w, const char *file, int line, int column,
                                 const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/* Appends copies of every warning of src to dst. @return TW_OK or TW_ERR_NOMEM. */
TW_API tw_status tw_warnings_append(tw_warnings *dst, const tw_warnings *src);
/* Writes a warning GCC-style, "file:line:column: warning: field: message", as
 * tw_error_format. @return the length the full message would have. */
TW_API int tw_warning_format(const tw_error *warning, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
