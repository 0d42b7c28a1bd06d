/* SPDX-License-Identifier: MIT */
/* Optional equation blocks of a world beyond Caliendo-Parro (docs/model.md §2c, docs/data-format.md
 * "blocks.csv"): elastic labour supply, the use of tariff revenue, external scale economies and
 * a destination-income share of costs, as in Ignatenko, Macedoni, Lashkaripour and Simonovska
 * (JIE 2025), on worlds with any number of sectors and input-output links. Read from the world
 * folder's blocks.csv (and scale_elasticities.csv, sector-level scale elasticities); absent
 * blocks.csv: no blocks (w->blocks NULL). */
#ifndef TW_DATA_BLOCKS_H
#define TW_DATA_BLOCKS_H

#include "data/world_internal.h"

/* What a country does with its tariff revenue. */
typedef enum tw_revenue_use {
    TW_REVENUE_LUMP_SUM = 0,  /* rebated to households lump-sum (Caliendo-Parro) */
    TW_REVENUE_LABOUR_TAX = 1 /* finances a cut of a labour-income tax: the tax rate is the
                               * revenue's share of labour income (the paper's Cases 1 and 3) */
} tw_revenue_use;

struct tw_world_blocks {
    double *nu;        /* [n] share of a purchase's producer value that is income of the buyer */
    double *phi;       /* [n] tariff exponent: the importer's tariff enters costs as (1+t)^phi */
    double *kappa;     /* [n] elasticity of labour supply to the (after-tax) real wage, >= 0 */
    double *psi;       /* [n][j] external scale elasticity of sector j's unit cost to the
                        * sector's employment, >= 0 (tw_ix_nj) */
    double *lshare;    /* [n][j] sector j's share of n's labour income in the data, with the
                        * destination income of n's purchases of j (docs/model.md (L3s)) */
    unsigned char *revenue; /* [n] tw_revenue_use */
};

/* Reads dir/blocks.csv if present (columns country, nu, tariff_exponent, labour_elasticity,
 * scale_elasticity, revenue_use; every country once) and the optional
 * dir/scale_elasticities.csv (columns country or '*', sector, scale_elasticity: psi by sector)
 * into w->blocks, and rewrites w->wl and w->deficit for the destination-income share:
 * w L_n = sum_j gamma_n^j sum_m (1 - nu_m) X_mn^j + nu_n sum_i,j X_ni^j (exporter prices),
 * D_n = sum_i,j X_ni^j - sum_j,m (1 - nu_m) X_mn^j - nu_n sum_i,j X_ni^j. @return TW_OK (no
 * file: no blocks); TW_ERR_IO; TW_ERR_INPUT (file:line:column and field); TW_ERR_NOMEM. */
tw_status tw_world_read_blocks(tw_world *w, const char *dir, tw_error *err);

/* Sector labour shares w->blocks->lshare from the flows and w->blocks->nu (after loading, or
 * after decoding a cached world). */
void tw_world_blocks_shares(tw_world *w);

/* Frees w->blocks (NULL-safe). */
void tw_world_blocks_free(tw_world *w);

#endif
