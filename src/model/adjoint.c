/* SPDX-License-Identifier: MIT */
/* Reverse pass through tw_model_map (src/model/equations.c), step by step in the opposite
 * order: each block below undoes the forward block named in its comment. The forward pass
 * must have been run at the same z (its intermediates live in the model's workspace). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/adjoint.h"
#include "model/workspace.h"

struct tw_map_adjoint {
    double *xb, *lnpb, *yb, *unewb, *xnewb, *cval, *cb, *rhob; /* [n][j] */
    double *cpb, *accb, *xaccb;             /* [j][i] */
    double *incb, *numb, *revb, *xrevb, *lwn0, *lwnb, *gapb, *supplyb; /* [n] */
};

tw_map_adjoint *tw_map_adjoint_create(const tw_model *m)
{
    size_t nn = (size_t)m->d.n, nj = nn * (size_t)m->d.j;
    tw_map_adjoint *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    double **nj_arrays[] = {&a->xb,  &a->lnpb, &a->yb,   &a->unewb, &a->xnewb, &a->cval,
                            &a->cb,  &a->rhob, &a->cpb,  &a->accb,  &a->xaccb};
    double **n_arrays[] = {&a->numb, &a->incb, &a->revb, &a->xrevb,
                           &a->lwn0, &a->lwnb, &a->gapb, &a->supplyb};
    int ok = 1;
    for (size_t k = 0; k < sizeof nj_arrays / sizeof *nj_arrays; k++)
        ok &= (*nj_arrays[k] = calloc(nj, sizeof(double))) != NULL;
    for (size_t k = 0; k < sizeof n_arrays / sizeof *n_arrays; k++)
        ok &= (*n_arrays[k] = calloc(nn, sizeof(double))) != NULL;
    if (!ok) {
        tw_map_adjoint_free(a);
        return NULL;
    }
    return a;
}

void tw_map_adjoint_free(tw_map_adjoint *a)
{
    if (!a)
        return;
    free(a->xb);
    free(a->lnpb);
    free(a->yb);
    free(a->unewb);
    free(a->xnewb);
    free(a->cpb);
    free(a->accb);
    free(a->xaccb);
    free(a->numb);
    free(a->cval);
    free(a->cb);
    free(a->rhob);
    free(a->incb);
    free(a->revb);
    free(a->xrevb);
    free(a->lwn0);
    free(a->lwnb);
    free(a->gapb);
    free(a->supplyb);
    free(a);
}

void tw_model_map_vjp(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                      const double *z, const double *gbar,
                      const tw_map_seeds *seeds, double *zbar, double *tbar,
                      const tw_policy *p)
{
    const tw_dims d = m->d;
    const tw_world *w = m->w;
    const int N = d.n, J = d.j;
    const size_t NJ = (size_t)N * J;
    const double *lw = z, *xs = z + N + NJ;
    double *lwb = zbar, *ub = zbar + N, *xsb = zbar + N + NJ;
    const double *gl = gbar, *gu = gbar ? gbar + N : NULL, *gx = gbar ? gbar + N + NJ : NULL;
    const double *s_inc = seeds ? seeds->income : NULL;
    const double *s_lnp = seeds ? seeds->lnp : NULL;
    const double *s_y = seeds ? seeds->output : NULL;

    memset(zbar, 0, (N + 2 * NJ) * sizeof *zbar);

    /* Step 8 (wage step with the numeraire shift, Gauss-Seidel price step, expenditures):
     * lwn = lw + psi gap - ln(sum_m exp(lw_m + psi_m gap_m) wL_m / wsum0);
     * un = unew + h (lwn - lw); xn = xnew / xscale. */
    double wsum0 = 0.0, s8 = 0.0;
    for (int n = 0; n < N; n++) {
        wsum0 += m->wl[n];
        a->lwn0[n] = lw[n] + m->psi[n] * ws->gap[n];
        s8 += exp(a->lwn0[n]) * m->wl[n];
    }
    double lwnb_sum = 0.0;
    for (int n = 0; n < N; n++) {
        double v = gl ? gl[n] : 0.0, hu = 0.0;
        for (int j = 0; j < J; j++) {
            size_t at = tw_ix_nj(d, n, j);
            double g = gu ? gu[at] : 0.0;
            a->unewb[at] = g;
            hu += g * m->h[at];
            a->xnewb[at] = gx ? gx[at] / m->xscale[n] : 0.0;
        }
        a->lwnb[n] = v + hu;
        lwb[n] -= hu;
        lwnb_sum += a->lwnb[n];
    }
    double *gapb = a->gapb;
    for (int n = 0; n < N; n++) {
        double b0 = a->lwnb[n] - lwnb_sum * exp(a->lwn0[n]) * m->wl[n] / s8;
        lwb[n] += b0;
        gapb[n] = m->psi[n] * b0;
    }

    /* Step 7, eq. (1) at z: unew = va lw + sum_k io[k][j] lnp_k; the expenditure step
     * xnew = C + alpha inc with intermediate demand C_j = sum_k io[j][k] y_k and the income
     * that solves the country's own tariff-revenue loop,
     * inc = (supply + xrev + D + rho.C) / (1 - rho.alpha), rho_j revenue per unit spent. */
    for (int n = 0; n < N; n++) {
        const double *io = w->io + tw_ix_nkj(d, n, 0, 0);
        double incb = 0.0, rc = 0.0, ra = 0.0;
        for (int j = 0; j < J; j++) {
            size_t at = tw_ix_nj(d, n, j);
            lwb[n] += w->va[at] * a->unewb[at];
            incb += w->alpha[at] * a->xnewb[at];
            double c = 0.0;
            for (int k = 0; k < J; k++)
                c += io[(size_t)j * J + k] * ws->y[tw_ix_nj(d, n, k)];
            a->cval[at] = c;
            rc += ws->rho[at] * c;
            ra += ws->rho[at] * w->alpha[at];
        }
        double den = 1.0 - ra;
        double inc = (ws->what[n] * m->wl[n] + ws->xrev[n] + ws->dnow[n] + rc) / den;
        double numb = incb / den, rab = incb * inc / den;
        a->numb[n] = numb;
        a->incb[n] = s_inc ? s_inc[n] : 0.0; /* I of eq. (5) at z feeds only the payoff */
        for (int j = 0; j < J; j++) {
            size_t at = tw_ix_nj(d, n, j);
            a->cb[at] = a->xnewb[at] + numb * ws->rho[at];
            a->rhob[at] = numb * a->cval[at] + rab * w->alpha[at];
        }
        for (int k = 0; k < J; k++) {
            double lp = s_lnp ? s_lnp[tw_ix_nj(d, n, k)] : 0.0, yy = s_y ? s_y[tw_ix_nj(d, n, k)] : 0.0;
            for (int j = 0; j < J; j++) {
                lp += io[(size_t)k * J + j] * a->unewb[tw_ix_nj(d, n, j)];
                yy += io[(size_t)j * J + k] * a->cb[tw_ix_nj(d, n, j)];
            }
            a->lnpb[tw_ix_nj(d, n, k)] = lp;
            a->yb[tw_ix_nj(d, n, k)] = yy;
        }
    }

    /* Steps 5-6, eqs. (5)-(6): I = supply + rev + xrev + D (the payoff's income) and the
     * numerator of the expenditure step's income; gap = ln ld - ln supply,
     * supply = exp(lw) wL; D proportional: supply (d_share - dsum / wsum). */
    double wsum = 0.0, dsum = 0.0;
    for (int n = 0; n < N; n++) {
        wsum += ws->what[n] * m->wl[n];
        dsum += m->d_share[n] * ws->what[n] * m->wl[n];
    }
    double wsumb = 0.0, dsumb = 0.0;
    double *supplyb_arr = a->supplyb;
    for (int n = 0; n < N; n++) {
        double supply = ws->what[n] * m->wl[n];
        double incb = a->incb[n], numb = a->numb[n], dnb = incb + numb;
        double supplyb = incb + numb;
        a->revb[n] = incb;
        a->xrevb[n] = incb + numb;
        if (m->opt.deficits == TW_DEFICITS_PROPORTIONAL) {
            supplyb += dnb * (m->d_share[n] - dsum / wsum);
            dsumb -= dnb * supply / wsum;
            wsumb += dnb * supply * dsum / (wsum * wsum);
        }
        double ld = 0.0;
        for (int j = 0; j < J; j++)
            ld += w->va[tw_ix_nj(d, n, j)] * ws->y[tw_ix_nj(d, n, j)];
        if (ld > 0) {
            double ldb = gapb[n] / ld;
            for (int j = 0; j < J; j++)
                a->yb[tw_ix_nj(d, n, j)] += w->va[tw_ix_nj(d, n, j)] * ldb;
        }
        supplyb -= gapb[n] / supply;
        supplyb_arr[n] = supplyb;
    }
    for (int n = 0; n < N; n++) {
        double whatb = (supplyb_arr[n] + wsumb + dsumb * m->d_share[n]) * m->wl[n];
        lwb[n] += whatb * ws->what[n];
    }

    /* Step 4: y[i][j] = cpow[j][i] acc[j][i]; xrev[i] += cpow[j][i] xacc[j][i]. */
    for (int j = 0; j < J; j++)
        for (int i = 0; i < N; i++) {
            size_t ji = (size_t)j * N + i;
            double c = ws->cpow[ji], yb = a->yb[tw_ix_nj(d, i, j)];
            a->cpb[ji] = yb * ws->acc[ji] + a->xrevb[i] * ws->xacc[ji];
            a->accb[ji] = yb * c;
            a->xaccb[ji] = a->xrevb[i] * c;
        }

    /* Step 3, eq. (2): s = sum_i a cpow, lnp = -ln s / theta, f = X / s, rev += f sum_i r cpow,
     * acc[i] += b f, xacc[i] += e f. */
    for (int j = 0; j < J; j++) {
        const double th = w->theta[j];
        const double *cp = ws->cpow + (size_t)j * N;
        const double *accb = a->accb + (size_t)j * N, *xaccb = a->xaccb + (size_t)j * N;
        double *cpb = a->cpb + (size_t)j * N;
        for (int n = 0; n < N; n++) {
            size_t base = tw_ix_nij(d, n, 0, j), nj = tw_ix_nj(d, n, j);
            const double *ka = ws->k.a + base, *kb = ws->k.b + base, *kr = ws->k.r + base;
            const double *ke = ws->k.e + base;
            double s = 0.0, rs = 0.0;
            for (int i = 0; i < N; i++) {
                s += ka[i] * cp[i];
                rs += kr[i] * cp[i];
            }
            double X = ws->x[nj];
            if (!(s > 0.0)) {
                /* The forward pass replaced s by 1 here: nothing depends on z. */
                a->xb[nj] = 0.0;
                continue;
            }
            double is = 1.0 / s, f = X * is;
            double rhob = a->rhob[nj]; /* rho = rs / s, used by the expenditure step */
            double fb = a->revb[n] * rs, rsb = a->revb[n] * f + rhob * is;
            for (int i = 0; i < N; i++)
                fb += kb[i] * accb[i];
            if (ws->k.has_export_tax)
                for (int i = 0; i < N; i++)
                    fb += ke[i] * xaccb[i];
            a->xb[nj] = fb * is;
            double sb = -(fb * X + rhob * rs) * is * is - a->lnpb[nj] / (th * s);
            for (int i = 0; i < N; i++)
                cpb[i] += sb * ka[i] + rsb * kr[i];
            if (!tbar)
                continue;
            /* Coefficients as functions of the tariff t (tw_model_coeffs):
             * a = pi0 ((1+t)/(1+t0) (1+tx) d)^-theta, b = a / ((1+t)(1+tx)),
             * r = a t / (1+t), e = a tx / ((1+t)(1+tx)). */
            const double *t1 = p->tariff + base;
            double *tb = tbar + base;
            for (int i = 0; i < N; i++) {
                if (ka[i] == 0.0)
                    continue;
                double op = 1.0 + t1[i];
                double ab = sb * cp[i], bb = accb[i] * f, rb = rsb * cp[i];
                double eb = ws->k.has_export_tax ? xaccb[i] * f : 0.0;
                tb[i] += ab * (-th * ka[i] / op) + bb * (-(th + 1.0) * kb[i] / op) +
                         rb * (-th * kr[i] / op + ka[i] / (op * op)) +
                         eb * (-(th + 1.0) * ke[i] / op);
            }
        }
    }

    /* Step 2: cpow[j][i] = exp(-theta_j u[i][j]). Step 1: X = xs xscale (clamped at 0). */
    for (int j = 0; j < J; j++)
        for (int i = 0; i < N; i++) {
            size_t ji = (size_t)j * N + i;
            ub[tw_ix_nj(d, i, j)] += -w->theta[j] * ws->cpow[ji] * a->cpb[ji];
        }
    for (int n = 0; n < N; n++)
        for (int j = 0; j < J; j++) {
            size_t at = tw_ix_nj(d, n, j);
            xsb[at] = xs[at] * m->xscale[n] > 0 ? a->xb[at] * m->xscale[n] : 0.0;
        }
}
