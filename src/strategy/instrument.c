/* SPDX-License-Identifier: MIT */
/* Instruments: uniform, by sector, by partner and sector; levels or increases. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "model/model_internal.h"
#include "strategy/instrument.h"

void tw_instrument_map_free(tw_instrument_map *map)
{
    if (!map)
        return;
    free(map->at);
    free(map->var);
    free(map->var_sector);
    free(map->var_partner);
    memset(map, 0, sizeof *map);
}

tw_status tw_instrument_map_build(const tw_model *m, const tw_instrument *ins,
                                  tw_instrument_map *map, tw_error *err)
{
    memset(map, 0, sizeof *map);
    tw_dims d = m->d;
    const tw_world *w = m->w;
    int c = ins->country;
    if (c < 0 || c >= d.n)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "instrument", "country index %d out of range", c);
    if ((unsigned)ins->kind > (unsigned)TW_INSTRUMENT_PARTNER_SECTOR)
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "instrument", "unknown instrument kind");
    double lo = ins->lower, hi = ins->upper;
    if (lo == 0 && hi == 0)
        hi = 2.0;
    if (ins->only_increases && lo < 0)
        lo = 0;
    if (!(lo > -1) || !(hi >= lo) || !isfinite(hi))
        return tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "instrument",
                       "bounds must satisfy -1 < lower <= upper < inf, got [%g, %g]", lo, hi);
    map->lower = lo;
    map->upper = hi;
    int *is_partner = calloc((size_t)d.n, sizeof(int));
    int *pvar = calloc((size_t)d.n, sizeof(int)), *svar = calloc((size_t)d.j, sizeof(int));
    size_t cap = (size_t)d.n * (size_t)d.j;
    map->at = malloc(cap * sizeof *map->at);
    map->var = malloc(cap * sizeof *map->var);
    map->var_sector = malloc(cap * sizeof(int));
    map->var_partner = malloc(cap * sizeof(int));
    if (!is_partner || !pvar || !svar || !map->at || !map->var || !map->var_sector ||
        !map->var_partner) {
        free(is_partner);
        free(pvar);
        free(svar);
        tw_instrument_map_free(map);
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    tw_status st = TW_OK;
    if (ins->n_partners > 0) {
        for (int k = 0; k < ins->n_partners; k++) {
            int p = ins->partners[k];
            if (p < 0 || p >= d.n || p == c) {
                st = tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "instrument",
                             "partner index %d is out of range or the country itself", p);
                break;
            }
            is_partner[p] = 1;
        }
    } else {
        for (int p = 0; p < d.n; p++)
            is_partner[p] = p != c;
    }
    /* Variables are numbered in the order sector-major (partner-sector: sector, then partner). */
    int np = 0, ns = 0;
    for (int p = 0; p < d.n; p++)
        pvar[p] = is_partner[p] ? np++ : -1;
    for (int j = 0; j < d.j; j++)
        svar[j] = (ins->services || tw_world_sector_is_goods(w, j)) ? ns++ : -1;
    if (!st && (np == 0 || ns == 0))
        st = tw_fail(err, TW_ERR_INPUT, NULL, 0, 0, "instrument",
                     "the instrument covers no tariff (no partners or no sectors)");
    if (!st) {
        switch (ins->kind) {
        case TW_INSTRUMENT_UNIFORM: map->nvar = 1; break;
        case TW_INSTRUMENT_SECTOR: map->nvar = (size_t)ns; break;
        default: map->nvar = (size_t)ns * (size_t)np; break;
        }
        for (size_t v = 0; v < map->nvar; v++)
            map->var_sector[v] = map->var_partner[v] = -1;
        for (int j = 0; j < d.j; j++) {
            if (svar[j] < 0)
                continue;
            for (int p = 0; p < d.n; p++) {
                if (pvar[p] < 0)
                    continue;
                int v = ins->kind == TW_INSTRUMENT_UNIFORM  ? 0
                        : ins->kind == TW_INSTRUMENT_SECTOR ? svar[j]
                                                            : svar[j] * np + pvar[p];
                if (ins->kind != TW_INSTRUMENT_UNIFORM)
                    map->var_sector[v] = j;
                if (ins->kind == TW_INSTRUMENT_PARTNER_SECTOR)
                    map->var_partner[v] = p;
                map->at[map->len] = tw_ix_nij(d, c, p, j);
                map->var[map->len] = v;
                map->len++;
            }
        }
    }
    free(is_partner);
    free(pvar);
    free(svar);
    if (st)
        tw_instrument_map_free(map);
    return st;
}

void tw_instrument_apply(const tw_instrument_map *map, const tw_instrument *ins, const double *x,
                         const double *start, double *tariff)
{
    for (size_t k = 0; k < map->len; k++) {
        size_t at = map->at[k];
        tariff[at] = ins->only_increases ? start[at] + x[map->var[k]] : x[map->var[k]];
    }
}

void tw_instrument_pull(const tw_instrument_map *map, const double *grad, double *gx)
{
    memset(gx, 0, map->nvar * sizeof *gx);
    for (size_t k = 0; k < map->len; k++)
        gx[map->var[k]] += grad[map->at[k]];
}

long tw_instrument_read(const tw_instrument_map *map, const tw_instrument *ins,
                        const double *tariff, const double *start, double *x,
                        double *unclipped)
{
    long clipped = -1;
    memset(x, 0, map->nvar * sizeof *x);
    for (size_t v = 0; v < map->nvar; v++) {
        double s = 0.0;
        int cnt = 0;
        for (size_t k = 0; k < map->len; k++)
            if ((size_t)map->var[k] == v) {
                size_t at = map->at[k];
                s += ins->only_increases ? tariff[at] - start[at] : tariff[at];
                cnt++;
            }
        double v0 = cnt ? s / cnt : 0.0;
        x[v] = fmin(fmax(v0, map->lower), map->upper);
        if (clipped < 0 && x[v] != v0) {
            clipped = (long)v;
            if (unclipped)
                *unclipped = v0;
        }
    }
    return clipped;
}
