/* SPDX-License-Identifier: MIT */
/* arch/amd64/signal.c: build and unwind the x86_64 rt_sigframe (arch/x86/kernel/signal*.c). */
#include <string.h>

#include "../../abi/amd64/signal.h"
#include "../arch.h"

/* The 128-byte red zone below rsp that leaf code may use (x86-64 psABI §3.2.2). */
#define AMD64_REDZONE 128
/* EFLAGS bits (SDM vol. 1 §3.4.3). */
#define AMD64_EFLAGS_CF 0x1
#define AMD64_EFLAGS_PF 0x4
#define AMD64_EFLAGS_AF 0x10
#define AMD64_EFLAGS_ZF 0x40
#define AMD64_EFLAGS_SF 0x80
#define AMD64_EFLAGS_TF 0x100
#define AMD64_EFLAGS_DF 0x400
#define AMD64_EFLAGS_OF 0x800
#define AMD64_EFLAGS_RF 0x10000
#define AMD64_EFLAGS_AC 0x40000
/* Flags sigreturn may take from the frame: Linux's FIX_EFLAGS (arch/x86/kernel/signal.c). */
#define AMD64_FIX_EFLAGS                                                                           \
    (AMD64_EFLAGS_AC | AMD64_EFLAGS_OF | AMD64_EFLAGS_DF | AMD64_EFLAGS_TF | AMD64_EFLAGS_SF |     \
     AMD64_EFLAGS_ZF | AMD64_EFLAGS_AF | AMD64_EFLAGS_PF | AMD64_EFLAGS_CF | AMD64_EFLAGS_RF)
#define AMD64_USER_CS 0x33 /* __USER_CS, arch/x86/include/asm/segment.h */
#define AMD64_USER_DS 0x2b /* __USER_DS */
/* XSAVE images are 64-byte aligned (SDM vol. 1 §13.4). */
#define AMD64_XSAVE_ALIGN 64
/* XSTATE_BV lives at byte 512 of the image, in the XSAVE header (SDM vol. 1 §13.4.2). */
#define AMD64_XSAVE_HDR_OFFSET 512

uint64_t arch_sigreturn_frame_addr(const struct arch_regs *r)
{
    /* The handler's `ret` popped pretcode, so the frame starts 8 bytes lower. */
    return r->rsp - 8;
}

size_t arch_sigframe_size(void)
{
    return sizeof(struct linux_rt_sigframe_amd64);
}

long arch_signal_frame(struct arch_regs *r, const struct arch_fpstate *fp, uint64_t sp,
                       const struct arch_sigdelivery *d, void *buf, size_t buflen,
                       uint64_t *frame_addr)
{
    size_t fpsize = fp->size ? fp->size + 4 /* MAGIC2 */ : 0;
    if (!d->on_altstack)
        sp -= AMD64_REDZONE;
    uint64_t fpaddr = 0;
    if (fpsize) {
        sp = (sp - fpsize) & ~(uint64_t)(AMD64_XSAVE_ALIGN - 1);
        fpaddr = sp;
    }
    struct linux_rt_sigframe_amd64 *f;
    /* align_sigframe(): as if a call had pushed pretcode onto a 16-byte aligned stack. */
    uint64_t frame = ((sp - sizeof(*f)) & ~15ULL) - 8;
    size_t total = (size_t)(fpaddr ? fpaddr + fpsize - frame : sizeof(*f));
    if (total > buflen || !(d->act->flags & LINUX_SA_RESTORER))
        return -LINUX_EFAULT; /* Linux x86-64 has no default restorer: the task gets SIGSEGV */

    memset(buf, 0, total);
    f = buf;
    f->pretcode = d->act->restorer;
    f->info = *d->info;
    f->uc.uc_flags = LINUX_UC_SIGCONTEXT_SS | LINUX_UC_STRICT_RESTORE_SS |
                     (fpsize ? LINUX_UC_FP_XSTATE : 0);
    f->uc.uc_stack = *d->uc_stack;
    f->uc.uc_sigmask = d->oldmask;
    struct linux_sigcontext_amd64 *sc = &f->uc.uc_mcontext;
    sc->r8 = r->r8, sc->r9 = r->r9, sc->r10 = r->r10, sc->r11 = r->r11;
    sc->r12 = r->r12, sc->r13 = r->r13, sc->r14 = r->r14, sc->r15 = r->r15;
    sc->rdi = r->rdi, sc->rsi = r->rsi, sc->rbp = r->rbp, sc->rbx = r->rbx;
    sc->rdx = r->rdx, sc->rax = r->rax, sc->rcx = r->rcx, sc->rsp = r->rsp;
    sc->rip = r->rip, sc->eflags = r->eflags;
    sc->cs = AMD64_USER_CS;
    sc->ss = AMD64_USER_DS;
    sc->trapno = (uint64_t)d->trapno;
    sc->err = d->error_code;
    sc->cr2 = d->fault_addr;
    sc->oldmask = d->oldmask;
    sc->fpstate = fpaddr;
    if (fpsize) {
        uint8_t *img = (uint8_t *)buf + (fpaddr - frame);
        memcpy(img, fp->xsave, fp->size);
        /* Tell sigreturn (and debuggers) this is a full XSAVE image (fpu/signal.c). */
        struct linux_fpx_sw_bytes sw = {.magic1 = LINUX_FP_XSTATE_MAGIC1,
                                        .extended_size = (uint32_t)fpsize,
                                        .xstate_size = fp->size};
        memcpy(&sw.xfeatures, img + AMD64_XSAVE_HDR_OFFSET, sizeof(sw.xfeatures));
        memcpy(img + LINUX_FPX_SW_BYTES_OFFSET, &sw, sizeof(sw));
        uint32_t magic2 = LINUX_FP_XSTATE_MAGIC2;
        memcpy(img + fp->size, &magic2, sizeof(magic2));
    }

    /* Enter the handler: handler(sig, &info, &uc) with a clean direction flag. */
    r->rdi = (uint64_t)d->sig;
    r->rsi = frame + offsetof(struct linux_rt_sigframe_amd64, info);
    r->rdx = frame + offsetof(struct linux_rt_sigframe_amd64, uc);
    r->rax = 0;
    r->rsp = frame;
    r->rip = d->act->handler;
    r->eflags &= ~(uint64_t)(AMD64_EFLAGS_DF | AMD64_EFLAGS_RF | AMD64_EFLAGS_TF);
    r->cs = AMD64_USER_CS;
    r->ss = AMD64_USER_DS;
    r->orig_rax = (uint64_t)-1;
    *frame_addr = frame;
    return (long)total;
}

int arch_signal_restore(struct arch_regs *r, const void *frame, uint64_t *mask,
                        struct linux_stack *uc_stack, uint64_t *fpaddr)
{
    const struct linux_rt_sigframe_amd64 *f = frame;
    const struct linux_sigcontext_amd64 *sc = &f->uc.uc_mcontext;
    r->r8 = sc->r8, r->r9 = sc->r9, r->r10 = sc->r10, r->r11 = sc->r11;
    r->r12 = sc->r12, r->r13 = sc->r13, r->r14 = sc->r14, r->r15 = sc->r15;
    r->rdi = sc->rdi, r->rsi = sc->rsi, r->rbp = sc->rbp, r->rbx = sc->rbx;
    r->rdx = sc->rdx, r->rax = sc->rax, r->rcx = sc->rcx, r->rsp = sc->rsp;
    r->rip = sc->rip;
    r->eflags = (r->eflags & ~(uint64_t)AMD64_FIX_EFLAGS) | (sc->eflags & AMD64_FIX_EFLAGS);
    /* Only the 64-bit user segments are allowed back (restore_sigcontext()). */
    r->cs = AMD64_USER_CS;
    r->ss = AMD64_USER_DS;
    r->orig_rax = (uint64_t)-1; /* sigreturn is never restarted */
    *mask = f->uc.uc_sigmask;
    *uc_stack = f->uc.uc_stack;
    *fpaddr = sc->fpstate;
    return 0;
}
