/* SPDX-License-Identifier: MIT */
/* arch/amd64/ring0.S: the guest ring-0 image: SYSCALL entry, exception vectors, sysret/iret, exit to host. */
#include <machine/layout.h>
#include <machine/offsets.h>

/*
 * Exit mode (DESIGN.md "Two execution modes"): ring 0 only moves the
 * application between ring 3 and the host. Its whole life is
 *
 *     for (;;) { vector = enter_user(); exit_to_host(vector); }
 *
 * where exit_to_host is one `out` (KVM_EXIT_IO) and the host resumes the vCPU
 * right after it. Registers travel through the per-vCPU page (struct
 * arch_kvm_page, machine/layout.h), reached through GS (the kernel GS base is
 * the page while in ring 0; swapgs exchanges it with the user's). The image is
 * copied to the arena and runs at ARCH_KVM_KBASE in the upper half of every
 * address space, so it is position independent and touches only its page, its
 * stack and its XSAVE area; it never reads user memory and uses no FP/SIMD
 * register (the live FP state is always the application's).
 */

/* Selectors, GDT order fixed by STAR (see arch/amd64/ring0.c). */
#define KDATA 0x18
#define UDATA 0x2b
#define UCODE 0x33

/* MSR numbers (SDM vol. 4, Table 2-2). */
#define MSR_FS_BASE 0xc0000100
#define MSR_KERNEL_GS_BASE 0xc0000102

/* DR6 value after a #DB has been read: all status bits clear (SDM vol. 3B §18.2.3). */
#define DR6_RESET 0xffff0ff0

    .section .rodata.ring0, "a"
    .balign 4096
    .globl arch_ring0_start, arch_ring0_end, arch_ring0_syscall, arch_ring0_vectors
    .hidden arch_ring0_start, arch_ring0_end, arch_ring0_syscall, arch_ring0_vectors

arch_ring0_start:
    /* First instruction of a new vCPU: rsp = stack top, GS base = its page. */
    jmp resume

/* Exit to the host; it resumes us at `resume` with new requests in the page. */
exit_to_host:
    out %al, $ARCH_KVM_EXIT_PORT
resume:
    mov %gs:PG_FLAGS, %rbx
    test $(ARCH_KVM_F_SAVE_FP | ARCH_KVM_F_PING | ARCH_KVM_F_PING_HLT), %ebx
    jnz request
    test $ARCH_KVM_F_LOAD_FP, %ebx
    jz 1f
    mov %gs:PG_XSAVE_VA, %rdi
    mov %gs:PG_XCR0, %eax
    mov %gs:PG_XCR0+4, %edx
    test %eax, %eax
    jz 3f
    xrstor64 (%rdi)
    jmp 1f
3:  fxrstor64 (%rdi) /* no XSAVE on this vCPU: the 512-byte legacy area */
1:  test $ARCH_KVM_F_CR3, %ebx
    jz 2f
    mov %gs:PG_CR3, %rax
    mov %rax, %cr3
2:  /* The user's FS base, and its GS base into KERNEL_GS_BASE for swapgs. */
    mov $MSR_FS_BASE, %ecx
    mov %gs:R_FS_BASE, %eax
    mov %gs:R_FS_BASE+4, %edx
    wrmsr
    mov $MSR_KERNEL_GS_BASE, %ecx
    mov %gs:R_GS_BASE, %eax
    mov %gs:R_GS_BASE+4, %edx
    wrmsr
    /*
     * An exception entry loads SS with a null selector; AMD's SYSRET keeps the
     * hidden attributes of the old SS (Linux X86_BUG_SYSRET_SS_ATTRS,
     * arch/x86/entry/entry_64.S). Reload a valid kernel SS first.
     */
    mov $KDATA, %eax
    mov %eax, %ss
    test $ARCH_KVM_F_IRET, %ebx
    jnz enter_iret

    /* SYSRET: rcx -> rip, r11 -> rflags (SDM vol. 2B, SYSRET). The host checked
     * rip is canonical: SYSRET to a non-canonical rip #GPs in ring 0 on Intel. */
    mov %gs:R_RIP, %rcx
    mov %gs:R_EFLAGS, %r11
    mov %gs:R_RAX, %rax
    mov %gs:R_RBX, %rbx
    mov %gs:R_RDX, %rdx
    mov %gs:R_RSI, %rsi
    mov %gs:R_RDI, %rdi
    mov %gs:R_RBP, %rbp
    mov %gs:R_R8, %r8
    mov %gs:R_R9, %r9
    mov %gs:R_R10, %r10
    mov %gs:R_R12, %r12
    mov %gs:R_R13, %r13
    mov %gs:R_R14, %r14
    mov %gs:R_R15, %r15
    mov %gs:R_RSP, %rsp
    swapgs
    sysretq

enter_iret:
    /* IRET restores every register, rcx and r11 included (gVisor's FullRestore). */
    mov %gs:PG_STACK_TOP, %rsp
    pushq $UDATA
    pushq %gs:R_RSP
    pushq %gs:R_EFLAGS
    pushq $UCODE
    pushq %gs:R_RIP
    mov %gs:R_RAX, %rax
    mov %gs:R_RBX, %rbx
    mov %gs:R_RCX, %rcx
    mov %gs:R_RDX, %rdx
    mov %gs:R_RSI, %rsi
    mov %gs:R_RDI, %rdi
    mov %gs:R_RBP, %rbp
    mov %gs:R_R8, %r8
    mov %gs:R_R9, %r9
    mov %gs:R_R10, %r10
    mov %gs:R_R11, %r11
    mov %gs:R_R12, %r12
    mov %gs:R_R13, %r13
    mov %gs:R_R14, %r14
    mov %gs:R_R15, %r15
    swapgs
    iretq

request:
    /* Host requests that do not enter ring 3. */
    movq $ARCH_KVM_VEC_DONE, %gs:PG_VECTOR
    test $ARCH_KVM_F_PING_HLT, %ebx
    jz 1f
    hlt
    jmp resume
1:  test $ARCH_KVM_F_SAVE_FP, %ebx
    jz exit_to_host
    mov %gs:PG_XSAVE_VA, %rdi
    mov %gs:PG_XCR0, %eax
    mov %gs:PG_XCR0+4, %edx
    test %eax, %eax
    jz 2f
    xsave64 (%rdi)
    jmp exit_to_host
2:  fxsave64 (%rdi)
    jmp exit_to_host

/* SYSCALL from ring 3 (MSR_LSTAR). FMASK cleared IF, TF, DF, AC, NT, IOPL. */
    .balign 64
arch_ring0_syscall:
    swapgs
    mov %rsp, %gs:R_RSP
    mov %rax, %gs:R_RAX
    mov %rax, %gs:R_ORIG_RAX
    mov %rcx, %gs:R_RIP
    mov %rcx, %gs:R_RCX
    mov %r11, %gs:R_EFLAGS
    mov %r11, %gs:R_R11
    mov %rbx, %gs:R_RBX
    mov %rdx, %gs:R_RDX
    mov %rsi, %gs:R_RSI
    mov %rdi, %gs:R_RDI
    mov %rbp, %gs:R_RBP
    mov %r8, %gs:R_R8
    mov %r9, %gs:R_R9
    mov %r10, %gs:R_R10
    mov %r12, %gs:R_R12
    mov %r13, %gs:R_R13
    mov %r14, %gs:R_R14
    mov %r15, %gs:R_R15
    movq $UCODE, %gs:R_CS
    movq $UDATA, %gs:R_SS
    movq $ARCH_KVM_VEC_SYSCALL, %gs:PG_VECTOR
    jmp save_bases

/* Common tail of user entries: FS/GS bases (the user may wrfsbase) and exit. */
save_bases:
    mov %gs:PG_STACK_TOP, %rsp
    mov $MSR_FS_BASE, %ecx
    rdmsr
    mov %eax, %gs:R_FS_BASE
    mov %edx, %gs:R_FS_BASE+4
    mov $MSR_KERNEL_GS_BASE, %ecx
    rdmsr
    mov %eax, %gs:R_GS_BASE
    mov %edx, %gs:R_GS_BASE+4
    jmp exit_to_host

/*
 * Exception and interrupt stubs, 16 bytes apart: the IDT gate of vector v
 * points at arch_ring0_vectors + 16 * v. Vectors with a hardware error code
 * (SDM vol. 3A §6.15, Table 6-1: 8, 10-14, 17, 21, 29, 30) push none here.
 */
.macro VEC n, err
    .balign 16
    .if \err == 0
    pushq $0
    .endif
    pushq $\n
    jmp exception
.endm

    .balign 16
arch_ring0_vectors:
    VEC 0, 0
    VEC 1, 0
    VEC 2, 0
    VEC 3, 0
    VEC 4, 0
    VEC 5, 0
    VEC 6, 0
    VEC 7, 0
    VEC 8, 1
    VEC 9, 0
    VEC 10, 1
    VEC 11, 1
    VEC 12, 1
    VEC 13, 1
    VEC 14, 1
    VEC 15, 0
    VEC 16, 0
    VEC 17, 1
    VEC 18, 0
    VEC 19, 0
    VEC 20, 0
    VEC 21, 1
    VEC 22, 0
    VEC 23, 0
    VEC 24, 0
    VEC 25, 0
    VEC 26, 0
    VEC 27, 0
    VEC 28, 0
    VEC 29, 1
    VEC 30, 1
    VEC 31, 0
    VEC ARCH_KVM_VEC_KICK, 0

/* Frame on the IST1 stack: 0 vector, 8 error, 16 rip, 24 cs, 32 rflags, 40 rsp, 48 ss. */
exception:
    testb $3, 24(%rsp)
    jz ring0_fault
    swapgs
    mov %rax, %gs:R_RAX
    mov %rbx, %gs:R_RBX
    mov %rcx, %gs:R_RCX
    mov %rdx, %gs:R_RDX
    mov %rsi, %gs:R_RSI
    mov %rdi, %gs:R_RDI
    mov %rbp, %gs:R_RBP
    mov %r8, %gs:R_R8
    mov %r9, %gs:R_R9
    mov %r10, %gs:R_R10
    mov %r11, %gs:R_R11
    mov %r12, %gs:R_R12
    mov %r13, %gs:R_R13
    mov %r14, %gs:R_R14
    mov %r15, %gs:R_R15
    movq $-1, %gs:R_ORIG_RAX
    popq %gs:PG_VECTOR
    popq %gs:PG_ERROR
    popq %gs:R_RIP
    popq %gs:R_CS
    popq %gs:R_EFLAGS
    popq %gs:R_RSP
    popq %gs:R_SS
    mov %gs:PG_VECTOR, %rax
    cmp $14, %eax
    jne 1f
    mov %cr2, %rdx
    mov %rdx, %gs:PG_CR2
    jmp save_bases
1:  cmp $16, %eax
    je 2f
    cmp $19, %eax
    jne 3f
2:  /* #MF/#XM: the status Linux's math_error() turns into si_code. Non-waiting forms. */
    fnstsw %gs:PG_FPU_SW
    fnstcw %gs:PG_FPU_SW+2
    stmxcsr %gs:PG_FPU_SW+4
    jmp save_bases
3:  cmp $1, %eax
    jne save_bases
    mov %dr6, %rdx
    mov %rdx, %gs:PG_DR6
    mov $DR6_RESET, %edx
    mov %rdx, %dr6
    jmp save_bases

/*
 * An exception in ring 0: a bug here, or state the host failed to reject.
 * GS may be the user's (a fault between swapgs and iretq), so find the page
 * from the stack: IST1 lies inside this vCPU's 64 KiB block. Report and stay.
 */
ring0_fault:
    mov %rsp, %rbx
    and $~(ARCH_KVM_VCPU_SIZE - 1), %rbx
    mov 0(%rsp), %rax
    or $ARCH_KVM_VEC_RING0, %rax
    mov %rax, PG_VECTOR(%rbx)
    mov 8(%rsp), %rax
    mov %rax, PG_K_ERR(%rbx)
    mov 16(%rsp), %rax
    mov %rax, PG_K_RIP(%rbx)
    mov 40(%rsp), %rax
    mov %rax, PG_K_RSP(%rbx)
    mov %cr2, %rax
    mov %rax, PG_K_CR2(%rbx)
1:  out %al, $ARCH_KVM_EXIT_PORT
    jmp 1b

    .balign 16
arch_ring0_end:
    .section .note.GNU-stack, "", @progbits
