/* SPDX-License-Identifier: MIT */
/* The equilibrium map as a composition of equation blocks (docs/model.md §5a). Each block
 * implements a group of equations with a forward function (its outputs from its inputs, and
 * the residual of its equations) and a reverse function (the transposed Jacobian of its outputs
 * with respect to its inputs applied to the bars of its outputs: a vector-Jacobian product).
 * Blocks talk only through named arrays: primal values in the workspace (model/workspace.h),
 * bars in tw_map_adjoint below, with the same names. A model variant is a different list of
 * blocks (tw_map_type); the map, its reverse, the solver and the strategy layer see only the
 * composition. */
#ifndef TW_MODEL_BLOCKS_H
#define TW_MODEL_BLOCKS_H

#include "model/adjoint.h"
#include "model/model_internal.h"
#include "model/workspace.h"

/* Bars (adjoints) of the map's intermediates, named after the primal arrays of the workspace.
 * A block's reverse reads the bars of its outputs and adds into the bars of its inputs (it never
 * overwrites an input bar: several blocks may read the same array). The composition zeroes them
 * before a reverse pass (tw_map_adjoint_zero), all but the trade block's own bars s_sum, rs_sum,
 * acc, xacc and the scratch arrays, which their blocks write before reading. */
struct tw_map_adjoint {
    double *x;            /* [n][j] expenditure X (clamped state) */
    double *what;         /* [n] w_hat = exp(ln w_hat) */
    double *lnp, *rho, *y; /* [n][j] ln P_hat, tariff revenue per unit spent, gross output */
    double *rev, *xrev;   /* [n] tariff revenue, export-tax revenue (and quota rents) */
    /* Trade block, per (j, n): bars of the price-index sum s = sum_i a cpow and of the revenue
     * sum rs = sum_i r cpow; per (j, i): of cpow and of the sales sums acc and xacc. The bars of
     * the coefficients a, b, r, e of every flow follow from these (tw_trade_coeff_bars). */
    double *s_sum, *rs_sum; /* [j][n] */
    double *inv_s;        /* [j][n] 1 / s (read by the quota step) */
    double *cpow, *acc, *xacc; /* [j][i] */
    double *unew;         /* [n][j] right-hand side of eq. (1) / (1') */
    double *va_share;     /* [n][j] value-added cost shares (CES production only, else NULL) */
    double *io_share;     /* [n][k][j] input cost shares (CES production only, else NULL) */
    double *dnow, *income, *gap; /* [n] deficit D', income I' of eq. (5), labour-market gap */
    double *xnew;         /* [n][j] right-hand side of eq. (4) */
    double *scratch_n, *scratch_n2; /* [n] scratch of the step block (scratch_n also carries a
                                     * bar from labour_market to destination: liberation.h) */
    double *lva;          /* [n][j] sector value-added log prices (specific factors, else NULL) */
    double *lhat;         /* [n] employment L_hat (model/liberation.h; NULL without blocks) */
    double *profit, *ylab; /* [n] profit income, [n][j] labour's gross output (profits, else NULL) */
};

/* Sets the bars of a to zero (not s_sum, rs_sum, acc, xacc and the scratch: see above). */
void tw_map_adjoint_zero(const tw_model *m, tw_map_adjoint *a);

/* The arguments of one reverse pass. */
typedef struct tw_vjp_args {
    const double *z;    /* the state of the last forward evaluation (its intermediates in ws) */
    const double *gbar; /* bar of G(z) (tw_model_state_size entries), or NULL for zero */
    double *zbar;       /* state bars: blocks add into it */
    double *tbar;       /* tariff bars [j][n][i] (blocks add into it), or NULL: not wanted */
    const tw_policy *p; /* the policy whose coefficients are in ws (read when tbar is set) */
} tw_vjp_args;

/* One block. forward reads its inputs from z and ws and writes its outputs into ws (and its
 * part of G(z) into gz, which may be NULL: residual only); @return the largest relative
 * violation of its equations at z (0 if it has none, +inf if they cannot hold). reverse adds
 * (d outputs / d inputs)^T (bars of the outputs) into the bars of the inputs; it needs the
 * intermediates of a forward evaluation of the whole composition at r->z. */
typedef struct tw_block {
    const char *name;      /* short name, e.g. "trade" */
    const char *equations; /* which equations of docs/model.md it implements */
    double (*forward)(const tw_model *m, tw_workspace *ws, const double *z, double *gz);
    void (*reverse)(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                    const tw_vjp_args *r);
} tw_block;

/* A model variant: its blocks in forward order (the reverse pass runs them backwards). */
typedef struct tw_map_type {
    const char *name;
    int count;
    const tw_block *const *blocks;
} tw_map_type;

/* The blocks (one file each unless said otherwise), in the order of the standard composition:
 * quota wedges: the quota flows' coefficients from the wedges in the state (src/model/quota.c);
 * state: X and w_hat from the state (src/model/state.c);
 * trade: eqs. (2)-(3), gross output, tariff revenue, export taxes (src/model/trade.c);
 * cobb_douglas or ces: eq. (1) or (1') and the cost shares (S) (src/model/production.c);
 * income: eq. (5) with the deficit closure (src/model/income.c);
 * factors: eqs. (6)-(7), the labour-market gaps (src/model/factors.c);
 * expenditure: eq. (4) / (4') with the income solving the tariff-revenue loop
 *   (src/model/expenditure.c);
 * quota step: the complementarity residual and the next wedges (src/model/quota.c);
 * step: the preconditioned update of wages, costs and expenditures (src/model/state.c). */
extern const tw_block tw_block_quota_wedges, tw_block_state, tw_block_trade,
    tw_block_cobb_douglas, tw_block_ces, tw_block_income, tw_block_factors,
    tw_block_expenditure, tw_block_quota_step, tw_block_step;
/* Sector-specific factors (src/model/specific.c, docs/model.md §2b): specific: the
 * value-added prices of eq. (1s) from gross output (after trade, before production);
 * specific_damp: a preconditioner of the cost step (after production). */
extern const tw_block tw_block_specific, tw_block_specific_damp;

/* Profits (src/model/profits.c, docs/model.md §2d): profits: profit income and labour's part
 * of gross output from gross output (after production, before income). */
extern const tw_block tw_block_profits;
extern const tw_map_type tw_map_cobb_douglas_profits;
/* If the world has profit shares, sets labour's data income m->wl and switches m->map to the
 * composition with the profits block (run after tw_specific_setup). @return TW_OK, or
 * TW_ERR_INPUT (CES nests or specific factors, which the block does not cover). */
tw_status tw_profits_setup(tw_model *m, tw_error *err);

/* The compositions: Cobb-Douglas production, and CES input nests (the same list with the ces
 * production block in place of cobb_douglas). */
extern const tw_map_type tw_map_cobb_douglas, tw_map_ces;
/* The same with sector-specific factors (src/model/specific.c). */
extern const tw_map_type tw_map_cobb_douglas_specific, tw_map_ces_specific;

/* Bars of the coefficients a, b, r, e (tw_coeffs) of flow (n, i, j), from the trade block's
 * bars in a and the forward intermediates in ws: bar[0..3] = a, b, r, e. */
void tw_trade_coeff_bars(const tw_model *m, const tw_workspace *ws, const tw_map_adjoint *a,
                         int n, int i, int j, double bar[4]);

/* Reverse of the instruments (tw_model_coeffs: tariffs, export taxes and iceberg costs to the
 * coefficients, docs/model.md eq. (2)): adds the tariff bars of every flow without a quota
 * into r->tbar (src/model/instruments.c; quota flows: tw_block_quota_wedges). */
void tw_instruments_reverse(const tw_model *m, const tw_workspace *ws, const tw_map_adjoint *a,
                            const tw_vjp_args *r);
/* The same for one importer's flows only, [j][importer][i] (importer < 0: every flow): the
 * same bits for those entries, the other rows of r->tbar untouched. */
void tw_instruments_reverse_importer(const tw_model *m, const tw_workspace *ws,
                                     const tw_map_adjoint *a, const tw_vjp_args *r, int importer);

#endif
