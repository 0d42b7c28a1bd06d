/* SPDX-License-Identifier: MIT */
/* Internal: CES production nests (docs/model.md eqs. (1'), (4'), (6')). Each using sector j
 * combines a Cobb-Douglas core (value added and the inputs outside its nest) and the inputs in
 * its nest with elasticity of substitution sigma_j; sigma_j = 1 is Cobb-Douglas. */
#ifndef TW_MODEL_PRODUCTION_H
#define TW_MODEL_PRODUCTION_H

#include "model/model_internal.h"

struct tw_production {
    int ces;              /* 1 if some using sector has sigma != 1 and a non-empty nest */
    double *sigma;        /* [j] elasticity of j's nest */
    unsigned char *nest;  /* [k][j] 1 if input k is in j's nest */
    unsigned char *on;    /* [j] 1 if j is not Cobb-Douglas (sigma != 1, nest not empty) */
    double *core;         /* [n][j] baseline cost share of the core, b = 1 - sum_{k in nest} gamma */
};

/* Builds m->prod from the world's nests and opts' overrides (validated: TW_ERR_INPUT names the
 * offending override). */
tw_status tw_production_setup(tw_model *m, const tw_model_options *opts, tw_error *err);
void tw_production_free(struct tw_production *p);

/* eq. (1'): unit costs ln c_hat into unew [n][j] at log wages lw [n] and log price indices
 * lnp [n][j], and the cost shares at those prices into ws->va_eff and ws->io_eff
 * (eqs. (4') and (6') use them). Only called when m->prod->ces. */
void tw_production_costs(const tw_model *m, tw_workspace *ws, const double *lw, const double *lnp,
                         double *unew);

#endif
