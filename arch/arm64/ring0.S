/* SPDX-License-Identifier: MIT */
/* arch/arm64/ring0.S: the guest EL1 image: VBAR_EL1 vectors, SVC/abort entry from EL0, eret, exit to host. */
#include <machine/layout.h>
#include <machine/offsets.h>

/*
 * Exit mode (DESIGN.md "Two execution modes"): EL1 only moves the application
 * between EL0 and the host. Its whole life is
 *
 *     for (;;) { vector = enter_user(); exit_to_host(vector); }
 *
 * where exit_to_host is one store to the exit page, whose IPA is in no memory
 * slot: a stage-2 abort KVM reports as KVM_EXIT_MMIO, and the next KVM_RUN
 * completes the store and resumes after it (Documentation/virt/kvm/api.rst,
 * KVM_EXIT_MMIO). HVC would not do: Linux 6.1 answers unknown HVCs itself.
 *
 * Registers travel through the per-vCPU page (struct arch_kvm_page,
 * machine/layout.h), found through TPIDR_EL1. The image is copied to the
 * arena and runs at ARCH_KVM_KBASE (TTBR1), so it is position independent and
 * touches only its page, its stack and its FP save area. It never reads user
 * memory and uses FP/SIMD registers only to load and save the application's.
 * It runs with DAIF all masked (PSTATE = EL1h | DAIF); EL0 runs with all
 * unmasked, so the host's kick (a virtual SError) is taken only from EL0.
 */

/* SPSR/PSTATE M[3:0] for EL1h (Arm ARM C5.2.19, SPSR_EL1). */
#define SPSR_MODE_MASK 0xf

    .section .rodata.ring0, "a"
    .balign 4096
    .globl arch_ring0_start, arch_ring0_end, arch_ring0_entry
    .hidden arch_ring0_start, arch_ring0_end, arch_ring0_entry

/*
 * VBAR_EL1: 16 entries of 0x80 bytes, 2 KiB aligned (Arm ARM D1.10.2,
 * "Exception vectors"): current EL with SP_EL0, current EL with SP_ELx,
 * lower EL AArch64, lower EL AArch32; each Sync, IRQ, FIQ, SError.
 */
.macro SLOT_RING0 n
    .balign 0x80
    mov x17, #\n
    b ring0_fault
.endm
.macro SLOT_EL0 vec
    .balign 0x80
    stp x0, x1, [sp, #-16]!
    mov x1, #\vec
    b el0_entry
.endm

arch_ring0_start:
    SLOT_RING0 0    /* 0x000 EL1t sync */
    SLOT_RING0 1    /* 0x080 EL1t IRQ */
    SLOT_RING0 2    /* 0x100 EL1t FIQ */
    SLOT_RING0 3    /* 0x180 EL1t SError */
    SLOT_RING0 4    /* 0x200 EL1h sync: a bug in ring 0 */
    SLOT_RING0 5    /* 0x280 EL1h IRQ */
    SLOT_RING0 6    /* 0x300 EL1h FIQ */
    SLOT_RING0 7    /* 0x380 EL1h SError */
    SLOT_EL0 ARCH_KVM_VEC_SYNC  /* 0x400 EL0 AArch64 sync: SVC, aborts, undef, ... */
    SLOT_RING0 9    /* 0x480 EL0 IRQ: no interrupt controller, never raised */
    SLOT_RING0 10   /* 0x500 EL0 FIQ */
    SLOT_EL0 ARCH_KVM_VEC_KICK  /* 0x580 EL0 SError: the kick */
    SLOT_RING0 12   /* 0x600 EL0 AArch32: the vCPU has no AArch32 EL0 enabled */
    SLOT_RING0 13
    SLOT_RING0 14
    SLOT_RING0 15
    .balign 0x80

/* First instruction of a new vCPU: SP_EL1 = stack top, TPIDR_EL1 = its page, MMU on. */
arch_ring0_entry:
    b resume

/* Exit to the host; it resumes us after the store with new requests in the page. */
exit_to_host:
    mrs x0, tpidr_el1
    ldr x1, [x0, #PG_EXIT_VA]
    str xzr, [x1]
resume:
    mrs x0, tpidr_el1
    ldr x1, [x0, #PG_FLAGS]
    tst x1, #(ARCH_KVM_F_SAVE_FP | ARCH_KVM_F_PING)
    b.ne request
    tbz x1, #ARCH_KVM_FB_LOAD_FP, 1f
    ldr x2, [x0, #PG_FP_VA]
    ldr w3, [x2, #FP_FPSR]
    msr fpsr, x3
    ldr w3, [x2, #FP_FPCR]
    msr fpcr, x3
    add x2, x2, #FP_V0
    ldp q0, q1, [x2, #0]
    ldp q2, q3, [x2, #32]
    ldp q4, q5, [x2, #64]
    ldp q6, q7, [x2, #96]
    ldp q8, q9, [x2, #128]
    ldp q10, q11, [x2, #160]
    ldp q12, q13, [x2, #192]
    ldp q14, q15, [x2, #224]
    ldp q16, q17, [x2, #256]
    ldp q18, q19, [x2, #288]
    ldp q20, q21, [x2, #320]
    ldp q22, q23, [x2, #352]
    ldp q24, q25, [x2, #384]
    ldp q26, q27, [x2, #416]
    ldp q28, q29, [x2, #448]
    ldp q30, q31, [x2, #480]
1:  tbz x1, #ARCH_KVM_FB_TTBR0, 2f
    /*
     * A new address space, or the old one changed: switch the root and drop
     * every non-global translation (TLBI VMALLE1 drops all; the image's are
     * refetched), and this CPU's instruction cache to the point of
     * unification (the host may have put other code in a page this VA maps;
     * it cleaned its data cache for it, arch_kvm_sync_icache()). DSB before:
     * the host's table writes are visible; DSB+ISB after: the maintenance is
     * complete before EL0 runs (Arm ARM D8.14 "TLB maintenance" and B2.4.4
     * "Cache maintenance instructions" barrier rules).
     */
    ldr x2, [x0, #PG_TTBR0]
    msr ttbr0_el1, x2
    isb
    dsb ishst
    tlbi vmalle1
    ic iallu
    dsb nsh
    isb
2:  /* The user's sp, pc, pstate and TLS; the host sanitised pstate (EL0t). */
    ldr x2, [x0, #R_SP]
    msr sp_el0, x2
    ldr x2, [x0, #R_PC]
    msr elr_el1, x2
    ldr x2, [x0, #R_PSTATE]
    msr spsr_el1, x2
    ldr x2, [x0, #R_TPIDR]
    msr tpidr_el0, x2
    ldp x2, x3, [x0, #R_X0 + 16]
    ldp x4, x5, [x0, #R_X0 + 32]
    ldp x6, x7, [x0, #R_X0 + 48]
    ldp x8, x9, [x0, #R_X0 + 64]
    ldp x10, x11, [x0, #R_X0 + 80]
    ldp x12, x13, [x0, #R_X0 + 96]
    ldp x14, x15, [x0, #R_X0 + 112]
    ldp x16, x17, [x0, #R_X0 + 128]
    ldp x18, x19, [x0, #R_X0 + 144]
    ldp x20, x21, [x0, #R_X0 + 160]
    ldp x22, x23, [x0, #R_X0 + 176]
    ldp x24, x25, [x0, #R_X0 + 192]
    ldp x26, x27, [x0, #R_X0 + 208]
    ldp x28, x29, [x0, #R_X0 + 224]
    ldr x30, [x0, #R_X0 + 240]
    ldp x0, x1, [x0, #R_X0]
    eret
    /* No speculation past the eret (as Linux's kernel_exit: sb, or dsb nsh; isb). */
    dsb nsh
    isb

request:
    /* Host requests that do not enter EL0. */
    mov x2, #ARCH_KVM_VEC_DONE
    str x2, [x0, #PG_VECTOR]
    tbz x1, #ARCH_KVM_FB_SAVE_FP, exit_to_host
    ldr x2, [x0, #PG_FP_VA]
    mrs x3, fpsr
    str w3, [x2, #FP_FPSR]
    mrs x3, fpcr
    str w3, [x2, #FP_FPCR]
    add x2, x2, #FP_V0
    stp q0, q1, [x2, #0]
    stp q2, q3, [x2, #32]
    stp q4, q5, [x2, #64]
    stp q6, q7, [x2, #96]
    stp q8, q9, [x2, #128]
    stp q10, q11, [x2, #160]
    stp q12, q13, [x2, #192]
    stp q14, q15, [x2, #224]
    stp q16, q17, [x2, #256]
    stp q18, q19, [x2, #288]
    stp q20, q21, [x2, #320]
    stp q22, q23, [x2, #352]
    stp q24, q25, [x2, #384]
    stp q26, q27, [x2, #416]
    stp q28, q29, [x2, #448]
    stp q30, q31, [x2, #480]
    b exit_to_host

/*
 * Entry from EL0: x0 and x1 are on the stack, x1 holds the vector. Save every
 * user register into the page, the exception's ESR/FAR, and exit. The host
 * decodes ESR_EL1.EC (arch/arm64/ring0.c).
 */
el0_entry:
    mrs x0, tpidr_el1
    str x1, [x0, #PG_VECTOR]
    stp x2, x3, [x0, #R_X0 + 16]
    stp x4, x5, [x0, #R_X0 + 32]
    stp x6, x7, [x0, #R_X0 + 48]
    stp x8, x9, [x0, #R_X0 + 64]
    stp x10, x11, [x0, #R_X0 + 80]
    stp x12, x13, [x0, #R_X0 + 96]
    stp x14, x15, [x0, #R_X0 + 112]
    stp x16, x17, [x0, #R_X0 + 128]
    stp x18, x19, [x0, #R_X0 + 144]
    stp x20, x21, [x0, #R_X0 + 160]
    stp x22, x23, [x0, #R_X0 + 176]
    stp x24, x25, [x0, #R_X0 + 192]
    stp x26, x27, [x0, #R_X0 + 208]
    stp x28, x29, [x0, #R_X0 + 224]
    str x30, [x0, #R_X0 + 240]
    ldp x2, x3, [sp], #16
    stp x2, x3, [x0, #R_X0]
    mrs x2, sp_el0
    str x2, [x0, #R_SP]
    mrs x2, elr_el1
    str x2, [x0, #R_PC]
    mrs x2, spsr_el1
    str x2, [x0, #R_PSTATE]
    mrs x2, tpidr_el0
    str x2, [x0, #R_TPIDR]
    mrs x2, esr_el1
    str x2, [x0, #PG_ESR]
    mrs x2, far_el1
    str x2, [x0, #PG_FAR]
    b exit_to_host

/*
 * An exception ring 0 did not expect: a bug here, or state the host failed to
 * reject. x17 holds the slot; x17 and the stack are ring 0's own, so nothing
 * of the application is lost that was not already saved. Report and stay.
 */
ring0_fault:
    mrs x16, tpidr_el1
    orr x17, x17, #ARCH_KVM_VEC_RING0
    str x17, [x16, #PG_VECTOR]
    mrs x17, elr_el1
    str x17, [x16, #PG_K_ELR]
    mrs x17, spsr_el1
    str x17, [x16, #PG_K_SPSR]
    mrs x17, esr_el1
    str x17, [x16, #PG_K_ESR]
    mrs x17, far_el1
    str x17, [x16, #PG_K_FAR]
    ldr x17, [x16, #PG_EXIT_VA]
1:  str xzr, [x17]
    b 1b

    .balign 16
arch_ring0_end:
    .section .note.GNU-stack, "", @progbits
