/* SPDX-License-Identifier: MIT */
/* `--draws` on the strategy commands (strategy_draws.c; docs/strategy.md "Bands"): the game
 * played again on every draw of the trade elasticities, each draw with a game of its own, and
 * the bands of what the command reports: each player's chosen average tariff and real income,
 * every country's real income and the world's. */
#ifndef TW_CLI_STRATEGY_DRAWS_H
#define TW_CLI_STRATEGY_DRAWS_H

#include "cli/strategy_cli.h"

/* Plays the command's game on g (of the drawn model m) from today's tariffs: fills chosen and eq
 * (solved). @return TW_OK, TW_ERR_NOT_CONVERGED (or TW_ERR_NUMERIC, TW_ERR_INPUT) when the
 * game found no answer on this draw (the draw is reported as failed), any other status to
 * stop. Called from worker threads: ctx is only read. */
typedef tw_status (*tw_sc_play_fn)(const void *ctx, const tw_model *m, tw_game *g,
                                   const tw_policy *today, tw_policy *chosen,
                                   tw_equilibrium *eq, tw_error *err);

typedef struct tw_sc_draw_game {
    tw_sc_play_fn play;
    const void *ctx;
    const int *players; /* the countries whose choices are reported */
    int np;
    const tw_instrument *ins; /* ins[p] of player p: its partners for the average tariff */
} tw_sc_draw_game;

/* With --draws (c->draws.on): the game gm for every draw, *out the draws with their bands
 * (the point: chosen and res, the command's own result). Without --draws *out is NULL.
 * @return an exit code after printing any error, or TW_CLI_DRAWS_DONE (a shard or MPI rank
 * wrote its part: print nothing more). */
int tw_sc_draws_run(const tw_sc_common *c, const tw_sc_session *s, const tw_sc_draw_game *gm,
                    const tw_policy *chosen, const tw_results *res, tw_draws **out);

/* The draws of c for K outputs (point: the command's own, on the world's theta), fn on a model
 * of each draw built with the command's closure and nest rules. *out NULL on error. @return an
 * exit code after printing any error, or TW_CLI_DRAWS_DONE. */
int tw_sc_draws_solve(const tw_sc_common *c, const tw_sc_session *s, int K, const double *point,
                      tw_draw_fn fn, void *ctx, tw_draws **out);

/* Before the command's JSON document: opens {"point": when there are draws. */
void tw_sc_draws_begin(const tw_sc_common *c, const tw_draws *d);

/* After the command's output: the band table, or the "uncertainty" object closing the JSON
 * document; bands.csv and draws.csv into --csv DIR. Nothing without draws. @return an exit
 * code. */
int tw_sc_draws_write(const tw_sc_common *c, const tw_sc_session *s, const tw_draws *d,
                      const tw_sc_draw_game *gm);

#endif
