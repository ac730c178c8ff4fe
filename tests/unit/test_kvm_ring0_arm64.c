/* SPDX-License-Identifier: MIT */
/* tests/unit/test_kvm_ring0_arm64.c: arm64 EL1 rules: ESR_EL1 -> signal, entry pstate, page-table encoding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/arch.h"

/* An ESR_EL1 value: EC, IL (32-bit instruction), ISS (Arm ARM, System register ESR_EL1). */
static uint64_t esr(unsigned ec, uint64_t iss)
{
    return ((uint64_t)ec << ARM64_ESR_EC_SHIFT) | (1ULL << 25) | iss;
}

static void expect(uint64_t e, uint64_t far, int signo, int code, uint64_t addr, int access)
{
    struct arch_fault f;
    assert_int_equal(arch_kvm_esr_to_fault(e, far, 0x400000, 0x7ff0, &f), 0);
    assert_int_equal(f.signo, signo);
    assert_int_equal(f.si_code, code);
    assert_int_equal(f.addr, addr);
    if (access >= 0)
        assert_int_equal(f.access, access);
    assert_int_equal(f.vector, (int)(e >> ARM64_ESR_EC_SHIFT));
}

static void test_data_aborts(void **state)
{
    (void)state;
    /* DFSC 0x07: level 3 translation fault; WnR (bit 6) makes it a write. */
    expect(esr(ARM64_EC_DABT_LOW, 0x07), 0x1000, LINUX_SIGSEGV, LINUX_SEGV_MAPERR, 0x1000,
           ARCH_FAULT_READ);
    expect(esr(ARM64_EC_DABT_LOW, 0x40 | 0x07), 0x1000, LINUX_SIGSEGV, LINUX_SEGV_MAPERR, 0x1000,
           ARCH_FAULT_WRITE);
    /* CM (bit 8) with WnR: cache maintenance, reported as a read (Linux is_write_abort()). */
    expect(esr(ARM64_EC_DABT_LOW, 0x100 | 0x40 | 0x0f), 0x2000, LINUX_SIGSEGV, LINUX_SEGV_ACCERR,
           0x2000, ARCH_FAULT_READ);
    /* Level 3 permission fault: ACCERR; in the TTBR1 half: MAPERR (no VMA there). */
    expect(esr(ARM64_EC_DABT_LOW, 0x0f), 0x3000, LINUX_SIGSEGV, LINUX_SEGV_ACCERR, 0x3000,
           ARCH_FAULT_READ);
    expect(esr(ARM64_EC_DABT_LOW, 0x0f), ARCH_KVM_KBASE, LINUX_SIGSEGV, LINUX_SEGV_MAPERR,
           ARCH_KVM_KBASE, ARCH_FAULT_READ);
    /* Alignment fault (DFSC 0x21) and a synchronous external abort (0x10). */
    expect(esr(ARM64_EC_DABT_LOW, 0x21), 0x4001, LINUX_SIGBUS, LINUX_BUS_ADRALN, 0x4001, -1);
    expect(esr(ARM64_EC_DABT_LOW, 0x10), 0x5000, LINUX_SIGBUS, 3 /* BUS_OBJERR */, 0x5000, -1);
    /* An address size fault: Linux's do_bad(), SIGKILL. */
    expect(esr(ARM64_EC_DABT_LOW, 0x00), 0x6000, LINUX_SIGKILL, LINUX_SI_KERNEL, 0x6000, -1);
}

static void test_instruction_aborts(void **state)
{
    (void)state;
    expect(esr(ARM64_EC_IABT_LOW, 0x06), 0x7000000, LINUX_SIGSEGV, LINUX_SEGV_MAPERR, 0x7000000,
           ARCH_FAULT_EXEC);
    expect(esr(ARM64_EC_IABT_LOW, 0x0f), 0x600000, LINUX_SIGSEGV, LINUX_SEGV_ACCERR, 0x600000,
           ARCH_FAULT_EXEC);
}

static void test_other_traps(void **state)
{
    (void)state;
    /* PC alignment reports FAR, SP alignment the sp (Linux do_sp_pc_abort()). */
    expect(esr(ARM64_EC_PC_ALIGN, 0), 0x400002, LINUX_SIGBUS, LINUX_BUS_ADRALN, 0x400002, -1);
    expect(esr(ARM64_EC_SP_ALIGN, 0), 0, LINUX_SIGBUS, LINUX_BUS_ADRALN, 0x7ff0, -1);
    /* BRK: SIGTRAP TRAP_BRKPT at the brk; undefined and trapped system instructions: SIGILL. */
    expect(esr(ARM64_EC_BRK64, 0), 0, LINUX_SIGTRAP, LINUX_TRAP_BRKPT, 0x400000, -1);
    expect(esr(ARM64_EC_UNKNOWN, 0), 0, LINUX_SIGILL, LINUX_ILL_ILLOPC, 0x400000, -1);
    expect(esr(ARM64_EC_SYS64, 0x300000), 0, LINUX_SIGILL, LINUX_ILL_ILLOPC, 0x400000, -1);
    expect(esr(ARM64_EC_SVE, 0), 0, LINUX_SIGILL, LINUX_ILL_ILLOPC, 0x400000, -1);
    expect(esr(ARM64_EC_ILL, 0), 0, LINUX_SIGILL, LINUX_ILL_ILLOPC, 0x400000, -1);
    /* FP exception with TFV (bit 23) and DZF (bit 1): FPE_FLTDIV; without TFV: FPE_FLTUNK. */
    expect(esr(ARM64_EC_FP_EXC64, (1ULL << 23) | 2), 0, LINUX_SIGFPE, LINUX_FPE_FLTDIV, 0x400000,
           -1);
    expect(esr(ARM64_EC_FP_EXC64, 2), 0, LINUX_SIGFPE, 14, 0x400000, -1);
    /* A trapped WFI: no signal, Linux skips it. */
    struct arch_fault f;
    assert_int_equal(arch_kvm_esr_to_fault(esr(ARM64_EC_WFX, 0), 0, 0x400000, 0, &f), 1);
}

static void test_entry_pstate(void **state)
{
    (void)state;
    struct arch_kvm_page pg;
    struct arch_regs r;
    struct arch_fault f;
    memset(&r, 0, sizeof(r));
    r.pc = 0x400000;
    /* EL1h with DAIF, SS and IL asked for: forced to EL0t, only N Z C V kept. */
    r.pstate = 0x90000000ULL | (1ULL << 21) | (1ULL << 20) | 0x3c5;
    r.flags = ARM64_REGS_X7_HIDDEN;
    assert_int_equal(arch_kvm_load_regs(&pg, &r, &f), 0);
    assert_int_equal(pg.regs.pstate, 0x90000000ULL);
    assert_int_equal(pg.regs.pc, 0x400000);
    assert_int_equal(pg.regs.flags, 0);
    assert_int_equal(pg.flags, 0);
}

static void test_pte_encoding(void **state)
{
    (void)state;
    /* User RW data: EL0 access, not read-only, never executable, not global. */
    uint64_t e = arch_pte_leaf(0x1000000000ULL, ARCH_PROT_READ | ARCH_PROT_WRITE, ARCH_PTE_USER);
    assert_true(arch_pte_present(e));
    assert_int_equal(arch_pte_addr(e), 0x1000000000ULL);
    assert_true((e & ARM64_PTE_AP_EL0) && !(e & ARM64_PTE_AP_RO));
    assert_true((e & ARM64_PTE_UXN) && (e & ARM64_PTE_PXN) && (e & ARM64_PTE_NG));
    assert_true(e & ARM64_PTE_AF);
    /* User code: EL0-executable, still never at EL1. */
    e = arch_pte_leaf(0x1000001000ULL, ARCH_PROT_READ | ARCH_PROT_EXEC, ARCH_PTE_USER);
    assert_true(!(e & ARM64_PTE_UXN) && (e & ARM64_PTE_PXN) && (e & ARM64_PTE_AP_RO));
    /* PROT_NONE: valid but EL1-only and read-only, so EL0 gets a permission fault. */
    e = arch_pte_leaf(0x1000002000ULL, 0, ARCH_PTE_USER);
    assert_true(arch_pte_present(e) && !(e & ARM64_PTE_AP_EL0) && (e & ARM64_PTE_AP_RO));
    /* Ring-0 text: global, EL1-executable, never at EL0. */
    e = arch_pte_leaf(0x40000000ULL, ARCH_PROT_READ | ARCH_PROT_EXEC, ARCH_PTE_GLOBAL);
    assert_true(!(e & ARM64_PTE_NG) && !(e & ARM64_PTE_PXN) && (e & ARM64_PTE_UXN));
    assert_true(!(e & ARM64_PTE_AP_EL0));
    /* The exit page: Device-nGnRnE (MAIR index 1), no shareability bits. */
    e = arch_pte_leaf(ARCH_KVM_EXIT_GPA, ARCH_PROT_READ | ARCH_PROT_WRITE,
                      ARCH_PTE_GLOBAL | ARCH_PTE_DEVICE);
    assert_int_equal((e >> 2) & 7, ARM64_MAIR_IDX_DEVICE);
    assert_int_equal((e >> 8) & 3, 0);
    /* Tables: valid + table, no hierarchical restrictions. */
    assert_int_equal(arch_pte_table(0x40020000ULL), 0x40020000ULL | 3);
    assert_false(arch_pte_is_leaf(arch_pte_table(0x40020000ULL), 1));
    assert_true(arch_pte_is_leaf(e, 0));
    /* Root slot 511 is the ring-0 image's (TTBR1, T1SZ = 16). */
    assert_int_equal(arch_pt_index(ARCH_KVM_KBASE, 3), 511);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_data_aborts),        cmocka_unit_test(test_instruction_aborts),
        cmocka_unit_test(test_other_traps),        cmocka_unit_test(test_entry_pstate),
        cmocka_unit_test(test_pte_encoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
