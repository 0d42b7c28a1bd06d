/* SPDX-License-Identifier: MIT */
/* `tradewar brief`: the numbers readers cite for every step of a scenario's timeline
 * (tradewar/brief.h, docs/brief.md), as a table, JSON or CSV files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/brief_draws.h"
#include "cli/cli.h"
#include "cli/run_out.h"
#include "tradewar/brief.h"
#include "tradewar/strategy.h"

static void help(FILE *out)
{
    tw_solver_options so;
    tw_solver_options_init(&so);
    fprintf(out,
            "Usage: tradewar brief SCENARIO.yaml|NAME [--world NAME|DIR] [--households FILE]\n"
            "                      [--elasticities SET] [--tolerance X] [--max-iterations N]\n"
            "                      [--horizon H] [--json] [--csv DIR]\n"
            "                      [--draws N|sets [--seed S] [--design D] [--correlation R]\n"
            "                       [--threads K] [--shard k/K]]\n"
            "\n"
            "Evaluates a scenario's timeline as 'tradewar run' does and prints, for every date\n"
            "and branch, the numbers readers cite for the players and the watched countries\n"
            "(docs/brief.md): effective tariff rates on goods, statutory (baseline import\n"
            "weights) and after substitution (counterfactual import weights), on each partner\n"
            "and on the world; the change in consumer prices relative to the nominal wage; the\n"
            "cost per household in US dollars of the world's year; tariff revenue, static\n"
            "(rates x baseline flows) and in general equilibrium; real income; and each\n"
            "partner's share of the importer's goods imports before and after.\n"
            "\n"
            "  NAME                 a shipped scenario (see 'tradewar run --list') or a YAML file\n"
            "  --world NAME|DIR     override the scenario's world\n"
            "  --elasticities SET   override the scenario's trade-elasticity set\n"
            "  --horizon H          short, medium, long or years: override the scenario's\n"
            "                       horizon (default: its 'horizon' key, else long; docs/model.md\n"
            "                       2b)\n"
            "  --households FILE    households by country (default: the world's households.csv;\n"
            "                       without one, costs per household are n/a)\n"
            "  --tolerance X        solver tolerance on the equations' residual (default %g)\n"
            "  --max-iterations N   iteration budget of each step's solve (default %d)\n"
            "  --json               the brief as JSON on standard output (docs/json.md)\n"
            "  --csv DIR            write brief_countries.csv and brief_partners.csv into DIR\n"
            "                       (with --draws also bands.csv and draws.csv)\n"
            "\n"
            "A step whose solver does not converge stops the brief (exit 5) and nothing is\n"
            "printed. Exit codes: 2 bad command line, 3 bad scenario or households file, 4 no\n"
            "such scenario or file, or DIR cannot be written.\n\n"
            "Bands (docs/brief.md): with --draws the brief is made again for every draw and\n"
            "each number that depends on the elasticities gets a band (point, 5th, 50th and\n"
            "95th percentile): a band table; JSON {\"point\": brief, \"uncertainty\": ...}.\n",
            so.tolerance, so.max_iterations);
    tw_cli_draws_help(out);
}

typedef struct brief_args {
    const char *file, *world, *csv_dir, *households, *elast;
    double tol, years;
    int json, max_it, has_years;
    tw_cli_draws draws; /* --draws, --seed, ... (cli/draws_cli.h) */
} brief_args;

/* Options with a value at argv[*k]. @return 0 if none, -1 when taken, or an exit code. */
static int parse_valued(int argc, char **argv, int *k, brief_args *a)
{
    const char *v;
    int got;
    const char *names[4] = {"--world", "--csv", "--households", "--elasticities"};
    const char **dest[4] = {&a->world, &a->csv_dir, &a->households, &a->elast};
    for (int q = 0; q < 4; q++)
        if ((got = tw_cli_opt(argc, argv, k, names[q], &v))) {
            if (got < 0)
                return tw_cli_usage_error("brief", "%s needs a value", names[q]);
            *dest[q] = v;
            return -1;
        }
    if ((got = tw_cli_opt(argc, argv, k, "--horizon", &v))) {
        int hr = tw_cli_horizon_arg("brief", got, v, &a->years);
        a->has_years = 1;
        return hr ? hr : -1;
    }
    if ((got = tw_cli_opt(argc, argv, k, "--tolerance", &v))) {
        char *end;
        a->tol = got > 0 ? strtod(v, &end) : 0;
        if (got < 0 || *end || !(a->tol >= 1e-14) || a->tol > 1e-2)
            return tw_cli_usage_error("brief", "--tolerance needs a number in [1e-14, 0.01]");
        return -1;
    }
    if ((got = tw_cli_opt(argc, argv, k, "--max-iterations", &v))) {
        char *end;
        long n = got > 0 ? strtol(v, &end, 10) : 0;
        if (got < 0 || *end || n < 1 || n > 100000000)
            return tw_cli_usage_error("brief", "--max-iterations needs a whole number >= 1");
        a->max_it = (int)n;
        return -1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, brief_args *a)
{
    memset(a, 0, sizeof *a);
    tw_cli_draws_init(&a->draws);
    for (int k = 1; k < argc; k++) {
        int r, got;
        if ((got = tw_cli_draws_opt("brief", argc, argv, &k, &a->draws, &r))) {
            if (got < 0)
                return r;
            continue;
        }
        if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
            help(stdout);
            return TW_EXIT_OK;
        }
        if (strcmp(argv[k], "--json") == 0) {
            a->json = 1;
            continue;
        }
        if ((r = parse_valued(argc, argv, &k, a))) {
            if (r >= 0)
                return r;
            continue;
        }
        if (argv[k][0] == '-')
            return tw_cli_usage_error("brief", "unknown option '%s'", argv[k]);
        if (a->file)
            return tw_cli_usage_error("brief", "more than one scenario given");
        a->file = argv[k];
    }
    if (!a->file)
        return tw_cli_usage_error("brief", "expected a scenario file or name");
    if (tw_cli_draws_check("brief", &a->draws))
        return TW_EXIT_USAGE;
    return -1;
}

/* Households: --households, else the world's households.csv when it has one. *have is 0 when
 * none is known. @return an exit code. */
static int households(const brief_args *a, const char *world, const tw_world *w, double *hh,
                      int *have)
{
    char dir[1000], path[1100];
    struct stat sb;
    *have = 0;
    if (a->households) {
        snprintf(path, sizeof path, "%s", a->households);
    } else {
        if (tw_cli_world_dir(world, dir, sizeof dir))
            return TW_EXIT_OK;
        snprintf(path, sizeof path, "%s/households.csv", dir);
        if (stat(path, &sb) != 0)
            return TW_EXIT_OK;
    }
    tw_error err;
    tw_status st = tw_households_load(path, w, hh, &err);
    if (st) {
        tw_cli_print_error(&err);
        return tw_cli_exit_code(st);
    }
    *have = 1;
    return TW_EXIT_OK;
}

/* A number in a column, "n/a" when unknown; a value that rounds to zero prints without a
 * sign ("0.000", not "-0.000"). */
static void num(double v, const char *fmt, int width)
{
    char buf[64];
    if (isfinite(v)) {
        snprintf(buf, sizeof buf, fmt, width, v);
        if (strspn(buf, " -0.") == strlen(buf) && strchr(buf, '-'))
            snprintf(buf, sizeof buf, fmt, width, 0.0);
        fputs(buf, stdout);
    } else {
        printf("%*s", width, "n/a");
    }
}

/* The rows of one step: groups, then importer-partner pairs. */
static void print_step(const tw_brief *b, int k, double bn)
{
    tw_timeline_step st = tw_timeline_step_get(tw_brief_timeline(b), k);
    int ng = tw_brief_group_count(b), np = tw_brief_player_count(b);
    static const char *const head[3][9] = {
        {"real", "consumer", "cost per", "revenue", "revenue", "revenue", "tariff", "tariff",
         "tariff"},
        {"income", "prices", "household", "static", "GE", "GE", "on world", "on world",
         "on world"},
        {"%", "%", "USD", "USD bn", "USD bn", "before", "before %", "statut.%", "subst.%"}};
    printf("\n%s  %s: %s\n", st.date, st.branch, st.label);
    for (int h = 0; h < 3; h++) {
        printf("%-8s", "");
        for (int c = 0; c < 9; c++)
            printf(" %9s", head[h][c]);
        printf("\n");
    }
    for (int g = 0; g < ng; g++) {
        const tw_brief_country *c = tw_brief_country_get(b, k, g);
        printf("%-8.8s", tw_brief_group_name(b, g));
        num(c->real_income_pct, " %*.3f", 9);
        num(c->cpi_change_pct, " %*.3f", 9);
        num(c->cost_per_household_usd, " %*.0f", 9);
        num(c->tariff_revenue_static * bn, " %*.1f", 9);
        num(c->tariff_revenue_ge * bn, " %*.1f", 9);
        num(c->tariff_revenue_ge_base * bn, " %*.1f", 9);
        num(c->etr_statutory_base_pct, " %*.1f", 9);
        num(c->etr_statutory_pct, " %*.1f", 9);
        num(c->etr_substitution_pct, " %*.1f", 9);
        printf("\n");
    }
    static const char *const phead[3][5] = {
        {"tariff", "tariff", "tariff", "share of", "share of"},
        {"", "", "", "imports", "imports"},
        {"before %", "statut.%", "subst.%", "before %", "after %"}};
    for (int h = 0; h < 3; h++) {
        printf("%-8s %-8s", h == 0 ? "importer" : "", h == 0 ? "partner" : "");
        for (int c = 0; c < 5; c++)
            printf(" %9s", phead[h][c]);
        printf("\n");
    }
    for (int g = 0; g < ng; g++)
        for (int q = 0; q <= ng; q++) {
            /* A player against every partner; a watched country against the players. */
            if (q == g || (g >= np && q >= np))
                continue;
            const tw_brief_pair *p = tw_brief_pair_get(b, k, g, q);
            /* "others" without any country (the groups cover the world): no row. */
            if (q == ng && isnan(p->etr_statutory_pct) && p->import_share_base_pct == 0.0 &&
                p->import_share_pct == 0.0)
                continue;
            printf("%-8.8s %-8.8s", tw_brief_group_name(b, g),
                   q < ng ? tw_brief_group_name(b, q) : "others");
            num(p->etr_statutory_base_pct, " %*.1f", 9);
            num(p->etr_statutory_pct, " %*.1f", 9);
            num(p->etr_substitution_pct, " %*.1f", 9);
            num(p->import_share_base_pct, " %*.1f", 9);
            num(p->import_share_pct, " %*.1f", 9);
            printf("\n");
        }
}

static void print_table(const tw_brief *b, int have_households)
{
    const tw_plan *p = tw_brief_plan(b);
    const tw_scenario *s = tw_plan_scenario(p);
    const tw_world *w = tw_plan_world(p);
    double bn = tw_world_usd_per_unit(w) / 1e9;
    char year[32];
    if (tw_world_year(w))
        snprintf(year, sizeof year, "%d", tw_world_year(w));
    else
        snprintf(year, sizeof year, "an unstated year");
    printf("%s\n", tw_scenario_title(s));
    printf("world %s (%s of %s), deficits %s, elasticities %s; changes against %s\n",
           tw_world_name(w), tw_world_unit(w), year,
           tw_deficit_closure_name(tw_scenario_deficits(s)), tw_world_elasticity_set(w),
           tw_scenario_reference_first(s) ? "the first step" : "the baseline");
    if (tw_world_horizon(w) != TW_HORIZON_LONG)
        tw_cli_print_horizon(stdout, w);
    printf("Real income: exact change in I/P. Consumer prices: final-demand price index\n"
           "relative to the nominal wage. Cost per household: real-income loss x baseline\n"
           "income / households, USD of %s. Revenue: import tariffs, static = rates x\n"
           "baseline flows; GE = the model's. Tariffs: goods; statut(ory) = weighted by\n"
           "baseline imports, subst(itution) = by the step's imports, before = the tariffs\n"
           "before, weighted by baseline imports. Shares: of goods imports. docs/brief.md\n",
           year);
    if (!have_households)
        printf("No households file for this world: costs per household are n/a.\n");
    if (tw_brief_group_count(b) == 0) {
        printf("The scenario names no players and no watched countries (players:, watch:):\n"
               "there is nothing to brief.\n");
        return;
    }
    for (int k = 0; k < tw_brief_steps(b); k++)
        print_step(b, k, bn);
}

static void csv_rows(const tw_brief *b, FILE *fc, FILE *fp)
{
    const tw_world *w = tw_plan_world(tw_brief_plan(b));
    double usd = tw_world_usd_per_unit(w);
    int ng = tw_brief_group_count(b);
    for (int k = 0; k < tw_brief_steps(b); k++) {
        tw_timeline_step st = tw_timeline_step_get(tw_brief_timeline(b), k);
        for (int g = 0; g < ng; g++) {
            const tw_brief_country *c = tw_brief_country_get(b, k, g);
            fprintf(fc, "%d,%s,", k, st.date);
            tw_cli_csv_text(fc, st.branch);
            fprintf(fc, ",%s,%s", tw_brief_group_name(b, g),
                    g < tw_brief_player_count(b) ? "player" : "watched");
            double v[] = {c->real_income_pct, c->cpi_change_pct, c->cpi_change_numeraire_pct,
                          c->income_base * usd, c->households, c->cost_per_household_usd,
                          c->tariff_revenue_static * usd, c->tariff_revenue_ge * usd,
                          c->tariff_revenue_ge_base * usd, c->etr_statutory_base_pct,
                          c->etr_statutory_pct,
                          c->etr_substitution_pct, c->imports_goods_base * usd,
                          c->imports_goods * usd};
            for (size_t q = 0; q < sizeof v / sizeof v[0]; q++)
                tw_cli_csv_num(fc, v[q]);
            fputc('\n', fc);
            for (int q = 0; q <= ng; q++) {
                if (q == g)
                    continue;
                const tw_brief_pair *p = tw_brief_pair_get(b, k, g, q);
                fprintf(fp, "%d,%s,", k, st.date);
                tw_cli_csv_text(fp, st.branch);
                fprintf(fp, ",%s,%s", tw_brief_group_name(b, g),
                        q < ng ? tw_brief_group_name(b, q) : "others");
                tw_cli_csv_num(fp, p->etr_statutory_base_pct);
                tw_cli_csv_num(fp, p->etr_statutory_pct);
                tw_cli_csv_num(fp, p->etr_substitution_pct);
                tw_cli_csv_num(fp, p->import_share_base_pct);
                tw_cli_csv_num(fp, p->import_share_pct);
                fputc('\n', fp);
            }
        }
    }
}

static int write_csv(const tw_brief *b, const char *dir)
{
    int rc = tw_run_ensure_dir(dir);
    if (rc)
        return rc;
    char path[1200];
    FILE *fc = tw_run_open_in(dir, "brief_countries.csv", path, sizeof path);
    FILE *fp = fc ? tw_run_open_in(dir, "brief_partners.csv", path, sizeof path) : NULL;
    if (!fp) {
        if (fc)
            fclose(fc);
        return TW_EXIT_IO;
    }
    tw_tariff_average base = {TW_SECTORS_GOODS, NULL, TW_WEIGHTS_BASELINE};
    tw_tariff_average cf = {TW_SECTORS_GOODS, NULL, TW_WEIGHTS_COUNTERFACTUAL};
    const char *kb = tw_tariff_average_key(&base), *kc = tw_tariff_average_key(&cf);
    fprintf(fc, "step,date,branch,name,role,real_income_pct,cpi_change_pct,"
                "cpi_change_numeraire_pct,income_base_usd,households,cost_per_household_usd,"
                "tariff_revenue_static_usd,tariff_revenue_ge_usd,tariff_revenue_ge_base_usd,"
                "%s_baseline_pct,%s_pct,%s_pct,imports_goods_base_usd,imports_goods_usd\n",
            kb, kb, kc);
    fprintf(fp, "step,date,branch,importer,partner,%s_baseline_pct,%s_pct,%s_pct,"
                "import_share_goods_base_pct,import_share_goods_pct\n",
            kb, kb, kc);
    csv_rows(b, fc, fp);
    int bad = ferror(fc) | ferror(fp);
    bad |= fclose(fc) | fclose(fp);
    if (bad) {
        fprintf(stderr, "tradewar: error: writing CSV files into %s failed\n", dir);
        return TW_EXIT_IO;
    }
    return TW_EXIT_OK;
}

/* Solves the timeline into its brief and writes it. @return an exit code. */
static int brief_run(const brief_args *a, const char *world, const tw_world *w,
                     const tw_scenario *s)
{
    tw_dims d = tw_world_dims(w);
    double *hh = malloc((size_t)d.n * sizeof *hh);
    if (!hh)
        return TW_EXIT_INTERNAL;
    int have = 0, rc = households(a, world, w, hh, &have);
    if (rc) {
        free(hh);
        return rc;
    }
    tw_model_options o;
    tw_model_options_init(&o);
    o.deficits = tw_scenario_deficits(s);
    if (a->tol > 0)
        o.solver.tolerance = a->tol;
    if (a->max_it > 0)
        o.solver.max_iterations = a->max_it;
    tw_cli_solver_progress(&o.solver);
    double crit;
    tw_input_elasticity rule;
    if (tw_scenario_critical_elasticity(s, &crit)) {
        rule = (tw_input_elasticity){TW_NEST_MEMBERS, TW_ALL_SECTORS, crit};
        o.input_elasticities = &rule;
        o.input_elasticity_count = 1;
    }
    tw_brief_options bo;
    tw_brief_options_init(&bo);
    bo.households = have ? hh : NULL;
    tw_model *m = NULL;
    tw_solver *sv = NULL;
    tw_plan *plan = NULL;
    tw_brief *b = NULL;
    tw_error err;
    tw_status st = tw_model_create(w, &o, &m, &err);
    if (!st)
        st = tw_solver_create(m, NULL, &sv, &err);
    if (!st)
        st = tw_scenario_bind(s, w, &plan, &err);
    if (!st)
        st = tw_brief_run(plan, m, sv, tw_scenario_game_solve, NULL, &bo, &b, &err);
    tw_cli_progress_end();
    tw_draws *dr = NULL;
    if (st) {
        tw_cli_print_error(&err);
        rc = tw_cli_exit_code(st);
    } else if (a->draws.on) {
        rc = tw_cli_draws_create(world, w, &a->draws, &dr);
        if (!rc)
            rc = tw_cli_brief_draws(dr, &a->draws, b, s, bo.households, &o);
    }
    free(hh);
    if (rc || st) {
        rc = rc == TW_CLI_DRAWS_DONE ? TW_EXIT_OK : rc; /* a shard or a rank other than 0 */
    } else if (a->json) {
        if (dr) /* docs/json.md: {"point": the brief document, "uncertainty": ...} */
            fputs("{\"point\": ", stdout);
        if ((st = tw_json_write_brief(tw_sink_file(stdout), b, &err))) {
            tw_cli_print_error(&err);
            rc = tw_cli_exit_code(st);
        }
    } else {
        print_table(b, have);
    }
    if (!rc && !st && dr) {
        rc = tw_cli_brief_draws_write(dr, b, a->json, a->csv_dir);
        if (!rc && a->json)
            fputs("}\n", stdout);
    }
    if (!rc && !st && a->csv_dir)
        rc = write_csv(b, a->csv_dir);
    tw_draws_free(dr);
    tw_brief_free(b);
    tw_plan_free(plan);
    tw_solver_free(sv);
    tw_model_free(m);
    return rc;
}

int tw_cli_brief(int argc, char **argv)
{
    brief_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    char path[1200];
    if (tw_run_resolve_scenario(a.file, path, sizeof path)) {
        fprintf(stderr, "tradewar: error: no scenario named '%s' (see 'tradewar run --list', or "
                        "give a path to a YAML file)\n",
                a.file);
        return TW_EXIT_IO;
    }
    tw_error err;
    tw_scenario *s;
    tw_status st = tw_scenario_load(path, &s, &err);
    if (st) {
        tw_cli_print_error(&err);
        return tw_cli_exit_code(st);
    }
    tw_world *w = NULL;
    const char *world = a.world ? a.world : tw_scenario_world(s);
    rc = tw_run_load_world(s, a.world, a.elast, a.has_years ? &a.years : NULL, &w);
    if (!rc)
        rc = brief_run(&a, world, w, s);
    tw_world_free(w);
    tw_scenario_free(s);
    return rc;
}
