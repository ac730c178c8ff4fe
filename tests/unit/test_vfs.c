/* SPDX-License-Identifier: MIT */
/* tests/unit/test_vfs.c: file.c, vfs.c and sys_fs.c against a temp root, the host as oracle. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cmocka.h>

#include "kernel/file.h"
#include "kernel/log.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/usercopy.h"
#include "kernel/vfs.h"

/* ---- fakes: guest memory is one host buffer; the tail can be made read-only or unmapped ---- */

#define GUEST_BASE 0x10000000UL
#define GUEST_SIZE (1UL << 20)
#define PAGE 4096UL

struct mm {
    uint8_t *mem;
    uaddr_t base;
    size_t size;    /* bytes mapped from base */
    size_t ro_from; /* bytes at or past this offset are read-only */
};

static uint8_t guest_mem[GUEST_SIZE] __attribute__((aligned(4096)));
static struct mm gmm;

static int mapped(struct mm *mm, uaddr_t a, size_t n, int write)
{
    size_t lim = write ? mm->ro_from : mm->size;

    return a >= mm->base && a - mm->base <= lim && n <= lim - (a - mm->base);
}

int copy_from_user(struct mm *mm, void *dst, uaddr_t src, size_t n)
{
    if (!n)
        return 0;
    if (!mapped(mm, src, n, 0))
        return -LINUX_EFAULT;
    memcpy(dst, mm->mem + (src - mm->base), n);
    return 0;
}

int copy_to_user(struct mm *mm, uaddr_t dst, const void *src, size_t n)
{
    if (!n)
        return 0;
    if (!mapped(mm, dst, n, 1))
        return -LINUX_EFAULT;
    memcpy(mm->mem + (dst - mm->base), src, n);
    return 0;
}

long strncpy_from_user(struct mm *mm, char *dst, uaddr_t src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!mapped(mm, src + i, 1, 0))
            return -LINUX_EFAULT;
        dst[i] = (char)mm->mem[src + i - mm->base];
        if (!dst[i])
            return (long)i;
    }
    return -LINUX_ENAMETOOLONG;
}

/* One iovec per page: the worst case the real one may produce. */
int user_iov(struct mm *mm, uaddr_t addr, size_t len, int write, struct iovec *iov, int max,
             size_t *covered)
{
    size_t lim = write ? mm->ro_from : mm->size, done = 0;
    int n = 0;

    *covered = 0;
    if (addr < mm->base || addr - mm->base >= lim)
        return -LINUX_EFAULT;
    while (done < len && n < max && addr + done - mm->base < lim) {
        uaddr_t a = addr + done;
        size_t chunk = PAGE - (a & (PAGE - 1));

        if (chunk > len - done)
            chunk = len - done;
        if (chunk > lim - (a - mm->base))
            chunk = lim - (a - mm->base);
        iov[n].iov_base = mm->mem + (a - mm->base);
        iov[n].iov_len = chunk;
        n++;
        done += chunk;
    }
    *covered = done;
    return n;
}

static const char *exe_path = "/bin2/prog";

const char *task_exe_path(struct task *t)
{
    (void)t;
    return exe_path;
}

uint64_t arch_user_max(void)
{
    return 0x7ffffffff000ULL;
}

int log_threshold = LOG_WARN;

void log_msg(enum log_level lvl, const char *fmt, ...)
{
    (void)lvl, (void)fmt;
}

/* Signals are kernel/signal.c's business; the file layer only raises SIGPIPE. */
void signal_send(struct task *t, int sig)
{
    (void)t, (void)sig;
}

void bug(const char *file, int line, const char *cond)
{
    fprintf(stderr, "BUG at %s:%d: %s\n", file, line, cond);
    abort();
}

/* ---- fixture ---- */

static char root_path[256];
static struct task *T;
static struct fs_context tfs;

#define G(off) (GUEST_BASE + (uaddr_t)(off))
#define AT_FDCWD_A ((uint64_t)(int64_t)LINUX_AT_FDCWD)
#define SC(name, ...) sys_##name(T, (const uint64_t[6]){__VA_ARGS__})
#define BUF 0x10000 /* a 64 KiB output area */
#define STR0 0x80000

static int str_slot;

/* A guest copy of @s (16 rotating slots of 8 KiB). */
static uaddr_t S(const char *s)
{
    size_t off = STR0 + (size_t)(str_slot++ % 16) * 8192;

    assert_true(strlen(s) < 8192);
    strcpy((char *)guest_mem + off, s);
    return G(off);
}

static void put_file(const char *rel, const char *content, mode_t mode)
{
    char p[512];
    int fd;

    snprintf(p, sizeof(p), "%s/%s", root_path, rel);
    fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
    assert_int_equal(chmod(p, mode), 0);
}

static void put_dir(const char *rel, mode_t mode)
{
    char p[512];

    snprintf(p, sizeof(p), "%s/%s", root_path, rel);
    assert_int_equal(mkdir(p, mode), 0);
    assert_int_equal(chmod(p, mode), 0);
}

static void put_link(const char *rel, const char *target)
{
    char p[512];

    snprintf(p, sizeof(p), "%s/%s", root_path, rel);
    assert_int_equal(symlink(target, p), 0);
}

static int group_setup(void **state)
{
    char p[512];
    int fd;

    (void)state;
    strcpy(root_path, "/tmp/rf-vfs-XXXXXX");
    if (!mkdtemp(root_path))
        return -1;
    /* The walk checks search permission with the guest's ids: a 0700 root would stop uid 54321. */
    chmod(root_path, 0755);
    put_dir("etc", 0755);
    put_file("etc/hostname", "inside\n", 0644);
    put_file("etc/secret", "s3cret\n", 0600);
    put_dir("bin2", 0755);
    put_file("bin2/prog", "#!/bin/sh\n", 0755);
    put_file("bin2/noexec", "data\n", 0644);
    put_dir("d", 0755);
    put_dir("d/sub", 0755);
    put_file("d/file", "dfile\n", 0644);
    put_file("d/sub/deep", "deep\n", 0644);
    put_dir("d/locked", 0700);
    put_link("esc", "../../../../../../../../etc");
    put_link("abs", "/etc");
    put_link("rel", "d/sub");
    put_link("dangling", "/nonexistent/x");
    put_link("magic", "/proc/self/root");
    put_link("loop", "loop");
    put_dir("many", 0755);
    for (int i = 0; i < 300; i++) {
        char n[64];

        snprintf(n, sizeof(n), "many/entry-with-a-longish-name-%03d", i);
        put_file(n, "", 0644);
    }
    /* 300 KiB with a position-dependent pattern. */
    snprintf(p, sizeof(p), "%s/big", root_path);
    fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    for (uint32_t i = 0; i < 300 * 1024 / 4; i++)
        assert_int_equal(write(fd, &i, 4), 4);
    close(fd);
    return 0;
}

static int group_teardown(void **state)
{
    char cmd[600];

    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root_path);
    return system(cmd) == 0 ? 0 : -1;
}

static int setup(void **state)
{
    (void)state;
    memset(guest_mem, 0, sizeof(guest_mem));
    gmm.mem = guest_mem;
    gmm.base = GUEST_BASE;
    gmm.size = GUEST_SIZE;
    gmm.ro_from = GUEST_SIZE;
    T = calloc(1, sizeof(*T));
    T->mm = &gmm;
    T->files = calloc(1, sizeof(*T->files));
    T->fs = &tfs;
    T->pid = 1;
    T->tid = 1;
    T->umask = 022;
    strcpy(T->exe, exe_path);
    if (vfs_fs_init(&tfs, root_path) < 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fdtable_release(T->files);
    free(T->files);
    close(tfs.root_fd);
    free(T);
    return 0;
}

/* Reopen the fixture's root as the host's "/" (oracle comparisons, magic links). */
static void use_host_root(void)
{
    close(tfs.root_fd);
    assert_int_equal(vfs_fs_init(&tfs, "/"), 0);
}

static long open_ro(const char *path)
{
    return SC(openat, AT_FDCWD_A, S(path), LINUX_O_RDONLY);
}

static void assert_reads(long fd, const char *want)
{
    long n;

    assert_true(fd >= 0);
    memset(guest_mem + BUF, 0, 256);
    n = SC(read, (uint64_t)fd, G(BUF), 255);
    assert_int_equal(n, (long)strlen(want));
    assert_memory_equal(guest_mem + BUF, want, strlen(want));
}

/* ---- lexical paths ---- */

static void test_path_join(void **state)
{
    char out[32];

    (void)state;
    assert_int_equal(vfs_path_join(out, sizeof(out), "/a/b", "c"), 6);
    assert_string_equal(out, "/a/b/c");
    assert_int_equal(vfs_path_join(out, sizeof(out), "/", "c"), 2);
    assert_string_equal(out, "/c");
    assert_int_equal(vfs_path_join(out, sizeof(out), "/a/", "../c"), 7);
    assert_string_equal(out, "/a/../c");
    assert_int_equal(vfs_path_join(out, sizeof(out), "/a", "/abs"), 4);
    assert_string_equal(out, "/abs");
    assert_int_equal(vfs_path_join(out, sizeof(out), "/a", ""), 2);
    assert_string_equal(out, "/a");
    assert_int_equal(vfs_path_join(out, sizeof(out), NULL, "/x"), 2);
    assert_int_equal(vfs_path_join(out, 9, "/abcd", "efg"), -LINUX_ENAMETOOLONG);
    assert_int_equal(vfs_path_join(out, 10, "/abcd", "efg"), 9);
    assert_int_equal(vfs_path_join(out, 4, "/", "/abcd"), -LINUX_ENAMETOOLONG);
}

static void test_path_clean(void **state)
{
    static const char *cases[][2] = {
        {"/", "/"},           {"", "/"},          {"//a//b//", "/a/b"},  {"/a/./b/.", "/a/b"},
        {"/a/b/..", "/a"},    {"/..", "/"},       {"/../../x", "/x"},    {"/a/../../b", "/b"},
        {"a/b", "/a/b"},      {"/a/..b/c", "/a/..b/c"}, {"/.../x", "/.../x"},
        {"/a/b/../../..", "/"},
    };
    char out[64];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_true(vfs_path_clean(out, sizeof(out), cases[i][0]) >= 0);
        assert_string_equal(out, cases[i][1]);
    }
    assert_int_equal(vfs_path_clean(out, 4, "/abcd"), -LINUX_ENAMETOOLONG);
    assert_int_equal(vfs_path_clean(out, 6, "/abcd"), 5);
    assert_true(vfs_path_has_dotdot("/a/../b"));
    assert_true(vfs_path_has_dotdot(".."));
    assert_true(vfs_path_has_dotdot("a/.."));
    assert_false(vfs_path_has_dotdot("/a/..b/c.."));
    assert_false(vfs_path_has_dotdot("/a/./b"));
}

/* ---- stat conversion: the host's own struct stat is the oracle ---- */

static void check_stat_matches_host(const char *path)
{
    struct linux_statx sx;
    struct linux_stat st;
    struct stat h;

    assert_int_equal(lstat(path, &h), 0);
    assert_int_equal(vfs_host_statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW,
                                    LINUX_STATX_BASIC_STATS, &sx),
                     0);
    vfs_statx_to_stat(&sx, &st);
    assert_int_equal(st.st_dev, (uint64_t)h.st_dev);
    assert_int_equal(st.st_ino, (uint64_t)h.st_ino);
    assert_int_equal(st.st_nlink, (uint64_t)h.st_nlink);
    assert_int_equal(st.st_mode, h.st_mode);
    assert_int_equal(st.st_uid, h.st_uid);
    assert_int_equal(st.st_gid, h.st_gid);
    assert_int_equal(st.st_rdev, (uint64_t)h.st_rdev);
    assert_int_equal(st.st_size, h.st_size);
    assert_int_equal(st.st_blksize, h.st_blksize);
    assert_int_equal(st.st_blocks, h.st_blocks);
    assert_int_equal(st.st_mtime_sec, (uint64_t)h.st_mtim.tv_sec);
    assert_int_equal(st.st_mtime_nsec, (uint64_t)h.st_mtim.tv_nsec);
    assert_int_equal(st.st_ctime_sec, (uint64_t)h.st_ctim.tv_sec);
    assert_int_equal(st.st_ctime_nsec, (uint64_t)h.st_ctim.tv_nsec);
    if (sizeof(struct stat) == sizeof(struct linux_stat)) {
        /* Same arch as the guest: the whole struct must match, atime included. */
        assert_int_equal(st.st_atime_sec, (uint64_t)h.st_atim.tv_sec);
    }
}

static void test_stat_conversion(void **state)
{
    char p[512];

    (void)state;
    check_stat_matches_host("/");
    check_stat_matches_host("/dev/null");
    check_stat_matches_host("/proc/self");
    snprintf(p, sizeof(p), "%s/big", root_path);
    check_stat_matches_host(p);
    snprintf(p, sizeof(p), "%s/abs", root_path);
    check_stat_matches_host(p);
    /* new_encode_dev: 8 low minor bits, 12 major bits, the rest of the minor above. */
    assert_int_equal(vfs_encode_dev(1, 3), 0x103);
    assert_int_equal(vfs_encode_dev(259, 0x12345), 0x12310345);
    assert_int_equal(vfs_encode_dev(0xfff, 0xfffff), 0xfffffffful);
}

static void test_statx_conversion(void **state)
{
    struct linux_statx raw, lx, back;
    struct linux_stat st;

    (void)state;
    assert_int_equal(vfs_host_statx(AT_FDCWD, "/dev/null", 0, 0xffffffffu & ~LINUX_STATX__RESERVED,
                                    &raw),
                     0);
    raw.__spare3[0] = 0xdead; /* fields we do not vouch for must not leak through */
    raw.stx_mask |= 0x40000;
    vfs_statx_to_linux(&raw, &lx);
    assert_int_equal(lx.stx_mask & ~(LINUX_STATX_BASIC_STATS | LINUX_STATX_BTIME |
                                     LINUX_STATX_MNT_ID),
                     0);
    assert_int_equal(lx.stx_mask & LINUX_STATX_BASIC_STATS, LINUX_STATX_BASIC_STATS);
    assert_int_equal(lx.__spare3[0], 0);
    assert_int_equal(lx.stx_ino, raw.stx_ino);
    assert_int_equal(lx.stx_mode, raw.stx_mode);
    assert_int_equal(lx.stx_rdev_major, 1);
    assert_int_equal(lx.stx_rdev_minor, 3);
    if (raw.stx_mask & LINUX_STATX_MNT_ID)
        assert_int_equal(lx.stx_mnt_id, raw.stx_mnt_id);
    /* stat → statx for files without a host descriptor: a round trip. */
    vfs_statx_to_stat(&lx, &st);
    vfs_stat_to_statx(&st, &back);
    assert_int_equal(back.stx_mask, LINUX_STATX_BASIC_STATS);
    assert_int_equal(back.stx_ino, lx.stx_ino);
    assert_int_equal(back.stx_mode, lx.stx_mode);
    assert_int_equal(back.stx_rdev_major, lx.stx_rdev_major);
    assert_int_equal(back.stx_rdev_minor, lx.stx_rdev_minor);
    assert_int_equal(back.stx_dev_major, lx.stx_dev_major);
    assert_int_equal(back.stx_dev_minor, lx.stx_dev_minor);
    assert_int_equal(back.stx_mtime.tv_sec, lx.stx_mtime.tv_sec);
    assert_int_equal(back.stx_mtime.tv_nsec, lx.stx_mtime.tv_nsec);
}

static void test_permission(void **state)
{
    (void)state;
    /* owner bits win even when group/other bits would allow */
    assert_int_equal(vfs_permission(0100077, 5, 6, 5, 6, LINUX_R_OK), -LINUX_EACCES);
    assert_int_equal(vfs_permission(0100400, 5, 6, 5, 9, LINUX_R_OK), 0);
    assert_int_equal(vfs_permission(0100400, 5, 6, 5, 9, LINUX_R_OK | LINUX_W_OK), -LINUX_EACCES);
    assert_int_equal(vfs_permission(0100040, 5, 6, 7, 6, LINUX_R_OK), 0);
    assert_int_equal(vfs_permission(0100004, 5, 6, 7, 8, LINUX_R_OK), 0);
    assert_int_equal(vfs_permission(0100001, 5, 6, 7, 8, LINUX_X_OK), 0);
    assert_int_equal(vfs_permission(0100000, 5, 6, 7, 8, 0), 0);
    /* root: everything but exec of a file without any x bit */
    assert_int_equal(vfs_permission(0100000, 5, 6, 0, 0, LINUX_R_OK | LINUX_W_OK), 0);
    assert_int_equal(vfs_permission(0100600, 5, 6, 0, 0, LINUX_X_OK), -LINUX_EACCES);
    assert_int_equal(vfs_permission(0100010, 5, 6, 0, 0, LINUX_X_OK), 0);
    assert_int_equal(vfs_permission(0040000, 5, 6, 0, 0, LINUX_X_OK), 0);
    /* generic_permission()'s overrides one by one, for a caller that is not the owner. */
    const unsigned ovr = VFS_CAP_DAC_OVERRIDE, rs = VFS_CAP_DAC_READ_SEARCH;
    assert_int_equal(vfs_permission_caps(0100000, 5, 6, 7, 8, 0, LINUX_R_OK), -LINUX_EACCES);
    assert_int_equal(vfs_permission_caps(0100000, 5, 6, 7, 8, rs, LINUX_R_OK), 0);
    assert_int_equal(vfs_permission_caps(0100000, 5, 6, 7, 8, rs, LINUX_W_OK), -LINUX_EACCES);
    assert_int_equal(vfs_permission_caps(0100000, 5, 6, 7, 8, ovr, LINUX_R_OK | LINUX_W_OK), 0);
    assert_int_equal(vfs_permission_caps(0100000, 5, 6, 7, 8, ovr | rs, LINUX_X_OK), -LINUX_EACCES);
    assert_int_equal(vfs_permission_caps(0100100, 5, 6, 7, 8, ovr, LINUX_X_OK), 0);
    /* directories: search and read with DAC_READ_SEARCH, writes only with DAC_OVERRIDE */
    assert_int_equal(vfs_permission_caps(0040000, 5, 6, 7, 8, rs, LINUX_R_OK | LINUX_X_OK), 0);
    assert_int_equal(vfs_permission_caps(0040000, 5, 6, 7, 8, rs, LINUX_W_OK), -LINUX_EACCES);
    assert_int_equal(vfs_permission_caps(0040000, 5, 6, 7, 8, ovr, LINUX_W_OK | LINUX_X_OK), 0);
    /* uid 0 without capabilities is an ordinary owner-less caller */
    assert_int_equal(vfs_permission_caps(0100600, 5, 6, 0, 0, 0, LINUX_R_OK), -LINUX_EACCES);
}

/* ---- getdents translation ---- */

static void test_dirents_translation(void **state)
{
    uint8_t host[8192], out[8192];
    char p[512];
    size_t used;
    int64_t last = -1;
    long n, r;
    int fd, names = 0;

    (void)state;
    snprintf(p, sizeof(p), "%s/d", root_path);
    fd = open(p, O_RDONLY | O_DIRECTORY);
    n = syscall(SYS_getdents64, fd, host, sizeof(host));
    close(fd);
    assert_true(n > 0);
    r = vfs_dirents_to_linux(host, (size_t)n, out, sizeof(out), &used, &last);
    assert_int_equal(r, n); /* identical layout: the same bytes */
    assert_int_equal(used, (size_t)n);
    for (long off = 0; off < r;) {
        struct linux_dirent64 *d = (struct linux_dirent64 *)(out + off);

        assert_int_equal(d->d_reclen % 8, 0);
        if (!strcmp(d->d_name, "sub") || !strcmp(d->d_name, "locked"))
            assert_int_equal(d->d_type, DT_DIR), names++;
        if (!strcmp(d->d_name, "file"))
            assert_int_equal(d->d_type, DT_REG), names++;
        if (off + d->d_reclen == r)
            assert_int_equal(d->d_off, last);
        off += d->d_reclen;
    }
    assert_int_equal(names, 3);
    /* Room for the first record only. */
    {
        struct linux_dirent64 *d = (struct linux_dirent64 *)host;

        r = vfs_dirents_to_linux(host, (size_t)n, out, d->d_reclen, &used, &last);
        assert_int_equal(r, d->d_reclen);
        assert_int_equal(used, d->d_reclen);
        assert_int_equal(last, d->d_off);
        r = vfs_dirents_to_linux(host, (size_t)n, out, d->d_reclen - 1, &used, &last);
        assert_int_equal(r, 0);
        assert_int_equal(used, 0);
        /* malformed host records */
        d->d_reclen = 3;
        assert_int_equal(vfs_dirents_to_linux(host, (size_t)n, out, sizeof(out), &used, &last),
                         -LINUX_EIO);
        d->d_reclen = 24;
        memset(d->d_name, 'x', 5); /* no NUL within the record */
        assert_int_equal(vfs_dirents_to_linux(host, 24, out, sizeof(out), &used, &last),
                         -LINUX_EIO);
        assert_int_equal(vfs_dirents_to_linux(host, 10, out, sizeof(out), &used, &last),
                         -LINUX_EIO);
    }
}

/* ---- fd table ---- */

static int released;

static void count_release(struct file *f)
{
    (void)f;
    released++;
}

static const struct file_ops counting_ops = {.release = count_release};

static void test_fdtable(void **state)
{
    struct fdtable *ft = T->files;
    struct file *f = file_alloc(&counting_ops, -1, 0, "/x"), *g;

    (void)state;
    released = 0;
    assert_non_null(f);
    assert_string_equal(f->path, "/x");
    assert_int_equal(fd_install(ft, f, 0, 0), 0);
    assert_int_equal(fd_install(ft, file_get(f), 0, 1), 1);
    assert_int_equal(fd_install(ft, file_get(f), 5, 0), 5);
    assert_int_equal(fd_install(ft, file_get(f), 2, 0), 2);
    assert_int_equal(ft->cloexec[1], 1);
    assert_ptr_equal(fd_lookup(ft, 5), f);
    assert_null(fd_lookup(ft, 3));
    assert_null(fd_lookup(ft, -1));
    assert_null(fd_lookup(ft, FDTABLE_DEFAULT_LIMIT));
    assert_int_equal(f->refs, 4);
    assert_int_equal(fd_close(ft, 1), 0);
    assert_int_equal(ft->cloexec[1], 0);
    assert_int_equal(fd_close(ft, 1), -LINUX_EBADF);
    assert_int_equal(fd_close(ft, -5), -LINUX_EBADF);
    assert_int_equal(fd_close(ft, FDTABLE_DEFAULT_LIMIT), -LINUX_EBADF);
    assert_int_equal(fd_install(ft, file_get(f), -1, 0), -LINUX_EINVAL);
    file_put(f);
    assert_int_equal(fd_install(ft, file_get(f), FDTABLE_DEFAULT_LIMIT, 0), -LINUX_EMFILE);
    file_put(f);
    /* dup2 over an open fd drops the old file */
    g = file_alloc(&counting_ops, -1, 0, NULL);
    assert_int_equal(fd_replace(ft, 5, g, 1), 5);
    assert_int_equal(f->refs, 2);
    assert_int_equal(fd_replace(ft, FDTABLE_DEFAULT_LIMIT, g, 0), -LINUX_EBADF);
    assert_int_equal(fd_replace(ft, 7, file_get(g), 0), 7);
    /* fill the table: EMFILE, and the caller keeps its reference */
    for (int i = 0; i < FDTABLE_DEFAULT_LIMIT; i++)
        if (!fd_lookup(ft, i))
            assert_int_equal(fd_install(ft, file_get(g), 0, 0), i);
    assert_int_equal(fd_install(ft, file_get(g), 0, 0), -LINUX_EMFILE);
    file_put(g);
    assert_int_equal(released, 0);
    fdtable_release(ft);
    assert_int_equal(released, 2);
    /* Released: every slot gone, and the table empty but reusable. */
    assert_int_equal(ft->size, 0);
    assert_null(fd_lookup(ft, 0));
    file_put(NULL);
}

/* ---- resolution beneath the root ---- */

static void test_escape_attempts(void **state)
{
    char hostpath[600];
    long d;

    (void)state;
    assert_reads(open_ro("/etc/hostname"), "inside\n");
    assert_reads(open_ro("/../../../../etc/hostname"), "inside\n");
    assert_reads(open_ro("../../../../../etc/hostname"), "inside\n");
    assert_reads(open_ro("esc/hostname"), "inside\n");
    assert_reads(open_ro("/abs/hostname"), "inside\n");
    assert_reads(open_ro("rel/../../etc/hostname"), "inside\n");
    /* /proc is the sandbox's own: its root link is the guest's "/" */
    assert_reads(open_ro("/magic/etc/hostname"), "inside\n");
    assert_reads(open_ro("/proc/self/root/etc/hostname"), "inside\n");
    snprintf(hostpath, sizeof(hostpath), "%s/etc/hostname", root_path);
    assert_int_equal(open_ro(hostpath), -LINUX_ENOENT);
    assert_int_equal(open_ro("/loop"), -LINUX_ELOOP);
    assert_int_equal(open_ro("/dangling"), -LINUX_ENOENT);
    /* relative to a directory fd, ".." stops at the root as well */
    d = SC(openat, AT_FDCWD_A, S("/d/sub"), LINUX_O_RDONLY | LINUX_O_DIRECTORY);
    assert_true(d >= 0);
    assert_reads(SC(openat, (uint64_t)d, S("../../../../../etc/hostname"), 0), "inside\n");
    assert_reads(SC(openat, (uint64_t)d, S("deep"), 0), "deep\n");
    assert_reads(SC(openat, (uint64_t)d, S("/etc/hostname"), 0), "inside\n");
    /* relative to the cwd */
    assert_int_equal(SC(chdir, S("/d/sub")), 0);
    assert_reads(open_ro("../../../../../etc/hostname"), "inside\n");
    assert_reads(open_ro("deep"), "deep\n");
}

static void test_magic_links_host_root(void **state)
{
    char p[64];
    int fd = open("/etc/hostname", O_RDONLY | O_CLOEXEC);

    (void)state;
    use_host_root();
    /* /proc is synthesized: the runtime's descriptors are not the guest's, so not there. */
    snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
    assert_int_equal(open_ro(p), -LINUX_ENOENT);
    snprintf(p, sizeof(p), "/proc/self/fd/%d", tfs.root_fd);
    assert_int_equal(open_ro(p), -LINUX_ENOENT);
    /* root and cwd are the guest's own "/" and cwd, followed inside the guest's tree */
    assert_true(open_ro("/proc/self/root/etc/hostname") >= 0);
    assert_true(open_ro("/proc/self/cwd") >= 0);
    close(fd);
}

/* Read-only opens: the host kernel on the same tree is the oracle. */
static void test_open_oracle(void **state)
{
    static const struct {
        const char *path;
        uint32_t lf;
        int hf;
        int rofs; /* the host creates or writes: the sandbox does so in its upper layer */
    } cases[] = {
        {"/etc/hostname", 0, O_RDONLY, 0},
        {"/etc/hostname/", 0, O_RDONLY, 0},
        {"/etc/hostname/.", 0, O_RDONLY, 0},
        {"/etc/hostname/x", 0, O_RDONLY, 0},
        {"/etc/nothere", 0, O_RDONLY, 0},
        {"/etc", LINUX_O_DIRECTORY, O_DIRECTORY, 0},
        {"/etc/hostname", LINUX_O_DIRECTORY, O_DIRECTORY, 0},
        {"/rel", LINUX_O_NOFOLLOW, O_NOFOLLOW, 0},
        {"/rel", LINUX_O_NOFOLLOW | LINUX_O_DIRECTORY, O_NOFOLLOW | O_DIRECTORY, 0},
        {"/rel", LINUX_O_NOFOLLOW | LINUX_O_PATH, O_NOFOLLOW | O_PATH, 0},
        {"/rel", LINUX_O_PATH | LINUX_O_CREAT | LINUX_O_TRUNC | LINUX_O_WRONLY, O_PATH, 0},
        {"/loop", 0, O_RDONLY, 0},
        {"/d/locked", 0, O_RDONLY, 0},
        {"/d/../d/sub/../file", 0, O_RDONLY, 0},
        {"/etc/hostname", LINUX_O_CREAT | LINUX_O_DIRECTORY, O_CREAT | O_DIRECTORY, 0},
        /* glibc's __O_TMPFILE carries O_DIRECTORY: the raw bit alone */
        {"/d", LINUX_O_WRONLY | LINUX_O_TMPFILE_BASE, O_WRONLY | 020000000, 0},
        {"/d", LINUX_O_RDONLY | LINUX_O_TMPFILE, O_RDONLY | O_TMPFILE, 0},
        {"/d", LINUX_O_WRONLY | LINUX_O_DIRECTORY, O_WRONLY | O_DIRECTORY, 0},
        {"/d", LINUX_O_RDONLY | LINUX_O_TRUNC, O_RDONLY | O_TRUNC, 0},
        {"/d", LINUX_O_RDONLY | LINUX_O_CREAT, O_RDONLY | O_CREAT, 0},
        {"/d/", LINUX_O_RDONLY | LINUX_O_CREAT, O_RDONLY | O_CREAT, 0},
        {"/etc/hostname/", LINUX_O_RDONLY | LINUX_O_CREAT, O_RDONLY | O_CREAT, 0},
        {"/nothere/x/", LINUX_O_RDONLY | LINUX_O_CREAT, O_RDONLY | O_CREAT, 0},
        {"/nothere/x", LINUX_O_RDONLY | LINUX_O_CREAT, O_RDONLY | O_CREAT, 0},
        {"/etc/hostname/x", LINUX_O_RDONLY | LINUX_O_CREAT, O_RDONLY | O_CREAT, 0},
        {"/etc/hostname", LINUX_O_RDONLY | LINUX_O_CREAT | LINUX_O_EXCL, O_CREAT | O_EXCL, 0},
        {"/rel", LINUX_O_WRONLY | LINUX_O_CREAT | LINUX_O_EXCL, O_WRONLY | O_CREAT | O_EXCL, 0},
        {"/dangling", LINUX_O_WRONLY | LINUX_O_CREAT | LINUX_O_EXCL, O_WRONLY | O_CREAT | O_EXCL,
         0},
        {"/rel", LINUX_O_WRONLY | LINUX_O_NOFOLLOW, O_WRONLY | O_NOFOLLOW, 0},
        {"/etc/hostname", LINUX_O_RDONLY | LINUX_O_CREAT, O_RDONLY | O_CREAT, 0},
        {"/.", LINUX_O_RDONLY | LINUX_O_CREAT, O_RDONLY | O_CREAT, 0},
        {"/d/..", LINUX_O_WRONLY, O_WRONLY, 0},
        {"/d/new", LINUX_O_RDONLY | LINUX_O_CREAT, O_RDONLY | O_CREAT, 1},
        {"/d/file", LINUX_O_RDONLY | LINUX_O_CREAT | LINUX_O_TRUNC, O_RDONLY | O_CREAT, 1},
        {"/d", LINUX_O_WRONLY | LINUX_O_TMPFILE, O_WRONLY | O_TMPFILE, 1},
    };
    char hp[600];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        long ours = SC(openat, AT_FDCWD_A, S(cases[i].path), cases[i].lf, 0600);
        int native;

        snprintf(hp, sizeof(hp), "%s%s", root_path, cases[i].path);
        native = open(hp, cases[i].hf | O_CLOEXEC, 0600);
        if (native >= 0) {
            close(native);
            if (cases[i].rofs) {
                if (ours < 0)
                    print_message("case %zu %s: ours %ld, native ok\n", i, cases[i].path, ours);
                assert_true(ours >= 0);
                if (!(cases[i].hf & __O_TMPFILE) && strcmp(cases[i].path, "/d/file"))
                    unlink(hp);
                continue;
            }
            if (ours < 0)
                print_message("case %zu %s: ours %ld native ok\n", i, cases[i].path, ours);
            assert_true(ours >= 0);
            assert_int_equal(SC(close, (uint64_t)ours), 0);
        } else {
            int e = errno;

            if (ours != -e)
                print_message("case %zu %s: ours %ld native -%d\n", i, cases[i].path, ours, e);
            assert_int_equal(ours, -e);
        }
    }
}

/* Writes, creation and truncation: into the upper layer, the same errors as Linux otherwise. */
static void test_open_writes_in_memory(void **state)
{
    static const struct {
        const char *path;
        uint32_t lf;
        long want; /* 1: a descriptor */
    } cases[] = {
        {"/etc/hostname", LINUX_O_WRONLY, 1},
        {"/etc/hostname", LINUX_O_RDWR, 1},
        {"/etc/hostname", 3, 1},
        {"/etc/hostname", LINUX_O_RDONLY | LINUX_O_TRUNC, 1},
        {"/etc/hostname", LINUX_O_WRONLY | LINUX_O_APPEND, 1},
        {"/etc/new", LINUX_O_WRONLY | LINUX_O_CREAT, 1},
        {"/etc/new2", LINUX_O_RDONLY | LINUX_O_CREAT, 1},
        {"/nodir/new", LINUX_O_WRONLY | LINUX_O_CREAT, -LINUX_ENOENT},
        {"/etc/hostname/new", LINUX_O_WRONLY | LINUX_O_CREAT, -LINUX_ENOTDIR},
        {"/etc/hostname", LINUX_O_WRONLY | LINUX_O_CREAT | LINUX_O_EXCL, -LINUX_EEXIST},
        {"/etc", LINUX_O_WRONLY, -LINUX_EISDIR},
        {"/etc", LINUX_O_RDONLY | LINUX_O_CREAT, -LINUX_EISDIR},
        {"/etc/", LINUX_O_RDONLY | LINUX_O_CREAT, -LINUX_EISDIR},
        {"/etc/x/", LINUX_O_RDONLY | LINUX_O_CREAT, -LINUX_EISDIR},
        {"/etc", LINUX_O_WRONLY | LINUX_O_TMPFILE, 1},
        {"/etc/hostname", LINUX_O_WRONLY | LINUX_O_TMPFILE, -LINUX_ENOTDIR},
        {"/etc", LINUX_O_RDONLY | LINUX_O_TMPFILE, -LINUX_EINVAL},
        {"/etc", LINUX_O_CREAT | LINUX_O_DIRECTORY, -LINUX_EINVAL},
        {"/loop", LINUX_O_WRONLY, -LINUX_ELOOP},
        {"/rel", LINUX_O_WRONLY | LINUX_O_NOFOLLOW, -LINUX_ELOOP},
        {"/dangling", LINUX_O_WRONLY | LINUX_O_CREAT, -LINUX_ENOENT},
        {"/dangling", LINUX_O_WRONLY | LINUX_O_CREAT | LINUX_O_EXCL, -LINUX_EEXIST},
        {"", LINUX_O_WRONLY | LINUX_O_CREAT, -LINUX_ENOENT},
    };
    char hp[600];
    struct stat st;
    long fd;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        long r = SC(openat, AT_FDCWD_A, S(cases[i].path), cases[i].lf, 0644);

        if ((cases[i].want == 1) != (r >= 0) || (cases[i].want != 1 && r != cases[i].want))
            print_message("case %zu %s %#x: %ld\n", i, cases[i].path, cases[i].lf, r);
        if (cases[i].want == 1)
            assert_true(r >= 0);
        else
            assert_int_equal(r, cases[i].want);
    }
    /* O_RDONLY|O_TRUNC truncated the copy; writes land there; the host file is untouched */
    fd = SC(openat, AT_FDCWD_A, S("/etc/hostname"), LINUX_O_RDWR);
    assert_true(fd >= 0);
    assert_int_equal(SC(read, (uint64_t)fd, G(BUF), 10), 0);
    memcpy(guest_mem + BUF, "changed\n", 8);
    assert_int_equal(SC(write, (uint64_t)fd, G(BUF), 8), 8);
    assert_reads(open_ro("/etc/hostname"), "changed\n");
    snprintf(hp, sizeof(hp), "%s/etc/hostname", root_path);
    assert_int_equal(stat(hp, &st), 0);
    assert_int_equal(st.st_size, 7);
    /* the legacy open(2) is openat(AT_FDCWD), with the mode argument */
    assert_reads(SC(open, S("etc/hostname"), 0), "changed\n");
    assert_true(SC(open, S("etc/hostname"), LINUX_O_RDWR) >= 0);
    /* nothing was created on the host */
    snprintf(hp, sizeof(hp), "%s/etc/new", root_path);
    assert_int_equal(stat(hp, &st), -1);
    assert_int_equal(SC(stat, S("/etc/new"), G(BUF)), 0);
    /* umask 022 applied to 0644 | the creation mode */
    assert_int_equal(((struct linux_stat *)(guest_mem + BUF))->st_mode, LINUX_S_IFREG | 0644);
}

static void test_open_args(void **state)
{
    char *longp = (char *)guest_mem + 0x40000;
    long fd;

    (void)state;
    /* EFAULT, ENAMETOOLONG at PATH_MAX including the NUL, bad dirfds */
    assert_int_equal(SC(openat, AT_FDCWD_A, 0, 0), -LINUX_EFAULT);
    assert_int_equal(SC(openat, AT_FDCWD_A, G(GUEST_SIZE), 0), -LINUX_EFAULT);
    memset(longp, 'a', 4096);
    longp[4096] = 0;
    assert_int_equal(SC(openat, AT_FDCWD_A, G(0x40000), 0), -LINUX_ENAMETOOLONG);
    memcpy(longp, "/", 1);
    for (int i = 1; i < 4095; i += 2)
        memcpy(longp + i, "./", 2);
    longp[4095] = 0;
    fd = SC(openat, AT_FDCWD_A, G(0x40000), 0); /* "/./././…/" is the root */
    assert_true(fd >= 0);
    assert_string_equal(fd_lookup(T->files, (int)fd)->path, "/");
    /* cwd + a relative path may be longer than PATH_MAX: Linux does not mind */
    assert_int_equal(SC(chdir, S("/d/sub")), 0);
    for (int i = 0; i < 4090; i += 2)
        memcpy(longp + i, "./", 2);
    strcpy(longp + 4090, "deep");
    assert_reads(SC(openat, AT_FDCWD_A, G(0x40000), 0), "deep\n");
    assert_int_equal(SC(openat, 12345, S("x"), 0), -LINUX_EBADF);
    assert_int_equal(SC(openat, 12345, S("/etc/hostname"), 0) >= 0, 1);
    fd = open_ro("/etc/hostname");
    assert_int_equal(SC(openat, (uint64_t)fd, S("x"), 0), -LINUX_ENOTDIR);
    /* only the low 32 bits of fd and flags count */
    assert_reads(SC(openat, 0xffffffff00000000ULL | (uint32_t)LINUX_AT_FDCWD, S("/etc/hostname"),
                    0xffffffff00000000ULL),
                 "inside\n");
    /* unknown flag bits are ignored by open(2) */
    assert_reads(SC(openat, AT_FDCWD_A, S("/etc/hostname"), 0x40000000), "inside\n");
    /* a component longer than NAME_MAX */
    memset(longp, 'b', 300);
    longp[300] = 0;
    assert_int_equal(SC(openat, AT_FDCWD_A, G(0x40000), 0), -LINUX_ENAMETOOLONG);
}

static void test_open_creds(void **state)
{
    (void)state;
    T->euid = T->uid = T->fsuid = 54321;
    T->egid = T->gid = T->fsgid = 54321;
    assert_int_equal(open_ro("/etc/secret"), -LINUX_EACCES);
    assert_reads(open_ro("/etc/hostname"), "inside\n");
    assert_true(SC(openat, AT_FDCWD_A, S("/etc/secret"), LINUX_O_PATH) >= 0);
    assert_int_equal(SC(chdir, S("/d/locked")), -LINUX_EACCES);
    T->euid = T->fsuid = 0;
    assert_reads(open_ro("/etc/secret"), "s3cret\n");
    assert_int_equal(SC(chdir, S("/d/locked")), 0);
}

/* ---- data transfer ---- */

static void test_read_write(void **state)
{
    long fd = open_ro("/etc/hostname"), d, p;

    (void)state;
    assert_reads(fd, "inside\n");
    assert_int_equal(SC(read, (uint64_t)fd, G(BUF), 10), 0);
    assert_int_equal(SC(lseek, (uint64_t)fd, 2, LINUX_SEEK_SET), 2);
    assert_reads(fd, "side\n");
    assert_int_equal(SC(lseek, (uint64_t)fd, 0, LINUX_SEEK_END), 7);
    assert_int_equal(SC(lseek, (uint64_t)fd, 0, 5), -LINUX_EINVAL);
    assert_int_equal(SC(lseek, (uint64_t)fd, (uint64_t)-1, LINUX_SEEK_SET), -LINUX_EINVAL);
    assert_int_equal(SC(lseek, (uint64_t)fd, 1, LINUX_SEEK_DATA), 1);
    assert_int_equal(SC(lseek, (uint64_t)fd, 0, LINUX_SEEK_END), 7);
    assert_int_equal(SC(lseek, 999, 0, 0), -LINUX_EBADF);
    assert_int_equal(SC(pread64, (uint64_t)fd, G(BUF), 3, 1), 3);
    assert_memory_equal(guest_mem + BUF, "nsi", 3);
    assert_int_equal(SC(pread64, (uint64_t)fd, G(BUF), 3, (uint64_t)-1), -LINUX_EINVAL);
    assert_int_equal(SC(pread64, 999, G(BUF), 3, (uint64_t)-1), -LINUX_EINVAL);
    assert_int_equal(SC(lseek, (uint64_t)fd, 0, LINUX_SEEK_CUR), 7); /* pread kept the position */
    /* access mode and argument errors */
    assert_int_equal(SC(write, (uint64_t)fd, G(BUF), 1), -LINUX_EBADF);
    assert_int_equal(SC(pwrite64, (uint64_t)fd, G(BUF), 1, 0), -LINUX_EBADF);
    assert_int_equal(SC(read, 999, G(BUF), 1), -LINUX_EBADF);
    assert_int_equal(SC(read, (uint64_t)-1, G(BUF), 1), -LINUX_EBADF);
    assert_int_equal(SC(read, (uint64_t)fd, 1, 10), -LINUX_EFAULT);
    assert_int_equal(SC(read, (uint64_t)fd, G(BUF), (uint64_t)-1), -LINUX_EFAULT);
    assert_int_equal(SC(read, (uint64_t)fd, 0, 0), 0);
    assert_int_equal(SC(lseek, (uint64_t)fd, 0, LINUX_SEEK_SET), 0);
    assert_int_equal(SC(read, (uint64_t)fd, G(BUF), 1ULL << 40), 7); /* clamped, not EFAULT */
    /* directories: EISDIR even for 0 bytes; O_PATH: EBADF */
    d = open_ro("/etc");
    assert_int_equal(SC(read, (uint64_t)d, G(BUF), 0), -LINUX_EISDIR);
    assert_int_equal(SC(read, (uint64_t)d, G(BUF), 10), -LINUX_EISDIR);
    assert_int_equal(SC(pread64, (uint64_t)d, G(BUF), 10, 0), -LINUX_EISDIR);
    p = SC(openat, AT_FDCWD_A, S("/etc/hostname"), LINUX_O_PATH);
    assert_true(p >= 0);
    assert_int_equal(SC(read, (uint64_t)p, G(BUF), 0), -LINUX_EBADF);
    assert_int_equal(SC(lseek, (uint64_t)p, 0, 0), -LINUX_EBADF);
    assert_int_equal(SC(ioctl, (uint64_t)p, LINUX_FIONREAD, G(BUF)), -LINUX_EBADF);
    assert_int_equal(SC(getdents64, (uint64_t)p, G(BUF), 100), -LINUX_EBADF);
}

static void test_read_faults(void **state)
{
    long fd = open_ro("/big");
    const size_t end = GUEST_SIZE - 100;
    uint32_t *w = (uint32_t *)(guest_mem + BUF);

    (void)state;
    /* a buffer that runs into unmapped memory: a short read up to there */
    gmm.size = end;
    gmm.ro_from = end;
    assert_int_equal(SC(read, (uint64_t)fd, G(end - 40), 1000), 40);
    assert_int_equal(SC(read, (uint64_t)fd, G(end), 1000), -LINUX_EFAULT);
    assert_int_equal(SC(lseek, (uint64_t)fd, 0, LINUX_SEEK_CUR), 40); /* nothing lost */
    /* read-only guest memory cannot be read into */
    gmm.ro_from = BUF;
    assert_int_equal(SC(read, (uint64_t)fd, G(BUF), 10), -LINUX_EFAULT);
    gmm.ro_from = end;
    /* more pages than one host call takes: looped, in order */
    assert_int_equal(SC(lseek, (uint64_t)fd, 0, LINUX_SEEK_SET), 0);
    assert_int_equal(SC(read, (uint64_t)fd, G(BUF), 300 * 1024), 300 * 1024);
    for (uint32_t i = 0; i < 300 * 1024 / 4; i++)
        if (w[i] != i)
            fail_msg("word %u is %u", i, w[i]);
    /* pread across pages at an offset */
    memset(guest_mem + BUF, 0, 300 * 1024);
    assert_int_equal(SC(pread64, (uint64_t)fd, G(BUF + 1), 280 * 1024, 4096), 280 * 1024);
    assert_memory_equal(guest_mem + BUF + 1, "\0\4\0\0", 4);
}

static void test_readv(void **state)
{
    struct linux_iovec *v = (struct linux_iovec *)(guest_mem + 0x60000);
    long fd = open_ro("/etc/hostname");

    (void)state;
    v[0] = (struct linux_iovec){G(BUF), 2};
    v[1] = (struct linux_iovec){G(BUF + 100), 0};
    v[2] = (struct linux_iovec){G(BUF + 200), 3};
    v[3] = (struct linux_iovec){G(BUF + 300), 100};
    assert_int_equal(SC(readv, (uint64_t)fd, G(0x60000), 4), 7);
    assert_memory_equal(guest_mem + BUF, "in", 2);
    assert_memory_equal(guest_mem + BUF + 200, "sid", 3);
    assert_memory_equal(guest_mem + BUF + 300, "e\n", 2);
    assert_int_equal(SC(readv, (uint64_t)fd, G(0x60000), 0), 0);
    assert_int_equal(SC(readv, (uint64_t)fd, 0, 0), 0);
    assert_int_equal(SC(readv, (uint64_t)fd, 0, 1), -LINUX_EFAULT);
    assert_int_equal(SC(readv, (uint64_t)fd, G(0x60000), 1025), -LINUX_EINVAL);
    assert_int_equal(SC(readv, (uint64_t)fd, G(0x60000), (uint64_t)-1), -LINUX_EINVAL);
    assert_int_equal(SC(readv, 999, G(0x60000), 1), -LINUX_EBADF);
    assert_int_equal(SC(writev, (uint64_t)fd, G(0x60000), 1), -LINUX_EBADF);
    v[1].iov_len = (uint64_t)-1;
    assert_int_equal(SC(readv, (uint64_t)fd, G(0x60000), 4), -LINUX_EINVAL);
    v[1].iov_len = 1ULL << 60;
    assert_int_equal(SC(readv, (uint64_t)fd, G(0x60000), 4), -LINUX_EFAULT);
    /* the first segment unwritable: EFAULT; a later one: a short read */
    v[1] = (struct linux_iovec){1, 10};
    assert_int_equal(SC(lseek, (uint64_t)fd, 0, LINUX_SEEK_SET), 0);
    assert_int_equal(SC(readv, (uint64_t)fd, G(0x60000), 4), 2);
    v[0].iov_base = 1;
    assert_int_equal(SC(readv, (uint64_t)fd, G(0x60000), 1), -LINUX_EFAULT);
    /* huge lengths are clamped to MAX_RW_COUNT in total */
    v[0] = (struct linux_iovec){G(BUF), 1ULL << 32};
    v[1] = (struct linux_iovec){G(BUF), 1ULL << 32};
    assert_int_equal(SC(lseek, (uint64_t)fd, 0, LINUX_SEEK_SET), 0);
    assert_int_equal(SC(readv, (uint64_t)fd, G(0x60000), 2), 7);
}

static void test_stdio(void **state)
{
    int out[2], in[2], save0 = dup(0), save1 = dup(1), n;
    char buf[64];

    (void)state;
    assert_int_equal(pipe(out), 0);
    assert_int_equal(pipe(in), 0);
    dup2(out[1], 1);
    dup2(in[0], 0);
    assert_int_equal(vfs_init_stdio(T->files), 0);
    dup2(save1, 1);
    dup2(save0, 0);
    close(save0);
    close(save1);
    close(out[1]);
    close(in[0]);
    assert_non_null(fd_lookup(T->files, 0));
    assert_non_null(fd_lookup(T->files, 1));
    assert_non_null(fd_lookup(T->files, 2));
    assert_int_equal(fd_lookup(T->files, 1)->host_fd > 2, 1);

    memcpy(guest_mem + BUF, "hello", 5);
    assert_int_equal(SC(write, 1, G(BUF), 5), 5);
    n = (int)read(out[0], buf, sizeof(buf));
    assert_int_equal(n, 5);
    assert_memory_equal(buf, "hello", 5);
    assert_int_equal(SC(read, 1, G(BUF), 5), -LINUX_EBADF);
    assert_int_equal(SC(lseek, 1, 0, LINUX_SEEK_CUR), -LINUX_ESPIPE);
    assert_int_equal(SC(pwrite64, 1, G(BUF), 1, 0), -LINUX_ESPIPE);
    assert_int_equal(SC(ioctl, 1, LINUX_TCGETS, G(BUF)), -LINUX_ENOTTY);
    assert_int_equal(SC(ioctl, 1, LINUX_TIOCGPGRP, G(BUF)), -LINUX_ENOTTY);
    assert_int_equal(SC(fcntl, 1, LINUX_F_GETFL), LINUX_O_WRONLY | LINUX_O_LARGEFILE);
    assert_int_equal(SC(fcntl, 0, LINUX_F_GETFL), LINUX_O_RDONLY | LINUX_O_LARGEFILE);
    assert_int_equal(SC(fstat, 1, G(BUF)), 0);
    assert_int_equal(((struct linux_stat *)(guest_mem + BUF))->st_mode & LINUX_S_IFMT,
                     LINUX_S_IFIFO);
    /* writev gathers */
    {
        struct linux_iovec *v = (struct linux_iovec *)(guest_mem + 0x60000);

        memcpy(guest_mem + BUF, "abcdef", 6);
        v[0] = (struct linux_iovec){G(BUF), 2};
        v[1] = (struct linux_iovec){G(BUF + 4), 2};
        assert_int_equal(SC(writev, 1, G(0x60000), 2), 4);
        assert_int_equal(read(out[0], buf, sizeof(buf)), 4);
        assert_memory_equal(buf, "abef", 4);
    }
    /* stdin: FIONREAD, read, O_NONBLOCK via FIONBIO and F_SETFL */
    assert_int_equal(write(in[1], "xyz", 3), 3);
    assert_int_equal(SC(ioctl, 0, LINUX_FIONREAD, G(BUF)), 0);
    assert_int_equal(*(int32_t *)(guest_mem + BUF), 3);
    assert_int_equal(SC(ioctl, 0, LINUX_FIONREAD, 1), -LINUX_EFAULT);
    assert_int_equal(SC(read, 0, G(BUF), 100), 3);
    assert_memory_equal(guest_mem + BUF, "xyz", 3);
    *(int32_t *)(guest_mem + BUF) = 1;
    assert_int_equal(SC(ioctl, 0, LINUX_FIONBIO, G(BUF)), 0);
    assert_int_equal(SC(fcntl, 0, LINUX_F_GETFL), LINUX_O_NONBLOCK | LINUX_O_LARGEFILE);
    assert_int_equal(SC(read, 0, G(BUF), 100), -LINUX_EAGAIN);
    assert_int_equal(SC(fcntl, 0, LINUX_F_SETFL, 0), 0);
    assert_int_equal(fcntl(fd_lookup(T->files, 0)->host_fd, F_GETFL) & O_NONBLOCK, 0);
    assert_int_equal(SC(pread64, 0, G(BUF), 1, 0), -LINUX_ESPIPE);
    /* EOF, then EPIPE once the reader is gone */
    close(in[1]);
    assert_int_equal(SC(read, 0, G(BUF), 100), 0);
    close(out[0]);
    {
        void (*old)(int) = signal(SIGPIPE, SIG_IGN);

        assert_int_equal(SC(write, 1, G(BUF), 1), -LINUX_EPIPE);
        signal(SIGPIPE, old);
    }
}

/* ---- stat syscalls ---- */

static void test_stat_syscalls(void **state)
{
    struct linux_stat *st = (struct linux_stat *)(guest_mem + BUF);
    struct linux_statx *sx = (struct linux_statx *)(guest_mem + BUF + 1024);
    struct stat h;
    long fd;

    (void)state;
    use_host_root();
    assert_int_equal(lstat("/etc/hostname", &h), 0);
    assert_int_equal(SC(stat, S("/etc/hostname"), G(BUF)), 0);
    assert_int_equal(st->st_ino, (uint64_t)h.st_ino);
    assert_int_equal(st->st_size, h.st_size);
    assert_int_equal(SC(stat, S("/etc/hostname"), 1), -LINUX_EFAULT);
    assert_int_equal(SC(stat, 0, G(BUF)), -LINUX_EFAULT);
    assert_int_equal(SC(stat, S(""), G(BUF)), -LINUX_ENOENT);
    assert_int_equal(SC(stat, S("/etc/hostname/"), G(BUF)), -LINUX_ENOTDIR);
    /* lstat of a symlink vs stat through it */
    assert_int_equal(lstat("/proc/self", &h), 0);
    assert_int_equal(SC(lstat, S("/proc/self"), G(BUF)), 0);
    assert_int_equal(st->st_mode & LINUX_S_IFMT, LINUX_S_IFLNK);
    assert_int_equal(SC(stat, S("/dev/null"), G(BUF)), 0);
    assert_int_equal(st->st_mode & LINUX_S_IFMT, LINUX_S_IFCHR);
    assert_int_equal(st->st_rdev, 0x103);
    /* newfstatat: flags, AT_EMPTY_PATH with "" or NULL, dirfd rules */
    fd = open_ro("/etc/hostname");
    assert_int_equal(lstat("/etc/hostname", &h), 0);
    assert_int_equal(SC(newfstatat, (uint64_t)fd, S(""), G(BUF), LINUX_AT_EMPTY_PATH), 0);
    assert_int_equal(st->st_ino, (uint64_t)h.st_ino);
    assert_int_equal(SC(newfstatat, (uint64_t)fd, 0, G(BUF), LINUX_AT_EMPTY_PATH), 0);
    assert_int_equal(SC(newfstatat, (uint64_t)fd, 0, G(BUF), 0), -LINUX_EFAULT);
    assert_int_equal(SC(newfstatat, (uint64_t)fd, S(""), G(BUF), 0), -LINUX_ENOENT);
    assert_int_equal(SC(newfstatat, (uint64_t)fd, S("x"), G(BUF), 0), -LINUX_ENOTDIR);
    assert_int_equal(SC(newfstatat, 12345, S("x"), G(BUF), 0), -LINUX_EBADF);
    assert_int_equal(SC(newfstatat, 12345, S("/nonexist"), G(BUF), 0), -LINUX_ENOENT);
    assert_int_equal(SC(newfstatat, 12345, S(""), G(BUF), LINUX_AT_EMPTY_PATH), -LINUX_EBADF);
    assert_int_equal(SC(newfstatat, (uint64_t)fd, S(""), G(BUF), 0x8000), -LINUX_EINVAL);
    assert_int_equal(SC(newfstatat, AT_FDCWD_A, S(""), G(BUF), LINUX_AT_EMPTY_PATH), 0);
    assert_int_equal(st->st_mode & LINUX_S_IFMT, LINUX_S_IFDIR);
    /* fstat: O_PATH descriptors too */
    assert_int_equal(SC(fstat, (uint64_t)fd, G(BUF)), 0);
    assert_int_equal(SC(fstat, (uint64_t)fd, 8), -LINUX_EFAULT);
    assert_int_equal(SC(fstat, 999, G(BUF)), -LINUX_EBADF);
    fd = SC(openat, AT_FDCWD_A, S("/proc/self"), LINUX_O_PATH | LINUX_O_NOFOLLOW);
    assert_int_equal(SC(fstat, (uint64_t)fd, G(BUF)), 0);
    assert_int_equal(st->st_mode & LINUX_S_IFMT, LINUX_S_IFLNK);
    /* statx */
    assert_int_equal(SC(statx, AT_FDCWD_A, S("/etc/hostname"), 0, LINUX_STATX_BASIC_STATS,
                        G(BUF + 1024)),
                     0);
    assert_int_equal(lstat("/etc/hostname", &h), 0);
    assert_int_equal(sx->stx_ino, (uint64_t)h.st_ino);
    assert_int_equal(sx->stx_mask & LINUX_STATX_BASIC_STATS, LINUX_STATX_BASIC_STATS);
    assert_int_equal(SC(statx, AT_FDCWD_A, S("/etc"), 0x6000, 0, G(BUF)), -LINUX_EINVAL);
    assert_int_equal(SC(statx, AT_FDCWD_A, S("/etc"), 0, 0x80000000u, G(BUF)), -LINUX_EINVAL);
    assert_int_equal(SC(statx, AT_FDCWD_A, S("/etc"), 0x10000, 0, G(BUF)), -LINUX_EINVAL);
    assert_int_equal(SC(statx, AT_FDCWD_A, S("/etc"), LINUX_AT_STATX_FORCE_SYNC, 0, G(BUF)), 0);
    assert_int_equal(SC(statx, (uint64_t)fd, 0, LINUX_AT_EMPTY_PATH, 0, G(BUF + 1024)), 0);
    assert_int_equal(sx->stx_mode & LINUX_S_IFMT, LINUX_S_IFLNK);
    assert_int_equal(SC(statx, AT_FDCWD_A, S("/proc/self"), LINUX_AT_SYMLINK_NOFOLLOW, 0,
                        G(BUF + 1024)),
                     0);
    assert_int_equal(sx->stx_mode & LINUX_S_IFMT, LINUX_S_IFLNK);
    assert_int_equal(SC(statx, AT_FDCWD_A, S("/etc"), 0, 0, 4), -LINUX_EFAULT);
}

/* ---- directories and links ---- */

static void test_getdents(void **state)
{
    long fd = SC(openat, AT_FDCWD_A, S("/many"), LINUX_O_RDONLY | LINUX_O_DIRECTORY), n, f;
    int seen[300] = {0}, total = 0, dots = 0;

    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(SC(getdents64, (uint64_t)fd, G(BUF), 10), -LINUX_EINVAL);
    assert_int_equal(SC(getdents64, (uint64_t)fd, 0, 0), -LINUX_EINVAL);
    assert_int_equal(SC(getdents64, (uint64_t)fd, 1, 100), -LINUX_EFAULT);
    assert_int_equal(SC(getdents64, 999, G(BUF), 100), -LINUX_EBADF);
    f = open_ro("/etc/hostname");
    assert_int_equal(SC(getdents64, (uint64_t)f, G(BUF), 1000), -LINUX_ENOTDIR);
    /* a small buffer: many calls, no entry lost or repeated */
    while ((n = SC(getdents64, (uint64_t)fd, G(BUF), 200)) > 0) {
        for (long off = 0; off < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(guest_mem + BUF + off);
            int i;

            if (sscanf(d->d_name, "entry-with-a-longish-name-%d", &i) == 1) {
                assert_int_equal(seen[i], 0);
                seen[i] = 1;
                total++;
            } else {
                dots++;
            }
            off += d->d_reclen;
        }
    }
    assert_int_equal(n, 0);
    assert_int_equal(total, 300);
    assert_int_equal(dots, 2);
    /* a buffer that runs into unmapped memory: what fits, then EFAULT when nothing does */
    assert_int_equal(SC(lseek, (uint64_t)fd, 0, LINUX_SEEK_SET), 0);
    gmm.size = gmm.ro_from = BUF + 100;
    n = SC(getdents64, (uint64_t)fd, G(BUF), 4096);
    assert_true(n > 0 && n <= 100);
    gmm.size = gmm.ro_from = BUF + 10;
    assert_int_equal(SC(getdents64, (uint64_t)fd, G(BUF), 4096), -LINUX_EFAULT);
}

static void test_readlink(void **state)
{
    char *out = (char *)guest_mem + BUF;
    long fd;

    (void)state;
    assert_int_equal(SC(readlink, S("/abs"), G(BUF), 100), 4);
    assert_memory_equal(out, "/etc", 4);
    assert_int_equal(SC(readlink, S("/abs"), G(BUF), 2), 2);
    assert_int_equal(SC(readlink, S("/abs"), G(BUF), 0), -LINUX_EINVAL);
    assert_int_equal(SC(readlink, S("/nonexist"), G(BUF), 0), -LINUX_EINVAL);
    assert_int_equal(SC(readlink, S("/abs"), G(BUF), (uint64_t)-1), -LINUX_EINVAL);
    assert_int_equal(SC(readlink, S("/etc/hostname"), G(BUF), 100), -LINUX_EINVAL);
    assert_int_equal(SC(readlink, S("/abs/"), G(BUF), 100), -LINUX_EINVAL);
    assert_int_equal(SC(readlink, S("/nonexist"), G(BUF), 100), -LINUX_ENOENT);
    assert_int_equal(SC(readlink, S(""), G(BUF), 100), -LINUX_ENOENT);
    assert_int_equal(SC(readlink, S("/abs"), 1, 100), -LINUX_EFAULT);
    assert_int_equal(SC(readlink, S("esc"), G(BUF), 100), 27);
    /* readlinkat(fd, "") on an O_PATH|O_NOFOLLOW descriptor of the link */
    fd = SC(openat, AT_FDCWD_A, S("/rel"), LINUX_O_PATH | LINUX_O_NOFOLLOW);
    assert_true(fd >= 0);
    assert_int_equal(SC(readlinkat, (uint64_t)fd, S(""), G(BUF), 100), 5);
    assert_memory_equal(out, "d/sub", 5);
    assert_int_equal(SC(readlinkat, 999, S(""), G(BUF), 100), -LINUX_EBADF);
    fd = open_ro("/d");
    assert_int_equal(SC(readlinkat, (uint64_t)fd, S(""), G(BUF), 100), -LINUX_ENOENT);
    assert_int_equal(SC(readlinkat, (uint64_t)fd, S("../rel"), G(BUF), 100), 5);
    /* /proc/self answers from the guest's state */
    assert_int_equal(SC(readlink, S("/proc/self/exe"), G(BUF), 100), 10);
    assert_memory_equal(out, "/bin2/prog", 10);
    assert_int_equal(SC(readlink, S("/proc/1/exe"), G(BUF), 100), 10);
    assert_int_equal(SC(readlink, S("/proc/self"), G(BUF), 100), 1);
    assert_memory_equal(out, "1", 1);
    assert_int_equal(SC(readlink, S("/proc/self/fd/999"), G(BUF), 100), -LINUX_ENOENT);
    assert_int_equal(SC(readlink, S("/proc/self/fd/-1"), G(BUF), 100), -LINUX_ENOENT);
    assert_int_equal(SC(readlink, S("/proc/self/fd/99999999999999999999"), G(BUF), 100),
                     -LINUX_ENOENT);
    assert_int_equal(SC(readlink, S("/proc/self/fd/1x"), G(BUF), 100), -LINUX_ENOENT);
    assert_int_equal(SC(chdir, S("/d")), 0);
    assert_int_equal(SC(readlink, S("/proc/self/cwd"), G(BUF), 100), 2);
    assert_memory_equal(out, "/d", 2);
    /* ".." after a symlink is physical: thread-self is <pid>/task/<tid> */
    assert_int_equal(SC(readlink, S("/proc/thread-self/../self/root"), G(BUF), 100), -LINUX_ENOENT);
    assert_int_equal(SC(readlink, S("/proc/thread-self/../../../self/root"), G(BUF), 100), 1);
    assert_memory_equal(out, "/", 1);
    fd = open_ro("/rel/deep");
    {
        char p[64];

        snprintf(p, sizeof(p), "/proc/self/fd/%ld", fd);
        assert_int_equal(SC(readlink, S(p), G(BUF), 100), 11);
        assert_memory_equal(out, "/d/sub/deep", 11);
    }
}

static void test_access(void **state)
{
    long fd;

    (void)state;
    assert_int_equal(SC(access, S("/etc/hostname"), LINUX_F_OK), 0);
    assert_int_equal(SC(access, S("/etc/hostname"), LINUX_R_OK), 0);
    assert_int_equal(SC(access, S("/etc/hostname"), LINUX_W_OK), 0); /* writable: copy-up */
    assert_int_equal(SC(access, S("/etc/hostname"), LINUX_X_OK), -LINUX_EACCES);
    assert_int_equal(SC(access, S("/bin2/prog"), LINUX_X_OK | LINUX_R_OK), 0);
    assert_int_equal(SC(access, S("/nonexist"), LINUX_W_OK), -LINUX_ENOENT);
    assert_int_equal(SC(access, S(""), 0), -LINUX_ENOENT);
    assert_int_equal(SC(access, S("/etc/hostname"), 8), -LINUX_EINVAL);
    assert_int_equal(SC(access, 1, 0), -LINUX_EFAULT);
    assert_int_equal(SC(faccessat2, AT_FDCWD_A, S("/etc"), 0, 0x8000), -LINUX_EINVAL);
    assert_int_equal(SC(faccessat2, AT_FDCWD_A, S(""), 0, LINUX_AT_EMPTY_PATH), 0);
    assert_int_equal(SC(faccessat2, AT_FDCWD_A, S("/dangling"), 0, 0), -LINUX_ENOENT);
    assert_int_equal(SC(faccessat2, AT_FDCWD_A, S("/dangling"), 0, LINUX_AT_SYMLINK_NOFOLLOW), 0);
    fd = open_ro("/bin2/prog");
    assert_int_equal(SC(faccessat2, (uint64_t)fd, S(""), LINUX_X_OK, LINUX_AT_EMPTY_PATH), 0);
    assert_int_equal(SC(faccessat2, (uint64_t)fd, S(""), LINUX_X_OK, 0), -LINUX_ENOENT);
    assert_int_equal(SC(faccessat2, 999, S(""), 0, LINUX_AT_EMPTY_PATH), -LINUX_EBADF);
    /* real vs effective ids */
    T->uid = 54321;
    T->gid = 54321;
    assert_int_equal(SC(faccessat, AT_FDCWD_A, S("/etc/secret"), LINUX_R_OK), -LINUX_EACCES);
    assert_int_equal(SC(faccessat2, AT_FDCWD_A, S("/etc/secret"), LINUX_R_OK, LINUX_AT_EACCESS),
                     0);
    assert_int_equal(SC(faccessat, AT_FDCWD_A, S("/etc/hostname"), LINUX_R_OK), 0);
    assert_int_equal(SC(faccessat, AT_FDCWD_A, S("/etc/secret"), LINUX_W_OK), -LINUX_EACCES);
}

/* ---- descriptors ---- */

static void test_fcntl_dup(void **state)
{
    long fd = open_ro("/etc/hostname"), p, r;

    (void)state;
    assert_int_equal(SC(fcntl, (uint64_t)fd, LINUX_F_GETFL), LINUX_O_LARGEFILE);
    assert_int_equal(SC(fcntl, (uint64_t)fd, LINUX_F_GETFD), 0);
    assert_int_equal(SC(fcntl, (uint64_t)fd, LINUX_F_SETFD, LINUX_FD_CLOEXEC), 0);
    assert_int_equal(SC(fcntl, (uint64_t)fd, LINUX_F_GETFD), LINUX_FD_CLOEXEC);
    assert_int_equal(SC(ioctl, (uint64_t)fd, LINUX_FIONCLEX), 0);
    assert_int_equal(SC(fcntl, (uint64_t)fd, LINUX_F_GETFD), 0);
    assert_int_equal(SC(ioctl, (uint64_t)fd, LINUX_FIOCLEX), 0);
    assert_int_equal(SC(fcntl, (uint64_t)fd, LINUX_F_GETFD), LINUX_FD_CLOEXEC);
    assert_int_equal(SC(fcntl, (uint64_t)fd, LINUX_F_SETFL,
                        LINUX_O_NONBLOCK | LINUX_O_APPEND | LINUX_O_RDWR),
                     0);
    assert_int_equal(SC(fcntl, (uint64_t)fd, LINUX_F_GETFL),
                     LINUX_O_LARGEFILE | LINUX_O_NONBLOCK | LINUX_O_APPEND);
    /* Locks read their struct flock first: a NULL one is EFAULT (fs/fcntl.c). */
    assert_int_equal(SC(fcntl, (uint64_t)fd, LINUX_F_GETLK, 0), -LINUX_EFAULT);
    assert_int_equal(SC(fcntl, (uint64_t)fd, 1234), -LINUX_EINVAL);
    assert_int_equal(SC(fcntl, 999, LINUX_F_GETFD), -LINUX_EBADF);
    r = SC(fcntl, (uint64_t)fd, LINUX_F_DUPFD, 10);
    assert_int_equal(r, 10);
    assert_int_equal(SC(fcntl, 10, LINUX_F_GETFD), 0);
    assert_int_equal(SC(fcntl, (uint64_t)fd, LINUX_F_DUPFD_CLOEXEC, 10), 11);
    assert_int_equal(SC(fcntl, 11, LINUX_F_GETFD), LINUX_FD_CLOEXEC);
    assert_int_equal(SC(fcntl, (uint64_t)fd, LINUX_F_DUPFD, (uint64_t)-1), -LINUX_EINVAL);
    assert_int_equal(SC(fcntl, (uint64_t)fd, LINUX_F_DUPFD, FDTABLE_DEFAULT_LIMIT), -LINUX_EINVAL);
    assert_int_equal(SC(fcntl, (uint64_t)fd, LINUX_F_DUPFD, FDTABLE_DEFAULT_LIMIT - 1), FDTABLE_DEFAULT_LIMIT - 1);
    assert_int_equal(SC(fcntl, (uint64_t)fd, LINUX_F_DUPFD, FDTABLE_DEFAULT_LIMIT - 1), -LINUX_EMFILE);
    /* the duplicate shares the file and its position */
    assert_int_equal(SC(lseek, 10, 3, LINUX_SEEK_SET), 3);
    assert_int_equal(SC(lseek, (uint64_t)fd, 0, LINUX_SEEK_CUR), 3);
    /* O_PATH: only dup, FD and GETFL */
    p = SC(openat, AT_FDCWD_A, S("/etc"), LINUX_O_PATH | LINUX_O_CREAT | LINUX_O_RDWR);
    assert_true(p >= 0);
    assert_int_equal(SC(fcntl, (uint64_t)p, LINUX_F_GETFL), LINUX_O_PATH);
    assert_int_equal(SC(fcntl, (uint64_t)p, LINUX_F_SETFL, 0), -LINUX_EBADF);
    assert_int_equal(SC(ioctl, (uint64_t)p, LINUX_FIOCLEX), -LINUX_EBADF);
    assert_true(SC(dup, (uint64_t)p) >= 0);
    /* ioctl on regular files: FIONREAD is size - pos, the rest ENOTTY */
    assert_int_equal(SC(ioctl, (uint64_t)fd, LINUX_FIONREAD, G(BUF)), 0);
    assert_int_equal(*(int32_t *)(guest_mem + BUF), 4);
    assert_int_equal(SC(ioctl, (uint64_t)fd, LINUX_TCGETS, G(BUF)), -LINUX_ENOTTY);
    assert_int_equal(SC(ioctl, (uint64_t)fd, LINUX_FIONBIO, 1), -LINUX_EFAULT);
    assert_int_equal(SC(ioctl, (uint64_t)p + 1000, LINUX_FIONREAD, G(BUF)), -LINUX_EBADF);
    r = open_ro("/etc");
    assert_int_equal(SC(ioctl, (uint64_t)r, LINUX_FIONREAD, G(BUF)), -LINUX_ENOTTY);
    /* dup, dup2, dup3 */
    r = SC(dup, (uint64_t)fd);
    assert_true(r >= 0);
    assert_int_equal(SC(dup, 999), -LINUX_EBADF);
    assert_int_equal(SC(dup2, (uint64_t)fd, (uint64_t)fd), fd);
    assert_int_equal(SC(dup2, 999, 999), -LINUX_EBADF);
    assert_int_equal(SC(dup2, (uint64_t)fd, (uint64_t)-1), -LINUX_EBADF);
    assert_int_equal(SC(dup2, 999, 5000), -LINUX_EBADF);
    assert_int_equal(SC(dup3, (uint64_t)fd, (uint64_t)fd, 0), -LINUX_EINVAL);
    assert_int_equal(SC(dup3, (uint64_t)fd, 5000, 1), -LINUX_EINVAL);
    assert_int_equal(SC(dup3, (uint64_t)fd, 5000, 0), -LINUX_EBADF);
    assert_int_equal(SC(dup3, (uint64_t)fd, 20, LINUX_O_CLOEXEC), 20);
    assert_int_equal(SC(fcntl, 20, LINUX_F_GETFD), LINUX_FD_CLOEXEC);
    /* dup2 onto an open fd replaces it */
    assert_int_equal(SC(dup2, (uint64_t)r, 20), 20);
    assert_int_equal(SC(fcntl, 20, LINUX_F_GETFD), 0);
    assert_int_equal(SC(close, 20), 0);
    assert_int_equal(SC(close, 20), -LINUX_EBADF);
    assert_int_equal(SC(close, (uint64_t)-1), -LINUX_EBADF);
}

static void test_cwd(void **state)
{
    char *out = (char *)guest_mem + BUF;
    long fd;

    (void)state;
    assert_int_equal(SC(getcwd, G(BUF), 100), 2);
    assert_string_equal(out, "/");
    assert_int_equal(SC(chdir, S("d/sub")), 0);
    assert_int_equal(SC(getcwd, G(BUF), 100), 7);
    assert_string_equal(out, "/d/sub");
    assert_int_equal(SC(getcwd, G(BUF), 6), -LINUX_ERANGE);
    assert_int_equal(SC(getcwd, G(BUF), 0), -LINUX_ERANGE);
    assert_int_equal(SC(getcwd, 0, 100), -LINUX_EFAULT);
    assert_int_equal(SC(chdir, S("..")), 0);
    assert_int_equal(SC(getcwd, G(BUF), 100), 3);
    assert_string_equal(out, "/d");
    /* the cwd is physical: through a symlink, then ".." from there */
    assert_int_equal(SC(chdir, S("/rel")), 0);
    assert_int_equal(SC(getcwd, G(BUF), 100), 7);
    assert_string_equal(out, "/d/sub");
    assert_int_equal(SC(chdir, S("/esc/..")), 0);
    assert_string_equal(tfs.cwd, "/");
    assert_int_equal(SC(chdir, S("/etc/hostname")), -LINUX_ENOTDIR);
    assert_int_equal(SC(chdir, S("/nonexist")), -LINUX_ENOENT);
    assert_int_equal(SC(chdir, S("")), -LINUX_ENOENT);
    assert_int_equal(SC(chdir, 1), -LINUX_EFAULT);
    assert_string_equal(tfs.cwd, "/");
    /* fchdir: directories only; O_PATH ones too */
    fd = SC(openat, AT_FDCWD_A, S("/rel/../sub"), LINUX_O_PATH | LINUX_O_DIRECTORY);
    assert_true(fd >= 0);
    assert_int_equal(SC(fchdir, (uint64_t)fd), 0);
    assert_string_equal(tfs.cwd, "/d/sub");
    assert_int_equal(SC(fchdir, 999), -LINUX_EBADF);
    fd = open_ro("/etc/hostname");
    assert_int_equal(SC(fchdir, (uint64_t)fd), -LINUX_ENOTDIR);
    assert_string_equal(tfs.cwd, "/d/sub");
    /* a dirfd opened through ".." of a symlink is kept as the kernel resolved it */
    fd = SC(openat, AT_FDCWD_A, S("/rel/.."), LINUX_O_RDONLY);
    assert_string_equal(fd_lookup(T->files, (int)fd)->path, "/d");
    assert_reads(SC(openat, (uint64_t)fd, S("file"), 0), "dfile\n");
}

static void test_exec(void **state)
{
    char out[64];
    int fd;

    (void)state;
    fd = vfs_open_exec(&tfs, "/bin2/prog");
    assert_true(fd >= 0);
    assert_int_equal(fcntl(fd, F_GETFD), FD_CLOEXEC);
    assert_int_equal(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
    close(fd);
    assert_int_equal(vfs_open_exec(&tfs, "/bin2/noexec"), -LINUX_EACCES);
    assert_int_equal(vfs_open_exec(&tfs, "/bin2"), -LINUX_EACCES);
    assert_int_equal(vfs_open_exec(&tfs, "/bin2/none"), -LINUX_ENOENT);
    assert_int_equal(vfs_open_exec(&tfs, ""), -LINUX_ENOENT);
    assert_int_equal(vfs_open_exec(&tfs, "/etc/hostname/"), -LINUX_ENOTDIR);
    strcpy(tfs.cwd, "/bin2");
    fd = vfs_open_exec(&tfs, "prog");
    assert_true(fd >= 0);
    close(fd);
    strcpy(tfs.cwd, "/");
    assert_int_equal(vfs_find_program(&tfs, "prog", "/nope:/etc:/bin2", out, sizeof(out)), 0);
    assert_string_equal(out, "/bin2/prog");
    assert_int_equal(vfs_find_program(&tfs, "prog", "/bin2/", out, sizeof(out)), 0);
    assert_string_equal(out, "/bin2/prog");
    assert_int_equal(vfs_find_program(&tfs, "noexec", "/nope:/bin2", out, sizeof(out)),
                     -LINUX_EACCES);
    assert_int_equal(vfs_find_program(&tfs, "none", "/nope:/bin2", out, sizeof(out)),
                     -LINUX_ENOENT);
    assert_int_equal(vfs_find_program(&tfs, "", "/bin2", out, sizeof(out)), -LINUX_ENOENT);
    assert_int_equal(vfs_find_program(&tfs, "prog", "/bin2", out, 5), -LINUX_ENAMETOOLONG);
    strcpy(tfs.cwd, "/bin2");
    assert_int_equal(vfs_find_program(&tfs, "prog", "/nope::/etc", out, sizeof(out)), 0);
    assert_string_equal(out, "prog");
    strcpy(tfs.cwd, "/");
    assert_int_equal(vfs_find_program(&tfs, "sub", "/d", out, sizeof(out)), -LINUX_EACCES);
}

/* ---- no crash, no leak on any input ---- */

static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static uint64_t rnd_arg(void)
{
    static const char *paths[] = {"/", "/etc/hostname", "/d", "/rel", "/esc", "/many",
                                  "..", "", "/loop", "/dangling", "/proc/self/exe", "/big",
                                  "/proc/self/fd/3", "d/sub/../../x", "/etc/secret"};
    static const uint64_t special[] = {0, 1, 2, 3, 4, 5, 10, 100, (uint64_t)-1, (uint64_t)-100,
                                       0x7fffffff, 0x80000000, 1ULL << 63, 1ULL << 40, 4096,
                                       LINUX_O_PATH, LINUX_O_DIRECTORY, LINUX_AT_EMPTY_PATH,
                                       LINUX_FIONREAD, LINUX_FIONBIO, LINUX_FIOCLEX,
                                       LINUX_TCGETS, LINUX_TIOCGWINSZ, LINUX_F_DUPFD_CLOEXEC,
                                       LINUX_F_SETFL, LINUX_AT_SYMLINK_NOFOLLOW};

    switch (rnd() % 7) {
    case 0:
    case 6: return S(paths[rnd() % (sizeof(paths) / sizeof(paths[0]))]);
    case 1: return special[rnd() % (sizeof(special) / sizeof(special[0]))];
    case 2: return G(rnd() % (GUEST_SIZE + 8192)) - 4096;
    case 3: return rnd() % 32;
    case 4: return rnd() & 0xffffffff;
    default: return rnd();
    }
}

static void test_fuzz(void **state)
{
    static const syscall_fn fns[] = {
        sys_read, sys_write, sys_readv, sys_writev, sys_pread64, sys_pwrite64, sys_lseek,
        sys_close, sys_openat, sys_open, sys_fstat, sys_newfstatat, sys_stat, sys_lstat,
        sys_statx, sys_getdents64, sys_readlinkat, sys_readlink, sys_faccessat, sys_faccessat2,
        sys_access, sys_fcntl, sys_ioctl, sys_dup, sys_dup2, sys_dup3, sys_getcwd, sys_chdir,
        sys_fchdir,
    };
    static const char *opens[] = {"/big", "/d", "/many", "/etc/hostname", "/rel"};
    int iters = getenv("VFS_FUZZ_ITERS") ? atoi(getenv("VFS_FUZZ_ITERS")) : 200000;
    int ok[sizeof(fns) / sizeof(fns[0])] = {0}, ok_total = 0;

    (void)state;
    if (getenv("VFS_FUZZ_SEED"))
        rnd_state = strtoull(getenv("VFS_FUZZ_SEED"), NULL, 0) | 1;
    /* random bytes everywhere, a few valid iovecs and paths among them */
    for (size_t i = 0; i < GUEST_SIZE; i++)
        guest_mem[i] = (uint8_t)rnd();
    for (int i = 0; i < iters; i++) {
        uint64_t a[6];
        size_t k = rnd() % (sizeof(fns) / sizeof(fns[0]));
        long r;

        /* keep some files open so that fd arguments often hit one */
        if (i % 64 == 0)
            SC(openat, AT_FDCWD_A, S(opens[rnd() % 5]), rnd() % 2 ? LINUX_O_PATH : 0);
        for (int j = 0; j < 6; j++)
            a[j] = rnd_arg();
        if (rnd() % 2)
            a[0] = rnd() % 12;
        if (rnd() % 4 == 0) {
            struct linux_iovec *v = (struct linux_iovec *)(guest_mem + 0x70000);

            for (int j = 0; j < 8; j++)
                v[j] = (struct linux_iovec){rnd_arg(), rnd() % 5000};
            a[1] = G(0x70000);
            a[2] = rnd() % 10;
        }
        gmm.ro_from = rnd() % 8 ? GUEST_SIZE : rnd() % GUEST_SIZE;
        r = fns[k](T, a);
        assert_true(r >= -LINUX_ERANGE_MAX);
        assert_true(strlen(tfs.cwd) > 0 && tfs.cwd[0] == '/');
        gmm.ro_from = GUEST_SIZE;
        if (r >= 0)
            ok[k]++, ok_total++;
    }
    print_message("fuzz: %d of %d calls succeeded\n", ok_total, iters);
    if (getenv("VFS_FUZZ_STATS"))
        for (size_t k = 0; k < sizeof(fns) / sizeof(fns[0]); k++)
            print_message("  #%zu: %d\n", k, ok[k]);
    /* the calls must get past argument checking often enough to mean something */
    for (size_t k = 0; k < sizeof(fns) / sizeof(fns[0]); k++)
        if (iters >= 100000 && ok[k] < 3 && fns[k] != sys_write && fns[k] != sys_writev &&
            fns[k] != sys_pwrite64) /* nothing is writable without stdio */
            fail_msg("syscall #%zu succeeded only %d times", k, ok[k]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_path_join, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path_clean, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stat_conversion, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statx_conversion, setup, teardown),
        cmocka_unit_test_setup_teardown(test_permission, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dirents_translation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fdtable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escape_attempts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_magic_links_host_root, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_oracle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_writes_in_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_args, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_creds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_write, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_faults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stdio, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stat_syscalls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_getdents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readlink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_access, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fcntl_dup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cwd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exec, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fuzz, setup, teardown),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
