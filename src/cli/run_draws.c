/* SPDX-License-Identifier: MIT */
/* `tradewar run --draws`: the scenario's timeline for every draw of the elasticities, and the
 * bands of the real income of its players, watched countries and the world at every step
 * (docs/uncertainty.md, docs/json.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/draws_cli.h"
#include "core/error.h"
#include "cli/run_out.h"

/* What a draw needs: the scenario and the groups' names (resolved again on each draw's world). */
typedef struct run_draw_ctx {
    const tw_scenario *s;
    const shown *show;
    int nshow, nsteps;
} run_draw_ctx;

static int at(const run_draw_ctx *c, int k, int g) { return k * (c->nshow + 1) + g; }

static void outputs_of(const run_draw_ctx *c, const tw_timeline *t, const tw_plan *plan,
                       int *members, int N, double *out)
{
    for (int k = 0; k < c->nsteps; k++) {
        tw_timeline_step st = tw_timeline_step_get(t, k);
        for (int g = 0; g < c->nshow; g++) {
            int cnt = plan ? tw_plan_country_group(plan, c->show[g].name, members, N) : -1;
            out[at(c, k, g)] = cnt >= 0 ? tw_group_real_income_pct(st.results, members,
                                                                   cnt > N ? N : cnt)
                                        : group_real_income(st.results, &c->show[g]);
        }
        out[at(c, k, c->nshow)] = st.results->world_real_income_pct;
    }
}

static tw_status eval(void *vctx, const tw_model *m, tw_solver *s, double *out, tw_error *err)
{
    const run_draw_ctx *c = vctx;
    const tw_world *w = tw_model_world(m);
    int N = tw_world_dims(w).n;
    tw_plan *plan = NULL;
    tw_timeline *t = NULL;
    int *members = malloc((size_t)N * sizeof *members);
    tw_status st = members ? tw_scenario_bind(c->s, w, &plan, err) : TW_ERR_NOMEM;
    if (!st)
        st = tw_timeline_run_games(plan, m, s, tw_scenario_game_solve, NULL, &t, err);
    if (!st && tw_timeline_steps(t) != c->nsteps)
        st = tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "steps",
                     "the timeline has %d steps in this draw, %d at the point estimate",
                     tw_timeline_steps(t), c->nsteps);
    if (!st)
        outputs_of(c, t, plan, members, N, out);
    tw_timeline_free(t);
    tw_plan_free(plan);
    free(members);
    return st;
}

static void print_table(const run_ctx *rc, const run_draw_ctx *c, const tw_draws *d)
{
    printf("\n");
    tw_cli_draws_print_summary(stdout, rc->w, d);
    printf("\nBands of real income (exact change in I/P against the baseline, %%): the point "
           "estimate\n(the world's theta), then [5th, 50th, 95th percentile] over the draws.\n\n");
    printf("%-10s %-12s", "date", "branch");
    for (int g = 0; g <= c->nshow; g++)
        printf(" %-30.30s", g < c->nshow ? c->show[g].name : "World");
    printf("\n");
    for (int k = 0; k < c->nsteps; k++) {
        tw_timeline_step st = tw_timeline_step_get(rc->t, k);
        printf("%-10s %-12.12s", st.date, st.branch ? st.branch : "");
        for (int g = 0; g <= c->nshow; g++) {
            tw_band b = tw_draws_band(d, at(c, k, g));
            char cell[64];
            snprintf(cell, sizeof cell, "%.3f [%.3f %.3f %.3f]", b.point, b.p5, b.p50, b.p95);
            printf(" %-30s", cell);
        }
        printf("\n");
    }
}

static int write_json(const run_ctx *rc, const run_draw_ctx *c, const tw_draws *d)
{
    tw_json js;
    tw_json_init(&js, stdout);
    tw_cli_draws_json_begin(&js, rc->w, d);
    tw_json_key(&js, "steps");
    tw_json_array_begin(&js);
    for (int k = 0; k < c->nsteps; k++) {
        tw_timeline_step st = tw_timeline_step_get(rc->t, k);
        tw_json_object_begin(&js);
        tw_json_kv_int(&js, "step", k + 1);
        tw_json_kv_string(&js, "date", st.date);
        tw_json_kv_string(&js, "branch", st.branch ? st.branch : "");
        tw_json_key(&js, "real_income_pct");
        tw_json_object_begin(&js);
        for (int g = 0; g <= c->nshow; g++) {
            tw_band b = tw_draws_band(d, at(c, k, g));
            tw_json_key(&js, g < c->nshow ? c->show[g].name : "World");
            tw_json_object_begin(&js);
            tw_cli_draws_json_band(&js, &b);
            tw_json_object_end(&js);
        }
        tw_json_object_end(&js);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_object_end(&js);
    tw_error err;
    if (tw_json_finish(&js, &err)) {
        tw_cli_print_error(&err);
        return TW_EXIT_IO;
    }
    return TW_EXIT_OK;
}

static int write_csv(const char *dir, const run_ctx *rc, const run_draw_ctx *c,
                     const tw_draws *d)
{
    char path[1200];
    int r = tw_run_ensure_dir(dir);
    FILE *f = r ? NULL : tw_run_open_in(dir, "bands.csv", path, sizeof path);
    if (!f)
        return TW_EXIT_IO;
    fprintf(f, "step,date,branch,group,quantity,point,p5,p50,p95\n");
    for (int k = 0; k < c->nsteps; k++) {
        tw_timeline_step st = tw_timeline_step_get(rc->t, k);
        for (int g = 0; g <= c->nshow; g++) {
            tw_band b = tw_draws_band(d, at(c, k, g));
            fprintf(f, "%d,%s,%s,%s,real_income_pct,%.10g,%.10g,%.10g,%.10g\n", k + 1, st.date,
                    st.branch ? st.branch : "", g < c->nshow ? c->show[g].name : "World",
                    b.point, b.p5, b.p50, b.p95);
        }
    }
    int bad = ferror(f) != 0;
    if ((fclose(f) != 0) | bad) {
        fprintf(stderr, "%s: error: write failed\n", path);
        return TW_EXIT_IO;
    }
    return tw_cli_draws_write_csv(dir, rc->w, d);
}

int tw_cli_run_draws(tw_draws *d, const tw_cli_draws *cd, const run_ctx *rc,
                     const tw_model_options *mo)
{
    run_draw_ctx c = {rc->s, rc->show, rc->nshow, tw_timeline_steps(rc->t)};
    int K = c.nsteps * (c.nshow + 1), N = tw_world_dims(rc->w).n;
    double *point = malloc((size_t)(K > 0 ? K : 1) * sizeof *point);
    int *members = malloc((size_t)N * sizeof *members);
    if (!point || !members || K < 1) {
        free(point);
        free(members);
        fprintf(stderr, "tradewar: error: %s\n", K < 1 ? "the timeline has no steps to draw"
                                                       : "out of memory");
        return K < 1 ? TW_EXIT_USAGE : TW_EXIT_INTERNAL;
    }
    outputs_of(&c, rc->t, NULL, members, N, point);
    free(members);
    tw_model_options o = tw_cli_draws_model_options(mo);
    int r = tw_cli_draws_solve(d, cd, rc->w, &o, K, point, eval, &c);
    free(point);
    return r;
}

int tw_cli_run_draws_write(const tw_draws *d, const run_ctx *rc, int json, const char *csv_dir)
{
    run_draw_ctx c = {rc->s, rc->show, rc->nshow, tw_timeline_steps(rc->t)};
    int r = TW_EXIT_OK;
    if (json) {
        fputs(", \"uncertainty\": ", stdout);
        r = write_json(rc, &c, d);
    } else {
        print_table(rc, &c, d);
    }
    if (!r && csv_dir)
        r = write_csv(csv_dir, rc, &c, d);
    return r;
}
