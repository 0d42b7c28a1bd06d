/* SPDX-License-Identifier: MIT */
/* Factor returns by sector from solved equilibria (docs/model.md §2b, eq. (6s)). */
#include <math.h>
#include <stdlib.h>

#include "model/specific.h"
#include "tradewar/factors.h"

int tw_model_has_specific_factors(const tw_model *m) { return m && m->spec != NULL; }

/* ln V_hat [n][j] and the log mobile wage [n] of eq, relative to the data. */
static int log_returns(const tw_model *m, const tw_equilibrium *eq, double *lvh, double *lmob)
{
    tw_dims d = m->d;
    size_t nj = (size_t)d.n * d.j;
    double *lnp = malloc(nj * sizeof *lnp), *u = malloc(nj * sizeof *u);
    double *lva = malloc(nj * sizeof *lva);
    if (!lnp || !u || !lva) {
        free(lnp);
        free(u);
        free(lva);
        return -1;
    }
    for (size_t k = 0; k < nj; k++) {
        lnp[k] = log(eq->p_hat[k]);
        u[k] = log(eq->c_hat[k]);
    }
    for (int n = 0; n < d.n; n++)
        tw_specific_prices(m, n, eq->output, lnp, u, lva, lvh, lmob);
    free(lnp);
    free(u);
    free(lva);
    return 0;
}

tw_status tw_factor_returns(const tw_model *m, const tw_equilibrium *eq,
                            const tw_equilibrium *ref, double *specific_hat,
                            double *mobile_wage_hat)
{
    if (!ref)
        ref = m->base;
    if (!eq || !eq->solved || !ref || !ref->solved)
        return TW_ERR_USAGE;
    tw_dims d = m->d;
    size_t nj = (size_t)d.n * d.j;
    if (!m->spec) {
        for (size_t k = 0; specific_hat && k < nj; k++)
            specific_hat[k] = NAN;
        for (int n = 0; mobile_wage_hat && n < d.n; n++)
            mobile_wage_hat[n] = eq->w_hat[n] / ref->w_hat[n];
        return TW_OK;
    }
    double *lv = malloc(2 * nj * sizeof *lv), *lm = malloc(2 * (size_t)d.n * sizeof *lm);
    if (!lv || !lm || log_returns(m, eq, lv, lm) || log_returns(m, ref, lv + nj, lm + d.n)) {
        free(lv);
        free(lm);
        return TW_ERR_NOMEM;
    }
    const struct tw_specific *sp = m->spec;
    for (int n = 0; n < d.n; n++) {
        if (mobile_wage_hat)
            mobile_wage_hat[n] = sp->mobile[n] ? exp(lm[n] - lm[d.n + n]) : NAN;
        for (int j = 0; specific_hat && j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            specific_hat[at] = sp->share[at] > 0 && sp->y0[at] > 0 ? exp(lv[at] - lv[nj + at])
                                                                  : NAN;
        }
    }
    free(lv);
    free(lm);
    return TW_OK;
}
