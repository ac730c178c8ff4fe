/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/regs_arm64.c: arm64 registers across svc, signal frames and rt_sigreturn (x7 above all). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

/*
 * A ptrace syscall-entry stop on arm64 shows x7 as 0 and restores it on resume,
 * dropping the tracer's write; a sandbox built on PTRACE_SYSEMU must still give
 * the program its own x7 everywhere Linux does.
 */
#define MAGIC7 0x7777000011112222ULL
#define NEW7 0x0123456789abcdefULL

static volatile uint64_t seen_x7, seen_x19;
static volatile int rewrite;

static long svc6(long nr, long a0, long a1, long a2, long a3, long a4, long a5, uint64_t *x7,
                 uint64_t *x19)
{
    register long r8 __asm__("x8") = nr;
    register long r0 __asm__("x0") = a0;
    register long r1 __asm__("x1") = a1;
    register long r2 __asm__("x2") = a2;
    register long r3 __asm__("x3") = a3;
    register long r4 __asm__("x4") = a4;
    register long r5 __asm__("x5") = a5;
    register uint64_t r7 __asm__("x7") = MAGIC7;
    register uint64_t r19 __asm__("x19") = MAGIC7 ^ 0x19;
    __asm__ volatile("svc #0"
                     : "+r"(r0), "+r"(r7), "+r"(r19)
                     : "r"(r8), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5)
                     : "memory");
    *x7 = r7;
    *x19 = r19;
    return r0;
}

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    (void)si;
    seen_x7 = uc->uc_mcontext.regs[7];
    seen_x19 = uc->uc_mcontext.regs[19];
    if (rewrite)
        uc->uc_mcontext.regs[7] = NEW7;
    printf("handler: signal %d, frame x7 %s, frame x19 %s\n", sig,
           seen_x7 == MAGIC7 ? "ok" : "WRONG", seen_x19 == (MAGIC7 ^ 0x19) ? "ok" : "WRONG");
}

static void report(const char *what, uint64_t x7, uint64_t want7, uint64_t x19)
{
    printf("%s: x7 %s, x19 %s\n", what, x7 == want7 ? "ok" : "WRONG",
           x19 == (MAGIC7 ^ 0x19) ? "ok" : "WRONG");
}

int main(void)
{
    uint64_t x7, x19;
    struct sigaction sa;

    setvbuf(stdout, NULL, _IONBF, 0);
    svc6(SYS_getpid, 0, 0, 0, 0, 0, 0, &x7, &x19);
    report("getpid", x7, MAGIC7, x19);

    long p = svc6(SYS_mmap, 0, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0,
                  &x7, &x19);
    report("mmap", x7, MAGIC7, x19);
    svc6(SYS_munmap, p, 65536, 0, 0, 0, 0, &x7, &x19);
    report("munmap", x7, MAGIC7, x19);

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO; /* glibc sets no SA_RESTORER on arm64 */
    sigaction(SIGUSR1, &sa, NULL);
    /* The signal is delivered on the way out of tgkill: the frame must hold x7. */
    svc6(SYS_tgkill, getpid(), gettid(), SIGUSR1, 0, 0, 0, &x7, &x19);
    report("tgkill+handler", x7, MAGIC7, x19);

    /* fork by raw clone: both sides come back from the same svc with x7 intact. */
    long pid = svc6(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0, &x7, &x19);
    if (pid == 0) {
        report("clone child", x7, MAGIC7, x19);
        _exit(0);
    }
    waitpid((pid_t)pid, NULL, 0);
    report("clone parent", x7, MAGIC7, x19);

    /* The handler rewrites x7 in the frame: rt_sigreturn must make it stick. */
    rewrite = 1;
    svc6(SYS_tgkill, getpid(), gettid(), SIGUSR1, 0, 0, 0, &x7, &x19);
    report("tgkill+rewrite", x7, NEW7, x19);
    return 0;
}
