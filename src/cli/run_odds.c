/* SPDX-License-Identifier: MIT */
/* `tradewar run` on a scenario whose truces give probabilities to their outcomes: the expected
 * path of the real income of the players, watched countries and the world, its spread, and
 * their value of certainty (docs/uncertainty.md §7). The lottery and its JSON object are the
 * library's (tw_run_odds_compute, tw_json_write_run_odds in src/io/json_odds.c); the table and
 * expected.csv are written here. */
#include <stdlib.h>

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
    tw_branch_odds *o = NULL;
    tw_error err;
    tw_status st = tw_run_odds_compute(c->plan, c->t, risk_aversion, &o, &err);
    if (!st && json) {
        fputs(", \"policy_uncertainty\": ", stdout);
        st = tw_json_write_run_odds(tw_sink_file(stdout), c->plan, c->t, o, &err);
    }
    if (st) {
        tw_cli_print_error(&err);
        tw_branch_odds_free(o);
        return tw_cli_exit_code(st);
    }
    if (!json)
        print_table(c, o);
    int r = csv_dir ? write_csv(csv_dir, c, o) : TW_EXIT_OK;
    tw_branch_odds_free(o);
    return r;
}
