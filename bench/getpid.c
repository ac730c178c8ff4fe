/* SPDX-License-Identifier: MIT */
/* bench/getpid.c: the cheapest syscall, raw syscall(SYS_getpid) so no libc pid cache applies. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/syscall.h>
#include <unistd.h>

extern const char bench_name[];
extern const long bench_default_iters;
void bench_setup(int argc, char **argv);
void bench_loop(long iters);

const char bench_name[] = "getpid";
const long bench_default_iters = 2000000;

static volatile long sink;

void bench_setup(int argc, char **argv)
{
    (void)argc;
    (void)argv;
}

void bench_loop(long iters)
{
    long acc = 0;

    for (long i = 0; i < iters; i++)
        acc += syscall(SYS_getpid);
    sink = acc;
}
