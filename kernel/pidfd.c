/* SPDX-License-Identifier: MIT */
/* kernel/pidfd.c: process file descriptors: pidfd_open, CLONE_PIDFD, pidfd_send_signal, pidfd_getfd, waitid(P_PIDFD) (kernel/pid.c, kernel/signal.c). */
#include <stdlib.h>
#include <string.h>

#include "../abi/linux.h"
#include "cred.h"
#include "file.h"
#include "pidfd.h"
#include "process.h"
#include "sched.h"
#include "signal.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"

/*
 * A pidfd names one process for as long as the file lives, even after the
 * process is reaped and its number reused: it holds the pid and the moment
 * the process started, and a lookup that finds a task of that number but
 * another start finds nothing. It is readable (poll) once the process has
 * exited, zombie or reaped, as pidfd_poll() says; read() is EINVAL.
 */
#define PIDFD_NONBLOCK LINUX_O_NONBLOCK /* include/uapi/linux/pidfd.h */

struct pidfd {
    int pid;
    uint64_t start_ns;
};

static const struct file_ops pidfd_ops;

struct task *pidfd_task(struct file *f)
{
    if (f->ops != &pidfd_ops)
        return NULL;
    const struct pidfd *p = f->priv;
    struct task *o = task_find(p->pid);
    return o && o->start_ns == p->start_ns ? o : NULL;
}

int pidfd_is(const struct file *f)
{
    return f->ops == &pidfd_ops;
}

static int pidfd_poll(struct file *f)
{
    struct task *o = pidfd_task(f);
    return !o || o->state != TASK_ALIVE ? LINUX_POLLIN | LINUX_POLLRDNORM : 0;
}

static uint64_t pidfd_gen(struct file *f)
{
    struct task *o = pidfd_task(f);
    return !o ? 2 : o->state != TASK_ALIVE;
}

static void pidfd_release(struct file *f)
{
    free(f->priv);
}

static const struct file_ops pidfd_ops = {
    .fstat = file_anon_fstat,
    .poll = pidfd_poll,
    .gen = pidfd_gen,
    .release = pidfd_release,
};

long pidfd_install(struct task *t, const struct task *o, uint32_t nonblock)
{
    struct pidfd *p = malloc(sizeof(*p));
    if (p)
        *p = (struct pidfd){o->pid, o->start_ns};
    /* pidfd_create(): always close-on-exec. */
    return file_anon_install(t->files, &pidfd_ops, p, "pidfd",
                             LINUX_O_CLOEXEC | (nonblock ? LINUX_O_NONBLOCK : 0));
}

/* SYSCALL_DEFINE2(pidfd_open): any living or zombie process of the sandbox. */
SYS(pidfd_open)
{
    int pid = (int)a[0];
    if (a[1] & ~(uint64_t)PIDFD_NONBLOCK)
        return -LINUX_EINVAL;
    if (pid <= 0)
        return -LINUX_EINVAL;
    struct task *o = task_find(pid);
    if (!o)
        return -LINUX_ESRCH;
    return pidfd_install(t, o, (uint32_t)(a[1] & PIDFD_NONBLOCK));
}

/* The process behind descriptor @fd: -LINUX_EBADF if it is no pidfd, -LINUX_ESRCH once reaped. */
static struct task *target_of(struct task *t, uint64_t fd, long *err)
{
    struct file *f = (int)fd < 0 ? NULL : fd_lookup(t->files, (int)fd);
    if (!f || !pidfd_is(f)) {
        *err = -LINUX_EBADF;
        return NULL;
    }
    struct task *o = pidfd_task(f);
    *err = o ? 0 : -LINUX_ESRCH;
    return o;
}

/*
 * SYSCALL_DEFINE4(pidfd_send_signal): kill(2) through a pidfd, or
 * rt_sigqueueinfo's checks when a siginfo is given. Linux 6.1 takes no flags.
 */
SYS(pidfd_send_signal)
{
    int sig = (int)a[1];
    if (a[3])
        return -LINUX_EINVAL;
    long err;
    struct task *o = target_of(t, a[0], &err);
    if (!o)
        return err;
    struct linux_siginfo info;
    memset(&info, 0, sizeof(info));
    if (a[2]) {
        if (copy_from_user(t->mm, &info, a[2], sizeof(info)) < 0)
            return -LINUX_EFAULT;
        if (info.si_signo != sig)
            return -LINUX_EINVAL;
        /* Only the kernel may claim si_code >= 0 or SI_TKILL for another process. */
        if (o != t && (info.si_code >= 0 || info.si_code == LINUX_SI_TKILL))
            return -LINUX_EPERM;
    } else {
        info.si_signo = sig;
        info.si_code = LINUX_SI_USER;
        info.u.rt.pid = t->pid;
        info.u.rt.uid = t->uid;
    }
    return process_kill(t, o->pid, sig, &info);
}

/*
 * SYSCALL_DEFINE3(pidfd_getfd): a duplicate, close-on-exec, of descriptor
 * @a[1] of the process, which the caller must be allowed to trace (same
 * real ids as the target's, or CAP_SYS_PTRACE; ptrace_may_access()).
 */
SYS(pidfd_getfd)
{
    if (a[2])
        return -LINUX_EINVAL;
    long err;
    struct task *o = target_of(t, a[0], &err);
    if (!o)
        return err;
    if (o != t && !cred_capable(t, LINUX_CAP_SYS_PTRACE) &&
        (t->uid != o->euid || t->uid != o->suid || t->uid != o->uid || t->gid != o->egid ||
         t->gid != o->sgid || t->gid != o->gid))
        return -LINUX_EPERM;
    struct file *f = o->files && (int)a[1] >= 0 ? fd_lookup(o->files, (int)a[1]) : NULL;
    if (!f)
        return -LINUX_EBADF;
    file_get(f);
    int fd = fd_install(t->files, f, 0, 1);
    if (fd < 0)
        file_put(f);
    return fd;
}

int pidfd_wait_pid(struct task *t, int fd, uint32_t *nonblock)
{
    struct file *f = fd < 0 ? NULL : fd_lookup(t->files, fd);
    if (!f || !pidfd_is(f))
        return -LINUX_EBADF;
    *nonblock = f->flags & LINUX_O_NONBLOCK;
    struct task *o = pidfd_task(f);
    return o ? o->pid : 0;
}
