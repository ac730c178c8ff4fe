/* SPDX-License-Identifier: MIT */
/* arch/arch.h: the per-architecture contract every arch/<a>/ fulfils. */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

/*
 * Generic code (kernel/, ptrace/, kvm/) reaches architecture-specific state only
 * through this header. Each arch/<a>/include/machine/ provides the same header
 * names; meson puts exactly one of them on the include path.
 *
 * From <machine/regs.h>:
 *   struct arch_regs       the user integer register file (ptrace layout)
 *   struct arch_fpstate    FP/SIMD state: uint8_t xsave[] is the opaque image
 *                          a signal frame stores and rt_sigreturn copies back
 *                          (amd64: the XSAVE area; arm64: the fpsimd_context
 *                          payload), size its valid bytes, 0 = not held here
 * From <machine/syscall.h> (static inline, like Linux <asm/syscall.h>):
 *   arch_syscall_nr, arch_syscall_args, arch_syscall_set_return,
 *   arch_syscall_rollback, arch_regs_{pc,sp,tls} and their setters,
 *   ARCH_SYSCALL_INSN_LEN
 */
#include <stddef.h>
#include <stdint.h>

#include <machine/regs.h>
#include <machine/syscall.h>

#include "../abi/linux.h"

#define ARCH_PAGE_SIZE 4096UL
#define ARCH_PAGE_MASK (~(ARCH_PAGE_SIZE - 1))
#define ARCH_STACK_ALIGN 16

/** ARCH_NAME - the guest-visible machine name (uname -m, AT_PLATFORM). */
#define ARCH_NAME LINUX_UNAME_MACHINE

/**
 * arch_regs_init_user - register state for a new process image.
 * @r: cleared and filled: pc = @entry, sp = @sp, user segments, flags.
 */
void arch_regs_init_user(struct arch_regs *r, uint64_t entry, uint64_t sp);

/**
 * arch_elf_hwcap - AT_HWCAP and AT_HWCAP2 values for the guest.
 */
void arch_elf_hwcap(uint64_t *hwcap, uint64_t *hwcap2);

/**
 * arch_user_max - one past the highest guest user address any platform allows.
 * The ptrace stub and the KVM ring-0 image both live above it.
 */
uint64_t arch_user_max(void);

/**
 * arch_sys_arch_prctl - amd64 arch_prctl(2); ENOSYS-equivalent on other arches.
 * @r: the calling task's registers (FS/GS base live there).
 * Returns: 0 / value, or -LINUX_E*. @out receives a value to copy to the guest
 * for the GET codes (*out_valid set to 1), the caller does the copy.
 */
long arch_sys_arch_prctl(struct arch_regs *r, int code, uint64_t arg, uint64_t *out,
                         int *out_valid);

/* ---- Signal frames (arch/<a>/signal.c) ---- */

/* What the core knows about one signal delivery. */
struct arch_sigdelivery {
    int sig;
    const struct linux_sigaction *act;
    const struct linux_siginfo *info;
    const struct linux_stack *uc_stack; /* the sigaltstack state recorded in the frame */
    uint64_t oldmask;                   /* mask to restore on sigreturn */
    int on_altstack;                    /* switching onto the alternate stack (no red zone) */
    uint64_t fault_addr;                /* cr2 / FAR for faults, else 0 */
    int trapno;                         /* architecture trap number, or 0 */
    uint64_t error_code;
};

/**
 * arch_signal_frame - lay out the signal frame for a handler in host @buf, and
 * point @r at the handler (pc, sp and argument registers).
 * @fp: FP state to save in the frame (fp->size bytes valid; 0 = none).
 * @sp: the stack top to build below (current sp, or the alternate stack's top).
 * Returns the image size (copy it to *@frame_addr), or -LINUX_EFAULT when the
 * frame cannot be built (the task then gets SIGSEGV, as Linux's signal_setup_done()).
 */
long arch_signal_frame(struct arch_regs *r, const struct arch_fpstate *fp, uint64_t sp,
                       const struct arch_sigdelivery *d, void *buf, size_t buflen,
                       uint64_t *frame_addr);

/** arch_sigreturn_frame_addr - where rt_sigreturn finds the frame, from its registers. */
uint64_t arch_sigreturn_frame_addr(const struct arch_regs *r);
/** arch_sigframe_size - bytes of the fixed frame part arch_signal_restore() reads. */
size_t arch_sigframe_size(void);

/**
 * arch_signal_restore - rt_sigreturn: take registers, mask, stack record and the
 * FP image address from @frame (a host copy of the guest frame).
 * @r: on entry the registers at the rt_sigreturn syscall (they locate the frame).
 * Returns 0, or -LINUX_EFAULT for a frame Linux rejects (badframe: the task
 * gets SIGSEGV); @fpaddr then names no guest memory, so copying the image fails.
 */
int arch_signal_restore(struct arch_regs *r, const void *frame, uint64_t *mask,
                        struct linux_stack *uc_stack, uint64_t *fpaddr);

/* ---- For the ptrace platform (ptrace/) ---- */

/**
 * ARCH_STUB_BASE - where the ptrace stub image lives in every stub process:
 * just above arch_user_max(), so the guest can never map over it.
 */
uint64_t arch_stub_base(void);

/* The stub image (arch/<a>/ptrace_stub.S): copied to arch_stub_base(). */
extern const char arch_stub_start[], arch_stub_syscall[], arch_stub_end[];

/**
 * arch_stub_bootstrap - in the forked stub child: map the image at @dst, copy
 * it from @src, jump to it. The image unmaps everything else and traps.
 */
void arch_stub_bootstrap(uint64_t dst, const void *src, uint64_t len)
    __attribute__((noreturn));

/** arch_ptrace_{get,set}_regs - NT_PRSTATUS (plus the TLS register where separate). */
int arch_ptrace_get_regs(int pid, struct arch_regs *r);
int arch_ptrace_set_regs(int pid, const struct arch_regs *r);
/** arch_ptrace_{get,set}_fp - the full FP/SIMD state. 0 or -errno. */
int arch_ptrace_get_fp(int pid, struct arch_fpstate *fp);
int arch_ptrace_set_fp(int pid, const struct arch_fpstate *fp);

/**
 * arch_ptrace_prepare_syscall - make @r execute host syscall @nr(@a) at @pc
 * (the stub's syscall instruction). @r is a scratch copy of the stub's registers.
 */
void arch_ptrace_prepare_syscall(struct arch_regs *r, uint64_t pc, long nr, const uint64_t a[6]);
/** arch_ptrace_syscall_result - the injected syscall's return value. */
long arch_ptrace_syscall_result(const struct arch_regs *r);

/* Host syscall numbers the platform injects into its stub. */
extern const long arch_host_nr_mmap, arch_host_nr_munmap, arch_host_nr_mprotect;

#endif
