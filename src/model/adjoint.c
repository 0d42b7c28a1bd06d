/* SPDX-License-Identifier: MIT */
/* Reverse pass through tw_model_map (src/model/equations.c): the reverse functions of the
 * map's blocks (src/model/blocks.h) in the opposite order, then the instruments' reverse for
 * the tariff bars. The forward pass must have been run at the same z (its intermediates live
 * in the workspace). */
#include <stdlib.h>
#include <string.h>

#include "model/blocks.h"
#include "model/production.h"

/* The bar arrays and their lengths, for allocation and zeroing. */
#define TW_ADJOINT_ARRAYS(a, nn, nj, njj, ces, spec, blk, prof)                                          \
    {                                                                                          \
        {&(a)->x, nj}, {&(a)->what, nn}, {&(a)->lnp, nj}, {&(a)->rho, nj}, {&(a)->y, nj},      \
            {&(a)->rev, nn}, {&(a)->xrev, nn}, {&(a)->s_sum, nj}, {&(a)->rs_sum, nj},          \
            {&(a)->inv_s, nj}, {&(a)->cpow, nj}, {&(a)->acc, nj}, {&(a)->xacc, nj},            \
            {&(a)->unew, nj}, {&(a)->va_share, (ces) * (nj)},                                  \
            {&(a)->io_share, (ces) * (njj)}, {&(a)->dnow, nn}, {&(a)->income, nn},             \
            {&(a)->gap, nn}, {&(a)->xnew, nj}, {&(a)->scratch_n, nn}, {&(a)->scratch_n2, nn},  \
            {&(a)->lva, (spec) * (nj)}, {&(a)->lhat, (blk) * (nn)},                            \
            {&(a)->profit, (prof) * (nn)}, {&(a)->ylab, (prof) * (nj)},                        \
    }

typedef struct {
    double **p;
    size_t len;
} bar_array;

tw_map_adjoint *tw_map_adjoint_create(const tw_model *m)
{
    size_t nn = (size_t)m->d.n, nj = nn * (size_t)m->d.j, njj = nj * (size_t)m->d.j;
    size_t ces = m->prod && m->prod->ces ? 1 : 0, spec = m->spec ? 1 : 0;
    size_t prof = m->w->profit_share ? 1 : 0;
    tw_map_adjoint *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    bar_array arrays[] =
        TW_ADJOINT_ARRAYS(a, nn, nj, njj, ces, spec, (size_t)(m->w->blocks != NULL), prof);
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++) {
        if (!arrays[k].len)
            continue; /* share bars of Cobb-Douglas production: NULL */
        if (!(*arrays[k].p = calloc(arrays[k].len, sizeof(double)))) {
            tw_map_adjoint_free(a);
            return NULL;
        }
    }
    return a;
}

void tw_map_adjoint_free(tw_map_adjoint *a)
{
    if (!a)
        return;
    bar_array arrays[] = TW_ADJOINT_ARRAYS(a, 0, 0, 0, 0, 0, 0, 0);
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++)
        free(*arrays[k].p);
    free(a);
}

void tw_map_adjoint_zero(const tw_model *m, tw_map_adjoint *a)
{
    size_t nn = (size_t)m->d.n, nj = nn * (size_t)m->d.j, njj = nj * (size_t)m->d.j;
    size_t ces = a->io_share != NULL, spec = a->lva != NULL, blk = a->lhat != NULL;
    size_t prof = a->profit != NULL;
    bar_array arrays[] = TW_ADJOINT_ARRAYS(a, nn, nj, njj, ces, spec, blk, prof);
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++) {
        double *p = *arrays[k].p;
        /* The trade block's own bars and the scratch are written before they are read. */
        if (!arrays[k].len || p == a->s_sum || p == a->rs_sum || p == a->acc || p == a->xacc ||
            p == a->scratch_n || p == a->scratch_n2)
            continue;
        memset(p, 0, arrays[k].len * sizeof(double));
    }
}

void tw_model_map_vjp(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                      const double *z, const double *gbar, const tw_map_seeds *seeds,
                      double *zbar, double *tbar, const tw_policy *p)
{
    tw_model_map_vjp_importer(m, ws, a, z, gbar, seeds, zbar, tbar, p, -1);
}

void tw_model_map_vjp_importer(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                               const double *z, const double *gbar, const tw_map_seeds *seeds,
                               double *zbar, double *tbar, const tw_policy *p, int importer)
{
    tw_dims d = m->d;
    size_t nj = (size_t)d.n * d.j;
    memset(zbar, 0, tw_model_state_size(m, ws) * sizeof *zbar);
    tw_map_adjoint_zero(m, a);
    /* Seeds are bars of the intermediates that the payoff reads. */
    if (seeds && seeds->income)
        memcpy(a->income, seeds->income, (size_t)d.n * sizeof(double));
    if (seeds && seeds->lnp)
        memcpy(a->lnp, seeds->lnp, nj * sizeof(double));
    if (seeds && seeds->output)
        memcpy(a->y, seeds->output, nj * sizeof(double));
    if (seeds && seeds->what)
        memcpy(a->what, seeds->what, (size_t)d.n * sizeof(double));
    if (seeds && seeds->lhat && a->lhat)
        memcpy(a->lhat, seeds->lhat, (size_t)d.n * sizeof(double));
    if (seeds && seeds->revenue)
        memcpy(a->rev, seeds->revenue, (size_t)d.n * sizeof(double));
    tw_vjp_args r = {z, gbar, zbar, tbar, p};
    const tw_map_type *map = m->map;
    for (int b = map->count - 1; b >= 0; b--)
        map->blocks[b]->reverse(m, ws, a, &r);
    if (tbar)
        tw_instruments_reverse_importer(m, ws, a, &r, importer);
}
