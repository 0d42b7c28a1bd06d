/* SPDX-License-Identifier: MIT */
/* Reading scenario files (YAML, docs/scenario-format.md) into dated events, and binding their
 * codes and groups to a world. Every message names file:line:column, the field, what was
 * expected and what was found. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/calendar.h"
#include "core/error.h"
#include "data/names.h"
#include "model/model_internal.h"
#include "policy/scenario_internal.h"

/* The EU's 27 members since 2020 (built-in group EU27). */
static const char *const EU27[] = {"AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK",
                                   "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL",
                                   "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL",
                                   "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"};
enum { N_EU27 = sizeof EU27 / sizeof *EU27 };

typedef struct reader {
    tw_scenario *s;
    yaml_document_t *doc;
    tw_error *err;
} reader;

static tw_status fail_at(reader *r, const yaml_node_t *node, const char *field, const char *fmt,
                         ...) TW_PRINTF(4, 5);
static tw_status fail_at(reader *r, const yaml_node_t *node, const char *field, const char *fmt,
                         ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line = node ? (int)node->start_mark.line + 1 : 0;
    int col = node ? (int)node->start_mark.column + 1 : 0;
    return tw_fail(r->err, TW_ERR_INPUT, r->s->file, line, col, field, "%s", msg);
}

static tw_status nomem(tw_error *err)
{
    return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

static const char *kind_name(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_SCALAR_NODE: return "a scalar";
    case YAML_SEQUENCE_NODE: return "a list";
    case YAML_MAPPING_NODE: return "a mapping";
    default: return "nothing";
    }
}

/* The text of a node for messages: the scalar (shortened), or its kind. */
static void found(const yaml_node_t *n, char *buf, size_t size)
{
    if (n->type == YAML_SCALAR_NODE)
        snprintf(buf, size, "'%.40s'", (const char *)n->data.scalar.value);
    else
        snprintf(buf, size, "%s", kind_name(n));
}

static yaml_node_t *node_at(reader *r, int id) { return yaml_document_get_node(r->doc, id); }

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* Checks that every key of mapping node is one of keys[] (and appears once). */
static tw_status check_keys(reader *r, yaml_node_t *map, const char *field,
                            const char *const *keys, int nkeys)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node_at(r, p->key);
        const char *ks = scalar(k);
        char f[160];
        if (!ks) {
            char what[64];
            found(k, what, sizeof what);
            return fail_at(r, k, field, "expected a key name, found %s", what);
        }
        int known = tw_names_find((char *const *)keys, nkeys, ks) >= 0;
        snprintf(f, sizeof f, "%s%s%s", field, *field ? "." : "", ks);
        if (!known) {
            const char *near = tw_names_suggest((char *const *)keys, nkeys, ks);
            char list[400] = "";
            for (int q = 0; q < nkeys; q++) {
                strncat(list, keys[q], sizeof list - strlen(list) - 1);
                if (q + 1 < nkeys)
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
            }
            if (near)
                return fail_at(r, k, f, "unknown key '%.40s' (did you mean '%s'?)", ks, near);
            return fail_at(r, k, f, "unknown key '%.40s'; expected one of: %s", ks, list);
        }
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++)
            if (scalar(node_at(r, q->key)) && strcmp(scalar(node_at(r, q->key)), ks) == 0)
                return fail_at(r, k, f, "duplicate key '%s': it was already given above", ks);
    }
    return TW_OK;
}

/* Value of key in mapping, or NULL. */
static yaml_node_t *get(reader *r, yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        const char *ks = scalar(node_at(r, p->key));
        if (ks && strcmp(ks, key) == 0)
            return node_at(r, p->value);
    }
    return NULL;
}

static tw_status want_scalar(reader *r, yaml_node_t *n, const char *field, const char *what)
{
    if (n->type == YAML_SCALAR_NODE && n->data.scalar.length > 0)
        return TW_OK;
    char f[64];
    found(n, f, sizeof f);
    return fail_at(r, n, field, "expected %s, found %s", what, n->type == YAML_SCALAR_NODE ? "an empty value" : f);
}

static tw_status dup_string(reader *r, yaml_node_t *n, const char *field, const char *what,
                            char **out)
{
    tw_status st = want_scalar(r, n, field, what);
    if (st)
        return st;
    free(*out);
    *out = strdup(scalar(n));
    return *out ? TW_OK : nomem(r->err);
}

static tw_status parse_date(reader *r, yaml_node_t *n, const char *field, int *day,
                            char out[11])
{
    const char *s = scalar(n);
    if (!s || tw_date_parse(s, day) || *day < tw_date_from_civil(1900, 1, 1) ||
        *day > tw_date_from_civil(2200, 12, 31)) {
        char f[64];
        found(n, f, sizeof f);
        return fail_at(r, n, field, "expected a date YYYY-MM-DD between 1900 and 2200, found %s",
                       f);
    }
    tw_date_format(*day, out, 11);
    return TW_OK;
}

/* A rate: a number as a fraction (0.25) or a percentage ("25%"). */
static tw_status parse_rate(reader *r, yaml_node_t *n, const char *field, const char *what,
                            double *out)
{
    const char *s = scalar(n);
    char f[64];
    found(n, f, sizeof f);
    if (!s || !*s)
        return fail_at(r, n, field, "expected %s, found %s", what, s ? "an empty value" : f);
    char *end;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (*end == '%') {
        v /= 100.0;
        end++;
    }
    if (end == s || *end || !isfinite(v))
        return fail_at(r, n, field, "expected %s, found %s", what, f);
    *out = v;
    return TW_OK;
}

static tw_status parse_number(reader *r, yaml_node_t *n, const char *field, const char *what,
                              double *out)
{
    const char *s = scalar(n);
    char f[64];
    found(n, f, sizeof f);
    char *end = NULL;
    double v = s ? strtod(s, &end) : NAN;
    if (!s || !*s || *end || !isfinite(v))
        return fail_at(r, n, field, "expected %s, found %s", what, f);
    *out = v;
    return TW_OK;
}

static tw_status parse_days(reader *r, yaml_node_t *n, const char *field, int *out)
{
    double v;
    tw_status st = parse_number(r, n, field, "a whole number of days (1 to 36500)", &v);
    if (st)
        return st;
    if (v != floor(v) || v < 1 || v > 36500) {
        char f[64];
        found(n, f, sizeof f);
        return fail_at(r, n, field, "expected a whole number of days (1 to 36500), found %s", f);
    }
    *out = (int)v;
    return TW_OK;
}

static tw_status parse_bool(reader *r, yaml_node_t *n, const char *field, int *out)
{
    const char *s = scalar(n);
    if (s && (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)) {
        *out = 1;
        return TW_OK;
    }
    if (s && (strcmp(s, "false") == 0 || strcmp(s, "no") == 0)) {
        *out = 0;
        return TW_OK;
    }
    char f[64];
    found(n, f, sizeof f);
    return fail_at(r, n, field, "expected true or false, found %s", f);
}

static void names_free(sc_names *v)
{
    for (int k = 0; k < v->n; k++)
        free(v->v[k]);
    free(v->v);
    free(v->line);
    free(v->col);
    memset(v, 0, sizeof *v);
}

static tw_status names_add(reader *r, sc_names *v, yaml_node_t *n)
{
    char **nv = realloc(v->v, (size_t)(v->n + 1) * sizeof *nv);
    if (!nv)
        return nomem(r->err);
    v->v = nv;
    int *nl = realloc(v->line, (size_t)(v->n + 1) * sizeof *nl);
    if (!nl)
        return nomem(r->err);
    v->line = nl;
    int *nc = realloc(v->col, (size_t)(v->n + 1) * sizeof *nc);
    if (!nc)
        return nomem(r->err);
    v->col = nc;
    v->v[v->n] = strdup(scalar(n));
    if (!v->v[v->n])
        return nomem(r->err);
    v->line[v->n] = (int)n->start_mark.line + 1;
    v->col[v->n] = (int)n->start_mark.column + 1;
    v->n++;
    return TW_OK;
}

/* A selector: one name, or a list of names (codes or groups). */
static tw_status parse_names(reader *r, yaml_node_t *n, const char *field, const char *what,
                             sc_names *out)
{
    names_free(out);
    if (n->type == YAML_SCALAR_NODE) {
        tw_status st = want_scalar(r, n, field, what);
        return st ? st : names_add(r, out, n);
    }
    if (n->type != YAML_SEQUENCE_NODE || n->data.sequence.items.start == n->data.sequence.items.top) {
        char f[64];
        found(n, f, sizeof f);
        return fail_at(r, n, field, "expected %s or a non-empty list of them, found %s", what,
                       n->type == YAML_SEQUENCE_NODE ? "an empty list" : f);
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *e = node_at(r, *it);
        tw_status st = want_scalar(r, e, field, what);
        if (st || (st = names_add(r, out, e)))
            return st;
    }
    return TW_OK;
}

/* ---- events ---- */

static const char *const INSTR_KEYS[] = {"tariffs", "export_taxes", "export_controls",
                                         "barriers", "services"};

/* Looks up a selector under its plural or singular key. */
static yaml_node_t *get2(reader *r, yaml_node_t *map, const char *plural, const char *single)
{
    yaml_node_t *n = get(r, map, plural);
    return n ? n : get(r, map, single);
}

static tw_status parse_selectors(reader *r, yaml_node_t *item, const char *field, sc_change *c,
                                 const char *default_sectors)
{
    tw_status st;
    char f[160];
    yaml_node_t *a = get2(r, item, "importers", "importer");
    yaml_node_t *b = get2(r, item, "exporters", "exporter");
    yaml_node_t *s = get2(r, item, "sectors", "sector");
    if (!a)
        return fail_at(r, item, field, "expected key 'importers' (a country code, a group or a "
                                       "list), found none");
    if (!b)
        return fail_at(r, item, field, "expected key 'exporters' (a country code, a group or a "
                                       "list), found none");
    snprintf(f, sizeof f, "%s.importers", field);
    if ((st = parse_names(r, a, f, "a country code or group", &c->imp)))
        return st;
    snprintf(f, sizeof f, "%s.exporters", field);
    if ((st = parse_names(r, b, f, "a country code or group", &c->exp)))
        return st;
    snprintf(f, sizeof f, "%s.sectors", field);
    if (s)
        return parse_names(r, s, f, "a sector code or group", &c->sec);
    /* Default sector group, recorded at the item's position. */
    c->sec.v = malloc(sizeof *c->sec.v);
    c->sec.line = malloc(sizeof(int));
    c->sec.col = malloc(sizeof(int));
    if (!c->sec.v || !c->sec.line || !c->sec.col || !(c->sec.v[0] = strdup(default_sectors)))
        return nomem(r->err);
    c->sec.n = 1;
    c->sec.line[0] = (int)item->start_mark.line + 1;
    c->sec.col[0] = (int)item->start_mark.column + 1;
    return TW_OK;
}

static tw_status parse_rent(reader *r, yaml_node_t *item, const char *field, int def, int *out)
{
    yaml_node_t *n = get(r, item, "rent");
    *out = def;
    if (!n)
        return TW_OK;
    const char *s = scalar(n);
    char f[160];
    snprintf(f, sizeof f, "%s.rent", field);
    if (s && strcmp(s, "importer") == 0)
        *out = TW_RENT_IMPORTER;
    else if (s && strcmp(s, "exporter") == 0)
        *out = TW_RENT_EXPORTER;
    else {
        char what[64];
        found(n, what, sizeof what);
        return fail_at(r, n, f, "expected 'importer' or 'exporter' (who receives the quota "
                                "rent), found %s", what);
    }
    return TW_OK;
}

/* The cap of a quota: exactly one of cap (share of the baseline flow), cap_value, cut_value. */
static tw_status parse_cap(reader *r, yaml_node_t *item, const char *field, sc_change *c,
                           int *has)
{
    static const char *const keys[] = {"cap", "cap_value", "cut_value"};
    yaml_node_t *found_node = NULL;
    int which = -1;
    for (int k = 0; k < 3; k++) {
        yaml_node_t *n = get(r, item, keys[k]);
        if (!n)
            continue;
        if (found_node) {
            char f[160];
            snprintf(f, sizeof f, "%s.%s", field, keys[k]);
            return fail_at(r, n, f, "give one of cap, cap_value and cut_value, not both %s and %s",
                           keys[which], keys[k]);
        }
        found_node = n;
        which = k;
    }
    *has = found_node != NULL;
    if (!found_node)
        return TW_OK;
    char f[160];
    snprintf(f, sizeof f, "%s.%s", field, keys[which]);
    c->instr = SC_QUOTA;
    c->line = (int)found_node->start_mark.line + 1;
    c->col = (int)found_node->start_mark.column + 1;
    tw_status st;
    if (which == 0) {
        c->cap_kind = SC_CAP_SHARE;
        if ((st = parse_rate(r, found_node, f, "a share of the baseline flow > 0 (0.5 or 50%)",
                             &c->value)))
            return st;
        if (!(c->value > 0)) {
            char w[64];
            found(found_node, w, sizeof w);
            return fail_at(r, found_node, f, "expected a share of the baseline flow > 0 (a ban "
                                             "is 'ban: true'), found %s", w);
        }
    } else {
        c->cap_kind = which == 1 ? SC_CAP_VALUE : SC_CAP_CUT;
        if ((st = parse_number(r, found_node, f, "a value > 0 in the world's money unit",
                               &c->value)))
            return st;
        if (!(c->value > 0)) {
            char w[64];
            found(found_node, w, sizeof w);
            return fail_at(r, found_node, f, "expected a value > 0 in the world's money unit, "
                                             "found %s", w);
        }
    }
    return TW_OK;
}

static tw_status parse_iceberg(reader *r, yaml_node_t *n, const char *field, sc_change *c)
{
    c->instr = SC_ICEBERG;
    c->line = (int)n->start_mark.line + 1;
    c->col = (int)n->start_mark.column + 1;
    tw_status st = parse_number(r, n, field, "a trade-cost factor > 0 (1.2 = costs up 20%)",
                                &c->value);
    if (st)
        return st;
    if (!(c->value > 0)) {
        char w[64];
        found(n, w, sizeof w);
        return fail_at(r, n, field, "expected a trade-cost factor > 0 (1.2 = costs up 20%%), "
                                    "found %s", w);
    }
    return TW_OK;
}

/* One item of an instrument list. */
static tw_status parse_change(reader *r, int instr_key, yaml_node_t *item, const char *field,
                              sc_change *c)
{
    tw_status st;
    char f[160];
    if (item->type != YAML_MAPPING_NODE) {
        char w[64];
        found(item, w, sizeof w);
        return fail_at(r, item, field, "expected a mapping with importers, exporters, sectors "
                                       "and a value, found %s", w);
    }
    c->line = (int)item->start_mark.line + 1;
    c->col = (int)item->start_mark.column + 1;
    switch (instr_key) {
    case 0:   /* tariffs */
    case 1: { /* export_taxes */
        static const char *const keys[] = {"importers", "importer", "exporters", "exporter",
                                           "sectors",   "sector",   "set",       "add"};
        if ((st = check_keys(r, item, field, keys, 8)) ||
            (st = parse_selectors(r, item, field, c, "goods")))
            return st;
        c->instr = instr_key == 0 ? SC_TARIFF : SC_EXPORT_TAX;
        yaml_node_t *set = get(r, item, "set"), *add = get(r, item, "add");
        if (set && add)
            return fail_at(r, add, field, "give either a new level ('set') or an addition "
                                          "('add'), not both");
        if (!set && !add)
            return fail_at(r, item, field, "expected 'set' (a new level) or 'add' (points to "
                                           "add), found neither");
        yaml_node_t *v = set ? set : add;
        c->add = add != NULL;
        c->line = (int)v->start_mark.line + 1;
        c->col = (int)v->start_mark.column + 1;
        snprintf(f, sizeof f, "%s.%s", field, set ? "set" : "add");
        const char *what = set ? "a rate > -1 (0.25 or 25%)" : "points to add (0.10 or 10%)";
        if ((st = parse_rate(r, v, f, what, &c->value)))
            return st;
        if ((set && !(c->value > -1.0)) || fabs(c->value) > 1000.0) {
            char w[64];
            found(v, w, sizeof w);
            return fail_at(r, v, f, "expected %s and at most 1000 (100000%%), found %s", what, w);
        }
        return TW_OK;
    }
    case 2: { /* export_controls */
        static const char *const keys[] = {"importers", "importer",  "exporters", "exporter",
                                           "sectors",   "sector",    "ban",       "lift",
                                           "cap",       "cap_value", "cut_value", "rent"};
        if ((st = check_keys(r, item, field, keys, 12)) ||
            (st = parse_selectors(r, item, field, c, "goods")))
            return st;
        int has_cap = 0, ban = 0, lift = 0;
        yaml_node_t *bn = get(r, item, "ban"), *ln = get(r, item, "lift");
        if (bn) {
            snprintf(f, sizeof f, "%s.ban", field);
            if ((st = parse_bool(r, bn, f, &ban)))
                return st;
            if (!ban)
                return fail_at(r, bn, f, "expected true (to lift a ban, write 'lift: true'), "
                                         "found 'false'");
        }
        if (ln) {
            snprintf(f, sizeof f, "%s.lift", field);
            if ((st = parse_bool(r, ln, f, &lift)))
                return st;
            if (!lift)
                return fail_at(r, ln, f, "expected true, found 'false'");
        }
        if ((st = parse_cap(r, item, field, c, &has_cap)) ||
            (st = parse_rent(r, item, field, TW_RENT_EXPORTER, &c->rent)))
            return st;
        if (ban + lift + has_cap != 1)
            return fail_at(r, item, field, "expected exactly one of 'ban: true', 'lift: true', "
                                           "'cap', 'cap_value' or 'cut_value', found %d",
                           ban + lift + has_cap);
        if (ban || lift) {
            yaml_node_t *v = ban ? bn : ln;
            c->instr = ban ? SC_BAN : SC_LIFT;
            c->line = (int)v->start_mark.line + 1;
            c->col = (int)v->start_mark.column + 1;
        }
        return TW_OK;
    }
    case 3: { /* barriers */
        static const char *const keys[] = {"importers", "importer", "exporters",  "exporter",
                                           "sectors",   "sector",   "iceberg_hat"};
        if ((st = check_keys(r, item, field, keys, 7)) ||
            (st = parse_selectors(r, item, field, c, "all")))
            return st;
        yaml_node_t *v = get(r, item, "iceberg_hat");
        if (!v)
            return fail_at(r, item, field, "expected key 'iceberg_hat' (the factor on trade "
                                           "costs), found none");
        snprintf(f, sizeof f, "%s.iceberg_hat", field);
        return parse_iceberg(r, v, f, c);
    }
    default: { /* services */
        static const char *const keys[] = {"importers", "importer",  "exporters", "exporter",
                                           "sectors",   "sector",    "cap",       "cap_value",
                                           "cut_value", "iceberg_hat", "rent"};
        if ((st = check_keys(r, item, field, keys, 11)) ||
            (st = parse_selectors(r, item, field, c, "services")))
            return st;
        int has_cap = 0;
        if ((st = parse_cap(r, item, field, c, &has_cap)) ||
            (st = parse_rent(r, item, field, TW_RENT_IMPORTER, &c->rent)))
            return st;
        yaml_node_t *v = get(r, item, "iceberg_hat");
        if (has_cap && v)
            return fail_at(r, v, field, "give either a cap or a cost (iceberg_hat), not both");
        if (!has_cap && !v)
            return fail_at(r, item, field, "expected a cap ('cap', 'cap_value' or 'cut_value') "
                                           "or a cost ('iceberg_hat'), found neither");
        if (v) {
            snprintf(f, sizeof f, "%s.iceberg_hat", field);
            return parse_iceberg(r, v, f, c);
        }
        return TW_OK;
    }
    }
}

static tw_status parse_outcomes(reader *r, yaml_node_t *n, const char *field, sc_event *e)
{
    if (n->type != YAML_MAPPING_NODE ||
        n->data.mapping.pairs.start == n->data.mapping.pairs.top) {
        char w[64];
        found(n, w, sizeof w);
        return fail_at(r, n, field, "expected a mapping of branch names to outcomes "
                                    "(snap_back, permanent or extend: DAYS), found %s", w);
    }
    int count = (int)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    e->out = calloc((size_t)count, sizeof *e->out);
    if (!e->out)
        return nomem(r->err);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node_at(r, p->key), *v = node_at(r, p->value);
        const char *name = scalar(k);
        char f[300];
        snprintf(f, sizeof f, "%s.%.60s", field, name ? name : "?");
        tw_status st = want_scalar(r, k, field, "a branch name");
        if (st)
            return st;
        if (strlen(name) >= sizeof e->out[0].name || strcmp(name, "main") == 0)
            return fail_at(r, k, f, "expected a branch name of 1 to 63 characters other than "
                                    "'main', found '%.40s'", name);
        for (int q = 0; q < e->nout; q++)
            if (strcmp(e->out[q].name, name) == 0)
                return fail_at(r, k, f, "duplicate branch name '%s'", name);
        sc_outcome *o = &e->out[e->nout];
        snprintf(o->name, sizeof o->name, "%s", name);
        o->line = (int)v->start_mark.line + 1;
        o->col = (int)v->start_mark.column + 1;
        const char *vs = scalar(v);
        if (vs && strcmp(vs, "snap_back") == 0)
            o->kind = SC_SNAP_BACK;
        else if (vs && strcmp(vs, "permanent") == 0)
            o->kind = SC_PERMANENT;
        else if (v->type == YAML_MAPPING_NODE && get(r, v, "extend") &&
                 v->data.mapping.pairs.top - v->data.mapping.pairs.start == 1) {
            o->kind = SC_EXTEND;
            char f2[320];
            snprintf(f2, sizeof f2, "%s.extend", f);
            if ((st = parse_days(r, get(r, v, "extend"), f2, &o->days)))
                return st;
        } else {
            char w[64];
            found(v, w, sizeof w);
            return fail_at(r, v, f, "expected snap_back, permanent or {extend: DAYS}, found %s",
                           w);
        }
        e->nout++;
    }
    return TW_OK;
}

/* A per-player list of an event's game: one entry per player, each a rate (`10%` or 0.1) or a
 * number in [lo, hi] (whole if `whole`); or, with names (NULL-terminated), one of the names,
 * stored as its index. */
static tw_status parse_player_list(reader *r, yaml_node_t *n, const char *field, int players,
                                   const char *what, double lo, double hi, int whole,
                                   const char *const *names, double *out)
{
    sc_names v = {0};
    tw_status st = parse_names(r, n, field, what, &v);
    if (st) {
        names_free(&v); /* a list may fail after some names were kept */
        return st;
    }
    if (v.n != players) {
        int got = v.n;
        names_free(&v);
        return fail_at(r, n, field, "expected one entry per player (%d), found %d", players,
                       got);
    }
    for (int k = 0; k < v.n && !st; k++) {
        const char *s = v.v[k];
        if (names) {
            int hit = -1;
            for (int q = 0; names[q]; q++)
                if (strcmp(names[q], s) == 0)
                    hit = q;
            if (hit < 0)
                st = tw_fail(r->err, TW_ERR_INPUT, r->s->file, v.line[k], v.col[k], field,
                             "expected %s, found '%.40s'", what, s);
            out[k] = hit;
            continue;
        }
        char *end;
        double x = strtod(s, &end);
        if (*end == '%' && !whole) {
            x /= 100.0;
            end++;
        }
        if (end == s || *end || !isfinite(x) || x < lo || x > hi || (whole && x != floor(x)))
            st = tw_fail(r->err, TW_ERR_INPUT, r->s->file, v.line[k], v.col[k], field,
                         "expected %s, found '%.40s'", what, s);
        out[k] = x;
    }
    names_free(&v);
    return st;
}

/* An event's game: type, players, against, instrument, only_increases, max_tariff; talks:
 * rule, threat, weights; escalation: rules, openings, caps, factors, forgive_after, rounds. */
static tw_status parse_game(reader *r, yaml_node_t *n, const char *field, sc_game *g)
{
    snprintf(g->field, sizeof g->field, "%s", field);
    g->line = (int)n->start_mark.line + 1;
    g->col = (int)n->start_mark.column + 1;
    if (n->type != YAML_MAPPING_NODE) {
        char w[64];
        found(n, w, sizeof w);
        return fail_at(r, n, field, "expected a mapping with type and players, found %s", w);
    }
    static const char *const keys[] = {"type",       "players",        "against",
                                       "instrument", "only_increases", "max_tariff",
                                       "rule",       "threat",         "weights",
                                       "rules",      "openings",       "caps",
                                       "factors",    "forgive_after",  "rounds"};
    tw_status st = check_keys(r, n, field, keys, 15);
    if (st)
        return st;
    char f[200];
    yaml_node_t *t = get(r, n, "type");
    if (!t)
        return fail_at(r, n, field, "expected key 'type' (best_response, nash_war, talks or "
                                    "escalation), found none");
    snprintf(f, sizeof f, "%s.type", field);
    const char *ts = scalar(t);
    if (ts && strcmp(ts, "best_response") == 0)
        g->kind = TW_SCENARIO_BEST_RESPONSE;
    else if (ts && strcmp(ts, "nash_war") == 0)
        g->kind = TW_SCENARIO_NASH_WAR;
    else if (ts && strcmp(ts, "talks") == 0)
        g->kind = TW_SCENARIO_TALKS;
    else if (ts && strcmp(ts, "escalation") == 0)
        g->kind = TW_SCENARIO_ESCALATION;
    else {
        char w[64];
        found(t, w, sizeof w);
        return fail_at(r, t, f, "expected best_response, nash_war, talks or escalation, found %s",
                       w);
    }
    yaml_node_t *pl = get(r, n, "players");
    if (!pl)
        return fail_at(r, n, field, "expected key 'players' (country codes), found none");
    snprintf(f, sizeof f, "%s.players", field);
    if ((st = parse_names(r, pl, f, "a country code", &g->players)))
        return st;
    if (g->kind == TW_SCENARIO_BEST_RESPONSE && g->players.n != 1)
        return fail_at(r, pl, f, "a best response has one player, found %d", g->players.n);
    if (g->kind != TW_SCENARIO_BEST_RESPONSE && g->players.n < 2)
        return fail_at(r, pl, f, "%s needs at least two players, found %d",
                       g->kind == TW_SCENARIO_NASH_WAR ? "a Nash war"
                       : g->kind == TW_SCENARIO_TALKS  ? "a negotiation"
                                                       : "an escalation",
                       g->players.n);
    /* Escalation: each player's rule, opening move, cap, factor, patience; the round limit. */
    static const char *const esc_keys[] = {"rules", "openings", "caps", "factors",
                                           "forgive_after", "rounds"};
    for (int q = 0; q < 6; q++) {
        yaml_node_t *x = get(r, n, esc_keys[q]);
        if (x && g->kind != TW_SCENARIO_ESCALATION) {
            snprintf(f, sizeof f, "%s.%s", field, esc_keys[q]);
            return fail_at(r, x, f, "only an escalation has %s", esc_keys[q]);
        }
    }
    if (g->kind == TW_SCENARIO_ESCALATION) {
        int np = g->players.n;
        double *tmp = calloc((size_t)np, sizeof *tmp);
        g->rules = calloc((size_t)np, sizeof *g->rules);
        g->forgive_after = calloc((size_t)np, sizeof *g->forgive_after);
        g->openings = calloc((size_t)np, sizeof *g->openings);
        g->caps = calloc((size_t)np, sizeof *g->caps);
        g->factors = calloc((size_t)np, sizeof *g->factors);
        if (!tmp || !g->rules || !g->forgive_after || !g->openings || !g->caps || !g->factors) {
            free(tmp);
            return nomem(r->err);
        }
        static const char *const rule_names[] = {"hold", "tit-for-tat", "proportional",
                                                 "best-response", NULL};
        yaml_node_t *x = get(r, n, "rules");
        if (!x) {
            free(tmp);
            return fail_at(r, n, field, "expected key 'rules' (one per player: hold, "
                                        "tit-for-tat, proportional or best-response), found "
                                        "none");
        }
        snprintf(f, sizeof f, "%s.rules", field);
        st = parse_player_list(r, x, f, np, "hold, tit-for-tat, proportional or best-response",
                               0, 0, 0, rule_names, tmp);
        for (int k = 0; !st && k < np; k++)
            g->rules[k] = (int)tmp[k];
        for (int k = 0; k < np; k++)
            g->factors[k] = 1.0;
        if (!st && (x = get(r, n, "openings"))) {
            snprintf(f, sizeof f, "%s.openings", field);
            st = parse_player_list(r, x, f, np, "an opening addition in [0, 10] (0.1 or 10%)",
                                   0.0, 10.0, 0, NULL, g->openings);
        }
        if (!st && (x = get(r, n, "caps"))) {
            snprintf(f, sizeof f, "%s.caps", field);
            st = parse_player_list(r, x, f, np, "a cap in [0, 10] (1.25 or 125%; 0 = none)",
                                   0.0, 10.0, 0, NULL, g->caps);
        }
        if (!st && (x = get(r, n, "factors"))) {
            snprintf(f, sizeof f, "%s.factors", field);
            st = parse_player_list(r, x, f, np, "a retaliation factor in [0, 10]", 0.0, 10.0, 0,
                                   NULL, g->factors);
        }
        if (!st && (x = get(r, n, "forgive_after"))) {
            snprintf(f, sizeof f, "%s.forgive_after", field);
            st = parse_player_list(r, x, f, np, "a whole number of rounds in [0, 1000]", 0.0,
                                   1000.0, 1, NULL, tmp);
            for (int k = 0; !st && k < np; k++)
                g->forgive_after[k] = (int)tmp[k];
        }
        free(tmp);
        if (st)
            return st;
        g->rounds = 20;
        if ((x = get(r, n, "rounds"))) {
            double v;
            snprintf(f, sizeof f, "%s.rounds", field);
            if ((st = parse_number(r, x, f, "a whole number of rounds (1 to 1000)", &v)))
                return st;
            if (v != floor(v) || v < 1 || v > 1000) {
                char w[64];
                found(x, w, sizeof w);
                return fail_at(r, x, f, "expected a whole number of rounds (1 to 1000), found %s",
                               w);
            }
            g->rounds = (int)v;
        }
    }
    /* Talks: rule, threat point, bargaining weights. */
    yaml_node_t *ru = get(r, n, "rule"), *th = get(r, n, "threat"), *we = get(r, n, "weights");
    yaml_node_t *talks_only = ru ? ru : th ? th : we;
    if (talks_only && g->kind != TW_SCENARIO_TALKS) {
        snprintf(f, sizeof f, "%s.%s", field, ru ? "rule" : th ? "threat" : "weights");
        return fail_at(r, talks_only, f, "only talks have a rule, a threat point and weights");
    }
    if (ru) {
        snprintf(f, sizeof f, "%s.rule", field);
        const char *v = scalar(ru);
        if (v && strcmp(v, "nash") == 0)
            g->talks_rule = 0;
        else if (v && strcmp(v, "equal-gains") == 0)
            g->talks_rule = 1;
        else {
            char w[64];
            found(ru, w, sizeof w);
            return fail_at(r, ru, f, "expected nash or equal-gains, found %s", w);
        }
    }
    if (th) {
        snprintf(f, sizeof f, "%s.threat", field);
        const char *v = scalar(th);
        if (v && strcmp(v, "current") == 0)
            g->threat_war = 0;
        else if (v && strcmp(v, "war") == 0)
            g->threat_war = 1;
        else {
            char w[64];
            found(th, w, sizeof w);
            return fail_at(r, th, f, "expected current or war, found %s", w);
        }
    }
    if (we && g->talks_rule == 1) {
        snprintf(f, sizeof f, "%s.weights", field);
        return fail_at(r, we, f, "weights are for Nash bargaining (rule: nash); equal gains "
                                 "have none");
    }
    if (we) {
        snprintf(f, sizeof f, "%s.weights", field);
        sc_names ws = {0};
        if ((st = parse_names(r, we, f, "a bargaining weight", &ws))) {
            names_free(&ws);
            return st;
        }
        if (ws.n != g->players.n) {
            int got = ws.n;
            names_free(&ws);
            return fail_at(r, we, f, "expected one weight per player (%d), found %d",
                           g->players.n, got);
        }
        g->weights = calloc((size_t)ws.n, sizeof *g->weights);
        if (!g->weights) {
            names_free(&ws);
            return nomem(r->err);
        }
        for (int k = 0; k < ws.n; k++) {
            char *end;
            double v = strtod(ws.v[k], &end);
            if (end == ws.v[k] || *end || !(v > 0.0) || !isfinite(v)) {
                tw_status bad = tw_fail(r->err, TW_ERR_INPUT, r->s->file, ws.line[k],
                                        ws.col[k], f,
                                        "expected a bargaining weight > 0, found '%.40s'",
                                        ws.v[k]);
                names_free(&ws);
                return bad;
            }
            g->weights[k] = v;
        }
        names_free(&ws);
    }
    yaml_node_t *ag = get(r, n, "against");
    if (ag) {
        snprintf(f, sizeof f, "%s.against", field);
        if ((st = parse_names(r, ag, f, "a country code or group", &g->against)))
            return st;
    }
    g->instrument = 1; /* by sector */
    yaml_node_t *in = get(r, n, "instrument");
    if (in) {
        snprintf(f, sizeof f, "%s.instrument", field);
        const char *v = scalar(in);
        if (v && strcmp(v, "uniform") == 0)
            g->instrument = 0;
        else if (v && strcmp(v, "sector") == 0)
            g->instrument = 1;
        else if (v && strcmp(v, "partner-sector") == 0)
            g->instrument = 2;
        else {
            char w[64];
            found(in, w, sizeof w);
            return fail_at(r, in, f, "expected uniform, sector or partner-sector, found %s", w);
        }
    }
    yaml_node_t *oi = get(r, n, "only_increases");
    if (oi) {
        snprintf(f, sizeof f, "%s.only_increases", field);
        if ((st = parse_bool(r, oi, f, &g->only_increases)))
            return st;
    }
    yaml_node_t *mt = get(r, n, "max_tariff");
    if (mt) {
        snprintf(f, sizeof f, "%s.max_tariff", field);
        if ((st = parse_rate(r, mt, f, "a tariff rate > 0 and <= 10 (1.5 or 150%)",
                             &g->max_tariff)))
            return st;
        if (!(g->max_tariff > 0.0) || g->max_tariff > 10.0) {
            char w[64];
            found(mt, w, sizeof w);
            return fail_at(r, mt, f, "expected a tariff rate > 0 and <= 10 (1.5 or 150%%), "
                                     "found %s", w);
        }
    }
    g->present = 1;
    return TW_OK;
}

static tw_status parse_event(reader *r, yaml_node_t *n, int index, sc_event *e)
{
    snprintf(e->field, sizeof e->field, "events[%d]", index);
    const char *field = e->field;
    e->line = (int)n->start_mark.line + 1;
    e->col = (int)n->start_mark.column + 1;
    if (n->type != YAML_MAPPING_NODE) {
        char w[64];
        found(n, w, sizeof w);
        return fail_at(r, n, field, "expected a mapping with date, label and changes, found %s",
                       w);
    }
    static const char *const keys[] = {"date",    "label",        "branch",
                                       "tariffs", "export_taxes", "export_controls",
                                       "barriers", "services",    "truce",
                                       "game"};
    tw_status st = check_keys(r, n, field, keys, 10);
    if (st)
        return st;
    char f[160];
    yaml_node_t *d = get(r, n, "date"), *l = get(r, n, "label"), *b = get(r, n, "branch");
    if (!d)
        return fail_at(r, n, field, "expected key 'date' (YYYY-MM-DD), found none");
    snprintf(f, sizeof f, "%s.date", field);
    if ((st = parse_date(r, d, f, &e->day, e->date)))
        return st;
    if (!l)
        return fail_at(r, n, field, "expected key 'label' (what happened), found none");
    snprintf(f, sizeof f, "%s.label", field);
    if ((st = dup_string(r, l, f, "a label", &e->label)))
        return st;
    if (b) {
        snprintf(f, sizeof f, "%s.branch", field);
        if ((st = want_scalar(r, b, f, "a branch name")))
            return st;
        snprintf(e->branch, sizeof e->branch, "%s", scalar(b));
        e->branch_line = (int)b->start_mark.line + 1;
        e->branch_col = (int)b->start_mark.column + 1;
    }
    int total = 0;
    for (int k = 0; k < 5; k++) {
        yaml_node_t *lst = get(r, n, INSTR_KEYS[k]);
        if (!lst)
            continue;
        snprintf(f, sizeof f, "%s.%s", field, INSTR_KEYS[k]);
        if (lst->type != YAML_SEQUENCE_NODE ||
            lst->data.sequence.items.start == lst->data.sequence.items.top) {
            char w[64];
            found(lst, w, sizeof w);
            return fail_at(r, lst, f, "expected a non-empty list of changes, found %s",
                           lst->type == YAML_SEQUENCE_NODE ? "an empty list" : w);
        }
        total += (int)(lst->data.sequence.items.top - lst->data.sequence.items.start);
    }
    e->ch = calloc((size_t)(total ? total : 1), sizeof *e->ch);
    if (!e->ch)
        return nomem(r->err);
    for (int k = 0; k < 5; k++) {
        yaml_node_t *lst = get(r, n, INSTR_KEYS[k]);
        if (!lst)
            continue;
        int q = 0;
        for (yaml_node_item_t *it = lst->data.sequence.items.start;
             it < lst->data.sequence.items.top; it++, q++) {
            sc_change *c = &e->ch[e->nch++];
            snprintf(c->field, sizeof c->field, "%s.%s[%d]", field, INSTR_KEYS[k], q);
            if ((st = parse_change(r, k, node_at(r, *it), c->field, c)))
                return st;
        }
    }
    yaml_node_t *gm = get(r, n, "game");
    if (gm) {
        snprintf(f, sizeof f, "%s.game", field);
        if ((st = parse_game(r, gm, f, &e->game)))
            return st;
    }
    yaml_node_t *t = get(r, n, "truce");
    if (t && gm) {
        snprintf(f, sizeof f, "%s.truce", field);
        return fail_at(r, t, f, "a truce pauses listed changes and cannot hold a game: state "
                                "the game in an event of its own");
    }
    if (t) {
        snprintf(f, sizeof f, "%s.truce", field);
        if (t->type != YAML_MAPPING_NODE) {
            char w[64];
            found(t, w, sizeof w);
            return fail_at(r, t, f, "expected a mapping with 'days' and optionally 'expiry', "
                                    "found %s", w);
        }
        static const char *const tkeys[] = {"days", "expiry"};
        if ((st = check_keys(r, t, f, tkeys, 2)))
            return st;
        yaml_node_t *dn = get(r, t, "days"), *xn = get(r, t, "expiry");
        if (!dn)
            return fail_at(r, t, f, "expected key 'days' (how long the pause lasts), found none");
        char f2[200];
        snprintf(f2, sizeof f2, "%s.days", f);
        if ((st = parse_days(r, dn, f2, &e->truce_days)))
            return st;
        e->truce = 1;
        if (!total)
            return fail_at(r, t, f, "a truce pauses something: expected the event to list the "
                                    "changes of the pause, found none");
        if (xn) {
            snprintf(f2, sizeof f2, "%s.expiry", f);
            if ((st = parse_outcomes(r, xn, f2, e)))
                return st;
        }
    } else if (!total && !gm) {
        return fail_at(r, n, field, "event changes nothing: expected at least one of tariffs, "
                                    "export_taxes, export_controls, barriers, services, game");
    }
    return TW_OK;
}

/* ---- the document ---- */

static tw_status parse_groups(reader *r, yaml_node_t *n)
{
    tw_scenario *s = r->s;
    if (n->type != YAML_MAPPING_NODE) {
        char w[64];
        found(n, w, sizeof w);
        return fail_at(r, n, "groups", "expected a mapping of group names to lists of codes, "
                                       "found %s", w);
    }
    int count = (int)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    s->groups = calloc((size_t)(count ? count : 1), sizeof *s->groups);
    if (!s->groups)
        return nomem(r->err);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node_at(r, p->key);
        tw_status st = want_scalar(r, k, "groups", "a group name");
        if (st)
            return st;
        const char *name = scalar(k);
        char f[160];
        snprintf(f, sizeof f, "groups.%.60s", name);
        if (!tw_names_valid(name) || strcmp(name, "all") == 0 || strcmp(name, "goods") == 0 ||
            strcmp(name, "services") == 0 || strcmp(name, "EU27") == 0)
            return fail_at(r, k, f, "expected a new group name of 1-16 letters, digits, '_' or "
                                    "'-' (all, goods, services and EU27 are built in), found "
                                    "'%.40s'", name);
        for (int q = 0; q < s->ngroups; q++)
            if (strcmp(s->groups[q].name, name) == 0)
                return fail_at(r, k, f, "duplicate group '%s'", name);
        sc_group *g = &s->groups[s->ngroups++];
        snprintf(g->name, sizeof g->name, "%s", name);
        g->line = (int)k->start_mark.line + 1;
        g->col = (int)k->start_mark.column + 1;
        if ((st = parse_names(r, node_at(r, p->value), f, "a country or sector code",
                              &g->members)))
            return st;
    }
    return TW_OK;
}

static tw_status parse_root(reader *r, yaml_node_t *root)
{
    tw_scenario *s = r->s;
    tw_status st;
    if (!root || root->type != YAML_MAPPING_NODE) {
        char w[64] = "an empty document";
        if (root)
            found(root, w, sizeof w);
        return fail_at(r, root, "", "expected a mapping with title, baseline and events, found "
                                    "%s", w);
    }
    static const char *const keys[] = {"title",   "description", "world",   "elasticities",
                                       "deficits", "baseline",   "end",     "players",
                                       "watch",   "groups",      "events",  "reference",
                                       "critical_elasticity"};
    if ((st = check_keys(r, root, "", keys, 13)))
        return st;
    yaml_node_t *n;
    if (!(n = get(r, root, "title")))
        return fail_at(r, root, "title", "expected key 'title', found none");
    if ((st = dup_string(r, n, "title", "a title", &s->title)))
        return st;
    if ((n = get(r, root, "description")) &&
        (st = dup_string(r, n, "description", "a description", &s->description)))
        return st;
    if ((n = get(r, root, "world")) && (st = dup_string(r, n, "world", "a world name", &s->world)))
        return st;
    if ((n = get(r, root, "elasticities")) &&
        (st = dup_string(r, n, "elasticities", "an elasticity set name", &s->elasticities)))
        return st;
    if ((n = get(r, root, "deficits"))) {
        if (tw_deficit_closure_parse(scalar(n), &s->deficits)) {
            char w[64];
            found(n, w, sizeof w);
            return fail_at(r, n, "deficits", "expected fixed, zero or proportional, found %s", w);
        }
    }
    if (!(n = get(r, root, "baseline")))
        return fail_at(r, root, "baseline", "expected key 'baseline' (the date of the "
                                            "baseline's policy, YYYY-MM-DD), found none");
    if ((st = parse_date(r, n, "baseline", &s->baseline_day, s->baseline)))
        return st;
    s->end_day = INT_MAX;
    if ((n = get(r, root, "end"))) {
        char tmp[11];
        if ((st = parse_date(r, n, "end", &s->end_day, tmp)))
            return st;
        if (s->end_day <= s->baseline_day)
            return fail_at(r, n, "end", "expected a date after the baseline %s, found '%s'",
                           s->baseline, tmp);
    }
    if ((n = get(r, root, "critical_elasticity"))) {
        /* The elasticity of substitution of every input nest of the world (docs/model.md
         * §2a), as `--critical-elasticity`; the same range as that option. */
        double v;
        if ((st = parse_number(r, n, "critical_elasticity",
                               "an elasticity of substitution in [0, 20]", &v)))
            return st;
        if (v < 0.0 || v > 20.0) {
            char w[64];
            found(n, w, sizeof w);
            return fail_at(r, n, "critical_elasticity",
                           "expected an elasticity of substitution in [0, 20], found %s", w);
        }
        s->critical_elasticity = v;
        s->has_critical = 1;
    }
    if ((n = get(r, root, "reference"))) {
        const char *v = scalar(n);
        if (v && strcmp(v, "first") == 0)
            s->ref_first = 1;
        else if (!v || strcmp(v, "baseline") != 0) {
            char w[64];
            found(n, w, sizeof w);
            return fail_at(r, n, "reference", "expected baseline or first (the equilibrium "
                                              "results are measured against), found %s", w);
        }
    }
    if ((n = get(r, root, "players")) &&
        (st = parse_names(r, n, "players", "a country code or group", &s->players)))
        return st;
    if ((n = get(r, root, "watch")) &&
        (st = parse_names(r, n, "watch", "a country code or group", &s->watch)))
        return st;
    if ((n = get(r, root, "groups")) && (st = parse_groups(r, n)))
        return st;
    if (!(n = get(r, root, "events")))
        return fail_at(r, root, "events", "expected key 'events' (a list of dated events), "
                                          "found none");
    if (n->type != YAML_SEQUENCE_NODE ||
        n->data.sequence.items.start == n->data.sequence.items.top) {
        char w[64];
        found(n, w, sizeof w);
        return fail_at(r, n, "events", "expected a non-empty list of events, found %s",
                       n->type == YAML_SEQUENCE_NODE ? "an empty list" : w);
    }
    int count = (int)(n->data.sequence.items.top - n->data.sequence.items.start);
    s->events = calloc((size_t)count, sizeof *s->events);
    if (!s->events)
        return nomem(r->err);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        int k = s->nevents++;
        if ((st = parse_event(r, node_at(r, *it), k, &s->events[k])))
            return st;
    }
    return TW_OK;
}

/* Order and branch checks that need no world. */
static tw_status check_events(reader *r)
{
    tw_scenario *s = r->s;
    for (int k = 0; k < s->nevents; k++) {
        sc_event *e = &s->events[k];
        char f[64];
        snprintf(f, sizeof f, "%s.date", e->field);
        if (e->day <= s->baseline_day)
            return tw_fail(r->err, TW_ERR_INPUT, s->file, e->line, e->col, f,
                           "expected a date after the baseline %s, found %s", s->baseline,
                           e->date);
        if (e->day > s->end_day)
            return tw_fail(r->err, TW_ERR_INPUT, s->file, e->line, e->col, f,
                           "the event (%s) is after the scenario's end", e->date);
        if (k > 0 && e->day < s->events[k - 1].day)
            return tw_fail(r->err, TW_ERR_INPUT, s->file, e->line, e->col, f,
                           "events out of order: %s comes after %s (%s); list events by date",
                           e->date, s->events[k - 1].field, s->events[k - 1].date);
        if (e->branch[0]) {
            /* The branch must be an outcome of an earlier truce. */
            int known = 0;
            for (int q = 0; q < k && !known; q++)
                for (int o = 0; o < s->events[q].nout; o++)
                    if (strcmp(s->events[q].out[o].name, e->branch) == 0)
                        known = 1;
            if (!known) {
                snprintf(f, sizeof f, "%s.branch", e->field);
                const char *near = NULL;
                for (int q = 0; q < k && !near; q++)
                    for (int o = 0; o < s->events[q].nout && !near; o++) {
                        char *one[1] = {s->events[q].out[o].name};
                        near = tw_names_suggest(one, 1, e->branch);
                    }
                if (near)
                    return tw_fail(r->err, TW_ERR_INPUT, s->file, e->branch_line, e->branch_col,
                                   f, "unknown branch '%.40s' (did you mean '%s'?)", e->branch,
                                   near);
                return tw_fail(r->err, TW_ERR_INPUT, s->file, e->branch_line, e->branch_col, f,
                               "unknown branch '%.40s': a branch is named by an earlier truce's "
                               "expiry outcomes",
                               e->branch);
            }
        }
    }
    return TW_OK;
}

static tw_status load(tw_scenario *s, yaml_parser_t *parser, tw_error *err)
{
    yaml_document_t doc;
    reader r = {s, &doc, err};
    if (!yaml_parser_load(parser, &doc)) {
        int line = (int)parser->problem_mark.line + 1, col = (int)parser->problem_mark.column + 1;
        if (parser->error == YAML_MEMORY_ERROR)
            return nomem(err);
        return tw_fail(err, TW_ERR_INPUT, s->file, line, col, NULL, "invalid YAML: %s%s%s",
                       parser->problem ? parser->problem : "syntax error",
                       parser->context ? " " : "", parser->context ? parser->context : "");
    }
    tw_status st = parse_root(&r, yaml_document_get_root_node(&doc));
    yaml_document_delete(&doc);
    if (!st)
        st = check_events(&r);
    return st;
}

static tw_status finish_load(tw_scenario *s, tw_status st, tw_scenario **out)
{
    if (!st && !s->world && !(s->world = strdup("icio2022")))
        st = TW_ERR_NOMEM;
    if (st) {
        tw_scenario_free(s);
        return st;
    }
    *out = s;
    return TW_OK;
}

tw_status tw_scenario_load_buffer(const char *name, const char *data, size_t len,
                                  tw_scenario **out, tw_error *err)
{
    tw_error_clear(err);
    *out = NULL;
    tw_scenario *s = calloc(1, sizeof *s);
    if (!s)
        return nomem(err);
    snprintf(s->file, sizeof s->file, "%s", name ? name : "<scenario>");
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        free(s);
        return nomem(err);
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    tw_status st = load(s, &parser, err);
    yaml_parser_delete(&parser);
    return finish_load(s, st, out);
}

tw_status tw_scenario_load(const char *path, tw_scenario **out, tw_error *err)
{
    tw_error_clear(err);
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return tw_fail(err, TW_ERR_IO, path, 0, 0, NULL, "cannot open the scenario file");
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 > cap) {
            cap = cap ? 2 * cap : 65536;
            if (cap > (64u << 20)) {
                free(buf);
                fclose(f);
                return tw_fail(err, TW_ERR_INPUT, path, 0, 0, NULL,
                               "scenario file larger than 64 MB");
            }
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return nomem(err);
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return tw_fail(err, TW_ERR_IO, path, 0, 0, NULL, "cannot read the scenario file");
    }
    tw_status st = tw_scenario_load_buffer(path, buf, len, out, err);
    free(buf);
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
    names_free(&s->players);
    names_free(&s->watch);
    for (int g = 0; g < s->ngroups; g++) {
        names_free(&s->groups[g].members);
        free(s->groups[g].mask);
    }
    free(s->groups);
    for (int k = 0; k < s->nevents; k++) {
        sc_event *e = &s->events[k];
        free(e->label);
        for (int c = 0; c < e->nch; c++) {
            names_free(&e->ch[c].imp);
            names_free(&e->ch[c].exp);
            names_free(&e->ch[c].sec);
            free(e->ch[c].imask);
            free(e->ch[c].emask);
            free(e->ch[c].smask);
        }
        free(e->ch);
        free(e->out);
        names_free(&e->game.players);
        names_free(&e->game.against);
        free(e->game.weights);
        free(e->game.rules);
        free(e->game.forgive_after);
        free(e->game.openings);
        free(e->game.caps);
        free(e->game.factors);
        free(e->game.player_idx);
        free(e->game.against_idx);
    }
    free(s->events);
    free(s);
}

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
int tw_scenario_critical_elasticity(const tw_scenario *s, double *value)
{
    if (s->has_critical && value)
        *value = s->critical_elasticity;
    return s->has_critical;
}
const char *tw_scenario_baseline_date(const tw_scenario *s) { return s->baseline; }
int tw_scenario_reference_first(const tw_scenario *s) { return s->ref_first; }
int tw_scenario_player_count(const tw_scenario *s) { return s->players.n; }
const char *tw_scenario_player(const tw_scenario *s, int k) { return s->players.v[k]; }
int tw_scenario_watch_count(const tw_scenario *s) { return s->watch.n; }
const char *tw_scenario_watch(const tw_scenario *s, int k) { return s->watch.v[k]; }

/* ---- binding to a world ---- */

/* Marks the countries (sector = 0) or sectors (sector = 1) that name denotes in mask; returns
 * 1 if name is known as that kind, 0 if unknown, -1 if it is of the other kind. */
static int resolve(const tw_scenario *s, const tw_world *w, const char *name, int sector,
                   unsigned char *mask)
{
    tw_dims d = w->d;
    int k = sector ? tw_world_sector_index(w, name) : tw_world_country_index(w, name);
    if (k >= 0) {
        mask[k] = 1;
        return 1;
    }
    if ((sector ? tw_world_country_index(w, name) : tw_world_sector_index(w, name)) >= 0)
        return -1;
    if (strcmp(name, "all") == 0) {
        memset(mask, 1, (size_t)(sector ? d.j : d.n));
        return 1;
    }
    if (strcmp(name, "goods") == 0 || strcmp(name, "services") == 0) {
        if (!sector)
            return -1;
        int goods = strcmp(name, "goods") == 0;
        for (int j = 0; j < d.j; j++)
            if (tw_world_sector_is_goods(w, j) == goods)
                mask[j] = 1;
        return 1;
    }
    if (strcmp(name, "EU27") == 0) {
        if (sector)
            return -1;
        for (int q = 0; q < N_EU27; q++) {
            int n = tw_world_country_index(w, EU27[q]);
            if (n >= 0)
                mask[n] = 1;
        }
        return 1;
    }
    for (int g = 0; g < s->ngroups; g++)
        if (strcmp(s->groups[g].name, name) == 0 && s->groups[g].mask) {
            if (s->groups[g].is_sector != sector)
                return -1;
            int len = sector ? d.j : d.n;
            for (int q = 0; q < len; q++)
                mask[q] |= s->groups[g].mask[q];
            return 1;
        }
    return 0;
}

static tw_status unknown_name(const tw_scenario *s, const tw_world *w, const char *field,
                              const char *name, int line, int col, int sector, int other,
                              tw_error *err)
{
    const char *what = sector ? "sector" : "country";
    if (other)
        return tw_fail(err, TW_ERR_INPUT, s->file, line, col, field,
                       "expected a %s code or group, found '%.40s', which is a %s", what, name,
                       sector ? "country or country group" : "sector or sector group");
    const char *near = sector ? tw_world_sector_suggest(w, name) : tw_world_country_suggest(w, name);
    if (near)
        return tw_fail(err, TW_ERR_INPUT, s->file, line, col, field,
                       "unknown %s code '%.40s' (did you mean '%s'?)", what, name, near);
    return tw_fail(err, TW_ERR_INPUT, s->file, line, col, field,
                   "unknown %s code or group '%.40s' in world '%s'", what, name,
                   tw_world_name(w));
}

static int mask_count(const unsigned char *m, int len)
{
    int c = 0;
    for (int q = 0; q < len; q++)
        c += m[q] != 0;
    return c;
}

static tw_status bind_names(const tw_scenario *s, const tw_world *w, const sc_names *v,
                            const char *field, int sector, unsigned char **mask, tw_error *err)
{
    int len = sector ? w->d.j : w->d.n;
    free(*mask);
    *mask = calloc((size_t)len, 1);
    if (!*mask)
        return nomem(err);
    for (int k = 0; k < v->n; k++) {
        int got = resolve(s, w, v->v[k], sector, *mask);
        if (got != 1)
            return unknown_name(s, w, field, v->v[k], v->line[k], v->col[k], sector, got < 0,
                                err);
    }
    if (!mask_count(*mask, len))
        return tw_fail(err, TW_ERR_INPUT, s->file, v->line[0], v->col[0], field,
                       "'%.40s' has no member in world '%s'", v->v[0], tw_world_name(w));
    return TW_OK;
}

static int overlaps(const sc_change *a, const sc_change *b, tw_dims d)
{
    int sec = 0;
    for (int j = 0; j < d.j && !sec; j++)
        sec = a->smask[j] && b->smask[j];
    if (!sec)
        return 0;
    for (int n = 0; n < d.n; n++)
        if (a->imask[n] && b->imask[n])
            for (int i = 0; i < d.n; i++)
                if (i != n && a->emask[i] && b->emask[i])
                    return 1;
    return 0;
}

/* The instrument family a change writes (changes of different families never conflict). */
static int family(const sc_change *c)
{
    switch (c->instr) {
    case SC_TARIFF: return 0;
    case SC_EXPORT_TAX: return 1;
    default: return 2; /* bans, quotas, lifts and trade costs interact */
    }
}

static int same_effect(const sc_change *a, const sc_change *b)
{
    return a->instr == b->instr && a->add == b->add && a->value == b->value &&
           a->cap_kind == b->cap_kind && a->rent == b->rent && !a->add;
}

/* Two changes of the same date that write the same cells in different ways contradict each
 * other: the file does not say which one holds. */
static tw_status check_contradictions(const tw_scenario *s, tw_error *err)
{
    tw_dims d = s->m->d;
    for (int k = 0; k < s->nevents; k++)
        for (int c = 0; c < s->events[k].nch; c++) {
            const sc_event *e = &s->events[k];
            const sc_change *a = &e->ch[c];
            for (int k2 = k; k2 < s->nevents && s->events[k2].day == e->day; k2++) {
                const sc_event *e2 = &s->events[k2];
                if (e->branch[0] && e2->branch[0] && strcmp(e->branch, e2->branch) != 0)
                    continue;
                for (int c2 = k2 == k ? c + 1 : 0; c2 < e2->nch; c2++) {
                    const sc_change *b = &e2->ch[c2];
                    if (family(a) != family(b) || same_effect(a, b) || !overlaps(a, b, d))
                        continue;
                    if (a->instr == SC_ICEBERG && b->instr == SC_QUOTA)
                        continue; /* a cost and a cap can coexist */
                    if (a->instr == SC_QUOTA && b->instr == SC_ICEBERG)
                        continue;
                    return tw_fail(err, TW_ERR_INPUT, s->file, b->line, b->col, b->field,
                                   "contradicts %s (same date %s, overlapping importers, "
                                   "exporters and sectors, different change)",
                                   a->field, e->date);
                }
            }
        }
    return TW_OK;
}

/* Resolves a game's players (countries, not groups: a player is one government) and the
 * countries its tariffs apply to. */
static tw_status bind_game(const tw_scenario *s, const tw_world *w, sc_game *g, tw_error *err)
{
    int N = w->d.n;
    free(g->player_idx);
    free(g->against_idx);
    g->player_idx = calloc((size_t)g->players.n, sizeof *g->player_idx);
    g->against_idx = calloc((size_t)N, sizeof *g->against_idx);
    g->n_players = g->n_against = 0;
    if (!g->player_idx || !g->against_idx)
        return nomem(err);
    char f[200];
    snprintf(f, sizeof f, "%s.players", g->field);
    for (int k = 0; k < g->players.n; k++) {
        int n = tw_world_country_index(w, g->players.v[k]);
        if (n < 0) {
            unsigned char probe[1024] = {0};
            int got = N <= (int)sizeof probe ? resolve(s, w, g->players.v[k], 0, probe) : 0;
            if (got == 1)
                return tw_fail(err, TW_ERR_INPUT, s->file, g->players.line[k],
                               g->players.col[k], f,
                               "expected a country code (a player is one government), found "
                               "the group '%.40s'",
                               g->players.v[k]);
            return unknown_name(s, w, f, g->players.v[k], g->players.line[k],
                                g->players.col[k], 0, got < 0, err);
        }
        for (int q = 0; q < g->n_players; q++)
            if (g->player_idx[q] == n)
                return tw_fail(err, TW_ERR_INPUT, s->file, g->players.line[k],
                               g->players.col[k], f, "player '%s' is listed twice",
                               g->players.v[k]);
        g->player_idx[g->n_players++] = n;
    }
    if (g->against.n) {
        unsigned char *mask = NULL;
        snprintf(f, sizeof f, "%s.against", g->field);
        tw_status st = bind_names(s, w, &g->against, f, 0, &mask, err);
        if (st) {
            free(mask);
            return st;
        }
        for (int n = 0; n < N; n++)
            if (mask[n])
                g->against_idx[g->n_against++] = n;
        free(mask);
    }
    return TW_OK;
}

int tw_scenario_has_games(const tw_scenario *s)
{
    for (int k = 0; k < s->nevents; k++)
        if (s->events[k].game.present)
            return 1;
    return 0;
}

tw_status tw_scenario_bind(tw_scenario *s, const tw_model *m, tw_error *err)
{
    tw_error_clear(err);
    if (!s || !m)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_scenario_bind: NULL argument");
    s->m = NULL;
    const tw_world *w = m->w;
    tw_status st;
    /* Groups: all members of one kind; a group may use groups defined before it. */
    for (int g = 0; g < s->ngroups; g++) {
        sc_group *gr = &s->groups[g];
        free(gr->mask);
        gr->mask = NULL;
        char f[96];
        snprintf(f, sizeof f, "groups.%s", gr->name);
        unsigned char probe[1024];
        int len = w->d.n > w->d.j ? w->d.n : w->d.j;
        if (len > (int)sizeof probe)
            return tw_fail(err, TW_ERR_INPUT, s->file, gr->line, gr->col, f, "world too large");
        memset(probe, 0, sizeof probe);
        int kind = resolve(s, w, gr->members.v[0], 0, probe) == 1 ? 0 : 1;
        gr->is_sector = kind;
        if ((st = bind_names(s, w, &gr->members, f, kind, &gr->mask, err)))
            return st;
    }
    for (int k = 0; k < s->players.n; k++) {
        unsigned char *mask = NULL;
        st = bind_names(s, w, &(sc_names){&s->players.v[k], &s->players.line[k],
                                          &s->players.col[k], 1},
                        "players", 0, &mask, err);
        free(mask);
        if (st)
            return st;
    }
    for (int k = 0; k < s->watch.n; k++) {
        unsigned char *mask = NULL;
        st = bind_names(s, w, &(sc_names){&s->watch.v[k], &s->watch.line[k], &s->watch.col[k], 1},
                        "watch", 0, &mask, err);
        free(mask);
        if (st)
            return st;
    }
    for (int k = 0; k < s->nevents; k++) {
        sc_event *e = &s->events[k];
        for (int c = 0; c < e->nch; c++) {
            sc_change *ch = &e->ch[c];
            char f[160];
            snprintf(f, sizeof f, "%s.importers", ch->field);
            if ((st = bind_names(s, w, &ch->imp, f, 0, &ch->imask, err)))
                return st;
            snprintf(f, sizeof f, "%s.exporters", ch->field);
            if ((st = bind_names(s, w, &ch->exp, f, 0, &ch->emask, err)))
                return st;
            snprintf(f, sizeof f, "%s.sectors", ch->field);
            if ((st = bind_names(s, w, &ch->sec, f, 1, &ch->smask, err)))
                return st;
            int ni = mask_count(ch->imask, w->d.n), ne = mask_count(ch->emask, w->d.n);
            snprintf(f, sizeof f, "%s.importers", ch->field);
            if (ni == 1 && ne == 1 && memcmp(ch->imask, ch->emask, (size_t)w->d.n) == 0)
                return tw_fail(err, TW_ERR_INPUT, s->file, ch->imp.line[0], ch->imp.col[0], f,
                               "importer and exporter are the same country: a policy cannot "
                               "apply to a country's sales to itself");
            snprintf(f, sizeof f, "%s.sectors", ch->field);
            if (strstr(ch->field, ".services[")) {
                for (int j = 0; j < w->d.j; j++)
                    if (ch->smask[j] && tw_world_sector_is_goods(w, j))
                        return tw_fail(err, TW_ERR_INPUT, s->file, ch->sec.line[0],
                                       ch->sec.col[0], f,
                                       "expected services sectors only, found goods sector "
                                       "'%s' (use export_controls or barriers for goods)",
                                       tw_world_sector_code(w, j));
            }
            if (ch->instr == SC_QUOTA && ch->cap_kind != SC_CAP_SHARE &&
                (ni != 1 || ne != 1 || mask_count(ch->smask, w->d.j) != 1))
                return tw_fail(err, TW_ERR_INPUT, s->file, ch->line, ch->col, ch->field,
                               "cap_value and cut_value apply to one flow: expected one "
                               "importer, one exporter and one sector, found %d, %d and %d",
                               ni, ne, mask_count(ch->smask, w->d.j));
        }
    }
    for (int k = 0; k < s->nevents; k++)
        if (s->events[k].game.present && (st = bind_game(s, w, &s->events[k].game, err)))
            return st;
    s->m = m;
    st = check_contradictions(s, err);
    if (st)
        s->m = NULL;
    return st;
}

int tw_scenario_country_group(const tw_scenario *s, const char *name, int *out, int cap)
{
    if (!s->m)
        return -1;
    const tw_world *w = s->m->w;
    unsigned char *mask = calloc((size_t)w->d.n, 1);
    if (!mask)
        return -1;
    int got = resolve(s, w, name, 0, mask), count = 0;
    if (got == 1)
        for (int n = 0; n < w->d.n; n++)
            if (mask[n]) {
                if (count < cap)
                    out[count] = n;
                count++;
            }
    free(mask);
    return got == 1 ? count : -1;
}
