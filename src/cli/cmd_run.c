/* SPDX-License-Identifier: MIT */
/* `tradewar run`: evaluates a scenario's timeline and prints it as a table, JSON, CSV files
 * and SVG charts. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/run_horizons.h"
#include "cli/draws_cli.h"
#include "cli/run_out.h"
#include "core/calendar.h"
#include "core/spelling.h"
#include "io/svg.h"
#include "tradewar/odds.h"
#include "tradewar/strategy.h"

static void help(FILE *out)
{
    /* The defaults shown are the library's (tw_solver_options_init), not restated here. */
    tw_solver_options so;
    tw_solver_options_init(&so);
    fprintf(out, "Usage: tradewar run SCENARIO.yaml|NAME [--world NAME|DIR] [--elasticities SET]\n"
          "                    [--tolerance X] [--max-iterations N] [--by-sector]\n"
          "                    [--input-elasticity INPUT:USER=X]... [--critical-elasticity X]\n"
          "                    [--horizon H] [--json] [--csv DIR] [--svg DIR]\n"
          "       tradewar run SCENARIO --horizons H1,H2 [--json] [--csv DIR]\n"
          "       tradewar run SCENARIO --critical-elasticities X,Y,... [--csv DIR] [--svg DIR]\n"
          "       tradewar run --list\n"
          "\n"
          "Evaluates a scenario (docs/scenario-format.md): the general equilibrium at every\n"
          "dated policy state of every branch, each against the baseline, warm-started from the\n"
          "step before. Prints a timeline of average tariffs between the players and the real\n"
          "income of the players and the watched countries.\n"
          "\n"
          "  NAME                 a shipped scenario (see --list), or a path to a YAML file\n"
          "  --list               list the shipped scenarios\n"
          "  --world NAME|DIR     override the scenario's world\n"
          "  --elasticities SET   override the scenario's trade-elasticity set (see 'world\n"
          "                       show')\n"
          "  --tolerance X        solver tolerance on the equations' residual (default %g)\n"
          "  --max-iterations N   iteration budget of each step's solve (default %d)\n"
          "  --by-sector          after the table, the change in real income by sector of each\n"
          "                       shown country at the last step of each branch (first-order\n"
          "                       parts, as 'tradewar solve --by-sector')\n"
          "  --json               results on standard output as JSON (steps with countries,\n"
          "                       trade, sectors, tariffs and the solver's report)\n"
          "  --csv DIR            write steps.csv, countries.csv, trade.csv, sectors.csv into DIR\n"
          "  --svg DIR            write timeline.svg, countries.svg and sectors-BRANCH.svg\n"
          "  --input-elasticity INPUT:USER=X, --critical-elasticity X\n"
          "                       CES input nests, as for 'tradewar solve' (docs/model.md §2a)\n"
          "  --horizon H          short, medium, long or years (default: the scenario's\n"
          "                       horizon key, else long; docs/model.md 2b); with specific\n"
          "                       factors also their returns by sector at each step\n"
          "  --horizons H1,H2     evaluate at each horizon and report them side by side\n"
          "                       (table; --json; --csv DIR writes horizons.csv)\n"
          "  --critical-elasticities X,Y,...\n"
          "                       run the scenario once per elasticity of the world's input\n"
          "                       nests (e.g. 1,0.5,0.2,0.1 on icio2022re) and report real\n"
          "                       income by step against the elasticity: a table, with --csv\n"
          "                       elasticities.csv, with --svg one elasticity-STEP.svg per step\n"
          "\n"
          "Real income is the exact change in I/P against the baseline, in percent. A step\n"
          "whose solver does not converge stops the run (exit 5) and nothing is printed.\n"
          "Warnings go to standard error (and 'warnings' in --json): bare rates above 1 in\n"
          "the scenario, and shown countries whose change one sector drives (as for solve).\n",
          so.tolerance, so.max_iterations);
    tw_cli_draws_help(out);
}


static void print_table(const run_ctx *c)
{
    const tw_scenario *s = c->s;
    printf("%s\n", tw_scenario_title(s));
    tw_dims d = tw_world_dims(c->w);
    printf("world %s (%d economies x %d sectors, %s), deficits %s, elasticities %s, baseline "
           "%s\n",
           tw_world_name(c->w), d.n, d.j, tw_world_unit(c->w),
           tw_deficit_closure_name(tw_scenario_deficits(s)), tw_world_elasticity_set(c->w),
           tw_scenario_baseline_date(s));
    printf("Tariffs in force: %s, %%. Real income: exact change in I/P against %s, %%.\n\n",
           tw_tariff_average_label(NULL),
           tw_scenario_reference_first(s) ? "the first step" : "the baseline");
    printf("%-10s  %-14s", "date", "branch");
    if (c->nplayers >= 2) {
        char h[64];
        snprintf(h, sizeof h, "%.4s<-%.4s", c->show[0].name, c->show[1].name);
        printf(" %10s", h);
        snprintf(h, sizeof h, "%.4s<-%.4s", c->show[1].name, c->show[0].name);
        printf(" %10s", h);
    }
    for (int k = 0; k < c->nshow; k++)
        printf(" %8.8s", c->show[k].name);
    printf("  iter  event\n");
    for (int k = 0; k < tw_timeline_steps(c->t); k++) {
        tw_timeline_step st = tw_timeline_step_get(c->t, k);
        printf("%-10s  %-14.14s", st.date, st.branch);
        if (c->nplayers >= 2)
            printf(" %9.1f%% %9.1f%%", group_tariff(c, &st, &c->show[0], &c->show[1]),
                   group_tariff(c, &st, &c->show[1], &c->show[0]));
        for (int q = 0; q < c->nshow; q++)
            printf(" %8.3f", tw_cli_nz(group_real_income(st.results, &c->show[q]), 3));
        printf("  %4d  %s\n", st.report.iterations, st.label);
    }
    tw_run_print_own_welfare(c);
}

FILE *tw_run_open_in(const char *dir, const char *name, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        fprintf(stderr, "tradewar: error: cannot write %s: %s\n", path, strerror(errno));
    return f;
}

int tw_run_ensure_dir(const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "tradewar: error: cannot create directory %s: %s\n", dir,
                strerror(errno));
        return TW_EXIT_IO;
    }
    return 0;
}

#define MAX_SWEEP TW_SWEEP_MAX_ELASTICITIES

/* The scenario once per elasticity of the world's input nests (--critical-elasticities,
 * tw_elasticity_sweep_run): a table, elasticities.csv and one chart per step. */
static int run_sweep(const char *file, const tw_world *w, const tw_scenario *s, tw_model_options o,
                     const double *sig, int nsig, const char *csv_dir, const char *svg_dir)
{
    tw_elasticity_sweep *sw = NULL;
    tw_error err;
    tw_status st = tw_elasticity_sweep_run(w, s, &o, sig, nsig, tw_scenario_game_solve, NULL,
                                           &sw, &err);
    tw_cli_progress_end();
    if (st) {
        tw_cli_print_error(&err);
        return tw_cli_exit_code(st);
    }
    int rc = TW_EXIT_OK, nsteps = sw->n_steps, ng = sw->n_groups - 1;
    char (*dates)[11] = sw->dates;
    char **labels = sw->labels, **branches = sw->branches;
    printf("Scenario %s on %s: real income against the elasticity of the input nests\n"
           "(exact change in I/P against the baseline, %%; docs/model.md §2a)\n\n",
           file, tw_world_name(w));
    for (int k = 0; k < nsteps; k++) {
        printf("%s %s: %s\n%-11s", dates[k], branches[k], labels[k], "elasticity");
        for (int q = 0; q <= ng; q++)
            printf(" %10.10s", sw->group_names[q]);
        printf("\n");
        for (int e = 0; e < nsig; e++) {
            printf("%-11g", sig[e]);
            for (int q = 0; q <= ng; q++)
                printf(" %10.5f", tw_cli_nz(tw_elasticity_sweep_at(sw, e, k, q), 5));
            printf("\n");
        }
        printf("\n");
    }
    char path[1200];
    if (rc == TW_EXIT_OK && csv_dir && !(rc = tw_run_ensure_dir(csv_dir))) {
        FILE *f = tw_run_open_in(csv_dir, "elasticities.csv", path, sizeof path);
        if (!f)
            rc = TW_EXIT_IO;
        else {
            fprintf(f, "step,date,branch,elasticity,group,real_income_pct\n");
            for (int k = 0; k < nsteps; k++)
                for (int e = 0; e < nsig; e++)
                    for (int q = 0; q <= ng; q++)
                        fprintf(f, "%d,%s,%s,%.10g,%s,%.10g\n", k + 1, dates[k], branches[k],
                                sig[e], sw->group_names[q], tw_elasticity_sweep_at(sw, e, k, q));
            int bad = ferror(f) != 0;
            if ((fclose(f) != 0) | bad) {
                fprintf(stderr, "tradewar: error: writing %s failed\n", path);
                rc = TW_EXIT_IO;
            }
        }
    }
    if (rc == TW_EXIT_OK && svg_dir && !(rc = tw_run_ensure_dir(svg_dir))) {
        const char **bl = malloc((size_t)(ng + 1) * sizeof *bl);
        const char **gl = malloc((size_t)nsig * sizeof *gl);
        char (*gbuf)[32] = malloc((size_t)nsig * sizeof *gbuf);
        double *vals = malloc((size_t)(ng + 1) * nsig * sizeof *vals);
        if (!bl || !gl || !gbuf || !vals)
            rc = TW_EXIT_INTERNAL;
        for (int e = 0; rc == TW_EXIT_OK && e < nsig; e++) {
            snprintf(gbuf[e], sizeof gbuf[e], "elasticity %g", sig[e]);
            gl[e] = gbuf[e];
        }
        for (int q = 0; rc == TW_EXIT_OK && q <= ng; q++)
            bl[q] = sw->group_names[q];
        for (int k = 0; rc == TW_EXIT_OK && k < nsteps; k++) {
            for (int q = 0; q <= ng; q++)
                for (int e = 0; e < nsig; e++)
                    vals[(size_t)q * nsig + e] = tw_elasticity_sweep_at(sw, e, k, q);
            char name[64], title[300], sub[400];
            snprintf(name, sizeof name, "elasticity-%d.svg", k + 1);
            snprintf(title, sizeof title, "Real income against the input elasticity: %.60s, %s",
                     branches[k], dates[k]);
            snprintf(sub, sizeof sub, "Scenario %s; world %s; step %d: %.200s", file,
                     tw_world_name(w), k + 1, labels[k]);
            FILE *f = tw_run_open_in(svg_dir, name, path, sizeof path);
            if (!f) {
                rc = TW_EXIT_IO;
                break;
            }
            tw_svg_bars sb = {0};
            sb.title = title;
            sb.subtitle = sub;
            sb.xlabel = "change in real income against the baseline, % (exact I/P)";
            sb.note = "Elasticity of substitution between the nested inputs and the rest of "
                      "each user's costs: 1 is Cobb-Douglas, below 1 complements.";
            sb.nbars = ng + 1;
            sb.ngroups = nsig;
            sb.labels = bl;
            sb.groups = gl;
            sb.values = vals;
            int bad = tw_svg_write_bars(f, &sb) != 0;
            bad |= fclose(f) != 0;
            if (bad)
                rc = TW_EXIT_IO;
        }
        free(bl);
        free(gl);
        free(gbuf);
        free(vals);
    }
    tw_elasticity_sweep_free(sw);
    return rc;
}

/* The command line of `tradewar run`. */
typedef struct run_args {
    const char *file, *world, *csv_dir, *svg_dir, *elast;
    double tol, sweep[MAX_SWEEP], years, horizons[TW_RUN_MAX_HORIZONS], risk_aversion;
    int json, max_it, nsweep, nnest, has_years, nhorizons, by_sector;
    const char *nest_opt[64], *nest_val[64];
    tw_cli_draws draws; /* --draws, --seed, ... (cli/draws_cli.h) */
} run_args;

/* --critical-elasticities X,Y,...: got and v as from tw_cli_opt. @return -1, or an exit code. */
static int parse_sweep(run_args *a, int got, const char *v)
{
    char *end;
    const char *q = got > 0 ? v : "";
    a->nsweep = 0;
    while (got > 0 && *q && a->nsweep < MAX_SWEEP) {
        a->sweep[a->nsweep] = strtod(q, &end);
        if (end == q || !(a->sweep[a->nsweep] >= 0.0) || a->sweep[a->nsweep] > 20.0 ||
            (*end && *end != ','))
            break;
        a->nsweep++;
        q = *end ? end + 1 : end;
    }
    if (got < 0 || *q || a->nsweep == 0)
        return tw_cli_usage_error("run", "--critical-elasticities expects a list of up "
                                         "to %d elasticities in [0, 20], e.g. "
                                         "1,0.5,0.2,0.1",
                                  MAX_SWEEP);
    return -1;
}

/* Options with a value other than the nests and the sweep, at argv[*k]. @return 0 if argv[*k]
 * is none of them, -1 when taken, or an exit code. */
static int parse_valued(int argc, char **argv, int *k, run_args *a)
{
    const char *v;
    int got;
    if ((got = tw_cli_opt(argc, argv, k, "--world", &v))) {
        if (got < 0)
            return tw_cli_usage_error("run", "--world needs a value");
        a->world = v;
        return -1;
    }
    if ((got = tw_cli_opt(argc, argv, k, "--elasticities", &v))) {
        if (got < 0)
            return tw_cli_usage_error("run", "--elasticities needs a value");
        a->elast = v;
        return -1;
    }
    if ((got = tw_cli_opt(argc, argv, k, "--csv", &v))) {
        if (got < 0)
            return tw_cli_usage_error("run", "--csv needs a directory");
        a->csv_dir = v;
        return -1;
    }
    if ((got = tw_cli_opt(argc, argv, k, "--svg", &v))) {
        if (got < 0)
            return tw_cli_usage_error("run", "--svg needs a directory");
        a->svg_dir = v;
        return -1;
    }
    if ((got = tw_cli_opt(argc, argv, k, "--horizon", &v))) {
        int hr = tw_cli_horizon_arg("run", got, v, &a->years);
        a->has_years = 1;
        return hr ? hr : -1;
    }
    if ((got = tw_cli_opt(argc, argv, k, "--horizons", &v))) {
        if (got < 0 || tw_run_parse_horizons(v, a->horizons, &a->nhorizons))
            return tw_cli_usage_error("run", "--horizons expects up to %d of short, medium, "
                                             "long or years, comma-separated, e.g. short,long",
                                      TW_RUN_MAX_HORIZONS);
        return -1;
    }
    if ((got = tw_cli_opt(argc, argv, k, "--risk-aversion", &v))) {
        char *end;
        a->risk_aversion = got > 0 ? strtod(v, &end) : -1;
        if (got < 0 || *end || !(a->risk_aversion >= 0 && a->risk_aversion <= 100))
            return tw_cli_usage_error("run", "--risk-aversion needs a number in [0, 100]");
        return -1;
    }
    if ((got = tw_cli_opt(argc, argv, k, "--tolerance", &v))) {
        char *end;
        a->tol = got > 0 ? strtod(v, &end) : 0;
        if (got < 0 || *end || !(a->tol >= 1e-14) || a->tol > 1e-2)
            return tw_cli_usage_error("run", "--tolerance needs a number in [1e-14, 0.01]");
        return -1;
    }
    if ((got = tw_cli_opt(argc, argv, k, "--max-iterations", &v))) {
        char *end;
        long n = got > 0 ? strtol(v, &end, 10) : 0;
        if (got < 0 || *end || n < 1 || n > 100000000)
            return tw_cli_usage_error("run", "--max-iterations needs a whole number >= 1");
        a->max_it = (int)n;
        return -1;
    }
    return 0;
}

/* The command line into a. @return -1 to go on, or an exit code (--help and --list end here). */
static int parse_args(int argc, char **argv, run_args *a)
{
    memset(a, 0, sizeof *a);
    a->risk_aversion = 2.0; /* docs/uncertainty.md §7 */
    tw_cli_draws_init(&a->draws);
    const char *v;
    for (int k = 1; k < argc; k++) {
        int got, r;
        if ((got = tw_cli_draws_opt("run", argc, argv, &k, &a->draws, &r))) {
            if (got < 0)
                return r;
            continue;
        }
        if ((got = tw_cli_opt(argc, argv, &k, "--input-elasticity", &v)) ||
            (got = tw_cli_opt(argc, argv, &k, "--critical-elasticity", &v))) {
            const char *opt = strncmp(argv[k], "--input", 7) == 0 ||
                                      (k > 0 && tw_cli_flag(argv[k - 1], "--input-elasticity"))
                                  ? "--input-elasticity"
                                  : "--critical-elasticity";
            if (got < 0)
                return tw_cli_usage_error("run", "%s needs a value", argv[k]);
            if (a->nnest == 64)
                return tw_cli_usage_error("run", "at most 64 nest options");
            a->nest_opt[a->nnest] = opt;
            a->nest_val[a->nnest++] = v;
            continue;
        }
        if ((got = tw_cli_opt(argc, argv, &k, "--critical-elasticities", &v))) {
            if ((r = parse_sweep(a, got, v)) >= 0)
                return r;
            continue;
        }
        if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
            help(stdout);
            return TW_EXIT_OK;
        }
        if (strcmp(argv[k], "--list") == 0)
            return tw_run_list_scenarios();
        if (strcmp(argv[k], "--json") == 0) {
            a->json = 1;
            continue;
        }
        if (tw_cli_flag(argv[k], "--by-sector")) {
            a->by_sector = 1;
            continue;
        }
        if ((r = parse_valued(argc, argv, &k, a))) {
            if (r >= 0)
                return r;
            continue;
        }
        if (argv[k][0] == '-')
            return tw_cli_usage_error("run", "unknown option '%s'", argv[k]);
        if (a->file)
            return tw_cli_usage_error("run", "more than one scenario given");
        a->file = argv[k];
    }
    if (!a->file)
        return tw_cli_usage_error("run", "expected a scenario file or name");
    if (tw_cli_draws_check("run", &a->draws))
        return TW_EXIT_USAGE;
    if (a->draws.on && a->nsweep)
        return tw_cli_usage_error("run", "choose one of --draws and --critical-elasticities");
    return -1;
}

/* The model options of the run into o, its nest rules into rules (which o points to, room for
 * 66). @return 0, or TW_EXIT_USAGE after printing why. */
static int model_options(const run_args *a, const tw_world *w, const tw_scenario *s,
                         tw_model_options *o, tw_input_elasticity *rules)
{
    tw_model_options_init(o);
    o->deficits = tw_scenario_deficits(s);
    o->revenue_use = tw_scenario_revenue_use(s);
    if (a->tol > 0) /* given on the command line */
        o->solver.tolerance = a->tol;
    if (a->max_it > 0)
        o->solver.max_iterations = a->max_it;
    tw_cli_solver_progress(&o->solver);
    /* The scenario's critical_elasticity comes first, so that command-line rules (applied
     * after it) override it. */
    int nrules = 0;
    double crit;
    if (tw_scenario_critical_elasticity(s, &crit))
        rules[nrules++] = (tw_input_elasticity){TW_NEST_MEMBERS, TW_ALL_SECTORS, crit};
    for (int k = 0; k < a->nnest; k++)
        if (tw_cli_nest_rule(w, "run", a->nest_opt[k], a->nest_val[k], &rules[nrules++]))
            return TW_EXIT_USAGE;
    o->input_elasticities = rules;
    o->input_elasticity_count = nrules;
    return 0;
}

/* The players then the watched countries, resolved in plan, into show (room for 64; the caller
 * frees the members of the first *nshow). @return 0, or TW_EXIT_INTERNAL. */
static int shown_groups(const tw_scenario *s, const tw_world *w, const tw_plan *plan, shown *show,
                        int *nshow)
{
    int nplayers = tw_scenario_player_count(s);
    for (int k = 0; k < nplayers + tw_scenario_watch_count(s) && *nshow < 64; k++) {
        const char *name = k < nplayers ? tw_scenario_player(s, k)
                                        : tw_scenario_watch(s, k - nplayers);
        tw_dims d = tw_world_dims(w);
        shown *g = &show[*nshow];
        g->name = name;
        g->members = malloc((size_t)d.n * sizeof(int));
        if (!g->members)
            return TW_EXIT_INTERNAL;
        g->n = tw_plan_country_group(plan, name, g->members, d.n);
        (*nshow)++;
        if (g->n < 0) { /* resolved at binding: only memory can fail now */
            fprintf(stderr, "tradewar: error: out of memory\n");
            return TW_EXIT_INTERNAL;
        }
    }
    return 0;
}

/* --by-sector: the sectoral parts of the shown single countries at each branch's last step.
 * @return an exit code. */
static int print_sector_parts(const run_ctx *c)
{
    int N = tw_world_dims(c->w).n, steps = tw_timeline_steps(c->t), nc = 0;
    int *who = malloc((size_t)c->nshow * sizeof *who), *path = malloc((size_t)steps * sizeof *path);
    int rc = who && path ? TW_EXIT_OK : TW_EXIT_INTERNAL;
    for (int q = 0; rc == TW_EXIT_OK && q < c->nshow; q++)
        if (c->show[q].n == 1 && c->show[q].members[0] < N)
            who[nc++] = c->show[q].members[0];
    for (int b = 0; rc == TW_EXIT_OK && nc > 0 && b < tw_timeline_branch_count(c->t); b++) {
        int len = tw_timeline_branch_path(c->t, b, path, steps);
        if (len <= 0)
            continue;
        tw_timeline_step st = tw_timeline_step_get(c->t, path[len < steps ? len - 1 : steps - 1]);
        printf("\nAt %s (%s):\n", st.date, st.branch);
        if (tw_cli_print_sector_parts(stdout, c->w, st.results, who, nc, 5))
            rc = TW_EXIT_INTERNAL;
    }
    if (rc == TW_EXIT_INTERNAL)
        fprintf(stderr, "tradewar: error: out of memory\n");
    free(who);
    free(path);
    return rc;
}

/* The timeline's warnings other than the scenario's (printed when it was read). */
static int print_result_warnings(const tw_plan *plan, const tw_timeline *t, const tw_scenario *s)
{
    tw_warnings *all = tw_warnings_create(), *results = tw_warnings_create();
    int rc = TW_EXIT_OK, skip = tw_warnings_count(tw_scenario_warnings(s));
    if (!all || !results || tw_timeline_warnings(plan, t, all))
        rc = TW_EXIT_INTERNAL;
    for (int k = skip; rc == TW_EXIT_OK && k < tw_warnings_count(all); k++) {
        const tw_error *wn = tw_warnings_get(all, k);
        if (tw_warnings_add(results, wn->file[0] ? wn->file : NULL, wn->line, wn->column,
                            wn->field, "%s", wn->message))
            rc = TW_EXIT_INTERNAL;
    }
    if (rc == TW_EXIT_OK)
        tw_cli_print_warnings(results);
    else
        fprintf(stderr, "tradewar: error: out of memory\n");
    tw_warnings_free(all);
    tw_warnings_free(results);
    return rc;
}

/* Evaluates the scenario's timeline and writes it as asked. @return an exit code. */
static int run_timeline(const run_args *a, const tw_world *w, const tw_scenario *s,
                        const tw_model_options *o)
{
    tw_model *m = NULL;
    tw_plan *plan = NULL;
    tw_timeline *t = NULL;
    shown show[64];
    int nshow = 0, rc;
    tw_solver *sv = NULL;
    tw_error err;
    tw_status st = tw_model_create(w, o, &m, &err);
    if (!st)
        st = tw_solver_create(m, NULL, &sv, &err);
    if (!st)
        st = tw_scenario_bind(s, w, &plan, &err);
    if (!st)
        st = tw_timeline_run_games(plan, m, sv, tw_scenario_game_solve, NULL, &t, &err);
    tw_cli_progress_end();
    tw_solver_free(sv);
    if (st) {
        tw_cli_print_error(&err);
        rc = tw_cli_exit_code(st);
        goto done;
    }
    if ((rc = shown_groups(s, w, plan, show, &nshow)))
        goto done;
    run_ctx c = {a->file, w, s, t, show, nshow, tw_scenario_player_count(s), NULL, plan};
    tw_draws *dr = NULL;
    if (a->draws.on && (rc = tw_cli_draws_create(a->world ? a->world : tw_scenario_world(s), w,
                                                 &a->draws, &dr)))
        goto done;
    if (dr && (rc = tw_cli_run_draws(dr, &a->draws, &c, o))) {
        tw_draws_free(dr);
        rc = rc == TW_CLI_DRAWS_DONE ? TW_EXIT_OK : rc; /* a shard or a rank other than 0 */
        goto done;
    }
    int odds = tw_scenario_has_odds(s, t), wrap = dr || odds;
    if (a->json) {
        if (wrap) /* docs/json.md: {"point": the timeline document, "uncertainty": ...} */
            fputs("{\"point\": ", stdout);
        if ((st = tw_json_write_timeline(tw_sink_file(stdout), plan, t, &err))) {
            tw_cli_print_error(&err);
            rc = tw_cli_exit_code(st);
            tw_draws_free(dr);
            goto done;
        }
    } else {
        print_table(&c);
        tw_run_print_factors(&c);
        if (a->by_sector && (rc = print_sector_parts(&c)))
            goto done;
    }
    if ((rc = print_result_warnings(plan, t, s))) {
        tw_draws_free(dr);
        goto done;
    }
    rc = dr ? tw_cli_run_draws_write(dr, &c, a->json, a->csv_dir) : TW_EXIT_OK;
    if (!rc && odds)
        rc = tw_cli_run_odds(&c, a->risk_aversion, a->json, a->csv_dir);
    if (!rc && a->json && wrap)
        fputs("}\n", stdout);
    c.draws = dr;
    if (!rc && a->csv_dir)
        rc = tw_run_write_csv(&c, a->csv_dir);
    if (!rc && a->svg_dir)
        rc = tw_run_write_svgs(&c, a->svg_dir);
    tw_draws_free(dr);
    if (rc)
        goto done;
    rc = TW_EXIT_OK;
done:
    for (int k = 0; k < nshow; k++)
        free(show[k].members);
    tw_timeline_free(t);
    tw_plan_free(plan);
    tw_model_free(m);
    return rc;
}

int tw_cli_run(int argc, char **argv)
{
    run_args a;
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
    tw_cli_print_warnings(tw_scenario_warnings(s));
    rc = tw_run_load_world(s, a.world, a.elast,
                           a.nhorizons ? &a.horizons[0] : a.has_years ? &a.years : NULL, &w);
    if (rc) {
        tw_scenario_free(s);
        return rc;
    }
    tw_model_options o;
    tw_input_elasticity rules[66];
    rc = model_options(&a, w, s, &o, rules);
    if (!rc && a.nsweep && a.json)
        rc = tw_cli_usage_error("run", "--critical-elasticities writes a table, CSV and "
                                       "SVG, not JSON");
    else if (!rc && a.nhorizons && (a.nsweep || a.svg_dir || a.has_years || a.draws.on))
        rc = tw_cli_usage_error("run", "--horizons is a table, JSON and CSV of its own: not "
                                       "with --horizon, --svg, --draws or "
                                       "--critical-elasticities");
    else if (!rc && a.nhorizons) {
        tw_run_horizons_args ha = {s, a.world ? a.world : tw_scenario_world(s), &o, a.horizons,
                                   a.nhorizons, a.json, a.csv_dir};
        rc = tw_run_horizons(&ha);
    } else if (!rc && a.nsweep)
        rc = run_sweep(a.file, w, s, o, a.sweep, a.nsweep, a.csv_dir, a.svg_dir);
    else if (!rc)
        rc = run_timeline(&a, w, s, &o);
    tw_world_free(w);
    tw_scenario_free(s);
    return rc;
}
