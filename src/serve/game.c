/* SPDX-License-Identifier: MIT */
/* POST /api/optimal: a government's best response, as `tradewar optimal --json` writes it
 * (docs/api.md), on the shared model, stopped at the server's time limit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/strategy_cli.h"
#include "serve/engine_internal.h"

static int until_deadline(void *ctx, const char *what, int step, double value)
{
    (void)what;
    (void)step;
    (void)value;
    return tw_serve_now() > *(const double *)ctx;
}

/* The countries of list (comma-separated codes) in w into out. @return how many, or -1 with
 * the command line's message in msg. */
static int countries(const tw_world *w, const char *list, int *out, int max, char *msg,
                     size_t size)
{
    int n = 0;
    for (const char *p = list; *p;) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        char code[64];
        if (len == 0 || len >= sizeof code || n == max) {
            snprintf(msg, size, "tradewar optimal: expected comma-separated country codes, "
                                "got '%.200s'", list);
            return -1;
        }
        memcpy(code, p, len);
        code[len] = '\0';
        int idx = tw_world_country_index(w, code);
        if (idx < 0) {
            snprintf(msg, size, "tradewar optimal: unknown country '%s'", code);
            return -1;
        }
        out[n++] = idx;
        p = q ? q + 1 : p + len;
    }
    return n;
}

typedef struct game_work {
    tw_game *g;
    tw_policy *today, *out;
    tw_equilibrium *eq, *eq0;
    tw_results *res, *res0;
} game_work;

static void work_free(game_work *k)
{
    tw_results_free(k->res);
    tw_results_free(k->res0);
    tw_equilibrium_free(k->eq);
    tw_equilibrium_free(k->eq0);
    tw_policy_free(k->out);
    tw_policy_free(k->today);
    tw_game_free(k->g);
}

static int optimal_on(tw_serve *s, tw_serve_model *mm, const tw_serve_request *req,
                      tw_buffer *body)
{
    int me, partners[TW_SC_MAX_PLAYERS], np = 0;
    char msg[400];
    if (countries(mm->w, req->country, &me, 1, msg, sizeof msg) < 0 ||
        (np = countries(mm->w, req->partners, partners, TW_SC_MAX_PLAYERS, msg, sizeof msg)) < 0)
        return tw_serve_error(body, 400, tw_status_name(TW_ERR_USAGE), TW_EXIT_USAGE, msg);
    for (int k = 0; k < np; k++)
        if (partners[k] == me)
            return tw_serve_error(body, 400, tw_status_name(TW_ERR_USAGE), TW_EXIT_USAGE,
                                  "tradewar optimal: a country cannot be its own partner");
    double deadline = tw_serve_now() + s->o.timeout_seconds;
    tw_game_options go;
    tw_game_options_init(&go);
    go.progress = until_deadline;
    go.progress_ctx = &deadline;
    game_work k = {0};
    tw_error err;
    tw_error_clear(&err);
    tw_status st = tw_game_create(mm->m, &go, &k.g, &err);
    if (!st && (tw_policy_create(mm->m, &k.today) || tw_policy_create(mm->m, &k.out) ||
                !(k.eq = tw_equilibrium_create(mm->m)) ||
                !(k.eq0 = tw_equilibrium_create(mm->m)) || !(k.res = tw_results_create(mm->m)) ||
                !(k.res0 = tw_results_create(mm->m))))
        st = TW_ERR_NOMEM;
    tw_sc_common c;
    tw_sc_common_init(&c);
    c.kind = req->instrument;
    tw_instrument ins = {.country = me, .kind = c.kind, .partners = np ? partners : NULL,
                         .n_partners = np, .services = c.services,
                         .only_increases = c.only_increases, .upper = c.max_rate};
    tw_objective obj = {.country = me, .sector_weights = NULL};
    tw_optimize_report rep = {0};
    if (!st)
        st = tw_model_solve(mm->m, tw_game_solver(k.g), k.today, k.eq0, NULL, &err);
    if (!st)
        st = tw_results_compute(mm->m, k.eq0, k.res0);
    if (!st) {
        tw_equilibrium_copy(k.eq, k.eq0);
        st = tw_game_best_response(k.g, &ins, &obj, k.today, k.out, k.eq, &rep, &err);
        pthread_mutex_lock(&s->lock);
        s->solves++;
        pthread_mutex_unlock(&s->lock);
    }
    int status;
    if (st) { /* not converged or stopped: an error, never a result */
        status = tw_serve_lib_error(body, st, &err);
    } else {
        tw_results_compute(mm->m, k.eq, k.res);
        tw_sc_session ss = {mm->w, mm->m, k.g, k.today};
        tw_optimal_document doc = {
            .game = tw_sc_game_document(&c, &ss, k.out, k.res, &me, 1, partners, np,
                                        rep.converged ? "converged" : "not converged"),
            .instrument = &ins, .today_results = k.res0, .report = rep};
        st = tw_json_write_optimal(tw_sink_buffer(body), &doc, &err);
        status = st ? tw_serve_lib_error(body, st, &err) : 200;
    }
    work_free(&k);
    return status;
}

int tw_serve_optimal(tw_serve *s, const tw_serve_request *req, tw_buffer *body)
{
    const char *world = req->world[0] ? req->world : s->default_world;
    tw_serve_spec spec = {.world = world, .elasticities = req->elasticities,
                          .years = req->horizon_years, .deficits = req->deficits};
    tw_serve_model *mm;
    int status = tw_serve_model_get(s, &spec, &mm, body);
    if (status != 200)
        return status;
    return optimal_on(s, mm, req, body);
}
