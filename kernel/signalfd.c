/* SPDX-License-Identifier: MIT */
/* kernel/signalfd.c: signalfd and signalfd4, pending signals read as records (fs/signalfd.c). */
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
 * A signalfd holds only a set of signals. Reading it takes pending signals of
 * that set from the reading task (not the creator: the file may have been
 * inherited), as sigtimedwait would, and returns one signalfd_siginfo per
 * signal. The program normally blocks the set, so that the signals wait for
 * the read instead of being delivered.
 */
#define SI_SIGIO (-5) /* include/uapi/asm-generic/siginfo.h */
#define UNBLOCKABLE_SET (SIGBIT(LINUX_SIGKILL) | SIGBIT(LINUX_SIGSTOP))

struct signalfd {
    uint64_t mask; /* the signals the file reads */
};

/* signalfd_copyinfo(): which fields a signal's siginfo layout carries (siginfo_layout()). */
static void to_record(const struct linux_siginfo *i, struct linux_signalfd_siginfo *o)
{
    int sig = i->si_signo, code = i->si_code;
    memset(o, 0, sizeof(*o));
    o->ssi_signo = (uint32_t)sig;
    o->ssi_errno = i->si_errno;
    o->ssi_code = code;
    if (code > LINUX_SI_USER && code < LINUX_SI_KERNEL && sig < LINUX_SIGRTMIN) {
        switch (sig) {
        case LINUX_SIGILL:
        case LINUX_SIGFPE:
        case LINUX_SIGSEGV:
        case LINUX_SIGBUS:
        case LINUX_SIGTRAP:
            o->ssi_addr = i->u.fault.addr;
            return;
        case LINUX_SIGCHLD:
            o->ssi_pid = (uint32_t)i->u.chld.pid;
            o->ssi_uid = i->u.chld.uid;
            o->ssi_status = i->u.chld.status;
            o->ssi_utime = (uint64_t)i->u.chld.utime;
            o->ssi_stime = (uint64_t)i->u.chld.stime;
            return;
        default:
            break;
        }
    }
    if (code == LINUX_SI_TIMER) {
        o->ssi_tid = (uint32_t)i->u.timer.tid;
        o->ssi_overrun = (uint32_t)i->u.timer.overrun;
        o->ssi_ptr = i->u.timer.value;
        o->ssi_int = (int32_t)i->u.timer.value;
        return;
    }
    o->ssi_pid = (uint32_t)i->u.rt.pid;
    o->ssi_uid = i->u.rt.uid;
    if (code < 0 && code != SI_SIGIO) { /* SIL_RT: sigqueue's value too */
        o->ssi_ptr = i->u.rt.value;
        o->ssi_int = (int32_t)i->u.rt.value;
    }
}

/* signalfd_read_iter(): the first signal may wait, the others are taken if pending. */
static long sfd_read(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct signalfd *s = f->priv;
    uint64_t count = len / sizeof(struct linux_signalfd_siginfo), done = 0;
    if (off)
        return -LINUX_ESPIPE; /* no pread: not FMODE_PREAD */
    if (!count)
        return -LINUX_EINVAL;
    long err = 0;
    int nonblock = (f->flags & LINUX_O_NONBLOCK) != 0;
    while (done < count) {
        struct linux_siginfo info;
        int sig = signal_dequeue(t, s->mask, &info);
        if (!sig && (nonblock || done)) {
            err = -LINUX_EAGAIN;
            break;
        }
        if (!sig) {
            if (signal_pending(t)) {
                err = -LINUX_ERESTARTSYS;
                break;
            }
            sched_wait_for(t, 0);
            continue;
        }
        struct linux_signalfd_siginfo rec;
        to_record(&info, &rec);
        if (copy_to_user(t->mm, buf + done * sizeof(rec), &rec, sizeof(rec)) < 0) {
            err = -LINUX_EFAULT;
            break;
        }
        done++;
    }
    return done ? (long)(done * sizeof(struct linux_signalfd_siginfo)) : err;
}

/* Readable while the polling task has a signal of the set pending. */
static int sfd_poll(struct file *f)
{
    struct signalfd *s = f->priv;
    struct task *t = task_current();
    return t && (t->pending & s->mask) ? LINUX_POLLIN | LINUX_POLLRDNORM : 0;
}

static void sfd_release(struct file *f)
{
    free(f->priv);
}

static const struct file_ops signalfd_ops = {
    .read = sfd_read,
    .fstat = file_anon_fstat,
    .poll = sfd_poll,
    .release = sfd_release,
};

/* do_signalfd4(): a new file for fd -1, else a new set for an existing one. */
static long do_signalfd(struct task *t, int fd, uaddr_t umask, uint64_t size, uint64_t flags)
{
    linux_sigset_t set;
    if (size != sizeof(set))
        return -LINUX_EINVAL;
    if (copy_from_user(t->mm, &set, umask, sizeof(set)) < 0)
        return -LINUX_EFAULT;
    if (flags & ~(uint64_t)(LINUX_SFD_CLOEXEC | LINUX_SFD_NONBLOCK))
        return -LINUX_EINVAL;
    set &= ~UNBLOCKABLE_SET;
    if (fd != -1) {
        struct file *f = fd_lookup(t->files, fd);
        if (!f)
            return -LINUX_EBADF;
        if (f->ops != &signalfd_ops)
            return -LINUX_EINVAL;
        ((struct signalfd *)f->priv)->mask = set;
        sched_wake();
        return fd;
    }
    struct signalfd *s = calloc(1, sizeof(*s));
    if (s)
        s->mask = set;
    return file_anon_install(t->files, &signalfd_ops, s, "signalfd", flags);
}

SYS(signalfd4)
{
    return do_signalfd(t, (int)a[0], a[1], a[2], a[3]);
}

SYS(signalfd)
{
    return do_signalfd(t, (int)a[0], a[1], a[2], 0);
}
