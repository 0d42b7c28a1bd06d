/* SPDX-License-Identifier: MIT */
/* Code lookup and suggestions. Worlds have at most a few hundred codes, so a linear scan with
 * a first-character filter is fast enough and keeps this simple. */
#include "data/names.h"

#include <ctype.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

int tw_codemap_build(tw_codemap *map, char *const *codes, int n)
{
    int size = 16;
    while (size < 2 * n)
        size *= 2;
    map->slot = malloc((size_t)size * sizeof *map->slot);
    if (!map->slot)
        return -1;
    map->size = size;
    map->codes = codes;
    for (int k = 0; k < size; k++)
        map->slot[k] = -1;
    for (int k = 0; k < n; k++) {
        uint32_t h = fnv1a(codes[k]) & (uint32_t)(size - 1);
        while (map->slot[h] >= 0)
            h = (h + 1) & (uint32_t)(size - 1);
        map->slot[h] = k;
    }
    return 0;
}

void tw_codemap_free(tw_codemap *map)
{
    free(map->slot);
    map->slot = NULL;
}

int tw_codemap_find(const tw_codemap *map, const char *code)
{
    uint32_t h = fnv1a(code) & (uint32_t)(map->size - 1);
    for (;;) {
        int k = map->slot[h];
        if (k < 0)
            return -1;
        if (strcmp(map->codes[k], code) == 0)
            return k;
        h = (h + 1) & (uint32_t)(map->size - 1);
    }
}

int tw_names_find(char *const *codes, int n, const char *code)
{
    for (int k = 0; k < n; k++)
        if (codes[k][0] == code[0] && strcmp(codes[k], code) == 0)
            return k;
    return -1;
}

/* Case-insensitive optimal-string-alignment distance: insertions, deletions, substitutions and
 * transpositions of adjacent characters ("FRO" for "FOR") each cost one. */
static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 1000;
    int d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            int v = d[i - 1][j - 1] + (ca != cb);
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[la][lb];
}

const char *tw_names_suggest(char *const *codes, int n, const char *code)
{
    int best = 1000;
    const char *pick = NULL;
    for (int k = 0; k < n; k++) {
        int dist = edit_distance(code, codes[k]);
        if (dist < best) {
            best = dist;
            pick = codes[k];
        }
    }
    size_t len = strlen(code);
    int limit = len <= 3 ? 1 : (len <= 6 ? 2 : 3);
    return best <= limit ? pick : NULL;
}

const char *tw_names_suggest_all(char *const *codes, int n, const char *code, char *buf,
                                 size_t size)
{
    const char *best = tw_names_suggest(codes, n, code);
    if (!best || size == 0)
        return NULL;
    int dist = edit_distance(code, best), tied[4], nt = 0;
    for (int k = 0; k < n && nt < 4; k++)
        if (edit_distance(code, codes[k]) == dist)
            tied[nt++] = k;
    size_t used = 0;
    buf[0] = '\0';
    for (int t = 0; t < nt && used < size; t++)
        used += (size_t)snprintf(buf + used, size - used, "%s'%.40s'",
                                 t == 0 ? "" : t + 1 < nt ? ", " : " or ", codes[tied[t]]);
    return buf;
}

int tw_names_valid(const char *code)
{
    size_t len = strlen(code);
    if (len == 0 || len > 16)
        return 0;
    for (size_t k = 0; k < len; k++) {
        unsigned char ch = (unsigned char)code[k];
        if (!isalnum(ch) && ch != '_' && ch != '-')
            return 0;
    }
    return 1;
}

const char *tw_names_group(const char *code)
{
    /* src/policy/shock.c: "*", goods, services; src/policy/scenario.c: all, goods, services,
     * EU27. */
    static const char *const groups[] = {"*", "all", "goods", "services", "EU27"};
    for (size_t k = 0; k < sizeof groups / sizeof *groups; k++)
        if (strcmp(code, groups[k]) == 0)
            return groups[k];
    return NULL;
}
