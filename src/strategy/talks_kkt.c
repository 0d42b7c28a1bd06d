/* SPDX-License-Identifier: MIT */
/* The first-order (KKT) conditions of a bargaining problem, max f(x) subject to c_p(x) <= 0
 * and lb <= x <= ub: the stopping rule of the talks' method for many instruments
 * (talks.c), which SLSQP's dense O(n^3) iterations cannot reach on Ossa's 1,386 tariffs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strategy/talks_internal.h"

/* Solves the k x k system a z = b in place (Gaussian elimination, partial pivoting).
 * @return 0, or -1 when a pivot is below tiny. */
static int solve_small(int k, double *a, double *b, double tiny)
{
    for (int c = 0; c < k; c++) {
        int piv = c;
        for (int r = c + 1; r < k; r++)
            if (fabs(a[r * k + c]) > fabs(a[piv * k + c]))
                piv = r;
        if (!(fabs(a[piv * k + c]) > tiny))
            return -1;
        if (piv != c) {
            for (int j = 0; j < k; j++) {
                double tmp = a[c * k + j];
                a[c * k + j] = a[piv * k + j];
                a[piv * k + j] = tmp;
            }
            double tmp = b[c];
            b[c] = b[piv];
            b[piv] = tmp;
        }
        for (int r = c + 1; r < k; r++) {
            double f = a[r * k + c] / a[c * k + c];
            for (int j = c; j < k; j++)
                a[r * k + j] -= f * a[c * k + j];
            b[r] -= f * b[c];
        }
    }
    for (int c = k - 1; c >= 0; c--) {
        for (int j = c + 1; j < k; j++)
            b[c] -= a[c * k + j] * b[j];
        b[c] /= a[c * k + c];
    }
    return 0;
}

/* Multipliers mu >= 0 minimising |grad f - sum_p mu_p grad c_p| over the interior variables,
 * with mu_p = 0 where c_p < -ctol (inactive): every subset of the candidates is tried (exact
 * non-negative least squares; np <= TW_TALKS_KKT_MAX_PLAYERS). */
static void multipliers(int np, const double *h, const double *q, const int *cand, double *mu)
{
    double best = INFINITY;
    double a[TW_TALKS_KKT_MAX_PLAYERS * TW_TALKS_KKT_MAX_PLAYERS], z[TW_TALKS_KKT_MAX_PLAYERS];
    int idx[TW_TALKS_KKT_MAX_PLAYERS];
    double tr = 0.0;
    for (int p = 0; p < np; p++)
        tr += h[p * np + p];
    for (int p = 0; p < np; p++)
        mu[p] = 0.0;
    for (unsigned set = 0; set < (1u << np); set++) {
        int k = 0, skip = 0;
        for (int p = 0; p < np; p++)
            if (set & (1u << p)) {
                if (!cand[p])
                    skip = 1;
                idx[k++] = p;
            }
        if (skip)
            continue;
        for (int i = 0; i < k; i++) {
            z[i] = q[idx[i]];
            for (int j = 0; j < k; j++)
                a[i * k + j] = h[idx[i] * np + idx[j]];
        }
        if (k && solve_small(k, a, z, 1e-14 * (tr > 0 ? tr : 1.0)))
            continue;
        int neg = 0;
        for (int i = 0; i < k; i++)
            neg |= z[i] < 0.0;
        if (neg)
            continue;
        /* 1/2 mu'H mu - q'mu at the subset's solution (H mu = q there): -1/2 q'mu. */
        double obj = 0.0;
        for (int i = 0; i < k; i++)
            obj -= 0.5 * q[idx[i]] * z[i];
        if (obj < best) {
            best = obj;
            for (int p = 0; p < np; p++)
                mu[p] = 0.0;
            for (int i = 0; i < k; i++)
                mu[idx[i]] = z[i];
        }
    }
}

int tw_talks_kkt(size_t nx, int np, const double *x, const double *lb, const double *ub,
                 const double *gf, const double *c, const double *gc, double ctol,
                 tw_talks_kkt_report *out)
{
    memset(out, 0, sizeof *out);
    if (np < 1 || np > TW_TALKS_KKT_MAX_PLAYERS)
        return -1;
    unsigned char *free_k = malloc(nx);
    if (!free_k)
        return -1;
    /* The multipliers are fitted on the variables away from their bounds (farther than 1e-6
     * of the range: MMA's iterates approach a bound without reaching it). */
    for (size_t k = 0; k < nx; k++) {
        double eps = 1e-6 * (ub[k] - lb[k]);
        free_k[k] = x[k] > lb[k] + eps && x[k] < ub[k] - eps;
    }
    double h[TW_TALKS_KKT_MAX_PLAYERS * TW_TALKS_KKT_MAX_PLAYERS] = {0};
    double q[TW_TALKS_KKT_MAX_PLAYERS] = {0};
    int cand[TW_TALKS_KKT_MAX_PLAYERS];
    for (int p = 0; p < np; p++) {
        cand[p] = 1;
        for (size_t k = 0; k < nx; k++) {
            if (!free_k[k])
                continue;
            q[p] += gc[(size_t)p * nx + k] * gf[k];
            for (int r = 0; r <= p; r++)
                h[p * np + r] += gc[(size_t)p * nx + k] * gc[(size_t)r * nx + k];
        }
        for (int r = 0; r < p; r++)
            h[r * np + p] = h[p * np + r];
    }
    multipliers(np, h, q, cand, out->mu);
    /* The natural residual of the Lagrangian L = f - mu'c (a maximum): the step from x to
     * its projection on the bounds of x + grad L, mid(lb - x, L_k, ub - x), relative to the
     * largest term of grad L. Zero exactly at a KKT point (L_k = 0 inside, L_k <= 0 at a
     * lower bound, >= 0 at an upper one). */
    double scale = 0.0, res = 0.0;
    for (size_t k = 0; k < nx; k++) {
        double l = gf[k];
        scale = fmax(scale, fabs(gf[k]));
        for (int p = 0; p < np; p++) {
            l -= out->mu[p] * gc[(size_t)p * nx + k];
            scale = fmax(scale, fabs(out->mu[p] * gc[(size_t)p * nx + k]));
        }
        l = fmin(fmax(l, lb[k] - x[k]), ub[k] - x[k]);
        res = fmax(res, fabs(l));
    }
    free(free_k);
    out->stationarity = scale > 0 ? res / scale : res;
    for (int p = 0; p < np; p++) {
        out->infeasibility = fmax(out->infeasibility, c[p]);
        out->complementarity = fmax(out->complementarity, out->mu[p] * fabs(c[p]));
    }
    return 0;
}
