/* SPDX-License-Identifier: MIT */
/* Shared by the Liberation Day validation tests (test_liberation_day.c,
 * test_liberation_day_optimal.c, test_liberation_coalition.c): the shipped world, the 25 EU
 * members of the paper's "EU" row, and the tariffs of a shipped (generated) Liberation Day
 * scenario. */
#ifndef TW_TEST_LIBERATION_DAY_TEST_H
#define TW_TEST_LIBERATION_DAY_TEST_H

#include "test_util.h"

/* The shipped Liberation Day world (data/liberation_day_2025) and its USA and CHN indices.
 * @return the world, or NULL if it does not load or lacks either country. */
static inline tw_world *tw_test_ld_world(int *usa, int *chn)
{
    tw_world *w;
    tw_error err;
    if (tw_world_load(TW_TEST_SOURCE_DIR "/data/liberation_day_2025", NULL, &w, &err))
        return NULL;
    *usa = tw_world_country_index(w, "USA");
    *chn = tw_world_country_index(w, "CHN");
    if (*usa < 0 || *chn < 0) {
        tw_world_free(w);
        return NULL;
    }
    return w;
}

#define TW_TEST_EU_MEMBERS 25
static const char *const tw_test_eu_codes[TW_TEST_EU_MEMBERS] = {
    "AUT", "BEL", "BGR", "CYP", "DEU", "DNK", "ESP", "EST", "FIN", "FRA", "GRC", "HRV", "HUN",
    "IRL", "ITA", "LTU", "LUX", "LVA", "MLT", "NLD", "POL", "PRT", "ROU", "SVN", "SWE"};

/* Country indices of the EU members in w into eu[TW_TEST_EU_MEMBERS]. @return 0, or -1 if
 * one is missing. */
static inline int tw_test_eu_indices(const tw_world *w, int *eu)
{
    for (int k = 0; k < TW_TEST_EU_MEMBERS; k++)
        if ((eu[k] = tw_world_country_index(w, tw_test_eu_codes[k])) < 0)
            return -1;
    return 0;
}

/* The tariffs of the shipped scenario scenarios/NAME.yaml on the one-sector world w into p:
 * each line "- {importers: A, exporters: B, sectors: all, set: X}" with A, B codes or 'all'
 * (the form tools/build_liberation_day.c writes); at least 193 such lines. */
static inline void tw_test_ld_scenario_tariffs(const tw_world *w, const char *name,
                                               tw_policy *p)
{
    char path[1024], line[512];
    snprintf(path, sizeof path, "%s/scenarios/%s.yaml", TW_TEST_SOURCE_DIR, name);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    tw_dims d = tw_world_dims(w);
    double *t = tw_policy_tariffs(p);
    int count = 0;
    while (fgets(line, sizeof line, f)) {
        char imp[8], exp[8];
        double x;
        if (sscanf(line, " - {importers: %7[^,], exporters: %7[^,], sectors: all, set: %lf}", imp,
                   exp, &x) != 3)
            continue;
        int in = strcmp(imp, "all") ? tw_world_country_index(w, imp) : -1;
        int ex = strcmp(exp, "all") ? tw_world_country_index(w, exp) : -1;
        for (int n = 0; n < d.n; n++)
            for (int i = 0; i < d.n; i++)
                if (n != i && (in < 0 || in == n) && (ex < 0 || ex == i))
                    t[tw_ix_nij(d, n, i, 0)] = x;
        count++;
    }
    fclose(f);
    assert_true(count >= 193);
}

#endif
