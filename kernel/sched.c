/* SPDX-License-Identifier: MIT */
/* kernel/sched.c: one lock for the kernel, one host thread per task, and the pid table. */
#include "sched.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "../abi/linux.h"
#include "log.h"
#include "task.h"

static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed;
static pthread_once_t cond_once = PTHREAD_ONCE_INIT;
static __thread struct task *current;

static struct task *pid_table[PID_MAX];
static int last_pid;
static int high_pid; /* highest pid ever handed out: scans stop there */
static int running_threads;
/*
 * A sched_wake() made under the lock is carried out when the lock drops.
 * Broadcasting while still holding it woke a sleeper only for it to block on
 * the lock at once: two more host context switches and futex calls for each
 * wake-up (a signal or pipe ping-pong between two tasks paid them every time).
 */
static int wake_pending;

static void init_cond(void)
{
    /* Deadlines are on the monotonic clock, like Linux's hrtimers for sleeps. */
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&changed, &a);
    pthread_condattr_destroy(&a);
}

void kernel_lock(void)
{
    pthread_once(&cond_once, init_cond);
    BUG_ON(pthread_mutex_lock(&big_lock) != 0);
}

void kernel_unlock(void)
{
    int wake = wake_pending;
    wake_pending = 0;
    BUG_ON(pthread_mutex_unlock(&big_lock) != 0);
    if (wake)
        pthread_cond_broadcast(&changed);
}

struct task *task_current(void)
{
    return current;
}

void task_set_current(struct task *t)
{
    current = t;
}

uint64_t sched_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int sched_wait(uint64_t deadline_ns)
{
    /* pthread_cond_wait drops the lock without kernel_unlock(): wake others first. */
    if (wake_pending) {
        wake_pending = 0;
        pthread_cond_broadcast(&changed);
    }
    if (!deadline_ns) {
        pthread_cond_wait(&changed, &big_lock);
        return 0;
    }
    if (sched_now_ns() >= deadline_ns)
        return -LINUX_ETIMEDOUT;
    struct timespec ts = {(time_t)(deadline_ns / 1000000000ULL),
                          (long)(deadline_ns % 1000000000ULL)};
    int r = pthread_cond_timedwait(&changed, &big_lock, &ts);
    return r == ETIMEDOUT ? -LINUX_ETIMEDOUT : 0;
}

void sched_wake(void)
{
    wake_pending = 1;
}

int pid_alloc(struct task *t)
{
    for (int i = 1; i < PID_MAX; i++) {
        int pid = (last_pid + i) % PID_MAX;
        if (pid == 0 || pid_table[pid])
            continue;
        pid_table[pid] = t;
        last_pid = pid;
        if (pid > high_pid)
            high_pid = pid;
        return pid;
    }
    return -LINUX_EAGAIN;
}

void pid_free(int pid)
{
    if (pid > 0 && pid < PID_MAX)
        pid_table[pid] = NULL;
}

struct task *task_find(int pid)
{
    return pid > 0 && pid < PID_MAX ? pid_table[pid] : NULL;
}

int pid_high(void)
{
    return high_pid;
}

int task_pids(int *out, int max)
{
    int n = 0;
    for (int pid = 1; pid <= high_pid && n < max; pid++)
        if (pid_table[pid])
            out[n++] = pid;
    return n;
}

int sched_threads(void)
{
    return running_threads;
}

static void *task_thread(void *arg)
{
    struct task *t = arg;
    /* Host signals are for the runtime's main thread only, except the synchronous
     * ones (a blocked SIGSYS from our own seccomp filter would kill silently). */
    sigset_t all;
    sigfillset(&all);
    sigdelset(&all, SIGSYS);
    sigdelset(&all, SIGSEGV);
    sigdelset(&all, SIGBUS);
    sigdelset(&all, SIGFPE);
    sigdelset(&all, SIGILL);
    sigdelset(&all, SIGABRT);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    kernel_lock();
    task_set_current(t);
    task_run(t);
    task_exit_finish(t);
    running_threads--;
    sched_wake();
    kernel_unlock();
    return NULL;
}

int sched_spawn(struct task *t)
{
    pthread_attr_t a;
    pthread_t th;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    /* The kernel's own stack needs little: handlers keep big buffers off it. */
    pthread_attr_setstacksize(&a, 1 << 20);
    int r = pthread_create(&th, &a, task_thread, t);
    pthread_attr_destroy(&a);
    if (r != 0)
        return -r;
    running_threads++;
    return 0;
}
