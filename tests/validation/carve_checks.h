/* SPDX-License-Identifier: MIT */
/* Checks that a world carved by tools/carve_sector reproduces its parent world's totals, for
 * test_rare_earths.c (icio2022re from icio2022) and test_tech_controls.c (icio2022tech from
 * icio2022re). A carved sector's origin is the parent world's sector of the same code, or, for
 * a new sector, the one it was carved out of (carved.csv). Summed over the sectors of one
 * origin, the carved world must give the parent's bilateral flows (1e-12 relative, 1e-9 USD
 * million absolute), final-demand shares (1e-12) and input shares (1e-15, the loader's
 * rescaling of shares that add to one only up to rounding); every sector keeps its origin's
 * tariffs (exactly) and value-added share (1e-15: a child produces like its parent); every
 * country keeps its value added and deficit; the new sectors have no final demand (1e-9 of
 * final spending: the rounding of absorption minus intermediate demand). */
#ifndef TW_TEST_CARVE_CHECKS_H
#define TW_TEST_CARVE_CHECKS_H

#include "test_util.h"

/* Relative closeness with an absolute floor (values in USD million). */
static inline void tw_test_carve_near(double a, double b, const char *what, int n, int i)
{
    double tol = 1e-12 * fmax(fabs(a), fabs(b)) + 1e-9;
    if (fabs(a - b) > tol)
        assert_close(a, b, tol, "%s (%d, %d)", what, n, i);
}

/* World output of the carved world's sector `code` (sum of its flows). */
static inline double tw_test_carve_output(const tw_world *w, const char *code)
{
    tw_dims d = tw_world_dims(w);
    int j = tw_world_sector_index(w, code);
    assert_true(j >= 0);
    const double *f = tw_world_flows(w);
    double s = 0.0;
    for (int n = 0; n < d.n; n++)
        for (int i = 0; i < d.n; i++)
            s += f[tw_ix_nij(d, n, i, j)];
    return s;
}

/* The checks of the header comment; n_new is the number of sectors the carve added. */
static inline void tw_test_carve_totals(const tw_world *parent, const tw_world *carved, int n_new)
{
    tw_dims dp = tw_world_dims(parent), dc = tw_world_dims(carved);
    assert_int_equal(dc.n, dp.n);
    assert_int_equal(dc.j, dp.j + n_new);
    int *origin = calloc((size_t)dc.j, sizeof *origin), *same = calloc((size_t)dp.j, sizeof *same);
    unsigned char *is_new = calloc((size_t)dc.j, 1);
    assert_non_null(origin);
    assert_non_null(same);
    assert_non_null(is_new);
    int found = 0;
    for (int k = 0; k < dc.j; k++) {
        origin[k] = tw_world_sector_index(parent, tw_world_sector_code(carved, k));
        if (origin[k] < 0) {
            int p = tw_world_sector_parent(carved, k);
            assert_true(p >= 0);
            origin[k] = tw_world_sector_index(parent, tw_world_sector_code(carved, p));
            assert_true(origin[k] >= 0);
            is_new[k] = 1;
            found++;
        } else {
            same[origin[k]] = k;
        }
    }
    assert_int_equal(found, n_new);
    const double *fp = tw_world_flows(parent), *fc = tw_world_flows(carved);
    const double *tp = tw_world_tariffs(parent), *tc = tw_world_tariffs(carved);
    double *sum = calloc((size_t)dp.j, sizeof *sum);
    assert_non_null(sum);
    for (int n = 0; n < dp.n; n++)
        for (int i = 0; i < dp.n; i++) {
            for (int j = 0; j < dp.j; j++)
                sum[j] = 0.0;
            for (int k = 0; k < dc.j; k++) {
                double f = fc[tw_ix_nij(dc, n, i, k)];
                assert_true(f >= 0.0);
                sum[origin[k]] += f;
                assert_true(tc[tw_ix_nij(dc, n, i, k)] == tp[tw_ix_nij(dp, n, i, origin[k])]);
            }
            for (int j = 0; j < dp.j; j++)
                tw_test_carve_near(sum[j], fp[tw_ix_nij(dp, n, i, j)], "flow", n, i);
        }
    const double *vap = tw_world_value_added(parent), *vac = tw_world_value_added(carved);
    const double *dfp = tw_world_deficit(parent), *dfc = tw_world_deficit(carved);
    const double *ap = tw_world_final_share(parent), *ac = tw_world_final_share(carved);
    const double *iop = tw_world_io_share(parent), *ioc = tw_world_io_share(carved);
    const double *gp = tw_world_va_share(parent), *gc = tw_world_va_share(carved);
    for (int n = 0; n < dp.n; n++) {
        tw_test_carve_near(vac[n], vap[n], "value added", n, 0);
        tw_test_carve_near(dfc[n], dfp[n], "deficit", n, 0);
        for (int j = 0; j < dp.j; j++)
            sum[j] = 0.0;
        for (int k = 0; k < dc.j; k++) {
            sum[origin[k]] += ac[tw_ix_nj(dc, n, k)];
            if (is_new[k])
                assert_close(ac[tw_ix_nj(dc, n, k)], 0.0, 1e-9, "final demand for %s, country %d",
                             tw_world_sector_code(carved, k), n);
            assert_close(gc[tw_ix_nj(dc, n, k)], gp[tw_ix_nj(dp, n, origin[k])], 1e-15,
                         "value-added share (%d, %d)", n, k);
        }
        for (int j = 0; j < dp.j; j++)
            assert_close(sum[j], ap[tw_ix_nj(dp, n, j)], 1e-12, "final-demand share (%d, %d)", n,
                         j);
        for (int j = 0; j < dp.j; j++) { /* user j of the parent world, same[j] in the carved */
            for (int k = 0; k < dp.j; k++)
                sum[k] = 0.0;
            for (int k = 0; k < dc.j; k++)
                sum[origin[k]] += ioc[tw_ix_nkj(dc, n, k, same[j])];
            for (int k = 0; k < dp.j; k++)
                assert_close(sum[k], iop[tw_ix_nkj(dp, n, k, j)], 1e-15,
                             "input share (%d, %d, %d)", n, k, j);
        }
    }
    free(sum);
    free(origin);
    free(same);
    free(is_new);
}

#endif
