/* SPDX-License-Identifier: MIT */
/* Parameter draws (tradewar/draws.h): the elasticities of each draw, a pool of threads that
 * solves them on per-draw models, and bands. docs/uncertainty.md gives the definitions. */
#include "tradewar/draws.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/rng.h"

/* Streams of the generator: the uniform of group g in draw k is at (seed, 2 g + 2, k), the
 * Latin-hypercube permutation of group g at (seed, 2 g + 3, i); the common factor is group
 * -1 (streams 0 and 1). */
#define STREAM_UNIFORM(g) (2 * (uint64_t)((g) + 1))
#define STREAM_PERMUTE(g) (2 * (uint64_t)((g) + 1) + 1)

void tw_draw_options_init(tw_draw_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->source = TW_DRAW_ESTIMATES;
    o->design = TW_DESIGN_LATIN;
    o->draws = 200;
    o->seed = 1;
    o->correlation = 0.0;
    o->theta_min = 0.5;
    o->theta_max = 1000.0;
    o->threads = 0;
}

void tw_draws_free(tw_draws *d)
{
    if (!d)
        return;
    for (int k = 0; k < d->n_draws; k++)
        free(d->message ? d->message[k] : NULL);
    free(d->message);
    free(d->theta);
    free(d->set);
    free(d->point);
    free(d->values);
    free(d->status);
    free(d->solved);
    free(d);
}

static tw_status nomem(tw_error *err)
{
    return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

/* The uniforms u[k] (k < N) of stream group g: Latin hypercube (a random permutation of the
 * N strata, a uniform point in each) or independent. */
static int uniforms(const tw_draw_options *o, int N, int g, double *u, int *perm)
{
    if (o->design == TW_DESIGN_RANDOM) {
        for (int k = 0; k < N; k++)
            u[k] = tw_rng_uniform(o->seed, STREAM_UNIFORM(g), (uint64_t)k);
        return 0;
    }
    for (int k = 0; k < N; k++)
        perm[k] = k;
    /* Fisher-Yates; the modulo bias is below N / 2^64. */
    for (int i = N - 1; i > 0; i--) {
        int r = (int)(tw_rng_u64(o->seed, STREAM_PERMUTE(g), (uint64_t)i) % (uint64_t)(i + 1));
        int t = perm[i];
        perm[i] = perm[r];
        perm[r] = t;
    }
    for (int k = 0; k < N; k++)
        u[k] = (perm[k] + tw_rng_uniform(o->seed, STREAM_UNIFORM(g), (uint64_t)k)) / N;
    return 0;
}

/* theta = estimate + se z, z the u-quantile of N(0, 1) truncated to [theta_min, theta_max]. */
static double truncated(double est, double se, double u, double lo, double hi)
{
    double a = tw_normal_cdf((lo - est) / se), b = tw_normal_cdf((hi - est) / se);
    double t = est + se * tw_normal_quantile(a + u * (b - a));
    /* Rounding at the far tails may step outside by an ulp. */
    return t < lo ? lo : t > hi ? hi : t;
}

/* Estimate draws: groups' scores through a one-factor Gaussian copula, then truncated normal
 * marginals. */
static tw_status estimate_draws(tw_draws *d, const tw_world *w, const tw_theta_errors *e)
{
    const tw_draw_options *o = &d->opt;
    int N = d->n_draws, J = d->n_sectors, G = e->n_groups;
    double *u = malloc((size_t)N * sizeof *u), *c = malloc((size_t)N * sizeof *c);
    double *ug = malloc((size_t)N * G * sizeof *ug + 1);
    int *perm = malloc((size_t)N * sizeof *perm);
    if (!u || !c || !ug || !perm) {
        free(u);
        free(c);
        free(ug);
        free(perm);
        return TW_ERR_NOMEM;
    }
    double rho = o->correlation;
    if (rho > 0)
        uniforms(o, N, -1, c, perm);
    for (int g = 0; g < G; g++) {
        uniforms(o, N, g, u, perm);
        for (int k = 0; k < N; k++) {
            double v = u[k];
            if (rho > 0) {
                double z = sqrt(rho) * tw_normal_quantile(c[k]) +
                           sqrt(1.0 - rho) * tw_normal_quantile(u[k]);
                v = tw_normal_cdf(z);
                v = v <= 0 ? 0x1p-60 : v >= 1 ? 1 - 0x1p-53 : v;
            }
            ug[(size_t)k * G + g] = v;
        }
    }
    for (int k = 0; k < N; k++)
        for (int j = 0; j < J; j++) {
            double est = tw_world_theta(w, j), se = e->se[j];
            d->theta[(size_t)k * J + j] =
                se > 0 ? truncated(est, se, ug[(size_t)k * G + e->group[j]], o->theta_min,
                                   o->theta_max)
                       : est;
        }
    free(u);
    free(c);
    free(ug);
    free(perm);
    return TW_OK;
}

static tw_status check_options(const tw_draw_options *o, const tw_world *w,
                               const tw_theta_errors *e, tw_error *err)
{
    if (o->source == TW_DRAW_SETS) {
        if (tw_world_elasticity_set_count(w) < 2)
            return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, "source",
                           "world %s has %d published elasticity sets: drawing across sets "
                           "needs at least 2", tw_world_name(w), tw_world_elasticity_set_count(w));
        return TW_OK;
    }
    if (o->source != TW_DRAW_ESTIMATES)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, "source", "unknown draw source %d",
                       (int)o->source);
    if (!e || e->n_sectors != tw_world_dims(w).j)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, "errors",
                       "estimate draws need the standard errors of the world's theta");
    if (o->draws < 1 || o->draws > TW_DRAWS_MAX)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, "draws",
                       "the number of draws must be in [1, %d], got %d", TW_DRAWS_MAX, o->draws);
    if (o->design != TW_DESIGN_LATIN && o->design != TW_DESIGN_RANDOM)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, "design", "unknown design %d",
                       (int)o->design);
    if (!(o->correlation >= 0 && o->correlation < 1))
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, "correlation",
                       "the correlation must be in [0, 1), got %g", o->correlation);
    if (!(o->theta_min > 0 && o->theta_min < o->theta_max && o->theta_max <= 1000))
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, "theta_min",
                       "the truncation must satisfy 0 < theta_min < theta_max <= 1000, got "
                       "[%g, %g]", o->theta_min, o->theta_max);
    return TW_OK;
}

tw_status tw_draws_create(const tw_world *w, const tw_theta_errors *e, const tw_draw_options *o,
                          tw_draws **out, tw_error *err)
{
    *out = NULL;
    tw_draw_options opt;
    if (o)
        opt = *o;
    else
        tw_draw_options_init(&opt);
    tw_status st = check_options(&opt, w, e, err);
    if (st)
        return st;
    if (opt.threads < 0)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, "threads",
                       "the number of threads must be >= 0 (0: the online processors), got %d",
                       opt.threads);
    if (opt.threads == 0) {
        long nc = sysconf(_SC_NPROCESSORS_ONLN);
        opt.threads = nc >= 1 && nc <= 1024 ? (int)nc : 1;
    }
    tw_draws *d = calloc(1, sizeof *d);
    if (!d)
        return nomem(err);
    d->opt = opt;
    d->n_sectors = tw_world_dims(w).j;
    d->n_draws = opt.source == TW_DRAW_SETS ? tw_world_elasticity_set_count(w) : opt.draws;
    size_t nt = (size_t)d->n_draws * d->n_sectors;
    d->theta = malloc(nt * sizeof *d->theta);
    d->set = malloc((size_t)d->n_draws * sizeof *d->set);
    d->status = calloc((size_t)d->n_draws, sizeof *d->status);
    d->message = calloc((size_t)d->n_draws, sizeof *d->message);
    d->solved = calloc((size_t)d->n_draws, 1);
    if (!d->theta || !d->set || !d->status || !d->message || !d->solved) {
        tw_draws_free(d);
        return nomem(err);
    }
    for (int k = 0; k < d->n_draws; k++) {
        d->set[k] = opt.source == TW_DRAW_SETS ? k : -1;
        for (int j = 0; j < d->n_sectors && opt.source == TW_DRAW_SETS; j++)
            d->theta[(size_t)k * d->n_sectors + j] = tw_world_elasticity_set_theta(w, k, j);
    }
    if (opt.source == TW_DRAW_ESTIMATES && estimate_draws(d, w, e)) {
        tw_draws_free(d);
        return nomem(err);
    }
    *out = d;
    return TW_OK;
}

/* ---- solving the draws ---- */

typedef struct pool {
    tw_draws *d;
    const tw_world *w;
    tw_model_options mo;
    tw_draw_fn fn;
    void *ctx;
    pthread_mutex_t lock;
    int next;  /* the next draw to take */
    int last;  /* the end of the range */
    int fatal; /* lowest draw with a fatal status, or n_draws */
    tw_error fatal_err;
} pool;

static int draw_failed(tw_status st)
{
    return st == TW_ERR_NOT_CONVERGED || st == TW_ERR_NUMERIC || st == TW_ERR_INPUT;
}

/* Draw k on a fresh model and solver. */
static tw_status solve_draw(pool *p, int k, tw_error *err)
{
    tw_draws *d = p->d;
    tw_model_options mo = p->mo;
    mo.theta = d->theta + (size_t)k * d->n_sectors;
    tw_model *m = NULL;
    tw_solver *s = NULL;
    double *row = d->values + (size_t)k * d->n_outputs;
    tw_status st = tw_model_create(p->w, &mo, &m, err);
    if (!st)
        st = tw_solver_create(m, NULL, &s, err);
    if (!st)
        st = p->fn(p->ctx, m, s, row, err);
    for (int q = 0; !st && q < d->n_outputs; q++)
        if (!isfinite(row[q]) && isfinite(d->point[q]))
            st = tw_fail(err, TW_ERR_NUMERIC, NULL, 0, 0, "results",
                         "result %d of the draw is not finite (%g) where the point estimate "
                         "is", q, row[q]);
    tw_solver_free(s);
    tw_model_free(m);
    return st;
}

static void *worker(void *arg)
{
    pool *p = arg;
    tw_draws *d = p->d;
    tw_error err;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        int k = p->next < p->fatal && p->next < p->last ? p->next++ : d->n_draws;
        pthread_mutex_unlock(&p->lock);
        if (k >= d->n_draws)
            break;
        tw_error_clear(&err);
        tw_status st = solve_draw(p, k, &err);
        d->status[k] = st;
        d->solved[k] = !st || draw_failed(st);
        if (st && draw_failed(st)) {
            for (int q = 0; q < d->n_outputs; q++)
                d->values[(size_t)k * d->n_outputs + q] = NAN;
            d->message[k] = strdup(err.message); /* NULL when out of memory: reported as "" */
        } else if (st) {
            pthread_mutex_lock(&p->lock);
            if (k < p->fatal) {
                p->fatal = k;
                p->fatal_err = err;
            }
            pthread_mutex_unlock(&p->lock);
        }
    }
    return NULL;
}

tw_status tw_draws_run(tw_draws *d, const tw_world *w, const tw_model_options *mo,
                       int n_outputs, const double *point, tw_draw_fn fn, void *ctx,
                       tw_error *err)
{
    tw_status st = tw_draws_run_range(d, w, mo, n_outputs, point, fn, ctx, 0, d->n_draws, err);
    return st ? st : tw_draws_finish(d, err);
}

/* The result arrays, once, for n_outputs results with point estimates point. */
static tw_status prepare(tw_draws *d, int n_outputs, const double *point, tw_error *err)
{
    if (d->values) {
        if (n_outputs != d->n_outputs)
            return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                           "the draws have %d results each, not %d", d->n_outputs, n_outputs);
        return TW_OK;
    }
    d->n_outputs = n_outputs;
    d->values = malloc((size_t)d->n_draws * n_outputs * sizeof *d->values);
    d->point = malloc((size_t)n_outputs * sizeof *d->point);
    if (!d->values || !d->point)
        return nomem(err);
    for (size_t q = 0; q < (size_t)d->n_draws * n_outputs; q++)
        d->values[q] = NAN;
    memcpy(d->point, point, (size_t)n_outputs * sizeof *point);
    return TW_OK;
}

tw_status tw_draws_run_range(tw_draws *d, const tw_world *w, const tw_model_options *mo,
                             int n_outputs, const double *point, tw_draw_fn fn, void *ctx,
                             int first, int last, tw_error *err)
{
    if (n_outputs < 1 || !fn || !point || first < 0 || last > d->n_draws || first > last)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_draws_run_range: no outputs, NULL argument or bad range");
    tw_status pst = prepare(d, n_outputs, point, err);
    if (pst)
        return pst;
    for (int k = first; k < last; k++)
        if (d->solved[k])
            return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "draw %d is solved already",
                           k + 1);
    if (first == last)
        return TW_OK;
    pool p = {.d = d, .w = w, .fn = fn, .ctx = ctx, .next = first, .last = last,
              .fatal = d->n_draws};
    if (mo)
        p.mo = *mo;
    else
        tw_model_options_init(&p.mo);
    tw_error_clear(&p.fatal_err);
    if (pthread_mutex_init(&p.lock, NULL))
        return nomem(err);
    int nt = d->opt.threads < last - first ? d->opt.threads : last - first, started = 0;
    pthread_t *th = malloc((size_t)nt * sizeof *th);
    for (int t = 1; th && t < nt; t++)
        if (pthread_create(&th[t], NULL, worker, &p) == 0)
            started = t;
        else
            break; /* fewer threads: the same results, later */
    worker(&p);
    for (int t = 1; t <= started; t++)
        pthread_join(th[t], NULL);
    free(th);
    pthread_mutex_destroy(&p.lock);
    if (p.fatal < d->n_draws) {
        if (err) {
            *err = p.fatal_err;
            snprintf(err->message, sizeof err->message, "draw %d: %.700s", p.fatal + 1,
                     p.fatal_err.message);
        }
        return p.fatal_err.status ? p.fatal_err.status : TW_ERR_NOMEM;
    }
    int failed = 0;
    for (int k = first; k < last; k++)
        failed += d->status[k] != TW_OK;
    if (failed == last - first)
        return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, "draws",
                       "all %d draws failed; the first: %.600s", last - first,
                       d->message[first] ? d->message[first] : "");
    return TW_OK;
}

tw_status tw_draws_finish(tw_draws *d, tw_error *err)
{
    d->n_failed = 0;
    for (int k = 0; k < d->n_draws; k++) {
        if (!d->solved[k])
            return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "draws",
                           "draw %d of %d has not been solved (a missing part?)", k + 1,
                           d->n_draws);
        d->n_failed += d->status[k] != TW_OK;
    }
    if (d->n_failed == d->n_draws)
        return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, "draws",
                       "all %d draws failed; the first: %.600s", d->n_draws,
                       d->message[0] ? d->message[0] : "");
    return TW_OK;
}

/* ---- bands ---- */

double tw_quantile_sorted(const double *x, int n, double p)
{
    double h = (n - 1) * p;
    int lo = (int)floor(h);
    if (lo >= n - 1)
        return x[n - 1];
    return x[lo] + (h - lo) * (x[lo + 1] - x[lo]);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

tw_band tw_draws_band(const tw_draws *d, int q)
{
    tw_band b = {d->point ? d->point[q] : NAN, NAN, NAN, NAN, 0};
    if (!isfinite(b.point)) /* undefined (a change from zero): no band */
        return b;
    double *x = malloc((size_t)d->n_draws * sizeof *x + 1);
    if (!x || !d->values) {
        free(x);
        return b;
    }
    for (int k = 0; k < d->n_draws; k++)
        if (d->status[k] == TW_OK && d->solved[k])
            x[b.n++] = d->values[(size_t)k * d->n_outputs + q];
    if (b.n > 0) {
        qsort(x, (size_t)b.n, sizeof *x, cmp_double);
        b.p5 = tw_quantile_sorted(x, b.n, 0.05);
        b.p50 = tw_quantile_sorted(x, b.n, 0.50);
        b.p95 = tw_quantile_sorted(x, b.n, 0.95);
    }
    free(x);
    return b;
}

double tw_draws_failed_share(const tw_draws *d)
{
    return d->n_draws > 0 ? (double)d->n_failed / d->n_draws : 0.0;
}
