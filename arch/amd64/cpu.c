/* SPDX-License-Identifier: MIT */
/* arch/amd64/cpu.c: amd64 user-visible CPU state: initial registers, HWCAP, arch_prctl. */
#include <cpuid.h>
#include <string.h>

#include "../arch.h"

/* User segment selectors Linux uses (arch/x86/include/asm/segment.h: __USER_CS, __USER_DS). */
#define AMD64_USER_CS 0x33
#define AMD64_USER_DS 0x2b
/* RFLAGS: bit 1 is reserved and always 1; IF (bit 9) set (SDM vol. 1 §3.4.3). */
#define AMD64_RFLAGS_INIT 0x202

void arch_regs_init_user(struct arch_regs *r, uint64_t entry, uint64_t sp)
{
    memset(r, 0, sizeof(*r));
    r->rip = entry;
    r->rsp = sp;
    r->cs = AMD64_USER_CS;
    r->ss = AMD64_USER_DS;
    r->eflags = AMD64_RFLAGS_INIT;
    r->orig_rax = (uint64_t)-1;
}

void arch_elf_hwcap(uint64_t *hwcap, uint64_t *hwcap2)
{
    /* Linux's x86 AT_HWCAP is CPUID.1:EDX (arch/x86/include/asm/elf.h: ELF_HWCAP).
     * Read once: CPUID traps to the hypervisor when the host is itself a VM. */
    static uint64_t cached;
    static int have;
    if (!__atomic_load_n(&have, __ATOMIC_ACQUIRE)) {
        unsigned int a, b, c, d;
        __atomic_store_n(&cached, __get_cpuid(1, &a, &b, &c, &d) ? d : 0, __ATOMIC_RELAXED);
        __atomic_store_n(&have, 1, __ATOMIC_RELEASE);
    }
    *hwcap = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    /* AT_HWCAP2 bit 1 = HWCAP2_FSGSBASE (arch/x86/include/uapi/asm/hwcap2.h); not offered. */
    *hwcap2 = 0;
}

/* A canonical 47-bit user address (SDM vol. 1 §3.3.7.1). */
static int user_canonical(uint64_t v)
{
    return v < (1ULL << 47);
}

long arch_sys_arch_prctl(struct arch_regs *r, int code, uint64_t arg, uint64_t *out,
                         int *out_valid)
{
    *out_valid = 0;
    switch (code) {
    case LINUX_ARCH_SET_FS:
        if (!user_canonical(arg))
            return -LINUX_EPERM;
        r->fs_base = arg;
        return 0;
    case LINUX_ARCH_SET_GS:
        if (!user_canonical(arg))
            return -LINUX_EPERM;
        r->gs_base = arg;
        return 0;
    case LINUX_ARCH_GET_FS:
        *out = r->fs_base;
        *out_valid = 1;
        return 0;
    case LINUX_ARCH_GET_GS:
        *out = r->gs_base;
        *out_valid = 1;
        return 0;
    case LINUX_ARCH_GET_CPUID:
        return 1; /* CPUID is not faulting for this task */
    default:
        return -LINUX_EINVAL;
    }
}
