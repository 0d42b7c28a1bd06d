/* SPDX-License-Identifier: MIT */
/* Lists of warnings (tradewar/core.h): records of accepted input that looks like a mistake,
 * or of results that deserve a caveat, kept for the caller to show. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

struct tw_warnings {
    tw_error *item;
    int n, cap;
};

tw_warnings *tw_warnings_create(void)
{
    return calloc(1, sizeof(tw_warnings));
}

void tw_warnings_free(tw_warnings *w)
{
    if (!w)
        return;
    free(w->item);
    free(w);
}

int tw_warnings_count(const tw_warnings *w)
{
    return w ? w->n : 0;
}

const tw_error *tw_warnings_get(const tw_warnings *w, int k)
{
    return w && k >= 0 && k < w->n ? &w->item[k] : NULL;
}

/* Room for one more record. */
static tw_status grow(tw_warnings *w)
{
    if (w->n < w->cap)
        return TW_OK;
    int cap = w->cap ? 2 * w->cap : 4;
    tw_error *item = realloc(w->item, (size_t)cap * sizeof *item);
    if (!item)
        return TW_ERR_NOMEM;
    w->item = item;
    w->cap = cap;
    return TW_OK;
}

tw_status tw_warnings_add(tw_warnings *w, const char *file, int line, int column,
                          const char *field, const char *fmt, ...)
{
    if (!w)
        return TW_ERR_USAGE;
    if (grow(w))
        return TW_ERR_NOMEM;
    tw_error *e = &w->item[w->n++];
    tw_error_clear(e);
    if (file)
        snprintf(e->file, sizeof e->file, "%s", file);
    e->line = line;
    e->column = column;
    if (field)
        snprintf(e->field, sizeof e->field, "%s", field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return TW_OK;
}

tw_status tw_warnings_append(tw_warnings *dst, const tw_warnings *src)
{
    for (int k = 0; k < tw_warnings_count(src); k++) {
        if (grow(dst))
            return TW_ERR_NOMEM;
        dst->item[dst->n++] = src->item[k];
    }
    return TW_OK;
}

int tw_warning_format(const tw_error *warning, char *buf, size_t size)
{
    if (!warning)
        return snprintf(buf, size, "warning: (no details)");
    return tw_error_format_kind(warning, "warning", buf, size);
}
