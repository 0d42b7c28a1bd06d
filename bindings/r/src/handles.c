/* SPDX-License-Identifier: MIT */
/* R bindings of tradewar: worlds and models as external pointers, error records as R lists.
 *
 * Ownership. A world handle is reference-counted: its R object holds one reference and every
 * model created on it another, so that the world (which a model borrows) is freed only after
 * its last model, whatever order R's garbage collector runs the finalizers in. A model handle
 * owns its tw_model and one tw_solver (R calls are single-threaded, so one solver suffices).
 * Every other C object (policies, equilibria, results, buffers) lives for one .Call only and is
 * freed before the call returns; R objects are allocated only after the C work is done, so an
 * R error cannot skip the frees (except an R allocation failure of the result itself). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tw_r.h"
#include "tw_r_config.h"

static SEXP tag_world, tag_model;
/* Live C worlds and models (for the leak test: both return to their count once the handles are
 * freed or collected). */
static int live_worlds, live_models;

static void world_release(tw_r_world *rw)
{
    if (rw && --rw->refs == 0) {
        tw_world_free(rw->w);
        free(rw);
        live_worlds--;
    }
}

static void world_finalize(SEXP p)
{
    tw_r_world *rw = R_ExternalPtrAddr(p);
    R_ClearExternalPtr(p);
    world_release(rw);
}

static void model_finalize(SEXP p)
{
    tw_r_model *rm = R_ExternalPtrAddr(p);
    R_ClearExternalPtr(p);
    if (!rm)
        return;
    tw_solver_free(rm->s);
    tw_model_free(rm->m);
    world_release(rm->world);
    free(rm);
    live_models--;
}

SEXP tw_r_error_list(const tw_error *err)
{
    static const char *names[] = {"status", "status_name", "file", "line", "column",
                                  "field",  "message",     "text", ""};
    char text[2048];
    tw_error_format(err, text, sizeof text);
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(out, 0, Rf_ScalarInteger((int)err->status));
    SET_VECTOR_ELT(out, 1, Rf_mkString(tw_status_name(err->status)));
    SET_VECTOR_ELT(out, 2, Rf_mkString(err->file));
    SET_VECTOR_ELT(out, 3, Rf_ScalarInteger(err->line));
    SET_VECTOR_ELT(out, 4, Rf_ScalarInteger(err->column));
    SET_VECTOR_ELT(out, 5, Rf_mkString(err->field));
    SET_VECTOR_ELT(out, 6, Rf_mkString(err->message));
    SET_VECTOR_ELT(out, 7, Rf_mkString(text));
    Rf_setAttrib(out, R_ClassSymbol, Rf_mkString("tradewar_error_record"));
    UNPROTECT(1);
    return out;
}

SEXP tw_r_fail(tw_status st, const char *message)
{
    tw_error err;
    tw_error_clear(&err);
    err.status = st;
    snprintf(err.message, sizeof err.message, "%s", message);
    return tw_r_error_list(&err);
}

const char *tw_r_string(SEXP x, const char *what)
{
    if (!Rf_isString(x) || XLENGTH(x) != 1 || STRING_ELT(x, 0) == NA_STRING)
        Rf_error("%s must be one string", what);
    return Rf_translateCharUTF8(STRING_ELT(x, 0));
}

double tw_r_number(SEXP x, const char *what)
{
    if (!Rf_isNumeric(x) || XLENGTH(x) != 1)
        Rf_error("%s must be one number", what);
    return Rf_asReal(x);
}

tw_r_world *tw_r_world_of(SEXP p)
{
    if (TYPEOF(p) != EXTPTRSXP || R_ExternalPtrTag(p) != tag_world)
        Rf_error("not a tradewar world");
    tw_r_world *rw = R_ExternalPtrAddr(p);
    if (!rw)
        Rf_error("the tradewar world was freed");
    return rw;
}

tw_r_model *tw_r_model_of(SEXP p)
{
    if (TYPEOF(p) != EXTPTRSXP || R_ExternalPtrTag(p) != tag_model)
        Rf_error("not a tradewar model");
    tw_r_model *rm = R_ExternalPtrAddr(p);
    if (!rm)
        Rf_error("the tradewar model was freed");
    return rm;
}

/* The world options of tw_world_load's elasticity set (NULL or a string) and horizon in
 * years (NaN: the world's default). */
static tw_world_options world_options(SEXP elasticities, SEXP horizon)
{
    const char *el = Rf_isNull(elasticities) ? NULL : tw_r_string(elasticities, "elasticities");
    double years = tw_r_number(horizon, "horizon");
    tw_world_options o;
    tw_world_options_init(&o);
    o.elasticities = el;
    if (!isnan(years))
        o.horizon_years = years;
    return o;
}

/* A world loaded from the directory dir, or (dir NULL) from the n texts. */
static SEXP world_handle(const char *dir, const char *const *names, const char *const *texts,
                         const size_t *lens, int n, const tw_world_options *o)
{
    tw_r_world *rw = malloc(sizeof *rw);
    if (!rw)
        return tw_r_fail(TW_ERR_NOMEM, "out of memory");
    tw_error err;
    tw_status st = dir ? tw_world_load(dir, o, &rw->w, &err)
                       : tw_world_load_texts(names, texts, lens, n, o, &rw->w, &err);
    if (st) {
        free(rw);
        return tw_r_error_list(&err);
    }
    rw->refs = 1;
    live_worlds++;
    SEXP p = PROTECT(R_MakeExternalPtr(rw, tag_world, R_NilValue));
    R_RegisterCFinalizerEx(p, world_finalize, TRUE);
    UNPROTECT(1);
    return p;
}

SEXP tw_r_world_load(SEXP dir, SEXP elasticities, SEXP horizon)
{
    const char *path = tw_r_string(dir, "dir");
    tw_world_options o = world_options(elasticities, horizon);
    return world_handle(path, NULL, NULL, NULL, 0, &o);
}

/* A world from CSV texts (tw_world_load_texts): texts is a character vector (UTF-8) whose
 * names are the world files' names ("flows.csv"). */
SEXP tw_r_world_load_texts(SEXP texts, SEXP elasticities, SEXP horizon)
{
    SEXP names = Rf_getAttrib(texts, R_NamesSymbol);
    if (!Rf_isString(texts) || !Rf_isString(names) || XLENGTH(texts) > 64)
        Rf_error("texts must be a named character vector");
    tw_world_options o = world_options(elasticities, horizon);
    int n = (int)XLENGTH(texts);
    /* R_alloc: freed by R when the call returns, also after an R error. */
    const char **nm = (const char **)R_alloc((size_t)n + 1, sizeof *nm);
    const char **tx = (const char **)R_alloc((size_t)n + 1, sizeof *tx);
    size_t *len = (size_t *)R_alloc((size_t)n + 1, sizeof *len);
    for (int k = 0; k < n; k++) {
        SEXP t = STRING_ELT(texts, k);
        if (t == NA_STRING || STRING_ELT(names, k) == NA_STRING)
            Rf_error("texts must not hold NA");
        nm[k] = Rf_translateCharUTF8(STRING_ELT(names, k));
        tx[k] = Rf_translateCharUTF8(t);
        len[k] = strlen(tx[k]);
    }
    return world_handle(NULL, nm, tx, len, n, &o);
}

/* Countries and sectors of a world, as columns for data frames. */
SEXP tw_r_world_info(SEXP p)
{
    const tw_world *w = tw_r_world_of(p)->w;
    tw_dims d = tw_world_dims(w);
    static const char *names[] = {"name",         "year",         "unit",       "description",
                                  "elasticities", "country_code", "country_name", "sector_code",
                                  "sector_name",  "theta",        "goods",      ""};
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(out, 0, Rf_mkString(tw_world_name(w)));
    SET_VECTOR_ELT(out, 1, Rf_ScalarInteger(tw_world_year(w) ? tw_world_year(w) : NA_INTEGER));
    SET_VECTOR_ELT(out, 2, Rf_mkString(tw_world_unit(w)));
    SET_VECTOR_ELT(out, 3, Rf_mkString(tw_world_description(w)));
    SET_VECTOR_ELT(out, 4, Rf_mkString(tw_world_elasticity_set(w)));
    SEXP cc = SET_VECTOR_ELT(out, 5, Rf_allocVector(STRSXP, d.n));
    SEXP cn = SET_VECTOR_ELT(out, 6, Rf_allocVector(STRSXP, d.n));
    for (int n = 0; n < d.n; n++) {
        SET_STRING_ELT(cc, n, Rf_mkCharCE(tw_world_country_code(w, n), CE_UTF8));
        SET_STRING_ELT(cn, n, Rf_mkCharCE(tw_world_country_name(w, n), CE_UTF8));
    }
    SEXP sc = SET_VECTOR_ELT(out, 7, Rf_allocVector(STRSXP, d.j));
    SEXP sn = SET_VECTOR_ELT(out, 8, Rf_allocVector(STRSXP, d.j));
    SEXP th = SET_VECTOR_ELT(out, 9, Rf_allocVector(REALSXP, d.j));
    SEXP gd = SET_VECTOR_ELT(out, 10, Rf_allocVector(LGLSXP, d.j));
    for (int j = 0; j < d.j; j++) {
        SET_STRING_ELT(sc, j, Rf_mkCharCE(tw_world_sector_code(w, j), CE_UTF8));
        SET_STRING_ELT(sn, j, Rf_mkCharCE(tw_world_sector_name(w, j), CE_UTF8));
        REAL(th)[j] = tw_world_theta(w, j);
        LOGICAL(gd)[j] = tw_world_sector_is_goods(w, j) != 0;
    }
    UNPROTECT(1);
    return out;
}

SEXP tw_r_model_create(SEXP world, SEXP deficits, SEXP tolerance, SEXP max_iterations)
{
    tw_r_world *rw = tw_r_world_of(world);
    const char *closure = tw_r_string(deficits, "deficits");
    double tol = tw_r_number(tolerance, "tolerance");
    double maxit = tw_r_number(max_iterations, "max_iterations");
    tw_model_options o;
    tw_model_options_init(&o);
    if (tw_deficit_closure_parse(closure, &o.deficits)) {
        char msg[300];
        snprintf(msg, sizeof msg, "deficits expects fixed, zero or proportional, got '%.200s'",
                 closure);
        return tw_r_fail(TW_ERR_USAGE, msg);
    }
    if (!isnan(tol))
        o.solver.tolerance = tol;
    if (!isnan(maxit)) {
        if (!(maxit >= 1 && maxit <= 1e9))
            return tw_r_fail(TW_ERR_USAGE, "max_iterations must be a whole number >= 1");
        o.solver.max_iterations = (int)maxit;
    }
    tw_r_model *rm = calloc(1, sizeof *rm);
    if (!rm)
        return tw_r_fail(TW_ERR_NOMEM, "out of memory");
    tw_error err;
    tw_status st = tw_model_create(rw->w, &o, &rm->m, &err);
    if (!st)
        st = tw_solver_create(rm->m, NULL, &rm->s, &err);
    if (st) {
        tw_model_free(rm->m);
        free(rm);
        return tw_r_error_list(&err);
    }
    rm->world = rw;
    rw->refs++;
    live_models++;
    /* The R world object is kept alive too (prot), so that R code holding only the model can
     * still ask for its world. */
    SEXP p = PROTECT(R_MakeExternalPtr(rm, tag_model, world));
    R_RegisterCFinalizerEx(p, model_finalize, TRUE);
    UNPROTECT(1);
    return p;
}

SEXP tw_r_model_world(SEXP model)
{
    tw_r_model_of(model);
    return R_ExternalPtrProtected(model);
}

/* Frees what a handle owns now, rather than at garbage collection. */
SEXP tw_r_free(SEXP p)
{
    if (TYPEOF(p) != EXTPTRSXP)
        Rf_error("not a tradewar handle");
    if (R_ExternalPtrTag(p) == tag_model)
        model_finalize(p);
    else if (R_ExternalPtrTag(p) == tag_world)
        world_finalize(p);
    else
        Rf_error("not a tradewar handle");
    return R_NilValue;
}

SEXP tw_r_version(void) { return Rf_mkString(TW_VERSION_STRING); }

/* Where configure found the shipped worlds ("" if nowhere). */
SEXP tw_r_data_dir(void) { return Rf_mkString(TW_R_DATA_DIR); }

/* Live C worlds and models. */
SEXP tw_r_live(void)
{
    SEXP out = PROTECT(Rf_allocVector(INTSXP, 2));
    INTEGER(out)[0] = live_worlds;
    INTEGER(out)[1] = live_models;
    UNPROTECT(1);
    return out;
}

static const R_CallMethodDef calls[] = {
    {"tw_r_world_load", (DL_FUNC)&tw_r_world_load, 3},
    {"tw_r_world_load_texts", (DL_FUNC)&tw_r_world_load_texts, 3},
    {"tw_r_world_info", (DL_FUNC)&tw_r_world_info, 1},
    {"tw_r_model_create", (DL_FUNC)&tw_r_model_create, 4},
    {"tw_r_model_world", (DL_FUNC)&tw_r_model_world, 1},
    {"tw_r_free", (DL_FUNC)&tw_r_free, 1},
    {"tw_r_version", (DL_FUNC)&tw_r_version, 0},
    {"tw_r_data_dir", (DL_FUNC)&tw_r_data_dir, 0},
    {"tw_r_live", (DL_FUNC)&tw_r_live, 0},
    {"tw_r_solve", (DL_FUNC)&tw_r_solve, 3},
    {"tw_r_solve_draws", (DL_FUNC)&tw_r_solve_draws, 5},
    {"tw_r_solve_frames", (DL_FUNC)&tw_r_solve_frames, 4},
    {"tw_r_run", (DL_FUNC)&tw_r_run, 4},
    {"tw_r_optimal", (DL_FUNC)&tw_r_optimal, 8},
    {"tw_r_brief", (DL_FUNC)&tw_r_brief, 5},
    {"tw_r_war", (DL_FUNC)&tw_r_war, 9},
    {"tw_r_talks", (DL_FUNC)&tw_r_talks, 11},
    {"tw_r_enforce", (DL_FUNC)&tw_r_enforce, 9},
    {"tw_r_escalate", (DL_FUNC)&tw_r_escalate, 11},
    {"tw_r_json_parse", (DL_FUNC)&tw_r_json_parse, 1},
    {"tw_r_coalition_war", (DL_FUNC)&tw_r_coalition_war, 8},
    {"tw_r_bargain", (DL_FUNC)&tw_r_bargain, 7},
    {NULL, NULL, 0}};

void R_init_tradewar(DllInfo *dll)
{
    tag_world = Rf_install("tradewar_world");
    tag_model = Rf_install("tradewar_model");
    R_registerRoutines(dll, NULL, calls, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
    R_forceSymbols(dll, TRUE);
}
