/* SPDX-License-Identifier: MIT */
/* tests/unit/test_kvm_ring0.c: amd64 ring-0 tables (GDT/TSS/IDT), page-table encoding, vector->signal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/arch.h"

/* Fields of an 8-byte segment descriptor (SDM vol. 3A §3.4.5, Figure 3-8). */
static unsigned desc_type(uint64_t d) { return (d >> 40) & 0xf; }
static unsigned desc_s(uint64_t d) { return (d >> 44) & 1; }
static unsigned desc_dpl(uint64_t d) { return (d >> 45) & 3; }
static unsigned desc_p(uint64_t d) { return (d >> 47) & 1; }
static unsigned desc_l(uint64_t d) { return (d >> 53) & 1; }
static unsigned desc_db(uint64_t d) { return (d >> 54) & 1; }

static void test_gdt_selectors_match_star(void **state)
{
    (void)state;
    uint64_t gdt[ARCH_KVM_GDT_ENTRIES];
    arch_kvm_gdt_build(gdt, 0xffffff8000101080ULL);
    /* SYSCALL: CS = STAR[47:32], SS = CS + 8; SYSRET: CS = STAR[63:48] + 16, SS = + 8. */
    assert_int_equal(ARCH_KVM_SEL_KDATA, ARCH_KVM_SEL_KCODE + 8);
    assert_int_equal(ARCH_KVM_SEL_UCODE, (ARCH_KVM_SEL_UCODE32 & ~3) + 16 + 3);
    assert_int_equal(ARCH_KVM_SEL_UDATA, (ARCH_KVM_SEL_UCODE32 & ~3) + 8 + 3);
    assert_int_equal(gdt[0], 0);
    uint64_t kc = gdt[ARCH_KVM_SEL_KCODE >> 3], kd = gdt[ARCH_KVM_SEL_KDATA >> 3];
    uint64_t uc = gdt[ARCH_KVM_SEL_UCODE >> 3], ud = gdt[ARCH_KVM_SEL_UDATA >> 3];
    /* Kernel code: present, code, 64-bit (L=1, D=0), DPL 0. */
    assert_true(desc_p(kc) && desc_s(kc) && (desc_type(kc) & 8) && desc_l(kc) && !desc_db(kc));
    assert_int_equal(desc_dpl(kc), 0);
    assert_true(desc_p(kd) && desc_s(kd) && !(desc_type(kd) & 8) && (desc_type(kd) & 2));
    assert_int_equal(desc_dpl(kd), 0);
    assert_true(desc_p(uc) && (desc_type(uc) & 8) && desc_l(uc));
    assert_int_equal(desc_dpl(uc), 3);
    assert_true(desc_p(ud) && !(desc_type(ud) & 8) && (desc_type(ud) & 2));
    assert_int_equal(desc_dpl(ud), 3);
    /* The values are Linux's GDT_ENTRY_INIT(0xa09b/0xc093/0xa0fb/0xc0f3, 0, 0xfffff). */
    assert_int_equal(kc, 0x00af9b000000ffffULL);
    assert_int_equal(uc, 0x00affb000000ffffULL);
}

static void test_gdt_tss_descriptor(void **state)
{
    (void)state;
    uint64_t gdt[ARCH_KVM_GDT_ENTRIES];
    uint64_t tss = 0xffffff8012345080ULL;
    arch_kvm_gdt_build(gdt, tss);
    uint64_t lo = gdt[ARCH_KVM_SEL_TSS >> 3], hi = gdt[(ARCH_KVM_SEL_TSS >> 3) + 1];
    assert_int_equal(lo & 0xffff, ARCH_KVM_TSS_SIZE - 1);
    assert_int_equal(desc_type(lo), 0xb); /* busy 64-bit TSS */
    assert_int_equal(desc_s(lo), 0);
    assert_int_equal(desc_p(lo), 1);
    uint64_t base = ((lo >> 16) & 0xffffff) | (((lo >> 56) & 0xff) << 24) | (hi << 32);
    assert_int_equal(base, tss);
}

static void test_tss(void **state)
{
    (void)state;
    uint8_t tss[ARCH_KVM_TSS_SIZE];
    arch_kvm_tss_build(tss, 0xffffff8000104000ULL);
    uint64_t rsp0, ist1;
    uint16_t iomap;
    memcpy(&rsp0, tss + 4, 8);
    memcpy(&ist1, tss + 36, 8);
    memcpy(&iomap, tss + 102, 2);
    assert_int_equal(rsp0, 0xffffff8000104000ULL);
    assert_int_equal(ist1, 0xffffff8000104000ULL);
    /* Map base past the limit: no I/O bitmap, every port faults from ring 3. */
    assert_true(iomap >= ARCH_KVM_TSS_SIZE);
}

static void test_idt(void **state)
{
    (void)state;
    static uint64_t idt[512];
    uint64_t base = 0xffffff8000000400ULL;
    arch_kvm_idt_build(idt, base);
    for (unsigned v = 0; v < 256; v++) {
        uint64_t lo = idt[2 * v], hi = idt[2 * v + 1];
        if (v > ARCH_KVM_VEC_KICK) {
            assert_int_equal(lo, 0);
            assert_int_equal(hi, 0);
            continue;
        }
        uint64_t off = (lo & 0xffff) | (((lo >> 48) & 0xffff) << 16) | (hi << 32);
        assert_int_equal(off, base + 16 * v);
        assert_int_equal((lo >> 16) & 0xffff, ARCH_KVM_SEL_KCODE);
        assert_int_equal((lo >> 32) & 7, 1);          /* IST1 */
        assert_int_equal((lo >> 40) & 0xf, 0xe);      /* interrupt gate: IF cleared */
        assert_int_equal((lo >> 47) & 1, 1);          /* present */
        assert_int_equal((lo >> 45) & 3, v == 3 || v == 4 ? 3 : 0); /* int3/into from ring 3 */
    }
}

static void test_pte_encoding(void **state)
{
    (void)state;
    uint64_t gpa = 0x200123000ULL;
    uint64_t rw = arch_pte_leaf(gpa, ARCH_PROT_READ | ARCH_PROT_WRITE, ARCH_PTE_USER);
    assert_int_equal(arch_pte_addr(rw), gpa);
    assert_true(arch_pte_present(rw));
    assert_true(rw & AMD64_PTE_U);
    assert_true(rw & AMD64_PTE_W);
    assert_true(rw & AMD64_PTE_NX);
    assert_true((rw & AMD64_PTE_A) && (rw & AMD64_PTE_D)); /* the CPU never writes the entry */
    assert_false(rw & AMD64_PTE_G);
    uint64_t rx = arch_pte_leaf(gpa, ARCH_PROT_READ | ARCH_PROT_EXEC, ARCH_PTE_USER);
    assert_false(rx & AMD64_PTE_W);
    assert_false(rx & AMD64_PTE_NX);
    /* PROT_NONE: present but supervisor, read-only, NX: a ring-3 access has P=1 (ACCERR). */
    uint64_t none = arch_pte_leaf(gpa, 0, ARCH_PTE_USER);
    assert_true(arch_pte_present(none));
    assert_false(none & (AMD64_PTE_U | AMD64_PTE_W));
    assert_true(none & AMD64_PTE_NX);
    /* Ring-0 image: supervisor, global. */
    uint64_t k = arch_pte_leaf(gpa, ARCH_PROT_READ | ARCH_PROT_EXEC, ARCH_PTE_GLOBAL);
    assert_false(k & AMD64_PTE_U);
    assert_true(k & AMD64_PTE_G);
    uint64_t t = arch_pte_table(0x100020000ULL);
    assert_int_equal(arch_pte_addr(t), 0x100020000ULL);
    assert_true((t & AMD64_PTE_P) && (t & AMD64_PTE_W) && (t & AMD64_PTE_U));
    assert_false(arch_pte_is_leaf(t, 2));
    assert_true(arch_pte_is_leaf(rw, 0));
    /* 4-level indices: 9 bits each above the 12-bit offset. */
    uint64_t va = (5ULL << 39) | (6ULL << 30) | (7ULL << 21) | (8ULL << 12) | 0x123;
    assert_int_equal(arch_pt_index(va, 3), 5);
    assert_int_equal(arch_pt_index(va, 2), 6);
    assert_int_equal(arch_pt_index(va, 1), 7);
    assert_int_equal(arch_pt_index(va, 0), 8);
    assert_int_equal(arch_pt_index(ARCH_KVM_KBASE, 3), 511);
}

struct vcase {
    int vector;
    uint64_t err, cr2, fpu_sw, dr6;
    int ret, signo, code;
    uint64_t addr;
    int access;
};

static void test_vector_to_signal(void **state)
{
    (void)state;
    const uint64_t rip = 0x401000;
    /* FSW/FCW/MXCSR packed as ring0.S stores them: FSW | FCW << 16 | MXCSR << 32. */
    const uint64_t x87_zdiv = 0x0004 | (0x037bULL << 16);      /* ZE raised, ZM unmasked */
    const uint64_t x87_masked = 0x0004 | (0x037fULL << 16);    /* raised but masked */
    const uint64_t sse_inv = (uint64_t)(0x1f80 & ~0x80) << 32 | (1ULL << 32); /* IE, IM clear */
    const uint64_t sse_ovf = (uint64_t)((0x1f80 & ~0x400) | 0x8) << 32;        /* OE, OM clear */
    static const struct vcase cases[] = {
        {0, 0, 0, 0, 0, 0, LINUX_SIGFPE, LINUX_FPE_INTDIV, rip, ARCH_FAULT_UNKNOWN},
        {1, 0, 0, 0, 0x4000, 0, LINUX_SIGTRAP, 2 /* TRAP_TRACE */, rip, 0},
        {1, 0, 0, 0, 0x1, 0, LINUX_SIGTRAP, 4 /* TRAP_HWBKPT */, rip, 0},
        {3, 0, 0, 0, 0, 0, LINUX_SIGTRAP, LINUX_SI_KERNEL, 0, 0},
        {4, 0, 0, 0, 0, 0, LINUX_SIGSEGV, LINUX_SI_KERNEL, 0, 0},
        {5, 0, 0, 0, 0, 0, LINUX_SIGSEGV, LINUX_SI_KERNEL, 0, 0},
        {6, 0, 0, 0, 0, 0, LINUX_SIGILL, LINUX_ILL_ILLOPN, rip, 0},
        {11, 0x10, 0, 0, 0, 0, LINUX_SIGBUS, LINUX_SI_KERNEL, 0, 0},
        {12, 0, 0, 0, 0, 0, LINUX_SIGBUS, LINUX_SI_KERNEL, 0, 0},
        {13, 0, 0, 0, 0, 0, LINUX_SIGSEGV, LINUX_SI_KERNEL, 0, 0},
        {14, 0x4, 0x1000, 0, 0, 0, LINUX_SIGSEGV, LINUX_SEGV_MAPERR, 0x1000, ARCH_FAULT_READ},
        {14, 0x6, 0x1000, 0, 0, 0, LINUX_SIGSEGV, LINUX_SEGV_MAPERR, 0x1000, ARCH_FAULT_WRITE},
        {14, 0x7, 0x1000, 0, 0, 0, LINUX_SIGSEGV, LINUX_SEGV_ACCERR, 0x1000, ARCH_FAULT_WRITE},
        {14, 0x15, 0x2000, 0, 0, 0, LINUX_SIGSEGV, LINUX_SEGV_ACCERR, 0x2000, ARCH_FAULT_EXEC},
        /* Present supervisor page in the upper half: still MAPERR, as Linux (no VMA). */
        {14, 0x5, 0xffffff8000000000ULL, 0, 0, 0, LINUX_SIGSEGV, LINUX_SEGV_MAPERR,
         0xffffff8000000000ULL, ARCH_FAULT_READ},
        {16, 0, 0, x87_zdiv, 0, 0, LINUX_SIGFPE, 3 /* FPE_FLTDIV */, rip, 0},
        {16, 0, 0, x87_masked, 0, 1, 0, 0, 0, 0},
        {19, 0, 0, sse_inv, 0, 0, LINUX_SIGFPE, 7 /* FPE_FLTINV */, rip, 0},
        {19, 0, 0, sse_ovf, 0, 0, LINUX_SIGFPE, 4 /* FPE_FLTOVF */, rip, 0},
        {17, 0, 0, 0, 0, 0, LINUX_SIGBUS, LINUX_BUS_ADRALN, 0, 0},
        {2, 0, 0, 0, 0, -1, 0, 0, 0, 0},
        {7, 0, 0, 0, 0, -1, 0, 0, 0, 0},
        {8, 0, 0, 0, 0, -1, 0, 0, 0, 0},
        {18, 0, 0, 0, 0, -1, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct vcase *c = &cases[i];
        struct arch_fault f;
        int r = arch_kvm_trap_to_fault(c->vector, c->err, c->cr2, rip, c->fpu_sw, c->dr6, &f);
        assert_int_equal(r, c->ret);
        if (r != 0)
            continue;
        assert_int_equal(f.signo, c->signo);
        assert_int_equal(f.si_code, c->code);
        assert_int_equal(f.addr, c->addr);
        assert_int_equal(f.vector, c->vector);
        if (c->vector == 14)
            assert_int_equal(f.access, c->access);
    }
}

static void test_load_regs_sysret_rule(void **state)
{
    (void)state;
    static struct arch_kvm_page pg;
    struct arch_regs r;
    struct arch_fault f;
    arch_regs_init_user(&r, 0x401000, 0x7ffff000);
    r.rcx = r.rip;
    r.r11 = 0x202;
    assert_int_equal(arch_kvm_load_regs(&pg, &r, &f), 0);
    assert_int_equal(pg.flags & ARCH_KVM_F_IRET, 0);
    assert_int_equal(pg.regs.cs, ARCH_KVM_SEL_UCODE);
    assert_int_equal(pg.regs.ss, ARCH_KVM_SEL_UDATA);
    r.rcx = 0; /* after sigreturn: rcx arbitrary -> iret */
    assert_int_equal(arch_kvm_load_regs(&pg, &r, &f), 0);
    assert_true(pg.flags & ARCH_KVM_F_IRET);
    r.rcx = r.rip;
    r.eflags = r.r11 = 0x302; /* TF: iret, so the trap comes after the next instruction */
    assert_int_equal(arch_kvm_load_regs(&pg, &r, &f), 0);
    assert_true(pg.flags & ARCH_KVM_F_IRET);
    /* IOPL, NT, VM and a cleared IF never reach ring 3. */
    r.eflags = 0x3000 | 0x4000 | 0x20000;
    assert_int_equal(arch_kvm_load_regs(&pg, &r, &f), 0);
    assert_int_equal(pg.regs.eflags, 0x202);
    /* Non-canonical pc or TLS base: refused with SIGSEGV. */
    r.rip = 0x800000000000ULL;
    assert_int_equal(arch_kvm_load_regs(&pg, &r, &f), -1);
    assert_int_equal(f.signo, LINUX_SIGSEGV);
    r.rip = 0x401000;
    r.fs_base = 0xffff800000000000ULL;
    assert_int_equal(arch_kvm_load_regs(&pg, &r, &f), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gdt_selectors_match_star),
        cmocka_unit_test(test_gdt_tss_descriptor),
        cmocka_unit_test(test_tss),
        cmocka_unit_test(test_idt),
        cmocka_unit_test(test_pte_encoding),
        cmocka_unit_test(test_vector_to_signal),
        cmocka_unit_test(test_load_regs_sysret_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
