/* SPDX-License-Identifier: MIT */
/* kernel/task_registry_stub.c: STAND-IN for the task list until kernel/task.c provides it. */
#include "task.h"

/*
 * NOTE: a stand-in, to be deleted when the task list lands in kernel/task.c with
 * this interface (declared in kernel/task.h there). It knows no task at all;
 * /proc (kernel/fs_proc.c) always knows the calling task itself, so a lone
 * task sees itself in /proc exactly as it will with the real list.
 */
struct task *task_find(int pid);
int task_pids(int *out, int max);

struct task *task_find(int pid)
{
    (void)pid;
    return NULL;
}

int task_pids(int *out, int max)
{
    (void)out, (void)max;
    return 0;
}
