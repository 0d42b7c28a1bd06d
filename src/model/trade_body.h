/* SPDX-License-Identifier: MIT */
/* The trade block's forward and reverse functions (src/model/trade.c), written once and compiled
 * twice there: with the two-lane kernels of model/kernels.h and, on x86-64, with their AVX
 * versions (the same bits). The includer defines TW_TRADE_NAME(f) (the function's name),
 * TW_TRADE_ATTR (its attributes) and the kernels K_DOT4, K_DOT4X2, K_AXPY, K_AXPY2. No include
 * guard: included once per kernel set. */

/* Inputs: z's ln c_hat [n][j], ws->x [n][j], the coefficients ws->k. Outputs: ws->cpow [j][i]
 * = c_hat^-theta; ws->inv_s [j][n] = 1 / s, s = sum_i a cpow (eq. (2): P_hat^-theta = s);
 * ws->lnp [n][j] = -ln s / theta; ws->rho [n][j] = sum_i r cpow / s (tariff revenue per unit
 * spent); ws->rev [n] = sum_j X rho; ws->acc, ws->xacc [j][i] = sum_n (b, e) X / s;
 * ws->y [n][j] = cpow acc (gross output); ws->xrev [i] = sum_j cpow xacc (export taxes); for
 * the reverse pass ws->s_sum and ws->rs_sum [j][n] (s and rs as summed).
 * Residual: +inf if a sector that is bought has no source left. */
TW_TRADE_ATTR static double TW_TRADE_NAME(trade_forward)(const tw_model *m, tw_workspace *ws,
                                                         const double *z, double *gz)
{
    (void)gz;
    tw_dims d = m->d;
    const tw_world *w = m->w;
    const int N = d.n, J = d.j;
    const size_t NJ = (size_t)N * J;
    const double *u = z + N, *X = ws->x;
    double *cpow = ws->cpow, *inv_s = ws->inv_s, *lnp = ws->lnp;
    double *acc = ws->acc, *xacc = ws->xacc, *y = ws->y, *rev = ws->rev, *xrev = ws->xrev;

    /* cpow[j][i] = c_hat^-theta: the only exponentials of the iteration (N J of them). */
    for (int j = 0; j < J; j++)
        for (int i = 0; i < N; i++)
            cpow[tw_ix_jn(d, j, i)] = exp(-w->theta[j] * u[tw_ix_nj(d, i, j)]);

    memset(acc, 0, NJ * sizeof *acc);
    memset(xacc, 0, NJ * sizeof *xacc);
    memset(rev, 0, (size_t)N * sizeof *rev);
    double bad = 0.0;
    /* Rows of a non-traded sector (m->own_only) have one entry, the importer's own: the other
     * coefficients are +-0 (no trade in the data; quota flows, rewritten by the map, are not
     * trusted to be), so with finite cpow every other product is +-0 and the sums are
     * 0 + a cpow and 0 + r cpow, the kernels' bits without reading the row. */
    const unsigned char *own = ws->k.nq ? NULL : m->own_only;
    for (int j = 0; j < J; j++) {
        const double *cp = cpow + tw_ix_jn(d, j, 0);
        double *aj = acc + tw_ix_jn(d, j, 0), *xj = xacc + tw_ix_jn(d, j, 0);
        int cp_finite = own != NULL;
        for (int i = 0; i < N && cp_finite; i++)
            cp_finite = isfinite(cp[i]);
        for (int n = 0; n < N; n++) {
            const double *a = ws->k.a + tw_ix_nij(d, n, 0, j);
            const double *b = ws->k.b + tw_ix_nij(d, n, 0, j);
            const double *r = ws->k.r + tw_ix_nij(d, n, 0, j);
            size_t nj = tw_ix_nj(d, n, j);
            const int one = cp_finite && own[tw_ix_jn(d, j, n)];
            double s, rs;
            if (one) {
                s = 0.0 + a[n] * cp[n];
                rs = 0.0 + r[n] * cp[n];
            } else {
                K_DOT4X2(a, r, cp, (size_t)N, &s, &rs);
            }
            ws->s_sum[tw_ix_jn(d, j, n)] = s;
            ws->rs_sum[tw_ix_jn(d, j, n)] = rs;
            if (!(s > 0.0)) {
                /* No source left for a sector: only possible if the baseline had none, in
                 * which case nothing is bought; keep the price index finite. */
                s = 1.0;
                bad += X[nj];
            }
            double is = 1.0 / s;
            inv_s[tw_ix_jn(d, j, n)] = is;
            lnp[nj] = -log(s) / w->theta[j];
            double f = X[nj] * is;
            ws->rho[nj] = rs * is;
            rev[n] += f * rs;
            if (f != 0.0) { /* nothing spent (a sector not bought): no sales to add */
                if (one && isfinite(f)) /* the other b f are +-0: adding them changes nothing */
                    aj[n] += b[n] * f;
                else
                    K_AXPY(aj, b, f, (size_t)N);
            }
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
            size_t ji = tw_ix_jn(d, j, i);
            double c = cpow[ji];
            y[tw_ix_nj(d, i, j)] = c * acc[ji];
            xrev[i] += c * xacc[ji];
        }
    return bad > 0 ? INFINITY : 0.0;
}

/* Reverse. Reads the bars of cpow, inv_s, lnp, rho, rev, y, xrev; adds into the bars of
 * ln c_hat (z) and X; writes its own bars s_sum, rs_sum [j][n] and acc, xacc [j][i], from which
 * the coefficients' bars follow (tw_trade_coeff_bars). */
TW_TRADE_ATTR static void TW_TRADE_NAME(trade_reverse)(const tw_model *m, const tw_workspace *ws,
                                                       tw_map_adjoint *a, const tw_vjp_args *r)
{
    tw_dims d = m->d;
    const tw_world *w = m->w;
    const int N = d.n, J = d.j;
    double *ub = r->zbar + N;
    /* y[i][j] = cpow[j][i] acc[j][i]; xrev[i] += cpow[j][i] xacc[j][i]. */
    for (int j = 0; j < J; j++)
        for (int i = 0; i < N; i++) {
            size_t ji = tw_ix_jn(d, j, i);
            double c = ws->cpow[ji], yb = a->y[tw_ix_nj(d, i, j)];
            a->cpow[ji] += yb * ws->acc[ji] + a->xrev[i] * ws->xacc[ji];
            a->acc[ji] = yb * c;
            a->xacc[ji] = a->xrev[i] * c;
        }
    /* eq. (2): s = sum_i a cpow, lnp = -ln s / theta, f = X / s, rho = rs / s with
     * rs = sum_i r cpow, rev += f rs, acc[i] += b f, xacc[i] += e f. */
    for (int j = 0; j < J; j++) {
        const double th = w->theta[j];
        const double *accb = a->acc + tw_ix_jn(d, j, 0), *xaccb = a->xacc + tw_ix_jn(d, j, 0);
        double *cpb = a->cpow + tw_ix_jn(d, j, 0);
        for (int n = 0; n < N; n++) {
            size_t base = tw_ix_nij(d, n, 0, j), nj = tw_ix_nj(d, n, j), jn = tw_ix_jn(d, j, n);
            const double *ka = ws->k.a + base, *kb = ws->k.b + base, *kr = ws->k.r + base;
            const double *ke = ws->k.e + base;
            double s = ws->s_sum[jn], rs = ws->rs_sum[jn];
            if (!(s > 0.0)) {
                /* The forward pass replaced s by 1 here: nothing depends on the state. */
                a->s_sum[jn] = 0.0;
                a->rs_sum[jn] = 0.0;
                continue;
            }
            double X = ws->x[nj], is = 1.0 / s, f = X * is;
            double rhob = a->rho[nj];
            double fb = a->rev[n] * rs, rsb = a->rev[n] * f + rhob * is;
            fb += K_DOT4(kb, accb, (size_t)N);
            if (ws->k.has_export_tax)
                fb += K_DOT4(ke, xaccb, (size_t)N);
            a->x[nj] += fb * is;
            double sb =
                -(fb * X + rhob * rs + a->inv_s[jn]) * is * is - a->lnp[nj] / (th * s);
            a->s_sum[jn] = sb;
            a->rs_sum[jn] = rsb;
            K_AXPY2(cpb, ka, sb, kr, rsb, (size_t)N);
        }
    }
    /* cpow[j][i] = exp(-theta_j ln c_hat[i][j]). */
    for (int j = 0; j < J; j++)
        for (int i = 0; i < N; i++) {
            size_t ji = tw_ix_jn(d, j, i);
            ub[tw_ix_nj(d, i, j)] += -w->theta[j] * ws->cpow[ji] * a->cpow[ji];
        }
}
