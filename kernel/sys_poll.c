/* SPDX-License-Identifier: MIT */
/* kernel/sys_poll.c: poll, ppoll, select and pselect6 over in-sandbox and host files. */
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "../abi/linux.h"
#include "file.h"
#include "log.h"
#include "sched.h"
#include "signal.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"
#include "vfs.h"

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

/* ---- epoll ---- */

/*
 * An epoll instance is a file whose interest list names (descriptor, file)
 * pairs. Readiness is asked of each file as poll asks it, so a wait is the
 * poll loop over the list; the scheduler's wake-ups and the host-file
 * interval end its sleeps. As in Linux, a registration lasts until
 * EPOLL_CTL_DEL or until its file's last reference goes (file_put() calls
 * epoll_file_released()): closing one descriptor of a file that a dup still
 * holds does not end it. The descriptor number is only the key that ctl
 * finds it by. EPOLLET reports a file when it turns ready, and when its
 * change count (file_ops.gen: pipes, sockets) moved while it stayed ready,
 * as each wake-up of a Linux wait queue does. Level-triggered items that
 * were reported move to the back of the list, so a small maxevents rotates
 * through them as Linux's ready list does.
 */
#define EP_MAX_NESTS 4 /* fs/eventpoll.c */
#define EP_PRIVATE_BITS (LINUX_EPOLLWAKEUP | LINUX_EPOLLONESHOT | LINUX_EPOLLET | LINUX_EPOLLEXCLUSIVE)
#define EPOLLEXCLUSIVE_OK_BITS                                                                     \
    (LINUX_EPOLLIN | LINUX_EPOLLOUT | LINUX_EPOLLERR | LINUX_EPOLLHUP | LINUX_EPOLLWAKEUP |          \
     LINUX_EPOLLET | LINUX_EPOLLEXCLUSIVE)

struct epitem {
    int fd;
    struct file *file;       /* no reference: the item goes when the file does */
    uint32_t events;         /* asked for, with EPOLLERR|EPOLLHUP and the private bits */
    uint64_t data;
    uint32_t seen;           /* readiness when last looked at (EPOLLET) */
    uint64_t gen;            /* the file's change count when last reported (EPOLLET) */
};

struct eventpoll {
    struct epitem *items;
    int n, cap;
    struct eventpoll *next; /* every instance, for epoll_file_released() */
};

static const struct file_ops epoll_ops;
static struct eventpoll *all_eventpolls;

static int is_epoll(const struct file *f)
{
    return f->ops == &epoll_ops;
}

static void ep_remove(struct eventpoll *ep, struct epitem *it)
{
    it->file->epoll_watch--;
    memmove(it, it + 1, (size_t)(ep->items + ep->n - it - 1) * sizeof(*it));
    ep->n--;
}

void epoll_file_released(struct file *f)
{
    for (struct eventpoll *ep = all_eventpolls; ep && f->epoll_watch; ep = ep->next)
        for (int i = ep->n; i-- > 0;)
            if (ep->items[i].file == f)
                ep_remove(ep, &ep->items[i]);
    BUG_ON(f->epoll_watch != 0);
}

static int ep_depth; /* nesting of epoll files being polled (epoll in epoll) */

/* The events of @it ready now, as poll would report them. */
static uint32_t ep_ready(struct epitem *it, int *host)
{
    uint32_t want = it->events & ~EP_PRIVATE_BITS;
    if (!want)
        return 0; /* a fired EPOLLONESHOT item, until EPOLL_CTL_MOD */
    return (uint32_t)file_ready(it->file, (int)want, host) & want;
}

/* An epoll file is readable while any of its items is ready (poll, select, nesting). */
static int epoll_poll(struct file *f)
{
    struct eventpoll *ep = f->priv;
    int host = 0, r = 0;
    if (ep_depth > EP_MAX_NESTS)
        return 0;
    ep_depth++;
    for (int i = 0; i < ep->n && !r; i++)
        if (ep_ready(&ep->items[i], &host))
            r = LINUX_POLLIN | LINUX_POLLRDNORM;
    ep_depth--;
    return r;
}

static void epoll_release(struct file *f)
{
    struct eventpoll *ep = f->priv;
    while (ep->n)
        ep_remove(ep, &ep->items[ep->n - 1]);
    for (struct eventpoll **p = &all_eventpolls; *p; p = &(*p)->next)
        if (*p == ep) {
            *p = ep->next;
            break;
        }
    free(ep->items);
    free(ep);
}

static const struct file_ops epoll_ops = {
    .fstat = file_anon_fstat,
    .poll = epoll_poll,
    .release = epoll_release,
};

static long do_epoll_create(struct task *t, uint64_t flags)
{
    if (flags & ~(uint64_t)LINUX_EPOLL_CLOEXEC)
        return -LINUX_EINVAL;
    struct eventpoll *ep = calloc(1, sizeof(*ep));
    long fd = file_anon_install(t->files, &epoll_ops, ep, "eventpoll", flags);
    if (fd >= 0) {
        ep->next = all_eventpolls;
        all_eventpolls = ep;
    }
    return fd;
}

long sys_epoll_create1(struct task *t, const uint64_t a[6])
{
    return do_epoll_create(t, a[0]);
}

long sys_epoll_create(struct task *t, const uint64_t a[6])
{
    return (int)a[0] <= 0 ? -LINUX_EINVAL : do_epoll_create(t, 0);
}

/* file_can_poll(): regular files, directories and the memory devices have no poll. */
static int can_poll(struct file *f)
{
    struct linux_stat st;
    uint32_t type = file_type(f, &st);
    if (is_epoll(f) || (f->ops && f->ops->poll))
        return 1;
    if (type == LINUX_S_IFREG || type == LINUX_S_IFDIR)
        return 0;
    /* /dev/null, zero, full (1:3, 1:5, 1:7) have no poll; random and urandom do. */
    if (type == LINUX_S_IFCHR && (st.st_rdev == vfs_encode_dev(1, 3) ||
                                  st.st_rdev == vfs_encode_dev(1, 5) ||
                                  st.st_rdev == vfs_encode_dev(1, 7)))
        return 0;
    return f->host_fd >= 0 || type != 0;
}

/* Whether adding @target under @ep would nest epolls too deep or in a loop (ELOOP). */
static int ep_loops(const struct file *ep_file, struct file *target, int depth)
{
    if (target == ep_file || depth > EP_MAX_NESTS)
        return 1;
    if (!is_epoll(target))
        return 0;
    struct eventpoll *ep = target->priv;
    for (int i = 0; i < ep->n; i++)
        if (ep_loops(ep_file, ep->items[i].file, depth + 1))
            return 1;
    return 0;
}

long sys_epoll_ctl(struct task *t, const uint64_t a[6])
{
    int op = (int)a[1], fd = (int)a[2];
    struct linux_epoll_event ev = {0, 0};

    if (op != LINUX_EPOLL_CTL_DEL && copy_from_user(t->mm, &ev, a[3], sizeof(ev)) < 0)
        return -LINUX_EFAULT;
    struct file *epf = fd_lookup(t->files, (int)a[0]);
    if (!epf)
        return -LINUX_EBADF;
    struct file *tf = fd_lookup(t->files, fd);
    if (!tf || (tf->flags & LINUX_O_PATH))
        return -LINUX_EBADF;
    if (!can_poll(tf))
        return -LINUX_EPERM;
    if (op != LINUX_EPOLL_CTL_DEL)
        ev.events &= ~LINUX_EPOLLWAKEUP; /* needs CAP_BLOCK_SUSPEND, never granted */
    if (epf == tf || !is_epoll(epf))
        return -LINUX_EINVAL;
    if (op != LINUX_EPOLL_CTL_DEL && (ev.events & LINUX_EPOLLEXCLUSIVE)) {
        if (op == LINUX_EPOLL_CTL_MOD)
            return -LINUX_EINVAL;
        if (op == LINUX_EPOLL_CTL_ADD &&
            (is_epoll(tf) || (ev.events & ~EPOLLEXCLUSIVE_OK_BITS)))
            return -LINUX_EINVAL;
    }
    struct eventpoll *ep = epf->priv;
    if (op == LINUX_EPOLL_CTL_ADD && is_epoll(tf) && ep_loops(epf, tf, 1))
        return -LINUX_ELOOP;
    struct epitem *it = NULL;
    for (int i = 0; i < ep->n && !it; i++)
        if (ep->items[i].fd == fd && ep->items[i].file == tf)
            it = &ep->items[i];
    switch (op) {
    case LINUX_EPOLL_CTL_ADD:
        if (it)
            return -LINUX_EEXIST;
        if (ep->n == ep->cap) {
            int cap = ep->cap ? 2 * ep->cap : 8;
            struct epitem *n = realloc(ep->items, (size_t)cap * sizeof(*n));
            if (!n)
                return -LINUX_ENOMEM;
            ep->items = n;
            ep->cap = cap;
        }
        ep->items[ep->n++] = (struct epitem){.fd = fd, .file = tf,
                                             .events = ev.events | LINUX_EPOLLERR | LINUX_EPOLLHUP,
                                             .data = ev.data};
        tf->epoll_watch++;
        break;
    case LINUX_EPOLL_CTL_DEL:
        if (!it)
            return -LINUX_ENOENT;
        ep_remove(ep, it);
        break;
    case LINUX_EPOLL_CTL_MOD:
        if (!it)
            return -LINUX_ENOENT;
        if (!(it->events & LINUX_EPOLLEXCLUSIVE)) {
            it->events = ev.events | LINUX_EPOLLERR | LINUX_EPOLLHUP;
            it->data = ev.data;
            it->seen = 0; /* ep_modify() re-polls: a ready file is reported again */
        }
        break;
    default:
        return -LINUX_EINVAL;
    }
    sched_wake();
    return 0;
}

/* One scan: up to @max ready events into @out; the count. */
static int ep_scan(struct eventpoll *ep, struct linux_epoll_event *out, int max,
                   int *host)
{
    int n = 0;
    int end = ep->n;
    for (int i = 0; i < end && n < max;) {
        struct epitem *it = &ep->items[i];
        uint32_t r = ep_ready(it, host), was = it->seen;
        struct file *f = it->file; /* live: released files leave every list */
        uint64_t gen = f->ops && f->ops->gen ? f->ops->gen(f) : it->gen;
        it->seen = r;
        /* Edge-triggered: newly ready bits, or a change to a file that is still ready. */
        if (!r || ((it->events & LINUX_EPOLLET) && !(r & ~was) && gen == it->gen)) {
            i++;
            continue;
        }
        it->gen = gen;
        out[n].events = r;
        out[n].data = it->data;
        n++;
        if (it->events & LINUX_EPOLLONESHOT) {
            it->events &= EP_PRIVATE_BITS;
            i++;
        } else if (!(it->events & LINUX_EPOLLET)) {
            /* Level-triggered: to the back of the list, as ep_send_events() requeues it. */
            struct epitem keep = *it;
            memmove(it, it + 1, (size_t)(ep->n - i - 1) * sizeof(*it));
            ep->items[ep->n - 1] = keep;
            end--;
        } else {
            i++;
        }
    }
    return n;
}

/* do_epoll_wait(): the argument checks, then the wait; EINTR (never restarted) on a signal. */
static long do_epoll_wait(struct task *t, const uint64_t a[6], int timed, uint64_t deadline)
{
    int max = (int)a[2];
    if (max <= 0 || (uint64_t)max > INT32_MAX / sizeof(struct linux_epoll_event))
        return -LINUX_EINVAL;
    if (a[1] + (uint64_t)max * sizeof(struct linux_epoll_event) < a[1] ||
        a[1] + (uint64_t)max * sizeof(struct linux_epoll_event) > arch_user_max())
        return -LINUX_EFAULT;
    struct file *f = fd_lookup(t->files, (int)a[0]);
    if (!f)
        return -LINUX_EBADF;
    if (!is_epoll(f))
        return -LINUX_EINVAL;
    struct eventpoll *ep = f->priv;
    int cap = max < 1024 ? max : 1024;
    struct linux_epoll_event *out = calloc((size_t)cap, sizeof(*out));
    if (!out)
        return -LINUX_ENOMEM;
    long r;
    file_get(f); /* a close by a handler's longjmp cannot free it under us */
    for (;;) {
        int host = 0;
        int n = ep_scan(ep, out, cap, &host);
        if (n) {
            r = copy_to_user(t->mm, a[1], out, (size_t)n * sizeof(*out)) < 0 ? -LINUX_EFAULT : n;
            break;
        }
        if (timed && sched_now_ns() >= deadline) {
            r = 0;
            break;
        }
        if (signal_pending(t)) {
            r = -LINUX_EINTR;
            break;
        }
        poll_wait(host, timed ? deadline : 0);
    }
    file_put(f);
    free(out);
    return r;
}

static uint64_t ms_deadline(int ms)
{
    return sched_now_ns() + (ms > 0 ? (uint64_t)ms * 1000000ULL : 0);
}

long sys_epoll_wait(struct task *t, const uint64_t a[6])
{
    int ms = (int)a[3];
    return do_epoll_wait(t, a, ms >= 0, ms_deadline(ms));
}

long sys_epoll_pwait(struct task *t, const uint64_t a[6])
{
    int ms = (int)a[3];
    long r = set_temp_mask(t, a[4], a[5]);
    return r < 0 ? r : do_epoll_wait(t, a, ms >= 0, ms_deadline(ms));
}

long sys_epoll_pwait2(struct task *t, const uint64_t a[6])
{
    int timed;
    uint64_t deadline = 0;
    long r = read_timeout(t, a[3], &timed, &deadline);
    if (r == 0)
        r = set_temp_mask(t, a[4], a[5]);
    return r < 0 ? r : do_epoll_wait(t, a, timed, deadline);
}
