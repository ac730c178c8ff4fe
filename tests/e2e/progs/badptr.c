/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/badptr.c: raw syscalls with bad pointers and absurd lengths; must report errors, never crash. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#ifndef ARCH_GET_FS
#define ARCH_GET_FS 0x1003
#endif
#ifndef FUTEX_WAIT
#define FUTEX_WAIT 0
#endif
#ifndef STATX_BASIC_STATS
#define STATX_BASIC_STATS 0x7ffU
#endif
#ifndef AT_STATX_FORCE_SYNC
#define AT_STATX_FORCE_SYNC 0x2000
#define AT_STATX_DONT_SYNC 0x4000
#endif

/* The kernel's rt_sig* calls take the size of its own sigset, not libc's. */
#define KSIGSET 8

#define BAD1 ((void *)1)
#define BADNEG ((void *)-1)
/* Canonical, page aligned, and never mapped in a static program (mmap_min_addr <= 64 KiB). */
#define UNMAPPED ((void *)0x10000)

static int calls;

static const char *ename(int e)
{
    switch (e) {
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case EXDEV: return "EXDEV";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case EMFILE: return "EMFILE";
    case ENOTTY: return "ENOTTY";
    case ESPIPE: return "ESPIPE";
    case EROFS: return "EROFS";
    case ERANGE: return "ERANGE";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";
    case ELOOP: return "ELOOP";
    case EOVERFLOW: return "EOVERFLOW";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    default: return NULL;
    }
}

static void report(const char *name, long ret, int err)
{
    calls++;
    if (ret == -1) {
        const char *n = ename(err);

        if (n)
            printf("%s: -1 %s\n", name, n);
        else
            printf("%s: -1 errno%d\n", name, err);
    } else {
        printf("%s: %ld\n", name, ret);
    }
    fflush(stdout);
}

/* errno is cleared first so a stale value can never be reported.  Negative
 * arguments are cast to long: syscall() reads every argument as a long. */
#define T(name, ...)                                   \
    do {                                               \
        long r_;                                       \
        errno = 0;                                     \
        r_ = syscall(__VA_ARGS__);                     \
        report(name, r_, errno);                       \
    } while (0)

/* For calls whose success value is not stable (addresses, tids): print a word instead. */
static void report_word(const char *name, const char *word)
{
    calls++;
    printf("%s: %s\n", name, word);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    char buf[256];
    char longpath[5000];
    struct iovec iov[2];
    struct stat st;
    int pfd[2] = { -1, -1 };
    int self, dirfd;
    long r, cur;
    void *m;

    /* Setup failures are reported and the run goes on with fd -1, so one missing
     * syscall does not hide the results of all the others. */
    errno = 0;
    self = open(argv[0], O_RDONLY | O_CLOEXEC);
    report_word("setup_open_self", self >= 0 ? "ok" : ename(errno) ? ename(errno) : "failed");
    errno = 0;
    dirfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    report_word("setup_open_root_dir", dirfd >= 0 ? "ok" : ename(errno) ? ename(errno) : "failed");
    errno = 0;
    if (pipe(pfd) < 0) {
        pfd[0] = pfd[1] = -1;
        report_word("setup_pipe", ename(errno) ? ename(errno) : "failed");
    } else {
        /* One byte queued so reads from the pipe would have something to copy. */
        report_word("setup_pipe", write(pfd[1], "x", 1) == 1 ? "ok" : "write failed");
    }

    T("read_buf_1", SYS_read, self, BAD1, 16);
    T("read_buf_neg", SYS_read, self, BADNEG, 16);
    T("read_buf_unmapped", SYS_read, self, UNMAPPED, 16);
    T("read_len_max", SYS_read, self, buf, SIZE_MAX);
    T("read_len_2^62", SYS_read, self, buf, (size_t)1 << 62);
    T("read_bad_fd", SYS_read, (long)-1, buf, 1);
    T("read_pipe_buf_1", SYS_read, pfd[0], BAD1, 1);

    /* Under compare.sh stdout is a regular file, so nothing here depends on pipe support. */
    T("write_buf_1", SYS_write, 1, BAD1, 16);
    T("write_buf_neg", SYS_write, 1, BADNEG, 16);
    T("write_len_max", SYS_write, 1, buf, SIZE_MAX);
    T("write_bad_fd", SYS_write, 12345, buf, 1);
    T("write_pipe_buf_1", SYS_write, pfd[1], BAD1, 16);
    T("readv_iov_1", SYS_readv, self, BAD1, 1);
    iov[0].iov_base = BAD1;
    iov[0].iov_len = 16;
    T("readv_base_1", SYS_readv, self, iov, 1);
    iov[0].iov_base = buf;
    iov[0].iov_len = SIZE_MAX;
    T("readv_len_max", SYS_readv, self, iov, 1);
    iov[0].iov_len = 16;
    T("readv_cnt_100000", SYS_readv, self, iov, 100000);
    T("readv_cnt_neg", SYS_readv, self, iov, (long)-1);
    T("writev_iov_neg", SYS_writev, 1, BADNEG, 1);
    iov[0].iov_base = BAD1;
    iov[0].iov_len = 16;
    T("writev_base_1", SYS_writev, 1, iov, 1);
    iov[0].iov_base = buf;
    iov[1].iov_base = buf;
    iov[0].iov_len = SIZE_MAX / 2;
    iov[1].iov_len = SIZE_MAX / 2;
    T("writev_len_overflow", SYS_writev, 1, iov, 2);
    T("writev_cnt_100000", SYS_writev, 1, iov, 100000);

    T("pread64_buf_1", SYS_pread64, self, BAD1, 16, 0);
    T("pread64_off_neg", SYS_pread64, self, buf, 16, (long)-1);
    T("pread64_pipe", SYS_pread64, pfd[0], buf, 1, 0);
    T("pread64_len_max", SYS_pread64, self, buf, SIZE_MAX, 0);

    T("openat_path_1", SYS_openat, AT_FDCWD, BAD1, O_RDONLY);
    T("openat_path_neg", SYS_openat, AT_FDCWD, BADNEG, O_RDONLY);
    T("openat_path_unmapped", SYS_openat, AT_FDCWD, UNMAPPED, O_RDONLY);
    memset(longpath, 'a', sizeof(longpath) - 1);
    longpath[sizeof(longpath) - 1] = '\0';
    T("openat_path_5000", SYS_openat, AT_FDCWD, longpath, O_RDONLY);
    T("openat_empty", SYS_openat, AT_FDCWD, "", O_RDONLY);
    T("openat_bad_dirfd", SYS_openat, 12345, "relative", O_RDONLY);

    T("newfstatat_path_1", SYS_newfstatat, AT_FDCWD, BAD1, &st, 0);
    T("newfstatat_buf_1", SYS_newfstatat, AT_FDCWD, "/", BAD1, 0);
    T("newfstatat_buf_neg", SYS_newfstatat, AT_FDCWD, "/", BADNEG, 0);
    T("newfstatat_flags", SYS_newfstatat, AT_FDCWD, "/", &st, 0x7fff0000);
    T("fstat_buf_1", SYS_fstat, 0, BAD1);
    T("fstat_buf_unmapped", SYS_fstat, self, UNMAPPED);
    T("fstat_bad_fd", SYS_fstat, (long)-1, &st);

#ifdef SYS_statx
    T("statx_path_1", SYS_statx, AT_FDCWD, BAD1, 0, STATX_BASIC_STATS, buf);
    T("statx_buf_1", SYS_statx, AT_FDCWD, "/", 0, STATX_BASIC_STATS, BAD1);
    T("statx_sync_flags", SYS_statx, AT_FDCWD, "/", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC,
      STATX_BASIC_STATS, buf);
    T("statx_mask_reserved", SYS_statx, AT_FDCWD, "/", 0, 0x80000000U, buf);
#endif

    T("getdents64_buf_1", SYS_getdents64, dirfd, BAD1, 4096);
    T("getdents64_len_1", SYS_getdents64, dirfd, buf, 1);
    T("getdents64_not_dir", SYS_getdents64, self, buf, sizeof(buf));
    T("getdents64_bad_fd", SYS_getdents64, (long)-1, buf, sizeof(buf));

    T("readlinkat_path_1", SYS_readlinkat, AT_FDCWD, BAD1, buf, sizeof(buf));
    T("readlinkat_not_link", SYS_readlinkat, AT_FDCWD, "/", buf, sizeof(buf));
    T("readlinkat_bufsiz_0", SYS_readlinkat, AT_FDCWD, "/", buf, 0);
    if (argc > 1) {
        /* argv[1] names a symlink: now the buffer itself is the only error. */
        T("readlinkat_buf_1", SYS_readlinkat, AT_FDCWD, argv[1], BAD1, sizeof(buf));
        T("readlinkat_bufsiz_neg", SYS_readlinkat, AT_FDCWD, argv[1], buf, (long)-1);
        r = syscall(SYS_readlinkat, AT_FDCWD, argv[1], buf, 2);
        report_word("readlinkat_truncates", r == 2 ? "2" : "WRONG");
    } else {
        report_word("readlinkat_buf_1", "skipped (no symlink argument)");
    }

    T("faccessat_path_1", SYS_faccessat, AT_FDCWD, BAD1, F_OK);
    T("faccessat_mode_bad", SYS_faccessat, AT_FDCWD, "/", 0x100);
    T("faccessat_ok", SYS_faccessat, AT_FDCWD, "/", R_OK);

    T("getcwd_buf_1", SYS_getcwd, BAD1, 4096);
    T("getcwd_size_0", SYS_getcwd, buf, 0);
    T("getcwd_size_1", SYS_getcwd, buf, 1);
    T("chdir_path_1", SYS_chdir, BAD1);
    T("chdir_empty", SYS_chdir, "");
    T("chdir_not_dir", SYS_chdir, argv[0]);
    T("fchdir_bad_fd", SYS_fchdir, (long)-1);

    T("uname_buf_1", SYS_uname, BAD1);
    T("uname_buf_neg", SYS_uname, BADNEG);

    T("getrandom_buf_1", SYS_getrandom, BAD1, 16, 0);
    T("getrandom_flags", SYS_getrandom, buf, 16, 0x7ff0);
    T("getrandom_len_0", SYS_getrandom, buf, 0, 0);

    T("clock_gettime_buf_1", SYS_clock_gettime, CLOCK_MONOTONIC, BAD1);
    T("clock_gettime_clock_bad", SYS_clock_gettime, 12345, buf);
    T("gettimeofday_buf_1", SYS_gettimeofday, BAD1, NULL);
    T("nanosleep_req_1", SYS_nanosleep, BAD1, NULL);
    {
        struct timespec ts = { 0, 2000000000L };

        T("nanosleep_nsec_bad", SYS_nanosleep, &ts, NULL);
    }

    T("prlimit64_old_1", SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, BAD1);
    T("prlimit64_new_1", SYS_prlimit64, 0, RLIMIT_NOFILE, BAD1, NULL);
    T("prlimit64_resource_bad", SYS_prlimit64, 0, 999, NULL, buf);
    T("prlimit64_pid_bad", SYS_prlimit64, 0x7fffffff, RLIMIT_NOFILE, NULL, buf);

    T("rt_sigaction_act_1", SYS_rt_sigaction, SIGUSR1, BAD1, NULL, KSIGSET);
    T("rt_sigaction_old_1", SYS_rt_sigaction, SIGUSR1, NULL, BAD1, KSIGSET);
    T("rt_sigaction_size_bad", SYS_rt_sigaction, SIGUSR1, NULL, buf, 4);
    T("rt_sigaction_sigkill", SYS_rt_sigaction, SIGKILL, buf, NULL, KSIGSET);
    T("rt_sigaction_sig_0", SYS_rt_sigaction, 0, NULL, buf, KSIGSET);
    T("rt_sigaction_sig_65", SYS_rt_sigaction, 65, NULL, buf, KSIGSET);
    T("rt_sigprocmask_set_1", SYS_rt_sigprocmask, SIG_BLOCK, BAD1, NULL, KSIGSET);
    T("rt_sigprocmask_old_1", SYS_rt_sigprocmask, SIG_BLOCK, NULL, BAD1, KSIGSET);
    memset(buf, 0, sizeof(buf));
    T("rt_sigprocmask_how_bad", SYS_rt_sigprocmask, 99, buf, NULL, KSIGSET);
    T("rt_sigprocmask_size_bad", SYS_rt_sigprocmask, SIG_BLOCK, buf, NULL, 4);
    T("sigaltstack_1", SYS_sigaltstack, BAD1, NULL);
    T("kill_sig_bad", SYS_kill, getpid(), 999);

    /* Returns the caller's tid; the bad address only matters at thread exit. */
    r = syscall(SYS_set_tid_address, BAD1);
    report_word("set_tid_address_1", r == syscall(SYS_gettid) ? "tid" : "NOT-TID");

#ifdef SYS_arch_prctl /* x86_64 only */
    T("arch_prctl_get_fs_1", SYS_arch_prctl, ARCH_GET_FS, BAD1);
    T("arch_prctl_code_bad", SYS_arch_prctl, 0x9999, buf);
#endif

    T("futex_addr_1", SYS_futex, BAD1, FUTEX_WAIT, 0, NULL, NULL, 0);
    T("futex_addr_unmapped", SYS_futex, UNMAPPED, FUTEX_WAIT, 0, NULL, NULL, 0);
    T("pipe2_ptr_1", SYS_pipe2, BAD1, 0);
    T("pipe2_flags_bad", SYS_pipe2, buf, 0x7f000000);
    T("sysinfo_1", SYS_sysinfo, BAD1);
    T("getrusage_1", SYS_getrusage, RUSAGE_SELF, BAD1);
    T("wait4_no_child", SYS_wait4, (long)-1, NULL, 0, NULL);
    T("close_bad_fd", SYS_close, 12345);

    /* mmap returns an address on success, so only report success as a word. */
    errno = 0;
    m = (void *)syscall(SYS_mmap, NULL, SIZE_MAX, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    report("mmap_len_max", m == MAP_FAILED ? -1 : 0, errno);
    errno = 0;
    m = (void *)syscall(SYS_mmap, NULL, (size_t)1 << 62, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    report("mmap_len_2^62", m == MAP_FAILED ? -1 : 0, errno);
    T("mmap_len_0", SYS_mmap, NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, (long)-1, 0);
    T("mmap_no_type", SYS_mmap, NULL, 4096, PROT_READ, MAP_ANONYMOUS, (long)-1, 0);
    T("mmap_fixed_unaligned", SYS_mmap, (void *)0x10001, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
      (long)-1, 0);
    T("mmap_file_bad_fd", SYS_mmap, NULL, 4096, PROT_READ, MAP_PRIVATE, (long)-1, 0);
    T("mmap_file_off_unaligned", SYS_mmap, NULL, 4096, PROT_READ, MAP_PRIVATE, self, 1);

    T("munmap_unaligned", SYS_munmap, (void *)0x10001, 4096);
    T("munmap_len_0", SYS_munmap, UNMAPPED, 0);
    T("munmap_unmapped_ok", SYS_munmap, UNMAPPED, 4096);
    T("mprotect_unmapped", SYS_mprotect, UNMAPPED, 4096, PROT_READ);
    T("mprotect_unaligned", SYS_mprotect, (void *)0x10001, 4096, PROT_READ);
    m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m != MAP_FAILED) {
        T("mprotect_prot_bad", SYS_mprotect, m, 4096, 0x100);
        T("madvise_unaligned", SYS_madvise, (char *)m + 1, 4096, MADV_DONTNEED);
        munmap(m, 4096);
    }
    T("mremap_unmapped", SYS_mremap, UNMAPPED, 4096, 8192, MREMAP_MAYMOVE);

    /* brk never fails with errno: it returns the unchanged break. */
    cur = syscall(SYS_brk, 0);
    r = syscall(SYS_brk, (void *)-1);
    report_word("brk_max", r == cur ? "unchanged" : "MOVED");
    r = syscall(SYS_brk, (void *)((uintptr_t)1 << 62));
    report_word("brk_2^62", r == cur ? "unchanged" : "MOVED");
    r = syscall(SYS_brk, (void *)1);
    report_word("brk_1", r == cur ? "unchanged" : "MOVED");

    T("lseek_whence_bad", SYS_lseek, self, 0, 99);
    T("lseek_neg", SYS_lseek, self, (long)-10, SEEK_SET);
    T("lseek_pipe", SYS_lseek, pfd[0], 0, SEEK_SET);

    /* Our stdout is a file or pipe under the test driver, so ENOTTY comes before the pointer. */
    T("ioctl_tcgets_fd1_ptr_1", SYS_ioctl, 1, TCGETS, BAD1);
    T("ioctl_tcgets_pipe_ptr_1", SYS_ioctl, pfd[0], TCGETS, BAD1);
    T("ioctl_fionread_pipe_ptr_1", SYS_ioctl, pfd[0], FIONREAD, BAD1);
    T("ioctl_bad_fd", SYS_ioctl, (long)-1, TCGETS, buf);

    T("dup3_same_fd", SYS_dup3, 1, 1, 0);
    T("dup3_flags_bad", SYS_dup3, 1, 100, 0x1234);
    T("dup3_bad_fd", SYS_dup3, (long)-1, 100, 0);
#ifdef SYS_dup2 /* not in the asm-generic table (arm64) */
    T("dup2_same_fd", SYS_dup2, 1, 1);
#endif
    T("fcntl_cmd_bad", SYS_fcntl, 1, 9999);
    T("fcntl_bad_fd", SYS_fcntl, (long)-1, F_GETFD);
    T("fcntl_getlk_ptr_1", SYS_fcntl, self, F_GETLK, BAD1);

    T("execve_path_1", SYS_execve, BAD1, NULL, NULL);

    /* Everything still works after all that. */
    r = syscall(SYS_read, pfd[0], buf, 1);
    report_word("pipe_still_readable", r == 1 && buf[0] == 'x' ? "yes" : "NO");
    r = syscall(SYS_getcwd, buf, sizeof(buf));
    report_word("getcwd_still_works", r > 0 ? "yes" : "NO");

    printf("badptr: done, %d calls\n", calls);
    return 0;
}
