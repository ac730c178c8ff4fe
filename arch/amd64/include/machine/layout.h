/* SPDX-License-Identifier: MIT */
/* machine/layout.h: amd64 KVM guest layout: guest-physical map, the upper-half ring-0 image, the per-vCPU page. */
#ifndef MACHINE_LAYOUT_H
#define MACHINE_LAYOUT_H

/*
 * Guest-physical map (two memory slots, both owned by kvm/):
 *
 *   GPA                      size        what
 *   0x0_0000_0000 - 4 GiB    -           unused (legacy holes; KVM_SET_TSS_ADDR page)
 *   ARCH_KVM_ARENA_GPA       256 MiB     the arena: ring-0 image, IDT, per-vCPU
 *                                        blocks, page-table pool (anonymous memory)
 *   ARCH_KVM_USER_GPA        memfile     the memory file: GPA = offset + this base
 *
 * Arena layout (offsets from its start; the same offsets from ARCH_KVM_KBASE in
 * the upper half of every address space, for the pages that are mapped there):
 *
 *   0x0000000  ring-0 text (ring0.S), 64 KiB max      mapped R+X, global, supervisor
 *   0x0010000  IDT, one page                          mapped R, NX, global, supervisor
 *   0x0020000  upper-half page tables (16 pages)      not mapped (host-only)
 *   0x0040000  probe page (start-up self-test code)   mapped into the probe's lower half only
 *   0x0100000  vCPU blocks, 64 KiB each, up to 128:
 *                +0x0000 struct arch_kvm_page        RW, NX, global, supervisor
 *                +0x1000 GDT (+0x80: TSS)             RW, NX, global, supervisor
 *                +0x2000 ring-0 stack, 8 KiB          RW, NX, global, supervisor
 *                +0x4000 XSAVE area, 16 KiB           RW, NX, global, supervisor
 *                +0x8000 guard (unmapped)
 *   0x1000000  page-table pool up to the arena's end  not mapped (host-only)
 *
 * The ring-0 image finds its vCPU block from RSP (block = RSP & ~0xffff) on
 * exceptions and from GS (swapgs) on SYSCALL, so blocks must stay 64 KiB
 * aligned and the stack inside its block.
 */
#define ARCH_KVM_ARENA_GPA 0x100000000ULL   /* 4 GiB: above every legacy hole */
#define ARCH_KVM_ARENA_SIZE 0x10000000ULL   /* 256 MiB, NORESERVE */
#define ARCH_KVM_USER_GPA 0x200000000ULL    /* 8 GiB */
#define ARCH_KVM_TSS_GPA 0xfffbd000ULL      /* KVM_SET_TSS_ADDR: 3 pages below 4 GiB, no slot */

/* PML4 slot 511: the top 512 GiB (SDM vol. 3A §4.5, 4-level paging). */
#define ARCH_KVM_KBASE 0xffffff8000000000ULL

#define ARCH_KVM_TEXT_OFF 0x0000000ULL
#define ARCH_KVM_TEXT_MAX 0x10000ULL
#define ARCH_KVM_IDT_OFF 0x0010000ULL
#define ARCH_KVM_UPT_OFF 0x0020000ULL
#define ARCH_KVM_UPT_PAGES 16
#define ARCH_KVM_PROBE_OFF 0x0040000ULL
#define ARCH_KVM_VCPU_OFF 0x0100000ULL
#define ARCH_KVM_VCPU_SIZE 0x10000ULL
#define ARCH_KVM_MAX_VCPUS 128
#define ARCH_KVM_POOL_OFF 0x1000000ULL

/* Inside a vCPU block. */
#define ARCH_KVM_BLK_PAGE 0x0000
#define ARCH_KVM_BLK_GDT 0x1000
#define ARCH_KVM_BLK_TSS 0x1080
#define ARCH_KVM_BLK_STACK 0x2000
#define ARCH_KVM_BLK_STACK_TOP 0x4000
#define ARCH_KVM_BLK_XSAVE 0x4000
#define ARCH_KVM_BLK_XSAVE_MAX 0x4000
#define ARCH_KVM_BLK_MAPPED 0x8000

/* The ring-0 image leaves the VM by `out %al, $port` (cheapest exit measured; bench/kvm_exit). */
#define ARCH_KVM_EXIT_PORT 0x10

/* Vectors the ring-0 image reports in page.vector besides exceptions 0-31. */
#define ARCH_KVM_VEC_KICK 0x20      /* injected by the host with KVM_INTERRUPT */
#define ARCH_KVM_VEC_SYSCALL 0x100  /* SYSCALL from ring 3 (gVisor's pseudo-vector 256) */
#define ARCH_KVM_VEC_RING0 0x200    /* | vector: an exception in ring 0 (a bug) */
#define ARCH_KVM_VEC_DONE 0x300     /* a host request (save FP, ping) completed */

/* page.flags, written by the host before each KVM_RUN. */
#define ARCH_KVM_F_IRET 0x1     /* return by iretq (full restore), not sysretq */
#define ARCH_KVM_F_LOAD_FP 0x2  /* xrstor the XSAVE area first */
#define ARCH_KVM_F_SAVE_FP 0x4  /* xsave into the XSAVE area and exit (no user entry) */
#define ARCH_KVM_F_CR3 0x8      /* load page.cr3 (new address space or TLB flush) */
#define ARCH_KVM_F_PING 0x10    /* exit at once by out (benchmark) */
#define ARCH_KVM_F_PING_HLT 0x20 /* exit at once by hlt (benchmark) */

/*
 * GDT selectors (Linux's, arch/x86/include/asm/segment.h); the order is forced
 * by STAR, see arch/amd64/ring0.c. Entry 1 is unused, the TSS takes 7 and 8.
 */
#define ARCH_KVM_SEL_KCODE 0x10
#define ARCH_KVM_SEL_KDATA 0x18
#define ARCH_KVM_SEL_UCODE32 0x23
#define ARCH_KVM_SEL_UDATA 0x2b
#define ARCH_KVM_SEL_UCODE 0x33
#define ARCH_KVM_SEL_TSS 0x38
#define ARCH_KVM_GDT_ENTRIES 9
#define ARCH_KVM_TSS_SIZE 0x68 /* 64-bit TSS (SDM vol. 3A §8.7) */

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "regs.h"

/*
 * The per-vCPU page: registers and requests travel through it, never through
 * KVM_GET_REGS/KVM_SET_REGS. Layout pinned by offsets.h / offsets_check.c.
 */
struct arch_kvm_page {
    struct arch_regs regs; /* 0x000 user registers (ptrace layout) */
    uint64_t vector;       /* 0x0d8 why ring 0 exited: exception, ARCH_KVM_VEC_* */
    uint64_t error_code;   /* 0x0e0 hardware error code */
    uint64_t cr2;          /* 0x0e8 #PF address */
    uint64_t flags;        /* 0x0f0 ARCH_KVM_F_* */
    uint64_t cr3;          /* 0x0f8 address-space root to load with F_CR3 */
    uint64_t xcr0;         /* 0x100 XSAVE/XRSTOR feature mask (= XCR0) */
    uint64_t stack_top;    /* 0x108 upper-half address of the ring-0 stack top */
    uint64_t xsave_va;     /* 0x110 upper-half address of the XSAVE area */
    uint64_t fpu_sw;       /* 0x118 on #MF/#XM: FSW | FCW << 16 | MXCSR << 32 */
    uint64_t dr6;          /* 0x120 on #DB */
    uint64_t k_rip;        /* 0x128 ring-0 fault: rip */
    uint64_t k_rsp;        /* 0x130 ring-0 fault: rsp */
    uint64_t k_cr2;        /* 0x138 ring-0 fault: cr2 */
    uint64_t k_err;        /* 0x140 ring-0 fault: error code */
};
#endif

#endif
