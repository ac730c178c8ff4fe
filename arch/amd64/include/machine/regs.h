/* SPDX-License-Identifier: MIT */
/* machine/regs.h: the amd64 user register file and FP/SIMD state. */
#ifndef MACHINE_REGS_H
#define MACHINE_REGS_H

#include <stdint.h>

/*
 * Integer registers in the order of Linux's struct user_regs_struct
 * (arch/x86/include/asm/user_64.h), so that PTRACE_GETREGSET(NT_PRSTATUS)
 * fills it directly. orig_rax holds the syscall number on syscall entry.
 */
struct arch_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi, orig_rax;
    uint64_t rip, cs, eflags, rsp, ss;
    uint64_t fs_base, gs_base, ds, es, fs, gs;
};
_Static_assert(sizeof(struct arch_regs) == 27 * 8, "user_regs_struct layout");

/*
 * XSAVE area. 16 KiB covers every XCR0 component a host may enable today
 * (AMX tile data is the largest at 8 KiB; SDM vol. 1 §13.4); size is the byte
 * count the platform filled, 0 when the state is not held here.
 */
#define ARCH_FPSTATE_MAX 16384
struct arch_fpstate {
    uint8_t xsave[ARCH_FPSTATE_MAX] __attribute__((aligned(64)));
    uint32_t size;
};

#endif
