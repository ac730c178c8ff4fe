/* SPDX-License-Identifier: MIT */
/* kernel/usercopy.h: the only way the core reads or writes guest memory. */
#ifndef KERNEL_USERCOPY_H
#define KERNEL_USERCOPY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>
#include "types.h"

struct mm;

/**
 * copy_from_user - copy @n bytes at guest @src into @dst.
 * Returns 0, or -LINUX_EFAULT if any byte is unmapped or not readable.
 */
int copy_from_user(struct mm *mm, void *dst, uaddr_t src, size_t n);

/** copy_to_user - copy @n bytes to guest @dst. 0 or -LINUX_EFAULT (not writable). */
int copy_to_user(struct mm *mm, uaddr_t dst, const void *src, size_t n);

/**
 * strncpy_from_user - copy a NUL-terminated guest string of at most @n bytes
 * including the NUL. Returns its length (without NUL), -LINUX_EFAULT, or
 * -LINUX_ENAMETOOLONG when no NUL is found within @n bytes.
 */
long strncpy_from_user(struct mm *mm, char *dst, uaddr_t src, size_t n);

/**
 * user_iov - describe guest [@addr, @addr+@len) as host iovecs pointing into the
 * memory file, for zero-copy host read/write. @write: the guest range will be
 * written (needs PROT_WRITE), else read (needs PROT_READ).
 * Returns the number of iovecs used (<= @max), or -LINUX_EFAULT if the first byte
 * is inaccessible. A range that becomes inaccessible part way is cut short there
 * (*covered tells how many bytes the iovecs cover), as Linux's short reads do.
 */
int user_iov(struct mm *mm, uaddr_t addr, size_t len, int write, struct iovec *iov, int max,
             size_t *covered);

#endif
