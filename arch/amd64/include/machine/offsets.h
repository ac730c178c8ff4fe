/* SPDX-License-Identifier: MIT */
/* machine/offsets.h: struct arch_kvm_page offsets for ring0.S (asserted in offsets_check.c). */
#ifndef MACHINE_OFFSETS_H
#define MACHINE_OFFSETS_H

/* struct arch_regs (user_regs_struct order, machine/regs.h). */
#define R_R15 0x00
#define R_R14 0x08
#define R_R13 0x10
#define R_R12 0x18
#define R_RBP 0x20
#define R_RBX 0x28
#define R_R11 0x30
#define R_R10 0x38
#define R_R9 0x40
#define R_R8 0x48
#define R_RAX 0x50
#define R_RCX 0x58
#define R_RDX 0x60
#define R_RSI 0x68
#define R_RDI 0x70
#define R_ORIG_RAX 0x78
#define R_RIP 0x80
#define R_CS 0x88
#define R_EFLAGS 0x90
#define R_RSP 0x98
#define R_SS 0xa0
#define R_FS_BASE 0xa8
#define R_GS_BASE 0xb0

/* struct arch_kvm_page (machine/layout.h). */
#define PG_VECTOR 0xd8
#define PG_ERROR 0xe0
#define PG_CR2 0xe8
#define PG_FLAGS 0xf0
#define PG_CR3 0xf8
#define PG_XCR0 0x100
#define PG_STACK_TOP 0x108
#define PG_XSAVE_VA 0x110
#define PG_FPU_SW 0x118
#define PG_DR6 0x120
#define PG_K_RIP 0x128
#define PG_K_RSP 0x130
#define PG_K_CR2 0x138
#define PG_K_ERR 0x140

#endif
