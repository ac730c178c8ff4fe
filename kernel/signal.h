/* SPDX-License-Identifier: MIT */
/* kernel/signal.h: signal generation, default actions, stops, restarts and handler frames. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include <stdint.h>

struct task;
struct fault_info;
struct linux_siginfo;

#define SIGBIT(s) (1ULL << ((s)-1))

/** signal_ignored - @sig would be discarded on arrival (SIG_IGN, or ignored by default). */
int signal_ignored(struct task *t, int sig);

/** signal_send - make @sig pending on @t as if @t sent it to itself (SI_USER). */
void signal_send(struct task *t, int sig);

/** signal_kill - @sig for @t as kill(2) from @from (SI_USER, si_pid of @from). */
void signal_kill(struct task *t, int sig, struct task *from);

/**
 * signal_send_info - generate @sig with @info for @t, from any task's thread:
 * pending (standard signals merge, real-time ones queue), SIGCONT/SIGKILL
 * side effects applied at once, and @t kicked out of guest code or a wait.
 * Returns 0, or -LINUX_EAGAIN when the real-time queue is full.
 */
int signal_send_info(struct task *t, int sig, const struct linux_siginfo *info);

/**
 * signal_force_fault - a synchronous trap (SIGSEGV, SIGFPE...): like Linux's
 * force_sig_fault() it is unblocked and, when ignored, reset to the default,
 * then delivered at once: to the handler, or by killing the task.
 */
void signal_force_fault(struct task *t, const struct fault_info *f);

/** signal_pending - a signal is pending and unblocked (an interruptible wait must end). */
int signal_pending(struct task *t);

/**
 * signal_deliver - on @t's own thread, before it returns to the guest: act on
 * pending unblocked signals (default actions, stops, at most one handler frame)
 * and apply the syscall-restart rules to the syscall just handled.
 */
void signal_deliver(struct task *t);

/** signal_dequeue - take the lowest pending signal in @set (for sigtimedwait). 0 if none. */
int signal_dequeue(struct task *t, uint64_t set, struct linux_siginfo *info);

/** signal_restore_frame - rt_sigreturn for @t; returns the value for rax/x0. */
long signal_restore_frame(struct task *t);

#endif
