/* SPDX-License-Identifier: MIT */
/* `tradewar talks`: negotiated tariffs from a threat point, and the value of a truce. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/strategy_cli.h"
#include "cli/strategy_draws.h"
#include "core/error.h"
#include "strategy/talks_internal.h"

static void help(FILE *out)
{
    fputs("Usage: tradewar talks --players CODES [--threat war|today] [--rule nash|equal-gains]\n"
          "                      [--weights W,...] [--delta X] [--truce-periods T]\n"
          "                      [--instrument KIND] [options]\n"
          "\n"
          "Negotiates the players' tariffs on each other from a threat point: the Nash war\n"
          "among them (default) or today's tariffs. Payoffs V are real incomes relative to the\n"
          "baseline (1.01 = +1%).\n"
          "\n"
          "  --players CODES      at least two, e.g. USA,CHN\n"
          "  --threat T           war (default: the Nash war among the players, same\n"
          "                       instrument) or today\n"
          "  --rule R             nash (default): maximise sum_p w_p ln(V_p - V_p threat);\n"
          "                       equal-gains (Ossa 2014): the largest gain that is the same in\n"
          "                       proportion for every player\n"
          "  --weights W,...      Nash bargaining weights (default equal)\n"
          "  --method M           auto (default): SLSQP up to 198 negotiated tariffs, MMA with\n"
          "                       a stopping rule on the KKT residual above; slsqp; mma;\n"
          "                       ipopt (IPOPT, the same stopping rule)\n"
          "  --delta X            discount factor per period for the values below (default 0.9)\n"
          "  --truce-periods T    a truce keeps the deal T periods, then tariffs snap back to\n"
          "                       the threat point (default 3)\n"
          "\n"
          "Values in the output: the deal's gain per period V_deal - V_threat (in units of\n"
          "baseline real income), a permanent deal's present value gain / (1 - delta), and a\n"
          "truce's, gain (1 - delta^T) / (1 - delta).\n",
          out);
    tw_sc_common_help(out, 1);
    fputs("\nBands (docs/strategy.md \"Bands\"): with --draws the threat point and the talks\n"
          "are found again for every draw; each player's average tariff at the deal and real\n"
          "income, every country's real income and the world's get a band.\n"
          "  --csv DIR            with --draws: bands.csv and draws.csv into DIR\n",
          out);
    tw_cli_draws_help(out);
}

/* The command line of `tradewar talks`. */
typedef struct talks_args {
    tw_sc_common c;
    const char *players_s, *weights_s;
    int from_war, truce;
    double delta;
    tw_talks_options to;
    tw_talks_method method;
} talks_args;

/* The command line into a. @return -1 to go on, or an exit code (--help ends here). */
static int parse_args(int argc, char **argv, talks_args *a)
{
    tw_sc_common_init(&a->c);
    a->c.draws_ok = 1;
    a->players_s = a->weights_s = NULL;
    a->from_war = 1;
    a->truce = 3;
    a->delta = 0.9;
    tw_talks_options_init(&a->to);
    a->method = TW_TALKS_METHOD_AUTO;
    int rc = 0;
    for (int k = 1; k < argc; k++) {
        const char *v;
        int r;
        if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
            help(stdout);
            return TW_EXIT_OK;
        }
        if ((r = tw_sc_parse_common("talks", argc, argv, &k, &a->c, &rc))) {
            if (r < 0)
                return rc;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--players", &v))) {
            if (r < 0)
                return tw_cli_usage_error("talks", "--players needs codes");
            a->players_s = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--weights", &v))) {
            if (r < 0)
                return tw_cli_usage_error("talks", "--weights needs numbers");
            a->weights_s = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--threat", &v))) {
            tw_threat_point threat;
            if (r > 0 && !tw_threat_point_parse(v, &threat))
                a->from_war = threat == TW_THREAT_WAR;
            else
                return tw_cli_usage_error("talks", "--threat expects war or today");
        } else if ((r = tw_cli_opt(argc, argv, &k, "--rule", &v))) {
            if (r < 0 || tw_talks_rule_parse(v, &a->to.rule))
                return tw_cli_usage_error("talks", "--rule expects nash or equal-gains");
        } else if ((r = tw_cli_opt(argc, argv, &k, "--method", &v))) {
            if (r > 0 && strcmp(v, "auto") == 0)
                a->method = TW_TALKS_METHOD_AUTO;
            else if (r > 0 && strcmp(v, "slsqp") == 0)
                a->method = TW_TALKS_METHOD_SLSQP;
            else if (r > 0 && strcmp(v, "mma") == 0)
                a->method = TW_TALKS_METHOD_MMA;
            else if (r > 0 && strcmp(v, "ipopt") == 0)
                a->method = TW_TALKS_METHOD_IPOPT;
            else
                return tw_cli_usage_error("talks", "--method expects auto, slsqp, mma or ipopt");
        } else if ((r = tw_cli_opt(argc, argv, &k, "--delta", &v))) {
            char *end = NULL;
            a->delta = r > 0 ? strtod(v, &end) : NAN;
            if (r < 0 || *end || !(a->delta >= 0 && a->delta < 1))
                return tw_cli_usage_error("talks", "--delta needs a number in [0, 1)");
        } else if ((r = tw_cli_opt(argc, argv, &k, "--truce-periods", &v))) {
            char *end = NULL;
            long n = r > 0 ? strtol(v, &end, 10) : -1;
            if (r < 0 || *end || n < 0 || n > 100000)
                return tw_cli_usage_error("talks", "--truce-periods needs a whole number >= 0");
            a->truce = (int)n;
        } else {
            return tw_cli_usage_error("talks", "unknown option '%s'", argv[k]);
        }
    }
    if (!a->players_s)
        return tw_cli_usage_error("talks", "missing --players CODES");
    if (a->c.only_increases)
        return tw_cli_usage_error("talks", "--only-increases does not apply to talks");
    if (a->method != TW_TALKS_METHOD_AUTO && a->c.draws.on)
        return tw_cli_usage_error("talks", "--method does not apply to --draws (they use auto)");
    return -1;
}

/* The threat point and the deal as a table on standard output. */
static void print_table(const talks_args *a, const tw_sc_session *s, const int *players, int np,
                        int (*partners)[TW_SC_MAX_PLAYERS], const tw_policy *threat,
                        const tw_policy *deal, const double *vt, const double *vd,
                        const tw_talks_report *rep, const tw_talks_kkt_report *kkt,
                        const char *state)
{
    const tw_sc_common *c = &a->c;
    double delta = a->delta;
    int truce = a->truce;
    const char *rule = a->to.rule == TW_TALKS_EQUAL_GAINS ? "equal-gains" : "nash";
    printf("Trade talks among %d players (%s), threat point: %s, instrument %s, world %s\n",
           np, rule, a->from_war ? "the Nash war among them" : "today's tariffs",
           tw_instrument_kind_name(c->kind), tw_world_name(s->w));
    printf("status: %s\n\n", state);
    printf("%-8s %13s %13s %12s %12s %9s %13s %13s\n", "player", "threat tariff",
           "deal tariff", "V threat", "V deal", "gain, %", "value deal", "value truce");
    for (int p = 0; p < np; p++)
        printf("%-8s %12.2f%% %12.2f%% %12.6f %12.6f %9.4f %13.6f %13.6f\n",
               tw_world_country_code(s->w, players[p]),
               100 * tw_sc_avg_tariff(s, threat, players[p], partners[p], np - 1, c->services),
               100 * tw_sc_avg_tariff(s, deal, players[p], partners[p], np - 1, c->services),
               tw_cli_nz(vt[p], 6), tw_cli_nz(vd[p], 6), tw_cli_nz(100 * (vd[p] / vt[p] - 1), 4),
               tw_cli_nz(tw_truce_value(vd[p], vt[p], delta, -1), 6),
               tw_cli_nz(tw_truce_value(vd[p], vt[p], delta, truce), 6));
    tw_tariff_average avg = tw_sc_average(c->services);
    printf("(tariffs on the other players: %s; V: real income\n"
           "relative to the baseline; values: present values at delta = %.3g of a permanent\n"
           "deal and of a %d-period truce that snaps back to the threat point)\n",
           tw_tariff_average_label(&avg), delta, truce);
    printf("\nsolver: %s, %d equilibrium solves, %.2f s", state, rep->evaluations,
           rep->seconds);
    if (kkt->method == TW_TALKS_METHOD_MMA || kkt->method == TW_TALKS_METHOD_IPOPT)
        printf(" (%s; KKT residual %.2g, tolerance 1e-06)",
               kkt->method == TW_TALKS_METHOD_MMA ? "MMA" : "IPOPT", kkt->stationarity);
    printf("\n");
}

int tw_cli_talks(int argc, char **argv)
{
    talks_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    tw_sc_common *c = &a.c;
    tw_talks_options *to = &a.to;
    tw_sc_session s;
    if ((rc = tw_sc_open(c, &s)))
        return rc;
    int players[TW_SC_MAX_PLAYERS];
    int np = tw_sc_countries("talks", s.w, a.players_s, players, TW_SC_MAX_PLAYERS);
    double weights[TW_SC_MAX_PLAYERS];
    if (np < 0 ||
        (np >= 2 && a.weights_s && tw_sc_numbers("talks", "--weights", a.weights_s, weights, np))) {
        tw_sc_close(&s);
        return TW_EXIT_USAGE;
    }
    if (np < 2) {
        tw_sc_close(&s);
        return tw_cli_usage_error("talks", "talks need at least two players");
    }
    to->weights = a.weights_s ? weights : NULL;
    int(*partners)[TW_SC_MAX_PLAYERS] = calloc((size_t)np, sizeof *partners);
    tw_instrument *ins = calloc((size_t)np, sizeof *ins);
    double *vt = calloc((size_t)np, sizeof *vt), *vd = calloc((size_t)np, sizeof *vd);
    tw_policy *threat = NULL, *deal = NULL;
    tw_draws *dr = NULL;
    tw_equilibrium *eq = tw_equilibrium_create(s.m);
    tw_results *res = tw_results_create(s.m);
    if (!partners || !ins || !vt || !vd || !eq || !res || tw_policy_create(s.m, &threat) ||
        tw_policy_create(s.m, &deal)) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        rc = TW_EXIT_INTERNAL;
        goto done;
    }
    tw_sc_bilateral_instruments(c, players, np, partners, ins);
    tw_error err;
    tw_status st = TW_OK;
    tw_war_report wr = {0};
    if (a.from_war)
        st = tw_game_nash_war(s.g, ins, np, NULL, NULL, s.today, threat, eq, NULL, &wr, &err);
    else
        tw_policy_copy(threat, s.today);
    if (st) {
        tw_sc_progress_done();
        fprintf(stderr, "tradewar talks: the threat point (the war) was not found\n");
        rc = tw_sc_fail(st, &err);
        goto done;
    }
    tw_talks_report rep;
    tw_talks_kkt_report kkt;
    st = tw_game_talks_method(s.g, ins, np, NULL, to, a.method, threat, deal, eq, vt, vd, &rep,
                              &kkt, &err);
    tw_sc_progress_done();
    if (st && !tw_equilibrium_solved(eq)) {
        rc = tw_sc_fail(st, &err);
        goto done;
    }
    tw_results_compute(s.m, eq, res);
    const char *state = rep.cancelled || tw_sc_interrupted() ? "interrupted"
                        : rep.converged ? (rep.no_gain ? "no deal improves on the threat point"
                                                       : "converged")
                                        : "not converged";
    tw_game_bands gm = {.game = TW_GAME_BANDS_TALKS, .players = ins, .n_players = np,
                        .services = c->services, .talks = to, .talks_threat_war = a.from_war};
    if (!st && (rc = tw_sc_draws_run(c, &s, &gm, deal, res, &dr)))
        goto done;
    tw_sc_draws_begin(c, dr);
    if (c->json) {
        tw_talks_document doc = {
            .game = tw_sc_game_document(c, &s, deal, res, players, np, players, np, state),
            .players = ins, .n_players = np, .rule = to->rule, .threat_war = a.from_war,
            .threat = threat, .v_threat = vt, .v_deal = vd, .delta = a.delta,
            .truce_periods = a.truce, .threat_war_found = a.from_war ? wr.found : 0,
            .report = rep};
        tw_error werr;
        if ((rc = tw_sc_json_done(tw_json_write_talks(tw_sink_file(stdout), &doc, &werr), &werr)))
            goto done;
    } else {
        print_table(&a, &s, players, np, partners, threat, deal, vt, vd, &rep, &kkt, state);
    }
    if (!st)
        rc = tw_sc_draws_write(c, &s, dr, &gm);
    if (st)
        rc = tw_sc_fail(st, &err);
done:
    rc = rc == TW_CLI_DRAWS_DONE ? TW_EXIT_OK : rc; /* a shard or a rank other than 0 */
    tw_draws_free(dr);
    free(partners);
    free(ins);
    free(vt);
    free(vd);
    tw_policy_free(threat);
    tw_policy_free(deal);
    tw_equilibrium_free(eq);
    tw_results_free(res);
    tw_sc_close(&s);
    return rc;
}
