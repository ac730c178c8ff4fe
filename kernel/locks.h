/* SPDX-License-Identifier: MIT */
/* kernel/locks.h: advisory file locks (POSIX, OFD, flock), kept per inode. */
#ifndef KERNEL_LOCKS_H
#define KERNEL_LOCKS_H

#include <stdint.h>

#include "types.h"

struct task;
struct file;
struct fdtable;

/** locks_fcntl - F_GETLK, F_SETLK(W) and their OFD forms on @f; 0 or -LINUX_E*. */
long locks_fcntl(struct task *t, struct file *f, uint32_t cmd, uaddr_t arg);

/** locks_held - whether any lock exists (the close paths skip the work when none does). */
int locks_held(void);

/** locks_remove_posix - @owner closed a descriptor of @f: its record locks on the inode go. */
void locks_remove_posix(const struct fdtable *owner, struct file *f);

/** locks_remove_file - @f's last reference goes: its OFD and flock() locks go. */
void locks_remove_file(struct file *f);

#endif
