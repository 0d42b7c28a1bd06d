/* SPDX-License-Identifier: MIT */
/* Restarted GMRES(m) on a caller-supplied operator (see gmres.h). */
#include "solve/gmres.h"

#include "model/kernels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct tw_gmres {
    size_t capacity; /* unknowns the vectors have room for */
    int m;           /* basis size of a cycle */
    double *v;       /* basis: m + 1 vectors of the solve's size n, one after another */
    double *h;       /* Hessenberg matrix, (m + 1) x m, row-major, made triangular by rotations */
    double *cs, *sn; /* Givens rotations [m] */
    double *g;       /* right-hand side of the small least-squares problem [m + 1] */
    double *y;       /* its solution [m] */
    double *r, *w;   /* residual and operator output [capacity] */
};

tw_gmres *tw_gmres_create(size_t capacity, int restart)
{
    if (capacity < 1 || restart < 1)
        return NULL;
    tw_gmres *gm = calloc(1, sizeof *gm);
    if (!gm)
        return NULL;
    size_t m = (size_t)restart;
    gm->capacity = capacity;
    gm->m = restart;
    struct {
        double **p;
        size_t len;
    } plan[] = {{&gm->v, capacity * (m + 1)}, {&gm->h, (m + 1) * m}, {&gm->cs, m},
                {&gm->sn, m},                 {&gm->g, m + 1},       {&gm->y, m},
                {&gm->r, capacity},           {&gm->w, capacity}};
    /* The basis needs no zeroing: cycle() reads column i only after writing it (column 0 from
     * r, column c + 1 by the operator, which writes its whole output: gmres.h). */
    for (size_t k = 0; k < sizeof plan / sizeof *plan; k++)
        if (!(*plan[k].p = k == 0 ? malloc(plan[k].len * sizeof(double))
                                  : calloc(plan[k].len, sizeof(double)))) {
            tw_gmres_free(gm);
            return NULL;
        }
    return gm;
}

void tw_gmres_free(tw_gmres *gm)
{
    if (!gm)
        return;
    free(gm->v);
    free(gm->h);
    free(gm->cs);
    free(gm->sn);
    free(gm->g);
    free(gm->y);
    free(gm->r);
    free(gm->w);
    free(gm);
}

int tw_gmres_restart(const tw_gmres *gm) { return gm->m; }

/* Inner products in a fixed order that vectorises (model/kernels.h). */
static double dot(const double *a, const double *b, size_t n) { return tw_dot4_wide(a, b, n); }

/* A solve in progress: the problem and the counters of the report. */
typedef struct solve {
    tw_gmres *gm;
    size_t n;
    tw_gmres_operator op;
    void *ctx;
    const double *b;
    double bnorm;
    tw_gmres_report *rep;
} solve;

/* r = b - A x; returns |r|. */
static double measure(solve *s, const double *x)
{
    double *r = s->gm->r, *w = s->gm->w;
    s->op(s->ctx, x, w);
    s->rep->applications++;
    for (size_t k = 0; k < s->n; k++)
        r[k] = s->b[k] - w[k];
    return sqrt(dot(r, r, s->n));
}

/* Element (i, c) of the Hessenberg matrix. */
static double *hess(tw_gmres *gm, int i, int c)
{
    return gm->h + (size_t)i * (size_t)gm->m + (size_t)c;
}

/* Applies the earlier rotations to column c of H, then the one that zeroes H(c + 1, c), and
 * rotates g alike so that |g[c + 1]| is the residual of the small problem. */
static void rotate(tw_gmres *gm, int c)
{
    for (int i = 0; i < c; i++) {
        double a = *hess(gm, i, c), bb = *hess(gm, i + 1, c);
        *hess(gm, i, c) = gm->cs[i] * a + gm->sn[i] * bb;
        *hess(gm, i + 1, c) = -gm->sn[i] * a + gm->cs[i] * bb;
    }
    double a = *hess(gm, c, c), bb = *hess(gm, c + 1, c);
    double den = hypot(a, bb);
    gm->cs[c] = den > 0 ? a / den : 1.0;
    gm->sn[c] = den > 0 ? bb / den : 0.0;
    *hess(gm, c, c) = den;
    *hess(gm, c + 1, c) = 0.0;
    gm->g[c + 1] = -gm->sn[c] * gm->g[c];
    gm->g[c] = gm->cs[c] * gm->g[c];
}

/* One cycle from the residual r (|r| = rnorm > 0): builds the basis by Arnoldi steps until the
 * estimate meets the tolerance, the basis is full, the budget is spent or the basis breaks
 * down, then adds the least-squares correction V y to x. Returns the basis size used. */
static int cycle(solve *s, double *x, double rnorm, double tol, int max_iterations)
{
    tw_gmres *gm = s->gm;
    const size_t n = s->n;
    const int m = gm->m;
    double *V = gm->v;
    for (size_t k = 0; k < n; k++)
        V[k] = gm->r[k] / rnorm;
    memset(gm->g, 0, (size_t)(m + 1) * sizeof *gm->g);
    gm->g[0] = rnorm;
    int used = 0;
    for (int c = 0; c < m && s->rep->iterations < max_iterations; c++) {
        double *vn = V + (size_t)(c + 1) * n;
        s->op(s->ctx, V + (size_t)c * n, vn);
        s->rep->iterations++;
        s->rep->applications++;
        /* Modified Gram-Schmidt against the basis so far. */
        for (int i = 0; i <= c; i++) {
            const double *vi = V + (size_t)i * n;
            double h = dot(vn, vi, n);
            *hess(gm, i, c) = h;
            tw_axpy_wide(vn, vi, -h, n);
        }
        double hn = sqrt(dot(vn, vn, n));
        *hess(gm, c + 1, c) = hn;
        if (hn > 0)
            for (size_t k = 0; k < n; k++)
                vn[k] /= hn;
        rotate(gm, c);
        used = c + 1;
        if (!(fabs(gm->g[c + 1]) > tol * s->bnorm) || !(hn > 0))
            break;
    }
    /* Back substitution for the least-squares coefficients, then x += V y. */
    for (int i = used - 1; i >= 0; i--) {
        double acc = gm->g[i];
        for (int c = i + 1; c < used; c++)
            acc -= *hess(gm, i, c) * gm->y[c];
        double hii = *hess(gm, i, i);
        gm->y[i] = hii != 0.0 ? acc / hii : 0.0;
    }
    for (int i = 0; i < used; i++) {
        const double *vi = V + (size_t)i * n;
        tw_axpy_wide(x, vi, gm->y[i], n);
    }
    return used;
}

/* The residual of the starting point (in gm->r), zero or the caller's guess. */
static double start(solve *s, double *x, int warm)
{
    if (warm) {
        double rnorm = measure(s, x);
        if (isfinite(rnorm) && rnorm <= s->bnorm)
            return rnorm;
        /* A guess worse than zero: start from zero. */
    }
    memset(x, 0, s->n * sizeof *x);
    memcpy(s->gm->r, s->b, s->n * sizeof *s->b);
    return s->bnorm;
}

tw_status tw_gmres_solve(tw_gmres *gm, size_t n, tw_gmres_operator op, void *ctx, const double *b,
                         double *x, int warm, const tw_gmres_options *opts, tw_gmres_report *rep)
{
    tw_gmres_report local;
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    if (!gm || !op || !b || !x || !opts || n < 1 || n > gm->capacity ||
        !(opts->tolerance > 0) || opts->max_iterations < 1 || opts->max_cycles < 0) {
        rep->residual = INFINITY;
        return TW_ERR_USAGE;
    }
    solve s = {gm, n, op, ctx, b, sqrt(dot(b, b, n)), rep};
    const double tol = opts->tolerance;
    if (!isfinite(s.bnorm)) { /* no solution to look for */
        memset(x, 0, n * sizeof *x);
        rep->residual = INFINITY;
        return TW_ERR_NUMERIC;
    }
    if (!(s.bnorm > 0)) { /* b = 0 is solved by x = 0 */
        memset(x, 0, n * sizeof *x);
        rep->converged = 1;
        return TW_OK;
    }
    double rnorm = start(&s, x, warm);
    while (rnorm > tol * s.bnorm && rep->iterations < opts->max_iterations &&
           !(opts->max_cycles && rep->cycles >= opts->max_cycles)) {
        int used = cycle(&s, x, rnorm, tol, opts->max_iterations);
        rep->cycles++;
        if (opts->estimate_last && rep->cycles == opts->max_cycles) {
            rnorm = fabs(gm->g[used]);
            rep->estimated = 1;
            break;
        }
        double prev = rnorm;
        rnorm = measure(&s, x);
        if (!isfinite(rnorm) || !(rnorm < prev))
            break; /* stagnation or breakdown: report what we have */
    }
    rep->residual = rnorm / s.bnorm;
    rep->converged = rnorm <= tol * s.bnorm;
    if (rep->converged)
        return TW_OK;
    return isfinite(rnorm) ? TW_ERR_NOT_CONVERGED : TW_ERR_NUMERIC;
}
