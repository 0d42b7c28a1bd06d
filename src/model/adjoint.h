/* SPDX-License-Identifier: MIT */
/* Reverse-mode derivatives of the equilibrium map (docs/model.md §5, §5a): transposed
 * Jacobian-vector products of z -> G(z, tariffs), for the implicit-function theorem; the
 * composition of the blocks' reverse functions (model/blocks.h). */
#ifndef TW_MODEL_ADJOINT_H
#define TW_MODEL_ADJOINT_H

#include "model/model_internal.h"

/* The bars of the map's intermediates (layout in model/blocks.h), allocated once per model (no
 * allocation per product). */
typedef struct tw_map_adjoint tw_map_adjoint;

tw_map_adjoint *tw_map_adjoint_create(const tw_model *m);
void tw_map_adjoint_free(tw_map_adjoint *a);

/* Seeds on quantities the map computes on the way (all may be NULL = zero):
 * income [n] (I'_n of eq. (5)), lnp [n][j] (ln P_hat_n^j of eq. (2)), output [n][j] (gross
 * output at producer prices). They let an objective that is a function of these quantities
 * at z be differentiated by the same reverse pass. */
typedef struct tw_map_seeds {
    const double *income;
    const double *lnp;
    const double *output;
    /* [n] w_hat, employment L_hat (models with labour supply only) and tariff revenue R'
     * (the welfare payoff, src/strategy/welfare_payoff.c) */
    const double *what, *lhat, *revenue;
} tw_map_seeds;

/* zbar = (dG/dz)^T gbar + (d q/dz)^T seeds, where q are the seeded intermediate quantities;
 * if tbar is not NULL, also tbar += (dG/dtariff)^T gbar + (dq/dtariff)^T seeds, one entry per
 * tariff [j][n][i] (derivative with respect to the tariff level).
 * Precondition: tw_model_coeffs(m, ws, p) was called for the policy in question and
 * tw_model_map(m, ws, z, ...) was the last map evaluation (its intermediates are reused).
 * p is the policy whose coefficients are in ws (needed only when tbar is set).
 * gbar may be NULL (zero). zbar has tw_model_state_size(m, ws) entries. */
void tw_model_map_vjp(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                      const double *z, const double *gbar,
                      const tw_map_seeds *seeds, double *zbar, double *tbar,
                      const tw_policy *p);
/* tw_model_map_vjp with the tariff bars of one importer only (importer >= 0): tbar's entries
 * [j][importer][i] get the same bits as from tw_model_map_vjp; the other entries get only the
 * quota flows' terms, if any (callers read them as undefined). importer < 0: every tariff. */
void tw_model_map_vjp_importer(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                               const double *z, const double *gbar,
                               const tw_map_seeds *seeds, double *zbar, double *tbar,
                               const tw_policy *p, int importer);

#endif
