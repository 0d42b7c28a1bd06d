/* SPDX-License-Identifier: MIT */
/* Solves relative to a scenario step (docs/api.md, "Relative to a scenario step"): the policy
 * in force at a step of a scenario's timeline, found by running the timeline once on the
 * scenario's model and kept with that model for the next requests. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/error.h"
#include "serve/engine_internal.h"

/* Scenarios whose step policies a model keeps: a policy is about 6 MB on icio2022 (four
 * [j][n][i] arrays of doubles and one of bytes), so us_china_2025's 11 steps are 67 MB. */
#define STEPS_KEPT 2

/* The policies in force at every step of one scenario's timeline on one model. */
struct tw_serve_steps {
    tw_serve_hash h; /* of the scenario's name or text */
    int n, cap;
    tw_policy **policy;
    char (*date)[11];
    char **branch;
    int *parent;
    struct tw_serve_steps *next;
};

void tw_serve_steps_free(tw_serve_steps *t)
{
    while (t) {
        tw_serve_steps *next = t->next;
        for (int k = 0; k < t->cap; k++)
            tw_policy_free(t->policy[k]);
        for (int k = 0; t->branch && k < t->n; k++)
            free(t->branch[k]);
        free(t->policy);
        free(t->date);
        free(t->branch);
        free(t->parent);
        free(t);
        t = next;
    }
}

/* tw_timeline_step_fn: keeps a copy of step k's policy. */
static tw_status keep_step(void *ctx, const tw_model *m, int k, const tw_policy *p,
                           const tw_equilibrium *eq, const tw_results *r, tw_error *err)
{
    (void)eq;
    (void)r;
    tw_serve_steps *t = ctx;
    if (k >= t->cap) {
        int nc = t->cap ? 2 * t->cap : 16;
        while (nc <= k)
            nc *= 2;
        tw_policy **np = realloc(t->policy, (size_t)nc * sizeof *np);
        if (!np)
            return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        t->policy = np;
        for (int q = t->cap; q < nc; q++)
            np[q] = NULL;
        t->cap = nc;
    }
    if (!t->policy[k] && tw_policy_create(m, &t->policy[k]))
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    tw_policy_copy(t->policy[k], p);
    if (k + 1 > t->n)
        t->n = k + 1;
    return TW_OK;
}

/* Runs plan's timeline on mm, keeping every step's policy, date, branch and parent. */
static int run_steps(tw_serve *s, tw_serve_model *mm, const tw_plan *plan, tw_serve_steps **out,
                     tw_buffer *body)
{
    tw_serve_steps *t = calloc(1, sizeof *t);
    if (!t)
        return tw_serve_error(body, 500, tw_status_name(TW_ERR_NOMEM), TW_EXIT_INTERNAL,
                              "tradewar: error: out of memory");
    double deadline = tw_serve_now() + s->o.timeout_seconds;
    tw_solver *sv = tw_serve_solver_take(mm, &deadline);
    tw_timeline *tl = NULL;
    tw_error err;
    tw_error_clear(&err);
    tw_status st = sv ? tw_timeline_run_observed(plan, mm->m, sv, tw_scenario_game_solve, NULL,
                                                 keep_step, t, &tl, &err)
                      : TW_ERR_NOMEM;
    tw_serve_solver_give(mm, sv);
    if (!st && tw_timeline_steps(tl) != t->n)
        st = tw_fail(&err, TW_ERR_NUMERIC, NULL, 0, 0, NULL,
                     "the timeline's steps were not all observed");
    if (!st) {
        t->date = calloc((size_t)t->n + 1, sizeof *t->date);
        t->branch = calloc((size_t)t->n + 1, sizeof *t->branch);
        t->parent = calloc((size_t)t->n + 1, sizeof *t->parent);
        if (!t->date || !t->branch || !t->parent)
            st = TW_ERR_NOMEM;
    }
    for (int k = 0; !st && k < t->n; k++) {
        tw_timeline_step ts = tw_timeline_step_get(tl, k);
        memcpy(t->date[k], ts.date, sizeof t->date[k]);
        t->parent[k] = ts.parent;
        if (!(t->branch[k] = strdup(ts.branch)))
            st = TW_ERR_NOMEM;
    }
    tw_timeline_free(tl);
    if (st) {
        tw_serve_steps_free(t);
        return tw_serve_lib_error(body, st, &err);
    }
    *out = t;
    return 200;
}

/* The step of req in t: @return its index, or -1 with a 400 document in body. */
static int pick_step(const tw_serve_steps *t, const tw_serve_request *req, tw_buffer *body)
{
    char msg[700];
    if (req->step_index >= 0) {
        if (req->step_index < t->n)
            return req->step_index;
        snprintf(msg, sizeof msg, "tradewar: error: step: the scenario has %d steps (0 to %d), "
                                  "got %d", t->n, t->n - 1, req->step_index);
        tw_serve_error(body, 400, tw_status_name(TW_ERR_USAGE), TW_EXIT_USAGE, msg);
        return -1;
    }
    const char *branch = req->step_branch[0] ? req->step_branch : t->branch[0];
    int last = -1;
    for (int k = 0; k < t->n; k++)
        if (strcmp(t->branch[k], branch) == 0)
            last = k;
    if (last < 0) {
        size_t at = (size_t)snprintf(msg, sizeof msg, "tradewar: error: branch: the scenario has "
                                                      "no branch named '%s' (branches:", branch);
        for (int k = 0; k < t->n && at < sizeof msg; k++) {
            int seen = 0;
            for (int q = 0; q < k; q++)
                seen |= strcmp(t->branch[q], t->branch[k]) == 0;
            if (!seen)
                at += (size_t)snprintf(msg + at, sizeof msg - at, "%s %s", k ? "," : "",
                                       t->branch[k]);
        }
        if (at < sizeof msg)
            snprintf(msg + at, sizeof msg - at, ")");
        tw_serve_error(body, 400, tw_status_name(TW_ERR_USAGE), TW_EXIT_USAGE, msg);
        return -1;
    }
    for (int k = last; k >= 0; k = t->parent[k])
        if (strcmp(t->date[k], req->step_date) <= 0)
            return k;
    snprintf(msg, sizeof msg, "tradewar: error: step: %s is before the scenario's first step "
                              "(%s)", req->step_date, t->n ? t->date[0] : "none");
    tw_serve_error(body, 400, tw_status_name(TW_ERR_USAGE), TW_EXIT_USAGE, msg);
    return -1;
}

/* The kept steps of h on mm, or NULL. */
static tw_serve_steps *find_steps(tw_serve_model *mm, const tw_serve_hash *h)
{
    tw_serve_steps *t = mm->steps;
    while (t && (t->h.h1 != h->h1 || t->h.h2 != h->h2))
        t = t->next;
    return t;
}

/* The steps of plan's scenario (hash h) on mm, from the model's kept ones or run now; *owned
 * says whether the caller frees them (not kept). */
static int steps_of(tw_serve *s, tw_serve_model *mm, const tw_plan *plan, const tw_serve_hash *h,
                    tw_serve_steps **out, int *owned, tw_buffer *body)
{
    *owned = 0;
    pthread_mutex_lock(&mm->lock);
    *out = find_steps(mm, h);
    pthread_mutex_unlock(&mm->lock);
    if (*out)
        return 200;
    tw_serve_steps *t = NULL;
    int status = run_steps(s, mm, plan, &t, body);
    if (status != 200)
        return status;
    t->h = *h;
    pthread_mutex_lock(&mm->lock);
    tw_serve_steps *other = find_steps(mm, h);
    int kept = 0;
    for (tw_serve_steps *q = mm->steps; q; q = q->next)
        kept++;
    if (!other && kept < STEPS_KEPT) { /* kept steps are never freed before the model */
        t->next = mm->steps;
        mm->steps = t;
        other = t;
        t = NULL;
    }
    pthread_mutex_unlock(&mm->lock);
    if (other) {
        tw_serve_steps_free(t);
        *out = other;
    } else {
        *out = t;
        *owned = 1;
    }
    return 200;
}

int tw_serve_step_policy(tw_serve *s, const tw_serve_request *req, tw_serve_model **mm_out,
                         tw_policy **out, tw_buffer *body)
{
    *out = NULL;
    tw_scenario *sc = NULL;
    int status = tw_serve_load_scenario(req, &sc, body);
    if (status != 200)
        return status;
    tw_serve_spec spec = tw_serve_scenario_spec(req, sc);
    tw_serve_model *mm = NULL;
    tw_plan *plan = NULL;
    tw_error err;
    status = tw_serve_model_get(s, &spec, &mm, body);
    if (status == 200) {
        tw_status st = tw_scenario_bind(sc, mm->w, &plan, &err);
        if (st)
            status = tw_serve_lib_error(body, st, &err);
    }
    tw_serve_hash h;
    tw_serve_hash_init(&h);
    tw_serve_hash_add(&h, req->scenario, strlen(req->scenario) + 1);
    if (req->scenario_text)
        tw_serve_hash_add(&h, req->scenario_text, req->scenario_len + 1);
    tw_serve_steps *t = NULL;
    int owned = 0;
    if (status == 200)
        status = steps_of(s, mm, plan, &h, &t, &owned, body);
    int k = status == 200 ? pick_step(t, req, body) : -1;
    if (status == 200 && k < 0)
        status = 400;
    if (status == 200 && tw_policy_create(mm->m, out) == TW_OK)
        tw_policy_copy(*out, t->policy[k]);
    else if (status == 200)
        status = tw_serve_error(body, 500, tw_status_name(TW_ERR_NOMEM), TW_EXIT_INTERNAL,
                                "tradewar: error: out of memory");
    if (owned)
        tw_serve_steps_free(t);
    tw_plan_free(plan);
    tw_scenario_free(sc);
    *mm_out = mm;
    return status;
}
