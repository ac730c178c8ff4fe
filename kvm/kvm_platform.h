/* SPDX-License-Identifier: MIT */
/* kvm/kvm_platform.h: what the core sees of the KVM platform: its ops and the start-up self-test. */
#ifndef KVM_KVM_PLATFORM_H
#define KVM_KVM_PLATFORM_H

#include <stddef.h>

#include "../kernel/platform.h"

extern const struct platform_ops kvm_platform_ops;

/**
 * kvm_platform_probe - the start-up self-test: open /dev/kvm, build the VM and
 * run one guest `syscall` from ring 3 into our ring 0. Returns 0 when KVM is
 * faithful, -1 otherwise; @why gets a one-line reason either way.
 */
int kvm_platform_probe(char *why, size_t whylen);

#endif
