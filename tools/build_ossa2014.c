/* SPDX-License-Identifier: MIT */
/* Builds data/ossa2014, the world of Ossa (2014) "Trade Wars and Trade Talks with Data" (7 regions
 * x 33 traded GTAP industries, 2007), from the calibrated variables of his replication package
 * copied to data/raw/ossa2014. Usage: build_ossa2014 --raw data/raw --out data/ossa2014
 *
 * DATA__TRADE.csv and DATA__TARIFF.csv are [S*N x N] (blocks of N rows by industry s; row i of a
 * block is the exporter, column j the importer), flows at producer prices; DATA__SIGMA.csv the
 * elasticities of substitution sigma^s; DATA__LAMBDAPOL.csv the political-economy weights
 * [N x S]. The world: no intermediate inputs (value added = gross output), final demand shares
 * derived from absorption, trade elasticity theta^s = sigma^s - 1, and profits.csv with the
 * profit share 1/sigma^s of revenue (docs/model.md §2d). */
#include <stdlib.h>
#include <string.h>

#include "tool_util.h"

enum { NR = 7, NS = 33 };

/* Reads a headerless numeric CSV of rows x cols into out (row-major); dies on any mismatch. */
static void read_matrix(const char *dir, const char *name, int rows, int cols, double *out)
{
    char *path = tt_path(dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        tt_die("%s: cannot open", path);
    char line[8192];
    for (int r = 0; r < rows; r++) {
        if (!fgets(line, sizeof line, f))
            tt_die("%s:%d: expected %d rows", path, r + 1, rows);
        char *p = line;
        for (int c = 0; c < cols; c++) {
            char *end;
            double v = strtod(p, &end);
            if (end == p)
                tt_die("%s:%d:%d: expected a number", path, r + 1, c + 1);
            out[(size_t)r * cols + c] = v == 0.0 ? 0.0 : v; /* "-0" in the source */
            p = end;
            if (c + 1 < cols) {
                if (*p != ',')
                    tt_die("%s:%d: expected %d columns", path, r + 1, cols);
                p++;
            }
        }
        if (*p != '\n' && *p != '\r' && *p != '\0')
            tt_die("%s:%d: expected %d columns", path, r + 1, cols);
    }
    if (fgets(line, sizeof line, f) && line[0] != '\n')
        tt_die("%s:%d: expected %d rows", path, rows + 1, rows);
    fclose(f);
    free(path);
}

/* codes_*.csv: number,code,name with numbers 1..count in order. */
static void read_codes(const char *dir, const char *name, int count, tt_list *code, tt_list *nm)
{
    static const tw_csv_column cols[] = {{"number", 1}, {"code", 1}, {"name", 1}};
    int ix[3];
    tw_csv *csv = tt_open(dir, name, cols, 3, ix);
    while (tt_next(csv)) {
        if ((int)tt_num(csv, ix[0]) != code->n + 1)
            tt_fail_at(csv, ix[0], "expected number %d", code->n + 1);
        tt_list_add(code, tw_csv_get(csv, ix[1]));
        tt_list_add(nm, tw_csv_get(csv, ix[2]));
    }
    tw_csv_close(csv);
    if (code->n != count)
        tt_die("%s/%s: expected %d rows, found %d", dir, name, count, code->n);
}

int main(int argc, char **argv)
{
    const char *raw, *out;
    tt_args(argc, argv, "build_ossa2014 --raw DIR --out DIR", &raw, &out);
    char *dir = tt_path(raw, "ossa2014");
    tt_list rc = {0}, rn = {0}, sc = {0}, sn = {0};
    read_codes(dir, "codes_regions.csv", NR, &rc, &rn);
    read_codes(dir, "codes_sectors.csv", NS, &sc, &sn);
    double *trade = tt_calloc((size_t)NS * NR * NR, sizeof *trade);
    double *tariff = tt_calloc((size_t)NS * NR * NR, sizeof *tariff);
    double sigma[NS], lambda[NR * NS];
    read_matrix(dir, "DATA__TRADE.csv", NS * NR, NR, trade);
    read_matrix(dir, "DATA__TARIFF.csv", NS * NR, NR, tariff);
    read_matrix(dir, "DATA__SIGMA.csv", NS, 1, sigma);
    read_matrix(dir, "DATA__LAMBDAPOL.csv", NR, NS, lambda);
    for (int s = 0; s < NS; s++)
        if (!(sigma[s] > 1))
            tt_die("DATA__SIGMA.csv:%d: sigma must exceed 1", s + 1);

    FILE *f = tt_create(out, "world.csv");
    fprintf(f, "key,value\nname,ossa2014\nyear,2007\nunit,USD million\n");
    fprintf(f, "description,\"Ossa (2014) Trade Wars and Trade Talks with Data: 7 regions x 33 "
               "industries, 2007, Krugman profits (built by tools/build_ossa2014 from his "
               "calibrated data)\"\n");
    tt_finish(f, "world.csv");
    f = tt_create(out, "countries.csv");
    fprintf(f, "code,name\n");
    for (int n = 0; n < NR; n++) {
        tt_field(f, rc.item[n]);
        fputc(',', f);
        tt_field(f, rn.item[n]);
        fputc('\n', f);
    }
    tt_finish(f, "countries.csv");
    f = tt_create(out, "sectors.csv");
    fprintf(f, "code,name,theta,goods\n");
    for (int s = 0; s < NS; s++) {
        tt_field(f, sc.item[s]);
        fputc(',', f);
        tt_field(f, sn.item[s]);
        fputc(',', f);
        tt_real(f, sigma[s] - 1.0);
        fprintf(f, ",1\n");
    }
    tt_finish(f, "sectors.csv");
    f = tt_create(out, "profits.csv");
    fprintf(f, "sector,share\n");
    for (int s = 0; s < NS; s++) {
        tt_field(f, sc.item[s]);
        fputc(',', f);
        tt_real(f, 1.0 / sigma[s]);
        fputc('\n', f);
    }
    tt_finish(f, "profits.csv");
    f = tt_create(out, "flows.csv");
    fprintf(f, "exporter,importer,sector,value\n");
    for (int i = 0; i < NR; i++)
        for (int j = 0; j < NR; j++)
            for (int s = 0; s < NS; s++) {
                fprintf(f, "%s,%s,%s,", rc.item[i], rc.item[j], sc.item[s]);
                tt_real(f, trade[((size_t)s * NR + i) * NR + j]);
                fputc('\n', f);
            }
    tt_finish(f, "flows.csv");
    f = tt_create(out, "tariffs.csv");
    fprintf(f, "importer,exporter,sector,rate\n");
    for (int j = 0; j < NR; j++)
        for (int i = 0; i < NR; i++)
            for (int s = 0; s < NS; s++) {
                double t = tariff[((size_t)s * NR + i) * NR + j];
                if (i == j || t == 0.0)
                    continue;
                fprintf(f, "%s,%s,%s,", rc.item[j], rc.item[i], sc.item[s]);
                tt_real(f, t);
                fputc('\n', f);
            }
    tt_finish(f, "tariffs.csv");
    f = tt_create(out, "political_weights.csv");
    fprintf(f, "country,sector,weight\n");
    for (int n = 0; n < NR; n++)
        for (int s = 0; s < NS; s++) {
            fprintf(f, "%s,%s,", rc.item[n], sc.item[s]);
            tt_real(f, lambda[(size_t)n * NS + s]);
            fputc('\n', f);
        }
    tt_finish(f, "political_weights.csv");
    tt_note("wrote %s: %d regions, %d industries", out, NR, NS);
    free(trade);
    free(tariff);
    free(dir);
    tt_list_free(&rc);
    tt_list_free(&rn);
    tt_list_free(&sc);
    tt_list_free(&sn);
    return 0;
}
