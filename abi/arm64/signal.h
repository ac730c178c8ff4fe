/* SPDX-License-Identifier: MIT */
/* abi/arm64/signal.h: the arm64 signal frame (arch/arm64/include/uapi/asm/sigcontext.h, ucontext.h; arch/arm64/kernel/signal.c). */
#ifndef ABI_ARM64_SIGNAL_H
#define ABI_ARM64_SIGNAL_H

#include <stddef.h>
#include <stdint.h>
#include "../types.h"

/*
 * Frame as arch/arm64/kernel/signal.c:setup_rt_frame() builds it, low to high:
 *
 *   sp ->  struct rt_sigframe { siginfo; ucontext }    4688 bytes, 16-aligned
 *            uc.uc_mcontext.__reserved[4096] holds records, each starting with
 *            struct _aarch64_ctx {magic, size}: fpsimd_context, esr_context
 *            (faults only), ..., then a {0, 0} terminator
 *          (padding to 16)
 *   x29 -> struct frame_record { fp, lr }               the interrupted x29/x30
 *          the old sp (or the alternate stack's top); arm64 has no red zone
 *
 * rt_sigreturn finds the frame at the handler's sp on return.
 */

/* struct sigcontext (uapi/asm/sigcontext.h). */
struct linux_sigcontext_arm64 {
    uint64_t fault_address;
    uint64_t regs[31];
    uint64_t sp;
    uint64_t pc;
    uint64_t pstate;
    uint8_t __reserved[4096] __attribute__((aligned(16)));
};
_Static_assert(offsetof(struct linux_sigcontext_arm64, sp) == 256, "sigcontext.sp");
_Static_assert(offsetof(struct linux_sigcontext_arm64, __reserved) == 288, "sigcontext.__reserved");
_Static_assert(sizeof(struct linux_sigcontext_arm64) == 4384, "sigcontext");

/* struct ucontext (uapi/asm/ucontext.h): the sigset is padded to glibc's 1024 bits. */
struct linux_ucontext_arm64 {
    uint64_t uc_flags;
    uint64_t uc_link;
    struct linux_stack uc_stack;
    uint64_t uc_sigmask;
    uint8_t __unused[1024 / 8 - 8];
    struct linux_sigcontext_arm64 uc_mcontext;
};
_Static_assert(offsetof(struct linux_ucontext_arm64, uc_sigmask) == 40, "ucontext.uc_sigmask");
_Static_assert(offsetof(struct linux_ucontext_arm64, uc_mcontext) == 176, "ucontext.uc_mcontext");
_Static_assert(sizeof(struct linux_ucontext_arm64) == 4560, "ucontext");

/* struct rt_sigframe (arch/arm64/kernel/signal.c). */
struct linux_rt_sigframe_arm64 {
    struct linux_siginfo info;
    struct linux_ucontext_arm64 uc;
};
_Static_assert(offsetof(struct linux_rt_sigframe_arm64, uc) == 128, "rt_sigframe.uc");
_Static_assert(sizeof(struct linux_rt_sigframe_arm64) == 4688, "rt_sigframe");

/* struct frame_record (arch/arm64/kernel/signal.c): an AAPCS64 frame record for unwinders. */
struct linux_frame_record_arm64 {
    uint64_t fp;
    uint64_t lr;
};
_Static_assert(sizeof(struct linux_frame_record_arm64) == 16, "frame_record");

/* Record header in __reserved (uapi/asm/sigcontext.h: struct _aarch64_ctx). */
struct linux_aarch64_ctx {
    uint32_t magic;
    uint32_t size;
};

#define LINUX_FPSIMD_MAGIC 0x46508001U
#define LINUX_ESR_MAGIC 0x45535201U
#define LINUX_EXTRA_MAGIC 0x45585401U
#define LINUX_SVE_MAGIC 0x53564501U

/* struct fpsimd_context: fpsr, fpcr, then the 32 128-bit V registers. */
struct linux_fpsimd_context {
    struct linux_aarch64_ctx head;
    uint32_t fpsr;
    uint32_t fpcr;
    uint64_t vregs[64] __attribute__((aligned(16))); /* __uint128_t vregs[32] */
};
_Static_assert(offsetof(struct linux_fpsimd_context, fpsr) == 8, "fpsimd_context.fpsr");
_Static_assert(offsetof(struct linux_fpsimd_context, vregs) == 16, "fpsimd_context.vregs");
_Static_assert(sizeof(struct linux_fpsimd_context) == 528, "fpsimd_context");

/* struct esr_context: the ESR_EL1 syndrome of the fault being reported. */
struct linux_esr_context {
    struct linux_aarch64_ctx head;
    uint64_t esr;
};
_Static_assert(sizeof(struct linux_esr_context) == 16, "esr_context");

/*
 * struct user_fpsimd_state (uapi/asm/ptrace.h): the NT_PRFPREG regset. Same
 * registers as fpsimd_context, in another order.
 */
struct linux_user_fpsimd_state {
    uint64_t vregs[64] __attribute__((aligned(16)));
    uint32_t fpsr;
    uint32_t fpcr;
    uint32_t __reserved[2];
};
_Static_assert(offsetof(struct linux_user_fpsimd_state, fpsr) == 512, "user_fpsimd_state.fpsr");
_Static_assert(sizeof(struct linux_user_fpsimd_state) == 528, "user_fpsimd_state");

#endif
