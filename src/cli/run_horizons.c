/* SPDX-License-Identifier: MIT */
/* `tradewar run --horizons H1,H2,...`: the scenario's timeline evaluated at several horizons
 * (docs/model.md §2b), reported side by side for each dated step: a table, one JSON document
 * holding each horizon's timeline document, and CSV files (docs/cli.md "Horizons"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/run_horizons.h"
#include "cli/run_out.h"
#include "tradewar/strategy.h"

/* One horizon's evaluation. */
typedef struct horizon_run {
    double years;
    tw_world *w;
    tw_model *m;
    tw_plan *plan;
    tw_timeline *t;
} horizon_run;

static void run_free(horizon_run *h)
{
    tw_timeline_free(h->t);
    tw_plan_free(h->plan);
    tw_model_free(h->m);
    tw_world_free(h->w);
}

/* "short", "medium", "long" or "N years". */
static void horizon_label(double years, char *out, size_t size)
{
    if (years == 1.0 || years == 5.0 || isinf(years))
        snprintf(out, size, "%s", tw_horizon_name(tw_horizon_of_years(years)));
    else
        snprintf(out, size, "%gy", years);
}

/* Evaluates s at h->years. @return an exit code, after printing any error. */
static int evaluate(const tw_run_horizons_args *a, horizon_run *h)
{
    const char *el = tw_scenario_elasticities(a->s);
    int rc = tw_cli_load_world_at(a->world, *el ? el : NULL, h->years, &h->w);
    if (rc)
        return rc;
    tw_error err;
    tw_solver *sv = NULL;
    tw_status st = tw_model_create(h->w, a->options, &h->m, &err);
    if (!st)
        st = tw_solver_create(h->m, NULL, &sv, &err);
    if (!st)
        st = tw_scenario_bind(a->s, h->w, &h->plan, &err);
    if (!st)
        st = tw_timeline_run_games(h->plan, h->m, sv, tw_scenario_game_solve, NULL, &h->t, &err);
    tw_cli_progress_end();
    tw_solver_free(sv);
    if (st) {
        char lab[32];
        horizon_label(h->years, lab, sizeof lab);
        fprintf(stderr, "tradewar: at the %s horizon:\n", lab);
        tw_cli_print_error(&err);
        return tw_cli_exit_code(st);
    }
    return TW_EXIT_OK;
}

/* The players then the watched countries of s, resolved in plan (room for 64). */
static int groups(const tw_scenario *s, const tw_world *w, const tw_plan *plan, shown *show,
                  int *nshow)
{
    int np = tw_scenario_player_count(s);
    tw_dims d = tw_world_dims(w);
    for (int k = 0; k < np + tw_scenario_watch_count(s) && *nshow < 64; k++) {
        shown *g = &show[*nshow];
        g->name = k < np ? tw_scenario_player(s, k) : tw_scenario_watch(s, k - np);
        if (!(g->members = malloc((size_t)d.n * sizeof(int))))
            return TW_EXIT_INTERNAL;
        (*nshow)++;
        if ((g->n = tw_plan_country_group(plan, g->name, g->members, d.n)) < 0)
            return TW_EXIT_INTERNAL;
    }
    return 0;
}

/* The change in goods trade from group e to group m (exporter prices), %. */
static double goods_change(const tw_results *r, const shown *e, const shown *m)
{
    double before = 0, after = 0;
    for (int a = 0; a < m->n; a++)
        for (int b = 0; b < e->n; b++) {
            size_t at = tw_ix_ni(r->d, m->members[a], e->members[b]);
            if (m->members[a] != e->members[b]) {
                before += r->goods_base[at];
                after += r->goods[at];
            }
        }
    return before > 0 ? 100.0 * (after / before - 1.0) : NAN;
}

static void print_table(const tw_run_horizons_args *a, const horizon_run *h, int nh,
                        const shown *show, int nshow)
{
    const tw_world *w = h[0].w;
    tw_dims d = tw_world_dims(w);
    printf("%s\n", tw_scenario_title(a->s));
    printf("world %s (%d economies x %d sectors, %s), deficits %s, elasticities %s, baseline "
           "%s\n",
           tw_world_name(w), d.n, d.j, tw_world_unit(w),
           tw_deficit_closure_name(tw_scenario_deficits(a->s)), tw_world_elasticity_set(w),
           tw_scenario_baseline_date(a->s));
    for (int q = 0; q < nh; q++)
        tw_cli_print_horizon(stdout, h[q].w);
    int np = tw_scenario_player_count(a->s) >= 2 && nshow >= 2;
    printf("Real income: exact change in I/P against %s, %%, at each horizon (columns "
           "NAME:HORIZON).\n",
           tw_scenario_reference_first(a->s) ? "the first step" : "the baseline");
    if (np)
        printf("A>B: change in goods exports of the first two players to each other, at "
               "exporter prices, %%.\n");
    printf("\n");
    printf("%-10s  %-14s", "date", "branch");
    for (int k = 0; k < nshow; k++)
        for (int q = 0; q < nh; q++) {
            char lab[32], col[48];
            horizon_label(h[q].years, lab, sizeof lab);
            snprintf(col, sizeof col, "%.4s:%.6s", show[k].name, lab);
            printf(" %11s", col);
        }
    for (int k = 0; np && k < 2; k++)
        for (int q = 0; q < nh; q++) {
            char lab[32], col[48];
            horizon_label(h[q].years, lab, sizeof lab);
            snprintf(col, sizeof col, "%.3s>%.3s:%.5s", show[k].name, show[1 - k].name, lab);
            printf(" %13s", col);
        }
    printf("  event\n");
    for (int k = 0; k < tw_timeline_steps(h[0].t); k++) {
        tw_timeline_step st = tw_timeline_step_get(h[0].t, k);
        printf("%-10s  %-14.14s", st.date, st.branch);
        for (int g = 0; g < nshow; g++)
            for (int q = 0; q < nh; q++)
                printf(" %11.3f",
                       group_real_income(tw_timeline_step_get(h[q].t, k).results, &show[g]));
        for (int g = 0; np && g < 2; g++)
            for (int q = 0; q < nh; q++)
                printf(" %13.1f", goods_change(tw_timeline_step_get(h[q].t, k).results,
                                               &show[g], &show[1 - g]));
        printf("  %s\n", st.label);
    }
}

/* horizons.csv: one row per step, group and horizon. */
static int write_csv(const horizon_run *h, int nh, const shown *show, int nshow, const char *dir)
{
    int rc = tw_run_ensure_dir(dir);
    if (rc)
        return rc;
    char path[1200];
    FILE *f = tw_run_open_in(dir, "horizons.csv", path, sizeof path);
    if (!f)
        return TW_EXIT_IO;
    fprintf(f, "step,date,branch,group,horizon,years,real_income_pct,goods_exports_to_first_"
               "player_pct,goods_imports_from_first_player_pct,iterations\n");
    for (int k = 0; k < tw_timeline_steps(h[0].t); k++)
        for (int g = 0; g < nshow; g++)
            for (int q = 0; q < nh; q++) {
                tw_timeline_step st = tw_timeline_step_get(h[q].t, k);
                char lab[32];
                horizon_label(h[q].years, lab, sizeof lab);
                fprintf(f, "%d,%s,\"%s\",\"%s\",%s,", k, st.date, st.branch, show[g].name, lab);
                if (isinf(h[q].years))
                    fprintf(f, ",");
                else
                    fprintf(f, "%.17g,", h[q].years);
                fprintf(f, "%.17g,", group_real_income(st.results, &show[g]));
                if (g > 0)
                    fprintf(f, "%.17g,%.17g,", goods_change(st.results, &show[g], &show[0]),
                            goods_change(st.results, &show[0], &show[g]));
                else
                    fprintf(f, ",,");
                fprintf(f, "%d\n", st.report.iterations);
            }
    if (fclose(f) != 0) {
        fprintf(stderr, "tradewar: error: cannot write %s\n", path);
        return TW_EXIT_IO;
    }
    return TW_EXIT_OK;
}

/* {"horizons": [{"horizon": NAME, "years": Y|null, "timeline": DOCUMENT}, ...]} */
static int write_json(const horizon_run *h, int nh)
{
    tw_error err;
    printf("{\"horizons\": [");
    for (int q = 0; q < nh; q++) {
        char lab[32];
        horizon_label(h[q].years, lab, sizeof lab);
        printf("%s{\"horizon\": \"%s\", \"years\": ", q ? ", " : "",
               tw_horizon_name(tw_world_horizon(h[q].w)));
        if (isinf(h[q].years))
            printf("null");
        else
            printf("%.17g", h[q].years);
        printf(", \"label\": \"%s\", \"timeline\": ", lab);
        fflush(stdout);
        tw_status st = tw_json_write_timeline(tw_sink_file(stdout), h[q].plan, h[q].t, &err);
        if (st) {
            tw_cli_print_error(&err);
            return tw_cli_exit_code(st);
        }
        printf("}");
    }
    printf("]}\n");
    return ferror(stdout) ? TW_EXIT_IO : TW_EXIT_OK;
}

int tw_run_horizons(const tw_run_horizons_args *a)
{
    horizon_run h[TW_RUN_MAX_HORIZONS];
    shown show[64];
    int nshow = 0, rc = TW_EXIT_OK, nh = a->n_horizons;
    memset(h, 0, sizeof h);
    for (int q = 0; q < nh && !rc; q++) {
        h[q].years = a->horizons[q];
        rc = evaluate(a, &h[q]);
    }
    for (int q = 1; q < nh && !rc; q++)
        if (tw_timeline_steps(h[q].t) != tw_timeline_steps(h[0].t)) {
            fprintf(stderr, "tradewar: error: the horizons' timelines have different steps\n");
            rc = TW_EXIT_INTERNAL;
        }
    if (!rc)
        rc = groups(a->s, h[0].w, h[0].plan, show, &nshow);
    if (!rc) {
        if (a->json)
            rc = write_json(h, nh);
        else
            print_table(a, h, nh, show, nshow);
    }
    if (!rc && a->csv_dir)
        rc = write_csv(h, nh, show, nshow, a->csv_dir);
    for (int k = 0; k < nshow; k++)
        free(show[k].members);
    for (int q = 0; q < nh; q++)
        run_free(&h[q]);
    return rc;
}

int tw_run_parse_horizons(const char *v, double *years, int *n)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", v ? v : "");
    *n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (*n == TW_RUN_MAX_HORIZONS || tw_horizon_parse(tok, &years[*n]))
            return -1;
        (*n)++;
    }
    return *n >= 1 ? 0 : -1;
}
