/* SPDX-License-Identifier: MIT */
/* `tradewar solve`: one counterfactual from a shock file, as a table, JSON or CSV files. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/draws_cli.h"

static void help(FILE *out)
{
    /* The defaults shown are the library's (tw_solver_options_init), not restated here. */
    tw_solver_options so;
    tw_solver_options_init(&so);
    char worlds[512];
    tw_cli_shipped_worlds(worlds, sizeof worlds);
    fprintf(out, "Usage: tradewar solve --shock FILE [--world NAME|DIR] [--deficits CLOSURE]\n"
          "                      [--elasticities SET] [--input-elasticity INPUT:USER=X]...\n"
          "                      [--critical-elasticity X] [--horizon H]\n"
          "                      [--json | --csv DIR] [--all] [--by-sector]\n"
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
          "  --world NAME|DIR     shipped world (%s) or a directory\n"
          "                       (default %s)\n"
          "  --deficits CLOSURE   fixed (default), zero or proportional (docs/model.md)\n"
          "  --revenue-use USE    world (default), lump_sum or labour_tax: tariff revenue in\n"
          "                       a world with labour supply (blocks.csv, docs/model.md 2c)\n"
          "  --elasticities SET   trade-elasticity set of the world (see 'world show')\n"
          "  --input-elasticity INPUT:USER=X\n"
          "                       put input sector INPUT ('*': all) in the CES nest of using\n"
          "                       sector USER ('*': all) with elasticity of substitution X in\n"
          "                       [0, 20] (1 Cobb-Douglas, < 1 complements); repeatable, in order\n"
          "  --critical-elasticity X\n"
          "                       set the elasticity of every input nest of the world (for\n"
          "                       example the rare-earth nest of icio2022re) to X\n"
          "  --horizon H          short, medium, long (default) or a number of years: the\n"
          "                       trade elasticities and the factors that cannot leave their\n"
          "                       sector at that horizon (docs/model.md 2b)\n"
          "  --tolerance X        solver tolerance on the equations' residual, in [1e-14,\n"
          "                       0.01] (default %g)\n"
          "  --max-iterations N   iteration budget of each solve (default %d)\n"
          "  --json               machine-readable results on standard output\n"
          "  --csv DIR            write countries.csv, trade.csv and output.csv into DIR\n"
          "  --all                list every country in the table (default: the countries the\n"
          "                       shock touches and the largest other movers)\n"
          "  --by-sector          add the change in real income by sector: each listed\n"
          "                       country's five largest first-order parts (every sector with\n"
          "                       --all)\n"
          "\n"
          "Warnings (standard error, and 'warnings' in --json) say when one sector accounts\n"
          "for more than half of a country's first-order change, or when that change misses\n"
          "more than half of the exact one (countries whose real income moves by 0.1%% or\n"
          "more), and when a tariff is a bare number above 1 (10 is 1000 points).\n",
          worlds[0] ? worlds : "none found", TW_DEFAULT_WORLD, so.tolerance, so.max_iterations);
    tw_cli_draws_help(out);
}

#define MAX_NEST_OPTS 64

typedef struct solve_args {
    const char *world, *shock, *elast, *csv_dir;
    const char *nest_opt[MAX_NEST_OPTS], *nest_val[MAX_NEST_OPTS]; /* in command-line order */
    int nnest;
    tw_deficit_closure closure;
    double tol, years;
    int json, all, max_it, by_sector;
    tw_cli_draws draws; /* --draws, --seed, ... */
    int revenue_use;    /* --revenue-use: TW_REVENUE_USE_* */
} solve_args;

/* countries.csv, trade.csv, output.csv: the solve document's countries, trade and output
 * lists, their columns named as its fields and in their units (docs/json.md). */
static void write_rows(FILE *out, int f, const tw_world *w, const tw_results *r)
{
    tw_dims d = r->d;
    const char *avg = tw_tariff_average_key(NULL);
    if (f == 0) {
        fprintf(out, "code,real_income_pct,tot_pct,vot_pct,trade_cost_pct,welfare_decomp_pct,"
                     "real_wage_pct,wage_hat,price_hat,income_hat,tariff_revenue_baseline,"
                     "tariff_revenue,%s_baseline_pct,%s_pct,exports_baseline,exports,"
                     "imports_baseline,imports,top_sector,top_sector_share,welfare_pct,"
                     "employment_pct\n",
                avg, avg);
        for (int n = 0; n < d.n; n++) {
            const tw_country_result *c = &r->country[n];
            double share;
            int top = tw_results_dominant_sector(r, n, &share);
            fprintf(out, "%s", tw_world_country_code(w, n));
            const double v[] = {c->real_income_pct, c->tot_pct, c->vot_pct, c->trade_cost_pct,
                                c->welfare_decomp_pct, c->real_wage_pct, c->wage_hat,
                                c->price_hat, c->income_hat, c->tariff_revenue_base,
                                c->tariff_revenue, 100.0 * r->avg_tariff_goods_base[n],
                                100.0 * r->avg_tariff_goods[n], c->exports_base, c->exports,
                                c->imports_base, c->imports};
            for (size_t k = 0; k < sizeof v / sizeof *v; k++)
                tw_cli_csv_num(out, v[k]);
            fprintf(out, ",%s", top >= 0 ? tw_world_sector_code(w, top) : "");
            tw_cli_csv_num(out, share);
            tw_cli_csv_num(out, c->welfare_pct);
            tw_cli_csv_num(out, c->employment_pct);
            fputc('\n', out);
        }
    } else if (f == 1) {
        fprintf(out, "exporter,importer,baseline,counterfactual,change_pct,goods_baseline,"
                     "goods_counterfactual,goods_change_pct,%s_baseline_pct,%s_pct\n",
                avg, avg);
        for (int i = 0; i < d.n; i++)
            for (int n = 0; n < d.n; n++) {
                if (i == n)
                    continue;
                size_t at = (size_t)n * d.n + i;
                fprintf(out, "%s,%s", tw_world_country_code(w, i), tw_world_country_code(w, n));
                const double v[] = {r->trade_base[at], r->trade[at],
                                    tw_pct_change(r->trade[at], r->trade_base[at]),
                                    r->goods_base[at], r->goods[at],
                                    tw_pct_change(r->goods[at], r->goods_base[at]),
                                    100.0 * r->goods_tariff_base[at], 100.0 * r->goods_tariff[at]};
                for (size_t k = 0; k < sizeof v / sizeof *v; k++)
                    tw_cli_csv_num(out, v[k]);
                fputc('\n', out);
            }
    } else {
        fprintf(out, "country,sector,baseline,counterfactual,change_pct,price_hat,tot_pct,"
                     "vot_pct,trade_cost_pct,welfare_decomp_pct\n");
        for (int n = 0; n < d.n; n++)
            for (int j = 0; j < d.j; j++) {
                size_t at = tw_ix_nj(d, n, j);
                fprintf(out, "%s,%s", tw_world_country_code(w, n), tw_world_sector_code(w, j));
                const double v[] = {r->output_base[at], r->output[at],
                                    tw_pct_change(r->output[at], r->output_base[at]),
                                    r->sector_price_hat[at], r->sector_tot_pct[at],
                                    r->sector_vot_pct[at], r->sector_trade_cost_pct[at],
                                    tw_results_sector_welfare_pct(r, n, j)};
                for (size_t k = 0; k < sizeof v / sizeof *v; k++)
                    tw_cli_csv_num(out, v[k]);
                fputc('\n', out);
            }
    }
}

static int write_csv(const tw_world *w, const char *dir, const tw_results *r)
{
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
        write_rows(out, f, w, r);
        int bad = ferror(out) != 0;
        if ((fclose(out) != 0) | bad) {
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

/* The trade table's rows, as indices n * N + i into r's [n][i] arrays: trade among the focus
 * countries (when there are at most 6 of them or the country list is not complete), then the
 * largest changes with third countries (at most 12), or, when the focus countries are none or
 * everyone, the largest changes among all pairs not listed yet (at most 15). Every pair
 * appears at most once, so N * (N - 1) entries always suffice. *inner is the number of
 * focus-country rows. @return the number of rows in *out (owned by the caller), -1 when out of
 * memory. */
static int table_pairs(const tw_results *r, const int *focus, int nfocus, int list_all,
                       int **out, int *inner)
{
    int N = r->d.n;
    size_t npairs = (size_t)N * (size_t)(N > 0 ? N - 1 : 0) + 1;
    int *pairs = malloc(npairs * sizeof *pairs), *cand = malloc(npairs * sizeof *cand);
    double *delta = malloc((size_t)N * N * sizeof *delta);
    if (!pairs || !cand || !delta) {
        free(pairs);
        free(cand);
        free(delta);
        return -1;
    }
    int np = 0, nc = 0;
    for (int i = 0; i < N; i++)
        for (int n = 0; n < N; n++) {
            size_t at = (size_t)n * N + i;
            delta[at] = r->trade[at] - r->trade_base[at];
            if (i != n && focus[i] && focus[n] && (nfocus <= 6 || list_all == 0))
                pairs[np++] = (int)at;
        }
    *inner = np;
    int third = nfocus > 0 && nfocus < N, limit = third ? 12 : 15;
    for (int i = 0; i < N; i++)
        for (int n = 0; n < N; n++) {
            if (i == n)
                continue;
            int is_inner = focus[i] && focus[n] && (nfocus <= 6 || list_all == 0);
            if (third ? focus[i] != focus[n] : !is_inner)
                cand[nc++] = n * N + i;
        }
    sort_v = delta;
    qsort(cand, (size_t)nc, sizeof *cand, by_abs_desc);
    for (int k = 0; k < nc && k < limit; k++)
        pairs[np++] = cand[k];
    free(cand);
    free(delta);
    *out = pairs;
    return np;
}

static tw_status print_table(const tw_world *w, const solve_args *a, const tw_results *r,
                        const int *focus, tw_solver_report base, tw_solver_report rep,
                        const tw_model *m_nests)
{
    tw_dims d = r->d;
    int N = d.n;
    printf("World %s (%d economies x %d sectors), deficits %s, trade elasticities %s\n",
           tw_world_name(w), d.n, d.j, tw_deficit_closure_name(a->closure),
           tw_world_elasticity_set(w));
    if (tw_world_horizon(w) != TW_HORIZON_LONG)
        tw_cli_print_horizon(stdout, w);
    printf("Shock %s. Solved in %d iterations, %.3f s (residual %.1e; baseline %d iterations)\n",
           a->shock, rep.iterations, rep.seconds, rep.residual, base.iterations);
    if (m_nests)
        tw_cli_print_nests(stdout, w, tw_cli_model_sigma, tw_cli_model_nested, m_nests);
    printf("\n");
    int *order = malloc((size_t)N * sizeof *order), cnt = 0;
    if (!order)
        return TW_ERR_NOMEM;
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
        if (!rest || !v) {
            free(rest);
            free(v);
            free(order);
            return TW_ERR_NOMEM;
        }
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
           "whose sum 'CP welfare' is the welfare column of their Table 2. 'Goods tariff' is\n"
           "the %s, on imports from every other country.\n\n",
           tw_tariff_average_label(NULL));
    /* A model with its own welfare measure (labour supply, docs/model.md §2c): two more
     * columns, welfare_pct and employment_pct. */
    int own = 0;
    for (int n = 0; n < N; n++)
        own |= r->country[n].welfare_pct != r->country[n].real_income_pct;
    if (own)
        printf("'Welfare' is the model's own measure (net of the disutility of work, "
               "docs/model.md eq. (L7));\n'employment' the change in employment.\n\n");
    printf("%-6s %-24s %11s %8s %8s %10s %10s %8s %8s %15s%s\n", "code", "country",
           "real income", "ToT", "VoT", "CP welfare", "real wage", "wage", "prices",
           "goods tariff %", own ? "   welfare employment" : "");
    for (int k = 0; k < shown; k++) {
        if (k == cnt)
            printf("  largest changes elsewhere:\n");
        int n = order[k];
        const tw_country_result *c = &r->country[n];
        printf("%-6s %-24.24s %11.3f %8.3f %8.3f %10.3f %10.3f %8.3f %8.3f %7.1f -> %5.1f",
               tw_world_country_code(w, n), tw_world_country_name(w, n),
               tw_cli_nz(c->real_income_pct, 3), tw_cli_nz(c->tot_pct, 3),
               tw_cli_nz(c->vot_pct, 3), tw_cli_nz(c->welfare_decomp_pct, 3),
               tw_cli_nz(c->real_wage_pct, 3), tw_cli_nz(100.0 * (c->wage_hat - 1.0), 3),
               tw_cli_nz(100.0 * (c->price_hat - 1.0), 3),
               100.0 * r->avg_tariff_goods_base[n], 100.0 * r->avg_tariff_goods[n]);
        if (own)
            printf(" %9.3f %10.3f", tw_cli_nz(c->welfare_pct, 3),
                   tw_cli_nz(c->employment_pct, 3));
        printf("\n");
    }
    printf("%-31s %11.3f\n\n", "World (income-weighted)", tw_cli_nz(r->world_real_income_pct, 3));
    if (a->by_sector) {
        if (tw_cli_print_sector_parts(stdout, w, r, order, shown, a->all ? d.j : 5)) {
            free(order);
            return TW_ERR_NOMEM;
        }
        printf("\n");
    }

    /* Trade among the focus countries, then the largest changes with third countries. */
    printf("Bilateral trade at exporter prices, %s. 'baseline' is the model's solved baseline\n"
           "(equal to the data when 'tradewar world show' says it reproduces them); after:\n"
           "numeraire = world value added\n",
           tw_world_unit(w));
    printf("%-8s %-8s %14s %14s %9s %9s  %s\n", "exporter", "importer", "baseline", "after",
           "change %", "goods %", "importer's tariff on goods, %");
    int *pairs = NULL, inner = 0;
    int np = table_pairs(r, focus, nfocus, list_all, &pairs, &inner);
    if (np < 0) {
        free(order);
        return TW_ERR_NOMEM;
    }
    for (int k = 0; k < np; k++) {
        if (k == inner && inner > 0)
            printf("  largest changes with third countries:\n");
        int at = pairs[k], n = at / N, i = at % N;
        printf("%-8s %-8s %14.6g %14.6g %9.2f %9.2f  %6.1f -> %6.1f\n",
               tw_world_country_code(w, i), tw_world_country_code(w, n), r->trade_base[at],
               r->trade[at], tw_cli_nz(tw_pct_change(r->trade[at], r->trade_base[at]), 2),
               tw_cli_nz(tw_pct_change(r->goods[at], r->goods_base[at]), 2),
               100.0 * r->goods_tariff_base[at],
               100.0 * r->goods_tariff[at]);
    }
    free(pairs);
    free(order);
    return TW_OK;
}

/* The command line into a. @return -1 to go on, or an exit code (--help ends here). */
static int parse_args(int argc, char **argv, solve_args *ap)
{
    solve_args a = {0};
    a.world = TW_DEFAULT_WORLD;
    a.closure = TW_DEFICITS_FIXED;
    a.years = INFINITY;
    tw_cli_draws_init(&a.draws);
    for (int k = 1; k < argc; k++) {
        const char *v;
        int r, drc;
        if ((r = tw_cli_draws_opt("solve", argc, argv, &k, &a.draws, &drc))) {
            if (r < 0)
                return drc;
        } else if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
            help(stdout);
            return TW_EXIT_OK;
        } else if (strcmp(argv[k], "--json") == 0) {
            a.json = 1;
        } else if (strcmp(argv[k], "--all") == 0) {
            a.all = 1;
        } else if (tw_cli_flag(argv[k], "--by-sector")) {
            a.by_sector = 1;
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
        } else if ((r = tw_cli_opt(argc, argv, &k, "--horizon", &v))) {
            int hr = tw_cli_horizon_arg("solve", r, v, &a.years);
            if (hr)
                return hr;
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
        } else if ((r = tw_cli_opt(argc, argv, &k, "--revenue-use", &v))) {
            if (r < 0 || tw_revenue_use_parse(v, &a.revenue_use))
                return tw_cli_usage_error("solve", "--revenue-use expects world, lump_sum or "
                                                   "labour_tax, got '%s'",
                                          r < 0 ? "" : v);
        } else if ((r = tw_cli_opt(argc, argv, &k, "--deficits", &v))) {
            if (r < 0 || tw_deficit_closure_parse(v, &a.closure))
                return tw_cli_usage_error("solve", "--deficits expects fixed, zero or "
                                                   "proportional, got '%s'",
                                          r < 0 ? "" : v);
        } else {
            return tw_cli_usage_error("solve", "unknown option '%s'", argv[k]);
        }
    }
    *ap = a;
    return -1;
}

int tw_cli_solve(int argc, char **argv)
{
    solve_args a;
    int prc = parse_args(argc, argv, &a);
    if (prc >= 0)
        return prc;
    if (!a.shock)
        return tw_cli_usage_error("solve", "missing --shock FILE");
    if (tw_cli_draws_check("solve", &a.draws))
        return TW_EXIT_USAGE;
    if (a.json && a.csv_dir)
        return tw_cli_usage_error("solve", "choose one of --json and --csv");
    tw_world *w;
    int rc = tw_cli_load_world_at(a.world, a.elast, a.years, &w);
    if (rc)
        return rc;
    tw_error err;
    tw_model_options so;
    tw_model_options_init(&so);
    so.deficits = a.closure;
    so.revenue_use = a.revenue_use;
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
    tw_warnings *warn = tw_warnings_create();
    if (!st && !warn)
        tw_error_clear(&err), st = err.status = TW_ERR_NOMEM;
    if (!st)
        st = tw_shock_apply_file_warn(m, p, a.shock, warn, &err);
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
    for (int n = 0; !st && n < tw_world_dims(w).n; n++)
        if ((st = tw_results_warn(w, res, n, NULL, warn, NULL)))
            tw_error_clear(&err), err.status = st;
    tw_cli_print_warnings(warn); /* also when the solve failed: a bare rate may be why */
    tw_draws *dr = NULL;
    if (!st && a.draws.on && !(rc = tw_cli_draws_create(a.world, w, &a.draws, &dr)))
        rc = tw_cli_solve_draws(dr, &a.draws, w, &so, a.shock, res);
    if (rc == TW_CLI_DRAWS_DONE) { /* a shard or an MPI rank other than 0: nothing more */
        rc = TW_EXIT_OK;
    } else if (rc) {
        /* printed */
    } else if (st) {
        if (st == TW_ERR_NOMEM && err.status != TW_ERR_NOMEM)
            fprintf(stderr, "tradewar: error: out of memory\n");
        else
            tw_cli_print_error(&err);
        rc = tw_cli_exit_code(st);
    } else if (a.json) {
        tw_solve_document doc = {.model = m, .results = res, .shock = a.shock,
                                 .baseline = tw_model_baseline_report(m),
                                 .solver = rep, .equilibrium = eq, .warnings = warn};
        if (dr) /* docs/json.md: {"point": the solve document, "uncertainty": its bands} */
            fputs("{\"point\": ", stdout);
        if ((st = tw_json_write_solve(tw_sink_file(stdout), &doc, &err))) {
            tw_cli_print_error(&err);
            rc = tw_cli_exit_code(st);
        } else if (dr) {
            fputs(", \"uncertainty\": ", stdout);
            if (!(rc = tw_cli_solve_bands_json(w, dr)))
                fputs("}\n", stdout);
        }
    } else if (a.csv_dir) {
        rc = write_csv(w, a.csv_dir, res);
        if (!rc && tw_model_has_specific_factors(m))
            rc = tw_cli_write_factors_csv(m, eq, a.csv_dir);
        if (!rc && dr)
            rc = tw_cli_solve_bands_csv(a.csv_dir, w, dr);
    } else {
        tw_policy *base;
        if (tw_policy_create(m, &base) == TW_OK) {
            touched(m, p, base, focus);
            tw_policy_free(base);
        }
        if (print_table(w, &a, res, focus, tw_model_baseline_report(m), rep, m) ||
            (tw_model_has_specific_factors(m) && tw_cli_print_factors(stdout, m, eq, focus))) {
            fprintf(stderr, "tradewar: error: out of memory\n");
            rc = TW_EXIT_INTERNAL;
        } else if (dr) {
            tw_cli_solve_bands_table(w, dr, focus, a.all);
        }
    }
    tw_draws_free(dr);
    free(focus);
    tw_warnings_free(warn);
    tw_results_free(res);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    tw_solver_free(sv);
    tw_model_free(m);
    tw_world_free(w);
    return rc;
}
