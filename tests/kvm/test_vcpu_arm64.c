/* SPDX-License-Identifier: MIT */
/* tests/kvm/test_vcpu_arm64.c: vCPU-level tests of the arm64 KVM platform: tiny EL0 stubs through platform_ops. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <time.h>
#include <unistd.h>

#include "../../kernel/memfile.h"
#include "../../kernel/platform.h"
#include "../../kvm/kvm.h"
#include "../../kvm/kvm_platform.h"

/*
 * The arm64 twin of test_vcpu.c (same test names where the test means the
 * same thing; the register file and the traps differ). Needs a faithful KVM
 * (run inside ../shared/arm64 by ci/arm64.sh); exits 77 when the start-up
 * self-test says there is none. Every test also checks the number of VM
 * exits: exactly one per syscall and per trap.
 */
extern const char stub_syscall_loop[], stub_syscall_loop_end[], stub_touch[], stub_touch_end[],
    stub_load[], stub_load_end[], stub_store[], stub_store_end[], stub_call[], stub_call_end[],
    stub_udf[], stub_udf_end[], stub_brk[], stub_brk_end[], stub_spin[], stub_spin_end[],
    stub_mrs[], stub_mrs_end[], stub_syscall[], stub_syscall_end[], stub_fp[], stub_fp_end[],
    stub_priv[], stub_priv_end[], stub_wfi[], stub_wfi_end[], stub_pac[], stub_pac_end[];

#define NR_GETPID 172
#define VCPU_KEEP_PAGES
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
        ok &= r == SWITCH_SYSCALL && arch_syscall_nr(&e.regs) == NR_GETPID &&
              e.regs.pc == CODE_VA + 8;
        arch_syscall_set_return(&e.regs, 1234);
    }
    double t1 = now();
    CHECK(ok, "200 syscalls, each SWITCH_SYSCALL getpid at the right pc");
    CHECK(total == 200, "%llu VM exits for 200 syscalls", (unsigned long long)total);
    printf("     syscall round trip (EL0 -> host -> EL0): %.1f us, %.2f VM exits each\n",
           (t1 - t0) / 200 * 1e6, total / 200.0);
    env_free(&e);
}

static void test_touch(void)
{
    struct env e;
    env_new(&e, stub_touch, stub_touch_end);
    e.regs.x[0] = DATA_VA + 64;
    e.regs.x[1] = 0xfeedface12345678ULL;
    uint64_t exits;
    int r = run(&e, &exits);
    uint64_t v;
    memcpy(&v, memfile_ptr(&mf, e.off + 4096 + 64), 8);
    CHECK(r == SWITCH_SYSCALL && e.regs.x[8] == 1000 && e.regs.x[2] == 0xfeedface12345678ULL,
          "r %d nr %llu x2 %llx", r, (unsigned long long)e.regs.x[8],
          (unsigned long long)e.regs.x[2]);
    CHECK(v == 0xfeedface12345678ULL, "the core's view of the page: %llx", (unsigned long long)v);
    CHECK(exits == 1, "%llu exits", (unsigned long long)exits);
    env_free(&e);
}

static void expect_fault(const char *what, const char *code, const char *end, uint64_t x0,
                         uint64_t sp, int signo, int si_code, uint64_t addr, int access,
                         int vector, uint64_t pc)
{
    struct env e;
    env_new(&e, code, end);
    e.regs.x[0] = x0;
    if (sp)
        e.regs.sp = sp;
    uint64_t exits;
    int r = run(&e, &exits);
    CHECK(r == SWITCH_FAULT && e.f.signo == signo && e.f.si_code == si_code && e.f.addr == addr &&
              e.f.vector == vector && (access < 0 || e.f.access == access),
          "%s: r %d signo %d code %d addr %llx access %d vector 0x%x", what, r, e.f.signo,
          e.f.si_code, (unsigned long long)e.f.addr, e.f.access, e.f.vector);
    CHECK(exits == 1, "%s: %llu exits", what, (unsigned long long)exits);
    CHECK(e.regs.pc == pc, "%s: pc %llx (the faulting instruction)", what,
          (unsigned long long)e.regs.pc);
    env_free(&e);
}

/*
 * ESR_EL1.EC values the faults below raise (machine/layout.h). No SP alignment
 * case: QEMU's TCG CPU does not implement SCTLR_EL1.SA0 checks, so the emulated
 * VM never raises one (the classification is unit-tested in test_kvm_ring0_arm64.c).
 */
static void test_faults(void)
{
    expect_fault("load unmapped", stub_load, stub_load_end, UNMAPPED_VA, 0, LINUX_SIGSEGV,
                 LINUX_SEGV_MAPERR, UNMAPPED_VA, FAULT_ACCESS_READ, ARM64_EC_DABT_LOW, CODE_VA);
    expect_fault("store read-only", stub_store, stub_store_end, RO_VA + 8, 0, LINUX_SIGSEGV,
                 LINUX_SEGV_ACCERR, RO_VA + 8, FAULT_ACCESS_WRITE, ARM64_EC_DABT_LOW, CODE_VA);
    expect_fault("load PROT_NONE", stub_load, stub_load_end, NONE_VA, 0, LINUX_SIGSEGV,
                 LINUX_SEGV_ACCERR, NONE_VA, FAULT_ACCESS_READ, ARM64_EC_DABT_LOW, CODE_VA);
    expect_fault("load ring-0 image", stub_load, stub_load_end, ARCH_KVM_KBASE, 0, LINUX_SIGSEGV,
                 LINUX_SEGV_MAPERR, ARCH_KVM_KBASE, FAULT_ACCESS_READ, ARM64_EC_DABT_LOW,
                 CODE_VA);
    expect_fault("store ring-0 page", stub_store, stub_store_end,
                 ARCH_KVM_KBASE + ARCH_KVM_VCPU_OFF, 0, LINUX_SIGSEGV, LINUX_SEGV_MAPERR,
                 ARCH_KVM_KBASE + ARCH_KVM_VCPU_OFF, FAULT_ACCESS_WRITE, ARM64_EC_DABT_LOW,
                 CODE_VA);
    expect_fault("udf", stub_udf, stub_udf_end, 0, 0, LINUX_SIGILL, LINUX_ILL_ILLOPC, CODE_VA, -1,
                 ARM64_EC_UNKNOWN, CODE_VA);
    expect_fault("brk", stub_brk, stub_brk_end, 0, 0, LINUX_SIGTRAP, LINUX_TRAP_BRKPT, CODE_VA, -1,
                 ARM64_EC_BRK64, CODE_VA);
    expect_fault("misaligned pc", stub_call, stub_call_end, CODE_VA + 2, 0, LINUX_SIGBUS,
                 LINUX_BUS_ADRALN, CODE_VA + 2, -1, ARM64_EC_PC_ALIGN, CODE_VA + 2);
    expect_fault("pc unmapped", stub_call, stub_call_end, UNMAPPED_VA, 0, LINUX_SIGSEGV,
                 LINUX_SEGV_MAPERR, UNMAPPED_VA, FAULT_ACCESS_EXEC, ARM64_EC_IABT_LOW,
                 UNMAPPED_VA);
}

/* Two that do not fit expect_fault: an EL1 register (the EC varies by CPU), and an XN fetch. */
static void test_int3_nx(void)
{
    struct env e;
    uint64_t exits;
    env_new(&e, stub_priv, stub_priv_end);
    int r = run(&e, &exits);
    CHECK(r == SWITCH_FAULT && e.f.signo == LINUX_SIGILL && e.f.si_code == LINUX_ILL_ILLOPC &&
              e.f.addr == CODE_VA && e.regs.pc == CODE_VA && exits == 1,
          "mrs sctlr_el1: r %d sig %d code %d pc %llx exits %llu", r, e.f.signo, e.f.si_code,
          (unsigned long long)e.regs.pc, (unsigned long long)exits);
    env_free(&e);
    env_new(&e, stub_call, stub_call_end);
    e.regs.x[0] = DATA_VA;
    r = run(&e, &exits);
    CHECK(r == SWITCH_FAULT && e.f.signo == LINUX_SIGSEGV && e.f.si_code == LINUX_SEGV_ACCERR &&
              e.f.addr == DATA_VA && e.f.access == FAULT_ACCESS_EXEC && e.regs.pc == DATA_VA &&
              e.regs.x[30] == CODE_VA + 4,
          "XN fetch: r %d sig %d code %d addr %llx access %d", r, e.f.signo, e.f.si_code,
          (unsigned long long)e.f.addr, e.f.access);
    env_free(&e);
    /* WFI traps and is skipped, as Linux's wfi_handler(): one exit for it, one for the svc. */
    env_new(&e, stub_wfi, stub_wfi_end);
    r = run(&e, &exits);
    CHECK(r == SWITCH_SYSCALL && e.regs.x[8] == 1004 && e.regs.pc == CODE_VA + 12 && exits == 2,
          "wfi skipped: r %d nr %llu pc %llx exits %llu", r, (unsigned long long)e.regs.x[8],
          (unsigned long long)e.regs.pc, (unsigned long long)exits);
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
        CHECK(r == SWITCH_INTERRUPTED && e.regs.pc >= CODE_VA && e.regs.pc < CODE_VA + 8 &&
                  e.regs.x[0] > last,
              "kick %d: r %d pc %llx x0 %llu", i, r, (unsigned long long)e.regs.pc,
              (unsigned long long)e.regs.x[0]);
        last = e.regs.x[0];
    }
    /* A kick before the switch: returned at once, nothing run. */
    ops->interrupt(e.ctx);
    uint64_t exits, x0 = e.regs.x[0];
    int r = run(&e, &exits);
    CHECK(r == SWITCH_INTERRUPTED && exits == 0 && e.regs.x[0] == x0,
          "early kick: r %d exits %llu", r, (unsigned long long)exits);
    env_free(&e);
}

static void set_pattern(struct arch_regs *r)
{
    for (int i = 0; i < 31; i++)
        r->x[i] = 0x0101010101010101ULL * (uint64_t)(i + 1);
    r->sp = DATA_VA + 2048;
    r->tpidr_el0 = 0x12345000;
    r->pstate = 0xf0000000; /* N Z C V */
}

static void test_regs_preserved(void)
{
    struct env e;
    uint64_t exits;
    env_new(&e, stub_syscall, stub_syscall_end);
    set_pattern(&e.regs);
    struct arch_regs want = e.regs;
    int r = run(&e, &exits);
    want.orig_x0 = want.x[0];
    want.pc = CODE_VA + 4;
    e.regs.pstate &= ~(1ULL << 12); /* SSBS is the host kernel's (machine/regs.h) */
    CHECK(r == SWITCH_SYSCALL && !memcmp(&want, &e.regs, sizeof(want)) && exits == 1,
          "svc: every register back as given (r %d pstate %llx tpidr %llx)", r,
          (unsigned long long)e.regs.pstate, (unsigned long long)e.regs.tpidr_el0);
    env_free(&e);
    env_new(&e, stub_udf, stub_udf_end);
    set_pattern(&e.regs);
    e.regs.pstate = 0x60000000 | 0x3c0 | 0x5; /* Z C, with DAIF and EL1h asked for */
    want = e.regs;
    r = run(&e, &exits);
    want.pstate = 0x60000000; /* forced to EL0t, DAIF clear: Linux valid_user_regs() */
    e.regs.pstate &= ~(1ULL << 12);
    CHECK(r == SWITCH_FAULT && !memcmp(&want, &e.regs, sizeof(want)) && exits == 1,
          "trap: every register back as given, pstate %llx", (unsigned long long)e.regs.pstate);
    env_free(&e);
}

static void test_fp_preserved(void)
{
    struct env e;
    env_new(&e, stub_fp, stub_fp_end);
    CHECK(ops->fp_fetch(e.ctx, &e.fp) == 0, "fp_fetch before the first run");
    uint64_t exits;
    int r = run(&e, &exits);
    CHECK(r == SWITCH_SYSCALL && e.regs.x[8] == 1002, "first stop r %d", r);
    CHECK(ops->fp_fetch(e.ctx, &e.fp) == 0 && e.fp.size == ARM64_FPSIMD_PAYLOAD,
          "fp_fetch size %u", e.fp.size);
    /* Re-run from the start with a chosen state: v0 and FPCR.RMode = toward zero. */
    double v0[2] = {1.5, 2.5};
    uint32_t fpcr = 3U << 22;
    memcpy(e.fp.xsave + 8, v0, 16);
    memcpy(e.fp.xsave + 4, &fpcr, 4);
    e.regs.pc = CODE_VA;
    r = run(&e, &exits);
    CHECK(r == SWITCH_SYSCALL && e.regs.x[8] == 1002 && exits == 1, "r %d", r);
    r = run(&e, &exits);
    CHECK(r == SWITCH_SYSCALL && e.regs.x[8] == 1003 && exits == 1, "r %d", r);
    CHECK(ops->fp_fetch(e.ctx, &e.fp) == 0, "fp_fetch");
    double x0[2], x1[2], x2[2];
    uint32_t c;
    memcpy(x0, e.fp.xsave + 8, 16);
    memcpy(x1, e.fp.xsave + 8 + 16, 16);
    memcpy(x2, e.fp.xsave + 8 + 32, 16);
    memcpy(&c, e.fp.xsave + 4, 4);
    CHECK(x0[0] == 1.5 && x0[1] == 2.5 && x1[0] == 3.0 && x1[1] == 5.0,
          "v0 kept, v1 = v0 + v0 computed at EL0: %g %g", x1[0], x1[1]);
    CHECK(x2[0] == 1.5 && x2[1] == 2.5, "v2 = v0 across an exit: %g %g", x2[0], x2[1]);
    CHECK(c == fpcr, "FPCR kept: %x", c);
    env_free(&e);
}

static void test_cpuid(void)
{
    uint64_t midr;
    __asm__ volatile("mrs %0, midr_el1" : "=r"(midr)); /* the host kernel emulates it for us */
    struct env e;
    env_new(&e, stub_mrs, stub_mrs_end);
    uint64_t exits;
    int r = run(&e, &exits);
    CHECK(r == SWITCH_SYSCALL && e.regs.x[8] == 1001 && e.regs.x[1] == midr &&
              e.regs.pc == CODE_VA + 12,
          "mrs midr_el1 emulated: r %d nr %llu pc %llx x1 %llx host %llx", r,
          (unsigned long long)e.regs.x[8], (unsigned long long)e.regs.pc,
          (unsigned long long)e.regs.x[1], (unsigned long long)midr);
    CHECK(exits == 2, "the application's MRS trapped (%llu exits)", (unsigned long long)exits);
    env_free(&e);
}

/* What AT_HWCAP promises must run: the guest gets the host's PACA/PACG bits (<sys/auxv.h>). */
static void test_pac(void)
{
    unsigned long hw = getauxval(AT_HWCAP);
    if (!(hw & HWCAP_PACA) || !(hw & HWCAP_PACG)) {
        printf("     (no pointer authentication on this host: nothing to check)\n");
        return;
    }
    struct env e;
    env_new(&e, stub_pac, stub_pac_end);
    e.regs.x[0] = 0x1234;
    e.regs.x[1] = 0x5678;
    e.regs.x[30] = 0x400000;
    uint64_t exits;
    int r = run(&e, &exits);
    CHECK(r == SWITCH_SYSCALL && e.regs.x[8] == 1005 && e.regs.x[30] == 0x400000 && exits == 1,
          "PAC instructions run at EL0: r %d nr %llu lr %llx exits %llu", r,
          (unsigned long long)e.regs.x[8], (unsigned long long)e.regs.x[30],
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
    ops->as_map(e.as, 0xfffff0000000ULL, 1 << 20, e.off, LINUX_PROT_READ);
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
        {"pac", test_pac},                       {"no_leak", test_no_leak},
    };
    for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        int f0 = failures;
        tests[i].fn();
        printf("%s %s\n", failures == f0 ? "ok  " : "FAIL", tests[i].name);
    }
    printf("test_vcpu: %d passed, %d failed\n", passes, failures);
    return failures ? 1 : 0;
}
