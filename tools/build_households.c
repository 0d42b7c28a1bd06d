/* SPDX-License-Identifier: MIT */
/* Builds a world's households.csv (docs/brief.md, "Households"): the number of households of
 * each of the world's countries in the world's year, for the costs per household of
 * `tradewar brief`. Usage:
 *   build_households --raw data/raw --world data/icio2022 --out data/icio2022
 * It reads data/raw/population_households/icio81_population_households_2022_2024.csv (World
 * Bank population by year, UN average household size; see its PROVENANCE.md) and the world's
 * countries.csv and world.csv (for the year). A country's households are its population in
 * the world's year divided by its UN average household size, rounded; the US count is the
 * Census Current Population Survey's instead (US_HOUSEHOLDS below). A country without a
 * household size (or without population for the year) is written with an empty count: the
 * brief then reports no cost per household for it, rather than an invented one. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_util.h"

/* US households: Census Bureau, Current Population Survey (ASEC), 2023: 131.43 million
 * households, 2.51 persons per household (as recorded in the raw folder's PROVENANCE.md). The
 * UN size times the population would give 134.1 million for 2022: population counts people in
 * group quarters, who live in no household. */
#define US_HOUSEHOLDS 131430000.0
#define US_SOURCE "Census CPS 2023 (131.43 million households)"

static const char *world_year(const char *world)
{
    static const tw_csv_column cols[] = {{"key", 1}, {"value", 1}};
    int ix[2];
    static char year[16];
    year[0] = '\0';
    tw_csv *csv = tt_open(world, "world.csv", cols, 2, ix);
    while (tt_next(csv))
        if (strcmp(tw_csv_get(csv, ix[0]), "year") == 0)
            snprintf(year, sizeof year, "%s", tw_csv_get(csv, ix[1]));
    tw_csv_close(csv);
    if (!year[0])
        tt_die("%s/world.csv has no year", world);
    return year;
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
        tt_die("usage: build_households --raw DIR --world DIR --out DIR");
    const char *year = world_year(world);
    char popcol[32];
    snprintf(popcol, sizeof popcol, "pop_%s", year);

    tt_list codes = {0};
    static const tw_csv_column ccols[] = {{"code", 1}, {"name", 1}};
    int cix[2];
    tw_csv *cc = tt_open(world, "countries.csv", ccols, 2, cix);
    while (tt_next(cc))
        tt_list_add(&codes, tw_csv_get(cc, cix[0]));
    tw_csv_close(cc);
    double *hh = tt_calloc((size_t)codes.n, sizeof *hh);
    for (int n = 0; n < codes.n; n++)
        hh[n] = NAN;

    char *dir = tt_path(raw, "population_households");
    static const tw_csv_column hcols[] = {
        {"iso3", 1}, {"pop_2022", 1}, {"pop_2023", 1}, {"pop_2024", 1},
        {"un_avg_household_size", 1}, {"un_hh_name", 1}, {"households_2024_implied", 1},
        {"note", 1}};
    int hix[8], pcol = -1;
    tw_csv *hc = tt_open(dir, "icio81_population_households_2022_2024.csv", hcols, 8, hix);
    for (int c = 1; c <= 3; c++)
        if (strcmp(hcols[c].name, popcol) == 0)
            pcol = hix[c];
    if (pcol < 0)
        tt_die("no population for the world's year %s (the raw file has 2022-2024)", year);
    while (tt_next(hc)) {
        int n = tt_list_find(&codes, tw_csv_get(hc, hix[0]));
        if (n < 0)
            continue; /* not in this world */
        if (*tw_csv_get(hc, pcol) && *tw_csv_get(hc, hix[4])) {
            double size = tt_num(hc, hix[4]), pop = tt_num(hc, pcol);
            if (!(size >= 1.0 && size <= 15.0) || !(pop > 0))
                tt_fail_at(hc, hix[4], "implausible household size %g or population %g", size,
                           pop);
            hh[n] = round(pop / size);
        }
    }
    tw_csv_close(hc);
    free(dir);

    FILE *f = tt_create(out, "households.csv");
    fprintf(f, "code,households,year,source\n");
    int known = 0;
    for (int n = 0; n < codes.n; n++) {
        int us = strcmp(codes.item[n], "USA") == 0;
        double v = us ? US_HOUSEHOLDS : hh[n];
        tt_field(f, codes.item[n]);
        if (isfinite(v)) {
            fprintf(f, ",%.0f,%s,", v, us ? "2023" : year);
            tt_field(f, us ? US_SOURCE : "WDI population / UN DESA average household size (2019)");
            known++;
        } else {
            fprintf(f, ",,,");
            tt_field(f, "no UN average household size (or population) for this economy");
        }
        fputc('\n', f);
    }
    tt_finish(f, "households.csv");
    tt_note("households for %d of %d economies (year %s; US %.2f million from the CPS)", known,
            codes.n, year, US_HOUSEHOLDS / 1e6);
    tt_list_free(&codes);
    free(hh);
    return 0;
}
