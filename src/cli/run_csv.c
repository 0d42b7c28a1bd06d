/* SPDX-License-Identifier: MIT */
/* `tradewar run --csv DIR`: the timeline as CSV files whose columns are the timeline
 * document's fields (docs/json.md), with the same names and units; an undefined value (JSON
 * null) is an empty field. */
#include <math.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/run_out.h"

/* "step,date,branch" of step k. */
static void step_key(FILE *f, int k, const tw_timeline_step *st)
{
    fprintf(f, "%d,%s,", k, st->date);
    tw_cli_csv_text(f, st->branch);
}

static void country_rows(FILE *fc, const run_ctx *c, int k, const tw_timeline_step *st)
{
    const tw_results *r = st->results;
    for (int n = 0; n < tw_world_dims(c->w).n; n++) {
        const tw_country_result *cr = &r->country[n];
        double share;
        int top = tw_results_dominant_sector(r, n, &share);
        step_key(fc, k, st);
        fprintf(fc, ",%s", tw_world_country_code(c->w, n));
        tw_cli_csv_num(fc, cr->real_income_pct);
        tw_cli_csv_num(fc, cr->real_wage_pct);
        tw_cli_csv_num(fc, 100.0 * (cr->wage_hat - 1.0));
        tw_cli_csv_num(fc, 100.0 * (cr->price_hat - 1.0));
        tw_cli_csv_num(fc, cr->tot_pct);
        tw_cli_csv_num(fc, cr->vot_pct);
        tw_cli_csv_num(fc, cr->trade_cost_pct);
        tw_cli_csv_num(fc, cr->welfare_decomp_pct);
        fprintf(fc, ",%s", top >= 0 ? tw_world_sector_code(c->w, top) : "");
        tw_cli_csv_num(fc, share);
        tw_cli_csv_num(fc, cr->tariff_revenue);
        tw_cli_csv_num(fc, cr->tariff_revenue_base);
        tw_cli_csv_num(fc, cr->export_tax_revenue);
        tw_cli_csv_num(fc, cr->quota_rent);
        tw_cli_csv_num(fc, tw_pct_change(cr->exports, cr->exports_base));
        tw_cli_csv_num(fc, tw_pct_change(cr->imports, cr->imports_base));
        tw_cli_csv_num(fc, 100.0 * r->avg_tariff_goods[n]);
        tw_cli_csv_num(fc, cr->welfare_pct);
        tw_cli_csv_num(fc, cr->employment_pct);
        fputc('\n', fc);
    }
}

static void trade_rows(FILE *ft, const run_ctx *c, int k, const tw_timeline_step *st)
{
    const tw_results *r = st->results;
    for (int a = 0; a < c->nshow; a++)
        for (int b = 0; b < c->nshow; b++) {
            if (a == b || (a >= c->nplayers && b >= c->nplayers))
                continue;
            double b0, b1, g0, g1;
            tw_group_trade(r, TW_SECTORS_ALL, c->show[a].members, c->show[a].n,
                           c->show[b].members, c->show[b].n, &b0, &b1);
            tw_group_trade(r, TW_SECTORS_GOODS, c->show[a].members, c->show[a].n,
                           c->show[b].members, c->show[b].n, &g0, &g1);
            step_key(ft, k, st);
            fprintf(ft, ",%s,%s", c->show[a].name, c->show[b].name);
            tw_cli_csv_num(ft, b0);
            tw_cli_csv_num(ft, b1);
            tw_cli_csv_num(ft, tw_pct_change(b1, b0));
            tw_cli_csv_num(ft, tw_pct_change(g1, g0));
            tw_cli_csv_num(ft, group_tariff(c, st, &c->show[b], &c->show[a]));
            fputc('\n', ft);
        }
}

static void sector_rows(FILE *fo, const run_ctx *c, int k, const tw_timeline_step *st)
{
    const tw_results *r = st->results;
    tw_dims d = tw_world_dims(c->w);
    for (int q = 0; q < c->nshow; q++) {
        if (c->show[q].n != 1)
            continue;
        int n = c->show[q].members[0];
        for (int j = 0; j < d.j; j++) {
            size_t at = tw_ix_nj(d, n, j);
            step_key(fo, k, st);
            fprintf(fo, ",%s,%s", c->show[q].name, tw_world_sector_code(c->w, j));
            tw_cli_csv_num(fo, r->output_base[at]);
            tw_cli_csv_num(fo, r->output[at]);
            tw_cli_csv_num(fo, tw_pct_change(r->output[at], r->output_base[at]));
            tw_cli_csv_num(fo, 100.0 * (r->sector_price_hat[at] - 1.0));
            tw_cli_csv_num(fo, r->sector_tot_pct[at]);
            tw_cli_csv_num(fo, r->sector_vot_pct[at]);
            tw_cli_csv_num(fo, r->sector_trade_cost_pct[at]);
            tw_cli_csv_num(fo, tw_results_sector_welfare_pct(r, n, j));
            fputc('\n', fo);
        }
    }
}

int tw_run_write_csv(const run_ctx *c, const char *dir)
{
    int rc = tw_run_ensure_dir(dir);
    if (rc)
        return rc;
    char path[1200];
    FILE *fs = tw_run_open_in(dir, "steps.csv", path, sizeof path);
    FILE *fc = fs ? tw_run_open_in(dir, "countries.csv", path, sizeof path) : NULL;
    FILE *ft = fc ? tw_run_open_in(dir, "trade.csv", path, sizeof path) : NULL;
    FILE *fo = ft ? tw_run_open_in(dir, "sectors.csv", path, sizeof path) : NULL;
    if (!fo) {
        if (fs)
            fclose(fs);
        if (fc)
            fclose(fc);
        if (ft)
            fclose(ft);
        return TW_EXIT_IO;
    }
    const char *avg = tw_tariff_average_key(NULL);
    fprintf(fs, "step,date,branch,label,after,iterations,residual,world_real_income_pct\n");
    fprintf(fc, "step,date,branch,code,real_income_pct,real_wage_pct,wage_change_pct,"
                "price_change_pct,tot_pct,vot_pct,trade_cost_pct,welfare_decomp_pct,top_sector,"
                "top_sector_share,tariff_revenue,tariff_revenue_base,export_tax_revenue,"
                "quota_rent,exports_change_pct,imports_change_pct,%s_pct,welfare_pct,"
                "employment_pct\n",
            avg);
    fprintf(ft, "step,date,branch,exporter,importer,base,counterfactual,change_pct,"
                "goods_change_pct,%s_pct\n",
            avg);
    fprintf(fo, "step,date,branch,country,sector,output_base,output,output_change_pct,"
                "price_change_pct,tot_pct,vot_pct,trade_cost_pct,welfare_decomp_pct\n");
    for (int k = 0; k < tw_timeline_steps(c->t); k++) {
        tw_timeline_step st = tw_timeline_step_get(c->t, k);
        step_key(fs, k, &st);
        fputc(',', fs);
        tw_cli_csv_text(fs, st.label);
        fprintf(fs, ",%d,%d", st.parent, st.report.iterations);
        tw_cli_csv_num(fs, st.report.residual);
        tw_cli_csv_num(fs, st.results->world_real_income_pct);
        fputc('\n', fs);
        country_rows(fc, c, k, &st);
        trade_rows(ft, c, k, &st);
        sector_rows(fo, c, k, &st);
    }
    int bad = ferror(fs) | ferror(fc) | ferror(ft) | ferror(fo);
    bad |= fclose(fs) | fclose(fc) | fclose(ft) | fclose(fo);
    if (bad) {
        fprintf(stderr, "tradewar: error: writing CSV files into %s failed\n", dir);
        return TW_EXIT_IO;
    }
    return tw_run_write_factors_csv(c, dir); /* with specific factors only */
}
