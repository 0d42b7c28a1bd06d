/* SPDX-License-Identifier: MIT */
/* Data checks: how far a model's solved baseline equilibrium is from the data it was calibrated
 * to (docs/model.md §3). With data that are an equilibrium of the model (a balanced world) every
 * gap is rounding; with data that are not (final-demand residuals clamped, for example) the
 * baseline every result is measured against differs from the data, and these say by how much
 * and where. `tradewar world show` prints them. */
#ifndef TRADEWAR_CHECKS_H
#define TRADEWAR_CHECKS_H

#include "tradewar/core.h"
#include "tradewar/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Relative gap below which the solved baseline counts as reproducing the data: the shipped
 * worlds are held to it by their reproducibility tests (tools/compare_world.cmake). 1e-6 is far
 * above the baseline solve's tolerance (1e-10 relative) and the rounding of the data files
 * (%.10g flows), and far below any gap that would show in a table (0.01%). */
#define TW_BASELINE_TOLERANCE 1e-6
/* A flow's gap is measured relative to the flow, or to this share of the importer's purchases
 * of the sector from all sources if that is larger: a flow of a millionth of a market is
 * measured against that millionth, so that tiny flows do not dominate the largest gap. */
#define TW_BASELINE_FLOW_FLOOR 1e-6
/* How many bilateral flows tw_baseline_checks lists. */
#define TW_BASELINE_TOP 10

/* One bilateral flow, all sectors, data against the solved baseline (world's money unit, at
 * the border: before the importer's tariff). */
typedef struct tw_flow_gap {
    int exporter, importer;
    double data;     /* sum over sectors of flows.csv */
    double baseline; /* the same in the solved baseline */
} tw_flow_gap;

typedef struct tw_baseline_checks {
    int final_demand_clamped; /* tw_world_final_clamped: negative residuals set to zero */
    /* Largest relative gaps |baseline / data - 1| by country, and where (country index). */
    double value_added_gap;
    int value_added_country;
    double absorption_gap; /* tariff-inclusive absorption, all sectors */
    int absorption_country;
    /* Largest relative gap of one flow (exporter, importer, sector) with data > 0, relative
     * to max(flow, TW_BASELINE_FLOW_FLOOR x the importer's purchases of the sector); and how
     * many such flows differ by more than TW_BASELINE_TOLERANCE (of flows.csv's nonzero
     * entries). */
    double flow_gap;
    int flow_exporter, flow_importer, flow_sector;
    long flows_over_tolerance, flows;
    /* Sum over all flows of |baseline - data|, as a share of the sum of the data's flows. */
    double flow_gap_share;
    /* The bilateral flows between two countries (all sectors, exporter != importer) with the
     * largest absolute gaps, largest first; ntop <= TW_BASELINE_TOP. */
    int ntop;
    tw_flow_gap top[TW_BASELINE_TOP];
} tw_baseline_checks;

/* Computes the checks of model m's solved baseline against its world's data into *out.
 * @return TW_OK; TW_ERR_USAGE if m or out is NULL; TW_ERR_NOMEM. */
TW_API tw_status tw_baseline_checks_compute(const tw_model *m, tw_baseline_checks *out,
                                            tw_error *err);

/* 1 if every gap of c is within TW_BASELINE_TOLERANCE and no residual was clamped. */
TW_API int tw_baseline_checks_pass(const tw_baseline_checks *c);

#ifdef __cplusplus
}
#endif

#endif
