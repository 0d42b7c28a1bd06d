/* SPDX-License-Identifier: MIT */
/* The scratch world directory of the fuzz targets that fuzz one file of a world (blocks.csv,
 * the horizon files, profits.csv and political_weights.csv): created once per process under
 * /tmp, filled with fixed files, and one file rewritten from each input. Any failure to make
 * the directory is the harness's, not the library's, so it aborts. */
#ifndef TRADEWAR_FUZZ_WORLD_DIR_H
#define TRADEWAR_FUZZ_WORLD_DIR_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char fuzz_dir[64];

/* Creates the directory /tmp/tradewar-fuzz-TAG-XXXXXX on the first call; returns 1 on that
 * call (the caller then writes its fixed files), 0 after. */
static inline int fuzz_dir_first(const char *tag)
{
    if (fuzz_dir[0])
        return 0;
    snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/tradewar-fuzz-%s-XXXXXX", tag);
    if (!mkdtemp(fuzz_dir))
        abort();
    return 1;
}

static inline void fuzz_dir_path(const char *name, char *path, size_t len)
{
    snprintf(path, len, "%s/%s", fuzz_dir, name);
}

/* Writes size bytes at data as the directory's file name. */
static inline void fuzz_dir_write(const char *name, const void *data, size_t size)
{
    char path[128];
    fuzz_dir_path(name, path, sizeof path);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size > 0 && fwrite(data, 1, size, f) != size)
        abort();
    if (fclose(f) != 0)
        abort();
}

/* Removes the directory's file name if it is there. */
static inline void fuzz_dir_remove(const char *name)
{
    char path[128];
    fuzz_dir_path(name, path, sizeof path);
    remove(path);
}

#ifdef TW_FUZZ_WORLD
/* Copies the file name of the tiny test world (TW_FUZZ_WORLD) into the directory. */
static inline void fuzz_dir_copy_tiny(const char *name)
{
    char src[1024], dst[128], buf[4096];
    snprintf(src, sizeof src, "%s/%s", TW_FUZZ_WORLD, name);
    fuzz_dir_path(name, dst, sizeof dst);
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    if (!in || !out)
        abort();
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, got, out) != got)
            abort();
    fclose(in);
    if (fclose(out) != 0)
        abort();
}

/* The tiny world's countries, sectors, flows and tariffs (a complete world without extras). */
static inline void fuzz_dir_copy_tiny_core(void)
{
    static const char *const files[] = {"countries.csv", "sectors.csv", "flows.csv",
                                        "tariffs.csv"};
    for (size_t k = 0; k < sizeof files / sizeof *files; k++)
        fuzz_dir_copy_tiny(files[k]);
}
#endif

#endif
