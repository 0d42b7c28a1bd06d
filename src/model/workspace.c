/* SPDX-License-Identifier: MIT */
/* Allocation of the scratch arrays used by the map and the solver. */
#include "model/workspace.h"

#include "model/production.h"
#include "solve/gmres.h"

#include <stdlib.h>
#include <string.h>

/* GMRES basis size of the Newton-Krylov fallback. */
#define KRYLOV 40

/* The solver's arrays, sized by the state (grown by tw_workspace_reserve). */
static void free_solver_arrays(struct tw_workspace *ws)
{
    double **arrays[] = {&ws->z,   &ws->gz,    &ws->f,     &ws->best,  &ws->z0,    &ws->zstart,
                         &ws->zpath, &ws->zkeep, &ws->zprev, &ws->gprev, &ws->fprev, &ws->df,
                         &ws->dg,  &ws->lsq,   &ws->coef,  &ws->rhs,   &ws->nk_f,  &ws->nk_dz,
                         &ws->nk_b, &ws->nk_zt, &ws->nk_ft, &ws->gram,
                         &ws->gram_chol, &ws->gram_inv, &ws->lwork_buf};
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++) {
        free(*arrays[k]);
        *arrays[k] = NULL;
    }
    tw_gmres_free(ws->nk_gmres);
    ws->nk_gmres = NULL;
}

static int alloc_solver_arrays(struct tw_workspace *ws, size_t size)
{
    size_t dd = ws->depth > 0 ? (size_t)ws->depth : 1;
    struct {
        double **p;
        size_t len;
    } plan[] = {{&ws->z, size},   {&ws->gz, size},  {&ws->f, size},    {&ws->best, size},
                {&ws->zprev, size}, {&ws->z0, size}, {&ws->zstart, size}, {&ws->zpath, size},
                {&ws->zkeep, size}, {&ws->gprev, size}, {&ws->fprev, size},
                {&ws->df, size * dd}, {&ws->dg, size * dd}, {&ws->lsq, size * dd},
                {&ws->coef, dd}, {&ws->rhs, size},
                {&ws->nk_f, size}, {&ws->nk_dz, size}, {&ws->nk_b, size}, {&ws->nk_zt, size},
                {&ws->nk_ft, size}, {&ws->gram, dd * dd}, {&ws->gram_chol, dd * dd},
                {&ws->gram_inv, dd * dd}, {&ws->lwork_buf, 0}};
    /* dgels needs min(M, m) + max(M, m, 1) * nb doubles; 64 rows of the block size is ample. */
    int lwork = (int)(dd + (size > dd ? size : dd) * 64);
    plan[sizeof plan / sizeof *plan - 1].len = (size_t)lwork;
    /* ws may be a copy of a workspace whose arrays stay in use (tw_workspace_reserve): forget
     * them first, so that a failure below frees only what was allocated here. */
    for (size_t k = 0; k < sizeof plan / sizeof *plan; k++)
        *plan[k].p = NULL;
    ws->nk_gmres = NULL;
    for (size_t k = 0; k < sizeof plan / sizeof *plan; k++) {
        *plan[k].p = calloc(plan[k].len ? plan[k].len : 1, sizeof(double));
        if (!*plan[k].p) {
            free_solver_arrays(ws);
            return -1;
        }
    }
    if (!(ws->nk_gmres = tw_gmres_create(size, KRYLOV))) {
        free_solver_arrays(ws);
        return -1;
    }
    ws->lwork = lwork;
    ws->size = size;
    ws->capacity = size;
    return 0;
}

void tw_workspace_free(struct tw_workspace *ws)
{
    if (!ws)
        return;
    free_solver_arrays(ws);
    tw_coeffs *k = &ws->k;
    void *coeff_arrays[] = {k->a,   k->b,    k->r,    k->e,    k->q_at, k->q_n, k->q_i,
                            k->q_j, k->q_cap, k->q_a0, k->q_t, k->q_tx, k->q_rent};
    for (size_t q = 0; q < sizeof coeff_arrays / sizeof *coeff_arrays; q++)
        free(coeff_arrays[q]);
    double **arrays[] = {&ws->x,    &ws->cpow, &ws->inv_s, &ws->lnp,    &ws->acc, &ws->xacc,
                         &ws->y,    &ws->unew, &ws->xnew,  &ws->rho,    &ws->va_eff, &ws->io_eff,
                         &ws->s_sum, &ws->rs_sum, &ws->cdem,
                         &ws->rev,  &ws->xrev, &ws->what,  &ws->gap,    &ws->dnow, &ws->income,
                         &ws->lva,  &ws->lvh,  &ws->lmob, &ws->unew_raw, &ws->lhat,
                         &ws->profit, &ws->ylab};
    for (size_t q = 0; q < sizeof arrays / sizeof *arrays; q++)
        free(*arrays[q]);
    free(ws);
}

struct tw_workspace *tw_workspace_create(const tw_model *m, int depth)
{
    struct tw_workspace *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    int n = m->d.n, j = m->d.j;
    size_t nj = (size_t)n * (size_t)j, nn = (size_t)n, nij = nj * nn;
    size_t ces = m->prod && m->prod->ces ? 1 : 0, spec = m->spec ? 1 : 0;
    size_t prof = m->w->profit_share ? 1 : 0;
    ws->n = n;
    ws->j = j;
    ws->depth = depth > 0 ? depth : 0;
    struct {
        double **p;
        size_t len;
    } plan[] = {{&ws->x, nj},      {&ws->cpow, nj},   {&ws->inv_s, nj}, {&ws->lnp, nj},
                {&ws->acc, nj},    {&ws->xacc, nj},   {&ws->y, nj},     {&ws->unew, nj},
                {&ws->xnew, nj},   {&ws->rho, nj},    {&ws->rev, nn},   {&ws->xrev, nn},
                {&ws->s_sum, nj},  {&ws->rs_sum, nj}, {&ws->cdem, nj},
                {&ws->what, nn},   {&ws->gap, nn},    {&ws->dnow, nn},  {&ws->income, nn},
                {&ws->k.a, nij},   {&ws->k.b, nij},   {&ws->k.r, nij},  {&ws->k.e, nij},
                {&ws->va_eff, ces * nj}, {&ws->io_eff, ces * nj * (size_t)j},
                {&ws->lva, spec * nj},   {&ws->lvh, spec * nj},   {&ws->lmob, spec * nn},
                {&ws->unew_raw, spec * nj},
                {&ws->lhat, (m->w->blocks ? 1u : 0u) * nn},
                {&ws->profit, prof * nn}, {&ws->ylab, prof * nj}};
    /* k.a, k.b and k.r are written whole by tw_model_coeffs before any map reads them (every
     * tw_model_map follows a tw_model_coeffs on its workspace): no zeroing. k.e stays zeroed:
     * tw_model_coeffs writes it only where an export tax is, or after the map dirtied it. */
    for (size_t k = 0; k < sizeof plan / sizeof *plan; k++) {
        if (!plan[k].len)
            continue;
        int whole = plan[k].p == &ws->k.a || plan[k].p == &ws->k.b || plan[k].p == &ws->k.r;
        *plan[k].p = whole ? malloc(plan[k].len * sizeof(double))
                           : calloc(plan[k].len, sizeof(double));
        if (!*plan[k].p) {
            tw_workspace_free(ws);
            return NULL;
        }
    }
    if (alloc_solver_arrays(ws, tw_model_state_size(m, ws))) {
        tw_workspace_free(ws);
        return NULL;
    }
    return ws;
}

int tw_workspace_reserve(struct tw_workspace *ws, size_t size)
{
    if (size <= ws->capacity) {
        ws->size = size;
        return 0;
    }
    /* New solver arrays of the new size (their contents are lost); the map's arrays and the
     * coefficients stay. On failure the old arrays are kept. */
    struct tw_workspace grown = *ws;
    if (alloc_solver_arrays(&grown, size))
        return -1;
    free_solver_arrays(ws);
    *ws = grown;
    return 0;
}
