/* SPDX-License-Identifier: MIT */
/* Internal: the parts every "uncertainty" JSON object shares (json_draws.c): the draws'
 * settings and failed draws, and one band (docs/json.md "Bands"). */
#ifndef TW_IO_JSON_DRAWS_H
#define TW_IO_JSON_DRAWS_H

#include "io/json.h"
#include "tradewar/draws.h"

/* Opens the "uncertainty" object and writes its settings and failures (the bands are the
 * caller's); leaves the object open. */
void tw_json_draws_begin(tw_json *js, const tw_world *w, const tw_draws *d);

/* One band as the members point, p5, p50, p95 (in an open object). */
void tw_json_band(tw_json *js, const tw_band *b);

/* key: {point, p5, p50, p95} of output k of d. */
void tw_json_kv_band(tw_json *js, const char *key, const tw_draws *d, int k);

#endif
