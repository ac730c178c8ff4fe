/* SPDX-License-Identifier: MIT */
/* machine/regs.h: the arm64 user register file and FP/SIMD state. */
#ifndef MACHINE_REGS_H
#define MACHINE_REGS_H

#include <stdint.h>

/*
 * x0..pstate are Linux's struct user_pt_regs (arch/arm64/include/uapi/asm/ptrace.h),
 * so PTRACE_GETREGSET(NT_PRSTATUS) fills them directly. The rest is state the
 * kernel keeps outside user_pt_regs:
 *  - tpidr_el0: the TLS register (its own regset, NT_ARM_TLS);
 *  - orig_x0: the first syscall argument; x0 also carries the return value,
 *    so a restart needs the original (struct pt_regs.orig_x0 in asm/ptrace.h);
 *  - flags: ARM64_REGS_* facts about how the registers were captured.
 */
struct arch_regs {
    uint64_t x[31];
    uint64_t sp;
    uint64_t pc;
    uint64_t pstate;
    uint64_t tpidr_el0;
    uint64_t orig_x0;
    uint64_t flags;
};
_Static_assert(__builtin_offsetof(struct arch_regs, tpidr_el0) == 34 * 8, "user_pt_regs layout");

/*
 * x[7] does not hold the task's value: Linux overwrites x7 with the stop kind
 * during a ptrace syscall-entry stop and puts the real value back on resume,
 * discarding what the tracer wrote (arch/arm64/kernel/ptrace.c: report_syscall()).
 */
#define ARM64_REGS_X7_HIDDEN 0x1

/*
 * FP/SIMD state, held as the payload of Linux's struct fpsimd_context (the
 * bytes after its 8-byte header: fpsr, fpcr, then v0..v31; see
 * abi/arm64/signal.h). That is the image a signal frame stores and
 * rt_sigreturn copies back, so the core can move it as opaque bytes.
 *
 * The member keeps the contract's name "xsave" (amd64's) because generic code
 * addresses the image by it. It is larger than the 520-byte payload because
 * kernel/signal.c sizes its frame buffer as sizeof(xsave) + 4096, and the arm64
 * frame (rt_sigframe plus frame record, ~4.7 KiB) must fit.
 */
#define ARM64_FPSIMD_PAYLOAD 520
#define ARCH_FPSTATE_MAX 1024
struct arch_fpstate {
    uint8_t xsave[ARCH_FPSTATE_MAX] __attribute__((aligned(16)));
    uint32_t size;
    /* The task's real x7, recovered when the FP state was fetched at a syscall stop. */
    uint32_t x7_valid;
    uint64_t x7;
};

#endif
