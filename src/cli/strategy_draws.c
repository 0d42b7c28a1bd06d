/* SPDX-License-Identifier: MIT */
/* `--draws` on the strategy commands (strategy_draws.h): the game once per draw of the trade
 * elasticities through tw_draws_run (src/policy/draws.c: a model and a solver per draw, results
 * bit-identical for any thread count) with the library's draw functions
 * (tradewar/game_bands.h), and the bands as a table, JSON and CSV. */
#include "cli/strategy_draws.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/draws_cli.h"
#include "cli/run_out.h"

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

int tw_sc_draws_run(const tw_sc_common *c, const tw_sc_session *s, const tw_game_bands *gb,
                    const tw_policy *chosen, const tw_results *res, tw_draws **out)
{
    *out = NULL;
    if (!c->draws.on)
        return TW_EXIT_OK;
    int K = tw_game_bands_outputs(gb, s->w);
    double *point = malloc((size_t)K * sizeof *point);
    if (!point) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        return TW_EXIT_INTERNAL;
    }
    tw_game_bands_values(gb, s->w, chosen, res, point);
    int rc = tw_sc_draws_solve(c, s, K, point, tw_game_bands_eval, (void *)gb, out);
    free(point);
    return rc;
}

void tw_sc_draws_begin(const tw_sc_common *c, const tw_draws *d)
{
    if (d && c->json) /* docs/json.md: {"point": the command's document, "uncertainty": ...} */
        fputs("{\"point\": ", stdout);
}

int tw_sc_draws_output(const tw_sc_common *c, const tw_sc_session *s, const tw_draws *d,
                       const tw_sc_band_output *o, const void *spec)
{
    if (!d)
        return TW_EXIT_OK;
    if (c->json) {
        tw_error err;
        fputs(", \"uncertainty\": ", stdout);
        if (o->json(tw_sink_file(stdout), s->w, spec, d, &err)) {
            tw_cli_print_error(&err);
            return TW_EXIT_IO;
        }
        fputs("}\n", stdout);
    } else {
        o->table(c, s, spec, d);
    }
    if (!c->csv_dir)
        return TW_EXIT_OK;
    char path[1200];
    FILE *f = tw_cli_draws_open_bands(c->csv_dir, path, sizeof path);
    if (!f)
        return TW_EXIT_IO;
    fputs(o->csv_header, f);
    o->csv(f, s, spec, d);
    return tw_cli_draws_close_bands(f, path, c->csv_dir, s->w, d);
}

/* ---- optimal, war, talks ---- */

static void print_band(const char *what, const tw_band *b)
{
    if (!isfinite(b->point))
        printf("  %-34s %10s\n", what, "n/a");
    else
        printf("  %-34s %10.4f %10.4f %10.4f %10.4f\n", what, b->point, b->p5, b->p50, b->p95);
}

static void print_table(const tw_sc_common *c, const tw_sc_session *s, const void *spec,
                        const tw_draws *d)
{
    const tw_game_bands *gb = spec;
    char what[96];
    tw_tariff_average avg = tw_sc_average(c->services);
    printf("\n");
    tw_cli_draws_print_summary(stdout, s->w, d);
    printf("\nBands over the draws (%s; real income against the baseline, %%):\n",
           tw_tariff_average_label(&avg));
    printf("  %-34s %10s %10s %10s %10s\n", "", "point", "p5", "p50", "p95");
    for (int p = 0; p < gb->n_players; p++) {
        const char *code = tw_world_country_code(s->w, gb->players[p].country);
        tw_band b = tw_draws_band(d, 2 * p);
        snprintf(what, sizeof what, "%s chosen tariff, %%", code);
        print_band(what, &b);
        b = tw_draws_band(d, 2 * p + 1);
        snprintf(what, sizeof what, "%s real income, %%", code);
        print_band(what, &b);
    }
    int N = tw_world_dims(s->w).n;
    tw_band b = tw_draws_band(d, 2 * gb->n_players + N);
    print_band("world real income, %", &b);
    printf("(every country's real income: --json or --csv)\n");
}

static void csv_band(FILE *f, const char *quantity, const char *code, const tw_band *b)
{
    fprintf(f, "%s,%s", quantity, code);
    tw_cli_draws_csv_band(f, b);
}

static void write_csv(FILE *f, const tw_sc_session *s, const void *spec, const tw_draws *d)
{
    const tw_game_bands *gb = spec;
    int N = tw_world_dims(s->w).n, np = gb->n_players;
    for (int p = 0; p < np; p++) {
        const char *code = tw_world_country_code(s->w, gb->players[p].country);
        tw_band t = tw_draws_band(d, 2 * p), ri = tw_draws_band(d, 2 * p + 1);
        csv_band(f, "player_avg_tariff_pct", code, &t);
        csv_band(f, "player_real_income_pct", code, &ri);
    }
    for (int n = 0; n < N; n++) {
        tw_band b = tw_draws_band(d, 2 * np + n);
        csv_band(f, "real_income_pct", tw_world_country_code(s->w, n), &b);
    }
    tw_band b = tw_draws_band(d, 2 * np + N);
    csv_band(f, "world_real_income_pct", "", &b);
}

static tw_status write_json(tw_sink out, const tw_world *w, const void *spec, const tw_draws *d,
                            tw_error *err)
{
    return tw_json_write_game_bands(out, w, spec, d, err);
}

int tw_sc_draws_write(const tw_sc_common *c, const tw_sc_session *s, const tw_draws *d,
                      const tw_game_bands *gb)
{
    static const tw_sc_band_output o = {write_json, print_table,
                                        "quantity,code,point,p5,p50,p95\n", write_csv};
    return tw_sc_draws_output(c, s, d, &o, gb);
}
