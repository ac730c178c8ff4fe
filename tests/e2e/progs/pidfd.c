/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/pidfd.c: process file descriptors: pidfd_open, CLONE_PIDFD, pidfd_send_signal, pidfd_getfd, waitid(P_PIDFD), poll. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

/* include/uapi/linux: the numbers are the same on x86_64 and arm64 (musl may lack them). */
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x1000
#endif
#define PIDFD_NONBLOCK O_NONBLOCK

struct clone_args_v0 {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

static long pidfd_open(pid_t pid, unsigned flags)
{
    return syscall(SYS_pidfd_open, pid, flags);
}

static long send_sig(int fd, int sig, siginfo_t *info, unsigned flags)
{
    return syscall(SYS_pidfd_send_signal, fd, sig, info, flags);
}

static void show_ready(const char *what, int fd, int timeout_ms)
{
    struct pollfd p = {fd, POLLIN, 0};
    int n = poll(&p, 1, timeout_ms);
    printf("%s: poll %d, readable %d\n", what, n, (p.revents & POLLIN) != 0);
    fflush(stdout);
}

static void show_waitid(const char *what, int fd, int options, pid_t expect)
{
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    if (waitid(P_PIDFD, (id_t)fd, &si, options) < 0) {
        show_value(what, -1);
        return;
    }
    printf("%s: signo %d code %d status %d pid %s\n", what, si.si_signo, si.si_code, si.si_status,
           si.si_pid == expect ? "expected" : si.si_pid == 0 ? "0" : "other");
    fflush(stdout);
}

/* A child that waits for a byte on @in, then exits with it. */
static pid_t waiting_child(int in)
{
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        char b = 0;
        (void)!read(in, &b, 1);
        _exit(b);
    }
    return c;
}

int main(void)
{
    int pfd = (int)pidfd_open(getpid(), 0);
    show_value("pidfd_open self", pfd < 0 ? -1 : 0);
    printf("  close-on-exec %d\n", (fcntl(pfd, F_GETFD) & FD_CLOEXEC) != 0);
    printf("  flags O_RDWR %d\n", (fcntl(pfd, F_GETFL) & O_ACCMODE) == O_RDWR);
    char b;
    show_value("  read", read(pfd, &b, 1));
    show_ready("  self", pfd, 0);
    show_value("pidfd_open bad flags", pidfd_open(getpid(), 1));
    show_value("pidfd_open 0", pidfd_open(0, 0));
    show_value("pidfd_open -1", pidfd_open(-1, 0));
    show_value("pidfd_open no such pid", pidfd_open(4000000, 0));

    /* A living child: not ready; signalled through its pidfd; ready; reaped by waitid. */
    int pp[2];
    if (pipe(pp) != 0)
        return 1;
    pid_t c = waiting_child(pp[0]);
    int cfd = (int)pidfd_open(c, 0);
    show_ready("child alive", cfd, 0);
    int nb = (int)pidfd_open(c, PIDFD_NONBLOCK);
    printf("  nonblocking pidfd O_NONBLOCK %d\n", (fcntl(nb, F_GETFL) & O_NONBLOCK) != 0);
    show_waitid("  waitid through the nonblocking pidfd", nb, WEXITED, c);
    show_waitid("  the same with WNOHANG", nb, WEXITED | WNOHANG, c);
    /* pidfd_getfd: the child's copy of the pipe's write end, used from here. */
    int wdup = (int)syscall(SYS_pidfd_getfd, cfd, pp[1], 0);
    show_value("pidfd_getfd of the child's pipe end", wdup < 0 ? -1 : 0);
    printf("  close-on-exec %d\n", (fcntl(wdup, F_GETFD) & FD_CLOEXEC) != 0);
    show_value("pidfd_getfd bad flags", syscall(SYS_pidfd_getfd, cfd, pp[1], 1));
    show_value("pidfd_getfd no such fd", syscall(SYS_pidfd_getfd, cfd, 999, 0));
    show_value("pidfd_getfd through a pipe", syscall(SYS_pidfd_getfd, pp[0], 0, 0));
    /* 0x10: no flag in any kernel (6.9 added the thread and group ones, bits 0-2). */
    show_value("send_signal bad flags", send_sig(cfd, SIGTERM, NULL, 0x10));
    show_value("send_signal through a pipe", send_sig(pp[0], SIGTERM, NULL, 0));
    show_value("send_signal bad fd", send_sig(99, SIGTERM, NULL, 0));
    show_value("send_signal 65", send_sig(cfd, 65, NULL, 0));
    siginfo_t info;
    memset(&info, 0, sizeof(info));
    info.si_signo = SIGUSR1;
    info.si_code = SI_QUEUE;
    show_value("send_signal with another signo", send_sig(cfd, SIGTERM, &info, 0));
    info.si_signo = SIGTERM;
    info.si_code = SI_USER;
    show_value("send_signal claiming SI_USER", send_sig(cfd, SIGTERM, &info, 0));
    show_value("send_signal 0", send_sig(cfd, 0, NULL, 0));
    show_value("send_signal SIGTERM", send_sig(cfd, SIGTERM, NULL, 0));
    show_ready("child killed", cfd, 2000);
    show_ready("  and through the nonblocking one", nb, 0);
    show_waitid("waitid P_PIDFD", cfd, WEXITED, c);
    show_ready("child reaped", cfd, 0);
    show_value("send_signal after the reap", send_sig(cfd, SIGTERM, NULL, 0));
    show_waitid("waitid after the reap", cfd, WEXITED, c);
    show_value("pidfd_getfd after the reap", syscall(SYS_pidfd_getfd, cfd, pp[1], 0));
    show_waitid("waitid P_PIDFD through a pipe", pp[0], WEXITED, c);
    show_waitid("waitid P_PIDFD -1", -1, WEXITED, c);
    close(cfd);
    close(nb);

    /* The duplicate from pidfd_getfd is the same pipe. */
    c = waiting_child(pp[0]);
    cfd = (int)pidfd_open(c, 0);
    b = 9;
    show_value("write 9 through the duplicate", write(wdup, &b, 1));
    show_waitid("child exited with it", cfd, WEXITED, c);
    close(cfd);

    /* CLONE_PIDFD, from clone and clone3. */
    int got = -1;
    fflush(stdout);
    long r = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &got, 0, 0);
    if (r == 0)
        _exit(5);
    show_value("clone CLONE_PIDFD", r < 0 ? -1 : 0);
    printf("  pidfd close-on-exec %d\n", (fcntl(got, F_GETFD) & FD_CLOEXEC) != 0);
    show_waitid("  waitid", got, WEXITED, (pid_t)r);
    close(got);
    show_value("clone CLONE_PIDFD|CLONE_PARENT_SETTID",
               syscall(SYS_clone, CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &got, 0, 0));
    struct clone_args_v0 ca;
    memset(&ca, 0, sizeof(ca));
    ca.flags = CLONE_PIDFD;
    ca.pidfd = (uint64_t)(uintptr_t)&got;
    ca.exit_signal = SIGCHLD;
    fflush(stdout);
    r = syscall(SYS_clone3, &ca, sizeof(ca));
    if (r == 0)
        _exit(6);
    show_value("clone3 CLONE_PIDFD", r < 0 ? -1 : 0);
    show_waitid("  waitid", got, WEXITED, (pid_t)r);
    close(got);
    ca.pidfd = 8; /* not writable */
    show_value("clone3 CLONE_PIDFD, bad pidfd pointer", syscall(SYS_clone3, &ca, sizeof(ca)));
    show_value("no child left", wait(NULL));
    return 0;
}
