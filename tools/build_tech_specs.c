/* SPDX-License-Identifier: MIT */
/* build_tech_specs: writes the carve specs of the technology sectors (semiconductors,
 * chip-making equipment, aircraft engines; data/icio2022tech/README.md) from product-level
 * trade, for tools/carve_sector. Usage:
 *   build_tech_specs --raw data/raw --world data/icio2022re --out DIR (then tools/carve_chain.cmake)
 *
 * Inputs (data/raw/tech_controls, PROVENANCE.md there):
 *   products.csv        child,template,hs_include,hs_exclude,world_output_usd_m: each carved
 *                       good, the hand-written part of its spec (data/raw/carve/<template>),
 *                       its HS prefixes (';'-separated) and its world output (empty: not pinned)
 *   hs6_2022_icio_parents.csv, us_imports_2024_hs6_parents.csv, partners.csv: US imports 2024
 *                       by HS6 and partner (Census) and the HS6 -> ICIO sector concordance
 *   china_imports_from_us_2017_hs8_parents.csv: China's imports from the US by HS8, 2017
 * and the world's flows.csv (for the parents' gross output).
 *
 * For each child c with parent P and each country i of the world:
 *   s_i   = the child's share of P in US imports from i in 2024 (HS6 of P by the concordance's
 *           icio_primary; the child's HS6 by prefix); EU members other than Slovakia take the EU
 *           aggregate's share, countries that are not among the 50 partners the pooled share of
 *           all partners, and the US itself the child's share of P in China's imports from the US
 *           in 2017 (HS8: the US's export mix, as US imports cannot show it);
 *   raw_i = s_i * Y_i^P (Y^P: P's gross output in the world, USD million);
 *   Y_i   = raw_i * W / sum_k raw_k with W the world output given (SIA/WSTS, SEMI), else raw_i,
 *           and at most MAX_SHARE of Y_i^P (the carve keeps something of every parent flow).
 * The output is <out>/<child>.csv: the template's lines, then one output row per country. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_util.h"

#define MAX_SHARE 0.8 /* largest share of a country's parent output given to the child */
#define MAX_CHILD 8
#define MAX_REGION 16

/* EU members (EU27) other than Slovakia, which has its own row in the US data. */
static const char *const EU_MEMBERS[] = {
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVN", "ESP", "SWE"};

typedef struct child {
    char code[32], templ[256], include[256], exclude[256], regions[256];
    int pooled;              /* non-partners take the pooled share (1) or make none (0) */
    double world;            /* W, or NAN */
    int parent;              /* index in the sectors list */
    double *num, *den;       /* [partner] US imports of child and parent, USD */
    double us_num, us_den;   /* China's 2017 imports from the US, thousand USD */
} child;

/* 1 if code starts with one of the ';'-separated prefixes in list. */
static int match(const char *list, const char *code)
{
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ";");
        if (len > 0 && strncmp(code, p, len) == 0)
            return 1;
        p += len;
        if (*p == ';')
            p++;
    }
    return 0;
}

/* 1 if word is one of the ';'-separated items of list. */
static int match_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ";");
        if (len == n && strncmp(p, word, n) == 0)
            return 1;
        p += len;
        if (*p == ';')
            p++;
    }
    return 0;
}

static int is_eu(const char *iso)
{
    for (size_t k = 0; k < sizeof EU_MEMBERS / sizeof EU_MEMBERS[0]; k++)
        if (strcmp(EU_MEMBERS[k], iso) == 0)
            return 1;
    return 0;
}

static int read_products(const char *dir, child *ch, tt_list *sectors)
{
    static const tw_csv_column cols[] = {{"child", 1},      {"template", 1},
                                         {"hs_include", 1}, {"hs_exclude", 1},
                                         {"parent", 1},     {"world_output_usd_m", 1},
                                         {"regions", 1},    {"non_partners", 1}};
    int ix[8], nc = 0;
    tw_csv *csv = tt_open(dir, "products.csv", cols, 8, ix);
    while (tt_next(csv)) {
        if (nc == MAX_CHILD)
            tt_fail_at(csv, ix[0], "more than %d products", MAX_CHILD);
        child *c = &ch[nc++];
        snprintf(c->code, sizeof c->code, "%s", tw_csv_get(csv, ix[0]));
        snprintf(c->templ, sizeof c->templ, "%s", tw_csv_get(csv, ix[1]));
        snprintf(c->include, sizeof c->include, "%s", tw_csv_get(csv, ix[2]));
        snprintf(c->exclude, sizeof c->exclude, "%s", tw_csv_get(csv, ix[3]));
        snprintf(c->regions, sizeof c->regions, "%s", tw_csv_get(csv, ix[6]));
        const char *np = tw_csv_get(csv, ix[7]);
        if (strcmp(np, "pooled") != 0 && strcmp(np, "none") != 0)
            tt_fail_at(csv, ix[7], "non_partners must be pooled or none, not '%.40s'", np);
        c->pooled = strcmp(np, "pooled") == 0;
        if (!c->include[0])
            tt_fail_at(csv, ix[2], "no HS prefixes for %s", c->code);
        c->parent = tt_list_find(sectors, tw_csv_get(csv, ix[4]));
        if (c->parent < 0)
            c->parent = tt_list_add(sectors, tw_csv_get(csv, ix[4]));
        c->world = *tw_csv_get(csv, ix[5]) ? tt_num(csv, ix[5]) : NAN;
        if (!isnan(c->world) && !(c->world > 0))
            tt_fail_at(csv, ix[5], "world output must be > 0");
        if (*c->regions && isnan(c->world))
            tt_fail_at(csv, ix[6], "regions need a world output to share out");
    }
    tw_csv_close(csv);
    if (nc == 0)
        tt_die("%s/products.csv lists no products", dir);
    return nc;
}

/* Partners' US imports by child and parent; the HS6 concordance gives each code's sector. */
static void read_us_imports(const char *dir, child *ch, int nc, const tt_list *sectors,
                            tt_list *cty, tt_list *iso)
{
    static const tw_csv_column pc[] = {{"cty_code", 1}, {"cty_name", 1}, {"iso3", 1}};
    int pix[3];
    tw_csv *csv = tt_open(dir, "partners.csv", pc, 3, pix);
    while (tt_next(csv)) {
        tt_list_add(cty, tw_csv_get(csv, pix[0]));
        tt_list_add(iso, tw_csv_get(csv, pix[2]));
    }
    tw_csv_close(csv);
    tt_list hs = {0};
    int *sec = tt_calloc(8192, sizeof(int));
    static const tw_csv_column hc[] = {{"hs6", 1}, {"icio_primary", 1}};
    int hix[2];
    csv = tt_open(dir, "hs6_2022_icio_parents.csv", hc, 2, hix);
    while (tt_next(csv)) {
        if (hs.n == 8192)
            tt_fail_at(csv, hix[0], "too many HS6 codes");
        int k = tt_list_add(&hs, tw_csv_get(csv, hix[0]));
        sec[k] = tt_list_find(sectors, tw_csv_get(csv, hix[1]));
    }
    tw_csv_close(csv);
    for (int c = 0; c < nc; c++) {
        ch[c].num = tt_calloc((size_t)cty->n, sizeof(double));
        ch[c].den = tt_calloc((size_t)cty->n, sizeof(double));
    }
    static const tw_csv_column ic[] = {{"cty_code", 1}, {"hs6", 1}, {"imports_usd", 1}};
    int iix[3];
    csv = tt_open(dir, "us_imports_2024_hs6_parents.csv", ic, 3, iix);
    while (tt_next(csv)) {
        int p = tt_list_need(cty, csv, iix[0]);
        int k = tt_list_need(&hs, csv, iix[1]);
        double v = tt_num(csv, iix[2]);
        const char *code = tw_csv_get(csv, iix[1]);
        for (int c = 0; c < nc; c++)
            if (sec[k] == ch[c].parent) {
                ch[c].den[p] += v;
                if (match(ch[c].include, code) && !match(ch[c].exclude, code))
                    ch[c].num[p] += v;
            }
    }
    tw_csv_close(csv);
    /* China's imports from the US (HS 2017 at eight digits): a code's sector is its HS6's in
     * the 2022 concordance; codes matching a child count in its parent whatever their HS6. */
    static const tw_csv_column cc[] = {{"hs8", 1}, {"china_imports_from_us_2017_kusd", 1}};
    int cix[2];
    csv = tt_open(dir, "china_imports_from_us_2017_hs8_parents.csv", cc, 2, cix);
    while (tt_next(csv)) {
        const char *code = tw_csv_get(csv, cix[0]);
        char h6[7];
        snprintf(h6, sizeof h6, "%.6s", code);
        int k = tt_list_find(&hs, h6);
        double v = tt_num(csv, cix[1]);
        for (int c = 0; c < nc; c++) {
            int in = match(ch[c].include, code) && !match(ch[c].exclude, code);
            if (in || (k >= 0 && sec[k] == ch[c].parent)) {
                ch[c].us_den += v;
                ch[c].us_num += in ? v : 0.0;
            }
        }
    }
    tw_csv_close(csv);
    tt_list_free(&hs);
    free(sec);
}

/* Gross output of each sector in `sectors` by country, from the world's flows.csv. */
static double *parent_output(const char *world, const tt_list *sectors, tt_list *codes)
{
    static const tw_csv_column cc[] = {{"code", 1}, {"name", 1}};
    int cix[2];
    tw_csv *csv = tt_open(world, "countries.csv", cc, 2, cix);
    while (tt_next(csv))
        tt_list_add(codes, tw_csv_get(csv, cix[0]));
    tw_csv_close(csv);
    double *y = tt_calloc((size_t)codes->n * (size_t)sectors->n, sizeof(double));
    static const tw_csv_column fc[] = {
        {"exporter", 1}, {"importer", 1}, {"sector", 1}, {"value", 1}};
    int fix[4];
    csv = tt_open(world, "flows.csv", fc, 4, fix);
    while (tt_next(csv)) {
        int j = tt_list_find(sectors, tw_csv_get(csv, fix[2]));
        if (j < 0)
            continue;
        int i = tt_list_need(codes, csv, fix[0]);
        y[(size_t)i * (size_t)sectors->n + (size_t)j] += tt_num(csv, fix[3]);
    }
    tw_csv_close(csv);
    return y;
}

static void copy_template(FILE *f, const char *path)
{
    FILE *t = fopen(path, "r");
    if (!t)
        tt_die("cannot open the spec template %s", path);
    char line[1024];
    while (fgets(line, sizeof line, t))
        fputs(line, f);
    if (ferror(t))
        tt_die("cannot read %s", path);
    fclose(t);
}

/* Region of each country by a regions file (region,countries,billings_usd_bn: countries a
 * ';'-list in which EU27 stands for the EU members and '*' for every country not listed
 * elsewhere); weight[r] the region's share of the world. Returns the number of regions. */
static int read_regions(const char *dir, const char *name, const tt_list *codes, int *region,
                        double *weight)
{
    static const tw_csv_column cols[] = {{"region", 1}, {"countries", 1}, {"billings_usd_bn", 1}};
    int ix[3], nr = 0, rest = -1;
    double sum = 0.0;
    for (int i = 0; i < codes->n; i++)
        region[i] = -1;
    tw_csv *csv = tt_open(dir, name, cols, 3, ix);
    while (tt_next(csv)) {
        if (nr == MAX_REGION)
            tt_fail_at(csv, ix[0], "more than %d regions", MAX_REGION);
        weight[nr] = tt_num(csv, ix[2]);
        if (!(weight[nr] > 0))
            tt_fail_at(csv, ix[2], "a region's value must be > 0");
        sum += weight[nr];
        const char *list = tw_csv_get(csv, ix[1]);
        if (strcmp(list, "*") == 0)
            rest = nr;
        for (int i = 0; i < codes->n; i++) {
            const char *c = codes->item[i];
            if (match_word(list, c) || (match_word(list, "EU27") && (is_eu(c) || !strcmp(c, "SVK")))) {
                if (region[i] >= 0)
                    tt_fail_at(csv, ix[1], "%s is in two regions", c);
                region[i] = nr;
            }
        }
        nr++;
    }
    tw_csv_close(csv);
    if (rest < 0)
        tt_die("%s/%s: no region '*' for the other countries", dir, name);
    for (int i = 0; i < codes->n; i++)
        if (region[i] < 0)
            region[i] = rest;
    for (int r = 0; r < nr; r++)
        weight[r] /= sum;
    return nr;
}

/* Outputs pinned by output_overrides.csv (child,country,output_usd_m,source; 0: the country
 * makes none of the child), or -1. */
static void read_overrides(const char *dir, const child *c, const tt_list *codes, double *fixed)
{
    static const tw_csv_column cols[] = {
        {"child", 1}, {"country", 1}, {"output_usd_m", 1}, {"source", 1}};
    int ix[4];
    for (int i = 0; i < codes->n; i++)
        fixed[i] = -1.0;
    tw_csv *csv = tt_open(dir, "output_overrides.csv", cols, 4, ix);
    while (tt_next(csv)) {
        if (strcmp(tw_csv_get(csv, ix[0]), c->code) != 0)
            continue;
        int i = tt_list_need(codes, csv, ix[1]);
        fixed[i] = tt_num(csv, ix[2]);
        if (!(fixed[i] >= 0))
            tt_fail_at(csv, ix[2], "output must be >= 0 (0: none)");
        if (!*tw_csv_get(csv, ix[3]))
            tt_fail_at(csv, ix[3], "an override needs its source");
    }
    tw_csv_close(csv);
}

/* The child's output by country (USD million): see the header. */
static void allocate(const char *dir, const child *c, const tt_list *codes, const double *share,
                     const double *ypar, double *yc)
{
    int N = codes->n, region[1024], nr = 1;
    double weight[MAX_REGION] = {1.0}, fixed[1024], sumraw[MAX_REGION] = {0}, pinned = 0.0;
    if (N > 1024)
        tt_die("too many countries (%d)", N);
    read_overrides(dir, c, codes, fixed);
    if (*c->regions)
        nr = read_regions(dir, c->regions, codes, region, weight);
    else
        for (int i = 0; i < N; i++)
            region[i] = 0;
    for (int i = 0; i < N; i++) {
        if (fixed[i] >= 0)
            pinned += fixed[i];
        else
            sumraw[region[i]] += share[i] * ypar[i];
    }
    double rest = isnan(c->world) ? NAN : c->world - pinned;
    if (!isnan(rest) && !(rest > 0))
        tt_die("%s: pinned outputs (%g) exceed the world output (%g)", c->code, pinned, c->world);
    for (int r = 0; r < nr; r++)
        if (!(sumraw[r] > 0))
            tt_die("%s: no output in region %d of %s", c->code, r + 1, c->regions);
    for (int i = 0; i < N; i++) {
        double raw = share[i] * ypar[i];
        yc[i] = fixed[i] >= 0   ? fixed[i]
                : isnan(rest) ? raw
                              : rest * weight[region[i]] * raw / sumraw[region[i]];
    }
}

static void write_spec(const char *raw, const char *dir, const char *out, const child *c,
                       const tt_list *codes, const double *share, const double *ypar)
{
    int N = codes->n, capped = 0;
    double *yc = tt_calloc((size_t)N, sizeof(double)), total = 0.0;
    allocate(dir, c, codes, share, ypar, yc);
    for (int i = 0; i < N; i++) {
        if (yc[i] > MAX_SHARE * ypar[i]) {
            yc[i] = MAX_SHARE * ypar[i];
            capped++;
        }
        yc[i] = round(yc[i] * 1000.0) / 1000.0; /* USD thousand: the data's own precision */
        total += yc[i];
    }
    char name[64];
    snprintf(name, sizeof name, "%.31s.csv", c->code);
    char *carve = tt_path(raw, "carve");
    char *tpath = tt_path(carve, c->templ);
    FILE *f = tt_create(out, name);
    copy_template(f, tpath);
    fprintf(f, "# Output (USD million), written by tools/build_tech_specs from data/raw/tech_controls:\n"
               "# the child's share of its parent in US imports 2024 by partner (the US: in China's\n"
               "# imports from the US, 2017) times the parent's output, %s%s%s; overrides from\n"
               "# output_overrides.csv; %d countries capped at %g of their parent output.\n"
               "# World total %.9g.\n",
            isnan(c->world) ? "not rescaled" : "shared out of the world output in products.csv",
            *c->regions ? " by the regions of " : "", c->regions, capped, MAX_SHARE, total);
    for (int i = 0; i < N; i++)
        if (yc[i] > 0) {
            fprintf(f, "output,%s,,", codes->item[i]);
            tt_real(f, yc[i]);
            fputc('\n', f);
        }
    tt_finish(f, name);
    tt_note("%s: world output %.6g USD million (%d capped)", c->code, total, capped);
    free(tpath);
    free(carve);
    free(yc);
}

int main(int argc, char **argv)
{
    const char *raw = NULL, *world = NULL, *out = NULL;
    tt_set_program(argv[0]);
    for (int k = 1; k + 1 < argc; k += 2) {
        if (strcmp(argv[k], "--raw") == 0)
            raw = argv[k + 1];
        else if (strcmp(argv[k], "--world") == 0)
            world = argv[k + 1];
        else if (strcmp(argv[k], "--out") == 0)
            out = argv[k + 1];
        else
            tt_die("unknown option %s", argv[k]);
    }
    if (!raw || !world || !out || argc % 2 == 0)
        tt_die("usage: build_tech_specs --raw DIR --world DIR --out DIR");
    char *dir = tt_path(raw, "tech_controls");
    child ch[MAX_CHILD];
    memset(ch, 0, sizeof ch);
    tt_list sectors = {0}, cty = {0}, iso = {0}, codes = {0};
    int nc = read_products(dir, ch, &sectors);
    read_us_imports(dir, ch, nc, &sectors, &cty, &iso);
    double *y = parent_output(world, &sectors, &codes);
    int N = codes.n, eu = tt_list_find(&iso, "EUN");
    if (eu < 0)
        tt_die("%s/partners.csv has no EU aggregate (EUN)", dir);
    double *share = tt_calloc((size_t)N, sizeof(double));
    double *ypar = tt_calloc((size_t)N, sizeof(double));
    for (int c = 0; c < nc; c++) {
        double pn = 0.0, pd = 0.0; /* pooled over partners, the EU aggregate once */
        for (int p = 0; p < cty.n; p++)
            if (strcmp(iso.item[p], "SVK") != 0) {
                pn += ch[c].num[p];
                pd += ch[c].den[p];
            }
        if (!(pd > 0) || !(ch[c].us_den > 0))
            tt_die("%s: its parent has no trade in the raw data", ch[c].code);
        for (int i = 0; i < N; i++) {
            const char *code = codes.item[i];
            int p = strcmp(code, "USA") == 0 ? -2 : tt_list_find(&iso, code);
            if (p == -1 && is_eu(code))
                p = eu;
            if (p >= 0 && !(ch[c].den[p] > 0))
                p = -1; /* a partner that sells none of the parent: the pooled share */
            share[i] = p == -2   ? ch[c].us_num / ch[c].us_den
                       : p >= 0 ? ch[c].num[p] / ch[c].den[p]
                                : ch[c].pooled ? pn / pd : 0.0;
            ypar[i] = y[(size_t)i * (size_t)sectors.n + (size_t)ch[c].parent];
        }
        tt_note("%s: share of %s in US imports %.4g (pooled), in China's imports from the US %.4g",
                ch[c].code, sectors.item[ch[c].parent], pn / pd, ch[c].us_num / ch[c].us_den);
        write_spec(raw, dir, out, &ch[c], &codes, share, ypar);
        free(ch[c].num);
        free(ch[c].den);
    }
    free(share);
    free(ypar);
    free(y);
    free(dir);
    tt_list_free(&sectors);
    tt_list_free(&cty);
    tt_list_free(&iso);
    tt_list_free(&codes);
    return 0;
}
