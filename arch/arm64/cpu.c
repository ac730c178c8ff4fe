/* SPDX-License-Identifier: MIT */
/* arch/arm64/cpu.c: arm64 user-visible CPU state: initial registers, HWCAP, no arch_prctl. */
#include <string.h>
#include <sys/auxv.h>

#include "../arch.h"

/*
 * PSTATE for a new image: EL0t with every flag and DAIF mask clear, as
 * arch/arm64/include/asm/processor.h:start_thread_common() sets PSR_MODE_EL0t (0).
 * SSBS is left to the host kernel, which manages it per task.
 */
#define ARM64_PSTATE_EL0T 0x0

void arch_regs_init_user(struct arch_regs *r, uint64_t entry, uint64_t sp)
{
    /* All of x0..x30 and TPIDR_EL0 start at zero (start_thread(), tls_thread_flush()). */
    memset(r, 0, sizeof(*r));
    r->pc = entry;
    r->sp = sp;
    r->pstate = ARM64_PSTATE_EL0T;
}

void arch_elf_hwcap(uint64_t *hwcap, uint64_t *hwcap2)
{
    /*
     * The guest runs on this CPU, so it gets the host's feature bits
     * (arch/arm64/include/asm/hwcap.h: ELF_HWCAP is the cpufeature set),
     * minus features whose state the sandbox does not carry (abi/arm64/arch_abi.h).
     */
    *hwcap = getauxval(AT_HWCAP) & ~LINUX_HWCAP_SVE;
    *hwcap2 = getauxval(AT_HWCAP2) &
              ~(LINUX_HWCAP2_SVE2 | LINUX_HWCAP2_SVEAES | LINUX_HWCAP2_SVEPMULL |
                LINUX_HWCAP2_SVEBITPERM | LINUX_HWCAP2_SVESHA3 | LINUX_HWCAP2_SVESM4 |
                LINUX_HWCAP2_SVEI8MM | LINUX_HWCAP2_SVEF32MM | LINUX_HWCAP2_SVEF64MM |
                LINUX_HWCAP2_SVEBF16 | LINUX_HWCAP2_SVE_EBF16 | LINUX_HWCAP2_SME_ALL |
                LINUX_HWCAP2_BTI | LINUX_HWCAP2_MTE | LINUX_HWCAP2_MTE3);
}

/* arm64 has no arch_prctl(2); the syscall table never routes here (no LINUX_NR_arch_prctl). */
long arch_sys_arch_prctl(struct arch_regs *r, int code, uint64_t arg, uint64_t *out,
                         int *out_valid)
{
    (void)r, (void)code, (void)arg, (void)out;
    *out_valid = 0;
    return -LINUX_ENOSYS;
}
