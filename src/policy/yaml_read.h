/* SPDX-License-Identifier: MIT */
/* Reading values out of a loaded YAML document (src/policy/yaml_load.h): generic helpers for
 * mappings, scalars, numbers, rates, dates and lists of names, each failing with a message
 * that names file:line:column, the field, what was expected and what was found. The scenario
 * reader (scenario.c, scenario_events.c, scenario_games.c) is written with them. */
#ifndef TW_POLICY_YAML_READ_H
#define TW_POLICY_YAML_READ_H

#include <yaml.h>

#include "core/error.h"
#include "policy/scenario_internal.h"

/* The document being read and where its messages go. */
typedef struct tw_yaml_reader {
    const char *file; /* named in messages */
    yaml_document_t *doc;
    tw_error *err;
    tw_warnings **warn; /* where warnings go, the list created when the first comes; NULL:
                         * not collected */
} tw_yaml_reader;

/* Records a TW_ERR_INPUT at node's position (line 0 if node is NULL) and returns it. */
tw_status tw_yaml_fail(tw_yaml_reader *r, const yaml_node_t *node, const char *field,
                       const char *fmt, ...) TW_PRINTF(4, 5);
/* Records TW_ERR_NOMEM and returns it. */
tw_status tw_yaml_nomem(tw_error *err);

/* The text of a node for messages: the scalar in quotes (shortened to 40 characters), or its
 * kind ("a list", "a mapping"). */
void tw_yaml_found(const yaml_node_t *n, char *buf, size_t size);
/* The node of an id (an item or a pair's key or value). */
yaml_node_t *tw_yaml_node(tw_yaml_reader *r, int id);
/* A scalar's text, or NULL if n is NULL or not a scalar. */
const char *tw_yaml_scalar(const yaml_node_t *n);
/* 1-based line and column of a node, for records that keep positions. */
int tw_yaml_line(const yaml_node_t *n);
int tw_yaml_column(const yaml_node_t *n);

/* Checks that every key of mapping `map` is one of keys[0..nkeys) and appears once;
 * field names the mapping in messages ("" for the root). */
tw_status tw_yaml_check_keys(tw_yaml_reader *r, yaml_node_t *map, const char *field,
                             const char *const *keys, int nkeys);
/* The value of key in mapping map, or NULL. */
yaml_node_t *tw_yaml_get(tw_yaml_reader *r, yaml_node_t *map, const char *key);
/* The value under the plural key, or else under the singular one, or NULL. */
yaml_node_t *tw_yaml_get2(tw_yaml_reader *r, yaml_node_t *map, const char *plural,
                          const char *single);

/* A non-empty scalar ("expected WHAT"). */
tw_status tw_yaml_want_scalar(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                              const char *what);
/* A copy of a non-empty scalar in *out (freeing what *out held). */
tw_status tw_yaml_dup_string(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                             const char *what, char **out);
/* A finite number. */
tw_status tw_yaml_number(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                         const char *what, double *out);
/* A rate: a finite number as a fraction (0.25) or a percentage ("25%"). */
tw_status tw_yaml_rate(tw_yaml_reader *r, yaml_node_t *n, const char *field, const char *what,
                       double *out);
/* Warns (r->warn) when rate node n, read as v by tw_yaml_rate, is a bare number above 1 in
 * magnitude: 10 is 1000 points, and "10%" was probably meant. @return TW_OK or TW_ERR_NOMEM. */
tw_status tw_yaml_rate_warn_bare(tw_yaml_reader *r, yaml_node_t *n, const char *field, double v);
/* A whole number of days, 1 to 36500. */
tw_status tw_yaml_days(tw_yaml_reader *r, yaml_node_t *n, const char *field, int *out);
/* true/yes or false/no. */
tw_status tw_yaml_bool(tw_yaml_reader *r, yaml_node_t *n, const char *field, int *out);
/* A date YYYY-MM-DD between 1900 and 2200: its day number (src/core/calendar.h) and text. */
tw_status tw_yaml_date(tw_yaml_reader *r, yaml_node_t *n, const char *field, int *day,
                       char out[11]);

/* A selector: one name, or a non-empty list of names, each with its position. *out is
 * emptied first; on failure it may hold the names read so far (free with
 * tw_yaml_names_free). */
tw_status tw_yaml_names(tw_yaml_reader *r, yaml_node_t *n, const char *field, const char *what,
                        sc_names *out);
/* Frees the names and zeroes *v. */
void tw_yaml_names_free(sc_names *v);

#endif
