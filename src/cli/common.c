/* SPDX-License-Identifier: MIT */
/* Exit codes, error printing, option parsing and world lookup for the CLI. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/spelling.h"

int tw_cli_exit_code(tw_status st)
{
    switch (st) {
    case TW_OK: return TW_EXIT_OK;
    case TW_ERR_INPUT: return TW_EXIT_INPUT;
    case TW_ERR_IO: return TW_EXIT_IO;
    case TW_ERR_NOT_CONVERGED: return TW_EXIT_NOT_CONVERGED;
    case TW_ERR_NUMERIC: return TW_EXIT_NUMERIC;
    case TW_ERR_USAGE: return TW_EXIT_USAGE;
    case TW_ERR_NOMEM: return TW_EXIT_INTERNAL;
    case TW_ERR_CANCELLED: return TW_EXIT_INTERRUPTED;
    }
    return TW_EXIT_INTERNAL;
}

void tw_cli_print_error(const tw_error *err)
{
    char buf[2048];
    tw_error_format(err, buf, sizeof buf);
    if (err && err->file[0])
        fprintf(stderr, "%s\n", buf);
    else
        fprintf(stderr, "tradewar: %s\n", buf);
}

int tw_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "tradewar %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'tradewar %s --help'.\n", cmd);
    va_end(ap);
    return TW_EXIT_USAGE;
}

/* 1 if a starts with option name (len characters): its "--" exactly, the rest under the
 * spelling rule (src/core/spelling.h). */
static int option_prefix(const char *a, const char *name, size_t len)
{
    if (strncmp(a, "--", 2) != 0 || strncmp(name, "--", 2) != 0 || len < 2)
        return strncmp(a, name, len) == 0;
    return tw_name_equal_n(a + 2, name + 2, len - 2);
}

int tw_cli_flag(const char *arg, const char *name)
{
    size_t len = strlen(name);
    return option_prefix(arg, name, len) && arg[len] == '\0';
}

int tw_cli_opt(int argc, char **argv, int *k, const char *name, const char **value)
{
    const char *a = argv[*k];
    size_t len = strlen(name);
    if (!option_prefix(a, name, len))
        return 0;
    if (a[len] == '=') {
        *value = a + len + 1;
        return 1;
    }
    if (a[len] != '\0')
        return 0;
    if (*k + 1 >= argc)
        return -1;
    *value = argv[++*k];
    return 1;
}

static int is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

int tw_cli_world_dir(const char *world, char *out, size_t size)
{
    if (strchr(world, '/') || is_dir(world)) {
        snprintf(out, size, "%s", world);
        return 0;
    }
    const char *roots[4] = {getenv("TRADEWAR_DATA"), TW_SOURCE_DATA_DIR, TW_DATA_DIR, "data"};
    for (int r = 0; r < 4; r++) {
        if (!roots[r] || !*roots[r])
            continue;
        snprintf(out, size, "%s/%s", roots[r], world);
        if (is_dir(out))
            return 0;
    }
    snprintf(out, size, "%s", world);
    return -1;
}

/* Lists, comma-separated, the worlds found in the first data root that has any (directories
 * holding a countries.csv), sorted by name. */
void tw_cli_shipped_worlds(char *out, size_t size)
{
    const char *roots[4] = {getenv("TRADEWAR_DATA"), TW_SOURCE_DATA_DIR, TW_DATA_DIR, "data"};
    out[0] = '\0';
    for (int r = 0; r < 4 && !out[0]; r++) {
        if (!roots[r] || !*roots[r])
            continue;
        struct dirent **list;
        int n = scandir(roots[r], &list, NULL, alphasort);
        size_t used = 0;
        for (int k = 0; k < n; k++) {
            char probe[1200];
            snprintf(probe, sizeof probe, "%s/%s/countries.csv", roots[r], list[k]->d_name);
            struct stat sb;
            if (list[k]->d_name[0] != '.' && stat(probe, &sb) == 0 && used < size)
                used += (size_t)snprintf(out + used, size - used, "%s%s", used ? ", " : "",
                                         list[k]->d_name);
            free(list[k]);
        }
        if (n > 0)
            free(list);
    }
}

int tw_cli_load_world(const char *world, const char *elasticities, tw_world **out)
{
    return tw_cli_load_world_at(world, elasticities, INFINITY, out);
}

int tw_cli_horizon_arg(const char *cmd, int r, const char *v, double *years)
{
    if (r < 0 || tw_horizon_parse(v, years))
        return tw_cli_usage_error(cmd, "--horizon expects short, medium, long or a number of "
                                       "years in (0, 1000], got '%s'",
                                  r < 0 ? "" : v);
    return 0;
}

int tw_cli_load_world_at(const char *world, const char *elasticities, double years,
                         tw_world **out)
{
    char dir[1024];
    if (tw_cli_world_dir(world, dir, sizeof dir)) {
        char names[512];
        tw_cli_shipped_worlds(names, sizeof names);
        fprintf(stderr, "tradewar: error: world: no world named '%s' (shipped: %s; or give a "
                        "directory)\n",
                world, names[0] ? names : "none found");
        return TW_EXIT_IO;
    }
    tw_world_options wo;
    tw_world_options_init(&wo);
    wo.elasticities = elasticities;
    wo.horizon_years = years;
    tw_error err;
    tw_status st = tw_world_load(dir, &wo, out, &err);
    if (st) {
        tw_cli_print_error(&err);
        return tw_cli_exit_code(st);
    }
    return TW_EXIT_OK;
}

void tw_cli_csv_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, ",%.17g", v);
    else
        fputc(',', f);
}

void tw_cli_csv_text(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}
