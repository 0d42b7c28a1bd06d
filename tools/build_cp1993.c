/* SPDX-License-Identifier: MIT */
/* Builds data/cp1993, the Caliendo-Parro (2015) replication world (31 regions x 40 sectors,
 * 1993), from the long-format tables of the R package cp2015 copied to data/raw/cp2015, plus the
 * NAFTA counterfactual shock nafta_2005.csv. Usage: build_cp1993 --raw data/raw --out data/cp1993
 *
 * Shares follow the R package exactly: with IC the sector's total intermediate consumption,
 * value added share = VA / (IC + VA) and io share = IC(input, sector) / (IC + VA), so that they add
 * to one by construction; final-demand shares are final consumption over the country's total. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tool_util.h"
#include "tradewar/world.h"

typedef struct cp_data {
    int nc, ns;
    tt_list src_region, code, name; /* country tables, in the original order */
    tt_list src_sector, scode;      /* sector tables */
    int *goods;
    double *theta;                        /* [j] */
    /* [exporter i][importer n][sector j] as in the source (fidx) */
    double *flow, *tariff, *tariff_cfl;
    double *ic;      /* [n][k][j] (tw_ix_nkj): input k used by sector j in n */
    double *va, *fc; /* [n][j] (tw_ix_nj) */
} cp_data;

/* The dimensions of the world being built. */
static tw_dims dims(const cp_data *d) { return (tw_dims){.n = d->nc, .j = d->ns}; }

/* Index of the source's exporter-major trade arrays [exporter i][importer n][sector j]. */
static size_t fidx(const cp_data *d, int i, int n, int j)
{
    return ((size_t)i * (size_t)d->nc + (size_t)n) * (size_t)d->ns + (size_t)j;
}

static void read_codes(cp_data *d, const char *raw)
{
    int idx[3];
    static const tw_csv_column rc[] = {{"source_name", 1}, {"code", 1}, {"name", 1}};
    tw_csv *csv = tt_open(raw, "concordance/cp2015_regions.csv", rc, 3, idx);
    while (tt_next(csv)) {
        tt_list_add(&d->src_region, tw_csv_get(csv, idx[0]));
        tt_list_add(&d->code, tw_csv_get(csv, idx[1]));
        tt_list_add(&d->name, tw_csv_get(csv, idx[2]));
    }
    tw_csv_close(csv);
    d->nc = d->code.n;

    static const tw_csv_column sc[] = {{"source_name", 1}, {"code", 1}, {"goods", 1}};
    csv = tt_open(raw, "concordance/cp2015_sectors.csv", sc, 3, idx);
    d->goods = tt_calloc(64, sizeof *d->goods);
    while (tt_next(csv)) {
        if (d->scode.n == 64)
            tt_fail_at(csv, idx[0], "more than 64 sectors");
        double g = tt_num(csv, idx[2]);
        if (g != 0 && g != 1)
            tt_fail_at(csv, idx[2], "expected 0 or 1");
        d->goods[d->scode.n] = (int)g;
        tt_list_add(&d->src_sector, tw_csv_get(csv, idx[0]));
        tt_list_add(&d->scode, tw_csv_get(csv, idx[1]));
    }
    tw_csv_close(csv);
    d->ns = d->scode.n;
    if (d->nc == 0 || d->ns == 0)
        tt_die("empty code tables in %s/concordance", raw);
}

static void read_theta(cp_data *d, const char *raw)
{
    int idx[2];
    static const tw_csv_column cols[] = {{"sector", 1}, {"value", 1}};
    tw_csv *csv = tt_open(raw, "cp2015/theta.csv", cols, 2, idx);
    d->theta = tt_calloc((size_t)d->ns, sizeof *d->theta);
    while (tt_next(csv)) {
        int j = tt_list_need(&d->src_sector, csv, idx[0]);
        double v = tt_num(csv, idx[1]);
        if (!(v > 0))
            tt_fail_at(csv, idx[1], "theta must be > 0, found %g", v);
        if (d->theta[j] != 0)
            tt_fail_at(csv, idx[0], "duplicate sector");
        d->theta[j] = v;
    }
    tw_csv_close(csv);
    for (int j = 0; j < d->ns; j++)
        if (d->theta[j] == 0)
            tt_die("cp2015/theta.csv: no theta for sector '%s'", d->src_sector.item[j]);
}

static void read_trade(cp_data *d, const char *raw)
{
    int idx[9];
    static const tw_csv_column cols[] = {{"sector", 1},     {"exporter", 1},   {"importer", 1},
                                         {"value", 1},      {"tariff", 1},     {"tariff_bln", 1},
                                         {"tariff_cfl", 1}, {"d_bln", 1},      {"d_cfl", 1}};
    size_t cube = (size_t)d->nc * (size_t)d->nc * (size_t)d->ns;
    d->flow = tt_calloc(cube, sizeof *d->flow);
    d->tariff = tt_calloc(cube, sizeof *d->tariff);
    d->tariff_cfl = tt_calloc(cube, sizeof *d->tariff_cfl);
    char *seen = tt_calloc(cube, 1);
    tw_csv *csv = tt_open(raw, "cp2015/trade.csv", cols, 9, idx);
    while (tt_next(csv)) {
        int j = tt_list_need(&d->src_sector, csv, idx[0]);
        int i = tt_list_need(&d->src_region, csv, idx[1]);
        int n = tt_list_need(&d->src_region, csv, idx[2]);
        size_t k = fidx(d, i, n, j);
        if (seen[k])
            tt_fail_at(csv, idx[0], "duplicate (sector, exporter, importer)");
        seen[k] = 1;
        double v = tt_num(csv, idx[3]), t = tt_num(csv, idx[4]), tb = tt_num(csv, idx[5]);
        double tc = tt_num(csv, idx[6]);
        if (v < 0)
            tt_fail_at(csv, idx[3], "negative flow %g", v);
        if (t <= -1 || tc <= -1)
            tt_fail_at(csv, idx[4], "tariff must be > -1");
        if (t != tb)
            tt_fail_at(csv, idx[5], "tariff_bln differs from tariff (expected the 1993 level)");
        if (i == n && (t != 0 || tc != 0))
            tt_fail_at(csv, idx[4], "domestic tariff must be zero");
        d->flow[k] = v;
        d->tariff[k] = t;
        d->tariff_cfl[k] = tc;
    }
    tw_csv_close(csv);
    for (size_t k = 0; k < cube; k++)
        if (!seen[k])
            tt_die("cp2015/trade.csv: missing (sector, exporter, importer) combinations");
    free(seen);
}

/* Reads a (sector, region, value) table into out[n][j]. */
static double *read_sector_region(const cp_data *d, const char *raw, const char *file)
{
    int idx[3];
    static const tw_csv_column cols[] = {{"sector", 1}, {"region", 1}, {"value", 1}};
    double *out = tt_calloc((size_t)d->nc * (size_t)d->ns, sizeof *out);
    char *seen = tt_calloc((size_t)d->nc * (size_t)d->ns, 1);
    tw_csv *csv = tt_open(raw, file, cols, 3, idx);
    while (tt_next(csv)) {
        int j = tt_list_need(&d->src_sector, csv, idx[0]);
        int n = tt_list_need(&d->src_region, csv, idx[1]);
        double v = tt_num(csv, idx[2]);
        if (v < 0)
            tt_fail_at(csv, idx[2], "negative value %g", v);
        if (seen[tw_ix_nj(dims(d), n, j)]++)
            tt_fail_at(csv, idx[0], "duplicate (sector, region)");
        out[tw_ix_nj(dims(d), n, j)] = v;
    }
    tw_csv_close(csv);
    for (int k = 0; k < d->nc * d->ns; k++)
        if (!seen[k])
            tt_die("%s/%s: missing (sector, region) combinations", raw, file);
    free(seen);
    return out;
}

static void read_ic(cp_data *d, const char *raw)
{
    int idx[4];
    static const tw_csv_column cols[] = {{"input", 1}, {"sector", 1}, {"region", 1}, {"value", 1}};
    size_t cube = (size_t)d->nc * (size_t)d->ns * (size_t)d->ns;
    d->ic = tt_calloc(cube, sizeof *d->ic);
    char *seen = tt_calloc(cube, 1);
    tw_csv *csv = tt_open(raw, "cp2015/intermediate_consumption.csv", cols, 4, idx);
    while (tt_next(csv)) {
        int k = tt_list_need(&d->src_sector, csv, idx[0]);
        int j = tt_list_need(&d->src_sector, csv, idx[1]);
        int n = tt_list_need(&d->src_region, csv, idx[2]);
        double v = tt_num(csv, idx[3]);
        size_t p = tw_ix_nkj(dims(d), n, k, j);
        if (seen[p]++)
            tt_fail_at(csv, idx[0], "duplicate (input, sector, region)");
        /* The source has one negative purchase (Canada, Other -> Basic metals, -9.49e6 USD; the
         * authors' IO.txt holds the same -0.00085 coefficient). The world format needs shares
         * >= 0, so a negative purchase is dropped (set to zero), which also removes it from
         * the sector's total intermediate consumption: the column still adds to one. */
        if (v < 0) {
            tt_note("%s:%d: negative intermediate purchase %.10g (%s -> %s, %s) set to zero",
                    tw_csv_path(csv), tw_csv_line(csv), v, d->src_sector.item[k],
                    d->src_sector.item[j], d->src_region.item[n]);
            v = 0;
        }
        d->ic[p] = v;
    }
    tw_csv_close(csv);
    for (size_t p = 0; p < cube; p++)
        if (!seen[p])
            tt_die("cp2015/intermediate_consumption.csv: missing combinations");
    free(seen);
}

static void write_world(const cp_data *d, const char *out)
{
    FILE *f = tt_create(out, "world.csv");
    fprintf(f, "key,value\nname,cp1993\nyear,1993\nunit,USD\n");
    fprintf(f, "description,\"Caliendo and Parro (2015) NAFTA replication data: 31 regions x 40 "
               "sectors, 1993 (built by tools/build_cp1993 from the R package cp2015)\"\n");
    tt_finish(f, "world.csv");

    f = tt_create(out, "countries.csv");
    fprintf(f, "code,name\n");
    for (int n = 0; n < d->nc; n++) {
        tt_field(f, d->code.item[n]);
        fputc(',', f);
        tt_field(f, d->name.item[n]);
        fputc('\n', f);
    }
    tt_finish(f, "countries.csv");

    f = tt_create(out, "sectors.csv");
    fprintf(f, "code,name,theta,goods\n");
    for (int j = 0; j < d->ns; j++) {
        tt_field(f, d->scode.item[j]);
        fputc(',', f);
        tt_field(f, d->src_sector.item[j]);
        fputc(',', f);
        tt_real(f, d->theta[j]);
        fprintf(f, ",%d\n", d->goods[j]);
    }
    tt_finish(f, "sectors.csv");
}

static void write_trade(const cp_data *d, const char *out)
{
    long nf = 0, nt = 0;
    FILE *f = tt_create(out, "flows.csv");
    fprintf(f, "exporter,importer,sector,value\n");
    for (int i = 0; i < d->nc; i++)
        for (int n = 0; n < d->nc; n++)
            for (int j = 0; j < d->ns; j++) {
                double v = d->flow[fidx(d, i, n, j)];
                if (v != 0) {
                    fprintf(f, "%s,%s,%s,", d->code.item[i], d->code.item[n],
                            d->scode.item[j]);
                    tt_real(f, v);
                    fputc('\n', f);
                    nf++;
                }
            }
    tt_finish(f, "flows.csv");

    f = tt_create(out, "tariffs.csv");
    fprintf(f, "importer,exporter,sector,rate\n");
    for (int n = 0; n < d->nc; n++)
        for (int i = 0; i < d->nc; i++)
            for (int j = 0; j < d->ns; j++) {
                double t = d->tariff[fidx(d, i, n, j)];
                if (t != 0) {
                    fprintf(f, "%s,%s,%s,", d->code.item[n], d->code.item[i],
                            d->scode.item[j]);
                    tt_real(f, t);
                    fputc('\n', f);
                    nt++;
                }
            }
    tt_finish(f, "tariffs.csv");
    tt_note("flows.csv: %ld rows; tariffs.csv: %ld rows", nf, nt);
}

/* value_added.csv and io.csv as the R package computes them, with the sum-to-one check. */
static void write_shares(const cp_data *d, const char *out)
{
    double worst = 0;
    long nio = 0;
    FILE *fv = tt_create(out, "value_added.csv");
    FILE *fi = tt_create(out, "io.csv");
    fprintf(fv, "country,sector,share\n");
    fprintf(fi, "country,input_sector,using_sector,share\n");
    for (int n = 0; n < d->nc; n++) {
        for (int j = 0; j < d->ns; j++) {
            double ic_total = 0;
            for (int k = 0; k < d->ns; k++)
                ic_total += d->ic[tw_ix_nkj(dims(d), n, k, j)];
            double go = ic_total + d->va[tw_ix_nj(dims(d), n, j)];
            if (!(go > 0))
                tt_die("%s/%s: zero gross output (IC + VA)", d->code.item[n], d->scode.item[j]);
            double vshare = d->va[tw_ix_nj(dims(d), n, j)] / go, sum = vshare;
            fprintf(fv, "%s,%s,", d->code.item[n], d->scode.item[j]);
            tt_real(fv, vshare);
            fputc('\n', fv);
            for (int k = 0; k < d->ns; k++) {
                double s = d->ic[tw_ix_nkj(dims(d), n, k, j)] / go;
                sum += s;
                if (s != 0) {
                    fprintf(fi, "%s,%s,%s,", d->code.item[n], d->scode.item[k],
                            d->scode.item[j]);
                    tt_real(fi, s);
                    fputc('\n', fi);
                    nio++;
                }
            }
            if (!isfinite(sum) || fabs(sum - 1) > worst)
                worst = isfinite(sum) ? fabs(sum - 1) : INFINITY;
        }
    }
    tt_finish(fv, "value_added.csv");
    tt_finish(fi, "io.csv");
    if (!(worst <= 1e-9))
        tt_die("value-added plus io shares deviate from one by %g", worst);
    tt_note("io.csv: %ld rows; largest |VA + io - 1| = %.3g", nio, worst);

    FILE *ff = tt_create(out, "final_demand.csv");
    fprintf(ff, "country,sector,share\n");
    for (int n = 0; n < d->nc; n++) {
        double tot = 0;
        for (int j = 0; j < d->ns; j++)
            tot += d->fc[tw_ix_nj(dims(d), n, j)];
        if (!(tot > 0))
            tt_die("%s: zero total final consumption", d->code.item[n]);
        for (int j = 0; j < d->ns; j++)
        {
            fprintf(ff, "%s,%s,", d->code.item[n], d->scode.item[j]);
            tt_real(ff, d->fc[tw_ix_nj(dims(d), n, j)] / tot);
            fputc('\n', ff);
        }
    }
    tt_finish(ff, "final_demand.csv");
}

/* nafta_2005.csv: the 2005 level of every tariff between two NAFTA members (all sectors); every
 * other pair keeps its 1993 level, which the builder checks in the source. */
static void write_nafta(const cp_data *d, const char *out)
{
    static const char *const nafta[] = {"CAN", "MEX", "USA"};
    int m[3];
    for (int a = 0; a < 3; a++)
        if ((m[a] = tt_list_find(&d->code, nafta[a])) < 0)
            tt_die("NAFTA member %s not among the regions", nafta[a]);
    for (int i = 0; i < d->nc; i++)
        for (int n = 0; n < d->nc; n++) {
            int in_i = i == m[0] || i == m[1] || i == m[2];
            int in_n = n == m[0] || n == m[1] || n == m[2];
            if (in_i && in_n)
                continue;
            for (int j = 0; j < d->ns; j++)
                if (d->tariff_cfl[fidx(d, i, n, j)] != d->tariff[fidx(d, i, n, j)])
                    tt_die("tariff_cfl differs from 1993 outside NAFTA (%s -> %s, %s)",
                           d->code.item[i], d->code.item[n], d->scode.item[j]);
        }
    FILE *f = tt_create(out, "nafta_2005.csv");
    fprintf(f, "importer,exporter,sector,tariff\n");
    double w93 = 0, w05 = 0, wt = 0;
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) {
            if (a == b)
                continue;
            int n = m[a], i = m[b];
            for (int j = 0; j < d->ns; j++) {
                size_t k = fidx(d, i, n, j);
                fprintf(f, "%s,%s,%s,", d->code.item[n], d->code.item[i], d->scode.item[j]);
                tt_real(f, d->tariff_cfl[k]);
                fputc('\n', f);
                w93 += d->flow[k] * d->tariff[k];
                w05 += d->flow[k] * d->tariff_cfl[k];
                wt += d->flow[k];
            }
        }
    tt_finish(f, "nafta_2005.csv");
    tt_note("intra-NAFTA trade-weighted tariff: 1993 %.4f%%, 2005 %.4f%%", 100 * w93 / wt,
            100 * w05 / wt);
}

static void summary(const cp_data *d)
{
    double world = 0, trade = 0;
    for (int i = 0; i < d->nc; i++)
        for (int n = 0; n < d->nc; n++)
            for (int j = 0; j < d->ns; j++) {
                world += d->flow[fidx(d, i, n, j)];
                if (i != n)
                    trade += d->flow[fidx(d, i, n, j)];
            }
    tt_note("total sales %.6g USD, of which international trade %.6g USD", world, trade);
}

int main(int argc, char **argv)
{
    const char *raw, *out;
    tt_args(argc, argv, "Builds the Caliendo-Parro 1993 world from RAW/cp2015 and "
                        "RAW/concordance/cp2015_*.csv.",
            &raw, &out);
    cp_data d;
    memset(&d, 0, sizeof d);
    read_codes(&d, raw);
    read_theta(&d, raw);
    read_trade(&d, raw);
    read_ic(&d, raw);
    d.va = read_sector_region(&d, raw, "cp2015/value_added.csv");
    d.fc = read_sector_region(&d, raw, "cp2015/final_consumption.csv");
    write_world(&d, out);
    write_trade(&d, out);
    write_shares(&d, out);
    write_nafta(&d, out);
    summary(&d);
    free(d.goods);
    free(d.theta);
    free(d.flow);
    free(d.tariff);
    free(d.tariff_cfl);
    free(d.ic);
    free(d.va);
    free(d.fc);
    tt_list_free(&d.src_region);
    tt_list_free(&d.code);
    tt_list_free(&d.name);
    tt_list_free(&d.src_sector);
    tt_list_free(&d.scode);
    return 0;
}
