/* SPDX-License-Identifier: MIT */
/* The web server's computing handlers: POST /api/solve, /api/run and /api/brief, each
 * writing the command line's JSON document (docs/api.md) from a pooled solver. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "serve/engine_internal.h"
#include "tradewar/odds.h"

/* The cache key of a request: what makes its answer (the model's choices, then the text that
 * sets the policy, which fixes it given the model). */
static void request_hash(const tw_serve_request *req, const char *world, tw_serve_hash *h)
{
    tw_serve_hash_init(h);
    int kind = (int)req->kind;
    tw_serve_hash_add(h, &kind, sizeof kind);
    tw_serve_hash_add(h, world, strlen(world) + 1);
    tw_serve_hash_add(h, req->elasticities, strlen(req->elasticities) + 1);
    tw_serve_hash_add(h, &req->has_horizon, sizeof req->has_horizon);
    tw_serve_hash_add(h, &req->horizon_years, sizeof req->horizon_years);
    tw_serve_hash_add(h, &req->has_deficits, sizeof req->has_deficits);
    int def = (int)req->deficits;
    tw_serve_hash_add(h, &def, sizeof def);
    tw_serve_hash_add(h, req->name, strlen(req->name) + 1);
    int step[4] = {req->summary, req->has_step, req->step_index, req->draws};
    tw_serve_hash_add(h, step, sizeof step);
    uint64_t seed[2] = {(uint64_t)req->has_seed, req->seed};
    tw_serve_hash_add(h, seed, sizeof seed);
    tw_serve_hash_add(h, &req->risk_aversion, sizeof req->risk_aversion);
    tw_serve_hash_add(h, req->step_date, sizeof req->step_date);
    tw_serve_hash_add(h, req->step_branch, strlen(req->step_branch) + 1);
    tw_serve_hash_add(h, req->scenario, strlen(req->scenario) + 1);
    if (req->shock)
        tw_serve_hash_add(h, req->shock, req->shock_len + 1);
    if (req->scenario_text)
        tw_serve_hash_add(h, req->scenario_text, req->scenario_len + 1);
}

typedef struct solve_work {
    tw_policy *p;
    tw_equilibrium *eq;
    tw_results *res;
    tw_warnings *warn;
} solve_work;

static void work_free(solve_work *k)
{
    tw_warnings_free(k->warn);
    tw_results_free(k->res);
    tw_equilibrium_free(k->eq);
    tw_policy_free(k->p);
}

/* The solve of req on mm into body, as `tradewar solve --json` writes it (or its summary),
 * the shock applied to base (a scenario step's policy) or today's policy (base NULL). */
static int solve_on(tw_serve *s, tw_serve_model *mm, const tw_serve_request *req,
                    const tw_policy *base, tw_buffer *body)
{
    solve_work k = {0};
    tw_error err;
    tw_error_clear(&err);
    tw_status st = tw_policy_create(mm->m, &k.p);
    k.warn = tw_warnings_create();
    k.eq = tw_equilibrium_create(mm->m);
    k.res = tw_results_create(mm->m);
    if (!st && (!k.warn || !k.eq || !k.res))
        st = TW_ERR_NOMEM;
    if (!st && base)
        tw_policy_copy(k.p, base);
    if (!st && req->shock)
        st = tw_shock_apply_buffer_warn(mm->m, k.p, req->name, req->shock, req->shock_len,
                                        k.warn, &err);
    tw_solver_report rep = {0};
    double deadline = tw_serve_now() + s->o.timeout_seconds;
    if (!st && req->warm) { /* from the last solution: within the tolerance of a cold solve */
        pthread_mutex_lock(&mm->lock);
        if (mm->last)
            tw_equilibrium_copy(k.eq, mm->last);
        pthread_mutex_unlock(&mm->lock);
    }
    if (!st) {
        tw_solver *sv = tw_serve_solver_take(mm, &deadline);
        st = sv ? tw_model_solve(mm->m, sv, k.p, k.eq, &rep, &err) : TW_ERR_NOMEM;
        tw_serve_solver_give(mm, sv);
        if (!st) {
            pthread_mutex_lock(&mm->lock);
            if (!mm->last)
                mm->last = tw_equilibrium_create(mm->m);
            if (mm->last)
                tw_equilibrium_copy(mm->last, k.eq);
            pthread_mutex_unlock(&mm->lock);
        }
        pthread_mutex_lock(&s->lock);
        s->solves++;
        pthread_mutex_unlock(&s->lock);
    }
    if (!st)
        st = tw_results_compute(mm->m, k.eq, k.res);
    const tw_world *w = tw_model_world(mm->m);
    for (int n = 0; !st && n < tw_world_dims(w).n; n++)
        if ((st = tw_results_warn(w, k.res, n, NULL, k.warn, NULL)))
            tw_error_clear(&err), err.status = st;
    int status;
    if (st) {
        status = tw_serve_lib_error(body, st, &err);
    } else {
        tw_solve_document doc = {.model = mm->m, .results = k.res, .shock = req->name,
                                 .baseline = tw_model_baseline_report(mm->m),
                                 .solver = rep, .equilibrium = k.eq, .warnings = k.warn};
        /* docs/json.md: with draws, {"point": the solve document, "uncertainty": its bands} */
        size_t from = body->len;
        if (req->draws && tw_buffer_append(body, "{\"point\": ", 10))
            st = TW_ERR_NOMEM;
        if (!st)
            st = req->summary ? tw_serve_write_summary(tw_sink_buffer(body), &doc, &err)
                              : tw_json_write_solve(tw_sink_buffer(body), &doc, &err);
        if (!st && req->draws && tw_buffer_append(body, ", \"uncertainty\": ", 17))
            st = TW_ERR_NOMEM;
        status = st ? tw_serve_lib_error(body, st, &err) : 200;
        if (!st && req->draws) {
            size_t dfrom = body->len;
            status = tw_serve_solve_draws(s, mm, req, base, k.res, body);
            if (status == 200 && tw_buffer_append(body, "}\n", 2))
                status = tw_serve_error(body, 500, tw_status_name(TW_ERR_NOMEM),
                                        TW_EXIT_INTERNAL, "tradewar: error: out of memory");
            if (status != 200) { /* the error document (written at dfrom) alone */
                size_t elen = body->len - dfrom;
                memmove(body->data + from, body->data + dfrom, elen);
                body->len = from + elen;
                body->data[body->len] = '\0';
            }
        }
    }
    work_free(&k);
    return status;
}

int tw_serve_solve(tw_serve *s, const tw_serve_request *req, tw_buffer *body)
{
    const char *world = req->world[0] ? req->world : s->default_world;
    tw_serve_hash h;
    request_hash(req, world, &h);
    int status = tw_serve_cache_get(s, &h, body);
    if (status)
        return status;
    tw_serve_model *mm = NULL;
    tw_policy *base = NULL;
    size_t from = body->len;
    if (req->has_step) {
        status = tw_serve_step_policy(s, req, &mm, &base, body);
    } else {
        tw_serve_spec spec = {.world = world, .elasticities = req->elasticities,
                              .years = req->horizon_years, .deficits = req->deficits};
        status = tw_serve_model_get(s, &spec, &mm, body);
    }
    if (status != 200) {
        if (status == 400) /* a step that is not in the scenario: the request's fault */
            tw_serve_cache_put(s, &h, status, body->data + from, body->len - from);
        return status;
    }
    status = solve_on(s, mm, req, base, body);
    tw_policy_free(base);
    /* Answers that depend only on the request are kept: results and input errors; not a
     * time-out or running out of memory, which another try may not repeat, nor a warm
     * start's answer, which depends on where it started (a warm request takes a cold
     * answer from the cache: the key leaves "warm" out). */
    if ((status == 200 || status == 400 || status == 422) && !req->warm)
        tw_serve_cache_put(s, &h, status, body->data + from, body->len - from);
    return status;
}

int tw_serve_load_scenario(const tw_serve_request *req, tw_scenario **out, tw_buffer *body)
{
    tw_error err;
    tw_status st;
    if (req->scenario_text) {
        st = tw_scenario_load_buffer("scenario.yaml", req->scenario_text, req->scenario_len,
                                     out, &err);
    } else {
        char path[1200], msg[400];
        if (tw_serve_scenario_path(req->scenario, path, sizeof path)) {
            snprintf(msg, sizeof msg, "tradewar: error: no scenario named '%s' (see GET "
                                      "/api/scenarios)", req->scenario);
            return tw_serve_error(body, 404, tw_status_name(TW_ERR_IO), TW_EXIT_IO, msg);
        }
        st = tw_scenario_load(path, out, &err);
    }
    return st ? tw_serve_lib_error(body, st, &err) : 200;
}

/* Households for the brief from the world's households.csv, as `tradewar brief` finds them.
 * @return 200 (*have 0 when the world has none), or an error status. */
static int households(const char *world, const tw_world *w, double *hh, int *have,
                      tw_buffer *body)
{
    char dir[1000], path[1100];
    struct stat sb;
    *have = 0;
    if (tw_cli_world_dir(world, dir, sizeof dir))
        return 200;
    snprintf(path, sizeof path, "%s/households.csv", dir);
    if (stat(path, &sb) != 0)
        return 200;
    tw_error err;
    tw_status st = tw_households_load(path, w, hh, &err);
    if (st)
        return tw_serve_lib_error(body, st, &err);
    *have = 1;
    return 200;
}

/* The timeline or brief of plan on mm into body. */
static int timeline_on(tw_serve *s, tw_serve_model *mm, const tw_serve_request *req,
                       const tw_plan *plan, const char *world, tw_buffer *body)
{
    double deadline = tw_serve_now() + s->o.timeout_seconds;
    tw_solver *sv = tw_serve_solver_take(mm, &deadline);
    if (!sv)
        return tw_serve_error(body, 500, tw_status_name(TW_ERR_NOMEM), TW_EXIT_INTERNAL,
                              "tradewar: error: out of memory");
    tw_error err;
    tw_status st;
    int status = 200;
    if (req->kind == TW_SERVE_RUN) {
        tw_timeline *t = NULL;
        st = tw_timeline_run_games(plan, mm->m, sv, tw_scenario_game_solve, NULL, &t, &err);
        if (!st)
            st = tw_json_write_run(tw_sink_buffer(body), plan, t, req->risk_aversion, &err);
        tw_timeline_free(t);
    } else {
        tw_dims d = tw_world_dims(mm->w);
        double *hh = malloc((size_t)d.n * sizeof *hh);
        int have = 0;
        tw_brief *b = NULL;
        st = hh ? TW_OK : TW_ERR_NOMEM;
        tw_error_clear(&err);
        if (!st && (status = households(world, mm->w, hh, &have, body)) != 200)
            st = TW_ERR_INPUT;
        tw_brief_options bo;
        tw_brief_options_init(&bo);
        bo.households = have ? hh : NULL;
        if (!st)
            st = tw_brief_run(plan, mm->m, sv, tw_scenario_game_solve, NULL, &bo, &b, &err);
        if (!st)
            st = tw_json_write_brief(tw_sink_buffer(body), b, &err);
        tw_brief_free(b);
        free(hh);
    }
    tw_serve_solver_give(mm, sv);
    pthread_mutex_lock(&s->lock);
    s->solves++;
    pthread_mutex_unlock(&s->lock);
    if (status != 200)
        return status;
    return st ? tw_serve_lib_error(body, st, &err) : 200;
}

tw_serve_spec tw_serve_scenario_spec(const tw_serve_request *req, const tw_scenario *sc)
{
    double years = INFINITY;
    if (req->has_horizon)
        years = req->horizon_years;
    else
        tw_scenario_horizon(sc, &years);
    tw_serve_spec spec = {
        .world = req->world[0] ? req->world : tw_scenario_world(sc),
        .elasticities = req->elasticities[0] ? req->elasticities : tw_scenario_elasticities(sc),
        .years = years, .deficits = tw_scenario_deficits(sc)};
    spec.has_critical = tw_scenario_critical_elasticity(sc, &spec.critical);
    return spec;
}

int tw_serve_timeline(tw_serve *s, const tw_serve_request *req, tw_buffer *body)
{
    tw_serve_hash h;
    request_hash(req, req->world, &h);
    int status = tw_serve_cache_get(s, &h, body);
    if (status)
        return status;
    tw_scenario *sc = NULL;
    if ((status = tw_serve_load_scenario(req, &sc, body)) != 200)
        return status;
    tw_serve_spec spec = tw_serve_scenario_spec(req, sc);
    tw_serve_model *mm;
    tw_plan *plan = NULL;
    tw_error err;
    status = tw_serve_model_get(s, &spec, &mm, body);
    if (status == 200) {
        tw_status st = tw_scenario_bind(sc, mm->w, &plan, &err);
        if (st)
            status = tw_serve_lib_error(body, st, &err);
    }
    size_t from = body->len;
    if (status == 200) {
        status = timeline_on(s, mm, req, plan, spec.world, body);
        if (status == 200 || status == 400 || status == 422)
            tw_serve_cache_put(s, &h, status, body->data + from, body->len - from);
    }
    tw_plan_free(plan);
    tw_scenario_free(sc);
    return status;
}
