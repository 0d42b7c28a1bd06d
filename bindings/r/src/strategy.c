/* SPDX-License-Identifier: MIT */
/* R bindings of tradewar: a government's optimal tariffs (tw_game_best_response), written as
 * the optimal document, as `tradewar optimal --json` does (src/cli/cmd_optimal.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tw_r.h"

int tw_r_country_indices(const tw_world *w, SEXP codes, int *out, int cap, tw_error *err)
{
    R_xlen_t k = XLENGTH(codes);
    if (k > cap) {
        err->status = TW_ERR_USAGE;
        snprintf(err->message, sizeof err->message, "at most %d partners", cap);
        return -1;
    }
    for (R_xlen_t i = 0; i < k; i++) {
        const char *code = Rf_translateCharUTF8(STRING_ELT(codes, i));
        out[i] = tw_world_country_index(w, code);
        if (out[i] < 0) {
            char sug[200];
            const char *s = tw_world_country_suggest_all(w, code, sug, sizeof sug);
            err->status = TW_ERR_USAGE;
            snprintf(err->message, sizeof err->message, "unknown country '%.32s'%s%s%s", code,
                     s ? " (did you mean " : "", s ? s : "", s ? "?)" : "");
            return -1;
        }
    }
    return (int)k;
}

SEXP tw_r_optimal(SEXP model, SEXP country, SEXP partners, SEXP instrument, SEXP services,
                  SEXP only_increases, SEXP max_rate, SEXP bands)
{
    tw_r_model *rm = tw_r_model_of(model);
    tw_draw_options dopt;
    const char *theta_se;
    int draws = tw_r_bands_request(bands, &dopt, &theta_se);
    const char *kind_s = tw_r_string(instrument, "instrument");
    if (!Rf_isString(country) || XLENGTH(country) != 1 || !Rf_isString(partners))
        Rf_error("country must be one code and partners a character vector");
    double upper = tw_r_number(max_rate, "max_rate");
    int svc = Rf_asLogical(services) == TRUE, incr = Rf_asLogical(only_increases) == TRUE;
    const tw_model *m = rm->m;
    const tw_world *w = tw_model_world(m);
    int n = tw_world_dims(w).n;
    tw_error err;
    tw_error_clear(&err);
    tw_instrument_kind kind;
    if (tw_instrument_kind_parse(kind_s, &kind))
        return tw_r_fail(TW_ERR_USAGE, "instrument expects uniform, sector or partner-sector");
    if (!(upper > 0) || !isfinite(upper))
        return tw_r_fail(TW_ERR_USAGE, "max_rate must be a positive number");
    int me, *part = calloc((size_t)n, sizeof *part);
    if (!part)
        return tw_r_fail(TW_ERR_NOMEM, "out of memory");
    int np = 0;
    if (tw_r_country_indices(w, country, &me, 1, &err) < 0 ||
        (np = tw_r_country_indices(w, partners, part, n, &err)) < 0) {
        free(part);
        return tw_r_error_list(&err);
    }
    for (int k = 0; k < np; k++)
        if (part[k] == me) {
            free(part);
            return tw_r_fail(TW_ERR_USAGE, "a country cannot be its own partner");
        }
    tw_game *g = NULL;
    tw_policy *today = NULL, *out = NULL;
    tw_equilibrium *eq = tw_equilibrium_create(m), *eq0 = tw_equilibrium_create(m);
    tw_results *res = tw_results_create(m), *res0 = tw_results_create(m);
    tw_buffer buf, ubuf;
    tw_buffer_init(&buf);
    tw_buffer_init(&ubuf);
    tw_status st = TW_OK;
    if (!eq || !eq0 || !res || !res0 || tw_policy_create(m, &today) ||
        tw_policy_create(m, &out))
        st = err.status = TW_ERR_NOMEM;
    if (!st)
        st = tw_game_create(m, NULL, &g, &err);
    tw_instrument ins = {.country = me, .kind = kind, .partners = np ? part : NULL,
                         .n_partners = np, .services = svc, .only_increases = incr,
                         .upper = upper};
    tw_optimize_report rep = {0};
    if (!st)
        st = tw_model_solve(m, tw_game_solver(g), today, eq0, NULL, &err);
    if (!st && (st = tw_results_compute(m, eq0, res0)))
        err.status = st;
    if (!st) {
        tw_equilibrium_copy(eq, eq0);
        st = tw_game_best_response(g, &ins, NULL, today, out, eq, &rep, &err);
    }
    if (!st && (st = tw_results_compute(m, eq, res)))
        err.status = st;
    if (!st) {
        tw_optimal_document doc = {
            .game = {.model = m, .today = today, .chosen = out, .results = res,
                     .importers = &me, .n_importers = 1, .partners = part, .n_partners = np,
                     .services = svc, .instrument = kind,
                     .status = rep.converged ? "converged" : "not converged"},
            .instrument = &ins, .today_results = res0, .report = rep};
        st = tw_json_write_optimal(tw_sink_buffer(&buf), &doc, &err);
    }
    if (!st && draws) {
        tw_game_bands gb = {.game = TW_GAME_BANDS_OPTIMAL, .players = &ins, .n_players = 1,
                            .services = svc};
        st = tw_r_game_bands(m, &dopt, theta_se, &gb, out, res, &ubuf, &err);
    }
    tw_game_free(g);
    tw_policy_free(today);
    tw_policy_free(out);
    tw_equilibrium_free(eq);
    tw_equilibrium_free(eq0);
    tw_results_free(res);
    tw_results_free(res0);
    free(part);
    if (st) {
        tw_buffer_release(&buf);
        tw_buffer_release(&ubuf);
        if (st == TW_ERR_NOMEM && !err.message[0])
            snprintf(err.message, sizeof err.message, "out of memory");
        return tw_r_error_list(&err);
    }
    return draws ? tw_r_json_pair(&buf, &ubuf) : tw_r_json_string(&buf);
}
