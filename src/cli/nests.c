/* SPDX-License-Identifier: MIT */
/* Input-nest options of the CLI (--input-elasticity, --critical-elasticity) and the summary
 * line of the nests in force (docs/model.md eq. (1'), docs/cli.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* A sector code or '*'. @return 0, or -1 with the reason in msg[size]. */
static int sector_arg(const tw_world *w, const char *code, int *out, char *msg, size_t size)
{
    if (strcmp(code, "*") == 0) {
        *out = TW_ALL_SECTORS;
        return 0;
    }
    *out = tw_world_sector_index(w, code);
    if (*out >= 0)
        return 0;
    char buf[200];
    const char *near = tw_world_sector_suggest_all(w, code, buf, sizeof buf);
    if (near)
        snprintf(msg, size, "unknown sector '%s' in --input-elasticity (did you mean %s?)", code,
                 near);
    else
        snprintf(msg, size, "unknown sector '%s' in --input-elasticity", code);
    return -1;
}

static int number_arg(const char *opt, const char *s, double *out, char *msg, size_t size)
{
    char *end;
    *out = strtod(s, &end);
    if (end == s || *end || !(*out >= 0.0) || *out > 20.0) {
        snprintf(msg, size, "%s expects an elasticity of substitution in [0, 20], got '%s'", opt,
                 s);
        return -1;
    }
    return 0;
}

int tw_cli_nest_rule_check(const tw_world *w, const char *opt, const char *value,
                           tw_input_elasticity *rule, char *msg, size_t size)
{
    if (strcmp(opt, "--critical-elasticity") == 0) {
        rule->input = TW_NEST_MEMBERS;
        rule->using_sector = TW_ALL_SECTORS;
        return number_arg(opt, value, &rule->elasticity, msg, size);
    }
    /* INPUT:USER=VALUE */
    char buf[128];
    snprintf(buf, sizeof buf, "%s", value);
    char *colon = strchr(buf, ':'), *eq = strchr(buf, '=');
    if (!colon || !eq || eq < colon) {
        snprintf(msg, size, "--input-elasticity expects INPUT:USER=VALUE (sector codes or '*'), "
                            "got '%s'", value);
        return -1;
    }
    *colon = *eq = '\0';
    if (sector_arg(w, buf, &rule->input, msg, size) ||
        sector_arg(w, colon + 1, &rule->using_sector, msg, size))
        return -1;
    return number_arg(opt, eq + 1, &rule->elasticity, msg, size);
}

int tw_cli_nest_rule(const tw_world *w, const char *cmd, const char *opt, const char *value,
                     tw_input_elasticity *rule)
{
    char msg[400];
    if (tw_cli_nest_rule_check(w, opt, value, rule, msg, sizeof msg) == 0)
        return 0;
    tw_cli_usage_error(cmd, "%s", msg);
    return -1;
}

void tw_cli_print_nests(FILE *out, const tw_world *w, double (*sigma)(const void *, int),
                        int (*nested)(const void *, int, int), const void *obj)
{
    tw_dims d = tw_world_dims(w);
    int any = 0;
    char *done = calloc((size_t)d.j, 1);
    if (!done)
        return;
    for (int j = 0; j < d.j; j++) {
        if (done[j])
            continue;
        int members = 0;
        for (int k = 0; k < d.j; k++)
            members += nested(obj, k, j);
        if (!members)
            continue;
        if (!any)
            fprintf(out, "Input nests (CES, docs/model.md eq. (1')):\n");
        any = 1;
        /* Users with the same members and elasticity on one line. */
        fprintf(out, "  elasticity %g: ", sigma(obj, j));
        if (members == d.j) {
            fprintf(out, "all inputs");
        } else {
            int first = 1;
            for (int k = 0; k < d.j; k++)
                if (nested(obj, k, j)) {
                    fprintf(out, "%s%s", first ? "" : ",", tw_world_sector_code(w, k));
                    first = 0;
                }
        }
        fprintf(out, " against the rest of the costs of ");
        int first = 1;
        for (int u = j; u < d.j; u++) {
            if (done[u] || sigma(obj, u) != sigma(obj, j))
                continue;
            int same = 1;
            for (int k = 0; k < d.j && same; k++)
                same = nested(obj, k, u) == nested(obj, k, j);
            if (!same)
                continue;
            done[u] = 1;
            fprintf(out, "%s%s", first ? "" : ",", tw_world_sector_code(w, u));
            first = 0;
        }
        fprintf(out, "%s\n", sigma(obj, j) == 1.0 ? " (1 = Cobb-Douglas)" : "");
    }
    if (!any)
        fprintf(out, "Input nests: none (Cobb-Douglas production)\n");
    free(done);
}

double tw_cli_world_sigma(const void *w, int j) { return tw_world_input_elasticity(w, j); }
int tw_cli_world_nested(const void *w, int k, int j) { return tw_world_input_nested(w, k, j); }
double tw_cli_model_sigma(const void *m, int j) { return tw_model_input_elasticity(m, j); }
int tw_cli_model_nested(const void *m, int k, int j) { return tw_model_input_nested(m, k, j); }
