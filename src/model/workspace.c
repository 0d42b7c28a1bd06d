/* SPDX-License-Identifier: MIT */
/* Allocation of the scratch arrays used by the map and the solver. */
#include "model/workspace.h"

#include <stdlib.h>
#include <string.h>

/* GMRES basis size of the Newton-Krylov fallback. */
#define KRYLOV 40

void tw_workspace_free(struct tw_workspace *ws)
{
    if (!ws)
        return;
    double **arrays[] = {&ws->x,    &ws->cpow, &ws->inv_s, &ws->lnp,  &ws->acc,   &ws->xacc,
                         &ws->y,    &ws->unew, &ws->xnew,  &ws->h, &ws->rho,    &ws->rev,   &ws->xrev,
                         &ws->what, &ws->gap,  &ws->dnow,  &ws->income, &ws->z,   &ws->gz,
                         &ws->f,    &ws->best, &ws->z0, &ws->zstart, &ws->zpath, &ws->zkeep, &ws->zprev, &ws->gprev, &ws->fprev, &ws->df,
                         &ws->dg,   &ws->lsq,  &ws->coef, &ws->rhs, &ws->nk_v, &ws->nk_h, &ws->nk_cs, &ws->nk_sn, &ws->nk_g, &ws->nk_y, &ws->nk_f, &ws->nk_dz, &ws->nk_zt, &ws->nk_ft, &ws->lwork_buf};
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++)
        free(*arrays[k]);
    free(ws);
}

struct tw_workspace *tw_workspace_create(int n, int j, size_t size, int depth)
{
    struct tw_workspace *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    size_t nj = (size_t)n * (size_t)j, nn = (size_t)n;
    size_t dd = depth > 0 ? (size_t)depth : 1;
    ws->size = size;
    ws->capacity = size;
    ws->n = n;
    ws->j = j;
    ws->krylov = KRYLOV;
    ws->depth = depth > 0 ? depth : 0;
    struct {
        double **p;
        size_t len;
    } plan[] = {{&ws->x, nj},     {&ws->cpow, nj},  {&ws->inv_s, nj},  {&ws->lnp, nj},
                {&ws->acc, nj},   {&ws->xacc, nj},  {&ws->y, nj},      {&ws->unew, nj},
                {&ws->xnew, nj},  {&ws->h, nj}, {&ws->rho, nj},     {&ws->rev, nn},    {&ws->xrev, nn},
                {&ws->what, nn},  {&ws->gap, nn},   {&ws->dnow, nn},   {&ws->income, nn},
                {&ws->z, size},   {&ws->gz, size},  {&ws->f, size},    {&ws->best, size},
                {&ws->zprev, size}, {&ws->z0, size}, {&ws->zstart, size}, {&ws->zpath, size}, {&ws->zkeep, size}, {&ws->gprev, size}, {&ws->fprev, size},
                {&ws->df, size * dd}, {&ws->dg, size * dd}, {&ws->lsq, size * dd},
                {&ws->coef, dd}, {&ws->rhs, size},
                {&ws->nk_v, size * (KRYLOV + 1)}, {&ws->nk_h, (KRYLOV + 1) * KRYLOV},
                {&ws->nk_cs, KRYLOV}, {&ws->nk_sn, KRYLOV}, {&ws->nk_g, KRYLOV + 1},
                {&ws->nk_y, KRYLOV}, {&ws->nk_f, size}, {&ws->nk_dz, size}, {&ws->nk_zt, size},
                {&ws->nk_ft, size}, {&ws->lwork_buf, 0}};
    /* dgels needs min(M, m) + max(M, m, 1) * nb doubles; 64 rows of the block size is ample. */
    ws->lwork = (int)(dd + (size > dd ? size : dd) * 64);
    plan[sizeof plan / sizeof *plan - 1].len = (size_t)ws->lwork;
    for (size_t k = 0; k < sizeof plan / sizeof *plan; k++) {
        *plan[k].p = calloc(plan[k].len ? plan[k].len : 1, sizeof(double));
        if (!*plan[k].p) {
            tw_workspace_free(ws);
            return NULL;
        }
    }
    return ws;
}

int tw_workspace_reserve(struct tw_workspace *ws, size_t size)
{
    if (size <= ws->capacity) {
        ws->size = size;
        return 0;
    }
    /* A fresh workspace of the new size; the map's precomputed arrays move over. */
    struct tw_workspace *nw = tw_workspace_create(ws->n, ws->j, size, ws->depth);
    if (!nw)
        return -1;
    size_t nj = (size_t)ws->n * (size_t)ws->j;
    memcpy(nw->h, ws->h, nj * sizeof(double));
    memcpy(nw->rho, ws->rho, nj * sizeof(double));
    struct tw_workspace old = *ws;
    *ws = *nw;
    *nw = old;
    tw_workspace_free(nw);
    return 0;
}
