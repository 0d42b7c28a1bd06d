/* SPDX-License-Identifier: MIT */
/* Tests of the carve's joint-feasibility check (carve_feasible.h). The maximum flow of a
 * transportation network with caps equals min over exporter sets S of
 *   sum_{i not in S} rows_i + sum_n min(cols_n, sum_{i in S} cap_ni)
 * (max-flow min-cut on the bipartite network: each importer is cut on whichever side is
 * cheaper), which a brute force over the 2^N sets computes independently for N <= 7. On 400
 * random networks with fixed seeds the two agree, and the returned cut has the flow's capacity;
 * a hand-made case in which every exporter and importer fits alone but two exporters do not fit
 * together is found infeasible, with those two on the source side. Exit status 0 on success. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "carve_feasible.h"

static unsigned long long rng = 987654321;
static double uniform(void)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static int failures;
#define CHECK(cond, ...)                                                                        \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            fprintf(stderr, "test_carve_feasible: FAIL %s:%d: ", __FILE__, __LINE__);           \
            fprintf(stderr, __VA_ARGS__);                                                       \
            fputc('\n', stderr);                                                                \
            failures++;                                                                         \
        }                                                                                       \
    } while (0)

enum { MAXN = 7 };

static double brute_force(int N, const double *rows, const double *cols, const double *cap,
                          const unsigned char *edge)
{
    double best = INFINITY;
    for (unsigned mask = 0; mask < (1u << N); mask++) {
        double c = 0.0;
        for (int i = 0; i < N; i++)
            if (!(mask >> i & 1u))
                c += rows[i];
        for (int n = 0; n < N; n++) {
            double in = 0.0;
            for (int i = 0; i < N; i++)
                if (mask >> i & 1u && edge[n * N + i])
                    in += cap[n * N + i];
            c += fmin(cols[n], in);
        }
        best = fmin(best, c);
    }
    return best;
}

/* Capacity of the cut that the source sides se (exporters) and si (importers) define. */
static double cut_capacity(int N, const double *rows, const double *cols, const double *cap,
                           const unsigned char *edge, const unsigned char *se,
                           const unsigned char *si)
{
    double c = 0.0;
    for (int i = 0; i < N; i++) {
        if (!se[i]) {
            c += rows[i];
            continue;
        }
        for (int n = 0; n < N; n++)
            if (!si[n] && edge[n * N + i])
                c += cap[n * N + i];
    }
    for (int n = 0; n < N; n++)
        if (si[n])
            c += cols[n];
    return c;
}

/* Returns 1 if the random network is infeasible (max flow below the world output). */
static int random_case(int seed)
{
    double rows[MAXN], cols[MAXN], cap[MAXN * MAXN];
    unsigned char edge[MAXN * MAXN], se[MAXN], si[MAXN];
    rng = 1000003ULL * (unsigned long long)seed + 11;
    int N = 1 + (int)(uniform() * MAXN);
    double rs = 0.0, cs = 0.0;
    for (int k = 0; k < N; k++) {
        rows[k] = uniform() < 0.15 ? 0.0 : 100.0 * uniform();
        cols[k] = 100.0 * uniform();
        rs += rows[k];
        cs += cols[k];
    }
    for (int k = 0; k < N; k++) /* world output = world absorption, as in a carve */
        cols[k] *= cs > 0 ? rs / cs : 0.0;
    double tight = 0.3 + 1.2 * uniform(); /* how large the caps are relative to the flows */
    for (int k = 0; k < N * N; k++) {
        edge[k] = uniform() < 0.7;
        cap[k] = edge[k] ? tight * 100.0 * uniform() : 0.0;
    }
    double flow = tt_transport_max_flow(N, rows, cols, cap, edge, 1e-13, se, si);
    double ref = brute_force(N, rows, cols, cap, edge);
    double scale = fmax(1.0, rs);
    CHECK(fabs(flow - ref) <= 1e-10 * scale, "seed %d: max flow %.17g, brute force %.17g", seed,
          flow, ref);
    double cut = cut_capacity(N, rows, cols, cap, edge, se, si);
    CHECK(fabs(cut - flow) <= 1e-10 * scale, "seed %d: cut %.17g, flow %.17g", seed, cut, flow);
    return flow < rs - 1e-9 * scale;
}

/* Exporters 0 and 1 sell 60 each; they reach only importer 0 (absorbs 70) and importer 1 up
 * to 20 each: each alone fits (70 + 20 >= 60), together they have 70 + 40 = 110 < 120.
 * Exporter 2 (output 30) sells to importers 1 and 2 only. */
static void hand_case(void)
{
    enum { N = 3 };
    double rows[N] = {60, 60, 30}, cols[N] = {70, 60, 20};
    double cap[N * N] = {0};
    unsigned char edge[N * N] = {0}, se[N], si[N];
#define SET(n, i, c) (edge[(n) * N + (i)] = 1, cap[(n) * N + (i)] = (c))
    SET(0, 0, 100);
    SET(0, 1, 100);
    SET(1, 0, 20);
    SET(1, 1, 20);
    SET(1, 2, 100);
    SET(2, 2, 100);
#undef SET
    double flow = tt_transport_max_flow(N, rows, cols, cap, edge, 1e-13, se, si);
    CHECK(fabs(flow - 140.0) <= 1e-12, "hand case: max flow %.17g, expected 140", flow);
    CHECK(se[0] && se[1] && !se[2], "hand case: source-side exporters %d %d %d, expected 1 1 0",
          se[0], se[1], se[2]);
    CHECK(si[0] && !si[1] && !si[2], "hand case: source-side importers %d %d %d, expected 1 0 0",
          si[0], si[1], si[2]);
}

int main(void)
{
    int infeasible = 0;
    for (int seed = 0; seed < 400; seed++)
        infeasible += random_case(seed);
    /* Not vacuous: the random caps make both outcomes common. */
    CHECK(infeasible >= 40 && infeasible <= 360, "%d of 400 random networks infeasible",
          infeasible);
    hand_case();
    if (failures) {
        fprintf(stderr, "test_carve_feasible: %d failures\n", failures);
        return 1;
    }
    printf("test_carve_feasible: 401 cases passed (%d random ones infeasible)\n", infeasible);
    return 0;
}
