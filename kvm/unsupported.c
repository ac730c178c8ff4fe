/* SPDX-License-Identifier: MIT */
/* kvm/unsupported.c: the KVM platform's entry points where the arch has no ring 0 image yet. */
#include <stdio.h>

#include "kvm_platform.h"

/* Never selected: kvm_platform_probe() below always fails, so no op is ever called. */
const struct platform_ops kvm_platform_ops = {.name = "kvm"};

int kvm_platform_probe(char *why, size_t whylen)
{
    snprintf(why, whylen, "the KVM platform is not built for this architecture yet");
    return -1;
}
