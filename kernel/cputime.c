/* SPDX-License-Identifier: MIT */
/* kernel/cputime.c: each task's CPU time, from the platform, for times(), getrusage(), /proc and CPU itimers. */
#include "cputime.h"

#include <string.h>

#include "../abi/linux.h"
#include "platform.h"
#include "signal.h"
#include "task.h"

/*
 * A task's CPU time is what its platform context and its host thread have
 * used (platform_ops.cpu_time), plus a base an exec leaves when it replaces
 * the context (a new stub starts from zero). At exit the total is frozen,
 * and a parent's wait adds it (with the child's own waited-for children) to
 * the parent's children's time, as Linux's wait_task_zombie() does.
 */

/* The platform's figure for @t's current context, without the base. */
static void raw_time(struct task *t, uint64_t *user, uint64_t *sys)
{
    *user = *sys = 0;
    if (!t->host_tid) /* never ran (or a unit test's task) */
        return;
    const struct platform_ops *ops = t->platform->ops;
    if (t->ctx && ops->cpu_time) {
        ops->cpu_time(t->ctx, t->host_tid, user, sys);
        return;
    }
    /* No platform figure: the thread's time, all of it system time. */
    *sys = platform_clock_ns(PLATFORM_CPUCLOCK(t->host_tid, PLATFORM_CPUCLOCK_PROF |
                                                             PLATFORM_CPUCLOCK_THREAD));
}

static uint64_t add_signed(uint64_t v, int64_t d)
{
    return d < 0 && (uint64_t)-d > v ? 0 : v + (uint64_t)d;
}

void task_cpu_time(struct task *t, uint64_t *user_ns, uint64_t *sys_ns)
{
    if (t->cpu_frozen) {
        *user_ns = t->cpu_exit_user;
        *sys_ns = t->cpu_exit_sys;
        return;
    }
    raw_time(t, user_ns, sys_ns);
    *user_ns = add_signed(*user_ns, t->cpu_base_user);
    *sys_ns = add_signed(*sys_ns, t->cpu_base_sys);
}

void task_cpu_exec(struct task *t, uint64_t old_user, uint64_t old_sys)
{
    uint64_t u, s;
    raw_time(t, &u, &s);
    t->cpu_base_user = (int64_t)(old_user - u);
    t->cpu_base_sys = (int64_t)(old_sys - s);
}

void task_cpu_exit(struct task *t)
{
    if (t->cpu_frozen)
        return;
    task_cpu_time(t, &t->cpu_exit_user, &t->cpu_exit_sys);
    t->cpu_frozen = 1;
}

void task_cpu_reap(struct task *parent, struct task *child)
{
    task_cpu_exit(child);
    parent->cchild_user += child->cpu_exit_user + child->cchild_user;
    parent->cchild_sys += child->cpu_exit_sys + child->cchild_sys;
}

void cputime_rusage(struct linux_rusage *ru, uint64_t user_ns, uint64_t sys_ns)
{
    memset(ru, 0, sizeof(*ru));
    ru->ru_utime.tv_sec = (int64_t)(user_ns / 1000000000ULL);
    ru->ru_utime.tv_usec = (int64_t)(user_ns % 1000000000ULL / 1000);
    ru->ru_stime.tv_sec = (int64_t)(sys_ns / 1000000000ULL);
    ru->ru_stime.tv_usec = (int64_t)(sys_ns % 1000000000ULL / 1000);
}

/* One CPU itimer: fire if due (SIGVTALRM/SIGPROF from the kernel, as
 * check_cpu_itimer() sends them), re-arm by the interval; the wait until due. */
static uint64_t check_one(struct task *t, struct cpu_itimer *it, uint64_t now, int sig)
{
    if (!it->deadline_ns)
        return 0;
    if (now >= it->deadline_ns) {
        struct linux_siginfo info;
        memset(&info, 0, sizeof(info));
        info.si_signo = sig;
        info.si_code = LINUX_SI_KERNEL;
        if (it->interval_ns) {
            /* Linux adds the interval as often as needed to pass the time now. */
            uint64_t late = now - it->deadline_ns;
            it->deadline_ns += (late / it->interval_ns + 1) * it->interval_ns;
        } else {
            it->deadline_ns = 0;
        }
        signal_send_info(t, sig, &info);
        if (!it->deadline_ns)
            return 0;
    }
    return it->deadline_ns - now;
}

uint64_t cputime_itimers_check(struct task *t)
{
    if (!t->itimer_virt.deadline_ns && !t->itimer_prof.deadline_ns)
        return 0;
    uint64_t u, s;
    task_cpu_time(t, &u, &s);
    uint64_t a = check_one(t, &t->itimer_virt, u, LINUX_SIGVTALRM);
    uint64_t b = check_one(t, &t->itimer_prof, u + s, LINUX_SIGPROF);
    return !a ? b : !b ? a : a < b ? a : b;
}
