/* SPDX-License-Identifier: MIT */
/* kernel/task.h: a guest task (thread) and the loop that runs it on a platform. */
#ifndef KERNEL_TASK_H
#define KERNEL_TASK_H

#include <stdint.h>
#include "../arch/arch.h"
#include "file.h"
#include "platform.h"
#include "types.h"

struct mm;

struct sighand {
    struct linux_sigaction action[LINUX_NSIG];
};

struct task {
    struct arch_regs regs;
    struct arch_fpstate fp;

    struct mm *mm;
    struct fdtable *files;
    struct fs_context *fs;
    struct sighand *sighand;
    struct platform *platform;
    struct platform_ctx *ctx;

    int pid, tid, ppid;
    uint32_t uid, gid, euid, egid;
    uint32_t umask;
    uaddr_t clear_child_tid;
    linux_sigset_t sigmask;
    linux_sigset_t pending;        /* bit (sig - 1) */
    struct linux_siginfo siginfo[LINUX_NSIG]; /* info of each pending signal */
    struct linux_stack altstack;
    struct linux_rlimit rlimit[LINUX_RLIM_NLIMITS];

    int exited;       /* set once exit/exit_group or a fatal signal ends the task */
    int exit_code;    /* status as wait(2) encodes it: (code << 8) or signal number */

    int strace;       /* --strace: print every syscall */
    char exe[4096];   /* guest path of the running program (/proc/self/exe) */
};

/**
 * task_run - run @t until it exits. Returns the wait(2)-style status.
 */
int task_run(struct task *t);

/**
 * task_exit_signal - end @t as if killed by @sig (default action of a fatal signal).
 */
void task_exit_signal(struct task *t, int sig);

/** task_exit - end @t with exit code @code (exit_group). */
void task_exit(struct task *t, int code);

#endif
