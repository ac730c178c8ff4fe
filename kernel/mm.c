/* SPDX-License-Identifier: MIT */
/* kernel/mm.c: VMA bookkeeping over the memory file, kept in step with the platform's mappings. */
#include "mm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../abi/linux.h"
#include "log.h"
#include "memfile.h"
#include "platform.h"

#define PAGE 4096ULL
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))

/* Linux's default vm.mmap_min_addr: the guest can never map page zero. */
#define MM_MIN_ADDR 0x10000ULL

struct mm *mm_create(struct memfile *mf, struct platform *p, int *err)
{
    struct mm *mm = calloc(1, sizeof(*mm));
    if (!mm) {
        *err = -LINUX_ENOMEM;
        return NULL;
    }
    mm->mf = mf;
    mm->platform = p;
    mm->as = p->ops->as_create(p, err);
    if (!mm->as) {
        free(mm);
        return NULL;
    }
    mm->min_addr = MM_MIN_ADDR;
    mm->max_addr = arch_user_max();
    /* The platform's vDSO window sits above every guest mapping. */
    if (p->vdso && p->vdso->base < mm->max_addr)
        mm->max_addr = p->vdso->base;
    return mm;
}

void mm_destroy(struct mm *mm)
{
    if (!mm)
        return;
    for (size_t i = 0; i < mm->nvma; i++)
        if (!mm->vma[i].nobacking)
            memfile_free(mm->mf, mm->vma[i].mf_off, mm->vma[i].end - mm->vma[i].start);
    if (mm->as)
        mm->platform->ops->as_destroy(mm->as);
    free(mm->vma);
    free(mm);
}

/* Index of the first VMA whose end is above @addr (it may start above @addr too). */
static size_t lower_bound(struct mm *mm, uaddr_t addr)
{
    size_t lo = 0, hi = mm->nvma;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (mm->vma[mid].end <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct vma *mm_find(struct mm *mm, uaddr_t addr)
{
    if (mm->hint < mm->nvma) {
        struct vma *v = &mm->vma[mm->hint];
        if (addr >= v->start && addr < v->end)
            return v;
    }
    size_t i = lower_bound(mm, addr);
    if (i < mm->nvma && mm->vma[i].start <= addr) {
        mm->hint = i;
        return &mm->vma[i];
    }
    return NULL;
}

static int insert_at(struct mm *mm, size_t i, const struct vma *v)
{
    if (mm->nvma == mm->capvma) {
        size_t cap = mm->capvma ? mm->capvma * 2 : 32;
        struct vma *n = realloc(mm->vma, cap * sizeof(*n));
        if (!n)
            return -LINUX_ENOMEM;
        mm->vma = n;
        mm->capvma = cap;
    }
    memmove(&mm->vma[i + 1], &mm->vma[i], (mm->nvma - i) * sizeof(*v));
    mm->vma[i] = *v;
    mm->nvma++;
    return 0;
}

static void remove_at(struct mm *mm, size_t i)
{
    memmove(&mm->vma[i], &mm->vma[i + 1], (mm->nvma - i - 1) * sizeof(mm->vma[0]));
    mm->nvma--;
}

/* Split VMA @i at @at (strictly inside it); the upper half becomes @i+1. */
static int split(struct mm *mm, size_t i, uaddr_t at)
{
    struct vma hi = mm->vma[i];
    BUG_ON(at <= hi.start || at >= hi.end || (at & (PAGE - 1)));
    hi.mf_off += at - hi.start;
    hi.start = at;
    int r = insert_at(mm, i + 1, &hi);
    if (r < 0)
        return r;
    mm->vma[i].end = at;
    return 0;
}

/*
 * Make [start, end) VMA-aligned: afterwards no VMA straddles either boundary.
 * Returns the index of the first VMA inside the range.
 */
static int isolate(struct mm *mm, uaddr_t start, uaddr_t end, size_t *first)
{
    size_t i = lower_bound(mm, start);
    if (i < mm->nvma && mm->vma[i].start < start) {
        int r = split(mm, i, start);
        if (r < 0)
            return r;
        i++;
    }
    size_t j = lower_bound(mm, end);
    if (j < mm->nvma && mm->vma[j].start < end) {
        int r = split(mm, j, end);
        if (r < 0)
            return r;
    }
    *first = i;
    return 0;
}

/* Drop the VMAs in [start, end) and their backing; the platform is told by the caller. */
static int drop_range(struct mm *mm, uaddr_t start, uaddr_t end)
{
    size_t i;
    int r = isolate(mm, start, end, &i);
    if (r < 0)
        return r;
    while (i < mm->nvma && mm->vma[i].start < end) {
        if (!mm->vma[i].nobacking)
            memfile_free(mm->mf, mm->vma[i].mf_off, mm->vma[i].end - mm->vma[i].start);
        remove_at(mm, i);
    }
    mm->hint = 0;
    return 0;
}

/* Two neighbours that Linux would keep as one VMA (vma_merge()): same attributes
 * and, here, backing that continues in the memory file. */
static int mergeable(const struct vma *a, const struct vma *b)
{
    return a->end == b->start && a->prot == b->prot && a->flags == b->flags &&
           a->mf_off + (a->end - a->start) == b->mf_off && !strcmp(a->name, b->name);
}

/* Merge compatible neighbours in and around [start, end). */
static void merge_range(struct mm *mm, uaddr_t start, uaddr_t end)
{
    size_t i = lower_bound(mm, start);
    if (i > 0)
        i--;
    while (i + 1 < mm->nvma && mm->vma[i].start <= end) {
        if (mergeable(&mm->vma[i], &mm->vma[i + 1])) {
            mm->vma[i].end = mm->vma[i + 1].end;
            remove_at(mm, i + 1);
        } else {
            i++;
        }
    }
    mm->hint = 0;
}

static int range_free(struct mm *mm, uaddr_t start, uaddr_t end)
{
    size_t i = lower_bound(mm, start);
    return i >= mm->nvma || mm->vma[i].start >= end;
}

uaddr_t mm_find_free(struct mm *mm, uint64_t len)
{
    uaddr_t top = mm->mmap_base;
    if (len > top - mm->min_addr)
        return 0;
    for (size_t i = mm->nvma; i-- > 0;) {
        struct vma *v = &mm->vma[i];
        if (v->start >= top)
            continue;
        if (v->end <= top && top - v->end >= len)
            return top - len;
        top = v->start;
        if (top < mm->min_addr + len)
            return 0;
    }
    return top - mm->min_addr >= len ? top - len : 0;
}

int64_t mm_map(struct mm *mm, uaddr_t addr, uint64_t len, int prot, int flags, int fixed,
               int noreplace, const char *name)
{
    len = PAGE_UP(len);
    if (len == 0 || len > mm->max_addr)
        return -LINUX_ENOMEM;
    if (fixed) {
        if (addr & (PAGE - 1))
            return -LINUX_EINVAL;
        if (addr < mm->min_addr)
            return -LINUX_EPERM;
        if (addr > mm->max_addr - len)
            return -LINUX_ENOMEM;
        if (noreplace && !range_free(mm, addr, addr + len))
            return -LINUX_EEXIST;
    } else {
        addr &= ~(PAGE - 1);
        if (!(addr >= mm->min_addr && addr <= mm->max_addr - len &&
              range_free(mm, addr, addr + len)))
            addr = mm_find_free(mm, len);
        if (!addr)
            return -LINUX_ENOMEM;
    }
    int64_t off = memfile_alloc(mm->mf, len);
    if (off < 0)
        return -LINUX_ENOMEM;
    if (fixed) {
        int r = drop_range(mm, addr, addr + len);
        if (r < 0) {
            memfile_free(mm->mf, (uint64_t)off, len);
            return r;
        }
    }
    struct vma v = {.start = addr, .end = addr + len, .prot = prot, .flags = flags,
                    .mf_off = (uint64_t)off};
    if (name)
        snprintf(v.name, sizeof(v.name), "%s", name);
    int r = insert_at(mm, lower_bound(mm, addr), &v);
    if (r == 0)
        r = mm->platform->ops->as_map(mm->as, addr, len, (uint64_t)off, prot);
    if (r < 0) {
        drop_range(mm, addr, addr + len);
        mm->platform->ops->as_unmap(mm->as, addr, len);
        return r;
    }
    return (int64_t)addr;
}

int mm_map_backing(struct mm *mm, uaddr_t addr, uint64_t len, int prot, int flags, uint64_t off,
                   const char *name)
{
    BUG_ON((addr | len) & (PAGE - 1));
    int r = addr < mm->min_addr || addr > mm->max_addr - len ? -LINUX_ENOMEM : 0;
    if (r == 0)
        r = drop_range(mm, addr, addr + len);
    struct vma v = {.start = addr, .end = addr + len, .prot = prot, .flags = flags, .mf_off = off};
    if (name)
        snprintf(v.name, sizeof(v.name), "%s", name);
    if (r == 0)
        r = insert_at(mm, lower_bound(mm, addr), &v);
    if (r < 0) {
        memfile_free(mm->mf, off, len);
        return r;
    }
    r = mm->platform->ops->as_map(mm->as, addr, len, off, prot);
    if (r < 0) {
        drop_range(mm, addr, addr + len);
        mm->platform->ops->as_unmap(mm->as, addr, len);
    }
    return r;
}

int mm_map_platform(struct mm *mm)
{
    const struct platform_vdso *pv = mm->platform->vdso;
    for (int i = 0; pv && i < pv->nregions; i++) {
        struct vma v = {.start = pv->region[i].start,
                        .end = pv->region[i].start + pv->region[i].len,
                        .prot = pv->region[i].prot,
                        .flags = LINUX_MAP_PRIVATE,
                        .nobacking = 1};
        snprintf(v.name, sizeof(v.name), "%s", pv->region[i].name);
        /* Above max_addr: no guest call can reach it, so only exec and fork add it. */
        BUG_ON(v.start < mm->max_addr || !range_free(mm, v.start, v.end));
        int r = insert_at(mm, lower_bound(mm, v.start), &v);
        if (r < 0)
            return r;
    }
    return 0;
}

int mm_unmap(struct mm *mm, uaddr_t addr, uint64_t len)
{
    /* do_vmi_munmap(): range checks come before page rounding, which could wrap. */
    if ((addr & (PAGE - 1)) || addr > mm->max_addr || len > mm->max_addr - addr)
        return -LINUX_EINVAL;
    len = PAGE_UP(len);
    if (len == 0)
        return -LINUX_EINVAL;
    int r = drop_range(mm, addr, addr + len);
    if (r < 0)
        return r;
    return mm->platform->ops->as_unmap(mm->as, addr, len);
}

/*
 * Private VMA @v gets backing of its own if any of its pages is shared with
 * another address space (fork and the exec image cache share the ranges of
 * VMAs nobody can write). Called before such a VMA could be written: made
 * writable, or discarded. Shared mappings stay shared. 0 or -LINUX_E*.
 */
static int unshare(struct mm *mm, struct vma *v)
{
    uint64_t len = v->end - v->start;
    if ((v->flags & LINUX_MAP_TYPE) == LINUX_MAP_SHARED ||
        !memfile_is_shared(mm->mf, v->mf_off, len))
        return 0;
    int64_t off = memfile_alloc(mm->mf, len);
    if (off < 0)
        return -LINUX_ENOMEM;
    memfile_copy(mm->mf, (uint64_t)off, v->mf_off, len);
    int r = mm->platform->ops->as_map(mm->as, v->start, len, (uint64_t)off, v->prot);
    if (r < 0) {
        memfile_free(mm->mf, (uint64_t)off, len);
        return r;
    }
    memfile_free(mm->mf, v->mf_off, len);
    v->mf_off = (uint64_t)off;
    return 0;
}

int mm_protect(struct mm *mm, uaddr_t addr, uint64_t len, int prot)
{
    if (addr & (PAGE - 1))
        return -LINUX_EINVAL;
    if (len == 0)
        return 0;
    /* do_mprotect_pkey(): a length that rounds past the end wraps, and end <= start. */
    len = PAGE_UP(len);
    if (len == 0 || addr + len <= addr || addr + len > mm->max_addr)
        return -LINUX_ENOMEM;
    /* Linux requires the whole range to be mapped, without holes. */
    uaddr_t cur = addr;
    for (size_t i = lower_bound(mm, addr); cur < addr + len; i++) {
        if (i >= mm->nvma || mm->vma[i].start > cur)
            return -LINUX_ENOMEM;
        cur = mm->vma[i].end;
    }
    size_t i;
    int r = isolate(mm, addr, addr + len, &i);
    if (r < 0)
        return r;
    for (; i < mm->nvma && mm->vma[i].start < addr + len; i++) {
        if ((prot & LINUX_PROT_WRITE) && (r = unshare(mm, &mm->vma[i])) < 0)
            return r;
        mm->vma[i].prot = prot;
    }
    merge_range(mm, addr, addr + len);
    return mm->platform->ops->as_protect(mm->as, addr, len, prot);
}

/* Extend the VMA that ends at @end by @grow bytes, in place, if its backing can grow. */
static int grow_in_place(struct mm *mm, uaddr_t end, uint64_t grow)
{
    struct vma *v = mm_find(mm, end - 1);
    if (!v || v->end != end || !range_free(mm, end, end + grow) || end + grow > mm->max_addr)
        return -LINUX_ENOMEM;
    uint64_t vlen = v->end - v->start;
    if (memfile_extend(mm->mf, v->mf_off, vlen, vlen + grow) < 0) {
        /* Backing cannot grow: an adjacent VMA with its own backing does as well. */
        int64_t r = mm_map(mm, end, grow, v->prot, v->flags, 1, 1, v->name);
        return r < 0 ? (int)r : 0;
    }
    v->end += grow;
    int r = mm->platform->ops->as_map(mm->as, end, grow, v->mf_off + vlen, v->prot);
    if (r < 0) {
        v->end -= grow;
        memfile_free(mm->mf, v->mf_off + vlen, grow);
    }
    return r;
}

int64_t mm_remap(struct mm *mm, uaddr_t old, uint64_t oldlen, uint64_t newlen, int flags,
                 uaddr_t newaddr)
{
    if ((old & (PAGE - 1)) || (flags & ~(LINUX_MREMAP_MAYMOVE | LINUX_MREMAP_FIXED)))
        return -LINUX_EINVAL;
    if ((flags & LINUX_MREMAP_FIXED) && !(flags & LINUX_MREMAP_MAYMOVE))
        return -LINUX_EINVAL;
    oldlen = PAGE_UP(oldlen);
    newlen = PAGE_UP(newlen);
    if (newlen == 0)
        return -LINUX_EINVAL;
    struct vma *v = mm_find(mm, old);
    if (!v || oldlen == 0 || old + oldlen > v->end)
        return -LINUX_EFAULT;
    if (!(flags & LINUX_MREMAP_FIXED)) {
        if (newlen <= oldlen) {
            if (newlen < oldlen) {
                int r = mm_unmap(mm, old + newlen, oldlen - newlen);
                if (r < 0)
                    return r;
            }
            return (int64_t)old;
        }
        if (old + oldlen == v->end && grow_in_place(mm, old + oldlen, newlen - oldlen) == 0)
            return (int64_t)old;
        if (!(flags & LINUX_MREMAP_MAYMOVE))
            return -LINUX_ENOMEM;
        newaddr = 0;
    } else if ((newaddr & (PAGE - 1)) || (newaddr < old + oldlen && old < newaddr + newlen)) {
        return -LINUX_EINVAL;
    }
    /* Move: new backing, copy the bytes, drop the old range. grow_in_place() may
     * have reallocated the VMA array, so look the VMA up again. */
    v = mm_find(mm, old);
    BUG_ON(!v);
    struct vma copy = *v;
    int64_t dst = mm_map(mm, newaddr, newlen, copy.prot, copy.flags,
                         (flags & LINUX_MREMAP_FIXED) != 0, 0, copy.name);
    if (dst < 0)
        return dst;
    v = mm_find(mm, old);
    BUG_ON(!v);
    memcpy(mm_backing(mm, (uaddr_t)dst, newlen < oldlen ? newlen : oldlen),
           memfile_ptr(mm->mf, v->mf_off + (old - v->start)), newlen < oldlen ? newlen : oldlen);
    int r = mm_unmap(mm, old, oldlen);
    BUG_ON(r < 0 && r != -LINUX_ENOMEM);
    return dst;
}

uaddr_t mm_set_brk(struct mm *mm, uaddr_t brk)
{
    if (brk < mm->brk_start || brk >= mm->mmap_base)
        return mm->brk;
    uaddr_t old_end = PAGE_UP(mm->brk), new_end = PAGE_UP(brk);
    if (new_end > old_end) {
        if (!range_free(mm, old_end, new_end))
            return mm->brk;
        int r;
        if (old_end > mm->brk_start)
            r = grow_in_place(mm, old_end, new_end - old_end);
        else
            r = (int)mm_map(mm, old_end, new_end - old_end, LINUX_PROT_READ | LINUX_PROT_WRITE,
                            LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS, 1, 1, "[heap]");
        if (r < 0)
            return mm->brk;
    } else if (new_end < old_end) {
        if (mm_unmap(mm, new_end, old_end - new_end) < 0)
            return mm->brk;
    }
    mm->brk = brk;
    return brk;
}

void *mm_backing(struct mm *mm, uaddr_t addr, uint64_t len)
{
    struct vma *v = mm_find(mm, addr);
    if (!v || v->nobacking || len > v->end - addr)
        return NULL;
    return memfile_ptr(mm->mf, v->mf_off + (addr - v->start));
}

size_t mm_format_maps(struct mm *mm, char *buf, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < mm->nvma && n < len; i++) {
        struct vma *v = &mm->vma[i];
        int w = snprintf(buf + n, len - n, "%08llx-%08llx %c%c%c%c 00000000 00:00 0 %s%s\n",
                         (unsigned long long)v->start, (unsigned long long)v->end,
                         v->prot & LINUX_PROT_READ ? 'r' : '-',
                         v->prot & LINUX_PROT_WRITE ? 'w' : '-',
                         v->prot & LINUX_PROT_EXEC ? 'x' : '-',
                         (v->flags & LINUX_MAP_TYPE) == LINUX_MAP_SHARED ? 's' : 'p',
                         v->name[0] ? "                          " : "", v->name);
        if (w < 0)
            break;
        n += (size_t)w < len - n ? (size_t)w : len - n - 1;
    }
    return n;
}

int mm_discard(struct mm *mm, uaddr_t addr, uint64_t len)
{
    /* madvise(): a length that rounds to zero or wraps is EINVAL (mm/madvise.c). */
    if (addr & (PAGE - 1))
        return -LINUX_EINVAL;
    uint64_t rounded = PAGE_UP(len);
    if (len && !rounded)
        return -LINUX_EINVAL;
    uaddr_t end = addr + rounded;
    if (end < addr)
        return -LINUX_EINVAL;
    int hole = 0;
    uaddr_t cur = addr;
    for (size_t i = lower_bound(mm, addr); i < mm->nvma && mm->vma[i].start < end; i++) {
        struct vma *v = &mm->vma[i];
        if (v->start > cur)
            hole = 1;
        uaddr_t s = cur > v->start ? cur : v->start, e = end < v->end ? end : v->end;
        cur = e;
        /* A shared mapping keeps its data (the pages stay in the shared object). */
        if ((v->flags & LINUX_MAP_TYPE) == LINUX_MAP_SHARED)
            continue;
        /* Punching the memory file zeroes the pages for every mapping of it. */
        int r = unshare(mm, v);
        if (r < 0)
            return r;
        fallocate(mm->mf->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                  (off_t)(v->mf_off + (s - v->start)), (off_t)(e - s));
    }
    /* Linux still advises every mapped part, then reports the hole as ENOMEM. */
    return hole || cur < end ? -LINUX_ENOMEM : 0;
}

struct mm *mm_fork(struct mm *parent, int *err)
{
    struct mm *mm = mm_create(parent->mf, parent->platform, err);
    if (!mm)
        return NULL;
    mm->min_addr = parent->min_addr;
    mm->max_addr = parent->max_addr;
    mm->mmap_base = parent->mmap_base;
    mm->brk_start = parent->brk_start;
    mm->brk = parent->brk;
    mm->stack_top = parent->stack_top;
    for (size_t i = 0; i < parent->nvma; i++) {
        struct vma v = parent->vma[i];
        uint64_t len = v.end - v.start;
        if (v.nobacking) { /* the platform gives every address space its own */
            int r = insert_at(mm, mm->nvma, &v);
            if (r < 0) {
                *err = r;
                mm_destroy(mm);
                return NULL;
            }
            continue;
        }
        /*
         * Shared mappings are shared with the child, as in Linux. So are private
         * ones nobody can write (text, read-only data): unshare() copies them if
         * mprotect() makes one writable. Writable private memory is copied now:
         * the backing is one range per VMA, so there is no per-page copy-on-write.
         */
        if ((v.flags & LINUX_MAP_TYPE) == LINUX_MAP_SHARED || !(v.prot & LINUX_PROT_WRITE)) {
            if (memfile_share(mm->mf, v.mf_off, len) < 0) {
                *err = -LINUX_ENOMEM;
                mm_destroy(mm);
                return NULL;
            }
        } else {
            int64_t off = memfile_alloc(mm->mf, len);
            if (off < 0) {
                *err = -LINUX_ENOMEM;
                mm_destroy(mm);
                return NULL;
            }
            memfile_copy(mm->mf, (uint64_t)off, v.mf_off, len);
            v.mf_off = (uint64_t)off;
        }
        int r = insert_at(mm, mm->nvma, &v);
        if (r == 0)
            r = mm->platform->ops->as_map(mm->as, v.start, len, v.mf_off, v.prot);
        if (r < 0) {
            if (mm->nvma == 0 || mm->vma[mm->nvma - 1].mf_off != v.mf_off)
                memfile_free(mm->mf, v.mf_off, len);
            *err = r;
            mm_destroy(mm);
            return NULL;
        }
    }
    return mm;
}
