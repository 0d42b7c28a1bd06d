/* SPDX-License-Identifier: MIT */
/* `tradewar run`'s table of the model's own welfare and employment, for worlds with labour
 * supply (blocks.csv, docs/model.md §2c). */
#include <math.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/run_out.h"

/* A model with its own welfare measure (labour supply, docs/model.md §2c): welfare_pct and
 * employment_pct of the shown countries and groups (baseline-income weighted), by step. */
void tw_run_print_own_welfare(const run_ctx *c)
{
    int own = 0, N = tw_world_dims(c->w).n;
    for (int k = 0; k < tw_timeline_steps(c->t) && !own; k++) {
        const tw_results *r = tw_timeline_step_get(c->t, k).results;
        for (int n = 0; n < N; n++)
            own |= r->country[n].welfare_pct != r->country[n].real_income_pct;
    }
    if (!own)
        return;
    printf("\nWelfare (the model's own measure, net of the disutility of work, docs/model.md "
           "eq. (L7)) and employment, %%, weighted by baseline income:\n%-10s  %-14s", "date",
           "branch");
    for (int q = 0; q < c->nshow; q++)
        printf(" %8.8s %8s", c->show[q].name, "employ.");
    printf("\n");
    for (int k = 0; k < tw_timeline_steps(c->t); k++) {
        tw_timeline_step st = tw_timeline_step_get(c->t, k);
        printf("%-10s  %-14.14s", st.date, st.branch);
        for (int q = 0; q < c->nshow; q++) {
            double wf = 0, em = 0, ib = 0;
            for (int g = 0; g < c->show[q].n; g++) {
                const tw_country_result *cr = &st.results->country[c->show[q].members[g]];
                wf += cr->income_base * cr->welfare_pct;
                em += cr->income_base * cr->employment_pct;
                ib += cr->income_base;
            }
            printf(" %8.3f %8.3f", tw_cli_nz(ib > 0 ? wf / ib : NAN, 3),
                   tw_cli_nz(ib > 0 ? em / ib : NAN, 3));
        }
        printf("\n");
    }
}
