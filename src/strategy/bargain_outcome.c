/* SPDX-License-Identifier: MIT */
/* The whole bargain of `tradewar bargain` and of the bindings' bargain (tradewar/bargain.h,
 * tw_bargain_outcome_run): the disagreement point, the bargain, the deal's and the
 * disagreement's results and the document over them, in one place. */
#include "tradewar/bargain.h"

#include <stdlib.h>

#include "core/error.h"

struct tw_bargain_outcome {
    tw_policy *disagreement, *deal;
    tw_equilibrium *eq, *eq_disagreement;
    tw_results *r_deal, *r_disagreement;
    double *levels, *v_disagreement, *v_deal;
    tw_bargain_document doc;
};

void tw_bargain_outcome_free(tw_bargain_outcome *o)
{
    if (!o)
        return;
    tw_policy_free(o->disagreement);
    tw_policy_free(o->deal);
    tw_equilibrium_free(o->eq);
    tw_equilibrium_free(o->eq_disagreement);
    tw_results_free(o->r_deal);
    tw_results_free(o->r_disagreement);
    free(o->levels);
    free(o->v_disagreement);
    free(o->v_deal);
    free(o);
}

static tw_bargain_outcome *outcome_create(const tw_model *m, int n_players, int nc)
{
    tw_bargain_outcome *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    o->eq = tw_equilibrium_create(m);
    o->eq_disagreement = tw_equilibrium_create(m);
    o->r_deal = tw_results_create(m);
    o->r_disagreement = tw_results_create(m);
    o->levels = calloc((size_t)nc, sizeof *o->levels);
    o->v_disagreement = calloc((size_t)n_players, sizeof *o->v_disagreement);
    o->v_deal = calloc((size_t)n_players, sizeof *o->v_deal);
    if (!o->eq || !o->eq_disagreement || !o->r_deal || !o->r_disagreement || !o->levels ||
        !o->v_disagreement || !o->v_deal || tw_policy_create(m, &o->disagreement) ||
        tw_policy_create(m, &o->deal)) {
        tw_bargain_outcome_free(o);
        return NULL;
    }
    return o;
}

tw_status tw_bargain_outcome_run(tw_game *g, const tw_policy *base, const int *players,
                                 int n_players, const tw_control *controls, int nc,
                                 const double *shares, const tw_bargain_options *opts,
                                 tw_bargain_outcome **out, tw_error *err)
{
    if (!out)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_bargain_outcome_run: out is NULL");
    *out = NULL;
    if (!g || !players || n_players < 2 || !controls || nc < 1 || !shares)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                            "tw_bargain_outcome_run: a game, two or more players and at least "
                            "one control with its share are needed");
    const tw_model *m = tw_game_model(g);
    tw_bargain_outcome *o = outcome_create(m, n_players, nc);
    if (!o)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (base)
        tw_policy_copy(o->disagreement, base);
    tw_bargain_report rep = {0};
    tw_status st = tw_controls_set_in_force(m, players, n_players, controls, nc, shares,
                                            o->disagreement, err);
    if (!st)
        st = tw_game_bargain(g, players, n_players, NULL, controls, nc, opts, o->disagreement,
                             o->deal, o->eq, o->levels, o->v_disagreement, o->v_deal, &rep,
                             err);
    if (!st && (st = tw_results_compute(m, o->eq, o->r_deal)))
        tw_fail(err, st, NULL, 0, 0, NULL, "the results of the deal could not be computed");
    if (!st)
        st = tw_model_solve(m, tw_game_solver(g), o->disagreement, o->eq_disagreement, NULL,
                            err);
    if (!st && (st = tw_results_compute(m, o->eq_disagreement, o->r_disagreement)))
        tw_fail(err, st, NULL, 0, 0, NULL, "the results of the disagreement point could not be computed");
    if (st) { /* an unconverged bargain is an error, never a result */
        tw_bargain_outcome_free(o);
        return st;
    }
    o->doc = (tw_bargain_document){
        .model = m, .players = players, .n_players = n_players,
        .weights = opts ? opts->weights : NULL, .controls = controls, .n_controls = nc,
        .cap_share = shares, .levels = o->levels, .v_disagreement = o->v_disagreement,
        .v_deal = o->v_deal, .disagreement = o->r_disagreement, .deal = o->r_deal,
        .status = rep.no_gain ? "no deal improves on the disagreement point" : "converged",
        .interrupted = 0, .report = rep};
    *out = o;
    return TW_OK;
}

const tw_bargain_document *tw_bargain_outcome_document(const tw_bargain_outcome *o)
{
    return o ? &o->doc : NULL;
}

const tw_policy *tw_bargain_outcome_deal(const tw_bargain_outcome *o)
{
    return o ? o->deal : NULL;
}

const tw_policy *tw_bargain_outcome_disagreement(const tw_bargain_outcome *o)
{
    return o ? o->disagreement : NULL;
}
