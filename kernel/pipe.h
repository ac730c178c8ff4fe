/* SPDX-License-Identifier: MIT */
/* kernel/pipe.h: in-sandbox pipes (no host pipe behind them). */
#ifndef KERNEL_PIPE_H
#define KERNEL_PIPE_H

struct file;

/** pipe_create - a pipe's read and write ends, with O_NONBLOCK from @flags. 0 or -LINUX_E*. */
int pipe_create(unsigned flags, struct file **rd, struct file **wr);

struct task;
#include <stdint.h>

/**
 * pipe_open_fifo - open a FIFO whose pipe lives in *@slot (created on first
 * open), with the open flags @flags (access mode, O_NONBLOCK). May block until
 * the other end opens. 0 with *@out, or -LINUX_E* (ENXIO, ERESTARTSYS...).
 */
int pipe_open_fifo(void **slot, struct task *t, uint32_t flags, struct file **out);

/**
 * pipe_peek - copy up to @len bytes of the pipe under the read end @rd,
 * starting @skip bytes in, and leave them there (a socket's MSG_PEEK). With
 * @wait, first block as a read does while the pipe is empty: 0 at end of
 * file, -LINUX_EAGAIN under O_NONBLOCK, -LINUX_ERESTARTSYS for a signal.
 * Bytes copied (0: none past @skip) or -LINUX_E*.
 */
long pipe_peek(struct file *rd, struct task *t, uint64_t buf, uint64_t len, uint64_t skip, int wait);

/** pipe_size - F_GETPIPE_SZ of @f, or -LINUX_EBADF when @f is not a pipe. */
long pipe_size(struct file *f);

#endif
