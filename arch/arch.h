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
 *   struct arch_fpstate    FP/SIMD state; size 0 = not held in the struct
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
