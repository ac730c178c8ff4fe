/* SPDX-License-Identifier: MIT */
/* kernel/eventfd.c: eventfd and eventfd2, a 64-bit counter as a file (fs/eventfd.c). */
#include <stdlib.h>
#include <string.h>

#include "../abi/linux.h"
#include "file.h"
#include "sched.h"
#include "signal.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"
#include "vfs.h"

/*
 * A read takes the whole count (or 1 with EFD_SEMAPHORE) and waits while it
 * is 0; a write adds to it and waits while the sum would reach
 * ULLONG_MAX. Event loops (libuv, glib) wake themselves with one, through
 * poll or epoll, so it counts its changes for EPOLLET as pipes do.
 */
#define EFD_MAX UINT64_MAX

struct eventfd {
    uint64_t count;
    int semaphore;
    uint64_t gen;
};

static void efd_changed(struct eventfd *e)
{
    e->gen++;
    sched_wake_chan(e);
}

static long efd_read(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct eventfd *e = f->priv;
    if (off)
        return -LINUX_ESPIPE; /* no pread: not FMODE_PREAD */
    if (len < sizeof(uint64_t))
        return -LINUX_EINVAL;
    while (e->count == 0) {
        if (f->flags & LINUX_O_NONBLOCK)
            return -LINUX_EAGAIN;
        if (signal_pending(t))
            return -LINUX_ERESTARTSYS;
        sched_wait_for(e, 0);
    }
    uint64_t v = e->semaphore ? 1 : e->count;
    if (copy_to_user(t->mm, buf, &v, sizeof(v)) < 0)
        return -LINUX_EFAULT;
    e->count -= v;
    efd_changed(e);
    return sizeof(v);
}

static long efd_write(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct eventfd *e = f->priv;
    uint64_t v;
    if (off)
        return -LINUX_ESPIPE;
    if (len < sizeof(v))
        return -LINUX_EINVAL;
    if (copy_from_user(t->mm, &v, buf, sizeof(v)) < 0)
        return -LINUX_EFAULT;
    if (v == EFD_MAX)
        return -LINUX_EINVAL;
    while (EFD_MAX - e->count <= v) {
        if (f->flags & LINUX_O_NONBLOCK)
            return -LINUX_EAGAIN;
        if (signal_pending(t))
            return -LINUX_ERESTARTSYS;
        sched_wait_for(e, 0);
    }
    e->count += v;
    if (v)
        efd_changed(e);
    return sizeof(v);
}

/* eventfd_poll(): readable with a count, writable while one more can be added. */
static int efd_poll(struct file *f)
{
    struct eventfd *e = f->priv;
    return (e->count ? LINUX_POLLIN | LINUX_POLLRDNORM : 0) |
           (e->count < EFD_MAX - 1 ? LINUX_POLLOUT | LINUX_POLLWRNORM : 0) |
           (e->count == EFD_MAX ? LINUX_POLLERR : 0);
}

static uint64_t efd_gen(struct file *f)
{
    return ((struct eventfd *)f->priv)->gen;
}

static void efd_release(struct file *f)
{
    free(f->priv);
}

static const struct file_ops eventfd_ops = {
    .read = efd_read,
    .write = efd_write,
    .fstat = file_anon_fstat,
    .poll = efd_poll,
    .gen = efd_gen,
    .release = efd_release,
};

static long do_eventfd(struct task *t, uint64_t init, uint64_t flags)
{
    if (flags & ~(uint64_t)(LINUX_EFD_CLOEXEC | LINUX_EFD_NONBLOCK | LINUX_EFD_SEMAPHORE))
        return -LINUX_EINVAL;
    struct eventfd *e = calloc(1, sizeof(*e));
    if (e) {
        e->count = (uint32_t)init; /* the count starts from an unsigned int */
        e->semaphore = (flags & LINUX_EFD_SEMAPHORE) != 0;
    }
    return file_anon_install(t->files, &eventfd_ops, e, "eventfd", flags);
}

SYS(eventfd2)
{
    return do_eventfd(t, a[0], a[1]);
}

SYS(eventfd)
{
    return do_eventfd(t, a[0], 0);
}
