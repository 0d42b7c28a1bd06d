/* SPDX-License-Identifier: MIT */
/* Loading a world directory (docs/data-format.md): parse, validate, derive the model's
 * baseline parameters (trade shares come later, in the model layer). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "data/cache.h"
#include "data/csv.h"
#include "data/horizon.h"
#include "data/names.h"
#include "data/nests.h"
#include "data/blocks.h"
#include "data/world_internal.h"

#define DEFAULT_SHARE_TOL 1e-4

static void free_strings(char **v, int n)
{
    if (!v)
        return;
    for (int k = 0; k < n; k++)
        free(v[k]);
    free(v);
}

void tw_world_free(tw_world *w)
{
    if (!w)
        return;
    free(w->name);
    free(w->unit);
    free(w->description);
    free(w->elasticity_set);
    free(w->default_set);
    free_strings(w->country_code, w->d.n);
    free_strings(w->country_name, w->d.n);
    free_strings(w->sector_code, w->d.j);
    free_strings(w->sector_name, w->d.j);
    free_strings(w->set_name, w->nsets);
    free(w->goods);
    free(w->theta);
    free(w->set_theta);
    tw_codemap_free(&w->country_map);
    tw_codemap_free(&w->sector_map);
    free(w->flow);
    free(w->tariff);
    free(w->va);
    free(w->io);
    free(w->alpha);
    free(w->absorption);
    free(w->output);
    free(w->wl);
    free(w->deficit);
    free(w->in_sigma);
    free(w->in_nest);
    free(w->parent);
    tw_world_horizon_free(w);
    tw_world_blocks_free(w);
    free(w);
}

static void join_path(const tw_world *w, char *out, size_t size, const char *dir,
                      const char *file)
{
    tw_csv_join(w->texts, out, size, dir, file);
}

/* Opens dir/file and reads its header. *csv stays NULL (and TW_OK is returned) when an optional
 * file is absent. */
static tw_status open_table(const tw_world *w, const char *dir, const char *file, int required,
                            const tw_csv_column *cols, int ncols, int *index, tw_csv **csv,
                            tw_error *err)
{
    char path[1024];
    join_path(w, path, sizeof path, dir, file);
    *csv = NULL;
    struct stat sb;
    if (!w->texts && stat(path, &sb) == 0 &&
        !S_ISREG(sb.st_mode)) /* there, but not a file */
        return tw_fail(err, TW_ERR_IO, path, 0, 0, NULL,
                       "%s is %s, not a file (docs/data-format.md)", file,
                       S_ISDIR(sb.st_mode) ? "a directory" : "a special file");
    if (!tw_csv_exists(w->texts, path)) {
        if (!required)
            return TW_OK;
        return tw_fail(err, TW_ERR_IO, path, 0, 0, NULL,
                       "missing file: a world directory needs %s (docs/data-format.md)", file);
    }
    tw_status st = tw_csv_open_in(w->texts, path, csv, err);
    if (st)
        return st;
    st = tw_csv_header(*csv, cols, ncols, index, err);
    if (st) {
        tw_csv_close(*csv);
        *csv = NULL;
    }
    return st;
}

static tw_status lookup(const tw_csv *csv, int col, const tw_codemap *map, int n,
                        const char *what, int *out, tw_error *err)
{
    char *const *codes = map->codes;
    const char *code = tw_csv_get(csv, col);
    int k = tw_codemap_find(map, code);
    if (k >= 0) {
        *out = k;
        return TW_OK;
    }
    if (!*code)
        return tw_csv_fail(csv, col, err, "expected a %s code, found an empty field", what);
    char buf[200];
    const char *near = tw_names_suggest_all(codes, n, code, buf, sizeof buf);
    if (near)
        return tw_csv_fail(csv, col, err, "unknown %s code '%.40s' (did you mean %s?)", what,
                           code, near);
    return tw_csv_fail(csv, col, err, "unknown %s code '%.40s'", what, code);
}

static tw_status read_meta(tw_world *w, const char *dir, tw_error *err)
{
    static const tw_csv_column cols[] = {{"key", 1}, {"value", 1}};
    int ix[2];
    tw_csv *csv;
    tw_status st = open_table(w, dir, "world.csv", 0, cols, 2, ix, &csv, err);
    if (st || !csv)
        return st;
    int has;
    while (!(st = tw_csv_next(csv, &has, err)) && has) {
        const char *key = tw_csv_get(csv, ix[0]), *val = tw_csv_get(csv, ix[1]);
        char **slot = NULL;
        if (strcmp(key, "name") == 0)
            slot = &w->name;
        else if (strcmp(key, "unit") == 0)
            slot = &w->unit;
        else if (strcmp(key, "description") == 0)
            slot = &w->description;
        else if (strcmp(key, "elasticities") == 0)
            slot = &w->default_set;
        else if (strcmp(key, "year") == 0) {
            char *end;
            long y = strtol(val, &end, 10);
            if (*end || end == val || y < 1000 || y > 3000) {
                st = tw_csv_fail(csv, ix[1], err, "expected a four-digit year, found '%.40s'",
                                 val);
                break;
            }
            w->year = (int)y;
            continue;
        } else {
            st = tw_csv_fail(csv, ix[0], err,
                             "unknown key '%.40s': expected name, year, unit, description or "
                             "elasticities",
                             key);
            break;
        }
        free(*slot);
        if (!(*slot = strdup(val))) {
            st = tw_fail(err, TW_ERR_NOMEM, tw_csv_path(csv), 0, 0, NULL, "out of memory");
            break;
        }
    }
    tw_csv_close(csv);
    return st;
}

/* Reads a code,name table (countries.csv or sectors.csv). */
static tw_status read_codes(const char *dir, const char *file, int is_sector, tw_world *w,
                            tw_error *err)
{
    static const tw_csv_column ccols[] = {{"code", 1}, {"name", 1}};
    static const tw_csv_column scols[] = {{"code", 1}, {"name", 1}, {"theta", 1}, {"goods", 0}};
    int ix[4];
    tw_csv *csv;
    tw_status st = open_table(w, dir, file, 1, is_sector ? scols : ccols, is_sector ? 4 : 2, ix,
                              &csv, err);
    if (st)
        return st;
    int cap = 0, n = 0, has;
    char **code = NULL, **name = NULL;
    double *theta = NULL;
    int *goods = NULL;
    while (!(st = tw_csv_next(csv, &has, err)) && has) {
        const char *c = tw_csv_get(csv, ix[0]);
        if (tw_names_group(c)) {
            st = tw_csv_fail(csv, ix[0], err,
                             "'%s' is the name of a built-in group of %s in shock files and "
                             "scenarios (*, all, goods, services, EU27): a %s code must differ "
                             "from them",
                             c, strcmp(c, "EU27") == 0 ? "countries"
                                : (strcmp(c, "goods") == 0 || strcmp(c, "services") == 0)
                                    ? "sectors"
                                    : "countries or sectors",
                             is_sector ? "sector" : "country");
            break;
        }
        if (!tw_names_valid(c)) {
            st = tw_csv_fail(csv, ix[0], err,
                             "expected a code of 1-16 letters, digits, '_' or '-', found '%.40s'",
                             c);
            break;
        }
        if (n && tw_names_find(code, n, c) >= 0) {
            st = tw_csv_fail(csv, ix[0], err, "code '%s' is listed twice", c);
            break;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **nc = realloc(code, (size_t)cap * sizeof *nc);
            if (nc)
                code = nc;
            char **nn = realloc(name, (size_t)cap * sizeof *nn);
            if (nn)
                name = nn;
            double *nt = realloc(theta, (size_t)cap * sizeof *nt);
            if (nt)
                theta = nt;
            int *ng = realloc(goods, (size_t)cap * sizeof *ng);
            if (ng)
                goods = ng;
            if (!nc || !nn || !nt || !ng) {
                st = tw_fail(err, TW_ERR_NOMEM, file, 0, 0, NULL, "out of memory");
                break;
            }
        }
        code[n] = strdup(c);
        name[n] = strdup(tw_csv_get(csv, ix[1]));
        theta[n] = 0;
        goods[n] = 1;
        n++;
        if (!code[n - 1] || !name[n - 1]) {
            st = tw_fail(err, TW_ERR_NOMEM, file, 0, 0, NULL, "out of memory");
            break;
        }
        if (is_sector) {
            double t;
            if ((st = tw_csv_number(csv, ix[2], &t, err)))
                break;
            if (!(t > 0) || t > 1000) {
                st = tw_csv_fail(csv, ix[2], err,
                                 "expected a trade elasticity > 0 and <= 1000, found '%s'",
                                 tw_csv_get(csv, ix[2]));
                break;
            }
            theta[n - 1] = t;
            if (ix[3] >= 0) {
                const char *g = tw_csv_get(csv, ix[3]);
                if (strcmp(g, "1") == 0)
                    goods[n - 1] = 1;
                else if (strcmp(g, "0") == 0)
                    goods[n - 1] = 0;
                else {
                    st = tw_csv_fail(csv, ix[3], err, "expected 1 (goods) or 0 (services), "
                                                      "found '%.40s'", g);
                    break;
                }
            }
        }
    }
    if (!st && n == 0)
        st = tw_fail(err, TW_ERR_INPUT, tw_csv_path(csv), 2, 0, NULL,
                     "no rows: a world needs at least one %s", is_sector ? "sector" : "country");
    tw_csv_close(csv);
    if (is_sector) {
        w->sector_code = code;
        w->sector_name = name;
        w->theta = theta;
        w->goods = goods;
        w->d.j = n;
    } else {
        w->country_code = code;
        w->country_name = name;
        free(theta);
        free(goods);
        w->d.n = n;
    }
    return st;
}

static tw_status read_elasticities(const char *dir, const char *want, tw_world *w, tw_error *err)
{
    static const tw_csv_column cols[] = {{"set", 1}, {"sector", 1}, {"theta", 1}};
    int ix[3];
    tw_csv *csv;
    char path[1024];
    join_path(w, path, sizeof path, dir, "elasticities.csv");
    tw_status st = open_table(w, dir, "elasticities.csv", 0, cols, 3, ix, &csv, err);
    if (st)
        return st;
    int J = w->d.j;
    if (csv) {
        int has;
        unsigned char *seen = NULL;
        while (!(st = tw_csv_next(csv, &has, err)) && has) {
            const char *set = tw_csv_get(csv, ix[0]);
            if (!tw_names_valid(set)) {
                st = tw_csv_fail(csv, ix[0], err, "expected a set name of 1-16 letters, digits, "
                                                  "'_' or '-', found '%.40s'", set);
                break;
            }
            int s = w->nsets ? tw_names_find(w->set_name, w->nsets, set) : -1;
            if (s < 0) {
                char **nn = realloc(w->set_name, (size_t)(w->nsets + 1) * sizeof *nn);
                double *nt = nn ? realloc(w->set_theta, (size_t)(w->nsets + 1) * (size_t)J *
                                                            sizeof *nt)
                                : NULL;
                unsigned char *ns = nt ? realloc(seen, (size_t)(w->nsets + 1) * (size_t)J) : NULL;
                if (nn)
                    w->set_name = nn;
                if (nt)
                    w->set_theta = nt;
                if (ns)
                    seen = ns;
                if (!ns) {
                    st = tw_fail(err, TW_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
                    break;
                }
                s = w->nsets++;
                w->set_name[s] = strdup(set);
                memset(seen + tw_world_set_ix(w->d, s, 0), 0, (size_t)J);
                if (!w->set_name[s]) {
                    st = tw_fail(err, TW_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
                    break;
                }
            }
            int j;
            if ((st = lookup(csv, ix[1], &w->sector_map, J, "sector", &j, err)))
                break;
            double t;
            if ((st = tw_csv_number(csv, ix[2], &t, err)))
                break;
            if (!(t > 0) || t > 1000) {
                st = tw_csv_fail(csv, ix[2], err, "expected a trade elasticity > 0 and <= 1000, "
                                                  "found '%s'", tw_csv_get(csv, ix[2]));
                break;
            }
            if (seen[tw_world_set_ix(w->d, s, j)]) {
                st = tw_csv_fail(csv, ix[1], err, "set '%s' gives sector '%s' twice", set,
                                 w->sector_code[j]);
                break;
            }
            seen[tw_world_set_ix(w->d, s, j)] = 1;
            w->set_theta[tw_world_set_ix(w->d, s, j)] = t;
        }
        for (int s = 0; !st && s < w->nsets; s++)
            for (int j = 0; j < J; j++)
                if (!seen[tw_world_set_ix(w->d, s, j)]) {
                    st = tw_fail(err, TW_ERR_INPUT, path, 0, 0, "sector",
                                 "set '%s' has no theta for sector '%s'", w->set_name[s],
                                 w->sector_code[j]);
                    break;
                }
        free(seen);
        tw_csv_close(csv);
        if (st)
            return st;
    }
    if (want && *want) {
        int s = w->nsets ? tw_names_find(w->set_name, w->nsets, want) : -1;
        if (s < 0) {
            char list[512] = "";
            size_t used = 0;
            for (int k = 0; k < w->nsets && used < sizeof list; k++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "",
                                         w->set_name[k]);
            return tw_fail(err, TW_ERR_INPUT, path, 0, 0, "elasticities",
                           "unknown trade-elasticity set '%s': this world has %s", want,
                           w->nsets ? list : "none (no elasticities.csv)");
        }
        memcpy(w->theta, w->set_theta + tw_world_set_ix(w->d, s, 0), (size_t)J * sizeof(double));
        w->elasticity_set = strdup(want);
    } else {
        w->elasticity_set = strdup(w->default_set ? w->default_set : "sectors.csv");
    }
    if (!w->elasticity_set)
        return tw_fail(err, TW_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
    return TW_OK;
}

/* Reads a long table keyed by (country or pair) x sector(s) into dst, rejecting duplicates.
 * kind: 0 flows (exporter,importer,sector,value), 1 tariffs (importer,exporter,sector,rate),
 * 2 value added (country,sector,share), 3 io (country,input_sector,using_sector,share),
 * 4 final demand (country,sector,share). *present reports whether the file existed. */
static tw_status read_long(const char *dir, int kind, tw_world *w, double *dst, int *present,
                           tw_error *err)
{
    static const tw_csv_column c_flow[] = {
        {"exporter", 1}, {"importer", 1}, {"sector", 1}, {"value", 1}};
    static const tw_csv_column c_tariff[] = {
        {"importer", 1}, {"exporter", 1}, {"sector", 1}, {"rate", 1}};
    static const tw_csv_column c_share[] = {{"country", 1}, {"sector", 1}, {"share", 1}};
    static const tw_csv_column c_io[] = {
        {"country", 1}, {"input_sector", 1}, {"using_sector", 1}, {"share", 1}};
    static const char *const files[] = {"flows.csv", "tariffs.csv", "value_added.csv", "io.csv",
                                        "final_demand.csv"};
    const tw_csv_column *cols = kind == 0 ? c_flow : kind == 1 ? c_tariff : kind == 3 ? c_io
                                                                                    : c_share;
    int ncols = (kind == 2 || kind == 4) ? 3 : 4;
    int ix[4];
    tw_csv *csv;
    tw_status st = open_table(w, dir, files[kind], kind == 0, cols, ncols, ix, &csv, err);
    *present = csv != NULL;
    if (st || !csv)
        return st;
    tw_dims d = w->d;
    size_t nj = (size_t)d.n * (size_t)d.j;
    size_t size = kind <= 1 ? nj * (size_t)d.n : kind == 3 ? nj * (size_t)d.j : nj;
    unsigned char *seen = calloc(size, 1);
    if (!seen) {
        tw_csv_close(csv);
        return tw_fail(err, TW_ERR_NOMEM, files[kind], 0, 0, NULL, "out of memory");
    }
    int has;
    while (!(st = tw_csv_next(csv, &has, err)) && has) {
        int a, b, s, vcol = ix[ncols - 1];
        size_t at;
        if (kind <= 1) {
            /* flows: a = exporter, b = importer; tariffs: a = importer, b = exporter */
            if ((st = lookup(csv, ix[0], &w->country_map, d.n, "country", &a, err)) ||
                (st = lookup(csv, ix[1], &w->country_map, d.n, "country", &b, err)) ||
                (st = lookup(csv, ix[2], &w->sector_map, d.j, "sector", &s, err)))
                break;
            at = kind == 0 ? tw_ix_nij(d, b, a, s) : tw_ix_nij(d, a, b, s);
        } else if (kind == 3) {
            if ((st = lookup(csv, ix[0], &w->country_map, d.n, "country", &a, err)) ||
                (st = lookup(csv, ix[1], &w->sector_map, d.j, "sector", &b, err)) ||
                (st = lookup(csv, ix[2], &w->sector_map, d.j, "sector", &s, err)))
                break;
            at = tw_ix_nkj(d, a, b, s);
        } else {
            if ((st = lookup(csv, ix[0], &w->country_map, d.n, "country", &a, err)) ||
                (st = lookup(csv, ix[1], &w->sector_map, d.j, "sector", &s, err)))
                break;
            at = tw_ix_nj(d, a, s);
            b = -1;
        }
        if (seen[at]) {
            st = tw_csv_fail(csv, ix[0], err, "duplicate row: this key was already given above");
            break;
        }
        seen[at] = 1;
        double v;
        if ((st = tw_csv_number(csv, vcol, &v, err)))
            break;
        const char *raw = tw_csv_get(csv, vcol);
        if (kind == 1) {
            if (!(v > -1.0)) {
                st = tw_csv_fail(csv, vcol, err, "expected a tariff rate > -1 (-100%%), "
                                                 "found '%s'", raw);
                break;
            }
            if (v > 1000.0) {
                st = tw_csv_fail(csv, vcol, err, "expected a tariff rate as a fraction "
                                                 "(0.25 = 25%%) of at most 1000, found '%s'",
                                 raw);
                break;
            }
            if (a == b && v != 0.0) {
                st = tw_csv_fail(csv, vcol, err, "a country cannot levy a tariff on itself: "
                                                 "expected 0, found '%s'", raw);
                break;
            }
        } else if (v < 0) {
            st = tw_csv_fail(csv, vcol, err, "expected a number >= 0, found '%s'", raw);
            break;
        } else if (kind >= 2 && v > 1.0 + DEFAULT_SHARE_TOL) {
            st = tw_csv_fail(csv, vcol, err, "expected a share between 0 and 1, found '%s'", raw);
            break;
        }
        dst[at] = v;
    }
    if (!st && (kind == 2 || kind == 4)) {
        /* A per-country-sector table must be complete: a silent zero would be wrong. */
        for (int n = 0; n < d.n && !st; n++)
            for (int j = 0; j < d.j; j++)
                if (!seen[tw_ix_nj(d, n, j)]) {
                    st = tw_fail(err, TW_ERR_INPUT, tw_csv_path(csv), 0, 0, "share",
                                 "no row for country '%s', sector '%s': every pair needs one",
                                 w->country_code[n], w->sector_code[j]);
                    break;
                }
    }
    free(seen);
    tw_csv_close(csv);
    return st;
}

static tw_status derive(tw_world *w, const char *dir, int have_va, int have_io, int have_alpha,
                        double tol, tw_error *err)
{
    tw_dims d = w->d;
    char path[1024];
    /* Value-added and input shares must add to one per using sector. */
    for (int n = 0; n < d.n; n++)
        for (int j = 0; j < d.j; j++) {
            double sum_io = 0;
            for (int k = 0; k < d.j; k++)
                sum_io += w->io[tw_ix_nkj(d, n, k, j)];
            double *va = &w->va[tw_ix_nj(d, n, j)];
            if (!have_va && !have_io)
                *va = 1.0;
            else if (!have_va)
                *va = 1.0 - sum_io;
            double total = *va + sum_io;
            double dev = fabs(total - 1.0);
            if (*va < -tol || dev > tol) {
                join_path(w, path, sizeof path, dir, have_io ? "io.csv" : "value_added.csv");
                return tw_fail(err, TW_ERR_INPUT, path, 0, 0, "share",
                               "country '%s', using sector '%s': value-added share %.9g plus "
                               "input shares %.9g add up to %.9g, expected 1 (tolerance %g)",
                               w->country_code[n], w->sector_code[j], *va, sum_io, total, tol);
            }
            if (*va < 0)
                *va = 0;
            if (dev > 0) {
                double scale = 1.0 / (*va + sum_io);
                *va *= scale;
                for (int k = 0; k < d.j; k++)
                    w->io[tw_ix_nkj(d, n, k, j)] *= scale;
                if (dev > 1e-12) {
                    w->renormalised++;
                    if (dev > w->renorm_max)
                        w->renorm_max = dev;
                }
            }
        }
    /* Absorption, output, value added, deficits. */
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++) {
                size_t at = tw_ix_nij(d, n, i, j);
                double f = w->flow[at];
                w->absorption[tw_ix_nj(d, n, j)] += f * (1.0 + w->tariff[at]);
                w->output[tw_ix_nj(d, i, j)] += f;
                if (n != i) {
                    w->deficit[n] += f;
                    w->deficit[i] -= f;
                }
            }
    join_path(w, path, sizeof path, dir, "flows.csv");
    for (int n = 0; n < d.n; n++) {
        double x = 0, y = 0;
        for (int j = 0; j < d.j; j++) {
            x += w->absorption[tw_ix_nj(d, n, j)];
            y += w->output[tw_ix_nj(d, n, j)];
            w->wl[n] += w->va[tw_ix_nj(d, n, j)] * w->output[tw_ix_nj(d, n, j)];
        }
        if (!(x > 0))
            return tw_fail(err, TW_ERR_INPUT, path, 0, 0, "value",
                           "country '%s' buys nothing: every country needs positive absorption",
                           w->country_code[n]);
        if (!(y > 0))
            return tw_fail(err, TW_ERR_INPUT, path, 0, 0, "value",
                           "country '%s' sells nothing: every country needs positive output",
                           w->country_code[n]);
        if (!(w->wl[n] > 0))
            return tw_fail(err, TW_ERR_INPUT, path, 0, 0, "share",
                           "country '%s' has no value added: its value-added shares are all zero",
                           w->country_code[n]);
    }
    /* Final-demand shares: given, or the residual of absorption after intermediate demand. */
    for (int n = 0; n < d.n; n++) {
        double sum = 0;
        for (int j = 0; j < d.j; j++) {
            double *a = &w->alpha[tw_ix_nj(d, n, j)];
            if (!have_alpha) {
                double inter = 0;
                for (int k = 0; k < d.j; k++)
                    inter += w->io[tw_ix_nkj(d, n, j, k)] * w->output[tw_ix_nj(d, n, k)];
                *a = w->absorption[tw_ix_nj(d, n, j)] - inter;
                /* Small negatives are rounding; large ones are data whose IO structure does not
                 * match its flows. Either way the share cannot be negative. */
                if (*a < 0) {
                    if (*a < -1e-9 * w->absorption[tw_ix_nj(d, n, j)])
                        w->final_clamped++;
                    *a = 0;
                }
            }
            sum += *a;
        }
        if (!(sum > 0)) {
            join_path(w, path, sizeof path, dir, have_alpha ? "final_demand.csv" : "io.csv");
            return tw_fail(err, TW_ERR_INPUT, path, 0, 0, "share",
                           "country '%s' has no final demand: its final-demand shares are all "
                           "zero",
                           w->country_code[n]);
        }
        if (have_alpha && fabs(sum - 1.0) > tol) {
            join_path(w, path, sizeof path, dir, "final_demand.csv");
            return tw_fail(err, TW_ERR_INPUT, path, 0, 0, "share",
                           "country '%s': final-demand shares add up to %.9g, expected 1 "
                           "(tolerance %g)",
                           w->country_code[n], sum, tol);
        }
        if (have_alpha && fabs(sum - 1.0) > 1e-12) {
            w->renormalised++;
            if (fabs(sum - 1.0) > w->renorm_max)
                w->renorm_max = fabs(sum - 1.0);
        }
        for (int j = 0; j < d.j; j++)
            w->alpha[tw_ix_nj(d, n, j)] /= sum;
    }
    return TW_OK;
}

void tw_world_options_init(tw_world_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->share_tolerance = DEFAULT_SHARE_TOL;
    o->horizon_years = INFINITY;
    o->cache = 1;
}

tw_status tw_world_load(const char *dir, const tw_world_options *opts, tw_world **out,
                        tw_error *err)
{
    tw_error_clear(err);
    if (!dir || !out)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_world_load: NULL argument");
    *out = NULL;
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return tw_fail(err, TW_ERR_IO, dir, 0, 0, NULL, "not a world directory");
    return tw_world_load_at(dir, NULL, opts, out, err);
}

tw_status tw_world_load_at(const char *dir, const struct tw_csv_texts *texts,
                           const tw_world_options *opts, tw_world **out, tw_error *err)
{
    tw_world_options defaults;
    tw_world_options_init(&defaults);
    if (!opts)
        opts = &defaults;
    double tol = opts->share_tolerance;
    if (!(tol > 0 && tol <= 0.1))
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, "share_tolerance",
                       "tw_world_load: share tolerance must be in (0, 0.1], got %g "
                       "(initialise options with tw_world_options_init)",
                       tol);
    /* The binary cache (data/cache.h): a hit is the same world, bit for bit. */
    tw_world_cache_slot slot;
    tw_world *w = NULL;
    if (tw_world_cache_open(dir, opts, &slot, &w))
        return tw_fail(err, TW_ERR_NOMEM, dir, 0, 0, NULL, "out of memory");
    if (w) {
        *out = w;
        return TW_OK;
    }
    w = calloc(1, sizeof *w);
    if (!w)
        return tw_fail(err, TW_ERR_NOMEM, dir, 0, 0, NULL, "out of memory");
    w->texts = texts;
    tw_status st = read_meta(w, dir, err);
    if (!st)
        st = read_codes(dir, "countries.csv", 0, w, err);
    if (!st)
        st = read_codes(dir, "sectors.csv", 1, w, err);
    if (!st && (tw_codemap_build(&w->country_map, w->country_code, w->d.n) ||
                tw_codemap_build(&w->sector_map, w->sector_code, w->d.j)))
        st = tw_fail(err, TW_ERR_NOMEM, dir, 0, 0, NULL, "out of memory");
    if (!st)
        st = read_elasticities(dir, opts->elasticities, w, err);
    if (!st && !(st = tw_world_read_production(w, dir, err)))
        st = tw_world_read_horizon(w, dir, opts->horizon_years, err);
    if (st) {
        tw_world_free(w);
        return st;
    }
    if (!w->name) {
        /* Default name: the directory's last component. */
        const char *end = dir + strlen(dir);
        while (end > dir && end[-1] == '/')
            end--;
        const char *start = end;
        while (start > dir && start[-1] != '/')
            start--;
        w->name = strndup(start, (size_t)(end - start));
    }
    if (!w->unit)
        w->unit = strdup("USD million");
    if (!w->description)
        w->description = strdup("");
    tw_dims d = w->d;
    size_t nij = (size_t)d.n * (size_t)d.n * (size_t)d.j, nj = (size_t)d.n * (size_t)d.j;
    w->flow = calloc(nij, sizeof(double));
    w->tariff = calloc(nij, sizeof(double));
    w->va = calloc(nj, sizeof(double));
    w->io = calloc(nj * (size_t)d.j, sizeof(double));
    w->alpha = calloc(nj, sizeof(double));
    w->absorption = calloc(nj, sizeof(double));
    w->output = calloc(nj, sizeof(double));
    w->wl = calloc((size_t)d.n, sizeof(double));
    w->deficit = calloc((size_t)d.n, sizeof(double));
    if (!w->flow || !w->tariff || !w->va || !w->io || !w->alpha || !w->absorption ||
        !w->output || !w->wl || !w->deficit || !w->name || !w->unit || !w->description) {
        tw_world_free(w);
        return tw_fail(err, TW_ERR_NOMEM, dir, 0, 0, NULL, "out of memory");
    }
    int have_flow, have_tariff, have_va, have_io, have_alpha;
    st = read_long(dir, 0, w, w->flow, &have_flow, err);
    if (!st)
        st = read_long(dir, 1, w, w->tariff, &have_tariff, err);
    if (!st)
        st = read_long(dir, 2, w, w->va, &have_va, err);
    if (!st)
        st = read_long(dir, 3, w, w->io, &have_io, err);
    if (!st)
        st = read_long(dir, 4, w, w->alpha, &have_alpha, err);
    if (!st)
        st = derive(w, dir, have_va, have_io, have_alpha, tol, err);
    if (!st)
        st = tw_world_read_blocks(w, dir, err);
    if (st) {
        tw_world_free(w);
        return st;
    }
    w->texts = NULL;
    tw_world_cache_close(&slot, w);
    *out = w;
    return TW_OK;
}
