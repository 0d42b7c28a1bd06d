/* SPDX-License-Identifier: MIT */
/* Inside the web server's engine: shared models with their solver pools, and the answer cache
 * (src/serve/engine.c), used by the handlers (src/serve/handlers.c). */
#ifndef TW_SERVE_ENGINE_INTERNAL_H
#define TW_SERVE_ENGINE_INTERNAL_H

#include <pthread.h>
#include <stdint.h>

#include "serve/engine.h"

#define TW_SERVE_POOL 64

/* What a model is made from: the request's or scenario's choices. */
typedef struct tw_serve_spec {
    const char *world;        /* a shipped world's name */
    const char *elasticities; /* NULL or "": the world's default */
    double years;             /* INFINITY: the long run */
    tw_deficit_closure deficits;
    int has_critical;         /* a scenario's critical_elasticity */
    double critical;
    int political;            /* jobs: --political-economy (tw_model_options) */
    int payoff;               /* jobs: --payoff, TW_PAYOFF_* */
    const tw_input_elasticity *rules; /* jobs: nest rules after the critical one (borrowed) */
    int nrules;                       /* at most TW_SERVE_MAX_RULES */
} tw_serve_spec;
#define TW_SERVE_MAX_RULES 32

typedef struct tw_serve_steps tw_serve_steps; /* src/serve/step.c */
void tw_serve_steps_free(tw_serve_steps *t);

/* One shared model (immutable once made) and its idle solvers. */
typedef struct tw_serve_model {
    char key[2048];
    char world[96];       /* the spec's world: the name of its directory (theta_se.csv) */
    pthread_mutex_t lock; /* guards making the model and the pool */
    int made;             /* the attempt to make it is over (st says how it went) */
    int http;             /* 200, or the status of the failure */
    int exit_code;
    tw_status st;         /* the failure's status */
    char message[1600];
    tw_world *w;
    tw_model *m;
    tw_equilibrium *last; /* the last solution (warm starts), or NULL */
    tw_solver *idle[TW_SERVE_POOL];
    int nidle;
    tw_serve_steps *steps; /* the policies of scenarios' steps on this model (step.c) */
    struct tw_serve_model *next;
} tw_serve_model;

typedef struct tw_serve_entry {
    uint64_t h1, h2;
    unsigned long used; /* the clock of its last use, for least-recently-used eviction */
    char *doc;
    size_t len;
    int status;
} tw_serve_entry;

struct tw_serve {
    tw_serve_options o;
    char default_world[96];
    pthread_mutex_t lock; /* guards the model list, the cache and the counters */
    tw_serve_model *models;
    int nmodels, nfailed; /* loaded models; kept failures */
    tw_serve_entry *cache;
    unsigned long clock;
    long hits, solves;
    struct tw_serve_jobs *jobs; /* long games (src/serve/jobs.c), made on first use */
};

/* The model of spec, made on first use (failures are kept and answered again). @return 200
 * with *out, or an HTTP status with the error document written into body. */
int tw_serve_model_get(tw_serve *s, const tw_serve_spec *spec, tw_serve_model **out,
                       tw_buffer *body);
/* A solver of m's pool (a new one when none is idle), its options set to the model's with a
 * deadline of *deadline (monotonic seconds, borrowed for the solve). NULL: out of memory. */
tw_solver *tw_serve_solver_take(tw_serve_model *m, const double *deadline);
void tw_serve_solver_give(tw_serve_model *m, tw_solver *sv);

/* Monotonic seconds. */
double tw_serve_now(void);

/* Incremental 128-bit hash (two 64-bit FNV-1a lanes with different bases and primes). */
typedef struct tw_serve_hash {
    uint64_t h1, h2;
} tw_serve_hash;
void tw_serve_hash_init(tw_serve_hash *h);
void tw_serve_hash_add(tw_serve_hash *h, const void *data, size_t len);

/* The cached answer under h into body (appended): @return its status, 0 when none. */
int tw_serve_cache_get(tw_serve *s, const tw_serve_hash *h, tw_buffer *body);
/* Keeps a copy of the answer doc[len] with its status under h (silently not when out of
 * memory: the cache only saves time). */
void tw_serve_cache_put(tw_serve *s, const tw_serve_hash *h, int status, const char *doc,
                        size_t len);

/* The error document of a library error: err formatted as the command line prints it
 * (GCC-style, "tradewar: " before a message without a file), the status the HTTP one of st.
 * @return that HTTP status. */
int tw_serve_lib_error(tw_buffer *body, tw_status st, const tw_error *err);

/* Handlers (src/serve/handlers.c, src/serve/lists.c). */
int tw_serve_solve(tw_serve *s, const tw_serve_request *req, tw_buffer *body);
int tw_serve_timeline(tw_serve *s, const tw_serve_request *req, tw_buffer *body);
int tw_serve_optimal(tw_serve *s, const tw_serve_request *req, tw_buffer *body); /* game.c */
/* /api/jobs (src/serve/jobs.c); tw_serve_jobs_free cancels and joins its workers. */
int tw_serve_jobs(tw_serve *s, const tw_serve_request *req, tw_buffer *body);
void tw_serve_jobs_free(tw_serve *s);
int tw_serve_list_worlds(tw_serve *s, tw_buffer *body);
int tw_serve_list_scenarios(tw_serve *s, tw_buffer *body);
int tw_serve_world_doc(tw_serve *s, const tw_serve_request *req, tw_buffer *body);
/* The scenario of req (a shipped one's name, or YAML text) into *out. @return 200, or an
 * error status with its document in body. */
int tw_serve_load_scenario(const tw_serve_request *req, tw_scenario **out, tw_buffer *body);
/* The model a scenario runs on, as `tradewar run` and `brief` make it: the scenario's world,
 * elasticities and horizon unless the request gives them, its deficits and critical
 * elasticity always. The strings are borrowed from req and sc. */
tw_serve_spec tw_serve_scenario_spec(const tw_serve_request *req, const tw_scenario *sc);
/* A solve relative to a scenario step: the model of req's scenario into *mm and a copy of
 * the policy in force at req's step into *out (the caller frees it). @return 200, or an
 * error status with its document in body (*out NULL). */
int tw_serve_step_policy(tw_serve *s, const tw_serve_request *req, tw_serve_model **mm,
                         tw_policy **out, tw_buffer *body);
/* The summary solve document ("detail": "summary", docs/api.md): a subset of
 * tw_json_write_solve's, the same keys and values (src/serve/summary.c). */
tw_status tw_serve_write_summary(tw_sink out, const tw_solve_document *doc, tw_error *err);
/* The "uncertainty" object of req's draws (req->draws != 0) of the shock solved on mm, applied
 * to base (a scenario step's policy) or today's policy (base NULL), whose results on the
 * world's theta are point, appended to body as `tradewar solve --draws --json` writes it
 * (src/serve/draws.c). @return 200, or an error status with its document (body back to its
 * length at the call, then the error document). */
int tw_serve_solve_draws(tw_serve *s, tw_serve_model *mm, const tw_serve_request *req,
                         const tw_policy *base, const tw_results *point, tw_buffer *body);
/* The path of the shipped scenario named name (exactly a file stem in the scenario
 * directory, or the same under the spelling rule) into out. @return 0, or -1 when none. */
int tw_serve_scenario_path(const char *name, char *out, size_t size);

#endif
