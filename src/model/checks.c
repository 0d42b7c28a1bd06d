/* SPDX-License-Identifier: MIT */
/* The solved baseline against the data (tradewar/checks.h). */
#include "tradewar/checks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "model/model_internal.h"

/* Inserts pair (i, n) into the list of the largest absolute gaps, kept sorted (ties: the
 * earlier pair first, so the list is deterministic). */
static void top_insert(tw_baseline_checks *c, int i, int n, double data, double base)
{
    double gap = fabs(base - data);
    int at = c->ntop;
    while (at > 0 && fabs(c->top[at - 1].baseline - c->top[at - 1].data) < gap)
        at--;
    if (at >= TW_BASELINE_TOP)
        return;
    int last = c->ntop < TW_BASELINE_TOP ? c->ntop : TW_BASELINE_TOP - 1;
    memmove(&c->top[at + 1], &c->top[at], (size_t)(last - at) * sizeof c->top[0]);
    c->top[at] = (tw_flow_gap){.exporter = i, .importer = n, .data = data, .baseline = base};
    if (c->ntop < TW_BASELINE_TOP)
        c->ntop++;
}

tw_status tw_baseline_checks_compute(const tw_model *m, tw_baseline_checks *out, tw_error *err)
{
    if (!m || !out)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL,
                       "tw_baseline_checks_compute: NULL argument");
    memset(out, 0, sizeof *out);
    const tw_world *w = m->w;
    const tw_equilibrium *base = m->base;
    tw_dims d = m->d;
    out->final_demand_clamped = tw_world_final_clamped(w);
    tw_model_baseline_gap(m, &out->value_added_gap, &out->value_added_country,
                          &out->absorption_gap, &out->absorption_country);
    double *pair_data = calloc((size_t)d.n * (size_t)d.n, sizeof *pair_data);
    double *pair_base = calloc((size_t)d.n * (size_t)d.n, sizeof *pair_base);
    if (!pair_data || !pair_base) {
        free(pair_data);
        free(pair_base);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    const double *flow = tw_world_flows(w);
    double sum_gap = 0.0, sum_data = 0.0;
    out->flow_exporter = out->flow_importer = out->flow_sector = -1;
    for (int j = 0; j < d.j; j++)
        for (int n = 0; n < d.n; n++) {
            double absorbed = 0.0; /* n's purchases of j at the border, all sources */
            for (int i = 0; i < d.n; i++)
                absorbed += flow[tw_ix_nij(d, n, i, j)];
            for (int i = 0; i < d.n; i++) {
                double f = flow[tw_ix_nij(d, n, i, j)];
                double b = tw_equilibrium_border_value(base, n, i, j);
                pair_data[tw_ix_ni(d, n, i)] += f;
                pair_base[tw_ix_ni(d, n, i)] += b;
                sum_gap += fabs(b - f);
                sum_data += f;
                if (!(f > 0))
                    continue;
                out->flows++;
                double g = fabs(b - f) / fmax(f, TW_BASELINE_FLOW_FLOOR * absorbed);
                if (!(g <= TW_BASELINE_TOLERANCE))
                    out->flows_over_tolerance++;
                if (g > out->flow_gap || isnan(g)) {
                    out->flow_gap = g;
                    out->flow_exporter = i;
                    out->flow_importer = n;
                    out->flow_sector = j;
                }
            }
        }
    out->flow_gap_share = sum_data > 0 ? sum_gap / sum_data : 0.0;
    for (int i = 0; i < d.n; i++)
        for (int n = 0; n < d.n; n++)
            if (n != i)
                top_insert(out, i, n, pair_data[tw_ix_ni(d, n, i)],
                           pair_base[tw_ix_ni(d, n, i)]);
    free(pair_data);
    free(pair_base);
    return TW_OK;
}

int tw_baseline_checks_pass(const tw_baseline_checks *c)
{
    return c && c->final_demand_clamped == 0 && c->value_added_gap <= TW_BASELINE_TOLERANCE &&
           c->absorption_gap <= TW_BASELINE_TOLERANCE && c->flow_gap <= TW_BASELINE_TOLERANCE;
}
