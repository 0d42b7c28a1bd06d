/* SPDX-License-Identifier: MIT */
/* Exact fast path of decimal parsing (data/decimal.h). A decimal is an integer M < 10^19 (its
 * significant digits) times 10^E. Three exact cases, each a correctly rounded result:
 *  - M <= 2^53 and |E| <= 22: M and 10^|E| are exact doubles, so the one IEEE multiplication
 *    or division rounds correctly (Clinger's fast path);
 *  - 0 <= E <= 19: N = M 10^E < 2^128 is an exact integer, rounded to 53 bits by hand;
 *  - -21 <= E < 0: the quotient of N = M 2^s by D = 10^-E (< 2^70) in 128-bit integers, with
 *    s chosen so that the quotient has at least 54 bits, gives the leading bits and an exact
 *    remainder, rounded to 53 bits by hand.
 * The hand rounding is to nearest with ties to even, the remainder's being nonzero breaking
 * ties upwards. Anything else (more digits, other exponents, results that are not normal
 * doubles) is left to strtod. */
#include "data/decimal.h"

#include <math.h>
#include <stdint.h>

typedef unsigned __int128 u128;

static const double EXACT10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int bit_length(u128 x)
{
    int n = 0;
    uint64_t hi = (uint64_t)(x >> 64);
    if (hi) {
        n = 64;
        x = hi;
    }
    uint64_t lo = (uint64_t)x;
    return lo ? n + 64 - __builtin_clzll(lo) : n;
}

static u128 pow10_u128(int k)
{
    u128 r = 1;
    for (int i = 0; i < k; i++)
        r *= 10;
    return r;
}

/* Q 2^-s with Q > 0 exact and `sticky` = 1 if a nonzero remainder below Q's last bit was
 * dropped: rounded to the nearest double (ties to even). 0 if the result would not be a normal
 * double (then strtod decides). */
static int round_to_double(u128 q, int sticky, int s, double *out)
{
    int len = bit_length(q);
    int b = len > 53 ? len - 53 : 0;
    uint64_t t = (uint64_t)(q >> b);
    if (b > 0) {
        u128 rem = q & (((u128)1 << b) - 1), half = (u128)1 << (b - 1);
        if (rem > half || (rem == half && (sticky || (t & 1))))
            t++;
    } else if (sticky) {
        return 0; /* not reached: callers give at least 54 bits when inexact */
    }
    if (t >> 53) {
        t >>= 1;
        b++;
    }
    int e2 = b - s; /* value = t 2^e2, t < 2^53 */
    int top = e2 + bit_length(t) - 1;
    if (top < -1022 || top > 1023)
        return 0;
    *out = ldexp((double)t, e2);
    return 1;
}

int tw_decimal_parse(const char *s, double *out)
{
    const char *p = s;
    int neg = 0;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    uint64_t m = 0;
    int digits = 0, any = 0, e = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        any = 1;
        if (m == 0 && *p == '0')
            continue; /* leading zeros */
        if (++digits > 19)
            return 0;
        m = m * 10 + (uint64_t)(*p - '0');
    }
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++) {
            any = 1;
            e--;
            if (m == 0 && *p == '0')
                continue;
            if (++digits > 19)
                return 0;
            m = m * 10 + (uint64_t)(*p - '0');
        }
    }
    if (!any)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        int eneg = 0, x = 0, ed = 0;
        if (*p == '+' || *p == '-')
            eneg = *p++ == '-';
        for (; *p >= '0' && *p <= '9'; p++, ed++) {
            if (x > 10000)
                return 0;
            x = x * 10 + (*p - '0');
        }
        if (!ed)
            return 0;
        e += eneg ? -x : x;
    }
    if (*p)
        return 0;
    double v;
    if (m == 0) {
        v = 0.0;
    } else if (m <= (1ull << 53) && e >= -22 && e <= 22) {
        v = e >= 0 ? (double)m * EXACT10[e] : (double)m / EXACT10[-e];
    } else if (e >= 0 && e <= 19) {
        if (!round_to_double((u128)m * pow10_u128(e), 0, 0, &v))
            return 0;
    } else if (e < 0 && e >= -21) {
        u128 d = pow10_u128(-e);
        int sh = 55 + bit_length(d) - bit_length(m); /* quotient >= 2^54 */
        if (sh < 0)
            sh = 0;
        u128 n = (u128)m << sh, q = n / d;
        if (!round_to_double(q, n % d != 0, sh, &v))
            return 0;
    } else {
        return 0;
    }
    *out = neg ? -v : v;
    return 1;
}
