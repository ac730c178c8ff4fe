/* SPDX-License-Identifier: MIT */
/* bench/pipe_pingpong.c: one byte to a child over a pipe and one byte back over another, per round trip. */
/*
 * Built twice (bench/meson.build): bench_pipe_pingpong, and bench_pipe_sleepers
 * (PINGPONG_SLEEPERS=4), where four more children sleep in pause() all along,
 * as background jobs of a shell do: a runtime that wakes every sleeper on
 * every pipe operation shows it there.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern const char bench_name[];
extern const long bench_default_iters;
void bench_setup(int argc, char **argv);
void bench_loop(long iters);
void bench_spawn_piped(void (*body)(int in, int out), int *to, int *from);

#ifndef PINGPONG_SLEEPERS
#define PINGPONG_SLEEPERS 0
#define PINGPONG_NAME "pipe_pingpong"
#endif

const char bench_name[] = PINGPONG_NAME;
const long bench_default_iters = 100000;

static int to_child = -1;
static int from_child = -1;

/* The echo child: read a byte, write it back; EOF (the parent exited) ends it. */
static void echo_child(int in, int out)
{
    char c;

    for (;;) {
        ssize_t n = read(in, &c, 1);

        if (n == 0)
            _exit(0);
        if (n != 1 || write(out, &c, 1) != 1)
            _exit(1);
    }
}

/* Killed and reaped when the benchmark exits. */
static pid_t sleepers[PINGPONG_SLEEPERS + 1];

static void stop_sleepers(void)
{
    for (int i = 0; i < PINGPONG_SLEEPERS; i++) {
        kill(sleepers[i], SIGKILL);
        waitpid(sleepers[i], NULL, 0);
    }
}

void bench_setup(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    for (int i = 0; i < PINGPONG_SLEEPERS; i++) {
        sleepers[i] = fork();
        if (sleepers[i] < 0) {
            perror("pipe_pingpong: fork");
            exit(1);
        }
        if (sleepers[i] == 0) {
            for (;;)
                pause();
        }
    }
    if (PINGPONG_SLEEPERS)
        atexit(stop_sleepers);
    bench_spawn_piped(echo_child, &to_child, &from_child);
}

void bench_loop(long iters)
{
    char c = 'x';

    for (long i = 0; i < iters; i++) {
        if (write(to_child, &c, 1) != 1 || read(from_child, &c, 1) != 1) {
            perror("pipe_pingpong: round trip");
            exit(1);
        }
    }
}
