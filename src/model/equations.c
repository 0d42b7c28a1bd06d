/* SPDX-License-Identifier: MIT */
/* The equilibrium map z -> G(z) of docs/model.md §5 as the composition of its equation blocks
 * (src/model/blocks.h, docs/model.md §5a): each block's forward function in order, the
 * residual the largest of theirs, and the equilibrium quantities implied by z on request. */
#include <math.h>

#include "model/blocks.h"
#include "model/liberation.h"

static const tw_block *const cobb_douglas_blocks[] = {
    &tw_block_quota_wedges, &tw_block_state,       &tw_block_trade,
    &tw_block_cobb_douglas, &tw_block_income,      &tw_block_factors,
    &tw_block_expenditure,  &tw_block_quota_step,  &tw_block_step};
static const tw_block *const ces_blocks[] = {
    &tw_block_quota_wedges, &tw_block_state,       &tw_block_trade,
    &tw_block_ces,          &tw_block_income,      &tw_block_factors,
    &tw_block_expenditure,  &tw_block_quota_step,  &tw_block_step};

/* The Liberation Day model (model/liberation.h, docs/model.md §2c). */
static const tw_block *const liberation_blocks[] = {
    &tw_block_quota_wedges, &tw_block_state,       &tw_block_trade,
    &tw_block_destination,  &tw_block_labour,      &tw_block_scale,
    &tw_block_labour_income, &tw_block_labour_market,
    &tw_block_labour_expenditure, &tw_block_quota_step, &tw_block_step};
const tw_map_type tw_map_liberation = {
    "liberation", (int)(sizeof liberation_blocks / sizeof *liberation_blocks),
    liberation_blocks};

const tw_map_type tw_map_cobb_douglas = {
    "cobb-douglas", (int)(sizeof cobb_douglas_blocks / sizeof *cobb_douglas_blocks),
    cobb_douglas_blocks};
const tw_map_type tw_map_ces = {"ces", (int)(sizeof ces_blocks / sizeof *ces_blocks),
                                ces_blocks};

/* The equilibrium quantities implied by z, from the intermediates of the forward blocks. */
static void write_equilibrium(const tw_model *m, const tw_workspace *ws, const double *z,
                              tw_equilibrium *eq)
{
    tw_dims d = m->d;
    const tw_world *w = m->w;
    const int N = d.n, J = d.j;
    const size_t NJ = (size_t)N * J;
    const double *u = z + N;
    for (int n = 0; n < N; n++) {
        eq->w_hat[n] = ws->what[n];
        eq->income[n] = ws->income[n];
        eq->revenue[n] = ws->rev[n];
        eq->xrevenue[n] = ws->xrev[n];
        eq->deficit[n] = ws->dnow[n];
        eq->l_hat[n] = ws->lhat ? ws->lhat[n] : 1.0;
        double lcpi = 0.0;
        for (int j = 0; j < J; j++)
            lcpi += w->alpha[tw_ix_nj(d, n, j)] * ws->lnp[tw_ix_nj(d, n, j)];
        eq->cpi_hat[n] = exp(lcpi);
    }
    tw_quota_write_eq(m, ws, z + N + 2 * NJ, ws->x, ws->cpow, ws->inv_s, eq);
    for (size_t k = 0; k < NJ; k++) {
        eq->c_hat[k] = exp(u[k]);
        eq->p_hat[k] = exp(ws->lnp[k]);
        eq->x[k] = ws->x[k];
        eq->output[k] = ws->y[k];
    }
    for (int j = 0; j < J; j++)
        for (int n = 0; n < N; n++) {
            double is = ws->inv_s[tw_ix_jn(d, j, n)];
            const double *cp = ws->cpow + tw_ix_jn(d, j, 0);
            for (int i = 0; i < N; i++) {
                size_t at = tw_ix_nij(d, n, i, j);
                eq->pi[at] = ws->k.a[at] * cp[i] * is; /* eq. (3) */
            }
        }
}

void tw_model_write_equilibrium(const tw_model *m, const tw_workspace *ws, const double *z,
                                tw_equilibrium *eq)
{
    write_equilibrium(m, ws, z, eq);
}

double tw_model_map(const tw_model *m, tw_workspace *ws, const double *z, double *gz,
                    tw_equilibrium *eq)
{
    const tw_map_type *map = m->map;
    double res = 0.0;
    for (int b = 0; b < map->count; b++) {
        double r = map->blocks[b]->forward(m, ws, z, gz);
        if (isnan(r) || r > res) /* a NaN residual propagates */
            res = r;
    }
    if (!isfinite(res) || ws->k.quota_broken)
        res = INFINITY;
    if (eq)
        write_equilibrium(m, ws, z, eq);
    return res;
}
