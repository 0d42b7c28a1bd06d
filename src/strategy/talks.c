/* SPDX-License-Identifier: MIT */
/* Trade talks: negotiated tariffs from a threat point by Nash bargaining or Ossa's (2014)
 * equal-proportional-gains rule, with NLopt's SLSQP and exact gradients of every player's
 * payoff with respect to every negotiated tariff. */
#include <math.h>
#include <nlopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/error.h"
#include "strategy/game_internal.h"
#include "strategy/strategy_internal.h"

double tw_truce_value(double v_deal, double v_threat, double delta, int periods)
{
    double gain = v_deal - v_threat;
    if (periods < 0)
        return gain / (1.0 - delta);
    return gain * (1.0 - pow(delta, periods)) / (1.0 - delta);
}

typedef struct talks {
    tw_game *g;
    tw_players *w;
    size_t *off;
    size_t n;            /* negotiated variables (without the common gain s) */
    const double *vthr;  /* [np] threat payoffs */
    const double *beta;  /* [np] */
    tw_policy *pol;
    tw_equilibrium *eq;
    double *xc;          /* cached point */
    double *v, *dv;      /* [np] payoffs, [np][n] their gradients at xc */
    double *best_x;
    double best_obj;
    int have;
    tw_status failure;
    nlopt_opt opt;
    tw_talks_report *rep;
} talks;

/* Solves the equilibrium at x and differentiates every player's payoff (cached per x). */
static int evaluate(talks *t, const double *x)
{
    if (t->have && memcmp(x, t->xc, t->n * sizeof *x) == 0)
        return 0;
    tw_error err;
    tw_game *g = t->g;
    tw_players *w = t->w;
    if (tw_game_progress(g, "talks", t->rep->evaluations, t->best_obj)) {
        t->rep->cancelled = 1;
        nlopt_force_stop(t->opt);
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
        nlopt_force_stop(t->opt);
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
    if (evaluate(t, x))
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
    if (evaluate(t, x)) {
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

/* Gains of real income are small numbers (1e-3); the common gain s is carried in units of
 * 1 / GAIN_SCALE so that SLSQP's steps and tolerances see numbers of order one. */
#define GAIN_SCALE 1000.0

/* GAIN_SCALE (V_p / V_p^threat - 1) - s = 0 for each p. */
static void equal_gains(unsigned m, double *result, unsigned nx, const double *x, double *grad,
                        void *data)
{
    talks *t = data;
    if (evaluate(t, x)) {
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

/* Runs one SLSQP problem on x (n or n + 1 variables). */
static nlopt_result run(talks *t, tw_talks_rule rule, double *x, double *fopt)
{
    tw_game *g = t->g;
    int np = t->w->np;
    unsigned nx = (unsigned)t->n + (rule == TW_TALKS_EQUAL_GAINS);
    nlopt_opt opt = nlopt_create(NLOPT_LD_SLSQP, nx);
    double *lb = malloc(nx * sizeof *lb), *ub = malloc(nx * sizeof *ub);
    double *tol = malloc((size_t)np * sizeof *tol);
    if (!opt || !lb || !ub || !tol) {
        nlopt_destroy(opt);
        free(lb);
        free(ub);
        free(tol);
        return NLOPT_OUT_OF_MEMORY;
    }
    for (int p = 0; p < np; p++) {
        for (size_t k = 0; k < t->w->map[p].nvar; k++) {
            lb[t->off[p] + k] = t->w->map[p].lower;
            ub[t->off[p] + k] = t->w->map[p].upper;
        }
        /* NLopt returns the best point that meets the constraints within these tolerances:
         * too tight, and SLSQP's last iterates (equal to ~1e-9) never count. Equal gains:
         * 1e-6 in units of 1 / GAIN_SCALE, i.e. gains equal to 1e-9; bargaining: 1e-10. */
        tol[p] = rule == TW_TALKS_EQUAL_GAINS ? 1e-6 : 1e-10;
    }
    if (rule == TW_TALKS_EQUAL_GAINS) {
        lb[nx - 1] = -GAIN_SCALE;
        ub[nx - 1] = 10.0 * GAIN_SCALE;
    }
    t->opt = opt;
    nlopt_set_lower_bounds(opt, lb);
    nlopt_set_upper_bounds(opt, ub);
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
    nlopt_set_maxeval(opt, g->opt.max_evals);
    nlopt_result res = nlopt_optimize(opt, x, fopt);
    nlopt_destroy(opt);
    t->opt = NULL;
    free(lb);
    free(ub);
    free(tol);
    return res;
}

static tw_status game_talks(tw_game *g, const tw_instrument *players, int n_players,
                            const tw_objective *objs, const tw_talks_options *opts,
                            const tw_policy *threat, tw_policy *deal, tw_equilibrium *eq,
                            double *w_threat, double *w_deal, tw_talks_report *rep, tw_error *err)
{
    tw_error_clear(err);
    tw_talks_report local;
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    if (!g || !players || n_players < 2 || !threat || !deal || !eq || deal == threat ||
        !w_threat || !w_deal)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_game_talks: bad arguments (talks need at least two players)");
    tw_talks_options o;
    if (opts)
        o = *opts;
    else
        tw_talks_options_init(&o);
    if ((unsigned)o.rule > (unsigned)TW_TALKS_EQUAL_GAINS)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "talks", "unknown bargaining rule");
    for (int p = 0; o.weights && p < n_players; p++)
        if (!(o.weights[p] > 0) || !isfinite(o.weights[p]))
            return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "weights",
                           "bargaining weights must be positive, got %g for player %d",
                           o.weights[p], p);
    double t0 = tw_clock_seconds();
    tw_players w;
    tw_status st = tw_players_setup(g, players, n_players, objs, threat, &w, err);
    if (st)
        return st;
    talks t = {0};
    t.g = g;
    t.w = &w;
    t.rep = rep;
    t.pol = deal;
    t.eq = eq;
    t.off = malloc((size_t)n_players * sizeof *t.off);
    t.n = t.off ? tw_players_offsets(&w, t.off) : 0;
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
    if (evaluate(&t, x0)) {
        st = t.failure ? t.failure : TW_ERR_NOT_CONVERGED;
        tw_fail(err, st, NULL, 0, 0, NULL, "the threat point could not be solved");
        goto done;
    }
    memcpy(w_threat, t.v, (size_t)n_players * sizeof *w_threat);
    /* Ossa's rule first: it is also a feasible start with positive gains for bargaining. */
    memcpy(x, x0, t.n * sizeof *x);
    x[t.n] = 0.0;
    double f;
    nlopt_result res = run(&t, TW_TALKS_EQUAL_GAINS, x, &f);
    rep->nlopt_code = (int)res;
    if (!t.failure && !rep->cancelled && x[t.n] <= 1e-12 * GAIN_SCALE) {
        /* No deal makes everyone better off: the deal is the threat point. */
        rep->no_gain = 1;
        memcpy(x, x0, t.n * sizeof *x);
    } else if (!t.failure && !rep->cancelled && o.rule == TW_TALKS_NASH_BARGAINING) {
        res = run(&t, TW_TALKS_NASH_BARGAINING, x, &f);
        rep->nlopt_code = (int)res;
    }
    if (t.failure || rep->cancelled) {
        st = t.failure ? t.failure : TW_ERR_NOT_CONVERGED;
        tw_fail(err, st, NULL, 0, 0, NULL,
                rep->cancelled ? "interrupted: the tariffs are not a negotiated outcome"
                               : "an equilibrium or adjoint solve failed during the talks");
        goto done;
    }
    /* Re-solve at the returned point so that deal, eq and the payoffs describe it. */
    t.have = 0;
    if (evaluate(&t, x)) {
        st = t.failure ? t.failure : TW_ERR_NOT_CONVERGED;
        tw_fail(err, st, NULL, 0, 0, NULL, "the deal could not be solved");
        goto done;
    }
    memcpy(w_deal, t.v, (size_t)n_players * sizeof *w_deal);
    rep->min_gain = INFINITY;
    for (int p = 0; p < n_players; p++)
        rep->min_gain = fmin(rep->min_gain, w_deal[p] / w_threat[p] - 1.0);
    int ok_code = res > 0 && res != NLOPT_MAXEVAL_REACHED && res != NLOPT_MAXTIME_REACHED;
    rep->converged = (ok_code || rep->no_gain) && rep->min_gain >= -1e-10;
    if (!rep->converged)
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
    tw_status st = game_talks(g, players, n_players, objs, opts, threat, deal, eq, w_threat, w_deal, rep, err);
    return tw_game_cancel_status(g, st, err);
}
