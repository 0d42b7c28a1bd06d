/* SPDX-License-Identifier: MIT */
/* The technology-controls world (data/icio2022tech: semiconductors SEMI out of C26,
 * chip-making equipment SME out of C28 and aircraft engines and parts AERO out of C302T309,
 * carved from icio2022re by tools/build_tech_specs and tools/carve_sector):
 *  - the carved world reproduces its parent's totals: parent + child flows, every other
 *    sector's flows and tariffs, value added, deficits, final-demand, value-added and input
 *    shares (carve_checks.h, shared with test_rare_earths.c);
 *  - a US ban on chip sales to China, and one on engine sales (embargoes): the flow is zero
 *    and China's price of the good is the Eaton-Kortum closed form over the remaining sources
 *    at the solved unit costs, P^ = (sum_{o != USA} pi_o c^_o^-theta)^(-1/theta), to 1e-9;
 *  - the licence quotas of scenarios/tech_controls_2025.yaml (SEMI and SME to China at 50% of
 *    the baseline, AERO cut by China's recorded 2017 imports of 3,432 USD million, rent to US
 *    exporters): each flow sits at its cap with a positive wedge, and every country's income
 *    is value added + tariff revenue + export-tax revenue + quota rents + deficit (1e-9 of
 *    income). */
#include "carve_checks.h"
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

/* China's recorded 2017 imports of engines and parts from the US (USD million), the size of
 * the May 2025 cut (data/raw/tech_controls, scenarios/tech_controls_2025.yaml). */
#define AERO_CUT 3432.0

/* The carve's totals (carve_checks.h) and the three sectors' parents and world outputs. */
static void totals_reproduced(void **state)
{
    (void)state;
    tw_test_carve_totals(parent, carved, 3);
    int semi = tw_world_sector_index(carved, "SEMI"), sme = tw_world_sector_index(carved, "SME");
    int aero = tw_world_sector_index(carved, "AERO");
    assert_int_equal(tw_world_sector_parent(carved, semi), tw_world_sector_index(carved, "C26"));
    assert_int_equal(tw_world_sector_parent(carved, sme), tw_world_sector_index(carved, "C28"));
    assert_int_equal(tw_world_sector_parent(carved, aero),
                     tw_world_sector_index(carved, "C302T309"));
    /* World output as sized by data/raw/tech_controls/products.csv (SIA/WSTS 573.5 bn; 47 bn
     * for chip-making equipment), to the rounding of each country's output to USD 1,000. */
    assert_close(tw_test_carve_output(carved, "SEMI"), 573500.0, 0.05, "world chip output");
    assert_close(tw_test_carve_output(carved, "SME"), 47000.0, 0.05,
                 "world chip-equipment output");
    assert_close(tw_test_carve_output(carved, "AERO"), 35000.0, 0.05, "world engine output");
    /* China's absorption is calibrated so that the carved US -> China flow holds the recorded
     * imports the scenarios cut (data/raw/carve/aero_engines_icio2022tech.in.csv). */
    tw_dims d = tw_world_dims(carved);
    int n = tw_world_country_index(carved, "CHN"), i = tw_world_country_index(carved, "USA");
    double us_cn = tw_world_flows(carved)[tw_ix_nij(d, n, i, aero)];
    assert_true(us_cn >= AERO_CUT && us_cn <= 1.02 * AERO_CUT);
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

/* A US ban on the sales of `code` to China against the closed form of the header comment. */
static void ban_closed_form(const char *code)
{
    solved s;
    setup(&s);
    tw_dims d = tw_world_dims(carved);
    int n = tw_world_country_index(carved, "CHN"), i = tw_world_country_index(carved, "USA");
    int j = tw_world_sector_index(carved, code);
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
    assert_close(got, pow(sum, -1.0 / theta), 1e-9, "China's price of %s after the ban", code);
    assert_true(got > 1.0);
    teardown(&s);
}

static void chip_ban_closed_form(void **state)
{
    (void)state;
    ban_closed_form("SEMI");
}

static void engine_ban_closed_form(void **state)
{
    (void)state;
    ban_closed_form("AERO");
}

static void licence_quotas_bind(void **state)
{
    (void)state;
    solved s;
    setup(&s);
    tw_dims d = tw_world_dims(carved);
    int n = tw_world_country_index(carved, "CHN"), i = tw_world_country_index(carved, "USA");
    const char *codes[3] = {"SEMI", "SME", "AERO"};
    const tw_equilibrium *b = s.m->base;
    double cap[3];
    for (int k = 0; k < 3; k++) {
        int j = tw_world_sector_index(carved, codes[k]);
        size_t at = tw_ix_nij(d, n, i, j);
        double base = tw_equilibrium_border_value(b, n, i, j);
        cap[k] = k < 2 ? 0.5 * base : base - AERO_CUT;
        assert_true(cap[k] > 0.0);
        tw_policy_quotas(s.p)[at] = cap[k];
        tw_policy_quota_rent(s.p)[at] = TW_RENT_EXPORTER;
    }
    solve(&s);
    for (int k = 0; k < 3; k++) {
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
        cmocka_unit_test(engine_ban_closed_form),
        cmocka_unit_test(licence_quotas_bind),
    };
    return cmocka_run_group_tests(tests, load, unload);
}
