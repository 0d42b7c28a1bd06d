/* SPDX-License-Identifier: MIT */
/* The brief (tradewar/brief.h, docs/brief.md): the numbers readers cite, for every step of a
 * scenario's timeline, computed from each step's policy, equilibrium and results as the
 * timeline solves them (tw_timeline_run_observed). */
#include "tradewar/brief.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/error.h"
#include "data/csv.h"
#include "model/model_internal.h"

struct tw_brief {
    const tw_plan *plan;
    const tw_world *w;
    tw_timeline *t;
    int ng, nplayers;
    const char **names; /* [ng], the scenario's */
    int **members;      /* [ng] country indices */
    int *nmem;
    /* Exporters of each (importer g, partner q) pair, q <= ng ("others" last), and of the
     * importer's world (every non-member), [g * (ng + 1) + q] and [g]. */
    int **pmem, *npmem, **wmem, *nwmem;
    double *households; /* [N] copy, or NULL */
    double usd;         /* tw_world_usd_per_unit */
    double *flows;      /* [j][n][i] scratch: the step's import values */
    tw_brief_country *country; /* [step][ng] */
    tw_brief_pair *pair;       /* [step][ng][ng + 1] */
    int nsteps, cap;
};

static tw_status nomem(tw_error *err)
{
    return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

/* --- Households --- */

static tw_status households_read(tw_csv *csv, const tw_world *w, double *out, tw_error *err)
{
    static const tw_csv_column cols[] = {
        {"code", 1}, {"households", 1}, {"year", 0}, {"source", 0}};
    int ix[4], has;
    tw_dims d = tw_world_dims(w);
    for (int n = 0; n < d.n; n++)
        out[n] = NAN;
    char *seen = calloc((size_t)d.n, 1);
    if (!seen)
        return nomem(err);
    tw_status st = tw_csv_header(csv, cols, 4, ix, err);
    while (!st && !(st = tw_csv_next(csv, &has, err)) && has) {
        const char *code = tw_csv_get(csv, ix[0]);
        int n = tw_world_country_index(w, code);
        if (n < 0) {
            const char *near = tw_world_country_suggest(w, code);
            st = tw_csv_fail(csv, ix[0], err, "unknown country '%s' in world %s%s%s%s", code,
                             tw_world_name(w), near ? " (did you mean " : "", near ? near : "",
                             near ? "?)" : "");
            break;
        }
        if (seen[n]) {
            st = tw_csv_fail(csv, ix[0], err, "country '%s' is listed twice", code);
            break;
        }
        seen[n] = 1;
        if (!*tw_csv_get(csv, ix[1]))
            continue; /* unknown */
        double v;
        if ((st = tw_csv_number(csv, ix[1], &v, err)))
            break;
        if (!(v >= 1.0)) {
            st = tw_csv_fail(csv, ix[1], err,
                             "expected a number of households >= 1 (or empty when unknown), "
                             "found %s",
                             tw_csv_get(csv, ix[1]));
            break;
        }
        out[n] = v;
    }
    free(seen);
    return st;
}

tw_status tw_households_load(const char *path, const tw_world *w, double *out, tw_error *err)
{
    tw_error_clear(err);
    tw_csv *csv;
    tw_status st = tw_csv_open(path, &csv, err);
    if (st)
        return st;
    st = households_read(csv, w, out, err);
    tw_csv_close(csv);
    return st;
}

tw_status tw_households_load_buffer(const char *name, const char *data, size_t len,
                                    const tw_world *w, double *out, tw_error *err)
{
    tw_error_clear(err);
    tw_csv *csv;
    tw_status st = tw_csv_open_buffer(name, data, len, &csv, err);
    if (st)
        return st;
    st = households_read(csv, w, out, err);
    tw_csv_close(csv);
    return st;
}

double tw_world_usd_per_unit(const tw_world *w)
{
    static const struct {
        const char *unit;
        double usd;
    } units[] = {{"USD", 1.0}, {"USD thousand", 1e3}, {"USD million", 1e6}, {"USD billion", 1e9}};
    const char *u = tw_world_unit(w);
    for (size_t k = 0; u && k < sizeof units / sizeof units[0]; k++)
        if (strcasecmp(u, units[k].unit) == 0)
            return units[k].usd;
    return NAN;
}

void tw_brief_options_init(tw_brief_options *o)
{
    memset(o, 0, sizeof *o);
}

/* --- Groups and their partners --- */

static int member_of(const int *set, int n, int c)
{
    for (int k = 0; k < n; k++)
        if (set[k] == c)
            return 1;
    return 0;
}

/* Countries in `from` (or, from NULL, in no group at all) that are not in group g. */
static int *outside_of(const tw_brief *b, int g, const int *from, int nfrom, int *count)
{
    int N = tw_world_dims(b->w).n;
    int *out = malloc((size_t)N * sizeof *out);
    if (!out)
        return NULL;
    *count = 0;
    for (int c = 0; c < N; c++) {
        if (member_of(b->members[g], b->nmem[g], c))
            continue;
        if (from && !member_of(from, nfrom, c))
            continue;
        int in_any = 0;
        for (int q = 0; !from && q < b->ng && !in_any; q++)
            in_any = member_of(b->members[q], b->nmem[q], c);
        if (!in_any)
            out[(*count)++] = c;
    }
    return out;
}

static tw_status groups_make(tw_brief *b, tw_error *err)
{
    const tw_scenario *s = tw_plan_scenario(b->plan);
    int N = tw_world_dims(b->w).n;
    b->nplayers = tw_scenario_player_count(s);
    b->ng = b->nplayers + tw_scenario_watch_count(s);
    size_t ng = (size_t)b->ng, np = ng * (ng + 1);
    b->names = calloc(ng ? ng : 1, sizeof *b->names);
    b->members = calloc(ng ? ng : 1, sizeof *b->members);
    b->nmem = calloc(ng ? ng : 1, sizeof *b->nmem);
    b->wmem = calloc(ng ? ng : 1, sizeof *b->wmem);
    b->nwmem = calloc(ng ? ng : 1, sizeof *b->nwmem);
    b->pmem = calloc(np ? np : 1, sizeof *b->pmem);
    b->npmem = calloc(np ? np : 1, sizeof *b->npmem);
    if (!b->names || !b->members || !b->nmem || !b->wmem || !b->nwmem || !b->pmem || !b->npmem)
        return nomem(err);
    for (int g = 0; g < b->ng; g++) {
        b->names[g] = g < b->nplayers ? tw_scenario_player(s, g)
                                      : tw_scenario_watch(s, g - b->nplayers);
        if (!(b->members[g] = malloc((size_t)N * sizeof(int))))
            return nomem(err);
        b->nmem[g] = tw_plan_country_group(b->plan, b->names[g], b->members[g], N);
        if (b->nmem[g] < 0) /* resolved when the plan was bound: only memory can fail */
            return nomem(err);
    }
    for (int g = 0; g < b->ng; g++) {
        int all = 0;
        int *every = malloc((size_t)N * sizeof *every);
        if (!every)
            return nomem(err);
        for (int c = 0; c < N; c++)
            every[all++] = c;
        b->wmem[g] = outside_of(b, g, every, all, &b->nwmem[g]);
        free(every);
        for (int q = 0; q <= b->ng; q++) {
            size_t at = (size_t)g * (ng + 1) + (size_t)q;
            b->pmem[at] = q < b->ng ? outside_of(b, g, b->members[q], b->nmem[q], &b->npmem[at])
                                    : outside_of(b, g, NULL, 0, &b->npmem[at]);
            if (q == g)
                b->npmem[at] = 0;
        }
        if (!b->wmem[g])
            return nomem(err);
        for (int q = 0; q <= b->ng; q++)
            if (!b->pmem[(size_t)g * (ng + 1) + (size_t)q])
                return nomem(err);
    }
    return TW_OK;
}

/* --- One step --- */

/* Sum over the members of the step's tariffs times the world's baseline import flows, every
 * sector and partner (the static revenue). */
static double static_revenue(const tw_world *w, const double *tariffs, const int *members, int n)
{
    tw_dims d = tw_world_dims(w);
    const double *f = tw_world_flows(w);
    double sum = 0.0;
    for (int k = 0; k < n; k++)
        for (int j = 0; j < d.j; j++)
            for (int i = 0; i < d.n; i++)
                if (i != members[k]) {
                    size_t at = tw_ix_nij(d, members[k], i, j);
                    sum += tariffs[at] * f[at];
                }
    return sum;
}

static void country_fill(const tw_brief *b, int g, const double *tariffs, const tw_results *r,
                         tw_brief_country *c)
{
    const int *mem = b->members[g];
    int nm = b->nmem[g];
    double ib = 0.0, cpi = 0.0, cpin = 0.0, hh = 0.0;
    c->tariff_revenue_ge = c->tariff_revenue_ge_base = 0.0;
    for (int k = 0; k < nm; k++) {
        const tw_country_result *cr = &r->country[mem[k]];
        ib += cr->income_base;
        cpi += cr->income_base * 100.0 * (cr->price_hat / cr->wage_hat - 1.0);
        cpin += cr->income_base * 100.0 * (cr->price_hat - 1.0);
        hh += b->households ? b->households[mem[k]] : NAN;
        c->tariff_revenue_ge += cr->tariff_revenue;
        c->tariff_revenue_ge_base += cr->tariff_revenue_base;
    }
    c->real_income_pct = tw_group_real_income_pct(r, mem, nm);
    c->cpi_change_pct = ib > 0 ? cpi / ib : NAN;
    c->cpi_change_numeraire_pct = ib > 0 ? cpin / ib : NAN;
    c->income_base = ib;
    c->households = nm > 0 ? hh : NAN;
    c->cost_per_household_usd = -(c->real_income_pct / 100.0) * ib * b->usd / c->households;
    c->tariff_revenue_static = static_revenue(b->w, tariffs, mem, nm);
    tw_tariff_average base = {TW_SECTORS_GOODS, NULL, TW_WEIGHTS_BASELINE};
    tw_tariff_average cf = {TW_SECTORS_GOODS, b->flows, TW_WEIGHTS_COUNTERFACTUAL};
    c->etr_statutory_pct = 100.0 * tw_tariff_average_group(b->w, &base, tariffs, mem, nm,
                                                           b->wmem[g], b->nwmem[g]);
    c->etr_substitution_pct = 100.0 * tw_tariff_average_group(b->w, &cf, tariffs, mem, nm,
                                                              b->wmem[g], b->nwmem[g]);
    /* Before: the results' pair averages of the reference's tariffs (baseline weights). */
    c->etr_statutory_base_pct = 100.0 * tw_tariff_average_of_pairs(
                                            b->w, &base, r->goods_tariff_base, mem, nm,
                                            b->wmem[g], b->nwmem[g]);
    if (b->nwmem[g] == 0)
        c->etr_statutory_pct = c->etr_substitution_pct = c->etr_statutory_base_pct = NAN;
    tw_group_trade(r, TW_SECTORS_GOODS, b->wmem[g], b->nwmem[g], mem, nm, &c->imports_goods_base,
                   &c->imports_goods);
}

static void pair_fill(const tw_brief *b, int g, int q, const double *tariffs, const tw_results *r,
                      const tw_brief_country *c, tw_brief_pair *p)
{
    size_t at = (size_t)g * (size_t)(b->ng + 1) + (size_t)q;
    const int *ex = b->pmem[at];
    int ne = b->npmem[at];
    if (ne == 0) { /* the importer itself, or a partner with no country outside it */
        p->etr_statutory_pct = p->etr_substitution_pct = p->etr_statutory_base_pct = NAN;
        p->import_share_base_pct = p->import_share_pct = q == g ? NAN : 0.0;
        if (q != g && !(c->imports_goods_base > 0))
            p->import_share_base_pct = p->import_share_pct = NAN;
        return;
    }
    tw_tariff_average base = {TW_SECTORS_GOODS, NULL, TW_WEIGHTS_BASELINE};
    tw_tariff_average cf = {TW_SECTORS_GOODS, b->flows, TW_WEIGHTS_COUNTERFACTUAL};
    p->etr_statutory_pct = 100.0 * tw_tariff_average_group(b->w, &base, tariffs, b->members[g],
                                                           b->nmem[g], ex, ne);
    p->etr_substitution_pct = 100.0 * tw_tariff_average_group(b->w, &cf, tariffs, b->members[g],
                                                              b->nmem[g], ex, ne);
    p->etr_statutory_base_pct = 100.0 * tw_tariff_average_of_pairs(
                                            b->w, &base, r->goods_tariff_base, b->members[g],
                                            b->nmem[g], ex, ne);
    double m0, m1;
    tw_group_trade(r, TW_SECTORS_GOODS, ex, ne, b->members[g], b->nmem[g], &m0, &m1);
    p->import_share_base_pct = c->imports_goods_base > 0 ? 100.0 * m0 / c->imports_goods_base
                                                         : NAN;
    p->import_share_pct = c->imports_goods > 0 ? 100.0 * m1 / c->imports_goods : NAN;
}

/* The timeline's observer (tw_timeline_step_fn): records step k. */
static tw_status observe(void *ctx, const tw_model *m, int k, const tw_policy *p,
                         const tw_equilibrium *eq, const tw_results *r, tw_error *err)
{
    tw_brief *b = ctx;
    if (k != b->nsteps)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "brief: step %d reported after %d steps", k, b->nsteps);
    size_t ng = (size_t)b->ng;
    if (b->nsteps == b->cap) {
        int cap = b->cap ? 2 * b->cap : 16;
        tw_brief_country *nc = realloc(b->country, (size_t)cap * (ng ? ng : 1) * sizeof *nc);
        if (nc)
            b->country = nc;
        tw_brief_pair *np = realloc(b->pair, (size_t)cap * (ng ? ng * (ng + 1) : 1) * sizeof *np);
        if (np)
            b->pair = np;
        if (!nc || !np)
            return nomem(err);
        b->cap = cap;
    }
    tw_status st = tw_counterfactual_flows(m, eq, b->flows);
    if (st)
        return tw_fail(err, st, NULL, 0, 0, NULL, "brief: step %d is not solved", k);
    const double *tariffs = tw_policy_tariffs_const(p);
    tw_brief_country *cs = &b->country[(size_t)k * ng];
    tw_brief_pair *ps = &b->pair[(size_t)k * ng * (ng + 1)];
    for (int g = 0; g < b->ng; g++) {
        country_fill(b, g, tariffs, r, &cs[g]);
        for (int q = 0; q <= b->ng; q++)
            pair_fill(b, g, q, tariffs, r, &cs[g], &ps[(size_t)g * (ng + 1) + (size_t)q]);
    }
    b->nsteps++;
    return TW_OK;
}

tw_status tw_brief_run(const tw_plan *p, const tw_model *m, tw_solver *s,
                       tw_game_solver_fn solve_game, void *game_ctx, const tw_brief_options *opts,
                       tw_brief **out, tw_error *err)
{
    tw_error_clear(err);
    if (!out)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_brief_run: out is NULL");
    *out = NULL;
    if (!p || !m || tw_plan_world(p) != tw_model_world(m))
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_brief_run: the plan is bound to another world than the model's");
    tw_brief *b = calloc(1, sizeof *b);
    if (!b)
        return nomem(err);
    b->plan = p;
    b->w = tw_plan_world(p);
    b->usd = tw_world_usd_per_unit(b->w);
    tw_dims d = tw_world_dims(b->w);
    size_t nij = (size_t)d.n * (size_t)d.n * (size_t)d.j;
    tw_status st = TW_OK;
    if (!(b->flows = malloc(nij * sizeof *b->flows)))
        st = nomem(err);
    if (!st && opts && opts->households) {
        if (!(b->households = malloc((size_t)d.n * sizeof *b->households)))
            st = nomem(err);
        else
            memcpy(b->households, opts->households, (size_t)d.n * sizeof *b->households);
    }
    if (!st)
        st = groups_make(b, err);
    if (!st)
        st = tw_timeline_run_observed(p, m, s, solve_game, game_ctx, observe, b, &b->t, err);
    if (st) {
        tw_brief_free(b);
        return st;
    }
    free(b->flows); /* scratch, not needed once run */
    b->flows = NULL;
    *out = b;
    return TW_OK;
}

void tw_brief_free(tw_brief *b)
{
    if (!b)
        return;
    for (int g = 0; b->members && g < b->ng; g++)
        free(b->members[g]);
    for (int g = 0; b->wmem && g < b->ng; g++)
        free(b->wmem[g]);
    for (size_t q = 0; b->pmem && q < (size_t)b->ng * (size_t)(b->ng + 1); q++)
        free(b->pmem[q]);
    free(b->names);
    free(b->members);
    free(b->nmem);
    free(b->wmem);
    free(b->nwmem);
    free(b->pmem);
    free(b->npmem);
    free(b->households);
    free(b->flows);
    free(b->country);
    free(b->pair);
    tw_timeline_free(b->t);
    free(b);
}

const tw_timeline *tw_brief_timeline(const tw_brief *b) { return b->t; }
const tw_plan *tw_brief_plan(const tw_brief *b) { return b->plan; }
int tw_brief_steps(const tw_brief *b) { return b->nsteps; }
int tw_brief_group_count(const tw_brief *b) { return b->ng; }
int tw_brief_player_count(const tw_brief *b) { return b->nplayers; }
const char *tw_brief_group_name(const tw_brief *b, int g) { return b->names[g]; }

const tw_brief_country *tw_brief_country_get(const tw_brief *b, int k, int g)
{
    if (k < 0 || k >= b->nsteps || g < 0 || g >= b->ng)
        return NULL;
    return &b->country[(size_t)k * (size_t)b->ng + (size_t)g];
}

const tw_brief_pair *tw_brief_pair_get(const tw_brief *b, int k, int g, int q)
{
    if (k < 0 || k >= b->nsteps || g < 0 || g >= b->ng || q < 0 || q > b->ng)
        return NULL;
    size_t ng = (size_t)b->ng;
    return &b->pair[((size_t)k * ng + (size_t)g) * (ng + 1) + (size_t)q];
}
