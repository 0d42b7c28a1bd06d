/* SPDX-License-Identifier: MIT */
/* The web server's jobs (docs/api.md "Jobs"): games too long for one request (wars and
 * escalations), run by worker threads with progress and cancellation. src/serve/jobs.c keeps
 * the jobs and their workers; src/serve/jobs_kinds.c reads a job's fields (the command line's
 * flags, with its checks and messages) and plays it. */
#ifndef TW_SERVE_JOBS_H
#define TW_SERVE_JOBS_H

#include "cli/strategy_cli.h"
#include "serve/engine_internal.h"

/* Limits (documented in docs/api.md). */
#define TW_JOBS_WORKERS 2        /* jobs running at once, one worker thread each */
#define TW_JOBS_MAX_ACTIVE 8     /* jobs queued or running; more are refused with 429 */
#define TW_JOBS_KEEP 32          /* finished jobs kept (the oldest is dropped first) */
#define TW_JOBS_KEEP_SECONDS 900 /* a finished job is dropped this long after it ended */

typedef enum tw_job_kind { TW_JOB_WAR, TW_JOB_ESCALATE, TW_JOB_TALKS, TW_JOB_ENFORCE } tw_job_kind;

/* "war", "escalate", "talks", "enforce". */
const char *tw_job_kind_name(tw_job_kind k);

/* A job's checked inputs: what `tradewar war`, `escalate`, `talks` or `enforce` would play. */
typedef struct tw_job_args {
    tw_job_kind kind;
    tw_sc_common c;       /* instrument, services, max-rate, only-increases (world: below) */
    tw_serve_model *mm;   /* the shared model (the server's: outlives the job) */
    int players[TW_SC_MAX_PLAYERS], np;
    int among;            /* war: --among-players */
    tw_war_options wo;    /* war */
    tw_escalation_player pl[TW_SC_MAX_PLAYERS]; /* escalate */
    int rounds, period, day0;                   /* escalate */
    tw_talks_options to;                        /* talks (to.weights points at weights) */
    double weights[TW_SC_MAX_PLAYERS];
    int has_weights, from_war, truce;           /* talks */
    double delta;                               /* talks, enforce */
    const char *agreement;                      /* enforce: today, deal or free-trade */
    int periods;                                /* enforce */
} tw_job_args;

/* The body of POST /api/jobs into *a (the model made or found on s). @return 200, or the HTTP
 * status with the error document (the command line's message) in body. */
int tw_job_args_parse(tw_serve *s, const char *text, size_t len, tw_job_args *a,
                      tw_buffer *body);

/* What a job reports while it runs: the last line of each stage the command line's progress
 * reporter shows ("war round", "verifying player", "best response", ...). */
#define TW_JOB_STAGES 8
typedef struct tw_job_progress {
    struct {
        char what[64];
        int step;
        double value;
    } stage[TW_JOB_STAGES];
    int nstage, last; /* stages seen; the one updated last */
    long updates;
} tw_job_progress;

/* Plays a's game with cancel and progress (fn(ctx, ...)) given to the game, writing the
 * command line's --json document into out. @return TW_OK (out holds the document: also when
 * the war converged without being verified, which the document says, as the command line's
 * does), TW_ERR_CANCELLED when cancel or fn stopped it, or the error in err. */
tw_status tw_job_args_run(const tw_job_args *a, tw_cancel *cancel, tw_progress_fn fn, void *ctx,
                          tw_buffer *out, tw_error *err);

/* The talks and the enforcement check as `tradewar talks --json` and `tradewar enforce --json`
 * play and write them (src/serve/jobs_deals.c), on game g. */
tw_status tw_job_talks(const tw_job_args *a, tw_game *g, const tw_policy *today, tw_buffer *out,
                       tw_error *err);
tw_status tw_job_enforce(const tw_job_args *a, tw_game *g, const tw_policy *today,
                         tw_buffer *out, tw_error *err);

#endif
