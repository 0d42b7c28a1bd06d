/* SPDX-License-Identifier: MIT */
/* The equilibrium equations of docs/model.md, as a map z -> G(z) whose fixed points are the
 * equilibria, with the residual of the equations evaluated at z itself. */
#include <math.h>
#include <string.h>

#include "model/model_internal.h"
#include "model/production.h"
#include "model/workspace.h"

size_t tw_model_state_size(const tw_model *m, const tw_workspace *ws)
{
    return (size_t)m->d.n + 2 * (size_t)m->d.n * (size_t)m->d.j + (size_t)ws->k.nq;
}

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

void tw_model_coeffs(const tw_model *m, tw_workspace *ws, const tw_policy *p)
{
    tw_dims d = m->d;
    const tw_world *w = m->w;
    int any_tx = 0, nq = 0;
    for (int j = 0; j < d.j; j++) {
        double th = w->theta[j];
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++) {
                size_t at = tw_ix_nij(d, n, i, j);
                double t0 = w->tariff[at], t1 = p->tariff[at], tx = p->export_tax[at];
                double ice = p->iceberg[at];
                double a = 0.0;
                /* docs/model.md eq. (2): kappa_hat = (1+t')/(1+t) (1+tx') d_hat; the data
                 * carry no export taxes. An embargo (d_hat = inf) removes the flow. */
                if (m->pi0[at] > 0 && isfinite(ice)) {
                    double kappa = (1.0 + t1) / (1.0 + t0) * (1.0 + tx) * ice;
                    a = m->pi0[at] * exp(-th * log(kappa));
                }
                ws->k.a[at] = a;
                ws->k.b[at] = a / ((1.0 + t1) * (1.0 + tx));
                ws->k.r[at] = a * t1 / (1.0 + t1);
                ws->k.e[at] = a * tx / ((1.0 + t1) * (1.0 + tx));
                any_tx |= tx != 0.0;
                nq += isfinite(p->quota[at]) != 0;
            }
    }
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
}

void tw_model_state_from(const tw_model *m, const tw_workspace *ws, const tw_equilibrium *eq,
                         double *z)
{
    if (!eq || !eq->solved)
        eq = m->base;
    tw_dims d = m->d;
    size_t nj = (size_t)d.n * d.j;
    for (int n = 0; n < d.n; n++)
        z[n] = log(eq->w_hat[n]);
    for (size_t k = 0; k < nj; k++)
        z[d.n + k] = log(eq->c_hat[k]);
    for (int n = 0; n < d.n; n++)
        for (int j = 0; j < d.j; j++)
            z[d.n + nj + tw_ix_nj(d, n, j)] = eq->x[tw_ix_nj(d, n, j)] / m->xscale[n];
    for (int q = 0; q < ws->k.nq; q++)
        z[d.n + 2 * nj + q] = log1p(eq->quota_wedge[ws->k.q_at[q]]);
}

double tw_model_map(const tw_model *m, tw_workspace *ws, const double *z, double *gz,
                    tw_equilibrium *eq)
{
    tw_dims d = m->d;
    const tw_world *w = m->w;
    const int N = d.n, J = d.j;
    const size_t NJ = (size_t)N * J;
    const double *lw = z, *u = z + N, *xs = z + N + NJ;
    double *X = ws->x, *cpow = ws->cpow, *inv_s = ws->inv_s, *lnp = ws->lnp;
    double *acc = ws->acc, *xacc = ws->xacc, *y = ws->y, *rev = ws->rev, *xrev = ws->xrev;
    double *unew = ws->unew, *xnew = ws->xnew;
    const double *zq = z + N + 2 * NJ;
    if (ws->k.nq)
        tw_quota_coeffs_from_state(m, ws, zq);

    for (int n = 0; n < N; n++)
        for (int j = 0; j < J; j++) {
            double v = xs[tw_ix_nj(d, n, j)] * m->xscale[n];
            X[tw_ix_nj(d, n, j)] = v > 0 ? v : 0; /* expenditure cannot be negative */
        }
    /* cpow[j][i] = c_hat^-theta: the only exponentials of the iteration (N J of them). */
    for (int j = 0; j < J; j++)
        for (int i = 0; i < N; i++)
            cpow[(size_t)j * N + i] = exp(-w->theta[j] * u[tw_ix_nj(d, i, j)]);

    /* eq. (2): price indices; eq. (3) trade shares are a * cpow / S, used implicitly below. */
    memset(acc, 0, NJ * sizeof *acc);
    memset(xacc, 0, NJ * sizeof *xacc);
    memset(rev, 0, (size_t)N * sizeof *rev);
    double bad = 0.0;
    for (int j = 0; j < J; j++) {
        const double *cp = cpow + (size_t)j * N;
        double *aj = acc + (size_t)j * N, *xj = xacc + (size_t)j * N;
        for (int n = 0; n < N; n++) {
            const double *a = ws->k.a + tw_ix_nij(d, n, 0, j);
            const double *b = ws->k.b + tw_ix_nij(d, n, 0, j);
            const double *r = ws->k.r + tw_ix_nij(d, n, 0, j);
            double s = 0.0, rs = 0.0;
            for (int i = 0; i < N; i++) {
                s += a[i] * cp[i];
                rs += r[i] * cp[i];
            }
            if (!(s > 0.0)) {
                /* No source left for a sector: only possible if the baseline had none, in
                 * which case nothing is bought; keep the price index finite. */
                s = 1.0;
                bad += X[tw_ix_nj(d, n, j)];
            }
            double is = 1.0 / s;
            inv_s[(size_t)j * N + n] = is;
            lnp[tw_ix_nj(d, n, j)] = -log(s) / w->theta[j];
            double f = X[tw_ix_nj(d, n, j)] * is;
            ws->rho[tw_ix_nj(d, n, j)] = rs * is;
            rev[n] += f * rs;
            for (int i = 0; i < N; i++)
                aj[i] += b[i] * f;
            if (ws->k.has_export_tax) {
                const double *e = ws->k.e + tw_ix_nij(d, n, 0, j);
                for (int i = 0; i < N; i++)
                    xj[i] += e[i] * f;
            }
        }
    }
    memset(xrev, 0, (size_t)N * sizeof *xrev);
    for (int j = 0; j < J; j++)
        for (int i = 0; i < N; i++) {
            double c = cpow[(size_t)j * N + i];
            y[tw_ix_nj(d, i, j)] = c * acc[(size_t)j * N + i];
            xrev[i] += c * xacc[(size_t)j * N + i];
        }

    /* CES input nests (docs/model.md eq. (1')): unit costs and the cost shares that eqs. (4')
     * and (6') use. Cobb-Douglas worlds keep the constant shares of the data. */
    const double *va_share = w->va, *io_share = w->io;
    if (m->prod->ces) {
        tw_production_costs(m, ws, lw, lnp, unew);
        va_share = ws->va_eff;
        io_share = ws->io_eff;
    }

    /* eq. (6): labour demand; eq. (5): income with the closure's deficits. */
    double wsum = 0.0, wsum0 = 0.0, dsum = 0.0;
    for (int n = 0; n < N; n++) {
        double what = exp(lw[n]);
        ws->what[n] = what;
        wsum += what * m->wl[n];
        wsum0 += m->wl[n];
        dsum += m->d_share[n] * what * m->wl[n];
    }
    double res = bad > 0 ? INFINITY : 0.0;
    for (int n = 0; n < N; n++) {
        double ld = 0.0;
        for (int j = 0; j < J; j++)
            ld += va_share[tw_ix_nj(d, n, j)] * y[tw_ix_nj(d, n, j)];
        double supply = ws->what[n] * m->wl[n];
        double gap = log(ld > 0 ? ld : 1e-300) - log(supply);
        ws->gap[n] = gap;
        if (fabs(gap) > res)
            res = fabs(gap);
        double dn;
        switch (m->opt.deficits) {
        case TW_DEFICITS_PROPORTIONAL:
            dn = supply * (m->d_share[n] - dsum / wsum);
            break;
        default:
            dn = m->d_base[n];
            break;
        }
        ws->dnow[n] = dn;
        ws->income[n] = supply + rev[n] + xrev[n] + dn;
    }
    /* eq. (7): the numeraire, world value added unchanged. */
    double numer = fabs(wsum / wsum0 - 1.0);
    if (numer > res)
        res = numer;

    /* eq. (1) residual at z, and eq. (4) residual at z. */
    for (int n = 0; n < N; n++) {
        const double *io = w->io + tw_ix_nkj(d, n, 0, 0);
        for (int j = 0; j < J; j++) {
            double v;
            if (m->prod->ces) {
                v = unew[tw_ix_nj(d, n, j)]; /* eq. (1'), computed above */
            } else {
                v = w->va[tw_ix_nj(d, n, j)] * lw[n];
                for (int k = 0; k < J; k++)
                    v += io[(size_t)k * J + j] * lnp[tw_ix_nj(d, n, k)];
            }
            unew[tw_ix_nj(d, n, j)] = v;
            double r1 = fabs(v - u[tw_ix_nj(d, n, j)]);
            if (r1 > res)
                res = r1;
        }
        /* Intermediate demand C = sum_k gamma^{j,k} Y^k, then eq. (4)'s residual at z. */
        double floor_x = 1e-6 * m->xscale[n], rc = 0.0, ra = 0.0;
        const double *ios = io_share + tw_ix_nkj(d, n, 0, 0); /* eq. (4'): current shares */
        for (int j = 0; j < J; j++) {
            double c = 0.0;
            for (int k = 0; k < J; k++)
                c += ios[(size_t)j * J + k] * y[tw_ix_nj(d, n, k)];
            xnew[tw_ix_nj(d, n, j)] = c;
            double v = c + w->alpha[tw_ix_nj(d, n, j)] * ws->income[n];
            double xv = X[tw_ix_nj(d, n, j)];
            double r4 = fabs(v - xv) / fmax(fmax(fabs(v), xv), floor_x);
            if (r4 > res)
                res = r4;
            rc += ws->rho[tw_ix_nj(d, n, j)] * c;
            ra += ws->rho[tw_ix_nj(d, n, j)] * w->alpha[tw_ix_nj(d, n, j)];
        }
        /* The update solves the country's own tariff-revenue loop exactly: revenue is
         * sum_j rho_j X_j with X = C + alpha I, so I = (wL + export taxes + D + rho.C) /
         * (1 - rho.alpha). Iterating on it instead diverges when tariffs are high and imports
         * large (the loop's gain rho.alpha can approach one). */
        double inc = (ws->what[n] * m->wl[n] + xrev[n] + ws->dnow[n] + rc) / (1.0 - ra);
        for (int j = 0; j < J; j++)
            xnew[tw_ix_nj(d, n, j)] += w->alpha[tw_ix_nj(d, n, j)] * inc;
    }
    /* Quotas: complementarity residual, and the next wedges. */
    if (ws->k.nq) {
        double rq = tw_quota_residual_step(m, ws, zq, X, cpow, inv_s, gz ? gz + N + 2 * NJ : NULL);
        if (!(rq <= res))
            res = rq;
    }
    if (!isfinite(res) || ws->k.quota_broken)
        res = INFINITY;

    if (gz) {
        /* Wage step, preconditioned by psi ~ 1/(1 + own labour-demand elasticity); then the
         * price step sees the new wage through each sector's total own-wage cost elasticity h
         * (Gauss-Seidel), and expenditures take the values of eq. (4) at z. */
        double *lwn = gz, *un = gz + N, *xn = gz + N + NJ;
        double s = 0.0;
        for (int n = 0; n < N; n++) {
            lwn[n] = lw[n] + m->psi[n] * ws->gap[n];
            s += exp(lwn[n]) * m->wl[n];
        }
        double shift = log(s / wsum0);
        for (int n = 0; n < N; n++)
            lwn[n] -= shift;
        for (int n = 0; n < N; n++)
            for (int j = 0; j < J; j++) {
                size_t at = tw_ix_nj(d, n, j);
                un[at] = unew[at] + m->h[at] * (lwn[n] - lw[n]);
                xn[at] = xnew[at] / m->xscale[n];
            }
    }
    if (eq) {
        for (int n = 0; n < N; n++) {
            eq->w_hat[n] = ws->what[n];
            eq->income[n] = ws->income[n];
            eq->revenue[n] = rev[n];
            eq->xrevenue[n] = xrev[n];
            eq->deficit[n] = ws->dnow[n];
            double lcpi = 0.0;
            for (int j = 0; j < J; j++)
                lcpi += w->alpha[tw_ix_nj(d, n, j)] * lnp[tw_ix_nj(d, n, j)];
            eq->cpi_hat[n] = exp(lcpi);
        }
        tw_quota_write_eq(m, ws, zq, X, cpow, inv_s, eq);
        for (size_t k = 0; k < NJ; k++) {
            eq->c_hat[k] = exp(u[k]);
            eq->p_hat[k] = exp(lnp[k]);
            eq->x[k] = X[k];
            eq->output[k] = y[k];
        }
        for (int j = 0; j < J; j++)
            for (int n = 0; n < N; n++) {
                double is = inv_s[(size_t)j * N + n];
                for (int i = 0; i < N; i++) {
                    size_t at = tw_ix_nij(d, n, i, j);
                    eq->pi[at] = ws->k.a[at] * cpow[(size_t)j * N + i] * is;
                }
            }
    }
    return res;
}
