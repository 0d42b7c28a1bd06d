/* SPDX-License-Identifier: MIT */
/* Worlds: the calibrated baseline data of the model (countries, sectors, flows, tariffs,
 * input-output structure), loaded from a directory of CSV files (docs/data-format.md). */
#ifndef TRADEWAR_WORLD_H
#define TRADEWAR_WORLD_H

#include "tradewar/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Index convention used everywhere: n (or d) importer/destination, i (or o) exporter/origin,
 * j and k sectors. Arrays are flat, row-major, with the dimensions given by tw_dims. */
typedef struct tw_dims {
    int n; /* countries */
    int j; /* sectors */
} tw_dims;

/* Index of a bilateral-by-sector array [sector][importer][exporter]. */
static inline size_t tw_ix_nij(tw_dims d, int n, int i, int j)
{
    return ((size_t)j * (size_t)d.n + (size_t)n) * (size_t)d.n + (size_t)i;
}
/* Index of a country-by-sector array [country][sector]. */
static inline size_t tw_ix_nj(tw_dims d, int n, int j) { return (size_t)n * (size_t)d.j + (size_t)j; }
/* Index of an input-output array [country][input k][using j]. */
static inline size_t tw_ix_nkj(tw_dims d, int n, int k, int j)
{
    return ((size_t)n * (size_t)d.j + (size_t)k) * (size_t)d.j + (size_t)j;
}
/* Index of a sector-by-country array [sector][country] (the solver's per-sector sweeps). */
static inline size_t tw_ix_jn(tw_dims d, int j, int n) { return (size_t)j * (size_t)d.n + (size_t)n; }
/* Index of a bilateral array [importer][exporter] (sector totals). */
static inline size_t tw_ix_ni(tw_dims d, int n, int i) { return (size_t)n * (size_t)d.n + (size_t)i; }
/* Index of a sector-by-sector array [input k][using j] (input nests). */
static inline size_t tw_ix_kj(tw_dims d, int k, int j) { return (size_t)k * (size_t)d.j + (size_t)j; }

typedef struct tw_world tw_world;

/* Options for loading a world. Initialise with tw_world_options_init (which holds every
 * default), then set what you need. */
typedef struct tw_world_options {
    /* Name of a trade-elasticity set in the world's elasticities.csv; NULL or "" keeps the
     * theta column of sectors.csv. */
    const char *elasticities;
    /* Tolerance for shares that should add up to one (value added plus input shares of a
     * using sector; final-demand shares). Deviations up to it are renormalised and counted in
     * tw_world_renormalised(); larger ones are errors. In (0, 0.1]; default 1e-4. */
    double share_tolerance;
    /* Horizon of the results, in years after the shock (docs/model.md §2b): below 3 the short
     * run, below 10 the medium run, else the long run. It scales the trade elasticities in
     * force (horizons.csv or the default ratios) and chooses the sector-specific factors
     * (specific_factors.csv or the defaults). > 0; default INFINITY (the long run: the data's
     * elasticities and every factor mobile, the model of §2). tw_horizon_parse reads it. */
    double horizon_years;
    /* 1 (default): use the binary cache of parsed worlds and solved baselines
     * (docs/data-format.md "Binary cache"; $TRADEWAR_CACHE=off turns it off for every load,
     * $TRADEWAR_CACHE_DIR moves it). 0: always parse the CSV files. Results are the same bits
     * either way. */
    int cache;
} tw_world_options;

/* Horizons (docs/model.md §2b). */
typedef enum tw_horizon {
    TW_HORIZON_LONG = 0,   /* >= 10 years: long-run elasticities, factors mobile */
    TW_HORIZON_MEDIUM = 1, /* 3 to 10 years */
    TW_HORIZON_SHORT = 2   /* < 3 years: short-run elasticities, value added tied to its sector */
} tw_horizon;

/* Parses "short" (1 year), "medium" (5), "long" (INFINITY) or a number of years in (0, 1000].
 * @return 0 on success, -1 if not a horizon. */
TW_API int tw_horizon_parse(const char *s, double *years);
/* The horizon a number of years falls in. */
TW_API tw_horizon tw_horizon_of_years(double years);
/* "short", "medium" or "long". */
TW_API const char *tw_horizon_name(tw_horizon h);

/* Sets every field of o to its default. */
TW_API void tw_world_options_init(tw_world_options *o);

/* Loads a world from a directory (docs/data-format.md). opts may be NULL for defaults.
 * @return TW_OK, TW_ERR_IO (missing or unreadable file), TW_ERR_INPUT (bad content: err names
 * file, line, column and field), TW_ERR_NOMEM. *out is owned by the caller (tw_world_free). */
TW_API tw_status tw_world_load(const char *dir, const tw_world_options *opts, tw_world **out,
                               tw_error *err);

/* Loads a world from in-memory CSV texts instead of a directory: names[k] is the name of a
 * world file ("flows.csv", as in a directory, docs/data-format.md) and data[k] its lens[k]
 * bytes (copied), for k < n. The texts are read and checked exactly as the files of a
 * directory; error records name a text by its stem in angle brackets ("<flows>") with line
 * and column. The world's name defaults to "texts" (world.csv's name key sets it); the binary
 * cache is not used. Safe to call from several threads at once. @return as tw_world_load;
 * TW_ERR_USAGE for a name that is not a world file's or is given twice. */
TW_API tw_status tw_world_load_texts(const char *const *names, const char *const *data,
                                     const size_t *lens, int n, const tw_world_options *opts,
                                     tw_world **out, tw_error *err);

/* Frees a world; NULL is a no-op. */
TW_API void tw_world_free(tw_world *w);

/* Accessors. Indices must be in range; strings are owned by the world. */
TW_API tw_dims tw_world_dims(const tw_world *w);
TW_API const char *tw_world_name(const tw_world *w);
TW_API int tw_world_year(const tw_world *w);         /* 0 when unknown */
TW_API const char *tw_world_unit(const tw_world *w); /* unit of money values, e.g. "USD million" */
TW_API const char *tw_world_description(const tw_world *w);
/* The elasticity set in force ("sectors.csv" if none). */
TW_API const char *tw_world_elasticity_set(const tw_world *w);
TW_API int tw_world_elasticity_set_count(const tw_world *w);
TW_API const char *tw_world_elasticity_set_name(const tw_world *w, int s);
TW_API const char *tw_world_country_code(const tw_world *w, int n);
TW_API const char *tw_world_country_name(const tw_world *w, int n);
TW_API const char *tw_world_sector_code(const tw_world *w, int j);
TW_API const char *tw_world_sector_name(const tw_world *w, int j);
TW_API double tw_world_theta(const tw_world *w, int j);
TW_API int tw_world_sector_is_goods(const tw_world *w, int j); /* 0 for services */

/* Index of a code, or -1. */
TW_API int tw_world_country_index(const tw_world *w, const char *code);
TW_API int tw_world_sector_index(const tw_world *w, const char *code);

/* The closest known code to an unknown one (for "did you mean"), or NULL. */
TW_API const char *tw_world_country_suggest(const tw_world *w, const char *code);
TW_API const char *tw_world_sector_suggest(const tw_world *w, const char *code);
/* Every known code tied as the closest to an unknown one, quoted and joined into buf for a
 * message ("'CHN'", "'CHE' or 'CHN'"; at most 4, in the world's order). @return buf, or NULL
 * when no code is close enough. */
TW_API const char *tw_world_country_suggest_all(const tw_world *w, const char *code, char *buf,
                                                size_t size);
TW_API const char *tw_world_sector_suggest_all(const tw_world *w, const char *code, char *buf,
                                               size_t size);

/* Baseline data (borrowed pointers, valid while the world lives):
 * flows [j][n][i]: sales of i to n in sector j at exporter prices, tariff excluded (money unit);
 * tariff rates [j][n][i] (0.25 = 25%) imposed by importer n on exporter i. */
TW_API const double *tw_world_flows(const tw_world *w);
TW_API const double *tw_world_tariffs(const tw_world *w);
/* Value-added share of gross output [n][j]; input shares [n][k][j]; final-demand shares [n][j]. */
TW_API const double *tw_world_va_share(const tw_world *w);
TW_API const double *tw_world_io_share(const tw_world *w);
TW_API const double *tw_world_final_share(const tw_world *w);
/* Value added by country [n], deficit (imports minus exports) by country [n]. */
TW_API const double *tw_world_value_added(const tw_world *w);
TW_API const double *tw_world_deficit(const tw_world *w);

/* Production nests (docs/model.md eq. (1'), docs/data-format.md input_elasticities.csv):
 * the elasticity of substitution of using sector j's CES nest (1 = Cobb-Douglas, the default),
 * and whether input sector k sits in that nest (1) or in j's Cobb-Douglas core (0). These are
 * the world file's values; tw_solver_options can override them per model. */
TW_API double tw_world_input_elasticity(const tw_world *w, int j);
TW_API int tw_world_input_nested(const tw_world *w, int k, int j);
/* The horizon the world was loaded at (tw_world_options.horizon_years), the ratio of sector
 * j's trade elasticity in force to its long-run one, and the share of (country n, sector j)'s
 * value added paid to factors that cannot leave the sector at that horizon (0: all mobile). */
TW_API tw_horizon tw_world_horizon(const tw_world *w);
TW_API double tw_world_horizon_years(const tw_world *w);
TW_API double tw_world_theta_ratio(const tw_world *w, int j);
TW_API double tw_world_specific_share(const tw_world *w, int n, int j);
/* The sector j was carved out of (carved.csv; tools/carve_sector), or -1. */
TW_API int tw_world_sector_parent(const tw_world *w, int j);

/* How many share vectors were renormalised within tolerance while loading, and the largest
 * deviation seen. */
TW_API int tw_world_renormalised(const tw_world *w, double *max_deviation);
/* Final-demand entries derived as a negative residual and set to zero (see data-format.md). */
TW_API int tw_world_final_clamped(const tw_world *w);

#ifdef __cplusplus
}
#endif
#endif
