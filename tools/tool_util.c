/* SPDX-License-Identifier: MIT */
/* Shared helpers for the world builders: see tool_util.h. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdir */
#endif

#include "tool_util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *prog = "builder";

void tt_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: error: ", prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

void tt_note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void tt_set_program(const char *argv0)
{
    if (argv0) {
        const char *slash = strrchr(argv0, '/');
        prog = slash ? slash + 1 : argv0;
    }
}

void tt_args(int argc, char **argv, const char *usage, const char **raw, const char **out)
{
    if (argc > 0 && argv[0]) {
        const char *slash = strrchr(argv[0], '/');
        prog = slash ? slash + 1 : argv[0];
    }
    *raw = NULL;
    *out = NULL;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--raw") == 0 && a + 1 < argc)
            *raw = argv[++a];
        else if (strcmp(argv[a], "--out") == 0 && a + 1 < argc)
            *out = argv[++a];
        else if (strcmp(argv[a], "--help") == 0 || strcmp(argv[a], "-h") == 0) {
            printf("usage: %s --raw DIR --out DIR\n%s\n", prog, usage);
            exit(0);
        } else
            tt_die("unexpected argument '%s' (usage: %s --raw DIR --out DIR)", argv[a], prog);
    }
    if (!*raw || !*out)
        tt_die("both --raw DIR and --out DIR are required (usage: %s --raw DIR --out DIR)", prog);
    if (mkdir(*out, 0777) != 0 && errno != EEXIST)
        tt_die("%s: cannot create directory: %s", *out, strerror(errno));
}

void *tt_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        tt_die("out of memory");
    return p;
}

char *tt_path(const char *dir, const char *name)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *p = tt_calloc(len, 1);
    snprintf(p, len, "%s/%s", dir, name);
    return p;
}

static TT_NORETURN void die_error(const tw_error *err)
{
    char buf[1600];
    tw_error_format(err, buf, sizeof buf);
    fprintf(stderr, "%s\n", buf);
    exit(1);
}

tw_csv *tt_open(const char *dir, const char *name, const tw_csv_column *cols, int ncols,
                int *idx)
{
    tw_error err;
    tw_csv *csv = NULL;
    char *path = tt_path(dir, name);
    tw_error_clear(&err);
    if (tw_csv_open(path, &csv, &err) != TW_OK)
        die_error(&err);
    if (tw_csv_header(csv, cols, ncols, idx, &err) != TW_OK)
        die_error(&err);
    free(path);
    return csv;
}

int tt_next(tw_csv *csv)
{
    tw_error err;
    int has = 0;
    tw_error_clear(&err);
    if (tw_csv_next(csv, &has, &err) != TW_OK)
        die_error(&err);
    return has;
}

double tt_num(const tw_csv *csv, int col)
{
    tw_error err;
    double v = 0;
    tw_error_clear(&err);
    if (tw_csv_number(csv, col, &v, &err) != TW_OK)
        die_error(&err);
    return v;
}

void tt_fail_at(const tw_csv *csv, int col, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s:%d:%d: error: %s: %s\n", tw_csv_path(csv), tw_csv_line(csv),
            tw_csv_col(csv, col), tw_csv_header_name(csv, col), msg);
    exit(1);
}

int tt_list_add(tt_list *l, const char *s)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 16;
        char **p = realloc(l->item, (size_t)cap * sizeof *p);
        if (!p)
            tt_die("out of memory");
        l->item = p;
        l->cap = cap;
    }
    size_t len = strlen(s) + 1;
    l->item[l->n] = tt_calloc(len, 1);
    memcpy(l->item[l->n], s, len);
    return l->n++;
}

int tt_list_find(const tt_list *l, const char *s)
{
    for (int k = 0; k < l->n; k++)
        if (strcmp(l->item[k], s) == 0)
            return k;
    return -1;
}

int tt_list_need(const tt_list *l, const tw_csv *csv, int col)
{
    const char *s = tw_csv_get(csv, col);
    int k = tt_list_find(l, s);
    if (k < 0)
        tt_fail_at(csv, col, "unknown code '%s'", s);
    return k;
}

void tt_list_free(tt_list *l)
{
    for (int k = 0; k < l->n; k++)
        free(l->item[k]);
    free(l->item);
    l->item = NULL;
    l->n = l->cap = 0;
}

FILE *tt_create(const char *dir, const char *name)
{
    char *path = tt_path(dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        tt_die("%s: cannot create: %s", path, strerror(errno));
    free(path);
    return f;
}

void tt_finish(FILE *f, const char *name)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        tt_die("%s: write failed", name);
}

void tt_real(FILE *f, double x)
{
    char buf[40];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    fputs(buf, f);
}

void tt_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}
