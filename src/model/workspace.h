/* SPDX-License-Identifier: MIT */
/* Scratch arrays of the equilibrium map and the solver, allocated once per model. */
#ifndef TW_MODEL_WORKSPACE_H
#define TW_MODEL_WORKSPACE_H

#include <stddef.h>

struct tw_workspace {
    /* map */
    double *x, *cpow, *inv_s, *lnp, *acc, *xacc, *y, *unew, *xnew; /* n*j each */
    double *h;                                                   /* n*j own-wage cost elast. */
    double *rev, *xrev, *what, *gap, *dnow, *income;              /* n each */
    /* solver */
    size_t size;  /* state size */
    int depth;    /* Anderson memory */
    double *z, *gz, *f, *best, *zprev, *gprev, *fprev;
    double *df, *dg; /* size x depth, column-major */
    double *lsq, *coef;
};

struct tw_workspace *tw_workspace_create(int n, int j, size_t size, int depth);
void tw_workspace_free(struct tw_workspace *ws);

#endif
