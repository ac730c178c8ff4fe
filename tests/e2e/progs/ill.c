/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/ill.c: execute ud2 via __builtin_trap; "catch" reports the siginfo. */
#define _GNU_SOURCE
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
    snprintf(buf, sizeof(buf), "caught signal %d si_signo %d si_code %d (ILL_ILLOPN=%d)\n", sig,
             si->si_signo, si->si_code, ILL_ILLOPN);
    say(buf);
    _exit(42);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "catch") == 0) {
        struct sigaction sa;

        memset(&sa, 0, sizeof(sa));
        sa.sa_sigaction = handler;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGILL, &sa, NULL);
    }
    say("ill: executing ud2\n");
#if defined(__aarch64__)
    /* __builtin_trap() is `brk` there (SIGTRAP); `udf` is the undefined instruction. */
    __asm__ volatile("udf #0");
#endif
    __builtin_trap();
}
