/* SPDX-License-Identifier: MIT */
/* `tradewar escalate`: dated rounds of retaliation by rules. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/calendar.h"
#include "cli/game_draws.h"
#include "cli/strategy_cli.h"

static void help(FILE *out)
{
    fputs("Usage: tradewar escalate --players CODES --rules RULES [--opening RATES]\n"
          "                         [--factor X,...] [--cap X,...] [--forgive K,...]\n"
          "                         [--rounds N] [--start YYYY-MM-DD] [--period-days D]\n"
          "                         [options]\n"
          "\n"
          "Plays rounds in which every player moves at once by its rule, in response to the\n"
          "previous round, and reports the path of tariffs and real incomes and where it ends:\n"
          "a fixed point, a cap (caps stopped further responses), a cycle, or the round limit.\n"
          "Lists give one value per player (or one value for all).\n"
          "\n"
          "  --players CODES      e.g. USA,CHN\n"
          "  --rules RULES        hold, tit-for-tat (match each change made on you last round,\n"
          "                       sector by sector), proportional (the change times --factor),\n"
          "                       best-response (optimal additions, --instrument)\n"
          "  --opening RATES      round 1: added to the player's tariffs on the other players'\n"
          "                       goods (0.1 = 10 points; default 0)\n"
          "  --factor X,...       proportional retaliation per point suffered (default 1)\n"
          "  --cap X,...          'we will ignore further increases': additions never exceed X\n"
          "                       (default 0 = no cap)\n"
          "  --forgive K,...      remove all additions after K rounds without new increases\n"
          "                       against the player (default 0 = never)\n"
          "  --rounds N           at most N rounds (default 20)\n"
          "  --start DATE         date of round 1 (default 2025-01-01); round r is dated\n"
          "                       start + (r - 1) * period\n"
          "  --period-days D      days between rounds (default 30)\n",
          out);
    tw_sc_common_help(out, 1);
    fputs("\nBands (docs/strategy.md \"Bands\"): with --draws the escalation is played again\n"
          "for every draw; every pair's average tariff and every player's real income at each\n"
          "round of the path and at the end state, and the rounds played, get a band.\n"
          "  --csv DIR            with --draws: bands.csv and draws.csv into DIR\n",
          out);
    tw_cli_draws_help(out);
}

/* The command line of `tradewar escalate`. */
typedef struct escalate_args {
    tw_sc_common c;
    const char *players_s, *rules_s, *opening_s, *factor_s, *cap_s, *forgive_s;
    int rounds, period, day0;
} escalate_args;

/* The list options at argv[*k] (--players, --rules and the per-player lists). @return 0 if
 * argv[*k] is none of them, 1 when taken, or -1 after printing a usage error. */
static int parse_list(int argc, char **argv, int *k, escalate_args *a)
{
    const char *v;
    const char **slot = NULL;
    const char *name = argv[*k];
    int r;
    if ((r = tw_cli_opt(argc, argv, k, "--players", &v)))
        slot = &a->players_s;
    else if ((r = tw_cli_opt(argc, argv, k, "--rules", &v)))
        slot = &a->rules_s;
    else if ((r = tw_cli_opt(argc, argv, k, "--opening", &v)))
        slot = &a->opening_s;
    else if ((r = tw_cli_opt(argc, argv, k, "--factor", &v)))
        slot = &a->factor_s;
    else if ((r = tw_cli_opt(argc, argv, k, "--cap", &v)))
        slot = &a->cap_s;
    else if ((r = tw_cli_opt(argc, argv, k, "--forgive", &v)))
        slot = &a->forgive_s;
    if (!slot)
        return 0;
    if (r < 0) {
        tw_cli_usage_error("escalate", "%s needs a value", name);
        return -1;
    }
    *slot = v;
    return 1;
}

/* The command line into a. @return -1 to go on, or an exit code (--help ends here). */
static int parse_args(int argc, char **argv, escalate_args *a)
{
    tw_sc_common_init(&a->c);
    a->c.draws_ok = 1;
    a->players_s = a->rules_s = a->opening_s = a->factor_s = a->cap_s = a->forgive_s = NULL;
    a->rounds = 20;
    a->period = 30;
    a->day0 = tw_date_from_civil(2025, 1, 1);
    int rc = 0;
    for (int k = 1; k < argc; k++) {
        const char *v;
        int r;
        if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
            help(stdout);
            return TW_EXIT_OK;
        }
        if ((r = tw_sc_parse_common("escalate", argc, argv, &k, &a->c, &rc))) {
            if (r < 0)
                return rc;
            continue;
        }
        if ((r = parse_list(argc, argv, &k, a))) {
            if (r < 0)
                return TW_EXIT_USAGE;
            continue;
        }
        if ((r = tw_cli_opt(argc, argv, &k, "--rounds", &v))) {
            char *end = NULL;
            long n = r > 0 ? strtol(v, &end, 10) : 0;
            if (r < 0 || *end || n < 1 || n > 10000)
                return tw_cli_usage_error("escalate", "--rounds needs a number in 1..10000");
            a->rounds = (int)n;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--period-days", &v))) {
            char *end = NULL;
            long n = r > 0 ? strtol(v, &end, 10) : 0;
            if (r < 0 || *end || n < 1 || n > 3660)
                return tw_cli_usage_error("escalate", "--period-days needs a number in 1..3660");
            a->period = (int)n;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--start", &v))) {
            if (r < 0 || tw_date_parse(v, &a->day0))
                return tw_cli_usage_error("escalate", "--start expects a date YYYY-MM-DD, got "
                                                      "'%s'",
                                          r < 0 ? "" : v);
        } else {
            return tw_cli_usage_error("escalate", "unknown option '%s'", argv[k]);
        }
    }
    if (!a->players_s || !a->rules_s)
        return tw_cli_usage_error("escalate", "missing --players CODES or --rules RULES");
    return -1;
}

/* The players' rules and lists into pl (tw_sc_escalation_players, shared with the web
 * server's jobs). @return 0, or TW_EXIT_USAGE after printing why. */
static int setup_players(const escalate_args *a, const int *players, int np,
                         tw_escalation_player *pl)
{
    const char *const lists[4] = {a->opening_s, a->factor_s, a->cap_s, a->forgive_s};
    char msg[400];
    if (tw_sc_escalation_players(a->rules_s, lists, players, np, a->c.kind, pl, msg, sizeof msg))
        return tw_cli_usage_error("escalate", "%s", msg);
    return 0;
}

/* The date of round r into date: "today" for round 0. */
static void round_date(const escalate_args *a, int r, char *date, size_t size)
{
    if (r == 0)
        snprintf(date, size, "today");
    else
        tw_date_format(a->day0 + (r - 1) * a->period, date, size);
}

/* The labels of rounds 0..rounds ("today", then the dates) into dates and dp (both malloc'd,
 * free both). @return 0, or -1 when out of memory. */
static int round_dates(const escalate_args *a, int rounds, char (**dates)[16], const char ***dp)
{
    *dates = calloc((size_t)rounds + 1, sizeof **dates);
    *dp = calloc((size_t)rounds + 1, sizeof **dp);
    if (!*dates || !*dp)
        return -1;
    for (int r = 0; r <= rounds; r++) {
        round_date(a, r, (*dates)[r], sizeof (*dates)[r]);
        (*dp)[r] = (*dates)[r];
    }
    return 0;
}

/* The path as JSON on standard output. @return an exit code. */
static int write_json(const escalate_args *a, const tw_sc_session *s, const tw_policy *out,
                      const tw_results *res, const int *players, int np,
                      const tw_escalation_player *pl, const tw_escalation *path,
                      const char *const *dates, const char *end)
{
    tw_escalation_document doc = {
        .game = tw_sc_game_document(&a->c, s, out, res, players, np, players, np, end),
        .players = pl, .n_players = np, .path = path, .round_dates = dates};
    tw_error werr;
    return tw_sc_json_done(tw_json_write_escalation(tw_sink_file(stdout), &doc, &werr), &werr);
}

/* The path as a table on standard output. */
static void print_table(const escalate_args *a, const tw_sc_session *s, const int *players,
                        int np, const tw_escalation_player *pl, const tw_escalation *path,
                        const char *end)
{
    printf("Escalation among %d players, world %s\n", np, tw_world_name(s->w));
    for (int p = 0; p < np; p++)
        printf("  %-6s %-14s opening %+.1f pts, factor %.2g, cap %s, forgive %s\n",
               tw_world_country_code(s->w, players[p]), tw_rule_name(pl[p].rule),
               100 * pl[p].opening, pl[p].factor, pl[p].cap > 0 ? "yes" : "no",
               pl[p].forgive_after > 0 ? "yes" : "no");
    printf("\n%5s  %-10s", "round", "date");
    for (int p = 0; p < np; p++)
        for (int q = 0; q < np; q++)
            if (p != q) {
                char head[32];
                snprintf(head, sizeof head, "%.5s on %.5s,%%",
                         tw_world_country_code(s->w, players[p]),
                         tw_world_country_code(s->w, players[q]));
                printf(" %14s", head);
            }
    for (int p = 0; p < np; p++) {
        char head[32];
        snprintf(head, sizeof head, "%s income,%%", tw_world_country_code(s->w, players[p]));
        printf(" %14s", head);
    }
    printf("\n");
    for (int r = 0; r <= path->rounds; r++) {
        char date[16];
        round_date(a, r, date, sizeof date);
        printf("%5d  %-10s", r, date);
        for (int p = 0; p < np; p++)
            for (int q = 0; q < np; q++)
                if (p != q)
                    printf(" %14.2f",
                           tw_cli_nz(100 * path->avg_tariff[((size_t)r * np + p) * np + q], 2));
        for (int p = 0; p < np; p++)
            printf(" %14.4f",
                   tw_cli_nz(path->real_income_pct[(size_t)r * path->n_countries + players[p]],
                             4));
        printf("\n");
    }
    printf("(tariffs: %s; incomes against the baseline)\n", tw_tariff_average_label(NULL));
    printf("\nend: %s", end);
    if (path->end == TW_END_CYCLE)
        printf(" of length %d", path->cycle_length);
    printf(" after %d rounds\n", path->rounds);
}

int tw_cli_escalate(int argc, char **argv)
{
    escalate_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    tw_sc_session s;
    if ((rc = tw_sc_open(&a.c, &s)))
        return rc;
    int players[TW_SC_MAX_PLAYERS];
    int np = tw_sc_countries("escalate", s.w, a.players_s, players, TW_SC_MAX_PLAYERS);
    tw_escalation_player pl[TW_SC_MAX_PLAYERS];
    if (np < 0) {
        tw_sc_close(&s);
        return TW_EXIT_USAGE;
    }
    if (np < 2) {
        tw_sc_close(&s);
        return tw_cli_usage_error("escalate", "an escalation needs at least two players");
    }
    if ((rc = setup_players(&a, players, np, pl))) {
        tw_sc_close(&s);
        return rc;
    }
    tw_policy *out = NULL;
    tw_equilibrium *eq = tw_equilibrium_create(s.m);
    tw_results *res = tw_results_create(s.m);
    tw_escalation *path = NULL;
    tw_draws *dr = NULL;
    char(*dates)[16] = NULL;
    const char **dp = NULL;
    if (!eq || !res || tw_policy_create(s.m, &out)) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        rc = TW_EXIT_INTERNAL;
        goto done;
    }
    tw_error err;
    tw_status st = tw_game_escalate(s.g, pl, np, a.rounds, s.today, out, eq, &path, &err);
    tw_sc_progress_done();
    if (!path) {
        rc = tw_sc_fail(st, &err);
        goto done;
    }
    if (tw_equilibrium_solved(eq))
        tw_results_compute(s.m, eq, res);
    const char *end = tw_escalation_end_name(path->end);
    if (round_dates(&a, path->rounds, &dates, &dp)) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        rc = TW_EXIT_INTERNAL;
        goto done;
    }
    tw_escalate_bands ed = {pl, np, a.rounds, path->rounds, dp};
    if (!st && (rc = tw_sc_escalate_draws_run(&a.c, &s, &ed, path, &dr)))
        goto done;
    tw_sc_draws_begin(&a.c, dr);
    if (a.c.json) {
        if ((rc = write_json(&a, &s, out, tw_equilibrium_solved(eq) ? res : NULL, players, np, pl,
                             path, dp, end)))
            goto done;
    } else {
        print_table(&a, &s, players, np, pl, path, end);
    }
    if (!st)
        rc = tw_sc_escalate_draws_write(&a.c, &s, &ed, dr);
    if (st)
        rc = tw_sc_fail(st, &err);
done:
    rc = rc == TW_CLI_DRAWS_DONE ? TW_EXIT_OK : rc; /* a shard or a rank other than 0 */
    tw_draws_free(dr);
    free(dates);
    free(dp);
    tw_escalation_free(path);
    tw_policy_free(out);
    tw_equilibrium_free(eq);
    tw_results_free(res);
    tw_sc_close(&s);
    return rc;
}
