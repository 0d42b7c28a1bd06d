/* SPDX-License-Identifier: MIT */
/* `tradewar bargain`: Nash bargaining over export controls (tradewar/bargain.h,
 * docs/export-controls.md "The bargain"): each player holds quotas on its sales of some sectors
 * to the other players; the quotas in force are the disagreement point, and the players agree
 * on how much of each cut to keep. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/strategy_cli.h"
#include "core/error.h"

#define MAX_CONTROLS 8
#define MAX_CONTROL_SECTORS 64

static void help(FILE *out)
{
    fputs("Usage: tradewar bargain --players CODES --control SPEC [--control SPEC ...]\n"
          "                        [--weights W,...] [--grid N] [options]\n"
          "\n"
          "Nash bargaining over export controls. Each control is a licence quota on the\n"
          "exporter's sales of some sectors to the other players, with the rent to the\n"
          "exporter; the quotas in force are the disagreement point. The deal keeps a level\n"
          "s in [0, 1] of each control's cut (1: in force, 0: lifted; the cap is\n"
          "B - s (B - cap in force), B the baseline flow) that maximises the product of the\n"
          "players' gains in real income over the disagreement point (docs/export-controls.md,\n"
          "\"The bargain\").\n"
          "\n"
          "  --players CODES      at least two, e.g. USA,CHN\n"
          "  --control SPEC       EXPORTER:SECTORS:SHARE, e.g. USA:SEMI,SME:0.5: the exporter\n"
          "                       (a player) caps its sales of those sectors to each other\n"
          "                       player at SHARE (0 < SHARE < 1) of the baseline flow; one to\n"
          "                       eight controls\n"
          "  --weights W,...      Nash bargaining weights, one per player (default equal)\n"
          "  --grid N             grid points per level of the first scan, 2 to 5 (default 3:\n"
          "                       0, 0.5, 1); the scan costs N^controls equilibrium solves\n",
          out);
    tw_sc_common_help(out, 0);
}

typedef struct control_arg {
    const char *text; /* as given, for messages */
    int exporter;
    int sectors[MAX_CONTROL_SECTORS], n_sectors;
    double share;
} control_arg;

typedef struct bargain_args {
    tw_sc_common c;
    const char *players_s, *weights_s, *control_s[MAX_CONTROLS];
    int n_controls, grid;
} bargain_args;

static int parse_args(int argc, char **argv, bargain_args *a)
{
    tw_sc_common_init(&a->c);
    a->players_s = a->weights_s = NULL;
    a->n_controls = 0;
    a->grid = 3;
    int rc = 0;
    for (int k = 1; k < argc; k++) {
        const char *v;
        int r;
        if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
            help(stdout);
            return TW_EXIT_OK;
        }
        if ((r = tw_sc_parse_common("bargain", argc, argv, &k, &a->c, &rc))) {
            if (r < 0)
                return rc;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--players", &v))) {
            if (r < 0)
                return tw_cli_usage_error("bargain", "--players needs codes");
            a->players_s = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--weights", &v))) {
            if (r < 0)
                return tw_cli_usage_error("bargain", "--weights needs numbers");
            a->weights_s = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--control", &v))) {
            if (r < 0)
                return tw_cli_usage_error("bargain", "--control needs EXPORTER:SECTORS:SHARE");
            if (a->n_controls == MAX_CONTROLS)
                return tw_cli_usage_error("bargain", "at most %d controls", MAX_CONTROLS);
            a->control_s[a->n_controls++] = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--grid", &v))) {
            char *end = NULL;
            long n = r > 0 ? strtol(v, &end, 10) : -1;
            if (r < 0 || *end || n < 2 || n > 5)
                return tw_cli_usage_error("bargain", "--grid needs a whole number from 2 to 5");
            a->grid = (int)n;
        } else {
            return tw_cli_usage_error("bargain", "unknown option '%s'", argv[k]);
        }
    }
    if (!a->players_s)
        return tw_cli_usage_error("bargain", "missing --players CODES");
    if (a->n_controls == 0)
        return tw_cli_usage_error("bargain", "missing --control EXPORTER:SECTORS:SHARE");
    /* The tariff instrument's options and other payoffs do not apply: the instruments are the
     * controls and the payoff is real income (tw_game_bargain). */
    const tw_sc_common *c = &a->c;
    if (c->kind != TW_INSTRUMENT_UNIFORM || c->services || c->max_rate != 2.0 ||
        c->only_increases)
        return tw_cli_usage_error("bargain", "--instrument, --services, --max-rate and "
                                             "--only-increases do not apply to a bargain");
    if (c->political || c->payoff)
        return tw_cli_usage_error("bargain", "--political-economy and --payoff do not apply: "
                                             "a bargain's payoff is real income");
    return -1;
}

/* One --control value into *ca. @return 0, or a usage error's exit code (printed). */
static int parse_control(const tw_world *w, const char *text, const int *players, int np,
                         control_arg *ca)
{
    char buf[512];
    ca->text = text;
    if (strlen(text) >= sizeof buf)
        return tw_cli_usage_error("bargain", "--control '%.40s...': too long", text);
    memcpy(buf, text, strlen(text) + 1);
    char *s1 = strchr(buf, ':'), *s2 = s1 ? strchr(s1 + 1, ':') : NULL;
    if (!s1 || !s2 || strchr(s2 + 1, ':'))
        return tw_cli_usage_error("bargain", "--control '%s': expected EXPORTER:SECTORS:SHARE",
                                  text);
    *s1 = *s2 = '\0';
    ca->exporter = tw_world_country_index(w, buf);
    if (ca->exporter < 0) {
        const char *near = tw_world_country_suggest(w, buf);
        return tw_cli_usage_error("bargain", "--control '%s': unknown country '%s'%s%s%s", text,
                                  buf, near ? " (did you mean '" : "", near ? near : "",
                                  near ? "'?)" : "");
    }
    int is_player = 0;
    for (int p = 0; p < np; p++)
        is_player |= players[p] == ca->exporter;
    if (!is_player)
        return tw_cli_usage_error("bargain", "--control '%s': exporter %s is not a player", text,
                                  buf);
    ca->n_sectors = 0;
    for (char *tok = strtok(s1 + 1, ","); tok; tok = strtok(NULL, ",")) {
        int j = tw_world_sector_index(w, tok);
        if (j < 0) {
            const char *near = tw_world_sector_suggest(w, tok);
            return tw_cli_usage_error("bargain", "--control '%s': unknown sector '%s'%s%s%s",
                                      text, tok, near ? " (did you mean '" : "",
                                      near ? near : "", near ? "'?)" : "");
        }
        for (int q = 0; q < ca->n_sectors; q++)
            if (ca->sectors[q] == j)
                return tw_cli_usage_error("bargain", "--control '%s': sector %s given twice",
                                          text, tok);
        if (ca->n_sectors == MAX_CONTROL_SECTORS)
            return tw_cli_usage_error("bargain", "--control '%s': more than %d sectors", text,
                                      MAX_CONTROL_SECTORS);
        ca->sectors[ca->n_sectors++] = j;
    }
    if (ca->n_sectors == 0)
        return tw_cli_usage_error("bargain", "--control '%s': no sectors", text);
    char *end = NULL;
    ca->share = strtod(s2 + 1, &end);
    if (end == s2 + 1 || *end || !(ca->share > 0.0 && ca->share < 1.0))
        return tw_cli_usage_error("bargain",
                                  "--control '%s': SHARE must be a number above 0 and below 1, "
                                  "got '%s'",
                                  text, s2 + 1);
    return 0;
}

/* The deal as a table on standard output. */
static void print_table(const tw_sc_session *s, const int *players, int np, const double *wt,
                        const control_arg *ca, int nc, const double *lv, const double *vt,
                        const double *vd, const tw_results *rdis, const tw_results *rdeal,
                        const tw_bargain_report *rep, const char *state)
{
    const tw_world *w = s->w;
    printf("Bargain over %d export control%s among %d players (Nash), world %s\n", nc,
           nc == 1 ? "" : "s", np, tw_world_name(w));
    printf("status: %s\n\n", state);
    printf("%-28s %9s %7s %12s\n", "control", "in force", "level", "cap at deal");
    for (int k = 0; k < nc; k++) {
        char label[64];
        snprintf(label, sizeof label, "%.60s", ca[k].text);
        char *colon = strrchr(label, ':');
        if (colon)
            *colon = '\0'; /* the share has its own column */
        char deal[16];
        if (lv[k] == 0.0)
            snprintf(deal, sizeof deal, "lifted");
        else
            snprintf(deal, sizeof deal, "%.1f%%", 100.0 * (1.0 - lv[k] * (1.0 - ca[k].share)));
        printf("%-28s %8.1f%% %7.3f %12s\n", label, 100.0 * ca[k].share, lv[k], deal);
    }
    printf("(a control is EXPORTER:SECTORS, the exporter's quotas on its sales to the other\n"
           "players; caps as %% of the baseline flow; level: share of the cut kept, 1 = in\n"
           "force, 0 = lifted)\n\n");
    printf("%-8s %7s %14s %12s %14s\n", "player", "weight", "V disagreement", "V deal",
           "gain, points");
    for (int p = 0; p < np; p++)
        printf("%-8s %7.3g %14.6f %12.6f %14.5f\n", tw_world_country_code(w, players[p]),
               wt ? wt[p] : 1.0, vt[p], vd[p], tw_cli_nz(100.0 * (vd[p] - vt[p]), 5));
    /* The five other countries the deal moves most. */
    int nn = tw_world_dims(w).n, shown[5], ns = 0;
    for (; ns < 5; ns++) {
        int best = -1;
        double bx = -1.0;
        for (int n = 0; n < nn; n++) {
            int skip = 0;
            for (int p = 0; p < np; p++)
                skip |= players[p] == n;
            for (int q = 0; q < ns; q++)
                skip |= shown[q] == n;
            double x = fabs(rdeal->country[n].real_income_pct - rdis->country[n].real_income_pct);
            if (!skip && x > bx) {
                bx = x;
                best = n;
            }
        }
        if (best < 0)
            break;
        shown[ns] = best;
    }
    if (ns > 0) {
        printf("\n%-8s %16s %12s %14s\n", "other", "disagreement, %", "deal, %",
               "gain, points");
        for (int q = 0; q < ns; q++) {
            int n = shown[q];
            double a = rdis->country[n].real_income_pct, b = rdeal->country[n].real_income_pct;
            printf("%-8s %16.5f %12.5f %14.5f\n", tw_world_country_code(w, n), tw_cli_nz(a, 5),
                   tw_cli_nz(b, 5), tw_cli_nz(b - a, 5));
        }
    }
    printf("(V: real income relative to the baseline; gain: 100 (V deal - V disagreement),\n"
           "percentage points of baseline real income; other: the %d other countries the\n"
           "deal moves most, real income against the baseline, %%)\n", ns);
    printf("\nsolver: %s, %d equilibrium solves, log Nash product %.6f, check %.2g, %.2f s\n",
           state, rep->evaluations, rep->log_nash, rep->check_gain, rep->seconds);
}

int tw_cli_bargain(int argc, char **argv)
{
    bargain_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    tw_sc_session s;
    if ((rc = tw_sc_open(&a.c, &s)))
        return rc;
    int players[TW_SC_MAX_PLAYERS], nc = a.n_controls;
    double weights[TW_SC_MAX_PLAYERS];
    control_arg ca[MAX_CONTROLS];
    int np = tw_sc_countries("bargain", s.w, a.players_s, players, TW_SC_MAX_PLAYERS);
    if (np < 0 || (np >= 2 && a.weights_s &&
                   tw_sc_numbers("bargain", "--weights", a.weights_s, weights, np))) {
        tw_sc_close(&s);
        return TW_EXIT_USAGE;
    }
    if (np < 2) {
        tw_sc_close(&s);
        return tw_cli_usage_error("bargain", "a bargain needs at least two players");
    }
    for (int k = 0; k < nc; k++)
        if ((rc = parse_control(s.w, a.control_s[k], players, np, &ca[k]))) {
            tw_sc_close(&s);
            return rc;
        }
    tw_control controls[MAX_CONTROLS];
    double shares[MAX_CONTROLS];
    for (int k = 0; k < nc; k++) {
        controls[k] = (tw_control){.exporter = ca[k].exporter, .sectors = ca[k].sectors,
                                   .n_sectors = ca[k].n_sectors};
        shares[k] = ca[k].share;
    }
    tw_bargain_options o;
    tw_bargain_options_init(&o);
    o.weights = a.weights_s ? weights : NULL;
    o.grid = a.grid;
    tw_error err;
    tw_bargain_outcome *out = NULL;
    tw_status st = tw_bargain_outcome_run(s.g, s.today, players, np, controls, nc, shares, &o,
                                          &out, &err);
    tw_sc_progress_done();
    if (st) { /* an unconverged bargain is an error, never a result */
        rc = tw_sc_fail(st, &err);
    } else if (a.c.json) {
        tw_error werr;
        rc = tw_sc_json_done(
            tw_json_write_bargain(tw_sink_file(stdout), tw_bargain_outcome_document(out), &werr),
            &werr);
    } else {
        const tw_bargain_document *doc = tw_bargain_outcome_document(out);
        print_table(&s, players, np, o.weights, ca, nc, doc->levels, doc->v_disagreement,
                    doc->v_deal, doc->disagreement, doc->deal, &doc->report, doc->status);
        rc = TW_EXIT_OK;
    }
    tw_bargain_outcome_free(out);
    tw_sc_close(&s);
    return rc;
}
