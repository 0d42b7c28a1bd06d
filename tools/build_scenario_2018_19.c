/* SPDX-License-Identifier: MIT */
/* Writes scenarios/us_china_2018_19.yaml: the 2018-19 US-China tariff waves by ICIO goods
 * sector, from the monthly NAICS3 tariff series of mwaugh0328/tradewar-tracker
 * (data/raw/uschina_tradewar_tariffs). Same method as the 2018-19 increments in
 * tools/build_icio2022.c: an ICIO sector's increment at a month is the 2017-trade-weighted mean
 * over its NAICS3 industries of max(0, level(month) - level(January 2018)); at March 2020 this is
 * exactly the increment in the default world's baseline. The scenario first removes the whole
 * increment (the pre-war state), then adds each wave's change, so its last step is the
 * baseline's policy again.
 *
 * Usage: build_scenario_2018_19 --raw data/raw --out scenarios */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_util.h"

#define MAXK 64
#define MAXM 80 /* months 2015-01 ... 2021 */
#define MAXS 40

typedef struct series {
    tt_list code;          /* NAICS3 */
    tt_list month;         /* YYYY-MM-01 */
    double level[MAXK][MAXM];
    char have[MAXK][MAXM];
    double w2017[MAXK];
} series;

static void read_series(const char *raw, const char *file, series *t)
{
    int idx[5];
    static const tw_csv_column cols[] = {{"time", 1}, {"naics3", 1}, {"tariff_trd_w_avg", 1},
                                         {"total_trade", 1}, {"china_trade", 1}};
    tw_csv *csv = tt_open(raw, file, cols, 5, idx);
    while (tt_next(csv)) {
        const char *time = tw_csv_get(csv, idx[0]), *nc = tw_csv_get(csv, idx[1]);
        int k = tt_list_find(&t->code, nc);
        if (k < 0) {
            if (t->code.n == MAXK)
                tt_fail_at(csv, idx[1], "too many NAICS codes");
            k = tt_list_add(&t->code, nc);
        }
        int m = tt_list_find(&t->month, time);
        if (m < 0) {
            if (t->month.n == MAXM)
                tt_fail_at(csv, idx[0], "too many months");
            m = tt_list_add(&t->month, time);
        }
        double trade = tt_num(csv, idx[4]);
        if (strncmp(time, "2017-", 5) == 0)
            t->w2017[k] += trade;
        if (tw_csv_get(csv, idx[2])[0] == '\0') {
            /* NAICS 980 has no level; only accepted without trade to weight it. */
            if (trade != 0)
                tt_fail_at(csv, idx[2], "empty tariff level with non-zero China trade");
            continue;
        }
        if (t->have[k][m]++)
            tt_fail_at(csv, idx[0], "duplicate month");
        t->level[k][m] = tt_num(csv, idx[2]);
    }
    tw_csv_close(csv);
}

static double level_at(const series *t, int k, const char *month)
{
    int m = tt_list_find(&t->month, month);
    if (m < 0 || !t->have[k][m])
        tt_die("NAICS %s has no tariff level in %s", t->code.item[k], month);
    return t->level[k][m];
}

/* The waves: effective date, label, and the month of the series that first shows them. */
typedef struct wave {
    const char *date, *month, *label;
} wave;

static const wave WAVES[] = {
    {"2018-04-02", "2018-04-01", "China retaliates against the US Section 232 steel and aluminium tariffs"},
    {"2018-07-06", "2018-07-01", "US Section 301 List 1 (25% on 34 bn USD); China retaliates"},
    {"2018-08-23", "2018-09-01", "US List 2 (25% on 16 bn USD); China retaliates"},
    {"2018-09-24", "2018-10-01", "US List 3 (10% on 200 bn USD); China retaliates"},
    {"2019-06-01", "2019-06-01", "US List 3 raised to 25%; China raises its rates"},
    {"2019-09-01", "2019-09-01", "US List 4A (15%); China retaliates"},
    {"2020-02-14", "2020-03-01", "Phase One: US List 4A halved to 7.5%"},
};
enum { NWAVES = sizeof WAVES / sizeof *WAVES };

int main(int argc, char **argv)
{
    const char *raw, *out;
    tt_args(argc, argv, "build_scenario_2018_19 --raw DIR --out DIR", &raw, &out);
    series *us = tt_calloc(1, sizeof *us), *cn = tt_calloc(1, sizeof *cn);
    read_series(raw, "uschina_tradewar_tariffs/imports_by_naics.csv", us);
    read_series(raw, "uschina_tradewar_tariffs/exports_by_naics.csv", cn);
    /* US weights: US imports from China in 2017 (the published weights file). */
    double usw[MAXK] = {0};
    int idx[2];
    static const tw_csv_column wc[] = {{"naics3", 1}, {"2017_china_trade", 1}};
    tw_csv *csv = tt_open(raw, "uschina_tradewar_tariffs/2017_imports_by_naics.csv", wc, 2, idx);
    while (tt_next(csv))
        usw[tt_list_need(&us->code, csv, idx[0])] = tt_num(csv, idx[1]);
    tw_csv_close(csv);

    /* Concordance NAICS3 -> ICIO goods sector, sectors in order of appearance. */
    tt_list sec = {0};
    int map_s[128], map_ku[128], map_kc[128], nmap = 0;
    static const tw_csv_column cc[] = {{"naics3", 1}, {"icio", 1}};
    csv = tt_open(raw, "concordance/naics3_icio.csv", cc, 2, idx);
    while (tt_next(csv)) {
        if (nmap == 128)
            tt_die("concordance too long");
        const char *ic = tw_csv_get(csv, idx[1]);
        int s = tt_list_find(&sec, ic);
        if (s < 0) {
            if (sec.n == MAXS)
                tt_die("too many sectors");
            s = tt_list_add(&sec, ic);
        }
        map_s[nmap] = s;
        map_ku[nmap] = tt_list_need(&us->code, csv, idx[0]);
        map_kc[nmap] = tt_list_need(&cn->code, csv, idx[0]);
        nmap++;
    }
    tw_csv_close(csv);

    /* Cumulative increments inc[w][dir][s] (dir 0: US on China, 1: China on US); w = NWAVES is
     * March 2020, the world's baseline increment. */
    static double inc[NWAVES][2][MAXS];
    for (int w = 0; w < NWAVES; w++) {
        double num[2][MAXS] = {{0}}, den[2][MAXS] = {{0}};
        for (int q = 0; q < nmap; q++) {
            int s = map_s[q], ku = map_ku[q], kc = map_kc[q];
            double du = level_at(us, ku, WAVES[w].month) - level_at(us, ku, "2018-01-01");
            double dc = level_at(cn, kc, WAVES[w].month) - level_at(cn, kc, "2018-01-01");
            num[0][s] += usw[ku] * fmax(du, 0) / 100;
            den[0][s] += usw[ku];
            num[1][s] += cn->w2017[kc] * fmax(dc, 0) / 100;
            den[1][s] += cn->w2017[kc];
        }
        for (int dir = 0; dir < 2; dir++)
            for (int s = 0; s < sec.n; s++) {
                if (!(den[dir][s] > 0))
                    tt_die("sector %s has no 2017 trade to weight", sec.item[s]);
                inc[w][dir][s] = num[dir][s] / den[dir][s];
            }
    }

    FILE *f = tt_create(out, "us_china_2018_19.yaml");
    fputs("# SPDX-License-Identifier: MIT\n"
          "# GENERATED by tools/build_scenario_2018_19.c from data/raw/uschina_tradewar_tariffs\n"
          "# (mwaugh0328/tradewar-tracker @ 753b351, MIT: monthly trade-weighted US tariffs on China\n"
          "# and China's tariffs on the US by NAICS3, built from the USITC Section 301 lists and Bown,\n"
          "# Jung and Zhang (2019, PIIE)) and data/raw/concordance/naics3_icio.csv. Do not edit.\n"
          "#\n"
          "# The 2018-19 US-China trade war in waves. Each wave adds, by ICIO goods sector, the change\n"
          "# in the 2017-trade-weighted increment over January 2018 (floored at 0 per NAICS3 industry,\n"
          "# as in data/icio2022/README.md). The default world's baseline already contains the whole\n"
          "# increment (the level of March 2020), so the first event removes it (the state before the\n"
          "# war) and results are measured against that first step (reference: first); the last step\n"
          "# is the baseline's policy again. Known limits of the source: China's February 2020 halving\n"
          "# of its September 2019 retaliation and its exclusion process are not in it.\n"
          "# Sensitivity: the world's default elasticities (CP) give refined petroleum (C19) theta =\n"
          "# 64.85, so removing the 20-26 point C19 increments makes the pre-war C19 trade between\n"
          "# the two very different from the data, and the later C19 waves weigh heavily in the\n"
          "# results; compare with another set (elasticities: IS, BSY, FGO or U4).\n"
          "title: \"US-China trade war 2018-19: Section 301 waves and China's retaliation\"\n"
          "description: >\n"
          "  The tariff waves of 2018-19 on the default world, against the state before the war.\n"
          "world: icio2022\n"
          "deficits: fixed\n"
          "baseline: 2017-12-31\n"
          "reference: first\n"
          "players: [USA, CHN]\n"
          "watch: [VNM, MEX, EU27, KOR, JPN]\n"
          "events:\n"
          "  - date: 2018-01-01\n"
          "    label: \"Before the war: the 2018-19 increments removed from the baseline\"\n"
          "    tariffs:\n",
          f);
    const char *imp[2] = {"USA", "CHN"}, *exp_[2] = {"CHN", "USA"};
    for (int dir = 0; dir < 2; dir++)
        for (int s = 0; s < sec.n; s++) {
            double v = inc[NWAVES - 1][dir][s];
            if (v == 0)
                continue;
            fprintf(f, "      - {importers: %s, exporters: %s, sectors: %s, add: ", imp[dir],
                    exp_[dir], sec.item[s]);
            tt_real(f, -v);
            fputs("}\n", f);
        }
    for (int w = 0; w < NWAVES; w++) {
        int any = 0;
        for (int dir = 0; dir < 2; dir++)
            for (int s = 0; s < sec.n; s++) {
                double v = inc[w][dir][s] - (w ? inc[w - 1][dir][s] : 0);
                if (fabs(v) < 1e-12)
                    continue;
                if (!any)
                    fprintf(f, "  - date: %s\n    label: \"%s\"\n    tariffs:\n", WAVES[w].date,
                            WAVES[w].label);
                any = 1;
                fprintf(f, "      - {importers: %s, exporters: %s, sectors: %s, add: ", imp[dir],
                        exp_[dir], sec.item[s]);
                tt_real(f, v);
                fputs("}\n", f);
            }
        if (!any)
            tt_note("wave %s changes no ICIO sector", WAVES[w].date);
    }
    tt_finish(f, "us_china_2018_19.yaml");
    for (int dir = 0; dir < 2; dir++) {
        double mx = 0;
        for (int s = 0; s < sec.n; s++)
            mx = fmax(mx, inc[NWAVES - 1][dir][s]);
        tt_note("%s on %s: largest sector increment by March 2020 %.4f", imp[dir], exp_[dir], mx);
    }
    tt_list_free(&sec);
    tt_list_free(&us->code);
    tt_list_free(&us->month);
    tt_list_free(&cn->code);
    tt_list_free(&cn->month);
    free(us);
    free(cn);
    return 0;
}
