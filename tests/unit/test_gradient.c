/* SPDX-License-Identifier: MIT */
/* Exact payoff gradients (adjoint / implicit-function theorem) against central finite
 * differences of re-solved equilibria, on small random worlds with fixed seeds. */
#include "game_test.h"

#include "model/adjoint.h"
#include "model/model_internal.h"
#include "model/workspace.h"

typedef tw_test_game fixture;

/* The horizon the fixture's world is loaded at (docs/model.md §2b) and a specific_factors.csv
 * to write into it (NULL: none); set by the horizon tests, reset after them. */
static double fixture_years = INFINITY;
static const char *fixture_specific;

/* The fixture on a random world, with the CES nests of `rules` (NULL: Cobb-Douglas) and, if
 * quotas is set, quotas at 75% of the border value without them on two flows (rent to the
 * importer and to the exporter), binding at the fixture's equilibrium. */
static void setup_with(fixture *f, int n, int j, uint64_t seed, int io,
                       tw_deficit_closure closure, const tw_input_elasticity *rules,
                       int n_rules, int quotas)
{
    tw_error err;
    memset(f, 0, sizeof *f);
    tw_test_tmpdir(f->dir, sizeof f->dir);
    tw_test_random_world(f->dir, n, j, seed, io, 0);
    if (fixture_specific)
        tw_test_write(f->dir, "specific_factors.csv", fixture_specific);
    tw_world_options wo;
    tw_world_options_init(&wo);
    wo.horizon_years = fixture_years;
    assert_ok(tw_world_load(f->dir, &wo, &f->w, &err), &err);
    tw_model_options so = tw_test_model_options(closure, 1e-13);
    so.input_elasticities = rules;
    so.input_elasticity_count = n_rules;
    assert_ok(tw_model_create(f->w, &so, &f->m, &err), &err);
    assert_ok(tw_game_create(f->m, NULL, &f->g, &err), &err);
    assert_ok(tw_policy_create(f->m, &f->p), NULL);
    assert_ok(tw_policy_create(f->m, &f->q), NULL);
    f->eq = tw_equilibrium_create(f->m);
    f->eq2 = tw_equilibrium_create(f->m);
    /* Move away from the baseline so that the gradient is taken at a non-trivial point. */
    tw_dims d = tw_world_dims(f->w);
    double *t = tw_policy_tariffs(f->p);
    for (int s = 0; s < d.j; s++)
        for (int a = 0; a < d.n; a++)
            for (int b = 0; b < d.n; b++)
                if (a != b)
                    t[tw_ix_nij(d, a, b, s)] += 0.2 * tw_test_draw(seed, a, b, s, 11);
    assert_ok(tw_test_model_solve(f->m, f->p, f->eq, NULL, &err), &err);
    if (quotas) {
        size_t q0 = tw_ix_nij(d, 0, 1, 0), q1 = tw_ix_nij(d, 2, 0, 1);
        tw_policy_quotas(f->p)[q0] = 0.75 * tw_equilibrium_border_value(f->eq, 0, 1, 0);
        tw_policy_quotas(f->p)[q1] = 0.75 * tw_equilibrium_border_value(f->eq, 2, 0, 1);
        tw_policy_quota_rent(f->p)[q1] = TW_RENT_EXPORTER;
        assert_ok(tw_test_model_solve(f->m, f->p, f->eq, NULL, &err), &err);
        assert_true(tw_equilibrium_quota_wedge(f->eq, 0, 1, 0) > 0.01);
        assert_true(tw_equilibrium_quota_wedge(f->eq, 2, 0, 1) > 0.01);
    }
}

static void setup(fixture *f, int n, int j, uint64_t seed, int io, tw_deficit_closure closure)
{
    setup_with(f, n, j, seed, io, closure, NULL, 0, 0);
}

static void teardown(fixture *f) { tw_test_game_teardown(f); }

/* Every tariff entry of the world: the adjoint gradient matches (W(t+h) - W(t-h)) / 2h. The
 * difference quotient's error is O(h^2 W''') + O(solver tolerance / h), about 1e-9 here. */
static void check_all_entries(fixture *f, const tw_objective *obj)
{
    tw_error err;
    tw_dims d = tw_world_dims(f->w);
    size_t nij = (size_t)d.n * d.n * d.j;
    double *grad = calloc(nij, sizeof *grad);
    tw_adjoint_report rep;
    double value;
    assert_ok(tw_game_gradient(f->g, f->p, f->eq, obj, &value, grad, &rep, &err), &err);
    assert_true(rep.converged);
    assert_close(value, tw_objective_value(f->m, f->eq, obj), 1e-15, "payoff value");
    double gmax = 0.0;
    for (size_t k = 0; k < nij; k++)
        gmax = fmax(gmax, fabs(grad[k]));
    assert_true(gmax > 1e-4);
    tw_test_game_check_fd(f, obj, grad);
    free(grad);
}

static void test_gradient_io_fixed(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 4, 3, 101, 1, TW_DEFICITS_FIXED);
    for (int c = 0; c < 4; c++) {
        tw_objective obj = {.country = c};
        check_all_entries(&f, &obj);
    }
    teardown(&f);
}

static void test_gradient_no_io_zero_deficits(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 3, 2, 202, 0, TW_DEFICITS_ZERO);
    tw_objective obj = {.country = 1};
    check_all_entries(&f, &obj);
    teardown(&f);
}

static void test_gradient_proportional(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 3, 3, 303, 1, TW_DEFICITS_PROPORTIONAL);
    tw_objective obj = {.country = 2};
    check_all_entries(&f, &obj);
    teardown(&f);
}

static void test_gradient_sector_weights(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 3, 3, 404, 1, TW_DEFICITS_FIXED);
    double weights[3] = {0.0, 0.7, 0.2};
    tw_objective obj = {.country = 0, .sector_weights = weights};
    check_all_entries(&f, &obj);
    teardown(&f);
}

/* The reverse pass is the transpose of the map's Jacobian, at points that are not equilibria
 * too: v . (G(z + e u) - G(z - e u)) / 2e = (dG/dz^T v) . u for random u and v, and the same
 * for the tariff direction. */
static void test_vjp_dot_product(void **state)
{
    (void)state;
    for (int closure = 0; closure < 3; closure++) {
        fixture f;
        setup(&f, 3, 3, 606 + closure, 1, (tw_deficit_closure)closure);
        tw_model *m = f.m;
        tw_workspace *ws = tw_workspace_create(m, 0);
        assert_non_null(ws);
        tw_dims d = tw_world_dims(f.w);
        size_t S = tw_model_state_size(m, ws), nij = (size_t)d.n * d.n * d.j;
        double *z = calloc(S, sizeof *z), *zp = calloc(S, sizeof *z), *zm = calloc(S, sizeof *z);
        double *gp = calloc(S, sizeof *z), *gm = calloc(S, sizeof *z), *u = calloc(S, sizeof *z);
        double *v = calloc(S, sizeof *z), *zb = calloc(S, sizeof *z), *tb = calloc(nij, sizeof *tb);
        tw_map_adjoint *adj = tw_map_adjoint_create(m);
        tw_model_coeffs(m, ws, f.p);
        tw_model_state_from(m, ws, f.eq, z);
        for (size_t k = 0; k < S; k++) {
            z[k] *= 1.0 + 0.05 * (tw_test_draw(7, (int)k, 0, 0, 1) - 0.5); /* off equilibrium */
            u[k] = tw_test_draw(7, (int)k, 1, 0, 2) - 0.5;
            v[k] = tw_test_draw(7, (int)k, 2, 0, 3) - 0.5;
        }
        const double e = 1e-6;
        for (size_t k = 0; k < S; k++) {
            zp[k] = z[k] + e * u[k];
            zm[k] = z[k] - e * u[k];
        }
        tw_model_map(m, ws, zp, gp, NULL);
        tw_model_map(m, ws, zm, gm, NULL);
        double fd = 0.0, ad = 0.0;
        for (size_t k = 0; k < S; k++)
            fd += v[k] * (gp[k] - gm[k]) / (2 * e);
        tw_model_map(m, ws, z, gp, NULL);
        tw_model_map_vjp(m, ws, adj, z, v, NULL, zb, tb, f.p);
        for (size_t k = 0; k < S; k++)
            ad += zb[k] * u[k];
        assert_close(ad, fd, 1e-7 * (1 + fabs(fd)), "state direction, closure %d", closure);
        /* Tariff direction: all tariffs of importer 1 move together. */
        double td = 0.0;
        for (int s = 0; s < d.j; s++)
            for (int i = 0; i < d.n; i++)
                if (i != 1)
                    td += tb[tw_ix_nij(d, 1, i, s)];
        tw_policy_copy(f.q, f.p);
        for (int sgn = -1; sgn <= 1; sgn += 2) {
            for (int s = 0; s < d.j; s++)
                for (int i = 0; i < d.n; i++)
                    if (i != 1)
                        tw_policy_tariffs(f.q)[tw_ix_nij(d, 1, i, s)] =
                            tw_policy_tariffs_const(f.p)[tw_ix_nij(d, 1, i, s)] + sgn * e;
            tw_model_coeffs(m, ws, f.q);
            tw_model_map(m, ws, z, sgn < 0 ? gm : gp, NULL);
        }
        fd = 0.0;
        for (size_t k = 0; k < S; k++)
            fd += v[k] * (gp[k] - gm[k]) / (2 * e);
        assert_close(td, fd, 1e-7 * (1 + fabs(fd)), "tariff direction, closure %d", closure);
        tw_map_adjoint_free(adj);
        tw_workspace_free(ws);
        free(z);
        free(zp);
        free(zm);
        free(gp);
        free(gm);
        free(u);
        free(v);
        free(zb);
        free(tb);
        teardown(&f);
    }
}

/* CES input nests (docs/model.md eq. (1')): input 0 in every user's nest with sigma = 0.4
 * (complements), sector 2 a flat CES over all its inputs with sigma = 1.8 (substitutes). Every
 * tariff entry against re-solved equilibria, in two closures. */
static void test_gradient_ces(void **state)
{
    (void)state;
    tw_input_elasticity rules[2] = {{0, TW_ALL_SECTORS, 0.4}, {TW_ALL_SECTORS, 2, 1.8}};
    fixture f;
    setup_with(&f, 4, 3, 909, 1, TW_DEFICITS_FIXED, rules, 2, 0);
    for (int c = 0; c < 4; c += 3) {
        tw_objective obj = {.country = c};
        check_all_entries(&f, &obj);
    }
    /* Best responses run on it (and still refuse out == start). */
    tw_error err;
    tw_instrument ins = {.country = 0};
    assert_int_equal(tw_game_best_response(f.g, &ins, NULL, f.p, f.p, f.eq, NULL, &err), TW_ERR_USAGE);
    tw_optimize_report rep;
    assert_ok(tw_game_best_response(f.g, &ins, NULL, f.p, f.q, f.eq2, &rep, &err), &err);
    assert_true(rep.converged && rep.kkt_residual <= 1e-6);
    teardown(&f);
    setup_with(&f, 3, 3, 910, 1, TW_DEFICITS_PROPORTIONAL, rules, 1, 0);
    double weights[3] = {0.3, 0.0, 0.5};
    tw_objective obj = {.country = 1, .sector_weights = weights};
    check_all_entries(&f, &obj);
    teardown(&f);
}

/* The instrument gradient is the sum of the entry gradients it covers, and matches a finite
 * difference of the instrument's variable. */
static void test_instrument_gradient(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 4, 3, 808, 1, TW_DEFICITS_FIXED);
    tw_error err;
    tw_dims d = tw_world_dims(f.w);
    tw_instrument ins = {.country = 2, .kind = TW_INSTRUMENT_SECTOR};
    size_t nv = tw_instrument_size(f.m, &ins);
    assert_int_equal(nv, 2); /* goods sectors: the last of three is services */
    double gx[2], *grad = calloc((size_t)d.n * d.n * d.j, sizeof *grad);
    tw_objective obj = {.country = 1}; /* another country's payoff: allowed */
    assert_ok(tw_game_instrument_gradient(f.g, &ins, f.p, f.eq, &obj, NULL, gx, NULL, &err),
              &err);
    assert_ok(tw_game_gradient(f.g, f.p, f.eq, &obj, NULL, grad, NULL, &err), &err);
    for (int s = 0; s < 2; s++) {
        double sum = 0.0;
        for (int i = 0; i < d.n; i++)
            if (i != 2)
                sum += grad[tw_ix_nij(d, 2, i, s)];
        assert_close(gx[s], sum, 1e-14, "sector %d: instrument gradient is the sum", s);
        /* Finite difference of the level (all partners' tariffs set to the same rate). */
        double w[2], level = 0.12, h = 1e-5;
        for (int k = 0; k < 2; k++) {
            tw_policy_copy(f.q, f.p);
            for (int i = 0; i < d.n; i++)
                if (i != 2)
                    tw_policy_tariffs(f.q)[tw_ix_nij(d, 2, i, s)] = level + (k ? h : -h);
            assert_ok(tw_test_model_solve(f.m, f.q, f.eq2, NULL, &err), &err);
            w[k] = tw_objective_value(f.m, f.eq2, &obj);
        }
        tw_policy_copy(f.q, f.p);
        for (int i = 0; i < d.n; i++)
            if (i != 2)
                tw_policy_tariffs(f.q)[tw_ix_nij(d, 2, i, s)] = level;
        assert_ok(tw_test_model_solve(f.m, f.q, f.eq2, NULL, &err), &err);
        double g2[2];
        assert_ok(tw_game_instrument_gradient(f.g, &ins, f.q, f.eq2, &obj, NULL, g2, NULL, &err),
                  &err);
        double fd = (w[1] - w[0]) / (2 * h);
        assert_close(g2[s], fd, 1e-7 + 1e-6 * fabs(fd), "sector %d: against differences", s);
    }
    free(grad);
    teardown(&f);
}

/* Binding quotas, one with the rent to the importer and one to the exporter: the wedges are
 * unknowns of the equilibrium, so the adjoint covers them (docs/quotas.md). Every tariff entry
 * (the quota flows' own included) against re-solved equilibria, for the payoffs of both rent
 * holders and of a third country; with CES nests too. */
static void test_gradient_quotas(void **state)
{
    (void)state;
    fixture f;
    setup_with(&f, 3, 2, 707, 1, TW_DEFICITS_FIXED, NULL, 0, 1);
    for (int c = 0; c < 3; c++) {
        tw_objective obj = {.country = c};
        check_all_entries(&f, &obj);
    }
    /* The same game on a policy without quotas afterwards: the state shrinks back. */
    tw_error err;
    double *grad = calloc(3 * 3 * 2, sizeof *grad);
    tw_policy_copy(f.q, f.p);
    for (size_t k = 0; k < 3 * 3 * 2; k++)
        tw_policy_quotas(f.q)[k] = INFINITY;
    assert_ok(tw_test_model_solve(f.m, f.q, f.eq2, NULL, &err), &err);
    tw_objective obj = {.country = 0};
    assert_ok(tw_game_gradient(f.g, f.q, f.eq2, &obj, NULL, grad, NULL, &err), &err);
    free(grad);
    /* Games on it: a best response and a Nash war between the two rent holders' countries,
     * whose adjoint solves keep warm starts of the quota-free size across rounds. */
    tw_instrument players[2] = {{.country = 0}, {.country = 1}};
    tw_optimize_report orep;
    assert_ok(tw_game_best_response(f.g, &players[1], NULL, f.p, f.q, f.eq2, &orep, &err), &err);
    assert_true(orep.converged && orep.kkt_residual <= 1e-6);
    tw_war_report wrep;
    assert_ok(tw_game_nash_war(f.g, players, 2, NULL, NULL, f.p, f.q, f.eq2, NULL, &wrep, &err),
              &err);
    assert_true(wrep.found);
    /* Country 2 is not a player: its exporter-held quota on 0 still binds at the war. */
    assert_true(tw_equilibrium_quota_wedge(f.eq2, 2, 0, 1) > 0.0);
    teardown(&f);
    tw_input_elasticity rule = {0, TW_ALL_SECTORS, 0.5};
    setup_with(&f, 3, 2, 708, 1, TW_DEFICITS_ZERO, &rule, 1, 1);
    tw_objective obj2 = {.country = 2};
    check_all_entries(&f, &obj2);
    teardown(&f);
}

/* The short run (every sector's value added tied to it, elasticities x 0.38) and the medium
 * run with specific factors and mobile labour, Cobb-Douglas and with CES nests: the adjoint
 * through the specific blocks against re-solved differences. */
static void test_gradient_horizons(void **state)
{
    (void)state;
    tw_input_elasticity rules[1] = {{0, TW_ALL_SECTORS, 0.4}};
    fixture f;
    fixture_years = 1;
    setup_with(&f, 4, 3, 1101, 1, TW_DEFICITS_FIXED, NULL, 0, 0);
    assert_true(tw_model_has_specific_factors(f.m));
    for (int c = 0; c < 4; c += 3) {
        tw_objective obj = {.country = c};
        check_all_entries(&f, &obj);
    }
    teardown(&f);
    setup_with(&f, 3, 3, 1102, 1, TW_DEFICITS_PROPORTIONAL, rules, 1, 0);
    tw_objective obj = {.country = 1};
    check_all_entries(&f, &obj);
    teardown(&f);
    fixture_years = 5;
    fixture_specific = "country,sector,horizon,share\nC0,S0,medium,0.7\nC1,*,medium,1\n";
    setup_with(&f, 3, 3, 1103, 1, TW_DEFICITS_FIXED, rules, 1, 0);
    for (int c = 0; c < 3; c++) {
        tw_objective o2 = {.country = c};
        check_all_entries(&f, &o2);
    }
    teardown(&f);
    fixture_years = INFINITY;
    fixture_specific = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradient_io_fixed),
        cmocka_unit_test(test_gradient_no_io_zero_deficits),
        cmocka_unit_test(test_gradient_proportional),
        cmocka_unit_test(test_gradient_sector_weights),
        cmocka_unit_test(test_vjp_dot_product),
        cmocka_unit_test(test_gradient_quotas),
        cmocka_unit_test(test_instrument_gradient),
        cmocka_unit_test(test_gradient_ces),
        cmocka_unit_test(test_gradient_horizons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
