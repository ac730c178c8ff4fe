/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/epoll.c: epoll's errors, level and edge triggering, one-shot, nesting, waits and signals. */
/*
 * usage: epoll
 * Prints results as errno names and the events and data reported, never
 * times, for comparison with native.
 * exit status: 0.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

static int ctl(int ep, int op, int fd, unsigned events, unsigned long data)
{
    struct epoll_event ev = {.events = events, .data.u64 = data};
    errno = 0;
    return epoll_ctl(ep, op, fd, &ev);
}

/* One wait: the count, then each event's bits and data. */
static void wait_show(const char *what, int ep, int max, int ms)
{
    struct epoll_event ev[8];
    errno = 0;
    int n = epoll_wait(ep, ev, max, ms);
    show_value(what, n);
    for (int i = 0; i < n; i++)
        printf("  events %#x data %llu\n", ev[i].events, (unsigned long long)ev[i].data.u64);
    fflush(stdout);
}

static void on_alarm(int sig)
{
    (void)sig;
}

int main(void)
{
    int p[2], q[2], r[2], s[2];
    char c;

    int ep = epoll_create1(0);
    show_value("epoll_create1", ep < 0 ? -1 : 0);
    errno = 0;
    show_value("epoll_create1 flag 1", epoll_create1(1));
    int epc = epoll_create1(EPOLL_CLOEXEC);
    printf("cloexec flag %d\n", fcntl(epc, F_GETFD));
    struct stat st;
    fstat(ep, &st);
    printf("epoll fstat mode %o\n", (unsigned)st.st_mode);
    char link[64], lp[64];
    snprintf(lp, sizeof(lp), "/proc/self/fd/%d", ep);
    ssize_t ln = readlink(lp, link, sizeof(link) - 1);
    link[ln > 0 ? ln : 0] = 0;
    printf("epoll fd link %s\n", link);

    /* epoll_ctl's errors. */
    if (pipe(p) || pipe(q) || pipe(r) || socketpair(AF_UNIX, SOCK_STREAM, 0, s))
        return 1;
    int file = open("/proc/self/exe", O_RDONLY);
    int null = open("/dev/null", O_RDWR);
    show_value("ctl bad epfd", ctl(999, EPOLL_CTL_ADD, p[0], EPOLLIN, 1));
    show_value("ctl bad fd", ctl(ep, EPOLL_CTL_ADD, 999, EPOLLIN, 1));
    show_value("ctl regular file", ctl(ep, EPOLL_CTL_ADD, file, EPOLLIN, 1));
    show_value("ctl /dev/null", ctl(ep, EPOLL_CTL_ADD, null, EPOLLIN, 1));
    show_value("ctl epfd itself", ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN, 1));
    show_value("ctl epfd not epoll", ctl(p[0], EPOLL_CTL_ADD, q[0], EPOLLIN, 1));
    show_value("ctl op 9", ctl(ep, 9, p[0], EPOLLIN, 1));
    show_value("ctl MOD missing", ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN, 1));
    show_value("ctl DEL missing", ctl(ep, EPOLL_CTL_DEL, p[0], 0, 0));
    show_value("ctl ADD", ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 11));
    show_value("ctl ADD again", ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 11));
    show_value("ctl EXCLUSIVE on MOD", ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLEXCLUSIVE, 11));
    show_value("ctl EXCLUSIVE|RDHUP", ctl(ep, EPOLL_CTL_ADD, q[0], EPOLLIN | EPOLLRDHUP | EPOLLEXCLUSIVE, 1));
    errno = 0;
    show_value("ctl bad event pointer", epoll_ctl(ep, EPOLL_CTL_ADD, q[0], (struct epoll_event *)8));
    int ep2 = epoll_create1(0), ep3 = epoll_create1(0);
    show_value("ctl nest ep2 in ep", ctl(ep, EPOLL_CTL_ADD, ep2, EPOLLIN, 77));
    show_value("ctl nest ep in ep2 (loop)", ctl(ep2, EPOLL_CTL_ADD, ep, EPOLLIN, 1));
    show_value("ctl nest ep3 in ep2", ctl(ep2, EPOLL_CTL_ADD, ep3, EPOLLIN, 1));

    /* epoll_wait's errors. */
    struct epoll_event evs[4];
    errno = 0;
    show_value("wait maxevents 0", epoll_wait(ep, evs, 0, 0));
    errno = 0;
    show_value("wait not epoll", epoll_wait(p[0], evs, 4, 0));
    errno = 0;
    show_value("wait bad epfd", epoll_wait(999, evs, 4, 0));

    /* Level-triggered: reported while readable. */
    wait_show("wait empty", ep, 4, 0);
    write(p[1], "ab", 2);
    wait_show("wait readable (LT)", ep, 4, 0);
    wait_show("wait readable again", ep, 4, 0);
    read(p[0], &c, 1);
    read(p[0], &c, 1);
    wait_show("wait drained", ep, 4, 0);
    show_value("ctl DEL", ctl(ep, EPOLL_CTL_DEL, p[0], 0, 0));
    show_value("ctl DEL ep2", ctl(ep, EPOLL_CTL_DEL, ep2, 0, 0));

    /* Edge-triggered: once per change. */
    show_value("ctl ADD ET socket", ctl(ep, EPOLL_CTL_ADD, s[0], EPOLLIN | EPOLLOUT | EPOLLET, 22));
    wait_show("wait ET first", ep, 4, 0);
    wait_show("wait ET nothing new", ep, 4, 0);
    send(s[1], "x", 1, 0);
    wait_show("wait ET data", ep, 4, 0);
    wait_show("wait ET data not read", ep, 4, 0);
    recv(s[0], &c, 1, 0);
    send(s[1], "y", 1, 0);
    wait_show("wait ET after drain and new data", ep, 4, 0);
    recv(s[0], &c, 1, 0);
    show_value("ctl DEL socket", ctl(ep, EPOLL_CTL_DEL, s[0], 0, 0));

    /* One-shot: reported once until re-armed by MOD. */
    write(q[1], "q", 1);
    show_value("ctl ADD ONESHOT", ctl(ep, EPOLL_CTL_ADD, q[0], EPOLLIN | EPOLLONESHOT, 33));
    wait_show("wait ONESHOT", ep, 4, 0);
    wait_show("wait ONESHOT fired", ep, 4, 0);
    show_value("ctl MOD re-arm", ctl(ep, EPOLL_CTL_MOD, q[0], EPOLLIN | EPOLLONESHOT, 34));
    wait_show("wait re-armed", ep, 4, 0);
    read(q[0], &c, 1);
    show_value("ctl DEL oneshot", ctl(ep, EPOLL_CTL_DEL, q[0], 0, 0));

    /* maxevents 1 over three ready pipes: each in turn. */
    int e4 = epoll_create1(0);
    write(p[1], "1", 1);
    write(q[1], "2", 1);
    write(r[1], "3", 1);
    ctl(e4, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
    ctl(e4, EPOLL_CTL_ADD, q[0], EPOLLIN, 2);
    ctl(e4, EPOLL_CTL_ADD, r[0], EPOLLIN, 3);
    for (int i = 0; i < 4; i++)
        wait_show("wait max 1", e4, 1, 0);
    wait_show("wait max 8", e4, 8, 0);
    /* Nested: e4 has ready items, so an epoll holding it sees it readable. */
    int e5 = epoll_create1(0);
    ctl(e5, EPOLL_CTL_ADD, e4, EPOLLIN, 55);
    wait_show("wait nested", e5, 4, 0);
    /* A closed descriptor's registration ends with it. */
    close(r[0]);
    wait_show("wait after close", e4, 8, 0);
    read(p[0], &c, 1);
    read(q[0], &c, 1);

    /*
     * A registration lasts as long as its file: with a dup still open, closing
     * the registered descriptor leaves it reported, and ctl finds it by the
     * (file, old number) pair no descriptor names any more.
     */
    int l8 = epoll_create1(0), d[2];
    pipe(d);
    ctl(l8, EPOLL_CTL_ADD, d[0], EPOLLIN, 81);
    int keep = dup(d[0]), old = d[0];
    close(d[0]);
    write(d[1], "d", 1);
    wait_show("wait registered fd closed, dup open", l8, 4, 0);
    show_value("ctl del by the dup", ctl(l8, EPOLL_CTL_DEL, keep, 0, 0));
    show_value("ctl mod by the closed number", ctl(l8, EPOLL_CTL_MOD, old, EPOLLIN, 82));
    /* The old number names a new file now: a new registration, next to the old one. */
    int n2[2];
    pipe(n2);
    show_value("new pipe reuses the number", n2[0] == old);
    show_value("ctl add the new file", ctl(l8, EPOLL_CTL_ADD, n2[0], EPOLLIN, 83));
    write(n2[1], "n", 1);
    wait_show("wait both files", l8, 4, 0);
    /* Nested: an epoll in an epoll stays registered the same way. */
    int l9 = epoll_create1(0);
    ctl(l9, EPOLL_CTL_ADD, l8, EPOLLIN, 91);
    int l8dup = dup(l8);
    close(l8);
    wait_show("wait nested, inner dup open", l9, 4, 0);
    /* The last descriptor of the dup'd pipe end goes: that registration ends. */
    close(keep);
    wait_show("wait after the last close", l8dup, 4, 0);
    close(l8dup);
    wait_show("wait nested, inner gone", l9, 4, 0);
    close(l9);
    close(n2[0]);
    close(n2[1]);
    close(d[1]);

    /* Hang-up and error. */
    int e6 = epoll_create1(0);
    int h[2];
    pipe(h);
    ctl(e6, EPOLL_CTL_ADD, h[0], EPOLLIN, 61);
    ctl(e6, EPOLL_CTL_ADD, h[1], EPOLLOUT, 62);
    close(h[1]);
    wait_show("wait writer closed", e6, 4, 0);
    int g[2];
    pipe(g);
    ctl(e6, EPOLL_CTL_ADD, g[1], EPOLLOUT, 63);
    close(g[0]);
    wait_show("wait reader closed", e6, 4, 0);

    /* Timeouts, signals and a writer in another process. */
    int e7 = epoll_create1(0);
    int w[2];
    pipe(w);
    ctl(e7, EPOLL_CTL_ADD, w[0], EPOLLIN, 71);
    wait_show("wait 30 ms timeout", e7, 4, 30);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &it, NULL);
    wait_show("wait interrupted (SA_RESTART)", e7, 4, -1);
    sigset_t block, none;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, NULL);
    setitimer(ITIMER_REAL, &it, NULL);
    sigemptyset(&none);
    errno = 0;
    show_value("pwait, SIGALRM let in", epoll_pwait(e7, evs, 4, -1, &none));
    pid_t pid = fork();
    if (pid == 0) {
        usleep(20000);
        write(w[1], "z", 1);
        _exit(0);
    }
    wait_show("wait for the child's write", e7, 4, -1);
    waitpid(pid, NULL, 0);

    /* eventfd: a counter, alone and under epoll. */
    uint64_t v = 0;
    errno = 0;
    show_value("eventfd2 bad flag", eventfd(0, 0x10));
    int efd = eventfd(3, EFD_NONBLOCK);
    snprintf(lp, sizeof(lp), "/proc/self/fd/%d", efd);
    ln = readlink(lp, link, sizeof(link) - 1);
    link[ln > 0 ? ln : 0] = 0;
    printf("eventfd link %s, flags %#x\n", link, (unsigned)fcntl(efd, F_GETFL) & ~0100000u);
    errno = 0;
    show_value("eventfd read 4 bytes", read(efd, &v, 4));
    show_value("eventfd read", read(efd, &v, 8));
    printf("  value %llu\n", (unsigned long long)v);
    errno = 0;
    show_value("eventfd read empty", read(efd, &v, 8));
    errno = 0;
    show_value("eventfd pread", pread(efd, &v, 8, 0));
    v = ~0ULL;
    errno = 0;
    show_value("eventfd write ULLONG_MAX", write(efd, &v, 8));
    v = ~0ULL - 1;
    show_value("eventfd write max", write(efd, &v, 8));
    v = 1;
    errno = 0;
    show_value("eventfd write past max", write(efd, &v, 8));
    read(efd, &v, 8);
    int e8 = epoll_create1(0);
    ctl(e8, EPOLL_CTL_ADD, efd, EPOLLIN | EPOLLET, 81);
    wait_show("epoll eventfd empty", e8, 4, 0);
    v = 2;
    write(efd, &v, 8);
    wait_show("epoll eventfd written", e8, 4, 0);
    write(efd, &v, 8);
    wait_show("epoll eventfd written again (ET)", e8, 4, 0);
    int sem = eventfd(2, EFD_SEMAPHORE);
    read(sem, &v, 8);
    printf("semaphore read %llu\n", (unsigned long long)v);
    read(sem, &v, 8);
    printf("semaphore read %llu\n", (unsigned long long)v);
    pid = fork();
    if (pid == 0) {
        usleep(20000);
        v = 5;
        write(sem, &v, 8);
        _exit(0);
    }
    show_value("semaphore blocking read", read(sem, &v, 8));
    printf("  value %llu\n", (unsigned long long)v);
    waitpid(pid, NULL, 0);
    return 0;
}
