/* SPDX-License-Identifier: MIT */
/* kernel/filemap.c: a small cache of private file mappings' bytes, so each process's ld.so and libc are not read again. */
#include "filemap.h"

#include <string.h>
#include <sys/stat.h>

#include "memfile.h"

/*
 * A dynamically linked program maps the same ranges of the same files (libc,
 * ld.so's cache, locale archives) at every exec, and a private file mapping is
 * a copy: reading megabytes each time made a dynamic exec cost three static
 * ones. A mapping of a range kept here gets the cached pages shared and copy-on-write,
 * as the image cache gives ELF images (loader.c). Entries are exact (file,
 * offset, length) matches, which is how loaders map: the same calls each time.
 * Least recently used entries go first, and the cache holds at most
 * FILEMAP_MAX_BYTES of the memory file.
 */
#define FILEMAP_SLOTS 64
#define FILEMAP_MAX_ENTRY (16ULL << 20)
#define FILEMAP_MAX_BYTES (128ULL << 20)

struct filemap_entry {
    int used;
    uint64_t last_use;
    struct file_key key;
    uint64_t off, len;
    uint64_t mf_off; /* the cache's own reference */
};

static struct filemap_entry cache[FILEMAP_SLOTS];
static struct memfile *cache_mf;
static uint64_t cache_mf_id, cache_bytes, cache_clock;

int file_key_of(int fd, struct file_key *k)
{
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink == 0)
        return -1;
    *k = (struct file_key){(uint64_t)st.st_dev, (uint64_t)st.st_ino, (uint64_t)st.st_size,
                           st.st_mtim.tv_sec, st.st_mtim.tv_nsec, st.st_ctim.tv_sec,
                           st.st_ctim.tv_nsec};
    return 0;
}

static void entry_drop(struct filemap_entry *e)
{
    memfile_free(cache_mf, e->mf_off, e->len);
    cache_bytes -= e->len;
    memset(e, 0, sizeof(*e));
}

void filemap_flush(void)
{
    /* Called while the memory file is alive, so the entries' ranges can be freed. */
    for (int i = 0; i < FILEMAP_SLOTS; i++)
        if (cache[i].used)
            entry_drop(&cache[i]);
}

/* Entries of an earlier memory file (tests make several) went with it. */
static void check_mf(struct memfile *mf)
{
    if (cache_mf != mf || cache_mf_id != mf->id) {
        memset(cache, 0, sizeof(cache));
        cache_bytes = 0;
        cache_mf = mf;
        cache_mf_id = mf->id;
    }
}

int filemap_get(struct memfile *mf, const struct file_key *k, uint64_t off, uint64_t len,
                uint64_t *mf_off)
{
    check_mf(mf);
    for (int i = 0; i < FILEMAP_SLOTS; i++) {
        struct filemap_entry *e = &cache[i];
        if (!e->used || e->off != off || e->len != len || memcmp(&e->key, k, sizeof(*k)))
            continue;
        if (memfile_share(mf, e->mf_off, len) < 0)
            return -1;
        e->last_use = ++cache_clock;
        *mf_off = e->mf_off;
        return 0;
    }
    return -1;
}

void filemap_put(struct memfile *mf, const struct file_key *k, uint64_t off, uint64_t len,
                 uint64_t src)
{
    check_mf(mf);
    if (len > FILEMAP_MAX_ENTRY)
        return;
    /* Room: the least recently used entries go until the new one fits. */
    for (;;) {
        struct filemap_entry *free_slot = NULL, *old = NULL;
        for (int i = 0; i < FILEMAP_SLOTS; i++) {
            struct filemap_entry *e = &cache[i];
            if (!e->used)
                free_slot = free_slot ? free_slot : e;
            else if (!old || e->last_use < old->last_use)
                old = e;
        }
        if (free_slot && cache_bytes + len <= FILEMAP_MAX_BYTES) {
            int64_t o = memfile_alloc(mf, len);
            if (o < 0)
                return;
            memfile_copy(mf, (uint64_t)o, src, len);
            *free_slot = (struct filemap_entry){.used = 1, .last_use = ++cache_clock, .key = *k,
                                                .off = off, .len = len, .mf_off = (uint64_t)o};
            cache_bytes += len;
            return;
        }
        if (!old)
            return;
        entry_drop(old);
    }
}
