/* SPDX-License-Identifier: MIT */
/* ptrace/ptrace.c: the ptrace platform: one PTRACE_SYSEMU-traced stub process per address space. */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/auxv.h>
#include <sys/rseq.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kernel/log.h"
#include "../kernel/memfile.h"
#include "../kernel/platform.h"
#include "../kernel/verdict.h"

/*
 * How it works. A stub is a child of the runtime created by fork(); before it
 * runs anything of the guest it loads a tight seccomp filter, then replaces
 * its whole address space with the stub image (arch/<a>/ptrace_stub.S) at a
 * fixed address above the guest's range, and stops. From then on:
 *  - guest mappings are created by injecting mmap/munmap/mprotect of the
 *    memory file into the stub (regs -> stub's syscall instruction, PTRACE_CONT,
 *    it stops again at the int3 behind it);
 *  - the guest runs under PTRACE_SYSEMU, so each of its syscalls stops before
 *    the host executes it, and the core emulates it;
 *  - faults arrive as signal-delivery-stops; the signal is read and suppressed.
 * The stub never executes a guest syscall, and the seccomp filter kills it if
 * anything but the three memory calls it needs ever reaches the host.
 */

/* The host signal used to kick a running stub back to its tracer. */
#define KICK_SIGNAL SIGURG

struct ptrace_platform {
    struct sock_fprog filter; /* the stub's seccomp program, built once */
    int memfd;
    /* The host vDSO: where the runtime has it, and the window every stub moves it to. */
    struct platform_vdso vdso;
    uaddr_t vdso_host[PLATFORM_VDSO_MAX_REGIONS]; /* region i's address in the runtime */
    uint64_t vdso_span;       /* bytes from the window's base to its last region's end */
    uaddr_t unmap_end;        /* the stub clears [0, unmap_end): the window's base, or its own */
};

/* A mapping change requested before the stub exists, replayed when it starts. */
struct pending_op {
    long nr;
    uint64_t a[6];
};

struct platform_as {
    struct platform *p;
    pid_t pid;                /* 0 until the first switch starts the stub */
    pthread_t tracer;         /* ptrace is per thread: the only thread that may drive it */
    int dead;
    struct arch_regs scratch; /* register image used for injections */
    struct pending_op *ops;   /* queued while pid == 0 */
    size_t nops, capops;
    int kicks;                /* interrupts requested before the stub existed */
};

struct platform_ctx {
    struct platform_as *as;
    int fp_live; /* FP state is in the stub, not in the task's struct */
};

static int build_filter(struct sock_fprog *out)
{
    /* Stub syscalls, each for one reason; anything else kills the stub. */
    static const int allowed[] = {
        SCMP_SYS(mmap),       /* bootstrap image, and guest mappings of the memory file */
        SCMP_SYS(mprotect),   /* bootstrap image, and guest mprotect */
        SCMP_SYS(munmap),     /* bootstrap cleanup, and guest munmap */
        SCMP_SYS(exit_group), /* bootstrap failure */
    };
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
    if (!ctx)
        return -ENOMEM;
    int r = 0;
    for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]) && r == 0; i++)
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allowed[i], 0);
    /* Export to memory: loading in the child must not allocate (Solo5 spt_core.c does the same). */
    int fd = r == 0 ? memfd_create("stub-filter", MFD_CLOEXEC) : -1;
    if (r == 0 && fd < 0)
        r = -errno;
    if (r == 0)
        r = seccomp_export_bpf(ctx, fd);
    seccomp_release(ctx);
    if (r < 0) {
        if (fd >= 0)
            close(fd);
        return r;
    }
    off_t len = lseek(fd, 0, SEEK_END);
    struct sock_filter *prog = malloc((size_t)len);
    if (!prog || pread(fd, prog, (size_t)len, 0) != len) {
        free(prog);
        close(fd);
        return -EIO;
    }
    close(fd);
    out->filter = prog;
    out->len = (unsigned short)(len / (off_t)sizeof(struct sock_filter));
    return 0;
}

/*
 * The host vDSO in stubs. Every stub is a fork of the runtime, so it starts
 * with the host's [vvar]/[vdso] mappings (plus [vvar_vclock] on newer kernels)
 * at the runtime's randomised address. Moved together to a fixed window just
 * under the stub image, keeping their relative offsets (the vDSO finds its data
 * PC-relative), they let the guest's libc read the clock without a syscall. A
 * clock the vDSO cannot serve falls back to the syscall instruction, which
 * stops the stub like any guest syscall. The host time is what the guest's
 * clock_gettime() returns anyway. The window is reserved (PROT_NONE) in the
 * runtime, so nothing a stub inherits lives there; mremap() onto it then
 * cannot clobber the stub's own stack.
 */
#define VDSO_WINDOW_ALIGN 0x10000ULL

static int move_vdso(const struct ptrace_platform *pp)
{
    const struct platform_vdso *v = &pp->vdso;
    for (int i = 0; i < v->nregions; i++) {
        void *r = mremap((void *)(uintptr_t)pp->vdso_host[i], v->region[i].len,
                         v->region[i].len, MREMAP_MAYMOVE | MREMAP_FIXED,
                         (void *)(uintptr_t)v->region[i].start);
        if (r == MAP_FAILED)
            return -errno;
    }
    return 0;
}

/* Find the host's vDSO regions, reserve the window, and check that a fork can move them. */
static void vdso_setup(struct ptrace_platform *pp)
{
    struct platform_vdso *v = &pp->vdso;
    uaddr_t ehdr = getauxval(AT_SYSINFO_EHDR);
    FILE *maps = ehdr ? fopen("/proc/self/maps", "re") : NULL;
    if (!maps)
        return;
    char line[512];
    uaddr_t lo = UINT64_MAX, hi = 0;
    int n = 0, ok = 1;
    while (fgets(line, sizeof(line), maps)) {
        unsigned long long s, e;
        char perms[8], name[64] = "";
        if (sscanf(line, "%llx-%llx %7s %*s %*s %*s %63s", &s, &e, perms, name) < 3)
            continue;
        if (strncmp(name, "[vvar", 5) != 0 && strcmp(name, "[vdso]") != 0)
            continue;
        if (n == PLATFORM_VDSO_MAX_REGIONS) {
            ok = 0;
            break;
        }
        pp->vdso_host[n] = s;
        v->region[n].len = e - s;
        v->region[n].prot = (perms[0] == 'r' ? LINUX_PROT_READ : 0) |
                            (perms[1] == 'w' ? LINUX_PROT_WRITE : 0) |
                            (perms[2] == 'x' ? LINUX_PROT_EXEC : 0);
        snprintf(v->region[n].name, sizeof(v->region[n].name), "%s", name);
        lo = s < lo ? s : lo;
        hi = e > hi ? e : hi;
        n++;
    }
    fclose(maps);
    if (!ok || n == 0 || ehdr < lo || ehdr >= hi || hi - lo > 64 * VDSO_WINDOW_ALIGN)
        return;
    uaddr_t base = (arch_stub_base() - (hi - lo)) & ~(VDSO_WINDOW_ALIGN - 1);
    void *res = mmap((void *)(uintptr_t)base, hi - lo, PROT_NONE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (res != (void *)(uintptr_t)base) {
        if (res != MAP_FAILED)
            munmap(res, hi - lo);
        log_debug("ptrace: no vDSO for guests: the window at 0x%llx is taken",
                  (unsigned long long)base);
        return;
    }
    v->base = base;
    v->ehdr = base + (ehdr - lo);
    v->nregions = n;
    for (int i = 0; i < n; i++)
        v->region[i].start = base + (pp->vdso_host[i] - lo);
    /*
     * A kernel that refuses to move these mappings leaves the guest without a
     * vDSO. Checking costs a fork (0.4-0.7 ms here), so the verdict is cached.
     */
    int moves = verdict_read("ptrace-vdso", NULL, 0);
    if (moves < 0) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(move_vdso(pp) == 0 ? 0 : 1);
        int st = 0;
        moves = pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
        verdict_write("ptrace-vdso", moves,
                      moves ? "the host vDSO moves" : "mremap of the vDSO fails");
    }
    if (!moves) {
        log_debug("ptrace: no vDSO for guests: the host's cannot be moved");
        munmap((void *)(uintptr_t)base, hi - lo);
        v->nregions = 0;
        return;
    }
    pp->unmap_end = base;
    pp->vdso_span = hi - lo;
}

static int pt_init(struct platform *p, struct memfile *mf)
{
    struct ptrace_platform *pp = calloc(1, sizeof(*pp));
    if (!pp)
        return -ENOMEM;
    int r = build_filter(&pp->filter);
    if (r < 0) {
        free(pp);
        return r;
    }
    pp->memfd = mf->fd;
    pp->unmap_end = arch_stub_base();
    vdso_setup(pp);
    p->priv = pp;
    p->mf = mf;
    p->vdso = pp->vdso.nregions ? &pp->vdso : NULL;
    return 0;
}

static void pt_fini(struct platform *p)
{
    struct ptrace_platform *pp = p->priv;
    if (pp && pp->vdso.nregions)
        munmap((void *)(uintptr_t)pp->vdso.base, pp->vdso_span);
    p->vdso = NULL;
    if (pp)
        free(pp->filter.filter);
    free(pp);
    p->priv = NULL;
}

/* Wait for the next stop of @pid. Returns the status, or -ESRCH once it is gone. */
static int wait_stop(pid_t pid, int *status)
{
    for (;;) {
        pid_t w = waitpid(pid, status, __WALL);
        if (w == pid)
            return WIFSTOPPED(*status) ? 0 : -ESRCH;
        if (w < 0 && errno != EINTR)
            return -errno;
    }
}

static void stub_child(struct ptrace_platform *pp, int sync_fd) __attribute__((noreturn));
static void stub_child(struct ptrace_platform *pp, int sync_fd)
{
    char c;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* Wait until the tracer has seized us, so the final int3 is caught. */
    if (read(sync_fd, &c, 1) != 1)
        _exit(127);
    /* Keep only the memory file: the stub must hold no other host resource. */
    int keep = pp->memfd;
    if (keep > 0)
        syscall(SYS_close_range, 0, keep - 1, 0);
    syscall(SYS_close_range, keep + 1, ~0U, 0);
    /*
     * fork() keeps glibc's rseq registration, whose area is about to vanish with
     * the rest of the address space; the kernel would then SIGSEGV the stub on
     * its next return to user mode (kernel/rseq.c: rseq_handle_notify_resume).
     */
    if (__rseq_size > 0) {
        void *area = (char *)__builtin_thread_pointer() + __rseq_offset;
        if (syscall(SYS_rseq, area, __rseq_size, RSEQ_FLAG_UNREGISTER, RSEQ_SIG) < 0 &&
            syscall(SYS_rseq, area, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG) < 0)
            _exit(127);
    }
    /* The window is reserved in the runtime, so this cannot land on our own stack. */
    if (pp->vdso.nregions && move_vdso(pp) < 0)
        _exit(127);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &pp->filter) < 0)
        _exit(127);
    arch_stub_bootstrap(arch_stub_base(), arch_stub_start,
                        (uint64_t)(arch_stub_end - arch_stub_start), pp->unmap_end);
}

/*
 * Fork and seize the stub for @as, on the calling thread, which becomes its
 * tracer (ptrace(2): tracing is per thread). Returns 0 or -errno.
 */
static int start_stub(struct platform_as *as)
{
    struct ptrace_platform *pp = as->p->priv;
    int sync[2], err = 0;
    if (pipe2(sync, O_CLOEXEC) < 0)
        return -errno;
    pid_t pid = fork();
    if (pid == 0)
        stub_child(pp, sync[0]);
    close(sync[0]);
    if (pid < 0) {
        close(sync[1]);
        return -errno;
    }
    /* EXITKILL: the stub never outlives the runtime, however the runtime ends. */
    if (ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD) < 0) {
        err = -errno;
        goto fail;
    }
    if (write(sync[1], "g", 1) != 1) {
        err = -errno;
        goto fail;
    }
    close(sync[1]);
    sync[1] = -1;
    int st = 0;
    err = wait_stop(pid, &st);
    if (err < 0 || WSTOPSIG(st) != SIGTRAP) {
        log_error("ptrace: stub %d failed to start (status 0x%x)", pid, st);
        err = err < 0 ? err : -EIO;
        goto fail;
    }
    err = arch_ptrace_get_regs(pid, &as->scratch);
    if (err < 0)
        goto fail;
    as->tracer = pthread_self();
    __atomic_store_n(&as->pid, pid, __ATOMIC_RELEASE);
    return 0;
fail:
    if (sync[1] >= 0)
        close(sync[1]);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, __WALL);
    return err;
}

static struct platform_as *pt_as_create(struct platform *p, int *err)
{
    struct platform_as *as = calloc(1, sizeof(*as));
    if (!as) {
        *err = -ENOMEM;
        return NULL;
    }
    as->p = p;
    return as;
}

static void pt_as_destroy(struct platform_as *as)
{
    if (!as)
        return;
    if (as->pid > 0) {
        kill(as->pid, SIGKILL);
        while (waitpid(as->pid, NULL, __WALL) < 0 && errno == EINTR)
            ;
    }
    free(as->ops);
    free(as);
}

/* Run host syscall @nr in the stub. Returns its result, or -errno of the tracing. */
static long stub_syscall(struct platform_as *as, long nr, uint64_t a0, uint64_t a1, uint64_t a2,
                         uint64_t a3, uint64_t a4, uint64_t a5)
{
    if (as->dead)
        return -ESRCH;
    const uint64_t a[6] = {a0, a1, a2, a3, a4, a5};
    if (as->pid == 0) {
        if (as->nops == as->capops) {
            size_t cap = as->capops ? as->capops * 2 : 16;
            struct pending_op *n = realloc(as->ops, cap * sizeof(*n));
            if (!n)
                return -ENOMEM;
            as->ops = n;
            as->capops = cap;
        }
        as->ops[as->nops].nr = nr;
        memcpy(as->ops[as->nops].a, a, sizeof(a));
        as->nops++;
        /* Replayed at the first switch; mmap then returns the address it was given. */
        return nr == arch_host_nr_mmap ? (long)a0 : 0;
    }
    BUG_ON(!pthread_equal(as->tracer, pthread_self()));
    uint64_t gadget = arch_stub_base() + (uint64_t)(arch_stub_syscall - arch_stub_start);
    arch_ptrace_prepare_syscall(&as->scratch, gadget, nr, a);
    int r = arch_ptrace_set_regs(as->pid, &as->scratch);
    if (r == 0 && ptrace(PTRACE_CONT, as->pid, 0, 0) < 0)
        r = -errno;
    int st = 0;
    if (r == 0)
        r = wait_stop(as->pid, &st);
    /* A kick (interrupt) may arrive meanwhile: suppress it now and re-send it after. */
    int kicked = 0;
    while (r == 0 && WSTOPSIG(st) == KICK_SIGNAL) {
        kicked = 1;
        if (ptrace(PTRACE_CONT, as->pid, 0, 0) < 0)
            r = -errno;
        else
            r = wait_stop(as->pid, &st);
    }
    if (kicked)
        kill(as->pid, KICK_SIGNAL);
    if (r == 0 && WSTOPSIG(st) != SIGTRAP) {
        struct arch_regs cur;
        arch_ptrace_get_regs(as->pid, &cur);
        log_error("ptrace: stub %d stopped by signal %d during host call %ld (pc 0x%llx)",
                  as->pid, WSTOPSIG(st), nr, (unsigned long long)arch_regs_pc(&cur));
        r = -EIO;
    }
    if (r == 0)
        r = arch_ptrace_get_regs(as->pid, &as->scratch);
    if (r < 0) {
        as->dead = 1;
        return r;
    }
    return arch_ptrace_syscall_result(&as->scratch);
}

static int pt_as_map(struct platform_as *as, uaddr_t addr, uint64_t len, uint64_t off, int prot)
{
    struct ptrace_platform *pp = as->p->priv;
    long r = stub_syscall(as, arch_host_nr_mmap, addr, len, (uint64_t)prot,
                          MAP_SHARED | MAP_FIXED, (uint64_t)pp->memfd, off);
    if (r < 0 && r > -4096)
        return (int)r;
    BUG_ON((uint64_t)r != addr);
    return 0;
}

static int pt_as_unmap(struct platform_as *as, uaddr_t addr, uint64_t len)
{
    long r = stub_syscall(as, arch_host_nr_munmap, addr, len, 0, 0, 0, 0);
    return r < 0 ? (int)r : 0;
}

static int pt_as_protect(struct platform_as *as, uaddr_t addr, uint64_t len, int prot)
{
    long r = stub_syscall(as, arch_host_nr_mprotect, addr, len, (uint64_t)prot, 0, 0, 0);
    return r < 0 ? (int)r : 0;
}

/* Replay mappings queued while @as had no stub. 0 or the first error. */
static int replay(struct platform_as *as)
{
    int r = 0;
    for (size_t i = 0; r == 0 && i < as->nops; i++) {
        const struct pending_op *o = &as->ops[i];
        long v = stub_syscall(as, o->nr, o->a[0], o->a[1], o->a[2], o->a[3], o->a[4], o->a[5]);
        if (v < 0 && v > -4096)
            r = (int)v;
    }
    free(as->ops);
    as->ops = NULL;
    as->nops = as->capops = 0;
    return r;
}

/*
 * exec: the old image's stub becomes the new one's. One munmap clears every
 * guest mapping below the stub (and its vDSO window); the new image's queued
 * mappings follow.
 */
static int pt_as_transfer(struct platform_as *from, struct platform_as *to)
{
    if (from->pid == 0 || from->dead || to->pid != 0 ||
        !pthread_equal(from->tracer, pthread_self()))
        return -EINVAL;
    struct ptrace_platform *pp = from->p->priv;
    long r = stub_syscall(from, arch_host_nr_munmap, 0, pp->unmap_end, 0, 0, 0, 0);
    if (r < 0)
        return (int)r;
    to->scratch = from->scratch;
    to->tracer = from->tracer;
    __atomic_store_n(&to->pid, from->pid, __ATOMIC_RELEASE);
    __atomic_store_n(&from->pid, 0, __ATOMIC_RELEASE);
    if (__atomic_exchange_n(&from->kicks, 0, __ATOMIC_ACQ_REL))
        kill(to->pid, KICK_SIGNAL);
    r = replay(to);
    if (r < 0)
        to->dead = 1;
    return (int)r;
}

static struct platform_ctx *pt_ctx_create(struct platform_as *as, int *err)
{
    struct platform_ctx *c = calloc(1, sizeof(*c));
    if (!c) {
        *err = -ENOMEM;
        return NULL;
    }
    c->as = as;
    return c;
}

static void pt_ctx_destroy(struct platform_ctx *c)
{
    free(c);
}

/* Turn a signal-delivery-stop of the stub into the guest's fault. */
static int classify_signal(struct platform_as *as, int sig, struct fault_info *f)
{
    siginfo_t si;
    memset(f, 0, sizeof(*f));
    f->vector = -1;
    if (ptrace(PTRACE_GETSIGINFO, as->pid, 0, &si) < 0)
        return -errno;
    /* Only signals the CPU raised in the stub are guest faults (si_code > 0). */
    if (si.si_code <= 0)
        return SWITCH_INTERRUPTED;
    switch (sig) {
    case SIGSEGV:
    case SIGBUS:
    case SIGFPE:
    case SIGILL:
    case SIGTRAP:
        break;
    default:
        return SWITCH_INTERRUPTED;
    }
    /* Host and guest share the signal and si_code numbering (asm-generic). */
    f->signo = sig;
    f->si_code = si.si_code;
    f->addr = (uaddr_t)(uintptr_t)si.si_addr;
    f->access = FAULT_ACCESS_UNKNOWN;
    return SWITCH_FAULT;
}

static int pt_switch(struct platform_ctx *c, struct arch_regs *regs, struct arch_fpstate *fp,
                     struct fault_info *fault)
{
    struct platform_as *as = c->as;
    if (as->dead)
        return -ESRCH;
    int r = 0;
    if (as->pid == 0) {
        r = start_stub(as);
        if (r == 0)
            r = replay(as);
        if (r < 0) {
            log_error("ptrace: cannot start the stub: %s", strerror(-r));
            as->dead = 1;
            return r;
        }
        if (__atomic_exchange_n(&as->kicks, 0, __ATOMIC_ACQ_REL))
            kill(as->pid, KICK_SIGNAL);
    }
    BUG_ON(!pthread_equal(as->tracer, pthread_self()));
    if (fp->size) {
        r = arch_ptrace_set_fp(as->pid, fp);
        fp->size = 0;
    }
    if (r == 0)
        r = arch_ptrace_set_regs(as->pid, regs);
    if (r == 0 && ptrace(PTRACE_SYSEMU, as->pid, 0, 0) < 0)
        r = -errno;
    int st = 0;
    if (r == 0)
        r = wait_stop(as->pid, &st);
    if (r == 0)
        r = arch_ptrace_get_regs(as->pid, regs);
    if (r < 0) {
        as->dead = 1;
        return r;
    }
    c->fp_live = 1;
    int sig = WSTOPSIG(st);
    if (sig == (SIGTRAP | 0x80))
        return SWITCH_SYSCALL;
    if ((st >> 16) == PTRACE_EVENT_STOP)
        return SWITCH_INTERRUPTED;
    return classify_signal(as, sig, fault);
}

static int pt_fp_fetch(struct platform_ctx *c, struct arch_fpstate *fp)
{
    if (c->as->pid == 0) {
        fp->size = 0; /* never ran: nothing live to fetch */
        return 0;
    }
    return arch_ptrace_get_fp(c->as->pid, fp);
}

/*
 * A host signal to the stub stops it (signal-delivery-stop) wherever it is;
 * the tracer suppresses it and reports SWITCH_INTERRUPTED. Pending on a stopped
 * stub, it takes effect at the next resume, so no kick is lost.
 */
static void pt_interrupt(struct platform_ctx *c)
{
    struct platform_as *as = c->as;
    pid_t pid = __atomic_load_n(&as->pid, __ATOMIC_ACQUIRE);
    if (pid > 0) {
        kill(pid, KICK_SIGNAL);
        return;
    }
    __atomic_store_n(&as->kicks, 1, __ATOMIC_RELEASE);
    /* The stub may have started meanwhile and already looked at kicks. */
    pid = __atomic_load_n(&as->pid, __ATOMIC_ACQUIRE);
    if (pid > 0 && __atomic_exchange_n(&as->kicks, 0, __ATOMIC_ACQ_REL))
        kill(pid, KICK_SIGNAL);
}

/*
 * Guest code runs in the stub, so its user time is the guest's; the stub's
 * system time (faults, its stops) and the task thread's time (the core
 * emulating the guest's syscalls, and tracing) are the guest's system time.
 * After an exec that moved the stub, both carry on, as Linux's do.
 */
static void pt_cpu_time(struct platform_ctx *c, int tid, uint64_t *user_ns, uint64_t *sys_ns)
{
    pid_t pid = __atomic_load_n(&c->as->pid, __ATOMIC_ACQUIRE);
    uint64_t user = 0, all = 0;
    if (pid > 0) {
        user = platform_clock_ns(PLATFORM_CPUCLOCK(pid, PLATFORM_CPUCLOCK_VIRT));
        all = platform_clock_ns(PLATFORM_CPUCLOCK(pid, PLATFORM_CPUCLOCK_PROF));
    }
    *user_ns = user;
    *sys_ns = (all > user ? all - user : 0) +
              platform_clock_ns(PLATFORM_CPUCLOCK(tid, PLATFORM_CPUCLOCK_PROF | PLATFORM_CPUCLOCK_THREAD));
}

const struct platform_ops ptrace_platform_ops = {
    .name = "ptrace",
    .init = pt_init,
    .fini = pt_fini,
    .as_create = pt_as_create,
    .as_destroy = pt_as_destroy,
    .as_map = pt_as_map,
    .as_unmap = pt_as_unmap,
    .as_protect = pt_as_protect,
    .ctx_create = pt_ctx_create,
    .ctx_destroy = pt_ctx_destroy,
    .switch_to_user = pt_switch,
    .fp_fetch = pt_fp_fetch,
    .as_transfer = pt_as_transfer,
    .interrupt = pt_interrupt,
    .cpu_time = pt_cpu_time,
};
