/* SPDX-License-Identifier: MIT */
/* carve_sector's spec and the carved world it writes (tools/carve_sector.c, carve_write.c). */
#ifndef TW_TOOLS_CARVE_SECTOR_H
#define TW_TOOLS_CARVE_SECTOR_H

#include "tradewar/tradewar.h"

typedef struct spec {
    const char *path;
    char code[32], name[256], parent[32], description[512];
    double theta, sigma, vpu, max_share;
    int have_theta;
    double *output;   /* [n] in spec units */
    double *absorb;   /* [n] pinned, or -1 */
    double *weight;   /* [j] of the parent world */
} spec;

/* The carved world, ready to be written and summarised: the parent world w and, of the child
 * (sector C = J, the last), its flows fc[n * N + i] (importer n, exporter i), the value-added
 * shares va2 and input shares io2 of the world with J + 1 sectors (d2). */
typedef struct carved {
    const tw_world *w;
    const spec *s;
    const char *world_dir;
    const char **codes;
    tw_dims d, d2;
    int P;
    const double *fc, *va2, *io2;
} carved;

/* countries.csv, sectors.csv, world.csv, flows.csv and tariffs.csv of the carved world. */
void carve_write_trade(const char *out, const carved *cv);
/* value_added.csv, io.csv, final_demand.csv, elasticities.csv, input_elasticities.csv and
 * carved.csv of the carved world. */
void carve_write_shares(const char *out, const carved *cv);

#endif
