/* SPDX-License-Identifier: MIT */
/* Shared helpers for the test programs: tolerance checks that print full precision, temporary
 * directories, and small random worlds written as CSV (so tests also exercise the loader). */
#ifndef TW_TEST_UTIL_H
#define TW_TEST_UTIL_H

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tradewar/tradewar.h"

#ifndef TW_TEST_SOURCE_DIR
#error "TW_TEST_SOURCE_DIR must point at the source tree"
#endif

/* |actual - expected| <= tol, else fail printing both with 17 digits and what they are. */
#define assert_close(actual, expected, tol, ...)                                               \
    tw_test_close((actual), (expected), (tol), __FILE__, __LINE__, __VA_ARGS__)

static inline void tw_test_close(double actual, double expected, double tol, const char *file,
                                 int line, const char *fmt, ...)
{
    if (fabs(actual - expected) <= tol && isfinite(actual))
        return;
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    fprintf(stderr,
            "%s:%d: %s: got %.17g, expected %.17g, difference %.3g exceeds tolerance %.3g\n",
            file, line, what, actual, expected, fabs(actual - expected), tol);
    _fail(file, line);
}

/* Fails unless st is ok, printing the error record. */
#define assert_ok(st, err) tw_test_ok((st), (err), __FILE__, __LINE__)
static inline void tw_test_ok(tw_status st, const tw_error *err, const char *file, int line)
{
    if (st == TW_OK)
        return;
    char buf[2048];
    tw_error_format(err, buf, sizeof buf);
    fprintf(stderr, "%s:%d: unexpected status %s: %s\n", file, line, tw_status_name(st), buf);
    _fail(file, line);
}

/* Model options with closure and solver tolerance tol, the rest defaults. */
static inline tw_model_options tw_test_model_options(tw_deficit_closure closure, double tol)
{
    tw_model_options o;
    tw_model_options_init(&o);
    o.deficits = closure;
    o.solver.tolerance = tol;
    return o;
}

/* One solve of p on m with a solver of its own (for tests where the solver does not matter;
 * tests of solver reuse and threads make theirs). */
static inline tw_status tw_test_model_solve(const tw_model *m, const tw_policy *p,
                                            tw_equilibrium *eq, tw_solver_report *rep,
                                            tw_error *err)
{
    tw_solver *s;
    tw_status st = tw_solver_create(m, NULL, &s, err);
    if (st)
        return st;
    st = tw_model_solve(m, s, p, eq, rep, err);
    tw_solver_free(s);
    return st;
}

/* Runs plan p on m with a solver of its own (games by the strategy layer when
 * solve_game is not NULL). */
static inline tw_status tw_test_timeline_run(const tw_plan *p, const tw_model *m,
                                             tw_game_solver_fn solve_game, void *ctx,
                                             tw_timeline **out, tw_error *err)
{
    tw_solver *sv;
    tw_status st = tw_solver_create(m, NULL, &sv, err);
    if (st)
        return st;
    st = tw_timeline_run_games(p, m, sv, solve_game, ctx, out, err);
    tw_solver_free(sv);
    return st;
}

/* Solves the shock-file text `shock` on world w with options o (NULL: defaults), asserting
 * that the solve converges to a residual of at most 1e-10 (or o's tolerance). Returns the
 * results against the baseline; the caller frees them with tw_results_free. */
static inline tw_results *tw_test_solve_shock(const tw_world *w, const tw_model_options *o,
                                              const char *shock)
{
    tw_error err;
    tw_model *m;
    tw_test_ok(tw_model_create(w, o, &m, &err), &err, __FILE__, __LINE__);
    tw_policy *p;
    tw_test_ok(tw_policy_create(m, &p), NULL, __FILE__, __LINE__);
    tw_test_ok(tw_shock_apply_buffer(m, p, "shock.csv", shock, strlen(shock), &err), &err,
               __FILE__, __LINE__);
    tw_equilibrium *eq = tw_equilibrium_create(m);
    tw_solver_report rep;
    tw_test_ok(tw_test_model_solve(m, p, eq, &rep, &err), &err, __FILE__, __LINE__);
    double tol = o ? o->solver.tolerance : 1e-10;
    if (!rep.converged || !(rep.residual <= tol)) {
        fprintf(stderr, "%s:%d: solve reported converged=%d residual %.3g\n", __FILE__,
                __LINE__, rep.converged, rep.residual);
        _fail(__FILE__, __LINE__);
    }
    tw_results *r = tw_results_create(m);
    tw_test_ok(tw_results_compute(m, eq, r), NULL, __FILE__, __LINE__);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    tw_model_free(m);
    return r;
}

/* A fresh temporary directory (mkdtemp); the path is written into buf. */
static inline void tw_test_tmpdir(char *buf, size_t size)
{
    snprintf(buf, size, "/tmp/tradewar-test-XXXXXX");
    if (!mkdtemp(buf)) {
        perror("mkdtemp");
        abort();
    }
}

static inline void tw_test_write(const char *dir, const char *file, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        abort();
    }
    fputs(text, f);
    fclose(f);
}

static inline void tw_test_rmdir(const char *dir)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "warning: could not remove %s\n", dir);
}

/* The equations are solved to a residual of 1e-12 in the fixture tests. */
#define TW_TEST_SOLVE_TOL 1e-12

/* A random world written to a temporary directory, its model, a policy, an equilibrium and
 * results: the fixture of the invariant and instrument tests. */
typedef struct tw_test_fixture {
    char dir[256];
    tw_world *w;
    tw_model *m;
    tw_policy *p;
    tw_equilibrium *eq;
    tw_results *r;
    tw_dims d;
} tw_test_fixture;

static inline void tw_test_random_world(const char *dir, int n, int j, uint64_t seed, int io,
                                        int symmetric);

/* Builds the fixture on tw_test_random_world(n, j, seed, io, symmetric) with closure. */
static inline void tw_test_fixture_setup(tw_test_fixture *f, int n, int j, uint64_t seed, int io,
                                         int symmetric, tw_deficit_closure closure)
{
    tw_error err;
    tw_test_tmpdir(f->dir, sizeof f->dir);
    tw_test_random_world(f->dir, n, j, seed, io, symmetric);
    assert_ok(tw_world_load(f->dir, NULL, &f->w, &err), &err);
    tw_model_options o = tw_test_model_options(closure, TW_TEST_SOLVE_TOL);
    assert_ok(tw_model_create(f->w, &o, &f->m, &err), &err);
    assert_ok(tw_policy_create(f->m, &f->p), NULL);
    f->eq = tw_equilibrium_create(f->m);
    f->r = tw_results_create(f->m);
    assert_non_null(f->eq);
    assert_non_null(f->r);
    f->d = tw_world_dims(f->w);
}

static inline void tw_test_fixture_teardown(tw_test_fixture *f)
{
    tw_results_free(f->r);
    tw_equilibrium_free(f->eq);
    tw_policy_free(f->p);
    tw_model_free(f->m);
    tw_world_free(f->w);
    tw_test_rmdir(f->dir);
}

/* Solves the fixture's policy (asserting convergence to TW_TEST_SOLVE_TOL) into its results. */
static inline void tw_test_fixture_solve(tw_test_fixture *f)
{
    tw_error err;
    tw_solver_report rep;
    assert_ok(tw_test_model_solve(f->m, f->p, f->eq, &rep, &err), &err);
    assert_true(rep.converged);
    assert_true(rep.residual <= TW_TEST_SOLVE_TOL);
    assert_ok(tw_results_compute(f->m, f->eq, f->r), NULL);
}

/* Deterministic draws in [0, 1) from a hash of (seed, a, b, c, salt): every entry of a random
 * world is reproducible and independent of the order in which it is written. */
static inline double tw_test_draw(uint64_t seed, int a, int b, int c, int salt)
{
    uint64_t z = seed ^ ((uint64_t)(a + 1) * 0x9E3779B97F4A7C15ull) ^
                 ((uint64_t)(b + 7) * 0xC2B2AE3D27D4EB4Full) ^
                 ((uint64_t)(c + 13) * 0x165667B19E3779F9ull) ^ ((uint64_t)(salt + 3) << 40);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}

/* Writes a random world with n (<= 64) countries and j (<= 16) sectors into dir, consistent by
 * construction except for final demand: gravity-like flows with a home bias, tariffs in [0, 0.3) (zero at home), value
 * added shares in [0.35, 0.75) and random input shares when io is set (all value added
 * otherwise); final demand is derived by the loader as the residual (the baseline solve absorbs
 * any inconsistency that leaves). If symmetric, countries 0
 * and 1 are mirror images: swapping them maps the world onto itself. */
static inline void tw_test_random_world(const char *dir, int n, int j, uint64_t seed, int io,
                                        int symmetric)
{
    /* Canonical identity of a country under the 0 <-> 1 swap. */
#define TW_CANON(x) (symmetric && (x) < 2 ? 0 : (x))
    FILE *f;
    char path[1024];
    snprintf(path, sizeof path, "%s/countries.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "code,name\n");
    for (int a = 0; a < n; a++)
        fprintf(f, "C%d,Country %d\n", a, a);
    fclose(f);
    snprintf(path, sizeof path, "%s/sectors.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "code,name,theta,goods\n");
    for (int b = 0; b < j; b++)
        fprintf(f, "S%d,Sector %d,%.6f,%d\n", b, b, 2.0 + 8.0 * tw_test_draw(seed, b, 0, 0, 1),
                (b < j - 1 || j == 1) ? 1 : 0);
    fclose(f);
    snprintf(path, sizeof path, "%s/flows.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "exporter,importer,sector,value\n");
    FILE *t;
    snprintf(path, sizeof path, "%s/tariffs.csv", dir);
    t = fopen(path, "w");
    fprintf(t, "importer,exporter,sector,rate\n");
    for (int b = 0; b < j; b++)
        for (int e = 0; e < n; e++)
            for (int m = 0; m < n; m++) {
                /* Under the swap, the pair (e, m) maps to (sigma e, sigma m); draw from the
                 * smaller of the two keys so that both get the same values. */
                int ce = e, cm = m;
                if (symmetric && (e < 2 || m < 2)) {
                    int se = e < 2 ? 1 - e : e, sm = m < 2 ? 1 - m : m;
                    if (se * 64 + sm < e * 64 + m) {
                        ce = se;
                        cm = sm;
                    }
                }
                double size_e = 1.0 + 4.0 * tw_test_draw(seed, TW_CANON(e), 0, 0, 2);
                double size_m = 1.0 + 4.0 * tw_test_draw(seed, TW_CANON(m), 0, 0, 2);
                double v = size_e * size_m *
                           (e == m ? 20.0 : 0.2 + tw_test_draw(seed, ce, cm, b, 3));
                double tr = e == m ? 0.0 : 0.3 * tw_test_draw(seed, ce, cm, b, 4);
                fprintf(f, "C%d,C%d,S%d,%.17g\n", e, m, b, v);
                if (tr != 0.0)
                    fprintf(t, "C%d,C%d,S%d,%.17g\n", m, e, b, tr);
            }
    fclose(f);
    fclose(t);
    if (!io)
        return;
    snprintf(path, sizeof path, "%s/value_added.csv", dir);
    f = fopen(path, "w");
    snprintf(path, sizeof path, "%s/io.csv", dir);
    t = fopen(path, "w");
    fprintf(f, "country,sector,share\n");
    fprintf(t, "country,input_sector,using_sector,share\n");
    for (int a = 0; a < n; a++)
        for (int u = 0; u < j; u++) {
            double va = 0.35 + 0.4 * tw_test_draw(seed, TW_CANON(a), u, 0, 5);
            fprintf(f, "C%d,S%d,%.17g\n", a, u, va);
            double w[16], sum = 0;
            for (int k = 0; k < j; k++)
                sum += w[k] = 0.2 + tw_test_draw(seed, TW_CANON(a), k, u, 6);
            for (int k = 0; k < j; k++)
                fprintf(t, "C%d,S%d,S%d,%.17g\n", a, k, u, (1.0 - va) * w[k] / sum);
        }
    fclose(f);
    fclose(t);
#undef TW_CANON
}

#endif
