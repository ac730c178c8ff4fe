/* SPDX-License-Identifier: MIT */
/* kernel/mm.h: a guest address space: VMAs backed by the memory file, brk, mmap placement. */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include <stddef.h>
#include <stdint.h>
#include "../abi/linux.h"
#include "types.h"

struct memfile;
struct platform;
struct platform_as;

#define VMA_NAME_MAX 64

/*
 * A mapped range [start, end). Every VMA is backed by one contiguous range of
 * the memory file starting at mf_off, so guest address a lives at file offset
 * mf_off + (a - start). The platform maps the whole VMA when it is created
 * (eager mapping: the memory file is sparse, so untouched pages cost nothing).
 *
 * Copy-on-write: a private VMA whose backing other address spaces may own too
 * (after fork, or an image from the exec cache) has @cow set. The platform
 * then maps it without write permission; the first store faults, and
 * mm_cow_break() gives the written pages backing of their own (split off as
 * a VMA of their own). So one VMA as the guest sees it (/proc/<pid>/maps,
 * mremap) may be several here: neighbours with the same attributes.
 */
struct vma {
    uaddr_t start, end;
    int prot;       /* LINUX_PROT_* */
    int flags;      /* LINUX_MAP_* (PRIVATE/SHARED/ANONYMOUS/GROWSDOWN) */
    uint64_t mf_off;
    int nobacking;  /* a platform-provided mapping (the vDSO): no memory-file bytes */
    int cow;        /* private, backing maybe shared: the platform maps it read-only */
    int nomaywrite; /* shared, and may never become writable (no VM_MAYWRITE): mprotect says EACCES */
    char name[VMA_NAME_MAX]; /* "[heap]", "[stack]", a file path, or "" */
};

/* The protection the platform maps @v with: write waits for the copy if @v is copy-on-write. */
static inline int vma_platform_prot(const struct vma *v)
{
    return v->cow ? v->prot & ~LINUX_PROT_WRITE : v->prot;
}

struct mm {
    struct memfile *mf;
    struct platform *platform;
    struct platform_as *as;

    struct vma *vma; /* sorted by start, non-overlapping */
    size_t nvma, capvma;
    size_t hint;     /* index of the last VMA found, for usercopy locality */

    uaddr_t min_addr, max_addr; /* the usable user range */
    uaddr_t mmap_base;          /* top of the top-down mmap area */
    uaddr_t brk_start, brk;     /* program break: [brk_start, brk) */
    uaddr_t stack_top;
    uaddr_t arg_start, arg_end;  /* argv strings, for /proc/<pid>/cmdline */
    uaddr_t env_start, env_end;  /* envp strings, for /proc/<pid>/environ */
};

/** mm_create - empty address space over a new platform address space. NULL + *err. */
struct mm *mm_create(struct memfile *mf, struct platform *p, int *err);
void mm_destroy(struct mm *mm);

/**
 * mm_fork - a copy of @parent for a child process: same layout and bytes.
 * Shared mappings stay one object; private ones become copy-on-write in
 * both (small writable ones are copied at once). NULL + *err on failure.
 */
struct mm *mm_fork(struct mm *parent, int *err);

/** mm_find - the VMA containing @addr, or NULL. */
struct vma *mm_find(struct mm *mm, uaddr_t addr);

/**
 * mm_place - the address mm_map() would give @len bytes, with its checks:
 * @addr itself if @fixed (and free, with @noreplace), else @addr as a hint or
 * the highest free gap below mmap_base. The address or -errno; nothing changes.
 */
int64_t mm_place(struct mm *mm, uaddr_t addr, uint64_t len, int fixed, int noreplace);
/**
 * mm_map - create an anonymous-zero mapping of @len bytes.
 * @addr: hint, or exact when @fixed (existing mappings there are replaced).
 * @noreplace: with @fixed, fail -LINUX_EEXIST instead of replacing.
 * Returns the address, or -LINUX_E* (ENOMEM when no room).
 * The backing is zeroed; the caller may fill it (file mappings) through
 * mm_backing() before the guest runs.
 */
int64_t mm_map(struct mm *mm, uaddr_t addr, uint64_t len, int prot, int flags, int fixed,
               int noreplace, const char *name);

/**
 * mm_forbid_write - clear VM_MAYWRITE on the VMAs of [@addr, @addr+@len): a shared
 * mapping of a file not open for writing, or write-sealed, that mprotect may not
 * make writable.
 */
void mm_forbid_write(struct mm *mm, uaddr_t addr, uint64_t len);

/**
 * mm_map_backing - map [@addr, @addr+@len) (page-aligned, replacing what is
 * there) onto memory-file range @off, whose reference the new VMA takes over;
 * on failure the reference is dropped. 0 or -LINUX_E*.
 */
int mm_map_backing(struct mm *mm, uaddr_t addr, uint64_t len, int prot, int flags, uint64_t off,
                   const char *name);

/**
 * mm_map_platform - record the platform's own mappings (its vDSO, above the
 * guest's range) as VMAs without memory-file backing. 0 or -LINUX_ENOMEM.
 */
int mm_map_platform(struct mm *mm);

/** mm_unmap - remove [@addr, @addr+@len); unmapped holes are fine. 0 or -LINUX_E*. */
int mm_unmap(struct mm *mm, uaddr_t addr, uint64_t len);

/** mm_protect - mprotect semantics; -LINUX_ENOMEM if part of the range is unmapped. */
int mm_protect(struct mm *mm, uaddr_t addr, uint64_t len, int prot);

/** mm_remap - mremap semantics (MREMAP_MAYMOVE, MREMAP_FIXED). Address or -LINUX_E*. */
int64_t mm_remap(struct mm *mm, uaddr_t old, uint64_t oldlen, uint64_t newlen, int flags,
                 uaddr_t newaddr);

/** mm_set_brk - brk(2): move the break; returns the new (or unchanged) break. */
uaddr_t mm_set_brk(struct mm *mm, uaddr_t brk);

/** mm_covered - whether VMAs cover all of [@addr, @end). */
int mm_covered(struct mm *mm, uaddr_t addr, uaddr_t end);

/**
 * mm_advice_range - madvise()'s range check: @addr page-aligned, @len rounded
 * up to pages without wrapping; the end in *@end. 0 or -LINUX_EINVAL.
 */
int mm_advice_range(uaddr_t addr, uint64_t len, uaddr_t *end);
/** mm_discard - MADV_DONTNEED: the range reads back as zeroes. 0 or -LINUX_E*. */
int mm_discard(struct mm *mm, uaddr_t addr, uint64_t len);

/**
 * mm_cow_break - before a store to @addr, give its page (and neighbours in
 * the same VMA, up to a small window) backing nobody else owns, and let the
 * platform map it writable. Any protection: the caller checks the guest's
 * right to write. 0; -LINUX_EFAULT if @addr is not in a copy-on-write VMA;
 * -LINUX_ENOMEM.
 */
int mm_cow_break(struct mm *mm, uaddr_t addr);

/**
 * mm_fault - a guest memory fault at @addr: 0 if it was a store to a
 * copy-on-write page the guest may write, now resolved (run the instruction
 * again); else < 0 and the fault is the guest's.
 */
int mm_fault(struct mm *mm, uaddr_t addr);

/**
 * mm_backing - host pointer to guest [@addr, @addr+@len) if one VMA covers it,
 * else NULL. For reading, or for filling a VMA the caller has just created;
 * stores anywhere else go through usercopy, which breaks copy-on-write.
 */
void *mm_backing(struct mm *mm, uaddr_t addr, uint64_t len);

/**
 * mm_maps_writable - whether a shared, writable VMA of @mm maps any of
 * memory-file bytes [@off, +@len) (mapping_writably_mapped() for one mm).
 */
int mm_maps_writable(const struct mm *mm, uint64_t off, uint64_t len);

/** mm_find_free - lowest-address-first search below mmap_base for @len bytes. 0 if none. */
uaddr_t mm_find_free(struct mm *mm, uint64_t len);

/** mm_format_maps - /proc/self/maps text for @mm into @buf. Returns the length. */
size_t mm_format_maps(struct mm *mm, char *buf, size_t len);

#endif
