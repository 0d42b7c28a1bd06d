/* SPDX-License-Identifier: MIT */
/* Sector-specific factors (docs/model.md §2b): the value-added price of each sector from the
 * returns of the factors that cannot leave it and the wage of the labour that can, eq. (1s),
 * as two blocks of the map (model/blocks.h): `specific` (the prices, after the trade block)
 * and `specific_damp` (a preconditioner of the cost step, after production). */
#include <math.h>
#include <stdlib.h>

#include "core/error.h"
#include "model/blocks.h"
#include "model/production.h"
#include "model/specific.h"

void tw_specific_free(struct tw_specific *s)
{
    if (!s)
        return;
    free(s->share);
    free(s->y0);
    free(s->omega);
    free(s->g);
    free(s->kappa);
    free(s->mobile);
    free(s->newton);
    free(s);
}

/* ln V_hat_n^j = A + g lva (eq. (1s)): A from gross output and, for a CES sector, the change in
 * its value-added cost share at the state's unit cost u and the prices of its core's inputs. */
static double sector_a(const tw_model *m, int n, int j, const double *y, const double *lnp,
                       const double *u)
{
    tw_dims d = m->d;
    const struct tw_specific *sp = m->spec;
    size_t at = tw_ix_nj(d, n, j);
    if (!(sp->y0[at] > 0))
        return 0.0; /* no output in the data: no value added to pay */
    double yv = y[at] > 0 ? y[at] : 1e-300;
    double a = log(yv / sp->y0[at]);
    if (sp->g[at] != 0.0) {
        const struct tw_production *p = m->prod;
        const double *io = m->w->io + tw_ix_nkj(d, n, 0, 0);
        double o = 0.0, rho = 1.0 - p->sigma[j];
        for (int k = 0; k < d.j; k++)
            if (!p->nest[tw_ix_kj(d, k, j)])
                o += io[tw_ix_kj(d, k, j)] * lnp[tw_ix_nj(d, n, k)];
        a += rho * (o / p->core[at] - u[at]);
    }
    return a;
}

/* ln sum_j omega_j exp(psi_j(L)) with psi_j = A_j / (1 - s g) + beta_j L, beta_j =
 * g (1 - s) / (1 - s g); its derivative in L into *slope. A is in lvh. */
static double mobile_sum(const struct tw_specific *sp, tw_dims d, int n, const double *lvh,
                         double L, double *slope)
{
    double top = -INFINITY;
    for (int j = 0; j < d.j; j++) {
        size_t at = tw_ix_nj(d, n, j);
        if (sp->omega[at] > 0) {
            double s = sp->share[at], g = sp->g[at];
            double psi = (lvh[at] + g * (1.0 - s) * L) / (1.0 - s * g);
            if (psi > top)
                top = psi;
        }
    }
    double sum = 0.0, ds = 0.0;
    for (int j = 0; j < d.j; j++) {
        size_t at = tw_ix_nj(d, n, j);
        if (sp->omega[at] > 0) {
            double s = sp->share[at], g = sp->g[at];
            double psi = (lvh[at] + g * (1.0 - s) * L) / (1.0 - s * g);
            double e = sp->omega[at] * exp(psi - top);
            sum += e;
            ds += e * g * (1.0 - s) / (1.0 - s * g);
        }
    }
    *slope = ds / sum;
    return top + log(sum);
}

void tw_specific_prices(const tw_model *m, int n, const double *y, const double *lnp,
                        const double *u, double *lva, double *lvh, double *lmob)
{
    tw_dims d = m->d;
    const struct tw_specific *sp = m->spec;
    for (int j = 0; j < d.j; j++)
        lvh[tw_ix_nj(d, n, j)] = sector_a(m, n, j, y, lnp, u);
    /* Mobile labour: w_hat_L = sum_j (1 - s) V' / sum_j (1 - s) V, eq. (6s); with CES sectors
     * V' depends on w_hat_L through their cost shares: Newton on the convex function
     * F(L) = ln sum_j omega_j V_hat_j(L) - L, whose slope is below zero (beta_j < 1). */
    double L = 0.0;
    if (sp->mobile[n]) {
        double slope;
        L = mobile_sum(sp, d, n, lvh, 0.0, &slope);
        for (int it = 0; sp->newton[n] && it < 60; it++) {
            double f = mobile_sum(sp, d, n, lvh, L, &slope) - L;
            double step = f / (1.0 - slope);
            L += step;
            if (!(fabs(step) > 1e-15 * (1.0 + fabs(L))))
                break;
        }
    }
    lmob[n] = L;
    for (int j = 0; j < d.j; j++) {
        size_t at = tw_ix_nj(d, n, j);
        double s = sp->share[at], g = sp->g[at], a = lvh[at];
        /* eq. (1s): ln v = s ln V_hat + (1 - s) ln w_hat_L with ln V_hat = A + g ln v. */
        lva[at] = (s * a + (1.0 - s) * L) / (1.0 - s * g);
        lvh[at] = a + g * lva[at];
    }
}

/* Inputs: ws->y, ws->lnp [n][j], z's ln c_hat. Outputs: ws->lva, ws->lvh [n][j], ws->lmob [n].
 * No equations of its own (definitions): residual 0. */
static double specific_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    (void)gz;
    for (int n = 0; n < m->d.n; n++)
        tw_specific_prices(m, n, ws->y, ws->lnp, z + m->d.n, ws->lva, ws->lvh, ws->lmob);
    return 0.0;
}

/* Reads the bars of lva; adds into the bars of y, lnp and ln c_hat (z). With L the mobile wage
 * solving F(L, A) = 0: dL/dA_j = e_j / ((1 - s_j g_j) D), e_j = omega_j V_hat_j / sum,
 * D = 1 - sum_j e_j beta_j (the implicit-function theorem on eq. (6s)). */
static void specific_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                             const tw_vjp_args *r)
{
    tw_dims d = m->d;
    const struct tw_specific *sp = m->spec;
    const struct tw_production *p = m->prod;
    for (int n = 0; n < d.n; n++) {
        double lb = 0.0, esum = 0.0, eb = 0.0, top = -INFINITY;
        if (sp->mobile[n]) {
            for (int j = 0; j < d.j; j++) {
                size_t at = tw_ix_nj(d, n, j);
                if (sp->omega[at] > 0 && ws->lvh[at] > top)
                    top = ws->lvh[at];
            }
            for (int j = 0; j < d.j; j++) {
                size_t at = tw_ix_nj(d, n, j);
                double s = sp->share[at], g = sp->g[at];
                lb += (1.0 - s) / (1.0 - s * g) * a->lva[at];
                if (sp->omega[at] > 0) {
                    double e = sp->omega[at] * exp(ws->lvh[at] - top);
                    esum += e;
                    eb += e * g * (1.0 - s) / (1.0 - s * g);
                }
            }
        }
        double dfac = esum > 0 ? lb / (esum - eb) : 0.0; /* Lb / (sum e D), e unnormalised */
        for (int j = 0; j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            if (!(sp->y0[at] > 0))
                continue;
            double s = sp->share[at], g = sp->g[at];
            double ab = s / (1.0 - s * g) * a->lva[at];
            if (sp->mobile[n] && sp->omega[at] > 0)
                ab += dfac * sp->omega[at] * exp(ws->lvh[at] - top) / (1.0 - s * g);
            if (ws->y[at] > 0)
                a->y[at] += ab / ws->y[at];
            if (g != 0.0) {
                const double *io = m->w->io + tw_ix_nkj(d, n, 0, 0);
                double rho = 1.0 - p->sigma[j], ob = rho * ab / p->core[at];
                r->zbar[d.n + at] -= rho * ab;
                for (int k = 0; k < d.j; k++)
                    if (!p->nest[tw_ix_kj(d, k, j)])
                        a->lnp[tw_ix_nj(d, n, k)] += ob * io[tw_ix_kj(d, k, j)];
            }
        }
    }
}

const tw_block tw_block_specific = {"specific", "(1s), (6s)", specific_forward,
                                    specific_reverse};

/* The cost step with specific factors: ln c_hat <- (rhs + kappa ln c_hat) / (1 + kappa), kappa
 * the sector's own-cost elasticity of its right-hand side through its value-added price (a
 * Newton-like preconditioner; the fixed points are those of eq. (1s)). Input and output
 * ws->unew (the input kept in ws->unew_raw), and z's ln c_hat. Residual: 0 (eq. (1) is checked
 * by the production block). */
static double damp_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    (void)gz;
    const double *u = z + m->d.n, *kappa = m->spec->kappa;
    for (size_t k = 0; k < (size_t)m->d.n * m->d.j; k++) {
        ws->unew_raw[k] = ws->unew[k];
        ws->unew[k] = (ws->unew[k] + kappa[k] * u[k]) / (1.0 + kappa[k]);
    }
    return 0.0;
}

static void damp_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                         const tw_vjp_args *r)
{
    (void)ws;
    const double *kappa = m->spec->kappa;
    for (size_t k = 0; k < (size_t)m->d.n * m->d.j; k++) {
        double ub = a->unew[k];
        a->unew[k] = ub / (1.0 + kappa[k]);
        r->zbar[m->d.n + k] += ub * kappa[k] / (1.0 + kappa[k]);
    }
}

const tw_block tw_block_specific_damp = {"specific_damp", "§5 (cost step, §2b)", damp_forward,
                                         damp_reverse};

static const tw_block *const cobb_douglas_specific_blocks[] = {
    &tw_block_quota_wedges, &tw_block_state,         &tw_block_trade,
    &tw_block_specific,     &tw_block_cobb_douglas,  &tw_block_specific_damp,
    &tw_block_income,       &tw_block_factors,       &tw_block_expenditure,
    &tw_block_quota_step,   &tw_block_step};
static const tw_block *const ces_specific_blocks[] = {
    &tw_block_quota_wedges, &tw_block_state,        &tw_block_trade,
    &tw_block_specific,     &tw_block_ces,          &tw_block_specific_damp,
    &tw_block_income,       &tw_block_factors,      &tw_block_expenditure,
    &tw_block_quota_step,   &tw_block_step};

const tw_map_type tw_map_cobb_douglas_specific = {
    "cobb-douglas+specific",
    (int)(sizeof cobb_douglas_specific_blocks / sizeof *cobb_douglas_specific_blocks),
    cobb_douglas_specific_blocks};
const tw_map_type tw_map_ces_specific = {
    "ces+specific", (int)(sizeof ces_specific_blocks / sizeof *ces_specific_blocks),
    ces_specific_blocks};

/* kappa_n^j = s gamma theta^j E / (1 - s g), E the share of j's sales that face competition
 * (the elasticity of its sales to its own cost, over theta). */
static void set_kappa(tw_model *m, struct tw_specific *sp)
{
    const tw_world *w = m->w;
    tw_dims d = m->d;
    for (int n = 0; n < d.n; n++)
        for (int j = 0; j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            double y = w->output[at], contested = 0.0;
            if (!(y > 0)) {
                sp->kappa[at] = 0.0;
                continue;
            }
            for (int mm = 0; mm < d.n; mm++)
                contested += w->flow[tw_ix_nij(d, mm, n, j)] *
                             (1.0 - m->pi0[tw_ix_nij(d, mm, n, j)]);
            double s = sp->share[at];
            sp->kappa[at] = s * w->va[at] * w->theta[j] * (contested / y) /
                            (1.0 - s * sp->g[at]);
        }
}

tw_status tw_specific_setup(tw_model *m, tw_error *err)
{
    const tw_world *w = m->w;
    if (!w->specific)
        return TW_OK;
    tw_dims d = m->d;
    size_t nj = (size_t)d.n * d.j;
    struct tw_specific *sp = calloc(1, sizeof *sp);
    m->spec = sp;
    if (sp) {
        sp->share = malloc(nj * sizeof *sp->share);
        sp->y0 = malloc(nj * sizeof *sp->y0);
        sp->omega = calloc(nj, sizeof *sp->omega);
        sp->g = calloc(nj, sizeof *sp->g);
        sp->kappa = calloc(nj, sizeof *sp->kappa);
        sp->mobile = calloc((size_t)d.n, 1);
        sp->newton = calloc((size_t)d.n, 1);
    }
    if (!sp || !sp->share || !sp->y0 || !sp->omega || !sp->g || !sp->kappa || !sp->mobile ||
        !sp->newton)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    const struct tw_production *p = m->prod;
    for (int n = 0; n < d.n; n++) {
        double mob = 0.0;
        for (int j = 0; j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            double s = w->specific[at];
            sp->share[at] = s;
            sp->y0[at] = w->output[at] > 0 ? w->output[at] : 0.0;
            if (p->on[j] && p->core[at] > 0 && w->va[at] > 0)
                sp->g[at] = (1.0 - p->sigma[j]) * w->va[at] / p->core[at];
            if (!(1.0 - s * sp->g[at] > 1e-9))
                return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "specific_factors",
                               "sector %s of %s: with an elasticity of substitution of 0, a "
                               "core of value added alone and all of it specific, its price is "
                               "not determined by its costs; use an input elasticity above 0 "
                               "or a specific share below 1",
                               w->sector_code[j], w->country_code[n]);
            sp->omega[at] = (1.0 - s) * w->va[at] * sp->y0[at];
            mob += sp->omega[at];
        }
        sp->mobile[n] = mob > 0;
        for (int j = 0; j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            sp->omega[at] = mob > 0 ? sp->omega[at] / mob : 0.0;
            if (sp->omega[at] > 0 && sp->g[at] != 0.0)
                sp->newton[n] = 1;
        }
    }
    set_kappa(m, sp);
    m->map = p->ces ? &tw_map_ces_specific : &tw_map_cobb_douglas_specific;
    /* The state's w_hat_n is now the country's value added (eq. (6)), which no unit cost reads
     * (costs read the value-added prices of eq. (1s)): the wage step is exact with psi = 1 and
     * has no effect on costs (h = 0). */
    for (int n = 0; n < d.n; n++)
        m->psi[n] = 1.0;
    for (size_t k = 0; k < nj; k++)
        m->h[k] = 0.0;
    return TW_OK;
}
