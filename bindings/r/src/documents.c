/* SPDX-License-Identifier: MIT */
/* R bindings of tradewar: solves, scenario runs and optimal tariffs, each returned as the
 * library's own JSON document (tradewar/io.h, docs/json.md), the one the command line prints;
 * the R code turns it into data frames. Every C object is freed before the call returns. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tw_r.h"

SEXP tw_r_json_string(tw_buffer *buf)
{
    /* Copied into R's heap first, then released: an R allocation failure here would leak the
     * buffer, nothing else. */
    SEXP s = PROTECT(Rf_allocVector(STRSXP, 1));
    SET_STRING_ELT(s, 0, Rf_mkCharLenCE(buf->data ? buf->data : "", (int)buf->len, CE_UTF8));
    tw_buffer_release(buf);
    UNPROTECT(1);
    return s;
}

/* One counterfactual: the shock file at path (or, text not NULL, the shock text, named path
 * in messages) applied to today's policy, solved and written as the solve document into buf
 * (shock named name), as `tradewar solve --json` does (src/cli/cmd_solve.c). *res_out (may be
 * NULL) receives the results (the caller's). */
tw_status tw_r_solve_point(tw_r_model *rm, const char *path, const char *text,
                           const char *name, tw_results **res_out, tw_buffer *buf,
                           tw_error *err)
{
    const tw_model *m = rm->m;
    const tw_world *w = tw_model_world(m);
    tw_error_clear(err);
    tw_policy *p = NULL;
    tw_equilibrium *eq = NULL;
    tw_results *res = NULL;
    tw_solver_report rep = {0};
    tw_warnings *warn = tw_warnings_create();
    tw_status st = warn ? tw_policy_create(m, &p) : TW_ERR_NOMEM;
    if (st)
        err->status = st;
    if (!st && text)
        st = tw_shock_apply_buffer_warn(m, p, path, text, strlen(text), warn, err);
    else if (!st)
        st = tw_shock_apply_file_warn(m, p, path, warn, err);
    if (!st) {
        eq = tw_equilibrium_create(m);
        res = tw_results_create(m);
        if (!eq || !res)
            tw_error_clear(err), st = err->status = TW_ERR_NOMEM;
    }
    if (!st)
        st = tw_model_solve(m, rm->s, p, eq, &rep, err);
    if (!st && (st = tw_results_compute(m, eq, res)))
        tw_error_clear(err), err->status = st;
    for (int n = 0; !st && n < tw_world_dims(w).n; n++)
        if ((st = tw_results_warn(w, res, n, NULL, warn, NULL)))
            tw_error_clear(err), err->status = st;
    if (!st) {
        tw_solve_document doc = {.model = m, .results = res, .shock = name,
                                 .baseline = tw_model_baseline_report(m),
                                 .solver = rep, .equilibrium = eq, .warnings = warn};
        st = tw_json_write_solve(tw_sink_buffer(buf), &doc, err);
    }
    tw_warnings_free(warn);
    if (!st && res_out)
        *res_out = res;
    else
        tw_results_free(res);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    if (st == TW_ERR_NOMEM && !err->message[0])
        snprintf(err->message, sizeof err->message, "out of memory");
    return st;
}

SEXP tw_r_solve(SEXP model, SEXP shock, SEXP shock_name)
{
    tw_r_model *rm = tw_r_model_of(model);
    const char *path = tw_r_string(shock, "shock");
    const char *name = tw_r_string(shock_name, "shock_name");
    tw_error err;
    tw_buffer buf;
    tw_buffer_init(&buf);
    if (tw_r_solve_point(rm, path, NULL, name, NULL, &buf, &err)) {
        tw_buffer_release(&buf);
        return tw_r_error_list(&err);
    }
    return tw_r_json_string(&buf);
}

static void results_finalize(SEXP p)
{
    tw_results_free(R_ExternalPtrAddr(p));
    R_ClearExternalPtr(p);
}

/* As tw_r_solve, the document read into R objects, its countries, trade and output tables
 * built from the results (results_frames.c) rather than read from the text; the text is
 * attribute "json". shock_text (a string, or NULL: shock is a file's path) is the shock file's
 * text, named shock in messages. */
SEXP tw_r_solve_frames(SEXP model, SEXP shock, SEXP shock_name, SEXP shock_text)
{
    tw_r_model *rm = tw_r_model_of(model);
    const char *path = tw_r_string(shock, "shock");
    const char *name = tw_r_string(shock_name, "shock_name");
    const char *text = Rf_isNull(shock_text) ? NULL : tw_r_string(shock_text, "shock_text");
    tw_error err;
    tw_buffer buf;
    tw_buffer_init(&buf);
    tw_results *res = NULL;
    if (tw_r_solve_point(rm, path, text, name, &res, &buf, &err)) {
        tw_buffer_release(&buf);
        return tw_r_error_list(&err);
    }
    /* From here on R allocates: the results are held by a guard the collector frees. */
    SEXP guard = PROTECT(R_MakeExternalPtr(res, R_NilValue, R_NilValue));
    R_RegisterCFinalizerEx(guard, results_finalize, TRUE);
    SEXP json = PROTECT(tw_r_json_string(&buf));
    SEXP frames = PROTECT(tw_r_results_frames(tw_model_world(rm->m), res));
    results_finalize(guard);
    SEXP doc = PROTECT(tw_r_json_parse_with(json, frames));
    Rf_setAttrib(doc, Rf_install("json"), json);
    UNPROTECT(4);
    return doc;
}

static int is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The world directory of scenario s: world_dir if given, else its `world:` as a directory
 * (a path, or a directory that exists), else the first root holding a world of that name, as
 * the command line's tw_cli_world_dir. @return 0, or -1 when no root has it. */
static int scenario_world_dir(const tw_scenario *s, SEXP roots, char *out, size_t size)
{
    const char *world = tw_scenario_world(s);
    if (strchr(world, '/') || is_dir(world)) {
        snprintf(out, size, "%s", world);
        return 0;
    }
    for (R_xlen_t r = 0; r < XLENGTH(roots); r++) {
        snprintf(out, size, "%s/%s", Rf_translateCharUTF8(STRING_ELT(roots, r)), world);
        if (is_dir(out))
            return 0;
    }
    return -1;
}

/* An error of status st with message and no position into err. @return st. */
static tw_status tw_fail_r(tw_error *err, tw_status st, const char *message)
{
    tw_error_clear(err);
    err->status = st;
    snprintf(err->message, sizeof err->message, "%s", message);
    return st;
}

/* The draws of a run or a brief (settings NULL: none), the "uncertainty" document into ubuf. */
typedef struct bands_req {
    const tw_draw_options *opt; /* NULL: no draws */
    const char *theta_se;       /* estimate draws: the standard errors' file */
    tw_buffer *ubuf;
} bands_req;

/* The bands of timeline t of plan (tw_run_bands_eval) as `tradewar run --draws --json`. */
static tw_status run_bands(const bands_req *q, const tw_plan *plan, const tw_model *m,
                           const tw_timeline *t, tw_error *err)
{
    const tw_scenario *s = tw_plan_scenario(plan);
    int K = tw_run_bands_outputs(s, tw_timeline_steps(t));
    if (K < 1)
        return tw_fail_r(err, TW_ERR_INPUT, "draws: the timeline has no steps to draw");
    double *pt = malloc((size_t)K * sizeof *pt);
    if (!pt || tw_run_bands_values(plan, t, pt)) {
        free(pt);
        return tw_fail_r(err, TW_ERR_NOMEM, "out of memory");
    }
    tw_run_bands_ctx c = {s, tw_timeline_steps(t)};
    tw_draws *d = NULL;
    tw_status st = tw_r_bands_run(m, q->opt, q->theta_se, K, pt, tw_run_bands_eval, &c, &d, err);
    if (!st)
        st = tw_json_write_run_bands(tw_sink_buffer(q->ubuf), plan, t, d, err);
    tw_draws_free(d);
    free(pt);
    return st;
}

/* The bands of brief b (households hh or NULL) as `tradewar brief --draws --json`. */
static tw_status brief_bands(const bands_req *q, const tw_brief *b, const double *hh,
                             const tw_model *m, tw_error *err)
{
    int steps = tw_brief_steps(b), groups = tw_brief_group_count(b);
    int K = tw_brief_bands_outputs(steps, groups);
    if (K < 1)
        return tw_fail_r(err, TW_ERR_INPUT,
                         "draws: the brief has no numbers to draw (no steps, or no players "
                         "and watched countries)");
    double *pt = malloc((size_t)K * sizeof *pt);
    if (!pt)
        return tw_fail_r(err, TW_ERR_NOMEM, "out of memory");
    tw_brief_bands_values(b, pt);
    tw_brief_bands_ctx c = {tw_plan_scenario(tw_brief_plan(b)), hh, steps, groups};
    tw_draws *d = NULL;
    tw_status st =
        tw_r_bands_run(m, q->opt, q->theta_se, K, pt, tw_brief_bands_eval, &c, &d, err);
    if (!st)
        st = tw_json_write_brief_bands(tw_sink_buffer(q->ubuf), b, d, err);
    tw_draws_free(d);
    free(pt);
    return st;
}

/* The brief of plan into buf, as `tradewar brief --json`: households from hh_path, else
 * dir/households.csv when the world has one (none: costs per household are null); with
 * draws, its bands. */
static tw_status brief_document(const tw_plan *plan, const tw_model *m, tw_solver *sv,
                                const tw_world *w, const char *dir, const char *hh_path,
                                const bands_req *q, tw_buffer *buf, tw_error *err)
{
    char path[4200];
    if (hh_path)
        snprintf(path, sizeof path, "%s", hh_path);
    else
        snprintf(path, sizeof path, "%s/households.csv", dir);
    FILE *probe = hh_path ? NULL : fopen(path, "r");
    int have = hh_path != NULL || probe != NULL;
    if (probe)
        fclose(probe);
    double *hh = have ? malloc((size_t)tw_world_dims(w).n * sizeof *hh) : NULL;
    if (have && !hh)
        return tw_fail_r(err, TW_ERR_NOMEM, "out of memory");
    tw_status st = have ? tw_households_load(path, w, hh, err) : TW_OK;
    tw_brief_options o;
    tw_brief_options_init(&o);
    o.households = hh;
    tw_brief *b = NULL;
    if (!st)
        st = tw_brief_run(plan, m, sv, tw_scenario_game_solve, NULL, &o, &b, err);
    if (!st)
        st = tw_json_write_brief(tw_sink_buffer(buf), b, err);
    if (!st && q->opt)
        st = brief_bands(q, b, hh, m, err);
    tw_brief_free(b);
    free(hh);
    return st;
}

/* The world, model and solver of scenario s from dir, as `tradewar run` makes them: the
 * scenario's world at its horizon and elasticities, a model with its deficits and critical
 * elasticity. */
static tw_status scenario_model(const tw_scenario *s, const char *dir, tw_world **w,
                                tw_model **m, tw_solver **sv, tw_error *err)
{
    tw_world_options wo;
    tw_world_options_init(&wo);
    const char *el = tw_scenario_elasticities(s);
    wo.elasticities = *el ? el : NULL;
    tw_scenario_horizon(s, &wo.horizon_years);
    tw_status st = tw_world_load(dir, &wo, w, err);
    if (!st) {
        tw_model_options o;
        tw_model_options_init(&o);
        o.deficits = tw_scenario_deficits(s);
        tw_input_elasticity crit = {TW_NEST_MEMBERS, TW_ALL_SECTORS, 1.0};
        if (tw_scenario_critical_elasticity(s, &crit.elasticity)) {
            o.input_elasticities = &crit;
            o.input_elasticity_count = 1;
        }
        st = tw_model_create(*w, &o, m, err);
    }
    if (!st)
        st = tw_solver_create(*m, NULL, sv, err);
    return st;
}

/* The timeline of `tradewar run --json` (brief 0) or the brief of `tradewar brief --json`
 * (brief 1; households from the file hh_path, else the world's households.csv if it has one)
 * of the scenario file path, as a JSON string or an error list; with draws (settings not
 * NULL; theta_se "" for the world's theta_se.csv) two strings, the document and its
 * "uncertainty" object. */
static SEXP scenario_document(const char *path, SEXP roots, int brief, const char *hh_path,
                              SEXP settings, const char *theta_se)
{
    tw_error err;
    tw_error_clear(&err);
    tw_scenario *s = NULL;
    tw_world *w = NULL;
    tw_model *m = NULL;
    tw_solver *sv = NULL;
    tw_plan *plan = NULL;
    tw_timeline *t = NULL;
    tw_buffer buf, ubuf;
    tw_buffer_init(&buf);
    tw_buffer_init(&ubuf);
    tw_draw_options dopt;
    int draws = tw_r_draw_settings(settings, &dopt);
    char dir[4096], se[4200];
    tw_status st = tw_scenario_load(path, &s, &err);
    if (!st && scenario_world_dir(s, roots, dir, sizeof dir)) {
        st = err.status = TW_ERR_IO;
        snprintf(err.message, sizeof err.message,
                 "world: no world named '%.200s' (give a directory, or set TRADEWAR_DATA)",
                 tw_scenario_world(s));
    }
    snprintf(se, sizeof se, "%s", *theta_se ? theta_se : "");
    if (!st && !*theta_se)
        snprintf(se, sizeof se, "%s/theta_se.csv", dir);
    bands_req q = {draws ? &dopt : NULL, se, &ubuf};
    if (!st)
        st = scenario_model(s, dir, &w, &m, &sv, &err);
    if (!st)
        st = tw_scenario_bind(s, w, &plan, &err);
    if (!st && !brief)
        st = tw_timeline_run_games(plan, m, sv, tw_scenario_game_solve, NULL, &t, &err);
    if (!st && !brief)
        st = tw_json_write_timeline(tw_sink_buffer(&buf), plan, t, &err);
    if (!st && !brief && draws)
        st = run_bands(&q, plan, m, t, &err);
    if (!st && brief)
        st = brief_document(plan, m, sv, w, dir, hh_path, &q, &buf, &err);
    tw_timeline_free(t);
    tw_plan_free(plan);
    tw_solver_free(sv);
    tw_model_free(m);
    tw_world_free(w);
    tw_scenario_free(s);
    if (st) {
        tw_buffer_release(&buf);
        tw_buffer_release(&ubuf);
        return tw_r_error_list(&err);
    }
    if (!draws)
        return tw_r_json_string(&buf);
    SEXP out = PROTECT(Rf_allocVector(STRSXP, 2));
    SEXP a = PROTECT(tw_r_json_string(&buf)), b = PROTECT(tw_r_json_string(&ubuf));
    SET_STRING_ELT(out, 0, STRING_ELT(a, 0));
    SET_STRING_ELT(out, 1, STRING_ELT(b, 0));
    UNPROTECT(3);
    return out;
}

SEXP tw_r_run(SEXP scenario, SEXP roots, SEXP settings, SEXP theta_se)
{
    const char *path = tw_r_string(scenario, "scenario");
    if (!Rf_isString(roots))
        Rf_error("roots must be a character vector");
    return scenario_document(path, roots, 0, NULL, settings, tw_r_string(theta_se, "theta_se"));
}

SEXP tw_r_brief(SEXP scenario, SEXP roots, SEXP households, SEXP settings, SEXP theta_se)
{
    const char *path = tw_r_string(scenario, "scenario");
    if (!Rf_isString(roots))
        Rf_error("roots must be a character vector");
    const char *hh = Rf_isString(households) && XLENGTH(households) == 1
                         ? tw_r_string(households, "households")
                         : NULL;
    return scenario_document(path, roots, 1, hh, settings, tw_r_string(theta_se, "theta_se"));
}
