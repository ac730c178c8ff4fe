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
 * blocks. A blocked task waits on one condition variable that every state
 * change broadcasts; it re-checks its condition (and pending signals) on wake.
 */
void kernel_lock(void);
void kernel_unlock(void);

/** task_current - the task whose thread is calling (NULL on other threads). */
struct task *task_current(void);
void task_set_current(struct task *t);

/**
 * sched_wait - block the calling task until something changes or the monotonic
 * clock reaches @deadline_ns (0 = no deadline). Kernel lock held; dropped while
 * waiting. Returns 0, or -LINUX_ETIMEDOUT when the deadline passed.
 */
int sched_wait(uint64_t deadline_ns);

/**
 * sched_wake - wake every blocked task (they re-check their conditions).
 * Called with the lock held; the wake-up happens when the lock drops.
 */
void sched_wake(void);

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

#endif
