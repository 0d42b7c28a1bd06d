/* SPDX-License-Identifier: MIT */
/* Builds data/icio2022, the default world: OECD ICIO 2022 flows (81 economies x 28 sectors), Teti
 * applied tariffs (2021) with a documented clean-up plus the 2018-19 US-China tariff increases,
 * input-output and value-added shares from WIOD 2011 mapped to the ICIO sectors, and the published
 * trade-elasticity sets. Usage: build_icio2022 --raw data/raw --out data/icio2022
 * Every choice is explained, with the numbers it produces, in data/icio2022/README.md; the builder
 * prints those numbers to stderr. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "build_icio2022.h"
#include "tool_util.h"

/* Tariff clean-up (README "Tariffs"): a sector-level applied rate above this is treated as an
 * artefact of the Teti -> ICIO aggregation (specific duties on tobacco and alcohol) and replaced by
 * the sector's trade-weighted median across importers (weighted_median). */
#define TARIFF_CAP 0.5
/* US-China increments: level after the Phase One changes minus the pre-war level. */
#define MONTH_PRE "2018-01-01"
#define MONTH_POST "2020-03-01"
#define DEFAULT_SET "CP"
static const char *const elasticity_sets[NSETS] = {"IS", "U4", "CP", "BSY", "GYY", "Shap",
                                                  "FGO", "LL"};

/* ---------------------------------------------------------------- code tables */

static void read_tables(icio *w, const char *raw)
{
    int idx[4];
    static const tw_csv_column cc[] = {{"code", 1}, {"name", 1}, {"wiod", 1}};
    tw_csv *csv = tt_open(raw, "concordance/icio_countries.csv", cc, 3, idx);
    while (tt_next(csv)) {
        tt_list_add(&w->code, tw_csv_get(csv, idx[0]));
        tt_list_add(&w->name, tw_csv_get(csv, idx[1]));
        tt_list_add(&w->wiod_of, tw_csv_get(csv, idx[2]));
    }
    tw_csv_close(csv);
    w->nc = w->code.n;

    static const tw_csv_column sc[] = {{"label", 1}, {"code", 1}, {"name", 1}, {"goods", 1}};
    csv = tt_open(raw, "concordance/icio_sectors.csv", sc, 4, idx);
    while (tt_next(csv)) {
        if (w->label.n == MAXS)
            tt_fail_at(csv, idx[0], "too many sectors");
        double g = tt_num(csv, idx[3]);
        if (g != 0 && g != 1)
            tt_fail_at(csv, idx[3], "expected 0 or 1");
        w->goods[w->label.n] = (int)g;
        tt_list_add(&w->label, tw_csv_get(csv, idx[0]));
        tt_list_add(&w->scode, tw_csv_get(csv, idx[1]));
        tt_list_add(&w->sname, tw_csv_get(csv, idx[2]));
    }
    tw_csv_close(csv);
    w->ns = w->label.n;

    /* The cube's own index tables must list the same codes in the same order. */
    static const tw_csv_column ic[] = {{"index", 1}, {"code", 1}};
    csv = tt_open(raw, "icio2023ext_81c_28s/countries.csv", ic, 2, idx);
    int k = 0;
    while (tt_next(csv)) {
        if (k >= w->nc || tt_num(csv, idx[0]) != k + 1 ||
            strcmp(tw_csv_get(csv, idx[1]), w->code.item[k]) != 0)
            tt_fail_at(csv, idx[1], "does not match concordance/icio_countries.csv row %d", k + 1);
        k++;
    }
    tw_csv_close(csv);
    if (k != w->nc)
        tt_die("icio2023ext_81c_28s/countries.csv lists %d economies, the concordance %d", k,
               w->nc);
    static const tw_csv_column is[] = {{"index", 1}, {"label", 1}};
    csv = tt_open(raw, "icio2023ext_81c_28s/sectors.csv", is, 2, idx);
    k = 0;
    while (tt_next(csv)) {
        if (k >= w->ns || tt_num(csv, idx[0]) != k + 1 ||
            strcmp(tw_csv_get(csv, idx[1]), w->label.item[k]) != 0)
            tt_fail_at(csv, idx[1], "does not match concordance/icio_sectors.csv row %d", k + 1);
        k++;
    }
    tw_csv_close(csv);
    if (k != w->ns)
        tt_die("icio2023ext_81c_28s/sectors.csv lists %d sectors, the concordance %d", k, w->ns);
    w->usa = tt_list_find(&w->code, "USA");
    w->chn = tt_list_find(&w->code, "CHN");
    if (w->usa < 0 || w->chn < 0)
        tt_die("USA and CHN must both be in the world");
}

/* ---------------------------------------------------------------- cubes */

/* Reads a cube laid out as rows (sector index, exporter) x importer columns into out. */
static void read_cube(const icio *w, const char *raw, const char *file, double *out)
{
    int ncols = 2 + w->nc;
    tw_csv_column *cols = tt_calloc((size_t)ncols, sizeof *cols);
    int *idx = tt_calloc((size_t)ncols, sizeof *idx);
    cols[0].name = "sector";
    cols[1].name = "exporter";
    for (int c = 0; c < ncols; c++) {
        if (c >= 2)
            cols[c].name = w->code.item[c - 2];
        cols[c].required = 1;
    }
    char *seen = tt_calloc((size_t)w->nc * (size_t)w->ns, 1);
    tw_csv *csv = tt_open(raw, file, cols, ncols, idx);
    while (tt_next(csv)) {
        double s = tt_num(csv, idx[0]);
        if (s != floor(s) || s < 1 || s > w->ns)
            tt_fail_at(csv, idx[0], "expected a sector index 1..%d", w->ns);
        int j = (int)s - 1;
        int i = tt_list_need(&w->code, csv, idx[1]);
        if (seen[tw_ix_nj(dims(w), i, j)]++)
            tt_fail_at(csv, idx[0], "duplicate (sector, exporter)");
        for (int n = 0; n < w->nc; n++) {
            double v = tt_num(csv, idx[2 + n]);
            if (v < 0)
                tt_fail_at(csv, idx[2 + n], "negative value %g", v);
            out[fx(w, i, n, j)] = v;
        }
    }
    tw_csv_close(csv);
    for (int k = 0; k < w->nc * w->ns; k++)
        if (!seen[k])
            tt_die("%s: missing (sector, exporter) rows", file);
    free(seen);
    free(idx);
    free(cols);
}

/* ---------------------------------------------------------------- tariffs */

typedef struct wpair {
    double rate, weight;
} wpair;

static int cmp_rate(const void *a, const void *b)
{
    double x = ((const wpair *)a)->rate, y = ((const wpair *)b)->rate;
    return (x > y) - (x < y);
}

/* The sector's trade-weighted median across importers: each importer's trade-weighted average
 * raw rate in sector j (over its foreign suppliers), and the median of those averages weighted by
 * the importers' imports of j. */
static double weighted_median(const icio *w, int j, wpair *buf)
{
    int m = 0;
    double total = 0;
    for (int n = 0; n < w->nc; n++) {
        double num = 0, den = 0;
        for (int i = 0; i < w->nc; i++)
            if (i != n) {
                num += w->flow[fx(w, i, n, j)] * w->tariff[fx(w, i, n, j)];
                den += w->flow[fx(w, i, n, j)];
            }
        if (!(den > 0))
            continue;
        buf[m].rate = num / den;
        buf[m].weight = den;
        total += den;
        m++;
    }
    if (m == 0)
        return 0;
    qsort(buf, (size_t)m, sizeof *buf, cmp_rate);
    double cum = 0;
    for (int k = 0; k < m; k++) {
        cum += buf[k].weight;
        if (cum >= 0.5 * total)
            return buf[k].rate;
    }
    return buf[m - 1].rate;
}

/* Trade-weighted average tariff of importer n on exporter i over goods sectors. */
static double avg_tariff(const icio *w, int i, int n)
{
    double num = 0, den = 0;
    for (int j = 0; j < w->ns; j++)
        if (w->goods[j]) {
            num += w->flow[fx(w, i, n, j)] * w->tariff[fx(w, i, n, j)];
            den += w->flow[fx(w, i, n, j)];
        }
    return den > 0 ? num / den : 0;
}

static void clean_tariffs(icio *w)
{
    /* Services: the world has no tariffs on services (DESIGN.md §3). */
    long nserv = 0;
    double serv_num = 0, serv_den = 0;
    for (int i = 0; i < w->nc; i++)
        for (int n = 0; n < w->nc; n++)
            for (int j = 0; j < w->ns; j++) {
                size_t k = fx(w, i, n, j);
                if (i == n && w->tariff[k] != 0)
                    tt_die("domestic tariff %s %s is not zero", w->code.item[i], w->scode.item[j]);
                if (!w->goods[j]) {
                    if (w->tariff[k] != 0)
                        nserv++;
                    serv_num += w->flow[k] * w->tariff[k];
                    if (i != n)
                        serv_den += w->flow[k];
                    w->tariff[k] = 0;
                }
            }
    tt_note("tariffs: %ld non-zero services entries set to 0 (their trade-weighted average was "
            "%.4f%%)", nserv, 100 * serv_num / serv_den);

    /* Goods: replace implausible entries by the sector's trade-weighted median. The medians are
     * computed on the raw rates before any replacement, so the order of sectors does not matter. */
    wpair *buf = tt_calloc((size_t)w->nc * (size_t)w->nc, sizeof *buf);
    double median[MAXS];
    for (int j = 0; j < w->ns; j++)
        median[j] = w->goods[j] ? weighted_median(w, j, buf) : 0;
    free(buf);
    long nrep = 0;
    double rep_trade = 0;
    for (int n = 0; n < w->nc; n++)
        for (int j = 0; j < w->ns; j++) {
            int cnt = 0;
            double before_num = 0, after_num = 0, den = 0, maxr = 0;
            for (int i = 0; i < w->nc; i++) {
                size_t k = fx(w, i, n, j);
                if (i != n) {
                    before_num += w->flow[k] * w->tariff[k];
                    den += w->flow[k];
                }
                if (w->tariff[k] > TARIFF_CAP) {
                    maxr = fmax(maxr, w->tariff[k]);
                    w->tariff[k] = median[j];
                    cnt++;
                    rep_trade += w->flow[k];
                }
                if (i != n)
                    after_num += w->flow[k] * w->tariff[k];
            }
            if (cnt) {
                tt_note("tariffs: | %s | %s | %d | %.3f | %.4f | %.4f -> %.4f |", w->code.item[n],
                        w->scode.item[j], cnt, maxr, median[j], before_num / den,
                        after_num / den);
                nrep += cnt;
            }
        }
    tt_note("tariffs: %ld goods entries above %.2f replaced by the sector median (imports "
            "affected: %.6g USD million)",
            nrep, TARIFF_CAP, rep_trade);
}

/* Reads one monthly NAICS3 tariff file: the level (percent) at MONTH_PRE and MONTH_POST and the
 * 2017 China trade (sum of the monthly values) per NAICS3. */
typedef struct naics_tab {
    tt_list code;
    double pre[64], post[64], w2017[64];
    char have[64]; /* 1 if both months have a tariff level */
} naics_tab;

static void read_naics(const char *raw, const char *file, naics_tab *t)
{
    int idx[5];
    static const tw_csv_column cols[] = {{"time", 1}, {"naics3", 1}, {"tariff_trd_w_avg", 1},
                                         {"total_trade", 1}, {"china_trade", 1}};
    char got_pre[64] = {0}, got_post[64] = {0};
    tw_csv *csv = tt_open(raw, file, cols, 5, idx);
    while (tt_next(csv)) {
        const char *time = tw_csv_get(csv, idx[0]);
        const char *nc = tw_csv_get(csv, idx[1]);
        int k = tt_list_find(&t->code, nc);
        if (k < 0) {
            if (t->code.n == 64)
                tt_fail_at(csv, idx[1], "too many NAICS codes");
            k = tt_list_add(&t->code, nc);
        }
        double trade = tt_num(csv, idx[4]), rate = 0;
        /* NAICS 980 (US goods returned) has no tariff level at all; an empty level is only
         * accepted where there was no trade with China to weight it. */
        if (tw_csv_get(csv, idx[2])[0] == '\0') {
            if (trade != 0)
                tt_fail_at(csv, idx[2], "empty tariff level with non-zero China trade");
            if (strcmp(time, MONTH_PRE) == 0 || strcmp(time, MONTH_POST) == 0)
                continue;
        } else
            rate = tt_num(csv, idx[2]);
        if (strncmp(time, "2017-", 5) == 0)
            t->w2017[k] += trade;
        if (strcmp(time, MONTH_PRE) == 0) {
            if (got_pre[k]++)
                tt_fail_at(csv, idx[0], "duplicate month");
            t->pre[k] = rate;
        }
        if (strcmp(time, MONTH_POST) == 0) {
            if (got_post[k]++)
                tt_fail_at(csv, idx[0], "duplicate month");
            t->post[k] = rate;
        }
    }
    tw_csv_close(csv);
    for (int k = 0; k < t->code.n; k++)
        t->have[k] = got_pre[k] && got_post[k];
}

/* Increment of NAICS industry k as a fraction: post minus pre level, floored at zero. Teti's 2021
 * rates already contain the MFN cuts of 2018-19 (China cut its MFN auto tariff from 25% to 15% in
 * July 2018 and suspended its retaliation on US autos in January 2019, so NAICS 336 falls), and a
 * negative difference would subtract those cuts a second time. */
static double increment(const naics_tab *t, int k)
{
    double inc = (t->post[k] - t->pre[k]) / 100;
    return inc > 0 ? inc : 0;
}

/* Adds the 2018-19 US-China increments (README "US-China 2018-19"). */
static void add_uschina(icio *w, const char *raw)
{
    naics_tab us, cn; /* us: US tariff on China; cn: China's tariff on the US */
    memset(&us, 0, sizeof us);
    memset(&cn, 0, sizeof cn);
    read_naics(raw, "uschina_tradewar_tariffs/imports_by_naics.csv", &us);
    read_naics(raw, "uschina_tradewar_tariffs/exports_by_naics.csv", &cn);

    /* US imports from China in 2017 by NAICS3 (the published weights file). */
    double usw[64] = {0};
    int idx[2];
    static const tw_csv_column wc[] = {{"naics3", 1}, {"2017_china_trade", 1}};
    tw_csv *csv = tt_open(raw, "uschina_tradewar_tariffs/2017_imports_by_naics.csv", wc, 2, idx);
    while (tt_next(csv)) {
        int k = tt_list_need(&us.code, csv, idx[0]);
        usw[k] = tt_num(csv, idx[1]);
    }
    tw_csv_close(csv);

    /* NAICS3-level averages over all codes (the PIIE-style headline). */
    double a[4] = {0}, d[2] = {0};
    for (int k = 0; k < us.code.n; k++) {
        if (!us.have[k])
            continue;
        a[0] += usw[k] * us.pre[k];
        a[1] += usw[k] * us.post[k];
        d[0] += usw[k];
    }
    for (int k = 0; k < cn.code.n; k++) {
        if (!cn.have[k])
            continue;
        a[2] += cn.w2017[k] * cn.pre[k];
        a[3] += cn.w2017[k] * cn.post[k];
        d[1] += cn.w2017[k];
    }
    for (int k = 0; k < us.code.n; k++)
        if (us.have[k] && us.post[k] < us.pre[k])
            tt_note("uschina: US on China, NAICS %s falls %.2f -> %.2f%%: increment floored at 0",
                    us.code.item[k], us.pre[k], us.post[k]);
    for (int k = 0; k < cn.code.n; k++)
        if (cn.have[k] && cn.post[k] < cn.pre[k])
            tt_note("uschina: China on US, NAICS %s falls %.2f -> %.2f%%: increment floored at 0",
                    cn.code.item[k], cn.pre[k], cn.post[k]);
    tt_note("uschina: NAICS3, 2017 weights: US on China %.2f%% (%s) -> %.2f%% (%s); "
            "China on US %.2f%% -> %.2f%%",
            a[0] / d[0], MONTH_PRE, a[1] / d[0], MONTH_POST, a[2] / d[1], a[3] / d[1]);

    /* Concordance to ICIO sectors; each ICIO sector's increment is the 2017-trade-weighted mean of
     * the increments of the NAICS3 industries mapped to it. */
    double num_us[MAXS] = {0}, den_us[MAXS] = {0}, num_cn[MAXS] = {0}, den_cn[MAXS] = {0};
    static const tw_csv_column cc[] = {{"naics3", 1}, {"icio", 1}};
    csv = tt_open(raw, "concordance/naics3_icio.csv", cc, 2, idx);
    while (tt_next(csv)) {
        int j = tt_list_need(&w->scode, csv, idx[1]);
        if (!w->goods[j])
            tt_fail_at(csv, idx[1], "not a goods sector");
        int ku = tt_list_need(&us.code, csv, idx[0]);
        int kc = tt_list_need(&cn.code, csv, idx[0]);
        if (!us.have[ku] || !cn.have[kc])
            tt_fail_at(csv, idx[0], "no tariff level in %s or %s", MONTH_PRE, MONTH_POST);
        num_us[j] += usw[ku] * increment(&us, ku);
        den_us[j] += usw[ku];
        num_cn[j] += cn.w2017[kc] * increment(&cn, kc);
        den_cn[j] += cn.w2017[kc];
    }
    tw_csv_close(csv);

    double before_us = avg_tariff(w, w->chn, w->usa), before_cn = avg_tariff(w, w->usa, w->chn);
    tt_note("uschina: | sector | US on CHN: Teti | +increment | CHN on USA: Teti | +increment | "
            "CHN->USA 2022 | USA->CHN 2022 |");
    for (int j = 0; j < w->ns; j++) {
        if (!w->goods[j])
            continue;
        if (!(den_us[j] > 0) || !(den_cn[j] > 0))
            tt_die("goods sector %s has no NAICS3 industry with 2017 trade", w->scode.item[j]);
        double inc_us = num_us[j] / den_us[j], inc_cn = num_cn[j] / den_cn[j];
        size_t ku = fx(w, w->chn, w->usa, j), kc = fx(w, w->usa, w->chn, j);
        tt_note("uschina: | %s | %.4f | %+.4f | %.4f | %+.4f | %.0f | %.0f |", w->scode.item[j],
                w->tariff[ku], inc_us, w->tariff[kc], inc_cn, w->flow[ku], w->flow[kc]);
        w->tariff[ku] += inc_us;
        w->tariff[kc] += inc_cn;
        if (!(w->tariff[ku] > -1) || !(w->tariff[kc] > -1))
            tt_die("tariff below -1 after the increment in %s", w->scode.item[j]);
    }
    tt_note("uschina: ICIO 2022 goods weights: US on CHN %.2f%% -> %.2f%%; CHN on USA %.2f%% -> "
            "%.2f%%",
            100 * before_us, 100 * avg_tariff(w, w->chn, w->usa), 100 * before_cn,
            100 * avg_tariff(w, w->usa, w->chn));
    tt_list_free(&us.code);
    tt_list_free(&cn.code);
}

/* Teti must not contain Section 301 or the retaliation already: compare the tariffs on each other
 * with those on a non-FTA partner at MFN rates (Germany, Japan). */
static void check_teti_mfn(const icio *w)
{
    int deu = tt_list_find(&w->code, "DEU"), jpn = tt_list_find(&w->code, "JPN");
    if (deu < 0 || jpn < 0)
        return;
    double dmax_us = 0, dmax_cn = 0;
    for (int j = 0; j < w->ns; j++) {
        if (!w->goods[j])
            continue;
        double us = w->tariff[fx(w, w->chn, w->usa, j)] - w->tariff[fx(w, deu, w->usa, j)];
        double cn = w->tariff[fx(w, w->usa, w->chn, j)] - w->tariff[fx(w, deu, w->chn, j)];
        dmax_us = fmax(dmax_us, fabs(us));
        dmax_cn = fmax(dmax_cn, fabs(cn));
    }
    tt_note("teti: largest |US on CHN - US on DEU| = %.4f, |CHN on USA - CHN on DEU| = %.4f "
            "over goods sectors (before increments); trade-weighted US on JPN %.2f%%, CHN on JPN "
            "%.2f%%",
            dmax_us, dmax_cn, 100 * avg_tariff(w, jpn, w->usa), 100 * avg_tariff(w, jpn, w->chn));
}

/* ---------------------------------------------------------------- elasticities */

static void read_elasticities(icio *w, const char *raw)
{
    int idx[6];
    static const tw_csv_column cols[] = {{"source", 1},  {"source_label", 1}, {"sector_index", 1},
                                         {"sector", 1},  {"sigma", 1},        {"epsilon", 1}};
    char seen[NSETS][MAXS];
    memset(seen, 0, sizeof seen);
    tw_csv *csv = tt_open(raw, "icio2023ext_81c_28s/elasticities_sigma_epsilon_by_source.csv",
                          cols, 6, idx);
    while (tt_next(csv)) {
        int s = -1;
        for (int k = 0; k < NSETS; k++)
            if (strcmp(tw_csv_get(csv, idx[0]), elasticity_sets[k]) == 0)
                s = k;
        if (s < 0)
            tt_fail_at(csv, idx[0], "unknown elasticity set");
        int j = tt_list_need(&w->label, csv, idx[3]);
        if (tt_num(csv, idx[2]) != j + 1)
            tt_fail_at(csv, idx[2], "sector index does not match the label");
        double sigma = tt_num(csv, idx[4]), eps = tt_num(csv, idx[5]);
        if (!(eps > 0) || fabs(sigma - 1 - eps) > 1e-9)
            tt_fail_at(csv, idx[5], "epsilon must be > 0 and equal sigma - 1");
        if (seen[s][j]++)
            tt_fail_at(csv, idx[0], "duplicate (source, sector)");
        w->theta[s][j] = eps;
    }
    tw_csv_close(csv);
    for (int s = 0; s < NSETS; s++)
        for (int j = 0; j < w->ns; j++)
            if (!seen[s][j])
                tt_die("elasticity set %s has no value for %s", elasticity_sets[s],
                       w->scode.item[j]);
}

/* ---------------------------------------------------------------- output */

static void write_world(const icio *w, const char *out)
{
    FILE *f = tt_create(out, "world.csv");
    fprintf(f, "key,value\nname,%s\nyear,2022\nunit,USD million\n",
            w->balanced ? "icio2022" : "icio2022raw");
    fprintf(f, "description,\"OECD ICIO 2022 flows (81 economies x 28 sectors), Teti 2021 applied "
               "tariffs plus the 2018-19 US-China increases, WIOD 2011 input-output structure%s; "
               "see data/icio2022/README.md\"\n",
            w->balanced ? " balanced to the flows" : " as mapped, not balanced (final demand "
                                                     "clamped)");
    fprintf(f, "elasticities,%s\n", DEFAULT_SET);
    tt_finish(f, "world.csv");

    f = tt_create(out, "countries.csv");
    fprintf(f, "code,name\n");
    for (int n = 0; n < w->nc; n++) {
        tt_field(f, w->code.item[n]);
        fputc(',', f);
        tt_field(f, w->name.item[n]);
        fputc('\n', f);
    }
    tt_finish(f, "countries.csv");

    int def = -1;
    for (int s = 0; s < NSETS; s++)
        if (strcmp(elasticity_sets[s], DEFAULT_SET) == 0)
            def = s;
    f = tt_create(out, "sectors.csv");
    fprintf(f, "code,name,theta,goods\n");
    for (int j = 0; j < w->ns; j++) {
        tt_field(f, w->scode.item[j]);
        fputc(',', f);
        tt_field(f, w->sname.item[j]);
        fputc(',', f);
        tt_real(f, w->theta[def][j]);
        fprintf(f, ",%d\n", w->goods[j]);
    }
    tt_finish(f, "sectors.csv");

    f = tt_create(out, "elasticities.csv");
    fprintf(f, "set,sector,theta\n");
    for (int s = 0; s < NSETS; s++)
        for (int j = 0; j < w->ns; j++) {
            fprintf(f, "%s,%s,", elasticity_sets[s], w->scode.item[j]);
            tt_real(f, w->theta[s][j]);
            fputc('\n', f);
        }
    tt_finish(f, "elasticities.csv");

    long nf = 0, nt = 0, nio = 0;
    f = tt_create(out, "flows.csv");
    fprintf(f, "exporter,importer,sector,value\n");
    for (int i = 0; i < w->nc; i++)
        for (int n = 0; n < w->nc; n++)
            for (int j = 0; j < w->ns; j++) {
                double v = w->flow[fx(w, i, n, j)];
                if (v != 0) {
                    /* %.10g keeps the file compact; the source has at most 4 decimals. */
                    fprintf(f, "%s,%s,%s,%.10g\n", w->code.item[i], w->code.item[n],
                            w->scode.item[j], v);
                    nf++;
                }
            }
    tt_finish(f, "flows.csv");

    f = tt_create(out, "tariffs.csv");
    fprintf(f, "importer,exporter,sector,rate\n");
    for (int n = 0; n < w->nc; n++)
        for (int i = 0; i < w->nc; i++)
            for (int j = 0; j < w->ns; j++) {
                double t = w->tariff[fx(w, i, n, j)];
                if (t != 0) {
                    fprintf(f, "%s,%s,%s,", w->code.item[n], w->code.item[i], w->scode.item[j]);
                    tt_real(f, t);
                    fputc('\n', f);
                    nt++;
                }
            }
    tt_finish(f, "tariffs.csv");

    f = tt_create(out, "value_added.csv");
    fprintf(f, "country,sector,share\n");
    for (int n = 0; n < w->nc; n++)
        for (int j = 0; j < w->ns; j++) {
            fprintf(f, "%s,%s,", w->code.item[n], w->scode.item[j]);
            tt_real(f, w->va_share[tw_ix_nj(dims(w), n, j)]);
            fputc('\n', f);
        }
    tt_finish(f, "value_added.csv");

    f = tt_create(out, "io.csv");
    fprintf(f, "country,input_sector,using_sector,share\n");
    for (int n = 0; n < w->nc; n++)
        for (int k = 0; k < w->ns; k++)
            for (int j = 0; j < w->ns; j++) {
                double v = w->io_share[tw_ix_nkj(dims(w), n, k, j)];
                if (v != 0) {
                    fprintf(f, "%s,%s,%s,", w->code.item[n], w->scode.item[k], w->scode.item[j]);
                    tt_real(f, v);
                    fputc('\n', f);
                    nio++;
                }
            }
    tt_finish(f, "io.csv");
    tt_note("rows: flows %ld, tariffs %ld, io %ld", nf, nt, nio);
}

/* ---------------------------------------------------------------- summaries */

static void flow_summary(const icio *w)
{
    double total = 0, trade = 0, goods_trade = 0;
    for (int i = 0; i < w->nc; i++)
        for (int n = 0; n < w->nc; n++)
            for (int j = 0; j < w->ns; j++) {
                double v = w->flow[fx(w, i, n, j)];
                total += v;
                if (i != n) {
                    trade += v;
                    if (w->goods[j])
                        goods_trade += v;
                }
            }
    tt_note("flows: total sales %.6g, international trade %.6g (goods %.6g) USD million", total,
            trade, goods_trade);
    int pairs[2][2] = {{w->chn, w->usa}, {w->usa, w->chn}};
    for (int p = 0; p < 2; p++) {
        int i = pairs[p][0], n = pairs[p][1], best = 0;
        double g = 0, all = 0;
        for (int j = 0; j < w->ns; j++) {
            double v = w->flow[fx(w, i, n, j)];
            all += v;
            if (w->goods[j]) {
                g += v;
                if (v > w->flow[fx(w, i, n, best)])
                    best = j;
            }
        }
        tt_note("flows: %s->%s goods %.6g, all sectors %.6g USD million; largest goods sector %s "
                "(%.6g)",
                w->code.item[i], w->code.item[n], g, all, w->scode.item[best],
                w->flow[fx(w, i, n, best)]);
    }
    for (int n = 0; n < w->nc; n++) {
        double x = 0, y = 0;
        for (int i = 0; i < w->nc; i++)
            for (int j = 0; j < w->ns; j++) {
                x += w->flow[fx(w, i, n, j)];
                y += w->flow[fx(w, n, i, j)];
            }
        if (!(x > 0) || !(y > 0))
            tt_die("%s has no absorption or no output", w->code.item[n]);
    }
}

int main(int argc, char **argv)
{
    const char *raw, *out;
    icio w;
    memset(&w, 0, sizeof w);
    /* --unbalanced: the WIOD shares as mapped, without the balancing (the world icio2022raw,
     * for comparison; README "Balancing"). */
    w.balanced = 1;
    int argn = 0;
    for (int a = 0; a < argc; a++) {
        if (a > 0 && strcmp(argv[a], "--unbalanced") == 0)
            w.balanced = 0;
        else
            argv[argn++] = argv[a];
    }
    tt_args(argn, argv, "Builds the ICIO 2022 world from RAW/icio2023ext_81c_28s, "
                        "RAW/uschina_tradewar_tariffs, RAW/wiod2013_wiot2011 and RAW/concordance.\n"
                        "--unbalanced: skip the balancing of the input-output block (icio2022raw).",
            &raw, &out);
    read_tables(&w, raw);
    size_t cube = (size_t)w.nc * (size_t)w.nc * (size_t)w.ns;
    w.flow = tt_calloc(cube, sizeof *w.flow);
    w.tariff = tt_calloc(cube, sizeof *w.tariff);
    read_cube(&w, raw, "icio2023ext_81c_28s/trade_2022.csv", w.flow);
    read_cube(&w, raw, "icio2023ext_81c_28s/tariff_2022.csv", w.tariff);
    /* Work on the flows as flows.csv holds them (%.10g), so that the balancing sees exactly
     * the numbers the loader will read. */
    for (size_t c = 0; c < cube; c++) {
        char buf[32];
        snprintf(buf, sizeof buf, "%.10g", w.flow[c]);
        w.flow[c] = strtod(buf, NULL);
    }
    flow_summary(&w);
    clean_tariffs(&w);
    check_teti_mfn(&w);
    add_uschina(&w, raw);
    icio_build_io(&w, raw);
    icio_residual_report(&w);
    if (w.balanced) {
        icio_balance(&w);
        icio_residual_report(&w);
    }
    read_elasticities(&w, raw);
    write_world(&w, out);
    free(w.flow);
    free(w.tariff);
    free(w.va_share);
    free(w.io_share);
    tt_list_free(&w.code);
    tt_list_free(&w.name);
    tt_list_free(&w.wiod_of);
    tt_list_free(&w.label);
    tt_list_free(&w.scode);
    tt_list_free(&w.sname);
    return 0;
}
