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

/** cred_init_caps - give the sandbox's first task the launcher's capability sets, securebits and no_new_privs. */
void cred_init_caps(struct task *t);

/** cred_copy - a new child's credentials: @t's ids, groups and capabilities. 0 or -LINUX_ENOMEM. */
int cred_copy(struct task *c, const struct task *t);

/** cred_exec - execve's credential changes (cap_bprm_creds_from_file() for a file without
 * file capabilities or set-id bits): the saved and fs ids follow the effective ones, the
 * capability sets are recomputed, KEEP_CAPS is cleared. */
void cred_exec(struct task *t);

/** cred_capable - capable(): @cap is in @t's effective set. */
int cred_capable(const struct task *t, int cap);

/** cred_dac_caps - @t's DAC overrides as vfs_permission_caps() takes them; with @real,
 * those of access(2), which checks as the real uid (do_faccessat()'s override). */
unsigned cred_dac_caps(const struct task *t, int real);

/** cred_may_signal - check_kill_permission(): may @from send @sig to @to? 0 or -LINUX_EPERM. */
int cred_may_signal(const struct task *from, const struct task *to, int sig);

/** cred_prctl - the capability and privilege options of prctl(2) (cap_task_prctl() and
 * no_new_privs); -LINUX_ENOSYS for any other option. */
long cred_prctl(struct task *t, const uint64_t a[6]);

#endif
