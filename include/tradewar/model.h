/* SPDX-License-Identifier: MIT */
/* The Caliendo-Parro model (docs/model.md): policy states, the solved equilibrium and results.
 *
 * Typical use:
 *   tw_model_options opts; tw_model_options_init(&opts);
 *   tw_model *m;  tw_model_create(world, &opts, &m, &err);   -- solves the baseline once
 *   tw_solver *s; tw_solver_create(m, NULL, &s, &err);       -- one per thread
 *   tw_policy *p; tw_policy_create(m, &p);                    -- today's policy
 *   tw_policy_tariffs(p)[tw_ix_nij(d, usa, chn, j)] = 1.45;    -- change it
 *   tw_equilibrium *eq = tw_equilibrium_create(m);
 *   tw_model_solve(m, s, p, eq, &report, &err);               -- warm-starts from eq if solved
 *   tw_results *r = tw_results_create(m); tw_results_compute(m, eq, r);
 * A model borrows its world (which must outlive it) and is immutable after creation: threads
 * share one model, each solving with its own solver. */
#ifndef TRADEWAR_MODEL_H
#define TRADEWAR_MODEL_H

#include "tradewar/core.h"
#include "tradewar/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How trade deficits behave in the counterfactual (docs/model.md §4). */
typedef enum tw_deficit_closure {
    TW_DEFICITS_FIXED = 0,       /* D_n held in units of the numeraire (world value added) */
    TW_DEFICITS_ZERO = 1,        /* baseline re-solved with D = 0; results against that baseline */
    TW_DEFICITS_PROPORTIONAL = 2 /* D_n / value added held, less a common world adjustment */
} tw_deficit_closure;

/* Parses "fixed", "zero" or "proportional". @return 0 on success, -1 if unknown. */
TW_API int tw_deficit_closure_parse(const char *s, tw_deficit_closure *out);
TW_API const char *tw_deficit_closure_name(tw_deficit_closure c);

/* An override of the world's CES input nests (docs/model.md eq. (1')), for
 * tw_model_options. Each using sector j has one nest with one elasticity sigma_j; a rule sets
 * sigma_j for every using sector it covers (for its whole nest) and puts input k into those
 * nests. Rules apply in order after the world's input_elasticities.csv, later ones winning. */
#define TW_ALL_SECTORS (-1)  /* input or using_sector: every sector */
#define TW_NEST_MEMBERS (-2) /* input: keep the nest's members, change only its elasticity */
typedef struct tw_input_elasticity {
    int input;         /* input sector k (index), TW_ALL_SECTORS or TW_NEST_MEMBERS */
    int using_sector;  /* using sector j (index) or TW_ALL_SECTORS */
    double elasticity; /* sigma in [0, 20]: 1 Cobb-Douglas, < 1 complements, 0 Leontief */
} tw_input_elasticity;

/* Settings of a solver: how it iterates and when it stops. Initialise with
 * tw_solver_options_init (which holds every default), then set what you need. */
typedef struct tw_solver_options {
    double tolerance;   /* on the largest relative residual of eqs. (1), (4), (6), in [1e-14,
                         * 1e-2]; default 1e-10 */
    int max_iterations; /* map evaluations per solve, >= 1; default 20000 */
    int anderson_depth; /* Anderson acceleration memory, <= 16; default 6; negative disables */
    /* Optional: called after every iteration with the residual at the iterate; returning
     * non-zero stops the solve, which returns TW_ERR_CANCELLED. For progress bars. */
    int (*progress)(void *ctx, int iteration, double residual);
    void *progress_ctx;
    /* Optional (borrowed): a flag that cancels the solve when set from any thread or a signal
     * handler (tw_cancel_set); the solve then returns TW_ERR_CANCELLED. NULL: none. */
    tw_cancel *cancel;
} tw_solver_options;

/* Sets every field of o to its default. */
TW_API void tw_solver_options_init(tw_solver_options *o);

/* Settings of a model. Initialise with tw_model_options_init, then set what you need. */
typedef struct tw_model_options {
    tw_deficit_closure deficits; /* default TW_DEFICITS_FIXED */
    /* Optional: overrides of the world's input nests (see tw_input_elasticity), read during
     * tw_model_create only (borrowed, not kept). NULL/0: the world's nests. They shape the
     * baseline too: the model's baseline equilibrium is solved with them. */
    const tw_input_elasticity *input_elasticities;
    int input_elasticity_count;
    /* Optional: trade elasticities theta^j, one per sector, each in (0, 1000], replacing the
     * world's (tw_world_theta) in this model only: read during tw_model_create (borrowed, not
     * kept). The model then works on, and tw_model_world returns, a view of the world that
     * shares every array of it but theta (nothing is copied but the J numbers); bind scenarios
     * to that view. NULL (default): the world's theta. For parameter draws (tradewar/draws.h). */
    const double *theta;
    /* How the baseline is solved, and the default settings of solvers created on the model. */
    tw_solver_options solver;
    /* Bytes the model, a solver, a policy and an equilibrium may take together, estimated from
     * the dimensions before anything is allocated (tw_model_create) and for each solver
     * (tw_solver_create); more is refused with TW_ERR_NOMEM and a message giving the estimate.
     * 0 (default): $TRADEWAR_MEMORY_LIMIT if set (bytes, or with a suffix K, M, G or T), else
     * the memory available (MemAvailable in /proc/meminfo, else sysconf(_SC_AVPHYS_PAGES)). */
    double memory_limit;
    /* What countries do with tariff revenue in a world with labour supply (blocks.csv,
     * docs/model.md §2c): TW_REVENUE_USE_WORLD (0, default) as blocks.csv says, or every
     * country TW_REVENUE_USE_LUMP_SUM or TW_REVENUE_USE_LABOUR_TAX. No effect without blocks. */
    int revenue_use;
    /* 1: governments' payoffs in the strategy layer (tradewar/strategy.h) weight the incomes of
     * their sectors by the world's political_weights.csv (Ossa 2014; docs/strategy.md); the
     * world must have the file. 0 (default): payoffs are real incomes. */
    int political_economy;
    /* The payoff of governments in the strategy layer (docs/model.md §2c, docs/strategy.md):
     * TW_PAYOFF_AUTO (0, default) the model's own welfare (welfare_pct: net of the disutility
     * of work in a world with labour supply, blocks.csv) unless political_economy is set, then
     * the political-economy payoff; TW_PAYOFF_REAL_INCOME real income I'/P' (what the strategy
     * layer maximised before welfare payoffs); TW_PAYOFF_WELFARE the model's welfare (refused
     * with political_economy). Without blocks welfare is real income: all three agree. */
    int payoff;
} tw_model_options;

enum { TW_PAYOFF_AUTO = 0, TW_PAYOFF_REAL_INCOME = 1, TW_PAYOFF_WELFARE = 2 };
/* Parses "auto", "real-income" or "welfare" into *out. @return 0, or -1 if s is none. */
TW_API int tw_payoff_parse(const char *s, int *out);
/* The name of a payoff setting ("auto", "real-income", "welfare"). */
TW_API const char *tw_payoff_name(int payoff);

enum { TW_REVENUE_USE_WORLD = 0, TW_REVENUE_USE_LUMP_SUM = 1, TW_REVENUE_USE_LABOUR_TAX = 2 };
/* Parses "world", "lump_sum" or "labour_tax" into *out. @return 0, or -1 if s is none. */
TW_API int tw_revenue_use_parse(const char *s, int *out);
/* The name of a revenue use ("world", "lump_sum", "labour_tax"). */
TW_API const char *tw_revenue_use_name(int use);

/* Sets every field of o to its default (tw_solver_options_init for o->solver). */
TW_API void tw_model_options_init(tw_model_options *o);

/* What a solve did. Reported for every solve, converged or not. */
typedef struct tw_solver_report {
    int converged;
    int iterations;
    double residual; /* largest relative residual at the returned point */
    double seconds;  /* wall time of this solve */
    int restarts;    /* times the accelerator was reset by its safeguard */
    int steps;       /* continuation steps taken (0: the shock was solved in one go) */
    int newton;      /* times the Newton-Krylov fallback was used */
} tw_solver_report;

typedef struct tw_model tw_model;
typedef struct tw_solver tw_solver;
typedef struct tw_policy tw_policy;
typedef struct tw_equilibrium tw_equilibrium;

/* Creates a model of world w (borrowed: it must outlive the model) and solves its baseline
 * equilibrium: today's policy with the closure's deficits. opts may be NULL for defaults; it
 * is copied (its input-nest overrides are read now and not kept). The model is immutable
 * once created: any number of threads may use it at once, each with its own tw_solver.
 * @return TW_OK, TW_ERR_INPUT (bad options), TW_ERR_NOT_CONVERGED (baseline failed: err has
 * the residual), TW_ERR_CANCELLED, TW_ERR_NOMEM (also when the estimated memory exceeds the
 * limit, see tw_model_options.memory_limit: nothing is allocated then). */
TW_API tw_status tw_model_create(const tw_world *w, const tw_model_options *opts, tw_model **out,
                                 tw_error *err);
/* Frees m (NULL: no-op). Solvers, policies and equilibria of m must be freed first or not used
 * again. */
TW_API void tw_model_free(tw_model *m);
/* The options m was created with (input-nest overrides and theta cleared: see
 * tw_model_input_elasticity for the nests in force, tw_world_theta of tw_model_world(m) for
 * theta). */
TW_API tw_model_options tw_model_get_options(const tw_model *m);

/* --- Solvers: one per thread. A solver owns the workspace, the warm-start scratch and the
 * diagnostics of solves on one model; it is not safe for concurrent use, but any number of
 * solvers may solve on one model at once. --- */

/* Creates a solver for model m (borrowed: it must outlive the solver). opts NULL: the model's
 * solver options (tw_model_get_options(m).solver); otherwise copied.
 * @return TW_OK, TW_ERR_INPUT (bad options), TW_ERR_NOMEM (also when the solver's estimated
 * memory exceeds the model's memory limit). */
TW_API tw_status tw_solver_create(const tw_model *m, const tw_solver_options *opts, tw_solver **out,
                                  tw_error *err);
/* Frees s (NULL: no-op). */
TW_API void tw_solver_free(tw_solver *s);
/* The model s solves. */
TW_API const tw_model *tw_solver_model(const tw_solver *s);
/* The options in force in s (copied). */
TW_API tw_solver_options tw_solver_get_options(const tw_solver *s);
/* Replaces s's options (validated as by tw_solver_create; on error s is unchanged). The
 * workspace keeps its size: a larger Anderson depth than at creation is refused
 * (TW_ERR_INPUT). */
TW_API tw_status tw_solver_set_options(tw_solver *s, const tw_solver_options *opts, tw_error *err);
TW_API const tw_world *tw_model_world(const tw_model *m);
/* The report of the baseline solve. */
TW_API tw_solver_report tw_model_baseline_report(const tw_model *m);

/* How far the model's baseline equilibrium is from the data (0 for consistent data): the
 * largest relative difference in a country's value added and in its absorption, and the
 * countries where they occur (indices). Pointers may be NULL. */
TW_API void tw_model_baseline_gap(const tw_model *m, double *value_added, int *va_country,
                                  double *absorption, int *abs_country);

/* The input nests in force in model m (the world's, after the options' overrides): the
 * elasticity of using sector j's nest, and whether input k is in it. */
TW_API double tw_model_input_elasticity(const tw_model *m, int j);
TW_API int tw_model_input_nested(const tw_model *m, int k, int j);

/* --- Policy states: every instrument as an array over [sector][importer][exporter]. --- */

/* Today's policy of the model's world: its tariffs, no other instruments. */
TW_API tw_status tw_policy_create(const tw_model *m, tw_policy **out);
TW_API void tw_policy_free(tw_policy *p);
/* Copies src's instruments into dst (same model). dst forgets where its entries came from
 * (see tw_policy_validate): its errors name no file. The pointers to dst's arrays stay valid. */
TW_API void tw_policy_copy(tw_policy *dst, const tw_policy *src);
/* Mutable instrument arrays, [j][n][i] (tw_ix_nij):
 *  tariffs: ad-valorem import tariff levels imposed by n on i (0.25 = 25%), > -1;
 *  iceberg_hat: multiplicative change in non-tariff trade costs relative to the baseline, > 0;
 *    +INFINITY is an embargo (the flow becomes zero);
 *  export_taxes: ad-valorem tax levied by exporter i on its sales to n, > -1, revenue to i.
 * The pointer stays valid until tw_policy_free and may be written through at any time. Asking
 * for a writable iceberg, export-tax, quota or rent array tells the policy that it may change:
 * a solve reads those arrays only if they were asked for writable (or set by a shock file or
 * scenario), so read them with the _const accessors. */
TW_API double *tw_policy_tariffs(tw_policy *p);
TW_API double *tw_policy_iceberg_hat(tw_policy *p);
TW_API double *tw_policy_export_taxes(tw_policy *p);
TW_API const double *tw_policy_tariffs_const(const tw_policy *p);
TW_API const double *tw_policy_iceberg_hat_const(const tw_policy *p);
TW_API const double *tw_policy_export_taxes_const(const tw_policy *p);

/* Export controls and services caps as quotas: a cap on the value of the flow from exporter i
 * to importer n in sector j, [j][n][i] (tw_ix_nij), in the world's money unit with the
 * numeraire of the results (world value added unchanged), measured at the border: the value
 * the exporting country receives, export taxes and an exporter-held rent included, import
 * tariffs and an importer-held rent excluded. > 0; +INFINITY (the default) means no quota; a
 * ban is an embargo (iceberg_hat = +INFINITY), not a zero quota. The solver finds each quota's
 * shadow wedge q (an ad-valorem price wedge, 0.3 = 30%) from the complementarity conditions
 * q >= 0, flow <= cap, q (cap - flow) = 0; a quota whose cap exceeds the unconstrained flow
 * changes nothing (docs/quotas.md). */
TW_API double *tw_policy_quotas(tw_policy *p);
TW_API const double *tw_policy_quotas_const(const tw_policy *p);
/* Who receives a quota's rent (the part q/(1+q) of the price due to the wedge, docs/quotas.md):
 * the importer (licences auctioned by the importing government, like a tariff) or the exporter
 * (a voluntary export restraint or export licences, like an export tax). Rents are part of that
 * country's income. */
typedef enum tw_rent_holder { TW_RENT_IMPORTER = 0, TW_RENT_EXPORTER = 1 } tw_rent_holder;
/* [j][n][i] tw_rent_holder of each quota (default TW_RENT_IMPORTER); ignored without a quota. */
TW_API unsigned char *tw_policy_quota_rent(tw_policy *p);
TW_API const unsigned char *tw_policy_quota_rent_const(const tw_policy *p);
/* Checks every entry (finite rates > -1, iceberg > 0 or +inf, no domestic wedges, no country
 * cut off from a sector it buys). @return TW_ERR_INPUT with a message naming the entry. The
 * shock-file and scenario appliers (tw_shock_apply_*, timelines) record where each entry they
 * set came from; the error then has the file, line, column and field of the row or event that
 * set the offending entry (for a country cut off from a sector: of the one that cut its last
 * source). Entries changed through the arrays above keep the position of the last row or
 * event that set them, or have none. */
TW_API tw_status tw_policy_validate(const tw_model *m, const tw_policy *p, tw_error *err);

/* --- Equilibria --- */

/* An equilibrium buffer for model m; starts unsolved. NULL on allocation failure. */
TW_API tw_equilibrium *tw_equilibrium_create(const tw_model *m);
TW_API void tw_equilibrium_free(tw_equilibrium *eq);
/* 1 once a solve has converged into it. */
TW_API int tw_equilibrium_solved(const tw_equilibrium *eq);
/* Copies a solved state (for warm starts from a stored point). */
TW_API void tw_equilibrium_copy(tw_equilibrium *dst, const tw_equilibrium *src);
/* The value of the flow from i to n in sector j at the border (as a quota measures it), in the
 * money unit of the results; and the shadow wedge of a quota on it (0 when none binds). */
TW_API double tw_equilibrium_border_value(const tw_equilibrium *eq, int n, int i, int j);
TW_API double tw_equilibrium_quota_wedge(const tw_equilibrium *eq, int n, int i, int j);

/* Solves the equilibrium of policy p of model m into eq with solver s (created for m). If eq
 * holds a solved state it is the starting point (warm start); otherwise the baseline is. rep
 * may be NULL. The result depends only on (m, p, eq's starting state, s's options), never on
 * what s solved before, so solves on different solvers are bit-identical to solving them one
 * after another. @return TW_OK; TW_ERR_NOT_CONVERGED (eq holds the best iterate but is
 * marked unsolved, rep and err give the residual); TW_ERR_CANCELLED (the cancel flag or the
 * progress callback stopped it; eq is marked unsolved); TW_ERR_INPUT (invalid policy);
 * TW_ERR_USAGE (s is not m's); TW_ERR_NUMERIC; TW_ERR_NOMEM. */
TW_API tw_status tw_model_solve(const tw_model *m, tw_solver *s, const tw_policy *p,
                                tw_equilibrium *eq, tw_solver_report *rep, tw_error *err);

/* --- Results, relative to the model's baseline equilibrium --- */

typedef struct tw_country_result {
    double real_income_pct;   /* exact change in real income I/P, % */
    double tot_pct;           /* Caliendo-Parro first-order terms-of-trade effect, % of income */
    double vot_pct;           /* Caliendo-Parro first-order volume-of-trade effect, % */
    double trade_cost_pct;    /* first-order effect of changes in non-tariff trade costs, % */
    double welfare_decomp_pct; /* tot + vot + trade_cost: CP (2015) Table 2 "welfare" */
    double real_wage_pct;     /* w_hat / P_hat - 1, % */
    double wage_hat;          /* nominal wage change (numeraire: world value added) */
    double price_hat;         /* consumer price index change P_hat */
    double income_hat;        /* nominal income change */
    double income_base;       /* income in the baseline (world's money unit) */
    double tariff_revenue_base, tariff_revenue; /* import-tariff revenue, before and after */
    double export_tax_revenue; /* after */
    double quota_rent;         /* quota rents received, after (not in the two revenues above) */
    double exports_base, exports, imports_base, imports; /* goods and services, exporter prices */
    double value_added_base, value_added; /* w L before and after (numeraire units) */
    double deficit_base, deficit;         /* D before and after (closure's deficits) */
    /* The model's own welfare measure, % change: real income I/P (= real_income_pct) in the
     * Caliendo-Parro model; with labour supply (blocks.csv, docs/model.md §2c) real income net
     * of the disutility of work, eq. (L7). */
    double welfare_pct;
    double employment_pct; /* change in employment L, % (0 without labour supply) */
} tw_country_result;

typedef struct tw_results {
    tw_dims d;
    tw_country_result *country; /* [n] */
    /* Bilateral trade [n][i] (importer n, exporter i), all sectors and goods only, at exporter
     * prices, in the world's money unit (counterfactual values in numeraire units). */
    double *trade_base, *trade, *goods_base, *goods;
    /* Average tariff of importer n on exporter i's goods [n][i], weighted by baseline import
     * values (tw_tariff_average_pairs with the default of tradewar/groups.h), before and
     * after; 0 where the pair has no goods trade. */
    double *goods_tariff_base, *goods_tariff;
    /* Gross output [n][j] before and after; sectoral price index change [n][j]. */
    double *output_base, *output, *sector_price_hat;
    /* Average tariff [n] of importer n on its imports of goods from every other country,
     * weighted by baseline import values (tw_tariff_average_group with the default of
     * tradewar/groups.h), before and after; NAN for a country that imports no goods. */
    double *avg_tariff_goods_base, *avg_tariff_goods;
    double world_real_income_pct; /* income-weighted mean of real-income changes */
    /* The Caliendo-Parro first-order decomposition by sector [n][j] (docs/model.md §6), % of
     * n's baseline income: sector j's part of tot_pct (n's exports minus imports in j, valued
     * at the cost changes), of vot_pct (tariff-weighted changes in n's imports in j) and of
     * trade_cost_pct. Over j they sum to the country's three terms, so the sector's part of
     * welfare_decomp_pct is their sum (tw_results_sector_welfare_pct). Like the country
     * terms they are first order: the exact real_income_pct has no sectoral split. */
    double *sector_tot_pct, *sector_vot_pct, *sector_trade_cost_pct;
} tw_results;

/* Allocates results for model m (freed with tw_results_free; NULL-safe). */
TW_API tw_results *tw_results_create(const tw_model *m);
TW_API void tw_results_free(tw_results *r);
/* Fills r from a solved equilibrium. @return TW_ERR_USAGE if eq is not solved. */
TW_API tw_status tw_results_compute(const tw_model *m, const tw_equilibrium *eq, tw_results *r);
/* As tw_results_compute, against another solved equilibrium ref of the same model instead of
 * the baseline ("before" values are ref's). @return TW_ERR_USAGE if eq or ref is not solved. */
TW_API tw_status tw_results_compute_against(const tw_model *m, const tw_equilibrium *eq,
                                            const tw_equilibrium *ref, tw_results *r);

/* Sector j's part of country n's first-order welfare change welfare_decomp_pct, % of n's
 * baseline income: sector_tot_pct + sector_vot_pct + sector_trade_cost_pct at [n][j]. */
TW_API double tw_results_sector_welfare_pct(const tw_results *r, int n, int j);

/* The sector that accounts for the largest share of country n's first-order welfare change,
 * the share being |c_nj| / sum_k |c_nk| with c_nj = tw_results_sector_welfare_pct(r, n, j):
 * its part of the gross sectoral movement, in [0, 1] even when the sectors' parts cancel
 * (a share of the net total would exceed 1 or change sign then). *share (may be NULL)
 * receives it. @return the sector, or -1 when every part is 0 (*share = 0). */
TW_API int tw_results_dominant_sector(const tw_results *r, int n, double *share);

/* The share above which one sector is said to drive a country's change (a warning of the
 * command line and of the JSON documents, docs/json.md "warnings"). */
#define TW_DOMINANT_SECTOR_SHARE 0.5
/* Countries whose exact change in real income is smaller than this, in % of income, get no
 * such warning: a change under a tenth of a percent is not a headline result. */
#define TW_WARN_MIN_CHANGE_PCT 0.1

/* Adds to out at most one warning about country n's result in r (its field is the country's
 * code; context, e.g. "at 2018-08-23 (main)", may be NULL), when the world has more than one
 * sector, its exact change in real
 * income is at least TW_WARN_MIN_CHANGE_PCT in magnitude and either one sector has more than
 * TW_DOMINANT_SECTOR_SHARE of the gross sectoral movement of its first-order change, or the
 * first-order change misses more than half of the exact one (then no sectoral split explains
 * the result). *added (may be NULL) is set to 1 if a warning was added. @return TW_OK or
 * TW_ERR_NOMEM (out NULL: TW_ERR_USAGE when a warning is due). */
TW_API tw_status tw_results_warn(const tw_world *w, const tw_results *r, int n,
                                 const char *context, tw_warnings *out, int *added);

#ifdef __cplusplus
}
#endif
#endif
