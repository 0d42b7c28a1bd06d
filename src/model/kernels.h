/* SPDX-License-Identifier: MIT */
/* Inner products of the map's hot loops, in a fixed order of operations: four interleaved
 * partial sums (entries k = 0, 1, 2, 3 mod 4), combined as (s0 + s2) + (s1 + s3). With GCC or
 * Clang the partial sums are held in pairs in two-lane vectors (SSE2 on x86-64, NEON on arm64);
 * elsewhere the same sums are written out in scalars. Both give the same bits: the order is the
 * source's, not the compiler's (no -ffast-math reassociation). */
#ifndef TW_MODEL_KERNELS_H
#define TW_MODEL_KERNELS_H

#include <stddef.h>
#include <string.h>

#if defined(__GNUC__)
typedef double tw_v2d __attribute__((vector_size(16)));
static inline tw_v2d tw_v2d_load(const double *p)
{
    tw_v2d v;
    memcpy(&v, p, sizeof v);
    return v;
}
#endif

/* a . b over n entries. */
static inline double tw_dot4(const double *restrict a, const double *restrict b, size_t n)
{
    size_t k = 0;
#if defined(__GNUC__)
    tw_v2d s01 = {0.0, 0.0}, s23 = {0.0, 0.0};
    for (; k + 4 <= n; k += 4) {
        s01 += tw_v2d_load(a + k) * tw_v2d_load(b + k);
        s23 += tw_v2d_load(a + k + 2) * tw_v2d_load(b + k + 2);
    }
    double s0 = s01[0], s1 = s01[1], s2 = s23[0], s3 = s23[1];
#else
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    for (; k + 4 <= n; k += 4) {
        s0 += a[k] * b[k];
        s1 += a[k + 1] * b[k + 1];
        s2 += a[k + 2] * b[k + 2];
        s3 += a[k + 3] * b[k + 3];
    }
#endif
    for (; k < n; k++)
        s0 += a[k] * b[k];
    return (s0 + s2) + (s1 + s3);
}

/* *s = a . c and *r = b . c over n entries (one pass over c). */
static inline void tw_dot4x2(const double *restrict a, const double *restrict b,
                             const double *restrict c, size_t n, double *s, double *r)
{
    size_t k = 0;
#if defined(__GNUC__)
    tw_v2d s01 = {0.0, 0.0}, s23 = {0.0, 0.0}, r01 = {0.0, 0.0}, r23 = {0.0, 0.0};
    for (; k + 4 <= n; k += 4) {
        tw_v2d c01 = tw_v2d_load(c + k), c23 = tw_v2d_load(c + k + 2);
        s01 += tw_v2d_load(a + k) * c01;
        s23 += tw_v2d_load(a + k + 2) * c23;
        r01 += tw_v2d_load(b + k) * c01;
        r23 += tw_v2d_load(b + k + 2) * c23;
    }
    double s0 = s01[0], s1 = s01[1], s2 = s23[0], s3 = s23[1];
    double r0 = r01[0], r1 = r01[1], r2 = r23[0], r3 = r23[1];
#else
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, r0 = 0.0, r1 = 0.0, r2 = 0.0, r3 = 0.0;
    for (; k + 4 <= n; k += 4) {
        s0 += a[k] * c[k];
        s1 += a[k + 1] * c[k + 1];
        s2 += a[k + 2] * c[k + 2];
        s3 += a[k + 3] * c[k + 3];
        r0 += b[k] * c[k];
        r1 += b[k + 1] * c[k + 1];
        r2 += b[k + 2] * c[k + 2];
        r3 += b[k + 3] * c[k + 3];
    }
#endif
    for (; k < n; k++) {
        s0 += a[k] * c[k];
        r0 += b[k] * c[k];
    }
    *s = (s0 + s2) + (s1 + s3);
    *r = (r0 + r2) + (r1 + r3);
}

/* y += a x over n entries (each entry's own sum: no reordering). */
static inline void tw_axpy(double *restrict y, const double *restrict x, double a, size_t n)
{
    size_t k = 0;
#if defined(__GNUC__)
    tw_v2d av = {a, a};
    for (; k + 2 <= n; k += 2) {
        tw_v2d v = tw_v2d_load(y + k) + tw_v2d_load(x + k) * av;
        memcpy(y + k, &v, sizeof v);
    }
#endif
    for (; k < n; k++)
        y[k] += x[k] * a;
}

/* y += a1 x1 + a2 x2 over n entries (each entry's own sum, in this order). */
static inline void tw_axpy2(double *restrict y, const double *restrict x1, double a1,
                            const double *restrict x2, double a2, size_t n)
{
    size_t k = 0;
#if defined(__GNUC__)
    tw_v2d av1 = {a1, a1}, av2 = {a2, a2};
    for (; k + 2 <= n; k += 2) {
        tw_v2d v = tw_v2d_load(y + k) + (tw_v2d_load(x1 + k) * av1 + tw_v2d_load(x2 + k) * av2);
        memcpy(y + k, &v, sizeof v);
    }
#endif
    for (; k < n; k++)
        y[k] += x1[k] * a1 + x2[k] * a2;
}

/* y = a x over n entries. */
static inline void tw_scale(double *restrict y, const double *restrict x, double a, size_t n)
{
    size_t k = 0;
#if defined(__GNUC__)
    tw_v2d av = {a, a};
    for (; k + 2 <= n; k += 2) {
        tw_v2d v = tw_v2d_load(x + k) * av;
        memcpy(y + k, &v, sizeof v);
    }
#endif
    for (; k < n; k++)
        y[k] = x[k] * a;
}

/* The same kernels on four-lane vectors, for x86-64 processors with AVX (the map's O(N^2 J)
 * loops call them when __builtin_cpu_supports("avx"): src/model/trade.c). Lane k holds the
 * partial sum of entries k mod 4, as s0..s3 above, and the tails and the final combination are
 * the same, so the bits equal the two-lane kernels' (no fused multiply-add: AVX without FMA,
 * and -std=c17 does not contract). */
#if defined(__GNUC__) && defined(__x86_64__)
#define TW_KERNELS_AVX 1
#define TW_AVX __attribute__((target("avx")))
typedef double tw_v4d __attribute__((vector_size(32)));

TW_AVX static inline tw_v4d tw_v4d_load(const double *p)
{
    tw_v4d v;
    memcpy(&v, p, sizeof v);
    return v;
}

TW_AVX static inline double tw_dot4_avx(const double *restrict a, const double *restrict b,
                                        size_t n)
{
    size_t k = 0;
    tw_v4d s = {0.0, 0.0, 0.0, 0.0};
    for (; k + 4 <= n; k += 4)
        s += tw_v4d_load(a + k) * tw_v4d_load(b + k);
    double s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
    for (; k < n; k++)
        s0 += a[k] * b[k];
    return (s0 + s2) + (s1 + s3);
}

TW_AVX static inline void tw_dot4x2_avx(const double *restrict a, const double *restrict b,
                                        const double *restrict c, size_t n, double *s,
                                        double *r)
{
    size_t k = 0;
    tw_v4d sv = {0.0, 0.0, 0.0, 0.0}, rv = {0.0, 0.0, 0.0, 0.0};
    for (; k + 4 <= n; k += 4) {
        tw_v4d cv = tw_v4d_load(c + k);
        sv += tw_v4d_load(a + k) * cv;
        rv += tw_v4d_load(b + k) * cv;
    }
    double s0 = sv[0], s1 = sv[1], s2 = sv[2], s3 = sv[3];
    double r0 = rv[0], r1 = rv[1], r2 = rv[2], r3 = rv[3];
    for (; k < n; k++) {
        s0 += a[k] * c[k];
        r0 += b[k] * c[k];
    }
    *s = (s0 + s2) + (s1 + s3);
    *r = (r0 + r2) + (r1 + r3);
}

TW_AVX static inline void tw_axpy_avx(double *restrict y, const double *restrict x, double a,
                                      size_t n)
{
    size_t k = 0;
    tw_v4d av = {a, a, a, a};
    for (; k + 4 <= n; k += 4) {
        tw_v4d v = tw_v4d_load(y + k) + tw_v4d_load(x + k) * av;
        memcpy(y + k, &v, sizeof v);
    }
    for (; k < n; k++)
        y[k] += x[k] * a;
}

TW_AVX static inline void tw_axpy2_avx(double *restrict y, const double *restrict x1,
                                       double a1, const double *restrict x2, double a2,
                                       size_t n)
{
    size_t k = 0;
    tw_v4d av1 = {a1, a1, a1, a1}, av2 = {a2, a2, a2, a2};
    for (; k + 4 <= n; k += 4) {
        tw_v4d v = tw_v4d_load(y + k) + (tw_v4d_load(x1 + k) * av1 + tw_v4d_load(x2 + k) * av2);
        memcpy(y + k, &v, sizeof v);
    }
    for (; k < n; k++)
        y[k] += x1[k] * a1 + x2[k] * a2;
}

/* 1 if the processor and the operating system run AVX instructions. */
static inline int tw_kernels_avx(void) { return __builtin_cpu_supports("avx"); }
#else
#define TW_KERNELS_AVX 0
static inline int tw_kernels_avx(void) { return 0; }
#endif

/* tw_dot4 and tw_axpy with the widest kernels the processor runs (the same bits), for long
 * vectors (one processor check per call: the solver's and GMRES's state-sized vectors). */
static inline double tw_dot4_wide(const double *restrict a, const double *restrict b, size_t n)
{
#if TW_KERNELS_AVX
    if (tw_kernels_avx())
        return tw_dot4_avx(a, b, n);
#endif
    return tw_dot4(a, b, n);
}

static inline void tw_axpy_wide(double *restrict y, const double *restrict x, double a,
                                size_t n)
{
#if TW_KERNELS_AVX
    if (tw_kernels_avx()) {
        tw_axpy_avx(y, x, a, n);
        return;
    }
#endif
    tw_axpy(y, x, a, n);
}

#endif
