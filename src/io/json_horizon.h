/* SPDX-License-Identifier: MIT */
/* Internal: the horizon and the factor returns by sector in JSON documents (json_horizon.c,
 * docs/json.md "Horizons"). */
#ifndef TW_IO_JSON_HORIZON_H
#define TW_IO_JSON_HORIZON_H

#include "io/json.h"

/* Writes "horizon": {...} and, if the model has specific factors and eq is not NULL,
 * "factors": [...] for equilibrium eq against the baseline. @return TW_OK or TW_ERR_NOMEM. */
tw_status tw_json_horizon(tw_json *js, const tw_model *m, const tw_equilibrium *eq);

/* Writes "factors": [...] from factor returns spec [n][j] and mob [n] (tw_factor_returns),
 * one object per country of w. */
void tw_json_factors(tw_json *js, const tw_world *w, const double *spec, const double *mob);

#endif
