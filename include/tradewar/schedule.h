/* SPDX-License-Identifier: MIT */
/* Product-level tariff schedules (docs/tariff-schedules.md).
 *
 * A schedule holds four things, read from CSV files:
 * - a concordance from HS 2022 six-digit subheadings to the sectors of a world (the valid HS
 *   codes: a code in an action or a list must begin an HS6 subheading of it);
 * - trade lines, the product weights: importer, exporter, HS code (6 to 10 digits), baseline
 *   import value and, optionally, the duty paid on it (the baseline rate of the line is
 *   duty / value);
 * - dated actions, each one row of a user-written file: a legal authority's ad valorem rate
 *   on product lines of one importer and some exporters from a date, an exemption from an
 *   authority, or a stacking rule ("the steel duty supersedes the reciprocal duty");
 * - product lists named by the actions (one column of HS codes).
 *
 * On a date the rate of a line is the sum over authorities of each authority's rate, where
 * an authority's rate is that of its latest action covering the line (the more specific of two
 * actions of the same date: one naming exporters beats one for all exporters, one naming
 * products beats one for all products), times the action's share of the line it covers (for
 * example the part of Canadian goods that is not USMCA-compliant), zero if the line is exempt
 * from the authority, and zero if another authority with a positive rate supersedes it.
 *
 * Averages (tw_schedule_average) are trade-weighted with the baseline line values: the rate of
 * an importer on an exporter in a sector is sum_l v_l r_l / sum_l v_l over the lines l of that
 * pair whose HS6 maps to the sector. Rates are in percent (points), "additional" over the
 * baseline unless named "baseline". */
#ifndef TRADEWAR_SCHEDULE_H
#define TRADEWAR_SCHEDULE_H

#include "tradewar/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The most authorities one schedule may name. */
#define TW_SCHEDULE_MAX_AUTHORITIES 24

typedef struct tw_schedule tw_schedule;

/* @return TW_ERR_NOMEM or TW_OK with *out an empty schedule (free with tw_schedule_free). */
TW_API tw_status tw_schedule_create(tw_schedule **out, tw_error *err);
TW_API void tw_schedule_free(tw_schedule *s);

/* Reads the concordance: CSV with columns hs6 (six digits) and sector (a sector code, empty for
 * a subheading that maps to none). Must come before lines and actions. */
TW_API tw_status tw_schedule_read_concordance(tw_schedule *s, const char *path, tw_error *err);

/* Reads trade lines of one importer: CSV with columns exporter, hs (also accepted: hs6, hs8,
 * hs10), value (>= 0) and optional duty (>= 0, baseline duty paid). `scale` multiplies values
 * and duties (1000 for a file in thousand USD). Lines whose HS6 is not in the concordance are
 * kept (they count in totals) but belong to no sector. Exporter "EUN" (or any code) is taken
 * as written: callers map country groups. */
TW_API tw_status tw_schedule_read_lines(tw_schedule *s, const char *importer, const char *path,
                                        double scale, tw_error *err);

/* Reads an action file (format in docs/tariff-schedules.md). Lists named `list:NAME` are read
 * from list_dir/NAME.csv (list_dir NULL: the directory "lists" beside the file). Several files
 * may be read into one schedule (a later executive order in its own file); each must be in
 * date order. Errors name file:line:column and the field: unknown HS codes, dates out of
 * order, overlapping actions (same date, importer, authority, kind and specificity, common
 * exporters and products, different rates), unknown actions. */
TW_API tw_status tw_schedule_read_actions(tw_schedule *s, const char *path, const char *list_dir,
                                          tw_error *err);

/* Reads a manifest: CSV with columns kind (concordance, lines, lists, actions), importer (for
 * lines), path (relative to the manifest's directory) and scale (for lines, default 1), in that
 * order of kinds; `lists` sets the directory of the lists for the action files after it. The
 * shipped one is data/schedules/2025/manifest.csv. */
TW_API tw_status tw_schedule_read_manifest(tw_schedule *s, const char *path, tw_error *err);

/* Authorities named so far, in order of first appearance. */
TW_API int tw_schedule_authority_count(const tw_schedule *s);
TW_API const char *tw_schedule_authority_name(const tw_schedule *s, int a);
/* Distinct dates on which the rates of one importer (NULL: any) may change: action dates and
 * "until" dates, ascending. Returns the count (-1 out of memory) and writes at most cap. */
TW_API int tw_schedule_dates(const tw_schedule *s, const char *importer, int *dates, int cap);
/* Sectors of the concordance, in order of first appearance. */
TW_API int tw_schedule_sector_count(const tw_schedule *s);
TW_API const char *tw_schedule_sector_name(const tw_schedule *s, int k);

/* The rate of one product line on a date. hs is the line's code (6 to 10 digits) and base_pct
 * its baseline rate (used by actions whose basis is "inclusive"). parts (may be NULL) receives
 * tw_schedule_authority_count entries, each authority's part; *total their sum. Actions are
 * matched on the code as given, as for a trade line. */
TW_API tw_status tw_schedule_line_rate(const tw_schedule *s, const char *importer,
                                       const char *exporter, const char *hs, double base_pct,
                                       int date, double *parts, double *total, tw_error *err);

/* The rates of every trade line on one date (tw_schedule_evaluate). */
typedef struct tw_schedule_rates tw_schedule_rates;

/* Evaluates every trade line of s on date (a day number, src/core/calendar.h conventions:
 * days since 1970-01-01). s must outlive *out and not change while it is used. */
TW_API tw_status tw_schedule_evaluate(const tw_schedule *s, int date, tw_schedule_rates **out,
                                      tw_error *err);
TW_API void tw_schedule_rates_free(tw_schedule_rates *r);

/* A trade-weighted average of one importer on some exporters on a date. */
typedef struct tw_schedule_average {
    int n_sectors;     /* tw_schedule_sector_count */
    int n_authorities; /* tw_schedule_authority_count */
    /* Per sector k: baseline import value (the weight), baseline rate (duty / value, %, over
     * the lines that give a duty; NAN if none does), the additional rate (%) and its part due
     * to each authority [k * n_authorities + a]. */
    double *value;
    double *baseline_pct;
    double *additional_pct;
    double *part_pct;
    /* Over every line of the pair, mapped to a sector or not. */
    double total_value;
    double total_baseline_pct;
    double total_additional_pct;
    double *total_part_pct; /* [a] */
    double unmapped_value;  /* value of lines in no sector (e.g. HS chapters 98-99) */
} tw_schedule_average;

/* Allocates the arrays of avg for s (free with tw_schedule_average_free). */
TW_API tw_status tw_schedule_average_init(const tw_schedule *s, tw_schedule_average *avg,
                                          tw_error *err);
TW_API void tw_schedule_average_free(tw_schedule_average *avg);

/* Fills avg for importer on exporters: NULL or "all" for every exporter of the importer's
 * lines, otherwise a space-separated list of exporter codes, pooled. Sectors without lines
 * have value 0 and rates 0. @return TW_ERR_INPUT if the pair has no lines. */
TW_API tw_status tw_schedule_rates_average(const tw_schedule_rates *r, const char *importer,
                                     const char *exporters, tw_schedule_average *avg,
                                     tw_error *err);

/* Number of distinct exporters in the trade lines of an importer. */
TW_API int tw_schedule_exporter_count(const tw_schedule *s, const char *importer);

/* Total count of trade lines, and of those of one importer (tests, benchmarks). */
TW_API long tw_schedule_line_count(const tw_schedule *s, const char *importer);

#ifdef __cplusplus
}
#endif
#endif
