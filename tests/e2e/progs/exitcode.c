/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/exitcode.c: exit with argv[1] through exit, _exit, return or raw exit_group. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int code;
    const char *how = argc > 2 ? argv[2] : "exit";

    if (argc < 2) {
        fprintf(stderr, "usage: exitcode N [exit|_exit|return|exit_group]\n");
        return 2;
    }
    code = atoi(argv[1]);
    /* Buffered output must be flushed by exit() and by return, lost by _exit. */
    printf("exiting with %d via %s\n", code, how);
    if (strcmp(how, "_exit") == 0) {
        fflush(stdout);
        _exit(code);
    }
    if (strcmp(how, "exit_group") == 0) {
        fflush(stdout);
        syscall(SYS_exit_group, code);
        return 99;
    }
    if (strcmp(how, "return") == 0)
        return code;
    exit(code);
}
