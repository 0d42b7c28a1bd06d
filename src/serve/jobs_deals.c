/* SPDX-License-Identifier: MIT */
/* The jobs "talks" and "enforce" (src/serve/jobs.h): played as `tradewar talks` and
 * `tradewar enforce` play them (src/cli/cmd_talks.c, src/cli/cmd_enforce.c) and written with
 * the same JSON writers. A game that did not converge is an error here, never a result. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "serve/jobs.h"

/* What a deal's game needs, made and freed together. */
typedef struct deal_work {
    int (*partners)[TW_SC_MAX_PLAYERS];
    tw_instrument *ins;
    double *vt, *vd;
    tw_enforce_result *er;
    tw_policy *threat, *deal;
    tw_equilibrium *eq;
    tw_results *res;
} deal_work;

static void deal_free(deal_work *k)
{
    free(k->partners);
    free(k->ins);
    free(k->vt);
    free(k->vd);
    free(k->er);
    tw_policy_free(k->threat);
    tw_policy_free(k->deal);
    tw_equilibrium_free(k->eq);
    tw_results_free(k->res);
}

/* The work of a's players on a's model, with the instruments on each other. */
static tw_status deal_make(const tw_job_args *a, deal_work *k, tw_error *err)
{
    const tw_model *m = a->mm->m;
    size_t np = (size_t)a->np;
    k->partners = calloc(np, sizeof *k->partners);
    k->ins = calloc(np, sizeof *k->ins);
    k->vt = calloc(np, sizeof *k->vt);
    k->vd = calloc(np, sizeof *k->vd);
    k->er = calloc(np, sizeof *k->er);
    k->eq = tw_equilibrium_create(m);
    k->res = tw_results_create(m);
    if (!k->partners || !k->ins || !k->vt || !k->vd || !k->er || !k->eq || !k->res ||
        tw_policy_create(m, &k->threat) || tw_policy_create(m, &k->deal))
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    tw_sc_bilateral_instruments(&a->c, a->players, a->np, k->partners, k->ins);
    return TW_OK;
}

tw_status tw_job_talks(const tw_job_args *a, tw_game *g, const tw_policy *today, tw_buffer *out,
                       tw_error *err)
{
    deal_work k = {0};
    int np = a->np;
    tw_status st = deal_make(a, &k, err);
    tw_war_report wr = {0};
    if (!st && a->from_war)
        st = tw_game_nash_war(g, k.ins, np, NULL, NULL, today, k.threat, k.eq, NULL, &wr, err);
    else if (!st)
        tw_policy_copy(k.threat, today);
    tw_talks_options to = a->to;
    to.weights = a->has_weights ? a->weights : NULL;
    tw_talks_report rep = {0};
    if (!st)
        st = tw_game_talks(g, k.ins, np, NULL, &to, k.threat, k.deal, k.eq, k.vt, k.vd, &rep,
                           err);
    if (!st && rep.cancelled)
        st = TW_ERR_CANCELLED;
    if (!st) {
        tw_results_compute(a->mm->m, k.eq, k.res);
        const char *state = rep.converged ? (rep.no_gain ? "no deal improves on the threat point"
                                                         : "converged")
                                          : "not converged";
        tw_sc_session ss = {a->mm->w, a->mm->m, g, (tw_policy *)today};
        tw_talks_document doc = {
            .game = tw_sc_game_document(&a->c, &ss, k.deal, k.res, a->players, np, a->players,
                                        np, state),
            .players = k.ins, .n_players = np, .rule = to.rule, .threat_war = a->from_war,
            .threat = k.threat, .v_threat = k.vt, .v_deal = k.vd, .delta = a->delta,
            .truce_periods = a->truce, .threat_war_found = a->from_war ? wr.found : 0,
            .report = rep};
        st = tw_json_write_talks(tw_sink_buffer(out), &doc, err);
    }
    deal_free(&k);
    return st;
}

/* The agreement enforce checks into k->deal (after the war, the punishment, in k->threat). */
static tw_status agreement(const tw_job_args *a, tw_game *g, const tw_policy *today,
                           deal_work *k, tw_error *err)
{
    if (strcmp(a->agreement, "deal") == 0)
        return tw_game_talks(g, k->ins, a->np, NULL, NULL, k->threat, k->deal, k->eq, k->vt,
                             k->vd, NULL, err);
    tw_policy_copy(k->deal, today);
    if (strcmp(a->agreement, "free-trade") == 0) {
        tw_dims d = tw_world_dims(a->mm->w);
        for (int p = 0; p < a->np; p++)
            for (int q = 0; q < a->np; q++)
                for (int j = 0; j < d.j && p != q; j++)
                    tw_policy_tariffs(k->deal)[tw_ix_nij(d, a->players[p], a->players[q], j)] =
                        0.0;
    }
    return TW_OK;
}

tw_status tw_job_enforce(const tw_job_args *a, tw_game *g, const tw_policy *today,
                         tw_buffer *out, tw_error *err)
{
    deal_work k = {0};
    int np = a->np;
    tw_status st = deal_make(a, &k, err);
    tw_war_report wr = {0};
    if (!st)
        st = tw_game_nash_war(g, k.ins, np, NULL, NULL, today, k.threat, k.eq, NULL, &wr, err);
    if (!st)
        st = agreement(a, g, today, &k, err);
    if (!st)
        st = tw_game_enforce(g, k.ins, np, NULL, k.deal, k.threat, a->periods, k.er, err);
    if (!st) {
        int all_ok = 1;
        for (int p = 0; p < np; p++)
            all_ok &= k.er[p].deviation_converged;
        tw_error serr;
        int solved = !tw_model_solve(a->mm->m, tw_game_solver(g), k.deal, k.eq, NULL, &serr) &&
                     !tw_results_compute(a->mm->m, k.eq, k.res);
        const char *state = all_ok ? "converged" : "a deviation did not converge (lower bound)";
        tw_sc_session ss = {a->mm->w, a->mm->m, g, (tw_policy *)today};
        tw_enforce_document doc = {
            .game = tw_sc_game_document(&a->c, &ss, k.deal, solved ? k.res : NULL, a->players,
                                        np, a->players, np, state),
            .players = a->players, .n_players = np, .agreement = a->agreement,
            .punish_periods = a->periods, .delta = a->delta, .res = k.er, .converged = all_ok,
            .war_found = wr.found};
        st = tw_json_write_enforce(tw_sink_buffer(out), &doc, err);
    }
    deal_free(&k);
    return st;
}
