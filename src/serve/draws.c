/* SPDX-License-Identifier: MIT */
/* Uncertainty bands of a solve (POST /api/solve with "draws", docs/api.md): the shock solved
 * for every draw of the trade elasticities as `tradewar solve --draws N --json` does
 * (tradewar/solve_draws.h: tw_solve_draws_eval_shock, the request's text in memory, on a
 * scenario step's policy or today's), and its "uncertainty" object, the command line's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/draws_cli.h"
#include "core/error.h"
#include "serve/engine_internal.h"

/* The progress callback of the draws' solves (from worker threads): stop at the deadline. */
static int draws_deadline(void *ctx, int iteration, double residual)
{
    (void)iteration;
    (void)residual;
    return tw_serve_now() > *(const double *)ctx;
}

/* The draws of req on world (dir's theta_se.csv for estimate draws) into *out. */
static int draws_create(const char *world, const tw_world *w, const tw_serve_request *req,
                        tw_draws **out, tw_buffer *body)
{
    tw_draw_options o;
    tw_draw_options_init(&o);
    o.source = req->draws < 0 ? TW_DRAW_SETS : TW_DRAW_ESTIMATES;
    if (req->draws > 0)
        o.draws = req->draws;
    if (req->has_seed)
        o.seed = req->seed;
    tw_theta_errors *e = NULL;
    tw_error err;
    tw_status st = TW_OK;
    if (o.source == TW_DRAW_ESTIMATES) {
        char dir[1024], path[1100], msg[1600];
        if (tw_cli_world_dir(world, dir, sizeof dir))
            return tw_serve_error(body, 404, tw_status_name(TW_ERR_IO), TW_EXIT_IO,
                                  "tradewar: error: no such world");
        snprintf(path, sizeof path, "%s/theta_se.csv", dir);
        st = tw_theta_errors_load(path, w, &e, &err);
        if (st == TW_ERR_IO) {
            snprintf(msg, sizeof msg, "%s: error: world %s gives no standard errors of its "
                                      "trade elasticities (theta_se.csv, docs/data-format.md); "
                                      "try --draws sets", path, tw_world_name(w));
            return tw_serve_error(body, 404, tw_status_name(TW_ERR_IO), TW_EXIT_IO, msg);
        }
    }
    if (!st)
        st = tw_draws_create(w, e, &o, out, &err);
    tw_theta_errors_free(e);
    return st ? tw_serve_lib_error(body, st, &err) : 200;
}

/* One band object of output at. */
static void band(tw_json *js, const char *key, const tw_draws *d, int at)
{
    tw_band b = tw_draws_band(d, at);
    tw_json_key(js, key);
    tw_json_object_begin(js);
    tw_cli_draws_json_band(js, &b);
    tw_json_object_end(js);
}

/* The "uncertainty" object of `tradewar solve --draws --json` (src/cli/solve_draws.c); with
 * summary, only the trade rows of the summary document (importers USA and CHN). */
static tw_status bands_json(tw_sink out, const tw_world *w, const tw_draws *d, int summary,
                            tw_error *err)
{
    tw_dims dm = tw_world_dims(w);
    tw_json js;
    tw_json_init_sink(&js, out);
    tw_cli_draws_json_begin(&js, w, d);
    tw_json_key(&js, "countries");
    tw_json_array_begin(&js);
    for (int n = 0; n < dm.n; n++) {
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", tw_world_country_code(w, n));
        for (int f = 0; f < TW_SOLVE_DRAWS_FIELDS; f++)
            band(&js, tw_solve_draws_field_name(f), d, tw_solve_draws_country(dm, f, n));
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    band(&js, "world_real_income_pct", d, tw_solve_draws_world(dm));
    tw_json_key(&js, "trade");
    tw_json_array_begin(&js);
    for (int i = 0; i < dm.n; i++)
        for (int n = 0; n < dm.n; n++) {
            const char *imp = tw_world_country_code(w, n);
            if (i == n || (summary && strcmp(imp, "USA") != 0 && strcmp(imp, "CHN") != 0))
                continue;
            tw_json_object_begin(&js);
            tw_json_kv_string(&js, "exporter", tw_world_country_code(w, i));
            tw_json_kv_string(&js, "importer", imp);
            band(&js, "change_pct", d, tw_solve_draws_trade(dm, n, i));
            tw_json_object_end(&js);
        }
    tw_json_array_end(&js);
    tw_json_object_end(&js);
    return tw_json_finish(&js, err);
}

int tw_serve_solve_draws(tw_serve *s, tw_serve_model *mm, const tw_serve_request *req,
                         const tw_policy *base, const tw_results *point, tw_buffer *body)
{
    size_t from = body->len;
    tw_draws *d = NULL;
    int status = draws_create(mm->world, mm->w, req, &d, body);
    if (status != 200)
        return status;
    int n_out = tw_solve_draws_outputs(tw_world_dims(mm->w));
    double *pt = malloc((size_t)n_out * sizeof *pt);
    tw_error err;
    tw_error_clear(&err);
    tw_status st = pt ? TW_OK : tw_fail(&err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st) {
        tw_solve_draws_values(point, pt);
        tw_model_options mo = tw_model_get_options(mm->m);
        double deadline = tw_serve_now() + s->o.timeout_seconds;
        mo.solver.progress = draws_deadline;
        mo.solver.progress_ctx = &deadline;
        /* The request's shock text, on the step's policy or today's (no file). */
        tw_solve_draws_shock sh = {req->name, req->shock, req->shock_len, base};
        st = tw_draws_run(d, mm->w, &mo, n_out, pt, tw_solve_draws_eval_shock, &sh, &err);
    }
    free(pt);
    if (!st)
        st = bands_json(tw_sink_buffer(body), mm->w, d, req->summary, &err);
    tw_draws_free(d);
    if (st) {
        body->len = from;
        if (body->data)
            body->data[from] = '\0';
        return tw_serve_lib_error(body, st, &err);
    }
    return 200;
}
