/* SPDX-License-Identifier: MIT */
/* `tradewar merge PART...`: combines the parts that `--shard k/K` wrote into the output of the
 * same command run in one go (docs/scale.md). Each part starts with the command and its
 * arguments; merge checks that the parts agree and cover every shard once, then runs the
 * command again, solving only its point estimate and taking every draw from the parts. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/draws_cli.h"

#define MAX_ARGS 256

typedef struct shard {
    char *text; /* the whole file */
    size_t len;
    int k, n, argc;
    char *cmd, *argv[MAX_ARGS];
    tw_cli_part part;
} shard;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(buf, 2 * cap + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* The next line of s at *p, terminated in place. */
static char *line_at(shard *s, size_t *p)
{
    if (*p >= s->len)
        return NULL;
    char *l = s->text + *p, *nl = memchr(l, '\n', s->len - *p);
    if (!nl)
        return NULL;
    *nl = '\0';
    *p = (size_t)(nl - s->text) + 1;
    return l;
}

/* The header of part file path into s. @return 0, or an exit code after printing why not. */
static int parse(const char *path, shard *s)
{
    memset(s, 0, sizeof *s);
    if (!(s->text = read_file(path, &s->len))) {
        fprintf(stderr, "%s: error: cannot read: %s\n", path, strerror(errno ? errno : EIO));
        return TW_EXIT_IO;
    }
    size_t p = 0;
    char *l = line_at(s, &p);
    int line = 1, used = 0;
    const char *why = NULL;
    if (!l || strcmp(l, "tradewar-shard 1") != 0)
        why = "not a part written by --shard (expected 'tradewar-shard 1')";
    else if (line++, !(l = line_at(s, &p)) || sscanf(l, "shard %d %d%n", &s->k, &s->n, &used) != 2 ||
             l[used] || s->n < 1 || s->k < 1 || s->k > s->n)
        why = "expected 'shard k K'";
    else if (line++, !(l = line_at(s, &p)) || strncmp(l, "command ", 8) != 0)
        why = "expected 'command NAME'";
    else {
        s->cmd = l + 8;
        if (line++, !(l = line_at(s, &p)) || sscanf(l, "args %d%n", &s->argc, &used) != 1 ||
            l[used] || s->argc < 0 || s->argc >= MAX_ARGS)
            why = "expected 'args N'";
        for (int k = 0; !why && k < s->argc; k++)
            if (line++, !(s->argv[k] = line_at(s, &p)))
                why = "the part ends inside its arguments";
    }
    if (why) {
        fprintf(stderr, "%s:%d: error: %s\n", path, line, why);
        return TW_EXIT_INPUT;
    }
    s->part = (tw_cli_part){path, s->text + p, s->len - p};
    return 0;
}

static int same_command(const shard *a, const shard *b)
{
    if (a->n != b->n || a->argc != b->argc || strcmp(a->cmd, b->cmd) != 0)
        return 0;
    for (int k = 0; k < a->argc; k++)
        if (strcmp(a->argv[k], b->argv[k]) != 0)
            return 0;
    return 1;
}

int tw_cli_merge(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs("Usage: tradewar merge PART...\n\nCombines the parts written by "
              "'tradewar solve|run|brief|optimal|war|talks|escalate|enforce ...\n"
              "--draws N"
              " --shard k/K' (one per k) into the output of the command run without --shard\n"
              "(docs/scale.md).\n",
              argc < 2 ? stderr : stdout);
        return argc < 2 ? TW_EXIT_USAGE : TW_EXIT_OK;
    }
    int n = argc - 1, rc = 0;
    shard *s = calloc((size_t)n, sizeof *s);
    tw_cli_part *parts = calloc((size_t)n, sizeof *parts);
    if (!s || !parts) {
        free(s);
        free(parts);
        fprintf(stderr, "tradewar: error: out of memory\n");
        return TW_EXIT_INTERNAL;
    }
    for (int k = 0; k < n && !rc; k++)
        rc = parse(argv[k + 1], &s[k]);
    for (int k = 1; k < n && !rc; k++)
        if (!same_command(&s[0], &s[k])) {
            fprintf(stderr, "%s: error: a part of another command than %s's\n", argv[k + 1],
                    argv[1]);
            rc = TW_EXIT_INPUT;
        }
    /* Every shard 1..K exactly once. */
    for (int want = 1; !rc && want <= s[0].n; want++) {
        int seen = 0;
        for (int k = 0; k < n; k++)
            seen += s[k].k == want;
        if (seen != 1) {
            fprintf(stderr, "tradewar: error: shard %d of %d is %s\n", want, s[0].n,
                    seen ? "given twice" : "missing");
            rc = TW_EXIT_INPUT;
        }
    }
    if (!rc && n != s[0].n) {
        fprintf(stderr, "tradewar: error: %d parts for %d shards\n", n, s[0].n);
        rc = TW_EXIT_INPUT;
    }
    if (!rc) {
        char *av[MAX_ARGS + 1];
        av[0] = s[0].cmd;
        for (int k = 0; k < s[0].argc; k++)
            av[k + 1] = s[0].argv[k];
        for (int k = 0; k < n; k++)
            parts[k] = s[k].part;
        tw_cli_draws_set_parts(parts, n);
        if (strcmp(s[0].cmd, "solve") == 0)
            rc = tw_cli_solve(s[0].argc + 1, av);
        else if (strcmp(s[0].cmd, "run") == 0)
            rc = tw_cli_run(s[0].argc + 1, av);
        else if (strcmp(s[0].cmd, "brief") == 0)
            rc = tw_cli_brief(s[0].argc + 1, av);
        else if (strcmp(s[0].cmd, "optimal") == 0)
            rc = tw_cli_optimal(s[0].argc + 1, av);
        else if (strcmp(s[0].cmd, "war") == 0)
            rc = tw_cli_war(s[0].argc + 1, av);
        else if (strcmp(s[0].cmd, "talks") == 0)
            rc = tw_cli_talks(s[0].argc + 1, av);
        else if (strcmp(s[0].cmd, "escalate") == 0)
            rc = tw_cli_escalate(s[0].argc + 1, av);
        else if (strcmp(s[0].cmd, "enforce") == 0)
            rc = tw_cli_enforce(s[0].argc + 1, av);
        else {
            fprintf(stderr, "%s: error: unknown command '%s'\n", argv[1], s[0].cmd);
            rc = TW_EXIT_INPUT;
        }
        tw_cli_draws_set_parts(NULL, 0);
    }
    for (int k = 0; k < n; k++)
        free(s[k].text);
    free(s);
    free(parts);
    return rc;
}
