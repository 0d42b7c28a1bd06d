/* SPDX-License-Identifier: MIT */
/* `enforce --draws` (game_draws.h): the punishment (the players' Nash war), the agreement and
 * each player's best deviation once per draw of the trade elasticities, each draw with a game of
 * its own; bands of delta* and of the payoffs it rests on. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/game_draws.h"
#include "cli/run_out.h"
#include "core/error.h"

/* Outputs, per player p: 4p delta* (1 for "never"), 4p+1 V agree, 4p+2 V deviate, 4p+3 V
 * punish (levels, 1 = baseline real income; the document's payoff_agree, ...). */
enum { ENF_FIELDS = 4 };
static const char *const enf_keys[ENF_FIELDS] = {"delta_star", "payoff_agree", "payoff_deviate",
                                                 "payoff_punish"};
static const char *const enf_labels[ENF_FIELDS] = {"delta*", "V agree", "V deviate",
                                                   "V punish"};

static void outputs_of(int np, const tw_enforce_result *res, double *out)
{
    for (int p = 0; p < np; p++) {
        /* no discount factor below 1 sustains it: the threshold is 1 */
        out[ENF_FIELDS * p] = isnan(res[p].delta_star) ? 1.0 : res[p].delta_star;
        out[ENF_FIELDS * p + 1] = res[p].v_agree;
        out[ENF_FIELDS * p + 2] = res[p].v_deviate;
        out[ENF_FIELDS * p + 3] = res[p].v_punish;
    }
}

/* The punishment into war and the agreement into agree on this draw's game. */
static tw_status war_and_agreement(const tw_sc_enforce_draws *e, const tw_model *m, tw_game *g,
                                   const tw_policy *today, tw_policy *war, tw_policy *agree,
                                   tw_equilibrium *eq, double *v, tw_error *err)
{
    tw_war_report wr = {0};
    tw_status st = tw_game_nash_war(g, e->ins, e->np, NULL, NULL, today, war, eq, NULL, &wr, err);
    if (!st && !wr.found)
        return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                       "the punishment (the war) was not found on this draw");
    if (st)
        return st;
    if (strcmp(e->agreement, "deal") == 0) {
        tw_talks_report rep;
        st = tw_game_talks(g, e->ins, e->np, NULL, NULL, war, agree, eq, v, v + e->np, &rep, err);
        if (!st && !rep.converged)
            st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                         "the negotiated deal did not converge on this draw (%d equilibrium "
                         "solves)",
                         rep.evaluations);
        return st;
    }
    tw_policy_copy(agree, today);
    if (strcmp(e->agreement, "free-trade") == 0) {
        tw_dims d = tw_world_dims(tw_model_world(m));
        for (int p = 0; p < e->np; p++)
            for (int q = 0; q < e->np; q++)
                for (int j = 0; j < d.j && p != q; j++)
                    tw_policy_tariffs(agree)[tw_ix_nij(d, e->players[p], e->players[q], j)] = 0.0;
    }
    return TW_OK;
}

static tw_status eval(void *vctx, const tw_model *m, tw_solver *sv, double *out, tw_error *err)
{
    (void)sv; /* the game has its own solver */
    const tw_sc_enforce_draws *e = vctx;
    tw_game_options go;
    tw_game_options_init(&go);
    go.threads = 1; /* the draws are the parallel work */
    tw_game *g = NULL;
    tw_policy *today = NULL, *war = NULL, *agree = NULL;
    tw_equilibrium *eq = tw_equilibrium_create(m);
    double *v = malloc(2 * (size_t)e->np * sizeof *v);
    tw_enforce_result *res = calloc((size_t)e->np, sizeof *res);
    tw_status st = eq && v && res ? tw_game_create(m, &go, &g, err)
                                  : tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st)
        st = tw_policy_create(m, &today);
    if (!st)
        st = tw_policy_create(m, &war);
    if (!st)
        st = tw_policy_create(m, &agree);
    if (!st)
        st = war_and_agreement(e, m, g, today, war, agree, eq, v, err);
    if (!st) /* TW_ERR_NOT_CONVERGED when a deviation did not converge: a failed draw */
        st = tw_game_enforce(g, e->ins, e->np, NULL, agree, war, e->periods, res, err);
    if (!st)
        outputs_of(e->np, res, out);
    free(res);
    free(v);
    tw_equilibrium_free(eq);
    tw_policy_free(agree);
    tw_policy_free(war);
    tw_policy_free(today);
    tw_game_free(g);
    return st;
}

int tw_sc_enforce_draws_run(const tw_sc_common *c, const tw_sc_session *s,
                            const tw_sc_enforce_draws *e, const tw_enforce_result *res,
                            tw_draws **out)
{
    *out = NULL;
    if (!c->draws.on)
        return TW_EXIT_OK;
    int K = ENF_FIELDS * e->np;
    double *point = malloc((size_t)K * sizeof *point);
    if (!point) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        return TW_EXIT_INTERNAL;
    }
    outputs_of(e->np, res, point);
    int rc = tw_sc_draws_solve(c, s, K, point, eval, (void *)e, out);
    free(point);
    return rc;
}

static void print_table(const tw_sc_session *s, const tw_sc_enforce_draws *e, const tw_draws *d)
{
    char what[96];
    printf("\n");
    tw_cli_draws_print_summary(stdout, s->w, d);
    printf("\nBands over the draws (delta* 1: no discount factor below 1 sustains the "
           "agreement;\nV: real income relative to the baseline):\n");
    printf("  %-24s %10s %10s %10s %10s\n", "", "point", "p5", "p50", "p95");
    for (int p = 0; p < e->np; p++)
        for (int f = 0; f < ENF_FIELDS; f++) {
            tw_band b = tw_draws_band(d, ENF_FIELDS * p + f);
            snprintf(what, sizeof what, "%s %s", tw_world_country_code(s->w, e->players[p]),
                     enf_labels[f]);
            if (!isfinite(b.point))
                printf("  %-24s %10s\n", what, "n/a");
            else
                printf("  %-24s %10.6f %10.6f %10.6f %10.6f\n", what, b.point, b.p5, b.p50,
                       b.p95);
        }
}

static void write_json(const tw_sc_session *s, const tw_sc_enforce_draws *e, const tw_draws *d)
{
    tw_json js;
    tw_json_init(&js, stdout);
    tw_cli_draws_json_begin(&js, s->w, d);
    tw_json_key(&js, "players");
    tw_json_array_begin(&js);
    for (int p = 0; p < e->np; p++) {
        tw_json_object_begin(&js);
        tw_json_kv_string(&js, "code", tw_world_country_code(s->w, e->players[p]));
        for (int f = 0; f < ENF_FIELDS; f++) {
            tw_band b = tw_draws_band(d, ENF_FIELDS * p + f);
            tw_json_key(&js, enf_keys[f]);
            tw_json_object_begin(&js);
            tw_cli_draws_json_band(&js, &b);
            tw_json_object_end(&js);
        }
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_object_end(&js);
    tw_error err;
    if (tw_json_finish(&js, &err))
        tw_cli_print_error(&err);
}

static int write_csv(const char *dir, const tw_sc_session *s, const tw_sc_enforce_draws *e,
                     const tw_draws *d)
{
    char path[1200];
    FILE *f = tw_cli_draws_open_bands(dir, path, sizeof path);
    if (!f)
        return TW_EXIT_IO;
    fputs("quantity,code,point,p5,p50,p95\n", f);
    for (int p = 0; p < e->np; p++)
        for (int q = 0; q < ENF_FIELDS; q++) {
            tw_band b = tw_draws_band(d, ENF_FIELDS * p + q);
            fprintf(f, "%s,%s", enf_keys[q], tw_world_country_code(s->w, e->players[p]));
            tw_cli_draws_csv_band(f, &b);
        }
    return tw_cli_draws_close_bands(f, path, dir, s->w, d);
}

int tw_sc_enforce_draws_write(const tw_sc_common *c, const tw_sc_session *s,
                              const tw_sc_enforce_draws *e, const tw_draws *d)
{
    if (!d)
        return TW_EXIT_OK;
    if (c->json) {
        fputs(", \"uncertainty\": ", stdout);
        write_json(s, e, d);
        fputs("}\n", stdout);
    } else {
        print_table(s, e, d);
    }
    return c->csv_dir ? write_csv(c->csv_dir, s, e, d) : TW_EXIT_OK;
}
