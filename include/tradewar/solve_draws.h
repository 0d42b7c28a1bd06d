/* SPDX-License-Identifier: MIT */
/* The results of one counterfactual that `tradewar solve --draws` gives uncertainty bands of
 * (docs/uncertainty.md, docs/json.md "Bands"), shared by the program and the language
 * bindings: how they are laid out in a draw's outputs, how they are read from results, and a
 * draw function (tw_draw_fn of tradewar/draws.h) that solves a shock file on a draw's model.
 *
 * Typical use:
 *   double *pt = malloc(tw_solve_draws_outputs(d) * sizeof *pt);
 *   tw_solve_draws_values(point_results, pt);
 *   tw_draws_run(draws, w, &mo, tw_solve_draws_outputs(d), pt, tw_solve_draws_eval,
 *                (void *)"shock.csv", &err);
 *   tw_draws_band(draws, tw_solve_draws_country(d, TW_SOLVE_DRAWS_REAL_INCOME, n)) ...
 * A shock in memory on another policy than today's (the web server, a scenario's step):
 *   tw_solve_draws_shock sh = {"shock.csv", text, strlen(text), step_policy};
 *   tw_draws_run(draws, w, &mo, n_out, pt, tw_solve_draws_eval_shock, &sh, &err); */
#ifndef TRADEWAR_SOLVE_DRAWS_H
#define TRADEWAR_SOLVE_DRAWS_H

#include "tradewar/draws.h"
#include "tradewar/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The fields of each country, in output order: real_income_pct, tot_pct, vot_pct,
 * welfare_decomp_pct, real_wage_pct, wage_change_pct (100 (wage_hat - 1)) and
 * price_change_pct (100 (price_hat - 1)), all %. */
#define TW_SOLVE_DRAWS_FIELDS 7
#define TW_SOLVE_DRAWS_REAL_INCOME 0

/* The JSON name of field f (0 <= f < TW_SOLVE_DRAWS_FIELDS), or NULL. */
TW_API const char *tw_solve_draws_field_name(int f);
/* Number of outputs per draw: every field of every country, the world's real income, and the
 * change in every bilateral flow (N x N, 0 on the diagonal). */
TW_API int tw_solve_draws_outputs(tw_dims d);
/* Index of field f of country n, of the world's real income, and of the change in all-sector
 * trade of importer n from exporter i, %. */
TW_API int tw_solve_draws_country(tw_dims d, int f, int n);
TW_API int tw_solve_draws_world(tw_dims d);
TW_API int tw_solve_draws_trade(tw_dims d, int n, int i);
/* Writes the tw_solve_draws_outputs(r->d) outputs of results r into out. */
TW_API void tw_solve_draws_values(const tw_results *r, double *out);
/* A tw_draw_fn: ctx is the path of a shock file (const char *), applied to today's policy of
 * the draw's model m and solved with s from the baseline; out receives its outputs. @return
 * the statuses of tw_shock_apply_file, tw_model_solve and tw_results_compute; TW_ERR_NOMEM. */
TW_API tw_status tw_solve_draws_eval(void *ctx, const tw_model *m, tw_solver *s, double *out,
                                     tw_error *err);

/* The context of tw_solve_draws_eval_shock: a shock file's text in memory (no file is read),
 * applied to a base policy. */
typedef struct tw_solve_draws_shock {
    const char *name; /* the shock's name in messages (as a file's path would be) */
    const char *data; /* the shock file's text, len bytes (NULL or len 0: no change) */
    size_t len;
    /* The policy the shock applies to, e.g. the one in force at a scenario's step (a policy of
     * a model of the draws' world: instruments are per country pair and sector, the same in
     * every draw; borrowed, read by every draw at once); NULL: today's policy. */
    const tw_policy *base;
} tw_solve_draws_shock;

/* A tw_draw_fn as tw_solve_draws_eval, ctx a tw_solve_draws_shock: base (or today's policy)
 * with the shock's text applied (tw_shock_apply_buffer), solved with s from the baseline. On
 * text equal to a file's, with base NULL, its outputs are tw_solve_draws_eval's on that file.
 * @return the statuses of tw_shock_apply_buffer, tw_model_solve and tw_results_compute;
 * TW_ERR_NOMEM; TW_ERR_USAGE (ctx NULL). */
TW_API tw_status tw_solve_draws_eval_shock(void *ctx, const tw_model *m, tw_solver *s,
                                           double *out, tw_error *err);

#ifdef __cplusplus
}
#endif
#endif
