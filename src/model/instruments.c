/* SPDX-License-Identifier: MIT */
/* Instruments block: a policy's tariffs, export taxes and iceberg costs as the coefficients of
 * the trade block (docs/model.md eq. (2), kappa_hat), computed once per policy rather than per
 * map evaluation, and the reverse: tariff bars from the coefficients' bars. Quota flows take
 * their coefficients from the wedges in the state (src/model/quota.c). */
#include <math.h>
#include <string.h>

#include "model/blocks.h"
#include "model/liberation.h"

/* 1 if the prepared quota list is exactly p's quotas (same flows, caps and rent holders). */
static int quotas_match(const tw_workspace *ws, const tw_policy *p)
{
    for (int q = 0; q < ws->k.nq; q++) {
        size_t at = ws->k.q_at[q];
        if (p->quota[at] != ws->k.q_cap[q] || p->quota_rent[at] != ws->k.q_rent[q])
            return 0;
    }
    return 1;
}

/* One row (importer n, sector j) of the coefficients, any policy. Sets *any_tx if an export
 * tax is nonzero and *e_dirty if an e written is not +0. */
static void coeff_row(const tw_model *m, tw_workspace *ws, const tw_policy *p, int n, int j,
                      int e_all, int *any_tx, int *e_dirty)
{
    tw_dims d = m->d;
    const tw_world *w = m->w;
    const double th = w->theta[j];
    /* docs/model.md §2c (L1), (L3): 1 and 1 without blocks.csv. */
    const double phi = tw_destination_phi(m, n), keep = tw_destination_keep(m, n);
    for (int i = 0; i < d.n; i++) {
        size_t at = tw_ix_nij(d, n, i, j);
        double t0 = w->tariff[at], t1 = p->tariff[at], tx = p->export_tax[at];
        double ice = p->iceberg[at];
        double a = 0.0;
        /* docs/model.md eq. (2): kappa_hat = (1+t')/(1+t) (1+tx') d_hat; the data carry no
         * export taxes. An embargo (d_hat = inf) removes the flow. */
        if (m->pi0[at] > 0 && isfinite(ice)) {
            double kappa = (1.0 + t1) / (1.0 + t0) * (1.0 + tx) * ice;
            /* kappa == 1 (most flows of a targeted shock): the same value, pi0 exp(-0),
             * without the logarithm and exponential. */
            a = kappa == 1.0 ? m->pi0[at] : m->pi0[at] * exp(-th * log(kappa));
            if (phi != 1.0) /* eq. (L1) */
                a = m->pi0[at] *
                    exp(-th * (phi * log((1.0 + t1) / (1.0 + t0)) + log((1.0 + tx) * ice)));
        }
        ws->k.a[at] = a;
        ws->k.b[at] = a / ((1.0 + t1) * (1.0 + tx)) * keep;
        ws->k.r[at] = a * t1 / (1.0 + t1);
        /* With tx = +0, e = a tx / ... = +0 (a >= 0): what a clean k.e holds. */
        if (e_all || tx != 0.0 || signbit(tx)) {
            double e = a * tx / ((1.0 + t1) * (1.0 + tx));
            ws->k.e[at] = e;
            *e_dirty |= e != 0.0 || signbit(e);
        }
        *any_tx |= tx != 0.0;
    }
}

/* The same row for a policy of tariffs only (tx = +0 and d_hat = 1 everywhere) without the
 * destination block (phi = 1): coeff_row's operations with those values, which change no bit
 * ((1 + 0) and * 1 are exact, e is +0), in passes the compiler vectorises; the logarithm and
 * exponential only in rows whose tariffs changed, where kappa != 1. */
static void coeff_row_tariffs(const double *restrict pi0, const double *restrict t0,
                              const double *restrict t1, double th, double keep, int N,
                              double *restrict a, double *restrict b, double *restrict r)
{
    for (int i = 0; i < N; i++)
        a[i] = pi0[i] > 0 ? pi0[i] : 0.0;
    /* Tariffs with the data's bits give kappa = (1+t)/(1+t) = 1 exactly: no other work. */
    if (memcmp(t1, t0, (size_t)N * sizeof *t0) != 0)
        for (int i = 0; i < N; i++) {
            double kappa = (1.0 + t1[i]) / (1.0 + t0[i]);
            if (pi0[i] > 0 && kappa != 1.0)
                a[i] = pi0[i] * exp(-th * log(kappa));
        }
    for (int i = 0; i < N; i++) {
        b[i] = a[i] / (1.0 + t1[i]) * keep;
        r[i] = a[i] * t1[i] / (1.0 + t1[i]);
    }
}

void tw_model_coeffs(const tw_model *m, tw_workspace *ws, const tw_policy *p)
{
    tw_dims d = m->d;
    const tw_world *w = m->w;
    int any_tx = 0, nq = 0, e_dirty = 0;
    const int e_all = ws->e_dirty;
    /* Arrays p never had written are at their defaults (tw_policy.kinds). */
    const int tariffs_only = !(p->kinds & (TW_POLICY_EXPORT_TAX | TW_POLICY_ICEBERG));
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++) {
            size_t at = tw_ix_nij(d, n, 0, j);
            if (!tariffs_only || tw_destination_phi(m, n) != 1.0) {
                coeff_row(m, ws, p, n, j, e_all, &any_tx, &e_dirty);
                continue;
            }
            coeff_row_tariffs(m->pi0 + at, w->tariff + at, p->tariff + at, w->theta[j],
                              tw_destination_keep(m, n), d.n, ws->k.a + at, ws->k.b + at,
                              ws->k.r + at);
            if (e_all) /* e = a tx / ... = +0 */
                memset(ws->k.e + at, 0, (size_t)d.n * sizeof *ws->k.e);
        }
    if (p->kinds & TW_POLICY_QUOTA) /* else every cap is +inf */
        for (size_t at = 0; at < (size_t)d.n * d.n * d.j; at++)
            nq += isfinite(p->quota[at]) != 0;
    /* The quota list must be p's (tw_model_quotas_prepare). A caller that did not prepare it
     * (code using the map directly) gets it here; if that allocation fails, the map reports an
     * infinite residual rather than ignoring the quotas. */
    ws->k.quota_broken = 0;
    if (nq != ws->k.nq || (nq && !quotas_match(ws, p)))
        ws->k.quota_broken = tw_model_quotas_prepare(m, ws, p) != TW_OK;
    /* Quotas: remember each flow's coefficient without its wedge; the map adds the wedge. */
    for (int q = 0; q < ws->k.nq; q++) {
        size_t at = ws->k.q_at[q];
        ws->k.q_a0[q] = ws->k.a[at];
        ws->k.q_t[q] = p->tariff[at]; /* p may be a point on a continuation path */
        ws->k.q_tx[q] = p->export_tax[at];
        any_tx |= ws->k.q_rent[q] == TW_RENT_EXPORTER;
    }
    ws->k.has_export_tax = any_tx;
    /* The map rewrites the quota flows' e (src/model/quota.c): not clean after it. */
    ws->e_dirty = e_dirty || ws->k.nq > 0;
}

/* For a flow without a quota, with kappa = (1+t)/(1+t0) (1+tx) d_hat:
 * a = pi0 kappa^-theta, b = a / ((1+t)(1+tx)), r = a t / (1+t), e = a tx / ((1+t)(1+tx)), so
 * da/dt = -theta a / (1+t), db/dt = -(theta+1) b / (1+t), dr/dt = -theta r / (1+t) + a /
 * (1+t)^2, de/dt = -(theta+1) e / (1+t). Flows without trade (a = 0) have none. */
void tw_instruments_reverse(const tw_model *m, const tw_workspace *ws, const tw_map_adjoint *a,
                            const tw_vjp_args *r)
{
    tw_instruments_reverse_importer(m, ws, a, r, -1);
}

void tw_instruments_reverse_importer(const tw_model *m, const tw_workspace *ws,
                                     const tw_map_adjoint *a, const tw_vjp_args *r, int importer)
{
    tw_dims d = m->d;
    const tw_policy *p = r->p;
    const int tx = ws->k.has_export_tax;
    /* One importer's rows only (a player's own tariffs): the same bits for those entries. */
    const int own = importer >= 0 && importer < d.n;
    const int n0 = own ? importer : 0, n1 = own ? importer + 1 : d.n;
    for (int j = 0; j < d.j; j++) {
        const double th0 = m->w->theta[j];
        const double *cp = ws->cpow + tw_ix_jn(d, j, 0);
        const double *accb = a->acc + tw_ix_jn(d, j, 0), *xaccb = a->xacc + tw_ix_jn(d, j, 0);
        for (int n = n0; n < n1; n++) {
            /* The coefficients' bars of tw_trade_coeff_bars, with the row's factors hoisted. */
            size_t base = tw_ix_nij(d, n, 0, j), jn = tw_ix_jn(d, j, n);
            const double th = th0 * tw_destination_phi(m, n); /* eq. (L1) */
            double sb = a->s_sum[jn], rsb = a->rs_sum[jn];
            double f = ws->x[tw_ix_nj(d, n, j)] * ws->inv_s[jn];
            const double *ka = ws->k.a + base, *kb = ws->k.b + base, *kr = ws->k.r + base;
            const double *ke = ws->k.e + base, *t1 = p->tariff + base, *cap = p->quota + base;
            double *tb = r->tbar + base;
            for (int i = 0; i < d.n; i++) {
                if (ka[i] == 0.0 || isfinite(cap[i]))
                    continue;
                double op = 1.0 + t1[i];
                double ab = sb * cp[i], bb = accb[i] * f, rb = rsb * cp[i];
                double eb = tx ? xaccb[i] * f : 0.0;
                tb[i] += ab * (-th * ka[i] / op) + bb * (-(th + 1.0) * kb[i] / op) +
                         rb * (-th * kr[i] / op + ka[i] / (op * op)) +
                         eb * (-(th + 1.0) * ke[i] / op);
            }
        }
    }
}
