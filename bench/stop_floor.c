/* SPDX-License-Identifier: MIT */
/* bench/stop_floor.c: the cheapest a signal ping-pong can be when every guest syscall stops the guest, per stop mechanism. */
/*
 * usage: bench_stop_floor MECHANISM [ROUNDS]     MECHANISM: ptrace | sigsys | unotify
 * prints "stop_floor_<MECHANISM> <ns per round>"; exit 0, 1 on a failure, 2 usage.
 *
 * Not a sandbox: a model of one, with no work in it. Two "guest" processes
 * play bench/signal_roundtrip.c's round: the parent kills, sigsuspends and
 * sigreturns; the child sigsuspends, kills and sigreturns. Each of those six
 * calls is a getpid that stops its process, and a "runtime" thread per
 * process (as ringfence has one per task) answers it: a kill posts to the
 * other thread, a sigsuspend waits for its own post. So a round costs six
 * stops and two thread wake-ups, as ringfence's does, and nothing else: what
 * any runtime built on that mechanism would pay before doing any work.
 *  - ptrace: PTRACE_SYSEMU; registers fetched and set at every stop (ptrace/ptrace.c);
 *  - sigsys: seccomp RET_TRAP; the SIGSYS handler hands off through shared memory
 *    and futexes (gVisor's systrap without spinning);
 *  - unotify: the kill is a seccomp user notification; the other two, which need
 *    registers, RET_TRAP to a handler that hands off by a user notification
 *    (SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP where the kernel has it, Linux 6.6+).
 * Run it pinned to one CPU (taskset), as ringfence pins itself: bench/run.sh does.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <elf.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef PTRACE_SYSEMU
#define PTRACE_SYSEMU 31 /* x86 and arm64 (Linux 5.3+) share the number */
#endif
/* include/uapi/linux/seccomp.h, Linux 6.6: newer than Debian 12's headers. */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#define NOTIF_SYNC_WAKE_UP 1

enum op { OP_KILL = 1, OP_SUSPEND, OP_SIGRETURN, OP_END };

/* Shared by the two guests and the runtime threads (MAP_SHARED). */
struct shared {
    uint32_t posted[2];    /* signals posted to guest i, not yet taken */
    uint32_t waiting[2];   /* runtime thread i sleeps on posted[i] */
    uint32_t op[2];        /* what guest i asks for (a register's job, here memory's) */
    uint32_t req[2], rep[2], req_wait[2], rep_wait[2]; /* sigsys hand-off */
    int notif_fd[2];       /* unotify: each guest's listener, in the guest */
    uint32_t traced[2];    /* ptrace: guest i's runtime thread has seized it */
};

static struct shared *sh;
static int mechanism; /* 0 ptrace, 1 sigsys, 2 unotify */
static int me;        /* which guest this process is */

static long futex(uint32_t *a, int op, uint32_t v)
{
    return syscall(SYS_futex, a, op, v, NULL, NULL, 0);
}

/* Wait until *w is not @old; *flag says a waker must FUTEX_WAKE. */
static void wait_change(uint32_t *w, uint32_t old, uint32_t *flag)
{
    while (__atomic_load_n(w, __ATOMIC_ACQUIRE) == old) {
        __atomic_store_n(flag, 1, __ATOMIC_SEQ_CST);
        if (__atomic_load_n(w, __ATOMIC_SEQ_CST) == old)
            futex(w, FUTEX_WAIT, old);
        __atomic_store_n(flag, 0, __ATOMIC_SEQ_CST);
    }
}

static void bump(uint32_t *w, uint32_t *flag)
{
    __atomic_add_fetch(w, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(flag, __ATOMIC_SEQ_CST))
        futex(w, FUTEX_WAKE, 1);
}

/* The runtime's half of one call of guest @who: the model's only "work". */
static void serve(int who, enum op op)
{
    if (op == OP_KILL) {
        bump(&sh->posted[1 - who], &sh->waiting[1 - who]);
    } else if (op == OP_SUSPEND) {
        for (;;) {
            uint32_t v = __atomic_load_n(&sh->posted[who], __ATOMIC_ACQUIRE);
            if (v && __atomic_compare_exchange_n(&sh->posted[who], &v, v - 1, 0, __ATOMIC_SEQ_CST,
                                                 __ATOMIC_SEQ_CST))
                return;
            if (!v)
                wait_change(&sh->posted[who], 0, &sh->waiting[who]);
        }
    }
}

/* ---- the guests ---- */

static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    (void)uc; /* a runtime would read and write the registers here, in the frame */
    if (mechanism == 2) {
        syscall(SYS_getppid); /* the hand-off: a user notification */
        return;
    }
    uint32_t seq = __atomic_load_n(&sh->rep[me], __ATOMIC_ACQUIRE);
    bump(&sh->req[me], &sh->req_wait[me]);
    wait_change(&sh->rep[me], seq, &sh->rep_wait[me]);
}

/* One guest call: say which, then stop. */
static void call(enum op op, long nr)
{
    __atomic_store_n(&sh->op[me], op, __ATOMIC_SEQ_CST);
    syscall(nr);
}

static int install_filter(void)
{
    /* getpid traps; getppid (the handler's hand-off) and getuid (unotify's kill) notify. */
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpid, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 1, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getuid, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {sizeof(f) / sizeof(f[0]), f};
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_sigsys;
    sa.sa_flags = SA_SIGINFO;
    if (sigaction(SIGSYS, &sa, NULL) != 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return -1;
    unsigned flags = mechanism == 2 ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0;
    long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
    if (fd < 0)
        return -1;
    __atomic_store_n(&sh->notif_fd[me], mechanism == 2 ? (int)fd : 0, __ATOMIC_SEQ_CST);
    return 0;
}

static void guest(int who, long rounds)
{
    me = who;
    if (mechanism == 0) {
        /* No syscall until traced: under PTRACE_SYSEMU it would count as a call. */
        while (!__atomic_load_n(&sh->traced[who], __ATOMIC_ACQUIRE))
            ;
    } else if (install_filter() != 0) {
        _exit(1);
    }
    long kill_nr = mechanism == 2 ? SYS_getuid : SYS_getpid;
    for (long i = 0; i < rounds; i++) {
        if (who == 0) {
            call(OP_KILL, kill_nr);
            call(OP_SUSPEND, SYS_getpid);
            call(OP_SIGRETURN, SYS_getpid);
        } else {
            call(OP_SUSPEND, SYS_getpid);
            call(OP_KILL, kill_nr);
            call(OP_SIGRETURN, SYS_getpid);
        }
    }
    call(OP_END, SYS_getpid);
    _exit(0);
}

/* ---- the runtime threads ---- */

static pid_t guests[2];

static void *run_ptrace(int who)
{
    pid_t pid = guests[who];
    int st;
    uint8_t regs[1024]; /* NT_PRSTATUS on either arch; the kernel says how much */
    struct iovec iov;
    /* ptrace is per thread: this thread seizes its guest and alone drives it. */
    if (ptrace(PTRACE_SEIZE, pid, 0, 0) != 0 || ptrace(PTRACE_INTERRUPT, pid, 0, 0) != 0 ||
        waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st))
        return (void *)1;
    __atomic_store_n(&sh->traced[who], 1, __ATOMIC_RELEASE);
    for (;;) {
        if (ptrace(PTRACE_SYSEMU, pid, 0, 0) != 0 || waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st))
            return (void *)1;
        iov.iov_base = regs;
        iov.iov_len = sizeof(regs);
        if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &iov) != 0)
            return (void *)1;
        enum op op = (enum op)__atomic_load_n(&sh->op[who], __ATOMIC_ACQUIRE);
        serve(who, op);
        if (ptrace(PTRACE_SETREGSET, pid, (void *)NT_PRSTATUS, &iov) != 0)
            return (void *)1;
        if (op == OP_END) {
            ptrace(PTRACE_DETACH, pid, 0, 0);
            return NULL;
        }
    }
}

static void *run_sigsys(int who)
{
    for (uint32_t seq = 0;; seq++) {
        wait_change(&sh->req[who], seq, &sh->req_wait[who]);
        enum op op = (enum op)__atomic_load_n(&sh->op[who], __ATOMIC_ACQUIRE);
        serve(who, op);
        bump(&sh->rep[who], &sh->rep_wait[who]);
        if (op == OP_END)
            return NULL;
    }
}

static void *run_unotify(int who)
{
    int gfd;
    while ((gfd = __atomic_load_n(&sh->notif_fd[who], __ATOMIC_ACQUIRE)) < 0)
        usleep(100);
    int pidfd = (int)syscall(SYS_pidfd_open, guests[who], 0);
    int fd = pidfd < 0 ? -1 : (int)syscall(SYS_pidfd_getfd, pidfd, gfd, 0);
    if (fd < 0)
        return (void *)1;
    ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, NOTIF_SYNC_WAKE_UP, 0); /* absent before 6.6 */
    for (;;) {
        struct seccomp_notif req;
        struct seccomp_notif_resp resp;
        memset(&req, 0, sizeof(req));
        if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0)
            return (void *)1;
        enum op op = (enum op)__atomic_load_n(&sh->op[who], __ATOMIC_ACQUIRE);
        serve(who, op);
        memset(&resp, 0, sizeof(resp));
        resp.id = req.id;
        if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) != 0)
            return (void *)1;
        if (op == OP_END)
            return NULL;
    }
}

static void *runtime_thread(void *arg)
{
    int who = (int)(intptr_t)arg;
    if (mechanism == 0)
        return run_ptrace(who);
    return mechanism == 1 ? run_sigsys(who) : run_unotify(who);
}

int main(int argc, char **argv)
{
    static const char *names[] = {"ptrace", "sigsys", "unotify"};
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench_stop_floor ptrace|sigsys|unotify [ROUNDS]\n");
        return 2;
    }
    mechanism = -1;
    for (int i = 0; i < 3; i++)
        if (strcmp(argv[1], names[i]) == 0)
            mechanism = i;
    long rounds = argc > 2 ? atol(argv[2]) : 20000;
    if (mechanism < 0 || rounds <= 0) {
        fprintf(stderr, "usage: bench_stop_floor ptrace|sigsys|unotify [ROUNDS]\n");
        return 2;
    }
    sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED)
        return 1;
    sh->notif_fd[0] = sh->notif_fd[1] = -1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int w = 0; w < 2; w++) {
        guests[w] = fork();
        if (guests[w] < 0)
            return 1;
        if (guests[w] == 0)
            guest(w, rounds);
    }
    pthread_t th[2];
    for (int w = 0; w < 2; w++)
        if (pthread_create(&th[w], NULL, runtime_thread, (void *)(intptr_t)w) != 0)
            return 1;
    int failed = 0;
    for (int w = 0; w < 2; w++) {
        void *r;
        pthread_join(th[w], &r);
        failed |= r != NULL;
        int st;
        failed |= waitpid(guests[w], &st, 0) != guests[w] || !WIFEXITED(st) || WEXITSTATUS(st);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (failed) {
        fprintf(stderr, "bench_stop_floor: %s failed\n", names[mechanism]);
        return 1;
    }
    double ns = (double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec);
    printf("stop_floor_%s %.3f\n", names[mechanism], ns / (double)rounds);
    return 0;
}
