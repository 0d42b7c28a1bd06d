/* SPDX-License-Identifier: MIT */
/* Strategy on the shipped worlds: adjoint gradients against finite differences on real data
 * (cp1993: 31 regions x 40 sectors with input-output links; icio2022: 81 x 28; icio2022re,
 * 81 x 29 with CES critical-input nests), and the first-order conditions of an optimal
 * tariff. */
#include "test_util.h"

typedef struct shipped {
    tw_world *w;
    tw_model *m;
    tw_game *g;
    tw_policy *p, *q;
    tw_equilibrium *eq, *eq2;
} shipped;

/* Opens a shipped world; sigma > 0 sets the elasticity of every nest of the world's (critical
 * inputs, like --critical-elasticity). */
static void open_world_sigma(shipped *s, const char *dir, double sigma)
{
    tw_error err;
    assert_ok(tw_world_load(dir, NULL, &s->w, &err), &err);
    tw_model_options so = tw_test_model_options(TW_DEFICITS_FIXED, 1e-12);
    tw_input_elasticity rule = {TW_NEST_MEMBERS, TW_ALL_SECTORS, sigma};
    if (sigma > 0) {
        so.input_elasticities = &rule; /* borrowed during creation only */
        so.input_elasticity_count = 1;
    }
    assert_ok(tw_model_create(s->w, &so, &s->m, &err), &err);
    assert_ok(tw_game_create(s->m, NULL, &s->g, &err), &err);
    assert_ok(tw_policy_create(s->m, &s->p), NULL);
    assert_ok(tw_policy_create(s->m, &s->q), NULL);
    s->eq = tw_equilibrium_create(s->m);
    s->eq2 = tw_equilibrium_create(s->m);
    assert_ok(tw_test_model_solve(s->m, s->p, s->eq, NULL, &err), &err);
}

static void open_world(shipped *s, const char *dir) { open_world_sigma(s, dir, 0.0); }

static void close_world(shipped *s)
{
    tw_equilibrium_free(s->eq);
    tw_equilibrium_free(s->eq2);
    tw_policy_free(s->p);
    tw_policy_free(s->q);
    tw_game_free(s->g);
    tw_model_free(s->m);
    tw_world_free(s->w);
}

/* d W_country / d (all of importer's tariffs on exporter in sector j), adjoint against central
 * differences. */
static void check_direction(shipped *s, const char *country, const char *importer,
                            const char *exporter, int sector)
{
    tw_error err;
    tw_dims d = tw_world_dims(s->w);
    int c = tw_world_country_index(s->w, country), n = tw_world_country_index(s->w, importer),
        i = tw_world_country_index(s->w, exporter);
    assert_true(c >= 0 && n >= 0 && i >= 0);
    size_t nij = (size_t)d.n * d.n * d.j, at = tw_ix_nij(d, n, i, sector);
    double *grad = calloc(nij, sizeof *grad);
    tw_objective obj = {.country = c};
    tw_adjoint_report rep;
    assert_ok(tw_game_gradient(s->g, s->p, s->eq, &obj, NULL, grad, &rep, &err), &err);
    assert_true(rep.converged);
    const double h = 1e-4;
    double w[2];
    for (int k = 0; k < 2; k++) {
        tw_policy_copy(s->q, s->p);
        tw_policy_tariffs(s->q)[at] += k ? h : -h;
        tw_equilibrium_copy(s->eq2, s->eq);
        assert_ok(tw_test_model_solve(s->m, s->q, s->eq2, NULL, &err), &err);
        w[k] = tw_objective_value(s->m, s->eq2, &obj);
    }
    double fd = (w[1] - w[0]) / (2 * h);
    assert_close(grad[at], fd, 1e-9 + 1e-5 * fabs(fd), "dW_%s / dt[%s][%s][%s]", country,
                 tw_world_sector_code(s->w, sector), importer, exporter);
    free(grad);
}

static void test_cp1993_gradients(void **state)
{
    (void)state;
    shipped s;
    open_world(&s, TW_TEST_SOURCE_DIR "/data/cp1993");
    check_direction(&s, "USA", "USA", "MEX", 3);
    check_direction(&s, "MEX", "USA", "MEX", 3);
    check_direction(&s, "CAN", "USA", "MEX", 10);
    check_direction(&s, "MEX", "MEX", "USA", 0);
    close_world(&s);
}

static void test_icio2022_gradients_and_optimum(void **state)
{
    (void)state;
    shipped s;
    open_world(&s, TW_TEST_SOURCE_DIR "/data/icio2022");
    int c29 = tw_world_sector_index(s.w, "C29"), c26 = tw_world_sector_index(s.w, "C26");
    assert_true(c29 >= 0 && c26 >= 0);
    check_direction(&s, "USA", "USA", "CHN", c26);
    check_direction(&s, "CHN", "USA", "CHN", c26);
    check_direction(&s, "MEX", "USA", "MEX", c29);
    check_direction(&s, "DEU", "CHN", "DEU", c29);
    /* The US optimal uniform tariff: first-order condition met, better than today and than
     * 2 points either side. */
    tw_error err;
    tw_instrument ins = {.country = tw_world_country_index(s.w, "USA")};
    tw_optimize_report rep;
    assert_ok(tw_game_best_response(s.g, &ins, NULL, s.p, s.q, s.eq2, &rep, &err), &err);
    assert_true(rep.converged && rep.kkt_residual <= 1e-6);
    tw_objective obj = {.country = ins.country};
    double today = tw_objective_value(s.m, s.eq, &obj);
    assert_true(rep.value > today);
    tw_dims d = tw_world_dims(s.w);
    int partner = tw_world_country_index(s.w, "CHN");
    double t = tw_policy_tariffs_const(s.q)[tw_ix_nij(d, ins.country, partner, c26)];
    tw_policy *r;
    assert_ok(tw_policy_create(s.m, &r), NULL);
    for (int sign = -1; sign <= 1; sign += 2) {
        tw_policy_copy(r, s.q);
        for (int j = 0; j < d.j; j++)
            for (int i = 0; i < d.n; i++)
                if (i != ins.country && tw_world_sector_is_goods(s.w, j))
                    tw_policy_tariffs(r)[tw_ix_nij(d, ins.country, i, j)] = t + sign * 0.02;
        assert_ok(tw_test_model_solve(s.m, r, s.eq2, NULL, &err), &err);
        assert_true(tw_objective_value(s.m, s.eq2, &obj) < rep.value);
    }
    tw_policy_free(r);
    close_world(&s);
}

/* The rare-earth world with its critical-input nests at sigma = 0.5 (docs/model.md eq. (1')):
 * the reverse pass through the CES production block. Directions through the nested input
 * (tariffs on Chinese rare earths) and outside it; the tolerance is that of the other shipped
 * worlds: with h = 1e-4 the central difference errs by h^2 W''' / 6 (about 1e-9 relative
 * here) plus the two solves' errors over h (residuals below 1e-12), against |W'| from 2e-7 to
 * 1e-2; observed differences are 4e-10 at most. 1e-9 + 1e-5 |W'| still tells a right
 * derivative from a wrong one: a reverse pass that holds the CES cost shares constant gives
 * 3.8e-8 instead of 2.3e-7 for the first direction and fails. */
static void test_icio2022re_ces_gradients(void **state)
{
    (void)state;
    shipped s;
    open_world_sigma(&s, TW_TEST_SOURCE_DIR "/data/icio2022re", 0.5);
    int re = tw_world_sector_index(s.w, "RE"), c26 = tw_world_sector_index(s.w, "C26");
    assert_true(re >= 0 && c26 >= 0);
    check_direction(&s, "USA", "USA", "CHN", re);
    check_direction(&s, "CHN", "USA", "CHN", re);
    check_direction(&s, "JPN", "JPN", "CHN", re);
    check_direction(&s, "USA", "USA", "CHN", c26);
    check_direction(&s, "DEU", "CHN", "DEU", c26);
    close_world(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cp1993_gradients),
        cmocka_unit_test(test_icio2022_gradients_and_optimum),
        cmocka_unit_test(test_icio2022re_ces_gradients),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
