/* SPDX-License-Identifier: MIT */
/* The binary cache's machinery (data/cache.h): a streaming hash, the cache's location, keys
 * of world directories, checked reading and atomic writing of cache files. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/cache.h"
#include "tradewar/version.h"

#ifndef TW_CACHE_BUILD_HASH
#define TW_CACHE_BUILD_HASH "unknown"
#endif

static const char magic[8] = {'T', 'W', 'C', 'A', 'C', 'H', 'E', '\n'};
#define ENDIAN_MARK 0x01020304u
#define HEADER_SIZE 64

/* ---- hash: two 64-bit lanes over 16-byte blocks (one multiply per 8 bytes: each step is a
 * bijection of the lane's state, so any one changed word changes the result), then a
 * splitmix64-style finaliser crossing the lanes and the length ---- */

#define K1 0x9E3779B97F4A7C15ull
#define K2 0xC2B2AE3D27D4EB4Full
#define K3 0x165667B19E3779F9ull

static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

/* Native byte order: a cache file is read only on a machine of the order it was written in
 * (its header says which). */
static uint64_t load64(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

static void mix_block(tw_hash *h, const unsigned char *p)
{
    h->a = rotl((h->a ^ load64(p)) * K1, 29);
    h->b = rotl((h->b ^ load64(p + 8)) * K2, 31);
}

void tw_hash_init(tw_hash *h, uint64_t seed)
{
    memset(h, 0, sizeof *h);
    h->a = seed ^ K2;
    h->b = rotl(seed, 32) ^ K3;
}

void tw_hash_update(tw_hash *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    h->len += n;
    while (n && h->ntail) {
        h->tail[h->ntail++] = *p++;
        n--;
        if (h->ntail == (int)sizeof h->tail) {
            mix_block(h, h->tail);
            h->ntail = 0;
        }
    }
    for (; n >= 16; n -= 16, p += 16)
        mix_block(h, p);
    while (n--)
        h->tail[h->ntail++] = *p++;
}

static uint64_t finalise(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

void tw_hash_final(const tw_hash *h, uint64_t out[2])
{
    tw_hash t = *h;
    unsigned char last[16] = {0};
    memcpy(last, t.tail, (size_t)t.ntail);
    last[15] ^= (unsigned char)(0x80 | t.ntail);
    mix_block(&t, last);
    uint64_t a = finalise(t.a ^ t.len), b = finalise(t.b + K1 * t.len);
    out[0] = finalise(a ^ rotl(b, 23));
    out[1] = finalise(b + out[0]);
}

/* ---- location ---- */

int tw_cache_dir(char *buf, size_t size)
{
    const char *off = getenv("TRADEWAR_CACHE");
    if (off && (!strcmp(off, "0") || !strcmp(off, "off") || !strcmp(off, "no") ||
                !strcmp(off, "false")))
        return 0;
    const char *dir = getenv("TRADEWAR_CACHE_DIR");
    int n;
    if (dir && *dir)
        n = snprintf(buf, size, "%s", dir);
    else if ((dir = getenv("XDG_CACHE_HOME")) && *dir == '/')
        n = snprintf(buf, size, "%s/tradewar", dir);
    else if ((dir = getenv("HOME")) && *dir)
        n = snprintf(buf, size, "%s/.cache/tradewar", dir);
    else
        return 0;
    return n > 0 && (size_t)n < size - 64; /* room for a file name */
}

/* ---- keys ---- */

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Hashes the name, size and contents of every regular file in dir (by name order).
 * @return 0, or -1 if the directory or a file cannot be read, or it has too many files to
 * list here (then the world is not cached). Allocates nothing of its own. */
static int hash_dir(tw_hash *h, const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return -1;
    enum { MAX_FILES = 256, POOL = 16384 };
    char pool[POOL];
    char *names[MAX_FILES];
    int count = 0, rc = 0;
    size_t used = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (e->d_name[0] == '.')
            continue;
        size_t len = strlen(e->d_name) + 1;
        if (count == MAX_FILES || len > POOL - used) {
            rc = -1;
            break;
        }
        names[count++] = memcpy(pool + used, e->d_name, len);
        used += len;
    }
    closedir(dp);
    qsort(names, (size_t)count, sizeof *names, cmp_names);
    unsigned char buf[1 << 15];
    for (int k = 0; k < count && !rc; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        struct stat sb;
        if (stat(path, &sb) != 0) {
            rc = -1;
            break;
        }
        if (!S_ISREG(sb.st_mode))
            continue;
        FILE *f = fopen(path, "rb");
        if (!f) {
            rc = -1;
            break;
        }
        tw_hash_update(h, names[k], strlen(names[k]) + 1);
        uint64_t total = 0;
        size_t got;
        while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
            tw_hash_update(h, buf, got);
            total += got;
        }
        if (ferror(f))
            rc = -1;
        fclose(f);
        tw_hash_update(h, &total, sizeof total);
    }
    return rc;
}

int tw_cache_world_key(const char *dir, const tw_world_options *opts, uint64_t key[2],
                       char *path, size_t size)
{
    char cdir[3072];
    if (!opts->cache || !tw_cache_dir(cdir, sizeof cdir))
        return 0;
    tw_hash h;
    tw_hash_init(&h, TW_CACHE_FORMAT);
    static const char build[] = TW_VERSION_STRING "|" TW_CACHE_BUILD_HASH;
    tw_hash_update(&h, build, sizeof build);
    const char *end = dir + strlen(dir);
    while (end > dir && end[-1] == '/')
        end--;
    const char *start = end;
    while (start > dir && start[-1] != '/')
        start--;
    tw_hash_update(&h, start, (size_t)(end - start));
    const char *set = opts->elasticities ? opts->elasticities : "";
    tw_hash_update(&h, set, strlen(set) + 1);
    tw_hash_update(&h, &opts->share_tolerance, sizeof(double));
    tw_hash_update(&h, &opts->horizon_years, sizeof(double));
    if (hash_dir(&h, dir))
        return 0;
    tw_hash_final(&h, key);
    int n = snprintf(path, size, "%s/world-%016llx%016llx.bin", cdir, (unsigned long long)key[0],
                     (unsigned long long)key[1]);
    return n > 0 && (size_t)n < size;
}

/* ---- files ---- */

_Static_assert(sizeof(struct tw_cache_header) <= HEADER_SIZE, "cache header too large");

int tw_cache_blob_check(const unsigned char *data, size_t size, uint32_t kind,
                        const uint64_t key[2], const unsigned char **payload, size_t *n)
{
    struct tw_cache_header hd;
    if (size < HEADER_SIZE)
        return 0;
    memcpy(&hd, data, sizeof hd);
    if (memcmp(hd.magic, magic, sizeof magic) || hd.format != TW_CACHE_FORMAT ||
        hd.kind != kind || hd.endian != ENDIAN_MARK || hd.pad != 0 || hd.key[0] != key[0] ||
        hd.key[1] != key[1] || hd.size != size - HEADER_SIZE)
        return 0;
    tw_hash h;
    tw_hash_init(&h, kind);
    tw_hash_update(&h, data + HEADER_SIZE, size - HEADER_SIZE);
    uint64_t sum[2];
    tw_hash_final(&h, sum);
    if (sum[0] != hd.sum[0] || sum[1] != hd.sum[1])
        return 0;
    *payload = data + HEADER_SIZE;
    *n = size - HEADER_SIZE;
    return 1;
}

int tw_cache_file_read(const char *path, unsigned char **data, size_t *size)
{
    *data = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size < HEADER_SIZE) {
        fclose(f);
        return 0;
    }
    size_t n = (size_t)sb.st_size;
    unsigned char *buf = malloc(n);
    if (!buf) {
        fclose(f);
        return -1;
    }
    size_t got = fread(buf, 1, n, f);
    int extra = fgetc(f) != EOF; /* grew while read: not the file we measured */
    fclose(f);
    if (got != n || extra) {
        free(buf);
        return 0;
    }
    *data = buf;
    *size = n;
    tw_cache_touch(path);
    return 1;
}

/* Creates dir and its parent if missing (the default location's ~/.cache may not exist). */
static void make_dirs(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return;
    *slash = 0;
    if (mkdir(dir, 0777) == 0 || errno == EEXIST)
        return;
    char *up = strrchr(dir, '/');
    if (!up || up == dir)
        return;
    *up = 0;
    if (mkdir(dir, 0777) == 0 || errno == EEXIST) {
        *up = '/';
        mkdir(dir, 0777);
    }
}

int tw_cache_write_begin(tw_cache_writer *cw, const char *path, uint32_t kind,
                         const uint64_t key[2])
{
    memset(cw, 0, sizeof *cw);
    if (snprintf(cw->path, sizeof cw->path, "%s", path) >= (int)sizeof cw->path ||
        snprintf(cw->tmp, sizeof cw->tmp, "%s.XXXXXX", path) >= (int)sizeof cw->tmp)
        return -1;
    make_dirs(path);
    int fd = mkstemp(cw->tmp);
    if (fd < 0)
        return -1;
    cw->f = fdopen(fd, "wb");
    if (!cw->f) {
        close(fd);
        unlink(cw->tmp);
        return -1;
    }
    memcpy(cw->hd.magic, magic, sizeof magic);
    cw->hd.format = TW_CACHE_FORMAT;
    cw->hd.kind = kind;
    cw->hd.endian = ENDIAN_MARK;
    cw->hd.key[0] = key[0];
    cw->hd.key[1] = key[1];
    tw_hash_init(&cw->h, kind);
    unsigned char zero[HEADER_SIZE] = {0};
    if (fwrite(zero, 1, HEADER_SIZE, cw->f) != HEADER_SIZE)
        cw->bad = 1;
    return 0;
}

void tw_cache_write(tw_cache_writer *cw, const void *p, size_t n)
{
    if (cw->bad || !n)
        return;
    if (fwrite(p, 1, n, cw->f) != n)
        cw->bad = 1;
    tw_hash_update(&cw->h, p, n);
    cw->hd.size += n;
}

int tw_cache_write_end(tw_cache_writer *cw)
{
    tw_hash_final(&cw->h, cw->hd.sum);
    unsigned char head[HEADER_SIZE] = {0};
    memcpy(head, &cw->hd, sizeof cw->hd);
    int bad = cw->bad || fseek(cw->f, 0, SEEK_SET) != 0 ||
              fwrite(head, 1, HEADER_SIZE, cw->f) != HEADER_SIZE;
    bad |= fclose(cw->f) != 0;
    if (!bad)
        bad = rename(cw->tmp, cw->path) != 0;
    if (bad) {
        unlink(cw->tmp);
        return -1;
    }
    char dir[sizeof cw->path];
    memcpy(dir, cw->path, sizeof dir);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = 0;
        tw_cache_prune(dir, tw_cache_limit_bytes());
    }
    return 0;
}

int tw_cache_get(tw_cache_reader *r, void *out, size_t n)
{
    if (r->bad || n > r->n - r->at) {
        r->bad = 1;
        return -1;
    }
    memcpy(out, r->p + r->at, n);
    r->at += n;
    return 0;
}
