/* SPDX-License-Identifier: MIT */
/* Where a policy's entries came from: an optional table, per policy, of the source positions
 * (file, line, column, field) of the shock-file rows and scenario events that set each
 * instrument entry. The appliers (src/policy/shock.c, src/policy/timeline.c) fill it; checks
 * made later, at solve time (tw_policy_validate), use it to name the row that set the
 * offending entry. A policy changed only through the array accessors has no table, and its
 * errors name no file. */
#ifndef TW_MODEL_PROVENANCE_H
#define TW_MODEL_PROVENANCE_H

#include <stddef.h>

#include "model/model_internal.h"

/* The instruments whose entries are traced. */
typedef enum tw_prov_kind {
    TW_PROV_TARIFF = 0,
    TW_PROV_EXPORT_TAX = 1,
    TW_PROV_ICEBERG = 2, /* embargoes and bans included */
    TW_PROV_QUOTA = 3,
    TW_PROV_KINDS = 4
} tw_prov_kind;

/* One source position. */
typedef struct tw_prov_source {
    char *file; /* owned */
    int line, column;
    char *field; /* owned; "" when none */
} tw_prov_source;

struct tw_provenance {
    int n, cap;
    tw_prov_source *src; /* in the order they were applied: a later index is a later row */
    int *entry[TW_PROV_KINDS]; /* [j][n][i] 1 + index into src of the last source that set
                                * the entry, 0 for none (calloc: untouched pages cost no
                                * memory); NULL until a source sets that kind */
};

/* Adds a source to p's table (creating the table) and returns its index, or -1 if memory
 * runs out (p then keeps what it had). file and field are copied; field may be NULL. */
int tw_provenance_source(tw_policy *p, const char *file, int line, int column,
                         const char *field);

/* Records that source src (from tw_provenance_source) set entry `at` of instrument kind.
 * @return 0, or -1 if memory runs out. */
int tw_provenance_mark(tw_policy *p, tw_prov_kind kind, size_t at, int src);

/* The source that last set entry `at` of kind, or NULL (no table, or not set by a source). */
const tw_prov_source *tw_provenance_of(const tw_policy *p, tw_prov_kind kind, size_t at);

/* Index of that source (to compare which came later), or -1. */
int tw_provenance_index(const tw_policy *p, tw_prov_kind kind, size_t at);

/* Sets entry `at` of every kind in dst to what it is in src (dst's table must extend src's:
 * dst was copied from src and sources were appended since). */
void tw_provenance_restore(tw_policy *dst, const tw_policy *src, size_t at);

/* Replaces dst's table by a copy of src's (none if src has none). @return 0, or -1 if memory
 * runs out (dst is then left without a table). */
int tw_provenance_copy(tw_policy *dst, const tw_policy *src);

/* Frees p's table (NULL-safe). */
void tw_provenance_free(struct tw_provenance *t);

#endif
