/* SPDX-License-Identifier: MIT */
/* Balancing of a world's input-output block against its trade flows (data/icio2022/README.md,
 * "Balancing"): the input-output coefficients are adjusted as little as possible, in the sense
 * of minimum cross-entropy, so that with the flows held fixed no sector's intermediate use
 * exceeds the economy's absorption of it, i.e. every final-demand residual the engine derives
 * (docs/data-format.md) is non-negative and the data are an equilibrium of the model. */
#ifndef TW_TOOLS_BALANCE_IO_H
#define TW_TOOLS_BALANCE_IO_H

#include "tradewar/world.h"

/* Convergence: the largest violation of a row cap, and the largest slack of a row that was
 * scaled down (complementarity), relative to the row's cap. */
#define TT_BALANCE_TOL 1e-13
#define TT_BALANCE_MAX_ITER 200000

/* What the balancing did to one country. */
typedef struct tt_balance_country {
    int iterations;     /* row-and-column sweeps until converged (0: nothing to do) */
    int va_adjusted;    /* 1 if the value-added shares had to take part (see balance_io.c) */
    int binding;        /* input rows whose cap binds: final demand 0 after balancing */
    int negative;       /* final-demand residuals < 0 before balancing */
    double negative_usd; /* their sum, as a positive number (money unit) */
    double max_change;  /* largest rise gamma'/gamma - 1 over the coefficients (io and, if
                         * adjusted, value added): the columns' other inputs scaled up */
    int max_k, max_j;   /* where: input row (J = value added) and using sector */
    double max_cut;     /* largest relative fall 1 - gamma'/gamma (the rows scaled down) */
    int cut_k, cut_j;
    double moved;       /* sum |Z' - Z| / (2 sum Z) over the intermediate flows Z = gamma Y */
} tt_balance_country;

/* Balances country n of a world with dims d in place.
 *   absorption [n][j] (tw_ix_nj): tariff-inclusive absorption X_n^j, the row caps;
 *   output [n][j]: gross output at producer prices Y_n^j;
 *   va [n][j] and io [n][k][j] (tw_ix_nkj): value-added and input shares, rewritten.
 * Shares of sectors with zero output are left alone (they weigh nothing). Dies (tt_die) if the
 * problem has no solution even with the value-added shares free. */
void tt_balance_country_io(tw_dims d, int n, const double *absorption, const double *output,
                           double *va, double *io, tt_balance_country *rep);

/* Final-demand residuals X_n^j - sum_k gamma_n^{j,k} Y_n^k below -1e-9 X_n^j (what the loader
 * clamps and counts), and their sum as a positive number in *usd (may be NULL). */
int tt_negative_final_demand(tw_dims d, int n, const double *absorption, const double *output,
                             const double *io, double *usd);

#endif
