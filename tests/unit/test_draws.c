/* SPDX-License-Identifier: MIT */
/* Parameter draws (tradewar/draws.h): the generator is pinned bit for bit, the normal quantile
 * is accurate, Latin-hypercube draws are stratified and beat plain Monte Carlo at equal cost,
 * draws are truncated and reproducible for a seed, bands are identical for any thread count,
 * zero standard errors give zero-width bands equal to the point estimate, failed draws are
 * reported with their parameters, and the theta option of a model changes nothing when it
 * repeats the world's theta. */
#include <math.h>

#include "core/rng.h"
#include "test_util.h"
#include "tradewar/draws.h"

static tw_world *load(const char *name, const char *set)
{
    char dir[1024];
    tw_error err;
    tw_world *w;
    tw_world_options o;
    tw_world_options_init(&o);
    o.elasticities = set;
    snprintf(dir, sizeof dir, "%s/data/%s", TW_TEST_SOURCE_DIR, name);
    assert_ok(tw_world_load(dir, &o, &w, &err), &err);
    return w;
}

static tw_theta_errors *load_errors(const tw_world *w, const char *name)
{
    char path[1024];
    tw_error err;
    tw_theta_errors *e;
    snprintf(path, sizeof path, "%s/data/%s/theta_se.csv", TW_TEST_SOURCE_DIR, name);
    assert_ok(tw_theta_errors_load(path, w, &e, &err), &err);
    return e;
}

/* The generator is a fixed function of its three integers (values computed once with this
 * implementation and pinned: a change of them changes every published band). */
static void test_rng_pinned(void **state)
{
    (void)state;
    assert_true(tw_rng_u64(1, 0, 0) == 0x06f394aae126d8f8ULL);
    assert_true(tw_rng_u64(1, 0, 1) != tw_rng_u64(1, 0, 0));
    assert_true(tw_rng_u64(1, 1, 0) != tw_rng_u64(1, 0, 0));
    assert_true(tw_rng_u64(2, 0, 0) != tw_rng_u64(1, 0, 0));
    /* Uniforms lie strictly inside (0, 1) and have mean 1/2 (10^5 of them: sd of the mean
     * 0.0009, so 0.005 is more than five standard deviations). */
    double s = 0;
    for (int k = 0; k < 100000; k++) {
        double u = tw_rng_uniform(7, 3, (uint64_t)k);
        assert_true(u > 0 && u < 1);
        s += u;
    }
    assert_close(s / 100000, 0.5, 0.005, "%s", "s / 100000");
}

static void test_normal_quantile(void **state)
{
    (void)state;
    /* Phi(Phi^-1(u)) = u to a few ulps over the body and both tails. */
    const double u[] = {1e-300, 1e-12, 1e-6, 0.001, 0.02425, 0.05, 0.3, 0.5, 0.7, 0.975, 0.999,
                        1 - 1e-9};
    for (size_t k = 0; k < sizeof u / sizeof *u; k++) {
        double x = tw_normal_quantile(u[k]);
        double back = u[k] < 0.5 ? tw_normal_cdf(x) : 1 - tw_normal_cdf(-x);
        assert_close(back / u[k], 1.0, 1e-12, "%s", "back / u[k]");
    }
    assert_close(tw_normal_quantile(0.975), 1.959963984540054, 1e-14, "%s", "tw_normal_quantile(0.975)");
    assert_true(tw_normal_quantile(0.5) == 0.0 || fabs(tw_normal_quantile(0.5)) < 1e-300);
    assert_close(tw_normal_quantile(0.05), -tw_normal_quantile(0.95), 1e-15, "%s", "tw_normal_quantile(0.05)");
}

static void test_quantile_type7(void **state)
{
    (void)state;
    const double x[] = {1, 2, 3, 4};
    assert_close(tw_quantile_sorted(x, 4, 0.05), 1.15, 1e-15, "%s", "tw_quantile_sorted(x");
    assert_close(tw_quantile_sorted(x, 4, 0.5), 2.5, 1e-15, "%s", "tw_quantile_sorted(x");
    assert_close(tw_quantile_sorted(x, 4, 0.95), 3.85, 1e-15, "%s", "tw_quantile_sorted(x");
    assert_close(tw_quantile_sorted(x, 4, 1.0), 4, 0, "%s", "tw_quantile_sorted(x");
    assert_close(tw_quantile_sorted(x, 1, 0.05), 1, 0, "%s", "tw_quantile_sorted(x");
}

/* Draws of cp1993 with the given design and seed. */
static tw_draws *draws_of(const tw_world *w, const tw_theta_errors *e, tw_draw_design design,
                          int n, uint64_t seed)
{
    tw_draw_options o;
    tw_draw_options_init(&o);
    o.design = design;
    o.draws = n;
    o.seed = seed;
    tw_draws *d;
    tw_error err;
    assert_ok(tw_draws_create(w, e, &o, &d, &err), &err);
    return d;
}

/* Each drawn sector's N draws fall one in each 1/N-quantile of its truncated distribution, all
 * inside the truncation, sectors of a group move together, se 0 keeps the estimate, and a seed
 * gives the same draws again. */
static void test_latin_hypercube(void **state)
{
    (void)state;
    tw_world *w = load("icio2022", NULL);
    tw_theta_errors *e = load_errors(w, "icio2022");
    enum { N = 50 };
    tw_draws *d = draws_of(w, e, TW_DESIGN_LATIN, N, 11), *again = draws_of(w, e, TW_DESIGN_LATIN, N, 11);
    tw_draws *other = draws_of(w, e, TW_DESIGN_LATIN, N, 12);
    int J = d->n_sectors;
    assert_memory_equal(d->theta, again->theta, (size_t)N * J * sizeof(double));
    assert_true(memcmp(d->theta, other->theta, (size_t)N * J * sizeof(double)) != 0);
    for (int j = 0; j < J; j++) {
        double est = tw_world_theta(w, j), se = e->se[j];
        int hit[N] = {0};
        for (int k = 0; k < N; k++) {
            double t = d->theta[(size_t)k * J + j];
            assert_true(t >= 0.5 && t <= 1000);
            if (se == 0) {
                assert_true(t == est);
                continue;
            }
            double a = tw_normal_cdf((0.5 - est) / se), b = tw_normal_cdf((1000 - est) / se);
            double u = (tw_normal_cdf((t - est) / se) - a) / (b - a);
            int s = (int)floor(u * N);
            assert_true(s >= 0 && s < N);
            hit[s]++;
            /* C16 and C17_18 share the estimates of Wood and Paper: one draw. */
            if (j > 0 && e->group[j] == e->group[j - 1])
                assert_true(t == d->theta[(size_t)k * J + j - 1]);
        }
        for (int s = 0; s < N && se > 0; s++)
            assert_int_equal(hit[s], 1);
    }
    tw_draws_free(d);
    tw_draws_free(again);
    tw_draws_free(other);
    tw_theta_errors_free(e);
    tw_world_free(w);
}

/* The mean over N draws of f(theta) = sum_j 1 / theta_j (the shape of a price index's response
 * to trade costs) estimated with 100 seeds: the Latin hypercube's estimates vary far less than
 * plain Monte Carlo's at the same number of draws. For an additive f the hypercube removes the
 * variance of each term's main effect, leaving O(N^-3) against Monte Carlo's O(N^-1); with
 * N = 20 the ratio is expected well below 0.1, and 0.25 leaves room for sampling error in the
 * two variances (100 seeds each). */
static void test_latin_beats_monte_carlo(void **state)
{
    (void)state;
    tw_world *w = load("cp1993", NULL);
    tw_theta_errors *e = load_errors(w, "cp1993");
    enum { N = 20, R = 100 };
    double var[2];
    for (int design = 0; design < 2; design++) {
        double s = 0, s2 = 0;
        for (int r = 0; r < R; r++) {
            tw_draws *d = draws_of(w, e, (tw_draw_design)design, N, 1000 + (uint64_t)r);
            double mean = 0;
            for (int k = 0; k < N; k++)
                for (int j = 0; j < d->n_sectors; j++)
                    mean += 1.0 / d->theta[(size_t)k * d->n_sectors + j] / N;
            s += mean;
            s2 += mean * mean;
            tw_draws_free(d);
        }
        var[design] = (s2 - s * s / R) / (R - 1);
    }
    print_message("variance of the mean: Latin %.3g, Monte Carlo %.3g (ratio %.3g)\n", var[0],
                  var[1], var[0] / var[1]);
    assert_true(var[1] > 0);
    assert_true(var[0] < 0.25 * var[1]);
    tw_theta_errors_free(e);
    tw_world_free(w);
}

/* ---- solving draws: the NAFTA experiment on cp1993 ---- */

typedef struct nafta_ctx {
    char shock[1024];
    int fail_petro; /* draws with theta(PETRO) above the estimate get a 1-iteration budget */
} nafta_ctx;

#define NAFTA_OUT(N) (2 * (N) + 1)

/* Real income and real wage of every country and the world's real income. */
static tw_status nafta_eval(void *vctx, const tw_model *m, tw_solver *s, double *out,
                            tw_error *err)
{
    nafta_ctx *c = vctx;
    const tw_world *w = tw_model_world(m);
    tw_dims d = tw_world_dims(w);
    if (c->fail_petro && tw_world_theta(w, tw_world_sector_index(w, "PETRO")) > 64.85) {
        tw_solver_options so = tw_solver_get_options(s);
        so.max_iterations = 1;
        tw_status st = tw_solver_set_options(s, &so, err);
        if (st)
            return st;
    }
    tw_policy *p = NULL;
    tw_equilibrium *eq = tw_equilibrium_create(m);
    tw_results *r = tw_results_create(m);
    tw_status st = eq && r ? tw_policy_create(m, &p) : TW_ERR_NOMEM;
    if (!st)
        st = tw_shock_apply_file(m, p, c->shock, err);
    if (!st)
        st = tw_model_solve(m, s, p, eq, NULL, err);
    if (!st)
        st = tw_results_compute(m, eq, r);
    for (int n = 0; !st && n < d.n; n++) {
        out[n] = r->country[n].real_income_pct;
        out[d.n + n] = r->country[n].real_wage_pct;
    }
    if (!st)
        out[2 * d.n] = r->world_real_income_pct;
    tw_results_free(r);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    return st;
}

/* The point: the same evaluation on the world's own theta. */
static void nafta_point(const tw_world *w, const tw_model_options *mo, nafta_ctx *c, double *out)
{
    tw_model *m;
    tw_solver *s;
    tw_error err;
    assert_ok(tw_model_create(w, mo, &m, &err), &err);
    assert_ok(tw_solver_create(m, NULL, &s, &err), &err);
    assert_ok(nafta_eval(c, m, s, out, &err), &err);
    tw_solver_free(s);
    tw_model_free(m);
}

static tw_draws *nafta_draws(const tw_world *w, const tw_theta_errors *e, int n, int threads,
                             nafta_ctx *c, const double *point, tw_status want)
{
    tw_model_options mo = tw_test_model_options(TW_DEFICITS_ZERO, 1e-10);
    tw_draw_options o;
    tw_draw_options_init(&o);
    o.draws = n;
    o.seed = 5;
    o.threads = threads;
    tw_draws *d;
    tw_error err;
    assert_ok(tw_draws_create(w, e, &o, &d, &err), &err);
    tw_status st = tw_draws_run(d, w, &mo, NAFTA_OUT(tw_world_dims(w).n), point, nafta_eval, c,
                                &err);
    if (st != want)
        print_message("tw_draws_run: %s: %s\n", tw_status_name(st), err.message);
    assert_int_equal(st, want);
    return d;
}

static void nafta_setup(nafta_ctx *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->shock, sizeof c->shock, "%s/data/cp1993/nafta_2005.csv", TW_TEST_SOURCE_DIR);
}

/* The same draws on 1 and 3 threads give the same bits; the bands are ordered and the point is
 * the one given. */
static void test_threads_identical(void **state)
{
    (void)state;
    tw_world *w = load("cp1993", NULL);
    tw_theta_errors *e = load_errors(w, "cp1993");
    nafta_ctx c;
    nafta_setup(&c);
    int N = tw_world_dims(w).n, K = NAFTA_OUT(N);
    double *point = malloc((size_t)K * sizeof *point);
    tw_model_options mo = tw_test_model_options(TW_DEFICITS_ZERO, 1e-10);
    nafta_point(w, &mo, &c, point);
    tw_draws *one = nafta_draws(w, e, 6, 1, &c, point, TW_OK);
    tw_draws *three = nafta_draws(w, e, 6, 3, &c, point, TW_OK);
    assert_int_equal(one->n_failed, 0);
    assert_memory_equal(one->values, three->values, (size_t)6 * K * sizeof(double));
    int mex = tw_world_country_index(w, "MEX");
    tw_band b = tw_draws_band(three, mex);
    assert_true(b.point == point[mex]);
    assert_int_equal(b.n, 6);
    assert_true(b.p5 <= b.p50 && b.p50 <= b.p95);
    assert_true(b.p95 > b.p5); /* Mexico's gain depends on the elasticities */
    tw_draws_free(one);
    tw_draws_free(three);
    free(point);
    tw_theta_errors_free(e);
    tw_world_free(w);
}

/* Standard errors of zero: every draw is the point estimate, bit for bit. */
static void test_zero_errors(void **state)
{
    (void)state;
    tw_world *w = load("cp1993", NULL);
    tw_theta_errors *e;
    assert_ok(tw_theta_errors_zero(w, &e), NULL);
    nafta_ctx c;
    nafta_setup(&c);
    int K = NAFTA_OUT(tw_world_dims(w).n);
    double *point = malloc((size_t)K * sizeof *point);
    tw_model_options mo = tw_test_model_options(TW_DEFICITS_ZERO, 1e-10);
    nafta_point(w, &mo, &c, point);
    tw_draws *d = nafta_draws(w, e, 3, 2, &c, point, TW_OK);
    for (int q = 0; q < K; q++) {
        tw_band b = tw_draws_band(d, q);
        assert_true(b.p5 == b.point && b.p50 == b.point && b.p95 == b.point);
    }
    tw_draws_free(d);
    free(point);
    tw_theta_errors_free(e);
    tw_world_free(w);
}

/* Draws whose solve does not converge are kept with their status, message and theta, counted,
 * and left out of the bands; when all fail the run fails. */
static void test_failed_draws(void **state)
{
    (void)state;
    tw_world *w = load("cp1993", NULL);
    tw_theta_errors *e = load_errors(w, "cp1993");
    nafta_ctx c;
    nafta_setup(&c);
    c.fail_petro = 1;
    int K = NAFTA_OUT(tw_world_dims(w).n), petro = tw_world_sector_index(w, "PETRO");
    double *point = malloc((size_t)K * sizeof *point);
    tw_model_options mo = tw_test_model_options(TW_DEFICITS_ZERO, 1e-10);
    nafta_point(w, &mo, &c, point);
    tw_draws *d = nafta_draws(w, e, 8, 2, &c, point, TW_OK);
    int expect = 0;
    for (int k = 0; k < d->n_draws; k++) {
        int bad = d->theta[(size_t)k * d->n_sectors + petro] > 64.85;
        expect += bad;
        assert_int_equal(d->status[k], bad ? TW_ERR_NOT_CONVERGED : TW_OK);
        assert_true(bad ? d->message[k] && strstr(d->message[k], "residual") : !d->message[k]);
        assert_true(bad == isnan(d->values[(size_t)k * K]));
    }
    assert_true(expect > 0 && expect < 8); /* a Latin hypercube of 8 puts 4 above the median */
    assert_int_equal(d->n_failed, expect);
    assert_close(tw_draws_failed_share(d), expect / 8.0, 0, "%s", "tw_draws_failed_share(d)");
    assert_int_equal(tw_draws_band(d, 0).n, 8 - expect);
    tw_draws_free(d);
    /* Every draw failing is an error. */
    mo.solver.max_iterations = 1;
    tw_draw_options o;
    tw_draw_options_init(&o);
    o.draws = 2;
    tw_error err;
    assert_ok(tw_draws_create(w, e, &o, &d, &err), &err);
    c.fail_petro = 0;
    assert_int_equal(tw_draws_run(d, w, &mo, K, point, nafta_eval, &c, &err),
                     TW_ERR_NOT_CONVERGED);
    assert_non_null(strstr(err.message, "all 2 draws failed"));
    tw_draws_free(d);
    free(point);
    tw_theta_errors_free(e);
    tw_world_free(w);
}

/* The theta option with the world's own theta changes no bit; a bad theta is refused. */
static void test_theta_option(void **state)
{
    (void)state;
    tw_world *w = load("cp1993", NULL);
    int J = tw_world_dims(w).j;
    double *theta = malloc((size_t)J * sizeof *theta);
    for (int j = 0; j < J; j++)
        theta[j] = tw_world_theta(w, j);
    nafta_ctx c;
    nafta_setup(&c);
    int K = NAFTA_OUT(tw_world_dims(w).n);
    double *a = malloc((size_t)K * sizeof *a), *b = malloc((size_t)K * sizeof *b);
    tw_model_options mo = tw_test_model_options(TW_DEFICITS_ZERO, 1e-10);
    nafta_point(w, &mo, &c, a);
    mo.theta = theta;
    nafta_point(w, &mo, &c, b);
    assert_memory_equal(a, b, (size_t)K * sizeof *a);
    /* A different theta gives a different result and a view of the world with it. */
    theta[tw_world_sector_index(w, "AGR")] = 4.0;
    tw_model *m;
    tw_error err;
    assert_ok(tw_model_create(w, &mo, &m, &err), &err);
    theta[0] = 9.0; /* read at creation only */
    const tw_world *v = tw_model_world(m);
    assert_true(v != w);
    assert_close(tw_world_theta(v, 0), 4.0, 0, "%s", "tw_world_theta(v");
    assert_close(tw_world_theta(w, 0), 9.11, 0, "%s", "tw_world_theta(w");
    assert_true(tw_world_flows(v) == tw_world_flows(w));
    assert_true(tw_model_get_options(m).theta == NULL);
    tw_model_free(m);
    theta[0] = -1;
    assert_int_equal(tw_model_create(w, &mo, &m, &err), TW_ERR_INPUT);
    assert_non_null(strstr(err.message, "AGR"));
    free(theta);
    free(a);
    free(b);
    tw_world_free(w);
}

/* Standard errors belong to their estimates: another elasticity set is refused with the file,
 * line and column; draws across sets take each set's theta. */
static void test_errors_file(void **state)
{
    (void)state;
    tw_world *w = load("icio2022", "IS");
    char path[1024];
    tw_error err;
    tw_theta_errors *e;
    snprintf(path, sizeof path, "%s/data/icio2022/theta_se.csv", TW_TEST_SOURCE_DIR);
    assert_int_equal(tw_theta_errors_load(path, w, &e, &err), TW_ERR_INPUT);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 5);
    assert_non_null(strstr(err.message, "set IS"));
    tw_draw_options o;
    tw_draw_options_init(&o);
    o.source = TW_DRAW_SETS;
    tw_draws *d;
    assert_ok(tw_draws_create(w, NULL, &o, &d, &err), &err);
    assert_int_equal(d->n_draws, 8);
    for (int k = 0; k < 8; k++) {
        assert_int_equal(d->set[k], k);
        for (int j = 0; j < d->n_sectors; j++)
            assert_true(d->theta[(size_t)k * d->n_sectors + j] ==
                        tw_world_elasticity_set_theta(w, k, j));
    }
    tw_draws_free(d);
    tw_world_free(w);
    /* A file with an unknown sector and one without every sector. */
    char dir[256];
    tw_test_tmpdir(dir, sizeof dir);
    w = load("cp1993", NULL);
    tw_test_write(dir, "bad.csv", "sector,theta,se\nAGX,9.11,1\n");
    snprintf(path, sizeof path, "%s/bad.csv", dir);
    assert_int_equal(tw_theta_errors_load(path, w, &e, &err), TW_ERR_INPUT);
    assert_non_null(strstr(err.message, "did you mean 'AGR'"));
    tw_test_write(dir, "short.csv", "sector,theta,se\nAGR,9.11,1\n");
    snprintf(path, sizeof path, "%s/short.csv", dir);
    assert_int_equal(tw_theta_errors_load(path, w, &e, &err), TW_ERR_INPUT);
    assert_non_null(strstr(err.message, "no standard error for sector 'MIN'"));
    tw_world_free(w);
    tw_test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_pinned),
        cmocka_unit_test(test_normal_quantile),
        cmocka_unit_test(test_quantile_type7),
        cmocka_unit_test(test_latin_hypercube),
        cmocka_unit_test(test_latin_beats_monte_carlo),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_zero_errors),
        cmocka_unit_test(test_failed_draws),
        cmocka_unit_test(test_theta_option),
        cmocka_unit_test(test_errors_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
