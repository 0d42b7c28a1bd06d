/* SPDX-License-Identifier: MIT */
/* Shipped scenarios for `tradewar run`, `brief` and `tariffs`: where they live, a name under the
 * spelling rule, the world a scenario loads, and `run --list`. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/run_out.h"
#include "core/spelling.h"

/* Where shipped scenarios live, as for worlds (tw_cli_world_dir). */
static int scenario_root(char *out, size_t size, int k)
{
    const char *env = getenv("TRADEWAR_SCENARIOS");
    const char *roots[4] = {env, TW_SOURCE_SCENARIO_DIR, TW_SCENARIO_DIR, "scenarios"};
    for (; k < 4; k++) {
        struct stat sb;
        if (roots[k] && *roots[k] && stat(roots[k], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            snprintf(out, size, "%s", roots[k]);
            return k;
        }
    }
    return -1;
}

static int has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* A shipped scenario in root whose name is `name` under the spelling rule (us-china-2025 is
 * us_china_2025): writes its path into out and returns 0, or returns -1. */
static int find_spelling(const char *root, const char *name, char *out, size_t size)
{
    DIR *dir = opendir(root);
    if (!dir)
        return -1;
    int found = -1;
    struct dirent *de;
    while (found < 0 && (de = readdir(dir))) {
        char stem[256];
        size_t len = strlen(de->d_name);
        if (!has_suffix(de->d_name, ".yaml") || len - 5 >= sizeof stem)
            continue;
        memcpy(stem, de->d_name, len - 5);
        stem[len - 5] = '\0';
        if (tw_name_equal(stem, name)) {
            snprintf(out, size, "%s/%s", root, de->d_name);
            found = 0;
        }
    }
    closedir(dir);
    return found;
}

int tw_run_load_world(const tw_scenario *s, const char *world, const char *elasticities,
                      const double *years, tw_world **out)
{
    const char *el = elasticities ? elasticities : tw_scenario_elasticities(s);
    double y = INFINITY; /* the long run, unless the scenario says otherwise */
    if (years)
        y = *years;
    else
        tw_scenario_horizon(s, &y);
    return tw_cli_load_world_at(world ? world : tw_scenario_world(s), *el ? el : NULL, y, out);
}

int tw_run_resolve_scenario(const char *name, char *out, size_t size)
{
    struct stat sb;
    if (strchr(name, '/') || has_suffix(name, ".yaml") || has_suffix(name, ".yml") ||
        stat(name, &sb) == 0) {
        snprintf(out, size, "%s", name);
        return 0;
    }
    char root[900];
    for (int k = scenario_root(root, sizeof root, 0); k >= 0;
         k = scenario_root(root, sizeof root, k + 1)) {
        snprintf(out, size, "%s/%s.yaml", root, name);
        if (stat(out, &sb) == 0 || find_spelling(root, name, out, size) == 0)
            return 0;
    }
    return -1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int tw_run_list_scenarios(void)
{
    char root[900];
    if (scenario_root(root, sizeof root, 0) < 0) {
        fprintf(stderr, "tradewar: error: no scenarios directory found (set TRADEWAR_SCENARIOS)\n");
        return TW_EXIT_IO;
    }
    DIR *dir = opendir(root);
    if (!dir) {
        fprintf(stderr, "tradewar: error: cannot read %s\n", root);
        return TW_EXIT_IO;
    }
    char *names[256];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dir)) && n < 256)
        if (has_suffix(de->d_name, ".yaml") && de->d_name[0] != '.')
            names[n++] = strdup(de->d_name);
    closedir(dir);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int k = 0; k < n; k++) {
        if (!names[k])
            continue;
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", root, names[k]);
        tw_scenario *s;
        tw_error err;
        names[k][strlen(names[k]) - 5] = '\0';
        if (tw_scenario_load(path, &s, &err) == TW_OK) {
            printf("%-22s %s\n", names[k], tw_scenario_title(s));
            tw_scenario_free(s);
        } else {
            printf("%-22s (invalid: %s)\n", names[k], err.message);
        }
        free(names[k]);
    }
    return TW_EXIT_OK;
}
