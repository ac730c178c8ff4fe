/* SPDX-License-Identifier: MIT */
/* kernel/strace.h: --strace line formatter, one guest syscall per line in strace(1)'s format. */
#ifndef KERNEL_STRACE_H
#define KERNEL_STRACE_H

#include <stddef.h>
#include <stdint.h>

/*
 * How the formatter reads guest memory: returns 0 or negative on fault.
 * read() may be asked for any guest address, including NULL-adjacent and
 * unmapped ones; it must fail cleanly rather than crash. Reads never cross
 * a 4 KiB boundary when the formatter scans a NUL-terminated string, so a
 * page-granular implementation sees the same faults strace would.
 */
struct strace_mem {
    void *ctx;
    int (*read)(void *ctx, uint64_t addr, void *buf, size_t len);
    /*
     * recvmsg's msg_namelen as the guest passed it, read before the call:
     * strace shows "passed => returned" when they differ. has_entry 0: not
     * known (the returned value is shown alone).
     */
    int has_entry;
    int32_t entry_namelen;
    /* recvmmsg's timeout as passed (the call writes what is left); has_entry_ts 0: not read */
    int has_entry_ts;
    int64_t entry_ts[2];
};

/*
 * Formats one complete line "name(args) = result\n" into out (NUL-terminated,
 * truncated safely if outlen is small). ret is the syscall's return value
 * (negative = -errno). For calls that do not return (exit, exit_group,
 * successful execve... ) pass no_return=1 to print "= ?". Returns the length.
 *
 * nr and args are the raw guest registers; the caller formats after the call
 * so that output buffers (read's buf, fstat's struct, ...) can be shown the
 * way strace shows them on syscall exit. A failed call (ret in -4095..-1)
 * prints output pointers as plain addresses, as strace does. mem may be NULL
 * (every pointer is then printed as an address).
 *
 * The returned length excludes the NUL. If the line did not fit, it is cut
 * short and still ends in '\n' when outlen >= 2; outlen 0 writes nothing.
 * Unlike strace, no padding is inserted before " = ".
 */
size_t strace_format(char *out, size_t outlen, long nr, const uint64_t args[6], long ret,
                     int no_return, const struct strace_mem *mem);

/* Name of syscall nr, or NULL if unknown (for logs). */
const char *strace_syscall_name(long nr);

/* "ENOENT" etc., NULL if unknown. err may be given as errno or -errno. */
const char *strace_errno_name(int err);

#endif
