/* SPDX-License-Identifier: MIT */
/* arch/arm64/ptrace_stub.S: the ptrace platform's stub process code (no stack, no libc). */

#include "../stub_params.h"

/* Syscall numbers from include/uapi/asm-generic/unistd.h (arm64 uses that table). */
#define NR_exit_group 94
#define NR_rt_sigreturn 139
#define NR_prctl 167
#define NR_munmap 215
#define NR_mremap 216
#define NR_mmap 222

/* mmap(2), mremap(2) and prctl(2) values (include/uapi/asm-generic/mman*.h, linux/mman.h,
 * linux/prctl.h, linux/seccomp.h, linux/auxvec.h). */
#define PROT_RW 3                /* PROT_READ | PROT_WRITE */
#define MAP_PRIV_ANON_FIXED 0x32 /* MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED */
#define MREMAP_MAYMOVE_FIXED 3   /* MREMAP_MAYMOVE | MREMAP_FIXED */
#define PR_SET_SECCOMP 22
#define PR_SET_NO_NEW_PRIVS 38
#define SECCOMP_MODE_FILTER 2
#define AT_SYSINFO_EHDR 33

    .text

/*
 * The stub image: the one PT_LOAD segment of the ELF file the platform execs
 * (ptrace/ptrace.c), at arch_stub_base(). Entered as a new program: sp at argc,
 * then argv, envp and the auxiliary vector (the ELF loader's layout,
 * fs/binfmt_elf.c: create_elf_tables()). It moves the kernel's vDSO to the
 * platform's window, unmaps everything else but itself, maps the batch table,
 * loads its seccomp filter and traps, all as arch_stub_params
 * (arch/stub_params.h) says. The file is mapped, never written, so no cache
 * maintenance is needed.
 */
    .balign 4096
    .globl arch_stub_start, arch_stub_syscall, arch_stub_batch, arch_stub_params, arch_stub_end
    .globl arm64_stub_trap, arm64_stub_sigreturn
arch_stub_start:
    adr x19, arch_stub_params
    /* AT_SYSINFO_EHDR: skip argc, argv[] and its NULL, then envp[] and its NULL. */
    mov x9, sp
    ldr x10, [x9]
    add x9, x9, x10, lsl #3
    add x9, x9, #16
1:  ldr x10, [x9], #8
    cbnz x10, 1b
    mov x20, #0
2:  ldp x10, x11, [x9], #16
    cbz x10, 3f
    cmp x10, #AT_SYSINFO_EHDR
    b.ne 2b
    mov x20, x11
    b 2b
    /* Move each vDSO region: mremap(ehdr + from, len, len, MAYMOVE | FIXED, to). */
3:  ldr x21, [x19, #STUB_P_NVDSO]
    add x22, x19, #STUB_P_VDSO
    cbz x21, 6f
    cbz x20, 9f
5:  mov x8, #NR_mremap
    ldp x0, x1, [x22]
    add x0, x0, x20
    mov x2, x1
    mov x3, #MREMAP_MAYMOVE_FIXED
    ldr x4, [x22, #16]
    svc #0
    ldr x4, [x22, #16]
    cmp x0, x4
    b.ne 9f
    add x22, x22, #STUB_VDSO_ENTRY
    subs x21, x21, #1
    b.ne 5b
    /* Drop every other mapping exec made (stack, kernel vDSO): below the image ... */
6:  mov x8, #NR_munmap
    mov x0, #0
    ldr x1, [x19, #STUB_P_UNMAP_END]
    svc #0
    cbnz x0, 9f
    /*
     * ... and above it, up to TASK_SIZE with 48-bit VAs, 1 << 48
     * (arch/arm64/include/asm/processor.h: DEFAULT_MAP_WINDOW_64).
     */
    mov x8, #NR_munmap
    ldr x0, [x19, #STUB_P_IMAGE_END]
    movz x1, #1, lsl #48
    sub x1, x1, x0
    svc #0
    cbnz x0, 9f
    mov x8, #NR_mmap
    ldr x0, [x19, #STUB_P_TABLE]
    ldr x1, [x19, #STUB_P_TABLE_LEN]
    mov x2, #PROT_RW
    mov x3, #MAP_PRIV_ANON_FIXED
    mov x4, #-1
    mov x5, #0
    svc #0
    ldr x1, [x19, #STUB_P_TABLE]
    cmp x0, x1
    b.ne 9f
    mov x8, #NR_prctl
    mov x0, #PR_SET_NO_NEW_PRIVS
    mov x1, #1
    mov x2, #0
    mov x3, #0
    mov x4, #0
    svc #0
    cbnz x0, 9f
    mov x8, #NR_prctl
    mov x0, #PR_SET_SECCOMP
    mov x1, #SECCOMP_MODE_FILTER
    add x2, x19, #STUB_P_FPROG
    svc #0
    cbnz x0, 9f
    brk #0                /* ready: the tracer sees SIGTRAP and takes over */
9:  mov x8, #NR_exit_group
    mov x0, #127
    svc #0
    brk #0

/* The tracer injects a host syscall by pointing pc here: svc, then stop. */
arch_stub_syscall:
    svc #0
    brk #0

/*
 * A batch (arch/stub_params.h): x0 = the table, x1 = the entry count. Stops
 * with x21 = the entries that succeeded and x0 = the last result.
 */
arch_stub_batch:
    mov x19, x0
    mov x20, x1
    mov x21, #0
    mov x0, #0
1:  cmp x21, x20
    b.eq 2f
    ldp x8, x0, [x19]
    ldp x1, x2, [x19, #16]
    ldp x3, x4, [x19, #32]
    ldr x5, [x19, #48]
    svc #0
    cmn x0, #4095         /* -4095..-1 is an error (include/linux/err.h: MAX_ERRNO) */
    b.hs 2f
    add x19, x19, #STUB_OP_SIZE
    add x21, x21, #1
    b 1b
2:  brk #0

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
    .balign 64
arch_stub_params:
    .skip STUB_PARAMS_SIZE
    .balign 16
arch_stub_end:

    .section .note.GNU-stack, "", %progbits
