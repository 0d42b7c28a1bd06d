/* SPDX-License-Identifier: MIT */
/* The web server's engine (docs/api.md): shared models, a pool of per-thread solvers on each,
 * a cache of answers keyed by the policy, and the handlers of the JSON API. No HTTP here:
 * src/serve/http.c carries requests in and answers out. */
#ifndef TW_SERVE_ENGINE_H
#define TW_SERVE_ENGINE_H

#include "serve/request.h"
#include "tradewar/tradewar.h"

typedef struct tw_serve tw_serve;

typedef struct tw_serve_options {
    const char *default_world; /* borrowed; NULL: TW_DEFAULT_WORLD */
    double timeout_seconds;    /* a request's computations stop (504) after this, > 0 */
    int max_models;            /* distinct (world, elasticities, horizon, deficits) loaded */
    int cache_entries;         /* answers kept, 0: no cache */
} tw_serve_options;

void tw_serve_options_init(tw_serve_options *o);

/* @return NULL when out of memory. */
tw_serve *tw_serve_create(const tw_serve_options *o);
void tw_serve_free(tw_serve *s);

/* Answers an API request (not TW_SERVE_STATIC): the JSON document into body (appended) and
 * the HTTP status as the return value (200, or 400/404/422/500/503/504 with an error document
 * {"error": {"status", "exit_code", "message"}}). Safe to call from many threads at once. */
int tw_serve_handle(tw_serve *s, const tw_serve_request *req, tw_buffer *body);

/* Writes the error document of status with message msg into body. @return status. */
int tw_serve_error(tw_buffer *body, int status, const char *kind, int exit_code, const char *msg);

/* How many answers came from the cache, and how many solves ran (for tests and benchmarks). */
void tw_serve_stats(tw_serve *s, long *cache_hits, long *solves);

#endif
