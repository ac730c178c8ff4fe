/* SPDX-License-Identifier: MIT */
/* bench/pipe_pingpong.c: one byte to a child over a pipe and one byte back over another, per round trip. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
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

const char bench_name[] = "pipe_pingpong";
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

void bench_setup(int argc, char **argv)
{
    (void)argc;
    (void)argv;
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
