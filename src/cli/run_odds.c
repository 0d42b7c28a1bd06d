/* SPDX-License-Identifier: MIT */
/* `tradewar run` on a scenario whose truces give probabilities to their outcomes: the expected
 * path of the real income of the players, watched countries and the world, its spread, and
 * their value of certainty (docs/uncertainty.md §7). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/draws_cli.h"
#include "cli/run_out.h"
#include "core/calendar.h"
#include "tradewar/odds.h"

static const char *group_name(const run_ctx *c, int g)
{
    return g < c->nshow ? c->show[g].name : "World";
}

static void print_table(const run_ctx *c, const tw_branch_odds *o)
{
    int Q = c->nshow + 1;
    char a[11], b[11];
    printf("\nPolicy uncertainty: the final branches with their probabilities (products of the "
           "truces'\noutcome probabilities):");
    for (int k = 0; k < o->n_leaves; k++)
        printf("%s %s %.4g", k ? "," : "", tw_timeline_branch(c->t, o->leaf[k]), o->prob[k]);
    printf("\n\nExpected real income (%%, probability-weighted over the branches) and its "
           "standard deviation,\nby date:\n\n%-10s", "date");
    for (int g = 0; g < Q; g++)
        printf(" %-18.18s", group_name(c, g));
    printf("\n");
    for (int d = 0; d < o->n_dates; d++) {
        tw_date_format(o->day[d], a, sizeof a);
        printf("%-10s", a);
        for (int g = 0; g < Q; g++) {
            char cell[48];
            snprintf(cell, sizeof cell, "%.3f [sd %.3f]", o->expected[(size_t)d * Q + g],
                     o->sd[(size_t)d * Q + g]);
            printf(" %-18s", cell);
        }
        printf("\n");
    }
    tw_date_format(o->fork_day, a, sizeof a);
    tw_date_format(o->end_day - 1, b, sizeof b);
    printf("\nValue of certainty, %s to %s (days-weighted mean real income on each branch; "
           "CRRA risk\naversion %g): the expected mean, its certainty equivalent, and the "
           "difference, the share of\nreal income (percentage points) the holder would give "
           "up for the uncertainty to be resolved\nat the truce into the expected outcome "
           "(docs/uncertainty.md §7):\n\n%-18s %10s %10s %10s\n",
           a, b, o->risk_aversion, "", "expected", "certain", "value");
    for (int g = 0; g < Q; g++)
        printf("%-18.18s %10.4f %10.4f %10.5f\n", group_name(c, g), o->mean[g],
               o->certainty_equivalent[g], o->certainty_value[g]);
}

static int write_json(const run_ctx *c, const tw_branch_odds *o)
{
    int Q = c->nshow + 1;
    char a[11];
    tw_json js;
    tw_json_init(&js, stdout);
    tw_json_object_begin(&js);
    tw_json_kv_number(&js, "risk_aversion", o->risk_aversion);
    tw_date_format(o->fork_day, a, sizeof a);
    tw_json_kv_string(&js, "horizon_from", a);
    tw_date_format(o->end_day - 1, a, sizeof a);
    tw_json_kv_string(&js, "horizon_to", a);
    tw_json_key(&js, "branches");
    tw_json_array_begin(&js);
    for (int k = 0; k < o->n_leaves; k++) {
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "name", tw_timeline_branch(c->t, o->leaf[k]));
        tw_json_kv_number(&js, "probability", o->prob[k]);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_key(&js, "dates");
    tw_json_array_begin(&js);
    for (int d = 0; d < o->n_dates; d++) {
        tw_json_object_begin(&js);
        tw_date_format(o->day[d], a, sizeof a);
        tw_json_kv_string(&js, "date", a);
        tw_json_key(&js, "real_income_pct");
        tw_json_object_begin(&js);
        for (int g = 0; g < Q; g++) {
            size_t at = (size_t)d * Q + g;
            tw_json_key(&js, group_name(c, g));
            tw_json_object_begin(&js);
            tw_json_kv_number(&js, "expected", o->expected[at]);
            tw_json_kv_number(&js, "sd", o->sd[at]);
            tw_json_kv_number(&js, "min", o->lo[at]);
            tw_json_kv_number(&js, "max", o->hi[at]);
            tw_json_object_end(&js);
        }
        tw_json_object_end(&js);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_key(&js, "certainty");
    tw_json_object_begin(&js);
    for (int g = 0; g < Q; g++) {
        tw_json_key(&js, group_name(c, g));
        tw_json_object_begin(&js);
        tw_json_kv_number(&js, "mean_real_income_pct", o->mean[g]);
        tw_json_kv_number(&js, "certainty_equivalent_pct", o->certainty_equivalent[g]);
        tw_json_kv_number(&js, "value_pct", o->certainty_value[g]);
        tw_json_object_end(&js);
    }
    tw_json_object_end(&js);
    tw_json_object_end(&js);
    tw_error err;
    if (tw_json_finish(&js, &err)) {
        tw_cli_print_error(&err);
        return TW_EXIT_IO;
    }
    return TW_EXIT_OK;
}

static int write_csv(const char *dir, const run_ctx *c, const tw_branch_odds *o)
{
    int Q = c->nshow + 1, r = tw_run_ensure_dir(dir);
    char path[1200], a[11];
    FILE *f = r ? NULL : tw_run_open_in(dir, "expected.csv", path, sizeof path);
    if (!f)
        return TW_EXIT_IO;
    fprintf(f, "date,group,expected_real_income_pct,sd,min,max\n");
    for (int d = 0; d < o->n_dates; d++)
        for (int g = 0; g < Q; g++) {
            size_t at = (size_t)d * Q + g;
            tw_date_format(o->day[d], a, sizeof a);
            fprintf(f, "%s,%s,%.10g,%.10g,%.10g,%.10g\n", a, group_name(c, g), o->expected[at],
                    o->sd[at], o->lo[at], o->hi[at]);
        }
    int bad = ferror(f) != 0;
    if ((fclose(f) != 0) | bad) {
        fprintf(stderr, "%s: error: write failed\n", path);
        return TW_EXIT_IO;
    }
    return TW_EXIT_OK;
}

int tw_cli_run_odds(const run_ctx *c, double risk_aversion, int json, const char *csv_dir)
{
    int ns = tw_timeline_steps(c->t), Q = c->nshow + 1;
    double *v = malloc(((size_t)ns * Q + 1) * sizeof *v);
    if (!v) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        return TW_EXIT_INTERNAL;
    }
    for (int k = 0; k < ns; k++) {
        tw_timeline_step st = tw_timeline_step_get(c->t, k);
        for (int g = 0; g < c->nshow; g++)
            v[(size_t)k * Q + g] = group_real_income(st.results, &c->show[g]);
        v[(size_t)k * Q + c->nshow] = st.results->world_real_income_pct;
    }
    tw_branch_odds *o = NULL;
    tw_error err;
    tw_status st = tw_branch_odds_compute(c->s, c->t, Q, v, risk_aversion, &o, &err);
    free(v);
    if (st) {
        tw_cli_print_error(&err);
        return tw_cli_exit_code(st);
    }
    int r = TW_EXIT_OK;
    if (json) {
        fputs(", \"policy_uncertainty\": ", stdout);
        r = write_json(c, o);
    } else {
        print_table(c, o);
    }
    if (!r && csv_dir)
        r = write_csv(csv_dir, c, o);
    tw_branch_odds_free(o);
    return r;
}
