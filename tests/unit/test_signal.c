/* SPDX-License-Identifier: MIT */
/* tests/unit/test_signal.c: pending signals, masks and default actions in kernel/signal.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../abi/linux.h"
#include "../../kernel/signal.h"
#include "../../kernel/task.h"

#define BIT(s) (1ULL << ((s)-1))

static struct task task;
static struct sighand sighand;

static int setup(void **state)
{
    memset(&task, 0, sizeof(task));
    memset(&sighand, 0, sizeof(sighand));
    task.sighand = &sighand;
    task.pid = task.tid = 1;
    *state = &task;
    return 0;
}

static void set_handler(int sig, uint64_t h)
{
    sighand.action[sig - 1].handler = h;
}

static void assert_alive(const struct task *t)
{
    if (t->exited)
        fail_msg("task died (exit_code %#x), want it alive", t->exit_code);
}

static void assert_killed_by(const struct task *t, int sig)
{
    if (!t->exited)
        fail_msg("task alive, want it killed by signal %d", sig);
    /* wait(2) status of a signal death: the number in the low 7 bits, no exit code. */
    assert_int_equal(t->exit_code, sig);
    assert_int_equal(t->exit_code & 0x7f, sig);
    assert_int_equal(t->exit_code >> 8, 0);
}

/* ---- signal_ignored ---- */

static void test_ignored_by_default(void **state)
{
    struct task *t = *state;
    static const int ign[] = {LINUX_SIGCHLD, LINUX_SIGURG, LINUX_SIGWINCH, LINUX_SIGCONT};
    for (size_t i = 0; i < sizeof(ign) / sizeof(ign[0]); i++)
        if (!signal_ignored(t, ign[i]))
            fail_msg("signal %d is ignored by default in Linux", ign[i]);
    static const int fatal[] = {LINUX_SIGHUP, LINUX_SIGINT, LINUX_SIGQUIT, LINUX_SIGILL,
                                LINUX_SIGTRAP, LINUX_SIGABRT, LINUX_SIGBUS, LINUX_SIGFPE,
                                LINUX_SIGKILL, LINUX_SIGUSR1, LINUX_SIGSEGV, LINUX_SIGUSR2,
                                LINUX_SIGPIPE, LINUX_SIGALRM, LINUX_SIGTERM, LINUX_SIGSTKFLT,
                                LINUX_SIGXCPU, LINUX_SIGXFSZ, LINUX_SIGVTALRM, LINUX_SIGPROF,
                                LINUX_SIGIO, LINUX_SIGPWR, LINUX_SIGSYS, LINUX_SIGRTMIN,
                                LINUX_SIGRTMIN + 5, LINUX_NSIG, LINUX_SIGSTOP, LINUX_SIGTSTP};
    for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
        if (signal_ignored(t, fatal[i]))
            fail_msg("signal %d is not ignored by default in Linux", fatal[i]);
}

static void test_ignored_by_handler(void **state)
{
    struct task *t = *state;
    set_handler(LINUX_SIGUSR1, LINUX_SIG_IGN);
    assert_true(signal_ignored(t, LINUX_SIGUSR1));
    set_handler(LINUX_SIGUSR1, 0x401000); /* a handler: not ignored */
    assert_false(signal_ignored(t, LINUX_SIGUSR1));
    set_handler(LINUX_SIGCHLD, 0x401000); /* a handler overrides default-ignore */
    assert_false(signal_ignored(t, LINUX_SIGCHLD));
    /* SIGKILL and SIGSTOP are never ignored, whatever the table says. */
    set_handler(LINUX_SIGKILL, LINUX_SIG_IGN);
    set_handler(LINUX_SIGSTOP, LINUX_SIG_IGN);
    assert_false(signal_ignored(t, LINUX_SIGKILL));
    assert_false(signal_ignored(t, LINUX_SIGSTOP));
}

/* ---- signal_send + signal_deliver ---- */

static void test_send_fatal_default(void **state)
{
    struct task *t = *state;
    signal_send(t, LINUX_SIGTERM);
    assert_killed_by(t, LINUX_SIGTERM);
    assert_int_equal(t->pending & BIT(LINUX_SIGTERM), 0);
}

static void test_send_rt_signal_default(void **state)
{
    struct task *t = *state;
    signal_send(t, LINUX_SIGRTMIN + 3);
    assert_killed_by(t, LINUX_SIGRTMIN + 3);
}

static void test_send_signal_64(void **state)
{
    struct task *t = *state;
    signal_send(t, LINUX_NSIG);
    assert_killed_by(t, LINUX_NSIG & 0x7f);
}

static void test_send_ignored_default(void **state)
{
    struct task *t = *state;
    signal_send(t, LINUX_SIGCHLD);
    signal_send(t, LINUX_SIGWINCH);
    signal_send(t, LINUX_SIGURG);
    signal_send(t, LINUX_SIGCONT);
    assert_alive(t);
    assert_int_equal(t->pending, 0);
}

static void test_send_ignored_by_handler(void **state)
{
    struct task *t = *state;
    set_handler(LINUX_SIGTERM, LINUX_SIG_IGN);
    signal_send(t, LINUX_SIGTERM);
    assert_alive(t);
    assert_int_equal(t->pending, 0);
    /* Back to default: the next one kills. */
    set_handler(LINUX_SIGTERM, LINUX_SIG_DFL);
    signal_send(t, LINUX_SIGTERM);
    assert_killed_by(t, LINUX_SIGTERM);
}

static void test_blocked_stays_pending(void **state)
{
    struct task *t = *state;
    t->sigmask = BIT(LINUX_SIGTERM);
    signal_send(t, LINUX_SIGTERM);
    assert_alive(t);
    assert_int_equal(t->pending, BIT(LINUX_SIGTERM));
    /* Delivering with the mask unchanged does nothing. */
    signal_deliver(t);
    assert_alive(t);
    assert_int_equal(t->pending, BIT(LINUX_SIGTERM));
    /* Unblocked: delivered at the next return to the guest. */
    t->sigmask = 0;
    signal_deliver(t);
    assert_killed_by(t, LINUX_SIGTERM);
    assert_int_equal(t->pending & BIT(LINUX_SIGTERM), 0);
}

static void test_standard_signal_pends_once(void **state)
{
    struct task *t = *state;
    t->sigmask = BIT(LINUX_SIGUSR1) | BIT(LINUX_SIGUSR2);
    signal_send(t, LINUX_SIGUSR1);
    signal_send(t, LINUX_SIGUSR1);
    signal_send(t, LINUX_SIGUSR2);
    assert_int_equal(t->pending, BIT(LINUX_SIGUSR1) | BIT(LINUX_SIGUSR2));
    assert_alive(t);
    /* Unblock only SIGUSR2. */
    t->sigmask = BIT(LINUX_SIGUSR1);
    signal_deliver(t);
    assert_killed_by(t, LINUX_SIGUSR2);
}

static void test_lowest_pending_first(void **state)
{
    struct task *t = *state;
    t->sigmask = ~0ULL;
    signal_send(t, LINUX_SIGTERM);
    signal_send(t, LINUX_SIGINT);
    signal_send(t, LINUX_SIGHUP + 30);
    assert_alive(t);
    t->sigmask = 0;
    signal_deliver(t);
    assert_killed_by(t, LINUX_SIGINT);
}

static void test_pending_ignored_then_unblocked(void **state)
{
    struct task *t = *state;
    /* A blocked default-ignored signal delivered later still does nothing. */
    t->sigmask = BIT(LINUX_SIGWINCH);
    signal_send(t, LINUX_SIGWINCH);
    t->sigmask = 0;
    signal_deliver(t);
    assert_alive(t);
    assert_int_equal(t->pending, 0);
}

static void test_sigkill_cannot_be_blocked(void **state)
{
    struct task *t = *state;
    t->sigmask = ~0ULL;
    signal_send(t, LINUX_SIGKILL);
    assert_killed_by(t, LINUX_SIGKILL);
}

static void test_sigkill_ignores_handler(void **state)
{
    struct task *t = *state;
    set_handler(LINUX_SIGKILL, LINUX_SIG_IGN);
    signal_send(t, LINUX_SIGKILL);
    assert_killed_by(t, LINUX_SIGKILL);
}

static void test_stop_signals_do_not_kill(void **state)
{
    struct task *t = *state;
    signal_send(t, LINUX_SIGTSTP);
    signal_send(t, LINUX_SIGTTIN);
    signal_send(t, LINUX_SIGTTOU);
    signal_send(t, LINUX_SIGSTOP);
    assert_alive(t);
}

static void test_first_death_wins(void **state)
{
    struct task *t = *state;
    signal_send(t, LINUX_SIGTERM);
    assert_killed_by(t, LINUX_SIGTERM);
    signal_send(t, LINUX_SIGKILL);
    signal_force(t, LINUX_SIGSEGV);
    assert_killed_by(t, LINUX_SIGTERM);
}

static void test_exit_code_vs_exit(void **state)
{
    struct task *t = *state;
    task_exit(t, 3);
    assert_true(t->exited);
    assert_int_equal(t->exit_code, 3 << 8);
    signal_send(t, LINUX_SIGTERM);
    assert_int_equal(t->exit_code, 3 << 8);
}

/*
 * Linux never discards a signal that is blocked, even if it is ignored at the
 * time it is sent (kernel/signal.c: sig_ignored() returns false for blocked
 * signals, "the signal handler may change by the time it is unblocked").
 * It stays pending; if the action is SIG_DFL by the time it is unblocked,
 * the default action (here: terminate) is taken.
 */
static void test_blocked_ignored_signal_stays_pending(void **state)
{
    struct task *t = *state;
    set_handler(LINUX_SIGUSR1, LINUX_SIG_IGN);
    t->sigmask = BIT(LINUX_SIGUSR1);
    signal_send(t, LINUX_SIGUSR1);
    assert_int_equal(t->pending & BIT(LINUX_SIGUSR1), BIT(LINUX_SIGUSR1));
    set_handler(LINUX_SIGUSR1, LINUX_SIG_DFL);
    t->sigmask = 0;
    signal_deliver(t);
    assert_killed_by(t, LINUX_SIGUSR1);
}

/* ---- signal_force: synchronous faults ---- */

static void test_force_segv(void **state)
{
    struct task *t = *state;
    signal_force(t, LINUX_SIGSEGV);
    assert_killed_by(t, LINUX_SIGSEGV);
    assert_int_equal(t->exit_code, 11);
}

static void test_force_blocked(void **state)
{
    struct task *t = *state;
    t->sigmask = ~0ULL;
    signal_force(t, LINUX_SIGFPE);
    assert_killed_by(t, LINUX_SIGFPE);
    assert_int_equal(t->sigmask & BIT(LINUX_SIGFPE), 0);
}

static void test_force_ignored(void **state)
{
    struct task *t = *state;
    set_handler(LINUX_SIGILL, LINUX_SIG_IGN);
    signal_force(t, LINUX_SIGILL);
    assert_killed_by(t, LINUX_SIGILL);
}

static void test_force_trap_and_bus(void **state)
{
    struct task *t = *state;
    signal_force(t, LINUX_SIGTRAP);
    assert_killed_by(t, LINUX_SIGTRAP);
    setup(state);
    signal_force(t, LINUX_SIGBUS);
    assert_killed_by(t, LINUX_SIGBUS);
}

static void test_force_clears_its_pending_bit(void **state)
{
    struct task *t = *state;
    t->sigmask = BIT(LINUX_SIGSEGV) | BIT(LINUX_SIGTERM);
    signal_send(t, LINUX_SIGSEGV);
    signal_send(t, LINUX_SIGTERM);
    assert_int_equal(t->pending, BIT(LINUX_SIGSEGV) | BIT(LINUX_SIGTERM));
    signal_force(t, LINUX_SIGSEGV);
    assert_killed_by(t, LINUX_SIGSEGV);
    assert_int_equal(t->pending, BIT(LINUX_SIGTERM));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup(fn, setup)
    const struct CMUnitTest tests[] = {
        T(test_ignored_by_default),
        T(test_ignored_by_handler),
        T(test_send_fatal_default),
        T(test_send_rt_signal_default),
        T(test_send_signal_64),
        T(test_send_ignored_default),
        T(test_send_ignored_by_handler),
        T(test_blocked_stays_pending),
        T(test_standard_signal_pends_once),
        T(test_lowest_pending_first),
        T(test_pending_ignored_then_unblocked),
        T(test_sigkill_cannot_be_blocked),
        T(test_sigkill_ignores_handler),
        T(test_stop_signals_do_not_kill),
        T(test_first_death_wins),
        T(test_exit_code_vs_exit),
        T(test_blocked_ignored_signal_stays_pending),
        T(test_force_segv),
        T(test_force_blocked),
        T(test_force_ignored),
        T(test_force_trap_and_bus),
        T(test_force_clears_its_pending_bit),
    };
#undef T
    return cmocka_run_group_tests_name("signal", tests, NULL, NULL);
}
