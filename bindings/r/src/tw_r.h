/* SPDX-License-Identifier: MIT */
/* Internal header of tradewar's R bindings (bindings/r/src). */
#ifndef TW_R_H
#define TW_R_H

#define R_NO_REMAP
#include <R.h>
#include <R_ext/Rdynload.h>
#include <Rinternals.h>

#include "tradewar/tradewar.h"

typedef struct tw_r_world {
    tw_world *w;
    int refs; /* the R handle and every model on the world */
} tw_r_world;

typedef struct tw_r_model {
    tw_model *m;
    tw_solver *s;
    tw_r_world *world;
} tw_r_model;

/* An error record as the R list the R code turns into a condition (class
 * tradewar_error_record: status, status_name, file, line, column, field, message, text). */
SEXP tw_r_error_list(const tw_error *err);
/* An error record of status st with a message and no position. */
SEXP tw_r_fail(tw_status st, const char *message);
/* Arguments (Rf_error on a wrong type: the R wrappers check types before calling). */
const char *tw_r_string(SEXP x, const char *what);
double tw_r_number(SEXP x, const char *what);
tw_r_world *tw_r_world_of(SEXP p);
tw_r_model *tw_r_model_of(SEXP p);
/* Country indices of a character vector of codes into out (room for cap). @return the count,
 * or -1 with err (TW_ERR_USAGE) naming the unknown code, with a suggestion (strategy.c). */
int tw_r_country_indices(const tw_world *w, SEXP codes, int *out, int cap, tw_error *err);
/* A JSON document in buf as an R string, then buf released. */
SEXP tw_r_json_string(tw_buffer *buf);

/* The library's JSON document json as R objects (json_r.c). */
SEXP tw_r_json_parse(SEXP json);
/* As tw_r_json_parse, the values of the top-level keys that the named list subst names
 * replaced by its elements (not read). */
SEXP tw_r_json_parse_with(SEXP json, SEXP subst);
/* The countries, trade and output tables of results r as the data frames the JSON path
 * gives (results_frames.c). */
SEXP tw_r_results_frames(const tw_world *w, const tw_results *r);

/* The solve document of the shock file at path (or of the shock text, named path, when text
 * is not NULL) into buf, and its results into *res_out (may be NULL), as `tradewar solve
 * --json` (documents.c). */
tw_status tw_r_solve_point(tw_r_model *rm, const char *path, const char *text,
                           const char *name, tw_results **res_out, tw_buffer *buf,
                           tw_error *err);

/* A data frame of ncol columns named names (ASCII), rows rows: the first `strings`
 * character, the rest double (results_frames.c). */
SEXP tw_r_new_frame(const char *const *names, int ncol, int strings, R_xlen_t rows);
/* x, or NA where the JSON documents write null (not finite). */
double tw_r_num(double x);

/* The draw settings of the R wrappers (7 numbers: draws, 0 for sets; seed; design, 0 latin
 * and 1 random; correlation; theta_min and theta_max, NaN for the defaults; threads) into o.
 * @return 1, or 0 (o at its defaults) when settings is NULL: no draws (bands.c). */
int tw_r_draw_settings(SEXP settings, tw_draw_options *o);
/* The draws of m's world under o (estimate draws read se_path), fn run over them with K
 * outputs at point on models with m's options. *out NULL on error. @return the statuses of
 * the library's calls. */
tw_status tw_r_bands_run(const tw_model *m, const tw_draw_options *o, const char *se_path,
                         int K, const double *point, tw_draw_fn fn, void *ctx, tw_draws **out,
                         tw_error *err);

/* bands (NULL, or list(settings, theta_se) from .tw_bands_request in R/bands.R) into o and
 * *theta_se ("" without). @return 1 with draws, else 0. */
int tw_r_bands_request(SEXP bands, tw_draw_options *o, const char **theta_se);
/* The bands of a game (tradewar/game_bands.h) from its point into ubuf (the "uncertainty"
 * document), on models with m's options. */
tw_status tw_r_game_bands(const tw_model *m, const tw_draw_options *o, const char *se,
                          const tw_game_bands *gb, const tw_policy *chosen,
                          const tw_results *res, tw_buffer *ubuf, tw_error *err);
tw_status tw_r_escalate_bands(const tw_model *m, const tw_draw_options *o, const char *se,
                              const tw_escalate_bands *eb, const tw_escalation *path,
                              tw_buffer *ubuf, tw_error *err);
tw_status tw_r_enforce_bands(const tw_model *m, const tw_draw_options *o, const char *se,
                             const tw_enforce_bands *fb, const tw_enforce_result *res,
                             tw_buffer *ubuf, tw_error *err);
/* The documents in buf and ubuf as two R strings, both buffers released. */
SEXP tw_r_json_pair(tw_buffer *buf, tw_buffer *ubuf);

SEXP tw_r_world_load_texts(SEXP texts, SEXP elasticities, SEXP horizon);
SEXP tw_r_solve(SEXP model, SEXP shock, SEXP shock_name);
SEXP tw_r_solve_frames(SEXP model, SEXP shock, SEXP shock_name, SEXP shock_text);
SEXP tw_r_solve_draws(SEXP model, SEXP shock, SEXP shock_name, SEXP settings, SEXP theta_se);
SEXP tw_r_run(SEXP scenario, SEXP roots, SEXP settings, SEXP theta_se);
SEXP tw_r_optimal(SEXP model, SEXP country, SEXP partners, SEXP instrument, SEXP services,
                  SEXP only_increases, SEXP max_rate, SEXP bands);
SEXP tw_r_brief(SEXP scenario, SEXP roots, SEXP households, SEXP settings, SEXP theta_se);
SEXP tw_r_war(SEXP model, SEXP players, SEXP among, SEXP instrument, SEXP services,
              SEXP only_increases, SEXP max_rate, SEXP method, SEXP bands);
SEXP tw_r_talks(SEXP model, SEXP players, SEXP threat_war, SEXP rule, SEXP weights,
                SEXP delta, SEXP truce, SEXP instrument, SEXP services, SEXP max_rate,
                SEXP bands);
SEXP tw_r_enforce(SEXP model, SEXP players, SEXP agreement, SEXP periods, SEXP delta,
                  SEXP instrument, SEXP services, SEXP max_rate, SEXP bands);
SEXP tw_r_escalate(SEXP model, SEXP players, SEXP rules, SEXP opening, SEXP factor, SEXP cap,
                   SEXP forgive, SEXP rounds, SEXP dates, SEXP instrument, SEXP bands);
/* A war among coalitions (coalition.c) and a bargain over export controls (bargain.c). */
SEXP tw_r_coalition_war(SEXP model, SEXP names, SEXP members, SEXP players, SEXP all,
                        SEXP among, SEXP services, SEXP max_rate);
SEXP tw_r_bargain(SEXP model, SEXP players, SEXP exporters, SEXP sectors, SEXP shares,
                  SEXP weights, SEXP grid);

#endif
