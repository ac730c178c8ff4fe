/* SPDX-License-Identifier: MIT */
/* kernel/platform.h: the execution-platform interface (ptrace, kvm) the core runs tasks through. */
#ifndef KERNEL_PLATFORM_H
#define KERNEL_PLATFORM_H

#include <stdint.h>
#include <time.h>
#include "../arch/arch.h"
#include "types.h"

struct memfile;
struct platform;
struct platform_as;  /* one guest address space (ptrace: a stub process) */
struct platform_ctx; /* one guest thread of execution in an address space */

/* Why switch_to_user returned (gVisor's Context.Switch outcomes). */
enum switch_reason {
    SWITCH_SYSCALL = 1, /* regs hold a syscall: arch_syscall_nr()/args() */
    SWITCH_FAULT,       /* a synchronous trap; see struct fault_info */
    SWITCH_INTERRUPTED, /* platform_interrupt() or a host event stopped the task */
};

/* Access bits of a memory fault; ACCESS_UNKNOWN when the platform cannot tell. */
#define FAULT_ACCESS_READ 1
#define FAULT_ACCESS_WRITE 2
#define FAULT_ACCESS_EXEC 4
#define FAULT_ACCESS_UNKNOWN 0

struct fault_info {
    int signo;      /* LINUX_SIG* the trap maps to (SEGV, BUS, FPE, ILL, TRAP) */
    int si_code;    /* LINUX_SEGV_MAPERR, LINUX_FPE_INTDIV, ... */
    uaddr_t addr;   /* si_addr: faulting data address, or the pc */
    int access;     /* FAULT_ACCESS_* for memory faults */
    int vector;     /* architecture trap number, for logs (-1 if unknown) */
};

/*
 * Threading contract. Every task runs on its own host thread. switch_to_user,
 * fp_fetch and interrupt's target are per context: switch_to_user and fp_fetch
 * on a context are only ever called from its task's thread. An address space
 * may be built (as_map...) from another thread before any context switches
 * into it (fork builds the child's); once a context runs in it, as_* calls
 * come from the thread of a task running in it, under the kernel lock.
 * interrupt may be called from any thread at any time.
 */
struct platform_ops {
    const char *name;
    /** init - bring the platform up over @mf. Returns 0 or -errno. */
    int (*init)(struct platform *p, struct memfile *mf);
    void (*fini)(struct platform *p);

    /** as_create - a new empty address space. Returns NULL with *err = -errno. */
    struct platform_as *(*as_create)(struct platform *p, int *err);
    void (*as_destroy)(struct platform_as *as);
    /**
     * as_map - map memory-file bytes [@off, @off+@len) at guest [@addr, @addr+@len).
     * Page-aligned; replaces whatever was there. @prot is LINUX_PROT_*.
     */
    int (*as_map)(struct platform_as *as, uaddr_t addr, uint64_t len, uint64_t off, int prot);
    int (*as_unmap)(struct platform_as *as, uaddr_t addr, uint64_t len);
    int (*as_protect)(struct platform_as *as, uaddr_t addr, uint64_t len, int prot);

    /** ctx_create - a thread context bound to @as. */
    struct platform_ctx *(*ctx_create)(struct platform_as *as, int *err);
    void (*ctx_destroy)(struct platform_ctx *ctx);

    /**
     * switch_to_user - run @regs in @as until a syscall, trap or interruption.
     * @fp: FP state. If fp->size != 0 it is loaded first; on return fp->size is
     * 0 and the state stays live in the platform until fp_fetch().
     * Returns SWITCH_* (> 0), or -errno when the context is dead (the guest
     * task is then killed by SIGKILL semantics, never the runtime).
     */
    int (*switch_to_user)(struct platform_ctx *ctx, struct arch_regs *regs,
                          struct arch_fpstate *fp, struct fault_info *fault);
    /** fp_fetch - copy the live FP state into @fp (sets fp->size). */
    int (*fp_fetch)(struct platform_ctx *ctx, struct arch_fpstate *fp);
    /**
     * as_transfer - optional (may be NULL): move @from's execution resources
     * (ptrace: its stub process) to @to, which has never run, and apply @to's
     * mappings there; @from is left empty and is destroyed next. exec uses it
     * on the task's own thread so a new image does not cost a new stub.
     * 0, or -errno (the caller carries on without it).
     */
    int (*as_transfer)(struct platform_as *from, struct platform_as *to);
    /**
     * interrupt - make a switch_to_user() that is running, or the next one to
     * start, on @ctx return SWITCH_INTERRUPTED soon (a signal for the task, a
     * kill). Callable from any thread; never loses a kick.
     */
    void (*interrupt)(struct platform_ctx *ctx);
    /**
     * cpu_time - optional (NULL: the guest is charged its thread's time as
     * system time): CPU time spent for a task so far, in ns: in @ctx's
     * execution resources and on the task's host thread @tid (which runs the
     * core for it, and on kvm the guest). @user_ns is guest code; @sys_ns the
     * host's and the core's work for it. Callable from any thread, under the
     * kernel lock (which keeps @ctx alive).
     */
    void (*cpu_time)(struct platform_ctx *ctx, int tid, uint64_t *user_ns, uint64_t *sys_ns);
};

/*
 * Linux's CPU-clock ids for another process or thread (include/linux/
 * posix-timers_types.h: MAKE_PROCESS_CPUCLOCK / MAKE_THREAD_CPUCLOCK): the
 * pid's complement shifted left by 3, then CPUCLOCK_PROF 0 (user + system),
 * CPUCLOCK_VIRT 1 (user), CPUCLOCK_SCHED 2, and bit 2 for a thread's clock.
 */
#define PLATFORM_CPUCLOCK_PROF 0
#define PLATFORM_CPUCLOCK_VIRT 1
#define PLATFORM_CPUCLOCK_SCHED 2
#define PLATFORM_CPUCLOCK_THREAD 4
#define PLATFORM_CPUCLOCK(pid, which) ((int)(~(unsigned)(pid) << 3) | (which))

/** platform_clock_ns - read clock @id (0 if the process or thread is gone). */
static inline uint64_t platform_clock_ns(int id)
{
    struct timespec ts;
    if (clock_gettime((clockid_t)id, &ts) < 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/*
 * A vDSO the platform provides in every address space (ptrace: the host's own,
 * moved to a fixed window under the stub). Its regions are not memory-file
 * backed: the kernel lists them as VMAs, keeps guest mappings below @base and
 * passes @ehdr as AT_SYSINFO_EHDR, so libc reads the clock without a syscall.
 */
#define PLATFORM_VDSO_MAX_REGIONS 4

struct platform_vdso {
    uaddr_t base;  /* lowest address of the window; the guest's range ends here */
    uaddr_t ehdr;  /* the vDSO's ELF header */
    int nregions;
    struct {
        uaddr_t start;
        uint64_t len;
        int prot;      /* LINUX_PROT_* */
        char name[24]; /* "[vvar]", "[vdso]"... as /proc/<pid>/maps shows them */
    } region[PLATFORM_VDSO_MAX_REGIONS];
};

struct platform {
    const struct platform_ops *ops;
    struct memfile *mf;
    void *priv;
    const struct platform_vdso *vdso; /* NULL: none (set by init) */
};

extern const struct platform_ops ptrace_platform_ops;

#endif
