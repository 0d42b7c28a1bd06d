/* SPDX-License-Identifier: MIT */
/* Optional equation blocks of a world beyond Caliendo-Parro (docs/model.md §2c, docs/data-format.md
 * "blocks.csv"): elastic labour supply, the use of tariff revenue, external scale economies and
 * a destination-income share of costs, as in Ignatenko, Macedoni, Lashkaripour and Simonovska
 * (JIE 2025). Read from the world folder's blocks.csv; absent file: no blocks (w->blocks NULL). */
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
    double *psi;       /* [n] external scale elasticity of unit costs to employment, >= 0 */
    unsigned char *revenue; /* [n] tw_revenue_use */
};

/* Reads dir/blocks.csv if present (columns country, nu, tariff_exponent, labour_elasticity,
 * scale_elasticity, revenue_use; every country once) into w->blocks, and rewrites w->wl and
 * w->deficit for the destination-income share: w L_n = sum_m (1 - nu_m) X_mn + nu_n sum_i
 * X_ni (exporter prices), D_n = sum_i X_ni - w L_n. Requires a world with one sector and no
 * intermediate inputs. @return TW_OK (no file: no blocks); TW_ERR_IO; TW_ERR_INPUT (file:line:
 * column and field); TW_ERR_NOMEM. */
tw_status tw_world_read_blocks(tw_world *w, const char *dir, tw_error *err);

/* Frees w->blocks (NULL-safe). */
void tw_world_blocks_free(tw_world *w);

#endif
