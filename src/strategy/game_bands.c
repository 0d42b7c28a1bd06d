/* SPDX-License-Identifier: MIT */
/* The games under parameter draws (tradewar/game_bands.h): moved here from the program's
 * strategy_draws.c, escalate_draws.c and enforce_draws.c (and the play functions of
 * cmd_optimal.c, cmd_war.c and cmd_talks.c) so that bindings get the same bands as the
 * commands. Each draw plays on a game of its own with one thread: the draws are the parallel
 * work (tw_draws_run). */
#include "tradewar/game_bands.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "tradewar/groups.h"

/* The game, the baseline policy and an equilibrium of one draw. */
typedef struct draw_game {
    tw_game *g;
    tw_policy *today;
    tw_equilibrium *eq;
} draw_game;

static tw_status draw_game_open(const tw_model *m, draw_game *d, tw_error *err)
{
    tw_game_options go;
    tw_game_options_init(&go);
    go.threads = 1; /* the draws are the parallel work */
    memset(d, 0, sizeof *d);
    d->eq = tw_equilibrium_create(m);
    if (!d->eq)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    tw_status st = tw_game_create(m, &go, &d->g, err);
    if (!st && tw_policy_create(m, &d->today))
        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    return st;
}

static void draw_game_close(draw_game *d)
{
    tw_policy_free(d->today);
    tw_equilibrium_free(d->eq);
    tw_game_free(d->g);
}

/* ---- optimal, war, talks ---- */

void tw_game_bands_init(tw_game_bands *b) { memset(b, 0, sizeof *b); }

int tw_game_bands_outputs(const tw_game_bands *b, const tw_world *w)
{
    return 2 * b->n_players + tw_world_dims(w).n + 1;
}

void tw_game_bands_values(const tw_game_bands *b, const tw_world *w, const tw_policy *chosen,
                          const tw_results *r, double *out)
{
    int np = b->n_players, N = tw_world_dims(w).n;
    tw_tariff_average avg = {b->services ? TW_SECTORS_ALL : TW_SECTORS_GOODS, NULL,
                             TW_WEIGHTS_BASELINE};
    for (int p = 0; p < np; p++) {
        int n = b->players[p].country;
        out[2 * p] = 100.0 * tw_tariff_average_group(w, &avg, tw_policy_tariffs_const(chosen),
                                                     &n, 1, b->players[p].partners,
                                                     b->players[p].n_partners);
        out[2 * p + 1] = r->country[n].real_income_pct;
    }
    for (int n = 0; n < N; n++)
        out[2 * np + n] = r->country[n].real_income_pct;
    out[2 * np + N] = r->world_real_income_pct;
}

static tw_status play_optimal(const tw_game_bands *b, const tw_model *m, const draw_game *d,
                              tw_policy *chosen, tw_error *err)
{
    tw_optimize_report rep;
    tw_status st = tw_model_solve(m, tw_game_solver(d->g), d->today, d->eq, NULL, err);
    if (!st)
        st = tw_game_best_response(d->g, b->players, b->objective, d->today, chosen, d->eq,
                                   &rep, err);
    if (!st && !rep.converged)
        st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                     "the best response did not converge (largest free payoff derivative "
                     "%.2g after %d evaluations)",
                     rep.kkt_residual, rep.evaluations);
    return st;
}

static tw_status play_war(const tw_game_bands *b, const draw_game *d, tw_policy *chosen,
                          tw_error *err)
{
    double *gains = malloc((size_t)b->n_players * sizeof *gains);
    if (!gains)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    tw_war_report rep;
    tw_status st = tw_game_nash_war(d->g, b->players, b->n_players, NULL, b->war, d->today,
                                    chosen, d->eq, gains, &rep, err);
    free(gains);
    if (!st && !rep.found)
        st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                     "no verified Nash equilibrium on this draw (%s; largest gain from "
                     "re-optimising %.2g)",
                     rep.converged ? "converged, not verified" : "not converged", rep.max_gain);
    return st;
}

static tw_status play_talks(const tw_game_bands *b, const tw_model *m, const draw_game *d,
                            tw_policy *chosen, tw_error *err)
{
    int np = b->n_players;
    tw_policy *threat = NULL;
    double *v = malloc(2 * (size_t)np * sizeof *v);
    tw_status st = v ? tw_policy_create(m, &threat) : TW_ERR_NOMEM;
    if (st)
        st = tw_fail(err, st, NULL, 0, 0, NULL, "out of memory");
    tw_war_report wr = {0};
    if (!st && b->talks_threat_war) {
        st = tw_game_nash_war(d->g, b->players, np, NULL, NULL, d->today, threat, d->eq, NULL,
                              &wr, err);
        if (!st && !wr.found)
            st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                         "the threat point (the war) was not found on this draw");
    } else if (!st) {
        tw_policy_copy(threat, d->today);
    }
    tw_talks_report rep;
    if (!st)
        st = tw_game_talks(d->g, b->players, np, NULL, b->talks, threat, chosen, d->eq, v,
                           v + np, &rep, err);
    if (!st && !rep.converged)
        st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                     "the talks did not converge on this draw (%d equilibrium solves)",
                     rep.evaluations);
    tw_policy_free(threat);
    free(v);
    return st;
}

tw_status tw_game_bands_eval(void *vctx, const tw_model *m, tw_solver *sv, double *out,
                             tw_error *err)
{
    (void)sv; /* the game has its own solver */
    const tw_game_bands *b = vctx;
    if (b->n_players < 1 || (b->game == TW_GAME_BANDS_OPTIMAL && b->n_players != 1))
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "players",
                       "%d players for this game", b->n_players);
    draw_game d;
    tw_policy *chosen = NULL;
    tw_results *r = tw_results_create(m);
    tw_status st = draw_game_open(m, &d, err);
    if (!st && (!r || tw_policy_create(m, &chosen)))
        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st)
        st = b->game == TW_GAME_BANDS_OPTIMAL ? play_optimal(b, m, &d, chosen, err)
             : b->game == TW_GAME_BANDS_WAR   ? play_war(b, &d, chosen, err)
                                              : play_talks(b, m, &d, chosen, err);
    if (!st)
        st = tw_results_compute(m, d.eq, r);
    if (!st)
        tw_game_bands_values(b, tw_model_world(m), chosen, r, out);
    tw_results_free(r);
    tw_policy_free(chosen);
    draw_game_close(&d);
    return st;
}

/* ---- escalate ---- */

static int per_state(const tw_escalate_bands *b) { return b->n_players * b->n_players; }

int tw_escalate_bands_outputs(const tw_escalate_bands *b)
{
    return (b->rounds + 2) * per_state(b) + 1;
}

int tw_escalate_bands_state(const tw_escalate_bands *b, int r) { return r * per_state(b); }

int tw_escalate_bands_rounds_index(const tw_escalate_bands *b)
{
    return (b->rounds + 2) * per_state(b);
}

/* The round of the path shown at round r: a path that ended earlier stays at its fixed point
 * or cap, or goes round its cycle; one that went on longer is cut at R. */
static int path_round(const tw_escalation *p, int r)
{
    if (r <= p->rounds)
        return r;
    if (p->end == TW_END_CYCLE && p->cycle_length > 0 && p->cycle_length <= p->rounds)
        return p->rounds - p->cycle_length + (r - p->rounds) % p->cycle_length;
    return p->rounds;
}

static void state_of(const tw_escalate_bands *b, const tw_escalation *p, int r, double *out)
{
    int np = b->n_players, k = 0;
    for (int a = 0; a < np; a++)
        for (int q = 0; q < np; q++)
            if (a != q)
                out[k++] = 100.0 * p->avg_tariff[((size_t)r * np + a) * np + q];
    for (int a = 0; a < np; a++)
        out[k++] = p->real_income_pct[(size_t)r * p->n_countries + b->players[a].country];
}

void tw_escalate_bands_values(const tw_escalate_bands *b, const tw_escalation *p, double *out)
{
    for (int r = 0; r <= b->rounds; r++)
        state_of(b, p, path_round(p, r), out + tw_escalate_bands_state(b, r));
    state_of(b, p, p->rounds, out + tw_escalate_bands_state(b, b->rounds + 1));
    out[tw_escalate_bands_rounds_index(b)] = p->rounds;
}

tw_status tw_escalate_bands_eval(void *vctx, const tw_model *m, tw_solver *sv, double *out,
                                 tw_error *err)
{
    (void)sv; /* the game has its own solver */
    const tw_escalate_bands *b = vctx;
    draw_game d;
    tw_policy *end = NULL;
    tw_escalation *path = NULL;
    tw_status st = draw_game_open(m, &d, err);
    if (!st && tw_policy_create(m, &end))
        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st)
        st = tw_game_escalate(d.g, b->players, b->n_players, b->max_rounds, d.today, end, d.eq,
                              &path, err);
    if (!st && !path)
        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st)
        tw_escalate_bands_values(b, path, out);
    tw_escalation_free(path);
    tw_policy_free(end);
    draw_game_close(&d);
    return st;
}

/* ---- enforce ---- */

#define NF TW_ENFORCE_BANDS_FIELDS
static const char *const enforce_field[NF] = {"delta_star", "payoff_agree", "payoff_deviate",
                                              "payoff_punish"};

const char *tw_enforce_bands_field(int f) { return f >= 0 && f < NF ? enforce_field[f] : NULL; }

int tw_enforce_bands_outputs(const tw_enforce_bands *b) { return NF * b->n_players; }

void tw_enforce_bands_values(const tw_enforce_bands *b, const tw_enforce_result *res,
                             double *out)
{
    for (int p = 0; p < b->n_players; p++) {
        /* no discount factor below 1 sustains it: the threshold is 1 */
        out[NF * p] = isnan(res[p].delta_star) ? 1.0 : res[p].delta_star;
        out[NF * p + 1] = res[p].v_agree;
        out[NF * p + 2] = res[p].v_deviate;
        out[NF * p + 3] = res[p].v_punish;
    }
}

/* The punishment into war and the agreement into agree on this draw's game. */
static tw_status war_and_agreement(const tw_enforce_bands *b, const tw_model *m,
                                   const draw_game *d, tw_policy *war, tw_policy *agree,
                                   double *v, tw_error *err)
{
    int np = b->n_players;
    tw_war_report wr = {0};
    tw_status st = tw_game_nash_war(d->g, b->players, np, NULL, NULL, d->today, war, d->eq,
                                    NULL, &wr, err);
    if (!st && !wr.found)
        return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                       "the punishment (the war) was not found on this draw");
    if (st)
        return st;
    if (strcmp(b->agreement, "deal") == 0) {
        tw_talks_report rep;
        st = tw_game_talks(d->g, b->players, np, NULL, NULL, war, agree, d->eq, v, v + np, &rep,
                           err);
        if (!st && !rep.converged)
            st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                         "the negotiated deal did not converge on this draw (%d equilibrium "
                         "solves)",
                         rep.evaluations);
        return st;
    }
    tw_policy_copy(agree, d->today);
    if (strcmp(b->agreement, "free-trade") == 0) {
        tw_dims dm = tw_world_dims(tw_model_world(m));
        for (int p = 0; p < np; p++)
            for (int q = 0; q < np; q++)
                for (int j = 0; j < dm.j && p != q; j++)
                    tw_policy_tariffs(agree)[tw_ix_nij(dm, b->players[p].country,
                                                       b->players[q].country, j)] = 0.0;
    }
    return TW_OK;
}

tw_status tw_enforce_bands_eval(void *vctx, const tw_model *m, tw_solver *sv, double *out,
                                tw_error *err)
{
    (void)sv; /* the game has its own solver */
    const tw_enforce_bands *b = vctx;
    if (!b->agreement || (strcmp(b->agreement, "today") && strcmp(b->agreement, "deal") &&
                          strcmp(b->agreement, "free-trade")))
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "agreement",
                       "expected today, deal or free-trade, got '%s'",
                       b->agreement ? b->agreement : "");
    draw_game d;
    tw_policy *war = NULL, *agree = NULL;
    double *v = malloc(2 * (size_t)b->n_players * sizeof *v);
    tw_enforce_result *res = calloc((size_t)b->n_players, sizeof *res);
    tw_status st = draw_game_open(m, &d, err);
    if (!st && (!v || !res || tw_policy_create(m, &war) || tw_policy_create(m, &agree)))
        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st)
        st = war_and_agreement(b, m, &d, war, agree, v, err);
    if (!st) /* TW_ERR_NOT_CONVERGED when a deviation did not converge: a failed draw */
        st = tw_game_enforce(d.g, b->players, b->n_players, NULL, agree, war, b->periods, res,
                             err);
    if (!st)
        tw_enforce_bands_values(b, res, out);
    free(res);
    free(v);
    tw_policy_free(agree);
    tw_policy_free(war);
    draw_game_close(&d);
    return st;
}
