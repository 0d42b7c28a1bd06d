/* SPDX-License-Identifier: MIT */
/* Shortest round-trip decimal text of a double: the fewest significant digits that read back
 * (strtod, round to nearest even) as the same bits. */
#ifndef TW_IO_DTOA_H
#define TW_IO_DTOA_H

/* Room for any result of tw_format_double, its terminating NUL included. */
#define TW_DTOA_SIZE 32

/* Writes v into buf (TW_DTOA_SIZE bytes) and returns the length. Finite v: the shortest
 * decimal that parses back to v exactly (of two such, the nearer to v), in plain notation for
 * decimal exponents -5..16 ("0.25", "1234.5", "-3") and as d.ddde[+-]XX otherwise ("1.5e-07",
 * "2e+20"); -0 is "-0". Non-finite v: "nan", "inf" or "-inf" (callers decide what to write). */
int tw_format_double(double v, char *buf);

#endif
