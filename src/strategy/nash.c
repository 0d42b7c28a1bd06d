/* SPDX-License-Identifier: MIT */
/* Nash tariff wars: damped best-response iteration, or Broyden's method on the players'
 * first-order conditions; then a check that no player gains by re-optimising. */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/error.h"
#include "strategy/game_internal.h"
#include "strategy/parallel.h"
#include "strategy/strategy_internal.h"

static tw_status joint_focs(tw_game *g, tw_players *w, const size_t *off, tw_policy *cur,
                            tw_equilibrium *eq, double tol, double *h, double *hmax,
                            tw_war_report *rep, tw_error *err);

static tw_status br_rounds(tw_game *g, tw_players *w, const tw_war_options *o,
                           const size_t *off, double *h, tw_policy *cur, tw_equilibrium *eq,
                           tw_war_report *rep, tw_error *err);

/* Gauss-Seidel rounds: each player in turn best-responds to the current tariffs. */
static tw_status best_response_rounds(tw_game *g, tw_players *w, const tw_war_options *o,
                                      tw_policy *cur, tw_equilibrium *eq, tw_war_report *rep,
                                      tw_error *err)
{
    size_t *off = malloc((size_t)w->np * sizeof *off);
    size_t n = off ? tw_players_offsets(w, off) : 0;
    double *h = malloc((n + 1) * sizeof *h);
    tw_status st = !off || !h ? tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory")
                              : br_rounds(g, w, o, off, h, cur, eq, rep, err);
    free(off);
    free(h);
    return st;
}

static tw_status br_rounds(tw_game *g, tw_players *w, const tw_war_options *o,
                           const size_t *off, double *h, tw_policy *cur, tw_equilibrium *eq,
                           tw_war_report *rep, tw_error *err)
{
    tw_policy *scratch = g->trial;
    for (int round = 1; round <= o->max_rounds; round++) {
        double change = 0.0;
        for (int p = 0; p < w->np; p++) {
            const tw_instrument_map *mp = &w->map[p];
            memcpy(w->xnew, w->x[p], mp->nvar * sizeof(double));
            tw_optimize_report br;
            tw_status st = tw_best_response_xw(g, &w->ins[p], &w->obj[p], mp, cur, w->base,
                                               w->xnew, w->lam + (size_t)p * g->size, scratch,
                                               eq, &br, err);
            rep->evaluations += br.evaluations;
            if (br.cancelled || tw_game_cancelled(g)) {
                rep->cancelled = 1;
                return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                               "interrupted in round %d: the tariffs are not an equilibrium",
                               round);
            }
            /* A best response that stops short of its tolerance still improves on the old
             * tariffs; the final verification decides whether the war is an equilibrium. */
            if (st && st != TW_ERR_NOT_CONVERGED)
                return st;
            for (size_t k = 0; k < mp->nvar; k++) {
                double v = (1.0 - o->damping) * w->x[p][k] + o->damping * w->xnew[k];
                change = fmax(change, fabs(v - w->x[p][k]));
                w->x[p][k] = v;
            }
            tw_instrument_apply(mp, &w->ins[p], w->x[p], w->base, tw_policy_tariffs(cur));
        }
        rep->rounds = round;
        rep->last_change = change;
        if (tw_game_progress(g, "war round", round, change)) {
            rep->cancelled = 1;
            return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                           "interrupted after round %d: the tariffs are not an equilibrium",
                           round);
        }
        if (change <= o->tolerance) {
            rep->converged = 1;
            break;
        }
        /* Best responses are known only to their optimiser's precision, which on flat payoffs
         * is coarser than the tolerance on moves: also stop when the joint first-order
         * conditions hold to the tolerance (the verification checks the result either way). */
        double hmax;
        tw_status st = joint_focs(g, w, off, cur, eq, 0.0, h, &hmax, rep, err);
        if (st)
            return st;
        if (hmax <= o->tolerance) {
            rep->converged = 1;
            break;
        }
    }
    return TW_OK;
}

/* 1 if variable k (of player p) sits on a bound that its derivative h pushes against. */
static int held_by_bound(const tw_players *w, int p, double x, double h)
{
    return (x <= w->map[p].lower + 1e-12 && h < 0) || (x >= w->map[p].upper - 1e-12 && h > 0);
}

/* One player's first-order conditions at a solved equilibrium (a task of
 * tw_game_for_players): its gradient on the worker, pulled into its slots of h. */
typedef struct foc_ctx {
    tw_players *w;
    const size_t *off;
    const tw_policy *cur;
    const tw_equilibrium *eq;
    double *h;
    size_t tag; /* of the policy and equilibrium: each worker makes its forward pass once */
    double tol; /* relative tolerance of the adjoint solves, 0: the game's */
    const tw_game *g; /* the game that solved (its solver holds the coefficients) */
} foc_ctx;

static tw_status foc_task(tw_game *wg, int p, void *ctx, tw_error *err)
{
    foc_ctx *c = ctx;
    if (tw_game_cancelled(wg))
        return TW_ERR_NOT_CONVERGED;
    tw_adjoint_report ar;
    wg->adjoint_tolerance_now = c->tol;
    /* On the game that solved, its first gradient reuses the solve's coefficients. */
    int after_solve = wg == c->g && wg->forward_tag != c->tag;
    tw_status st = tw_game_gradient_own(wg, after_solve ? TW_GAME_AFTER_SOLVE : c->tag,
                                        c->w->ins[p].country, c->cur, c->eq, &c->w->obj[p],
                                        NULL, wg->grad, c->w->lam + (size_t)p * wg->size, &ar,
                                        err);
    if (!st && after_solve)
        tw_game_name_forward(wg, c->tag);
    wg->adjoint_tolerance_now = 0.0;
    if (!st)
        tw_instrument_pull(&c->w->map[p], wg->grad, c->h + c->off[p]);
    return st;
}

/* H: each player's derivatives of its own payoff with respect to its own variables, at the
 * equilibrium of the current tariffs (one solve, then one adjoint per player, the players on
 * the game's threads); hmax the largest derivative not held by a bound. */
static tw_status joint_focs(tw_game *g, tw_players *w, const size_t *off, tw_policy *cur,
                            tw_equilibrium *eq, double tol, double *h, double *hmax,
                            tw_war_report *rep, tw_error *err)
{
    tw_players_apply(w, cur);
    tw_status st = tw_model_solve(g->m, g->solver, cur, eq, NULL, err);
    rep->evaluations++;
    if (st)
        return st;
    foc_ctx c = {w, off, cur, eq, h, tw_game_forward_tag(g), tol, g};
    st = tw_game_for_players(g, w->np, foc_task, &c, err);
    if (st)
        return st;
    *hmax = 0.0;
    for (int p = 0; p < w->np; p++)
        for (size_t k = 0; k < w->map[p].nvar; k++)
            if (!held_by_bound(w, p, w->x[p][k], h[off[p] + k]))
                *hmax = fmax(*hmax, fabs(h[off[p] + k]));
    if (tw_game_cancelled(g))
        return TW_ERR_NOT_CONVERGED;
    return TW_OK;
}

/* Relative tolerance of the adjoint solves in the Newton rounds, where the largest free
 * derivative is hmax (inexact Newton: the derivatives need only be accurate to a small
 * fraction of their size while they are far from zero). On the default world the error of a
 * derivative is about 0.02 times the tolerance (a cold start at 1e-6 to 1e-10 against 1e-11),
 * so 1e-3 hmax keeps it below 1e-4 hmax; at most 1e-7, at least the game's tolerance.
 * Convergence is never decided on these: see confirm_focs. */
static double coarse_tolerance(const tw_game *g, double hmax)
{
    return fmax(g->opt.adjoint_tolerance, fmin(1e-7, 1e-3 * hmax));
}

/* One column of the difference quotient (a task of tw_game_for_players over the columns):
 * every player's derivatives at the current point with variable c moved by the step, on the
 * worker's trial policy and equilibrium. The solve starts from the current equilibrium and
 * each adjoint from the player's solution there, so a column depends only on c and the
 * current point: the same bits on any worker, for any thread count. */
typedef struct fd_ctx {
    const tw_players *w;
    const size_t *off;
    size_t n;
    const tw_policy *cur;     /* the tariffs of the current point */
    const tw_equilibrium *eq; /* its equilibrium */
    const double *x0, *h;     /* its variables and derivatives */
    double *B;                /* [n][n]: column c is the task's */
    size_t tag0;              /* column c's forward passes have tag tag0 + c */
} fd_ctx;

static tw_status fd_column(tw_game *wg, int col, void *ctx, tw_error *err)
{
    const double step = 1e-4;
    fd_ctx *c = ctx;
    const tw_players *w = c->w;
    size_t n = c->n, k = (size_t)col;
    if (tw_game_cancelled(wg))
        return TW_ERR_NOT_CONVERGED;
    int p = 0;
    while (p + 1 < w->np && c->off[p + 1] <= k)
        p++;
    const tw_instrument_map *mp = &w->map[p];
    double *hn = malloc((n + mp->nvar) * sizeof *hn), *xp = hn + n;
    if (!hn)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    /* Step inwards from a bound (the variables are within their bounds). */
    memcpy(xp, c->x0 + c->off[p], mp->nvar * sizeof *xp);
    double *v = xp + (k - c->off[p]);
    *v += *v + step > mp->upper ? -step : step;
    *v = fmin(fmax(*v, mp->lower), mp->upper);
    double dx = *v - c->x0[k];
    tw_policy_copy(wg->trial, c->cur);
    tw_instrument_apply(mp, &w->ins[p], xp, w->base, tw_policy_tariffs(wg->trial));
    tw_equilibrium_copy(wg->eq_trial, c->eq);
    tw_status st = tw_model_solve(wg->m, wg->solver, wg->trial, wg->eq_trial, NULL, err);
    /* The game's tolerance for the adjoints: differences of derivatives over a step of 1e-4
     * amplify their errors 1e4 times, and a coarser Newton matrix (1e-8 to 1e-10) was seen to
     * move a symmetric war off its symmetry by more than 1e-7 (tests/unit/test_war.c). */
    for (int q = 0; q < w->np && !st; q++) {
        tw_adjoint_report ar;
        memcpy(wg->lam_task, w->lam + (size_t)q * wg->size, wg->size * sizeof(double));
        /* The first gradient reuses the solve's coefficients, the others its forward pass. */
        st = tw_game_gradient_own(wg, q ? c->tag0 + k : TW_GAME_AFTER_SOLVE, w->ins[q].country,
                                  wg->trial, wg->eq_trial, &w->obj[q], NULL, wg->grad,
                                  wg->lam_task, &ar, err);
        if (!st && q == 0)
            tw_game_name_forward(wg, c->tag0 + k);
        if (!st)
            tw_instrument_pull(&w->map[q], wg->grad, hn + c->off[q]);
    }
    for (size_t r = 0; r < n && !st; r++)
        c->B[r * n + k] = (hn[r] - c->h[r]) / dx;
    free(hn);
    return st;
}

/* B = dH/dx by forward differences of the exact first-order conditions at the current point
 * (its variables, tariffs cur and equilibrium eq; H there is h), one column per task on the
 * game's threads: a solve and every player's adjoint each. cur, eq and the players are left
 * as they were. */
static tw_status fd_jacobian(tw_game *g, tw_players *w, const size_t *off, size_t n,
                             const tw_policy *cur, const tw_equilibrium *eq, const double *h,
                             double *B, double *x0, tw_war_report *rep, tw_error *err)
{
    tw_players_get(w, off, x0);
    fd_ctx c = {w, off, n, cur, eq, x0, h, B, g->forward_serial + 1};
    g->forward_serial += n; /* the columns' tags, never handed out again */
    tw_status st = tw_game_for_players(g, (int)n, fd_column, &c, err);
    rep->evaluations += (int)n;
    return st;
}

/* The step s (n values) of a projected Newton iteration at x0 with derivatives h and Jacobian
 * B (n x n, row-major): over the free variables (not held by a bound), B_ff s_f = -h_f, or the
 * scaled gradient where that system is singular or its solution does not ascend the payoffs
 * on average; held variables do not move; each entry is clipped to the trust region. A, bs,
 * freev and piv are scratch (n x n, n + 1, n, n). */
static void newton_direction(const tw_players *w, const size_t *off, size_t n, const double *B,
                             const double *h, const double *x0, double *A, double *bs,
                             int *freev, lapack_int *piv, double *s)
{
    int nf = 0;
    for (int p = 0; p < w->np; p++)
        for (size_t k = 0; k < w->map[p].nvar; k++) {
            size_t v = off[p] + k;
            if (!held_by_bound(w, p, x0[v], h[v]))
                freev[nf++] = (int)v;
        }
    for (int a = 0; a < nf; a++) {
        for (int b = 0; b < nf; b++)
            A[(size_t)a * (size_t)nf + (size_t)b] = B[(size_t)freev[a] * n + (size_t)freev[b]];
        bs[a] = -h[freev[a]];
    }
    int solved = nf > 0 && LAPACKE_dgesv(LAPACK_ROW_MAJOR, nf, 1, A, nf, piv, bs, 1) == 0;
    memset(s, 0, n * sizeof *s);
    for (int a = 0; a < nf; a++)
        s[freev[a]] = solved ? bs[a] : h[freev[a]] / 0.25;
    /* Newton's direction must ascend the payoffs on average; otherwise use the gradient. */
    double dot = 0.0;
    for (size_t v = 0; v < n; v++)
        dot += s[v] * h[v];
    if (!(dot > 0))
        for (int a = 0; a < nf; a++)
            s[freev[a]] = h[freev[a]] / 0.25;
    /* Trust region: at most 20 points per variable and step (per variable, so that one
     * flat direction does not shrink the others' steps). */
    for (size_t v = 0; v < n; v++)
        s[v] = fmin(fmax(s[v], -0.2), 0.2);
}

/* Broyden's ("good") update with the step actually taken, dx = x1 - x0 (left in s), and the
 * change of the derivatives dH = hn - h: B += (dH - B dx) dx^T / (dx^T dx). bs is scratch. */
static void broyden_update(size_t n, double *B, const double *h, const double *hn,
                           const double *x0, const double *x1, double *s, double *bs)
{
    double dd = 0.0;
    for (size_t v = 0; v < n; v++) {
        s[v] = x1[v] - x0[v];
        dd += s[v] * s[v];
    }
    if (dd > 0) {
        for (size_t r = 0; r < n; r++) {
            double v = hn[r] - h[r];
            for (size_t c = 0; c < n; c++)
                v -= B[r * n + c] * s[c];
            bs[r] = v / dd;
        }
        for (size_t r = 0; r < n; r++)
            for (size_t c = 0; c < n; c++)
                B[r * n + c] += bs[r] * s[c];
    }
}

/* Convergence is decided on derivatives from adjoint solves at the game's own tolerance: if
 * h was computed with a coarser one (*htol > 0), it is computed again at the same point (the
 * adjoints start from the coarse solutions: a few iterations each) and *htol set to 0. */
static tw_status confirm_focs(tw_game *g, tw_players *w, const size_t *off, tw_policy *cur,
                              tw_equilibrium *eq, double *htol, double *h, double *hmax,
                              tw_war_report *rep, tw_error *err)
{
    if (*htol == 0.0 || *htol <= g->opt.adjoint_tolerance) {
        *htol = 0.0;
        return TW_OK;
    }
    *htol = 0.0;
    return joint_focs(g, w, off, cur, eq, 0.0, h, hmax, rep, err);
}

/* Newton's method on H(x) = 0 with Broyden's ("good") updates of the Jacobian, variables held
 * by their bounds removed from each step (projected Newton), a trust region of 20 tariff
 * points, and a step halved while it makes the largest free derivative much worse. The first
 * Jacobian is the difference quotient of the exact gradients when that costs at most
 * fd_budget adjoint solves (it is only the Newton matrix: the answer's accuracy rests on the
 * exact H), and otherwise a concave guess, diag(-0.25), of the size of the own-tariff
 * curvature on the default world (a diagonal from one joint step of all variables, tried
 * instead, overshoots and costs more rounds). */
static tw_status joint_foc_rounds(tw_game *g, tw_players *w, const tw_war_options *o, tw_policy *cur,
                                  tw_equilibrium *eq, tw_war_report *rep, tw_error *err)
{
    int P = w->np;
    size_t *off = malloc((size_t)P * sizeof *off);
    size_t n = 0;
    if (off)
        n = tw_players_offsets(w, off);
    size_t nn = n * n;
    double *B = calloc(nn, sizeof *B), *A = malloc(nn * sizeof *A);
    double *h = malloc(n * sizeof *h), *hn = malloc(n * sizeof *hn), *s = malloc(n * sizeof *s);
    double *x0 = calloc(n + 1, sizeof *x0), *x1 = calloc(n + 1, sizeof *x1);
    double *bs = calloc(n + 1, sizeof *bs);
    int *freev = malloc(n * sizeof *freev);
    lapack_int *piv = malloc(n * sizeof *piv);
    tw_status st = TW_OK;
    double hmax = INFINITY, hmax_new = INFINITY;
    if (!off || !B || !A || !h || !hn || !s || !x0 || !x1 || !bs || !freev || !piv) {
        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    double htol = coarse_tolerance(g, hmax); /* the adjoint tolerance h was computed with */
    st = joint_focs(g, w, off, cur, eq, htol, h, &hmax, rep, err);
    if (st)
        goto done;
    const size_t fd_budget = 4000;
    const int fd = n * (size_t)P <= fd_budget;
    if (fd) {
        st = fd_jacobian(g, w, off, n, cur, eq, h, B, x0, rep, err);
        if (st)
            goto done;
    } else {
        for (size_t r = 0; r < n; r++)
            B[r * n + r] = -0.25;
    }
    double hmax_mark = hmax;
    int mark_round = 0, refreshed = 0;
    for (int round = 1; round <= o->max_rounds; round++) {
        if (hmax <= o->tolerance &&
            (st = confirm_focs(g, w, off, cur, eq, &htol, h, &hmax, rep, err)))
            break;
        if (hmax <= o->tolerance) {
            rep->converged = 1;
            break;
        }
        tw_players_get(w, off, x0);
        newton_direction(w, off, n, B, h, x0, A, bs, freev, piv, s);
        double scale = 1.0, tol_new = coarse_tolerance(g, hmax);
        for (int tries = 0; tries < 8; tries++) {
            for (size_t v = 0; v < n; v++)
                x1[v] = x0[v] + scale * s[v];
            tw_players_set(w, off, x1);
            st = joint_focs(g, w, off, cur, eq, tol_new, hn, &hmax_new, rep, err);
            if (st || hmax_new <= 2.0 * hmax || tries == 7)
                break;
            scale *= 0.5;
        }
        if (st)
            break;
        tw_players_get(w, off, x1);
        broyden_update(n, B, h, hn, x0, x1, s, bs);
        memcpy(h, hn, n * sizeof *h);
        hmax = hmax_new;
        htol = tol_new;
        rep->rounds = round;
        /* Broyden's updates can stall far from where the Jacobian was taken: if eight rounds
         * have not halved the largest free derivative, take a fresh difference quotient. */
        if (hmax < 0.5 * hmax_mark) {
            hmax_mark = hmax;
            mark_round = round;
        } else if (round - mark_round >= 8) {
            /* Stalled again after a fresh Jacobian (flat payoffs in some tariffs make the
             * joint system nearly singular): under TW_WAR_AUTO hand over to best responses,
             * which solve each player's problem whole. */
            if (o->method == TW_WAR_AUTO && (refreshed || !fd))
                break;
            if (fd) {
                st = fd_jacobian(g, w, off, n, cur, eq, h, B, x0, rep, err);
                if (st)
                    break;
                refreshed = 1;
            }
            hmax_mark = hmax;
            mark_round = round;
        }
        rep->last_change = hmax;
        if (tw_game_progress(g, "war round (largest free derivative)", round, hmax)) {
            rep->cancelled = 1;
            break;
        }
    }
    if (!st && !rep->cancelled && hmax <= o->tolerance)
        st = confirm_focs(g, w, off, cur, eq, &htol, h, &hmax, rep, err);
    if (!st && htol == 0.0 && hmax <= o->tolerance)
        rep->converged = 1;
done:
    if (st == TW_ERR_NOT_CONVERGED && tw_game_cancelled(g))
        rep->cancelled = 1;
    if (rep->cancelled)
        st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                     "interrupted after round %d: the tariffs are not an equilibrium",
                     rep->rounds);
    free(off);
    free(B);
    free(A);
    free(h);
    free(hn);
    free(s);
    free(x0);
    free(x1);
    free(bs);
    free(freev);
    free(piv);
    return st;
}

/* Re-optimises every player at the candidate equilibrium and records its gain. */
/* One player's check of the equilibrium (a task of tw_game_for_players): its best response
 * to the others' tariffs from its own, on the worker's trial policy and equilibrium. A best
 * response that stops short of its tolerance is kept (its gain is a lower bound). */
typedef struct verify_ctx {
    tw_players *w;
    const size_t *off;
    const tw_policy *cur;
    const tw_equilibrium *eq;
    double *x;                /* [all variables]: each player's best response */
    tw_optimize_report *br;   /* [np] */
    tw_status *st;            /* [np]: TW_OK or TW_ERR_NOT_CONVERGED */
} verify_ctx;

static tw_status verify_task(tw_game *wg, int p, void *ctx, tw_error *err)
{
    verify_ctx *c = ctx;
    tw_players *w = c->w;
    double *x = c->x + c->off[p];
    memcpy(x, w->x[p], w->map[p].nvar * sizeof *x);
    tw_equilibrium_copy(wg->eq_trial, c->eq);
    tw_status st = tw_best_response_xw(wg, &w->ins[p], &w->obj[p], &w->map[p], c->cur,
                                       w->base, x, w->lam + (size_t)p * wg->size, wg->trial,
                                       wg->eq_trial, &c->br[p], err);
    c->st[p] = st;
    return st == TW_ERR_NOT_CONVERGED ? TW_OK : st;
}

static tw_status verify(tw_game *g, tw_players *w, const tw_war_options *o, const tw_policy *cur,
                        const tw_equilibrium *eq, double *gains, tw_war_report *rep,
                        tw_error *err)
{
    rep->max_gain = 0.0;
    rep->max_gain_player = -1;
    size_t *off = malloc((size_t)w->np * sizeof *off);
    size_t n = off ? tw_players_offsets(w, off) : 0;
    verify_ctx c = {w, off, cur, eq, malloc((n + 1) * sizeof(double)),
                    calloc((size_t)w->np, sizeof(tw_optimize_report)),
                    calloc((size_t)w->np, sizeof(tw_status))};
    tw_status st = !off || !c.x || !c.br || !c.st
                       ? tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory")
                       : tw_game_for_players(g, w->np, verify_task, &c, err);
    int all_ok = 1;
    for (int p = 0; p < w->np && !st; p++) {
        rep->evaluations += c.br[p].evaluations;
        if (c.br[p].cancelled || tw_game_cancelled(g)) {
            rep->cancelled = 1;
            st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                         "interrupted while verifying the equilibrium");
            break;
        }
        double gain = c.br[p].value - tw_objective_value(g->m, eq, &w->obj[p]);
        if (gains)
            gains[p] = gain;
        if (c.st[p])
            all_ok = 0; /* the re-optimisation itself did not converge: gain is a lower bound */
        if (gain > rep->max_gain || rep->max_gain_player < 0) {
            rep->max_gain = gain;
            rep->max_gain_player = p;
        }
        tw_game_progress(g, "verifying player", p + 1, gain);
    }
    if (!st)
        rep->verified = all_ok && rep->max_gain <= o->gain_tolerance;
    free(off);
    free(c.x);
    free(c.br);
    free(c.st);
    return st;
}

static tw_status game_nash_war(tw_game *g, const tw_instrument *players, int n_players,
                               const tw_objective *objs, const tw_war_options *opts,
                               const tw_policy *start, tw_policy *out, tw_equilibrium *eq,
                               double *gains, tw_war_report *rep, tw_error *err)
{
    tw_error_clear(err);
    tw_war_report local;
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    rep->max_gain_player = -1;
    if (!g || !players || n_players < 1 || !start || !out || !eq || out == start)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_game_nash_war: bad arguments");
    double t0 = tw_clock_seconds();
    tw_war_options o;
    if (opts)
        o = *opts;
    else
        tw_war_options_init(&o);
    if (!(o.damping > 0 && o.damping <= 1) || !(o.tolerance > 0) || o.max_rounds < 1 ||
        !(o.gain_tolerance > 0))
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "war",
                       "invalid war options: damping in (0, 1], positive tolerances, rounds >= 1");
    tw_players w;
    tw_status st = tw_players_setup(g, players, n_players, objs, start, &w, err);
    if (st)
        return st;
    rep->method = o.method == TW_WAR_AUTO ? TW_WAR_JOINT_FOC : o.method;
    tw_policy_copy(out, start);
    tw_players_apply(&w, out);
    st = tw_model_solve(g->m, g->solver, out, eq, NULL, err);
    rep->evaluations++;
    if (!st)
        st = rep->method == TW_WAR_JOINT_FOC ? joint_foc_rounds(g, &w, &o, out, eq, rep, err)
                                             : best_response_rounds(g, &w, &o, out, eq, rep, err);
    if (!st && !rep->converged && o.method == TW_WAR_AUTO && !rep->cancelled) {
        /* Newton's method failed to settle: continue from its last point by best responses. */
        rep->method = TW_WAR_BEST_RESPONSE;
        st = best_response_rounds(g, &w, &o, out, eq, rep, err);
    }
    if (!st) {
        tw_players_apply(&w, out);
        st = tw_model_solve(g->m, g->solver, out, eq, NULL, err);
        rep->evaluations++;
    }
    if (!st && !o.skip_verification)
        st = verify(g, &w, &o, out, eq, gains, rep, err);
    rep->found = !st && rep->converged && rep->verified;
    rep->seconds = tw_clock_seconds() - t0;
    tw_players_free(&w);
    if (st)
        return st;
    if (!rep->converged)
        return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                       "the war did not converge in %d rounds (last change %.3g, tolerance "
                       "%.3g)",
                       rep->rounds, rep->last_change, o.tolerance);
    if (!o.skip_verification && !rep->verified)
        return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                       "the iteration converged but player %d gains %.3g by re-optimising, "
                       "more than the tolerance %.3g: not a Nash equilibrium",
                       rep->max_gain_player, rep->max_gain, o.gain_tolerance);
    return TW_OK;
}

void tw_war_options_init(tw_war_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->method = TW_WAR_AUTO;
    o->damping = 1.0;
    o->tolerance = 1e-6;
    o->max_rounds = 100;
    o->gain_tolerance = 1e-7;
}

/* The public entry point: a computation stopped by the cancel flag or the progress callback
 * returns TW_ERR_CANCELLED (its partial result is marked as such in the report). */
tw_status tw_game_nash_war(tw_game *g, const tw_instrument *players, int n_players,
                           const tw_objective *objs, const tw_war_options *opts,
                           const tw_policy *start, tw_policy *out, tw_equilibrium *eq,
                           double *gains, tw_war_report *rep, tw_error *err)
{
    tw_status st = game_nash_war(g, players, n_players, objs, opts, start, out, eq, gains, rep, err);
    return tw_game_cancel_status(g, st, err);
}
