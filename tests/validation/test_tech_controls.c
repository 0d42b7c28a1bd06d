/* SPDX-License-Identifier: MIT */
/* The technology-controls world (data/icio2022tech: semiconductors SEMI out of C26 and
 * chip-making equipment SME out of C28, carved from icio2022re by tools/build_tech_specs and
 * tools/carve_sector):
 *  - the carved world reproduces its parent's totals: parent + child flows, every other
 *    sector's flows and tariffs, value added, deficits, final-demand and input shares;
 *  - a US ban on chip sales to China (an embargo): the flow is zero and China's price of chips
 *    is the Eaton-Kortum closed form over the remaining sources at the solved unit costs,
 *    P^ = (sum_{o != USA} pi_o c^_o^-theta)^(-1/theta), to 1e-9;
 *  - the licence quotas of scenarios/tech_controls_2025.yaml (SEMI and SME to China at 50% of
 *    the baseline, rent to US exporters): each flow sits at its cap with a positive wedge, and
 *    every country's income is value added + tariff revenue + export-tax revenue + quota
 *    rents + deficit (1e-9 of income). */
#include "test_util.h"

#include "model/model_internal.h"

static tw_world *parent, *carved;

static int load(void **state)
{
    (void)state;
    tw_error err;
    tw_status st = tw_world_load(TW_TEST_SOURCE_DIR "/data/icio2022re", NULL, &parent, &err);
    if (!st)
        st = tw_world_load(TW_TEST_SOURCE_DIR "/data/icio2022tech", NULL, &carved, &err);
    tw_test_ok(st, &err, __FILE__, __LINE__);
    return st ? -1 : 0;
}

static int unload(void **state)
{
    (void)state;
    tw_world_free(parent);
    tw_world_free(carved);
    return 0;
}

/* Relative closeness with an absolute floor (values are in USD million). */
static void near(double a, double b, const char *what, int n, int i)
{
    double tol = 1e-12 * fmax(fabs(a), fabs(b)) + 1e-9;
    if (fabs(a - b) > tol)
        assert_close(a, b, tol, "%s (%d, %d)", what, n, i);
}

/* Sum over the carved sectors whose parent is sector jc of the carved world (plus jc). */
static double with_children(const double *v, tw_dims dc, size_t (*ix)(tw_dims, int, int, int),
                            int a, int b, int jc)
{
    double s = v[ix(dc, a, b, jc)];
    for (int k = 0; k < dc.j; k++)
        if (tw_world_sector_parent(carved, k) == jc &&
            tw_world_sector_index(parent, tw_world_sector_code(carved, k)) < 0)
            s += v[ix(dc, a, b, k)];
    return s;
}

static size_t ix_flow(tw_dims d, int n, int i, int j) { return tw_ix_nij(d, n, i, j); }

static void totals_reproduced(void **state)
{
    (void)state;
    tw_dims dp = tw_world_dims(parent), dc = tw_world_dims(carved);
    assert_int_equal(dc.n, dp.n);
    assert_int_equal(dc.j, dp.j + 2);
    int semi = tw_world_sector_index(carved, "SEMI"), sme = tw_world_sector_index(carved, "SME");
    assert_int_equal(tw_world_sector_parent(carved, semi), tw_world_sector_index(carved, "C26"));
    assert_int_equal(tw_world_sector_parent(carved, sme), tw_world_sector_index(carved, "C28"));
    const double *fp = tw_world_flows(parent), *fc = tw_world_flows(carved);
    const double *tp = tw_world_tariffs(parent), *tc = tw_world_tariffs(carved);
    double semi_total = 0.0, sme_total = 0.0;
    for (int n = 0; n < dp.n; n++)
        for (int i = 0; i < dp.n; i++) {
            for (int j = 0; j < dp.j; j++) {
                int jc = tw_world_sector_index(carved, tw_world_sector_code(parent, j));
                near(with_children(fc, dc, ix_flow, n, i, jc), fp[tw_ix_nij(dp, n, i, j)], "flow",
                     n, i);
                assert_true(fc[tw_ix_nij(dc, n, i, jc)] >= 0.0);
                assert_true(tc[tw_ix_nij(dc, n, i, jc)] == tp[tw_ix_nij(dp, n, i, j)]);
            }
            semi_total += fc[tw_ix_nij(dc, n, i, semi)];
            sme_total += fc[tw_ix_nij(dc, n, i, sme)];
        }
    /* World output as sized by data/raw/tech_controls/products.csv (SIA/WSTS 573.5 bn; 47 bn
     * for chip-making equipment), to the rounding of each country's output to USD 1,000. */
    assert_close(semi_total, 573500.0, 0.05, "world chip output");
    assert_close(sme_total, 47000.0, 0.05, "world chip-equipment output");
    const double *vap = tw_world_value_added(parent), *vac = tw_world_value_added(carved);
    const double *dfp = tw_world_deficit(parent), *dfc = tw_world_deficit(carved);
    const double *ap = tw_world_final_share(parent), *ac = tw_world_final_share(carved);
    const double *iop = tw_world_io_share(parent), *ioc = tw_world_io_share(carved);
    for (int n = 0; n < dp.n; n++) {
        near(vac[n], vap[n], "value added", n, 0);
        near(dfc[n], dfp[n], "deficit", n, 0);
        for (int j = 0; j < dp.j; j++) {
            int jc = tw_world_sector_index(carved, tw_world_sector_code(parent, j));
            double a = ac[tw_ix_nj(dc, n, jc)];
            if (jc == tw_world_sector_parent(carved, semi))
                a += ac[tw_ix_nj(dc, n, semi)];
            if (jc == tw_world_sector_parent(carved, sme))
                a += ac[tw_ix_nj(dc, n, sme)];
            assert_close(a, ap[tw_ix_nj(dp, n, j)], 1e-12, "final-demand share (%d, %d)", n, j);
            for (int k = 0; k < dp.j; k++) {
                int kc = tw_world_sector_index(carved, tw_world_sector_code(parent, k));
                double s = ioc[tw_ix_nkj(dc, n, kc, jc)];
                if (kc == tw_world_sector_parent(carved, semi))
                    s += ioc[tw_ix_nkj(dc, n, semi, jc)];
                if (kc == tw_world_sector_parent(carved, sme))
                    s += ioc[tw_ix_nkj(dc, n, sme, jc)];
                assert_close(s, iop[tw_ix_nkj(dp, n, k, j)], 1e-15, "input share (%d, %d, %d)",
                             n, k, j);
            }
        }
    }
}

typedef struct solved {
    tw_model *m;
    tw_policy *p;
    tw_equilibrium *eq;
    tw_results *r;
} solved;

static void solve(solved *s)
{
    tw_error err;
    tw_equilibrium *eq = tw_equilibrium_create(s->m);
    assert_non_null(eq);
    tw_solver_report rep;
    tw_test_ok(tw_test_model_solve(s->m, s->p, eq, &rep, &err), &err, __FILE__, __LINE__);
    assert_true(rep.converged && rep.residual <= 1e-10);
    s->eq = eq;
    s->r = tw_results_create(s->m);
    tw_test_ok(tw_results_compute(s->m, eq, s->r), NULL, __FILE__, __LINE__);
}

static void setup(solved *s)
{
    tw_error err;
    tw_test_ok(tw_model_create(carved, NULL, &s->m, &err), &err, __FILE__, __LINE__);
    tw_test_ok(tw_policy_create(s->m, &s->p), NULL, __FILE__, __LINE__);
}

static void teardown(solved *s)
{
    tw_results_free(s->r);
    tw_equilibrium_free(s->eq);
    tw_policy_free(s->p);
    tw_model_free(s->m);
}

static void chip_ban_closed_form(void **state)
{
    (void)state;
    solved s;
    setup(&s);
    tw_dims d = tw_world_dims(carved);
    int n = tw_world_country_index(carved, "CHN"), i = tw_world_country_index(carved, "USA");
    int j = tw_world_sector_index(carved, "SEMI");
    tw_policy_iceberg_hat(s.p)[tw_ix_nij(d, n, i, j)] = INFINITY;
    solve(&s);
    assert_close(tw_equilibrium_border_value(s.eq, n, i, j), 0.0, 0.0, "banned flow");
    const tw_equilibrium *b = s.m->base;
    double theta = tw_world_theta(carved, j), sum = 0.0;
    for (int o = 0; o < d.n; o++) {
        if (o == i)
            continue;
        double chat = s.eq->c_hat[tw_ix_nj(d, o, j)] / b->c_hat[tw_ix_nj(d, o, j)];
        sum += b->pi[tw_ix_nij(d, n, o, j)] * pow(chat, -theta);
    }
    double got = s.eq->p_hat[tw_ix_nj(d, n, j)] / b->p_hat[tw_ix_nj(d, n, j)];
    assert_close(got, pow(sum, -1.0 / theta), 1e-9, "China's price of chips after the ban");
    assert_true(got > 1.0);
    teardown(&s);
}

static void licence_quotas_bind(void **state)
{
    (void)state;
    solved s;
    setup(&s);
    tw_dims d = tw_world_dims(carved);
    int n = tw_world_country_index(carved, "CHN"), i = tw_world_country_index(carved, "USA");
    const char *codes[2] = {"SEMI", "SME"};
    const tw_equilibrium *b = s.m->base;
    double cap[2];
    for (int k = 0; k < 2; k++) {
        int j = tw_world_sector_index(carved, codes[k]);
        size_t at = tw_ix_nij(d, n, i, j);
        cap[k] = 0.5 * tw_equilibrium_border_value(b, n, i, j);
        tw_policy_quotas(s.p)[at] = cap[k];
        tw_policy_quota_rent(s.p)[at] = TW_RENT_EXPORTER;
    }
    solve(&s);
    for (int k = 0; k < 2; k++) {
        int j = tw_world_sector_index(carved, codes[k]);
        assert_close(tw_equilibrium_border_value(s.eq, n, i, j), cap[k], 1e-9 * cap[k],
                     "%s flow at its cap", codes[k]);
        assert_true(tw_equilibrium_quota_wedge(s.eq, n, i, j) > 0.0);
    }
    assert_true(s.r->country[i].quota_rent > 0.0);
    for (int c = 0; c < d.n; c++) {
        const tw_country_result *cr = &s.r->country[c];
        double parts = cr->value_added + cr->tariff_revenue + cr->export_tax_revenue +
                       cr->quota_rent + cr->deficit;
        assert_close(cr->income_hat * cr->income_base, parts, 1e-9 * cr->income_base,
                     "income identity, country %d", c);
    }
    teardown(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(totals_reproduced),
        cmocka_unit_test(chip_ban_closed_form),
        cmocka_unit_test(licence_quotas_bind),
    };
    return cmocka_run_group_tests(tests, load, unload);
}
