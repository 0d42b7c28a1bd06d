/* SPDX-License-Identifier: MIT */
/* Coalitions in the strategy layer (docs/strategy.md "Coalitions"): a player that is a set of
 * countries choosing ONE tariff together, as the Liberation Day study's rest of the world
 * (Ignatenko, Macedoni, Lashkaripour and Simonovska, JIE 2025) retaliating with one rate.
 *
 * A coalition C sets the tariff level x on the goods (and, if asked, services) of each target
 * country, in every one of its members' markets. Its payoff is the baseline-expenditure-
 * weighted average of its members' welfare changes,
 *   V_C = sum_{m in C} E_m (exp(W_m) - 1) / sum_{m in C} E_m,
 * W_m each member's own payoff of tw_objective_value (ln welfare: ln W_hat of eq. (L7) where
 * the world has labour supply, ln real income otherwise; political-economy weights if the
 * model has them), E_m its baseline expenditure (income of eq. (5)). 100 V_C is the "non-US
 * (average)" welfare of the paper's tables. A coalition of one country maximises that
 * country's own payoff: the best response of a uniform tw_instrument.
 *
 * Typical use:
 *   tw_coalition c = {.members = others, .n_members = n - 1, .targets = &usa, .n_targets = 1};
 *   tw_game_coalition_response(g, &c, start, out, eq, &rep, &err);
 * Validated on the Liberation Day world by tests/validation/test_liberation_coalition.c. */
#ifndef TRADEWAR_COALITION_H
#define TRADEWAR_COALITION_H

#include "tradewar/io.h"
#include "tradewar/strategy.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tw_coalition {
    const int *members; /* borrowed, distinct country indices; n_members >= 1 */
    int n_members;
    const int *targets; /* borrowed; NULL with n_targets 0: every non-member */
    int n_targets;
    int services;        /* also set tariffs on services sectors */
    double lower, upper; /* bounds of the tariff level; both 0: [0, 2] */
} tw_coalition;

/* TW_OK, or TW_ERR_INPUT (err names the field) for a coalition that is empty, names a country
 * outside m or twice, or a target that is also a member, or has lower > upper. */
TW_API tw_status tw_coalition_check(const tw_model *m, const tw_coalition *c, tw_error *err);

/* V_C at the solved equilibrium eq (a fraction: 0.01 is one percent). */
TW_API double tw_coalition_payoff(const tw_model *m, const tw_equilibrium *eq,
                                  const tw_coalition *c);

/* Sets c's tariffs in p to `rate` (every member on every target, goods sectors, and services
 * if c->services). @return TW_OK; TW_ERR_INPUT (tw_coalition_check); TW_ERR_NOMEM. */
TW_API tw_status tw_coalition_apply(const tw_model *m, const tw_coalition *c, double rate,
                                    tw_policy *p, tw_error *err);

/* The exact derivative dV_C/dx at the solved equilibrium eq of p (p must hold c's tariffs at
 * one level for it to be the derivative along c's choice): one adjoint solve per member, the
 * forward pass shared. @return as tw_game_gradient. */
TW_API tw_status tw_game_coalition_derivative(tw_game *g, const tw_coalition *c,
                                              const tw_policy *p, const tw_equilibrium *eq,
                                              double *value, double *derivative,
                                              tw_error *err);

typedef struct tw_coalition_report {
    int converged;     /* the search met its tolerance and every solve converged */
    int cancelled;
    int evaluations;   /* equilibrium solves */
    double rate;       /* the chosen tariff level */
    double value;      /* V_C there */
    double bracket;    /* width of the final interval holding the maximum */
    int at_bound;      /* -1 at lower, 1 at upper, 0 interior */
    double derivative; /* exact dV_C/dx at the rate (tw_game_coalition_derivative) */
    double seconds;
} tw_coalition_report;

/* c's best response to everyone else's tariffs in `start` (borrowed): out receives start with
 * c's tariffs at the best level, eq its equilibrium (warm-started from eq if solved). The
 * level is one variable, found on re-solved equilibria: the maximum is bracketed by steps
 * growing from c's current level (its members' mean tariff on its targets in start), narrowed
 * by golden sections to 1e-5, then secant steps on the derivative (differences of re-solved
 * payoffs, Richardson-extrapolated) until it is below a tenth of the game's kkt_tolerance.
 * The exact derivative at the result (tw_game_coalition_derivative) is reported; an interior
 * result where it exceeds kkt_tolerance (or a bound where it points inwards) is not
 * converged. evaluations counts the solves.
 * @return TW_OK; TW_ERR_NOT_CONVERGED (a solve failed, the search used 200 solves, or the
 * derivative check failed: out and eq hold the best point); TW_ERR_CANCELLED; TW_ERR_INPUT for
 * a bad coalition; TW_ERR_NOMEM. */
TW_API tw_status tw_game_coalition_response(tw_game *g, const tw_coalition *c,
                                            const tw_policy *start, tw_policy *out,
                                            tw_equilibrium *eq, tw_coalition_report *rep,
                                            tw_error *err);

/* A Nash war among coalitions (a country alone is a coalition of one): best responses in
 * turn (Gauss-Seidel) from start, as tw_game_coalition_response but checked by differences
 * only; from the second round a coalition whose derivative at its level is at most
 * opts->tolerance stays there. The war has converged when no level moves more than
 * opts->tolerance in a round (opts may be NULL: tw_war_options_init's defaults; method and
 * damping are not used). It is then verified: from it, every coalition's re-optimised level
 * (with the exact derivative's check) gains it at most opts->gain_tolerance in V_C. rates
 * (may be NULL) receives the n levels. Coalitions must not set the same tariffs. rep as for
 * tw_game_nash_war (gains in V_C; evaluations are equilibrium solves). @return TW_OK only if
 * found and verified; TW_ERR_NOT_CONVERGED otherwise (out and eq hold the last iterate);
 * TW_ERR_INPUT for overlapping or bad coalitions; TW_ERR_CANCELLED; TW_ERR_NOMEM. */
TW_API tw_status tw_game_coalition_war(tw_game *g, const tw_coalition *coalitions, int n,
                                       const tw_war_options *opts, const tw_policy *start,
                                       tw_policy *out, tw_equilibrium *eq, double *rates,
                                       tw_war_report *rep, tw_error *err);

/* A war among coalitions (`tradewar war --coalition NAME=CODES --json`, docs/json.md "War
 * among coalitions"). game.today, game.chosen, game.results, game.services, game.status and
 * game.interrupted are read (the rest of game is not). Everything is borrowed. */
typedef struct tw_coalition_war_document {
    tw_game_document game;
    const tw_coalition *coalitions; /* [n_coalitions], a country alone is a coalition of one */
    const char *const *names;       /* [n_coalitions] the players' names */
    int n_coalitions;
    int among_players;              /* targets are the other players' members */
    const double *rates;            /* [n_coalitions] levels at the war (tw_game_coalition_war) */
    const double *payoffs;          /* [n_coalitions] V_C there (tw_coalition_payoff) */
    double gain_tolerance;
    tw_war_report report;           /* max_gain_player indexes coalitions */
} tw_coalition_war_document;

/* Writes the document to out. @return TW_OK, TW_ERR_IO (a write failed), TW_ERR_NOMEM. */
TW_API tw_status tw_json_write_coalition_war(tw_sink out, const tw_coalition_war_document *doc,
                                             tw_error *err);

#ifdef __cplusplus
}
#endif

#endif
