/* SPDX-License-Identifier: MIT */
/* `--draws` on escalate and enforce (escalate_draws.c, enforce_draws.c; docs/strategy.md
 * "Bands"): the command played again on every draw of the trade elasticities by the library
 * (tradewar/game_bands.h) through tw_sc_draws_solve (strategy_draws.h), with bands of what the
 * command reports. */
#ifndef TW_CLI_GAME_DRAWS_H
#define TW_CLI_GAME_DRAWS_H

#include "cli/strategy_draws.h"

/* With --draws: the escalation e on every draw; bands of every ordered pair's average tariff
 * and every player's real income at rounds 0..R (R = e->rounds, the rounds of the point path
 * `path`), at each draw's end state, and of the rounds played. *out NULL without --draws.
 * @return an exit code, or TW_CLI_DRAWS_DONE. */
int tw_sc_escalate_draws_run(const tw_sc_common *c, const tw_sc_session *s,
                             const tw_escalate_bands *e, const tw_escalation *path,
                             tw_draws **out);
/* The band table, or the "uncertainty" object closing the JSON document; CSV into --csv. */
int tw_sc_escalate_draws_write(const tw_sc_common *c, const tw_sc_session *s,
                               const tw_escalate_bands *e, const tw_draws *d);

/* With --draws: the war, the agreement and the deviations on every draw; bands of each player's
 * delta* (1 where no discount factor below 1 sustains the agreement) and of V agree, V deviate
 * and V punish. res: the point's results. @return as tw_sc_escalate_draws_run. */
int tw_sc_enforce_draws_run(const tw_sc_common *c, const tw_sc_session *s,
                            const tw_enforce_bands *e, const tw_enforce_result *res,
                            tw_draws **out);
int tw_sc_enforce_draws_write(const tw_sc_common *c, const tw_sc_session *s,
                              const tw_enforce_bands *e, const tw_draws *d);

#endif
