/* SPDX-License-Identifier: MIT */
/* bench/compute.c: pure user-mode integer + FP work with no syscalls (the sandbox's baseline tax). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>

extern const char bench_name[];
extern const long bench_default_iters;
void bench_setup(int argc, char **argv);
void bench_loop(long iters);

const char bench_name[] = "compute";
const long bench_default_iters = 15000;

/* One iteration is STEPS dependent LCG + multiply-add steps. */
#define STEPS 4096

static volatile uint64_t sink_u;
static volatile double sink_d;

void bench_setup(int argc, char **argv)
{
    (void)argc;
    (void)argv;
}

void bench_loop(long iters)
{
    uint64_t x = 0x9e3779b97f4a7c15ULL + (uint64_t)sink_u;
    double f = 1.0 + sink_d;

    for (long i = 0; i < iters; i++) {
        for (int s = 0; s < STEPS; s++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            f = f * 0.9999999 + (double)(x >> 43) * 1e-9;
            x ^= (uint64_t)f;
        }
    }
    sink_u = x;
    sink_d = f;
}
