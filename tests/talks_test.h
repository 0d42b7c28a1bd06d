/* SPDX-License-Identifier: MIT */
/* Shared set-up of the talks' method tests (tests/unit/test_talks_mma.c, test_talks_ipopt.c):
 * a random world of 3 countries and 3 sectors, its model and game, today's and the deal's
 * policies, an equilibrium, and np players each with partner-by-sector tariffs on the others. */
#ifndef TW_TEST_TALKS_TEST_H
#define TW_TEST_TALKS_TEST_H

#include "test_util.h"

#include "strategy/talks_internal.h"

typedef struct fixture {
    char dir[256];
    tw_world *w;
    tw_model *m;
    tw_game *g;
    tw_policy *today, *deal;
    tw_equilibrium *eq;
    tw_instrument players[3];
    int partners[3][2];
} fixture;

/* max_evals 0 keeps the game's default cap; progress NULL runs without a callback. */
static inline void talks_setup(fixture *f, int np, int max_evals,
                               int (*progress)(void *, const char *, int, double))
{
    tw_error err;
    memset(f, 0, sizeof *f);
    tw_test_tmpdir(f->dir, sizeof f->dir);
    tw_test_random_world(f->dir, 3, 3, 4242, 1, 0);
    assert_ok(tw_world_load(f->dir, NULL, &f->w, &err), &err);
    tw_model_options so = tw_test_model_options(TW_DEFICITS_FIXED, 1e-13);
    assert_ok(tw_model_create(f->w, &so, &f->m, &err), &err);
    tw_game_options go;
    tw_game_options_init(&go);
    if (max_evals)
        go.max_evals = max_evals;
    if (progress)
        go.progress = progress;
    assert_ok(tw_game_create(f->m, &go, &f->g, &err), &err);
    assert_ok(tw_policy_create(f->m, &f->today), NULL);
    assert_ok(tw_policy_create(f->m, &f->deal), NULL);
    f->eq = tw_equilibrium_create(f->m);
    for (int p = 0; p < np; p++) {
        int k = 0;
        for (int q = 0; q < np; q++)
            if (q != p)
                f->partners[p][k++] = q;
        f->players[p] = (tw_instrument){.country = p, .kind = TW_INSTRUMENT_PARTNER_SECTOR,
                                        .partners = f->partners[p], .n_partners = np - 1};
    }
}

static inline void talks_teardown(fixture *f)
{
    tw_equilibrium_free(f->eq);
    tw_policy_free(f->today);
    tw_policy_free(f->deal);
    tw_game_free(f->g);
    tw_model_free(f->m);
    tw_world_free(f->w);
    tw_test_rmdir(f->dir);
}

#endif
