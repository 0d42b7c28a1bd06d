/* SPDX-License-Identifier: MIT */
/* Generic helpers for reading a loaded YAML document (src/policy/yaml_read.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/spelling.h"
#include "data/names.h"
#include "policy/yaml_read.h"

tw_status tw_yaml_fail(tw_yaml_reader *r, const yaml_node_t *node, const char *field,
                       const char *fmt, ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line = node ? tw_yaml_line(node) : 0;
    int col = node ? tw_yaml_column(node) : 0;
    return tw_fail(r->err, TW_ERR_INPUT, r->file, line, col, field, "%s", msg);
}

tw_status tw_yaml_nomem(tw_error *err)
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

void tw_yaml_found(const yaml_node_t *n, char *buf, size_t size)
{
    if (n->type == YAML_SCALAR_NODE)
        snprintf(buf, size, "'%.40s'", (const char *)n->data.scalar.value);
    else
        snprintf(buf, size, "%s", kind_name(n));
}

yaml_node_t *tw_yaml_node(tw_yaml_reader *r, int id) { return yaml_document_get_node(r->doc, id); }

const char *tw_yaml_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

int tw_yaml_line(const yaml_node_t *n) { return (int)n->start_mark.line + 1; }
int tw_yaml_column(const yaml_node_t *n) { return (int)n->start_mark.column + 1; }

tw_status tw_yaml_check_keys(tw_yaml_reader *r, yaml_node_t *map, const char *field,
                             const char *const *keys, int nkeys)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = tw_yaml_node(r, p->key);
        const char *ks = tw_yaml_scalar(k);
        char f[160];
        if (!ks) {
            char what[64];
            tw_yaml_found(k, what, sizeof what);
            return tw_yaml_fail(r, k, field, "expected a key name, found %s", what);
        }
        int known = tw_name_find(keys, nkeys, ks) >= 0; /* best-response = best_response */
        snprintf(f, sizeof f, "%s%s%s", field, *field ? "." : "", ks);
        if (!known) {
            char buf[200];
            const char *near =
                tw_names_suggest_all((char *const *)keys, nkeys, ks, buf, sizeof buf);
            char list[400] = "";
            for (int q = 0; q < nkeys; q++) {
                strncat(list, keys[q], sizeof list - strlen(list) - 1);
                if (q + 1 < nkeys)
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
            }
            if (near)
                return tw_yaml_fail(r, k, f, "unknown key '%.40s' (did you mean %s?)", ks,
                                    near);
            return tw_yaml_fail(r, k, f, "unknown key '%.40s'; expected one of: %s", ks, list);
        }
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
            const char *qs = tw_yaml_scalar(tw_yaml_node(r, q->key));
            if (tw_name_equal(qs, ks))
                return tw_yaml_fail(r, k, f, "duplicate key '%s': it was already given above",
                                    ks);
        }
    }
    return TW_OK;
}

yaml_node_t *tw_yaml_get(tw_yaml_reader *r, yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        if (tw_name_equal(tw_yaml_scalar(tw_yaml_node(r, p->key)), key))
            return tw_yaml_node(r, p->value);
    }
    return NULL;
}

yaml_node_t *tw_yaml_get2(tw_yaml_reader *r, yaml_node_t *map, const char *plural,
                          const char *single)
{
    yaml_node_t *n = tw_yaml_get(r, map, plural);
    return n ? n : tw_yaml_get(r, map, single);
}

tw_status tw_yaml_want_scalar(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                              const char *what)
{
    if (n->type == YAML_SCALAR_NODE && n->data.scalar.length > 0)
        return TW_OK;
    char f[64];
    tw_yaml_found(n, f, sizeof f);
    return tw_yaml_fail(r, n, field, "expected %s, found %s", what,
                        n->type == YAML_SCALAR_NODE ? "an empty value" : f);
}

tw_status tw_yaml_dup_string(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                             const char *what, char **out)
{
    tw_status st = tw_yaml_want_scalar(r, n, field, what);
    if (st)
        return st;
    free(*out);
    *out = strdup(tw_yaml_scalar(n));
    return *out ? TW_OK : tw_yaml_nomem(r->err);
}

tw_status tw_yaml_rate(tw_yaml_reader *r, yaml_node_t *n, const char *field, const char *what,
                       double *out)
{
    const char *s = tw_yaml_scalar(n);
    char f[64];
    tw_yaml_found(n, f, sizeof f);
    if (!s || !*s)
        return tw_yaml_fail(r, n, field, "expected %s, found %s", what,
                            s ? "an empty value" : f);
    char *end;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (*end == '%') {
        v /= 100.0;
        end++;
    }
    if (end == s || *end || !isfinite(v))
        return tw_yaml_fail(r, n, field, "expected %s, found %s", what, f);
    *out = v;
    return TW_OK;
}

tw_status tw_yaml_rate_warn_bare(tw_yaml_reader *r, yaml_node_t *n, const char *field, double v)
{
    const char *s = tw_yaml_scalar(n);
    if (!r->warn || !s || strchr(s, '%') || !(fabs(v) > 1.0))
        return TW_OK;
    if (!*r->warn && !(*r->warn = tw_warnings_create()))
        return tw_yaml_nomem(r->err);
    if (tw_warnings_add(*r->warn, r->file, tw_yaml_line(n), tw_yaml_column(n), field,
                        "'%.40s' is taken as a fraction, %g%%: write '%g%%' to say so, or "
                        "'%.40s%%' for %.40s%%",
                        s, 100.0 * v, 100.0 * v, s, s))
        return tw_yaml_nomem(r->err);
    return TW_OK;
}

tw_status tw_yaml_number(tw_yaml_reader *r, yaml_node_t *n, const char *field,
                         const char *what, double *out)
{
    const char *s = tw_yaml_scalar(n);
    char f[64];
    tw_yaml_found(n, f, sizeof f);
    char *end = NULL;
    double v = s ? strtod(s, &end) : NAN;
    if (!s || !*s || *end || !isfinite(v))
        return tw_yaml_fail(r, n, field, "expected %s, found %s", what, f);
    *out = v;
    return TW_OK;
}

tw_status tw_yaml_days(tw_yaml_reader *r, yaml_node_t *n, const char *field, int *out)
{
    double v;
    tw_status st = tw_yaml_number(r, n, field, "a whole number of days (1 to 36500)", &v);
    if (st)
        return st;
    if (v != floor(v) || v < 1 || v > 36500) {
        char f[64];
        tw_yaml_found(n, f, sizeof f);
        return tw_yaml_fail(r, n, field, "expected a whole number of days (1 to 36500), found %s",
                            f);
    }
    *out = (int)v;
    return TW_OK;
}

tw_status tw_yaml_bool(tw_yaml_reader *r, yaml_node_t *n, const char *field, int *out)
{
    const char *s = tw_yaml_scalar(n);
    if (tw_name_equal(s, "true") || tw_name_equal(s, "yes")) {
        *out = 1;
        return TW_OK;
    }
    if (tw_name_equal(s, "false") || tw_name_equal(s, "no")) {
        *out = 0;
        return TW_OK;
    }
    char f[64];
    tw_yaml_found(n, f, sizeof f);
    return tw_yaml_fail(r, n, field, "expected true or false, found %s", f);
}

tw_status tw_yaml_date(tw_yaml_reader *r, yaml_node_t *n, const char *field, int *day,
                       char out[11])
{
    const char *s = tw_yaml_scalar(n);
    if (!s || tw_date_parse(s, day) || *day < tw_date_from_civil(1900, 1, 1) ||
        *day > tw_date_from_civil(2200, 12, 31)) {
        char f[64];
        tw_yaml_found(n, f, sizeof f);
        return tw_yaml_fail(r, n, field,
                            "expected a date YYYY-MM-DD between 1900 and 2200, found %s", f);
    }
    tw_date_format(*day, out, 11);
    return TW_OK;
}

void tw_yaml_names_free(sc_names *v)
{
    for (int k = 0; k < v->n; k++)
        free(v->v[k]);
    free(v->v);
    free(v->line);
    free(v->col);
    memset(v, 0, sizeof *v);
}

static tw_status names_add(tw_yaml_reader *r, sc_names *v, yaml_node_t *n)
{
    char **nv = realloc(v->v, (size_t)(v->n + 1) * sizeof *nv);
    if (!nv)
        return tw_yaml_nomem(r->err);
    v->v = nv;
    int *nl = realloc(v->line, (size_t)(v->n + 1) * sizeof *nl);
    if (!nl)
        return tw_yaml_nomem(r->err);
    v->line = nl;
    int *nc = realloc(v->col, (size_t)(v->n + 1) * sizeof *nc);
    if (!nc)
        return tw_yaml_nomem(r->err);
    v->col = nc;
    v->v[v->n] = strdup(tw_yaml_scalar(n));
    if (!v->v[v->n])
        return tw_yaml_nomem(r->err);
    v->line[v->n] = tw_yaml_line(n);
    v->col[v->n] = tw_yaml_column(n);
    v->n++;
    return TW_OK;
}

tw_status tw_yaml_names(tw_yaml_reader *r, yaml_node_t *n, const char *field, const char *what,
                        sc_names *out)
{
    tw_yaml_names_free(out);
    if (n->type == YAML_SCALAR_NODE) {
        tw_status st = tw_yaml_want_scalar(r, n, field, what);
        return st ? st : names_add(r, out, n);
    }
    if (n->type != YAML_SEQUENCE_NODE ||
        n->data.sequence.items.start == n->data.sequence.items.top) {
        char f[64];
        tw_yaml_found(n, f, sizeof f);
        return tw_yaml_fail(r, n, field, "expected %s or a non-empty list of them, found %s", what,
                            n->type == YAML_SEQUENCE_NODE ? "an empty list" : f);
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *e = tw_yaml_node(r, *it);
        tw_status st = tw_yaml_want_scalar(r, e, field, what);
        if (st || (st = names_add(r, out, e)))
            return st;
    }
    return TW_OK;
}
