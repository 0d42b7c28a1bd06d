/* SPDX-License-Identifier: MIT */
/* Policy instruments beyond tariffs: bans (embargoes), quotas with their shadow wedge as a
 * complementarity condition, and export taxes, on small random worlds with fixed seeds. */
#include "test_util.h"

#include "model/model_internal.h"
#include "model/workspace.h"
#include "solve/solver.h"

#define CHECK_TOL 1e-9

typedef tw_test_fixture fixture;

/* Income is the sum of its parts, eq. (5), with quota rents as a separate part. */
static void check_income_identity(const fixture *f)
{
    for (int n = 0; n < f->d.n; n++) {
        const tw_country_result *c = &f->r->country[n];
        double parts = c->value_added + c->tariff_revenue + c->export_tax_revenue +
                       c->quota_rent + c->deficit;
        assert_close(c->income_hat * c->income_base, parts, CHECK_TOL * c->income_base,
                     "income identity, country %d", n);
    }
}

/* A ban in the partial case where only the banned flow changes: at the baseline's wages and
 * unit costs, eq. (2) gives P_hat = (1 - pi)^(-1/theta) for the importer's sector, exactly, and
 * leaves every other price index alone. */
static void ban_matches_closed_form_at_fixed_costs(void **state)
{
    (void)state;
    fixture f;
    tw_test_fixture_setup(&f, 4, 3, 101, 1, 0, TW_DEFICITS_FIXED);
    const int n = 0, i = 2, j = 1;
    tw_policy_iceberg_hat(f.p)[tw_ix_nij(f.d, n, i, j)] = INFINITY;
    tw_workspace *ws = tw_workspace_create(f.m, 0);
    assert_non_null(ws);
    assert_ok(tw_model_quotas_prepare(f.m, ws, f.p), NULL);
    tw_model_coeffs(f.m, ws, f.p);
    double *z = calloc(tw_model_state_size(f.m, ws), sizeof *z);
    assert_non_null(z);
    tw_model_state_from(f.m, ws, NULL, z);
    tw_model_map(f.m, ws, z, NULL, f.eq);
    const tw_equilibrium *b = f.m->base;
    double pi = b->pi[tw_ix_nij(f.d, n, i, j)];
    double theta = tw_world_theta(f.w, j);
    assert_true(pi > 0.01);
    for (int nn = 0; nn < f.d.n; nn++)
        for (int jj = 0; jj < f.d.j; jj++) {
            double want = nn == n && jj == j ? pow(1.0 - pi, -1.0 / theta) : 1.0;
            double got = f.eq->p_hat[tw_ix_nj(f.d, nn, jj)] / b->p_hat[tw_ix_nj(f.d, nn, jj)];
            assert_close(got, want, 1e-13, "P_hat of country %d sector %d", nn, jj);
        }
    assert_close(f.eq->pi[tw_ix_nij(f.d, n, i, j)], 0.0, 0.0, "banned share");
    free(z);
    tw_workspace_free(ws);
    tw_test_fixture_teardown(&f);
}

/* In general equilibrium the banned flow is exactly zero, and the importer's price index is the
 * closed form over the remaining sources at the new unit costs (eq. (2)). */
static void ban_in_general_equilibrium(void **state)
{
    (void)state;
    fixture f;
    tw_test_fixture_setup(&f, 4, 3, 102, 1, 0, TW_DEFICITS_FIXED);
    const int n = 1, i = 3, j = 0;
    tw_policy_iceberg_hat(f.p)[tw_ix_nij(f.d, n, i, j)] = INFINITY;
    tw_test_fixture_solve(&f);
    assert_close(tw_equilibrium_border_value(f.eq, n, i, j), 0.0, 0.0, "banned flow");
    const tw_equilibrium *b = f.m->base;
    double theta = tw_world_theta(f.w, j), s = 0.0;
    for (int o = 0; o < f.d.n; o++) {
        if (o == i)
            continue;
        size_t at = tw_ix_nij(f.d, n, o, j);
        double chat = f.eq->c_hat[tw_ix_nj(f.d, o, j)] / b->c_hat[tw_ix_nj(f.d, o, j)];
        s += b->pi[at] * pow(chat, -theta);
    }
    double got = f.eq->p_hat[tw_ix_nj(f.d, n, j)] / b->p_hat[tw_ix_nj(f.d, n, j)];
    assert_close(got, pow(s, -1.0 / theta), 1e-9, "P_hat of the importer after the ban");
    assert_true(got > 1.0);
    check_income_identity(&f);
    tw_test_fixture_teardown(&f);
}

/* A quota above the flow's unconstrained value changes nothing; its wedge stays zero. */
static void nonbinding_quota_changes_nothing(void **state)
{
    (void)state;
    fixture f;
    tw_test_fixture_setup(&f, 4, 3, 103, 1, 0, TW_DEFICITS_FIXED);
    const int n = 0, i = 1, j = 2;
    double v0 = tw_equilibrium_border_value(f.m->base, n, i, j);
    assert_true(v0 > 0);
    tw_policy_quotas(f.p)[tw_ix_nij(f.d, n, i, j)] = 1.5 * v0;
    tw_test_fixture_solve(&f);
    assert_close(tw_equilibrium_quota_wedge(f.eq, n, i, j), 0.0, 0.0, "wedge");
    for (int c = 0; c < f.d.n; c++) {
        assert_close(f.r->country[c].real_income_pct, 0.0, CHECK_TOL, "real income %d", c);
        assert_close(f.r->country[c].wage_hat, 1.0, CHECK_TOL, "wage %d", c);
        assert_close(f.r->country[c].quota_rent, 0.0, 0.0, "rent %d", c);
    }
    tw_test_fixture_teardown(&f);
}

/* A binding quota holds the flow at its cap to solver tolerance, with a positive wedge; the
 * rent goes to the stated holder; and the quota is equivalent to the price instrument with the
 * same wedge (a tariff for an importer-held rent, an export tax for an exporter-held one). */
static void binding_quota_holds_cap(void **state)
{
    (void)state;
    for (int holder = 0; holder < 2; holder++) {
        fixture f;
        tw_test_fixture_setup(&f, 4, 3, 104, 1, 0, TW_DEFICITS_FIXED);
        const int n = 2, i = 0, j = 1;
        size_t at = tw_ix_nij(f.d, n, i, j);
        double v0 = tw_equilibrium_border_value(f.m->base, n, i, j);
        double cap = 0.4 * v0;
        tw_policy_quotas(f.p)[at] = cap;
        tw_policy_quota_rent(f.p)[at] = (unsigned char)holder;
        tw_test_fixture_solve(&f);
        double q = tw_equilibrium_quota_wedge(f.eq, n, i, j);
        assert_true(q > 0.05);
        assert_close(tw_equilibrium_border_value(f.eq, n, i, j) / cap, 1.0, 1e-10,
                     "flow over cap (holder %d)", holder);
        int gets = holder == TW_RENT_EXPORTER ? i : n, not_ = holder == TW_RENT_EXPORTER ? n : i;
        assert_true(f.r->country[gets].quota_rent > 0);
        assert_close(f.r->country[not_].quota_rent, 0.0, 0.0, "rent of the other side");
        check_income_identity(&f);
        double ri_holder = f.r->country[i].real_income_pct;

        /* The same wedge as a price instrument gives the same equilibrium. */
        tw_policy *p2;
        assert_ok(tw_policy_create(f.m, &p2), NULL);
        if (holder == TW_RENT_EXPORTER)
            tw_policy_export_taxes(p2)[at] = q;
        else
            tw_policy_tariffs(p2)[at] = (1.0 + tw_policy_tariffs(p2)[at]) * (1.0 + q) - 1.0;
        tw_equilibrium *e2 = tw_equilibrium_create(f.m);
        tw_results *r2 = tw_results_create(f.m);
        tw_error err;
        assert_ok(tw_test_model_solve(f.m, p2, e2, NULL, &err), &err);
        assert_ok(tw_results_compute(f.m, e2, r2), NULL);
        for (int c = 0; c < f.d.n; c++) {
            assert_close(r2->country[c].real_income_pct, f.r->country[c].real_income_pct, 1e-8,
                         "equivalent instrument, real income %d (holder %d)", c, holder);
            assert_close(r2->country[c].wage_hat, f.r->country[c].wage_hat, 1e-10,
                         "equivalent instrument, wage %d", c);
        }
        tw_results_free(r2);
        tw_equilibrium_free(e2);
        tw_policy_free(p2);
        tw_test_fixture_teardown(&f);
        /* The exporter is better off holding the rent (a voluntary export restraint) than
         * facing an importer-held quota of the same size: it receives the scarcity rent. */
        static double ri_exporter[2];
        ri_exporter[holder] = ri_holder;
        if (holder == 1)
            assert_true(ri_exporter[1] > ri_exporter[0]);
    }
}

/* Warm starts: solving a binding quota after another policy's solution gives the same answer. */
static void quota_warm_start(void **state)
{
    (void)state;
    fixture f;
    tw_test_fixture_setup(&f, 5, 2, 105, 1, 0, TW_DEFICITS_FIXED);
    size_t at = tw_ix_nij(f.d, 1, 0, 0);
    tw_policy_tariffs(f.p)[tw_ix_nij(f.d, 0, 1, 1)] = 0.5;
    tw_test_fixture_solve(&f);
    tw_policy_quotas(f.p)[at] = 0.5 * tw_equilibrium_border_value(f.m->base, 1, 0, 0);
    tw_test_fixture_solve(&f);
    double warm = f.r->country[1].real_income_pct;
    tw_equilibrium *cold = tw_equilibrium_create(f.m);
    tw_error err;
    assert_ok(tw_test_model_solve(f.m, f.p, cold, NULL, &err), &err);
    tw_results *r = tw_results_create(f.m);
    assert_ok(tw_results_compute(f.m, cold, r), NULL);
    assert_close(r->country[1].real_income_pct, warm, 1e-8, "warm vs cold");
    /* Code that drives the map directly with a policy without quotas gets the plain state
     * size back from tw_model_coeffs, even after a solve with quotas. */
    tw_solver *sv;
    assert_ok(tw_solver_create(f.m, NULL, &sv, &err), &err);
    assert_ok(tw_model_solve(f.m, sv, f.p, cold, NULL, &err), &err);
    size_t plain = (size_t)f.d.n + 2 * (size_t)f.d.n * f.d.j;
    assert_int_equal(tw_model_state_size(f.m, sv->ws), plain + 1);
    tw_policy *none;
    assert_ok(tw_policy_create(f.m, &none), NULL);
    tw_model_coeffs(f.m, sv->ws, none);
    assert_int_equal(tw_model_state_size(f.m, sv->ws), plain);
    tw_model_coeffs(f.m, sv->ws, f.p);
    assert_int_equal(tw_model_state_size(f.m, sv->ws), plain + 1);
    tw_policy_free(none);
    tw_solver_free(sv);
    tw_results_free(r);
    tw_equilibrium_free(cold);
    tw_test_fixture_teardown(&f);
}

/* An export tax's revenue goes to the exporter: it equals tx times the taxed flow at producer
 * prices, nobody else receives export-tax revenue, and income adds up. */
static void export_tax_revenue_to_exporter(void **state)
{
    (void)state;
    fixture f;
    tw_test_fixture_setup(&f, 4, 3, 106, 1, 0, TW_DEFICITS_FIXED);
    const int n = 3, i = 1, j = 2;
    size_t at = tw_ix_nij(f.d, n, i, j);
    tw_policy_export_taxes(f.p)[at] = 0.2;
    tw_test_fixture_solve(&f);
    double v = f.eq->x[tw_ix_nj(f.d, n, j)] * f.eq->pi[at] /
               ((1.0 + f.eq->tariff[at]) * (1.0 + 0.2));
    assert_true(v > 0);
    assert_close(f.r->country[i].export_tax_revenue, 0.2 * v, 1e-12 * v, "exporter's revenue");
    for (int c = 0; c < f.d.n; c++)
        if (c != i)
            assert_close(f.r->country[c].export_tax_revenue, 0.0, 0.0, "revenue of %d", c);
    check_income_identity(&f);
    tw_test_fixture_teardown(&f);
}

/* Invalid quotas are rejected with the field named. */
static void invalid_quota_rejected(void **state)
{
    (void)state;
    fixture f;
    tw_test_fixture_setup(&f, 3, 2, 107, 0, 0, TW_DEFICITS_FIXED);
    tw_error err;
    tw_policy_quotas(f.p)[tw_ix_nij(f.d, 0, 1, 0)] = 0.0;
    assert_int_equal(tw_test_model_solve(f.m, f.p, f.eq, NULL, &err), TW_ERR_INPUT);
    assert_string_equal(err.field, "quota");
    tw_policy_quotas(f.p)[tw_ix_nij(f.d, 0, 1, 0)] = INFINITY;
    tw_policy_quotas(f.p)[tw_ix_nij(f.d, 1, 1, 0)] = 5.0;
    assert_int_equal(tw_test_model_solve(f.m, f.p, f.eq, NULL, &err), TW_ERR_INPUT);
    tw_test_fixture_teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ban_matches_closed_form_at_fixed_costs),
        cmocka_unit_test(ban_in_general_equilibrium),
        cmocka_unit_test(nonbinding_quota_changes_nothing),
        cmocka_unit_test(binding_quota_holds_cap),
        cmocka_unit_test(quota_warm_start),
        cmocka_unit_test(export_tax_revenue_to_exporter),
        cmocka_unit_test(invalid_quota_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
