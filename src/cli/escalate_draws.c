/* SPDX-License-Identifier: MIT */
/* `escalate --draws` (game_draws.h): the escalation once per draw of the trade elasticities
 * (tw_escalate_bands_eval); bands of the path, of its end state and of its length as a table
 * and CSV (the JSON document is the library's). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/game_draws.h"
#include "cli/run_out.h"

int tw_sc_escalate_draws_run(const tw_sc_common *c, const tw_sc_session *s,
                             const tw_escalate_bands *e, const tw_escalation *path,
                             tw_draws **out)
{
    *out = NULL;
    if (!c->draws.on)
        return TW_EXIT_OK;
    int K = tw_escalate_bands_outputs(e);
    double *point = malloc((size_t)K * sizeof *point);
    if (!point) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        return TW_EXIT_INTERNAL;
    }
    tw_escalate_bands_values(e, path, point);
    int rc = tw_sc_draws_solve(c, s, K, point, tw_escalate_bands_eval, (void *)e, out);
    free(point);
    return rc;
}

static void print_band(const char *what, const tw_band *b)
{
    if (!isfinite(b->point))
        printf("  %-30s %10s\n", what, "n/a");
    else
        printf("  %-30s %10.4f %10.4f %10.4f %10.4f\n", what, b->point, b->p5, b->p50, b->p95);
}

static const char *code(const tw_sc_session *s, const tw_escalate_bands *e, int a)
{
    return tw_world_country_code(s->w, e->players[a].country);
}

/* The bands of state block `base`, one line each. */
static void print_state(const tw_sc_session *s, const tw_escalate_bands *e, const tw_draws *d,
                        int base)
{
    char what[96];
    int k = base;
    for (int a = 0; a < e->n_players; a++)
        for (int b = 0; b < e->n_players; b++)
            if (a != b) {
                tw_band t = tw_draws_band(d, k++);
                snprintf(what, sizeof what, "%s on %s tariff, %%", code(s, e, a), code(s, e, b));
                print_band(what, &t);
            }
    for (int a = 0; a < e->n_players; a++) {
        tw_band t = tw_draws_band(d, k++);
        snprintf(what, sizeof what, "%s real income, %%", code(s, e, a));
        print_band(what, &t);
    }
}

static void print_table(const tw_sc_common *c, const tw_sc_session *s, const void *spec,
                        const tw_draws *d)
{
    (void)c;
    const tw_escalate_bands *e = spec;
    int R = e->rounds;
    printf("\n");
    tw_cli_draws_print_summary(stdout, s->w, d);
    printf("\nBands over the draws (tariffs: %s; real income against the baseline, %%):\n",
           tw_tariff_average_label(NULL));
    printf("  %-30s %10s %10s %10s %10s\n", "", "point", "p5", "p50", "p95");
    for (int r = 0; r <= R; r++) {
        printf(" round %d (%s)\n", r, e->round_dates[r]);
        print_state(s, e, d, tw_escalate_bands_state(e, r));
    }
    printf(" end state (each draw's own last round)\n");
    print_state(s, e, d, tw_escalate_bands_state(e, R + 1));
    tw_band n = tw_draws_band(d, tw_escalate_bands_rounds_index(e));
    print_band("rounds played", &n);
    printf("(a draw's path that ended before round %d stays at its end, or goes round its cycle)\n",
           R);
}

static void csv_band(FILE *f, const char *quantity, const char *round, const char *code,
                     const char *partner, const tw_band *b)
{
    fprintf(f, "%s,%s,%s,%s", quantity, round, code, partner);
    tw_cli_draws_csv_band(f, b);
}

static void csv_state(FILE *f, const tw_sc_session *s, const tw_escalate_bands *e,
                      const tw_draws *d, int base, const char *round)
{
    int k = base;
    for (int a = 0; a < e->n_players; a++)
        for (int b = 0; b < e->n_players; b++)
            if (a != b) {
                tw_band t = tw_draws_band(d, k++);
                csv_band(f, "avg_tariff_goods_import_weighted_pct", round, code(s, e, a),
                         code(s, e, b), &t);
            }
    for (int a = 0; a < e->n_players; a++) {
        tw_band t = tw_draws_band(d, k++);
        csv_band(f, "real_income_pct", round, code(s, e, a), "", &t);
    }
}

static void write_csv(FILE *f, const tw_sc_session *s, const void *spec, const tw_draws *d)
{
    const tw_escalate_bands *e = spec;
    for (int k = 0; k <= e->rounds; k++) {
        char round[16];
        snprintf(round, sizeof round, "%d", k);
        csv_state(f, s, e, d, tw_escalate_bands_state(e, k), round);
    }
    csv_state(f, s, e, d, tw_escalate_bands_state(e, e->rounds + 1), "end");
    tw_band n = tw_draws_band(d, tw_escalate_bands_rounds_index(e));
    csv_band(f, "rounds_played", "", "", "", &n);
}

static tw_status write_json(tw_sink out, const tw_world *w, const void *spec, const tw_draws *d,
                            tw_error *err)
{
    return tw_json_write_escalate_bands(out, w, spec, d, err);
}

int tw_sc_escalate_draws_write(const tw_sc_common *c, const tw_sc_session *s,
                               const tw_escalate_bands *e, const tw_draws *d)
{
    static const tw_sc_band_output o = {write_json, print_table,
                                        "quantity,round,code,partner,point,p5,p50,p95\n",
                                        write_csv};
    return tw_sc_draws_output(c, s, d, &o, e);
}
