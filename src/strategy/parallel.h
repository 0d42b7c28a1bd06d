/* SPDX-License-Identifier: MIT */
/* Per-player work of a game on several threads (strategy/parallel.c). */
#ifndef TW_STRATEGY_PARALLEL_H
#define TW_STRATEGY_PARALLEL_H

#include "strategy/game_internal.h"

/* One player's task: runs on `worker`, a game on g's model with the same options (g itself, or
 * one of its workers: its own solver and scratch), and writes its results only into p's slots
 * of ctx. It must not call the progress callback. */
typedef tw_status (*tw_player_task)(tw_game *worker, int p, void *ctx, tw_error *err);

/* Runs task for p = 0 .. np - 1 on up to g->opt.threads threads (0: the online cores). Each
 * task's result depends only on its inputs, never on which worker ran it, so the results are
 * the same bits for any thread count. @return TW_OK, or the status and error of the lowest p
 * whose task failed (the same for any thread count); TW_ERR_NOMEM if the workers cannot be
 * made. */
tw_status tw_game_for_players(tw_game *g, int np, tw_player_task task, void *ctx,
                              tw_error *err);

/* The thread count a game uses: its threads option, or the online cores if 0 (at least 1). */
int tw_game_threads(const tw_game *g);

/* Frees g's workers (tw_game_free). */
void tw_game_workers_free(tw_game *g);

#endif
