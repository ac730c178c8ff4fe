/* SPDX-License-Identifier: MIT */
/* kernel/inotify.h: the events the VFS reports to inotify watches (kernel/inotify.c; include/linux/fsnotify.h). */
#ifndef KERNEL_INOTIFY_H
#define KERNEL_INOTIFY_H

#include <stdint.h>

#include "../abi/linux.h"

struct file;
struct task;

/* Watches in the whole sandbox; every hook returns at once while there are none. */
extern int inotify_nwatches;

/** inotify_entry - @ev (LINUX_IN_CREATE, LINUX_IN_DELETE, LINUX_IN_MOVED_*) for entry @name of directory @dir. */
void inotify_entry(const struct linux_statx *dir, const char *name, int isdir, uint32_t ev,
                   uint32_t cookie);

/**
 * inotify_inode - @ev about object @obj: to its own watches, and first to those of
 * its directory @dir (may be NULL) with @name, as fsnotify_parent() reports
 * events on children.
 */
void inotify_inode(const struct linux_statx *dir, const char *name, const struct linux_statx *obj,
                   uint32_t ev);

/** inotify_self - LINUX_IN_DELETE_SELF (the watches end: LINUX_IN_IGNORED) or LINUX_IN_MOVE_SELF on @obj. */
void inotify_self(const struct linux_statx *obj, uint32_t ev);

/**
 * inotify_file - @ev (LINUX_IN_OPEN, LINUX_IN_ACCESS, LINUX_IN_MODIFY, LINUX_IN_CLOSE_*) on open file @f,
 * by task @t (NULL: no directory to report to): its inode by fstat, its
 * directory by its path.
 */
void inotify_file(struct task *t, struct file *f, uint32_t ev);

/** inotify_path - inotify_inode() for object @obj named by guest @path: its directory by that name. */
void inotify_path(struct task *t, const char *path, const struct linux_statx *obj, uint32_t ev);

struct vnode;
/** inotify_vnode - inotify_path() for the object behind @v. */
void inotify_vnode(struct task *t, const struct vnode *v, uint32_t ev);

/** inotify_cookie - a new cookie tying a rename's LINUX_IN_MOVED_FROM to its LINUX_IN_MOVED_TO. */
uint32_t inotify_cookie(void);

#endif
