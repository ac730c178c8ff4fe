/* SPDX-License-Identifier: MIT */
/* kernel/sys_mm.c: brk, mmap, munmap, mprotect, mremap, madvise. */
#include <errno.h>
#include <unistd.h>

#include "../abi/linux.h"
#include "file.h"
#include "fs.h"
#include "filemap.h"
#include "memfile.h"
#include "mm.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"
#include "vfs.h"

#define PAGE 4096ULL
#define PROT_ALL (LINUX_PROT_READ | LINUX_PROT_WRITE | LINUX_PROT_EXEC)

long sys_brk(struct task *t, const uint64_t a[6])
{
    return (long)mm_set_brk(t->mm, a[0]);
}

/* Fill a fresh private mapping from the file (read-ahead of the whole range). */
static long fill_from_file(struct task *t, struct file *f, uaddr_t addr, uint64_t len,
                           uint64_t off)
{
    char *dst = mm_backing(t->mm, addr, len);
    if (!dst)
        return -LINUX_EFAULT;
    uint64_t done = 0;
    while (done < len) {
        /* Files of the in-memory layers (and /dev/zero) copy from the core's own memory. */
        ssize_t r = f->ops->pread_kernel ? f->ops->pread_kernel(f, dst + done, len - done, off + done)
                                         : pread(f->host_fd, dst + done, len - done, (off_t)(off + done));
        if (r < 0 && f->ops->pread_kernel)
            return r;
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -errno;
        if (r == 0)
            break; /* past EOF the mapping stays zero */
        done += (uint64_t)r;
    }
    return 0;
}

/* sys_mmap's work; *@nomaywrite says the new mapping may never become writable. */
static long do_mmap(struct task *t, const uint64_t a[6], int *nomaywrite)
{
    uaddr_t addr = a[0];
    uint64_t len = a[1], off = a[5];
    int prot = (int)a[2], flags = (int)a[3], fd = (int)a[4];
    int type = flags & LINUX_MAP_TYPE;

    if (len == 0 || (off & (PAGE - 1)))
        return -LINUX_EINVAL;
    if (type != LINUX_MAP_PRIVATE && type != LINUX_MAP_SHARED &&
        type != LINUX_MAP_SHARED_VALIDATE)
        return -LINUX_EINVAL;
    if (len > UINT64_MAX - PAGE)
        return -LINUX_ENOMEM;
    if (prot & ~(PROT_ALL | LINUX_PROT_GROWSDOWN | LINUX_PROT_GROWSUP))
        return -LINUX_EINVAL;
    prot &= PROT_ALL;
    int fixed = (flags & (LINUX_MAP_FIXED | LINUX_MAP_FIXED_NOREPLACE)) != 0;
    int noreplace = (flags & LINUX_MAP_FIXED) == 0 && (flags & LINUX_MAP_FIXED_NOREPLACE);

    struct file *f = NULL;
    if (!(flags & LINUX_MAP_ANONYMOUS)) {
        f = fd_lookup(t->files, fd);
        if (!f)
            return -LINUX_EBADF;
        if ((f->host_fd < 0 && !f->ops->pread_kernel) || (f->flags & LINUX_O_PATH))
            return -LINUX_ENODEV;
        /*
         * Character devices: /dev/zero maps as anonymous memory, shared or
         * private (mmap_zero()); the others (null, full, random, ttys) have no
         * mmap (ENODEV). Reading a device into the mapping instead made
         * gigabytes resident for one call.
         */
        struct linux_stat st;
        if (file_type(f, &st) == LINUX_S_IFCHR) {
            if (st.st_rdev != vfs_encode_dev(1, 5))
                return -LINUX_ENODEV;
            if ((f->flags & LINUX_O_ACCMODE) == LINUX_O_WRONLY ||
                (type != LINUX_MAP_PRIVATE && (prot & LINUX_PROT_WRITE) &&
                 (f->flags & LINUX_O_ACCMODE) != LINUX_O_RDWR))
                return -LINUX_EACCES;
            flags |= LINUX_MAP_ANONYMOUS;
            f = NULL;
        }
    }
    if (f) {
        if ((f->flags & LINUX_O_ACCMODE) == LINUX_O_WRONLY)
            return -LINUX_EACCES;
        /* The root is read-only: a shared writable mapping could never reach the file. */
        if (type != LINUX_MAP_PRIVATE && (prot & LINUX_PROT_WRITE) &&
            (f->flags & LINUX_O_ACCMODE) != LINUX_O_RDWR)
            return -LINUX_EACCES;
        /* do_mmap(): a shared mapping of a file not open for writing loses VM_MAYWRITE. */
        *nomaywrite = type != LINUX_MAP_PRIVATE && (f->flags & LINUX_O_ACCMODE) != LINUX_O_RDWR;
        if (off + len < off)
            return -LINUX_EOVERFLOW;
    }
    uint64_t plen = (len + PAGE - 1) & ~(PAGE - 1);
    if (type == LINUX_MAP_SHARED_VALIDATE) {
        flags = (flags & ~LINUX_MAP_TYPE) | LINUX_MAP_SHARED; /* one kind of shared VMA */
        type = LINUX_MAP_SHARED;
    }
    /* A shared mapping of a file in memory maps the file's own pages. */
    struct mnode *m = f && type == LINUX_MAP_SHARED ? fs_file_mnode(f) : NULL;
    /* memfd_check_seals_mmap(): a write-sealed memfd has no shared writable mappings. */
    if (m && (prot & LINUX_PROT_WRITE) &&
        (m->seals & (LINUX_F_SEAL_WRITE | LINUX_F_SEAL_FUTURE_WRITE)))
        return -LINUX_EPERM;
    /* ... and a read-only one loses VM_MAYWRITE, so mprotect cannot undo the seal. */
    if (m && (m->seals & (LINUX_F_SEAL_WRITE | LINUX_F_SEAL_FUTURE_WRITE)))
        *nomaywrite = 1;
    if (m) {
        int64_t at = mm_place(t->mm, addr, len, fixed, noreplace);
        uint64_t pages;
        int e = at < 0 ? (int)at : mnode_map_shared(m, off, plen, &pages);
        if (e == 0)
            e = mm_map_backing(t->mm, (uaddr_t)at, plen, prot,
                               flags & ~LINUX_MAP_FIXED_NOREPLACE, pages, f->path);
        if (e != -LINUX_ENODEV)
            return e < 0 ? e : at;
    }
    /*
     * Host files' private mappings come from the file cache when it has the
     * range: the cached pages are mapped directly, copy-on-write.
     */
    struct file_key key;
    int cacheable = f && type == LINUX_MAP_PRIVATE && !f->ops->pread_kernel &&
                    vfs_file_on_root(f) && file_key_of(f->host_fd, &key) == 0;
    uint64_t cached;
    if (cacheable && filemap_get(t->mm->mf, &key, off, plen, &cached) == 0) {
        int64_t at = mm_place(t->mm, addr, len, fixed, noreplace);
        int e = at < 0 ? (int)at
                       : mm_map_backing(t->mm, (uaddr_t)at, plen, prot,
                                        flags & ~LINUX_MAP_FIXED_NOREPLACE, cached, f->path);
        if (at < 0)
            memfile_free(t->mm->mf, cached, plen);
        return e < 0 ? e : at;
    }
    int64_t r = mm_map(t->mm, addr, len, prot, flags & ~(LINUX_MAP_FIXED_NOREPLACE), fixed,
                       noreplace, f && f->path ? f->path : NULL);
    if (r < 0 || !f)
        return r;
    long e = fill_from_file(t, f, (uaddr_t)r, plen, off);
    if (e < 0) {
        mm_unmap(t->mm, (uaddr_t)r, len);
        return e;
    }
    char *data = cacheable ? mm_backing(t->mm, (uaddr_t)r, plen) : NULL;
    if (data)
        filemap_put(t->mm->mf, &key, off, plen, (uint64_t)(data - (char *)t->mm->mf->base));
    return r;
}

long sys_mmap(struct task *t, const uint64_t a[6])
{
    int nomaywrite = 0;
    long r = do_mmap(t, a, &nomaywrite);
    if (r >= 0 && nomaywrite)
        mm_forbid_write(t->mm, (uaddr_t)r, (a[1] + PAGE - 1) & ~(PAGE - 1));
    return r;
}

long sys_munmap(struct task *t, const uint64_t a[6])
{
    return mm_unmap(t->mm, a[0], a[1]);
}

long sys_mprotect(struct task *t, const uint64_t a[6])
{
    int prot = (int)a[2];
    if (prot & ~(PROT_ALL | LINUX_PROT_GROWSDOWN | LINUX_PROT_GROWSUP))
        return -LINUX_EINVAL;
    return mm_protect(t->mm, a[0], a[1], prot & PROT_ALL);
}

long sys_mremap(struct task *t, const uint64_t a[6])
{
    return mm_remap(t->mm, a[0], a[1], a[2], (int)a[3], a[4]);
}

/*
 * msync: a shared file mapping is the file's own pages (mnode_map_shared()),
 * and the sandbox has no disk behind it, so there is nothing to write back.
 * What is left are mm/msync.c's checks: flags, alignment, and ENOMEM when
 * part of the range is not mapped. No page is locked, so never EBUSY.
 */
long sys_msync(struct task *t, const uint64_t a[6])
{
    uaddr_t start = a[0];
    int flags = (int)a[2];
    if ((flags & ~(LINUX_MS_ASYNC | LINUX_MS_INVALIDATE | LINUX_MS_SYNC)) || (start & (PAGE - 1)) ||
        ((flags & LINUX_MS_ASYNC) && (flags & LINUX_MS_SYNC)))
        return -LINUX_EINVAL;
    uaddr_t end = start + ((a[1] + PAGE - 1) & ~(PAGE - 1)); /* wraps as Linux's does */
    if (end < start)
        return -LINUX_ENOMEM;
    return mm_covered(t->mm, start, end) ? 0 : -LINUX_ENOMEM;
}

/* madvise_behavior_valid() (mm/madvise.c, Linux 6.1): NORMAL..DONTNEED, FREE..COLLAPSE, and the two memory-failure ones. */
static int madvise_known(int advice)
{
    return (advice >= 0 && advice <= 4) || (advice >= 8 && advice <= 25) ||
           advice == LINUX_MADV_HWPOISON || advice == LINUX_MADV_SOFT_OFFLINE;
}

long sys_madvise(struct task *t, const uint64_t a[6])
{
    int advice = (int)a[2];
    uaddr_t end;
    if (!madvise_known(advice) || mm_advice_range(a[0], a[1], &end) < 0)
        return -LINUX_EINVAL;
    if (advice == LINUX_MADV_HWPOISON || advice == LINUX_MADV_SOFT_OFFLINE)
        return -LINUX_EPERM; /* both need CAP_SYS_ADMIN */
    if (end == a[0])
        return 0;
    if (advice == LINUX_MADV_DONTNEED)
        return mm_discard(t->mm, a[0], a[1]);
    /* Other advice is a hint Linux may ignore too, but not on a range with holes. */
    return mm_covered(t->mm, a[0], end) ? 0 : -LINUX_ENOMEM;
}

/* include/uapi/linux/mempolicy.h */
#define MPOL_DEFAULT 0
#define MPOL_PREFERRED 1
#define MPOL_BIND 2
#define MPOL_LOCAL 4
#define MPOL_MAX 7 /* MPOL_WEIGHTED_INTERLEAVE (6) is the last mode, Linux 6.9+ */
#define MPOL_F_NUMA_BALANCING (1 << 13)
#define MPOL_F_RELATIVE_NODES (1 << 14)
#define MPOL_F_STATIC_NODES (1 << 15)
#define MPOL_MODE_FLAGS (MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES | MPOL_F_NUMA_BALANCING)
#define MPOL_F_NODE (1 << 0)
#define MPOL_F_ADDR (1 << 1)
#define MPOL_F_MEMS_ALLOWED (1 << 2)

/*
 * The NUMA memory policy calls for a sandbox with one memory node, node 0
 * (mm/mempolicy.c). A policy is only recorded, since there is nowhere else to
 * put a page; get_mempolicy reports it back, and every page is on node 0.
 * procps and numactl ask.
 */

/* get_nodes(): the first @maxnode - 1 bits of the user's mask; node 0 is bit 0 of word 0. */
static long read_nodes(struct task *t, uaddr_t umask, uint64_t maxnode, uint64_t *nodes, int *others)
{
    *nodes = 0;
    *others = 0;
    if (--maxnode == 0 || !umask)
        return 0;
    if (maxnode > 4096 * 8)
        return -LINUX_EINVAL;
    for (uint64_t bit = 0; bit < maxnode; bit += 64) {
        uint64_t w;
        if (copy_from_user(t->mm, &w, umask + bit / 8, sizeof(w)) < 0)
            return -LINUX_EFAULT;
        if (maxnode - bit < 64)
            w &= (1ULL << (maxnode - bit)) - 1;
        if (bit == 0)
            *nodes = w & 1;
        *others |= (bit == 0 ? w & ~1ULL : w) != 0;
    }
    return 0;
}

long sys_set_mempolicy(struct task *t, const uint64_t a[6])
{
    int mode = (int)a[0] & ~MPOL_MODE_FLAGS, flags = (int)a[0] & MPOL_MODE_FLAGS;
    uint64_t nodes;
    int others;

    if (mode < 0 || mode >= MPOL_MAX)
        return -LINUX_EINVAL;
    if ((flags & MPOL_F_STATIC_NODES) && (flags & MPOL_F_RELATIVE_NODES))
        return -LINUX_EINVAL;
    if ((flags & MPOL_F_NUMA_BALANCING) && mode != MPOL_BIND)
        return -LINUX_EINVAL;
    long r = read_nodes(t, a[1], a[2], &nodes, &others);
    if (r < 0)
        return r;
    /* mpol_new(): DEFAULT takes no nodes; an empty mask is "local" for PREFERRED only. */
    if (mode == MPOL_DEFAULT) {
        if (nodes || others)
            return -LINUX_EINVAL;
        t->mempolicy = 0;
        t->mempolicy_nodes = 0;
        return 0;
    }
    if (!nodes && !others) {
        if (flags & (MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES))
            return -LINUX_EINVAL;
        if (mode == MPOL_PREFERRED)
            mode = MPOL_LOCAL;
        else if (mode != MPOL_LOCAL)
            return -LINUX_EINVAL;
    } else if (mode == MPOL_LOCAL) {
        return -LINUX_EINVAL;
    }
    /* mpol_set_nodemask(): only node 0 exists; relative nodes fold onto it. */
    if (mode != MPOL_LOCAL && !nodes && !(flags & MPOL_F_RELATIVE_NODES))
        return -LINUX_EINVAL;
    t->mempolicy = mode | flags;
    t->mempolicy_nodes = mode == MPOL_LOCAL ? 0 : 1;
    return 0;
}

long sys_get_mempolicy(struct task *t, const uint64_t a[6])
{
    uaddr_t umode = a[0], umask = a[1], addr = a[3];
    uint64_t maxnode = a[2], flags = a[4];
    int mode = t->mempolicy;
    uint64_t nodes = t->mempolicy_nodes;

    if (umask && maxnode < 1) /* nr_node_ids */
        return -LINUX_EINVAL;
    if (flags & ~(uint64_t)(MPOL_F_NODE | MPOL_F_ADDR | MPOL_F_MEMS_ALLOWED))
        return -LINUX_EINVAL;
    if (flags & MPOL_F_MEMS_ALLOWED) {
        if (flags & (MPOL_F_NODE | MPOL_F_ADDR))
            return -LINUX_EINVAL;
        mode = 0;
        nodes = 1;
    } else {
        if ((flags & MPOL_F_ADDR) && !mm_find(t->mm, addr))
            return -LINUX_EFAULT;
        if (!(flags & MPOL_F_ADDR) && addr)
            return -LINUX_EINVAL;
        if (flags & MPOL_F_ADDR) {
            /* No per-VMA policies (no mbind): the default one, the page on node 0. */
            mode = 0;
            nodes = 0;
        }
        /* MPOL_F_NODE: the page's node, or without an address only under MPOL_INTERLEAVE (3). */
        if (flags & MPOL_F_NODE) {
            if (!(flags & MPOL_F_ADDR) && (t->mempolicy & ~MPOL_MODE_FLAGS) != 3)
                return -LINUX_EINVAL;
            mode = 0;
        }
    }
    if (umode && copy_to_user(t->mm, umode, &mode, sizeof(mode)) < 0)
        return -LINUX_EFAULT;
    if (umask) {
        /* copy_nodes_to_user(): the whole longs of the mask, zero past the one node. */
        uint64_t copy = ((maxnode - 1 + 63) / 64) * 8;
        if (copy > 4096)
            return -LINUX_EINVAL;
        for (uint64_t off = 0; off < copy; off += 8) {
            uint64_t w = off ? 0 : nodes;
            if (copy_to_user(t->mm, umask + off, &w, sizeof(w)) < 0)
                return -LINUX_EFAULT;
        }
    }
    return 0;
}
