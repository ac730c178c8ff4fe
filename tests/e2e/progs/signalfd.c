/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/signalfd.c: signalfd4 records for kill, sigqueue, children and timers; errors, poll, epoll. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

/* Read up to @max records; print each one's fields that do not depend on the run. */
static void read_show(const char *what, int fd, int max)
{
    struct signalfd_siginfo r[4];
    errno = 0;
    ssize_t n = read(fd, r, (size_t)max * sizeof(r[0]));
    if (n < 0) {
        show_value(what, -1);
        return;
    }
    printf("%s: %zd bytes\n", what, n);
    for (ssize_t i = 0; i < n / (ssize_t)sizeof(r[0]); i++) {
        struct signalfd_siginfo *s = &r[i];
        printf("  signo %u code %d errno %d pid_is_me %d uid %u int %d ptr %llu status %d "
               "tid_set %d overrun %u\n",
               s->ssi_signo, s->ssi_code, s->ssi_errno, s->ssi_pid == (uint32_t)getpid(),
               s->ssi_uid, s->ssi_int, (unsigned long long)s->ssi_ptr, s->ssi_status,
               s->ssi_tid != 0, s->ssi_overrun);
    }
    fflush(stdout);
}

static void on_alarm(int sig)
{
    (void)sig;
}

int main(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGRTMIN);
    sigaddset(&set, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &set, NULL);

    /* Errors, in do_signalfd4()'s order. */
    show_value("bad size", syscall(SYS_signalfd4, -1, &set, 4, 0));
    show_value("bad mask pointer", syscall(SYS_signalfd4, -1, (void *)8, 8, 0));
    show_value("bad flags", syscall(SYS_signalfd4, -1, &set, 8, 1));
    show_value("bad fd", signalfd(77, &set, 0));
    int p[2];
    pipe(p);
    show_value("not a signalfd", signalfd(p[0], &set, 0));

    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("cloexec %d nonblock %d\n", fcntl(fd, F_GETFD), (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    read_show("empty", fd, 1);
    char small[64];
    show_value("short buffer", read(fd, small, sizeof(small)));
    show_value("pread", pread(fd, small, sizeof(small), 0));

    /* kill: SI_USER with our pid. */
    kill(getpid(), SIGUSR1);
    struct pollfd pf = {fd, POLLIN, 0};
    show_value("poll with one pending", poll(&pf, 1, 0));
    read_show("kill", fd, 4);
    show_value("poll after read", poll(&pf, 1, 0));

    /* sigqueue: SI_QUEUE with the value; real-time signals queue, several per read. */
    union sigval v = {.sival_int = 42};
    sigqueue(getpid(), SIGRTMIN, v);
    v.sival_int = 43;
    sigqueue(getpid(), SIGRTMIN, v);
    v.sival_int = 44;
    sigqueue(getpid(), SIGRTMIN + 1, v);
    read_show("three queued, room for two", fd, 2);
    read_show("the third", fd, 4);

    /* A child's exit: SIGCHLD with CLD_EXITED and its status. */
    pid_t c = fork();
    if (c == 0)
        _exit(7);
    struct signalfd_siginfo r;
    fcntl(fd, F_SETFL, 0);
    ssize_t n = read(fd, &r, sizeof(r));
    printf("child: %zd bytes signo %u code %d status %d pid_is_child %d\n", n, r.ssi_signo,
           r.ssi_code, r.ssi_status, r.ssi_pid == (uint32_t)c);
    waitpid(c, NULL, 0);

    /* A signal outside the set stays pending, for the mask to deliver. */
    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &usr2, NULL);
    kill(getpid(), SIGUSR2);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    read_show("USR2 not in the set", fd, 1);
    /* A new set for the same file (and SIGKILL, which is dropped from it). */
    sigaddset(&usr2, SIGKILL);
    show_value("new set", signalfd(fd, &usr2, 0) == fd);
    read_show("USR2 now", fd, 1);

    /* epoll sees it readable. */
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 5}, out[2];
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    show_value("epoll empty", epoll_wait(ep, out, 2, 0));
    signalfd(fd, &set, 0);
    kill(getpid(), SIGUSR1);
    int k = epoll_wait(ep, out, 2, 1000);
    printf("epoll: %d data %u\n", k, k > 0 ? out[0].data.u32 : 0);
    read_show("after epoll", fd, 1);

    /* A blocking read waits for a signal from another process. */
    fcntl(fd, F_SETFL, 0);
    c = fork();
    if (c == 0) {
        struct timespec ts = {0, 30000000};
        nanosleep(&ts, NULL);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    n = read(fd, &r, sizeof(r));
    printf("blocking read: %zd bytes signo %u code %d from_child %d\n", n, r.ssi_signo, r.ssi_code,
           r.ssi_pid == (uint32_t)c);
    waitpid(c, NULL, 0);
    read_show("the child's SIGCHLD", fd, 1);

    /* A POSIX timer's signal: SI_TIMER with the timer's value. */
    timer_t tm;
    struct sigevent se;
    memset(&se, 0, sizeof(se));
    se.sigev_notify = SIGEV_SIGNAL;
    se.sigev_signo = SIGRTMIN + 1;
    se.sigev_value.sival_int = 99;
    timer_create(CLOCK_MONOTONIC, &se, &tm);
    struct itimerspec its = {{0, 0}, {0, 10000000}};
    timer_settime(tm, 0, &its, NULL);
    read_show("timer", fd, 1);
    timer_delete(tm);

    /* A handled signal outside the set ends a blocking read (no SA_RESTART). */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 30000}};
    setitimer(ITIMER_REAL, &it, NULL);
    read_show("interrupted", fd, 1);

    /* An inherited signalfd reads the reader's own signals. */
    c = fork();
    if (c == 0) {
        kill(getpid(), SIGUSR1);
        fcntl(fd, F_SETFL, O_NONBLOCK);
        read_show("child's own", fd, 1);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    signalfd(fd, &usr2, 0); /* not SIGCHLD: the child's exit stays pending */
    read_show("parent after", fd, 1);
    close(fd);

    /* next_signal(): the synchronous signals (SEGV, BUS, ILL, TRAP, FPE, SYS) come first. */
    sigset_t mix;
    sigemptyset(&mix);
    int order[] = {SIGINT, SIGUSR1, SIGSEGV, SIGSYS, SIGTRAP, SIGHUP};
    for (int i = 0; i < 6; i++)
        sigaddset(&mix, order[i]);
    sigprocmask(SIG_BLOCK, &mix, NULL);
    for (int i = 0; i < 6; i++)
        kill(getpid(), order[i]);
    fd = signalfd(-1, &mix, SFD_NONBLOCK);
    read_show("synchronous ones first", fd, 4);
    read_show("then the rest", fd, 4);
    close(fd);
    return 0;
}
