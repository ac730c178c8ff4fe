/* SPDX-License-Identifier: MIT */
/* tests/unit/test_fs_overlay.c: the overlay (lookup, copy-up, whiteouts, listings), tmpfs, /dev, /proc. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "kernel/file.h"
#include "kernel/fs.h"
#include "kernel/log.h"
#include "kernel/memfile.h"
#include "kernel/mm.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/usercopy.h"
#include "kernel/vfs.h"

/* ---- fakes: guest memory is one host buffer (the mm argument is not looked at) ---- */

#define GUEST_BASE 0x10000000UL
#define GUEST_SIZE (1UL << 20)

static uint8_t guest_mem[GUEST_SIZE] __attribute__((aligned(4096)));

static int in_guest(uaddr_t a, size_t n)
{
    return a >= GUEST_BASE && a - GUEST_BASE <= GUEST_SIZE && n <= GUEST_SIZE - (a - GUEST_BASE);
}

int copy_from_user(struct mm *mm, void *dst, uaddr_t src, size_t n)
{
    (void)mm;
    if (n && !in_guest(src, n))
        return -LINUX_EFAULT;
    memcpy(dst, guest_mem + (src - GUEST_BASE), n);
    return 0;
}

int copy_to_user(struct mm *mm, uaddr_t dst, const void *src, size_t n)
{
    (void)mm;
    if (n && !in_guest(dst, n))
        return -LINUX_EFAULT;
    memcpy(guest_mem + (dst - GUEST_BASE), src, n);
    return 0;
}

long strncpy_from_user(struct mm *mm, char *dst, uaddr_t src, size_t n)
{
    (void)mm;
    for (size_t i = 0; i < n; i++) {
        if (!in_guest(src + i, 1))
            return -LINUX_EFAULT;
        dst[i] = (char)guest_mem[src + i - GUEST_BASE];
        if (!dst[i])
            return (long)i;
    }
    return -LINUX_ENAMETOOLONG;
}

int user_iov(struct mm *mm, uaddr_t addr, size_t len, int write, struct iovec *iov, int max,
             size_t *covered)
{
    (void)mm, (void)write, (void)max;
    if (!in_guest(addr, 1))
        return -LINUX_EFAULT;
    if (!in_guest(addr, len))
        len = GUEST_SIZE - (addr - GUEST_BASE);
    iov[0].iov_base = guest_mem + (addr - GUEST_BASE);
    iov[0].iov_len = len;
    *covered = len;
    return 1;
}

const char *task_exe_path(struct task *t)
{
    return t->exe;
}

/* ---- fixture: a host tree as the lower layer ---- */

static char root_path[256];
static struct task *T;
static struct fs_context tfs;
static struct mm gmm;

#define G(off) (GUEST_BASE + (uaddr_t)(off))
#define AT_FDCWD_A ((uint64_t)(int64_t)LINUX_AT_FDCWD)
#define SC(name, ...) sys_##name(T, (const uint64_t[6]){__VA_ARGS__})
#define BUF 0x10000
#define STR0 0x80000

static int str_slot;

static uaddr_t S(const char *s)
{
    size_t off = STR0 + (size_t)(str_slot++ % 16) * 8192;

    strcpy((char *)guest_mem + off, s);
    return G(off);
}

static void host_put(const char *rel, const char *content, mode_t mode)
{
    char p[512];
    FILE *f;

    snprintf(p, sizeof(p), "%s/%s", root_path, rel);
    f = fopen(p, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
    chmod(p, mode);
}

static void host_dir(const char *rel)
{
    char p[512];

    snprintf(p, sizeof(p), "%s/%s", root_path, rel);
    assert_int_equal(mkdir(p, 0755), 0);
}

static int group_setup(void **state)
{
    char p[512];

    (void)state;
    strcpy(root_path, "/tmp/rf-ovl-XXXXXX");
    if (!mkdtemp(root_path))
        return -1;
    chmod(root_path, 0755);
    host_dir("etc");
    host_put("etc/hostname", "inside\n", 0644);
    host_put("etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644);
    host_dir("d");
    host_dir("d/sub");
    host_put("d/file", "dfile\n", 0644);
    host_put("d/sub/deep", "deep\n", 0600);
    host_dir("tmp");
    host_dir("empty");
    host_put("hl1", "linked\n", 0644);
    snprintf(p, sizeof(p), "%s/hl1", root_path);
    {
        char q[512];

        snprintf(q, sizeof(q), "%s/hl2", root_path);
        assert_int_equal(link(p, q), 0);
        snprintf(q, sizeof(q), "%s/abs", root_path);
        assert_int_equal(symlink("/etc", q), 0);
        snprintf(q, sizeof(q), "%s/esc", root_path);
        assert_int_equal(symlink("../../../../../../etc", q), 0);
    }
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
    memset(&gmm, 0, sizeof(gmm));
    T = calloc(1, sizeof(*T));
    T->mm = &gmm;
    T->files = calloc(1, sizeof(*T->files));
    T->fs = &tfs;
    T->pid = T->tid = 1;
    T->umask = 022;
    T->cap_eff = T->cap_prm = T->cap_bnd = LINUX_CAP_FULL_SET; /* root, as the tests run */
    strcpy(T->exe, "/bin/prog");
    strcpy(T->comm, "prog"); /* as exec would name it */
    return vfs_fs_init(&tfs, root_path) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    fdtable_release(T->files);
    free(T->files);
    vfs_fs_fini(&tfs);
    close(tfs.root_fd);
    free(T);
    return 0;
}

/* ---- helpers ---- */

static long wr(const char *path, const char *text, uint32_t flags)
{
    long fd = SC(openat, AT_FDCWD_A, S(path), LINUX_O_WRONLY | LINUX_O_CREAT | flags, 0666), n;

    if (fd < 0)
        return fd;
    memcpy(guest_mem + BUF, text, strlen(text));
    n = SC(write, (uint64_t)fd, G(BUF), strlen(text));
    SC(close, (uint64_t)fd);
    return n;
}

/* The whole contents of guest @path as a string (static buffer), or NULL. */
static const char *rd(const char *path)
{
    static char out[4096];
    long fd = SC(openat, AT_FDCWD_A, S(path), LINUX_O_RDONLY), n;

    if (fd < 0)
        return NULL;
    n = SC(read, (uint64_t)fd, G(BUF), sizeof(out) - 1);
    SC(close, (uint64_t)fd);
    if (n < 0)
        return NULL;
    memcpy(out, guest_mem + BUF, (size_t)n);
    out[n] = 0;
    return out;
}

static struct linux_stat *st_of(const char *path, int nofollow)
{
    long r = nofollow ? SC(lstat, S(path), G(BUF)) : SC(stat, S(path), G(BUF));

    return r == 0 ? (struct linux_stat *)(guest_mem + BUF) : NULL;
}

/* Sorted, space-separated names of guest directory @path read with @bufsz-byte getdents. */
static const char *ls(const char *path, size_t bufsz)
{
    static char out[8192];
    char *names[512];
    size_t n = 0, w = 0;
    long fd = SC(openat, AT_FDCWD_A, S(path), LINUX_O_RDONLY | LINUX_O_DIRECTORY), got;

    if (fd < 0)
        return NULL;
    while ((got = SC(getdents64, (uint64_t)fd, G(BUF), bufsz)) > 0) {
        for (long off = 0; off < got;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(guest_mem + BUF + off);

            assert_true(d->d_ino != 0);
            if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
                names[n++] = strdup(d->d_name);
            off += d->d_reclen;
        }
    }
    SC(close, (uint64_t)fd);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(names[j], names[i]) < 0) {
                char *x = names[i];

                names[i] = names[j];
                names[j] = x;
            }
    out[0] = 0;
    for (size_t i = 0; i < n; i++) {
        w += (size_t)snprintf(out + w, sizeof(out) - w, "%s%s", i ? " " : "", names[i]);
        free(names[i]);
    }
    return out;
}

/* FNV-1a over everything the host holds under the root: names, modes, sizes, times, bytes. */
static uint64_t digest_acc;

static int digest_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    char buf[4096];
    int fd;
    ssize_t n;

    (void)flag, (void)ftw;
    n = snprintf(buf, sizeof(buf), "%s %o %lld %lld.%ld %lld.%ld %lu", p, st->st_mode,
                 (long long)st->st_size, (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
                 (long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec, (unsigned long)st->st_nlink);
    for (ssize_t i = 0; i < n; i++)
        digest_acc = (digest_acc ^ (uint8_t)buf[i]) * 1099511628211ULL;
    if (S_ISREG(st->st_mode) && (fd = open(p, O_RDONLY)) >= 0) {
        while ((n = read(fd, buf, sizeof(buf))) > 0)
            for (ssize_t i = 0; i < n; i++)
                digest_acc = (digest_acc ^ (uint8_t)buf[i]) * 1099511628211ULL;
        close(fd);
    }
    if (S_ISLNK(st->st_mode) && (n = readlink(p, buf, sizeof(buf))) > 0)
        for (ssize_t i = 0; i < n; i++)
            digest_acc = (digest_acc ^ (uint8_t)buf[i]) * 1099511628211ULL;
    return 0;
}

static uint64_t host_digest(void)
{
    digest_acc = 14695981039346656037ULL;
    assert_int_equal(nftw(root_path, digest_one, 16, FTW_PHYS), 0);
    return digest_acc;
}

static struct vfs_ns *ns(void)
{
    return vfs_ns_of(&tfs);
}

/* ---- lookup ---- */

static void test_lookup_layers(void **state)
{
    (void)state;
    /* lower only */
    assert_string_equal(rd("/etc/hostname"), "inside\n");
    assert_null(ovl_upper_find(ns(), "/etc"));
    /* an upper file beside lower ones: the directory chain is copied up, merged */
    assert_int_equal(wr("/etc/new", "fresh\n", 0), 6);
    assert_non_null(ovl_upper_find(ns(), "/etc"));
    assert_false(ovl_upper_find(ns(), "/etc")->opaque);
    assert_string_equal(rd("/etc/new"), "fresh\n");
    assert_string_equal(rd("/etc/hostname"), "inside\n");
    assert_string_equal(ls("/etc", 4096), "hostname new passwd");
    /* an upper entry shadows its lower namesake */
    assert_int_equal(wr("/etc/hostname", "changed\n", LINUX_O_TRUNC), 8);
    assert_string_equal(rd("/etc/hostname"), "changed\n");
    assert_string_equal(ls("/etc", 4096), "hostname new passwd");
    /* symlinks in either layer resolve inside the guest's tree */
    assert_string_equal(rd("/abs/hostname"), "changed\n");
    assert_string_equal(rd("/esc/hostname"), "changed\n");
    assert_int_equal(SC(symlink, S("../../../../etc/passwd"), S("/d/up-link")), 0);
    assert_string_equal(rd("/d/up-link"), "root:x:0:0::/root:/bin/sh\n");
    assert_int_equal(SC(symlink, S("/d/sub"), S("/d/up-dirlink")), 0);
    assert_string_equal(rd("/d/up-dirlink/deep"), "deep\n");
    assert_string_equal(rd("/d/up-dirlink/../file"), "dfile\n"); /* ".." of /d/sub */
}

static void test_symlink_loops(void **state)
{
    char name[32], target[32];

    (void)state;
    /* 40 links are followed, the 41st is ELOOP (upper symlinks, our own walk) */
    for (int i = 0; i < 41; i++) {
        snprintf(name, sizeof(name), "/tmp/l%d", i);
        snprintf(target, sizeof(target), i == 40 ? "/etc/passwd" : "l%d", i + 1);
        assert_int_equal(SC(symlink, S(target), S(name)), 0);
    }
    assert_null(rd("/tmp/l0"));
    assert_int_equal(SC(openat, AT_FDCWD_A, S("/tmp/l0"), 0), -LINUX_ELOOP);
    assert_string_equal(rd("/tmp/l1"), "root:x:0:0::/root:/bin/sh\n");
    assert_int_equal(SC(symlink, S("self"), S("/tmp/self")), 0);
    assert_int_equal(SC(openat, AT_FDCWD_A, S("/tmp/self/x"), 0), -LINUX_ELOOP);
    assert_int_equal(SC(openat, AT_FDCWD_A, S("/tmp/self"), LINUX_O_NOFOLLOW), -LINUX_ELOOP);
}

/* ---- copy-up ---- */

static void test_copy_up_metacopy(void **state)
{
    struct mnode *up, *m;
    struct mdirent *e;

    (void)state;
    /* chmod copies the inode up but leaves the bytes on the host */
    assert_int_equal(SC(chmod, S("/d/file"), 0600), 0);
    up = ovl_upper_find(ns(), "/d");
    assert_non_null(up);
    e = mdir_find(up, "file");
    assert_non_null(e);
    m = e->node;
    assert_non_null(m);
    assert_non_null(m->lower);
    assert_int_equal(m->size, 6);
    assert_int_equal(st_of("/d/file", 0)->st_mode, LINUX_S_IFREG | 0600);
    assert_int_equal(st_of("/d/file", 0)->st_size, 6);
    /* opening it brings the bytes up */
    assert_string_equal(rd("/d/file"), "dfile\n");
    assert_null(m->lower);
    assert_int_equal(wr("/d/file", "more\n", LINUX_O_APPEND), 5);
    assert_string_equal(rd("/d/file"), "dfile\nmore\n");
    /* the inode number survives copy-up */
    {
        char p[512];
        struct stat hs;

        snprintf(p, sizeof(p), "%s/d/file", root_path);
        assert_int_equal(stat(p, &hs), 0);
        assert_int_equal(st_of("/d/file", 0)->st_ino, (uint64_t)hs.st_ino);
        assert_int_equal(hs.st_size, 6);
    }
}

/*
 * A shared mapping's reference is to the file's own pages: stores through it
 * are the file, growth up to the mapped end keeps the pages where they are,
 * and the pages outlive the file's unlinking until the mapping lets go.
 */
static void test_map_shared(void **state)
{
    struct memfile mf;
    struct mnode *root, *m;
    uint64_t off, off2;

    (void)state;
    /* Bytes written before a memory file exists are on the heap: the caller copies. */
    assert_int_equal(wr("/heapfile", "heap", 0), 4);
    root = ovl_upper_find(ns(), "/");
    assert_non_null(root);
    m = mdir_find(root, "heapfile")->node;
    assert_int_equal(mnode_map_shared(m, 0, 4096, &off), -LINUX_ENODEV);

    assert_int_equal(memfile_init(&mf, 64ULL << 20), 0);
    ns()->mf = &mf;
    assert_int_equal(wr("/shared", "abcdef", 0), 6);
    m = mdir_find(root, "shared")->node;
    assert_int_equal(mnode_map_shared(m, 0, 3 * 4096, &off), 0);
    assert_true(memfile_is_shared(&mf, off, 4096));
    assert_memory_equal(memfile_ptr(&mf, off), "abcdef", 6);
    /* A store through the mapping is what read() returns. */
    memcpy(memfile_ptr(&mf, off), "ABC", 3);
    assert_string_equal(rd("/shared"), "ABCdef");
    /* Growing to the mapped end moves nothing: the mapping sees the new bytes. */
    assert_int_equal(SC(truncate, S("/shared"), 2 * 4096 + 5), 0);
    assert_int_equal(wr("/shared", "xyz", LINUX_O_APPEND), 3);
    assert_memory_equal(memfile_ptr(&mf, off + 2 * 4096 + 5), "xyz", 3);
    /* A second mapping at an offset is the same pages. */
    assert_int_equal(mnode_map_shared(m, 4096, 4096, &off2), 0);
    assert_int_equal(off2, off + 4096);
    memfile_free(&mf, off2, 4096);
    /* Unlinked, the file's reference goes; the mapping's stays until it is freed. */
    assert_int_equal(SC(unlink, S("/shared")), 0);
    assert_memory_equal(memfile_ptr(&mf, off), "ABC", 3);
    memfile_free(&mf, off, 3 * 4096);
    assert_int_equal(mf.allocated, 0);
    ns()->mf = NULL;
    memfile_fini(&mf);
}

static void test_copy_up_hard_links(void **state)
{
    (void)state;
    assert_int_equal(st_of("/hl1", 0)->st_nlink, 2);
    /* a write through one name shows through the other: one upper inode */
    assert_int_equal(wr("/hl1", "both\n", LINUX_O_TRUNC), 5);
    assert_string_equal(rd("/hl2"), "both\n");
    assert_int_equal(st_of("/hl2", 0)->st_nlink, 2);
    assert_int_equal(SC(unlink, S("/hl1")), 0);
    assert_int_equal(st_of("/hl2", 0)->st_nlink, 1);
    assert_string_equal(rd("/hl2"), "both\n");
}

/* ---- whiteouts ---- */

static void test_whiteouts(void **state)
{
    struct mdirent *e;

    (void)state;
    assert_int_equal(SC(unlink, S("/etc/hostname")), 0);
    e = mdir_find(ovl_upper_find(ns(), "/etc"), "hostname");
    assert_non_null(e);
    assert_null(e->node); /* a whiteout */
    assert_null(rd("/etc/hostname"));
    assert_int_equal(SC(unlink, S("/etc/hostname")), -LINUX_ENOENT);
    assert_null(st_of("/etc/hostname", 1));
    assert_string_equal(ls("/etc", 4096), "passwd");
    /* re-creating takes the whiteout's place */
    assert_int_equal(wr("/etc/hostname", "again\n", LINUX_O_EXCL), 6);
    assert_non_null(mdir_find(ovl_upper_find(ns(), "/etc"), "hostname")->node);
    assert_string_equal(rd("/etc/hostname"), "again\n");
    /* a file that never was on the host leaves no whiteout */
    assert_int_equal(wr("/etc/tmpfile", "x", 0), 1);
    assert_int_equal(SC(unlink, S("/etc/tmpfile")), 0);
    assert_null(mdir_find(ovl_upper_find(ns(), "/etc"), "tmpfile"));
    /* a directory emptied of its lower entries can go; one made again hides them */
    assert_int_equal(SC(rmdir, S("/d/sub")), -LINUX_ENOTEMPTY);
    assert_int_equal(SC(unlink, S("/d/sub/deep")), 0);
    assert_string_equal(ls("/d/sub", 64), "");
    assert_int_equal(SC(rmdir, S("/d/sub")), 0);
    assert_null(st_of("/d/sub", 0));
    assert_int_equal(SC(mkdir, S("/d/sub"), 0700), 0);
    assert_true(mdir_find(ovl_upper_find(ns(), "/d"), "sub")->node->opaque);
    assert_string_equal(ls("/d/sub", 4096), "");
    assert_null(rd("/d/sub/deep"));
    assert_int_equal(st_of("/d/sub", 0)->st_mode, LINUX_S_IFDIR | 0700);
}

static void test_rename_copies_up_whole_dirs(void **state)
{
    struct mnode *d2;

    (void)state;
    assert_int_equal(SC(rename, S("/d"), S("/d2")), 0);
    assert_null(st_of("/d", 0));
    assert_null(mdir_find(ovl_upper_find(ns(), "/"), "d")->node); /* whiteout */
    d2 = mdir_find(ovl_upper_find(ns(), "/"), "d2")->node;
    assert_true(d2->opaque);
    assert_string_equal(ls("/d2", 4096), "file sub");
    assert_string_equal(rd("/d2/sub/deep"), "deep\n");
    assert_string_equal(rd("/d2/file"), "dfile\n");
    /* and back over an empty lower directory */
    assert_int_equal(SC(rename, S("/d2"), S("/empty")), 0);
    assert_string_equal(ls("/empty", 4096), "file sub");
    assert_string_equal(ls("/", 4096), "abs empty esc etc hl1 hl2 tmp");
}

/* ---- Linux's errors ---- */

static void test_namespace_errors(void **state)
{
    (void)state;
    assert_int_equal(SC(mkdir, S("/etc"), 0755), -LINUX_EEXIST);
    assert_int_equal(SC(mkdir, S("/etc/passwd/x"), 0755), -LINUX_ENOTDIR);
    assert_int_equal(SC(mkdir, S("/nodir/x"), 0755), -LINUX_ENOENT);
    assert_int_equal(SC(mkdir, S("/newdir/"), 0755), 0);
    assert_int_equal(SC(mknod, S("/newfile/"), LINUX_S_IFREG | 0644, 0), -LINUX_ENOENT);
    assert_int_equal(SC(unlink, S("/etc")), -LINUX_EISDIR);
    assert_int_equal(SC(unlink, S("/etc/passwd/")), -LINUX_ENOTDIR);
    assert_int_equal(SC(rmdir, S("/etc/passwd")), -LINUX_ENOTDIR);
    assert_int_equal(SC(rmdir, S("/etc")), -LINUX_ENOTEMPTY);
    assert_int_equal(SC(rmdir, S("/etc/.")), -LINUX_EINVAL);
    assert_int_equal(SC(rmdir, S("/etc/..")), -LINUX_ENOTEMPTY);
    assert_int_equal(SC(rmdir, S("/tmp")), -LINUX_EBUSY);
    assert_int_equal(SC(rename, S("/tmp"), S("/tmp2")), -LINUX_EBUSY);
    assert_int_equal(SC(rename, S("/d"), S("/d/sub/x")), -LINUX_EINVAL);
    assert_int_equal(SC(rename, S("/d/sub"), S("/d")), -LINUX_ENOTEMPTY);
    assert_int_equal(SC(rename, S("/etc/passwd"), S("/d")), -LINUX_EISDIR);
    assert_int_equal(SC(rename, S("/d"), S("/etc/passwd")), -LINUX_ENOTDIR);
    assert_int_equal(SC(rename, S("/d"), S("/etc")), -LINUX_ENOTEMPTY);
    assert_int_equal(SC(rename, S("/etc/passwd"), S("/tmp/passwd")), -LINUX_EXDEV);
    assert_int_equal(SC(link, S("/etc/passwd"), S("/tmp/passwd")), -LINUX_EXDEV);
    assert_int_equal(SC(link, S("/d"), S("/d3")), -LINUX_EPERM);
    assert_int_equal(SC(link, S("/etc/passwd"), S("/etc/hostname")), -LINUX_EEXIST);
    assert_int_equal(SC(renameat2, AT_FDCWD_A, S("/etc/passwd"), AT_FDCWD_A, S("/etc/hostname"),
                        LINUX_RENAME_NOREPLACE),
                     -LINUX_EEXIST);
    assert_int_equal(SC(renameat2, AT_FDCWD_A, S("/etc/passwd"), AT_FDCWD_A, S("/etc/nope"),
                        LINUX_RENAME_EXCHANGE),
                     -LINUX_ENOENT);
    assert_int_equal(SC(renameat2, AT_FDCWD_A, S("/a"), AT_FDCWD_A, S("/b"), 3), -LINUX_EINVAL);
    assert_int_equal(SC(renameat2, AT_FDCWD_A, S("/etc/passwd"), AT_FDCWD_A, S("/d/file"),
                        LINUX_RENAME_EXCHANGE),
                     0);
    assert_string_equal(rd("/etc/passwd"), "dfile\n");
    assert_string_equal(rd("/d/file"), "root:x:0:0::/root:/bin/sh\n");
    assert_int_equal(SC(symlink, S(""), S("/x")), -LINUX_ENOENT);
    assert_int_equal(SC(symlink, S("x"), S("/etc/passwd")), -LINUX_EEXIST);
    assert_int_equal(SC(unlinkat, AT_FDCWD_A, S("/etc"), 0x100), -LINUX_EINVAL);
    assert_int_equal(SC(mkdir, S("/proc/x"), 0755), -LINUX_EPERM);
    assert_int_equal(SC(unlink, S("/proc/self/status")), -LINUX_EPERM);
}

static void test_credentials(void **state)
{
    (void)state;
    assert_int_equal(wr("/tmp/root-file", "r", 0), 1);
    T->uid = T->euid = T->fsuid = 1000;
    T->gid = T->egid = T->fsgid = 1000;
    T->cap_eff = 0; /* what leaving uid 0 does to the effective set */
    /* directory write permission and the sticky bit of /tmp */
    assert_int_equal(wr("/etc/x", "x", 0), -LINUX_EACCES);
    assert_int_equal(SC(mkdir, S("/etc/x"), 0755), -LINUX_EACCES);
    assert_int_equal(SC(unlink, S("/etc/passwd")), -LINUX_EACCES);
    assert_int_equal(SC(unlink, S("/tmp/root-file")), -LINUX_EPERM);
    assert_int_equal(SC(rename, S("/tmp/root-file"), S("/tmp/mine")), -LINUX_EPERM);
    assert_int_equal(wr("/tmp/mine", "m", 0), 1);
    assert_int_equal(st_of("/tmp/mine", 0)->st_uid, 1000);
    assert_int_equal(SC(chmod, S("/tmp/mine"), 0600), 0);
    assert_int_equal(SC(chmod, S("/tmp/root-file"), 0600), -LINUX_EPERM);
    assert_int_equal(SC(chown, S("/tmp/mine"), 0, (uint64_t)-1), -LINUX_EPERM);
    assert_int_equal(SC(rename, S("/tmp/mine"), S("/tmp/mine2")), 0);
    /* search permission on each directory of the walk */
    assert_null(rd("/d/sub/deep")); /* 0600 root's */
    assert_int_equal(SC(chdir, S("/tmp")), 0);
    T->uid = T->euid = T->fsuid = 0;
    T->cap_eff = T->cap_prm;
    assert_int_equal(SC(chown, S("/tmp/mine2"), 5, 6), 0);
    assert_int_equal(st_of("/tmp/mine2", 0)->st_uid, 5);
    assert_int_equal(st_of("/tmp/mine2", 0)->st_gid, 6);
}

/* ---- attributes, times, sizes ---- */

static void test_attributes(void **state)
{
    struct linux_timespec *ts = (struct linux_timespec *)(guest_mem + 0x40000);
    struct linux_stat before;
    long fd;

    (void)state;
    T->umask = 027;
    assert_int_equal(SC(mkdir, S("/tmp/u"), 0777), 0);
    assert_int_equal(st_of("/tmp/u", 0)->st_mode, LINUX_S_IFDIR | 0750);
    assert_int_equal(st_of("/tmp", 0)->st_nlink, 3);
    assert_int_equal(SC(rmdir, S("/tmp/u")), 0);
    assert_int_equal(st_of("/tmp", 0)->st_nlink, 2);
    /* O_APPEND always writes at the end; truncate and fallocate move it */
    assert_int_equal(wr("/tmp/a", "12345", 0), 5);
    fd = SC(openat, AT_FDCWD_A, S("/tmp/a"), LINUX_O_RDWR | LINUX_O_APPEND);
    memcpy(guest_mem + BUF, "6", 1);
    assert_int_equal(SC(pwrite64, (uint64_t)fd, G(BUF), 1, 0), 1);
    assert_string_equal(rd("/tmp/a"), "123456");
    assert_int_equal(SC(ftruncate, (uint64_t)fd, 2), 0);
    assert_string_equal(rd("/tmp/a"), "12");
    assert_int_equal(SC(fallocate, (uint64_t)fd, 0, 0, 4096), 0);
    assert_int_equal(st_of("/tmp/a", 0)->st_size, 4096);
    assert_int_equal(SC(fallocate, (uint64_t)fd, LINUX_FALLOC_FL_PUNCH_HOLE, 0, 1),
                     -LINUX_EOPNOTSUPP);
    assert_int_equal(SC(fallocate, (uint64_t)fd, 0, 0, 0), -LINUX_EINVAL);
    assert_int_equal(SC(truncate, S("/tmp/a"), 3), 0);
    assert_int_equal(SC(truncate, S("/tmp"), 3), -LINUX_EISDIR);
    assert_int_equal(SC(ftruncate, (uint64_t)SC(openat, AT_FDCWD_A, S("/tmp/a"), 0), 0),
                     -LINUX_EINVAL);
    assert_int_equal(SC(fsync, (uint64_t)fd), 0);
    assert_int_equal(SC(fdatasync, (uint64_t)fd), 0);
    /* utimensat: explicit times, UTIME_OMIT, and ctime moving */
    memcpy(&before, st_of("/tmp/a", 0), sizeof(before));
    ts[0] = (struct linux_timespec){1000, 0};
    ts[1] = (struct linux_timespec){2000, LINUX_UTIME_OMIT};
    assert_int_equal(SC(utimensat, AT_FDCWD_A, S("/tmp/a"), G(0x40000), 0), 0);
    assert_int_equal(st_of("/tmp/a", 0)->st_atime_sec, 1000);
    assert_int_equal(st_of("/tmp/a", 0)->st_mtime_sec, before.st_mtime_sec);
    ts[1].tv_nsec = 1000000000;
    assert_int_equal(SC(utimensat, AT_FDCWD_A, S("/tmp/a"), G(0x40000), 0), -LINUX_EINVAL);
    assert_int_equal(SC(utimensat, (uint64_t)fd, 0, 0, 0), 0);
    /* the parent's mtime moves with its entries */
    memcpy(&before, st_of("/tmp", 0), sizeof(before));
    ts[0] = (struct linux_timespec){5, 0};
    ts[1] = (struct linux_timespec){5, 0};
    assert_int_equal(SC(utimensat, AT_FDCWD_A, S("/tmp"), G(0x40000), 0), 0);
    assert_int_equal(wr("/tmp/b", "", 0), 0);
    assert_true(st_of("/tmp", 0)->st_mtime_sec > 5);
}

/* ---- listings ---- */

static void test_getdents_merged(void **state)
{
    uint64_t cookies[64];
    char names[64][64];
    int n = 0;
    long fd, got;

    (void)state;
    assert_int_equal(wr("/d/new1", "", 0), 0);
    assert_int_equal(SC(unlink, S("/d/file")), 0);
    assert_int_equal(SC(mkdir, S("/d/newdir"), 0755), 0);
    assert_string_equal(ls("/d", 32), "new1 newdir sub");
    assert_string_equal(ls("/d", 4096), "new1 newdir sub");
    /* d_off is a stable cookie: seeking to one resumes right after that entry */
    fd = SC(openat, AT_FDCWD_A, S("/d"), LINUX_O_RDONLY | LINUX_O_DIRECTORY);
    while ((got = SC(getdents64, (uint64_t)fd, G(BUF), 4096)) > 0)
        for (long off = 0; off < got;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(guest_mem + BUF + off);

            cookies[n] = (uint64_t)d->d_off;
            strcpy(names[n++], d->d_name);
            off += d->d_reclen;
        }
    assert_int_equal(n, 5);
    assert_int_equal(SC(lseek, (uint64_t)fd, cookies[1], LINUX_SEEK_SET), (long)cookies[1]);
    got = SC(getdents64, (uint64_t)fd, G(BUF), 4096);
    assert_true(got > 0);
    assert_string_equal(((struct linux_dirent64 *)(guest_mem + BUF))->d_name, names[2]);
    /* an entry removed after the listing was taken is not returned */
    assert_int_equal(SC(lseek, (uint64_t)fd, cookies[1], LINUX_SEEK_SET), (long)cookies[1]);
    assert_int_equal(SC(unlink, S(strcmp(names[2], "newdir") ? "/d/new1" : "/d/sub/deep")), 0);
    if (!strcmp(names[2], "new1")) {
        got = SC(getdents64, (uint64_t)fd, G(BUF), 4096);
        assert_string_not_equal(((struct linux_dirent64 *)(guest_mem + BUF))->d_name, "new1");
    }
    /* tmpfs directories list in creation order with the dots first */
    assert_int_equal(SC(mkdir, S("/tmp/o"), 0755), 0);
    assert_int_equal(wr("/tmp/o/b", "", 0), 0);
    assert_int_equal(wr("/tmp/o/a", "", 0), 0);
    fd = SC(openat, AT_FDCWD_A, S("/tmp/o"), LINUX_O_RDONLY | LINUX_O_DIRECTORY);
    got = SC(getdents64, (uint64_t)fd, G(BUF), 4096);
    {
        const char *want[] = {".", "..", "b", "a"};
        long off = 0;

        for (int i = 0; i < 4; i++) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(guest_mem + BUF + off);

            assert_string_equal(d->d_name, want[i]);
            off += d->d_reclen;
        }
        assert_int_equal(off, got);
    }
}

/* ---- the host stays as it was ---- */

static void test_host_unchanged(void **state)
{
    struct linux_timespec *ts = (struct linux_timespec *)(guest_mem + 0x40000);
    uint64_t before = host_digest();
    long fd;

    (void)state;
    assert_int_equal(wr("/etc/hostname", "overwritten\n", LINUX_O_TRUNC), 12);
    assert_int_equal(wr("/etc/passwd", "appended\n", LINUX_O_APPEND), 9);
    assert_int_equal(wr("/brand-new", "new\n", 0), 4);
    assert_int_equal(SC(unlink, S("/d/file")), 0);
    assert_int_equal(SC(rename, S("/d/sub"), S("/moved")), 0);
    assert_int_equal(SC(rename, S("/hl1"), S("/etc/hl")), 0);
    assert_int_equal(SC(mkdir, S("/etc/newdir"), 0700), 0);
    assert_int_equal(SC(rmdir, S("/empty")), 0);
    assert_int_equal(SC(symlink, S("/etc"), S("/d/link")), 0);
    assert_int_equal(SC(link, S("/etc/passwd"), S("/d/hard")), 0);
    assert_int_equal(SC(chmod, S("/etc"), 0700), 0);
    assert_int_equal(SC(chown, S("/etc/passwd"), 123, 456), 0);
    ts[0] = ts[1] = (struct linux_timespec){1, 0};
    assert_int_equal(SC(utimensat, AT_FDCWD_A, S("/hl2"), G(0x40000), 0), 0);
    assert_int_equal(SC(truncate, S("/moved/deep"), 1), 0);
    fd = SC(openat, AT_FDCWD_A, S("/etc"), LINUX_O_WRONLY | LINUX_O_TMPFILE, 0600);
    assert_true(fd >= 0);
    assert_int_equal(SC(linkat, (uint64_t)fd, S(""), AT_FDCWD_A, S("/etc/from-tmpfile"),
                        LINUX_AT_EMPTY_PATH),
                     0);
    assert_int_equal(SC(renameat2, AT_FDCWD_A, S("/etc/passwd"), AT_FDCWD_A, S("/brand-new"),
                        LINUX_RENAME_EXCHANGE),
                     0);
    /* the sandbox sees every change... */
    assert_string_equal(rd("/etc/hostname"), "overwritten\n");
    assert_string_equal(rd("/moved/deep"), "d");
    assert_string_equal(rd("/d/link/hl"), "linked\n");
    assert_int_equal(st_of("/etc/from-tmpfile", 0)->st_nlink, 1);
    assert_string_equal(ls("/", 4096), "abs brand-new d esc etc hl2 moved tmp");
    /* ...and not one byte, mode or time of the host tree moved */
    assert_true(host_digest() == before);
}

/* ---- statfs, /dev, /proc ---- */

static void test_statfs(void **state)
{
    struct linux_statfs *st = (struct linux_statfs *)(guest_mem + BUF);

    (void)state;
    assert_int_equal(SC(statfs, S("/"), G(BUF)), 0);
    assert_int_equal(st->f_type, 0x794c7630);
    assert_int_equal(SC(statfs, S("/tmp/"), G(BUF)), 0);
    assert_int_equal(st->f_type, 0x01021994);
    assert_true(st->f_blocks > 0 && st->f_bfree <= st->f_blocks);
    assert_int_equal(st->f_namelen, 255);
    assert_int_equal(SC(statfs, S("/proc/self"), G(BUF)), 0);
    assert_int_equal(st->f_type, 0x9fa0);
    assert_int_equal(SC(statfs, S("/nope"), G(BUF)), -LINUX_ENOENT);
    assert_int_equal(SC(fstatfs, (uint64_t)SC(openat, AT_FDCWD_A, S("/dev/null"), 0), G(BUF)), 0);
    assert_int_equal(st->f_type, 0x01021994);
    assert_int_equal(SC(fstatfs, 999, G(BUF)), -LINUX_EBADF);
}

static void test_dev(void **state)
{
    long fd;

    (void)state;
    fd = SC(openat, AT_FDCWD_A, S("/dev/zero"), LINUX_O_RDWR);
    memset(guest_mem + BUF, 0xff, 100);
    assert_int_equal(SC(read, (uint64_t)fd, G(BUF), 100), 100);
    for (int i = 0; i < 100; i++)
        assert_int_equal(guest_mem[BUF + i], 0);
    fd = SC(openat, AT_FDCWD_A, S("/dev/full"), LINUX_O_WRONLY);
    assert_int_equal(SC(write, (uint64_t)fd, G(BUF), 1), -LINUX_ENOSPC);
    fd = SC(openat, AT_FDCWD_A, S("/dev/null"), LINUX_O_RDWR);
    assert_int_equal(SC(write, (uint64_t)fd, G(BUF), 10), 10);
    assert_int_equal(SC(read, (uint64_t)fd, G(BUF), 10), 0);
    assert_int_equal(st_of("/dev/null", 0)->st_rdev, 0x103);
    fd = SC(openat, AT_FDCWD_A, S("/dev/urandom"), 0);
    assert_int_equal(SC(read, (uint64_t)fd, G(BUF), 64), 64);
    assert_int_equal(SC(readlink, S("/dev/stdin"), G(BUF), 100), 15);
    /* the guest may add to /dev (devtmpfs), never to the host's */
    assert_int_equal(wr("/dev/shm/seg", "shared", 0), 6);
    assert_string_equal(rd("/dev/shm/seg"), "shared");
}

static void test_proc(void **state)
{
    const char *s;
    char p[64];
    long fd;

    (void)state;
    s = rd("/proc/self/status");
    assert_non_null(s);
    assert_non_null(strstr(s, "Name:\tprog\n"));
    assert_non_null(strstr(s, "Pid:\t1\n"));
    assert_non_null(strstr(s, "Umask:\t0022\n"));
    s = rd("/proc/1/stat");
    assert_non_null(s);
    assert_int_equal(strncmp(s, "1 (prog) R 0 ", 13), 0);
    assert_null(rd("/proc/2/stat"));
    assert_non_null(strstr(rd("/proc/mounts"), "tmpfs /tmp tmpfs "));
    assert_string_equal(rd("/proc/sys/kernel/ostype"), "Linux\n");
    assert_string_equal(rd("/proc/self/maps"), ""); /* an address space with no mappings */
    assert_non_null(strstr(rd("/proc/self/limits"), "Max open files"));
    /* the listing's own descriptor is in it, as on Linux */
    assert_string_equal(ls("/proc/self/fd", 4096), "0");
    fd = SC(openat, AT_FDCWD_A, S("/tmp"), LINUX_O_RDONLY);
    assert_int_equal(fd, 0);
    assert_string_equal(ls("/proc/self/fd", 4096), "0 1");
    assert_int_equal(SC(readlink, S("/proc/self/fd/0"), G(BUF), 100), 4);
    assert_memory_equal(guest_mem + BUF, "/tmp", 4);
    assert_int_equal(wr("/tmp/gone", "x", 0), 1);
    fd = SC(openat, AT_FDCWD_A, S("/tmp/gone"), LINUX_O_RDONLY);
    assert_int_equal(SC(unlink, S("/tmp/gone")), 0);
    snprintf(p, sizeof(p), "/proc/self/fd/%ld", fd);
    assert_int_equal(SC(readlink, S(p), G(BUF), 100), 19);
    assert_memory_equal(guest_mem + BUF, "/tmp/gone (deleted)", 19);
    /* an fd link opens the very file, even unlinked */
    assert_string_equal(rd(p), "x");
    assert_non_null(strstr(ls("/proc", 4096), "1 cpuinfo"));
    /* The test's task is root: it opens any proc file to write but under /proc/sys;
     * writes fail by kind (no write method: EINVAL; a proc_ops without one: EIO). */
    assert_int_equal(wr("/proc/self/status", "x", 0), -LINUX_EINVAL);
    assert_int_equal(wr("/proc/cpuinfo", "x", 0), -LINUX_EIO);
    assert_int_equal(wr("/proc/sys/kernel/ostype", "x", 0), -LINUX_EACCES);
    assert_int_equal(wr("/proc/self/comm", "renamed", 0), 7);
    assert_string_equal(rd("/proc/self/comm"), "renamed\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lookup_layers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlink_loops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy_up_metacopy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_shared, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy_up_hard_links, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whiteouts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rename_copies_up_whole_dirs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_namespace_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_credentials, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attributes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_getdents_merged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statfs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dev, setup, teardown),
        cmocka_unit_test_setup_teardown(test_proc, setup, teardown),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
