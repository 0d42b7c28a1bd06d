/* SPDX-License-Identifier: MIT */
/* Dot-product tests of every block of the equilibrium map (src/model/blocks.h): for random
 * directions u of a block's inputs and weights v of its outputs, at points that are not
 * equilibria,
 *     v . (F(x + e u) - F(x - e u)) / 2e  =  (J^T v) . u,
 * the left side from the block's forward function, the right from its reverse. Worlds: small
 * random worlds with input-output links, export taxes and binding quotas held by importers and
 * by exporters, with Cobb-Douglas production and with CES input nests (sigma < 1, sigma > 1, and
 * a sigma = 1 sector among them). The whole map and its reverse pass (their composition) get
 * the same test, in the state and in the tariffs.
 *
 * Tolerance: with perturbations e = 1e-6 relative to each input, the central difference has a
 * truncation error of order e^2 (1e-12) and a rounding error of order 1e-16 / e = 1e-10 relative
 * to the size of the terms; the tests allow 1e-7 relative to the sum of |terms| of (J^T v).u
 * (observed: at most 1.2e-8, in the CES block; 1e-11 to 4e-9 elsewhere), far below the
 * order-one error of a wrong or missing derivative. */
#include "test_util.h"

#include "model/blocks.h"
#include "model/production.h"
#include "model/specific.h"

/* One block input or output: the primal array, its bar, the length, and its kind. */
typedef enum var_kind {
    VAR_ARRAY,  /* primal and bar arrays of the same length */
    VAR_COEFS,  /* the coefficients a, b, r, e of every flow in `flows` (bars: trade block's) */
    VAR_TARIFF, /* the policy's tariffs on the flows in `flows` (bar: tbar); coefficients follow */
} var_kind;

typedef struct var {
    var_kind kind;
    double *primal, *bar;
    size_t len;
    const size_t *flows; /* VAR_COEFS and VAR_TARIFF: the flows, len of them */
} var;

typedef struct world {
    char dir[256];
    tw_world *w;
    tw_model *m;
    tw_policy *p;
    tw_equilibrium *eq;
    tw_workspace *ws;
    tw_map_adjoint *a;
    tw_dims d;
    size_t S, nij, nj;
    double *z, *gz, *gbar, *zbar, *tbar;
    /* flows of the tests: every flow with trade, and the subsets with and without quotas */
    size_t *flows_all, *flows_quota, *flows_free;
    size_t n_all, n_quota, n_free;
} world;

/* A 4-country, 4-sector random world; ces selects CES nests: input 0 in every user's nest with
 * sigma = 0.3, sector 2 a flat CES over all inputs with sigma = 2, sector 3 sigma = 1
 * (Cobb-Douglas inside the CES variant). The policy: tariffs, export taxes on two flows, and
 * quotas at 70% of today's border value on three flows, two held by importers, one by the
 * exporter; the test point z is its solved equilibrium, moved off it by 5% random changes with
 * every wedge strictly positive. */
/* Sector-specific factors (docs/model.md §2b) at the long horizon: country C0 with all of its
 * value added specific (no mobile labour), C1 a mix (0.5, 0, 1, 0.3), C2 0.4 in every sector,
 * C3 none (its value-added price is the mobile wage of eq. (6s)). */
static const char specific_csv[] = "country,sector,horizon,share\n"
                                   "C0,*,long,1\nC1,S0,long,0.5\nC1,S2,long,1\n"
                                   "C1,S3,long,0.3\nC2,*,long,0.4\n";

static void world_setup_with(world *f, uint64_t seed, int ces, tw_deficit_closure closure,
                             int spec)
{
    tw_error err;
    memset(f, 0, sizeof *f);
    tw_test_tmpdir(f->dir, sizeof f->dir);
    tw_test_random_world(f->dir, 4, 4, seed, 1, 0);
    if (spec == 1)
        tw_test_write(f->dir, "specific_factors.csv", specific_csv);
    if (spec == 2) /* profits (docs/model.md §2d): shares 1/sigma, one sector without */
        tw_test_write(f->dir, "profits.csv", "sector,share\nS0,0.2\nS1,0.125\nS2,0\nS3,0.4\n");
    assert_ok(tw_world_load(f->dir, NULL, &f->w, &err), &err);
    tw_model_options o = tw_test_model_options(closure, 1e-12);
    tw_input_elasticity rules[3] = {{0, TW_ALL_SECTORS, 0.3},
                                    {TW_ALL_SECTORS, 2, 2.0},
                                    {TW_NEST_MEMBERS, 3, 1.0}};
    if (ces) {
        o.input_elasticities = rules;
        o.input_elasticity_count = 3;
    }
    assert_ok(tw_model_create(f->w, &o, &f->m, &err), &err);
    assert_int_equal(f->m->prod->ces, ces);
    assert_int_equal(f->m->spec != NULL, spec == 1);
    assert_int_equal(f->m->map == &tw_map_cobb_douglas_profits, spec == 2);
    f->d = tw_world_dims(f->w);
    tw_dims d = f->d;
    assert_ok(tw_policy_create(f->m, &f->p), NULL);
    double *t = tw_policy_tariffs(f->p);
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++)
                if (i != n)
                    t[tw_ix_nij(d, n, i, j)] += 0.1 * tw_test_draw(seed, n, i, j, 21);
    tw_policy_export_taxes(f->p)[tw_ix_nij(d, 1, 0, 0)] = 0.15;
    tw_policy_export_taxes(f->p)[tw_ix_nij(d, 3, 2, 1)] = 0.05;
    const tw_equilibrium *b = f->m->base;
    struct {
        int n, i, j, holder;
    } caps[3] = {{0, 1, 0, TW_RENT_IMPORTER}, {2, 3, 1, TW_RENT_EXPORTER},
                 {1, 2, 2, TW_RENT_IMPORTER}};
    for (int q = 0; q < 3; q++) {
        size_t at = tw_ix_nij(d, caps[q].n, caps[q].i, caps[q].j);
        tw_policy_quotas(f->p)[at] =
            0.7 * tw_equilibrium_border_value(b, caps[q].n, caps[q].i, caps[q].j);
        tw_policy_quota_rent(f->p)[at] = (unsigned char)caps[q].holder;
    }
    f->eq = tw_equilibrium_create(f->m);
    assert_ok(tw_test_model_solve(f->m, f->p, f->eq, NULL, &err), &err);
    f->ws = tw_workspace_create(f->m, 0);
    f->a = tw_map_adjoint_create(f->m);
    assert_non_null(f->ws);
    assert_non_null(f->a);
    assert_ok(tw_model_quotas_prepare(f->m, f->ws, f->p), NULL);
    tw_model_coeffs(f->m, f->ws, f->p);
    assert_int_equal(f->ws->k.nq, 3);
    f->S = tw_model_state_size(f->m, f->ws);
    f->nj = (size_t)d.n * d.j;
    f->nij = f->nj * d.n;
    double **vec[] = {&f->z, &f->gz, &f->gbar, &f->zbar};
    for (size_t k = 0; k < sizeof vec / sizeof *vec; k++)
        assert_non_null(*vec[k] = calloc(f->S, sizeof(double)));
    assert_non_null(f->tbar = calloc(f->nij, sizeof(double)));
    tw_model_state_from(f->m, f->ws, f->eq, f->z);
    for (size_t k = 0; k < f->S; k++)
        f->z[k] *= 1.0 + 0.05 * (tw_test_draw(seed, (int)k, 0, 0, 22) - 0.5);
    for (int q = 0; q < 3; q++) {
        /* Binding wedges, well inside the smooth region of the projection. */
        double *s = &f->z[f->S - 3 + (size_t)q];
        *s = fmax(*s, 0.05 + 0.1 * tw_test_draw(seed, q, 0, 0, 23));
    }
    f->flows_all = calloc(f->nij, sizeof(size_t));
    f->flows_quota = calloc(f->nij, sizeof(size_t));
    f->flows_free = calloc(f->nij, sizeof(size_t));
    assert_non_null(f->flows_all);
    assert_non_null(f->flows_quota);
    assert_non_null(f->flows_free);
    for (size_t at = 0; at < f->nij; at++) {
        if (!(f->m->pi0[at] > 0))
            continue;
        f->flows_all[f->n_all++] = at;
        if (isfinite(tw_policy_quotas_const(f->p)[at]))
            f->flows_quota[f->n_quota++] = at;
        else if (at / d.n % d.n != at % d.n) /* tariffs: foreign flows only */
            f->flows_free[f->n_free++] = at;
    }
    /* The forward intermediates at z. */
    tw_model_map(f->m, f->ws, f->z, f->gz, NULL);
}

static void world_setup(world *f, uint64_t seed, int ces, tw_deficit_closure closure)
{
    world_setup_with(f, seed, ces, closure, 0);
}

static void world_teardown(world *f)
{
    free(f->z);
    free(f->gz);
    free(f->gbar);
    free(f->zbar);
    free(f->tbar);
    free(f->flows_all);
    free(f->flows_quota);
    free(f->flows_free);
    tw_map_adjoint_free(f->a);
    tw_workspace_free(f->ws);
    tw_equilibrium_free(f->eq);
    tw_policy_free(f->p);
    tw_model_free(f->m);
    tw_world_free(f->w);
    tw_test_rmdir(f->dir);
}


static double *coef_array(world *f, int c)
{
    double *arr[4] = {f->ws->k.a, f->ws->k.b, f->ws->k.r, f->ws->k.e};
    return arr[c];
}

/* Number of scalar entries of a variable, and a pointer to entry k of its primal. */
static size_t var_size(const var *v) { return v->kind == VAR_COEFS ? 4 * v->len : v->len; }

static double *var_entry(world *f, const var *v, size_t k)
{
    size_t count = v->len;
    const size_t *flows = v->flows;
    switch (v->kind) {
    case VAR_COEFS:
        return &coef_array(f, (int)(k / count))[flows[k % count]];
    case VAR_TARIFF:
        return &tw_policy_tariffs(f->p)[flows[k]];
    default:
        return &v->primal[k];
    }
}

/* The bar of entry k (after a reverse pass). */
static double var_bar(world *f, const var *v, size_t k)
{
    size_t count = v->len;
    const size_t *flows = v->flows;
    switch (v->kind) {
    case VAR_COEFS: {
        size_t at = flows[k % count];
        double bar[4];
        int j = (int)(at / ((size_t)f->d.n * f->d.n)), n = (int)(at / f->d.n % f->d.n);
        tw_trade_coeff_bars(f->m, f->ws, f->a, n, (int)(at % f->d.n), j, bar);
        return bar[k / count];
    }
    case VAR_TARIFF:
        return f->tbar[flows[k]];
    default:
        return v->bar[k];
    }
}

/* A random weight for entry k of output variable o (salted by the block's index). */
static double weight(int block, int o, size_t k)
{
    return tw_test_draw(99, block, o, (int)k, 31) - 0.5;
}

/* Weighted sum of the outputs. Outputs of kind VAR_COEFS use the weights the trade block's
 * bars define (set at random before the call), so that their reverse can be fed. */
static double outputs_dot(world *f, int block, const var *out, int nout)
{
    double s = 0.0;
    for (int o = 0; o < nout; o++)
        for (size_t k = 0; k < var_size(&out[o]); k++) {
            double wk = out[o].kind == VAR_COEFS ? var_bar(f, &out[o], k) : weight(block, o, k);
            s += wk * *var_entry(f, &out[o], k);
        }
    return s;
}

/* Re-derives everything from the policy and z: coefficients, then the whole forward pass. */
static void refresh(world *f)
{
    tw_model_coeffs(f->m, f->ws, f->p);
    tw_model_map(f->m, f->ws, f->z, f->gz, NULL);
}

/* Random bars of the trade block's coefficient representation (the weights of VAR_COEFS
 * outputs). */
static void random_coef_bars(world *f, int block)
{
    for (size_t k = 0; k < f->nj; k++) {
        f->a->s_sum[k] = tw_test_draw(98, block, 0, (int)k, 32) - 0.5;
        f->a->rs_sum[k] = tw_test_draw(98, block, 1, (int)k, 32) - 0.5;
        f->a->acc[k] = tw_test_draw(98, block, 2, (int)k, 32) - 0.5;
        f->a->xacc[k] = tw_test_draw(98, block, 3, (int)k, 32) - 0.5;
    }
}

/* The dot-product test of one function pair. forward == NULL means the instruments block
 * (tw_model_coeffs, run by refresh); reverse == NULL means tw_instruments_reverse. */
static void dot_test(world *f, const char *what, int block, const tw_block *b, const var *in,
                     int nin, const var *out, int nout)
{
    const double e = 1e-6;
    int coef_out = 0;
    for (int o = 0; o < nout; o++)
        coef_out |= out[o].kind == VAR_COEFS;
    refresh(f);
    size_t total = 0;
    for (int v = 0; v < nin; v++)
        total += var_size(&in[v]);
    double *x0 = calloc(total, sizeof *x0), *u = calloc(total, sizeof *u);
    assert_non_null(x0);
    assert_non_null(u);
    size_t at = 0;
    for (int v = 0; v < nin; v++)
        for (size_t k = 0; k < var_size(&in[v]); k++, at++) {
            x0[at] = *var_entry(f, &in[v], k);
            u[at] = (tw_test_draw(97, block, v, (int)k, 33) - 0.5) * fmax(fabs(x0[at]), 1e-3);
        }
    double side[2];
    for (int sgn = 0; sgn < 2; sgn++) {
        at = 0;
        for (int v = 0; v < nin; v++)
            for (size_t k = 0; k < var_size(&in[v]); k++, at++)
                *var_entry(f, &in[v], k) = x0[at] + (sgn ? e : -e) * u[at];
        int tariffs = 0;
        for (int v = 0; v < nin; v++)
            tariffs |= in[v].kind == VAR_TARIFF;
        if (tariffs) /* the coefficients follow the tariffs; the block reads them */
            tw_model_coeffs(f->m, f->ws, f->p);
        if (coef_out)
            random_coef_bars(f, block);
        if (b)
            b->forward(f->m, f->ws, f->z, f->gz);
        side[sgn] = outputs_dot(f, block, out, nout);
        at = 0;
        for (int v = 0; v < nin; v++)
            for (size_t k = 0; k < var_size(&in[v]); k++, at++)
                *var_entry(f, &in[v], k) = x0[at];
        refresh(f);
    }
    double fd = (side[1] - side[0]) / (2 * e);
    /* Reverse at the unperturbed point. */
    tw_map_adjoint_zero(f->m, f->a);
    memset(f->zbar, 0, f->S * sizeof *f->zbar);
    memset(f->tbar, 0, f->nij * sizeof *f->tbar);
    memset(f->gbar, 0, f->S * sizeof *f->gbar);
    for (int o = 0; o < nout; o++)
        for (size_t k = 0; k < var_size(&out[o]); k++)
            if (out[o].kind == VAR_ARRAY)
                out[o].bar[k] = weight(block, o, k);
    if (coef_out)
        random_coef_bars(f, block);
    tw_vjp_args r = {f->z, f->gbar, f->zbar, f->tbar, f->p};
    if (b)
        b->reverse(f->m, f->ws, f->a, &r);
    else
        tw_instruments_reverse(f->m, f->ws, f->a, &r);
    double ad = 0.0, terms = 0.0;
    at = 0;
    for (int v = 0; v < nin; v++)
        for (size_t k = 0; k < var_size(&in[v]); k++, at++) {
            double t = var_bar(f, &in[v], k) * u[at];
            ad += t;
            terms += fabs(t);
        }
    assert_true(terms > 0.0); /* the test exercises something */
    assert_close(ad, fd, 1e-7 * terms + 1e-12, "%s: (J^T v).u against differences", what);
    free(x0);
    free(u);
}

/* The state's parts as variables. */
#define Z_LW(f) ((var){VAR_ARRAY, (f)->z, (f)->zbar, (size_t)(f)->d.n, NULL})
#define Z_U(f) ((var){VAR_ARRAY, (f)->z + (f)->d.n, (f)->zbar + (f)->d.n, (f)->nj, NULL})
#define Z_XS(f)                                                                                \
    ((var){VAR_ARRAY, (f)->z + (f)->d.n + (f)->nj, (f)->zbar + (f)->d.n + (f)->nj, (f)->nj, NULL})
#define Z_Q(f)                                                                                 \
    ((var){VAR_ARRAY, (f)->z + (f)->S - 3, (f)->zbar + (f)->S - 3, 3, NULL})
#define G_MAIN(f) ((var){VAR_ARRAY, (f)->gz, (f)->gbar, (size_t)(f)->d.n + 2 * (f)->nj, NULL})
#define G_Q(f) ((var){VAR_ARRAY, (f)->gz + (f)->S - 3, (f)->gbar + (f)->S - 3, 3, NULL})
#define WS(f, field, len) ((var){VAR_ARRAY, (f)->ws->field, (f)->a->field, (len), NULL})

/* Every block of the world's composition, one at a time. */
static void check_blocks(world *f)
{
    const size_t N = (size_t)f->d.n, NJ = f->nj, NJJ = NJ * f->d.j;
    int ces = f->m->prod->ces;
    var coefs_all = {VAR_COEFS, NULL, NULL, f->n_all, f->flows_all};
    var coefs_quota = {VAR_COEFS, NULL, NULL, f->n_quota, f->flows_quota};
    var t_free = {VAR_TARIFF, NULL, NULL, f->n_free, f->flows_free};
    var t_quota = {VAR_TARIFF, NULL, NULL, f->n_quota, f->flows_quota};
    {
        var in[] = {Z_Q(f), t_quota};
        var out[] = {coefs_quota};
        dot_test(f, "quota wedges", 0, &tw_block_quota_wedges, in, 2, out, 1);
    }
    {
        var in[] = {Z_LW(f), Z_XS(f)};
        var out[] = {WS(f, what, N), WS(f, x, NJ)};
        dot_test(f, "state", 1, &tw_block_state, in, 2, out, 2);
    }
    {
        var in[] = {Z_U(f), WS(f, x, NJ), coefs_all};
        var out[] = {WS(f, cpow, NJ), WS(f, inv_s, NJ), WS(f, lnp, NJ), WS(f, rho, NJ),
                     WS(f, rev, N),   WS(f, y, NJ),     WS(f, xrev, N)};
        dot_test(f, "trade", 2, &tw_block_trade, in, 3, out, 7);
    }
    /* With specific factors, production reads the sectors' value-added prices (lva), not the
     * state's wages. */
    var lw_in = f->m->spec ? WS(f, lva, NJ) : Z_LW(f);
    if (f->m->spec) {
        var in[] = {WS(f, y, NJ), WS(f, lnp, NJ), Z_U(f)};
        var out[] = {WS(f, lva, NJ)};
        dot_test(f, "specific factors", 10, &tw_block_specific, in, ces ? 3 : 1, out, 1);
        var din[] = {WS(f, unew, NJ), Z_U(f)};
        var dout[] = {WS(f, unew, NJ)};
        dot_test(f, "specific damping", 11, &tw_block_specific_damp, din, 2, dout, 1);
    }
    if (ces) {
        var in[] = {lw_in, WS(f, lnp, NJ)};
        /* The shares' primal arrays are the CES block's own (va_eff, io_eff). */
        var out[] = {WS(f, unew, NJ), {VAR_ARRAY, f->ws->va_eff, f->a->va_share, NJ, NULL},
                     {VAR_ARRAY, f->ws->io_eff, f->a->io_share, NJJ, NULL}};
        dot_test(f, "ces production", 3, &tw_block_ces, in, 2, out, 3);
    } else {
        var in[] = {lw_in, WS(f, lnp, NJ)};
        var out[] = {WS(f, unew, NJ)};
        dot_test(f, "cobb-douglas production", 3, &tw_block_cobb_douglas, in, 2, out, 1);
    }
    int prof = f->ws->profit != NULL;
    if (prof) {
        var in[] = {WS(f, y, NJ)};
        var out[] = {WS(f, profit, N), WS(f, ylab, NJ)};
        dot_test(f, "profits", 12, &tw_block_profits, in, 1, out, 2);
    }
    {
        var in[] = {WS(f, what, N), WS(f, rev, N), WS(f, xrev, N), WS(f, profit, N)};
        var out[] = {WS(f, dnow, N), WS(f, income, N)};
        dot_test(f, "income", 4, &tw_block_income, in, 3 + prof, out, 2);
    }
    {
        var in[4] = {WS(f, what, N), prof ? WS(f, ylab, NJ) : WS(f, y, NJ)};
        if (ces)
            in[2] = (var){VAR_ARRAY, f->ws->va_eff, f->a->va_share, NJ, NULL};
        var out[] = {WS(f, gap, N)};
        dot_test(f, "factors", 5, &tw_block_factors, in, ces ? 3 : 2, out, 1);
    }
    {
        var in[7] = {WS(f, y, NJ), WS(f, rho, NJ), WS(f, what, N), WS(f, xrev, N),
                     WS(f, dnow, N)};
        if (ces)
            in[5] = (var){VAR_ARRAY, f->ws->io_eff, f->a->io_share, NJJ, NULL};
        if (prof)
            in[5] = WS(f, profit, N);
        var out[] = {WS(f, xnew, NJ)};
        dot_test(f, "expenditure", 6, &tw_block_expenditure, in, ces || prof ? 6 : 5, out, 1);
    }
    {
        var in[] = {Z_Q(f), WS(f, x, NJ), WS(f, cpow, NJ), WS(f, inv_s, NJ), t_quota};
        var out[] = {G_Q(f)};
        dot_test(f, "quota step", 7, &tw_block_quota_step, in, 5, out, 1);
    }
    {
        var in[] = {Z_LW(f), WS(f, gap, N), WS(f, unew, NJ), WS(f, xnew, NJ)};
        var out[] = {G_MAIN(f)};
        dot_test(f, "step", 8, &tw_block_step, in, 4, out, 1);
    }
    {
        var in[] = {t_free};
        var out[] = {coefs_all};
        dot_test(f, "instruments", 9, NULL, in, 1, out, 1);
    }
}

/* The composition: tw_model_map_vjp is the transpose of the whole map's Jacobian, in the state
 * (all of it, wedges included) and in every tariff (quota flows included). */
static void check_composition(world *f)
{
    const double e = 1e-6;
    refresh(f);
    double *u = calloc(f->S, sizeof *u), *v = calloc(f->S, sizeof *v);
    double *z0 = calloc(f->S, sizeof *z0);
    double *tu = calloc(f->nij, sizeof *tu), *g[2];
    assert_non_null(g[0] = calloc(f->S, sizeof(double)));
    assert_non_null(g[1] = calloc(f->S, sizeof(double)));
    memcpy(z0, f->z, f->S * sizeof *z0);
    for (size_t k = 0; k < f->S; k++) {
        u[k] = (tw_test_draw(5, (int)k, 0, 0, 41) - 0.5) * fmax(fabs(z0[k]), 1e-3);
        v[k] = tw_test_draw(5, (int)k, 0, 0, 42) - 0.5;
    }
    for (size_t k = 0; k < f->n_all; k++)
        tu[f->flows_all[k]] = tw_test_draw(5, (int)k, 0, 0, 43) - 0.5;
    /* State direction. */
    double terms = 0.0, fd, ad = 0.0;
    for (int sgn = 0; sgn < 2; sgn++) {
        for (size_t k = 0; k < f->S; k++)
            f->z[k] = z0[k] + (sgn ? e : -e) * u[k];
        tw_model_map(f->m, f->ws, f->z, g[sgn], NULL);
    }
    memcpy(f->z, z0, f->S * sizeof *z0);
    fd = 0.0;
    for (size_t k = 0; k < f->S; k++)
        fd += v[k] * (g[1][k] - g[0][k]) / (2 * e);
    refresh(f);
    memset(f->tbar, 0, f->nij * sizeof *f->tbar); /* tw_model_map_vjp adds into it */
    tw_model_map_vjp(f->m, f->ws, f->a, f->z, v, NULL, f->zbar, f->tbar, f->p);
    for (size_t k = 0; k < f->S; k++) {
        ad += f->zbar[k] * u[k];
        terms += fabs(f->zbar[k] * u[k]);
    }
    assert_close(ad, fd, 1e-7 * terms + 1e-12, "whole map, state direction");
    /* Tariff direction (the tbar of the same reverse pass). */
    ad = 0.0;
    terms = 0.0;
    for (size_t k = 0; k < f->nij; k++) {
        ad += f->tbar[k] * tu[k];
        terms += fabs(f->tbar[k] * tu[k]);
    }
    double *t = tw_policy_tariffs(f->p), *t0 = calloc(f->nij, sizeof *t0);
    memcpy(t0, t, f->nij * sizeof *t0);
    for (int sgn = 0; sgn < 2; sgn++) {
        for (size_t k = 0; k < f->nij; k++)
            t[k] = t0[k] + (sgn ? e : -e) * tu[k];
        tw_model_coeffs(f->m, f->ws, f->p);
        tw_model_map(f->m, f->ws, f->z, g[sgn], NULL);
    }
    memcpy(t, t0, f->nij * sizeof *t0);
    fd = 0.0;
    for (size_t k = 0; k < f->S; k++)
        fd += v[k] * (g[1][k] - g[0][k]) / (2 * e);
    assert_close(ad, fd, 1e-7 * terms + 1e-12, "whole map, tariff direction");
    refresh(f);
    free(u);
    free(v);
    free(z0);
    free(tu);
    free(t0);
    free(g[0]);
    free(g[1]);
}

static void test_blocks_cobb_douglas(void **state)
{
    (void)state;
    for (int closure = 0; closure < 3; closure++) {
        world f;
        world_setup(&f, 501 + (uint64_t)closure, 0, (tw_deficit_closure)closure);
        check_blocks(&f);
        check_composition(&f);
        world_teardown(&f);
    }
}

static void test_blocks_ces(void **state)
{
    (void)state;
    for (int closure = 0; closure < 3; closure++) {
        world f;
        world_setup(&f, 601 + (uint64_t)closure, 1, (tw_deficit_closure)closure);
        check_blocks(&f);
        check_composition(&f);
        world_teardown(&f);
    }
}

/* The same with sector-specific factors: the specific block (with mobile labour, and in the
 * CES worlds Newton on eq. (6s) in every country with mobile labour), its damping, and
 * production reading the sectors' value-added prices. (With Cobb-Douglas production the
 * specific block reads gross output only: ln P and ln c enter through CES cost shares.) */
static void test_blocks_specific(void **state)
{
    (void)state;
    for (int ces = 0; ces < 2; ces++)
        for (int closure = 0; closure < 3; closure += 2) {
            world f;
            world_setup_with(&f, 701 + (uint64_t)(2 * ces + closure), ces,
                             (tw_deficit_closure)closure, 1);
            assert_int_equal(f.m->spec->newton[1], ces);
            assert_int_equal(f.m->spec->newton[3], ces);
            assert_int_equal(f.m->spec->mobile[0], 0);
            check_blocks(&f);
            check_composition(&f);
            world_teardown(&f);
        }
}

/* Profits (docs/model.md §2d): the profits block between production and income, and the
 * blocks that read its outputs (income, factors, expenditure), under each deficit closure. */
static void test_blocks_profits(void **state)
{
    (void)state;
    for (int closure = 0; closure < 3; closure++) {
        world f;
        world_setup_with(&f, 801 + (uint64_t)closure, 0, (tw_deficit_closure)closure, 2);
        check_blocks(&f);
        check_composition(&f);
        world_teardown(&f);
    }
}

/* The compositions are the documented lists: the CES one replaces only the production block. */
static void test_compositions(void **state)
{
    (void)state;
    assert_int_equal(tw_map_cobb_douglas.count, tw_map_ces.count);
    int differ = 0;
    for (int b = 0; b < tw_map_ces.count; b++)
        if (tw_map_ces.blocks[b] != tw_map_cobb_douglas.blocks[b]) {
            differ++;
            assert_ptr_equal(tw_map_ces.blocks[b], &tw_block_ces);
            assert_ptr_equal(tw_map_cobb_douglas.blocks[b], &tw_block_cobb_douglas);
        }
    assert_int_equal(differ, 1);
    /* With specific factors: the same lists with the specific block before production and
     * its damping after it (docs/model.md §2b). */
    const tw_map_type *plain[2] = {&tw_map_cobb_douglas, &tw_map_ces};
    const tw_map_type *spec[2] = {&tw_map_cobb_douglas_specific, &tw_map_ces_specific};
    for (int v = 0; v < 2; v++) {
        assert_int_equal(spec[v]->count, plain[v]->count + 2);
        int k = 0;
        for (int b = 0; b < spec[v]->count; b++) {
            const tw_block *blk = spec[v]->blocks[b];
            if (blk == &tw_block_specific || blk == &tw_block_specific_damp)
                continue;
            assert_ptr_equal(blk, plain[v]->blocks[k++]);
        }
        assert_int_equal(k, plain[v]->count);
        assert_ptr_equal(spec[v]->blocks[3], &tw_block_specific);
        assert_ptr_equal(spec[v]->blocks[5], &tw_block_specific_damp);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compositions),
        cmocka_unit_test(test_blocks_cobb_douglas),
        cmocka_unit_test(test_blocks_ces),
        cmocka_unit_test(test_blocks_specific),
        cmocka_unit_test(test_blocks_profits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
