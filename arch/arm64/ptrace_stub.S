/* SPDX-License-Identifier: MIT */
/* arch/arm64/ptrace_stub.S: the ptrace platform's stub process code (no stack, no libc). */

/* Syscall numbers from include/uapi/asm-generic/unistd.h (arm64 uses that table). */
#define NR_munmap 215
#define NR_mmap 222
#define NR_mprotect 226
#define NR_exit_group 94
#define NR_rt_sigreturn 139

/* mmap(2) flag values (include/uapi/asm-generic/mman*.h). */
#define PROT_RW 3                /* PROT_READ | PROT_WRITE */
#define PROT_RX 5                /* PROT_READ | PROT_EXEC */
#define MAP_PRIV_ANON_FIXED 0x32 /* MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED */

/*
 * CTR_EL0 cache line fields, log2 of the line size in 4-byte words
 * (Arm ARM D19.2.34, CTR_EL0: DminLine bits 19:16, IminLine bits 3:0).
 */
#define CTR_DMINLINE_SHIFT 16
#define CTR_IMINLINE_SHIFT 0

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
    .type arch_stub_bootstrap, %function
    .balign 4
arch_stub_bootstrap:
    mov x19, x0
    mov x20, x1
    mov x21, x2
    mov x22, x3
    mov x8, #NR_mmap
    mov x0, x19
    mov x1, x21
    mov x2, #PROT_RW
    mov x3, #MAP_PRIV_ANON_FIXED
    mov x4, #-1
    mov x5, #0
    svc #0
    cmp x0, x19
    b.ne 9f
    mov x9, #0
1:  ldrb w10, [x20, x9]
    strb w10, [x19, x9]
    add x9, x9, #1
    cmp x9, x21
    b.lo 1b
    /*
     * Written code must reach instruction fetch: clean the data cache to the
     * point of unification, then invalidate the instruction cache, by line
     * (Arm ARM B2.4.4, "Concurrent modification and execution of instructions").
     */
    mrs x11, ctr_el0
    mov x13, #4
    add x14, x19, x21
    ubfx x12, x11, #CTR_DMINLINE_SHIFT, #4
    lsl x12, x13, x12
    mov x9, x19
2:  dc cvau, x9
    add x9, x9, x12
    cmp x9, x14
    b.lo 2b
    dsb ish
    ubfx x12, x11, #CTR_IMINLINE_SHIFT, #4
    lsl x12, x13, x12
    mov x9, x19
3:  ic ivau, x9
    add x9, x9, x12
    cmp x9, x14
    b.lo 3b
    dsb ish
    isb
    mov x8, #NR_mprotect
    mov x0, x19
    mov x1, x21
    mov x2, #PROT_RX
    svc #0
    cbnz x0, 9f
    mov x0, x19
    mov x1, x21
    mov x2, x22
    br x19                /* arch_stub_start is the first byte of the image */
9:  mov x8, #NR_exit_group
    mov x0, #127
    svc #0
    brk #0
    .size arch_stub_bootstrap, . - arch_stub_bootstrap

/*
 * The stub image, copied to the stub address. Position-independent.
 * Entry: x0 = its own base, x1 = its length, x2 = the end of the range below it
 * to clear (its base, or lower to keep what the platform moved there).
 */
    .balign 4096
    .globl arch_stub_start, arch_stub_syscall, arch_stub_end
    .globl arm64_stub_trap, arm64_stub_sigreturn
arch_stub_start:
    mov x19, x0
    mov x20, x1
    mov x21, x2
    /* Drop every mapping the fork brought along: below the stub ... */
    mov x8, #NR_munmap
    mov x0, #0
    mov x1, x21
    svc #0
    /*
     * ... and above it, up to TASK_SIZE with 48-bit VAs, 1 << 48
     * (arch/arm64/include/asm/processor.h: DEFAULT_MAP_WINDOW_64).
     */
    mov x8, #NR_munmap
    add x0, x19, x20
    movz x1, #1, lsl #48
    sub x1, x1, x0
    svc #0
    brk #0                /* ready: the tracer sees SIGTRAP and takes over */

/* The tracer injects a host syscall by pointing pc here: svc, then stop. */
arch_stub_syscall:
    svc #0
    brk #0

/* A bare stop: the tracer steps the stub out of a syscall-entry stop to here. */
arm64_stub_trap:
    brk #0

/*
 * The signal return trampoline for handlers installed without SA_RESTORER,
 * which glibc never sets on arm64: Linux returns through the vDSO's
 * __kernel_rt_sigreturn (arch/arm64/kernel/vdso/sigreturn.S), and these are
 * its two instructions, so unwinders (libgcc's aarch64 linux-unwind.h)
 * recognise the frame here too.
 */
    .balign 8
arm64_stub_sigreturn:
    mov x8, #NR_rt_sigreturn
    svc #0
    .balign 16
arch_stub_end:

    .section .note.GNU-stack, "", %progbits
