/* SPDX-License-Identifier: MIT */
/* `tradewar optimal`: one government's optimal (best-response) tariffs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/strategy_cli.h"
#include "cli/strategy_draws.h"
#include "core/error.h"

static void help(FILE *out)
{
    fputs("Usage: tradewar optimal --country CODE [--partners CODES] [--instrument KIND]\n"
          "                        [--weights SECTOR=W,...] [options]\n"
          "\n"
          "Computes the tariffs that maximise a government's payoff (real income; welfare\n"
          "net of the disutility of work with labour supply: --payoff), everyone else\n"
          "keeping today's tariffs (exact gradients, NLopt L-BFGS with bounds).\n"
          "\n"
          "  --country CODE       the government choosing its import tariffs\n"
          "  --partners CODES     comma-separated exporters it sets tariffs on (default: all)\n"
          "  --weights S=W,...    extra weight W >= 0 on the producers of sector S: the payoff\n"
          "                       becomes ln(real income) + sum_S W ln(real output of S)\n",
          out);
    tw_sc_common_help(out, 1);
    fputs("\nBands (docs/strategy.md \"Bands\"): with --draws the game is played again for\n"
          "every draw; each player's chosen average tariff and real income, every country's\n"
          "real income and the world's get a band (point, 5th, 50th, 95th percentile).\n"
          "  --csv DIR            with --draws: bands.csv and draws.csv into DIR\n",
          out);
    tw_cli_draws_help(out);
}

static int parse_weights(const tw_world *w, const char *list, double *weights)
{
    const char *p = list;
    while (*p) {
        const char *eqs = strchr(p, '=');
        const char *comma = strchr(p, ',');
        if (!eqs || (comma && comma < eqs)) {
            tw_cli_usage_error("optimal", "--weights expects SECTOR=W,..., got '%s'", list);
            return -1;
        }
        char code[64];
        size_t len = (size_t)(eqs - p);
        if (len == 0 || len >= sizeof code) {
            tw_cli_usage_error("optimal", "--weights expects SECTOR=W,..., got '%s'", list);
            return -1;
        }
        memcpy(code, p, len);
        code[len] = '\0';
        int j = tw_world_sector_index(w, code);
        if (j < 0) {
            char buf[200];
            const char *sug = tw_world_sector_suggest_all(w, code, buf, sizeof buf);
            tw_cli_usage_error("optimal", "unknown sector '%s'%s%s%s", code,
                               sug ? " (did you mean " : "", sug ? sug : "", sug ? "?)" : "");
            return -1;
        }
        char *end;
        double v = strtod(eqs + 1, &end);
        if (end == eqs + 1 || (*end && *end != ',') || !(v >= 0) || !isfinite(v)) {
            tw_cli_usage_error("optimal", "--weights: weight of %s must be a number >= 0", code);
            return -1;
        }
        weights[j] = v;
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* The table of `tradewar optimal` (without --json): the payoff today and at the optimum, the
 * average tariffs (and by sector for sector instruments), the countries' real incomes. */
static void print_table(const tw_sc_common *c, const tw_sc_session *s, int me,
                        const int *partners, int np, const tw_policy *out, const tw_results *res0,
                        const tw_results *res, const char *state, const tw_optimize_report *rep)
{
    tw_dims d = tw_world_dims(s->w);
    printf("Optimal tariffs of %s (%s), instrument %s%s, world %s\n",
           tw_world_country_code(s->w, me), tw_world_country_name(s->w, me),
           tw_instrument_kind_name(c->kind), c->only_increases ? " (increases only)" : "",
           tw_world_name(s->w));
    printf("status: %s\n\n", state);
    printf("%-44s %10s %10s\n", "", "today", "optimum");
    printf("%-44s %10.4f %10.4f\n", "real income, % against the baseline",
           tw_cli_nz(res0->country[me].real_income_pct, 4),
           tw_cli_nz(res->country[me].real_income_pct, 4));
    /* A model with its own welfare (labour supply, docs/model.md §2c): the payoff. */
    if (res->country[me].welfare_pct != res->country[me].real_income_pct)
        printf("%-44s %10.4f %10.4f\n%-44s %10.4f %10.4f\n",
               "welfare (net of the work it takes), %",
               tw_cli_nz(res0->country[me].welfare_pct, 4),
               tw_cli_nz(res->country[me].welfare_pct, 4), "employment, %",
               tw_cli_nz(res0->country[me].employment_pct, 4),
               tw_cli_nz(res->country[me].employment_pct, 4));
    tw_tariff_average avg = tw_sc_average(c->services);
    printf("%-44s %10.2f %10.2f\n", "average tariff, %",
           tw_cli_nz(100 * tw_sc_avg_tariff(s, s->today, me, partners, np, c->services), 2),
           tw_cli_nz(100 * tw_sc_avg_tariff(s, out, me, partners, np, c->services), 2));
    printf("(%s)\n", tw_tariff_average_label(&avg));
    if (c->kind != TW_INSTRUMENT_UNIFORM) {
        printf("\n%-10s %-36s %10s %10s\n", "sector", "name", "today, %", "optimal, %");
        for (int j = 0; j < d.j; j++) {
            if (!c->services && !tw_world_sector_is_goods(s->w, j))
                continue;
            /* Sector averages over the partners, weighted by baseline imports. */
            double a0 = tw_tariff_average_sector(s->w, &avg, tw_policy_tariffs_const(s->today),
                                                 j, &me, 1, partners, np);
            double a1 = tw_tariff_average_sector(s->w, &avg, tw_policy_tariffs_const(out),
                                                 j, &me, 1, partners, np);
            printf("%-10s %-36.36s %10.2f %10.2f\n", tw_world_sector_code(s->w, j),
                   tw_world_sector_name(s->w, j), tw_cli_nz(100 * a0, 2),
                   tw_cli_nz(100 * a1, 2));
        }
    }
    printf("\nreal income at the optimum, %% against the baseline:\n");
    tw_sc_print_countries(s, res, &me, 1, 5);
    printf("\nsolver: %s, %d evaluations, largest free payoff derivative %.2g, %.2f s\n",
           state, rep->evaluations, rep->kkt_residual, rep->seconds);
}

/* The best response on a drawn model (strategy_draws.h). */
int tw_cli_optimal(int argc, char **argv)
{
    tw_sc_common c;
    tw_sc_common_init(&c);
    c.draws_ok = 1;
    const char *country = NULL, *partners_s = NULL, *weights_s = NULL;
    int rc = 0;
    for (int k = 1; k < argc; k++) {
        const char *v;
        int r;
        if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
            help(stdout);
            return TW_EXIT_OK;
        }
        if ((r = tw_sc_parse_common("optimal", argc, argv, &k, &c, &rc))) {
            if (r < 0)
                return rc;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--country", &v))) {
            if (r < 0)
                return tw_cli_usage_error("optimal", "--country needs a code");
            country = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--partners", &v))) {
            if (r < 0)
                return tw_cli_usage_error("optimal", "--partners needs codes");
            partners_s = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--weights", &v))) {
            if (r < 0)
                return tw_cli_usage_error("optimal", "--weights needs SECTOR=W,...");
            weights_s = v;
        } else {
            return tw_cli_usage_error("optimal", "unknown option '%s'", argv[k]);
        }
    }
    if (!country)
        return tw_cli_usage_error("optimal", "missing --country CODE");
    tw_sc_session s;
    if ((rc = tw_sc_open(&c, &s)))
        return rc;
    tw_dims d = tw_world_dims(s.w);
    int me, partners[TW_SC_MAX_PLAYERS], np = 0;
    double *weights = calloc((size_t)d.j, sizeof *weights);
    tw_policy *out = NULL;
    tw_draws *dr = NULL;
    tw_equilibrium *eq = tw_equilibrium_create(s.m), *eq0 = tw_equilibrium_create(s.m);
    tw_results *res = tw_results_create(s.m), *res0 = tw_results_create(s.m);
    if (!weights || !eq || !eq0 || !res || !res0 || tw_policy_create(s.m, &out)) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        rc = TW_EXIT_INTERNAL;
        goto done;
    }
    if (tw_sc_countries("optimal", s.w, country, &me, 1) < 0 ||
        (partners_s &&
         (np = tw_sc_countries("optimal", s.w, partners_s, partners, TW_SC_MAX_PLAYERS)) < 0) ||
        (weights_s && parse_weights(s.w, weights_s, weights))) {
        rc = TW_EXIT_USAGE;
        goto done;
    }
    for (int k = 0; k < np; k++)
        if (partners[k] == me) {
            rc = tw_cli_usage_error("optimal", "a country cannot be its own partner");
            goto done;
        }
    tw_instrument ins = {.country = me, .kind = c.kind, .partners = np ? partners : NULL,
                         .n_partners = np, .services = c.services,
                         .only_increases = c.only_increases, .upper = c.max_rate};
    tw_objective obj = {.country = me, .sector_weights = weights_s ? weights : NULL};
    tw_error err;
    tw_optimize_report rep;
    tw_status st = tw_model_solve(s.m, tw_game_solver(s.g), s.today, eq0, NULL, &err);
    if (!st)
        st = tw_results_compute(s.m, eq0, res0);
    if (st) {
        rc = tw_sc_fail(st, &err);
        goto done;
    }
    tw_equilibrium_copy(eq, eq0);
    st = tw_game_best_response(s.g, &ins, &obj, s.today, out, eq, &rep, &err);
    if (st && !tw_equilibrium_solved(eq)) {
        rc = tw_sc_fail(st, &err);
        goto done;
    }
    tw_sc_progress_done();
    tw_results_compute(s.m, eq, res);
    const char *state = tw_sc_interrupted() ? "interrupted" : rep.converged ? "converged"
                                                                          : "not converged";
    tw_game_bands gm = {.game = TW_GAME_BANDS_OPTIMAL, .players = &ins, .n_players = 1,
                        .services = c.services, .objective = &obj};
    if (!st && (rc = tw_sc_draws_run(&c, &s, &gm, out, res, &dr)))
        goto done;
    tw_sc_draws_begin(&c, dr);
    if (c.json) {
        tw_optimal_document doc = {
            .game = tw_sc_game_document(&c, &s, out, res, &me, 1, partners, np, state),
            .instrument = &ins, .today_results = res0, .report = rep};
        tw_error werr;
        if ((rc = tw_sc_json_done(tw_json_write_optimal(tw_sink_file(stdout), &doc, &werr),
                                  &werr)))
            goto done;
    } else {
        print_table(&c, &s, me, partners, np, out, res0, res, state, &rep);
    }
    if (!st)
        rc = tw_sc_draws_write(&c, &s, dr, &gm);
    if (st)
        rc = tw_sc_fail(st, &err);
done:
    rc = rc == TW_CLI_DRAWS_DONE ? TW_EXIT_OK : rc; /* a shard or a rank other than 0 */
    tw_draws_free(dr);
    free(weights);
    tw_policy_free(out);
    tw_equilibrium_free(eq);
    tw_equilibrium_free(eq0);
    tw_results_free(res);
    tw_results_free(res0);
    tw_sc_close(&s);
    return rc;
}
