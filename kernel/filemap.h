/* SPDX-License-Identifier: MIT */
/* kernel/filemap.h: file contents kept in the memory file, shared copy-on-write by later mappings of the same bytes. */
#ifndef KERNEL_FILEMAP_H
#define KERNEL_FILEMAP_H

#include <stdint.h>

struct memfile;

/* What identifies a host file's contents: while these hold, its bytes are taken as unchanged. */
struct file_key {
    uint64_t dev, ino, size;
    int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
};

/**
 * file_key_of - the key of host regular file @fd. -1 for anything else, and
 * for an unlinked file (nlink 0: no later open can name it again).
 */
int file_key_of(int fd, struct file_key *k);

/**
 * filemap_get - a cached copy of bytes [@off, +@len) (page multiples) of the
 * host file whose key (file_key_of) is @k. On a hit, *@mf_off is a memory-file
 * range with a new reference for the caller (who maps it copy-on-write); 0.
 * -1 on a miss.
 */
int filemap_get(struct memfile *mf, const struct file_key *k, uint64_t off, uint64_t len,
                uint64_t *mf_off);

/**
 * filemap_put - remember a copy of memory-file range [@src, +@len), which a
 * mapping of bytes [@off, +@len) of the file keyed @k was just filled with.
 * Best effort: ranges too large for the cache, or a memory file that is full,
 * are not kept.
 */
void filemap_put(struct memfile *mf, const struct file_key *k, uint64_t off, uint64_t len,
                 uint64_t src);

/** filemap_flush - drop every cached range (before a leak check, or a memory file's end). */
void filemap_flush(void);

#endif
