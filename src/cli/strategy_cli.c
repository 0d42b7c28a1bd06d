/* SPDX-License-Identifier: MIT */
/* Shared pieces of the strategy subcommands: options, session, SIGINT, progress, output. */
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/strategy_cli.h"

/* The flag SIGINT sets (a lock-free atomic: safe in a handler). The CLI is a program, not the
 * library: one flag for its one session. */
static tw_cancel *interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    tw_cancel_set(interrupted);
}

int tw_sc_interrupted(void) { return tw_cancel_is_set(interrupted); }

static int progress_shown;

void tw_sc_progress_done(void)
{
    if (progress_shown)
        fputc('\n', stderr);
    progress_shown = 0;
}

static int show_progress(void *ctx, const char *what, int step, double value)
{
    (void)ctx;
    progress_shown = 1;
    fprintf(stderr, "\r%-40s %6d  %-12.6g", what, step, value);
    fflush(stderr);
    return 0;
}

void tw_sc_common_init(tw_sc_common *c)
{
    memset(c, 0, sizeof *c);
    c->years = INFINITY;
    c->world = TW_DEFAULT_WORLD;
    c->kind = TW_INSTRUMENT_UNIFORM;
    c->max_rate = 2.0;
    tw_cli_draws_init(&c->draws);
}

void tw_sc_common_help(FILE *out, int with_instrument)
{
    if (with_instrument)
        fputs("  --instrument KIND    uniform (one rate), sector (one per sector) or\n"
              "                       partner-sector (one per partner and sector); default uniform\n"
              "  --services           also set tariffs on services (default: goods only)\n"
              "  --max-rate X         upper bound of a chosen tariff (default 2 = 200%)\n"
              "  --only-increases     choose additions to today's tariffs, in [0, max-rate]\n",
              out);
    char worlds[512];
    tw_cli_shipped_worlds(worlds, sizeof worlds);
    fprintf(out, "  --world NAME|DIR     shipped world (%s) or a directory\n"
            "                       (default %s)\n",
            worlds[0] ? worlds : "none found", TW_DEFAULT_WORLD);
    fputs("  --elasticities SET   trade-elasticity set of the world\n"
          "  --horizon H          short, medium, long (default) or years (docs/model.md 2b)\n"
          "  --input-elasticity INPUT:USER=X, --critical-elasticity X\n"
          "                       CES input nests, as for tradewar solve (docs/cli.md)\n"
          "  --deficits CLOSURE   fixed (default), zero or proportional\n"
          "  --political-economy  governments weigh their sectors by the world's\n"
          "                       political_weights.csv (Ossa 2014; docs/strategy.md)\n"
          "  --payoff P           auto (default): welfare (net of the disutility of work) in a\n"
          "                       world with labour supply, else real income; welfare;\n"
          "                       real-income (docs/model.md 2c)\n"
          "  --json               machine-readable results on standard output\n"
          "  --progress, --quiet  force or silence progress on standard error (default: shown\n"
          "                       when standard error is a terminal)\n"
          "\n"
          "Payoffs are welfare_pct's welfare (real income without labour supply) unless\n"
          "--political-economy or --payoff (docs/strategy.md). Ctrl-C\n"
          "stops a computation cleanly: what was found so far is printed, marked as interrupted,\n"
          "and the exit code is 130. A\n"
          "computation that did not converge prints its last point marked as such and exits\n"
          "with 5.\n",
          out);
}

int tw_sc_common_value(const char *name, const char *v, tw_sc_common *c, char *msg, size_t size)
{
    if (strcmp(name, "payoff") == 0) {
        if (tw_payoff_parse(v, &c->payoff))
            return snprintf(msg, size, "--payoff needs auto, welfare or real-income"), -1;
    } else if (strcmp(name, "deficits") == 0) {
        if (tw_deficit_closure_parse(v, &c->closure))
            return snprintf(msg, size, "--deficits expects fixed, zero or proportional, got '%s'",
                            v), -1;
    } else if (strcmp(name, "instrument") == 0) {
        if (tw_instrument_kind_parse(v, &c->kind))
            return snprintf(msg, size, "--instrument expects uniform, sector or partner-sector, "
                                       "got '%s'", v), -1;
    } else if (strcmp(name, "max-rate") == 0) {
        char *end = NULL;
        c->max_rate = strtod(v, &end);
        if (end == v || *end || !(c->max_rate > 0) || !isfinite(c->max_rate))
            return snprintf(msg, size, "--max-rate needs a positive number, got '%s'", v), -1;
    } else {
        return 0;
    }
    return 1;
}

int tw_sc_parse_common(const char *cmd, int argc, char **argv, int *k, tw_sc_common *c,
                       int *rc)
{
    const char *v;
    int r;
    const char *a = argv[*k];
    if (strcmp(a, "--json") == 0) {
        c->json = 1;
        return 1;
    }
    if ((r = tw_cli_draws_opt(cmd, argc, argv, k, &c->draws, rc)))
        return r;
    if ((r = tw_cli_opt(argc, argv, k, "--csv", &v))) {
        if (r < 0) {
            *rc = tw_cli_usage_error(cmd, "--csv needs a directory");
            return -1;
        }
        c->csv_dir = v;
        return 1;
    }
    if (strcmp(a, "--progress") == 0 || strcmp(a, "--quiet") == 0) {
        c->progress = a[2] == 'p' ? 1 : -1;
        return 1;
    }
    if (strcmp(a, "--services") == 0) {
        c->services = 1;
        return 1;
    }
    if (tw_cli_flag(a, "--only-increases")) {
        c->only_increases = 1;
        return 1;
    }
    if (tw_cli_flag(a, "--political-economy")) {
        c->political = 1;
        return 1;
    }
    static const char *const valued[] = {"--payoff", "--deficits", "--instrument", "--max-rate"};
    for (int q = 0; q < 4; q++)
        if ((r = tw_cli_opt(argc, argv, k, valued[q], &v))) {
            char msg[400];
            if (tw_sc_common_value(valued[q] + 2, r < 0 ? "" : v, c, msg, sizeof msg) < 0)
                return *rc = tw_cli_usage_error(cmd, "%s", msg), -1;
            return 1;
        }
    if ((r = tw_cli_opt(argc, argv, k, "--world", &v))) {
        if (r < 0)
            return *rc = tw_cli_usage_error(cmd, "--world needs a value"), -1;
        c->world = v;
        return 1;
    }
    if ((r = tw_cli_opt(argc, argv, k, "--horizon", &v))) {
        if ((*rc = tw_cli_horizon_arg(cmd, r, v, &c->years)))
            return -1;
        return 1;
    }
    if ((r = tw_cli_opt(argc, argv, k, "--elasticities", &v))) {
        if (r < 0)
            return *rc = tw_cli_usage_error(cmd, "--elasticities needs a value"), -1;
        c->elast = v;
        return 1;
    }
    const char *nest = NULL;
    if ((r = tw_cli_opt(argc, argv, k, "--input-elasticity", &v)))
        nest = "--input-elasticity";
    else if ((r = tw_cli_opt(argc, argv, k, "--critical-elasticity", &v)))
        nest = "--critical-elasticity";
    if (nest) {
        if (r < 0)
            return *rc = tw_cli_usage_error(cmd, "%s needs a value", nest), -1;
        if (c->nnest == TW_SC_MAX_NEST_OPTS)
            return *rc = tw_cli_usage_error(cmd, "at most %d nest options", TW_SC_MAX_NEST_OPTS),
                   -1;
        c->nest_cmd = cmd;
        c->nest_opt[c->nnest] = nest;
        c->nest_val[c->nnest++] = v;
        return 1;
    }
    return 0;
}

int tw_sc_open(const tw_sc_common *c, tw_sc_session *s)
{
    memset(s, 0, sizeof *s);
    if ((c->draws.given || c->draws.on || c->csv_dir) && !c->draws_ok)
        return tw_cli_usage_error(c->draws.cmd ? c->draws.cmd : "strategy",
                                  "--draws, --csv and the draw options are taken by optimal, "
                                  "war, talks, escalate and enforce only");
    if (tw_cli_draws_check(c->draws.cmd ? c->draws.cmd : "strategy", &c->draws))
        return TW_EXIT_USAGE;
    if (c->csv_dir && !c->draws.on)
        return tw_cli_usage_error(c->draws.cmd, "--csv DIR (the bands) goes with --draws");
    int rc = tw_cli_load_world_at(c->world, c->elast, c->years, &s->w);
    if (rc)
        return rc;
    tw_error err;
    tw_model_options mo;
    tw_model_options_init(&mo);
    mo.deficits = c->closure;
    mo.political_economy = c->political;
    mo.payoff = c->payoff;
    /* Nest rules, in command-line order after the world's own (borrowed during creation). */
    tw_input_elasticity rules[TW_SC_MAX_NEST_OPTS];
    for (int r = 0; r < c->nnest; r++)
        if (tw_cli_nest_rule(s->w, c->nest_cmd, c->nest_opt[r], c->nest_val[r], &rules[r])) {
            tw_sc_close(s);
            return TW_EXIT_USAGE;
        }
    mo.input_elasticities = rules;
    mo.input_elasticity_count = c->nnest;
    tw_status st = tw_model_create(s->w, &mo, &s->m, &err);
    if (st) {
        tw_cli_print_error(&err);
        tw_sc_close(s);
        return tw_cli_exit_code(st);
    }
    if (!interrupted && !(interrupted = tw_cancel_create())) {
        tw_sc_close(s);
        return tw_cli_exit_code(TW_ERR_NOMEM);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    tw_game_options go;
    tw_game_options_init(&go);
    go.cancel = interrupted;
    if (c->progress > 0 || (c->progress == 0 && isatty(STDERR_FILENO))) {
        go.progress = show_progress;
        /* The first progress line says that Ctrl-C is now handled (scripts wait for it
         * before sending SIGINT: docs/cli.md). */
        show_progress(NULL, "started (Ctrl-C stops and reports)", 0, 0.0);
    }
    st = tw_game_create(s->m, &go, &s->g, &err);
    if (!st)
        st = tw_policy_create(s->m, &s->today);
    if (st) {
        tw_cli_print_error(&err);
        tw_sc_close(s);
        return tw_cli_exit_code(st);
    }
    return TW_EXIT_OK;
}

void tw_sc_close(tw_sc_session *s)
{
    tw_policy_free(s->today);
    tw_game_free(s->g);
    tw_model_free(s->m);
    tw_world_free(s->w);
    memset(s, 0, sizeof *s);
}

int tw_sc_countries_check(const tw_world *w, const char *list, int *out, int max, char *msg,
                          size_t size)
{
    int n = 0;
    const char *p = list;
    while (*p) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        char code[64];
        if (len == 0 || len >= sizeof code) {
            snprintf(msg, size, "expected comma-separated country codes, got '%s'", list);
            return -1;
        }
        memcpy(code, p, len);
        code[len] = '\0';
        int idx = tw_world_country_index(w, code);
        if (idx < 0) {
            char buf[200];
            const char *sug = tw_world_country_suggest_all(w, code, buf, sizeof buf);
            if (sug)
                snprintf(msg, size, "unknown country '%s' (did you mean %s?)", code, sug);
            else
                snprintf(msg, size, "unknown country '%s'", code);
            return -1;
        }
        for (int k = 0; k < n; k++)
            if (out[k] == idx) {
                snprintf(msg, size, "country '%s' is listed twice", code);
                return -1;
            }
        if (n >= max) {
            snprintf(msg, size, "at most %d countries", max);
            return -1;
        }
        out[n++] = idx;
        p += len;
        if (*p == ',')
            p++;
    }
    if (n == 0)
        snprintf(msg, size, "expected at least one country code");
    return n > 0 ? n : -1;
}

int tw_sc_countries(const char *cmd, const tw_world *w, const char *list, int *out, int max)
{
    char msg[400];
    int n = tw_sc_countries_check(w, list, out, max, msg, sizeof msg);
    if (n < 0)
        tw_cli_usage_error(cmd, "%s", msg);
    return n;
}

int tw_sc_numbers_check(const char *opt, const char *list, double *out, int n, char *msg,
                        size_t size)
{
    int got = 0;
    const char *p = list;
    while (*p && got < TW_SC_MAX_PLAYERS) {
        char *end;
        double v = strtod(p, &end);
        if (end == p || (*end && *end != ',') || !isfinite(v)) {
            snprintf(msg, size, "%s expects comma-separated numbers, got '%s'", opt, list);
            return -1;
        }
        out[got++] = v;
        p = *end ? end + 1 : end;
    }
    if (got == 1)
        for (int k = 1; k < n; k++)
            out[k] = out[0];
    else if (got != n) {
        snprintf(msg, size, "%s expects 1 or %d values, got %d", opt, n, got);
        return -1;
    }
    return 0;
}

int tw_sc_numbers(const char *cmd, const char *opt, const char *list, double *out, int n)
{
    char msg[400];
    int r = tw_sc_numbers_check(opt, list, out, n, msg, sizeof msg);
    if (r)
        tw_cli_usage_error(cmd, "%s", msg);
    return r;
}

int tw_sc_escalation_players(const char *rules_s, const char *const lists[4], const int *players,
                             int np, tw_instrument_kind kind, tw_escalation_player *pl,
                             char *msg, size_t size)
{
    double opening[TW_SC_MAX_PLAYERS] = {0}, factor[TW_SC_MAX_PLAYERS],
           cap[TW_SC_MAX_PLAYERS] = {0}, forgive[TW_SC_MAX_PLAYERS] = {0};
    for (int p = 0; p < np; p++)
        factor[p] = 1.0;
    tw_rule rules[TW_SC_MAX_PLAYERS];
    int nr = 0;
    for (const char *p = rules_s; *p && nr < TW_SC_MAX_PLAYERS;) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        char name[32];
        if (len >= sizeof name)
            len = sizeof name - 1;
        memcpy(name, p, len);
        name[len] = '\0';
        if (tw_rule_parse(name, &rules[nr])) {
            snprintf(msg, size, "unknown rule '%s' (hold, tit-for-tat, proportional, "
                                "best-response)", name);
            return -1;
        }
        nr++;
        p += strlen(p) > len && q ? len + 1 : strlen(p);
    }
    if (nr != 1 && nr != np) {
        snprintf(msg, size, "--rules expects 1 or %d rules, got %d", np, nr);
        return -1;
    }
    static const char *const opts[4] = {"--opening", "--factor", "--cap", "--forgive"};
    double *outs[4] = {opening, factor, cap, forgive};
    for (int l = 0; l < 4; l++)
        if (lists[l] && tw_sc_numbers_check(opts[l], lists[l], outs[l], np, msg, size))
            return -1;
    for (int p = 0; p < np; p++) {
        if (cap[p] < 0 || forgive[p] < 0 || forgive[p] != floor(forgive[p]) || !(opening[p] > -1)) {
            snprintf(msg, size, "caps and openings must be >= 0 (openings >= -1) and --forgive "
                                "whole rounds >= 0");
            return -1;
        }
        pl[p] = (tw_escalation_player){.country = players[p], .rule = rules[nr == 1 ? 0 : p],
                                       .factor = factor[p], .opening = opening[p],
                                       .cap = cap[p], .forgive_after = (int)forgive[p],
                                       .kind = kind};
    }
    return 0;
}

int tw_sc_fail(tw_status st, const tw_error *err)
{
    tw_sc_progress_done();
    if (tw_sc_interrupted()) {
        fprintf(stderr, "\ntradewar: interrupted: the results above are partial\n");
        return TW_EXIT_INTERRUPTED;
    }
    tw_cli_print_error(err);
    return tw_cli_exit_code(st);
}

static int in_set(int x, const int *set, int n)
{
    for (int k = 0; k < n; k++)
        if (set[k] == x)
            return 1;
    return 0;
}

double tw_sc_avg_tariff(const tw_sc_session *s, const tw_policy *pol, int n, const int *partners,
                        int n_partners, int services)
{
    tw_tariff_average a = tw_sc_average(services);
    return tw_tariff_average_group(s->w, &a, tw_policy_tariffs_const(pol), &n, 1, partners,
                                   n_partners);
}

tw_game_document tw_sc_game_document(const tw_sc_common *c, const tw_sc_session *s,
                                     const tw_policy *chosen, const tw_results *r,
                                     const int *importers, int n_importers, const int *partners,
                                     int n_partners, const char *status)
{
    tw_game_document g = {.model = s->m, .today = s->today, .chosen = chosen, .results = r,
                          .importers = importers, .n_importers = n_importers,
                          .partners = partners, .n_partners = n_partners,
                          .services = c->services, .instrument = c->kind, .status = status,
                          .interrupted = tw_sc_interrupted()};
    return g;
}

int tw_sc_json_done(tw_status st, const tw_error *err)
{
    if (!st)
        return TW_EXIT_OK;
    tw_cli_print_error(err);
    return tw_cli_exit_code(st);
}

void tw_sc_print_countries(const tw_sc_session *s, const tw_results *r, const int *players,
                           int n_players, int others)
{
    tw_dims d = tw_world_dims(s->w);
    printf("%-8s %-32s %16s\n", "country", "name", "real income, %");
    for (int k = 0; k < n_players; k++)
        printf("%-8s %-32.32s %16.4f\n", tw_world_country_code(s->w, players[k]),
               tw_world_country_name(s->w, players[k]),
               tw_cli_nz(r->country[players[k]].real_income_pct, 4));
    /* The largest other movers, by absolute change. */
    int shown[16];
    int ns = 0;
    if (others > 16)
        others = 16;
    while (ns < others) {
        int best = -1;
        for (int n = 0; n < d.n; n++) {
            if (in_set(n, players, n_players) || in_set(n, shown, ns))
                continue;
            if (best < 0 ||
                fabs(r->country[n].real_income_pct) > fabs(r->country[best].real_income_pct))
                best = n;
        }
        if (best < 0)
            break;
        shown[ns++] = best;
    }
    if (ns > 0)
        printf("largest changes elsewhere:\n");
    for (int k = 0; k < ns; k++)
        printf("%-8s %-32.32s %16.4f\n", tw_world_country_code(s->w, shown[k]),
               tw_world_country_name(s->w, shown[k]),
               tw_cli_nz(r->country[shown[k]].real_income_pct, 4));
    printf("world (income-weighted)                   %16.4f\n",
           tw_cli_nz(r->world_real_income_pct, 4));
}

