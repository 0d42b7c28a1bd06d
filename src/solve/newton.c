/* SPDX-License-Identifier: MIT */
/* Newton-Krylov fallback for the equilibrium: Newton steps on F(z) = G(z) - z, each direction
 * from one cycle of GMRES with Jacobian-vector products by finite differences of the map, and
 * a backtracking line search on |F|. Used where the fixed-point iteration stops contracting
 * (very high tariffs everywhere push the economy towards autarky, where relative wages are
 * only weakly determined and the plain iteration becomes unstable). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"
#include "model/workspace.h"
#include "solve/solver.h"

/* Relative accuracy asked of each GMRES solve (inexact Newton). */
#define GMRES_TOL 1e-4
/* Line-search halvings before a direction is abandoned. */
#define MAX_BACKTRACK 12

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0.0;
    for (size_t k = 0; k < n; k++)
        s += a[k] * b[k];
    return s;
}

/* F(z) into f; returns the true residual at z. */
static double eval(tw_solver *s, const double *z, double *f)
{
    size_t M = s->ws->size;
    double res = tw_model_map(s->m, s->ws, z, f, NULL);
    for (size_t k = 0; k < M; k++)
        f[k] -= z[k];
    return res;
}

/* One GMRES cycle for J dz = -F at z. Returns the number of map evaluations used. */
static int gmres(tw_solver *s, const double *z, const double *F, double fnorm, double *dz)
{
    struct tw_workspace *ws = s->ws;
    size_t M = ws->size;
    int K = ws->krylov;
    double *V = ws->nk_v, *H = ws->nk_h, *cs = ws->nk_cs, *sn = ws->nk_sn, *g = ws->nk_g;
    double *zt = ws->nk_zt, *ft = ws->nk_ft;
    double znorm = sqrt(dot(z, z, M));
    double eps = 1e-7 * (1.0 + znorm);
    memset(g, 0, (size_t)(K + 1) * sizeof *g);
    for (size_t k = 0; k < M; k++)
        V[k] = -F[k] / fnorm;
    g[0] = fnorm;
    int j, evals = 0;
    for (j = 0; j < K; j++) {
        double *vj = V + (size_t)j * M, *w = V + (size_t)(j + 1) * M;
        for (size_t k = 0; k < M; k++)
            zt[k] = z[k] + eps * vj[k];
        eval(s, zt, ft);
        evals++;
        for (size_t k = 0; k < M; k++)
            w[k] = (ft[k] - F[k]) / eps;
        /* Modified Gram-Schmidt against the basis so far. */
        for (int i = 0; i <= j; i++) {
            double h = dot(w, V + (size_t)i * M, M);
            H[i + j * (K + 1)] = h;
            const double *vi = V + (size_t)i * M;
            for (size_t k = 0; k < M; k++)
                w[k] -= h * vi[k];
        }
        double hn = sqrt(dot(w, w, M));
        H[j + 1 + j * (K + 1)] = hn;
        if (hn > 0)
            for (size_t k = 0; k < M; k++)
                w[k] /= hn;
        /* Givens rotations keep H upper triangular and g the residual of the small problem. */
        for (int i = 0; i < j; i++) {
            double a = H[i + j * (K + 1)], b = H[i + 1 + j * (K + 1)];
            H[i + j * (K + 1)] = cs[i] * a + sn[i] * b;
            H[i + 1 + j * (K + 1)] = -sn[i] * a + cs[i] * b;
        }
        double a = H[j + j * (K + 1)], b = H[j + 1 + j * (K + 1)];
        double r = hypot(a, b);
        cs[j] = r > 0 ? a / r : 1.0;
        sn[j] = r > 0 ? b / r : 0.0;
        H[j + j * (K + 1)] = r;
        H[j + 1 + j * (K + 1)] = 0.0;
        g[j + 1] = -sn[j] * g[j];
        g[j] = cs[j] * g[j];
        if (fabs(g[j + 1]) <= GMRES_TOL * fnorm || hn == 0.0) {
            j++;
            break;
        }
    }
    /* Back substitution for y, then dz = V y. */
    double *y = ws->nk_y;
    for (int i = j - 1; i >= 0; i--) {
        double acc = g[i];
        for (int c = i + 1; c < j; c++)
            acc -= H[i + c * (K + 1)] * y[c];
        double d = H[i + i * (K + 1)];
        y[i] = d != 0.0 ? acc / d : 0.0;
    }
    memset(dz, 0, M * sizeof *dz);
    for (int i = 0; i < j; i++) {
        const double *vi = V + (size_t)i * M;
        for (size_t k = 0; k < M; k++)
            dz[k] += y[i] * vi[k];
    }
    return evals;
}

int tw_solver_newton(tw_solver *s, double *z, int budget, int *iterations, double *residual)
{
    struct tw_workspace *ws = s->ws;
    size_t M = ws->size;
    double tol = s->opt.tolerance;
    double *F = ws->nk_f, *dz = ws->nk_dz, *zt = ws->nk_zt, *ft = ws->nk_ft;
    int used = 1;
    double res = eval(s, z, F);
    double fnorm = sqrt(dot(F, F, M));
    int converged = 0;
    while (used < budget && isfinite(res)) {
        if (res <= tol) {
            converged = 1;
            break;
        }
        if (tw_solver_poll(s, *iterations + used, res))
            break;
        used += gmres(s, z, F, fnorm, dz);
        double lambda = 1.0, rt = INFINITY, tn = INFINITY;
        int ok = 0;
        for (int ls = 0; ls < MAX_BACKTRACK && used < budget; ls++) {
            for (size_t k = 0; k < M; k++)
                zt[k] = z[k] + lambda * dz[k];
            rt = eval(s, zt, ft);
            used++;
            tn = sqrt(dot(ft, ft, M));
            if (isfinite(rt) && tn <= (1.0 - 1e-4 * lambda) * fnorm) {
                ok = 1;
                break;
            }
            lambda *= 0.5;
        }
        if (!ok)
            break;
        memcpy(z, zt, M * sizeof *z);
        memcpy(F, ft, M * sizeof *F);
        fnorm = tn;
        res = rt;
    }
    *iterations += used;
    *residual = res;
    return converged;
}
