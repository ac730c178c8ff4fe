/* SPDX-License-Identifier: MIT */
/* kernel/task.c: the task loop: switch to the guest, then handle the syscall or the fault. */
#include "task.h"

#include <sys/syscall.h>
#include <unistd.h>

#include "../abi/linux.h"
#include "log.h"
#include "mm.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"

void task_exit(struct task *t, int code)
{
    if (t->exited)
        return;
    t->exited = 1;
    t->exit_code = (code & 0xff) << 8;
    if (t != task_current())
        task_kick(t);
}

void task_exit_signal(struct task *t, int sig)
{
    if (t->exited)
        return;
    t->exited = 1;
    t->exit_code = sig & 0x7f;
    if (t != task_current())
        task_kick(t);
}

static void handle_fault(struct task *t, const struct fault_info *f)
{
    /* A store to a copy-on-write page is the kernel's to finish: copy, retry. */
    if (f->signo == LINUX_SIGSEGV && f->si_code == LINUX_SEGV_ACCERR && mm_fault(t->mm, f->addr) == 0)
        return;
    log_debug("task %d: signal %d code %d at 0x%llx (pc 0x%llx)", t->tid, f->signo, f->si_code,
              (unsigned long long)f->addr, (unsigned long long)arch_regs_pc(&t->regs));
    /* Platforms map eagerly, so every other fault is final and carries the
     * host's classification already. */
    signal_force_fault(t, f);
}

int task_run(struct task *t)
{
    const struct platform_ops *ops = t->platform->ops;
    struct fault_info fault;
    t->host_tid = (int)syscall(SYS_gettid); /* its CPU clock is part of the task's time */
    /* Signals that arrived before the first instruction (or while stopped) go first. */
    signal_deliver(t);
    while (!t->exited) {
        t->in_guest = 1;
        kernel_unlock();
        int r = ops->switch_to_user(t->ctx, &t->regs, &t->fp, &fault);
        kernel_lock();
        t->in_guest = 0;
        if (r < 0) {
            /* The platform lost the context (stub died): the guest dies, not the runtime. */
            log_error("task %d: execution context lost (%d); killing the task", t->tid, r);
            task_exit_signal(t, LINUX_SIGKILL);
            break;
        }
        switch (r) {
        case SWITCH_SYSCALL:
            syscall_dispatch(t);
            break;
        case SWITCH_FAULT:
            handle_fault(t, &fault);
            break;
        case SWITCH_INTERRUPTED:
            break;
        default:
            BUG_ON(1);
        }
        signal_deliver(t);
    }
    return t->exit_code;
}
