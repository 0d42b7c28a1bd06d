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
#include "solve/gmres.h"
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

/* The Jacobian J = dF/dz at z, applied by a forward difference of the map. */
typedef struct jacobian {
    tw_solver *s;
    const double *z, *F; /* the point and F(z) */
    double eps;          /* difference step */
    double *zt, *ft;     /* scratch: the displaced point and F there */
} jacobian;

/* out = J v = (F(z + eps v) - F(z)) / eps. */
static void jacobian_apply(void *ctx, const double *v, double *out)
{
    jacobian *J = ctx;
    size_t M = J->s->ws->size;
    for (size_t k = 0; k < M; k++)
        J->zt[k] = J->z[k] + J->eps * v[k];
    eval(J->s, J->zt, J->ft);
    for (size_t k = 0; k < M; k++)
        out[k] = (J->ft[k] - J->F[k]) / J->eps;
}

/* The Newton direction dz from one GMRES cycle (no restart) for J dz = -F at z, to the
 * relative accuracy GMRES_TOL by the Arnoldi estimate. Returns the map evaluations used. */
static int direction(tw_solver *s, const double *z, const double *F, double *dz)
{
    struct tw_workspace *ws = s->ws;
    size_t M = ws->size;
    jacobian J = {s, z, F, 1e-7 * (1.0 + sqrt(dot(z, z, M))), ws->nk_zt, ws->nk_ft};
    for (size_t k = 0; k < M; k++)
        ws->nk_b[k] = -F[k];
    tw_gmres_options o = {.tolerance = GMRES_TOL,
                          .max_iterations = tw_gmres_restart(ws->nk_gmres),
                          .max_cycles = 1,
                          .estimate_last = 1};
    tw_gmres_report rep;
    /* Not converging to GMRES_TOL is no failure here: the line search judges the direction. */
    (void)tw_gmres_solve(ws->nk_gmres, M, jacobian_apply, &J, ws->nk_b, dz, 0, &o, &rep);
    return rep.applications;
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
        used += direction(s, z, F, dz);
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
