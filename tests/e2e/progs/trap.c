/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/trap.c: execute int3; a ptrace platform must not swallow the guest's own SIGTRAP. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int traps;

/*
 * The breakpoint instruction. On arm64 `brk` leaves pc on itself (Linux reports
 * SIGTRAP with pc at the brk), so the handler steps over it through the ucontext;
 * that also exercises a modified frame going back through rt_sigreturn.
 */
#if defined(__aarch64__)
#define TRAP_INSN "brk #0"
#else
#define TRAP_INSN "int3"
#endif

static void say(const char *s)
{
    if (write(2, s, strlen(s)) < 0)
        _exit(100);
}

static void handler(int sig, siginfo_t *si, void *uc)
{
    char buf[128];

    (void)uc;
#if defined(__aarch64__)
    ((ucontext_t *)uc)->uc_mcontext.pc += 4;
#endif
    traps++;
    snprintf(buf, sizeof(buf), "caught signal %d si_signo %d si_code %d (SI_KERNEL=%d)\n", sig,
             si->si_signo, si->si_code, SI_KERNEL);
    say(buf);
}

/* Usage: trap [catch]; with catch the handler returns and execution resumes after int3. */
int main(int argc, char **argv)
{
    int catching = argc > 1 && strcmp(argv[1], "catch") == 0;

    if (catching) {
        struct sigaction sa;

        memset(&sa, 0, sizeof(sa));
        sa.sa_sigaction = handler;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGTRAP, &sa, NULL);
    }
    say("trap: executing int3\n");
    __asm__ volatile(TRAP_INSN);
    __asm__ volatile(TRAP_INSN);
    printf("resumed after int3, traps=%d\n", traps);
    return catching ? 42 : 0;
}
