/* SPDX-License-Identifier: MIT */
/* kernel/signal.c: pending signals and their default actions (kernel/signal.c in Linux). */
#include "signal.h"

#include "../abi/linux.h"
#include "log.h"
#include "task.h"

#define SIGBIT(s) (1ULL << ((s)-1))

/* Signals whose default action is to do nothing (Linux SIG_KERNEL_IGNORE_MASK). */
#define DEFAULT_IGNORE                                                                             \
    (SIGBIT(LINUX_SIGCHLD) | SIGBIT(LINUX_SIGURG) | SIGBIT(LINUX_SIGWINCH) | SIGBIT(LINUX_SIGCONT))
/* Signals whose default action is to stop (SIG_KERNEL_STOP_MASK). */
#define DEFAULT_STOP                                                                               \
    (SIGBIT(LINUX_SIGSTOP) | SIGBIT(LINUX_SIGTSTP) | SIGBIT(LINUX_SIGTTIN) | SIGBIT(LINUX_SIGTTOU))

int signal_ignored(struct task *t, int sig)
{
    uint64_t h = t->sighand->action[sig - 1].handler;
    if (sig == LINUX_SIGKILL || sig == LINUX_SIGSTOP)
        return 0;
    return h == LINUX_SIG_IGN || (h == LINUX_SIG_DFL && (DEFAULT_IGNORE & SIGBIT(sig)));
}

void signal_send(struct task *t, int sig)
{
    if (signal_ignored(t, sig))
        return;
    t->pending |= SIGBIT(sig);
    signal_deliver(t);
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

static void act(struct task *t, int sig)
{
    uint64_t h = t->sighand->action[sig - 1].handler;
    if (sig != LINUX_SIGKILL && h == LINUX_SIG_IGN)
        return;
    if (sig != LINUX_SIGKILL && h != LINUX_SIG_DFL)
        /* TODO(core): build the rt_sigframe and run the handler (process/signal issue). */
        log_warn("signal %d has a handler; running handlers is not supported yet, "
                 "taking the default action",
                 sig);
    default_action(t, sig);
}

void signal_force(struct task *t, int sig)
{
    t->sigmask &= ~SIGBIT(sig);
    t->pending &= ~SIGBIT(sig);
    act(t, sig);
    /* A fault signal that was ignored would re-trap forever; Linux kills then too. */
    if (!t->exited)
        task_exit_signal(t, sig);
}

void signal_deliver(struct task *t)
{
    while (!t->exited) {
        uint64_t ready = t->pending & ~(t->sigmask & ~(SIGBIT(LINUX_SIGKILL) | SIGBIT(LINUX_SIGSTOP)));
        if (!ready)
            return;
        int sig = __builtin_ctzll(ready) + 1;
        t->pending &= ~SIGBIT(sig);
        act(t, sig);
    }
}
