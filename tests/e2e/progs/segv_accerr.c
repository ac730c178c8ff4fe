/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/segv_accerr.c: write to read-only memory (string literal or PROT_READ mapping). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile char *target;

static void say(const char *s)
{
    if (write(2, s, strlen(s)) < 0)
        _exit(100);
}

static void handler(int sig, siginfo_t *si, void *uc)
{
    char buf[128];

    (void)uc;
    snprintf(buf, sizeof(buf), "caught signal %d si_signo %d si_code %d addr %s\n", sig, si->si_signo,
             si->si_code, si->si_addr == (void *)target ? "matches" : "WRONG");
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

/* Usage: segv_accerr [literal|mmap] [catch], words in any order. */
int main(int argc, char **argv)
{
    if (has_arg(argc, argv, "catch")) {
        struct sigaction sa;

        memset(&sa, 0, sizeof(sa));
        sa.sa_sigaction = handler;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGSEGV, &sa, NULL);
    }
    if (has_arg(argc, argv, "mmap")) {
        void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

        if (m == MAP_FAILED) {
            perror("mmap");
            return 1;
        }
        target = (volatile char *)m + 100;
    } else {
        /* String literals live in .rodata, which is mapped read-only. */
        target = (volatile char *)"a string literal";
    }
    say("segv_accerr: writing read-only memory\n");
    target[0] = 'X';
    printf("unreachable %c\n", target[0]);
    return 0;
}
