/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/fpe.c: integer division by zero or INT_MIN / -1, both raise SIGFPE on x86. */
#define _GNU_SOURCE
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void say(const char *s)
{
    if (write(2, s, strlen(s)) < 0)
        _exit(100);
}

static void handler(int sig, siginfo_t *si, void *uc)
{
    char buf[128];

    (void)uc;
    snprintf(buf, sizeof(buf), "caught signal %d si_signo %d si_code %d (FPE_INTDIV=%d)\n", sig,
             si->si_signo, si->si_code, FPE_INTDIV);
    say(buf);
    _exit(42);
}

static int has_arg(int argc, char **argv, const char *word)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], word) == 0)
            return 1;
    return 0;
}

/* Usage: fpe [zero|overflow] [catch], words in any order. */
int main(int argc, char **argv)
{
    /* volatile keeps the compiler from folding or removing the division. */
    volatile int a = 1, b = 0;

    if (has_arg(argc, argv, "catch")) {
        struct sigaction sa;

        memset(&sa, 0, sizeof(sa));
        sa.sa_sigaction = handler;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGFPE, &sa, NULL);
    }
    if (has_arg(argc, argv, "overflow")) {
        a = INT_MIN;
        b = -1;
    }
    say("fpe: dividing\n");
    printf("unreachable %d\n", a / b);
    return 0;
}
