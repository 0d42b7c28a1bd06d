/* SPDX-License-Identifier: MIT */
/* R bindings of tradewar: a war among coalitions (tw_game_coalition_war), written as the
 * document of `tradewar war --coalition NAME=CODES --json` (src/cli/cmd_war_coalition.c). The
 * R wrapper (R/coalition.R) checks types and names first; here the codes are resolved and the
 * players checked as the program checks them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tw_r.h"

#define MAX_PLAYERS 128

typedef struct war_work {
    int np, n;
    const char *names[MAX_PLAYERS];
    int *members; /* [np][n] */
    int *targets; /* [np][n] */
    int *owner;   /* [n] */
    tw_coalition cs[MAX_PLAYERS];
    tw_error err;
} war_work;

/* A usage error whose message the caller writes into err->message next. */
static tw_error *usage(tw_error *err)
{
    tw_error_clear(err);
    err->status = TW_ERR_USAGE;
    return err;
}
#define USAGE(x, ...)                                                                           \
    (snprintf(usage(&(x)->err)->message, sizeof (x)->err.message, __VA_ARGS__), TW_ERR_USAGE)

/* Player `name` with members idx[k]; a usage error if one already plays. */
static tw_status add_player(war_work *x, const tw_world *w, const char *arg, const char *name,
                            const int *idx, int k)
{
    if (x->np == MAX_PLAYERS)
        return USAGE(x, "at most %d players", MAX_PLAYERS);
    for (int q = 0; q < k; q++)
        if (x->owner[idx[q]] >= 0)
            return USAGE(x, "%s: country '%s' already plays in %s", arg,
                         tw_world_country_code(w, idx[q]), x->names[x->owner[idx[q]]]);
    for (int q = 0; q < k; q++) {
        x->members[(size_t)x->np * x->n + q] = idx[q];
        x->owner[idx[q]] = x->np;
    }
    x->names[x->np] = name;
    x->cs[x->np].n_members = k;
    x->np++;
    return TW_OK;
}

/* The players: the coalitions (names[k], members[[k]]), then players alone (all: every
 * country in no coalition). */
static tw_status players_of(war_work *x, const tw_world *w, SEXP names, SEXP members,
                            SEXP players, int all, int *buf)
{
    for (R_xlen_t k = 0; k < XLENGTH(names); k++) {
        const char *name = CHAR(STRING_ELT(names, k));
        int nk = tw_r_country_indices(w, VECTOR_ELT(members, k), buf, x->n, &x->err);
        if (nk < 0)
            return TW_ERR_USAGE;
        for (int a = 0; a < nk; a++)
            for (int b = 0; b < a; b++)
                if (buf[a] == buf[b])
                    return USAGE(x, "coalitions$%s: country '%s' is listed twice", name,
                                 tw_world_country_code(w, buf[a]));
        int code = tw_world_country_index(w, name);
        if (code >= 0 && !(nk == 1 && buf[0] == code))
            return USAGE(x, "coalitions: the name '%s' is a country's code (only that "
                            "country alone may have it)",
                         name);
        char arg[64];
        snprintf(arg, sizeof arg, "coalitions$%.40s", name);
        if (add_player(x, w, arg, name, buf, nk))
            return TW_ERR_USAGE;
    }
    int nl = 0;
    if (all) {
        for (int i = 0; i < x->n; i++)
            if (x->owner[i] < 0)
                buf[nl++] = i;
    } else if ((nl = tw_r_country_indices(w, players, buf, x->n, &x->err)) < 0) {
        return TW_ERR_USAGE;
    }
    for (int q = 0; q < nl; q++)
        if (add_player(x, w, "players", tw_world_country_code(w, buf[q]), &buf[q], 1))
            return TW_ERR_USAGE;
    if (x->np < 2)
        return USAGE(x, "a war needs at least two players: another coalition or players");
    return TW_OK;
}

static void make_coalitions(war_work *x, int among, int services, double upper)
{
    for (int a = 0; a < x->np; a++) {
        int nt = 0;
        for (int i = 0; i < x->n && among; i++)
            if (x->owner[i] >= 0 && x->owner[i] != a)
                x->targets[(size_t)a * x->n + nt++] = i;
        x->cs[a] = (tw_coalition){.members = x->members + (size_t)a * x->n,
                                  .n_members = x->cs[a].n_members,
                                  .targets = among ? x->targets + (size_t)a * x->n : NULL,
                                  .n_targets = nt, .services = services, .upper = upper};
    }
}

/* The war and its document into buf. */
static tw_status play(war_work *x, const tw_model *m, int among, int services, tw_buffer *buf)
{
    tw_game *g = NULL;
    tw_policy *today = NULL, *out = NULL;
    tw_equilibrium *eq = tw_equilibrium_create(m);
    tw_results *res = tw_results_create(m);
    double rates[MAX_PLAYERS], payoffs[MAX_PLAYERS];
    tw_war_options wo;
    tw_war_options_init(&wo);
    tw_war_report rep = {0};
    tw_status st = TW_OK;
    if (!eq || !res || tw_policy_create(m, &today) || tw_policy_create(m, &out))
        st = x->err.status = TW_ERR_NOMEM;
    if (!st)
        st = tw_game_create(m, NULL, &g, &x->err);
    if (!st)
        st = tw_game_coalition_war(g, x->cs, x->np, &wo, today, out, eq, rates, &rep, &x->err);
    if (!st && (st = tw_results_compute(m, eq, res)))
        x->err.status = st;
    if (!st) {
        for (int a = 0; a < x->np; a++)
            payoffs[a] = tw_coalition_payoff(m, eq, &x->cs[a]);
        tw_coalition_war_document doc = {
            .game = {.model = m, .today = today, .chosen = out, .results = res,
                     .services = services, .instrument = TW_INSTRUMENT_UNIFORM,
                     .status = "Nash equilibrium found"},
            .coalitions = x->cs, .names = x->names, .n_coalitions = x->np,
            .among_players = among, .rates = rates, .payoffs = payoffs,
            .gain_tolerance = wo.gain_tolerance, .report = rep};
        st = tw_json_write_coalition_war(tw_sink_buffer(buf), &doc, &x->err);
    }
    tw_game_free(g);
    tw_policy_free(today);
    tw_policy_free(out);
    tw_equilibrium_free(eq);
    tw_results_free(res);
    return st;
}

SEXP tw_r_coalition_war(SEXP model, SEXP names, SEXP members, SEXP players, SEXP all,
                        SEXP among, SEXP services, SEXP max_rate)
{
    const tw_model *m = tw_r_model_of(model)->m;
    const tw_world *w = tw_model_world(m);
    double upper = tw_r_number(max_rate, "max_rate");
    int on_each = Rf_asLogical(among) == TRUE, svc = Rf_asLogical(services) == TRUE;
    war_work *x = calloc(1, sizeof *x);
    int n = tw_world_dims(w).n;
    int *buf = malloc((size_t)n * sizeof *buf);
    if (x) {
        x->n = n;
        x->members = malloc((size_t)MAX_PLAYERS * n * sizeof *x->members);
        x->targets = malloc((size_t)MAX_PLAYERS * n * sizeof *x->targets);
        x->owner = malloc((size_t)n * sizeof *x->owner);
    }
    tw_buffer out;
    tw_buffer_init(&out);
    tw_status st = TW_OK;
    if (!x || !buf || !x->members || !x->targets || !x->owner) {
        st = TW_ERR_NOMEM;
    } else {
        tw_error_clear(&x->err);
        for (int i = 0; i < n; i++)
            x->owner[i] = -1;
        st = players_of(x, w, names, members, players, Rf_asLogical(all) == TRUE, buf);
        if (!st) {
            make_coalitions(x, on_each, svc, upper);
            st = play(x, m, on_each, svc, &out);
        }
    }
    tw_error err;
    tw_error_clear(&err);
    if (x) {
        err = x->err;
        free(x->members);
        free(x->targets);
        free(x->owner);
        free(x);
    }
    free(buf);
    if (st == TW_ERR_NOMEM && !err.message[0]) {
        tw_buffer_release(&out);
        return tw_r_fail(TW_ERR_NOMEM, "out of memory");
    }
    if (st) {
        tw_buffer_release(&out);
        if (!err.status)
            err.status = st;
        return tw_r_error_list(&err);
    }
    return tw_r_json_string(&out);
}
