/* SPDX-License-Identifier: MIT */
/* Shortest round-trip printing of doubles (io/dtoa.h). For 1e-11 <= |v| < 1e17, which holds
 * nearly every number the program writes, the digits are found in exact 128-bit integer
 * arithmetic: with v = m 2^e, the value v 10^p scaled to 17 integer digits and the ends of
 * v's rounding interval (half an ulp each side; a quarter below at a power of two) are exact
 * integers over a common power of two, and the shortest digit string inside the interval is
 * found by dropping trailing digits while a candidate (rounded down or up) stays inside. The
 * interval's ends belong to it when m is even (strtod rounds ties to even). Other values
 * (subnormals, very small or very large magnitudes) take the C library: the shortest of %.1g ..
 * %.17g that strtod reads back exactly. */
#include "io/dtoa.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

static const uint64_t POW10[18] = {1ull,
                                   10ull,
                                   100ull,
                                   1000ull,
                                   10000ull,
                                   100000ull,
                                   1000000ull,
                                   10000000ull,
                                   100000000ull,
                                   1000000000ull,
                                   10000000000ull,
                                   100000000000ull,
                                   1000000000000ull,
                                   10000000000000ull,
                                   100000000000000ull,
                                   1000000000000000ull,
                                   10000000000000000ull,
                                   100000000000000000ull};

/* Largest power of five used: 5^27 < 2^63, so m 5^p < 2^116. */
#define MAX_P 27

/* 5^p for 0 <= p <= MAX_P. */
static const uint64_t POW5[MAX_P + 1] = {
    1ull, 5ull, 25ull, 125ull, 625ull, 3125ull, 15625ull, 78125ull, 390625ull, 1953125ull,
    9765625ull, 48828125ull, 244140625ull, 1220703125ull, 6103515625ull, 30517578125ull,
    152587890625ull, 762939453125ull, 3814697265625ull, 19073486328125ull, 95367431640625ull,
    476837158203125ull, 2384185791015625ull, 11920928955078125ull, 59604644775390625ull,
    298023223876953125ull, 1490116119384765625ull, 7450580596923828125ull};

/* The slow path: the C library's correctly rounded conversions, shortest precision first. */
static int format_libc(double v, char *buf)
{
    for (int prec = 1; prec <= 17; prec++) {
        int n = snprintf(buf, TW_DTOA_SIZE, "%.*g", prec, v);
        if (prec == 17 || strtod(buf, NULL) == v)
            return n;
    }
    return 0; /* not reached */
}

/* "00".."99": two digits per division by 100. */
static const char DIGIT_PAIRS[201] = "00010203040506070809101112131415161718192021222324252627282930"
                                     "31323334353637383940414243444546474849505152535455565758596061"
                                     "62636465666768697071727374757677787980818283848586878889909192"
                                     "93949596979899";

/* Writes digits (the decimal integer k > 0, without trailing zeros) whose last digit has decimal
 * exponent e_last (the value is d.ddd x 10^e10, e10 = e_last + digits - 1) after the sign in
 * buf; returns the length. */
static int format_digits(uint64_t k, int e_last, int neg, char *buf)
{
    char d[20]; /* the digits, most significant first, at d[20 - n .. 20) */
    int at = 20;
    while (k >= 100) {
        const char *two = DIGIT_PAIRS + 2 * (k % 100);
        k /= 100;
        d[--at] = two[1];
        d[--at] = two[0];
    }
    if (k >= 10) {
        d[--at] = DIGIT_PAIRS[2 * k + 1];
        d[--at] = DIGIT_PAIRS[2 * k];
    } else {
        d[--at] = (char)('0' + k);
    }
    const char *dig = d + at;
    int n = 20 - at, e10 = e_last + n - 1;
    int len = 0;
    if (neg)
        buf[len++] = '-';
    if (e10 >= -5 && e10 <= 16) {
        if (e10 < 0) { /* 0.000ddd */
            buf[len++] = '0';
            buf[len++] = '.';
            memset(buf + len, '0', (size_t)(-e10 - 1));
            len += -e10 - 1;
            memcpy(buf + len, dig, (size_t)n);
            len += n;
        } else { /* the integer part's e10 + 1 digits (zeros after the last), then the rest */
            int ip = e10 + 1;
            if (n <= ip) {
                memcpy(buf + len, dig, (size_t)n);
                memset(buf + len + n, '0', (size_t)(ip - n));
                len += ip;
            } else {
                memcpy(buf + len, dig, (size_t)ip);
                len += ip;
                buf[len++] = '.';
                memcpy(buf + len, dig + ip, (size_t)(n - ip));
                len += n - ip;
            }
        }
    } else {
        buf[len++] = dig[0];
        if (n > 1) {
            buf[len++] = '.';
            memcpy(buf + len, dig + 1, (size_t)(n - 1));
            len += n - 1;
        }
        len += snprintf(buf + len, (size_t)(TW_DTOA_SIZE - len), "e%c%02d", e10 < 0 ? '-' : '+',
                        abs(e10));
    }
    buf[len] = '\0';
    return len;
}

int tw_format_double(double v, char *buf)
{
    if (!isfinite(v))
        return snprintf(buf, TW_DTOA_SIZE, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
    if (v == 0.0) {
        memcpy(buf, signbit(v) ? "-0" : "0", signbit(v) ? 3 : 2);
        return signbit(v) ? 2 : 1;
    }
    double a = fabs(v);
    if (!(a >= 1e-11 && a < 1e17))
        return format_libc(v, buf);
    uint64_t bits;
    memcpy(&bits, &a, sizeof bits);
    int be = (int)(bits >> 52); /* a is normal here */
    uint64_t m = (bits & ((1ull << 52) - 1)) | (1ull << 52);
    int e = be - 1075; /* a = m 2^e */
    /* p such that a 10^p has 17 integer digits, estimated from the binary exponent and then
     * corrected: with 2^(e+52) <= a < 2^(e+53), q = floor((e+52) log10 2) (78913 / 2^18 is
     * log10 2 to 6 digits, exact in the floor for |e+52| < 1650; offset to keep the shift's
     * operand non-negative) is floor(log10 a) or one less, so p is right or one too large.
     * Here -37 <= e+52 <= 56, and p <= MAX_P holds for the right p, so p is capped there. */
    int q = ((e + 52) * 78913 + (64 << 18)) / (1 << 18) - 64;
    int p = 16 - q;
    if (p > MAX_P)
        p = MAX_P;
    for (int tries = 0; tries < 3; tries++) {
        if (p < 0 || p > MAX_P)
            return format_libc(v, buf);
        /* X = a 10^p = m 5^p 2^(e+p), over the denominator 2^S with e + p + S >= 2, so that
         * X 2^S and the half and quarter ulps 5^p 2^(e+p+S-1), 5^p 2^(e+p+S-2) are integers. */
        int sh = e + p;
        int S = sh < 2 ? 2 - sh : 0;
        int up = sh + S; /* >= 2 */
        if (S > 62 || up > 60)
            return format_libc(v, buf);
        uint64_t p5 = POW5[p];
        u128 xn = ((u128)m * p5) << up;
        uint64_t d17 = (uint64_t)(xn >> S);
        if (d17 < POW10[16]) {
            p++;
            continue;
        }
        if (d17 >= POW10[17]) {
            p--;
            continue;
        }
        u128 mask = ((u128)1 << S) - 1, r = xn & mask;
        u128 half_up = (u128)p5 << (up - 1);
        /* Below a power of two the next double down is half as far. */
        int lower_closer = (bits & ((1ull << 52) - 1)) == 0 && be > 1;
        u128 half_low = lower_closer ? (u128)p5 << (up - 2) : half_up;
        int inclusive = (m & 1) == 0;
        /* Drop trailing digits while a candidate stays inside: if a multiple of 10^t lies in
         * the interval, so does the multiple of 10^(t-1) between it and X, so the digits that
         * can be dropped are 0..t* and t* is found from below (most results need 16 or 17). */
        uint64_t best = 0;
        int found = 0;
        for (int t = 0; t <= 16; t++) {
            uint64_t unit = POW10[t];
            uint64_t lo = d17 / unit * unit, hi = lo + unit;
            /* Distances from X to lo and hi, in units of 2^-S. */
            u128 dlo = ((u128)(d17 - lo) << S) + r;
            u128 dhi = ((u128)(hi - d17) << S) - r;
            int lo_ok = inclusive ? dlo <= half_low : dlo < half_low;
            int hi_ok = inclusive ? dhi <= half_up : dhi < half_up;
            if (!lo_ok && !hi_ok)
                break;
            uint64_t k = lo_ok && (!hi_ok || dlo <= dhi) ? lo : hi;
            if (lo_ok && hi_ok && dlo == dhi && ((lo / unit) & 1))
                k = hi; /* equally near: the even last digit */
            best = k;
            found = 1;
        }
        if (found) {
            /* best 10^-p is the result: strip trailing zeros, find its decimal exponent. */
            uint64_t k = best;
            int e_last = -p;
            while (k % 10 == 0) {
                k /= 10;
                e_last++;
            }
            return format_digits(k, e_last, v < 0, buf);
        }
        return format_libc(v, buf); /* not reached: 17 digits always round-trip */
    }
    return format_libc(v, buf);
}
