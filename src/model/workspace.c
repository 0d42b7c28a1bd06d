/* SPDX-License-Identifier: MIT */
/* Allocation of the scratch arrays used by the map and the solver. */
#include "model/workspace.h"

#include <stdlib.h>

void tw_workspace_free(struct tw_workspace *ws)
{
    if (!ws)
        return;
    double **arrays[] = {&ws->x,    &ws->cpow, &ws->inv_s, &ws->lnp,  &ws->acc,   &ws->xacc,
                         &ws->y,    &ws->unew, &ws->xnew,  &ws->h,    &ws->rev,   &ws->xrev,
                         &ws->what, &ws->gap,  &ws->dnow,  &ws->income, &ws->z,   &ws->gz,
                         &ws->f,    &ws->best, &ws->zprev, &ws->gprev, &ws->fprev, &ws->df,
                         &ws->dg,   &ws->lsq,  &ws->coef};
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
    ws->depth = depth > 0 ? depth : 0;
    struct {
        double **p;
        size_t len;
    } plan[] = {{&ws->x, nj},     {&ws->cpow, nj},  {&ws->inv_s, nj},  {&ws->lnp, nj},
                {&ws->acc, nj},   {&ws->xacc, nj},  {&ws->y, nj},      {&ws->unew, nj},
                {&ws->xnew, nj},  {&ws->h, nj},     {&ws->rev, nn},    {&ws->xrev, nn},
                {&ws->what, nn},  {&ws->gap, nn},   {&ws->dnow, nn},   {&ws->income, nn},
                {&ws->z, size},   {&ws->gz, size},  {&ws->f, size},    {&ws->best, size},
                {&ws->zprev, size}, {&ws->gprev, size}, {&ws->fprev, size},
                {&ws->df, size * dd}, {&ws->dg, size * dd}, {&ws->lsq, dd * dd},
                {&ws->coef, dd}};
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
    size_t dd = ws->depth > 0 ? (size_t)ws->depth : 1;
    double **arrays[] = {&ws->z,     &ws->gz,    &ws->f,     &ws->best, &ws->zprev,
                         &ws->gprev, &ws->fprev, &ws->df,    &ws->dg};
    size_t lens[] = {size, size, size, size, size, size, size, size * dd, size * dd};
    double *fresh[sizeof lens / sizeof *lens];
    size_t count = sizeof lens / sizeof *lens;
    for (size_t k = 0; k < count; k++) {
        fresh[k] = calloc(lens[k], sizeof(double));
        if (!fresh[k]) {
            while (k-- > 0)
                free(fresh[k]);
            return -1;
        }
    }
    for (size_t k = 0; k < count; k++) {
        free(*arrays[k]);
        *arrays[k] = fresh[k];
    }
    ws->size = ws->capacity = size;
    return 0;
}
