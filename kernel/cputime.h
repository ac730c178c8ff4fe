/* SPDX-License-Identifier: MIT */
/* kernel/cputime.h: each task's CPU time, from the platform, for times(), getrusage(), /proc and CPU itimers. */
#ifndef KERNEL_CPUTIME_H
#define KERNEL_CPUTIME_H

#include <stdint.h>

struct task;

/* Linux's USER_HZ: the unit of times(2) and of /proc/<pid>/stat's times. */
#define CPUTIME_USER_HZ 100

/** task_cpu_time - @t's user and system CPU time so far, in ns (frozen at exit). */
void task_cpu_time(struct task *t, uint64_t *user_ns, uint64_t *sys_ns);

/**
 * task_cpu_exec - after exec gave @t a new context: carry on from @old_user
 * and @old_sys, what task_cpu_time() said just before the switch.
 */
void task_cpu_exec(struct task *t, uint64_t old_user, uint64_t old_sys);

/** task_cpu_exit - freeze @t's CPU time; call before its context goes. */
void task_cpu_exit(struct task *t);

/** task_cpu_reap - @parent waited for zombie @child: add its time, and its children's. */
void task_cpu_reap(struct task *parent, struct task *child);

struct linux_rusage;
/** cputime_rusage - a struct rusage with these times and zeroes elsewhere. */
void cputime_rusage(struct linux_rusage *ru, uint64_t user_ns, uint64_t sys_ns);

/** cputime_ticks - @ns in USER_HZ ticks. */
static inline uint64_t cputime_ticks(uint64_t ns)
{
    return ns / (1000000000ULL / CPUTIME_USER_HZ);
}

/**
 * cputime_itimers_check - fire @t's due ITIMER_VIRTUAL/ITIMER_PROF signals.
 * Returns 0 if neither is armed, else how long (ns of wall time) until one
 * could next be due: CPU time never runs faster than the wall clock for a
 * task of one thread.
 */
uint64_t cputime_itimers_check(struct task *t);

#endif
