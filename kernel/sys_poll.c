/* SPDX-License-Identifier: MIT */
/* kernel/sys_poll.c: poll, ppoll, select and pselect6 over in-sandbox and host files. */
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "../abi/linux.h"
#include "file.h"
#include "sched.h"
#include "signal.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"

/* Host files cannot wake the scheduler, so waits that include one re-check this often. */
#define HOST_POLL_INTERVAL_NS (10ULL * 1000000)

struct linux_pollfd {
    int32_t fd;
    int16_t events, revents;
};

/* Readiness of @f for @events; POLLERR/POLLHUP are always reported (poll(2)). */
static int file_ready(struct file *f, int events, int *host)
{
    int always = LINUX_POLLERR | LINUX_POLLHUP;
    if (f->ops && f->ops->poll)
        return f->ops->poll(f) & (events | always);
    if (f->host_fd >= 0) {
        struct pollfd p = {.fd = f->host_fd, .events = (short)events};
        *host = 1;
        if (poll(&p, 1, 0) <= 0)
            return 0;
        /* Host and guest poll bits share the asm-generic values. */
        return p.revents & (events | always | LINUX_POLLNVAL);
    }
    return events & (LINUX_POLLIN | LINUX_POLLOUT | LINUX_POLLRDNORM | LINUX_POLLWRNORM);
}

/*
 * Sleep until @deadline (0 = forever), woken by any change; with host files
 * in the set, also wake every HOST_POLL_INTERVAL_NS to look at them again.
 */
static void poll_wait(int host, uint64_t deadline)
{
    if (host) {
        uint64_t next = sched_now_ns() + HOST_POLL_INTERVAL_NS;
        sched_wait(deadline && deadline < next ? deadline : next);
    } else {
        sched_wait(deadline);
    }
}

static uint64_t deadline_from_ts(const struct linux_timespec *ts)
{
    uint64_t ns = (uint64_t)ts->tv_sec * 1000000000ULL + (uint64_t)ts->tv_nsec;
    return sched_now_ns() + (ns ? ns : 0);
}

/* The poll loop: ready count, 0 on timeout, or -LINUX_ERESTARTNOHAND on a signal. */
static long do_poll(struct task *t, struct linux_pollfd *p, unsigned n, int timed,
                    uint64_t deadline)
{
    for (;;) {
        int ready = 0, host = 0;
        for (unsigned i = 0; i < n; i++) {
            p[i].revents = 0;
            if (p[i].fd < 0)
                continue;
            struct file *f = fd_lookup(t->files, p[i].fd);
            p[i].revents = f ? (int16_t)file_ready(f, (uint16_t)p[i].events, &host)
                             : LINUX_POLLNVAL;
            if (p[i].revents)
                ready++;
        }
        if (ready)
            return ready;
        if (timed && sched_now_ns() >= deadline)
            return 0;
        if (signal_pending(t))
            return -LINUX_ERESTARTNOHAND;
        poll_wait(host, timed ? deadline : 0);
    }
}

static long poll_common(struct task *t, uaddr_t ufds, uint64_t nfds, int timed, uint64_t deadline)
{
    /* do_sys_poll(): more entries than RLIMIT_NOFILE is EINVAL. */
    if (nfds > (uint64_t)fdtable_limit(t->files))
        return -LINUX_EINVAL;
    struct linux_pollfd *p = calloc(nfds ? nfds : 1, sizeof(*p));
    if (!p)
        return -LINUX_ENOMEM;
    long r = copy_from_user(t->mm, p, ufds, nfds * sizeof(*p));
    if (r == 0)
        r = do_poll(t, p, (unsigned)nfds, timed, deadline);
    /* Linux writes revents back even on EINTR only for the entries it examined; all here. */
    if (r >= 0) {
        for (uint64_t i = 0; i < nfds; i++)
            if (copy_to_user(t->mm, ufds + i * sizeof(*p) + 6, &p[i].revents, 2) < 0) {
                r = -LINUX_EFAULT;
                break;
            }
    }
    free(p);
    return r;
}

long sys_poll(struct task *t, const uint64_t a[6])
{
    int ms = (int)a[2];
    uint64_t deadline = ms > 0 ? sched_now_ns() + (uint64_t)ms * 1000000ULL : sched_now_ns();
    return poll_common(t, a[0], a[1], ms >= 0, deadline);
}

/* ppoll/pselect6 swap in a signal mask for the wait, as sigsuspend does. */
static long set_temp_mask(struct task *t, uaddr_t umask, uint64_t size)
{
    if (!umask)
        return 0;
    if (size != sizeof(linux_sigset_t))
        return -LINUX_EINVAL;
    linux_sigset_t m;
    if (copy_from_user(t->mm, &m, umask, sizeof(m)) < 0)
        return -LINUX_EFAULT;
    t->saved_sigmask = t->sigmask;
    t->has_saved_sigmask = 1;
    t->sigmask = m & ~(SIGBIT(LINUX_SIGKILL) | SIGBIT(LINUX_SIGSTOP));
    return 0;
}

static long read_timeout(struct task *t, uaddr_t uts, int *timed, uint64_t *deadline)
{
    struct linux_timespec ts;
    *timed = uts != 0;
    if (!uts)
        return 0;
    if (copy_from_user(t->mm, &ts, uts, sizeof(ts)) < 0)
        return -LINUX_EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
        return -LINUX_EINVAL;
    *deadline = deadline_from_ts(&ts);
    return 0;
}

/* Linux writes the time left back into a ppoll/pselect6/select timeout. */
static void write_left(struct task *t, uaddr_t uts, uint64_t deadline, int tv)
{
    uint64_t now = sched_now_ns(), left = deadline > now ? deadline - now : 0;
    if (tv) {
        struct linux_timeval v = {(int64_t)(left / 1000000000ULL),
                                  (int64_t)(left % 1000000000ULL) / 1000};
        copy_to_user(t->mm, uts, &v, sizeof(v));
    } else {
        struct linux_timespec v = {(int64_t)(left / 1000000000ULL),
                                   (int64_t)(left % 1000000000ULL)};
        copy_to_user(t->mm, uts, &v, sizeof(v));
    }
}

long sys_ppoll(struct task *t, const uint64_t a[6])
{
    int timed;
    uint64_t deadline = 0;
    long r = read_timeout(t, a[2], &timed, &deadline);
    if (r == 0)
        r = set_temp_mask(t, a[3], a[4]);
    if (r < 0)
        return r;
    r = poll_common(t, a[0], a[1], timed, deadline);
    if (timed)
        write_left(t, a[2], deadline, 0);
    return r;
}

/* select(2) on fd_set bitmaps of @n bits (64-bit words, as the kernel's). */
static long select_scan(struct task *t, int n, uint64_t *in[3], uint64_t *out[3], int *host)
{
    const int want[3] = {LINUX_POLLIN | LINUX_POLLRDNORM | LINUX_POLLHUP | LINUX_POLLERR,
                         LINUX_POLLOUT | LINUX_POLLWRNORM | LINUX_POLLERR, LINUX_POLLPRI};
    int ready = 0;
    for (int fd = 0; fd < n; fd++) {
        uint64_t bit = 1ULL << (fd % 64);
        int asked = 0;
        for (int k = 0; k < 3; k++)
            asked |= (in[k][fd / 64] & bit) ? 1 << k : 0;
        if (!asked)
            continue;
        struct file *f = fd_lookup(t->files, fd);
        if (!f)
            return -LINUX_EBADF;
        int ev = file_ready(f, LINUX_POLLIN | LINUX_POLLOUT | LINUX_POLLPRI, host);
        for (int k = 0; k < 3; k++)
            if ((asked & (1 << k)) && (ev & want[k])) {
                out[k][fd / 64] |= bit;
                ready++;
            }
    }
    return ready;
}

/* select(2) on fd_set bitmaps of @n bits (64-bit words, as the kernel's). */
static long do_select(struct task *t, int n, uaddr_t ur, uaddr_t uw, uaddr_t ue, int timed,
                      uint64_t deadline)
{
    if (n < 0)
        return -LINUX_EINVAL;
    /* core_sys_select(): n beyond the table's size is cut to it. */
    if (n > fdtable_limit(t->files))
        n = fdtable_limit(t->files);
    size_t words = ((size_t)n + 63) / 64, bytes = words * 8;
    uint64_t *buf = calloc(6 * (words ? words : 1), 8);
    if (!buf)
        return -LINUX_ENOMEM;
    uint64_t *in[3] = {buf, buf + words, buf + 2 * words};
    uint64_t *out[3] = {buf + 3 * words, buf + 4 * words, buf + 5 * words};
    uaddr_t u[3] = {ur, uw, ue};
    long r = 0;
    int done = 0;
    for (int k = 0; k < 3 && !done; k++)
        if (u[k] && copy_from_user(t->mm, in[k], u[k], bytes) < 0)
            r = -LINUX_EFAULT, done = 1;
    while (!done) {
        done = 1;
        int host = 0;
        memset(out[0], 0, 3 * bytes);
        long ready = select_scan(t, n, in, out, &host);
        if (ready < 0) {
            r = ready;
            break;
        }
        if (ready || (timed && sched_now_ns() >= deadline)) {
            for (int k = 0; k < 3; k++)
                if (u[k] && copy_to_user(t->mm, u[k], out[k], bytes) < 0)
                    ready = -LINUX_EFAULT;
            r = ready;
            break;
        }
        if (signal_pending(t)) {
            r = -LINUX_ERESTARTNOHAND;
            break;
        }
        poll_wait(host, timed ? deadline : 0);
        done = 0;
    }
    free(buf);
    return r;
}

long sys_select(struct task *t, const uint64_t a[6])
{
    int timed = a[4] != 0;
    uint64_t deadline = 0;
    if (timed) {
        struct linux_timeval tv;
        if (copy_from_user(t->mm, &tv, a[4], sizeof(tv)) < 0)
            return -LINUX_EFAULT;
        if (tv.tv_sec < 0 || tv.tv_usec < 0)
            return -LINUX_EINVAL;
        /* poll_select_set_timeout(): microseconds past a second carry over. */
        deadline = sched_now_ns() + (uint64_t)tv.tv_sec * 1000000000ULL +
                   (uint64_t)tv.tv_usec * 1000ULL;
    }
    long r = do_select(t, (int)a[0], a[1], a[2], a[3], timed, deadline);
    if (timed && r != -LINUX_EFAULT)
        write_left(t, a[4], deadline, 1);
    return r;
}

long sys_pselect6(struct task *t, const uint64_t a[6])
{
    int timed;
    uint64_t deadline = 0;
    long r = read_timeout(t, a[4], &timed, &deadline);
    if (r < 0)
        return r;
    if (a[5]) {
        /* The sixth argument points at {const sigset_t *ss; size_t ss_len;}. */
        uint64_t sig[2];
        if (copy_from_user(t->mm, sig, a[5], sizeof(sig)) < 0)
            return -LINUX_EFAULT;
        r = set_temp_mask(t, sig[0], sig[1]);
        if (r < 0)
            return r;
    }
    r = do_select(t, (int)a[0], a[1], a[2], a[3], timed, deadline);
    if (timed)
        write_left(t, a[4], deadline, 0);
    return r;
}
