/* SPDX-License-Identifier: MIT */
/* Counter-based random numbers and the normal quantile (core/rng.h). */
#include "core/rng.h"

#include <math.h>

static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t tw_rng_u64(uint64_t seed, uint64_t stream, uint64_t counter)
{
    uint64_t z = mix(seed + 0x9e3779b97f4a7c15ULL);
    z = mix(z ^ (stream + 0xd1b54a32d192ed03ULL));
    z = mix(z ^ (counter + 0x8cb92ba72f3d8dd7ULL));
    return mix(z + 0x9e3779b97f4a7c15ULL);
}

double tw_rng_uniform(uint64_t seed, uint64_t stream, uint64_t counter)
{
    return ((double)(tw_rng_u64(seed, stream, counter) >> 11) + 0.5) * 0x1p-53;
}

double tw_normal_cdf(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

double tw_normal_quantile(double u)
{
    static const double a[6] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                -2.759285104469687e+02, 1.383577518672690e+02,
                                -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[5] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                -1.556989798598866e+02, 6.680131188771972e+01,
                                -1.328068155288572e+01};
    static const double c[6] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                -2.400758277161838e+00, -2.549732539343734e+00,
                                4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[4] = {7.784695709041462e-03, 3.224671290700398e-01,
                                2.445134137142996e+00, 3.754408661907416e+00};
    if (!(u > 0.0 && u < 1.0))
        return u <= 0.0 ? -INFINITY : u >= 1.0 ? INFINITY : NAN;
    double x;
    if (u < 0.02425) {
        double q = sqrt(-2.0 * log(u));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else if (u > 1.0 - 0.02425) {
        double q = sqrt(-2.0 * log1p(-u));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else {
        double q = u - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    }
    /* One Halley step on Phi(x) - u (Acklam's refinement). */
    double e = tw_normal_cdf(x) - u;
    double g = e * sqrt(2.0 * 3.14159265358979323846) * exp(0.5 * x * x);
    return x - g / (1.0 + 0.5 * x * g);
}
