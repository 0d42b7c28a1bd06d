/* SPDX-License-Identifier: MIT */
/* Maximum flow of the capped transportation network of a carve (carve_feasible.h), by Dinic's
 * algorithm: breadth-first levels, then blocking flows along level-increasing paths. Paths have
 * three edges (source, exporter, importer, sink), so the depth-first search is shallow. */
#include "carve_feasible.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_util.h"

typedef struct net {
    int nv, ne;
    int *head, *next, *to, *level, *iter, *queue;
    double *res;
    double tol;
} net;

static void add_edge(net *g, int u, int v, double c)
{
    g->to[g->ne] = v;
    g->res[g->ne] = c;
    g->next[g->ne] = g->head[u];
    g->head[u] = g->ne++;
    g->to[g->ne] = u;
    g->res[g->ne] = 0.0;
    g->next[g->ne] = g->head[v];
    g->head[v] = g->ne++;
}

/* Levels from the source over edges with residual > tol; 1 if the sink is reached. */
static int levels(net *g, int s, int t)
{
    for (int v = 0; v < g->nv; v++)
        g->level[v] = -1;
    int qh = 0, qt = 0;
    g->level[s] = 0;
    g->queue[qt++] = s;
    while (qh < qt) {
        int u = g->queue[qh++];
        for (int e = g->head[u]; e >= 0; e = g->next[e])
            if (g->res[e] > g->tol && g->level[g->to[e]] < 0) {
                g->level[g->to[e]] = g->level[u] + 1;
                g->queue[qt++] = g->to[e];
            }
    }
    return g->level[t] >= 0;
}

/* Pushes up to f along one level-increasing path from u to t; returns what it pushed. The
 * bottleneck edge's residual becomes exactly zero, so every call either saturates an edge or
 * finds none, and the search ends. */
static double push(net *g, int u, int t, double f)
{
    if (u == t)
        return f;
    for (; g->iter[u] >= 0; g->iter[u] = g->next[g->iter[u]]) {
        int e = g->iter[u], v = g->to[e];
        if (!(g->res[e] > g->tol) || g->level[v] != g->level[u] + 1)
            continue;
        double d = push(g, v, t, fmin(f, g->res[e]));
        if (d > 0) {
            g->res[e] -= d;
            g->res[e ^ 1] += d;
            return d;
        }
    }
    return 0.0;
}

double tt_transport_max_flow(int N, const double *rows, const double *cols, const double *cap,
                             const unsigned char *edge, double tol, unsigned char *side_exp,
                             unsigned char *side_imp)
{
    net g = {0};
    g.nv = 2 * N + 2;
    g.tol = tol;
    size_t me = 2 * ((size_t)N * (size_t)N + 2 * (size_t)N);
    g.head = malloc((size_t)g.nv * sizeof(int));
    g.level = malloc((size_t)g.nv * sizeof(int));
    g.iter = malloc((size_t)g.nv * sizeof(int));
    g.queue = malloc((size_t)g.nv * sizeof(int));
    g.next = malloc(me * sizeof(int));
    g.to = malloc(me * sizeof(int));
    g.res = malloc(me * sizeof(double));
    double flow = -1.0;
    if (!g.head || !g.level || !g.iter || !g.queue || !g.next || !g.to || !g.res)
        goto done;
    const int s = 0, t = 2 * N + 1; /* exporter i is node 1 + i, importer n is 1 + N + n */
    for (int v = 0; v < g.nv; v++)
        g.head[v] = -1;
    for (int i = 0; i < N; i++)
        add_edge(&g, s, 1 + i, rows[i]);
    for (int n = 0; n < N; n++)
        for (int i = 0; i < N; i++)
            if (edge[(size_t)n * (size_t)N + (size_t)i])
                add_edge(&g, 1 + i, 1 + N + n, cap[(size_t)n * (size_t)N + (size_t)i]);
    for (int n = 0; n < N; n++)
        add_edge(&g, 1 + N + n, t, cols[n]);
    flow = 0.0;
    while (levels(&g, s, t)) {
        for (int v = 0; v < g.nv; v++)
            g.iter[v] = g.head[v];
        double f;
        while ((f = push(&g, s, t, INFINITY)) > 0)
            flow += f;
    }
    /* The last search did not reach the sink: what it reached is the source side of a
     * minimum cut. */
    for (int i = 0; i < N; i++)
        side_exp[i] = g.level[1 + i] >= 0;
    for (int n = 0; n < N; n++)
        side_imp[n] = g.level[1 + N + n] >= 0;
done:
    free(g.head);
    free(g.level);
    free(g.iter);
    free(g.queue);
    free(g.next);
    free(g.to);
    free(g.res);
    return flow;
}

/* Appends the codes of the flagged countries to buf, largest value first, at most 8 ("USA,
 * FRA and 3 more"). */
static void list_codes(char *buf, size_t size, int N, const unsigned char *flag,
                       const double *value, const char *const *codes)
{
    size_t len = strlen(buf);
    int total = 0;
    for (int k = 0; k < N; k++)
        total += flag[k] != 0;
    unsigned char *shown = tt_calloc((size_t)N, 1);
    int count = 0;
    for (; count < 8 && count < total; count++) {
        int best = -1;
        for (int k = 0; k < N; k++)
            if (flag[k] && !shown[k] && (best < 0 || value[k] > value[best]))
                best = k;
        shown[best] = 1;
        if (len + 16 < size)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", count ? ", " : "",
                                    codes[best]);
    }
    free(shown);
    if (total > count && len + 24 < size)
        snprintf(buf + len, size - len, " and %d more", total - count);
    if (!total && len + 8 < size)
        snprintf(buf + len, size - len, "none");
}

void tt_carve_check_joint(int N, const double *seed, const double *cap, const double *rows,
                          const double *cols, const char *const *codes)
{
    size_t NN = (size_t)N * (size_t)N;
    unsigned char *edge = tt_calloc(NN, 1), *se = tt_calloc((size_t)N, 1);
    unsigned char *si = tt_calloc((size_t)N, 1);
    double V = 0.0;
    for (int i = 0; i < N; i++)
        V += rows[i];
    for (size_t k = 0; k < NN; k++)
        edge[k] = seed[k] > 0;
    double flow = tt_transport_max_flow(N, rows, cols, cap, edge, 1e-15 * V, se, si);
    if (flow < 0)
        tt_die("out of memory");
    if (flow >= V * (1.0 - 1e-9)) {
        tt_note("the caps hold the outputs and absorptions jointly (maximum flow %.9g of %.9g)",
                flow, V);
        free(edge);
        free(se);
        free(si);
        return;
    }
    /* Gale's condition fails for the exporters S on the source side: they must sell
     * sum_S rows, but can reach only the importers on the source side (whole absorption) and
     * the others up to the caps. */
    double need = 0.0, room = 0.0;
    for (int i = 0; i < N; i++)
        if (se[i]) {
            need += rows[i];
            for (int n = 0; n < N; n++)
                if (!si[n] && edge[(size_t)n * (size_t)N + (size_t)i])
                    room += cap[(size_t)n * (size_t)N + (size_t)i];
        }
    for (int n = 0; n < N; n++)
        if (si[n])
            room += cols[n];
    char exp_list[512] = "", imp_list[512] = "";
    list_codes(exp_list, sizeof exp_list, N, se, rows, codes);
    list_codes(imp_list, sizeof imp_list, N, si, cols, codes);
    free(edge);
    free(se);
    free(si);
    tt_die("the outputs and absorptions of the new sector do not fit in the caps jointly (each "
           "country fits alone): exporters %s must sell %.9g, but their capped sales to the other "
           "importers plus the whole absorption of importers %s hold at most %.9g; the largest "
           "world output that fits is %.9g of %.9g: lower those exporters' outputs by %.6g in "
           "total or raise max_carve_share",
           exp_list, need, imp_list, room, flow, V, V - flow);
}
