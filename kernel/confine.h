/* SPDX-License-Identifier: MIT */
/* kernel/confine.h: the runtime's own confinement (no_new_privs + seccomp allowlist). */
#ifndef KERNEL_CONFINE_H
#define KERNEL_CONFINE_H

/**
 * confine_runtime - set no_new_privs and load the runtime's seccomp allowlist.
 * Called once, after setup and before the first guest instruction. A host
 * syscall outside the list then kills the runtime with a report (SIGSYS).
 * Returns 0 or -errno.
 */
int confine_runtime(void);

#endif
