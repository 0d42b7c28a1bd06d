/* SPDX-License-Identifier: MIT */
/* Bargaining over export controls (tradewar/bargain.h): Nash bargaining over the levels of
 * quotas in force, without derivatives (quotas are not in the reverse pass). A grid scan over
 * the levels finds a start where every player gains; NLopt's COBYLA maximises the weighted
 * geometric mean of the gains (the Nash product's maximiser) with the gains >= 0 as
 * constraints; a perturbation check of each level confirms a local maximum, restarting COBYLA
 * from any better point it finds. */
#include "tradewar/bargain.h"

#include <math.h>
#include <nlopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/error.h"
#include "strategy/game_internal.h"

void tw_bargain_options_init(tw_bargain_options *o)
{
    *o = (tw_bargain_options){.weights = NULL,
                              .grid = 3,
                              .xtol = 1e-4,
                              .max_evals = 200,
                              .check_step = 0.02,
                              .check_tolerance = 1e-3};
}

/* The quota cells of the controls: where each sits, its cap in force and baseline flow. */
typedef struct cells {
    size_t *ix;
    int *ctrl;
    double *cap1, *base;
    size_t n;
} cells;

static void cells_free(cells *c)
{
    free(c->ix);
    free(c->ctrl);
    free(c->cap1);
    free(c->base);
    memset(c, 0, sizeof *c);
}

/* Finds every control's cells with a quota in force. players (np) give the default
 * importers; np 0 means none (each control must list its importers). */
static tw_status find_cells(const tw_model *m, const tw_control *controls, int nc,
                            const int *players, int np, const tw_policy *dis, cells *c,
                            tw_error *err)
{
    const tw_world *w = tw_model_world(m);
    tw_dims d = tw_world_dims(w);
    const double *q = tw_policy_quotas_const(dis), *flows = tw_world_flows(w);
    size_t cap = 0;
    for (int k = 0; k < nc; k++)
        cap += (size_t)controls[k].n_sectors *
               (size_t)(controls[k].n_importers ? controls[k].n_importers : np);
    memset(c, 0, sizeof *c);
    c->ix = malloc((cap + 1) * sizeof *c->ix);
    c->ctrl = malloc((cap + 1) * sizeof *c->ctrl);
    c->cap1 = malloc((cap + 1) * sizeof *c->cap1);
    c->base = malloc((cap + 1) * sizeof *c->base);
    if (!c->ix || !c->ctrl || !c->cap1 || !c->base) {
        cells_free(c);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    for (int k = 0; k < nc; k++) {
        const tw_control *ct = &controls[k];
        int i = ct->exporter, ni = ct->n_importers ? ct->n_importers : np;
        const int *imp = ct->n_importers ? ct->importers : players;
        if (i < 0 || i >= d.n || ct->n_sectors < 1 || !ct->sectors) {
            cells_free(c);
            return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, NULL,
                           "control %d: an exporter in range and at least one sector expected",
                           k + 1);
        }
        size_t before = c->n;
        for (int a = 0; a < ni; a++)
            for (int s = 0; s < ct->n_sectors; s++) {
                int n = imp[a], j = ct->sectors[s];
                if (n < 0 || n >= d.n || j < 0 || j >= d.j) {
                    cells_free(c);
                    return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, NULL,
                                   "control %d: importer or sector out of range", k + 1);
                }
                size_t x = tw_ix_nij(d, n, i, j);
                if (n == i || !isfinite(q[x]) || !(flows[x] > 0.0))
                    continue;
                c->ix[c->n] = x;
                c->ctrl[c->n] = k;
                c->cap1[c->n] = q[x];
                c->base[c->n] = flows[x];
                c->n++;
            }
        if (c->n == before) {
            cells_free(c);
            return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, NULL,
                           "control %d (exports of %s): no quota in force on its flows, so "
                           "nothing to bargain over",
                           k + 1, tw_world_country_code(w, i));
        }
    }
    return TW_OK;
}

static void set_levels(const cells *c, const tw_policy *dis, const double *levels,
                       tw_policy *out)
{
    tw_policy_copy(out, dis);
    double *q = tw_policy_quotas(out);
    for (size_t e = 0; e < c->n; e++) {
        double s = levels[c->ctrl[e]];
        q[c->ix[e]] = s >= 1.0  ? c->cap1[e]
                      : s > 0.0 ? c->base[e] - s * (c->base[e] - c->cap1[e])
                                : INFINITY;
    }
}

tw_status tw_controls_apply(const tw_model *m, const tw_control *controls, int nc,
                            const tw_policy *disagreement, const double *levels,
                            tw_policy *out, tw_error *err)
{
    tw_error_clear(err);
    for (int k = 0; k < nc; k++)
        if (!(levels[k] >= 0.0 && levels[k] <= 1.0))
            return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, NULL,
                           "control %d: level %g outside [0, 1]", k + 1, levels[k]);
    cells c;
    tw_status st = find_cells(m, controls, nc, NULL, 0, disagreement, &c, err);
    if (st)
        return st;
    set_levels(&c, disagreement, levels, out);
    cells_free(&c);
    return TW_OK;
}

tw_status tw_controls_set_in_force(const tw_model *m, const int *players, int n_players,
                                   const tw_control *controls, int nc, const double *shares,
                                   tw_policy *dis, tw_error *err)
{
    tw_error_clear(err);
    const tw_world *w = tw_model_world(m);
    tw_dims d = tw_world_dims(w);
    for (int k = 0; k < nc; k++) {
        const tw_control *c = &controls[k];
        if (!(shares[k] > 0.0 && shares[k] < 1.0))
            return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "share",
                           "control %d: share %g is not above 0 and below 1", k + 1, shares[k]);
        int bad = c->exporter < 0 || c->exporter >= d.n || c->n_sectors < 1;
        for (int q = 0; q < c->n_sectors && !bad; q++)
            bad = c->sectors[q] < 0 || c->sectors[q] >= d.j;
        for (int q = 0; q < c->n_importers && !bad; q++)
            bad = c->importers[q] < 0 || c->importers[q] >= d.n;
        for (int p = 0; p < n_players && !bad; p++)
            bad = players[p] < 0 || players[p] >= d.n;
        if (bad)
            return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, NULL,
                           "control %d: a country or sector outside the world", k + 1);
    }
    const double *flow = tw_world_flows(w);
    double *cap = tw_policy_quotas(dis);
    unsigned char *rent = tw_policy_quota_rent(dis);
    for (int k = 0; k < nc; k++) {
        const tw_control *c = &controls[k];
        int ni = c->n_importers > 0 ? c->n_importers : n_players;
        for (int p = 0; p < ni; p++) {
            int n = c->n_importers > 0 ? c->importers[p] : players[p], i = c->exporter;
            if (n == i)
                continue;
            for (int q = 0; q < c->n_sectors; q++) {
                size_t at = tw_ix_nij(d, n, i, c->sectors[q]);
                if (flow[at] > 0) {
                    cap[at] = shares[k] * flow[at];
                    rent[at] = TW_RENT_EXPORTER;
                }
            }
        }
    }
    return TW_OK;
}

typedef struct bargain {
    tw_game *g;
    const tw_objective *obj; /* [np] */
    int np, nc;
    cells c;
    const tw_policy *dis;
    tw_policy *pol;
    tw_equilibrium *eq;
    double *beta, *vd, *v; /* [np] */
    double *xc;            /* [nc] the point of v */
    int have;
    double *best_x, best; /* best feasible point and its log Nash product */
    double *best_v;
    tw_status failure;
    tw_error ferr;
    nlopt_opt opt;
    tw_bargain_report *rep;
} bargain;

/* sum_p beta_p ln(100 (V_p - V_p^d)) at the last point solved; -inf unless every gain > 0. */
static double log_nash(const bargain *b)
{
    double ln = 0.0;
    for (int p = 0; p < b->np && isfinite(ln); p++) {
        double gain = 100.0 * (b->v[p] - b->vd[p]);
        ln = gain > 0.0 ? ln + b->beta[p] * log(gain) : -HUGE_VAL;
    }
    return ln;
}

/* Solves the equilibrium at levels x and every player's payoff V (cached for the last x);
 * keeps the best feasible point. */
static int evaluate(bargain *b, const double *x)
{
    if (b->have && memcmp(x, b->xc, (size_t)b->nc * sizeof *x) == 0)
        return 0;
    if (b->failure)
        return -1;
    if (tw_game_progress(b->g, "bargain", b->rep->evaluations, b->best)) {
        b->rep->cancelled = 1;
        b->failure = TW_ERR_CANCELLED;
        tw_fail(&b->ferr, TW_ERR_CANCELLED, NULL, 0, 0, NULL, "the bargain was cancelled");
        if (b->opt)
            nlopt_force_stop(b->opt);
        return -1;
    }
    double *xs = b->xc;
    for (int k = 0; k < b->nc; k++)
        xs[k] = fmin(1.0, fmax(0.0, x[k]));
    set_levels(&b->c, b->dis, xs, b->pol);
    tw_status st = tw_model_solve(b->g->m, b->g->solver, b->pol, b->eq, NULL, &b->ferr);
    b->rep->evaluations++;
    if (st) {
        b->failure = st;
        b->have = 0;
        if (b->opt)
            nlopt_force_stop(b->opt);
        return -1;
    }
    for (int p = 0; p < b->np; p++)
        b->v[p] = exp(tw_objective_value(b->g->m, b->eq, &b->obj[p]));
    b->have = 1;
    double ln = log_nash(b);
    if (ln > b->best) {
        b->best = ln;
        memcpy(b->best_x, xs, (size_t)b->nc * sizeof *xs);
        memcpy(b->best_v, b->v, (size_t)b->np * sizeof *b->v);
    }
    return 0;
}

/* The weighted geometric mean of the gains in percentage points, 0 where one is <= 0. */
static double geo_objective(unsigned nx, const double *x, double *grad, void *data)
{
    (void)nx;
    (void)grad; /* COBYLA: no gradient */
    bargain *b = data;
    if (evaluate(b, x))
        return 0.0;
    double f = 1.0;
    for (int p = 0; p < b->np; p++)
        f *= pow(fmax(100.0 * (b->v[p] - b->vd[p]), 0.0), b->beta[p]);
    return f;
}

/* 100 (V_p^d - V_p) <= 0 for each p. */
static void gains_nonnegative(unsigned m, double *result, unsigned nx, const double *x,
                              double *grad, void *data)
{
    (void)nx;
    (void)grad;
    bargain *b = data;
    int ok = evaluate(b, x) == 0;
    for (unsigned p = 0; p < m; p++)
        result[p] = ok ? 100.0 * (b->vd[p] - b->v[p]) : 0.0;
}

/* COBYLA from x (in/out). */
static nlopt_result cobyla(bargain *b, const tw_bargain_options *o, double *x)
{
    unsigned nc = (unsigned)b->nc;
    nlopt_opt opt = nlopt_create(NLOPT_LN_COBYLA, nc);
    double *lb = calloc(nc, sizeof *lb), *ub = malloc(nc * sizeof *ub);
    double *tol = malloc((size_t)b->np * sizeof *tol), *step = malloc(nc * sizeof *step);
    nlopt_result r = NLOPT_OUT_OF_MEMORY;
    if (opt && lb && ub && tol && step) {
        for (unsigned k = 0; k < nc; k++) {
            ub[k] = 1.0;
            step[k] = 0.5 / (o->grid - 1);
        }
        for (int p = 0; p < b->np; p++)
            tol[p] = 1e-9; /* gains in percentage points */
        nlopt_set_lower_bounds(opt, lb);
        nlopt_set_upper_bounds(opt, ub);
        nlopt_set_max_objective(opt, geo_objective, b);
        nlopt_add_inequality_mconstraint(opt, (unsigned)b->np, gains_nonnegative, b, tol);
        nlopt_set_xtol_abs1(opt, o->xtol);
        nlopt_set_initial_step(opt, step);
        nlopt_set_maxeval(opt, o->max_evals);
        b->opt = opt;
        double f;
        r = nlopt_optimize(opt, x, &f);
        b->opt = NULL;
    }
    nlopt_destroy(opt);
    free(lb);
    free(ub);
    free(tol);
    free(step);
    return r;
}

/* The grid scan: every combination of o->grid levels per control. */
static void scan(bargain *b, const tw_bargain_options *o, double *x)
{
    long total = 1;
    for (int k = 0; k < b->nc; k++)
        total *= o->grid;
    for (long t = 0; t < total && !b->failure; t++) {
        long r = t;
        for (int k = 0; k < b->nc; k++) {
            x[k] = 1.0 - (double)(r % o->grid) / (o->grid - 1); /* from the disagreement */
            r /= o->grid;
        }
        evaluate(b, x);
    }
}

/* The perturbation check around the best point: the largest rise of the log Nash product
 * (the best point moves to any better one found). */
static double check(bargain *b, const tw_bargain_options *o, double *x)
{
    double at = b->best, rise = -HUGE_VAL;
    memcpy(x, b->best_x, (size_t)b->nc * sizeof *x);
    double *c = malloc((size_t)b->nc * sizeof *c);
    if (!c)
        return HUGE_VAL;
    memcpy(c, x, (size_t)b->nc * sizeof *c);
    for (int k = 0; k < b->nc && !b->failure; k++)
        for (int sgn = -1; sgn <= 1; sgn += 2) {
            memcpy(x, c, (size_t)b->nc * sizeof *x);
            x[k] = fmin(1.0, fmax(0.0, c[k] + sgn * o->check_step));
            if (x[k] == c[k])
                continue;
            if (evaluate(b, x))
                break;
            double ln = log_nash(b);
            rise = fmax(rise, ln - at);
        }
    free(c);
    return rise;
}

static tw_status setup(bargain *b, tw_game *g, const int *players, int np,
                       const tw_objective *objs, const tw_control *controls, int nc,
                       const tw_bargain_options *o, const tw_policy *dis, tw_error *err)
{
    memset(b, 0, sizeof *b);
    b->g = g;
    b->np = np;
    b->nc = nc;
    b->dis = dis;
    b->best = -HUGE_VAL;
    int N = tw_world_dims(tw_model_world(g->m)).n;
    if (np < 2 || nc < 1 || nc > 8 || o->grid < 2 || o->grid > 11 || !(o->xtol > 0.0) ||
        o->max_evals < 1 || !(o->check_step > 0.0) || !(o->check_tolerance >= 0.0))
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, NULL,
                       "a bargain needs two players or more, 1 to 8 controls, a grid of 2 to "
                       "11 points and positive tolerances");
    for (int p = 0; p < np; p++)
        if (players[p] < 0 || players[p] >= N ||
            (o->weights && !(o->weights[p] > 0.0 && isfinite(o->weights[p]))))
            return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, NULL,
                           "player %d: a country in range and a weight > 0 expected", p + 1);
    for (int k = 0; k < nc; k++) {
        int held = 0;
        for (int p = 0; p < np; p++)
            held |= controls[k].exporter == players[p];
        if (!held)
            return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, NULL,
                           "control %d: its exporter is not a player of the bargain", k + 1);
    }
    tw_status st = find_cells(g->m, controls, nc, players, np, dis, &b->c, err);
    if (st)
        return st;
    tw_objective *obj = calloc((size_t)np, sizeof *obj);
    b->beta = calloc((size_t)np, sizeof *b->beta);
    b->vd = calloc((size_t)np, sizeof *b->vd);
    b->v = calloc((size_t)np, sizeof *b->v);
    b->best_v = calloc((size_t)np, sizeof *b->best_v);
    b->xc = calloc((size_t)nc, sizeof *b->xc);
    b->best_x = calloc((size_t)nc, sizeof *b->best_x);
    b->obj = obj;
    if (tw_policy_create(g->m, &b->pol) || !(b->eq = tw_equilibrium_create(g->m)) || !obj ||
        !b->beta || !b->vd || !b->v || !b->best_v || !b->xc || !b->best_x)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    double wsum = 0.0;
    for (int p = 0; p < np; p++) {
        obj[p] = objs ? objs[p] : (tw_objective){.country = players[p]};
        wsum += o->weights ? o->weights[p] : 1.0;
    }
    for (int p = 0; p < np; p++)
        b->beta[p] = (o->weights ? o->weights[p] : 1.0) / wsum;
    for (int k = 0; k < nc; k++)
        b->best_x[k] = 1.0;
    return TW_OK;
}

static void teardown(bargain *b)
{
    cells_free(&b->c);
    tw_policy_free(b->pol);
    tw_equilibrium_free(b->eq);
    free((void *)b->obj);
    free(b->beta);
    free(b->vd);
    free(b->v);
    free(b->best_v);
    free(b->xc);
    free(b->best_x);
}

/* Grid, then rounds of COBYLA and the check (at most three). */
static void search(bargain *b, const tw_bargain_options *o, double *x)
{
    scan(b, o, x);
    for (int round = 0; round < 3 && !b->failure && isfinite(b->best); round++) {
        memcpy(x, b->best_x, (size_t)b->nc * sizeof *x);
        b->rep->nlopt_code = (int)cobyla(b, o, x);
        if (b->failure)
            break;
        double before = b->best;
        b->rep->check_gain = check(b, o, x);
        if (b->rep->check_gain <= o->check_tolerance || b->best <= before)
            break;
    }
}

tw_status tw_game_bargain(tw_game *g, const int *players, int n_players,
                          const tw_objective *objs, const tw_control *controls, int nc,
                          const tw_bargain_options *opts, const tw_policy *disagreement,
                          tw_policy *deal, tw_equilibrium *eq, double *levels,
                          double *v_threat, double *v_deal, tw_bargain_report *rep,
                          tw_error *err)
{
    tw_error_clear(err);
    double t0 = tw_clock_seconds();
    tw_bargain_options o;
    if (opts)
        o = *opts;
    else
        tw_bargain_options_init(&o);
    tw_bargain_report dummy;
    if (!rep)
        rep = &dummy;
    memset(rep, 0, sizeof *rep);
    rep->log_nash = -HUGE_VAL;
    bargain b;
    tw_status st = setup(&b, g, players, n_players, objs, controls, nc, &o, disagreement, err);
    b.rep = rep;
    double *x = st ? NULL : malloc((size_t)nc * sizeof *x);
    if (!st && !x)
        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st) {
        /* The disagreement point: every level 1, the policy in force. */
        if (tw_equilibrium_solved(eq))
            tw_equilibrium_copy(b.eq, eq);
        for (int k = 0; k < nc; k++)
            x[k] = 1.0;
        if (!evaluate(&b, x)) {
            memcpy(b.vd, b.v, (size_t)n_players * sizeof *b.v);
            memcpy(b.best_v, b.v, (size_t)n_players * sizeof *b.v);
            b.best = -HUGE_VAL; /* its gains are zero: not a feasible deal */
            b.have = 0;
            search(&b, &o, x);
        }
        st = b.failure;
        if (st && err)
            *err = b.ferr;
    }
    if (!st || st == TW_ERR_CANCELLED) {
        rep->no_gain = !isfinite(b.best);
        rep->log_nash = b.best;
        memcpy(levels, b.best_x, (size_t)nc * sizeof *levels);
        memcpy(v_threat, b.vd, (size_t)n_players * sizeof *b.vd);
        memcpy(v_deal, b.best_v, (size_t)n_players * sizeof *b.best_v);
        set_levels(&b.c, disagreement, b.best_x, deal);
        if (!st) {
            /* The deal's equilibrium, from the best point's neighbourhood. */
            st = tw_model_solve(g->m, g->solver, deal, b.eq, NULL, err);
            if (!st)
                tw_equilibrium_copy(eq, b.eq);
        }
        if (!st && !rep->no_gain && rep->check_gain > o.check_tolerance)
            st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                         "the bargain's optimum failed the perturbation check: a move of %.3g "
                         "in a level raises the log Nash product by %.3g (> %.3g)",
                         o.check_step, rep->check_gain, o.check_tolerance);
        rep->converged = !st;
    }
    rep->seconds = tw_clock_seconds() - t0;
    free(x);
    teardown(&b);
    return st;
}
