/* SPDX-License-Identifier: MIT */
/* The spelling rule for defined names (src/core/spelling.h). */
#include "core/spelling.h"

static char fold(char c) { return c == '-' ? '_' : c; }

int tw_name_equal(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    for (; *a && *b; a++, b++)
        if (fold(*a) != fold(*b))
            return 0;
    return *a == *b;
}

int tw_name_equal_n(const char *a, const char *b, size_t n)
{
    if (!a || !b)
        return 0;
    for (size_t k = 0; k < n; k++) {
        if (fold(a[k]) != fold(b[k]))
            return 0;
        if (!a[k])
            return 1;
    }
    return 1;
}

int tw_name_find(const char *const *names, int n, const char *name)
{
    for (int k = 0; k < n; k++)
        if (tw_name_equal(names[k], name))
            return k;
    return -1;
}
