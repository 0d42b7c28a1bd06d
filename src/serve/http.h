/* SPDX-License-Identifier: MIT */
/* The web server's HTTP side on libmicrohttpd: the page's files and the JSON API
 * (docs/api.md). */
#ifndef TW_SERVE_HTTP_H
#define TW_SERVE_HTTP_H

#include "serve/engine.h"

typedef struct tw_http tw_http;

typedef struct tw_http_options {
    const char *host;     /* an address or host name; default 127.0.0.1 */
    int port;             /* 0: any free port (tw_http_port says which) */
    const char *page_dir; /* the built page's files (web/ in the build tree) */
    int threads;          /* requests served at once */
    int timeout_seconds;  /* an idle connection is closed after this */
} tw_http_options;

/* Starts serving engine (borrowed). @return 0, or -1 with a sentence in msg[size]. *loopback
 * is set to whether the address is a loopback one. */
int tw_http_start(tw_serve *engine, const tw_http_options *o, tw_http **out, int *loopback,
                  char *msg, size_t size);
/* The port it listens on. */
int tw_http_port(const tw_http *h);
/* Stops serving (waits for running requests) and frees h; NULL-safe. */
void tw_http_stop(tw_http *h);

#endif
