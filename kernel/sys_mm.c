/* SPDX-License-Identifier: MIT */
/* kernel/sys_mm.c: brk, mmap, munmap, mprotect, mremap, madvise. */
#include <errno.h>
#include <unistd.h>

#include "../abi/linux.h"
#include "file.h"
#include "filemap.h"
#include "memfile.h"
#include "mm.h"
#include "syscalls.h"
#include "task.h"
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

long sys_mmap(struct task *t, const uint64_t a[6])
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
        if (off + len < off)
            return -LINUX_EOVERFLOW;
    }
    int64_t r = mm_map(t->mm, addr, len, prot, flags & ~(LINUX_MAP_FIXED_NOREPLACE), fixed,
                       noreplace, f && f->path ? f->path : NULL);
    if (r < 0 || !f)
        return r;
    uint64_t plen = (len + PAGE - 1) & ~(PAGE - 1);
    /* Host files' private mappings come from the file cache when it has the range. */
    int cacheable = type == LINUX_MAP_PRIVATE && !f->ops->pread_kernel && vfs_file_on_root(f);
    uint64_t cached;
    if (cacheable && filemap_get(t->mm->mf, f->host_fd, off, plen, &cached) == 0) {
        int e = mm_map_backing(t->mm, (uaddr_t)r, plen, prot,
                               flags & ~LINUX_MAP_FIXED_NOREPLACE, cached, f->path);
        return e < 0 ? e : r;
    }
    long e = fill_from_file(t, f, (uaddr_t)r, plen, off);
    if (e < 0) {
        mm_unmap(t->mm, (uaddr_t)r, len);
        return e;
    }
    char *data = cacheable ? mm_backing(t->mm, (uaddr_t)r, plen) : NULL;
    if (data)
        filemap_put(t->mm->mf, f->host_fd, off, plen, (uint64_t)(data - (char *)t->mm->mf->base));
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
