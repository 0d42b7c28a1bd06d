/* SPDX-License-Identifier: MIT */
/* The cache directory's size limit (docs/data-format.md "Binary cache"): after a file is
 * written, the directory's cache files (world-*.bin, baseline-*.bin) are counted, and if they
 * hold more than the limit the least recently used are deleted until they hold three quarters
 * of it. A hit marks its file used (its modification time), so worlds and baselines in use
 * stay. Other files in the directory are never touched. Every failure here only costs the
 * clean-up: the cache stays correct (a deleted file is a miss). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "data/cache.h"

typedef struct entry {
    char name[96];
    struct timespec used;
    uint64_t bytes;
} entry;

uint64_t tw_cache_limit_bytes(void)
{
    const char *s = getenv("TRADEWAR_CACHE_MAX_MB");
    uint64_t mb = TW_CACHE_DEFAULT_MAX_MB;
    if (s && *s) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(s, &end, 10);
        /* digits only, at least 1 MB, at most a petabyte; anything else: the default */
        if (!errno && *end == 0 && s[0] >= '0' && s[0] <= '9' && v >= 1 && v <= (1ull << 30))
            mb = v;
    }
    return mb << 20;
}

static int is_cache_file(const char *name)
{
    size_t n = strlen(name);
    if (n < 5 || strcmp(name + n - 4, ".bin") != 0)
        return 0;
    return !strncmp(name, "world-", 6) || !strncmp(name, "baseline-", 9);
}

/* Oldest use first; ties by name, so the order is the same on every run. */
static int older(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->used.tv_sec != y->used.tv_sec)
        return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
    if (x->used.tv_nsec != y->used.tv_nsec)
        return x->used.tv_nsec < y->used.tv_nsec ? -1 : 1;
    return strcmp(x->name, y->name);
}

void tw_cache_touch(const char *path)
{
    utimensat(AT_FDCWD, path, NULL, 0); /* now; a read-only directory only loses the mark */
}

/* One pass over dir: the total size and number of its cache files, and the (at most cap)
 * least recently used of them in e, oldest first. @return how many are in e. */
static size_t scan(const char *dir, entry *e, size_t cap, uint64_t *total, size_t *count)
{
    *total = 0;
    *count = 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    char path[4096];
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (!is_cache_file(de->d_name) || len >= sizeof e->name)
            continue;
        struct stat sb;
        if (snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= (int)sizeof path ||
            stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        *total += (uint64_t)sb.st_size;
        (*count)++;
        entry x;
        memcpy(x.name, de->d_name, len + 1); /* len < sizeof x.name, checked above */
        x.used = sb.st_mtim;
        x.bytes = (uint64_t)sb.st_size;
        if (n == cap && older(&x, &e[n - 1]) >= 0)
            continue;
        size_t k = n < cap ? n++ : n - 1; /* insertion into the sorted batch */
        while (k > 0 && older(&x, &e[k - 1]) < 0) {
            e[k] = e[k - 1];
            k--;
        }
        e[k] = x;
    }
    closedir(d);
    return n;
}

/* Allocation-free (the batch is on the stack), so that it cannot fail for want of memory:
 * each pass deletes from the oldest PRUNE_BATCH files, and another pass follows only if the
 * files are still over three quarters of the limit. */
#define PRUNE_BATCH 128
void tw_cache_prune(const char *dir, uint64_t limit)
{
    entry e[PRUNE_BATCH];
    uint64_t total, target = limit / 4 * 3;
    size_t count;
    size_t n = scan(dir, e, PRUNE_BATCH, &total, &count);
    if (total <= limit)
        return;
    for (;;) {
        size_t k = 0;
        char path[4096];
        /* the newest file (just written) is kept even if it alone is over the limit */
        for (; k < n && count > 1 && total > target; k++) {
            if (snprintf(path, sizeof path, "%s/%s", dir, e[k].name) >= (int)sizeof path ||
                (unlink(path) != 0 && errno != ENOENT))
                return;
            total -= e[k].bytes;
            count--;
        }
        if (total <= target || count <= 1 || k < n || n < PRUNE_BATCH)
            return;
        n = scan(dir, e, PRUNE_BATCH, &total, &count);
    }
}
