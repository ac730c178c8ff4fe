/* SPDX-License-Identifier: MIT */
/* tests/unit/test_process.c: wait4/waitid, process groups and sessions, and kill routing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../abi/linux.h"
#include "../../kernel/mm.h"
#include "../../kernel/process.h"
#include "../../kernel/sched.h"
#include "../../kernel/signal.h"
#include "../../kernel/syscalls.h"
#include "../../kernel/task.h"
#include "../../kernel/usercopy.h"
#include "fake_platform.h"

/*
 * The tasks are built by hand: a task struct with its own signal handlers,
 * registered under a pid, its parent, group, session and state set
 * directly. No task runs: every wait uses WNOHANG so nothing blocks, and the
 * kernel lock is held by the test thread throughout, with the calling task
 * set as current.
 *
 * init (pid 1, session and group 1) lives for the whole run, so that
 * kill(-1) has an init to spare. Each test gets a fresh caller, "parent":
 * a child of init, leader of its own group in session 1, whose mm (a fake
 * platform mm) holds the guest buffers for status words and siginfo.
 */
#define RW (LINUX_PROT_READ | LINUX_PROT_WRITE)
#define ANON (LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS)
#define REGION 0x10000000ULL
#define STATUS REGION
#define SIGINFO (REGION + 0x100)
#define RUSAGE (REGION + 0x400)
#define UNMAPPED 0x30000000ULL
#define NO_SUCH_PID (PID_MAX - 1)
#define STATUS_UNTOUCHED 0x5a5a5a5a


static struct task *init_task;
static struct fake_env env;
static struct task *parent;

/* A registered, alive task: a child of @par in @par's group and session (its own if no parent). */
static struct task *spawn(struct task *par)
{
    struct task *t = calloc(1, sizeof(*t));
    assert_non_null(t);
    t->sighand = calloc(1, sizeof(*t->sighand));
    assert_non_null(t->sighand);
    int pid = pid_alloc(t);
    assert_true(pid > 0);
    t->pid = t->tid = pid;
    t->state = TASK_ALIVE;
    t->exit_signal = LINUX_SIGCHLD;
    t->parent = par;
    t->ppid = par ? par->pid : 0;
    t->pgid = par ? par->pgid : pid;
    t->sid = par ? par->sid : pid;
    return t;
}

static void forget(struct task *t)
{
    pid_free(t->pid);
    task_free(t);
}

static int group_setup(void **state)
{
    (void)state;
    kernel_lock();
    init_task = spawn(NULL);
    kernel_unlock();
    return init_task->pid == 1 ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    forget(init_task);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    if (fake_env_setup(&env, FAKE_MF_SIZE) < 0)
        return -1;
    if (mm_map(env.mm, REGION, FAKE_PAGE, RW, ANON, 1, 0, "buffers") != (int64_t)REGION)
        return -1;
    kernel_lock();
    parent = spawn(init_task);
    parent->pgid = parent->pid;
    parent->mm = env.mm;
    parent->platform = &env.p;
    task_set_current(parent);
    return 0;
}

/* Every task but init goes: the ones the test left, reaped or not. */
static int teardown(void **state)
{
    (void)state;
    static int pids[PID_MAX];
    int n = task_pids(pids, PID_MAX);
    for (int i = 0; i < n; i++) {
        struct task *t = task_find(pids[i]);
        if (t == init_task)
            continue;
        if (t == parent)
            t->mm = NULL;
        forget(t);
    }
    parent = NULL;
    task_set_current(NULL);
    kernel_unlock();
    return fake_env_teardown(&env) == 0 ? 0 : -1;
}

/* ---- child states, as exit, a fatal signal, a stop and SIGCONT leave them ---- */

static struct task *exited(struct task *c, int code)
{
    c->state = TASK_ZOMBIE;
    c->exited = 1;
    c->exit_code = (code & 0xff) << 8;
    return c;
}

static struct task *killed(struct task *c, int sig)
{
    c->state = TASK_ZOMBIE;
    c->exited = 1;
    c->exit_code = sig;
    return c;
}

static struct task *stopped(struct task *c, int sig)
{
    c->stopped = 1;
    c->stop_sig = sig;
    c->report = REPORT_STOPPED;
    return c;
}

static struct task *continued(struct task *c)
{
    c->stopped = 0;
    c->report = REPORT_CONTINUED;
    return c;
}

/* ---- calling the syscalls ---- */

/* wait4(@pid, STATUS, @opts, NULL) by parent; *@status is the guest word after it. */
static long w4(int pid, unsigned opts, int *status)
{
    int s = STATUS_UNTOUCHED;
    assert_int_equal(copy_to_user(parent->mm, STATUS, &s, sizeof(s)), 0);
    uint64_t a[6] = {(uint64_t)(int64_t)pid, STATUS, opts, 0, 0, 0};
    long r = sys_wait4(parent, a);
    assert_int_equal(copy_from_user(parent->mm, &s, STATUS, sizeof(s)), 0);
    if (status)
        *status = s;
    else if (r <= 0)
        assert_int_equal(s, STATUS_UNTOUCHED);
    return r;
}

/* waitid(@kind, @id, SIGINFO, @opts, NULL) by parent; *@si is the guest siginfo after it. */
static long wid(int kind, int id, unsigned opts, struct linux_siginfo *si)
{
    struct linux_siginfo fill;
    memset(&fill, 0xa5, sizeof(fill));
    assert_int_equal(copy_to_user(parent->mm, SIGINFO, &fill, sizeof(fill)), 0);
    uint64_t a[6] = {(uint64_t)(int64_t)kind, (uint64_t)(int64_t)id, SIGINFO, opts, 0, 0};
    long r = sys_waitid(parent, a);
    assert_int_equal(copy_from_user(parent->mm, si, SIGINFO, sizeof(*si)), 0);
    return r;
}

static long call(long (*fn)(struct task *, const uint64_t *), struct task *t, int64_t a0,
                 int64_t a1)
{
    uint64_t a[6] = {(uint64_t)a0, (uint64_t)a1, 0, 0, 0, 0};
    return fn(t, a);
}

static void assert_reaped(int pid)
{
    if (task_find(pid))
        fail_msg("pid %d is still registered, want it reaped", pid);
}

static void assert_present(struct task *c)
{
    if (task_find(c->pid) != c)
        fail_msg("pid %d is gone, want it still there", c->pid);
}

/* ---- wait4 status encodings ---- */

static void test_wait4_exit_code(void **state)
{
    (void)state;
    struct task *c = exited(spawn(parent), 3);
    int pid = c->pid, st;
    assert_int_equal(w4(pid, LINUX_WNOHANG, &st), pid);
    assert_int_equal(st, 0x0300);
    assert_reaped(pid);
    /* Reaped: nothing left to wait for. */
    assert_int_equal(w4(-1, LINUX_WNOHANG, NULL), -LINUX_ECHILD);
    assert_int_equal(w4(pid, LINUX_WNOHANG, NULL), -LINUX_ECHILD);
}

static void test_wait4_exit_codes_0_and_255(void **state)
{
    (void)state;
    struct task *a = exited(spawn(parent), 0), *b = exited(spawn(parent), 255);
    int pa = a->pid, pb = b->pid, st;
    assert_int_equal(w4(pa, LINUX_WNOHANG, &st), pa);
    assert_int_equal(st, 0);
    assert_int_equal(w4(pb, LINUX_WNOHANG, &st), pb);
    assert_int_equal(st, 0xff00);
}

static void test_wait4_killed(void **state)
{
    (void)state;
    struct task *c = killed(spawn(parent), LINUX_SIGKILL);
    int pid = c->pid, st;
    assert_int_equal(w4(-1, LINUX_WNOHANG, &st), pid);
    assert_int_equal(st, 9);
    assert_reaped(pid);
    c = killed(spawn(parent), LINUX_SIGSEGV);
    pid = c->pid;
    assert_int_equal(w4(pid, 0, &st), pid);
    assert_int_equal(st, LINUX_SIGSEGV);
}

static void test_wait4_stopped(void **state)
{
    (void)state;
    struct task *c = stopped(spawn(parent), LINUX_SIGSTOP);
    int st;
    /* Without WUNTRACED a stop is not reported: nothing yet, status left alone. */
    assert_int_equal(w4(c->pid, LINUX_WNOHANG, &st), 0);
    assert_int_equal(st, STATUS_UNTOUCHED);
    assert_int_equal(w4(-1, LINUX_WNOHANG, &st), 0);
    assert_int_equal(w4(c->pid, LINUX_WNOHANG | LINUX_WUNTRACED, &st), c->pid);
    assert_int_equal(st, 0x137f);
    /* Reported once; the child stays. */
    assert_present(c);
    assert_true(c->stopped);
    assert_int_equal(w4(c->pid, LINUX_WNOHANG | LINUX_WUNTRACED, &st), 0);
    assert_int_equal(st, STATUS_UNTOUCHED);
    /* Another stop signal, in the same encoding. */
    stopped(c, LINUX_SIGTSTP);
    assert_int_equal(w4(-1, LINUX_WNOHANG | LINUX_WUNTRACED, &st), c->pid);
    assert_int_equal(st, (LINUX_SIGTSTP << 8) | 0x7f);
}

static void test_wait4_continued(void **state)
{
    (void)state;
    struct task *c = continued(spawn(parent));
    int st;
    assert_int_equal(w4(c->pid, LINUX_WNOHANG, &st), 0);
    assert_int_equal(w4(c->pid, LINUX_WNOHANG | LINUX_WUNTRACED, &st), 0);
    assert_int_equal(st, STATUS_UNTOUCHED);
    assert_int_equal(w4(c->pid, LINUX_WNOHANG | LINUX_WCONTINUED, &st), c->pid);
    assert_int_equal(st, 0xffff);
    assert_present(c);
    assert_int_equal(w4(c->pid, LINUX_WNOHANG | LINUX_WCONTINUED, &st), 0);
}

/* The continue comes from kill(SIGCONT) on a stopped child, as in a shell's fg. */
static void test_sigcont_reported_to_waiter(void **state)
{
    (void)state;
    struct task *c = stopped(spawn(parent), LINUX_SIGSTOP);
    int st;
    assert_int_equal(w4(c->pid, LINUX_WNOHANG | LINUX_WUNTRACED, &st), c->pid);
    /* The parent catches SIGCHLD, so the CLD_CONTINUED notification stays pending. */
    parent->sighand->action[LINUX_SIGCHLD - 1].handler = 0x401000;
    assert_int_equal(call(sys_kill, parent, c->pid, LINUX_SIGCONT), 0);
    assert_false(c->stopped);
    assert_int_equal(parent->pending, SIGBIT(LINUX_SIGCHLD));
    const struct linux_siginfo *si = &parent->siginfo[LINUX_SIGCHLD - 1];
    assert_int_equal(si->si_code, LINUX_CLD_CONTINUED);
    assert_int_equal(si->u.chld.pid, c->pid);
    assert_int_equal(si->u.chld.status, LINUX_SIGCONT);
    assert_int_equal(w4(c->pid, LINUX_WNOHANG | LINUX_WCONTINUED, &st), c->pid);
    assert_int_equal(st, 0xffff);
}

static void test_wait4_mixed_states(void **state)
{
    (void)state;
    /* A stopped child and a zombie: each reported as asked; only the zombie is reaped. */
    struct task *s = stopped(spawn(parent), LINUX_SIGSTOP);
    struct task *z = exited(spawn(parent), 7);
    int zpid = z->pid, st;
    assert_int_equal(w4(zpid, LINUX_WNOHANG | LINUX_WUNTRACED | LINUX_WCONTINUED, &st), zpid);
    assert_int_equal(st, 0x0700);
    assert_int_equal(w4(-1, LINUX_WNOHANG, &st), 0);
    assert_int_equal(w4(-1, LINUX_WNOHANG | LINUX_WUNTRACED, &st), s->pid);
    assert_int_equal(st, 0x137f);
}

static void test_wait4_rusage_and_efault(void **state)
{
    (void)state;
    struct task *c = exited(spawn(parent), 1);
    uint8_t ru[144];
    memset(ru, 0xa5, sizeof(ru));
    assert_int_equal(copy_to_user(parent->mm, RUSAGE, ru, sizeof(ru)), 0);
    int pid = c->pid;
    uint64_t a[6] = {(uint64_t)-1, STATUS, LINUX_WNOHANG, RUSAGE, 0, 0};
    assert_int_equal(sys_wait4(parent, a), pid);
    assert_int_equal(copy_from_user(parent->mm, ru, RUSAGE, sizeof(ru)), 0);
    for (size_t i = 0; i < sizeof(ru); i++)
        assert_int_equal(ru[i], 0);
    /* A bad status pointer: EFAULT, and (as in Linux) the child is reaped anyway. */
    c = exited(spawn(parent), 1);
    pid = c->pid;
    a[1] = UNMAPPED;
    a[3] = 0;
    assert_int_equal(sys_wait4(parent, a), -LINUX_EFAULT);
    assert_reaped(pid);
    /* A NULL status pointer is fine. */
    c = exited(spawn(parent), 1);
    pid = c->pid;
    a[1] = 0;
    assert_int_equal(sys_wait4(parent, a), pid);
}

/* A reaped child's CPU time (and its own children's) is the parent's children's time. */
static void test_wait_accounts_cpu_time(void **state)
{
    (void)state;
    struct task *c = exited(spawn(parent), 0);
    c->cpu_frozen = 1; /* what task_cpu_exit() leaves: 1.5 s user, 0.25 s system */
    c->cpu_exit_user = 1500000000ULL;
    c->cpu_exit_sys = 250000000ULL;
    c->cchild_user = 500000000ULL; /* a grandchild it waited for */
    int pid = c->pid; /* the wait frees c */
    uint64_t a[6] = {(uint64_t)-1, STATUS, 0, RUSAGE, 0, 0};
    assert_int_equal(sys_wait4(parent, a), pid);
    struct linux_rusage ru;
    assert_int_equal(copy_from_user(parent->mm, &ru, RUSAGE, sizeof(ru)), 0);
    assert_int_equal(ru.ru_utime.tv_sec, 2);
    assert_int_equal(ru.ru_utime.tv_usec, 0);
    assert_int_equal(ru.ru_stime.tv_usec, 250000);
    assert_int_equal(parent->cchild_user, 2000000000ULL);
    assert_int_equal(parent->cchild_sys, 250000000ULL);
    uint64_t g[6] = {(uint64_t)-1 /* RUSAGE_CHILDREN */, RUSAGE, 0, 0, 0, 0};
    memset(&ru, 0, sizeof(ru));
    assert_int_equal(copy_to_user(parent->mm, RUSAGE, &ru, sizeof(ru)), 0);
    assert_int_equal(sys_getrusage(parent, g), 0);
    assert_int_equal(copy_from_user(parent->mm, &ru, RUSAGE, sizeof(ru)), 0);
    assert_int_equal(ru.ru_utime.tv_sec, 2);
    /* times(): USER_HZ ticks; the caller never ran on a host thread here, so 0 itself. */
    uint64_t tm[6] = {RUSAGE, 0, 0, 0, 0, 0};
    assert_true(sys_times(parent, tm) >= 0);
    struct linux_tms tms;
    assert_int_equal(copy_from_user(parent->mm, &tms, RUSAGE, sizeof(tms)), 0);
    assert_int_equal(tms.tms_utime, 0);
    assert_int_equal(tms.tms_cutime, 200);
    assert_int_equal(tms.tms_cstime, 25);
    /* WNOHANG with nothing to reap reports no time. */
    c = spawn(parent);
    a[2] = LINUX_WNOHANG;
    memset(&ru, 0xa5, sizeof(ru));
    assert_int_equal(copy_to_user(parent->mm, RUSAGE, &ru, sizeof(ru)), 0);
    assert_int_equal(sys_wait4(parent, a), 0);
    assert_int_equal(copy_from_user(parent->mm, &ru, RUSAGE, sizeof(ru)), 0);
    assert_int_equal(ru.ru_utime.tv_sec, 0);
    exited(c, 0);
}

/* ---- waitid siginfo ---- */

static void assert_chld(const struct linux_siginfo *si, int code, int pid, int status)
{
    assert_int_equal(si->si_signo, LINUX_SIGCHLD);
    assert_int_equal(si->si_errno, 0);
    assert_int_equal(si->si_code, code);
    assert_int_equal(si->u.chld.pid, pid);
    assert_int_equal(si->u.chld.status, status);
}

static void test_waitid_exited(void **state)
{
    (void)state;
    struct task *c = exited(spawn(parent), 3);
    int pid = c->pid;
    struct linux_siginfo si;
    assert_int_equal(wid(LINUX_P_PID, pid, LINUX_WEXITED | LINUX_WNOHANG, &si), 0);
    assert_chld(&si, LINUX_CLD_EXITED, pid, 3);
    assert_int_equal(si.u.chld.uid, 0);
    assert_reaped(pid);
    assert_int_equal(wid(LINUX_P_ALL, 0, LINUX_WEXITED | LINUX_WNOHANG, &si), -LINUX_ECHILD);
}

static void test_waitid_killed(void **state)
{
    (void)state;
    struct task *c = killed(spawn(parent), LINUX_SIGKILL);
    int pid = c->pid;
    struct linux_siginfo si;
    assert_int_equal(wid(LINUX_P_ALL, 0, LINUX_WEXITED | LINUX_WNOHANG, &si), 0);
    assert_chld(&si, LINUX_CLD_KILLED, pid, LINUX_SIGKILL);
    assert_reaped(pid);
}

static void test_waitid_stopped(void **state)
{
    (void)state;
    struct task *c = stopped(spawn(parent), LINUX_SIGSTOP);
    struct linux_siginfo si;
    /* WEXITED alone does not see a stop: nothing yet, and the siginfo is zeroed. */
    assert_int_equal(wid(LINUX_P_ALL, 0, LINUX_WEXITED | LINUX_WNOHANG, &si), 0);
    assert_int_equal(si.si_signo, 0);
    assert_int_equal(si.si_code, 0);
    assert_int_equal(si.u.chld.pid, 0);
    assert_int_equal(si.u.chld.status, 0);
    assert_int_equal(wid(LINUX_P_PID, c->pid, LINUX_WSTOPPED | LINUX_WNOHANG, &si), 0);
    assert_chld(&si, LINUX_CLD_STOPPED, c->pid, LINUX_SIGSTOP);
    assert_present(c);
    assert_int_equal(wid(LINUX_P_PID, c->pid, LINUX_WSTOPPED | LINUX_WNOHANG, &si), 0);
    assert_int_equal(si.si_signo, 0);
}

static void test_waitid_continued(void **state)
{
    (void)state;
    struct task *c = continued(spawn(parent));
    struct linux_siginfo si;
    assert_int_equal(wid(LINUX_P_ALL, 0, LINUX_WEXITED | LINUX_WSTOPPED | LINUX_WNOHANG, &si), 0);
    assert_int_equal(si.si_signo, 0);
    assert_int_equal(wid(LINUX_P_ALL, 0, LINUX_WCONTINUED | LINUX_WNOHANG, &si), 0);
    assert_chld(&si, LINUX_CLD_CONTINUED, c->pid, LINUX_SIGCONT);
    assert_present(c);
}

static void test_waitid_null_infop(void **state)
{
    (void)state;
    struct task *c = exited(spawn(parent), 3);
    int pid = c->pid;
    uint64_t a[6] = {LINUX_P_PID, (uint64_t)pid, 0, LINUX_WEXITED | LINUX_WNOHANG, 0, 0};
    assert_int_equal(sys_waitid(parent, a), 0);
    assert_reaped(pid);
    /* A bad infop: EFAULT. */
    c = exited(spawn(parent), 3);
    a[1] = (uint64_t)c->pid;
    a[2] = UNMAPPED;
    assert_int_equal(sys_waitid(parent, a), -LINUX_EFAULT);
}

/* ---- WNOWAIT ---- */

static void test_wnowait_leaves_zombie(void **state)
{
    (void)state;
    struct task *c = exited(spawn(parent), 5);
    int pid = c->pid;
    struct linux_siginfo si;
    assert_int_equal(wid(LINUX_P_ALL, 0, LINUX_WEXITED | LINUX_WNOWAIT | LINUX_WNOHANG, &si), 0);
    assert_chld(&si, LINUX_CLD_EXITED, pid, 5);
    assert_present(c);
    assert_int_equal(c->state, TASK_ZOMBIE);
    /* Seen again; wait4 then reaps it. */
    assert_int_equal(wid(LINUX_P_PID, pid, LINUX_WEXITED | LINUX_WNOWAIT | LINUX_WNOHANG, &si), 0);
    assert_chld(&si, LINUX_CLD_EXITED, pid, 5);
    int st;
    assert_int_equal(w4(pid, LINUX_WNOHANG, &st), pid);
    assert_int_equal(st, 0x0500);
    assert_reaped(pid);
}

static void test_wnowait_leaves_stop_report(void **state)
{
    (void)state;
    struct task *c = stopped(spawn(parent), LINUX_SIGTSTP);
    struct linux_siginfo si;
    assert_int_equal(wid(LINUX_P_ALL, 0, LINUX_WSTOPPED | LINUX_WNOWAIT | LINUX_WNOHANG, &si), 0);
    assert_chld(&si, LINUX_CLD_STOPPED, c->pid, LINUX_SIGTSTP);
    assert_int_equal(c->report, REPORT_STOPPED);
    assert_int_equal(wid(LINUX_P_ALL, 0, LINUX_WSTOPPED | LINUX_WNOHANG, &si), 0);
    assert_chld(&si, LINUX_CLD_STOPPED, c->pid, LINUX_SIGTSTP);
    assert_int_equal(c->report, 0);
}

/* ---- which children ---- */

static void test_select_pid(void **state)
{
    (void)state;
    struct task *a = exited(spawn(parent), 1), *b = exited(spawn(parent), 2);
    int pa = a->pid, pb = b->pid, st;
    assert_int_equal(w4(pb, LINUX_WNOHANG, &st), pb);
    assert_int_equal(st, 0x0200);
    assert_present(a);
    assert_int_equal(w4(pa, LINUX_WNOHANG, &st), pa);
    assert_int_equal(st, 0x0100);
    /* A pid that is not a child (init, a stranger's child, nobody): ECHILD. */
    struct task *other = spawn(init_task);
    struct task *nephew = exited(spawn(other), 4);
    assert_int_equal(w4(1, LINUX_WNOHANG, NULL), -LINUX_ECHILD);
    assert_int_equal(w4(nephew->pid, LINUX_WNOHANG, NULL), -LINUX_ECHILD);
    assert_int_equal(w4(NO_SUCH_PID, LINUX_WNOHANG, NULL), -LINUX_ECHILD);
    assert_present(nephew);
    /* A child that is alive and not stopped: nothing yet. */
    struct task *live = spawn(parent);
    assert_int_equal(w4(live->pid, LINUX_WNOHANG, NULL), 0);
}

static void test_select_own_group(void **state)
{
    (void)state;
    struct task *in = exited(spawn(parent), 1);
    struct task *out = exited(spawn(parent), 2);
    out->pgid = out->pid;
    int pin = in->pid, pout = out->pid, st;
    assert_int_equal(w4(0, LINUX_WNOHANG, &st), pin);
    assert_int_equal(st, 0x0100);
    /* The only child left is in another group. */
    assert_int_equal(w4(0, LINUX_WNOHANG, NULL), -LINUX_ECHILD);
    assert_present(out);
    /* The group is the caller's at the time of the call. */
    parent->pgid = pout;
    assert_int_equal(w4(0, LINUX_WNOHANG, &st), pout);
    assert_int_equal(st, 0x0200);
}

static void test_select_any(void **state)
{
    (void)state;
    struct task *a = exited(spawn(parent), 1), *b = killed(spawn(parent), LINUX_SIGTERM);
    b->pgid = b->pid;
    int pa = a->pid, pb = b->pid;
    /* A grandchild is not a child. */
    struct task *mid = spawn(parent);
    struct task *grand = exited(spawn(mid), 9);
    int got1 = (int)w4(-1, LINUX_WNOHANG, NULL), got2 = (int)w4(-1, LINUX_WNOHANG, NULL);
    assert_true((got1 == pa && got2 == pb) || (got1 == pb && got2 == pa));
    assert_reaped(pa);
    assert_reaped(pb);
    assert_int_equal(w4(-1, LINUX_WNOHANG, NULL), 0); /* mid: alive */
    assert_present(grand);
}

static void test_select_group(void **state)
{
    (void)state;
    struct task *a = exited(spawn(parent), 1), *b = exited(spawn(parent), 2);
    struct task *c = exited(spawn(parent), 3);
    b->pgid = c->pgid = b->pid;
    int pb = b->pid, pc = c->pid, st;
    assert_int_equal(w4(-pb, LINUX_WNOHANG, &st), pb);
    assert_int_equal(st, 0x0200);
    /* The group outlives its leader. */
    assert_int_equal(w4(-pb, LINUX_WNOHANG, &st), pc);
    assert_int_equal(st, 0x0300);
    assert_int_equal(w4(-pb, LINUX_WNOHANG, NULL), -LINUX_ECHILD);
    assert_present(a);
    /* A group with members but no children of ours: ECHILD. */
    struct task *stranger = exited(spawn(init_task), 0);
    stranger->pgid = stranger->pid;
    assert_int_equal(w4(-stranger->pid, LINUX_WNOHANG, NULL), -LINUX_ECHILD);
    /* INT_MIN cannot be negated: ESRCH (kernel_wait4). */
    assert_int_equal(w4(-2147483647 - 1, LINUX_WNOHANG, NULL), -LINUX_ESRCH);
}

static void test_waitid_pgid(void **state)
{
    (void)state;
    struct task *in = exited(spawn(parent), 1), *out = exited(spawn(parent), 2);
    out->pgid = out->pid;
    int pin = in->pid;
    struct linux_siginfo si;
    /* id 0: the caller's group. */
    assert_int_equal(wid(LINUX_P_PGID, 0, LINUX_WEXITED | LINUX_WNOHANG, &si), 0);
    assert_chld(&si, LINUX_CLD_EXITED, pin, 1);
    assert_int_equal(wid(LINUX_P_PGID, 0, LINUX_WEXITED | LINUX_WNOHANG, &si), -LINUX_ECHILD);
    int pout = out->pid;
    assert_int_equal(wid(LINUX_P_PGID, pout, LINUX_WEXITED | LINUX_WNOHANG, &si), 0);
    assert_chld(&si, LINUX_CLD_EXITED, pout, 2);
}

static void test_wclone(void **state)
{
    (void)state;
    struct task *plain = exited(spawn(parent), 1);
    struct task *clone = exited(spawn(parent), 2);
    clone->exit_signal = LINUX_SIGUSR1;
    int pp = plain->pid, pc = clone->pid, st;
    /* Without __WCLONE only SIGCHLD children; with it only the others. */
    assert_int_equal(w4(pc, LINUX_WNOHANG, NULL), -LINUX_ECHILD);
    assert_int_equal(w4(pp, LINUX_WNOHANG | LINUX_WCLONE, NULL), -LINUX_ECHILD);
    assert_int_equal(w4(-1, LINUX_WNOHANG | LINUX_WCLONE, &st), pc);
    assert_int_equal(st, 0x0200);
    assert_int_equal(w4(-1, LINUX_WNOHANG | LINUX_WCLONE, NULL), -LINUX_ECHILD);
    assert_int_equal(w4(-1, LINUX_WNOHANG, &st), pp);
    assert_int_equal(st, 0x0100);
    /* exit_signal 0 (a clone with no signal) is a clone child too. */
    struct task *quiet = exited(spawn(parent), 3);
    quiet->exit_signal = 0;
    int pq = quiet->pid;
    assert_int_equal(w4(-1, LINUX_WNOHANG, NULL), -LINUX_ECHILD);
    struct linux_siginfo si;
    assert_int_equal(wid(LINUX_P_ALL, 0, LINUX_WEXITED | LINUX_WCLONE | LINUX_WNOHANG, &si), 0);
    assert_chld(&si, LINUX_CLD_EXITED, pq, 3);
}

static void test_wall(void **state)
{
    (void)state;
    struct task *plain = exited(spawn(parent), 1);
    struct task *clone = exited(spawn(parent), 2);
    clone->exit_signal = LINUX_SIGUSR2;
    int pp = plain->pid, pc = clone->pid;
    int got1 = (int)w4(-1, LINUX_WNOHANG | LINUX_WALL, NULL);
    int got2 = (int)w4(-1, LINUX_WNOHANG | LINUX_WALL | LINUX_WCLONE, NULL);
    assert_true((got1 == pp && got2 == pc) || (got1 == pc && got2 == pp));
    assert_int_equal(w4(-1, LINUX_WNOHANG | LINUX_WALL, NULL), -LINUX_ECHILD);
}

static void test_echild_without_children(void **state)
{
    (void)state;
    struct linux_siginfo si;
    int st;
    assert_int_equal(w4(-1, LINUX_WNOHANG, &st), -LINUX_ECHILD);
    assert_int_equal(st, STATUS_UNTOUCHED);
    /* Without WNOHANG too: nothing to wait for, so no waiting. */
    assert_int_equal(w4(-1, 0, NULL), -LINUX_ECHILD);
    assert_int_equal(w4(0, 0, NULL), -LINUX_ECHILD);
    assert_int_equal(wid(LINUX_P_ALL, 0, LINUX_WEXITED, &si), -LINUX_ECHILD);
    assert_int_equal(wid(LINUX_P_PGID, 0, LINUX_WEXITED | LINUX_WSTOPPED | LINUX_WCONTINUED, &si),
                     -LINUX_ECHILD);
    /* Siblings and init's other children are not ours. */
    exited(spawn(init_task), 0);
    assert_int_equal(w4(-1, LINUX_WNOHANG, NULL), -LINUX_ECHILD);
}

static void test_einval_options(void **state)
{
    (void)state;
    struct task *c = exited(spawn(parent), 1);
    struct linux_siginfo si;
    /* wait4 takes neither WEXITED nor WNOWAIT nor unknown bits. */
    assert_int_equal(w4(-1, LINUX_WNOHANG | LINUX_WEXITED, NULL), -LINUX_EINVAL);
    assert_int_equal(w4(-1, LINUX_WNOHANG | LINUX_WNOWAIT, NULL), -LINUX_EINVAL);
    assert_int_equal(w4(-1, LINUX_WNOHANG | 0x10, NULL), -LINUX_EINVAL);
    /* waitid: one of WEXITED/WSTOPPED/WCONTINUED, known bits, a known idtype, sane ids. */
    assert_int_equal(wid(LINUX_P_ALL, 0, LINUX_WNOHANG, &si), -LINUX_EINVAL);
    assert_int_equal(wid(LINUX_P_ALL, 0, LINUX_WEXITED | LINUX_WNOHANG | 0x10, &si), -LINUX_EINVAL);
    assert_int_equal(wid(7, 0, LINUX_WEXITED | LINUX_WNOHANG, &si), -LINUX_EINVAL);
    assert_int_equal(wid(LINUX_P_PID, 0, LINUX_WEXITED | LINUX_WNOHANG, &si), -LINUX_EINVAL);
    assert_int_equal(wid(LINUX_P_PID, -1, LINUX_WEXITED | LINUX_WNOHANG, &si), -LINUX_EINVAL);
    assert_int_equal(wid(LINUX_P_PGID, -1, LINUX_WEXITED | LINUX_WNOHANG, &si), -LINUX_EINVAL);
    /* None of them touched the child. */
    assert_present(c);
    /* The checks come before the search for children. */
    forget(c);
    assert_int_equal(w4(-1, LINUX_WEXITED, NULL), -LINUX_EINVAL);
    assert_int_equal(wid(LINUX_P_ALL, 0, 0, &si), -LINUX_EINVAL);
}

/* ---- process groups and sessions ---- */

static long setpgid_(struct task *t, int pid, int pgid)
{
    return call(sys_setpgid, t, pid, pgid);
}

static void test_setpgid_child(void **state)
{
    (void)state;
    struct task *c = spawn(parent);
    assert_int_equal(c->pgid, parent->pid);
    /* pgid 0: the target's own pid, a new group. */
    assert_int_equal(setpgid_(parent, c->pid, 0), 0);
    assert_int_equal(c->pgid, c->pid);
    assert_int_equal(call(sys_getpgid, parent, c->pid, 0), c->pid);
    /* Back into an existing group of the session. */
    assert_int_equal(setpgid_(parent, c->pid, parent->pid), 0);
    assert_int_equal(c->pgid, parent->pid);
    /* A group nobody is in: EPERM. */
    assert_int_equal(setpgid_(parent, c->pid, NO_SUCH_PID), -LINUX_EPERM);
    assert_int_equal(c->pgid, parent->pid);
    /* The child itself, pid 0 meaning the caller. */
    assert_int_equal(setpgid_(c, 0, 0), 0);
    assert_int_equal(c->pgid, c->pid);
    assert_int_equal(call(sys_getpgrp, c, 0, 0), c->pid);
    assert_int_equal(call(sys_getpgid, c, 0, 0), c->pid);
    /* A leader already: setpgid(0, 0) changes nothing and succeeds. */
    assert_int_equal(setpgid_(parent, 0, 0), 0);
    assert_int_equal(parent->pgid, parent->pid);
}

static void test_setpgid_errors(void **state)
{
    (void)state;
    struct task *c = spawn(parent);
    struct task *sibling = spawn(init_task);
    assert_int_equal(setpgid_(parent, c->pid, -1), -LINUX_EINVAL);
    /* Neither self nor a child. */
    assert_int_equal(setpgid_(parent, sibling->pid, 0), -LINUX_ESRCH);
    assert_int_equal(setpgid_(parent, 1, 0), -LINUX_ESRCH);
    assert_int_equal(setpgid_(parent, NO_SUCH_PID, 0), -LINUX_ESRCH);
    assert_int_equal(sibling->pgid, 1);
    /* A child that has exec'd. */
    c->did_exec = 1;
    assert_int_equal(setpgid_(parent, c->pid, 0), -LINUX_EACCES);
    assert_int_equal(c->pgid, parent->pid);
    /* A group of another session: EPERM. */
    struct task *leader = spawn(init_task);
    leader->sid = leader->pgid = leader->pid;
    struct task *d = spawn(parent);
    assert_int_equal(setpgid_(parent, d->pid, leader->pid), -LINUX_EPERM);
    assert_int_equal(d->pgid, parent->pid);
}

static void test_setpgid_other_session_child(void **state)
{
    (void)state;
    struct task *c = spawn(parent);
    assert_int_equal(call(sys_setsid, c, 0, 0), c->pid);
    /* A child in another session is EPERM, before the did_exec check. */
    assert_int_equal(setpgid_(parent, c->pid, 0), -LINUX_EPERM);
    c->did_exec = 1;
    assert_int_equal(setpgid_(parent, c->pid, parent->pid), -LINUX_EPERM);
}

static void test_setpgid_session_leader(void **state)
{
    (void)state;
    struct task *c = spawn(parent);
    assert_int_equal(call(sys_setsid, c, 0, 0), c->pid);
    /* A session leader cannot move itself, not even to its own pid. */
    assert_int_equal(setpgid_(c, 0, 0), -LINUX_EPERM);
    assert_int_equal(setpgid_(c, 0, c->pid), -LINUX_EPERM);
    assert_int_equal(setpgid_(c, c->pid, parent->pid), -LINUX_EPERM);
    assert_int_equal(c->pgid, c->pid);
    /* Its child, in its session, it can move. */
    struct task *g = spawn(c);
    assert_int_equal(setpgid_(c, g->pid, 0), 0);
    assert_int_equal(g->pgid, g->pid);
    assert_int_equal(setpgid_(c, g->pid, c->pid), 0);
    assert_int_equal(g->pgid, c->pid);
}

static void test_setsid(void **state)
{
    (void)state;
    /* A group leader may not start a session. */
    assert_int_equal(call(sys_setsid, parent, 0, 0), -LINUX_EPERM);
    assert_int_equal(parent->sid, 1);
    struct task *c = spawn(parent);
    assert_int_equal(call(sys_setsid, c, 0, 0), c->pid);
    assert_int_equal(c->sid, c->pid);
    assert_int_equal(c->pgid, c->pid);
    assert_int_equal(call(sys_getsid, parent, c->pid, 0), c->pid);
    assert_int_equal(call(sys_getsid, c, 0, 0), c->pid);
    assert_int_equal(call(sys_getsid, parent, 0, 0), 1);
    assert_int_equal(call(sys_getsid, parent, NO_SUCH_PID, 0), -LINUX_ESRCH);
    assert_int_equal(call(sys_getpgid, parent, NO_SUCH_PID, 0), -LINUX_ESRCH);
    /* Twice: it now leads a group (and a session). */
    assert_int_equal(call(sys_setsid, c, 0, 0), -LINUX_EPERM);
}

static void test_setsid_group_id_taken(void **state)
{
    (void)state;
    /* d leads a group, e joins it, d leaves it: group d exists without d. */
    struct task *d = spawn(parent), *e = spawn(parent);
    assert_int_equal(setpgid_(parent, d->pid, 0), 0);
    assert_int_equal(setpgid_(parent, e->pid, d->pid), 0);
    assert_int_equal(setpgid_(parent, d->pid, parent->pid), 0);
    assert_int_equal(d->pgid, parent->pid);
    assert_int_equal(e->pgid, d->pid);
    /* A session with id d would contain a group d it does not own. */
    assert_int_equal(call(sys_setsid, d, 0, 0), -LINUX_EPERM);
    assert_int_equal(d->sid, 1);
    e->pgid = parent->pid;
    assert_int_equal(call(sys_setsid, d, 0, 0), d->pid);
}

/* ---- kill routing ---- */

static long kill_(struct task *t, int pid, int sig)
{
    return call(sys_kill, t, pid, sig);
}

static void test_kill_one(void **state)
{
    (void)state;
    struct task *c = spawn(parent);
    parent->uid = 1000;
    /* Signal 0: an existence check, nothing sent. */
    assert_int_equal(kill_(parent, c->pid, 0), 0);
    assert_int_equal(c->pending, 0);
    assert_int_equal(kill_(parent, NO_SUCH_PID, 0), -LINUX_ESRCH);
    assert_int_equal(kill_(parent, NO_SUCH_PID, LINUX_SIGTERM), -LINUX_ESRCH);
    assert_int_equal(kill_(parent, c->pid, LINUX_SIGUSR1), 0);
    assert_int_equal(c->pending, SIGBIT(LINUX_SIGUSR1));
    const struct linux_siginfo *si = &c->siginfo[LINUX_SIGUSR1 - 1];
    assert_int_equal(si->si_signo, LINUX_SIGUSR1);
    assert_int_equal(si->si_code, LINUX_SI_USER);
    assert_int_equal(si->u.rt.pid, parent->pid);
    assert_int_equal(si->u.rt.uid, 1000);
    /* Any task, not only children; the caller itself. */
    assert_int_equal(kill_(parent, 1, LINUX_SIGUSR2), 0);
    assert_int_equal(init_task->pending, SIGBIT(LINUX_SIGUSR2));
    init_task->pending = 0;
    memset(init_task->siginfo, 0, sizeof(init_task->siginfo));
    assert_int_equal(kill_(parent, parent->pid, LINUX_SIGUSR2), 0);
    assert_int_equal(parent->pending, SIGBIT(LINUX_SIGUSR2));
    /* Default-ignored: accepted, dropped. */
    assert_int_equal(kill_(parent, c->pid, LINUX_SIGWINCH), 0);
    assert_int_equal(c->pending, SIGBIT(LINUX_SIGUSR1));
    /* A zombie still exists for kill(2): 0, nothing pending. */
    struct task *z = exited(spawn(parent), 0);
    assert_int_equal(kill_(parent, z->pid, 0), 0);
    assert_int_equal(kill_(parent, z->pid, LINUX_SIGTERM), 0);
    assert_int_equal(z->pending, 0);
}

static void test_kill_bad_signal(void **state)
{
    (void)state;
    struct task *c = spawn(parent);
    assert_int_equal(kill_(parent, c->pid, LINUX_NSIG + 1), -LINUX_EINVAL);
    assert_int_equal(kill_(parent, c->pid, -1), -LINUX_EINVAL);
    assert_int_equal(kill_(parent, 0, LINUX_NSIG + 1), -LINUX_EINVAL);
    assert_int_equal(kill_(parent, -1, -5), -LINUX_EINVAL);
    assert_int_equal(c->pending, 0);
    assert_int_equal(kill_(parent, c->pid, LINUX_NSIG), 0);
    assert_int_equal(c->pending, SIGBIT(LINUX_NSIG));
}

/* parent and c1 in group parent; c2 in its own group; s (init's child) in group 1. */
static void family(struct task **c1, struct task **c2, struct task **s)
{
    *c1 = spawn(parent);
    *c2 = spawn(parent);
    (*c2)->pgid = (*c2)->pid;
    *s = spawn(init_task);
}

static void clear_pending(struct task *t)
{
    t->pending = 0;
    memset(t->siginfo, 0, sizeof(t->siginfo));
}

static void test_kill_own_group(void **state)
{
    (void)state;
    struct task *c1, *c2, *s;
    family(&c1, &c2, &s);
    assert_int_equal(kill_(parent, 0, LINUX_SIGUSR1), 0);
    assert_int_equal(parent->pending, SIGBIT(LINUX_SIGUSR1));
    assert_int_equal(c1->pending, SIGBIT(LINUX_SIGUSR1));
    assert_int_equal(c2->pending, 0);
    assert_int_equal(s->pending, 0);
    assert_int_equal(init_task->pending, 0);
    /* From c2: its group has only itself. */
    assert_int_equal(kill_(c2, 0, LINUX_SIGUSR2), 0);
    assert_int_equal(c2->pending, SIGBIT(LINUX_SIGUSR2));
    assert_int_equal(c1->pending, SIGBIT(LINUX_SIGUSR1));
    /* Signal 0 to the group: found, nothing sent. */
    assert_int_equal(kill_(parent, 0, 0), 0);
    assert_int_equal(c1->pending, SIGBIT(LINUX_SIGUSR1));
}

static void test_kill_named_group(void **state)
{
    (void)state;
    struct task *c1, *c2, *s;
    family(&c1, &c2, &s);
    struct task *c3 = spawn(parent);
    c3->pgid = c2->pid;
    assert_int_equal(kill_(parent, -c2->pid, LINUX_SIGTERM), 0);
    assert_int_equal(c2->pending, SIGBIT(LINUX_SIGTERM));
    assert_int_equal(c3->pending, SIGBIT(LINUX_SIGTERM));
    assert_int_equal(c1->pending, 0);
    assert_int_equal(parent->pending, 0);
    assert_int_equal(s->pending, 0);
    assert_int_equal(kill_(parent, -c2->pid, 0), 0);
    /* A group nobody is in. */
    assert_int_equal(kill_(parent, -NO_SUCH_PID, LINUX_SIGTERM), -LINUX_ESRCH);
    assert_int_equal(kill_(parent, -NO_SUCH_PID, 0), -LINUX_ESRCH);
    /* A pgid that is some task's pid, but no group: s leads nothing. */
    assert_int_equal(kill_(parent, -s->pid, 0), -LINUX_ESRCH);
}

static void test_kill_everyone(void **state)
{
    (void)state;
    /* Nobody but init and the caller: ESRCH. */
    assert_int_equal(kill_(parent, -1, 0), -LINUX_ESRCH);
    assert_int_equal(kill_(parent, -1, LINUX_SIGUSR1), -LINUX_ESRCH);
    assert_int_equal(parent->pending, 0);
    assert_int_equal(init_task->pending, 0);
    struct task *c1, *c2, *s;
    family(&c1, &c2, &s);
    assert_int_equal(kill_(parent, -1, LINUX_SIGUSR1), 0);
    /* Everyone but init and the caller, in any group. */
    assert_int_equal(c1->pending, SIGBIT(LINUX_SIGUSR1));
    assert_int_equal(c2->pending, SIGBIT(LINUX_SIGUSR1));
    assert_int_equal(s->pending, SIGBIT(LINUX_SIGUSR1));
    assert_int_equal(parent->pending, 0);
    assert_int_equal(init_task->pending, 0);
    clear_pending(c1);
    assert_int_equal(kill_(c1, -1, LINUX_SIGUSR2), 0);
    assert_int_equal(c1->pending, 0);
    assert_int_equal(parent->pending, SIGBIT(LINUX_SIGUSR2));
    assert_int_equal(init_task->pending, 0);
}

/* ---- known bugs: these fail until the core is fixed ---- */

/*
 * kernel/exit.c: wait_consider_task() hands a zombie to wait_task_zombie(),
 * which returns 0 without WEXITED, and the zombie does not clear
 * notask_error: waitid(WSTOPPED or WCONTINUED) with only zombie children is
 * ECHILD (checked on the host kernel). kernel/process.c:390 (wait_match)
 * counts the zombie as a waitable child first, so this returns 0, and
 * without WNOHANG it would wait for an event that cannot come.
 */
static void test_bug_waitid_zombie_without_wexited(void **state)
{
    (void)state;
    exited(spawn(parent), 3);
    struct linux_siginfo si;
    assert_int_equal(wid(LINUX_P_ALL, 0, LINUX_WSTOPPED | LINUX_WNOHANG, &si), -LINUX_ECHILD);
    assert_int_equal(wid(LINUX_P_ALL, 0, LINUX_WCONTINUED | LINUX_WNOHANG, &si), -LINUX_ECHILD);
}

/*
 * kernel/signal.c: __kill_pgrp_info() and kill(-1) walk every task of the
 * group (or system), zombies included, and a zombie accepts the signal: so
 * kill(-pgid, sig) on a group whose members have all exited but are not yet
 * reaped is 0 on Linux (checked on the host kernel, for 0 and SIGTERM).
 * kernel/process.c:626 (process_kill) skips tasks that are not TASK_ALIVE
 * and returns ESRCH. kill(pid, sig) on a zombie is already 0.
 */
static void test_bug_kill_group_of_zombies(void **state)
{
    (void)state;
    struct task *z = exited(spawn(parent), 0);
    z->pgid = z->pid;
    assert_int_equal(kill_(parent, z->pid, 0), 0);
    assert_int_equal(kill_(parent, -z->pid, 0), 0);
    assert_int_equal(kill_(parent, -z->pid, LINUX_SIGTERM), 0);
    assert_int_equal(z->pending, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_wait4_exit_code),
        T(test_wait4_exit_codes_0_and_255),
        T(test_wait4_killed),
        T(test_wait4_stopped),
        T(test_wait4_continued),
        T(test_sigcont_reported_to_waiter),
        T(test_wait4_mixed_states),
        T(test_wait4_rusage_and_efault),
        T(test_wait_accounts_cpu_time),
        T(test_waitid_exited),
        T(test_waitid_killed),
        T(test_waitid_stopped),
        T(test_waitid_continued),
        T(test_waitid_null_infop),
        T(test_wnowait_leaves_zombie),
        T(test_wnowait_leaves_stop_report),
        T(test_select_pid),
        T(test_select_own_group),
        T(test_select_any),
        T(test_select_group),
        T(test_waitid_pgid),
        T(test_wclone),
        T(test_wall),
        T(test_echild_without_children),
        T(test_einval_options),
        T(test_setpgid_child),
        T(test_setpgid_errors),
        T(test_setpgid_other_session_child),
        T(test_setpgid_session_leader),
        T(test_setsid),
        T(test_setsid_group_id_taken),
        T(test_kill_one),
        T(test_kill_bad_signal),
        T(test_kill_own_group),
        T(test_kill_named_group),
        T(test_kill_everyone),
        T(test_bug_waitid_zombie_without_wexited),
        T(test_bug_kill_group_of_zombies),
    };
#undef T
    return cmocka_run_group_tests_name("process", tests, group_setup, group_teardown);
}
