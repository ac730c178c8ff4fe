/* SPDX-License-Identifier: MIT */
/* kernel/sched.h: the kernel lock, the task registry, task threads and blocking waits. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdint.h>

struct task;

/*
 * Concurrency model. Every task runs on its own host thread. All kernel state
 * is protected by one lock, held whenever a thread runs kernel code and
 * dropped while the task runs guest code (switch_to_user) and while it
 * blocks. A blocked task waits for a channel (see sched_wait_for) and
 * re-checks its condition (and pending signals) on every wake-up.
 */
void kernel_lock(void);
void kernel_unlock(void);

/** task_current - the task whose thread is calling (NULL on other threads). */
struct task *task_current(void);
void task_set_current(struct task *t);

/* The channel of a wait that any change may end. */
#define SCHED_ANY ((const void *)0)

/**
 * sched_wait_for - block the calling thread until a wake-up for @chan (or
 * for everything), or until the monotonic clock reaches @deadline_ns (0 = no
 * deadline). Kernel lock held; dropped while waiting. Returns 0 (which may be
 * spurious: callers re-check), or -LINUX_ETIMEDOUT when the deadline passed.
 * A task that waits on a channel of its own (itself, a pipe) is still woken
 * by every sched_wake(), so by every signal and child state change.
 */
int sched_wait_for(const void *chan, uint64_t deadline_ns);

/** sched_wait - sched_wait_for(SCHED_ANY, @deadline_ns): any change ends the wait. */
int sched_wait(uint64_t deadline_ns);

/**
 * sched_wake - wake every blocked thread (they re-check their conditions).
 * Called with the lock held; the wake-up happens when the lock drops.
 */
void sched_wake(void);

/** sched_wake_chan - like sched_wake(), for the waiters on @chan and on SCHED_ANY only. */
void sched_wake_chan(const void *chan);

/** sched_now_ns - CLOCK_MONOTONIC in nanoseconds. */
uint64_t sched_now_ns(void);

/** pid_alloc - register @t under a fresh pid (Linux: the lowest free above the last). */
int pid_alloc(struct task *t);
/** pid_free - forget @pid. */
void pid_free(int pid);
/** task_find - the live or zombie task with @pid, or NULL. Lock held. */
struct task *task_find(int pid);
/** pid_high - no pid above this was ever allocated (bounds table scans). */
int pid_high(void);
/** task_pids - up to @max registered pids in ascending order; returns the count. */
int task_pids(int *out, int max);

/**
 * sched_spawn - start @t's host thread, which runs the task until it exits.
 * 0 or -errno.
 */
int sched_spawn(struct task *t);

/** sched_threads - task threads still running (for shutdown). Lock held. */
int sched_threads(void);

#define PID_MAX 32768


/** sched_policy_init - the sandbox's first task takes the launcher's policy (kernel/sys_sched.c). */
void sched_policy_init(struct task *t);

/** sched_policy_fork - a child's policy from its parent's, with SCHED_RESET_ON_FORK applied. */
void sched_policy_fork(struct task *child, const struct task *parent);

#endif
