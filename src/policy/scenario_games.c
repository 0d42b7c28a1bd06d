/* SPDX-License-Identifier: MIT */
/* Games in scenario files (docs/scenario-format.md, "Games"): an event's `game` mapping read
 * into its kind, players, instrument and bounds, the talks' rule, threat point and weights, and
 * an escalation's per-player rules, openings, caps, factors and patience. The names of kinds,
 * instruments, rules and threat points are the game vocabulary (tradewar/games.h); solving a
 * game is the strategy layer's (src/strategy/scenario_game.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/scenario_read.h"

/* A per-player list of numbers: one entry per player, each a rate (`10%` or 0.1, unless
 * whole) or a number in [lo, hi] (a whole one if whole). */
static tw_status parse_player_list(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                                   int players, const char *what, double lo, double hi,
                                   int whole, double *out)
{
    sc_names v = {0};
    tw_status st = tw_yaml_names(r, n, field, what, &v);
    if (!st && v.n != players)
        st = tw_yaml_fail(r, n, field, "expected one entry per player (%d), found %d", players,
                          v.n);
    for (int k = 0; k < v.n && !st; k++) {
        const char *s = v.v[k];
        char *end;
        double x = strtod(s, &end);
        if (*end == '%' && !whole) {
            x /= 100.0;
            end++;
        }
        if (end == s || *end || !isfinite(x) || x < lo || x > hi || (whole && x != floor(x)))
            st = tw_fail(r->err, TW_ERR_INPUT, r->file, v.line[k], v.col[k], field,
                         "expected %s, found '%.40s'", what, s);
        out[k] = x;
    }
    tw_yaml_names_free(&v); /* a list may fail after some names were kept */
    return st;
}

/* An escalation's `rules`: one rule name per player. */
static tw_status read_rules(tw_yaml_reader *r, yaml_node_t *n, const char *field, int players,
                            tw_rule *out)
{
    static const char *const what = "hold, tit-for-tat, proportional or best-response";
    sc_names v = {0};
    tw_status st = tw_yaml_names(r, n, field, what, &v);
    if (!st && v.n != players)
        st = tw_yaml_fail(r, n, field, "expected one entry per player (%d), found %d", players,
                          v.n);
    for (int k = 0; k < v.n && !st; k++)
        if (tw_rule_parse(v.v[k], &out[k]))
            st = tw_fail(r->err, TW_ERR_INPUT, r->file, v.line[k], v.col[k], field,
                         "expected %s, found '%.40s'", what, v.v[k]);
    tw_yaml_names_free(&v);
    return st;
}

/* An escalation: each player's rule, opening move, cap, factor and patience; the round
 * limit. */
static tw_status read_escalation(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                                 sc_game *g)
{
    int np = g->players.n;
    g->rules = calloc((size_t)np, sizeof *g->rules);
    g->forgive_after = calloc((size_t)np, sizeof *g->forgive_after);
    g->openings = calloc((size_t)np, sizeof *g->openings);
    g->caps = calloc((size_t)np, sizeof *g->caps);
    g->factors = calloc((size_t)np, sizeof *g->factors);
    double *tmp = calloc((size_t)np, sizeof *tmp);
    if (!tmp || !g->rules || !g->forgive_after || !g->openings || !g->caps || !g->factors) {
        free(tmp);
        return tw_yaml_nomem(r->err);
    }
    char f[200];
    tw_status st;
    yaml_node_t *x = tw_yaml_get(r, n, "rules");
    if (!x)
        st = tw_yaml_fail(r, n, field, "expected key 'rules' (one per player: hold, "
                                       "tit-for-tat, proportional or best-response), found "
                                       "none");
    else {
        snprintf(f, sizeof f, "%s.rules", field);
        st = read_rules(r, x, f, np, g->rules);
    }
    for (int k = 0; k < np; k++)
        g->factors[k] = 1.0;
    if (!st && (x = tw_yaml_get(r, n, "openings"))) {
        snprintf(f, sizeof f, "%s.openings", field);
        st = parse_player_list(r, x, f, np, "an opening addition in [0, 10] (0.1 or 10%)", 0.0,
                               10.0, 0, g->openings);
    }
    if (!st && (x = tw_yaml_get(r, n, "caps"))) {
        snprintf(f, sizeof f, "%s.caps", field);
        st = parse_player_list(r, x, f, np, "a cap in [0, 10] (1.25 or 125%; 0 = none)", 0.0,
                               10.0, 0, g->caps);
    }
    if (!st && (x = tw_yaml_get(r, n, "factors"))) {
        snprintf(f, sizeof f, "%s.factors", field);
        st = parse_player_list(r, x, f, np, "a retaliation factor in [0, 10]", 0.0, 10.0, 0,
                               g->factors);
    }
    if (!st && (x = tw_yaml_get(r, n, "forgive_after"))) {
        snprintf(f, sizeof f, "%s.forgive_after", field);
        st = parse_player_list(r, x, f, np, "a whole number of rounds in [0, 1000]", 0.0,
                               1000.0, 1, tmp);
        for (int k = 0; !st && k < np; k++)
            g->forgive_after[k] = (int)tmp[k];
    }
    free(tmp);
    if (st)
        return st;
    g->rounds = 20;
    if (!(x = tw_yaml_get(r, n, "rounds")))
        return TW_OK;
    double v;
    snprintf(f, sizeof f, "%s.rounds", field);
    if ((st = tw_yaml_number(r, x, f, "a whole number of rounds (1 to 1000)", &v)))
        return st;
    if (v != floor(v) || v < 1 || v > 1000) {
        char w[64];
        tw_yaml_found(x, w, sizeof w);
        return tw_yaml_fail(r, x, f, "expected a whole number of rounds (1 to 1000), found %s",
                            w);
    }
    g->rounds = (int)v;
    return TW_OK;
}

/* Bargaining weights, one per player, each > 0. */
static tw_status read_weights(tw_yaml_reader *r, yaml_node_t *we, const char *f, sc_game *g)
{
    sc_names ws = {0};
    tw_status st = tw_yaml_names(r, we, f, "a bargaining weight", &ws);
    if (!st && ws.n != g->players.n)
        st = tw_yaml_fail(r, we, f, "expected one weight per player (%d), found %d",
                          g->players.n, ws.n);
    if (!st && !(g->weights = calloc((size_t)ws.n, sizeof *g->weights)))
        st = tw_yaml_nomem(r->err);
    for (int k = 0; !st && k < ws.n; k++) {
        char *end;
        double v = strtod(ws.v[k], &end);
        if (end == ws.v[k] || *end || !(v > 0.0) || !isfinite(v))
            st = tw_fail(r->err, TW_ERR_INPUT, r->file, ws.line[k], ws.col[k], f,
                         "expected a bargaining weight > 0, found '%.40s'", ws.v[k]);
        else
            g->weights[k] = v;
    }
    tw_yaml_names_free(&ws);
    return st;
}

/* A bargain's controls: a non-empty list of {exporter: a player, sectors: names}. */
static tw_status read_controls(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                               sc_game *g)
{
    char f[260], w[64];
    yaml_node_t *lst = tw_yaml_get(r, n, "controls");
    snprintf(f, sizeof f, "%s.controls", field);
    if (!lst)
        return tw_yaml_fail(r, n, field, "expected key 'controls' (a list of {exporter, "
                                         "sectors}: the export controls in force to bargain "
                                         "over), found none");
    int cnt = lst->type == YAML_SEQUENCE_NODE
                  ? (int)(lst->data.sequence.items.top - lst->data.sequence.items.start)
                  : 0;
    if (cnt < 1 || cnt > 8) {
        tw_yaml_found(lst, w, sizeof w);
        return tw_yaml_fail(r, lst, f, "expected a list of 1 to 8 controls ({exporter, "
                                       "sectors}), found %s",
                            lst->type == YAML_SEQUENCE_NODE ? "a list of another length" : w);
    }
    if (!(g->controls = calloc((size_t)cnt, sizeof *g->controls)))
        return tw_yaml_nomem(r->err);
    static const char *const keys[] = {"exporter", "sectors"};
    for (int q = 0; q < cnt; q++) {
        yaml_node_t *it = tw_yaml_node(r, lst->data.sequence.items.start[q]);
        sc_control *c = &g->controls[g->n_controls++];
        snprintf(c->field, sizeof c->field, "%s.controls[%d]", field, q);
        c->line = tw_yaml_line(it);
        c->col = tw_yaml_column(it);
        if (it->type != YAML_MAPPING_NODE) {
            tw_yaml_found(it, w, sizeof w);
            return tw_yaml_fail(r, it, c->field, "expected a mapping {exporter, sectors}, "
                                                 "found %s", w);
        }
        tw_status st = tw_yaml_check_keys(r, it, c->field, keys, 2);
        for (int k = 0; !st && k < 2; k++) {
            yaml_node_t *x = tw_yaml_get(r, it, keys[k]);
            snprintf(f, sizeof f, "%s.%s", c->field, keys[k]);
            if (!x)
                st = tw_yaml_fail(r, it, c->field, "expected key '%s', found none", keys[k]);
            else
                st = tw_yaml_names(r, x, f, k ? "a sector code or group" : "a country code",
                                   k ? &c->sectors : &c->exporter);
        }
        if (st)
            return st;
        if (c->exporter.n != 1) {
            snprintf(f, sizeof f, "%s.exporter", c->field);
            return tw_fail(r->err, TW_ERR_INPUT, r->file, c->exporter.line[c->exporter.n > 1],
                           c->exporter.col[c->exporter.n > 1], f, "expected one exporter (a player), found %d",
                           c->exporter.n);
        }
    }
    return TW_OK;
}

/* Talks: rule, threat point, bargaining weights (only talks have them). */
static tw_status read_talks(tw_yaml_reader *r, yaml_node_t *n, const char *field, sc_game *g)
{
    char f[200];
    yaml_node_t *ru = tw_yaml_get(r, n, "rule"), *th = tw_yaml_get(r, n, "threat");
    yaml_node_t *we = tw_yaml_get(r, n, "weights");
    yaml_node_t *talks_only = ru ? ru : th ? th : we;
    if (g->kind == TW_GAME_BARGAIN && !ru && !th)
        talks_only = NULL; /* a bargain has weights */
    if (talks_only && g->kind != TW_GAME_TALKS) {
        snprintf(f, sizeof f, "%s.%s", field, ru ? "rule" : th ? "threat" : "weights");
        return tw_yaml_fail(r, talks_only, f, "only talks have a rule, a threat point and "
                                              "weights (a bargain: weights)");
    }
    char w[64];
    if (ru && tw_talks_rule_parse(tw_yaml_scalar(ru), &g->talks_rule)) {
        snprintf(f, sizeof f, "%s.rule", field);
        tw_yaml_found(ru, w, sizeof w);
        return tw_yaml_fail(r, ru, f, "expected nash or equal-gains, found %s", w);
    }
    if (th && tw_threat_point_parse(tw_yaml_scalar(th), &g->threat)) {
        snprintf(f, sizeof f, "%s.threat", field);
        tw_yaml_found(th, w, sizeof w);
        return tw_yaml_fail(r, th, f, "expected current or war, found %s", w);
    }
    if (!we)
        return TW_OK;
    snprintf(f, sizeof f, "%s.weights", field);
    if (g->talks_rule == TW_TALKS_EQUAL_GAINS)
        return tw_yaml_fail(r, we, f, "weights are for Nash bargaining (rule: nash); equal "
                                      "gains have none");
    return read_weights(r, we, f, g);
}

/* against, instrument, only_increases and max_tariff, which every kind of game has. */
static tw_status read_choices(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                              sc_game *g)
{
    char f[200], w[64];
    tw_status st;
    yaml_node_t *ag = tw_yaml_get(r, n, "against");
    if (ag) {
        snprintf(f, sizeof f, "%s.against", field);
        if ((st = tw_yaml_names(r, ag, f, "a country code or group", &g->against)))
            return st;
    }
    g->instrument = TW_INSTRUMENT_SECTOR;
    yaml_node_t *in = tw_yaml_get(r, n, "instrument");
    if (in && tw_instrument_kind_parse(tw_yaml_scalar(in), &g->instrument)) {
        snprintf(f, sizeof f, "%s.instrument", field);
        tw_yaml_found(in, w, sizeof w);
        return tw_yaml_fail(r, in, f, "expected uniform, sector or partner-sector, found %s", w);
    }
    yaml_node_t *oi = tw_yaml_get(r, n, "only_increases");
    if (oi) {
        snprintf(f, sizeof f, "%s.only_increases", field);
        if ((st = tw_yaml_bool(r, oi, f, &g->only_increases)))
            return st;
    }
    yaml_node_t *mt = tw_yaml_get(r, n, "max_tariff");
    if (!mt)
        return TW_OK;
    snprintf(f, sizeof f, "%s.max_tariff", field);
    if ((st = tw_yaml_rate(r, mt, f, "a tariff rate > 0 and <= 10 (1.5 or 150%)",
                           &g->max_tariff)))
        return st;
    if (!(g->max_tariff > 0.0) || g->max_tariff > 10.0) {
        tw_yaml_found(mt, w, sizeof w);
        return tw_yaml_fail(r, mt, f, "expected a tariff rate > 0 and <= 10 (1.5 or 150%%), "
                                      "found %s", w);
    }
    return TW_OK;
}

/* The kind and the players, checked against the kind. */
static tw_status read_kind_and_players(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                                       sc_game *g)
{
    char f[200];
    yaml_node_t *t = tw_yaml_get(r, n, "type");
    if (!t)
        return tw_yaml_fail(r, n, field, "expected key 'type' (best_response, nash_war, talks, "
                                         "escalation or bargain), found none");
    if (tw_game_kind_parse(tw_yaml_scalar(t), &g->kind)) {
        char w[64];
        snprintf(f, sizeof f, "%s.type", field);
        tw_yaml_found(t, w, sizeof w);
        return tw_yaml_fail(r, t, f, "expected best_response, nash_war, talks, escalation "
                                     "or bargain, found %s", w);
    }
    yaml_node_t *pl = tw_yaml_get(r, n, "players");
    if (!pl)
        return tw_yaml_fail(r, n, field, "expected key 'players' (country codes), found none");
    snprintf(f, sizeof f, "%s.players", field);
    tw_status st = tw_yaml_names(r, pl, f, "a country code", &g->players);
    if (st)
        return st;
    if (g->kind == TW_GAME_BEST_RESPONSE && g->players.n != 1)
        return tw_yaml_fail(r, pl, f, "a best response has one player, found %d", g->players.n);
    /* One name may be a group ('all', EU27): say what a player is rather than count it. */
    if (g->kind != TW_GAME_BEST_RESPONSE && g->players.n < 2)
        return tw_yaml_fail(r, pl, f,
                            "%s needs at least two players, country codes (a player is one "
                            "government, not a group), found only '%.40s'",
                            g->kind == TW_GAME_NASH_WAR ? "a Nash war"
                            : g->kind == TW_GAME_TALKS      ? "a negotiation"
                            : g->kind == TW_GAME_BARGAIN    ? "a bargain"
                                                            : "an escalation",
                            g->players.n ? g->players.v[0] : "");
    return TW_OK;
}

tw_status tw_scenario_read_game(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                                sc_game *g)
{
    snprintf(g->field, sizeof g->field, "%s", field);
    g->line = tw_yaml_line(n);
    g->col = tw_yaml_column(n);
    if (n->type != YAML_MAPPING_NODE) {
        char w[64];
        tw_yaml_found(n, w, sizeof w);
        return tw_yaml_fail(r, n, field, "expected a mapping with type and players, found %s",
                            w);
    }
    static const char *const keys[] = {"type",       "players",        "against",
                                       "instrument", "only_increases", "max_tariff",
                                       "rule",       "threat",         "weights",
                                       "rules",      "openings",       "caps",
                                       "factors",    "forgive_after",  "rounds",
                                       "controls"};
    tw_status st = tw_yaml_check_keys(r, n, field, keys, 16);
    if (st || (st = read_kind_and_players(r, n, field, g)))
        return st;
    static const char *const esc_keys[] = {"rules", "openings", "caps", "factors",
                                           "forgive_after", "rounds"};
    for (int q = 0; q < 6; q++) {
        yaml_node_t *x = tw_yaml_get(r, n, esc_keys[q]);
        if (x && g->kind != TW_GAME_ESCALATION) {
            char f[200];
            snprintf(f, sizeof f, "%s.%s", field, esc_keys[q]);
            return tw_yaml_fail(r, x, f, "only an escalation has %s", esc_keys[q]);
        }
    }
    yaml_node_t *ctl = tw_yaml_get(r, n, "controls");
    if (ctl && g->kind != TW_GAME_BARGAIN) {
        char f[200];
        snprintf(f, sizeof f, "%s.controls", field);
        return tw_yaml_fail(r, ctl, f, "only a bargain has controls");
    }
    if ((g->kind == TW_GAME_BARGAIN && (st = read_controls(r, n, field, g))) ||
        (g->kind == TW_GAME_ESCALATION && (st = read_escalation(r, n, field, g))) ||
        (st = read_talks(r, n, field, g)) || (st = read_choices(r, n, field, g)))
        return st;
    g->present = 1;
    return TW_OK;
}

void tw_scenario_game_clear(sc_game *g)
{
    tw_yaml_names_free(&g->players);
    tw_yaml_names_free(&g->against);
    free(g->weights);
    free(g->rules);
    free(g->forgive_after);
    free(g->openings);
    free(g->caps);
    free(g->factors);
    for (int k = 0; k < g->n_controls; k++) {
        tw_yaml_names_free(&g->controls[k].exporter);
        tw_yaml_names_free(&g->controls[k].sectors);
    }
    free(g->controls);
    memset(g, 0, sizeof *g);
}
