/* SPDX-License-Identifier: MIT */
/* Shared pieces of the strategy subcommands (optimal, war, escalate, talks, enforce):
 * common options, the world/model/game session, interruption, progress and output. */
#ifndef TW_CLI_STRATEGY_CLI_H
#define TW_CLI_STRATEGY_CLI_H

#include <signal.h>
#include <stdio.h>

#include "cli/draws_cli.h"
#include "tradewar/tradewar.h"

#define TW_SC_MAX_PLAYERS 128
#define TW_SC_MAX_NEST_OPTS 32

/* Options every strategy command takes. */
typedef struct tw_sc_common {
    const char *world, *elast;
    double years; /* --horizon (tw_horizon_parse), INFINITY by default */
    tw_deficit_closure closure;
    int json;
    int progress; /* 1 --progress, -1 --quiet, 0 when standard error is a terminal */
    tw_instrument_kind kind;
    int services;
    double max_rate; /* upper bound of chosen tariffs (levels or increases) */
    int only_increases;
    int political; /* --political-economy: payoffs with the world's political_weights.csv */
    int payoff;    /* --payoff: TW_PAYOFF_* (tradewar/model.h) */
    /* --input-elasticity / --critical-elasticity, in order: option name and value (resolved
     * against the world by tw_sc_open) */
    const char *nest_cmd, *nest_opt[TW_SC_MAX_NEST_OPTS], *nest_val[TW_SC_MAX_NEST_OPTS];
    int nnest;
    /* --draws, --seed, ... (cli/draws_cli.h; strategy_draws.h) and --csv DIR for the bands;
     * taken only by commands that set draws_ok before parsing (others refuse them). */
    int draws_ok;
    tw_cli_draws draws;
    const char *csv_dir;
} tw_sc_common;

void tw_sc_common_init(tw_sc_common *c);

/* Help text of the common options. */
void tw_sc_common_help(FILE *out, int with_instrument);

/* If argv[*k] is a common option, consumes it and returns 1; returns 0 if it is not one; on a
 * bad value prints a usage error, sets *rc and returns -1. */
int tw_sc_parse_common(const char *cmd, int argc, char **argv, int *k, tw_sc_common *c,
                       int *rc);

/* The value v of common option --name (payoff, deficits, instrument or max-rate) into c, as
 * tw_sc_parse_common reads it. @return 1; 0 if name is none of them; -1 with the usage
 * error's text (without "tradewar CMD: ") in msg[size] (the web server's jobs answer it). */
int tw_sc_common_value(const char *name, const char *v, tw_sc_common *c, char *msg, size_t size);

typedef struct tw_sc_session {
    tw_world *w;
    tw_model *m;
    tw_game *g;
    tw_policy *today;
} tw_sc_session;

/* Loads the world, solves the baseline and creates a game whose loops stop on SIGINT.
 * @return an exit code. */
int tw_sc_open(const tw_sc_common *c, tw_sc_session *s);
void tw_sc_close(tw_sc_session *s);

/* x, with round-off around zero (|x| < 1e-9) shown as 0 rather than -0.0000. */
static inline double tw_sc_clean(double x) { return x > -1e-9 && x < 1e-9 ? 0.0 : x; }

/* Ends the progress line on standard error, if one was shown. */
void tw_sc_progress_done(void);

/* 1 once SIGINT arrived (the computation then stops at its next check). */
int tw_sc_interrupted(void);

/* Parses a comma-separated list of country codes into indices (at most max). Prints a usage
 * error naming the unknown code, with a suggestion, and returns -1 on failure. */
int tw_sc_countries(const char *cmd, const tw_world *w, const char *list, int *out, int max);
/* Parses a comma-separated list of numbers (n expected, or 1 to be repeated). */
int tw_sc_numbers(const char *cmd, const char *opt, const char *list, double *out, int n);
/* As tw_sc_countries and tw_sc_numbers, the usage error's text (without "tradewar CMD: ")
 * written into msg[size] instead of printed: the web server's jobs answer it as a 400. */
int tw_sc_countries_check(const tw_world *w, const char *list, int *out, int max, char *msg,
                          size_t size);
int tw_sc_numbers_check(const char *opt, const char *list, double *out, int n, char *msg,
                        size_t size);
/* escalate's --rules (one, or one per player) and the per-player lists lists[4] of --opening,
 * --factor, --cap and --forgive (NULL: 0, 1, 0, 0) into pl[np] for players (indices) playing
 * instruments of kind. @return 0, or -1 with the usage error's text in msg[size]. */
int tw_sc_escalation_players(const char *rules, const char *const lists[4], const int *players,
                             int np, tw_instrument_kind kind, tw_escalation_player *pl,
                             char *msg, size_t size);

/* Maps a status to an exit code, printing the error (interruptions exit with 130). */
int tw_sc_fail(tw_status st, const tw_error *err);

/* The average tariff the strategy commands report: goods, or goods and services with
 * --services, weighted by baseline imports (tradewar/groups.h). */
static inline tw_tariff_average tw_sc_average(int services)
{
    tw_tariff_average a = {services ? TW_SECTORS_ALL : TW_SECTORS_GOODS, NULL, TW_WEIGHTS_BASELINE};
    return a;
}

/* That average (a fraction) of importer n on exporters in the set (all others when
 * n_partners = 0) under pol. */
double tw_sc_avg_tariff(const tw_sc_session *s, const tw_policy *pol, int n, const int *partners,
                        int n_partners, int services);

/* The common part of a game's JSON document (tradewar/io.h). */
tw_game_document tw_sc_game_document(const tw_sc_common *c, const tw_sc_session *s,
                                     const tw_policy *chosen, const tw_results *r,
                                     const int *importers, int n_importers, const int *partners,
                                     int n_partners, const char *status);
/* After a JSON writer: TW_EXIT_OK, or the error printed and its exit code. */
int tw_sc_json_done(tw_status st, const tw_error *err);

/* Instruments for games among the players: each sets tariffs (c->kind, levels) on the other
 * players only. partners has np rows. */
void tw_sc_bilateral_instruments(const tw_sc_common *c, const int *players, int np,
                                 int (*partners)[TW_SC_MAX_PLAYERS], tw_instrument *ins);

/* Prints the players' lines and the largest other movers for people. */
void tw_sc_print_countries(const tw_sc_session *s, const tw_results *r, const int *players,
                           int n_players, int others);

#endif
