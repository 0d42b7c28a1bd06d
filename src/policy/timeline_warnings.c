/* SPDX-License-Identifier: MIT */
/* The warnings of an evaluated scenario (tw_timeline_warnings): what reading the scenario
 * noticed, and results of its shown countries that one sector drives. */
#include <stdio.h>
#include <stdlib.h>

#include "tradewar/scenario.h"

/* The single-country players and watched countries of p's scenario, in that order, into out
 * (room for N): their number, or -1 when out of memory. */
static int shown_countries(const tw_plan *p, int *out)
{
    const tw_scenario *s = tw_plan_scenario(p);
    int N = tw_world_dims(tw_plan_world(p)).n, np = tw_scenario_player_count(s), cnt = 0;
    int *mem = malloc((size_t)N * sizeof *mem);
    if (!mem)
        return -1;
    for (int k = 0; k < np + tw_scenario_watch_count(s); k++) {
        const char *name = k < np ? tw_scenario_player(s, k) : tw_scenario_watch(s, k - np);
        int dup = 0, got = tw_plan_country_group(p, name, mem, N);
        if (got < 0) { /* the names were resolved at binding: only memory can fail */
            cnt = -1;
            break;
        }
        if (got != 1)
            continue;
        for (int q = 0; q < cnt; q++)
            dup |= out[q] == mem[0];
        if (!dup)
            out[cnt++] = mem[0];
    }
    free(mem);
    return cnt;
}

tw_status tw_timeline_warnings(const tw_plan *p, const tw_timeline *t, tw_warnings *out)
{
    const tw_world *w = tw_plan_world(p);
    tw_dims d = tw_world_dims(w);
    if (tw_warnings_append(out, tw_scenario_warnings(tw_plan_scenario(p))))
        return TW_ERR_NOMEM;
    int steps = tw_timeline_steps(t), K = d.j + 1; /* sector, or none (index d.j) */
    int *who = malloc((size_t)d.n * sizeof *who);
    int *first = malloc((size_t)d.n * K * sizeof *first);
    int *count = calloc((size_t)d.n * K, sizeof *count);
    tw_warnings *scratch = tw_warnings_create();
    tw_status st = TW_OK;
    int nw = who ? shown_countries(p, who) : -1;
    if (nw < 0 || !first || !count || !scratch)
        st = TW_ERR_NOMEM;
    /* First pass: where each (country, driving sector) fires; second: one warning each. */
    for (int pass = 0; pass < 2 && !st; pass++)
        for (int k = 0; k < steps && !st; k++) {
            tw_timeline_step step = tw_timeline_step_get(t, k);
            for (int q = 0; q < nw && !st; q++) {
                int n = who[q], top = tw_results_dominant_sector(step.results, n, NULL);
                size_t key = (size_t)n * K + (size_t)(top >= 0 ? top : d.j);
                char ctx[160];
                if (pass == 0) {
                    int added = 0;
                    st = tw_results_warn(w, step.results, n, NULL, scratch, &added);
                    if (added && count[key]++ == 0)
                        first[key] = k;
                } else if (count[key] > 0 && first[key] == k) {
                    if (count[key] > 1)
                        snprintf(ctx, sizeof ctx, "at %s (%s) and %d later steps", step.date,
                                 step.branch, count[key] - 1);
                    else
                        snprintf(ctx, sizeof ctx, "at %s (%s)", step.date, step.branch);
                    st = tw_results_warn(w, step.results, n, ctx, out, NULL);
                }
            }
        }
    tw_warnings_free(scratch);
    free(who);
    free(first);
    free(count);
    return st;
}
