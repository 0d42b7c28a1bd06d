/* SPDX-License-Identifier: MIT */
/* A counter-based random number generator written for tradewar (docs/uncertainty.md §4): the
 * number at (seed, stream, counter) is a fixed function of those three integers, computed with
 * 64-bit integer arithmetic only, so every platform gives the same bits and any draw can be
 * generated alone, in any order, on any thread. */
#ifndef TW_CORE_RNG_H
#define TW_CORE_RNG_H

#include <stdint.h>

/* The 64-bit word at (seed, stream, counter): SplitMix64's finaliser applied in turn to the
 * seed, the stream and the counter, each added with a distinct odd constant (Steele, Lea and
 * Flood 2014, "Fast splittable pseudorandom number generators"), then finalised once more. */
uint64_t tw_rng_u64(uint64_t seed, uint64_t stream, uint64_t counter);

/* A uniform number in the open interval (0, 1): the top 53 bits of tw_rng_u64 plus half a
 * unit, so neither 0 nor 1 occurs (the inverse normal needs both excluded). */
double tw_rng_uniform(uint64_t seed, uint64_t stream, uint64_t counter);

/* The standard normal quantile Phi^-1(u) for u in (0, 1) (Acklam's rational approximation,
 * relative error below 1.2e-9, refined by one Halley step on erfc to about 1e-15). */
double tw_normal_quantile(double u);

/* The standard normal distribution function Phi(x). */
double tw_normal_cdf(double x);

#endif
