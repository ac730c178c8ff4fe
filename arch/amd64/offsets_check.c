/* SPDX-License-Identifier: MIT */
/* arch/amd64/offsets_check.c: every machine/offsets.h constant checked against the C structs. */
#include <stddef.h>

#include <machine/layout.h>
#include <machine/offsets.h>
#include <machine/regs.h>

#define CHECK(field, off) _Static_assert(offsetof(struct arch_regs, field) == (off), #field)
CHECK(r15, R_R15);
CHECK(r14, R_R14);
CHECK(r13, R_R13);
CHECK(r12, R_R12);
CHECK(rbp, R_RBP);
CHECK(rbx, R_RBX);
CHECK(r11, R_R11);
CHECK(r10, R_R10);
CHECK(r9, R_R9);
CHECK(r8, R_R8);
CHECK(rax, R_RAX);
CHECK(rcx, R_RCX);
CHECK(rdx, R_RDX);
CHECK(rsi, R_RSI);
CHECK(rdi, R_RDI);
CHECK(orig_rax, R_ORIG_RAX);
CHECK(rip, R_RIP);
CHECK(cs, R_CS);
CHECK(eflags, R_EFLAGS);
CHECK(rsp, R_RSP);
CHECK(ss, R_SS);
CHECK(fs_base, R_FS_BASE);
CHECK(gs_base, R_GS_BASE);
#undef CHECK

#define CHECK(field, off) _Static_assert(offsetof(struct arch_kvm_page, field) == (off), #field)
CHECK(regs, 0);
CHECK(vector, PG_VECTOR);
CHECK(error_code, PG_ERROR);
CHECK(cr2, PG_CR2);
CHECK(flags, PG_FLAGS);
CHECK(cr3, PG_CR3);
CHECK(xcr0, PG_XCR0);
CHECK(stack_top, PG_STACK_TOP);
CHECK(xsave_va, PG_XSAVE_VA);
CHECK(fpu_sw, PG_FPU_SW);
CHECK(dr6, PG_DR6);
CHECK(k_rip, PG_K_RIP);
CHECK(k_rsp, PG_K_RSP);
CHECK(k_cr2, PG_K_CR2);
CHECK(k_err, PG_K_ERR);
#undef CHECK

_Static_assert(sizeof(struct arch_kvm_page) <= ARCH_KVM_BLK_GDT, "page fits its slot");
_Static_assert(ARCH_KVM_BLK_STACK_TOP <= ARCH_KVM_VCPU_SIZE, "stack inside its block");
_Static_assert((ARCH_KVM_VCPU_OFF & (ARCH_KVM_VCPU_SIZE - 1)) == 0, "blocks 64 KiB aligned");
_Static_assert(ARCH_KVM_VCPU_OFF + ARCH_KVM_MAX_VCPUS * ARCH_KVM_VCPU_SIZE <= ARCH_KVM_POOL_OFF,
               "vCPU blocks below the pool");
