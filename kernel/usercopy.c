/* SPDX-License-Identifier: MIT */
/* kernel/usercopy.c: bounds- and protection-checked access to guest memory through the memory file. */
#include "usercopy.h"

#include <string.h>

#include "../abi/linux.h"
#include "log.h"
#include "memfile.h"
#include "mm.h"

/*
 * The only code that turns a guest address into a host pointer. Each access
 * walks the VMAs covering the range and checks their protection the way the
 * MMU would for the guest; no pointer into the memory file leaves this file
 * except through user_iov(), whose callers hand it straight to the host kernel.
 */

/*
 * Host pointer and contiguous byte count for guest @addr, or NULL if @need is
 * missing. A store first gives copy-on-write pages backing of their own, as
 * the guest's own store would.
 */
static void *chunk(struct mm *mm, uaddr_t addr, int need, size_t *avail)
{
    struct vma *v = mm_find(mm, addr);
    /* The platform's vDSO has no memory-file bytes for the kernel to reach. */
    if (!v || v->nobacking || (v->prot & need) != need)
        return NULL;
    if ((need & LINUX_PROT_WRITE) && v->cow) {
        /* Out of memory for the copy: Linux's fault would fail too (EFAULT here). */
        if (mm_cow_break(mm, addr) < 0)
            return NULL;
        v = mm_find(mm, addr);
        BUG_ON(!v || v->cow);
    }
    *avail = v->end - addr;
    return memfile_ptr(mm->mf, v->mf_off + (addr - v->start));
}

static int range_ok(uaddr_t addr, size_t n)
{
    return addr + n >= addr;
}

int copy_from_user(struct mm *mm, void *dst, uaddr_t src, size_t n)
{
    if (!range_ok(src, n))
        return -LINUX_EFAULT;
    while (n) {
        size_t avail;
        void *p = chunk(mm, src, LINUX_PROT_READ, &avail);
        if (!p)
            return -LINUX_EFAULT;
        size_t c = n < avail ? n : avail;
        memcpy(dst, p, c);
        dst = (char *)dst + c;
        src += c;
        n -= c;
    }
    return 0;
}

int copy_to_user(struct mm *mm, uaddr_t dst, const void *src, size_t n)
{
    if (!range_ok(dst, n))
        return -LINUX_EFAULT;
    while (n) {
        size_t avail;
        void *p = chunk(mm, dst, LINUX_PROT_WRITE, &avail);
        if (!p)
            return -LINUX_EFAULT;
        size_t c = n < avail ? n : avail;
        memcpy(p, src, c);
        src = (const char *)src + c;
        dst += c;
        n -= c;
    }
    return 0;
}

long strncpy_from_user(struct mm *mm, char *dst, uaddr_t src, size_t n)
{
    size_t done = 0;
    while (done < n) {
        size_t avail;
        const char *p = chunk(mm, src + done, LINUX_PROT_READ, &avail);
        if (!p || src + done < src)
            return -LINUX_EFAULT;
        size_t c = n - done < avail ? n - done : avail;
        const char *nul = memchr(p, 0, c);
        if (nul) {
            size_t k = (size_t)(nul - p);
            memcpy(dst + done, p, k + 1);
            return (long)(done + k);
        }
        memcpy(dst + done, p, c);
        done += c;
    }
    return -LINUX_ENAMETOOLONG;
}

int user_iov(struct mm *mm, uaddr_t addr, size_t len, int write, struct iovec *iov, int max,
             size_t *covered)
{
    int need = write ? LINUX_PROT_WRITE : LINUX_PROT_READ;
    int k = 0;
    size_t done = 0;
    *covered = 0;
    if (len == 0)
        return 0;
    if (!range_ok(addr, len))
        len = (size_t)(0 - addr); /* stop where the address space wraps */
    while (done < len && k < max) {
        size_t avail;
        void *p = chunk(mm, addr + done, need, &avail);
        if (!p)
            break;
        size_t c = len - done < avail ? len - done : avail;
        /* Merge with the previous iovec when the backing happens to be contiguous. */
        if (k > 0 && (char *)iov[k - 1].iov_base + iov[k - 1].iov_len == p)
            iov[k - 1].iov_len += c;
        else
            iov[k++] = (struct iovec){p, c};
        done += c;
    }
    if (done == 0)
        return -LINUX_EFAULT;
    *covered = done;
    return k;
}
