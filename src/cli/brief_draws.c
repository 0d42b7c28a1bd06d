/* SPDX-License-Identifier: MIT */
/* `tradewar brief --draws` (brief_draws.h): for every draw of the elasticities the scenario's
 * brief again, and bands (point, 5th, 50th, 95th percentile) of each number of the brief that
 * depends on them; the static revenue and the statutory rates are the scenario's tariffs and do
 * not (docs/brief.md "Bands"). */
#include "cli/brief_draws.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/run_out.h"
#include "core/error.h"
#include "tradewar/strategy.h"

/* The banded numbers of each player or watched group, and of each of its partners. */
#define NC 6
#define NP 2
static const char *const country_field[NC] = {
    "real_income_pct",           "cpi_change_pct",
    "cost_per_household_usd",    "tariff_revenue_ge_usd",
    "imports_goods_usd",         "avg_tariff_goods_counterfactual_import_weighted_pct"};
static const char *const country_label[NC] = {"real income %", "consumer prices %",
                                              "cost/household USD", "GE revenue USD bn",
                                              "goods imports USD bn", "tariff after subst. %"};
static const char *const pair_field[NP] = {"avg_tariff_goods_counterfactual_import_weighted_pct",
                                           "import_share_goods_pct"};

typedef struct brief_draw_ctx {
    const tw_scenario *s;
    const double *hh;
    int nsteps, ng;
} brief_draw_ctx;

static int per_step(int ng) { return ng * NC + ng * (ng + 1) * NP; }
static int at_country(int ng, int k, int g, int f) { return k * per_step(ng) + g * NC + f; }
static int at_pair(int ng, int k, int g, int q, int f)
{
    return k * per_step(ng) + ng * NC + (g * (ng + 1) + q) * NP + f;
}

static void outputs_of(const tw_brief *b, double *out)
{
    double usd = tw_world_usd_per_unit(tw_plan_world(tw_brief_plan(b)));
    int ng = tw_brief_group_count(b);
    for (int k = 0; k < tw_brief_steps(b); k++)
        for (int g = 0; g < ng; g++) {
            const tw_brief_country *c = tw_brief_country_get(b, k, g);
            double v[NC] = {c->real_income_pct,         c->cpi_change_pct,
                            c->cost_per_household_usd,  c->tariff_revenue_ge * usd,
                            c->imports_goods * usd,     c->etr_substitution_pct};
            for (int f = 0; f < NC; f++)
                out[at_country(ng, k, g, f)] = v[f];
            for (int q = 0; q <= ng; q++) {
                const tw_brief_pair *p = tw_brief_pair_get(b, k, g, q);
                out[at_pair(ng, k, g, q, 0)] = p->etr_substitution_pct;
                out[at_pair(ng, k, g, q, 1)] = p->import_share_pct;
            }
        }
}

static tw_status eval(void *vctx, const tw_model *m, tw_solver *s, double *out, tw_error *err)
{
    const brief_draw_ctx *c = vctx;
    tw_plan *plan = NULL;
    tw_brief *b = NULL;
    tw_brief_options bo;
    tw_brief_options_init(&bo);
    bo.households = c->hh;
    tw_status st = tw_scenario_bind(c->s, tw_model_world(m), &plan, err);
    if (!st)
        st = tw_brief_run(plan, m, s, tw_scenario_game_solve, NULL, &bo, &b, err);
    if (!st && (tw_brief_steps(b) != c->nsteps || tw_brief_group_count(b) != c->ng))
        st = tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "steps",
                     "the brief has %d steps and %d groups in this draw, %d and %d at the "
                     "point estimate",
                     tw_brief_steps(b), tw_brief_group_count(b), c->nsteps, c->ng);
    if (!st)
        outputs_of(b, out);
    tw_brief_free(b);
    tw_plan_free(plan);
    return st;
}

int tw_cli_brief_draws(tw_draws *d, const tw_cli_draws *cd, const tw_brief *point,
                       const tw_scenario *s, const double *hh, const tw_model_options *mo)
{
    brief_draw_ctx c = {s, hh, tw_brief_steps(point), tw_brief_group_count(point)};
    int K = c.nsteps * per_step(c.ng);
    if (K < 1) {
        fprintf(stderr, "tradewar: error: the brief has no numbers to draw (no steps, or no "
                        "players and watched countries)\n");
        return TW_EXIT_USAGE;
    }
    double *pt = malloc((size_t)K * sizeof *pt);
    if (!pt) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        return TW_EXIT_INTERNAL;
    }
    outputs_of(point, pt);
    tw_model_options o = tw_cli_draws_model_options(mo);
    int r = tw_cli_draws_solve(d, cd, tw_plan_world(tw_brief_plan(point)), &o, K, pt, eval, &c);
    free(pt);
    return r;
}

static const char *partner_name(const tw_brief *b, int q)
{
    return q < tw_brief_group_count(b) ? tw_brief_group_name(b, q) : "others";
}

static void print_table(const tw_draws *d, const tw_brief *b)
{
    const tw_world *w = tw_plan_world(tw_brief_plan(b));
    int ng = tw_brief_group_count(b);
    printf("\n");
    tw_cli_draws_print_summary(stdout, w, d);
    printf("\nBands of the brief: the point estimate (the world's theta), then [5th, 50th, 95th "
           "percentile]\nover the draws; n/a where a number is undefined. Statutory rates and "
           "static revenue\nare the scenario's tariffs and have no band; the partners' bands are "
           "in JSON and CSV.\n");
    for (int k = 0; k < tw_brief_steps(b); k++) {
        tw_timeline_step st = tw_timeline_step_get(tw_brief_timeline(b), k);
        printf("\n%s %s\n", st.date, st.branch ? st.branch : "");
        printf("  %-22s", "");
        for (int g = 0; g < ng; g++)
            printf(" %-34.34s", tw_brief_group_name(b, g));
        printf("\n");
        for (int f = 0; f < NC; f++) {
            printf("  %-22s", country_label[f]);
            double scale = f == 3 || f == 4 ? 1e-9 : 1.0;
            for (int g = 0; g < ng; g++) {
                tw_band x = tw_draws_band(d, at_country(ng, k, g, f));
                char cell[96];
                if (!isfinite(x.point))
                    snprintf(cell, sizeof cell, "n/a");
                else
                    snprintf(cell, sizeof cell, "%.4g [%.4g %.4g %.4g]", x.point * scale,
                             x.p5 * scale, x.p50 * scale, x.p95 * scale);
                printf(" %-34s", cell);
            }
            printf("\n");
        }
    }
}

static void json_steps(tw_json *js, const tw_draws *d, const tw_brief *b)
{
    int ng = tw_brief_group_count(b);
    tw_json_key(js, "steps");
    tw_json_array_begin(js);
    for (int k = 0; k < tw_brief_steps(b); k++) {
        tw_timeline_step st = tw_timeline_step_get(tw_brief_timeline(b), k);
        tw_json_object_begin(js);
        tw_json_kv_int(js, "step", k);
        tw_json_kv_string(js, "date", st.date);
        tw_json_kv_string(js, "branch", st.branch ? st.branch : "");
        tw_json_key(js, "countries");
        tw_json_array_begin(js);
        for (int g = 0; g < ng; g++) {
            tw_json_object_begin(js);
            tw_json_kv_string(js, "name", tw_brief_group_name(b, g));
            for (int f = 0; f < NC; f++) {
                tw_band x = tw_draws_band(d, at_country(ng, k, g, f));
                tw_json_key(js, country_field[f]);
                tw_json_object_begin(js);
                tw_cli_draws_json_band(js, &x);
                tw_json_object_end(js);
            }
            tw_json_key(js, "partners");
            tw_json_array_begin(js);
            for (int q = 0; q <= ng; q++) {
                if (q == g) /* as the brief document: no partner for the group itself */
                    continue;
                tw_json_object_begin(js);
                tw_json_kv_string(js, "name", partner_name(b, q));
                for (int f = 0; f < NP; f++) {
                    tw_band x = tw_draws_band(d, at_pair(ng, k, g, q, f));
                    tw_json_key(js, pair_field[f]);
                    tw_json_object_begin(js);
                    tw_cli_draws_json_band(js, &x);
                    tw_json_object_end(js);
                }
                tw_json_object_end(js);
            }
            tw_json_array_end(js);
            tw_json_object_end(js);
        }
        tw_json_array_end(js);
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
}

static void csv_band(FILE *f, int k, const tw_timeline_step *st, const char *group,
                     const char *partner, const char *field, const tw_band *x)
{
    fprintf(f, "%d,%s,", k, st->date);
    tw_cli_csv_text(f, st->branch ? st->branch : "");
    fprintf(f, ",%s,%s,%s", group, partner, field);
    double v[4] = {x->point, x->p5, x->p50, x->p95};
    for (int c = 0; c < 4; c++)
        tw_cli_csv_num(f, v[c]);
    fputc('\n', f);
}

static int write_csv(const char *dir, const tw_draws *d, const tw_brief *b)
{
    char path[1200];
    int r = tw_run_ensure_dir(dir);
    FILE *f = r ? NULL : tw_run_open_in(dir, "bands.csv", path, sizeof path);
    if (!f)
        return TW_EXIT_IO;
    int ng = tw_brief_group_count(b);
    fprintf(f, "step,date,branch,group,partner,quantity,point,p5,p50,p95\n");
    for (int k = 0; k < tw_brief_steps(b); k++) {
        tw_timeline_step st = tw_timeline_step_get(tw_brief_timeline(b), k);
        for (int g = 0; g < ng; g++) {
            const char *gn = tw_brief_group_name(b, g);
            for (int c = 0; c < NC; c++) {
                tw_band x = tw_draws_band(d, at_country(ng, k, g, c));
                csv_band(f, k, &st, gn, "", country_field[c], &x);
            }
            for (int q = 0; q <= ng; q++)
                for (int c = 0; c < NP && q != g; c++) {
                    tw_band x = tw_draws_band(d, at_pair(ng, k, g, q, c));
                    csv_band(f, k, &st, gn, partner_name(b, q), pair_field[c], &x);
                }
        }
    }
    int bad = ferror(f) != 0;
    if ((fclose(f) != 0) | bad) {
        fprintf(stderr, "%s: error: write failed\n", path);
        return TW_EXIT_IO;
    }
    return tw_cli_draws_write_csv(dir, tw_plan_world(tw_brief_plan(b)), d);
}

int tw_cli_brief_draws_write(const tw_draws *d, const tw_brief *b, int json, const char *csv_dir)
{
    int r = TW_EXIT_OK;
    if (json) {
        tw_json js;
        fputs(", \"uncertainty\": ", stdout);
        tw_json_init(&js, stdout);
        tw_cli_draws_json_begin(&js, tw_plan_world(tw_brief_plan(b)), d);
        json_steps(&js, d, b);
        tw_json_object_end(&js);
        tw_error err;
        if (tw_json_finish(&js, &err)) {
            tw_cli_print_error(&err);
            r = TW_EXIT_IO;
        }
    } else {
        print_table(d, b);
    }
    if (!r && csv_dir)
        r = write_csv(csv_dir, d, b);
    return r;
}
