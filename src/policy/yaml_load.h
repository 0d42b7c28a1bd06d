/* SPDX-License-Identifier: MIT */
/* Loading YAML text into a libyaml document with the position of every node. */
#ifndef TW_POLICY_YAML_LOAD_H
#define TW_POLICY_YAML_LOAD_H

#include <stddef.h>
#include <yaml.h>

#include "tradewar/core.h"

/* Parses data[0..len) into *doc. name is the file named in messages. @return TW_OK (*doc
 * initialised, possibly with no root node for an empty text; the caller deletes it with
 * yaml_document_delete); TW_ERR_INPUT (err has name:line:column and what is wrong; *doc is
 * not initialised); TW_ERR_NOMEM. */
tw_status tw_yaml_load(const char *name, const char *data, size_t len, yaml_document_t *doc,
                       tw_error *err);

#endif
