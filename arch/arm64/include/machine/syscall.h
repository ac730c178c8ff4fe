/* SPDX-License-Identifier: MIT */
/* machine/syscall.h: arm64 syscall register accessors (mirror arch/arm64/include/asm/syscall.h). */
#ifndef MACHINE_SYSCALL_H
#define MACHINE_SYSCALL_H

#include <stdint.h>
#include "regs.h"

/* `svc #0` is one 32-bit A64 instruction (Arm ARM C6.2.365, SVC). */
#define ARCH_SYSCALL_INSN_LEN 4

/*
 * clone(flags, newsp, parent_tid, tls, child_tid): arm64 selects
 * CONFIG_CLONE_BACKWARDS (arch/arm64/Kconfig; kernel/fork.c: SYSCALL_DEFINE5(clone)).
 */
#define ARCH_CLONE_TLS_ARG 3
#define ARCH_CLONE_CTID_ARG 4

/* The number travels in x8 (arch/arm64/kernel/syscall.c: el0_svc_common(regs, regs->regs[8], ...)). */
static inline long arch_syscall_nr(const struct arch_regs *r)
{
    return (long)r->x[8];
}

/* Arguments in x0..x5; x0 is read from orig_x0 because the return value reuses it. */
static inline void arch_syscall_args(const struct arch_regs *r, uint64_t a[6])
{
    a[0] = r->orig_x0;
    a[1] = r->x[1];
    a[2] = r->x[2];
    a[3] = r->x[3];
    a[4] = r->x[4];
    a[5] = r->x[5];
}

static inline void arch_syscall_set_return(struct arch_regs *r, int64_t v)
{
    r->x[0] = (uint64_t)v;
}

static inline uint64_t arch_syscall_return_value(const struct arch_regs *r)
{
    return r->x[0];
}

/* Re-execute the svc: x0 takes the first argument back (Linux syscall_rollback()). */
static inline void arch_syscall_rollback(struct arch_regs *r)
{
    r->x[0] = r->orig_x0;
    r->pc -= ARCH_SYSCALL_INSN_LEN;
}

/*
 * Re-execute the svc as restart_syscall (a syscall that returned
 * -ERESTART_RESTARTBLOCK and had no handler to run: Linux arm64 do_signal(),
 * x8 = __NR_restart_syscall, x0 = orig_x0, pc -= 4).
 */
static inline void arch_syscall_restart_block(struct arch_regs *r, long nr_restart)
{
    r->x[8] = (uint64_t)nr_restart;
    r->x[0] = r->orig_x0;
    r->pc -= ARCH_SYSCALL_INSN_LEN;
}

static inline uint64_t arch_regs_pc(const struct arch_regs *r) { return r->pc; }
static inline void arch_regs_set_pc(struct arch_regs *r, uint64_t v) { r->pc = v; }
static inline uint64_t arch_regs_sp(const struct arch_regs *r) { return r->sp; }
static inline void arch_regs_set_sp(struct arch_regs *r, uint64_t v) { r->sp = v; }
static inline uint64_t arch_regs_tls(const struct arch_regs *r) { return r->tpidr_el0; }
static inline void arch_regs_set_tls(struct arch_regs *r, uint64_t v) { r->tpidr_el0 = v; }

#endif
