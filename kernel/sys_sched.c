/* SPDX-License-Identifier: MIT */
/* kernel/sys_sched.c: scheduling policies: sched_setscheduler, sched_getscheduler, sched_[gs]etparam, sched_[gs]etattr, priority ranges, sched_rr_get_interval (kernel/sched/syscalls.c). */
#include <sched.h>
#include <string.h>

#include "../abi/linux.h"
#include "cred.h"
#include "sched.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"

/*
 * A task's policy and real-time priority are recorded, inherited by fork
 * (SCHED_RESET_ON_FORK: back to SCHED_NORMAL), shown in /proc/<pid>/stat and
 * reported back; the host runs every task as the runtime's own thread runs,
 * so a policy orders nothing. chrt and programs that ask for SCHED_BATCH or
 * SCHED_IDLE get Linux's answers.
 */
#define MAX_RT_PRIO 100
#define RR_TIMESLICE_NS 100000000ULL /* include/linux/sched/rt.h: 100 ms */

static int rt_policy(int p)
{
    return p == LINUX_SCHED_FIFO || p == LINUX_SCHED_RR;
}

static int valid_policy(int p)
{
    return p == LINUX_SCHED_OTHER || p == LINUX_SCHED_BATCH || p == LINUX_SCHED_IDLE || rt_policy(p) ||
           p == LINUX_SCHED_DEADLINE;
}

void sched_policy_init(struct task *t)
{
    int p = sched_getscheduler(0);
    struct sched_param sp = {0};
    t->sched_reset_on_fork = p >= 0 && (p & LINUX_SCHED_RESET_ON_FORK) != 0;
    p = p < 0 ? LINUX_SCHED_OTHER : p & ~LINUX_SCHED_RESET_ON_FORK;
    t->sched_policy = valid_policy(p) && p != LINUX_SCHED_DEADLINE ? p : LINUX_SCHED_OTHER;
    t->sched_rt_prio = rt_policy(t->sched_policy) && sched_getparam(0, &sp) == 0
                           ? sp.sched_priority : 0;
}

void sched_policy_fork(struct task *child, const struct task *parent)
{
    child->sched_policy = parent->sched_policy;
    child->sched_rt_prio = parent->sched_rt_prio;
    child->sched_reset_on_fork = 0; /* sched_fork(): the flag itself is not inherited */
    if (parent->sched_reset_on_fork) {
        if (rt_policy(child->sched_policy)) {
            child->sched_policy = LINUX_SCHED_OTHER;
            child->sched_rt_prio = 0;
        }
        if (child->nice < 0)
            child->nice = 0;
    }
}

/* find_process_by_pid(): 0 is the caller. */
static struct task *target(struct task *t, int pid)
{
    if (pid == 0)
        return t;
    struct task *o = task_find(pid);
    return o && o->state == TASK_ALIVE ? o : NULL;
}

#define SCHED_ATTR_SIZE_VER0 48
#define SCHED_ATTR_SIZE_VER1 56
#define SCHED_FLAG_RESET_ON_FORK 0x01
#define SCHED_FLAG_KEEP_POLICY 0x08
#define SCHED_FLAG_KEEP_PARAMS 0x10
#define SCHED_FLAG_UTIL_CLAMP 0x60 /* _MIN | _MAX */
#define SCHED_FLAG_ALL 0x7f
#define DL_SCALE 10                     /* kernel/sched/sched.h */
#define DL_PERIOD_MIN_NS 100000ULL      /* sysctl_sched_dl_period_min: 100 us */
#define DL_PERIOD_MAX_NS 4194304000ULL  /* sysctl_sched_dl_period_max: 2^22 us */

static int fair_policy(int p)
{
    return p == LINUX_SCHED_OTHER || p == LINUX_SCHED_BATCH;
}

/* __checkparam_dl(): 0 < runtime <= deadline <= period, within the sysctl bounds. */
static int dl_params_ok(const struct linux_sched_attr *a)
{
    uint64_t period = a->sched_period ? a->sched_period : a->sched_deadline;
    if (!a->sched_deadline || a->sched_runtime < (1ULL << DL_SCALE) ||
        ((a->sched_deadline | a->sched_period) >> 63))
        return 0;
    return period >= a->sched_deadline && a->sched_deadline >= a->sched_runtime &&
           period >= DL_PERIOD_MIN_NS && period <= DL_PERIOD_MAX_NS;
}

/*
 * __sched_setscheduler() for task @o: @policy (< 0: keep the task's and its
 * reset flag), @prio, @nice for the fair policies, @reset (SCHED_RESET_ON_FORK),
 * and the deadline parameters in @dl (NULL: none given, as sched_setscheduler).
 */
static long set_sched(struct task *t, struct task *o, int policy, uint32_t prio, int nice, int reset,
                      uint64_t flags, const struct linux_sched_attr *dl)
{
    if (policy < 0) {
        reset = o->sched_reset_on_fork;
        policy = o->sched_policy;
    } else if (!valid_policy(policy)) {
        return -LINUX_EINVAL;
    }
    if (flags & ~(uint64_t)SCHED_FLAG_ALL)
        return -LINUX_EINVAL;
    if (prio > MAX_RT_PRIO - 1 || rt_policy(policy) != (prio != 0) ||
        (policy == LINUX_SCHED_DEADLINE && (!dl || !dl_params_ok(dl))))
        return -LINUX_EINVAL;
    if (!cred_capable(t, LINUX_CAP_SYS_NICE)) {
        /* user_check_sched_setscheduler(), with no CAP_SYS_NICE. */
        uint64_t rtprio = o->rlimit[LINUX_RLIMIT_RTPRIO].rlim_cur;
        if (fair_policy(policy) && nice < o->nice &&
            (uint64_t)(20 - nice) > o->rlimit[LINUX_RLIMIT_NICE].rlim_cur)
            return -LINUX_EPERM;
        if (rt_policy(policy)) {
            if (policy != o->sched_policy && !rtprio)
                return -LINUX_EPERM;
            if ((uint64_t)prio > (uint64_t)o->sched_rt_prio && (uint64_t)prio > rtprio)
                return -LINUX_EPERM;
        }
        if (policy == LINUX_SCHED_DEADLINE)
            return -LINUX_EPERM;
        if (o->sched_policy == LINUX_SCHED_IDLE && policy != LINUX_SCHED_IDLE &&
            (uint64_t)(20 - o->nice) > o->rlimit[LINUX_RLIMIT_NICE].rlim_cur)
            return -LINUX_EPERM;
        if (t->euid != o->euid && t->euid != o->uid)
            return -LINUX_EPERM;
        if (o->sched_reset_on_fork && !reset)
            return -LINUX_EPERM;
    }
    /* uclamp_validate() of a kernel without CONFIG_UCLAMP_TASK (as this workplace's hosts). */
    if (flags & SCHED_FLAG_UTIL_CLAMP)
        return -LINUX_EOPNOTSUPP;
    /* sched_dl_overflow(): the sandbox has no deadline bandwidth to grant. */
    if (policy == LINUX_SCHED_DEADLINE)
        return -LINUX_EBUSY;
    o->sched_reset_on_fork = reset;
    /* SCHED_FLAG_KEEP_PARAMS: __setscheduler_params() is skipped, policy and all. */
    if (flags & SCHED_FLAG_KEEP_PARAMS)
        return 0;
    o->sched_policy = policy;
    o->sched_rt_prio = (int)prio;
    if (fair_policy(policy))
        o->nice = nice;
    return 0;
}

/* sched_setscheduler/sched_setparam: a policy (< 0: keep) and the priority from the user. */
static long set_policy(struct task *t, int pid, int policy, int reset, uaddr_t uparam)
{
    int32_t prio;
    if (!uparam || pid < 0)
        return -LINUX_EINVAL;
    if (copy_from_user(t->mm, &prio, uparam, sizeof(prio)) < 0)
        return -LINUX_EFAULT;
    struct task *o = target(t, pid);
    if (!o)
        return -LINUX_ESRCH;
    return set_sched(t, o, policy, (uint32_t)prio, o->nice, reset, 0, NULL);
}

SYS(sched_setscheduler)
{
    int policy = (int)a[1];
    if (policy < 0)
        return -LINUX_EINVAL;
    return set_policy(t, (int)a[0], policy & ~LINUX_SCHED_RESET_ON_FORK,
                      (policy & LINUX_SCHED_RESET_ON_FORK) != 0, a[2]);
}

SYS(sched_setparam)
{
    return set_policy(t, (int)a[0], -1, 0, a[1]);
}

SYS(sched_getscheduler)
{
    if ((int)a[0] < 0)
        return -LINUX_EINVAL;
    struct task *o = target(t, (int)a[0]);
    if (!o)
        return -LINUX_ESRCH;
    return o->sched_policy | (o->sched_reset_on_fork ? LINUX_SCHED_RESET_ON_FORK : 0);
}

SYS(sched_getparam)
{
    if (!a[1] || (int)a[0] < 0)
        return -LINUX_EINVAL;
    struct task *o = target(t, (int)a[0]);
    if (!o)
        return -LINUX_ESRCH;
    int32_t prio = rt_policy(o->sched_policy) ? o->sched_rt_prio : 0;
    return copy_to_user(t->mm, a[1], &prio, sizeof(prio)) < 0 ? -LINUX_EFAULT : 0;
}

SYS(sched_get_priority_max)
{
    (void)t;
    int p = (int)a[0];
    return rt_policy(p) ? MAX_RT_PRIO - 1 : valid_policy(p) ? 0 : -LINUX_EINVAL;
}

SYS(sched_get_priority_min)
{
    (void)t;
    int p = (int)a[0];
    return rt_policy(p) ? 1 : valid_policy(p) ? 0 : -LINUX_EINVAL;
}

/*
 * The round-robin quantum: 100 ms for SCHED_RR, 0 for FIFO. A fair task's is
 * its slice in whole jiffies (get_rr_interval_fair()), which since EEVDF
 * (Linux 6.6: a 0.7 ms base slice) rounds down to 0 at every HZ.
 */
SYS(sched_rr_get_interval)
{
    if ((int)a[0] < 0)
        return -LINUX_EINVAL;
    struct task *o = target(t, (int)a[0]);
    if (!o)
        return -LINUX_ESRCH;
    uint64_t ns = o->sched_policy == LINUX_SCHED_RR ? RR_TIMESLICE_NS : 0;
    struct linux_timespec ts = {(int64_t)(ns / 1000000000ULL), (int64_t)(ns % 1000000000ULL)};
    return copy_to_user(t->mm, a[1], &ts, sizeof(ts)) < 0 ? -LINUX_EFAULT : 0;
}

/* SYSCALL_DEFINE4(sched_getattr): what a fair or real-time task reports, in the caller's size. */
SYS(sched_getattr)
{
    uint32_t usize = (uint32_t)a[2];
    if (!a[1] || (int)a[0] < 0 || usize > 4096 || usize < SCHED_ATTR_SIZE_VER0 || a[3])
        return -LINUX_EINVAL;
    struct task *o = target(t, (int)a[0]);
    if (!o)
        return -LINUX_ESRCH;
    struct linux_sched_attr k = {0};
    k.size = usize < sizeof(k) ? usize : (uint32_t)sizeof(k);
    k.sched_policy = (uint32_t)o->sched_policy;
    k.sched_flags = o->sched_reset_on_fork ? SCHED_FLAG_RESET_ON_FORK : 0;
    if (rt_policy(o->sched_policy))
        k.sched_priority = (uint32_t)o->sched_rt_prio;
    else
        k.sched_nice = o->nice;
    k.sched_util_max = 1024; /* SCHED_CAPACITY_SCALE: no clamp */
    return copy_to_user(t->mm, a[1], &k, k.size) < 0 ? -LINUX_EFAULT : 0;
}

/*
 * SYSCALL_DEFINE3(sched_setattr) and sched_copy_attr(): a size of 0 means the
 * first version; a larger struct than this one's must end in zeros; a size the
 * kernel refuses is E2BIG, and the caller learns the size it knows.
 */
SYS(sched_setattr)
{
    int pid = (int)a[0];
    if (!a[1] || pid < 0 || a[2])
        return -LINUX_EINVAL;
    struct linux_sched_attr k;
    memset(&k, 0, sizeof(k));
    uint32_t size;
    if (copy_from_user(t->mm, &size, a[1], sizeof(size)) < 0)
        return -LINUX_EFAULT;
    if (!size)
        size = SCHED_ATTR_SIZE_VER0;
    int too_big = size < SCHED_ATTR_SIZE_VER0 || size > 4096;
    if (!too_big && copy_from_user(t->mm, &k, a[1], size < sizeof(k) ? size : sizeof(k)) < 0)
        return -LINUX_EFAULT;
    for (uint32_t off = sizeof(k); !too_big && off < size; off++) {
        uint8_t byte;
        if (copy_from_user(t->mm, &byte, a[1] + off, 1) < 0)
            return -LINUX_EFAULT;
        too_big = byte != 0;
    }
    if (too_big) {
        uint32_t known = sizeof(k);
        copy_to_user(t->mm, a[1], &known, sizeof(known));
        return -LINUX_E2BIG;
    }
    if ((k.sched_flags & SCHED_FLAG_UTIL_CLAMP) && size < SCHED_ATTR_SIZE_VER1)
        return -LINUX_EINVAL;
    k.sched_nice = k.sched_nice < -20 ? -20 : k.sched_nice > 19 ? 19 : k.sched_nice;
    if ((int32_t)k.sched_policy < 0)
        return -LINUX_EINVAL;
    int policy = (k.sched_flags & SCHED_FLAG_KEEP_POLICY) ? -1 : (int)k.sched_policy;
    struct task *o = target(t, pid);
    if (!o)
        return -LINUX_ESRCH;
    if (k.sched_flags & SCHED_FLAG_KEEP_PARAMS) { /* get_params() */
        k.sched_priority = (uint32_t)o->sched_rt_prio;
        k.sched_nice = o->nice;
    }
    return set_sched(t, o, policy, k.sched_priority, k.sched_nice,
                     (k.sched_flags & SCHED_FLAG_RESET_ON_FORK) != 0, k.sched_flags, &k);
}
