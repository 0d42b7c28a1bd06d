/* SPDX-License-Identifier: MIT */
/* Best responses: a government's optimal tariffs given everyone else's, by NLopt's
 * gradient-based local optimisers with the exact (adjoint) payoff gradient. */
#include <math.h>
#include <nlopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/error.h"
#include "strategy/game_internal.h"
#include "strategy/instrument.h"
#include "strategy/strategy_internal.h"

size_t tw_instrument_size(const tw_model *m, const tw_instrument *ins)
{
    tw_instrument_map map;
    if (tw_instrument_map_build(m, ins, &map, NULL))
        return 0;
    size_t n = map.nvar;
    tw_instrument_map_free(&map);
    return n;
}

/* The relative adjoint residual that a best response's warm-started solves aim for, as a
 * fraction of the game's adjoint tolerance (see game_best_response). */
#define TW_BEST_RESPONSE_AIM 1e-2

/* What the objective callback needs. */
typedef struct br_ctx {
    tw_game *g;
    const tw_instrument *ins;
    const tw_instrument_map *map;
    const tw_objective *obj;
    const double *base; /* tariffs that increases are added to */
    tw_policy *pol;      /* trial policy */
    tw_equilibrium *eq;  /* warm-started working equilibrium */
    nlopt_opt opt;
    tw_optimize_report *rep;
    double best_value;
    double *best_x, *gx;
    const double *sigma; /* NLopt's variable k is sigma_k x_k (see variable_scales) */
    double *xt;          /* the tariff variables of the point being evaluated */
    double *lam;         /* the last adjoint solution: the next evaluation's start */
    const double *lam0;  /* the caller's start; NULL: every adjoint solve starts at zero */
    tw_status failure;
    /* The last evaluation (NLopt's units): its point, value and gradient, valid if has_last. */
    double *last_x, *last_grad, last_value;
    int has_last;
} br_ctx;

/* The payoff's curvature in a tariff variable grows with the imports it covers (about
 * theta_j times the flow), so variables covering little trade are very flat and L-BFGS, which
 * starts from a multiple of the identity, crawls along them. NLopt therefore works on
 * y_k = sigma_k x_k with sigma_k = sqrt(c_k / max c), c_k = sum over the variable's entries of
 * theta_j x baseline flow (floored at 1e-6 of the largest): the Hessian in y is roughly
 * uniform. Bounds and tolerances are mapped accordingly; results and the first-order check are
 * in tariffs. */
static void variable_scales(const tw_model *m, const tw_instrument_map *map, double *sigma)
{
    size_t nx = map->nvar;
    for (size_t k = 0; k < nx; k++)
        sigma[k] = 0.0;
    for (size_t e = 0; e < map->len; e++) {
        size_t at = map->at[e];
        int j = (int)(at / ((size_t)m->d.n * (size_t)m->d.n));
        sigma[map->var[e]] += m->w->theta[j] * m->w->flow[at];
    }
    double cmax = 0.0;
    for (size_t k = 0; k < nx; k++)
        cmax = fmax(cmax, sigma[k]);
    for (size_t k = 0; k < nx; k++)
        sigma[k] = cmax > 0 ? sqrt(fmax(sigma[k] / cmax, 1e-6)) : 1.0;
}

/* L-BFGS's line search, failing at round-off near the optimum, asks for the point it was just
 * given again (4 of the 39 evaluations of the US optimum by sector on icio2022). Solving it
 * again would give the same bits: the equilibrium solve starts from that point's converged
 * equilibrium and stops at once, and so does the adjoint solve from its solution if that met
 * its aim (has_last is set only then). So the last evaluation is returned instead, and not
 * counted as one. */
static int br_repeat(br_ctx *c, unsigned nx, const double *x, double *grad, double *value)
{
    if (!c->has_last || memcmp(x, c->last_x, nx * sizeof *x) != 0)
        return 0;
    if (grad)
        memcpy(grad, c->last_grad, nx * sizeof *grad);
    *value = c->last_value;
    return 1;
}

static double br_objective(unsigned nx, const double *x, double *grad, void *data)
{
    br_ctx *c = data;
    tw_game *g = c->g;
    tw_error err;
    if (tw_game_progress(g, "best response", c->rep->evaluations, c->best_value)) {
        c->rep->cancelled = 1;
        nlopt_force_stop(c->opt);
        return c->best_value;
    }
    double again;
    if (br_repeat(c, nx, x, grad, &again))
        return again;
    c->has_last = 0;
    for (unsigned k = 0; k < nx; k++)
        c->xt[k] = x[k] / c->sigma[k];
    tw_instrument_apply(c->map, c->ins, c->xt, c->base, tw_policy_tariffs(c->pol));
    tw_solver_report sr;
    tw_status st = tw_model_solve(g->m, g->solver, c->pol, c->eq, &sr, &err);
    c->rep->evaluations++;
    if (sr.residual > c->rep->max_solver_residual)
        c->rep->max_solver_residual = sr.residual;
    if (st) {
        /* An equilibrium that cannot be solved is never an optimum: stop and report. */
        c->rep->solver_failures++;
        c->failure = st;
        nlopt_force_stop(c->opt);
        return -HUGE_VAL;
    }
    double value;
    tw_adjoint_report ar;
    /* Only the player's own tariffs are pulled: the gradient of its rows alone. */
    st = tw_game_gradient_own(g, TW_GAME_AFTER_SOLVE, c->ins->country, c->pol, c->eq, c->obj,
                              &value, g->grad, c->lam0 ? c->lam : NULL, &ar, &err);
    if (ar.residual > c->rep->max_adjoint_residual)
        c->rep->max_adjoint_residual = ar.residual;
    if (st) {
        c->failure = st;
        nlopt_force_stop(c->opt);
        return -HUGE_VAL;
    }
    if (grad) {
        tw_instrument_pull(c->map, g->grad, grad);
        for (unsigned k = 0; k < nx; k++)
            grad[k] /= c->sigma[k];
    }
    if (value > c->best_value) {
        c->best_value = value;
        memcpy(c->best_x, x, nx * sizeof *x);
    }
    if (grad && ar.residual <= tw_game_adjoint_aim(g)) { /* grad: NLopt always asks for it */
        memcpy(c->last_x, x, nx * sizeof *x);
        memcpy(c->last_grad, grad, nx * sizeof *grad);
        c->last_value = value;
        c->has_last = 1;
    }
    return value;
}

/* Largest gradient component not blocked by an active bound: the first-order (KKT)
 * optimality measure of a bound-constrained maximum. */
static double projected_gradient(const double *x, const double *gx, size_t nx, double lo,
                                 double hi)
{
    double worst = 0.0;
    for (size_t k = 0; k < nx; k++) {
        double gk = gx[k];
        if ((x[k] <= lo + 1e-12 && gk < 0) || (x[k] >= hi - 1e-12 && gk > 0))
            continue;
        worst = fmax(worst, fabs(gk));
    }
    return worst;
}

tw_status tw_best_response_x(tw_game *g, const tw_instrument *ins, const tw_objective *obj,
                             const tw_instrument_map *map, const tw_policy *start,
                             const double *base, double *x, tw_policy *out, tw_equilibrium *eq,
                             tw_optimize_report *rep, tw_error *err)
{
    return tw_best_response_xw(g, ins, obj, map, start, base, x, NULL, out, eq, rep, err);
}

tw_status tw_best_response_xw(tw_game *g, const tw_instrument *ins, const tw_objective *obj,
                              const tw_instrument_map *map, const tw_policy *start,
                              const double *base, double *x, const double *lam0,
                              tw_policy *out, tw_equilibrium *eq, tw_optimize_report *rep,
                              tw_error *err)
{
    const tw_model *m = g->m;
    double t0 = tw_clock_seconds();
    memset(rep, 0, sizeof *rep);
    size_t nx = map->nvar;
    double *lb = malloc(nx * sizeof *lb), *ub = malloc(nx * sizeof *ub);
    double *best_x = malloc(nx * sizeof *best_x), *gx = malloc(nx * sizeof *gx);
    double *last = malloc(2 * nx * sizeof *last); /* the last evaluation's x and gradient */
    double *sigma = malloc(nx * sizeof *sigma), *xt = malloc(nx * sizeof *xt);
    double *lam = calloc(g->size, sizeof *lam);
    nlopt_algorithm alg = g->opt.algorithm == TW_OPTIMIZER_SLSQP ? NLOPT_LD_SLSQP
                          : g->opt.algorithm == TW_OPTIMIZER_MMA ? NLOPT_LD_MMA
                                                                  : NLOPT_LD_LBFGS;
    nlopt_opt opt = nlopt_create(alg, (unsigned)nx);
    if (!lb || !ub || !best_x || !gx || !sigma || !xt || !lam || !last || !opt) {
        free(last);
        free(lam);
        free(lb);
        free(ub);
        free(best_x);
        free(gx);
        free(sigma);
        free(xt);
        nlopt_destroy(opt);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    if (lam0)
        memcpy(lam, lam0, g->size * sizeof *lam);
    variable_scales(m, map, sigma);
    for (size_t k = 0; k < nx; k++) {
        lb[k] = map->lower * sigma[k];
        ub[k] = map->upper * sigma[k];
        x[k] = fmin(fmax(x[k], map->lower), map->upper) * sigma[k]; /* now in NLopt's units */
    }
    tw_policy_copy(out, start);
    br_ctx c = {g, ins, map, obj, base, out, eq, opt, rep, -HUGE_VAL, best_x, gx, sigma, xt,
                lam, lam0, TW_OK, last, last + nx, 0.0, 0};
    memcpy(best_x, x, nx * sizeof *x);
    nlopt_set_lower_bounds(opt, lb);
    nlopt_set_upper_bounds(opt, ub);
    nlopt_set_max_objective(opt, br_objective, &c);
    nlopt_set_xtol_rel(opt, g->opt.xtol);
    nlopt_set_xtol_abs1(opt, g->opt.xtol);
    nlopt_set_ftol_rel(opt, g->opt.ftol);
    nlopt_set_maxeval(opt, g->opt.max_evals);
    double fopt = 0.0;
    nlopt_result res = nlopt_optimize(opt, x, &fopt);
    rep->nlopt_code = (int)res;
    /* NLopt returns its best point; re-solve there so that eq and out describe it exactly. */
    if (!(c.best_value > -HUGE_VAL))
        memcpy(best_x, x, nx * sizeof *x);
    for (size_t k = 0; k < nx; k++) /* back to tariffs, exactly within the bounds */
        x[k] = fmin(fmax(best_x[k] / sigma[k], map->lower), map->upper);
    tw_instrument_apply(map, ins, x, base, tw_policy_tariffs(out));
    tw_solver_report sr;
    tw_status st = tw_model_solve(m, g->solver, out, eq, &sr, err);
    if (!st) {
        tw_adjoint_report ar;
        st = tw_game_gradient_own(g, TW_GAME_AFTER_SOLVE, ins->country, out, eq, obj,
                                  &rep->value, g->grad, lam0 ? lam : NULL, &ar, err);
        tw_instrument_pull(map, g->grad, gx);
        rep->kkt_residual = projected_gradient(x, gx, nx, map->lower, map->upper);
    }
    rep->seconds = tw_clock_seconds() - t0;
    /* Convergence is decided on the first-order conditions at the returned point, not on the
     * optimiser's word: L-BFGS often ends with a round-off failure of its line search at a
     * point that is optimal to working precision, and a tolerance on the step can stop early. */
    int ok_code = (res > 0 && res != NLOPT_MAXEVAL_REACHED && res != NLOPT_MAXTIME_REACHED) ||
                  res == NLOPT_ROUNDOFF_LIMITED || res == NLOPT_FAILURE;
    ok_code = ok_code && rep->kkt_residual <= g->opt.kkt_tolerance;
    rep->converged = !st && !c.failure && ok_code && !rep->cancelled;
    free(lb);
    free(ub);
    free(best_x);
    free(gx);
    free(sigma);
    free(xt);
    free(lam);
    free(last);
    nlopt_destroy(opt);
    if (st)
        return st;
    if (c.failure)
        return tw_fail(err, c.failure, NULL, 0, 0, NULL,
                       "an equilibrium or adjoint solve failed during the optimisation");
    if (rep->cancelled)
        return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                       "interrupted: the tariffs reported are the best found so far, not an "
                       "optimum");
    if (!ok_code)
        return tw_fail(err, TW_ERR_NOT_CONVERGED, NULL, 0, 0, NULL,
                       "the optimiser stopped without meeting its tolerance (NLopt code %d "
                       "after %d evaluations; largest free payoff derivative %.3g, tolerance "
                       "%.3g)",
                       (int)res, rep->evaluations, rep->kkt_residual, g->opt.kkt_tolerance);
    return TW_OK;
}

/* Adds the counters of a stage (first) to those of the stage after it (rep), which keeps its
 * own point, value, code and KKT residual. */
static void add_stage(tw_optimize_report *rep, const tw_optimize_report *first)
{
    rep->evaluations += first->evaluations;
    rep->seconds += first->seconds;
    rep->solver_failures += first->solver_failures;
    rep->max_solver_residual = fmax(rep->max_solver_residual, first->max_solver_residual);
    rep->max_adjoint_residual = fmax(rep->max_adjoint_residual, first->max_adjoint_residual);
}

/* The first stage of a best response over several rates: the best single rate on the same
 * tariffs (the uniform instrument with ins's partners, sectors and bounds), whose value every
 * variable of ins then starts from (x). The optimum's rates spread around the single best one
 * (the United States' on icio2022: 13.4-16.1% by sector around the best single rate, 15.4%),
 * so L-BFGS starts close to it with its scaled variables in proportion, instead of finding the
 * common level and the spread at once from today's tariffs: 7 + 28 evaluations instead of 72
 * there, and on ossa2014 payoffs as high (within 1e-12) or higher at fewer evaluations
 * (docs/strategy.md §3). Leaves x as it was if the stage does not
 * converge, and eq at the stage's equilibrium (a warm start either way).
 * @return TW_OK; TW_ERR_NOT_CONVERGED if cancelled (rep says so; out and eq hold the stage's
 * best point); TW_ERR_NOMEM. */
static tw_status single_rate_start(tw_game *g, const tw_instrument *ins, const tw_objective *obj,
                                   const tw_instrument_map *map, const tw_policy *start,
                                   double *x, double *lam0, tw_policy *out, tw_equilibrium *eq,
                                   tw_optimize_report *rep, tw_error *err)
{
    tw_instrument one = *ins;
    one.kind = TW_INSTRUMENT_UNIFORM;
    tw_instrument_map umap;
    tw_status st = tw_instrument_map_build(g->m, &one, &umap, err);
    if (st)
        return st == TW_ERR_NOMEM ? st : TW_OK; /* not expected: ins was valid */
    if (umap.nvar != 1 || umap.len != map->len) { /* not the same tariffs: no first stage */
        tw_instrument_map_free(&umap);
        return TW_OK;
    }
    const double *t = tw_policy_tariffs_const(start);
    double u;
    tw_instrument_read(&umap, &one, t, t, &u, NULL);
    st = tw_best_response_xw(g, &one, obj, &umap, start, t, &u, lam0, out, eq, rep, err);
    tw_instrument_map_free(&umap);
    if (rep->cancelled || st == TW_ERR_NOMEM)
        return st; /* err says which */
    if (st) { /* the full problem starts from start's tariffs, as it would without this stage */
        tw_error_clear(err);
        return TW_OK;
    }
    for (size_t k = 0; k < map->nvar; k++)
        x[k] = u;
    return TW_OK;
}

static tw_status game_best_response(tw_game *g, const tw_instrument *ins, const tw_objective *obj,
                                    const tw_policy *start, tw_policy *out, tw_equilibrium *eq,
                                    tw_optimize_report *rep, tw_error *err)
{
    tw_error_clear(err);
    tw_optimize_report local;
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    if (!g || !ins || !start || !out || !eq || out == start)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_game_best_response: NULL argument, or out is start");
    tw_objective own = {ins->country, NULL};
    if (!obj)
        obj = &own;
    if (obj->country != ins->country)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_game_best_response: the objective must be the instrument's country's");
    tw_instrument_map map;
    tw_status st = tw_instrument_map_build(g->m, ins, &map, err);
    if (st)
        return st;
    double *x = malloc(map.nvar * sizeof *x);
    double *lam0 = calloc(g->size, sizeof *lam0); /* the first adjoint solve starts at zero */
    if (!x || !lam0) {
        free(x);
        free(lam0);
        tw_instrument_map_free(&map);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    const double *t = tw_policy_tariffs_const(start);
    tw_instrument_read(&map, ins, t, t, x, NULL);
    /* Each evaluation's adjoint solve starts from the previous one's solution, which saves
     * nearly a third of the GMRES iterations on icio2022. A warm-started solve stops as soon as
     * its true residual meets its target, whereas one from zero ends its last cycle below it
     * (about 1e-15 on ossa2014 against the default 1e-11): aiming a hundred times below the
     * tolerance keeps the warm-started gradients at least as accurate as those from zero
     * (measured on icio2022, mean error of the derivatives 7e-16 against 1.2e-13, the largest
     * derivative 1.7e-2), at two or three iterations more per solve; the tolerance still
     * decides success. */
    double aim_was = g->adjoint_aim_now;
    g->adjoint_aim_now = TW_BEST_RESPONSE_AIM * g->opt.adjoint_tolerance;
    tw_optimize_report first = {0};
    if (map.nvar > 1)
        st = single_rate_start(g, ins, obj, &map, start, x, lam0, out, eq, &first, err);
    if (!st) {
        st = tw_best_response_xw(g, ins, obj, &map, start, t, x, lam0, out, eq, rep, err);
        add_stage(rep, &first);
    } else {
        *rep = first;
    }
    g->adjoint_aim_now = aim_was;
    free(lam0);
    free(x);
    tw_instrument_map_free(&map);
    return st;
}

tw_status tw_game_instrument_gradient(tw_game *g, const tw_instrument *ins, const tw_policy *p,
                                      const tw_equilibrium *eq, const tw_objective *obj,
                                      double *value, double *gx, tw_adjoint_report *rep,
                                      tw_error *err)
{
    tw_error_clear(err);
    if (!g || !ins || !p || !eq || !obj || !gx)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_game_instrument_gradient: NULL argument");
    tw_instrument_map map;
    tw_status st = tw_instrument_map_build(g->m, ins, &map, err);
    if (st)
        return st;
    st = tw_game_gradient(g, p, eq, obj, value, g->grad, rep, err);
    if (!st || st == TW_ERR_NOT_CONVERGED)
        tw_instrument_pull(&map, g->grad, gx);
    tw_instrument_map_free(&map);
    return st;
}

/* The public entry point: a computation stopped by the cancel flag or the progress callback
 * returns TW_ERR_CANCELLED (its partial result is marked as such in the report). */
tw_status tw_game_best_response(tw_game *g, const tw_instrument *ins, const tw_objective *obj,
                                const tw_policy *start, tw_policy *out, tw_equilibrium *eq,
                                tw_optimize_report *rep, tw_error *err)
{
    tw_status st = game_best_response(g, ins, obj, start, out, eq, rep, err);
    return tw_game_cancel_status(g, st, err);
}
