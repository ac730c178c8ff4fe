/* SPDX-License-Identifier: MIT */
/* kernel/vfs.c: guest paths beneath the root, host stat conversion and host-backed files. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fs.h"
#include "sched.h"
#include "task.h"
#include "usercopy.h"
#include "vfs.h"
#include "sched.h"
#include "signal.h"

/*
 * Host errno values are the guest's: the runtime runs only on Linux hosts whose
 * errno numbering is the asm-generic one abi/errno.h copies (x86_64, arm64), so
 * -errno of a failed host call already is the guest's -LINUX_E*. The asserts stop
 * the build on a host where that would not hold.
 */
_Static_assert(EPERM == LINUX_EPERM && ENOENT == LINUX_ENOENT && EIO == LINUX_EIO &&
                   EBADF == LINUX_EBADF && EAGAIN == LINUX_EAGAIN && ENOMEM == LINUX_ENOMEM &&
                   EACCES == LINUX_EACCES && EFAULT == LINUX_EFAULT && EEXIST == LINUX_EEXIST &&
                   ENOTDIR == LINUX_ENOTDIR && EISDIR == LINUX_EISDIR && EINVAL == LINUX_EINVAL &&
                   ENOTTY == LINUX_ENOTTY && ESPIPE == LINUX_ESPIPE && EROFS == LINUX_EROFS &&
                   EPIPE == LINUX_EPIPE && ENAMETOOLONG == LINUX_ENAMETOOLONG &&
                   ELOOP == LINUX_ELOOP && EOVERFLOW == LINUX_EOVERFLOW && EXDEV == LINUX_EXDEV &&
                   ENXIO == LINUX_ENXIO && EINTR == LINUX_EINTR && ENOSYS == LINUX_ENOSYS,
               "host errno numbering must be Linux's asm-generic one");

long vfs_host_err(int e)
{
    if (e <= 0 || e > LINUX_ERANGE_MAX)
        return -LINUX_EIO;
    return -e;
}

#define HERR() vfs_host_err(errno)

/* openat2(2) (include/uapi/linux/openat2.h), spelled here so a libc defining it cannot clash. */
#ifndef SYS_openat2
#define SYS_openat2 437 /* the same number in every arch's table */
#endif
struct vfs_open_how {
    uint64_t flags, mode, resolve;
};
#define VFS_RESOLVE_NO_MAGICLINKS 0x02
#define VFS_RESOLVE_IN_ROOT 0x10

#define VALID_OPEN_FLAGS                                                                           \
    (LINUX_O_ACCMODE | LINUX_O_CREAT | LINUX_O_EXCL | LINUX_O_NOCTTY | LINUX_O_TRUNC |             \
     LINUX_O_APPEND | LINUX_O_NONBLOCK | LINUX_O_DSYNC | LINUX_O_ASYNC | LINUX_O_DIRECT |          \
     LINUX_O_LARGEFILE | LINUX_O_DIRECTORY | LINUX_O_NOFOLLOW | LINUX_O_NOATIME |                  \
     LINUX_O_CLOEXEC | LINUX_O_SYNC | LINUX_O_PATH | LINUX_O_TMPFILE_BASE)
#define O_PATH_FLAGS (LINUX_O_DIRECTORY | LINUX_O_NOFOLLOW | LINUX_O_PATH | LINUX_O_CLOEXEC)

/* What the guest's struct statx gets from the host's; newer fields stay zero. */
#define VFS_STATX_MASK (LINUX_STATX_BASIC_STATS | LINUX_STATX_BTIME | LINUX_STATX_MNT_ID)

static int is_dir_mode(uint32_t mode)
{
    return (mode & LINUX_S_IFMT) == LINUX_S_IFDIR;
}

/* ---- lexical paths ---- */

int vfs_path_join(char *out, size_t outlen, const char *base, const char *rel)
{
    size_t bl, rl = strlen(rel);
    int sep;

    if (rel[0] == '/' || !base) {
        if (rl >= outlen)
            return -LINUX_ENAMETOOLONG;
        memcpy(out, rel, rl + 1);
        return (int)rl;
    }
    bl = strlen(base);
    sep = bl == 0 || (rl > 0 && base[bl - 1] != '/');
    if (bl + sep + rl >= outlen)
        return -LINUX_ENAMETOOLONG;
    memcpy(out, base, bl);
    if (sep)
        out[bl] = '/';
    memcpy(out + bl + sep, rel, rl + 1);
    return (int)(bl + sep + rl);
}

int vfs_path_clean(char *out, size_t outlen, const char *in)
{
    size_t w = 1;

    if (outlen < 2)
        return -LINUX_ENAMETOOLONG;
    out[0] = '/';
    while (*in) {
        size_t n;

        while (*in == '/')
            in++;
        if (!*in)
            break;
        n = strcspn(in, "/");
        if (n == 2 && in[0] == '.' && in[1] == '.') {
            while (w > 1 && out[w - 1] != '/')
                w--;
            if (w > 1)
                w--;
        } else if (!(n == 1 && in[0] == '.')) {
            if (w + (w > 1) + n >= outlen)
                return -LINUX_ENAMETOOLONG;
            if (w > 1)
                out[w++] = '/';
            memcpy(out + w, in, n);
            w += n;
        }
        in += n;
    }
    out[w] = '\0';
    return (int)w;
}

int vfs_path_has_dotdot(const char *p)
{
    while (*p) {
        size_t n;

        while (*p == '/')
            p++;
        n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return 1;
        p += n;
    }
    return 0;
}

/*
 * Drop "//" and "." components that another component follows, in place: the same
 * object, a shorter string. The last component and a trailing "/" stay as they are
 * ("file/." and "file/" must still fail with ENOTDIR).
 */
static size_t path_squeeze(char *p)
{
    size_t len = strlen(p), r = 0, w = 0;

    while (r < len) {
        size_t n;

        if (p[r] == '/') {
            if (w == 0 || p[w - 1] != '/')
                p[w++] = '/';
            r++;
            continue;
        }
        n = strcspn(p + r, "/");
        if (n == 1 && p[r] == '.' && r + 1 < len && p[r + 1 + strspn(p + r + 1, "/")] != '\0') {
            r += n;
            continue;
        }
        memmove(p + w, p + r, n);
        w += n;
        r += n;
    }
    p[w] = '\0';
    return w;
}

/* ---- stat ---- */

uint64_t vfs_encode_dev(uint32_t major, uint32_t minor)
{
    /* new_encode_dev(), which cp_new_stat() stores. */
    return (uint32_t)((minor & 0xffu) | (major << 8) | ((minor & ~0xffu) << 12));
}

int vfs_host_statx(int dirfd, const char *path, int hflags, unsigned mask, struct linux_statx *out)
{
    memset(out, 0, sizeof(*out));
    if (syscall(SYS_statx, dirfd, path, hflags, mask, out) < 0)
        return (int)HERR();
    return 0;
}

void vfs_statx_to_stat(const struct linux_statx *h, struct linux_stat *st)
{
    memset(st, 0, sizeof(*st));
    st->st_dev = vfs_encode_dev(h->stx_dev_major, h->stx_dev_minor);
    st->st_ino = h->stx_ino;
    st->st_nlink = h->stx_nlink;
    st->st_mode = h->stx_mode;
    st->st_uid = h->stx_uid;
    st->st_gid = h->stx_gid;
    st->st_rdev = vfs_encode_dev(h->stx_rdev_major, h->stx_rdev_minor);
    st->st_size = (int64_t)h->stx_size;
    st->st_blksize = h->stx_blksize;
    st->st_blocks = (int64_t)h->stx_blocks;
    st->st_atime_sec = h->stx_atime.tv_sec;
    st->st_atime_nsec = h->stx_atime.tv_nsec;
    st->st_mtime_sec = h->stx_mtime.tv_sec;
    st->st_mtime_nsec = h->stx_mtime.tv_nsec;
    st->st_ctime_sec = h->stx_ctime.tv_sec;
    st->st_ctime_nsec = h->stx_ctime.tv_nsec;
}

void vfs_statx_to_linux(const struct linux_statx *h, struct linux_statx *lx)
{
    struct linux_statx o;

    memset(&o, 0, sizeof(o));
    o.stx_mask = h->stx_mask & VFS_STATX_MASK;
    o.stx_blksize = h->stx_blksize;
    o.stx_attributes = h->stx_attributes;
    o.stx_nlink = h->stx_nlink;
    o.stx_uid = h->stx_uid;
    o.stx_gid = h->stx_gid;
    o.stx_mode = h->stx_mode;
    o.stx_ino = h->stx_ino;
    o.stx_size = h->stx_size;
    o.stx_blocks = h->stx_blocks;
    o.stx_attributes_mask = h->stx_attributes_mask;
    o.stx_atime = h->stx_atime;
    o.stx_btime = h->stx_btime;
    o.stx_ctime = h->stx_ctime;
    o.stx_mtime = h->stx_mtime;
    o.stx_rdev_major = h->stx_rdev_major;
    o.stx_rdev_minor = h->stx_rdev_minor;
    o.stx_dev_major = h->stx_dev_major;
    o.stx_dev_minor = h->stx_dev_minor;
    if (o.stx_mask & LINUX_STATX_MNT_ID)
        o.stx_mnt_id = h->stx_mnt_id;
    *lx = o;
}

static void decode_dev(uint64_t dev, uint32_t *major, uint32_t *minor)
{
    *major = (uint32_t)((dev >> 8) & 0xfff);
    *minor = (uint32_t)((dev & 0xff) | ((dev >> 12) & 0xfff00));
}

void vfs_stat_to_statx(const struct linux_stat *st, struct linux_statx *lx)
{
    memset(lx, 0, sizeof(*lx));
    lx->stx_mask = LINUX_STATX_BASIC_STATS;
    lx->stx_blksize = (uint32_t)st->st_blksize;
    lx->stx_nlink = (uint32_t)st->st_nlink;
    lx->stx_uid = st->st_uid;
    lx->stx_gid = st->st_gid;
    lx->stx_mode = (uint16_t)st->st_mode;
    lx->stx_ino = st->st_ino;
    lx->stx_size = (uint64_t)st->st_size;
    lx->stx_blocks = (uint64_t)st->st_blocks;
    lx->stx_atime.tv_sec = (int64_t)st->st_atime_sec;
    lx->stx_atime.tv_nsec = (uint32_t)st->st_atime_nsec;
    lx->stx_mtime.tv_sec = (int64_t)st->st_mtime_sec;
    lx->stx_mtime.tv_nsec = (uint32_t)st->st_mtime_nsec;
    lx->stx_ctime.tv_sec = (int64_t)st->st_ctime_sec;
    lx->stx_ctime.tv_nsec = (uint32_t)st->st_ctime_nsec;
    decode_dev(st->st_dev, &lx->stx_dev_major, &lx->stx_dev_minor);
    decode_dev(st->st_rdev, &lx->stx_rdev_major, &lx->stx_rdev_minor);
}

int vfs_permission_caps(uint32_t mode, uint32_t fuid, uint32_t fgid, uint32_t uid, uint32_t gid,
                        unsigned caps, int mask)
{
    uint32_t want = (uint32_t)mask & (LINUX_R_OK | LINUX_W_OK | LINUX_X_OK), bits;

    if (uid == fuid)
        bits = mode >> 6;
    else if (gid == fgid)
        bits = mode >> 3;
    else
        bits = mode;
    if ((bits & want) == want)
        return 0;
    if (is_dir_mode(mode)) {
        if (!(want & LINUX_W_OK) && (caps & VFS_CAP_DAC_READ_SEARCH))
            return 0;
        return caps & VFS_CAP_DAC_OVERRIDE ? 0 : -LINUX_EACCES;
    }
    if ((!(want & LINUX_X_OK) || (mode & 0111)) && (caps & VFS_CAP_DAC_OVERRIDE))
        return 0;
    if (want == LINUX_R_OK && (caps & VFS_CAP_DAC_READ_SEARCH))
        return 0;
    return -LINUX_EACCES;
}

int vfs_permission(uint32_t mode, uint32_t fuid, uint32_t fgid, uint32_t uid, uint32_t gid,
                   int mask)
{
    unsigned caps = uid == 0 ? VFS_CAP_DAC_OVERRIDE | VFS_CAP_DAC_READ_SEARCH : 0;
    return vfs_permission_caps(mode, fuid, fgid, uid, gid, caps, mask);
}

/* ---- directories ---- */

/*
 * The host's getdents64 records are the kernel's struct linux_dirent64, whose layout
 * abi/types.h copies; the header fields are read at the abi offsets.
 */
#define DIRENT_HDR offsetof(struct linux_dirent64, d_name)

long vfs_dirents_to_linux(const void *host, size_t hostlen, void *out, size_t outlen,
                          size_t *consumed, int64_t *last_off)
{
    const uint8_t *h = host;
    uint8_t *o = out;
    size_t hp = 0, op = 0;

    while (hp < hostlen) {
        uint64_t ino;
        int64_t off;
        uint16_t reclen, oreclen;
        uint8_t type;
        size_t nlen, olen;

        if (hostlen - hp < DIRENT_HDR + 1)
            return -LINUX_EIO;
        memcpy(&ino, h + hp + offsetof(struct linux_dirent64, d_ino), sizeof(ino));
        memcpy(&off, h + hp + offsetof(struct linux_dirent64, d_off), sizeof(off));
        memcpy(&reclen, h + hp + offsetof(struct linux_dirent64, d_reclen), sizeof(reclen));
        memcpy(&type, h + hp + offsetof(struct linux_dirent64, d_type), sizeof(type));
        if (reclen < DIRENT_HDR + 1 || reclen > hostlen - hp)
            return -LINUX_EIO;
        nlen = strnlen((const char *)h + hp + DIRENT_HDR, reclen - DIRENT_HDR);
        if (nlen == reclen - DIRENT_HDR)
            return -LINUX_EIO;
        olen = (DIRENT_HDR + nlen + 1 + 7) & ~(size_t)7;
        if (olen > outlen - op)
            break;
        oreclen = (uint16_t)olen;
        memset(o + op, 0, olen);
        memcpy(o + op + offsetof(struct linux_dirent64, d_ino), &ino, sizeof(ino));
        memcpy(o + op + offsetof(struct linux_dirent64, d_off), &off, sizeof(off));
        memcpy(o + op + offsetof(struct linux_dirent64, d_reclen), &oreclen, sizeof(oreclen));
        memcpy(o + op + offsetof(struct linux_dirent64, d_type), &type, sizeof(type));
        memcpy(o + op + DIRENT_HDR, h + hp + DIRENT_HDR, nlen);
        op += olen;
        hp += reclen;
        *last_off = off;
    }
    *consumed = hp;
    return (long)op;
}

/* Bigger requests just return fewer entries, as Linux may. */
#define DIRENT_CHUNK 65536

static long host_getdents64(struct file *f, struct task *t, uaddr_t buf, uint64_t len)
{
    struct iovec iov[16];
    size_t covered = 0, used = 0;
    int64_t last = 0;
    uint8_t *hb;
    long n, r;

    if (len > DIRENT_CHUNK)
        len = DIRENT_CHUNK;
    /* Read no more than the guest can take, so no entry is consumed and then lost. */
    if (len) {
        r = user_iov(t->mm, buf, len, 1, iov, 16, &covered);
        if (r < 0)
            return r;
    }
    hb = malloc(2 * covered + 1);
    if (!hb)
        return -LINUX_ENOMEM;
    n = syscall(SYS_getdents64, f->host_fd, hb, covered);
    if (n < 0) {
        r = HERR();
        if (r == -LINUX_EINVAL && covered < len &&
            user_iov(t->mm, buf + covered, 1, 1, iov, 1, &used) < 0)
            r = -LINUX_EFAULT; /* the first entry runs into unwritable memory */
        goto out;
    }
    r = vfs_dirents_to_linux(hb, (size_t)n, hb + covered, covered, &used, &last);
    if (r < 0)
        goto out;
    if (used < (size_t)n) {
        /* A translated record is never longer than the host's; keep the rest unread anyway. */
        if (r == 0 || lseek(f->host_fd, last, SEEK_SET) < 0) {
            r = -LINUX_EIO;
            goto out;
        }
    }
    if (r > 0 && copy_to_user(t->mm, buf, hb + covered, (size_t)r) < 0)
        r = -LINUX_EFAULT;
out:
    free(hb);
    return r;
}

/* ---- data transfer ---- */

#define RW_IOV 64

/*
 * A blocking host stream (a terminal, a host pipe) may wait indefinitely; the
 * kernel lock must not be held meanwhile, or every other task would stop. Wait
 * for readiness without it, in slices, so a guest signal still interrupts.
 * Returns 0 when the fd is ready (or non-blocking), -LINUX_ERESTARTSYS on a signal.
 */
#define HOST_WAIT_SLICE_MS 50
static long host_wait_ready(struct task *t, int fd, int to_fd)
{
    struct pollfd p = {.fd = fd, .events = to_fd ? POLLOUT : POLLIN};
    if (poll(&p, 1, 0) != 0)
        return 0;
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || (fl & O_NONBLOCK))
        return 0;
    for (;;) {
        kernel_unlock();
        int r = poll(&p, 1, HOST_WAIT_SLICE_MS);
        kernel_lock();
        if (r != 0)
            return 0;
        if (signal_pending(t))
            return -LINUX_ERESTARTSYS;
    }
}

long vfs_host_rw(struct task *t, int fd, int to_fd, const struct linux_iovec *seg, int nseg,
                 int64_t *off, int stream)
{
    if (stream && !off) {
        long w = host_wait_ready(t, fd, to_fd);
        if (w < 0)
            return w;
    }
    struct iovec iov[RW_IOV];
    uint64_t total = 0, all = 0, soff = 0;
    int si = 0;

    for (int i = 0; i < nseg; i++)
        all += seg[i].iov_len;
    if (all == 0) {
        /* A zero-length read or write still reaches the file: read(dir, p, 0) is EISDIR. */
        ssize_t r = off ? (to_fd ? pwrite(fd, NULL, 0, *off) : pread(fd, NULL, 0, *off))
                        : (to_fd ? write(fd, NULL, 0) : read(fd, NULL, 0));
        return r < 0 ? HERR() : r;
    }
    while (si < nseg) {
        uint64_t want = 0;
        int n = 0, fault = 0;
        ssize_t r;

        while (si < nseg && n < RW_IOV) {
            uint64_t left = seg[si].iov_len - soff;
            size_t cov = 0;
            int k;

            if (left == 0) {
                si++;
                soff = 0;
                continue;
            }
            /* Reading from the fd writes guest memory. */
            k = user_iov(t->mm, seg[si].iov_base + soff, left, !to_fd, iov + n, RW_IOV - n, &cov);
            if (k <= 0 || cov == 0) {
                fault = 1;
                break;
            }
            n += k;
            want += cov;
            soff += cov;
            if (cov < left)
                break; /* a fault part way, or iov is full: the next round tells */
            si++;
            soff = 0;
        }
        if (n == 0) {
            if (fault && total == 0)
                return -LINUX_EFAULT;
            break;
        }
        if (off)
            r = to_fd ? pwritev(fd, iov, n, (off_t)(*off + (int64_t)total))
                      : preadv(fd, iov, n, (off_t)(*off + (int64_t)total));
        else
            r = to_fd ? writev(fd, iov, n) : readv(fd, iov, n);
        if (r < 0) {
            if (total == 0)
                return HERR();
            break;
        }
        total += (uint64_t)r;
        if ((uint64_t)r < want || fault || (stream && !to_fd))
            break;
    }
    return (long)total;
}

static const struct file_ops host_reg_ops, host_dir_ops, host_special_ops, stdio_ops, path_ops,
    path_dir_ops;

static int vfs_file_is_regular(const struct file *f)
{
    return f->ops == &host_reg_ops;
}

long vfs_file_rwv(struct file *f, struct task *t, int to_fd, const struct linux_iovec *v, int n,
                  int64_t *off)
{
    long total = 0;

    if (vfs_file_is_host(f))
        return vfs_host_rw(t, f->host_fd, to_fd, v, n, off, !vfs_file_is_regular(f));
    if (f->ops->rwv && !off)
        return f->ops->rwv(f, t, to_fd, v, n);
    /* do_loop_readv_writev(): one op per segment, stopping at a short one. */
    for (int i = 0; i < n; i++) {
        int64_t pos = off ? *off + total : 0;
        long r;

        if (!v[i].iov_len)
            continue;
        r = to_fd ? f->ops->write(f, t, v[i].iov_base, v[i].iov_len, off ? &pos : NULL)
                  : f->ops->read(f, t, v[i].iov_base, v[i].iov_len, off ? &pos : NULL);
        if (r < 0)
            return total ? total : r;
        total += r;
        if ((uint64_t)r < v[i].iov_len)
            break;
    }
    return total;
}

/* ---- host-backed files ---- */

static long host_read(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct linux_iovec v = {buf, len};

    return vfs_host_rw(t, f->host_fd, 0, &v, 1, off, !vfs_file_is_regular(f));
}

static long host_write(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct linux_iovec v = {buf, len};

    return vfs_host_rw(t, f->host_fd, 1, &v, 1, off, !vfs_file_is_regular(f));
}

static long dir_read(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    (void)f, (void)t, (void)buf, (void)len, (void)off;
    return -LINUX_EISDIR;
}

static long host_lseek(struct file *f, int64_t off, int whence)
{
    off_t r;
    int hw;

    switch (whence) {
    case LINUX_SEEK_SET: hw = SEEK_SET; break;
    case LINUX_SEEK_CUR: hw = SEEK_CUR; break;
    case LINUX_SEEK_END: hw = SEEK_END; break;
    case LINUX_SEEK_DATA: hw = SEEK_DATA; break;
    case LINUX_SEEK_HOLE: hw = SEEK_HOLE; break;
    default: return -LINUX_EINVAL;
    }
    r = lseek(f->host_fd, (off_t)off, hw);
    return r < 0 ? HERR() : (long)r;
}

static long host_fstat(struct file *f, struct linux_stat *st)
{
    struct linux_statx sx;
    int r = vfs_host_statx(f->host_fd, "", AT_EMPTY_PATH, LINUX_STATX_BASIC_STATS, &sx);

    if (r < 0)
        return r;
    vfs_statx_to_stat(&sx, st);
    return 0;
}

/* FIONREAD on a regular file is size - position (do_vfs_ioctl()); nothing else applies. */
static long reg_ioctl(struct file *f, struct task *t, uint64_t req, uint64_t arg)
{
    struct linux_statx sx;
    int32_t v;
    off_t pos;
    int r;

    if (req != LINUX_FIONREAD)
        return -LINUX_ENOTTY;
    r = vfs_host_statx(f->host_fd, "", AT_EMPTY_PATH, LINUX_STATX_SIZE, &sx);
    if (r < 0)
        return r;
    pos = lseek(f->host_fd, 0, SEEK_CUR);
    if (pos < 0)
        return HERR();
    v = (int32_t)((int64_t)sx.stx_size - (int64_t)pos);
    return copy_to_user(t->mm, arg, &v, sizeof(v));
}

/*
 * Terminal requests passed to a host tty (or pipe, which answers FIONREAD) with the
 * argument sizes of the Linux ABI; anything else is ENOTTY, as for an unknown request.
 * TIOCGPGRP/TIOCSPGRP would expose host process groups: not passed.
 */
static long host_tty_ioctl(struct file *f, struct task *t, uint64_t req, uint64_t arg)
{
    union {
        struct linux_termios tio;
        struct linux_winsize ws;
        int32_t i;
        uint8_t pad[64]; /* the host kernel writes its own termios; room to spare */
    } u;
    unsigned long hreq;
    size_t size;
    int in;
    long r;

    switch (req) {
    case LINUX_TCGETS: hreq = TCGETS; size = sizeof(u.tio); in = 0; break;
    case LINUX_TCSETS: hreq = TCSETS; size = sizeof(u.tio); in = 1; break;
    case LINUX_TCSETSW: hreq = TCSETSW; size = sizeof(u.tio); in = 1; break;
    case LINUX_TCSETSF: hreq = TCSETSF; size = sizeof(u.tio); in = 1; break;
    case LINUX_TIOCGWINSZ: hreq = TIOCGWINSZ; size = sizeof(u.ws); in = 0; break;
    case LINUX_TIOCSWINSZ: hreq = TIOCSWINSZ; size = sizeof(u.ws); in = 1; break;
    case LINUX_FIONREAD: hreq = FIONREAD; size = sizeof(u.i); in = 0; break;
    default: return -LINUX_ENOTTY;
    }
    memset(&u, 0, sizeof(u));
    if (in && copy_from_user(t->mm, &u, arg, size) < 0)
        return -LINUX_EFAULT;
    r = ioctl(f->host_fd, hreq, &u);
    if (r < 0)
        return HERR();
    if (!in && copy_to_user(t->mm, arg, &u, size) < 0)
        return -LINUX_EFAULT;
    return r;
}

static const struct file_ops host_reg_ops = {
    .read = host_read,
    .write = host_write,
    .lseek = host_lseek,
    .fstat = host_fstat,
    .ioctl = reg_ioctl,
};

static const struct file_ops host_dir_ops = {
    .read = dir_read,
    .lseek = host_lseek,
    .fstat = host_fstat,
    .getdents64 = host_getdents64,
};

/* Device nodes, fifos and sockets found beneath the root. */
static const struct file_ops host_special_ops = {
    .read = host_read,
    .write = host_write,
    .lseek = host_lseek,
    .fstat = host_fstat,
    .ioctl = host_tty_ioctl,
};

/* The host's stdin/out/err: whatever they are, the host answers. */
static const struct file_ops stdio_ops = {
    .read = host_read,
    .write = host_write,
    .lseek = host_lseek,
    .fstat = host_fstat,
    .getdents64 = host_getdents64,
    .ioctl = host_tty_ioctl,
};

/* O_PATH: only fstat; the syscalls turn everything else into EBADF first. */
static const struct file_ops path_ops = {
    .fstat = host_fstat,
};

static const struct file_ops path_dir_ops = {
    .fstat = host_fstat,
};

int vfs_file_is_dir(struct file *f)
{
    struct linux_stat st;

    if (f->ops == &host_dir_ops || f->ops == &path_dir_ops)
        return 1;
    if (vfs_file_on_root(f) || f->ops == &stdio_ops || !f->ops->fstat)
        return 0;
    return f->ops->fstat(f, &st) == 0 && is_dir_mode(st.st_mode);
}

int vfs_file_on_root(const struct file *f)
{
    return f->ops == &host_reg_ops || f->ops == &host_dir_ops || f->ops == &host_special_ops ||
           f->ops == &path_ops || f->ops == &path_dir_ops;
}

int vfs_file_is_host(const struct file *f)
{
    return f->ops == &host_reg_ops || f->ops == &host_dir_ops || f->ops == &host_special_ops ||
           f->ops == &stdio_ops;
}

int vfs_setfl(struct file *f, uint32_t lflags)
{
    const uint32_t mask = LINUX_O_APPEND | LINUX_O_NONBLOCK;
    uint32_t nf = (f->flags & ~mask) | (lflags & mask);

    if (vfs_file_is_host(f) && f->host_fd >= 0) {
        int hfl = fcntl(f->host_fd, F_GETFL);

        if (hfl < 0)
            return (int)HERR();
        hfl &= ~(O_APPEND | O_NONBLOCK);
        if (nf & LINUX_O_APPEND)
            hfl |= O_APPEND;
        if (nf & LINUX_O_NONBLOCK)
            hfl |= O_NONBLOCK;
        if (fcntl(f->host_fd, F_SETFL, hfl) < 0)
            return (int)HERR();
    }
    f->flags = nf;
    return 0;
}

int vfs_init_stdio(struct fdtable *t)
{
    for (int i = 0; i < 3; i++) {
        int hfd = fcntl(i, F_DUPFD_CLOEXEC, 3), hfl;
        uint32_t lf = LINUX_O_LARGEFILE; /* what a 64-bit kernel reports for any fd */
        struct file *f;

        if (hfd < 0)
            continue; /* closed on the host: closed for the guest too */
        hfl = fcntl(hfd, F_GETFL);
        if (hfl < 0)
            hfl = O_RDWR;
        if ((hfl & O_ACCMODE) == O_WRONLY)
            lf |= LINUX_O_WRONLY;
        else if ((hfl & O_ACCMODE) == O_RDWR)
            lf |= LINUX_O_RDWR;
        if (hfl & O_APPEND)
            lf |= LINUX_O_APPEND;
        if (hfl & O_NONBLOCK)
            lf |= LINUX_O_NONBLOCK;
        f = file_alloc(&stdio_ops, hfd, lf, NULL);
        if (!f) {
            close(hfd);
            return -LINUX_ENOMEM;
        }
        fd_replace(t, i, f, 0);
    }
    return 0;
}

/* ---- resolution beneath the root ---- */

int vfs_fs_init(struct fs_context *fs, const char *root_host)
{
    int fd = open(root_host ? root_host : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);

    if (fd < 0)
        return (int)HERR();
    vfs_fs_fini(fs);
    fs->root_fd = fd;
    strcpy(fs->cwd, "/");
    return 0;
}

static int no_openat2;

/*
 * Without openat2 (qemu-user, old kernels): one openat per component with
 * O_NOFOLLOW from the root descriptor. The overlay only asks for canonical
 * paths (its walk follows symlinks itself), so refusing every symlink and ".."
 * on the way keeps the lookup beneath the root just as RESOLVE_IN_ROOT does;
 * a path that needs either is ELOOP / EXDEV here rather than resolved.
 */
static int open_beneath_nofollow(int root_fd, const char *path, int hflags)
{
    int dir = -1, fd = -1;

    for (const char *p = path;;) {
        char name[256];
        size_t n;
        int last, flags;

        while (*p == '/')
            p++;
        n = strcspn(p, "/");
        if (n == 0) {
            /* the root itself (or a trailing "/" already consumed) */
            fd = openat(dir >= 0 ? dir : root_fd, ".", (hflags & ~O_NOFOLLOW) | O_CLOEXEC);
            break;
        }
        if (n >= sizeof(name)) {
            fd = -1;
            errno = ENAMETOOLONG;
            break;
        }
        memcpy(name, p, n);
        name[n] = '\0';
        p += n;
        last = p[strspn(p, "/")] == '\0';
        if (!strcmp(name, "..")) {
            fd = -1;
            errno = EXDEV;
            break;
        }
        flags = last ? (hflags | O_NOFOLLOW) : (O_PATH | O_DIRECTORY | O_NOFOLLOW);
        if (last && *p == '/')
            flags |= O_DIRECTORY;
        fd = openat(dir >= 0 ? dir : root_fd, name, flags | O_CLOEXEC |
                                                        ((flags & O_PATH) ? 0 : O_NOCTTY));
        if (fd < 0 && errno == ENOTDIR && !last) {
            struct stat st;

            /* a symlink where a directory is needed: never followed here */
            if (fstatat(dir >= 0 ? dir : root_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                S_ISLNK(st.st_mode))
                errno = ELOOP;
        }
        if (dir >= 0)
            close(dir);
        dir = -1;
        if (fd < 0 || last)
            break;
        dir = fd;
        fd = -1;
    }
    if (dir >= 0)
        close(dir);
    return fd < 0 ? (int)HERR() : fd;
}

int vfs_host_open(struct fs_context *fs, const char *path, int hflags)
{
    struct vfs_open_how how;
    char squeezed[VFS_JOIN_MAX];

    memset(&how, 0, sizeof(how));
    how.flags = (uint64_t)(unsigned)(hflags | O_CLOEXEC | ((hflags & O_PATH) ? 0 : O_NOCTTY));
    how.resolve = VFS_RESOLVE_IN_ROOT | VFS_RESOLVE_NO_MAGICLINKS;
    if (strlen(path) >= LINUX_PATH_MAX) {
        /* A joined dir + relative path may be longer than the guest's own string. */
        if (strlen(path) >= sizeof(squeezed))
            return -LINUX_ENAMETOOLONG;
        strcpy(squeezed, path);
        if (path_squeeze(squeezed) >= LINUX_PATH_MAX)
            return -LINUX_ENAMETOOLONG;
        path = squeezed;
    }
    /* RESOLVE_IN_ROOT answers EAGAIN when a concurrent rename races a "..". */
    for (int tries = 0; tries < 32 && !no_openat2; tries++) {
        long fd = syscall(SYS_openat2, fs->root_fd, path, &how, sizeof(how));

        if (fd >= 0)
            return (int)fd;
        if (errno == ENOSYS) {
            no_openat2 = 1; /* qemu-user, kernels before 5.6 */
            break;
        }
        if (errno != EAGAIN && errno != EINTR)
            return (int)HERR();
    }
    if (no_openat2)
        return open_beneath_nofollow(fs->root_fd, path, hflags);
    return -LINUX_EAGAIN;
}

int vfs_resolve(struct task *t, int dirfd, const char *path, char *out, size_t outlen)
{
    const char *base;

    if (path[0] == '/') {
        base = NULL;
    } else if (dirfd == LINUX_AT_FDCWD) {
        base = t->fs->cwd;
    } else {
        struct file *f = fd_lookup(t->files, dirfd);

        if (!f)
            return -LINUX_EBADF;
        if (!f->path || !vfs_file_is_dir(f))
            return -LINUX_ENOTDIR;
        base = f->path;
    }
    return vfs_path_join(out, outlen, base, path);
}

long vfs_host_fd_link(int fd, char *out, size_t outlen)
{
    char lnk[64];
    ssize_t n;

    snprintf(lnk, sizeof(lnk), "/proc/self/fd/%d", fd);
    n = readlinkat(AT_FDCWD, lnk, out, outlen); /* readlinkat: the one the seccomp filter allows */
    if (n < 0)
        return (int)HERR();
    if ((size_t)n >= outlen)
        return -LINUX_ENAMETOOLONG;
    out[n] = '\0';
    return (int)n;
}

int vfs_canonical(struct fs_context *fs, int fd, char *out, size_t outlen)
{
    char root[LINUX_PATH_MAX], host[LINUX_PATH_MAX];
    const char *rest;
    int rl, hl;

    rl = (int)vfs_host_fd_link(fs->root_fd, root, sizeof(root));
    if (rl < 0)
        return rl;
    hl = (int)vfs_host_fd_link(fd, host, sizeof(host));
    if (hl < 0)
        return hl;
    /* A memfd (a program from the in-memory layers) has no path beneath the root. */
    if (host[0] != '/' || strncmp(host, "/memfd:", 7) == 0)
        return -LINUX_ENOENT;
    if (rl == 1)
        rest = host;
    else if (strncmp(host, root, (size_t)rl) == 0 && (host[rl] == '/' || host[rl] == '\0'))
        rest = host[rl] ? host + rl : "/";
    else
        return -LINUX_ENOENT; /* moved out from under the root */
    if (strlen(rest) >= outlen)
        return -LINUX_ENAMETOOLONG;
    strcpy(out, rest);
    return 0;
}

int vfs_chdir(struct task *t, const char *path)
{
    struct vnode *v = malloc(sizeof(*v));
    int r;

    if (!v)
        return -LINUX_ENOMEM;
    r = vfs_walk(t, LINUX_AT_FDCWD, path, WALK_FOLLOW, v, NULL);
    if (r < 0)
        goto out;
    if (!is_dir_mode(vnode_mode(t, v)))
        r = -LINUX_ENOTDIR;
    else
        r = vnode_permission(t, v, LINUX_X_OK);
    if (r == 0)
        strcpy(t->fs->cwd, v->path);
    vnode_release(v);
out:
    free(v);
    return r;
}

int vfs_fchdir(struct task *t, struct file *f)
{
    struct vnode *v;
    int r;

    if (!vfs_file_is_dir(f))
        return -LINUX_ENOTDIR;
    v = malloc(sizeof(*v));
    if (!v)
        return -LINUX_ENOMEM;
    r = fs_file_vnode(t, f, v);
    if (r < 0)
        goto out;
    r = vnode_permission(t, v, LINUX_X_OK);
    if (r == 0)
        strcpy(t->fs->cwd, v->path);
    vnode_release(v);
out:
    free(v);
    return r;
}

long vfs_open_flags(uint32_t flags)
{
    flags &= VALID_OPEN_FLAGS;
    if (flags & LINUX_O_PATH)
        flags &= O_PATH_FLAGS; /* O_PATH beats everything else (build_open_how()) */
    if ((flags & (LINUX_O_DIRECTORY | LINUX_O_CREAT)) == (LINUX_O_DIRECTORY | LINUX_O_CREAT))
        return -LINUX_EINVAL;
    if (flags & LINUX_O_TMPFILE_BASE) {
        if (!(flags & LINUX_O_DIRECTORY) || (flags & LINUX_O_ACCMODE) == LINUX_O_RDONLY)
            return -LINUX_EINVAL;
    }
    return (long)flags;
}

int vfs_open(struct task *t, int dirfd, const char *path, uint32_t lf, uint32_t mode,
             struct file **out)
{
    return fs_open(t, dirfd, path, lf, mode, out);
}

int vfs_statx_path(struct task *t, int dirfd, const char *path, int nofollow, int at_sync,
                   unsigned mask, struct linux_statx *out)
{
    struct vnode *v = malloc(sizeof(*v));
    struct linux_statx sx;
    int r;

    (void)at_sync, (void)mask;
    if (!v)
        return -LINUX_ENOMEM;
    r = vfs_walk(t, dirfd, path, nofollow ? 0 : WALK_FOLLOW, v, NULL);
    if (r == 0) {
        r = vnode_statx(t, v, &sx);
        vnode_release(v);
    }
    free(v);
    if (r == 0)
        vfs_statx_to_linux(&sx, out);
    return r;
}

static int host_sync_flags(int at_sync)
{
    if ((at_sync & LINUX_AT_STATX_SYNC_TYPE) == LINUX_AT_STATX_FORCE_SYNC)
        return AT_STATX_FORCE_SYNC;
    if ((at_sync & LINUX_AT_STATX_SYNC_TYPE) == LINUX_AT_STATX_DONT_SYNC)
        return AT_STATX_DONT_SYNC;
    return 0;
}

int vfs_statx_file(struct file *f, int at_sync, unsigned mask, struct linux_statx *out)
{
    struct linux_stat st;
    struct linux_statx sx;
    long r;

    if (fs_file_is_ours(f)) {
        r = fs_file_statx(f, &sx);
        if (r == 0)
            vfs_statx_to_linux(&sx, out);
        return (int)r;
    }
    if ((vfs_file_on_root(f) || vfs_file_is_host(f)) && f->host_fd >= 0) {
        r = vfs_host_statx(f->host_fd, "", AT_EMPTY_PATH | host_sync_flags(at_sync),
                           (mask & VFS_STATX_MASK) | LINUX_STATX_BASIC_STATS, &sx);
        if (r == 0)
            vfs_statx_to_linux(&sx, out);
        return (int)r;
    }
    if (!f->ops->fstat)
        return -LINUX_EBADF;
    r = f->ops->fstat(f, &st);
    if (r < 0)
        return (int)r;
    vfs_stat_to_statx(&st, out);
    return 0;
}

/* ---- links ---- */

static long put_link(char *buf, size_t buflen, const char *target)
{
    size_t n = strlen(target);

    if (n > buflen)
        n = buflen;
    memcpy(buf, target, n);
    return (long)n;
}

long vfs_readlink(struct task *t, int dirfd, const char *path, char *buf, size_t buflen)
{
    char target[LINUX_PATH_MAX];
    struct vnode *v = malloc(sizeof(*v));
    long r;

    if (!v)
        return -LINUX_ENOMEM;
    r = vfs_walk(t, dirfd, path, 0, v, NULL);
    if (r == 0) {
        r = vnode_readlink(t, v, target, sizeof(target));
        vnode_release(v);
    }
    free(v);
    return r < 0 ? r : put_link(buf, buflen, target);
}

long vfs_readlink_file(struct file *f, char *buf, size_t buflen)
{
    char target[LINUX_PATH_MAX];
    ssize_t n;

    if (fs_file_is_ours(f) && (f->flags & LINUX_O_PATH)) {
        struct vnode *v = malloc(sizeof(*v));
        long r;

        if (!v)
            return -LINUX_ENOMEM;
        r = fs_file_vnode(NULL, f, v);
        if (r == 0) {
            r = vnode_readlink(NULL, v, target, sizeof(target));
            vnode_release(v);
        }
        free(v);
        if (r == -LINUX_EINVAL)
            r = -LINUX_ENOENT; /* readlinkat(fd, "") of a non-link */
        return r < 0 ? r : put_link(buf, buflen, target);
    }
    if (!vfs_file_on_root(f))
        return -LINUX_ENOENT;
    n = readlinkat(f->host_fd, "", target, sizeof(target) - 1);
    if (n < 0)
        return HERR();
    target[n] = '\0';
    return put_link(buf, buflen, target);
}

/* ---- exec ---- */

/* 0 if guest @path (absolute or relative to cwd) is a regular file with an x bit. */
static int exec_probe(struct fs_context *fs, const char *path, struct vnode *v)
{
    char abs[VFS_JOIN_MAX];
    struct task *t;
    uint32_t mode;
    int r;

    if (!*path)
        return -LINUX_ENOENT;
    r = vfs_path_join(abs, sizeof(abs), fs->cwd, path);
    if (r < 0)
        return r;
    /* The calling task, if any, for /proc/self and the directories' search permission. */
    t = task_current();
    r = vfs_walk_abs(t, fs, abs, WALK_FOLLOW | (t ? 0 : WALK_NOPERM), v, NULL);
    if (r < 0)
        return r;
    /* /proc/<pid>/fd/N of a file in memory (fexecve of a memfd): that file's inode. */
    if (v->magic && v->pnode == FS_PNODE_MAGIC && fs_file_mnode(v->magic)) {
        struct file *f = file_get(v->magic);
        vnode_release(v);
        r = fs_file_vnode(t, f, v);
        file_put(f);
        if (r < 0)
            return r;
    }
    mode = vnode_mode(t, v);
    if ((mode & LINUX_S_IFMT) != LINUX_S_IFREG || !(mode & 0111) || v->sb->kind == FS_PROC) {
        vnode_release(v);
        return -LINUX_EACCES;
    }
    return 0;
}

/* A program of the in-memory layers, as a sealed memfd the loader can read like a file. */
static int exec_memfd(struct mnode *m)
{
    uint64_t done = 0;
    int fd, r = mnode_load(m);

    if (r < 0)
        return r;
    fd = memfd_create("ringfence-exec", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0)
        return (int)HERR();
    while (done < m->size) {
        ssize_t n = write(fd, mnode_data(m) + done, m->size - done);

        if (n <= 0) {
            close(fd);
            return n < 0 ? (int)HERR() : -LINUX_EIO;
        }
        done += (uint64_t)n;
    }
    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
    return fd;
}

int vfs_open_exec(struct fs_context *fs, const char *path)
{
    struct vnode *v = malloc(sizeof(*v));
    int r;

    if (!v)
        return -LINUX_ENOMEM;
    r = exec_probe(fs, path, v);
    if (r < 0) {
        free(v);
        return r;
    }
    if (v->m)
        r = exec_memfd(v->m);
    else
        r = ovl_open_lower(v->sb->ns, v->path, O_RDONLY | O_NOFOLLOW);
    vnode_release(v);
    free(v);
    return r;
}

int vfs_find_program(struct fs_context *fs, const char *name, const char *pathvar, char *out,
                     size_t outlen)
{
    char cand[LINUX_PATH_MAX];
    struct vnode *v;
    int eacces = 0;
    size_t nl;

    if (!name || !*name)
        return -LINUX_ENOENT;
    nl = strlen(name);
    if (strchr(name, '/')) {
        if (nl >= outlen)
            return -LINUX_ENAMETOOLONG;
        memcpy(out, name, nl + 1);
        return 0;
    }
    if (!pathvar)
        pathvar = "/usr/local/bin:/bin:/usr/bin"; /* what musl's execvp uses */
    v = malloc(sizeof(*v));
    if (!v)
        return -LINUX_ENOMEM;
    for (const char *p = pathvar;; p++) {
        size_t dl = strcspn(p, ":");
        int r;

        /* An empty element is the current directory (execvp); too long ones are skipped. */
        if (dl + 1 + nl < sizeof(cand)) {
            size_t n = 0;

            if (dl) {
                memcpy(cand, p, dl);
                n = dl;
                if (cand[n - 1] != '/')
                    cand[n++] = '/';
            }
            memcpy(cand + n, name, nl + 1);
            r = exec_probe(fs, cand, v);
            if (r == 0) {
                vnode_release(v);
                free(v);
                if (strlen(cand) >= outlen)
                    return -LINUX_ENAMETOOLONG;
                strcpy(out, cand);
                return 0;
            }
            if (r == -LINUX_EACCES)
                eacces = 1;
        }
        p += dl;
        if (!*p)
            break;
    }
    free(v);
    return eacces ? -LINUX_EACCES : -LINUX_ENOENT;
}

/* ---- host helpers for the in-memory layers ---- */

struct file *vfs_host_file(int fd, uint32_t lf, const char *path, uint32_t mode)
{
    const struct file_ops *ops;

    if (lf & LINUX_O_PATH)
        ops = is_dir_mode(mode) ? &path_dir_ops : &path_ops;
    else if (is_dir_mode(mode))
        ops = &host_dir_ops;
    else if ((mode & LINUX_S_IFMT) == LINUX_S_IFREG)
        ops = &host_reg_ops;
    else
        ops = &host_special_ops;
    return file_alloc(ops, fd, lf, path);
}

int vfs_open_host_tty(uint32_t lf, struct file **out)
{
    for (int i = 0; i < 3; i++) {
        if (isatty(i)) {
            int fd = fcntl(i, F_DUPFD_CLOEXEC, 3);
            struct file *f;

            if (fd < 0)
                return (int)HERR();
            f = file_alloc(&stdio_ops, fd, lf, "/dev/tty");
            if (!f) {
                close(fd);
                return -LINUX_ENOMEM;
            }
            *out = f;
            return 0;
        }
    }
    return -LINUX_ENXIO; /* no controlling terminal */
}

int vfs_host_fstatfs(int fd, void *buf, size_t len)
{
    struct statfs st;

    if (fstatfs(fd, &st) < 0)
        return (int)HERR();
    memcpy(buf, &st, len < sizeof(st) ? len : sizeof(st));
    return 0;
}

uint64_t vfs_host_ram(void)
{
    struct sysinfo si;

    if (sysinfo(&si) < 0)
        return 1ULL << 30;
    return (uint64_t)si.totalram * (si.mem_unit ? si.mem_unit : 1);
}
