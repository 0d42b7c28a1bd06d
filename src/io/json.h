/* SPDX-License-Identifier: MIT */
/* A small streaming JSON writer: correct escaping, and non-finite numbers written as null. */
#ifndef TW_IO_JSON_H
#define TW_IO_JSON_H

#include <stdio.h>

typedef struct tw_json {
    FILE *out;
    int depth;
    int first[64]; /* 1 while the container at each depth has no element yet */
    int after_key;
} tw_json;

void tw_json_init(tw_json *j, FILE *out);
void tw_json_object_begin(tw_json *j);
void tw_json_object_end(tw_json *j);
void tw_json_array_begin(tw_json *j);
void tw_json_array_end(tw_json *j);
void tw_json_key(tw_json *j, const char *key);
void tw_json_string(tw_json *j, const char *s);
void tw_json_number(tw_json *j, double v); /* %.17g round-trips; NaN/inf -> null */
void tw_json_int(tw_json *j, long v);
void tw_json_bool(tw_json *j, int v);
/* Convenience: key followed by a value. */
void tw_json_kv_string(tw_json *j, const char *key, const char *s);
void tw_json_kv_number(tw_json *j, const char *key, double v);
void tw_json_kv_int(tw_json *j, const char *key, long v);
void tw_json_kv_bool(tw_json *j, const char *key, int v);
/* Ends the document with a newline. */
void tw_json_finish(tw_json *j);

#endif
