/* SPDX-License-Identifier: MIT */
/* `escalate --draws` (game_draws.h): the escalation once per draw of the trade elasticities,
 * each draw with a game of its own; bands of the path, of its end state and of its length. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/game_draws.h"
#include "cli/run_out.h"
#include "core/calendar.h"
#include "core/error.h"

/* Outputs: for each state (rounds 0..R, then the end state) np (np - 1) average tariffs of p on
 * q (%, p != q in row order), then np real incomes (%); last, the rounds played. */
typedef struct esc_ctx {
    const tw_sc_escalate_draws *e;
    int R;
} esc_ctx;

static int per_state(int np) { return np * np; }
static int n_outputs(const esc_ctx *x) { return (x->R + 2) * per_state(x->e->np) + 1; }

/* The round of the path shown at round r: a path that ended earlier stays at its fixed point
 * or cap, or goes round its cycle; one that went on longer is cut at R. */
static int path_round(const tw_escalation *p, int r)
{
    if (r <= p->rounds)
        return r;
    if (p->end == TW_END_CYCLE && p->cycle_length > 0 && p->cycle_length <= p->rounds)
        return p->rounds - p->cycle_length + (r - p->rounds) % p->cycle_length;
    return p->rounds;
}

static void state_of(const esc_ctx *x, const tw_escalation *p, int r, double *out)
{
    int np = x->e->np, k = 0;
    for (int a = 0; a < np; a++)
        for (int b = 0; b < np; b++)
            if (a != b)
                out[k++] = 100.0 * p->avg_tariff[((size_t)r * np + a) * np + b];
    for (int a = 0; a < np; a++)
        out[k++] = p->real_income_pct[(size_t)r * p->n_countries + x->e->players[a]];
}

static void outputs_of(const esc_ctx *x, const tw_escalation *p, double *out)
{
    int S = per_state(x->e->np);
    for (int r = 0; r <= x->R; r++)
        state_of(x, p, path_round(p, r), out + (size_t)r * S);
    state_of(x, p, p->rounds, out + (size_t)(x->R + 1) * S);
    out[(size_t)(x->R + 2) * S] = p->rounds;
}

static tw_status eval(void *vctx, const tw_model *m, tw_solver *sv, double *out, tw_error *err)
{
    (void)sv; /* the game has its own solver */
    const esc_ctx *x = vctx;
    tw_game_options go;
    tw_game_options_init(&go);
    go.threads = 1; /* the draws are the parallel work */
    tw_game *g = NULL;
    tw_policy *today = NULL, *end = NULL;
    tw_escalation *path = NULL;
    tw_equilibrium *eq = tw_equilibrium_create(m);
    tw_status st = eq ? tw_game_create(m, &go, &g, err)
                      : tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st)
        st = tw_policy_create(m, &today);
    if (!st)
        st = tw_policy_create(m, &end);
    if (!st)
        st = tw_game_escalate(g, x->e->pl, x->e->np, x->e->max_rounds, today, end, eq, &path,
                              err);
    if (!st && !path)
        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st)
        outputs_of(x, path, out);
    tw_escalation_free(path);
    tw_equilibrium_free(eq);
    tw_policy_free(end);
    tw_policy_free(today);
    tw_game_free(g);
    return st;
}

int tw_sc_escalate_draws_run(const tw_sc_common *c, const tw_sc_session *s,
                             const tw_sc_escalate_draws *e, const tw_escalation *path,
                             tw_draws **out)
{
    *out = NULL;
    if (!c->draws.on)
        return TW_EXIT_OK;
    esc_ctx x = {e, path->rounds};
    int K = n_outputs(&x);
    double *point = malloc((size_t)K * sizeof *point);
    if (!point) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        return TW_EXIT_INTERNAL;
    }
    outputs_of(&x, path, point);
    int rc = tw_sc_draws_solve(c, s, K, point, eval, &x, out);
    free(point);
    return rc;
}

/* R from the number of outputs of d. */
static int rounds_of(const tw_sc_escalate_draws *e, const tw_draws *d)
{
    return (d->n_outputs - 1) / per_state(e->np) - 2;
}

static void round_date(const tw_sc_escalate_draws *e, int r, char *date, size_t size)
{
    if (r == 0)
        snprintf(date, size, "today");
    else
        tw_date_format(e->day0 + (r - 1) * e->period, date, size);
}

static void print_band(const char *what, const tw_band *b)
{
    if (!isfinite(b->point))
        printf("  %-30s %10s\n", what, "n/a");
    else
        printf("  %-30s %10.4f %10.4f %10.4f %10.4f\n", what, b->point, b->p5, b->p50, b->p95);
}

/* The bands of state block `base`, one line each. */
static void print_state(const tw_sc_session *s, const tw_sc_escalate_draws *e, const tw_draws *d,
                        int base)
{
    char what[96];
    int k = base;
    for (int a = 0; a < e->np; a++)
        for (int b = 0; b < e->np; b++)
            if (a != b) {
                tw_band t = tw_draws_band(d, k++);
                snprintf(what, sizeof what, "%s on %s tariff, %%",
                         tw_world_country_code(s->w, e->players[a]),
                         tw_world_country_code(s->w, e->players[b]));
                print_band(what, &t);
            }
    for (int a = 0; a < e->np; a++) {
        tw_band t = tw_draws_band(d, k++);
        snprintf(what, sizeof what, "%s real income, %%",
                 tw_world_country_code(s->w, e->players[a]));
        print_band(what, &t);
    }
}

static void print_table(const tw_sc_session *s, const tw_sc_escalate_draws *e, const tw_draws *d)
{
    int R = rounds_of(e, d), S = per_state(e->np);
    printf("\n");
    tw_cli_draws_print_summary(stdout, s->w, d);
    printf("\nBands over the draws (tariffs: %s; real income against the baseline, %%):\n",
           tw_tariff_average_label(NULL));
    printf("  %-30s %10s %10s %10s %10s\n", "", "point", "p5", "p50", "p95");
    for (int r = 0; r <= R; r++) {
        char date[16];
        round_date(e, r, date, sizeof date);
        printf(" round %d (%s)\n", r, date);
        print_state(s, e, d, r * S);
    }
    printf(" end state (each draw's own last round)\n");
    print_state(s, e, d, (R + 1) * S);
    tw_band n = tw_draws_band(d, (R + 2) * S);
    print_band("rounds played", &n);
    printf("(a draw's path that ended before round %d stays at its end, or goes round its cycle)\n",
           R);
}

static void json_band(tw_json *js, const char *key, const tw_band *b)
{
    tw_json_key(js, key);
    tw_json_object_begin(js);
    tw_cli_draws_json_band(js, b);
    tw_json_object_end(js);
}

/* The members "tariffs" and "players" of state block base. */
static void json_state(tw_json *js, const tw_sc_session *s, const tw_sc_escalate_draws *e,
                       const tw_draws *d, int base)
{
    int k = base;
    tw_json_key(js, "tariffs");
    tw_json_array_begin(js);
    for (int a = 0; a < e->np; a++)
        for (int b = 0; b < e->np; b++)
            if (a != b) {
                tw_band t = tw_draws_band(d, k++);
                tw_json_object_begin(js);
                tw_json_kv_string(js, "importer", tw_world_country_code(s->w, e->players[a]));
                tw_json_kv_string(js, "exporter", tw_world_country_code(s->w, e->players[b]));
                json_band(js, "avg_tariff_goods_import_weighted_pct", &t);
                tw_json_object_end(js);
            }
    tw_json_array_end(js);
    tw_json_key(js, "players");
    tw_json_array_begin(js);
    for (int a = 0; a < e->np; a++) {
        tw_band t = tw_draws_band(d, k++);
        tw_json_object_begin(js);
        tw_json_kv_string(js, "code", tw_world_country_code(s->w, e->players[a]));
        json_band(js, "real_income_pct", &t);
        tw_json_object_end(js);
    }
    tw_json_array_end(js);
}

static void write_json(const tw_sc_session *s, const tw_sc_escalate_draws *e, const tw_draws *d)
{
    int R = rounds_of(e, d), S = per_state(e->np);
    tw_json js;
    tw_json_init(&js, stdout);
    tw_cli_draws_json_begin(&js, s->w, d);
    tw_json_key(&js, "rounds");
    tw_json_array_begin(&js);
    for (int r = 0; r <= R; r++) {
        char date[16];
        round_date(e, r, date, sizeof date);
        tw_json_object_begin(&js);
        tw_json_kv_int(&js, "round", r);
        tw_json_kv_string(&js, "date", date);
        json_state(&js, s, e, d, r * S);
        tw_json_object_end(&js);
    }
    tw_json_array_end(&js);
    tw_json_key(&js, "end_state");
    tw_json_object_begin(&js);
    json_state(&js, s, e, d, (R + 1) * S);
    tw_json_object_end(&js);
    tw_band n = tw_draws_band(d, (R + 2) * S);
    json_band(&js, "rounds_played", &n);
    tw_json_object_end(&js);
    tw_error err;
    if (tw_json_finish(&js, &err))
        tw_cli_print_error(&err);
}

static void csv_band(FILE *f, const char *quantity, const char *round, const char *code,
                     const char *partner, const tw_band *b)
{
    fprintf(f, "%s,%s,%s,%s", quantity, round, code, partner);
    tw_cli_draws_csv_band(f, b);
}

static void csv_state(FILE *f, const tw_sc_session *s, const tw_sc_escalate_draws *e,
                      const tw_draws *d, int base, const char *round)
{
    int k = base;
    for (int a = 0; a < e->np; a++)
        for (int b = 0; b < e->np; b++)
            if (a != b) {
                tw_band t = tw_draws_band(d, k++);
                csv_band(f, "avg_tariff_goods_import_weighted_pct", round,
                         tw_world_country_code(s->w, e->players[a]),
                         tw_world_country_code(s->w, e->players[b]), &t);
            }
    for (int a = 0; a < e->np; a++) {
        tw_band t = tw_draws_band(d, k++);
        csv_band(f, "real_income_pct", round, tw_world_country_code(s->w, e->players[a]), "",
                 &t);
    }
}

static int write_csv(const char *dir, const tw_sc_session *s, const tw_sc_escalate_draws *e,
                     const tw_draws *d)
{
    char path[1200];
    FILE *f = tw_cli_draws_open_bands(dir, path, sizeof path);
    if (!f)
        return TW_EXIT_IO;
    int R = rounds_of(e, d), S = per_state(e->np);
    fputs("quantity,round,code,partner,point,p5,p50,p95\n", f);
    for (int k = 0; k <= R; k++) {
        char round[16];
        snprintf(round, sizeof round, "%d", k);
        csv_state(f, s, e, d, k * S, round);
    }
    csv_state(f, s, e, d, (R + 1) * S, "end");
    tw_band n = tw_draws_band(d, (R + 2) * S);
    csv_band(f, "rounds_played", "", "", "", &n);
    return tw_cli_draws_close_bands(f, path, dir, s->w, d);
}

int tw_sc_escalate_draws_write(const tw_sc_common *c, const tw_sc_session *s,
                               const tw_sc_escalate_draws *e, const tw_draws *d)
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
