/* SPDX-License-Identifier: MIT */
/* bench/fork_exit_wait.c: fork, the child _exit(0)s at once, the parent waitpid()s for it. */
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

const char bench_name[] = "fork_exit_wait";
const long bench_default_iters = 2000;

void bench_setup(int argc, char **argv)
{
    (void)argc;
    (void)argv;
}

void bench_loop(long iters)
{
    for (long i = 0; i < iters; i++) {
        int status = 0;
        pid_t pid = fork();

        if (pid < 0) {
            perror("fork");
            exit(1);
        }
        if (pid == 0)
            _exit(0);
        if (waitpid(pid, &status, 0) != pid) {
            perror("waitpid");
            exit(1);
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "fork_exit_wait: child %d: wait status 0x%x\n", (int)pid, status);
            exit(1);
        }
    }
}
