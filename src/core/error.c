/* SPDX-License-Identifier: MIT */
/* Status names and the error record. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *tw_status_name(tw_status st)
{
    switch (st) {
    case TW_OK: return "ok";
    case TW_ERR_INPUT: return "bad input";
    case TW_ERR_IO: return "i/o error";
    case TW_ERR_NOMEM: return "out of memory";
    case TW_ERR_NOT_CONVERGED: return "not converged";
    case TW_ERR_USAGE: return "invalid argument";
    case TW_ERR_NUMERIC: return "numerical failure";
    case TW_ERR_CANCELLED: return "cancelled";
    }
    return "unknown status";
}

void tw_error_clear(tw_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

tw_status tw_fail(tw_error *err, tw_status status, const char *file, int line, int column,
                  const char *field, const char *fmt, ...)
{
    if (!err)
        return status;
    tw_error_clear(err);
    err->status = status;
    if (file)
        snprintf(err->file, sizeof err->file, "%s", file);
    err->line = line;
    err->column = column;
    if (field)
        snprintf(err->field, sizeof err->field, "%s", field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

int tw_error_format(const tw_error *err, char *buf, size_t size)
{
    if (!err)
        return snprintf(buf, size, "error: (no details)");
    return tw_error_format_kind(err, err->status == TW_ERR_NOT_CONVERGED
                                         ? "error (not converged)"
                                         : "error",
                                buf, size);
}

int tw_error_format_kind(const tw_error *err, const char *kind, char *buf, size_t size)
{
    char where[600] = "";
    if (err->file[0]) {
        if (err->line > 0 && err->column > 0)
            snprintf(where, sizeof where, "%s:%d:%d: ", err->file, err->line, err->column);
        else if (err->line > 0)
            snprintf(where, sizeof where, "%s:%d: ", err->file, err->line);
        else
            snprintf(where, sizeof where, "%s: ", err->file);
    }
    if (err->field[0])
        return snprintf(buf, size, "%s%s: %s: %s", where, kind, err->field, err->message);
    return snprintf(buf, size, "%s%s: %s", where, kind, err->message);
}
