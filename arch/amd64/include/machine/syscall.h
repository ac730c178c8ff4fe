/* SPDX-License-Identifier: MIT */
/* machine/syscall.h: amd64 syscall register accessors (mirror arch/x86/include/asm/syscall.h). */
#ifndef MACHINE_SYSCALL_H
#define MACHINE_SYSCALL_H

#include <stdint.h>
#include "regs.h"

/* `syscall` is 0f 05 (SDM vol. 2B, SYSCALL). */

/* clone(flags, newsp, parent_tid, child_tid, tls) on x86_64 (kernel/fork.c, CONFIG_CLONE_BACKWARDS
 * unset): which raw argument holds the child tid pointer and which the TLS value. */
#define ARCH_CLONE_CTID_ARG 3
#define ARCH_CLONE_TLS_ARG 4
#define ARCH_SYSCALL_INSN_LEN 2

static inline long arch_syscall_nr(const struct arch_regs *r)
{
    return (long)r->orig_rax;
}

/* The x86_64 syscall ABI passes arguments in rdi, rsi, rdx, r10, r8, r9. */
static inline void arch_syscall_args(const struct arch_regs *r, uint64_t a[6])
{
    a[0] = r->rdi;
    a[1] = r->rsi;
    a[2] = r->rdx;
    a[3] = r->r10;
    a[4] = r->r8;
    a[5] = r->r9;
}

static inline void arch_syscall_set_return(struct arch_regs *r, int64_t v)
{
    r->rax = (uint64_t)v;
}

static inline uint64_t arch_syscall_return_value(const struct arch_regs *r)
{
    return r->rax;
}

/* Re-execute the syscall instruction: rax takes the number back (Linux syscall_rollback()). */
static inline void arch_syscall_rollback(struct arch_regs *r)
{
    r->rax = r->orig_rax;
    r->rip -= ARCH_SYSCALL_INSN_LEN;
}

/*
 * Re-execute the syscall instruction as restart_syscall (a syscall that
 * returned -ERESTART_RESTARTBLOCK and had no handler to run: Linux
 * arch_do_signal_or_restart(), regs->ax = get_nr_restart_syscall(regs)).
 */
static inline void arch_syscall_restart_block(struct arch_regs *r, long nr_restart)
{
    r->rax = (uint64_t)nr_restart;
    r->rip -= ARCH_SYSCALL_INSN_LEN;
}

static inline uint64_t arch_regs_pc(const struct arch_regs *r) { return r->rip; }
static inline void arch_regs_set_pc(struct arch_regs *r, uint64_t v) { r->rip = v; }
static inline uint64_t arch_regs_sp(const struct arch_regs *r) { return r->rsp; }
static inline void arch_regs_set_sp(struct arch_regs *r, uint64_t v) { r->rsp = v; }
static inline uint64_t arch_regs_tls(const struct arch_regs *r) { return r->fs_base; }
static inline void arch_regs_set_tls(struct arch_regs *r, uint64_t v) { r->fs_base = v; }

#endif
