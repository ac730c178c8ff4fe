/* SPDX-License-Identifier: MIT */
/* arch/arm64/ring0.c: pure EL1 rules for KVM: entry register checks, ESR_EL1 -> Linux signal. */
#include <string.h>

#include "../arch.h"

/*
 * No ioctls here: everything is a function of its arguments, so the unit tests
 * (tests/unit/test_kvm_ring0_arm64.c) check the classification case by case.
 */

/* si_codes not (yet) in abi/consts.h (include/uapi/asm-generic/siginfo.h). */
#define SIGINFO_FPE_FLTOVF 4
#define SIGINFO_FPE_FLTUND 5
#define SIGINFO_FPE_FLTRES 6
#define SIGINFO_FPE_FLTINV 7
#define SIGINFO_FPE_FLTUNK 14
#define SIGINFO_BUS_OBJERR 3
#define SIGINFO_TRAP_HWBKPT 4

/* PSTATE bits (Arm ARM C5.2.19, SPSR_EL1): the user may set only N, Z, C, V. */
#define PSTATE_NZCV 0xf0000000ULL

/*
 * The first address an application may not use (TTBR0 with T0SZ = 16 covers
 * [0, 2^48)). Linux arm64 with 48-bit VAs (TASK_SIZE_64) is the same. With
 * TCR_EL1.TBI0 (set, as Linux sets it for EL0) bits 63:56 of a data address
 * are ignored, but not of an instruction address: an ERET to a pc outside
 * the range raises an instruction abort at EL0, which Linux reports as SIGSEGV.
 */
#define USER_VA_END (1ULL << 48)

int arch_kvm_load_regs(struct arch_kvm_page *pg, const struct arch_regs *r, struct arch_fault *f)
{
    (void)f;
    pg->regs = *r;
    /*
     * Linux valid_user_regs(): a 64-bit EL0t pstate with D, A, I, F clear, or
     * forced to N, Z, C, V only (arch/arm64/kernel/ptrace.c: valid_native_regs()).
     * Keeping only NZCV also drops SS (single step) and IL.
     */
    pg->regs.pstate = r->pstate & PSTATE_NZCV;
    pg->regs.flags = 0;
    pg->flags = 0;
    return 0;
}

/*
 * Data/instruction fault status code, ESR_EL1.ISS[5:0] (Arm ARM, System register
 * ESR_EL1, ISS encoding for an exception from a Data Abort) -> Linux's
 * fault_info table (arch/arm64/mm/fault.c). Linux picks MAPERR or ACCERR by
 * whether a VMA covers the address; the platform maps every VMA page it may
 * touch, so a translation fault is MAPERR and a permission fault ACCERR, except
 * in the TTBR1 half (VA bit 55 set, Arm ARM D8 "VMSAv8-64 translation"), where no
 * application VMA can be.
 */
static void fsc_to_signal(unsigned fsc, uint64_t far, struct arch_fault *f)
{
    f->signo = LINUX_SIGSEGV;
    if (fsc >= 0x04 && fsc <= 0x0f && fsc != 0x08 && fsc != 0x0c && (far & (1ULL << 55))) {
        f->si_code = LINUX_SEGV_MAPERR;
    } else if (fsc >= 0x04 && fsc <= 0x07) { /* translation fault, level 0-3 */
        f->si_code = LINUX_SEGV_MAPERR;
    } else if ((fsc >= 0x09 && fsc <= 0x0b) || (fsc >= 0x0d && fsc <= 0x0f)) {
        f->si_code = LINUX_SEGV_ACCERR;      /* access flag / permission fault, level 1-3 */
    } else if (fsc == 0x21) {                /* alignment fault */
        f->signo = LINUX_SIGBUS;
        f->si_code = LINUX_BUS_ADRALN;
    } else if (fsc == 0x10 || fsc == 0x18) { /* synchronous external abort, parity/ECC */
        f->signo = LINUX_SIGBUS;
        f->si_code = SIGINFO_BUS_OBJERR;
    } else {
        /* Address size faults, table-walk aborts, TLB conflicts: Linux's do_bad(). */
        f->signo = LINUX_SIGKILL;
        f->si_code = LINUX_SI_KERNEL;
    }
}

/*
 * ESR_EL1.ISS of an FP exception, EC 0x2C (Arm ARM, ESR_EL1, ISS encoding for an
 * exception from a trapped floating-point exception) -> si_code, as do_fpsimd_exc().
 */
static int fp_code(uint64_t esr)
{
    if (!(esr & (1ULL << 23)))  /* TFV: the flags below are not valid */
        return SIGINFO_FPE_FLTUNK;
    if (esr & (1ULL << 0))      /* IOF */
        return SIGINFO_FPE_FLTINV;
    if (esr & (1ULL << 1))      /* DZF */
        return LINUX_FPE_FLTDIV;
    if (esr & (1ULL << 2))      /* OFF */
        return SIGINFO_FPE_FLTOVF;
    if (esr & (1ULL << 3))      /* UFF */
        return SIGINFO_FPE_FLTUND;
    if (esr & (1ULL << 4))      /* IXF */
        return SIGINFO_FPE_FLTRES;
    return SIGINFO_FPE_FLTUNK;
}

int arch_kvm_esr_to_fault(uint64_t esr, uint64_t far, uint64_t pc, uint64_t sp,
                          struct arch_fault *f)
{
    unsigned ec = (unsigned)(esr >> ARM64_ESR_EC_SHIFT) & 0x3f;
    memset(f, 0, sizeof(*f));
    f->vector = (int)ec;
    f->access = ARCH_FAULT_UNKNOWN;
    switch (ec) {
    case ARM64_EC_DABT_LOW:
        /* WnR (ISS bit 6) is a write unless CM (bit 8): cache maintenance reads. */
        f->access = (esr & (1ULL << 6)) && !(esr & (1ULL << 8)) ? ARCH_FAULT_WRITE
                                                                : ARCH_FAULT_READ;
        f->addr = far;
        fsc_to_signal((unsigned)esr & 0x3f, far, f);
        return 0;
    case ARM64_EC_IABT_LOW:
        f->access = ARCH_FAULT_EXEC;
        f->addr = far;
        fsc_to_signal((unsigned)esr & 0x3f, far, f);
        return 0;
    case ARM64_EC_PC_ALIGN:     /* do_sp_pc_abort(far, ...) */
        f->signo = LINUX_SIGBUS;
        f->si_code = LINUX_BUS_ADRALN;
        f->addr = far;
        return 0;
    case ARM64_EC_SP_ALIGN:     /* do_sp_pc_abort(regs->sp, ...) */
        f->signo = LINUX_SIGBUS;
        f->si_code = LINUX_BUS_ADRALN;
        f->addr = sp;
        return 0;
    case ARM64_EC_BRK64:        /* brk_handler(): send_user_sigtrap(TRAP_BRKPT) at the brk */
    case ARM64_EC_BREAKPT_LOW:
        f->signo = LINUX_SIGTRAP;
        f->si_code = ec == ARM64_EC_BRK64 ? LINUX_TRAP_BRKPT : SIGINFO_TRAP_HWBKPT;
        f->addr = pc;
        return 0;
    case ARM64_EC_SOFTSTP_LOW:
        f->signo = LINUX_SIGTRAP;
        f->si_code = LINUX_TRAP_TRACE;
        f->addr = pc;
        return 0;
    case ARM64_EC_WATCHPT_LOW:
        f->signo = LINUX_SIGTRAP;
        f->si_code = SIGINFO_TRAP_HWBKPT;
        f->addr = far;
        return 0;
    case ARM64_EC_FP_EXC64:
        f->signo = LINUX_SIGFPE;
        f->si_code = fp_code(esr);
        f->addr = pc;
        return 0;
    case ARM64_EC_WFX:
        /* Linux's wfi_handler() skips a trapped WFI (WFE is not trapped: SCTLR.nTWE). */
        return 1;
    default:
        /*
         * Unknown (UNDEFINED instructions), a trapped MRS/MSR/SYS (ID registers:
         * the platform may emulate them first), SVE/FP access traps (the vCPU
         * offers no SVE), illegal execution state: do_el0_undef()/bad_el0_sync()
         * give SIGILL ILL_ILLOPC at the pc.
         */
        f->signo = LINUX_SIGILL;
        f->si_code = LINUX_ILL_ILLOPC;
        f->addr = pc;
        return 0;
    }
}
