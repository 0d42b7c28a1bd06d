/* SPDX-License-Identifier: MIT */
/* The solve draws of a shock in memory on a base policy (tradewar/solve_draws.h,
 * tw_solve_draws_eval_shock, used by the web server and the R bindings): on today's policy
 * its bands are those of the same text read from a file (tw_solve_draws_eval, `tradewar solve
 * --draws`), and on a base policy they are those of one file holding the base's rows and then
 * the shock's (the "equivalent shock file"): equal to the bit, since the draws solve the same
 * policies from the same start on the same elasticities. */
#include <string.h>

#include "test_util.h"
#include "tradewar/solve_draws.h"

#define HEADER "importer,exporter,sector,tariff,tariff_add,iceberg_hat\n"
/* The base: tariff changes; the shock adds to one sector of them (a row of its own: a file
 * may not repeat a row) and sets another pair. */
#define BASE_ROWS "USA,MEX,*,0.1,,\nMEX,USA,*,0.05,,\n"
#define SHOCK_ROWS "USA,MEX,AGR,,0.2,\nCAN,USA,*,0.15,,\n"

typedef struct fixture {
    tw_world *w;
    tw_theta_errors *e;
    char dir[256];
} fixture;

static void setup(fixture *f)
{
    char path[1024];
    tw_error err;
    snprintf(path, sizeof path, "%s/data/cp1993", TW_TEST_SOURCE_DIR);
    assert_ok(tw_world_load(path, NULL, &f->w, &err), &err);
    snprintf(path, sizeof path, "%s/data/cp1993/theta_se.csv", TW_TEST_SOURCE_DIR);
    assert_ok(tw_theta_errors_load(path, f->w, &f->e, &err), &err);
    tw_test_tmpdir(f->dir, sizeof f->dir);
}

static void teardown(fixture *f)
{
    tw_test_rmdir(f->dir);
    tw_theta_errors_free(f->e);
    tw_world_free(f->w);
}

/* Five draws of fn(ctx) on f's world, the point fn on the world's own elasticities. */
static tw_draws *run(const fixture *f, tw_draw_fn fn, void *ctx)
{
    tw_model_options mo = tw_test_model_options(TW_DEFICITS_ZERO, 1e-10);
    tw_model *m;
    tw_solver *s;
    tw_error err;
    tw_draw_options o;
    tw_draw_options_init(&o);
    o.draws = 5;
    o.seed = 11;
    o.threads = 2;
    int K = tw_solve_draws_outputs(tw_world_dims(f->w));
    double *point = malloc((size_t)K * sizeof *point);
    assert_non_null(point);
    assert_ok(tw_model_create(f->w, &mo, &m, &err), &err);
    assert_ok(tw_solver_create(m, NULL, &s, &err), &err);
    assert_ok(fn(ctx, m, s, point, &err), &err);
    tw_solver_free(s);
    tw_model_free(m);
    tw_draws *d;
    assert_ok(tw_draws_create(f->w, f->e, &o, &d, &err), &err);
    assert_ok(tw_draws_run(d, f->w, &mo, K, point, fn, ctx, &err), &err);
    free(point);
    return d;
}

/* Every output's band of a and b is the same to the bit, and some band has width. */
static void assert_same_bands(const tw_draws *a, const tw_draws *b, int K)
{
    int wide = 0;
    for (int k = 0; k < K; k++) {
        tw_band x = tw_draws_band(a, k), y = tw_draws_band(b, k);
        assert_int_equal(x.n, y.n);
        assert_true(memcmp(&x.p5, &y.p5, sizeof x.p5) == 0);
        assert_true(memcmp(&x.p50, &y.p50, sizeof x.p50) == 0);
        assert_true(memcmp(&x.p95, &y.p95, sizeof x.p95) == 0);
        wide |= x.p95 > x.p5;
    }
    assert_true(wide);
}

static void test_text_is_file(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    const char *text = HEADER SHOCK_ROWS;
    tw_test_write(f.dir, "s.csv", text);
    char path[512];
    snprintf(path, sizeof path, "%s/s.csv", f.dir);
    tw_solve_draws_shock sh = {"s.csv", text, strlen(text), NULL};
    tw_draws *a = run(&f, tw_solve_draws_eval, path), *b = run(&f, tw_solve_draws_eval_shock, &sh);
    assert_same_bands(a, b, tw_solve_draws_outputs(tw_world_dims(f.w)));
    tw_draws_free(a);
    tw_draws_free(b);
    teardown(&f);
}

static void test_base_policy(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    tw_test_write(f.dir, "both.csv", HEADER BASE_ROWS SHOCK_ROWS);
    char path[512];
    snprintf(path, sizeof path, "%s/both.csv", f.dir);
    /* The base policy on the world's own model (the draws' models have other elasticities but
     * the same countries and sectors). */
    tw_model *m;
    tw_policy *base;
    tw_error err;
    tw_model_options mo = tw_test_model_options(TW_DEFICITS_ZERO, 1e-10);
    assert_ok(tw_model_create(f.w, &mo, &m, &err), &err);
    assert_ok(tw_policy_create(m, &base), NULL);
    const char *base_text = HEADER BASE_ROWS, *shock = HEADER SHOCK_ROWS;
    assert_ok(tw_shock_apply_buffer(m, base, "base.csv", base_text, strlen(base_text), &err),
              &err);
    tw_solve_draws_shock sh = {"s.csv", shock, strlen(shock), base};
    tw_draws *a = run(&f, tw_solve_draws_eval, path), *b = run(&f, tw_solve_draws_eval_shock, &sh);
    int K = tw_solve_draws_outputs(tw_world_dims(f.w));
    assert_same_bands(a, b, K);
    /* No text: the base policy as it is, which is not the base with the shock. */
    tw_solve_draws_shock bare = {"s.csv", NULL, 0, base};
    tw_draws *c = run(&f, tw_solve_draws_eval_shock, &bare);
    int differ = 0;
    for (int k = 0; k < K; k++)
        differ |= tw_draws_band(c, k).p50 != tw_draws_band(a, k).p50;
    assert_true(differ);
    tw_draws_free(a);
    tw_draws_free(b);
    tw_draws_free(c);
    tw_policy_free(base);
    tw_model_free(m);
    teardown(&f);
}

/* A bad row is the shock reader's error naming the shock; no context is a usage error. */
static void test_errors(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    tw_model *m;
    tw_solver *s;
    tw_error err;
    tw_model_options mo = tw_test_model_options(TW_DEFICITS_ZERO, 1e-10);
    assert_ok(tw_model_create(f.w, &mo, &m, &err), &err);
    assert_ok(tw_solver_create(m, NULL, &s, &err), &err);
    double *out = malloc((size_t)tw_solve_draws_outputs(tw_world_dims(f.w)) * sizeof *out);
    assert_non_null(out);
    const char *bad = HEADER "USA,XXX,*,0.1,,\n";
    tw_solve_draws_shock sh = {"bad.csv", bad, strlen(bad), NULL};
    assert_int_equal(tw_solve_draws_eval_shock(&sh, m, s, out, &err), TW_ERR_INPUT);
    assert_string_equal(err.file, "bad.csv");
    assert_int_equal(err.line, 2);
    assert_int_equal(tw_solve_draws_eval_shock(NULL, m, s, out, &err), TW_ERR_USAGE);
    free(out);
    tw_solver_free(s);
    tw_model_free(m);
    teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_is_file),
        cmocka_unit_test(test_base_policy),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
