/* SPDX-License-Identifier: MIT */
/* Talks by IPOPT (interior point, limited-memory quasi-Newton) in the reduced space: the
 * variables are the negotiated tariffs (and for equal gains the common gain s), the
 * equilibrium is solved inside each evaluation (tw_talks_evaluate), and the players' gain
 * constraints are dense rows whose Jacobian is the adjoint gradients of their payoffs.
 * IPOPT's own convergence test only ends the run: the talks converge when its last point
 * meets the KKT stopping rule of talks_kkt.c, as MMA's do (docs/strategy.md §6). */
#include <IpStdCInterface.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strategy/talks_run.h"

/* A run: the talks, its rule and size, and the evaluations it may spend. */
typedef struct ipopt_run {
    talks *t;
    tw_talks_rule rule;
    unsigned nx;
    int max_evaluations; /* t->rep->evaluations at which the run stops */
    int max_iterations;
} ipopt_run;

/* Bargaining's objective, sum_p beta_p ln(V_p - V_p^threat), is defined only where every
 * gain is positive: elsewhere IPOPT is told the evaluation failed, and it shortens its step
 * (the equal-gains start is inside). NLopt's clamp at 1e-300 would give IPOPT gradients of
 * 1e300 and then NaN. @return 1 when x can be evaluated. */
static int defined_at(ipopt_run *r, const double *x)
{
    talks *t = r->t;
    if (tw_talks_evaluate(t, x))
        return 0;
    for (int p = 0; r->rule == TW_TALKS_NASH_BARGAINING && p < t->w->np; p++)
        if (!(t->v[p] > t->vthr[p]))
            return 0;
    return 1;
}

/* IPOPT minimises: the rule's objective with the sign changed. */
static Bool eval_f(Index n, Number *x, Bool new_x, Number *obj, UserDataPtr data)
{
    ipopt_run *r = data;
    if (!defined_at(r, x))
        return FALSE;
    double f = tw_talks_objective(r->t, r->rule, (unsigned)n, x, NULL);
    if (!isfinite(f))
        return FALSE;
    *obj = -f;
    return TRUE;
}

static Bool eval_grad_f(Index n, Number *x, Bool new_x, Number *grad, UserDataPtr data)
{
    ipopt_run *r = data;
    if (!defined_at(r, x) || !isfinite(tw_talks_objective(r->t, r->rule, (unsigned)n, x, grad)))
        return FALSE;
    for (Index k = 0; k < n; k++) {
        grad[k] = -grad[k];
        if (!isfinite(grad[k]))
            return FALSE;
    }
    return TRUE;
}

/* The gain constraints g_p(x), with their bounds set in tw_talks_run_ipopt: equal gains
 * GAIN_SCALE (V_p / V_p^threat - 1) - s = 0 (Ossa's equalities); bargaining
 * V_p - V_p^threat >= 0. */
static Bool eval_g(Index n, Number *x, Bool new_x, Index m, Number *g, UserDataPtr data)
{
    ipopt_run *r = data;
    talks *t = r->t;
    if (tw_talks_evaluate(t, x))
        return FALSE;
    for (Index p = 0; p < m; p++)
        g[p] = r->rule == TW_TALKS_EQUAL_GAINS
                   ? GAIN_SCALE * (t->v[p] / t->vthr[p] - 1.0) - x[n - 1]
                   : t->v[p] - t->vthr[p];
    return TRUE;
}

/* The dense Jacobian, row by row (row p, column k at p * n + k). */
static Bool eval_jac_g(Index n, Number *x, Bool new_x, Index m, Index nele, Index *row,
                       Index *col, Number *val, UserDataPtr data)
{
    ipopt_run *r = data;
    talks *t = r->t;
    if (!val) {
        for (Index p = 0; p < m; p++)
            for (Index k = 0; k < n; k++) {
                row[(size_t)p * n + k] = p;
                col[(size_t)p * n + k] = k;
            }
        return TRUE;
    }
    if (tw_talks_evaluate(t, x))
        return FALSE;
    for (Index p = 0; p < m; p++) {
        const double *dv = t->dv + (size_t)p * t->n;
        Number *out = val + (size_t)p * n;
        double scale = r->rule == TW_TALKS_EQUAL_GAINS ? GAIN_SCALE / t->vthr[p] : 1.0;
        for (size_t k = 0; k < t->n; k++)
            out[k] = scale * dv[k];
        if (r->rule == TW_TALKS_EQUAL_GAINS)
            out[n - 1] = -1.0;
    }
    return TRUE;
}

/* Never called: the Hessian is IPOPT's limited-memory approximation (set_options). */
static Bool eval_h(Index n, Number *x, Bool new_x, Number obj_factor, Index m, Number *lambda,
                   Bool new_lambda, Index nele, Index *row, Index *col, Number *val,
                   UserDataPtr data)
{
    return FALSE;
}

/* After every iteration: FALSE stops IPOPT (status 5, user requested stop) when a solve
 * failed, the talks were cancelled (the progress callback or the cancel flag, checked in
 * tw_talks_evaluate), the run spent its evaluations or its iterations (max_iter alone does
 * not end IPOPT's restoration phase, which may iterate at one point without evaluating),
 * or the dual infeasibility is not a number. */
static Bool intermediate(Index alg_mod, Index iter, Number obj, Number inf_pr, Number inf_du,
                         Number mu, Number d_norm, Number reg, Number alpha_du, Number alpha_pr,
                         Index ls_trials, UserDataPtr data)
{
    ipopt_run *r = data;
    talks *t = r->t;
    return !t->failure && !t->rep->cancelled && t->rep->evaluations < r->max_evaluations &&
           iter < r->max_iterations && isfinite(inf_du);
}

/* IPOPT's options. Its own test (tol, on the scaled NLP error) is set somewhat tighter than
 * the KKT rule's 1e-6, so that when it stops the rule has usually been met; its absolute
 * tests on the unscaled problem likewise (constraints to 1e-8 of the gains' 1e-6 in units of
 * 1 / GAIN_SCALE, and bargaining's 1e-10 on V within 1e-11). "acceptable" points (a looser
 * test met for 15 iterations) also end the run; the KKT rule then decides. */
static int set_options(IpoptProblem nlp, tw_talks_rule rule, int max_iter)
{
    int ok = AddIpoptIntOption(nlp, "print_level", 0);
    ok &= AddIpoptStrOption(nlp, "sb", "yes"); /* no banner on standard output */
    ok &= AddIpoptStrOption(nlp, "hessian_approximation", "limited-memory");
    /* The quasi-Newton matrix starts at 100 I, not at IPOPT's default (a scalar from the
     * first step along the gradient): from there the first steps moved tariffs by 60-140
     * points on ossa2014. Measured on its seven regions, 500 evaluations: 100 I reached
     * equal gains of 0.5035%, 1000 I 0.447%, the default (with mu_strategy adaptive)
     * 0.310%; none met the KKT rule (docs/strategy.md §6). */
    ok &= AddIpoptStrOption(nlp, "limited_memory_initialization", "constant");
    ok &= AddIpoptNumOption(nlp, "limited_memory_init_val", 100.0);
    ok &= AddIpoptIntOption(nlp, "max_iter", max_iter);
    ok &= AddIpoptNumOption(nlp, "tol", 1e-9);
    ok &= AddIpoptNumOption(nlp, "dual_inf_tol", 1e-7);
    ok &= AddIpoptNumOption(nlp, "constr_viol_tol",
                            rule == TW_TALKS_EQUAL_GAINS ? 1e-8 : 1e-11);
    ok &= AddIpoptNumOption(nlp, "compl_inf_tol", 1e-9);
    return ok;
}

/* The KKT rule at IPOPT's last point x. @return 1 when it is met. */
static int check(talks *t, tw_talks_rule rule, unsigned nx, const double *x, double *lb,
                 double *ub, double *gf)
{
    int np = t->w->np;
    double *c = malloc((size_t)np * sizeof *c), *gc = malloc((size_t)np * nx * sizeof *gc);
    int ok = 0;
    if (c && gc && isfinite(tw_talks_objective(t, rule, nx, x, gf))) {
        t->run_rule = rule;
        t->lb = lb;
        t->ub = ub;
        t->c = c;
        t->gc = gc;
        ok = tw_talks_kkt_met(t, nx, x, gf);
    }
    t->lb = t->ub = NULL;
    t->c = t->gc = NULL;
    free(c);
    free(gc);
    return ok;
}

nlopt_result tw_talks_run_ipopt(talks *t, tw_talks_rule rule, double *x, double *fopt)
{
    int np = t->w->np;
    unsigned nx = (unsigned)t->n + (rule == TW_TALKS_EQUAL_GAINS);
    double *lb = malloc(nx * sizeof *lb), *ub = malloc(nx * sizeof *ub);
    double *gf = malloc(nx * sizeof *gf);
    double gl[TW_TALKS_KKT_MAX_PLAYERS], gu[TW_TALKS_KKT_MAX_PLAYERS];
    memset(&t->kkt, 0, sizeof t->kkt);
    t->ipopt_status = 0;
    if (!lb || !ub || !gf || np > TW_TALKS_KKT_MAX_PLAYERS) {
        free(lb);
        free(ub);
        free(gf);
        return NLOPT_OUT_OF_MEMORY;
    }
    tw_talks_bounds(t, rule, nx, lb, ub);
    for (int p = 0; p < np; p++) {
        gl[p] = 0.0;
        gu[p] = rule == TW_TALKS_EQUAL_GAINS ? 0.0 : 2e19; /* above nlp_upper_bound_inf */
    }
    IpoptProblem nlp = CreateIpoptProblem((Index)nx, lb, ub, (Index)np, gl, gu,
                                          (Index)((size_t)np * nx), 0, 0, eval_f, eval_g,
                                          eval_grad_f, eval_jac_g, eval_h);
    ipopt_run r = {.t = t, .rule = rule, .nx = nx,
                   .max_evaluations = t->rep->evaluations + t->g->opt.max_evals,
                   .max_iterations = t->g->opt.max_evals};
    nlopt_result res = NLOPT_OUT_OF_MEMORY;
    if (nlp && set_options(nlp, rule, t->g->opt.max_evals) &&
        SetIntermediateCallback(nlp, intermediate)) {
        double obj = 0.0;
        t->ipopt_status = (int)IpoptSolve(nlp, x, NULL, &obj, NULL, NULL, NULL, &r);
        *fopt = -obj;
        if (t->failure || t->rep->cancelled)
            res = NLOPT_FORCED_STOP;
        else
            res = check(t, rule, nx, x, lb, ub, gf) ? NLOPT_SUCCESS : NLOPT_MAXEVAL_REACHED;
    }
    if (nlp)
        FreeIpoptProblem(nlp);
    free(lb);
    free(ub);
    free(gf);
    return res;
}
