/* SPDX-License-Identifier: MIT */
/* R bindings of tradewar: the draws of the run, brief and game bands (tradewar/bands.h,
 * tradewar/game_bands.h): the draw settings of the R wrappers (.tw_draw_settings in
 * R/draws.R) as the library's options, the world's draws, and the library's draw function run
 * over them with its "uncertainty" document into a buffer. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tw_r.h"

int tw_r_draw_settings(SEXP settings, tw_draw_options *o)
{
    tw_draw_options_init(o);
    if (Rf_isNull(settings))
        return 0;
    if (!Rf_isReal(settings) || XLENGTH(settings) != 7)
        Rf_error("settings must be 7 numbers");
    const double *v = REAL(settings);
    o->source = v[0] == 0 ? TW_DRAW_SETS : TW_DRAW_ESTIMATES;
    if (v[0] > 0)
        o->draws = v[0] <= TW_DRAWS_MAX ? (int)v[0] : -1; /* refused by tw_draws_create */
    o->seed = (uint64_t)v[1];
    o->design = v[2] == 1 ? TW_DESIGN_RANDOM : TW_DESIGN_LATIN;
    o->correlation = v[3];
    if (!isnan(v[4]))
        o->theta_min = v[4];
    if (!isnan(v[5]))
        o->theta_max = v[5];
    o->threads = (int)v[6];
    return 1;
}

tw_status tw_r_bands_run(const tw_model *m, const tw_draw_options *o, const char *se_path,
                         int K, const double *point, tw_draw_fn fn, void *ctx, tw_draws **out,
                         tw_error *err)
{
    const tw_world *w = tw_model_world(m);
    tw_theta_errors *e = NULL;
    *out = NULL;
    tw_status st = TW_OK;
    if (o->source == TW_DRAW_ESTIMATES &&
        (st = tw_theta_errors_load(se_path, w, &e, err)) == TW_ERR_IO)
        snprintf(err->message, sizeof err->message,
                 "world %.100s gives no standard errors of its trade elasticities "
                 "(theta_se.csv, docs/data-format.md); try draws = \"sets\"",
                 tw_world_name(w));
    if (!st)
        st = tw_draws_create(w, e, o, out, err);
    tw_theta_errors_free(e);
    if (!st) {
        tw_model_options mo = tw_model_get_options(m);
        mo.solver.progress = NULL; /* the draws run on threads */
        mo.solver.progress_ctx = NULL;
        st = tw_draws_run(*out, w, &mo, K, point, fn, ctx, err);
    }
    if (st) {
        tw_draws_free(*out);
        *out = NULL;
    }
    return st;
}
