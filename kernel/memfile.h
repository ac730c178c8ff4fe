/* SPDX-License-Identifier: MIT */
/* kernel/memfile.h: the memory file that backs all guest memory. */
#ifndef KERNEL_MEMFILE_H
#define KERNEL_MEMFILE_H

#include <stddef.h>
#include <stdint.h>

/*
 * One memfd holds every byte of application memory (DESIGN.md, "Memory"). The
 * runtime maps it once; platforms map ranges of it into guest address spaces.
 * It is sparse: a range costs host memory only once touched, and freed ranges
 * are punched out so they read back as zeroes when reused.
 */
struct mf_extent {
    uint64_t off, len;
};

/* A subrange with @extra owners beyond the first (memfile_share()). */
struct mf_shared {
    uint64_t off, len;
    uint32_t extra;
};

struct memfile {
    int fd;
    uint64_t id;     /* unique per memfile_init() in this process, for caches keyed by file */
    uint8_t *base;   /* the runtime's mapping of the whole file */
    uint64_t size;
    struct mf_extent *free; /* sorted, non-adjacent free extents */
    size_t nfree, capfree;
    uint64_t allocated;     /* bytes handed out, for leak checks */
    struct mf_shared *shared; /* sorted, non-overlapping ranges with several owners */
    size_t nshared, capshared;
};

/** memfile_init - create the memfd of @size bytes and map it. 0 or -errno. */
int memfile_init(struct memfile *mf, uint64_t size);
void memfile_fini(struct memfile *mf);

/** memfile_alloc - reserve @len (page multiple) zeroed bytes. Offset, or -ENOMEM. */
int64_t memfile_alloc(struct memfile *mf, uint64_t len);

/**
 * memfile_extend - grow the allocation [@off, @off+@len) in place to @newlen.
 * Returns 0, or -ENOMEM if the bytes after it are in use.
 */
int memfile_extend(struct memfile *mf, uint64_t off, uint64_t len, uint64_t newlen);

/**
 * memfile_free - drop one owner of every page in a range; pages that had no
 * other owner are released to the host and reused.
 */
void memfile_free(struct memfile *mf, uint64_t off, uint64_t len);

/**
 * memfile_share - add an owner to every page of an allocated range (fork and
 * the exec image cache map one range into several address spaces). Each owner
 * later calls memfile_free() once. 0 or -ENOMEM.
 */
int memfile_share(struct memfile *mf, uint64_t off, uint64_t len);

/**
 * memfile_zero - make [@off, +@len) of an allocated range read as zeroes. Whole
 * pages become holes, given back to the host; zeroing them would have made
 * every one of them resident (a guest could ask for gigabytes that way).
 */
void memfile_zero(struct memfile *mf, uint64_t off, uint64_t len);

/** memfile_copy - copy [@src, +@len) to [@dst, +@len), skipping holes (they stay zero). */
void memfile_copy(struct memfile *mf, uint64_t dst, uint64_t src, uint64_t len);

/**
 * memfile_resident - bytes of [@off, +@len) that hold data (not holes), counted
 * up to a little past @cap: a result above @cap means "more than @cap".
 */
uint64_t memfile_resident(const struct memfile *mf, uint64_t off, uint64_t len, uint64_t cap);

/** memfile_is_shared - whether any page of the range has more than one owner. */
int memfile_is_shared(const struct memfile *mf, uint64_t off, uint64_t len);

static inline void *memfile_ptr(const struct memfile *mf, uint64_t off)
{
    return mf->base + off;
}

#endif
