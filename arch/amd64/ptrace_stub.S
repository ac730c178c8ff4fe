/* SPDX-License-Identifier: MIT */
/* arch/amd64/ptrace_stub.S: the ptrace platform's stub process code (no stack, no libc). */

/* Syscall numbers from arch/x86/entry/syscalls/syscall_64.tbl. */
#define NR_mmap 9
#define NR_mprotect 10
#define NR_munmap 11
#define NR_exit_group 231

/* mmap(2) flag values (include/uapi/asm-generic/mman*.h). */
#define PROT_RW 3           /* PROT_READ | PROT_WRITE */
#define PROT_RX 5           /* PROT_READ | PROT_EXEC */
#define MAP_PRIV_ANON_FIXED 0x32 /* MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED */

/* TASK_SIZE_MAX on x86_64 with 4-level paging: (1 << 47) - PAGE_SIZE
 * (arch/x86/include/asm/page_64_types.h). */
#define TASK_SIZE_MAX 0x7ffffffff000

    .text

/*
 * void arch_stub_bootstrap(uint64_t dst, const void *src, uint64_t len, uint64_t unmap_end)
 *
 * Runs in the freshly forked child, after its seccomp filter is loaded. Maps
 * the stub image at its fixed address @dst, copies it there from the runtime's
 * text, and jumps into it. Uses registers only: the mmap may replace the
 * child's own stack, which the stub never needs.
 */
    .globl arch_stub_bootstrap
    .type arch_stub_bootstrap, @function
arch_stub_bootstrap:
    mov %rdi, %r12
    mov %rsi, %r13
    mov %rdx, %r14
    mov %rcx, %r15
    mov $NR_mmap, %eax
    mov %r12, %rdi
    mov %r14, %rsi
    mov $PROT_RW, %edx
    mov $MAP_PRIV_ANON_FIXED, %r10d
    mov $-1, %r8
    xor %r9d, %r9d
    syscall
    cmp %r12, %rax
    jne 1f
    mov %r12, %rdi
    mov %r13, %rsi
    mov %r14, %rcx
    cld
    rep movsb
    mov $NR_mprotect, %eax
    mov %r12, %rdi
    mov %r14, %rsi
    mov $PROT_RX, %edx
    syscall
    test %rax, %rax
    jnz 1f
    mov %r12, %rdi
    mov %r14, %rsi
    mov %r15, %rdx
    jmp *%r12            /* arch_stub_entry is the first byte of the image */
1:  mov $NR_exit_group, %eax
    mov $127, %edi
    syscall
    ud2
    .size arch_stub_bootstrap, . - arch_stub_bootstrap

/*
 * The stub image, copied to the stub address. Position-independent.
 * Entry: %rdi = its own base, %rsi = its length, %rdx = the end of the range
 * below it to clear (its base, or lower to keep what the platform moved there).
 */
    .balign 4096
    .globl arch_stub_start, arch_stub_syscall, arch_stub_end
arch_stub_start:
    mov %rdi, %r12
    mov %rsi, %r13
    mov %rdx, %r14
    /* Drop every mapping the fork brought along: below the stub ... */
    mov $NR_munmap, %eax
    xor %edi, %edi
    mov %r14, %rsi
    syscall
    /* ... and above it, up to the top of user space. */
    mov $NR_munmap, %eax
    lea (%r12,%r13), %rdi
    movabs $TASK_SIZE_MAX, %rsi
    sub %rdi, %rsi
    syscall
    int3                 /* ready: the tracer sees SIGTRAP and takes over */
    ud2

/* The tracer injects a host syscall by pointing rip here: syscall, then stop. */
arch_stub_syscall:
    syscall
    int3
    ud2
    .balign 16
arch_stub_end:

    .section .note.GNU-stack, "", @progbits
