/* SPDX-License-Identifier: MIT */
/* Trade block: price indices and trade shares (docs/model.md eqs. (2)-(3)), and the sums over
 * the new shares that the other blocks use: gross output Y' (eq. (4)), tariff revenue R' and
 * export taxes T' (eq. (5)). The only O(N^2 J) block of the map: one pass over the policy's
 * coefficients a, b, r, e (tw_coeffs), with the trade shares pi' = a cpow / s left implicit. */
#include <math.h>
#include <string.h>

#include "model/blocks.h"
#include "model/kernels.h"

#define TW_TRADE_NAME(f) f##_sse2
#define TW_TRADE_ATTR
#define K_DOT4 tw_dot4
#define K_DOT4X2 tw_dot4x2
#define K_AXPY tw_axpy
#define K_AXPY2 tw_axpy2
#include "model/trade_body.h"
#undef TW_TRADE_NAME
#undef TW_TRADE_ATTR
#undef K_DOT4
#undef K_DOT4X2
#undef K_AXPY
#undef K_AXPY2

#if TW_KERNELS_AVX
#define TW_TRADE_NAME(f) f##_avx
#define TW_TRADE_ATTR TW_AVX
#define K_DOT4 tw_dot4_avx
#define K_DOT4X2 tw_dot4x2_avx
#define K_AXPY tw_axpy_avx
#define K_AXPY2 tw_axpy2_avx
#include "model/trade_body.h"
#endif

/* The forward and reverse passes with the widest kernels the processor runs (the same bits). */
static double trade_forward(const tw_model *m, tw_workspace *ws, const double *z, double *gz)
{
#if TW_KERNELS_AVX
    if (tw_kernels_avx())
        return trade_forward_avx(m, ws, z, gz);
#endif
    return trade_forward_sse2(m, ws, z, gz);
}

static void trade_reverse(const tw_model *m, const tw_workspace *ws, tw_map_adjoint *a,
                          const tw_vjp_args *r)
{
#if TW_KERNELS_AVX
    if (tw_kernels_avx()) {
        trade_reverse_avx(m, ws, a, r);
        return;
    }
#endif
    trade_reverse_sse2(m, ws, a, r);
}

void tw_trade_coeff_bars(const tw_model *m, const tw_workspace *ws, const tw_map_adjoint *a,
                         int n, int i, int j, double bar[4])
{
    tw_dims d = m->d;
    size_t jn = tw_ix_jn(d, j, n), ji = tw_ix_jn(d, j, i);
    double cp = ws->cpow[ji], f = ws->x[tw_ix_nj(d, n, j)] * ws->inv_s[jn];
    /* s and rs are linear in a and r (weights cpow); acc and xacc in b and e (weights f). With
     * no source (s replaced by 1) the bars of s and rs are zero, and so are b and e. */
    bar[0] = a->s_sum[jn] * cp;
    bar[1] = a->acc[ji] * f;
    bar[2] = a->rs_sum[jn] * cp;
    bar[3] = ws->k.has_export_tax ? a->xacc[ji] * f : 0.0;
}

const tw_block tw_block_trade = {"trade", "(2), (3), Y' of (4), R' and T' of (5)", trade_forward,
                                 trade_reverse};
