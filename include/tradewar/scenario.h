/* SPDX-License-Identifier: MIT */
/* Scenarios: dated policy events read from YAML (docs/scenario-format.md); plans, a scenario
 * bound to a world; and timelines, the equilibrium at every dated policy state of every branch.
 *
 * Typical use:
 *   tw_scenario *s;  tw_scenario_load("geneva.yaml", &s, &err);   -- syntax and metadata
 *   (load the world named by tw_scenario_world(s), create a model with its closure and a
 *   solver for it)
 *   tw_plan *p;  tw_scenario_bind(s, world, &p, &err);           -- codes, groups, events
 *   tw_timeline *t;  tw_timeline_run(p, model, solver, &t, &err); -- one solve per step
 *   for k < tw_timeline_steps(t): tw_timeline_step_get(t, k) ...
 * A scenario is read-only once loaded: it can be bound to several worlds, each binding giving
 * its own plan. A plan borrows its scenario and world; a timeline borrows nothing after it is
 * run. */
#ifndef TRADEWAR_SCENARIO_H
#define TRADEWAR_SCENARIO_H

#include "tradewar/games.h"
#include "tradewar/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tw_scenario tw_scenario;
typedef struct tw_plan tw_plan;

/* Limits of scenario files (docs/scenario-format.md, "Limits"): their size in bytes, and how
 * deep lists and mappings may nest (the shipped scenarios need 6 levels). */
#define TW_SCENARIO_MAX_BYTES ((size_t)1 << 20)
#define TW_SCENARIO_MAX_DEPTH 64

/* Reads a scenario file: YAML syntax (one document, within TW_SCENARIO_MAX_BYTES and
 * TW_SCENARIO_MAX_DEPTH), the document's shape and its metadata (title, world, elasticities,
 * deficits, dates). Country and sector codes are checked later, by tw_scenario_bind, against a
 * world. @return TW_OK, TW_ERR_IO, TW_ERR_INPUT (err has file, line, column, field and what
 * was expected and found), TW_ERR_NOMEM. *out is owned by the caller (tw_scenario_free). */
TW_API tw_status tw_scenario_load(const char *path, tw_scenario **out, tw_error *err);
/* As tw_scenario_load, from memory; name is used in messages (and, unlike a file's path, not
 * to resolve a relative `world:` directory, which is kept as written). */
TW_API tw_status tw_scenario_load_buffer(const char *name, const char *data, size_t len,
                                         tw_scenario **out, tw_error *err);
/* Frees a scenario (its plans must be freed first); NULL is a no-op. */
TW_API void tw_scenario_free(tw_scenario *s);

/* Metadata (strings owned by the scenario; "" when absent). */
TW_API const char *tw_scenario_title(const tw_scenario *s);
TW_API const char *tw_scenario_description(const tw_scenario *s);
/* The world: a shipped world's name as written (no '/'; default "icio2022"), or a directory,
 * which tw_scenario_load gives relative to the current directory when the file wrote it
 * relative to its own directory ("../data/w" in "s/x.yaml" is "s/../data/w"). */
TW_API const char *tw_scenario_world(const tw_scenario *s);
TW_API const char *tw_scenario_elasticities(const tw_scenario *s); /* "" = the world's default */
/* What reading the scenario noticed but accepted (tradewar/core.h: a bare rate above 1, ...),
 * with file:line:column and field; borrowed, valid while s lives; NULL (a list of 0) when
 * there is none. */
TW_API const tw_warnings *tw_scenario_warnings(const tw_scenario *s);
TW_API tw_deficit_closure tw_scenario_deficits(const tw_scenario *s);
/* The scenario's `revenue_use` (TW_REVENUE_USE_*, tradewar/model.h; default world). */
TW_API int tw_scenario_revenue_use(const tw_scenario *s);
TW_API const char *tw_scenario_baseline_date(const tw_scenario *s); /* YYYY-MM-DD */
/* 1 if the scenario sets `critical_elasticity` (the elasticity of substitution of every input
 * nest of its world, in [0, 20]), writing it into *value; 0 otherwise. */
TW_API int tw_scenario_critical_elasticity(const tw_scenario *s, double *value);
/* 1 if the scenario sets `horizon` (short, medium, long or years; docs/model.md §2b), its
 * years (INFINITY: the long run) into *years if not NULL; else 0. */
TW_API int tw_scenario_horizon(const tw_scenario *s, double *years);
/* 1 if results are measured against the timeline's first step ("reference: first"), 0 if
 * against the world's baseline (the default). */
TW_API int tw_scenario_reference_first(const tw_scenario *s);
/* Countries (codes or groups) that tables and charts show: the players first, then the
 * third countries to watch. */
/* The branch named `branch` (an expiry outcome of a truce): its probability given the truce
 * expires (truce.probabilities, docs/scenario-format.md) into *prob (NAN when not given) and
 * the branch it forks from (the truce event's branch, or "main") into *parent; pointers may be
 * NULL. @return 1 with a probability, 0 without, -1 if no outcome has that name. */
TW_API int tw_scenario_branch_odds(const tw_scenario *s, const char *branch, double *prob,
                                   const char **parent);
/* The scenario's `end` as days since 1970-01-01, or -1 when it has none. */
TW_API int tw_scenario_end_day(const tw_scenario *s);
TW_API int tw_scenario_player_count(const tw_scenario *s);
TW_API const char *tw_scenario_player(const tw_scenario *s, int k);
TW_API int tw_scenario_watch_count(const tw_scenario *s);
TW_API const char *tw_scenario_watch(const tw_scenario *s, int k);

/* --- Plans: a scenario bound to a world --- */

/* Binds scenario s to world w: resolves every code and group against w and checks what needs
 * the world (importer and exporter not the same country, services sectors, single flows for
 * cap_value and cut_value, games' players, no two changes of a date contradicting each
 * other). s is not modified. @return TW_OK with a new plan in *out, owned by the caller
 * (tw_plan_free), which borrows s and w (both must outlive it); TW_ERR_INPUT (err points
 * into the file; *out NULL); TW_ERR_USAGE for a NULL argument; TW_ERR_NOMEM. */
TW_API tw_status tw_scenario_bind(const tw_scenario *s, const tw_world *w, tw_plan **out,
                                  tw_error *err);
/* Frees a plan (not its scenario or world); NULL is a no-op. A plan is only read once bound:
 * timelines on several threads (each with its own solver) may share one. */
TW_API void tw_plan_free(tw_plan *p);
/* The scenario and the world a plan was bound from (borrowed). */
TW_API const tw_scenario *tw_plan_scenario(const tw_plan *p);
TW_API const tw_world *tw_plan_world(const tw_plan *p);

/* Countries of a group or code in the plan's world: writes up to cap indices into out and
 * returns how many the group has, or -1 if name is neither (or on allocation failure).
 * Built-in groups: all, EU27; others from the scenario's groups. */
TW_API int tw_plan_country_group(const tw_plan *p, const char *name, int *out, int cap);

/* --- Timelines --- */

typedef struct tw_timeline tw_timeline;

/* One solved step: the policy state in force from date on, in one branch. */
typedef struct tw_timeline_step {
    char date[11];        /* YYYY-MM-DD */
    const char *branch;   /* "main" before the first fork, else the outcome's name */
    const char *label;    /* the events of the date, joined by "; " */
    int parent;           /* index of the step this one follows (warm start), -1 for the first */
    tw_solver_report report;
    const tw_results *results; /* against the baseline, or the first step (reference: first) */
    /* Average tariff of importer n on exporter i over goods, weighted by baseline imports,
     * [n][i] (0.25 = 25%): tw_tariff_average_pairs with the default of tradewar/groups.h
     * (group averages from it: tw_tariff_average_of_pairs); quotas and bans are not included. */
    const double *bilateral_tariff;
} tw_timeline_step;

/* --- Games in scenario files --- */

/* A game stated in an event (docs/scenario-format.md, "Games"): at the event's date the
 * players' import tariffs are chosen by a game solver, starting from the policy in force. The
 * kinds, instruments, rules and threat points are the game vocabulary (tradewar/games.h). */
typedef struct tw_scenario_game {
    tw_game_kind kind;
    const int *players; /* country indices */
    int n_players;
    const int *against; /* countries the players' tariffs apply to (never a player's own);
                         * n_against 0: every other country (best_response) or the other
                         * players (nash_war, talks) */
    int n_against;
    tw_instrument_kind instrument;
    int only_increases; /* the players may only raise their tariffs */
    double max_tariff;  /* upper bound on a tariff, or on an increase (0: the solver's default) */
    /* Talks only: */
    tw_talks_rule talks_rule;
    tw_threat_point threat;
    const double *weights; /* bargaining weights [n_players], or NULL for equal weights */
    /* Escalation only, one entry per player: */
    const tw_rule *rules;
    const double *openings;    /* first-round addition to its tariffs on the other players */
    const double *caps;        /* largest total addition ("will ignore further increases"), 0 none */
    const double *factors;     /* proportional retaliation: points per point suffered */
    const int *forgive_after;  /* rounds without provocation before forgiving, 0 never */
    int rounds;                /* round limit */
    /* Bargain only: control k is the quotas in force on sales of control_exporters[k] (a
     * player) to the other players in sectors control_sectors[control_start[k] ..
     * control_start[k + 1]) (tradewar/bargain.h). */
    const int *control_exporters, *control_start, *control_sectors;
    int n_controls;
    /* Where it was written, for error messages. */
    const char *file, *field, *label;
    int line, column;
} tw_scenario_game;

/* A game solver for timelines: chooses the game's tariffs, writing them into p (the policy in
 * force, which it starts from), and may leave the solved equilibrium in eq (a warm start for
 * the step). @return TW_OK, or an error naming the game (file, line, field). The strategy layer
 * provides one: tw_scenario_game_solve (tradewar/strategy.h). */
typedef tw_status (*tw_game_solver_fn)(void *ctx, const tw_model *m, const tw_scenario_game *game,
                                       tw_policy *p, tw_equilibrium *eq, tw_error *err);

/* 1 if any event of s states a game. */
TW_API int tw_scenario_has_games(const tw_scenario *s);

/* As tw_timeline_run, with a solver for the scenario's games (may be NULL if it has none;
 * a scenario with games and no solver is TW_ERR_INPUT). ctx is passed to the solver. */
TW_API tw_status tw_timeline_run_games(const tw_plan *p, const tw_model *m, tw_solver *solver,
                                       tw_game_solver_fn solve_game, void *ctx, tw_timeline **out,
                                       tw_error *err);

/* Evaluates every branch of plan p with model m (created on the plan's world) and solver
 * (created for m, used by this call only while it runs): one equilibrium per dated policy
 * state, each solve warm-started from the step before it (a branch's first step from the step
 * where it forks). p is only read. @return TW_OK; TW_ERR_NOT_CONVERGED or TW_ERR_NUMERIC (err
 * names the step's date and branch and the residual; no timeline is returned); TW_ERR_USAGE if
 * m's world is not the plan's or the solver is not m's; TW_ERR_NOMEM. *out is owned by the
 * caller (tw_timeline_free). */
TW_API tw_status tw_timeline_run(const tw_plan *p, const tw_model *m, tw_solver *solver,
                                 tw_timeline **out, tw_error *err);

/* Called by tw_timeline_run_observed after step k is solved and recorded, with the policy in
 * force, its solved equilibrium and the step's results (all borrowed for the call only): for
 * outputs that need more than tw_timeline_step keeps (tradewar/brief.h). Returning an error
 * (err set) stops the run with it. */
typedef tw_status (*tw_timeline_step_fn)(void *ctx, const tw_model *m, int k, const tw_policy *p,
                                         const tw_equilibrium *eq, const tw_results *r,
                                         tw_error *err);

/* As tw_timeline_run_games, calling on_step (may be NULL) after every step with step_ctx. */
TW_API tw_status tw_timeline_run_observed(const tw_plan *p, const tw_model *m, tw_solver *solver,
                                          tw_game_solver_fn solve_game, void *game_ctx,
                                          tw_timeline_step_fn on_step, void *step_ctx,
                                          tw_timeline **out, tw_error *err);

TW_API void tw_timeline_free(tw_timeline *t);
TW_API int tw_timeline_steps(const tw_timeline *t);
/* Step k (0 <= k < steps), in order: each branch's steps follow its parent's. */
TW_API tw_timeline_step tw_timeline_step_get(const tw_timeline *t, int k);
/* The factor returns by sector at step k when the model has specific factors (its world's
 * horizon gives some, tradewar/factors.h): points *specific_hat at [n][j] and *mobile_wage_hat
 * at [n] (either may be NULL), as tw_factor_returns of the step's equilibrium against the
 * reference of its results (the baseline, or the first step), owned by t; returns 1. Without
 * specific factors sets both to NULL and returns 0. */
TW_API int tw_timeline_step_factors(const tw_timeline *t, int k, const double **specific_hat,
                                    const double **mobile_wage_hat);
/* Names of the branches in order of appearance ("main" first). */
TW_API int tw_timeline_branch_count(const tw_timeline *t);
TW_API const char *tw_timeline_branch(const tw_timeline *t, int b);
/* The steps of branch b from the start, shared steps included: writes up to cap step indices
 * into out and returns how many there are. */
TW_API int tw_timeline_branch_path(const tw_timeline *t, int b, int *out, int cap);

/* Appends to out the warnings of timeline t of plan p: the scenario's (tw_scenario_warnings),
 * then tw_results_warn for every player and watched country that is a single country, once
 * per country and sector that drives it, at the first step where it does (its context names
 * the step's date and branch and how many later steps repeat it). The command line prints
 * them and the timeline document lists them. @return TW_OK or TW_ERR_NOMEM. */
TW_API tw_status tw_timeline_warnings(const tw_plan *p, const tw_timeline *t, tw_warnings *out);

#ifdef __cplusplus
}
#endif
#endif
