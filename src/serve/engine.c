/* SPDX-License-Identifier: MIT */
/* The web server's engine: shared models, solver pools, the answer cache and error documents
 * (src/serve/engine.h, docs/api.md). */
#include "serve/engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "io/json.h"
#include "serve/engine_internal.h"

void tw_serve_options_init(tw_serve_options *o)
{
    o->default_world = NULL;
    o->timeout_seconds = 120.0;
    o->max_models = 16; /* about 60 MB each on icio2022, with a solver */
    o->cache_entries = 256;
}

double tw_serve_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

tw_serve *tw_serve_create(const tw_serve_options *o)
{
    tw_serve *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (o)
        s->o = *o;
    else
        tw_serve_options_init(&s->o);
    snprintf(s->default_world, sizeof s->default_world, "%s",
             s->o.default_world ? s->o.default_world : TW_DEFAULT_WORLD);
    if (s->o.cache_entries > 0) {
        s->cache = calloc((size_t)s->o.cache_entries, sizeof *s->cache);
        if (!s->cache) {
            free(s);
            return NULL;
        }
    }
    pthread_mutex_init(&s->lock, NULL);
    return s;
}

void tw_serve_free(tw_serve *s)
{
    if (!s)
        return;
    tw_serve_jobs_free(s); /* first: running jobs use the models */
    for (tw_serve_model *m = s->models, *next; m; m = next) {
        next = m->next;
        for (int k = 0; k < m->nidle; k++)
            tw_solver_free(m->idle[k]);
        tw_equilibrium_free(m->last);
        tw_serve_steps_free(m->steps);
        tw_model_free(m->m);
        tw_world_free(m->w);
        pthread_mutex_destroy(&m->lock);
        free(m);
    }
    for (int k = 0; k < s->o.cache_entries && s->cache; k++)
        free(s->cache[k].doc);
    free(s->cache);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

void tw_serve_stats(tw_serve *s, long *cache_hits, long *solves)
{
    pthread_mutex_lock(&s->lock);
    if (cache_hits)
        *cache_hits = s->hits;
    if (solves)
        *solves = s->solves;
    pthread_mutex_unlock(&s->lock);
}

int tw_serve_error(tw_buffer *body, int status, const char *kind, int exit_code, const char *msg)
{
    tw_json j;
    tw_json_init_sink(&j, tw_sink_buffer(body));
    tw_json_object_begin(&j);
    tw_json_key(&j, "error");
    tw_json_object_begin(&j);
    tw_json_kv_int(&j, "http_status", status);
    tw_json_kv_string(&j, "status", kind);
    tw_json_kv_int(&j, "exit_code", exit_code);
    tw_json_kv_string(&j, "message", msg);
    tw_json_object_end(&j);
    tw_json_object_end(&j);
    tw_error err;
    tw_json_finish(&j, &err); /* out of memory: the body is short; the status still says */
    return status;
}

static int http_of(tw_status st)
{
    switch (st) {
    case TW_ERR_INPUT:
    case TW_ERR_USAGE:
        return 400;
    case TW_ERR_IO:
        return 404;
    case TW_ERR_NOT_CONVERGED:
    case TW_ERR_NUMERIC:
        return 422;
    case TW_ERR_CANCELLED:
        return 504;
    default:
        return 500;
    }
}

static void format_cli(const tw_error *err, char *out, size_t size)
{
    char buf[1400];
    tw_error_format(err, buf, sizeof buf);
    if (err && err->file[0])
        snprintf(out, size, "%s", buf);
    else
        snprintf(out, size, "tradewar: %s", buf);
}

int tw_serve_lib_error(tw_buffer *body, tw_status st, const tw_error *err)
{
    char msg[1600];
    if (st == TW_ERR_CANCELLED)
        snprintf(msg, sizeof msg, "tradewar: error: the computation took longer than the "
                                  "server's time limit and was stopped");
    else if (st == TW_ERR_NOMEM && (!err || err->status != TW_ERR_NOMEM))
        snprintf(msg, sizeof msg, "tradewar: error: out of memory");
    else
        format_cli(err, msg, sizeof msg);
    return tw_serve_error(body, http_of(st), tw_status_name(st), tw_cli_exit_code(st), msg);
}

static void spec_key(const tw_serve_spec *spec, char *out, size_t size)
{
    int used = snprintf(out, size, "%s|%s|%.17g|%d|%d|%.17g|%d|%d", spec->world,
                        spec->elasticities ? spec->elasticities : "", spec->years,
                        (int)spec->deficits, spec->has_critical,
                        spec->has_critical ? spec->critical : 0.0, spec->political, spec->payoff);
    for (int r = 0; r < spec->nrules && used > 0 && (size_t)used < size; r++)
        used += snprintf(out + used, size - (size_t)used, "|%d:%d=%.17g", spec->rules[r].input,
                         spec->rules[r].using_sector, spec->rules[r].elasticity);
}

/* Loads the world and makes the model of spec into mm (its lock held). */
static void make_model(tw_serve_model *mm, const tw_serve_spec *spec)
{
    char dir[1024];
    mm->made = 1;
    if (!tw_serve_name_ok(spec->world) || tw_cli_world_dir(spec->world, dir, sizeof dir)) {
        char names[512];
        tw_cli_shipped_worlds(names, sizeof names);
        snprintf(mm->message, sizeof mm->message,
                 "tradewar: error: world: no world named '%s' (shipped: %s)", spec->world,
                 names[0] ? names : "none found");
        mm->http = 404;
        mm->st = TW_ERR_IO;
        mm->exit_code = TW_EXIT_IO;
        return;
    }
    tw_world_options wo;
    tw_world_options_init(&wo);
    wo.elasticities = spec->elasticities && spec->elasticities[0] ? spec->elasticities : NULL;
    wo.horizon_years = spec->years;
    tw_error err;
    tw_status st = tw_world_load(dir, &wo, &mm->w, &err);
    tw_model_options o;
    tw_model_options_init(&o);
    o.deficits = spec->deficits;
    o.political_economy = spec->political;
    o.payoff = spec->payoff;
    /* The scenario's critical elasticity, then a job's rules (as the command line's order). */
    tw_input_elasticity rules[TW_SERVE_MAX_RULES + 1];
    int nr = 0;
    if (spec->has_critical)
        rules[nr++] = (tw_input_elasticity){TW_NEST_MEMBERS, TW_ALL_SECTORS, spec->critical};
    for (int r = 0; r < spec->nrules && r < TW_SERVE_MAX_RULES; r++)
        rules[nr++] = spec->rules[r];
    o.input_elasticities = nr ? rules : NULL;
    o.input_elasticity_count = nr;
    if (!st)
        st = tw_model_create(mm->w, &o, &mm->m, &err);
    if (st) {
        tw_buffer b = {0};
        mm->http = tw_serve_lib_error(&b, st, &err);
        mm->exit_code = tw_cli_exit_code(st);
        mm->st = st;
        format_cli(&err, mm->message, sizeof mm->message);
        tw_buffer_release(&b);
        tw_model_free(mm->m);
        tw_world_free(mm->w);
        mm->m = NULL;
        mm->w = NULL;
        return;
    }
    mm->http = 200;
}

int tw_serve_model_get(tw_serve *s, const tw_serve_spec *spec, tw_serve_model **out,
                       tw_buffer *body)
{
    char key[2048];
    spec_key(spec, key, sizeof key);
    pthread_mutex_lock(&s->lock);
    tw_serve_model *mm = s->models;
    while (mm && strcmp(mm->key, key) != 0)
        mm = mm->next;
    if (!mm && (s->nmodels >= s->o.max_models || s->nfailed >= 256)) {
        int cap = s->o.max_models;
        pthread_mutex_unlock(&s->lock);
        char msg[200];
        snprintf(msg, sizeof msg, "tradewar: error: the server holds as many models as it may "
                                  "(%d worlds and options); restart it to load others", cap);
        return tw_serve_error(body, 503, tw_status_name(TW_ERR_NOMEM), TW_EXIT_INTERNAL, msg);
    }
    if (!mm && (mm = calloc(1, sizeof *mm))) {
        snprintf(mm->key, sizeof mm->key, "%s", key);
        snprintf(mm->world, sizeof mm->world, "%s", spec->world);
        pthread_mutex_init(&mm->lock, NULL);
        mm->next = s->models;
        s->models = mm;
        s->nmodels++;
    }
    pthread_mutex_unlock(&s->lock);
    if (!mm)
        return tw_serve_error(body, 500, tw_status_name(TW_ERR_NOMEM), TW_EXIT_INTERNAL,
                              "tradewar: error: out of memory");
    /* Made once, under the model's own lock: other requests for it wait, others go on. */
    pthread_mutex_lock(&mm->lock);
    int fresh = !mm->made;
    if (fresh)
        make_model(mm, spec);
    pthread_mutex_unlock(&mm->lock);
    if (fresh && mm->http != 200) { /* kept to answer again, but not as a loaded model */
        pthread_mutex_lock(&s->lock);
        s->nmodels--;
        s->nfailed++;
        pthread_mutex_unlock(&s->lock);
    }
    if (mm->http != 200)
        return tw_serve_error(body, mm->http, tw_status_name(mm->st),
                              mm->exit_code, mm->message);
    *out = mm;
    return 200;
}

/* The progress callback of every pooled solve: stop at the deadline. */
static int until_deadline(void *ctx, int iteration, double residual)
{
    (void)iteration;
    (void)residual;
    return tw_serve_now() > *(const double *)ctx;
}

tw_solver *tw_serve_solver_take(tw_serve_model *mm, const double *deadline)
{
    tw_solver *sv = NULL;
    pthread_mutex_lock(&mm->lock);
    if (mm->nidle > 0)
        sv = mm->idle[--mm->nidle];
    pthread_mutex_unlock(&mm->lock);
    tw_error err;
    if (!sv && tw_solver_create(mm->m, NULL, &sv, &err))
        return NULL;
    tw_solver_options so = tw_model_get_options(mm->m).solver;
    so.progress = until_deadline;
    so.progress_ctx = (void *)deadline;
    if (tw_solver_set_options(sv, &so, &err)) {
        tw_solver_free(sv);
        return NULL;
    }
    return sv;
}

void tw_serve_solver_give(tw_serve_model *mm, tw_solver *sv)
{
    if (!sv)
        return;
    pthread_mutex_lock(&mm->lock);
    if (mm->nidle < TW_SERVE_POOL) {
        mm->idle[mm->nidle++] = sv;
        sv = NULL;
    }
    pthread_mutex_unlock(&mm->lock);
    tw_solver_free(sv);
}

void tw_serve_hash_init(tw_serve_hash *h)
{
    h->h1 = 14695981039346656037ull;
    h->h2 = 0x6a09e667f3bcc908ull;
}

void tw_serve_hash_add(tw_serve_hash *h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t k = 0; k < len; k++) {
        h->h1 = (h->h1 ^ p[k]) * 1099511628211ull;
        h->h2 = (h->h2 ^ p[k]) * 0x100000001b3ull * 0x9e3779b97f4a7c15ull + 0x7f4a7c15ull;
    }
}

int tw_serve_cache_get(tw_serve *s, const tw_serve_hash *h, tw_buffer *body)
{
    int status = 0;
    pthread_mutex_lock(&s->lock);
    for (int k = 0; k < s->o.cache_entries; k++) {
        tw_serve_entry *e = &s->cache[k];
        if (e->doc && e->h1 == h->h1 && e->h2 == h->h2) {
            if (tw_buffer_append(body, e->doc, e->len) == TW_OK) {
                status = e->status;
                e->used = ++s->clock;
                s->hits++;
            }
            break;
        }
    }
    pthread_mutex_unlock(&s->lock);
    return status;
}

void tw_serve_cache_put(tw_serve *s, const tw_serve_hash *h, int status, const char *doc,
                        size_t len)
{
    if (s->o.cache_entries <= 0)
        return;
    char *copy = malloc(len + 1);
    if (!copy)
        return;
    memcpy(copy, doc, len);
    copy[len] = '\0';
    pthread_mutex_lock(&s->lock);
    int victim = 0;
    for (int k = 0; k < s->o.cache_entries; k++) {
        tw_serve_entry *e = &s->cache[k];
        if (e->doc && e->h1 == h->h1 && e->h2 == h->h2) { /* another thread made it too */
            victim = -1;
            break;
        }
        if (!e->doc || e->used < s->cache[victim].used)
            victim = k;
        if (!e->doc)
            break;
    }
    if (victim >= 0) {
        tw_serve_entry *e = &s->cache[victim];
        free(e->doc);
        *e = (tw_serve_entry){h->h1, h->h2, ++s->clock, copy, len, status};
        copy = NULL;
    }
    pthread_mutex_unlock(&s->lock);
    free(copy);
}

int tw_serve_handle(tw_serve *s, const tw_serve_request *req, tw_buffer *body)
{
    switch (req->kind) {
    case TW_SERVE_WORLDS:
        return tw_serve_list_worlds(s, body);
    case TW_SERVE_SCENARIOS:
        return tw_serve_list_scenarios(s, body);
    case TW_SERVE_WORLD:
        return tw_serve_world_doc(s, req, body);
    case TW_SERVE_SOLVE:
        return tw_serve_solve(s, req, body);
    case TW_SERVE_RUN:
    case TW_SERVE_BRIEF:
        return tw_serve_timeline(s, req, body);
    case TW_SERVE_OPTIMAL:
        return tw_serve_optimal(s, req, body);
    case TW_SERVE_JOBS:
        return tw_serve_jobs(s, req, body);
    default:
        return tw_serve_error(body, 404, tw_status_name(TW_ERR_USAGE), TW_EXIT_USAGE, "no such endpoint");
    }
}
