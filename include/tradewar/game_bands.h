/* SPDX-License-Identifier: MIT */
/* Uncertainty bands of the games (`tradewar optimal|war|talks|escalate|enforce --draws`),
 * shared by the program and the language bindings (docs/strategy.md "Bands", docs/json.md
 * "Bands"): the game played again on every draw of the trade elasticities, each draw with a
 * game (tradewar/strategy.h) of its own and one thread, from the baseline policy; how the
 * banded numbers are laid out in a draw's outputs, a tw_draw_fn (tradewar/draws.h) that
 * plays one draw, and the "uncertainty" documents.
 *
 * Typical use (a best response; the others are alike):
 *   tw_game_bands gb; tw_game_bands_init(&gb);
 *   gb.game = TW_GAME_BANDS_OPTIMAL; gb.players = &ins; gb.n_players = 1;
 *   int K = tw_game_bands_outputs(&gb, w);
 *   double *pt = malloc(K * sizeof *pt);  tw_game_bands_values(&gb, w, chosen, results, pt);
 *   tw_draws_run(draws, w, &mo, K, pt, tw_game_bands_eval, &gb, &err);
 *   tw_json_write_game_bands(tw_sink_file(stdout), w, &gb, draws, &err);
 * A draw whose game finds no answer (no verified war, talks or a deviation that did not
 * converge) fails with TW_ERR_NOT_CONVERGED and is listed among the failed draws. */
#ifndef TRADEWAR_GAME_BANDS_H
#define TRADEWAR_GAME_BANDS_H

#include "tradewar/draws.h"
#include "tradewar/io.h"
#include "tradewar/strategy.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- optimal, war and talks: each player's chosen average tariff (%, on its instrument's
 * partners, goods or with services all sectors, weighted by baseline imports: the strategy
 * commands' average) and real income (exact change in I/P against the baseline, %); every
 * country's real income; the world's. Outputs: 2p the chosen tariff of player p, 2p + 1 its
 * real income, 2 n_players + n country n's real income, 2 n_players + N the world's. --- */
typedef enum tw_game_bands_game {
    TW_GAME_BANDS_OPTIMAL, /* tw_game_best_response of players[0] (n_players 1) */
    TW_GAME_BANDS_WAR,     /* tw_game_nash_war among the players (a verified equilibrium) */
    TW_GAME_BANDS_TALKS    /* tw_game_talks among the players (converged) */
} tw_game_bands_game;

typedef struct tw_game_bands {
    tw_game_bands_game game;
    const tw_instrument *players; /* [n_players], borrowed: each player's country and tariffs */
    int n_players;
    int services;                 /* the reported average also over services sectors */
    const tw_objective *objective;/* OPTIMAL: the player's objective (NULL: as the game's) */
    const tw_war_options *war;    /* WAR: NULL for the defaults */
    const tw_talks_options *talks;/* TALKS: NULL for the defaults */
    int talks_threat_war;         /* TALKS: the threat point is the players' Nash war (1) or
                                   * the baseline policy (0) */
} tw_game_bands;

/* Zeroes b (no players, OPTIMAL, defaults). */
TW_API void tw_game_bands_init(tw_game_bands *b);
/* Number of outputs of b on world w. */
TW_API int tw_game_bands_outputs(const tw_game_bands *b, const tw_world *w);
/* The outputs of the game's answer: chosen (the players' policy) and r (its results). */
TW_API void tw_game_bands_values(const tw_game_bands *b, const tw_world *w,
                                 const tw_policy *chosen, const tw_results *r, double *out);
/* A tw_draw_fn: ctx is a const tw_game_bands. @return the statuses of the game's calls;
 * TW_ERR_NOT_CONVERGED when the game found no answer on the draw; TW_ERR_NOMEM. */
TW_API tw_status tw_game_bands_eval(void *ctx, const tw_model *m, tw_solver *s, double *out,
                                    tw_error *err);
/* The "uncertainty" object of `tradewar optimal|war|talks --draws --json` (docs/json.md
 * "Bands"): the draws' settings and failed draws, "players" (code, avg_tariff_pct,
 * real_income_pct), "countries" (code, real_income_pct) and "world_real_income_pct".
 * @return TW_OK, TW_ERR_IO. */
TW_API tw_status tw_json_write_game_bands(tw_sink out, const tw_world *w, const tw_game_bands *b,
                                          const tw_draws *d, tw_error *err);

/* --- escalate: of every state, rounds 0..R of the path (R: the point path's rounds; a
 * draw's path that ended earlier stays at its fixed point or cap, or goes round its cycle,
 * one that went on longer is cut at R), then the draw's end state (its last round): the
 * players' average tariffs on each other's goods (%, weighted by baseline imports: p on q
 * for p != q in row order, n_players (n_players - 1) of them) and then their real incomes
 * (%); the last output is the number of rounds played. --- */
typedef struct tw_escalate_bands {
    const tw_escalation_player *players; /* [n_players], borrowed */
    int n_players;
    int max_rounds;                      /* the round limit of every draw */
    int rounds;                          /* R, the point path's rounds */
    const char *const *round_dates;      /* [R + 1] labels of the rounds ("today", dates), for
                                          * the document; borrowed */
} tw_escalate_bands;

/* Number of outputs; the first output of state r (0..R, R + 1 the end state; a state has
 * n_players^2 outputs); the output of the rounds played. */
TW_API int tw_escalate_bands_outputs(const tw_escalate_bands *b);
TW_API int tw_escalate_bands_state(const tw_escalate_bands *b, int r);
TW_API int tw_escalate_bands_rounds_index(const tw_escalate_bands *b);
/* The outputs of path p (b->rounds is normally p->rounds). */
TW_API void tw_escalate_bands_values(const tw_escalate_bands *b, const tw_escalation *p,
                                     double *out);
/* A tw_draw_fn: ctx is a const tw_escalate_bands. @return the statuses of tw_game_escalate
 * (TW_ERR_NOT_CONVERGED: a solve of the path failed); TW_ERR_NOMEM. */
TW_API tw_status tw_escalate_bands_eval(void *ctx, const tw_model *m, tw_solver *s, double *out,
                                        tw_error *err);
/* The "uncertainty" object of `tradewar escalate --draws --json`: "rounds" (round, date,
 * tariffs: importer, exporter, avg_tariff_goods_import_weighted_pct; players: code,
 * real_income_pct), "end_state" (tariffs, players) and "rounds_played". */
TW_API tw_status tw_json_write_escalate_bands(tw_sink out, const tw_world *w,
                                              const tw_escalate_bands *b, const tw_draws *d,
                                              tw_error *err);

/* --- enforce: per player p, TW_ENFORCE_BANDS_FIELDS outputs from 4p: delta* (1 where no
 * discount factor below 1 sustains the agreement), V agree, V deviate and V punish (levels,
 * 1 = baseline real income). Each draw plays the punishment (the players' Nash war from the
 * baseline policy), the agreement and every player's best deviation. --- */
#define TW_ENFORCE_BANDS_FIELDS 4

typedef struct tw_enforce_bands {
    const tw_instrument *players; /* [n_players], borrowed */
    int n_players;
    int periods;                  /* how long the punishment lasts (0: for ever) */
    const char *agreement;        /* "today", "deal" (Nash bargaining from the war) or
                                   * "free-trade" (no tariffs among the players) */
} tw_enforce_bands;

/* The JSON name of field f (delta_star, payoff_agree, payoff_deviate, payoff_punish), or
 * NULL. */
TW_API const char *tw_enforce_bands_field(int f);
TW_API int tw_enforce_bands_outputs(const tw_enforce_bands *b);
/* The outputs of the point's results res[n_players] (tw_game_enforce). */
TW_API void tw_enforce_bands_values(const tw_enforce_bands *b, const tw_enforce_result *res,
                                    double *out);
/* A tw_draw_fn: ctx is a const tw_enforce_bands. @return the statuses of the games;
 * TW_ERR_NOT_CONVERGED (no war, deal or deviation on the draw); TW_ERR_INPUT (another
 * agreement); TW_ERR_NOMEM. */
TW_API tw_status tw_enforce_bands_eval(void *ctx, const tw_model *m, tw_solver *s, double *out,
                                       tw_error *err);
/* The "uncertainty" object of `tradewar enforce --draws --json`: "players" (code and the
 * four fields). */
TW_API tw_status tw_json_write_enforce_bands(tw_sink out, const tw_world *w,
                                             const tw_enforce_bands *b, const tw_draws *d,
                                             tw_error *err);

#ifdef __cplusplus
}
#endif
#endif
