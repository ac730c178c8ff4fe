/* SPDX-License-Identifier: MIT */
/* kvm/platform.c: the KVM platform (exit mode): platform_ops over kvm/vm.c and the arch's ring 0. */
#include <errno.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../kernel/log.h"
#include "../kernel/memfile.h"
#include "../kernel/platform.h"
#include "kvm.h"
#include "kvm_platform.h"

/*
 * One vCPU per context, for the context's life. The vCPU runs only on the
 * context's task thread. Interrupts: the kick signal is blocked on task
 * threads except inside KVM_RUN (KVM_SET_SIGNAL_MASK), so a kick sent at any
 * moment is either taken by the KVM_RUN in progress or left pending and makes
 * the next KVM_RUN return EINTR at once: none is lost. The vCPU then gets the
 * kick interrupt injected so that ring 0 saves the application's registers
 * into the page (exit mode never reads registers with KVM_GET_REGS).
 */
#define KICK_SIGNAL SIGUSR2

struct platform_as {
    struct kvm_as *kas;
    struct platform *p;
    pthread_mutex_t lock; /* ctxs */
    struct platform_ctx *ctxs;
};

/* ctx->kick bits. */
#define KICK_USER 1 /* interrupt(): return SWITCH_INTERRUPTED */
#define KICK_TLB 2  /* the address space changed: re-enter through ring 0 (CR3 reload) */

struct platform_ctx {
    struct platform_as *as;
    struct kvm_vcpu *v;
    struct platform_ctx *next; /* in as's list */
    int kick;                  /* interrupt() requested: atomic */
    pid_t tid;                 /* the task thread, once it switched: atomic */
    int in_guest;              /* inside KVM_RUN: atomic */
    int ran;                   /* FP state is live in the vCPU */
    int dead;
};

/*
 * Never runs on a bound task thread (the signal is blocked there outside
 * KVM_RUN, and KVM restores that mask before returning EINTR, so the signal
 * stays pending until consume_kick()); installed so that a stray one cannot
 * take its default action (terminate) anywhere else.
 */
static void on_kick(int sig)
{
    (void)sig;
}

/* Take the pending kick signal after KVM_RUN returned EINTR (else every next KVM_RUN would). */
static void consume_kick(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, KICK_SIGNAL);
    struct timespec zero = {0, 0};
    while (sigtimedwait(&set, NULL, &zero) == KICK_SIGNAL)
        ;
}

static int install_kick_handler(void)
{
    static int done;
    if (__atomic_load_n(&done, __ATOMIC_ACQUIRE))
        return 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_kick;
    if (sigaction(KICK_SIGNAL, &sa, NULL) < 0)
        return -errno;
    __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
    return 0;
}

/* Counted for --debug and bench/: what the VM exits were for. */
static struct {
    uint64_t syscalls, faults, cpuids, fp_saves, kicks;
} stats;
#define STAT(x) __atomic_add_fetch(&stats.x, 1, __ATOMIC_RELAXED)

/*
 * The guest's TLS register coming back as a runtime thread's own (glibc's
 * thread pointer) means the host lost the guest's copy: seen in the emulated
 * arm64 VM (TPIDR_EL0; README "On arm64"). The guest then faults on its next
 * TLS access, so name the cause where the SIGSEGV alone would not. A guest
 * cannot know those values, so a match is never its own doing. Slot i: the
 * thread that last bound vCPU i; the last slot: the thread that set up KVM.
 */
static uint64_t host_tp[ARCH_KVM_MAX_VCPUS + 1];

static void note_host_tp(unsigned slot)
{
    if (slot <= ARCH_KVM_MAX_VCPUS)
        __atomic_store_n(&host_tp[slot], (uint64_t)(uintptr_t)__builtin_thread_pointer(),
                         __ATOMIC_RELAXED);
}

static int kvm_init(struct platform *p, struct memfile *mf)
{
    char why[256];
    note_host_tp(ARCH_KVM_MAX_VCPUS);
    struct kvm_vm *vm = kvm_vm_get(why, sizeof(why));
    if (!vm) {
        log_error("kvm: %s", why);
        return -ENODEV;
    }
    int r = install_kick_handler();
    if (r == 0)
        r = kvm_vm_add_user_memory(vm, mf);
    if (r < 0)
        return r;
    p->priv = vm;
    p->mf = mf;
    return 0;
}

static void kvm_fini(struct platform *p)
{
    /* The VM lives as long as the runtime: KVM tears it down at exit. */
    struct kvm_vm *vm = p->priv;
    if (vm)
        log_debug("kvm: %llu VM exits to the host: %llu syscalls, %llu traps, %llu CPUID "
                  "emulations, %llu FP saves, %llu kicks",
                  (unsigned long long)vm->exits, (unsigned long long)stats.syscalls,
                  (unsigned long long)stats.faults, (unsigned long long)stats.cpuids,
                  (unsigned long long)stats.fp_saves, (unsigned long long)stats.kicks);
    p->priv = NULL;
}

static struct platform_as *kvm_as_create(struct platform *p, int *err)
{
    struct platform_as *as = calloc(1, sizeof(*as));
    if (!as) {
        *err = -ENOMEM;
        return NULL;
    }
    struct kvm_vm *vm = p->priv;
    as->kas = kvm_as_new(vm, err);
    if (!as->kas) {
        free(as);
        return NULL;
    }
    /* The arch's fixed user code (arm64: the signal-return trampoline), above arch_user_max(). */
    if (vm->uimg_len) {
        int r = kvm_pt_map(as->kas, vm->uimg_va, vm->uimg_len, vm->uimg_gpa,
                           ARCH_PROT_READ | ARCH_PROT_EXEC, ARCH_PTE_USER);
        if (r < 0) {
            kvm_as_free(as->kas);
            free(as);
            *err = r;
            return NULL;
        }
    }
    as->p = p;
    pthread_mutex_init(&as->lock, NULL);
    return as;
}

static void kvm_as_destroy(struct platform_as *as)
{
    if (!as)
        return;
    kvm_as_free(as->kas);
    free(as);
}

/* Other vCPUs running @as must not keep stale translations: kick them into ring 0 (DESIGN.md "Memory"). */
static void kick_others(struct platform_as *as)
{
    pid_t self = (pid_t)syscall(SYS_gettid);
    pthread_mutex_lock(&as->lock);
    for (struct platform_ctx *c = as->ctxs; c; c = c->next) {
        pid_t tid = __atomic_load_n(&c->tid, __ATOMIC_ACQUIRE);
        if (tid && tid != self && __atomic_load_n(&c->in_guest, __ATOMIC_ACQUIRE)) {
            __atomic_or_fetch(&c->kick, KICK_TLB, __ATOMIC_SEQ_CST);
            syscall(SYS_tgkill, getpid(), tid, KICK_SIGNAL);
        }
    }
    pthread_mutex_unlock(&as->lock);
}

static int kvm_as_map(struct platform_as *as, uaddr_t addr, uint64_t len, uint64_t off, int prot)
{
    struct kvm_vm *vm = as->p->priv;
    if (off + len < off || off + len > vm->user_size || addr + len > arch_user_max())
        return -EINVAL;
    int e = kvm_vm_cover_user(vm, off + len);
    if (e < 0)
        return e;
    uint64_t gen = as->kas->gen;
    if (prot & ARCH_PROT_EXEC)
        arch_kvm_sync_icache(vm->user_base + off, len);
    int r = kvm_pt_map(as->kas, addr, len, ARCH_KVM_USER_GPA + off,
                       prot & (ARCH_PROT_READ | ARCH_PROT_WRITE | ARCH_PROT_EXEC), ARCH_PTE_USER);
    if (as->kas->gen != gen)
        kick_others(as);
    return r;
}

static int kvm_as_unmap(struct platform_as *as, uaddr_t addr, uint64_t len)
{
    if (addr + len > arch_user_max() || addr + len < addr)
        return -EINVAL;
    int r = kvm_pt_unmap(as->kas, addr, len);
    kick_others(as);
    return r;
}

static int kvm_as_protect(struct platform_as *as, uaddr_t addr, uint64_t len, int prot)
{
    if (addr + len > arch_user_max() || addr + len < addr)
        return -EINVAL;
    /* Pages becoming executable may hold code the core just wrote (read() into them). */
    for (uint64_t o = 0; (prot & ARCH_PROT_EXEC) && o < len; o += 4096) {
        uint64_t e = kvm_pt_lookup(as->kas, addr + o);
        void *host = arch_pte_present(e) ? kvm_gpa_ptr(as->p->priv, arch_pte_addr(e)) : NULL;
        if (host)
            arch_kvm_sync_icache(host, 4096);
    }
    int r = kvm_pt_protect(as->kas, addr, len,
                           prot & (ARCH_PROT_READ | ARCH_PROT_WRITE | ARCH_PROT_EXEC));
    kick_others(as);
    return r;
}

static struct platform_ctx *kvm_ctx_create(struct platform_as *as, int *err)
{
    char why[256];
    struct platform_ctx *c = calloc(1, sizeof(*c));
    if (!c) {
        *err = -ENOMEM;
        return NULL;
    }
    c->as = as;
    c->v = kvm_vcpu_get(as->p->priv, why, sizeof(why));
    if (!c->v) {
        log_error("kvm: %s", why);
        free(c);
        *err = -EAGAIN;
        return NULL;
    }
    struct kvm_vm *vm = as->p->priv;
    arch_kvm_fp_init(vm->arch, c->v->block); /* a new context starts with a fresh FPU */
    pthread_mutex_lock(&as->lock);
    c->next = as->ctxs;
    as->ctxs = c;
    pthread_mutex_unlock(&as->lock);
    return c;
}

static void kvm_ctx_destroy(struct platform_ctx *c)
{
    if (!c)
        return;
    struct platform_as *as = c->as;
    pthread_mutex_lock(&as->lock);
    for (struct platform_ctx **pp = &as->ctxs; *pp; pp = &(*pp)->next)
        if (*pp == c) {
            *pp = c->next;
            break;
        }
    pthread_mutex_unlock(&as->lock);
    if (!c->dead)
        kvm_vcpu_put(as->p->priv, c->v);
    free(c);
}

/* The first switch on a task thread: record it, and let only KVM_RUN take the kick. */
static int bind_thread(struct platform_ctx *c)
{
    sigset_t kick, cur;
    sigemptyset(&kick);
    sigaddset(&kick, KICK_SIGNAL);
    if (pthread_sigmask(SIG_BLOCK, &kick, &cur) != 0)
        return -EINVAL;
    /*
     * Inside KVM_RUN only the kick may interrupt (host signals are the main
     * thread's business, kernel/sched.c); task threads block it otherwise.
     */
    sigfillset(&cur);
    sigdelset(&cur, KICK_SIGNAL);
    /* struct kvm_signal_mask: len is the kernel's sigset size (8 bytes on Linux). */
    struct {
        struct kvm_signal_mask m;
        uint8_t set[8];
    } sm;
    sm.m.len = 8;
    memcpy(sm.set, &cur, 8);
    if (ioctl(c->v->fd, KVM_SET_SIGNAL_MASK, &sm) < 0)
        return -errno;
    __atomic_store_n(&c->tid, (pid_t)syscall(SYS_gettid), __ATOMIC_SEQ_CST);
    note_host_tp(c->v->id);
    return 0;
}

static int copy_fault(const struct arch_fault *af, struct fault_info *f)
{
    f->signo = af->signo;
    f->si_code = af->si_code;
    f->addr = af->addr;
    f->vector = af->vector;
    f->access = af->access; /* ARCH_FAULT_* == FAULT_ACCESS_* */
    return SWITCH_FAULT;
}

static int ctx_dead(struct platform_ctx *c)
{
    c->dead = 1;
    c->v->dead = 1; /* never reused: its ring 0 state is unknown */
    return -EIO;
}

/* Run until ring 0 exits; a kick becomes an injected interrupt. Returns 0, or -EIO. */
static int run_vcpu(struct platform_ctx *c, int *user_kick)
{
    struct kvm_vm *vm = c->as->p->priv;
    __atomic_store_n(&c->in_guest, 1, __ATOMIC_SEQ_CST);
    for (;;) {
        enum kvm_run_result rr = kvm_vcpu_run(vm, c->v);
        if (rr == KVM_RUN_RING0)
            break;
        if (rr == KVM_RUN_ERROR) {
            __atomic_store_n(&c->in_guest, 0, __ATOMIC_SEQ_CST);
            return ctx_dead(c);
        }
        consume_kick();
        int k = __atomic_exchange_n(&c->kick, 0, __ATOMIC_SEQ_CST);
        if (!k)
            continue; /* a stale kick: nothing asked */
        *user_kick |= k & KICK_USER;
        if (arch_kvm_kick(c->v->fd, c->v->run) < 0) {
            kvm_vcpu_report(vm, c->v, c->as->kas, "KVM_INTERRUPT failed");
            __atomic_store_n(&c->in_guest, 0, __ATOMIC_SEQ_CST);
            return ctx_dead(c);
        }
    }
    __atomic_store_n(&c->in_guest, 0, __ATOMIC_SEQ_CST);
    c->v->run->request_interrupt_window = 0;
    return 0;
}

static void check_tls(const struct kvm_vcpu *v, uint64_t tls_in, const struct arch_regs *regs,
                      enum arch_kvm_event ev)
{
    uint64_t tls = arch_regs_tls(regs);
    if (tls == tls_in)
        return; /* the usual case; a change is rare (TLS set-up) */
    uint64_t self = (uint64_t)(uintptr_t)__builtin_thread_pointer();
    for (unsigned i = 0; i <= ARCH_KVM_MAX_VCPUS; i++) {
        uint64_t tp = __atomic_load_n(&host_tp[i], __ATOMIC_RELAXED);
        if (!tp || tls != tp)
            continue;
        log_error("kvm: vCPU %u: the guest's TLS register came back as a runtime thread's "
                  "(0x%llx, %s %s%u; was 0x%llx; exit %d at pc 0x%llx): the host kernel lost "
                  "the guest's value",
                  v->id, (unsigned long long)tls, tp == self ? "this thread," : "another thread,",
                  i == ARCH_KVM_MAX_VCPUS ? "set-up thread " : "binder of vCPU ",
                  i == ARCH_KVM_MAX_VCPUS ? 0 : i, (unsigned long long)tls_in, (int)ev,
                  (unsigned long long)arch_regs_pc(regs));
        return;
    }
}

static int kvm_switch(struct platform_ctx *c, struct arch_regs *regs, struct arch_fpstate *fp,
                      struct fault_info *fault)
{
    struct kvm_vm *vm = c->as->p->priv;
    struct kvm_vcpu *v = c->v;
    struct arch_fault af;
    if (c->dead)
        return -EIO;
    if (!c->tid) {
        int r = bind_thread(c);
        if (r < 0) {
            log_error("kvm: cannot bind the vCPU to its thread: %s", strerror(-r));
            return ctx_dead(c);
        }
    }
    if (__atomic_exchange_n(&c->kick, 0, __ATOMIC_SEQ_CST) & KICK_USER)
        return SWITCH_INTERRUPTED;
    int user_kick = 0;
    for (;;) {
        if (arch_kvm_load_regs(v->page, regs, &af) < 0)
            return copy_fault(&af, fault);
        uint64_t gen = __atomic_load_n(&c->as->kas->gen, __ATOMIC_ACQUIRE);
        if (v->cur_as != c->as->kas || v->cur_gen != gen) {
            arch_kvm_set_root(v->page, c->as->kas->root);
            v->cur_as = c->as->kas;
            v->cur_gen = gen;
        }
        if (fp->size) {
            arch_kvm_fp_load(vm->arch, v->block, fp);
            fp->size = 0;
        } else if (!c->ran) {
            arch_kvm_fp_init(vm->arch, v->block);
        }
        c->ran = 1;
        uint64_t tls_in = arch_regs_tls(regs);
        if (run_vcpu(c, &user_kick) < 0)
            return -EIO;
        enum arch_kvm_event ev = arch_kvm_decode(v->page, regs, &af);
        check_tls(v, tls_in, regs, ev);
        int ret = 0;
        switch (ev) {
        case ARCH_KVM_SYSCALL:
            STAT(syscalls);
            ret = SWITCH_SYSCALL;
            break;
        case ARCH_KVM_FAULT:
            STAT(faults);
            ret = copy_fault(&af, fault);
            break;
        case ARCH_KVM_EMULATE: {
            uint8_t insn[16];
            size_t n = kvm_read_guest(c->as->kas, arch_regs_pc(regs), insn, sizeof(insn));
            if (n && arch_kvm_emulate(vm->arch, regs, insn, n)) {
                STAT(cpuids);
                continue;
            }
            STAT(faults);
            ret = copy_fault(&af, fault);
            break;
        }
        case ARCH_KVM_KICK:
            STAT(kicks);
            if (user_kick)
                ret = SWITCH_INTERRUPTED;
            break;
        case ARCH_KVM_RETRY:
            break;
        case ARCH_KVM_DONE:
        case ARCH_KVM_RING0_BUG:
            kvm_vcpu_report(vm, v, c->as->kas, "ring 0 reported a fault of its own");
            return ctx_dead(c);
        }
        if (ret) {
            /* A kick that came while the exit was on its way is not lost. */
            if (user_kick && ret != SWITCH_INTERRUPTED)
                __atomic_or_fetch(&c->kick, KICK_USER, __ATOMIC_SEQ_CST);
            return ret;
        }
    }
}

static int kvm_fp_fetch(struct platform_ctx *c, struct arch_fpstate *fp)
{
    struct kvm_vm *vm = c->as->p->priv;
    if (c->dead)
        return -EIO;
    if (!c->ran) {
        fp->size = 0; /* never ran: nothing live to fetch */
        return 0;
    }
    /* One extra round trip (only on signal delivery and sigreturn): ring 0 xsaves. */
    int user_kick = 0;
    STAT(fp_saves);
    arch_kvm_fp_request_save(c->v->page);
    if (run_vcpu(c, &user_kick) < 0)
        return -EIO;
    if (user_kick)
        __atomic_or_fetch(&c->kick, KICK_USER, __ATOMIC_SEQ_CST);
    struct arch_regs dummy;
    struct arch_fault af;
    if (arch_kvm_decode(c->v->page, &dummy, &af) != ARCH_KVM_DONE) {
        kvm_vcpu_report(vm, c->v, c->as->kas, "FP save did not complete");
        return ctx_dead(c);
    }
    arch_kvm_fp_store(vm->arch, c->v->block, fp);
    return 0;
}

static void kvm_interrupt(struct platform_ctx *c)
{
    __atomic_or_fetch(&c->kick, KICK_USER, __ATOMIC_SEQ_CST);
    /* KVM_CAP_IMMEDIATE_EXIT: a KVM_RUN about to start returns at once; the
     * signal interrupts one in progress (or stays pending for the next). */
    __atomic_store_n(&c->v->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
    pid_t tid = __atomic_load_n(&c->tid, __ATOMIC_SEQ_CST);
    if (tid)
        syscall(SYS_tgkill, getpid(), tid, KICK_SIGNAL);
}

/*
 * The guest runs in KVM_RUN on the task's thread, and Linux accounts guest
 * time as that thread's user time; the rest of the thread's time is the
 * host's and the core's work for the guest (exits, emulated syscalls).
 */
static void kvm_cpu_time(struct platform_ctx *c, int tid, uint64_t *user_ns, uint64_t *sys_ns)
{
    (void)c;
    int thread = PLATFORM_CPUCLOCK_THREAD;
    uint64_t user = platform_clock_ns(PLATFORM_CPUCLOCK(tid, PLATFORM_CPUCLOCK_VIRT | thread));
    uint64_t all = platform_clock_ns(PLATFORM_CPUCLOCK(tid, PLATFORM_CPUCLOCK_PROF | thread));
    *user_ns = user;
    *sys_ns = all > user ? all - user : 0;
}

const struct platform_ops kvm_platform_ops = {
    .name = "kvm",
    .init = kvm_init,
    .fini = kvm_fini,
    .as_create = kvm_as_create,
    .as_destroy = kvm_as_destroy,
    .as_map = kvm_as_map,
    .as_unmap = kvm_as_unmap,
    .as_protect = kvm_as_protect,
    .ctx_create = kvm_ctx_create,
    .ctx_destroy = kvm_ctx_destroy,
    .switch_to_user = kvm_switch,
    .fp_fetch = kvm_fp_fetch,
    .interrupt = kvm_interrupt,
    .cpu_time = kvm_cpu_time,
};

uint64_t kvm_platform_exits(void)
{
    char why[8];
    struct kvm_vm *vm = kvm_vm_get(why, sizeof(why));
    return vm ? __atomic_load_n(&vm->exits, __ATOMIC_RELAXED) : 0;
}

/*
 * The start-up self-test: a faithful KVM runs `syscall` from guest ring 3 into
 * our LSTAR handler in ring 0, which exits to us with the registers in the
 * page. A software KVM such as PVM fails here (no exit, a different exit, or
 * a ring-0 fault). A watchdog kick bounds the wait.
 */
#define PROBE_VA 0x400000ULL
#define PROBE_NR 0x5eed
#define PROBE_TIMEOUT_NS 500000000L

struct probe_wd {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int done;
    struct platform_ctx *c;
};

static void *probe_watchdog(void *arg)
{
    struct probe_wd *w = arg;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += PROBE_TIMEOUT_NS;
    ts.tv_sec += ts.tv_nsec / 1000000000L;
    ts.tv_nsec %= 1000000000L;
    pthread_mutex_lock(&w->lock);
    while (!w->done)
        if (pthread_cond_timedwait(&w->cond, &w->lock, &ts) != 0)
            break;
    if (!w->done)
        kvm_interrupt(w->c);
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

int kvm_platform_probe(char *why, size_t whylen)
{
    struct kvm_vm *vm = kvm_vm_get(why, whylen);
    if (!vm)
        return -1;
    int r = install_kick_handler();
    if (r < 0) {
        snprintf(why, whylen, "kick signal handler: %s", strerror(-r));
        return -1;
    }
    /* A loop making syscall PROBE_NR; the pc after its syscall instruction is @after. */
    uint64_t after = PROBE_VA + arch_kvm_probe_code(vm->arena + ARCH_KVM_PROBE_OFF, PROBE_NR);
    struct platform p = {.ops = &kvm_platform_ops, .priv = vm};
    int err = 0;
    struct platform_as *as = kvm_as_create(&p, &err);
    struct platform_ctx *c = as ? kvm_ctx_create(as, &err) : NULL;
    if (!c) {
        snprintf(why, whylen, "probe setup: %s", strerror(-err));
        kvm_as_destroy(as);
        return -1;
    }
    kvm_pt_map(as->kas, PROBE_VA, 4096, ARCH_KVM_ARENA_GPA + ARCH_KVM_PROBE_OFF,
               ARCH_PROT_READ | ARCH_PROT_EXEC, ARCH_PTE_USER);
    struct arch_regs regs;
    arch_regs_init_user(&regs, PROBE_VA, 0);
    static struct arch_fpstate fp; /* size 0: the fresh state */
    struct fault_info f;
    memset(&f, 0, sizeof(f));
    pthread_t wd;
    struct probe_wd w = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, c};
    int have_wd = pthread_create(&wd, NULL, probe_watchdog, &w) == 0;
    /* Twice: the first entry also pays for KVM building its own structures. */
    struct timespec t0, t1;
    int res = kvm_switch(c, &regs, &fp, &f);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    uint64_t e0 = vm->exits;
    if (res == SWITCH_SYSCALL)
        res = kvm_switch(c, &regs, &fp, &f);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    uint64_t exits = vm->exits - e0;
    if (have_wd) {
        pthread_mutex_lock(&w.lock);
        w.done = 1;
        pthread_cond_signal(&w.cond);
        pthread_mutex_unlock(&w.lock);
        pthread_join(wd, NULL);
    }
    long us = (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000;
    int ok = 0;
    if (res == SWITCH_SYSCALL && arch_syscall_nr(&regs) == PROBE_NR &&
        arch_regs_pc(&regs) == after) {
        ok = 1;
        snprintf(why, whylen,
                 "guest syscall entered ring 0 and came back in %ld us, %llu VM exit(s)", us,
                 (unsigned long long)exits);
    } else if (res == SWITCH_INTERRUPTED) {
        snprintf(why, whylen,
                 "guest syscall never reached the ring-0 handler within %ld ms (an unfaithful, "
                 "e.g. software, KVM)", PROBE_TIMEOUT_NS / 1000000);
    } else if (res == SWITCH_FAULT) {
        snprintf(why, whylen,
                 "guest syscall raised signal %d (vector %d) instead of entering ring 0 "
                 "(an unfaithful KVM)", f.signo, f.vector);
    } else if (res == SWITCH_SYSCALL) {
        snprintf(why, whylen, "guest syscall entered ring 0 with wrong state (nr 0x%lx pc 0x%llx)",
                 arch_syscall_nr(&regs), (unsigned long long)arch_regs_pc(&regs));
    } else {
        snprintf(why, whylen, "the vCPU failed to run the self-test (an unfaithful KVM; see above)");
    }
    /* Reset what the probe set: the kick bits, and the thread binding of this vCPU. */
    kvm_ctx_destroy(c);
    kvm_as_destroy(as);
    return ok ? 0 : -1;
}
