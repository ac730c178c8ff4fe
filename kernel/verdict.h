/* SPDX-License-Identifier: MIT */
/* kernel/verdict.h: start-up self-test verdicts cached per boot and per runtime binary. */
#ifndef KERNEL_VERDICT_H
#define KERNEL_VERDICT_H

#include <stddef.h>

/**
 * verdict_read - the cached verdict of check @name ("kvm-probe"...) for this boot
 * and this runtime binary: 1 or 0, with its reason in @why (may be NULL), or -1
 * when there is none to trust.
 */
int verdict_read(const char *name, char *why, size_t whylen);

/** verdict_write - remember check @name's verdict; best effort. */
void verdict_write(const char *name, int ok, const char *why);

#endif
