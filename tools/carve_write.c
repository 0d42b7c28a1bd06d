/* SPDX-License-Identifier: MIT */
/* carve_sector: writing the carved world's files (tools/carve_sector.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "carve_sector.h"
#include "tool_util.h"

/* 1 if dir/name is a regular file. */
static int file_exists(const char *dir, const char *name)
{
    char *p = tt_path(dir, name);
    struct stat sb;
    int ok = stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
    free(p);
    return ok;
}

/* Writes world.csv: the parent's metadata with a new name and description. */
static void write_meta(const char *out, const tw_world *w, const spec *s, const char *name)
{
    FILE *f = tt_create(out, "world.csv");
    fprintf(f, "key,value\nname,");
    tt_field(f, name);
    if (tw_world_year(w))
        fprintf(f, "\nyear,%d", tw_world_year(w));
    fprintf(f, "\nunit,");
    tt_field(f, tw_world_unit(w));
    fprintf(f, "\ndescription,");
    tt_field(f, s->description);
    if (strcmp(tw_world_elasticity_set(w), "sectors.csv") != 0) {
        fprintf(f, "\nelasticities,");
        tt_field(f, tw_world_elasticity_set(w));
    }
    fprintf(f, "\n");
    tt_finish(f, "world.csv");
}

/* countries.csv, sectors.csv, world.csv, flows.csv and tariffs.csv of the carved world. */
void carve_write_trade(const char *out, const carved *cv)
{
    const tw_world *w = cv->w;
    const spec s = *cv->s;
    const char **codes = cv->codes;
    const tw_dims d = cv->d;
    const int N = d.n, J = d.j, P = cv->P;
    const double *flow = tw_world_flows(w), *tariff = tw_world_tariffs(w), *fc = cv->fc;
    const char *slash = strrchr(out, '/');
    char name[256];
    snprintf(name, sizeof name, "%s", slash && slash[1] ? slash + 1 : out);
    write_meta(out, w, &s, name);
    FILE *f = tt_create(out, "countries.csv");
    fprintf(f, "code,name\n");
    for (int n = 0; n < N; n++) {
        tt_field(f, codes[n]);
        fputc(',', f);
        tt_field(f, tw_world_country_name(w, n));
        fputc('\n', f);
    }
    tt_finish(f, "countries.csv");
    f = tt_create(out, "sectors.csv");
    fprintf(f, "code,name,theta,goods\n");
    for (int j = 0; j <= J; j++) {
        tt_field(f, j < J ? tw_world_sector_code(w, j) : s.code);
        fputc(',', f);
        tt_field(f, j < J ? tw_world_sector_name(w, j) : s.name);
        fputc(',', f);
        tt_real(f, j < J ? tw_world_theta(w, j) : s.theta);
        fprintf(f, ",%d\n", tw_world_sector_is_goods(w, j < J ? j : P));
    }
    tt_finish(f, "sectors.csv");
    f = tt_create(out, "flows.csv");
    fprintf(f, "exporter,importer,sector,value\n");
    for (int i = 0; i < N; i++)
        for (int n = 0; n < N; n++)
            for (int j = 0; j <= J; j++) {
                double v = j < J ? flow[tw_ix_nij(d, n, i, j)] : fc[tw_ix_ni(d, n, i)];
                if (j == P)
                    v -= fc[tw_ix_ni(d, n, i)];
                if (v == 0.0)
                    continue;
                fprintf(f, "%s,%s,%s,", codes[i], codes[n],
                        j < J ? tw_world_sector_code(w, j) : s.code);
                tt_real(f, v);
                fputc('\n', f);
            }
    tt_finish(f, "flows.csv");
    f = tt_create(out, "tariffs.csv");
    fprintf(f, "importer,exporter,sector,rate\n");
    for (int n = 0; n < N; n++)
        for (int i = 0; i < N; i++)
            for (int j = 0; j <= J; j++) {
                double t = tariff[tw_ix_nij(d, n, i, j < J ? j : P)];
                if (t == 0.0)
                    continue;
                fprintf(f, "%s,%s,%s,", codes[n], codes[i],
                        j < J ? tw_world_sector_code(w, j) : s.code);
                tt_real(f, t);
                fputc('\n', f);
            }
    tt_finish(f, "tariffs.csv");
}

/* value_added.csv, io.csv, final_demand.csv, elasticities.csv, input_elasticities.csv and
 * carved.csv of the carved world. */
void carve_write_shares(const char *out, const carved *cv)
{
    const tw_world *w = cv->w;
    const spec s = *cv->s;
    const char *world_dir = cv->world_dir;
    const char **codes = cv->codes;
    const tw_dims d = cv->d, d2 = cv->d2;
    const int N = d.n, J = d.j;
    const double *va2 = cv->va2, *io2 = cv->io2;
    tw_error err;
    FILE *f;
#define IO2(n, k, j) io2[tw_ix_nkj(d2, (n), (k), (j))]
    f = tt_create(out, "value_added.csv");
    fprintf(f, "country,sector,share\n");
    for (int n = 0; n < N; n++)
        for (int j = 0; j <= J; j++) {
            fprintf(f, "%s,%s,", codes[n], j < J ? tw_world_sector_code(w, j) : s.code);
            tt_real(f, va2[tw_ix_nj(d2, n, j)]);
            fputc('\n', f);
        }
    tt_finish(f, "value_added.csv");
    f = tt_create(out, "io.csv");
    fprintf(f, "country,input_sector,using_sector,share\n");
    for (int n = 0; n < N; n++)
        for (int k = 0; k <= J; k++)
            for (int j = 0; j <= J; j++) {
                if (IO2(n, k, j) == 0.0)
                    continue;
                fprintf(f, "%s,%s,%s,", codes[n], k < J ? tw_world_sector_code(w, k) : s.code,
                        j < J ? tw_world_sector_code(w, j) : s.code);
                tt_real(f, IO2(n, k, j));
                fputc('\n', f);
            }
    tt_finish(f, "io.csv");
    if (file_exists(world_dir, "final_demand.csv")) {
        const double *alpha = tw_world_final_share(w);
        f = tt_create(out, "final_demand.csv");
        fprintf(f, "country,sector,share\n");
        for (int n = 0; n < N; n++)
            for (int j = 0; j <= J; j++) {
                fprintf(f, "%s,%s,", codes[n], j < J ? tw_world_sector_code(w, j) : s.code);
                tt_real(f, j < J ? alpha[tw_ix_nj(d, n, j)] : 0.0);
                fputc('\n', f);
            }
        tt_finish(f, "final_demand.csv");
    }
    int nsets = tw_world_elasticity_set_count(w);
    if (nsets > 0) {
        f = tt_create(out, "elasticities.csv");
        fprintf(f, "set,sector,theta\n");
        for (int k = 0; k < nsets; k++) {
            const char *set = tw_world_elasticity_set_name(w, k);
            tw_world_options o;
            tw_world_options_init(&o);
            o.elasticities = set;
            tw_world *ws;
            if (tw_world_load(world_dir, &o, &ws, &err))
                tt_die("%s: cannot load elasticity set %s: %s", world_dir, set, err.message);
            for (int j = 0; j <= J; j++) {
                fprintf(f, "%s,%s,", set, j < J ? tw_world_sector_code(w, j) : s.code);
                tt_real(f, j < J ? tw_world_theta(ws, j) : s.theta);
                fputc('\n', f);
            }
            tw_world_free(ws);
        }
        tt_finish(f, "elasticities.csv");
    }
    /* The parent world's own nests carry over; the child's users hold it in their nests. */
    f = tt_create(out, "input_elasticities.csv");
    fprintf(f, "input_sector,using_sector,elasticity\n");
    for (int j = 0; j < J; j++)
        for (int k = 0; k < J; k++)
            if (tw_world_input_nested(w, k, j)) {
                fprintf(f, "%s,%s,", tw_world_sector_code(w, k), tw_world_sector_code(w, j));
                tt_real(f, tw_world_input_elasticity(w, j));
                fputc('\n', f);
            }
    for (int j = 0; j < J; j++)
        if (s.weight[j] > 0) {
            if (tw_world_input_elasticity(w, j) != 1.0 &&
                tw_world_input_elasticity(w, j) != s.sigma)
                tt_die("using sector %s already has a nest with elasticity %g in %s; the spec "
                       "asks for %g", tw_world_sector_code(w, j), tw_world_input_elasticity(w, j),
                       world_dir, s.sigma);
            fprintf(f, "%s,%s,", s.code, tw_world_sector_code(w, j));
            tt_real(f, s.sigma);
            fputc('\n', f);
        }
    tt_finish(f, "input_elasticities.csv");
    f = tt_create(out, "carved.csv");
    fprintf(f, "sector,parent\n");
    for (int j = 0; j < J; j++)
        if (tw_world_sector_parent(w, j) >= 0)
            fprintf(f, "%s,%s\n", tw_world_sector_code(w, j),
                    tw_world_sector_code(w, tw_world_sector_parent(w, j)));
    fprintf(f, "%s,%s\n", s.code, s.parent);
    tt_finish(f, "carved.csv");
#undef IO2
}
