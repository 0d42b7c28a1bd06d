/* SPDX-License-Identifier: MIT */
/* Fixed-point solver for the equilibrium map, with Anderson acceleration (type II) and a
 * safeguard. Convergence is decided on the true residual of the equilibrium equations at the
 * returned point, never on the size of the last step. */
#include <lapacke.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "core/error.h"
#include "model/kernels.h"
#include "model/model_internal.h"
#include "model/workspace.h"
#include "solve/solver.h"

/* An accelerated step may raise the residual by at most this factor (see the safeguard). */
#define ACCEPT 2.0
/* Iterations over which the best residual must at least halve (see the stall test). */
#define STALL 300
/* Hard cap on the iterations of a solve, as a multiple of its nominal budget. */
#define HARD_CAP 10

/* Largest 1-norm condition number of the scaled Gram matrix solved directly (see
 * gram_step); above it the step falls back to Householder QR on the history itself. */
#define GRAM_COND 1e8

/* z = g - DG gamma, column by column: z - col gc is z + col (-gc) exactly (negation is exact),
 * so the widest axpy kernel gives the same bits. */
static void mix(const struct tw_workspace *ws, int m, const double *gamma, const double *g,
                double *restrict znew)
{
    size_t M = ws->size;
    memcpy(znew, g, M * sizeof *znew);
    for (int c = 0; c < m; c++)
        tw_axpy_wide(znew, ws->dg + (size_t)c * M, -gamma[c], M);
}

/* out[c] = cols_c . x for the m columns cols_c = cols + c M (m <= 16), each with tw_dot4_wide's
 * bits. One dot's four partial sums form a chain whose additions wait on each other; here the
 * m dots' chains are interleaved in one pass over x, so they overlap (a Gram row and Anderson's
 * right-hand side are 6 dots each per iteration at the default depth). */
#if TW_KERNELS_AVX
TW_AVX static void dots_avx(const double *restrict x, const double *restrict cols, size_t M,
                            int m, double *out)
{
    tw_v4d acc[16];
    for (int c = 0; c < m; c++)
        acc[c] = (tw_v4d){0.0, 0.0, 0.0, 0.0};
    size_t k = 0;
    for (; k + 4 <= M; k += 4) {
        tw_v4d xv = tw_v4d_load(x + k);
        for (int c = 0; c < m; c++)
            acc[c] += tw_v4d_load(cols + (size_t)c * M + k) * xv;
    }
    for (int c = 0; c < m; c++) {
        const double *col = cols + (size_t)c * M;
        double s0 = acc[c][0], s1 = acc[c][1], s2 = acc[c][2], s3 = acc[c][3];
        for (size_t t = k; t < M; t++)
            s0 += col[t] * x[t];
        out[c] = (s0 + s2) + (s1 + s3);
    }
}
#endif

static void dots_wide(const double *x, const double *cols, size_t M, int m, double *out)
{
#if TW_KERNELS_AVX
    if (tw_kernels_avx()) {
        dots_avx(x, cols, M, m, out);
        return;
    }
#endif
    for (int c = 0; c < m; c++)
        out[c] = tw_dot4(cols + (size_t)c * M, x, M);
}

/* Anderson mixing by Householder QR (LAPACK dgels) on a column-scaled copy of DF: the
 * fallback of gram_step when the Gram matrix is too ill-conditioned. @return 0 if it fails. */
static int qr_step(struct tw_workspace *ws, int m, const double *f, const double *g,
                   double *znew)
{
    size_t M = ws->size;
    double *a = ws->lsq, *b = ws->rhs, *scale = ws->coef;
    for (int c = 0; c < m; c++) {
        const double *col = ws->df + (size_t)c * M;
        double nrm = sqrt(tw_dot4_wide(col, col, M));
        if (!(nrm > 0.0) || !isfinite(nrm))
            return 0;
        scale[c] = 1.0 / nrm;
        for (size_t k = 0; k < M; k++)
            a[(size_t)c * M + k] = col[k] * scale[c];
    }
    memcpy(b, f, M * sizeof *b);
    if (LAPACKE_dgels_work(LAPACK_COL_MAJOR, 'N', (lapack_int)M, m, 1, a, (lapack_int)M, b,
                           (lapack_int)M, ws->lwork_buf, ws->lwork) != 0)
        return 0;
    for (int c = 0; c < m; c++) {
        b[c] *= scale[c];
        if (!isfinite(b[c]))
            return 0;
    }
    mix(ws, m, b, g, znew);
    return 1;
}

/* Records the inner products of history column c with columns 0..m-1 (c among them) in the
 * Gram matrix: M m multiply-adds per iteration instead of a QR of the whole history. */
static void gram_update(struct tw_workspace *ws, int c, int m)
{
    size_t M = ws->size;
    int D = ws->depth;
    double v[16];
    dots_wide(ws->df + (size_t)c * M, ws->df, M, m, v);
    for (int k = 0; k < m; k++) {
        ws->gram[c * D + k] = v[k];
        ws->gram[k * D + c] = v[k];
    }
}

/* Anderson mixing (type II): given history columns df (differences of residuals f = G(z) - z)
 * and dg (differences of G), find gamma minimising |f - DF gamma| and return
 * z = G(z) - DG gamma. The least squares are solved by the normal equations on the Jacobi-
 * scaled Gram matrix A = S DF^T DF S (S = diag 1 / |df_c|, unit diagonal), factored by
 * Cholesky, with its exact 1-norm condition number from the explicit inverse (m <= 16: a few
 * hundred operations). Normal equations square the conditioning of DF: the error they add to
 * gamma is about eps cond(A), at most 1e8 * 1.1e-16 ~ 1e-8 relative below GRAM_COND; above it
 * the step is taken by Householder QR on DF itself (qr_step), which keeps the conditioning.
 * Either way gamma only shapes the step: every step is judged by the true residual at the new
 * point (the safeguard in tw_solver_iterate), so convergence and the returned solution are
 * held to the same tolerance. @return 0 if no step can be computed (plain step instead). */
static int anderson_step(struct tw_workspace *ws, int m, const double *f, const double *g,
                         double *znew)
{
    size_t M = ws->size;
    int D = ws->depth;
    double *A = ws->gram_chol, *inv = ws->gram_inv, *scale = ws->coef, *y = ws->rhs;
    for (int c = 0; c < m; c++) {
        double gcc = ws->gram[c * D + c];
        if (!(gcc > 0.0) || !isfinite(gcc))
            return 0;
        scale[c] = 1.0 / sqrt(gcc);
    }
    dots_wide(f, ws->df, M, m, y);
    for (int c = 0; c < m; c++) {
        y[c] *= scale[c];
        for (int k = 0; k < m; k++)
            A[c * m + k] = ws->gram[c * D + k] * scale[c] * scale[k];
    }
    double norm1 = 0.0; /* ||A||_1 (A symmetric) */
    for (int c = 0; c < m; c++) {
        double col = 0.0;
        for (int k = 0; k < m; k++)
            col += fabs(A[c * m + k]);
        norm1 = fmax(norm1, col);
    }
    /* Cholesky A = L L^T in place (lower triangle, row-major). */
    for (int c = 0; c < m; c++) {
        for (int k = 0; k <= c; k++) {
            double v = A[c * m + k];
            for (int l = 0; l < k; l++)
                v -= A[c * m + l] * A[k * m + l];
            if (k == c) {
                if (!(v > 0.0))
                    return qr_step(ws, m, f, g, znew);
                A[c * m + c] = sqrt(v);
            } else {
                A[c * m + k] = v / A[k * m + k];
            }
        }
    }
    /* The inverse, column by column (forward then back substitution on e_c). */
    double inorm1 = 0.0;
    for (int c = 0; c < m; c++) {
        double *x = inv + (size_t)c * m;
        for (int k = 0; k < m; k++) {
            double v = k == c ? 1.0 : 0.0;
            for (int l = 0; l < k; l++)
                v -= A[k * m + l] * x[l];
            x[k] = v / A[k * m + k];
        }
        for (int k = m - 1; k >= 0; k--) {
            double v = x[k];
            for (int l = k + 1; l < m; l++)
                v -= A[l * m + k] * x[l];
            x[k] = v / A[k * m + k];
        }
        double col = 0.0;
        for (int k = 0; k < m; k++)
            col += fabs(x[k]);
        inorm1 = fmax(inorm1, col);
    }
    if (!(norm1 * inorm1 <= GRAM_COND))
        return qr_step(ws, m, f, g, znew);
    double gamma[16];
    for (int c = 0; c < m; c++) {
        double v = 0.0;
        for (int k = 0; k < m; k++)
            v += inv[(size_t)k * m + c] * y[k];
        gamma[c] = v * scale[c];
        if (!isfinite(gamma[c]))
            return 0;
    }
    mix(ws, m, gamma, g, znew);
    return 1;
}

int tw_solver_poll(tw_solver *s, int iteration, double residual)
{
    if (tw_cancel_is_set(s->opt.cancel) ||
        (s->opt.progress && s->opt.progress(s->opt.progress_ctx, iteration, residual)))
        s->cancelled = 1;
    return s->cancelled;
}

/* 1 if a residual `best` that fell by the factor `rate` over the last STALL iterations would,
 * at that rate, reach tol by iteration `limit` (we are at iteration it). */
static int reaches(double best, double tol, double rate, int it, int limit)
{
    if (!(rate < 1.0) || !(best > 0.0) || !isfinite(best))
        return 0;
    if (!(rate > 0.0))
        return 1;
    double windows = log(tol / best) / log(rate);
    return (double)it + windows * STALL <= (double)limit;
}

int tw_solver_hard_cap(int budget)
{
    return budget > INT_MAX / HARD_CAP ? INT_MAX : HARD_CAP * budget;
}

int tw_solver_iterate(tw_solver *s, double *z, int budget, int hard, int *iterations,
                      double *residual, int *restarts)
{
    const tw_model *m = s->m;
    struct tw_workspace *ws = s->ws;
    size_t M = ws->size;
    int depth = ws->depth;
    double tol = s->opt.tolerance;
    double *gz = ws->gz, *f = ws->f;
    double best_res = INFINITY, prev_res = INFINITY, window_best = INFINITY, res = INFINITY;
    int hist = 0, head = 0, it = 0, converged = 0, accelerated = 0;
    int cleared = 0;   /* the memory was cleared at the last window for lack of progress */
    double rate = 1.0; /* factor by which the best residual fell over the last full window */
    if (hard < budget)
        hard = budget;
    s->at_solution = 0;
    for (it = 0; it <= hard; it++) {
        res = tw_model_map(m, ws, z, gz, NULL);
        if (res < best_res) {
            best_res = res;
            memcpy(ws->best, z, M * sizeof *z);
        }
        if (res <= tol) {
            converged = 1;
            break;
        }
        if (tw_solver_poll(s, *iterations + it, res))
            break;
        if (it == hard)
            break;
        /* Stall test: give up on this attempt (the caller then splits the shock into smaller
         * steps, or tries Newton) if the best residual has not halved over the last STALL
         * iterations and, at the rate it fell, would not reach the tolerance within the
         * budget. Past the budget (docs/model.md, "Iteration budget"), go on only while that
         * rate would reach the tolerance before the hard cap. */
        if (it > 0 && it % STALL == 0) {
            rate = isfinite(window_best) ? best_res / window_best : 0.0;
            int ok = it < budget ? rate < 0.5 || reaches(best_res, tol, rate, it, budget)
                                 : reaches(best_res, tol, rate, it, hard);
            if (!ok) {
                /* Anderson's memory can stagnate on a stale subspace: clear it once and give
                 * the iteration one more window before giving up. */
                if (cleared || hist == 0)
                    break;
                cleared = 1;
                hist = head = 0;
                (*restarts)++;
            } else {
                cleared = 0;
            }
            window_best = best_res;
        }
        if (it == budget && !reaches(best_res, tol, rate, it, hard))
            break;
        /* Safeguard: an accelerated step is kept only if the residual did not grow by more
         * than ACCEPT; otherwise it is undone, the plain step from the previous point is taken
         * instead, and the memory is cleared. The plain iteration is a contraction near the
         * solution, so this keeps the global behaviour of the plain iteration while keeping
         * the speed of acceleration where it works. */
        if (accelerated && (!isfinite(res) || res > ACCEPT * prev_res)) {
            (*restarts)++;
            hist = head = 0;
            accelerated = 0;
            memcpy(z, ws->gprev, M * sizeof *z);
            prev_res = INFINITY;
            continue;
        }
        if (!isfinite(res))
            break; /* a plain step produced a non-finite value: nothing sensible to do */
        for (size_t k = 0; k < M; k++)
            f[k] = gz[k] - z[k];
        if (depth > 0 && isfinite(prev_res)) {
            double *dfc = ws->df + (size_t)head * M, *dgc = ws->dg + (size_t)head * M;
            for (size_t k = 0; k < M; k++) {
                dfc[k] = f[k] - ws->fprev[k];
                dgc[k] = gz[k] - ws->gprev[k];
            }
            if (hist < depth)
                hist++;
            gram_update(ws, head, hist);
            head = (head + 1) % depth;
        }
        memcpy(ws->fprev, f, M * sizeof *f);
        memcpy(ws->gprev, gz, M * sizeof *gz);
        prev_res = res;
        accelerated = hist > 0 && anderson_step(ws, hist, f, gz, z);
        if (!accelerated)
            memcpy(z, gz, M * sizeof *z);
    }
    *iterations += it;
    /* Leave z at the point whose residual was measured: the converged one, else the best. */
    if (!converged)
        memcpy(z, ws->best, M * sizeof *z);
    /* Converged: res is the map's residual at z, just evaluated (the map is deterministic),
     * and ws holds its intermediates at z. */
    *residual = converged ? res : best_res;
    s->at_solution = converged;
    return converged;
}
