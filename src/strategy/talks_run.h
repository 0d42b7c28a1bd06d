/* SPDX-License-Identifier: MIT */
/* The state of one talks computation, shared by the NLopt methods (talks.c) and IPOPT
 * (talks_ipopt.c): the cached payoffs and gradients at a point, the bounds and constraints of
 * the run, and the KKT stopping rule both decide convergence with. */
#ifndef TW_STRATEGY_TALKS_RUN_H
#define TW_STRATEGY_TALKS_RUN_H

#include <nlopt.h>
#include <stddef.h>

#include "strategy/game_internal.h"
#include "strategy/strategy_internal.h"
#include "strategy/talks_internal.h"

/* Gains of real income are small numbers (1e-3); the common gain s is carried in units of
 * 1 / GAIN_SCALE so that the optimisers' steps and tolerances see numbers of order one. */
#define GAIN_SCALE 1000.0

/* The stopping rule of MMA and IPOPT (docs/strategy.md "Trade talks"): the projected
 * gradient of the Lagrangian at most KKT_TOL of its largest term; every constraint within
 * its tolerance (the same as SLSQP's, tw_talks_constraint_tol); complementary slackness
 * mu_p |c_p| within it too; for equal gains the gains within it of each other. */
#define KKT_TOL 1e-6

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
    nlopt_opt opt;       /* the NLopt run in progress (NULL under IPOPT) */
    tw_talks_report *rep;
    /* MMA and IPOPT: the bounds, the constraints' values and gradients at a point, the rule
     * of the run, and the first point that met the KKT stopping rule. */
    tw_talks_method method;
    tw_talks_rule run_rule;
    const double *lb, *ub;
    double *c, *gc, *acc;
    int accepted;
    double s_max;
    tw_talks_kkt_report kkt;
    int ipopt_status;    /* IPOPT's ApplicationReturnStatus of the last IPOPT run */
} talks;

/* Solves the equilibrium at x and differentiates every player's payoff (cached per x).
 * @return 0, or -1 (a failed solve: t->failure; or cancelled: t->rep->cancelled). */
int tw_talks_evaluate(talks *t, const double *x);

/* The rule's objective to maximise at x (nx = t->n, + 1 for equal gains: s last) and, when
 * grad is not NULL, its gradient [nx]. Evaluates x. On failure returns -HUGE_VAL. */
double tw_talks_objective(talks *t, tw_talks_rule rule, unsigned nx, const double *x,
                          double *grad);

/* The constraints c_p <= 0 of the run's rule (t->run_rule) and their gradients into t->c and
 * t->gc [np][nx], from the payoffs cached at x. */
void tw_talks_constraints_at(talks *t, unsigned nx, const double *x);

/* Tolerance on each constraint: equal gains 1e-6 in units of 1 / GAIN_SCALE (gains equal to
 * 1e-9), bargaining 1e-10 on V_p >= V_p^threat. */
double tw_talks_constraint_tol(tw_talks_rule rule);

/* The KKT residual of the run's rule at x (evaluated, with the objective's gradient gf) into
 * t->kkt, with t->lb, t->ub, t->c and t->gc set. @return 1 when x meets the stopping rule. */
int tw_talks_kkt_met(talks *t, unsigned nx, const double *x, const double *gf);

/* Bounds of the run's variables [nx]: each tariff's instrument bounds, and for equal gains s
 * in [-GAIN_SCALE, 10 GAIN_SCALE] (a gain between -100% and +1000%: never binding). */
void tw_talks_bounds(const talks *t, tw_talks_rule rule, unsigned nx, double *lb, double *ub);

/* One IPOPT run of the rule's problem from x (nx = t->n, + 1 for equal gains), in place:
 * x receives IPOPT's last point. The run's outcome for the caller is in NLopt's terms:
 * NLOPT_SUCCESS when that point meets the KKT stopping rule (tw_talks_kkt_met), whatever
 * IPOPT says; NLOPT_MAXEVAL_REACHED when it does not; NLOPT_FORCED_STOP when a solve failed
 * or the run was cancelled; NLOPT_OUT_OF_MEMORY. IPOPT's own status is in t->ipopt_status. */
nlopt_result tw_talks_run_ipopt(talks *t, tw_talks_rule rule, double *x, double *fopt);

#endif
