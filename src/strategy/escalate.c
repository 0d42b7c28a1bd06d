/* SPDX-License-Identifier: MIT */
/* Escalation dynamics: rounds of simultaneous moves by rules (tit-for-tat, proportional
 * retaliation, best response, caps, forgiveness), the path of tariffs and real incomes, and
 * where it ends. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "model/model_internal.h"
#include "tradewar/groups.h"
#include "strategy/game_internal.h"
#include "strategy/strategy_internal.h"

/* Tariff moves below this (0.01 points) count as none for best responders: the optimum is
 * known to about kkt_tolerance / curvature, which on flat payoffs is of this order. */
#define TW_BR_MOVE_TOLERANCE 1e-4

static const char *const end_names[] = {"fixed point", "cap", "cycle", "round limit",
                                        "interrupted"};

const char *tw_escalation_end_name(tw_escalation_end e)
{
    return (unsigned)e < 5 ? end_names[e] : "unknown";
}

void tw_escalation_free(tw_escalation *e)
{
    if (!e)
        return;
    free(e->players);
    free(e->avg_tariff);
    free(e->real_income_pct);
    free(e->capped);
    free(e->forgave);
    free(e);
}

/* Additions add[p][q][j] of player p on player q in sector j, relative to start. */
typedef struct esc {
    int np, J;
    double *add, *prev, *hist; /* hist: [round][np][np][J] */
} esc;

static size_t ix(const esc *e, int p, int q, int j)
{
    return ((size_t)p * (size_t)e->np + (size_t)q) * (size_t)e->J + (size_t)j;
}

/* Indices of the path's per-round arrays (tradewar/strategy.h, tw_escalation): [round][p] over
 * np players, [round][p][q], and [round][country] over the world's countries. */
static size_t ix_rp(int np, int r, int p) { return (size_t)r * (size_t)np + (size_t)p; }
static size_t ix_rpq(int np, int r, int p, int q)
{
    return ix_rp(np, r, p) * (size_t)np + (size_t)q;
}
static size_t ix_rn(tw_dims d, int r, int n) { return (size_t)r * (size_t)d.n + (size_t)n; }

static void write_policy(const esc *e, const tw_escalation_player *pl, const tw_model *m,
                         const tw_policy *start, tw_policy *out)
{
    tw_dims d = m->d;
    tw_policy_copy(out, start);
    double *t = tw_policy_tariffs(out);
    const double *t0 = tw_policy_tariffs_const(start);
    for (int p = 0; p < e->np; p++)
        for (int q = 0; q < e->np; q++)
            for (int j = 0; j < e->J; j++) {
                if (p == q)
                    continue;
                size_t at = tw_ix_nij(d, pl[p].country, pl[q].country, j);
                t[at] = t0[at] + e->add[ix(e, p, q, j)];
            }
}

static void record(tw_escalation *path, int round, const tw_model *m, const tw_policy *pol,
                   const tw_equilibrium *eq, tw_results *res)
{
    tw_dims d = m->d;
    int np = path->n_players;
    const double *t = tw_policy_tariffs_const(pol);
    /* The library's one average tariff (tradewar/groups.h): goods, baseline imports. */
    for (int p = 0; p < np; p++)
        for (int q = 0; q < np; q++)
            path->avg_tariff[ix_rpq(np, round, p, q)] =
                p == q ? 0.0
                       : tw_tariff_average_group(m->w, NULL, t, &path->players[p], 1,
                                                 &path->players[q], 1);
    tw_results_compute(m, eq, res);
    for (int n = 0; n < d.n; n++)
        path->real_income_pct[ix_rn(d, round, n)] = res->country[n].real_income_pct;
}

static tw_status best_response_move(tw_game *g, const esc *e, const tw_escalation_player *pl,
                                    int p, const tw_policy *start, tw_policy *cur,
                                    tw_equilibrium *eq, double *add_new, int *capped,
                                    tw_error *err)
{
    int *partners = malloc((size_t)e->np * sizeof *partners);
    if (!partners)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    int k = 0;
    for (int q = 0; q < e->np; q++)
        if (q != p)
            partners[k++] = pl[q].country;
    tw_instrument ins = {.country = pl[p].country, .kind = pl[p].kind, .partners = partners,
                         .n_partners = k, .only_increases = 1,
                         .upper = pl[p].cap > 0 ? pl[p].cap : 2.0};
    tw_instrument_map map;
    tw_status st = tw_instrument_map_build(g->m, &ins, &map, err);
    double *x = st ? NULL : malloc(map.nvar * sizeof *x);
    if (!st && !x)
        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st) {
        const double *t0 = tw_policy_tariffs_const(start);
        tw_instrument_read(&map, &ins, tw_policy_tariffs_const(cur), t0, x, NULL);
        tw_objective obj = {pl[p].country, NULL};
        tw_optimize_report rep;
        tw_equilibrium_copy(g->eq_trial, eq);
        st = tw_best_response_x(g, &ins, &obj, &map, cur, t0, x, g->trial, g->eq_trial, &rep,
                                err);
        if (st == TW_ERR_NOT_CONVERGED && !rep.cancelled)
            st = TW_OK; /* a best response short of its tolerance is still a move */
        if (!st) {
            const double *tb = tw_policy_tariffs_const(g->trial);
            tw_dims d = g->m->d;
            double moved = 0.0;
            for (int q = 0; q < e->np; q++)
                for (int j = 0; j < e->J; j++)
                    if (q != p) {
                        size_t at = tw_ix_nij(d, pl[p].country, pl[q].country, j);
                        moved = fmax(moved, fabs(tb[at] - t0[at] - e->add[ix(e, p, q, j)]));
                    }
            /* A best response that moves no tariff by more than the optimiser's precision is
             * no move: the player keeps its tariffs (otherwise re-optimising noise would never
             * let the path reach its fixed point). */
            if (moved > TW_BR_MOVE_TOLERANCE)
                for (int q = 0; q < e->np; q++)
                    for (int j = 0; j < e->J; j++)
                        if (q != p) {
                            size_t at = tw_ix_nij(d, pl[p].country, pl[q].country, j);
                            add_new[ix(e, p, q, j)] = tb[at] - t0[at];
                        }
            for (size_t v = 0; v < map.nvar; v++)
                if (pl[p].cap > 0 && x[v] >= pl[p].cap - 1e-12)
                    *capped = 1;
        }
    }
    free(x);
    free(partners);
    tw_instrument_map_free(&map);
    return st;
}

/* The players' countries, rules, caps, openings and forgiveness must be valid. */
static tw_status check_players(const tw_escalation_player *pl, int np, tw_dims d, tw_error *err)
{
    for (int p = 0; p < np; p++) {
        if (pl[p].country < 0 || pl[p].country >= d.n)
            return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "players", "player %d: no such country",
                           p);
        for (int q = 0; q < p; q++)
            if (pl[q].country == pl[p].country)
                return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "players",
                               "a country plays twice");
        if ((unsigned)pl[p].rule > (unsigned)TW_RULE_BEST_RESPONSE || pl[p].cap < 0 ||
            pl[p].forgive_after < 0 || !(pl[p].opening > -1) || !isfinite(pl[p].opening) ||
            !isfinite(pl[p].factor))
            return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "players",
                           "player %d: invalid rule, cap, opening or forgiveness", p);
    }
    return TW_OK;
}

/* Player p's additions in round r, into add_new: by its rule (from the additions so far,
 * e->add, and those before the last round, e->prev), then held to its cap, then forgiven after
 * its quiet rounds (quiet[p] is updated); whether the cap held or p forgave goes into the path.
 * cur and eq are the current policy and its equilibrium (used by best responses). */
static tw_status move(tw_game *g, const esc *e, const tw_escalation_player *pl, int p, int r,
                      const tw_policy *start, tw_policy *cur, tw_equilibrium *eq,
                      double *add_new, int *quiet, tw_escalation *path, tw_error *err)
{
    const tw_model *m = g->m;
    tw_dims d = m->d;
    int np = e->np;
    const tw_escalation_player *me = &pl[p];
    int capped = 0, raised_on_me = 0;
    for (int q = 0; q < np; q++)
        for (int j = 0; j < d.j; j++)
            if (q != p && e->add[ix(e, q, p, j)] > e->prev[ix(e, q, p, j)] + 1e-12)
                raised_on_me = 1;
    quiet[p] = raised_on_me ? 0 : quiet[p] + 1;
    if (r == 1 && me->opening != 0) {
        for (int q = 0; q < np; q++)
            for (int j = 0; j < d.j; j++)
                if (q != p && tw_world_sector_is_goods(m->w, j))
                    add_new[ix(e, p, q, j)] = me->opening;
    } else if (me->rule == TW_RULE_TIT_FOR_TAT || me->rule == TW_RULE_PROPORTIONAL) {
        double k = me->rule == TW_RULE_TIT_FOR_TAT ? 1.0
                   : me->factor != 0          ? me->factor
                                              : 1.0;
        for (int q = 0; q < np; q++)
            for (int j = 0; j < d.j; j++) {
                if (q == p)
                    continue;
                double suffered = e->add[ix(e, q, p, j)] - e->prev[ix(e, q, p, j)];
                double v = fmax(add_new[ix(e, p, q, j)] + k * suffered, 0.0);
                add_new[ix(e, p, q, j)] = v;
            }
    } else if (me->rule == TW_RULE_BEST_RESPONSE) {
        tw_status st = best_response_move(g, e, pl, p, start, cur, eq, add_new, &capped, err);
        if (st)
            return st;
    }
    /* The cap: "we will ignore further increases" beyond it. */
    if (me->cap > 0)
        for (int q = 0; q < np; q++)
            for (int j = 0; j < d.j; j++)
                if (q != p && add_new[ix(e, p, q, j)] > me->cap + 1e-12) {
                    add_new[ix(e, p, q, j)] = me->cap;
                    capped = 1;
                }
    /* Forgiveness after k quiet rounds. */
    if (me->forgive_after > 0 && quiet[p] >= me->forgive_after && r > 1) {
        int any = 0;
        for (int q = 0; q < np; q++)
            for (int j = 0; j < d.j; j++)
                if (q != p && add_new[ix(e, p, q, j)] != 0.0) {
                    add_new[ix(e, p, q, j)] = 0.0;
                    any = 1;
                }
        path->forgave[ix_rp(np, r, p)] = any;
        if (any)
            quiet[p] = 0;
    }
    path->capped[ix_rp(np, r, p)] = capped;
    return TW_OK;
}

/* The shortest b >= 2 (b < r) such that the state after round r - b equals that after round r
 * (the additions, those before the last round, and the forgivers' quiet-round states in qhist
 * [round][p]), or 0 if there is none. */
static int cycle_length(const esc *e, const int *qhist, int r)
{
    int np = e->np;
    size_t S = (size_t)np * (size_t)np * (size_t)e->J;
    for (int back = 2; back < r; back++) {
        const double *h = e->hist + (size_t)(r - back) * S;
        const double *hp = e->hist + (size_t)(r - back - 1) * S;
        double diff = 0.0;
        for (size_t k = 0; k < S; k++)
            diff = fmax(diff, fmax(fabs(h[k] - e->add[k]), fabs(hp[k] - e->prev[k])));
        for (int p = 0; p < np; p++)
            if (qhist[ix_rp(np, r - back, p)] != qhist[ix_rp(np, r, p)])
                diff = INFINITY;
        if (diff <= 1e-10)
            return back;
    }
    return 0;
}

static tw_status game_escalate(tw_game *g, const tw_escalation_player *pl, int np, int max_rounds,
                               const tw_policy *start, tw_policy *out, tw_equilibrium *eq,
                               tw_escalation **path_out, tw_error *err)
{
    tw_error_clear(err);
    if (!g || !pl || np < 2 || max_rounds < 1 || !start || !out || !eq || !path_out ||
        out == start)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_game_escalate: bad arguments (at least two players, one round)");
    *path_out = NULL;
    const tw_model *m = g->m;
    tw_dims d = m->d;
    tw_status st = check_players(pl, np, d, err);
    if (st)
        return st;
    size_t R = (size_t)max_rounds + 1, S = (size_t)np * (size_t)np * (size_t)d.j;
    tw_escalation *path = calloc(1, sizeof *path);
    esc e = {np, d.j, calloc(S, sizeof(double)), calloc(S, sizeof(double)),
             calloc(R * S, sizeof(double))};
    double *add_new = calloc(S, sizeof(double));
    int *quiet = calloc((size_t)np, sizeof(int));
    int *qhist = calloc(R * (size_t)np, sizeof(int)); /* [round][p] */
    tw_results *res = tw_results_create(m);
    if (path) {
        path->n_players = np;
        path->n_countries = d.n;
        path->players = malloc((size_t)np * sizeof(int));
        path->avg_tariff = calloc(R * (size_t)np * (size_t)np, sizeof(double));
        path->real_income_pct = calloc(R * (size_t)d.n, sizeof(double));
        path->capped = calloc(R * (size_t)np, sizeof(int));
        path->forgave = calloc(R * (size_t)np, sizeof(int));
    }
    if (!path || !e.add || !e.prev || !e.hist || !add_new || !quiet || !qhist || !res ||
        !path->players || !path->avg_tariff || !path->real_income_pct || !path->capped ||
        !path->forgave) {
        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    for (int p = 0; p < np; p++)
        path->players[p] = pl[p].country;
    /* Round 0: today. */
    tw_policy_copy(out, start);
    st = tw_model_solve(m, g->solver, out, eq, NULL, err);
    if (st)
        goto done;
    record(path, 0, m, out, eq, res);
    path->end = TW_END_ROUNDS;
    for (int r = 1; r <= max_rounds; r++) {
        memcpy(add_new, e.add, S * sizeof *add_new);
        for (int p = 0; p < np; p++) {
            st = move(g, &e, pl, p, r, start, out, eq, add_new, quiet, path, err);
            if (st)
                goto stopped;
        }
        double change = 0.0;
        for (size_t k = 0; k < S; k++)
            change = fmax(change, fabs(add_new[k] - e.add[k]));
        memcpy(e.hist + (size_t)(r - 1) * S, e.add, S * sizeof(double));
        memcpy(e.prev, e.add, S * sizeof(double));
        memcpy(e.add, add_new, S * sizeof(double));
        write_policy(&e, pl, m, start, out);
        st = tw_model_solve(m, g->solver, out, eq, NULL, err);
        if (st)
            goto stopped;
        record(path, r, m, out, eq, res);
        path->rounds = r;
        if (tw_game_progress(g, "escalation round", r, change)) {
            path->end = TW_END_CANCELLED;
            st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                         "interrupted after round %d: the path is partial", r);
            goto done;
        }
        /* Not a fixed point while a forgiver still holds additions: it will remove them. */
        int pending = 0;
        for (int p = 0; p < np; p++)
            for (int q = 0; q < np && pl[p].forgive_after > 0; q++)
                for (int j = 0; j < d.j; j++)
                    pending |= q != p && e.add[ix(&e, p, q, j)] != 0.0;
        if (change <= 1e-10 && r > 1 && !pending) {
            int any_cap = 0;
            for (int p = 0; p < np; p++)
                any_cap |= path->capped[ix_rp(np, r, p)];
            path->end = any_cap ? TW_END_CAP : TW_END_FIXED_POINT;
            break;
        }
        /* A cycle: the whole state that the rules read (additions, the additions before the
         * last round, and the quiet-round counters of forgivers) equals an earlier round's. */
        for (int p = 0; p < np; p++)
            qhist[ix_rp(np, r, p)] =
                pl[p].forgive_after > 0 ? (quiet[p] < pl[p].forgive_after ? quiet[p] : -1) : 0;
        int back = cycle_length(&e, qhist, r);
        if (back) {
            path->end = TW_END_CYCLE;
            path->cycle_length = back;
            break;
        }
    }
    goto done;
stopped:
    path->end = TW_END_CANCELLED; /* a failed solve or an interruption: the path is partial */
done:
    free(e.add);
    free(e.prev);
    free(e.hist);
    free(add_new);
    free(quiet);
    free(qhist);
    tw_results_free(res);
    if (st && (!path || !path->players)) {
        tw_escalation_free(path);
        return st;
    }
    *path_out = path;
    return st;
}

/* The public entry point: a computation stopped by the cancel flag or the progress callback
 * returns TW_ERR_CANCELLED (its partial result is marked as such in the report). */
tw_status tw_game_escalate(tw_game *g, const tw_escalation_player *pl, int np, int max_rounds,
                           const tw_policy *start, tw_policy *out, tw_equilibrium *eq,
                           tw_escalation **path_out, tw_error *err)
{
    tw_status st = game_escalate(g, pl, np, max_rounds, start, out, eq, path_out, err);
    return tw_game_cancel_status(g, st, err);
}
