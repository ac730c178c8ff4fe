/* SPDX-License-Identifier: MIT */
/* tests/unit/test_strace.c: exact --strace lines from kernel/strace.c, as strace 6.1 prints. */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../../abi/linux.h"
#include "../../kernel/strace.h"

/*
 * Fake guest memory: GSIZE bytes at GBASE, everything else faults. Tests
 * that print an address place their data at a fixed offset (gat()); the
 * rest take the next free slot (gput()).
 */
#define GBASE 0x7ffd0000ULL
#define GSIZE 0x10000
#define GDYN 0x8000 /* gput() hands out memory from here up */

static unsigned char guest[GSIZE];
static size_t gnext;

static int fake_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
    (void)ctx;
    if (addr < GBASE || addr - GBASE > GSIZE || len > GSIZE - (addr - GBASE))
        return -LINUX_EFAULT;
    memcpy(buf, guest + (addr - GBASE), len);
    return 0;
}

static const struct strace_mem mem = { .ctx = NULL, .read = fake_read };

static uint64_t gat(size_t off, const void *data, size_t len)
{
    memcpy(guest + off, data, len);
    return GBASE + off;
}

static uint64_t gput(const void *data, size_t len)
{
    uint64_t a = gat(gnext, data, len);
    gnext = (gnext + len + 15) & ~(size_t)15;
    return a;
}

static uint64_t gstr(const char *s)
{
    return gput(s, strlen(s) + 1);
}

static int setup(void **state)
{
    (void)state;
    memset(guest, 0, sizeof(guest));
    gnext = GDYN;
    return 0;
}

static char line[16384];

/* Formats one call and compares the whole line, newline included. */
#define CHECK(expect, nr, ret, no_return, ...)                                                     \
    do {                                                                                           \
        const uint64_t args_[6] = { __VA_ARGS__ };                                                 \
        size_t n_ = strace_format(line, sizeof(line), (nr), args_, (ret), (no_return), &mem);      \
        assert_string_equal(line, expect);                                                         \
        assert_int_equal(n_, strlen(expect));                                                      \
    } while (0)

#define NEG(v) ((uint64_t)(int64_t)(v))

/* ---------------------------------------------------------------------- */

static void test_brief_examples(void **state)
{
    (void)state;
    CHECK("openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3\n", LINUX_NR_openat, 3, 0,
          NEG(LINUX_AT_FDCWD), gstr("/etc/passwd"), LINUX_O_RDONLY | LINUX_O_CLOEXEC);

    uint64_t buf = gstr("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:\n");
    CHECK("read(3, \"root:x:0:0:root:/root:/bin/bash\\n\"..., 4096) = 1234\n", LINUX_NR_read, 1234,
          0, 3, buf, 4096);

    CHECK("write(1, \"hello\\n\", 6) = 6\n", LINUX_NR_write, 6, 0, 1, gstr("hello\n"), 6);

    CHECK("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = "
          "0x7f12345000\n",
          LINUX_NR_mmap, 0x7f12345000L, 0, 0, 8192, LINUX_PROT_READ | LINUX_PROT_WRITE,
          LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS, NEG(-1), 0);

    CHECK("newfstatat(AT_FDCWD, \"/nonexistent\", 0x7ffd1234, 0) = -1 ENOENT (No such file or "
          "directory)\n",
          LINUX_NR_newfstatat, -LINUX_ENOENT, 0, NEG(LINUX_AT_FDCWD), gstr("/nonexistent"),
          0x7ffd1234, 0);

    CHECK("exit_group(0) = ?\n", LINUX_NR_exit_group, 0, 1, 0);

    /* 0x1c3 is past the last syscall abi/ knows today; skip if a header update names it. */
    if (strace_syscall_name(0x1c3) == NULL)
        CHECK("syscall_0x1c3(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not "
              "implemented)\n",
              0x1c3, -LINUX_ENOSYS, 0, 1, 2, 3, 4, 5, 6);
}

static void test_unknown_syscalls(void **state)
{
    (void)state;
    CHECK("syscall_0x186a0(0, 0, 0, 0, 0, 0) = -1 ENOSYS (Function not implemented)\n", 100000,
          -LINUX_ENOSYS, 0, 0);
    CHECK("syscall_0xffffffffffffffff(0x1, 0, 0, 0, 0, 0xffffffffffffffff) = -1 ENOSYS (Function "
          "not implemented)\n",
          -1L, -LINUX_ENOSYS, 0, 1, 0, 0, 0, 0, NEG(-1));
    /* A name from LINUX_SYSCALL_LIST without a decoder: raw hex registers. */
    CHECK("kexec_load(0x1, 0x7ffd0000, 0, 0, 0, 0) = -1 EPERM (Operation not permitted)\n",
          LINUX_NR_kexec_load, -LINUX_EPERM, 0, 1, GBASE);
    /* ... and calls with one: the policy named, the priority read. */
    int32_t prio = 10;
    CHECK("sched_setscheduler(0, SCHED_FIFO, [10]) = 0\n", LINUX_NR_sched_setscheduler, 0, 0, 0,
          LINUX_SCHED_FIFO, gput(&prio, sizeof(prio)));
    CHECK("sched_getscheduler(0) = 3 (SCHED_BATCH)\n", LINUX_NR_sched_getscheduler, 3, 0, 0);
    CHECK("sched_getscheduler(0) = 1073741826\n", LINUX_NR_sched_getscheduler, 1073741826, 0, 0);
    CHECK("sched_get_priority_max(0x8 /* SCHED_??? */) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_sched_get_priority_max, -LINUX_EINVAL, 0, 8);
}

/* ---------------------------------------------------------------------- */
/* Strings, as strace's string_quote() writes them */

static void test_string_truncation(void **state)
{
    (void)state;
    const char *s32 = "01234567890123456789012345678901";
    const char *s33 = "012345678901234567890123456789012";
    CHECK("write(1, \"01234567890123456789012345678901\", 32) = 32\n", LINUX_NR_write, 32, 0, 1,
          gstr(s32), 32);
    CHECK("write(1, \"01234567890123456789012345678901\"..., 33) = 33\n", LINUX_NR_write, 33, 0, 1,
          gstr(s33), 33);
    CHECK("write(1, \"\", 0) = 0\n", LINUX_NR_write, 0, 0, 1, gstr(""), 0);

    /* read shows only what was returned, not the requested size. */
    CHECK("read(0, \"0123\", 4096) = 4\n", LINUX_NR_read, 4, 0, 0, gstr(s33), 4096);
    CHECK("read(0, \"\", 4096) = 0\n", LINUX_NR_read, 0, 0, 0, gstr(s33), 4096);

    /* Paths are printed whole (strace's printpath() uses PATH_MAX, not -s). */
    CHECK("chdir(\"/a/rather/long/directory/name/over/32/chars\") = 0\n", LINUX_NR_chdir, 0, 0,
          gstr("/a/rather/long/directory/name/over/32/chars"));

    /* NUL-terminated strings that are not paths stop at 32 (memfd_create's name). */
    CHECK("memfd_create(\"0123456789012345678901234567890\", MFD_CLOEXEC) = 3\n",
          LINUX_NR_memfd_create, 3, 0, gstr("0123456789012345678901234567890"), 1);
    CHECK("memfd_create(\"01234567890123456789012345678901\"..., 0) = 3\n", LINUX_NR_memfd_create,
          3, 0, gstr(s33), 0);
    CHECK("memfd_create(\"01234567890123456789012345678901\", 0) = 3\n", LINUX_NR_memfd_create, 3,
          0, gstr(s32), 0);
}

static void test_string_escapes(void **state)
{
    (void)state;
    /* Shortest octal unless an octal digit follows; '8' is not one. */
    static const unsigned char b[] = { 0x00, 0x01, '7', 0x1b, '0', 0x1b,
                                       '8', '\n', 0xff, '"', '\\' };
    CHECK("write(1, \"\\0\\0017\\0330\\338\\n\\377\\\"\\\\\", 11) = 11\n", LINUX_NR_write, 11, 0, 1,
          gput(b, sizeof(b)), sizeof(b));

    static const unsigned char c[] = { '\t', '\r', '\v', '\f', 0x7f, 0x80, ' ', '?', '\'', 0x08 };
    CHECK("write(2, \"\\t\\r\\v\\f\\177\\200 ?'\\10\", 10) = 10\n", LINUX_NR_write, 10, 0, 2,
          gput(c, sizeof(c)), sizeof(c));

    /* A path stops at its NUL; the escapes are the same. */
    CHECK("openat(AT_FDCWD, \"/nonexist\\n\\1\", O_RDONLY) = -1 ENOENT (No such file or "
          "directory)\n",
          LINUX_NR_openat, -LINUX_ENOENT, 0, NEG(LINUX_AT_FDCWD), gstr("/nonexist\n\001"), 0);

    /* getrandom's buffer is all hex (QUOTE_FORCE_HEX). */
    static const unsigned char r[] = { 0x2b, 0x25, 0xf0, 0x00, 0xf8, 0x67, 0xdb, 0x3f };
    CHECK("getrandom(\"\\x2b\\x25\\xf0\\x00\\xf8\\x67\\xdb\\x3f\", 8, GRND_NONBLOCK) = 8\n",
          LINUX_NR_getrandom, 8, 0, gput(r, sizeof(r)), 8, LINUX_GRND_NONBLOCK);
    CHECK("getrandom(0x7ffd0040, 4, GRND_RANDOM|GRND_INSECURE|0x8) = -1 EINVAL (Invalid "
          "argument)\n",
          LINUX_NR_getrandom, -LINUX_EINVAL, 0, GBASE + 0x40, 4, 0xe);
}

/* ---------------------------------------------------------------------- */
/* Pointers */

static void test_null_and_bad_pointers(void **state)
{
    (void)state;
    CHECK("write(1, NULL, 5) = -1 EFAULT (Bad address)\n", LINUX_NR_write, -LINUX_EFAULT, 0, 1, 0,
          5);
    /* Unreadable memory: the address, as strace does when umoven() fails. */
    CHECK("write(1, 0xdead0000, 5) = 5\n", LINUX_NR_write, 5, 0, 1, 0xdead0000, 5);
    CHECK("openat(AT_FDCWD, 0x10, O_RDONLY) = -1 EFAULT (Bad address)\n", LINUX_NR_openat,
          -LINUX_EFAULT, 0, NEG(LINUX_AT_FDCWD), 0x10, 0);
    CHECK("openat(AT_FDCWD, NULL, O_RDONLY) = -1 EFAULT (Bad address)\n", LINUX_NR_openat,
          -LINUX_EFAULT, 0, NEG(LINUX_AT_FDCWD), 0, 0);
    /* An output buffer after a failed call is only an address. */
    CHECK("read(3, 0x7ffd0100, 10) = -1 EBADF (Bad file descriptor)\n", LINUX_NR_read,
          -LINUX_EBADF, 0, 3, GBASE + 0x100, 10);
    /* A buffer that runs off the end of guest memory. */
    CHECK("write(1, 0x7ffdfffc, 8) = 8\n", LINUX_NR_write, 8, 0, 1, GBASE + GSIZE - 4, 8);

    /* A path ending right before unmapped memory still reads: scans stop at each page end. */
    uint64_t tail = gat(GSIZE - 4, "/ab", 4);
    CHECK("chdir(\"/ab\") = 0\n", LINUX_NR_chdir, 0, 0, tail);
    uint64_t unterminated = gat(GSIZE - 3, "/ab", 3);
    CHECK("chdir(0x7ffdfffd) = -1 EFAULT (Bad address)\n", LINUX_NR_chdir, -LINUX_EFAULT, 0,
          unterminated);

    /* brk(NULL) and an address result in hex. */
    CHECK("brk(NULL) = 0x561c0549b000\n", LINUX_NR_brk, 0x561c0549b000L, 0, 0);
    CHECK("munmap(0x7f0000001000, 41727) = 0\n", LINUX_NR_munmap, 0, 0, 0x7f0000001000ULL, 41727);
    CHECK("set_robust_list(NULL, 24) = 0\n", LINUX_NR_set_robust_list, 0, 0, 0, 24);
    /* rseq has no decoder in strace 6.1: plain hex, NULL as 0. */
    CHECK("rseq(0, 0x20, 0, 0x53053053) = -1 EINVAL (Invalid argument)\n", LINUX_NR_rseq,
          -LINUX_EINVAL, 0, 0, 0x20, 0, 0x53053053);
}

static void test_no_memory_reader(void **state)
{
    (void)state;
    const uint64_t a[6] = { 1, GBASE, 5 };
    strace_format(line, sizeof(line), LINUX_NR_write, a, 5, 0, NULL);
    assert_string_equal(line, "write(1, 0x7ffd0000, 5) = 5\n");
    const struct strace_mem none = { .ctx = NULL, .read = NULL };
    strace_format(line, sizeof(line), LINUX_NR_write, a, 5, 0, &none);
    assert_string_equal(line, "write(1, 0x7ffd0000, 5) = 5\n");
}

/* ---------------------------------------------------------------------- */
/* Flags and symbolic values */

static void test_open_flags(void **state)
{
    (void)state;
    uint64_t p = gstr("/tmp/f");
    CHECK("openat(AT_FDCWD, \"/tmp/f\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4\n", LINUX_NR_openat, 4,
          0, NEG(LINUX_AT_FDCWD), p, LINUX_O_WRONLY | LINUX_O_CREAT | LINUX_O_TRUNC, 0644);
    /* Unknown leftover bits, and the mode printed as %#03o. */
    CHECK("openat(3, \"/tmp/f\", O_RDWR|O_CREAT|O_EXCL|O_CLOEXEC|0x80000000, 000) = -1 EINVAL "
          "(Invalid argument)\n",
          LINUX_NR_openat, -LINUX_EINVAL, 0, 3, p,
          LINUX_O_RDWR | LINUX_O_CREAT | LINUX_O_EXCL | LINUX_O_CLOEXEC | 0x80000000U, 0);
    /* O_SYNC swallows O_DSYNC; O_TMPFILE swallows O_DIRECTORY and brings the mode. */
    CHECK("openat(AT_FDCWD, \"/tmp/f\", O_RDWR|O_SYNC|O_TMPFILE, 0600) = 5\n", LINUX_NR_openat, 5,
          0, NEG(LINUX_AT_FDCWD), p, LINUX_O_RDWR | LINUX_O_SYNC | LINUX_O_TMPFILE, 0600);
    CHECK("openat(AT_FDCWD, \"/tmp/f\", O_ACCMODE|O_NOCTTY|O_PATH|FASYNC) = 6\n", LINUX_NR_openat,
          6, 0, NEG(LINUX_AT_FDCWD), p,
          LINUX_O_ACCMODE | LINUX_O_NOCTTY | LINUX_O_PATH | LINUX_O_ASYNC);
    /* Mode is not shown without O_CREAT, even if the register holds one. */
    CHECK("openat(AT_FDCWD, \"/tmp/f\", O_RDONLY|O_DIRECTORY) = 7\n", LINUX_NR_openat, 7, 0,
          NEG(LINUX_AT_FDCWD), p, LINUX_O_DIRECTORY, 0777);
#ifdef LINUX_NR_open
    CHECK("open(\"/tmp/f\", O_RDWR|O_CREAT, 04755) = 8\n", LINUX_NR_open, 8, 0, p,
          LINUX_O_RDWR | LINUX_O_CREAT, 04755);
#endif
    CHECK("pipe2([3, 4], O_NONBLOCK|O_CLOEXEC) = 0\n", LINUX_NR_pipe2, 0, 0,
          gput((const int32_t[]){ 3, 4 }, 8), LINUX_O_CLOEXEC | LINUX_O_NONBLOCK);
    CHECK("pipe2(0x7ffd0200, 0) = -1 EMFILE (Too many open files)\n", LINUX_NR_pipe2,
          -LINUX_EMFILE, 0, GBASE + 0x200, 0);
    CHECK("dup3(3, 21, O_CLOEXEC) = 21\n", LINUX_NR_dup3, 21, 0, 3, 21, LINUX_O_CLOEXEC);
    CHECK("dup3(3, 22, 0) = 22\n", LINUX_NR_dup3, 22, 0, 3, 22, 0);
}

static void test_mmap_flags(void **state)
{
    (void)state;
    CHECK("mmap(0x7f0000026000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, "
          "3, 0x26000) = 0x7f0000026000\n",
          LINUX_NR_mmap, 0x7f0000026000L, 0, 0x7f0000026000ULL, 1400832,
          LINUX_PROT_READ | LINUX_PROT_EXEC,
          LINUX_MAP_PRIVATE | LINUX_MAP_FIXED | LINUX_MAP_DENYWRITE, 3, 0x26000);
    /* Unknown prot bit, huge page size field, unknown type, MAP_FILE for 0. */
    CHECK("mmap(NULL, 4096, PROT_READ|PROT_EXEC|0x10, MAP_SHARED|MAP_NORESERVE|MAP_STACK|"
          "MAP_HUGETLB|MAP_FIXED_NOREPLACE|2<<MAP_HUGE_SHIFT, 3, 0x1000) = -1 EINVAL (Invalid "
          "argument)\n",
          LINUX_NR_mmap, -LINUX_EINVAL, 0, 0, 4096, LINUX_PROT_READ | LINUX_PROT_EXEC | 0x10,
          LINUX_MAP_SHARED | LINUX_MAP_FIXED_NOREPLACE | LINUX_MAP_STACK | LINUX_MAP_NORESERVE |
              LINUX_MAP_HUGETLB | (2U << 26),
          3, 0x1000);
    CHECK("mmap(NULL, 4096, PROT_NONE, 0x4 /* MAP_??? */|MAP_ANONYMOUS, -1, 0) = -1 EINVAL "
          "(Invalid argument)\n",
          LINUX_NR_mmap, -LINUX_EINVAL, 0, 0, 4096, LINUX_PROT_NONE, 0x4 | LINUX_MAP_ANONYMOUS,
          NEG(-1), 0);
    CHECK("mmap(NULL, 4096, PROT_NONE, MAP_FILE, -1, 0) = -1 EBADF (Bad file descriptor)\n",
          LINUX_NR_mmap, -LINUX_EBADF, 0, 0, 4096, 0, 0, NEG(-1), 0);
    CHECK("mprotect(0x7f0000001000, 4096, PROT_READ|PROT_GROWSDOWN) = 0\n", LINUX_NR_mprotect, 0,
          0, 0x7f0000001000ULL, 4096, LINUX_PROT_READ | LINUX_PROT_GROWSDOWN);
    CHECK("mremap(0x7f0000001000, 8192, 16384, MREMAP_MAYMOVE) = 0x7f0000100000\n",
          LINUX_NR_mremap, 0x7f0000100000L, 0, 0x7f0000001000ULL, 8192, 16384,
          LINUX_MREMAP_MAYMOVE, 0x1234);
    CHECK("mremap(0x7f0000001000, 8192, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f0000200000) = "
          "0x7f0000200000\n",
          LINUX_NR_mremap, 0x7f0000200000L, 0, 0x7f0000001000ULL, 8192, 8192,
          LINUX_MREMAP_MAYMOVE | LINUX_MREMAP_FIXED, 0x7f0000200000ULL);
    CHECK("madvise(0x7f0000001000, 4096, MADV_DONTNEED) = 0\n", LINUX_NR_madvise, 0, 0,
          0x7f0000001000ULL, 4096, LINUX_MADV_DONTNEED);
    CHECK("madvise(0x7f0000001000, 4096, 0x3e7 /* MADV_??? */) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_madvise, -LINUX_EINVAL, 0, 0x7f0000001000ULL, 4096, 999);
}

static void test_misc_flags(void **state)
{
    (void)state;
    uint64_t p = gstr("/etc");
    CHECK("faccessat(AT_FDCWD, \"/etc\", R_OK|W_OK|X_OK) = 0\n", LINUX_NR_faccessat, 0, 0,
          NEG(LINUX_AT_FDCWD), p, 7);
    CHECK("faccessat2(AT_FDCWD, \"/etc\", F_OK, AT_SYMLINK_NOFOLLOW|AT_EACCESS) = 0\n",
          LINUX_NR_faccessat2, 0, 0, NEG(LINUX_AT_FDCWD), p, 0,
          LINUX_AT_EACCESS | LINUX_AT_SYMLINK_NOFOLLOW);
    CHECK("faccessat(AT_FDCWD, \"/etc\", X_OK|0x8) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_faccessat, -LINUX_EINVAL, 0, NEG(LINUX_AT_FDCWD), p, 9);
    CHECK("faccessat(AT_FDCWD, \"/etc\", 0x8 /* ?_OK */) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_faccessat, -LINUX_EINVAL, 0, NEG(LINUX_AT_FDCWD), p, 8);
    CHECK("newfstatat(3, \"\", 0x7ffd0300, AT_EMPTY_PATH|0x10000) = -1 EBADF (Bad file "
          "descriptor)\n",
          LINUX_NR_newfstatat, -LINUX_EBADF, 0, 3, gstr(""), GBASE + 0x300,
          LINUX_AT_EMPTY_PATH | 0x10000);
    CHECK("lseek(3, 0, SEEK_CUR) = 100\n", LINUX_NR_lseek, 100, 0, 3, 0, LINUX_SEEK_CUR);
    CHECK("lseek(3, -5, 0x7 /* SEEK_??? */) = -1 EINVAL (Invalid argument)\n", LINUX_NR_lseek,
          -LINUX_EINVAL, 0, 3, NEG(-5), 7);
    CHECK("clock_gettime(0x63 /* CLOCK_??? */, 0x7ffd0300) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_clock_gettime, -LINUX_EINVAL, 0, 99, GBASE + 0x300);
    CHECK("clock_gettime(CLOCK_BOOTTIME, NULL) = -1 EFAULT (Bad address)\n",
          LINUX_NR_clock_gettime, -LINUX_EFAULT, 0, LINUX_CLOCK_BOOTTIME, 0);
    CHECK("wait4(-1, 0x7ffd0300, WNOHANG|WSTOPPED|WCONTINUED, NULL) = 0\n", LINUX_NR_wait4, 0, 0,
          NEG(-1), GBASE + 0x300, 1 | 2 | 8, 0);
    CHECK("umask(022) = 02\n", LINUX_NR_umask, 2, 0, 022);
}

static void test_fds(void **state)
{
    (void)state;
    uint64_t p = gstr("x");
    /* -100 is AT_FDCWD only where a dirfd is expected. */
    CHECK("openat(AT_FDCWD, \"x\", O_RDONLY) = 3\n", LINUX_NR_openat, 3, 0, NEG(-100), p, 0);
    CHECK("openat(-5, \"x\", O_RDONLY) = -1 EBADF (Bad file descriptor)\n", LINUX_NR_openat,
          -LINUX_EBADF, 0, NEG(-5), p, 0);
    CHECK("close(-100) = -1 EBADF (Bad file descriptor)\n", LINUX_NR_close, -LINUX_EBADF, 0,
          NEG(-100));
    CHECK("close(-1) = -1 EBADF (Bad file descriptor)\n", LINUX_NR_close, -LINUX_EBADF, 0,
          NEG(-1));
    /* Only the low 32 bits of an fd register count. */
    CHECK("close(3) = 0\n", LINUX_NR_close, 0, 0, 0xffffffff00000003ULL);
    CHECK("dup(3) = 15\n", LINUX_NR_dup, 15, 0, 3);
    CHECK("fchdir(9) = 0\n", LINUX_NR_fchdir, 0, 0, 9);
}

static void test_fcntl(void **state)
{
    (void)state;
    CHECK("fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)\n", LINUX_NR_fcntl, 1, 0, 3, LINUX_F_GETFD);
    CHECK("fcntl(3, F_GETFD) = 0\n", LINUX_NR_fcntl, 0, 0, 3, LINUX_F_GETFD);
    CHECK("fcntl(3, F_SETFD, FD_CLOEXEC) = 0\n", LINUX_NR_fcntl, 0, 0, 3, LINUX_F_SETFD, 1);
#ifdef RF_ARCH_ARM64
    CHECK("fcntl(3, F_GETFL) = 0x20002 (flags O_RDWR|O_LARGEFILE)\n", LINUX_NR_fcntl,
          LINUX_O_RDWR | LINUX_O_LARGEFILE, 0, 3, LINUX_F_GETFL);
#else
    CHECK("fcntl(3, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)\n", LINUX_NR_fcntl,
          LINUX_O_RDWR | LINUX_O_LARGEFILE, 0, 3, LINUX_F_GETFL);
#endif
    CHECK("fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n", LINUX_NR_fcntl, 0, 0, 3, LINUX_F_SETFL,
          LINUX_O_RDWR | LINUX_O_NONBLOCK);
    CHECK("fcntl(3, F_DUPFD_CLOEXEC, 0) = 12\n", LINUX_NR_fcntl, 12, 0, 3,
          LINUX_F_DUPFD_CLOEXEC, 0);
    CHECK("fcntl(3, 0x270f /* F_??? */, 0x1234) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_fcntl, -LINUX_EINVAL, 0, 3, 9999, 0x1234);
    int16_t fl[16] = { 0 };
    fl[0] = 2; /* F_UNLCK */
    CHECK("fcntl(3, F_GETLK, {l_type=F_UNLCK, l_whence=SEEK_SET, l_start=0, l_len=0, l_pid=0}) = "
          "0\n",
          LINUX_NR_fcntl, 0, 0, 3, LINUX_F_GETLK, gput(fl, sizeof(fl)));
}

/* ---------------------------------------------------------------------- */
/* Signals */

static void test_signals(void **state)
{
    (void)state;
    CHECK("kill(1234, SIGSEGV) = 0\n", LINUX_NR_kill, 0, 0, 1234, LINUX_SIGSEGV);
    CHECK("kill(1234, 0) = 0\n", LINUX_NR_kill, 0, 0, 1234, 0);
    CHECK("kill(-1, SIGRTMIN) = 0\n", LINUX_NR_kill, 0, 0, NEG(-1), 32);
    CHECK("kill(1234, SIGRT_2) = 0\n", LINUX_NR_kill, 0, 0, 1234, 34);
    CHECK("kill(1234, SIGRT_32) = 0\n", LINUX_NR_kill, 0, 0, 1234, 64);
    CHECK("kill(1234, 65) = -1 EINVAL (Invalid argument)\n", LINUX_NR_kill, -LINUX_EINVAL, 0,
          1234, 65);
    CHECK("tgkill(10, 11, SIGUSR1) = -1 ESRCH (No such process)\n", LINUX_NR_tgkill,
          -LINUX_ESRCH, 0, 10, 11, LINUX_SIGUSR1);
    CHECK("tkill(11, SIGTERM) = 0\n", LINUX_NR_tkill, 0, 0, 11, LINUX_SIGTERM);
}

static void test_sigprocmask(void **state)
{
    (void)state;
    uint64_t rt01 = (1ULL << 31) | (1ULL << 32);
    uint64_t zero = 0, all = ~0ULL, not_rt01 = ~rt01, low32 = 0xffffffffULL;
    uint64_t set = gput(&rt01, 8), old = gput(&zero, 8);
    CHECK("rt_sigprocmask(SIG_BLOCK, [RTMIN RT_1], [], 8) = 0\n", LINUX_NR_rt_sigprocmask, 0, 0,
          LINUX_SIG_BLOCK, set, old, 8);
    /* Two thirds of the bits set: the complement, as ~[...]. */
    CHECK("rt_sigprocmask(SIG_UNBLOCK, ~[RTMIN RT_1], NULL, 8) = 0\n", LINUX_NR_rt_sigprocmask,
          0, 0, LINUX_SIG_UNBLOCK, gput(&not_rt01, 8), 0, 8);
    CHECK("rt_sigprocmask(SIG_SETMASK, ~[], NULL, 8) = 0\n", LINUX_NR_rt_sigprocmask, 0, 0,
          LINUX_SIG_SETMASK, gput(&all, 8), 0, 8);
    CHECK("rt_sigprocmask(SIG_SETMASK, [HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 "
          "PIPE ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO "
          "PWR SYS RTMIN], NULL, 8) = 0\n",
          LINUX_NR_rt_sigprocmask, 0, 0, LINUX_SIG_SETMASK, gput(&low32, 8), 0, 8);
    /* Failed call: the old set is an address. Bad size: both are. */
    CHECK("rt_sigprocmask(0x7 /* SIG_??? */, [], 0x7ffd0400, 8) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_rt_sigprocmask, -LINUX_EINVAL, 0, 7, gput(&zero, 8), GBASE + 0x400, 8);
    CHECK("rt_sigprocmask(SIG_BLOCK, 0x7ffd0400, NULL, 4) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_rt_sigprocmask, -LINUX_EINVAL, 0, LINUX_SIG_BLOCK, GBASE + 0x400, 0, 4);
}

static void test_sigaction(void **state)
{
    (void)state;
    struct linux_sigaction act = {
        .handler = 0x1234,
        .flags = LINUX_SA_RESTORER | LINUX_SA_RESTART | LINUX_SA_SIGINFO,
        .restorer = 0x5678,
        .mask = (1ULL << (LINUX_SIGINT - 1)) | (1ULL << (LINUX_SIGTERM - 1)),
    };
    struct linux_sigaction old = { 0 };
    CHECK("rt_sigaction(SIGINT, {sa_handler=0x1234, sa_mask=[INT TERM], "
          "sa_flags=SA_RESTORER|SA_RESTART|SA_SIGINFO, sa_restorer=0x5678}, {sa_handler=SIG_DFL, "
          "sa_mask=[], sa_flags=0}, 8) = 0\n",
          LINUX_NR_rt_sigaction, 0, 0, LINUX_SIGINT, gput(&act, sizeof(act)),
          gput(&old, sizeof(old)), 8);
    struct linux_sigaction ign = { .handler = 1, .mask = ~0ULL };
    CHECK("rt_sigaction(SIGUSR1, {sa_handler=SIG_IGN, sa_mask=~[], sa_flags=0}, NULL, 8) = 0\n",
          LINUX_NR_rt_sigaction, 0, 0, LINUX_SIGUSR1, gput(&ign, sizeof(ign)), 0, 8);
    struct linux_sigaction odd = { .flags = LINUX_SA_RESTORER | 0x800, .restorer = 0x5678 };
    CHECK("rt_sigaction(SIGRT_8, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER|0x800, "
          "sa_restorer=0x5678}, 0x7ffd0500, 8) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_rt_sigaction, -LINUX_EINVAL, 0, 40, gput(&odd, sizeof(odd)), GBASE + 0x500, 8);
}

/* ---------------------------------------------------------------------- */
/* Structures */

static void test_stat(void **state)
{
    (void)state;
    struct linux_stat st;
    memset(&st, 0, sizeof(st));
    st.st_mode = LINUX_S_IFREG | 0644;
    st.st_size = 41727;
    CHECK("fstat(3, {st_mode=S_IFREG|0644, st_size=41727, ...}) = 0\n", LINUX_NR_fstat, 0, 0, 3,
          gput(&st, sizeof(st)));
    st.st_mode = LINUX_S_IFCHR | 0666;
    st.st_rdev = (1 << 8) | 3;
    CHECK("newfstatat(AT_FDCWD, \"/dev/null\", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), "
          "...}, 0) = 0\n",
          LINUX_NR_newfstatat, 0, 0, NEG(LINUX_AT_FDCWD), gstr("/dev/null"),
          gput(&st, sizeof(st)), 0);
    st.st_mode = LINUX_S_IFDIR | 01777;
    st.st_size = 4096;
    CHECK("newfstatat(AT_FDCWD, \"/tmp\", {st_mode=S_IFDIR|S_ISVTX|0777, st_size=4096, ...}, "
          "AT_SYMLINK_NOFOLLOW) = 0\n",
          LINUX_NR_newfstatat, 0, 0, NEG(LINUX_AT_FDCWD), gstr("/tmp"), gput(&st, sizeof(st)),
          LINUX_AT_SYMLINK_NOFOLLOW);
    CHECK("fstat(3, NULL) = -1 EFAULT (Bad address)\n", LINUX_NR_fstat, -LINUX_EFAULT, 0, 3, 0);

    struct linux_statx stx;
    memset(&stx, 0, sizeof(stx));
    stx.stx_mask = 0x1fff;
    stx.stx_attributes = 0x2000;
    stx.stx_mode = LINUX_S_IFDIR | 0755;
    stx.stx_size = 4096;
    CHECK("statx(AT_FDCWD, \"/\", AT_STATX_SYNC_AS_STAT, STATX_ALL, {stx_mask=STATX_ALL|"
          "STATX_MNT_ID, stx_attributes=STATX_ATTR_MOUNT_ROOT, stx_mode=S_IFDIR|0755, "
          "stx_size=4096, ...}) = 0\n",
          LINUX_NR_statx, 0, 0, NEG(LINUX_AT_FDCWD), gstr("/"), 0, 0xfff,
          gput(&stx, sizeof(stx)));
    CHECK("statx(3, \"\", AT_STATX_DONT_SYNC|AT_EMPTY_PATH, STATX_TYPE, 0x7ffd0600) = -1 ENOENT "
          "(No such file or directory)\n",
          LINUX_NR_statx, -LINUX_ENOENT, 0, 3, gstr(""), 0x4000 | LINUX_AT_EMPTY_PATH, 1,
          GBASE + 0x600);
}

static void test_time_and_limits(void **state)
{
    (void)state;
    struct linux_timespec ts = { 424, 564971626 };
    CHECK("clock_gettime(CLOCK_MONOTONIC, {tv_sec=424, tv_nsec=564971626}) = 0\n",
          LINUX_NR_clock_gettime, 0, 0, LINUX_CLOCK_MONOTONIC, gput(&ts, sizeof(ts)));
    struct linux_timespec req = { 1, 0 }, rem = { 0, 5 };
    uint64_t rq = gput(&req, sizeof(req)), rm = gat(0x700, &rem, sizeof(rem));
    CHECK("nanosleep({tv_sec=1, tv_nsec=0}, 0x7ffd0700) = 0\n", LINUX_NR_nanosleep, 0, 0, rq, rm);
    /* rem is only meaningful when a signal interrupted the sleep. */
    CHECK("nanosleep({tv_sec=1, tv_nsec=0}, {tv_sec=0, tv_nsec=5}) = ? ERESTART_RESTARTBLOCK "
          "(Interrupted by signal)\n",
          LINUX_NR_nanosleep, -LINUX_ERESTART_RESTARTBLOCK, 0, rq, rm);

    struct linux_rlimit rl = { 8192 * 1024, LINUX_RLIM_INFINITY };
    CHECK("prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0\n",
          LINUX_NR_prlimit64, 0, 0, 0, LINUX_RLIMIT_STACK, 0, gput(&rl, sizeof(rl)));
    struct linux_rlimit small = { 1024, 1000 };
    CHECK("prlimit64(0, RLIMIT_NOFILE, {rlim_cur=1024, rlim_max=1000}, NULL) = -1 EPERM "
          "(Operation not permitted)\n",
          LINUX_NR_prlimit64, -LINUX_EPERM, 0, 0, LINUX_RLIMIT_NOFILE,
          gput(&small, sizeof(small)), 0);
    CHECK("prlimit64(0, 0x63 /* RLIMIT_??? */, NULL, 0x7ffd0800) = -1 EINVAL (Invalid "
          "argument)\n",
          LINUX_NR_prlimit64, -LINUX_EINVAL, 0, 0, 99, 0, GBASE + 0x800);

    CHECK("ioprio_get(IOPRIO_WHO_PGRP, 0) = 16388 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4))\n",
          LINUX_NR_ioprio_get, 16388, 0, LINUX_IOPRIO_WHO_PGRP, 0);
    CHECK("ioprio_get(0 /* IOPRIO_WHO_??? */, 0) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_ioprio_get, -LINUX_EINVAL, 0, 0, 0);
    CHECK("ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 0)) = 0\n",
          LINUX_NR_ioprio_set, 0, 0, LINUX_IOPRIO_WHO_PROCESS, 0, 3 << 13);
    CHECK("ioprio_set(IOPRIO_WHO_USER, 1000, IOPRIO_PRIO_VALUE(7, 1)) = -1 EINVAL (Invalid "
          "argument)\n",
          LINUX_NR_ioprio_set, -LINUX_EINVAL, 0, LINUX_IOPRIO_WHO_USER, 1000, 7 << 13 | 1);

    /* POSIX timers, each line as strace 5.x+ printed it for tests/e2e/progs/ptimer.c. */
    int32_t tid = 9;
    uint64_t idp = gput(&tid, sizeof(tid));
    CHECK("timer_create(CLOCK_MONOTONIC, NULL, [9]) = 0\n", LINUX_NR_timer_create, 0, 0,
          LINUX_CLOCK_MONOTONIC, 0, idp);
    struct linux_sigevent ev = {.value = 42, .signo = LINUX_SIGUSR1, .notify = LINUX_SIGEV_SIGNAL};
    CHECK("timer_create(CLOCK_MONOTONIC, {sigev_value={sival_int=42, sival_ptr=0x2a}, "
          "sigev_signo=SIGUSR1, sigev_notify=SIGEV_SIGNAL}, [9]) = 0\n",
          LINUX_NR_timer_create, 0, 0, LINUX_CLOCK_MONOTONIC, gput(&ev, sizeof(ev)), idp);
    struct linux_sigevent evt = {.signo = LINUX_SIGUSR1, .notify = LINUX_SIGEV_THREAD_ID,
                                 .tid = 30023};
    CHECK("timer_create(CLOCK_MONOTONIC, {sigev_signo=SIGUSR1, sigev_notify=SIGEV_THREAD_ID, "
          "sigev_notify_thread_id=30023}, 0x7ffd0c0c) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_timer_create, -LINUX_EINVAL, 0, LINUX_CLOCK_MONOTONIC,
          gput(&evt, sizeof(evt)), GBASE + 0xc0c);
    struct linux_sigevent evn = {.notify = LINUX_SIGEV_NONE};
    CHECK("timer_create(CLOCK_MONOTONIC, {sigev_signo=0, sigev_notify=SIGEV_NONE}, [9]) = 0\n",
          LINUX_NR_timer_create, 0, 0, LINUX_CLOCK_MONOTONIC, gput(&evn, sizeof(evn)), idp);
    struct linux_sigevent ev7 = {.signo = LINUX_SIGUSR1, .notify = 7};
    CHECK("timer_create(0x63 /* CLOCK_??? */, {sigev_signo=10, sigev_notify=0x7 /* SIGEV_??? */}, "
          "0x8) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_timer_create, -LINUX_EINVAL, 0, 99, gput(&ev7, sizeof(ev7)), 8);
    struct linux_itimerspec its = {{0, 10000000}, {0, 10000000}};
    struct linux_itimerspec old = {{0, 10000000}, {0, 9053465}};
    CHECK("timer_settime(10, 0, {it_interval={tv_sec=0, tv_nsec=10000000}, it_value={tv_sec=0, "
          "tv_nsec=10000000}}, {it_interval={tv_sec=0, tv_nsec=10000000}, it_value={tv_sec=0, "
          "tv_nsec=9053465}}) = 0\n",
          LINUX_NR_timer_settime, 0, 0, 10, 0, gput(&its, sizeof(its)), gput(&old, sizeof(old)));
    CHECK("timer_settime(8, TIMER_ABSTIME, NULL, NULL) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_timer_settime, -LINUX_EINVAL, 0, 8, LINUX_TIMER_ABSTIME, 0, 0);
    CHECK("timer_gettime(999, 0x7ffd0c30) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_timer_gettime, -LINUX_EINVAL, 0, 999, GBASE + 0xc30);
    CHECK("timer_getoverrun(10) = 14\n", LINUX_NR_timer_getoverrun, 14, 0, 10);
    CHECK("timer_delete(-1) = -1 EINVAL (Invalid argument)\n", LINUX_NR_timer_delete,
          -LINUX_EINVAL, 0, NEG(-1));

    /* timerfd, as strace printed tests/e2e/progs/timerfd.c: one flag table for both calls. */
    CHECK("timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC) = 3\n", LINUX_NR_timerfd_create, 3, 0,
          LINUX_CLOCK_MONOTONIC, LINUX_TFD_CLOEXEC);
    CHECK("timerfd_create(CLOCK_MONOTONIC, TFD_TIMER_ABSTIME) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_timerfd_create, -LINUX_EINVAL, 0, LINUX_CLOCK_MONOTONIC, 1);
    struct linux_itimerspec tv = {{0, 0}, {0, 1000000}};
    CHECK("timerfd_settime(3, 0x4 /* TFD_??? */, {it_interval={tv_sec=0, tv_nsec=0}, "
          "it_value={tv_sec=0, tv_nsec=1000000}}, NULL) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_timerfd_settime, -LINUX_EINVAL, 0, 3, 4, gput(&tv, sizeof(tv)), 0);
    CHECK("timerfd_settime(3, TFD_TIMER_ABSTIME|TFD_TIMER_CANCEL_ON_SET, {it_interval={tv_sec=0, "
          "tv_nsec=10000000}, it_value={tv_sec=0, tv_nsec=10000000}}, {it_interval={tv_sec=0, "
          "tv_nsec=10000000}, it_value={tv_sec=0, tv_nsec=9053465}}) = 0\n",
          LINUX_NR_timerfd_settime, 0, 0, 3, 3, gput(&its, sizeof(its)), gput(&old, sizeof(old)));
    /* Credentials, as strace printed tests/e2e/progs/creds.c. */
    uint32_t gl[2] = {1005, 1003};
    CHECK("setgroups(2, [1005, 1003]) = 0\n", LINUX_NR_setgroups, 0, 0, 2, gput(gl, sizeof(gl)));
    CHECK("setgroups(0, NULL) = -1 EPERM (Operation not permitted)\n", LINUX_NR_setgroups,
          -LINUX_EPERM, 0, 0, 0);
    CHECK("setgroups(2, 0x8) = -1 EFAULT (Bad address)\n", LINUX_NR_setgroups, -LINUX_EFAULT, 0,
          2, 8);
    uint32_t sorted[2] = {1003, 1005};
    CHECK("getgroups(16, [1003, 1005]) = 2\n", LINUX_NR_getgroups, 2, 0, 16,
          gput(sorted, sizeof(sorted)));
    CHECK("getgroups(16, []) = 0\n", LINUX_NR_getgroups, 0, 0, 16, gput(gl, sizeof(gl)));
    CHECK("setresuid(-1, 7, -1) = -1 EPERM (Operation not permitted)\n", LINUX_NR_setresuid,
          -LINUX_EPERM, 0, 0xffffffffU, 7, 0xffffffffU);
    CHECK("setfsuid(1000) = 1001\n", LINUX_NR_setfsuid, 1001, 0, 1000);

    /* signalfd4, as strace printed tests/e2e/progs/signalfd.c. */
    uint64_t sfd_set = (1ULL << 9) | (1ULL << 16) | (1ULL << 33) | (1ULL << 34);
    CHECK("signalfd4(-1, [USR1 CHLD RT_2 RT_3], 8, SFD_CLOEXEC|SFD_NONBLOCK) = 3\n",
          LINUX_NR_signalfd4, 3, 0, NEG(-1), gput(&sfd_set, sizeof(sfd_set)), 8,
          LINUX_SFD_CLOEXEC | LINUX_SFD_NONBLOCK);
    CHECK("signalfd4(-1, [USR1 CHLD RT_2 RT_3], 8, 0x1 /* SFD_??? */) = -1 EINVAL (Invalid "
          "argument)\n",
          LINUX_NR_signalfd4, -LINUX_EINVAL, 0, NEG(-1), gput(&sfd_set, sizeof(sfd_set)), 8, 1);
    CHECK("timerfd_gettime(-1, 0x7ffd0c30) = -1 EBADF (Bad file descriptor)\n",
          LINUX_NR_timerfd_gettime, -LINUX_EBADF, 0, NEG(-1), GBASE + 0xc30);
}

static void test_uname_and_ids(void **state)
{
    (void)state;
    struct linux_utsname u;
    memset(&u, 0, sizeof(u));
    strcpy(u.sysname, "Linux");
    strcpy(u.nodename, "vm");
    CHECK("uname({sysname=\"Linux\", nodename=\"vm\", ...}) = 0\n", LINUX_NR_uname, 0, 0,
          gput(&u, sizeof(u)));
    CHECK("uname(NULL) = -1 EFAULT (Bad address)\n", LINUX_NR_uname, -LINUX_EFAULT, 0, 0);
    CHECK("getpid() = 42\n", LINUX_NR_getpid, 42, 0, 0);
    CHECK("gettid() = 43\n", LINUX_NR_gettid, 43, 0, 0);
    CHECK("getuid() = 0\n", LINUX_NR_getuid, 0, 0, 0);
    CHECK("set_tid_address(0x7ffd0a10) = 43\n", LINUX_NR_set_tid_address, 43, 0, 0x7ffd0a10);
}

/* A msghdr in fake guest memory. */
static uint64_t put_msghdr(uint64_t name, int32_t namelen, uint64_t iov, uint64_t iovlen,
                           uint64_t control, uint64_t controllen, uint32_t flags)
{
    struct linux_msghdr m = { .msg_name = name, .msg_namelen = namelen, .msg_iov = iov,
                              .msg_iovlen = iovlen, .msg_control = control,
                              .msg_controllen = controllen, .msg_flags = flags };
    return gput(&m, sizeof(m));
}

/* A control message of @type at @level with @len bytes of @data, cmsg_len @cmsg_len. */
static size_t put_cmsg(unsigned char *buf, uint64_t cmsg_len, int level, int type,
                       const void *data, size_t len)
{
    struct linux_cmsghdr h = { cmsg_len, level, type };
    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), data, len);
    return sizeof(h) + len;
}

/*
 * Lines of strace 6.1 tracing tests/e2e/progs/unixmsg on Linux 6.18, with the
 * guest addresses of this fake memory.
 */
static void test_msg(void **state)
{
    (void)state;
    /* sendmsg: every buffer shown; no control data, no msg_control field. */
    struct linux_iovec w[3] = { { gstr("ab"), 2 }, { gstr("cde"), 3 }, { gstr(""), 0 } };
    CHECK("sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"ab\", iov_len=2}, "
          "{iov_base=\"cde\", iov_len=3}, {iov_base=\"\", iov_len=0}], msg_iovlen=3, "
          "msg_controllen=0, msg_flags=0}, 0) = 5\n",
          LINUX_NR_sendmsg, 5, 0, 3, put_msghdr(0, 0, gput(w, sizeof(w)), 3, 0, 0, 0), 0);
    CHECK("sendmsg(3, 0x8, 0) = -1 EFAULT (Bad address)\n", LINUX_NR_sendmsg, -LINUX_EFAULT, 0, 3,
          8, 0);
    CHECK("sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=0x8, msg_iovlen=1, "
          "msg_controllen=0, msg_flags=0}, 0) = -1 EFAULT (Bad address)\n",
          LINUX_NR_sendmsg, -LINUX_EFAULT, 0, 3, put_msghdr(0, 0, 8, 1, 0, 0, 0), 0);

    /* recvmsg: the ret bytes over the buffers, msg_namelen as passed => as returned. */
    struct linux_iovec r[2] = { { gstr("ab"), 2 }, { gstr("cde"), 10 } };
    uint64_t name = gat(0x200, "\1\0", 2);
    uint64_t rm = put_msghdr(name, 0, gput(r, sizeof(r)), 2, 0, 0, 0);
    const struct strace_mem passed = { .ctx = NULL, .read = fake_read, .has_entry = 1,
                                       .entry_namelen = 110 };
    const uint64_t ra[6] = { 4, rm, 0 };
    strace_format(line, sizeof(line), LINUX_NR_recvmsg, ra, 5, 0, &passed);
    assert_string_equal(line, "recvmsg(4, {msg_name=0x7ffd0200, msg_namelen=110 => 0, "
                              "msg_iov=[{iov_base=\"ab\", iov_len=2}, {iov_base=\"cde\", "
                              "iov_len=10}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, 0) = 5\n");
    /* A failed recvmsg shows only the name length passed. */
    CHECK("recvmsg(4, {msg_namelen=0}, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily "
          "unavailable)\n",
          LINUX_NR_recvmsg, -LINUX_EAGAIN, 0, 4, put_msghdr(0, 0, 0, 0, 0, 0, 0),
          LINUX_MSG_DONTWAIT);
    CHECK("recvmsg(4, 0x8, MSG_DONTWAIT) = -1 EFAULT (Bad address)\n", LINUX_NR_recvmsg,
          -LINUX_EFAULT, 0, 4, 8, LINUX_MSG_DONTWAIT);
    struct linux_iovec z = { gstr(""), 0 };
    CHECK("recvmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"\", iov_len=0}], "
          "msg_iovlen=1, msg_controllen=0, msg_flags=MSG_TRUNC}, MSG_PEEK|MSG_TRUNC) = 5\n",
          LINUX_NR_recvmsg, 5, 0, 4,
          put_msghdr(0, 0, gput(&z, sizeof(z)), 1, 0, 0, LINUX_MSG_TRUNC),
          LINUX_MSG_PEEK | LINUX_MSG_TRUNC);

    /* SCM_RIGHTS going out and coming in, cut short by the receiver's buffer. */
    unsigned char c[64];
    int32_t fds[3] = { 6, 7, 8 };
    memset(c, 0, sizeof(c));
    put_cmsg(c, 20, LINUX_SOL_SOCKET, LINUX_SCM_RIGHTS, fds, 4);
    struct linux_iovec fd1 = { gstr("fd"), 2 };
    CHECK("sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"fd\", iov_len=2}], "
          "msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, "
          "cmsg_data=[6]}], msg_controllen=24, msg_flags=0}, 0) = 2\n",
          LINUX_NR_sendmsg, 2, 0, 3,
          put_msghdr(0, 0, gput(&fd1, sizeof(fd1)), 1, gput(c, 24), 24, 0), 0);
    memset(c, 0, sizeof(c));
    put_cmsg(c, 24, LINUX_SOL_SOCKET, LINUX_SCM_RIGHTS, fds + 1, 8);
    struct linux_iovec ct = { gstr("ctrunc"), 63 };
    CHECK("recvmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"ctrunc\", "
          "iov_len=63}], msg_iovlen=1, msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, "
          "cmsg_type=SCM_RIGHTS, cmsg_data=[7, 8]}], msg_controllen=24, msg_flags=MSG_CTRUNC}, "
          "0) = 6\n",
          LINUX_NR_recvmsg, 6, 0, 4,
          put_msghdr(0, 0, gput(&ct, sizeof(ct)), 1, gput(c, 24), 24, LINUX_MSG_CTRUNC), 0);

    /* Credentials, a header too short, an unknown type, another level. */
    struct linux_ucred u = { 18964, 0, 0 };
    memset(c, 0, sizeof(c));
    put_cmsg(c, 28, LINUX_SOL_SOCKET, LINUX_SCM_CREDENTIALS, &u, sizeof(u));
    struct linux_iovec cr = { gstr("cred"), 63 };
    CHECK("recvmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"cred\", iov_len=63}], "
          "msg_iovlen=1, msg_control=[{cmsg_len=28, cmsg_level=SOL_SOCKET, "
          "cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=18964, uid=0, gid=0}}], msg_controllen=32, "
          "msg_flags=0}, 0) = 4\n",
          LINUX_NR_recvmsg, 4, 0, 4, put_msghdr(0, 0, gput(&cr, sizeof(cr)), 1, gput(c, 32), 32, 0),
          0);
    struct linux_iovec x = { gstr("x"), 1 };
    uint64_t xv = gput(&x, sizeof(x));
    memset(c, 0, sizeof(c));
    put_cmsg(c, 8, LINUX_SOL_SOCKET, LINUX_SCM_RIGHTS, fds, 4);
    CHECK("sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"x\", iov_len=1}], "
          "msg_iovlen=1, msg_control=[{cmsg_len=8, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS}, "
          "... /* 0x7ffd0310 */], msg_controllen=24, msg_flags=0}, 0) = -1 EINVAL (Invalid "
          "argument)\n",
          LINUX_NR_sendmsg, -LINUX_EINVAL, 0, 3, put_msghdr(0, 0, xv, 1, gat(0x300, c, 24), 24, 0),
          0);
    memset(c, 0, sizeof(c));
    put_cmsg(c, 20, LINUX_SOL_SOCKET, 77, fds, 4);
    CHECK("sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"x\", iov_len=1}], "
          "msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=0x4d /* "
          "SCM_??? */}], msg_controllen=24, msg_flags=0}, 0) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_sendmsg, -LINUX_EINVAL, 0, 3, put_msghdr(0, 0, xv, 1, gput(c, 24), 24, 0), 0);
    memset(c, 0, sizeof(c));
    put_cmsg(c, 20, 6, 77, fds, 4);
    CHECK("sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"x\", iov_len=1}], "
          "msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_TCP, cmsg_type=0x4d}], "
          "msg_controllen=24, msg_flags=0}, 0) = 1\n",
          LINUX_NR_sendmsg, 1, 0, 3, put_msghdr(0, 0, xv, 1, gput(c, 24), 24, 0), 0);
    CHECK("sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"x\", iov_len=1}], "
          "msg_iovlen=1, msg_control=0x8, msg_controllen=24, msg_flags=0}, 0) = -1 EFAULT (Bad "
          "address)\n",
          LINUX_NR_sendmsg, -LINUX_EFAULT, 0, 3, put_msghdr(0, 0, xv, 1, 8, 24, 0), 0);
    CHECK("sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"x\", iov_len=1}], "
          "msg_iovlen=1, msg_controllen=0, msg_flags=0}, MSG_NOSIGNAL) = -1 EPIPE (Broken pipe)\n",
          LINUX_NR_sendmsg, -LINUX_EPIPE, 0, 3, put_msghdr(0, 0, xv, 1, 0, 0, 0),
          LINUX_MSG_NOSIGNAL);
}

/* sendmmsg/recvmmsg: strace 6.1 lines, as test_msg's. */
static void test_mmsg(void **state)
{
    (void)state;
    struct linux_iovec v[3] = { { gstr("first"), 5 }, { gstr("2nd"), 3 }, { gstr(""), 0 } };
    struct linux_mmsghdr mm[3];
    memset(mm, 0, sizeof(mm));
    for (int i = 0; i < 3; i++) {
        mm[i].msg_hdr.msg_iov = gput(&v[i], sizeof(v[i]));
        mm[i].msg_hdr.msg_iovlen = 1;
    }
    mm[0].msg_len = 5;
    mm[1].msg_len = 3;
    uint64_t vec = gput(mm, sizeof(mm));
    CHECK("sendmmsg(3, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"first\", "
          "iov_len=5}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=5}, "
          "{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"2nd\", iov_len=3}], "
          "msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}, {msg_hdr={msg_name=NULL, "
          "msg_namelen=0, msg_iov=[{iov_base=\"\", iov_len=0}], msg_iovlen=1, msg_controllen=0, "
          "msg_flags=0}, msg_len=0}], 3, 0) = 3\n",
          LINUX_NR_sendmmsg, 3, 0, 3, vec, 3, 0);
    /* Only the first went: the others have no msg_len. */
    CHECK("sendmmsg(3, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"first\", "
          "iov_len=5}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=5}, "
          "{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"2nd\", iov_len=3}], "
          "msg_iovlen=1, msg_controllen=0, msg_flags=0}}], 2, 0) = 1\n",
          LINUX_NR_sendmmsg, 1, 0, 3, vec, 2, 0);
    CHECK("sendmmsg(3, [], 0, 0) = 0\n", LINUX_NR_sendmmsg, 0, 0, 3, vec, 0, 0);

    /* recvmmsg: the entries received, each cut to its msg_len. */
    struct linux_iovec r[3] = { { gstr("firs"), 4 }, { gstr("2nd"), 4 }, { gstr(""), 4 } };
    for (int i = 0; i < 3; i++)
        mm[i].msg_hdr.msg_iov = gput(&r[i], sizeof(r[i]));
    mm[0].msg_len = 4;
    mm[0].msg_hdr.msg_flags = LINUX_MSG_TRUNC;
    vec = gput(mm, sizeof(mm));
    CHECK("recvmmsg(4, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"firs\", "
          "iov_len=4}], msg_iovlen=1, msg_controllen=0, msg_flags=MSG_TRUNC}, msg_len=4}, "
          "{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"2nd\", iov_len=4}], "
          "msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}, {msg_hdr={msg_name=NULL, "
          "msg_namelen=0, msg_iov=[{iov_base=\"\", iov_len=4}], msg_iovlen=1, msg_controllen=0, "
          "msg_flags=0}, msg_len=0}], 4, MSG_DONTWAIT, NULL) = 3\n",
          LINUX_NR_recvmmsg, 3, 0, 4, vec, 4, LINUX_MSG_DONTWAIT, 0);
    CHECK("recvmmsg(4, 0x7ffd0400, 4, MSG_DONTWAIT, NULL) = -1 EAGAIN (Resource temporarily "
          "unavailable)\n",
          LINUX_NR_recvmmsg, -LINUX_EAGAIN, 0, 4, gat(0x400, mm, sizeof(mm)), 4,
          LINUX_MSG_DONTWAIT, 0);
    /* A timeout: as passed, then what is left after the result. */
    struct linux_iovec hi = { gstr("hi"), 8 };
    struct linux_mmsghdr one;
    memset(&one, 0, sizeof(one));
    one.msg_hdr.msg_iov = gput(&hi, sizeof(hi));
    one.msg_hdr.msg_iovlen = 1;
    one.msg_len = 2;
    struct linux_timespec left = { 4, 999980433 };
    const uint64_t ra[6] = { 4, gput(&one, sizeof(one)), 2, LINUX_MSG_WAITFORONE,
                             gput(&left, sizeof(left)) };
    const struct strace_mem passed = { .ctx = NULL, .read = fake_read, .has_entry_ts = 1,
                                       .entry_ts = { 5, 0 } };
    strace_format(line, sizeof(line), LINUX_NR_recvmmsg, ra, 1, 0, &passed);
    assert_string_equal(line, "recvmmsg(4, [{msg_hdr={msg_name=NULL, msg_namelen=0, "
                              "msg_iov=[{iov_base=\"hi\", iov_len=8}], msg_iovlen=1, "
                              "msg_controllen=0, msg_flags=0}, msg_len=2}], 2, MSG_WAITFORONE, "
                              "{tv_sec=5, tv_nsec=0}) = 1 (left {tv_sec=4, tv_nsec=999980433})\n");
}

static void test_iovec(void **state)
{
    (void)state;
    struct linux_iovec w[3] = {
        { gstr("abc"), 3 },
        { gstr("de\nf"), 4 },
        { 0, 0 },
    };
    CHECK("writev(1, [{iov_base=\"abc\", iov_len=3}, {iov_base=\"de\\nf\", iov_len=4}, "
          "{iov_base=NULL, iov_len=0}], 3) = 7\n",
          LINUX_NR_writev, 7, 0, 1, gput(w, sizeof(w)), 3);
    /* readv: the ret bytes are spread over the buffers in order. */
    struct linux_iovec r[2] = { { gat(0x900, "ab", 2), 2 }, { gat(0x910, "cde\nf", 5), 10 } };
    uint64_t rv = gput(r, sizeof(r));
    CHECK("readv(3, [{iov_base=\"ab\", iov_len=2}, {iov_base=\"cde\\nf\", iov_len=10}], 2) = 7\n",
          LINUX_NR_readv, 7, 0, 3, rv, 2);
    CHECK("readv(3, [{iov_base=\"a\", iov_len=2}, {iov_base=\"\", iov_len=10}], 2) = 1\n",
          LINUX_NR_readv, 1, 0, 3, rv, 2);
    CHECK("readv(99, [{iov_base=0x7ffd0900, iov_len=2}, {iov_base=0x7ffd0910, iov_len=10}], 2) = "
          "-1 EBADF (Bad file descriptor)\n",
          LINUX_NR_readv, -LINUX_EBADF, 0, 99, rv, 2);
    CHECK("writev(1, [], 0) = 0\n", LINUX_NR_writev, 0, 0, 1, rv, 0);
    CHECK("writev(1, NULL, 3) = -1 EFAULT (Bad address)\n", LINUX_NR_writev, -LINUX_EFAULT, 0, 1,
          0, 3);
    CHECK("writev(1, 0x10, 2) = -1 EFAULT (Bad address)\n", LINUX_NR_writev, -LINUX_EFAULT, 0, 1,
          0x10, 2);
    /* An array that runs into unmapped memory after its first element. */
    uint64_t edge = gat(GSIZE - 16, w, 16);
    CHECK("writev(1, [{iov_base=\"abc\", iov_len=3}, ... /* 0x7ffe0000 */], 2) = 3\n",
          LINUX_NR_writev, 3, 0, 1, edge, 2);
}

static void test_execve(void **state)
{
    (void)state;
    uint64_t argv[4] = { gstr("/bin/true"), gstr("arg with space"),
                         gstr("01234567890123456789012345678901234567"), 0 };
    uint64_t envp[2] = { gstr("A=1"), 0 };
    uint64_t av = gput(argv, sizeof(argv));
    uint64_t ev = gat(0xa00, envp, sizeof(envp));
    CHECK("execve(\"/bin/true\", [\"/bin/true\", \"arg with space\", "
          "\"01234567890123456789012345678901\"...], 0x7ffd0a00 /* 1 var */) = ?\n",
          LINUX_NR_execve, 0, 1, argv[0], av, ev);
    CHECK("execve(\"/nonexistent\", NULL, NULL) = -1 ENOENT (No such file or directory)\n",
          LINUX_NR_execve, -LINUX_ENOENT, 0, gstr("/nonexistent"), 0, 0);
    uint64_t empty = gat(0xa20, (const uint64_t[]){ 0 }, 8);
    CHECK("execve(\"/bin/true\", [], 0x7ffd0a20 /* 0 vars */) = -1 ENOENT (No such file or "
          "directory)\n",
          LINUX_NR_execve, -LINUX_ENOENT, 0, argv[0], empty, empty);
    CHECK("execve(\"/bin/true\", 0x8, 0x8) = -1 EFAULT (Bad address)\n", LINUX_NR_execve,
          -LINUX_EFAULT, 0, argv[0], 8, 8);
    /* More than 32 arguments: strace stops at 32 with "...". */
    uint64_t many[40];
    uint64_t x = gstr("x");
    for (int i = 0; i < 39; i++)
        many[i] = x;
    many[39] = 0;
    uint64_t mv = gput(many, sizeof(many));
    strace_format(line, sizeof(line), LINUX_NR_execve, (const uint64_t[6]){ x, mv, mv }, 0, 1,
                  &mem);
    assert_non_null(strstr(line, "\"x\", \"x\", ...], 0x"));
    assert_non_null(strstr(line, " /* 39 vars */) = ?\n"));
}

static void test_wait_and_clone(void **state)
{
    (void)state;
    int32_t exited3 = 3 << 8, killed = LINUX_SIGKILL, core = LINUX_SIGSEGV | 0x80;
    int32_t stopped = (LINUX_SIGSTOP << 8) | 0x7f;
    CHECK("wait4(1234, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 1234\n",
          LINUX_NR_wait4, 1234, 0, 1234, gput(&exited3, 4), 0, 0);
    CHECK("wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}], __WALL, NULL) = 1234\n",
          LINUX_NR_wait4, 1234, 0, NEG(-1), gput(&killed, 4), 0x40000000, 0);
    CHECK("wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}], 0, NULL) = "
          "1234\n",
          LINUX_NR_wait4, 1234, 0, NEG(-1), gput(&core, 4), 0, 0);
    CHECK("wait4(-1, [{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}], WSTOPPED, NULL) = 1234\n",
          LINUX_NR_wait4, 1234, 0, NEG(-1), gput(&stopped, 4), 2, 0);
    struct linux_timeval ru[2] = { { 0, 202 }, { 0, 0 } };
    CHECK("wait4(1234, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, {ru_utime={tv_sec=0, "
          "tv_usec=202}, ru_stime={tv_sec=0, tv_usec=0}, ...}) = 1234\n",
          LINUX_NR_wait4, 1234, 0, 1234, gput(&exited3, 4), 0, gput(ru, sizeof(ru)));

    const uint64_t clear_set = 0x00200000 | 0x01000000; /* CHILD_CLEARTID|CHILD_SETTID */
#ifdef RF_ARCH_ARM64
    CHECK("clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
          "child_tidptr=0x7ffd0a10) = 1235\n",
          LINUX_NR_clone, 1235, 0, clear_set | LINUX_SIGCHLD, 0, 0, 0, 0x7ffd0a10);
#else
    CHECK("clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
          "child_tidptr=0x7ffd0a10) = 1235\n",
          LINUX_NR_clone, 1235, 0, clear_set | LINUX_SIGCHLD, 0, 0, 0x7ffd0a10, 0);
#endif
    int32_t tid = 1236;
    CHECK("clone(child_stack=NULL, flags=CLONE_FS|CLONE_PARENT_SETTID|SIGUSR1, parent_tid=[1236]) "
          "= 1236\n",
          LINUX_NR_clone, 1236, 0, 0x200 | 0x00100000 | LINUX_SIGUSR1, 0, gput(&tid, 4));
    CHECK("clone(child_stack=NULL, flags=0) = 1237\n", LINUX_NR_clone, 1237, 0, 0);
#ifdef LINUX_NR_vfork
    CHECK("vfork() = 1238\n", LINUX_NR_vfork, 1238, 0, 0);
#endif
}

static void test_getdents_and_paths(void **state)
{
    (void)state;
    unsigned char d[72];
    memset(d, 0, sizeof(d));
    for (int i = 0; i < 3; i++)
        d[i * 24 + 16] = 24; /* d_reclen */
    uint64_t dp = gat(0xb00, d, sizeof(d));
    CHECK("getdents64(3, 0x7ffd0b00 /* 3 entries */, 32768) = 72\n", LINUX_NR_getdents64, 72, 0,
          3, dp, 32768);
    CHECK("getdents64(3, 0x7ffd0b00 /* 0 entries */, 32768) = 0\n", LINUX_NR_getdents64, 0, 0, 3,
          dp, 32768);
    CHECK("getdents64(99, 0x7ffd0b00, 32768) = -1 EBADF (Bad file descriptor)\n",
          LINUX_NR_getdents64, -LINUX_EBADF, 0, 99, dp, 32768);

    CHECK("getcwd(\"/tmp/sx\", 4096) = 8\n", LINUX_NR_getcwd, 8, 0, gstr("/tmp/sx"), 4096);
    CHECK("getcwd(0x7ffd0c00, 1) = -1 ERANGE (Numerical result out of range)\n", LINUX_NR_getcwd,
          -LINUX_ERANGE, 0, GBASE + 0xc00, 1);
    /* readlink's buffer is not NUL-terminated: exactly ret bytes, cut at 32. */
    uint64_t target = gstr("/tmp/sx/a_very_long_target_name_for_readlink");
    CHECK("readlinkat(AT_FDCWD, \"/proc/self/exe\", \"/tmp/sx/a_very_long_target_name_\"..., "
          "256) = 44\n",
          LINUX_NR_readlinkat, 44, 0, NEG(LINUX_AT_FDCWD), gstr("/proc/self/exe"), target, 256);
    CHECK("readlinkat(AT_FDCWD, \"/proc/self/cwd\", \"/tm\", 3) = 3\n", LINUX_NR_readlinkat, 3, 0,
          NEG(LINUX_AT_FDCWD), gstr("/proc/self/cwd"), target, 3);

    /* A path longer than PATH_MAX - 1 is cut there with "...". */
    static char longp[5000];
    memset(longp, 'p', sizeof(longp) - 1);
    uint64_t lp = gput(longp, sizeof(longp));
    strace_format(line, sizeof(line), LINUX_NR_chdir, (const uint64_t[6]){ lp }, 0, 0, &mem);
    assert_int_equal(strlen(line), strlen("chdir(\"") + 4095 + strlen("\"...) = 0\n"));
    assert_non_null(strstr(line, "ppp\"...) = 0\n"));
}

static void test_ioctl(void **state)
{
    (void)state;
    CHECK("ioctl(3, TCGETS, 0x7ffd0d00) = -1 ENOTTY (Inappropriate ioctl for device)\n",
          LINUX_NR_ioctl, -LINUX_ENOTTY, 0, 3, LINUX_TCGETS, GBASE + 0xd00);
    struct linux_winsize ws = { 24, 80, 0, 0 };
    CHECK("ioctl(1, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0\n",
          LINUX_NR_ioctl, 0, 0, 1, LINUX_TIOCGWINSZ, gput(&ws, sizeof(ws)));
    uint32_t tios[9] = { 0x500, 0x5, 0xbf, 0x8a3b }; /* stty sane on a pty */
    CHECK("ioctl(0, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, "
          "c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, "
          "...}) = 0\n",
          LINUX_NR_ioctl, 0, 0, 0, LINUX_TCGETS, gput(tios, sizeof(tios)));
    /* strace names the OSS alias of TCSETS too. */
    CHECK("ioctl(0, SNDCTL_TMR_START or TCSETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|"
          "FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|"
          "ECHOCTL|ECHOKE, ...}) = 0\n",
          LINUX_NR_ioctl, 0, 0, 0, LINUX_TCSETS, gput(tios, sizeof(tios)));
    int32_t one = 1;
    CHECK("ioctl(3, FIONBIO, [1]) = 0\n", LINUX_NR_ioctl, 0, 0, 3, LINUX_FIONBIO, gput(&one, 4));
    CHECK("ioctl(3, FIOCLEX) = 0\n", LINUX_NR_ioctl, 0, 0, 3, LINUX_FIOCLEX, 0x1234);
    CHECK("ioctl(0, TCFLSH, TCIOFLUSH) = 0\n", LINUX_NR_ioctl, 0, 0, 0, 0x540B, 2);
    /* Only an exact value is a name: high register bits make it unknown. */
    CHECK("ioctl(0, TCFLSH, 0x100000002 /* TC??? */) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_ioctl, -LINUX_EINVAL, 0, 0, 0x540B, 0x100000002ULL);
    CHECK("ioctl(3, _IOC(_IOC_NONE, 0x54, 0x99, 0), 0x1) = -1 ENOTTY (Inappropriate ioctl for "
          "device)\n",
          LINUX_NR_ioctl, -LINUX_ENOTTY, 0, 3, 0x5499, 1);
    CHECK("ioctl(3, _IOC(_IOC_READ|_IOC_WRITE, 0x54, 0x99, 0x10), 0x7ffd0d00) = -1 ENOTTY "
          "(Inappropriate ioctl for device)\n",
          LINUX_NR_ioctl, -LINUX_ENOTTY, 0, 3, 0xc0105499, GBASE + 0xd00);
}

static void test_sockets(void **state)
{
    (void)state;
    CHECK("socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0) = 3\n", LINUX_NR_socket, 3,
          0, 1, 1 | LINUX_O_CLOEXEC | LINUX_O_NONBLOCK, 0);
    CHECK("socket(AF_INET6, SOCK_STREAM, IPPROTO_IP) = 5\n", LINUX_NR_socket, 5, 0, 10, 1, 0);
    /* An unknown base type makes the whole type word unknown. */
    CHECK("socket(0x63 /* AF_??? */, 0x4d /* SOCK_??? */, 5) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_socket, -LINUX_EINVAL, 0, 99, 77, 5);

    unsigned char un[110] = { 1, 0 };
    strcpy((char *)un + 2, "/var/run/nscd/socket");
    CHECK("connect(3, {sa_family=AF_UNIX, sun_path=\"/var/run/nscd/socket\"}, 110) = -1 ENOENT "
          "(No such file or directory)\n",
          LINUX_NR_connect, -LINUX_ENOENT, 0, 3, gput(un, sizeof(un)), 110);
    static const unsigned char abstract[] = { 1, 0, 0, 'a', 'b', 1, 'x' };
    CHECK("bind(3, {sa_family=AF_UNIX, sun_path=@\"ab\\1x\"}, 7) = 0\n", LINUX_NR_bind, 0, 0, 3,
          gput(abstract, sizeof(abstract)), sizeof(abstract));
    CHECK("bind(3, {sa_family=AF_UNIX}, 2) = 0\n", LINUX_NR_bind, 0, 0, 3,
          gput(abstract, sizeof(abstract)), 2);

    static const unsigned char in4[16] = { 2, 0, 0, 53, 127, 0, 0, 53 };
    uint64_t a4 = gput(in4, sizeof(in4));
    CHECK("connect(4, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"127.0.0.53\")}, "
          "16) = 0\n",
          LINUX_NR_connect, 0, 0, 4, a4, 16);
    /* Too short for a sockaddr_in: strace falls back to sa_data. */
    CHECK("connect(4, {sa_family=AF_INET, sa_data=\"\\0005\\177\\0\\0005\"}, 8) = -1 EINVAL "
          "(Invalid argument)\n",
          LINUX_NR_connect, -LINUX_EINVAL, 0, 4, a4, 8);

    unsigned char in6[28] = { 10, 0, 0, 80, 0, 0, 0, 5 };
    in6[24] = 3;
    static const struct {
        unsigned char addr[16];
        const char *text;
    } v6[] = {
        { { [15] = 1 }, "::1" },
        { { 0x20, 0x01, 0x0d, 0xb8, [9] = 1, [15] = 1 }, "2001:db8::1:0:0:1" },
        { { [10] = 0xff, [11] = 0xff, [12] = 1, [13] = 2, [14] = 3, [15] = 4 }, "::ffff:1.2.3.4" },
        { { [12] = 1, [13] = 2, [14] = 3, [15] = 4 }, "::1.2.3.4" },
        { { 0xfe, 0x80 }, "fe80::" },
        { { [1] = 1, [5] = 2, [9] = 3, [13] = 4 }, "1:0:2:0:3:0:4:0" },
        { { 0 }, "::" },
    };
    for (size_t i = 0; i < sizeof(v6) / sizeof(v6[0]); i++) {
        char expect[256];
        memcpy(in6 + 8, v6[i].addr, 16);
        snprintf(expect, sizeof(expect),
                 "connect(5, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(5), "
                 "inet_pton(AF_INET6, \"%s\", &sin6_addr), sin6_scope_id=3}, 28) = 0\n",
                 v6[i].text);
        CHECK(expect, LINUX_NR_connect, 0, 0, 5, gput(in6, sizeof(in6)), 28);
    }

    CHECK("socketpair(AF_UNIX, SOCK_SEQPACKET, 0, [7, 8]) = 0\n", LINUX_NR_socketpair, 0, 0, 1, 5,
          0, gput((const int32_t[]){ 7, 8 }, 8));
    CHECK("shutdown(3, 0x7 /* SHUT_??? */) = -1 EINVAL (Invalid argument)\n", LINUX_NR_shutdown,
          -LINUX_EINVAL, 0, 3, 7);
}

static void test_xattr(void **state)
{
    (void)state;
    uint64_t name = gstr("user.test");
    /* The value's trailing NUL is left out (QUOTE_OMIT_TRAILING_0). */
    CHECK("fsetxattr(9, \"user.test\", \"value\", 6, XATTR_CREATE) = 0\n", LINUX_NR_fsetxattr, 0,
          0, 9, name, gput("value", 6), 6, 1);
    CHECK("fgetxattr(9, \"user.test\", \"value\", 64) = 6\n", LINUX_NR_fgetxattr, 6, 0, 9, name,
          gput("value", 6), 64);
    CHECK("fgetxattr(9, \"user.test\", NULL, 0) = 6\n", LINUX_NR_fgetxattr, 6, 0, 9, name, 0, 0);
    CHECK("lgetxattr(\"/x\", \"user.test\", 0x7ffd0f00, 64) = -1 ENODATA (No data available)\n",
          LINUX_NR_lgetxattr, -LINUX_ENODATA, 0, gstr("/x"), name, GBASE + 0xf00, 64);
    /* The name list keeps its NULs. */
    CHECK("flistxattr(9, \"user.test\\0user.test2\\0\", 64) = 21\n", LINUX_NR_flistxattr, 21, 0,
          9, gput("user.test\0user.test2", 21), 64);
    CHECK("flistxattr(9, NULL, 0) = 21\n", LINUX_NR_flistxattr, 21, 0, 9, 0, 0);
}

/* Capabilities and their prctls, as strace 6.1 printed a test program on this host. */
static void test_caps(void **state)
{
    (void)state;
    CHECK("prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) = 0\n", LINUX_NR_prctl, 0, 0,
          LINUX_PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
    CHECK("prctl(PR_GET_KEEPCAPS) = 0\n", LINUX_NR_prctl, 0, 0, LINUX_PR_GET_KEEPCAPS);
    CHECK("prctl(PR_SET_KEEPCAPS, 1) = 0\n", LINUX_NR_prctl, 0, 0, LINUX_PR_SET_KEEPCAPS, 1);
    CHECK("prctl(PR_GET_SECUREBITS) = 0\n", LINUX_NR_prctl, 0, 0, LINUX_PR_GET_SECUREBITS);
    CHECK("prctl(PR_SET_SECUREBITS, SECBIT_KEEP_CAPS) = 0\n", LINUX_NR_prctl, 0, 0,
          LINUX_PR_SET_SECUREBITS, 0x10);
    CHECK("prctl(PR_SET_SECUREBITS, 0) = 0\n", LINUX_NR_prctl, 0, 0, LINUX_PR_SET_SECUREBITS, 0);
    CHECK("prctl(PR_CAPBSET_READ, CAP_KILL) = 1\n", LINUX_NR_prctl, 1, 0, LINUX_PR_CAPBSET_READ,
          5);
    CHECK("prctl(PR_CAPBSET_READ, 0x63 /* CAP_??? */) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_prctl, -LINUX_EINVAL, 0, LINUX_PR_CAPBSET_READ, 99);
    CHECK("prctl(PR_CAPBSET_DROP, CAP_CHECKPOINT_RESTORE) = 0\n", LINUX_NR_prctl, 0, 0,
          LINUX_PR_CAPBSET_DROP, 40);
    CHECK("prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_SETUID, 0, 0) = 0\n", LINUX_NR_prctl,
          0, 0, LINUX_PR_CAP_AMBIENT, LINUX_PR_CAP_AMBIENT_IS_SET, 7, 0, 0);
    CHECK("prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) = 0\n", LINUX_NR_prctl, 0, 0,
          LINUX_PR_CAP_AMBIENT, LINUX_PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    CHECK("prctl(PR_SET_PDEATHSIG, SIGTERM) = 0\n", LINUX_NR_prctl, 0, 0, LINUX_PR_SET_PDEATHSIG,
          15);
    int32_t sig = 15, one = 1;
    CHECK("prctl(PR_GET_PDEATHSIG, [SIGTERM]) = 0\n", LINUX_NR_prctl, 0, 0, LINUX_PR_GET_PDEATHSIG,
          gput(&sig, sizeof(sig)));
    CHECK("prctl(PR_SET_CHILD_SUBREAPER, 1) = 0\n", LINUX_NR_prctl, 0, 0,
          LINUX_PR_SET_CHILD_SUBREAPER, 1);
    CHECK("prctl(PR_GET_CHILD_SUBREAPER, [1]) = 0\n", LINUX_NR_prctl, 0, 0,
          LINUX_PR_GET_CHILD_SUBREAPER, gput(&one, sizeof(one)));

    struct linux_cap_header h3 = {LINUX_CAPABILITY_VERSION_3, 0}, h1 = {LINUX_CAPABILITY_VERSION_1, 0};
    struct linux_cap_data d[2] = {{1, 3, 0}, {0, 0, 0}};
    CHECK("capset({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=1<<CAP_CHOWN, "
          "permitted=1<<CAP_CHOWN|1<<CAP_DAC_OVERRIDE, inheritable=0}) = 0\n",
          LINUX_NR_capset, 0, 0, gput(&h3, sizeof(h3)), gput(d, sizeof(d)));
    CHECK("capget({version=_LINUX_CAPABILITY_VERSION_1, pid=0}, {effective=1<<CAP_CHOWN, "
          "permitted=1<<CAP_CHOWN|1<<CAP_DAC_OVERRIDE, inheritable=0}) = 0\n",
          LINUX_NR_capget, 0, 0, gput(&h1, sizeof(h1)), gput(d, sizeof(d[0])));
    struct linux_cap_header hx = {0, 0};
    CHECK("capget({version=0 /* _LINUX_CAPABILITY_VERSION_??? */, pid=0}, NULL) = 0\n",
          LINUX_NR_capget, 0, 0, gput(&hx, sizeof(hx)), 0);
    struct linux_cap_header hp = {LINUX_CAPABILITY_VERSION_3, 99999};
    CHECK("capget({version=_LINUX_CAPABILITY_VERSION_3, pid=99999}, 0x7ffd0c50) = -1 ESRCH (No "
          "such process)\n",
          LINUX_NR_capget, -LINUX_ESRCH, 0, gput(&hp, sizeof(hp)), GBASE + 0xc50);
    CHECK("capget(NULL, 0x7ffd0c50) = -1 EFAULT (Bad address)\n", LINUX_NR_capget, -LINUX_EFAULT,
          0, 0, GBASE + 0xc50);
    /* A whole set, both halves, as capget printed this host's (no CAP_SYS_RESOURCE). */
    struct linux_cap_data full[2] = {{0xfeffffff, 0xfeffffff, 0}, {0x1ff, 0x1ff, 0}};
    char want[2048];
    const char *lo = "1<<CAP_CHOWN|1<<CAP_DAC_OVERRIDE|1<<CAP_DAC_READ_SEARCH|1<<CAP_FOWNER|"
                     "1<<CAP_FSETID|1<<CAP_KILL|1<<CAP_SETGID|1<<CAP_SETUID|1<<CAP_SETPCAP|"
                     "1<<CAP_LINUX_IMMUTABLE|1<<CAP_NET_BIND_SERVICE|1<<CAP_NET_BROADCAST|"
                     "1<<CAP_NET_ADMIN|1<<CAP_NET_RAW|1<<CAP_IPC_LOCK|1<<CAP_IPC_OWNER|"
                     "1<<CAP_SYS_MODULE|1<<CAP_SYS_RAWIO|1<<CAP_SYS_CHROOT|1<<CAP_SYS_PTRACE|"
                     "1<<CAP_SYS_PACCT|1<<CAP_SYS_ADMIN|1<<CAP_SYS_BOOT|1<<CAP_SYS_NICE|"
                     "1<<CAP_SYS_TIME|1<<CAP_SYS_TTY_CONFIG|1<<CAP_MKNOD|1<<CAP_LEASE|"
                     "1<<CAP_AUDIT_WRITE|1<<CAP_AUDIT_CONTROL|1<<CAP_SETFCAP|1<<CAP_MAC_OVERRIDE|"
                     "1<<CAP_MAC_ADMIN|1<<CAP_SYSLOG|1<<CAP_WAKE_ALARM|1<<CAP_BLOCK_SUSPEND|"
                     "1<<CAP_AUDIT_READ|1<<CAP_PERFMON|1<<CAP_BPF|1<<CAP_CHECKPOINT_RESTORE";
    snprintf(want, sizeof(want),
             "capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=%s, permitted=%s, "
             "inheritable=0}) = 0\n",
             lo, lo);
    CHECK(want, LINUX_NR_capget, 0, 0, gput(&h3, sizeof(h3)), gput(full, sizeof(full)));
}

/* The inotify calls, as strace 6.1 printed tests/e2e/progs/inotify.c. */
static void test_inotify(void **state)
{
    (void)state;
    CHECK("inotify_init1(0x1 /* IN_??? */) = -1 EINVAL (Invalid argument)\n", LINUX_NR_inotify_init1,
          -LINUX_EINVAL, 0, 1);
    CHECK("inotify_init1(IN_NONBLOCK|IN_CLOEXEC) = 3\n", LINUX_NR_inotify_init1, 3, 0,
          LINUX_O_NONBLOCK | LINUX_O_CLOEXEC);
    CHECK("inotify_add_watch(3, \"/tmp/x\", IN_ACCESS|IN_MODIFY|IN_ATTRIB|IN_CLOSE_WRITE|"
          "IN_CLOSE_NOWRITE|IN_OPEN|IN_MOVED_FROM|IN_MOVED_TO|IN_CREATE|IN_DELETE|IN_DELETE_SELF|"
          "IN_MOVE_SELF) = 1\n",
          LINUX_NR_inotify_add_watch, 1, 0, 3, gstr("/tmp/x"), 0xfff);
    CHECK("inotify_add_watch(3, \"/tmp/x/e\", IN_MODIFY|IN_ONESHOT) = 2\n",
          LINUX_NR_inotify_add_watch, 2, 0, 3, gstr("/tmp/x/e"), 0x80000002U);
    CHECK("inotify_add_watch(3, \"/tmp/x\", 0) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_inotify_add_watch, -LINUX_EINVAL, 0, 3, gstr("/tmp/x"), 0);
    CHECK("inotify_rm_watch(3, 12345) = -1 EINVAL (Invalid argument)\n", LINUX_NR_inotify_rm_watch,
          -LINUX_EINVAL, 0, 3, 12345);
}

/* The pidfd calls, as strace 6.1 printed tests/e2e/progs/pidfd.c (a siginfo shows as its address). */
static void test_pidfd(void **state)
{
    (void)state;
    CHECK("pidfd_open(23187, 0) = 3\n", LINUX_NR_pidfd_open, 3, 0, 23187, 0);
    CHECK("pidfd_open(23187, 0x1 /* PIDFD_??? */) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_pidfd_open, -LINUX_EINVAL, 0, 23187, 1);
    CHECK("pidfd_open(23190, PIDFD_NONBLOCK) = 7\n", LINUX_NR_pidfd_open, 7, 0, 23190,
          LINUX_O_NONBLOCK);
    CHECK("pidfd_getfd(6, 5, 0) = 8\n", LINUX_NR_pidfd_getfd, 8, 0, 6, 5, 0);
    CHECK("pidfd_getfd(6, 5, 0x1) = -1 EINVAL (Invalid argument)\n", LINUX_NR_pidfd_getfd,
          -LINUX_EINVAL, 0, 6, 5, 1);
    CHECK("pidfd_send_signal(6, SIGTERM, NULL, 0x10) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_pidfd_send_signal, -LINUX_EINVAL, 0, 6, 15, 0, 0x10);
    CHECK("pidfd_send_signal(6, 0, NULL, 0) = 0\n", LINUX_NR_pidfd_send_signal, 0, 0, 6, 0, 0, 0);
}

/* sched_setattr/sched_getattr, as strace 6.1 printed tests/e2e/progs/schedpol.c. */
static void test_sched_attr(void **state)
{
    (void)state;
    struct {
        uint32_t size, policy;
        uint64_t flags;
        int32_t nice;
        uint32_t prio;
        uint64_t runtime, deadline, period;
        uint32_t umin, umax;
        uint64_t tail;
    } a = {0, 3, 0, 5, 0, 0, 0, 0, 0, 0, 0};
    CHECK("sched_setattr(0, {size=0, sched_policy=SCHED_BATCH, sched_flags=0, sched_nice=5, "
          "sched_priority=0, sched_runtime=0, sched_deadline=0, sched_period=0}, 0) = 0\n",
          LINUX_NR_sched_setattr, 0, 0, 0, gput(&a, 48), 0);
    a.size = 48, a.flags = 0x10, a.policy = 2;
    CHECK("sched_setattr(0, {size=48, sched_flags=SCHED_FLAG_KEEP_PARAMS}, 0) = 0\n",
          LINUX_NR_sched_setattr, 0, 0, 0, gput(&a, 48), 0);
    a.flags = 0x08, a.prio = 20;
    CHECK("sched_setattr(0, {size=48, sched_flags=SCHED_FLAG_KEEP_POLICY, sched_nice=5, "
          "sched_priority=20, sched_runtime=0, sched_deadline=0, sched_period=0}, 0) = 0\n",
          LINUX_NR_sched_setattr, 0, 0, 0, gput(&a, 48), 0);
    a.flags = 0x80, a.policy = 99, a.prio = 0;
    CHECK("sched_setattr(0, {size=48, sched_policy=0x63 /* SCHED_??? */, sched_flags=0x80 /* "
          "SCHED_FLAG_??? */, sched_nice=5, sched_priority=0, sched_runtime=0, sched_deadline=0, "
          "sched_period=0}, 0) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_sched_setattr, -LINUX_EINVAL, 0, 0, gput(&a, 48), 0);
    a.size = 64, a.flags = 0, a.policy = 0, a.nice = 0;
    CHECK("sched_setattr(0, {size=64, sched_policy=SCHED_OTHER, sched_flags=0, sched_nice=0, "
          "sched_priority=0, sched_runtime=0, sched_deadline=0, sched_period=0, sched_util_min=0, "
          "sched_util_max=0, ...}, 0) = 0\n",
          LINUX_NR_sched_setattr, 0, 0, 0, gput(&a, sizeof(a)), 0);
    CHECK("sched_setattr(0, NULL, 0) = -1 EINVAL (Invalid argument)\n", LINUX_NR_sched_setattr,
          -LINUX_EINVAL, 0, 0, 0, 0);
    a.size = 48, a.policy = 2, a.flags = 1, a.prio = 99;
    CHECK("sched_getattr(0, {size=48, sched_policy=SCHED_RR, sched_flags=SCHED_FLAG_RESET_ON_FORK, "
          "sched_nice=0, sched_priority=99, sched_runtime=0, sched_deadline=0, sched_period=0}, "
          "48, 0) = 0\n",
          LINUX_NR_sched_getattr, 0, 0, 0, gput(&a, 48), 48, 0);
    CHECK("sched_getattr(0, 0x7ffd0c50, 40, 0) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_sched_getattr, -LINUX_EINVAL, 0, 0, GBASE + 0xc50, 40, 0);
}

#ifdef RF_ARCH_AMD64
static void test_arch_prctl(void **state)
{
    (void)state;
    CHECK("arch_prctl(ARCH_SET_FS, 0x7f0000d4f740) = 0\n", LINUX_NR_arch_prctl, 0, 0,
          LINUX_ARCH_SET_FS, 0x7f0000d4f740ULL);
    uint64_t fs = 0x7f0000dd0740ULL;
    CHECK("arch_prctl(ARCH_GET_FS, [0x7f0000dd0740]) = 0\n", LINUX_NR_arch_prctl, 0, 0,
          LINUX_ARCH_GET_FS, gput(&fs, 8));
    CHECK("arch_prctl(ARCH_GET_CPUID) = 1\n", LINUX_NR_arch_prctl, 1, 0, LINUX_ARCH_GET_CPUID, 0);
    CHECK("arch_prctl(0x3001 /* ARCH_??? */, 0x7ffd0e00) = -1 EINVAL (Invalid argument)\n",
          LINUX_NR_arch_prctl, -LINUX_EINVAL, 0, 0x3001, GBASE + 0xe00);
}
#endif

/* ---------------------------------------------------------------------- */
/* Results and the output buffer */

static void test_results(void **state)
{
    (void)state;
    CHECK("read(0, 0x7ffd0f00, 1) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)\n",
          LINUX_NR_read, -LINUX_ERESTARTSYS, 0, 0, GBASE + 0xf00, 1);
    CHECK("sched_yield() = ? ERESTARTNOHAND (To be restarted if no handler)\n",
          LINUX_NR_sched_yield, -LINUX_ERESTARTNOHAND, 0, 0);
    /* Numbers without a name, and kernel-internal ones glibc has no text for. */
    CHECK("close(3) = -1 41 (Unknown error 41)\n", LINUX_NR_close, -41, 0, 3);
    CHECK("close(3) = -1 ENOIOCTLCMD (Unknown error 515)\n", LINUX_NR_close, -515, 0, 3);
    CHECK("close(3) = -1 EHWPOISON (Memory page has hardware error)\n", LINUX_NR_close, -133, 0,
          3);
    /* -4096 is outside the errno range: a plain value. */
    CHECK("close(3) = -4096\n", LINUX_NR_close, -4096, 0, 3);
    CHECK("mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0) = -1 ENOMEM (Cannot allocate memory)\n",
          LINUX_NR_mmap, -LINUX_ENOMEM, 0, 0, 4096, LINUX_PROT_READ, LINUX_MAP_PRIVATE, 3, 0);
    CHECK("exit(3) = ?\n", LINUX_NR_exit, 0, 1, 3);
#ifdef LINUX_NR_time
    CHECK("time(NULL) = 1796131541 (2026-12-01T13:25:41+0000)\n", LINUX_NR_time, 1796131541L, 0,
          0);
#endif
}

static void test_truncation(void **state)
{
    (void)state;
    const uint64_t a[6] = { NEG(LINUX_AT_FDCWD), gstr("/etc/passwd"), 0 };
    char small[16];
    memset(small, 'X', sizeof(small));
    size_t n = strace_format(small, sizeof(small), LINUX_NR_openat, a, 3, 0, &mem);
    assert_int_equal(n, 15);
    assert_string_equal(small, "openat(AT_FDCW\n");

    char two[2];
    n = strace_format(two, sizeof(two), LINUX_NR_openat, a, 3, 0, &mem);
    assert_int_equal(n, 1);
    assert_string_equal(two, "\n");

    char one[1] = { 'X' };
    n = strace_format(one, sizeof(one), LINUX_NR_openat, a, 3, 0, &mem);
    assert_int_equal(n, 0);
    assert_int_equal(one[0], '\0');

    char zero = 'X';
    n = strace_format(&zero, 0, LINUX_NR_openat, a, 3, 0, &mem);
    assert_int_equal(n, 0);
    assert_int_equal(zero, 'X');

    /* The exact fit: the whole line and its NUL. */
    const char *full = "openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = 3\n";
    char fit[64];
    n = strace_format(fit, strlen(full) + 1, LINUX_NR_openat, a, 3, 0, &mem);
    assert_int_equal(n, strlen(full));
    assert_string_equal(fit, full);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(strace_syscall_name(LINUX_NR_openat), "openat");
    assert_string_equal(strace_syscall_name(LINUX_NR_read), "read");
    assert_string_equal(strace_syscall_name(LINUX_NR_set_mempolicy_home_node),
                        "set_mempolicy_home_node");
    assert_null(strace_syscall_name(-1));
    assert_null(strace_syscall_name(100000));

    assert_string_equal(strace_errno_name(LINUX_ENOENT), "ENOENT");
    assert_string_equal(strace_errno_name(-LINUX_ENOENT), "ENOENT");
    assert_string_equal(strace_errno_name(LINUX_EAGAIN), "EAGAIN");
    assert_string_equal(strace_errno_name(LINUX_EOPNOTSUPP), "EOPNOTSUPP");
    assert_string_equal(strace_errno_name(LINUX_ERESTARTSYS), "ERESTARTSYS");
    assert_null(strace_errno_name(0));
    assert_null(strace_errno_name(41));
    assert_null(strace_errno_name(520));
    assert_null(strace_errno_name(4000));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_brief_examples, setup),
        cmocka_unit_test_setup(test_unknown_syscalls, setup),
        cmocka_unit_test_setup(test_string_truncation, setup),
        cmocka_unit_test_setup(test_string_escapes, setup),
        cmocka_unit_test_setup(test_null_and_bad_pointers, setup),
        cmocka_unit_test_setup(test_no_memory_reader, setup),
        cmocka_unit_test_setup(test_open_flags, setup),
        cmocka_unit_test_setup(test_mmap_flags, setup),
        cmocka_unit_test_setup(test_misc_flags, setup),
        cmocka_unit_test_setup(test_fds, setup),
        cmocka_unit_test_setup(test_fcntl, setup),
        cmocka_unit_test_setup(test_signals, setup),
        cmocka_unit_test_setup(test_sigprocmask, setup),
        cmocka_unit_test_setup(test_sigaction, setup),
        cmocka_unit_test_setup(test_stat, setup),
        cmocka_unit_test_setup(test_time_and_limits, setup),
        cmocka_unit_test_setup(test_uname_and_ids, setup),
        cmocka_unit_test_setup(test_iovec, setup),
        cmocka_unit_test_setup(test_execve, setup),
        cmocka_unit_test_setup(test_wait_and_clone, setup),
        cmocka_unit_test_setup(test_getdents_and_paths, setup),
        cmocka_unit_test_setup(test_ioctl, setup),
        cmocka_unit_test_setup(test_sockets, setup),
        cmocka_unit_test_setup(test_xattr, setup),
        cmocka_unit_test_setup(test_caps, setup),
        cmocka_unit_test_setup(test_sched_attr, setup),
        cmocka_unit_test_setup(test_pidfd, setup),
        cmocka_unit_test_setup(test_inotify, setup),
#ifdef RF_ARCH_AMD64
        cmocka_unit_test_setup(test_arch_prctl, setup),
#endif
        cmocka_unit_test_setup(test_msg, setup),
        cmocka_unit_test_setup(test_mmsg, setup),
        cmocka_unit_test_setup(test_results, setup),
        cmocka_unit_test_setup(test_truncation, setup),
        cmocka_unit_test_setup(test_names, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
