/* SPDX-License-Identifier: MIT */
/* The rare-earth world (data/icio2022re, carved from icio2022 by tools/carve_sector):
 *  - the carved world reproduces the parent world's totals: for C20 (the parent) plus RE (the
 *    child), bilateral flows, output and absorption; every other sector's flows; every
 *    country's value added, deficit and final-demand shares; input and value-added shares
 *    (carve_checks.h, shared with test_tech_controls.c);
 *  - China's export ban on rare earths, to the US and to everyone: the solver converges for
 *    input elasticities down to 0.1, and the losses rise as the elasticity falls, above the
 *    Cobb-Douglas loss for complements. */
#include "carve_checks.h"
#include "test_util.h"

static tw_world *parent, *carved;

static int load(void **state)
{
    (void)state;
    tw_error err;
    tw_status st = tw_world_load(TW_TEST_SOURCE_DIR "/data/icio2022", NULL, &parent, &err);
    if (!st)
        st = tw_world_load(TW_TEST_SOURCE_DIR "/data/icio2022re", NULL, &carved, &err);
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

/* The carve's totals (carve_checks.h) and the rare-earth sector's parent, elasticity and world
 * output. */
static void totals_reproduced(void **state)
{
    (void)state;
    tw_test_carve_totals(parent, carved, 1);
    int re = tw_world_sector_index(carved, "RE"), c20 = tw_world_sector_index(carved, "C20");
    assert_int_equal(tw_world_sector_parent(carved, re), c20);
    assert_close(tw_world_theta(carved, re), 4.0, 0.0, "theta of RE");
    /* USGS 2024: 393,950 t REO of output at 0.021 USD million per tonne. */
    assert_close(tw_test_carve_output(carved, "RE"), 393950 * 0.021, 1e-6,
                 "world rare-earth output");
}

/* Solves a ban with input elasticity sigma; returns real income changes of USA and the world,
 * and the USA's C27 output change. */
static void ban(const char *shock, double sigma, double *usa, double *world, double *c27)
{
    tw_input_elasticity rule = {TW_NEST_MEMBERS, TW_ALL_SECTORS, sigma};
    tw_model_options o;
    tw_model_options_init(&o);
    o.input_elasticities = &rule;
    o.input_elasticity_count = 1;
    tw_results *r = tw_test_solve_shock(carved, &o, shock);
    int u = tw_world_country_index(carved, "USA"), j = tw_world_sector_index(carved, "C27");
    *usa = r->country[u].real_income_pct;
    *world = r->world_real_income_pct;
    *c27 = r->output[tw_ix_nj(r->d, u, j)] / r->output_base[tw_ix_nj(r->d, u, j)] - 1.0;
    tw_results_free(r);
}

static void losses_rise_as_elasticity_falls(void **state)
{
    (void)state;
    const char *shocks[2] = {"importer,exporter,sector,tariff,iceberg_hat\nUSA,CHN,RE,,inf\n",
                             "importer,exporter,sector,tariff,iceberg_hat\n*,CHN,RE,,inf\n"};
    const double sigmas[4] = {1.0, 0.5, 0.2, 0.1};
    for (int s = 0; s < 2; s++) {
        double usa[4], world[4], c27[4];
        for (int k = 0; k < 4; k++) {
            ban(shocks[s], sigmas[k], &usa[k], &world[k], &c27[k]);
            fprintf(stderr, "%s sigma %.1f: USA real income %.6f%%, world %.6f%%, USA C27 %.5f%%\n",
                    s ? "ban to all" : "ban to USA", sigmas[k], usa[k], world[k], 100 * c27[k]);
        }
        assert_true(usa[0] < 0.0);
        for (int k = 1; k < 4; k++) {
            /* A larger loss for the US and the world, and, when the US alone is cut off, for
             * its electrical equipment (C27). Under a ban to all, US C27 gains market share:
             * the US uses fewer rare earths per dollar of output (its absorption is pinned to
             * USGS consumption), so its costs rise least. */
            assert_true(usa[k] < usa[k - 1]);
            assert_true(world[k] < world[k - 1]);
            if (s == 0)
                assert_true(c27[k] < c27[k - 1]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(totals_reproduced),
        cmocka_unit_test(losses_rise_as_elasticity_falls),
    };
    return cmocka_run_group_tests(tests, load, unload);
}
