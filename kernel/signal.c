/* SPDX-License-Identifier: MIT */
/* kernel/signal.c: pending signals, default actions and handler frames (mirrors Linux kernel/signal.c). */
#include "signal.h"

#include <stdlib.h>
#include <string.h>

#include "../abi/linux.h"
#include "log.h"
#include "platform.h"
#include "process.h"
#include "sched.h"
#include "task.h"
#include "usercopy.h"

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

/* Linux's RLIMIT_SIGPENDING default is in the thousands; a bound keeps guests from
 * exhausting runtime memory with queued real-time signals. */
#define RT_QUEUE_MAX 1024

static int rt_queued(struct task *t)
{
    int n = 0;
    for (int s = LINUX_SIGRTMIN; s <= LINUX_NSIG; s++)
        for (struct sigqueue *q = t->rtqueue[s - 1]; q; q = q->next)
            n++;
    return n;
}

int signal_send_info(struct task *t, int sig, const struct linux_siginfo *info)
{
    if (t->state != TASK_ALIVE || t->exited)
        return 0;
    /* prepare_signal(): SIGCONT resumes and drops pending stops; a stop drops SIGCONT. */
    if (sig == LINUX_SIGCONT) {
        t->pending &= ~(SIGBIT(LINUX_SIGSTOP) | SIGBIT(LINUX_SIGTSTP) | SIGBIT(LINUX_SIGTTIN) |
                        SIGBIT(LINUX_SIGTTOU));
        if (t->stopped) {
            t->stopped = 0;
            t->report = REPORT_CONTINUED;
            process_notify_parent(t, LINUX_CLD_CONTINUED, LINUX_SIGCONT);
        }
    } else if (SIGBIT(sig) & DEFAULT_STOP) {
        t->pending &= ~SIGBIT(LINUX_SIGCONT);
    }
    if (sig == LINUX_SIGKILL)
        t->stopped = 0;
    /* A blocked signal is never ignored: its handler may change before it is
     * unblocked (kernel/signal.c: sig_ignored()). */
    if (!(t->sigmask & SIGBIT(sig)) && signal_ignored(t, sig)) {
        sched_wake();
        return 0;
    }
    if (sig >= LINUX_SIGRTMIN) {
        if (rt_queued(t) >= RT_QUEUE_MAX)
            return -LINUX_EAGAIN;
        struct sigqueue *q = calloc(1, sizeof(*q)), **tail = &t->rtqueue[sig - 1];
        if (!q)
            return -LINUX_EAGAIN;
        q->info = *info;
        while (*tail)
            tail = &(*tail)->next;
        *tail = q;
    } else if (!(t->pending & SIGBIT(sig))) {
        /* Standard signals do not queue: a second one while pending is merged. */
        t->siginfo[sig - 1] = *info;
    }
    t->pending |= SIGBIT(sig);
    if (t != task_current())
        task_kick(t);
    return 0;
}

void signal_send(struct task *t, int sig)
{
    signal_kill(t, sig, t);
}

void signal_kill(struct task *t, int sig, struct task *from)
{
    struct linux_siginfo info;
    memset(&info, 0, sizeof(info));
    info.si_signo = sig;
    info.si_code = LINUX_SI_USER;
    info.u.rt.pid = from ? from->pid : 0;
    info.u.rt.uid = from ? from->uid : 0;
    signal_send_info(t, sig, &info);
}

int signal_pending(struct task *t)
{
    return (t->pending & ~(t->sigmask & ~UNBLOCKABLE)) != 0 || t->exited;
}

int signal_dequeue(struct task *t, uint64_t set, struct linux_siginfo *info)
{
    uint64_t ready = t->pending & set;
    if (!ready)
        return 0;
    /* next_signal(): synchronous signals (SYNCHRONOUS_MASK) go first, then the lowest. */
    const uint64_t sync = SIGBIT(LINUX_SIGSEGV) | SIGBIT(LINUX_SIGBUS) | SIGBIT(LINUX_SIGILL) |
                          SIGBIT(LINUX_SIGTRAP) | SIGBIT(LINUX_SIGFPE) | SIGBIT(LINUX_SIGSYS);
    if (ready & sync)
        ready &= sync;
    int sig = __builtin_ctzll(ready) + 1;
    if (sig >= LINUX_SIGRTMIN && t->rtqueue[sig - 1]) {
        struct sigqueue *q = t->rtqueue[sig - 1];
        *info = q->info;
        t->rtqueue[sig - 1] = q->next;
        free(q);
        if (!t->rtqueue[sig - 1])
            t->pending &= ~SIGBIT(sig);
    } else {
        *info = t->siginfo[sig - 1];
        t->pending &= ~SIGBIT(sig);
    }
    return sig;
}

/*
 * A job-control stop (do_signal_stop()): the parent hears of it, and the task
 * waits, in the kernel, until SIGCONT or SIGKILL.
 */
static void do_stop(struct task *t, int sig)
{
    t->stopped = 1;
    t->stop_sig = sig;
    t->report = REPORT_STOPPED;
    process_notify_parent(t, LINUX_CLD_STOPPED, sig);
    sched_wake();
    while (t->stopped && !(t->pending & SIGBIT(LINUX_SIGKILL)) && !t->exited)
        sched_wait_for(t, 0);
}

/* Default action of @sig for @t: terminate, ignore, or (not yet) stop. */
static void default_action(struct task *t, int sig)
{
    if (DEFAULT_IGNORE & SIGBIT(sig))
        return;
    if (DEFAULT_STOP & SIGBIT(sig)) {
        do_stop(t, sig);
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
    t->fp_size_seen = t->fp.size;
    struct arch_sigdelivery d = {
        .sig = sig, .act = act, .info = info, .uc_stack = &uc_stack,
        .oldmask = t->has_saved_sigmask ? t->saved_sigmask : t->sigmask,
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

    /* The frame carries the pre-sigsuspend mask; sigreturn restores it. */
    if (t->has_saved_sigmask) {
        t->sigmask = t->saved_sigmask;
        t->has_saved_sigmask = 0;
    }
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

static int is_restart(long r)
{
    return r == -LINUX_ERESTARTSYS || r == -LINUX_ERESTARTNOINTR || r == -LINUX_ERESTARTNOHAND ||
           r == -LINUX_ERESTART_RESTARTBLOCK;
}

/*
 * The syscall just handled returned a restart code and a handler is about to
 * run (@handler set) or not: Linux's handle_signal()/arch_do_signal_or_restart()
 * decide between -EINTR and executing the syscall again.
 */
static void fix_restart(struct task *t, const struct linux_sigaction *handler)
{
    if (!t->after_syscall || !is_restart(t->syscall_ret))
        return;
    long r = t->syscall_ret;
    t->after_syscall = 0;
    if (handler && (r == -LINUX_ERESTARTNOHAND || r == -LINUX_ERESTART_RESTARTBLOCK ||
                    (r == -LINUX_ERESTARTSYS && !(handler->flags & LINUX_SA_RESTART)))) {
        arch_syscall_set_return(&t->regs, -LINUX_EINTR);
        return;
    }
    if (r == -LINUX_ERESTART_RESTARTBLOCK) {
        arch_syscall_restart_block(&t->regs, LINUX_NR_restart_syscall);
        return;
    }
    arch_syscall_rollback(&t->regs);
}

void signal_deliver(struct task *t)
{
    while (!t->exited) {
        uint64_t ready = t->pending & ~(t->sigmask & ~UNBLOCKABLE);
        if (!ready)
            break;
        struct linux_siginfo info;
        int sig = signal_dequeue(t, ready, &info);
        struct linux_sigaction *act = &t->sighand->action[sig - 1];
        if (sig == LINUX_SIGKILL || act->handler == LINUX_SIG_DFL) {
            default_action(t, sig);
            continue;
        }
        if (act->handler == LINUX_SIG_IGN)
            continue;
        fix_restart(t, act);
        if (setup_frame(t, sig, &info, NULL) < 0)
            frame_failed(t, sig);
        /* One handler frame per return to the guest keeps the order simple. */
        break;
    }
    fix_restart(t, NULL);
    t->after_syscall = 0;
    /* No handler ran after sigsuspend: its temporary mask ends here. */
    if (t->has_saved_sigmask && !t->exited) {
        t->sigmask = t->saved_sigmask;
        t->has_saved_sigmask = 0;
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
        /* The frame holds a whole image of the size the platform gave when
         * the frame was built: no need to fetch the live one just to learn it. */
        const struct platform_ops *ops = t->platform->ops;
        int known = t->fp_size_seen != 0;
        if (known)
            t->fp.size = t->fp_size_seen;
        if ((!known && ops->fp_fetch(t->ctx, &t->fp) < 0) ||
            copy_from_user(t->mm, t->fp.xsave, fpaddr, t->fp.size) < 0) {
            t->fp.size = 0;
            frame_failed(t, 0);
            return 0;
        }
        /* fp.size stays set: the next switch loads the restored state. */
    }
    return (long)arch_syscall_return_value(&t->regs);
}
