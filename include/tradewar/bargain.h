/* SPDX-License-Identifier: MIT */
/* Bargaining over export controls (docs/export-controls.md, "The bargain"): governments trade
 * the levels of the export controls they hold (quotas in force on their sales to each other)
 * by Nash bargaining, with the controls in force as the disagreement point. Quotas have no
 * gradient in the reverse pass (tw_game_gradient), and the bargain has few instruments (one
 * level per control), so it is solved without derivatives: a grid over the levels, then
 * NLopt's COBYLA, which takes the players' gains >= 0 as inequality constraints (BOBYQA takes
 * bounds only), then a perturbation check of the optimum. */
#ifndef TRADEWAR_BARGAIN_H
#define TRADEWAR_BARGAIN_H

#include "tradewar/io.h"
#include "tradewar/strategy.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A control: the quotas in force (in the disagreement policy) on the flows from `exporter` to
 * `importers` in `sectors`. Its level s in [0, 1] scales each quota's cut below the baseline
 * flow B (tw_world_flows): the cap is B - s (B - cap_in_force) for s > 0 and no quota at s = 0
 * (lifted, as a scenario's `lift: true`); s = 1 is the control in force. Every cell must hold a
 * quota in force with B > 0; cells without one are skipped, and a control with none at all is
 * an error. The rent holder stays as in force. */
typedef struct tw_control {
    int exporter;        /* the government that holds the control */
    const int *importers; /* borrowed; n_importers 0: the other players */
    int n_importers;
    const int *sectors; /* borrowed, n_sectors >= 1 */
    int n_sectors;
} tw_control;

typedef struct tw_bargain_options {
    const double *weights; /* [n_players] bargaining weights > 0 (borrowed); NULL: equal */
    int grid;              /* grid points per level in the first scan, >= 2; default 3 (0, .5, 1) */
    double xtol;           /* COBYLA's absolute tolerance on a level; default 1e-4 */
    int max_evals;         /* COBYLA's equilibrium solves; default 200 */
    /* The perturbation check: each level moved by +-check_step (inside [0, 1]); the optimum
     * is accepted when no move raises the weighted log Nash product by more than
     * check_tolerance. Defaults 0.02 and 1e-3 (the product's logarithm; 1e-3 is a 0.1% change
     * in the product, well above COBYLA's tolerance and well below the gain at the optimum
     * over a point 0.02 away in the examples). */
    double check_step, check_tolerance;
} tw_bargain_options;

TW_API void tw_bargain_options_init(tw_bargain_options *o);

typedef struct tw_bargain_report {
    int converged;   /* the deal passed the perturbation check (or there is no gain); COBYLA's
                      * own stop reason is nlopt_code */
    int cancelled;
    int no_gain;     /* no levels found make every player strictly better off: the deal is the
                      * disagreement point (every level 1) */
    int evaluations; /* equilibrium solves */
    int nlopt_code;
    double log_nash;    /* sum_p beta_p ln(100 (V_p - V_p^d)) at the deal (beta: weights / sum) */
    double check_gain;  /* the largest rise of log_nash found by the check (<= 0 passes) */
    double seconds;
} tw_bargain_report;

/* Sets the quotas of the controls at `levels` (nc entries in [0, 1]) on a copy of the
 * disagreement policy into out. @return TW_OK; TW_ERR_INPUT (a control without any quota in
 * force, a level outside [0, 1], an exporter or importer out of range). */
TW_API tw_status tw_controls_apply(const tw_model *m, const tw_control *controls, int nc,
                                   const tw_policy *disagreement, const double *levels,
                                   tw_policy *out, tw_error *err);

/* The disagreement point of `tradewar bargain` (and of the bindings' bargain): in dis (the
 * caller's copy of today's policy, changed in place) each control's licence quotas in force,
 * the cap shares[k] (0 < share < 1) of the baseline border flow (tw_world_flows) on its
 * exporter's sales of its sectors to each importer (its list, or with n_importers 0 the other
 * players), the rent to the exporter. Pairs without a baseline flow get no quota.
 * @return TW_OK; TW_ERR_INPUT (a share outside (0, 1), a country or sector out of range). */
TW_API tw_status tw_controls_set_in_force(const tw_model *m, const int *players, int n_players,
                                          const tw_control *controls, int nc,
                                          const double *shares, tw_policy *dis, tw_error *err);

/* Nash bargaining over the levels of nc (1 to 8) controls among n_players governments
 * (players[p]: a country; each control's exporter must be one of them): maximises
 * prod_p (V_p - V_p^d)^{w_p} subject to V_p >= V_p^d, with V_p = exp(W_p) the payoff of
 * tw_objective (real income relative to the baseline, objs NULL) and V^d at the disagreement
 * point. levels (nc entries), v_threat and v_deal (n_players each; none may be NULL) receive
 * the deal's levels and the payoffs at the disagreement point and at the deal;
 * deal and eq the deal's policy and solved equilibrium. opts may be NULL for the defaults.
 * @return TW_OK (also when there is no gain: rep->no_gain, every level 1); TW_ERR_INPUT (bad
 * controls or options); TW_ERR_NOT_CONVERGED (an equilibrium solve failed, or COBYLA or the
 * check did not pass: deal holds the best point found, rep says why); TW_ERR_CANCELLED. */
TW_API tw_status tw_game_bargain(tw_game *g, const int *players, int n_players,
                                 const tw_objective *objs, const tw_control *controls, int nc,
                                 const tw_bargain_options *opts, const tw_policy *disagreement,
                                 tw_policy *deal, tw_equilibrium *eq, double *levels,
                                 double *v_threat, double *v_deal, tw_bargain_report *rep,
                                 tw_error *err);

/* The bargain's JSON document (`tradewar bargain --json`, docs/json.md). */
typedef struct tw_bargain_document {
    const tw_model *model;
    const int *players; /* [n_players] country indices */
    int n_players;
    const double *weights; /* [n_players] bargaining weights, NULL: equal */
    const tw_control *controls; /* [n_controls] */
    int n_controls;
    /* [n_controls] each control's quotas in force as a share of the baseline flows (the cap
     * in force = cap_share B), or NULL when the caps in force are not a common share (then
     * the document has no cap shares) */
    const double *cap_share;
    const double *levels;                /* [n_controls] the deal's levels */
    const double *v_disagreement, *v_deal; /* [n_players] payoffs V (1 = baseline) */
    const tw_results *disagreement; /* every country at the disagreement point against the
                                     * baseline, or NULL (no "countries") */
    const tw_results *deal;         /* at the deal, or NULL if its equilibrium is not solved */
    const char *status;             /* "converged", "no deal improves on ...", ... */
    int interrupted;
    tw_bargain_report report;
} tw_bargain_document;

/* Writes the bargain document to out. Borrows everything. @return TW_OK, TW_ERR_IO (a write
 * or the flush failed), TW_ERR_NOMEM. */
TW_API tw_status tw_json_write_bargain(tw_sink out, const tw_bargain_document *doc,
                                       tw_error *err);

/* The whole of `tradewar bargain` (and of the bindings' bargain), so that each front end only
 * parses its arguments and presents the outcome: on a copy of base (NULL: today's policy of the
 * game's model) the controls in force (tw_controls_set_in_force), the bargain
 * (tw_game_bargain), the results of the deal and of the disagreement point against the
 * baseline, and the document over them (tw_bargain_outcome_document, for
 * tw_json_write_bargain). The outcome borrows players, controls (with their sector lists),
 * shares and opts->weights: they must outlive it. *out is NULL on failure.
 * @return TW_OK; TW_ERR_USAGE; TW_ERR_INPUT and TW_ERR_NOT_CONVERGED as tw_game_bargain and
 * tw_controls_set_in_force (an unconverged bargain is an error, never an outcome);
 * TW_ERR_CANCELLED; TW_ERR_NOMEM. */
typedef struct tw_bargain_outcome tw_bargain_outcome;
TW_API tw_status tw_bargain_outcome_run(tw_game *g, const tw_policy *base, const int *players,
                                        int n_players, const tw_control *controls, int nc,
                                        const double *shares, const tw_bargain_options *opts,
                                        tw_bargain_outcome **out, tw_error *err);
/* The outcome's document (levels, payoffs, both results, status and report); borrowed. */
TW_API const tw_bargain_document *tw_bargain_outcome_document(const tw_bargain_outcome *o);
/* The deal's policy and the disagreement policy (the controls in force); borrowed. */
TW_API const tw_policy *tw_bargain_outcome_deal(const tw_bargain_outcome *o);
TW_API const tw_policy *tw_bargain_outcome_disagreement(const tw_bargain_outcome *o);
TW_API void tw_bargain_outcome_free(tw_bargain_outcome *o);

#ifdef __cplusplus
}
#endif

#endif
