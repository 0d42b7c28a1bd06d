/* SPDX-License-Identifier: MIT */
/* Coalitions: players that are sets of countries with one tariff (tradewar/coalition.h,
 * docs/strategy.md §4b). The level is one variable, so the best response is a line search on
 * re-solved equilibria (a bracket, golden sections, then secant steps on differences); the
 * exact derivative, one adjoint solve per member, checks the result. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/error.h"
#include "strategy/game_internal.h"
#include "tradewar/coalition.h"

/* Width of the final interval of the golden-section search (tariff level: 1e-3 points). A
 * payoff near its maximum is flat to second order, so the solves' own accuracy (about 1e-11
 * in V on the Liberation Day world) limits how far comparisons of values can narrow it, to
 * about 1e-5: from there secant steps on the derivative (derivative_at) find its zero. */
#define TW_COALITION_XTOL 1e-5
#define TW_COALITION_SECANT_STEPS 12
#define TW_COALITION_MAX_STEP 1e-3
/* Step of the differences the secant steps use (derivative_at): the values' noise (about
 * 1e-11 on the Liberation Day world) over h gives about 1e-8, a tenth of the 1e-7 target; the
 * truncation error is of order h^4. The exact derivative then checks the result. */
#define TW_COALITION_FD_STEP 1e-3
#define TW_COALITION_STEP 0.01 /* first step of the bracket search */
#define TW_COALITION_VERIFY_STEP 1e-4 /* its smallest first step, in wars */
#define TW_COALITION_MAX_EVALS 200

static void bounds(const tw_coalition *c, double *lo, double *hi)
{
    *lo = c->lower;
    *hi = c->upper;
    if (*lo == 0.0 && *hi == 0.0)
        *hi = 2.0;
}

tw_status tw_coalition_check(const tw_model *m, const tw_coalition *c, tw_error *err)
{
    int n = m->d.n;
    if (!c || !c->members || c->n_members < 1 || c->n_members > n)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "members",
                       "a coalition needs between 1 and %d members", n);
    if (c->n_targets < 0 || c->n_targets > n || (c->n_targets > 0 && !c->targets))
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "targets", "bad list of targets");
    double lo, hi;
    bounds(c, &lo, &hi);
    if (!(lo >= 0.0 && lo <= hi && isfinite(hi)))
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "lower",
                       "the bounds [%g, %g] are not an interval of tariff levels >= 0", lo, hi);
    unsigned char *seen = calloc((size_t)n, 1);
    if (!seen)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    tw_status st = TW_OK;
    for (int k = 0; k < c->n_members && !st; k++) {
        int x = c->members[k];
        if (x < 0 || x >= n || seen[x])
            st = tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "members",
                         "member %d is not a country of the world or appears twice", x);
        else
            seen[x] = 1;
    }
    for (int k = 0; k < c->n_targets && !st; k++) {
        int x = c->targets[k];
        if (x < 0 || x >= n || seen[x])
            st = tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "targets",
                         "target %d is not a country of the world, is a member or appears "
                         "twice",
                         x);
        else
            seen[x] = 2;
    }
    free(seen);
    return st;
}

double tw_coalition_payoff(const tw_model *m, const tw_equilibrium *eq, const tw_coalition *c)
{
    double v = 0.0, e = 0.0;
    for (int k = 0; k < c->n_members; k++) {
        tw_objective obj = {.country = c->members[k]};
        double w = m->base->income[c->members[k]];
        v += w * expm1(tw_objective_value(m, eq, &obj));
        e += w;
    }
    return v / e;
}

/* Country roles for c: mask[i] = 1 member, 2 target, 0 neither (every non-member is a target
 * when c has no list). */
static void roles(const tw_model *m, const tw_coalition *c, unsigned char *mask)
{
    int n = m->d.n;
    memset(mask, c->n_targets ? 0 : 2, (size_t)n);
    for (int k = 0; k < c->n_members; k++)
        mask[c->members[k]] = 1;
    for (int k = 0; k < c->n_targets; k++)
        mask[c->targets[k]] = 2;
}

/* Calls fn(ctx, index) for every tariff entry c sets (with the roles in mask). */
#define FOR_ENTRIES(m, c, mask, body)                                                           \
    do {                                                                                        \
        tw_dims d_ = (m)->d;                                                                    \
        for (int j_ = 0; j_ < d_.j; j_++) {                                                     \
            if (!(c)->services && !tw_world_sector_is_goods((m)->w, j_))                        \
                continue;                                                                       \
            for (int a_ = 0; a_ < (c)->n_members; a_++)                                         \
                for (int i_ = 0; i_ < d_.n; i_++)                                               \
                    if ((mask)[i_] == 2) {                                                      \
                        size_t at = tw_ix_nij(d_, (c)->members[a_], i_, j_);                    \
                        body;                                                                   \
                    }                                                                           \
        }                                                                                       \
    } while (0)

static void apply_mask(const tw_model *m, const tw_coalition *c, const unsigned char *mask,
                       double rate, tw_policy *p)
{
    double *t = tw_policy_tariffs(p);
    FOR_ENTRIES(m, c, mask, t[at] = rate);
}

tw_status tw_coalition_apply(const tw_model *m, const tw_coalition *c, double rate,
                             tw_policy *p, tw_error *err)
{
    tw_error_clear(err);
    tw_status st = tw_coalition_check(m, c, err);
    if (st)
        return st;
    unsigned char *mask = malloc((size_t)m->d.n);
    if (!mask)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    roles(m, c, mask);
    apply_mask(m, c, mask, rate, p);
    free(mask);
    return TW_OK;
}

/* tw_game_coalition_derivative with each member's adjoint solution kept in lambdas
 * ([n_members][g->size], in/out: the starting guesses, zeros for none; NULL: none kept). */
static tw_status derivative_warm(tw_game *g, const tw_coalition *c, const tw_policy *p,
                                 const tw_equilibrium *eq, double *lambdas, double *value,
                                 double *derivative, tw_error *err)
{
    const tw_model *m = g->m;
    size_t nij = (size_t)m->d.n * m->d.n * m->d.j;
    double *grad = malloc(nij * sizeof *grad);
    unsigned char *mask = malloc((size_t)m->d.n);
    if (!grad || !mask) {
        free(grad);
        free(mask);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    roles(m, c, mask);
    size_t tag = tw_game_forward_tag(g);
    double v = 0.0, dv = 0.0, e = 0.0;
    tw_status st = TW_OK;
    for (int k = 0; k < c->n_members && !st; k++) {
        tw_objective obj = {.country = c->members[k]};
        double w, wk = m->base->income[c->members[k]], sum = 0.0;
        double *lam = lambdas ? lambdas + (size_t)k * g->size : NULL;
        st = tw_game_gradient_tagged(g, tag, p, eq, &obj, &w, grad, lam, NULL, err);
        FOR_ENTRIES(m, c, mask, sum += grad[at]);
        v += wk * expm1(w);
        dv += wk * exp(w) * sum;
        e += wk;
    }
    free(grad);
    free(mask);
    if (value)
        *value = v / e;
    if (derivative)
        *derivative = dv / e;
    return st;
}

tw_status tw_game_coalition_derivative(tw_game *g, const tw_coalition *c, const tw_policy *p,
                                       const tw_equilibrium *eq, double *value,
                                       double *derivative, tw_error *err)
{
    tw_error_clear(err);
    tw_status st = tw_coalition_check(g->m, c, err);
    return st ? st : derivative_warm(g, c, p, eq, NULL, value, derivative, err);
}

/* The line search's state: one trial policy and equilibrium, the best point met. */
typedef struct search {
    tw_game *g;
    const tw_coalition *c;
    const unsigned char *mask;
    tw_policy *trial;
    tw_equilibrium *eq;     /* the trials' warm start and the latest solve */
    tw_equilibrium *best_eq; /* the caller's: the best point's equilibrium */
    tw_policy *best;        /* the caller's out */
    double best_x, best_v;
    double *lambdas; /* the members' adjoint solutions (derivative_warm), or NULL */
    tw_coalition_report *rep;
    tw_status st;
    tw_error *err;
} search;

/* V_C at level x, solved; -INFINITY once a solve failed (s->st says why). */
static double value_at(search *s, double x)
{
    if (s->st)
        return -INFINITY;
    if (s->rep->evaluations >= TW_COALITION_MAX_EVALS || tw_game_cancelled(s->g)) {
        s->st = tw_game_cancelled(s->g)
                    ? tw_fail(s->err, TW_ERR_CANCELLED, NULL, 0, 0, NULL, "cancelled")
                    : tw_fail(s->err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                              "the coalition's line search used %d solves",
                              TW_COALITION_MAX_EVALS);
        return -INFINITY;
    }
    const tw_model *m = s->g->m;
    apply_mask(m, s->c, s->mask, x, s->trial);
    s->rep->evaluations++;
    s->st = tw_model_solve(m, s->g->solver, s->trial, s->eq, NULL, s->err);
    if (s->st)
        return -INFINITY;
    double v = tw_coalition_payoff(m, s->eq, s->c);
    if (v > s->best_v) {
        s->best_v = v;
        s->best_x = x;
        tw_policy_copy(s->best, s->trial);
        tw_equilibrium_copy(s->best_eq, s->eq);
    }
    tw_game_progress(s->g, "coalition", s->rep->evaluations, v);
    return v;
}

/* Brackets the maximum from x0 by growing steps, then narrows it by golden sections. */
static void line_search(search *s, double x0, double lo, double hi, double h)
{
    const double gr = 0.5 * (sqrt(5.0) - 1.0);
    double f0 = value_at(s, x0), a, c;
    double up = fmin(x0 + h, hi), down = fmax(x0 - h, lo);
    double fu = up > x0 ? value_at(s, up) : -INFINITY;
    double fd = fu <= f0 && down < x0 ? value_at(s, down) : -INFINITY;
    if (fu <= f0 && fd <= f0) { /* x0 lies between two lower points (or bounds) */
        a = down;
        c = up;
    } else {
        /* Moving in dir improves: a < b in that direction with f(b) > f(a); grow the step
         * until the value falls (at c) or the bound is reached (c = b). */
        double dir = fu > f0 ? 1.0 : -1.0;
        double b = dir > 0 ? up : down, fb = dir > 0 ? fu : fd;
        a = x0;
        for (;;) {
            h *= 1.0 + 1.0 / gr;
            double next = dir > 0 ? fmin(b + h, hi) : fmax(b - h, lo);
            if (next == b || s->st) {
                c = b;
                break;
            }
            double fn = value_at(s, next);
            if (fn <= fb) {
                c = next;
                break;
            }
            a = b;
            b = next;
            fb = fn;
        }
    }
    double l = fmin(a, c), r = fmax(a, c);
    double xl = r - gr * (r - l), xr = l + gr * (r - l);
    double fl = value_at(s, xl), fr = value_at(s, xr);
    while (r - l > TW_COALITION_XTOL && !s->st) {
        if (fl >= fr) {
            r = xr;
            xr = xl;
            fr = fl;
            xl = r - gr * (r - l);
            fl = value_at(s, xl);
        } else {
            l = xl;
            xl = xr;
            fl = fr;
            xr = l + gr * (r - l);
            fr = value_at(s, xr);
        }
    }
    s->rep->bracket = r - l;
}

/* V_C's derivative at level x: central differences of re-solved payoffs at steps h and 2h,
 * h = TW_COALITION_FD_STEP, combined by Richardson's rule (4 D(h) - D(2h)) / 3, whose
 * truncation error is of order h^4; one-sided at a bound (where only its sign is used).
 * s->trial and s->eq are left at x, *value its payoff. NAN once a solve failed. */
static double derivative_at(search *s, double x, double lo, double hi, double *value)
{
    const tw_model *m = s->g->m;
    double h = TW_COALITION_FD_STEP, f[4] = {0.0, 0.0, 0.0, 0.0};
    double at[4] = {x - 2 * h, x - h, x + h, x + 2 * h};
    int inside = at[0] >= lo && at[3] <= hi;
    if (!inside) { /* one-sided, one step */
        at[1] = fmax(x - h, lo);
        at[2] = fmin(x + h, hi);
    }
    for (int k = 0; k < 5 && !s->st; k++) {
        double y = k < 4 ? at[k] : x;
        if (k < 4 && (inside ? 0 : (k == 0 || k == 3 || y == x)))
            continue;
        apply_mask(m, s->c, s->mask, y, s->trial);
        s->rep->evaluations++;
        s->st = tw_model_solve(m, s->g->solver, s->trial, s->eq, NULL, s->err);
        if (!s->st) {
            double v = tw_coalition_payoff(m, s->eq, s->c);
            if (k < 4)
                f[k] = v;
            else
                *value = v;
        }
    }
    if (s->st)
        return NAN;
    if (inside)
        return (8.0 * (f[2] - f[1]) - (f[3] - f[0])) / (12.0 * h);
    if (at[1] == x)
        f[1] = *value;
    if (at[2] == x)
        f[2] = *value;
    return at[2] > at[1] ? (f[2] - f[1]) / (at[2] - at[1]) : 0.0; /* 0: lower = upper */
}

/* From the golden sections' best point, secant steps on the derivative (derivative_at)
 * until it is below a tenth of the game's KKT tolerance; out and eq receive the point with
 * the smallest derivative met, rep its level, value and derivative. An interior zero is the
 * maximum: the golden sections bracketed it. */
static void refine(search *s, double lo, double hi)
{
    double tol = 0.1 * s->g->opt.kkt_tolerance, va = NAN, vb = NAN;
    double xa = s->best_x, da = derivative_at(s, xa, lo, hi, &va);
    s->rep->rate = xa;
    s->rep->value = va;
    s->rep->derivative = da;
    tw_policy_copy(s->best, s->trial);
    tw_equilibrium_copy(s->best_eq, s->eq);
    int lower = xa - lo <= 2 * TW_COALITION_XTOL && !(da > 0);
    int upper = hi - xa <= 2 * TW_COALITION_XTOL && !(da < 0);
    if (s->st || fabs(da) <= tol || lower || upper)
        return;
    double xb = fmin(fmax(xa + (da > 0 ? 0.5 : -0.5) * TW_COALITION_XTOL, lo), hi);
    for (int k = 0; k < TW_COALITION_SECANT_STEPS && !s->st; k++) {
        double db = derivative_at(s, xb, lo, hi, &vb);
        if (s->st)
            return;
        if (fabs(db) < fabs(s->rep->derivative)) {
            s->rep->rate = xb;
            s->rep->value = vb;
            s->rep->derivative = db;
            tw_policy_copy(s->best, s->trial);
            tw_equilibrium_copy(s->best_eq, s->eq);
        }
        if (fabs(db) <= tol || db == da)
            return;
        double xn = xb - db * (xb - xa) / (db - da);
        xa = xb;
        da = db;
        /* The golden sections located the maximum to about their bracket's width, give or
         * take the values' noise: a step goes at most TW_COALITION_MAX_STEP. */
        xn = fmin(fmax(xn, xb - TW_COALITION_MAX_STEP), xb + TW_COALITION_MAX_STEP);
        xb = fmin(fmax(xn, lo), hi);
    }
}

/* c's current level in p: the mean of the tariffs it sets. */
static double current_level(const tw_model *m, const tw_coalition *c, const unsigned char *mask,
                            const tw_policy *p)
{
    const double *t = tw_policy_tariffs_const(p);
    double sum = 0.0;
    size_t count = 0;
    FOR_ENTRIES(m, c, mask, (sum += t[at], count++));
    return count ? sum / (double)count : 0.0;
}

/* tw_game_coalition_response with the members' adjoint solutions kept in lambdas (as
 * derivative_warm), the bracket search's first step `step`, the exact derivative's check
 * only if `exact`; with stay > 0, a coalition whose derivative at its current level is at most
 * stay already is left there (rep->bracket 0: a war's test of a settled player). */
static tw_status response(tw_game *g, const tw_coalition *c, const tw_policy *start,
                          tw_policy *out, tw_equilibrium *eq, double *lambdas, double step,
                          int exact, double stay, tw_coalition_report *rep, tw_error *err)
{
    tw_coalition_report local;
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    const tw_model *m = g->m;
    tw_status st = tw_coalition_check(m, c, err);
    if (st)
        return st;
    double t0 = tw_clock_seconds(), lo, hi;
    bounds(c, &lo, &hi);
    unsigned char *mask = malloc((size_t)m->d.n);
    tw_policy *trial = NULL;
    tw_equilibrium *work = tw_equilibrium_create(m);
    if (!mask || !work || tw_policy_create(m, &trial)) {
        free(mask);
        tw_equilibrium_free(work);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    roles(m, c, mask);
    tw_policy_copy(trial, start);
    tw_policy_copy(out, start);
    if (tw_equilibrium_solved(eq))
        tw_equilibrium_copy(work, eq);
    search s = {.g = g, .c = c, .mask = mask, .trial = trial, .eq = work, .best_eq = eq,
                .best = out, .best_x = NAN, .best_v = -INFINITY, .lambdas = lambdas,
                .rep = rep, .err = err};
    double x0 = fmin(fmax(current_level(m, c, mask, start), lo), hi), v0 = NAN;
    double d0 = stay > 0 ? derivative_at(&s, x0, lo, hi, &v0) : NAN;
    int settled = fabs(d0) <= stay || (x0 == lo && d0 <= 0) || (x0 == hi && d0 >= 0);
    if (!s.st && settled) {
        tw_policy_copy(out, trial);
        tw_equilibrium_copy(eq, work);
        rep->rate = x0;
        rep->value = v0;
        rep->derivative = d0;
    } else {
        line_search(&s, x0, lo, hi, step);
        if (!s.st && isfinite(s.best_v))
            refine(&s, lo, hi);
    }
    st = s.st;
    if (!st && exact) /* out and eq hold the result */
        st = derivative_warm(g, c, out, eq, lambdas, NULL, &rep->derivative, err);
    if (!st) {
        double tol = g->opt.kkt_tolerance, x = rep->rate;
        rep->at_bound = x - lo <= 2 * TW_COALITION_XTOL ? -1 : hi - x <= 2 * TW_COALITION_XTOL;
        int ok = hi - lo <= 2 * TW_COALITION_XTOL ? 1 /* both bounds hold it */
                 : rep->at_bound < 0              ? rep->derivative <= tol
                 : rep->at_bound > 0              ? rep->derivative >= -tol
                                                  : fabs(rep->derivative) <= tol;
        if (!ok)
            st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                         "the coalition's line search ended at %.6g with payoff derivative "
                         "%.3g, above the tolerance %.3g",
                         x, rep->derivative, tol);
    } else {
        rep->rate = s.best_x;
        rep->value = s.best_v;
    }
    rep->converged = !st;
    rep->cancelled = st == TW_ERR_CANCELLED;
    rep->seconds = tw_clock_seconds() - t0;
    tw_policy_free(trial);
    tw_equilibrium_free(work);
    free(mask);
    return st;
}

tw_status tw_game_coalition_response(tw_game *g, const tw_coalition *c,
                                     const tw_policy *start, tw_policy *out,
                                     tw_equilibrium *eq, tw_coalition_report *rep,
                                     tw_error *err)
{
    tw_error_clear(err);
    if (rep)
        memset(rep, 0, sizeof *rep);
    tw_status st = tw_coalition_check(g->m, c, err);
    if (st)
        return st;
    double *lambdas = calloc((size_t)c->n_members * g->size, sizeof *lambdas);
    if (!lambdas)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    st = response(g, c, start, out, eq, lambdas, TW_COALITION_STEP, 1, 0.0, rep, err);
    free(lambdas);
    return tw_game_cancel_status(g, st, err);
}

/* 1 if two coalitions set a common tariff entry: a member of both with a target of both. */
static int overlap(const tw_model *m, const tw_coalition *a, const tw_coalition *b,
                   unsigned char *ma, unsigned char *mb)
{
    roles(m, a, ma);
    roles(m, b, mb);
    int share_member = 0, share_target = 0;
    for (int i = 0; i < m->d.n; i++) {
        share_member |= ma[i] == 1 && mb[i] == 1;
        share_target |= ma[i] == 2 && mb[i] == 2;
    }
    int share_sector = a->services || b->services;
    for (int j = 0; j < m->d.j && !share_sector; j++)
        share_sector |= tw_world_sector_is_goods(m->w, j);
    return share_member && share_target && share_sector;
}

static tw_status war_check(const tw_model *m, const tw_coalition *cs, int n, tw_error *err)
{
    if (n < 1)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "players", "a war needs a coalition");
    tw_status st = TW_OK;
    for (int k = 0; k < n && !st; k++)
        st = tw_coalition_check(m, &cs[k], err);
    if (st)
        return st;
    unsigned char *ma = malloc(2 * (size_t)m->d.n);
    if (!ma)
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (int a = 0; a < n && !st; a++)
        for (int b = a + 1; b < n && !st; b++)
            if (overlap(m, &cs[a], &cs[b], ma, ma + m->d.n))
                st = tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "players",
                             "coalitions %d and %d set the same tariffs", a + 1, b + 1);
    free(ma);
    return st;
}

/* From the war's last iterate (p, eq): each coalition's gain from re-optimising alone. */
static tw_status war_verify(tw_game *g, const tw_coalition *cs, int n, const tw_policy *p,
                            const tw_equilibrium *eq, double *const *lambdas, tw_policy *scratch,
                            tw_equilibrium *eq_scratch, tw_war_report *rep, tw_error *err)
{
    rep->max_gain = 0.0;
    rep->max_gain_player = -1;
    for (int k = 0; k < n; k++) {
        tw_coalition_report cr;
        tw_equilibrium_copy(eq_scratch, eq);
        tw_status st = response(g, &cs[k], p, scratch, eq_scratch, lambdas[k],
                                TW_COALITION_VERIFY_STEP, 1, 0.0, &cr, err);
        rep->evaluations += cr.evaluations;
        if (st)
            return st;
        double gain = cr.value - tw_coalition_payoff(g->m, eq, &cs[k]);
        if (rep->max_gain_player < 0 || gain > rep->max_gain) {
            rep->max_gain = gain;
            rep->max_gain_player = k;
        }
    }
    return TW_OK;
}

tw_status tw_game_coalition_war(tw_game *g, const tw_coalition *cs, int n,
                                const tw_war_options *opts, const tw_policy *start,
                                tw_policy *out, tw_equilibrium *eq, double *rates,
                                tw_war_report *rep, tw_error *err)
{
    tw_error_clear(err);
    tw_war_report local;
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    rep->max_gain_player = -1;
    tw_war_options o;
    if (opts)
        o = *opts;
    else
        tw_war_options_init(&o);
    const tw_model *m = g->m;
    tw_status st = war_check(m, cs, n, err);
    if (st)
        return st;
    double t0 = tw_clock_seconds();
    tw_policy *cur = NULL, *next = NULL;
    size_t total = 0;
    for (int k = 0; k < n; k++)
        total += (size_t)cs[k].n_members;
    /* level, each coalition's last move, its members' adjoint solutions (warm starts) */
    double *level = calloc(2 * (size_t)n, sizeof *level);
    double *lam_block = calloc(total * g->size, sizeof *lam_block);
    double **lambdas = calloc((size_t)n, sizeof *lambdas);
    if (!level || !lam_block || !lambdas || tw_policy_create(m, &cur) ||
        tw_policy_create(m, &next)) {
        free(level);
        free(lam_block);
        free(lambdas);
        tw_policy_free(cur);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    double *moved = level + n;
    for (int k = 0, at = 0; k < n; at += cs[k].n_members, k++) {
        lambdas[k] = lam_block + (size_t)at * g->size;
        moved[k] = TW_COALITION_STEP;
    }
    tw_policy_copy(cur, start);
    unsigned char *mask = malloc((size_t)m->d.n);
    for (int k = 0; k < n && mask; k++) {
        roles(m, &cs[k], mask);
        level[k] = current_level(m, &cs[k], mask, start);
    }
    if (!mask)
        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    free(mask);
    while (!st && rep->rounds < o.max_rounds) {
        rep->rounds++;
        rep->last_change = 0.0;
        for (int k = 0; k < n && !st; k++) {
            tw_coalition_report cr;
            /* The bracket's first step: twice the coalition's last move, in [1e-4, 0.01]. */
            double step = fmin(fmax(2.0 * moved[k], TW_COALITION_VERIFY_STEP), TW_COALITION_STEP);
            /* From round 2, a coalition whose derivative is within the tolerance stays. */
            double stay = rep->rounds > 1 ? o.tolerance : 0.0;
            st = response(g, &cs[k], cur, next, eq, lambdas[k], step, 0, stay, &cr, err);
            rep->evaluations += cr.evaluations;
            if (st)
                break;
            moved[k] = fabs(cr.rate - level[k]);
            rep->last_change = fmax(rep->last_change, moved[k]);
            level[k] = cr.rate;
            tw_policy_copy(cur, next);
        }
        if (!st && rep->last_change <= o.tolerance) {
            rep->converged = 1;
            break;
        }
    }
    tw_policy_copy(out, cur);
    if (!st && rep->converged && !o.skip_verification) {
        tw_equilibrium *scratch = tw_equilibrium_create(m);
        if (scratch)
            st = war_verify(g, cs, n, cur, eq, lambdas, next, scratch, rep, err);
        else
            st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        tw_equilibrium_free(scratch);
        rep->verified = !st && rep->max_gain <= o.gain_tolerance;
    }
    rep->found = rep->converged && rep->verified;
    rep->cancelled = st == TW_ERR_CANCELLED || tw_game_cancelled(g);
    rep->seconds = tw_clock_seconds() - t0;
    if (rates)
        memcpy(rates, level, (size_t)n * sizeof *rates);
    free(level);
    free(lam_block);
    free(lambdas);
    tw_policy_free(cur);
    tw_policy_free(next);
    if (!st && !rep->found && rep->converged)
        st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                     "the coalitions' war is not verified: a coalition gains %.3g by "
                     "re-optimising (tolerance %.3g)",
                     rep->max_gain, o.gain_tolerance);
    else if (!st && !rep->found)
        st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                     "the coalitions' war did not settle in %d rounds (last move %.3g)",
                     o.max_rounds, rep->last_change);
    return tw_game_cancel_status(g, st, err);
}
