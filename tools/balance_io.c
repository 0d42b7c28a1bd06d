/* SPDX-License-Identifier: MIT */
/* Minimum cross-entropy balancing of one economy's input-output block (balance_io.h).
 *
 * Country n, using sector j with output Y^j > 0, intermediate flows Z^{kj} = gamma^{k,j} Y^j
 * (input k) and value added V^j = gamma^j Y^j. The problem, with the seed Z0 (the WIOD-derived
 * coefficients applied to the 2022 output):
 *
 *   min  sum_{k,j} Z^{kj} ln(Z^{kj} / Z0^{kj}) - Z^{kj} + Z0^{kj}        (cross-entropy)
 *   s.t. sum_k Z^{kj} = sum_k Z0^{kj}          for every j  (columns: shares keep their sum)
 *        sum_j Z^{kj} <= X^k                    for every k  (rows: final demand >= 0)
 *        Z^{kj} = 0 where Z0^{kj} = 0           (no new input links)
 *
 * X^k is n's tariff-inclusive absorption of k, so the engine's final demand X^k - sum_j Z^{kj}
 * is non-negative. Its solution has the form Z = r_k Z0 s_j with r_k <= 1, r_k = 1 on the rows
 * whose cap does not bind (KKT: r_k = exp(-lambda_k), lambda_k >= 0 the multiplier of row k's
 * cap), so only the rows that ask for more than the economy absorbs are scaled down, and the
 * columns spread what they lose over their other inputs in proportion to them. It is found by
 * Bregman's method of cyclic projections (generalised RAS with inequality rows): a row step
 * scales each row to min(cap, what relaxing r_k back towards 1 allows), a column step scales
 * each column to its total. Converged when, after a column step, no row exceeds its cap by
 * more than TT_BALANCE_TOL of the cap and no scaled-down row (r_k < 1) is short of it by more
 * (complementary slackness): then the point is optimal to that tolerance.
 *
 * Value-added shares are held fixed, as GTAP holds value added from the national accounts. If
 * that problem has no solution (a column whose inputs all sit in capped rows), value added
 * joins as one more, uncapped row of every column and the problem is solved again; the report
 * says so. Deterministic: a fixed order of sequential floating-point operations. */
#include "balance_io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tool_util.h"

int tt_negative_final_demand(tw_dims d, int n, const double *absorption, const double *output,
                             const double *io, double *usd)
{
    int neg = 0;
    double sum = 0.0;
    for (int k = 0; k < d.j; k++) {
        double inter = 0.0, x = absorption[tw_ix_nj(d, n, k)];
        for (int j = 0; j < d.j; j++)
            inter += io[tw_ix_nkj(d, n, k, j)] * output[tw_ix_nj(d, n, j)];
        if (x - inter < -1e-9 * x) {
            neg++;
            sum += inter - x;
        }
    }
    if (usd)
        *usd = sum;
    return neg;
}

typedef struct problem {
    int J, rows;       /* rows = J inputs (+ 1 value-added row when it is free) */
    double *z, *z0;    /* [rows][J] */
    double *col;       /* [J] column totals */
    double *cap;       /* [rows] caps (INFINITY for the value-added row) */
    double *scale;     /* [rows] what violations are measured against */
    double *r;         /* [rows] cumulative row factors */
} problem;

/* One row step: project onto each row's cap, relaxing rows scaled down before. */
static void row_step(problem *p)
{
    for (int k = 0; k < p->rows; k++) {
        double *z = p->z + (size_t)k * (size_t)p->J, sum = 0.0;
        for (int j = 0; j < p->J; j++)
            sum += z[j];
        if (!(sum > 0))
            continue;
        double f = 1.0, r = p->r[k];
        if (sum > p->cap[k]) {
            f = p->cap[k] / sum;
            r *= f;
        } else if (r < 1.0) {
            /* Relax towards r = 1 (the multiplier may not turn negative); exactly 1 once
             * the cap no longer binds, so that the row counts as free again. */
            f = p->cap[k] / sum;
            if (f * r >= 1.0) {
                f = 1.0 / r;
                r = 1.0;
            } else {
                r *= f;
            }
        }
        if (f == 1.0)
            continue;
        for (int j = 0; j < p->J; j++)
            z[j] *= f;
        p->r[k] = r;
    }
}

/* One column step; then the largest relative violation of the optimality conditions. */
static double column_step(problem *p)
{
    for (int j = 0; j < p->J; j++) {
        double sum = 0.0;
        for (int k = 0; k < p->rows; k++)
            sum += p->z[(size_t)k * (size_t)p->J + (size_t)j];
        if (!(sum > 0))
            continue;
        double f = p->col[j] / sum;
        for (int k = 0; k < p->rows; k++)
            p->z[(size_t)k * (size_t)p->J + (size_t)j] *= f;
    }
    double worst = 0.0;
    for (int k = 0; k < p->rows; k++) {
        if (isinf(p->cap[k]))
            continue;
        double sum = 0.0;
        for (int j = 0; j < p->J; j++)
            sum += p->z[(size_t)k * (size_t)p->J + (size_t)j];
        double v = (sum - p->cap[k]) / p->scale[k];
        if (p->r[k] < 1.0 && sum > 0)
            v = fabs(v); /* a scaled-down row must sit on its cap */
        worst = fmax(worst, v);
    }
    return worst;
}

/* Runs the projections; returns the sweeps used, or -1 if not converged. */
static int solve(problem *p)
{
    for (int it = 1; it <= TT_BALANCE_MAX_ITER; it++) {
        row_step(p);
        if (column_step(p) <= TT_BALANCE_TOL)
            return it;
    }
    return -1;
}

/* Sets up country n's problem; va_free adds the value-added row. */
static void setup(problem *p, tw_dims d, int n, const double *absorption, const double *output,
                  const double *va, const double *io, int va_free)
{
    int J = d.j;
    p->J = J;
    p->rows = J + (va_free ? 1 : 0);
    double xtot = 0.0;
    for (int k = 0; k < J; k++)
        xtot += absorption[tw_ix_nj(d, n, k)];
    for (int j = 0; j < J; j++) {
        double y = output[tw_ix_nj(d, n, j)];
        p->col[j] = 0.0;
        if (!(y > 0))
            continue; /* a sector that produces nothing takes no part */
        for (int k = 0; k < J; k++) {
            double z = io[tw_ix_nkj(d, n, k, j)] * y;
            p->z0[(size_t)k * (size_t)J + (size_t)j] = z;
            p->col[j] += z;
        }
        if (va_free) {
            double z = va[tw_ix_nj(d, n, j)] * y;
            p->z0[(size_t)J * (size_t)J + (size_t)j] = z;
            p->col[j] += z;
        }
    }
    for (int k = 0; k < p->rows; k++) {
        p->cap[k] = k < J ? absorption[tw_ix_nj(d, n, k)] : INFINITY;
        p->scale[k] = k < J ? fmax(p->cap[k], 1e-9 * xtot) : 1.0;
        p->r[k] = 1.0;
    }
    memcpy(p->z, p->z0, (size_t)p->rows * (size_t)J * sizeof *p->z);
}

void tt_balance_country_io(tw_dims d, int n, const double *absorption, const double *output,
                           double *va, double *io, tt_balance_country *rep)
{
    int J = d.j;
    memset(rep, 0, sizeof *rep);
    rep->negative = tt_negative_final_demand(d, n, absorption, output, io, &rep->negative_usd);
    if (!rep->negative)
        return; /* the data already are an equilibrium: nothing moves */
    problem p;
    size_t cells = (size_t)(J + 1) * (size_t)J;
    p.z = tt_calloc(cells, sizeof *p.z);
    p.z0 = tt_calloc(cells, sizeof *p.z0);
    p.col = tt_calloc((size_t)J, sizeof *p.col);
    p.cap = tt_calloc((size_t)J + 1, sizeof *p.cap);
    p.scale = tt_calloc((size_t)J + 1, sizeof *p.scale);
    p.r = tt_calloc((size_t)J + 1, sizeof *p.r);
    setup(&p, d, n, absorption, output, va, io, 0);
    int it = solve(&p);
    if (it < 0) {
        rep->va_adjusted = 1;
        setup(&p, d, n, absorption, output, va, io, 1);
        it = solve(&p);
        if (it < 0)
            tt_die("balancing: country %d has no input-output block that fits its absorption "
                   "within %d sweeps, even with value added free (residual %.3g)",
                   n, TT_BALANCE_MAX_ITER, column_step(&p));
    }
    rep->iterations = it;
    double moved = 0.0, total = 0.0;
    rep->max_k = rep->max_j = rep->cut_k = rep->cut_j = -1;
    for (int j = 0; j < J; j++) {
        double y = output[tw_ix_nj(d, n, j)];
        if (!(y > 0))
            continue;
        for (int k = 0; k < p.rows; k++) {
            double z = p.z[(size_t)k * (size_t)J + (size_t)j];
            double z0 = p.z0[(size_t)k * (size_t)J + (size_t)j];
            if (k < J) {
                moved += fabs(z - z0);
                total += z0;
                io[tw_ix_nkj(d, n, k, j)] = z / y;
            } else {
                va[tw_ix_nj(d, n, j)] = z / y;
            }
            if (z0 > 0 && z / z0 - 1.0 > rep->max_change) {
                rep->max_change = z / z0 - 1.0;
                rep->max_k = k;
                rep->max_j = j;
            }
            if (z0 > 0 && 1.0 - z / z0 > rep->max_cut) {
                rep->max_cut = 1.0 - z / z0;
                rep->cut_k = k;
                rep->cut_j = j;
            }
        }
    }
    rep->moved = total > 0 ? moved / (2.0 * total) : 0.0;
    for (int k = 0; k < J; k++)
        rep->binding += p.r[k] < 1.0;
    free(p.z);
    free(p.z0);
    free(p.col);
    free(p.cap);
    free(p.scale);
    free(p.r);
}
