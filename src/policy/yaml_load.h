/* SPDX-License-Identifier: MIT */
/* Loading YAML text into a libyaml document with the position of every node, within bounds:
 * libyaml's scanner takes time quadratic in the depth of nested flow collections ("[[[...",
 * 100,000 levels in 200 KB: over 30 s), so the size and the depth are bounded before parsing,
 * by a pre-scan of the bytes, and while parsing, by counting open collections event by event.
 * The document is composed from libyaml's events here (not by yaml_parser_load), which is
 * where the depth is counted and where a second document is refused. */
#ifndef TW_POLICY_YAML_LOAD_H
#define TW_POLICY_YAML_LOAD_H

#include <stddef.h>
#include <yaml.h>

#include "tradewar/core.h"

/* Parses data[0..len) as one YAML document into *doc. name is the file named in messages.
 * Fails when len exceeds max_bytes, when lists and mappings are nested more than max_depth
 * deep, and when the text holds a second document.
 * @return TW_OK (*doc initialised, with no root node for a text without a document; the
 * caller deletes it with yaml_document_delete); TW_ERR_INPUT (err has name:line:column and
 * what is wrong; *doc is not initialised); TW_ERR_NOMEM. */
tw_status tw_yaml_load(const char *name, const char *data, size_t len, size_t max_bytes,
                       int max_depth, yaml_document_t *doc, tw_error *err);

#endif
