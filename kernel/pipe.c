/* SPDX-License-Identifier: MIT */
/* kernel/pipe.c: in-sandbox pipes: a ring buffer shared by two files (fs/pipe.c semantics). */
#include "pipe.h"

#include <stdlib.h>
#include <string.h>

#include "../abi/linux.h"
#include "file.h"
#include "log.h"
#include "sched.h"
#include "signal.h"
#include "task.h"
#include "usercopy.h"
#include "vfs.h"

/* Linux's default pipe capacity (16 pages) and the atomic write size (PIPE_BUF). */
#define PIPE_CAPACITY 65536
#define PIPE_BUF_ATOMIC 4096

struct pipe {
    uint8_t *buf;
    size_t head, len;    /* bytes live at buf[head .. head+len) modulo capacity */
    int readers, writers;
    uint64_t ino;
    int fifo;            /* belongs to a FIFO node, which keeps it between opens */
    uint64_t gen;        /* state changes so far (file_ops.gen) */
};

/* A state change: wake those waiting on @p and move its count. */
static void pipe_changed(struct pipe *p)
{
    p->gen++;
    sched_wake_chan(p);
}

static uint64_t next_ino = 0x1000;

static long pipe_read(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct pipe *p = f->priv;
    if (off)
        return -LINUX_ESPIPE;
    if (len == 0)
        return 0;
    while (p->len == 0) {
        if (p->writers == 0)
            return 0;
        if (f->flags & LINUX_O_NONBLOCK)
            return -LINUX_EAGAIN;
        if (signal_pending(t))
            return -LINUX_ERESTARTSYS;
        sched_wait_for(p, 0);
    }
    size_t done = 0, want = len < p->len ? (size_t)len : p->len;
    while (done < want) {
        size_t chunk = PIPE_CAPACITY - p->head;
        if (chunk > want - done)
            chunk = want - done;
        if (copy_to_user(t->mm, buf + done, p->buf + p->head, chunk) < 0)
            break;
        p->head = (p->head + chunk) % PIPE_CAPACITY;
        p->len -= chunk;
        done += chunk;
    }
    if (p->len == 0)
        p->head = 0;
    if (done)
        pipe_changed(p); /* room for writers */
    return done ? (long)done : -LINUX_EFAULT;
}

static long pipe_write(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct pipe *p = f->priv;
    if (off)
        return -LINUX_ESPIPE;
    /* pipe_write(): an empty write succeeds before readers are even looked at. */
    if (len == 0)
        return 0;
    /*
     * pipe_write(): a blocking write completes in full, waiting for room as
     * readers drain; writes up to PIPE_BUF are all-or-nothing (pipe(7)).
     */
    size_t done = 0;
    while (done < len) {
        if (p->readers == 0)
            return done ? (long)done : -LINUX_EPIPE;
        size_t room = PIPE_CAPACITY - p->len;
        if (room == 0 || (len <= PIPE_BUF_ATOMIC && room < len)) {
            if (f->flags & LINUX_O_NONBLOCK)
                return done ? (long)done : -LINUX_EAGAIN;
            if (signal_pending(t))
                return done ? (long)done : -LINUX_ERESTARTSYS;
            sched_wait_for(p, 0);
            continue;
        }
        size_t want = len - done < room ? (size_t)(len - done) : room;
        size_t wrote = 0;
        while (wrote < want) {
            size_t tail = (p->head + p->len) % PIPE_CAPACITY;
            size_t chunk = PIPE_CAPACITY - tail;
            if (chunk > want - wrote)
                chunk = want - wrote;
            if (copy_from_user(t->mm, p->buf + tail, buf + done + wrote, chunk) < 0) {
                pipe_changed(p);
                return done + wrote ? (long)(done + wrote) : -LINUX_EFAULT;
            }
            p->len += chunk;
            wrote += chunk;
        }
        done += wrote;
        pipe_changed(p); /* data for readers */
    }
    return (long)done;
}

static long pipe_fstat(struct file *f, struct linux_stat *st)
{
    struct pipe *p = f->priv;
    memset(st, 0, sizeof(*st));
    st->st_mode = LINUX_S_IFIFO | 0600;
    st->st_nlink = 1;
    st->st_ino = p->ino;
    st->st_blksize = 4096;
    st->st_dev = vfs_encode_dev(0, 14); /* an anonymous "pipefs" device, like Linux's */
    return 0;
}

static long pipe_ioctl(struct file *f, struct task *t, uint64_t req, uint64_t arg)
{
    struct pipe *p = f->priv;
    if (req == LINUX_FIONREAD) {
        int32_t n = (int32_t)p->len;
        return copy_to_user(t->mm, arg, &n, sizeof(n));
    }
    return -LINUX_ENOTTY;
}

static void pipe_release(struct file *f)
{
    struct pipe *p = f->priv;
    uint32_t acc = f->flags & LINUX_O_ACCMODE;
    if (acc != LINUX_O_WRONLY)
        p->readers--;
    if (acc != LINUX_O_RDONLY)
        p->writers--;
    p->gen++;
    sched_wake(); /* EOF for readers, EPIPE for writers */
    if (p->readers == 0 && p->writers == 0) {
        /* A FIFO's buffer empties when the last end closes (fs/pipe.c: put_pipe_info). */
        if (p->fifo) {
            p->len = p->head = 0;
            return;
        }
        free(p->buf);
        free(p);
    }
}

/* pipe_poll(): data or EOF reads, room or no reader writes (fs/pipe.c). */
static int pipe_poll(struct file *f)
{
    struct pipe *p = f->priv;
    int ev = 0;
    uint32_t acc = f->flags & LINUX_O_ACCMODE;
    if (acc != LINUX_O_WRONLY) { /* a FIFO opened O_RDWR is both ends */
        if (p->len)
            ev |= LINUX_POLLIN | LINUX_POLLRDNORM;
        if (!p->writers)
            ev |= LINUX_POLLHUP;
    }
    if (acc != LINUX_O_RDONLY) {
        if (PIPE_CAPACITY - p->len >= PIPE_BUF_ATOMIC)
            ev |= LINUX_POLLOUT | LINUX_POLLWRNORM;
        if (!p->readers)
            ev |= LINUX_POLLERR;
    }
    return ev;
}

static uint64_t pipe_gen(struct file *f)
{
    return ((struct pipe *)f->priv)->gen;
}

static const struct file_ops pipe_ops = {
    .poll = pipe_poll,
    .gen = pipe_gen,
    .read = pipe_read,
    .write = pipe_write,
    .fstat = pipe_fstat,
    .ioctl = pipe_ioctl,
    .release = pipe_release,
};

int pipe_create(unsigned flags, struct file **rd, struct file **wr)
{
    struct pipe *p = calloc(1, sizeof(*p));
    uint8_t *buf = malloc(PIPE_CAPACITY);
    uint32_t nb = flags & LINUX_O_NONBLOCK;
    *rd = p && buf ? file_alloc(&pipe_ops, -1, LINUX_O_RDONLY | nb, "pipe:") : NULL;
    *wr = *rd ? file_alloc(&pipe_ops, -1, LINUX_O_WRONLY | nb, "pipe:") : NULL;
    if (!*wr) {
        if (*rd) {
            (*rd)->ops = NULL;
            file_put(*rd);
        }
        free(buf);
        free(p);
        return -LINUX_ENFILE;
    }
    p->buf = buf;
    p->readers = p->writers = 1;
    p->ino = next_ino++;
    (*rd)->priv = (*wr)->priv = p;
    return 0;
}

long pipe_peek(struct file *rd, struct task *t, uaddr_t buf, uint64_t len, uint64_t skip, int wait)
{
    struct pipe *p = rd->priv;
    BUG_ON(rd->ops != &pipe_ops);
    while (wait && p->len == 0) {
        if (p->writers == 0)
            return 0;
        if (rd->flags & LINUX_O_NONBLOCK)
            return -LINUX_EAGAIN;
        if (signal_pending(t))
            return -LINUX_ERESTARTSYS;
        sched_wait_for(p, 0);
    }
    if (skip >= p->len)
        return 0;
    size_t want = len < p->len - skip ? (size_t)len : p->len - (size_t)skip, done = 0;
    while (done < want) {
        size_t at = (p->head + (size_t)skip + done) % PIPE_CAPACITY;
        size_t chunk = PIPE_CAPACITY - at;
        if (chunk > want - done)
            chunk = want - done;
        if (copy_to_user(t->mm, buf + done, p->buf + at, chunk) < 0)
            return done ? (long)done : -LINUX_EFAULT;
        done += chunk;
    }
    return (long)done;
}

long pipe_size(struct file *f)
{
    return f->ops == &pipe_ops ? PIPE_CAPACITY : -LINUX_EBADF;
}

/*
 * Open a FIFO node (fs/pipe.c: fifo_open). Readers wait for a writer and
 * writers for a reader, unless O_NONBLOCK: then a reader opens at once and a
 * writer without a reader gets ENXIO. O_RDWR never waits.
 */
int pipe_open_fifo(void **slot, struct task *t, uint32_t flags, struct file **out)
{
    struct pipe *p = *slot;
    if (!p) {
        p = calloc(1, sizeof(*p));
        uint8_t *buf = malloc(PIPE_CAPACITY);
        if (!p || !buf) {
            free(p);
            free(buf);
            return -LINUX_ENOMEM;
        }
        p->buf = buf;
        p->fifo = 1;
        p->ino = next_ino++;
        *slot = p;
    }
    uint32_t acc = flags & LINUX_O_ACCMODE, nb = flags & LINUX_O_NONBLOCK;
    if (acc == LINUX_O_WRONLY && nb && p->readers == 0)
        return -LINUX_ENXIO;
    struct file *f = file_alloc(&pipe_ops, -1, acc | nb, "fifo:");
    if (!f)
        return -LINUX_ENFILE;
    f->priv = p;
    if (acc != LINUX_O_WRONLY)
        p->readers++;
    if (acc != LINUX_O_RDONLY)
        p->writers++;
    p->gen++;
    sched_wake();
    if (!nb && acc != LINUX_O_RDWR) {
        int *other = acc == LINUX_O_RDONLY ? &p->writers : &p->readers;
        while (*other == 0) {
            if (signal_pending(t)) {
                file_put(f);
                return -LINUX_ERESTARTSYS;
            }
            sched_wait(0);
        }
    }
    *out = f;
    return 0;
}
