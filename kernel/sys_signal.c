/* SPDX-License-Identifier: MIT */
/* kernel/sys_signal.c: signal actions, masks, and signals a task sends itself. */
#include <string.h>

#include "../abi/linux.h"
#include "cred.h"
#include "process.h"
#include "sched.h"
#include "signal.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"

#define UNBLOCKABLE (SIGBIT(LINUX_SIGKILL) | SIGBIT(LINUX_SIGSTOP))

long sys_rt_sigaction(struct task *t, const uint64_t a[6])
{
    int sig = (int)a[0];
    if (a[3] != sizeof(linux_sigset_t))
        return -LINUX_EINVAL;
    if (sig < 1 || sig > LINUX_NSIG)
        return -LINUX_EINVAL;
    struct linux_sigaction act, *cur = &t->sighand->action[sig - 1];
    if (a[1]) {
        if (sig == LINUX_SIGKILL || sig == LINUX_SIGSTOP)
            return -LINUX_EINVAL;
        if (copy_from_user(t->mm, &act, a[1], sizeof(act)) < 0)
            return -LINUX_EFAULT;
    }
    if (a[2] && copy_to_user(t->mm, a[2], cur, sizeof(*cur)) < 0)
        return -LINUX_EFAULT;
    if (a[1]) {
        act.mask &= ~UNBLOCKABLE;
        *cur = act;
        /* Setting SIG_IGN discards a pending instance (kernel/signal.c: do_sigaction). */
        if (signal_ignored(t, sig))
            t->pending &= ~SIGBIT(sig);
    }
    return 0;
}

long sys_rt_sigprocmask(struct task *t, const uint64_t a[6])
{
    if (a[3] != sizeof(linux_sigset_t))
        return -LINUX_EINVAL;
    linux_sigset_t set, old = t->sigmask;
    if (a[1]) {
        if (copy_from_user(t->mm, &set, a[1], sizeof(set)) < 0)
            return -LINUX_EFAULT;
        switch ((int)a[0]) {
        case LINUX_SIG_BLOCK:
            t->sigmask |= set;
            break;
        case LINUX_SIG_UNBLOCK:
            t->sigmask &= ~set;
            break;
        case LINUX_SIG_SETMASK:
            t->sigmask = set;
            break;
        default:
            return -LINUX_EINVAL;
        }
        t->sigmask &= ~UNBLOCKABLE;
    }
    if (a[2] && copy_to_user(t->mm, a[2], &old, sizeof(old)) < 0) {
        t->sigmask = old;
        return -LINUX_EFAULT;
    }
    return 0;
}

#define LINUX_SS_ONSTACK 1
#define LINUX_SS_DISABLE 2
#define LINUX_MINSIGSTKSZ 2048
#define LINUX_SS_AUTODISARM (1U << 31)

long sys_sigaltstack(struct task *t, const uint64_t a[6])
{
    struct linux_stack ss, old = t->altstack;
    uint64_t sp = arch_regs_sp(&t->regs);
    int on = old.ss_size && sp > old.ss_sp && sp - old.ss_sp <= old.ss_size;
    /* do_sigaltstack(): the reported flags say where the task is, plus the mode bits. */
    old.ss_flags = (!old.ss_size ? LINUX_SS_DISABLE : on ? LINUX_SS_ONSTACK : 0) |
                   (t->altstack.ss_flags & (int32_t)LINUX_SS_AUTODISARM);
    if (a[0]) {
        if (copy_from_user(t->mm, &ss, a[0], sizeof(ss)) < 0)
            return -LINUX_EFAULT;
        if (on)
            return -LINUX_EPERM;
        int mode = ss.ss_flags & ~(int32_t)LINUX_SS_AUTODISARM;
        if (mode != LINUX_SS_DISABLE && mode != LINUX_SS_ONSTACK && mode != 0)
            return -LINUX_EINVAL;
        if (mode == LINUX_SS_DISABLE) {
            ss.ss_size = 0;
            ss.ss_sp = 0;
        } else if (ss.ss_size < LINUX_MINSIGSTKSZ) {
            return -LINUX_ENOMEM;
        }
    }
    if (a[1] && copy_to_user(t->mm, a[1], &old, sizeof(old)) < 0)
        return -LINUX_EFAULT;
    if (a[0]) {
        ss.ss_flags &= (int32_t)LINUX_SS_AUTODISARM;
        t->altstack = ss;
    }
    return 0;
}

static void user_info(struct linux_siginfo *info, struct task *t, int sig, int code)
{
    memset(info, 0, sizeof(*info));
    info->si_signo = sig;
    info->si_code = code;
    info->u.rt.pid = t->pid;
    info->u.rt.uid = t->uid;
}

long sys_kill(struct task *t, const uint64_t a[6])
{
    struct linux_siginfo info;
    int sig = (int)a[1];
    user_info(&info, t, sig, LINUX_SI_USER);
    return process_kill(t, (int)a[0], sig, &info);
}

/* tkill/tgkill: one thread (kernel/signal.c: do_tkill), SI_TKILL. */
static long do_tkill(struct task *t, int tgid, int tid, int sig)
{
    if (tid <= 0 || sig < 0 || sig > LINUX_NSIG)
        return -LINUX_EINVAL;
    struct task *to = task_find(tid);
    if (!to || to->state != TASK_ALIVE || (tgid > 0 && to->pid != tgid))
        return -LINUX_ESRCH;
    long r = cred_may_signal(t, to, sig);
    if (r < 0)
        return r;
    struct linux_siginfo info;
    user_info(&info, t, sig, LINUX_SI_TKILL);
    return sig ? signal_send_info(to, sig, &info) : 0;
}

long sys_tgkill(struct task *t, const uint64_t a[6])
{
    if ((int)a[0] <= 0)
        return -LINUX_EINVAL;
    return do_tkill(t, (int)a[0], (int)a[1], (int)a[2]);
}

long sys_tkill(struct task *t, const uint64_t a[6])
{
    return do_tkill(t, 0, (int)a[0], (int)a[1]);
}

long sys_rt_sigreturn(struct task *t, const uint64_t a[6])
{
    (void)a;
    /* restore_sigcontext(): a restart_syscall after a handler resumes nothing. */
    t->restart.fn = NULL;
    return signal_restore_frame(t);
}

long sys_rt_sigpending(struct task *t, const uint64_t a[6])
{
    if (a[1] > sizeof(linux_sigset_t))
        return -LINUX_EINVAL;
    linux_sigset_t set = t->pending & t->sigmask;
    return copy_to_user(t->mm, a[0], &set, (size_t)a[1]);
}

/* Wait with a temporary mask; the old one comes back through the handler's frame. */
long sys_rt_sigsuspend(struct task *t, const uint64_t a[6])
{
    linux_sigset_t set;
    if (a[1] != sizeof(linux_sigset_t))
        return -LINUX_EINVAL;
    if (copy_from_user(t->mm, &set, a[0], sizeof(set)) < 0)
        return -LINUX_EFAULT;
    t->saved_sigmask = t->sigmask;
    t->has_saved_sigmask = 1;
    t->sigmask = set & ~UNBLOCKABLE;
    while (!signal_pending(t))
        sched_wait_for(t, 0);
    return -LINUX_ERESTARTNOHAND;
}

long sys_pause(struct task *t, const uint64_t a[6])
{
    (void)a;
    while (!signal_pending(t))
        sched_wait_for(t, 0);
    return -LINUX_ERESTARTNOHAND;
}

long sys_rt_sigtimedwait(struct task *t, const uint64_t a[6])
{
    linux_sigset_t set;
    struct linux_timespec ts;
    if (a[3] != sizeof(linux_sigset_t))
        return -LINUX_EINVAL;
    if (copy_from_user(t->mm, &set, a[0], sizeof(set)) < 0)
        return -LINUX_EFAULT;
    uint64_t deadline = 0;
    if (a[2]) {
        if (copy_from_user(t->mm, &ts, a[2], sizeof(ts)) < 0)
            return -LINUX_EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
            return -LINUX_EINVAL;
        deadline = sched_now_ns() + (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
    }
    set &= ~UNBLOCKABLE;
    for (;;) {
        struct linux_siginfo info;
        int sig = signal_dequeue(t, set, &info);
        if (sig) {
            if (a[1] && copy_to_user(t->mm, a[1], &info, sizeof(info)) < 0)
                return -LINUX_EFAULT;
            return sig;
        }
        /* Another, unblocked signal ends the wait (it will be delivered). */
        if (signal_pending(t))
            return -LINUX_EINTR;
        if (a[2] && (deadline <= sched_now_ns() || sched_wait_for(t, deadline) == -LINUX_ETIMEDOUT)) {
            if (!signal_dequeue(t, 0, &info) && !(t->pending & set))
                return -LINUX_EAGAIN;
        } else if (!a[2]) {
            sched_wait_for(t, 0);
        }
    }
}

static long queueinfo(struct task *t, int tgid, int tid, int sig, uaddr_t uinfo)
{
    struct linux_siginfo info;
    if (copy_from_user(t->mm, &info, uinfo, sizeof(info)) < 0)
        return -LINUX_EFAULT;
    if (sig <= 0 || sig > LINUX_NSIG)
        return -LINUX_EINVAL;
    struct task *to = task_find(tid > 0 ? tid : tgid);
    if (!to || to->state != TASK_ALIVE || (tid > 0 && to->pid != tgid))
        return -LINUX_ESRCH;
    /* Only the kernel may claim si_code >= 0 or SI_TKILL for another process. */
    if ((info.si_code >= 0 || info.si_code == LINUX_SI_TKILL) && to != t)
        return -LINUX_EPERM;
    long r = cred_may_signal(t, to, sig);
    if (r < 0)
        return r;
    info.si_signo = sig;
    return signal_send_info(to, sig, &info);
}

long sys_rt_sigqueueinfo(struct task *t, const uint64_t a[6])
{
    return queueinfo(t, (int)a[0], 0, (int)a[1], a[2]);
}

long sys_rt_tgsigqueueinfo(struct task *t, const uint64_t a[6])
{
    return queueinfo(t, (int)a[0], (int)a[1], (int)a[2], a[3]);
}
