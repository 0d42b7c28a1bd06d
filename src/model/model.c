/* SPDX-License-Identifier: MIT */
/* Model parameters derived from a world, policy states and equilibrium buffers. */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "model/model_internal.h"
#include "model/model_setup.h"
#include "model/production.h"
#include "model/workspace.h"

int tw_deficit_closure_parse(const char *s, tw_deficit_closure *out)
{
    if (!s)
        return -1;
    if (strcmp(s, "fixed") == 0)
        *out = TW_DEFICITS_FIXED;
    else if (strcmp(s, "zero") == 0)
        *out = TW_DEFICITS_ZERO;
    else if (strcmp(s, "proportional") == 0)
        *out = TW_DEFICITS_PROPORTIONAL;
    else
        return -1;
    return 0;
}

const char *tw_deficit_closure_name(tw_deficit_closure c)
{
    switch (c) {
    case TW_DEFICITS_FIXED: return "fixed";
    case TW_DEFICITS_ZERO: return "zero";
    case TW_DEFICITS_PROPORTIONAL: return "proportional";
    }
    return "unknown";
}

/* ---- policies ---- */

static tw_policy *policy_alloc(tw_dims d)
{
    tw_policy *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    size_t nij = (size_t)d.n * d.n * d.j;
    p->d = d;
    p->tariff = calloc(nij, sizeof(double));
    p->iceberg = calloc(nij, sizeof(double));
    p->export_tax = calloc(nij, sizeof(double));
    if (!p->tariff || !p->iceberg || !p->export_tax) {
        tw_policy_free(p);
        return NULL;
    }
    return p;
}

tw_status tw_policy_create(const tw_model *m, tw_policy **out)
{
    *out = policy_alloc(m->d);
    if (!*out)
        return TW_ERR_NOMEM;
    tw_policy_copy(*out, m->base_policy);
    return TW_OK;
}

void tw_policy_free(tw_policy *p)
{
    if (!p)
        return;
    free(p->tariff);
    free(p->iceberg);
    free(p->export_tax);
    free(p);
}

void tw_policy_copy(tw_policy *dst, const tw_policy *src)
{
    size_t nij = (size_t)src->d.n * src->d.n * src->d.j;
    memcpy(dst->tariff, src->tariff, nij * sizeof(double));
    memcpy(dst->iceberg, src->iceberg, nij * sizeof(double));
    memcpy(dst->export_tax, src->export_tax, nij * sizeof(double));
}

double *tw_policy_tariffs(tw_policy *p) { return p->tariff; }
double *tw_policy_iceberg_hat(tw_policy *p) { return p->iceberg; }
double *tw_policy_export_taxes(tw_policy *p) { return p->export_tax; }
const double *tw_policy_tariffs_const(const tw_policy *p) { return p->tariff; }
const double *tw_policy_iceberg_hat_const(const tw_policy *p) { return p->iceberg; }
const double *tw_policy_export_taxes_const(const tw_policy *p) { return p->export_tax; }

tw_status tw_policy_validate(const tw_model *m, const tw_policy *p, tw_error *err)
{
    tw_dims d = m->d;
    const tw_world *w = m->w;
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++) {
            double reach = 0.0;
            for (int i = 0; i < d.n; i++) {
                size_t at = tw_ix_nij(d, n, i, j);
                const char *imp = w->country_code[n], *exp_ = w->country_code[i],
                           *sec = w->sector_code[j];
                double t = p->tariff[at], x = p->export_tax[at], g = p->iceberg[at];
                if (!isfinite(t) || !(t > -1.0))
                    return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "tariff",
                                   "%s on %s, sector %s: expected a finite rate > -1, got %g",
                                   imp, exp_, sec, t);
                if (!isfinite(x) || !(x > -1.0))
                    return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "export_tax",
                                   "%s on sales to %s, sector %s: expected a finite rate > -1, "
                                   "got %g",
                                   exp_, imp, sec, x);
                if (isnan(g) || !(g > 0.0))
                    return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "iceberg_hat",
                                   "%s from %s, sector %s: expected a change in trade costs > 0, "
                                   "got %g",
                                   imp, exp_, sec, g);
                if (n == i && (t != 0.0 || x != 0.0 || g != 1.0))
                    return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "importer",
                                   "%s, sector %s: a policy cannot apply to a country's sales to "
                                   "itself",
                                   imp, sec);
                if (isfinite(g))
                    reach += m->pi0[at];
            }
            if (m->x0[tw_ix_nj(d, n, j)] > 0 && !(reach > 0.0))
                return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "iceberg_hat",
                               "%s would be cut off from every source of sector %s, which it "
                               "buys: the model has no finite equilibrium",
                               w->country_code[n], w->sector_code[j]);
        }
    return TW_OK;
}

/* ---- equilibria ---- */

tw_equilibrium *tw_equilibrium_create(const tw_model *m)
{
    tw_equilibrium *eq = calloc(1, sizeof *eq);
    if (!eq)
        return NULL;
    tw_dims d = m->d;
    size_t nn = (size_t)d.n, nj = nn * d.j, nij = nj * d.n;
    eq->d = d;
    struct {
        double **p;
        size_t len;
    } plan[] = {{&eq->w_hat, nn},   {&eq->c_hat, nj},     {&eq->p_hat, nj},     {&eq->x, nj},
                {&eq->pi, nij},     {&eq->tariff, nij},   {&eq->export_tax, nij},
                {&eq->iceberg, nij}, {&eq->income, nn},   {&eq->revenue, nn},
                {&eq->xrevenue, nn}, {&eq->deficit, nn},  {&eq->output, nj},  {&eq->cpi_hat, nn}};
    for (size_t k = 0; k < sizeof plan / sizeof *plan; k++) {
        *plan[k].p = calloc(plan[k].len, sizeof(double));
        if (!*plan[k].p) {
            tw_equilibrium_free(eq);
            return NULL;
        }
    }
    return eq;
}

void tw_equilibrium_free(tw_equilibrium *eq)
{
    if (!eq)
        return;
    free(eq->w_hat);
    free(eq->c_hat);
    free(eq->p_hat);
    free(eq->x);
    free(eq->pi);
    free(eq->tariff);
    free(eq->export_tax);
    free(eq->iceberg);
    free(eq->income);
    free(eq->revenue);
    free(eq->xrevenue);
    free(eq->deficit);
    free(eq->output);
    free(eq->cpi_hat);
    free(eq);
}

int tw_equilibrium_solved(const tw_equilibrium *eq) { return eq && eq->solved; }

void tw_equilibrium_copy(tw_equilibrium *dst, const tw_equilibrium *src)
{
    tw_dims d = src->d;
    size_t nn = (size_t)d.n, nj = nn * d.j, nij = nj * d.n;
    memcpy(dst->w_hat, src->w_hat, nn * sizeof(double));
    memcpy(dst->c_hat, src->c_hat, nj * sizeof(double));
    memcpy(dst->p_hat, src->p_hat, nj * sizeof(double));
    memcpy(dst->x, src->x, nj * sizeof(double));
    memcpy(dst->pi, src->pi, nij * sizeof(double));
    memcpy(dst->tariff, src->tariff, nij * sizeof(double));
    memcpy(dst->export_tax, src->export_tax, nij * sizeof(double));
    memcpy(dst->iceberg, src->iceberg, nij * sizeof(double));
    memcpy(dst->income, src->income, nn * sizeof(double));
    memcpy(dst->revenue, src->revenue, nn * sizeof(double));
    memcpy(dst->xrevenue, src->xrevenue, nn * sizeof(double));
    memcpy(dst->deficit, src->deficit, nn * sizeof(double));
    memcpy(dst->output, src->output, nj * sizeof(double));
    memcpy(dst->cpi_hat, src->cpi_hat, nn * sizeof(double));
    dst->solved = src->solved;
    dst->report = src->report;
}

/* ---- model parameters ---- */

void tw_model_free(tw_model *m)
{
    if (!m)
        return;
    free(m->pi0);
    free(m->x0);
    free(m->wl);
    free(m->d_base);
    free(m->d_share);
    free(m->psi);
    free(m->xscale);
    free(m->k.a);
    free(m->k.b);
    free(m->k.r);
    free(m->k.e);
    tw_policy_free(m->base_policy);
    tw_policy_free(m->from_policy);
    tw_policy_free(m->path_policy);
    tw_equilibrium_free(m->base);
    tw_workspace_free(m->ws);
    tw_production_free(m->prod);
    free(m);
}

const tw_world *tw_model_world(const tw_model *m) { return m->w; }

void tw_model_baseline_gap(const tw_model *m, double *value_added, int *va_country,
                           double *absorption, int *abs_country)
{
    double gv = 0.0, ga = 0.0;
    int nv = 0, na = 0;
    for (int n = 0; n < m->d.n; n++) {
        double v = fabs(m->base->w_hat[n] - 1.0);
        if (v > gv) {
            gv = v;
            nv = n;
        }
        double x0 = 0.0, x1 = 0.0;
        for (int j = 0; j < m->d.j; j++) {
            x0 += m->x0[tw_ix_nj(m->d, n, j)];
            x1 += m->base->x[tw_ix_nj(m->d, n, j)];
        }
        double a = fabs(x1 / x0 - 1.0);
        if (a > ga) {
            ga = a;
            na = n;
        }
    }
    if (value_added)
        *value_added = gv;
    if (va_country)
        *va_country = nv;
    if (absorption)
        *absorption = ga;
    if (abs_country)
        *abs_country = na;
}
double tw_model_input_elasticity(const tw_model *m, int j) { return m->prod->sigma[j]; }
int tw_model_input_nested(const tw_model *m, int k, int j)
{
    return m->prod->nest[(size_t)k * (size_t)m->d.j + (size_t)j];
}
tw_solver_report tw_model_baseline_report(const tw_model *m) { return m->base->report; }

/* Own-wage elasticity of each sector's unit cost through the domestic input-output loop:
 * h = (I - G_n' diag(pi_nn))^-1 gamma_n, one small J x J solve per country. Used only to
 * precondition the wage step; it does not enter the equations. */
static int own_cost_elasticity(tw_model *m, double *h)
{
    tw_dims d = m->d;
    const tw_world *w = m->w;
    int J = d.j;
    double *a = malloc((size_t)J * J * sizeof *a);
    lapack_int *piv = malloc((size_t)J * sizeof *piv);
    if (!a || !piv) {
        free(a);
        free(piv);
        return -1;
    }
    for (int n = 0; n < d.n; n++) {
        /* row j: h_j - sum_k gamma^{k,j} pi_nn^k h_k = gamma_j (row-major J x J) */
        for (int j = 0; j < J; j++) {
            for (int k = 0; k < J; k++)
                a[(size_t)j * J + k] = -w->io[tw_ix_nkj(d, n, k, j)] *
                                       m->pi0[tw_ix_nij(d, n, n, k)];
            a[(size_t)j * J + j] += 1.0;
            h[tw_ix_nj(d, n, j)] = w->va[tw_ix_nj(d, n, j)];
        }
        if (LAPACKE_dgesv(LAPACK_ROW_MAJOR, J, 1, a, J, piv, h + tw_ix_nj(d, n, 0), 1) != 0)
            for (int j = 0; j < J; j++)
                h[tw_ix_nj(d, n, j)] = w->va[tw_ix_nj(d, n, j)];
    }
    free(a);
    free(piv);
    return 0;
}

tw_status tw_model_setup(const tw_world *w, const tw_solver_options *opts, tw_model **out,
                         tw_error *err)
{
    *out = NULL;
    tw_model *m = calloc(1, sizeof *m);
    if (!m)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    m->w = w;
    m->d = w->d;
    if (opts)
        m->opt = *opts;
    if (m->opt.tolerance == 0)
        m->opt.tolerance = 1e-10;
    if (m->opt.max_iterations == 0)
        m->opt.max_iterations = 20000;
    if (m->opt.anderson_depth == 0)
        m->opt.anderson_depth = 6;
    if (!(m->opt.tolerance >= 1e-14) || m->opt.tolerance > 1e-2 || m->opt.max_iterations < 0 ||
        m->opt.anderson_depth > 16 ||
        (unsigned)m->opt.deficits > (unsigned)TW_DEFICITS_PROPORTIONAL) {
        tw_model_free(m);
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "solver",
                       "invalid solver options: tolerance must be in [1e-14, 0.01] (double "
                       "precision cannot do better), iterations >= 0, "
                       "Anderson depth <= 16");
    }
    tw_dims d = m->d;
    size_t nn = (size_t)d.n, nj = nn * d.j, nij = nj * d.n;
    m->pi0 = calloc(nij, sizeof(double));
    m->x0 = calloc(nj, sizeof(double));
    m->wl = calloc(nn, sizeof(double));
    m->d_base = calloc(nn, sizeof(double));
    m->d_share = calloc(nn, sizeof(double));
    m->psi = calloc(nn, sizeof(double));
    m->xscale = calloc(nn, sizeof(double));
    m->k.a = calloc(nij, sizeof(double));
    m->k.b = calloc(nij, sizeof(double));
    m->k.r = calloc(nij, sizeof(double));
    m->k.e = calloc(nij, sizeof(double));
    m->base_policy = policy_alloc(d);
    m->from_policy = policy_alloc(d);
    m->path_policy = policy_alloc(d);
    m->base = tw_equilibrium_create(m);
    int depth = m->opt.anderson_depth < 0 ? 0 : m->opt.anderson_depth;
    m->ws = tw_workspace_create(d.n, d.j, tw_model_state_size(m), depth);
    if (!m->pi0 || !m->x0 || !m->wl || !m->d_base || !m->d_share || !m->psi || !m->xscale ||
        !m->k.a || !m->k.b || !m->k.r || !m->k.e || !m->base_policy || !m->from_policy ||
        !m->path_policy || !m->base || !m->ws) {
        tw_model_free(m);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    /* Data trade shares pi_ni^j = flow (1 + tariff) / X_n^j. */
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++) {
            double x = w->absorption[tw_ix_nj(d, n, j)];
            m->x0[tw_ix_nj(d, n, j)] = x;
            for (int i = 0; i < d.n; i++) {
                size_t at = tw_ix_nij(d, n, i, j);
                m->pi0[at] = x > 0 ? w->flow[at] * (1.0 + w->tariff[at]) / x : 0.0;
            }
        }
    for (int n = 0; n < d.n; n++) {
        m->wl[n] = w->wl[n];
        m->d_base[n] = m->opt.deficits == TW_DEFICITS_ZERO ? 0.0 : w->deficit[n];
        m->d_share[n] = m->opt.deficits == TW_DEFICITS_PROPORTIONAL ? w->deficit[n] / w->wl[n]
                                                                     : 0.0;
        double xs = 0.0;
        for (int j = 0; j < d.j; j++)
            xs += w->absorption[tw_ix_nj(d, n, j)];
        m->xscale[n] = xs;
    }
    tw_status pst = tw_production_setup(m, opts, err);
    if (pst) {
        tw_model_free(m);
        return pst;
    }
    if (own_cost_elasticity(m, m->ws->h)) {
        tw_model_free(m);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    /* Own labour-demand elasticity: eps_n = sum_j (labour share of j) theta^j h_nj
     * (share of j's sales that face competition). */
    for (int n = 0; n < d.n; n++) {
        double ld = 0.0, eps = 0.0;
        for (int j = 0; j < d.j; j++) {
            double y = w->output[tw_ix_nj(d, n, j)];
            if (!(y > 0))
                continue;
            double contested = 0.0;
            for (int mm = 0; mm < d.n; mm++)
                contested += w->flow[tw_ix_nij(d, mm, n, j)] *
                             (1.0 - m->pi0[tw_ix_nij(d, mm, n, j)]);
            double l = w->va[tw_ix_nj(d, n, j)] * y;
            ld += l;
            eps += l * w->theta[j] * m->ws->h[tw_ix_nj(d, n, j)] * contested / y;
        }
        m->psi[n] = 1.0 / (1.0 + (ld > 0 ? eps / ld : 0.0));
    }
    /* Today's policy, and the data as the initial point of the baseline solve. */
    memcpy(m->base_policy->tariff, w->tariff, nij * sizeof(double));
    for (size_t k = 0; k < nij; k++)
        m->base_policy->iceberg[k] = 1.0;
    for (int n = 0; n < d.n; n++)
        m->base->w_hat[n] = 1.0;
    for (size_t k = 0; k < nj; k++) {
        m->base->c_hat[k] = 1.0;
        m->base->x[k] = m->x0[k];
    }
    *out = m;
    return TW_OK;
}
