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

const char bench_name[] = "pipe_pingpong";
const long bench_default_iters = 100000;

static int to_child = -1;
static int from_child = -1;
static pid_t child;

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

/* Runs when main returns: close the child's input so it sees EOF, then reap it. */
static void stop_child(void)
{
    int status = 0;

    close(to_child);
    if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "pipe_pingpong: echo child ended badly (status 0x%x)\n", status);
        _exit(1);
    }
}

void bench_setup(int argc, char **argv)
{
    int down[2], up[2];

    (void)argc;
    (void)argv;
    if (pipe(down) != 0 || pipe(up) != 0) {
        perror("pipe");
        exit(1);
    }
    child = fork();
    if (child < 0) {
        perror("fork");
        exit(1);
    }
    if (child == 0) {
        close(down[1]);
        close(up[0]);
        echo_child(down[0], up[1]);
    }
    close(down[0]);
    close(up[1]);
    to_child = down[1];
    from_child = up[0];
    atexit(stop_child);
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
