/* SPDX-License-Identifier: MIT */
/* tradewar tariffs: the effective tariff rates of a scenario's players, from product-level
 * schedules (tradewar/schedule.h, docs/tariff-schedules.md), beside the model's rates in force at
 * each solved step (docs/cli.md "tariffs"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/run_out.h"
#include "core/calendar.h"
#include "io/json.h"

static void help(FILE *out)
{
    fputs("Usage: tradewar tariffs SCENARIO [--schedule FILE] [--json | --csv DIR]\n"
          "\n"
          "For each solved step (date and branch) of the scenario, the effective tariff of each\n"
          "player on each other player, on each watched country and on the world, from the\n"
          "product-level schedules as enacted: the additional rate over the baseline, trade-\n"
          "weighted with the schedule's baseline product imports (2024 US imports by HS10 and\n"
          "partner; China's 2017 imports from the US by HS8), in total, by sector (JSON, CSV)\n"
          "and by legal authority, with the baseline rate paid (duty / value). Beside it, the\n"
          "model's average tariff on goods in force at that step, weighted by the world's\n"
          "baseline imports (tradewar/groups.h).\n"
          "\n"
          "  --schedule FILE  the schedule's manifest (default: data/schedules/2025/manifest.csv\n"
          "                   of the source tree or the installed data)\n"
          "  --json           one JSON document on standard output (docs/json.md \"tariffs\")\n"
          "  --csv DIR        tariffs.csv (one row per step, pair and sector) in DIR\n"
          "\n"
          "Pairs without product lines in the schedule are left out. Exit codes as for run.\n",
          out);
}

typedef struct pair {
    const char *importer;
    char partner[64];   /* a country, a group (EU27) or "world" */
    char exporters[64]; /* the schedule's exporter codes ("all" for the world) */
    int imp, exp;       /* world indices (-1: group or world) */
    int group[128], n_group;
} pair;

static int file_exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0;
}

static int find_manifest(const char *given, char *out, size_t size)
{
    if (given) {
        snprintf(out, size, "%s", given);
        return 0;
    }
    const char *env = getenv("TRADEWAR_DATA");
    const char *roots[3] = {env, TW_SOURCE_DATA_DIR, TW_DATA_DIR};
    for (int k = 0; k < 3; k++) {
        if (!roots[k] || !*roots[k])
            continue;
        snprintf(out, size, "%s/schedules/2025/manifest.csv", roots[k]);
        if (file_exists(out))
            return 0;
    }
    return -1;
}

/* The pairs: each player with trade lines in the schedule, on each other player, each watched
 * country or group, and the world. */
static int make_pairs(const tw_scenario *sc, const tw_plan *plan, const tw_schedule *s, pair *p,
                      int cap)
{
    const tw_world *w = tw_plan_world(plan);
    int n = 0, np = tw_scenario_player_count(sc), nw = tw_scenario_watch_count(sc);
    for (int a = 0; a < np; a++) {
        const char *imp = tw_scenario_player(sc, a);
        if (tw_schedule_line_count(s, imp) == 0)
            continue;
        for (int b = 0; b < np + nw + 1 && n < cap; b++) {
            const char *par = b < np ? tw_scenario_player(sc, b)
                              : b < np + nw ? tw_scenario_watch(sc, b - np)
                                            : "world";
            if (strcmp(par, imp) == 0 ||
                (strcmp(par, "world") == 0 && tw_schedule_exporter_count(s, imp) < 2))
                continue; /* "world" only where the lines cover several partners */
            pair *q = &p[n];
            memset(q, 0, sizeof *q);
            q->importer = imp;
            snprintf(q->partner, sizeof q->partner, "%s", par);
            q->imp = tw_world_country_index(w, imp);
            q->exp = strcmp(par, "world") == 0 ? -1 : tw_world_country_index(w, par);
            if (strcmp(par, "world") == 0)
                snprintf(q->exporters, sizeof q->exporters, "all");
            else if (strcmp(par, "EU27") == 0)
                snprintf(q->exporters, sizeof q->exporters, "EUN");
            else
                snprintf(q->exporters, sizeof q->exporters, "%s", par);
            if (q->exp < 0 && strcmp(par, "world") != 0)
                q->n_group = tw_plan_country_group(plan, par, q->group, 128);
            n++;
        }
    }
    return n;
}

/* The model's average tariff on goods of the pair in force at a step (fraction). */
static double model_rate(const tw_world *w, const tw_timeline_step *st, const pair *q)
{
    if (q->imp < 0)
        return NAN;
    if (q->exp >= 0)
        return st->bilateral_tariff[(size_t)q->imp * (size_t)tw_world_dims(w).n +
                                    (size_t)q->exp];
    return tw_tariff_average_of_pairs(w, NULL, st->bilateral_tariff, &q->imp, 1, q->group,
                                      q->n_group);
}

typedef struct out_ctx {
    const tw_schedule *s;
    const tw_world *w;
    int json, table;
    tw_json *js;
    FILE *csv;
} out_ctx;

static void write_authorities(const out_ctx *o, const double *part, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int a = 0; a < tw_schedule_authority_count(o->s); a++)
        if (fabs(part[a]) >= 0.005 && used < size) {
            int k = snprintf(buf + used, size - used, "%s%s %.1f", used ? ", " : "",
                             tw_schedule_authority_name(o->s, a), part[a]);
            used += k > 0 ? (size_t)k : 0;
        }
}

static void emit_json_pair(const out_ctx *o, const tw_schedule_average *avg, const pair *q,
                           double model)
{
    tw_json *js = o->js;
    tw_json_object_begin(js);
    tw_json_kv_string(js, "importer", q->importer);
    tw_json_kv_string(js, "partner", q->partner);
    tw_json_kv_number(js, "import_value_usd", avg->total_value);
    tw_json_kv_number(js, "statutory_baseline_paid_pct", avg->total_baseline_pct);
    tw_json_kv_number(js, "statutory_additional_pct", avg->total_additional_pct);
    tw_json_kv_number(js, "statutory_total_pct",
                      avg->total_baseline_pct + avg->total_additional_pct);
    tw_json_key(js, "statutory_additional_by_authority_pct");
    tw_json_object_begin(js);
    for (int a = 0; a < avg->n_authorities; a++)
        tw_json_kv_number(js, tw_schedule_authority_name(o->s, a), avg->total_part_pct[a]);
    tw_json_object_end(js);
    tw_json_kv_number(js, "model_avg_tariff_goods_import_weighted_pct", 100.0 * model);
    tw_json_key(js, "sectors");
    tw_json_array_begin(js);
    for (int k = 0; k < avg->n_sectors; k++) {
        if (!(avg->value[k] > 0))
            continue;
        tw_json_object_begin(js);
        tw_json_kv_string(js, "sector", tw_schedule_sector_name(o->s, k));
        tw_json_kv_number(js, "import_value_usd", avg->value[k]);
        tw_json_kv_number(js, "statutory_baseline_paid_pct", avg->baseline_pct[k]);
        tw_json_kv_number(js, "statutory_additional_pct", avg->additional_pct[k]);
        tw_json_key(js, "statutory_additional_by_authority_pct");
        tw_json_object_begin(js);
        for (int a = 0; a < avg->n_authorities; a++)
            tw_json_kv_number(js, tw_schedule_authority_name(o->s, a),
                              avg->part_pct[(size_t)k * (size_t)avg->n_authorities + (size_t)a]);
        tw_json_object_end(js);
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
    tw_json_object_end(js);
}

/* An RFC 4180 field, always quoted. */
static void csv_quoted(FILE *f, const char *t)
{
    fputc('"', f);
    for (; *t; t++) {
        if (*t == '"')
            fputc('"', f);
        fputc(*t, f);
    }
    fputc('"', f);
}

static void emit_csv_pair(const out_ctx *o, const tw_timeline_step *st,
                          const tw_schedule_average *avg, const pair *q, double model)
{
    for (int k = -1; k < avg->n_sectors; k++) {
        if (k >= 0 && !(avg->value[k] > 0))
            continue;
        double v = k < 0 ? avg->total_value : avg->value[k];
        double b = k < 0 ? avg->total_baseline_pct : avg->baseline_pct[k];
        double x = k < 0 ? avg->total_additional_pct : avg->additional_pct[k];
        fprintf(o->csv, "%s,", st->date);
        csv_quoted(o->csv, st->branch);
        fprintf(o->csv, ",%s,%s,%s,%.17g,", q->importer, q->partner,
                k < 0 ? "total" : tw_schedule_sector_name(o->s, k), v);
        if (isfinite(b))
            fprintf(o->csv, "%.17g", b);
        fprintf(o->csv, ",%.17g", x);
        for (int a = 0; a < avg->n_authorities; a++)
            fprintf(o->csv, ",%.17g",
                    k < 0 ? avg->total_part_pct[a]
                          : avg->part_pct[(size_t)k * (size_t)avg->n_authorities + (size_t)a]);
        if (k < 0 && isfinite(model))
            fprintf(o->csv, ",%.17g\n", 100.0 * model);
        else
            fprintf(o->csv, ",\n");
    }
}

/* One step: every pair. */
static int emit_step(const out_ctx *o, const tw_timeline_step *st, const pair *p, int np)
{
    int day;
    if (tw_date_parse(st->date, &day))
        return TW_EXIT_INTERNAL;
    tw_error err;
    tw_schedule_rates *r = NULL;
    tw_schedule_average avg;
    tw_status rc = tw_schedule_evaluate(o->s, day, &r, &err);
    if (!rc)
        rc = tw_schedule_average_init(o->s, &avg, &err);
    if (rc) {
        tw_schedule_rates_free(r);
        tw_cli_print_error(&err);
        return tw_cli_exit_code(rc);
    }
    if (o->json) {
        tw_json_object_begin(o->js);
        tw_json_kv_string(o->js, "date", st->date);
        tw_json_kv_string(o->js, "branch", st->branch);
        tw_json_key(o->js, "pairs");
        tw_json_array_begin(o->js);
    }
    for (int i = 0; i < np; i++) {
        if (tw_schedule_rates_average(r, p[i].importer, p[i].exporters, &avg, &err))
            continue; /* no product lines for the pair */
        double model = model_rate(o->w, st, &p[i]);
        if (o->json)
            emit_json_pair(o, &avg, &p[i], model);
        if (o->csv)
            emit_csv_pair(o, st, &avg, &p[i], model);
        if (o->table) {
            char parts[512];
            write_authorities(o, avg.total_part_pct, parts, sizeof parts);
            char paid[16], total[16];
            int known = isfinite(avg.total_baseline_pct);
            snprintf(paid, sizeof paid, known ? "%.1f" : "-", avg.total_baseline_pct);
            snprintf(total, sizeof total, known ? "%.1f" : "-",
                     avg.total_baseline_pct + avg.total_additional_pct);
            printf("%-10s  %-14.14s  %-3s <- %-6s  %8s  %8.1f  %8s  %8.1f  %s\n", st->date,
                   st->branch, p[i].importer, p[i].partner, paid, avg.total_additional_pct, total,
                   100.0 * model, parts);
        }
    }
    if (o->json) {
        tw_json_array_end(o->js);
        tw_json_object_end(o->js);
    }
    tw_schedule_average_free(&avg);
    tw_schedule_rates_free(r);
    return TW_EXIT_OK;
}

typedef struct args {
    const char *scenario, *schedule, *csv_dir;
    int json;
} args;

static int parse(int argc, char **argv, args *a)
{
    memset(a, 0, sizeof *a);
    for (int k = 1; k < argc; k++) {
        const char *v = NULL;
        int r;
        if (tw_cli_flag(argv[k], "--help")) {
            help(stdout);
            return -1;
        } else if (tw_cli_flag(argv[k], "--json"))
            a->json = 1;
        else if ((r = tw_cli_opt(argc, argv, &k, "--schedule", &v)) != 0) {
            if (r < 0)
                return tw_cli_usage_error("tariffs", "--schedule needs a file");
            a->schedule = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--csv", &v)) != 0) {
            if (r < 0)
                return tw_cli_usage_error("tariffs", "--csv needs a directory");
            a->csv_dir = v;
        } else if (argv[k][0] == '-')
            return tw_cli_usage_error("tariffs", "unknown option '%s'", argv[k]);
        else if (a->scenario)
            return tw_cli_usage_error("tariffs", "one scenario only ('%s' is a second)", argv[k]);
        else
            a->scenario = argv[k];
    }
    if (!a->scenario)
        return tw_cli_usage_error("tariffs", "a scenario is needed (tradewar run --list)");
    if (a->json && a->csv_dir)
        return tw_cli_usage_error("tariffs", "--json and --csv cannot be combined");
    return 0;
}

static int open_csv(const out_ctx *o, const char *dir, FILE **out)
{
    char path[1100];
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/tariffs.csv", dir);
    *out = fopen(path, "w");
    if (!*out) {
        fprintf(stderr, "tradewar: error: cannot write %s\n", path);
        return TW_EXIT_IO;
    }
    fputs("date,branch,importer,partner,sector,import_value_usd,statutory_baseline_paid_pct,"
          "statutory_additional_pct",
          *out);
    for (int a = 0; a < tw_schedule_authority_count(o->s); a++)
        fprintf(*out, ",statutory_additional_%s_pct", tw_schedule_authority_name(o->s, a));
    fputs(",model_avg_tariff_goods_import_weighted_pct\n", *out);
    return TW_EXIT_OK;
}

static int report(const args *a, const tw_scenario *sc, const tw_plan *plan, const tw_schedule *s,
                  const tw_timeline *t)
{
    pair p[64];
    int np = make_pairs(sc, plan, s, p, 64);
    out_ctx o = {s, tw_plan_world(plan), a->json, !a->json && !a->csv_dir, NULL, NULL};
    tw_json js;
    int rc = TW_EXIT_OK;
    if (a->csv_dir && (rc = open_csv(&o, a->csv_dir, &o.csv)))
        return rc;
    if (o.json) {
        tw_json_init(&js, stdout);
        o.js = &js;
        tw_json_object_begin(&js);
        tw_json_kv_int(&js, "schema_version", TW_JSON_SCHEMA_VERSION);
        tw_json_kv_string(&js, "scenario", tw_scenario_title(sc));
        tw_json_kv_string(&js, "statutory_weights",
                          "baseline product imports of the schedule (sum of value x rate / value)");
        tw_json_kv_string(&js, "model_weights", tw_tariff_average_label(NULL));
        tw_json_key(&js, "steps");
        tw_json_array_begin(&js);
    }
    if (o.table) {
        printf("%s\nStatutory: additional tariff from product-level schedules as enacted, %%, "
               "trade-weighted with baseline product imports; paid = baseline duty / value.\n"
               "Model: %s in the scenario's step, %%.\n\n",
               tw_scenario_title(sc), tw_tariff_average_label(NULL));
        printf("%-10s  %-14s  %-13s  %8s  %8s  %8s  %8s  %s\n", "date", "branch", "pair",
               "paid", "added", "total", "model", "added by authority (points)");
    }
    for (int k = 0; k < tw_timeline_steps(t) && !rc; k++) {
        tw_timeline_step st = tw_timeline_step_get(t, k);
        rc = emit_step(&o, &st, p, np);
    }
    if (o.json) {
        tw_json_array_end(&js);
        tw_json_object_end(&js);
        tw_error err;
        if (tw_json_finish(&js, &err) && !rc) {
            tw_cli_print_error(&err);
            rc = TW_EXIT_IO;
        }
    }
    if (o.csv && fclose(o.csv) != 0 && !rc)
        rc = TW_EXIT_IO;
    return rc;
}

int tw_cli_tariffs(int argc, char **argv)
{
    args a;
    int rc = parse(argc, argv, &a);
    if (rc)
        return rc < 0 ? TW_EXIT_OK : rc;
    char path[1024], manifest[1024];
    if (tw_run_resolve_scenario(a.scenario, path, sizeof path)) {
        fprintf(stderr, "tradewar: error: no scenario '%s' (tradewar run --list)\n", a.scenario);
        return TW_EXIT_IO;
    }
    if (find_manifest(a.schedule, manifest, sizeof manifest)) {
        fprintf(stderr, "tradewar: error: no schedule manifest found (give --schedule FILE)\n");
        return TW_EXIT_IO;
    }
    tw_error err;
    tw_scenario *sc = NULL;
    tw_schedule *s = NULL;
    tw_world *w = NULL;
    tw_model *m = NULL;
    tw_plan *plan = NULL;
    tw_timeline *t = NULL;
    tw_solver *sv = NULL;
    tw_status st = tw_scenario_load(path, &sc, &err);
    if (!st)
        st = tw_schedule_create(&s, &err);
    if (!st)
        st = tw_schedule_read_manifest(s, manifest, &err);
    if (st) {
        tw_cli_print_error(&err);
        rc = tw_cli_exit_code(st);
        goto done;
    }
    if ((rc = tw_cli_load_world(tw_scenario_world(sc), tw_scenario_elasticities(sc), &w)))
        goto done;
    tw_model_options mo;
    tw_model_options_init(&mo);
    mo.deficits = tw_scenario_deficits(sc);
    st = tw_model_create(w, &mo, &m, &err);
    if (!st)
        st = tw_solver_create(m, NULL, &sv, &err);
    if (!st)
        st = tw_scenario_bind(sc, w, &plan, &err);
    if (!st)
        st = tw_timeline_run(plan, m, sv, &t, &err);
    if (st) {
        tw_cli_print_error(&err);
        rc = tw_cli_exit_code(st);
        goto done;
    }
    rc = report(&a, sc, plan, s, t);
done:
    tw_timeline_free(t);
    tw_solver_free(sv);
    tw_plan_free(plan);
    tw_model_free(m);
    tw_world_free(w);
    tw_schedule_free(s);
    tw_scenario_free(sc);
    return rc;
}
