/* SPDX-License-Identifier: MIT */
/* tests/unit/test_signal_arm64.c: arch/arm64/signal.c frames against arch/arm64/kernel/signal.c's layout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../abi/arm64/signal.h"
#include "../../arch/arch.h"

#define SP0 0x7ff000ULL /* deliberately not 16-aligned */
#define HANDLER 0x401000ULL
#define RESTORER 0x402000ULL
#define BUFSZ 16384

typedef struct linux_rt_sigframe_arm64 frame_t;

uint64_t arm64_sigtramp_addr(void);

static struct arch_regs regs;
static struct arch_fpstate fp;
static struct linux_sigaction act;
static struct linux_siginfo info;
static struct linux_stack stk;
static struct arch_sigdelivery d;
static uint8_t buf[BUFSZ];

static int setup(void **state)
{
    (void)state;
    memset(&regs, 0, sizeof(regs));
    for (int i = 0; i < 31; i++)
        regs.x[i] = 0x1000 + (uint64_t)i;
    regs.sp = SP0;
    regs.pc = 0x400abcULL;
    regs.pstate = 0x60000000ULL | 0x800; /* Z, C and a BTYPE */
    memset(&fp, 0, sizeof(fp));
    for (int i = 0; i < ARM64_FPSIMD_PAYLOAD; i++)
        fp.xsave[i] = (uint8_t)(i * 7);
    fp.size = ARM64_FPSIMD_PAYLOAD;
    memset(&act, 0, sizeof(act));
    act.handler = HANDLER;
    act.flags = LINUX_SA_SIGINFO;
    memset(&info, 0, sizeof(info));
    info.si_signo = LINUX_SIGSEGV;
    info.si_code = 1;
    info.u.fault.addr = 0x10;
    stk.ss_flags = 2; /* SS_DISABLE */
    memset(&d, 0, sizeof(d));
    d.sig = LINUX_SIGSEGV;
    d.act = &act;
    d.info = &info;
    d.uc_stack = &stk;
    d.oldmask = 0x5;
    d.fault_addr = 0x10;
    memset(buf, 0xee, sizeof(buf));
    return 0;
}

static long build(uint64_t *frame)
{
    return arch_signal_frame(&regs, &fp, SP0, &d, buf, sizeof(buf), frame);
}

static void test_frame_layout(void **state)
{
    (void)state;
    struct arch_regs before = regs;
    uint64_t frame = 0;
    long n = build(&frame);
    assert_true(n > 0);
    /* get_sigframe(): record at round_down(sp - 16, 16), frame right below it. */
    uint64_t rec = (SP0 - 16) & ~15ULL;
    assert_int_equal(frame, rec - sizeof(frame_t));
    assert_int_equal(frame % 16, 0);
    assert_int_equal((uint64_t)n, rec + 16 - frame);

    const frame_t *f = (const frame_t *)buf;
    assert_int_equal(f->info.si_signo, LINUX_SIGSEGV);
    assert_int_equal(f->uc.uc_sigmask, 0x5);
    assert_int_equal(f->uc.uc_stack.ss_flags, 2);
    const struct linux_sigcontext_arm64 *sc = &f->uc.uc_mcontext;
    assert_memory_equal(sc->regs, before.x, sizeof(sc->regs));
    assert_int_equal(sc->sp, SP0);
    assert_int_equal(sc->pc, before.pc);
    assert_int_equal(sc->pstate, before.pstate);
    assert_int_equal(sc->fault_address, 0x10);

    /* __reserved: fpsimd_context, no esr_context (no ESR known), then {0, 0}. */
    struct linux_fpsimd_context fc;
    memcpy(&fc, sc->__reserved, sizeof(fc));
    assert_int_equal(fc.head.magic, LINUX_FPSIMD_MAGIC);
    assert_int_equal(fc.head.size, 528);
    assert_memory_equal(&fc.fpsr, fp.xsave, ARM64_FPSIMD_PAYLOAD);
    struct linux_aarch64_ctx end;
    memcpy(&end, sc->__reserved + 528, sizeof(end));
    assert_int_equal(end.magic, 0);
    assert_int_equal(end.size, 0);

    /* The frame record holds the interrupted x29/x30. */
    struct linux_frame_record_arm64 fr;
    memcpy(&fr, buf + (rec - frame), sizeof(fr));
    assert_int_equal(fr.fp, before.x[29]);
    assert_int_equal(fr.lr, before.x[30]);

    /* setup_return(): handler(sig, &info, &uc), x29 the record, x30 the trampoline. */
    assert_int_equal(regs.x[0], LINUX_SIGSEGV);
    assert_int_equal(regs.x[1], frame + offsetof(frame_t, info));
    assert_int_equal(regs.x[2], frame + offsetof(frame_t, uc));
    assert_int_equal(regs.x[29], rec);
    assert_int_equal(regs.x[30], arm64_sigtramp_addr());
    assert_int_equal(regs.sp, frame);
    assert_int_equal(regs.pc, HANDLER);
    assert_int_equal(regs.pstate & 0xc00, 0); /* BTYPE cleared */
    assert_true(arm64_sigtramp_addr() >= arch_stub_base());
}

static void test_restorer_esr_and_hidden_x7(void **state)
{
    (void)state;
    uint64_t frame;
    act.flags |= LINUX_SA_RESTORER;
    act.restorer = RESTORER;
    act.flags &= ~(uint64_t)LINUX_SA_SIGINFO;
    d.error_code = 0x92000046; /* DABT_LOW, WnR, level-2 translation fault */
    regs.flags = ARM64_REGS_X7_HIDDEN;
    regs.x[7] = 0;
    fp.x7 = 0x7777;
    fp.x7_valid = 1;
    assert_true(build(&frame) > 0);
    const frame_t *f = (const frame_t *)buf;
    /* A register set captured at a syscall stop gets its real x7 from the FP fetch. */
    assert_int_equal(f->uc.uc_mcontext.regs[7], 0x7777);
    struct linux_esr_context ec;
    memcpy(&ec, f->uc.uc_mcontext.__reserved + 528, sizeof(ec));
    assert_int_equal(ec.head.magic, LINUX_ESR_MAGIC);
    assert_int_equal(ec.head.size, 16);
    assert_int_equal(ec.esr, 0x92000046);
    assert_int_equal(regs.x[30], RESTORER);
    /* Without SA_SIGINFO x1 and x2 keep their values. */
    assert_int_equal(regs.x[1], 0x1001);
    assert_int_equal(regs.x[2], 0x1002);
}

static void test_no_room(void **state)
{
    (void)state;
    uint64_t frame;
    assert_int_equal(arch_signal_frame(&regs, &fp, SP0, &d, buf, 1024, &frame), -LINUX_EFAULT);
}

/* rt_sigreturn from the frame the handler sees, after it edits pc and x7. */
static void test_restore_round_trip(void **state)
{
    (void)state;
    struct arch_regs before = regs;
    uint64_t frame, mask, fpaddr;
    struct linux_stack st;
    assert_true(build(&frame) > 0);
    frame_t *f = (frame_t *)buf;
    f->uc.uc_mcontext.pc += 4;
    f->uc.uc_mcontext.regs[7] = 0xabc;
    regs.sp = frame; /* the handler returned */
    regs.flags = ARM64_REGS_X7_HIDDEN;
    assert_int_equal(arch_sigreturn_frame_addr(&regs), frame);
    assert_int_equal(arch_sigframe_size(), sizeof(frame_t));
    assert_int_equal(arch_signal_restore(&regs, buf, &mask, &st, &fpaddr), 0);
    assert_int_equal(regs.pc, before.pc + 4);
    assert_int_equal(regs.sp, SP0);
    assert_int_equal(regs.x[7], 0xabc);
    assert_int_equal(regs.x[0], before.x[0]);
    assert_int_equal(regs.orig_x0, before.x[0]);
    assert_int_equal(regs.x[30], before.x[30]);
    assert_int_equal(regs.flags, 0); /* x7 from the frame must stick */
    assert_int_equal(regs.pstate, before.pstate);
    assert_int_equal(mask, 0x5);
    /* The FP image is the fpsimd_context payload, after its 8-byte header. */
    assert_int_equal(fpaddr, frame + offsetof(frame_t, uc.uc_mcontext.__reserved) + 8);
}

static void expect_bad(void)
{
    uint64_t mask, fpaddr;
    struct linux_stack st;
    assert_int_equal(arch_signal_restore(&regs, buf, &mask, &st, &fpaddr), -LINUX_EFAULT);
    assert_true(fpaddr >= arch_user_max()); /* no guest memory: copying it in fails */
}

static void test_restore_rejects(void **state)
{
    (void)state;
    uint64_t frame;
    frame_t *f = (frame_t *)buf;

    /* An sp that is not 16-aligned is not a frame we built (sys_rt_sigreturn()). */
    assert_true(build(&frame) > 0);
    regs.sp = frame + 8;
    expect_bad();

    /* PSTATE asking for EL1h is forced back to EL0t (valid_native_regs()). */
    setup(NULL);
    assert_true(build(&frame) > 0);
    f->uc.uc_mcontext.pstate = 0x3c5;
    regs.sp = frame;
    expect_bad();
    assert_int_equal(regs.pstate, 0);

    /* A wrong fpsimd_context size, then a missing one, then an unknown record. */
    setup(NULL);
    assert_true(build(&frame) > 0);
    struct linux_aarch64_ctx h = {LINUX_FPSIMD_MAGIC, 512};
    memcpy(f->uc.uc_mcontext.__reserved, &h, sizeof(h));
    regs.sp = frame;
    expect_bad();
    memset(f->uc.uc_mcontext.__reserved, 0, 16);
    regs.sp = frame;
    expect_bad();
    h.magic = LINUX_SVE_MAGIC;
    h.size = 16;
    memcpy(f->uc.uc_mcontext.__reserved, &h, sizeof(h));
    regs.sp = frame;
    expect_bad();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_frame_layout, setup),
        cmocka_unit_test_setup(test_restorer_esr_and_hidden_x7, setup),
        cmocka_unit_test_setup(test_no_room, setup),
        cmocka_unit_test_setup(test_restore_round_trip, setup),
        cmocka_unit_test_setup(test_restore_rejects, setup),
    };
    return cmocka_run_group_tests_name("signal_arm64", tests, NULL, NULL);
}
