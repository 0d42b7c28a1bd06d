/* SPDX-License-Identifier: MIT */
/* The event vocabulary of scenario files (docs/scenario-format.md, "Events and instruments",
 * "Truces and branches"): a dated event's label and branch, its lists of tariffs, export
 * taxes, export controls, barriers and services restrictions with their selectors and values,
 * and truces with their expiry outcomes; and the checks of events that need no world. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/spelling.h"
#include "data/names.h"
#include "policy/scenario_read.h"

/* The instrument lists of an event, in the order their changes are kept. */
enum { LIST_TARIFFS, LIST_EXPORT_TAXES, LIST_EXPORT_CONTROLS, LIST_BARRIERS, LIST_SERVICES,
       N_LISTS };
static const char *const INSTR_KEYS[N_LISTS] = {"tariffs", "export_taxes", "export_controls",
                                                "barriers", "services"};

/* importers, exporters and sectors of a change (sectors default to default_sectors, recorded
 * at the item's position). */
static tw_status parse_selectors(tw_yaml_reader *r, yaml_node_t *item, const char *field,
                                 sc_change *c, const char *default_sectors)
{
    tw_status st;
    char f[160];
    yaml_node_t *a = tw_yaml_get2(r, item, "importers", "importer");
    yaml_node_t *b = tw_yaml_get2(r, item, "exporters", "exporter");
    yaml_node_t *s = tw_yaml_get2(r, item, "sectors", "sector");
    if (!a)
        return tw_yaml_fail(r, item, field, "expected key 'importers' (a country code, a group "
                                            "or a list), found none");
    if (!b)
        return tw_yaml_fail(r, item, field, "expected key 'exporters' (a country code, a group "
                                            "or a list), found none");
    snprintf(f, sizeof f, "%s.importers", field);
    if ((st = tw_yaml_names(r, a, f, "a country code or group", &c->imp)))
        return st;
    snprintf(f, sizeof f, "%s.exporters", field);
    if ((st = tw_yaml_names(r, b, f, "a country code or group", &c->exp)))
        return st;
    snprintf(f, sizeof f, "%s.sectors", field);
    if (s)
        return tw_yaml_names(r, s, f, "a sector code or group", &c->sec);
    c->sec.v = malloc(sizeof *c->sec.v);
    c->sec.line = malloc(sizeof(int));
    c->sec.col = malloc(sizeof(int));
    if (!c->sec.v || !c->sec.line || !c->sec.col || !(c->sec.v[0] = strdup(default_sectors)))
        return tw_yaml_nomem(r->err);
    c->sec.n = 1;
    c->sec.line[0] = tw_yaml_line(item);
    c->sec.col[0] = tw_yaml_column(item);
    return TW_OK;
}

static tw_status parse_rent(tw_yaml_reader *r, yaml_node_t *item, const char *field, int def,
                            int *out)
{
    yaml_node_t *n = tw_yaml_get(r, item, "rent");
    *out = def;
    if (!n)
        return TW_OK;
    const char *s = tw_yaml_scalar(n);
    char f[160];
    snprintf(f, sizeof f, "%s.rent", field);
    if (tw_name_equal(s, "importer"))
        *out = TW_RENT_IMPORTER;
    else if (tw_name_equal(s, "exporter"))
        *out = TW_RENT_EXPORTER;
    else {
        char what[64];
        tw_yaml_found(n, what, sizeof what);
        return tw_yaml_fail(r, n, f, "expected 'importer' or 'exporter' (who receives the quota "
                                     "rent), found %s", what);
    }
    return TW_OK;
}

/* The cap of a quota: exactly one of cap (share of the baseline flow), cap_value, cut_value. */
static tw_status parse_cap(tw_yaml_reader *r, yaml_node_t *item, const char *field,
                           sc_change *c, int *has)
{
    static const char *const keys[] = {"cap", "cap_value", "cut_value"};
    yaml_node_t *found_node = NULL;
    int which = -1;
    for (int k = 0; k < 3; k++) {
        yaml_node_t *n = tw_yaml_get(r, item, keys[k]);
        if (!n)
            continue;
        if (found_node) {
            char f[160];
            snprintf(f, sizeof f, "%s.%s", field, keys[k]);
            return tw_yaml_fail(r, n, f, "give one of cap, cap_value and cut_value, not both %s "
                                         "and %s", keys[which], keys[k]);
        }
        found_node = n;
        which = k;
    }
    *has = found_node != NULL;
    if (!found_node)
        return TW_OK;
    char f[160], w[64];
    snprintf(f, sizeof f, "%s.%s", field, keys[which]);
    c->instr = SC_QUOTA;
    c->line = tw_yaml_line(found_node);
    c->col = tw_yaml_column(found_node);
    tw_status st;
    if (which == 0) {
        c->cap_kind = SC_CAP_SHARE;
        if ((st = tw_yaml_rate(r, found_node, f, "a share of the baseline flow > 0 (0.5 or 50%)",
                               &c->value)))
            return st;
        if (!(c->value > 0)) {
            tw_yaml_found(found_node, w, sizeof w);
            return tw_yaml_fail(r, found_node, f, "expected a share of the baseline flow > 0 (a "
                                                  "ban is 'ban: true'), found %s", w);
        }
        return TW_OK;
    }
    c->cap_kind = which == 1 ? SC_CAP_VALUE : SC_CAP_CUT;
    if ((st = tw_yaml_number(r, found_node, f, "a value > 0 in the world's money unit",
                             &c->value)))
        return st;
    if (!(c->value > 0)) {
        tw_yaml_found(found_node, w, sizeof w);
        return tw_yaml_fail(r, found_node, f, "expected a value > 0 in the world's money unit, "
                                              "found %s", w);
    }
    return TW_OK;
}

static tw_status parse_iceberg(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                               sc_change *c)
{
    c->instr = SC_ICEBERG;
    c->line = tw_yaml_line(n);
    c->col = tw_yaml_column(n);
    tw_status st = tw_yaml_number(r, n, field, "a trade-cost factor > 0 (1.2 = costs up 20%)",
                                  &c->value);
    if (st)
        return st;
    if (!(c->value > 0)) {
        char w[64];
        tw_yaml_found(n, w, sizeof w);
        return tw_yaml_fail(r, n, field, "expected a trade-cost factor > 0 (1.2 = costs up "
                                         "20%%), found %s", w);
    }
    return TW_OK;
}

/* An item of `tariffs` or `export_taxes`: selectors and a new level (set) or points (add). */
static tw_status read_levels(tw_yaml_reader *r, int list, yaml_node_t *item, const char *field,
                             sc_change *c)
{
    static const char *const keys[] = {"importers", "importer", "exporters", "exporter",
                                       "sectors",   "sector",   "set",       "add"};
    tw_status st;
    if ((st = tw_yaml_check_keys(r, item, field, keys, 8)) ||
        (st = parse_selectors(r, item, field, c, "goods")))
        return st;
    c->instr = list == LIST_TARIFFS ? SC_TARIFF : SC_EXPORT_TAX;
    yaml_node_t *set = tw_yaml_get(r, item, "set"), *add = tw_yaml_get(r, item, "add");
    if (set && add)
        return tw_yaml_fail(r, add, field, "give either a new level ('set') or an addition "
                                           "('add'), not both");
    if (!set && !add)
        return tw_yaml_fail(r, item, field, "expected 'set' (a new level) or 'add' (points to "
                                            "add), found neither");
    yaml_node_t *v = set ? set : add;
    char f[160];
    c->add = add != NULL;
    c->line = tw_yaml_line(v);
    c->col = tw_yaml_column(v);
    snprintf(f, sizeof f, "%s.%s", field, set ? "set" : "add");
    const char *what = set ? "a rate > -1 (0.25 or 25%)" : "points to add (0.10 or 10%)";
    if ((st = tw_yaml_rate(r, v, f, what, &c->value)) ||
        (st = tw_yaml_rate_warn_bare(r, v, f, c->value)))
        return st;
    if ((set && !(c->value > -1.0)) || fabs(c->value) > 1000.0) {
        char w[64];
        tw_yaml_found(v, w, sizeof w);
        return tw_yaml_fail(r, v, f, "expected %s and at most 1000 (100000%%), found %s", what,
                            w);
    }
    return TW_OK;
}

/* An item of `export_controls`: a ban, a quota with its rent, or a lift. */
static tw_status read_export_control(tw_yaml_reader *r, yaml_node_t *item, const char *field,
                                     sc_change *c)
{
    static const char *const keys[] = {"importers", "importer",  "exporters", "exporter",
                                       "sectors",   "sector",    "ban",       "lift",
                                       "cap",       "cap_value", "cut_value", "rent"};
    tw_status st;
    char f[160];
    if ((st = tw_yaml_check_keys(r, item, field, keys, 12)) ||
        (st = parse_selectors(r, item, field, c, "goods")))
        return st;
    int has_cap = 0, ban = 0, lift = 0;
    yaml_node_t *bn = tw_yaml_get(r, item, "ban"), *ln = tw_yaml_get(r, item, "lift");
    if (bn) {
        snprintf(f, sizeof f, "%s.ban", field);
        if ((st = tw_yaml_bool(r, bn, f, &ban)))
            return st;
        if (!ban)
            return tw_yaml_fail(r, bn, f, "expected true (to lift a ban, write 'lift: true'), "
                                          "found 'false'");
    }
    if (ln) {
        snprintf(f, sizeof f, "%s.lift", field);
        if ((st = tw_yaml_bool(r, ln, f, &lift)))
            return st;
        if (!lift)
            return tw_yaml_fail(r, ln, f, "expected true, found 'false'");
    }
    if ((st = parse_cap(r, item, field, c, &has_cap)) ||
        (st = parse_rent(r, item, field, TW_RENT_EXPORTER, &c->rent)))
        return st;
    if (ban + lift + has_cap != 1)
        return tw_yaml_fail(r, item, field, "expected exactly one of 'ban: true', 'lift: true', "
                                            "'cap', 'cap_value' or 'cut_value', found %d",
                            ban + lift + has_cap);
    if (ban || lift) {
        yaml_node_t *v = ban ? bn : ln;
        c->instr = ban ? SC_BAN : SC_LIFT;
        c->line = tw_yaml_line(v);
        c->col = tw_yaml_column(v);
    }
    return TW_OK;
}

/* An item of `barriers`: selectors (sectors default to all) and a trade-cost factor. */
static tw_status read_barrier(tw_yaml_reader *r, yaml_node_t *item, const char *field,
                              sc_change *c)
{
    static const char *const keys[] = {"importers", "importer", "exporters",  "exporter",
                                       "sectors",   "sector",   "iceberg_hat"};
    tw_status st;
    if ((st = tw_yaml_check_keys(r, item, field, keys, 7)) ||
        (st = parse_selectors(r, item, field, c, "all")))
        return st;
    yaml_node_t *v = tw_yaml_get(r, item, "iceberg_hat");
    if (!v)
        return tw_yaml_fail(r, item, field, "expected key 'iceberg_hat' (the factor on trade "
                                            "costs), found none");
    char f[160];
    snprintf(f, sizeof f, "%s.iceberg_hat", field);
    return parse_iceberg(r, v, f, c);
}

/* An item of `services`: a quota or a trade-cost factor on services sectors. */
static tw_status read_services(tw_yaml_reader *r, yaml_node_t *item, const char *field,
                               sc_change *c)
{
    static const char *const keys[] = {"importers", "importer",  "exporters",   "exporter",
                                       "sectors",   "sector",    "cap",         "cap_value",
                                       "cut_value", "iceberg_hat", "rent"};
    tw_status st;
    if ((st = tw_yaml_check_keys(r, item, field, keys, 11)) ||
        (st = parse_selectors(r, item, field, c, "services")))
        return st;
    int has_cap = 0;
    if ((st = parse_cap(r, item, field, c, &has_cap)) ||
        (st = parse_rent(r, item, field, TW_RENT_IMPORTER, &c->rent)))
        return st;
    yaml_node_t *v = tw_yaml_get(r, item, "iceberg_hat");
    if (has_cap && v)
        return tw_yaml_fail(r, v, field, "give either a cap or a cost (iceberg_hat), not both");
    if (!has_cap && !v)
        return tw_yaml_fail(r, item, field, "expected a cap ('cap', 'cap_value' or 'cut_value') "
                                            "or a cost ('iceberg_hat'), found neither");
    if (!v)
        return TW_OK;
    char f[160];
    snprintf(f, sizeof f, "%s.iceberg_hat", field);
    return parse_iceberg(r, v, f, c);
}

/* One item of instrument list `list`. */
static tw_status parse_change(tw_yaml_reader *r, int list, yaml_node_t *item, const char *field,
                              sc_change *c)
{
    if (item->type != YAML_MAPPING_NODE) {
        char w[64];
        tw_yaml_found(item, w, sizeof w);
        return tw_yaml_fail(r, item, field, "expected a mapping with importers, exporters, "
                                            "sectors and a value, found %s", w);
    }
    c->line = tw_yaml_line(item);
    c->col = tw_yaml_column(item);
    switch (list) {
    case LIST_TARIFFS:
    case LIST_EXPORT_TAXES: return read_levels(r, list, item, field, c);
    case LIST_EXPORT_CONTROLS: return read_export_control(r, item, field, c);
    case LIST_BARRIERS: return read_barrier(r, item, field, c);
    default: return read_services(r, item, field, c);
    }
}

/* A truce's expiry: branch names mapped to snap_back, permanent or {extend: DAYS}. */
static tw_status parse_outcomes(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                                sc_event *e)
{
    if (n->type != YAML_MAPPING_NODE ||
        n->data.mapping.pairs.start == n->data.mapping.pairs.top) {
        char w[64];
        tw_yaml_found(n, w, sizeof w);
        return tw_yaml_fail(r, n, field, "expected a mapping of branch names to outcomes "
                                         "(snap_back, permanent or extend: DAYS), found %s", w);
    }
    int count = (int)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    e->out = calloc((size_t)count, sizeof *e->out);
    if (!e->out)
        return tw_yaml_nomem(r->err);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = tw_yaml_node(r, p->key), *v = tw_yaml_node(r, p->value);
        const char *name = tw_yaml_scalar(k);
        char f[300];
        snprintf(f, sizeof f, "%s.%.60s", field, name ? name : "?");
        tw_status st = tw_yaml_want_scalar(r, k, field, "a branch name");
        if (st)
            return st;
        if (strlen(name) >= sizeof e->out[0].name || strcmp(name, "main") == 0)
            return tw_yaml_fail(r, k, f, "expected a branch name of 1 to 63 characters other "
                                         "than 'main', found '%.40s'", name);
        for (int q = 0; q < e->nout; q++)
            if (strcmp(e->out[q].name, name) == 0)
                return tw_yaml_fail(r, k, f, "duplicate branch name '%s'", name);
        sc_outcome *o = &e->out[e->nout];
        snprintf(o->name, sizeof o->name, "%s", name);
        o->line = tw_yaml_line(v);
        o->col = tw_yaml_column(v);
        const char *vs = tw_yaml_scalar(v);
        if (tw_name_equal(vs, "snap_back"))
            o->kind = SC_SNAP_BACK;
        else if (tw_name_equal(vs, "permanent"))
            o->kind = SC_PERMANENT;
        else if (v->type == YAML_MAPPING_NODE && tw_yaml_get(r, v, "extend") &&
                 v->data.mapping.pairs.top - v->data.mapping.pairs.start == 1) {
            o->kind = SC_EXTEND;
            char f2[320];
            snprintf(f2, sizeof f2, "%s.extend", f);
            if ((st = tw_yaml_days(r, tw_yaml_get(r, v, "extend"), f2, &o->days)))
                return st;
        } else {
            char w[64];
            tw_yaml_found(v, w, sizeof w);
            return tw_yaml_fail(r, v, f, "expected snap_back, permanent or {extend: DAYS}, found "
                                         "%s", w);
        }
        e->nout++;
    }
    return TW_OK;
}

/* A truce's `probabilities` (node n): one per expiry outcome, each in [0, 1], adding up to 1
 * (within 1e-9); stored in the outcomes. Without the key every outcome's is NAN. */
static tw_status parse_probabilities(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                                     sc_event *e)
{
    for (int q = 0; q < e->nout; q++)
        e->out[q].prob = NAN;
    if (!n)
        return TW_OK;
    if (n->type != YAML_MAPPING_NODE || !e->nout)
        return tw_yaml_fail(r, n, field, "expected a mapping from each expiry outcome (branch) "
                                         "to its probability%s",
                            e->nout ? "" : ", but the truce has no expiry outcomes");
    double sum = 0;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = tw_yaml_node(r, p->key), *v = tw_yaml_node(r, p->value);
        const char *name = tw_yaml_scalar(k);
        char f[300];
        snprintf(f, sizeof f, "%s.%.60s", field, name ? name : "?");
        int q = 0;
        while (name && q < e->nout && strcmp(e->out[q].name, name) != 0)
            q++;
        if (!name || q == e->nout)
            return tw_yaml_fail(r, k, f, "'%.40s' is not an expiry outcome of this truce",
                                name ? name : "?");
        if (!isnan(e->out[q].prob))
            return tw_yaml_fail(r, k, f, "probability of '%s' given twice", name);
        tw_status st = tw_yaml_rate(r, v, f, "a probability in [0, 1] (0.4 or 40%)",
                                    &e->out[q].prob);
        if (st)
            return st;
        if (!(e->out[q].prob >= 0 && e->out[q].prob <= 1))
            return tw_yaml_fail(r, v, f, "expected a probability in [0, 1], found %g",
                                e->out[q].prob);
        sum += e->out[q].prob;
    }
    for (int q = 0; q < e->nout; q++)
        if (isnan(e->out[q].prob))
            return tw_yaml_fail(r, n, field, "no probability for the outcome '%s'",
                                e->out[q].name);
    if (!(fabs(sum - 1.0) <= 1e-9))
        return tw_yaml_fail(r, n, field, "the probabilities add up to %.10g, not 1", sum);
    return TW_OK;
}

/* An event's `truce` (node t): how long the pause lasts and its expiry outcomes. nchanges is
 * how many changes the event lists (a truce pauses some). */
static tw_status read_truce(tw_yaml_reader *r, yaml_node_t *t, const char *field, int nchanges,
                            sc_event *e)
{
    char f[160], f2[200];
    snprintf(f, sizeof f, "%s.truce", field);
    if (t->type != YAML_MAPPING_NODE) {
        char w[64];
        tw_yaml_found(t, w, sizeof w);
        return tw_yaml_fail(r, t, f, "expected a mapping with 'days' and optionally 'expiry', "
                                     "found %s", w);
    }
    static const char *const tkeys[] = {"days", "expiry", "probabilities"};
    tw_status st;
    if ((st = tw_yaml_check_keys(r, t, f, tkeys, 3)))
        return st;
    yaml_node_t *dn = tw_yaml_get(r, t, "days"), *xn = tw_yaml_get(r, t, "expiry");
    if (!dn)
        return tw_yaml_fail(r, t, f, "expected key 'days' (how long the pause lasts), found "
                                     "none");
    snprintf(f2, sizeof f2, "%s.days", f);
    if ((st = tw_yaml_days(r, dn, f2, &e->truce_days)))
        return st;
    e->truce = 1;
    if (!nchanges)
        return tw_yaml_fail(r, t, f, "a truce pauses something: expected the event to list the "
                                     "changes of the pause, found none");
    yaml_node_t *pn = tw_yaml_get(r, t, "probabilities");
    if (xn) {
        snprintf(f2, sizeof f2, "%s.expiry", f);
        if ((st = parse_outcomes(r, xn, f2, e)))
            return st;
    }
    snprintf(f2, sizeof f2, "%s.probabilities", f);
    return parse_probabilities(r, pn, f2, e);
}

/* The instrument lists of event node n: each a non-empty list; their changes in list order. */
static tw_status read_changes(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                              sc_event *e)
{
    char f[160];
    int total = 0;
    for (int k = 0; k < N_LISTS; k++) {
        yaml_node_t *lst = tw_yaml_get(r, n, INSTR_KEYS[k]);
        if (!lst)
            continue;
        snprintf(f, sizeof f, "%s.%s", field, INSTR_KEYS[k]);
        if (lst->type != YAML_SEQUENCE_NODE ||
            lst->data.sequence.items.start == lst->data.sequence.items.top) {
            char w[64];
            tw_yaml_found(lst, w, sizeof w);
            return tw_yaml_fail(r, lst, f, "expected a non-empty list of changes, found %s",
                                lst->type == YAML_SEQUENCE_NODE ? "an empty list" : w);
        }
        total += (int)(lst->data.sequence.items.top - lst->data.sequence.items.start);
    }
    e->ch = calloc((size_t)(total ? total : 1), sizeof *e->ch);
    if (!e->ch)
        return tw_yaml_nomem(r->err);
    for (int k = 0; k < N_LISTS; k++) {
        yaml_node_t *lst = tw_yaml_get(r, n, INSTR_KEYS[k]);
        if (!lst)
            continue;
        int q = 0;
        for (yaml_node_item_t *it = lst->data.sequence.items.start;
             it < lst->data.sequence.items.top; it++, q++) {
            sc_change *c = &e->ch[e->nch++];
            snprintf(c->field, sizeof c->field, "%s.%s[%d]", field, INSTR_KEYS[k], q);
            tw_status st = parse_change(r, k, tw_yaml_node(r, *it), c->field, c);
            if (st)
                return st;
        }
    }
    return TW_OK;
}

tw_status tw_scenario_read_event(tw_yaml_reader *r, yaml_node_t *n, int index, sc_event *e)
{
    snprintf(e->field, sizeof e->field, "events[%d]", index);
    const char *field = e->field;
    e->line = tw_yaml_line(n);
    e->col = tw_yaml_column(n);
    if (n->type != YAML_MAPPING_NODE) {
        char w[64];
        tw_yaml_found(n, w, sizeof w);
        return tw_yaml_fail(r, n, field, "expected a mapping with date, label and changes, found "
                                         "%s", w);
    }
    static const char *const keys[] = {"date",    "label",        "branch",
                                       "tariffs", "export_taxes", "export_controls",
                                       "barriers", "services",    "truce",
                                       "game"};
    tw_status st = tw_yaml_check_keys(r, n, field, keys, 10);
    if (st)
        return st;
    char f[160];
    yaml_node_t *d = tw_yaml_get(r, n, "date"), *l = tw_yaml_get(r, n, "label");
    yaml_node_t *b = tw_yaml_get(r, n, "branch");
    if (!d)
        return tw_yaml_fail(r, n, field, "expected key 'date' (YYYY-MM-DD), found none");
    snprintf(f, sizeof f, "%s.date", field);
    if ((st = tw_yaml_date(r, d, f, &e->day, e->date)))
        return st;
    if (!l)
        return tw_yaml_fail(r, n, field, "expected key 'label' (what happened), found none");
    snprintf(f, sizeof f, "%s.label", field);
    if ((st = tw_yaml_dup_string(r, l, f, "a label", &e->label)))
        return st;
    if (b) {
        snprintf(f, sizeof f, "%s.branch", field);
        if ((st = tw_yaml_want_scalar(r, b, f, "a branch name")))
            return st;
        snprintf(e->branch, sizeof e->branch, "%s", tw_yaml_scalar(b));
        e->branch_line = tw_yaml_line(b);
        e->branch_col = tw_yaml_column(b);
    }
    if ((st = read_changes(r, n, field, e)))
        return st;
    yaml_node_t *gm = tw_yaml_get(r, n, "game");
    if (gm) {
        snprintf(f, sizeof f, "%s.game", field);
        if ((st = tw_scenario_read_game(r, gm, f, &e->game)))
            return st;
    }
    yaml_node_t *t = tw_yaml_get(r, n, "truce");
    if (t && gm) {
        snprintf(f, sizeof f, "%s.truce", field);
        return tw_yaml_fail(r, t, f, "a truce pauses listed changes and cannot hold a game: "
                                     "state the game in an event of its own");
    }
    if (t)
        return read_truce(r, t, field, e->nch, e);
    if (!e->nch && !gm)
        return tw_yaml_fail(r, n, field, "event changes nothing: expected at least one of "
                                         "tariffs, export_taxes, export_controls, barriers, "
                                         "services, game");
    return TW_OK;
}

/* Event k's branch must be an outcome of an earlier truce. */
static tw_status check_branch(tw_yaml_reader *r, const tw_scenario *s, int k)
{
    const sc_event *e = &s->events[k];
    for (int q = 0; q < k; q++)
        for (int o = 0; o < s->events[q].nout; o++)
            if (strcmp(s->events[q].out[o].name, e->branch) == 0)
                return TW_OK;
    char f[64];
    snprintf(f, sizeof f, "%s.branch", e->field);
    const char *near = NULL;
    for (int q = 0; q < k && !near; q++)
        for (int o = 0; o < s->events[q].nout && !near; o++) {
            char *one[1] = {s->events[q].out[o].name};
            near = tw_names_suggest(one, 1, e->branch);
        }
    if (near)
        return tw_fail(r->err, TW_ERR_INPUT, r->file, e->branch_line, e->branch_col, f,
                       "unknown branch '%.40s' (did you mean '%s'?)", e->branch, near);
    return tw_fail(r->err, TW_ERR_INPUT, r->file, e->branch_line, e->branch_col, f,
                   "unknown branch '%.40s': a branch is named by an earlier truce's expiry "
                   "outcomes",
                   e->branch);
}

tw_status tw_scenario_check_events(tw_yaml_reader *r, const tw_scenario *s)
{
    for (int k = 0; k < s->nevents; k++) {
        const sc_event *e = &s->events[k];
        char f[64];
        snprintf(f, sizeof f, "%s.date", e->field);
        if (e->day <= s->baseline_day)
            return tw_fail(r->err, TW_ERR_INPUT, r->file, e->line, e->col, f,
                           "expected a date after the baseline %s, found %s", s->baseline,
                           e->date);
        if (e->day > s->end_day)
            return tw_fail(r->err, TW_ERR_INPUT, r->file, e->line, e->col, f,
                           "the event (%s) is after the scenario's end", e->date);
        if (k > 0 && e->day < s->events[k - 1].day)
            return tw_fail(r->err, TW_ERR_INPUT, r->file, e->line, e->col, f,
                           "events out of order: %s comes after %s (%s); list events by date",
                           e->date, s->events[k - 1].field, s->events[k - 1].date);
        tw_status st;
        if (e->branch[0] && (st = check_branch(r, s, k)))
            return st;
    }
    return TW_OK;
}

void tw_scenario_event_clear(sc_event *e)
{
    free(e->label);
    for (int c = 0; c < e->nch; c++) {
        tw_yaml_names_free(&e->ch[c].imp);
        tw_yaml_names_free(&e->ch[c].exp);
        tw_yaml_names_free(&e->ch[c].sec);
    }
    free(e->ch);
    free(e->out);
    tw_scenario_game_clear(&e->game);
    memset(e, 0, sizeof *e);
}
