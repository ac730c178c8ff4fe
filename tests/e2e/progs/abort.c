/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/abort.c: call abort(); "catch" installs a SIGABRT handler that exits instead. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
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
    snprintf(buf, sizeof(buf), "caught signal %d si_signo %d si_code %d (SI_TKILL=%d) from self %s\n", sig,
             si->si_signo, si->si_code, SI_TKILL, si->si_pid == getpid() ? "yes" : "no");
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
        sigaction(SIGABRT, &sa, NULL);
    }
    say("abort: calling abort()\n");
    abort();
}
