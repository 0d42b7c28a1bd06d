/* SPDX-License-Identifier: MIT */
/* The players of a game (war, talks, enforcement): their instruments as maps, their choice
 * variables, payoffs and the tariffs that increases start from. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "strategy/game_internal.h"
#include "strategy/strategy_internal.h"


void tw_players_free(tw_players *w)
{
    if (w->map)
        for (int p = 0; p < w->np; p++)
            tw_instrument_map_free(&w->map[p]);
    if (w->x)
        for (int p = 0; p < w->np; p++)
            free(w->x[p]);
    free(w->map);
    free(w->x);
    free(w->obj);
    free(w->base);
    free(w->xnew);
    free(w->lam);
}

tw_status tw_players_setup(tw_game *g, const tw_instrument *players, int np,
                           const tw_objective *objs, const tw_policy *start, tw_players *w,
                           tw_error *err)
{
    tw_dims d = g->m->d;
    size_t nij = (size_t)d.n * (size_t)d.n * (size_t)d.j;
    memset(w, 0, sizeof *w);
    w->np = np;
    w->ins = players;
    w->map = calloc((size_t)np, sizeof *w->map);
    w->x = calloc((size_t)np, sizeof *w->x);
    w->obj = calloc((size_t)np, sizeof *w->obj);
    w->base = malloc(nij * sizeof *w->base);
    unsigned char *owner = calloc(nij, 1);
    if (!w->map || !w->x || !w->obj || !w->base || !owner) {
        free(owner);
        tw_players_free(w);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    memcpy(w->base, tw_policy_tariffs_const(start), nij * sizeof *w->base);
    size_t maxv = 1;
    for (int p = 0; p < np; p++) {
        tw_status st = tw_instrument_map_build(g->m, &players[p], &w->map[p], err);
        if (st) {
            free(owner);
            tw_players_free(w);
            return st;
        }
        for (size_t k = 0; k < w->map[p].len; k++) {
            if (owner[w->map[p].at[k]]) {
                free(owner);
                tw_players_free(w);
                return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "players",
                               "two players set the same tariff (player %d overlaps another)",
                               p);
            }
            owner[w->map[p].at[k]] = 1;
        }
        w->obj[p] = objs ? objs[p] : (tw_objective){players[p].country, NULL};
        if (w->obj[p].country != players[p].country) {
            free(owner);
            tw_players_free(w);
            return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, "players",
                           "player %d's objective is not its own country's", p);
        }
        if (w->map[p].nvar > maxv)
            maxv = w->map[p].nvar;
        w->x[p] = malloc(w->map[p].nvar * sizeof(double));
        if (!w->x[p]) {
            free(owner);
            tw_players_free(w);
            return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
        tw_instrument_read(&w->map[p], &players[p], w->base, w->base, w->x[p], NULL);
    }
    free(owner);
    w->xnew = malloc(maxv * sizeof *w->xnew);
    w->lam = calloc((size_t)np * g->size, sizeof *w->lam);
    if (!w->xnew || !w->lam) {
        tw_players_free(w);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    return TW_OK;
}

void tw_players_apply(const tw_players *w, tw_policy *pol)
{
    for (int p = 0; p < w->np; p++)
        tw_instrument_apply(&w->map[p], &w->ins[p], w->x[p], w->base, tw_policy_tariffs(pol));
}

/* All players' variables as one vector: player p's variables start at off[p]. */
size_t tw_players_offsets(const tw_players *w, size_t *off)
{
    size_t n = 0;
    for (int p = 0; p < w->np; p++) {
        off[p] = n;
        n += w->map[p].nvar;
    }
    return n;
}

void tw_players_get(const tw_players *w, const size_t *off, double *x)
{
    for (int p = 0; p < w->np; p++)
        memcpy(x + off[p], w->x[p], w->map[p].nvar * sizeof *x);
}

void tw_players_set(tw_players *w, const size_t *off, const double *x)
{
    for (int p = 0; p < w->np; p++)
        for (size_t k = 0; k < w->map[p].nvar; k++)
            w->x[p][k] = fmin(fmax(x[off[p] + k], w->map[p].lower), w->map[p].upper);
}

