/* SPDX-License-Identifier: MIT */
/* machine/layout.h: arm64 KVM guest layout: guest-physical map, the TTBR1 ring-0 image, the per-vCPU page. */
#ifndef MACHINE_LAYOUT_H
#define MACHINE_LAYOUT_H

/*
 * Guest-physical map (IPA; the VM is created with the default 40-bit IPA
 * space, KVM_CREATE_VM type 0, Documentation/virt/kvm/api.rst 4.2):
 *
 *   IPA                      size        what
 *   ARCH_KVM_EXIT_GPA        4 KiB       no memory slot: ring 0's store there is
 *                                        its exit to the host (KVM_EXIT_MMIO)
 *   ARCH_KVM_ARENA_GPA       256 MiB     the arena: ring-0 image, per-vCPU
 *                                        blocks, page-table pool (anonymous memory)
 *   ARCH_KVM_USER_GPA        memfile     the memory file: IPA = offset + this base
 *
 * Virtual map: TTBR0_EL1 holds the application's tables (VA [0, 2^48)), TTBR1_EL1
 * the kernel root, whose slot 511 maps the top 512 GiB (ARCH_KVM_KBASE): the
 * ring-0 image, identical under every TTBR0, never EL0-accessible.
 *
 * Arena layout (offsets from its start; the same offsets from ARCH_KVM_KBASE for
 * the pages mapped in the upper half):
 *
 *   0x0000000  ring-0 text (ring0.S), vectors first   mapped R+X, global, EL1 only
 *   0x0010000  (the exit page is mapped here, at the  device memory, EL1 only
 *              upper-half VA KBASE + 0x10000, to
 *              ARCH_KVM_EXIT_GPA)
 *   0x0020000  upper-half page tables                not mapped (host-only)
 *   0x0040000  probe page (start-up self-test code)   mapped into the probe's lower half only
 *   0x0050000  user image (the ptrace stub's code,    mapped R+X for EL0 at arch_stub_base()
 *              for its rt_sigreturn trampoline)       in every application address space
 *   0x0100000  vCPU blocks, 64 KiB each, up to 128:
 *                +0x0000 struct arch_kvm_page        RW, XN, global, EL1 only
 *                +0x1000 FP/SIMD save area           RW, XN, global, EL1 only
 *                +0x2000 ring-0 stack, 8 KiB          RW, XN, global, EL1 only
 *                +0x4000 guard (unmapped)
 *   0x1000000  page-table pool up to the arena's end  not mapped (host-only)
 *
 * Ring 0 finds its page through TPIDR_EL1 (set once per vCPU); SP_EL1 is the
 * top of its stack.
 */
#define ARCH_KVM_EXIT_GPA 0x08000000ULL    /* 128 MiB: below the arena, in no slot */
#define ARCH_KVM_ARENA_GPA 0x40000000ULL   /* 1 GiB */
#define ARCH_KVM_ARENA_SIZE 0x10000000ULL  /* 256 MiB, NORESERVE */
#define ARCH_KVM_USER_GPA 0x1000000000ULL  /* 64 GiB: the 64 GiB file ends at 2^37 */

/* TTBR1 with T1SZ = 16: root slot 511 is VA 0xffffff8000000000 upwards (Arm ARM D8.2). */
#define ARCH_KVM_KBASE 0xffffff8000000000ULL

#define ARCH_KVM_TEXT_OFF 0x0000000ULL
#define ARCH_KVM_TEXT_MAX 0x10000ULL
#define ARCH_KVM_EXIT_OFF 0x0010000ULL
#define ARCH_KVM_UPT_OFF 0x0020000ULL
#define ARCH_KVM_PROBE_OFF 0x0040000ULL
#define ARCH_KVM_UIMG_OFF 0x0050000ULL
#define ARCH_KVM_UIMG_MAX 0x10000ULL
#define ARCH_KVM_VCPU_OFF 0x0100000ULL
#define ARCH_KVM_VCPU_SIZE 0x10000ULL
#define ARCH_KVM_MAX_VCPUS 128
#define ARCH_KVM_POOL_OFF 0x1000000ULL

/* Inside a vCPU block. */
#define ARCH_KVM_BLK_PAGE 0x0000
#define ARCH_KVM_BLK_FP 0x1000
#define ARCH_KVM_BLK_STACK 0x2000
#define ARCH_KVM_BLK_STACK_TOP 0x4000
#define ARCH_KVM_BLK_MAPPED 0x4000

/* What ring 0 reports in page.vector. */
#define ARCH_KVM_VEC_SYNC 0x1     /* a synchronous exception from EL0: page.esr says which */
#define ARCH_KVM_VEC_KICK 0x2     /* an SError from EL0: the host's kick (KVM_SET_VCPU_EVENTS) */
#define ARCH_KVM_VEC_DONE 0x300   /* a host request (save FP, ping) completed */
#define ARCH_KVM_VEC_RING0 0x200  /* | table slot (0..15): an exception ring 0 did not expect */

/* page.flags, written by the host before each KVM_RUN (bit numbers for tbz/tbnz). */
#define ARCH_KVM_FB_LOAD_FP 0
#define ARCH_KVM_FB_TTBR0 1
#define ARCH_KVM_FB_SAVE_FP 2 /* SAVE_FP | PING: one contiguous mask for `tst` */
#define ARCH_KVM_FB_PING 3
#define ARCH_KVM_F_LOAD_FP (1 << ARCH_KVM_FB_LOAD_FP) /* load the FP/SIMD save area first */
#define ARCH_KVM_F_SAVE_FP (1 << ARCH_KVM_FB_SAVE_FP) /* save FP/SIMD and exit (no user entry) */
#define ARCH_KVM_F_TTBR0 (1 << ARCH_KVM_FB_TTBR0)     /* load page.ttbr0 and flush the TLB */
#define ARCH_KVM_F_PING (1 << ARCH_KVM_FB_PING)       /* exit at once (benchmark) */
/* kvm/vm.c's alternative exit (amd64: hlt). arm64 has one exit: the same as PING. */
#define ARCH_KVM_F_PING_HLT 0

/*
 * ESR_EL1.EC, bits 31:26 (Arm ARM DDI 0487, System register "ESR_EL1, Exception
 * Syndrome Register (EL1)"; the names are Linux's, arch/arm64/include/asm/esr.h).
 */
#define ARM64_ESR_EC_SHIFT 26
#define ARM64_EC_UNKNOWN 0x00
#define ARM64_EC_WFX 0x01
#define ARM64_EC_FP_ASIMD 0x07
#define ARM64_EC_ILL 0x0e
#define ARM64_EC_SVC64 0x15
#define ARM64_EC_SYS64 0x18
#define ARM64_EC_SVE 0x19
#define ARM64_EC_IABT_LOW 0x20
#define ARM64_EC_PC_ALIGN 0x22
#define ARM64_EC_DABT_LOW 0x24
#define ARM64_EC_SP_ALIGN 0x26
#define ARM64_EC_FP_EXC64 0x2c
#define ARM64_EC_SERROR 0x2f
#define ARM64_EC_BREAKPT_LOW 0x30
#define ARM64_EC_SOFTSTP_LOW 0x32
#define ARM64_EC_WATCHPT_LOW 0x34
#define ARM64_EC_BRK64 0x3c

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "regs.h"

/*
 * The per-vCPU page: registers and requests travel through it, never through
 * KVM_GET/SET_ONE_REG. Layout pinned by offsets.h / offsets_check.c.
 */
struct arch_kvm_page {
    struct arch_regs regs; /* 0x000 user registers (user_pt_regs + tpidr_el0 ...) */
    uint64_t vector;       /* 0x128 ARCH_KVM_VEC_* */
    uint64_t esr;          /* 0x130 ESR_EL1 of a synchronous exception */
    uint64_t far;          /* 0x138 FAR_EL1 of it */
    uint64_t flags;        /* 0x140 ARCH_KVM_F_* */
    uint64_t ttbr0;        /* 0x148 TTBR0_EL1 to load with F_TTBR0 */
    uint64_t fp_va;        /* 0x150 upper-half address of the FP/SIMD save area */
    uint64_t exit_va;      /* 0x158 upper-half address of the exit page */
    uint64_t k_elr;        /* 0x160 ring-0 exception: ELR_EL1 */
    uint64_t k_spsr;       /* 0x168 ring-0 exception: SPSR_EL1 */
    uint64_t k_esr;        /* 0x170 ring-0 exception: ESR_EL1 */
    uint64_t k_far;        /* 0x178 ring-0 exception: FAR_EL1 */
};
#endif

#endif
