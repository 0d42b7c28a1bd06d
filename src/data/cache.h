/* SPDX-License-Identifier: MIT */
/* The binary cache of parsed worlds and solved baselines (data/cache.c, docs/data-format.md
 * "Binary cache"): a content hash, the cache's location, and checked, atomically replaced
 * files. A cache file is never trusted blindly: its magic, format, kind, key, sizes and a
 * checksum of its payload are verified, and anything wrong makes it a miss (the caller then
 * parses the CSV files or solves again). */
#ifndef TW_DATA_CACHE_H
#define TW_DATA_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "tradewar/world.h"

/* Bumped whenever the layout of a cache file or of what it holds changes. */
#define TW_CACHE_FORMAT 3u

enum { TW_CACHE_WORLD = 1, TW_CACHE_BASELINE = 2 };

/* A streaming 128-bit non-cryptographic hash (of file contents and keys): not a defence
 * against a forger, which a cache in the user's own directory does not need. */
typedef struct tw_hash {
    uint64_t a, b, len;
    unsigned char tail[16];
    int ntail;
} tw_hash;

void tw_hash_init(tw_hash *h, uint64_t seed);
void tw_hash_update(tw_hash *h, const void *p, size_t n);
void tw_hash_final(const tw_hash *h, uint64_t out[2]);

/* The cache directory: $TRADEWAR_CACHE_DIR, else $XDG_CACHE_HOME/tradewar, else
 * $HOME/.cache/tradewar. @return 1 with the directory in buf, or 0 if the cache is off
 * ($TRADEWAR_CACHE is 0, off, no or false; or no directory can be named). */
int tw_cache_dir(char *buf, size_t size);

/* The cache directory's size limit in bytes: $TRADEWAR_CACHE_MAX_MB megabytes (a whole
 * number from 1; anything else is ignored), else TW_CACHE_DEFAULT_MAX_MB. */
#define TW_CACHE_DEFAULT_MAX_MB 2048u
uint64_t tw_cache_limit_bytes(void);
/* Deletes the least recently used cache files (world-*.bin, baseline-*.bin) of dir, the
 * newest always kept, until they hold at most three quarters of limit, if they hold more than
 * limit. Other files are not touched; failures only leave files in place. */
void tw_cache_prune(const char *dir, uint64_t limit);
/* Marks the cache file at path used now (its modification time), for tw_cache_prune. */
void tw_cache_touch(const char *path);

/* The key of world directory dir loaded with opts: the cache format, the program version, a
 * hash of the loader's sources (a build of other code never reads another's files), the
 * directory's last component (the default world name), the options, and the name, size and
 * contents of every regular file in dir. Fills path with the cache file's name.
 * @return 1, or 0 if the world cannot be cached (off, unreadable files: the CSV path then
 * reports what is wrong). */
int tw_cache_world_key(const char *dir, const tw_world_options *opts, uint64_t key[2],
                       char *path, size_t size);

/* Checks an in-memory cache file: header (magic, format, kind, byte order, key, payload size)
 * and payload checksum. @return 1 with *payload and *n pointing into data, else 0. */
int tw_cache_blob_check(const unsigned char *data, size_t size, uint32_t kind,
                        const uint64_t key[2], const unsigned char **payload, size_t *n);

/* Reads a whole cache file into *data (malloc'd, caller frees). @return 1, 0 if absent or
 * unreadable, -1 out of memory. */
int tw_cache_file_read(const char *path, unsigned char **data, size_t *size);

/* Writer of a cache file: the payload is streamed to a temporary file in the same directory
 * (created if missing), hashed on the way, and renamed over path when complete, so readers see
 * the old file or the new one, never a part. The caller owns the writer (on its stack): writing
 * allocates nothing of the library's, so a cache write is never the allocation that fails. */
struct tw_cache_header {
    char magic[8];
    uint32_t format, kind, endian, pad;
    uint64_t key[2];
    uint64_t size;
    uint64_t sum[2];
};
typedef struct tw_cache_writer {
    void *f; /* FILE * */
    char tmp[4096], path[4096];
    struct tw_cache_header hd;
    tw_hash h;
    int bad;
} tw_cache_writer;
/* @return 0 when the temporary file is open, -1 otherwise (then nothing to end). */
int tw_cache_write_begin(tw_cache_writer *cw, const char *path, uint32_t kind,
                         const uint64_t key[2]);
void tw_cache_write(tw_cache_writer *cw, const void *p, size_t n);
/* @return 0 when written and renamed into place, -1 otherwise (nothing left behind). */
int tw_cache_write_end(tw_cache_writer *cw);

/* Reader of a payload: bounds-checked; after any overrun, every read fails. */
typedef struct tw_cache_reader {
    const unsigned char *p;
    size_t n, at;
    int bad;
} tw_cache_reader;
int tw_cache_get(tw_cache_reader *r, void *out, size_t n);

/* The world loader's two hooks (data/world.c). tw_world_cache_open computes the key of dir
 * and opts into slot and, on a hit, sets *out to the cached world (keyed). @return 0, or -1 out
 * of memory. tw_world_cache_close stores w, just parsed, if the slot is in use, and keys it. */
typedef struct tw_world_cache_slot {
    int used;
    uint64_t key[2];
    char path[4096];
} tw_world_cache_slot;
int tw_world_cache_open(const char *dir, const tw_world_options *opts, tw_world_cache_slot *slot,
                        tw_world **out);
void tw_world_cache_close(const tw_world_cache_slot *slot, tw_world *w);

/* The world cache (data/world_cache.c). Decodes a checked payload into a new world.
 * @return TW_OK, TW_ERR_INPUT (inconsistent payload), TW_ERR_NOMEM. */
tw_status tw_world_cache_decode(const unsigned char *payload, size_t n, tw_world **out);
/* Loads the world cached at path under key. @return TW_OK with *out (NULL on a miss) or
 * TW_ERR_NOMEM. */
tw_status tw_world_cache_load(const char *path, const uint64_t key[2], tw_world **out);
/* Stores w at path under key (best effort: a failure leaves no file). */
void tw_world_cache_store(const char *path, const uint64_t key[2], const tw_world *w);

#endif
