/* SPDX-License-Identifier: MIT */
/* Internal: sector-specific factors (docs/model.md §2b, eqs. (1s), (6s)). A share s_n^j of the
 * value added of sector j in n is paid to factors that cannot leave the sector (its installed
 * capital, land, deposits and, in the short run, its workers); the rest to labour that moves
 * between the sectors of its country at one wage. */
#ifndef TW_MODEL_SPECIFIC_H
#define TW_MODEL_SPECIFIC_H

#include "model/model_internal.h"

struct tw_specific {
    double *share; /* [n][j] s_n^j */
    double *y0;    /* [n][j] gross output in the data (1 where there is none) */
    double *omega; /* [n][j] (1 - s) V / sum_j (1 - s) V: mobile labour's baseline weights */
    double *g;     /* [n][j] rho gamma / b of CES sectors (eq. (1s)), 0 for Cobb-Douglas */
    double *kappa; /* [n][j] damping of the cost step (a preconditioner) */
    unsigned char *mobile; /* [n] 1 if n has mobile labour (sum_j (1 - s) V > 0) */
    unsigned char *newton; /* [n] 1 if n's mobile wage needs an iteration (a CES sector with
                            * s < 1: its value-added share moves with the wage) */
};

/* If the world has sector-specific factors, builds m->spec and switches m->map to the
 * composition with the specific blocks, and sets the wage preconditioners for them (run after
 * tw_production_setup and the preconditioners). @return TW_OK, TW_ERR_INPUT (a sector whose
 * price eq. (1s) cannot determine), TW_ERR_NOMEM. */
tw_status tw_specific_setup(tw_model *m, tw_error *err);
void tw_specific_free(struct tw_specific *s);

/* Eq. (1s) for country n: the log value-added prices lva [n][j], log changes of sectoral value
 * added lvh [n][j] and the log mobile wage lmob [n] (0 without mobile labour), from gross
 * output y [n][j], log price indices lnp [n][j] and log unit costs u [n][j]. */
void tw_specific_prices(const tw_model *m, int n, const double *y, const double *lnp,
                        const double *u, double *lva, double *lvh, double *lmob);

#endif
