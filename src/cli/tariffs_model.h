/* SPDX-License-Identifier: MIT */
/* The model's side of `tradewar tariffs`: for each solved step and pair, the average tariff on
 * goods in force (baseline import weights) and after substitution (weighted with the step's
 * counterfactual import values, tw_counterfactual_flows), in total and by sector of the world
 * (docs/cli.md "tariffs", docs/json.md "Tariffs document"). */
#ifndef TW_CLI_TARIFFS_MODEL_H
#define TW_CLI_TARIFFS_MODEL_H

#include "tradewar/tradewar.h"

/* One importer (a player) and one partner: a country, a group or the world. */
typedef struct tw_tariffs_pair {
    const char *importer;
    char partner[64];   /* a country, a group (EU27) or "world" */
    char exporters[64]; /* the schedule's exporter codes ("all" for the world) */
    int imp, exp;       /* world indices (-1: group or world) */
    int group[128], n_group; /* the group's members (0 with exp -1: every other country) */
} tw_tariffs_pair;

/* The model's average tariff of a pair over goods (total) or in one sector. */
typedef struct tw_tariffs_model_rate {
    double in_force;    /* baseline import weights (tradewar/groups.h default), fraction */
    double after;       /* counterfactual import weights: the rate after substitution, fraction */
    double value_after; /* the counterfactual import value behind it, world money unit */
} tw_tariffs_model_rate;

typedef struct tw_tariffs_model {
    const tw_world *w;
    const tw_tariffs_pair *pairs; /* borrowed */
    int n_pairs, n_sectors, n_steps, cap;
    double *flows;               /* scratch, N * N * J */
    tw_tariffs_model_rate *rate; /* [step][pair][1 + J]: goods total, then sector j */
} tw_tariffs_model;

void tw_tariffs_model_init(tw_tariffs_model *tm, const tw_world *w, const tw_tariffs_pair *pairs,
                           int n_pairs);
/* tw_timeline_step_fn: records the rates of step k (ctx: the tw_tariffs_model). */
tw_status tw_tariffs_model_observe(void *ctx, const tw_model *m, int k, const tw_policy *p,
                                   const tw_equilibrium *eq, const tw_results *r, tw_error *err);
/* The rates of pair q at step k: entry 0 is goods in total, entry 1 + j sector j (NAN rates for
 * services and sectors without weight). NULL if step k was not recorded. */
const tw_tariffs_model_rate *tw_tariffs_model_get(const tw_tariffs_model *tm, int k, int q);
void tw_tariffs_model_free(tw_tariffs_model *tm);

#endif
