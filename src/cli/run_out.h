/* SPDX-License-Identifier: MIT */
/* Internal to `tradewar run`: the evaluated scenario as its writers see it (cmd_run.c,
 * run_svg.c). */
#ifndef TW_CLI_RUN_OUT_H
#define TW_CLI_RUN_OUT_H

#include <stddef.h>
#include <stdio.h>

#include "tradewar/tradewar.h"

/* A country or group shown in tables: its member indices. */
typedef struct shown {
    const char *name;
    int *members;
    int n;
} shown;

typedef struct run_ctx {
    const char *file; /* the scenario's name or path as given */
    const tw_world *w;
    const tw_scenario *s;
    const tw_timeline *t;
    shown *show;
    int nshow, nplayers;
    /* With --draws: the solved draws, whose output k (nshow + 1) + g is the real income of
     * group g (nshow: the world) at step k (cli/draws_cli.h); NULL otherwise. */
    const tw_draws *draws;
    const tw_plan *plan; /* the scenario bound to w, which t evaluated */
} run_ctx;

/* After the step table: welfare_pct and employment_pct of the shown countries and groups, by
 * step, when the model has its own welfare measure (src/cli/run_welfare.c); nothing otherwise. */
void tw_run_print_own_welfare(const run_ctx *c);

static inline double group_real_income(const tw_results *r, const shown *g)
{
    return tw_group_real_income_pct(r, g->members, g->n);
}

/* Average tariff of group m on group e (the library's default: goods, baseline imports), %,
 * from pair averages bt [n][i] (a step's bilateral_tariff). */
static inline double group_tariff_of(const run_ctx *c, const double *bt, const shown *m,
                                     const shown *e)
{
    return 100.0 * tw_tariff_average_of_pairs(c->w, NULL, bt, m->members, m->n, e->members, e->n);
}

static inline double group_tariff(const run_ctx *c, const tw_timeline_step *st, const shown *m,
                                  const shown *e)
{
    return group_tariff_of(c, st->bilateral_tariff, m, e);
}

/* Opens dir/name for writing (its path into path), printing why not: NULL on failure. */
FILE *tw_run_open_in(const char *dir, const char *name, char *path, size_t size);

/* A scenario given on the command line (a path, or a shipped scenario's name under the
 * spelling rule, as `tradewar run` takes it) into out. @return 0, or -1 if there is none. */
int tw_run_resolve_scenario(const char *name, char *out, size_t size);

/* `run --list`: every shipped scenario with its title, one a line. @return an exit code. */
int tw_run_list_scenarios(void);

/* Loads the world of scenario s as `run` does: world and elasticities (NULL: the scenario's)
 * at *years, or (years NULL) at the scenario's horizon key, else the long run (docs/model.md
 * §2b). @return an exit code, the error printed. */
int tw_run_load_world(const tw_scenario *s, const char *world, const char *elasticities,
                      const double *years, tw_world **out);

/* Creates dir unless it exists: 0, or TW_EXIT_IO after printing why not. */
int tw_run_ensure_dir(const char *dir);

/* Writes steps.csv, countries.csv, trade.csv and sectors.csv into dir (created if needed), their
 * columns named and in the units of the timeline document's fields (docs/json.md).
 * @return an exit code, after printing any error. */
int tw_run_write_csv(const run_ctx *c, const char *dir);

/* At a horizon with specific factors (tw_timeline_step_factors): prints the players' factor
 * returns by sector at every step after the timeline table (run_factors.c); else nothing. */
void tw_run_print_factors(const run_ctx *c);

/* At a horizon with specific factors: writes dir/factors.csv (existing dir), one row per step,
 * country and sector, the fields of the timeline document's "factors". @return an exit code. */
int tw_run_write_factors_csv(const run_ctx *c, const char *dir);

/* Writes timeline.svg, countries.svg and sectors-BRANCH.svg into dir (created if needed).
 * @return an exit code, after printing any error. */
int tw_run_write_svgs(const run_ctx *c, const char *dir);

#endif
