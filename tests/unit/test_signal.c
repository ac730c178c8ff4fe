/* SPDX-License-Identifier: MIT */
/* tests/unit/test_signal.c: pending signals, masks, default actions and handler frames. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../abi/linux.h"
#include "../../kernel/mm.h"
#include "../../kernel/sched.h"
#include "../../kernel/signal.h"
#include "../../kernel/syscall.h"
#include "../../kernel/task.h"
#include "../../kernel/usercopy.h"
#include "fake_platform.h"
#ifdef RF_ARCH_AMD64
#include "../../abi/amd64/signal.h"
#endif

#define BIT(s) (1ULL << ((s)-1))

static struct task task;
static struct sighand sighand;

static int setup(void **state)
{
    memset(&task, 0, sizeof(task));
    memset(&sighand, 0, sizeof(sighand));
    task.sighand = &sighand;
    task.pid = task.tid = 1;
    /* Delivery runs on the task's own thread: the test thread plays that part. */
    task_set_current(&task);
    *state = &task;
    return 0;
}

/* Generation then delivery, as the task loop does before returning to the guest. */
static void send(struct task *t, int sig)
{
    signal_send(t, sig);
    signal_deliver(t);
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
    assert_int_equal(t->exit_code >> 8, 0);
}

/* A synchronous fault as the platform reports it. */
static void force(struct task *t, int sig)
{
    struct fault_info f = {.signo = sig, .si_code = 1, .addr = 0x10, .vector = -1};
    signal_force_fault(t, &f);
}

/* ---- signal_ignored ---- */

static void test_ignored_by_default(void **state)
{
    struct task *t = *state;
    static const int ign[] = {LINUX_SIGCHLD, LINUX_SIGURG, LINUX_SIGWINCH, LINUX_SIGCONT};
    for (size_t i = 0; i < sizeof(ign) / sizeof(ign[0]); i++)
        if (!signal_ignored(t, ign[i]))
            fail_msg("signal %d is ignored by default in Linux", ign[i]);
    static const int other[] = {LINUX_SIGHUP, LINUX_SIGINT, LINUX_SIGQUIT, LINUX_SIGILL,
                                LINUX_SIGTRAP, LINUX_SIGABRT, LINUX_SIGBUS, LINUX_SIGFPE,
                                LINUX_SIGKILL, LINUX_SIGUSR1, LINUX_SIGSEGV, LINUX_SIGUSR2,
                                LINUX_SIGPIPE, LINUX_SIGALRM, LINUX_SIGTERM, LINUX_SIGSTKFLT,
                                LINUX_SIGXCPU, LINUX_SIGXFSZ, LINUX_SIGVTALRM, LINUX_SIGPROF,
                                LINUX_SIGIO, LINUX_SIGPWR, LINUX_SIGSYS, LINUX_SIGRTMIN,
                                LINUX_SIGRTMIN + 5, LINUX_NSIG, LINUX_SIGSTOP, LINUX_SIGTSTP};
    for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
        if (signal_ignored(t, other[i]))
            fail_msg("signal %d is not ignored by default in Linux", other[i]);
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

/* ---- signal_send + signal_deliver, default actions ---- */

static void test_send_fatal_default(void **state)
{
    struct task *t = *state;
    send(t, LINUX_SIGTERM);
    assert_killed_by(t, LINUX_SIGTERM);
    assert_int_equal(t->pending & BIT(LINUX_SIGTERM), 0);
}

static void test_send_rt_signal_default(void **state)
{
    struct task *t = *state;
    send(t, LINUX_SIGRTMIN + 3);
    assert_killed_by(t, LINUX_SIGRTMIN + 3);
}

static void test_send_signal_64(void **state)
{
    struct task *t = *state;
    send(t, LINUX_NSIG);
    assert_killed_by(t, LINUX_NSIG);
}

static void test_send_ignored_default(void **state)
{
    struct task *t = *state;
    send(t, LINUX_SIGCHLD);
    send(t, LINUX_SIGWINCH);
    send(t, LINUX_SIGURG);
    send(t, LINUX_SIGCONT);
    assert_alive(t);
    assert_int_equal(t->pending, 0);
}

static void test_send_ignored_by_handler(void **state)
{
    struct task *t = *state;
    set_handler(LINUX_SIGTERM, LINUX_SIG_IGN);
    send(t, LINUX_SIGTERM);
    assert_alive(t);
    assert_int_equal(t->pending, 0);
    /* Back to default: the next one kills. */
    set_handler(LINUX_SIGTERM, LINUX_SIG_DFL);
    send(t, LINUX_SIGTERM);
    assert_killed_by(t, LINUX_SIGTERM);
}

static void test_blocked_stays_pending(void **state)
{
    struct task *t = *state;
    t->sigmask = BIT(LINUX_SIGTERM);
    send(t, LINUX_SIGTERM);
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
    send(t, LINUX_SIGUSR1);
    send(t, LINUX_SIGUSR1);
    send(t, LINUX_SIGUSR2);
    assert_int_equal(t->pending, BIT(LINUX_SIGUSR1) | BIT(LINUX_SIGUSR2));
    assert_alive(t);
    /* Unblock only SIGUSR2. */
    t->sigmask = BIT(LINUX_SIGUSR1);
    signal_deliver(t);
    assert_killed_by(t, LINUX_SIGUSR2);
}

static void test_pending_keeps_first_siginfo(void **state)
{
    struct task *t = *state;
    t->sigmask = BIT(LINUX_SIGUSR1);
    struct linux_siginfo a, b;
    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    a.si_signo = b.si_signo = LINUX_SIGUSR1;
    a.si_code = LINUX_SI_TKILL;
    a.u.rt.pid = 1234;
    b.si_code = LINUX_SI_USER;
    b.u.rt.pid = 5678;
    signal_send_info(t, LINUX_SIGUSR1, &a);
    signal_send_info(t, LINUX_SIGUSR1, &b);
    assert_int_equal(t->pending, BIT(LINUX_SIGUSR1));
    assert_int_equal(t->siginfo[LINUX_SIGUSR1 - 1].si_code, LINUX_SI_TKILL);
    assert_int_equal(t->siginfo[LINUX_SIGUSR1 - 1].u.rt.pid, 1234);
    /* signal_send records a kill(2) by the task itself. */
    t->sigmask |= BIT(LINUX_SIGUSR2);
    t->uid = 1000;
    send(t, LINUX_SIGUSR2);
    assert_int_equal(t->siginfo[LINUX_SIGUSR2 - 1].si_signo, LINUX_SIGUSR2);
    assert_int_equal(t->siginfo[LINUX_SIGUSR2 - 1].si_code, LINUX_SI_USER);
    assert_int_equal(t->siginfo[LINUX_SIGUSR2 - 1].u.rt.pid, 1);
    assert_int_equal(t->siginfo[LINUX_SIGUSR2 - 1].u.rt.uid, 1000);
}

static void test_lowest_pending_first(void **state)
{
    struct task *t = *state;
    t->sigmask = ~0ULL;
    send(t, LINUX_SIGTERM);
    send(t, LINUX_SIGINT);
    send(t, LINUX_SIGUSR2);
    assert_alive(t);
    t->sigmask = 0;
    signal_deliver(t);
    assert_killed_by(t, LINUX_SIGINT);
}

/* next_signal(): a synchronous signal (here SIGSYS, 31) goes before lower ones. */
static void test_synchronous_pending_first(void **state)
{
    struct task *t = *state;
    t->sigmask = ~0ULL;
    send(t, LINUX_SIGTERM);
    send(t, LINUX_SIGINT);
    send(t, LINUX_SIGSYS);
    t->sigmask = 0;
    signal_deliver(t);
    assert_killed_by(t, LINUX_SIGSYS);
}

static void test_pending_ignored_then_unblocked(void **state)
{
    struct task *t = *state;
    /* A blocked default-ignored signal delivered later still does nothing. */
    t->sigmask = BIT(LINUX_SIGWINCH);
    send(t, LINUX_SIGWINCH);
    t->sigmask = 0;
    signal_deliver(t);
    assert_alive(t);
    assert_int_equal(t->pending, 0);
}

static void test_sigkill_cannot_be_blocked(void **state)
{
    struct task *t = *state;
    t->sigmask = ~0ULL;
    send(t, LINUX_SIGKILL);
    assert_killed_by(t, LINUX_SIGKILL);
}

static void test_sigkill_ignores_handler(void **state)
{
    struct task *t = *state;
    set_handler(LINUX_SIGKILL, LINUX_SIG_IGN);
    send(t, LINUX_SIGKILL);
    assert_killed_by(t, LINUX_SIGKILL);
    setup(state);
    set_handler(LINUX_SIGKILL, 0x401000);
    send(t, LINUX_SIGKILL);
    assert_killed_by(t, LINUX_SIGKILL);
}

/*
 * Stops are pending until delivery (delivering one would block this thread,
 * as a stopped task waits for SIGCONT); SIGCONT discards pending stops and a
 * stop discards a pending SIGCONT (kernel/signal.c: prepare_signal()).
 */
static void test_stop_signals_do_not_kill(void **state)
{
    struct task *t = *state;
    signal_send(t, LINUX_SIGTSTP);
    signal_send(t, LINUX_SIGSTOP);
    assert_true(t->pending & BIT(LINUX_SIGSTOP));
    assert_true(t->pending & BIT(LINUX_SIGTSTP));
    signal_send(t, LINUX_SIGCONT);
    assert_int_equal(t->pending & (BIT(LINUX_SIGSTOP) | BIT(LINUX_SIGTSTP)), 0);
    set_handler(LINUX_SIGCONT, 0x401000);
    signal_send(t, LINUX_SIGCONT);
    signal_send(t, LINUX_SIGTTIN);
    assert_int_equal(t->pending & BIT(LINUX_SIGCONT), 0);
    t->pending = 0;
    signal_deliver(t);
    assert_alive(t);
    assert_false(t->stopped);
}

static void test_first_death_wins(void **state)
{
    struct task *t = *state;
    send(t, LINUX_SIGTERM);
    assert_killed_by(t, LINUX_SIGTERM);
    send(t, LINUX_SIGKILL);
    force(t, LINUX_SIGSEGV);
    assert_killed_by(t, LINUX_SIGTERM);
}

static void test_exit_code_vs_exit(void **state)
{
    struct task *t = *state;
    task_exit(t, 3);
    assert_true(t->exited);
    assert_int_equal(t->exit_code, 3 << 8);
    send(t, LINUX_SIGTERM);
    assert_int_equal(t->exit_code, 3 << 8);
}

/*
 * Linux never discards a signal that is blocked, even if it is ignored when
 * it is sent (kernel/signal.c: sig_ignored() returns false for a blocked
 * signal: "the signal handler may change by the time it is unblocked").
 * It stays pending; if the action is SIG_DFL when it is unblocked, the
 * default action (here: terminate) is taken.
 */
static void test_blocked_ignored_signal_stays_pending(void **state)
{
    struct task *t = *state;
    set_handler(LINUX_SIGUSR1, LINUX_SIG_IGN);
    t->sigmask = BIT(LINUX_SIGUSR1);
    send(t, LINUX_SIGUSR1);
    assert_int_equal(t->pending & BIT(LINUX_SIGUSR1), BIT(LINUX_SIGUSR1));
    set_handler(LINUX_SIGUSR1, LINUX_SIG_DFL);
    t->sigmask = 0;
    signal_deliver(t);
    assert_killed_by(t, LINUX_SIGUSR1);
}

/* ---- signal_force_fault: synchronous faults, default actions ---- */

static void test_force_segv(void **state)
{
    struct task *t = *state;
    force(t, LINUX_SIGSEGV);
    assert_killed_by(t, LINUX_SIGSEGV);
    assert_int_equal(t->exit_code, 11);
}

static void test_force_blocked(void **state)
{
    struct task *t = *state;
    t->sigmask = ~0ULL;
    force(t, LINUX_SIGFPE);
    assert_killed_by(t, LINUX_SIGFPE);
    assert_int_equal(t->sigmask & BIT(LINUX_SIGFPE), 0);
}

static void test_force_ignored(void **state)
{
    struct task *t = *state;
    set_handler(LINUX_SIGILL, LINUX_SIG_IGN);
    force(t, LINUX_SIGILL);
    assert_killed_by(t, LINUX_SIGILL);
    assert_int_equal(sighand.action[LINUX_SIGILL - 1].handler, LINUX_SIG_DFL);
}

static void test_force_blocked_with_handler(void **state)
{
    struct task *t = *state;
    /* A blocked fault cannot reach its handler: back to SIG_DFL, and the task dies. */
    set_handler(LINUX_SIGSEGV, 0x401000);
    t->sigmask = BIT(LINUX_SIGSEGV);
    force(t, LINUX_SIGSEGV);
    assert_killed_by(t, LINUX_SIGSEGV);
    assert_int_equal(sighand.action[LINUX_SIGSEGV - 1].handler, LINUX_SIG_DFL);
}

static void test_force_trap_and_bus(void **state)
{
    struct task *t = *state;
    force(t, LINUX_SIGTRAP);
    assert_killed_by(t, LINUX_SIGTRAP);
    setup(state);
    force(t, LINUX_SIGBUS);
    assert_killed_by(t, LINUX_SIGBUS);
}

static void test_force_leaves_other_pending(void **state)
{
    struct task *t = *state;
    t->sigmask = BIT(LINUX_SIGTERM);
    send(t, LINUX_SIGTERM);
    force(t, LINUX_SIGSEGV);
    assert_killed_by(t, LINUX_SIGSEGV);
    assert_int_equal(t->pending, BIT(LINUX_SIGTERM));
}

/* ---- handler frames (x86_64 layout) ---- */

#ifdef RF_ARCH_AMD64

#define STACK_LO 0x70000000ULL
#define STACK_HI 0x70010000ULL
#define ALT_LO 0x71000000ULL
#define ALT_SIZE 0x10000ULL
#define RSP0 (STACK_HI - 0x1000)
#define RIP0 0x401234ULL
#define HANDLER 0x402000ULL
#define RESTORER 0x403000ULL
#define FP_SIZE 576 /* legacy area + XSAVE header */
#define EFLAGS_DF 0x400ULL
#define RW (LINUX_PROT_READ | LINUX_PROT_WRITE)
#define ANON (LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS)

static struct fake_env env;
static struct platform_ctx fctx;

static int setup_frames(void **state)
{
    setup(state);
    if (fake_env_setup(&env, FAKE_MF_SIZE) < 0)
        return -1;
    if (mm_map(env.mm, STACK_LO, STACK_HI - STACK_LO, RW, ANON, 1, 0, "[stack]") !=
        (int64_t)STACK_LO)
        return -1;
    if (mm_map(env.mm, ALT_LO, ALT_SIZE, RW, ANON, 1, 0, "alt") != (int64_t)ALT_LO)
        return -1;
    memset(&fctx, 0, sizeof(fctx));
    fctx.fp_size = FP_SIZE;
    fctx.fp_seed = 0x21;
    task.mm = env.mm;
    task.platform = &env.p;
    task.ctx = &fctx;
    task.regs.rip = RIP0;
    task.regs.rsp = RSP0;
    task.regs.rax = 0x77;
    task.regs.rdi = 0x1111;
    task.regs.rsi = 0x2222;
    task.regs.rdx = 0x3333;
    task.regs.rbx = 0x4444;
    task.regs.eflags = 0x246 | EFLAGS_DF;
    task.sigmask = BIT(LINUX_SIGHUP);
    return 0;
}

static int teardown_frames(void **state)
{
    (void)state;
    return fake_env_teardown(&env) == 0 ? 0 : -1;
}

static void set_action(int sig, uint64_t flags, uint64_t mask)
{
    sighand.action[sig - 1] = (struct linux_sigaction){
        .handler = HANDLER, .flags = flags, .restorer = RESTORER, .mask = mask};
}

static void read_frame(struct task *t, struct linux_rt_sigframe_amd64 *f)
{
    assert_int_equal(copy_from_user(t->mm, f, t->regs.rsp, sizeof(*f)), 0);
}

/* Fill guest [a, a+n) with a pattern; check it later. */
static void paint(struct task *t, uaddr_t a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t b = (uint8_t)(0xc3 ^ i);
        assert_int_equal(copy_to_user(t->mm, a + i, &b, 1), 0);
    }
}

static void assert_painted(struct task *t, uaddr_t a, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t b;
        assert_int_equal(copy_from_user(t->mm, &b, a + i, 1), 0);
        if (b != (uint8_t)(0xc3 ^ i))
            fail_msg("%s: byte at %#llx was overwritten by the signal frame", what,
                     (unsigned long long)(a + i));
    }
}

static void test_handler_frame(void **state)
{
    struct task *t = *state;
    set_action(LINUX_SIGUSR1, LINUX_SA_SIGINFO | LINUX_SA_RESTORER, BIT(LINUX_SIGUSR2));
    paint(t, RSP0 - 128, 128 + 64); /* the red zone and a bit of the caller's frame */
    t->uid = 1000;
    send(t, LINUX_SIGUSR1);
    assert_alive(t);
    assert_int_equal(t->pending, 0);

    /* The handler is entered as handler(sig, &info, &uc), returning to the restorer. */
    assert_int_equal(t->regs.rip, HANDLER);
    assert_int_equal(t->regs.rdi, LINUX_SIGUSR1);
    uint64_t frame = t->regs.rsp;
    assert_int_equal(t->regs.rsi, frame + offsetof(struct linux_rt_sigframe_amd64, info));
    assert_int_equal(t->regs.rdx, frame + offsetof(struct linux_rt_sigframe_amd64, uc));
    assert_int_equal((frame + 8) % 16, 0); /* as right after a call */
    assert_int_equal(t->regs.eflags & EFLAGS_DF, 0);
    assert_true(frame >= STACK_LO && frame + sizeof(struct linux_rt_sigframe_amd64) <= RSP0 - 128);
    assert_painted(t, RSP0 - 128, 128 + 64, "red zone");

    struct linux_rt_sigframe_amd64 f;
    read_frame(t, &f);
    assert_int_equal(f.pretcode, RESTORER);
    assert_int_equal(f.info.si_signo, LINUX_SIGUSR1);
    assert_int_equal(f.info.si_code, LINUX_SI_USER);
    assert_int_equal(f.info.u.rt.pid, 1);
    assert_int_equal(f.info.u.rt.uid, 1000);
    assert_int_equal(f.uc.uc_sigmask, BIT(LINUX_SIGHUP));
    assert_int_equal(f.uc.uc_stack.ss_flags, 2 /* SS_DISABLE: no alternate stack */);
    const struct linux_sigcontext_amd64 *sc = &f.uc.uc_mcontext;
    assert_int_equal(sc->rip, RIP0);
    assert_int_equal(sc->rsp, RSP0);
    assert_int_equal(sc->rax, 0x77);
    assert_int_equal(sc->rdi, 0x1111);
    assert_int_equal(sc->rbx, 0x4444);
    assert_int_equal(sc->eflags, 0x246 | EFLAGS_DF);
    assert_int_equal(sc->oldmask, BIT(LINUX_SIGHUP));

    /* The FP image: 64-byte aligned, above the frame, below the red zone, the live bytes. */
    assert_true(f.uc.uc_flags & LINUX_UC_FP_XSTATE);
    uint64_t fpaddr = sc->fpstate;
    assert_int_equal(fpaddr % 64, 0);
    assert_true(fpaddr >= frame + sizeof(f) && fpaddr + FP_SIZE + 4 <= RSP0 - 128);
    uint8_t img[FP_SIZE];
    assert_int_equal(copy_from_user(t->mm, img, fpaddr, FP_SIZE), 0);
    for (size_t i = 0; i < 464; i++)
        if (img[i] != fake_fp_byte(0x21, i))
            fail_msg("FP image byte %zu is %#x, want %#x", i, img[i], fake_fp_byte(0x21, i));
    struct linux_fpx_sw_bytes sw;
    memcpy(&sw, img + LINUX_FPX_SW_BYTES_OFFSET, sizeof(sw));
    assert_int_equal(sw.magic1, LINUX_FP_XSTATE_MAGIC1);
    assert_int_equal(sw.xstate_size, FP_SIZE);
    uint32_t magic2;
    assert_int_equal(copy_from_user(t->mm, &magic2, fpaddr + FP_SIZE, 4), 0);
    assert_int_equal(magic2, LINUX_FP_XSTATE_MAGIC2);

    /* While the handler runs: its own signal and sa_mask are blocked too. */
    assert_int_equal(t->sigmask, BIT(LINUX_SIGHUP) | BIT(LINUX_SIGUSR1) | BIT(LINUX_SIGUSR2));
    assert_int_equal(sighand.action[LINUX_SIGUSR1 - 1].handler, HANDLER);
}

static void test_handler_nodefer_resethand(void **state)
{
    struct task *t = *state;
    set_action(LINUX_SIGUSR1, LINUX_SA_RESTORER | LINUX_SA_NODEFER | LINUX_SA_RESETHAND, 0);
    send(t, LINUX_SIGUSR1);
    assert_alive(t);
    assert_int_equal(t->regs.rip, HANDLER);
    assert_int_equal(t->sigmask, BIT(LINUX_SIGHUP));
    assert_int_equal(sighand.action[LINUX_SIGUSR1 - 1].handler, LINUX_SIG_DFL);
    /* One-shot: the next one takes the default action. */
    send(t, LINUX_SIGUSR1);
    assert_killed_by(t, LINUX_SIGUSR1);
}

static void test_handler_mask_never_blocks_kill(void **state)
{
    struct task *t = *state;
    set_action(LINUX_SIGUSR1, LINUX_SA_RESTORER, ~0ULL);
    send(t, LINUX_SIGUSR1);
    assert_alive(t);
    assert_int_equal(t->sigmask & (BIT(LINUX_SIGKILL) | BIT(LINUX_SIGSTOP)), 0);
    send(t, LINUX_SIGKILL);
    assert_killed_by(t, LINUX_SIGKILL);
}

static void test_handler_without_restorer_is_segv(void **state)
{
    struct task *t = *state;
    /* x86_64 has no default restorer: Linux refuses the frame and forces SIGSEGV. */
    set_action(LINUX_SIGUSR1, LINUX_SA_SIGINFO, 0);
    send(t, LINUX_SIGUSR1);
    assert_killed_by(t, LINUX_SIGSEGV);
}

static void test_handler_stack_unmapped_is_segv(void **state)
{
    struct task *t = *state;
    set_action(LINUX_SIGUSR1, LINUX_SA_RESTORER, 0);
    t->regs.rsp = 0x1000; /* nothing mapped below it */
    send(t, LINUX_SIGUSR1);
    assert_killed_by(t, LINUX_SIGSEGV);
}

static void test_handler_stack_readonly_is_segv(void **state)
{
    struct task *t = *state;
    set_action(LINUX_SIGUSR1, LINUX_SA_RESTORER, 0);
    assert_int_equal(mm_protect(t->mm, STACK_LO, STACK_HI - STACK_LO, LINUX_PROT_READ), 0);
    send(t, LINUX_SIGUSR1);
    assert_killed_by(t, LINUX_SIGSEGV);
}

static void test_handler_on_altstack(void **state)
{
    struct task *t = *state;
    set_action(LINUX_SIGUSR2, LINUX_SA_RESTORER | LINUX_SA_ONSTACK, 0);
    t->altstack = (struct linux_stack){.ss_sp = ALT_LO, .ss_flags = 0, .ss_size = ALT_SIZE};
    paint(t, RSP0 - 256, 256);
    send(t, LINUX_SIGUSR2);
    assert_alive(t);
    uint64_t frame = t->regs.rsp;
    assert_true(frame >= ALT_LO && frame < ALT_LO + ALT_SIZE);
    struct linux_rt_sigframe_amd64 f;
    read_frame(t, &f);
    assert_true(f.uc.uc_mcontext.fpstate < ALT_LO + ALT_SIZE);
    assert_int_equal(f.uc.uc_mcontext.rsp, RSP0);
    /* The recorded sigaltstack: enabled, and not in use when the signal came. */
    assert_int_equal(f.uc.uc_stack.ss_sp, ALT_LO);
    assert_int_equal(f.uc.uc_stack.ss_size, ALT_SIZE);
    assert_int_equal(f.uc.uc_stack.ss_flags, 0);
    assert_painted(t, RSP0 - 256, 256, "normal stack");
    /* Without SA_ONSTACK the ordinary stack is used. */
    set_action(LINUX_SIGUSR1, LINUX_SA_RESTORER, 0);
    t->sigmask = 0;
    send(t, LINUX_SIGUSR1);
    assert_true(t->regs.rsp >= ALT_LO && t->regs.rsp < frame); /* nested, below the first */
}

/*
 * A signal that arrives while the task already runs on the alternate stack
 * (a nested handler) builds its frame below the interrupted code's 128-byte
 * red zone, exactly as on the ordinary stack: Linux's get_sigframe()
 * (arch/x86/kernel/signal.c) subtracts the red zone from the current sp first
 * and only skips it when it switches onto the alternate stack.
 */
static void test_nested_altstack_frame_keeps_red_zone(void **state)
{
    struct task *t = *state;
    set_action(LINUX_SIGUSR2, LINUX_SA_RESTORER | LINUX_SA_ONSTACK, 0);
    t->altstack = (struct linux_stack){.ss_sp = ALT_LO, .ss_flags = 0, .ss_size = ALT_SIZE};
    uint64_t rsp = ALT_LO + 0x8000;
    t->regs.rsp = rsp;
    paint(t, rsp - 128, 128);
    send(t, LINUX_SIGUSR2);
    assert_alive(t);
    assert_true(t->regs.rsp >= ALT_LO && t->regs.rsp < rsp);
    assert_painted(t, rsp - 128, 128, "red zone on the alternate stack");
}

#define SS_AUTODISARM (1U << 31)

/* SS_AUTODISARM: the alternate stack is given up in the handler; sigreturn brings it back. */
static void test_altstack_autodisarm(void **state)
{
    struct task *t = *state;
    set_action(LINUX_SIGUSR2, LINUX_SA_RESTORER | LINUX_SA_ONSTACK, 0);
    t->altstack = (struct linux_stack){.ss_sp = ALT_LO, .ss_flags = (int32_t)SS_AUTODISARM,
                                       .ss_size = ALT_SIZE};
    send(t, LINUX_SIGUSR2);
    assert_alive(t);
    assert_true(t->regs.rsp >= ALT_LO && t->regs.rsp < ALT_LO + ALT_SIZE);
    assert_int_equal(t->altstack.ss_size, 0);
    struct linux_rt_sigframe_amd64 f;
    read_frame(t, &f);
    assert_int_equal(f.uc.uc_stack.ss_sp, ALT_LO);
    assert_int_equal(f.uc.uc_stack.ss_size, ALT_SIZE);
    assert_int_equal((uint32_t)f.uc.uc_stack.ss_flags, SS_AUTODISARM);
    t->regs.rsp += 8;
    t->regs.orig_rax = LINUX_NR_rt_sigreturn;
    syscall_dispatch(t);
    assert_alive(t);
    assert_int_equal(t->regs.rsp, RSP0);
    assert_int_equal(t->altstack.ss_sp, ALT_LO);
    assert_int_equal(t->altstack.ss_size, ALT_SIZE);
}

static void test_sigreturn_round_trip(void **state)
{
    struct task *t = *state;
    set_action(LINUX_SIGUSR1, LINUX_SA_SIGINFO | LINUX_SA_RESTORER, BIT(LINUX_SIGUSR2));
    send(t, LINUX_SIGUSR1);
    assert_alive(t);
    uint64_t frame = t->regs.rsp;
    /* The handler edits its context: the interrupted rax and one FP byte. */
    struct linux_rt_sigframe_amd64 f;
    read_frame(t, &f);
    uint64_t new_rax = (uint64_t)-LINUX_ERESTARTSYS; /* any value, even a kernel-internal one */
    assert_int_equal(copy_to_user(t->mm, frame + offsetof(struct linux_rt_sigframe_amd64,
                                                          uc.uc_mcontext.rax),
                                  &new_rax, 8), 0);
    uint8_t fpbyte = 0xee;
    assert_int_equal(copy_to_user(t->mm, f.uc.uc_mcontext.fpstate + 100, &fpbyte, 1), 0);
    /* The handler's ret pops pretcode; the restorer does rt_sigreturn. */
    t->regs.rsp += 8;
    t->regs.rip = RESTORER + 7;
    t->regs.orig_rax = LINUX_NR_rt_sigreturn;
    t->regs.rax = LINUX_NR_rt_sigreturn;
    syscall_dispatch(t);
    assert_alive(t);
    assert_int_equal(t->regs.rip, RIP0);
    assert_int_equal(t->regs.rsp, RSP0);
    assert_int_equal(t->regs.rax, new_rax);
    assert_int_equal(t->regs.rdi, 0x1111);
    assert_int_equal(t->regs.rsi, 0x2222);
    assert_int_equal(t->regs.rdx, 0x3333);
    assert_int_equal(t->regs.eflags & EFLAGS_DF, EFLAGS_DF);
    assert_int_equal(t->sigmask, BIT(LINUX_SIGHUP));
    /* The FP state comes back from guest memory, with the handler's edit. */
    assert_int_equal(t->fp.size, FP_SIZE);
    assert_int_equal(t->fp.xsave[100], 0xee);
    assert_int_equal(t->fp.xsave[99], fake_fp_byte(0x21, 99));
}

static void test_sigreturn_mask_cannot_block_kill(void **state)
{
    struct task *t = *state;
    set_action(LINUX_SIGUSR1, LINUX_SA_RESTORER, 0);
    send(t, LINUX_SIGUSR1);
    uint64_t all = ~0ULL;
    assert_int_equal(copy_to_user(t->mm, t->regs.rsp + offsetof(struct linux_rt_sigframe_amd64,
                                                                 uc.uc_sigmask),
                                  &all, 8), 0);
    t->regs.rsp += 8;
    t->regs.orig_rax = LINUX_NR_rt_sigreturn;
    syscall_dispatch(t);
    assert_int_equal(t->sigmask, ~(BIT(LINUX_SIGKILL) | BIT(LINUX_SIGSTOP)));
}

static void test_sigreturn_bad_frame_is_segv(void **state)
{
    struct task *t = *state;
    t->regs.rsp = 0x2008; /* the frame would be at 0x2000: unmapped */
    t->regs.orig_rax = LINUX_NR_rt_sigreturn;
    syscall_dispatch(t);
    assert_killed_by(t, LINUX_SIGSEGV);
}

static void test_fault_handler_gets_siginfo(void **state)
{
    struct task *t = *state;
    set_action(LINUX_SIGSEGV, LINUX_SA_SIGINFO | LINUX_SA_RESTORER, 0);
    struct fault_info fi = {.signo = LINUX_SIGSEGV, .si_code = LINUX_SEGV_ACCERR,
                            .addr = 0xdead000, .access = FAULT_ACCESS_WRITE, .vector = 14};
    signal_force_fault(t, &fi);
    assert_alive(t);
    assert_int_equal(t->regs.rip, HANDLER);
    assert_int_equal(t->regs.rdi, LINUX_SIGSEGV);
    struct linux_rt_sigframe_amd64 f;
    read_frame(t, &f);
    assert_int_equal(f.info.si_signo, LINUX_SIGSEGV);
    assert_int_equal(f.info.si_code, LINUX_SEGV_ACCERR);
    assert_int_equal(f.info.u.fault.addr, 0xdead000);
    assert_int_equal(f.uc.uc_mcontext.cr2, 0xdead000);
    assert_int_equal(f.uc.uc_mcontext.trapno, 14);
    assert_int_equal(f.uc.uc_mcontext.rip, RIP0);
    assert_int_equal(t->sigmask & BIT(LINUX_SIGSEGV), BIT(LINUX_SIGSEGV));
    /* A second fault inside the handler, with SIGSEGV now blocked, kills. */
    signal_force_fault(t, &fi);
    assert_killed_by(t, LINUX_SIGSEGV);
}

#define F(fn) cmocka_unit_test_setup_teardown(fn, setup_frames, teardown_frames)
#define FRAME_TESTS                                                                                \
    F(test_handler_frame), F(test_handler_nodefer_resethand),                                      \
        F(test_handler_mask_never_blocks_kill), F(test_handler_without_restorer_is_segv),          \
        F(test_handler_stack_unmapped_is_segv), F(test_handler_stack_readonly_is_segv),            \
        F(test_handler_on_altstack), F(test_nested_altstack_frame_keeps_red_zone),                 \
        F(test_altstack_autodisarm),                                                               \
        F(test_sigreturn_round_trip), F(test_sigreturn_mask_cannot_block_kill),                    \
        F(test_sigreturn_bad_frame_is_segv), F(test_fault_handler_gets_siginfo),

#else
#define FRAME_TESTS
#endif

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
        T(test_pending_keeps_first_siginfo),
        T(test_lowest_pending_first),
        T(test_synchronous_pending_first),
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
        T(test_force_blocked_with_handler),
        T(test_force_trap_and_bus),
        T(test_force_leaves_other_pending),
        FRAME_TESTS
    };
#undef T
    return cmocka_run_group_tests_name("signal", tests, NULL, NULL);
}
