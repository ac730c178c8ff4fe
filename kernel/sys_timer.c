/* SPDX-License-Identifier: MIT */
/* kernel/sys_timer.c: POSIX per-process timers: timer_create, timer_settime, timer_gettime, timer_getoverrun, timer_delete. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../abi/linux.h"
#include "cputime.h"
#include "file.h"
#include "process.h"
#include "sched.h"
#include "signal.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"
#include "vfs.h"

/*
 * What kernel/time/posix-timers.c keeps per timer. A deadline is on the
 * timer's own clock (the host's, or the task's CPU time), so an absolute
 * CLOCK_REALTIME time stays one; the timer thread (process.c) calls
 * ptimers_fire() and sleeps until the nearest deadline. No timer is shared:
 * tasks are single-threaded processes here.
 */
#define PTIMERS_MAX 64 /* per process; Linux's bound is RLIMIT_SIGPENDING */
#define NS 1000000000ULL
/* CPU-time timers are polled at least this often while armed, as CPU itimers are. */
#define PTIMER_CPU_POLL_NS 1000000ULL

struct posix_timer {
    int used;
    int id;
    int clock;
    int notify; /* LINUX_SIGEV_SIGNAL / NONE (THREAD and THREAD_ID signal the task) */
    int signo;
    uint64_t value;
    uint64_t deadline_ns, interval_ns; /* on the clock; deadline 0 = disarmed */
    int overrun;      /* expirations merged into the signal now pending */
    int overrun_last; /* timer_getoverrun(): those of the signal last delivered */
};

static int is_cpu_clock(int clock)
{
    return clock == LINUX_CLOCK_PROCESS_CPUTIME_ID || clock == LINUX_CLOCK_THREAD_CPUTIME_ID;
}

/* Now on @clock, in ns. */
static uint64_t clock_now(struct task *t, int clock)
{
    if (is_cpu_clock(clock)) {
        uint64_t user, sys;
        task_cpu_time(t, &user, &sys);
        return user + sys;
    }
    clockid_t host = clock == LINUX_CLOCK_REALTIME ? CLOCK_REALTIME
                     : clock == LINUX_CLOCK_BOOTTIME ? CLOCK_BOOTTIME
                     : clock == LINUX_CLOCK_TAI      ? CLOCK_TAI
                                                     : CLOCK_MONOTONIC;
    struct timespec ts;
    clock_gettime(host, &ts);
    return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}

static struct posix_timer *find_timer(struct task *t, uint64_t id)
{
    for (int i = 0; t->ptimers && i < PTIMERS_MAX; i++)
        if (t->ptimers[i].used && (uint64_t)t->ptimers[i].id == (uint32_t)id &&
            (int)id >= 0)
            return &t->ptimers[i];
    return NULL;
}

void ptimers_release(struct task *t)
{
    free(t->ptimers);
    t->ptimers = NULL;
}

/*
 * The pending signal @pt sent last, if it is still queued: a timer has one
 * signal in flight, and expirations meanwhile count as overruns
 * (posixtimer_... send_sigqueue() in Linux).
 */
static struct linux_siginfo *pending_info(struct task *t, const struct posix_timer *pt)
{
    int sig = pt->signo;
    if (!(t->pending & (1ULL << (sig - 1))))
        return NULL;
    if (sig < LINUX_SIGRTMIN) {
        struct linux_siginfo *i = &t->siginfo[sig - 1];
        return i->si_code == LINUX_SI_TIMER && i->u.timer.tid == pt->id ? i : NULL;
    }
    for (struct sigqueue *q = t->rtqueue[sig - 1]; q; q = q->next)
        if (q->info.si_code == LINUX_SI_TIMER && q->info.u.timer.tid == pt->id)
            return &q->info;
    return NULL;
}

/*
 * Linux 6.14+ drops a timer's pending signal once the timer is re-armed or
 * deleted (posixtimer_deliver_signal(): its sequence no longer matches), so
 * a stale expiration never reaches the handler; here it leaves the queue.
 */
static void drop_pending(struct task *t, struct posix_timer *pt)
{
    struct linux_siginfo *info = pending_info(t, pt);
    int sig = pt->signo;
    if (!info)
        return;
    if (sig < LINUX_SIGRTMIN) {
        t->pending &= ~(1ULL << (sig - 1));
        return;
    }
    for (struct sigqueue **q = &t->rtqueue[sig - 1]; *q; q = &(*q)->next)
        if (&(*q)->info == info) {
            struct sigqueue *gone = *q;
            *q = gone->next;
            free(gone);
            break;
        }
    if (!t->rtqueue[sig - 1])
        t->pending &= ~(1ULL << (sig - 1));
}

/* One expiration (plus @missed ones the timer thread slept through). */
static void expire(struct task *t, struct posix_timer *pt, int missed)
{
    if (pt->notify == LINUX_SIGEV_NONE)
        return;
    struct linux_siginfo *queued = pending_info(t, pt);
    if (queued) {
        queued->u.timer.overrun += 1 + missed;
        pt->overrun += 1 + missed;
        return;
    }
    struct linux_siginfo info;
    memset(&info, 0, sizeof(info));
    info.si_signo = pt->signo;
    info.si_code = LINUX_SI_TIMER;
    info.u.timer.tid = pt->id;
    info.u.timer.overrun = missed;
    info.u.timer.value = pt->value;
    pt->overrun_last = pt->overrun;
    pt->overrun = missed;
    signal_send_info(t, pt->signo, &info);
}

uint64_t ptimers_fire(struct task *t, uint64_t now)
{
    uint64_t next = 0;
    for (int i = 0; t->ptimers && i < PTIMERS_MAX; i++) {
        struct posix_timer *pt = &t->ptimers[i];
        if (!pt->used || !pt->deadline_ns)
            continue;
        uint64_t cnow = clock_now(t, pt->clock);
        if (pt->deadline_ns <= cnow) {
            int missed = 0;
            if (pt->interval_ns) {
                uint64_t late = (cnow - pt->deadline_ns) / pt->interval_ns;
                missed = late > 0x7fffffff ? 0x7fffffff : (int)late;
                pt->deadline_ns += (late + 1) * pt->interval_ns;
            } else {
                pt->deadline_ns = 0;
            }
            expire(t, pt, missed);
            if (!pt->deadline_ns)
                continue;
        }
        uint64_t left = pt->deadline_ns - cnow;
        if (is_cpu_clock(pt->clock) && left < PTIMER_CPU_POLL_NS)
            left = PTIMER_CPU_POLL_NS;
        if (!next || now + left < next)
            next = now + left;
    }
    return next;
}

/* do_timer_create(): the clock, the sigevent copied in, an id, then the sigevent checked. */
SYS(timer_create)
{
    int clock = (int)a[0];
    struct linux_sigevent ev;

    switch (clock) {
    case LINUX_CLOCK_REALTIME:
    case LINUX_CLOCK_MONOTONIC:
    case LINUX_CLOCK_BOOTTIME:
    case LINUX_CLOCK_TAI:
    case LINUX_CLOCK_PROCESS_CPUTIME_ID:
    case LINUX_CLOCK_THREAD_CPUTIME_ID:
        break;
    case LINUX_CLOCK_MONOTONIC_RAW:
    case LINUX_CLOCK_REALTIME_COARSE:
    case LINUX_CLOCK_MONOTONIC_COARSE:
        return -LINUX_EOPNOTSUPP; /* clocks without timer support */
    case LINUX_CLOCK_REALTIME_ALARM:
    case LINUX_CLOCK_BOOTTIME_ALARM:
        return -LINUX_EPERM; /* CAP_WAKE_ALARM, which the sandbox never grants */
    default:
        /* Other processes' and threads' CPU clocks are not offered. */
        return -LINUX_EINVAL;
    }
    if (a[1]) {
        if (copy_from_user(t->mm, &ev, a[1], sizeof(ev)) < 0)
            return -LINUX_EFAULT;
    } else {
        memset(&ev, 0, sizeof(ev));
        ev.notify = LINUX_SIGEV_SIGNAL;
        ev.signo = LINUX_SIGALRM;
    }
    /* posix_timer_add() hands out the id before good_sigevent() checks: a refused
     * sigevent uses one up, as in Linux. */
    if (!t->ptimers && !(t->ptimers = calloc(PTIMERS_MAX, sizeof(*t->ptimers))))
        return -LINUX_EAGAIN;
    struct posix_timer *pt = NULL;
    for (int i = 0; i < PTIMERS_MAX && !pt; i++)
        if (!t->ptimers[i].used)
            pt = &t->ptimers[i];
    if (!pt)
        return -LINUX_EAGAIN;
    int id = t->next_timer_id;
    while (find_timer(t, (uint64_t)id))
        id = (id + 1) & 0x7fffffff;
    t->next_timer_id = (id + 1) & 0x7fffffff;
    switch (ev.notify) {
    case LINUX_SIGEV_SIGNAL | LINUX_SIGEV_THREAD_ID:
        if (ev.tid != t->tid)
            return -LINUX_EINVAL;
        /* fall through */
    case LINUX_SIGEV_SIGNAL:
    case LINUX_SIGEV_THREAD:
        if (ev.signo <= 0 || ev.signo > LINUX_NSIG)
            return -LINUX_EINVAL;
        /* fall through */
    case LINUX_SIGEV_NONE:
        break;
    default:
        return -LINUX_EINVAL;
    }
    *pt = (struct posix_timer){.used = 1, .id = id, .clock = clock,
                               .notify = ev.notify == LINUX_SIGEV_NONE ? LINUX_SIGEV_NONE
                                                                       : LINUX_SIGEV_SIGNAL,
                               .signo = ev.signo, .value = a[1] ? ev.value : (uint64_t)id};
    int32_t out = id;
    if (copy_to_user(t->mm, a[2], &out, sizeof(out)) < 0) {
        pt->used = 0;
        return -LINUX_EFAULT;
    }
    return 0;
}

static void ns_to_ts(uint64_t ns, struct linux_timespec *ts)
{
    ts->tv_sec = (int64_t)(ns / NS);
    ts->tv_nsec = (int64_t)(ns % NS);
}

/* common_timer_get(): time left and the interval; an expired one-shot reads as zero. */
static void current_value(struct task *t, const struct posix_timer *pt, struct linux_itimerspec *v)
{
    memset(v, 0, sizeof(*v));
    ns_to_ts(pt->interval_ns, &v->interval);
    if (!pt->deadline_ns)
        return;
    uint64_t now = clock_now(t, pt->clock);
    /* Due but not yet fired by the timer thread: about to, so not zero. */
    ns_to_ts(pt->deadline_ns > now ? pt->deadline_ns - now : 1, &v->value);
}

static int ts_valid(const struct linux_timespec *ts)
{
    return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (int64_t)NS;
}

static uint64_t ts_ns(const struct linux_timespec *ts)
{
    uint64_t s = (uint64_t)ts->tv_sec;
    return s > UINT64_MAX / NS - 1 ? UINT64_MAX / 2 : s * NS + (uint64_t)ts->tv_nsec;
}

SYS(timer_settime)
{
    struct linux_itimerspec nv, ov;
    if (!a[2])
        return -LINUX_EINVAL;
    if (copy_from_user(t->mm, &nv, a[2], sizeof(nv)) < 0)
        return -LINUX_EFAULT;
    if (!ts_valid(&nv.interval) || !ts_valid(&nv.value))
        return -LINUX_EINVAL;
    struct posix_timer *pt = find_timer(t, a[0]);
    if (!pt)
        return -LINUX_EINVAL;
    current_value(t, pt, &ov);
    drop_pending(t, pt);
    uint64_t value = ts_ns(&nv.value), now = clock_now(t, pt->clock);
    pt->interval_ns = value ? ts_ns(&nv.interval) : 0;
    pt->overrun = pt->overrun_last = 0;
    if (!value)
        pt->deadline_ns = 0;
    else if ((int)a[1] & LINUX_TIMER_ABSTIME)
        pt->deadline_ns = value > now ? value : now; /* a past time fires at once */
    else
        pt->deadline_ns = now + value;
    if (pt->deadline_ns && process_timers_start() < 0)
        return -LINUX_EAGAIN;
    sched_wake();
    if (a[3] && copy_to_user(t->mm, a[3], &ov, sizeof(ov)) < 0)
        return -LINUX_EFAULT;
    return 0;
}

SYS(timer_gettime)
{
    struct linux_itimerspec v;
    struct posix_timer *pt = find_timer(t, a[0]);
    if (!pt)
        return -LINUX_EINVAL;
    current_value(t, pt, &v);
    return copy_to_user(t->mm, a[1], &v, sizeof(v)) < 0 ? -LINUX_EFAULT : 0;
}

SYS(timer_getoverrun)
{
    struct posix_timer *pt = find_timer(t, a[0]);
    if (!pt)
        return -LINUX_EINVAL;
    /* The signal last delivered: the pending one's count once it has been taken. */
    return pending_info(t, pt) ? pt->overrun_last : pt->overrun;
}

SYS(timer_delete)
{
    struct posix_timer *pt = find_timer(t, a[0]);
    if (!pt)
        return -LINUX_EINVAL;
    drop_pending(t, pt);
    memset(pt, 0, sizeof(*pt));
    return 0;
}

/* ---- timerfd (fs/timerfd.c) ---- */

/*
 * A timer whose expirations are read as a count. The deadline is on the
 * timer's clock, as a POSIX timer's is; expirations are counted when the
 * file is looked at (read, poll, gettime) and by the timer thread, which
 * wakes the file's waiters. Armed timers are on one list: a timerfd belongs
 * to no task (it is shared over fork and passed over sockets).
 */
struct timerfd {
    int clock;
    uint64_t deadline_ns, interval_ns; /* on the clock; deadline 0 = disarmed */
    uint64_t ticks;                    /* expirations not read yet */
    uint64_t gen;                      /* moves at each expiration, for EPOLLET */
    struct timerfd *next_armed;
    int armed;
};

static struct timerfd *armed_timerfds;

static void tfd_disarm(struct timerfd *tf)
{
    tf->deadline_ns = 0;
    if (!tf->armed)
        return;
    for (struct timerfd **p = &armed_timerfds; *p; p = &(*p)->next_armed)
        if (*p == tf) {
            *p = tf->next_armed;
            break;
        }
    tf->armed = 0;
}

/* Count the expirations up to now (hrtimer_forward_now() for a periodic one). */
static void tfd_update(struct timerfd *tf)
{
    if (!tf->deadline_ns)
        return;
    uint64_t now = clock_now(NULL, tf->clock);
    if (tf->deadline_ns > now)
        return;
    uint64_t n = 1;
    if (tf->interval_ns) {
        uint64_t late = (now - tf->deadline_ns) / tf->interval_ns;
        n += late;
        tf->deadline_ns += (late + 1) * tf->interval_ns;
    } else {
        tfd_disarm(tf);
    }
    tf->ticks += n;
    tf->gen++;
    sched_wake_chan(tf);
}

/* The monotonic time at which @tf next expires, for a sleep; 0 when disarmed. */
static uint64_t tfd_wake_time(const struct timerfd *tf)
{
    if (!tf->deadline_ns)
        return 0;
    uint64_t now = clock_now(NULL, tf->clock), mono = sched_now_ns();
    return tf->deadline_ns > now ? mono + (tf->deadline_ns - now) : mono;
}

uint64_t timerfds_fire(void)
{
    uint64_t next = 0;
    for (struct timerfd *tf = armed_timerfds, *after; tf; tf = after) {
        after = tf->next_armed; /* a one-shot leaves the list */
        tfd_update(tf);
        uint64_t w = tfd_wake_time(tf);
        if (w && (!next || w < next))
            next = w;
    }
    return next;
}

static long tfd_read(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct timerfd *tf = f->priv;
    if (off)
        return -LINUX_ESPIPE;
    if (len < sizeof(uint64_t))
        return -LINUX_EINVAL;
    for (tfd_update(tf); !tf->ticks; tfd_update(tf)) {
        if (f->flags & LINUX_O_NONBLOCK)
            return -LINUX_EAGAIN;
        if (signal_pending(t))
            return -LINUX_ERESTARTSYS;
        sched_wait_for(tf, tfd_wake_time(tf));
    }
    if (copy_to_user(t->mm, buf, &tf->ticks, sizeof(tf->ticks)) < 0)
        return -LINUX_EFAULT;
    tf->ticks = 0;
    tf->gen++;
    return sizeof(uint64_t);
}

static int tfd_poll(struct file *f)
{
    struct timerfd *tf = f->priv;
    tfd_update(tf);
    return tf->ticks ? LINUX_POLLIN | LINUX_POLLRDNORM : 0;
}

static uint64_t tfd_gen(struct file *f)
{
    return ((struct timerfd *)f->priv)->gen;
}

static void tfd_release(struct file *f)
{
    tfd_disarm(f->priv);
    free(f->priv);
}

static const struct file_ops timerfd_ops = {
    .read = tfd_read,
    .fstat = file_anon_fstat,
    .poll = tfd_poll,
    .gen = tfd_gen,
    .release = tfd_release,
};

SYS(timerfd_create)
{
    int clock = (int)a[0];
    uint64_t flags = a[1];
    if ((flags & ~(uint64_t)(LINUX_TFD_CLOEXEC | LINUX_TFD_NONBLOCK)) ||
        (clock != LINUX_CLOCK_MONOTONIC && clock != LINUX_CLOCK_REALTIME &&
         clock != LINUX_CLOCK_BOOTTIME && clock != LINUX_CLOCK_REALTIME_ALARM &&
         clock != LINUX_CLOCK_BOOTTIME_ALARM))
        return -LINUX_EINVAL;
    if (clock == LINUX_CLOCK_REALTIME_ALARM || clock == LINUX_CLOCK_BOOTTIME_ALARM)
        return -LINUX_EPERM; /* CAP_WAKE_ALARM, which the sandbox never grants */
    struct timerfd *tf = calloc(1, sizeof(*tf));
    if (tf)
        tf->clock = clock;
    return file_anon_install(t->files, &timerfd_ops, tf, "timerfd", flags);
}

/* The timerfd @fd names: -EBADF for no file, -EINVAL for another kind (timerfd_fget()). */
static struct timerfd *timerfd_of(struct task *t, uint64_t fd, long *err)
{
    struct file *f = fd_lookup(t->files, (int)fd);
    *err = !f ? -LINUX_EBADF : f->ops != &timerfd_ops ? -LINUX_EINVAL : 0;
    return *err ? NULL : f->priv;
}

static void tfd_value(struct timerfd *tf, struct linux_itimerspec *v)
{
    memset(v, 0, sizeof(*v));
    ns_to_ts(tf->interval_ns, &v->interval);
    if (tf->deadline_ns) {
        uint64_t now = clock_now(NULL, tf->clock);
        ns_to_ts(tf->deadline_ns > now ? tf->deadline_ns - now : 0, &v->value);
    }
}

SYS(timerfd_settime)
{
    int flags = (int)a[1];
    struct linux_itimerspec nv, ov;
    long err;
    if (copy_from_user(t->mm, &nv, a[2], sizeof(nv)) < 0)
        return -LINUX_EFAULT;
    if ((flags & ~(LINUX_TFD_TIMER_ABSTIME | LINUX_TFD_TIMER_CANCEL_ON_SET)) ||
        !ts_valid(&nv.interval) || !ts_valid(&nv.value))
        return -LINUX_EINVAL;
    struct timerfd *tf = timerfd_of(t, a[0], &err);
    if (!tf)
        return err;
    /* The old value after counting what expired; then the count starts again. */
    tfd_update(tf);
    tfd_value(tf, &ov);
    tfd_disarm(tf);
    tf->ticks = 0;
    tf->gen++;
    uint64_t value = ts_ns(&nv.value), now = clock_now(NULL, tf->clock);
    tf->interval_ns = ts_ns(&nv.interval);
    /*
     * CANCEL_ON_SET reports a change of the realtime clock, which no sandboxed
     * task can make, so it is accepted and never fires.
     */
    if (value) {
        /* A past absolute time expires at once, with every interval since counted. */
        tf->deadline_ns = flags & LINUX_TFD_TIMER_ABSTIME ? value : now + value;
        if (process_timers_start() < 0)
            return -LINUX_EAGAIN;
        tf->next_armed = armed_timerfds;
        armed_timerfds = tf;
        tf->armed = 1;
        sched_wake();
    }
    if (a[3] && copy_to_user(t->mm, a[3], &ov, sizeof(ov)) < 0)
        return -LINUX_EFAULT;
    return 0;
}

SYS(timerfd_gettime)
{
    struct linux_itimerspec v;
    long err;
    struct timerfd *tf = timerfd_of(t, a[0], &err);
    if (!tf)
        return err;
    tfd_update(tf);
    tfd_value(tf, &v);
    return copy_to_user(t->mm, a[1], &v, sizeof(v)) < 0 ? -LINUX_EFAULT : 0;
}
