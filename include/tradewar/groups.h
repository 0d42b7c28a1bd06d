/* SPDX-License-Identifier: MIT */
/* Results for groups of countries: real income, trade between groups, and the average tariff
 * of a group of importers on a group of exporters, with the sectors and the weights stated
 * (docs/json.md, "Average tariffs"). Every command, table and JSON document uses these, so a
 * tariff means the same everywhere; a label and a JSON key say which average it is.
 *
 * Groups are arrays of country indices (borrowed). Pairs of a country with itself are never
 * counted. */
#ifndef TRADEWAR_GROUPS_H
#define TRADEWAR_GROUPS_H

#include "tradewar/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Which sectors an average or a total covers. */
typedef enum tw_sector_set {
    TW_SECTORS_GOODS = 0, /* the goods sectors (tw_world_sector_is_goods) */
    TW_SECTORS_ALL = 1    /* every sector, services included */
} tw_sector_set;

/* What the weights of an average are. */
typedef enum tw_tariff_weighting {
    /* Baseline import values (weights NULL: tw_world_flows), or the caller's own weights. */
    TW_WEIGHTS_BASELINE = 0,
    /* Import values at a counterfactual equilibrium (tw_counterfactual_flows), given in
     * weights: the rate "after substitution". Labels and keys say so. Without weights the
     * averages are NAN. */
    TW_WEIGHTS_COUNTERFACTUAL = 1
} tw_tariff_weighting;

/* How tariffs are averaged. Zero-initialised it is the library's default, the one every
 * command uses unless told otherwise: goods, weighted by baseline import values. */
typedef struct tw_tariff_average {
    tw_sector_set sectors;
    /* Weights [j][n][i] (tw_ix_nij), >= 0, borrowed. NULL: the world's baseline import values
     * (tw_world_flows: sales of i to n in sector j at exporter prices, tariff excluded). */
    const double *weights;
    /* What weights holds (default baseline). */
    tw_tariff_weighting weighting;
} tw_tariff_average;

/* A sentence naming the average, for table headers: "average tariff on goods, weighted by
 * baseline imports" (static storage, never NULL). */
TW_API const char *tw_tariff_average_label(const tw_tariff_average *a);
/* The JSON key stem of the average: "avg_tariff_goods_import_weighted",
 * "avg_tariff_all_import_weighted", "..._counterfactual_import_weighted" with counterfactual
 * weights, or "..._custom_weighted" with other caller weights. Documents append "_pct" and
 * qualifiers ("_baseline_pct"). Static storage, never NULL. */
TW_API const char *tw_tariff_average_key(const tw_tariff_average *a);

/* The import values of a solved equilibrium eq of model m, [j][n][i] (tw_ix_nij; out has
 * N * N * J entries): sales of i to n in sector j at exporter prices (tariffs, export taxes
 * and quota rents excluded), in the money unit of the results (numeraire: world value added);
 * 0 where i == n (domestic sales are not imports). They are what
 * tw_results' trade sums, sector by sector, and the weights of TW_WEIGHTS_COUNTERFACTUAL.
 * @return TW_OK, or TW_ERR_USAGE if eq is not solved (out untouched). */
TW_API tw_status tw_counterfactual_flows(const tw_model *m, const tw_equilibrium *eq,
                                         double *out);

/* The average tariff level (a fraction, 0.25 = 25%) of the importers on the exporters:
 *   sum_{n in importers, i in exporters, i != n, j in sectors} w_jni t_jni / sum of the w_jni
 * tariffs: levels [j][n][i] (tw_ix_nij), e.g. tw_policy_tariffs_const. n_exporters 0: every
 * country but the importer. @return the average, NAN when the weights sum to zero (no trade)
 * or a group is empty. */
TW_API double tw_tariff_average_group(const tw_world *w, const tw_tariff_average *a,
                                      const double *tariffs, const int *importers, int n_importers,
                                      const int *exporters, int n_exporters);

/* The same average for every pair [n][i] (out has N * N entries; 0 on the diagonal and where
 * a pair has no weight). */
TW_API void tw_tariff_average_pairs(const tw_world *w, const tw_tariff_average *a,
                                    const double *tariffs, double *out);

/* The group average from pair averages made by tw_tariff_average_pairs with the same a (as
 * tw_timeline_step.bilateral_tariff is with the default): equal to tw_tariff_average_group on
 * the tariffs behind them. */
TW_API double tw_tariff_average_of_pairs(const tw_world *w, const tw_tariff_average *a,
                                         const double *pairs, const int *importers, int n_importers,
                                         const int *exporters, int n_exporters);

/* The same average within one sector (index; a->sectors is ignored, a->weights used).
 * @return NAN without weight or for an invalid sector. */
TW_API double tw_tariff_average_sector(const tw_world *w, const tw_tariff_average *a,
                                       const double *tariffs, int sector, const int *importers,
                                       int n_importers, const int *exporters, int n_exporters);

/* Real income change of a group, %: the members' real-income changes weighted by their
 * baseline incomes (the world figure of tw_results is this over every country). NAN for an
 * empty group. */
TW_API double tw_group_real_income_pct(const tw_results *r, const int *members, int n_members);

/* Trade from the exporters to the importers at exporter prices (money unit of r), before and
 * after, over the sector set. Pointers may be NULL. */
TW_API void tw_group_trade(const tw_results *r, tw_sector_set sectors, const int *exporters,
                           int n_exporters, const int *importers, int n_importers, double *before,
                           double *after);

/* 100 (after / before - 1), or NAN when before is not positive: a percent change that is
 * undefined from zero. */
TW_API double tw_pct_change(double after, double before);

#ifdef __cplusplus
}
#endif
#endif
