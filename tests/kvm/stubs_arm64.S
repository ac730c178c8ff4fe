/* SPDX-License-Identifier: MIT */
/* tests/kvm/stubs_arm64.S: tiny guest programs the vCPU tests run at EL0 (copied into guest memory). */

/* Each stub is position independent and ends before the next label; the test
 * copies [stub_x, stub_x_end) to a user code page. Syscall numbers are arm64's
 * (getpid 172) or made up (1000+) for the test to recognise. */
    .section .rodata.stubs, "a"
    .balign 4
    .globl stub_syscall_loop, stub_syscall_loop_end, stub_touch, stub_touch_end
    .globl stub_load, stub_load_end, stub_store, stub_store_end, stub_call, stub_call_end
    .globl stub_udf, stub_udf_end, stub_brk, stub_brk_end, stub_spin, stub_spin_end
    .globl stub_mrs, stub_mrs_end, stub_syscall, stub_syscall_end, stub_fp, stub_fp_end
    .globl stub_priv, stub_priv_end, stub_wfi, stub_wfi_end, stub_pac, stub_pac_end
    /* stub_cpuid: the arch's trapped-and-emulated instruction, for bench/kvm_exits.c. */
    .globl stub_cpuid, stub_cpuid_end

/* getpid forever: one SWITCH_SYSCALL per iteration. */
stub_syscall_loop:
    mov x8, #172
    svc #0
    b stub_syscall_loop
stub_syscall_loop_end:

/* Write x1 at [x0], read it back into x2, report by syscall 1000. */
stub_touch:
    str x1, [x0]
    ldr x2, [x0]
    mov x8, #1000
    svc #0
stub_touch_end:

/* Fault helpers: a load, a store, a call through x0. */
stub_load:
    ldr x1, [x0]
stub_load_end:
stub_store:
    str x1, [x0]
stub_store_end:
stub_call:
    blr x0
stub_call_end:

/* A permanently undefined instruction (Arm ARM C6.2.390, UDF). */
stub_udf:
    udf #0
stub_udf_end:

stub_brk:
    brk #0
stub_brk_end:

/* Spin at EL0 without ever trapping: only a kick gets it out. */
stub_spin:
    add x0, x0, #1
    b stub_spin
stub_spin_end:

/* An ID register read from EL0 (MIDR_EL1): trapped, emulated as Linux does; then syscall 1001. */
stub_mrs:
stub_cpuid:
    mrs x1, midr_el1
    mov x8, #1001
    svc #0
stub_mrs_end:
stub_cpuid_end:

/* Just a syscall: registers must come back exactly as given. */
stub_syscall:
    svc #0
stub_syscall_end:

/* FP/SIMD state crosses exits: v1 = v0 + v0, syscall 1002, v2 = v0, syscall 1003. */
stub_fp:
    fadd v1.2d, v0.2d, v0.2d
    mov x8, #1002
    svc #0
    mov v2.16b, v0.16b
    mov x8, #1003
    svc #0
stub_fp_end:

/* An EL1 register from EL0: SIGILL. */
stub_priv:
    mrs x1, sctlr_el1
stub_priv_end:

/*
 * Pointer authentication: PACIASP/AUTIASP (hint space) and PACGA (not), by
 * encoding so no -march is needed (Arm ARM C6.2.203 PACIASP 0xd503233f,
 * C6.2.15 AUTIASP 0xd50323bf, C6.2.196 PACGA 0x9ac03000 | Rm << 16 | Rn << 5 | Rd).
 * x2 = PACGA(x0, x1); then syscall 1005.
 */
stub_pac:
    .inst 0xd503233f
    .inst 0xd50323bf
    .inst 0x9ac13002
    mov x8, #1005
    svc #0
stub_pac_end:

/* WFI at EL0 traps and is skipped (as Linux); then syscall 1004. */
stub_wfi:
    wfi
    mov x8, #1004
    svc #0
stub_wfi_end:

    .section .note.GNU-stack, "", @progbits
