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

#include "model/model_internal.h"
#include "model/workspace.h"

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
    for (size_t at = 0; at < nij; at++)
        count += isfinite(p->quota[at]) != 0;
    if (grow(&ws->k, count))
        return TW_ERR_NOMEM;
    size_t base = (size_t)d.n + 2 * (size_t)d.n * d.j;
    if (tw_workspace_reserve(ws, base + (size_t)count))
        return TW_ERR_NOMEM;
    int q = 0;
    for (int j = 0; j < d.j; j++)
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

/* The wedge factor F = 1 + q of state entry s; a negative s (an extrapolated iterate) acts as
 * no wedge and is penalised by the residual. */
static double factor(double s) { return s > 0 ? exp(s) : 1.0; }

void tw_quota_coeffs_from_state(const tw_model *m, tw_workspace *ws, const double *zq)
{
    const tw_world *w = m->w;
    tw_coeffs *k = &ws->k;
    for (int q = 0; q < k->nq; q++) {
        size_t at = k->q_at[q];
        double s = zq[q] > 0 ? zq[q] : 0.0;
        double F = exp(s);
        double t = k->q_t[q], tx = k->q_tx[q];
        double a = k->q_a0[q] * exp(-w->theta[k->q_j[q]] * s);
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
}

/* Border value of quota q's flow given the importer's spending X_n^j, the exporter's cost
 * term cpow and the inverse price-index sum inv_s. */
static double border_value(const tw_model *m, const tw_workspace *ws, int q, double s, const double *X,
                           const double *cpow, const double *inv_s)
{
    tw_dims d = m->d;
    const tw_coeffs *k = &ws->k;
    int n = k->q_n[q], i = k->q_i[q], j = k->q_j[q];
    double v = X[tw_ix_nj(d, n, j)] * k->a[k->q_at[q]] * cpow[(size_t)j * d.n + i] *
               inv_s[(size_t)j * d.n + n] / (1.0 + k->q_t[q]);
    if (k->q_rent[q] != TW_RENT_EXPORTER)
        v /= factor(s);
    return v;
}

double tw_quota_residual_step(const tw_model *m, const tw_workspace *ws, const double *zq, const double *X,
                              const double *cpow, const double *inv_s, double *gzq)
{
    const tw_coeffs *k = &ws->k;
    double res = 0.0;
    for (int q = 0; q < k->nq; q++) {
        double s = zq[q], cap = k->q_cap[q];
        double v = border_value(m, ws, q, s, X, cpow, inv_s);
        /* Natural residual of the complementarity problem: min(s, (cap - v) / cap) is zero
         * exactly when s >= 0, v <= cap and one of them holds with equality. */
        double r = fabs(fmin(s, (cap - v) / cap));
        if (!(r <= res))
            res = r;
        if (gzq) {
            /* Newton-like step on ln v: the border value falls with the wedge at elasticity
             * theta (rent to the exporter) or theta + 1 (rent to the importer), less the
             * flow's own share; ignoring the share makes the step a contraction. */
            double el = m->w->theta[k->q_j[q]] + (k->q_rent[q] == TW_RENT_EXPORTER ? 0.0 : 1.0);
            double next = v > 0 ? (s > 0 ? s : 0.0) + (log(v) - log(cap)) / el : 0.0;
            gzq[q] = next > 0 ? next : 0.0;
        }
    }
    return res;
}

void tw_quota_write_eq(const tw_model *m, const tw_workspace *ws, const double *zq, const double *X, const double *cpow,
                       const double *inv_s, tw_equilibrium *eq)
{
    tw_dims d = m->d;
    const tw_coeffs *k = &ws->k;
    memset(eq->quota_wedge, 0, (size_t)d.n * d.n * d.j * sizeof(double));
    memset(eq->quota_rent, 0, (size_t)d.n * sizeof(double));
    for (int q = 0; q < k->nq; q++) {
        double F = factor(zq[q]);
        int n = k->q_n[q], i = k->q_i[q];
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
    if (eq->quota_holder[at] != TW_RENT_EXPORTER)
        v /= 1.0 + eq->quota_wedge[at];
    return v;
}

double tw_equilibrium_quota_wedge(const tw_equilibrium *eq, int n, int i, int j)
{
    return eq->quota_wedge[tw_ix_nij(eq->d, n, i, j)];
}
