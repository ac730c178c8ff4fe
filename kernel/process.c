/* SPDX-License-Identifier: MIT */
/* kernel/process.c: fork/clone, exit and wait, process groups and sessions, kill, alarms. */
#include "process.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../abi/linux.h"
#include "cputime.h"
#include "cred.h"
#include "pidfd.h"
#include "file.h"
#include "log.h"
#include "mm.h"
#include "platform.h"
#include "sched.h"
#include "signal.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"

/* ---- lifetime ---- */

void task_kick(struct task *t)
{
    /*
     * Only a task running guest code needs the platform to stop it. One in
     * the kernel (a syscall, a sleep) checks its signals before it next
     * enters the guest, and a sleeper wakes on sched_wake(); interrupting it
     * anyway would cost a needless stop at its next entry (a pending kick).
     */
    if (t->ctx && t->in_guest)
        t->platform->ops->interrupt(t->ctx);
    sched_wake();
}

void task_free(struct task *t)
{
    for (int s = 0; s < LINUX_NSIG; s++)
        while (t->rtqueue[s]) {
            struct sigqueue *q = t->rtqueue[s];
            t->rtqueue[s] = q->next;
            free(q);
        }
    free(t->sighand);
    free(t->fs);
    free(t->files);
    free(t->groups);
    free(t);
}

void process_reap(struct task *t)
{
    pid_free(t->pid);
    task_free(t);
}

/* Every task with @parent as parent, in pid order, via callback; stops when @fn returns non-zero. */
static struct task *find_child(struct task *parent, int (*fn)(struct task *c, void *arg), void *arg)
{
    int pids[1024], n, from = 1;
    do {
        n = 0;
        for (int pid = from; pid <= pid_high() && n < 1024; pid++) {
            struct task *c = task_find(pid);
            if (c && c->parent == parent)
                pids[n++] = pid;
            from = pid + 1;
        }
        for (int i = 0; i < n; i++) {
            struct task *c = task_find(pids[i]);
            if (c && fn(c, arg))
                return c;
        }
    } while (n == 1024);
    return NULL;
}

static int ignores_sigchld(struct task *p)
{
    const struct linux_sigaction *a = &p->sighand->action[LINUX_SIGCHLD - 1];
    return a->handler == LINUX_SIG_IGN || (a->flags & LINUX_SA_NOCLDWAIT);
}

void process_notify_parent(struct task *child, int code, int status)
{
    struct task *p = child->parent;
    if (!p || p->state != TASK_ALIVE)
        return;
    int stopcont = code == LINUX_CLD_STOPPED || code == LINUX_CLD_CONTINUED;
    if (stopcont && (p->sighand->action[LINUX_SIGCHLD - 1].flags & LINUX_SA_NOCLDSTOP)) {
        sched_wake();
        return;
    }
    struct linux_siginfo info;
    memset(&info, 0, sizeof(info));
    info.si_signo = stopcont ? LINUX_SIGCHLD : child->exit_signal;
    info.si_code = code;
    info.u.chld.pid = child->pid;
    info.u.chld.uid = child->uid;
    info.u.chld.status = status;
    if (info.si_signo)
        signal_send_info(p, info.si_signo, &info);
    sched_wake();
}

void process_kill_all(struct task *except)
{
    int pids[256], n, from = 1;
    do {
        n = 0;
        for (int pid = from; pid <= pid_high() && n < 256; pid++, from = pid)
            if (task_find(pid))
                pids[n++] = pid;
        for (int i = 0; i < n; i++) {
            struct task *t = task_find(pids[i]);
            if (t && t != except && t->state == TASK_ALIVE)
                signal_send(t, LINUX_SIGKILL);
        }
    } while (n == 256);
}

struct reparent {
    struct task *reaper; /* the new parent, or NULL when the sandbox ends */
    struct task *dead;   /* the old one */
};

static int reparent_one(struct task *c, void *arg)
{
    const struct reparent *rp = arg;
    struct task *init = rp->reaper;
    c->parent = init;
    c->ppid = init ? init->pid : 0;
    /* forget_original_parent(): the parent-death signal, as kill(2) from the dying parent. */
    if (c->pdeath_signal && c->state == TASK_ALIVE)
        signal_kill(c, c->pdeath_signal, rp->dead);
    /* A zombie that changes parent is announced to the new one (kernel/exit.c). */
    if (init && c->state == TASK_ZOMBIE)
        process_notify_parent(c, (c->exit_code & 0x7f) ? LINUX_CLD_KILLED : LINUX_CLD_EXITED,
                              (c->exit_code & 0x7f) ? c->exit_code & 0x7f : c->exit_code >> 8);
    return 0;
}

void task_exit_finish(struct task *t)
{
    const struct platform_ops *ops = t->platform->ops;
    /* CLONE_CHILD_CLEARTID: zero the tid word (no threads share it yet, so no futex wake). */
    if (t->clear_child_tid && t->mm) {
        uint32_t zero = 0;
        copy_to_user(t->mm, t->clear_child_tid, &zero, sizeof(zero));
    }
    if (t->files)
        fdtable_release(t->files);
    task_cpu_exit(t);
    if (t->ctx)
        ops->ctx_destroy(t->ctx);
    t->ctx = NULL;
    mm_destroy(t->mm);
    t->mm = NULL;
    t->itimer_deadline_ns = 0;
    t->itimer_virt = t->itimer_prof = (struct cpu_itimer){0, 0};
    ptimers_release(t);
    t->vfork_parent = NULL;
    t->stopped = 0;

    struct task *init = task_find(1);
    struct reparent rp = {init, t};
    if (t == init) {
        /* The sandbox's init is gone: like a PID namespace, everything else dies. */
        process_kill_all(t);
        rp.reaper = NULL;
    } else {
        /* find_new_reaper(): the nearest living ancestor that asked to be a subreaper. */
        for (struct task *a = t->parent; a && a != init; a = a->parent)
            if (a->state == TASK_ALIVE && a->child_subreaper) {
                rp.reaper = a;
                break;
            }
    }
    find_child(t, reparent_one, &rp);

    t->state = TASK_ZOMBIE;
    struct task *p = t->parent;
    int sig = t->exit_code & 0x7f;
    if (p && p->state == TASK_ALIVE && ignores_sigchld(p) && t->exit_signal == LINUX_SIGCHLD) {
        /* The parent asked not to keep zombies: reaped at once (kernel/exit.c). */
        process_reap(t);
        sched_wake();
        return;
    }
    process_notify_parent(t, sig ? LINUX_CLD_KILLED : LINUX_CLD_EXITED,
                          sig ? sig : (t->exit_code >> 8) & 0xff);
    sched_wake();
}

/* ---- fork and clone ---- */

struct clone_req {
    uint64_t flags;
    uaddr_t stack;     /* new stack pointer, 0 = same */
    uaddr_t ptid, ctid, tls;
    uaddr_t pidfd;     /* CLONE_PIDFD: where the parent's new pidfd goes (an int) */
    int exit_signal;
};

static long do_clone(struct task *t, const struct clone_req *rq)
{
    uint64_t f = rq->flags;
    /* copy_process() argument checks. */
    if ((f & (LINUX_CLONE_NEWNS | LINUX_CLONE_FS)) == (LINUX_CLONE_NEWNS | LINUX_CLONE_FS))
        return -LINUX_EINVAL;
    if ((f & LINUX_CLONE_THREAD) && !(f & LINUX_CLONE_SIGHAND))
        return -LINUX_EINVAL;
    if ((f & LINUX_CLONE_SIGHAND) && !(f & LINUX_CLONE_VM))
        return -LINUX_EINVAL;
    if ((f & LINUX_CLONE_PIDFD) && (f & (LINUX_CLONE_DETACHED | LINUX_CLONE_THREAD)))
        return -LINUX_EINVAL;
    if (f & LINUX_CLONE_THREAD) {
        /* TODO(core): threads (CLONE_THREAD with a shared mm) come with a later issue. */
        static int said;
        if (!said++)
            log_warn("clone(CLONE_THREAD): threads are not supported yet; returning EAGAIN");
        return -LINUX_EAGAIN;
    }
    if (f & (LINUX_CLONE_NEWNS | LINUX_CLONE_NEWUTS | LINUX_CLONE_NEWIPC | LINUX_CLONE_NEWUSER |
             LINUX_CLONE_NEWPID | LINUX_CLONE_NEWNET | LINUX_CLONE_NEWCGROUP))
        return -LINUX_EPERM; /* namespaces need privileges the sandbox does not grant */

    const struct platform_ops *ops = t->platform->ops;
    struct task *c = calloc(1, sizeof(*c));
    if (!c)
        return -LINUX_ENOMEM;
    c->files = malloc(sizeof(*c->files));
    c->fs = malloc(sizeof(*c->fs));
    c->sighand = malloc(sizeof(*c->sighand));
    long err = -LINUX_ENOMEM;
    if (!c->files || !c->fs || !c->sighand)
        goto fail;

    /* Registers: the child returns 0 from the same syscall. */
    c->regs = t->regs;
    arch_syscall_set_return(&c->regs, 0);
    if (rq->stack)
        arch_regs_set_sp(&c->regs, rq->stack);
    if (f & LINUX_CLONE_SETTLS)
        arch_regs_set_tls(&c->regs, rq->tls);
    if (ops->fp_fetch(t->ctx, &c->fp) < 0)
        c->fp.size = 0;

    int e = 0;
    /* TODO(core): CLONE_VM without CLONE_THREAD (vfork, posix_spawn) shares memory in
     * Linux; the child gets a copy here, which is what vfork callers may assume anyway. */
    c->mm = mm_fork(t->mm, &e);
    if (!c->mm) {
        err = e;
        goto fail;
    }
    c->ctx = ops->ctx_create(c->mm->as, &e);
    if (!c->ctx) {
        err = e;
        goto fail;
    }

    /* Descriptors, cwd and handlers are copies (CLONE_FILES/FS/SIGHAND sharing comes with threads). */
    memset(c->files, 0, sizeof(*c->files));
    if (fdtable_copy(c->files, t->files) < 0)
        goto fail;
    *c->fs = *t->fs;
    *c->sighand = *t->sighand;

    c->platform = t->platform;
    if (cred_copy(c, t) < 0)
        goto fail;
    c->umask = t->umask;
    c->nice = t->nice;
    sched_policy_fork(c, t);
    c->mempolicy = t->mempolicy;
    c->mempolicy_nodes = t->mempolicy_nodes;
    c->thp_disable = t->thp_disable;
    /* copy_io(): a child keeps a set I/O class; class "none" leaves it unset. */
    c->ioprio = LINUX_IOPRIO_PRIO_CLASS(t->ioprio) ? t->ioprio : 0;
    c->sigmask = t->sigmask;
    c->altstack = t->altstack;
    memcpy(c->rlimit, t->rlimit, sizeof(c->rlimit));
    c->strace = t->strace;
    memcpy(c->exe, t->exe, sizeof(c->exe));
    memcpy(c->comm, t->comm, sizeof(c->comm));
    c->pgid = t->pgid;
    c->sid = t->sid;
    c->parent = (f & LINUX_CLONE_PARENT) && t->parent ? t->parent : t;
    c->ppid = c->parent->pid;
    c->exit_signal = rq->exit_signal;
    c->state = TASK_ALIVE;
    c->start_ns = sched_now_ns();
    int pid = pid_alloc(c);
    if (pid < 0) {
        err = pid;
        goto fail;
    }
    c->pid = c->tid = pid;

    if ((f & LINUX_CLONE_PARENT_SETTID) && copy_to_user(t->mm, rq->ptid, &pid, sizeof(pid)) < 0) {
        err = -LINUX_EFAULT;
        goto fail_pid;
    }
    if ((f & LINUX_CLONE_CHILD_SETTID) && copy_to_user(c->mm, rq->ctid, &pid, sizeof(pid)) < 0) {
        err = -LINUX_EFAULT;
        goto fail_pid;
    }
    if (f & LINUX_CLONE_CHILD_CLEARTID)
        c->clear_child_tid = rq->ctid;
    /* CLONE_PIDFD: the parent's descriptor, made after the child's table was copied. */
    int pidfd = -1;
    if (f & LINUX_CLONE_PIDFD) {
        long r = pidfd_install(t, c, 0);
        if (r < 0) {
            err = (int)r;
            goto fail_pid;
        }
        pidfd = (int)r;
        int32_t v = pidfd;
        if (copy_to_user(t->mm, rq->pidfd, &v, sizeof(v)) < 0) {
            fd_close(t->files, pidfd);
            err = -LINUX_EFAULT;
            goto fail_pid;
        }
    }
    if (f & LINUX_CLONE_VFORK)
        c->vfork_parent = t;

    err = sched_spawn(c);
    if (err < 0) {
        if (pidfd >= 0)
            fd_close(t->files, pidfd);
        goto fail_pid;
    }

    /* vfork: the parent sleeps until the child execs or exits (not interruptible). */
    while ((f & LINUX_CLONE_VFORK) && task_find(pid) == c && c->vfork_parent == t &&
           !(t->pending & SIGBIT(LINUX_SIGKILL)))
        sched_wait_for(t, 0);
    return pid;

fail_pid:
    pid_free(c->pid);
fail:
    if (c->ctx)
        ops->ctx_destroy(c->ctx);
    mm_destroy(c->mm);
    if (c->files)
        fdtable_release(c->files);
    task_free(c);
    return err;
}

long sys_clone(struct task *t, const uint64_t a[6])
{
    struct clone_req rq = {
        .flags = a[0] & ~(uint64_t)LINUX_CSIGNAL,
        .stack = a[1],
        .ptid = a[2],
        .ctid = a[ARCH_CLONE_CTID_ARG],
        .tls = a[ARCH_CLONE_TLS_ARG],
        .pidfd = a[2], /* legacy clone: the pidfd goes where the parent's tid would */
        .exit_signal = (int)(a[0] & LINUX_CSIGNAL),
    };
    if (rq.exit_signal > LINUX_NSIG)
        return -LINUX_EINVAL;
    if ((rq.flags & LINUX_CLONE_PIDFD) && (rq.flags & LINUX_CLONE_PARENT_SETTID))
        return -LINUX_EINVAL;
    return do_clone(t, &rq);
}


long sys_clone3(struct task *t, const uint64_t a[6])
{
    struct linux_clone_args ca;
    uint64_t size = a[1];
    memset(&ca, 0, sizeof(ca));
    if (size < LINUX_CLONE_ARGS_SIZE_VER0 || size > 4096)
        return -LINUX_EINVAL;
    if (copy_from_user(t->mm, &ca, a[0], size < sizeof(ca) ? size : sizeof(ca)) < 0)
        return -LINUX_EFAULT;
    if ((ca.exit_signal & ~(uint64_t)LINUX_CSIGNAL) || ca.exit_signal > LINUX_NSIG ||
        (ca.flags & LINUX_CSIGNAL) || ca.set_tid || ca.set_tid_size)
        return -LINUX_EINVAL;
    if ((ca.stack == 0) != (ca.stack_size == 0))
        return -LINUX_EINVAL;
    struct clone_req rq = {
        .pidfd = ca.pidfd,
        .flags = ca.flags,
        .stack = ca.stack ? ca.stack + ca.stack_size : 0,
        .ptid = ca.parent_tid,
        .ctid = ca.child_tid,
        .tls = ca.tls,
        .exit_signal = (int)ca.exit_signal,
    };
    return do_clone(t, &rq);
}

long sys_fork(struct task *t, const uint64_t a[6])
{
    (void)a;
    struct clone_req rq = {.exit_signal = LINUX_SIGCHLD};
    return do_clone(t, &rq);
}

long sys_vfork(struct task *t, const uint64_t a[6])
{
    (void)a;
    struct clone_req rq = {.flags = LINUX_CLONE_VM | LINUX_CLONE_VFORK,
                           .exit_signal = LINUX_SIGCHLD};
    return do_clone(t, &rq);
}

/* ---- wait ---- */

struct wait_req {
    struct task *self;
    int kind;      /* LINUX_P_ALL / P_PID / P_PGID */
    int id;
    unsigned options;
    /* result */
    struct task *found_task;
    int any_child;
    int status;    /* wait4 encoding */
    int code;      /* CLD_* for waitid */
    int cstatus;   /* si_status for waitid */
    uint32_t uid;  /* si_uid: the child's */
    uint64_t user_ns, sys_ns; /* the child's CPU time, its waited-for children's included */
};

static int wait_match(struct task *c, void *arg)
{
    struct wait_req *w = arg;
    if (w->kind == LINUX_P_PID && c->pid != w->id)
        return 0;
    if (w->kind == LINUX_P_PGID && c->pgid != w->id)
        return 0;
    /* "clone" children (exit signal other than SIGCHLD) need __WCLONE, others not. */
    int clone_child = c->exit_signal != LINUX_SIGCHLD;
    if (!(w->options & LINUX_WALL) && clone_child != !!(w->options & LINUX_WCLONE))
        return 0;
    /* wait_consider_task(): without WEXITED a zombie is no child to wait for. */
    if (c->state == TASK_ZOMBIE && !(w->options & LINUX_WEXITED))
        return 0;
    w->any_child = 1;
    w->uid = c->uid;
    if (c->state == TASK_ZOMBIE && (w->options & LINUX_WEXITED)) {
        int sig = c->exit_code & 0x7f;
        w->status = c->exit_code;
        w->code = sig ? LINUX_CLD_KILLED : LINUX_CLD_EXITED;
        w->cstatus = sig ? sig : (c->exit_code >> 8) & 0xff;
        w->found_task = c;
        return 1;
    }
    if (c->report == REPORT_STOPPED && (w->options & LINUX_WSTOPPED) && c->stopped) {
        w->status = (c->stop_sig << 8) | 0x7f;
        w->code = LINUX_CLD_STOPPED;
        w->cstatus = c->stop_sig;
        w->found_task = c;
        return 1;
    }
    if (c->report == REPORT_CONTINUED && (w->options & LINUX_WCONTINUED)) {
        w->status = 0xffff;
        w->code = LINUX_CLD_CONTINUED;
        w->cstatus = LINUX_SIGCONT;
        w->found_task = c;
        return 1;
    }
    return 0;
}

/* The wait loop shared by wait4 and waitid: a pid, 0 (WNOHANG, nothing yet) or -errno. */
static long do_wait(struct wait_req *w)
{
    struct task *t = w->self;
    for (;;) {
        w->any_child = 0;
        w->found_task = NULL;
        find_child(t, wait_match, w);
        struct task *c = w->found_task;
        if (c) {
            int pid = c->pid;
            task_cpu_time(c, &w->user_ns, &w->sys_ns);
            w->user_ns += c->cchild_user;
            w->sys_ns += c->cchild_sys;
            if (!(w->options & LINUX_WNOWAIT)) {
                if (c->state == TASK_ZOMBIE) {
                    task_cpu_reap(t, c);
                    process_reap(c);
                }
                else
                    c->report = 0;
            }
            return pid;
        }
        if (!w->any_child)
            return -LINUX_ECHILD;
        if (w->options & LINUX_WNOHANG)
            return 0;
        if (signal_pending(t))
            return -LINUX_ERESTARTSYS;
        sched_wait_for(t, 0);
    }
}

long sys_wait4(struct task *t, const uint64_t a[6])
{
    int pid = (int)a[0];
    unsigned opt = (unsigned)a[2];
    if (opt & ~(unsigned)(LINUX_WNOHANG | LINUX_WUNTRACED | LINUX_WCONTINUED | LINUX_WNOTHREAD |
                          LINUX_WALL | LINUX_WCLONE))
        return -LINUX_EINVAL;
    /* kernel_wait4(): pid INT_MIN cannot be negated. */
    if (pid == -2147483647 - 1)
        return -LINUX_ESRCH;
    struct wait_req w = {.self = t, .options = opt | LINUX_WEXITED};
    if (pid > 0)
        w.kind = LINUX_P_PID, w.id = pid;
    else if (pid == 0)
        w.kind = LINUX_P_PGID, w.id = t->pgid;
    else if (pid == -1)
        w.kind = LINUX_P_ALL;
    else
        w.kind = LINUX_P_PGID, w.id = -pid;
    long r = do_wait(&w);
    if (r > 0 && a[1] && copy_to_user(t->mm, a[1], &w.status, sizeof(w.status)) < 0)
        return -LINUX_EFAULT;
    if (r >= 0 && a[3]) {
        struct linux_rusage ru;
        cputime_rusage(&ru, r > 0 ? w.user_ns : 0, r > 0 ? w.sys_ns : 0);
        if (copy_to_user(t->mm, a[3], &ru, sizeof(ru)) < 0)
            return -LINUX_EFAULT;
    }
    return r;
}

long sys_waitid(struct task *t, const uint64_t a[6])
{
    int kind = (int)a[0], id = (int)a[1];
    unsigned opt = (unsigned)a[3];
    if (opt & ~(unsigned)(LINUX_WNOHANG | LINUX_WNOWAIT | LINUX_WEXITED | LINUX_WSTOPPED |
                          LINUX_WCONTINUED | LINUX_WNOTHREAD | LINUX_WALL | LINUX_WCLONE))
        return -LINUX_EINVAL;
    if (!(opt & (LINUX_WEXITED | LINUX_WSTOPPED | LINUX_WCONTINUED)))
        return -LINUX_EINVAL;
    struct wait_req w = {.self = t, .options = opt};
    int eagain = 0;
    switch (kind) {
    case LINUX_P_ALL:
        w.kind = LINUX_P_ALL;
        break;
    case LINUX_P_PID:
        if (id <= 0)
            return -LINUX_EINVAL;
        w.kind = LINUX_P_PID, w.id = id;
        break;
    case LINUX_P_PGID:
        if (id < 0)
            return -LINUX_EINVAL;
        w.kind = LINUX_P_PGID, w.id = id ? id : t->pgid;
        break;
    case LINUX_P_PIDFD: {
        if (id < 0)
            return -LINUX_EINVAL;
        uint32_t nonblock = 0;
        int pid = pidfd_wait_pid(t, id, &nonblock);
        if (pid < 0)
            return pid;
        if (pid == 0)
            return -LINUX_ECHILD; /* reaped: no child of that pid any more */
        /* kernel_waitid(): a non-blocking pidfd does not wait, and says EAGAIN for it. */
        if (nonblock && !(opt & LINUX_WNOHANG)) {
            w.options |= LINUX_WNOHANG;
            eagain = 1;
        }
        w.kind = LINUX_P_PID, w.id = pid;
        break;
    }
    default:
        return -LINUX_EINVAL;
    }
    long r = do_wait(&w);
    if (r == 0 && eagain)
        return -LINUX_EAGAIN;
    if (r < 0)
        return r;
    if (a[2]) {
        struct linux_siginfo si;
        memset(&si, 0, sizeof(si));
        if (r > 0) {
            si.si_signo = LINUX_SIGCHLD;
            si.si_code = w.code;
            si.u.chld.pid = (int)r;
            si.u.chld.uid = w.uid;
            si.u.chld.status = w.cstatus;
            /* In ticks, like wait_task_zombie()'s nsec_to_clock_t(). */
            si.u.chld.utime = (int64_t)cputime_ticks(w.user_ns);
            si.u.chld.stime = (int64_t)cputime_ticks(w.sys_ns);
        }
        if (copy_to_user(t->mm, a[2], &si, sizeof(si)) < 0)
            return -LINUX_EFAULT;
    }
    if (a[4]) {
        struct linux_rusage ru;
        cputime_rusage(&ru, r > 0 ? w.user_ns : 0, r > 0 ? w.sys_ns : 0);
        if (copy_to_user(t->mm, a[4], &ru, sizeof(ru)) < 0)
            return -LINUX_EFAULT;
    }
    return 0;
}

/* ---- process groups and sessions ---- */

long sys_getppid(struct task *t, const uint64_t a[6])
{
    (void)a;
    /* ppid follows reparenting (reparent_one keeps it in step with parent). */
    return t->ppid;
}

static int group_in_session(int pgid, int sid)
{
    for (int pid = 1; pid <= pid_high(); pid++) {
        struct task *x = task_find(pid);
        if (x && x->state == TASK_ALIVE && x->pgid == pgid && x->sid == sid)
            return 1;
    }
    return 0;
}

long sys_setpgid(struct task *t, const uint64_t a[6])
{
    int pid = (int)a[0], pgid = (int)a[1];
    if (pgid < 0)
        return -LINUX_EINVAL;
    struct task *p = pid ? task_find(pid) : t;
    if (!p)
        return -LINUX_ESRCH;
    if (pgid == 0)
        pgid = p->pid;
    /* kernel/sys.c: setpgid(): self or a child; a child that exec'd is off limits. */
    if (p != t) {
        if (p->parent != t)
            return -LINUX_ESRCH;
        if (p->sid != t->sid)
            return -LINUX_EPERM;
        if (p->did_exec)
            return -LINUX_EACCES;
    }
    if (p->sid == p->pid)
        return -LINUX_EPERM; /* a session leader cannot move */
    if (pgid != p->pid && !group_in_session(pgid, t->sid))
        return -LINUX_EPERM;
    p->pgid = pgid;
    return 0;
}

long sys_getpgid(struct task *t, const uint64_t a[6])
{
    struct task *p = a[0] ? task_find((int)a[0]) : t;
    return p ? p->pgid : -LINUX_ESRCH;
}

long sys_getpgrp(struct task *t, const uint64_t a[6])
{
    (void)a;
    return t->pgid;
}

long sys_getsid(struct task *t, const uint64_t a[6])
{
    struct task *p = a[0] ? task_find((int)a[0]) : t;
    return p ? p->sid : -LINUX_ESRCH;
}

long sys_setsid(struct task *t, const uint64_t a[6])
{
    (void)a;
    /* A process-group leader may not start a session (it would split its group). */
    if (t->pgid == t->pid)
        return -LINUX_EPERM;
    for (int pid = 1; pid <= pid_high(); pid++) {
        struct task *x = task_find(pid);
        if (x && x != t && x->pgid == t->pid)
            return -LINUX_EPERM;
    }
    t->sid = t->pgid = t->pid;
    return t->sid;
}

/* ---- kill ---- */

/* group_send_sig_info(): kill(2)'s permission first (even for signal 0 and zombies), then the signal. */
static long kill_one(struct task *from, struct task *to, int sig, const struct linux_siginfo *info)
{
    long r = from ? cred_may_signal(from, to, sig) : 0;
    if (r < 0 || sig == 0 || to->state != TASK_ALIVE)
        return r;
    return signal_send_info(to, sig, info);
}

long process_kill(struct task *t, int pid, int sig, const struct linux_siginfo *info)
{
    /* kill_pid_info(): the target is looked up before the signal is checked. */
    if (pid > 0) {
        struct task *to = task_find(pid);
        if (!to)
            return -LINUX_ESRCH;
        if (sig < 0 || sig > LINUX_NSIG)
            return -LINUX_EINVAL;
        return kill_one(t, to, sig, info);
    }
    if (sig < 0 || sig > LINUX_NSIG)
        return -LINUX_EINVAL;
    /* 0: the caller's group; -1: everyone but init and the caller; <-1: group -pid. */
    int group = pid == 0 ? t->pgid : pid == -1 ? 0 : -pid;
    int found = 0, sent = 0;
    long ret = 0;
    for (int p = 1; p <= pid_high(); p++) {
        struct task *to = task_find(p);
        /* Zombies still belong to their group: signalling it succeeds (kill_pgrp). */
        if (!to || (pid == -1 && to->state != TASK_ALIVE))
            continue;
        if (pid == -1 ? (to->pid == 1 || to == t) : to->pgid != group)
            continue;
        found = 1;
        long r = kill_one(t, to, sig, info);
        sent |= r == 0;
        /* kill(-1) does not count the processes it may not signal (kill_something_info()). */
        if (r < 0 && !(pid == -1 && r == -LINUX_EPERM))
            ret = r;
    }
    if (!found)
        return -LINUX_ESRCH;
    /* __kill_pgrp_info(): one success is success; kill(-1): the last error that was not EPERM. */
    return pid == -1 || !sent ? ret : 0;
}

/* ---- interval timers (ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF) and alarm ---- */

/* CPU itimers are checked at least this often while armed (Linux checks them on its tick). */
#define CPU_ITIMER_MIN_WAIT_NS 1000000ULL

static int timers_started;

static void *timer_thread(void *arg)
{
    (void)arg;
    kernel_lock();
    for (;;) {
        uint64_t now = sched_now_ns(), next = timerfds_fire();
        for (int pid = 1; pid <= pid_high(); pid++) {
            struct task *t = task_find(pid);
            if (!t || t->state != TASK_ALIVE)
                continue;
            uint64_t cpu_wait = cputime_itimers_check(t);
            if (cpu_wait) {
                uint64_t due = now + (cpu_wait > CPU_ITIMER_MIN_WAIT_NS ? cpu_wait
                                                                        : CPU_ITIMER_MIN_WAIT_NS);
                if (!next || due < next)
                    next = due;
            }
            uint64_t pt_next = ptimers_fire(t, now);
            if (pt_next && (!next || pt_next < next))
                next = pt_next;
            if (!t->itimer_deadline_ns)
                continue;
            if (t->itimer_deadline_ns <= now) {
                /* it_real_fn(): SIGALRM from the kernel, then re-armed by the interval. */
                struct linux_siginfo info;
                memset(&info, 0, sizeof(info));
                info.si_signo = LINUX_SIGALRM;
                info.si_code = LINUX_SI_KERNEL;
                t->itimer_deadline_ns = t->itimer_interval_ns ? now + t->itimer_interval_ns : 0;
                signal_send_info(t, LINUX_SIGALRM, &info);
            }
            if (t->itimer_deadline_ns && (!next || t->itimer_deadline_ns < next))
                next = t->itimer_deadline_ns;
        }
        sched_wait(next);
    }
    return NULL;
}

int process_timers_start(void)
{
    if (timers_started)
        return 0;
    pthread_t th;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    int r = pthread_create(&th, &a, timer_thread, NULL);
    pthread_attr_destroy(&a);
    if (r == 0)
        timers_started = 1;
    return -r;
}

struct linux_itimerval {
    struct linux_timeval interval, value;
};

static void ns_to_tv(uint64_t ns, struct linux_timeval *tv)
{
    tv->tv_sec = (int64_t)(ns / 1000000000ULL);
    tv->tv_usec = (int64_t)(ns % 1000000000ULL) / 1000;
}

static void current_itimer(struct task *t, struct linux_itimerval *v)
{
    uint64_t now = sched_now_ns();
    uint64_t left = t->itimer_deadline_ns > now ? t->itimer_deadline_ns - now : 0;
    /* An armed timer never reads as zero (it would look disarmed). */
    if (t->itimer_deadline_ns && !left)
        left = 1000;
    ns_to_tv(left, &v->value);
    ns_to_tv(t->itimer_interval_ns, &v->interval);
}

/* ITIMER_VIRTUAL counts the task's user time, ITIMER_PROF user + system. */
static struct cpu_itimer *cpu_itimer(struct task *t, int which, uint64_t *now)
{
    uint64_t user, sys;
    task_cpu_time(t, &user, &sys);
    *now = which == LINUX_ITIMER_VIRTUAL ? user : user + sys;
    return which == LINUX_ITIMER_VIRTUAL ? &t->itimer_virt : &t->itimer_prof;
}

static void current_cpu_itimer(struct task *t, int which, struct linux_itimerval *v)
{
    uint64_t now;
    const struct cpu_itimer *it = cpu_itimer(t, which, &now);
    uint64_t left = it->deadline_ns > now ? it->deadline_ns - now : 0;
    if (it->deadline_ns && !left)
        left = 1000; /* about to fire: not zero (get_cpu_itimer() says one tick) */
    ns_to_tv(left, &v->value);
    ns_to_tv(it->interval_ns, &v->interval);
}

long sys_getitimer(struct task *t, const uint64_t a[6])
{
    struct linux_itimerval v;
    memset(&v, 0, sizeof(v));
    if ((int)a[0] < LINUX_ITIMER_REAL || (int)a[0] > LINUX_ITIMER_PROF)
        return -LINUX_EINVAL;
    if ((int)a[0] == LINUX_ITIMER_REAL)
        current_itimer(t, &v);
    else
        current_cpu_itimer(t, (int)a[0], &v);
    return copy_to_user(t->mm, a[1], &v, sizeof(v));
}

static uint64_t tv_to_ns(const struct linux_timeval *tv)
{
    return (uint64_t)tv->tv_sec * 1000000000ULL + (uint64_t)tv->tv_usec * 1000ULL;
}

long sys_setitimer(struct task *t, const uint64_t a[6])
{
    int which = (int)a[0];
    struct linux_itimerval nv, ov;
    memset(&nv, 0, sizeof(nv));
    memset(&ov, 0, sizeof(ov));
    if (a[1] && copy_from_user(t->mm, &nv, a[1], sizeof(nv)) < 0)
        return -LINUX_EFAULT;
    if (which < LINUX_ITIMER_REAL || which > LINUX_ITIMER_PROF)
        return -LINUX_EINVAL;
    if (nv.value.tv_sec < 0 || nv.value.tv_usec < 0 || nv.value.tv_usec >= 1000000 ||
        nv.interval.tv_sec < 0 || nv.interval.tv_usec < 0 || nv.interval.tv_usec >= 1000000)
        return -LINUX_EINVAL;
    if (which != LINUX_ITIMER_REAL) {
        current_cpu_itimer(t, which, &ov);
        uint64_t now, v = tv_to_ns(&nv.value);
        struct cpu_itimer *it = cpu_itimer(t, which, &now);
        it->deadline_ns = v ? now + v : 0;
        it->interval_ns = v ? tv_to_ns(&nv.interval) : 0;
        if (v && process_timers_start() < 0)
            return -LINUX_EAGAIN;
        sched_wake();
    } else {
        current_itimer(t, &ov);
        uint64_t v = tv_to_ns(&nv.value);
        t->itimer_deadline_ns = v ? sched_now_ns() + v : 0;
        t->itimer_interval_ns = v ? tv_to_ns(&nv.interval) : 0;
        if (v && process_timers_start() < 0)
            return -LINUX_EAGAIN;
        sched_wake();
    }
    if (a[2] && copy_to_user(t->mm, a[2], &ov, sizeof(ov)) < 0)
        return -LINUX_EFAULT;
    return 0;
}

long sys_alarm(struct task *t, const uint64_t a[6])
{
    struct linux_itimerval ov;
    current_itimer(t, &ov);
    uint64_t secs = (uint32_t)a[0];
    t->itimer_deadline_ns = secs ? sched_now_ns() + secs * 1000000000ULL : 0;
    t->itimer_interval_ns = 0;
    if (secs && process_timers_start() < 0)
        return -LINUX_EAGAIN;
    sched_wake();
    /* alarm(2) rounds the old remainder to the nearest second, never to zero. */
    long left = ov.value.tv_sec + (ov.value.tv_usec >= 500000);
    if (!left && (ov.value.tv_sec || ov.value.tv_usec))
        left = 1;
    return left;
}
