/* SPDX-License-Identifier: MIT */
/* The web server's requests (docs/api.md): a method, a path and a body into a checked request,
 * or an HTTP status with a sentence. No model is needed to parse, so the fuzz target
 * (tests/fuzz/fuzz_serve_request.c) exercises exactly what the server runs. */
#ifndef TW_SERVE_REQUEST_H
#define TW_SERVE_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "tradewar/tradewar.h"

/* Request bodies larger than this are refused with 413 before they are read in full. */
#define TW_SERVE_MAX_BODY ((size_t)1 << 20)
/* A structured "tariffs" list holds at most this many rows. */
#define TW_SERVE_MAX_ROWS 4096

typedef enum tw_serve_kind {
    TW_SERVE_STATIC,    /* GET of a page file (path in req->file) */
    TW_SERVE_WORLDS,    /* GET /api/worlds */
    TW_SERVE_SCENARIOS, /* GET /api/scenarios */
    TW_SERVE_WORLD,     /* GET /api/world/<name> */
    TW_SERVE_SOLVE,     /* POST /api/solve */
    TW_SERVE_RUN,       /* POST /api/run */
    TW_SERVE_BRIEF,     /* POST /api/brief */
    TW_SERVE_OPTIMAL,   /* POST /api/optimal */
    TW_SERVE_JOBS       /* /api/jobs[/<id>[/result]]: long games (src/serve/jobs.c) */
} tw_serve_kind;

typedef struct tw_serve_request {
    tw_serve_kind kind;
    char file[256];         /* STATIC: the page file, relative, checked ("index.html") */
    char world[96];         /* "" = the default world (or the scenario's) */
    char elasticities[64];  /* "" = the world's default set */
    double horizon_years;   /* INFINITY = the long run (or the scenario's horizon) */
    int has_horizon;
    tw_deficit_closure deficits;
    int has_deficits;
    char name[128];         /* SOLVE: the shock's name in messages and the document */
    char *shock;            /* SOLVE: shock file text (the "shock" text, then the rows of
                             * "tariffs"), malloc'd, NUL-terminated */
    size_t shock_len;
    int warm;               /* SOLVE: start from the model's last solution (docs/api.md) */
    int summary;            /* SOLVE: "detail": "summary", the page's subset of the document */
    int draws;              /* SOLVE: "draws": 0 none, N estimate draws, -1 "sets" */
    int has_seed;
    uint64_t seed;          /* SOLVE: "seed" of the draws */
    int has_step;           /* SOLVE: "scenario" (or "scenario_text") with "step": the shock
                             * applies to the policy in force at that step of the scenario */
    int step_index;         /* the step's index in the timeline document, or -1: step_date */
    char step_date[11];     /* YYYY-MM-DD: the last step on or before it along step_branch */
    char step_branch[64];   /* "" = the scenario's first branch ("main") */
    char country[16];       /* OPTIMAL: the government choosing its tariffs */
    char partners[512];     /* OPTIMAL: comma-separated codes, "" = all others */
    tw_instrument_kind instrument; /* OPTIMAL */
    char scenario[96];      /* RUN, BRIEF (SOLVE with a step): a shipped scenario's name, or "" */
    char *scenario_text;    /* RUN, BRIEF (SOLVE with a step): or a scenario's YAML text */
    size_t scenario_len;
    double risk_aversion;   /* RUN: "risk_aversion" of the odds' certainty equivalents (the
                             * command line's --risk-aversion, default 2) */
    char method[8];         /* JOBS: "GET", "POST" or "DELETE" */
    char job_id[24];        /* JOBS: the id in the path, "" for /api/jobs */
    int job_result;         /* JOBS: the path ends in /result (the bare document) */
    char *job_body;         /* JOBS, POST: the body (malloc'd, NUL-terminated), read by
                             * src/serve/jobs.c */
    size_t job_len;
} tw_serve_request;

/* Parses one request. method is "GET", "POST", ...; url is the path without the query; body
 * is the request body (may be NULL when len is 0). @return 200 with *req filled (release it
 * with tw_serve_request_release), or the HTTP status to answer (400 bad body or field, 404 no
 * such path, 405 method not allowed, 413 body too large, 500 out of memory) with a sentence in
 * msg[size]. *req is always safe to release. */
int tw_serve_request_parse(const char *method, const char *url, const char *body, size_t len,
                           tw_serve_request *req, char *msg, size_t size);

void tw_serve_request_release(tw_serve_request *req);

/* 1 if name is an acceptable world or scenario name (letters, digits, '-', '_', '.', not
 * starting with '.', at most 95 bytes): never a path. */
int tw_serve_name_ok(const char *name);

#endif
