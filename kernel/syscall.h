/* SPDX-License-Identifier: MIT */
/* kernel/syscall.h: syscall dispatch. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "syscalls.h"

struct task;

/** syscall_lookup - the handler for @nr, or NULL (unimplemented). */
syscall_fn syscall_lookup(long nr);

/** syscall_dispatch - run the syscall in @t's registers and store its result there. */
void syscall_dispatch(struct task *t);

#endif
