/* SPDX-License-Identifier: MIT */
/* The map's inner-product kernels (src/model/kernels.h): the AVX versions, which the trade
 * block runs on processors that have AVX, give the same bits as the two-lane versions, for
 * every length (the tails) and alignment, on values of mixed signs and magnitudes (so that a
 * different order of the sums would show in the last bits). */
#include "test_util.h"

#include "model/kernels.h"

#define MAXLEN 67

/* Values spread over 12 decades, both signs: sums of them are not exact in any order. */
static void fill(double *v, size_t n, uint64_t *state)
{
    for (size_t k = 0; k < n; k++) {
        *state = *state * 6364136223846793005ull + 1442695040888963407ull;
        double u = (double)(*state >> 11) / 9007199254740992.0; /* [0, 1) */
        double mag = pow(10.0, 12.0 * u - 6.0);
        v[k] = ((*state >> 7) & 1) ? -mag : mag;
    }
}

static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static void test_avx_same_bits(void **state)
{
    (void)state;
#if TW_KERNELS_AVX
    if (!tw_kernels_avx()) {
        skip(); /* the AVX versions are never run here */
        return;
    }
    uint64_t seed = 12345;
    /* One extra entry in front: the kernels see unaligned addresses at offset 1. */
    double a[MAXLEN + 1], b[MAXLEN + 1], c[MAXLEN + 1], y1[MAXLEN + 1], y2[MAXLEN + 1];
    for (int rep = 0; rep < 20; rep++)
        for (size_t off = 0; off <= 1; off++)
            for (size_t n = 0; n <= MAXLEN - off; n++) {
                fill(a, MAXLEN + 1, &seed);
                fill(b, MAXLEN + 1, &seed);
                fill(c, MAXLEN + 1, &seed);
                const double *pa = a + off, *pb = b + off, *pc = c + off;
                assert_true(same_bits(tw_dot4(pa, pb, n), tw_dot4_avx(pa, pb, n)));
                double s1, r1, s2, r2;
                tw_dot4x2(pa, pb, pc, n, &s1, &r1);
                tw_dot4x2_avx(pa, pb, pc, n, &s2, &r2);
                assert_true(same_bits(s1, s2));
                assert_true(same_bits(r1, r2));
                double f = a[0] * 1e-3, g = b[0] * 1e3;
                fill(y1, MAXLEN + 1, &seed);
                memcpy(y2, y1, sizeof y1);
                tw_axpy(y1 + off, pa, f, n);
                tw_axpy_avx(y2 + off, pa, f, n);
                assert_memory_equal(y1, y2, sizeof y1);
                tw_axpy2(y1 + off, pa, f, pb, g, n);
                tw_axpy2_avx(y2 + off, pa, f, pb, g, n);
                assert_memory_equal(y1, y2, sizeof y1);
            }
#else
    skip(); /* not x86-64 with GCC or Clang: there are no AVX versions */
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_avx_same_bits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
