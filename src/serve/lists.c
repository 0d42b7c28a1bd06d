/* SPDX-License-Identifier: MIT */
/* The web server's listings: GET /api/worlds, /api/scenarios and /api/world/<name>
 * (docs/api.md), and where shipped scenarios are found. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/spelling.h"
#include "io/json.h"
#include "serve/engine_internal.h"

/* The scenario directory, as `tradewar run` finds it (src/cli/cmd_run.c). */
static int scenario_root(char *out, size_t size)
{
    const char *roots[4] = {getenv("TRADEWAR_SCENARIOS"), TW_SOURCE_SCENARIO_DIR, TW_SCENARIO_DIR,
                            "scenarios"};
    for (int k = 0; k < 4; k++) {
        struct stat sb;
        if (roots[k] && *roots[k] && stat(roots[k], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            snprintf(out, size, "%s", roots[k]);
            return 0;
        }
    }
    return -1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The stems of the .yaml files in the scenario directory, sorted (malloc'd, at most cap).
 * @return how many, -1 when there is no directory. */
static int scenario_names(char *root, size_t size, char **names, int cap)
{
    if (scenario_root(root, size))
        return -1;
    DIR *dir = opendir(root);
    if (!dir)
        return -1;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dir)) && n < cap) {
        size_t len = strlen(de->d_name);
        if (len > 5 && strcmp(de->d_name + len - 5, ".yaml") == 0 && de->d_name[0] != '.' &&
            (names[n] = strdup(de->d_name)))
            names[n++][len - 5] = '\0';
    }
    closedir(dir);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    return n;
}

int tw_serve_scenario_path(const char *name, char *out, size_t size)
{
    char root[900], *names[256];
    int n = scenario_names(root, sizeof root, names, 256), found = -1;
    for (int k = 0; k < n; k++) {
        if (found < 0 && tw_name_equal(names[k], name)) {
            snprintf(out, size, "%s/%s.yaml", root, names[k]);
            found = 0;
        }
        free(names[k]);
    }
    return found;
}

static int finish(tw_json *j, tw_buffer *body)
{
    tw_error err;
    tw_status st = tw_json_finish(j, &err);
    return st ? tw_serve_lib_error(body, st, &err) : 200;
}

int tw_serve_list_worlds(tw_serve *s, tw_buffer *body)
{
    char names[2048];
    tw_cli_shipped_worlds(names, sizeof names);
    tw_json j;
    tw_json_init_sink(&j, tw_sink_buffer(body));
    tw_json_object_begin(&j);
    tw_json_kv_int(&j, "schema_version", TW_JSON_SCHEMA_VERSION);
    tw_json_kv_string(&j, "default", s->default_world);
    tw_json_key(&j, "worlds");
    tw_json_array_begin(&j);
    for (char *p = names, *comma; *p; p = comma ? comma + 1 : p + strlen(p)) {
        comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        while (*p == ' ')
            p++;
        if (*p)
            tw_json_string(&j, p);
    }
    tw_json_array_end(&j);
    tw_json_object_end(&j);
    return finish(&j, body);
}

int tw_serve_list_scenarios(tw_serve *s, tw_buffer *body)
{
    (void)s;
    char root[900], *names[256];
    int n = scenario_names(root, sizeof root, names, 256);
    tw_json j;
    tw_json_init_sink(&j, tw_sink_buffer(body));
    tw_json_object_begin(&j);
    tw_json_kv_int(&j, "schema_version", TW_JSON_SCHEMA_VERSION);
    tw_json_key(&j, "scenarios");
    tw_json_array_begin(&j);
    for (int k = 0; k < n; k++) {
        char path[1200];
        snprintf(path, sizeof path, "%s/%s.yaml", root, names[k]);
        tw_scenario *sc;
        tw_error err;
        tw_json_object_begin(&j);
        tw_json_kv_string(&j, "name", names[k]);
        if (tw_scenario_load(path, &sc, &err) == TW_OK) {
            double years = INFINITY;
            tw_json_kv_string(&j, "title", tw_scenario_title(sc));
            tw_json_kv_string(&j, "description", tw_scenario_description(sc));
            tw_json_kv_string(&j, "world", tw_scenario_world(sc));
            tw_json_kv_string(&j, "baseline_date", tw_scenario_baseline_date(sc));
            tw_json_kv_bool(&j, "has_games", tw_scenario_has_games(sc));
            if (tw_scenario_horizon(sc, &years))
                tw_json_kv_number(&j, "horizon_years", years);
            tw_scenario_free(sc);
        } else {
            char msg[1400];
            tw_error_format(&err, msg, sizeof msg);
            tw_json_kv_string(&j, "invalid", msg);
        }
        tw_json_object_end(&j);
        free(names[k]);
    }
    tw_json_array_end(&j);
    tw_json_object_end(&j);
    return finish(&j, body);
}

int tw_serve_world_doc(tw_serve *s, const tw_serve_request *req, tw_buffer *body)
{
    tw_serve_spec spec = {.world = req->world, .years = INFINITY, .deficits = TW_DEFICITS_FIXED};
    tw_serve_model *mm;
    int status = tw_serve_model_get(s, &spec, &mm, body);
    if (status != 200)
        return status;
    tw_error err;
    tw_status st = tw_json_write_world(tw_sink_buffer(body), mm->w, mm->m, &err);
    return st ? tw_serve_lib_error(body, st, &err) : 200;
}
