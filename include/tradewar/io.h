/* SPDX-License-Identifier: MIT */
/* Output: where documents are written (a file or a growable memory buffer), and the JSON
 * documents of every result (docs/json.md). The command-line program prints exactly these, and
 * so will a web server or a language binding. Every writer returns TW_ERR_IO when a write or
 * the final flush fails, so that a full disk or a closed pipe is never reported as success. */
#ifndef TRADEWAR_IO_H
#define TRADEWAR_IO_H

#include <stdio.h>

#include "tradewar/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The "schema_version" every JSON document carries (docs/json.md: raised when a field is
 * removed or changes meaning; adding fields keeps the version). */
#define TW_JSON_SCHEMA_VERSION 1

/* A growable, NUL-terminated memory buffer. Zero-initialise it (or tw_buffer_init); writers
 * append; tw_buffer_release frees the memory (NULL-safe) and leaves an empty buffer. */
typedef struct tw_buffer {
    char *data; /* NUL-terminated text, or NULL while empty */
    size_t len; /* bytes written, without the terminating NUL */
    size_t cap; /* bytes allocated */
} tw_buffer;

void tw_buffer_init(tw_buffer *b);
void tw_buffer_release(tw_buffer *b);
/* Appends len bytes. @return TW_OK or TW_ERR_NOMEM (the buffer is unchanged). */
tw_status tw_buffer_append(tw_buffer *b, const char *data, size_t len);

/* Where a writer writes: a file (borrowed, not closed; flushed at the end of each document)
 * or a buffer (borrowed; appended to). Exactly one is set. */
typedef struct tw_sink {
    FILE *file;
    tw_buffer *buffer;
} tw_sink;

static inline tw_sink tw_sink_file(FILE *f)
{
    tw_sink s = {f, NULL};
    return s;
}
static inline tw_sink tw_sink_buffer(tw_buffer *b)
{
    tw_sink s = {NULL, b};
    return s;
}

/* Writes len bytes to out. @return TW_OK, TW_ERR_IO (file write failed), TW_ERR_NOMEM. */
tw_status tw_sink_write(tw_sink out, const char *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
