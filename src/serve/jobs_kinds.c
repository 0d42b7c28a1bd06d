/* SPDX-License-Identifier: MIT */
/* A job's fields and its game (src/serve/jobs.h): the fields are the command line's flags of
 * `tradewar war` and `tradewar escalate` without their "--" ("gain_tolerance" or
 * "gain-tolerance"), checked as the command line checks them and refused with its messages;
 * the game is played as the command line plays it and written with the same JSON writer. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/calendar.h"
#include "core/error.h"
#include "core/spelling.h"
#include "serve/jobs.h"
#include "serve/json_in.h"

/* The command line's usage error "tradewar CMD: ..." as a 400 document. */
static int usage(tw_buffer *body, const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int usage(tw_buffer *body, const char *cmd, const char *fmt, ...)
{
    char text[600], msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof msg, "tradewar %s: %s", cmd, text);
    return tw_serve_error(body, 400, tw_status_name(TW_ERR_USAGE), TW_EXIT_USAGE, msg);
}

/* The flags a job takes (without "--"): 'b' a switch (true/false), 's' a value; the kinds
 * that take it (bits of 1 << tw_job_kind: W war, E escalate, T talks, F enforce). */
enum { W = 1, E = 2, T = 4, F = 8, ALL = 15 };
typedef struct flag {
    const char *name;
    char type;
    int kinds;
} flag;

static const flag flags[] = {
    {"world", 's', ALL},         {"elasticities", 's', ALL},  {"horizon", 's', ALL},
    {"deficits", 's', ALL},      {"instrument", 's', ALL},    {"max-rate", 's', ALL},
    {"services", 'b', ALL},      {"only-increases", 'b', ALL}, {"players", 's', ALL},
    {"among-players", 'b', W},   {"method", 's', W},          {"gain-tolerance", 's', W},
    {"rules", 's', E},           {"opening", 's', E},         {"factor", 's', E},
    {"cap", 's', E},             {"forgive", 's', E},         {"rounds", 's', E},
    {"start", 's', E},           {"period-days", 's', E},     {"threat", 's', T},
    {"rule", 's', T},            {"weights", 's', T},         {"delta", 's', T | F},
    {"truce-periods", 's', T},   {"agreement", 's', F},       {"periods", 's', F},
    {"political-economy", 'b', ALL}, {"payoff", 's', ALL},    {"input-elasticity", 's', ALL},
    {"critical-elasticity", 's', ALL}};

const char *tw_job_kind_name(tw_job_kind k)
{
    static const char *const names[] = {"war", "escalate", "talks", "enforce"};
    return names[k];
}

/* Flags of the command line the jobs do not take. */
static const char *const not_served[] = {
    "draws", "seed", "csv", "progress", "quiet", "json", "correlation", "design", "shard",
    "threads", "theta-min", "theta-max", "theta-se", NULL};

#define NFLAGS ((int)(sizeof flags / sizeof *flags))

/* The fields' values as the command line's argument texts (NULL: not given). */
typedef struct job_fields {
    const char *cmd;
    int kind; /* 1 << tw_job_kind */
    char text[NFLAGS][1024];
    int given[NFLAGS];
} job_fields;

static int flag_index(const char *name)
{
    for (int f = 0; f < NFLAGS; f++)
        if (strcmp(flags[f].name, name) == 0)
            return f;
    return -1;
}

static const char *get(const job_fields *jf, const char *name)
{
    int f = flag_index(name);
    return f >= 0 && jf->given[f] ? jf->text[f] : NULL;
}

/* A value as its argument text: a string, a number, or a list of them joined by commas. */
static int value_text(const tw_jv *v, char *out, size_t size)
{
    size_t used = 0;
    size_t n = v->type == TW_JV_ARRAY ? v->len : 1;
    out[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        const tw_jv *x = v->type == TW_JV_ARRAY ? &v->items[k] : v;
        char one[64];
        const char *s = one;
        if (x->type == TW_JV_STRING)
            s = x->string;
        else if (x->type == TW_JV_NUMBER)
            snprintf(one, sizeof one, "%.17g", x->number);
        else
            return -1;
        int w = snprintf(out + used, size - used, "%s%s", k ? "," : "", s);
        if (w < 0 || (size_t)w >= size - used)
            return -1;
        used += (size_t)w;
    }
    return 0;
}

/* The body's fields into jf. @return 200 or the status of the error written into body. */
static int read_fields(const tw_jv *v, job_fields *jf, tw_buffer *body)
{
    for (size_t k = 0; k < v->len; k++) {
        char name[64];
        snprintf(name, sizeof name, "%s", v->keys[k]);
        for (char *p = name; *p; p++)
            *p = *p == '_' ? '-' : *p;
        if (strcmp(name, "kind") == 0)
            continue;
        int f = flag_index(name);
        if (f < 0 || !(flags[f].kinds & jf->kind)) {
            for (int q = 0; not_served[q]; q++)
                if (strcmp(name, not_served[q]) == 0)
                    return usage(body, jf->cmd, "--%s is not taken by the server's jobs "
                                                "(docs/api.md): use the command line", name);
            return usage(body, jf->cmd, "unknown option '--%.60s'", name);
        }
        const tw_jv *x = &v->items[k];
        if (flags[f].type == 'b') {
            if (x->type != TW_JV_BOOL)
                return usage(body, jf->cmd, "%s: expected true or false", v->keys[k]);
            jf->given[f] = x->boolean;
            continue;
        }
        if (value_text(x, jf->text[f], sizeof jf->text[f]))
            return usage(body, jf->cmd, "--%s needs a value (a string, a number or a list of "
                                        "them, at most 1023 bytes)", name);
        jf->given[f] = 1;
    }
    return 200;
}

/* The common options into a->c and the model's choices into spec. */
static int common_opts(const job_fields *jf, tw_job_args *a, tw_serve_spec *spec,
                       tw_buffer *body)
{
    const char *cmd = jf->cmd, *v;
    if ((v = get(jf, "horizon")) && tw_horizon_parse(v, &spec->years))
        return usage(body, cmd, "--horizon expects short, medium, long or a number of years in "
                                "(0, 1000], got '%s'", v);
    static const char *const valued[] = {"deficits", "instrument", "max-rate", "payoff"};
    char msg[400];
    for (int q = 0; q < 4; q++)
        if ((v = get(jf, valued[q])) &&
            tw_sc_common_value(valued[q], v, &a->c, msg, sizeof msg) < 0)
            return usage(body, cmd, "%s", msg);
    spec->deficits = a->c.closure;
    a->c.political = get(jf, "political-economy") != NULL;
    spec->political = a->c.political;
    spec->payoff = a->c.payoff;
    a->c.services = get(jf, "services") != NULL;
    a->c.only_increases = get(jf, "only-increases") != NULL;
    if ((v = get(jf, "world")) && !tw_serve_name_ok(v))
        return usage(body, cmd, "--world: expected a shipped world's name (the server takes "
                                "no directories), got '%.60s'", v);
    return 200;
}

/* war's own options. */
static int war_opts(const job_fields *jf, tw_job_args *a, tw_buffer *body)
{
    const char *v;
    tw_war_options_init(&a->wo);
    a->among = get(jf, "among-players") != NULL;
    if ((v = get(jf, "method")) && tw_war_method_parse(v, &a->wo.method))
        return usage(body, "war", "--method expects auto, newton or best-response, got '%s'", v);
    if ((v = get(jf, "gain-tolerance"))) {
        char *end = NULL;
        a->wo.gain_tolerance = strtod(v, &end);
        if (*end || !(a->wo.gain_tolerance > 0))
            return usage(body, "war", "--gain-tolerance needs a positive number");
    }
    if (!get(jf, "players"))
        return usage(body, "war", "missing --players CODES");
    return 200;
}

/* escalate's own options (its lists are read once the players are known). */
static int escalate_opts(const job_fields *jf, tw_job_args *a, tw_buffer *body)
{
    const char *v;
    a->rounds = 20;
    a->period = 30;
    a->day0 = tw_date_from_civil(2025, 1, 1);
    if ((v = get(jf, "rounds"))) {
        char *end = NULL;
        long n = strtol(v, &end, 10);
        if (*end || n < 1 || n > 10000)
            return usage(body, "escalate", "--rounds needs a number in 1..10000");
        a->rounds = (int)n;
    }
    if ((v = get(jf, "period-days"))) {
        char *end = NULL;
        long n = strtol(v, &end, 10);
        if (*end || n < 1 || n > 3660)
            return usage(body, "escalate", "--period-days needs a number in 1..3660");
        a->period = (int)n;
    }
    if ((v = get(jf, "start")) && tw_date_parse(v, &a->day0))
        return usage(body, "escalate", "--start expects a date YYYY-MM-DD, got '%s'", v);
    if (!get(jf, "players") || !get(jf, "rules"))
        return usage(body, "escalate", "missing --players CODES or --rules RULES");
    return 200;
}

/* talks' own options (its --weights are read once the players are known). */
static int talks_opts(const job_fields *jf, tw_job_args *a, tw_buffer *body)
{
    const char *v;
    a->from_war = 1;
    a->truce = 3;
    a->delta = 0.9;
    tw_talks_options_init(&a->to);
    tw_threat_point threat;
    if ((v = get(jf, "threat"))) {
        if (tw_threat_point_parse(v, &threat))
            return usage(body, "talks", "--threat expects war or today");
        a->from_war = threat == TW_THREAT_WAR;
    }
    if ((v = get(jf, "rule")) && tw_talks_rule_parse(v, &a->to.rule))
        return usage(body, "talks", "--rule expects nash or equal-gains");
    if ((v = get(jf, "delta"))) {
        char *end = NULL;
        a->delta = strtod(v, &end);
        if (*end || !(a->delta >= 0 && a->delta < 1))
            return usage(body, "talks", "--delta needs a number in [0, 1)");
    }
    if ((v = get(jf, "truce-periods"))) {
        char *end = NULL;
        long n = strtol(v, &end, 10);
        if (*end || n < 0 || n > 100000)
            return usage(body, "talks", "--truce-periods needs a whole number >= 0");
        a->truce = (int)n;
    }
    if (!get(jf, "players"))
        return usage(body, "talks", "missing --players CODES");
    if (a->c.only_increases)
        return usage(body, "talks", "--only-increases does not apply to talks");
    return 200;
}

/* enforce's own options. */
static int enforce_opts(const job_fields *jf, tw_job_args *a, tw_buffer *body)
{
    static const char *const agreements[] = {"today", "deal", "free-trade"};
    const char *v;
    a->agreement = "today";
    a->delta = NAN;
    if ((v = get(jf, "agreement"))) {
        int ag = tw_name_find(agreements, 3, v);
        if (ag < 0)
            return usage(body, "enforce", "--agreement expects today, deal or free-trade");
        a->agreement = agreements[ag];
    }
    if ((v = get(jf, "periods"))) {
        char *end = NULL;
        long n = strtol(v, &end, 10);
        if (*end || n < 0 || n > 100000)
            return usage(body, "enforce", "--periods needs a whole number >= 0");
        a->periods = (int)n;
    }
    if ((v = get(jf, "delta"))) {
        char *end = NULL;
        a->delta = strtod(v, &end);
        if (*end || !(a->delta >= 0 && a->delta < 1))
            return usage(body, "enforce", "--delta needs a number in [0, 1)");
    }
    if (!get(jf, "players"))
        return usage(body, "enforce", "missing --players CODES");
    if (a->c.only_increases)
        return usage(body, "enforce", "--only-increases does not apply here");
    return 200;
}

/* --players into a->players: tw_sc_countries's checks and messages. */
static int players_of(const char *cmd, const tw_world *w, const char *list, tw_job_args *a,
                      tw_buffer *body)
{
    char msg[400];
    int n = tw_sc_countries_check(w, list, a->players, TW_SC_MAX_PLAYERS, msg, sizeof msg);
    if (n < 0)
        return usage(body, cmd, "%s", msg);
    a->np = n;
    return 200;
}

/* A per-player list: tw_sc_numbers's checks and messages (n values, or one for all). */
static int numbers(const char *cmd, const char *opt, const char *list, double *out, int n,
                   tw_buffer *body)
{
    char msg[400];
    if (tw_sc_numbers_check(opt, list, out, n, msg, sizeof msg))
        return usage(body, cmd, "%s", msg);
    return 200;
}

/* escalate's rules and lists into a->pl (tw_sc_escalation_players, as src/cli/cmd_escalate.c). */
static int escalate_players(const job_fields *jf, tw_job_args *a, tw_buffer *body)
{
    const char *const lists[4] = {get(jf, "opening"), get(jf, "factor"), get(jf, "cap"),
                                  get(jf, "forgive")};
    char msg[400];
    if (tw_sc_escalation_players(get(jf, "rules"), lists, a->players, a->np, a->c.kind, a->pl,
                                 msg, sizeof msg))
        return usage(body, "escalate", "%s", msg);
    return 200;
}

/* The players, on the model's world. */
static int players_opts(const job_fields *jf, tw_job_args *a, tw_buffer *body)
{
    const tw_world *w = a->mm->w;
    const char *list = get(jf, "players");
    int n = tw_world_dims(w).n;
    if (a->kind == TW_JOB_WAR && strcmp(list, "all") == 0) {
        a->np = n < TW_SC_MAX_PLAYERS ? n : TW_SC_MAX_PLAYERS;
        for (int p = 0; p < a->np; p++)
            a->players[p] = p;
    } else {
        int rc = players_of(jf->cmd, w, list, a, body);
        if (rc != 200)
            return rc;
    }
    if (a->np < 2 && a->kind == TW_JOB_WAR)
        return usage(body, "war", "a war needs at least two players (one country's best tariffs "
                                  "against today's are 'tradewar optimal --country %s')",
                     tw_world_country_code(w, a->players[0]));
    static const char *const too_few[] = {NULL, "an escalation needs at least two players",
                                          "talks need at least two players",
                                          "an agreement needs at least two players"};
    if (a->np < 2)
        return usage(body, jf->cmd, "%s", too_few[a->kind]);
    if (a->kind == TW_JOB_TALKS && get(jf, "weights")) {
        a->has_weights = 1;
        return numbers("talks", "--weights", get(jf, "weights"), a->weights, a->np, body);
    }
    return a->kind == TW_JOB_ESCALATE ? escalate_players(jf, a, body) : 200;
}

/* The model of spec with the job's nest rules (--critical-elasticity, then the
 * --input-elasticity list, in order: as the command line with the critical one first), into
 * a->mm. The rules' codes are resolved on the world of the model without them (the same
 * countries and sectors), with the command line's messages (tw_cli_nest_rule_check). */
static int nest_model(tw_serve *s, const job_fields *jf, tw_serve_spec *spec, tw_job_args *a,
                      tw_buffer *body)
{
    const char *crit = get(jf, "critical-elasticity"), *input = get(jf, "input-elasticity");
    if (!crit && !input)
        return tw_serve_model_get(s, spec, &a->mm, body);
    tw_serve_spec plain = *spec;
    plain.political = 0;
    plain.payoff = TW_PAYOFF_AUTO;
    tw_serve_model *base;
    int rc = tw_serve_model_get(s, &plain, &base, body);
    if (rc != 200)
        return rc;
    tw_input_elasticity rules[TW_SERVE_MAX_RULES];
    int nr = 0;
    char msg[400];
    if (crit && tw_cli_nest_rule_check(base->w, "--critical-elasticity", crit, &rules[nr++],
                                       msg, sizeof msg))
        return usage(body, jf->cmd, "%s", msg);
    for (const char *p = input; p && *p;) {
        size_t len = strcspn(p, ",");
        char one[128];
        if (len >= sizeof one)
            return usage(body, jf->cmd, "--input-elasticity expects INPUT:USER=VALUE (sector "
                                        "codes or '*'), got '%.60s'", p);
        if (nr == TW_SERVE_MAX_RULES)
            return usage(body, jf->cmd, "at most %d nest options", TW_SERVE_MAX_RULES);
        memcpy(one, p, len);
        one[len] = '\0';
        if (tw_cli_nest_rule_check(base->w, "--input-elasticity", one, &rules[nr++], msg,
                                   sizeof msg))
            return usage(body, jf->cmd, "%s", msg);
        p += len + (p[len] == ',');
    }
    spec->rules = rules;
    spec->nrules = nr;
    return tw_serve_model_get(s, spec, &a->mm, body);
}

static int parse_object(tw_serve *s, const tw_jv *v, tw_job_args *a, tw_buffer *body)
{
    const tw_jv *kind = tw_jv_get(v, "kind");
    const char *k = kind && kind->type == TW_JV_STRING ? kind->string : "";
    int found = -1;
    for (int q = TW_JOB_WAR; q <= TW_JOB_ENFORCE; q++)
        if (strcmp(k, tw_job_kind_name((tw_job_kind)q)) == 0)
            found = q;
    if (found < 0)
        return tw_serve_error(body, 400, tw_status_name(TW_ERR_USAGE), TW_EXIT_USAGE,
                              "kind: expected \"war\", \"escalate\", \"talks\" or "
                              "\"enforce\"");
    a->kind = (tw_job_kind)found;
    job_fields *jf = calloc(1, sizeof *jf);
    if (!jf)
        return tw_serve_error(body, 500, tw_status_name(TW_ERR_NOMEM), TW_EXIT_INTERNAL,
                              "tradewar: error: out of memory");
    jf->cmd = tw_job_kind_name(a->kind);
    jf->kind = 1 << a->kind;
    tw_sc_common_init(&a->c);
    tw_serve_spec spec = {.world = s->default_world, .years = INFINITY,
                          .deficits = TW_DEFICITS_FIXED};
    int rc = read_fields(v, jf, body);
    if (rc == 200)
        rc = common_opts(jf, a, &spec, body);
    if (rc == 200)
        rc = a->kind == TW_JOB_WAR        ? war_opts(jf, a, body)
             : a->kind == TW_JOB_ESCALATE ? escalate_opts(jf, a, body)
             : a->kind == TW_JOB_TALKS    ? talks_opts(jf, a, body)
                                          : enforce_opts(jf, a, body);
    if (rc == 200) {
        if (get(jf, "world"))
            spec.world = get(jf, "world");
        spec.elasticities = get(jf, "elasticities");
        rc = nest_model(s, jf, &spec, a, body);
    }
    if (rc == 200)
        rc = players_opts(jf, a, body);
    free(jf);
    return rc;
}

int tw_job_args_parse(tw_serve *s, const char *text, size_t len, tw_job_args *a,
                      tw_buffer *body)
{
    memset(a, 0, sizeof *a);
    tw_jv v;
    char why[160], msg[200];
    int jrc = tw_jv_parse(text ? text : "", len, &v, why, sizeof why);
    if (jrc == -2)
        return tw_serve_error(body, 500, tw_status_name(TW_ERR_NOMEM), TW_EXIT_INTERNAL,
                              "tradewar: error: out of memory");
    if (jrc) {
        snprintf(msg, sizeof msg, "request body: not JSON: %s", why);
        return tw_serve_error(body, 400, tw_status_name(TW_ERR_USAGE), TW_EXIT_USAGE, msg);
    }
    int rc = v.type == TW_JV_OBJECT
                 ? parse_object(s, &v, a, body)
                 : tw_serve_error(body, 400, tw_status_name(TW_ERR_USAGE), TW_EXIT_USAGE,
                                  "request body: expected a JSON object");
    tw_jv_release(&v);
    return rc;
}

/* What the game needs, made and freed together. */
typedef struct job_work {
    tw_game *g;
    tw_policy *today, *out;
    tw_equilibrium *eq;
    tw_results *res;
    tw_escalation *path;
    double *gains;
    int (*partners)[TW_SC_MAX_PLAYERS];
    tw_instrument *ins;
    char (*dates)[16];
    const char **dp;
} job_work;

static void work_free(job_work *k)
{
    free(k->dp);
    free(k->dates);
    free(k->ins);
    free(k->partners);
    free(k->gains);
    tw_escalation_free(k->path);
    tw_results_free(k->res);
    tw_equilibrium_free(k->eq);
    tw_policy_free(k->out);
    tw_policy_free(k->today);
    tw_game_free(k->g);
}

/* The war as `tradewar war --json` plays and writes it (src/cli/cmd_war.c). */
static tw_status run_war(const tw_job_args *a, job_work *k, tw_buffer *out, tw_error *err)
{
    int np = a->np;
    const tw_model *m = a->mm->m;
    k->partners = calloc((size_t)np, sizeof *k->partners);
    k->ins = calloc((size_t)np, sizeof *k->ins);
    k->gains = calloc((size_t)np, sizeof *k->gains);
    if (!k->partners || !k->ins || !k->gains)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (int p = 0; p < np; p++) {
        int n = 0;
        for (int q = 0; q < np && a->among; q++)
            if (q != p)
                k->partners[p][n++] = a->players[q];
        k->ins[p] = (tw_instrument){.country = a->players[p], .kind = a->c.kind,
                                    .partners = a->among ? k->partners[p] : NULL,
                                    .n_partners = n, .services = a->c.services,
                                    .only_increases = a->c.only_increases,
                                    .upper = a->c.max_rate};
    }
    tw_war_report rep;
    tw_status st = tw_game_nash_war(k->g, k->ins, np, NULL, &a->wo, k->today, k->out, k->eq,
                                    k->gains, &rep, err);
    if (st || rep.cancelled)
        return st ? st : TW_ERR_CANCELLED;
    tw_results_compute(m, k->eq, k->res);
    const char *state = rep.found       ? "Nash equilibrium found"
                        : rep.converged ? "converged but not verified: not an equilibrium"
                                        : "not converged";
    tw_sc_session ss = {a->mm->w, a->mm->m, k->g, k->today};
    tw_war_document doc = {
        .game = tw_sc_game_document(&a->c, &ss, k->out, k->res, a->players, np,
                                    a->among ? a->players : NULL, a->among ? np : 0, state),
        .players = k->ins, .n_players = np, .among_players = a->among, .gains = k->gains,
        .gain_tolerance = a->wo.gain_tolerance > 0 ? a->wo.gain_tolerance : 1e-7,
        .report = rep};
    return tw_json_write_war(tw_sink_buffer(out), &doc, err);
}

/* The escalation as `tradewar escalate --json` plays and writes it. */
static tw_status run_escalate(const tw_job_args *a, job_work *k, tw_buffer *out, tw_error *err)
{
    tw_status st = tw_game_escalate(k->g, a->pl, a->np, a->rounds, k->today, k->out, k->eq,
                                    &k->path, err);
    if (st || !k->path)
        return st ? st : tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    int solved = tw_equilibrium_solved(k->eq);
    if (solved)
        tw_results_compute(a->mm->m, k->eq, k->res);
    int rounds = k->path->rounds;
    k->dates = calloc((size_t)rounds + 1, sizeof *k->dates);
    k->dp = calloc((size_t)rounds + 1, sizeof *k->dp);
    if (!k->dates || !k->dp)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (int r = 0; r <= rounds; r++) {
        if (r == 0)
            snprintf(k->dates[r], sizeof k->dates[r], "today");
        else
            tw_date_format(a->day0 + (r - 1) * a->period, k->dates[r], sizeof k->dates[r]);
        k->dp[r] = k->dates[r];
    }
    tw_sc_session ss = {a->mm->w, a->mm->m, k->g, k->today};
    tw_escalation_document doc = {
        .game = tw_sc_game_document(&a->c, &ss, k->out, solved ? k->res : NULL, a->players,
                                    a->np, a->players, a->np,
                                    tw_escalation_end_name(k->path->end)),
        .players = a->pl, .n_players = a->np, .path = k->path, .round_dates = k->dp};
    return tw_json_write_escalation(tw_sink_buffer(out), &doc, err);
}

tw_status tw_job_args_run(const tw_job_args *a, tw_cancel *cancel, tw_progress_fn fn, void *ctx,
                          tw_buffer *out, tw_error *err)
{
    const tw_model *m = a->mm->m;
    tw_game_options go;
    tw_game_options_init(&go);
    go.cancel = cancel;
    go.progress = fn;
    go.progress_ctx = ctx;
    job_work k = {0};
    tw_error_clear(err);
    tw_status st = tw_game_create(m, &go, &k.g, err);
    if (!st && (tw_policy_create(m, &k.today) || tw_policy_create(m, &k.out) ||
                !(k.eq = tw_equilibrium_create(m)) || !(k.res = tw_results_create(m))))
        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st)
        st = a->kind == TW_JOB_WAR        ? run_war(a, &k, out, err)
             : a->kind == TW_JOB_ESCALATE ? run_escalate(a, &k, out, err)
             : a->kind == TW_JOB_TALKS    ? tw_job_talks(a, k.g, k.today, out, err)
                                          : tw_job_enforce(a, k.g, k.today, out, err);
    if (st == TW_OK && tw_cancel_is_set(cancel))
        st = TW_ERR_CANCELLED; /* stopped at the end: the document may be partial */
    work_free(&k);
    return st;
}
