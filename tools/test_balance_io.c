/* SPDX-License-Identifier: MIT */
/* Tests of the input-output balancing (balance_io.h) on random economies with fixed seeds:
 * afterwards no row exceeds its cap, every column keeps its total, no new input link appears,
 * and the solution satisfies the optimality conditions of the cross-entropy problem (Z = r_k Z0
 * s_j with r_k = 1 on the rows whose cap is slack and r_k <= 1 on the binding ones), so it is
 * the minimum; an economy that already fits is left bit for bit as it was; and one whose inputs
 * cannot fit with value added fixed gets value added adjusted. Exit status 0 on success. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "balance_io.h"

static unsigned long long rng = 12345;
static double uniform(void)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static int failures, balanced;
#define CHECK(cond, ...)                                                                        \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            fprintf(stderr, "test_balance_io: FAIL %s:%d: ", __FILE__, __LINE__);               \
            fprintf(stderr, __VA_ARGS__);                                                       \
            fputc('\n', stderr);                                                                \
            failures++;                                                                         \
        }                                                                                       \
    } while (0)

enum { J = 7 };

/* Checks the solution of one random economy (country 0 of a one-country world). */
static void random_case(int seed)
{
    tw_dims d = {1, J};
    double y[J], x[J], va[J], io[J * J], io0[J * J], va0[J];
    rng = 1000003ULL * (unsigned long long)seed + 7;
    for (int j = 0; j < J; j++) {
        y[j] = 1 + 9 * uniform();
        va[j] = 0.2 + 0.4 * uniform();
        double sum = 0, w[J];
        for (int k = 0; k < J; k++) {
            w[k] = uniform() < 0.2 ? 0.0 : uniform();
            sum += w[k];
        }
        for (int k = 0; k < J; k++)
            io[tw_ix_nkj(d, 0, k, j)] = sum > 0 ? (1 - va[j]) * w[k] / sum : 0.0;
        if (!(sum > 0))
            va[j] = 1.0;
    }
    /* Caps: each row's seed use times a factor in [0.5, 1.5], then scaled up if needed so that
     * the caps can hold every column's inputs (with room to spare). */
    double need = 0, have = 0;
    for (int k = 0; k < J; k++) {
        double use = 0;
        for (int j = 0; j < J; j++)
            use += io[tw_ix_nkj(d, 0, k, j)] * y[j];
        x[k] = use * (0.5 + uniform()) + 0.01;
        have += x[k];
    }
    for (int j = 0; j < J; j++)
        need += (1 - va[j]) * y[j];
    if (have < 1.2 * need)
        for (int k = 0; k < J; k++)
            x[k] *= 1.2 * need / have;
    memcpy(io0, io, sizeof io);
    memcpy(va0, va, sizeof va);
    tt_balance_country r;
    tt_balance_country_io(d, 0, x, y, va, io, &r);
    balanced += r.negative > 0;
    CHECK(tt_negative_final_demand(d, 0, x, y, io, NULL) == 0, "seed %d: negative residuals", seed);
    CHECK(!r.va_adjusted, "seed %d: value added adjusted although the caps have room", seed);
    for (int j = 0; j < J; j++) {
        double s0 = va0[j], s1 = va[j];
        for (int k = 0; k < J; k++) {
            s0 += io0[tw_ix_nkj(d, 0, k, j)];
            s1 += io[tw_ix_nkj(d, 0, k, j)];
            CHECK(io0[tw_ix_nkj(d, 0, k, j)] > 0 || io[tw_ix_nkj(d, 0, k, j)] == 0,
                  "seed %d: new input link %d -> %d", seed, k, j);
        }
        CHECK(fabs(s1 - s0) < 1e-14, "seed %d: column %d sum %.17g, was %.17g", seed, j, s1, s0);
        CHECK(va[j] == va0[j], "seed %d: value added of %d moved", seed, j);
    }
    /* Optimality: log ratios L_kj = ln(Z/Z0) = ln r_k + ln s_j. */
    double rowsum[J], lns[J];
    int slack[J];
    for (int k = 0; k < J; k++) {
        rowsum[k] = 0;
        for (int j = 0; j < J; j++)
            rowsum[k] += io[tw_ix_nkj(d, 0, k, j)] * y[j];
        slack[k] = rowsum[k] < x[k] * (1 - 1e-9);
    }
    for (int j = 0; j < J; j++) {
        lns[j] = NAN;
        for (int k = 0; k < J; k++) {
            double a = io0[tw_ix_nkj(d, 0, k, j)], b = io[tw_ix_nkj(d, 0, k, j)];
            if (!(a > 0) || !slack[k])
                continue;
            double l = log(b / a);
            if (isnan(lns[j]))
                lns[j] = l;
            CHECK(fabs(l - lns[j]) < 1e-9, "seed %d: slack rows scaled differently in %d", seed, j);
        }
    }
    for (int k = 0; k < J; k++) {
        if (slack[k])
            continue;
        double lnr = NAN;
        for (int j = 0; j < J; j++) {
            double a = io0[tw_ix_nkj(d, 0, k, j)], b = io[tw_ix_nkj(d, 0, k, j)];
            if (!(a > 0) || isnan(lns[j]))
                continue;
            double l = log(b / a) - lns[j];
            if (isnan(lnr))
                lnr = l;
            CHECK(fabs(l - lnr) < 1e-9, "seed %d: binding row %d not scaled uniformly", seed, k);
            CHECK(l <= 1e-9, "seed %d: binding row %d scaled up (ln r = %g)", seed, k, l);
        }
    }
}

/* An economy whose use already fits is not touched. */
static void feasible_case(void)
{
    tw_dims d = {1, 2};
    double y[2] = {10, 20}, x[2] = {100, 100}, va[2] = {0.5, 0.4};
    double io[4] = {0.2, 0.3, 0.3, 0.3}; /* [k][j] */
    double io0[4];
    memcpy(io0, io, sizeof io);
    tt_balance_country r;
    tt_balance_country_io(d, 0, x, y, va, io, &r);
    CHECK(r.negative == 0 && r.iterations == 0 && memcmp(io, io0, sizeof io) == 0,
          "a feasible economy was changed");
}

/* Sector 0 uses only input 0, whose cap cannot hold it: value added must give way. */
static void value_added_case(void)
{
    tw_dims d = {1, 2};
    double y[2] = {10, 10}, x[2] = {1, 50}, va[2] = {0.5, 0.5};
    double io[4] = {0.5, 0.0, 0.0, 0.5}; /* sector 0 buys 5 of input 0, which absorbs 1 */
    tt_balance_country r;
    tt_balance_country_io(d, 0, x, y, va, io, &r);
    CHECK(r.va_adjusted == 1, "value added not adjusted");
    CHECK(tt_negative_final_demand(d, 0, x, y, io, NULL) == 0, "negative residual remains");
    CHECK(fabs(va[0] + io[0] + io[2] - 1) < 1e-14, "sector 0 shares add to %.17g",
          va[0] + io[0] + io[2]);
    CHECK(io[0] * y[0] <= x[0] * (1 + 1e-12), "input 0 over its cap");
}

int main(void)
{
    for (int seed = 1; seed <= 200; seed++)
        random_case(seed);
    /* Not vacuous: most random economies start with negative residuals. */
    CHECK(balanced >= 150, "only %d of 200 random economies needed balancing", balanced);
    feasible_case();
    value_added_case();
    if (failures)
        return 1;
    printf("test_balance_io: 202 cases passed (%d of the random ones balanced)\n", balanced);
    return 0;
}
