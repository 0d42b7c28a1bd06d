/* SPDX-License-Identifier: MIT */
/* `--draws` on the strategy commands (strategy_draws.h): the game once per draw of the trade
 * elasticities through tw_draws_run (src/policy/draws.c: a model and a solver per draw, results
 * bit-identical for any thread count), and the bands as a table, JSON and CSV. */
#include "cli/strategy_draws.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/draws_cli.h"
#include "cli/run_out.h"
#include "core/error.h"

/* Outputs: per player its chosen average tariff (%) and real income (%); every country's real
 * income (%); the world's. */
typedef struct sc_draw_ctx {
    const tw_sc_draw_game *gm;
    int services, n_countries;
} sc_draw_ctx;

static int n_outputs(const sc_draw_ctx *c) { return 2 * c->gm->np + c->n_countries + 1; }

static void outputs_of(const sc_draw_ctx *c, const tw_world *w, const tw_policy *chosen,
                       const tw_results *r, double *out)
{
    const tw_sc_draw_game *gm = c->gm;
    tw_tariff_average avg = tw_sc_average(c->services);
    for (int p = 0; p < gm->np; p++) {
        int n = gm->players[p];
        out[2 * p] = 100.0 * tw_tariff_average_group(w, &avg, tw_policy_tariffs_const(chosen),
                                                     &n, 1, gm->ins[p].partners,
                                                     gm->ins[p].n_partners);
        out[2 * p + 1] = r->country[n].real_income_pct;
    }
    for (int n = 0; n < c->n_countries; n++)
        out[2 * gm->np + n] = r->country[n].real_income_pct;
    out[2 * gm->np + c->n_countries] = r->world_real_income_pct;
}

static tw_status eval(void *vctx, const tw_model *m, tw_solver *sv, double *out, tw_error *err)
{
    (void)sv; /* the game has its own solver */
    const sc_draw_ctx *c = vctx;
    tw_game_options go;
    tw_game_options_init(&go);
    go.threads = 1; /* the draws are the parallel work */
    tw_game *g = NULL;
    tw_policy *today = NULL, *chosen = NULL;
    tw_equilibrium *eq = tw_equilibrium_create(m);
    tw_results *r = tw_results_create(m);
    tw_status st = eq && r ? tw_game_create(m, &go, &g, err)
                           : tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st)
        st = tw_policy_create(m, &today);
    if (!st)
        st = tw_policy_create(m, &chosen);
    if (!st)
        st = c->gm->play(c->gm->ctx, m, g, today, chosen, eq, err);
    if (!st)
        st = tw_results_compute(m, eq, r);
    if (!st)
        outputs_of(c, tw_model_world(m), chosen, r, out);
    tw_results_free(r);
    tw_equilibrium_free(eq);
    tw_policy_free(chosen);
    tw_policy_free(today);
    tw_game_free(g);
    return st;
}

int tw_sc_draws_solve(const tw_sc_common *c, const tw_sc_session *s, int K, const double *point,
                      tw_draw_fn fn, void *ctx, tw_draws **out)
{
    int rc = tw_cli_draws_create(c->world, s->w, &c->draws, out);
    if (!rc) {
        tw_model_options mo;
        tw_model_options_init(&mo);
        mo.deficits = c->closure;
        /* the payoff the point was played with (--political-economy, --payoff) */
        mo.political_economy = c->political;
        mo.payoff = c->payoff;
        /* the command's nest rules, as the session's model has them */
        tw_input_elasticity rules[TW_SC_MAX_NEST_OPTS];
        for (int r = 0; r < c->nnest && !rc; r++)
            if (tw_cli_nest_rule(s->w, c->nest_cmd, c->nest_opt[r], c->nest_val[r], &rules[r]))
                rc = TW_EXIT_USAGE;
        mo.input_elasticities = rules;
        mo.input_elasticity_count = c->nnest;
        if (!rc)
            rc = tw_cli_draws_solve(*out, &c->draws, s->w, &mo, K, point, fn, ctx);
    }
    if (rc) {
        tw_draws_free(*out);
        *out = NULL;
    }
    return rc;
}

int tw_sc_draws_run(const tw_sc_common *c, const tw_sc_session *s, const tw_sc_draw_game *gm,
                    const tw_policy *chosen, const tw_results *res, tw_draws **out)
{
    *out = NULL;
    if (!c->draws.on)
        return TW_EXIT_OK;
    sc_draw_ctx x = {gm, c->services, tw_world_dims(s->w).n};
    int K = n_outputs(&x);
    double *point = malloc((size_t)K * sizeof *point);
    if (!point) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        return TW_EXIT_INTERNAL;
    }
    outputs_of(&x, s->w, chosen, res, point);
    int rc = tw_sc_draws_solve(c, s, K, point, eval, &x, out);
    free(point);
    return rc;
}

void tw_sc_draws_begin(const tw_sc_common *c, const tw_draws *d)
{
    if (d && c->json) /* docs/json.md: {"point": the command's document, "uncertainty": ...} */
        fputs("{\"point\": ", stdout);
}

static void print_band(const char *what, const tw_band *b)
{
    if (!isfinite(b->point))
        printf("  %-34s %10s\n", what, "n/a");
    else
        printf("  %-34s %10.4f %10.4f %10.4f %10.4f\n", what, b->point, b->p5, b->p50, b->p95);
}

static void print_table(const tw_sc_session *s, const tw_draws *d, const tw_sc_draw_game *gm,
                        int services)
{
    char what[96];
    tw_tariff_average avg = tw_sc_average(services);
    printf("\n");
    tw_cli_draws_print_summary(stdout, s->w, d);
    printf("\nBands over the draws (%s; real income against the baseline, %%):\n",
           tw_tariff_average_label(&avg));
    printf("  %-34s %10s %10s %10s %10s\n", "", "point", "p5", "p50", "p95");
    for (int p = 0; p < gm->np; p++) {
        const char *code = tw_world_country_code(s->w, gm->players[p]);
        tw_band b = tw_draws_band(d, 2 * p);
        snprintf(what, sizeof what, "%s chosen tariff, %%", code);
        print_band(what, &b);
        b = tw_draws_band(d, 2 * p + 1);
        snprintf(what, sizeof what, "%s real income, %%", code);
        print_band(what, &b);
    }
    int N = tw_world_dims(s->w).n;
    tw_band b = tw_draws_band(d, 2 * gm->np + N);
    print_band("world real income, %", &b);
    printf("(every country's real income: --json or --csv)\n");
}

static void write_json(const tw_sc_session *s, const tw_draws *d, const tw_sc_draw_game *gm)
{
    tw_json js;
    tw_json_init(&js, stdout);
    tw_cli_draws_json_begin(&js, s->w, d);
    tw_json_key(&js, "players");
    tw_json_array_begin(&js);
    for (int p = 0; p < gm->np; p++) {
        tw_band t = tw_draws_band(d, 2 * p), r = tw_draws_band(d, 2 * p + 1);
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", tw_world_country_code(s->w, gm->players[p]));
        tw_json_key(&js, "avg_tariff_pct");
        tw_json_object_begin(&js);
        tw_cli_draws_json_band(&js, &t);
        tw_json_object_end(&js);
        tw_json_key(&js, "real_income_pct");
        tw_json_object_begin(&js);
        tw_cli_draws_json_band(&js, &r);
        tw_json_object_end(&js);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    int N = tw_world_dims(s->w).n;
    tw_json_key(&js, "countries");
    tw_json_array_begin(&js);
    for (int n = 0; n < N; n++) {
        tw_band b = tw_draws_band(d, 2 * gm->np + n);
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", tw_world_country_code(s->w, n));
        tw_json_key(&js, "real_income_pct");
        tw_json_object_begin(&js);
        tw_cli_draws_json_band(&js, &b);
        tw_json_object_end(&js);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_band b = tw_draws_band(d, 2 * gm->np + N);
    tw_json_key(&js, "world_real_income_pct");
    tw_json_object_begin(&js);
    tw_cli_draws_json_band(&js, &b);
    tw_json_object_end(&js);
    tw_json_object_end(&js);
    tw_error err;
    if (tw_json_finish(&js, &err))
        tw_cli_print_error(&err);
}

static void csv_band(FILE *f, const char *quantity, const char *code, const tw_band *b)
{
    fprintf(f, "%s,%s", quantity, code);
    tw_cli_draws_csv_band(f, b);
}

static int write_csv(const char *dir, const tw_sc_session *s, const tw_draws *d,
                     const tw_sc_draw_game *gm)
{
    char path[1200];
    FILE *f = tw_cli_draws_open_bands(dir, path, sizeof path);
    if (!f)
        return TW_EXIT_IO;
    int N = tw_world_dims(s->w).n;
    fputs("quantity,code,point,p5,p50,p95\n", f);
    for (int p = 0; p < gm->np; p++) {
        const char *code = tw_world_country_code(s->w, gm->players[p]);
        tw_band t = tw_draws_band(d, 2 * p), ri = tw_draws_band(d, 2 * p + 1);
        csv_band(f, "player_avg_tariff_pct", code, &t);
        csv_band(f, "player_real_income_pct", code, &ri);
    }
    for (int n = 0; n < N; n++) {
        tw_band b = tw_draws_band(d, 2 * gm->np + n);
        csv_band(f, "real_income_pct", tw_world_country_code(s->w, n), &b);
    }
    tw_band b = tw_draws_band(d, 2 * gm->np + N);
    csv_band(f, "world_real_income_pct", "", &b);
    return tw_cli_draws_close_bands(f, path, dir, s->w, d);
}

int tw_sc_draws_write(const tw_sc_common *c, const tw_sc_session *s, const tw_draws *d,
                      const tw_sc_draw_game *gm)
{
    if (!d)
        return TW_EXIT_OK;
    if (c->json) {
        fputs(", \"uncertainty\": ", stdout);
        write_json(s, d, gm);
        fputs("}\n", stdout);
    } else {
        print_table(s, d, gm, c->services);
    }
    return c->csv_dir ? write_csv(c->csv_dir, s, d, gm) : TW_EXIT_OK;
}
