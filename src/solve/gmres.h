/* SPDX-License-Identifier: MIT */
/* Restarted GMRES(m) (Saad and Schultz 1986) for A x = b, with A given as an operator: the one
 * Krylov solver of the library, used by the Newton-Krylov fallback of the equilibrium
 * (src/solve/newton.c) and by the adjoint solves of payoff gradients (src/strategy/game.c). */
#ifndef TW_SOLVE_GMRES_H
#define TW_SOLVE_GMRES_H

#include <stddef.h>

#include "tradewar/core.h"

/* out = A v, both of the solve's size n; v and out never alias. ctx is the caller's. */
typedef void (*tw_gmres_operator)(void *ctx, const double *v, double *out);

typedef struct tw_gmres_options {
    /* Relative tolerance, > 0: converged when |b - A x| <= tolerance |b| (2-norms). Within a
     * cycle the Arnoldi estimate of the residual decides when to stop adding basis vectors;
     * whether the solve has converged is decided on the true residual b - A x, measured at
     * the end of each cycle (but see estimate_last). */
    double tolerance;
    /* Arnoldi steps (operator applications that extend the basis) over all cycles, >= 1. */
    int max_iterations;
    /* Restart cycles, >= 0; 0 for no limit other than max_iterations. */
    int max_cycles;
    /* 1: when the last cycle allowed by max_cycles ends, report the Arnoldi estimate of the
     * residual instead of applying the operator once more to measure it. For inexact Newton
     * steps, whose outer iteration measures the step anyway. 0: always the true residual. */
    int estimate_last;
} tw_gmres_options;

/* How a solve went. */
typedef struct tw_gmres_report {
    int converged;
    int iterations;   /* Arnoldi steps */
    int applications; /* operator applications in all: the steps plus residual measurements */
    int cycles;       /* restart cycles run */
    /* |b - A x| / |b| at the returned x (0 when b = 0; infinite when b is not finite). */
    double residual;
    int estimated; /* 1 if residual is the Arnoldi estimate (estimate_last), 0 if measured */
} tw_gmres_report;

/* Workspace of GMRES(restart) for systems of up to `capacity` unknowns: the basis, the
 * Hessenberg matrix and its rotations, a residual and an operator output. */
typedef struct tw_gmres tw_gmres;

/* Allocates a workspace, once; solves then allocate nothing. capacity >= 1, restart >= 1.
 * @return the workspace (owned by the caller: tw_gmres_free), or NULL on allocation failure
 * or invalid sizes. */
tw_gmres *tw_gmres_create(size_t capacity, int restart);
/* Frees a workspace; NULL is a no-op. */
void tw_gmres_free(tw_gmres *gm);
/* The basis size m given at creation. */
int tw_gmres_restart(const tw_gmres *gm);

/* Solves A x = b for n unknowns (1 <= n <= the capacity) with restarted GMRES, modified
 * Gram-Schmidt and Givens rotations. b (borrowed, n values) is the right-hand side; x (n
 * values) receives the solution. warm = 1: x on entry is the initial guess; it is dropped for
 * zero if its residual is not finite or larger than |b|. warm = 0: the guess is zero and x is
 * only written. b = 0 gives x = 0. A cycle that does not reduce the true residual (stagnation
 * or breakdown) ends the solve with the best x so far. rep (may be NULL) is filled in.
 * @return TW_OK if converged; TW_ERR_NOT_CONVERGED (x is the last iterate); TW_ERR_NUMERIC if
 * b or the residual is not finite; TW_ERR_USAGE for NULL arguments, n out of range or invalid
 * options (x untouched). */
tw_status tw_gmres_solve(tw_gmres *gm, size_t n, tw_gmres_operator op, void *ctx, const double *b,
                         double *x, int warm, const tw_gmres_options *opts, tw_gmres_report *rep);

#endif
