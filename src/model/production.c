/* SPDX-License-Identifier: MIT */
/* Production blocks: unit costs and cost shares (docs/model.md eqs. (1), (1') and (S)), in two
 * variants of one contract: Cobb-Douglas (constant shares) and CES input nests (shares that
 * move with relative prices, used by eqs. (4') and (6')). Using sectors whose nest is
 * Cobb-Douglas take exactly the Cobb-Douglas formulas, in the same order of operations. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "data/nests.h"
#include "model/blocks.h"
#include "model/kernels.h"
#include "model/production.h"

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
static tw_status apply_rule(struct tw_production *p, tw_dims d, const tw_input_elasticity *r,
                            int index, tw_error *err)
{
    const int J = d.j;
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
                p->nest[tw_ix_kj(d, k, j)] = 1;
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
        tw_status st = apply_rule(p, d, &opts->input_elasticities[r], r, err);
        if (st)
            return st;
    }
    for (int j = 0; j < J; j++) {
        int members = 0;
        for (int k = 0; k < J; k++)
            members += p->nest[tw_ix_kj(d, k, j)];
        /* sigma == 1 is Cobb-Douglas whatever the nest: the exact formulas, not a limit. */
        p->on[j] = members > 0 && p->sigma[j] != 1.0;
        p->ces |= p->on[j];
    }
    /* The map's composition follows the production variant (model/blocks.h). */
    m->map = p->ces ? &tw_map_ces : &tw_map_cobb_douglas;
    for (int n = 0; n < d.n; n++)
        for (int j = 0; j < J; j++) {
            double b = 1.0;
            for (int k = 0; k < J; k++)
                if (p->nest[tw_ix_kj(d, k, j)])
                    b -= w->io[tw_ix_nkj(d, n, k, j)];
            /* Below rounding, the core is empty (all of j's cost is in its nest). */
            p->core[tw_ix_nj(d, n, j)] = b > 1e-14 ? b : 0.0;
        }
    return TW_OK;
}

/* The log price of value added of sector j of n: the wage ln w_hat_n (z), or with
 * sector-specific factors the sector's own (ws->lva, docs/model.md eq. (1s)). */
static inline double va_log_price(tw_dims d, const double *lw, const double *lva, int n, int j)
{
    return lva ? lva[tw_ix_nj(d, n, j)] : lw[n];
}

/* eq. (1) for using sector j of country n: ln c = gamma_n^j ln w + sum_k gamma_n^{k,j} ln P^k
 * (ln w: va_log_price). */
static inline double cobb_douglas_cost(tw_dims d, const double *va, const double *io,
                                       const double *lw, const double *lva, const double *lnp,
                                       int n, int j)
{
    const double *ion = io + tw_ix_nkj(d, n, 0, 0);
    double v = va[tw_ix_nj(d, n, j)] * va_log_price(d, lw, lva, n, j);
    for (int k = 0; k < d.j; k++)
        v += ion[tw_ix_kj(d, k, j)] * lnp[tw_ix_nj(d, n, k)];
    return v;
}

/* Largest |ln c_hat (rhs) - ln c_hat (state)|: the residual of eq. (1) / (1'). */
static double cost_residual(tw_dims d, const double *unew, const double *u)
{
    double res = 0.0;
    for (size_t k = 0; k < (size_t)d.n * d.j; k++) {
        double r1 = fabs(unew[k] - u[k]);
        if (r1 > res)
            res = r1;
    }
    return res;
}

/* Cobb-Douglas block. Inputs: z's ln w_hat [n], ws->lnp [n][j]. Outputs: ws->unew [n][j], the
 * right-hand side of eq. (1); ws->va_share and ws->io_share point at the data's constant shares.
 * Residual: eq. (1) at z. The sums run over k in the order of cobb_douglas_cost, for all using
 * sectors j at once: rows gamma_n^{k,.} are contiguous, so the inner loop vectorises with the
 * same result as the scalar sum. */
/* The input part of eq. (1) for one country n: un[j] += sum_k gamma_n^{k,j} lnp_k, k in
 * order. Written once and compiled with the two-lane kernels and, on x86-64, with the AVX ones
 * (each entry's own sum in the same order: the same bits). */
#define TW_CD_INPUTS(NAME, ATTR, AXPY)                                                         \
    ATTR static void NAME(tw_dims d, const double *restrict io, const double *restrict lnp,     \
                          double *restrict un)                                                 \
    {                                                                                          \
        for (int k = 0; k < d.j; k++)                                                          \
            AXPY(un, io + tw_ix_kj(d, k, 0), lnp[k], (size_t)d.j);                             \
    }
TW_CD_INPUTS(cd_inputs, , tw_axpy)
#if TW_KERNELS_AVX
TW_CD_INPUTS(cd_inputs_avx, TW_AVX, tw_axpy_avx)
#endif

static double cobb_douglas_forward(const tw_model *m, tw_workspace *ws, const double *z,
                                   double *gz)
{
    (void)gz;
    tw_dims d = m->d;
    const tw_world *w = m->w;
    const int J = d.j;
    const int avx = tw_kernels_avx();
    for (int n = 0; n < d.n; n++) {
        const double *restrict io = w->io + tw_ix_nkj(d, n, 0, 0);
        const double *restrict va = w->va + tw_ix_nj(d, n, 0);
        const double *restrict lnp = ws->lnp + tw_ix_nj(d, n, 0);
        double *restrict un = ws->unew + tw_ix_nj(d, n, 0);
        if (ws->lva) { /* sector-specific value-added prices (src/model/specific.c) */
            const double *restrict lvan = ws->lva + tw_ix_nj(d, n, 0);
            for (int j = 0; j < J; j++)
                un[j] = va[j] * lvan[j];
        } else {
            tw_scale(un, va, z[n], (size_t)J);
        }
#if TW_KERNELS_AVX
        if (avx) {
            cd_inputs_avx(d, io, lnp, un);
            continue;
        }
#endif
        cd_inputs(d, io, lnp, un);
    }
    (void)avx;
    ws->va_share = w->va;
    ws->io_share = w->io;
    return cost_residual(d, ws->unew, z + d.n);
}

/* Reverse of eq. (1) for sector j of n: adds ub times the cost's log-price weights (into the
 * bar of ln w_n, or of the sector's own value-added price if lvab is not NULL). */
static inline void cobb_douglas_cost_reverse(tw_dims d, const double *va, const double *io,
                                             int n, int j, double ub, double *lwb, double *lvab,
                                             double *lnpb)
{
    const double *ion = io + tw_ix_nkj(d, n, 0, 0);
    if (lvab)
        lvab[tw_ix_nj(d, n, j)] += va[tw_ix_nj(d, n, j)] * ub;
    else
        lwb[n] += va[tw_ix_nj(d, n, j)] * ub;
    for (int k = 0; k < d.j; k++)
        lnpb[tw_ix_nj(d, n, k)] += ion[tw_ix_kj(d, k, j)] * ub;
}

static void cobb_douglas_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                                 const tw_vjp_args *r)
{
    (void)ws;
    tw_dims d = m->d;
    const tw_world *w = m->w;
    for (int n = 0; n < d.n; n++) {
        /* The transpose of eq. (1), row by row of gamma_n^{k,j} (contiguous in j). */
        const double *io = w->io + tw_ix_nkj(d, n, 0, 0), *ub = a->unew + tw_ix_nj(d, n, 0);
        const double *va = w->va + tw_ix_nj(d, n, 0);
        if (a->lva) { /* sector-specific value-added prices (src/model/specific.c) */
            for (int j = 0; j < d.j; j++)
                a->lva[tw_ix_nj(d, n, j)] += va[j] * ub[j];
        } else {
            r->zbar[n] += tw_dot4(va, ub, (size_t)d.j);
        }
        for (int k = 0; k < d.j; k++) {
            a->lnp[tw_ix_nj(d, n, k)] += tw_dot4(io + tw_ix_kj(d, k, 0), ub, (size_t)d.j);
        }
    }
}

const tw_block tw_block_cobb_douglas = {"cobb_douglas", "(1)", cobb_douglas_forward,
                                        cobb_douglas_reverse};

/* Log price of the Cobb-Douglas core of nest (n, j): value added and the inputs outside the
 * nest, with weights gamma / b (0 if the core is empty). */
static inline double core_log_price(const tw_model *m, const double *lw, const double *lva,
                                    const double *lnp, int n, int j)
{
    tw_dims d = m->d;
    const struct tw_production *p = m->prod;
    const double *io = m->w->io + tw_ix_nkj(d, n, 0, 0);
    double b = p->core[tw_ix_nj(d, n, j)];
    if (!(b > 0.0))
        return 0.0;
    double lc = m->w->va[tw_ix_nj(d, n, j)] * va_log_price(d, lw, lva, n, j);
    for (int k = 0; k < d.j; k++)
        if (!p->nest[tw_ix_kj(d, k, j)])
            lc += io[tw_ix_kj(d, k, j)] * lnp[tw_ix_nj(d, n, k)];
    return lc / b;
}

/* eq. (1'): unit costs ln c_hat into unew [n][j] at log wages lw [n] and log price indices
 * lnp [n][j], and the cost shares (S) at those prices into ws->va_eff and ws->io_eff. */
static void ces_costs(const tw_model *m, tw_workspace *ws, const double *lw, const double *lnp,
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
                unew[at] = cobb_douglas_cost(d, w->va, w->io, lw, ws->lva, lnp, n, j);
                ws->va_eff[at] = va;
                for (int k = 0; k < J; k++)
                    ioe[tw_ix_kj(d, k, j)] = io[tw_ix_kj(d, k, j)];
                continue;
            }
            const unsigned char *nest = p->nest;
            double b = p->core[at], rho = 1.0 - p->sigma[j];
            double lc = core_log_price(m, lw, ws->lva, lnp, n, j);
            /* eq. (1'): c^rho = b core^rho + sum_nest gamma P^rho. The shares add to one, so
             * c^rho - 1 = sum share * expm1(rho ln p): accurate as sigma -> 1 (rho -> 0), where
             * the formula tends to Cobb-Douglas. */
            double acc = b > 0.0 ? b * expm1(rho * lc) : 0.0;
            for (int k = 0; k < J; k++)
                if (nest[tw_ix_kj(d, k, j)])
                    acc += io[tw_ix_kj(d, k, j)] * expm1(rho * lnp[tw_ix_nj(d, n, k)]);
            double v = log1p(acc) / rho;
            unew[at] = v;
            /* Cost shares at these prices: gamma (p / c)^(1 - sigma) (Shephard's lemma). */
            double mcore = b > 0.0 ? exp(rho * (lc - v)) : 0.0;
            ws->va_eff[at] = va * mcore;
            for (int k = 0; k < J; k++) {
                double g = io[tw_ix_kj(d, k, j)];
                ioe[tw_ix_kj(d, k, j)] =
                    nest[tw_ix_kj(d, k, j)] ? g * exp(rho * (lnp[tw_ix_nj(d, n, k)] - v))
                                            : g * mcore;
            }
        }
    }
}

/* CES block. Inputs: z's ln w_hat [n], ws->lnp [n][j]. Outputs: ws->unew [n][j], the
 * right-hand side of eq. (1'); the cost shares (S) ws->va_eff [n][j] and ws->io_eff [n][k][j],
 * which ws->va_share and ws->io_share point at. Residual: eq. (1') at z. */
static double ces_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
    (void)gz;
    ces_costs(m, ws, z, ws->lnp, ws->unew);
    ws->va_share = ws->va_eff;
    ws->io_share = ws->io_eff;
    return cost_residual(m->d, ws->unew, z + m->d.n);
}

/* Reverse of eq. (1') and (S) for a CES using sector j of n. With v = ln c and
 * m_c = exp(rho (lc - v)): dv = b m_c dlc + sum_{k in nest} gamma'_k dlnp_k (the new cost
 * shares: Shephard's lemma again); the shares are gamma exp(rho (x - v)) with x = lc for value
 * added and the core's inputs, x = lnp_k for the nest's, so d share = rho share (dx - dv). */
static void ces_cost_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                             const double *lw, int n, int j, double *lwb)
{
    tw_dims d = m->d;
    const struct tw_production *p = m->prod;
    const double *io = m->w->io + tw_ix_nkj(d, n, 0, 0);
    const double *ioe = ws->io_eff + tw_ix_nkj(d, n, 0, 0);
    const double *iob = a->io_share + tw_ix_nkj(d, n, 0, 0);
    size_t at = tw_ix_nj(d, n, j);
    /* v = ln c_hat, eq. (1'), as computed (before a damping of the cost step: workspace.h). */
    double b = p->core[at], rho = 1.0 - p->sigma[j];
    double v = ws->unew_raw ? ws->unew_raw[at] : ws->unew[at];
    double lc = core_log_price(m, lw, ws->lva, ws->lnp, n, j);
    double mcore = b > 0.0 ? exp(rho * (lc - v)) : 0.0;
    /* Bars of the exponents (lc - v) of the core's shares, and (lnp_k - v) of the nest's. */
    double core_b = rho * a->va_share[at] * ws->va_eff[at];
    for (int k = 0; k < d.j; k++)
        if (!p->nest[tw_ix_kj(d, k, j)])
            core_b += rho * iob[tw_ix_kj(d, k, j)] * ioe[tw_ix_kj(d, k, j)];
    double vb = a->unew[at] - core_b;
    for (int k = 0; k < d.j; k++)
        if (p->nest[tw_ix_kj(d, k, j)])
            vb -= rho * iob[tw_ix_kj(d, k, j)] * ioe[tw_ix_kj(d, k, j)];
    for (int k = 0; k < d.j; k++)
        if (p->nest[tw_ix_kj(d, k, j)])
            a->lnp[tw_ix_nj(d, n, k)] += (rho * iob[tw_ix_kj(d, k, j)] + vb) *
                                         ioe[tw_ix_kj(d, k, j)];
    if (!(b > 0.0))
        return;
    double lcb = (core_b + vb * b * mcore) / b;
    if (a->lva) /* sector-specific value-added prices (src/model/specific.c) */
        a->lva[at] += lcb * m->w->va[at];
    else
        lwb[n] += lcb * m->w->va[at];
    for (int k = 0; k < d.j; k++)
        if (!p->nest[tw_ix_kj(d, k, j)])
            a->lnp[tw_ix_nj(d, n, k)] += lcb * io[tw_ix_kj(d, k, j)];
}

/* Reads the bars of unew, va_share and io_share; adds into the bars of ln w_hat (z) and lnp. */
static void ces_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                        const tw_vjp_args *r)
{
    tw_dims d = m->d;
    for (int n = 0; n < d.n; n++)
        for (int j = 0; j < d.j; j++) {
            if (m->prod->on[j])
                ces_cost_reverse(m, ws, a, r->z, n, j, r->zbar);
            else /* constant shares: only the cost itself has a derivative */
                cobb_douglas_cost_reverse(d, m->w->va, m->w->io, n, j,
                                          a->unew[tw_ix_nj(d, n, j)], r->zbar, a->lva, a->lnp);
        }
}

const tw_block tw_block_ces = {"ces", "(1'), (S)", ces_forward, ces_reverse};
