/* SPDX-License-Identifier: MIT */
/* arch/arm64/signal.c: build and unwind the arm64 rt_sigframe (arch/arm64/kernel/signal.c). */
#include <string.h>

#include "../../abi/arm64/signal.h"
#include "../arch.h"

/* PSTATE fields (Arm ARM C5.2.18 SPSR_EL1; arch/arm64/include/uapi/asm/ptrace.h). */
#define ARM64_PSR_MODE_MASK 0x0000000fULL /* M[3:0]: 0 = EL0t */
#define ARM64_PSR_MODE32 0x00000010ULL    /* M[4]: AArch32 */
#define ARM64_PSR_DAIF 0x000003c0ULL      /* D, A, I, F masks */
#define ARM64_PSR_BTYPE 0x00000c00ULL     /* BTYPE[11:10] */
#define ARM64_PSR_TCO 0x02000000ULL       /* MTE tag check override */
#define ARM64_PSR_NZCV 0xf0000000ULL
/*
 * Bits sigreturn silently clears (arch/arm64/kernel/ptrace.c: valid_native_regs()
 * with SPSR_EL1_AARCH64_RES0_BITS from arch/arm64/include/asm/ptrace.h, Linux 6.1).
 */
#define ARM64_PSR_RES0                                                                             \
    (0xffffffff00000000ULL | 0x0c000000ULL /* 27:26 */ | 0x00c00000ULL /* 23:22 */ |               \
     0x001fe000ULL /* 20:13 */ | 0x00000020ULL /* 5 */)

/* The stub's rt_sigreturn trampoline (arch/arm64/ptrace.c). */
uint64_t arm64_sigtramp_addr(void);

uint64_t arch_sigreturn_frame_addr(const struct arch_regs *r)
{
    /* sys_rt_sigreturn(): the frame is at the sp the handler returned with. */
    return r->sp;
}

size_t arch_sigframe_size(void)
{
    return sizeof(struct linux_rt_sigframe_arm64);
}

long arch_signal_frame(struct arch_regs *r, const struct arch_fpstate *fp, uint64_t sp,
                       const struct arch_sigdelivery *d, void *buf, size_t buflen,
                       uint64_t *frame_addr)
{
    typedef struct linux_rt_sigframe_arm64 frame_t;
    /* get_sigframe(): the frame record first, then the frame, each 16-byte aligned. */
    uint64_t rec = (sp - sizeof(struct linux_frame_record_arm64)) & ~15ULL;
    uint64_t frame = rec - sizeof(frame_t);
    size_t total = (size_t)(rec + sizeof(struct linux_frame_record_arm64) - frame);
    if (total > buflen || sp < total)
        return -LINUX_EFAULT;

    memset(buf, 0, total);
    frame_t *f = buf;
    f->info = *d->info;
    f->uc.uc_flags = 0;
    f->uc.uc_link = 0;
    f->uc.uc_stack = *d->uc_stack;
    f->uc.uc_sigmask = d->oldmask;

    struct linux_sigcontext_arm64 *sc = &f->uc.uc_mcontext;
    memcpy(sc->regs, r->x, sizeof(sc->regs));
    /*
     * Registers captured at a ptrace syscall stop hide x7 (machine/regs.h);
     * the platform recovers the real value when it fetches the FP state.
     */
    if (r->flags & ARM64_REGS_X7_HIDDEN)
        sc->regs[7] = fp->x7_valid ? fp->x7 : 0;
    sc->sp = r->sp;
    sc->pc = r->pc;
    sc->pstate = r->pstate;
    /* thread.fault_address: only memory aborts record one (arch/arm64/mm/fault.c). */
    if (d->sig == LINUX_SIGSEGV || d->sig == LINUX_SIGBUS)
        sc->fault_address = d->fault_addr;

    /* setup_sigframe_layout(): fpsimd_context, esr_context for faults, then the terminator. */
    size_t off = 0;
    if (fp->size == ARM64_FPSIMD_PAYLOAD) {
        struct linux_fpsimd_context fc;
        fc.head.magic = LINUX_FPSIMD_MAGIC;
        fc.head.size = sizeof(fc);
        memcpy(&fc.fpsr, fp->xsave, ARM64_FPSIMD_PAYLOAD);
        memcpy(sc->__reserved + off, &fc, sizeof(fc));
        off += sizeof(fc);
    }
    /* Linux adds it when thread.fault_code (the ESR) is set; ptrace cannot see the ESR. */
    if (d->error_code) {
        struct linux_esr_context ec = {{LINUX_ESR_MAGIC, sizeof(ec)}, d->error_code};
        memcpy(sc->__reserved + off, &ec, sizeof(ec));
        off += sizeof(ec);
    }
    /* The {0, 0} end marker is already there from the memset. */

    /* An AAPCS64 frame record so unwinders walk from the handler into the interrupted code. */
    struct linux_frame_record_arm64 fr = {r->x[29], r->x[30]};
    memcpy((uint8_t *)buf + (rec - frame), &fr, sizeof(fr));

    /*
     * setup_return(): handler(sig, &info, &uc) returns to sa_restorer, or to the
     * vDSO trampoline without SA_RESTORER; we have no vDSO, so to the stub's copy.
     */
    r->x[0] = (uint64_t)d->sig;
    if (d->act->flags & LINUX_SA_SIGINFO) {
        r->x[1] = frame + offsetof(frame_t, info);
        r->x[2] = frame + offsetof(frame_t, uc);
    }
    r->sp = frame;
    r->x[29] = rec;
    r->x[30] = (d->act->flags & LINUX_SA_RESTORER) ? d->act->restorer : arm64_sigtramp_addr();
    r->pc = d->act->handler;
    /* BTYPE as after a plain branch (we map no BTI-guarded pages) and TCO cleared. */
    r->pstate &= ~(ARM64_PSR_BTYPE | ARM64_PSR_TCO);
    *frame_addr = frame;
    return (long)total;
}

/* valid_native_regs(): EL0t, AArch64, DAIF unmasked; else force a safe PSTATE. */
static int sanitize_pstate(uint64_t *pstate)
{
    *pstate &= ~ARM64_PSR_RES0;
    if (!(*pstate & (ARM64_PSR_MODE_MASK | ARM64_PSR_MODE32 | ARM64_PSR_DAIF)))
        return 0;
    *pstate &= ARM64_PSR_NZCV;
    return -1;
}

/* parse_user_sigframe(): find the fpsimd_context; any record we do not know is an error. */
static long find_fpsimd(const struct linux_sigcontext_arm64 *sc)
{
    long fpoff = -1;
    size_t off = 0;
    while (off + sizeof(struct linux_aarch64_ctx) <= sizeof(sc->__reserved)) {
        struct linux_aarch64_ctx h;
        memcpy(&h, sc->__reserved + off, sizeof(h));
        if (h.magic == 0 && h.size == 0)
            return fpoff;
        if (h.size < sizeof(h) || (h.size & 15) || h.size > sizeof(sc->__reserved) - off)
            return -1;
        switch (h.magic) {
        case LINUX_FPSIMD_MAGIC:
            if (fpoff >= 0 || h.size != sizeof(struct linux_fpsimd_context))
                return -1;
            fpoff = (long)off;
            break;
        case LINUX_ESR_MAGIC:
            break; /* informational only, ignored on return */
        default:
            return -1; /* extra_context, SVE, ZA: state we never put in a frame */
        }
        off += h.size;
    }
    return -1;
}

int arch_signal_restore(struct arch_regs *r, const void *frame, uint64_t *mask,
                        struct linux_stack *uc_stack, uint64_t *fpaddr)
{
    typedef struct linux_rt_sigframe_arm64 frame_t;
    const frame_t *f = frame;
    const struct linux_sigcontext_arm64 *sc = &f->uc.uc_mcontext;
    uint64_t addr = arch_sigreturn_frame_addr(r);
    /* The frame was placed 16-byte aligned: anything else is not ours (sys_rt_sigreturn()). */
    int bad = (addr & 15) != 0;

    memcpy(r->x, sc->regs, sizeof(r->x));
    r->sp = sc->sp;
    r->pc = sc->pc;
    r->pstate = sc->pstate;
    bad |= sanitize_pstate(&r->pstate) < 0;
    r->orig_x0 = r->x[0];
    r->flags = 0; /* every register, x7 included, comes from the frame */
    *mask = f->uc.uc_sigmask;
    *uc_stack = f->uc.uc_stack;

    long fpoff = find_fpsimd(sc);
    bad |= fpoff < 0;
    *fpaddr = fpoff < 0 ? 0
                        : addr + offsetof(frame_t, uc.uc_mcontext.__reserved) + (uint64_t)fpoff +
                              offsetof(struct linux_fpsimd_context, fpsr);
    if (bad) {
        /*
         * Linux kills the task with SIGSEGV (badframe). Besides the return value,
         * point the FP image at the stub's base, which no guest can map, so a
         * caller that copies it in fails the same way.
         */
        *fpaddr = arch_user_max();
        return -LINUX_EFAULT;
    }
    return 0;
}
