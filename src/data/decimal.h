/* SPDX-License-Identifier: MIT */
/* Exact decimal-to-double conversion of plain decimals on a fast path (data/decimal.c). */
#ifndef TW_DATA_DECIMAL_H
#define TW_DATA_DECIMAL_H

/* If s is a plain decimal [+-]digits[.digits][(e|E)[+-]digits] (at least one mantissa digit)
 * that the fast path covers, stores in *out exactly the double strtod would return (rounding
 * to nearest, ties to even) and returns 1. Otherwise returns 0 and leaves *out alone: the
 * caller uses strtod. The fast path covers up to 19 significant digits with a decimal exponent
 * (after the point is removed) in -21..19, which holds nearly every number in the data. */
int tw_decimal_parse(const char *s, double *out);

#endif
