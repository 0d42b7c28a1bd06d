/* SPDX-License-Identifier: MIT */
/* Talks' optimisers (talks.c) and the KKT residual of the bargaining problem (talks_kkt.c). */
#ifndef TW_STRATEGY_TALKS_INTERNAL_H
#define TW_STRATEGY_TALKS_INTERNAL_H

#include <stddef.h>

#include "tradewar/strategy.h"

/* Which optimiser: AUTO is SLSQP up to TW_TALKS_SLSQP_MAX variables, TW_TALKS_AUTO_LARGE
 * above. MMA (NLopt) and IPOPT (talks_ipopt.c) stop on the KKT rule (talks_kkt.c). */
typedef enum tw_talks_method {
    TW_TALKS_METHOD_AUTO = 0,
    TW_TALKS_METHOD_SLSQP,
    TW_TALKS_METHOD_MMA,
    TW_TALKS_METHOD_IPOPT
} tw_talks_method;

/* The method AUTO gives problems above TW_TALKS_SLSQP_MAX. */
#define TW_TALKS_AUTO_LARGE TW_TALKS_METHOD_MMA

/* Largest problem (tariffs + 1) that AUTO gives to SLSQP: 199 (three players of Ossa's 33
 * industries, 24 s; SLSQP's dense iterations cost about n^3). */
#define TW_TALKS_SLSQP_MAX 199
/* The KKT residual enumerates subsets of active constraints: at most this many players. */
#define TW_TALKS_KKT_MAX_PLAYERS 12

typedef struct tw_talks_kkt_report {
    double mu[TW_TALKS_KKT_MAX_PLAYERS]; /* multipliers of c_p <= 0 */
    double stationarity;    /* |projected grad of the Lagrangian|_inf / its largest term */
    double infeasibility;   /* max_p c_p (<= 0: feasible) */
    double complementarity; /* max_p mu_p |c_p| */
    tw_talks_method method; /* the optimiser that ran (set by tw_game_talks_method) */
} tw_talks_kkt_report;

/* KKT residual of max f subject to c_p <= 0 (p < np) and lb <= x <= ub at x (nx variables),
 * with gf = grad f [nx], c [np], gc = grad c [np][nx]; constraints below -ctol are inactive.
 * @return 0, or -1 (np out of range, out of memory). */
int tw_talks_kkt(size_t nx, int np, const double *x, const double *lb, const double *ub,
                 const double *gf, const double *c, const double *gc, double ctol,
                 tw_talks_kkt_report *out);

/* tw_game_talks with a chosen optimiser (tests compare MMA with SLSQP on small cases). */
tw_status tw_game_talks_method(tw_game *g, const tw_instrument *players, int n_players,
                               const tw_objective *objs, const tw_talks_options *opts,
                               tw_talks_method method, const tw_policy *threat, tw_policy *deal,
                               tw_equilibrium *eq, double *w_threat, double *w_deal,
                               tw_talks_report *rep, tw_talks_kkt_report *kkt, tw_error *err);

#endif
