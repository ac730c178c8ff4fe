/* SPDX-License-Identifier: MIT */
/* arch/amd64/ptrace_stub.S: the ptrace platform's stub process code (no stack, no libc). */

#include "../stub_params.h"

/* Syscall numbers from arch/x86/entry/syscalls/syscall_64.tbl. */
#define NR_mmap 9
#define NR_munmap 11
#define NR_mremap 25
#define NR_prctl 157
#define NR_exit_group 231

/* mmap(2), mremap(2) and prctl(2) values (include/uapi/asm-generic/mman*.h, linux/mman.h,
 * linux/prctl.h, linux/seccomp.h, linux/auxvec.h). */
#define PROT_RW 3                /* PROT_READ | PROT_WRITE */
#define MAP_PRIV_ANON_FIXED 0x32 /* MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED */
#define MREMAP_MAYMOVE_FIXED 3   /* MREMAP_MAYMOVE | MREMAP_FIXED */
#define PR_SET_SECCOMP 22
#define PR_SET_NO_NEW_PRIVS 38
#define SECCOMP_MODE_FILTER 2
#define AT_SYSINFO_EHDR 33

/* TASK_SIZE_MAX on x86_64 with 4-level paging: (1 << 47) - PAGE_SIZE
 * (arch/x86/include/asm/page_64_types.h). */
#define TASK_SIZE_MAX 0x7ffffffff000

    .text

/*
 * The stub image: the one PT_LOAD segment of the ELF file the platform execs
 * (ptrace/ptrace.c), at arch_stub_base(). Entered as a new program: %rsp at
 * argc, then argv, envp and the auxiliary vector (System V AMD64 ABI 3.4.1).
 * It moves the kernel's vDSO to the platform's window, unmaps everything else
 * but itself, maps the batch table, loads its seccomp filter and traps, all as
 * arch_stub_params (arch/stub_params.h) says.
 */
    .balign 4096
    .globl arch_stub_start, arch_stub_syscall, arch_stub_batch, arch_stub_params, arch_stub_end
arch_stub_start:
    lea arch_stub_params(%rip), %rbx
    /* AT_SYSINFO_EHDR: skip argc, argv[] and its NULL, then envp[] and its NULL. */
    mov (%rsp), %rax
    lea 16(%rsp,%rax,8), %rcx
1:  mov (%rcx), %rax
    add $8, %rcx
    test %rax, %rax
    jnz 1b
    xor %r15d, %r15d
2:  mov (%rcx), %rax
    test %rax, %rax
    jz 3f
    cmp $AT_SYSINFO_EHDR, %rax
    jne 4f
    mov 8(%rcx), %r15
4:  add $16, %rcx
    jmp 2b
    /* Move each vDSO region: mremap(ehdr + from, len, len, MAYMOVE | FIXED, to). */
3:  mov STUB_P_NVDSO(%rbx), %r12
    lea STUB_P_VDSO(%rbx), %r13
    test %r12, %r12
    jz 6f
    test %r15, %r15
    jz 9f
5:  mov $NR_mremap, %eax
    mov (%r13), %rdi
    add %r15, %rdi
    mov 8(%r13), %rsi
    mov %rsi, %rdx
    mov $MREMAP_MAYMOVE_FIXED, %r10d
    mov 16(%r13), %r8
    syscall
    cmp 16(%r13), %rax
    jne 9f
    add $STUB_VDSO_ENTRY, %r13
    dec %r12
    jnz 5b
    /* Drop every other mapping exec made (stack, kernel vDSO): below the image ... */
6:  mov $NR_munmap, %eax
    xor %edi, %edi
    mov STUB_P_UNMAP_END(%rbx), %rsi
    syscall
    test %rax, %rax
    jnz 9f
    /* ... and above it, up to the top of user space. */
    mov $NR_munmap, %eax
    mov STUB_P_IMAGE_END(%rbx), %rdi
    movabs $TASK_SIZE_MAX, %rsi
    sub %rdi, %rsi
    syscall
    test %rax, %rax
    jnz 9f
    mov $NR_mmap, %eax
    mov STUB_P_TABLE(%rbx), %rdi
    mov STUB_P_TABLE_LEN(%rbx), %rsi
    mov $PROT_RW, %edx
    mov $MAP_PRIV_ANON_FIXED, %r10d
    mov $-1, %r8
    xor %r9d, %r9d
    syscall
    cmp STUB_P_TABLE(%rbx), %rax
    jne 9f
    mov $NR_prctl, %eax
    mov $PR_SET_NO_NEW_PRIVS, %edi
    mov $1, %esi
    xor %edx, %edx
    xor %r10d, %r10d
    xor %r8d, %r8d
    syscall
    test %rax, %rax
    jnz 9f
    mov $NR_prctl, %eax
    mov $PR_SET_SECCOMP, %edi
    mov $SECCOMP_MODE_FILTER, %esi
    lea STUB_P_FPROG(%rbx), %rdx
    syscall
    test %rax, %rax
    jnz 9f
    int3                 /* ready: the tracer sees SIGTRAP and takes over */
    ud2
9:  mov $NR_exit_group, %eax
    mov $127, %edi
    syscall
    ud2

/* The tracer injects a host syscall by pointing rip here: syscall, then stop. */
arch_stub_syscall:
    syscall
    int3
    ud2

/*
 * A batch (arch/stub_params.h): %rdi = the table, %rsi = the entry count. Stops
 * with %r14 = the entries that succeeded and %rax = the last result.
 */
arch_stub_batch:
    mov %rdi, %r12
    mov %rsi, %r13
    xor %r14d, %r14d
    xor %eax, %eax
1:  cmp %r13, %r14
    je 2f
    mov (%r12), %rax
    mov 8(%r12), %rdi
    mov 16(%r12), %rsi
    mov 24(%r12), %rdx
    mov 32(%r12), %r10
    mov 40(%r12), %r8
    mov 48(%r12), %r9
    syscall
    cmp $-4095, %rax     /* -4095..-1 is an error (include/linux/err.h: MAX_ERRNO) */
    jae 2f
    add $STUB_OP_SIZE, %r12
    inc %r14
    jmp 1b
2:  int3
    ud2

    .balign 64
arch_stub_params:
    .skip STUB_PARAMS_SIZE
    .balign 16
arch_stub_end:

    .section .note.GNU-stack, "", @progbits
