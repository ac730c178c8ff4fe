/* SPDX-License-Identifier: MIT */
/* bench/harness.c: shared main() of bench_<x>: warm up, time the loop, print "<name> <ns_per_op>". */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * Contract with each benchmark file (there is no header on purpose: every
 * benchmark is one .c file linked with this one):
 *   bench_name           the name printed on the result line
 *   bench_default_iters  the count used when argv[1] is absent
 *   bench_setup()        one-time preparation; may read argv[2..]
 *   bench_loop(n)        do n operations; exit(1) on any failed syscall
 */
extern const char bench_name[];
extern const long bench_default_iters;
void bench_setup(int argc, char **argv);
void bench_loop(long iters);

/*
 * Offered to the benchmarks: bench_spawn_piped() forks a child that runs
 * @body(in, out) on two fresh pipes (it must _exit(0) when @in reaches end of
 * file) and gives the parent the other ends in *@to and *@from. When main
 * returns, *@to is closed and the child reaped; one that did not exit 0 fails
 * the benchmark.
 */
void bench_spawn_piped(void (*body)(int in, int out), int *to, int *from);

static pid_t piped_child;
static int piped_to = -1;

static void reap_piped(void)
{
    int status = 0;
    close(piped_to);
    if (waitpid(piped_child, &status, 0) != piped_child || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        fprintf(stderr, "%s: child ended badly (status 0x%x)\n", bench_name, status);
        _exit(1);
    }
}

void bench_spawn_piped(void (*body)(int in, int out), int *to, int *from)
{
    int down[2], up[2];
    if (pipe(down) != 0 || pipe(up) != 0) {
        perror("pipe");
        exit(1);
    }
    piped_child = fork();
    if (piped_child < 0) {
        perror("fork");
        exit(1);
    }
    if (piped_child == 0) {
        close(down[1]);
        close(up[0]);
        body(down[0], up[1]);
        _exit(1);
    }
    close(down[0]);
    close(up[1]);
    *to = piped_to = down[1];
    *from = up[0];
    atexit(reap_piped);
}

static long parse_count(const char *s)
{
    char *end = NULL;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v <= 0)
        return -1;
    return v;
}

static double now_ns(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        perror("clock_gettime");
        exit(1);
    }
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    long iters = bench_default_iters;
    long warm;
    double t0, t1;

    if (argc >= 2) {
        iters = parse_count(argv[1]);
        if (iters < 0) {
            fprintf(stderr, "usage: %s [ITERATIONS] [ARGS...]\n", argv[0]);
            return 2;
        }
    }

    bench_setup(argc, argv);

    /* Warm-up: fault in code, data and caches (and any lazy sandbox state). */
    warm = iters / 10;
    if (warm < 1)
        warm = 1;
    bench_loop(warm);

    t0 = now_ns();
    bench_loop(iters);
    t1 = now_ns();

    printf("%s %.3f\n", bench_name, (t1 - t0) / (double)iters);
    return fflush(stdout) == 0 ? 0 : 1;
}
