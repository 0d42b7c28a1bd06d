/* SPDX-License-Identifier: MIT */
/* The world being built by build_icio2022 (data/icio2022/README.md), shared by its two files:
 * build_icio2022.c (flows, tariffs, elasticities, output) and icio_io.c (the input-output block:
 * WIOD mapping and balancing). */
#ifndef TW_TOOLS_BUILD_ICIO2022_H
#define TW_TOOLS_BUILD_ICIO2022_H

#include <stddef.h>

#include "tool_util.h"
#include "tradewar/world.h"

#define MAXS 64 /* sectors (ICIO: 28; WIOD: 35) */

#define NSETS 8 /* trade-elasticity sets (build_icio2022.c: elasticity_sets) */

typedef struct icio {
    int nc, ns;
    tt_list code, name, wiod_of; /* countries */
    tt_list label, scode, sname; /* sectors: label in the raw cube, code and name in the world */
    int goods[MAXS];
    double *flow;   /* [exporter i][importer n][sector j] (fx), USD million */
    double *tariff; /* same layout: rate of importer n on exporter i */
    double *va_share; /* [n][j] (tw_ix_nj) */
    double *io_share; /* [n][k][j] (tw_ix_nkj): input k in the gross output of using sector j */
    double theta[NSETS][MAXS];
    int usa, chn;
    int balanced; /* 1: the input-output block is balanced (icio_balance) */
} icio;

/* The dimensions of the world being built. */
static inline tw_dims dims(const icio *w) { return (tw_dims){.n = w->nc, .j = w->ns}; }

/* Index of the raw cube's exporter-major arrays [exporter i][importer n][sector j]. */
static inline size_t fx(const icio *w, int i, int n, int j)
{
    return ((size_t)i * (size_t)w->nc + (size_t)n) * (size_t)w->ns + (size_t)j;
}

/* Input-output and value-added shares from WIOD 2011 mapped to the ICIO sectors (icio_io.c). */
void icio_build_io(icio *w, const char *raw);
/* Counts (and prints) the negative final-demand residuals the engine would clamp. */
void icio_residual_report(const icio *w);
/* Balances the input-output block against the flows (balance_io.h), printing every adjustment. */
void icio_balance(icio *w);

#endif
