/* SPDX-License-Identifier: MIT */
/* `tradewar war`: a Nash tariff war among several governments, the others passive. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/strategy_cli.h"
#include "cli/strategy_draws.h"
#include "cli/war_coalition.h"
#include "core/error.h"

static void help(FILE *out)
{
    fputs("Usage: tradewar war --players CODES [--among-players] [--instrument KIND]\n"
          "                    [--method auto|newton|best-response] [--gain-tolerance X]\n"
          "                    [options]\n"
          "       tradewar war --coalition NAME=CODES [--coalition ...] [--players CODES]\n"
          "                    [--among-players] [--gain-tolerance X] [options]\n"
          "\n"
          "Finds the Nash equilibrium of a tariff war: each player's tariffs are its best\n"
          "response to the others'; countries that are not players keep today's tariffs. The\n"
          "result is verified by re-optimising every player from it: no player may gain more\n"
          "than the gain tolerance (in ln real income).\n"
          "\n"
          "  --players CODES      comma-separated players, e.g. USA,CHN; 'all' for every country\n"
          "  --among-players      players set tariffs only on each other (default: on everyone)\n"
          "  --method M           auto (default: Newton on the first-order conditions, then best\n"
          "                       responses if it stalls), newton, best-response\n"
          "  --gain-tolerance X   verification tolerance (default 1e-7)\n"
          "  --coalition NAME=CODES\n"
          "                       (repeatable) these countries play as one player, NAME,\n"
          "                       setting one tariff level on every good of each target (the\n"
          "                       non-members, or with --among-players the other players'\n"
          "                       members) and maximising their payoffs weighted by baseline\n"
          "                       spending (docs/strategy.md 4b); the countries of --players\n"
          "                       ('all': every country in no coalition) then play alone with\n"
          "                       one level each. Takes --services and --max-rate, not\n"
          "                       --instrument other than uniform, --only-increases, --method\n"
          "                       or --draws\n",
          out);
    tw_sc_common_help(out, 1);
    fputs("\nBands (docs/strategy.md \"Bands\"): with --draws the game is played again for\n"
          "every draw; each player's chosen average tariff and real income, every country's\n"
          "real income and the world's get a band (point, 5th, 50th, 95th percentile).\n"
          "  --csv DIR            with --draws: bands.csv and draws.csv into DIR\n",
          out);
    tw_cli_draws_help(out);
}

/* The war's table for people. */
static void print_table(const tw_sc_common *cp, const tw_sc_session *sp, const int *players,
                        int np, const tw_instrument *ins, int among, const tw_policy *out,
                        const tw_results *res, const double *gains, const tw_war_report *rp,
                        const char *state)
{
    tw_dims d = tw_world_dims(sp->w);
    const char *method = tw_war_method_name(rp->method == TW_WAR_JOINT_FOC ? TW_WAR_JOINT_FOC
                                                                          : TW_WAR_BEST_RESPONSE);
    printf("Nash tariff war among %d players, instrument %s, tariffs on %s, world %s\n", np,
           tw_instrument_kind_name(cp->kind), among ? "each other" : "everyone",
           tw_world_name(sp->w));
    printf("status: %s\n\n", state);
    printf("%-8s %14s %14s %16s %18s\n", "player", "tariff today,%", "tariff war,%",
           "real income, %", "gain by deviating");
    for (int p = 0; p < np; p++)
        printf("%-8s %14.2f %14.2f %16.4f %18.2g\n", tw_world_country_code(sp->w, players[p]),
               100 * tw_sc_avg_tariff(sp, sp->today, players[p], ins[p].partners,
                                      ins[p].n_partners, cp->services),
               100 * tw_sc_avg_tariff(sp, out, players[p], ins[p].partners,
                                      ins[p].n_partners, cp->services),
               tw_cli_nz(res->country[players[p]].real_income_pct, 4),
               rp->max_gain_player >= 0 ? gains[p] : NAN);
    tw_tariff_average avg = tw_sc_average(cp->services);
    printf("(tariffs: %s; real income against the baseline)\n\n",
           tw_tariff_average_label(&avg));
    if (np < d.n) {
        printf("real income in the war, %% against the baseline:\n");
        tw_sc_print_countries(sp, res, players, np, 6);
    }
    printf("\nsolver: %s, %s, %d rounds, %d equilibrium solves, largest gain from "
           "re-optimising %.2g, %.2f s\n",
           state, method, rp->rounds, rp->evaluations, rp->max_gain, rp->seconds);
}

int tw_cli_war(int argc, char **argv)
{
    tw_sc_common c;
    tw_sc_common_init(&c);
    c.draws_ok = 1;
    const char *players_s = NULL;
    int among = 0, rc = 0, method_given = 0, ncoal = 0;
    const char *coalitions[TW_SC_MAX_PLAYERS];
    tw_war_options wo;
    tw_war_options_init(&wo);
    for (int k = 1; k < argc; k++) {
        const char *v;
        int r;
        if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
            help(stdout);
            return TW_EXIT_OK;
        }
        if ((r = tw_sc_parse_common("war", argc, argv, &k, &c, &rc))) {
            if (r < 0)
                return rc;
        } else if (tw_cli_flag(argv[k], "--among-players")) {
            among = 1;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--players", &v))) {
            if (r < 0)
                return tw_cli_usage_error("war", "--players needs codes");
            players_s = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--method", &v))) {
            if (r < 0 || tw_war_method_parse(v, &wo.method))
                return tw_cli_usage_error("war", "--method expects auto, newton or "
                                                 "best-response, got '%s'",
                                          r < 0 ? "" : v);
            method_given = 1;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--coalition", &v))) {
            if (r < 0)
                return tw_cli_usage_error("war", "--coalition needs NAME=CODES");
            if (ncoal == TW_SC_MAX_PLAYERS)
                return tw_cli_usage_error("war", "at most %d coalitions", TW_SC_MAX_PLAYERS);
            coalitions[ncoal++] = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--gain-tolerance", &v))) {
            char *end = NULL;
            wo.gain_tolerance = r > 0 ? strtod(v, &end) : NAN;
            if (r < 0 || *end || !(wo.gain_tolerance > 0))
                return tw_cli_usage_error("war", "--gain-tolerance needs a positive number");
        } else {
            return tw_cli_usage_error("war", "unknown option '%s'", argv[k]);
        }
    }
    if (ncoal > 0)
        return tw_cli_war_coalitions(&c, players_s, coalitions, ncoal, among, method_given, &wo);
    if (!players_s)
        return tw_cli_usage_error("war", "missing --players CODES");
    tw_sc_session s;
    if ((rc = tw_sc_open(&c, &s)))
        return rc;
    tw_dims d = tw_world_dims(s.w);
    int players[TW_SC_MAX_PLAYERS], np;
    if (strcmp(players_s, "all") == 0) {
        np = d.n < TW_SC_MAX_PLAYERS ? d.n : TW_SC_MAX_PLAYERS;
        for (int n = 0; n < np; n++)
            players[n] = n;
    } else {
        np = tw_sc_countries("war", s.w, players_s, players, TW_SC_MAX_PLAYERS);
    }
    if (np < 0) {
        tw_sc_close(&s);
        return TW_EXIT_USAGE;
    }
    if (np < 2) {
        char code[64];
        snprintf(code, sizeof code, "%s",
                 np == 1 ? tw_world_country_code(s.w, players[0]) : "CODE");
        tw_sc_close(&s); /* frees the world the code belongs to */
        return tw_cli_usage_error("war", "a war needs at least two players (one country's best "
                                         "tariffs against today's are 'tradewar optimal "
                                         "--country %s')",
                                  code);
    }
    int (*partners)[TW_SC_MAX_PLAYERS] = calloc((size_t)np, sizeof *partners);
    tw_instrument *ins = calloc((size_t)np, sizeof *ins);
    double *gains = calloc((size_t)np, sizeof *gains);
    tw_policy *out = NULL;
    tw_draws *dr = NULL;
    tw_equilibrium *eq = tw_equilibrium_create(s.m);
    tw_results *res = tw_results_create(s.m);
    if (!partners || !ins || !gains || !eq || !res || tw_policy_create(s.m, &out)) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        rc = TW_EXIT_INTERNAL;
        goto done;
    }
    for (int p = 0; p < np; p++) {
        int k = 0;
        for (int q = 0; q < np && among; q++)
            if (q != p)
                partners[p][k++] = players[q];
        ins[p] = (tw_instrument){.country = players[p], .kind = c.kind,
                                 .partners = among ? partners[p] : NULL, .n_partners = k,
                                 .services = c.services, .only_increases = c.only_increases,
                                 .upper = c.max_rate};
    }
    tw_error err;
    tw_war_report rep;
    tw_status st = tw_game_nash_war(s.g, ins, np, NULL, &wo, s.today, out, eq, gains, &rep, &err);
    tw_sc_progress_done();
    if (st && !tw_equilibrium_solved(eq)) {
        rc = tw_sc_fail(st, &err);
        goto done;
    }
    tw_results_compute(s.m, eq, res);
    const char *state = rep.cancelled || tw_sc_interrupted() ? "interrupted"
                        : rep.found                          ? "Nash equilibrium found"
                        : rep.converged ? "converged but not verified: not an equilibrium"
                                        : "not converged";
    tw_game_bands gm = {.game = TW_GAME_BANDS_WAR, .players = ins, .n_players = np,
                        .services = c.services, .war = &wo};
    if (!st && (rc = tw_sc_draws_run(&c, &s, &gm, out, res, &dr)))
        goto done;
    tw_sc_draws_begin(&c, dr);
    if (c.json) {
        tw_war_document doc = {
            .game = tw_sc_game_document(&c, &s, out, res, players, np, among ? players : NULL,
                                        among ? np : 0, state),
            .players = ins, .n_players = np, .among_players = among, .gains = gains,
            .gain_tolerance = wo.gain_tolerance > 0 ? wo.gain_tolerance : 1e-7, .report = rep};
        tw_error werr;
        if ((rc = tw_sc_json_done(tw_json_write_war(tw_sink_file(stdout), &doc, &werr), &werr)))
            goto done;
    } else {
        print_table(&c, &s, players, np, ins, among, out, res, gains, &rep, state);
    }
    if (!st)
        rc = tw_sc_draws_write(&c, &s, dr, &gm);
    if (st)
        rc = tw_sc_fail(st, &err);
done:
    rc = rc == TW_CLI_DRAWS_DONE ? TW_EXIT_OK : rc; /* a shard or a rank other than 0 */
    tw_draws_free(dr);
    free(partners);
    free(ins);
    free(gains);
    tw_policy_free(out);
    tw_equilibrium_free(eq);
    tw_results_free(res);
    tw_sc_close(&s);
    return rc;
}
