/* SPDX-License-Identifier: MIT */
/* Model parameters derived from a world, policy states and equilibrium buffers. */
#include <lapacke.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/error.h"
#include "model/model_internal.h"
#include "model/model_setup.h"
#include "model/production.h"
#include "model/provenance.h"
#include "model/blocks.h"
#include "model/specific.h"
#include "model/liberation.h"
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
    /* Both callers write tariff and iceberg whole (tw_policy_create, tw_model_create). */
    p->tariff = malloc(nij * sizeof(double));
    p->iceberg = malloc(nij * sizeof(double));
    p->export_tax = calloc(nij, sizeof(double));
    p->quota = malloc(nij * sizeof(double));
    p->quota_rent = calloc(nij, 1);
    if (!p->tariff || !p->iceberg || !p->export_tax || !p->quota || !p->quota_rent) {
        tw_policy_free(p);
        return NULL;
    }
    for (size_t k = 0; k < nij; k++)
        p->quota[k] = INFINITY;
    return p;
}

tw_status tw_policy_create(const tw_model *m, tw_policy **out)
{
    /* Today's policy: the data's tariffs, nothing else (the model keeps no copy of it once
     * its baseline is solved: m->base_policy is NULL then). */
    tw_policy *p = policy_alloc(m->d);
    *out = p;
    if (!p)
        return TW_ERR_NOMEM;
    size_t nij = (size_t)m->d.n * m->d.n * m->d.j;
    memcpy(p->tariff, m->w->tariff, nij * sizeof(double));
    for (size_t k = 0; k < nij; k++)
        p->iceberg[k] = 1.0;
    return TW_OK;
}

void tw_policy_free(tw_policy *p)
{
    if (!p)
        return;
    free(p->tariff);
    free(p->iceberg);
    free(p->export_tax);
    free(p->quota);
    free(p->quota_rent);
    tw_provenance_free(p->prov);
    free(p);
}

void tw_policy_copy(tw_policy *dst, const tw_policy *src)
{
    size_t nij = (size_t)src->d.n * src->d.n * src->d.j;
    memcpy(dst->tariff, src->tariff, nij * sizeof(double));
    memcpy(dst->iceberg, src->iceberg, nij * sizeof(double));
    memcpy(dst->export_tax, src->export_tax, nij * sizeof(double));
    memcpy(dst->quota, src->quota, nij * sizeof(double));
    memcpy(dst->quota_rent, src->quota_rent, nij);
    /* Or-ed, not copied: pointers to dst's arrays handed out before stay writable. */
    tw_policy_mark(dst, src->kinds);
    /* dst's record of where its entries came from no longer applies. Copying src's needs
     * memory: callers that keep it call tw_provenance_copy (model/provenance.h). */
    tw_provenance_free(dst->prov);
    dst->prov = NULL;
}

double *tw_policy_tariffs(tw_policy *p) { return p->tariff; }
/* A writable array handed out may be written at any time after: its kind is marked now. */
double *tw_policy_iceberg_hat(tw_policy *p)
{
    tw_policy_mark(p, TW_POLICY_ICEBERG);
    return p->iceberg;
}
double *tw_policy_export_taxes(tw_policy *p)
{
    tw_policy_mark(p, TW_POLICY_EXPORT_TAX);
    return p->export_tax;
}
const double *tw_policy_tariffs_const(const tw_policy *p) { return p->tariff; }
const double *tw_policy_iceberg_hat_const(const tw_policy *p) { return p->iceberg; }
const double *tw_policy_export_taxes_const(const tw_policy *p) { return p->export_tax; }
double *tw_policy_quotas(tw_policy *p)
{
    tw_policy_mark(p, TW_POLICY_QUOTA);
    return p->quota;
}
const double *tw_policy_quotas_const(const tw_policy *p) { return p->quota; }
unsigned char *tw_policy_quota_rent(tw_policy *p)
{
    tw_policy_mark(p, TW_POLICY_QUOTA);
    return p->quota_rent;
}
const unsigned char *tw_policy_quota_rent_const(const tw_policy *p) { return p->quota_rent; }

/* Fails with TW_ERR_INPUT at the source of entry `at` of kind in p, if it has one (the
 * shock-file row or scenario event that set it: file, line, column and its field), else
 * without a position and with `field`. */
static tw_status entry_fail(tw_error *err, const tw_policy *p, tw_prov_kind kind, size_t at,
                            const char *field, const char *fmt, ...) TW_PRINTF(6, 7);
static tw_status entry_fail(tw_error *err, const tw_policy *p, tw_prov_kind kind, size_t at,
                            const char *field, const char *fmt, ...)
{
    char msg[sizeof err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const tw_prov_source *src = tw_provenance_of(p, kind, at);
    if (src)
        return tw_fail(err, TW_ERR_INPUT, src->file, src->line, src->column,
                       *src->field ? src->field : field, "%s", msg);
    return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, field, "%s", msg);
}

/* 1 if every v[k] (k < n) is a finite rate > -1 (NaN fails both comparisons). On x86-64 two
 * lanes at a time, the lanes' masks and-ed across the loop (gcc does not vectorise it). */
static int rates_ok(const double *v, size_t n)
{
    size_t k = 0;
    int ok = 1;
#if defined(__SSE2__)
    const __m128d lo = _mm_set1_pd(-1.0), hi = _mm_set1_pd(INFINITY);
    __m128d all = _mm_castsi128_pd(_mm_set1_epi32(-1));
    for (; k + 2 <= n; k += 2) {
        __m128d x = _mm_loadu_pd(v + k);
        all = _mm_and_pd(all, _mm_and_pd(_mm_cmpgt_pd(x, lo), _mm_cmplt_pd(x, hi)));
    }
    ok = _mm_movemask_pd(all) == 3;
#endif
    for (; k < n; k++)
        ok &= (v[k] > -1.0) & (v[k] < INFINITY);
    return ok;
}

/* 1 if every check of tw_policy_validate passes for p without embargoes (no iceberg kind):
 * one branch-free pass per array p may have changed (p->kinds) and one over the diagonal.
 * 0 means only that the detailed checks must run (they name the first failing entry). */
static int policy_clean(const tw_model *m, const tw_policy *p)
{
    tw_dims d = m->d;
    size_t nij = (size_t)d.n * d.n * d.j;
    if ((p->kinds & TW_POLICY_ICEBERG) || m->unsourced)
        return 0;
    int ok = rates_ok(p->tariff, nij);
    if (p->kinds & TW_POLICY_EXPORT_TAX)
        ok &= rates_ok(p->export_tax, nij);
    if (p->kinds & TW_POLICY_QUOTA)
        for (size_t k = 0; k < nij; k++)
            ok &= (p->quota[k] > 0.0) & (p->quota_rent[k] <= TW_RENT_EXPORTER);
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++) {
            size_t at = tw_ix_nij(d, n, n, j);
            ok &= (p->tariff[at] == 0.0) & (p->export_tax[at] == 0.0) &
                  !isfinite(p->quota[at]);
        }
    return ok;
}

tw_status tw_policy_validate(const tw_model *m, const tw_policy *p, tw_error *err)
{
    if (policy_clean(m, p))
        return TW_OK;
    tw_dims d = m->d;
    const tw_world *w = m->w;
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++) {
            double reach = 0.0;
            size_t last_cut = 0; /* the bought-from entry whose cut came from the latest row */
            int last_src = -1;
            for (int i = 0; i < d.n; i++) {
                size_t at = tw_ix_nij(d, n, i, j);
                const char *imp = w->country_code[n], *exp_ = w->country_code[i],
                           *sec = w->sector_code[j];
                double t = p->tariff[at], x = p->export_tax[at], g = p->iceberg[at];
                if (!isfinite(t) || !(t > -1.0))
                    return entry_fail(err, p, TW_PROV_TARIFF, at, "tariff",
                                      "%s on %s, sector %s: expected a finite rate > -1, got %g",
                                      imp, exp_, sec, t);
                if (!isfinite(x) || !(x > -1.0))
                    return entry_fail(err, p, TW_PROV_EXPORT_TAX, at, "export_tax",
                                      "%s on sales to %s, sector %s: expected a finite rate > "
                                      "-1, got %g",
                                      exp_, imp, sec, x);
                if (isnan(g) || !(g > 0.0))
                    return entry_fail(err, p, TW_PROV_ICEBERG, at, "iceberg_hat",
                                      "%s from %s, sector %s: expected a change in trade costs "
                                      "> 0, got %g",
                                      imp, exp_, sec, g);
                double q = p->quota[at];
                if (isnan(q) || !(q > 0.0))
                    return entry_fail(err, p, TW_PROV_QUOTA, at, "quota",
                                      "%s from %s, sector %s: expected a cap > 0 on the flow's "
                                      "value (or +inf for none; a ban is an embargo), got %g",
                                      imp, exp_, sec, q);
                if (p->quota_rent[at] > TW_RENT_EXPORTER)
                    return entry_fail(err, p, TW_PROV_QUOTA, at, "quota_rent",
                                      "%s from %s, sector %s: unknown quota-rent holder %d", imp,
                                      exp_, sec, (int)p->quota_rent[at]);
                if (n == i && (t != 0.0 || x != 0.0 || g != 1.0 || isfinite(q)))
                    return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "importer",
                                   "%s, sector %s: a policy cannot apply to a country's sales to "
                                   "itself",
                                   imp, sec);
                if (isfinite(g))
                    reach += m->pi0[at];
                else if (m->pi0[at] > 0.0) {
                    int k = tw_provenance_index(p, TW_PROV_ICEBERG, at);
                    if (k > last_src) {
                        last_src = k;
                        last_cut = at;
                    }
                }
            }
            if (m->x0[tw_ix_nj(d, n, j)] > 0 && !(reach > 0.0)) {
                if (last_src >= 0) /* name the row that cut the last source */
                    return entry_fail(err, p, TW_PROV_ICEBERG, last_cut, "iceberg_hat",
                                      "%s would be cut off from every source of sector %s, "
                                      "which it buys (this cut its last source, from %s): the "
                                      "model has no finite equilibrium",
                                      w->country_code[n], w->sector_code[j],
                                      w->country_code[last_cut % (size_t)d.n]);
                return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "iceberg_hat",
                               "%s would be cut off from every source of sector %s, which it "
                               "buys: the model has no finite equilibrium",
                               w->country_code[n], w->sector_code[j]);
            }
        }
    return TW_OK;
}

/* ---- equilibria ---- */

/* ---- the policy in force of an equilibrium (model/model_internal.h) ---- */

/* 1 if some entry of v[0..n) is not the bits of dflt (so -0.0 is kept apart from 0.0). */
static int any_other(const double *v, size_t n, double dflt)
{
    for (size_t k = 0; k < n; k++)
        if (v[k] != dflt || signbit(v[k]) != signbit(dflt))
            return 1;
    return 0;
}

tw_in_force *tw_in_force_create(const tw_policy *p, int quotas)
{
    tw_in_force *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    atomic_init(&f->refs, 1);
    size_t nij = (size_t)p->d.n * p->d.n * p->d.j;
    /* Arrays of kinds p has never had written are at their defaults: not scanned. */
    int tx = (p->kinds & TW_POLICY_EXPORT_TAX) && any_other(p->export_tax, nij, 0.0);
    int ice = (p->kinds & TW_POLICY_ICEBERG) && any_other(p->iceberg, nij, 1.0);
    if (!(f->tariff = malloc(nij * sizeof(double))) ||
        (tx && !(f->export_tax = malloc(nij * sizeof(double)))) ||
        (ice && !(f->iceberg = malloc(nij * sizeof(double)))) ||
        (quotas && (!(f->quota_wedge = calloc(nij, sizeof(double))) ||
                    !(f->quota_holder = malloc(nij))))) {
        tw_in_force_release(f);
        return NULL;
    }
    memcpy(f->tariff, p->tariff, nij * sizeof(double));
    if (tx)
        memcpy(f->export_tax, p->export_tax, nij * sizeof(double));
    if (ice)
        memcpy(f->iceberg, p->iceberg, nij * sizeof(double));
    if (quotas)
        memcpy(f->quota_holder, p->quota_rent, nij);
    return f;
}

void tw_in_force_release(tw_in_force *f)
{
    if (!f || atomic_fetch_sub_explicit(&f->refs, 1, memory_order_acq_rel) != 1)
        return;
    free(f->tariff);
    free(f->export_tax);
    free(f->iceberg);
    free(f->quota_wedge);
    free(f->quota_holder);
    free(f);
}

void tw_equilibrium_set_in_force(tw_equilibrium *eq, tw_in_force *f)
{
    tw_in_force_release(eq->in_force);
    eq->in_force = f;
    eq->tariff = f ? f->tariff : NULL;
    eq->export_tax = f ? f->export_tax : NULL;
    eq->iceberg = f ? f->iceberg : NULL;
    eq->quota_wedge = f ? f->quota_wedge : NULL;
    eq->quota_holder = f ? f->quota_holder : NULL;
}

/* ---- equilibria ---- */

/* The arrays an equilibrium owns and their lengths, in one place for create, free and copy
 * (the policy in force is shared: see tw_in_force). */
enum { EQ_ARRAYS = 13 };
static void eq_arrays(tw_equilibrium *eq, tw_dims d, double **ptr[EQ_ARRAYS],
                      size_t len[EQ_ARRAYS])
{
    size_t nn = (size_t)d.n, nj = nn * d.j, nij = nj * d.n;
    double **p[EQ_ARRAYS] = {&eq->w_hat,   &eq->c_hat,   &eq->p_hat,    &eq->x,
                             &eq->pi,      &eq->income,  &eq->revenue,  &eq->xrevenue,
                             &eq->deficit, &eq->output,  &eq->cpi_hat,  &eq->quota_rent,
                             &eq->l_hat};
    size_t l[EQ_ARRAYS] = {nn, nj, nj, nj, nij, nn, nn, nn, nn, nj, nn, nn, nn};
    for (int k = 0; k < EQ_ARRAYS; k++) {
        ptr[k] = p[k];
        len[k] = l[k];
    }
}

tw_equilibrium *tw_equilibrium_create(const tw_model *m)
{
    tw_equilibrium *eq = calloc(1, sizeof *eq);
    if (!eq)
        return NULL;
    eq->d = m->d;
    double **ptr[EQ_ARRAYS];
    size_t len[EQ_ARRAYS];
    eq_arrays(eq, eq->d, ptr, len);
    for (int k = 0; k < EQ_ARRAYS; k++)
        if (!(*ptr[k] = calloc(len[k], sizeof(double)))) {
            tw_equilibrium_free(eq);
            return NULL;
        }
    /* Until a solve: no policy, zero tariffs (untouched zero pages). */
    tw_in_force *f = calloc(1, sizeof *f);
    if (!f || !(f->tariff = calloc(len[4], sizeof(double)))) {
        free(f);
        tw_equilibrium_free(eq);
        return NULL;
    }
    atomic_init(&f->refs, 1);
    tw_equilibrium_set_in_force(eq, f);
    return eq;
}

void tw_equilibrium_free(tw_equilibrium *eq)
{
    if (!eq)
        return;
    double **ptr[EQ_ARRAYS];
    size_t len[EQ_ARRAYS];
    eq_arrays(eq, eq->d, ptr, len);
    for (int k = 0; k < EQ_ARRAYS; k++)
        free(*ptr[k]);
    tw_in_force_release(eq->in_force);
    free(eq);
}

int tw_equilibrium_solved(const tw_equilibrium *eq) { return eq && eq->solved; }

void tw_equilibrium_copy(tw_equilibrium *dst, const tw_equilibrium *src)
{
    if (dst == src)
        return;
    double **to[EQ_ARRAYS], **from[EQ_ARRAYS];
    size_t len[EQ_ARRAYS];
    eq_arrays(dst, dst->d, to, len);
    eq_arrays((tw_equilibrium *)src, src->d, from, len);
    for (int k = 0; k < EQ_ARRAYS; k++)
        memcpy(*to[k], *from[k], len[k] * sizeof(double));
    atomic_fetch_add_explicit(&src->in_force->refs, 1, memory_order_relaxed);
    tw_equilibrium_set_in_force(dst, src->in_force);
    dst->solved = src->solved;
    dst->report = src->report;
}

/* ---- options: every default is set here and nowhere else ---- */

void tw_solver_options_init(tw_solver_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->tolerance = 1e-10;
    o->max_iterations = 20000;
    o->anderson_depth = 6;
}

void tw_model_options_init(tw_model_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->deficits = TW_DEFICITS_FIXED;
    tw_solver_options_init(&o->solver);
}

tw_status tw_solver_options_check(const tw_solver_options *o, tw_error *err)
{
    if (!(o->tolerance >= 1e-14) || !(o->tolerance <= 1e-2))
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "tolerance",
                       "solver tolerance must be in [1e-14, 0.01] (double precision cannot do "
                       "better), got %g (initialise options with tw_solver_options_init)",
                       o->tolerance);
    if (o->max_iterations < 1)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "max_iterations",
                       "the iteration budget must be at least 1, got %d", o->max_iterations);
    if (o->anderson_depth > 16)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "anderson_depth",
                       "the Anderson depth must be at most 16 (negative disables it), got %d",
                       o->anderson_depth);
    return TW_OK;
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
    free(m->h);
    free(m->own_only);
    tw_policy_free(m->base_policy);
    tw_equilibrium_free(m->base);
    tw_production_free(m->prod);
    tw_specific_free(m->spec);
    if (m->theta_view)
        free(m->theta_view->theta);
    free(m->theta_view);
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
static int own_cost_elasticity(const tw_model *m, double *h)
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

/* The theta option (tw_model_options.theta): m works on a shallow copy of w's struct that
 * shares every array but its own theta, so nothing of the world is copied but J numbers. */
static tw_status theta_view(tw_model *m, const tw_world *w, const double *theta, tw_error *err)
{
    for (int j = 0; j < w->d.j; j++)
        if (!(theta[j] > 0 && theta[j] <= 1000))
            return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "theta",
                           "the trade elasticity of sector %s must be > 0 and <= 1000, got %g",
                           w->sector_code[j], theta[j]);
    struct tw_world *v = malloc(sizeof *v);
    double *t = malloc((size_t)w->d.j * sizeof *t);
    if (!v || !t) {
        free(v);
        free(t);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    *v = *w;
    memcpy(t, theta, (size_t)w->d.j * sizeof *t);
    v->theta = t;
    m->theta_view = v;
    m->w = v;
    return TW_OK;
}

/* m->own_only from m->pi0 (NULL if no row has a single entry). @return 0, or -1 out of
 * memory. */
static int own_only_rows(tw_model *m)
{
    tw_dims d = m->d;
    int any = 0;
    unsigned char *own = malloc((size_t)d.n * d.j);
    if (!own)
        return -1;
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++) {
            int one = 1;
            for (int i = 0; i < d.n && one; i++)
                one = i == n || !(m->pi0[tw_ix_nij(d, n, i, j)] != 0.0);
            own[tw_ix_jn(d, j, n)] = (unsigned char)one;
            any |= one;
        }
    if (!any) {
        free(own);
        own = NULL;
    }
    m->own_only = own;
    return 0;
}

tw_status tw_model_setup(const tw_world *w, const tw_model_options *opts, tw_model **out,
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
    else
        tw_model_options_init(&m->opt);
    tw_status ost = tw_solver_options_check(&m->opt.solver, err);
    if (!ost && !(m->opt.memory_limit >= 0 && m->opt.memory_limit < 1e300))
        ost = tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "memory_limit",
                      "the memory limit must be a number of bytes >= 0 (0: the memory "
                      "available), got %g",
                      m->opt.memory_limit);
    if (!ost && (unsigned)m->opt.deficits > (unsigned)TW_DEFICITS_PROPORTIONAL)
        ost = tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "deficits", "unknown deficit closure %d",
                      (int)m->opt.deficits);
    if (!ost && m->opt.theta)
        ost = theta_view(m, w, m->opt.theta, err);
    m->opt.theta = NULL; /* read now, not kept */
    if (ost) {
        tw_model_free(m);
        return ost;
    }
    w = m->w;
    tw_dims d = m->d;
    size_t nn = (size_t)d.n, nj = nn * d.j, nij = nj * d.n;
    /* pi0, x0, wl, d_base, d_share and xscale are written whole just below. */
    m->pi0 = malloc(nij * sizeof(double));
    m->x0 = malloc(nj * sizeof(double));
    m->wl = malloc(nn * sizeof(double));
    m->d_base = malloc(nn * sizeof(double));
    m->d_share = malloc(nn * sizeof(double));
    m->psi = calloc(nn, sizeof(double));
    m->xscale = malloc(nn * sizeof(double));
    m->h = calloc(nj, sizeof(double));
    m->base_policy = policy_alloc(d);
    m->base = tw_equilibrium_create(m);
    if (!m->pi0 || !m->x0 || !m->wl || !m->d_base || !m->d_share || !m->psi || !m->xscale ||
        !m->h || !m->base_policy || !m->base) {
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
    if (own_only_rows(m)) {
        tw_model_free(m);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    /* The sourcing check of tw_policy_validate with every iceberg finite, the same sums. */
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++) {
            double reach = 0.0;
            for (int i = 0; i < d.n; i++)
                reach += m->pi0[tw_ix_nij(d, n, i, j)];
            m->unsourced |= m->x0[tw_ix_nj(d, n, j)] > 0 && !(reach > 0.0);
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
    if (own_cost_elasticity(m, m->h)) {
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
            eps += l * w->theta[j] * m->h[tw_ix_nj(d, n, j)] * contested / y;
        }
        m->psi[n] = 1.0 / (1.0 + (ld > 0 ? eps / ld : 0.0));
    }
    tw_status sst = tw_specific_setup(m, err);
    if (!sst)
        sst = tw_liberation_setup(m, err);
    if (!sst)
        sst = tw_profits_setup(m, err); /* src/model/profits.c */
    if (sst) {
        tw_model_free(m);
        return sst;
    }
    /* Today's policy, and the data as the initial point of the baseline solve. */
    memcpy(m->base_policy->tariff, w->tariff, nij * sizeof(double));
    for (size_t k = 0; k < nij; k++)
        m->base_policy->iceberg[k] = 1.0;
    for (int n = 0; n < d.n; n++) {
        m->base->w_hat[n] = 1.0;
        m->base->l_hat[n] = 1.0;
    }
    for (size_t k = 0; k < nj; k++) {
        m->base->c_hat[k] = 1.0;
        m->base->x[k] = m->x0[k];
    }
    *out = m;
    return TW_OK;
}
