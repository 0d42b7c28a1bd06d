/* SPDX-License-Identifier: MIT */
/* Shock files: a CSV of new tariff levels and trade-cost changes applied to a policy state
 * (docs/cli.md, "Shock files"). */
#ifndef TRADEWAR_SHOCK_H
#define TRADEWAR_SHOCK_H

#include "tradewar/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Applies the shock file at path to policy p of model m. Header: importer,exporter,sector,
 * tariff and optionally iceberg_hat and tariff_add. Keys are codes, or `*` for all (sector also `goods` or
 * `services`); a wildcard never applies to a country's sales to itself. tariff is the new
 * level as a fraction (> -1) or a percentage ("25%"); iceberg_hat multiplies trade costs relative to the baseline
 * (> 0, or `inf` for an embargo); tariff_add adds to the current level (0.10 = ten points)
 * and excludes tariff in the same row; an empty field leaves that instrument unchanged. Rows apply
 * in order, so a specific row after a general one refines it; the same key twice is an error.
 * @return TW_OK, TW_ERR_IO, TW_ERR_INPUT (err names file, line, column and field). On error p
 * may be partly modified. */
TW_API tw_status tw_shock_apply_file(const tw_model *m, tw_policy *p, const char *path,
                                     tw_error *err);

/* As tw_shock_apply_file, adding to warnings (may be NULL) what it accepted but looks like a
 * mistake: a tariff or tariff_add written as a bare number above 1 in magnitude (10 is 1000
 * points; "10%" is ten). @return as tw_shock_apply_file (TW_ERR_NOMEM if a warning could not
 * be stored). */
TW_API tw_status tw_shock_apply_file_warn(const tw_model *m, tw_policy *p, const char *path,
                                          tw_warnings *warnings, tw_error *err);

/* As tw_shock_apply_file, on an in-memory buffer; name is used in messages. */
TW_API tw_status tw_shock_apply_buffer(const tw_model *m, tw_policy *p, const char *name,
                                       const char *data, size_t len, tw_error *err);

/* As tw_shock_apply_file_warn, on an in-memory buffer (the web server's requests). */
TW_API tw_status tw_shock_apply_buffer_warn(const tw_model *m, tw_policy *p, const char *name,
                                            const char *data, size_t len, tw_warnings *warnings,
                                            tw_error *err);

#ifdef __cplusplus
}
#endif
#endif
