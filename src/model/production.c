/* SPDX-License-Identifier: MIT */
/* CES production nests: unit costs and cost shares that move with relative prices
 * (docs/model.md eqs. (1'), (4'), (6')). Using sectors whose nest is Cobb-Douglas take exactly
 * the Cobb-Douglas formulas, in the same order of operations as src/model/equations.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "data/nests.h"
#include "model/production.h"
#include "model/workspace.h"

void tw_production_free(struct tw_production *p)
{
    if (!p)
        return;
    free(p->sigma);
    free(p->nest);
    free(p->on);
    free(p->core);
    free(p);
}

/* Applies one override rule (see tw_input_elasticity in tradewar/model.h). */
static tw_status apply_rule(struct tw_production *p, int J, const tw_input_elasticity *r,
                            int index, tw_error *err)
{
    if (r->input < TW_NEST_MEMBERS || r->input >= J || r->using_sector < TW_ALL_SECTORS ||
        r->using_sector >= J || r->using_sector == TW_NEST_MEMBERS)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "input_elasticities",
                       "override %d: input %d or using sector %d out of range", index, r->input,
                       r->using_sector);
    if (!(r->elasticity >= 0.0) || r->elasticity > TW_MAX_INPUT_ELASTICITY)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "input_elasticities",
                       "override %d: expected an elasticity of substitution in [0, %g], got %g",
                       index, (double)TW_MAX_INPUT_ELASTICITY, r->elasticity);
    for (int j = 0; j < J; j++) {
        if (r->using_sector >= 0 && j != r->using_sector)
            continue;
        p->sigma[j] = r->elasticity;
        if (r->input == TW_NEST_MEMBERS)
            continue;
        for (int k = 0; k < J; k++)
            if (r->input == TW_ALL_SECTORS || k == r->input)
                p->nest[(size_t)k * J + j] = 1;
    }
    return TW_OK;
}

tw_status tw_production_setup(tw_model *m, const tw_model_options *opts, tw_error *err)
{
    const tw_world *w = m->w;
    tw_dims d = m->d;
    int J = d.j;
    size_t nj = (size_t)d.n * J;
    struct tw_production *p = calloc(1, sizeof *p);
    m->prod = p;
    if (!p)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    p->sigma = malloc((size_t)J * sizeof *p->sigma);
    p->nest = malloc((size_t)J * J);
    p->on = calloc((size_t)J, 1);
    p->core = calloc(nj, sizeof *p->core);
    if (!p->sigma || !p->nest || !p->on || !p->core)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    memcpy(p->sigma, w->in_sigma, (size_t)J * sizeof *p->sigma);
    memcpy(p->nest, w->in_nest, (size_t)J * J);
    if (opts && opts->input_elasticity_count > 0 && !opts->input_elasticities)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, "input_elasticities",
                       "input_elasticity_count > 0 but no overrides given");
    for (int r = 0; opts && r < opts->input_elasticity_count; r++) {
        tw_status st = apply_rule(p, J, &opts->input_elasticities[r], r, err);
        if (st)
            return st;
    }
    for (int j = 0; j < J; j++) {
        int members = 0;
        for (int k = 0; k < J; k++)
            members += p->nest[(size_t)k * J + j];
        /* sigma == 1 is Cobb-Douglas whatever the nest: the exact formulas, not a limit. */
        p->on[j] = members > 0 && p->sigma[j] != 1.0;
        p->ces |= p->on[j];
    }
    for (int n = 0; n < d.n; n++)
        for (int j = 0; j < J; j++) {
            double b = 1.0;
            for (int k = 0; k < J; k++)
                if (p->nest[(size_t)k * J + j])
                    b -= w->io[tw_ix_nkj(d, n, k, j)];
            /* Below rounding, the core is empty (all of j's cost is in its nest). */
            p->core[tw_ix_nj(d, n, j)] = b > 1e-14 ? b : 0.0;
        }
    return TW_OK;
}

void tw_production_costs(const tw_model *m, tw_workspace *ws, const double *lw, const double *lnp,
                         double *unew)
{
    const tw_world *w = m->w;
    const struct tw_production *p = m->prod;
    tw_dims d = m->d;
    const int N = d.n, J = d.j;
    for (int n = 0; n < N; n++) {
        const double *io = w->io + tw_ix_nkj(d, n, 0, 0);
        double *ioe = ws->io_eff + tw_ix_nkj(d, n, 0, 0);
        for (int j = 0; j < J; j++) {
            size_t at = tw_ix_nj(d, n, j);
            double va = w->va[at];
            if (!p->on[j]) {
                /* Cobb-Douglas: eq. (1) and constant shares. */
                double v = va * lw[n];
                for (int k = 0; k < J; k++)
                    v += io[(size_t)k * J + j] * lnp[tw_ix_nj(d, n, k)];
                unew[at] = v;
                ws->va_eff[at] = va;
                for (int k = 0; k < J; k++)
                    ioe[(size_t)k * J + j] = io[(size_t)k * J + j];
                continue;
            }
            const unsigned char *nest = p->nest;
            double b = p->core[at], rho = 1.0 - p->sigma[j];
            /* Log price of the Cobb-Douglas core: value added and the inputs outside the nest,
             * with weights gamma / b. */
            double lc = 0.0;
            if (b > 0.0) {
                lc = va * lw[n];
                for (int k = 0; k < J; k++)
                    if (!nest[(size_t)k * J + j])
                        lc += io[(size_t)k * J + j] * lnp[tw_ix_nj(d, n, k)];
                lc /= b;
            }
            /* eq. (1'): c^rho = b core^rho + sum_nest gamma P^rho. The shares add to one, so
             * c^rho - 1 = sum share * expm1(rho ln p): accurate as sigma -> 1 (rho -> 0), where
             * the formula tends to Cobb-Douglas. */
            double acc = b > 0.0 ? b * expm1(rho * lc) : 0.0;
            for (int k = 0; k < J; k++)
                if (nest[(size_t)k * J + j])
                    acc += io[(size_t)k * J + j] * expm1(rho * lnp[tw_ix_nj(d, n, k)]);
            double v = log1p(acc) / rho;
            unew[at] = v;
            /* Cost shares at these prices: gamma (p / c)^(1 - sigma) (Shephard's lemma). */
            double mcore = b > 0.0 ? exp(rho * (lc - v)) : 0.0;
            ws->va_eff[at] = va * mcore;
            for (int k = 0; k < J; k++) {
                double g = io[(size_t)k * J + j];
                ioe[(size_t)k * J + j] =
                    nest[(size_t)k * J + j] ? g * exp(rho * (lnp[tw_ix_nj(d, n, k)] - v))
                                            : g * mcore;
            }
        }
    }
}
