/* SPDX-License-Identifier: MIT */
/* R bindings of tradewar: games of several governments (a Nash war, talks, self-enforcing
 * agreements and escalation, tradewar/strategy.h), each written as the library's document,
 * as `tradewar war|talks|enforce|escalate --json` do (src/cli/cmd_*.c). The R wrappers check
 * types and lengths first, so nothing here calls Rf_error after allocating. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tw_r.h"

#define MAX_PLAYERS 64

/* What every game needs: the players, their instruments on each other (or, with
 * on_everyone, on every other country), a game, today's policy and work objects. */
typedef struct game_work {
    const tw_model *m;
    int np;
    int players[MAX_PLAYERS];
    int partners[MAX_PLAYERS][MAX_PLAYERS];
    tw_instrument ins[MAX_PLAYERS];
    tw_instrument_kind kind;
    int services;
    tw_game *g;
    tw_policy *today, *chosen, *other;
    tw_equilibrium *eq;
    tw_results *res;
    tw_buffer buf;
    tw_error err;
    int draws;                /* with bands (tw_r_bands_request) */
    tw_draw_options dopt;
    const char *theta_se;
    tw_buffer ubuf;           /* their "uncertainty" document */
} game_work;

static tw_status usage(tw_error *err, const char *msg)
{
    tw_error_clear(err);
    err->status = TW_ERR_USAGE;
    snprintf(err->message, sizeof err->message, "%s", msg);
    return TW_ERR_USAGE;
}

/* Players, instruments and work objects into w (zeroed first). @return TW_OK or an error in
 * w->err; game_end frees whatever was made. */
static tw_status game_begin(game_work *w, SEXP model, SEXP players, SEXP instrument,
                            SEXP services, SEXP max_rate, int on_everyone, int only_increases,
                            SEXP bands)
{
    memset(w, 0, sizeof *w);
    tw_buffer_init(&w->buf);
    tw_buffer_init(&w->ubuf);
    w->draws = tw_r_bands_request(bands, &w->dopt, &w->theta_se);
    tw_error_clear(&w->err);
    w->m = tw_r_model_of(model)->m;
    const tw_world *wd = tw_model_world(w->m);
    double upper = tw_r_number(max_rate, "max_rate");
    w->services = Rf_asLogical(services) == TRUE;
    if (tw_instrument_kind_parse(tw_r_string(instrument, "instrument"), &w->kind))
        return usage(&w->err, "instrument expects uniform, sector or partner-sector");
    if (!(upper > 0) || !isfinite(upper))
        return usage(&w->err, "max_rate must be a positive number");
    R_xlen_t np = XLENGTH(players);
    if (np < 2 || np > MAX_PLAYERS)
        return usage(&w->err, "players: at least two country codes (at most 64)");
    w->np = (int)np;
    for (int p = 0; p < w->np; p++) {
        const char *code = Rf_translateCharUTF8(STRING_ELT(players, p));
        w->players[p] = tw_world_country_index(wd, code);
        if (w->players[p] < 0) {
            usage(&w->err, "");
            snprintf(w->err.message, sizeof w->err.message, "unknown country '%.32s'", code);
            return TW_ERR_USAGE;
        }
        for (int q = 0; q < p; q++)
            if (w->players[q] == w->players[p])
                return usage(&w->err, "players: a country is listed twice");
    }
    for (int p = 0; p < w->np; p++) {
        int k = 0;
        for (int q = 0; q < w->np; q++)
            if (q != p)
                w->partners[p][k++] = w->players[q];
        w->ins[p] = (tw_instrument){.country = w->players[p], .kind = w->kind,
                                    .partners = on_everyone ? NULL : w->partners[p],
                                    .n_partners = on_everyone ? 0 : k, .services = w->services,
                                    .only_increases = only_increases, .upper = upper};
    }
    w->eq = tw_equilibrium_create(w->m);
    w->res = tw_results_create(w->m);
    if (!w->eq || !w->res || tw_policy_create(w->m, &w->today) ||
        tw_policy_create(w->m, &w->chosen) || tw_policy_create(w->m, &w->other)) {
        w->err.status = TW_ERR_NOMEM;
        snprintf(w->err.message, sizeof w->err.message, "out of memory");
        return TW_ERR_NOMEM;
    }
    return tw_game_create(w->m, NULL, &w->g, &w->err);
}

/* The document common to all games (players on each other, or on everyone). */
static tw_game_document game_doc(const game_work *w, int on_each_other, const char *status)
{
    tw_game_document g = {.model = w->m, .today = w->today, .chosen = w->chosen,
                          .results = w->res, .importers = w->players, .n_importers = w->np,
                          .partners = on_each_other ? w->players : NULL,
                          .n_partners = on_each_other ? w->np : 0, .services = w->services,
                          .instrument = w->kind, .status = status};
    return g;
}

/* Frees w's objects; returns the document (st TW_OK) or the error list. */
static SEXP game_end(game_work *w, tw_status st)
{
    tw_game_free(w->g);
    tw_policy_free(w->today);
    tw_policy_free(w->chosen);
    tw_policy_free(w->other);
    tw_equilibrium_free(w->eq);
    tw_results_free(w->res);
    if (st) {
        tw_buffer_release(&w->buf);
        tw_buffer_release(&w->ubuf);
        if (!w->err.status)
            w->err.status = st;
        if (!w->err.message[0])
            snprintf(w->err.message, sizeof w->err.message, "%s",
                     st == TW_ERR_NOMEM ? "out of memory" : "failed");
        return tw_r_error_list(&w->err);
    }
    return w->draws ? tw_r_json_pair(&w->buf, &w->ubuf) : tw_r_json_string(&w->buf);
}

/* With draws: the bands of an optimal, war or talks game gb from its point (w->chosen,
 * w->res) into w->ubuf. */
static tw_status strategy_bands(game_work *w, tw_game_bands_game game, const tw_war_options *wo,
                                const tw_talks_options *to, int threat_war)
{
    if (!w->draws)
        return TW_OK;
    tw_game_bands gb = {.game = game, .players = w->ins, .n_players = w->np,
                        .services = w->services, .war = wo, .talks = to,
                        .talks_threat_war = threat_war};
    return tw_r_game_bands(w->m, &w->dopt, w->theta_se, &gb, w->chosen, w->res, &w->ubuf,
                           &w->err);
}

/* The players' Nash war from today into w->other (the threat point or punishment), with
 * bilateral instruments and default options. */
static tw_status war_point(game_work *w, int *found)
{
    tw_war_report rep = {0};
    tw_status st = tw_game_nash_war(w->g, w->ins, w->np, NULL, NULL, w->today, w->other, w->eq,
                                    NULL, &rep, &w->err);
    *found = rep.found;
    return st;
}

SEXP tw_r_war(SEXP model, SEXP players, SEXP among, SEXP instrument, SEXP services,
              SEXP only_increases, SEXP max_rate, SEXP method, SEXP bands)
{
    game_work *w = malloc(sizeof *w);
    if (!w)
        return tw_r_fail(TW_ERR_NOMEM, "out of memory");
    int on_each = Rf_asLogical(among) == TRUE;
    tw_war_options wo;
    tw_war_options_init(&wo);
    const char *method_s = tw_r_string(method, "method");
    tw_status st = game_begin(w, model, players, instrument, services, max_rate, !on_each,
                              Rf_asLogical(only_increases) == TRUE, bands);
    if (!st && tw_war_method_parse(method_s, &wo.method))
        st = usage(&w->err, "method expects auto, newton or best-response");
    double gains[MAX_PLAYERS];
    tw_war_report rep = {0};
    if (!st)
        st = tw_game_nash_war(w->g, w->ins, w->np, NULL, &wo, w->today, w->chosen, w->eq, gains,
                              &rep, &w->err);
    if (!st && (st = tw_results_compute(w->m, w->eq, w->res)))
        w->err.status = st;
    if (!st) {
        tw_war_document doc = {
            .game = game_doc(w, on_each, "Nash equilibrium found"), .players = w->ins,
            .n_players = w->np, .among_players = on_each, .gains = gains,
            .gain_tolerance = wo.gain_tolerance > 0 ? wo.gain_tolerance : 1e-7, .report = rep};
        st = tw_json_write_war(tw_sink_buffer(&w->buf), &doc, &w->err);
    }
    if (!st)
        st = strategy_bands(w, TW_GAME_BANDS_WAR, &wo, NULL, 0);
    SEXP out = game_end(w, st);
    free(w);
    return out;
}

SEXP tw_r_talks(SEXP model, SEXP players, SEXP threat_war, SEXP rule, SEXP weights,
                SEXP delta, SEXP truce, SEXP instrument, SEXP services, SEXP max_rate,
                SEXP bands)
{
    game_work *w = malloc(sizeof *w);
    if (!w)
        return tw_r_fail(TW_ERR_NOMEM, "out of memory");
    int from_war = Rf_asLogical(threat_war) == TRUE, periods = Rf_asInteger(truce);
    double d = tw_r_number(delta, "delta");
    const char *rule_s = tw_r_string(rule, "rule");
    tw_talks_options to;
    tw_talks_options_init(&to);
    tw_status st = game_begin(w, model, players, instrument, services, max_rate, 0, 0, bands);
    if (!st && tw_talks_rule_parse(rule_s, &to.rule))
        st = usage(&w->err, "rule expects nash or equal-gains");
    if (!st && XLENGTH(weights) && XLENGTH(weights) != w->np)
        st = usage(&w->err, "weights: one positive number per player");
    for (R_xlen_t k = 0; !st && k < XLENGTH(weights); k++)
        if (!(REAL(weights)[k] > 0) || !isfinite(REAL(weights)[k]))
            st = usage(&w->err, "weights: one positive number per player");
    to.weights = XLENGTH(weights) ? REAL(weights) : NULL;
    if (!st && !(d >= 0 && d < 1))
        st = usage(&w->err, "delta must be a number in [0, 1)");
    if (!st && (periods == NA_INTEGER || periods < 0 || periods > 100000))
        st = usage(&w->err, "truce_periods must be a whole number in 0..100000");
    int found = 0;
    if (!st && from_war)
        st = war_point(w, &found);
    else if (!st)
        tw_policy_copy(w->other, w->today);
    double vt[MAX_PLAYERS], vd[MAX_PLAYERS];
    tw_talks_report rep = {0};
    if (!st)
        st = tw_game_talks(w->g, w->ins, w->np, NULL, &to, w->other, w->chosen, w->eq, vt, vd,
                           &rep, &w->err);
    if (!st && (st = tw_results_compute(w->m, w->eq, w->res)))
        w->err.status = st;
    if (!st) {
        tw_talks_document doc = {
            .game = game_doc(w, 1, rep.no_gain ? "no deal improves on the threat point"
                                               : "converged"),
            .players = w->ins, .n_players = w->np, .rule = to.rule, .threat_war = from_war,
            .threat = w->other, .v_threat = vt, .v_deal = vd, .delta = d,
            .truce_periods = periods, .threat_war_found = found, .report = rep};
        st = tw_json_write_talks(tw_sink_buffer(&w->buf), &doc, &w->err);
    }
    if (!st)
        st = strategy_bands(w, TW_GAME_BANDS_TALKS, NULL, &to, from_war);
    SEXP out = game_end(w, st);
    free(w);
    return out;
}

SEXP tw_r_enforce(SEXP model, SEXP players, SEXP agreement, SEXP periods, SEXP delta,
                  SEXP instrument, SEXP services, SEXP max_rate, SEXP bands)
{
    game_work *w = malloc(sizeof *w);
    if (!w)
        return tw_r_fail(TW_ERR_NOMEM, "out of memory");
    static const char *const agreements[] = {"today", "deal", "free-trade"};
    const char *ag_s = tw_r_string(agreement, "agreement");
    int ag = -1, np_ = Rf_asInteger(periods);
    for (int k = 0; k < 3; k++)
        if (strcmp(ag_s, agreements[k]) == 0)
            ag = k;
    double d = tw_r_number(delta, "delta");
    tw_status st = game_begin(w, model, players, instrument, services, max_rate, 0, 0, bands);
    if (!st && ag < 0)
        st = usage(&w->err, "agreement expects today, deal or free-trade");
    if (!st && (np_ == NA_INTEGER || np_ < 0 || np_ > 100000))
        st = usage(&w->err, "periods must be a whole number in 0..100000");
    if (!st && !isnan(d) && !(d >= 0 && d < 1))
        st = usage(&w->err, "delta must be a number in [0, 1) or NA");
    int found = 0;
    if (!st)
        st = war_point(w, &found);
    double vt[MAX_PLAYERS], vd[MAX_PLAYERS];
    if (!st && ag == 1) {
        st = tw_game_talks(w->g, w->ins, w->np, NULL, NULL, w->other, w->chosen, w->eq, vt, vd,
                           NULL, &w->err);
    } else if (!st) {
        tw_policy_copy(w->chosen, w->today);
        tw_dims dm = tw_world_dims(tw_model_world(w->m));
        for (int p = 0; p < w->np && ag == 2; p++)
            for (int q = 0; q < w->np; q++)
                for (int j = 0; j < dm.j && p != q; j++)
                    tw_policy_tariffs(w->chosen)[tw_ix_nij(dm, w->players[p], w->players[q], j)] =
                        0.0;
    }
    tw_enforce_result res[MAX_PLAYERS];
    if (!st) /* a deviation that did not converge gives a lower bound only: an error */
        st = tw_game_enforce(w->g, w->ins, w->np, NULL, w->chosen, w->other, np_, res, &w->err);
    if (!st)
        st = tw_model_solve(w->m, tw_game_solver(w->g), w->chosen, w->eq, NULL, &w->err);
    if (!st && (st = tw_results_compute(w->m, w->eq, w->res)))
        w->err.status = st;
    if (!st) {
        tw_enforce_document doc = {.game = game_doc(w, 1, "converged"), .players = w->players,
                                   .n_players = w->np, .agreement = agreements[ag],
                                   .punish_periods = np_, .delta = d, .res = res,
                                   .converged = 1, .war_found = found};
        st = tw_json_write_enforce(tw_sink_buffer(&w->buf), &doc, &w->err);
    }
    if (!st && w->draws) {
        tw_enforce_bands fb = {w->ins, w->np, np_, agreements[ag]};
        st = tw_r_enforce_bands(w->m, &w->dopt, w->theta_se, &fb, res, &w->ubuf, &w->err);
    }
    SEXP out = game_end(w, st);
    free(w);
    return out;
}

SEXP tw_r_escalate(SEXP model, SEXP players, SEXP rules, SEXP opening, SEXP factor, SEXP cap,
                   SEXP forgive, SEXP rounds, SEXP dates, SEXP instrument, SEXP bands)
{
    game_work *w = malloc(sizeof *w);
    if (!w)
        return tw_r_fail(TW_ERR_NOMEM, "out of memory");
    SEXP no = PROTECT(Rf_ScalarLogical(FALSE)), two = PROTECT(Rf_ScalarReal(2.0));
    int nr = Rf_asInteger(rounds);
    tw_status st = game_begin(w, model, players, instrument, no, two, 0, 0, bands);
    UNPROTECT(2);
    R_xlen_t n = w->np;
    if (!st && (XLENGTH(rules) != n || XLENGTH(opening) != n || XLENGTH(factor) != n ||
                XLENGTH(cap) != n || XLENGTH(forgive) != n))
        st = usage(&w->err, "rules, opening, factor, cap and forgive: one per player");
    if (!st && (nr == NA_INTEGER || nr < 1 || nr > 10000 || XLENGTH(dates) != nr))
        st = usage(&w->err, "rounds must be a number in 1..10000, with one date per round");
    tw_escalation_player pl[MAX_PLAYERS];
    for (int p = 0; !st && p < w->np; p++) {
        tw_rule r;
        double o = REAL(opening)[p], c = REAL(cap)[p], f = REAL(forgive)[p];
        if (tw_rule_parse(Rf_translateCharUTF8(STRING_ELT(rules, p)), &r))
            st = usage(&w->err, "unknown rule (hold, tit-for-tat, proportional, best-response)");
        else if (!(c >= 0) || !(f >= 0) || f != floor(f) || !(o > -1) || f > 1e6 ||
                 !isfinite(REAL(factor)[p]))
            st = usage(&w->err, "caps and openings must be >= 0 (openings >= -1) and forgive "
                                "whole rounds >= 0");
        else
            pl[p] = (tw_escalation_player){.country = w->players[p], .rule = r,
                                           .factor = REAL(factor)[p], .opening = o, .cap = c,
                                           .forgive_after = (int)f, .kind = w->kind};
    }
    tw_escalation *path = NULL;
    if (!st)
        st = tw_game_escalate(w->g, pl, w->np, nr, w->today, w->chosen, w->eq, &path, &w->err);
    if (!st && (st = tw_results_compute(w->m, w->eq, w->res)))
        w->err.status = st;
    const char **dp = NULL;
    if (!st && !(dp = malloc(((size_t)path->rounds + 1) * sizeof *dp)))
        st = w->err.status = TW_ERR_NOMEM;
    if (!st) {
        dp[0] = "today";
        for (int r = 1; r <= path->rounds; r++)
            dp[r] = CHAR(STRING_ELT(dates, r - 1));
        tw_escalation_document doc = {
            .game = game_doc(w, 1, tw_escalation_end_name(path->end)), .players = pl,
            .n_players = w->np, .path = path, .round_dates = dp};
        st = tw_json_write_escalation(tw_sink_buffer(&w->buf), &doc, &w->err);
    }
    if (!st && w->draws) {
        tw_escalate_bands eb = {pl, w->np, nr, path->rounds, dp};
        st = tw_r_escalate_bands(w->m, &w->dopt, w->theta_se, &eb, path, &w->ubuf, &w->err);
    }
    free(dp);
    tw_escalation_free(path);
    SEXP out = game_end(w, st);
    free(w);
    return out;
}
