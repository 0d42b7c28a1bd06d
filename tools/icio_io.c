/* SPDX-License-Identifier: MIT */
/* The input-output block of data/icio2022: WIOD 2011 shares mapped to the ICIO sectors, and
 * their balancing against the 2022 flows (data/icio2022/README.md, "Input-output structure" and
 * "Balancing"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "balance_io.h"
#include "build_icio2022.h"

/* ---------------------------------------------------------------- WIOD input-output */

typedef struct wiod {
    tt_list region, industry;
    /* go, va [region r][industry k] (tw_ix_nj); z [r][k][j] (tw_ix_nkj): input k used by j */
    double *go, *va, *z;
    int ni;
} wiod;

/* WIOD's dimensions: regions as countries, industries as sectors. */
static tw_dims wdims(const wiod *d) { return (tw_dims){.n = d->region.n, .j = d->ni}; }

static void read_wiod(wiod *d, const char *raw)
{
    int idx[5];
    static const tw_csv_column rc[] = {{"code", 1}};
    tw_csv *csv = tt_open(raw, "wiod2013_wiot2011/countries.csv", rc, 1, idx);
    while (tt_next(csv))
        tt_list_add(&d->region, tw_csv_get(csv, idx[0]));
    tw_csv_close(csv);
    static const tw_csv_column sc[] = {{"code", 1}, {"name", 1}};
    csv = tt_open(raw, "wiod2013_wiot2011/sectors.csv", sc, 2, idx);
    while (tt_next(csv))
        tt_list_add(&d->industry, tw_csv_get(csv, idx[0]));
    tw_csv_close(csv);
    int nr = d->region.n, ni = d->ni = d->industry.n;
    if (ni > MAXS)
        tt_die("too many WIOD industries");
    d->go = tt_calloc((size_t)nr * (size_t)ni, sizeof *d->go);
    d->va = tt_calloc((size_t)nr * (size_t)ni, sizeof *d->va);
    d->z = tt_calloc((size_t)nr * (size_t)ni * (size_t)ni, sizeof *d->z);
    double *tii = tt_calloc((size_t)nr * (size_t)ni, sizeof *tii);
    char *seen = tt_calloc((size_t)nr * (size_t)ni, 1);

    static const tw_csv_column oc[] = {{"country", 1}, {"sector", 1}, {"gross_output", 1},
                                       {"total_intermediate_inputs", 1},
                                       {"value_added_residual", 1}};
    csv = tt_open(raw, "wiod2013_wiot2011/output_inputs_valueadded.csv", oc, 5, idx);
    while (tt_next(csv)) {
        int r = tt_list_need(&d->region, csv, idx[0]), k = tt_list_need(&d->industry, csv, idx[1]);
        if (seen[tw_ix_nj(wdims(d), r, k)]++)
            tt_fail_at(csv, idx[0], "duplicate (country, sector)");
        double go = tt_num(csv, idx[2]), ti = tt_num(csv, idx[3]), va = tt_num(csv, idx[4]);
        if (go < 0 || ti < 0 || va < 0)
            tt_fail_at(csv, idx[2], "negative output, inputs or value added");
        if (fabs(go - ti - va) > 1e-6 * fmax(1, go))
            tt_fail_at(csv, idx[4], "value added is not output minus inputs");
        d->go[tw_ix_nj(wdims(d), r, k)] = go;
        d->va[tw_ix_nj(wdims(d), r, k)] = va;
        tii[tw_ix_nj(wdims(d), r, k)] = ti;
    }
    tw_csv_close(csv);

    static const tw_csv_column zc[] = {{"country", 1}, {"input_sector", 1}, {"using_sector", 1},
                                       {"value", 1}};
    csv = tt_open(raw, "wiod2013_wiot2011/intermediate_use_by_input_and_using_sector.csv", zc, 4,
                  idx);
    while (tt_next(csv)) {
        int r = tt_list_need(&d->region, csv, idx[0]);
        int k = tt_list_need(&d->industry, csv, idx[1]), j = tt_list_need(&d->industry, csv, idx[2]);
        double v = tt_num(csv, idx[3]);
        if (v < 0)
            tt_fail_at(csv, idx[3], "negative intermediate use %g", v);
        d->z[tw_ix_nkj(wdims(d), r, k, j)] += v;
    }
    tw_csv_close(csv);
    for (int r = 0; r < nr; r++)
        for (int j = 0; j < ni; j++) {
            double s = 0;
            for (int k = 0; k < ni; k++)
                s += d->z[tw_ix_nkj(wdims(d), r, k, j)];
            if (!seen[tw_ix_nj(wdims(d), r, j)] || fabs(s - tii[tw_ix_nj(wdims(d), r, j)]) > 0.5)
                tt_die("WIOD %s %s: intermediate uses (%g) do not add up to the inputs total (%g)",
                       d->region.item[r], d->industry.item[j], s, tii[tw_ix_nj(wdims(d), r, j)]);
        }
    free(tii);
    free(seen);
}

void icio_build_io(icio *w, const char *raw)
{
    wiod d;
    memset(&d, 0, sizeof d);
    read_wiod(&d, raw);
    int ni = d.ni, rrow = tt_list_find(&d.region, "RoW");
    if (rrow < 0)
        tt_die("WIOD has no RoW region");

    /* map[k][j] = 1 if WIOD industry k maps to ICIO sector j */
    char map[MAXS][MAXS];
    memset(map, 0, sizeof map);
    int idx[2];
    static const tw_csv_column cc[] = {{"wiod", 1}, {"icio", 1}};
    tw_csv *csv = tt_open(raw, "concordance/wiod35_icio28.csv", cc, 2, idx);
    while (tt_next(csv)) {
        int k = tt_list_need(&d.industry, csv, idx[0]), j = tt_list_need(&w->scode, csv, idx[1]);
        if (map[k][j]++)
            tt_fail_at(csv, idx[0], "duplicate pair");
    }
    tw_csv_close(csv);
    for (int k = 0; k < ni; k++) {
        int any = 0;
        for (int j = 0; j < w->ns; j++)
            any |= map[k][j];
        if (!any)
            tt_die("WIOD industry %s maps to no ICIO sector", d.industry.item[k]);
    }
    for (int j = 0; j < w->ns; j++) {
        int any = 0;
        for (int k = 0; k < ni; k++)
            any |= map[k][j];
        if (!any)
            tt_die("ICIO sector %s has no WIOD parent", w->scode.item[j]);
    }

    /* Absorption of each ICIO economy by sector, to split WIOD input groups. */
    double *absorb = tt_calloc((size_t)w->nc * (size_t)w->ns, sizeof *absorb);
    for (int i = 0; i < w->nc; i++)
        for (int n = 0; n < w->nc; n++)
            for (int j = 0; j < w->ns; j++)
                absorb[tw_ix_nj(dims(w), n, j)] += w->flow[fx(w, i, n, j)];

    w->va_share = tt_calloc((size_t)w->nc * (size_t)w->ns, sizeof *w->va_share);
    w->io_share =
        tt_calloc((size_t)w->nc * (size_t)w->ns * (size_t)w->ns, sizeof *w->io_share);
    int nfallback = 0, nrow = 0;
    double worst = 0;
    for (int n = 0; n < w->nc; n++) {
        int r = tt_list_find(&d.region, w->wiod_of.item[n]);
        if (r < 0)
            tt_die("%s: WIOD region '%s' unknown", w->code.item[n], w->wiod_of.item[n]);
        if (r == rrow && strcmp(w->code.item[n], "ROW") != 0)
            nrow++;
        for (int j = 0; j < w->ns; j++) {
            /* Parents of using sector j: their output-weighted sum, i.e. the merged column. */
            int rr = r;
            double go = 0;
            for (int k = 0; k < ni; k++)
                if (map[k][j])
                    go += d.go[tw_ix_nj(wdims(&d), rr, k)];
            if (!(go > 0)) {
                tt_note("io: %s %s: WIOD %s has zero output, RoW structure used", w->code.item[n],
                        w->scode.item[j], d.region.item[r]);
                nfallback++;
                rr = rrow;
                go = 0;
                for (int k = 0; k < ni; k++)
                    if (map[k][j])
                        go += d.go[tw_ix_nj(wdims(&d), rr, k)];
                if (!(go > 0))
                    tt_die("RoW has zero output for %s", w->scode.item[j]);
            }
            double va = 0, sum;
            for (int p = 0; p < ni; p++)
                if (map[p][j])
                    va += d.va[tw_ix_nj(wdims(&d), rr, p)];
            w->va_share[tw_ix_nj(dims(w), n, j)] = va / go;
            sum = va / go;
            for (int k = 0; k < ni; k++) {
                double z = 0;
                for (int p = 0; p < ni; p++)
                    if (map[p][j])
                        z += d.z[tw_ix_nkj(wdims(&d), rr, k, p)];
                if (z == 0)
                    continue;
                /* Split input group k over its ICIO sectors by n's absorption of them. */
                double tot = 0;
                int cnt = 0;
                for (int q = 0; q < w->ns; q++)
                    if (map[k][q]) {
                        tot += absorb[tw_ix_nj(dims(w), n, q)];
                        cnt++;
                    }
                for (int q = 0; q < w->ns; q++)
                    if (map[k][q]) {
                        double part = tot > 0 ? absorb[tw_ix_nj(dims(w), n, q)] / tot : 1.0 / cnt;
                        w->io_share[tw_ix_nkj(dims(w), n, q, j)] += z / go * part;
                    }
                sum += z / go;
            }
            if (fabs(sum - 1) > worst)
                worst = fabs(sum - 1);
        }
    }
    /* Recheck on the stored shares, as written. */
    for (int n = 0; n < w->nc; n++)
        for (int j = 0; j < w->ns; j++) {
            double s = w->va_share[tw_ix_nj(dims(w), n, j)];
            for (int k = 0; k < w->ns; k++) {
                double v = w->io_share[tw_ix_nkj(dims(w), n, k, j)];
                if (!isfinite(v) || v < 0)
                    tt_die("io share not finite or negative");
                s += v;
            }
            if (!isfinite(s) || fabs(s - 1) > 1e-9)
                tt_die("%s %s: value added plus inputs = %.17g", w->code.item[n],
                       w->scode.item[j], s);
            if (fabs(s - 1) > worst)
                worst = fabs(s - 1);
        }
    tt_note("io: %d ICIO economies take WIOD's RoW structure (besides ROW); %d zero-output "
            "fallbacks; largest |VA + io - 1| = %.3g",
            nrow, nfallback, worst);
    free(absorb);
    free(d.go);
    free(d.va);
    free(d.z);
    tt_list_free(&d.region);
    tt_list_free(&d.industry);
}

/* Final demand as the engine derives it (docs/data-format.md): absorption minus intermediate
 * demand. The world ships no final_demand.csv; this only counts the negative residuals. */
void icio_residual_report(const icio *w)
{
    int neg = 0;
    double negsum = 0, abs_total = 0;
    double *y = tt_calloc((size_t)w->nc * (size_t)w->ns, sizeof *y);
    for (int i = 0; i < w->nc; i++)
        for (int n = 0; n < w->nc; n++)
            for (int j = 0; j < w->ns; j++)
                y[tw_ix_nj(dims(w), i, j)] += w->flow[fx(w, i, n, j)];
    for (int n = 0; n < w->nc; n++) {
        for (int j = 0; j < w->ns; j++) {
            double x = 0, inter = 0;
            for (int i = 0; i < w->nc; i++)
                x += w->flow[fx(w, i, n, j)] * (1 + w->tariff[fx(w, i, n, j)]);
            for (int k = 0; k < w->ns; k++)
                inter += w->io_share[tw_ix_nkj(dims(w), n, j, k)] * y[tw_ix_nj(dims(w), n, k)];
            abs_total += x;
            /* What the loader clamps and counts (src/data/world.c): below -1e-9 of absorption;
             * smaller negatives are rounding (balanced rows sit on zero). */
            if (x - inter < -1e-9 * x) {
                neg++;
                negsum += inter - x;
                tt_note("final demand: %s %s residual %.6g (absorption %.6g, intermediate "
                        "demand %.6g)",
                        w->code.item[n], w->scode.item[j], x - inter, x, inter);
            }
        }
    }
    tt_note("final demand: %d of %d residuals negative (sum %.6g USD million, %.3f%% of "
            "world absorption)",
            neg, w->nc * w->ns, negsum, 100 * negsum / abs_total);
    free(y);
}

/* ---------------------------------------------------------------- balancing */

void icio_balance(icio *w)
{
    tw_dims d = dims(w);
    size_t nj = (size_t)w->nc * (size_t)w->ns;
    double *x = tt_calloc(nj, sizeof *x), *y = tt_calloc(nj, sizeof *y);
    /* The loader's sums, in its order (src/data/world.c), on the flows as written. */
    for (int n = 0; n < w->nc; n++)
        for (int j = 0; j < w->ns; j++)
            for (int i = 0; i < w->nc; i++) {
                x[tw_ix_nj(d, n, j)] += w->flow[fx(w, i, n, j)] * (1.0 + w->tariff[fx(w, i, n, j)]);
                y[tw_ix_nj(d, i, j)] += w->flow[fx(w, i, n, j)];
            }
    int touched = 0, with_va = 0, worst_n = -1;
    double worst = 0.0, moved = 0.0, inter = 0.0;
    for (int n = 0; n < w->nc; n++) {
        tt_balance_country r;
        double before = 0.0;
        for (int j = 0; j < w->ns; j++)
            for (int k = 0; k < w->ns; k++)
                before += w->io_share[tw_ix_nkj(d, n, k, j)] * y[tw_ix_nj(d, n, j)];
        tt_balance_country_io(d, n, x, y, w->va_share, w->io_share, &r);
        inter += before;
        if (!r.negative)
            continue;
        touched++;
        with_va += r.va_adjusted;
        moved += r.moved * before;
        if (fmax(r.max_change, r.max_cut) > worst) {
            worst = fmax(r.max_change, r.max_cut);
            worst_n = n;
        }
        tt_note("balance: %s: %d negative residuals (%.6g USD million); %d sweeps, %d binding "
                "rows; intermediate flows moved %.3f%%; largest coefficient rise %+.1f%% "
                "(%s in %s), largest cut %.1f%% (%s in %s)%s",
                w->code.item[n], r.negative, r.negative_usd, r.iterations, r.binding,
                100 * r.moved, 100 * r.max_change,
                r.max_k < w->ns ? w->scode.item[r.max_k] : "value added",
                w->scode.item[r.max_j], 100 * r.max_cut,
                r.cut_k >= 0 && r.cut_k < w->ns ? w->scode.item[r.cut_k] : "value added",
                r.cut_j >= 0 ? w->scode.item[r.cut_j] : "-",
                r.va_adjusted ? "; value-added shares adjusted" : "");
        if (tt_negative_final_demand(d, n, x, y, w->io_share, NULL))
            tt_die("balance: %s still has negative final demand", w->code.item[n]);
    }
    tt_note("balance: %d of %d economies adjusted (%d with value added); %.3f%% of world "
            "intermediate flows moved; largest relative change of a coefficient %.1f%% (%s)",
            touched, w->nc, with_va, 100 * moved / inter, 100 * worst,
            worst_n >= 0 ? w->code.item[worst_n] : "-");
    /* Where final demand is now zero (the cap binds), by sector. */
    char line[2048];
    int len = 0;
    for (int k = 0; k < w->ns; k++) {
        int nb = 0;
        for (int n = 0; n < w->nc; n++) {
            double use = 0.0, xk = x[tw_ix_nj(d, n, k)];
            for (int j = 0; j < w->ns; j++)
                use += w->io_share[tw_ix_nkj(d, n, k, j)] * y[tw_ix_nj(d, n, j)];
            nb += xk - use <= 1e-9 * xk;
        }
        if (nb && len < (int)sizeof line - 32)
            len += snprintf(line + len, sizeof line - (size_t)len, " %s %d", w->scode.item[k], nb);
    }
    tt_note("balance: final demand zero (cap binding), economies by sector:%s", line);
    free(x);
    free(y);
}
