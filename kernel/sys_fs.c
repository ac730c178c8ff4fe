/* SPDX-License-Identifier: MIT */
/* kernel/sys_fs.c: the file and directory syscalls, argument checks in Linux's order. */
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <sys/sendfile.h>

#include "cred.h"
#include "inotify.h"
#include "locks.h"
#include "pipe.h"
#include "signal.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"
#include "vfs.h"


/* fd arguments are unsigned int, dirfd and flags int: the upper register half is ignored. */
static int fd_arg(uint64_t v)
{
    return (int)(uint32_t)v;
}

/* fdget_raw(): any open file, O_PATH included. A reference, so a racing close cannot free it. */
static struct file *fget_raw(struct task *t, int fd)
{
    struct file *f = fd_lookup(t->files, fd);

    return f ? file_get(f) : NULL;
}

/* fdget(): O_PATH files do not count for I/O, ioctl, lseek or getdents. */
static struct file *fget_io(struct task *t, int fd)
{
    struct file *f = fd_lookup(t->files, fd);

    if (!f || (f->flags & LINUX_O_PATH))
        return NULL;
    return file_get(f);
}

/* access_ok(): the range must lie in the user half, mapped or not. */
static int range_ok(uaddr_t addr, uint64_t len)
{
    uint64_t max = arch_user_max();

    return len <= max && addr <= max - len;
}

/* getname(): a path of at most PATH_MAX bytes with its NUL; "" is ENOENT. */
static long get_path(struct task *t, uaddr_t addr, char *buf)
{
    long n = strncpy_from_user(t->mm, buf, addr, LINUX_PATH_MAX);

    if (n == 0)
        return -LINUX_ENOENT;
    return n;
}

/* ---- read and write ---- */

/*
 * A write to a pipe with no reader raises SIGPIPE as well (fs/pipe.c:
 * pipe_write). The sandbox's sockets decide for themselves: only a stream's
 * EPIPE comes with the signal (unix_stream_sendmsg()).
 */
static long check_epipe(struct task *t, struct file *f, long r)
{
    if (r == -LINUX_EPIPE && !sock_signals_itself(f))
        signal_send(t, LINUX_SIGPIPE);
    return r;
}

static long do_rw(struct task *t, uint64_t fdv, uaddr_t buf, uint64_t len, int64_t *off,
                  int to_fd)
{
    struct file *f = fget_io(t, fd_arg(fdv));
    long r;

    if (!f)
        return -LINUX_EBADF;
    if (!(to_fd ? file_can_write(f) : file_can_read(f)))
        r = -LINUX_EBADF;
    else if (!(to_fd ? f->ops->write : f->ops->read))
        r = -LINUX_EINVAL;
    else if (!range_ok(buf, len))
        r = -LINUX_EFAULT;
    else {
        if (len > VFS_MAX_RW_COUNT)
            len = VFS_MAX_RW_COUNT;
        r = to_fd ? f->ops->write(f, t, buf, len, off) : f->ops->read(f, t, buf, len, off);
        if (r > 0) /* fsnotify_modify(), fsnotify_access() */
            inotify_file(t, f, to_fd ? LINUX_IN_MODIFY : LINUX_IN_ACCESS);
    }
    if (to_fd)
        r = check_epipe(t, f, r);
    file_put(f);
    return r;
}

SYS(read)
{
    return do_rw(t, a[0], a[1], a[2], NULL, 0);
}

SYS(write)
{
    return do_rw(t, a[0], a[1], a[2], NULL, 1);
}

SYS(pread64)
{
    int64_t off = (int64_t)a[3];

    if (off < 0)
        return -LINUX_EINVAL;
    return do_rw(t, a[0], a[1], a[2], &off, 0);
}

SYS(pwrite64)
{
    int64_t off = (int64_t)a[3];

    if (off < 0)
        return -LINUX_EINVAL;
    return do_rw(t, a[0], a[1], a[2], &off, 1);
}

/* import_iovec() then do_iter_read/write(): vector checks come before the mode checks. */
static long do_rwv(struct task *t, const uint64_t a[6], int to_fd)
{
    struct file *f = fget_io(t, fd_arg(a[0]));
    uint64_t cnt = a[2], total = 0;
    struct linux_iovec *v = NULL;
    long r;

    if (!f)
        return -LINUX_EBADF;
    if (cnt > LINUX_UIO_MAXIOV) {
        r = -LINUX_EINVAL;
        goto out;
    }
    if (cnt) {
        v = malloc(cnt * sizeof(*v));
        if (!v) {
            r = -LINUX_ENOMEM;
            goto out;
        }
        if (copy_from_user(t->mm, v, a[1], cnt * sizeof(*v)) < 0) {
            r = -LINUX_EFAULT;
            goto out;
        }
    }
    for (uint64_t i = 0; i < cnt; i++) {
        if ((int64_t)v[i].iov_len < 0) {
            r = -LINUX_EINVAL;
            goto out;
        }
        if (!range_ok(v[i].iov_base, v[i].iov_len)) {
            r = -LINUX_EFAULT;
            goto out;
        }
        /* The total is cut to MAX_RW_COUNT, the segments past it to nothing. */
        if (v[i].iov_len > VFS_MAX_RW_COUNT - total)
            v[i].iov_len = VFS_MAX_RW_COUNT - total;
        total += v[i].iov_len;
    }
    if (!(to_fd ? file_can_write(f) : file_can_read(f)))
        r = -LINUX_EBADF;
    else if (!(to_fd ? f->ops->write : f->ops->read))
        r = -LINUX_EINVAL;
    else if (total == 0)
        r = 0;
    else
        r = vfs_file_rwv(f, t, to_fd, v, (int)cnt, NULL);
    if (r > 0)
        inotify_file(t, f, to_fd ? LINUX_IN_MODIFY : LINUX_IN_ACCESS);
out:
    free(v);
    if (to_fd)
        r = check_epipe(t, f, r);
    file_put(f);
    return r;
}

SYS(readv)
{
    return do_rwv(t, a, 0);
}

SYS(writev)
{
    return do_rwv(t, a, 1);
}

SYS(lseek)
{
    struct file *f = fget_io(t, fd_arg(a[0]));
    uint32_t whence = (uint32_t)a[2];
    long r;

    if (!f)
        return -LINUX_EBADF;
    if (whence > LINUX_SEEK_HOLE)
        r = -LINUX_EINVAL;
    else if (!f->ops->lseek)
        r = -LINUX_ESPIPE;
    else
        r = f->ops->lseek(f, (int64_t)a[1], (int)whence);
    file_put(f);
    return r;
}

SYS(close)
{
    return fd_close(t->files, fd_arg(a[0]));
}

/* include/uapi/linux/close_range.h */
#define CLOSE_RANGE_UNSHARE (1U << 1)
#define CLOSE_RANGE_CLOEXEC (1U << 2)

/*
 * close_range(2) as fs/file.c's: bad flags or first > last is EINVAL, then every
 * open descriptor in the range is closed (or marked close-on-exec). UNSHARE
 * has nothing to do: no two tasks here share a descriptor table.
 */
SYS(close_range)
{
    uint32_t first = (uint32_t)a[0], last = (uint32_t)a[1], flags = (uint32_t)a[2];

    if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
        return -LINUX_EINVAL;
    if (first > last)
        return -LINUX_EINVAL;
    struct fdtable *ft = t->files;
    for (int64_t fd = first; fd <= last && fd < ft->size; fd++) {
        if (!ft->fd[fd])
            continue;
        if (flags & CLOSE_RANGE_CLOEXEC)
            ft->cloexec[fd] = 1;
        else
            fd_close(ft, (int)fd);
    }
    return 0;
}

/* ---- open ---- */

static long do_openat(struct task *t, int dirfd, uaddr_t upath, uint32_t flags, uint32_t mode)
{
    char path[LINUX_PATH_MAX];
    struct file *f;
    long lf = vfs_open_flags(flags), r;

    if (lf < 0)
        return lf;
    r = get_path(t, upath, path);
    if (r < 0)
        return r;
    r = vfs_open(t, dirfd, path, (uint32_t)lf, mode, &f);
    if (r < 0)
        return r;
    inotify_file(t, f, LINUX_IN_OPEN); /* fsnotify_open() */
    r = fd_install(t->files, f, 0, (lf & LINUX_O_CLOEXEC) != 0);
    if (r < 0)
        file_put(f);
    return r;
}

SYS(openat)
{
    return do_openat(t, fd_arg(a[0]), a[1], (uint32_t)a[2], (uint32_t)a[3]);
}

SYS(open)
{
    return do_openat(t, LINUX_AT_FDCWD, a[0], (uint32_t)a[1], (uint32_t)a[2]);
}

SYS(creat)
{
    return do_openat(t, LINUX_AT_FDCWD, a[0], LINUX_O_CREAT | LINUX_O_WRONLY | LINUX_O_TRUNC,
                     (uint32_t)a[1]);
}

/* ---- stat ---- */

SYS(fstat)
{
    struct file *f = fget_raw(t, fd_arg(a[0]));
    struct linux_stat st;
    long r;

    if (!f)
        return -LINUX_EBADF;
    r = f->ops->fstat ? f->ops->fstat(f, &st) : -LINUX_EBADF;
    if (r == 0 && copy_to_user(t->mm, a[1], &st, sizeof(st)) < 0)
        r = -LINUX_EFAULT;
    file_put(f);
    return r;
}

/*
 * The lookup shared by newfstatat and statx. AT_EMPTY_PATH with "" (or, since
 * Linux 6.11, a NULL path) means the dirfd itself, or the cwd for AT_FDCWD.
 */
static long statx_common(struct task *t, int dirfd, uaddr_t upath, int flags, unsigned mask,
                         struct linux_statx *sx)
{
    char path[LINUX_PATH_MAX];
    struct file *f;
    long r = 0;

    path[0] = '\0';
    if (upath || !(flags & LINUX_AT_EMPTY_PATH))
        r = strncpy_from_user(t->mm, path, upath, LINUX_PATH_MAX);
    if (r < 0)
        return r;
    if (path[0])
        return vfs_statx_path(t, dirfd, path, flags & LINUX_AT_SYMLINK_NOFOLLOW,
                              flags & LINUX_AT_STATX_SYNC_TYPE, mask, sx);
    if (!(flags & LINUX_AT_EMPTY_PATH))
        return -LINUX_ENOENT;
    if (dirfd == LINUX_AT_FDCWD)
        return vfs_statx_path(t, dirfd, ".", 0, flags & LINUX_AT_STATX_SYNC_TYPE, mask, sx);
    f = fget_raw(t, dirfd);
    if (!f)
        return -LINUX_EBADF;
    r = vfs_statx_file(f, flags & LINUX_AT_STATX_SYNC_TYPE, mask, sx);
    file_put(f);
    return r;
}

#define STAT_FLAGS                                                                                 \
    (LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_NO_AUTOMOUNT | LINUX_AT_EMPTY_PATH |                     \
     LINUX_AT_STATX_SYNC_TYPE)

static long do_fstatat(struct task *t, int dirfd, uaddr_t upath, uaddr_t ubuf, int flags)
{
    struct linux_statx sx;
    struct linux_stat st;
    long r;

    if (flags & ~STAT_FLAGS)
        return -LINUX_EINVAL;
    r = statx_common(t, dirfd, upath, flags, LINUX_STATX_BASIC_STATS, &sx);
    if (r < 0)
        return r;
    vfs_statx_to_stat(&sx, &st);
    return copy_to_user(t->mm, ubuf, &st, sizeof(st)) < 0 ? -LINUX_EFAULT : 0;
}

SYS(newfstatat)
{
    return do_fstatat(t, fd_arg(a[0]), a[1], a[2], (int)(uint32_t)a[3]);
}

SYS(stat)
{
    return do_fstatat(t, LINUX_AT_FDCWD, a[0], a[1], 0);
}

SYS(lstat)
{
    return do_fstatat(t, LINUX_AT_FDCWD, a[0], a[1], LINUX_AT_SYMLINK_NOFOLLOW);
}

SYS(statx)
{
    int flags = (int)(uint32_t)a[2];
    unsigned mask = (unsigned)a[3];
    struct linux_statx sx;
    long r;

    if (flags & ~STAT_FLAGS)
        return -LINUX_EINVAL;
    if ((flags & LINUX_AT_STATX_SYNC_TYPE) == LINUX_AT_STATX_SYNC_TYPE)
        return -LINUX_EINVAL;
    if (mask & LINUX_STATX__RESERVED)
        return -LINUX_EINVAL;
    r = statx_common(t, fd_arg(a[0]), a[1], flags, mask, &sx);
    if (r < 0)
        return r;
    return copy_to_user(t->mm, a[4], &sx, sizeof(sx)) < 0 ? -LINUX_EFAULT : 0;
}

/* ---- directories and links ---- */

SYS(getdents64)
{
    struct file *f = fget_io(t, fd_arg(a[0]));
    long r;

    if (!f)
        return -LINUX_EBADF;
    if (!f->ops->getdents64)
        r = -LINUX_ENOTDIR;
    else
        r = f->ops->getdents64(f, t, a[1], (uint32_t)a[2]);
    if (r >= 0)
        inotify_file(t, f, LINUX_IN_ACCESS); /* iterate_dir(): every read of the directory */
    file_put(f);
    return r;
}

static long do_readlinkat(struct task *t, int dirfd, uaddr_t upath, uaddr_t ubuf, int bufsiz)
{
    char path[LINUX_PATH_MAX], target[LINUX_PATH_MAX];
    size_t cap;
    long r;

    if (bufsiz <= 0)
        return -LINUX_EINVAL;
    cap = (size_t)bufsiz < sizeof(target) ? (size_t)bufsiz : sizeof(target);
    r = strncpy_from_user(t->mm, path, upath, LINUX_PATH_MAX);
    if (r < 0)
        return r;
    if (r > 0) {
        r = vfs_readlink(t, dirfd, path, target, cap);
    } else if (dirfd == LINUX_AT_FDCWD) {
        r = -LINUX_ENOENT; /* "" names the cwd, not a symlink */
    } else {
        /* "": the dirfd itself, an O_PATH descriptor of a symlink. */
        struct file *f = fget_raw(t, dirfd);

        if (!f)
            return -LINUX_EBADF;
        r = vfs_readlink_file(f, target, cap);
        file_put(f);
    }
    if (r > 0 && copy_to_user(t->mm, ubuf, target, (size_t)r) < 0)
        r = -LINUX_EFAULT;
    return r;
}

SYS(readlinkat)
{
    return do_readlinkat(t, fd_arg(a[0]), a[1], a[2], (int)(uint32_t)a[3]);
}

SYS(readlink)
{
    return do_readlinkat(t, LINUX_AT_FDCWD, a[0], a[1], (int)(uint32_t)a[2]);
}

/*
 * access(2) checks with the real ids, AT_EACCESS with the effective ones. The
 * overlay root is writable (into memory), so W_OK is a plain permission check.
 */
static long do_faccessat(struct task *t, int dirfd, uaddr_t upath, uint32_t mode, uint32_t flags)
{
    const unsigned mask = LINUX_STATX_TYPE | LINUX_STATX_MODE | LINUX_STATX_UID | LINUX_STATX_GID;
    char path[LINUX_PATH_MAX];
    struct linux_statx sx;
    uint32_t uid, gid;
    long r;

    if (mode & ~(uint32_t)(LINUX_R_OK | LINUX_W_OK | LINUX_X_OK))
        return -LINUX_EINVAL;
    if (flags & ~(uint32_t)(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EACCESS | LINUX_AT_EMPTY_PATH))
        return -LINUX_EINVAL;
    r = strncpy_from_user(t->mm, path, upath, LINUX_PATH_MAX);
    if (r < 0)
        return r;
    if (r > 0) {
        r = vfs_statx_path(t, dirfd, path, flags & LINUX_AT_SYMLINK_NOFOLLOW, 0, mask, &sx);
    } else if (!(flags & LINUX_AT_EMPTY_PATH)) {
        return -LINUX_ENOENT;
    } else if (dirfd == LINUX_AT_FDCWD) {
        r = vfs_statx_path(t, dirfd, ".", 0, 0, mask, &sx);
    } else {
        struct file *f = fget_raw(t, dirfd);

        if (!f)
            return -LINUX_EBADF;
        r = vfs_statx_file(f, 0, mask, &sx);
        file_put(f);
    }
    if (r < 0)
        return r;
    if (mode == LINUX_F_OK)
        return 0;
    /* access() checks with the real ids (do_faccessat()'s override), AT_EACCESS with the fs ids. */
    uid = (flags & LINUX_AT_EACCESS) ? t->fsuid : t->uid;
    gid = (flags & LINUX_AT_EACCESS) ? t->fsgid : t->gid;
    return vfs_permission_caps(sx.stx_mode, sx.stx_uid, sx.stx_gid, uid,
                               cred_gid_for(t, gid, sx.stx_gid),
                               cred_dac_caps(t, !(flags & LINUX_AT_EACCESS)), (int)mode);
}

SYS(faccessat)
{
    return do_faccessat(t, fd_arg(a[0]), a[1], (uint32_t)a[2], 0);
}

SYS(faccessat2)
{
    return do_faccessat(t, fd_arg(a[0]), a[1], (uint32_t)a[2], (uint32_t)a[3]);
}

SYS(access)
{
    return do_faccessat(t, LINUX_AT_FDCWD, a[0], (uint32_t)a[1], 0);
}

/* ---- descriptors ---- */

static int dup_from(struct task *t, struct file *f, uint32_t min, int cloexec)
{
    int r = fd_install(t->files, file_get(f), (int)min, cloexec);

    if (r < 0)
        file_put(f);
    return r;
}

SYS(fcntl)
{
    int fd = fd_arg(a[0]);
    uint32_t cmd = (uint32_t)a[1];
    struct file *f = fd_lookup(t->files, fd);

    if (!f)
        return -LINUX_EBADF;
    /* check_fcntl_cmd(): what an O_PATH descriptor allows. */
    if ((f->flags & LINUX_O_PATH) && cmd != LINUX_F_DUPFD && cmd != LINUX_F_DUPFD_CLOEXEC &&
        cmd != LINUX_F_GETFD && cmd != LINUX_F_SETFD && cmd != LINUX_F_GETFL)
        return -LINUX_EBADF;
    switch (cmd) {
    case LINUX_F_DUPFD:
    case LINUX_F_DUPFD_CLOEXEC:
        /* f_dupfd() takes an unsigned int: a negative minimum is past the limit. */
        if ((uint32_t)a[2] >= (uint32_t)fdtable_limit(t->files))
            return -LINUX_EINVAL;
        return dup_from(t, f, (uint32_t)a[2], cmd == LINUX_F_DUPFD_CLOEXEC);
    case LINUX_F_GETFD:
        return t->files->cloexec[fd] ? LINUX_FD_CLOEXEC : 0;
    case LINUX_F_SETFD:
        t->files->cloexec[fd] = (a[2] & LINUX_FD_CLOEXEC) != 0;
        return 0;
    case LINUX_F_GETFL:
        return f->flags;
    case LINUX_F_SETFL:
        return vfs_setfl(f, (uint32_t)a[2]);
    case LINUX_F_GETPIPE_SZ:
        return pipe_size(f);
    case LINUX_F_ADD_SEALS:
    case LINUX_F_GET_SEALS:
        return vfs_file_seals(f, cmd == LINUX_F_ADD_SEALS, (uint32_t)a[2]);
    case LINUX_F_GETLK:
    case LINUX_F_SETLK:
    case LINUX_F_SETLKW:
    case LINUX_F_OFD_GETLK:
    case LINUX_F_OFD_SETLK:
    case LINUX_F_OFD_SETLKW:
        return locks_fcntl(t, f, cmd, a[2]);
    default:
        return -LINUX_EINVAL;
    }
}

SYS(ioctl)
{
    int fd = fd_arg(a[0]);
    uint32_t cmd = (uint32_t)a[1];
    struct file *f = fget_io(t, fd);
    int32_t on;
    long r;

    if (!f)
        return -LINUX_EBADF;
    /* do_vfs_ioctl(): requests every file answers, before the file's own. */
    switch (cmd) {
    case LINUX_FIOCLEX:
        t->files->cloexec[fd] = 1;
        r = 0;
        break;
    case LINUX_FIONCLEX:
        t->files->cloexec[fd] = 0;
        r = 0;
        break;
    case LINUX_FIONBIO:
        if (copy_from_user(t->mm, &on, a[2], sizeof(on)) < 0)
            r = -LINUX_EFAULT;
        else
            r = vfs_setfl(f, on ? f->flags | LINUX_O_NONBLOCK : f->flags & ~LINUX_O_NONBLOCK);
        break;
    default:
        r = f->ops->ioctl ? f->ops->ioctl(f, t, cmd, a[2]) : -LINUX_ENOTTY;
        break;
    }
    file_put(f);
    return r;
}

SYS(dup)
{
    struct file *f = fd_lookup(t->files, fd_arg(a[0]));

    return f ? dup_from(t, f, 0, 0) : -LINUX_EBADF;
}

static long do_dup3(struct task *t, int oldfd, uint32_t newfd, uint32_t flags)
{
    struct file *f;

    if (flags & ~(uint32_t)LINUX_O_CLOEXEC)
        return -LINUX_EINVAL;
    if ((uint32_t)oldfd == newfd)
        return -LINUX_EINVAL;
    if (newfd >= (uint32_t)fdtable_limit(t->files))
        return -LINUX_EBADF;
    f = fd_lookup(t->files, oldfd);
    if (!f)
        return -LINUX_EBADF;
    return fd_replace(t->files, (int)newfd, file_get(f), (flags & LINUX_O_CLOEXEC) != 0);
}

SYS(dup2)
{
    int oldfd = fd_arg(a[0]);

    if ((uint32_t)a[0] == (uint32_t)a[1])
        return fd_lookup(t->files, oldfd) ? oldfd : -LINUX_EBADF;
    return do_dup3(t, oldfd, (uint32_t)a[1], 0);
}

SYS(dup3)
{
    return do_dup3(t, fd_arg(a[0]), (uint32_t)a[1], (uint32_t)a[2]);
}

/* ---- working directory ---- */

SYS(getcwd)
{
    size_t len = strlen(t->fs->cwd) + 1;

    if (len > a[1])
        return -LINUX_ERANGE;
    if (copy_to_user(t->mm, a[0], t->fs->cwd, len) < 0)
        return -LINUX_EFAULT;
    return (long)len;
}

SYS(chdir)
{
    char path[LINUX_PATH_MAX];
    long r = get_path(t, a[0], path);

    if (r < 0)
        return r;
    return vfs_chdir(t, path);
}

SYS(fchdir)
{
    struct file *f = fget_raw(t, fd_arg(a[0]));
    long r;

    if (!f)
        return -LINUX_EBADF;
    r = vfs_fchdir(t, f);
    file_put(f);
    return r;
}

/*
 * sendfile(2) between two host-backed files is the host's own sendfile, so the
 * bytes never pass through the runtime. Other kinds answer EINVAL, as Linux does
 * for files without splice support, and callers (busybox cat) fall back to read.
 */
SYS(sendfile)
{
    struct file *out = fget_io(t, fd_arg(a[0]));
    struct file *in = fget_io(t, fd_arg(a[1]));
    uint64_t count = a[3] > VFS_MAX_RW_COUNT ? VFS_MAX_RW_COUNT : a[3];
    int64_t off = 0;
    long r;

    if (!out || !in || !file_can_read(in) || !file_can_write(out))
        r = -LINUX_EBADF;
    else if (a[2] && copy_from_user(t->mm, &off, a[2], sizeof(off)) < 0)
        r = -LINUX_EFAULT;
    else if (a[2] && off < 0)
        r = -LINUX_EINVAL;
    else if (!vfs_file_is_host(in) || !vfs_file_is_host(out) || (out->flags & LINUX_O_APPEND))
        r = -LINUX_EINVAL;
    else {
        off_t hoff = (off_t)off;
        ssize_t n = sendfile(out->host_fd, in->host_fd, a[2] ? &hoff : NULL, count);
        r = n < 0 ? vfs_host_err(errno) : (long)n;
        if (n >= 0 && a[2] && copy_to_user(t->mm, a[2], &(int64_t){hoff}, sizeof(int64_t)) < 0)
            r = -LINUX_EFAULT;
    }
    if (out) {
        r = check_epipe(t, out, r);
        file_put(out);
    }
    if (in)
        file_put(in);
    return r;
}

/*
 * copy_file_range(2) with the checks of fs/read_write.c in their order. Every
 * file a guest can write lives in the sandbox's own memory, apart from the
 * host files it reads, so no in-kernel copy between two files on one
 * filesystem is offered: the answer is EXDEV, as Linux (5.19+) gives for two
 * filesystems, and callers (cp, install) copy by read and write instead.
 */
SYS(copy_file_range)
{
    struct file *in = NULL, *out = NULL;
    int64_t pos;
    struct linux_stat st_in, st_out;
    long r = 0;

    if (a[5])
        return -LINUX_EINVAL;
    in = fget_io(t, fd_arg(a[0]));
    out = in ? fget_io(t, fd_arg(a[2])) : NULL;
    if (!in || !out)
        r = -LINUX_EBADF;
    else if ((a[1] && copy_from_user(t->mm, &pos, a[1], sizeof(pos)) < 0) ||
             (a[3] && copy_from_user(t->mm, &pos, a[3], sizeof(pos)) < 0))
        r = -LINUX_EFAULT;
    else {
        uint32_t ti = file_type(in, &st_in), to = file_type(out, &st_out);
        if (ti == LINUX_S_IFDIR || to == LINUX_S_IFDIR)
            r = -LINUX_EISDIR;
        else if (ti != LINUX_S_IFREG || to != LINUX_S_IFREG)
            r = -LINUX_EINVAL;
        else if (!file_can_read(in) || !file_can_write(out) || (out->flags & LINUX_O_APPEND))
            r = -LINUX_EBADF;
        else
            r = -LINUX_EXDEV;
    }
    if (in)
        file_put(in);
    if (out)
        file_put(out);
    return r;
}

static long do_pipe2(struct task *t, uaddr_t ufds, uint64_t flags)
{
    struct file *rd, *wr;
    if (flags & ~(uint64_t)(LINUX_O_CLOEXEC | LINUX_O_NONBLOCK | LINUX_O_DIRECT))
        return -LINUX_EINVAL;
    long r = pipe_create((unsigned)flags, &rd, &wr);
    if (r < 0)
        return r;
    int cloexec = (flags & LINUX_O_CLOEXEC) != 0;
    int fds[2];
    fds[0] = fd_install(t->files, rd, 0, cloexec);
    if (fds[0] < 0) {
        file_put(rd);
        file_put(wr);
        return fds[0];
    }
    fds[1] = fd_install(t->files, wr, 0, cloexec);
    if (fds[1] < 0) {
        fd_close(t->files, fds[0]);
        file_put(wr);
        return fds[1];
    }
    if (copy_to_user(t->mm, ufds, fds, sizeof(fds)) < 0) {
        fd_close(t->files, fds[0]);
        fd_close(t->files, fds[1]);
        return -LINUX_EFAULT;
    }
    return 0;
}

SYS(pipe2)
{
    return do_pipe2(t, a[0], a[1]);
}

SYS(pipe)
{
    return do_pipe2(t, a[0], 0);
}

/* ---- the namespace: create, remove, rename, link ---- */

SYS(mkdirat)
{
    char path[LINUX_PATH_MAX];
    long r = get_path(t, a[1], path);

    return r < 0 ? r : vfs_mkdir(t, fd_arg(a[0]), path, (uint32_t)a[2]);
}

SYS(mkdir)
{
    char path[LINUX_PATH_MAX];
    long r = get_path(t, a[0], path);

    return r < 0 ? r : vfs_mkdir(t, LINUX_AT_FDCWD, path, (uint32_t)a[1]);
}

SYS(mknodat)
{
    char path[LINUX_PATH_MAX];
    long r = get_path(t, a[1], path);

    return r < 0 ? r : vfs_mknod(t, fd_arg(a[0]), path, (uint32_t)a[2], (uint32_t)a[3]);
}

SYS(mknod)
{
    char path[LINUX_PATH_MAX];
    long r = get_path(t, a[0], path);

    return r < 0 ? r : vfs_mknod(t, LINUX_AT_FDCWD, path, (uint32_t)a[1], (uint32_t)a[2]);
}

static long do_unlinkat(struct task *t, int dirfd, uaddr_t upath, uint32_t flags)
{
    char path[LINUX_PATH_MAX];
    long r;

    if (flags & ~(uint32_t)LINUX_AT_REMOVEDIR)
        return -LINUX_EINVAL;
    r = get_path(t, upath, path);
    return r < 0 ? r : vfs_unlink(t, dirfd, path, (flags & LINUX_AT_REMOVEDIR) != 0);
}

SYS(unlinkat)
{
    return do_unlinkat(t, fd_arg(a[0]), a[1], (uint32_t)a[2]);
}

SYS(unlink)
{
    return do_unlinkat(t, LINUX_AT_FDCWD, a[0], 0);
}

SYS(rmdir)
{
    return do_unlinkat(t, LINUX_AT_FDCWD, a[0], LINUX_AT_REMOVEDIR);
}

static long do_renameat2(struct task *t, int odfd, uaddr_t uold, int ndfd, uaddr_t unew,
                         uint32_t flags)
{
    char *op = malloc(2 * LINUX_PATH_MAX), *np;
    long r;

    if (!op)
        return -LINUX_ENOMEM;
    np = op + LINUX_PATH_MAX;
    r = get_path(t, uold, op);
    if (r >= 0)
        r = get_path(t, unew, np);
    if (r >= 0)
        r = vfs_rename(t, odfd, op, ndfd, np, flags);
    free(op);
    return r;
}

SYS(renameat2)
{
    return do_renameat2(t, fd_arg(a[0]), a[1], fd_arg(a[2]), a[3], (uint32_t)a[4]);
}

SYS(renameat)
{
    return do_renameat2(t, fd_arg(a[0]), a[1], fd_arg(a[2]), a[3], 0);
}

SYS(rename)
{
    return do_renameat2(t, LINUX_AT_FDCWD, a[0], LINUX_AT_FDCWD, a[1], 0);
}

static long do_symlinkat(struct task *t, uaddr_t utarget, int dirfd, uaddr_t upath)
{
    char *target = malloc(2 * LINUX_PATH_MAX), *path;
    long r;

    if (!target)
        return -LINUX_ENOMEM;
    path = target + LINUX_PATH_MAX;
    /* getname() of the target: "" is ENOENT there too. */
    r = get_path(t, utarget, target);
    if (r >= 0)
        r = get_path(t, upath, path);
    if (r >= 0)
        r = vfs_symlink(t, target, dirfd, path);
    free(target);
    return r;
}

SYS(symlinkat)
{
    return do_symlinkat(t, a[0], fd_arg(a[1]), a[2]);
}

SYS(symlink)
{
    return do_symlinkat(t, a[0], LINUX_AT_FDCWD, a[1]);
}

static long do_linkat(struct task *t, int odfd, uaddr_t uold, int ndfd, uaddr_t unew,
                      uint32_t flags)
{
    char *op = malloc(2 * LINUX_PATH_MAX), *np;
    long r;

    if (!op)
        return -LINUX_ENOMEM;
    np = op + LINUX_PATH_MAX;
    if (flags & ~(uint32_t)(LINUX_AT_SYMLINK_FOLLOW | LINUX_AT_EMPTY_PATH)) {
        free(op);
        return -LINUX_EINVAL;
    }
    r = strncpy_from_user(t->mm, op, uold, LINUX_PATH_MAX);
    if (r == 0 && !(flags & LINUX_AT_EMPTY_PATH))
        r = -LINUX_ENOENT;
    if (r >= 0)
        r = get_path(t, unew, np);
    if (r >= 0)
        r = vfs_link(t, odfd, op, ndfd, np, flags);
    free(op);
    return r;
}

SYS(linkat)
{
    return do_linkat(t, fd_arg(a[0]), a[1], fd_arg(a[2]), a[3], (uint32_t)a[4]);
}

SYS(link)
{
    return do_linkat(t, LINUX_AT_FDCWD, a[0], LINUX_AT_FDCWD, a[1], 0);
}

/* ---- attributes ---- */

SYS(fchmodat)
{
    char path[LINUX_PATH_MAX];
    long r = get_path(t, a[1], path);

    return r < 0 ? r : vfs_chmod(t, fd_arg(a[0]), path, NULL, (uint32_t)a[2]);
}

SYS(chmod)
{
    char path[LINUX_PATH_MAX];
    long r = get_path(t, a[0], path);

    return r < 0 ? r : vfs_chmod(t, LINUX_AT_FDCWD, path, NULL, (uint32_t)a[1]);
}

SYS(fchmod)
{
    struct file *f = fget_raw(t, fd_arg(a[0]));
    long r;

    if (!f || (f->flags & LINUX_O_PATH)) {
        if (f)
            file_put(f);
        return -LINUX_EBADF;
    }
    r = vfs_chmod(t, LINUX_AT_FDCWD, NULL, f, (uint32_t)a[1]);
    file_put(f);
    return r;
}

static long do_fchownat(struct task *t, int dirfd, uaddr_t upath, uint32_t uid, uint32_t gid,
                        uint32_t flags)
{
    char path[LINUX_PATH_MAX];
    struct file *f = NULL;
    long r;

    if (flags & ~(uint32_t)(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH))
        return -LINUX_EINVAL;
    r = strncpy_from_user(t->mm, path, upath, LINUX_PATH_MAX);
    if (r < 0)
        return r;
    if (r == 0) {
        if (!(flags & LINUX_AT_EMPTY_PATH))
            return -LINUX_ENOENT;
        if (dirfd != LINUX_AT_FDCWD) {
            f = fget_raw(t, dirfd);
            if (!f)
                return -LINUX_EBADF;
        } else {
            strcpy(path, ".");
        }
    }
    r = vfs_chown(t, dirfd, path, f, uid, gid, (flags & LINUX_AT_SYMLINK_NOFOLLOW) != 0);
    if (f)
        file_put(f);
    return r;
}

SYS(fchownat)
{
    return do_fchownat(t, fd_arg(a[0]), a[1], (uint32_t)a[2], (uint32_t)a[3], (uint32_t)a[4]);
}

SYS(chown)
{
    return do_fchownat(t, LINUX_AT_FDCWD, a[0], (uint32_t)a[1], (uint32_t)a[2], 0);
}

SYS(lchown)
{
    return do_fchownat(t, LINUX_AT_FDCWD, a[0], (uint32_t)a[1], (uint32_t)a[2],
                       LINUX_AT_SYMLINK_NOFOLLOW);
}

SYS(fchown)
{
    struct file *f = fget_raw(t, fd_arg(a[0]));
    long r;

    if (!f || (f->flags & LINUX_O_PATH)) {
        if (f)
            file_put(f);
        return -LINUX_EBADF;
    }
    r = vfs_chown(t, LINUX_AT_FDCWD, NULL, f, (uint32_t)a[1], (uint32_t)a[2], 0);
    file_put(f);
    return r;
}

/* utimensat(2): a NULL path means the dirfd itself (do_utimes()), AT_EMPTY_PATH too. */
SYS(utimensat)
{
    int dirfd = fd_arg(a[0]);
    uint32_t flags = (uint32_t)a[3];
    struct linux_timespec ts[2];
    char path[LINUX_PATH_MAX];
    struct file *f = NULL;
    long r = 0;

    if (flags & ~(uint32_t)(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH))
        return -LINUX_EINVAL;
    if (a[2] && copy_from_user(t->mm, ts, a[2], sizeof(ts)) < 0)
        return -LINUX_EFAULT;
    path[0] = '\0';
    if (a[1]) {
        r = strncpy_from_user(t->mm, path, a[1], LINUX_PATH_MAX);
        if (r < 0)
            return r;
        if (r == 0 && !(flags & LINUX_AT_EMPTY_PATH))
            return -LINUX_ENOENT;
    } else if (flags & LINUX_AT_SYMLINK_NOFOLLOW) {
        return -LINUX_EINVAL;
    }
    if (!path[0]) {
        if (dirfd == LINUX_AT_FDCWD) {
            strcpy(path, ".");
        } else {
            f = fget_raw(t, dirfd);
            if (!f)
                return -LINUX_EBADF;
        }
    }
    r = vfs_utimens(t, dirfd, path, f, a[2] ? ts : NULL,
                    (flags & LINUX_AT_SYMLINK_NOFOLLOW) != 0);
    if (f)
        file_put(f);
    return r;
}

/* ---- sizes and syncing ---- */

SYS(truncate)
{
    char path[LINUX_PATH_MAX];
    long r = get_path(t, a[0], path);

    return r < 0 ? r : vfs_truncate(t, path, (int64_t)a[1]);
}

SYS(ftruncate)
{
    struct file *f = fget_io(t, fd_arg(a[0]));
    long r;

    if (!f)
        return -LINUX_EBADF;
    r = vfs_ftruncate(t, f, (int64_t)a[1]);
    if (r == 0)
        inotify_file(t, f, LINUX_IN_MODIFY);
    file_put(f);
    return r;
}

SYS(fallocate)
{
    struct file *f = fget_io(t, fd_arg(a[0]));
    long r;

    if (!f)
        return -LINUX_EBADF;
    r = vfs_fallocate(t, f, (int)a[1], (int64_t)a[2], (int64_t)a[3]);
    if (r == 0)
        inotify_file(t, f, LINUX_IN_MODIFY);
    file_put(f);
    return r;
}

/*
 * posix_fadvise(): page-cache hints, with nothing here to act on (files live
 * in memory or on the read-only root). Linux's checks (mm/fadvise.c,
 * generic_fadvise()): pipes ESPIPE, then a negative length or unknown advice
 * EINVAL; every other open file, devices and sockets included, takes the hint.
 */
SYS(fadvise64)
{
    struct file *f = fget_io(t, fd_arg(a[0]));
    int advice = (int)a[3];
    long r = 0;

    if (!f)
        return -LINUX_EBADF;
    if (file_type(f, NULL) == LINUX_S_IFIFO)
        r = -LINUX_ESPIPE;
    else if ((int64_t)a[2] < 0 || advice < LINUX_POSIX_FADV_NORMAL ||
             advice > LINUX_POSIX_FADV_NOREUSE)
        r = -LINUX_EINVAL;
    file_put(f);
    return r;
}

/* Everything lives in memory or is read-only: syncing has nothing to write. */
static long do_fsync(struct task *t, uint64_t fdv)
{
    struct file *f = fget_io(t, fd_arg(fdv));
    long r = 0;

    if (!f)
        return -LINUX_EBADF;
    /*
     * Pipes, sockets and character devices (null, zero, random, ttys: their
     * file_operations have no fsync) fail with EINVAL; files and directories
     * have nothing to write.
     */
    uint32_t type = file_type(f, NULL);
    if (type == LINUX_S_IFCHR || type == LINUX_S_IFIFO || type == LINUX_S_IFSOCK)
        r = -LINUX_EINVAL;
    file_put(f);
    return r;
}

SYS(fsync)
{
    return do_fsync(t, a[0]);
}

SYS(fdatasync)
{
    return do_fsync(t, a[0]);
}

SYS(sync)
{
    (void)t, (void)a;
    return 0;
}

SYS(syncfs)
{
    struct file *f = fget_io(t, fd_arg(a[0]));

    if (!f)
        return -LINUX_EBADF;
    file_put(f);
    return 0;
}

SYS(statfs)
{
    char path[LINUX_PATH_MAX];
    struct linux_statfs st;
    long r = get_path(t, a[0], path);

    if (r >= 0)
        r = vfs_statfs(t, path, NULL, &st);
    if (r >= 0 && copy_to_user(t->mm, a[1], &st, sizeof(st)) < 0)
        r = -LINUX_EFAULT;
    return r;
}

SYS(fstatfs)
{
    struct file *f = fget_raw(t, fd_arg(a[0]));
    struct linux_statfs st;
    long r;

    if (!f)
        return -LINUX_EBADF;
    r = vfs_statfs(t, NULL, f, &st);
    file_put(f);
    if (r >= 0 && copy_to_user(t->mm, a[1], &st, sizeof(st)) < 0)
        r = -LINUX_EFAULT;
    return r;
}

/* ---- extended attributes ---- */

/*
 * The sandbox's filesystems keep no extended attributes: every name reads as
 * absent (ENODATA), every list is empty, and setting one fails as on a
 * filesystem without xattr support (EOPNOTSUPP). The checks before that
 * follow fs/xattr.c (Linux 6.13+): flags, then the name (include/uapi/linux/
 * limits.h: XATTR_NAME_MAX 255, XATTR_SIZE_MAX 65536) and the value, then the
 * path or descriptor, so a caller sees Linux's errors.
 */
#define XATTR_NAME_MAX 255
#define XATTR_SIZE_MAX 65536
#define XATTR_CREATE 1
#define XATTR_REPLACE 2

/* import_xattr_name(): ERANGE for "" or too long; a namespace with no handler is EOPNOTSUPP. */
static long xattr_name(struct task *t, uaddr_t name)
{
    static const char *const prefixes[] = {"user.", "trusted.", "security.", "system."};
    char kname[XATTR_NAME_MAX + 1];
    long n = strncpy_from_user(t->mm, kname, name, sizeof(kname));

    if (n == -LINUX_EFAULT)
        return n;
    if (n <= 0)
        return -LINUX_ERANGE;
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
        if (!strncmp(kname, prefixes[i], strlen(prefixes[i])))
            return 0;
    return -LINUX_EOPNOTSUPP;
}

/* The object named by @pathv (@nofollow: a final symlink itself) or open fd @fdv must exist. */
static long xattr_target(struct task *t, int by_fd, uint64_t fdv, uaddr_t pathv, int nofollow)
{
    if (by_fd) {
        struct file *f = fget_io(t, fd_arg(fdv));
        if (!f)
            return -LINUX_EBADF;
        file_put(f);
        return 0;
    }
    char path[LINUX_PATH_MAX];
    struct linux_statx sx;
    long r = get_path(t, pathv, path);
    if (r < 0)
        return r;
    return vfs_statx_path(t, LINUX_AT_FDCWD, path, nofollow, 0, 0, &sx);
}

/* getxattr, lgetxattr, fgetxattr: the name is checked, then the file; nothing is found. */
static long do_getxattr(struct task *t, const uint64_t *a, int by_fd, int nofollow)
{
    long r = by_fd ? xattr_target(t, 1, a[0], 0, 0) : xattr_name(t, a[1]);
    if (r == 0)
        r = by_fd ? xattr_name(t, a[1]) : xattr_target(t, 0, 0, a[0], nofollow);
    return r < 0 ? r : -LINUX_ENODATA;
}

static long do_listxattr(struct task *t, const uint64_t *a, int by_fd, int nofollow)
{
    long r = xattr_target(t, by_fd, a[0], a[0], nofollow);
    return r < 0 ? r : 0;
}

static long do_setxattr(struct task *t, const uint64_t *a, int by_fd, int nofollow)
{
    uint64_t size = a[3];
    int flags = (int)a[4];
    long r = 0;

    if (by_fd)
        r = xattr_target(t, 1, a[0], 0, 0);
    if (r == 0 && (flags & ~(XATTR_CREATE | XATTR_REPLACE)))
        r = -LINUX_EINVAL;
    if (r == 0)
        r = xattr_name(t, a[1]);
    if (r == 0 && size > XATTR_SIZE_MAX)
        r = -LINUX_E2BIG;
    if (r == 0 && size) {
        void *val = malloc(size);
        r = !val ? -LINUX_ENOMEM : copy_from_user(t->mm, val, a[2], size);
        free(val);
    }
    if (r == 0 && !by_fd)
        r = xattr_target(t, 0, 0, a[0], nofollow);
    return r < 0 ? r : -LINUX_EOPNOTSUPP;
}

static long do_removexattr(struct task *t, const uint64_t *a, int by_fd, int nofollow)
{
    return do_getxattr(t, a, by_fd, nofollow);
}

SYS(getxattr)
{
    return do_getxattr(t, a, 0, 0);
}

SYS(lgetxattr)
{
    return do_getxattr(t, a, 0, 1);
}

SYS(fgetxattr)
{
    return do_getxattr(t, a, 1, 0);
}

SYS(listxattr)
{
    return do_listxattr(t, a, 0, 0);
}

SYS(llistxattr)
{
    return do_listxattr(t, a, 0, 1);
}

SYS(flistxattr)
{
    return do_listxattr(t, a, 1, 0);
}

SYS(setxattr)
{
    return do_setxattr(t, a, 0, 0);
}

SYS(lsetxattr)
{
    return do_setxattr(t, a, 0, 1);
}

SYS(fsetxattr)
{
    return do_setxattr(t, a, 1, 0);
}

SYS(removexattr)
{
    return do_removexattr(t, a, 0, 0);
}

SYS(lremovexattr)
{
    return do_removexattr(t, a, 0, 1);
}

SYS(fremovexattr)
{
    return do_removexattr(t, a, 1, 0);
}

/* SYSCALL_DEFINE2(memfd_create): the flags, the name (with its NUL, at most 249 bytes), then the file. */
SYS(memfd_create)
{
    uint32_t flags = (uint32_t)a[1];
    const uint32_t all = LINUX_MFD_CLOEXEC | LINUX_MFD_ALLOW_SEALING | LINUX_MFD_HUGETLB |
                         LINUX_MFD_NOEXEC_SEAL | LINUX_MFD_EXEC;
    if ((flags & ~all) || ((flags & LINUX_MFD_EXEC) && (flags & LINUX_MFD_NOEXEC_SEAL)))
        return -LINUX_EINVAL;
    if (flags & LINUX_MFD_HUGETLB)
        return -LINUX_EINVAL; /* no hugetlbfs in the sandbox: as a kernel without it */
    char name[LINUX_MFD_NAME_MAX + 1];
    long n = strncpy_from_user(t->mm, name, a[0], sizeof(name));
    if (n < 0)
        return n == -LINUX_ENAMETOOLONG ? -LINUX_EINVAL : -LINUX_EFAULT;
    struct file *f;
    int r = fs_open_memfd(t, name, flags, &f);
    if (r < 0)
        return r;
    r = fd_install(t->files, f, 0, (flags & LINUX_MFD_CLOEXEC) != 0);
    if (r < 0)
        file_put(f);
    return r;
}
