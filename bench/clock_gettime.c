/* SPDX-License-Identifier: MIT */
/* bench/clock_gettime.c: glibc clock_gettime(CLOCK_MONOTONIC), as programs call it (vDSO if any). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

extern const char bench_name[];
extern const long bench_default_iters;
void bench_setup(int argc, char **argv);
void bench_loop(long iters);

const char bench_name[] = "clock_gettime";
const long bench_default_iters = 10000000;

/*
 * Extra warm-up by time, not count: gVisor's vDSO falls back to a real
 * syscall until its timekeeper has calibrated, about 1 s after boot, which
 * would make short runs measure a start-up transient 1000x slower than the
 * steady state. argv[2] overrides the milliseconds (0 disables).
 */
static long warm_ms = 1500;
static volatile long sink;

static void check(int rc)
{
    if (rc != 0) {
        perror("clock_gettime");
        exit(1);
    }
}

void bench_setup(int argc, char **argv)
{
    struct timespec t0, t;

    if (argc >= 3)
        warm_ms = strtol(argv[2], NULL, 10);
    check(clock_gettime(CLOCK_MONOTONIC, &t0));
    do {
        check(clock_gettime(CLOCK_MONOTONIC, &t));
    } while ((t.tv_sec - t0.tv_sec) * 1000L + (t.tv_nsec - t0.tv_nsec) / 1000000L < warm_ms);
}

void bench_loop(long iters)
{
    struct timespec ts;
    long acc = 0;

    for (long i = 0; i < iters; i++) {
        check(clock_gettime(CLOCK_MONOTONIC, &ts));
        acc += ts.tv_nsec;
    }
    sink = acc;
}
