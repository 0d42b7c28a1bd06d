/* SPDX-License-Identifier: MIT */
/* CSV reader: the file is read once into memory and fields are unquoted in place. */
#include "data/csv.h"
#include "data/decimal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

struct tw_csv {
    char *path;
    char *buf;      /* file contents, NUL-terminated, modified in place */
    size_t len;
    size_t pos;     /* next unread byte */
    int line;       /* line number of pos */
    int col0;       /* offset of the current line's first byte, for columns */
    size_t line_start;
    int nheader;
    char **header;  /* points into buf */
    int nfields;    /* fields in the current row */
    int cap;
    char **field;
    int *fcol;      /* 1-based column of each field */
    int row_line;   /* line where the current row starts */
    int ascii;      /* no byte >= 0x80 after the byte-order mark: every field is UTF-8 */
};

static tw_status csv_init(tw_csv **out, const char *name, char *buf, size_t len, tw_error *err)
{
    tw_csv *c = calloc(1, sizeof *c);
    if (!c) {
        free(buf);
        return tw_fail(err, TW_ERR_NOMEM, name, 0, 0, NULL, "out of memory");
    }
    c->path = strdup(name ? name : "<buffer>");
    c->buf = buf;
    c->len = len;
    c->line = 1;
    /* A UTF-8 byte-order mark is legal at the start of a file saved by spreadsheet programs. */
    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
        (unsigned char)buf[2] == 0xBF)
        c->pos = c->line_start = 3;
    if (!c->path) {
        tw_csv_close(c);
        return tw_fail(err, TW_ERR_NOMEM, name, 0, 0, NULL, "out of memory");
    }
    if (memchr(buf, '\0', len)) {
        size_t at = (size_t)((char *)memchr(buf, '\0', len) - buf);
        int line = 1;
        for (size_t p = 0; p < at; p++)
            line += buf[p] == '\n';
        tw_status st = tw_fail(err, TW_ERR_INPUT, c->path, line, 0, NULL,
                               "file contains a NUL byte: expected text CSV");
        tw_csv_close(c);
        return st;
    }
    /* Plain ASCII files (the usual case) need no per-field UTF-8 check. */
    unsigned char high = 0;
    for (size_t p = c->pos; p < len; p++)
        high |= (unsigned char)buf[p];
    c->ascii = high < 0x80;
    *out = c;
    return TW_OK;
}

tw_status tw_csv_open(const char *path, tw_csv **out, tw_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        /* strerror may share one buffer between threads; the POSIX strerror_r fills ours. */
        int code = errno;
        char why[256];
        if (strerror_r(code, why, sizeof why) != 0)
            snprintf(why, sizeof why, "error %d", code);
        return tw_fail(err, TW_ERR_IO, path, 0, 0, NULL, "cannot open: %s", why);
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (len + 1 < cap)
            break;
        cap *= 2;
        char *nb = realloc(buf, cap);
        if (!nb) {
            free(buf);
            buf = NULL;
        }
        buf = nb;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf)
        return tw_fail(err, TW_ERR_NOMEM, path, 0, 0, NULL, "out of memory reading file");
    if (bad) {
        free(buf);
        return tw_fail(err, TW_ERR_IO, path, 0, 0, NULL, "read error");
    }
    buf[len] = '\0';
    return csv_init(out, path, buf, len, err);
}

tw_status tw_csv_open_buffer(const char *name, const char *data, size_t len, tw_csv **out,
                             tw_error *err)
{
    *out = NULL;
    char *buf = malloc(len + 1);
    if (!buf)
        return tw_fail(err, TW_ERR_NOMEM, name, 0, 0, NULL, "out of memory");
    if (len)
        memcpy(buf, data, len);
    buf[len] = '\0';
    return csv_init(out, name, buf, len, err);
}

void tw_csv_close(tw_csv *c)
{
    if (!c)
        return;
    free(c->path);
    free(c->buf);
    free(c->header);
    free(c->field);
    free(c->fcol);
    free(c);
}

static int push_field(tw_csv *c, char *start, int col)
{
    if (c->nfields == c->cap) {
        int ncap = c->cap ? 2 * c->cap : 16;
        char **nf = realloc(c->field, (size_t)ncap * sizeof *nf);
        if (!nf)
            return -1;
        c->field = nf;
        int *nc = realloc(c->fcol, (size_t)ncap * sizeof *nc);
        if (!nc)
            return -1;
        c->fcol = nc;
        c->cap = ncap;
    }
    c->field[c->nfields] = start;
    c->fcol[c->nfields] = col;
    c->nfields++;
    return 0;
}

/* Splits one record starting at c->pos into fields. *eof is set when no record is left. */
static tw_status read_record(tw_csv *c, int *eof, tw_error *err)
{
    c->nfields = 0;
    /* Skip blank lines (including "\r\n" alone) and comment lines starting with '#': they
     * carry no data (comments let shock files cite their sources). */
    for (;;) {
        if (c->pos >= c->len) {
            *eof = 1;
            return TW_OK;
        }
        if (c->buf[c->pos] == '#' && c->pos == c->line_start) {
            while (c->pos < c->len && c->buf[c->pos] != '\n')
                c->pos++;
            continue;
        }
        if (c->buf[c->pos] == '\n') {
            c->pos++;
            c->line++;
            c->line_start = c->pos;
        } else if (c->buf[c->pos] == '\r' && c->pos + 1 < c->len && c->buf[c->pos + 1] == '\n') {
            c->pos += 2;
            c->line++;
            c->line_start = c->pos;
        } else {
            break;
        }
    }
    *eof = 0;
    c->row_line = c->line;
    char *b = c->buf;
    for (;;) {
        int col = (int)(c->pos - c->line_start) + 1;
        size_t p = c->pos;
        char *out = b + p;
        if (push_field(c, out, col))
            return tw_fail(err, TW_ERR_NOMEM, c->path, c->line, col, NULL, "out of memory");
        if (p < c->len && b[p] == '"') {
            /* Quoted field: "" is an escaped quote; newlines are allowed inside. */
            char *w = out;
            p++;
            for (;;) {
                if (p >= c->len)
                    return tw_fail(err, TW_ERR_INPUT, c->path, c->row_line, col, NULL,
                                   "unterminated quoted field: expected a closing '\"' before "
                                   "the end of the file");
                if (b[p] == '"') {
                    if (p + 1 < c->len && b[p + 1] == '"') {
                        *w++ = '"';
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                if (b[p] == '\n') {
                    c->line++;
                    c->line_start = p + 1;
                }
                *w++ = b[p++];
            }
            if (p < c->len && b[p] != ',' && b[p] != '\n' && b[p] != '\r')
                return tw_fail(err, TW_ERR_INPUT, c->path, c->line,
                               (int)(p - c->line_start) + 1, NULL,
                               "unexpected '%c' after a closing quote: expected ',' or the end "
                               "of the line",
                               b[p]);
            *w = '\0';
            /* w <= b + p: the terminator never overwrites the delimiter we still need. */
            if (w == b + p) {
                /* Only possible if no escapes and no quotes, which cannot happen here. */
            }
            char d = p < c->len ? b[p] : '\n';
            if (d == '\r') {
                if (p + 1 >= c->len || b[p + 1] != '\n')
                    return tw_fail(err, TW_ERR_INPUT, c->path, c->line,
                                   (int)(p - c->line_start) + 1, NULL,
                                   "stray carriage return: expected a line ending");
                p += 2;
                c->pos = p;
                c->line++;
                c->line_start = p;
                return TW_OK;
            }
            if (d == '\n') {
                c->pos = p < c->len ? p + 1 : p;
                if (p < c->len) {
                    c->line++;
                    c->line_start = c->pos;
                }
                return TW_OK;
            }
            c->pos = p + 1; /* past ',' */
            continue;
        }
        /* Unquoted field: runs to ',' or end of line; a quote inside is malformed. */
        while (p < c->len && b[p] != ',' && b[p] != '\n' && b[p] != '\r') {
            if (b[p] == '"')
                return tw_fail(err, TW_ERR_INPUT, c->path, c->line,
                               (int)(p - c->line_start) + 1, NULL,
                               "unexpected '\"' inside an unquoted field: quote the whole "
                               "field and double any quote inside it");
            p++;
        }
        char d = p < c->len ? b[p] : '\n';
        if (d == ',') {
            b[p] = '\0';
            c->pos = p + 1;
            continue;
        }
        if (d == '\r') {
            if (p + 1 >= c->len || b[p + 1] != '\n')
                return tw_fail(err, TW_ERR_INPUT, c->path, c->line, (int)(p - c->line_start) + 1,
                               NULL, "stray carriage return: expected a line ending");
            b[p] = '\0';
            c->pos = p + 2;
            c->line++;
            c->line_start = c->pos;
            return TW_OK;
        }
        if (p < c->len) {
            b[p] = '\0';
            c->pos = p + 1;
            c->line++;
            c->line_start = c->pos;
        } else {
            c->pos = p;
        }
        return TW_OK;
    }
}

/* Offset of the first byte of s that does not start a well-formed UTF-8 sequence (RFC 3629:
 * no overlong forms, no surrogates U+D800..U+DFFF, nothing above U+10FFFF), or -1 if s is valid.
 * Text fields end up in JSON and SVG output, which must be valid UTF-8. */
static long utf8_invalid_at(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    for (const unsigned char *p = s; *p;) {
        unsigned char b = *p;
        int len;
        unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
        if (b < 0x80) {
            p++;
            continue;
        } else if (b >= 0xC2 && b <= 0xDF) {
            len = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            len = 3;
            if (b == 0xE0)
                lo = 0xA0; /* overlong below U+0800 */
            else if (b == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (b >= 0xF0 && b <= 0xF4) {
            len = 4;
            if (b == 0xF0)
                lo = 0x90; /* overlong below U+10000 */
            else if (b == 0xF4)
                hi = 0x8F; /* above U+10FFFF */
        } else {
            return (long)(p - s); /* continuation byte, C0/C1 (overlong) or F5..FF */
        }
        if (p[1] < lo || p[1] > hi)
            return (long)(p - s);
        for (int k = 2; k < len; k++)
            if (p[k] < 0x80 || p[k] > 0xBF)
                return (long)(p - s);
        p += len;
    }
    return -1;
}

/* Checks that every field of the current record is valid UTF-8. */
static tw_status check_utf8(const tw_csv *c, int header, tw_error *err)
{
    if (c->ascii)
        return TW_OK;
    for (int f = 0; f < c->nfields; f++) {
        long at = utf8_invalid_at(c->field[f]);
        if (at < 0)
            continue;
        unsigned char b = (unsigned char)c->field[f][at];
        const char *field = header ? "header" : (f < c->nheader ? c->header[f] : NULL);
        return tw_fail(err, TW_ERR_INPUT, c->path, c->row_line, c->fcol[f] + (int)at, field,
                       "invalid UTF-8 (byte 0x%02X at byte %ld of the field): text must be "
                       "UTF-8 without overlong forms, surrogates or code points above U+10FFFF",
                       b, at + 1);
    }
    return TW_OK;
}

tw_status tw_csv_header(tw_csv *c, const tw_csv_column *cols, int ncols, int *index,
                        tw_error *err)
{
    int eof = 0;
    tw_status st = read_record(c, &eof, err);
    if (st)
        return st;
    if (eof)
        return tw_fail(err, TW_ERR_INPUT, c->path, 1, 0, NULL,
                       "empty file: expected a header row");
    if ((st = check_utf8(c, 1, err)))
        return st;
    c->nheader = c->nfields;
    c->header = malloc((size_t)c->nheader * sizeof *c->header);
    if (!c->header)
        return tw_fail(err, TW_ERR_NOMEM, c->path, 0, 0, NULL, "out of memory");
    for (int h = 0; h < c->nheader; h++)
        c->header[h] = c->field[h];
    for (int k = 0; k < ncols; k++)
        index[k] = -1;
    for (int h = 0; h < c->nheader; h++) {
        const char *name = c->header[h];
        int found = -1;
        for (int k = 0; k < ncols; k++)
            if (strcmp(cols[k].name, name) == 0)
                found = k;
        if (found < 0) {
            char expect[512] = "";
            size_t used = 0;
            for (int k = 0; k < ncols && used < sizeof expect; k++)
                used += (size_t)snprintf(expect + used, sizeof expect - used, "%s%s",
                                         k ? ", " : "", cols[k].name);
            return tw_fail(err, TW_ERR_INPUT, c->path, c->row_line, c->fcol[h], "header",
                           "unknown column '%s': expected %s", name, expect);
        }
        if (index[found] >= 0)
            return tw_fail(err, TW_ERR_INPUT, c->path, c->row_line, c->fcol[h], "header",
                           "column '%s' appears twice", name);
        index[found] = h;
    }
    for (int k = 0; k < ncols; k++)
        if (cols[k].required && index[k] < 0)
            return tw_fail(err, TW_ERR_INPUT, c->path, c->row_line, 0, "header",
                           "missing required column '%s'", cols[k].name);
    return TW_OK;
}

tw_status tw_csv_next(tw_csv *c, int *has_row, tw_error *err)
{
    int eof = 0;
    *has_row = 0;
    tw_status st = read_record(c, &eof, err);
    if (st || eof)
        return st;
    if (c->nfields != c->nheader)
        return tw_fail(err, TW_ERR_INPUT, c->path, c->row_line, 0, NULL,
                       "row has %d field%s: expected %d, as in the header", c->nfields,
                       c->nfields == 1 ? "" : "s", c->nheader);
    if ((st = check_utf8(c, 0, err)))
        return st;
    *has_row = 1;
    return TW_OK;
}

tw_status tw_csv_open_optional(const tw_csv_texts *t, const char *dir, const char *file,
                               const tw_csv_column *cols, int ncols, int *ix, tw_csv **csv,
                               tw_error *err)
{
    char path[1024];
    tw_csv_join(t, path, sizeof path, dir, file);
    *csv = NULL;
    if (!tw_csv_exists(t, path))
        return TW_OK;
    tw_status st = tw_csv_open_in(t, path, csv, err);
    if (!st && (st = tw_csv_header(*csv, cols, ncols, ix, err))) {
        tw_csv_close(*csv);
        *csv = NULL;
    }
    return st;
}

const char *tw_csv_get(const tw_csv *c, int col)
{
    if (col < 0 || col >= c->nfields)
        return "";
    return c->field[col];
}

int tw_csv_line(const tw_csv *c) { return c->row_line; }

int tw_csv_col(const tw_csv *c, int col)
{
    if (col < 0 || col >= c->nfields)
        return 0;
    return c->fcol[col];
}

const char *tw_csv_path(const tw_csv *c) { return c->path; }

const char *tw_csv_header_name(const tw_csv *c, int col)
{
    if (col < 0 || col >= c->nheader)
        return "";
    return c->header[col];
}

tw_status tw_csv_fail(const tw_csv *c, int col, tw_error *err, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return tw_fail(err, TW_ERR_INPUT, c->path, c->row_line, tw_csv_col(c, col),
                   tw_csv_header_name(c, col), "%s", msg);
}

tw_status tw_csv_number(const tw_csv *c, int col, double *out, tw_error *err)
{
    const char *s = tw_csv_get(c, col);
    if (!*s)
        return tw_csv_fail(c, col, err, "expected a number, found an empty field");
    double v;
    if (tw_decimal_parse(s, &v)) { /* exactly strtod's value, for plain decimals */
        *out = v;
        return TW_OK;
    }
    char *end = NULL;
    errno = 0;
    v = strtod(s, &end);
    /* strtod accepts "nan", "inf" and hex floats; data files must hold plain finite decimals. */
    int plain = 1;
    for (const char *q = s; *q; q++) {
        char ch = *q;
        if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' ||
              ch == 'E'))
            plain = 0;
    }
    if (end == s || *end != '\0' || !plain)
        return tw_csv_fail(c, col, err, "expected a number, found '%.60s'", s);
    if (!isfinite(v))
        return tw_csv_fail(c, col, err, "expected a finite number, found '%.60s'", s);
    *out = v;
    return TW_OK;
}
