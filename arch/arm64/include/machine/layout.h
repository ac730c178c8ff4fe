/* SPDX-License-Identifier: MIT */
/* machine/layout.h: arm64 guest layout for the KVM platform (not built yet on arm64). */
#ifndef MACHINE_LAYOUT_H
#define MACHINE_LAYOUT_H

/*
 * The arm64 KVM platform (EL1 ring 0, TTBR0/TTBR1 tables) is the next part of
 * the arm64 issue. Until it lands, arm64 builds kvm/unsupported.c instead of
 * kvm/, and this header only names the per-vCPU page type arch/arch.h uses.
 */
struct arch_kvm_page;

#endif
