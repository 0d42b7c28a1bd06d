/* SPDX-License-Identifier: MIT */
/* Internal layout of the model, its policy states and equilibria (docs/model.md). The model
 * layer owns the equations; the solve layer drives iterations over them. */
#ifndef TW_MODEL_INTERNAL_H
#define TW_MODEL_INTERNAL_H

#include <stdatomic.h>

#include "data/world_internal.h"
#include "tradewar/model.h"

/* Per-solver scratch of the map and the solver (model/workspace.h). */
typedef struct tw_workspace tw_workspace;

struct tw_policy {
    tw_dims d;
    double *tariff;     /* [j][n][i] levels */
    double *iceberg;    /* [j][n][i] hats relative to the data, +inf = embargo */
    double *export_tax; /* [j][n][i] levels */
    double *quota;      /* [j][n][i] caps on the flow's border value, +inf = none */
    unsigned char *quota_rent; /* [j][n][i] tw_rent_holder of each quota */
    /* Which arrays may hold an entry other than their default (tw_policy_kind bits): set
     * whenever an array is handed out writable (its accessor) or written by the library,
     * never cleared. A clear bit lets each solve skip reading that array (its validation,
     * the coefficients, the policy in force): most policies are tariffs only. */
    unsigned kinds;
    /* Optional (NULL: none): where each entry was set, by shock files and scenario events
     * (model/provenance.h); owned. */
    struct tw_provenance *prov;
};

/* Bits of tw_policy.kinds. Tariffs have none: every solve reads them. */
typedef enum tw_policy_kind {
    TW_POLICY_EXPORT_TAX = 1, /* export_tax may be other than +0 */
    TW_POLICY_ICEBERG = 2,    /* iceberg may be other than 1 */
    TW_POLICY_QUOTA = 4,      /* quota may be finite, quota_rent other than 0 */
    TW_POLICY_ALL = 7
} tw_policy_kind;

/* Records that p's arrays of kinds may now hold other than their defaults: every writer of
 * those arrays outside their accessors calls it. */
static inline void tw_policy_mark(tw_policy *p, unsigned kinds) { p->kinds |= kinds; }

/* The policy an equilibrium was solved for ("in force"): written once by the solve that made
 * it, then never again, so copies of the equilibrium share it (tw_equilibrium_copy takes a
 * reference and allocates nothing). The arrays that are at their defaults everywhere are
 * NULL, to keep memory per bilateral-sector entry low (docs/model.md §5). */
typedef struct tw_in_force {
    _Atomic int refs;
    double *tariff;     /* [j][n][i] tariff levels */
    double *export_tax; /* [j][n][i] export-tax levels, NULL: 0 everywhere */
    double *iceberg;    /* [j][n][i] iceberg hats, NULL: 1 everywhere */
    /* With quotas (NULL without): the shadow wedge of binding quotas (0.3 = 30%, 0 elsewhere;
     * written by the solve's map, tw_quota_write_eq) and each flow's rent holder. */
    double *quota_wedge;
    unsigned char *quota_holder;
} tw_in_force;

/* An equilibrium relative to the data ("hats" are ratios to the data's values). */
struct tw_equilibrium {
    tw_dims d;
    int solved;
    double *w_hat;  /* [n] */
    double *c_hat;  /* [n][j] unit-cost change */
    double *p_hat;  /* [n][j] sectoral price-index change */
    double *x;      /* [n][j] expenditure level X'_n^j (money unit) */
    double *pi;     /* [j][n][i] trade shares */
    /* The policy in force (shared, read-only) and views of its arrays (NULL as there). */
    tw_in_force *in_force;
    const double *tariff;     /* [j][n][i] tariff levels in force */
    const double *export_tax; /* [j][n][i] export-tax levels in force, or NULL (0) */
    const double *iceberg;    /* [j][n][i] iceberg hats in force, or NULL (1) */
    double *income;     /* [n] I'_n */
    double *revenue;    /* [n] import-tariff revenue */
    double *xrevenue;   /* [n] export-tax revenue */
    double *deficit;    /* [n] D'_n */
    double *output;     /* [n][j] gross output at producer prices */
    double *cpi_hat;    /* [n] consumer price index change */
    double *quota_wedge; /* [j][n][i] in_force's wedges, or NULL (0: no quotas) */
    double *quota_rent;  /* [n] quota rents received (included in revenue or xrevenue) */
    const unsigned char *quota_holder; /* [j][n][i] in_force's rent holders, or NULL */
    double *l_hat;      /* [n] employment change (1 without labour supply, model/liberation.h) */
    tw_solver_report report;
};

/* Entry at of an equilibrium's optional arrays, with their defaults. */
static inline double tw_eq_export_tax(const tw_equilibrium *e, size_t at)
{
    return e->export_tax ? e->export_tax[at] : 0.0;
}
static inline double tw_eq_iceberg(const tw_equilibrium *e, size_t at)
{
    return e->iceberg ? e->iceberg[at] : 1.0;
}
static inline double tw_eq_quota_wedge(const tw_equilibrium *e, size_t at)
{
    return e->quota_wedge ? e->quota_wedge[at] : 0.0;
}

/* A policy in force for p, with a quota wedge array if quotas is set (model/model.c); NULL:
 * out of memory. Its one reference is the caller's. */
tw_in_force *tw_in_force_create(const tw_policy *p, int quotas);
/* Drops a reference (NULL: nothing); the last one frees it. */
void tw_in_force_release(tw_in_force *f);
/* Makes f eq's policy in force (taking over the caller's reference) and releases eq's
 * previous one. */
void tw_equilibrium_set_in_force(tw_equilibrium *eq, tw_in_force *f);

/* Per-policy coefficients, computed once per solve (docs/model.md §5: what does not change in
 * the iteration is computed before it). */
typedef struct tw_coeffs {
    double *a;     /* [j][n][i] pi0 * kappa_hat^-theta */
    double *b;     /* [j][n][i] a / ((1 + tariff)(1 + export tax)): producer's share */
    double *r;     /* [j][n][i] a * tariff / (1 + tariff): importer's revenue share */
    double *e;     /* [j][n][i] a * tx / ((1 + tariff)(1 + tx)): exporter's tax share, or NULL */
    int has_export_tax;
    /* Quotas (src/model/quota.c): the flows with a finite cap, in [j][n][i] order. Their a, b,
     * r, e above are rewritten by every map evaluation from the wedge in the state. */
    int nq, nq_alloc;
    size_t *q_at;          /* index [j][n][i] of the flow */
    int *q_n, *q_i, *q_j;  /* importer, exporter, sector */
    double *q_cap;         /* cap on the border value (money unit) */
    double *q_a0;          /* a without the quota's wedge */
    double *q_t, *q_tx;    /* the policy's tariff and export tax on the flow */
    unsigned char *q_rent; /* tw_rent_holder */
    int quota_broken;      /* the list could not be built: the map's residual is infinite */
} tw_coeffs;

struct tw_model {
    const tw_world *w;
    /* With the theta option: the view of the world m works on (m->w points to it); it shares
     * the world's arrays but theta, which it owns. NULL otherwise. */
    struct tw_world *theta_view;
    tw_dims d;
    tw_model_options opt; /* input nests borrowed during creation only: not kept */
    double *pi0;      /* [j][n][i] data trade shares */
    double *x0;       /* [n][j] data absorption */
    double *wl;       /* [n] data value added */
    double *d_base;   /* [n] deficits of the closure's baseline */
    double *d_share;  /* [n] D_n / wL_n for the proportional closure */
    double *psi;      /* [n] wage-step preconditioner 1 / (1 + labour-demand elasticity) */
    double *h;        /* [n][j] own-wage cost elasticity through the domestic IO loop */
    double *xscale;   /* [n] scale of a country's expenditures in the solver's state */
    /* 1 if some sector bought by some country has no source in the data (the check of
     * tw_policy_validate with no embargo anywhere: policy-independent, so made once). */
    int unsourced;
    /* [j][n] 1 if n buys sector j from no other country in the data (pi0 is 0 off its own
     * entry: a non-traded sector), so the trade block's row has one entry; NULL if no row is
     * so. */
    unsigned char *own_only;
    struct tw_production *prod; /* CES input nests (model/production.h) */
    struct tw_specific *spec;   /* sector-specific factors (model/specific.h), or NULL */
    /* The map's blocks (model/blocks.h): chosen with the production variant by
     * tw_production_setup. */
    const struct tw_map_type *map;
    /* Political-economy weights lambda [n][j] of the governments' payoffs (the world's, with
     * the political_economy option; src/strategy/political.c), or NULL. */
    const double *political;
    /* Today's policy, for the baseline solve inside tw_model_create only (NULL after it:
     * tw_policy_create makes it from the world's tariffs). */
    tw_policy *base_policy;
    tw_equilibrium *base;
    /* Everything that changes while solving (coefficients of the policy being solved, the
     * map's scratch, iterates, diagnostics) lives in a tw_solver and its tw_workspace, one per
     * thread: after tw_model_create returns, the model is never written again. */
};

/* Fills ws->k for policy p (and, if the quota list is not p's, rebuilds it: see
 * tw_model_quotas_prepare; the state size then follows p's quotas). */
void tw_model_coeffs(const tw_model *m, tw_workspace *ws, const tw_policy *p);

/* The state vector the solver iterates on: [ln w_hat (n) | ln c_hat (nj) | X / xscale (nj) |
 * ln(1 + quota wedge) (one per quota in ws->k)]. */
size_t tw_model_state_size(const tw_model *m, const tw_workspace *ws);

/* One application of the equilibrium map z -> G(z) (docs/model.md §5), and the residual of
 * eqs. (1), (4), (6), (7) and the quotas' complementarity at z (largest relative violation):
 * the composition of m->map's blocks (model/blocks.h). Uses ws->k (call tw_model_coeffs
 * first) and ws's scratch. gz may be NULL (residual only). If eq is not NULL, it receives the
 * equilibrium quantities implied by z. */
double tw_model_map(const tw_model *m, tw_workspace *ws, const double *z, double *gz,
                    tw_equilibrium *eq);
/* The equilibrium quantities implied by z into eq, from ws's intermediates, which must be those
 * of the last tw_model_map, evaluated at z: what tw_model_map(m, ws, z, NULL, eq) writes,
 * without evaluating the map again. */
void tw_model_write_equilibrium(const tw_model *m, const tw_workspace *ws, const double *z,
                                tw_equilibrium *eq);

/* Collects the quotas of policy p into ws->k (growing the workspace if the state grows; never
 * during iterations). Call before tw_model_coeffs. @return TW_OK or TW_ERR_NOMEM. */
tw_status tw_model_quotas_prepare(const tw_model *m, tw_workspace *ws, const tw_policy *p);
/* Fills eq->quota_wedge and eq->quota_rent for state zq. */
void tw_quota_write_eq(const tw_model *m, const tw_workspace *ws, const double *zq,
                       const double *X, const double *cpow, const double *inv_s,
                       tw_equilibrium *eq);

/* Writes eq's state into z, or the baseline's state if eq is not solved. */
void tw_model_state_from(const tw_model *m, const tw_workspace *ws, const tw_equilibrium *eq,
                         double *z);

#endif
