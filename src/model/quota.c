/* SPDX-License-Identifier: MIT */
/* Quotas on the value of bilateral flows (export controls, caps on services): each quota's
 * shadow wedge is an extra unknown of the equilibrium, found from the complementarity
 * conditions wedge >= 0, flow <= cap, wedge (cap - flow) = 0 (docs/quotas.md).
 *
 * The wedge F = 1 + q multiplies the price of the flow like a tariff or an export tax. Price
 * chain of a flow with producer price p, export tax tx, tariff t:
 *   rent to the importer: border value p (1+tx); the importer pays p (1+tx)(1+t) F;
 *   rent to the exporter: border value p (1+tx) F; the importer pays p (1+tx) F (1+t).
 * The cap applies to the border value. The state carries s = ln F for each quota. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/blocks.h"

/* Grows one array of the quota list to cap entries; returns 0 or -1. */
static int grow_one(void **p, size_t size, int cap)
{
    void *np = realloc(*p, (size_t)cap * size);
    if (!np)
        return -1;
    *p = np;
    return 0;
}

static int grow(tw_coeffs *k, int need)
{
    if (need <= k->nq_alloc)
        return 0;
    int cap = need < 16 ? 16 : need;
    if (grow_one((void **)&k->q_at, sizeof *k->q_at, cap) ||
        grow_one((void **)&k->q_n, sizeof *k->q_n, cap) ||
        grow_one((void **)&k->q_i, sizeof *k->q_i, cap) ||
        grow_one((void **)&k->q_j, sizeof *k->q_j, cap) ||
        grow_one((void **)&k->q_cap, sizeof *k->q_cap, cap) ||
        grow_one((void **)&k->q_a0, sizeof *k->q_a0, cap) ||
        grow_one((void **)&k->q_t, sizeof *k->q_t, cap) ||
        grow_one((void **)&k->q_tx, sizeof *k->q_tx, cap) ||
        grow_one((void **)&k->q_rent, sizeof *k->q_rent, cap))
        return -1;
    k->nq_alloc = cap;
    return 0;
}

tw_status tw_model_quotas_prepare(const tw_model *m, tw_workspace *ws, const tw_policy *p)
{
    tw_dims d = m->d;
    int count = 0;
    size_t nij = (size_t)d.n * d.n * d.j;
    if (p->kinds & TW_POLICY_QUOTA) /* else none: every cap is +inf */
        for (size_t at = 0; at < nij; at++)
            count += isfinite(p->quota[at]) != 0;
    if (grow(&ws->k, count))
        return TW_ERR_NOMEM;
    size_t base = (size_t)d.n + 2 * (size_t)d.n * d.j;
    if (tw_workspace_reserve(ws, base + (size_t)count))
        return TW_ERR_NOMEM;
    int q = 0;
    for (int j = 0; j < d.j && count > 0; j++) /* no quotas (most policies): no second pass */
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++) {
                size_t at = tw_ix_nij(d, n, i, j);
                if (!isfinite(p->quota[at]))
                    continue;
                ws->k.q_at[q] = at;
                ws->k.q_n[q] = n;
                ws->k.q_i[q] = i;
                ws->k.q_j[q] = j;
                ws->k.q_cap[q] = p->quota[at];
                ws->k.q_t[q] = p->tariff[at];
                ws->k.q_tx[q] = p->export_tax[at];
                ws->k.q_rent[q] = p->quota_rent[at];
                ws->k.q_a0[q] = 0.0; /* set by tw_model_coeffs */
                q++;
            }
    ws->k.nq = count;
    return TW_OK;
}

/* Where the wedges start in the state: after [ln w_hat (n) | ln c_hat (nj) | X (nj)]. */
static size_t wedge_offset(const tw_model *m)
{
    return (size_t)m->d.n + 2 * (size_t)m->d.n * (size_t)m->d.j;
}

/* The wedge factor F = 1 + q of state entry s; a negative s (an extrapolated iterate) acts as
 * no wedge and is penalised by the residual. */
static double factor(double s) { return s > 0 ? exp(s) : 1.0; }

/* The coefficient a of quota q's flow at wedge state s: a without the wedge times F^-theta. */
static double quota_a(const tw_model *m, const tw_coeffs *k, int q, double s)
{
    return k->q_a0[q] * exp(-m->w->theta[k->q_j[q]] * (s > 0 ? s : 0.0));
}

/* Quota-wedge block (docs/quotas.md). Input: the wedges zq (after [ln w | ln c | X]) and the
 * policy's coefficients of the quota flows without their wedges (ws->k.q_a0, q_t, q_tx).
 * Output: the coefficients a, b, r, e of the quota flows in ws->k (the wedge F enters kappa_hat
 * like a tariff factor; its rent goes to r or e by the holder). No residual. */
static double quota_wedges_forward(const tw_model *m, tw_workspace *ws, const double *z,
                                   double *gz)
{
    (void)gz;
    tw_coeffs *k = &ws->k;
    const double *zq = z + wedge_offset(m);
    for (int q = 0; q < k->nq; q++) {
        size_t at = k->q_at[q];
        double F = factor(zq[q]);
        double t = k->q_t[q], tx = k->q_tx[q];
        double a = quota_a(m, k, q, zq[q]);
        k->a[at] = a;
        /* Shares of the importer's spending a: producer b, importer r, exporter e. */
        k->b[at] = a / ((1.0 + t) * (1.0 + tx) * F);
        if (k->q_rent[q] == TW_RENT_EXPORTER) {
            k->r[at] = a * t / (1.0 + t);
            k->e[at] = a * (1.0 - 1.0 / ((1.0 + tx) * F)) / (1.0 + t);
        } else {
            k->r[at] = a * (t / ((1.0 + t) * F) + (F - 1.0) / F);
            k->e[at] = a * tx / ((1.0 + t) * (1.0 + tx) * F);
        }
    }
    return 0.0;
}

/* Reads the coefficients' bars (tw_trade_coeff_bars) at the quota flows; adds into the bars of
 * the wedges (z) and, if wanted, of the quota flows' tariffs. With s = ln F > 0 and
 * a = a0 F^-theta: da/ds = -theta a, db/ds = -(theta + 1) b; exporter-held rent:
 * dr/ds = -theta r, de/ds = -theta e + b; importer-held: dr/ds = -theta r + a / ((1+t) F),
 * de/ds = -(theta + 1) e. In the tariff (a0 ~ (1+t)^-theta): da/dt = -theta a / (1+t),
 * db/dt = -(theta+1) b / (1+t), de/dt = -(theta+1) e / (1+t), dr/dt = -theta r / (1+t) +
 * a / ((1+t)^2 F) (F = 1 for exporter-held rent). At s <= 0 the coefficients do not depend on
 * s (one-sided derivative zero). */
static void quota_wedges_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                                 const tw_vjp_args *r)
{
    const tw_coeffs *k = &ws->k;
    double *zqb = r->zbar + wedge_offset(m);
    const double *zq = r->z + wedge_offset(m);
    for (int q = 0; q < k->nq; q++) {
        size_t at = k->q_at[q];
        double bar[4];
        tw_trade_coeff_bars(m, ws, a, k->q_n[q], k->q_i[q], k->q_j[q], bar);
        double th = m->w->theta[k->q_j[q]], t = k->q_t[q], s = zq[q], F = factor(s);
        double ka = k->a[at], kb = k->b[at], kr = k->r[at], ke = k->e[at];
        int exporter = k->q_rent[q] == TW_RENT_EXPORTER;
        if (s > 0) {
            double rs = -th * kr + (exporter ? 0.0 : ka / ((1.0 + t) * F));
            double es = exporter ? -th * ke + kb : -(th + 1.0) * ke;
            zqb[q] += bar[0] * (-th * ka) + bar[1] * (-(th + 1.0) * kb) + bar[2] * rs +
                      bar[3] * es;
        }
        if (r->tbar) {
            double op = 1.0 + t;
            double rt = -th * kr / op + ka / (op * op * (exporter ? 1.0 : F));
            r->tbar[at] += bar[0] * (-th * ka / op) + bar[1] * (-(th + 1.0) * kb / op) +
                           bar[2] * rt + bar[3] * (-(th + 1.0) * ke / op);
        }
    }
}

const tw_block tw_block_quota_wedges = {"quota_wedges", "docs/quotas.md (wedges)",
                                        quota_wedges_forward, quota_wedges_reverse};

/* Border value of quota q's flow at wedge state s given the importer's spending X_n^j, the
 * exporter's cost term cpow and the inverse price-index sum inv_s. */
static double border_value(const tw_model *m, const tw_workspace *ws, int q, double s,
                           const double *X, const double *cpow, const double *inv_s)
{
    tw_dims d = m->d;
    const tw_coeffs *k = &ws->k;
    int n = k->q_n[q], i = k->q_i[q], j = k->q_j[q];
    double v = X[tw_ix_nj(d, n, j)] * quota_a(m, k, q, s) * cpow[tw_ix_jn(d, j, i)] *
               inv_s[tw_ix_jn(d, j, n)] / (1.0 + k->q_t[q]);
    if (k->q_rent[q] != TW_RENT_EXPORTER)
        v /= factor(s);
    return v;
}

/* Elasticity of a quota flow's border value to its wedge, less the flow's own share: theta
 * (rent to the exporter) or theta + 1 (to the importer). */
static double step_elasticity(const tw_model *m, const tw_coeffs *k, int q)
{
    return m->w->theta[k->q_j[q]] + (k->q_rent[q] == TW_RENT_EXPORTER ? 0.0 : 1.0);
}

/* Quota-step block (docs/quotas.md, "Complementarity"). Inputs: the wedges zq, ws->x,
 * ws->cpow, ws->inv_s (the trade block's), the policy's quota data in ws->k. Output: the next
 * wedges in gz (after [ln w | ln c | X]) s' = max(0, max(s, 0) + (ln V - ln C) / el), a
 * Newton-like step on ln V that ignores the flow's own share and so contracts. Residual: the
 * natural residual |min(s, (C - V) / C)|, zero exactly when s >= 0, V <= C and one of them
 * holds with equality. */
static double quota_step_forward(const tw_model *m, tw_workspace *ws, const double *z,
                                 double *gz)
{
    const tw_coeffs *k = &ws->k;
    size_t off = wedge_offset(m);
    const double *zq = z + off;
    double *gzq = gz ? gz + off : NULL, res = 0.0;
    for (int q = 0; q < k->nq; q++) {
        double s = zq[q], cap = k->q_cap[q];
        double v = border_value(m, ws, q, s, ws->x, ws->cpow, ws->inv_s);
        double r = fabs(fmin(s, (cap - v) / cap));
        if (!(r <= res))
            res = r;
        if (gzq) {
            double next = v > 0 ? (s > 0 ? s : 0.0) + (log(v) - log(cap)) / step_elasticity(m, k, q)
                                : 0.0;
            gzq[q] = next > 0 ? next : 0.0;
        }
    }
    return res;
}

/* Reads the bars of the next wedges (in r->gbar); adds into the bars of the wedges (z), X,
 * cpow, inv_s and, if wanted, the quota flows' tariffs (ln V contains ln a0 - ln(1 + t), with
 * a0 ~ (1+t)^-theta). Where the projection is active (s' = 0) nothing depends on the inputs. */
static void quota_step_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                               const tw_vjp_args *r)
{
    if (!r->gbar)
        return;
    tw_dims d = m->d;
    const tw_coeffs *k = &ws->k;
    size_t off = wedge_offset(m);
    const double *zq = r->z + off, *gq = r->gbar + off;
    double *zqb = r->zbar + off;
    for (int q = 0; q < k->nq; q++) {
        double s = zq[q], cap = k->q_cap[q], el = step_elasticity(m, k, q);
        double v = border_value(m, ws, q, s, ws->x, ws->cpow, ws->inv_s);
        if (!(v > 0))
            continue;
        double next = (s > 0 ? s : 0.0) + (log(v) - log(cap)) / el;
        if (!(next > 0))
            continue;
        int n = k->q_n[q], i = k->q_i[q], j = k->q_j[q];
        double th = m->w->theta[j], lvb = gq[q] / el; /* bar of ln V */
        if (s > 0)
            zqb[q] += gq[q] + lvb * (-th - (k->q_rent[q] == TW_RENT_EXPORTER ? 0.0 : 1.0));
        a->x[tw_ix_nj(d, n, j)] += lvb / ws->x[tw_ix_nj(d, n, j)];
        a->cpow[tw_ix_jn(d, j, i)] += lvb / ws->cpow[tw_ix_jn(d, j, i)];
        a->inv_s[tw_ix_jn(d, j, n)] += lvb / ws->inv_s[tw_ix_jn(d, j, n)];
        if (r->tbar)
            r->tbar[k->q_at[q]] += -(th + 1.0) * lvb / (1.0 + k->q_t[q]);
    }
}

const tw_block tw_block_quota_step = {"quota_step", "docs/quotas.md (complementarity)",
                                      quota_step_forward, quota_step_reverse};

void tw_quota_write_eq(const tw_model *m, const tw_workspace *ws, const double *zq,
                       const double *X, const double *cpow, const double *inv_s,
                       tw_equilibrium *eq)
{
    tw_dims d = m->d;
    const tw_coeffs *k = &ws->k;
    /* eq's policy in force has a wedge array when the solve had quotas (tw_model_solve). */
    if (eq->quota_wedge)
        memset(eq->quota_wedge, 0, (size_t)d.n * d.n * d.j * sizeof(double));
    memset(eq->quota_rent, 0, (size_t)d.n * sizeof(double));
    for (int q = 0; q < k->nq; q++) {
        double F = factor(zq[q]);
        int n = k->q_n[q], i = k->q_i[q];
        if (eq->quota_wedge)
            eq->quota_wedge[k->q_at[q]] = F - 1.0;
        double border = border_value(m, ws, q, zq[q], X, cpow, inv_s);
        /* The rent is the part of the price due to the wedge (see the price chain above). */
        if (k->q_rent[q] == TW_RENT_EXPORTER) {
            double rent = border * (F - 1.0) / F;
            eq->quota_rent[i] += rent;
            eq->xrevenue[i] -= rent;
        } else {
            double rent = border * (1.0 + k->q_t[q]) * (F - 1.0);
            eq->quota_rent[n] += rent;
            eq->revenue[n] -= rent;
        }
    }
}

double tw_equilibrium_border_value(const tw_equilibrium *eq, int n, int i, int j)
{
    tw_dims d = eq->d;
    size_t at = tw_ix_nij(d, n, i, j);
    double v = eq->x[tw_ix_nj(d, n, j)] * eq->pi[at] / (1.0 + eq->tariff[at]);
    if (!eq->quota_holder || eq->quota_holder[at] != TW_RENT_EXPORTER)
        v /= 1.0 + tw_eq_quota_wedge(eq, at);
    return v;
}

double tw_equilibrium_quota_wedge(const tw_equilibrium *eq, int n, int i, int j)
{
    return tw_eq_quota_wedge(eq, tw_ix_nij(eq->d, n, i, j));
}
