/* SPDX-License-Identifier: MIT */
/* `--draws` on the strategy commands (strategy_draws.c; docs/strategy.md "Bands"): the game
 * played again on every draw of the trade elasticities by the library (tradewar/game_bands.h),
 * and the bands as a table, JSON and CSV. */
#ifndef TW_CLI_STRATEGY_DRAWS_H
#define TW_CLI_STRATEGY_DRAWS_H

#include "cli/strategy_cli.h"

/* With --draws (c->draws.on): the game gb for every draw, *out the draws with their bands
 * (the point: chosen and res, the command's own result). Without --draws *out is NULL.
 * @return an exit code after printing any error, or TW_CLI_DRAWS_DONE (a shard or MPI rank
 * wrote its part: print nothing more). */
int tw_sc_draws_run(const tw_sc_common *c, const tw_sc_session *s, const tw_game_bands *gb,
                    const tw_policy *chosen, const tw_results *res, tw_draws **out);

/* The draws of c for K outputs (point: the command's own, on the world's theta), fn on a model
 * of each draw built with the command's closure and nest rules. *out NULL on error. @return an
 * exit code after printing any error, or TW_CLI_DRAWS_DONE. */
int tw_sc_draws_solve(const tw_sc_common *c, const tw_sc_session *s, int K, const double *point,
                      tw_draw_fn fn, void *ctx, tw_draws **out);

/* Before the command's JSON document: opens {"point": when there are draws. */
void tw_sc_draws_begin(const tw_sc_common *c, const tw_draws *d);

/* How a command shows its bands: the library's "uncertainty" document, the table and the
 * bands.csv rows (after the header line) of spec (the command's tw_*_bands). */
typedef struct tw_sc_band_output {
    tw_status (*json)(tw_sink out, const tw_world *w, const void *spec, const tw_draws *d,
                      tw_error *err);
    void (*table)(const tw_sc_common *c, const tw_sc_session *s, const void *spec,
                  const tw_draws *d);
    const char *csv_header;
    void (*csv)(FILE *f, const tw_sc_session *s, const void *spec, const tw_draws *d);
} tw_sc_band_output;

/* After the command's output: the band table, or the "uncertainty" object closing the JSON
 * document; bands.csv and draws.csv into --csv DIR. Nothing without draws. @return an exit
 * code. */
int tw_sc_draws_output(const tw_sc_common *c, const tw_sc_session *s, const tw_draws *d,
                       const tw_sc_band_output *o, const void *spec);

/* tw_sc_draws_output for optimal, war and talks. */
int tw_sc_draws_write(const tw_sc_common *c, const tw_sc_session *s, const tw_draws *d,
                      const tw_game_bands *gb);

#endif
