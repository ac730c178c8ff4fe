/* SPDX-License-Identifier: MIT */
/* kernel/memfile.c: memfd creation and a first-fit extent allocator over it. */
#include "memfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "log.h"

#define PAGE 4096ULL

/* Make room for @need elements of @size bytes in *@arr (capacity *@cap, doubling). 0 or -ENOMEM. */
static int grow_array(void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 32;
    while (n < need)
        n *= 2;
    void *p = realloc(*arr, n * size);
    if (!p)
        return -ENOMEM;
    *arr = p;
    *cap = n;
    return 0;
}

static int ensure_cap(struct memfile *mf)
{
    return grow_array((void **)&mf->free, &mf->capfree, mf->nfree + 1, sizeof(mf->free[0]));
}

int memfile_init(struct memfile *mf, uint64_t size)
{
    static uint64_t next_id;
    memset(mf, 0, sizeof(*mf));
    mf->id = __atomic_add_fetch(&next_id, 1, __ATOMIC_RELAXED);
    mf->fd = memfd_create("ringfence-memory", MFD_CLOEXEC);
    if (mf->fd < 0)
        return -errno;
    if (ftruncate(mf->fd, (off_t)size) < 0)
        goto err;
    /* NORESERVE: the file is sparse; only touched pages cost memory. */
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, mf->fd, 0);
    if (p == MAP_FAILED)
        goto err;
    mf->base = p;
    mf->size = size;
    if (ensure_cap(mf) < 0) {
        errno = ENOMEM;
        goto err;
    }
    /* Offset 0 is never handed out, so 0 can mean "no backing" in callers. */
    mf->free[0] = (struct mf_extent){PAGE, size - PAGE};
    mf->nfree = 1;
    return 0;
err:;
    int e = -errno;
    if (mf->base)
        munmap(mf->base, size);
    close(mf->fd);
    mf->fd = -1;
    return e;
}

void memfile_fini(struct memfile *mf)
{
    if (mf->base)
        munmap(mf->base, mf->size);
    if (mf->fd >= 0)
        close(mf->fd);
    free(mf->free);
    free(mf->shared);
    memset(mf, 0, sizeof(*mf));
    mf->fd = -1;
}

int64_t memfile_alloc(struct memfile *mf, uint64_t len)
{
    BUG_ON(len == 0 || (len & (PAGE - 1)));
    for (size_t i = 0; i < mf->nfree; i++) {
        struct mf_extent *e = &mf->free[i];
        if (e->len < len)
            continue;
        uint64_t off = e->off;
        e->off += len;
        e->len -= len;
        if (e->len == 0) {
            memmove(e, e + 1, (mf->nfree - i - 1) * sizeof(*e));
            mf->nfree--;
        }
        mf->allocated += len;
        return (int64_t)off;
    }
    return -ENOMEM;
}

int memfile_extend(struct memfile *mf, uint64_t off, uint64_t len, uint64_t newlen)
{
    uint64_t end = off + len, grow = newlen - len;
    BUG_ON(newlen < len || (grow & (PAGE - 1)));
    for (size_t i = 0; i < mf->nfree; i++) {
        struct mf_extent *e = &mf->free[i];
        if (e->off != end)
            continue;
        if (e->len < grow)
            return -ENOMEM;
        e->off += grow;
        e->len -= grow;
        if (e->len == 0) {
            memmove(e, e + 1, (mf->nfree - i - 1) * sizeof(*e));
            mf->nfree--;
        }
        mf->allocated += grow;
        return 0;
    }
    return -ENOMEM;
}

/* Return [@off, @off+@len), which nobody else references, to the free list. */
static void release(struct memfile *mf, uint64_t off, uint64_t len)
{
    if (len == 0)
        return;
    BUG_ON((off | len) & (PAGE - 1));
    BUG_ON(off + len > mf->size || len > mf->allocated);
    /* Give the pages back to the host; the range reads as zeroes again. */
    fallocate(mf->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len);
    mf->allocated -= len;

    size_t i = 0;
    while (i < mf->nfree && mf->free[i].off < off)
        i++;
    BUG_ON(i < mf->nfree && off + len > mf->free[i].off);           /* double free */
    BUG_ON(i > 0 && mf->free[i - 1].off + mf->free[i - 1].len > off); /* double free */
    int merge_prev = i > 0 && mf->free[i - 1].off + mf->free[i - 1].len == off;
    int merge_next = i < mf->nfree && off + len == mf->free[i].off;
    if (merge_prev && merge_next) {
        mf->free[i - 1].len += len + mf->free[i].len;
        memmove(&mf->free[i], &mf->free[i + 1], (mf->nfree - i - 1) * sizeof(mf->free[0]));
        mf->nfree--;
    } else if (merge_prev) {
        mf->free[i - 1].len += len;
    } else if (merge_next) {
        mf->free[i].off = off;
        mf->free[i].len += len;
    } else {
        /* An allocation failure here would leak address space in the file, not memory. */
        if (ensure_cap(mf) < 0) {
            log_warn("memfile: extent table full; %llu bytes not reused",
                     (unsigned long long)len);
            return;
        }
        memmove(&mf->free[i + 1], &mf->free[i], (mf->nfree - i) * sizeof(mf->free[0]));
        mf->free[i] = (struct mf_extent){off, len};
        mf->nfree++;
    }
}

/*
 * Shared ranges. A range handed out by memfile_alloc() has one owner; each
 * memfile_share() adds one more over a subrange. mf->shared lists, sorted and
 * non-overlapping, the subranges with extra owners and how many; a page in no
 * entry has exactly one. memfile_free() drops one owner per page and releases
 * only the pages whose last owner it was.
 */
static int shared_cap(struct memfile *mf, size_t more)
{
    return grow_array((void **)&mf->shared, &mf->capshared, mf->nshared + more,
                      sizeof(mf->shared[0]));
}

/* Index of the first entry ending above @pos. */
static size_t shared_lower(const struct memfile *mf, uint64_t pos)
{
    size_t lo = 0, hi = mf->nshared;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (mf->shared[mid].off + mf->shared[mid].len <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void shared_insert(struct memfile *mf, size_t i, struct mf_shared e)
{
    memmove(&mf->shared[i + 1], &mf->shared[i], (mf->nshared - i) * sizeof(e));
    mf->shared[i] = e;
    mf->nshared++;
}

static void shared_remove(struct memfile *mf, size_t i)
{
    memmove(&mf->shared[i], &mf->shared[i + 1], (mf->nshared - i - 1) * sizeof(mf->shared[0]));
    mf->nshared--;
}

/* No entry straddles @pos afterwards (room for one more entry is reserved by the caller). */
static void shared_split(struct memfile *mf, uint64_t pos)
{
    size_t i = shared_lower(mf, pos);
    if (i == mf->nshared || mf->shared[i].off >= pos)
        return;
    struct mf_shared hi = mf->shared[i];
    hi.len = hi.off + hi.len - pos;
    hi.off = pos;
    mf->shared[i].len = pos - mf->shared[i].off;
    shared_insert(mf, i + 1, hi);
}

int memfile_share(struct memfile *mf, uint64_t off, uint64_t len)
{
    BUG_ON((off | len) & (PAGE - 1));
    if (len == 0)
        return 0;
    /* Worst case: two splits plus one new entry per gap between existing ones. */
    size_t i = shared_lower(mf, off), n = 0;
    for (size_t j = i; j < mf->nshared && mf->shared[j].off < off + len; j++)
        n++;
    if (shared_cap(mf, 2 * n + 3) < 0)
        return -ENOMEM;
    shared_split(mf, off);
    shared_split(mf, off + len);
    uint64_t pos = off;
    i = shared_lower(mf, off);
    while (pos < off + len) {
        if (i < mf->nshared && mf->shared[i].off == pos) {
            mf->shared[i].extra++;
            pos += mf->shared[i].len;
            i++;
            continue;
        }
        uint64_t next = i < mf->nshared && mf->shared[i].off < off + len ? mf->shared[i].off
                                                                         : off + len;
        shared_insert(mf, i, (struct mf_shared){pos, next - pos, 1});
        pos = next;
        i++;
    }
    return 0;
}

int memfile_is_shared(const struct memfile *mf, uint64_t off, uint64_t len)
{
    size_t i = shared_lower(mf, off);
    return i < mf->nshared && mf->shared[i].off < off + len;
}

void memfile_free(struct memfile *mf, uint64_t off, uint64_t len)
{
    if (len == 0)
        return;
    size_t i = shared_lower(mf, off);
    if (i == mf->nshared || mf->shared[i].off >= off + len) {
        release(mf, off, len); /* the common case: one owner throughout */
        return;
    }
    /* Splitting needs at most two more entries; without them, keep the pages (a leak, not a fault). */
    if (shared_cap(mf, 2) < 0) {
        log_warn("memfile: sharing table full; %llu bytes not released", (unsigned long long)len);
        return;
    }
    shared_split(mf, off);
    shared_split(mf, off + len);
    uint64_t pos = off;
    i = shared_lower(mf, off);
    while (pos < off + len) {
        if (i < mf->nshared && mf->shared[i].off == pos) {
            pos += mf->shared[i].len;
            if (--mf->shared[i].extra == 0)
                shared_remove(mf, i);
            else
                i++;
            continue;
        }
        uint64_t next = i < mf->nshared && mf->shared[i].off < off + len ? mf->shared[i].off
                                                                         : off + len;
        release(mf, pos, next - pos);
        pos = next;
    }
}

/*
 * Copy [src, src+len) of the memory file to dst, skipping holes: the file is
 * sparse, so only pages ever touched cost a copy.
 */
/*
 * The next run of pages holding data in [@pos, @end), at most RUN_MAX pages
 * long, as [*start, *stop); 0 if there is none. SEEK_DATA skips holes
 * cheaply, but SEEK_HOLE walks every page of a run however far past @end it
 * goes (a fork's 16-page copy out of a 64 MiB heap). So mincore() looks at
 * RUN_MAX pages, and a page it calls absent (swapped out, say) is asked
 * again with SEEK_DATA, which answers at once for a page with data.
 */
#define RUN_MAX 64

static int next_data_run(const struct memfile *mf, uint64_t pos, uint64_t end, uint64_t *start,
                         uint64_t *stop)
{
    off_t d = lseek(mf->fd, (off_t)pos, SEEK_DATA);
    if (d < 0 || (uint64_t)d >= end)
        return 0; /* ENXIO: no data up to the end of the file */
    uint64_t w = end - (uint64_t)d < RUN_MAX * PAGE ? end - (uint64_t)d : RUN_MAX * PAGE;
    unsigned char vec[RUN_MAX];
    if (mincore(mf->base + d, w, vec) < 0)
        memset(vec, 0, sizeof(vec));
    uint64_t n = PAGE; /* SEEK_DATA said so */
    while (n < w && ((vec[n / PAGE] & 1) ||
                     lseek(mf->fd, (off_t)((uint64_t)d + n), SEEK_DATA) == (off_t)((uint64_t)d + n)))
        n += PAGE;
    *start = (uint64_t)d;
    *stop = (uint64_t)d + n;
    return 1;
}

uint64_t memfile_resident(const struct memfile *mf, uint64_t off, uint64_t len, uint64_t cap)
{
    uint64_t end = off + len, pos = off, n = 0, a, b;
    while (pos < end && n <= cap && next_data_run(mf, pos, end, &a, &b)) {
        n += b - a;
        pos = b;
    }
    return n;
}

void memfile_zero(struct memfile *mf, uint64_t off, uint64_t len)
{
    uint64_t end = off + len, first = (off + PAGE - 1) & ~(PAGE - 1), last = end & ~(PAGE - 1);
    BUG_ON(end < off || end > mf->size);
    if (first >= last) {
        memset(mf->base + off, 0, len);
        return;
    }
    memset(mf->base + off, 0, first - off);
    /* A failed punch (not on a tmpfs memfd) leaves the bytes: zero them by hand then. */
    if (fallocate(mf->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)first,
                  (off_t)(last - first)) != 0)
        memset(mf->base + first, 0, last - first);
    memset(mf->base + last, 0, end - last);
}

void memfile_copy(struct memfile *mf, uint64_t dst, uint64_t src, uint64_t len)
{
    BUG_ON(((dst | src | len) & (PAGE - 1)));
    uint64_t end = src + len, pos = src, a, b;
    while (pos < end && next_data_run(mf, pos, end, &a, &b)) {
        /* In-kernel copy within the memfd: no faults on the runtime's mapping. */
        loff_t in = (loff_t)a, out = (loff_t)(dst + (a - src));
        size_t left = b - a;
        while (left) {
            ssize_t n = copy_file_range(mf->fd, &in, mf->fd, &out, left, 0);
            if (n <= 0) {
                memcpy(memfile_ptr(mf, (uint64_t)out), memfile_ptr(mf, (uint64_t)in), left);
                break;
            }
            left -= (size_t)n;
        }
        pos = b;
    }
}
