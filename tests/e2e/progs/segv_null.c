/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/segv_null.c: read through a NULL pointer; "catch" reports the siginfo instead of dying. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void say(const char *s)
{
    /* write(2) so the text is out before the fault, whatever the buffering. */
    if (write(2, s, strlen(s)) < 0)
        _exit(100);
}

static void handler(int sig, siginfo_t *si, void *uc)
{
    char buf[128];

    (void)uc;
    snprintf(buf, sizeof(buf), "caught signal %d si_signo %d si_code %d addr %s\n", sig, si->si_signo,
             si->si_code, si->si_addr == NULL ? "NULL" : "non-NULL");
    say(buf);
    _exit(42);
}

int main(int argc, char **argv)
{
    volatile int *volatile p = NULL;

    if (argc > 1 && strcmp(argv[1], "catch") == 0) {
        struct sigaction sa;

        memset(&sa, 0, sizeof(sa));
        sa.sa_sigaction = handler;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGSEGV, &sa, NULL);
    }
    say("segv_null: reading NULL\n");
    printf("unreachable %d\n", *p);
    return 0;
}
