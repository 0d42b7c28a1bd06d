/* SPDX-License-Identifier: MIT */
/* Product-level tariff schedules: the object, the concordance, trade lines, product lists and
 * the rule that turns the actions covering a line into its rate (schedule.h). */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "data/csv.h"
#include "tariff/schedule_internal.h"

tw_status tw_schedule_create(tw_schedule **out, tw_error *err)
{
    if (!out)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_schedule_create: out is NULL");
    *out = calloc(1, sizeof **out);
    if (!*out)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory for a schedule");
    return TW_OK;
}

void tw_schedule_free(tw_schedule *s)
{
    if (!s)
        return;
    free(s->hs6);
    free(s->hs6_sector);
    free(s->sector);
    free(s->country);
    free(s->lines);
    for (int i = 0; i < s->n_lists; i++) {
        free(s->lists[i].codes.code);
        free(s->lists[i].hit);
    }
    free(s->lists);
    for (int i = 0; i < s->n_actions; i++) {
        free(s->actions[i].exporter);
        free(s->actions[i].inline_codes.code);
        free(s->actions[i].match);
    }
    free(s->actions);
    free(s->files);
    free(s);
}

int tw_sched_country_find(const tw_schedule *s, const char *c)
{
    for (int i = 0; i < s->n_countries; i++)
        if (strcmp(s->country[i], c) == 0)
            return i;
    return -1;
}

int tw_sched_country(tw_schedule *s, const char *c)
{
    int i = tw_sched_country_find(s, c);
    if (i >= 0)
        return i;
    if (s->n_countries == s->cap_countries) {
        int cap = s->cap_countries ? 2 * s->cap_countries : 64;
        void *p = realloc(s->country, (size_t)cap * sizeof *s->country);
        if (!p)
            return -1;
        s->country = p;
        s->cap_countries = cap;
    }
    snprintf(s->country[s->n_countries], TW_CODE_LEN, "%s", c);
    return s->n_countries++;
}

int tw_sched_parse_code(const char *text, char out[TW_HS_LEN])
{
    int n = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '.')
            continue;
        if (!isdigit((unsigned char)*p) || n >= 10)
            return -1;
        out[n++] = *p;
    }
    out[n] = '\0';
    return (n >= 2 && n % 2 == 0) ? 0 : -1;
}

static int cmp_code(const void *a, const void *b) { return strcmp(a, b); }

void tw_sched_codes_sort(sched_codes *set)
{
    if (set->n < 2)
        return;
    qsort(set->code, (size_t)set->n, sizeof *set->code, cmp_code);
    int m = 1;
    for (int i = 1; i < set->n; i++)
        if (strcmp(set->code[i], set->code[m - 1]) != 0)
            memcpy(set->code[m++], set->code[i], TW_HS_LEN);
    set->n = m;
}

int tw_sched_codes_match(const sched_codes *set, const char *hs)
{
    size_t len = strlen(hs);
    char key[TW_HS_LEN];
    for (size_t k = 2; k <= len && k <= 10; k += 2) {
        memcpy(key, hs, k);
        key[k] = '\0';
        if (bsearch(key, set->code, (size_t)set->n, sizeof *set->code, cmp_code))
            return 1;
    }
    return 0;
}

static int hs6_index(const tw_schedule *s, const char *hs)
{
    char key[7];
    if (strlen(hs) < 6)
        return -1;
    memcpy(key, hs, 6);
    key[6] = '\0';
    char(*hit)[7] = bsearch(key, s->hs6, (size_t)s->n_hs6, sizeof *s->hs6, cmp_code);
    return hit ? (int)(hit - s->hs6) : -1;
}

int tw_sched_sector_of(const tw_schedule *s, const char *hs, int *known)
{
    int i = hs6_index(s, hs);
    if (known)
        *known = i >= 0;
    return i >= 0 ? s->hs6_sector[i] : -1;
}

int tw_sched_code_known(const tw_schedule *s, const char *code)
{
    size_t len = strlen(code);
    if (len >= 6)
        return hs6_index(s, code) >= 0;
    /* 2 or 4 digits: the first HS6 not below the code must begin with it */
    int lo = 0, hi = s->n_hs6;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (strcmp(s->hs6[mid], code) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n_hs6 && strncmp(s->hs6[lo], code, len) == 0;
}

static int sector_index(tw_schedule *s, const char *code)
{
    for (int k = 0; k < s->n_sectors; k++)
        if (strcmp(s->sector[k], code) == 0)
            return k;
    void *p = realloc(s->sector, (size_t)(s->n_sectors + 1) * sizeof *s->sector);
    if (!p)
        return -1;
    s->sector = p;
    snprintf(s->sector[s->n_sectors], sizeof s->sector[0], "%s", code);
    return s->n_sectors++;
}

typedef struct hs6_row {
    char hs6[7];
    int sector;
    int line;
} hs6_row;

static int cmp_hs6_row(const void *a, const void *b)
{
    return strcmp(((const hs6_row *)a)->hs6, ((const hs6_row *)b)->hs6);
}

tw_status tw_schedule_read_concordance(tw_schedule *s, const char *path, tw_error *err)
{
    if (!s || !path)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_schedule_read_concordance: NULL");
    if (s->n_hs6)
        return tw_fail(err, TW_ERR_USAGE, path, 0, 0, NULL, "a concordance was already read");
    tw_csv *csv = NULL;
    tw_status st = tw_csv_open(path, &csv, err);
    if (st)
        return st;
    const tw_csv_column cols[] = {{"hs6", 1}, {"sector", 1}};
    int ix[2];
    hs6_row *rows = NULL;
    int n = 0, cap = 0, has = 0;
    st = tw_csv_header(csv, cols, 2, ix, err);
    while (!st && !(st = tw_csv_next(csv, &has, err)) && has) {
        const char *h = tw_csv_get(csv, ix[0]);
        if (strlen(h) != 6 || strspn(h, "0123456789") != 6) {
            st = tw_csv_fail(csv, ix[0], err, "expected six digits, found '%.20s'", h);
            break;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 8192;
            void *p = realloc(rows, (size_t)cap * sizeof *rows);
            if (!p) {
                st = tw_fail(err, TW_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
                break;
            }
            rows = p;
        }
        const char *sec = tw_csv_get(csv, ix[1]);
        memcpy(rows[n].hs6, h, 7);
        rows[n].sector = *sec ? sector_index(s, sec) : -1;
        rows[n].line = tw_csv_line(csv);
        if (*sec && rows[n].sector < 0) {
            st = tw_fail(err, TW_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
            break;
        }
        n++;
    }
    if (!st && n == 0)
        st = tw_fail(err, TW_ERR_INPUT, path, 0, 0, NULL, "the concordance has no rows");
    if (!st) {
        qsort(rows, (size_t)n, sizeof *rows, cmp_hs6_row);
        for (int i = 1; i < n && !st; i++)
            if (strcmp(rows[i].hs6, rows[i - 1].hs6) == 0)
                st = tw_fail(err, TW_ERR_INPUT, path, rows[i].line, 1, "hs6",
                             "HS6 %s appears twice (also line %d)", rows[i].hs6, rows[i - 1].line);
    }
    if (!st) {
        s->hs6 = malloc((size_t)n * sizeof *s->hs6);
        s->hs6_sector = malloc((size_t)n * sizeof *s->hs6_sector);
        if (!s->hs6 || !s->hs6_sector)
            st = tw_fail(err, TW_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
    }
    if (!st) {
        for (int i = 0; i < n; i++) {
            memcpy(s->hs6[i], rows[i].hs6, 7);
            s->hs6_sector[i] = rows[i].sector;
        }
        s->n_hs6 = n;
    }
    free(rows);
    tw_csv_close(csv);
    return st;
}

static tw_status line_from_row(tw_schedule *s, tw_csv *csv, const int *ix, int imp, double scale,
                               tw_error *err)
{
    const char *ex = tw_csv_get(csv, ix[0]);
    size_t exn = strlen(ex);
    if (exn < 2 || exn >= TW_CODE_LEN || strspn(ex, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != exn)
        return tw_csv_fail(csv, ix[0], err, "expected a country code, found '%.20s'", ex);
    sched_line ln = {0};
    if (tw_sched_parse_code(tw_csv_get(csv, ix[1]), ln.hs) || strlen(ln.hs) < 6)
        return tw_csv_fail(csv, ix[1], err, "expected an HS code of 6 to 10 digits, found '%.20s'",
                           tw_csv_get(csv, ix[1]));
    tw_status st = tw_csv_number(csv, ix[2], &ln.value, err);
    if (st)
        return st;
    ln.duty = -1.0; /* unknown */
    if (ix[3] >= 0 && *tw_csv_get(csv, ix[3])) {
        if ((st = tw_csv_number(csv, ix[3], &ln.duty, err)))
            return st;
        if (ln.duty < 0)
            return tw_csv_fail(csv, ix[3], err, "must not be negative");
        ln.duty *= scale;
    }
    if (ln.value < 0)
        return tw_csv_fail(csv, ix[2], err, "must not be negative");
    ln.value *= scale;
    ln.importer = imp;
    ln.exporter = tw_sched_country(s, ex);
    ln.sector = tw_sched_sector_of(s, ln.hs, NULL);
    if (ln.exporter < 0)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (s->n_lines == s->cap_lines) {
        long cap = s->cap_lines ? 2 * s->cap_lines : 65536;
        void *p = realloc(s->lines, (size_t)cap * sizeof *s->lines);
        if (!p)
            return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory for trade lines");
        s->lines = p;
        s->cap_lines = cap;
    }
    s->lines[s->n_lines++] = ln;
    return TW_OK;
}

tw_status tw_schedule_read_lines(tw_schedule *s, const char *importer, const char *path,
                                 double scale, tw_error *err)
{
    if (!s || !importer || !path || !(scale > 0))
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_schedule_read_lines: bad argument");
    if (!s->n_hs6)
        return tw_fail(err, TW_ERR_USAGE, path, 0, 0, NULL, "read the concordance before lines");
    if (s->n_actions)
        return tw_fail(err, TW_ERR_USAGE, path, 0, 0, NULL, "read trade lines before actions");
    int imp = tw_sched_country(s, importer);
    if (imp < 0)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    tw_csv *csv = NULL;
    tw_status st = tw_csv_open(path, &csv, err);
    if (st)
        return st;
    /* the code column may be called hs, hs6, hs8 or hs10 */
    const tw_csv_column cols[] = {{"exporter", 1}, {"hs", 0},    {"value", 1},
                                  {"duty", 0},     {"hs6", 0},   {"hs8", 0},
                                  {"hs10", 0}};
    int ix[7];
    st = tw_csv_header(csv, cols, 7, ix, err);
    if (!st) {
        int code = -1, found = 0;
        for (int c = 1; c < 7; c++)
            if (c != 2 && c != 3 && ix[c] >= 0) {
                code = ix[c];
                found++;
            }
        if (found != 1)
            st = tw_fail(err, TW_ERR_INPUT, path, 1, 1, "hs",
                         "expected exactly one product code column (hs, hs6, hs8 or hs10)");
        ix[1] = code;
    }
    int has = 0;
    while (!st && !(st = tw_csv_next(csv, &has, err)) && has)
        st = line_from_row(s, csv, ix, imp, scale, err);
    tw_csv_close(csv);
    return st;
}

long tw_schedule_line_count(const tw_schedule *s, const char *importer)
{
    if (!s)
        return 0;
    if (!importer)
        return s->n_lines;
    int imp = tw_sched_country_find(s, importer);
    long n = 0;
    for (long l = 0; l < s->n_lines; l++)
        n += s->lines[l].importer == imp;
    return n;
}

tw_status tw_sched_list_get(tw_schedule *s, const char *list_dir, const char *name, int *index,
                            const char *from_file, int line, int col, tw_error *err)
{
    for (int i = 0; i < s->n_lists; i++)
        if (strcmp(s->lists[i].name, name) == 0) {
            *index = i;
            return TW_OK;
        }
    if (!*name || strlen(name) >= sizeof s->lists[0].name || strpbrk(name, "/\\") ||
        name[0] == '.')
        return tw_fail(err, TW_ERR_INPUT, from_file, line, col, "products",
                       "bad list name '%.60s' (letters, digits, '_' and '-')", name);
    char path[1100];
    snprintf(path, sizeof path, "%s/%s.csv", list_dir, name);
    tw_csv *csv = NULL;
    tw_status st = tw_csv_open(path, &csv, err);
    if (st) {
        tw_fail(err, st, from_file, line, col, "products", "cannot read list '%s' (%s)", name,
                path);
        return st;
    }
    const tw_csv_column cols[] = {{"hs", 1}};
    int ix[1], has = 0;
    sched_codes set = {0};
    int cap = 0;
    st = tw_csv_header(csv, cols, 1, ix, err);
    while (!st && !(st = tw_csv_next(csv, &has, err)) && has) {
        if (set.n == cap) {
            cap = cap ? 2 * cap : 256;
            void *p = realloc(set.code, (size_t)cap * sizeof *set.code);
            if (!p) {
                st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
                break;
            }
            set.code = p;
        }
        const char *t = tw_csv_get(csv, ix[0]);
        if (tw_sched_parse_code(t, set.code[set.n]))
            st = tw_csv_fail(csv, ix[0], err,
                             "expected an HS code (2, 4, 6, 8 or 10 digits), found '%.20s'", t);
        else if (!tw_sched_code_known(s, set.code[set.n]))
            st = tw_csv_fail(csv, ix[0], err, "unknown HS code '%s' (no HS 2022 subheading %s)",
                             set.code[set.n], strlen(t) >= 6 ? "with its first six digits" :
                                                              "begins with it");
        else
            set.n++;
    }
    tw_csv_close(csv);
    if (!st && s->n_lists == s->cap_lists) {
        int c = s->cap_lists ? 2 * s->cap_lists : 16;
        void *p = realloc(s->lists, (size_t)c * sizeof *s->lists);
        if (!p)
            st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        else {
            s->lists = p;
            s->cap_lists = c;
        }
    }
    if (st) {
        free(set.code);
        return st;
    }
    tw_sched_codes_sort(&set);
    snprintf(s->lists[s->n_lists].name, sizeof s->lists[0].name, "%s", name);
    s->lists[s->n_lists].codes = set;
    s->lists[s->n_lists].hit = NULL;
    *index = s->n_lists++;
    return TW_OK;
}

void tw_sched_state_init(sched_state *st)
{
    memset(st, 0, sizeof *st);
    for (int a = 0; a < TW_SCHEDULE_MAX_AUTHORITIES; a++)
        st->date[a] = INT32_MIN;
}

void tw_sched_state_apply(sched_state *st, const sched_action *a, int date, double base_pct)
{
    if (a->date > date || date >= a->until)
        return;
    int k = a->authority;
    switch (a->kind) {
    case SCHED_RATE:
        if (a->date > st->date[k] || (a->date == st->date[k] && a->specificity >= st->spec[k])) {
            double r = a->inclusive ? (a->rate > base_pct ? a->rate - base_pct : 0.0) : a->rate;
            st->rate[k] = r * a->share;
            st->date[k] = a->date;
            st->spec[k] = a->specificity;
        }
        break;
    case SCHED_EXEMPT:
        st->exempt |= (uint32_t)1 << k;
        break;
    case SCHED_SUPERSEDES:
        st->supersedes[k] |= (uint32_t)1 << a->over;
        break;
    }
}

double tw_sched_state_finish(const sched_state *st, int n_auth, double *parts)
{
    double r[TW_SCHEDULE_MAX_AUTHORITIES];
    uint32_t dropped = 0;
    for (int a = 0; a < n_auth; a++) {
        r[a] = (st->exempt >> a) & 1u ? 0.0 : st->rate[a];
        if (r[a] > 0)
            dropped |= st->supersedes[a];
    }
    double total = 0;
    for (int a = 0; a < n_auth; a++) {
        double p = (dropped >> a) & 1u ? 0.0 : r[a];
        if (parts)
            parts[a] = p;
        total += p;
    }
    return total;
}

int tw_schedule_exporter_count(const tw_schedule *s, const char *importer)
{
    if (!s || !importer)
        return 0;
    int imp = tw_sched_country_find(s, importer), n = 0;
    unsigned char *seen = calloc((size_t)(s->n_countries ? s->n_countries : 1), 1);
    if (!seen)
        return -1;
    for (long l = 0; l < s->n_lines; l++)
        if (s->lines[l].importer == imp && !seen[s->lines[l].exporter]) {
            seen[s->lines[l].exporter] = 1;
            n++;
        }
    free(seen);
    return n;
}
