/* SPDX-License-Identifier: MIT */
/* kernel/signal.h: signal generation, default actions and handler delivery for a task. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

struct task;
struct fault_info;
struct linux_siginfo;

/** signal_ignored - @sig would be discarded on arrival (SIG_IGN, or ignored by default). */
int signal_ignored(struct task *t, int sig);

/** signal_send - make @sig pending on @t as kill(2) from @t itself (SI_USER). */
void signal_send(struct task *t, int sig);

/** signal_send_info - make @sig pending with @info (si_signo must be @sig). */
void signal_send_info(struct task *t, int sig, const struct linux_siginfo *info);

/**
 * signal_force_fault - a synchronous trap (SIGSEGV, SIGFPE...): like Linux's
 * force_sig_fault() it is unblocked and, when ignored, reset to the default,
 * then delivered at once: to the handler, or by killing the task.
 */
void signal_force_fault(struct task *t, const struct fault_info *f);

/** signal_deliver - act on pending, unblocked signals before returning to the guest. */
void signal_deliver(struct task *t);

/** signal_restore_frame - rt_sigreturn for @t; returns the value for rax/x0. */
long signal_restore_frame(struct task *t);

#endif
