/* SPDX-License-Identifier: MIT */
/* Builds data/liberation_day_2025, the world of Ignatenko, Macedoni, Lashkaripour and Simonovska
 * (JIE 2025), "Making America Great Again? The Economic Impacts of Liberation Day Tariffs", and
 * its five scenarios, from data/raw/liberation_day_2025 (their replication inputs).
 * Usage: build_liberation_day --raw data/raw --out data/liberation_day_2025 [--scenarios DIR]
 *
 * As their code/analysis/main_baseline.m: one sector, trade elasticity 4; the destination-income
 * shares nu (one for the rest of the world, one for the US) solve their two moment conditions
 * (solveNu: 12% and 26% of costs), domestic sales are E - imports with E = GDP + (1 - nu)
 * (imports - sum_j (1 - nu_j) exports_j), clamped at zero; the tariff exponent is phi = 1 +
 * (1 + vartheta) / ((1 - nu) vartheta) - 1 / vartheta - 1 with vartheta = 4 / 0.67; labour
 * supply elasticity 0.5, scale elasticity 0.67 / 4, revenue used to cut the labour-income tax.
 * The optimal tariffs of their Case 3 and of the optimal retaliation are their closed forms,
 * t = 1 / ((1 + delta eps) phi - 1), computed here from the same data. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_util.h"
#include "tradewar/world.h"

#define EPS 4.0        /* trade elasticity */
#define KAPPA 0.5      /* labour supply elasticity */
#define SCALE_K 0.67   /* psi = SCALE_K / EPS; vartheta = EPS / SCALE_K */
#define N_MAX 400

typedef struct ld_data {
    int n, us;
    tt_list code, name;
    double *x;   /* [i][j] exporter i to importer j, thousand USD (their X_ji) */
    double *gdp; /* [i] thousand USD */
    double *tariff; /* [i] US Liberation-Day tariff on origin i */
    double nu_row, nu_us;
    double *nu, *phi, *e, *y; /* [i] */
} ld_data;

static double *X(ld_data *s, int i, int j) { return &s->x[(size_t)i * s->n + j]; }

static void read_inputs(ld_data *s, const char *raw)
{
    int ix[3];
    static const tw_csv_column lc[] = {{"iso3", 1}, {"iso_code", 1}, {"CountryName", 1}};
    tw_csv *csv = tt_open(raw, "liberation_day_2025/country_labels.csv", lc, 3, ix);
    while (tt_next(csv)) {
        if (tt_num(csv, ix[1]) != s->code.n + 1)
            tt_fail_at(csv, ix[1], "expected iso_code %d (rows in MATLAB index order)",
                       s->code.n + 1);
        tt_list_add(&s->code, tw_csv_get(csv, ix[0]));
        tt_list_add(&s->name, tw_csv_get(csv, ix[2]));
    }
    tw_csv_close(csv);
    int n = s->n = s->code.n;
    if (n < 2 || n > N_MAX)
        tt_die("country_labels.csv: %d countries, expected 2..%d", n, N_MAX);
    s->us = tt_list_find(&s->code, "USA");
    if (s->us < 0)
        tt_die("country_labels.csv: no USA");
    s->x = tt_calloc((size_t)n * n, sizeof(double));
    tw_csv_column *tc = tt_calloc((size_t)n, sizeof *tc);
    char(*names)[24] = tt_calloc((size_t)n, sizeof *names);
    int *tix = tt_calloc((size_t)n, sizeof *tix);
    for (int j = 0; j < n; j++) {
        snprintf(names[j], sizeof names[j], "export_ij%d", j + 1);
        tc[j].name = names[j];
        tc[j].required = 1;
    }
    csv = tt_open(raw, "liberation_day_2025/trade_cepii.csv", tc, n, tix);
    int row = 0;
    while (tt_next(csv)) {
        if (row >= n)
            tt_fail_at(csv, tix[0], "more than %d rows", n);
        for (int j = 0; j < n; j++) {
            const char *f = tw_csv_get(csv, tix[j]);
            double v = f[0] ? tt_num(csv, tix[j]) : 0.0; /* empty = 0 (their isnan -> 0) */
            if (v < 0)
                tt_fail_at(csv, tix[j], "negative trade %g", v);
            *X(s, row, j) = v;
        }
        row++;
    }
    tw_csv_close(csv);
    if (row != n)
        tt_die("trade_cepii.csv: %d rows, expected %d", row, n);
    free(tc);
    free(names);
    free(tix);
    s->gdp = tt_calloc((size_t)n, sizeof(double));
    s->tariff = tt_calloc((size_t)n, sizeof(double));
    static const tw_csv_column gc[] = {{"gdp", 1}}, rc[] = {{"applied_tariff", 1}};
    const struct {
        const char *file;
        const tw_csv_column *col;
        double *dst, scale;
    } one[] = {{"liberation_day_2025/gdp.csv", gc, s->gdp, 1e-3},
               {"liberation_day_2025/tariffs.csv", rc, s->tariff, 1.0}};
    for (int f = 0; f < 2; f++) {
        csv = tt_open(raw, one[f].file, one[f].col, 1, ix);
        row = 0;
        while (tt_next(csv)) {
            if (row >= n)
                tt_fail_at(csv, ix[0], "more than %d rows", n);
            one[f].dst[row++] = tt_num(csv, ix[0]) * one[f].scale;
        }
        tw_csv_close(csv);
        if (row != n)
            tt_die("%s: %d rows, expected %d", one[f].file, row, n);
    }
}

/* Their eqFun on the two-region aggregate (rest of the world, US) of raw trade x2 and GDP y2. */
static void nu_moments(const double nu[2], const double x2[2][2], const double y2[2],
                       double f[2])
{
    double e[2];
    for (int i = 0; i < 2; i++) {
        double imp = x2[0][i] + x2[1][i], adj = (1 - nu[0]) * x2[i][0] + (1 - nu[1]) * x2[i][1];
        e[i] = y2[i] + (1 - nu[i]) * (imp - adj);
    }
    double r11 = (e[0] - x2[1][0]) / (e[0] - x2[1][0] + x2[0][1]);
    double r22 = (e[1] - x2[0][1]) / (e[1] - x2[0][1] + x2[1][0]);
    f[0] = (1 - r11) * nu[1] + r11 * nu[0] - 0.12;
    f[1] = r22 * nu[1] + (1 - r22) * nu[0] - 0.26;
}

/* Aggregates [i][j] into (rest of the world, US). */
static void aggregate(ld_data *s, double x2[2][2])
{
    memset(x2, 0, 4 * sizeof(double));
    for (int i = 0; i < s->n; i++)
        for (int j = 0; j < s->n; j++)
            x2[i == s->us][j == s->us] += *X(s, i, j);
}

/* solveNu: Newton's method on the two moments (a 2x2 system, exact Jacobian by central
 * differences of a smooth function), from their start (0.1, 0.24); negative values to 0. */
static void solve_nu(ld_data *s)
{
    double x2[2][2], y2[2] = {0, 0};
    aggregate(s, x2);
    for (int i = 0; i < s->n; i++)
        y2[i == s->us] += s->gdp[i];
    double nu[2] = {0.1, 0.24}, f[2];
    for (int it = 0; it < 100; it++) {
        nu_moments(nu, x2, y2, f);
        if (fabs(f[0]) + fabs(f[1]) < 1e-15)
            break;
        double jac[2][2];
        for (int k = 0; k < 2; k++) {
            double h = 1e-7, p[2] = {nu[0], nu[1]}, m[2] = {nu[0], nu[1]}, fp[2], fm[2];
            p[k] += h;
            m[k] -= h;
            nu_moments(p, x2, y2, fp);
            nu_moments(m, x2, y2, fm);
            jac[0][k] = (fp[0] - fm[0]) / (2 * h);
            jac[1][k] = (fp[1] - fm[1]) / (2 * h);
        }
        double det = jac[0][0] * jac[1][1] - jac[0][1] * jac[1][0];
        if (!(fabs(det) > 0))
            tt_die("solveNu: singular Jacobian");
        nu[0] -= (jac[1][1] * f[0] - jac[0][1] * f[1]) / det;
        nu[1] -= (-jac[1][0] * f[0] + jac[0][0] * f[1]) / det;
    }
    nu_moments(nu, x2, y2, f);
    if (fabs(f[0]) + fabs(f[1]) > 1e-12)
        tt_die("solveNu did not converge (moments off by %g, %g)", f[0], f[1]);
    s->nu_row = nu[0] > 0 ? nu[0] : 0;
    s->nu_us = nu[1] > 0 ? nu[1] : 0;
}

/* Domestic sales, expenditure E and income Y as main_baseline.m builds them. */
static void complete(ld_data *s)
{
    int n = s->n;
    s->nu = tt_calloc((size_t)n, sizeof(double));
    s->phi = tt_calloc((size_t)n, sizeof(double));
    s->e = tt_calloc((size_t)n, sizeof(double));
    s->y = tt_calloc((size_t)n, sizeof(double));
    double vt = EPS / SCALE_K;
    for (int i = 0; i < n; i++) {
        s->nu[i] = i == s->us ? s->nu_us : s->nu_row;
        s->phi[i] = 1.0 + (1 + vt) / ((1 - s->nu[i]) * vt) - 1 / vt - 1;
    }
    double *xii = tt_calloc((size_t)n, sizeof(double));
    for (int i = 0; i < n; i++) {
        double imp = 0, adj = 0;
        for (int k = 0; k < n; k++) {
            imp += *X(s, k, i);
            adj += (1 - s->nu[k]) * *X(s, i, k);
        }
        double e = s->gdp[i] + (1 - s->nu[i]) * (imp - adj);
        xii[i] = e - imp > 0 ? e - imp : 0;
    }
    for (int i = 0; i < n; i++)
        *X(s, i, i) = xii[i];
    free(xii);
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++)
            s->e[j] += *X(s, i, j);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++)
            s->y[i] += (1 - s->nu[j]) * *X(s, i, j);
        s->y[i] += s->nu[i] * s->e[i];
    }
}

/* The US's closed form: delta with E in the denominator (their "Optimal Tariff w/o
 * retaliation", Case 3) or with Y (their "Optimal Tariff w/ optimal retaliation", Table 2 (4)). */
static double optimal_us(ld_data *s, int with_y)
{
    int u = s->us;
    double num = 0;
    for (int j = 0; j < s->n; j++)
        if (j != u)
            num += *X(s, u, j) * (1 - s->nu[j]) * (1 - *X(s, u, j) / s->e[j]);
    double delta = num / ((1 - s->nu[u]) * ((with_y ? s->y[u] : s->e[u]) - *X(s, u, u)));
    return 1.0 / ((1 + delta * EPS) * s->phi[u] - 1);
}

/* Optimal retaliation: the rest of the world as one region, with Y in the denominator. */
static double optimal_row(ld_data *s)
{
    double x2[2][2], y2[2] = {0, 0};
    aggregate(s, x2);
    for (int i = 0; i < s->n; i++)
        y2[i == s->us] += s->y[i];
    double nu2[2] = {s->nu_row, s->nu_us};
    double lam01 = x2[0][1] / (x2[0][1] + x2[1][1]);
    double delta = x2[0][1] * (1 - nu2[1]) * (1 - lam01) / ((1 - nu2[0]) * (y2[0] - x2[0][0]));
    return 1.0 / ((1 + delta * EPS) * s->phi[s->us == 0 ? 1 : 0] - 1);
}

static void write_world(ld_data *s, const char *out)
{
    FILE *f = tt_create(out, "world.csv");
    fprintf(f, "key,value\nname,liberation_day_2025\nyear,2023\nunit,thousand USD\n"
               "description,\"Ignatenko, Macedoni, Lashkaripour and Simonovska (JIE 2025) "
               "Liberation Day world: 194 countries x 1 sector, 2023 (built by "
               "tools/build_liberation_day from their replication inputs)\"\n");
    tt_finish(f, "world.csv");
    f = tt_create(out, "countries.csv");
    fprintf(f, "code,name\n");
    for (int i = 0; i < s->n; i++) {
        tt_field(f, s->code.item[i]);
        fputc(',', f);
        tt_field(f, s->name.item[i]);
        fputc('\n', f);
    }
    tt_finish(f, "countries.csv");
    f = tt_create(out, "sectors.csv");
    fprintf(f, "code,name,theta,goods\nTOT,All goods (one sector),4,1\n");
    tt_finish(f, "sectors.csv");
    f = tt_create(out, "flows.csv");
    fprintf(f, "exporter,importer,sector,value\n");
    for (int i = 0; i < s->n; i++)
        for (int j = 0; j < s->n; j++) {
            if (*X(s, i, j) == 0)
                continue;
            fprintf(f, "%s,%s,TOT,", s->code.item[i], s->code.item[j]);
            tt_real(f, *X(s, i, j));
            fputc('\n', f);
        }
    tt_finish(f, "flows.csv");
    f = tt_create(out, "tariffs.csv");
    fprintf(f, "importer,exporter,sector,rate\n"); /* the baseline has no tariffs */
    tt_finish(f, "tariffs.csv");
    f = tt_create(out, "blocks.csv");
    fprintf(f, "country,nu,tariff_exponent,labour_elasticity,scale_elasticity,revenue_use\n");
    for (int i = 0; i < s->n; i++) {
        fprintf(f, "%s,", s->code.item[i]);
        tt_real(f, s->nu[i]);
        fputc(',', f);
        tt_real(f, s->phi[i]);
        fputc(',', f);
        tt_real(f, KAPPA);
        fputc(',', f);
        tt_real(f, SCALE_K / EPS);
        fprintf(f, ",labour_tax\n");
    }
    tt_finish(f, "blocks.csv");
}

enum { US_USTR = 1, US_OPTIMAL = 2, RECIPROCAL = 4, RETALIATE = 8 };

static void write_scenario(ld_data *s, const char *dir, const char *file, const char *title,
                           const char *use, int what, double t_us, double t_row)
{
    FILE *f = tt_create(dir, file);
    fprintf(f, "# SPDX-License-Identifier: MIT\n# GENERATED by tools/build_liberation_day from "
               "data/raw/liberation_day_2025: do not edit; rerun the builder.\n#\n"
               "# Ignatenko, Macedoni, Lashkaripour and Simonovska (JIE 2025), as their "
               "code/analysis/main_baseline.m:\n# the US tariff on each origin is the USTR "
               "Liberation-Day rate, at least 10%%; optimal tariffs are\n# their closed form "
               "t = 1 / ((1 + delta eps) phi - 1) (tools/build_liberation_day.c).\n");
    fprintf(f, "title: \"%s\"\nworld: liberation_day_2025\nrevenue_use: %s\n"
               "baseline: 2025-01-01\nplayers: [USA, CHN]\nwatch: [EU27]\nevents:\n"
               "  - date: 2025-04-02\n    label: \"%s\"\n    tariffs:\n",
            title, use, title);
    for (int i = 0; i < s->n; i++) {
        if (i == s->us || !(what & (US_USTR | US_OPTIMAL)))
            continue;
        double t = what & US_OPTIMAL ? t_us : (s->tariff[i] > 0.1 ? s->tariff[i] : 0.1);
        fprintf(f, "      - {importers: USA, exporters: %s, sectors: all, set: ", s->code.item[i]);
        tt_real(f, t);
        fprintf(f, "}\n");
        if (what & RECIPROCAL) {
            fprintf(f, "      - {importers: %s, exporters: USA, sectors: all, set: ",
                    s->code.item[i]);
            tt_real(f, t);
            fprintf(f, "}\n");
        }
    }
    if (what & RETALIATE) {
        fprintf(f, "      - {importers: all, exporters: USA, sectors: all, set: ");
        tt_real(f, t_row);
        fprintf(f, "}\n");
    }
    tt_finish(f, file);
}

static void ld_free(ld_data *s)
{
    tt_list_free(&s->code);
    tt_list_free(&s->name);
    double *arrays[] = {s->x, s->gdp, s->tariff, s->nu, s->phi, s->e, s->y};
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++)
        free(arrays[k]);
}

int main(int argc, char **argv)
{
    const char *raw, *out, *scen = NULL;
    /* --scenarios DIR is ours; the rest is tt_args'. */
    char **args = tt_calloc((size_t)argc + 1, sizeof *args);
    int nargs = 0;
    for (int a = 0; a < argc; a++) {
        if (a > 0 && strcmp(argv[a], "--scenarios") == 0 && a + 1 < argc)
            scen = argv[++a];
        else
            args[nargs++] = argv[a];
    }
    tt_args(nargs, args, "Builds the Liberation Day world from RAW/liberation_day_2025 "
                         "(and with --scenarios DIR its six scenarios).",
            &raw, &out);
    ld_data s = {0};
    read_inputs(&s, raw);
    solve_nu(&s);
    complete(&s);
    write_world(&s, out);
    double t3 = optimal_us(&s, 0), t4 = optimal_us(&s, 1), tr = optimal_row(&s);
    tt_note("nu = %.6f (rest of the world), %.6f (US); Case 3 tariff %.6f, optimal "
            "retaliation %.6f, US tariff against it %.6f",
            s.nu_row, s.nu_us, t3, tr, t4);
    if (scen) {
        write_scenario(&s, scen, "liberation_day_case1.yaml",
                       "Liberation Day, Case 1: USTR tariffs, revenue cuts the income tax",
                       "labour_tax", US_USTR, 0, 0);
        write_scenario(&s, scen, "liberation_day_case2.yaml",
                       "Liberation Day, Case 2: USTR tariffs, revenue rebated lump-sum",
                       "lump_sum", US_USTR, 0, 0);
        write_scenario(&s, scen, "liberation_day_case3.yaml",
                       "Liberation Day, Case 3: optimal US tariff, revenue cuts the income tax",
                       "labour_tax", US_OPTIMAL, t3, 0);
        write_scenario(&s, scen, "liberation_day_reciprocal.yaml",
                       "Liberation Day: USTR tariffs and reciprocal retaliation", "labour_tax",
                       US_USTR | RECIPROCAL, 0, 0);
        write_scenario(&s, scen, "liberation_day_optimal_retaliation.yaml",
                       "Liberation Day: USTR tariffs and optimal retaliation", "labour_tax",
                       US_USTR | RETALIATE, 0, tr);
        write_scenario(&s, scen, "liberation_day_optimal_both.yaml",
                       "Liberation Day: optimal US tariff and optimal retaliation",
                       "labour_tax", US_OPTIMAL | RETALIATE, t4, tr);
    }
    ld_free(&s);
    free(args);
    return 0;
}
