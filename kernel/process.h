/* SPDX-License-Identifier: MIT */
/* kernel/process.h: process creation, exit, reaping, and the relations between tasks. */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <stdint.h>

struct task;

/**
 * process_notify_parent - tell @child's parent of a state change: @code is
 * LINUX_CLD_* and @status the exit code or signal (SIGCHLD unless the parent
 * asked for SA_NOCLDSTOP on stops/continues). Lock held.
 */
void process_notify_parent(struct task *child, int code, int status);

/** process_kill_all - SIGKILL every task but @except (init's exit ends the sandbox). */
void process_kill_all(struct task *except);

/** process_reap - forget a zombie: free its pid and memory. */
void process_reap(struct task *t);

struct linux_siginfo;
/**
 * process_kill - kill(2) routing: @pid > 0 one task, 0 the caller's group, -1
 * everyone but init and the caller, < -1 group -@pid, with kill(2)'s permission
 * checks for the sender @t; a NULL @t is the world outside the sandbox (no checks,
 * and @pid must then name the target). 0 or -LINUX_E*.
 */
long process_kill(struct task *t, int pid, int sig, const struct linux_siginfo *info);

/** process_timers_start - the thread that fires ITIMER_REAL/alarm and POSIX timer signals. */
int process_timers_start(void);

/**
 * ptimers_fire - fire @t's due POSIX timers (kernel/sys_timer.c), at @now on
 * the monotonic clock. Returns when the next one is due on that clock (an
 * estimate for CPU-time timers), 0 for none. Lock held.
 */
uint64_t ptimers_fire(struct task *t, uint64_t now);

/**
 * timerfds_fire - count the expirations of every armed timerfd and wake its
 * waiters (kernel/sys_timer.c). The monotonic time of the nearest next
 * expiration, or 0 for none. Kernel lock held.
 */
uint64_t timerfds_fire(void);

/** ptimers_release - delete all of @t's POSIX timers (exit, exec). */
void ptimers_release(struct task *t);

#endif
