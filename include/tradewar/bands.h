/* SPDX-License-Identifier: MIT */
/* Uncertainty bands of a scenario's timeline (`tradewar run --draws`) and of its brief
 * (`tradewar brief --draws`), shared by the program and the language bindings
 * (docs/uncertainty.md, docs/json.md "Bands"): how the banded numbers are laid out in a draw's
 * outputs, their JSON names, a tw_draw_fn (tradewar/draws.h) that evaluates one draw, and the
 * "uncertainty" documents.
 *
 * Typical use (a timeline; the brief is alike):
 *   int K = tw_run_bands_outputs(scenario, tw_timeline_steps(t));
 *   double *pt = malloc(K * sizeof *pt);  tw_run_bands_values(plan, t, pt);
 *   tw_run_bands_ctx c = {scenario, tw_timeline_steps(t)};
 *   tw_draws_run(draws, w, &mo, K, pt, tw_run_bands_eval, &c, &err);
 *   tw_json_write_run_bands(tw_sink_file(stdout), plan, t, draws, &err);
 * Each draw binds the scenario to the draw's world and runs its whole timeline (games solved
 * by tw_scenario_game_solve) or brief again; a draw whose timeline has another number of
 * steps than the point's fails with TW_ERR_INPUT. */
#ifndef TRADEWAR_BANDS_H
#define TRADEWAR_BANDS_H

#include "tradewar/brief.h"
#include "tradewar/draws.h"
#include "tradewar/io.h"
#include "tradewar/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- Timeline bands: the real income (exact change in I/P against the baseline, %) of the
 * scenario's players, then its watched countries and groups (at most TW_RUN_BANDS_MAX_GROUPS
 * of them, as the run's table shows), then the world, at every step. --- */
#define TW_RUN_BANDS_MAX_GROUPS 64

/* Number of banded groups of s, the world included (the last). */
TW_API int tw_run_bands_groups(const tw_scenario *s);
/* The name of banded group g (a player, a watched name as the scenario spells it, or
 * "World"), or NULL. */
TW_API const char *tw_run_bands_group_name(const tw_scenario *s, int g);
/* Number of outputs of a timeline of s with `steps` steps, and the index of group g at step
 * k (0-based). */
TW_API int tw_run_bands_outputs(const tw_scenario *s, int steps);
TW_API int tw_run_bands_index(const tw_scenario *s, int k, int g);
/* The outputs of timeline t of plan p (bound from its scenario) into out.
 * @return TW_OK or TW_ERR_NOMEM. */
TW_API tw_status tw_run_bands_values(const tw_plan *p, const tw_timeline *t, double *out);

/* The context of tw_run_bands_eval: the scenario (borrowed) and the point timeline's steps. */
typedef struct tw_run_bands_ctx {
    const tw_scenario *scenario;
    int steps;
} tw_run_bands_ctx;

/* A tw_draw_fn: ctx is a tw_run_bands_ctx. @return the statuses of tw_scenario_bind and
 * tw_timeline_run_games; TW_ERR_INPUT (another number of steps); TW_ERR_NOMEM. */
TW_API tw_status tw_run_bands_eval(void *ctx, const tw_model *m, tw_solver *s, double *out,
                                   tw_error *err);

/* The "uncertainty" object of `tradewar run --draws --json` (docs/json.md "Bands"): the
 * draws' settings, failed draws and the bands of every step, for draws d solved with
 * tw_run_bands_eval on the point timeline t of plan p. @return TW_OK, TW_ERR_IO. */
TW_API tw_status tw_json_write_run_bands(tw_sink out, const tw_plan *p, const tw_timeline *t,
                                         const tw_draws *d, tw_error *err);

/* --- Brief bands: of every player and watched group at every step, the brief's numbers that
 * depend on the elasticities (the statutory rates and static revenue are the scenario's
 * tariffs and have none): TW_BRIEF_BANDS_COUNTRY_FIELDS numbers of the group, and
 * TW_BRIEF_BANDS_PAIR_FIELDS of its imports from every partner q (0 <= q <= groups; q ==
 * groups: the rest of the world, "others"; q == g is laid out but not written). Money in US
 * dollars (NAN without a dollar unit), rates and shares in %. --- */
#define TW_BRIEF_BANDS_COUNTRY_FIELDS 6
#define TW_BRIEF_BANDS_PAIR_FIELDS 2

/* The JSON name of group field f (real_income_pct, cpi_change_pct, cost_per_household_usd,
 * tariff_revenue_ge_usd, imports_goods_usd,
 * avg_tariff_goods_counterfactual_import_weighted_pct) and of pair field f
 * (avg_tariff_goods_counterfactual_import_weighted_pct, import_share_goods_pct), or NULL. */
TW_API const char *tw_brief_bands_country_field(int f);
TW_API const char *tw_brief_bands_pair_field(int f);
/* Number of outputs of a brief with `steps` steps and `groups` groups; the index of field f
 * of group g at step k, and of pair field f of g's imports from partner q. */
TW_API int tw_brief_bands_outputs(int steps, int groups);
TW_API int tw_brief_bands_country(int groups, int k, int g, int f);
TW_API int tw_brief_bands_pair(int groups, int k, int g, int q, int f);
/* The outputs of brief b into out. */
TW_API void tw_brief_bands_values(const tw_brief *b, double *out);

/* The context of tw_brief_bands_eval: the scenario, households by country (NULL: none; both
 * borrowed) and the point brief's steps and groups. */
typedef struct tw_brief_bands_ctx {
    const tw_scenario *scenario;
    const double *households;
    int steps, groups;
} tw_brief_bands_ctx;

/* A tw_draw_fn: ctx is a tw_brief_bands_ctx. @return the statuses of tw_scenario_bind and
 * tw_brief_run; TW_ERR_INPUT (another number of steps or groups); TW_ERR_NOMEM. */
TW_API tw_status tw_brief_bands_eval(void *ctx, const tw_model *m, tw_solver *s, double *out,
                                     tw_error *err);

/* The "uncertainty" object of `tradewar brief --draws --json` for draws d solved with
 * tw_brief_bands_eval on the point brief b. @return TW_OK, TW_ERR_IO. */
TW_API tw_status tw_json_write_brief_bands(tw_sink out, const tw_brief *b, const tw_draws *d,
                                           tw_error *err);

#ifdef __cplusplus
}
#endif
#endif
