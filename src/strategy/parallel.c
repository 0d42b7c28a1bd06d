/* SPDX-License-Identifier: MIT */
/* Per-player work of a game on several threads: each thread has its own game (solver,
 * workspace, adjoint scratch) on the one shared, read-only model; players are handed out in
 * increasing order from an atomic counter. The workers are made on first use and kept by the
 * game. */
#include "strategy/parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/error.h"

/* Most threads a game uses, whatever the option says. */
#define MAX_THREADS 64

int tw_game_threads(const tw_game *g)
{
    int t = g->opt.threads;
    if (t <= 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        t = c > 0 ? (int)c : 1;
    }
    return t > MAX_THREADS ? MAX_THREADS : t;
}

void tw_game_workers_free(tw_game *g)
{
    for (int k = 0; k < g->nworkers; k++)
        tw_game_free(g->workers[k]);
    free(g->workers);
    g->workers = NULL;
    g->nworkers = 0;
}

/* Makes g's workers 1 .. count - 1 (worker 0 is g). */
static tw_status make_workers(tw_game *g, int count, tw_error *err)
{
    if (g->nworkers >= count - 1)
        return TW_OK;
    tw_game **grown = realloc(g->workers, (size_t)(count - 1) * sizeof *grown);
    if (!grown)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    g->workers = grown;
    tw_game_options o = g->opt;
    o.cancel = g->cancel; /* one flag stops them all */
    o.progress = NULL;    /* the callback is not for other threads */
    o.progress_ctx = NULL;
    o.threads = 1;
    while (g->nworkers < count - 1) {
        tw_status st = tw_game_create(g->m, &o, &g->workers[g->nworkers], err);
        if (st)
            return st;
        g->nworkers++;
    }
    return TW_OK;
}

typedef struct run {
    tw_player_task task;
    void *ctx;
    int np;
    atomic_int next;
    tw_status *status; /* [np] */
    tw_error *errs;    /* [np] */
} run;

typedef struct worker_arg {
    run *r;
    tw_game *game;
} worker_arg;

static void *work(void *arg)
{
    worker_arg *a = arg;
    run *r = a->r;
    for (;;) {
        int p = atomic_fetch_add(&r->next, 1);
        if (p >= r->np)
            break;
        r->status[p] = r->task(a->game, p, r->ctx, &r->errs[p]);
    }
    return NULL;
}

tw_status tw_game_for_players(tw_game *g, int np, tw_player_task task, void *ctx,
                              tw_error *err)
{
    int T = tw_game_threads(g);
    if (T > np)
        T = np;
    if (T <= 1) {
        for (int p = 0; p < np; p++) {
            tw_status st = task(g, p, ctx, err);
            if (st)
                return st;
        }
        return TW_OK;
    }
    tw_status st = make_workers(g, T, err);
    if (st)
        return st;
    run r = {task, ctx, np, 0, calloc((size_t)np, sizeof(tw_status)),
             calloc((size_t)np, sizeof(tw_error))};
    pthread_t tid[MAX_THREADS];
    worker_arg args[MAX_THREADS];
    if (!r.status || !r.errs) {
        free(r.status);
        free(r.errs);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    atomic_init(&r.next, 0);
    int started = 0;
    for (int t = 1; t < T; t++) {
        args[t] = (worker_arg){&r, g->workers[t - 1]};
        if (pthread_create(&tid[t], NULL, work, &args[t]) != 0)
            break; /* fewer threads: the others share the work */
        started = t;
    }
    args[0] = (worker_arg){&r, g};
    work(&args[0]);
    for (int t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    st = TW_OK;
    for (int p = 0; p < np && !st; p++)
        if ((st = r.status[p]) && err)
            *err = r.errs[p];
    free(r.status);
    free(r.errs);
    return st;
}
