/* SPDX-License-Identifier: MIT */
/* Trade talks: negotiated tariffs from a threat point by Nash bargaining or Ossa's (2014)
 * equal-proportional-gains rule, with exact gradients of every player's payoff with respect
 * to every negotiated tariff: NLopt's SLSQP for small problems, its MMA or IPOPT
 * (talks_ipopt.c) with a stopping rule on the KKT residual of the bargaining problem
 * (talks_kkt.c) for many tariffs. */
#include <math.h>
#include <nlopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/error.h"
#include "strategy/talks_run.h"

double tw_truce_value(double v_deal, double v_threat, double delta, int periods)
{
    double gain = v_deal - v_threat;
    if (periods < 0)
        return gain / (1.0 - delta);
    return gain * (1.0 - pow(delta, periods)) / (1.0 - delta);
}

/* Stops the NLopt run in progress (none under IPOPT, whose callbacks return FALSE). */
static void force_stop(talks *t)
{
    if (t->opt)
        nlopt_force_stop(t->opt);
}

int tw_talks_evaluate(talks *t, const double *x)
{
    /* After a failure or a cancel IPOPT may still call back before it stops: no new solve. */
    if (t->failure || t->rep->cancelled)
        return -1;
    if (t->have && memcmp(x, t->xc, t->n * sizeof *x) == 0)
        return 0;
    tw_error err;
    tw_game *g = t->g;
    tw_players *w = t->w;
    if (tw_game_progress(g, "talks", t->rep->evaluations, t->best_obj)) {
        t->rep->cancelled = 1;
        force_stop(t);
        return -1;
    }
    tw_players_set(w, t->off, x);
    tw_players_apply(w, t->pol);
    tw_status st = tw_model_solve(g->m, g->solver, t->pol, t->eq, NULL, &err);
    t->rep->evaluations++;
    for (int p = 0; !st && p < w->np; p++) {
        double lw;
        tw_adjoint_report ar;
        st = tw_game_gradient_warm(g, t->pol, t->eq, &w->obj[p], &lw, g->grad,
                                   w->lam + (size_t)p * g->size, &ar, &err);
        if (st)
            break;
        t->v[p] = exp(lw);
        for (int q = 0; q < w->np; q++) {
            double *row = t->dv + (size_t)p * t->n + t->off[q];
            tw_instrument_pull(&w->map[q], g->grad, row);
            for (size_t k = 0; k < w->map[q].nvar; k++)
                row[k] *= t->v[p]; /* dV = V dW */
        }
    }
    if (st) {
        t->failure = st;
        t->have = 0;
        force_stop(t);
        return -1;
    }
    memcpy(t->xc, x, t->n * sizeof *x);
    t->have = 1;
    return 0;
}

/* Nash bargaining: sum_p beta_p ln(V_p - V_p^threat), a barrier at zero gains. */
static double nash_objective(unsigned nx, const double *x, double *grad, void *data)
{
    talks *t = data;
    if (tw_talks_evaluate(t, x))
        return -HUGE_VAL;
    double f = 0.0;
    if (grad)
        memset(grad, 0, nx * sizeof *grad);
    int np = t->w->np;
    for (int p = 0; p < np; p++) {
        double gain = fmax(t->v[p] - t->vthr[p], 1e-300);
        f += t->beta[p] * log(gain);
        if (grad)
            for (size_t k = 0; k < t->n; k++)
                grad[k] += t->beta[p] / gain * t->dv[(size_t)p * t->n + k];
    }
    return f;
}

/* V_p^threat - V_p <= 0 for each p (m = np). */
static void gains_nonnegative(unsigned m, double *result, unsigned nx, const double *x,
                              double *grad, void *data)
{
    talks *t = data;
    if (tw_talks_evaluate(t, x)) {
        for (unsigned p = 0; p < m; p++)
            result[p] = 0.0;
        return;
    }
    for (unsigned p = 0; p < m; p++) {
        result[p] = t->vthr[p] - t->v[p];
        if (grad)
            for (unsigned k = 0; k < nx; k++)
                grad[(size_t)p * nx + k] = -t->dv[(size_t)p * t->n + k];
    }
}

/* Equal gains: maximise s (the last variable). */
static double common_gain(unsigned nx, const double *x, double *grad, void *data)
{
    (void)data;
    if (grad) {
        memset(grad, 0, nx * sizeof *grad);
        grad[nx - 1] = 1.0;
    }
    return x[nx - 1];
}

/* GAIN_SCALE (V_p / V_p^threat - 1) - s = 0 for each p. */
static void equal_gains(unsigned m, double *result, unsigned nx, const double *x, double *grad,
                        void *data)
{
    talks *t = data;
    if (tw_talks_evaluate(t, x)) {
        for (unsigned p = 0; p < m; p++)
            result[p] = 0.0;
        return;
    }
    double s = x[nx - 1];
    for (unsigned p = 0; p < m; p++) {
        result[p] = GAIN_SCALE * (t->v[p] / t->vthr[p] - 1.0) - s;
        if (grad) {
            for (size_t k = 0; k < t->n; k++)
                grad[(size_t)p * nx + k] =
                    GAIN_SCALE * t->dv[(size_t)p * t->n + k] / t->vthr[p];
            grad[(size_t)p * nx + nx - 1] = -1.0;
        }
    }
}

void tw_talks_constraints_at(talks *t, unsigned nx, const double *x)
{
    int np = t->w->np;
    for (int p = 0; p < np; p++) {
        double *row = t->gc + (size_t)p * nx;
        const double *dv = t->dv + (size_t)p * t->n;
        if (t->run_rule == TW_TALKS_EQUAL_GAINS) {
            t->c[p] = x[nx - 1] - GAIN_SCALE * (t->v[p] / t->vthr[p] - 1.0);
            for (size_t k = 0; k < t->n; k++)
                row[k] = -GAIN_SCALE * dv[k] / t->vthr[p];
            row[nx - 1] = 1.0;
        } else {
            t->c[p] = t->vthr[p] - t->v[p];
            for (size_t k = 0; k < t->n; k++)
                row[k] = -dv[k];
        }
    }
}

double tw_talks_constraint_tol(tw_talks_rule rule)
{
    return rule == TW_TALKS_EQUAL_GAINS ? 1e-6 : 1e-10;
}

int tw_talks_kkt_met(talks *t, unsigned nx, const double *x, const double *gf)
{
    int np = t->w->np;
    double ctol = tw_talks_constraint_tol(t->run_rule);
    tw_talks_constraints_at(t, nx, x);
    if (tw_talks_kkt(nx, np, x, t->lb, t->ub, gf, t->c, t->gc, ctol, &t->kkt))
        return 0;
    int ok = t->kkt.stationarity <= KKT_TOL && t->kkt.infeasibility <= ctol &&
             t->kkt.complementarity <= ctol;
    if (ok && t->run_rule == TW_TALKS_EQUAL_GAINS) {
        double lo = t->c[0], hi = t->c[0];
        for (int p = 1; p < np; p++) {
            lo = fmin(lo, t->c[p]);
            hi = fmax(hi, t->c[p]);
        }
        ok = hi - lo <= ctol; /* the gains equal to 1e-9, as SLSQP's */
    }
    return ok;
}

/* MMA's objective: the rule's, then the stopping rule at every point with a gradient. */
static double mma_objective(unsigned nx, const double *x, double *grad, void *data)
{
    talks *t = data;
    double f;
    if (t->run_rule == TW_TALKS_EQUAL_GAINS) {
        if (tw_talks_evaluate(t, x))
            return -HUGE_VAL;
        f = common_gain(nx, x, grad, data);
    } else {
        f = nash_objective(nx, x, grad, data);
        if (t->failure || t->rep->cancelled)
            return f;
    }
    if (grad && tw_talks_kkt_met(t, nx, x, grad)) {
        memcpy(t->acc, x, nx * sizeof *x);
        t->accepted = 1;
        force_stop(t);
    }
    return f;
}

/* "Every gain >= s" for MMA (inequalities only): s - GAIN_SCALE (V_p / V_p^threat - 1) <= 0. */
static void gains_at_least_s(unsigned m, double *result, unsigned nx, const double *x,
                             double *grad, void *data)
{
    talks *t = data;
    if (tw_talks_evaluate(t, x)) {
        for (unsigned p = 0; p < m; p++)
            result[p] = 0.0;
        return;
    }
    tw_talks_constraints_at(t, nx, x);
    memcpy(result, t->c, m * sizeof *result);
    if (grad)
        memcpy(grad, t->gc, (size_t)m * nx * sizeof *grad);
}

/* Runs one SLSQP or MMA problem on x (n or n + 1 variables). */
static nlopt_result run(talks *t, tw_talks_rule rule, double *x, double *fopt)
{
    tw_game *g = t->g;
    int np = t->w->np;
    int mma = t->method == TW_TALKS_METHOD_MMA;
    unsigned nx = (unsigned)t->n + (rule == TW_TALKS_EQUAL_GAINS);
    nlopt_opt opt = nlopt_create(mma ? NLOPT_LD_MMA : NLOPT_LD_SLSQP, nx);
    double *lb = malloc(nx * sizeof *lb), *ub = malloc(nx * sizeof *ub);
    double *tol = malloc((size_t)np * sizeof *tol);
    double *c = malloc((size_t)np * sizeof *c);
    double *gc = malloc((size_t)np * nx * sizeof *gc), *acc = malloc(nx * sizeof *acc);
    if (!opt || !lb || !ub || !tol || !c || !gc || !acc) {
        nlopt_destroy(opt);
        free(lb);
        free(ub);
        free(tol);
        free(c);
        free(gc);
        free(acc);
        return NLOPT_OUT_OF_MEMORY;
    }
    /* NLopt returns the best point that meets the constraints within these tolerances:
     * too tight, and SLSQP's last iterates (equal to ~1e-9) never count. Equal gains:
     * 1e-6 in units of 1 / GAIN_SCALE, i.e. gains equal to 1e-9; bargaining: 1e-10. */
    for (int p = 0; p < np; p++)
        tol[p] = tw_talks_constraint_tol(rule);
    tw_talks_bounds(t, rule, nx, lb, ub);
    if (rule == TW_TALKS_EQUAL_GAINS) {
        /* MMA's first moves scale with the bounds' range: s is bounded by t->s_max (in
         * units of 1 / GAIN_SCALE), raised by the caller while s ends at it; its lower
         * bound never binds (s = 0 at the threat point is feasible). */
        if (mma) {
            lb[nx - 1] = -1.0;
            ub[nx - 1] = t->s_max;
        }
    }
    t->opt = opt;
    t->run_rule = rule;
    t->lb = lb;
    t->ub = ub;
    t->c = c;
    t->gc = gc;
    t->acc = acc;
    t->accepted = 0;
    memset(&t->kkt, 0, sizeof t->kkt);
    nlopt_set_lower_bounds(opt, lb);
    nlopt_set_upper_bounds(opt, ub);
    if (mma) {
        /* No tolerance on x or f: the run ends at the KKT stopping rule (mma_objective) or
         * at the evaluation cap, which is then reported as not converged. */
        nlopt_set_max_objective(opt, mma_objective, t);
        nlopt_add_inequality_mconstraint(
            opt, (unsigned)np, rule == TW_TALKS_EQUAL_GAINS ? gains_at_least_s : gains_nonnegative,
            t, tol);
    } else {
        if (rule == TW_TALKS_EQUAL_GAINS) {
            nlopt_set_max_objective(opt, common_gain, t);
            nlopt_add_equality_mconstraint(opt, (unsigned)np, equal_gains, t, tol);
        } else {
            nlopt_set_max_objective(opt, nash_objective, t);
            nlopt_add_inequality_mconstraint(opt, (unsigned)np, gains_nonnegative, t, tol);
        }
        nlopt_set_xtol_rel(opt, g->opt.xtol);
        /* The common gain starts at 0, where a relative tolerance on it would stop at once. */
        if (rule != TW_TALKS_EQUAL_GAINS)
            nlopt_set_ftol_rel(opt, g->opt.ftol);
    }
    nlopt_set_maxeval(opt, g->opt.max_evals);
    nlopt_result res = nlopt_optimize(opt, x, fopt);
    if (mma && t->accepted) {
        memcpy(x, acc, nx * sizeof *x);
        res = NLOPT_SUCCESS;
    } else if (mma && res > 0) {
        res = NLOPT_MAXEVAL_REACHED; /* stopped without meeting the KKT rule */
    }
    nlopt_destroy(opt);
    t->opt = NULL;
    t->lb = t->ub = NULL;
    t->c = t->gc = t->acc = NULL;
    free(lb);
    free(ub);
    free(tol);
    free(c);
    free(gc);
    free(acc);
    return res;
}

/* The gains are measured from the threat point as the players' instruments set it: each
 * variable at the mean of the threat tariffs it covers, clipped to the instrument's bounds
 * (tw_instrument_read, as tw_players_setup read them). A mean outside the bounds (today's
 * tariffs above --max-rate, as Japan's rice tariffs of 402-513% on ossa2014 are above the
 * default 200%) would silently move the threat point to the bound: refused, naming the rate.
 * Instruments on increases from the threat point read zero and are never clipped. */
static tw_status threat_in_bounds(const tw_game *g, const tw_players *w, tw_error *err)
{
    const tw_world *wd = tw_model_world(tw_game_model(g));
    for (int p = 0; p < w->np; p++) {
        const tw_instrument_map *map = &w->map[p];
        double mean = 0.0;
        long v = tw_instrument_read(map, &w->ins[p], w->base, w->base, w->xnew, &mean);
        if (v < 0)
            continue;
        const char *who = tw_world_country_code(wd, w->ins[p].country);
        int partner = map->var_partner[v], sector = map->var_sector[v];
        const char *on = partner >= 0 ? tw_world_country_code(wd, partner) : NULL;
        const char *in = sector >= 0 ? tw_world_sector_code(wd, sector) : NULL;
        char what[160];
        if (on && in)
            snprintf(what, sizeof what, "tariff of %s on %s in sector %s", who, on, in);
        else
            snprintf(what, sizeof what, "mean of %s's tariffs on %s%s%s (one negotiated rate)",
                     who, on ? on : "the other players", in ? " in sector " : "",
                     in ? in : "");
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "max_rate",
                       "the threat point's %s is %.4g%%, outside the negotiated tariffs' bounds "
                       "[%.4g%%, %.4g%%]: the gains would be measured from another point "
                       "(raise the upper bound, --max-rate)",
                       what, 100.0 * mean, 100.0 * map->lower, 100.0 * map->upper);
    }
    return TW_OK;
}

void tw_talks_bounds(const talks *t, tw_talks_rule rule, unsigned nx, double *lb, double *ub)
{
    for (int p = 0; p < t->w->np; p++)
        for (size_t k = 0; k < t->w->map[p].nvar; k++) {
            lb[t->off[p] + k] = t->w->map[p].lower;
            ub[t->off[p] + k] = t->w->map[p].upper;
        }
    if (rule == TW_TALKS_EQUAL_GAINS) {
        lb[nx - 1] = -GAIN_SCALE;
        ub[nx - 1] = 10.0 * GAIN_SCALE;
    }
}

double tw_talks_objective(talks *t, tw_talks_rule rule, unsigned nx, const double *x,
                          double *grad)
{
    if (rule == TW_TALKS_EQUAL_GAINS)
        return tw_talks_evaluate(t, x) ? -HUGE_VAL : common_gain(nx, x, grad, t);
    return nash_objective(nx, x, grad, t);
}

/* The KKT residual of the rule's problem at x (evaluated): kkt. @return 0, or -1. */
static int final_kkt(talks *t, tw_talks_rule rule, const double *x, tw_talks_kkt_report *kkt)
{
    int np = t->w->np;
    unsigned nx = (unsigned)t->n + (rule == TW_TALKS_EQUAL_GAINS);
    double *lb = malloc(nx * sizeof *lb), *ub = malloc(nx * sizeof *ub);
    double *gf = malloc(nx * sizeof *gf), *c = malloc((size_t)np * sizeof *c);
    double *gc = malloc((size_t)np * nx * sizeof *gc);
    int rc = -1;
    if (lb && ub && gf && c && gc) {
        tw_talks_bounds(t, rule, nx, lb, ub);
        tw_talks_objective(t, rule, nx, x, gf);
        t->run_rule = rule;
        t->c = c;
        t->gc = gc;
        tw_talks_constraints_at(t, nx, x);
        rc = tw_talks_kkt(nx, np, x, lb, ub, gf, c, gc, tw_talks_constraint_tol(rule), kkt);
        t->c = t->gc = NULL;
    }
    free(lb);
    free(ub);
    free(gf);
    free(c);
    free(gc);
    return rc;
}

/* One problem of the rule by the method of the talks. */
static nlopt_result run_method(talks *t, tw_talks_rule rule, double *x, double *f)
{
    if (t->method == TW_TALKS_METHOD_IPOPT)
        return tw_talks_run_ipopt(t, rule, x, f);
    return run(t, rule, x, f);
}

/* Equal gains from the threat point x0, then for Nash bargaining from there: x, with the
 * common gain s of the equal-gains run in x[t->n], and the last run's KKT stationarity.
 * @return the last run's code (rep->nlopt_code: NLopt's, or IPOPT's status). */
static nlopt_result negotiate(talks *t, tw_talks_rule rule, const double *x0, double *x,
                              double *stat)
{
    tw_talks_report *rep = t->rep;
    double f;
    nlopt_result res;
    /* Ossa's rule first: it is also a feasible start with positive gains for bargaining.
     * MMA: s at most 10 (gains of 1%), ten times more while the common gain ends within 1%
     * of that bound (a bound that binds is not the talks' optimum). */
    for (t->s_max = 10.0;; t->s_max *= 10.0) {
        memcpy(x, x0, t->n * sizeof *x);
        x[t->n] = 0.0;
        res = run_method(t, TW_TALKS_EQUAL_GAINS, x, &f);
        if (t->method != TW_TALKS_METHOD_MMA || t->failure || rep->cancelled ||
            x[t->n] < 0.99 * t->s_max || t->s_max >= 10.0 * GAIN_SCALE)
            break;
    }
    *stat = t->kkt.stationarity;
    if (!t->failure && !rep->cancelled && x[t->n] <= 1e-12 * GAIN_SCALE) {
        /* No deal makes everyone better off: the deal is the threat point. */
        rep->no_gain = 1;
        memcpy(x, x0, t->n * sizeof *x);
    } else if (!t->failure && !rep->cancelled && rule == TW_TALKS_NASH_BARGAINING) {
        res = run_method(t, TW_TALKS_NASH_BARGAINING, x, &f);
        *stat = t->kkt.stationarity;
    }
    rep->nlopt_code = t->method == TW_TALKS_METHOD_IPOPT ? t->ipopt_status : (int)res;
    return res;
}

/* The rule, the weights and the method of the talks. @return TW_OK, or the error. */
static tw_status check_options(const tw_talks_options *o, tw_talks_method method, int n_players,
                               tw_error *err)
{
    if ((unsigned)method > (unsigned)TW_TALKS_METHOD_IPOPT)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, "talks", "unknown talks method");
    /* Both stop on the KKT residual, whose multipliers enumerate subsets of the players. */
    if ((method == TW_TALKS_METHOD_MMA || method == TW_TALKS_METHOD_IPOPT) &&
        n_players > TW_TALKS_KKT_MAX_PLAYERS)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "talks",
                       "%s talks take at most %d players, got %d",
                       method == TW_TALKS_METHOD_MMA ? "MMA" : "IPOPT",
                       TW_TALKS_KKT_MAX_PLAYERS, n_players);
    if ((unsigned)o->rule > (unsigned)TW_TALKS_EQUAL_GAINS)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "talks", "unknown bargaining rule");
    for (int p = 0; o->weights && p < n_players; p++)
        if (!(o->weights[p] > 0) || !isfinite(o->weights[p]))
            return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "weights",
                           "bargaining weights must be positive, got %g for player %d",
                           o->weights[p], p);
    return TW_OK;
}

static tw_status game_talks(tw_game *g, const tw_instrument *players, int n_players,
                            const tw_objective *objs, const tw_talks_options *opts,
                            tw_talks_method method, const tw_policy *threat, tw_policy *deal,
                            tw_equilibrium *eq, double *w_threat, double *w_deal,
                            tw_talks_report *rep, tw_talks_kkt_report *kkt, tw_error *err)
{
    tw_error_clear(err);
    tw_talks_report local;
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    if (kkt)
        memset(kkt, 0, sizeof *kkt);
    if (!g || !players || n_players < 2 || !threat || !deal || !eq || deal == threat ||
        !w_threat || !w_deal)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_game_talks: bad arguments (talks need at least two players)");
    tw_talks_options o;
    if (opts)
        o = *opts;
    else
        tw_talks_options_init(&o);
    tw_status st = check_options(&o, method, n_players, err);
    if (st)
        return st;
    double t0 = tw_clock_seconds();
    tw_players w;
    st = tw_players_setup(g, players, n_players, objs, threat, &w, err);
    if (st)
        return st;
    if ((st = threat_in_bounds(g, &w, err))) {
        tw_players_free(&w);
        return st;
    }
    talks t = {0};
    t.g = g;
    t.w = &w;
    t.rep = rep;
    t.pol = deal;
    t.eq = eq;
    t.off = malloc((size_t)n_players * sizeof *t.off);
    t.n = t.off ? tw_players_offsets(&w, t.off) : 0;
    t.method = method;
    if (method == TW_TALKS_METHOD_AUTO)
        t.method = t.n + 1 <= TW_TALKS_SLSQP_MAX || n_players > TW_TALKS_KKT_MAX_PLAYERS
                       ? TW_TALKS_METHOD_SLSQP
                       : TW_TALKS_AUTO_LARGE;
    double *beta = malloc((size_t)n_players * sizeof *beta);
    t.xc = malloc((t.n + 1) * sizeof *t.xc);
    t.v = malloc((size_t)n_players * sizeof *t.v);
    t.dv = malloc((size_t)n_players * (t.n + 1) * sizeof *t.dv);
    double *x = malloc((t.n + 1) * sizeof *x), *x0 = malloc((t.n + 1) * sizeof *x0);
    if (!t.off || !beta || !t.xc || !t.v || !t.dv || !x || !x0) {
        st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    for (int p = 0; p < n_players; p++)
        beta[p] = o.weights ? o.weights[p] : 1.0;
    t.beta = beta;
    t.vthr = w_threat;
    /* The threat point. */
    tw_policy_copy(deal, threat);
    tw_players_get(&w, t.off, x0);
    if (tw_talks_evaluate(&t, x0)) {
        st = t.failure ? t.failure : TW_ERR_NOT_CONVERGED;
        tw_fail(err, st, NULL, 0, 0, NULL, "the threat point could not be solved");
        goto done;
    }
    memcpy(w_threat, t.v, (size_t)n_players * sizeof *w_threat);
    double stat;
    nlopt_result res = negotiate(&t, o.rule, x0, x, &stat);
    if (t.failure || rep->cancelled) {
        st = t.failure ? t.failure : TW_ERR_NOT_CONVERGED;
        tw_fail(err, st, NULL, 0, 0, NULL,
                rep->cancelled ? "interrupted: the tariffs are not a negotiated outcome"
                               : "an equilibrium or adjoint solve failed during the talks");
        goto done;
    }
    /* Re-solve at the returned point so that deal, eq and the payoffs describe it. */
    t.have = 0;
    if (tw_talks_evaluate(&t, x)) {
        st = t.failure ? t.failure : TW_ERR_NOT_CONVERGED;
        tw_fail(err, st, NULL, 0, 0, NULL, "the deal could not be solved");
        goto done;
    }
    memcpy(w_deal, t.v, (size_t)n_players * sizeof *w_deal);
    rep->min_gain = INFINITY;
    for (int p = 0; p < n_players; p++)
        rep->min_gain = fmin(rep->min_gain, w_deal[p] / w_threat[p] - 1.0);
    /* (x[t.n] still holds the common gain s of the equal-gains run.) */
    if (kkt && (rep->no_gain || final_kkt(&t, o.rule, x, kkt)))
        memset(kkt, 0, sizeof *kkt);
    if (kkt)
        kkt->method = t.method;
    int ok_code = res > 0 && res != NLOPT_MAXEVAL_REACHED && res != NLOPT_MAXTIME_REACHED;
    rep->converged = (ok_code || rep->no_gain) && rep->min_gain >= -1e-10;
    if (!rep->converged && t.method == TW_TALKS_METHOD_MMA)
        st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                     "the talks did not converge: MMA stopped after %d evaluations with the "
                     "KKT residual %.3g above its tolerance %.0e (NLopt code %d, smallest gain "
                     "%.3g)", rep->evaluations, stat, KKT_TOL, (int)res, rep->min_gain);
    else if (!rep->converged && t.method == TW_TALKS_METHOD_IPOPT)
        st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                     "the talks did not converge: IPOPT stopped (status %d) after %d "
                     "evaluations at a point that does not meet the KKT rule (residual %.3g, "
                     "tolerance %.0e; smallest gain %.3g)", t.ipopt_status, rep->evaluations,
                     stat, KKT_TOL, rep->min_gain);
    else if (!rep->converged)
        st = tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                     "the talks did not converge (NLopt code %d, smallest gain %.3g)",
                     (int)res, rep->min_gain);
done:
    rep->seconds = tw_clock_seconds() - t0;
    free(t.off);
    free(beta);
    free(t.xc);
    free(t.v);
    free(t.dv);
    free(x);
    free(x0);
    tw_players_free(&w);
    return st;
}

void tw_talks_options_init(tw_talks_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->rule = TW_TALKS_NASH_BARGAINING;
}

/* The public entry point: a computation stopped by the cancel flag or the progress callback
 * returns TW_ERR_CANCELLED (its partial result is marked as such in the report). */
tw_status tw_game_talks(tw_game *g, const tw_instrument *players, int n_players,
                        const tw_objective *objs, const tw_talks_options *opts,
                        const tw_policy *threat, tw_policy *deal, tw_equilibrium *eq,
                        double *w_threat, double *w_deal, tw_talks_report *rep, tw_error *err)
{
    tw_status st = game_talks(g, players, n_players, objs, opts, TW_TALKS_METHOD_AUTO, threat,
                              deal, eq, w_threat, w_deal, rep, NULL, err);
    return tw_game_cancel_status(g, st, err);
}

tw_status tw_game_talks_method(tw_game *g, const tw_instrument *players, int n_players,
                               const tw_objective *objs, const tw_talks_options *opts,
                               tw_talks_method method, const tw_policy *threat, tw_policy *deal,
                               tw_equilibrium *eq, double *w_threat, double *w_deal,
                               tw_talks_report *rep, tw_talks_kkt_report *kkt, tw_error *err)
{
    tw_status st = game_talks(g, players, n_players, objs, opts, method, threat, deal, eq,
                              w_threat, w_deal, rep, kkt, err);
    return tw_game_cancel_status(g, st, err);
}
