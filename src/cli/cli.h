/* SPDX-License-Identifier: MIT */
/* Shared pieces of the command-line program: exit codes, argument helpers, world lookup. */
#ifndef TW_CLI_H
#define TW_CLI_H

#include <stdio.h>

#include "tradewar/tradewar.h"

/* Exit codes (docs/cli.md). */
enum {
    TW_EXIT_OK = 0,
    TW_EXIT_USAGE = 2,         /* bad command line */
    TW_EXIT_INPUT = 3,         /* bad input data, shock or scenario */
    TW_EXIT_IO = 4,            /* file missing, unreadable or unwritable */
    TW_EXIT_NOT_CONVERGED = 5, /* a solver did not converge: no result printed */
    TW_EXIT_NUMERIC = 6,       /* numerical failure */
    TW_EXIT_INTERRUPTED = 130, /* stopped by Ctrl-C: partial results, marked as such */
    TW_EXIT_INTERNAL = 70      /* out of memory or internal error */
};

/* Maps a library status to an exit code. */
int tw_cli_exit_code(tw_status st);

/* Prints err GCC-style to stderr, prefixed with "tradewar: " when it has no file. */
void tw_cli_print_error(const tw_error *err);

/* Prints a usage error and returns TW_EXIT_USAGE. */
int tw_cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Option matching: if argv[*k] is `--name VALUE` or `--name=VALUE`, stores VALUE, advances *k
 * and returns 1; returns -1 if the value is missing; 0 if argv[*k] is another option. Names
 * take the spelling rule after their leading "--" (--max_rate is --max-rate; src/core/spelling.h). */
int tw_cli_opt(int argc, char **argv, int *k, const char *name, const char **value);
/* 1 if arg is the option `name` (a flag without a value), under the same rule. */
int tw_cli_flag(const char *arg, const char *name);

/* Resolves --world: a directory path, or a shipped world's name (searched in $TRADEWAR_DATA,
 * the source tree's data/, the installed data directory). Writes the directory into out. */
int tw_cli_world_dir(const char *world, char *out, size_t size);

/* The shipped worlds found (as for --world), comma-separated and sorted, into out ("" if none):
 * the help texts list them from here, so that none is forgotten. */
void tw_cli_shipped_worlds(char *out, size_t size);

/* CSV cells of the CLI's files: ",v" with 17 significant digits (as the JSON documents), or ","
 * (JSON null) when v is not finite; a text field quoted, its quotes doubled. */
void tw_cli_csv_num(FILE *f, double v);
void tw_cli_csv_text(FILE *f, const char *s);

/* Loads a world (with an optional elasticity set), printing any error; returns an exit code. */
int tw_cli_load_world(const char *world, const char *elasticities, tw_world **out);
/* As tw_cli_load_world, at a horizon of `years` (tw_world_options.horizon_years). */
int tw_cli_load_world_at(const char *world, const char *elasticities, double years,
                         tw_world **out);
/* Parses the value of --horizon (r from tw_cli_opt) into *years; on error prints the usage
 * error of cmd and returns its exit code, else 0. */
int tw_cli_horizon_arg(const char *cmd, int r, const char *v, double *years);
/* One line on w's horizon: years, the ratio of the trade elasticities to the long run and the
 * share of value added that cannot leave its sector (src/cli/horizon.c). */
void tw_cli_print_horizon(FILE *out, const tw_world *w);
/* The factor returns of eq (tw_factor_returns) for the countries with focus[n] set: the
 * mobile wage and the sectors whose specific factors gain and lose most. @return 0, or -1 out
 * of memory. */
int tw_cli_print_factors(FILE *out, const tw_model *m, const tw_equilibrium *eq,
                         const int *focus);
/* Writes DIR/factors.csv (country, sector, specific share, specific return, mobile wage).
 * @return an exit code, after printing any error. */
int tw_cli_write_factors_csv(const tw_model *m, const tw_equilibrium *eq, const char *dir);

/* As tw_cli_nest_rule, the reason written into msg[size] instead of printed (the web
 * server's jobs answer it as "tradewar CMD: " msg). @return 0 or -1. */
int tw_cli_nest_rule_check(const tw_world *w, const char *opt, const char *value,
                           tw_input_elasticity *rule, char *msg, size_t size);
/* --input-elasticity INPUT:USER=VALUE or --critical-elasticity VALUE (opt names which) into
 * rule, resolving codes in w. @return 0, or -1 after printing a usage error. */
int tw_cli_nest_rule(const tw_world *w, const char *cmd, const char *opt, const char *value,
                     tw_input_elasticity *rule);
/* Prints the input nests of obj (a world or a model, through the accessors below). */
void tw_cli_print_nests(FILE *out, const tw_world *w, double (*sigma)(const void *, int),
                        int (*nested)(const void *, int, int), const void *obj);
double tw_cli_world_sigma(const void *w, int j);
int tw_cli_world_nested(const void *w, int k, int j);
double tw_cli_model_sigma(const void *m, int j);
int tw_cli_model_nested(const void *m, int k, int j);

/* Shows the progress of long solves on standard error when it is a terminal (src/cli/
 * progress.c): sets o's progress callback. tw_cli_progress_end erases the line after a solve. */
void tw_cli_solver_progress(tw_solver_options *o);
void tw_cli_progress_end(void);

/* Prints every warning of list on standard error, GCC-style (src/cli/sector_parts.c). */
void tw_cli_print_warnings(const tw_warnings *list);
/* v for printing with %.<decimals>f, except 0 when v would print as a negative zero
 * ("-0.000"): tables never show one (src/cli/sector_parts.c). */
double tw_cli_nz(double v, int decimals);
/* The `--by-sector` table: for each of the countries, its top sectors by the size of their
 * part of the first-order change in real income (every sector when top >= the sector count).
 * @return 0, or -1 when out of memory. */
int tw_cli_print_sector_parts(FILE *out, const tw_world *w, const tw_results *r,
                              const int *countries, int ncountries, int top);

int tw_cli_world(int argc, char **argv);
int tw_cli_solve(int argc, char **argv);
int tw_cli_run(int argc, char **argv);
int tw_cli_brief(int argc, char **argv); /* cmd_brief.c */
/* Strategy commands (cmd_optimal.c, cmd_war.c, cmd_escalate.c, cmd_talks.c, cmd_enforce.c). */
int tw_cli_optimal(int argc, char **argv);
int tw_cli_war(int argc, char **argv);
int tw_cli_escalate(int argc, char **argv);
int tw_cli_talks(int argc, char **argv);
/* `tradewar bargain` (cmd_bargain.c): Nash bargaining over export controls. */
int tw_cli_bargain(int argc, char **argv);
int tw_cli_enforce(int argc, char **argv);
int tw_cli_tariffs(int argc, char **argv);

#define TW_DEFAULT_WORLD "icio2022"

#endif
