/* SPDX-License-Identifier: MIT */
/* Talks by IPOPT (interior point) in the reduced space: the variables are the negotiated
 * tariffs (and for equal gains the common gain s), the equilibrium is solved inside each
 * evaluation (tw_talks_evaluate), the players' gain constraints are dense rows whose Jacobian
 * is the adjoint gradients of their payoffs, and the Hessian of the Lagrangian is taken by
 * forward differences of those gradients.
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
    int hess_evaluations; /* the evaluations of the Hessians (not counted in the cap) */
    double *hd;           /* [n][n] the differences of the gradients, one column a tariff */
    double *dv0, *v0, *xh; /* the cache at the Hessian's point; a column's point */
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

/* The Hessian of IPOPT's Lagrangian, obj_factor f + sum_p lambda_p g_p (lower triangle,
 * dense), by forward differences of the payoffs' adjoint gradients: one evaluation (a warm
 * re-solve and np adjoints) per tariff; s enters linearly. With H_p the Hessian of V_p, equal
 * gains give sum_p lambda_p GAIN_SCALE / V_p^threat H_p, and bargaining (f = -sum_p beta_p
 * ln G_p, G_p = V_p - V_p^threat) sum_p (lambda_p - obj_factor beta_p / G_p) H_p +
 * obj_factor sum_p beta_p / G_p^2 dV_p dV_p'. The step 1e-5 (a thousandth of a point of
 * tariff) keeps the truncation error (1e-5 of the third derivative) and the error from the
 * adjoints' tolerance (1e-11 relative, divided by the step: 1e-6) both small. Why not IPOPT's
 * limited-memory approximation: docs/strategy.md §6 (it never met the KKT rule on ossa2014). */
static Bool eval_h(Index n, Number *x, Bool new_x, Number obj_factor, Index m, Number *lambda,
                   Bool new_lambda, Index nele, Index *row, Index *col, Number *val,
                   UserDataPtr data)
{
    ipopt_run *r = data;
    talks *t = r->t;
    if (!val) {
        size_t e = 0;
        for (Index i = 0; i < n; i++)
            for (Index j = 0; j <= i; j++, e++) {
                row[e] = i;
                col[e] = j;
            }
        return TRUE;
    }
    size_t nt = t->n;
    if (tw_talks_evaluate(t, x))
        return FALSE;
    memcpy(r->dv0, t->dv, (size_t)m * nt * sizeof *r->dv0);
    memcpy(r->v0, t->v, (size_t)m * sizeof *r->v0);
    double w[TW_TALKS_KKT_MAX_PLAYERS];
    for (Index p = 0; p < m; p++)
        w[p] = r->rule == TW_TALKS_EQUAL_GAINS
                   ? lambda[p] * GAIN_SCALE / t->vthr[p]
                   : lambda[p] - obj_factor * t->beta[p] / fmax(t->v[p] - t->vthr[p], 1e-300);
    memcpy(r->xh, x, (size_t)n * sizeof *x);
    int before = t->rep->evaluations;
    for (size_t k = 0; k < nt; k++) {
        double h = 1e-5;
        r->xh[k] = x[k] + h;
        if (tw_talks_evaluate(t, r->xh))
            return FALSE;
        r->xh[k] = x[k];
        double *hk = r->hd + k * nt;
        for (size_t i = 0; i < nt; i++) {
            double a = 0.0;
            for (Index p = 0; p < m; p++)
                a += w[p] * (t->dv[(size_t)p * nt + i] - r->dv0[(size_t)p * nt + i]);
            hk[i] = a / h;
        }
    }
    r->hess_evaluations += t->rep->evaluations - before;
    /* The cache describes x again (t->pol and t->eq stay at the last column's point, from
     * which the next new point is solved). */
    memcpy(t->dv, r->dv0, (size_t)m * nt * sizeof *t->dv);
    memcpy(t->v, r->v0, (size_t)m * sizeof *t->v);
    memcpy(t->xc, x, nt * sizeof *x);
    t->have = 1;
    size_t e = 0;
    for (Index i = 0; i < n; i++)
        for (Index j = 0; j <= i; j++, e++) {
            if ((size_t)i >= nt) {
                val[e] = 0.0;
                continue;
            }
            double hij = 0.5 * (r->hd[(size_t)i * nt + j] + r->hd[(size_t)j * nt + i]);
            if (r->rule == TW_TALKS_NASH_BARGAINING)
                for (Index p = 0; p < m; p++) {
                    double gp = fmax(t->v[p] - t->vthr[p], 1e-300);
                    hij += obj_factor * t->beta[p] / (gp * gp) * t->dv[(size_t)p * nt + i] *
                           t->dv[(size_t)p * nt + j];
                }
            val[e] = hij;
        }
    return TRUE;
}

/* After every iteration: FALSE stops IPOPT (status 5, user requested stop) when a solve
 * failed, the talks were cancelled (the progress callback or the cancel flag, checked in
 * tw_talks_evaluate), the run spent its evaluations (the game's max_evals, not counting the
 * Hessians') or as many iterations (max_iter alone does not end IPOPT's restoration phase,
 * which may iterate at one point without evaluating), or the dual infeasibility is not a
 * number. */
static Bool intermediate(Index alg_mod, Index iter, Number obj, Number inf_pr, Number inf_du,
                         Number mu, Number d_norm, Number reg, Number alpha_du, Number alpha_pr,
                         Index ls_trials, UserDataPtr data)
{
    ipopt_run *r = data;
    talks *t = r->t;
    int evaluations = t->rep->evaluations - r->hess_evaluations;
    return !t->failure && !t->rep->cancelled && evaluations < r->max_evaluations &&
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
    ok &= AddIpoptIntOption(nlp, "max_iter", max_iter);
    ok &= AddIpoptNumOption(nlp, "tol", 1e-12);
    ok &= AddIpoptNumOption(nlp, "dual_inf_tol", 1e-7);
    ok &= AddIpoptNumOption(nlp, "constr_viol_tol",
                            rule == TW_TALKS_EQUAL_GAINS ? 1e-8 : 1e-11);
    /* A tariff that ends at its bound is, in an interior method, at mu / z from it; the KKT
     * rule measures that distance, so the barrier must go far down: complementarity to
     * 1e-12 (at 1e-9 the rule stopped at 1.3e-6 on ossa2014's CHN-USA talks, at 1e-12 2.4e-8).
     * The start (today's tariffs, many of them zero or near the bound at the deal) is pushed
     * inside by at most 1e-8, and the barrier starts at 1e-5 rather than 0.1, which would
     * first move every tariff to the middle of its range. */
    ok &= AddIpoptNumOption(nlp, "compl_inf_tol", 1e-12);
    ok &= AddIpoptNumOption(nlp, "mu_init", 1e-5);
    ok &= AddIpoptNumOption(nlp, "bound_push", 1e-8);
    ok &= AddIpoptNumOption(nlp, "bound_frac", 1e-8);
    /* No stop at a merely "acceptable" point: the KKT rule decides, and it needs the above. */
    ok &= AddIpoptIntOption(nlp, "acceptable_iter", 0);
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
    IpoptProblem nlp = CreateIpoptProblem(
        (Index)nx, lb, ub, (Index)np, gl, gu, (Index)((size_t)np * nx),
        (Index)((size_t)nx * (nx + 1) / 2), 0, eval_f, eval_g, eval_grad_f, eval_jac_g, eval_h);
    ipopt_run r = {.t = t, .rule = rule, .nx = nx,
                   .max_evaluations = t->rep->evaluations + t->g->opt.max_evals,
                   .max_iterations = t->g->opt.max_evals};
    r.hd = malloc(t->n * t->n * sizeof *r.hd);
    r.dv0 = malloc((size_t)np * t->n * sizeof *r.dv0);
    r.v0 = malloc((size_t)np * sizeof *r.v0);
    r.xh = malloc(nx * sizeof *r.xh);
    nlopt_result res = NLOPT_OUT_OF_MEMORY;
    if (nlp && r.hd && r.dv0 && r.v0 && r.xh && set_options(nlp, rule, t->g->opt.max_evals) &&
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
    free(r.hd);
    free(r.dv0);
    free(r.v0);
    free(r.xh);
    free(lb);
    free(ub);
    free(gf);
    return res;
}
