/* SPDX-License-Identifier: MIT */
/* R bindings of tradewar: Nash bargaining over export controls (tw_game_bargain), written as
 * the document of `tradewar bargain --json` by the same library call (tw_bargain_outcome_run):
 * the disagreement point from the controls in force, the deal, and every country at both.
 * The R wrapper (R/coalition.R) checks types, lengths, shares, weights and grid first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tw_r.h"

#define MAX_CONTROLS 8
#define MAX_PLAYERS 64
#define MAX_SECTORS 64

typedef struct bargain_work {
    int players[MAX_PLAYERS], np, nc;
    int sectors[MAX_CONTROLS][MAX_SECTORS];
    tw_control controls[MAX_CONTROLS];
    double shares[MAX_CONTROLS], weights[MAX_PLAYERS];
    tw_error err;
} bargain_work;

static tw_status usage(tw_error *err, const char *msg)
{
    tw_error_clear(err);
    err->status = TW_ERR_USAGE;
    snprintf(err->message, sizeof err->message, "%s", msg);
    return TW_ERR_USAGE;
}

/* The controls (exporters[k], sectors[[k]], shares[k]) as indices, checked as --control. */
static tw_status controls_of(bargain_work *x, const tw_world *w, SEXP exporters, SEXP sectors,
                             SEXP shares)
{
    x->nc = (int)XLENGTH(exporters);
    for (int k = 0; k < x->nc; k++) {
        char msg[200];
        const char *ex = Rf_translateCharUTF8(STRING_ELT(exporters, k));
        int i = tw_world_country_index(w, ex);
        if (i < 0) {
            char sug[100];
            const char *sg = tw_world_country_suggest_all(w, ex, sug, sizeof sug);
            snprintf(msg, sizeof msg, "controls[%d]: unknown country '%.32s'%s%s%s", k + 1, ex,
                     sg ? " (did you mean " : "", sg ? sg : "", sg ? "?)" : "");
            return usage(&x->err, msg);
        }
        int is_player = 0;
        for (int p = 0; p < x->np; p++)
            is_player |= x->players[p] == i;
        if (!is_player) {
            snprintf(msg, sizeof msg, "controls[%d]: exporter %s is not a player", k + 1,
                     tw_world_country_code(w, i));
            return usage(&x->err, msg);
        }
        SEXP sk = VECTOR_ELT(sectors, k);
        int ns = (int)XLENGTH(sk);
        if (ns < 1 || ns > MAX_SECTORS)
            return usage(&x->err, "a control needs 1 to 64 sectors");
        for (int q = 0; q < ns; q++) {
            const char *code = Rf_translateCharUTF8(STRING_ELT(sk, q));
            int j = tw_world_sector_index(w, code);
            if (j < 0) {
                snprintf(msg, sizeof msg, "controls[%d]: unknown sector '%.32s'", k + 1, code);
                return usage(&x->err, msg);
            }
            for (int r = 0; r < q; r++)
                if (x->sectors[k][r] == j) {
                    snprintf(msg, sizeof msg, "controls[%d]: sector %.32s given twice", k + 1,
                             code);
                    return usage(&x->err, msg);
                }
            x->sectors[k][q] = j;
        }
        x->controls[k] = (tw_control){.exporter = i, .sectors = x->sectors[k], .n_sectors = ns};
        x->shares[k] = REAL(shares)[k];
    }
    return TW_OK;
}

/* The bargain (tw_bargain_outcome_run, as `tradewar bargain`) and its document into buf. */
static tw_status play(bargain_work *x, const tw_model *m, int weighted, int grid,
                      tw_buffer *buf)
{
    tw_game *g = NULL;
    tw_bargain_outcome *out = NULL;
    tw_status st = tw_game_create(m, NULL, &g, &x->err);
    tw_bargain_options o;
    tw_bargain_options_init(&o);
    o.weights = weighted ? x->weights : NULL;
    o.grid = grid;
    if (!st)
        st = tw_bargain_outcome_run(g, NULL, x->players, x->np, x->controls, x->nc, x->shares,
                                    &o, &out, &x->err);
    if (!st)
        st = tw_json_write_bargain(tw_sink_buffer(buf), tw_bargain_outcome_document(out),
                                   &x->err);
    tw_bargain_outcome_free(out);
    tw_game_free(g);
    return st;
}

SEXP tw_r_bargain(SEXP model, SEXP players, SEXP exporters, SEXP sectors, SEXP shares,
                  SEXP weights, SEXP grid)
{
    const tw_model *m = tw_r_model_of(model)->m;
    const tw_world *w = tw_model_world(m);
    bargain_work *x = calloc(1, sizeof *x);
    if (!x)
        return tw_r_fail(TW_ERR_NOMEM, "out of memory");
    tw_error_clear(&x->err);
    tw_buffer buf;
    tw_buffer_init(&buf);
    tw_status st = TW_OK;
    if (XLENGTH(players) > MAX_PLAYERS || XLENGTH(exporters) > MAX_CONTROLS)
        st = usage(&x->err, "at most 64 players and 8 controls");
    if (!st && (x->np = tw_r_country_indices(w, players, x->players, MAX_PLAYERS, &x->err)) < 0)
        st = TW_ERR_USAGE;
    if (!st && !Rf_isNull(weights))
        for (int p = 0; p < x->np; p++)
            x->weights[p] = REAL(weights)[p];
    if (!st)
        st = controls_of(x, w, exporters, sectors, shares);
    if (!st)
        st = play(x, m, !Rf_isNull(weights), Rf_asInteger(grid), &buf);
    tw_error err = x->err;
    free(x);
    if (st) {
        tw_buffer_release(&buf);
        if (!err.status)
            err.status = st;
        if (!err.message[0])
            snprintf(err.message, sizeof err.message, "%s",
                     st == TW_ERR_NOMEM ? "out of memory" : "failed");
        return tw_r_error_list(&err);
    }
    return tw_r_json_string(&buf);
}
