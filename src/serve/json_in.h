/* SPDX-License-Identifier: MIT */
/* A small JSON reader for the web server's request bodies (RFC 8259): a tree of values with
 * a depth limit, so that no body can exhaust the stack. Errors name the byte offset. */
#ifndef TW_SERVE_JSON_IN_H
#define TW_SERVE_JSON_IN_H

#include <stddef.h>

typedef enum tw_jv_type {
    TW_JV_NULL,
    TW_JV_BOOL,
    TW_JV_NUMBER,
    TW_JV_STRING,
    TW_JV_ARRAY,
    TW_JV_OBJECT
} tw_jv_type;

typedef struct tw_jv tw_jv;
struct tw_jv {
    tw_jv_type type;
    int boolean;
    double number;
    char *string;    /* TW_JV_STRING: UTF-8, NUL-terminated (an embedded NUL is refused) */
    size_t len;      /* array or object: number of items */
    tw_jv *items;    /* [len] values */
    char **keys;     /* object: [len] keys (a repeated key is refused) */
};

/* The deepest nesting accepted. */
#define TW_JV_MAX_DEPTH 16

/* Parses text[0, len) (one value, surrounding white space allowed) into *out (the caller
 * frees it with tw_jv_release). @return 0, or -1 with a sentence in msg[size] ("at byte 12:
 * expected ':'"); -2 when out of memory. */
int tw_jv_parse(const char *text, size_t len, tw_jv *out, char *msg, size_t size);

/* Frees what v holds (not v itself); NULL-safe. */
void tw_jv_release(tw_jv *v);

/* The member `key` of object v, or NULL (also when v is not an object). */
const tw_jv *tw_jv_get(const tw_jv *v, const char *key);

#endif
