/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/fuzz.c: random system calls with hostile arguments, each batch in a child of its own. */
/*
 * usage: fuzz SEED CHILDREN CALLS [TIMEOUT_S]
 * Meant to run only inside the sandbox: the calls are random (but never exec,
 * fork, exit or kill, and the process works in a fresh /tmp directory), so a
 * native run could change the machine. What is tested is the runtime: it must
 * answer every call with a result or a signal for the guest, never crash, hang
 * or lose the guest. Each child makes CALLS calls from its own random stream
 * (SEED, child number) and is killed if it has not ended after TIMEOUT_S
 * seconds (default 1; a call
 * may block for good). Prints one line per child: how it ended.
 * exit status: 0 every child ended (however it ended); 1 the parent could not
 * run or wait for one; 2 usage.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t rng;

/* xorshift64*: a stream that is the same on every run and libc. */
static uint64_t next(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545F4914F6CDD1DULL;
}

/* Calls a fuzzing child must not make: they would end it, leave it, multiply it, or only wait. */
static int forbidden(long nr)
{
    switch (nr) {
#ifdef SYS_fork
    case SYS_fork:
#endif
#ifdef SYS_vfork
    case SYS_vfork:
#endif
    case SYS_clone:
#ifdef SYS_clone3
    case SYS_clone3:
#endif
    case SYS_execve:
    case SYS_execveat:
    case SYS_exit:
    case SYS_exit_group:
    case SYS_kill:
    case SYS_tkill:
    case SYS_tgkill:
    case SYS_rt_sigreturn: /* a random frame: SIGSEGV, as on Linux, and nothing more tested */
    /* Calls that only wait (for a signal, a timeout, a child, a futex): each would
     * cost its child the 1 s timeout, and waiting has tests of its own. */
#ifdef SYS_pause
    case SYS_pause:
#endif
#ifdef SYS_poll
    case SYS_poll:
#endif
#ifdef SYS_select
    case SYS_select:
#endif
#ifdef SYS_epoll_wait
    case SYS_epoll_wait:
#endif
    case SYS_rt_sigsuspend:
    case SYS_rt_sigtimedwait:
    case SYS_nanosleep:
    case SYS_clock_nanosleep:
    case SYS_ppoll:
    case SYS_pselect6:
    case SYS_epoll_pwait:
    case SYS_wait4:
    case SYS_waitid:
    case SYS_futex:
    case SYS_rt_sigqueueinfo:
    case SYS_rt_tgsigqueueinfo:
#ifdef SYS_pidfd_send_signal
    case SYS_pidfd_send_signal:
#endif
        return 1;
    }
    return 0;
}

/* The call a child is in, shared with the parent, which reports it if the child hangs or dies. */
struct last_call {
    volatile long nr;
    volatile uint64_t a[6];
};
static struct last_call *last;

static unsigned char *buf;   /* a page of random bytes: paths, structs, iovecs */
static unsigned char *bigbuf; /* 64 KiB, writable */

static uint64_t arg(void)
{
    switch (next() % 12) {
    case 0: return 0;
    case 1: return 1;
    case 2: return (uint64_t)-1;
    case 3: return next() % 64;
    case 4: return next() % 4096;
    case 5: return (uint64_t)(uintptr_t)buf;
    case 6: return (uint64_t)(uintptr_t)(buf + next() % 4096);
    case 7: return (uint64_t)(uintptr_t)bigbuf;
    case 8: return next();
    case 9: return 0xffff800000000000ULL + (next() % 4096); /* kernel half */
    case 10: return (uint64_t)1 << (next() % 64);
    default: return next() % 8; /* small fds, flags */
    }
}

static void child(uint64_t seed, int calls)
{
    rng = seed * 0x9E3779B97F4A7C15ULL + 1;
    /* Random writes, seeks and truncates must not reach the parent's report. */
    for (int fd = 0; fd < 1024; fd++)
        close(fd);
    for (int fd = 0; fd < 3; fd++)
        if (open("/dev/null", O_RDWR) != fd)
            _exit(101);
    buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    bigbuf = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED || bigbuf == MAP_FAILED)
        _exit(100);
    for (int i = 0; i < 4096; i++)
        buf[i] = (unsigned char)next();
    /* Mostly short printable paths, so path calls get past the copy and into lookup. */
    for (int i = 0; i < 4096; i += 16) {
        if (next() % 2)
            snprintf((char *)buf + i, 16, "f%u", (unsigned)(next() % 8));
    }
    for (int i = 0; i < calls; i++) {
        long nr = (long)(next() % 460);
        if (forbidden(nr))
            continue;
        uint64_t a[6];
        for (int j = 0; j < 6; j++)
            last->a[j] = a[j] = arg();
        last->nr = nr;
        syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    }
    _exit(0);
}

static int wait_child(pid_t pid, int *status, int timeout_s)
{
    struct timespec tick = {0, 10 * 1000 * 1000};
    for (int t = 0; t < 100 * timeout_s; t++) {
        pid_t w = waitpid(pid, status, WNOHANG);
        if (w == pid)
            return 0;
        if (w < 0)
            return -1;
        nanosleep(&tick, NULL);
    }
    kill(pid, SIGKILL);
    if (waitpid(pid, status, 0) != pid)
        return -1;
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: fuzz SEED CHILDREN CALLS [TIMEOUT_S]\n");
        return 2;
    }
    uint64_t seed = strtoull(argv[1], NULL, 0);
    int children = atoi(argv[2]), calls = atoi(argv[3]);
    int timeout_s = argc > 4 ? atoi(argv[4]) : 1;
    if (timeout_s < 1)
        timeout_s = 1;
    last = mmap(NULL, sizeof(*last), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (last == MAP_FAILED) {
        perror("fuzz: mmap");
        return 1;
    }
    char dir[64];
    snprintf(dir, sizeof(dir), "/tmp/fuzz.%d", (int)getpid());
    if (mkdir(dir, 0700) != 0 || chdir(dir) != 0) {
        perror("fuzz: work directory");
        return 1;
    }
    for (int c = 0; c < children; c++) {
        fflush(stdout);
        last->nr = -1;
        pid_t pid = fork();
        if (pid < 0) {
            perror("fuzz: fork");
            return 1;
        }
        if (pid == 0)
            child(seed * 1000003ULL + (uint64_t)c, calls);
        int status = 0;
        int r = wait_child(pid, &status, timeout_s);
        if (r < 0) {
            perror("fuzz: wait");
            return 1;
        }
        if (r > 0)
            printf("child %d: hung, killed", c);
        else if (WIFSIGNALED(status))
            printf("child %d: signal %d", c, WTERMSIG(status));
        else
            printf("child %d: exit %d", c, WEXITSTATUS(status));
        if (r > 0 || WIFSIGNALED(status))
            printf(" in syscall %ld (%#llx, %#llx, %#llx, %#llx, %#llx, %#llx)", last->nr,
                   (unsigned long long)last->a[0], (unsigned long long)last->a[1],
                   (unsigned long long)last->a[2], (unsigned long long)last->a[3],
                   (unsigned long long)last->a[4], (unsigned long long)last->a[5]);
        printf("\n");
    }
    return 0;
}
