/* SPDX-License-Identifier: MIT */
/* kernel/sys_proc.c: process identity, limits, time, randomness and exit. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "../abi/linux.h"
#include "cputime.h"
#include "cred.h"
#include "log.h"
#include "sched.h"
#include "signal.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"

long sys_exit(struct task *t, const uint64_t a[6])
{
    /* One thread per process for now: exit ends the process like exit_group. */
    task_exit(t, (int)(a[0] & 0xff));
    return 0;
}

long sys_exit_group(struct task *t, const uint64_t a[6])
{
    task_exit(t, (int)(a[0] & 0xff));
    return 0;
}

long sys_getpid(struct task *t, const uint64_t a[6])
{
    (void)a;
    return t->pid;
}

long sys_gettid(struct task *t, const uint64_t a[6])
{
    (void)a;
    return t->tid;
}

long sys_getuid(struct task *t, const uint64_t a[6])
{
    (void)a;
    return t->uid;
}

long sys_geteuid(struct task *t, const uint64_t a[6])
{
    (void)a;
    return t->euid;
}

long sys_getgid(struct task *t, const uint64_t a[6])
{
    (void)a;
    return t->gid;
}

long sys_getegid(struct task *t, const uint64_t a[6])
{
    (void)a;
    return t->egid;
}

long sys_set_tid_address(struct task *t, const uint64_t a[6])
{
    t->clear_child_tid = a[0];
    return t->tid;
}

long sys_set_robust_list(struct task *t, const uint64_t a[6])
{
    (void)t;
    /* sizeof(struct robust_list_head) is 24 on 64-bit (include/uapi/linux/futex.h). */
    return a[1] == 24 ? 0 : -LINUX_EINVAL;
}

long sys_rseq(struct task *t, const uint64_t a[6])
{
    /* Restartable sequences are optional: glibc and musl carry on without them. */
    (void)t;
    (void)a;
    return -LINUX_ENOSYS;
}

long sys_uname(struct task *t, const uint64_t a[6])
{
    struct utsname h;
    struct linux_utsname u;
    memset(&u, 0, sizeof(u));
    if (uname(&h) < 0)
        return -LINUX_EFAULT;
    /* The host's names (so tools print what they would natively), our machine name. */
    snprintf(u.sysname, sizeof(u.sysname), "Linux");
    snprintf(u.nodename, sizeof(u.nodename), "%s", h.nodename);
    snprintf(u.release, sizeof(u.release), "%s", h.release);
    snprintf(u.version, sizeof(u.version), "%s", h.version);
    snprintf(u.machine, sizeof(u.machine), "%s", ARCH_NAME);
    snprintf(u.domainname, sizeof(u.domainname), "(none)");
    return copy_to_user(t->mm, a[0], &u, sizeof(u));
}

/* getrandom(2) hands out at most this much per call (drivers/char/random.c: MAX_RW_COUNT-ish). */
#define GETRANDOM_MAX (32 * 1024 * 1024 - 1)

long sys_getrandom(struct task *t, const uint64_t a[6])
{
    unsigned flags = (unsigned)a[2];
    if (flags & ~(LINUX_GRND_NONBLOCK | LINUX_GRND_RANDOM | LINUX_GRND_INSECURE) ||
        (flags & LINUX_GRND_RANDOM && flags & LINUX_GRND_INSECURE))
        return -LINUX_EINVAL;
    uint64_t len = a[1] > GETRANDOM_MAX ? GETRANDOM_MAX : a[1];
    uint8_t buf[4096];
    uint64_t done = 0;
    while (done < len) {
        size_t c = len - done < sizeof(buf) ? (size_t)(len - done) : sizeof(buf);
        ssize_t r = getrandom(buf, c, 0);
        if (r <= 0)
            return done ? (long)done : -LINUX_EAGAIN;
        if (copy_to_user(t->mm, a[0] + done, buf, (size_t)r) < 0)
            return done ? (long)done : -LINUX_EFAULT;
        done += (uint64_t)r;
    }
    return (long)done;
}

long sys_prlimit64(struct task *t, const uint64_t a[6])
{
    int pid = (int)a[0];
    unsigned res = (unsigned)a[1];
    if (pid != 0 && pid != t->pid)
        return -LINUX_ESRCH;
    if (res >= LINUX_RLIM_NLIMITS)
        return -LINUX_EINVAL;
    struct linux_rlimit nl, old = t->rlimit[res];
    if (a[2]) {
        if (copy_from_user(t->mm, &nl, a[2], sizeof(nl)) < 0)
            return -LINUX_EFAULT;
        if (nl.rlim_cur > nl.rlim_max)
            return -LINUX_EINVAL;
        /* do_prlimit(): raising the hard limit needs CAP_SYS_RESOURCE. */
        if (nl.rlim_max > old.rlim_max && !cred_capable(t, LINUX_CAP_SYS_RESOURCE))
            return -LINUX_EPERM;
    }
    if (a[3] && copy_to_user(t->mm, a[3], &old, sizeof(old)) < 0)
        return -LINUX_EFAULT;
    if (a[2]) {
        /* RLIMIT_NOFILE cannot pass fs.nr_open (kernel/sys.c: do_prlimit). */
        if (res == LINUX_RLIMIT_NOFILE && nl.rlim_max > FDTABLE_MAX)
            return -LINUX_EPERM;
        t->rlimit[res] = nl;
        if (res == LINUX_RLIMIT_NOFILE)
            t->files->limit = (int)nl.rlim_cur;
    }
    return 0;
}

long sys_getrlimit(struct task *t, const uint64_t a[6])
{
    const uint64_t b[6] = {0, a[0], 0, a[1], 0, 0};
    return sys_prlimit64(t, b);
}

long sys_setrlimit(struct task *t, const uint64_t a[6])
{
    const uint64_t b[6] = {0, a[0], a[1], 0, 0, 0};
    return sys_prlimit64(t, b);
}

static int valid_clock(int64_t id)
{
    /* Static clocks 0..11 (include/uapi/linux/time.h); negative ids are per-process/thread
     * CPU clocks, which the sandbox does not offer for other tasks. */
    return id >= 0 && id <= 11 && id != 8 && id != 9 && id != 10;
}

long sys_clock_gettime(struct task *t, const uint64_t a[6])
{
    if (!valid_clock((int64_t)a[0]))
        return -LINUX_EINVAL;
    struct timespec ts;
    if (a[0] == LINUX_CLOCK_PROCESS_CPUTIME_ID || a[0] == LINUX_CLOCK_THREAD_CPUTIME_ID) {
        /* The guest's own CPU time, not the runtime's (one thread per process). */
        uint64_t user, sys;
        task_cpu_time(t, &user, &sys);
        ts.tv_sec = (time_t)((user + sys) / 1000000000ULL);
        ts.tv_nsec = (long)((user + sys) % 1000000000ULL);
    } else if (clock_gettime((clockid_t)a[0], &ts) < 0) {
        return -errno;
    }
    struct linux_timespec l = {ts.tv_sec, ts.tv_nsec};
    return copy_to_user(t->mm, a[1], &l, sizeof(l));
}

long sys_clock_getres(struct task *t, const uint64_t a[6])
{
    if (!valid_clock((int64_t)a[0]))
        return -LINUX_EINVAL;
    struct timespec ts;
    if (clock_getres((clockid_t)a[0], &ts) < 0)
        return -errno;
    struct linux_timespec l = {ts.tv_sec, ts.tv_nsec};
    return a[1] ? copy_to_user(t->mm, a[1], &l, sizeof(l)) : 0;
}

long sys_gettimeofday(struct task *t, const uint64_t a[6])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct linux_timeval tv = {ts.tv_sec, ts.tv_nsec / 1000};
    if (a[0] && copy_to_user(t->mm, a[0], &tv, sizeof(tv)) < 0)
        return -LINUX_EFAULT;
    if (a[1]) {
        int32_t tz[2] = {0, 0};
        if (copy_to_user(t->mm, a[1], tz, sizeof(tz)) < 0)
            return -LINUX_EFAULT;
    }
    return 0;
}

long sys_time(struct task *t, const uint64_t a[6])
{
    int64_t now = (int64_t)time(NULL);
    if (a[0] && copy_to_user(t->mm, a[0], &now, sizeof(now)) < 0)
        return -LINUX_EFAULT;
    return now;
}

long sys_arch_prctl(struct task *t, const uint64_t a[6])
{
    uint64_t out;
    int valid;
    long r = arch_sys_arch_prctl(&t->regs, (int)a[0], a[1], &out, &valid);
    if (r == 0 && valid && copy_to_user(t->mm, a[1], &out, sizeof(out)) < 0)
        return -LINUX_EFAULT;
    return r;
}

long sys_umask(struct task *t, const uint64_t a[6])
{
    uint32_t old = t->umask;
    t->umask = (uint32_t)a[0] & 0777;
    return old;
}

long sys_sched_yield(struct task *t, const uint64_t a[6])
{
    (void)t;
    (void)a;
    return 0;
}

/*
 * Sleeps wait on the scheduler, so the kernel lock is free meanwhile and a
 * signal ends them (hrtimer_nanosleep(), do_nanosleep()): a relative sleep
 * writes the time left to @rem and returns -ERESTART_RESTARTBLOCK, so with a
 * handler the caller sees -EINTR, and without one (an ignored signal, a stop
 * and continue) restart_syscall sleeps on to the same deadline. An absolute
 * sleep is simply restarted (-ERESTARTNOHAND).
 */
static long sleep_restart(struct task *t);

static long sleep_until(struct task *t, uint64_t deadline, uaddr_t rem, int abs)
{
    while (sched_now_ns() < deadline) {
        if (signal_pending(t)) {
            if (abs)
                return -LINUX_ERESTARTNOHAND;
            if (rem) {
                uint64_t now = sched_now_ns(), left = deadline > now ? deadline - now : 0;
                struct linux_timespec lr = {(int64_t)(left / 1000000000ULL),
                                            (int64_t)(left % 1000000000ULL)};
                if (copy_to_user(t->mm, rem, &lr, sizeof(lr)) < 0)
                    return -LINUX_EFAULT;
            }
            t->restart.fn = sleep_restart;
            t->restart.nr = arch_syscall_nr(&t->regs);
            t->restart.deadline_ns = deadline;
            t->restart.rem = rem;
            return -LINUX_ERESTART_RESTARTBLOCK;
        }
        sched_wait_for(t, deadline);
    }
    return 0;
}

/* restart_syscall for an interrupted relative sleep (Linux hrtimer_nanosleep_restart()). */
static long sleep_restart(struct task *t)
{
    t->restart.fn = NULL;
    return sleep_until(t, t->restart.deadline_ns, t->restart.rem, 0);
}

long sys_restart_syscall(struct task *t, const uint64_t a[6])
{
    (void)a;
    long (*fn)(struct task *) = t->restart.fn;
    /* do_no_restart_syscall(): nothing to resume. */
    return fn ? fn(t) : -LINUX_EINTR;
}

static long do_sleep(struct task *t, int clock, int flags, uaddr_t req, uaddr_t rem)
{
    struct linux_timespec l;
    if (copy_from_user(t->mm, &l, req, sizeof(l)) < 0)
        return -LINUX_EFAULT;
    if (l.tv_sec < 0 || l.tv_nsec < 0 || l.tv_nsec >= 1000000000)
        return -LINUX_EINVAL;
    uint64_t len = (uint64_t)l.tv_sec * 1000000000ULL + (uint64_t)l.tv_nsec;
    uint64_t now = sched_now_ns(), deadline;
    if (flags & 1 /* TIMER_ABSTIME */) {
        struct timespec c;
        clock_gettime((clockid_t)clock, &c);
        uint64_t cnow = (uint64_t)c.tv_sec * 1000000000ULL + (uint64_t)c.tv_nsec;
        deadline = len > cnow ? now + (len - cnow) : now;
    } else {
        deadline = now + len;
    }
    return sleep_until(t, deadline, rem, flags & 1);
}

long sys_nanosleep(struct task *t, const uint64_t a[6])
{
    return do_sleep(t, CLOCK_MONOTONIC, 0, a[0], a[1]);
}

long sys_clock_nanosleep(struct task *t, const uint64_t a[6])
{
    int clock = (int)a[0];
    if (clock != LINUX_CLOCK_REALTIME && clock != LINUX_CLOCK_MONOTONIC &&
        clock != LINUX_CLOCK_BOOTTIME)
        return -LINUX_EINVAL;
    return do_sleep(t, clock, (int)a[1] & 1 /* TIMER_ABSTIME */, a[2], a[3]);
}

/* struct sysinfo is 112 bytes on every 64-bit Linux (include/uapi/linux/sysinfo.h). */
_Static_assert(sizeof(struct sysinfo) == 112, "sysinfo layout");

long sys_sysinfo(struct task *t, const uint64_t a[6])
{
    struct sysinfo si;
    if (sysinfo(&si) < 0)
        return -errno;
    si.procs = 1;
    return copy_to_user(t->mm, a[0], &si, sizeof(si));
}

long sys_prctl(struct task *t, const uint64_t a[6])
{
    char *comm = t->comm;
    long r = cred_prctl(t, a);
    if (r != -LINUX_ENOSYS)
        return r;
    switch ((int)a[0]) {
    case LINUX_PR_SET_NAME: {
        long n = strncpy_from_user(t->mm, comm, a[1], sizeof(t->comm));
        if (n == -LINUX_ENAMETOOLONG)
            comm[sizeof(t->comm) - 1] = 0;
        else if (n < 0)
            return n;
        return 0;
    }
    case LINUX_PR_GET_NAME:
        return copy_to_user(t->mm, a[1], comm, sizeof(t->comm));
    case LINUX_PR_GET_DUMPABLE:
        return 1;
    case LINUX_PR_SET_THP_DISABLE:
        if (a[2] || a[3] || a[4])
            return -LINUX_EINVAL;
        t->thp_disable = a[1] != 0;
        return 0;
    case LINUX_PR_GET_THP_DISABLE:
        if (a[1] || a[2] || a[3] || a[4])
            return -LINUX_EINVAL;
        return t->thp_disable;
    case LINUX_PR_SET_DUMPABLE:
        return a[1] <= 1 ? 0 : -LINUX_EINVAL;
    default:
        return -LINUX_EINVAL;
    }
}

long sys_getcpu(struct task *t, const uint64_t a[6])
{
    uint32_t zero = 0;
    if (a[0] && copy_to_user(t->mm, a[0], &zero, sizeof(zero)) < 0)
        return -LINUX_EFAULT;
    if (a[1] && copy_to_user(t->mm, a[1], &zero, sizeof(zero)) < 0)
        return -LINUX_EFAULT;
    return 0;
}

/*
 * The sched_*affinity calls' common start: the task @pid names (0 is the
 * caller) must exist (ESRCH); every task may use the CPUs the runtime may,
 * which go to @set. 0 or -LINUX_E*.
 */
static long affinity_of(uint64_t pid, cpu_set_t *set)
{
    if ((int)pid < 0 || ((int)pid != 0 && !task_find((int)pid)))
        return -LINUX_ESRCH;
    CPU_ZERO(set);
    return sched_getaffinity(0, sizeof(*set), set) < 0 ? -errno : 0;
}

long sys_sched_getaffinity(struct task *t, const uint64_t a[6])
{
    /* Report the CPUs the runtime may use; Linux copies nr_cpu_ids bits rounded to longs. */
    cpu_set_t set;
    long r = affinity_of(a[0], &set);
    if (r < 0)
        return r;
    uint64_t len = a[1];
    if (len < 8 || (len & 7))
        return -LINUX_EINVAL;
    uint64_t mask = 0;
    for (int i = 0; i < 64; i++)
        if (CPU_ISSET(i, &set))
            mask |= 1ULL << i;
    if (copy_to_user(t->mm, a[2], &mask, sizeof(mask)) < 0)
        return -LINUX_EFAULT;
    return 8;
}

/*
 * The processes that getpriority(2), setpriority(2), ioprio_get(2) and
 * ioprio_set(2) name: one pid, a process group, or a real user id.
 */
enum task_set { SET_PID, SET_PGRP, SET_UID };

/* kind 0, 1, 2: process, group, user; "who" 0 is the caller's own. */
static int task_set_of(const struct task *t, int kind, int who, enum task_set *s, long *id)
{
    switch (kind) {
    case 0: *s = SET_PID, *id = who ? who : t->pid; return 0;
    case 1: *s = SET_PGRP, *id = who ? who : t->pgid; return 0;
    case 2: *s = SET_UID, *id = who ? (uint32_t)who : t->uid; return 0;
    default: return -LINUX_EINVAL;
    }
}

/* The next member of the set after *pid (start at 0), or NULL. */
static struct task *task_set_next(int *pid, enum task_set s, long id)
{
    while (++*pid <= pid_high()) {
        struct task *o = task_find(*pid);
        if (o && (s == SET_PID ? o->pid == id : s == SET_PGRP ? o->pgid == id : o->uid == id))
            return o;
    }
    return NULL;
}

/*
 * getpriority(2)/setpriority(2) (kernel/sys.c): the nice value of each
 * task, shown in /proc/<pid>/stat; the runtime's threads keep the host's
 * priority, as the sandbox is one host process.
 */
long sys_getpriority(struct task *t, const uint64_t a[6])
{
    enum task_set s;
    long id, best = -LINUX_ESRCH;
    struct task *o;
    if (task_set_of(t, (int)a[0], (int)a[1], &s, &id) < 0)
        return -LINUX_EINVAL;
    for (int pid = 0; (o = task_set_next(&pid, s, id));)
        /* The raw call answers 20 - nice (1..40), so that no answer is negative. */
        if (20 - o->nice > best)
            best = 20 - o->nice;
    return best;
}

long sys_setpriority(struct task *t, const uint64_t a[6])
{
    enum task_set s;
    long id, err = -LINUX_ESRCH;
    int nice = (int)a[2];
    struct task *o;
    if (task_set_of(t, (int)a[0], (int)a[1], &s, &id) < 0)
        return -LINUX_EINVAL;
    nice = nice < -20 ? -20 : nice > 19 ? 19 : nice;
    for (int pid = 0; (o = task_set_next(&pid, s, id));) {
        /* set_one_prio(): the caller owns the task or is root (CAP_SYS_NICE); a
         * lower nice needs RLIMIT_NICE >= 20 - nice or root. A failure sticks;
         * a success only clears "no such task". */
        int nice_cap = cred_capable(t, LINUX_CAP_SYS_NICE);
        if (!nice_cap && o->uid != t->euid && o->euid != t->euid)
            err = -LINUX_EPERM;
        else if (nice < o->nice && !nice_cap &&
                 o->rlimit[LINUX_RLIMIT_NICE].rlim_cur < (uint64_t)(20 - nice))
            err = -LINUX_EACCES;
        else {
            if (err == -LINUX_ESRCH)
                err = 0;
            o->nice = nice;
        }
    }
    return err;
}

/*
 * ioprio_get(2)/ioprio_set(2) (block/ioprio.c): an I/O class and level per
 * task, kept and inherited as Linux keeps them; nothing here schedules I/O
 * by it. The checks are mainline's: Linux 6.1 also refused RT and BE values
 * whose bits 3..12 were not zero.
 */
/* __get_task_ioprio(): with no class set, best effort at a level from nice. */
static long ioprio_effective(const struct task *o)
{
    if (LINUX_IOPRIO_PRIO_CLASS(o->ioprio) != LINUX_IOPRIO_CLASS_NONE)
        return o->ioprio;
    return LINUX_IOPRIO_CLASS_BE << LINUX_IOPRIO_CLASS_SHIFT | (o->nice + 20) / 5;
}

long sys_ioprio_get(struct task *t, const uint64_t a[6])
{
    enum task_set s;
    long id, best = -LINUX_ESRCH;
    struct task *o;
    if (task_set_of(t, (int)a[0] - LINUX_IOPRIO_WHO_PROCESS, (int)a[1], &s, &id) < 0)
        return -LINUX_EINVAL;
    /* One process answers the value as set; a group or user the best (lowest) in effect. */
    if (s == SET_PID)
        return (o = task_find((int)id)) ? o->ioprio : -LINUX_ESRCH;
    for (int pid = 0; (o = task_set_next(&pid, s, id));)
        if (best < 0 || ioprio_effective(o) < best)
            best = ioprio_effective(o);
    return best;
}

long sys_ioprio_set(struct task *t, const uint64_t a[6])
{
    int which = (int)a[0], who = (int)a[1], prio = (int)a[2];
    enum task_set s;
    long id, err = -LINUX_ESRCH;
    struct task *o;
    /* ioprio_check_cap(): RT needs CAP_SYS_NICE; class "none" takes no level. */
    switch (LINUX_IOPRIO_PRIO_CLASS(prio)) {
    case LINUX_IOPRIO_CLASS_RT:
        if (!cred_capable(t, LINUX_CAP_SYS_NICE))
            return -LINUX_EPERM;
        break;
    case LINUX_IOPRIO_CLASS_BE:
    case LINUX_IOPRIO_CLASS_IDLE:
        break;
    case LINUX_IOPRIO_CLASS_NONE:
        if (prio & LINUX_IOPRIO_LEVEL_MASK)
            return -LINUX_EINVAL;
        break;
    default:
        return -LINUX_EINVAL;
    }
    if (task_set_of(t, which - LINUX_IOPRIO_WHO_PROCESS, who, &s, &id) < 0)
        return -LINUX_EINVAL;
    /* Unlike the other three calls, user "0" here is root, not the caller. */
    if (s == SET_UID && who == 0)
        id = 0;
    for (int pid = 0; (o = task_set_next(&pid, s, id));) {
        /* set_task_ioprio(): the caller's real or effective uid owns it, or root.
         * The first failure ends the walk. */
        if (!cred_capable(t, LINUX_CAP_SYS_NICE) && o->uid != t->euid && o->uid != t->uid)
            return -LINUX_EPERM;
        o->ioprio = (uint16_t)prio; /* io_context keeps an unsigned short */
        err = 0;
    }
    return err;
}

/*
 * sched_setaffinity(2): checked as Linux does (the task exists, the mask
 * names a CPU the task may use), then accepted without effect: the runtime
 * places its threads itself (it pins them to one CPU by default).
 */
long sys_sched_setaffinity(struct task *t, const uint64_t a[6])
{
    cpu_set_t set;
    long r = affinity_of(a[0], &set);
    if (r < 0)
        return r;
    /* get_user_cpu_mask(): a shorter mask is zero-extended, a longer one cut. */
    uint64_t want[16] = {0};
    uint64_t len = a[1] < sizeof(want) ? a[1] : sizeof(want);
    if (copy_from_user(t->mm, want, a[2], len) < 0)
        return -LINUX_EFAULT;
    for (int i = 0; i < 64 * 16 && i < CPU_SETSIZE; i++)
        if (((want[i / 64] >> (i % 64)) & 1) && CPU_ISSET(i, &set))
            return 0;
    return -LINUX_EINVAL;
}

/* futex(2) operations (include/uapi/linux/futex.h). */
#define LINUX_FUTEX_WAIT 0
#define LINUX_FUTEX_WAKE 1
#define LINUX_FUTEX_WAIT_BITSET 9
#define LINUX_FUTEX_WAKE_BITSET 10
#define LINUX_FUTEX_PRIVATE_FLAG 128
#define LINUX_FUTEX_CLOCK_REALTIME 256

/*
 * Futexes for a sandbox with one task: nobody else can wake a waiter, so WAIT
 * either fails the value check (EAGAIN), times out, or waits forever, and WAKE
 * finds no waiters. The argument checks follow kernel/futex/syscalls.c.
 */
long sys_futex(struct task *t, const uint64_t a[6])
{
    int op = (int)a[1];
    int cmd = op & ~(LINUX_FUTEX_PRIVATE_FLAG | LINUX_FUTEX_CLOCK_REALTIME);
    uint32_t bitset = (uint32_t)a[5];
    if ((op & LINUX_FUTEX_CLOCK_REALTIME) && cmd != LINUX_FUTEX_WAIT_BITSET)
        return -LINUX_ENOSYS;
    switch (cmd) {
    case LINUX_FUTEX_WAIT:
    case LINUX_FUTEX_WAIT_BITSET: {
        if (cmd == LINUX_FUTEX_WAIT_BITSET && bitset == 0)
            return -LINUX_EINVAL;
        struct linux_timespec ts;
        if (a[3] && copy_from_user(t->mm, &ts, a[3], sizeof(ts)) < 0)
            return -LINUX_EFAULT;
        if (a[3] && (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000))
            return -LINUX_EINVAL;
        if (a[0] & 3)
            return -LINUX_EINVAL;
        uint32_t cur;
        if (copy_from_user(t->mm, &cur, a[0], sizeof(cur)) < 0)
            return -LINUX_EFAULT;
        if (cur != (uint32_t)a[2])
            return -LINUX_EAGAIN;
        /* FUTEX_WAIT takes a relative timeout, WAIT_BITSET an absolute one. */
        uint64_t deadline = 0;
        if (a[3]) {
            uint64_t v = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
            if (cmd == LINUX_FUTEX_WAIT) {
                deadline = sched_now_ns() + v;
            } else {
                struct timespec c;
                clock_gettime(op & LINUX_FUTEX_CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC, &c);
                uint64_t cnow = (uint64_t)c.tv_sec * 1000000000ULL + (uint64_t)c.tv_nsec;
                deadline = sched_now_ns() + (v > cnow ? v - cnow : 0);
            }
        }
        /* No other task shares this memory yet, so only a signal or the timeout ends it. */
        for (;;) {
            if (signal_pending(t))
                return -LINUX_ERESTARTSYS;
            if (sched_wait_for(t, deadline) == -LINUX_ETIMEDOUT)
                return -LINUX_ETIMEDOUT;
        }
    }
    case LINUX_FUTEX_WAKE:
    case LINUX_FUTEX_WAKE_BITSET:
        if (cmd == LINUX_FUTEX_WAKE_BITSET && bitset == 0)
            return -LINUX_EINVAL;
        if (a[0] & 3)
            return -LINUX_EINVAL;
        return 0;
    default:
        return -LINUX_ENOSYS;
    }
}

long sys_getrusage(struct task *t, const uint64_t a[6])
{
    int who = (int)a[0];
    if (who != 0 /* SELF */ && who != -1 /* CHILDREN */ && who != 1 /* THREAD */)
        return -LINUX_EINVAL;
    uint64_t user = t->cchild_user, sys = t->cchild_sys;
    if (who != -1)
        task_cpu_time(t, &user, &sys); /* one thread per process: SELF is THREAD */
    struct linux_rusage ru;
    cputime_rusage(&ru, user, sys);
    return copy_to_user(t->mm, a[1], &ru, sizeof(ru));
}

/* times(2): the return value is ticks since an arbitrary point (boot, in Linux). */
long sys_times(struct task *t, const uint64_t a[6])
{
    if (a[0]) {
        uint64_t user, sys;
        task_cpu_time(t, &user, &sys);
        struct linux_tms tms = {(int64_t)cputime_ticks(user), (int64_t)cputime_ticks(sys),
                                (int64_t)cputime_ticks(t->cchild_user),
                                (int64_t)cputime_ticks(t->cchild_sys)};
        if (copy_to_user(t->mm, a[0], &tms, sizeof(tms)) < 0)
            return -LINUX_EFAULT;
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)cputime_ticks((uint64_t)now.tv_sec * 1000000000ULL + (uint64_t)now.tv_nsec);
}


