/* SPDX-License-Identifier: MIT */
/* tests/kvm/test_vcpu.c: vCPU-level tests of the KVM platform: tiny ring-3 stubs through platform_ops. */
#include <cpuid.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../kernel/memfile.h"
#include "../../kernel/platform.h"
#include "../../kvm/kvm.h"
#include "../../kvm/kvm_platform.h"

/*
 * Needs a faithful KVM (run inside ../shared/x86vm by ci/x86vm.sh); exits 77
 * when the start-up self-test says there is none. Every test also checks the
 * number of VM exits: exactly one per syscall and per trap.
 */
extern const char stub_syscall_loop[], stub_syscall_loop_end[], stub_touch[], stub_touch_end[],
    stub_load[], stub_load_end[], stub_store[], stub_store_end[], stub_call[], stub_call_end[],
    stub_divzero[], stub_divzero_end[], stub_ud2[], stub_ud2_end[], stub_int3[], stub_int3_end[],
    stub_spin[], stub_spin_end[], stub_cpuid[], stub_cpuid_end[], stub_syscall[],
    stub_syscall_end[], stub_fp[], stub_fp_end[], stub_hlt[], stub_hlt_end[];

#include "vcpu_harness.h"

static void test_syscall_loop(void)
{
    struct env e;
    env_new(&e, stub_syscall_loop, stub_syscall_loop_end);
    uint64_t exits, total = 0;
    int ok = 1;
    run(&e, &exits); /* warm-up: KVM builds its own structures on the first entry */
    double t0 = now();
    for (int i = 0; i < 200; i++) {
        int r = run(&e, &exits);
        total += exits;
        ok &= r == SWITCH_SYSCALL && e.regs.orig_rax == 39 && e.regs.rip == CODE_VA + 7;
        e.regs.rax = 1234; /* the "return value" */
    }
    double t1 = now();
    CHECK(ok, "200 syscalls, each SWITCH_SYSCALL getpid at the right rip");
    CHECK(total == 200, "%llu VM exits for 200 syscalls", (unsigned long long)total);
    printf("     syscall round trip (ring 3 -> host -> ring 3): %.1f us, %.2f VM exits each\n",
           (t1 - t0) / 200 * 1e6, total / 200.0);
    env_free(&e);
}

static void test_touch(void)
{
    struct env e;
    env_new(&e, stub_touch, stub_touch_end);
    e.regs.rdi = DATA_VA + 64;
    e.regs.rsi = 0xfeedface12345678ULL;
    uint64_t exits;
    int r = run(&e, &exits);
    uint64_t v;
    memcpy(&v, memfile_ptr(&mf, e.off + 4096 + 64), 8);
    CHECK(r == SWITCH_SYSCALL && e.regs.orig_rax == 1000 && e.regs.rdx == 0xfeedface12345678ULL,
          "r %d nr %llu rdx %llx", r, (unsigned long long)e.regs.orig_rax,
          (unsigned long long)e.regs.rdx);
    CHECK(v == 0xfeedface12345678ULL, "the core's view of the page: %llx", (unsigned long long)v);
    CHECK(exits == 1, "%llu exits", (unsigned long long)exits);
    env_free(&e);
}

static void expect_fault(const char *what, const char *code, const char *end, uint64_t rdi,
                         int signo, int si_code, uint64_t addr, int access, int vector,
                         uint64_t rip)
{
    struct env e;
    env_new(&e, code, end);
    e.regs.rdi = rdi;
    uint64_t exits;
    int r = run(&e, &exits);
    CHECK(r == SWITCH_FAULT && e.f.signo == signo && e.f.si_code == si_code && e.f.addr == addr &&
              e.f.vector == vector && (access < 0 || e.f.access == access),
          "%s: r %d signo %d code %d addr %llx access %d vector %d", what, r, e.f.signo,
          e.f.si_code, (unsigned long long)e.f.addr, e.f.access, e.f.vector);
    CHECK(exits == 1, "%s: %llu exits", what, (unsigned long long)exits);
    CHECK(e.regs.rip == rip, "%s: rip %llx (the faulting instruction)", what,
          (unsigned long long)e.regs.rip);
    env_free(&e);
}

static void test_faults(void)
{
    expect_fault("load unmapped", stub_load, stub_load_end, UNMAPPED_VA, LINUX_SIGSEGV,
                 LINUX_SEGV_MAPERR, UNMAPPED_VA, FAULT_ACCESS_READ, 14, CODE_VA);
    expect_fault("store read-only", stub_store, stub_store_end, RO_VA + 8, LINUX_SIGSEGV,
                 LINUX_SEGV_ACCERR, RO_VA + 8, FAULT_ACCESS_WRITE, 14, CODE_VA);
    expect_fault("load PROT_NONE", stub_load, stub_load_end, NONE_VA, LINUX_SIGSEGV,
                 LINUX_SEGV_ACCERR, NONE_VA, FAULT_ACCESS_READ, 14, CODE_VA);
    expect_fault("load ring-0 image", stub_load, stub_load_end, ARCH_KVM_KBASE, LINUX_SIGSEGV,
                 LINUX_SEGV_MAPERR, ARCH_KVM_KBASE, FAULT_ACCESS_READ, 14, CODE_VA);
    expect_fault("divide by zero", stub_divzero, stub_divzero_end, 0, LINUX_SIGFPE,
                 LINUX_FPE_INTDIV, CODE_VA + 9, -1, 0, CODE_VA + 9);
    expect_fault("ud2", stub_ud2, stub_ud2_end, 0, LINUX_SIGILL, LINUX_ILL_ILLOPN, CODE_VA, -1, 6,
                 CODE_VA);
    expect_fault("hlt in ring 3", stub_hlt, stub_hlt_end, 0, LINUX_SIGSEGV, LINUX_SI_KERNEL, 0,
                 -1, 13, CODE_VA);
}

/* Two that do not fit expect_fault: the pc after int3, and an NX fetch. */
static void test_int3_nx(void)
{
    struct env e;
    uint64_t exits;
    env_new(&e, stub_int3, stub_int3_end);
    int r = run(&e, &exits);
    CHECK(r == SWITCH_FAULT && e.f.signo == LINUX_SIGTRAP && e.f.si_code == LINUX_SI_KERNEL &&
              e.regs.rip == CODE_VA + 1 && exits == 1,
          "int3: r %d sig %d code %d rip %llx", r, e.f.signo, e.f.si_code,
          (unsigned long long)e.regs.rip);
    env_free(&e);
    env_new(&e, stub_call, stub_call_end);
    e.regs.rdi = DATA_VA;
    r = run(&e, &exits);
    CHECK(r == SWITCH_FAULT && e.f.signo == LINUX_SIGSEGV && e.f.si_code == LINUX_SEGV_ACCERR &&
              e.f.addr == DATA_VA && e.f.access == FAULT_ACCESS_EXEC && e.regs.rip == DATA_VA,
          "NX fetch: r %d sig %d code %d addr %llx access %d", r, e.f.signo, e.f.si_code,
          (unsigned long long)e.f.addr, e.f.access);
    env_free(&e);
}

struct kicker {
    struct platform_ctx *ctx;
    int ms;
};

static void *kick_later(void *arg)
{
    struct kicker *k = arg;
    usleep((useconds_t)k->ms * 1000);
    ops->interrupt(k->ctx);
    return NULL;
}

static void test_spin_interrupt(void)
{
    struct env e;
    env_new(&e, stub_spin, stub_spin_end);
    uint64_t last = 0;
    for (int i = 0; i < 3; i++) {
        struct kicker k = {e.ctx, 30};
        pthread_t t;
        pthread_create(&t, NULL, kick_later, &k);
        uint64_t exits;
        int r = run(&e, &exits);
        pthread_join(t, NULL);
        CHECK(r == SWITCH_INTERRUPTED && e.regs.rip >= CODE_VA && e.regs.rip < CODE_VA + 8 &&
                  e.regs.rax > last,
              "kick %d: r %d rip %llx rax %llu", i, r, (unsigned long long)e.regs.rip,
              (unsigned long long)e.regs.rax);
        last = e.regs.rax;
    }
    /* A kick before the switch: returned at once, nothing run. */
    ops->interrupt(e.ctx);
    uint64_t exits, rax = e.regs.rax;
    int r = run(&e, &exits);
    CHECK(r == SWITCH_INTERRUPTED && exits == 0 && e.regs.rax == rax,
          "early kick: r %d exits %llu", r, (unsigned long long)exits);
    env_free(&e);
}

static void set_pattern(struct arch_regs *r)
{
    r->rbx = 0x1111111111111111ULL;
    r->rdx = 0x2222222222222222ULL;
    r->rsi = 0x3333333333333333ULL;
    r->rdi = 0x4444444444444444ULL;
    r->rbp = 0x5555555555555555ULL;
    r->r8 = 0x8888888888888888ULL;
    r->r9 = 0x9999999999999999ULL;
    r->r10 = 0xaaaaaaaaaaaaaaaaULL;
    r->r12 = 0xccccccccccccccccULL;
    r->r13 = 0xddddddddddddddddULL;
    r->r14 = 0xeeeeeeeeeeeeeeeeULL;
    r->r15 = 0xffffffffffffffffULL;
    r->fs_base = 0x12345000;
    r->gs_base = 0x23456000;
}

static void test_regs_preserved(void)
{
    struct env e;
    uint64_t exits;
    /* Fast return (sysret: rcx == rip, r11 == rflags), then a syscall. */
    env_new(&e, stub_syscall, stub_syscall_end);
    set_pattern(&e.regs);
    e.regs.rax = 77;
    e.regs.rcx = CODE_VA;
    e.regs.r11 = 0x202;
    struct arch_regs want = e.regs;
    int r = run(&e, &exits);
    want.orig_rax = 77;
    want.rip = CODE_VA + 2;
    want.rcx = CODE_VA + 2;
    want.r11 = e.regs.eflags;
    want.eflags = e.regs.eflags;
    CHECK(r == SWITCH_SYSCALL && !memcmp(&want, &e.regs, sizeof(want)) && exits == 1,
          "sysret path: every register back as given (r %d)", r);
    env_free(&e);
    /* Full restore (iret: rcx, r11 and flags arbitrary), then a trap saves everything. */
    env_new(&e, stub_ud2, stub_ud2_end);
    set_pattern(&e.regs);
    e.regs.rax = 0x7777;
    e.regs.rcx = 0x6666;
    e.regs.r11 = 0xbbbb;
    e.regs.eflags = 0x202 | 0x1 | 0x40 | 0x400; /* CF ZF DF */
    want = e.regs;
    r = run(&e, &exits);
    want.orig_rax = (uint64_t)-1;
    /* A fault's saved RFLAGS has RF set (SDM vol. 3A §6.12.1.1); Linux shows it too. */
    e.regs.eflags &= ~0x10000ULL;
    CHECK(r == SWITCH_FAULT && !memcmp(&want, &e.regs, sizeof(want)) && exits == 1,
          "iret path: every register (rcx %llx r11 %llx rflags %llx) back as given",
          (unsigned long long)e.regs.rcx, (unsigned long long)e.regs.r11,
          (unsigned long long)e.regs.eflags);
    env_free(&e);
    /* A non-canonical pc is refused before entry, as Linux's failed iret: SIGSEGV. */
    env_new(&e, stub_syscall, stub_syscall_end);
    e.regs.rip = 0x0000900000000000ULL;
    r = run(&e, &exits);
    CHECK(r == SWITCH_FAULT && e.f.signo == LINUX_SIGSEGV && exits == 0,
          "non-canonical rip: r %d sig %d exits %llu", r, e.f.signo, (unsigned long long)exits);
    env_free(&e);
}

static void test_fp_preserved(void)
{
    unsigned a = 0, b = 0, c = 0, d = 0;
    int avx = __get_cpuid_count(0xd, 2, &a, &b, &c, &d) && a >= 256;
    unsigned avx_off = b;
    struct env e;
    env_new(&e, stub_fp, stub_fp_end);
    /* Start from the context's own state, then set xmm0/ymm0 and MXCSR. */
    CHECK(ops->fp_fetch(e.ctx, &e.fp) == 0, "fp_fetch before the first run");
    uint64_t exits;
    int r = run(&e, &exits); /* runs to the first syscall (xmm garbage: fresh state) */
    CHECK(r == SWITCH_SYSCALL && e.regs.orig_rax == 1002, "first stop r %d", r);
    CHECK(ops->fp_fetch(e.ctx, &e.fp) == 0 && e.fp.size >= 576, "fp_fetch size %u", e.fp.size);
    /* Re-run from the start with a chosen state. */
    double x0[2] = {1.5, 2.5}, hi0[2] = {3.5, 4.5};
    memcpy(e.fp.xsave + 160, x0, 16);
    uint32_t mxcsr = 0x1f80 | 0x6000; /* round toward zero */
    memcpy(e.fp.xsave + 24, &mxcsr, 4);
    uint64_t bv = 0x3 | (avx ? 0x4 : 0);
    memcpy(e.fp.xsave + 512, &bv, 8);
    if (avx)
        memcpy(e.fp.xsave + avx_off, hi0, 16);
    e.regs.rip = CODE_VA;
    r = run(&e, &exits);
    CHECK(r == SWITCH_SYSCALL && e.regs.orig_rax == 1002 && exits == 1, "r %d", r);
    r = run(&e, &exits);
    CHECK(r == SWITCH_SYSCALL && e.regs.orig_rax == 1003 && exits == 1, "r %d", r);
    CHECK(ops->fp_fetch(e.ctx, &e.fp) == 0, "fp_fetch");
    double x1[2], x2[2], hi2[2], xs0[2];
    uint32_t m;
    memcpy(xs0, e.fp.xsave + 160, 16);
    memcpy(x1, e.fp.xsave + 160 + 16, 16);
    memcpy(x2, e.fp.xsave + 160 + 32, 16);
    memcpy(&m, e.fp.xsave + 24, 4);
    CHECK(xs0[0] == 1.5 && xs0[1] == 2.5 && x1[0] == 3.0 && x1[1] == 5.0,
          "xmm0 kept, xmm1 = xmm0 + xmm0 computed in ring 3: %g %g", x1[0], x1[1]);
    CHECK(x2[0] == 1.5 && x2[1] == 2.5, "xmm2 low = ymm0 low across an exit");
    CHECK(m == mxcsr, "MXCSR kept: %x", m);
    if (avx) {
        memcpy(hi2, e.fp.xsave + avx_off + 32, 16);
        CHECK(hi2[0] == 3.5 && hi2[1] == 4.5, "ymm2 high = ymm0 high: %g %g", hi2[0], hi2[1]);
    }
    env_free(&e);
}

static void test_cpuid(void)
{
    unsigned a = 0, b = 0, c = 0, d = 0;
    __get_cpuid(0, &a, &b, &c, &d);
    struct env e;
    env_new(&e, stub_cpuid, stub_cpuid_end);
    uint64_t exits;
    int r = run(&e, &exits);
    CHECK(r == SWITCH_SYSCALL && e.regs.orig_rax == 1001 && e.regs.rbx == b && e.regs.rdx == d &&
              e.regs.r9 == c && e.regs.rip == CODE_VA + 2 + 2 + 2 + 3 + 3 + 5 + 2,
          "cpuid vendor emulated: r %d rbx %llx", r, (unsigned long long)e.regs.rbx);
    printf("     cpuid + syscall: %llu VM exits (2 = CPUID faulting on: one for CPUID's #GP)\n",
           (unsigned long long)exits);
    CHECK(exits == 2, "CPUID faulting: the application's CPUID trapped (%llu exits)",
          (unsigned long long)exits);
    env_free(&e);
}

static void test_no_leak(void)
{
    char why[8];
    struct kvm_vm *vm = kvm_vm_get(why, sizeof(why));
    unsigned before = kvm_pt_tables(vm);
    struct env e;
    env_new(&e, stub_syscall, stub_syscall_end);
    ops->as_map(e.as, 0x10000000, 64 << 20, e.off, LINUX_PROT_READ);
    ops->as_unmap(e.as, 0x10000000, 64 << 20);
    env_free(&e);
    CHECK(kvm_pt_tables(vm) == before, "page-table pages: %u before, %u after", before,
          kvm_pt_tables(vm));
}

int main(void)
{
    char why[256];
    if (kvm_platform_probe(why, sizeof(why)) < 0) {
        printf("SKIP: no faithful KVM: %s\n", why);
        return 77;
    }
    printf("kvm: %s\n", why);
    if (memfile_init(&mf, 256ULL << 20) < 0 || (P.ops = ops, ops->init(&P, &mf)) < 0) {
        printf("platform init failed\n");
        return 1;
    }
    struct {
        const char *name;
        void (*fn)(void);
    } tests[] = {
        {"syscall_loop", test_syscall_loop},     {"touch", test_touch},
        {"faults", test_faults},                 {"int3_nx", test_int3_nx},
        {"spin_interrupt", test_spin_interrupt}, {"regs_preserved", test_regs_preserved},
        {"fp_preserved", test_fp_preserved},     {"cpuid", test_cpuid},
        {"no_leak", test_no_leak},
    };
    for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        int f0 = failures;
        tests[i].fn();
        printf("%s %s\n", failures == f0 ? "ok  " : "FAIL", tests[i].name);
    }
    printf("test_vcpu: %d passed, %d failed\n", passes, failures);
    return failures ? 1 : 0;
}
