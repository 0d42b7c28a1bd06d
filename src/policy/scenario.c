/* SPDX-License-Identifier: MIT */
/* Scenario files (docs/scenario-format.md): loading a file, its top-level keys (title, world,
 * elasticities, deficits, dates, reference, players, watch, groups) and its list of events,
 * and the scenario's accessors. The events themselves are read by scenario_events.c and their
 * games by scenario_games.c; binding to a world is scenario_bind.c. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/spelling.h"
#include "data/names.h"
#include "policy/scenario_read.h"
#include "policy/yaml_load.h"

/* `groups`: names mapped to lists of codes or earlier groups (their kind is found when the
 * scenario is bound). */
static tw_status parse_groups(tw_yaml_reader *r, tw_scenario *s, yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE) {
        char w[64];
        tw_yaml_found(n, w, sizeof w);
        return tw_yaml_fail(r, n, "groups", "expected a mapping of group names to lists of "
                                            "codes, found %s", w);
    }
    int count = (int)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    s->groups = calloc((size_t)(count ? count : 1), sizeof *s->groups);
    if (!s->groups)
        return tw_yaml_nomem(r->err);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = tw_yaml_node(r, p->key);
        tw_status st = tw_yaml_want_scalar(r, k, "groups", "a group name");
        if (st)
            return st;
        const char *name = tw_yaml_scalar(k);
        char f[160];
        snprintf(f, sizeof f, "groups.%.60s", name);
        if (!tw_names_valid(name) || strcmp(name, "all") == 0 || strcmp(name, "goods") == 0 ||
            strcmp(name, "services") == 0 || strcmp(name, "EU27") == 0)
            return tw_yaml_fail(r, k, f, "expected a new group name of 1-16 letters, digits, '_' "
                                         "or '-' (all, goods, services and EU27 are built in), "
                                         "found '%.40s'", name);
        for (int q = 0; q < s->ngroups; q++)
            if (strcmp(s->groups[q].name, name) == 0)
                return tw_yaml_fail(r, k, f, "duplicate group '%s'", name);
        sc_group *g = &s->groups[s->ngroups++];
        snprintf(g->name, sizeof g->name, "%s", name);
        g->line = tw_yaml_line(k);
        g->col = tw_yaml_column(k);
        if ((st = tw_yaml_names(r, tw_yaml_node(r, p->value), f, "a country or sector code",
                                &g->members)))
            return st;
    }
    return TW_OK;
}

/* title, description, world, elasticities, deficits. */
static tw_status read_names(tw_yaml_reader *r, tw_scenario *s, yaml_node_t *root)
{
    tw_status st;
    yaml_node_t *n;
    if (!(n = tw_yaml_get(r, root, "title")))
        return tw_yaml_fail(r, root, "title", "expected key 'title', found none");
    if ((st = tw_yaml_dup_string(r, n, "title", "a title", &s->title)))
        return st;
    if ((n = tw_yaml_get(r, root, "description")) &&
        (st = tw_yaml_dup_string(r, n, "description", "a description", &s->description)))
        return st;
    if ((n = tw_yaml_get(r, root, "world")) &&
        (st = tw_yaml_dup_string(r, n, "world", "a world name", &s->world)))
        return st;
    if ((n = tw_yaml_get(r, root, "elasticities")) &&
        (st = tw_yaml_dup_string(r, n, "elasticities", "an elasticity set name",
                                 &s->elasticities)))
        return st;
    if ((n = tw_yaml_get(r, root, "deficits")) &&
        tw_deficit_closure_parse(tw_yaml_scalar(n), &s->deficits)) {
        char w[64];
        tw_yaml_found(n, w, sizeof w);
        return tw_yaml_fail(r, n, "deficits", "expected fixed, zero or proportional, found %s", w);
    }
    if ((n = tw_yaml_get(r, root, "revenue_use")) &&
        tw_revenue_use_parse(tw_yaml_scalar(n), &s->revenue_use)) {
        char w[64];
        tw_yaml_found(n, w, sizeof w);
        return tw_yaml_fail(r, n, "revenue_use", "expected world, lump_sum or labour_tax, found %s",
                            w);
    }
    return TW_OK;
}

/* baseline, end, critical_elasticity, reference. */
static tw_status read_settings(tw_yaml_reader *r, tw_scenario *s, yaml_node_t *root)
{
    tw_status st;
    yaml_node_t *n;
    char w[64];
    if (!(n = tw_yaml_get(r, root, "baseline")))
        return tw_yaml_fail(r, root, "baseline", "expected key 'baseline' (the date of the "
                                                 "baseline's policy, YYYY-MM-DD), found none");
    if ((st = tw_yaml_date(r, n, "baseline", &s->baseline_day, s->baseline)))
        return st;
    s->end_day = INT_MAX;
    if ((n = tw_yaml_get(r, root, "end"))) {
        char tmp[11];
        if ((st = tw_yaml_date(r, n, "end", &s->end_day, tmp)))
            return st;
        if (s->end_day <= s->baseline_day)
            return tw_yaml_fail(r, n, "end", "expected a date after the baseline %s, found '%s'",
                                s->baseline, tmp);
    }
    if ((n = tw_yaml_get(r, root, "critical_elasticity"))) {
        /* The elasticity of substitution of every input nest of the world (docs/model.md
         * §2a), as `--critical-elasticity`; the same range as that option. */
        double v;
        if ((st = tw_yaml_number(r, n, "critical_elasticity",
                                 "an elasticity of substitution in [0, 20]", &v)))
            return st;
        if (v < 0.0 || v > 20.0) {
            tw_yaml_found(n, w, sizeof w);
            return tw_yaml_fail(r, n, "critical_elasticity",
                                "expected an elasticity of substitution in [0, 20], found %s", w);
        }
        s->critical_elasticity = v;
        s->has_critical = 1;
    }
    if ((n = tw_yaml_get(r, root, "horizon"))) {
        /* The horizon of the results (docs/model.md §2b), as `--horizon`. */
        if (!tw_yaml_scalar(n) || tw_horizon_parse(tw_yaml_scalar(n), &s->horizon_years)) {
            tw_yaml_found(n, w, sizeof w);
            return tw_yaml_fail(r, n, "horizon", "expected short, medium, long or a number of "
                                                 "years in (0, 1000], found %s", w);
        }
        s->has_horizon = 1;
    }
    if ((n = tw_yaml_get(r, root, "reference"))) {
        const char *v = tw_yaml_scalar(n);
        if (tw_name_equal(v, "first"))
            s->ref_first = 1;
        else if (!tw_name_equal(v, "baseline")) {
            tw_yaml_found(n, w, sizeof w);
            return tw_yaml_fail(r, n, "reference", "expected baseline or first (the equilibrium "
                                                   "results are measured against), found %s", w);
        }
    }
    return TW_OK;
}

/* `events`: a non-empty list. */
static tw_status read_events(tw_yaml_reader *r, tw_scenario *s, yaml_node_t *root)
{
    yaml_node_t *n = tw_yaml_get(r, root, "events");
    if (!n)
        return tw_yaml_fail(r, root, "events", "expected key 'events' (a list of dated events), "
                                               "found none");
    if (n->type != YAML_SEQUENCE_NODE ||
        n->data.sequence.items.start == n->data.sequence.items.top) {
        char w[64];
        tw_yaml_found(n, w, sizeof w);
        return tw_yaml_fail(r, n, "events", "expected a non-empty list of events, found %s",
                            n->type == YAML_SEQUENCE_NODE ? "an empty list" : w);
    }
    int count = (int)(n->data.sequence.items.top - n->data.sequence.items.start);
    s->events = calloc((size_t)count, sizeof *s->events);
    if (!s->events)
        return tw_yaml_nomem(r->err);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        int k = s->nevents++; /* counted first: a partly read event is freed with the rest */
        tw_status st = tw_scenario_read_event(r, tw_yaml_node(r, *it), k, &s->events[k]);
        if (st)
            return st;
    }
    return TW_OK;
}

static tw_status parse_root(tw_yaml_reader *r, tw_scenario *s, yaml_node_t *root)
{
    tw_status st;
    if (!root || root->type != YAML_MAPPING_NODE) {
        char w[64] = "an empty document";
        if (root)
            tw_yaml_found(root, w, sizeof w);
        return tw_yaml_fail(r, root, "", "expected a mapping with title, baseline and events, "
                                         "found %s", w);
    }
    static const char *const keys[] = {"title",   "description", "world",   "elasticities",
                                       "deficits", "baseline",   "end",     "players",
                                       "watch",   "groups",      "events",  "reference",
                                       "critical_elasticity", "horizon", "revenue_use"};
    if ((st = tw_yaml_check_keys(r, root, "", keys, 15)) || (st = read_names(r, s, root)) ||
        (st = read_settings(r, s, root)))
        return st;
    yaml_node_t *n;
    if ((n = tw_yaml_get(r, root, "players")) &&
        (st = tw_yaml_names(r, n, "players", "a country code or group", &s->players)))
        return st;
    if ((n = tw_yaml_get(r, root, "watch")) &&
        (st = tw_yaml_names(r, n, "watch", "a country code or group", &s->watch)))
        return st;
    if ((n = tw_yaml_get(r, root, "groups")) && (st = parse_groups(r, s, n)))
        return st;
    return read_events(r, s, root);
}

tw_status tw_scenario_load_buffer(const char *name, const char *data, size_t len,
                                  tw_scenario **out, tw_error *err)
{
    tw_error_clear(err);
    *out = NULL;
    tw_scenario *s = calloc(1, sizeof *s);
    if (!s)
        return tw_yaml_nomem(err);
    snprintf(s->file, sizeof s->file, "%s", name ? name : "<scenario>");
    yaml_document_t doc;
    tw_status st = tw_yaml_load(s->file, data, len, TW_SCENARIO_MAX_BYTES, TW_SCENARIO_MAX_DEPTH,
                                &doc, err);
    if (!st) {
        tw_yaml_reader r = {s->file, &doc, err, &s->warnings};
        st = parse_root(&r, s, yaml_document_get_root_node(&doc));
        yaml_document_delete(&doc);
        if (!st)
            st = tw_scenario_check_events(&r, s);
    }
    if (!st && !s->world && !(s->world = strdup("icio2022")))
        st = tw_yaml_nomem(err);
    if (st) {
        tw_scenario_free(s);
        return st;
    }
    *out = s;
    return TW_OK;
}

/* A `world:` value with a '/' is a directory: a relative one is taken from the directory of
 * the scenario file at path, not from the current directory. A value without '/' is a world's
 * name (a shipped world, as `--world` takes it) and is kept as written. */
static tw_status resolve_world(tw_scenario *s, const char *path, tw_error *err)
{
    const char *w = s->world, *slash = strrchr(path, '/');
    if (!strchr(w, '/') || w[0] == '/' || !slash)
        return TW_OK; /* a name, an absolute path, or a scenario in the current directory */
    int dir = (int)(slash - path);
    size_t size = (size_t)dir + 1 + strlen(w) + 1;
    char *joined = malloc(size);
    if (!joined)
        return tw_yaml_nomem(err);
    snprintf(joined, size, "%.*s/%s", dir, path, w);
    free(s->world);
    s->world = joined;
    return TW_OK;
}

tw_status tw_scenario_load(const char *path, tw_scenario **out, tw_error *err)
{
    tw_error_clear(err);
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return tw_fail(err, TW_ERR_IO, path, 0, 0, NULL, "cannot open the scenario file");
    /* One byte past the limit is read, so that the reader can say where the file is too
     * long; the rest is never read. */
    size_t cap = TW_SCENARIO_MAX_BYTES + 1, len = 0, got;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return tw_yaml_nomem(err);
    }
    while (len < cap && (got = fread(buf + len, 1, cap - len, f)) > 0)
        len += got;
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return tw_fail(err, TW_ERR_IO, path, 0, 0, NULL, "cannot read the scenario file");
    }
    tw_status st = tw_scenario_load_buffer(path, buf, len, out, err);
    free(buf);
    if (!st && (st = resolve_world(*out, path, err))) {
        tw_scenario_free(*out);
        *out = NULL;
    }
    return st;
}

void tw_scenario_free(tw_scenario *s)
{
    if (!s)
        return;
    free(s->title);
    free(s->description);
    free(s->world);
    free(s->elasticities);
    tw_yaml_names_free(&s->players);
    tw_yaml_names_free(&s->watch);
    for (int g = 0; g < s->ngroups; g++)
        tw_yaml_names_free(&s->groups[g].members);
    free(s->groups);
    for (int k = 0; k < s->nevents; k++)
        tw_scenario_event_clear(&s->events[k]);
    free(s->events);
    tw_warnings_free(s->warnings);
    free(s);
}

const tw_warnings *tw_scenario_warnings(const tw_scenario *s) { return s->warnings; }

const char *tw_scenario_title(const tw_scenario *s) { return s->title ? s->title : ""; }
const char *tw_scenario_description(const tw_scenario *s)
{
    return s->description ? s->description : "";
}
const char *tw_scenario_world(const tw_scenario *s) { return s->world ? s->world : ""; }
const char *tw_scenario_elasticities(const tw_scenario *s)
{
    return s->elasticities ? s->elasticities : "";
}
tw_deficit_closure tw_scenario_deficits(const tw_scenario *s) { return s->deficits; }
int tw_scenario_revenue_use(const tw_scenario *s) { return s->revenue_use; }
int tw_scenario_critical_elasticity(const tw_scenario *s, double *value)
{
    if (s->has_critical && value)
        *value = s->critical_elasticity;
    return s->has_critical;
}
int tw_scenario_horizon(const tw_scenario *s, double *years)
{
    if (s->has_horizon && years)
        *years = s->horizon_years;
    return s->has_horizon;
}
const char *tw_scenario_baseline_date(const tw_scenario *s) { return s->baseline; }
int tw_scenario_reference_first(const tw_scenario *s) { return s->ref_first; }
int tw_scenario_end_day(const tw_scenario *s) { return s->end_day == INT_MAX ? -1 : s->end_day; }
int tw_scenario_branch_odds(const tw_scenario *s, const char *branch, double *prob,
                            const char **parent)
{
    for (int k = 0; k < s->nevents; k++)
        for (int q = 0; q < s->events[k].nout; q++)
            if (strcmp(s->events[k].out[q].name, branch) == 0) {
                if (prob)
                    *prob = s->events[k].out[q].prob;
                if (parent)
                    *parent = s->events[k].branch[0] ? s->events[k].branch : "main";
                return !isnan(s->events[k].out[q].prob);
            }
    return -1;
}
int tw_scenario_player_count(const tw_scenario *s) { return s->players.n; }
const char *tw_scenario_player(const tw_scenario *s, int k) { return s->players.v[k]; }
int tw_scenario_watch_count(const tw_scenario *s) { return s->watch.n; }
const char *tw_scenario_watch(const tw_scenario *s, int k) { return s->watch.v[k]; }

int tw_scenario_has_games(const tw_scenario *s)
{
    for (int k = 0; k < s->nevents; k++)
        if (s->events[k].game.present)
            return 1;
    return 0;
}
