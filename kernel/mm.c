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

/*
 * Pages one copy-on-write fault copies at once (aligned, within the VMA). A
 * fault costs a host round trip on ptrace and a VM exit on kvm, far more than
 * copying a page, and a process that writes one page usually writes its
 * neighbours. Pages never touched are holes in the memory file and stay so.
 */
#define COW_WINDOW (16 * PAGE)

/*
 * Writable private VMAs holding at most this much data (pages ever touched)
 * are copied at fork instead: a copy this size costs less than the fault or
 * two that copy-on-write would take (a stack's top, .data, a small heap).
 */
#define FORK_COPY_MAX (32 * PAGE)

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
           a->cow == b->cow && a->nomaywrite == b->nomaywrite && !a->nobacking && !b->nobacking &&
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

/* Neighbours that are one VMA to the guest: copy-on-write splits, or backing
 * that did not continue (Linux would have merged them). */
static int same_to_guest(const struct vma *a, const struct vma *b)
{
    return a->end == b->start && a->prot == b->prot && a->flags == b->flags &&
           a->nobacking == b->nobacking && a->nomaywrite == b->nomaywrite &&
           !strcmp(a->name, b->name);
}

/* The end of the VMA the guest sees around mm->vma[@i]. */
static uaddr_t guest_vma_end(struct mm *mm, size_t i)
{
    while (i + 1 < mm->nvma && same_to_guest(&mm->vma[i], &mm->vma[i + 1]))
        i++;
    return mm->vma[i].end;
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

int64_t mm_place(struct mm *mm, uaddr_t addr, uint64_t len, int fixed, int noreplace)
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
        return (int64_t)addr;
    }
    addr &= ~(PAGE - 1);
    if (!(addr >= mm->min_addr && addr <= mm->max_addr - len && range_free(mm, addr, addr + len)))
        addr = mm_find_free(mm, len);
    return addr ? (int64_t)addr : -LINUX_ENOMEM;
}

int64_t mm_map(struct mm *mm, uaddr_t addr, uint64_t len, int prot, int flags, int fixed,
               int noreplace, const char *name)
{
    int64_t at = mm_place(mm, addr, len, fixed, noreplace);
    if (at < 0)
        return at;
    addr = (uaddr_t)at;
    len = PAGE_UP(len);
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

void mm_forbid_write(struct mm *mm, uaddr_t addr, uint64_t len)
{
    for (size_t i = lower_bound(mm, addr); i < mm->nvma && mm->vma[i].start < addr + len; i++)
        if (mm->vma[i].end > addr)
            mm->vma[i].nomaywrite = 1;
    merge_range(mm, addr, addr + len);
}

int mm_map_backing(struct mm *mm, uaddr_t addr, uint64_t len, int prot, int flags, uint64_t off,
                   const char *name)
{
    BUG_ON((addr | len) & (PAGE - 1));
    int r = addr < mm->min_addr || addr > mm->max_addr - len ? -LINUX_ENOMEM : 0;
    if (r == 0)
        r = drop_range(mm, addr, addr + len);
    struct vma v = {.start = addr, .end = addr + len, .prot = prot, .flags = flags, .mf_off = off};
    v.cow = (flags & LINUX_MAP_TYPE) != LINUX_MAP_SHARED && memfile_is_shared(mm->mf, off, len);
    if (name)
        snprintf(v.name, sizeof(v.name), "%s", name);
    if (r == 0)
        r = insert_at(mm, lower_bound(mm, addr), &v);
    if (r < 0) {
        memfile_free(mm->mf, off, len);
        return r;
    }
    r = mm->platform->ops->as_map(mm->as, addr, len, off, vma_platform_prot(&v));
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
    /* mprotect_fixup(): write permission that the mapping may never have. */
    for (size_t i = lower_bound(mm, addr); (prot & LINUX_PROT_WRITE) && i < mm->nvma &&
                                           mm->vma[i].start < addr + len;
         i++)
        if (mm->vma[i].nomaywrite)
            return -LINUX_EACCES;
    size_t i;
    int r = isolate(mm, addr, addr + len, &i);
    if (r < 0)
        return r;
    int any_cow = 0;
    for (; i < mm->nvma && mm->vma[i].start < addr + len; i++) {
        struct vma *v = &mm->vma[i];
        v->prot = prot;
        /* Backing that nobody else owns any more needs no copy before a store. */
        if (v->cow && !memfile_is_shared(mm->mf, v->mf_off, v->end - v->start))
            v->cow = 0;
        any_cow |= v->cow;
    }
    merge_range(mm, addr, addr + len);
    if (!any_cow || !(prot & LINUX_PROT_WRITE))
        return mm->platform->ops->as_protect(mm->as, addr, len, prot);
    /* Copy-on-write parts stay read-only for the platform until written. */
    for (i = lower_bound(mm, addr); i < mm->nvma && mm->vma[i].start < addr + len; i++) {
        struct vma *v = &mm->vma[i];
        uaddr_t s = v->start > addr ? v->start : addr;
        uaddr_t e = v->end < addr + len ? v->end : addr + len;
        if ((r = mm->platform->ops->as_protect(mm->as, s, e - s, vma_platform_prot(v))) < 0)
            return r;
    }
    return 0;
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
    int r = mm->platform->ops->as_map(mm->as, end, grow, v->mf_off + vlen, vma_platform_prot(v));
    if (r < 0) {
        v->end -= grow;
        memfile_free(mm->mf, v->mf_off + vlen, grow);
    }
    return r;
}

/* Copy guest [@src, +@n) (mapped; maybe several VMAs) into the new VMA at @dst. */
static void copy_into_fresh(struct mm *mm, uaddr_t dst, uaddr_t src, uint64_t n)
{
    struct vma *d = mm_find(mm, dst);
    BUG_ON(!d || d->nobacking || n > d->end - dst);
    uint64_t doff = d->mf_off + (dst - d->start);
    for (uint64_t done = 0; done < n;) {
        struct vma *v = mm_find(mm, src + done);
        BUG_ON(!v || v->nobacking);
        uint64_t c = v->end - (src + done);
        if (c > n - done)
            c = n - done;
        memfile_copy(mm->mf, doff + done, v->mf_off + (src + done - v->start), c);
        done += c;
    }
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
    if (!v || oldlen == 0 || old + oldlen > guest_vma_end(mm, (size_t)(v - mm->vma)))
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
        if (old + oldlen == guest_vma_end(mm, (size_t)(v - mm->vma)) &&
            grow_in_place(mm, old + oldlen, newlen - oldlen) == 0)
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
    copy_into_fresh(mm, (uaddr_t)dst, old, newlen < oldlen ? newlen : oldlen);
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
        uaddr_t end = guest_vma_end(mm, i);
        while (mm->vma[i].end != end) /* one line for what the guest sees as one VMA */
            i++;
        int w = snprintf(buf + n, len - n, "%08llx-%08llx %c%c%c%c 00000000 00:00 0 %s%s\n",
                         (unsigned long long)v->start, (unsigned long long)end,
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

/* Give [@s, @e) (inside one private VMA) fresh zeroed backing of its own. */
static int fresh_backing(struct mm *mm, uaddr_t s, uaddr_t e)
{
    size_t i;
    int r = isolate(mm, s, e, &i);
    if (r < 0)
        return r;
    struct vma *v = &mm->vma[i];
    BUG_ON(v->start != s || v->end != e);
    int64_t off = memfile_alloc(mm->mf, e - s);
    if (off < 0)
        return -LINUX_ENOMEM;
    r = mm->platform->ops->as_map(mm->as, s, e - s, (uint64_t)off, v->prot);
    if (r < 0) {
        memfile_free(mm->mf, (uint64_t)off, e - s);
        return r;
    }
    memfile_free(mm->mf, v->mf_off, e - s);
    v->mf_off = (uint64_t)off;
    v->cow = 0;
    merge_range(mm, s, e);
    return 0;
}

int mm_maps_writable(const struct mm *mm, uint64_t off, uint64_t len)
{
    for (size_t i = 0; i < mm->nvma; i++) {
        const struct vma *v = &mm->vma[i];
        if ((v->flags & LINUX_MAP_TYPE) == LINUX_MAP_SHARED && (v->prot & LINUX_PROT_WRITE) &&
            !v->nobacking && v->mf_off < off + len && off < v->mf_off + (v->end - v->start))
            return 1;
    }
    return 0;
}

int mm_covered(struct mm *mm, uaddr_t addr, uaddr_t end)
{
    for (uaddr_t cur = addr; cur < end;) {
        size_t i = lower_bound(mm, cur);
        if (i >= mm->nvma || mm->vma[i].start > cur)
            return 0;
        cur = mm->vma[i].end;
    }
    return 1;
}

int mm_advice_range(uaddr_t addr, uint64_t len, uaddr_t *end)
{
    /* mm/madvise.c: an unaligned start, or a length that rounds to zero or wraps. */
    if (addr & (PAGE - 1))
        return -LINUX_EINVAL;
    uint64_t rounded = PAGE_UP(len);
    if ((len && !rounded) || addr + rounded < addr)
        return -LINUX_EINVAL;
    *end = addr + rounded;
    return 0;
}

int mm_discard(struct mm *mm, uaddr_t addr, uint64_t len)
{
    uaddr_t end;
    if (mm_advice_range(addr, len, &end) < 0)
        return -LINUX_EINVAL;
    int hole = 0;
    uaddr_t cur = addr;
    while (cur < end) {
        size_t i = lower_bound(mm, cur);
        if (i >= mm->nvma || mm->vma[i].start >= end)
            break;
        struct vma *v = &mm->vma[i];
        if (v->start > cur)
            hole = 1;
        uaddr_t s = cur > v->start ? cur : v->start, e = end < v->end ? end : v->end;
        cur = e;
        /* A shared mapping keeps its data (the pages stay in the shared object). */
        if ((v->flags & LINUX_MAP_TYPE) == LINUX_MAP_SHARED || v->nobacking)
            continue;
        uint64_t off = v->mf_off + (s - v->start);
        /* Punching would zero the pages for every owner: others keep theirs. */
        if (memfile_is_shared(mm->mf, off, e - s)) {
            int r = fresh_backing(mm, s, e);
            if (r < 0)
                return r;
            continue;
        }
        fallocate(mm->mf->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off,
                  (off_t)(e - s));
    }
    /* Linux still advises every mapped part, then reports the hole as ENOMEM. */
    return hole || cur < end ? -LINUX_ENOMEM : 0;
}

int mm_cow_break(struct mm *mm, uaddr_t addr)
{
    struct vma *v = mm_find(mm, addr);
    if (!v || !v->cow)
        return -LINUX_EFAULT;
    const struct platform_ops *ops = mm->platform->ops;
    int r;
    /* Nobody else owns any of it any more: then every such part of the VMA
     * the guest sees becomes writable at once (the other owner exited). */
    if (!memfile_is_shared(mm->mf, v->mf_off, v->end - v->start)) {
        size_t i = (size_t)(v - mm->vma);
        while (i > 0 && same_to_guest(&mm->vma[i - 1], &mm->vma[i]))
            i--;
        uaddr_t gs = mm->vma[i].start, ge = guest_vma_end(mm, i);
        for (; i < mm->nvma && mm->vma[i].start < ge; i++) {
            struct vma *w = &mm->vma[i];
            if (!w->cow || memfile_is_shared(mm->mf, w->mf_off, w->end - w->start))
                continue;
            if ((r = ops->as_protect(mm->as, w->start, w->end - w->start, w->prot)) < 0)
                return r;
            w->cow = 0;
        }
        merge_range(mm, gs, ge);
        return 0;
    }
    uaddr_t ws = addr & ~(COW_WINDOW - 1), we = ws + COW_WINDOW;
    ws = ws > v->start ? ws : v->start;
    we = we < v->end ? we : v->end;
    size_t i;
    if ((r = isolate(mm, ws, we, &i)) < 0)
        return r;
    v = &mm->vma[i];
    uint64_t len = we - ws;
    if (memfile_is_shared(mm->mf, v->mf_off, len)) {
        /* Continue the left neighbour's own backing when it can grow, so
         * that a run of written pages stays one VMA. */
        struct vma *l = i > 0 ? &mm->vma[i - 1] : NULL;
        uint64_t off;
        if (l && !l->cow && same_to_guest(l, v) &&
            memfile_extend(mm->mf, l->mf_off, l->end - l->start, l->end - l->start + len) == 0) {
            off = l->mf_off + (l->end - l->start);
        } else {
            int64_t o = memfile_alloc(mm->mf, len);
            if (o < 0)
                return -LINUX_ENOMEM;
            off = (uint64_t)o;
        }
        memfile_copy(mm->mf, off, v->mf_off, len);
        if ((r = ops->as_map(mm->as, ws, len, off, v->prot)) < 0) {
            memfile_free(mm->mf, off, len);
            return r;
        }
        memfile_free(mm->mf, v->mf_off, len);
        v->mf_off = off;
    } else if ((r = ops->as_protect(mm->as, ws, len, v->prot)) < 0) {
        return r;
    }
    v->cow = 0;
    merge_range(mm, ws, we);
    return 0;
}

int mm_fault(struct mm *mm, uaddr_t addr)
{
    struct vma *v = mm_find(mm, addr);
    if (!v || !v->cow || !(v->prot & LINUX_PROT_WRITE))
        return -LINUX_EFAULT;
    return mm_cow_break(mm, addr);
}

/*
 * Whether fork should copy the writable private VMA the guest sees from
 * parent->vma[@i] on: none of it copy-on-write already, and at most
 * FORK_COPY_MAX bytes of it ever written.
 */
static int small_for_copy(struct mm *parent, size_t i)
{
    uaddr_t ge = guest_vma_end(parent, i);
    uint64_t n = 0;
    for (; i < parent->nvma && parent->vma[i].start < ge; i++) {
        const struct vma *v = &parent->vma[i];
        if (v->cow)
            return 0;
        n += memfile_resident(parent->mf, v->mf_off, v->end - v->start, FORK_COPY_MAX - n);
        if (n > FORK_COPY_MAX)
            return 0;
    }
    return 1;
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
    int merge_pending = 0, copy = 0;
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
         * Shared mappings are one object for both, as in Linux. Private ones
         * become copy-on-write in both, except small writable ones, which
         * are copied now: their first store would fault at once anyway.
         */
        int shared = (v.flags & LINUX_MAP_TYPE) == LINUX_MAP_SHARED;
        int first = i == 0 || !same_to_guest(&parent->vma[i - 1], &parent->vma[i]);
        if (first)
            copy = !shared && (v.prot & LINUX_PROT_WRITE) && small_for_copy(parent, i);
        int r = -LINUX_ENOMEM, owned = 0; /* owned: the child holds a reference to v's backing */
        if (copy) {
            int64_t off = memfile_alloc(mm->mf, len);
            if (off >= 0) {
                memfile_copy(mm->mf, (uint64_t)off, v.mf_off, len);
                v.mf_off = (uint64_t)off;
                r = 0;
            }
            v.cow = 0;
        } else {
            if (memfile_share(mm->mf, v.mf_off, len) == 0)
                r = 0;
            v.cow = !shared;
        }
        owned = r == 0;
        /* The parent stops writing the pages it now shares: one call for all of
         * a guest VMA's parts (protection does not care about their backing). */
        if (r == 0 && v.cow && first && (v.prot & LINUX_PROT_WRITE)) {
            uaddr_t ge = guest_vma_end(parent, i);
            r = parent->platform->ops->as_protect(parent->as, v.start, ge - v.start,
                                                  v.prot & ~LINUX_PROT_WRITE);
        }
        if (r == 0 && v.cow && !parent->vma[i].cow) {
            parent->vma[i].cow = 1;
            merge_pending = 1;
        }
        if (r < 0) {
            if (owned)
                memfile_free(mm->mf, v.mf_off, len);
            *err = r;
            mm_destroy(mm);
            return NULL;
        }
        r = insert_at(mm, mm->nvma, &v);
        if (r == 0)
            r = mm->platform->ops->as_map(mm->as, v.start, len, v.mf_off, vma_platform_prot(&v));
        if (r < 0) {
            if (mm->nvma == 0 || mm->vma[mm->nvma - 1].start != v.start)
                memfile_free(mm->mf, v.mf_off, len);
            *err = r;
            mm_destroy(mm);
            return NULL;
        }
    }
    /* Parent VMAs that differed only in being copy-on-write may be one now. */
    if (merge_pending)
        merge_range(parent, 0, ~(uaddr_t)0);
    return mm;
}
