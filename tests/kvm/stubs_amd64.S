/* SPDX-License-Identifier: MIT */
/* tests/kvm/stubs_amd64.S: tiny guest programs the vCPU tests run in ring 3 (copied into guest memory). */

/* Each stub is position independent and ends before the next label; the test
 * copies [stub_x, stub_x_end) to a user code page. */
    .section .rodata.stubs, "a"
    .globl stub_syscall_loop, stub_syscall_loop_end, stub_touch, stub_touch_end
    .globl stub_load, stub_load_end, stub_store, stub_store_end, stub_call, stub_call_end
    .globl stub_divzero, stub_divzero_end, stub_ud2, stub_ud2_end, stub_int3, stub_int3_end
    .globl stub_spin, stub_spin_end, stub_cpuid, stub_cpuid_end, stub_syscall, stub_syscall_end
    .globl stub_fp, stub_fp_end, stub_hlt, stub_hlt_end

/* getpid forever: one SWITCH_SYSCALL per iteration. */
stub_syscall_loop:
    mov $39, %eax
    syscall
    jmp stub_syscall_loop
stub_syscall_loop_end:

/* Write rsi at (rdi), read it back into rax, report by syscall 1000. */
stub_touch:
    mov %rsi, (%rdi)
    mov (%rdi), %rax
    mov %rax, %rdx
    mov $1000, %eax
    syscall
stub_touch_end:

/* Fault helpers: a load, a store, a call through rdi. */
stub_load:
    mov (%rdi), %rax
stub_load_end:
stub_store:
    mov %rax, (%rdi)
stub_store_end:
stub_call:
    call *%rdi
stub_call_end:

stub_divzero:
    xor %ecx, %ecx
    mov $1, %eax
    xor %edx, %edx
    div %ecx
stub_divzero_end:

stub_ud2:
    ud2
stub_ud2_end:

stub_int3:
    int3
stub_int3_end:

/* Spin in ring 3 without ever trapping: only a kick gets it out. */
stub_spin:
    inc %rax
    jmp stub_spin
stub_spin_end:

/* CPUID leaf 0 (vendor), then report by syscall 1001. */
stub_cpuid:
    xor %eax, %eax
    xor %ecx, %ecx
    cpuid
    mov %eax, %r8d
    mov %ecx, %r9d /* syscall clobbers rcx */
    mov $1001, %eax
    syscall
stub_cpuid_end:

/* Just a syscall: registers must come back exactly as given. */
stub_syscall:
    syscall
stub_syscall_end:

/* x87/SSE/AVX state crosses exits: xmm1 = xmm0 + xmm0, syscall, ymm2 = ymm0 (AVX). */
stub_fp:
    movapd %xmm0, %xmm1
    addpd %xmm0, %xmm1
    mov $1002, %eax
    syscall
    vmovapd %ymm0, %ymm2
    mov $1003, %eax
    syscall
stub_fp_end:

/* A privileged instruction from ring 3: #GP. */
stub_hlt:
    hlt
stub_hlt_end:
    .section .note.GNU-stack, "", @progbits
