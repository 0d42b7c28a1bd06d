/* SPDX-License-Identifier: MIT */
/* `tradewar war --coalition NAME=CODES`: a Nash war among coalitions (tradewar/coalition.h),
 * each a set of countries setting one tariff level together; the countries of --players play
 * alone (coalitions of one). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/strategy_cli.h"
#include "cli/war_coalition.h"

#define NAME_MAX_LEN 31

/* The players of the war: names, members (rows of d.n), and the coalitions. */
typedef struct players_t {
    int np;
    char names[TW_SC_MAX_PLAYERS][NAME_MAX_LEN + 1];
    const char *name_ptr[TW_SC_MAX_PLAYERS];
    int n_members[TW_SC_MAX_PLAYERS];
    int *members;       /* [np][n] */
    int *targets;       /* [np][n] with --among-players */
    int *owner;         /* [n]: the player a country belongs to, -1 none */
    tw_coalition cs[TW_SC_MAX_PLAYERS];
} players_t;

static int valid_name(const char *s, size_t len)
{
    if (len == 0 || len > NAME_MAX_LEN)
        return 0;
    for (size_t k = 0; k < len; k++)
        if (!isalnum((unsigned char)s[k]) && s[k] != '_' && s[k] != '-')
            return 0;
    return 1;
}

/* Adds player `name` with members[k] to p; prints the usage error (naming `opt`) and returns
 * -1 when a member already plays. */
static int add_player(players_t *p, const tw_world *w, const char *opt, const char *name,
                      const int *members, int k)
{
    int n = tw_world_dims(w).n, at = p->np;
    if (at == TW_SC_MAX_PLAYERS)
        return tw_cli_usage_error("war", "at most %d players", TW_SC_MAX_PLAYERS), -1;
    for (int q = 0; q < k; q++) {
        int o = p->owner[members[q]];
        if (o >= 0)
            return tw_cli_usage_error("war", "%s: country '%s' already plays in %s", opt,
                                      tw_world_country_code(w, members[q]), p->names[o]),
                   -1;
    }
    snprintf(p->names[at], sizeof p->names[at], "%s", name);
    p->name_ptr[at] = p->names[at];
    p->n_members[at] = k;
    for (int q = 0; q < k; q++) {
        p->members[(size_t)at * n + q] = members[q];
        p->owner[members[q]] = at;
    }
    p->np++;
    return 0;
}

/* One --coalition NAME=CODES. */
static int parse_coalition(players_t *p, const tw_world *w, const char *spec, int *buf)
{
    const char *eq = strchr(spec, '=');
    size_t len = eq ? (size_t)(eq - spec) : 0;
    if (!eq || !valid_name(spec, len))
        return tw_cli_usage_error("war", "--coalition expects NAME=CODES (NAME: 1 to %d "
                                         "letters, digits, '_' or '-'), got '%s'",
                                  NAME_MAX_LEN, spec),
               -1;
    char name[NAME_MAX_LEN + 1];
    memcpy(name, spec, len);
    name[len] = '\0';
    for (int q = 0; q < p->np; q++)
        if (strcmp(p->names[q], name) == 0)
            return tw_cli_usage_error("war", "--coalition: the name '%s' is given twice", name),
                   -1;
    char msg[400];
    int n = tw_world_dims(w).n;
    int k = tw_sc_countries_check(w, eq + 1, buf, n, msg, sizeof msg);
    if (k < 0)
        return tw_cli_usage_error("war", "--coalition %s: %s", name, msg), -1;
    int code = tw_world_country_index(w, name);
    if (code >= 0 && !(k == 1 && buf[0] == code))
        return tw_cli_usage_error("war", "--coalition: the name '%s' is a country's code (only "
                                         "that country alone may have it)",
                                  name),
               -1;
    char opt[NAME_MAX_LEN + 16];
    snprintf(opt, sizeof opt, "--coalition %s", name);
    return add_player(p, w, opt, name, buf, k);
}

/* --players: countries alone ('all': every country in no coalition). */
static int parse_lone(players_t *p, const tw_world *w, const char *list, int *buf)
{
    int n = tw_world_dims(w).n, k = 0;
    if (strcmp(list, "all") == 0) {
        for (int i = 0; i < n && k < TW_SC_MAX_PLAYERS; i++)
            if (p->owner[i] < 0)
                buf[k++] = i;
    } else if ((k = tw_sc_countries("war", w, list, buf, TW_SC_MAX_PLAYERS)) < 0) {
        return -1;
    }
    for (int q = 0; q < k; q++)
        if (add_player(p, w, "--players", tw_world_country_code(w, buf[q]), &buf[q], 1))
            return -1;
    return 0;
}

/* The coalitions of p's players (targets: every non-member, or the other players' members). */
static void make_coalitions(players_t *p, int n, const tw_sc_common *c, int among)
{
    for (int a = 0; a < p->np; a++) {
        int nt = 0;
        for (int i = 0; i < n && among; i++)
            if (p->owner[i] >= 0 && p->owner[i] != a)
                p->targets[(size_t)a * n + nt++] = i;
        p->cs[a] = (tw_coalition){.members = p->members + (size_t)a * n,
                                  .n_members = p->n_members[a],
                                  .targets = among ? p->targets + (size_t)a * n : NULL,
                                  .n_targets = nt, .services = c->services, .lower = 0.0,
                                  .upper = c->max_rate};
    }
}

/* The war's table for people; scratch has room for every country. */
static void print_table(const tw_sc_common *cp, const tw_sc_session *sp, const players_t *p,
                        int among, const tw_policy *out, const tw_results *res,
                        const double *rates, const double *payoffs, const tw_war_report *rp,
                        const char *state, int *scratch)
{
    int n = tw_world_dims(sp->w).n;
    tw_tariff_average avg = tw_sc_average(cp->services);
    printf("Nash tariff war among %d players (coalitions choosing one tariff level each), "
           "tariffs on %s, world %s\n",
           p->np, among ? "each other" : "everyone", tw_world_name(sp->w));
    printf("status: %s\n\n", state);
    printf("%-10s %7s %14s %14s %12s\n", "player", "members", "tariff today,%", "tariff war,%",
           "payoff, %");
    int *targets = scratch;
    for (int a = 0; a < p->np; a++) {
        const tw_coalition *c = &p->cs[a];
        int nt = 0;
        for (int i = 0; i < n; i++)
            if (c->n_targets ? p->owner[i] >= 0 && p->owner[i] != a : p->owner[i] != a)
                targets[nt++] = i;
        double t0 = tw_tariff_average_group(sp->w, &avg, tw_policy_tariffs_const(sp->today),
                                            c->members, c->n_members, targets, nt);
        double t1 = tw_tariff_average_group(sp->w, &avg, tw_policy_tariffs_const(out),
                                            c->members, c->n_members, targets, nt);
        printf("%-10s %7d %14.2f %14.2f %12.4f\n", p->names[a], c->n_members, 100 * t0, 100 * t1,
               tw_cli_nz(100 * payoffs[a], 4));
    }
    printf("(tariffs: %s, of the members on\n"
           "their targets; payoff: the members' payoffs, %% against the baseline, weighted by\n"
           "their baseline spending, docs/strategy.md 4b)\n",
           tw_tariff_average_label(&avg));
    for (int a = 0; a < p->np; a++) {
        if (p->n_members[a] == 1 && strcmp(p->names[a], tw_world_country_code(
                                                            sp->w, p->cs[a].members[0])) == 0)
            continue;
        printf("%s =", p->names[a]);
        for (int q = 0; q < p->n_members[a]; q++)
            printf("%s %s", q ? "," : "", tw_world_country_code(sp->w, p->cs[a].members[q]));
        printf(": one tariff level, %.4f%%, on every good of its targets\n", 100 * rates[a]);
    }
    int *all = scratch, na = 0;
    for (int i = 0; i < n; i++)
        if (p->owner[i] >= 0)
            all[na++] = i;
    if (na <= 12) {
        printf("\nreal income in the war, %% against the baseline:\n");
        tw_sc_print_countries(sp, res, all, na, na < n ? 6 : 0);
    } else {
        printf("\nworld (income-weighted) real income in the war, %% against the baseline: "
               "%.4f\n",
               tw_cli_nz(res->world_real_income_pct, 4));
    }
    printf("\nsolver: %s, best responses, %d rounds, %d equilibrium solves, largest gain from "
           "re-optimising %.2g%s%s, %.2f s\n",
           state, rp->rounds, rp->evaluations, rp->max_gain_player >= 0 ? rp->max_gain : NAN,
           rp->max_gain_player >= 0 ? " by " : "",
           rp->max_gain_player >= 0 ? p->names[rp->max_gain_player] : "", rp->seconds);
}

/* Plays the war of the parsed players and prints it. @return an exit code. */
static int play(const tw_sc_common *c, tw_sc_session *s, players_t *p, int among,
                const tw_war_options *wo)
{
    int rc = TW_EXIT_OK;
    tw_dims d = tw_world_dims(s->w);
    make_coalitions(p, d.n, c, among);
    double rates[TW_SC_MAX_PLAYERS] = {0}, payoffs[TW_SC_MAX_PLAYERS] = {0};
    tw_policy *out = NULL;
    tw_equilibrium *eq = tw_equilibrium_create(s->m);
    tw_results *res = tw_results_create(s->m);
    int *scratch = malloc((size_t)d.n * sizeof *scratch);
    if (!eq || !res || !scratch || tw_policy_create(s->m, &out)) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        rc = TW_EXIT_INTERNAL;
        goto done;
    }
    tw_error err;
    tw_war_report rep;
    tw_status st = tw_game_coalition_war(s->g, p->cs, p->np, wo, s->today, out, eq, rates, &rep,
                                         &err);
    tw_sc_progress_done();
    if (st && !tw_equilibrium_solved(eq)) {
        rc = tw_sc_fail(st, &err);
        goto done;
    }
    tw_results_compute(s->m, eq, res);
    for (int a = 0; a < p->np; a++)
        payoffs[a] = tw_coalition_payoff(s->m, eq, &p->cs[a]);
    const char *state = rep.cancelled || tw_sc_interrupted() ? "interrupted"
                        : rep.found                          ? "Nash equilibrium found"
                        : rep.converged ? "converged but not verified: not an equilibrium"
                                        : "not converged";
    if (c->json) {
        tw_coalition_war_document doc = {
            .game = tw_sc_game_document(c, s, out, res, NULL, 0, NULL, 0, state),
            .coalitions = p->cs, .names = p->name_ptr, .n_coalitions = p->np,
            .among_players = among, .rates = rates, .payoffs = payoffs,
            .gain_tolerance = wo->gain_tolerance > 0 ? wo->gain_tolerance : 1e-7,
            .report = rep};
        tw_error werr;
        rc = tw_sc_json_done(tw_json_write_coalition_war(tw_sink_file(stdout), &doc, &werr),
                             &werr);
    } else {
        print_table(c, s, p, among, out, res, rates, payoffs, &rep, state, scratch);
    }
    if (st)
        rc = tw_sc_fail(st, &err);
done:
    free(scratch);
    tw_policy_free(out);
    tw_equilibrium_free(eq);
    tw_results_free(res);
    return rc;
}

int tw_cli_war_coalitions(const tw_sc_common *c, const char *players_s,
                          const char *const *specs, int nspecs, int among, int method_given,
                          const tw_war_options *wo)
{
    const char *bad = c->kind != TW_INSTRUMENT_UNIFORM ? "--instrument (a coalition sets one "
                                                         "level: uniform)"
                      : c->only_increases              ? "--only-increases"
                      : method_given ? "--method (coalitions play best responses)"
                      : c->draws.given || c->draws.on || c->csv_dir ? "--draws and --csv"
                                                                    : NULL;
    if (bad)
        return tw_cli_usage_error("war", "--coalition does not take %s", bad);
    tw_sc_session s;
    int rc = tw_sc_open(c, &s);
    if (rc)
        return rc;
    int n = tw_world_dims(s.w).n;
    players_t *p = calloc(1, sizeof *p);
    int *buf = malloc((size_t)n * sizeof *buf);
    if (p) {
        p->members = malloc((size_t)TW_SC_MAX_PLAYERS * n * sizeof *p->members);
        p->targets = malloc((size_t)TW_SC_MAX_PLAYERS * n * sizeof *p->targets);
        p->owner = malloc((size_t)n * sizeof *p->owner);
    }
    if (!p || !buf || !p->members || !p->targets || !p->owner) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        rc = TW_EXIT_INTERNAL;
        goto done;
    }
    for (int i = 0; i < n; i++)
        p->owner[i] = -1;
    rc = TW_EXIT_USAGE;
    for (int k = 0; k < nspecs; k++)
        if (parse_coalition(p, s.w, specs[k], buf))
            goto done;
    if (players_s && parse_lone(p, s.w, players_s, buf))
        goto done;
    if (p->np < 2) {
        tw_cli_usage_error("war", "a war needs at least two players: give another "
                                  "--coalition or --players");
        goto done;
    }
    rc = play(c, &s, p, among, wo);
done:
    if (p) {
        free(p->members);
        free(p->targets);
        free(p->owner);
    }
    free(p);
    free(buf);
    tw_sc_close(&s);
    return rc;
}
