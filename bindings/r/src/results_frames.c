/* SPDX-License-Identifier: MIT */
/* R bindings of tradewar: the countries, trade and output tables of a solve as R data frames
 * built straight from the library's results (tw_results, tradewar/model.h), without writing
 * and reading them as JSON text. The columns, their order, types and values are those the
 * JSON path gives (json_r.c reading tw_json_write_solve's document, docs/json.md): the same
 * fields from the same results with the same derivations (tw_pct_change, the average tariffs
 * in %, tw_results_dominant_sector); a number the document writes as null (not finite) is NA;
 * a column that is null in every row is logical NA, as the reader makes it. The test
 * test-frames.R checks identical() against the JSON path. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tw_r.h"

SEXP tw_r_new_frame(const char *const *names, int ncol, int strings, R_xlen_t rows)
{
    SEXP df = PROTECT(Rf_allocVector(VECSXP, ncol));
    SEXP nm = PROTECT(Rf_allocVector(STRSXP, ncol));
    for (int k = 0; k < ncol; k++) {
        SET_VECTOR_ELT(df, k, Rf_allocVector(k < strings ? STRSXP : REALSXP, rows));
        SET_STRING_ELT(nm, k, Rf_mkCharCE(names[k], CE_UTF8));
    }
    Rf_setAttrib(df, R_NamesSymbol, nm);
    SEXP rn = PROTECT(Rf_allocVector(INTSXP, 2));
    INTEGER(rn)[0] = NA_INTEGER;
    INTEGER(rn)[1] = -(int)rows;
    Rf_setAttrib(df, R_RowNamesSymbol, rn);
    Rf_setAttrib(df, R_ClassSymbol, Rf_mkString("data.frame"));
    UNPROTECT(3);
    return df;
}

/* As the reader does: a column null (NA) in every row becomes logical NA. */
static void all_na_logical(SEXP df)
{
    for (R_xlen_t c = 0; c < XLENGTH(df); c++) {
        SEXP col = VECTOR_ELT(df, c);
        R_xlen_t n = XLENGTH(col), k = 0;
        if (TYPEOF(col) == REALSXP)
            while (k < n && ISNA(REAL(col)[k]))
                k++;
        else
            while (k < n && STRING_ELT(col, k) == NA_STRING)
                k++;
        if (k < n)
            continue;
        SEXP lg = PROTECT(Rf_allocVector(LGLSXP, n));
        for (k = 0; k < n; k++)
            LOGICAL(lg)[k] = NA_LOGICAL;
        SET_VECTOR_ELT(df, c, lg);
        UNPROTECT(1);
    }
}

/* A number as the document holds it: not finite is null, read as NA. */
double tw_r_num(double x) { return isfinite(x) ? x : NA_REAL; }

static SEXP code(const char *s) { return Rf_mkCharCE(s, CE_UTF8); }

#define SET_NUM(df, col, row, x) (REAL(VECTOR_ELT(df, col))[row] = tw_r_num(x))

static SEXP countries_frame(const tw_world *w, const tw_results *r, const char *k0,
                            const char *k1)
{
    const char *names[] = {"code", "real_income_pct", "tot_pct", "vot_pct", "trade_cost_pct",
                           "welfare_decomp_pct", "real_wage_pct", "wage_hat", "price_hat",
                           "income_hat", "tariff_revenue_baseline", "tariff_revenue", k0, k1,
                           "exports_baseline", "exports", "imports_baseline", "imports",
                           "top_sector", "top_sector_share", "welfare_pct", "employment_pct"};
    enum { TOP = 18 };
    int N = r->d.n, nc = (int)(sizeof names / sizeof *names);
    /* top_sector is the one string column after the first: made double, then replaced. */
    SEXP df = PROTECT(tw_r_new_frame(names, nc, 1, N));
    SEXP top = PROTECT(Rf_allocVector(STRSXP, N));
    for (int n = 0; n < N; n++) {
        const tw_country_result *c = &r->country[n];
        double v[] = {c->real_income_pct, c->tot_pct, c->vot_pct, c->trade_cost_pct,
                      c->welfare_decomp_pct, c->real_wage_pct, c->wage_hat, c->price_hat,
                      c->income_hat, c->tariff_revenue_base, c->tariff_revenue,
                      100.0 * r->avg_tariff_goods_base[n], 100.0 * r->avg_tariff_goods[n],
                      c->exports_base, c->exports, c->imports_base, c->imports};
        SET_STRING_ELT(VECTOR_ELT(df, 0), n, code(tw_world_country_code(w, n)));
        for (int k = 0; k < (int)(sizeof v / sizeof *v); k++)
            SET_NUM(df, k + 1, n, v[k]);
        double share;
        int j = tw_results_dominant_sector(r, n, &share);
        SET_STRING_ELT(top, n, j >= 0 ? code(tw_world_sector_code(w, j)) : NA_STRING);
        SET_NUM(df, TOP + 1, n, share);
        SET_NUM(df, TOP + 2, n, c->welfare_pct);
        SET_NUM(df, TOP + 3, n, c->employment_pct);
    }
    SET_VECTOR_ELT(df, TOP, top);
    all_na_logical(df);
    UNPROTECT(2);
    return df;
}

static SEXP trade_frame(const tw_world *w, const tw_results *r, const char *k0, const char *k1)
{
    const char *names[] = {"exporter", "importer", "baseline", "counterfactual", "change_pct",
                           "goods_baseline", "goods_counterfactual", "goods_change_pct", k0,
                           k1};
    tw_dims d = r->d;
    SEXP df = PROTECT(tw_r_new_frame(names, 10, 2, (R_xlen_t)d.n * (d.n - 1)));
    R_xlen_t row = 0;
    for (int i = 0; i < d.n; i++)
        for (int n = 0; n < d.n; n++) {
            if (i == n)
                continue;
            size_t at = tw_ix_ni(d, n, i);
            SET_STRING_ELT(VECTOR_ELT(df, 0), row, code(tw_world_country_code(w, i)));
            SET_STRING_ELT(VECTOR_ELT(df, 1), row, code(tw_world_country_code(w, n)));
            double v[] = {r->trade_base[at], r->trade[at],
                          tw_pct_change(r->trade[at], r->trade_base[at]), r->goods_base[at],
                          r->goods[at], tw_pct_change(r->goods[at], r->goods_base[at]),
                          100.0 * r->goods_tariff_base[at], 100.0 * r->goods_tariff[at]};
            for (int k = 0; k < 8; k++)
                SET_NUM(df, k + 2, row, v[k]);
            row++;
        }
    all_na_logical(df);
    UNPROTECT(1);
    return df;
}

static SEXP output_frame(const tw_world *w, const tw_results *r)
{
    static const char *names[] = {"country", "sector", "baseline", "counterfactual",
                                  "change_pct", "price_hat", "tot_pct", "vot_pct",
                                  "trade_cost_pct", "welfare_decomp_pct"};
    tw_dims d = r->d;
    SEXP df = PROTECT(tw_r_new_frame(names, 10, 2, (R_xlen_t)d.n * d.j));
    R_xlen_t row = 0;
    for (int n = 0; n < d.n; n++)
        for (int j = 0; j < d.j; j++, row++) {
            size_t at = tw_ix_nj(d, n, j);
            SET_STRING_ELT(VECTOR_ELT(df, 0), row, code(tw_world_country_code(w, n)));
            SET_STRING_ELT(VECTOR_ELT(df, 1), row, code(tw_world_sector_code(w, j)));
            double v[] = {r->output_base[at], r->output[at],
                          tw_pct_change(r->output[at], r->output_base[at]),
                          r->sector_price_hat[at], r->sector_tot_pct[at],
                          r->sector_vot_pct[at], r->sector_trade_cost_pct[at],
                          tw_results_sector_welfare_pct(r, n, j)};
            for (int k = 0; k < 8; k++)
                SET_NUM(df, k + 2, row, v[k]);
        }
    all_na_logical(df);
    UNPROTECT(1);
    return df;
}

SEXP tw_r_results_frames(const tw_world *w, const tw_results *r)
{
    static const char *names[] = {"countries", "trade", "output", ""};
    char k0[96], k1[96];
    snprintf(k0, sizeof k0, "%s_baseline_pct", tw_tariff_average_key(NULL));
    snprintf(k1, sizeof k1, "%s_pct", tw_tariff_average_key(NULL));
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(out, 0, countries_frame(w, r, k0, k1));
    /* An empty table is an empty array in the document, read as an empty list. */
    SET_VECTOR_ELT(out, 1, r->d.n > 1 ? trade_frame(w, r, k0, k1)
                                      : Rf_allocVector(VECSXP, 0));
    SET_VECTOR_ELT(out, 2, output_frame(w, r));
    UNPROTECT(1);
    return out;
}
