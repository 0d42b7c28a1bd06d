/* SPDX-License-Identifier: MIT */
/* Internal helpers for filling tw_error records. */
#ifndef TW_CORE_ERROR_H
#define TW_CORE_ERROR_H

#include "tradewar/core.h"

#if defined(__GNUC__)
#define TW_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TW_PRINTF(a, b)
/* tw_error_format with another word than "error" after the position ("warning"). */
int tw_error_format_kind(const tw_error *err, const char *kind, char *buf, size_t size);

#endif

/* Records status, location and a formatted message in err (if not NULL) and returns status,
 * so that call sites read `return tw_fail(err, TW_ERR_INPUT, path, line, 0, "value", "...")`.
 * file and field may be NULL. */
tw_status tw_fail(tw_error *err, tw_status status, const char *file, int line, int column,
                  const char *field, const char *fmt, ...) TW_PRINTF(7, 8);

/* tw_error_format with another word than "error" after the position ("warning"). */
int tw_error_format_kind(const tw_error *err, const char *kind, char *buf, size_t size);

#endif
