/* SPDX-License-Identifier: MIT */
/* Games stated in scenario files: the strategy layer's solver for timeline events with a
 * `game` (docs/scenario-format.md, "Games"). The timeline (policy layer) calls it through a
 * function pointer, so that layer does not depend on this one. */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "strategy/bargain_internal.h"
#include "tradewar/strategy.h"
#include "tradewar/world.h"

/* An escalation: the players' rules played from `start` until they end (fixed point, caps,
 * cycle or the round limit); out receives the tariffs where the path ends. */
static tw_status escalate(tw_game *g, const tw_scenario_game *sg, const tw_policy *start,
                          tw_policy *out, tw_equilibrium *eq, tw_error *err)
{
    int np = sg->n_players;
    tw_escalation_player *pl = calloc((size_t)np, sizeof *pl);
    if (!pl)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (int k = 0; k < np; k++)
        pl[k] = (tw_escalation_player){.country = sg->players[k],
                                       .rule = sg->rules[k],
                                       .factor = sg->factors[k],
                                       .opening = sg->openings[k],
                                       .cap = sg->caps[k],
                                       .forgive_after = sg->forgive_after[k],
                                       .kind = sg->instrument};
    tw_escalation *path = NULL;
    tw_status st = tw_game_escalate(g, pl, np, sg->rounds, start, out, eq, &path, err);
    tw_escalation_free(path);
    free(pl);
    return st;
}

/* Re-labels an error from the strategy layer with the event's place in the file. */
static tw_status at_event(const tw_scenario_game *sg, tw_status st, tw_error *err,
                          const char *what)
{
    if (!err)
        return st;
    char msg[sizeof err->message];
    memcpy(msg, err->message, sizeof msg);
    return tw_fail(err, st, sg->file, sg->line, sg->column, sg->field, "%s (event '%s'): %s",
                   what, sg->label ? sg->label : "", msg);
}

tw_status tw_scenario_game_solve(void *ctx, const tw_model *m, const tw_scenario_game *sg,
                                 tw_policy *p, tw_equilibrium *eq, tw_error *err)
{
    tw_error_clear(err);
    const tw_game_options *opts = ctx;
    int np = sg->n_players, N = tw_world_dims(tw_model_world(m)).n;
    if (np < 1 || (sg->kind == TW_GAME_NASH_WAR && np < 2))
        return tw_fail(err, TW_ERR_USAGE, sg->file, sg->line, sg->column, sg->field,
                       "a game needs its players");
    tw_game *g = NULL;
    tw_policy *start = NULL, *out = NULL;
    tw_instrument *ins = calloc((size_t)np, sizeof *ins);
    int *partners = calloc((size_t)np * (size_t)N, sizeof *partners);
    double *gains = calloc((size_t)np, sizeof *gains);
    tw_status st = (!ins || !partners || !gains) ? TW_ERR_NOMEM : TW_OK;
    if (!st)
        st = tw_game_create(m, opts, &g, err);
    if (!st && (tw_policy_create(m, &start) || tw_policy_create(m, &out)))
        st = TW_ERR_NOMEM;
    if (st == TW_ERR_NOMEM)
        tw_fail(err, st, NULL, 0, 0, NULL, "out of memory");
    for (int k = 0; !st && k < np; k++) {
        /* Partners: the event's list (never the player itself), or by default every other
         * country for a best response and the other players for a war. */
        int *mine = partners + (size_t)k * (size_t)N, cnt = 0;
        if (sg->n_against) {
            for (int q = 0; q < sg->n_against; q++)
                if (sg->against[q] != sg->players[k])
                    mine[cnt++] = sg->against[q];
        } else if (sg->kind != TW_GAME_BEST_RESPONSE) {
            for (int q = 0; q < np; q++)
                if (q != k)
                    mine[cnt++] = sg->players[q];
        }
        if (sg->n_against && cnt == 0) {
            st = tw_fail(err, TW_ERR_INPUT, sg->file, sg->line, sg->column, sg->field,
                         "player %s has no partner to set tariffs on: 'against' lists only it",
                         tw_world_country_code(tw_model_world(m), sg->players[k]));
            break;
        }
        ins[k] = (tw_instrument){sg->players[k],       sg->instrument,
                                 cnt ? mine : NULL,     cnt,
                                 0,                     sg->only_increases,
                                 0.0,                   sg->max_tariff};
    }
    if (!st) {
        tw_policy_copy(start, p);
        if (sg->kind == TW_GAME_BARGAIN) {
            st = tw_scenario_bargain(g, sg, start, out, eq, err);
            if (st && st != TW_ERR_NOMEM)
                st = at_event(sg, st, err, "the bargain was not found");
        } else if (sg->kind == TW_GAME_ESCALATION) {
            st = escalate(g, sg, start, out, eq, err);
            if (st)
                st = at_event(sg, st, err, "the escalation did not finish");
        } else if (sg->kind == TW_GAME_BEST_RESPONSE) {
            tw_optimize_report rep;
            st = tw_game_best_response(g, &ins[0], NULL, start, out, eq, &rep, err);
            if (st)
                st = at_event(sg, st, err, "the best response was not found");
        } else {
            /* A Nash war, or the threat point of talks that threaten one. */
            if (sg->kind == TW_GAME_NASH_WAR || sg->threat == TW_THREAT_WAR) {
                tw_war_report rep;
                st = tw_game_nash_war(g, ins, np, NULL, NULL, start, out, eq, gains, &rep, err);
                if (!st && !rep.found)
                    st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                                 "no Nash equilibrium found and verified after %d rounds "
                                 "(largest gain from re-optimising a player %.3g)",
                                 rep.rounds, rep.max_gain);
                if (st)
                    st = at_event(sg, st, err, "the Nash war was not found");
                else if (sg->kind == TW_GAME_TALKS)
                    tw_policy_copy(start, out); /* the war is the threat point */
            }
            if (!st && sg->kind == TW_GAME_TALKS) {
                tw_talks_options to;
                tw_talks_options_init(&to);
                to.rule = sg->talks_rule;
                to.weights = sg->weights;
                double *wt = calloc((size_t)np, sizeof *wt), *wd = calloc((size_t)np, sizeof *wd);
                tw_talks_report rep;
                if (!wt || !wd)
                    st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
                else
                    st = tw_game_talks(g, ins, np, NULL, &to, start, out, eq, wt, wd, &rep, err);
                if (st && st != TW_ERR_NOMEM)
                    st = at_event(sg, st, err, "the negotiation did not converge");
                free(wt);
                free(wd);
            }
        }
    }
    if (!st)
        tw_policy_copy(p, out);
    tw_policy_free(start);
    tw_policy_free(out);
    tw_game_free(g);
    free(ins);
    free(partners);
    free(gains);
    return st;
}
