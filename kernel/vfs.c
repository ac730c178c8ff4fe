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
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

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

int vfs_permission(uint32_t mode, uint32_t fuid, uint32_t fgid, uint32_t uid, uint32_t gid,
                   int mask)
{
    uint32_t want = (uint32_t)mask & (LINUX_R_OK | LINUX_W_OK | LINUX_X_OK), bits;

    if (uid == 0) {
        if (!(want & LINUX_X_OK) || is_dir_mode(mode) || (mode & 0111))
            return 0;
        return -LINUX_EACCES;
    }
    if (uid == fuid)
        bits = mode >> 6;
    else if (gid == fgid)
        bits = mode >> 3;
    else
        bits = mode;
    return (bits & want) == want ? 0 : -LINUX_EACCES;
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
    fs->root_fd = fd;
    strcpy(fs->cwd, "/");
    return 0;
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
    for (int tries = 0; tries < 32; tries++) {
        long fd = syscall(SYS_openat2, fs->root_fd, path, &how, sizeof(how));

        if (fd >= 0)
            return (int)fd;
        if (errno != EAGAIN && errno != EINTR)
            return (int)HERR();
    }
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

static int proc_fd_link(int fd, char *out, size_t outlen)
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

    rl = proc_fd_link(fs->root_fd, root, sizeof(root));
    if (rl < 0)
        return rl;
    hl = proc_fd_link(fd, host, sizeof(host));
    if (hl < 0)
        return hl;
    if (host[0] != '/')
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

/* getcwd(2) shows the physical path, so the cwd is kept canonical; lexical if /proc is absent. */
static int set_cwd(struct fs_context *fs, int fd, const char *fallback)
{
    char buf[LINUX_PATH_MAX];

    if (vfs_canonical(fs, fd, buf, sizeof(buf)) < 0 &&
        (!fallback || vfs_path_clean(buf, sizeof(buf), fallback) < 0))
        return -LINUX_ENAMETOOLONG;
    strcpy(fs->cwd, buf);
    return 0;
}

int vfs_chdir(struct task *t, const char *path)
{
    char abs[VFS_JOIN_MAX];
    struct linux_statx sx;
    int r, fd;

    r = vfs_resolve(t, LINUX_AT_FDCWD, path, abs, sizeof(abs));
    if (r < 0)
        return r;
    fd = vfs_host_open(t->fs, abs, O_PATH | O_DIRECTORY);
    if (fd < 0)
        return fd;
    r = vfs_host_statx(fd, "", AT_EMPTY_PATH,
                       LINUX_STATX_MODE | LINUX_STATX_UID | LINUX_STATX_GID, &sx);
    if (r == 0)
        r = vfs_permission(sx.stx_mode, sx.stx_uid, sx.stx_gid, t->euid, t->egid, LINUX_X_OK);
    if (r == 0)
        r = set_cwd(t->fs, fd, abs);
    close(fd);
    return r;
}

int vfs_fchdir(struct task *t, struct file *f)
{
    struct linux_statx sx;
    int r;

    if (!vfs_file_is_dir(f))
        return -LINUX_ENOTDIR;
    r = vfs_statx_file(f, 0, LINUX_STATX_BASIC_STATS, &sx);
    if (r == 0)
        r = vfs_permission(sx.stx_mode, sx.stx_uid, sx.stx_gid, t->euid, t->egid, LINUX_X_OK);
    if (r < 0)
        return r;
    if (vfs_file_on_root(f))
        return set_cwd(t->fs, f->host_fd, f->path);
    if (!f->path || strlen(f->path) >= sizeof(t->fs->cwd))
        return -LINUX_ENOENT;
    strcpy(t->fs->cwd, f->path);
    return 0;
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

/* The directory a path's last component is looked up in; errors as the lookup gives. */
static int probe_parent(struct fs_context *fs, const char *abs)
{
    char parent[VFS_JOIN_MAX];
    size_t n = strlen(abs);
    int fd;

    memcpy(parent, abs, n + 1);
    while (n > 1 && parent[n - 1] == '/')
        n--;
    while (n > 0 && parent[n - 1] != '/')
        n--;
    while (n > 1 && parent[n - 1] == '/')
        n--;
    parent[n ? n : 1] = '\0';
    if (!n)
        parent[0] = '/';
    fd = vfs_host_open(fs, parent, O_PATH | O_DIRECTORY);
    if (fd < 0)
        return fd;
    close(fd);
    return 0;
}

static int last_is_dir_only(const char *abs)
{
    size_t n = strlen(abs);
    const char *last;

    if (n == 0 || abs[n - 1] == '/')
        return 1;
    last = strrchr(abs, '/');
    last = last ? last + 1 : abs;
    return strcmp(last, ".") == 0 || strcmp(last, "..") == 0;
}

/*
 * What Linux answers for a writing, creating or truncating open on a read-only
 * mount (open_last_lookups(), do_open(), may_open()): lookup errors first, then
 * EEXIST, EISDIR, ELOOP, then EROFS. 0 when it is a plain read-only open after
 * all (O_RDONLY|O_CREAT of a file that exists).
 */
static int ro_open_check(struct fs_context *fs, const char *abs, uint32_t lf)
{
    int wr = (lf & LINUX_O_ACCMODE) != LINUX_O_RDONLY || (lf & LINUX_O_TRUNC);
    int excl = (lf & (LINUX_O_CREAT | LINUX_O_EXCL)) == (LINUX_O_CREAT | LINUX_O_EXCL);
    struct linux_statx sx;
    int fd, r, hf = O_PATH;

    if (lf & LINUX_O_TMPFILE_BASE) {
        fd = vfs_host_open(fs, abs, O_PATH | O_DIRECTORY);
        if (fd < 0)
            return fd;
        close(fd);
        return -LINUX_EROFS;
    }
    if ((lf & LINUX_O_CREAT) && last_is_dir_only(abs)) {
        r = probe_parent(fs, abs);
        return r < 0 ? r : -LINUX_EISDIR;
    }
    if ((lf & LINUX_O_NOFOLLOW) || excl)
        hf |= O_NOFOLLOW;
    if (lf & LINUX_O_DIRECTORY)
        hf |= O_DIRECTORY;
    fd = vfs_host_open(fs, abs, hf);
    if (fd == -LINUX_ENOENT && (lf & LINUX_O_CREAT)) {
        r = probe_parent(fs, abs);
        return r < 0 ? r : -LINUX_EROFS;
    }
    if (fd < 0)
        return fd;
    r = vfs_host_statx(fd, "", AT_EMPTY_PATH, LINUX_STATX_TYPE, &sx);
    close(fd);
    if (r < 0)
        return r;
    if (excl)
        return -LINUX_EEXIST;
    if ((sx.stx_mode & LINUX_S_IFMT) == LINUX_S_IFLNK)
        return -LINUX_ELOOP;
    if (is_dir_mode(sx.stx_mode))
        return (wr || (lf & LINUX_O_CREAT)) ? -LINUX_EISDIR : 0;
    /* Device nodes too: no host device is handed out writable (a synthesized /dev will). */
    return wr ? -LINUX_EROFS : 0;
}

static int host_read_oflags(uint32_t lf)
{
    int h = O_RDONLY;

    if (lf & LINUX_O_PATH)
        h = O_PATH;
    if (lf & LINUX_O_NONBLOCK)
        h |= O_NONBLOCK;
    if (lf & LINUX_O_DIRECTORY)
        h |= O_DIRECTORY;
    if (lf & LINUX_O_NOFOLLOW)
        h |= O_NOFOLLOW;
    return h;
}

/* The path a file keeps: cleaned; a directory reached through ".." as the kernel sees it. */
static char *file_path(struct fs_context *fs, int fd, int dir, const char *abs)
{
    char buf[LINUX_PATH_MAX];

    if (dir && vfs_path_has_dotdot(abs) && vfs_canonical(fs, fd, buf, sizeof(buf)) == 0)
        return strdup(buf);
    if (vfs_path_clean(buf, sizeof(buf), abs) < 0)
        return NULL;
    return strdup(buf);
}

int vfs_open(struct task *t, int dirfd, const char *path, uint32_t lf, struct file **out)
{
    char abs[VFS_JOIN_MAX];
    const struct file_ops *ops;
    struct linux_statx sx;
    struct file *f;
    uint32_t kept;
    char *p;
    int r, fd, dir;

    *out = NULL;
    r = vfs_resolve(t, dirfd, path, abs, sizeof(abs));
    if (r < 0)
        return r;
    if (!(lf & LINUX_O_PATH) && ((lf & LINUX_O_ACCMODE) != LINUX_O_RDONLY ||
                                 (lf & (LINUX_O_CREAT | LINUX_O_TRUNC | LINUX_O_TMPFILE_BASE)))) {
        r = ro_open_check(t->fs, abs, lf);
        if (r < 0)
            return r;
    }
    fd = vfs_host_open(t->fs, abs, host_read_oflags(lf));
    if (fd < 0)
        return fd;
    r = vfs_host_statx(fd, "", AT_EMPTY_PATH,
                       LINUX_STATX_TYPE | LINUX_STATX_MODE | LINUX_STATX_UID | LINUX_STATX_GID,
                       &sx);
    if (r == 0 && !(lf & LINUX_O_PATH))
        r = vfs_permission(sx.stx_mode, sx.stx_uid, sx.stx_gid, t->euid, t->egid, LINUX_R_OK);
    if (r < 0) {
        close(fd);
        return r;
    }
    dir = is_dir_mode(sx.stx_mode);
    if (lf & LINUX_O_PATH) {
        ops = dir ? &path_dir_ops : &path_ops;
        kept = lf & (LINUX_O_PATH | LINUX_O_DIRECTORY | LINUX_O_NOFOLLOW);
    } else {
        if (dir)
            ops = &host_dir_ops;
        else if ((sx.stx_mode & LINUX_S_IFMT) == LINUX_S_IFREG)
            ops = &host_reg_ops;
        else
            ops = &host_special_ops;
        kept = (lf & ~(LINUX_O_CREAT | LINUX_O_EXCL | LINUX_O_NOCTTY | LINUX_O_TRUNC |
                       LINUX_O_CLOEXEC)) |
               LINUX_O_LARGEFILE;
    }
    p = file_path(t->fs, fd, dir, abs);
    f = p ? file_alloc(ops, fd, kept, p) : NULL;
    free(p);
    if (!f) {
        close(fd);
        return -LINUX_ENOMEM;
    }
    *out = f;
    return 0;
}

static int host_sync_flags(int at_sync)
{
    if ((at_sync & LINUX_AT_STATX_SYNC_TYPE) == LINUX_AT_STATX_FORCE_SYNC)
        return AT_STATX_FORCE_SYNC;
    if ((at_sync & LINUX_AT_STATX_SYNC_TYPE) == LINUX_AT_STATX_DONT_SYNC)
        return AT_STATX_DONT_SYNC;
    return 0;
}

int vfs_statx_path(struct task *t, int dirfd, const char *path, int nofollow, int at_sync,
                   unsigned mask, struct linux_statx *out)
{
    char abs[VFS_JOIN_MAX];
    struct linux_statx sx;
    int r, fd;

    r = vfs_resolve(t, dirfd, path, abs, sizeof(abs));
    if (r < 0)
        return r;
    fd = vfs_host_open(t->fs, abs, O_PATH | (nofollow ? O_NOFOLLOW : 0));
    if (fd < 0)
        return fd;
    r = vfs_host_statx(fd, "", AT_EMPTY_PATH | host_sync_flags(at_sync),
                       (mask & VFS_STATX_MASK) | LINUX_STATX_BASIC_STATS, &sx);
    close(fd);
    if (r == 0)
        vfs_statx_to_linux(&sx, out);
    return r;
}

int vfs_statx_file(struct file *f, int at_sync, unsigned mask, struct linux_statx *out)
{
    struct linux_stat st;
    struct linux_statx sx;
    long r;

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

/*
 * /proc is still the host's, i.e. the runtime's: answer the links programs rely
 * on from the guest's state, and do not show the runtime's own paths for the
 * magic links an O_PATH|O_NOFOLLOW open still reaches. -LINUX_ENOSYS: not one of them.
 */
static long proc_self_link(struct task *t, const char *clean, char *buf, size_t buflen)
{
    char self[32], tmp[LINUX_PATH_MAX];
    const char *rest;
    size_t sl;
    int fd;

    if (strcmp(clean, "/proc/self") == 0) {
        snprintf(tmp, sizeof(tmp), "%d", t->pid);
        return put_link(buf, buflen, tmp);
    }
    if (strcmp(clean, "/proc/thread-self") == 0) {
        snprintf(tmp, sizeof(tmp), "%d/task/%d", t->pid, t->tid);
        return put_link(buf, buflen, tmp);
    }
    if (strncmp(clean, "/proc/self/", 11) == 0) {
        rest = clean + 11;
    } else {
        snprintf(self, sizeof(self), "/proc/%d/", t->pid);
        sl = strlen(self);
        if (strncmp(clean, self, sl) != 0)
            return -LINUX_ENOSYS;
        rest = clean + sl;
    }
    if (strcmp(rest, "exe") == 0) {
        const char *exe = task_exe_path(t);

        return exe ? put_link(buf, buflen, exe) : -LINUX_ENOENT;
    }
    if (strcmp(rest, "cwd") == 0)
        return put_link(buf, buflen, t->fs->cwd);
    if (strcmp(rest, "root") == 0)
        return put_link(buf, buflen, "/");
    if (strncmp(rest, "fd/", 3) == 0 && rest[3] >= '0' && rest[3] <= '9') {
        char *end;
        long n = strtol(rest + 3, &end, 10);
        struct file *f;

        if (*end || n >= FDTABLE_MAX)
            return -LINUX_ENOENT;
        fd = (int)n;
        f = fd_lookup(t->files, fd);
        if (!f)
            return -LINUX_ENOENT;
        if (vfs_file_on_root(f) && vfs_canonical(t->fs, f->host_fd, tmp, sizeof(tmp)) == 0)
            return put_link(buf, buflen, tmp);
        if (f->path)
            return put_link(buf, buflen, f->path);
        if (f->host_fd >= 0 && proc_fd_link(f->host_fd, tmp, sizeof(tmp)) >= 0)
            return put_link(buf, buflen, tmp); /* "pipe:[…]", "/dev/pts/0" */
        return -LINUX_ENOENT;
    }
    return -LINUX_ENOSYS;
}

long vfs_readlink(struct task *t, int dirfd, const char *path, char *buf, size_t buflen)
{
    char abs[VFS_JOIN_MAX], clean[LINUX_PATH_MAX], target[LINUX_PATH_MAX];
    struct linux_statx sx;
    ssize_t n;
    long r;
    int fd;

    r = vfs_resolve(t, dirfd, path, abs, sizeof(abs));
    if (r < 0)
        return r;
    if (vfs_path_clean(clean, sizeof(clean), abs) >= 0) {
        r = proc_self_link(t, clean, buf, buflen);
        if (r != -LINUX_ENOSYS)
            return r;
    }
    fd = vfs_host_open(t->fs, abs, O_PATH | O_NOFOLLOW);
    if (fd < 0)
        return fd;
    r = vfs_host_statx(fd, "", AT_EMPTY_PATH, LINUX_STATX_TYPE, &sx);
    if (r == 0 && (sx.stx_mode & LINUX_S_IFMT) != LINUX_S_IFLNK)
        r = -LINUX_EINVAL;
    if (r == 0) {
        n = readlinkat(fd, "", target, sizeof(target) - 1);
        if (n < 0) {
            r = HERR();
        } else {
            target[n] = '\0';
            r = put_link(buf, buflen, target);
        }
    }
    close(fd);
    return r;
}

long vfs_readlink_file(struct file *f, char *buf, size_t buflen)
{
    char target[LINUX_PATH_MAX];
    ssize_t n;

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
static int exec_probe(struct fs_context *fs, const char *path, struct linux_statx *sx)
{
    char abs[VFS_JOIN_MAX];
    int r, fd;

    if (!*path)
        return -LINUX_ENOENT;
    r = vfs_path_join(abs, sizeof(abs), fs->cwd, path);
    if (r < 0)
        return r;
    fd = vfs_host_open(fs, abs, O_PATH);
    if (fd < 0)
        return fd;
    r = vfs_host_statx(fd, "", AT_EMPTY_PATH,
                       LINUX_STATX_TYPE | LINUX_STATX_MODE | LINUX_STATX_INO, sx);
    close(fd);
    if (r < 0)
        return r;
    if ((sx->stx_mode & LINUX_S_IFMT) != LINUX_S_IFREG || !(sx->stx_mode & 0111))
        return -LINUX_EACCES;
    return 0;
}

int vfs_open_exec(struct fs_context *fs, const char *path)
{
    char abs[VFS_JOIN_MAX];
    struct linux_statx a, b;
    int r, fd;

    /* Checked through O_PATH first: opening a fifo or device to read could block or act. */
    r = exec_probe(fs, path, &a);
    if (r < 0)
        return r;
    r = vfs_path_join(abs, sizeof(abs), fs->cwd, path);
    if (r < 0)
        return r;
    fd = vfs_host_open(fs, abs, O_RDONLY);
    if (fd < 0)
        return fd;
    r = vfs_host_statx(fd, "", AT_EMPTY_PATH, LINUX_STATX_TYPE | LINUX_STATX_INO, &b);
    if (r == 0 && (b.stx_ino != a.stx_ino || b.stx_dev_major != a.stx_dev_major ||
                   b.stx_dev_minor != a.stx_dev_minor))
        r = -LINUX_EACCES; /* replaced in between */
    if (r < 0) {
        close(fd);
        return r;
    }
    return fd;
}

int vfs_find_program(struct fs_context *fs, const char *name, const char *pathvar, char *out,
                     size_t outlen)
{
    char cand[LINUX_PATH_MAX];
    struct linux_statx sx;
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
            r = exec_probe(fs, cand, &sx);
            if (r == 0) {
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
    return eacces ? -LINUX_EACCES : -LINUX_ENOENT;
}
