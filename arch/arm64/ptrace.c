/* SPDX-License-Identifier: MIT */
/* arch/arm64/ptrace.c: arm64 register access for the ptrace platform. */
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "../../abi/arm64/signal.h"
#include "../arch.h"

/* Host syscall numbers (include/uapi/asm-generic/unistd.h). */
const long arch_host_nr_mmap = 222, arch_host_nr_mprotect = 226, arch_host_nr_munmap = 215;

/*
 * The stub sits in the last 16 MiB below TASK_SIZE for 48-bit VAs, 1 << 48
 * (arch/arm64/include/asm/processor.h: DEFAULT_MAP_WINDOW_64), the top of
 * every arm64 Linux user address space.
 */
#define ARM64_STUB_BASE 0xffffff000000ULL

/* The NT_PRSTATUS regset is struct user_pt_regs: x0..x30, sp, pc, pstate. */
#define ARM64_PRSTATUS_SIZE (34 * 8)

/*
 * At a syscall-entry stop Linux shows x7 = PTRACE_SYSCALL_ENTER (0) and puts
 * the task's own x7 back on resume, ignoring the tracer's write
 * (arch/arm64/kernel/ptrace.c: report_syscall()).
 */
#define ARM64_PTRACE_SYSCALL_ENTER 0
/* The kernel's syscallno outside a syscall (arch/arm64/include/asm/ptrace.h: NO_SYSCALL). */
#define ARM64_NO_SYSCALL (-1)

/* Labels inside the stub image (ptrace_stub.S). */
extern const char arm64_stub_trap[], arm64_stub_sigreturn[];

uint64_t arch_stub_base(void)
{
    return ARM64_STUB_BASE;
}

uint64_t arch_user_max(void)
{
    return ARM64_STUB_BASE;
}

/* The stub's signal return trampoline (guest-executable, in every stub process). */
uint64_t arm64_sigtramp_addr(void)
{
    return ARM64_STUB_BASE + (uint64_t)(arm64_stub_sigreturn - arch_stub_start);
}

/*
 * What the tracer knows about a stopped stub beyond its registers. ptrace is
 * per tracer thread, and a stub is only ever driven by one thread, so a small
 * thread-local table suffices; every stub's first call is arch_ptrace_get_regs(),
 * which (re)initialises its entry, so a recycled pid finds no stale state.
 */
struct stop_state {
    int pid;
    int in_syscall; /* at a syscall-entry stop: x7 is hidden, the kernel restores it */
    int x7_known;   /* x7 holds the task's value and is recorded below */
    uint64_t x7;
    uint64_t tls;   /* TPIDR_EL0 as last read or written */
};
#define STOP_STATES 8
static __thread struct stop_state stop_states[STOP_STATES];
static __thread unsigned stop_next;

static struct stop_state *state_of(int pid)
{
    for (unsigned i = 0; i < STOP_STATES; i++)
        if (stop_states[i].pid == pid)
            return &stop_states[i];
    struct stop_state *s = &stop_states[stop_next++ % STOP_STATES];
    memset(s, 0, sizeof(*s));
    s->pid = pid;
    return s;
}

static int getregset(int pid, int type, void *buf, size_t len)
{
    struct iovec iov = {buf, len};
    if (ptrace(PTRACE_GETREGSET, pid, (void *)(long)type, &iov) < 0)
        return -errno;
    return iov.iov_len == len ? 0 : -EIO;
}

static int setregset(int pid, int type, const void *buf, size_t len)
{
    struct iovec iov = {(void *)buf, len};
    return ptrace(PTRACE_SETREGSET, pid, (void *)(long)type, &iov) < 0 ? -errno : 0;
}

/* NT_ARM_SYSTEM_CALL: the syscall number the kernel will act on (syscallno). */
static int set_syscallno(int pid, int nr)
{
    return setregset(pid, NT_ARM_SYSTEM_CALL, &nr, sizeof(nr));
}

/*
 * Take the stub out of a syscall-entry stop, so that every register written
 * afterwards sticks, and learn the task's real x7. The stub resumes at a
 * `brk` in its image with all registers as they are (the kernel restores x7
 * on the way out) and stops again. Signals that arrive meanwhile (the
 * platform's kick) are held and sent again, as the platform does around its
 * injected calls.
 */
static int leave_syscall_stop(int pid, struct stop_state *s)
{
    uint64_t regs[ARM64_PRSTATUS_SIZE / 8];
    int r = getregset(pid, NT_PRSTATUS, regs, sizeof(regs));
    /* No syscall left to restart on the way out (arch/arm64/kernel/signal.c: do_signal()). */
    if (r == 0)
        r = set_syscallno(pid, ARM64_NO_SYSCALL);
    regs[32] = ARM64_STUB_BASE + (uint64_t)(arm64_stub_trap - arch_stub_start); /* pc */
    if (r == 0)
        r = setregset(pid, NT_PRSTATUS, regs, sizeof(regs));
    if (r == 0 && ptrace(PTRACE_CONT, pid, 0, 0) < 0)
        r = -errno;
    uint64_t held = 0;
    while (r == 0) {
        int st;
        pid_t w = waitpid(pid, &st, __WALL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w != pid || !WIFSTOPPED(st)) {
            r = -ESRCH;
            break;
        }
        if (WSTOPSIG(st) == SIGTRAP)
            break;
        held |= 1ULL << (WSTOPSIG(st) - 1);
        if (ptrace(PTRACE_CONT, pid, 0, 0) < 0)
            r = -errno;
    }
    for (int sig = 1; sig <= 64; sig++)
        if (held & (1ULL << (sig - 1)))
            kill(pid, sig);
    if (r == 0)
        r = getregset(pid, NT_PRSTATUS, regs, sizeof(regs));
    if (r < 0)
        return r;
    s->in_syscall = 0;
    s->x7_known = 1;
    s->x7 = regs[7];
    return 0;
}

int arch_ptrace_get_regs(int pid, struct arch_regs *r)
{
    struct stop_state *s = state_of(pid);
    int err = getregset(pid, NT_PRSTATUS, r, ARM64_PRSTATUS_SIZE);
    if (err == 0)
        err = getregset(pid, NT_ARM_TLS, &r->tpidr_el0, sizeof(r->tpidr_el0));
    if (err < 0)
        return err;
    s->tls = r->tpidr_el0;
    /* At a syscall stop x0 is still the first argument: keep it for restarts. */
    r->orig_x0 = r->x[0];
    r->flags = 0;
    s->in_syscall = 0;
    /* Only a stop showing x7 = 0 can be a syscall stop: ask the kernel which it is. */
    if (r->x[7] == ARM64_PTRACE_SYSCALL_ENTER) {
        int nr = ARM64_NO_SYSCALL;
        err = getregset(pid, NT_ARM_SYSTEM_CALL, &nr, sizeof(nr));
        if (err < 0)
            return err;
        s->in_syscall = nr != ARM64_NO_SYSCALL;
    }
    if (s->in_syscall) {
        r->flags |= ARM64_REGS_X7_HIDDEN;
        s->x7_known = 0;
    } else {
        s->x7_known = 1;
        s->x7 = r->x[7];
    }
    return 0;
}

/* -ERESTARTSYS .. -ERESTART_RESTARTBLOCK (include/linux/errno.h). */
static int is_restart_value(uint64_t x0)
{
    int64_t v = (int64_t)x0;
    return v >= -LINUX_ERESTART_RESTARTBLOCK && v <= -LINUX_ERESTARTSYS;
}

int arch_ptrace_set_regs(int pid, const struct arch_regs *r)
{
    struct stop_state *s = state_of(pid);
    struct arch_regs w = *r;
    int err = 0;
    if (r->flags & ARM64_REGS_X7_HIDDEN) {
        /* Keep the task's own x7: the kernel restores it, or we know it. */
        if (!s->in_syscall && s->x7_known)
            w.x[7] = s->x7;
        /* A return value that looks like a restart code must not rewind the svc. */
        if (s->in_syscall && is_restart_value(w.x[0]))
            err = set_syscallno(pid, ARM64_NO_SYSCALL);
    } else if (s->in_syscall) {
        /* A new register set (sigreturn, exec): its x7 would be dropped at this stop. */
        err = leave_syscall_stop(pid, s);
    }
    if (err == 0)
        err = setregset(pid, NT_PRSTATUS, &w, ARM64_PRSTATUS_SIZE);
    if (err == 0 && w.tpidr_el0 != s->tls) {
        err = setregset(pid, NT_ARM_TLS, &w.tpidr_el0, sizeof(w.tpidr_el0));
        if (err == 0)
            s->tls = w.tpidr_el0;
    }
    if (err == 0 && !(r->flags & ARM64_REGS_X7_HIDDEN)) {
        s->x7_known = 1;
        s->x7 = w.x[7];
    }
    return err;
}

/* NT_PRFPREG is struct user_fpsimd_state; the core holds the fpsimd_context payload. */
int arch_ptrace_get_fp(int pid, struct arch_fpstate *fp)
{
    struct stop_state *s = state_of(pid);
    int err = 0;
    fp->x7_valid = 0;
    /* The core wants the whole state (a signal frame): x7 too. */
    if (s->in_syscall)
        err = leave_syscall_stop(pid, s);
    if (err == 0 && s->x7_known) {
        fp->x7 = s->x7;
        fp->x7_valid = 1;
    }
    struct linux_user_fpsimd_state u;
    if (err == 0)
        err = getregset(pid, NT_PRFPREG, &u, sizeof(u));
    if (err < 0)
        return err;
    memcpy(fp->xsave, &u.fpsr, 4);
    memcpy(fp->xsave + 4, &u.fpcr, 4);
    memcpy(fp->xsave + 8, u.vregs, sizeof(u.vregs));
    fp->size = ARM64_FPSIMD_PAYLOAD;
    return 0;
}

int arch_ptrace_set_fp(int pid, const struct arch_fpstate *fp)
{
    struct linux_user_fpsimd_state u;
    if (fp->size != ARM64_FPSIMD_PAYLOAD)
        return -EINVAL;
    memset(&u, 0, sizeof(u));
    memcpy(&u.fpsr, fp->xsave, 4);
    memcpy(&u.fpcr, fp->xsave + 4, 4);
    memcpy(u.vregs, fp->xsave + 8, sizeof(u.vregs));
    /*
     * A state fetched at a syscall stop carries the task's real x7; a new stub
     * (a fork child starting from its parent's registers) learns it here.
     */
    struct stop_state *s = state_of(pid);
    if (fp->x7_valid && !s->in_syscall) {
        s->x7_known = 1;
        s->x7 = fp->x7;
    }
    return setregset(pid, NT_PRFPREG, &u, sizeof(u));
}

void arch_ptrace_prepare_syscall(struct arch_regs *r, uint64_t pc, long nr, const uint64_t a[6])
{
    r->pc = pc;
    r->x[8] = (uint64_t)nr;
    for (int i = 0; i < 6; i++)
        r->x[i] = a[i];
    /* The injected call does not use x7: let the stub keep the task's value. */
    r->flags |= ARM64_REGS_X7_HIDDEN;
}

long arch_ptrace_syscall_result(const struct arch_regs *r)
{
    return (long)r->x[0];
}

void arch_ptrace_prepare_batch(struct arch_regs *r, uint64_t pc, uint64_t table, uint64_t count)
{
    r->pc = pc;
    r->x[0] = table;
    r->x[1] = count;
    /* As for one injected call: the loop does not use x7. */
    r->flags |= ARM64_REGS_X7_HIDDEN;
}

/* ptrace_stub.S: arch_stub_batch counts successes in x21 and leaves the last result in x0. */
uint64_t arch_ptrace_batch_result(const struct arch_regs *r, long *last)
{
    *last = (long)r->x[0];
    return r->x[21];
}
