/* SPDX-License-Identifier: MIT */
/* Factor returns by sector (docs/model.md §2b): who gains and who loses inside each country
 * when part of each sector's value added is paid to factors that cannot leave it. */
#ifndef TRADEWAR_FACTORS_H
#define TRADEWAR_FACTORS_H

#include "tradewar/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Changes in factor prices from equilibrium ref to equilibrium eq (both solved, of model m;
 * ref NULL: the model's baseline), as ratios (1.02 = +2%), in the numeraire of the results
 * (world value added unchanged):
 *  specific_hat [n][j]: the return per unit of the factors tied to sector j of country n (its
 *    installed capital, land or deposits and, when labour cannot move, its workers' wage): the
 *    change in the sector's value added, eq. (6s); NAN where the sector has no specific factor
 *    at the model's horizon or no output;
 *  mobile_wage_hat [n]: the wage of n's labour that moves between sectors, eq. (6s); NAN if n
 *    has none (in the short run by default). Without specific factors, every factor is
 *    mobile labour and this is the wage change of the results.
 * Either output may be NULL. @return TW_OK, or TW_ERR_USAGE if eq or ref is not solved. */
TW_API tw_status tw_factor_returns(const tw_model *m, const tw_equilibrium *eq,
                                   const tw_equilibrium *ref, double *specific_hat,
                                   double *mobile_wage_hat);

/* 1 if model m has sector-specific factors (its world's horizon gives some), else 0. */
TW_API int tw_model_has_specific_factors(const tw_model *m);

#ifdef __cplusplus
}
#endif
#endif
