/* SPDX-License-Identifier: MIT */
/* kernel/signal.c: pending signals, default actions and handler frames (mirrors Linux kernel/signal.c). */
#include "signal.h"

#include <stdlib.h>
#include <string.h>

#include "../abi/linux.h"
#include "log.h"
#include "platform.h"
#include "task.h"
#include "usercopy.h"

#define SIGBIT(s) (1ULL << ((s)-1))
#define UNBLOCKABLE (SIGBIT(LINUX_SIGKILL) | SIGBIT(LINUX_SIGSTOP))

/* Signals whose default action is to do nothing (Linux SIG_KERNEL_IGNORE_MASK). */
#define DEFAULT_IGNORE                                                                             \
    (SIGBIT(LINUX_SIGCHLD) | SIGBIT(LINUX_SIGURG) | SIGBIT(LINUX_SIGWINCH) | SIGBIT(LINUX_SIGCONT))
/* Signals whose default action is to stop (SIG_KERNEL_STOP_MASK). */
#define DEFAULT_STOP                                                                               \
    (SIGBIT(LINUX_SIGSTOP) | SIGBIT(LINUX_SIGTSTP) | SIGBIT(LINUX_SIGTTIN) | SIGBIT(LINUX_SIGTTOU))

#define LINUX_SS_ONSTACK 1
#define LINUX_SS_DISABLE 2
#define LINUX_SS_AUTODISARM (1U << 31)

int signal_ignored(struct task *t, int sig)
{
    uint64_t h = t->sighand->action[sig - 1].handler;
    if (sig == LINUX_SIGKILL || sig == LINUX_SIGSTOP)
        return 0;
    return h == LINUX_SIG_IGN || (h == LINUX_SIG_DFL && (DEFAULT_IGNORE & SIGBIT(sig)));
}

void signal_send_info(struct task *t, int sig, const struct linux_siginfo *info)
{
    /* A blocked signal is never ignored: its handler may change before it is
     * unblocked (kernel/signal.c: sig_ignored()). */
    if (!(t->sigmask & SIGBIT(sig)) && signal_ignored(t, sig))
        return;
    /* Standard signals do not queue: a second one while pending is merged. */
    if (!(t->pending & SIGBIT(sig)))
        t->siginfo[sig - 1] = *info;
    t->pending |= SIGBIT(sig);
    signal_deliver(t);
}

void signal_send(struct task *t, int sig)
{
    struct linux_siginfo info;
    memset(&info, 0, sizeof(info));
    info.si_signo = sig;
    info.si_code = LINUX_SI_USER;
    info.u.rt.pid = t->pid;
    info.u.rt.uid = t->uid;
    signal_send_info(t, sig, &info);
}

/* Default action of @sig for @t: terminate, ignore, or (not yet) stop. */
static void default_action(struct task *t, int sig)
{
    if (DEFAULT_IGNORE & SIGBIT(sig))
        return;
    if (DEFAULT_STOP & SIGBIT(sig)) {
        /* TODO(core): job-control stop needs a parent to report to (process issue). */
        log_warn("signal %d would stop the task; stopping is not supported yet, ignored", sig);
        return;
    }
    task_exit_signal(t, sig);
}

static int on_altstack(const struct task *t, uint64_t sp)
{
    const struct linux_stack *ss = &t->altstack;
    /* on_sig_stack(): the stack grows down, so its top is inside and its base is not. */
    return ss->ss_size && sp > ss->ss_sp && sp - ss->ss_sp <= ss->ss_size;
}

/* Build the frame and redirect the task to the handler (Linux handle_signal()). */
static int setup_frame(struct task *t, int sig, const struct linux_siginfo *info,
                       const struct fault_info *fault)
{
    struct linux_sigaction *act = &t->sighand->action[sig - 1];
    const struct platform_ops *ops = t->platform->ops;
    uint64_t sp = arch_regs_sp(&t->regs);
    int onstack = on_altstack(t, sp);
    /* __save_altstack(): the frame records the sigaltstack settings as set. */
    struct linux_stack uc_stack = t->altstack;
    if (!uc_stack.ss_size)
        uc_stack.ss_flags = LINUX_SS_DISABLE;
    int use_alt = (act->flags & LINUX_SA_ONSTACK) && t->altstack.ss_size && !onstack &&
                  !(t->altstack.ss_flags & LINUX_SS_DISABLE);
    if (use_alt)
        sp = t->altstack.ss_sp + t->altstack.ss_size;
    /* SS_AUTODISARM: every frame setup disarms the stack (sas_ss_reset()). */
    if (t->altstack.ss_flags & LINUX_SS_AUTODISARM)
        memset(&t->altstack, 0, sizeof(t->altstack));

    if (ops->fp_fetch(t->ctx, &t->fp) < 0)
        t->fp.size = 0;
    struct arch_sigdelivery d = {
        .sig = sig, .act = act, .info = info, .uc_stack = &uc_stack, .oldmask = t->sigmask,
        .on_altstack = use_alt,
        .fault_addr = fault ? fault->addr : 0,
        .trapno = fault && fault->vector >= 0 ? fault->vector : 0,
    };
    size_t cap = sizeof(t->fp.xsave) + 4096;
    void *buf = malloc(cap);
    uint64_t frame = 0;
    long n = buf ? arch_signal_frame(&t->regs, &t->fp, sp, &d, buf, cap, &frame)
                 : -LINUX_ENOMEM;
    /* The FP state stays live in the platform; the handler starts with it. */
    t->fp.size = 0;
    if (n >= 0 && copy_to_user(t->mm, frame, buf, (size_t)n) < 0)
        n = -LINUX_EFAULT;
    free(buf);
    if (n < 0)
        return (int)n;

    t->sigmask |= act->mask;
    if (!(act->flags & LINUX_SA_NODEFER))
        t->sigmask |= SIGBIT(sig);
    t->sigmask &= ~UNBLOCKABLE;
    if (act->flags & LINUX_SA_RESETHAND)
        act->handler = LINUX_SIG_DFL;
    return 0;
}

/* Linux force_sigsegv(): a frame that cannot be written kills with SIGSEGV. */
static void frame_failed(struct task *t, int sig)
{
    log_debug("task %d: cannot build the frame for signal %d: SIGSEGV", t->tid, sig);
    task_exit_signal(t, LINUX_SIGSEGV);
}

static void act_on(struct task *t, int sig, const struct linux_siginfo *info,
                   const struct fault_info *fault)
{
    uint64_t h = t->sighand->action[sig - 1].handler;
    if (sig == LINUX_SIGKILL || h == LINUX_SIG_DFL) {
        default_action(t, sig);
        return;
    }
    if (h == LINUX_SIG_IGN)
        return;
    if (setup_frame(t, sig, info, fault) < 0)
        frame_failed(t, sig);
}

void signal_force_fault(struct task *t, const struct fault_info *f)
{
    int sig = f->signo;
    struct linux_sigaction *act = &t->sighand->action[sig - 1];
    struct linux_siginfo info;
    memset(&info, 0, sizeof(info));
    info.si_signo = sig;
    info.si_code = f->si_code;
    info.u.fault.addr = f->addr;
    /* force_sig_info_to_task(): blocked or ignored means back to the default action. */
    int blocked = (t->sigmask & SIGBIT(sig)) != 0;
    if (blocked || act->handler == LINUX_SIG_IGN) {
        act->handler = LINUX_SIG_DFL;
        t->sigmask &= ~SIGBIT(sig);
    }
    act_on(t, sig, &info, f);
}

void signal_deliver(struct task *t)
{
    while (!t->exited) {
        uint64_t ready = t->pending & ~(t->sigmask & ~UNBLOCKABLE);
        if (!ready)
            return;
        /* Synchronous-class signals first, then by number (Linux next_signal()). */
        int sig = __builtin_ctzll(ready) + 1;
        struct linux_siginfo info = t->siginfo[sig - 1];
        t->pending &= ~SIGBIT(sig);
        act_on(t, sig, &info, NULL);
        /* One handler frame per return to the guest, as Linux delivers one at a time. */
        if (t->sighand->action[sig - 1].handler > LINUX_SIG_IGN)
            return;
    }
}

long signal_restore_frame(struct task *t)
{
    size_t size = arch_sigframe_size();
    void *frame = malloc(size);
    uint64_t mask, fpaddr;
    struct linux_stack st;
    uint64_t addr = arch_sigreturn_frame_addr(&t->regs);
    if (!frame || copy_from_user(t->mm, frame, addr, size) < 0) {
        free(frame);
        frame_failed(t, 0);
        return 0;
    }
    arch_signal_restore(&t->regs, frame, &mask, &st, &fpaddr);
    free(frame);
    t->sigmask = mask & ~UNBLOCKABLE;
    /* restore_altstack(): errors are ignored, as in Linux. */
    if (!(st.ss_flags & LINUX_SS_DISABLE) && st.ss_size && !on_altstack(t, arch_regs_sp(&t->regs)))
        t->altstack = st;
    if (fpaddr) {
        const struct platform_ops *ops = t->platform->ops;
        if (ops->fp_fetch(t->ctx, &t->fp) < 0 ||
            copy_from_user(t->mm, t->fp.xsave, fpaddr, t->fp.size) < 0) {
            t->fp.size = 0;
            frame_failed(t, 0);
            return 0;
        }
        /* fp.size stays set: the next switch loads the restored state. */
    }
    return (long)arch_syscall_return_value(&t->regs);
}
