/* SPDX-License-Identifier: MIT */
/* `tradewar enforce`: is an agreement self-enforcing, and for which discount factors? */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/game_draws.h"
#include "cli/strategy_cli.h"
#include "core/spelling.h"

static void help(FILE *out)
{
    fputs("Usage: tradewar enforce --players CODES [--agreement today|deal|free-trade]\n"
          "                        [--periods T] [--delta X] [--instrument KIND] [options]\n"
          "\n"
          "For an agreement on the players' tariffs on each other, each player's payoff from\n"
          "keeping it (V agree), from its best deviation with the others keeping it (V deviate),\n"
          "and under punishment by the Nash war among the players (V punish), and the\n"
          "discount factor above which the agreement is self-enforcing:\n"
          "  delta* = (V deviate - V agree) / (V deviate - V punish)   (punishment for ever)\n"
          "(for T periods of punishment, the delta solving V deviate - V agree =\n"
          "(V agree - V punish)(delta + ... + delta^T)). V: real income relative to the\n"
          "baseline.\n"
          "\n"
          "  --players CODES      at least two, e.g. USA,CHN\n"
          "  --agreement A        today (default: today's tariffs), deal (Nash bargaining from\n"
          "                       the war) or free-trade (no tariffs among the players)\n"
          "  --periods T          punishment lasts T periods (default 0 = for ever)\n"
          "  --delta X            also say whether the agreement holds at this discount factor\n",
          out);
    tw_sc_common_help(out, 1);
    fputs("\nBands (docs/strategy.md \"Bands\"): with --draws the punishment, the agreement\n"
          "and the deviations are found again for every draw; each player's delta* (1 where\n"
          "no discount factor below 1 sustains the agreement) and V agree, V deviate and\n"
          "V punish get a band.\n"
          "  --csv DIR            with --draws: bands.csv and draws.csv into DIR\n",
          out);
    tw_cli_draws_help(out);
}

/* The command line of `tradewar enforce`. */
typedef struct enforce_args {
    tw_sc_common c;
    const char *players_s, *agreement;
    int periods;
    double delta;
} enforce_args;

/* The command line into a. @return -1 to go on, or an exit code (--help ends here). */
static int parse_args(int argc, char **argv, enforce_args *a)
{
    tw_sc_common_init(&a->c);
    a->c.draws_ok = 1;
    a->players_s = NULL;
    a->agreement = "today";
    a->periods = 0;
    a->delta = NAN;
    int rc = 0;
    for (int k = 1; k < argc; k++) {
        const char *v;
        int r;
        if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
            help(stdout);
            return TW_EXIT_OK;
        }
        if ((r = tw_sc_parse_common("enforce", argc, argv, &k, &a->c, &rc))) {
            if (r < 0)
                return rc;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--players", &v))) {
            if (r < 0)
                return tw_cli_usage_error("enforce", "--players needs codes");
            a->players_s = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--agreement", &v))) {
            static const char *const agreements[] = {"today", "deal", "free-trade"};
            int ag = r < 0 ? -1 : tw_name_find(agreements, 3, v);
            if (ag < 0)
                return tw_cli_usage_error("enforce", "--agreement expects today, deal or "
                                                     "free-trade");
            a->agreement = agreements[ag]; /* as documented, however it was spelt */
        } else if ((r = tw_cli_opt(argc, argv, &k, "--periods", &v))) {
            char *end = NULL;
            long n = r > 0 ? strtol(v, &end, 10) : -1;
            if (r < 0 || *end || n < 0 || n > 100000)
                return tw_cli_usage_error("enforce", "--periods needs a whole number >= 0");
            a->periods = (int)n;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--delta", &v))) {
            char *end = NULL;
            a->delta = r > 0 ? strtod(v, &end) : NAN;
            if (r < 0 || *end || !(a->delta >= 0 && a->delta < 1))
                return tw_cli_usage_error("enforce", "--delta needs a number in [0, 1)");
        } else {
            return tw_cli_usage_error("enforce", "unknown option '%s'", argv[k]);
        }
    }
    if (!a->players_s)
        return tw_cli_usage_error("enforce", "missing --players CODES");
    if (a->c.only_increases)
        return tw_cli_usage_error("enforce", "--only-increases does not apply here");
    return -1;
}

/* What the game needs and gives, owned by tw_cli_enforce. */
typedef struct enforce_work {
    int (*partners)[TW_SC_MAX_PLAYERS];
    tw_instrument *ins;
    tw_enforce_result *res;
    double *vt, *vd;
    tw_policy *war, *agree;
    tw_equilibrium *eq;
    tw_results *rr;
} enforce_work;

/* The punishment (the Nash war among the players) into w->war and the agreement into
 * w->agree. @return 0, or an exit code after printing why. */
static int war_and_agreement(const tw_sc_session *s, const enforce_args *a, const int *players,
                             int np, enforce_work *w, tw_war_report *wr)
{
    tw_error err;
    tw_status st = tw_game_nash_war(s->g, w->ins, np, NULL, NULL, s->today, w->war, w->eq, NULL,
                                    wr, &err);
    if (st) {
        tw_sc_progress_done();
        fprintf(stderr, "tradewar enforce: the punishment (the war) was not found\n");
        return tw_sc_fail(st, &err);
    }
    if (strcmp(a->agreement, "deal") == 0) {
        st = tw_game_talks(s->g, w->ins, np, NULL, NULL, w->war, w->agree, w->eq, w->vt, w->vd,
                           NULL, &err);
        if (st) {
            tw_sc_progress_done();
            fprintf(stderr, "tradewar enforce: the negotiated deal was not found\n");
            return tw_sc_fail(st, &err);
        }
    } else {
        tw_policy_copy(w->agree, s->today);
        if (strcmp(a->agreement, "free-trade") == 0) {
            tw_dims d = tw_world_dims(s->w);
            for (int p = 0; p < np; p++)
                for (int q = 0; q < np; q++)
                    for (int j = 0; j < d.j && p != q; j++)
                        tw_policy_tariffs(w->agree)[tw_ix_nij(d, players[p], players[q], j)] = 0.0;
        }
    }
    return 0;
}

static void print_table(const tw_sc_session *s, const enforce_args *a, const int *players,
                        int np, const tw_enforce_result *res, const char *state)
{
    int periods = a->periods;
    double delta = a->delta;
    printf("Self-enforcement of the agreement '%s' among %d players, punishment: the Nash "
           "war among them %s, world %s\n",
           a->agreement, np, periods ? "for a number of periods" : "for ever",
           tw_world_name(s->w));
    if (periods)
        printf("punishment lasts %d periods\n", periods);
    printf("status: %s\n\n", state);
    printf("%-8s %12s %12s %12s %10s", "player", "V agree", "V deviate", "V punish",
           "delta*");
    if (!isnan(delta))
        printf("  holds at delta=%.3g", delta);
    printf("\n");
    for (int p = 0; p < np; p++) {
        printf("%-8s %12.6f %12.6f %12.6f ", tw_world_country_code(s->w, players[p]),
               tw_cli_nz(res[p].v_agree, 6), tw_cli_nz(res[p].v_deviate, 6),
               tw_cli_nz(res[p].v_punish, 6));
        if (isnan(res[p].delta_star))
            printf("%10s", "never");
        else
            printf("%10.4f", tw_cli_nz(res[p].delta_star, 4));
        if (!isnan(delta))
            printf("  %s", tw_enforce_holds(delta, res[p].v_agree, res[p].v_deviate,
                                            res[p].v_punish, periods)
                               ? "yes"
                               : "no");
        printf("\n");
    }
    printf("(V: real income relative to the baseline; 'never': the punishment is not worse\n"
           "than the agreement, or too short, so no discount factor below 1 sustains it)\n");
}

int tw_cli_enforce(int argc, char **argv)
{
    enforce_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    tw_sc_common *c = &a.c;
    tw_sc_session s;
    if ((rc = tw_sc_open(c, &s)))
        return rc;
    int players[TW_SC_MAX_PLAYERS];
    int np = tw_sc_countries("enforce", s.w, a.players_s, players, TW_SC_MAX_PLAYERS);
    if (np < 0) {
        tw_sc_close(&s);
        return TW_EXIT_USAGE;
    }
    if (np < 2) {
        tw_sc_close(&s);
        return tw_cli_usage_error("enforce", "an agreement needs at least two players");
    }
    enforce_work w = {0};
    tw_draws *dr = NULL;
    w.partners = calloc((size_t)np, sizeof *w.partners);
    w.ins = calloc((size_t)np, sizeof *w.ins);
    w.res = calloc((size_t)np, sizeof *w.res);
    w.vt = calloc((size_t)np, sizeof *w.vt);
    w.vd = calloc((size_t)np, sizeof *w.vd);
    w.eq = tw_equilibrium_create(s.m);
    w.rr = tw_results_create(s.m);
    if (!w.partners || !w.ins || !w.res || !w.vt || !w.vd || !w.eq || !w.rr ||
        tw_policy_create(s.m, &w.war) || tw_policy_create(s.m, &w.agree)) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        rc = TW_EXIT_INTERNAL;
        goto done;
    }
    tw_sc_bilateral_instruments(c, players, np, w.partners, w.ins);
    tw_war_report wr;
    if ((rc = war_and_agreement(&s, &a, players, np, &w, &wr)))
        goto done;
    tw_error err;
    tw_status st = tw_game_enforce(s.g, w.ins, np, NULL, w.agree, w.war, a.periods, w.res, &err);
    tw_sc_progress_done();
    if (st && st != TW_ERR_NOT_CONVERGED && st != TW_ERR_CANCELLED) {
        rc = tw_sc_fail(st, &err);
        goto done;
    }
    int all_ok = 1;
    for (int p = 0; p < np; p++)
        all_ok &= w.res[p].deviation_converged;
    int agree_solved = !tw_model_solve(s.m, tw_game_solver(s.g), w.agree, w.eq, NULL, &err) &&
                       !tw_results_compute(s.m, w.eq, w.rr);
    const char *state = tw_sc_interrupted() ? "interrupted"
                        : all_ok            ? "converged"
                                            : "a deviation did not converge (lower bound)";
    tw_enforce_bands ed = {w.ins, np, a.periods, a.agreement};
    if (!st && (rc = tw_sc_enforce_draws_run(c, &s, &ed, w.res, &dr)))
        goto done;
    tw_sc_draws_begin(c, dr);
    if (c->json) {
        tw_enforce_document doc = {
            .game = tw_sc_game_document(c, &s, w.agree, agree_solved ? w.rr : NULL, players, np,
                                        players, np, state),
            .players = players, .n_players = np, .agreement = a.agreement,
            .punish_periods = a.periods, .delta = a.delta, .res = w.res, .converged = all_ok,
            .war_found = wr.found};
        tw_error werr;
        if ((rc = tw_sc_json_done(tw_json_write_enforce(tw_sink_file(stdout), &doc, &werr),
                                  &werr)))
            goto done;
    } else {
        print_table(&s, &a, players, np, w.res, state);
    }
    if (!st)
        rc = tw_sc_enforce_draws_write(c, &s, &ed, dr);
    if (st)
        rc = tw_sc_fail(st, &err);
done:
    rc = rc == TW_CLI_DRAWS_DONE ? TW_EXIT_OK : rc; /* a shard or a rank other than 0 */
    tw_draws_free(dr);
    free(w.partners);
    free(w.ins);
    free(w.res);
    free(w.vt);
    free(w.vd);
    tw_policy_free(w.war);
    tw_policy_free(w.agree);
    tw_equilibrium_free(w.eq);
    tw_results_free(w.rr);
    tw_sc_close(&s);
    return rc;
}
