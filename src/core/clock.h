/* SPDX-License-Identifier: MIT */
/* The one clock: monotonic wall-clock seconds for solver reports, strategy reports and
 * benchmarks (STYLE.md: one of each tool). */
#ifndef TW_CORE_CLOCK_H
#define TW_CORE_CLOCK_H

/* Seconds on the monotonic clock (CLOCK_MONOTONIC) from an arbitrary fixed origin: only the
 * difference of two readings means anything. Never goes backwards; unaffected by changes of
 * the system's date. */
double tw_clock_seconds(void);

#endif
