/* SPDX-License-Identifier: MIT */
/* The world's layout, shared by the data and model layers (not part of the public API). */
#ifndef TW_DATA_WORLD_INTERNAL_H
#define TW_DATA_WORLD_INTERNAL_H

#include <stdint.h>

#include "data/names.h"
#include "tradewar/world.h"

struct tw_csv_texts;

struct tw_world {
    /* While loading from texts (tw_world_load_texts): the texts the files are read from
     * (borrowed; NULL otherwise and once loaded). */
    const struct tw_csv_texts *texts;
    char *name, *unit, *description, *elasticity_set;
    char *default_set; /* world.csv "elasticities": the set sectors.csv's theta comes from */
    int year;
    tw_dims d;
    char **country_code, **country_name;
    char **sector_code, **sector_name;
    int *goods;       /* [j] */
    double *theta;    /* [j] in force */
    int nsets;
    char **set_name;  /* [s] */
    double *set_theta; /* [s][j], indexed by tw_world_set_ix */
    double *flow;     /* [j][n][i] sales of i to n, exporter prices */
    double *tariff;   /* [j][n][i] */
    double *va;       /* [n][j] value-added share gamma_n^j */
    double *io;       /* [n][k][j] input share gamma_n^{k,j} */
    double *alpha;    /* [n][j] final-demand share */
    double *absorption; /* [n][j] X_n^j = sum_i flow (1 + tariff) */
    double *output;   /* [n][j] Y_n^j = sum_m flow_mn^j */
    double *wl;       /* [n] value added */
    double *deficit;  /* [n] imports - exports */
    tw_codemap country_map, sector_map;
    int renormalised;
    double renorm_max;
    int final_clamped;
    /* Production beyond Cobb-Douglas (src/data/nests.c, docs/model.md eq. (1')). */
    double *in_sigma;       /* [j] elasticity of using sector j's CES nest (1 = Cobb-Douglas) */
    unsigned char *in_nest; /* [k][j] 1 if input k sits in j's CES nest */
    int *parent;            /* [j] sector j was carved out of, or -1 */
    /* Horizon (src/data/horizon.c, docs/model.md §2b). */
    tw_horizon horizon;
    double horizon_years;
    double *theta_ratio; /* [j] theta in force / long-run theta */
    double *specific;    /* [n][j] share of value added that cannot leave the sector, or NULL */
    /* Binary cache (src/data/cache.c): the key the world was loaded under, which the
     * baseline cache extends; has_cache_key 0 when the cache was off. */
    uint64_t cache_key[2];
    int has_cache_key;
    /* Optional blocks of blocks.csv (data/blocks.h), or NULL. */
    struct tw_world_blocks *blocks;
    double *profit_share; /* [j] share of revenue paid as profits (profits.csv), or NULL */
    double *political;    /* [n][j] political-economy weights (political_weights.csv), or NULL */
};

/* Index of a set-by-sector array [elasticity set s][sector j] (set_theta). */
static inline size_t tw_world_set_ix(tw_dims d, int s, int j)
{
    return (size_t)s * (size_t)d.j + (size_t)j;
}

/* tw_world_load after its checks of the arguments and the directory; also the loader of a
 * world from texts (tw_world_load_texts: texts not NULL, its files read from them, dir naming
 * the world). */
tw_status tw_world_load_at(const char *dir, const struct tw_csv_texts *texts,
                           const tw_world_options *opts, tw_world **out, tw_error *err);

#endif
