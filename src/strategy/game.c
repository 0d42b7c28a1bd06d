/* SPDX-License-Identifier: MIT */
/* Games: creation, payoffs, and exact payoff gradients with respect to tariffs by the
 * implicit-function theorem (adjoint method) on the equilibrium map.
 *
 * At an equilibrium z* of policy tau, F(z, tau) = G(z, tau) - z = 0. For a payoff W(z, tau),
 *   dW/dtau = dW/dtau|_z + lambda^T dG/dtau,   where (I - dG/dz)^T lambda = dW/dz.
 * G is the solver's own map (src/model/equations.c), so (I - dG/dz) is well conditioned where
 * the solver converges; the system is solved by restarted GMRES (src/solve/gmres.c) with
 * transposed products from the hand-written reverse pass (src/model/adjoint.c), and its true
 * residual is checked. The state z includes the wedges of the quotas in force, and the map the
 * CES input nests, so the gradient covers both. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/error.h"
#include "model/workspace.h"
#include "solve/gmres.h"
#include "strategy/political.h"
#include "strategy/welfare_payoff.h"
#include "strategy/game_internal.h"
#include "strategy/parallel.h"

tw_status tw_game_create(const tw_model *m, const tw_game_options *opts, tw_game **out,
                         tw_error *err)
{
    tw_error_clear(err);
    if (!m || !out)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_game_create: NULL argument");
    *out = NULL;
    tw_game *g = calloc(1, sizeof *g);
    if (!g)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    g->m = m;
    tw_status pst = tw_welfare_payoff_check(m, err); /* strategy/welfare_payoff.c */
    if (pst) {
        free(g);
        return pst;
    }
    if (opts)
        g->opt = *opts;
    else
        tw_game_options_init(&g->opt);
    if (!(g->opt.xtol > 0) || !(g->opt.ftol >= 0) || g->opt.max_evals < 1 ||
        !(g->opt.adjoint_tolerance > 0) || !(g->opt.kkt_tolerance > 0) ||
        (unsigned)g->opt.algorithm > (unsigned)TW_OPTIMIZER_MMA || g->opt.threads < 0) {
        free(g);
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "game",
                       "invalid game options: tolerances must be positive, max_evals >= 1, "
                       "threads >= 0 "
                       "(initialise options with tw_game_options_init)");
    }
    tw_status sst = tw_solver_create(m, NULL, &g->solver, err);
    if (sst) {
        free(g);
        return sst;
    }
    g->cancel = g->opt.cancel;
    if (!g->cancel && !(g->cancel = g->own_cancel = tw_cancel_create())) {
        tw_game_free(g);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    tw_dims d = m->d;
    size_t S = tw_model_state_size(m, g->solver->ws);
    size_t nj = (size_t)d.n * (size_t)d.j, nij = nj * (size_t)d.n;
    g->size = S;
    g->state = S;
    g->capacity = S;
    g->adj = tw_map_adjoint_create(m);
    double **vec[] = {&g->z, &g->gz, &g->wz, &g->lam, &g->r};
    int ok = g->adj != NULL;
    for (size_t k = 0; k < sizeof vec / sizeof *vec; k++)
        ok &= (*vec[k] = calloc(S, sizeof(double))) != NULL;
    ok &= (g->gmres = tw_gmres_create(S, TW_GMRES_RESTART)) != NULL;
    ok &= (g->seed_inc = calloc((size_t)d.n, sizeof(double))) != NULL;
    ok &= (g->seed_lnp = calloc(nj, sizeof(double))) != NULL;
    ok &= (g->seed_y = calloc(nj, sizeof(double))) != NULL;
    ok &= (g->seed_blk = calloc(3 * (size_t)d.n, sizeof(double))) != NULL;
    ok &= (g->grad = calloc(nij, sizeof(double))) != NULL;
    ok &= (g->lam_task = calloc(S, sizeof(double))) != NULL;
    ok &= tw_policy_create(m, &g->trial) == TW_OK;
    ok &= (g->eq_trial = tw_equilibrium_create(m)) != NULL;
    if (!ok) {
        tw_game_free(g);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    *out = g;
    return TW_OK;
}

void tw_game_options_init(tw_game_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->algorithm = TW_OPTIMIZER_LBFGS;
    o->xtol = 1e-9;
    o->ftol = 1e-13;
    o->max_evals = 500;
    o->kkt_tolerance = 1e-6;
    o->adjoint_tolerance = 1e-11;
}

void tw_game_free(tw_game *g)
{
    if (!g)
        return;
    tw_game_workers_free(g);
    tw_solver_free(g->solver);
    tw_cancel_free(g->own_cancel);
    tw_map_adjoint_free(g->adj);
    free(g->z);
    free(g->gz);
    free(g->wz);
    free(g->lam);
    free(g->r);
    tw_gmres_free(g->gmres);
    free(g->seed_inc);
    free(g->seed_lnp);
    free(g->seed_y);
    free(g->seed_blk);
    free(g->grad);
    free(g->lam_task);
    tw_policy_free(g->trial);
    tw_equilibrium_free(g->eq_trial);
    free(g);
}

const tw_model *tw_game_model(const tw_game *g) { return g->m; }
tw_solver *tw_game_solver(tw_game *g) { return g->solver; }

int tw_game_cancelled(const tw_game *g) { return tw_cancel_is_set(g->cancel); }

tw_status tw_game_cancel_status(const tw_game *g, tw_status st, tw_error *err)
{
    if (st != TW_ERR_NOT_CONVERGED || !g || !tw_game_cancelled(g))
        return st;
    if (err)
        err->status = TW_ERR_CANCELLED;
    return TW_ERR_CANCELLED;
}

int tw_game_progress(tw_game *g, const char *what, int step, double value)
{
    /* A progress callback's stop sets the flag, as a cancel would (the caller resets it). */
    if (g->opt.progress && g->opt.progress(g->opt.progress_ctx, what, step, value)) {
        tw_cancel_set(g->cancel);
        return 1;
    }
    return tw_game_cancelled(g);
}

double tw_objective_value(const tw_model *m, const tw_equilibrium *eq, const tw_objective *obj)
{
    const tw_equilibrium *b = m->base;
    tw_dims d = m->d;
    int n = obj->country;
    double lp = log(eq->cpi_hat[n] / b->cpi_hat[n]);
    double v = (m->political               ? tw_political_log_income(m, eq, n) /* political.c */
                : tw_welfare_payoff_on(m) ? tw_welfare_log_income(m, eq, n) /* welfare_payoff.c */
                                          : log(eq->income[n] / b->income[n])) -
               lp;
    if (obj->sector_weights)
        for (int j = 0; j < d.j; j++) {
            double om = obj->sector_weights[j];
            size_t at = tw_ix_nj(d, n, j);
            if (om != 0.0 && b->output[at] > 0)
                v += om * (log(eq->output[at] / b->output[at]) - lp);
        }
    return v;
}

/* out = A v = v - (dG/dz)^T v: the operator of the adjoint solve (ctx is the game). */
static void adjoint_operator(void *ctx, const double *v, double *out)
{
    tw_game *g = ctx;
    tw_model_map_vjp(g->m, g->solver->ws, g->adj, g->z, v, NULL, out, NULL, NULL);
    for (size_t k = 0; k < g->state; k++)
        out[k] = v[k] - out[k];
}

double tw_game_adjoint_aim(const tw_game *g)
{
    double tol = g->adjoint_tolerance_now > 0 ? g->adjoint_tolerance_now
                                               : g->opt.adjoint_tolerance;
    return g->adjoint_aim_now > 0 ? fmin(g->adjoint_aim_now, tol) : tol;
}

/* Solves A lam = b, A = I - (dG/dz)^T, by restarted GMRES (src/solve/gmres.c) from lam = 0 or,
 * if warm, from lam's value on entry. Convergence is judged on the true residual b - A lam,
 * recomputed at every restart: GMRES stops at the relative residual aim (aim <= tol) and the
 * solve has converged if it is at most tol, so that a solve that stagnates between aim and tol
 * (round-off) still succeeds. */
static void gmres(tw_game *g, const double *b, double *lam, int warm, double tol, double aim,
                  tw_adjoint_report *rep)
{
    tw_gmres_options o = {.tolerance = aim, .max_iterations = TW_GMRES_MAX_ITERATIONS};
    tw_gmres_report gr;
    (void)tw_gmres_solve(g->gmres, g->state, adjoint_operator, g, b, lam, warm, &o, &gr);
    rep->iterations = gr.iterations;
    rep->residual = gr.residual;
    rep->converged = gr.converged || (isfinite(gr.residual) && gr.residual <= tol);
}

tw_status tw_game_gradient(tw_game *g, const tw_policy *p, const tw_equilibrium *eq,
                           const tw_objective *obj, double *value, double *grad,
                           tw_adjoint_report *rep, tw_error *err)
{
    return tw_game_gradient_warm(g, p, eq, obj, value, grad, NULL, rep, err);
}

/* Makes room for an adjoint state of S entries: a policy with quotas has one entry per quota
 * beyond the state the game was created for. Grows the vectors (never during an adjoint solve).
 * @return 0, or -1 on allocation failure (the vectors keep their old capacity). */
static int reserve_state(tw_game *g, size_t S)
{
    if (S > g->capacity) {
        double **vec[] = {&g->z, &g->gz, &g->wz, &g->lam, &g->r};
        for (size_t k = 0; k < sizeof vec / sizeof *vec; k++) {
            double *grown = realloc(*vec[k], S * sizeof(double));
            if (!grown)
                return -1;
            *vec[k] = grown;
        }
        tw_gmres *gm = tw_gmres_create(S, TW_GMRES_RESTART);
        if (!gm)
            return -1;
        tw_gmres_free(g->gmres);
        g->gmres = gm;
        g->capacity = S;
    }
    g->state = S;
    return 0;
}

tw_status tw_game_gradient_warm(tw_game *g, const tw_policy *p, const tw_equilibrium *eq,
                                const tw_objective *obj, double *value, double *grad,
                                double *lambda, tw_adjoint_report *rep, tw_error *err)
{
    return tw_game_gradient_tagged(g, 0, p, eq, obj, value, grad, lambda, rep, err);
}

tw_status tw_game_gradient_tagged(tw_game *g, size_t tag, const tw_policy *p,
                                  const tw_equilibrium *eq, const tw_objective *obj,
                                  double *value, double *grad, double *lambda,
                                  tw_adjoint_report *rep, tw_error *err)
{
    return tw_game_gradient_own(g, tag, -1, p, eq, obj, value, grad, lambda, rep, err);
}

tw_status tw_game_gradient_own(tw_game *g, size_t tag, int importer, const tw_policy *p,
                               const tw_equilibrium *eq, const tw_objective *obj,
                               double *value, double *grad, double *lambda,
                               tw_adjoint_report *rep, tw_error *err)
{
    tw_error_clear(err);
    tw_adjoint_report local = {0};
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    const tw_model *m = g->m;
    tw_dims d = m->d;
    if (!eq || !eq->solved)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_game_gradient: the equilibrium is not solved");
    if (!obj || obj->country < 0 || obj->country >= d.n)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_game_gradient: objective country out of range");
    double t0 = tw_clock_seconds();
    size_t nj = (size_t)d.n * d.j, nij = nj * d.n;
    /* The forward pass at z* fills the intermediates the reverse pass reuses. The state is
     * [ln w | ln c | X | quota wedges]: the wedges are unknowns of the equilibrium like the
     * rest, so the adjoint system covers them (docs/strategy.md §2). */
    tw_workspace *ws = g->solver->ws;
    /* With the tag of the forward pass already in ws (the same policy and equilibrium), the
     * coefficients, z and the map's intermediates are those it left: the same bits. */
    int after_solve = tag == TW_GAME_AFTER_SOLVE;
    int reuse = tag != 0 && !after_solve && tag == g->forward_tag;
    g->forward_tag = 0;
    /* Right after a converged solve of p without quotas, ws holds p's coefficients: nothing
     * but tw_model_coeffs writes them then (quota flows are rewritten by the map). */
    if (!reuse && !(after_solve && ws->k.nq == 0))
        tw_model_coeffs(m, ws, p);
    size_t S = tw_model_state_size(m, ws);
    if (ws->k.quota_broken || reserve_state(g, S))
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!reuse) {
        tw_model_state_from(m, ws, eq, g->z);
        tw_model_map(m, ws, g->z, g->gz, NULL);
    }
    g->forward_tag = after_solve ? 0 : tag;

    /* Seeds of W = ln I_n - (1 + sum omega) ln P_n + sum_j omega_j ln Y_n^j (+ constants),
     * with ln P_n = sum_j alpha_nj ln P_n^j and I, ln P^j, Y as computed by the map at z*. */
    int n = obj->country;
    memset(g->seed_inc, 0, (size_t)d.n * sizeof(double));
    memset(g->seed_lnp, 0, nj * sizeof(double));
    memset(g->seed_y, 0, nj * sizeof(double));
    double wsum = 1.0;
    if (obj->sector_weights)
        for (int j = 0; j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            double om = obj->sector_weights[j];
            if (om != 0.0 && m->base->output[at] > 0) {
                wsum += om;
                g->seed_y[at] = om / ws->y[at];
            }
        }
    double *sw = NULL; /* seeds of the welfare payoff on w_hat, L_hat, R' */
    if (m->political) /* strategy/political.c */
        tw_political_seeds(m, ws, n, g->seed_inc, g->seed_y);
    else if (tw_welfare_payoff_on(m)) /* strategy/welfare_payoff.c */
        tw_welfare_seeds(m, ws, n, g->seed_inc, sw = g->seed_blk, g->seed_blk + d.n,
                         g->seed_blk + 2 * (size_t)d.n);
    else
        g->seed_inc[n] = 1.0 / ws->income[n];
    for (int j = 0; j < d.j; j++)
        g->seed_lnp[tw_ix_nj(d, n, j)] = -wsum * m->w->alpha[tw_ix_nj(d, n, j)];
    tw_map_seeds seeds = {.income = g->seed_inc, .lnp = g->seed_lnp, .output = g->seed_y};
    if (sw) {
        seeds.what = sw;
        seeds.lhat = sw + d.n;
        seeds.revenue = sw + 2 * (size_t)d.n;
    }

    /* dW/dz and the direct part dW/dtau|_z; with one importer, only its rows [j][importer]
     * (J rows of N entries, row stride N^2) are zeroed, computed and checked. */
    int own = importer >= 0 && importer < d.n;
    size_t rows = own ? (size_t)d.j : 1, row_len = own ? (size_t)d.n : nij;
    size_t row0 = own ? tw_ix_nij(d, importer, 0, 0) : 0, stride = (size_t)d.n * d.n;
    for (size_t k = 0; k < rows; k++)
        memset(grad + row0 + k * stride, 0, row_len * sizeof *grad);
    tw_model_map_vjp_importer(m, ws, g->adj, g->z, NULL, &seeds, g->wz, grad, p,
                              own ? importer : -1);
    /* The caller's warm start has the quota-free size g->size; the quotas' multipliers start
     * from zero. */
    double *lam = lambda && S == g->size ? lambda : g->lam;
    if (lambda && lam != lambda) {
        memcpy(lam, lambda, g->size * sizeof *lam);
        memset(lam + g->size, 0, (S - g->size) * sizeof *lam);
    }
    double tol = g->adjoint_tolerance_now > 0 ? g->adjoint_tolerance_now
                                               : g->opt.adjoint_tolerance;
    gmres(g, g->wz, lam, lambda != NULL, tol, tw_game_adjoint_aim(g), rep);
    if (lambda && lam != lambda)
        memcpy(lambda, lam, g->size * sizeof *lam);
    /* lambda^T dG/dtau. */
    tw_model_map_vjp_importer(m, ws, g->adj, g->z, lam, NULL, g->r, grad, p,
                              own ? importer : -1);
    rep->seconds = tw_clock_seconds() - t0;
    if (value)
        *value = tw_objective_value(m, eq, obj);
    for (size_t k = 0; k < rows; k++)
        for (size_t i = 0; i < row_len; i++)
            if (!isfinite(grad[row0 + k * stride + i]))
                return tw_fail(err, TW_ERR_NUMERIC, NULL, 0, 0, NULL,
                               "the payoff gradient is not finite");
    if (!rep->converged)
        return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                       "the adjoint solve stopped after %d iterations with relative residual "
                       "%.3g, above the tolerance %.3g",
                       rep->iterations, rep->residual, tol);
    return TW_OK;
}
