/* SPDX-License-Identifier: MIT */
/* Internal: a world's profit shares and political-economy weights (src/data/profits.c, docs/model.md §2d, docs/data-format.md):
 * the optional profits.csv and political_weights.csv of a world folder. */
#ifndef TW_DATA_PROFITS_H
#define TW_DATA_PROFITS_H

#include "data/world_internal.h"

/* Reads profits.csv (sector,share) from dir if present: share pi^j in [0, 1) of sector j's
 * revenue paid as profits (Krugman monopolistic competition with a fixed set of firms: 1/sigma).
 * Sets w->profit_share [j] (NULL without the file; sectors not listed get 0). Needs the codes. */
tw_status tw_world_read_profits(tw_world *w, const char *dir, tw_error *err);

/* Reads political_weights.csv (country,sector,weight) from dir if present: the weight
 * lambda_n^j >= 0 of sector j in the payoff of n's government (Ossa 2014; docs/strategy.md).
 * Sets w->political [n][j] (NULL without the file; pairs not listed get 1). Called by
 * tw_world_read_profits. */
tw_status tw_world_read_political(tw_world *w, const char *dir, tw_error *err);

#endif
