/* SPDX-License-Identifier: MIT */
/* R bindings of tradewar: the draws of the run, brief and game bands (tradewar/bands.h,
 * tradewar/game_bands.h): the draw settings of the R wrappers (.tw_draw_settings in
 * R/draws.R) as the library's options, the world's draws, and the library's draw function run
 * over them with its "uncertainty" document into a buffer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

int tw_r_bands_request(SEXP bands, tw_draw_options *o, const char **theta_se)
{
    *theta_se = "";
    if (Rf_isNull(bands)) {
        tw_draw_options_init(o);
        return 0;
    }
    if (!Rf_isNewList(bands) || XLENGTH(bands) != 2)
        Rf_error("bands must be a list of the settings and theta_se");
    tw_r_draw_settings(VECTOR_ELT(bands, 0), o);
    *theta_se = tw_r_string(VECTOR_ELT(bands, 1), "theta_se");
    return 1;
}

/* The point's K outputs in pt (freed here), fn over the draws, the document by write. */
static tw_status bands_doc(const tw_model *m, const tw_draw_options *o, const char *se, int K,
                           double *pt, tw_draw_fn fn, void *ctx,
                           tw_status (*write)(tw_sink, const tw_world *, const void *,
                                              const tw_draws *, tw_error *),
                           tw_buffer *ubuf, tw_error *err)
{
    tw_draws *d = NULL;
    tw_status st = tw_r_bands_run(m, o, se, K, pt, fn, ctx, &d, err);
    if (!st)
        st = write(tw_sink_buffer(ubuf), tw_model_world(m), ctx, d, err);
    tw_draws_free(d);
    free(pt);
    return st;
}

static tw_status nomem(tw_error *err)
{
    tw_error_clear(err);
    err->status = TW_ERR_NOMEM;
    snprintf(err->message, sizeof err->message, "out of memory");
    return TW_ERR_NOMEM;
}

static tw_status write_game(tw_sink s, const tw_world *w, const void *spec, const tw_draws *d,
                            tw_error *err)
{
    return tw_json_write_game_bands(s, w, spec, d, err);
}

static tw_status write_escalate(tw_sink s, const tw_world *w, const void *spec,
                                const tw_draws *d, tw_error *err)
{
    return tw_json_write_escalate_bands(s, w, spec, d, err);
}

static tw_status write_enforce(tw_sink s, const tw_world *w, const void *spec,
                               const tw_draws *d, tw_error *err)
{
    return tw_json_write_enforce_bands(s, w, spec, d, err);
}

tw_status tw_r_game_bands(const tw_model *m, const tw_draw_options *o, const char *se,
                          const tw_game_bands *gb, const tw_policy *chosen,
                          const tw_results *res, tw_buffer *ubuf, tw_error *err)
{
    int K = tw_game_bands_outputs(gb, tw_model_world(m));
    double *pt = malloc((size_t)K * sizeof *pt);
    if (!pt)
        return nomem(err);
    tw_game_bands_values(gb, tw_model_world(m), chosen, res, pt);
    return bands_doc(m, o, se, K, pt, tw_game_bands_eval, (void *)gb, write_game, ubuf, err);
}

tw_status tw_r_escalate_bands(const tw_model *m, const tw_draw_options *o, const char *se,
                              const tw_escalate_bands *eb, const tw_escalation *path,
                              tw_buffer *ubuf, tw_error *err)
{
    int K = tw_escalate_bands_outputs(eb);
    double *pt = malloc((size_t)K * sizeof *pt);
    if (!pt)
        return nomem(err);
    tw_escalate_bands_values(eb, path, pt);
    return bands_doc(m, o, se, K, pt, tw_escalate_bands_eval, (void *)eb, write_escalate, ubuf,
                     err);
}

tw_status tw_r_enforce_bands(const tw_model *m, const tw_draw_options *o, const char *se,
                             const tw_enforce_bands *fb, const tw_enforce_result *res,
                             tw_buffer *ubuf, tw_error *err)
{
    int K = tw_enforce_bands_outputs(fb);
    double *pt = malloc((size_t)K * sizeof *pt);
    if (!pt)
        return nomem(err);
    tw_enforce_bands_values(fb, res, pt);
    return bands_doc(m, o, se, K, pt, tw_enforce_bands_eval, (void *)fb, write_enforce, ubuf,
                     err);
}

SEXP tw_r_json_pair(tw_buffer *buf, tw_buffer *ubuf)
{
    SEXP out = PROTECT(Rf_allocVector(STRSXP, 2));
    SEXP a = PROTECT(tw_r_json_string(buf));
    SET_STRING_ELT(out, 0, STRING_ELT(a, 0));
    SEXP b = PROTECT(tw_r_json_string(ubuf));
    SET_STRING_ELT(out, 1, STRING_ELT(b, 0));
    UNPROTECT(3);
    return out;
}
