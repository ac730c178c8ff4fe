/* SPDX-License-Identifier: MIT */
/* kernel/sys_signal.c: signal actions, masks, and signals a task sends itself. */
#include <string.h>

#include "../abi/linux.h"
#include "signal.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"

#define SIGBIT(s) (1ULL << ((s)-1))
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

/* Only the task itself exists in the sandbox for now. */
static long send_self(struct task *t, int pid, int sig, int si_code)
{
    if (sig < 0 || sig > LINUX_NSIG)
        return -LINUX_EINVAL;
    if (pid != t->pid && pid != 0 && pid != -1)
        return -LINUX_ESRCH;
    if (sig == 0)
        return 0;
    /* kill() is SI_USER, tkill/tgkill SI_TKILL (kernel/signal.c: prepare_kill_siginfo). */
    struct linux_siginfo info;
    memset(&info, 0, sizeof(info));
    info.si_signo = sig;
    info.si_code = si_code;
    info.u.rt.pid = t->pid;
    info.u.rt.uid = t->uid;
    signal_send_info(t, sig, &info);
    return 0;
}

long sys_kill(struct task *t, const uint64_t a[6])
{
    int pid = (int)a[0];
    if (pid < -1)
        pid = -pid == t->pid ? t->pid : -2;
    return send_self(t, pid, (int)a[1], LINUX_SI_USER);
}

long sys_tgkill(struct task *t, const uint64_t a[6])
{
    if ((int)a[0] <= 0 || (int)a[1] <= 0)
        return -LINUX_EINVAL;
    if ((int)a[0] != t->pid)
        return -LINUX_ESRCH;
    return send_self(t, (int)a[1] == t->tid ? t->pid : -2, (int)a[2], LINUX_SI_TKILL);
}

long sys_tkill(struct task *t, const uint64_t a[6])
{
    if ((int)a[0] <= 0)
        return -LINUX_EINVAL;
    return send_self(t, (int)a[0] == t->tid ? t->pid : -2, (int)a[1], LINUX_SI_TKILL);
}

long sys_rt_sigreturn(struct task *t, const uint64_t a[6])
{
    (void)a;
    return signal_restore_frame(t);
}
