/* SPDX-License-Identifier: MIT */
/* arch/arm64/offsets_check.c: every machine/offsets.h constant checked against the C structs. */
#include <stddef.h>

#include <machine/layout.h>
#include <machine/offsets.h>
#include <machine/regs.h>

#define CHECK(field, off) _Static_assert(offsetof(struct arch_regs, field) == (off), #field)
CHECK(x, R_X0);
CHECK(sp, R_SP);
CHECK(pc, R_PC);
CHECK(pstate, R_PSTATE);
CHECK(tpidr_el0, R_TPIDR);
#undef CHECK

#define CHECK(field, off) _Static_assert(offsetof(struct arch_kvm_page, field) == (off), #field)
CHECK(regs, 0);
CHECK(vector, PG_VECTOR);
CHECK(esr, PG_ESR);
CHECK(far, PG_FAR);
CHECK(flags, PG_FLAGS);
CHECK(ttbr0, PG_TTBR0);
CHECK(fp_va, PG_FP_VA);
CHECK(exit_va, PG_EXIT_VA);
CHECK(k_elr, PG_K_ELR);
CHECK(k_spsr, PG_K_SPSR);
CHECK(k_esr, PG_K_ESR);
CHECK(k_far, PG_K_FAR);
#undef CHECK

_Static_assert(sizeof(struct arch_kvm_page) <= ARCH_KVM_BLK_FP, "page fits its slot");
_Static_assert(ARCH_KVM_BLK_FP + FP_V0 + 32 * 16 <= ARCH_KVM_BLK_STACK, "FP area fits its slot");
_Static_assert(ARCH_KVM_BLK_STACK_TOP <= ARCH_KVM_VCPU_SIZE, "stack inside its block");
_Static_assert((ARCH_KVM_VCPU_OFF & (ARCH_KVM_VCPU_SIZE - 1)) == 0, "blocks 64 KiB aligned");
_Static_assert(ARCH_KVM_VCPU_OFF + ARCH_KVM_MAX_VCPUS * ARCH_KVM_VCPU_SIZE <= ARCH_KVM_POOL_OFF,
               "vCPU blocks below the pool");
_Static_assert(ARCH_KVM_EXIT_GPA + 4096 <= ARCH_KVM_ARENA_GPA, "exit page outside the arena");
_Static_assert(ARCH_KVM_UIMG_OFF + ARCH_KVM_UIMG_MAX <= ARCH_KVM_VCPU_OFF,
               "user image below the vCPUs");
