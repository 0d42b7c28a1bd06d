/* SPDX-License-Identifier: MIT */
/* `tradewar brief --draws` (brief_draws.c; docs/brief.md "Bands"): the brief of the scenario's
 * timeline for every draw of the trade elasticities, and the bands of the brief's numbers that
 * depend on them. */
#ifndef TW_CLI_BRIEF_DRAWS_H
#define TW_CLI_BRIEF_DRAWS_H

#include "cli/draws_cli.h"
#include "tradewar/brief.h"

/* Solves the draws of d: each draw binds scenario s to its world and runs tw_brief_run with
 * households hh (may be NULL; borrowed), on models with options mo; point is the brief on the
 * world's theta. @return an exit code after printing any error, or TW_CLI_DRAWS_DONE. */
int tw_cli_brief_draws(tw_draws *d, const tw_cli_draws *cd, const tw_brief *point,
                       const tw_scenario *s, const double *hh, const tw_model_options *mo);

/* The band table (table), the "uncertainty" object after the point document (json: the
 * caller opened {"point": and closes the document) and bands.csv and draws.csv (csv_dir).
 * @return an exit code. */
int tw_cli_brief_draws_write(const tw_draws *d, const tw_brief *point, int json,
                             const char *csv_dir);

#endif
