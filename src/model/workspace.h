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
    size_t capacity; /* state size the solver arrays have room for (>= size) */
    int depth;    /* Anderson memory */
    double *z, *gz, *f, *best, *zprev, *gprev, *fprev;
    double *df, *dg; /* size x depth, column-major */
    double *lsq, *coef;
};

struct tw_workspace *tw_workspace_create(int n, int j, size_t size, int depth);
/* Sets the state size to size, growing the solver arrays (their contents are lost) if it
 * exceeds the capacity. @return 0, or -1 on allocation failure (the workspace is unchanged). */
int tw_workspace_reserve(struct tw_workspace *ws, size_t size);
void tw_workspace_free(struct tw_workspace *ws);

#endif
