/* SPDX-License-Identifier: MIT */
/* arch/amd64/ring0.c: pure ring-0 tables for KVM: GDT/TSS/IDT images, entry register rules, vector->signal. */
#include <string.h>

#include "../arch.h"

/*
 * No ioctls here: everything is a function of its arguments, so the unit tests
 * (tests/unit/test_amd64_ring0.c) check the images bit by bit.
 */

/* si_codes not (yet) in abi/consts.h (include/uapi/asm-generic/siginfo.h). */
#ifndef LINUX_FPE_FLTOVF
#define LINUX_FPE_FLTOVF 4
#define LINUX_FPE_FLTUND 5
#define LINUX_FPE_FLTRES 6
#define LINUX_FPE_FLTINV 7
#endif
#ifndef LINUX_TRAP_HWBKPT
#define LINUX_TRAP_HWBKPT 4
#endif

/*
 * GDT, Linux's order (arch/x86/include/asm/segment.h) because STAR demands it:
 * SYSCALL loads CS = STAR[47:32] (0x10) and SS = +8 (0x18); SYSRET loads
 * CS = STAR[63:48] + 16 (0x33) and SS = STAR[63:48] + 8 (0x2b) (SDM vol. 2B,
 * SYSCALL/SYSRET). Descriptor values are Linux's GDT_ENTRY_INIT flags
 * (arch/x86/kernel/cpu/common.c: gdt_page): accessed bit preset, so the CPU
 * never writes the table.
 */
void arch_kvm_gdt_build(uint64_t *gdt, uint64_t tss_va)
{
    memset(gdt, 0, ARCH_KVM_GDT_ENTRIES * sizeof(gdt[0]));
    gdt[ARCH_KVM_SEL_KCODE >> 3] = 0x00af9b000000ffffULL;   /* 64-bit code, DPL 0 (0xa09b) */
    gdt[ARCH_KVM_SEL_KDATA >> 3] = 0x00cf93000000ffffULL;   /* data, DPL 0 (0xc093) */
    gdt[ARCH_KVM_SEL_UCODE32 >> 3] = 0x00cffb000000ffffULL; /* 32-bit code, DPL 3 (0xc0fb) */
    gdt[ARCH_KVM_SEL_UDATA >> 3] = 0x00cff3000000ffffULL;   /* data, DPL 3 (0xc0f3) */
    gdt[ARCH_KVM_SEL_UCODE >> 3] = 0x00affb000000ffffULL;   /* 64-bit code, DPL 3 (0xa0fb) */
    /*
     * 16-byte TSS descriptor (SDM vol. 3A §8.2.3, Figure 8-4): limit 0x67,
     * type 0xb (64-bit TSS, busy: what KVM_SET_SREGS wants for TR), P=1, DPL 0.
     */
    uint64_t lo = (ARCH_KVM_TSS_SIZE - 1) & 0xffff;
    lo |= (tss_va & 0xffffff) << 16;
    lo |= 0x8bULL << 40;
    lo |= ((tss_va >> 24) & 0xff) << 56;
    gdt[ARCH_KVM_SEL_TSS >> 3] = lo;
    gdt[(ARCH_KVM_SEL_TSS >> 3) + 1] = tss_va >> 32;
}

/*
 * 64-bit TSS (SDM vol. 3A §8.7, Figure 8-11). Every gate uses IST1 so that an
 * entry always lands on this vCPU's stack, even from ring 0 with a bad RSP.
 * The I/O map base lies past the limit: every port faults from ring 3.
 */
void arch_kvm_tss_build(uint8_t *tss, uint64_t stack_top)
{
    memset(tss, 0, ARCH_KVM_TSS_SIZE);
    memcpy(tss + 4, &stack_top, 8);   /* RSP0 */
    memcpy(tss + 36, &stack_top, 8);  /* IST1 */
    uint16_t iomap = ARCH_KVM_TSS_SIZE;
    memcpy(tss + 102, &iomap, 2);
}

/*
 * 16-byte interrupt gates (SDM vol. 3A §6.14.1, Figure 6-8): type 0xe (IF
 * cleared on entry), IST 1, CS = kernel code. DPL 0 except #BP and #OF, which
 * ring 3 may raise with int3/into (Linux arch/x86/kernel/idt.c: SYSG). Every
 * other `int n` from ring 3 is a #GP, as on Linux without IA32 emulation.
 */
void arch_kvm_idt_build(uint64_t idt[2 * 256], uint64_t vectors_va)
{
    memset(idt, 0, 2 * 256 * sizeof(idt[0]));
    for (unsigned v = 0; v <= ARCH_KVM_VEC_KICK; v++) {
        uint64_t off = vectors_va + 16 * v;
        unsigned dpl = (v == 3 || v == 4) ? 3 : 0;
        uint64_t lo = off & 0xffff;
        lo |= (uint64_t)ARCH_KVM_SEL_KCODE << 16;
        lo |= 1ULL << 32;                             /* IST1 */
        lo |= (uint64_t)(0x8e | (dpl << 5)) << 40;    /* P, DPL, type 0xe */
        lo |= ((off >> 16) & 0xffff) << 48;
        idt[2 * v] = lo;
        idt[2 * v + 1] = off >> 32;
    }
}

/* User-settable RFLAGS bits: Linux FIX_EFLAGS (arch/x86/kernel/signal.c) plus ID. */
#define RFL_CF 0x1
#define RFL_PF 0x4
#define RFL_AF 0x10
#define RFL_ZF 0x40
#define RFL_SF 0x80
#define RFL_TF 0x100
#define RFL_IF 0x200
#define RFL_DF 0x400
#define RFL_OF 0x800
#define RFL_RF 0x10000
#define RFL_VM 0x20000
#define RFL_AC 0x40000
#define RFL_ID 0x200000
#define RFL_USER (RFL_CF | RFL_PF | RFL_AF | RFL_ZF | RFL_SF | RFL_TF | RFL_DF | RFL_OF | \
                  RFL_RF | RFL_AC | RFL_ID)
#define RFL_FIXED 0x2 /* bit 1 reads as 1 (SDM vol. 1 §3.4.3) */

/* 48-bit canonical lower half, where every user address lives (SDM vol. 1 §3.3.7.1). */
static int user_canonical(uint64_t v)
{
    return v < (1ULL << 47);
}

int arch_kvm_load_regs(struct arch_kvm_page *pg, const struct arch_regs *r, struct arch_fault *f)
{
    /*
     * Checked before entry, like gVisor's vCPU.SwitchToUser: a non-canonical
     * rip makes SYSRET (Intel) or IRET #GP in ring 0, a non-canonical base
     * makes WRMSR #GP. Linux turns the same states into a SIGSEGV at the
     * return to user mode (arch/x86/kernel/traps.c: fixup_bad_iret path).
     */
    if (!user_canonical(r->rip) || !user_canonical(r->fs_base) || !user_canonical(r->gs_base)) {
        memset(f, 0, sizeof(*f));
        f->signo = LINUX_SIGSEGV;
        f->si_code = LINUX_SI_KERNEL;
        f->vector = 13;
        return -1;
    }
    pg->regs = *r;
    pg->regs.cs = ARCH_KVM_SEL_UCODE;
    pg->regs.ss = ARCH_KVM_SEL_UDATA;
    pg->regs.eflags = (r->eflags & RFL_USER) | RFL_FIXED | RFL_IF;
    /*
     * SYSRET only when it restores the same state as IRET would (gVisor
     * FullRestore; Linux entry_SYSCALL_64's checks): rcx == rip, r11 ==
     * rflags, no RF (SYSRET cannot restore it) and no TF (it would trap right
     * after SYSRET instead of after the next instruction).
     */
    int sysret = r->rcx == r->rip && r->r11 == pg->regs.eflags &&
                 !(pg->regs.eflags & (RFL_RF | RFL_TF));
    pg->flags = sysret ? 0 : ARCH_KVM_F_IRET;
    return 0;
}

/* The address a user page fault reports when Linux finds no VMA: any kernel-half address. */
static int fault_access(uint64_t err)
{
    /* #PF error code (SDM vol. 3A §4.7): bit 1 W/R, bit 4 I/D. */
    if (err & 0x10)
        return ARCH_FAULT_EXEC;
    return (err & 0x2) ? ARCH_FAULT_WRITE : ARCH_FAULT_READ;
}

/* Linux arch/x86/kernel/fpu/core.c: fpu__exception_code(). */
static int fp_code(uint64_t fpu_sw, int vector)
{
    unsigned err;
    if (vector == 16) {
        unsigned swd = fpu_sw & 0xffff, cwd = (fpu_sw >> 16) & 0xffff;
        err = swd & ~cwd;
    } else {
        unsigned mxcsr = (unsigned)(fpu_sw >> 32);
        err = ~(mxcsr >> 7) & mxcsr;
    }
    if (err & 0x001)
        return LINUX_FPE_FLTINV; /* invalid operation (or x87 stack fault) */
    if (err & 0x004)
        return LINUX_FPE_FLTDIV;
    if (err & 0x008)
        return LINUX_FPE_FLTOVF;
    if (err & 0x012)
        return LINUX_FPE_FLTUND; /* denormal or underflow */
    if (err & 0x020)
        return LINUX_FPE_FLTRES;
    return 0;
}

int arch_kvm_trap_to_fault(int vector, uint64_t err, uint64_t cr2, uint64_t rip, uint64_t fpu_sw,
                           uint64_t dr6, struct arch_fault *f)
{
    memset(f, 0, sizeof(*f));
    f->vector = vector;
    f->access = ARCH_FAULT_UNKNOWN;
    /* Signals and codes follow Linux arch/x86/kernel/traps.c and mm/fault.c. */
    switch (vector) {
    case 0: /* #DE: exc_divide_error */
        f->signo = LINUX_SIGFPE, f->si_code = LINUX_FPE_INTDIV, f->addr = rip;
        return 0;
    case 1: /* #DB: exc_debug_user -> send_sigtrap(get_si_code(dr6)) */
        f->signo = LINUX_SIGTRAP;
        f->si_code = (dr6 & 0x4000) ? LINUX_TRAP_TRACE
                     : (dr6 & 0xf)  ? LINUX_TRAP_HWBKPT
                                    : LINUX_TRAP_BRKPT;
        f->addr = rip;
        return 0;
    case 3: /* #BP: do_int3_user -> do_trap(SIGTRAP), force_sig: SI_KERNEL */
        f->signo = LINUX_SIGTRAP, f->si_code = LINUX_SI_KERNEL;
        return 0;
    case 4: /* #OF: DO_ERROR(X86_TRAP_OF, SIGSEGV, 0, ...) */
    case 5: /* #BR: exc_bounds -> do_trap(SIGSEGV) */
    case 10: /* #TS */
    case 13: /* #GP: exc_general_protection -> force_sig(SIGSEGV) */
        f->signo = LINUX_SIGSEGV, f->si_code = LINUX_SI_KERNEL;
        return 0;
    case 6: /* #UD: exc_invalid_op */
        f->signo = LINUX_SIGILL, f->si_code = LINUX_ILL_ILLOPN, f->addr = rip;
        return 0;
    case 9: /* coprocessor segment overrun: DO_ERROR(SIGFPE, 0) */
        f->signo = LINUX_SIGFPE, f->si_code = LINUX_SI_KERNEL;
        return 0;
    case 11: /* #NP: DO_ERROR(X86_TRAP_NP, SIGBUS, 0, ...) */
    case 12: /* #SS: DO_ERROR(X86_TRAP_SS, SIGBUS, 0, ...) */
        f->signo = LINUX_SIGBUS, f->si_code = LINUX_SI_KERNEL;
        return 0;
    case 14: /* #PF: mm/fault.c do_user_addr_fault */
        f->signo = LINUX_SIGSEGV;
        f->addr = cr2;
        f->access = fault_access(err);
        /* Kernel-half addresses never have a VMA (bad_area_nosemaphore): MAPERR. */
        f->si_code = (err & 0x1) && user_canonical(cr2) ? LINUX_SEGV_ACCERR : LINUX_SEGV_MAPERR;
        return 0;
    case 16: /* #MF: exc_coprocessor_error -> math_error */
    case 19: /* #XM: exc_simd_coprocessor_error -> math_error */
        f->signo = LINUX_SIGFPE;
        f->si_code = fp_code(fpu_sw, vector);
        f->addr = rip;
        return f->si_code ? 0 : 1; /* no unmasked exception: Linux sends nothing */
    case 17: /* #AC: exc_alignment_check -> do_trap(SIGBUS, BUS_ADRALN), no address */
        f->signo = LINUX_SIGBUS, f->si_code = LINUX_BUS_ADRALN;
        return 0;
    default: /* 2 NMI, 7 #NM, 8 #DF, 18 #MC, 20+: never from a correct ring 0 */
        return -1;
    }
}
