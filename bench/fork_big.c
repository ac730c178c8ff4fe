/* SPDX-License-Identifier: MIT */
/* bench/fork_big.c: fork with 64 MiB of written memory; each side then writes one page. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern const char bench_name[];
extern const long bench_default_iters;
void bench_setup(int argc, char **argv);
void bench_loop(long iters);

const char bench_name[] = "fork_big";
const long bench_default_iters = 200;

#define BIG (64UL << 20)
#define PAGE_SZ 4096UL

static unsigned char *big;

void bench_setup(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    big = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (big == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    memset(big, 0x5a, BIG);
}

/*
 * What a large process running a command costs: the memory is the parent's
 * working set, the child touches almost none of it before it exits (or
 * execs). A sandbox that copies at fork pays for all 64 MiB every time.
 */
void bench_loop(long iters)
{
    for (long i = 0; i < iters; i++) {
        size_t at = ((size_t)i * 7919 % (BIG / PAGE_SZ)) * PAGE_SZ;
        int status = 0;
        pid_t pid = fork();

        if (pid < 0) {
            perror("fork");
            exit(1);
        }
        if (pid == 0) {
            big[at] = 1;
            _exit(big[at + PAGE_SZ / 2] == 0x5a ? 0 : 2);
        }
        big[at + 1] = (unsigned char)i;
        if (waitpid(pid, &status, 0) != pid) {
            perror("waitpid");
            exit(1);
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "fork_big: child %d: wait status 0x%x\n", (int)pid, status);
            exit(1);
        }
    }
}
