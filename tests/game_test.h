/* SPDX-License-Identifier: MIT */
/* Shared set-up of the strategy layer's gradient tests (tests/unit/test_gradient.c,
 * test_welfare_payoff.c): a world, a model, a game, a policy and its equilibrium, a scratch
 * policy and equilibrium for re-solves, and the check of an adjoint gradient against central
 * differences of re-solved equilibria. */
#ifndef TW_TEST_GAME_TEST_H
#define TW_TEST_GAME_TEST_H

#include "test_util.h"

/* blocks.csv of a 4-country random world (countries C0..C3): every Liberation Day parameter
 * different, both revenue uses (tests/unit/test_liberation.c, test_welfare_payoff.c). */
#define TW_TEST_BLOCKS4                                                                        \
    "country,nu,tariff_exponent,labour_elasticity,scale_elasticity,revenue_use\n"              \
    "C0,0.11,1.15,0.5,0.04,labour_tax\nC1,0.27,1.4,0.3,0.02,lump_sum\n"                       \
    "C2,0,1,0.8,0,labour_tax\nC3,0.2,1.3,1.5,0.03,labour_tax\n"

typedef struct tw_test_game {
    char dir[256];
    tw_world *w;
    tw_model *m;
    tw_game *g;
    tw_policy *p, *q;          /* the policy of eq; q: scratch for re-solves */
    tw_equilibrium *eq, *eq2;  /* eq2: scratch for re-solves */
} tw_test_game;

/* Frees what is set (members may be NULL) and removes the world's directory. */
static inline void tw_test_game_teardown(tw_test_game *f)
{
    tw_equilibrium_free(f->eq);
    tw_equilibrium_free(f->eq2);
    tw_policy_free(f->p);
    tw_policy_free(f->q);
    tw_game_free(f->g);
    tw_model_free(f->m);
    tw_world_free(f->w);
    tw_test_rmdir(f->dir);
}

/* The payoff obj at f->p with its tariff entry `at` set to t, re-solved from f->eq. */
static inline double tw_test_game_payoff_at(tw_test_game *f, size_t at, double t,
                                            const tw_objective *obj)
{
    tw_error err;
    tw_policy_copy(f->q, f->p);
    tw_policy_tariffs(f->q)[at] = t;
    tw_equilibrium_copy(f->eq2, f->eq);
    assert_ok(tw_test_model_solve(f->m, f->q, f->eq2, NULL, &err), &err);
    return tw_objective_value(f->m, f->eq2, obj);
}

/* Every tariff entry of the world: grad (N^2 J, the adjoint gradient of obj at f->p) matches
 * (W(t+h) - W(t-h)) / 2h. With h = 1e-5 the quotient's truncation error is O(h^2 W''') ~ 1e-10
 * and its rounding O(solver tolerance / h) ~ 1e-8 at the 1e-13 tolerance of these tests: we
 * allow 1e-7 + 1e-6 |fd|. Worlds whose re-solved payoffs are accurate only to about 1e-12
 * (several sectors with input-output links) take h = 1e-4: truncation ~1e-8, rounding ~1e-8. */
static inline void tw_test_game_check_fd_h(tw_test_game *f, const tw_objective *obj,
                                           const double *grad, double h)
{
    const tw_dims d = tw_world_dims(f->w);
    const double *t = tw_policy_tariffs_const(f->p);
    for (int s = 0; s < d.j; s++)
        for (int a = 0; a < d.n; a++)
            for (int b = 0; b < d.n; b++) {
                if (a == b)
                    continue;
                size_t at = tw_ix_nij(d, a, b, s);
                double up = tw_test_game_payoff_at(f, at, t[at] + h, obj);
                double fd = (up - tw_test_game_payoff_at(f, at, t[at] - h, obj)) / (2 * h);
                assert_close(grad[at], fd, 1e-7 + 1e-6 * fabs(fd),
                             "dW_%d/dt[sector %d][importer %d][exporter %d]", obj->country, s, a,
                             b);
            }
}

/* The same with h = 1e-5. */
static inline void tw_test_game_check_fd(tw_test_game *f, const tw_objective *obj,
                                         const double *grad)
{
    tw_test_game_check_fd_h(f, obj, grad, 1e-5);
}

#endif
