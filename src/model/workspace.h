/* SPDX-License-Identifier: MIT */
/* Scratch arrays of the equilibrium map and the solver, allocated once per model. */
#ifndef TW_MODEL_WORKSPACE_H
#define TW_MODEL_WORKSPACE_H

#include <stddef.h>

struct tw_workspace {
    /* map */
    double *x, *cpow, *inv_s, *lnp, *acc, *xacc, *y, *unew, *xnew; /* n*j each */
    double *h;                                                   /* n*j own-wage cost elast. */
    double *rho; /* n*j tariff revenue per unit of expenditure */
    double *rev, *xrev, *what, *gap, *dnow, *income;              /* n each */
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
    int lwork;
    /* Newton-Krylov */
    int krylov; /* GMRES basis size */
    double *nk_v, *nk_h, *nk_cs, *nk_sn, *nk_g, *nk_y, *nk_f, *nk_dz, *nk_zt, *nk_ft;
};

struct tw_workspace *tw_workspace_create(int n, int j, size_t size, int depth);
/* Sets the state size to size, growing the solver arrays (their contents are lost) if it
 * exceeds the capacity. @return 0, or -1 on allocation failure (the workspace is unchanged). */
int tw_workspace_reserve(struct tw_workspace *ws, size_t size);
void tw_workspace_free(struct tw_workspace *ws);

#endif
