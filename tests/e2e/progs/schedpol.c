/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/schedpol.c: scheduling policies: set/get, priority ranges, reset-on-fork, errors. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

struct attr {
    uint32_t size, policy;
    uint64_t flags;
    int32_t nice;
    uint32_t priority;
    uint64_t runtime, deadline, period;
    uint32_t util_min, util_max;
};

static void show_policy(const char *what, pid_t pid)
{
    struct sched_param sp = {0};
    int p = sched_getscheduler(pid);
    int r = sched_getparam(pid, &sp);
    printf("%s: policy %#x param %d (%d)\n", what, p, sp.sched_priority, r);
    struct attr a;
    memset(&a, 0xff, sizeof(a));
    long g = syscall(SYS_sched_getattr, pid, &a, 48, 0);
    if (g < 0)
        show_value("  getattr", -1);
    else
        /* Not sched_runtime: a fair task's slice there is new in Linux 6.6. */
        printf("  getattr: size %u policy %u flags %llu nice %d prio %u\n", a.size, a.policy,
               (unsigned long long)a.flags, a.nice, a.priority);
    fflush(stdout);
}

int main(void)
{
    static const int pols[] = {SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_IDLE, 6, 4, 8, -1}; /* 7 is SCHED_EXT since Linux 6.12 */
    for (unsigned i = 0; i < sizeof(pols) / sizeof(pols[0]); i++) {
        errno = 0;
        int mx = sched_get_priority_max(pols[i]);
        int e1 = errno;
        errno = 0;
        int mn = sched_get_priority_min(pols[i]);
        printf("policy %d: max %d%s min %d%s\n", pols[i], mx, mx < 0 ? ename(e1) : "", mn,
               mn < 0 ? ename(errno) : "");
    }
    show_policy("start", 0);
    struct sched_param sp = {0};
    show_value("batch", sched_setscheduler(0, SCHED_BATCH, &sp));
    show_policy("after batch", 0);
    sp.sched_priority = 5;
    show_value("batch with priority 5", sched_setscheduler(0, SCHED_BATCH, &sp));
    show_value("fifo 10", sched_setscheduler(0, SCHED_FIFO, (sp.sched_priority = 10, &sp)));
    show_policy("after fifo", 0);
    struct timespec ts = {0, 0};
    /* musl has no sched_setscheduler (ENOSYS): a fair task's interval differs by kernel. */
    if (sched_getscheduler(0) == SCHED_FIFO) {
        show_value("rr interval of fifo", sched_rr_get_interval(0, &ts));
        printf("  %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
    }
    show_value("setparam 20", sched_setparam(0, (sp.sched_priority = 20, &sp)));
    show_policy("after setparam", 0);
    show_value("rr 99 with reset-on-fork",
               sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, (sp.sched_priority = 99, &sp)));
    show_policy("after rr", 0);
    if ((sched_getscheduler(0) & ~SCHED_RESET_ON_FORK) == SCHED_RR) {
        show_value("rr interval", sched_rr_get_interval(0, &ts));
        printf("  %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
    }
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        show_policy("child (reset on fork)", 0);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    show_value("fifo 100", sched_setscheduler(0, SCHED_FIFO, (sp.sched_priority = 100, &sp)));
    show_value("fifo 0", sched_setscheduler(0, SCHED_FIFO, (sp.sched_priority = 0, &sp)));
    show_value("fifo -1", sched_setscheduler(0, SCHED_FIFO, (sp.sched_priority = -1, &sp)));
    show_value("deadline", sched_setscheduler(0, 6, (sp.sched_priority = 0, &sp)));
    show_value("policy 4", sched_setscheduler(0, 4, &sp));
    show_value("policy -1", sched_setscheduler(0, -1, &sp));
    show_value("null param", sched_setscheduler(0, SCHED_OTHER, NULL));
    show_value("bad param pointer", sched_setscheduler(0, SCHED_OTHER, (void *)8));
    show_value("pid -1", sched_setscheduler(-1, SCHED_OTHER, &sp));
    show_value("no such pid", sched_setscheduler(99999, SCHED_OTHER, &sp));
    show_value("getscheduler -1", sched_getscheduler(-1));
    show_value("getscheduler no such pid", sched_getscheduler(99999));
    show_value("getparam null", sched_getparam(0, NULL));
    show_value("rr interval -1", sched_rr_get_interval(-1, &ts));
    struct attr a;
    show_value("getattr small size", syscall(SYS_sched_getattr, 0, &a, 40, 0));
    show_value("getattr flags", syscall(SYS_sched_getattr, 0, &a, 48, 1));
    show_value("getattr null", syscall(SYS_sched_getattr, 0, NULL, 48, 0));
    /* Dropping the reset-on-fork flag needs privilege; root has it. */
    show_value("other", sched_setscheduler(0, SCHED_OTHER, (sp.sched_priority = 0, &sp)));
    show_value("idle", sched_setscheduler(0, SCHED_IDLE, &sp));
    show_policy("idle", 0);
    /* Unprivileged: real-time needs RLIMIT_RTPRIO, leaving idle needs RLIMIT_NICE. */
    fflush(stdout);
    c = fork();
    if (c == 0) {
        struct rlimit rl = {0, 0};
        setrlimit(RLIMIT_RTPRIO, &rl);
        setrlimit(RLIMIT_NICE, &rl);
        if (setuid(1000) == 0) {
            show_value("user: fifo 1", sched_setscheduler(0, SCHED_FIFO, (sp.sched_priority = 1, &sp)));
            show_value("user: leave idle", sched_setscheduler(0, SCHED_OTHER, (sp.sched_priority = 0, &sp)));
            show_value("user: batch of pid 1", sched_setscheduler(1, SCHED_BATCH, &sp));
            show_value("user: idle again", sched_setscheduler(0, SCHED_IDLE, &sp));
            struct attr d;
            memset(&d, 0, sizeof(d));
            d.size = sizeof(d);
            d.policy = 6; /* SCHED_DEADLINE, valid parameters: privileged only */
            d.runtime = 1000000, d.deadline = 10000000, d.period = 10000000;
            show_value("user: setattr deadline", syscall(SYS_sched_setattr, 0, &d, 0));
            d.policy = SCHED_OTHER, d.nice = -5;
            show_value("user: setattr nice -5", syscall(SYS_sched_setattr, 0, &d, 0));
        }
        _exit(0);
    }
    waitpid(c, NULL, 0);
    show_value("back to other", sched_setscheduler(0, SCHED_OTHER, &sp));
    show_policy("end", 0);

    /* sched_setattr: sizes, flags, the policies and the nice value in one call. */
    struct attr s;
    memset(&s, 0, sizeof(s));
    s.policy = SCHED_BATCH, s.nice = 5; /* size 0: the first version's */
    show_value("setattr batch, nice 5, size 0", syscall(SYS_sched_setattr, 0, &s, 0));
    show_policy("setattr batch", 0);
    printf("  nice %d\n", getpriority(PRIO_PROCESS, 0));
    s.size = 47;
    show_value("setattr size 47", syscall(SYS_sched_setattr, 0, &s, 0));
    printf("  size written back %u\n", s.size);
    struct {
        struct attr a;
        uint64_t tail;
    } big;
    memset(&big, 0, sizeof(big));
    big.a.size = sizeof(big), big.a.policy = SCHED_OTHER, big.tail = 1;
    show_value("setattr larger struct, tail not zero", syscall(SYS_sched_setattr, 0, &big.a, 0));
    printf("  size written back %u\n", big.a.size);
    big.a.size = sizeof(big), big.tail = 0;
    show_value("setattr larger struct, zero tail", syscall(SYS_sched_setattr, 0, &big.a, 0));
    s.size = 48, s.policy = SCHED_OTHER, s.flags = 0x80;
    show_value("setattr unknown flag", syscall(SYS_sched_setattr, 0, &s, 0));
    s.flags = 0x20;
    show_value("setattr util clamp in a 48-byte struct", syscall(SYS_sched_setattr, 0, &s, 0));
    s.flags = 0, s.policy = SCHED_FIFO, s.priority = 10;
    show_value("setattr fifo 10", syscall(SYS_sched_setattr, 0, &s, 0));
    show_policy("setattr fifo", 0);
    s.flags = 0x10, s.policy = SCHED_RR, s.priority = 0; /* SCHED_FLAG_KEEP_PARAMS */
    show_value("setattr rr keeping the parameters", syscall(SYS_sched_setattr, 0, &s, 0));
    show_policy("kept parameters", 0);
    s.flags = 0x08, s.priority = 20; /* SCHED_FLAG_KEEP_POLICY */
    show_value("setattr priority 20 keeping the policy", syscall(SYS_sched_setattr, 0, &s, 0));
    show_policy("kept policy", 0);
    s.flags = 0, s.policy = SCHED_OTHER, s.priority = 0, s.nice = -100;
    show_value("setattr other, nice -100", syscall(SYS_sched_setattr, 0, &s, 0));
    printf("  nice %d\n", getpriority(PRIO_PROCESS, 0));
    s.nice = 0;
    show_value("setattr nice 0", syscall(SYS_sched_setattr, 0, &s, 0));
    s.policy = 6, s.runtime = 2000000, s.deadline = 1000000;
    show_value("setattr deadline, runtime past deadline", syscall(SYS_sched_setattr, 0, &s, 0));
    s.runtime = 100, s.deadline = 1000000;
    show_value("setattr deadline, runtime too small", syscall(SYS_sched_setattr, 0, &s, 0));
    s.policy = 99;
    show_value("setattr policy 99", syscall(SYS_sched_setattr, 0, &s, 0));
    s.policy = (uint32_t)-1;
    show_value("setattr policy -1", syscall(SYS_sched_setattr, 0, &s, 0));
    s.policy = SCHED_OTHER;
    show_value("setattr pid -1", syscall(SYS_sched_setattr, -1, &s, 0));
    show_value("setattr flags argument", syscall(SYS_sched_setattr, 0, &s, 1));
    show_value("setattr NULL", syscall(SYS_sched_setattr, 0, NULL, 0));
    show_value("setattr no such pid", syscall(SYS_sched_setattr, 4000000, &s, 0));
    show_policy("after setattr", 0);
    return 0;
}
