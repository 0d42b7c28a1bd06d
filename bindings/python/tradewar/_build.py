# SPDX-License-Identifier: MIT
"""cffi (API mode) description of the part of tradewar's public C API the package calls.

Only declarations of include/tradewar/*.h are repeated here (cffi needs them as text); every
computation stays in the C library. Structs end in ``...;`` where the package reads only some
fields, so the C compiler, not this file, decides their layout. Used two ways:

* ``python3 _build.py --emit OUT.c`` writes the extension's C source (CMake compiles it,
  bindings/python/CMakeLists.txt);
* setup.py's ``cffi_modules`` (pip install).
"""
import os
import sys

import cffi

CDEF = r"""
typedef enum tw_status { TW_OK, TW_ERR_INPUT, TW_ERR_IO, TW_ERR_NOMEM, TW_ERR_NOT_CONVERGED,
                         TW_ERR_USAGE, TW_ERR_NUMERIC, TW_ERR_CANCELLED, ... } tw_status;
const char *tw_status_name(tw_status st);
typedef struct tw_error {
    tw_status status;
    char file[512];
    int line;
    int column;
    char field[128];
    char message[768];
} tw_error;
void tw_error_clear(tw_error *err);
int tw_error_format(const tw_error *err, char *buf, size_t size);

typedef struct tw_cancel tw_cancel;
typedef struct tw_warnings tw_warnings;
tw_warnings *tw_warnings_create(void);
void tw_warnings_free(tw_warnings *w);
int tw_warnings_count(const tw_warnings *w);
const tw_error *tw_warnings_get(const tw_warnings *w, int k);
int tw_warning_format(const tw_error *warning, char *buf, size_t size);
tw_status tw_warnings_append(tw_warnings *dst, const tw_warnings *src);

typedef struct tw_dims { int n; int j; } tw_dims;
typedef struct tw_world tw_world;
typedef struct tw_world_options {
    const char *elasticities;
    double share_tolerance;
    double horizon_years;
    ...;
} tw_world_options;
int tw_horizon_parse(const char *s, double *years);
void tw_world_options_init(tw_world_options *o);
tw_status tw_world_load(const char *dir, const tw_world_options *opts, tw_world **out,
                        tw_error *err);
tw_status tw_world_load_texts(const char *const *names, const char *const *data,
                              const size_t *lens, int n, const tw_world_options *opts,
                              tw_world **out, tw_error *err);
void tw_world_free(tw_world *w);
tw_dims tw_world_dims(const tw_world *w);
const char *tw_world_name(const tw_world *w);
int tw_world_year(const tw_world *w);
const char *tw_world_unit(const tw_world *w);
const char *tw_world_description(const tw_world *w);
const char *tw_world_elasticity_set(const tw_world *w);
const char *tw_world_country_code(const tw_world *w, int n);
const char *tw_world_country_name(const tw_world *w, int n);
const char *tw_world_sector_code(const tw_world *w, int j);
const char *tw_world_sector_name(const tw_world *w, int j);
double tw_world_theta(const tw_world *w, int j);
int tw_world_sector_is_goods(const tw_world *w, int j);
int tw_world_country_index(const tw_world *w, const char *code);
int tw_world_sector_index(const tw_world *w, const char *code);
const double *tw_world_flows(const tw_world *w);
const double *tw_world_tariffs(const tw_world *w);
const double *tw_world_va_share(const tw_world *w);
const double *tw_world_io_share(const tw_world *w);
const double *tw_world_final_share(const tw_world *w);
const double *tw_world_value_added(const tw_world *w);
const double *tw_world_deficit(const tw_world *w);

typedef enum tw_deficit_closure { TW_DEFICITS_FIXED, TW_DEFICITS_ZERO,
                                  TW_DEFICITS_PROPORTIONAL, ... } tw_deficit_closure;
int tw_deficit_closure_parse(const char *s, tw_deficit_closure *out);
const char *tw_deficit_closure_name(tw_deficit_closure c);
typedef struct tw_input_elasticity {
    int input;
    int using_sector;
    double elasticity;
} tw_input_elasticity;
#define TW_ALL_SECTORS ...
#define TW_NEST_MEMBERS ...
typedef struct tw_solver_options {
    double tolerance;
    int max_iterations;
    int anderson_depth;
    tw_cancel *cancel;
    ...;
} tw_solver_options;
void tw_solver_options_init(tw_solver_options *o);
typedef struct tw_model_options {
    tw_deficit_closure deficits;
    const tw_input_elasticity *input_elasticities;
    int input_elasticity_count;
    const double *theta;
    tw_solver_options solver;
    double memory_limit;
    ...;
} tw_model_options;
void tw_model_options_init(tw_model_options *o);
typedef struct tw_solver_report {
    int converged;
    int iterations;
    double residual;
    double seconds;
    int restarts;
    int steps;
    int newton;
    ...;
} tw_solver_report;
typedef struct tw_model tw_model;
typedef struct tw_solver tw_solver;
typedef struct tw_policy tw_policy;
typedef struct tw_equilibrium tw_equilibrium;
tw_status tw_model_create(const tw_world *w, const tw_model_options *opts, tw_model **out,
                          tw_error *err);
void tw_model_free(tw_model *m);
tw_status tw_solver_create(const tw_model *m, const tw_solver_options *opts, tw_solver **out,
                           tw_error *err);
void tw_solver_free(tw_solver *s);
const tw_world *tw_model_world(const tw_model *m);
tw_solver_report tw_model_baseline_report(const tw_model *m);
tw_status tw_policy_create(const tw_model *m, tw_policy **out);
void tw_policy_free(tw_policy *p);
void tw_policy_copy(tw_policy *dst, const tw_policy *src);
double *tw_policy_tariffs(tw_policy *p);
double *tw_policy_iceberg_hat(tw_policy *p);
double *tw_policy_export_taxes(tw_policy *p);
tw_status tw_policy_validate(const tw_model *m, const tw_policy *p, tw_error *err);
tw_equilibrium *tw_equilibrium_create(const tw_model *m);
void tw_equilibrium_free(tw_equilibrium *eq);
int tw_equilibrium_solved(const tw_equilibrium *eq);
void tw_equilibrium_copy(tw_equilibrium *dst, const tw_equilibrium *src);
tw_status tw_model_solve(const tw_model *m, tw_solver *s, const tw_policy *p,
                         tw_equilibrium *eq, tw_solver_report *rep, tw_error *err);

typedef struct tw_country_result {
    double real_income_pct;
    double tot_pct;
    double vot_pct;
    double trade_cost_pct;
    double welfare_decomp_pct;
    double real_wage_pct;
    double wage_hat;
    double price_hat;
    double income_hat;
    double income_base;
    double tariff_revenue_base, tariff_revenue;
    double export_tax_revenue;
    double quota_rent;
    double exports_base, exports, imports_base, imports;
    double value_added_base, value_added;
    double deficit_base, deficit;
    ...;
} tw_country_result;
typedef struct tw_results {
    tw_dims d;
    tw_country_result *country;
    double *trade_base, *trade, *goods_base, *goods;
    double *goods_tariff_base, *goods_tariff;
    double *output_base, *output, *sector_price_hat;
    double *avg_tariff_goods_base, *avg_tariff_goods;
    double world_real_income_pct;
    double *sector_tot_pct, *sector_vot_pct, *sector_trade_cost_pct;
    ...;
} tw_results;
tw_results *tw_results_create(const tw_model *m);
void tw_results_free(tw_results *r);
tw_status tw_results_compute(const tw_model *m, const tw_equilibrium *eq, tw_results *r);
tw_status tw_results_warn(const tw_world *w, const tw_results *r, int n, const char *context,
                          tw_warnings *out, int *added);

tw_status tw_shock_apply_file_warn(const tw_model *m, tw_policy *p, const char *path,
                                   tw_warnings *warnings, tw_error *err);
tw_status tw_shock_apply_buffer(const tw_model *m, tw_policy *p, const char *name,
                                const char *data, size_t len, tw_error *err);

typedef struct tw_buffer { char *data; size_t len; size_t cap; } tw_buffer;
void tw_buffer_init(tw_buffer *b);
void tw_buffer_release(tw_buffer *b);
typedef struct tw_sink { FILE *file; tw_buffer *buffer; } tw_sink;
typedef struct tw_solve_document {
    const tw_model *model;
    const tw_results *results;
    const char *shock;
    tw_solver_report baseline;
    tw_solver_report solver;
    const tw_equilibrium *equilibrium;
    const tw_warnings *warnings;
    ...;
} tw_solve_document;
tw_status tw_json_write_solve(tw_sink out, const tw_solve_document *doc, tw_error *err);
tw_status tw_json_write_world(tw_sink out, const tw_world *w, const tw_model *m,
                              tw_error *err);

/* Scenarios, timelines and the brief. */
typedef struct tw_scenario tw_scenario;
typedef struct tw_plan tw_plan;
typedef struct tw_timeline tw_timeline;
typedef struct tw_scenario_game tw_scenario_game;
tw_status tw_scenario_load(const char *path, tw_scenario **out, tw_error *err);
tw_status tw_scenario_load_buffer(const char *name, const char *data, size_t len,
                                  tw_scenario **out, tw_error *err);
void tw_scenario_free(tw_scenario *s);
const char *tw_scenario_title(const tw_scenario *s);
const char *tw_scenario_world(const tw_scenario *s);
const char *tw_scenario_elasticities(const tw_scenario *s);
tw_deficit_closure tw_scenario_deficits(const tw_scenario *s);
int tw_scenario_critical_elasticity(const tw_scenario *s, double *value);
int tw_scenario_horizon(const tw_scenario *s, double *years);
const tw_warnings *tw_scenario_warnings(const tw_scenario *s);
tw_status tw_scenario_bind(const tw_scenario *s, const tw_world *w, tw_plan **out,
                           tw_error *err);
void tw_plan_free(tw_plan *p);
typedef tw_status (*tw_game_solver_fn)(void *ctx, const tw_model *m, const tw_scenario_game *game,
                                       tw_policy *p, tw_equilibrium *eq, tw_error *err);
tw_status tw_scenario_game_solve(void *ctx, const tw_model *m, const tw_scenario_game *game,
                                 tw_policy *p, tw_equilibrium *eq, tw_error *err);
tw_status tw_timeline_run_games(const tw_plan *p, const tw_model *m, tw_solver *solver,
                                tw_game_solver_fn solve_game, void *ctx, tw_timeline **out,
                                tw_error *err);
void tw_timeline_free(tw_timeline *t);
int tw_timeline_steps(const tw_timeline *t);
tw_status tw_timeline_warnings(const tw_plan *p, const tw_timeline *t, tw_warnings *out);
tw_status tw_json_write_timeline(tw_sink out, const tw_plan *p, const tw_timeline *t,
                                 tw_error *err);
typedef struct tw_brief tw_brief;
typedef struct tw_brief_options { const double *households; ...; } tw_brief_options;
void tw_brief_options_init(tw_brief_options *o);
tw_status tw_households_load(const char *path, const tw_world *w, double *out, tw_error *err);
tw_status tw_brief_run(const tw_plan *p, const tw_model *m, tw_solver *s,
                       tw_game_solver_fn solve_game, void *game_ctx,
                       const tw_brief_options *opts, tw_brief **out, tw_error *err);
void tw_brief_free(tw_brief *b);
tw_status tw_json_write_brief(tw_sink out, const tw_brief *b, tw_error *err);

/* Uncertainty bands: the solve's outputs under draws of the trade elasticities. */
typedef struct tw_theta_errors tw_theta_errors;
tw_status tw_theta_errors_load(const char *path, const tw_world *w, tw_theta_errors **out,
                               tw_error *err);
void tw_theta_errors_free(tw_theta_errors *e);
typedef enum tw_draw_source { TW_DRAW_ESTIMATES, TW_DRAW_SETS, ... } tw_draw_source;
typedef enum tw_draw_design { TW_DESIGN_LATIN, TW_DESIGN_RANDOM, ... } tw_draw_design;
typedef struct tw_draw_options {
    tw_draw_source source;
    tw_draw_design design;
    int draws;
    uint64_t seed;
    double correlation;
    double theta_min, theta_max;
    int threads;
    ...;
} tw_draw_options;
void tw_draw_options_init(tw_draw_options *o);
typedef tw_status (*tw_draw_fn)(void *ctx, const tw_model *m, tw_solver *s, double *out,
                                tw_error *err);
typedef struct tw_draws {
    tw_draw_options opt;
    int n_draws, n_sectors, n_outputs;
    double *theta;
    tw_status *status;
    char **message;
    int n_failed;
    ...;
} tw_draws;
tw_status tw_draws_create(const tw_world *w, const tw_theta_errors *e, const tw_draw_options *o,
                          tw_draws **out, tw_error *err);
tw_status tw_draws_run(tw_draws *d, const tw_world *w, const tw_model_options *mo,
                       int n_outputs, const double *point, tw_draw_fn fn, void *ctx,
                       tw_error *err);
typedef struct tw_band { double point, p5, p50, p95; int n; } tw_band;
tw_band tw_draws_band(const tw_draws *d, int output);
double tw_draws_failed_share(const tw_draws *d);
void tw_draws_free(tw_draws *d);
#define TW_SOLVE_DRAWS_FIELDS ...
const char *tw_solve_draws_field_name(int f);
int tw_solve_draws_outputs(tw_dims d);
int tw_solve_draws_country(tw_dims d, int f, int n);
int tw_solve_draws_world(tw_dims d);
int tw_solve_draws_trade(tw_dims d, int n, int i);
void tw_solve_draws_values(const tw_results *r, double *out);
tw_status tw_solve_draws_eval(void *ctx, const tw_model *m, tw_solver *s, double *out,
                              tw_error *err);

/* Bands of a timeline and of a brief (tradewar/bands.h). */
int tw_run_bands_outputs(const tw_scenario *s, int steps);
tw_status tw_run_bands_values(const tw_plan *p, const tw_timeline *t, double *out);
typedef struct tw_run_bands_ctx { const tw_scenario *scenario; int steps; } tw_run_bands_ctx;
tw_status tw_run_bands_eval(void *ctx, const tw_model *m, tw_solver *s, double *out,
                            tw_error *err);
tw_status tw_json_write_run_bands(tw_sink out, const tw_plan *p, const tw_timeline *t,
                                  const tw_draws *d, tw_error *err);
int tw_brief_bands_outputs(int steps, int groups);
void tw_brief_bands_values(const tw_brief *b, double *out);
typedef struct tw_brief_bands_ctx { const tw_scenario *scenario; const double *households;
                                    int steps, groups; } tw_brief_bands_ctx;
tw_status tw_brief_bands_eval(void *ctx, const tw_model *m, tw_solver *s, double *out,
                              tw_error *err);
tw_status tw_json_write_brief_bands(tw_sink out, const tw_brief *b, const tw_draws *d,
                                    tw_error *err);
int tw_brief_steps(const tw_brief *b);
int tw_brief_group_count(const tw_brief *b);

/* Strategy: a government's optimal tariffs. */
typedef enum tw_instrument_kind { TW_INSTRUMENT_UNIFORM, TW_INSTRUMENT_SECTOR,
                                  TW_INSTRUMENT_PARTNER_SECTOR, ... } tw_instrument_kind;
int tw_instrument_kind_parse(const char *s, tw_instrument_kind *out);
typedef struct tw_game tw_game;
typedef struct tw_game_options {
    double xtol;
    double ftol;
    int max_evals;
    double kkt_tolerance;
    int threads;
    ...;
} tw_game_options;
void tw_game_options_init(tw_game_options *o);
tw_status tw_game_create(const tw_model *m, const tw_game_options *opts, tw_game **out,
                         tw_error *err);
void tw_game_free(tw_game *g);
tw_solver *tw_game_solver(tw_game *g);
typedef struct tw_objective {
    int country;
    const double *sector_weights;
    ...;
} tw_objective;
typedef struct tw_instrument {
    int country;
    tw_instrument_kind kind;
    const int *partners;
    int n_partners;
    int services;
    int only_increases;
    double lower, upper;
    ...;
} tw_instrument;
typedef struct tw_optimize_report {
    int converged;
    int cancelled;
    int evaluations;
    int nlopt_code;
    double value;
    double seconds;
    int solver_failures;
    double max_solver_residual;
    double max_adjoint_residual;
    double kkt_residual;
    ...;
} tw_optimize_report;
tw_status tw_game_best_response(tw_game *g, const tw_instrument *ins, const tw_objective *obj,
                                const tw_policy *start, tw_policy *out, tw_equilibrium *eq,
                                tw_optimize_report *rep, tw_error *err);
typedef struct tw_game_document {
    const tw_model *model;
    const tw_policy *today;
    const tw_policy *chosen;
    const tw_results *results;
    const int *importers;
    int n_importers;
    const int *partners;
    int n_partners;
    int services;
    tw_instrument_kind instrument;
    const char *status;
    int interrupted;
    ...;
} tw_game_document;
typedef struct tw_optimal_document {
    tw_game_document game;
    const tw_instrument *instrument;
    const tw_results *today_results;
    tw_optimize_report report;
    ...;
} tw_optimal_document;
tw_status tw_json_write_optimal(tw_sink out, const tw_optimal_document *doc, tw_error *err);
typedef enum tw_war_method { TW_WAR_AUTO, TW_WAR_BEST_RESPONSE, TW_WAR_JOINT_FOC,
                             ... } tw_war_method;
int tw_war_method_parse(const char *s, tw_war_method *out);
const char *tw_war_method_name(tw_war_method m);
typedef struct tw_war_options {
    tw_war_method method;
    double damping;
    double tolerance;
    int max_rounds;
    double gain_tolerance;
    int skip_verification;
    ...;
} tw_war_options;
void tw_war_options_init(tw_war_options *o);
typedef struct tw_war_report {
    int found;
    int converged;
    int verified;
    int cancelled;
    int rounds;
    double last_change;
    double max_gain;
    int max_gain_player;
    int evaluations;
    double seconds;
    tw_war_method method;
    ...;
} tw_war_report;
tw_status tw_game_nash_war(tw_game *g, const tw_instrument *players, int n_players,
                           const tw_objective *objs, const tw_war_options *opts,
                           const tw_policy *start, tw_policy *out, tw_equilibrium *eq,
                           double *gains, tw_war_report *rep, tw_error *err);
typedef struct tw_war_document {
    tw_game_document game;
    const tw_instrument *players;
    int n_players;
    int among_players;
    const double *gains;
    double gain_tolerance;
    tw_war_report report;
    ...;
} tw_war_document;
tw_status tw_json_write_war(tw_sink out, const tw_war_document *doc, tw_error *err);
/* Strategy: escalation, talks and self-enforcing agreements. */
typedef enum tw_rule { TW_RULE_HOLD, TW_RULE_TIT_FOR_TAT, TW_RULE_PROPORTIONAL,
                       TW_RULE_BEST_RESPONSE, ... } tw_rule;
int tw_rule_parse(const char *s, tw_rule *out);
typedef struct tw_escalation_player {
    int country;
    tw_rule rule;
    double factor;
    double opening;
    double cap;
    int forgive_after;
    tw_instrument_kind kind;
    ...;
} tw_escalation_player;
typedef enum tw_escalation_end { TW_END_FIXED_POINT, TW_END_CAP, TW_END_CYCLE, TW_END_ROUNDS,
                                 TW_END_CANCELLED, ... } tw_escalation_end;
const char *tw_escalation_end_name(tw_escalation_end e);
typedef struct tw_escalation {
    int n_players, n_countries;
    int rounds;
    tw_escalation_end end;
    int cycle_length;
    ...;
} tw_escalation;
void tw_escalation_free(tw_escalation *e);
tw_status tw_game_escalate(tw_game *g, const tw_escalation_player *players, int n_players,
                           int max_rounds, const tw_policy *start, tw_policy *out,
                           tw_equilibrium *eq, tw_escalation **path, tw_error *err);
typedef struct tw_escalation_document {
    tw_game_document game;
    const tw_escalation_player *players;
    int n_players;
    const tw_escalation *path;
    const char *const *round_dates;
    ...;
} tw_escalation_document;
tw_status tw_json_write_escalation(tw_sink out, const tw_escalation_document *doc,
                                   tw_error *err);
typedef enum tw_talks_rule { TW_TALKS_NASH_BARGAINING, TW_TALKS_EQUAL_GAINS,
                             ... } tw_talks_rule;
int tw_talks_rule_parse(const char *s, tw_talks_rule *out);
typedef struct tw_talks_options {
    tw_talks_rule rule;
    const double *weights;
    ...;
} tw_talks_options;
void tw_talks_options_init(tw_talks_options *o);
typedef struct tw_talks_report {
    int converged;
    int cancelled;
    int no_gain;
    int evaluations;
    int nlopt_code;
    double min_gain;
    double seconds;
    ...;
} tw_talks_report;
tw_status tw_game_talks(tw_game *g, const tw_instrument *players, int n_players,
                        const tw_objective *objs, const tw_talks_options *opts,
                        const tw_policy *threat, tw_policy *deal, tw_equilibrium *eq,
                        double *w_threat, double *w_deal, tw_talks_report *rep,
                        tw_error *err);
typedef struct tw_talks_document {
    tw_game_document game;
    const tw_instrument *players;
    int n_players;
    tw_talks_rule rule;
    int threat_war;
    const tw_policy *threat;
    const double *v_threat, *v_deal;
    double delta;
    int truce_periods;
    int threat_war_found;
    tw_talks_report report;
    ...;
} tw_talks_document;
tw_status tw_json_write_talks(tw_sink out, const tw_talks_document *doc, tw_error *err);
typedef struct tw_enforce_result {
    double v_agree, v_deviate, v_punish;
    double delta_star;
    int deviation_converged;
    int evaluations;
    ...;
} tw_enforce_result;
tw_status tw_game_enforce(tw_game *g, const tw_instrument *players, int n_players,
                          const tw_objective *objs, const tw_policy *agreement,
                          const tw_policy *punishment, int punish_periods,
                          tw_enforce_result *res, tw_error *err);
typedef struct tw_enforce_document {
    tw_game_document game;
    const int *players;
    int n_players;
    const char *agreement;
    int punish_periods;
    double delta;
    const tw_enforce_result *res;
    int converged;
    int war_found;
    ...;
} tw_enforce_document;
tw_status tw_json_write_enforce(tw_sink out, const tw_enforce_document *doc, tw_error *err);

/* Bands of the games (tradewar/game_bands.h). */
typedef enum tw_game_bands_game { TW_GAME_BANDS_OPTIMAL, TW_GAME_BANDS_WAR,
                                  TW_GAME_BANDS_TALKS } tw_game_bands_game;
typedef struct tw_game_bands {
    tw_game_bands_game game;
    const tw_instrument *players;
    int n_players;
    int services;
    const tw_objective *objective;
    const tw_war_options *war;
    const tw_talks_options *talks;
    int talks_threat_war;
} tw_game_bands;
void tw_game_bands_init(tw_game_bands *b);
int tw_game_bands_outputs(const tw_game_bands *b, const tw_world *w);
void tw_game_bands_values(const tw_game_bands *b, const tw_world *w, const tw_policy *chosen,
                          const tw_results *r, double *out);
tw_status tw_game_bands_eval(void *ctx, const tw_model *m, tw_solver *s, double *out,
                             tw_error *err);
tw_status tw_json_write_game_bands(tw_sink out, const tw_world *w, const tw_game_bands *b,
                                   const tw_draws *d, tw_error *err);
typedef struct tw_escalate_bands {
    const tw_escalation_player *players;
    int n_players;
    int max_rounds;
    int rounds;
    const char *const *round_dates;
} tw_escalate_bands;
int tw_escalate_bands_outputs(const tw_escalate_bands *b);
void tw_escalate_bands_values(const tw_escalate_bands *b, const tw_escalation *p, double *out);
tw_status tw_escalate_bands_eval(void *ctx, const tw_model *m, tw_solver *s, double *out,
                                 tw_error *err);
tw_status tw_json_write_escalate_bands(tw_sink out, const tw_world *w,
                                       const tw_escalate_bands *b, const tw_draws *d,
                                       tw_error *err);
typedef struct tw_enforce_bands {
    const tw_instrument *players;
    int n_players;
    int periods;
    const char *agreement;
} tw_enforce_bands;
int tw_enforce_bands_outputs(const tw_enforce_bands *b);
void tw_enforce_bands_values(const tw_enforce_bands *b, const tw_enforce_result *res,
                             double *out);
tw_status tw_enforce_bands_eval(void *ctx, const tw_model *m, tw_solver *s, double *out,
                                tw_error *err);
tw_status tw_json_write_enforce_bands(tw_sink out, const tw_world *w, const tw_enforce_bands *b,
                                      const tw_draws *d, tw_error *err);
/* Coalitions (tradewar/coalition.h) and bargaining over export controls (tradewar/bargain.h). */
typedef struct tw_coalition {
    const int *members;
    int n_members;
    const int *targets;
    int n_targets;
    int services;
    double lower, upper;
} tw_coalition;
double tw_coalition_payoff(const tw_model *m, const tw_equilibrium *eq, const tw_coalition *c);
tw_status tw_game_coalition_war(tw_game *g, const tw_coalition *coalitions, int n,
                                const tw_war_options *opts, const tw_policy *start,
                                tw_policy *out, tw_equilibrium *eq, double *rates,
                                tw_war_report *rep, tw_error *err);
typedef struct tw_coalition_war_document {
    tw_game_document game;
    const tw_coalition *coalitions;
    const char *const *names;
    int n_coalitions;
    int among_players;
    const double *rates;
    const double *payoffs;
    double gain_tolerance;
    tw_war_report report;
    ...;
} tw_coalition_war_document;
tw_status tw_json_write_coalition_war(tw_sink out, const tw_coalition_war_document *doc,
                                      tw_error *err);
typedef struct tw_control {
    int exporter;
    const int *importers;
    int n_importers;
    const int *sectors;
    int n_sectors;
} tw_control;
typedef struct tw_bargain_options {
    const double *weights;
    int grid;
    double xtol;
    int max_evals;
    double check_step, check_tolerance;
    ...;
} tw_bargain_options;
void tw_bargain_options_init(tw_bargain_options *o);
typedef struct tw_bargain_report {
    int converged;
    int cancelled;
    int no_gain;
    int evaluations;
    int nlopt_code;
    double log_nash;
    double check_gain;
    double seconds;
    ...;
} tw_bargain_report;
typedef struct tw_bargain_document tw_bargain_document;
tw_status tw_json_write_bargain(tw_sink out, const tw_bargain_document *doc, tw_error *err);
typedef struct tw_bargain_outcome tw_bargain_outcome;
tw_status tw_bargain_outcome_run(tw_game *g, const tw_policy *base, const int *players,
                                 int n_players, const tw_control *controls, int nc,
                                 const double *shares, const tw_bargain_options *opts,
                                 tw_bargain_outcome **out, tw_error *err);
const tw_bargain_document *tw_bargain_outcome_document(const tw_bargain_outcome *o);
const tw_policy *tw_bargain_outcome_deal(const tw_bargain_outcome *o);
const tw_policy *tw_bargain_outcome_disagreement(const tw_bargain_outcome *o);
void tw_bargain_outcome_free(tw_bargain_outcome *o);
"""

SOURCE = "#include <tradewar/tradewar.h>\n"


def builder(include_dirs=(), library_dirs=(), runtime_dirs=()):
    """The FFI builder of the extension module tradewar._tradewar_cffi."""
    ffi = cffi.FFI()
    ffi.cdef(CDEF)
    ffi.set_source("tradewar._tradewar_cffi", SOURCE, libraries=["tradewar"],
                   include_dirs=list(include_dirs), library_dirs=list(library_dirs),
                   runtime_library_dirs=list(runtime_dirs))
    return ffi


def _from_env():
    """pip: where the C library's headers and libtradewar.so are (setup.py sets these)."""
    def dirs(name):
        return [d for d in os.environ.get(name, "").split(os.pathsep) if d]
    return builder(dirs("TRADEWAR_INCLUDE_DIRS"), dirs("TRADEWAR_LIBRARY_DIRS"),
                   dirs("TRADEWAR_RUNTIME_DIRS"))


ffibuilder = _from_env()

if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--emit":
        builder().emit_c_code(sys.argv[2])
    else:
        sys.exit("usage: _build.py --emit OUT.c")
