/* SPDX-License-Identifier: MIT */
/* Internal layout of a game: the model it borrows and the scratch of gradients (adjoint
 * solves) and optimisers, allocated once. */
#ifndef TW_STRATEGY_GAME_INTERNAL_H
#define TW_STRATEGY_GAME_INTERNAL_H

#include "model/adjoint.h"
#include "model/model_internal.h"
#include "solve/solver.h"
#include "tradewar/strategy.h"

/* Adjoint solves: GMRES basis size and the budget of Arnoldi steps. */
#define TW_GMRES_RESTART 40
#define TW_GMRES_MAX_ITERATIONS 3000

struct tw_game {
    const tw_model *m;
    tw_solver *solver; /* owned: the game's solves and map evaluations */
    tw_game_options opt;
    tw_cancel *cancel;     /* opt.cancel, or own_cancel when the caller gave none */
    tw_cancel *own_cancel; /* owned */
    tw_map_adjoint *adj;
    size_t size;     /* state size without quotas: the size of callers' warm starts (lambda) */
    size_t state;    /* state size of the adjoint solve in progress (quotas add entries) */
    size_t capacity; /* entries the adjoint vectors and the GMRES workspace have room for */
    /* adjoint solve: z, G(z), right-hand side dW/dz, lambda, scratch of the reverse pass */
    double *z, *gz, *wz, *lam, *r;
    struct tw_gmres *gmres; /* GMRES workspace of the adjoint solves */
    /* seeds of the payoff on income [n], ln P [n][j], output [n][j] */
    double *seed_inc, *seed_lnp, *seed_y;
    double *seed_blk; /* [3][n] seeds of the welfare payoff on w_hat, L_hat, R' */
    double *grad; /* [j][n][i] */
    double *lam_task; /* [size] a task's warm start of an adjoint (strategy/nash.c) */
    tw_policy *trial;
    tw_equilibrium *eq_trial;
    /* Tag of the forward pass (coefficients, z, the map's intermediates) in the solver's
     * workspace, 0 for none known: see tw_game_gradient_tagged. forward_serial: the last tag
     * handed out by tw_game_forward_tag (on the game that owns the workers). */
    size_t forward_tag, forward_serial;
    /* Relative tolerance of the adjoint solves when positive, in place of
     * opt.adjoint_tolerance: set by a caller that needs only a coarse gradient for a while
     * (the Newton rounds of a war far from their solution, strategy/nash.c), 0 otherwise. */
    double adjoint_tolerance_now;
    /* When positive and below the tolerance in use: the relative residual the adjoint solves
     * aim for (they still succeed at the tolerance if GMRES stagnates before it). Set by
     * tw_game_best_response for its warm-started solves (strategy/optimal.c), 0 otherwise. */
    double adjoint_aim_now;
    /* Games of the other threads (strategy/parallel.c), made on first use. */
    struct tw_game **workers;
    int nworkers;
};

/* The relative residual the adjoint solves stop at now: adjoint_aim_now if set and below the
 * tolerance in use, else that tolerance. */
double tw_game_adjoint_aim(const tw_game *g);

/* tw_game_gradient with the adjoint solution kept in lambda (g->size entries, the state
 * without quotas; in/out): its value on entry is the starting guess (zeros for none), which
 * saves iterations when the same payoff is differentiated at nearby equilibria. With quotas in
 * force the quotas' multipliers are not kept: they start from zero at each call. */
tw_status tw_game_gradient_warm(tw_game *g, const tw_policy *p, const tw_equilibrium *eq,
                                const tw_objective *obj, double *value, double *grad,
                                double *lambda, tw_adjoint_report *rep, tw_error *err);

/* tw_game_gradient_warm for a caller that differentiates several payoffs at one policy and
 * equilibrium: tag (nonzero) names that pair. If the last gradient on g was taken with the same
 * tag, and nothing used g's solver since, the forward pass it made is reused instead of being
 * recomputed (the same bits). The caller guarantees both conditions: a tag from
 * tw_game_forward_tag, used only for one policy and equilibrium, and no solve on g between the
 * gradients that share it. Tag 0 always recomputes. */
tw_status tw_game_gradient_tagged(tw_game *g, size_t tag, const tw_policy *p,
                                  const tw_equilibrium *eq, const tw_objective *obj,
                                  double *value, double *grad, double *lambda,
                                  tw_adjoint_report *rep, tw_error *err);
/* tw_game_gradient_tagged for a caller that reads only the tariffs of one importer (a
 * player's own instruments, tw_instrument_map: every entry has importer ins->country):
 * importer >= 0 writes only grad's entries [j][importer][i], with the same bits as
 * tw_game_gradient_tagged; the other entries are left undefined (not zeroed, not computed:
 * the reverse pass skips N - 1 of every N rows). importer < 0: every entry. */
tw_status tw_game_gradient_own(tw_game *g, size_t tag, int importer, const tw_policy *p,
                               const tw_equilibrium *eq, const tw_objective *obj,
                               double *value, double *grad, double *lambda,
                               tw_adjoint_report *rep, tw_error *err);
/* The tag of a gradient taken right after a converged tw_model_solve(m, g's solver, p, eq) of
 * the same p and eq, with nothing else run on g's solver in between: the coefficients the solve
 * left are reused (the same bits); z and the forward pass are made again. Never a tag handed
 * out by tw_game_forward_tag. */
#define TW_GAME_AFTER_SOLVE ((size_t)-1)
/* A fresh tag for tw_game_gradient_tagged (never 0, never handed out before by g). */
static inline size_t tw_game_forward_tag(tw_game *g) { return ++g->forward_serial; }
/* Names the forward pass that the last gradient on g made, taken with TW_GAME_AFTER_SOLVE
 * (which leaves it unnamed) and successful, with tag: a fresh tag for the same policy and
 * equilibrium, so that later gradients with tag reuse it (solve, one gradient that reuses the
 * solve's coefficients, then gradients that reuse its forward pass). */
static inline void tw_game_name_forward(tw_game *g, size_t tag) { g->forward_tag = tag; }

/* 1 if the cancel flag is set or the progress callback asked to stop. */
int tw_game_cancelled(const tw_game *g);
/* st, or TW_ERR_CANCELLED (also in err) if st is TW_ERR_NOT_CONVERGED because g was
 * cancelled: what the public strategy functions return. */
tw_status tw_game_cancel_status(const tw_game *g, tw_status st, tw_error *err);
/* Reports progress; returns nonzero if the callback asks to stop. */
int tw_game_progress(tw_game *g, const char *what, int step, double value);

#endif
