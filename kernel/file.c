/* SPDX-License-Identifier: MIT */
/* kernel/file.c: open-file reference counting and the per-task fd table. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "inotify.h"
#include "locks.h"
#include "log.h"
#include "sched.h"
#include "vfs.h"

struct file *file_alloc(const struct file_ops *ops, int host_fd, uint32_t flags, const char *path)
{
    struct file *f = calloc(1, sizeof(*f));

    if (!f)
        return NULL;
    if (path) {
        f->path = strdup(path);
        if (!f->path) {
            free(f);
            return NULL;
        }
    }
    f->refs = 1;
    f->ops = ops;
    f->host_fd = host_fd;
    f->flags = flags;
    return f;
}

/* Atomic so that threads sharing a table (CLONE_FILES) may get/put concurrently. */
struct file *file_get(struct file *f)
{
    int old = __atomic_fetch_add(&f->refs, 1, __ATOMIC_RELAXED);

    BUG_ON(old <= 0);
    return f;
}

uint32_t file_type(struct file *f, struct linux_stat *st)
{
    struct linux_stat local;
    if (!st)
        st = &local;
    if (!f->ops->fstat || f->ops->fstat(f, st) < 0)
        return 0;
    return st->st_mode & LINUX_S_IFMT;
}

long file_anon_fstat(struct file *f, struct linux_stat *st)
{
    (void)f;
    memset(st, 0, sizeof(*st));
    st->st_mode = 0600;
    st->st_nlink = 1;
    st->st_blksize = 4096;
    return 0;
}

long file_anon_install(struct fdtable *t, const struct file_ops *ops, void *priv, const char *name,
                       uint64_t flags)
{
    struct file *f = priv ? file_alloc(ops, -1, LINUX_O_RDWR | (uint32_t)(flags & LINUX_O_NONBLOCK),
                                       name)
                          : NULL;
    if (!f) {
        free(priv);
        return -LINUX_ENOMEM;
    }
    f->priv = priv;
    long fd = fd_install(t, f, 0, (flags & LINUX_O_CLOEXEC) != 0);
    if (fd < 0)
        file_put(f);
    return fd;
}

/*
 * The last put runs ops->release (per-kind state in priv), then closes the host
 * descriptor and frees the path and the file itself: kinds need not do that.
 */
void file_put(struct file *f)
{
    int old;

    if (!f)
        return;
    old = __atomic_fetch_sub(&f->refs, 1, __ATOMIC_ACQ_REL);
    BUG_ON(old <= 0);
    if (old != 1)
        return;
    if (f->epoll_watch)
        epoll_file_released(f);
    /* __fput(): fsnotify_close() */
    if (inotify_nwatches)
        inotify_file(task_current(), f, file_can_write(f) ? LINUX_IN_CLOSE_WRITE : LINUX_IN_CLOSE_NOWRITE);
    if (locks_held())
        locks_remove_file(f);
    if (f->ops && f->ops->release)
        f->ops->release(f);
    if (f->host_fd >= 0)
        close(f->host_fd);
    free(f->path);
    free(f);
}

/* Make slot @fd exist (grow the arrays, doubling). 0 or -LINUX_ENOMEM. */
static int grow(struct fdtable *t, int fd)
{
    if (fd < t->size)
        return 0;
    int size = t->size ? t->size : 64;
    while (size <= fd)
        size *= 2;
    struct file **nf = realloc(t->fd, (size_t)size * sizeof(*nf));
    if (!nf)
        return -LINUX_ENOMEM;
    t->fd = nf;
    uint8_t *nc = realloc(t->cloexec, (size_t)size);
    if (!nc)
        return -LINUX_ENOMEM;
    t->cloexec = nc;
    memset(t->fd + t->size, 0, (size_t)(size - t->size) * sizeof(*nf));
    memset(t->cloexec + t->size, 0, (size_t)(size - t->size));
    t->size = size;
    return 0;
}

/* On failure the caller keeps its reference (and must put it). */
int fd_install(struct fdtable *t, struct file *f, int min, int cloexec)
{
    int limit = fdtable_limit(t);
    if (min < 0)
        return -LINUX_EINVAL;
    for (int fd = min; fd < limit; fd++) {
        if (fd >= t->size && grow(t, fd) < 0)
            return -LINUX_ENOMEM;
        if (!t->fd[fd]) {
            t->fd[fd] = f;
            t->cloexec[fd] = !!cloexec;
            return fd;
        }
    }
    return -LINUX_EMFILE;
}

struct file *fd_lookup(struct fdtable *t, int fd)
{
    if (fd < 0 || fd >= t->size)
        return NULL;
    return t->fd[fd];
}

/* filp_close(): a process's record locks on the file's inode end with any close of it. */
static void close_locks(struct fdtable *t, struct file *f)
{
    if (f && locks_held())
        locks_remove_posix(t, f);
}

int fd_close(struct fdtable *t, int fd)
{
    struct file *f = fd_lookup(t, fd);

    if (!f)
        return -LINUX_EBADF;
    t->fd[fd] = NULL;
    t->cloexec[fd] = 0;
    close_locks(t, f);
    file_put(f);
    return 0;
}

/* The old file is put after the slot holds the new one, as do_dup2() does. */
int fd_replace(struct fdtable *t, int fd, struct file *f, int cloexec)
{
    struct file *old;

    if (fd < 0 || fd >= fdtable_limit(t))
        return -LINUX_EBADF;
    if (grow(t, fd) < 0)
        return -LINUX_ENOMEM;
    old = t->fd[fd];
    t->fd[fd] = f;
    t->cloexec[fd] = !!cloexec;
    close_locks(t, old);
    file_put(old);
    return fd;
}

int fdtable_copy(struct fdtable *dst, const struct fdtable *src)
{
    dst->limit = src->limit;
    if (src->size && grow(dst, src->size - 1) < 0)
        return -LINUX_ENOMEM;
    for (int fd = 0; fd < src->size; fd++)
        if (src->fd[fd]) {
            dst->fd[fd] = file_get(src->fd[fd]);
            dst->cloexec[fd] = src->cloexec[fd];
        }
    return 0;
}

/* Drops every file; the table itself belongs to whoever allocated it. */
void fdtable_release(struct fdtable *t)
{
    for (int fd = 0; fd < t->size; fd++) {
        struct file *f = t->fd[fd];

        t->fd[fd] = NULL;
        t->cloexec[fd] = 0;
        close_locks(t, f);
        file_put(f);
    }
    free(t->fd);
    free(t->cloexec);
    t->fd = NULL;
    t->cloexec = NULL;
    t->size = 0;
}
