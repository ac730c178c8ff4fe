/* SPDX-License-Identifier: MIT */
/* machine/offsets.h: struct arch_regs / arch_kvm_page offsets for ring0.S (asserted in offsets_check.c). */
#ifndef MACHINE_OFFSETS_H
#define MACHINE_OFFSETS_H

/* struct arch_regs (machine/regs.h): x0..x30 at 8 * n, then these. */
#define R_X0 0x000
#define R_SP 0x0f8
#define R_PC 0x100
#define R_PSTATE 0x108
#define R_TPIDR 0x110

/* struct arch_kvm_page (machine/layout.h). */
#define PG_VECTOR 0x128
#define PG_ESR 0x130
#define PG_FAR 0x138
#define PG_FLAGS 0x140
#define PG_TTBR0 0x148
#define PG_FP_VA 0x150
#define PG_EXIT_VA 0x158
#define PG_K_ELR 0x160
#define PG_K_SPSR 0x168
#define PG_K_ESR 0x170
#define PG_K_FAR 0x178

/* The FP/SIMD save area: the fpsimd_context payload (fpsr, fpcr, v0..v31). */
#define FP_FPSR 0
#define FP_FPCR 4
#define FP_V0 8

#endif
