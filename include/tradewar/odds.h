/* SPDX-License-Identifier: MIT */
/* Policy uncertainty (docs/uncertainty.md §7): probabilities on the outcomes of truces' expiry
 * (truce.probabilities, docs/scenario-format.md) turn a timeline's branches into a lottery.
 * From any results per step: the expected path and its spread, and each result's value of
 * certainty (what a holder of it would give up to have the lottery resolved, at the first
 * fork, into its expected value). */
#ifndef TRADEWAR_ODDS_H
#define TRADEWAR_ODDS_H

#include "tradewar/io.h"
#include "tradewar/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tw_branch_odds {
    int n_leaves;   /* the timeline's branches no other branch forks from */
    int *leaf;      /* [n_leaves] timeline branch index (tw_timeline_branch) */
    double *prob;   /* [n_leaves] probability: the product of the outcome probabilities from
                     * main to the leaf; they add up to 1 */
    int n_dates;
    int *day;       /* [n_dates] every date of a step on some leaf, increasing (days since
                     * 1970-01-01) */
    int n_outputs;
    /* [leaf][date][q]: result q in force at the date on the leaf's path (the last step on or
     * before it); NAN before the first step */
    double *value;
    double *expected; /* [date][q] sum over leaves of prob * value */
    double *sd;       /* [date][q] sqrt(sum prob (value - expected)^2) */
    double *lo, *hi;  /* [date][q] smallest and largest value over leaves with prob > 0 */
    int fork_day, end_day; /* the uncertain horizon [fork_day, end_day) of the means below */
    double risk_aversion;  /* gamma of the certainty equivalent */
    double *leaf_mean;     /* [leaf][q] days-weighted mean of value over the horizon */
    double *mean;          /* [q] sum prob * leaf_mean */
    double *certainty_equivalent; /* [q] (%): 100 (CE(1 + leaf_mean/100) - 1) */
    double *certainty_value;      /* [q] mean - certainty_equivalent, percentage points */
} tw_branch_odds;

/* The lottery over timeline t's leaves (t evaluated from scenario s, borrowed), for n_outputs
 * results per step given in step_values [step][q] (as tw_timeline_step_get's order; copied).
 * The horizon ends at the scenario's `end` plus one day, or without one a year after the last
 * step. The certainty equivalent of a result x (%) uses CRRA utility of c = 1 + x/100 with
 * coefficient risk_aversion >= 0 (1: logarithm; 0: risk neutral, value 0):
 * CE = (sum prob c^(1-g))^(1/(1-g)). @return TW_OK; TW_ERR_INPUT (err says which truce has no
 * probabilities, or the leaves' probabilities do not add up to 1); TW_ERR_USAGE (bad
 * arguments, no fork); TW_ERR_NOMEM. *out is the caller's (tw_branch_odds_free). */
TW_API tw_status tw_branch_odds_compute(const tw_scenario *s, const tw_timeline *t,
                                        int n_outputs, const double *step_values,
                                        double risk_aversion, tw_branch_odds **out,
                                        tw_error *err);
/* 1 if some truce of s gives probabilities to its outcomes. */
TW_API int tw_scenario_has_odds(const tw_scenario *s, const tw_timeline *t);
TW_API void tw_branch_odds_free(tw_branch_odds *o);

/* --- The policy uncertainty of `tradewar run` (docs/json.md), shared by the program and the
 * web server. --- */

/* The lottery over the real income (exact change in I/P, %) of the scenario's players, watched
 * countries and groups, and the world: tw_branch_odds_compute on the outputs of timeline t of
 * plan p as tw_run_bands_values lays them out (tradewar/bands.h: n_outputs is
 * tw_run_bands_groups, result g of step k at k * n_outputs + g, names tw_run_bands_group_name).
 * @return as tw_branch_odds_compute. */
TW_API tw_status tw_run_odds_compute(const tw_plan *p, const tw_timeline *t, double risk_aversion,
                                     tw_branch_odds **out, tw_error *err);
/* The "policy_uncertainty" object of `tradewar run --json` (docs/json.md) for odds o computed
 * by tw_run_odds_compute on plan p and timeline t, then a newline. @return TW_OK, TW_ERR_IO,
 * TW_ERR_NOMEM; TW_ERR_USAGE (o is not of p's groups). */
TW_API tw_status tw_json_write_run_odds(tw_sink out, const tw_plan *p, const tw_timeline *t,
                                        const tw_branch_odds *o, tw_error *err);
/* The document of `tradewar run --json` without --draws: the timeline document
 * (tw_json_write_timeline), or, when a truce of the scenario gives probabilities to its
 * outcomes, {"point": the timeline document, "policy_uncertainty": the odds} with the given
 * risk aversion (the command line's default is 2). @return as tw_run_odds_compute and the
 * writers. */
TW_API tw_status tw_json_write_run(tw_sink out, const tw_plan *p, const tw_timeline *t,
                                   double risk_aversion, tw_error *err);

static inline size_t tw_branch_odds_at(const tw_branch_odds *o, int b, int d, int q)
{
    return ((size_t)b * o->n_dates + d) * o->n_outputs + q;
}

#ifdef __cplusplus
}
#endif
#endif
