/* SPDX-License-Identifier: MIT */
/* kernel/exec.h: building a new program image for a task (the first one and execve). */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include "types.h"

struct task;
struct mm;

struct exec_image_new {
    struct mm *mm;   /* the complete new address space */
    uaddr_t entry, sp;
    char exe[4096];  /* canonical guest path of the binary (/proc/self/exe) */
    char comm[16];   /* the new comm: basename of the path execve was given */
};

/**
 * exec_prepare - load guest @path with @argv/@envp into a new address space.
 * Handles ELF and `#!` scripts. Nothing of @t changes, so a failure returns to
 * the caller's image: -LINUX_ENOENT, -LINUX_EACCES, -LINUX_ENOEXEC (reason in
 * *@why), -LINUX_E2BIG, -LINUX_ELOOP, -LINUX_ENOMEM.
 */
int exec_prepare(struct task *t, const char *path, char *const argv[], char *const envp[],
                 struct exec_image_new *img, const char **why);

/** exec_discard - drop a prepared image that will not be used. */
void exec_discard(struct exec_image_new *img);

/**
 * exec_commit - make @img the task's program: the old address space goes, and
 * close-on-exec descriptors, signal handlers and the alternate stack are reset
 * as Linux's begin_new_exec()/setup_new_exec() do. 0, or -errno when no
 * execution context could be made (the caller kills the task).
 */
int exec_commit(struct task *t, struct exec_image_new *img);

#endif
