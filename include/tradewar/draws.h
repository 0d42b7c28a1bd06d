/* SPDX-License-Identifier: MIT */
/* Parameter uncertainty (docs/uncertainty.md): draws of the trade elasticities theta^j from
 * their estimated distributions (sector by sector from standard errors, truncated, with a
 * stated correlation) or across a world's published elasticity sets; each draw solved on its
 * own model (tw_model_options.theta) by a pool of threads, each with its own solvers; bands
 * (5th, 50th, 95th percentile and the point estimate) of any vector of results.
 *
 * Typical use:
 *   tw_theta_errors *e;  tw_theta_errors_load("data/cp1993/theta_se.csv", w, &e, &err);
 *   tw_draw_options o;   tw_draw_options_init(&o); o.draws = 1000; o.seed = 7;
 *   tw_draws *d;         tw_draws_create(w, e, &o, &d, &err);
 *   double point[K];     ... evaluate the K results on the model with the world's theta ...
 *   tw_draws_run(d, w, &model_opts, K, point, my_eval, my_ctx, &err);
 *   tw_band b = tw_draws_band(d, k);  -- b.p5, b.p50, b.p95, b.point
 * Every draw is a function of (seed, draw index, number of draws, sector group) only, so two
 * runs with the same seed and number of draws use the same elasticities in every draw (common
 * random numbers across scenarios, shocks and steps), and the results do not depend on the
 * number of threads: each draw is solved from the same start on a fresh model and solver and
 * written to its own slot. */
#ifndef TRADEWAR_DRAWS_H
#define TRADEWAR_DRAWS_H

#include <stdint.h>

#include "tradewar/io.h"
#include "tradewar/model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TW_DRAWS_MAX 100000

/* Standard errors of a world's trade elasticities (theta_se.csv, docs/data-format.md). */
typedef struct tw_theta_errors {
    int n_sectors;
    double *theta;      /* [j] the estimates the errors belong to (the world's theta in force) */
    double *se;         /* [j] standard error, >= 0; 0: the sector's theta is not drawn */
    int *group;         /* [j] estimate group: sectors of one group share one draw */
    int n_groups;
    char **group_names; /* [n_groups] */
} tw_theta_errors;

/* Reads the standard errors at path (CSV with columns sector,theta,se[,group]) for world w
 * (borrowed). Every sector of w must appear once; theta must equal the world's theta in force
 * (relative difference <= 1e-9): standard errors belong to the estimates they came with, so a
 * world loaded with another elasticity set is refused. A group (default: the sector code)
 * names the estimate a sector's theta comes from; sectors of a group must have the same theta
 * and se. @return TW_OK; TW_ERR_IO (unreadable); TW_ERR_INPUT (err names file, line, column,
 * field); TW_ERR_NOMEM. *out is the caller's (tw_theta_errors_free). */
TW_API tw_status tw_theta_errors_load(const char *path, const tw_world *w, tw_theta_errors **out,
                                      tw_error *err);
/* As tw_theta_errors_load, from the len bytes at data (copied); name is used in messages. */
TW_API tw_status tw_theta_errors_load_buffer(const char *name, const char *data, size_t len,
                                             const tw_world *w, tw_theta_errors **out,
                                             tw_error *err);
/* Errors of world w with every standard error zero (every draw is the point estimate).
 * @return TW_OK or TW_ERR_NOMEM. */
TW_API tw_status tw_theta_errors_zero(const tw_world *w, tw_theta_errors **out);
TW_API void tw_theta_errors_free(tw_theta_errors *e);

/* Where draws come from. */
typedef enum tw_draw_source {
    TW_DRAW_ESTIMATES = 0, /* theta^j ~ N(estimate, se^2) truncated to [theta_min, theta_max] */
    TW_DRAW_SETS = 1       /* one draw per published elasticity set of the world */
} tw_draw_source;

/* How the uniform numbers behind estimate draws are placed. */
typedef enum tw_draw_design {
    TW_DESIGN_LATIN = 0, /* Latin hypercube: each group's N draws one per 1/N-quantile stratum */
    TW_DESIGN_RANDOM = 1 /* independent uniforms (plain Monte Carlo) */
} tw_draw_design;

/* Settings of a set of draws. Initialise with tw_draw_options_init (which holds every
 * default), then set what you need. */
typedef struct tw_draw_options {
    tw_draw_source source; /* default TW_DRAW_ESTIMATES */
    tw_draw_design design; /* default TW_DESIGN_LATIN */
    int draws;             /* estimate draws, 1 to TW_DRAWS_MAX; default 200 (ignored for sets) */
    uint64_t seed;         /* default 1 */
    /* Correlation of the groups' standard-normal scores (one common factor, Gaussian copula),
     * in [0, 1). Default 0: Caliendo and Parro estimate each sector in its own regression. */
    double correlation;
    /* Truncation of estimate draws, 0 < theta_min < theta_max <= 1000; defaults 0.5 and 1000
     * (below 0.5 lies outside every shipped estimate; the smallest is 0.636). */
    double theta_min, theta_max;
    /* Worker threads for tw_draws_run, >= 0; 0 (default): the online processors. */
    int threads;
} tw_draw_options;

TW_API void tw_draw_options_init(tw_draw_options *o);

/* Evaluates one draw: fills out[0..n_outputs-1] from model m (the draw's, with its own theta;
 * bind scenarios to tw_model_world(m)) using solver s (created on m, used by this call only).
 * Called from worker threads, concurrently for different draws: it must only read shared
 * state through ctx. @return TW_OK; TW_ERR_NOT_CONVERGED, TW_ERR_NUMERIC or TW_ERR_INPUT mark
 * the draw failed (reported, not used in the bands); any other status stops the run. */
typedef tw_status (*tw_draw_fn)(void *ctx, const tw_model *m, tw_solver *s, double *out,
                                tw_error *err);

typedef struct tw_draws {
    tw_draw_options opt; /* as used (threads resolved to a number) */
    int n_draws, n_sectors, n_outputs;
    double *theta;      /* [draw][sector] */
    int *set;           /* [draw] the elasticity set (TW_DRAW_SETS), else -1 */
    double *point;      /* [output], as given to tw_draws_run */
    double *values;     /* [draw][output]; NAN for a failed draw */
    tw_status *status;  /* [draw] TW_OK or why the draw failed */
    char **message;     /* [draw] the failed draw's error message, else NULL */
    unsigned char *solved; /* [draw] 1 once solved here or read from a part */
    int n_failed;       /* solved draws that failed */
} tw_draws;

/* The draws of world w (borrowed) with errors e (borrowed; may be NULL for TW_DRAW_SETS) and
 * options o (NULL: defaults): their elasticities only, nothing solved. @return TW_OK;
 * TW_ERR_USAGE (bad options, no errors for estimate draws, fewer than two sets for set draws);
 * TW_ERR_NOMEM. *out is the caller's (tw_draws_free). */
TW_API tw_status tw_draws_create(const tw_world *w, const tw_theta_errors *e,
                                 const tw_draw_options *o, tw_draws **out, tw_error *err);

/* Solves every draw of d: for each, a model of w with options mo (borrowed; NULL: defaults)
 * and the draw's theta, a solver with the model's solver options, then fn(ctx, ...). point
 * (copied) holds the n_outputs results on the world's own theta. Progress callbacks in
 * mo->solver are called from the worker threads. A draw whose model or fn fails with
 * TW_ERR_NOT_CONVERGED, TW_ERR_NUMERIC or TW_ERR_INPUT is recorded in d->status and
 * d->message and counted in d->n_failed. @return TW_OK (also with failed draws);
 * TW_ERR_NOT_CONVERGED when every draw failed; else the first (lowest draw) fatal status,
 * with err naming the draw; TW_ERR_USAGE (d already run, n_outputs < 1). */
TW_API tw_status tw_draws_run(tw_draws *d, const tw_world *w, const tw_model_options *mo,
                              int n_outputs, const double *point, tw_draw_fn fn, void *ctx,
                              tw_error *err);
/* As tw_draws_run for the draws first <= k < last only (a shard of a job array or an MPI
 * rank, docs/scale.md); may be called again for other ranges with the same n_outputs and
 * point. The all-failed check covers the range. @return as tw_draws_run. */
TW_API tw_status tw_draws_run_range(tw_draws *d, const tw_world *w, const tw_model_options *mo,
                                    int n_outputs, const double *point, tw_draw_fn fn,
                                    void *ctx, int first, int last, tw_error *err);

/* --- Parts: the solved draws of a range as text, exact to the bit (hexadecimal floats), to
 * combine the work of several processes (tradewar merge, MPI). --- */

/* Appends the solved draws first <= k < last of d (run on that range) to out.
 * @return TW_OK, TW_ERR_USAGE (a draw of the range is not solved), TW_ERR_IO, TW_ERR_NOMEM. */
TW_API tw_status tw_draws_part_write(tw_sink out, const tw_draws *d, int first, int last,
                                     tw_error *err);
/* Reads a part (len bytes at data; name for messages) into d, which must have the same
 * draws and have n_outputs and point set (tw_draws_run_range with an empty range does that);
 * its draws are marked solved. A draw solved already, another number of draws or outputs,
 * and malformed text are errors (TW_ERR_INPUT naming name:line). *first and *last receive
 * the part's range. */
TW_API tw_status tw_draws_part_read(tw_draws *d, const char *name, const char *data, size_t len,
                                    int *first, int *last, tw_error *err);
/* Recounts n_failed over every draw and checks that every draw is solved. @return TW_OK,
 * TW_ERR_INPUT (a draw is missing: err names it), TW_ERR_NOT_CONVERGED (all failed). */
TW_API tw_status tw_draws_finish(tw_draws *d, tw_error *err);

/* A band of one result over the successful draws: the point estimate and the 5th, 50th and
 * 95th percentiles (linear interpolation between order statistics: Hyndman and Fan's type 7,
 * R's and NumPy's default); n successful draws. NANs without successful draws, for a result
 * whose point estimate is not finite (undefined, such as a change from zero: a draw's value of
 * it may be anything), and when out of memory. A draw whose result is not finite where the
 * point's is fails with TW_ERR_NUMERIC. */
typedef struct tw_band {
    double point, p5, p50, p95;
    int n;
} tw_band;

TW_API tw_band tw_draws_band(const tw_draws *d, int output);
/* The p-quantile (p in [0, 1], type 7) of the n >= 1 sorted numbers x. */
TW_API double tw_quantile_sorted(const double *x, int n, double p);
/* The share of failed draws, in [0, 1]. */
TW_API double tw_draws_failed_share(const tw_draws *d);
TW_API void tw_draws_free(tw_draws *d);

/* The theta of sector j in the world's published elasticity set s (0 <= s <
 * tw_world_elasticity_set_count(w)). */
TW_API double tw_world_elasticity_set_theta(const tw_world *w, int s, int j);

#ifdef __cplusplus
}
#endif
#endif
