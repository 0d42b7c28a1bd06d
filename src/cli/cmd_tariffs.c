/* SPDX-License-Identifier: MIT */
/* tradewar tariffs: the effective tariff rates of a scenario's players, from product-level
 * schedules (tradewar/schedule.h, docs/tariff-schedules.md), beside the model's rates in force at
 * each solved step and after substitution (docs/cli.md "tariffs"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/run_out.h"
#include "cli/tariffs_model.h"
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
          "baseline imports (tradewar/groups.h), and after substitution: the same tariffs\n"
          "weighted by the step's counterfactual imports, in total and by sector. The world\n"
          "is loaded at the scenario's horizon key (as for run).\n"
          "\n"
          "  --schedule FILE  the schedule's manifest (default: data/schedules/2025/manifest.csv\n"
          "                   of the source tree or the installed data)\n"
          "  --json           one JSON document on standard output (docs/json.md \"tariffs\")\n"
          "  --csv DIR        tariffs.csv (one row per step, pair and sector) in DIR\n"
          "\n"
          "Pairs without product lines in the schedule are left out. Exit codes as for run.\n",
          out);
}

typedef tw_tariffs_pair pair;

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
    const tw_tariffs_model *tm; /* the model's rates by step and pair */
    double usd;                 /* US dollars per money unit of the world */
} out_ctx;

/* The world sector of schedule sector k (-1 if the world has no sector of that code). */
static int world_sector(const out_ctx *o, int k)
{
    int j = tw_world_sector_index(o->w, tw_schedule_sector_name(o->s, k));
    return j >= 0 && tw_world_sector_is_goods(o->w, j) ? j : -1;
}

/* The model's rates of pair q in one sector or goods (mr: entry 0 or 1 + j). */
static void emit_json_model(const out_ctx *o, const tw_tariffs_model_rate *mr)
{
    tw_json_kv_number(o->js, "model_avg_tariff_import_weighted_pct", 100.0 * mr->in_force);
    tw_json_kv_number(o->js, "model_avg_tariff_counterfactual_import_weighted_pct",
                      100.0 * mr->after);
    tw_json_kv_number(o->js, "model_import_value_counterfactual_usd", mr->value_after * o->usd);
}

/* Every goods sector of the world with the model's rates of the pair (the weights sum to the
 * pair's goods total). */
static void emit_json_model_sectors(const out_ctx *o, const tw_tariffs_model_rate *mr)
{
    tw_json_key(o->js, "model_sectors");
    tw_json_array_begin(o->js);
    for (int j = 0; j < tw_world_dims(o->w).j; j++) {
        if (!tw_world_sector_is_goods(o->w, j))
            continue;
        tw_json_object_begin(o->js);
        tw_json_kv_string(o->js, "sector", tw_world_sector_code(o->w, j));
        emit_json_model(o, &mr[1 + j]);
        tw_json_object_end(o->js);
    }
    tw_json_array_end(o->js);
}

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
                           double model, const tw_tariffs_model_rate *mr)
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
    tw_json_kv_number(js, "model_avg_tariff_goods_counterfactual_import_weighted_pct",
                      100.0 * mr[0].after);
    tw_json_kv_number(js, "model_import_value_goods_counterfactual_usd",
                      mr[0].value_after * o->usd);
    emit_json_model_sectors(o, mr);
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
        int j = world_sector(o, k);
        const tw_tariffs_model_rate none = {NAN, NAN, NAN};
        emit_json_model(o, j >= 0 ? &mr[1 + j] : &none);
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
                          const tw_schedule_average *avg, const pair *q, double model,
                          const tw_tariffs_model_rate *mr)
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
        int j = k < 0 ? -1 : world_sector(o, k);
        const tw_tariffs_model_rate *r = k < 0 ? &mr[0] : j >= 0 ? &mr[1 + j] : NULL;
        double in_force = k < 0 ? model : r ? r->in_force : NAN;
        double cells[3] = {100.0 * in_force, r ? 100.0 * r->after : NAN,
                           r ? r->value_after * o->usd : NAN};
        for (int c = 0; c < 3; c++)
            if (isfinite(cells[c]))
                fprintf(o->csv, ",%.17g", cells[c]);
            else
                fputc(',', o->csv);
        fputc('\n', o->csv);
    }
}

/* One step: every pair. */
static int emit_step(const out_ctx *o, int step, const tw_timeline_step *st, const pair *p,
                     int np)
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
        const tw_tariffs_model_rate *mr = tw_tariffs_model_get(o->tm, step, i);
        if (!mr) {
            tw_schedule_average_free(&avg);
            tw_schedule_rates_free(r);
            fprintf(stderr, "tradewar: error: tariffs: step %d has no model rates\n", step);
            return TW_EXIT_INTERNAL;
        }
        if (o->json)
            emit_json_pair(o, &avg, &p[i], model, mr);
        if (o->csv)
            emit_csv_pair(o, st, &avg, &p[i], model, mr);
        if (o->table) {
            char parts[512];
            write_authorities(o, avg.total_part_pct, parts, sizeof parts);
            char paid[16], total[16];
            int known = isfinite(avg.total_baseline_pct);
            snprintf(paid, sizeof paid, known ? "%.1f" : "-", avg.total_baseline_pct);
            snprintf(total, sizeof total, known ? "%.1f" : "-",
                     avg.total_baseline_pct + avg.total_additional_pct);
            printf("%-10s  %-14.14s  %-3s <- %-6s  %8s  %8.1f  %8s  %8.1f  %8.1f  %s\n",
                   st->date, st->branch, p[i].importer, p[i].partner, paid,
                   avg.total_additional_pct, total, 100.0 * model, 100.0 * mr[0].after, parts);
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
    fputs(",model_avg_tariff_goods_import_weighted_pct,"
          "model_avg_tariff_goods_counterfactual_import_weighted_pct,"
          "model_import_value_goods_counterfactual_usd\n",
          *out);
    return TW_EXIT_OK;
}

static int report(const args *a, const tw_scenario *sc, const tw_schedule *s, const pair *p,
                  int np, const tw_tariffs_model *tm, const tw_timeline *t)
{
    out_ctx o = {s,    tm->w, a->json, !a->json && !a->csv_dir, NULL, NULL, tm,
                 tw_world_usd_per_unit(tm->w)};
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
        tw_tariff_average cf = {TW_SECTORS_GOODS, NULL, TW_WEIGHTS_COUNTERFACTUAL};
        tw_json_kv_string(&js, "model_weights_after_substitution", tw_tariff_average_label(&cf));
        tw_json_key(&js, "steps");
        tw_json_array_begin(&js);
    }
    if (o.table) {
        printf("%s\nStatutory: additional tariff from product-level schedules as enacted, %%, "
               "trade-weighted with baseline product imports; paid = baseline duty / value.\n"
               "Model: %s in the scenario's step, %%; after: the same tariffs weighted by the "
               "step's counterfactual imports (after substitution), %%.\n\n",
               tw_scenario_title(sc), tw_tariff_average_label(NULL));
        printf("%-10s  %-14s  %-13s  %8s  %8s  %8s  %8s  %8s  %s\n", "date", "branch", "pair",
               "paid", "added", "total", "model", "after", "added by authority (points)");
    }
    for (int k = 0; k < tw_timeline_steps(t) && !rc; k++) {
        tw_timeline_step st = tw_timeline_step_get(t, k);
        rc = emit_step(&o, k, &st, p, np);
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
    pair p[64];
    int np = 0;
    tw_tariffs_model tm;
    memset(&tm, 0, sizeof tm);
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
    /* The world at the scenario's horizon key, as run and brief load it. */
    if ((rc = tw_run_load_world(sc, NULL, NULL, NULL, &w)))
        goto done;
    tw_model_options mo;
    tw_model_options_init(&mo);
    mo.deficits = tw_scenario_deficits(sc);
    double crit;
    tw_input_elasticity rule;
    if (tw_scenario_critical_elasticity(sc, &crit)) {
        rule = (tw_input_elasticity){TW_NEST_MEMBERS, TW_ALL_SECTORS, crit};
        mo.input_elasticities = &rule;
        mo.input_elasticity_count = 1;
    }
    st = tw_model_create(w, &mo, &m, &err);
    if (!st)
        st = tw_solver_create(m, NULL, &sv, &err);
    if (!st)
        st = tw_scenario_bind(sc, w, &plan, &err);
    if (!st) {
        np = make_pairs(sc, plan, s, p, 64);
        tw_tariffs_model_init(&tm, w, p, np);
        st = tw_timeline_run_observed(plan, m, sv, tw_scenario_game_solve, NULL,
                                      tw_tariffs_model_observe, &tm, &t, &err);
    }
    if (st) {
        tw_cli_print_error(&err);
        rc = tw_cli_exit_code(st);
        goto done;
    }
    rc = report(&a, sc, s, p, np, &tm, t);
done:
    tw_tariffs_model_free(&tm);
    tw_timeline_free(t);
    tw_solver_free(sv);
    tw_plan_free(plan);
    tw_model_free(m);
    tw_world_free(w);
    tw_schedule_free(s);
    tw_scenario_free(sc);
    return rc;
}
