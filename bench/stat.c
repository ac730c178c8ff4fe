/* SPDX-License-Identifier: MIT */
/* bench/stat.c: stat("/etc/passwd") (path walk + attribute copy-out, no fd). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

extern const char bench_name[];
extern const long bench_default_iters;
void bench_setup(int argc, char **argv);
void bench_loop(long iters);

const char bench_name[] = "stat";
const long bench_default_iters = 300000;

static const char *path = "/etc/passwd";
static volatile long sink;

void bench_setup(int argc, char **argv)
{
    if (argc >= 3)
        path = argv[2];
}

void bench_loop(long iters)
{
    struct stat st;
    long acc = 0;

    for (long i = 0; i < iters; i++) {
        if (stat(path, &st) != 0) {
            perror(path);
            exit(1);
        }
        acc += (long)st.st_size;
    }
    sink = acc;
}
