/* SPDX-License-Identifier: MIT */
/* Builds a world's theta_se.csv (docs/uncertainty.md §1) from Caliendo and Parro's sectoral
 * estimates (data/raw/cp2015/sectoral_results.csv, the 99% sample: c_99, se_99):
 *
 *   build_theta_se --raw data/raw --world data/cp1993 --out data/cp1993
 *   build_theta_se --raw data/raw --world data/icio2022 --map icio_cp2015_theta.csv --out DIR
 *
 * Without --map a world sector takes the standard error of the CP sector with its code
 * (concordance/cp2015_sectors.csv) when its theta is CP's estimate rounded to two decimals, as
 * in CP's Table 1; with --map (in data/raw/concordance) a sector takes the mean of the listed CP
 * sectors' rounded estimates, which must be its theta, and the standard error of that mean of
 * independent estimates, sqrt(sum se^2) / k. Every other sector gets 0 (theta not drawn). The
 * group is the CP sector code(s) joined by '+'. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tool_util.h"

#define MAXCP 64

typedef struct cp_table {
    tt_list code;
    double est[MAXCP], se[MAXCP];
} cp_table;

static void read_cp(const char *raw, cp_table *t)
{
    static const tw_csv_column ccols[] = {{"source_name", 1}, {"code", 1}, {"goods", 1}};
    static const tw_csv_column rcols[] = {{"c_99", 1}, {"se_99", 1}};
    int ci[3], ri[2];
    char *cdir = tt_path(raw, "concordance"), *rdir = tt_path(raw, "cp2015");
    tw_csv *codes = tt_open(cdir, "cp2015_sectors.csv", ccols, 3, ci);
    /* sectoral_results.csv has other columns too: read them by name through a full header. */
    tw_csv *res;
    tw_error err;
    char *path = tt_path(rdir, "sectoral_results.csv");
    if (tw_csv_open(path, &res, &err))
        tt_die("%s", err.message);
    tw_csv_column all[18];
    static const char *names[18] = {"c_100", "se_100", "N_100", "c_100_fe", "se_100_fe",
                                    "N_100_fe", "c_99", "se_99", "N_99", "c_99_fe", "se_99_fe",
                                    "N_99_fe", "c_975", "se_975", "N_975", "c_975_fe",
                                    "se_975_fe", "N_975_fe"};
    int idx[18];
    for (int k = 0; k < 18; k++)
        all[k] = (tw_csv_column){names[k], 1};
    if (tw_csv_header(res, all, 18, idx, &err))
        tt_die("%s: %s", path, err.message);
    ri[0] = idx[6];
    ri[1] = idx[7];
    int n = 0;
    /* Row r of the estimates is the r-th tradable of the concordance (CP's order). */
    while (tt_next(codes)) {
        if (tt_num(codes, ci[2]) != 1)
            continue;
        if (!tt_next(res))
            tt_die("%s: fewer rows than tradable sectors", path);
        if (n == MAXCP)
            tt_die("too many sectors");
        tt_list_add(&t->code, tw_csv_get(codes, ci[1]));
        t->est[n] = -tt_num(res, ri[0]); /* the coefficient on tariffs is -theta */
        t->se[n] = tt_num(res, ri[1]);
        n++;
    }
    if (tt_next(res))
        tt_die("%s: more rows than tradable sectors", path);
    tw_csv_close(codes);
    tw_csv_close(res);
    free(path);
    free(cdir);
    free(rdir);
    (void)rcols;
}

static double rounded(double x) { return round(x * 100.0) / 100.0; }

/* The CP sectors of world sector `code` from the map (NULL: the code itself), into list. */
static int cp_sectors(const char *raw, const char *map, const char *code, const cp_table *t,
                      int *list)
{
    if (!map) {
        int k = tt_list_find(&t->code, code);
        if (k < 0)
            return 0;
        list[0] = k;
        return 1;
    }
    static const tw_csv_column cols[] = {{"icio_sector", 1}, {"cp2015_sectors", 1}};
    int ix[2], n = 0;
    char *dir = tt_path(raw, "concordance");
    tw_csv *csv = tt_open(dir, map, cols, 2, ix);
    while (tt_next(csv)) {
        if (strcmp(tw_csv_get(csv, ix[0]), code) != 0)
            continue;
        char buf[256];
        snprintf(buf, sizeof buf, "%s", tw_csv_get(csv, ix[1]));
        for (char *p = strtok(buf, "+"); p && n < 8; p = strtok(NULL, "+")) {
            int k = tt_list_find(&t->code, p);
            if (k < 0)
                tt_fail_at(csv, ix[1], "unknown CP sector '%s'", p);
            list[n++] = k;
        }
    }
    tw_csv_close(csv);
    free(dir);
    return n;
}

int main(int argc, char **argv)
{
    const char *raw = NULL, *world = NULL, *out = NULL, *map = NULL;
    tt_set_program(argv[0]);
    for (int k = 1; k + 1 < argc; k += 2) {
        const char **slot = strcmp(argv[k], "--raw") == 0     ? &raw
                            : strcmp(argv[k], "--world") == 0 ? &world
                            : strcmp(argv[k], "--out") == 0   ? &out
                            : strcmp(argv[k], "--map") == 0   ? &map
                                                              : NULL;
        if (!slot)
            tt_die("unknown option '%s'", argv[k]);
        *slot = argv[k + 1];
    }
    if (!raw || !world || !out || argc % 2 == 0)
        tt_die("usage: build_theta_se --raw DIR --world DIR [--map FILE] --out DIR");
    cp_table t;
    memset(&t, 0, sizeof t);
    read_cp(raw, &t);
    static const tw_csv_column scols[] = {{"code", 1}, {"name", 1}, {"theta", 1}, {"goods", 0}};
    int si[4];
    tw_csv *sec = tt_open(world, "sectors.csv", scols, 4, si);
    FILE *f = tt_create(out, "theta_se.csv");
    fprintf(f, "sector,theta,se,group\n");
    int drawn = 0;
    while (tt_next(sec)) {
        const char *code = tw_csv_get(sec, si[0]);
        double theta = tt_num(sec, si[2]), mean = 0, ss = 0;
        int list[8], n = cp_sectors(raw, map, code, &t, list);
        for (int k = 0; k < n; k++) {
            mean += rounded(t.est[list[k]]) / n;
            ss += t.se[list[k]] * t.se[list[k]];
        }
        int match = n > 0 && fabs(mean - theta) <= 1e-9 * theta;
        if (map && n > 0 && !match)
            tt_fail_at(sec, si[2], "theta %.17g is not the mean %.17g of its CP sectors",
                       theta, mean);
        fprintf(f, "%s,%s,", code, tw_csv_get(sec, si[2]));
        if (match)
            fprintf(f, "%.7g,", sqrt(ss) / n);
        else
            fprintf(f, "0,");
        for (int k = 0; k < (match ? n : 0); k++)
            fprintf(f, "%s%s", k ? "+" : "", t.code.item[list[k]]);
        fprintf(f, "%s\n", match ? "" : code);
        drawn += match;
    }
    tt_finish(f, "theta_se.csv");
    tw_csv_close(sec);
    tt_note("%d sectors with a standard error", drawn);
    tt_list_free(&t.code);
    return 0;
}
