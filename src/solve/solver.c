/* SPDX-License-Identifier: MIT */
/* Fixed-point solver for the equilibrium map, with Anderson acceleration (type II) and a
 * safeguard. Convergence is decided on the true residual of the equilibrium equations at the
 * returned point, never on the size of the last step. */
#include <lapacke.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "model/model_internal.h"
#include "model/workspace.h"
#include "solve/solver.h"

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Anderson mixing: given history columns df (differences of residuals f = G(z) - z) and dg
 * (differences of G), find gamma minimising |f - DF gamma| and return z = G(z) - DG gamma.
 * Solved through the regularised normal equations (m <= 16, so this is cheap); returns 0 if
 * the small system is not positive definite. */
static int anderson_step(struct tw_workspace *ws, int m, const double *f, const double *g,
                         double *znew)
{
    size_t M = ws->size;
    double *gram = ws->lsq, *b = ws->coef;
    for (int a = 0; a < m; a++) {
        const double *ca = ws->df + (size_t)a * M;
        for (int c = a; c < m; c++) {
            const double *cc = ws->df + (size_t)c * M;
            double s = 0.0;
            for (size_t k = 0; k < M; k++)
                s += ca[k] * cc[k];
            gram[a + c * m] = gram[c + a * m] = s;
        }
        double s = 0.0;
        for (size_t k = 0; k < M; k++)
            s += ca[k] * f[k];
        b[a] = s;
    }
    double trace = 0.0;
    for (int a = 0; a < m; a++)
        trace += gram[a + a * m];
    if (!(trace > 0.0) || !isfinite(trace))
        return 0;
    for (int a = 0; a < m; a++)
        gram[a + a * m] += 1e-12 * trace / m;
    if (LAPACKE_dposv_work(LAPACK_COL_MAJOR, 'U', m, 1, gram, m, b, m) != 0)
        return 0;
    for (size_t k = 0; k < M; k++) {
        double v = g[k];
        for (int a = 0; a < m; a++)
            v -= ws->dg[(size_t)a * M + k] * b[a];
        znew[k] = v;
    }
    return 1;
}

tw_status tw_solver_run(tw_model *m, const double *z0, tw_equilibrium *eq, tw_solver_report *rep,
                        tw_error *err)
{
    struct tw_workspace *ws = m->ws;
    size_t M = ws->size;
    int depth = ws->depth;
    double tol = m->opt.tolerance;
    int maxit = m->opt.max_iterations;
    double t0 = now_seconds();
    double *z = ws->z, *gz = ws->gz, *f = ws->f;
    memcpy(z, z0, M * sizeof *z);
    double best_res = INFINITY, prev_res = INFINITY;
    int hist = 0, head = 0, it = 0, restarts = 0, converged = 0;
    for (it = 0; it <= maxit; it++) {
        double res = tw_model_map(m, z, gz, NULL);
        if (res < best_res) {
            best_res = res;
            memcpy(ws->best, z, M * sizeof *z);
        }
        if (res <= tol) {
            converged = 1;
            break;
        }
        if (it == maxit)
            break;
        /* Safeguard: an accelerated step that made things much worse (or produced NaN) is
         * discarded; restart from the best point with a plain step and an empty memory. */
        if (!isfinite(res) || (hist > 0 && res > 1e3 * best_res)) {
            restarts++;
            hist = head = 0;
            memcpy(z, ws->best, M * sizeof *z);
            tw_model_map(m, z, gz, NULL);
            memcpy(z, gz, M * sizeof *z);
            prev_res = INFINITY;
            continue;
        }
        for (size_t k = 0; k < M; k++)
            f[k] = gz[k] - z[k];
        if (depth > 0 && isfinite(prev_res)) {
            double *dfc = ws->df + (size_t)head * M, *dgc = ws->dg + (size_t)head * M;
            for (size_t k = 0; k < M; k++) {
                dfc[k] = f[k] - ws->fprev[k];
                dgc[k] = gz[k] - ws->gprev[k];
            }
            head = (head + 1) % depth;
            if (hist < depth)
                hist++;
        }
        memcpy(ws->fprev, f, M * sizeof *f);
        memcpy(ws->gprev, gz, M * sizeof *gz);
        prev_res = res;
        if (hist == 0 || !anderson_step(ws, hist, f, gz, z)) {
            if (hist > 0) {
                restarts++;
                hist = head = 0;
            }
            memcpy(z, gz, M * sizeof *z);
        }
    }
    /* Report the point whose residual was measured: the last one if converged, the best one
     * otherwise; eq receives the quantities implied by it. */
    const double *zfinal = converged ? z : ws->best;
    double res = tw_model_map(m, zfinal, NULL, eq);
    tw_solver_report r = {converged && res <= tol, it, res, now_seconds() - t0, restarts};
    eq->solved = r.converged;
    eq->report = r;
    if (rep)
        *rep = r;
    if (!r.converged) {
        if (!isfinite(res))
            return tw_fail(err, TW_ERR_NUMERIC, NULL, 0, 0, NULL,
                           "the equilibrium computation produced a non-finite value after %d "
                           "iterations",
                           it);
        return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                       "the solver stopped after %d iterations with residual %.3g, above the "
                       "tolerance %.3g: no result is reported",
                       it, res, tol);
    }
    return TW_OK;
}
