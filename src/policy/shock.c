/* SPDX-License-Identifier: MIT */
/* Reading shock files into a policy state. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "data/csv.h"
#include "model/model_internal.h"
#include "model/provenance.h"
#include "tradewar/shock.h"

enum { ALL = -1, GOODS = -2, SERVICES = -3 };

/* Resolves a key field to an index or a wildcard. */
static tw_status key(const tw_csv *csv, int col, const tw_world *w, int sector, int *out,
                     tw_error *err)
{
    const char *s = tw_csv_get(csv, col);
    if (strcmp(s, "*") == 0) {
        *out = ALL;
        return TW_OK;
    }
    int k = sector ? tw_world_sector_index(w, s) : tw_world_country_index(w, s);
    if (k >= 0) {
        *out = k;
        return TW_OK;
    }
    if (sector && strcmp(s, "goods") == 0) {
        *out = GOODS;
        return TW_OK;
    }
    if (sector && strcmp(s, "services") == 0) {
        *out = SERVICES;
        return TW_OK;
    }
    const char *what = sector ? "sector" : "country";
    if (!*s)
        return tw_csv_fail(csv, col, err, "expected a %s code or '*', found an empty field", what);
    char buf[200];
    const char *near = sector ? tw_world_sector_suggest_all(w, s, buf, sizeof buf)
                              : tw_world_country_suggest_all(w, s, buf, sizeof buf);
    if (near)
        return tw_csv_fail(csv, col, err, "unknown %s code '%.40s' (did you mean %s?)", what, s,
                           near);
    return tw_csv_fail(csv, col, err, "unknown %s code '%.40s' in world '%s'", what, s,
                       tw_world_name(w));
}

static int matches(int sel, int k, const tw_world *w, int sector)
{
    if (sel == ALL)
        return 1;
    if (sector && sel == GOODS)
        return tw_world_sector_is_goods(w, k);
    if (sector && sel == SERVICES)
        return !tw_world_sector_is_goods(w, k);
    return sel == k;
}

/* Remembers the keys seen, as text, to reject exact duplicates. */
typedef struct seen_keys {
    char **v;
    int n, cap;
} seen_keys;

static int seen_add(seen_keys *s, const char *a, const char *b, const char *c)
{
    size_t len = strlen(a) + strlen(b) + strlen(c) + 3;
    char *k = malloc(len);
    if (!k)
        return -1;
    snprintf(k, len, "%s\x1f%s\x1f%s", a, b, c);
    for (int q = 0; q < s->n; q++)
        if (strcmp(s->v[q], k) == 0) {
            free(k);
            return 1;
        }
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 32;
        char **nv = realloc(s->v, (size_t)cap * sizeof *nv);
        if (!nv) {
            free(k);
            return -1;
        }
        s->v = nv;
        s->cap = cap;
    }
    s->v[s->n++] = k;
    return 0;
}

static void seen_free(seen_keys *s)
{
    for (int q = 0; q < s->n; q++)
        free(s->v[q]);
    free(s->v);
}

/* A rate field: a fraction (0.25) or a percentage ("25%"). A bare number above 1 in
 * magnitude is taken as written (10 is 1000 points) with a warning into warn (may be NULL),
 * since "10%" was probably meant. */
static tw_status rate_field(const tw_csv *csv, int col, tw_warnings *warn, double *out,
                            tw_error *err)
{
    const char *s = tw_csv_get(csv, col);
    size_t len = strlen(s);
    if (len > 1 && s[len - 1] == '%' && len < 64) {
        char num[64], *end;
        memcpy(num, s, len - 1);
        num[len - 1] = '\0';
        double v = strtod(num, &end);
        if (end == num || *end || !isfinite(v) || strpbrk(num, "xXnNiIpP"))
            return tw_csv_fail(csv, col, err, "expected a number or a percentage, found '%.60s'",
                               s);
        *out = v / 100.0;
        return TW_OK;
    }
    tw_status st = tw_csv_number(csv, col, out, err);
    if (!st && warn && fabs(*out) > 1.0 &&
        tw_warnings_add(warn, tw_csv_path(csv), tw_csv_line(csv), tw_csv_col(csv, col),
                        tw_csv_header_name(csv, col),
                        "'%.40s' is taken as a fraction, %g%%: write '%g%%' to say so, or "
                        "'%.40s%%' for %.40s%%",
                        s, 100.0 * *out, 100.0 * *out, s, s))
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    return st;
}

static tw_status apply(const tw_model *m, tw_policy *p, tw_csv *csv, tw_warnings *warn,
                       tw_error *err)
{
    static const tw_csv_column cols[] = {
        {"importer", 1}, {"exporter", 1},    {"sector", 1},
        {"tariff", 0},   {"iceberg_hat", 0}, {"tariff_add", 0}};
    int ix[6];
    tw_status st = tw_csv_header(csv, cols, 6, ix, err);
    if (st)
        return st;
    if (ix[3] < 0 && ix[4] < 0 && ix[5] < 0)
        return tw_fail(err, TW_ERR_INPUT, tw_csv_path(csv), tw_csv_line(csv), 0, "header",
                       "missing column: a shock file needs at least one of 'tariff', "
                       "'tariff_add' and 'iceberg_hat'");
    const tw_world *w = m->w;
    tw_dims d = m->d;
    seen_keys seen = {0};
    int has, rows = 0;
    while (!(st = tw_csv_next(csv, &has, err)) && has) {
        int n, i, j;
        if ((st = key(csv, ix[0], w, 0, &n, err)) || (st = key(csv, ix[1], w, 0, &i, err)) ||
            (st = key(csv, ix[2], w, 1, &j, err)))
            break;
        if (n >= 0 && n == i) {
            st = tw_csv_fail(csv, ix[1], err,
                             "importer and exporter are both '%s': a country's sales to itself "
                             "carry no tariff",
                             tw_csv_get(csv, ix[0]));
            break;
        }
        int dup = seen_add(&seen, tw_csv_get(csv, ix[0]), tw_csv_get(csv, ix[1]),
                           tw_csv_get(csv, ix[2]));
        if (dup < 0) {
            st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            break;
        }
        if (dup) {
            st = tw_csv_fail(csv, ix[0], err,
                             "duplicate row: importer '%s', exporter '%s', sector '%s' was "
                             "already given above",
                             tw_csv_get(csv, ix[0]), tw_csv_get(csv, ix[1]),
                             tw_csv_get(csv, ix[2]));
            break;
        }
        const char *ts = tw_csv_get(csv, ix[3]), *gs = tw_csv_get(csv, ix[4]);
        const char *as = tw_csv_get(csv, ix[5]);
        double t = NAN, g = NAN, add = NAN;
        if (*ts && *as) {
            st = tw_csv_fail(csv, ix[5], err,
                             "give either a new tariff level or an addition to it, not both");
            break;
        }
        if (*as) {
            if ((st = rate_field(csv, ix[5], warn, &add, err)))
                break;
            if (!(add > -1.0) || add > 1000.0) {
                st = tw_csv_fail(csv, ix[5], err,
                                 "expected an addition to the tariff as a fraction > -1 and "
                                 "<= 1000 (0.10 = 10 points), found '%s'",
                                 as);
                break;
            }
        }
        if (*ts) {
            if ((st = rate_field(csv, ix[3], warn, &t, err)))
                break;
            if (!(t > -1.0) || t > 1000.0) {
                st = tw_csv_fail(csv, ix[3], err,
                                 "expected a tariff level as a fraction > -1 and <= 1000 "
                                 "(0.25 = 25%%), found '%s'",
                                 ts);
                break;
            }
        }
        if (*gs) {
            if (strcmp(gs, "inf") == 0)
                g = INFINITY;
            else if ((st = tw_csv_number(csv, ix[4], &g, err)))
                break;
            else if (!(g > 0.0)) {
                st = tw_csv_fail(csv, ix[4], err,
                                 "expected a change in trade costs > 0 (1 = unchanged, inf = "
                                 "embargo), found '%s'",
                                 gs);
                break;
            }
        }
        if (isnan(t) && isnan(g) && isnan(add)) {
            int first = ix[3] >= 0 ? ix[3] : ix[5] >= 0 ? ix[5] : ix[4];
            st = tw_csv_fail(csv, first, err, "row changes nothing: expected %s%s%s",
                             ix[3] >= 0 ? "a tariff" : "",
                             ix[5] >= 0 ? (ix[3] >= 0 ? ", a tariff_add" : "a tariff_add") : "",
                             ix[4] >= 0 ? (ix[3] >= 0 || ix[5] >= 0 ? " or an iceberg_hat"
                                                                   : "an iceberg_hat")
                                        : "");
            break;
        }
        /* Where this row's entries come from, for errors found at solve time. */
        int tcol = !isnan(add) ? ix[5] : ix[3];
        int tsrc = isnan(t) && isnan(add)
                       ? 0
                       : tw_provenance_source(p, tw_csv_path(csv), tw_csv_line(csv),
                                              tw_csv_col(csv, tcol),
                                              tw_csv_header_name(csv, tcol));
        int gsrc = isnan(g) ? 0
                            : tw_provenance_source(p, tw_csv_path(csv), tw_csv_line(csv),
                                                   tw_csv_col(csv, ix[4]), "iceberg_hat");
        if (tsrc < 0 || gsrc < 0) {
            st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            break;
        }
        for (int jj = 0; jj < d.j; jj++) {
            if (!matches(j, jj, w, 1))
                continue;
            for (int nn = 0; nn < d.n; nn++) {
                if (!matches(n, nn, w, 0))
                    continue;
                for (int ii = 0; ii < d.n; ii++) {
                    if (ii == nn || !matches(i, ii, w, 0))
                        continue;
                    size_t at = tw_ix_nij(d, nn, ii, jj);
                    if (!isnan(t))
                        p->tariff[at] = t;
                    if (!isnan(add)) {
                        p->tariff[at] += add;
                        if (!(p->tariff[at] > -1.0)) {
                            st = tw_csv_fail(csv, ix[5], err,
                                             "adding %s to the tariff of %s on %s, sector %s "
                                             "takes it to %g, below -1",
                                             as, w->country_code[nn], w->country_code[ii],
                                             w->sector_code[jj], p->tariff[at]);
                            goto done;
                        }
                    }
                    if (!isnan(g)) {
                        p->iceberg[at] = g;
                        tw_policy_mark(p, TW_POLICY_ICEBERG);
                    }
                    if (((!isnan(t) || !isnan(add)) &&
                         tw_provenance_mark(p, TW_PROV_TARIFF, at, tsrc)) ||
                        (!isnan(g) && tw_provenance_mark(p, TW_PROV_ICEBERG, at, gsrc))) {
                        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
                        goto done;
                    }
                }
            }
        }
        rows++;
    }
done:
    seen_free(&seen);
    if (!st && rows == 0)
        st = tw_fail(err, TW_ERR_INPUT, tw_csv_path(csv), 1, 0, NULL,
                     "no rows: a shock file needs at least one change");
    return st;
}

tw_status tw_shock_apply_file(const tw_model *m, tw_policy *p, const char *path, tw_error *err)
{
    return tw_shock_apply_file_warn(m, p, path, NULL, err);
}

tw_status tw_shock_apply_file_warn(const tw_model *m, tw_policy *p, const char *path,
                                   tw_warnings *warnings, tw_error *err)
{
    tw_error_clear(err);
    tw_csv *csv;
    tw_status st = tw_csv_open(path, &csv, err);
    if (st)
        return st;
    st = apply(m, p, csv, warnings, err);
    tw_csv_close(csv);
    return st;
}

tw_status tw_shock_apply_buffer(const tw_model *m, tw_policy *p, const char *name,
                                const char *data, size_t len, tw_error *err)
{
    return tw_shock_apply_buffer_warn(m, p, name, data, len, NULL, err);
}

tw_status tw_shock_apply_buffer_warn(const tw_model *m, tw_policy *p, const char *name,
                                     const char *data, size_t len, tw_warnings *warnings,
                                     tw_error *err)
{
    tw_error_clear(err);
    tw_csv *csv;
    tw_status st = tw_csv_open_buffer(name, data, len, &csv, err);
    if (st)
        return st;
    st = apply(m, p, csv, warnings, err);
    tw_csv_close(csv);
    return st;
}
