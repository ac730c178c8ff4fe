/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/ptimer.c: POSIX timers (timer_create and friends): ids, errors, signals, overruns, fork. */
/*
 * usage: ptimer
 * Prints ids, errno names and yes/no facts, never times, for comparison with
 * native. Calls are raw syscalls: the kernel's timer ids, not libc's handles.
 * exit status: 0.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

static long tcreate(int clock, struct sigevent *ev, int *id)
{
    return syscall(SYS_timer_create, clock, ev, id);
}

static long tset(int id, int flags, long sec, long nsec, long isec, long insec, struct itimerspec *old)
{
    struct itimerspec v = {{isec, insec}, {sec, nsec}};
    return syscall(SYS_timer_settime, id, flags, &v, old);
}

static volatile sig_atomic_t got, got_code, got_value, got_timerid, got_overrun;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    got++;
    got_code = si->si_code;
    got_value = si->si_value.sival_int;
    got_timerid = si->si_timerid;
    got_overrun = si->si_overrun;
}

static struct sigevent sigev(int notify, int signo, int value)
{
    struct sigevent ev;
    memset(&ev, 0, sizeof(ev));
    ev.sigev_notify = notify;
    ev.sigev_signo = signo;
    ev.sigev_value.sival_int = value;
    return ev;
}

/* Wait for the handler, with @sig unblocked only while suspended. */
static void wait_sig(void)
{
    sigset_t none;
    sigemptyset(&none);
    while (!got)
        sigsuspend(&none);
}

int main(void)
{
    int id, a, b, c;
    struct sigevent ev;
    struct itimerspec cur;
    struct sigaction sa;
    sigset_t usr1;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_sig;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGRTMIN + 1, &sa, NULL);
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigaddset(&usr1, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);

    /* Ids count up from 0 and are not reused at once. */
    errno = 0;
    show_value("create 1", tcreate(CLOCK_MONOTONIC, NULL, &a));
    show_value("create 2", tcreate(CLOCK_REALTIME, NULL, &b));
    printf("ids %d %d\n", a, b);
    show_value("delete first", syscall(SYS_timer_delete, a));
    show_value("create 3", tcreate(CLOCK_BOOTTIME, NULL, &c));
    printf("third id %d\n", c);
    errno = 0;
    show_value("delete deleted", syscall(SYS_timer_delete, a));
    show_value("delete -1", syscall(SYS_timer_delete, -1));
    syscall(SYS_timer_delete, b);
    syscall(SYS_timer_delete, c);

    /* Errors, in the kernel's order. */
    errno = 0;
    show_value("create bad clock 99", tcreate(99, NULL, &id));
    errno = 0;
    show_value("create MONOTONIC_RAW", tcreate(CLOCK_MONOTONIC_RAW, NULL, &id));
    errno = 0;
    show_value("create REALTIME_COARSE", tcreate(CLOCK_REALTIME_COARSE, NULL, &id));
    ev = sigev(SIGEV_SIGNAL, 65, 0);
    errno = 0;
    show_value("create signo 65", tcreate(CLOCK_MONOTONIC, &ev, &id));
    ev = sigev(SIGEV_SIGNAL, 0, 0);
    errno = 0;
    show_value("create signo 0", tcreate(CLOCK_MONOTONIC, &ev, &id));
    ev = sigev(7, SIGUSR1, 0);
    errno = 0;
    show_value("create notify 7", tcreate(CLOCK_MONOTONIC, &ev, &id));
    ev = sigev(SIGEV_THREAD_ID, SIGUSR1, 0);
    /* The thread id follows value, signo and notify (offset 16); glibc and musl name it apart. */
    pid_t other = getpid() + 1000;
    memcpy((char *)&ev + 16, &other, sizeof(other));
    errno = 0;
    show_value("create THREAD_ID other", tcreate(CLOCK_MONOTONIC, &ev, &id));
    errno = 0;
    show_value("create bad sigevent", tcreate(CLOCK_MONOTONIC, (struct sigevent *)8, &id));
    errno = 0;
    show_value("create bad id pointer", tcreate(CLOCK_MONOTONIC, NULL, (int *)8));
    errno = 0;
    show_value("settime bad id", tset(12345, 0, 1, 0, 0, 0, NULL));
    /* Refused sigevents and the unwritable id used ids up (posix_timer_add() came first). */
    tcreate(CLOCK_MONOTONIC, NULL, &id);
    printf("id after refused creates %d\n", id);
    errno = 0;
    show_value("settime nsec 1e9", tset(id, 0, 0, 1000000000, 0, 0, NULL));
    errno = 0;
    show_value("settime negative", tset(id, 0, -1, 0, 0, 0, NULL));
    errno = 0;
    show_value("settime NULL", syscall(SYS_timer_settime, id, 0, NULL, NULL));
    errno = 0;
    show_value("gettime bad id", syscall(SYS_timer_gettime, 999, &cur));
    errno = 0;
    show_value("getoverrun bad id", syscall(SYS_timer_getoverrun, 999));
    show_value("gettime disarmed", syscall(SYS_timer_gettime, id, &cur));
    printf("disarmed value %ld.%09ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
    syscall(SYS_timer_delete, id);

    /* A one-shot with a value: SI_TIMER, the value, the id, no overrun. */
    ev = sigev(SIGEV_SIGNAL, SIGUSR1, 42);
    tcreate(CLOCK_MONOTONIC, &ev, &id);
    show_value("arm one-shot", tset(id, 0, 0, 30000000, 0, 0, NULL));
    syscall(SYS_timer_gettime, id, &cur);
    printf("armed value set: %s\n", cur.it_value.tv_sec || cur.it_value.tv_nsec ? "yes" : "no");
    wait_sig();
    printf("one-shot: SI_TIMER %s, value %d, id matches %s, overrun %d\n",
           got_code == SI_TIMER ? "yes" : "no", (int)got_value, got_timerid == id ? "yes" : "no",
           (int)got_overrun);
    syscall(SYS_timer_gettime, id, &cur);
    printf("after expiry value %ld.%09ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
    syscall(SYS_timer_delete, id);

    /* A periodic timer whose signal stays blocked: expirations become overruns. */
    got = 0;
    ev = sigev(SIGEV_SIGNAL, SIGRTMIN + 1, 7);
    tcreate(CLOCK_MONOTONIC, &ev, &id);
    tset(id, 0, 0, 10000000, 0, 10000000, NULL);
    struct timespec nap = {0, 150000000};
    nanosleep(&nap, NULL);
    wait_sig();
    long ov = syscall(SYS_timer_getoverrun, id);
    printf("periodic: one signal %s, overrun > 3 %s, getoverrun matches %s\n",
           got == 1 ? "yes" : "no", got_overrun > 3 ? "yes" : "no",
           ov == got_overrun ? "yes" : "no");
    struct itimerspec old;
    show_value("disarm periodic", tset(id, 0, 0, 0, 0, 0, &old));
    printf("old interval %ld.%09ld, old value set %s\n", (long)old.it_interval.tv_sec,
           old.it_interval.tv_nsec, old.it_value.tv_sec || old.it_value.tv_nsec ? "yes" : "no");
    syscall(SYS_timer_delete, id);
    /*
     * An expiration between the wait and the disarm may have queued one more
     * signal: Linux before 6.14 still delivers it, later ones drop it. Take it
     * here so neither kind of kernel shows it below.
     */
    sigset_t rt;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN + 1);
    struct timespec zero = {0, 0};
    while (sigtimedwait(&rt, NULL, &zero) > 0)
        ;

    /* SIGEV_NONE: nothing is sent, but the timer runs down. */
    got = 0;
    ev = sigev(SIGEV_NONE, 0, 0);
    show_value("create SIGEV_NONE", tcreate(CLOCK_MONOTONIC, &ev, &id) < 0 ? -1 : 0);
    tset(id, 0, 0, 20000000, 0, 0, NULL);
    nap.tv_nsec = 60000000;
    nanosleep(&nap, NULL);
    syscall(SYS_timer_gettime, id, &cur);
    printf("SIGEV_NONE: signals %d, value after %ld.%09ld\n", (int)got, (long)cur.it_value.tv_sec,
           cur.it_value.tv_nsec);
    syscall(SYS_timer_delete, id);

    /* An absolute time in the past fires at once. */
    got = 0;
    ev = sigev(SIGEV_SIGNAL, SIGUSR1, 1);
    tcreate(CLOCK_REALTIME, &ev, &id);
    show_value("arm absolute past", tset(id, TIMER_ABSTIME, 1, 0, 0, 0, NULL));
    wait_sig();
    printf("absolute past fired: %s\n", got ? "yes" : "no");

    /* A CPU-time timer fires once the process has used that much CPU. */
    got = 0;
    ev = sigev(SIGEV_SIGNAL, SIGUSR1, 2);
    show_value("create CPU timer", tcreate(CLOCK_PROCESS_CPUTIME_ID, &ev, &b) < 0 ? -1 : 0);
    tset(b, 0, 0, 20000000, 0, 0, NULL);
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
    volatile unsigned long spin = 0;
    while (!got)
        spin++;
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    printf("CPU timer fired: %s, value %d\n", got ? "yes" : "no", (int)got_value);

    /* A child has no timers; its own ids start from 0. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        errno = 0;
        show_value("child gettime parent's timer", syscall(SYS_timer_gettime, id, &cur));
        int cid = -1;
        tcreate(CLOCK_MONOTONIC, NULL, &cid);
        printf("child first id %d\n", cid);
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    show_value("parent gettime after fork", syscall(SYS_timer_gettime, id, &cur));
    return 0;
}
