/* SPDX-License-Identifier: MIT */
/* kernel/inotify.h: the events the VFS reports to inotify watches (kernel/inotify.c; include/linux/fsnotify.h). */
#ifndef KERNEL_INOTIFY_H
#define KERNEL_INOTIFY_H

#include <stdint.h>

#include "../abi/linux.h"

struct file;
struct task;

/* include/uapi/linux/inotify.h */
#define IN_ACCESS 0x00000001
#define IN_MODIFY 0x00000002
#define IN_ATTRIB 0x00000004
#define IN_CLOSE_WRITE 0x00000008
#define IN_CLOSE_NOWRITE 0x00000010
#define IN_OPEN 0x00000020
#define IN_MOVED_FROM 0x00000040
#define IN_MOVED_TO 0x00000080
#define IN_CREATE 0x00000100
#define IN_DELETE 0x00000200
#define IN_DELETE_SELF 0x00000400
#define IN_MOVE_SELF 0x00000800
#define IN_ALL_EVENTS 0x00000fff
#define IN_UNMOUNT 0x00002000
#define IN_Q_OVERFLOW 0x00004000
#define IN_IGNORED 0x00008000
#define IN_ONLYDIR 0x01000000
#define IN_DONT_FOLLOW 0x02000000
#define IN_EXCL_UNLINK 0x04000000
#define IN_MASK_CREATE 0x10000000
#define IN_MASK_ADD 0x20000000
#define IN_ISDIR 0x40000000
#define IN_ONESHOT 0x80000000

/* Watches in the whole sandbox; every hook returns at once while there are none. */
extern int inotify_nwatches;

/** inotify_entry - @ev (IN_CREATE, IN_DELETE, IN_MOVED_*) for entry @name of directory @dir. */
void inotify_entry(const struct linux_statx *dir, const char *name, int isdir, uint32_t ev,
                   uint32_t cookie);

/**
 * inotify_inode - @ev about object @obj: to its own watches, and first to those of
 * its directory @dir (may be NULL) with @name, as fsnotify_parent() reports
 * events on children.
 */
void inotify_inode(const struct linux_statx *dir, const char *name, const struct linux_statx *obj,
                   uint32_t ev);

/** inotify_self - IN_DELETE_SELF (the watches end: IN_IGNORED) or IN_MOVE_SELF on @obj. */
void inotify_self(const struct linux_statx *obj, uint32_t ev);

/**
 * inotify_file - @ev (IN_OPEN, IN_ACCESS, IN_MODIFY, IN_CLOSE_*) on open file @f,
 * by task @t (NULL: no directory to report to): its inode by fstat, its
 * directory by its path.
 */
void inotify_file(struct task *t, struct file *f, uint32_t ev);

/** inotify_path - inotify_inode() for object @obj named by guest @path: its directory by that name. */
void inotify_path(struct task *t, const char *path, const struct linux_statx *obj, uint32_t ev);

struct vnode;
/** inotify_vnode - inotify_path() for the object behind @v. */
void inotify_vnode(struct task *t, const struct vnode *v, uint32_t ev);

/** inotify_cookie - a new cookie tying a rename's IN_MOVED_FROM to its IN_MOVED_TO. */
uint32_t inotify_cookie(void);

#endif
