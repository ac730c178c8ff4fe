/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/sleep_restart.c: a nanosleep stopped and continued ends at its first deadline. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * A child sleeps 600 ms in one nanosleep. Its parent stops it after 100 ms
 * and continues it at 1000 ms, then sends it an ignored signal (SIGURG).
 * Linux resumes the sleep through restart_syscall with the original
 * deadline, already past, so the child wakes at once, about 1.0 s after it
 * started; a sleep restarted from scratch would end 600 ms later (the bound
 * between the two, 1.35 s, leaves room for slow emulated machines). A second child is
 * interrupted by a caught signal: nanosleep returns EINTR with the time left.
 * Prints one line per check, with no timings in it.
 */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void msleep(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static void on_usr1(int sig)
{
    (void)sig;
}

int main(void)
{
    int fds[2], ready[2];
    if (pipe(fds) != 0 || pipe(ready) != 0)
        return 2;
    pid_t pid = fork();
    if (pid == 0) {
        /* Tell the parent the sleep is about to start, so its timing holds on slow machines. */
        if (write(ready[1], "r", 1) != 1)
            _exit(3);
        double t0 = now();
        struct timespec req = {0, 600000000L};
        int r = nanosleep(&req, NULL);
        double took = now() - t0;
        char c = (r == 0 && took >= 0.59 && took < 1.35) ? 'y' : 'n';
        if (write(fds[1], &c, 1) != 1)
            _exit(3);
        _exit(0);
    }
    char r;
    if (read(ready[0], &r, 1) != 1)
        return 2;
    msleep(100);
    kill(pid, SIGSTOP);
    msleep(900);
    kill(pid, SIGCONT);
    kill(pid, SIGURG); /* default action: ignore */
    char c = '?';
    if (read(fds[0], &c, 1) != 1)
        return 2;
    int st;
    waitpid(pid, &st, 0);
    printf("stopped and continued sleep ends at its deadline: %s\n", c == 'y' ? "yes" : "no");

    pid = fork();
    if (pid == 0) {
        struct sigaction sa = {0};
        sa.sa_handler = on_usr1;
        sigaction(SIGUSR1, &sa, NULL);
        if (write(ready[1], "r", 1) != 1)
            _exit(3);
        struct timespec req = {5, 0}, rem = {0, 0};
        int r = nanosleep(&req, &rem);
        char c2 = (r == -1 && errno == EINTR && rem.tv_sec >= 3 && rem.tv_sec < 5) ? 'y' : 'n';
        if (write(fds[1], &c2, 1) != 1)
            _exit(3);
        _exit(0);
    }
    if (read(ready[0], &r, 1) != 1)
        return 2;
    msleep(200);
    kill(pid, SIGUSR1);
    if (read(fds[0], &c, 1) != 1)
        return 2;
    waitpid(pid, &st, 0);
    printf("a caught signal ends the sleep with EINTR and the time left: %s\n",
           c == 'y' ? "yes" : "no");
    return 0;
}
