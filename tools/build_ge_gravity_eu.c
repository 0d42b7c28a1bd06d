/* SPDX-License-Identifier: MIT */
/* Builds tests/data/ge_gravity_eu, the one-sector structural-gravity validation world (WIOD 2000,
 * 44 economies) and its EU-enlargement shock, from data/raw/ge_gravity_zylkin.
 * Usage: build_ge_gravity_eu --raw data/raw --out tests/data/ge_gravity_eu
 *
 * One sector ALL with theta = 4; no tariffs, no value_added.csv and no io.csv, so value added is
 * all of output. The shock multiplies (trade cost)^(-theta) of new EU pairs by exp(eu_effect), i.e.
 * iceberg_hat = exp(-eu_effect / theta). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tool_util.h"
#include "tradewar/world.h"

#define THETA 4.0

int main(int argc, char **argv)
{
    const char *raw, *out;
    tt_args(argc, argv, "Builds the ge_gravity EU-enlargement world from "
                        "RAW/ge_gravity_zylkin/wiod2000_eu_enlargement_inputs.csv.",
            &raw, &out);
    int idx[6];
    static const tw_csv_column cols[] = {{"exporter", 1}, {"importer", 1},    {"year", 1},
                                         {"trade", 1},    {"new_eu_pair", 1}, {"eu_effect", 1}};
    tt_list code = {0};

    /* First pass: the economies, in order of first appearance as exporter. */
    tw_csv *csv = tt_open(raw, "ge_gravity_zylkin/wiod2000_eu_enlargement_inputs.csv", cols, 6, idx);
    while (tt_next(csv))
        if (tt_list_find(&code, tw_csv_get(csv, idx[0])) < 0)
            tt_list_add(&code, tw_csv_get(csv, idx[0]));
    tw_csv_close(csv);
    int nc = code.n;
    tw_dims d = {.n = nc, .j = 1};
    /* [importer n][exporter i] (tw_ix_ni) */
    double *flow = tt_calloc((size_t)nc * (size_t)nc, sizeof *flow);
    double *effect = tt_calloc((size_t)nc * (size_t)nc, sizeof *effect);
    char *pair = tt_calloc((size_t)nc * (size_t)nc, 1);
    char *seen = tt_calloc((size_t)nc * (size_t)nc, 1);

    csv = tt_open(raw, "ge_gravity_zylkin/wiod2000_eu_enlargement_inputs.csv", cols, 6, idx);
    while (tt_next(csv)) {
        int i = tt_list_need(&code, csv, idx[0]), n = tt_list_need(&code, csv, idx[1]);
        size_t k = tw_ix_ni(d, n, i);
        if (seen[k]++)
            tt_fail_at(csv, idx[0], "duplicate (exporter, importer)");
        if (tt_num(csv, idx[2]) != 2000)
            tt_fail_at(csv, idx[2], "expected the year 2000");
        double v = tt_num(csv, idx[3]), p = tt_num(csv, idx[4]), e = tt_num(csv, idx[5]);
        if (v < 0)
            tt_fail_at(csv, idx[3], "negative trade %g", v);
        if (p != 0 && p != 1)
            tt_fail_at(csv, idx[4], "expected 0 or 1");
        if (p == 0 && e != 0)
            tt_fail_at(csv, idx[5], "non-zero effect for a pair that is not a new EU pair");
        flow[k] = v;
        pair[k] = (char)p;
        effect[k] = e;
    }
    tw_csv_close(csv);
    for (size_t k = 0; k < (size_t)nc * (size_t)nc; k++)
        if (!seen[k])
            tt_die("the input does not hold all %d x %d pairs", nc, nc);

    FILE *f = tt_create(out, "world.csv");
    fprintf(f, "key,value\nname,ge_gravity_eu\nyear,2000\nunit,USD million\n");
    fprintf(f, "description,\"WIOD 2000 aggregate trade, 44 economies, one sector: the ge_gravity "
               "EU-enlargement validation world (Baier, Yotov and Zylkin 2019)\"\n");
    tt_finish(f, "world.csv");

    f = tt_create(out, "countries.csv");
    fprintf(f, "code,name\n");
    for (int n = 0; n < nc; n++)
        fprintf(f, "%s,%s\n", code.item[n], code.item[n]);
    tt_finish(f, "countries.csv");

    f = tt_create(out, "sectors.csv");
    fprintf(f, "code,name,theta,goods\nALL,All goods and services,4,1\n");
    tt_finish(f, "sectors.csv");

    double total = 0, cross = 0;
    f = tt_create(out, "flows.csv");
    fprintf(f, "exporter,importer,sector,value\n");
    for (int i = 0; i < nc; i++)
        for (int n = 0; n < nc; n++) {
            double v = flow[tw_ix_ni(d, n, i)];
            total += v;
            if (i != n)
                cross += v;
            if (v != 0) {
                fprintf(f, "%s,%s,ALL,", code.item[i], code.item[n]);
                tt_real(f, v);
                fputc('\n', f);
            }
        }
    tt_finish(f, "flows.csv");

    int npairs = 0;
    f = tt_create(out, "eu_shock.csv");
    fprintf(f, "importer,exporter,sector,tariff,iceberg_hat\n");
    for (int n = 0; n < nc; n++)
        for (int i = 0; i < nc; i++) {
            size_t k = tw_ix_ni(d, n, i);
            if (!pair[k])
                continue;
            double hat = exp(-effect[k] / THETA);
            if (!isfinite(hat) || !(hat > 0))
                tt_die("iceberg_hat for %s -> %s is not finite", code.item[i], code.item[n]);
            fprintf(f, "%s,%s,ALL,0,", code.item[n], code.item[i]);
            tt_real(f, hat);
            fputc('\n', f);
            npairs++;
        }
    tt_finish(f, "eu_shock.csv");
    tt_note("%d economies; total sales %.6g USD million, trade %.6g; %d new EU pairs shocked", nc,
            total, cross, npairs);

    free(flow);
    free(effect);
    free(pair);
    free(seen);
    tt_list_free(&code);
    return 0;
}
