/* SPDX-License-Identifier: MIT */
/* The blocks of Ignatenko, Macedoni, Lashkaripour and Simonovska (JIE 2025, "Liberation Day")
 * on the block architecture (model/blocks.h, docs/model.md §2c): destination-income costs
 * (src/model/destination.c), elastic labour supply (src/model/labour.c) with the use of tariff
 * revenue (src/model/revenue.c), its labour-market, income and expenditure equations
 * (src/model/labour_market.c) and external scale economies by sector (src/model/scale.c), on
 * worlds with any number of sectors and input-output links. A world turns them on with
 * blocks.csv (data/blocks.h); without it none of this code runs. */
#ifndef TW_MODEL_LIBERATION_H
#define TW_MODEL_LIBERATION_H

#include "model/blocks.h"

/* The blocks, in the order of their composition tw_map_liberation (src/model/equations.c):
 * quota wedges, state, trade, destination, labour, scale (the production block: eq. (1) with
 * scale economies), labour_income, labour_market, labour_expenditure, quota step, step. The
 * labour-market block's reverse leaves the bar of the destination income nu_n (X'_n - R'_n)
 * (over nu_n) in tw_map_adjoint.scratch_n for the destination block's reverse, which runs
 * later in the reverse pass and adds it into the bars of X and R' (model/blocks.h). */
extern const tw_block tw_block_destination, tw_block_labour, tw_block_scale,
    tw_block_labour_income, tw_block_labour_market, tw_block_labour_expenditure;
extern const tw_map_type tw_map_liberation;

/* Chooses tw_map_liberation for a world with blocks (model setup; after the production and
 * specific-factor setups). @return TW_OK; TW_ERR_INPUT if the world's blocks are combined
 * with sector-specific factors (a short horizon) or CES input nests. */
tw_status tw_liberation_setup(tw_model *m, tw_error *err);

/* Country n's use of tariff revenue (TW_REVENUE_LUMP_SUM or TW_REVENUE_LABOUR_TAX of
 * data/blocks.h): the model option's if set, else blocks.csv's. */
int tw_liberation_revenue_use(const tw_model *m, int n);

/* Tariff exponent phi_n of importer n (1 without blocks) and the share 1 - nu_n of a sale to n
 * that the exporter keeps (1 without blocks): the instruments' hooks (eq. (L1)). */
double tw_destination_phi(const tw_model *m, int n);
double tw_destination_keep(const tw_model *m, int n);

/* Employment L_hat of eq. (L4) for real wage ratio a = w_hat / P_hat > 0 and g = R' / (w_hat
 * wL) (tariff revenue over labour income at baseline employment), elasticity kappa >= 0 and
 * revenue use (data/blocks.h); *dl_da and *dl_dg receive its partial derivatives. */
double tw_revenue_employment(double a, double g, double kappa, int use, double *dl_da,
                             double *dl_dg);

/* The paper's welfare index W_hat of country n at equilibrium eq against the model's baseline
 * (eq. (L7)): real expenditure and real labour income weighted by delta_n = E_n / (E_n - kappa
 * (1 - tau_n) Y_n / (1 + kappa)), which nets out the disutility of work; tau_n = R'_n / Y'_n
 * with the labour-tax revenue use, 0 with the lump-sum rebate. Without blocks: real income
 * I'/P' against the baseline's. */
double tw_revenue_welfare_hat(const tw_model *m, const tw_equilibrium *eq, int n);

#endif
