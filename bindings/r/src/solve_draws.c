/* SPDX-License-Identifier: MIT */
/* R bindings of tradewar: uncertainty bands of a solve, as `tradewar solve --draws N|sets
 * --json` (src/cli/solve_draws.c, docs/uncertainty.md): the shock solved for every draw of the
 * trade elasticities by the library's draws (tradewar/draws.h) with the library's draw
 * function and layout of outputs (tradewar/solve_draws.h), and the bands of every result.
 * The shock file is read once: the point and every draw solve the same text, in memory
 * (tw_solve_draws_eval_shock), not the file again for each draw. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tw_r.h"

static void draws_finalize(SEXP p)
{
    tw_draws_free(R_ExternalPtrAddr(p));
    R_ClearExternalPtr(p);
}

static const char *source_name(const tw_draws *d)
{
    return d->opt.source == TW_DRAW_SETS ? "sets" : "estimates";
}

static const char *design_name(const tw_draws *d)
{
    return d->opt.source == TW_DRAW_SETS              ? "sets"
           : d->opt.design == TW_DESIGN_LATIN ? "latin"
                                                      : "random";
}

/* A number as R reads the document's: not finite (null there) is NA. */

/* Columns point, p5, p50, p95 of a band data frame at row `at`. */
static void put_band(SEXP cols[4], R_xlen_t at, tw_band b)
{
    REAL(cols[0])[at] = tw_r_num(b.point);
    REAL(cols[1])[at] = tw_r_num(b.p5);
    REAL(cols[2])[at] = tw_r_num(b.p50);
    REAL(cols[3])[at] = tw_r_num(b.p95);
}

/* The bands of d on world w as data frames: countries (code, field, point, p5, p50, p95, in
 * country then field order), world (point, p5, p50, p95), trade (exporter, importer, point,
 * ..., exporter then importer order as in the document), failures (draw, status, message). */
static SEXP bands_list(const tw_draws *d, const tw_world *w)
{
    static const char *cnames[] = {"code", "field", "point", "p5", "p50", "p95"};
    static const char *tnames[] = {"exporter", "importer", "point", "p5", "p50", "p95"};
    static const char *fnames[] = {"draw", "status", "message"};
    static const char *lnames[] = {"countries", "world_real_income_pct", "trade", "failures",
                                   ""};
    tw_dims dims = tw_world_dims(w);
    int N = dims.n, F = TW_SOLVE_DRAWS_FIELDS;
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, lnames));
    SEXP c = SET_VECTOR_ELT(out, 0, tw_r_new_frame(cnames, 6, 2, (R_xlen_t)N * F));
    SEXP cc[4] = {VECTOR_ELT(c, 2), VECTOR_ELT(c, 3), VECTOR_ELT(c, 4), VECTOR_ELT(c, 5)};
    for (int n = 0; n < N; n++)
        for (int f = 0; f < F; f++) {
            R_xlen_t at = (R_xlen_t)n * F + f;
            SET_STRING_ELT(VECTOR_ELT(c, 0), at, Rf_mkCharCE(tw_world_country_code(w, n),
                                                             CE_UTF8));
            SET_STRING_ELT(VECTOR_ELT(c, 1), at, Rf_mkChar(tw_solve_draws_field_name(f)));
            put_band(cc, at, tw_draws_band(d, tw_solve_draws_country(dims, f, n)));
        }
    SEXP wb = SET_VECTOR_ELT(out, 1, Rf_allocVector(REALSXP, 4));
    tw_band b = tw_draws_band(d, tw_solve_draws_world(dims));
    double wv[4] = {tw_r_num(b.point), tw_r_num(b.p5), tw_r_num(b.p50), tw_r_num(b.p95)};
    memcpy(REAL(wb), wv, sizeof wv);
    Rf_setAttrib(wb, R_NamesSymbol, Rf_allocVector(STRSXP, 4));
    for (int k = 0; k < 4; k++)
        SET_STRING_ELT(Rf_getAttrib(wb, R_NamesSymbol), k, Rf_mkChar(cnames[k + 2]));
    SEXP t = SET_VECTOR_ELT(out, 2, tw_r_new_frame(tnames, 6, 2, (R_xlen_t)N * (N - 1)));
    SEXP tc[4] = {VECTOR_ELT(t, 2), VECTOR_ELT(t, 3), VECTOR_ELT(t, 4), VECTOR_ELT(t, 5)};
    R_xlen_t at = 0;
    for (int i = 0; i < N; i++)
        for (int n = 0; n < N; n++) {
            if (i == n)
                continue;
            SET_STRING_ELT(VECTOR_ELT(t, 0), at, Rf_mkCharCE(tw_world_country_code(w, i),
                                                             CE_UTF8));
            SET_STRING_ELT(VECTOR_ELT(t, 1), at, Rf_mkCharCE(tw_world_country_code(w, n),
                                                             CE_UTF8));
            put_band(tc, at++, tw_draws_band(d, tw_solve_draws_trade(dims, n, i)));
        }
    SEXP fl = SET_VECTOR_ELT(out, 3, tw_r_new_frame(fnames, 3, 3, d->n_failed));
    SEXP draw = PROTECT(Rf_allocVector(INTSXP, d->n_failed));
    at = 0;
    for (int k = 0; k < d->n_draws && at < d->n_failed; k++) {
        if (d->status[k] == TW_OK)
            continue;
        INTEGER(draw)[at] = k + 1;
        SET_STRING_ELT(VECTOR_ELT(fl, 1), at, Rf_mkChar(tw_status_name(d->status[k])));
        SET_STRING_ELT(VECTOR_ELT(fl, 2), at++,
                       Rf_mkCharCE(d->message[k] ? d->message[k] : "", CE_UTF8));
    }
    SET_VECTOR_ELT(fl, 0, draw);
    UNPROTECT(2);
    return out;
}

/* The whole of the file at path, NUL-terminated (malloc'd), or NULL if it cannot be read (the
 * shock reader then opens it and says why). */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t len = 0, cap = 4096, got;
    char *text = malloc(cap);
    while (text && (got = fread(text + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 < cap)
            continue;
        char *grown = cap < ((size_t)1 << 30) ? realloc(text, cap * 2) : NULL;
        if (!grown) {
            free(text);
            text = NULL;
            break;
        }
        text = grown;
        cap *= 2;
    }
    if (text && ferror(f)) {
        free(text);
        text = NULL;
    }
    fclose(f);
    if (text)
        text[len] = '\0';
    return text;
}

SEXP tw_r_solve_draws(SEXP model, SEXP shock, SEXP shock_name, SEXP settings, SEXP theta_se)
{
    tw_r_model *rm = tw_r_model_of(model);
    const char *path = tw_r_string(shock, "shock");
    const char *name = tw_r_string(shock_name, "shock_name");
    const char *se_path = tw_r_string(theta_se, "theta_se");
    tw_draw_options o; /* the CLI's --draws N|sets, --seed, --design, --correlation, --threads */
    if (!tw_r_draw_settings(settings, &o))
        Rf_error("settings must be 7 numbers");
    const tw_world *w = tw_model_world(rm->m);
    tw_error err;
    tw_buffer buf;
    tw_buffer_init(&buf);
    tw_results *res = NULL;
    tw_theta_errors *e = NULL;
    tw_draws *d = NULL;
    double *pt = NULL;
    int n_out = tw_solve_draws_outputs(tw_world_dims(w));
    char *text = read_text(path);
    tw_status st = tw_r_solve_point(rm, path, text, name, &res, &buf, &err);
    if (!st && !text) { /* read by the shock reader, but not here: no draws without the text */
        tw_error_clear(&err);
        st = err.status = TW_ERR_IO;
        snprintf(err.file, sizeof err.file, "%s", path);
        snprintf(err.message, sizeof err.message, "cannot read the shock file");
    }
    if (!st && o.source == TW_DRAW_ESTIMATES &&
        (st = tw_theta_errors_load(se_path, w, &e, &err)) == TW_ERR_IO)
        snprintf(err.message, sizeof err.message,
                 "world %.100s gives no standard errors of its trade elasticities "
                 "(theta_se.csv, docs/data-format.md); try draws = \"sets\"",
                 tw_world_name(w));
    if (!st)
        st = tw_draws_create(w, e, &o, &d, &err);
    if (!st && !(pt = malloc((size_t)n_out * sizeof *pt)))
        tw_error_clear(&err), st = err.status = TW_ERR_NOMEM;
    if (!st) {
        tw_solve_draws_values(res, pt);
        tw_model_options mo = tw_model_get_options(rm->m);
        mo.solver.progress = NULL;
        mo.solver.progress_ctx = NULL;
        tw_solve_draws_shock sh = {path, text, text ? strlen(text) : 0, NULL};
        st = tw_draws_run(d, w, &mo, n_out, pt, tw_solve_draws_eval_shock, &sh, &err);
    }
    free(pt);
    free(text);
    tw_theta_errors_free(e);
    tw_results_free(res);
    if (st) {
        tw_draws_free(d);
        tw_buffer_release(&buf);
        if (st == TW_ERR_NOMEM && !err.message[0])
            snprintf(err.message, sizeof err.message, "out of memory");
        return tw_r_error_list(&err);
    }
    /* From here on R allocates: the draws are held by a guard the collector frees. */
    SEXP guard = PROTECT(R_MakeExternalPtr(d, R_NilValue, R_NilValue));
    R_RegisterCFinalizerEx(guard, draws_finalize, TRUE);
    SEXP json = PROTECT(tw_r_json_string(&buf));
    static const char *names[] = {"point", "source", "design", "draws", "seed", "correlation",
                                  "theta_min", "theta_max", "failed", "failed_share", "bands",
                                  ""};
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(out, 0, json);
    SET_VECTOR_ELT(out, 1, Rf_mkString(source_name(d)));
    SET_VECTOR_ELT(out, 2, Rf_mkString(design_name(d)));
    SET_VECTOR_ELT(out, 3, Rf_ScalarInteger(d->n_draws));
    SET_VECTOR_ELT(out, 4, Rf_ScalarReal((double)d->opt.seed));
    SET_VECTOR_ELT(out, 5, Rf_ScalarReal(d->opt.correlation));
    SET_VECTOR_ELT(out, 6, Rf_ScalarReal(d->opt.theta_min));
    SET_VECTOR_ELT(out, 7, Rf_ScalarReal(d->opt.theta_max));
    SET_VECTOR_ELT(out, 8, Rf_ScalarInteger(d->n_failed));
    SET_VECTOR_ELT(out, 9, Rf_ScalarReal(tw_draws_failed_share(d)));
    SET_VECTOR_ELT(out, 10, bands_list(d, w));
    draws_finalize(guard);
    UNPROTECT(3);
    return out;
}
