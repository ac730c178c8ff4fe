/* SPDX-License-Identifier: MIT */
/* bench/signal_roundtrip.c: kill(SIGUSR1) to a child whose handler kill()s SIGUSR1 back; sigsuspend until it does. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern const char bench_name[];
extern const long bench_default_iters;
void bench_setup(int argc, char **argv);
void bench_loop(long iters);

const char bench_name[] = "signal_roundtrip";
const long bench_default_iters = 50000;

static pid_t parent;
static pid_t child;
static volatile sig_atomic_t answered;
static sigset_t wait_mask;

/* The parent's handler: the child answered. */
static void on_answer(int sig)
{
    (void)sig;
    answered = 1;
}

/* The child's handler: answer at once. */
static void on_ping(int sig)
{
    (void)sig;
    if (kill(parent, SIGUSR1) != 0)
        _exit(1);
}

/*
 * Runs when main returns: SIGKILL the child (it sleeps in sigsuspend) and
 * reap it.
 */
static void stop_child(void)
{
    int status = 0;

    if (kill(child, SIGKILL) != 0 || waitpid(child, &status, 0) != child ||
        !WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
        fprintf(stderr, "signal_roundtrip: child ended badly (status 0x%x)\n", status);
        _exit(1);
    }
}

/*
 * SIGUSR1 stays blocked in both processes except inside sigsuspend, so a
 * signal can never arrive between "check the flag" and "sleep". The child
 * inherits the blocked mask, so pings sent before it first sleeps stay
 * pending rather than being lost or killing it.
 */
void bench_setup(int argc, char **argv)
{
    struct sigaction sa;
    sigset_t usr1;

    (void)argc;
    (void)argv;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    if (sigprocmask(SIG_BLOCK, &usr1, &wait_mask) != 0) {
        perror("sigprocmask");
        exit(1);
    }
    sigdelset(&wait_mask, SIGUSR1);
    parent = getpid();

    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_ping;
    if (sigaction(SIGUSR1, &sa, NULL) != 0) {
        perror("sigaction");
        exit(1);
    }
    child = fork();
    if (child < 0) {
        perror("fork");
        exit(1);
    }
    if (child == 0) {
        for (;;)
            sigsuspend(&wait_mask);
    }
    sa.sa_handler = on_answer;
    if (sigaction(SIGUSR1, &sa, NULL) != 0) {
        perror("sigaction");
        exit(1);
    }
    atexit(stop_child);
}

void bench_loop(long iters)
{
    for (long i = 0; i < iters; i++) {
        answered = 0;
        if (kill(child, SIGUSR1) != 0) {
            perror("signal_roundtrip: kill");
            exit(1);
        }
        while (!answered)
            sigsuspend(&wait_mask);
    }
}
