/* SPDX-License-Identifier: MIT */
/* kernel/sched.c: one lock for the kernel, one host thread per task, and the pid table. */
#include "sched.h"

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../abi/linux.h"
#include "log.h"
#include "task.h"

static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;
static __thread struct task *current;

static struct task *pid_table[PID_MAX];
static int last_pid;
static int high_pid; /* highest pid ever handed out: scans stop there */
static int running_threads;

/*
 * Blocked threads, each waiting for one channel (SCHED_ANY: for anything).
 * A waiter sleeps on a futex word of its thread; a waker bumps the word
 * under the lock and FUTEX_WAKEs it after dropping the lock. Woken under the
 * lock, a sleeper only blocked on it again: two more host context switches
 * per wake-up, paid by every signal or pipe ping-pong between two tasks.
 * Channels keep pipe traffic from waking tasks that sleep for other reasons
 * (a shell in wait4, a background sleep): with four such, a pipe ping-pong
 * took 3.5 times as long when every change woke every sleeper.
 */
struct waiter {
    const void *chan;
    uint32_t *word;
    struct waiter *prev, *next;
};
static struct waiter *waiters;
static __thread uint32_t wake_word;

/* Wake-ups asked for under the lock, done by the next kernel_unlock(). */
#define WAKE_CHANS 4
static int wake_all;
static const void *wake_chan[WAKE_CHANS];
static int nwake_chan;

void kernel_lock(void)
{
    BUG_ON(pthread_mutex_lock(&big_lock) != 0);
}

static int wanted(const struct waiter *w)
{
    if (wake_all || w->chan == SCHED_ANY)
        return 1;
    for (int i = 0; i < nwake_chan; i++)
        if (wake_chan[i] == w->chan)
            return 1;
    return 0;
}

/* Bump the words of the waiters the pending wake-ups are for; returns how many of them are in @words. */
static int take_wakes(uint32_t **words, int max)
{
    int n = 0;
    if (!wake_all && !nwake_chan)
        return 0;
    for (struct waiter *w = waiters; w; w = w->next) {
        if (!wanted(w))
            continue;
        __atomic_add_fetch(w->word, 1, __ATOMIC_RELEASE);
        if (n < max)
            words[n++] = w->word;
        else
            syscall(SYS_futex, w->word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    }
    wake_all = 0;
    nwake_chan = 0;
    return n;
}

/*
 * A woken thread may return, exit and free its word before this runs: a
 * FUTEX_WAKE of a word nobody waits on does nothing, and one that a later
 * waiter reuses is a spurious wake-up, which every waiter allows.
 */
static void wake_words(uint32_t **words, int n)
{
    for (int i = 0; i < n; i++)
        syscall(SYS_futex, words[i], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

#define WAKE_BATCH 64

void kernel_unlock(void)
{
    uint32_t *words[WAKE_BATCH];
    int n = take_wakes(words, WAKE_BATCH);
    BUG_ON(pthread_mutex_unlock(&big_lock) != 0);
    wake_words(words, n);
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

int sched_wait_for(const void *chan, uint64_t deadline_ns)
{
    if (deadline_ns && sched_now_ns() >= deadline_ns)
        return -LINUX_ETIMEDOUT;
    /* Our own wake-ups first, so that they cannot end our own wait at once. */
    uint32_t *words[WAKE_BATCH];
    int n = take_wakes(words, WAKE_BATCH);
    struct waiter w = {.chan = chan, .word = &wake_word, .next = waiters};
    if (waiters)
        waiters->prev = &w;
    waiters = &w;
    uint32_t seq = __atomic_load_n(&wake_word, __ATOMIC_ACQUIRE);
    BUG_ON(pthread_mutex_unlock(&big_lock) != 0);
    wake_words(words, n);
    /* FUTEX_WAIT_BITSET: an absolute deadline on CLOCK_MONOTONIC, as Linux's sleeps use. */
    struct timespec ts = {(time_t)(deadline_ns / 1000000000ULL), (long)(deadline_ns % 1000000000ULL)};
    long r = syscall(SYS_futex, &wake_word, FUTEX_WAIT_BITSET_PRIVATE, seq,
                     deadline_ns ? &ts : NULL, NULL, FUTEX_BITSET_MATCH_ANY);
    int timed_out = r < 0 && errno == ETIMEDOUT;
    kernel_lock();
    if (w.prev)
        w.prev->next = w.next;
    else
        waiters = w.next;
    if (w.next)
        w.next->prev = w.prev;
    return timed_out ? -LINUX_ETIMEDOUT : 0;
}

int sched_wait(uint64_t deadline_ns)
{
    return sched_wait_for(SCHED_ANY, deadline_ns);
}

void sched_wake(void)
{
    wake_all = 1;
}

void sched_wake_chan(const void *chan)
{
    if (wake_all)
        return;
    for (int i = 0; i < nwake_chan; i++)
        if (wake_chan[i] == chan)
            return;
    if (nwake_chan == WAKE_CHANS)
        wake_all = 1;
    else
        wake_chan[nwake_chan++] = chan;
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
