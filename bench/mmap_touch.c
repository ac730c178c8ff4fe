/* SPDX-License-Identifier: MIT */
/* bench/mmap_touch.c: mmap 1 MiB anonymous, write a byte per 4 KiB page, munmap (+ 256 faults). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

extern const char bench_name[];
extern const long bench_default_iters;
void bench_setup(int argc, char **argv);
void bench_loop(long iters);

const char bench_name[] = "mmap_touch";
const long bench_default_iters = 800;

#define REGION (1UL << 20)
#define PAGE 4096UL

void bench_setup(int argc, char **argv)
{
    (void)argc;
    (void)argv;
}

void bench_loop(long iters)
{
    for (long i = 0; i < iters; i++) {
        volatile char *p = mmap(NULL, REGION, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

        if ((void *)p == MAP_FAILED) {
            perror("mmap");
            exit(1);
        }
        for (unsigned long off = 0; off < REGION; off += PAGE)
            p[off] = (char)(i + 1);
        if (munmap((void *)p, REGION) != 0) {
            perror("munmap");
            exit(1);
        }
    }
}
