/* SPDX-License-Identifier: MIT */
/* `--draws N [--seed S] [--threads K] ...` of solve and run (docs/uncertainty.md): options,
 * the draws of a world, and the parts of the output every command shares (the summary line,
 * failed draws, draws.csv, the JSON "uncertainty" object). */
#ifndef TW_CLI_DRAWS_CLI_H
#define TW_CLI_DRAWS_CLI_H

#include <stdio.h>

#include "io/json.h"
#include "tradewar/tradewar.h"

typedef struct tw_cli_draws {
    int on;    /* --draws given */
    int given; /* any draw option given (--seed, --threads, ... mean nothing without --draws) */
    tw_draw_options opt;
    int shard_k, shard_n; /* --shard k/K (shard_n 0: none) */
    const char *cmd;      /* the command and its arguments, for a shard's header */
    int argc;
    char **argv;
} tw_cli_draws;

/* tw_cli_draws_solve's code for "this process is done: it wrote a part (--shard) or sent its
 * draws to rank 0 (MPI); print nothing more, exit 0". */
#define TW_CLI_DRAWS_DONE (-1)

/* Solves the draws of d, or takes them from the parts `tradewar merge` read, or solves this
 * shard's or MPI rank's range (docs/scale.md); point holds the n results on the world's
 * theta. @return an exit code after printing any error, or TW_CLI_DRAWS_DONE. */
int tw_cli_draws_solve(tw_draws *d, const tw_cli_draws *cd, const tw_world *w,
                       const tw_model_options *mo, int n, const double *point, tw_draw_fn fn,
                       void *ctx);

/* `tradewar merge` (cmd_merge.c) sets these before it replays the shards' command. */
typedef struct tw_cli_part {
    const char *name; /* file */
    const char *data; /* the draws part after the shard header */
    size_t len;
} tw_cli_part;
void tw_cli_draws_set_parts(const tw_cli_part *parts, int n);
int tw_cli_merge(int argc, char **argv);

/* MPI (mpi_glue.c; without TW_MPI: one rank). */
void tw_cli_mpi_init(int *argc, char ***argv);
void tw_cli_mpi_finalize(void);
int tw_cli_mpi_rank(void);
int tw_cli_mpi_size(void);
/* Rank 0 receives every rank's len bytes at data: *all (malloc'd) holds them one after the
 * other, lens[r] (malloc'd, size ranks) their lengths; other ranks get NULLs. @return 0, or -1
 * when out of memory (then the run is aborted). */
int tw_cli_mpi_gather(const char *data, size_t len, char **all, size_t **lens);
/* Stops every rank with exit code rc (MPI_Abort), or returns without MPI. */
void tw_cli_mpi_abort(int rc);

void tw_cli_draws_init(tw_cli_draws *d);

/* If argv[*k] is a draw option, consumes it (and its value) and returns 1, or returns -1 with
 * *rc the exit code after printing a usage error; 0 if it is another option. */
int tw_cli_draws_opt(const char *cmd, int argc, char **argv, int *k, tw_cli_draws *d, int *rc);

/* A usage error (exit code) when draw options came without --draws, else 0. */
int tw_cli_draws_check(const char *cmd, const tw_cli_draws *d);

/* The usage lines of the draw options. */
void tw_cli_draws_help(FILE *out);

/* The draws of world w (loaded from --world value `world`): estimate draws read
 * DIR/theta_se.csv. @return an exit code after printing any error. */
int tw_cli_draws_create(const char *world, const tw_world *w, const tw_cli_draws *d,
                        tw_draws **out);

/* Model options for the draws: o without the progress callback (draws run on threads). */
tw_model_options tw_cli_draws_model_options(const tw_model_options *o);

/* "Uncertainty: ..." and one line per failed draw (its theta differences), to out. */
void tw_cli_draws_print_summary(FILE *out, const tw_world *w, const tw_draws *d);

/* Writes draws.csv into dir: draw, status, set, message, then theta of every sector.
 * @return an exit code after printing any error. */
int tw_cli_draws_write_csv(const char *dir, const tw_world *w, const tw_draws *d);

/* bands.csv of every command: opens dir/bands.csv (dir created if needed; its path into
 * path), printing why not: NULL on failure. */
FILE *tw_cli_draws_open_bands(const char *dir, char *path, size_t size);
/* The four numbers of a band row (",point,p5,p50,p95" as tw_cli_csv_num writes them) and the
 * end of the line. */
void tw_cli_draws_csv_band(FILE *f, const tw_band *b);
/* Closes f (the file at path), then writes draws.csv into dir. @return an exit code after
 * printing any error. */
int tw_cli_draws_close_bands(FILE *f, const char *path, const char *dir, const tw_world *w,
                             const tw_draws *d);

/* Writes the "uncertainty" object's settings and failures (its "bands" are the caller's):
 * call between the key and the caller's "bands" key; leaves the object open. */
void tw_cli_draws_json_begin(tw_json *js, const tw_world *w, const tw_draws *d);

/* One band as the JSON members point, p5, p50, p95 (in an open object). */
void tw_cli_draws_json_band(tw_json *js, const tw_band *b);

/* `solve --draws` (solve_draws.c): the shock file solved for every draw of d on models of w
 * with options mo; point holds the results on the world's theta. Outputs per draw:
 * TW_SOLVE_FIELDS fields of every country, the world's real income, and the change in every
 * bilateral flow. @return an exit code after printing any error. */
#define TW_SOLVE_FIELDS TW_SOLVE_DRAWS_FIELDS /* tradewar/solve_draws.h */
int tw_cli_solve_draws(tw_draws *d, const tw_cli_draws *cd, const tw_world *w,
                       const tw_model_options *mo, const char *shock, const tw_results *point);
/* The band tables of a solve (focus: the countries listed; all: every one). */
void tw_cli_solve_bands_table(const tw_world *w, const tw_draws *d, const int *focus, int all);
/* The solve's "uncertainty" JSON object (settings, failures and every band) on stdout after
 * the point document; see docs/json.md. @return an exit code. */
int tw_cli_solve_bands_json(const tw_world *w, const tw_draws *d);
/* bands.csv and draws.csv into dir. @return an exit code. */
int tw_cli_solve_bands_csv(const char *dir, const tw_world *w, const tw_draws *d);

/* `run --draws` (run_draws.c): the timeline of scenario s solved for every draw of d; the
 * outputs are the real income of each of the nshow groups (then the world) at every step of
 * the point timeline c->t. Then the band table (unless json), the "uncertainty" JSON object
 * after the point document (json), bands.csv and draws.csv (csv_dir). @return an exit code. */
struct run_ctx;
int tw_cli_run_draws(tw_draws *d, const tw_cli_draws *cd, const struct run_ctx *c,
                     const tw_model_options *mo);
int tw_cli_run_draws_write(const tw_draws *d, const struct run_ctx *c, int json,
                           const char *csv_dir);

/* Policy uncertainty of `run` (run_odds.c), when the scenario's truces give probabilities: the
 * expected path and its spread and the value of certainty with CRRA risk aversion, as a table,
 * the "policy_uncertainty" JSON object after the point document (json) and expected.csv
 * (csv_dir). @return an exit code. */
int tw_cli_run_odds(const struct run_ctx *c, double risk_aversion, int json,
                    const char *csv_dir);

#endif
