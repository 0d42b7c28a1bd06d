/* SPDX-License-Identifier: MIT */
/* Self-enforcing agreements: deviation and punishment payoffs and the discount-factor
 * threshold delta* of a grim (or T-period) trigger strategy. */
#include <math.h>
#include <string.h>

#include "core/error.h"
#include "strategy/game_internal.h"
#include "strategy/strategy_internal.h"

/* sum_{t=1..T} delta^t, or delta / (1 - delta) for T = 0 (for ever). */
static double punished_weight(double delta, int periods)
{
    if (periods <= 0)
        return delta / (1.0 - delta);
    double s = 0.0, p = 1.0;
    for (int t = 1; t <= periods; t++) {
        p *= delta;
        s += p;
    }
    return s;
}

int tw_enforce_holds(double delta, double v_agree, double v_deviate, double v_punish,
                     int periods)
{
    /* Keep: v_agree + sum_{t>=1} delta^t v_agree. Deviate: v_deviate + punished periods at
     * v_punish + the agreement again afterwards; the common tail cancels. */
    return v_deviate - v_agree <= (v_agree - v_punish) * punished_weight(delta, periods);
}

double tw_enforce_threshold(double v_agree, double v_deviate, double v_punish, int periods)
{
    double gain = v_deviate - v_agree, loss = v_agree - v_punish;
    if (!(gain > 0))
        return 0.0;
    if (!(loss > 0))
        return NAN;
    if (periods <= 0)
        return gain / (v_deviate - v_punish);
    /* loss * sum_{t=1..T} delta^t rises from 0 to loss * T on [0, 1]. */
    if (loss * periods < gain)
        return NAN;
    double lo = 0.0, hi = 1.0;
    for (int it = 0; it < 200 && hi - lo > 1e-16; it++) {
        double mid = 0.5 * (lo + hi);
        if (loss * punished_weight(mid, periods) >= gain)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

static tw_status game_enforce(tw_game *g, const tw_instrument *players, int n_players,
                              const tw_objective *objs, const tw_policy *agreement,
                              const tw_policy *punishment, int punish_periods, tw_enforce_result *res,
                              tw_error *err)
{
    tw_error_clear(err);
    if (!g || !players || n_players < 1 || !agreement || !punishment || !res)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_game_enforce: bad arguments");
    tw_players w;
    tw_status st = tw_players_setup(g, players, n_players, objs, agreement, &w, err);
    if (st)
        return st;
    tw_equilibrium *ea = tw_equilibrium_create(g->m), *ep = tw_equilibrium_create(g->m);
    if (!ea || !ep) {
        tw_equilibrium_free(ea);
        tw_equilibrium_free(ep);
        tw_players_free(&w);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    st = tw_model_solve(g->m, g->solver, agreement, ea, NULL, err);
    if (!st)
        st = tw_model_solve(g->m, g->solver, punishment, ep, NULL, err);
    int all_ok = 1;
    for (int p = 0; p < n_players && !st; p++) {
        tw_enforce_result *r = &res[p];
        memset(r, 0, sizeof *r);
        r->v_agree = exp(tw_objective_value(g->m, ea, &w.obj[p]));
        r->v_punish = exp(tw_objective_value(g->m, ep, &w.obj[p]));
        /* Deviation: p's best response to the agreement, the others keeping it. */
        memcpy(w.xnew, w.x[p], w.map[p].nvar * sizeof(double));
        tw_equilibrium_copy(g->eq_trial, ea);
        tw_optimize_report br;
        tw_status bst = tw_best_response_x(g, &players[p], &w.obj[p], &w.map[p], agreement,
                                           w.base, w.xnew, g->trial, g->eq_trial, &br, err);
        r->evaluations = br.evaluations + 2;
        if (bst && bst != TW_ERR_NOT_CONVERGED)
            st = bst;
        if (br.cancelled)
            st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                         "interrupted while optimising deviations");
        r->deviation_converged = br.converged;
        all_ok &= br.converged;
        /* The deviation can do no worse than keeping the agreement (it starts there). */
        r->v_deviate = fmax(exp(br.value), r->v_agree);
        r->delta_star = tw_enforce_threshold(r->v_agree, r->v_deviate, r->v_punish,
                                             punish_periods);
        tw_game_progress(g, "deviation of player", p + 1, r->v_deviate);
    }
    tw_equilibrium_free(ea);
    tw_equilibrium_free(ep);
    tw_players_free(&w);
    if (st)
        return st;
    if (!all_ok)
        return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                       "a deviation's optimisation did not converge: its payoff is a lower "
                       "bound");
    return TW_OK;
}

/* The public entry point: a computation stopped by the cancel flag or the progress callback
 * returns TW_ERR_CANCELLED (its partial result is marked as such in the report). */
tw_status tw_game_enforce(tw_game *g, const tw_instrument *players, int n_players,
                          const tw_objective *objs, const tw_policy *agreement,
                          const tw_policy *punishment, int punish_periods, tw_enforce_result *res,
                          tw_error *err)
{
    tw_status st = game_enforce(g, players, n_players, objs, agreement, punishment, punish_periods, res, err);
    return tw_game_cancel_status(g, st, err);
}
