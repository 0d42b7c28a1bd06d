/* SPDX-License-Identifier: MIT */
/* `tradewar solve`: one counterfactual from a shock file, as a table, JSON or CSV files. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "io/json.h"

static void help(FILE *out)
{
    fputs("Usage: tradewar solve --shock FILE [--world NAME|DIR] [--deficits CLOSURE]\n"
          "                      [--elasticities SET] [--input-elasticity INPUT:USER=X]...\n"
          "                      [--critical-elasticity X] [--json | --csv DIR] [--all]\n"
          "\n"
          "Solves the general equilibrium after the changes in FILE and reports, relative to\n"
          "the baseline: each country's exact real income, the Caliendo-Parro terms-of-trade\n"
          "and volume-of-trade decomposition, real wage, wage and price changes; bilateral\n"
          "trade before and after; output by sector (in --json and --csv).\n"
          "\n"
          "  --shock FILE         CSV: importer,exporter,sector,tariff[,tariff_add][,iceberg_hat]\n"
          "                       (new tariff levels as fractions, additions to them, and\n"
          "                       multiplicative trade-cost changes; '*' means all, sector may be\n"
          "                       'goods' or 'services'; see docs/cli.md)\n"
          "  --world NAME|DIR     shipped world (icio2022, icio2022re, cp1993) or a dir. (default\n"
          "                       icio2022)\n"
          "  --deficits CLOSURE   fixed (default), zero or proportional (docs/model.md)\n"
          "  --elasticities SET   trade-elasticity set of the world (see 'world show')\n"
          "  --input-elasticity INPUT:USER=X\n"
          "                       put input sector INPUT ('*': all) in the CES nest of using\n"
          "                       sector USER ('*': all) with elasticity of substitution X in\n"
          "                       [0, 20] (1 Cobb-Douglas, < 1 complements); repeatable, in order\n"
          "  --critical-elasticity X\n"
          "                       set the elasticity of every input nest of the world (for\n"
          "                       example the rare-earth nest of icio2022re) to X\n"
          "  --tolerance X        solver tolerance on the equations' residual, in [1e-14,\n"
          "                       0.01] (default 1e-10)\n"
          "  --max-iterations N   iteration budget of each solve (default 20000)\n"
          "  --json               machine-readable results on standard output\n"
          "  --csv DIR            write countries.csv, trade.csv and output.csv into DIR\n"
          "  --all                list every country in the table (default: the countries the\n"
          "                       shock touches and the largest other movers)\n",
          out);
}

#define MAX_NEST_OPTS 64

typedef struct solve_args {
    const char *world, *shock, *elast, *csv_dir;
    const char *nest_opt[MAX_NEST_OPTS], *nest_val[MAX_NEST_OPTS]; /* in command-line order */
    int nnest;
    tw_deficit_closure closure;
    double tol;
    int json, all, max_it;
} solve_args;

static void print_solver_json(tw_json *js, const char *key, tw_solver_report r)
{
    tw_json_key(js, key);
    tw_json_object_begin(js);
    tw_json_kv_bool(js, "converged", r.converged);
    tw_json_kv_int(js, "iterations", r.iterations);
    tw_json_kv_number(js, "residual", r.residual);
    tw_json_kv_number(js, "seconds", r.seconds);
    tw_json_object_end(js);
}

static double pct_change(double after, double before)
{
    return before > 0 ? 100.0 * (after / before - 1.0) : NAN;
}

static void write_json(const tw_world *w, const solve_args *a, const tw_results *r,
                       tw_solver_report base, tw_solver_report rep, const tw_model *m)
{
    tw_dims d = r->d;
    tw_json js;
    tw_json_init(&js, stdout);
    tw_json_object_begin(&js);
    tw_json_kv_string(&js, "world", tw_world_name(w));
    tw_json_kv_string(&js, "unit", tw_world_unit(w));
    tw_json_kv_string(&js, "shock", a->shock);
    tw_json_kv_string(&js, "deficits", tw_deficit_closure_name(a->closure));
    tw_json_kv_string(&js, "elasticities", tw_world_elasticity_set(w));
    tw_json_kv_number(&js, "world_real_income_pct", r->world_real_income_pct);
    /* CES input nests in force: [{using_sector, elasticity, inputs: [...]}] */
    tw_json_key(&js, "input_nests");
    tw_json_array_begin(&js);
    for (int j = 0; j < r->d.j; j++) {
        int members = 0;
        for (int k = 0; k < r->d.j; k++)
            members += tw_model_input_nested(m, k, j);
        if (!members)
            continue;
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "using_sector", tw_world_sector_code(w, j));
        tw_json_kv_number(&js, "elasticity", tw_model_input_elasticity(m, j));
        tw_json_key(&js, "inputs");
        tw_json_array_begin(&js);
        for (int k = 0; k < r->d.j; k++)
            if (tw_model_input_nested(m, k, j))
                tw_json_string(&js, tw_world_sector_code(w, k));
        tw_json_array_end(&js);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_key(&js, "countries");
    tw_json_array_begin(&js);
    for (int n = 0; n < d.n; n++) {
        const tw_country_result *c = &r->country[n];
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", tw_world_country_code(w, n));
        tw_json_kv_number(&js, "real_income_pct", c->real_income_pct);
        tw_json_kv_number(&js, "tot_pct", c->tot_pct);
        tw_json_kv_number(&js, "vot_pct", c->vot_pct);
        tw_json_kv_number(&js, "trade_cost_pct", c->trade_cost_pct);
        tw_json_kv_number(&js, "welfare_decomp_pct", c->welfare_decomp_pct);
        tw_json_kv_number(&js, "real_wage_pct", c->real_wage_pct);
        tw_json_kv_number(&js, "wage_hat", c->wage_hat);
        tw_json_kv_number(&js, "price_hat", c->price_hat);
        tw_json_kv_number(&js, "income_hat", c->income_hat);
        tw_json_kv_number(&js, "tariff_revenue_baseline", c->tariff_revenue_base);
        tw_json_kv_number(&js, "tariff_revenue", c->tariff_revenue);
        tw_json_kv_number(&js, "avg_tariff_baseline", r->avg_tariff_base[n]);
        tw_json_kv_number(&js, "avg_tariff", r->avg_tariff[n]);
        tw_json_kv_number(&js, "exports_baseline", c->exports_base);
        tw_json_kv_number(&js, "exports", c->exports);
        tw_json_kv_number(&js, "imports_baseline", c->imports_base);
        tw_json_kv_number(&js, "imports", c->imports);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_key(&js, "trade");
    tw_json_array_begin(&js);
    for (int i = 0; i < d.n; i++)
        for (int n = 0; n < d.n; n++) {
            if (i == n)
                continue;
            size_t at = (size_t)n * d.n + i;
            tw_json_object_begin(&js);
            tw_json_kv_string(&js, "exporter", tw_world_country_code(w, i));
            tw_json_kv_string(&js, "importer", tw_world_country_code(w, n));
            tw_json_kv_number(&js, "baseline", r->trade_base[at]);
            tw_json_kv_number(&js, "counterfactual", r->trade[at]);
            tw_json_kv_number(&js, "change_pct", pct_change(r->trade[at], r->trade_base[at]));
            tw_json_kv_number(&js, "goods_baseline", r->goods_base[at]);
            tw_json_kv_number(&js, "goods_counterfactual", r->goods[at]);
            tw_json_kv_number(&js, "goods_change_pct", pct_change(r->goods[at], r->goods_base[at]));
            tw_json_kv_number(&js, "goods_tariff_baseline", r->goods_tariff_base[at]);
            tw_json_kv_number(&js, "goods_tariff", r->goods_tariff[at]);
            tw_json_object_end(&js);
        }
    tw_json_array_end(&js);
    tw_json_key(&js, "output");
    tw_json_array_begin(&js);
    for (int n = 0; n < d.n; n++)
        for (int j = 0; j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            tw_json_object_begin(&js);
            tw_json_kv_string(&js, "country", tw_world_country_code(w, n));
            tw_json_kv_string(&js, "sector", tw_world_sector_code(w, j));
            tw_json_kv_number(&js, "baseline", r->output_base[at]);
            tw_json_kv_number(&js, "counterfactual", r->output[at]);
            tw_json_kv_number(&js, "change_pct", pct_change(r->output[at], r->output_base[at]));
            tw_json_kv_number(&js, "price_hat", r->sector_price_hat[at]);
            tw_json_object_end(&js);
        }
    tw_json_array_end(&js);
    print_solver_json(&js, "baseline_solver", base);
    print_solver_json(&js, "solver", rep);
    tw_json_object_end(&js);
    tw_json_finish(&js);
}

static int write_csv(const tw_world *w, const char *dir, const tw_results *r)
{
    tw_dims d = r->d;
    char path[1200];
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "%s: error: cannot create directory: %s\n", dir, strerror(errno));
        return TW_EXIT_IO;
    }
    const char *names[3] = {"countries.csv", "trade.csv", "output.csv"};
    for (int f = 0; f < 3; f++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[f]);
        FILE *out = fopen(path, "w");
        if (!out) {
            fprintf(stderr, "%s: error: cannot write: %s\n", path, strerror(errno));
            return TW_EXIT_IO;
        }
        if (f == 0) {
            fprintf(out, "code,real_income_pct,tot_pct,vot_pct,trade_cost_pct,welfare_decomp_pct,"
                         "real_wage_pct,wage_hat,price_hat,tariff_revenue_baseline,"
                         "tariff_revenue,avg_tariff_baseline,avg_tariff\n");
            for (int n = 0; n < d.n; n++) {
                const tw_country_result *c = &r->country[n];
                fprintf(out, "%s,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.12g,%.12g,%.10g,%.10g,"
                             "%.10g,%.10g\n",
                        tw_world_country_code(w, n), c->real_income_pct, c->tot_pct, c->vot_pct,
                        c->trade_cost_pct, c->welfare_decomp_pct, c->real_wage_pct, c->wage_hat,
                        c->price_hat, c->tariff_revenue_base, c->tariff_revenue,
                        r->avg_tariff_base[n], r->avg_tariff[n]);
            }
        } else if (f == 1) {
            fprintf(out, "exporter,importer,baseline,counterfactual,change_pct,goods_baseline,"
                         "goods_counterfactual,goods_change_pct,goods_tariff_baseline,"
                         "goods_tariff\n");
            for (int i = 0; i < d.n; i++)
                for (int n = 0; n < d.n; n++) {
                    if (i == n)
                        continue;
                    size_t at = (size_t)n * d.n + i;
                    fprintf(out, "%s,%s,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g\n",
                            tw_world_country_code(w, i), tw_world_country_code(w, n),
                            r->trade_base[at], r->trade[at],
                            pct_change(r->trade[at], r->trade_base[at]), r->goods_base[at],
                            r->goods[at], pct_change(r->goods[at], r->goods_base[at]),
                            r->goods_tariff_base[at], r->goods_tariff[at]);
                }
        } else {
            fprintf(out, "country,sector,baseline,counterfactual,change_pct,price_hat\n");
            for (int n = 0; n < d.n; n++)
                for (int j = 0; j < d.j; j++) {
                    size_t at = tw_ix_nj(d, n, j);
                    fprintf(out, "%s,%s,%.10g,%.10g,%.10g,%.12g\n", tw_world_country_code(w, n),
                            tw_world_sector_code(w, j), r->output_base[at], r->output[at],
                            pct_change(r->output[at], r->output_base[at]),
                            r->sector_price_hat[at]);
                }
        }
        if (fclose(out) != 0) {
            fprintf(stderr, "%s: error: write failed\n", path);
            return TW_EXIT_IO;
        }
    }
    return TW_EXIT_OK;
}

/* Countries whose instruments the shock changed, as importer or exporter. */
static void touched(const tw_model *m, const tw_policy *p, const tw_policy *base, int *flag)
{
    tw_dims d = tw_world_dims(tw_model_world(m));
    const double *t = tw_policy_tariffs_const(p), *t0 = tw_policy_tariffs_const(base);
    const double *g = tw_policy_iceberg_hat_const(p), *g0 = tw_policy_iceberg_hat_const(base);
    memset(flag, 0, (size_t)d.n * sizeof *flag);
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++) {
                size_t at = tw_ix_nij(d, n, i, j);
                if (t[at] != t0[at] || g[at] != g0[at])
                    flag[n] = flag[i] = 1;
            }
}

static const tw_results *sort_r;
static int by_real_income(const void *a, const void *b)
{
    double x = sort_r->country[*(const int *)a].real_income_pct;
    double y = sort_r->country[*(const int *)b].real_income_pct;
    return (x < y) - (x > y);
}
static const double *sort_v;
static int by_abs_desc(const void *a, const void *b)
{
    double x = fabs(sort_v[*(const int *)a]), y = fabs(sort_v[*(const int *)b]);
    return (x < y) - (x > y);
}

static void print_table(const tw_world *w, const solve_args *a, const tw_results *r,
                        const int *focus, tw_solver_report base, tw_solver_report rep,
                        const tw_model *m_nests)
{
    tw_dims d = r->d;
    int N = d.n;
    printf("World %s (%d economies x %d sectors), deficits %s, trade elasticities %s\n",
           tw_world_name(w), d.n, d.j, tw_deficit_closure_name(a->closure),
           tw_world_elasticity_set(w));
    printf("Shock %s. Solved in %d iterations, %.3f s (residual %.1e; baseline %d iterations)\n",
           a->shock, rep.iterations, rep.seconds, rep.residual, base.iterations);
    if (m_nests)
        tw_cli_print_nests(stdout, w, tw_cli_model_sigma, tw_cli_model_nested, m_nests);
    printf("\n");
    int *order = malloc((size_t)N * sizeof *order), cnt = 0;
    int nfocus = 0;
    for (int n = 0; n < N; n++)
        nfocus += focus[n];
    int list_all = a->all || N <= 35 || nfocus == N;
    /* Focus countries first, then the largest other movers (or everyone). */
    for (int n = 0; n < N; n++)
        if (focus[n] || list_all)
            order[cnt++] = n;
    sort_r = r;
    qsort(order, (size_t)cnt, sizeof *order, by_real_income);
    int shown = cnt;
    if (!list_all) {
        int *rest = malloc((size_t)N * sizeof *rest), nr = 0;
        double *v = malloc((size_t)N * sizeof *v);
        for (int n = 0; n < N; n++) {
            v[n] = r->country[n].real_income_pct;
            if (!focus[n])
                rest[nr++] = n;
        }
        sort_v = v;
        qsort(rest, (size_t)nr, sizeof *rest, by_abs_desc);
        int extra = nr < 8 ? nr : 8;
        qsort(rest, (size_t)extra, sizeof *rest, by_real_income);
        for (int k = 0; k < extra; k++)
            order[shown++] = rest[k];
        free(rest);
        free(v);
    }
    printf("Change from the baseline, %%. 'Real income' is the exact change in I/P; 'ToT' and\n"
           "'VoT' are Caliendo-Parro's first-order terms-of-trade and volume-of-trade effects,\n"
           "whose sum 'CP welfare' is the welfare column of their Table 2.\n\n");
    printf("%-6s %-24s %11s %8s %8s %10s %10s %8s %8s %15s\n", "code", "country", "real income",
           "ToT", "VoT", "CP welfare", "real wage", "wage", "prices", "avg tariff %");
    for (int k = 0; k < shown; k++) {
        if (k == cnt)
            printf("  largest changes elsewhere:\n");
        int n = order[k];
        const tw_country_result *c = &r->country[n];
        printf("%-6s %-24.24s %11.3f %8.3f %8.3f %10.3f %10.3f %8.3f %8.3f %7.1f -> %5.1f\n",
               tw_world_country_code(w, n), tw_world_country_name(w, n), c->real_income_pct,
               c->tot_pct, c->vot_pct, c->welfare_decomp_pct, c->real_wage_pct,
               100.0 * (c->wage_hat - 1.0), 100.0 * (c->price_hat - 1.0),
               100.0 * r->avg_tariff_base[n], 100.0 * r->avg_tariff[n]);
    }
    printf("%-31s %11.3f\n\n", "World (income-weighted)", r->world_real_income_pct);

    /* Trade among the focus countries, then the largest changes with third countries. */
    printf("Bilateral trade at exporter prices, %s (after: numeraire = world value added)\n",
           tw_world_unit(w));
    printf("%-8s %-8s %14s %14s %9s %9s  %s\n", "exporter", "importer", "baseline", "after",
           "change %", "goods %", "importer's tariff on the goods, %");
    int npairs = N * N;
    int *pairs = malloc((size_t)npairs * sizeof *pairs), np = 0;
    double *delta = malloc((size_t)npairs * sizeof *delta);
    for (int i = 0; i < N; i++)
        for (int n = 0; n < N; n++) {
            size_t at = (size_t)n * N + i;
            delta[at] = r->trade[at] - r->trade_base[at];
            if (i != n && focus[i] && focus[n] && (nfocus <= 6 || list_all == 0))
                pairs[np++] = (int)at;
        }
    int inner = np;
    if (nfocus > 0 && nfocus < N) {
        int *third = malloc((size_t)npairs * sizeof *third), nt = 0;
        for (int i = 0; i < N; i++)
            for (int n = 0; n < N; n++)
                if (i != n && (focus[i] != focus[n]))
                    third[nt++] = n * N + i;
        sort_v = delta;
        qsort(third, (size_t)nt, sizeof *third, by_abs_desc);
        for (int k = 0; k < nt && k < 12; k++)
            pairs[np++] = third[k];
        free(third);
    } else if (np == 0) {
        /* No focus (or every country in focus but not listed): the largest changes. When
         * every country is in focus, all its pairs are listed already and pairs[] is full. */
        int *all = malloc((size_t)npairs * sizeof *all), nt = 0;
        for (int i = 0; i < N; i++)
            for (int n = 0; n < N; n++)
                if (i != n)
                    all[nt++] = n * N + i;
        sort_v = delta;
        qsort(all, (size_t)nt, sizeof *all, by_abs_desc);
        for (int k = 0; k < nt && k < 15; k++)
            pairs[np++] = all[k];
        free(all);
    }
    for (int k = 0; k < np; k++) {
        if (k == inner && inner > 0)
            printf("  largest changes with third countries:\n");
        int at = pairs[k], n = at / N, i = at % N;
        printf("%-8s %-8s %14.6g %14.6g %9.2f %9.2f  %6.1f -> %6.1f\n",
               tw_world_country_code(w, i), tw_world_country_code(w, n), r->trade_base[at],
               r->trade[at], pct_change(r->trade[at], r->trade_base[at]),
               pct_change(r->goods[at], r->goods_base[at]), 100.0 * r->goods_tariff_base[at],
               100.0 * r->goods_tariff[at]);
    }
    free(pairs);
    free(delta);
    free(order);
}

int tw_cli_solve(int argc, char **argv)
{
    solve_args a = {0};
    a.world = TW_DEFAULT_WORLD;
    a.closure = TW_DEFICITS_FIXED;
    for (int k = 1; k < argc; k++) {
        const char *v;
        int r;
        if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
            help(stdout);
            return TW_EXIT_OK;
        } else if (strcmp(argv[k], "--json") == 0) {
            a.json = 1;
        } else if (strcmp(argv[k], "--all") == 0) {
            a.all = 1;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--world", &v))) {
            if (r < 0)
                return tw_cli_usage_error("solve", "--world needs a value");
            a.world = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--shock", &v))) {
            if (r < 0)
                return tw_cli_usage_error("solve", "--shock needs a file");
            a.shock = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--elasticities", &v))) {
            if (r < 0)
                return tw_cli_usage_error("solve", "--elasticities needs a value");
            a.elast = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--input-elasticity", &v)) ||
                   (r = tw_cli_opt(argc, argv, &k, "--critical-elasticity", &v))) {
            const char *opt = strncmp(argv[k], "--input", 7) == 0 ||
                                      (k > 0 && tw_cli_flag(argv[k - 1], "--input-elasticity"))
                                  ? "--input-elasticity"
                                  : "--critical-elasticity";
            if (r < 0)
                return tw_cli_usage_error("solve", "%s needs a value", argv[k]);
            if (a.nnest == MAX_NEST_OPTS)
                return tw_cli_usage_error("solve", "at most %d nest options", MAX_NEST_OPTS);
            a.nest_opt[a.nnest] = opt;
            a.nest_val[a.nnest++] = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--csv", &v))) {
            if (r < 0)
                return tw_cli_usage_error("solve", "--csv needs a directory");
            a.csv_dir = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--tolerance", &v))) {
            char *end;
            a.tol = r > 0 ? strtod(v, &end) : 0;
            if (r < 0 || *end || !(a.tol >= 1e-14) || a.tol > 1e-2)
                return tw_cli_usage_error("solve", "--tolerance needs a number in [1e-14, 0.01]");
        } else if ((r = tw_cli_opt(argc, argv, &k, "--max-iterations", &v))) {
            char *end;
            long it = r > 0 ? strtol(v, &end, 10) : 0;
            if (r < 0 || *end || it < 1 || it > 10000000)
                return tw_cli_usage_error("solve", "--max-iterations needs a whole number >= 1");
            a.max_it = (int)it;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--deficits", &v))) {
            if (r < 0 || tw_deficit_closure_parse(v, &a.closure))
                return tw_cli_usage_error("solve", "--deficits expects fixed, zero or "
                                                   "proportional, got '%s'",
                                          r < 0 ? "" : v);
        } else {
            return tw_cli_usage_error("solve", "unknown option '%s'", argv[k]);
        }
    }
    if (!a.shock)
        return tw_cli_usage_error("solve", "missing --shock FILE");
    if (a.json && a.csv_dir)
        return tw_cli_usage_error("solve", "choose one of --json and --csv");
    tw_world *w;
    int rc = tw_cli_load_world(a.world, a.elast, &w);
    if (rc)
        return rc;
    tw_error err;
    tw_model_options so;
    tw_model_options_init(&so);
    so.deficits = a.closure;
    if (a.tol > 0) /* given on the command line */
        so.solver.tolerance = a.tol;
    if (a.max_it > 0)
        so.solver.max_iterations = a.max_it;
    tw_cli_solver_progress(&so.solver);
    tw_input_elasticity rules[MAX_NEST_OPTS];
    for (int k = 0; k < a.nnest; k++)
        if (tw_cli_nest_rule(w, "solve", a.nest_opt[k], a.nest_val[k], &rules[k])) {
            tw_world_free(w);
            return TW_EXIT_USAGE;
        }
    so.input_elasticities = rules;
    so.input_elasticity_count = a.nnest;
    tw_model *m = NULL;
    tw_solver *sv = NULL;
    tw_policy *p = NULL;
    tw_equilibrium *eq = NULL;
    tw_results *res = NULL;
    tw_solver_report rep = {0};
    int *focus = NULL;
    tw_status st = tw_model_create(w, &so, &m, &err);
    if (!st)
        st = tw_solver_create(m, NULL, &sv, &err);
    if (!st && (st = tw_policy_create(m, &p)))
        tw_error_clear(&err), err.status = st;
    if (!st)
        st = tw_shock_apply_file(m, p, a.shock, &err);
    if (!st) {
        eq = tw_equilibrium_create(m);
        res = tw_results_create(m);
        focus = calloc((size_t)tw_world_dims(w).n, sizeof *focus);
        if (!eq || !res || !focus)
            st = TW_ERR_NOMEM;
    }
    if (!st)
        st = tw_model_solve(m, sv, p, eq, &rep, &err);
    tw_cli_progress_end();
    if (!st)
        st = tw_results_compute(m, eq, res);
    if (st) {
        if (st == TW_ERR_NOMEM && err.status != TW_ERR_NOMEM)
            fprintf(stderr, "tradewar: error: out of memory\n");
        else
            tw_cli_print_error(&err);
        rc = tw_cli_exit_code(st);
    } else if (a.json) {
        write_json(w, &a, res, tw_model_baseline_report(m), rep, m);
    } else if (a.csv_dir) {
        rc = write_csv(w, a.csv_dir, res);
    } else {
        tw_policy *base;
        if (tw_policy_create(m, &base) == TW_OK) {
            touched(m, p, base, focus);
            tw_policy_free(base);
        }
        print_table(w, &a, res, focus, tw_model_baseline_report(m), rep, m);
    }
    free(focus);
    tw_results_free(res);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    tw_solver_free(sv);
    tw_model_free(m);
    tw_world_free(w);
    return rc;
}
