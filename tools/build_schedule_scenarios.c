/* SPDX-License-Identifier: MIT */
/* Writes scenarios/us_china_2025.yaml and scenarios/us_tariffs_2025.yaml from the product-level
 * 2025 schedules (data/schedules/2025: us.csv, china.csv, canada.csv; weights, concordance and
 * lists in data/raw/us_tariffs_2025). At each event date every importer's additional rate on
 * each partner is aggregated to the world's goods sectors with the schedule layer
 * (tradewar/schedule.h: trade-weighted with the baseline product lines), and the event adds the
 * change of that rate since the importer's previous event. A sector without product lines for a
 * pair (none in the weights) takes the pair's rate over all its lines.
 *
 * With each, a variant (us_china_2025_paid.yaml, us_tariffs_2025_paid.yaml) whose first event,
 * at the baseline date, sets the US tariffs to the duties paid in 2024 (calculated duty /
 * value by sector over the product lines) and whose results are against that first step.
 *
 * Usage: build_schedule_scenarios --raw data/raw --schedules data/schedules/2025
 *            --world data/icio2022 --out scenarios */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "tariff/schedule_internal.h"
#include "tool_util.h"
#include "tradewar/schedule.h"

#define MAXK 64

typedef struct ctx {
    tw_schedule *s;
    tt_list sectors;   /* the world's goods sectors */
    tt_list countries; /* the world's countries */
    int map[MAXK];     /* world goods sector -> schedule sector (-1: none) */
} ctx;

static void check(tw_status st, const tw_error *err)
{
    if (st) {
        char buf[2048];
        tw_error_format(err, buf, sizeof buf);
        tt_die("%s", buf);
    }
}

static void load(ctx *c, const char *raw, const char *sched, const char *world)
{
    tw_error err;
    char *p = tt_path(sched, "manifest.csv");
    (void)raw; /* the manifest names the raw files (data/raw/us_tariffs_2025) */
    check(tw_schedule_create(&c->s, &err), &err);
    check(tw_schedule_read_manifest(c->s, p, &err), &err);
    free(p);
    /* the world's goods sectors and countries */
    int ix[4];
    static const tw_csv_column scol[] = {{"code", 1}, {"name", 0}, {"theta", 0}, {"goods", 1}};
    tw_csv *csv = tt_open(world, "sectors.csv", scol, 4, ix);
    while (tt_next(csv))
        if (tt_num(csv, ix[3]) == 1) {
            if (c->sectors.n == MAXK)
                tt_fail_at(csv, ix[0], "too many sectors");
            tt_list_add(&c->sectors, tw_csv_get(csv, ix[0]));
        }
    tw_csv_close(csv);
    static const tw_csv_column ccol[] = {{"code", 1}, {"name", 1}};
    csv = tt_open(world, "countries.csv", ccol, 2, ix);
    while (tt_next(csv))
        tt_list_add(&c->countries, tw_csv_get(csv, ix[0]));
    tw_csv_close(csv);
    for (int k = 0; k < c->sectors.n; k++) {
        c->map[k] = -1;
        for (int q = 0; q < tw_schedule_sector_count(c->s); q++)
            if (strcmp(tw_schedule_sector_name(c->s, q), c->sectors.item[k]) == 0)
                c->map[k] = q;
        if (c->map[k] < 0)
            tt_note("world sector %s has no HS6 in the concordance: no tariff changes",
                    c->sectors.item[k]);
    }
}

/* Additional rate (%) of importer on exporter by world goods sector on a date. */
static void rates_at(const ctx *c, const tw_schedule_rates *r, const char *importer,
                     const char *exporter, double *out)
{
    tw_error err;
    tw_schedule_average avg;
    check(tw_schedule_average_init(c->s, &avg, &err), &err);
    check(tw_schedule_rates_average(r, importer, exporter, &avg, &err), &err);
    for (int k = 0; k < c->sectors.n; k++) {
        int q = c->map[k];
        if (q < 0) {
            out[k] = 0;
            continue;
        }
        out[k] = avg.value[q] > 0 ? avg.additional_pct[q] : avg.total_additional_pct;
    }
    tw_schedule_average_free(&avg);
}

static tw_schedule_rates *evaluate(const ctx *c, int date)
{
    tw_error err;
    tw_schedule_rates *r = NULL;
    check(tw_schedule_evaluate(c->s, date, &r, &err), &err);
    return r;
}

/* Rounds to the 1e-4 points written. */
static double r4(double x) { return round(x * 1e4) / 1e4; }

/* Writes the lines of one pair whose rounded rate changed; returns how many. */
static int write_changes(FILE *f, const ctx *c, const char *imp, const char *exp_yaml,
                         const double *before, const double *after)
{
    int n = 0;
    for (int k = 0; k < c->sectors.n; k++) {
        double d = r4(after[k]) - r4(before[k]);
        if (fabs(d) < 5e-5)
            continue;
        fprintf(f, "      - {importers: %s, exporters: %s, sectors: %s, add: %.4f%%}\n", imp,
                exp_yaml, c->sectors.item[k], d);
        n++;
    }
    return n;
}

/* Comment lines naming the sources of the actions of an importer dated in (from, to]. */
static int names_exporter(const sched_action *a, const char *exporter)
{
    if (!exporter || a->all_exporters)
        return 1;
    for (int i = 0; i < a->n_exporters; i++)
        if (strcmp(a->exporter[i], exporter) == 0)
            return 1;
    return 0;
}

static void write_sources(FILE *f, const ctx *c, const char *importer, const char *exporter,
                          int from, int to)
{
    tt_list seen = {0};
    for (int i = 0; i < c->s->n_actions; i++) {
        const sched_action *a = &c->s->actions[i];
        if (strcmp(a->importer, importer) != 0 || a->date <= from || a->date > to ||
            a->kind == SCHED_SUPERSEDES || !a->source[0] || !names_exporter(a, exporter) ||
            tt_list_find(&seen, a->source) >= 0)
            continue;
        tt_list_add(&seen, a->source);
        char d[16];
        tw_date_format(a->date, d, sizeof d);
        fprintf(f, "  # %s %s (%s): %s\n", importer, d, c->s->auth[a->authority], a->source);
    }
    tt_list_free(&seen);
}

static int day(const char *text)
{
    int d;
    if (tw_date_parse(text, &d))
        tt_die("bad date %s", text);
    return d;
}

#include "build_schedule_scenarios_text.h"

/* The header of a scenario; with paid, the variant that starts from the duties paid in 2024:
 * its title says so, its results are against the first step (reference: first), and a comment
 * says why. */
static void write_header(FILE *f, const char *header, int paid)
{
    if (!paid) {
        fputs(header, f);
        return;
    }
    const char *p = header;
    if (strncmp(p, "# SPDX", 6) == 0) { /* the licence line stays first */
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p + 1) : strlen(p);
        fwrite(p, 1, n, f);
        p += n;
    }
    fputs(paid_header, f);
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p + 1) : strlen(p);
        if (strncmp(p, "title: \"", 8) == 0 && n > 10) /* title: "...": insert before the quote */
            fprintf(f, "%.*s (from the US duties paid in 2024)\"\n", (int)(n - 2), p);
        else if (strncmp(p, "baseline: ", 10) == 0) /* the start event needs a day before it */
            fputs("baseline: 2024-12-31\nreference: first\n", f);
        else
            fwrite(p, 1, n, f);
        p += n;
    }
}

/* The paid variant's first event: at the baseline date, the US tariff on each partner in
 * yaml (codes: the schedule's exporter codes) set, sector by sector, to the duty paid in 2024
 * over the sector's product lines (calculated duty / customs value); sectors without lines for
 * the pair keep the world's rate. */
static void write_paid_start(FILE *f, const ctx *c, const tt_list *codes, const tt_list *yaml)
{
    tw_error err;
    tw_schedule_average avg;
    check(tw_schedule_average_init(c->s, &avg, &err), &err);
    tw_schedule_rates *r = evaluate(c, day("2025-01-01"));
    fputs(paid_start_comment, f);
    fputs("  - date: 2025-01-01\n    label: \"Start: US tariffs as paid in 2024\"\n"
          "    tariffs:\n",
          f);
    for (int p = 0; p < codes->n; p++) {
        check(tw_schedule_rates_average(r, "USA", codes->item[p], &avg, &err), &err);
        for (int k = 0; k < c->sectors.n; k++) {
            int q = c->map[k];
            if (q < 0 || !(avg.value[q] > 0) || !isfinite(avg.baseline_pct[q]))
                continue;
            fprintf(f, "      - {importers: USA, exporters: %s, sectors: %s, set: %.4f%%}\n",
                    yaml->item[p], c->sectors.item[k], r4(avg.baseline_pct[q]));
        }
    }
    tw_schedule_rates_free(r);
    tw_schedule_average_free(&avg);
}

/* us_china_2025.yaml: the events of the hand-written timeline, each importer's rates at the
 * event date from the schedules. */
static void write_us_china(const ctx *c, const char *out_dir, int paid)
{
    char *path = tt_path(out_dir, paid ? "us_china_2025_paid.yaml" : "us_china_2025.yaml");
    FILE *f = fopen(path, "w");
    if (!f)
        tt_die("cannot write %s", path);
    write_header(f, us_china_header, paid);
    if (paid) {
        tt_list code = {0}, yaml = {0};
        tt_list_add(&code, "CHN");
        tt_list_add(&yaml, "CHN");
        write_paid_start(f, c, &code, &yaml);
        tt_list_free(&code);
        tt_list_free(&yaml);
    }
    double prev[2][MAXK] = {{0}}, now[MAXK];
    int last[2] = {day("2025-01-01"), day("2025-01-01")};
    for (int e = 0; e < (int)(sizeof us_china_events / sizeof us_china_events[0]); e++) {
        const event *ev = &us_china_events[e];
        int d = day(ev->date);
        if (ev->comment)
            fputs(ev->comment, f);
        for (int side = 0; side < 2; side++) {
            const char *imp = side ? "CHN" : "USA";
            if (ev->who & (1 << side))
                write_sources(f, c, imp, side ? "USA" : "CHN", last[side], d);
        }
        fprintf(f, "  - date: %s\n", ev->date);
        if (ev->branch)
            fprintf(f, "    branch: %s\n", ev->branch);
        fprintf(f, "    label: \"%s\"\n    tariffs:\n", ev->label);
        int n = 0;
        tw_schedule_rates *r = evaluate(c, d);
        for (int side = 0; side < 2; side++) {
            if (!(ev->who & (1 << side)))
                continue;
            const char *imp = side ? "CHN" : "USA", *exp = side ? "USA" : "CHN";
            rates_at(c, r, imp, exp, now);
            n += write_changes(f, c, imp, exp, prev[side], now);
            memcpy(prev[side], now, sizeof now);
            last[side] = d;
        }
        tw_schedule_rates_free(r);
        if (!n)
            tt_die("event %s (%s) changes no rate", ev->date, ev->label);
        if (ev->truce)
            fputs(ev->truce, f);
    }
    tt_finish(f, path);
    free(path);
}

/* The partners of an importer in the world with product lines: "EUN" becomes EU27. */
static int partners(const ctx *c, const char *importer, tt_list *codes, tt_list *yaml)
{
    int imp = tw_sched_country_find(c->s, importer);
    for (long l = 0; l < c->s->n_lines; l++) {
        const sched_line *ln = &c->s->lines[l];
        const char *ex = c->s->country[ln->exporter];
        if (ln->importer != imp || tt_list_find(codes, ex) >= 0)
            continue;
        if (strcmp(ex, "EUN") == 0 || tt_list_find(&c->countries, ex) >= 0) {
            tt_list_add(codes, ex);
            tt_list_add(yaml, strcmp(ex, "EUN") == 0 ? "EU27" : ex);
        }
    }
    return codes->n;
}

/* us_tariffs_2025.yaml: an event at every date of the three schedules in 2025. */
static void write_programme(const ctx *c, const char *out_dir, int paid)
{
    char *path = tt_path(out_dir, paid ? "us_tariffs_2025_paid.yaml" : "us_tariffs_2025.yaml");
    FILE *f = fopen(path, "w");
    if (!f)
        tt_die("cannot write %s", path);
    write_header(f, programme_header, paid);
    const char *importers[3] = {"USA", "CHN", "CAN"};
    tt_list codes[3] = {{0}}, yaml[3] = {{0}};
    double *prev[3];
    for (int i = 0; i < 3; i++) {
        partners(c, importers[i], &codes[i], &yaml[i]);
        prev[i] = tt_calloc((size_t)codes[i].n * MAXK, sizeof(double));
    }
    if (paid)
        write_paid_start(f, c, &codes[0], &yaml[0]);
    int dates[256];
    int nd = tw_schedule_dates(c->s, NULL, dates, 256);
    if (nd < 0 || nd > 256)
        tt_die("too many dates");
    int start = day("2025-01-02"), end = day("2025-12-31"), last = day("2025-01-01");
    double now[MAXK];
    for (int t = 0; t < nd; t++) {
        if (dates[t] < start || dates[t] > end)
            continue;
        char ds[16];
        tw_date_format(dates[t], ds, sizeof ds);
        const char *label = programme_label(ds);
        if (!label)
            tt_die("no label for the schedule date %s (add it to build_schedule_scenarios_text.h)",
                   ds);
        for (int i = 0; i < 3; i++)
            write_sources(f, c, importers[i], NULL, last, dates[t]);
        fprintf(f, "  - date: %s\n    label: \"%s\"\n    tariffs:\n", ds, label);
        int n = 0;
        tw_schedule_rates *r = evaluate(c, dates[t]);
        for (int i = 0; i < 3; i++)
            for (int p = 0; p < codes[i].n; p++) {
                rates_at(c, r, importers[i], codes[i].item[p], now);
                n += write_changes(f, c, importers[i], yaml[i].item[p], prev[i] + p * MAXK, now);
                memcpy(prev[i] + p * MAXK, now, sizeof now);
            }
        tw_schedule_rates_free(r);
        if (!n)
            tt_die("schedule date %s changes no sector rate", ds);
        last = dates[t];
    }
    for (int i = 0; i < 3; i++) {
        free(prev[i]);
        tt_list_free(&codes[i]);
        tt_list_free(&yaml[i]);
    }
    tt_finish(f, path);
    free(path);
}

int main(int argc, char **argv)
{
    tt_set_program(argv[0]);
    const char *raw = NULL, *sched = NULL, *world = NULL, *out = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--raw") == 0)
            raw = argv[i + 1];
        else if (strcmp(argv[i], "--schedules") == 0)
            sched = argv[i + 1];
        else if (strcmp(argv[i], "--world") == 0)
            world = argv[i + 1];
        else if (strcmp(argv[i], "--out") == 0)
            out = argv[i + 1];
        else
            tt_die("unknown option %s", argv[i]);
    }
    if (!raw || !sched || !world || !out)
        tt_die("usage: build_schedule_scenarios --raw DIR --schedules DIR --world DIR --out DIR");
    ctx c = {0};
    load(&c, raw, sched, world);
    for (int paid = 0; paid < 2; paid++) {
        write_us_china(&c, out, paid);
        write_programme(&c, out, paid);
    }
    tw_schedule_free(c.s);
    tt_list_free(&c.sectors);
    tt_list_free(&c.countries);
    return 0;
}
