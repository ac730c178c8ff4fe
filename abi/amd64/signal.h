/* SPDX-License-Identifier: MIT */
/* abi/amd64/signal.h: the x86_64 signal frame (arch/x86/include/uapi/asm/sigcontext.h, asm/sigframe.h). */
#ifndef ABI_AMD64_SIGNAL_H
#define ABI_AMD64_SIGNAL_H

#include <stddef.h>
#include <stdint.h>
#include "../types.h"

/* struct sigcontext, 64-bit flavour (uapi/asm/sigcontext.h). */
struct linux_sigcontext_amd64 {
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err, trapno, oldmask, cr2;
    uint64_t fpstate; /* guest address of the XSAVE/FXSAVE image, 0 = none */
    uint64_t reserved1[8];
};
_Static_assert(sizeof(struct linux_sigcontext_amd64) == 256, "sigcontext");
_Static_assert(offsetof(struct linux_sigcontext_amd64, cs) == 144, "sigcontext.cs");
_Static_assert(offsetof(struct linux_sigcontext_amd64, fpstate) == 184, "sigcontext.fpstate");

struct linux_ucontext_amd64 {
    uint64_t uc_flags;
    uint64_t uc_link;
    struct linux_stack uc_stack;
    struct linux_sigcontext_amd64 uc_mcontext;
    uint64_t uc_sigmask;
};
_Static_assert(sizeof(struct linux_ucontext_amd64) == 304, "ucontext");

/* struct rt_sigframe (arch/x86/include/asm/sigframe.h); the FP image sits below it. */
struct linux_rt_sigframe_amd64 {
    uint64_t pretcode; /* sa_restorer: the handler's return address */
    struct linux_ucontext_amd64 uc;
    struct linux_siginfo info;
};
_Static_assert(sizeof(struct linux_rt_sigframe_amd64) == 440, "rt_sigframe");
_Static_assert(offsetof(struct linux_rt_sigframe_amd64, info) == 312, "rt_sigframe.info");

/* uc_flags (arch/x86/include/uapi/asm/ucontext.h). */
#define LINUX_UC_FP_XSTATE 0x1
#define LINUX_UC_SIGCONTEXT_SS 0x2
#define LINUX_UC_STRICT_RESTORE_SS 0x4

/* struct _fpx_sw_bytes lives in the FXSAVE image's software-reserved bytes 464..511. */
#define LINUX_FP_XSTATE_MAGIC1 0x46505853U
#define LINUX_FP_XSTATE_MAGIC2 0x46505845U
#define LINUX_FPX_SW_BYTES_OFFSET 464
struct linux_fpx_sw_bytes {
    uint32_t magic1;
    uint32_t extended_size; /* xstate size + 4 bytes of MAGIC2 */
    uint64_t xfeatures;
    uint32_t xstate_size;
    uint32_t padding[7];
};
_Static_assert(sizeof(struct linux_fpx_sw_bytes) == 48, "fpx_sw_bytes");

#endif
