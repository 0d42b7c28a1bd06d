/* SPDX-License-Identifier: MIT */
/* A small streaming JSON writer into a file or a growable buffer (tradewar/io.h): correct
 * escaping, strings always valid UTF-8, non-finite numbers written as null, and the first write
 * error kept so that a document is checked once, at its end. */
#ifndef TW_IO_JSON_H
#define TW_IO_JSON_H

#include <stdio.h>

#include "tradewar/io.h"

#define TW_JSON_MAX_DEPTH 64
#define TW_JSON_BUFFER 4096

typedef struct tw_json {
    tw_sink out;
    tw_status status; /* TW_OK until a write fails; then nothing more is written */
    int depth;
    int first[TW_JSON_MAX_DEPTH]; /* 1 while the container at each depth has no element yet */
    int after_key;
    int sys_errno; /* errno of the first failed file write, 0 if none */
    /* Output not yet handed to the sink: one sink write per TW_JSON_BUFFER bytes instead of one
     * per token (tw_json_finish writes the rest). */
    size_t pending;
    char buf[TW_JSON_BUFFER];
} tw_json;

void tw_json_init(tw_json *j, FILE *out);
void tw_json_init_sink(tw_json *j, tw_sink out);
void tw_json_object_begin(tw_json *j);
void tw_json_object_end(tw_json *j);
void tw_json_array_begin(tw_json *j);
void tw_json_array_end(tw_json *j);
void tw_json_key(tw_json *j, const char *key);
/* Strings: bytes that are not valid UTF-8 are written as U+FFFD; control characters escaped. */
void tw_json_string(tw_json *j, const char *s);
/* Numbers: the shortest decimal that reads back as the same double (io/dtoa.h); NaN/inf ->
 * null. */
void tw_json_number(tw_json *j, double v);
void tw_json_int(tw_json *j, long v);
void tw_json_bool(tw_json *j, int v);
void tw_json_null(tw_json *j);
/* Convenience: key followed by a value. */
void tw_json_kv_string(tw_json *j, const char *key, const char *s);
void tw_json_kv_number(tw_json *j, const char *key, double v);
void tw_json_kv_int(tw_json *j, const char *key, long v);
void tw_json_kv_bool(tw_json *j, const char *key, int v);
/* Ends the document with a newline and flushes a file sink. @return TW_OK; TW_ERR_IO if any
 * write or the flush failed (err says so); TW_ERR_NOMEM if a buffer could not grow;
 * TW_ERR_USAGE if the containers were not balanced or nested too deeply. */
tw_status tw_json_finish(tw_json *j, tw_error *err);

#endif
