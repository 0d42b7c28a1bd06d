/* SPDX-License-Identifier: MIT */
/* Instruments: the map from a government's choice variables to entries of the tariff array. */
#ifndef TW_STRATEGY_INSTRUMENT_H
#define TW_STRATEGY_INSTRUMENT_H

#include "tradewar/strategy.h"

/* Which tariff entries [j][n][i] each choice variable sets. */
typedef struct tw_instrument_map {
    size_t len;  /* entries covered */
    size_t nvar; /* choice variables */
    size_t *at;  /* [len] tariff index */
    int *var;    /* [len] choice variable of the entry */
    int *var_sector, *var_partner; /* [nvar] -1 when the variable spans all */
    double lower, upper;           /* bounds on each variable */
} tw_instrument_map;

/* Builds the map of ins in model m (allocates; free with tw_instrument_map_free).
 * @return TW_ERR_INPUT (with a message) for an invalid instrument, TW_ERR_NOMEM. */
tw_status tw_instrument_map_build(const tw_model *m, const tw_instrument *ins,
                                  tw_instrument_map *map, tw_error *err);
void tw_instrument_map_free(tw_instrument_map *map);

/* tariff[at] = x[var] (levels) or start[at] + x[var] (only increases), for covered entries. */
void tw_instrument_apply(const tw_instrument_map *map, const tw_instrument *ins, const double *x,
                         const double *start, double *tariff);
/* gx[var] = sum of grad[at] over the entries of var (chain rule of tw_instrument_apply). */
void tw_instrument_pull(const tw_instrument_map *map, const double *grad, double *gx);
/* The choice variables that reproduce `tariff` as closely as possible: for levels the mean of
 * the covered entries, for increases the mean of tariff - start; clipped to the bounds.
 * @return the first variable whose mean was outside the bounds (its mean in *unclipped if
 * unclipped is not NULL), or -1 if none was clipped. */
long tw_instrument_read(const tw_instrument_map *map, const tw_instrument *ins,
                        const double *tariff, const double *start, double *x,
                        double *unclipped);

#endif
