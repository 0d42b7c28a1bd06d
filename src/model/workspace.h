/* SPDX-License-Identifier: MIT */
/* Scratch arrays of the equilibrium map and the solver: one workspace per solver (per thread),
 * allocated once; a model is shared read-only by all of them. */
#ifndef TW_MODEL_WORKSPACE_H
#define TW_MODEL_WORKSPACE_H

#include <stddef.h>

#include "model/model_internal.h"

struct tw_workspace {
    /* The coefficients of the policy being solved (tw_model_coeffs). */
    tw_coeffs k;
    /* 0 while every k.e entry is +0 (as calloc left it): tw_model_coeffs then writes k.e only
     * where an export tax is set, so a policy without any never touches its pages. */
    int e_dirty;
    /* map */
    double *x, *cpow, *inv_s, *lnp, *acc, *xacc, *y, *unew, *xnew; /* n*j each */
    double *rho; /* n*j tariff revenue per unit of expenditure */
    /* Kept by the forward blocks for the reverse pass: the price-index sums s and revenue sums
     * rs of the trade block [j][n] (s before a sector without sources is given s = 1), and
     * the intermediate demand C [n][j] of the expenditure block. */
    double *s_sum, *rs_sum, *cdem;
    double *va_eff; /* [n][j] value-added cost shares at the current prices (CES nests only) */
    double *io_eff; /* [n][k][j] input cost shares at the current prices (CES nests only) */
    /* The cost shares eqs. (4) and (6) use, set by the production block: the data's (w->va,
     * w->io) for Cobb-Douglas, va_eff and io_eff for CES nests. */
    const double *va_share, *io_share;
    /* Sector-specific factors (src/model/specific.c; NULL without them): log price of each
     * sector's value added [n][j], log change of its value added [n][j], log wage of mobile
     * labour [n] (docs/model.md eq. (1s)). */
    double *lva, *lvh, *lmob;
    /* The right-hand side of eq. (1) / (1') before the damping of the cost step replaced it in
     * unew (specific factors only, else NULL): what the CES block's reverse differentiates. */
    double *unew_raw;
    /* Profits (src/model/profits.c; NULL without them): profit income Pi'_n [n] and labour's
     * part of gross output (1 - pi^j) Y_n^j [n][j] (docs/model.md eq. (6p)). */
    double *profit, *ylab;
    double *rev, *xrev, *what, *gap, *dnow, *income;              /* n each */
    double *lhat; /* [n] employment change L_hat (model/liberation.h; NULL without blocks) */
    /* solver */
    size_t size;  /* state size */
    size_t capacity; /* state size the solver arrays have room for (>= size) */
    int depth;    /* Anderson memory */
    int n, j;     /* countries and sectors the map's arrays are sized for */
    double *z, *gz, *f, *best, *zprev, *gprev, *fprev;
    double *z0, *zstart, *zpath, *zkeep; /* solve start, its copy, and the continuation point */
    double *df, *dg; /* size x depth, column-major */
    double *lsq, *coef, *rhs; /* least squares: scaled DF copy, scales, right-hand side */
    double *lwork_buf;        /* LAPACK workspace for dgels */
    /* The Gram matrix DF^T DF of the history columns (depth x depth, by ring slot), kept up to
     * date one column per iteration, and the small matrices of its solve (solve/solver.c). */
    double *gram, *gram_chol, *gram_inv;
    int lwork;
    /* Newton-Krylov: the GMRES workspace, F, the step, the GMRES right-hand side -F, and a
     * displaced point with F there (the finite-difference Jacobian products) */
    struct tw_gmres *nk_gmres;
    double *nk_f, *nk_dz, *nk_b, *nk_zt, *nk_ft;
};

/* A workspace for model m with Anderson memory depth (0: none), sized for a state without
 * quotas. NULL on allocation failure. */
struct tw_workspace *tw_workspace_create(const tw_model *m, int depth);
/* Sets the state size to size, growing the solver arrays (their contents are lost) if it
 * exceeds the capacity. @return 0, or -1 on allocation failure (the workspace is unchanged). */
int tw_workspace_reserve(struct tw_workspace *ws, size_t size);
void tw_workspace_free(struct tw_workspace *ws);

#endif
