/* SPDX-License-Identifier: MIT */
/* kernel/pidfd.h: process file descriptors (kernel/pidfd.c), for clone and waitid. */
#ifndef KERNEL_PIDFD_H
#define KERNEL_PIDFD_H

#include <stdint.h>

struct file;
struct task;

/** pidfd_install - a new pidfd of @o in @t's table, close-on-exec, O_NONBLOCK if @nonblock. The fd or -LINUX_E*. */
long pidfd_install(struct task *t, const struct task *o, uint32_t nonblock);

/** pidfd_is - whether @f is a pidfd. */
int pidfd_is(const struct file *f);

/** pidfd_task - the process @f names, or NULL if @f is no pidfd or the process was reaped. */
struct task *pidfd_task(struct file *f);

/**
 * pidfd_wait_pid - waitid(P_PIDFD)'s look at descriptor @fd of @t: the pid to
 * wait for (0: the process was reaped, so there is nothing to wait for), with
 * *@nonblock set from the file's O_NONBLOCK; -LINUX_EBADF if @fd is no pidfd.
 */
int pidfd_wait_pid(struct task *t, int fd, uint32_t *nonblock);

#endif
