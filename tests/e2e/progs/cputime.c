/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/cputime.c: the program's own CPU time: getrusage, times, CPU clocks, wait4's rusage, CPU itimers. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * Only facts that hold on any machine are printed (a loop of 200 ms of CPU
 * shows at least 100 ms, no more than the wall time it took), so native and
 * sandboxed runs print the same lines.
 */

static double ms_of(struct timeval tv)
{
    return tv.tv_sec * 1e3 + tv.tv_usec / 1e3;
}

static double now_ms(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static volatile unsigned long sink;

/* Burn about @ms of CPU in user mode; returns the wall time it took. */
static double spin(double ms)
{
    double start = now_ms(CLOCK_MONOTONIC), cpu0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
    while (now_ms(CLOCK_PROCESS_CPUTIME_ID) - cpu0 < ms)
        for (int i = 0; i < 100000; i++)
            sink += (unsigned long)i * 2654435761u;
    return now_ms(CLOCK_MONOTONIC) - start;
}

static volatile sig_atomic_t vt, prof;

static void on_sig(int sig)
{
    if (sig == SIGVTALRM)
        vt++;
    else
        prof++;
}

static void say(const char *what, int ok)
{
    printf("%s: %s\n", what, ok ? "yes" : "no");
}

/* User + system time of this process, in ms. */
static double self_cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ms_of(ru.ru_utime) + ms_of(ru.ru_stime);
}

int main(void)
{
    struct rusage ru;
    /* Deltas: a sandbox may count its own start-up work as the program's. */
    double cpu0 = self_cpu_ms();
    double wall = spin(200);
    double cpu1 = self_cpu_ms();
    getrusage(RUSAGE_SELF, &ru);
    /* spin() counts user + system time, as the process CPU clock does: where a
     * trapped clock read is dear (ptrace in an emulated VM) much of it is system. */
    say("self user + system time >= 200 ms", ms_of(ru.ru_utime) + ms_of(ru.ru_stime) >= 190);
    say("one thread's CPU time grows no faster than the wall clock", cpu1 - cpu0 <= wall + 20);
    say("process CPU clock >= 200 ms", now_ms(CLOCK_PROCESS_CPUTIME_ID) >= 200);
    say("thread CPU clock >= 200 ms", now_ms(CLOCK_THREAD_CPUTIME_ID) >= 200);
    struct tms tm;
    clock_t t0 = times(&tm);
    say("times() user + system ticks >= 19", tm.tms_utime + tm.tms_stime >= 19);
    say("times() children ticks are 0", tm.tms_cutime == 0 && tm.tms_cstime == 0);
    say("times() returns a clock", t0 != (clock_t)-1);

    /* A child's time reaches the parent through wait4 and RUSAGE_CHILDREN. */
    fflush(stdout);
    double before_child = self_cpu_ms();
    pid_t pid = fork();
    if (pid == 0) {
        spin(150);
        _exit(0);
    }
    struct rusage cru;
    int st;
    wait4(pid, &st, 0, &cru);
    say("wait4 rusage user + system >= 140 ms", ms_of(cru.ru_utime) + ms_of(cru.ru_stime) >= 140);
    getrusage(RUSAGE_CHILDREN, &ru);
    say("children user + system >= 140 ms", ms_of(ru.ru_utime) + ms_of(ru.ru_stime) >= 140);
    times(&tm);
    say("times() children user + system ticks >= 13", tm.tms_cutime + tm.tms_cstime >= 13);
    /* The parent only waited while the child spun 150 ms. */
    say("the child's time is not the parent's", self_cpu_ms() - before_child < 100);

    /* CPU interval timers: 20 ms periods over 300 ms of CPU. */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sig;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGVTALRM, &sa, NULL);
    sigaction(SIGPROF, &sa, NULL);
    struct itimerval it = {{0, 20000}, {0, 20000}}, got;
    setitimer(ITIMER_VIRTUAL, &it, NULL);
    setitimer(ITIMER_PROF, &it, NULL);
    getitimer(ITIMER_VIRTUAL, &got);
    say("getitimer(VIRTUAL) armed", got.it_value.tv_usec > 0 && got.it_interval.tv_usec == 20000);
    spin(300);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_VIRTUAL, &off, NULL);
    setitimer(ITIMER_PROF, &off, NULL);
    /* ITIMER_VIRTUAL counts user time only, which may be a small share where
     * trapped clock reads are dear: at least two periods of it, still. */
    say("SIGVTALRM fired repeatedly", vt >= 2);
    say("SIGPROF fired repeatedly", prof >= 4);
    /* 15 periods in 300 ms; a few more for the CPU spent around the loop. */
    say("not much more than one per 20 ms of CPU", vt <= 20 && prof <= 20);
    getitimer(ITIMER_PROF, &got);
    say("disarmed", got.it_value.tv_sec == 0 && got.it_value.tv_usec == 0);
    /* A one-shot ITIMER_PROF with SIGPROF's default action ends the process. */
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        signal(SIGPROF, SIG_DFL);
        struct itimerval once = {{0, 0}, {0, 50000}};
        setitimer(ITIMER_PROF, &once, NULL);
        spin(2000);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    say("one-shot ITIMER_PROF killed the child with SIGPROF", WIFSIGNALED(st) && WTERMSIG(st) == SIGPROF);
    return 0;
}
