/* SPDX-License-Identifier: MIT */
/* Internal to `tradewar run`: a timeline at several horizons side by side (run_horizons.c). */
#ifndef TW_CLI_RUN_HORIZONS_H
#define TW_CLI_RUN_HORIZONS_H

#include "tradewar/tradewar.h"

#define TW_RUN_MAX_HORIZONS 4

typedef struct tw_run_horizons_args {
    const tw_scenario *s;
    const char *world;               /* world name or directory */
    const tw_model_options *options; /* nest rules resolved on the world's sectors */
    const double *horizons;          /* years (tw_horizon_parse), n_horizons of them */
    int n_horizons;
    int json;
    const char *csv_dir; /* NULL: none */
} tw_run_horizons_args;

/* Evaluates and writes. @return an exit code, after printing any error. */
int tw_run_horizons(const tw_run_horizons_args *a);

/* Parses "H1,H2,..." (each as --horizon, at most TW_RUN_MAX_HORIZONS). @return 0 or -1. */
int tw_run_parse_horizons(const char *v, double *years, int *n);

#endif
