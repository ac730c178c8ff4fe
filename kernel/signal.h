/* SPDX-License-Identifier: MIT */
/* kernel/signal.h: signal generation, default actions and delivery for a task. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

struct task;

/** signal_ignored - @sig would be discarded on arrival (SIG_IGN, or ignored by default). */
int signal_ignored(struct task *t, int sig);

/** signal_send - make @sig pending on @t (kill/tgkill semantics). */
void signal_send(struct task *t, int sig);

/**
 * signal_force - a synchronous fault (SIGSEGV, SIGFPE...): Linux's force_sig_fault()
 * unblocks it and, when it cannot be handled, kills the task.
 */
void signal_force(struct task *t, int sig);

/** signal_deliver - act on pending, unblocked signals before returning to the guest. */
void signal_deliver(struct task *t);

#endif
