/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/timerfd.c: timerfd_create/settime/gettime: counts, errors, poll, epoll, fork and signals. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

#define MS 1000000L

static struct itimerspec spec(long value_ns, long interval_ns)
{
    struct itimerspec s = {{interval_ns / 1000000000L, interval_ns % 1000000000L},
                           {value_ns / 1000000000L, value_ns % 1000000000L}};
    return s;
}

static long ns_of(const struct timespec *ts)
{
    return ts->tv_sec * 1000000000L + ts->tv_nsec;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * MS};
    while (nanosleep(&ts, &ts) < 0)
        ;
}

/* read(2) of the count: "what: count" or the error. */
static uint64_t read_ticks(const char *what, int fd, int show)
{
    uint64_t n = 0;
    ssize_t r = read(fd, &n, sizeof(n));
    if (r < 0)
        show_value(what, -1);
    else if (show)
        printf("%s: %zd bytes, %llu\n", what, r, (unsigned long long)n);
    fflush(stdout);
    return r < 0 ? 0 : n;
}

static void errors(void)
{
    show_value("create bad flags", timerfd_create(CLOCK_MONOTONIC, 0x1));
    show_value("create bad clock", timerfd_create(42, 0));
    show_value("create cpu clock", timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0));
    show_value("create tai", timerfd_create(CLOCK_TAI, 0));
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    struct itimerspec s = spec(MS, 0), g;
    show_value("settime bad flags", timerfd_settime(fd, 4, &s, NULL));
    struct itimerspec bad = spec(0, 0);
    bad.it_value.tv_nsec = 1000000000L;
    show_value("settime bad nsec", timerfd_settime(fd, 0, &bad, NULL));
    bad = spec(MS, 0);
    bad.it_interval.tv_sec = -1;
    show_value("settime negative interval", timerfd_settime(fd, 0, &bad, NULL));
    show_value("settime NULL", syscall(SYS_timerfd_settime, fd, 0, NULL, NULL));
    show_value("settime bad fd", timerfd_settime(99, 0, &s, NULL));
    int p[2];
    pipe(p);
    show_value("settime on a pipe", timerfd_settime(p[0], 0, &s, NULL));
    show_value("gettime on a pipe", timerfd_gettime(p[0], &g));
    show_value("gettime bad fd", timerfd_gettime(-1, &g));
    close(p[0]);
    close(p[1]);
    uint32_t small;
    show_value("read 4 bytes", read(fd, &small, sizeof(small)));
    uint64_t big = 1;
    show_value("write", write(fd, &big, sizeof(big)));
    show_value("pread", pread(fd, &big, sizeof(big), 0));
    struct stat st;
    fstat(fd, &st);
    printf("fstat mode: 0%o\n", st.st_mode);
    printf("cloexec: %d, nonblock: %d\n", fcntl(fd, F_GETFD), (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    close(fd);
}

static void one_shot(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec s = spec(50 * MS, 0), g;
    timerfd_gettime(fd, &g);
    printf("fresh: value %ld interval %ld\n", ns_of(&g.it_value), ns_of(&g.it_interval));
    show_value("settime 50ms", timerfd_settime(fd, 0, &s, NULL));
    timerfd_gettime(fd, &g);
    printf("armed: 0 < value <= 50ms: %s\n",
           ns_of(&g.it_value) > 0 && ns_of(&g.it_value) <= 50 * MS ? "yes" : "no");
    struct pollfd pf = {fd, POLLIN, 0};
    show_value("poll before", poll(&pf, 1, 0));
    read_ticks("blocking read", fd, 1);
    timerfd_gettime(fd, &g);
    printf("expired: value %ld interval %ld\n", ns_of(&g.it_value), ns_of(&g.it_interval));
    fcntl(fd, F_SETFL, O_NONBLOCK);
    read_ticks("read again", fd, 1);
    /* Expired and unread: poll says readable. */
    s = spec(MS, 0);
    timerfd_settime(fd, 0, &s, NULL);
    show_value("poll 1s", poll(&pf, 1, 1000));
    printf("revents: 0x%x\n", pf.revents);
    read_ticks("read after poll", fd, 1);
    close(fd);
}

static void periodic(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct itimerspec s = spec(10 * MS, 10 * MS), old;
    timerfd_settime(fd, 0, &s, NULL);
    sleep_ms(55);
    uint64_t n = read_ticks("periodic", fd, 0);
    printf("periodic after 55ms: >= 5 ticks: %s\n", n >= 5 ? "yes" : "no");
    /* Re-armed: the count starts again, and the old value comes back. */
    s = spec(10000 * MS, 7 * MS);
    timerfd_settime(fd, 0, &s, NULL);
    s = spec(0, 3 * MS);
    show_value("disarm", timerfd_settime(fd, 0, &s, &old));
    printf("old: 9s < value <= 10s: %s, interval %ld\n",
           ns_of(&old.it_value) > 9000 * MS && ns_of(&old.it_value) <= 10000 * MS ? "yes" : "no",
           ns_of(&old.it_interval));
    struct itimerspec g;
    timerfd_gettime(fd, &g);
    printf("disarmed: value %ld interval %ld\n", ns_of(&g.it_value), ns_of(&g.it_interval));
    read_ticks("read disarmed", fd, 1);
    /* An absolute time a second ago, every 100ms: eleven expirations at once. */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    s = spec(ns_of(&now) - 1000 * MS, 100 * MS);
    show_value("abstime past", timerfd_settime(fd, TFD_TIMER_ABSTIME, &s, NULL));
    /* Linux expires it from the timer interrupt, a moment later: wait for that. */
    struct pollfd pf = {fd, POLLIN, 0};
    poll(&pf, 1, 5000);
    n = read_ticks("abstime", fd, 0);
    printf("abstime a second ago: >= 11 ticks: %s\n", n >= 11 ? "yes" : "no");
    s = spec(0, 0);
    timerfd_settime(fd, 0, &s, NULL);
    /* CLOCK_REALTIME, absolute, with CANCEL_ON_SET: an ordinary timer while nobody sets the clock. */
    close(fd);
    fd = timerfd_create(CLOCK_REALTIME, 0);
    clock_gettime(CLOCK_REALTIME, &now);
    s = spec(ns_of(&now) + 20 * MS, 0);
    show_value("realtime abstime", timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &s, NULL));
    read_ticks("realtime read", fd, 1);
    close(fd);
    fd = timerfd_create(CLOCK_BOOTTIME, 0);
    s = spec(5 * MS, 0);
    timerfd_settime(fd, 0, &s, NULL);
    read_ticks("boottime read", fd, 1);
    close(fd);
}

static void with_epoll(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u32 = 7}, out[2];
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    show_value("epoll before", epoll_wait(ep, out, 2, 0));
    struct itimerspec s = spec(20 * MS, 20 * MS);
    timerfd_settime(fd, 0, &s, NULL);
    int n = epoll_wait(ep, out, 2, 2000);
    printf("epoll: %d, events 0x%x, data %u\n", n, n > 0 ? out[0].events : 0,
           n > 0 ? out[0].data.u32 : 0);
    read_ticks("epoll read", fd, 0);
    /* Edge-triggered: the next expiration is a new edge. */
    n = epoll_wait(ep, out, 2, 2000);
    printf("epoll again: %d\n", n);
    close(ep);
    close(fd);
}

static void child_reads(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec s = spec(20 * MS, 0);
    timerfd_settime(fd, 0, &s, NULL);
    pid_t c = fork();
    if (c == 0) {
        read_ticks("child read", fd, 1);
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    read_ticks("parent after child", fd, 1);
    close(fd);
}

static void on_alarm(int sig)
{
    (void)sig;
}

/* A blocking read ends with EINTR for a handler without SA_RESTART. */
static void interrupted(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    int fd = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec s = spec(10000 * MS, 0);
    timerfd_settime(fd, 0, &s, NULL);
    struct itimerval it = {{0, 0}, {0, 30000}};
    setitimer(ITIMER_REAL, &it, NULL);
    read_ticks("read with SIGALRM", fd, 1);
    close(fd);
}

int main(void)
{
    errors();
    one_shot();
    periodic();
    with_epoll();
    child_reads();
    interrupted();
    return 0;
}
