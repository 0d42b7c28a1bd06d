/* SPDX-License-Identifier: MIT */
/* A small JSON reader for the web server's request bodies (src/serve/json_in.h). */
#include "serve/json_in.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
    const char *s;
    size_t len, at;
    char *msg;
    size_t size;
    int nomem;
} reader;

static int fail(reader *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int fail(reader *r, const char *fmt, ...)
{
    if (r->msg && r->size) {
        int k = snprintf(r->msg, r->size, "at byte %zu: ", r->at + 1);
        if (k >= 0 && (size_t)k < r->size) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(r->msg + k, r->size - (size_t)k, fmt, ap);
            va_end(ap);
        }
    }
    return -1;
}

static int nomem(reader *r)
{
    r->nomem = 1;
    if (r->msg && r->size)
        snprintf(r->msg, r->size, "out of memory");
    return -1;
}

static void skip_ws(reader *r)
{
    while (r->at < r->len && (r->s[r->at] == ' ' || r->s[r->at] == '\t' ||
                              r->s[r->at] == '\n' || r->s[r->at] == '\r'))
        r->at++;
}

static int hex4(reader *r, unsigned *out)
{
    unsigned v = 0;
    if (r->len - r->at < 4)
        return fail(r, "truncated \\u escape");
    for (int k = 0; k < 4; k++) {
        char c = r->s[r->at + (size_t)k];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d == 16)
            return fail(r, "bad hex digit in \\u escape");
        v = v * 16 + d;
    }
    r->at += 4;
    *out = v;
    return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* One escape after the backslash into o; advances. @return bytes written, or -1. */
static int escape(reader *r, char *o)
{
    if (r->at >= r->len)
        return fail(r, "unterminated string");
    char c = r->s[r->at++];
    const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
    const char *hit = strchr(from, c);
    if (c && hit) {
        o[0] = to[hit - from];
        return 1;
    }
    if (c != 'u')
        return fail(r, "bad escape '\\%c'", c);
    unsigned cp, lo;
    if (hex4(r, &cp))
        return -1;
    if (cp >= 0xD800 && cp < 0xDC00) {
        if (r->len - r->at < 2 || r->s[r->at] != '\\' || r->s[r->at + 1] != 'u')
            return fail(r, "unpaired surrogate");
        r->at += 2;
        if (hex4(r, &lo))
            return -1;
        if (lo < 0xDC00 || lo > 0xDFFF)
            return fail(r, "unpaired surrogate");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return fail(r, "unpaired surrogate");
    }
    if (cp == 0)
        return fail(r, "a NUL character in a string");
    return (int)put_utf8(o, cp);
}

/* A string starting at the opening quote into *out (malloc'd). Escapes never expand (a
 * 6-byte \u escape writes at most 3 bytes, a 12-byte pair 4), so the raw length suffices. */
static int string(reader *r, char **out)
{
    r->at++; /* the quote */
    size_t start = r->at;
    char *o = malloc(r->len - start + 1);
    if (!o)
        return nomem(r);
    size_t n = 0;
    for (;;) {
        if (r->at >= r->len) {
            free(o);
            return fail(r, "unterminated string");
        }
        unsigned char c = (unsigned char)r->s[r->at];
        if (c == '"') {
            r->at++;
            break;
        }
        if (c < 0x20) {
            free(o);
            return fail(r, "a control character in a string");
        }
        r->at++;
        if (c == '\\') {
            int k = escape(r, o + n);
            if (k < 0) {
                free(o);
                return -1;
            }
            n += (size_t)k;
        } else {
            o[n++] = (char)c;
        }
    }
    o[n] = '\0';
    *out = o;
    return 0;
}

static int number(reader *r, double *out)
{
    size_t a = r->at;
    const char *s = r->s;
    if (a < r->len && s[a] == '-')
        a++;
    if (a >= r->len || !(s[a] >= '0' && s[a] <= '9'))
        return fail(r, "expected a value");
    if (s[a] == '0')
        a++;
    else
        while (a < r->len && s[a] >= '0' && s[a] <= '9')
            a++;
    if (a < r->len && s[a] == '.') {
        a++;
        if (a >= r->len || !(s[a] >= '0' && s[a] <= '9'))
            return fail(r, "expected a digit after '.'");
        while (a < r->len && s[a] >= '0' && s[a] <= '9')
            a++;
    }
    if (a < r->len && (s[a] == 'e' || s[a] == 'E')) {
        a++;
        if (a < r->len && (s[a] == '+' || s[a] == '-'))
            a++;
        if (a >= r->len || !(s[a] >= '0' && s[a] <= '9'))
            return fail(r, "expected a digit in the exponent");
        while (a < r->len && s[a] >= '0' && s[a] <= '9')
            a++;
    }
    char buf[64];
    if (a - r->at >= sizeof buf)
        return fail(r, "number too long");
    memcpy(buf, s + r->at, a - r->at);
    buf[a - r->at] = '\0';
    *out = strtod(buf, NULL);
    if (!isfinite(*out))
        return fail(r, "number out of range");
    r->at = a;
    return 0;
}

static int value(reader *r, tw_jv *v, int depth);

/* An array or an object after its opening bracket. */
static int container(reader *r, tw_jv *v, int depth, int object)
{
    char close = object ? '}' : ']';
    size_t cap = 0;
    r->at++;
    skip_ws(r);
    if (r->at < r->len && r->s[r->at] == close) {
        r->at++;
        return 0;
    }
    for (;;) {
        if (v->len == cap) {
            size_t nc = cap ? cap * 2 : 4;
            tw_jv *ni = realloc(v->items, nc * sizeof *ni);
            if (!ni)
                return nomem(r);
            v->items = ni;
            if (object) {
                char **nk = realloc(v->keys, nc * sizeof *nk);
                if (!nk)
                    return nomem(r);
                v->keys = nk;
            }
            cap = nc;
        }
        char *key = NULL;
        skip_ws(r);
        if (object) {
            if (r->at >= r->len || r->s[r->at] != '"')
                return fail(r, "expected a key in quotes");
            if (string(r, &key))
                return -1;
            for (size_t k = 0; k < v->len; k++)
                if (strcmp(v->keys[k], key) == 0) {
                    free(key);
                    return fail(r, "key '%.40s' repeated", v->keys[k]);
                }
            skip_ws(r);
            if (r->at >= r->len || r->s[r->at] != ':') {
                free(key);
                return fail(r, "expected ':'");
            }
            r->at++;
            v->keys[v->len] = key;
        }
        memset(&v->items[v->len], 0, sizeof *v->items);
        v->len++; /* counted now, so that a failure below frees what was read */
        if (value(r, &v->items[v->len - 1], depth + 1))
            return -1;
        skip_ws(r);
        if (r->at < r->len && r->s[r->at] == ',') {
            r->at++;
            continue;
        }
        if (r->at < r->len && r->s[r->at] == close) {
            r->at++;
            return 0;
        }
        return fail(r, "expected ',' or '%c'", close);
    }
}

static int literal(reader *r, const char *word)
{
    size_t n = strlen(word);
    if (r->len - r->at < n || memcmp(r->s + r->at, word, n) != 0)
        return fail(r, "expected a value");
    r->at += n;
    return 0;
}

static int value(reader *r, tw_jv *v, int depth)
{
    memset(v, 0, sizeof *v);
    if (depth > TW_JV_MAX_DEPTH)
        return fail(r, "nested deeper than %d", TW_JV_MAX_DEPTH);
    skip_ws(r);
    if (r->at >= r->len)
        return fail(r, "expected a value");
    char c = r->s[r->at];
    switch (c) {
    case '{':
        v->type = TW_JV_OBJECT;
        return container(r, v, depth, 1);
    case '[':
        v->type = TW_JV_ARRAY;
        return container(r, v, depth, 0);
    case '"':
        v->type = TW_JV_STRING;
        if (string(r, &v->string))
            return -1;
        v->len = strlen(v->string);
        return 0;
    case 't':
        v->type = TW_JV_BOOL;
        v->boolean = 1;
        return literal(r, "true");
    case 'f':
        v->type = TW_JV_BOOL;
        return literal(r, "false");
    case 'n':
        return literal(r, "null");
    default:
        v->type = TW_JV_NUMBER;
        return number(r, &v->number);
    }
}

int tw_jv_parse(const char *text, size_t len, tw_jv *out, char *msg, size_t size)
{
    reader r = {text, len, 0, msg, size, 0};
    if (msg && size)
        msg[0] = '\0';
    int rc = value(&r, out, 0);
    if (!rc) {
        skip_ws(&r);
        if (r.at < r.len)
            rc = fail(&r, "unexpected text after the value");
    }
    if (rc) {
        tw_jv_release(out);
        return r.nomem ? -2 : -1;
    }
    return 0;
}

void tw_jv_release(tw_jv *v)
{
    if (!v)
        return;
    for (size_t k = 0; k < v->len && v->items; k++) {
        tw_jv_release(&v->items[k]);
        if (v->keys)
            free(v->keys[k]);
    }
    free(v->items);
    free(v->keys);
    free(v->string);
    memset(v, 0, sizeof *v);
}

const tw_jv *tw_jv_get(const tw_jv *v, const char *key)
{
    if (!v || v->type != TW_JV_OBJECT)
        return NULL;
    for (size_t k = 0; k < v->len; k++)
        if (strcmp(v->keys[k], key) == 0)
            return &v->items[k];
    return NULL;
}
