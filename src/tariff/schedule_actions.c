/* SPDX-License-Identifier: MIT */
/* Reading action files (docs/tariff-schedules.md): one dated action a row, checked field by
 * field, then checked against the actions already read for overlaps, then matched to the trade
 * lines it covers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/error.h"
#include "data/csv.h"
#include "tariff/schedule_internal.h"

enum {
    C_DATE,
    C_UNTIL,
    C_IMPORTER,
    C_EXPORTERS,
    C_AUTHORITY,
    C_ACTION,
    C_PRODUCTS,
    C_RATE,
    C_SHARE,
    C_BASIS,
    C_OVER,
    C_SOURCE,
    C_NOTE,
    C_N
};

static int authority_index(tw_schedule *s, const char *name)
{
    for (int a = 0; a < s->n_auth; a++)
        if (strcmp(s->auth[a], name) == 0)
            return a;
    if (s->n_auth == TW_SCHEDULE_MAX_AUTHORITIES)
        return -1;
    snprintf(s->auth[s->n_auth], sizeof s->auth[0], "%s", name);
    return s->n_auth++;
}

static int is_code(const char *t, size_t n)
{
    return n >= 2 && n < TW_CODE_LEN && strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") >= n;
}

static tw_status parse_exporters(tw_csv *csv, int col, sched_action *a, tw_error *err)
{
    const char *t = tw_csv_get(csv, col);
    if (strcmp(t, "all") == 0) {
        a->all_exporters = 1;
        return TW_OK;
    }
    int cap = 1;
    for (const char *p = t; *p; p++)
        cap += *p == ' ';
    a->exporter = calloc((size_t)cap, sizeof *a->exporter);
    if (!a->exporter)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (const char *p = t; *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (!n)
            break;
        if (!is_code(p, n))
            return tw_csv_fail(csv, col, err,
                               "expected 'all' or country codes separated by spaces, found '%.*s'",
                               (int)(n > 20 ? 20 : n), p);
        memcpy(a->exporter[a->n_exporters], p, n);
        a->exporter[a->n_exporters++][n] = '\0';
        p += n;
    }
    if (!a->n_exporters)
        return tw_csv_fail(csv, col, err, "expected 'all' or country codes, found an empty field");
    return TW_OK;
}

static tw_status parse_products(tw_schedule *s, tw_csv *csv, int col, const char *list_dir,
                                sched_action *a, tw_error *err)
{
    const char *t = tw_csv_get(csv, col);
    a->list = -1;
    if (strcmp(t, "all") == 0) {
        a->all_products = 1;
        return TW_OK;
    }
    if (strncmp(t, "list:", 5) == 0)
        return tw_sched_list_get(s, list_dir, t + 5, &a->list, tw_csv_path(csv), tw_csv_line(csv),
                                 tw_csv_col(csv, col), err);
    int cap = 1;
    for (const char *p = t; *p; p++)
        cap += *p == ' ';
    a->inline_codes.code = calloc((size_t)cap, sizeof *a->inline_codes.code);
    if (!a->inline_codes.code)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (const char *p = t; *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (!n)
            break;
        char word[32], *code = a->inline_codes.code[a->inline_codes.n];
        snprintf(word, sizeof word, "%.*s", (int)(n > 31 ? 31 : n), p);
        if (n > 31 || tw_sched_parse_code(word, code))
            return tw_csv_fail(csv, col, err,
                               "expected 'all', 'list:NAME' or HS codes (2, 4, 6, 8 or 10 digits) "
                               "separated by spaces, found '%s'", word);
        if (!tw_sched_code_known(s, code))
            return tw_csv_fail(csv, col, err, "unknown HS code '%s' (no HS 2022 subheading %s)",
                               word, strlen(code) >= 6 ? "with its first six digits" :
                                                         "begins with it");
        a->inline_codes.n++;
        p += n;
    }
    if (!a->inline_codes.n)
        return tw_csv_fail(csv, col, err, "expected 'all', 'list:NAME' or HS codes");
    tw_sched_codes_sort(&a->inline_codes);
    return TW_OK;
}

static const sched_codes *action_codes(const tw_schedule *s, const sched_action *a)
{
    return a->list >= 0 ? &s->lists[a->list].codes : &a->inline_codes;
}

/* 1 if two sorted prefix sets share a line: some code of one begins with a code of the other */
static int codes_overlap(const sched_codes *x, const sched_codes *y)
{
    for (int i = 0; i < x->n; i++)
        if (tw_sched_codes_match(y, x->code[i]))
            return 1;
    for (int i = 0; i < y->n; i++)
        if (tw_sched_codes_match(x, y->code[i]))
            return 1;
    return 0;
}

static int exporters_overlap(const sched_action *x, const sched_action *y)
{
    if (x->all_exporters || y->all_exporters)
        return 1;
    for (int i = 0; i < x->n_exporters; i++)
        for (int j = 0; j < y->n_exporters; j++)
            if (strcmp(x->exporter[i], y->exporter[j]) == 0)
                return 1;
    return 0;
}

static const sched_action *overlapping(const tw_schedule *s, const sched_action *a)
{
    for (int i = 0; i < s->n_actions; i++) {
        const sched_action *b = &s->actions[i];
        if (b->kind != SCHED_RATE || a->kind != SCHED_RATE || b->date != a->date ||
            b->authority != a->authority || b->specificity != a->specificity ||
            strcmp(b->importer, a->importer) != 0)
            continue;
        if (b->rate == a->rate && b->share == a->share && b->inclusive == a->inclusive)
            continue;
        if (!exporters_overlap(a, b))
            continue;
        if (a->all_products || b->all_products ||
            codes_overlap(action_codes(s, a), action_codes(s, b)))
            return b;
    }
    return NULL;
}

static int exporter_named(const tw_schedule *s, const sched_action *a, int exporter)
{
    const char *ex = s->country[exporter];
    for (int i = 0; i < a->n_exporters; i++)
        if (strcmp(a->exporter[i], ex) == 0)
            return 1;
    return 0;
}

static tw_status match_lines(tw_schedule *s, sched_action *a, tw_error *err)
{
    int imp = tw_sched_country_find(s, a->importer);
    const unsigned char *hit = NULL;
    if (a->list >= 0) {
        sched_list *li = &s->lists[a->list];
        if (!li->hit) {
            li->hit = malloc((size_t)(s->n_lines ? s->n_lines : 1));
            if (!li->hit)
                return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            for (long l = 0; l < s->n_lines; l++)
                li->hit[l] = (unsigned char)tw_sched_codes_match(&li->codes, s->lines[l].hs);
        }
        hit = li->hit;
    }
    /* exporters are few: a flag per country */
    unsigned char *on = calloc((size_t)(s->n_countries ? s->n_countries : 1), 1);
    if (!on)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (int c = 0; c < s->n_countries; c++)
        on[c] = (unsigned char)(a->all_exporters || exporter_named(s, a, c));
    long cap = 0;
    a->n_match = 0;
    tw_status st = TW_OK;
    for (long l = 0; l < s->n_lines && !st; l++) {
        const sched_line *ln = &s->lines[l];
        if (ln->importer != imp || !on[ln->exporter])
            continue;
        if (!a->all_products &&
            !(hit ? hit[l] : tw_sched_codes_match(&a->inline_codes, ln->hs)))
            continue;
        if (a->n_match == cap) {
            cap = cap ? 2 * cap : 1024;
            void *p = realloc(a->match, (size_t)cap * sizeof *a->match);
            if (!p) {
                st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
                break;
            }
            a->match = p;
        }
        a->match[a->n_match++] = (int)l;
    }
    free(on);
    return st;
}

static tw_status parse_rate_fields(tw_schedule *s, tw_csv *csv, const int *ix, sched_action *a,
                                   tw_error *err)
{
    tw_status st = TW_OK;
    a->share = 1.0;
    if (a->kind == SCHED_RATE) {
        if (ix[C_RATE] < 0 || !*tw_csv_get(csv, ix[C_RATE]))
            return tw_csv_fail(csv, ix[C_RATE] >= 0 ? ix[C_RATE] : ix[C_ACTION], err,
                               "a 'rate' action needs a rate (percent)");
        if ((st = tw_csv_number(csv, ix[C_RATE], &a->rate, err)))
            return st;
        if (a->rate < 0 || a->rate > 1000)
            return tw_csv_fail(csv, ix[C_RATE], err, "rate %g%% is outside 0..1000", a->rate);
    } else if (ix[C_RATE] >= 0 && *tw_csv_get(csv, ix[C_RATE]))
        return tw_csv_fail(csv, ix[C_RATE], err, "only 'rate' actions take a rate");
    if (ix[C_SHARE] >= 0 && *tw_csv_get(csv, ix[C_SHARE])) {
        if ((st = tw_csv_number(csv, ix[C_SHARE], &a->share, err)))
            return st;
        if (!(a->share > 0 && a->share <= 1) || a->kind != SCHED_RATE)
            return tw_csv_fail(csv, ix[C_SHARE], err,
                               "share must be in (0, 1], on 'rate' actions only");
    }
    const char *basis = ix[C_BASIS] >= 0 ? tw_csv_get(csv, ix[C_BASIS]) : "";
    if (strcmp(basis, "inclusive") == 0)
        a->inclusive = 1;
    else if (*basis && strcmp(basis, "additional") != 0)
        return tw_csv_fail(csv, ix[C_BASIS], err,
                           "expected 'additional' or 'inclusive', found '%.20s'", basis);
    const char *over = ix[C_OVER] >= 0 ? tw_csv_get(csv, ix[C_OVER]) : "";
    if (a->kind == SCHED_SUPERSEDES) {
        if (!*over)
            return tw_csv_fail(csv, ix[C_OVER] >= 0 ? ix[C_OVER] : ix[C_ACTION], err,
                               "a 'supersedes' action names the authority it supersedes in 'over'");
        a->over = authority_index(s, over);
        if (a->over < 0)
            return tw_csv_fail(csv, ix[C_OVER], err, "more than %d authorities",
                               TW_SCHEDULE_MAX_AUTHORITIES);
        if (a->over == a->authority)
            return tw_csv_fail(csv, ix[C_OVER], err, "an authority cannot supersede itself");
    } else if (*over)
        return tw_csv_fail(csv, ix[C_OVER], err, "only 'supersedes' actions take 'over'");
    return TW_OK;
}

static tw_status parse_row(tw_schedule *s, tw_csv *csv, const int *ix, const char *list_dir,
                           int *last_date, int *last_line, sched_action *a, tw_error *err)
{
    const char *t = tw_csv_get(csv, ix[C_DATE]);
    if (tw_date_parse(t, &a->date))
        return tw_csv_fail(csv, ix[C_DATE], err, "expected a date YYYY-MM-DD, found '%.20s'", t);
    if (a->date < *last_date) {
        char prev[16];
        tw_date_format(*last_date, prev, sizeof prev);
        return tw_csv_fail(csv, ix[C_DATE], err,
                           "dates out of order: %s comes after %s (line %d); sort the rows by date",
                           t, prev, *last_line);
    }
    a->until = INT32_MAX;
    t = ix[C_UNTIL] >= 0 ? tw_csv_get(csv, ix[C_UNTIL]) : "";
    if (*t) {
        if (tw_date_parse(t, &a->until))
            return tw_csv_fail(csv, ix[C_UNTIL], err, "expected a date YYYY-MM-DD, found '%.20s'",
                               t);
        if (a->until <= a->date)
            return tw_csv_fail(csv, ix[C_UNTIL], err,
                               "dates out of order: until %s is not after the date", t);
    }
    t = tw_csv_get(csv, ix[C_IMPORTER]);
    if (!is_code(t, strlen(t)))
        return tw_csv_fail(csv, ix[C_IMPORTER], err, "expected a country code, found '%.20s'", t);
    snprintf(a->importer, sizeof a->importer, "%s", t);
    tw_status st = parse_exporters(csv, ix[C_EXPORTERS], a, err);
    if (st)
        return st;
    t = tw_csv_get(csv, ix[C_AUTHORITY]);
    size_t n = strlen(t);
    if (!n || n >= sizeof s->auth[0] || strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
        return tw_csv_fail(csv, ix[C_AUTHORITY], err,
                           "expected an authority name (a-z, 0-9, '_', up to 31), found '%.40s'",
                           t);
    if ((a->authority = authority_index(s, t)) < 0)
        return tw_csv_fail(csv, ix[C_AUTHORITY], err, "more than %d authorities",
                           TW_SCHEDULE_MAX_AUTHORITIES);
    t = tw_csv_get(csv, ix[C_ACTION]);
    if (strcmp(t, "rate") == 0)
        a->kind = SCHED_RATE;
    else if (strcmp(t, "exempt") == 0)
        a->kind = SCHED_EXEMPT;
    else if (strcmp(t, "supersedes") == 0)
        a->kind = SCHED_SUPERSEDES;
    else
        return tw_csv_fail(csv, ix[C_ACTION], err,
                           "unknown action '%.20s' (rate, exempt or supersedes)", t);
    if ((st = parse_products(s, csv, ix[C_PRODUCTS], list_dir, a, err)))
        return st;
    if ((st = parse_rate_fields(s, csv, ix, a, err)))
        return st;
    a->specificity = 2 * !a->all_exporters + !a->all_products;
    if (ix[C_SOURCE] >= 0)
        snprintf(a->source, sizeof a->source, "%s", tw_csv_get(csv, ix[C_SOURCE]));
    a->line = tw_csv_line(csv);
    const sched_action *b = overlapping(s, a);
    if (b)
        return tw_csv_fail(csv, ix[C_PRODUCTS], err,
                           "overlapping actions: %s line %d sets %s on the same date, exporters "
                           "and products at another rate",
                           s->files[b->file], b->line, s->auth[a->authority]);
    *last_date = a->date;
    *last_line = a->line;
    return match_lines(s, a, err);
}

static tw_status add_file(tw_schedule *s, const char *path, tw_error *err)
{
    void *p = realloc(s->files, (size_t)(s->n_files + 1) * sizeof *s->files);
    if (!p)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    s->files = p;
    snprintf(s->files[s->n_files++], sizeof s->files[0], "%s", path);
    return TW_OK;
}

static tw_status read_actions_csv(tw_schedule *s, tw_csv *csv, const char *path,
                                  const char *list_dir, tw_error *err)
{
    char dir[1024];
    if (list_dir)
        snprintf(dir, sizeof dir, "%s", list_dir);
    else {
        const char *slash = strrchr(path, '/');
        if (slash)
            snprintf(dir, sizeof dir, "%.*s/lists", (int)(slash - path), path);
        else
            snprintf(dir, sizeof dir, "lists");
    }
    const tw_csv_column cols[C_N] = {
        {"date", 1},     {"until", 0},    {"importer", 1}, {"exporters", 1}, {"authority", 1},
        {"action", 1},   {"products", 1}, {"rate", 0},     {"share", 0},     {"basis", 0},
        {"over", 0},     {"source", 0},   {"note", 0}};
    int ix[C_N], has = 0, last_date = INT32_MIN, last_line = 0;
    tw_status st = tw_csv_header(csv, cols, C_N, ix, err);
    if (!st)
        st = add_file(s, path, err);
    while (!st && !(st = tw_csv_next(csv, &has, err)) && has) {
        if (s->n_actions == s->cap_actions) {
            int cap = s->cap_actions ? 2 * s->cap_actions : 64;
            void *p = realloc(s->actions, (size_t)cap * sizeof *s->actions);
            if (!p) {
                st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
                break;
            }
            s->actions = p;
            s->cap_actions = cap;
        }
        sched_action *a = &s->actions[s->n_actions];
        memset(a, 0, sizeof *a);
        a->file = s->n_files - 1;
        st = parse_row(s, csv, ix, dir, &last_date, &last_line, a, err);
        if (st) {
            free(a->exporter);
            free(a->inline_codes.code);
            free(a->match);
            break;
        }
        s->n_actions++;
    }
    return st;
}

tw_status tw_schedule_read_actions(tw_schedule *s, const char *path, const char *list_dir,
                                   tw_error *err)
{
    if (!s || !path)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_schedule_read_actions: NULL");
    if (!s->n_hs6)
        return tw_fail(err, TW_ERR_USAGE, path, 0, 0, NULL, "read the concordance before actions");
    tw_csv *csv = NULL;
    tw_status st = tw_csv_open(path, &csv, err);
    if (st)
        return st;
    st = read_actions_csv(s, csv, path, list_dir, err);
    tw_csv_close(csv);
    return st;
}

tw_status tw_sched_read_actions_buffer(tw_schedule *s, const char *name, const char *data,
                                       size_t len, const char *list_dir, tw_error *err)
{
    if (!s || !name || !data)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_sched_read_actions_buffer: NULL");
    if (!s->n_hs6)
        return tw_fail(err, TW_ERR_USAGE, name, 0, 0, NULL, "read the concordance before actions");
    tw_csv *csv = NULL;
    tw_status st = tw_csv_open_buffer(name, data, len, &csv, err);
    if (st)
        return st;
    st = read_actions_csv(s, csv, name, list_dir, err);
    tw_csv_close(csv);
    return st;
}

int tw_schedule_authority_count(const tw_schedule *s) { return s ? s->n_auth : 0; }

const char *tw_schedule_authority_name(const tw_schedule *s, int a)
{
    return s && a >= 0 && a < s->n_auth ? s->auth[a] : "";
}

int tw_schedule_sector_count(const tw_schedule *s) { return s ? s->n_sectors : 0; }

const char *tw_schedule_sector_name(const tw_schedule *s, int k)
{
    return s && k >= 0 && k < s->n_sectors ? s->sector[k] : "";
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int tw_schedule_dates(const tw_schedule *s, const char *importer, int *dates, int cap)
{
    if (!s || !s->n_actions)
        return 0;
    int *all = malloc((size_t)s->n_actions * 2 * sizeof *all), n = 0;
    if (!all)
        return -1;
    for (int i = 0; i < s->n_actions; i++) {
        const sched_action *a = &s->actions[i];
        if (importer && strcmp(a->importer, importer) != 0)
            continue;
        all[n++] = a->date;
        if (a->until != INT32_MAX)
            all[n++] = a->until;
    }
    qsort(all, (size_t)n, sizeof *all, cmp_int);
    int m = 0;
    for (int i = 0; i < n; i++)
        if (!m || all[i] != all[m - 1])
            all[m++] = all[i];
    for (int i = 0; i < m && i < cap; i++)
        dates[i] = all[i];
    free(all);
    return m;
}
