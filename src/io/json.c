/* SPDX-License-Identifier: MIT */
/* Streaming JSON writer into a sink (file or buffer), keeping the first error. */
#include "io/json.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/dtoa.h"

void tw_buffer_init(tw_buffer *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void tw_buffer_release(tw_buffer *b)
{
    if (!b)
        return;
    free(b->data);
    tw_buffer_init(b);
}

tw_status tw_buffer_append(tw_buffer *b, const char *data, size_t len)
{
    if (len > (size_t)-1 / 2 - b->len - 1)
        return TW_ERR_NOMEM;
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + len + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p)
            return TW_ERR_NOMEM;
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return TW_OK;
}

tw_status tw_sink_write(tw_sink out, const char *data, size_t len)
{
    if (out.buffer)
        return tw_buffer_append(out.buffer, data, len);
    if (!out.file)
        return TW_ERR_USAGE;
    if (len && fwrite(data, 1, len, out.file) != len)
        return TW_ERR_IO;
    return TW_OK;
}

void tw_json_init_sink(tw_json *j, tw_sink out)
{
    j->out = out;
    j->status = TW_OK;
    j->depth = 0;
    j->first[0] = 1;
    j->after_key = 0;
    j->sys_errno = 0;
    j->pending = 0;
}

void tw_json_init(tw_json *j, FILE *out) { tw_json_init_sink(j, tw_sink_file(out)); }

/* Hands len bytes at s to the sink, keeping the first error. */
static void sink_put(tw_json *j, const char *s, size_t len)
{
    if (j->status != TW_OK || !len)
        return;
    errno = 0;
    j->status = tw_sink_write(j->out, s, len);
    if (j->status == TW_ERR_IO)
        j->sys_errno = errno;
}

static void flush_pending(tw_json *j)
{
    sink_put(j, j->buf, j->pending);
    j->pending = 0;
}

static void put(tw_json *j, const char *s, size_t len)
{
    if (j->status != TW_OK)
        return;
    if (len > sizeof j->buf - j->pending) {
        flush_pending(j);
        if (len >= sizeof j->buf) {
            sink_put(j, s, len);
            return;
        }
    }
    memcpy(j->buf + j->pending, s, len);
    j->pending += len;
}

static void puts_(tw_json *j, const char *s) { put(j, s, strlen(s)); }

static void separator(tw_json *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (!j->first[j->depth]) {
        if (j->status == TW_OK && j->pending < sizeof j->buf)
            j->buf[j->pending++] = ',';
        else
            put(j, ",", 1);
    }
    j->first[j->depth] = 0;
}

static void open_container(tw_json *j, const char *c)
{
    separator(j);
    put(j, c, 1);
    if (j->depth + 1 >= TW_JSON_MAX_DEPTH) {
        if (j->status == TW_OK)
            j->status = TW_ERR_USAGE;
        return;
    }
    j->depth++;
    j->first[j->depth] = 1;
}

static void close_container(tw_json *j, const char *c)
{
    if (j->depth > 0)
        j->depth--;
    else if (j->status == TW_OK)
        j->status = TW_ERR_USAGE;
    put(j, c, 1);
}

void tw_json_object_begin(tw_json *j) { open_container(j, "{"); }
void tw_json_object_end(tw_json *j) { close_container(j, "}"); }
void tw_json_array_begin(tw_json *j) { open_container(j, "["); }
void tw_json_array_end(tw_json *j) { close_container(j, "]"); }

/* Length of the valid UTF-8 sequence at p (1-4), or 0 if the bytes there are not one: no
 * overlong forms, no surrogates, nothing above U+10FFFF (RFC 3629). */
static int utf8_length(const unsigned char *p)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4
                                                                                          : 0;
    }
    return 0;
}

static int plain_char(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

/* Writes s as a JSON string, then tail if it is not NUL (the ':' after a key). */
static void write_string(tw_json *j, const char *s, char tail)
{
    const unsigned char *p = (const unsigned char *)s, *run = p;
    while (plain_char(*p))
        p++;
    size_t n = (size_t)(p - run);
    if (!*p && j->status == TW_OK && n + 3 <= sizeof j->buf - j->pending) {
        /* All plain (nearly every key and code): quotes, bytes and tail straight into the
         * buffer. */
        char *o = j->buf + j->pending;
        o[0] = '"';
        memcpy(o + 1, s, n);
        o[n + 1] = '"';
        o[n + 2] = tail;
        j->pending += n + 2 + (tail != '\0');
        return;
    }
    put(j, "\"", 1);
    while (*p) {
        if (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') { /* printable ASCII */
            p++;
            continue;
        }
        const char *esc = NULL;
        char buf[8];
        int len = 1;
        switch (*p) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default:
            if (*p < 0x20) {
                snprintf(buf, sizeof buf, "\\u%04x", *p);
                esc = buf;
            } else if ((len = utf8_length(p)) == 0) {
                esc = "\\ufffd"; /* not UTF-8: the replacement character, one per byte */
                len = 1;
            }
        }
        if (esc) {
            put(j, (const char *)run, (size_t)(p - run));
            puts_(j, esc);
            p += len;
            run = p;
        } else {
            p += len;
        }
    }
    put(j, (const char *)run, (size_t)(p - run));
    put(j, "\"", 1);
    if (tail)
        put(j, &tail, 1);
}

void tw_json_key(tw_json *j, const char *key)
{
    separator(j);
    write_string(j, key, ':');
    j->after_key = 1;
}

void tw_json_string(tw_json *j, const char *s)
{
    separator(j);
    write_string(j, s ? s : "", '\0');
}

void tw_json_number(tw_json *j, double v)
{
    separator(j);
    if (isfinite(v) && j->status == TW_OK && sizeof j->buf - j->pending >= TW_DTOA_SIZE) {
        /* Room for any number: its digits straight into the buffer. */
        j->pending += (size_t)tw_format_double(v, j->buf + j->pending);
    } else if (isfinite(v)) {
        char buf[TW_DTOA_SIZE];
        int n = tw_format_double(v, buf);
        put(j, buf, (size_t)n);
    } else {
        puts_(j, "null");
    }
}

void tw_json_int(tw_json *j, long v)
{
    separator(j);
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%ld", v);
    put(j, buf, (size_t)n);
}

void tw_json_bool(tw_json *j, int v)
{
    separator(j);
    puts_(j, v ? "true" : "false");
}

void tw_json_null(tw_json *j)
{
    separator(j);
    puts_(j, "null");
}

void tw_json_kv_string(tw_json *j, const char *key, const char *s)
{
    tw_json_key(j, key);
    tw_json_string(j, s);
}
void tw_json_kv_number(tw_json *j, const char *key, double v)
{
    tw_json_key(j, key);
    tw_json_number(j, v);
}
void tw_json_kv_int(tw_json *j, const char *key, long v)
{
    tw_json_key(j, key);
    tw_json_int(j, v);
}
void tw_json_kv_bool(tw_json *j, const char *key, int v)
{
    tw_json_key(j, key);
    tw_json_bool(j, v);
}

tw_status tw_json_finish(tw_json *j, tw_error *err)
{
    put(j, "\n", 1);
    flush_pending(j);
    if (j->status == TW_OK && j->depth != 0)
        j->status = TW_ERR_USAGE;
    errno = 0;
    if (j->out.file && fflush(j->out.file) != 0 && j->status == TW_OK) {
        j->status = TW_ERR_IO;
        j->sys_errno = errno;
    }
    if (j->out.file && ferror(j->out.file) && j->status == TW_OK)
        j->status = TW_ERR_IO;
    switch (j->status) {
    case TW_OK: break;
    case TW_ERR_IO:
        tw_fail(err, TW_ERR_IO, NULL, 0, 0, NULL, "writing the JSON output failed%s%s",
                j->sys_errno ? ": " : "", j->sys_errno ? strerror(j->sys_errno) : "");
        break;
    case TW_ERR_NOMEM: tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory"); break;
    default:
        tw_fail(err, j->status, NULL, 0, 0, NULL, "unbalanced or too deeply nested JSON");
    }
    return j->status;
}
