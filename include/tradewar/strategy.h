/* SPDX-License-Identifier: MIT */
/* Strategy on top of the model (DESIGN.md §2): exact welfare gradients with respect to
 * tariffs, optimal (best-response) tariffs, Nash tariff wars, escalation, trade talks and
 * self-enforcing agreements.
 *
 * Typical use:
 *   tw_game *g;  tw_game_create(model, NULL, &g, &err);
 *   tw_instrument ins = {.country = usa, .kind = TW_INSTRUMENT_SECTOR, .upper = 2.0};
 *   tw_game_best_response(g, &ins, NULL, start, out, eq, &report, &err);
 * A game borrows its model (which must outlive it) and owns the scratch it needs; like a
 * model it is not safe for concurrent use. */
#ifndef TRADEWAR_STRATEGY_H
#define TRADEWAR_STRATEGY_H

#include "tradewar/core.h"
#include "tradewar/games.h"
#include "tradewar/model.h"
#include "tradewar/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- Payoffs --- */

/* A government's payoff, relative to the model's baseline:
 *   W = ln(I_hat_n / P_hat_n) + sum_j omega_j ln(Y_hat_n^j / P_hat_n),
 * with I_hat the change in national income (eq. 5), P_hat the consumer price index, Y_hat_n^j
 * the change in the gross output value of n's sector j (producer prices, numeraire units) and
 * omega_j >= 0 the extra weight on the producers of sector j (political economy: a government
 * that values a dollar of sector j's revenue above a dollar of consumers' income). Without
 * weights W is the log of real income, the default payoff; real_income_pct = 100 (e^W - 1). */
typedef struct tw_objective {
    int country;                 /* whose payoff, 0 <= country < n */
    const double *sector_weights; /* [j], omega_j >= 0, borrowed; NULL: real income only */
} tw_objective;

/* How an adjoint (linear) solve went: GMRES on (I - dG/dz)^T lambda = dW/dz. */
typedef struct tw_adjoint_report {
    int converged;
    int iterations;
    double residual; /* relative residual |b - A lambda| / |b| at the returned lambda */
    double seconds;
} tw_adjoint_report;

/* --- Games: a model plus the scratch of gradients and optimisers --- */

typedef struct tw_game tw_game;

/* Progress callback: called after each objective evaluation or round with a short status
 * line; return nonzero to ask the computation to stop (as the cancel flag does). */
typedef int (*tw_progress_fn)(void *ctx, const char *what, int step, double value);

/* NLopt's local gradient-based algorithms with bound constraints. L-BFGS (the default) needed
 * the fewest equilibrium solves on the default world (the US by sector: 55 against 230 for
 * SLSQP at the same tolerance, measured before the variables were scaled; MMA and CCSAQ did not
 * converge in 500). */
typedef enum tw_optimizer {
    TW_OPTIMIZER_LBFGS = 0, /* NLOPT_LD_LBFGS */
    TW_OPTIMIZER_SLSQP = 1, /* NLOPT_LD_SLSQP */
    TW_OPTIMIZER_MMA = 2    /* NLOPT_LD_MMA */
} tw_optimizer;

/* Settings of a game. Initialise with tw_game_options_init (which holds every default), then
 * set what you need. */
typedef struct tw_game_options {
    tw_optimizer algorithm; /* default TW_OPTIMIZER_LBFGS */
    double xtol;      /* optimiser's relative tolerance on tariffs; default 1e-9 */
    double ftol;      /* optimiser's relative tolerance on the payoff; default 1e-13 */
    int max_evals;    /* per optimisation; default 500 */
    /* An optimum is accepted when no payoff derivative with respect to a choice variable that
     * is not held by a bound exceeds this (d ln W / d tariff); default 1e-6. */
    double kkt_tolerance;
    double adjoint_tolerance; /* default 1e-11 */
    /* Optional (borrowed): set from another thread or a signal handler (tw_cancel_set) to stop
     * the game's loops after the equilibrium solve or gradient in progress; NULL: none. The
     * progress callback's stop sets it too. The public game functions then return
     * TW_ERR_CANCELLED with their partial result marked cancelled (see each report). */
    tw_cancel *cancel;
    tw_progress_fn progress; /* may be NULL */
    void *progress_ctx;
    /* Threads for the per-player work of wars (each player's gradient, each player's check
     * of the equilibrium), each with a solver of its own on the shared model; the results are
     * the same bits for any count. 0 (default): the online cores; 1: none. */
    int threads;
} tw_game_options;

/* Sets every field of o to its default. */
TW_API void tw_game_options_init(tw_game_options *o);

/* Creates a game on model m (borrowed: it must outlive the game). opts may be NULL for
 * defaults; copied. The game owns a solver of its own (with the model's solver options), so
 * games on one model may run on different threads at once; a game itself is not safe for
 * concurrent use. @return TW_OK, TW_ERR_INPUT (bad options), TW_ERR_NOMEM. */
TW_API tw_status tw_game_create(const tw_model *m, const tw_game_options *opts, tw_game **out,
                                tw_error *err);
/* Frees g (NULL: no-op). */
TW_API void tw_game_free(tw_game *g);
/* The model g plays on. */
TW_API const tw_model *tw_game_model(const tw_game *g);
/* The solver g solves with (owned by g): for solves that must match the game's own. */
TW_API tw_solver *tw_game_solver(tw_game *g);

/* --- Gradients --- */

/* Payoff of obj at the solved equilibrium eq. */
TW_API double tw_objective_value(const tw_model *m, const tw_equilibrium *eq,
                                 const tw_objective *obj);

/* Exact gradient of obj's payoff at the solved equilibrium eq of policy p with respect to
 * every tariff level [j][n][i] (tw_ix_nij), by the implicit-function theorem: one adjoint
 * solve. value (may be NULL) receives the payoff; grad has n*n*j entries (entries whose flow
 * is zero get 0). eq must be p's equilibrium. @return TW_OK; TW_ERR_USAGE if eq is not solved;
 * TW_ERR_INPUT if p has quotas or the world CES input nests (not covered by the reverse pass);
 * TW_ERR_NOT_CONVERGED if the adjoint solve failed (rep says how far it got; grad holds the
 * best estimate). */
TW_API tw_status tw_game_gradient(tw_game *g, const tw_policy *p, const tw_equilibrium *eq,
                                  const tw_objective *obj, double *value, double *grad,
                                  tw_adjoint_report *rep, tw_error *err);

/* --- Instruments: which tariffs a government chooses (tw_instrument_kind and its names:
 * tradewar/games.h) --- */

/* The tariffs country `country` sets on imports from `partners` (all other countries when
 * n_partners is 0), in `goods` sectors only unless services is set. Each choice variable x
 * is a tariff level (0.25 = 25%) applied to all the entries it covers, bounded by
 * [lower, upper]; with only_increases, x is instead an increase added to the starting
 * tariffs of each entry, bounded by [max(lower, 0), upper]. */
typedef struct tw_instrument {
    int country;
    tw_instrument_kind kind;
    const int *partners; /* borrowed; NULL with n_partners 0 = everyone else */
    int n_partners;
    int services;        /* also set tariffs on services sectors */
    int only_increases;
    double lower, upper; /* defaults (both 0): [0, 2] for levels, [0, 2] for increases */
} tw_instrument;

/* Number of choice variables of ins in model m (0 if ins is invalid). */
TW_API size_t tw_instrument_size(const tw_model *m, const tw_instrument *ins);

/* The gradient of obj's payoff with respect to the choice variables of ins at the solved
 * equilibrium eq of policy p (the chain rule of the instrument applied to
 * tw_game_gradient: each variable's derivative is the sum over the tariffs it sets). gx has
 * tw_instrument_size(m, ins) entries, in the instrument's order: sector-major (the covered
 * sectors in the world's order), partners in country order within a sector. @return as
 * tw_game_gradient, or TW_ERR_INPUT for an invalid instrument. */
TW_API tw_status tw_game_instrument_gradient(tw_game *g, const tw_instrument *ins,
                                             const tw_policy *p, const tw_equilibrium *eq,
                                             const tw_objective *obj, double *value, double *gx,
                                             tw_adjoint_report *rep, tw_error *err);

/* --- Best responses --- */

typedef struct tw_optimize_report {
    int converged;    /* the optimiser met its tolerance (and every solve converged) */
    int cancelled;    /* stopped by the cancel flag or the progress callback */
    int evaluations;  /* equilibrium solves + adjoint solves */
    int nlopt_code;   /* NLopt's return code */
    double value;     /* payoff at the returned tariffs */
    double seconds;
    int solver_failures;       /* equilibrium solves that did not converge */
    double max_solver_residual; /* largest equilibrium residual met */
    double max_adjoint_residual; /* largest relative adjoint residual met */
    double kkt_residual; /* largest payoff derivative w.r.t. a choice variable not blocked by a
                          * bound, at the returned point (0 at an exact interior optimum) */
} tw_optimize_report;

/* Country ins->country's optimal tariffs given everyone else's in `start` (borrowed): the
 * policy `out` receives start with the chosen tariffs, eq its equilibrium (warm-started from
 * eq if solved). obj may be NULL (real income of ins->country); obj->country must equal
 * ins->country. Runs the game's NLopt algorithm (bounds only) with the exact gradient; an
 * instrument with several variables is first optimised as one rate on the same tariffs, from
 * the rate that best reproduces start's tariffs, and its variables start at that rate (if that
 * stage does not converge, at the variables that best reproduce start's tariffs). rep counts
 * both stages' evaluations and time.
 * @return TW_OK; TW_ERR_NOT_CONVERGED if the optimiser or a solve failed; TW_ERR_CANCELLED if
 * the cancel flag or the progress callback stopped it (in both cases out and eq hold the best
 * point found and rep says which); TW_ERR_INPUT for an invalid instrument. */
/* (out must not be start.) */
TW_API tw_status tw_game_best_response(tw_game *g, const tw_instrument *ins,
                                       const tw_objective *obj, const tw_policy *start,
                                       tw_policy *out, tw_equilibrium *eq,
                                       tw_optimize_report *rep, tw_error *err);

/* --- Nash tariff wars (methods, tw_war_method, and their names: tradewar/games.h) --- */

/* Settings of a Nash war. Initialise with tw_war_options_init, then set what you need. */
typedef struct tw_war_options {
    tw_war_method method;
    double damping;        /* weight of a new best response in (0, 1]; default 1 */
    double tolerance;      /* stop when no free derivative d ln W_p / d x_p exceeds this
                            * (both methods), or, with best responses, when no choice variable
                            * moves more than this in a round; default 1e-6 */
    int max_rounds;        /* default 100 */
    double gain_tolerance; /* a reported equilibrium is verified: re-optimising any single
                            * player from it gains that player at most this much ln W (about
                            * gain x 100 percent of real income); default 1e-7 */
    int skip_verification; /* set to skip the check (the report then says verified = 0) */
} tw_war_options;

/* Sets every field of o to its default (method TW_WAR_AUTO). */
TW_API void tw_war_options_init(tw_war_options *o);

typedef struct tw_war_report {
    int found;        /* converged and verified: a Nash equilibrium within the tolerances */
    int converged;    /* the iteration met its tolerance */
    int verified;     /* every player's re-optimisation gained at most gain_tolerance */
    int cancelled;
    int rounds;
    double last_change; /* largest move of a variable (or free derivative) in the last round */
    double max_gain;    /* largest gain from re-optimising a single player (ln W) */
    int max_gain_player; /* index into the players array, -1 if not verified */
    int evaluations;    /* equilibrium solves */
    double seconds;
    tw_war_method method; /* the method used */
} tw_war_report;

/* A Nash tariff war among n_players governments: players[p] says which tariffs player p
 * chooses (all players' instruments must not overlap), objs[p] its payoff (objs may be NULL:
 * real incomes). Everything else in start (borrowed) stays as it is. out receives the war's
 * policy and eq its equilibrium; gains (may be NULL, n_players entries) each player's gain from
 * re-optimising at the end. opts may be NULL for defaults.
 * @return TW_OK only if the war was found and verified; TW_ERR_NOT_CONVERGED otherwise (out
 * and eq hold the last iterate, rep says how far it got); TW_ERR_INPUT for bad instruments. */
TW_API tw_status tw_game_nash_war(tw_game *g, const tw_instrument *players, int n_players,
                                  const tw_objective *objs, const tw_war_options *opts,
                                  const tw_policy *start, tw_policy *out, tw_equilibrium *eq,
                                  double *gains, tw_war_report *rep, tw_error *err);

/* --- Escalation dynamics (rules, tw_rule, and their names: tradewar/games.h) --- */

typedef struct tw_escalation_player {
    int country;
    tw_rule rule;
    double factor;     /* proportional retaliation: points per point suffered; default 1 */
    double opening;    /* round 1: added to its tariffs on every other player's goods */
    double cap;        /* "we will ignore further increases": its additions never exceed
                        * cap (0.25 = 25 points); 0 = no cap */
    int forgive_after; /* removes all its additions after this many rounds in which no other
                        * player raised a tariff on it; 0 = never */
    tw_instrument_kind kind; /* best-response instrument */
} tw_escalation_player;

typedef enum tw_escalation_end {
    TW_END_FIXED_POINT = 0, /* a round changed nothing */
    TW_END_CAP = 1,         /* a round changed nothing because caps stopped the responses */
    TW_END_CYCLE = 2,       /* the tariffs returned to those of an earlier round */
    TW_END_ROUNDS = 3,      /* the round limit came first */
    TW_END_CANCELLED = 4    /* interrupted or a solve failed: the path is partial */
} tw_escalation_end;

TW_API const char *tw_escalation_end_name(tw_escalation_end e);

/* The path of an escalation: round 0 is today; round r >= 1 the tariffs after the moves of
 * round r and their equilibrium. */
typedef struct tw_escalation {
    int n_players, n_countries;
    int rounds;            /* rounds played (the path has rounds + 1 entries) */
    tw_escalation_end end;
    int cycle_length;      /* for TW_END_CYCLE */
    int *players;          /* [n_players] country indices */
    double *avg_tariff;    /* [round][p][q]: p's average tariff on q's goods, weighted by
                            * baseline imports (tradewar/groups.h), 0 for p == q */
    double *real_income_pct; /* [round][country] */
    int *capped;           /* [round][p]: 1 if p's cap held back a response in that round */
    int *forgave;          /* [round][p]: 1 if p removed its additions in that round */
} tw_escalation;

TW_API void tw_escalation_free(tw_escalation *e);

/* Plays up to max_rounds rounds from `start` (borrowed) in which all players move at once,
 * each by its rule, in response to the previous round. *path receives the path (owned by the
 * caller, tw_escalation_free), out and eq the final tariffs and equilibrium.
 * @return TW_OK (whatever the end, including the round limit); TW_ERR_NOT_CONVERGED if a
 * solve failed or the run was interrupted (the path so far is returned, end says which). */
TW_API tw_status tw_game_escalate(tw_game *g, const tw_escalation_player *players, int n_players,
                                  int max_rounds, const tw_policy *start, tw_policy *out,
                                  tw_equilibrium *eq, tw_escalation **path, tw_error *err);

/* --- Trade talks (bargaining rules, tw_talks_rule, and threat points: tradewar/games.h) --- */

/* Settings of talks. Initialise with tw_talks_options_init, then set what you need. */
typedef struct tw_talks_options {
    tw_talks_rule rule;
    const double *weights; /* [n_players] bargaining weights > 0 (borrowed); NULL: equal */
} tw_talks_options;

/* Sets every field of o to its default (Nash bargaining, equal weights). */
TW_API void tw_talks_options_init(tw_talks_options *o);

typedef struct tw_talks_report {
    int converged;   /* the optimiser met its tolerance and every constraint holds */
    int cancelled;
    int no_gain;     /* no tariffs in the instruments make every player better off: the deal
                      * is the threat point */
    int evaluations; /* equilibrium solves */
    int nlopt_code;
    double min_gain; /* smallest V_deal / V_threat - 1 over players */
    double seconds;
} tw_talks_report;

/* Negotiated tariffs of n_players governments (each choosing the tariffs of players[p]; for a
 * bilateral deal give each instrument the other players as partners) from the threat point
 * `threat` (borrowed: today's policy, or a Nash war's). V_p is player p's payoff as a level,
 * exp(W_p) (for the default objective the real income relative to the baseline, 1.01 = +1%).
 * w_threat and w_deal (n_players entries each) receive V at the threat point and at the deal;
 * deal and eq the deal's policy and equilibrium. Uses NLopt's SLSQP with exact gradients
 * (one adjoint solve per player and evaluation).
 * @return TW_OK; TW_ERR_NOT_CONVERGED (deal holds the best point found, rep says why). */
TW_API tw_status tw_game_talks(tw_game *g, const tw_instrument *players, int n_players,
                               const tw_objective *objs, const tw_talks_options *opts,
                               const tw_policy *threat, tw_policy *deal, tw_equilibrium *eq,
                               double *w_threat, double *w_deal, tw_talks_report *rep,
                               tw_error *err);

/* Present value, in periods of payoff, of a truce that keeps the deal for `periods` periods
 * and then snaps back to the threat point for ever, over staying at the threat point:
 * (V_deal - V_threat) (1 - delta^periods) / (1 - delta). A permanent deal is periods < 0:
 * (V_deal - V_threat) / (1 - delta). delta in [0, 1). */
TW_API double tw_truce_value(double v_deal, double v_threat, double delta, int periods);

/* --- Self-enforcing agreements --- */

/* The discount factor above which a player keeps an agreement worth v_agree per period
 * rather than deviate once for v_deviate and then be punished with v_punish for `periods`
 * periods (0: for ever) before the agreement resumes. With punishment for ever this is
 * delta* = (v_deviate - v_agree) / (v_deviate - v_punish).
 * @return delta* in [0, 1); 0 when deviating gains nothing; NAN when no delta < 1 sustains
 * the agreement (punishment not worse than the agreement, or too short). */
TW_API double tw_enforce_threshold(double v_agree, double v_deviate, double v_punish, int periods);

/* 1 if, at discount factor delta in [0, 1), keeping the agreement is worth at least
 * deviating: sum_t delta^t v_agree >= v_deviate + punished periods + agreement afterwards.
 * Computed from the discounted sums directly (not from the threshold). */
TW_API int tw_enforce_holds(double delta, double v_agree, double v_deviate, double v_punish,
                            int periods);

typedef struct tw_enforce_result {
    double v_agree, v_deviate, v_punish; /* payoff levels exp(W), 1 = baseline */
    double delta_star;                   /* tw_enforce_threshold, NAN if none */
    int deviation_converged;             /* the best response to the agreement converged */
    int evaluations;
} tw_enforce_result;

/* For each player: its payoff under `agreement`, its best response to the agreement (the
 * others keeping it), its payoff under `punishment` (e.g. the policy of a Nash war), and the
 * threshold delta*. res has n_players entries.
 * @return TW_OK; TW_ERR_NOT_CONVERGED if a deviation could not be optimised (res says
 * which; delta* is then based on a lower bound of the deviation payoff). */
TW_API tw_status tw_game_enforce(tw_game *g, const tw_instrument *players, int n_players,
                                 const tw_objective *objs, const tw_policy *agreement,
                                 const tw_policy *punishment, int punish_periods,
                                 tw_enforce_result *res, tw_error *err);

/* --- Games in scenario files --- */

/* The game solver for timelines (a tw_game_solver_fn, tradewar/scenario.h): a best response
 * (tw_game_best_response), a Nash war (tw_game_nash_war), talks (tw_game_talks, from the
 * policy in force or from the players' Nash war) or an escalation (tw_game_escalate, to the end
 * of its path) of the event's players, by the event's instrument on goods, starting from the
 * policy in force p, whose tariffs it replaces with the game's (talks with no possible gain
 * leave the threat point); eq receives the equilibrium. ctx may be NULL or point to
 * tw_game_options (e.g. a cancel flag). @return TW_OK; TW_ERR_NOT_CONVERGED if the
 * optimisation failed or the war was not found and verified (the message names the event's
 * file, line and field); TW_ERR_CANCELLED if the game's cancel flag stopped it. */
TW_API tw_status tw_scenario_game_solve(void *ctx, const tw_model *m, const tw_scenario_game *game,
                                        tw_policy *p, tw_equilibrium *eq, tw_error *err);

#ifdef __cplusplus
}
#endif
#endif
