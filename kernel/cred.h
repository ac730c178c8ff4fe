/* SPDX-License-Identifier: MIT */
/* kernel/cred.h: a task's credentials as the VFS asks about them (kernel/sys_cred.c). */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H

#include <stdint.h>

struct task;

/** cred_init_groups - give the sandbox's first task the launcher's supplementary groups. 0 or -LINUX_ENOMEM. */
int cred_init_groups(struct task *t);

/**
 * cred_gid_for - the gid to check a file of group @fgid with, for a task whose
 * primary gid for the check is @primary (its fsgid; its real gid for access()):
 * @fgid itself when it is @primary or one of @t's supplementary groups, else
 * @primary. vfs_permission()'s one-group test then applies in_group_p().
 */
uint32_t cred_gid_for(const struct task *t, uint32_t primary, uint32_t fgid);

/** cred_in_group - in_group_p(): @gid is @t's filesystem gid or one of its supplementary groups. */
int cred_in_group(const struct task *t, uint32_t gid);

#endif
