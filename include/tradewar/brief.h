/* SPDX-License-Identifier: MIT */
/* The brief (`tradewar brief`, docs/brief.md): for every step of a scenario's timeline, the
 * numbers readers of trade-war coverage cite, for the scenario's players and watched countries
 * (groups as the scenario names them): the effective tariff rate, statutory and after
 * substitution, on each partner and on the world; the change in consumer prices; the cost per
 * household in US dollars; tariff revenue, static and in general equilibrium; real income; and
 * each partner's share of the importer's imports before and after.
 *
 * Typical use:
 *   double hh[N];  tw_households_load("data/icio2022/households.csv", world, hh, &err);
 *   tw_brief_options o; tw_brief_options_init(&o); o.households = hh;
 *   tw_brief *b;  tw_brief_run(plan, model, solver, tw_scenario_game_solve, NULL, &o, &b, &err);
 *   for k < tw_brief_steps(b), g < tw_brief_group_count(b): tw_brief_country_get(b, k, g) ...
 *   tw_brief_free(b);
 * Every number is computed from the solve it reports (the step's policy, equilibrium and
 * results), with the averages of tradewar/groups.h. */
#ifndef TRADEWAR_BRIEF_H
#define TRADEWAR_BRIEF_H

#include "tradewar/groups.h"
#include "tradewar/io.h"
#include "tradewar/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Households by country of world w from a CSV file with columns code, households (a count,
 * > 0, or empty when unknown) and optional year and source (docs/brief.md, "Households").
 * out[n] receives the count, or NAN for a country the file leaves empty or does not list.
 * @return TW_OK; TW_ERR_IO; TW_ERR_INPUT (file:line:column and field: an unknown or repeated
 * code, a count that is not a positive number). */
TW_API tw_status tw_households_load(const char *path, const tw_world *w, double *out,
                                    tw_error *err);
/* As tw_households_load, from memory; name is used in messages. */
TW_API tw_status tw_households_load_buffer(const char *name, const char *data, size_t len,
                                           const tw_world *w, double *out, tw_error *err);

/* US dollars per unit of the world's money (tw_world_unit): 1 for "USD", 1e3, 1e6, 1e9 for
 * "USD thousand", "USD million", "USD billion"; NAN for any other unit (no dollar figures). */
TW_API double tw_world_usd_per_unit(const tw_world *w);

typedef struct tw_brief_options {
    /* Households by country [n] (tw_households_load; NAN unknown), borrowed while the brief is
     * made. NULL: none known (costs per household are NAN). */
    const double *households;
} tw_brief_options;

/* Sets every field of o to its default. */
TW_API void tw_brief_options_init(tw_brief_options *o);

/* One group (a country, or a group such as EU27) at one step. Money is in the world's unit
 * (tw_world_unit, e.g. USD million of the world's year); "before" is the timeline's reference
 * (the baseline, or its first step with `reference: first`). Group values: sums of money and
 * households, baseline-income-weighted means of percentages. */
typedef struct tw_brief_country {
    /* Exact change in real income I/P, % (tw_group_real_income_pct of the step's results). */
    double real_income_pct;
    /* Consumer prices: the change in the final-demand price index P_n = prod_j (P_n^j)^alpha
     * (docs/model.md §6) relative to the nominal wage, 100 (P^/w^ - 1): what the basket
     * costs in hours of work, the rise trackers report at unchanged nominal incomes. */
    double cpi_change_pct;
    /* The same index in units of the numeraire (world value added), 100 (P^ - 1). */
    double cpi_change_numeraire_pct;
    double income_base;  /* income I_n before */
    double households;   /* count; NAN when unknown for any member */
    /* Cost per household in US dollars of the world's year: -(real_income_pct / 100) x
     * income_base x tw_world_usd_per_unit / households (positive: a loss). NAN without
     * households or a dollar unit. */
    double cost_per_household_usd;
    /* Import-tariff revenue: static, the step's tariffs times the world's baseline import
     * flows (tw_world_flows) summed over every partner and sector; in general equilibrium, the
     * model's revenue R_n of eq. (5) at the step (numeraire units: money of the world's year)
     * and before. */
    double tariff_revenue_static;
    double tariff_revenue_ge;
    double tariff_revenue_ge_base;
    /* Effective tariff rate on the world (every non-member), goods, %: statutory (the step's
     * tariffs weighted with baseline import values) and after substitution (weighted with
     * the step's import values: tw_counterfactual_flows). */
    double etr_statutory_pct;
    double etr_substitution_pct;
    /* The statutory rate before: the reference's tariffs, weighted with baseline imports. */
    double etr_statutory_base_pct;
    /* Goods imports from non-members at exporter prices, before and after. */
    double imports_goods_base;
    double imports_goods;
} tw_brief_country;

/* An importer group and a partner at one step: the partner's members outside the importer. */
typedef struct tw_brief_pair {
    double etr_statutory_pct;    /* as in tw_brief_country, on this partner (NAN: no trade) */
    double etr_substitution_pct;
    double etr_statutory_base_pct; /* the statutory rate before, as in tw_brief_country */
    /* The partner's share of the importer's goods imports from non-members, at exporter
     * prices, %, before and after (NAN when the importer imports no goods). */
    double import_share_base_pct;
    double import_share_pct;
} tw_brief_pair;

typedef struct tw_brief tw_brief;

/* Runs plan p's timeline with model m and solver s (as tw_timeline_run_games, solve_game and
 * game_ctx as there) and makes its brief for the scenario's players then watched countries.
 * opts may be NULL. @return TW_OK; the statuses of tw_timeline_run_games (a step that does
 * not converge is an error: no brief); TW_ERR_NOMEM. *out is owned by the caller
 * (tw_brief_free); it borrows p, its scenario and world. */
TW_API tw_status tw_brief_run(const tw_plan *p, const tw_model *m, tw_solver *s,
                              tw_game_solver_fn solve_game, void *game_ctx,
                              const tw_brief_options *opts, tw_brief **out, tw_error *err);
TW_API void tw_brief_free(tw_brief *b);

/* The timeline the brief was made from (owned by the brief): dates, branches, labels. */
TW_API const tw_timeline *tw_brief_timeline(const tw_brief *b);
TW_API const tw_plan *tw_brief_plan(const tw_brief *b);
TW_API int tw_brief_steps(const tw_brief *b);
/* Groups: the players first (tw_brief_player_count of them), then the watched countries. */
TW_API int tw_brief_group_count(const tw_brief *b);
TW_API int tw_brief_player_count(const tw_brief *b);
TW_API const char *tw_brief_group_name(const tw_brief *b, int g);
/* Group g at step k. */
TW_API const tw_brief_country *tw_brief_country_get(const tw_brief *b, int k, int g);
/* Importer group g and partner q at step k: q < group count is that group (q == g: every
 * field NAN); q == group count is "others", the countries in no group. With groups that do
 * not overlap, the import shares of every partner of g sum to 100. */
TW_API const tw_brief_pair *tw_brief_pair_get(const tw_brief *b, int k, int g, int q);

/* The brief document (`tradewar brief --json`, docs/json.md "Brief"). @return TW_OK,
 * TW_ERR_IO, TW_ERR_NOMEM. */
TW_API tw_status tw_json_write_brief(tw_sink out, const tw_brief *b, tw_error *err);

#ifdef __cplusplus
}
#endif
#endif
