/* SPDX-License-Identifier: MIT */
/* The Liberation Day blocks (model/liberation.h, docs/model.md §2c): dot-product tests of each
 * block's reverse against central differences of its forward function, and of the whole
 * composition (state and tariff directions), with one sector and with three sectors and
 * input-output links; closed forms in a symmetric two-country world (with and without
 * roundabout production); the blocks switched off reproduce the Caliendo-Parro model;
 * blocks.csv's and scale_elasticities.csv's error messages. Aggregation and the shipped worlds
 * with blocks: test_liberation_sectors.c.
 *
 * Tolerance of the dot-product tests as in test_blocks.c: perturbations e = 1e-6 relative to
 * each input, truncation error of order e^2 and rounding of order 1e-10 relative to the terms;
 * we allow 1e-7 of the sum of |terms|. The closed forms are solved to a residual of 1e-12 and
 * compared to 1e-9 points (rounding of the closed form and of the solve, far below a wrong
 * equation's order-one error). */
#include "game_test.h"

#include "model/blocks.h"
#include "model/liberation.h"

typedef struct fixture {
    char dir[256];
    tw_world *w;
    tw_model *m;
    tw_policy *p;
    tw_equilibrium *eq;
    tw_workspace *ws;
    tw_map_adjoint *a;
    size_t S, N, NJ, nij; /* nij: tariffs, [j][n][i] */
    double *z, *gz, *gbar, *zbar, *tbar;
} fixture;

/* Sector-level scale elasticities of a three-sector random world (one country's own row, a
 * sector for every other country, a sector without economies of scale). */
#define SCALE3 "country,sector,scale_elasticity\nC1,S0,0.05\n*,S0,0.02\n*,S1,0\nC2,S2,0.06\n"

/* A random world of four countries with J sectors (input-output links if io) and the blocks. */
static void setup(fixture *f, uint64_t seed, int use, int J, int io)
{
    tw_error err;
    memset(f, 0, sizeof *f);
    tw_test_tmpdir(f->dir, sizeof f->dir);
    tw_test_random_world(f->dir, 4, J, seed, io, 0);
    tw_test_write(f->dir, "blocks.csv", TW_TEST_BLOCKS4);
    if (J == 3)
        tw_test_write(f->dir, "scale_elasticities.csv", SCALE3);
    assert_ok(tw_world_load(f->dir, NULL, &f->w, &err), &err);
    tw_model_options o = tw_test_model_options(TW_DEFICITS_FIXED, 1e-12);
    o.revenue_use = use;
    assert_ok(tw_model_create(f->w, &o, &f->m, &err), &err);
    assert_ptr_equal(f->m->map, &tw_map_liberation);
    tw_dims d = tw_world_dims(f->w);
    f->N = (size_t)d.n;
    f->NJ = f->N * (size_t)d.j;
    f->nij = f->NJ * f->N;
    assert_ok(tw_policy_create(f->m, &f->p), NULL);
    double *t = tw_policy_tariffs(f->p);
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++)
                if (i != n)
                    t[tw_ix_nij(d, n, i, j)] = 0.05 + 0.4 * tw_test_draw(seed, n, i, j, 21);
    f->eq = tw_equilibrium_create(f->m);
    assert_ok(tw_test_model_solve(f->m, f->p, f->eq, NULL, &err), &err);
    f->ws = tw_workspace_create(f->m, 0);
    f->a = tw_map_adjoint_create(f->m);
    assert_non_null(f->ws);
    assert_non_null(f->a);
    assert_ok(tw_model_quotas_prepare(f->m, f->ws, f->p), NULL);
    tw_model_coeffs(f->m, f->ws, f->p);
    f->S = tw_model_state_size(f->m, f->ws);
    double **vec[] = {&f->z, &f->gz, &f->gbar, &f->zbar};
    for (size_t k = 0; k < 4; k++)
        assert_non_null(*vec[k] = calloc(f->S, sizeof(double)));
    assert_non_null(f->tbar = calloc(f->nij, sizeof(double)));
    tw_model_state_from(f->m, f->ws, f->eq, f->z);
    for (size_t k = 0; k < f->S; k++) /* off the equilibrium */
        f->z[k] *= 1.0 + 0.05 * (tw_test_draw(seed, (int)k, 0, 0, 22) - 0.5);
    tw_model_map(f->m, f->ws, f->z, f->gz, NULL);
}

static void teardown(fixture *f)
{
    free(f->z);
    free(f->gz);
    free(f->gbar);
    free(f->zbar);
    free(f->tbar);
    tw_map_adjoint_free(f->a);
    tw_workspace_free(f->ws);
    tw_equilibrium_free(f->eq);
    tw_policy_free(f->p);
    tw_model_free(f->m);
    tw_world_free(f->w);
    tw_test_rmdir(f->dir);
}

/* A block variable: primal and bar arrays of len entries. */
typedef struct var {
    double *primal, *bar;
    size_t len;
} var;

#define WS(f, field) ((var){(f)->ws->field, (f)->a->field, (f)->N})
#define WSJ(f, field) ((var){(f)->ws->field, (f)->a->field, (f)->NJ}) /* [n][j] arrays */
#define Z_LW(f) ((var){(f)->z, (f)->zbar, (f)->N})

/* The forward pass up to (not including) block `upto` of the composition, at z: the inputs
 * of that block as the map computes them. */
static void forward_upto(fixture *f, const tw_block *upto)
{
    const tw_map_type *map = f->m->map;
    for (int b = 0; b < map->count && map->blocks[b] != upto; b++)
        map->blocks[b]->forward(f->m, f->ws, f->z, f->gz);
}

static double out_dot(const var *out, int nout, int salt)
{
    double s = 0.0;
    for (int o = 0; o < nout; o++)
        for (size_t k = 0; k < out[o].len; k++)
            s += (tw_test_draw(99, salt, o, (int)k, 31) - 0.5) * out[o].primal[k];
    return s;
}

/* (J^T v).u from the reverse against v.(F(x+eu) - F(x-eu))/2e from the forward. The block's
 * outputs that it rewrites in place (destination: lnp, y) are restored before each forward. */
static void dot_test_then(fixture *f, const tw_block *b, const tw_block *then, int salt, var *in,
                          int nin, var *out, int nout)
{
    const double e = 1e-6;
    tw_model_map(f->m, f->ws, f->z, f->gz, NULL);
    forward_upto(f, b);
    size_t total = 0;
    for (int v = 0; v < nin; v++)
        total += in[v].len;
    double *x0 = calloc(total, sizeof *x0), *u = calloc(total, sizeof *u);
    const size_t NJ = f->NJ;
    double *saved = calloc(3 * NJ, sizeof *saved);
    assert_non_null(x0);
    assert_non_null(u);
    assert_non_null(saved);
    memcpy(saved, f->ws->lnp, NJ * sizeof *saved);
    memcpy(saved + NJ, f->ws->y, NJ * sizeof *saved);
    memcpy(saved + 2 * NJ, f->ws->unew, NJ * sizeof *saved);
    size_t at = 0;
    for (int v = 0; v < nin; v++)
        for (size_t k = 0; k < in[v].len; k++, at++) {
            x0[at] = in[v].primal[k];
            u[at] = (tw_test_draw(97, salt, v, (int)k, 33) - 0.5) * fmax(fabs(x0[at]), 1e-3);
        }
    double side[2];
    for (int sgn = 0; sgn < 2; sgn++) {
        memcpy(f->ws->lnp, saved, NJ * sizeof *saved);
        memcpy(f->ws->y, saved + NJ, NJ * sizeof *saved);
        memcpy(f->ws->unew, saved + 2 * NJ, NJ * sizeof *saved);
        at = 0;
        for (int v = 0; v < nin; v++)
            for (size_t k = 0; k < in[v].len; k++, at++)
                in[v].primal[k] = x0[at] + (sgn ? e : -e) * u[at];
        b->forward(f->m, f->ws, f->z, f->gz);
        side[sgn] = out_dot(out, nout, salt);
        at = 0;
        for (int v = 0; v < nin; v++)
            for (size_t k = 0; k < in[v].len; k++, at++)
                in[v].primal[k] = x0[at];
    }
    double fd = (side[1] - side[0]) / (2 * e);
    memcpy(f->ws->lnp, saved, NJ * sizeof *saved);
    memcpy(f->ws->y, saved + NJ, NJ * sizeof *saved);
    memcpy(f->ws->unew, saved + 2 * NJ, NJ * sizeof *saved);
    b->forward(f->m, f->ws, f->z, f->gz); /* the intermediates at x0 */
    tw_map_adjoint_zero(f->m, f->a);
    memset(f->zbar, 0, f->S * sizeof *f->zbar);
    for (int v = 0; v < nin; v++)
        memset(in[v].bar, 0, in[v].len * sizeof(double));
    for (int o = 0; o < nout; o++)
        for (size_t k = 0; k < out[o].len; k++)
            out[o].bar[k] = tw_test_draw(99, salt, o, (int)k, 31) - 0.5;
    tw_vjp_args r = {f->z, f->gbar, f->zbar, NULL, f->p};
    b->reverse(f->m, f->ws, f->a, &r);
    if (then) /* a reverse that finishes b's (its own output bars are zero) */
        then->reverse(f->m, f->ws, f->a, &r);
    double ad = 0.0, terms = 0.0;
    at = 0;
    for (int v = 0; v < nin; v++)
        for (size_t k = 0; k < in[v].len; k++, at++) {
            double t = in[v].bar[k] * u[at];
            ad += t;
            terms += fabs(t);
        }
    assert_true(terms > 0.0);
    assert_close(ad, fd, 1e-7 * terms + 1e-12, "%s: (J^T v).u against differences", b->name);
    tw_model_map(f->m, f->ws, f->z, f->gz, NULL);
    free(x0);
    free(u);
    free(saved);
}

static void dot_test(fixture *f, const tw_block *b, int salt, var *in, int nin, var *out,
                     int nout)
{
    dot_test_then(f, b, NULL, salt, in, nin, out, nout);
}

static void check_blocks(fixture *f)
{
    {
        /* lnp is rewritten: its change is the forward's, the pass-through bar the identity
         * (the reverse adds nothing to it, the trade block's reverse reads it). */
        var in[] = {WSJ(f, x), WS(f, what)};
        var out[] = {WSJ(f, lnp)};
        dot_test(f, &tw_block_destination, 1, in, 2, out, 1);
    }
    {
        var in[] = {WS(f, what), WSJ(f, lnp), WS(f, rev)};
        var out[] = {WS(f, lhat)};
        dot_test(f, &tw_block_labour, 2, in, 3, out, 1);
    }
    {
        var in[] = {Z_LW(f), WS(f, lhat), WSJ(f, lnp), WSJ(f, y), WSJ(f, x), WSJ(f, rho)};
        var out[] = {WSJ(f, unew)};
        dot_test(f, &tw_block_scale, 3, in, 6, out, 1);
    }
    {
        var in[] = {WS(f, what), WS(f, lhat), WS(f, rev), WS(f, xrev)};
        var out[] = {WS(f, dnow), WS(f, income)};
        dot_test(f, &tw_block_labour_income, 4, in, 4, out, 2);
    }
    {
        /* The destination income's bar is finished by the destination block's reverse
         * (a->scratch_n, src/model/labour_market.c). */
        var in[] = {WS(f, what), WS(f, lhat), WSJ(f, y), WSJ(f, x), WS(f, rev)};
        var out[] = {WS(f, gap)};
        dot_test_then(f, &tw_block_labour_market, &tw_block_destination, 5, in, 5, out, 1);
    }
    {
        var in[] = {WS(f, what), WS(f, lhat), WS(f, xrev), WS(f, dnow), WSJ(f, rho), WSJ(f, y)};
        var out[] = {WSJ(f, xnew)};
        dot_test(f, &tw_block_labour_expenditure, 6, in, 6, out, 1);
    }
}

/* The whole map's reverse against differences, in the state and in the tariffs (the tariff
 * exponent phi of eq. (L1) in the instruments' reverse). */
static void check_composition(fixture *f)
{
    const double e = 1e-6;
    double *u = calloc(f->S, sizeof *u), *v = calloc(f->S, sizeof *v);
    double *z0 = calloc(f->S, sizeof *z0), *tu = calloc(f->nij, sizeof *tu);
    double *t0 = calloc(f->nij, sizeof *t0), *g[2];
    assert_non_null(g[0] = calloc(f->S, sizeof(double)));
    assert_non_null(g[1] = calloc(f->S, sizeof(double)));
    memcpy(z0, f->z, f->S * sizeof *z0);
    for (size_t k = 0; k < f->S; k++) {
        u[k] = (tw_test_draw(5, (int)k, 0, 0, 41) - 0.5) * fmax(fabs(z0[k]), 1e-3);
        v[k] = tw_test_draw(5, (int)k, 0, 0, 42) - 0.5;
    }
    for (size_t k = 0; k < f->nij; k++)
        if ((k / f->N) % f->N != k % f->N) /* [j][n][i]: not n's own */
            tu[k] = tw_test_draw(5, (int)k, 0, 0, 43) - 0.5;
    for (int sgn = 0; sgn < 2; sgn++) {
        for (size_t k = 0; k < f->S; k++)
            f->z[k] = z0[k] + (sgn ? e : -e) * u[k];
        tw_model_map(f->m, f->ws, f->z, g[sgn], NULL);
    }
    memcpy(f->z, z0, f->S * sizeof *z0);
    double fd = 0.0, ad = 0.0, terms = 0.0;
    for (size_t k = 0; k < f->S; k++)
        fd += v[k] * (g[1][k] - g[0][k]) / (2 * e);
    tw_model_map(f->m, f->ws, f->z, f->gz, NULL);
    memset(f->tbar, 0, f->nij * sizeof *f->tbar);
    tw_model_map_vjp(f->m, f->ws, f->a, f->z, v, NULL, f->zbar, f->tbar, f->p);
    for (size_t k = 0; k < f->S; k++) {
        ad += f->zbar[k] * u[k];
        terms += fabs(f->zbar[k] * u[k]);
    }
    assert_close(ad, fd, 1e-7 * terms + 1e-12, "whole map, state direction");
    ad = terms = 0.0;
    for (size_t k = 0; k < f->nij; k++) {
        ad += f->tbar[k] * tu[k];
        terms += fabs(f->tbar[k] * tu[k]);
    }
    double *t = tw_policy_tariffs(f->p);
    memcpy(t0, t, f->nij * sizeof *t0);
    for (int sgn = 0; sgn < 2; sgn++) {
        for (size_t k = 0; k < f->nij; k++)
            t[k] = t0[k] + (sgn ? e : -e) * tu[k];
        tw_model_coeffs(f->m, f->ws, f->p);
        tw_model_map(f->m, f->ws, f->z, g[sgn], NULL);
    }
    memcpy(t, t0, f->nij * sizeof *t0);
    tw_model_coeffs(f->m, f->ws, f->p);
    fd = 0.0;
    for (size_t k = 0; k < f->S; k++)
        fd += v[k] * (g[1][k] - g[0][k]) / (2 * e);
    assert_close(ad, fd, 1e-7 * terms + 1e-12, "whole map, tariff direction");
    tw_model_map(f->m, f->ws, f->z, f->gz, NULL);
    free(u);
    free(v);
    free(z0);
    free(tu);
    free(t0);
    free(g[0]);
    free(g[1]);
}

static void test_gradients(void **state)
{
    (void)state;
    for (int use = 0; use < 3; use++) {
        fixture f;
        setup(&f, 801 + (uint64_t)use, use, 1, 0);
        check_blocks(&f);
        check_composition(&f);
        teardown(&f);
    }
}

/* The same with three sectors and input-output links, sector-level scale elasticities
 * (scale_elasticities.csv): the generalised blocks of docs/model.md §2c. */
static void test_gradients_sectors(void **state)
{
    (void)state;
    for (int use = 0; use < 3; use++) {
        fixture f;
        setup(&f, 811 + (uint64_t)use, use, 3, 1);
        check_blocks(&f);
        check_composition(&f);
        teardown(&f);
    }
}

/* Symmetric two countries, domestic sales a, trade b each way, both with tariff t, no nu:
 * wages stay equal (w_hat = 1), the import share becomes lam' = b'/(a + b') with b' = b
 * (1+t)^-theta, the price index Pbar = ((a + b') / (a + b))^(-1/theta) times the cost
 * L^-psi, tariff revenue per unit spent rho = lam' t / (1+t). Employment: lump sum L =
 * (1/P)^kappa; labour tax tau = R / (wL L) = rho / (1 - rho), so L = ((1 - rho) / ((1 - 2 rho)
 * P))^kappa. With P = L^-psi Pbar: L^(1 - kappa psi) = (tau_hat / Pbar)^kappa. Spending X =
 * L wL / (1 - rho), welfare (delta = 1 + kappa with balanced trade and tau = 0 at the
 * baseline... see eq. (L7)). */
static void closed_form(int use, double psi, double gamma)
{
    const double a = 80.0, b = 20.0, t = 0.3, theta = 4.0, kappa = 0.5;
    char dir[256], blocks[512];
    tw_test_tmpdir(dir, sizeof dir);
    tw_test_write(dir, "countries.csv", "code,name\nA,A\nB,B\n");
    tw_test_write(dir, "sectors.csv", "code,name,theta\nS,S,4\n");
    tw_test_write(dir, "flows.csv", "exporter,importer,sector,value\nA,A,S,80\nA,B,S,20\n"
                                    "B,A,S,20\nB,B,S,80\n");
    snprintf(blocks, sizeof blocks,
             "country,nu,tariff_exponent,labour_elasticity,scale_elasticity,revenue_use\n"
             "A,0,1,%g,%g,%s\nB,0,1,%g,%g,%s\n",
             kappa, psi, use ? "labour_tax" : "lump_sum", kappa, psi,
             use ? "labour_tax" : "lump_sum");
    tw_test_write(dir, "blocks.csv", blocks);
    if (gamma < 1.0) { /* roundabout production: the sector buys its own goods */
        snprintf(blocks, sizeof blocks, "country,sector,share\nA,S,%.17g\nB,S,%.17g\n", gamma,
                 gamma);
        tw_test_write(dir, "value_added.csv", blocks);
        snprintf(blocks, sizeof blocks,
                 "country,input_sector,using_sector,share\nA,S,S,%.17g\nB,S,S,%.17g\n",
                 1 - gamma, 1 - gamma);
        tw_test_write(dir, "io.csv", blocks);
    }
    tw_error err;
    tw_world *w;
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    tw_model_options o = tw_test_model_options(TW_DEFICITS_FIXED, 1e-12);
    tw_results *r = tw_test_solve_shock(w, &o, "importer,exporter,sector,tariff\nA,B,S,0.3\n"
                                                "B,A,S,0.3\n");
    double bp = b * pow(1 + t, -theta), lam = bp / (a + bp), rho = lam * t / (1 + t);
    double pbar = pow((a + bp) / (a + b), -1.0 / theta);
    /* With value-added share gamma: gross output Y = L wL / gamma, spending X = Y / (1 - rho),
     * final spending I = X - (1 - gamma) Y, so I_hat = L (1/(1 - rho) - (1 - gamma)) / gamma;
     * the tax rate R / (L wL) = rho / (gamma (1 - rho)); P = c pbar and c = P^(1-gamma)
     * L^-psi give P = (pbar L^-psi)^(1/gamma). */
    double tau = use ? rho / (gamma * (1 - rho)) : 0.0, tau_hat = 1.0 / (1.0 - tau);
    double l = pow(tau_hat * pow(pbar, -1.0 / gamma), kappa / (1 - kappa * psi / gamma));
    double p = pow(pbar * pow(l, -psi), 1.0 / gamma);
    double x_hat = l * (1.0 / (1 - rho) - (1 - gamma)) / gamma;
    double delta = 1.0 / (1.0 - kappa * (1 - tau) / (1 + kappa));
    double welfare = 100 * (delta * x_hat / p + (1 - delta) * l / p - 1);
    for (int n = 0; n < 2; n++) {
        assert_close(r->country[n].employment_pct, 100 * (l - 1), 1e-9, "employment %d", n);
        assert_close(r->country[n].price_hat / r->country[n].wage_hat, p, 1e-11, "price %d", n);
        assert_close(r->country[n].welfare_pct, welfare, 1e-9, "welfare %d", n);
    }
    tw_results_free(r);
    tw_world_free(w);
    tw_test_rmdir(dir);
}

static void test_two_country_closed_form(void **state)
{
    (void)state;
    for (int use = 0; use < 2; use++) {
        closed_form(use, 0.0, 1.0);
        closed_form(use, 0.1675, 1.0);
        closed_form(use, 0.0, 0.45); /* input-output links (docs/model.md §2c) */
        closed_form(use, 0.1, 0.45);
    }
}

/* With every block off (nu = 0, phi = 1, kappa = 0, psi = 0) the composition is the
 * Caliendo-Parro model's: the same equilibrium to the solver's tolerance, and welfare_pct is
 * real income. */
static void blocks_off(int J, int io)
{
    char dir[256];
    tw_test_tmpdir(dir, sizeof dir);
    tw_test_random_world(dir, 5, J, 77, io, 0);
    const char *shock = "importer,exporter,sector,tariff\nC0,C1,S0,0.25\nC2,C0,*,0.4\n";
    tw_error err;
    tw_world *w;
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    tw_model_options o = tw_test_model_options(TW_DEFICITS_FIXED, 1e-12);
    tw_results *cp = tw_test_solve_shock(w, &o, shock);
    tw_world_free(w);
    tw_test_write(dir, "blocks.csv",
                  "country,nu,tariff_exponent,labour_elasticity,scale_elasticity,revenue_use\n"
                  "C0,0,1,0,0,labour_tax\nC1,0,1,0,0,lump_sum\nC2,0,1,0,0,labour_tax\n"
                  "C3,0,1,0,0,labour_tax\nC4,0,1,0,0,labour_tax\n");
    assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
    tw_results *ld = tw_test_solve_shock(w, &o, shock);
    for (int n = 0; n < 5; n++) {
        assert_close(ld->country[n].real_income_pct, cp->country[n].real_income_pct, 1e-8,
                     "real income %d", n);
        assert_close(ld->country[n].welfare_pct, cp->country[n].real_income_pct, 1e-8,
                     "welfare %d", n);
        assert_true(cp->country[n].welfare_pct == cp->country[n].real_income_pct);
        assert_true(ld->country[n].employment_pct == 0.0);
    }
    tw_results_free(cp);
    tw_results_free(ld);
    tw_world_free(w);
    tw_test_rmdir(dir);
}

/* The same with one sector, and with three sectors and input-output links. */
static void test_blocks_off(void **state)
{
    (void)state;
    blocks_off(1, 0);
    blocks_off(3, 1);
}

/* blocks.csv errors name the file, line, column and field. */
static void expect_error(const char *blocks, int sectors, const char *want)
{
    char dir[256];
    tw_test_tmpdir(dir, sizeof dir);
    tw_test_random_world(dir, 2, sectors, 5, 0, 0);
    tw_test_write(dir, "blocks.csv", blocks);
    tw_error err;
    tw_world *w = NULL;
    assert_int_equal(tw_world_load(dir, NULL, &w, &err), TW_ERR_INPUT);
    assert_null(w);
    if (!strstr(err.message, want) && !strstr(err.file, want)) {
        fprintf(stderr, "got: %s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
        fail();
    }
    tw_test_rmdir(dir);
}

/* scale_elasticities.csv errors, on a two-sector world with a valid blocks.csv: the message
 * as file:line:column: message (the field is in err.field). */
static void expect_scale_error(const char *blocks, const char *scale, const char *want)
{
    char dir[256], got[2048];
    tw_test_tmpdir(dir, sizeof dir);
    tw_test_random_world(dir, 2, 2, 5, 1, 0);
    tw_test_write(dir, "blocks.csv", blocks);
    tw_test_write(dir, "scale_elasticities.csv", scale);
    tw_error err;
    tw_world *w = NULL;
    assert_int_equal(tw_world_load(dir, NULL, &w, &err), TW_ERR_INPUT);
    assert_null(w);
    const char *base = strrchr(err.file, '/');
    snprintf(got, sizeof got, "%s:%d:%d: %s", base ? base + 1 : err.file, err.line, err.column,
             err.message);
    if (!strstr(got, want)) {
        fprintf(stderr, "got: %s\nwant: %s\n", got, want);
        fail();
    }
    tw_test_rmdir(dir);
}

static void test_blocks_errors(void **state)
{
    (void)state;
    {
        /* psi theta < 1 holds for the world's theta (4 .. 10) but not for a model's own theta
         * (tw_model_options.theta, e.g. a parameter draw): the model refuses it. */
        char dir[256];
        tw_test_tmpdir(dir, sizeof dir);
        tw_test_random_world(dir, 4, 1, 801, 0, 0);
        tw_test_write(dir, "blocks.csv", TW_TEST_BLOCKS4);
        tw_error err;
        tw_world *w;
        tw_model *m = NULL;
        assert_ok(tw_world_load(dir, NULL, &w, &err), &err);
        tw_model_options o = tw_test_model_options(TW_DEFICITS_FIXED, 1e-10);
        const double theta[] = {30.0};
        o.theta = theta;
        assert_int_equal(tw_model_create(w, &o, &m, &err), TW_ERR_INPUT);
        assert_null(m);
        assert_non_null(strstr(err.message, "C0, sector S0: scale elasticity 0.04 times the trade "
                                            "elasticity 30 in force is >= 1"));
        tw_world_free(w);
        tw_test_rmdir(dir);
    }
    const char *h = "country,nu,tariff_exponent,labour_elasticity,scale_elasticity,revenue_use\n";
    char b[512];
    snprintf(b, sizeof b, "%sC0,1.2,1,0.5,0,labour_tax\nC1,0,1,0.5,0,labour_tax\n", h);
    expect_error(b, 1, "expected a number in [0, 1)");
    snprintf(b, sizeof b, "%sC0,0.1,1,0.5,0,rebate\nC1,0,1,0.5,0,labour_tax\n", h);
    expect_error(b, 1, "expected 'lump_sum' or 'labour_tax'");
    snprintf(b, sizeof b, "%sC0,0.1,1,0.5,0,lump_sum\n", h);
    expect_error(b, 1, "country 'C1' has no row");
    snprintf(b, sizeof b, "%sC0,0.1,1,0.5,0,lump_sum\nC0,0.1,1,0.5,0,lump_sum\n", h);
    expect_error(b, 1, "already given on line 2");
    snprintf(b, sizeof b, "%sC9,0.1,1,0.5,0,lump_sum\n", h);
    expect_error(b, 1, "unknown country code 'C9'");
    snprintf(b, sizeof b, "%sC0,0.1,1,0.5,0.3,lump_sum\nC1,0,1,0.5,0,lump_sum\n", h);
    expect_error(b, 1, "the equilibrium is not determined");
    snprintf(b, sizeof b, "%sC0,0.1,0,0.5,0,lump_sum\nC1,0,1,0.5,0,lump_sum\n", h);
    expect_error(b, 1, "tariff exponent > 0");
    snprintf(b, sizeof b, "%sC0,0.1,1,0.5,0,lump_sum\nC1,0,1,0.5,0,lump_sum\n", h);
    const char *sh = "country,sector,scale_elasticity\n";
    char sc[256];
    snprintf(sc, sizeof sc, "%sC0,S1,0.01\nC0,S1,0.02\n", sh);
    expect_scale_error(b, sc, "scale_elasticities.csv:3:1: country 'C0' and sector 'S1' already "
                              "given on line 2");
    snprintf(sc, sizeof sc, "%s*,S0,0.01\n*,S0,0.02\n", sh);
    expect_scale_error(b, sc, "scale_elasticities.csv:3:1: country '*' and sector 'S0' already");
    snprintf(sc, sizeof sc, "%sC7,S0,0.01\n", sh);
    expect_scale_error(b, sc, "scale_elasticities.csv:2:1: unknown country code 'C7'");
    snprintf(sc, sizeof sc, "%sC0,X9,0.01\n", sh);
    expect_scale_error(b, sc, "scale_elasticities.csv:2:4: unknown sector code 'X9'");
    snprintf(sc, sizeof sc, "%sC0,S0,-0.1\n", sh);
    expect_scale_error(b, sc, "scale_elasticities.csv:2:7: expected a number in [0, 1)");
    snprintf(sc, sizeof sc, "%sC0,S0,0.9\n", sh);
    expect_scale_error(b, sc, "scale_elasticities.csv:2:7: scale elasticity 0.9 times the trade "
                              "elasticity");
    snprintf(sc, sizeof sc, "country,scale_elasticity\nC0,0.1\n");
    expect_scale_error(b, sc, "scale_elasticities.csv");
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradients),
        cmocka_unit_test(test_gradients_sectors),
        cmocka_unit_test(test_two_country_closed_form),
        cmocka_unit_test(test_blocks_off),
        cmocka_unit_test(test_blocks_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
