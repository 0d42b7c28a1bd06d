/* SPDX-License-Identifier: MIT */
/* `enforce --draws` (game_draws.h): the punishment (the players' Nash war), the agreement and
 * each player's best deviation once per draw of the trade elasticities
 * (tw_enforce_bands_eval); bands of delta* and of the payoffs it rests on as a table and CSV
 * (the JSON document is the library's). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/game_draws.h"
#include "cli/run_out.h"

#define NF TW_ENFORCE_BANDS_FIELDS
static const char *const enf_labels[NF] = {"delta*", "V agree", "V deviate", "V punish"};

int tw_sc_enforce_draws_run(const tw_sc_common *c, const tw_sc_session *s,
                            const tw_enforce_bands *e, const tw_enforce_result *res,
                            tw_draws **out)
{
    *out = NULL;
    if (!c->draws.on)
        return TW_EXIT_OK;
    int K = tw_enforce_bands_outputs(e);
    double *point = malloc((size_t)K * sizeof *point);
    if (!point) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        return TW_EXIT_INTERNAL;
    }
    tw_enforce_bands_values(e, res, point);
    int rc = tw_sc_draws_solve(c, s, K, point, tw_enforce_bands_eval, (void *)e, out);
    free(point);
    return rc;
}

static void print_table(const tw_sc_common *c, const tw_sc_session *s, const void *spec,
                        const tw_draws *d)
{
    (void)c;
    const tw_enforce_bands *e = spec;
    char what[96];
    printf("\n");
    tw_cli_draws_print_summary(stdout, s->w, d);
    printf("\nBands over the draws (delta* 1: no discount factor below 1 sustains the "
           "agreement;\nV: real income relative to the baseline):\n");
    printf("  %-24s %10s %10s %10s %10s\n", "", "point", "p5", "p50", "p95");
    for (int p = 0; p < e->n_players; p++)
        for (int f = 0; f < NF; f++) {
            tw_band b = tw_draws_band(d, NF * p + f);
            snprintf(what, sizeof what, "%s %s",
                     tw_world_country_code(s->w, e->players[p].country), enf_labels[f]);
            if (!isfinite(b.point))
                printf("  %-24s %10s\n", what, "n/a");
            else
                printf("  %-24s %10.6f %10.6f %10.6f %10.6f\n", what, b.point, b.p5, b.p50,
                       b.p95);
        }
}

static void write_csv(FILE *f, const tw_sc_session *s, const void *spec, const tw_draws *d)
{
    const tw_enforce_bands *e = spec;
    for (int p = 0; p < e->n_players; p++)
        for (int q = 0; q < NF; q++) {
            tw_band b = tw_draws_band(d, NF * p + q);
            fprintf(f, "%s,%s", tw_enforce_bands_field(q),
                    tw_world_country_code(s->w, e->players[p].country));
            tw_cli_draws_csv_band(f, &b);
        }
}

static tw_status write_json(tw_sink out, const tw_world *w, const void *spec, const tw_draws *d,
                            tw_error *err)
{
    return tw_json_write_enforce_bands(out, w, spec, d, err);
}

int tw_sc_enforce_draws_write(const tw_sc_common *c, const tw_sc_session *s,
                              const tw_enforce_bands *e, const tw_draws *d)
{
    static const tw_sc_band_output o = {write_json, print_table,
                                        "quantity,code,point,p5,p50,p95\n", write_csv};
    return tw_sc_draws_output(c, s, d, &o, e);
}
