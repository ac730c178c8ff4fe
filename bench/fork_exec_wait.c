/* SPDX-License-Identifier: MIT */
/* bench/fork_exec_wait.c: fork, the child execve()s a static `true` (argv[2]), the parent waitpid()s. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern const char bench_name[];
extern const long bench_default_iters;
void bench_setup(int argc, char **argv);
void bench_loop(long iters);

const char bench_name[] = "fork_exec_wait";
const long bench_default_iters = 1000;

extern char **environ;

static char prog[PATH_MAX];

/*
 * The program to exec: argv[2] (bench/run.sh passes the absolute path of
 * bench_true_static), else bench_true_static beside /proc/self/exe.
 */
void bench_setup(int argc, char **argv)
{
    if (argc >= 3) {
        if (strlen(argv[2]) >= sizeof(prog)) {
            fprintf(stderr, "fork_exec_wait: path too long\n");
            exit(2);
        }
        strcpy(prog, argv[2]);
    } else {
        const char leaf[] = "bench_true_static";
        ssize_t n = readlink("/proc/self/exe", prog, sizeof(prog) - 1);
        char *slash;

        if (n < 0) {
            perror("readlink /proc/self/exe");
            exit(1);
        }
        prog[n] = '\0';
        slash = strrchr(prog, '/');
        if (slash == NULL || (size_t)(slash + 1 - prog) + sizeof(leaf) > sizeof(prog)) {
            fprintf(stderr, "fork_exec_wait: cannot derive a path from %s\n", prog);
            exit(1);
        }
        memcpy(slash + 1, leaf, sizeof(leaf));
    }
    if (access(prog, X_OK) != 0) {
        perror(prog);
        exit(1);
    }
}

void bench_loop(long iters)
{
    char *args[] = { prog, NULL };

    for (long i = 0; i < iters; i++) {
        int status = 0;
        pid_t pid = fork();

        if (pid < 0) {
            perror("fork");
            exit(1);
        }
        if (pid == 0) {
            execve(prog, args, environ);
            _exit(127);
        }
        if (waitpid(pid, &status, 0) != pid) {
            perror("waitpid");
            exit(1);
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "fork_exec_wait: child %d (%s): wait status 0x%x\n",
                    (int)pid, prog, status);
            exit(1);
        }
    }
}
