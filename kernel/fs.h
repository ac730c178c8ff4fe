/* SPDX-License-Identifier: MIT */
/* kernel/fs.h: the guest's file tree: mounts, in-memory inodes, the overlay, /dev and /proc. */
#ifndef KERNEL_FS_H
#define KERNEL_FS_H

#include <stddef.h>
#include <stdint.h>

#include "../abi/linux.h"
#include "file.h"
#include "types.h"

/*
 * The tree the guest sees (DESIGN.md, "Files and isolation"):
 *
 *   /      overlay: the host root (read through openat2 RESOLVE_IN_ROOT, never
 *          written) under an in-memory upper layer of struct mnode
 *   /tmp   tmpfs      (struct mnode only)
 *   /dev   devtmpfs   (struct mnode, char devices served by fs_dev.c)
 *   /proc  proc       (synthesized on lookup by fs_proc.c)
 *
 * Every object is named by its canonical guest path (no symlink, ".", ".." or
 * "//" in it). The walk in mount.c resolves a guest path component by component
 * and follows symlinks itself, so an upper-layer symlink or a lower one both
 * resolve inside the guest's tree; the host is only asked about one canonical
 * path at a time, still beneath the root with RESOLVE_IN_ROOT.
 *
 * Locking: all of this runs under the kernel lock (one guest syscall at a time).
 */

#define FS_NAME_MAX 255   /* NAME_MAX */
#define FS_MAXSYMLINKS 40 /* include/linux/namei.h */

enum fs_kind { FS_OVERLAY, FS_TMPFS, FS_DEVTMPFS, FS_PROC };

struct vfs_ns;
struct mnode;
struct task;

/* One mounted filesystem. */
struct fs_super {
    enum fs_kind kind;
    const char *type;        /* "overlay", "tmpfs", "devtmpfs", "proc" */
    const char *source;      /* as /proc/mounts shows it */
    const char *opts;        /* ditto */
    char path[32];           /* the mount point (canonical) */
    int mnt_id;
    uint32_t dev_major, dev_minor; /* st_dev of its in-memory inodes */
    struct mnode *root;      /* root directory (upper root for the overlay; NULL for proc) */
    struct vfs_ns *ns;
    uint64_t next_ino;
    uint64_t inodes;         /* in-memory inodes alive, for statfs */
    uint64_t bytes;          /* file bytes held, for statfs */
};

/* The mount table and what every filesystem shares. */
/*
 * The overlay's inode index: a lower file with several names becomes one upper
 * inode for all of them once any is copied up or removed, so hard links keep
 * sharing contents and link counts (overlayfs "index=on" semantics).
 */
struct ovl_ientry {
    uint32_t dev_major, dev_minor;
    uint64_t ino;
    struct mnode *m; /* a reference */
};

struct vfs_ns {
    int root_fd;             /* the host root, O_PATH; borrowed from the fs_context */
    struct memfile *mf;      /* holder of file contents, or NULL: the heap (unit tests) */
    struct fs_super *mnt[4]; /* "/" first; the others sorted by nothing: exact-path matches */
    int nmnt;
    struct ovl_ientry *index;
    size_t nindex, capindex;
};

/* A directory entry of an in-memory directory. node NULL: a whiteout (overlay only). */
struct mdirent {
    char *name;
    struct mnode *node;
};

/*
 * An in-memory inode: the upper layer, tmpfs and /dev. It lives while it has
 * links (nlink) or references (open files, walks in progress).
 */
struct mnode {
    struct fs_super *sb;
    uint32_t refs;
    uint32_t nlink;
    uint32_t mode, uid, gid;
    uint64_t ino;
    uint32_t dev_major, dev_minor;   /* st_dev: the sb's, or the lower one's after copy-up */
    uint32_t rdev_major, rdev_minor; /* devices */
    struct linux_statx_timestamp atime, mtime, ctime, btime;
    uint64_t size;
    /* regular files: the bytes, in the memory file (mf_off >= 0) or on the heap */
    int64_t mf_off;
    uint8_t *heap;
    uint64_t cap;
    char *lower;     /* overlay metacopy: the contents are still this lower file's */
    /* directories */
    struct mdirent *ents;
    uint32_t nents, capents;
    int opaque;      /* overlay: nothing of the lower directory shows through */
    uint64_t lower_dir_size; /* overlay: st_size of the lower directory it was copied from */
    /* symlinks */
    char *target;
    /* FIFOs: the pipe shared by every open of the node (kernel/pipe.c) */
    void *fifo;
    /* memfd_create()'s files: the seals (F_ADD_SEALS), which no other file has */
    int memfd;
    uint32_t seals;
};

/*
 * A resolved object of the guest's tree, as the walk hands it over. The holder
 * owns the references in it; vnode_release() drops them.
 */
struct vnode {
    struct fs_super *sb;
    char path[LINUX_PATH_MAX]; /* canonical guest path */
    struct mnode *m;           /* in-memory object, or NULL */
    int lower;                 /* overlay: a lower object shows through at path */
    struct linux_statx lsx;    /* its statx, when lower and not a merged directory (m set) */
    int pnode;                 /* proc: which synthesized node (fs_proc.c) */
    int pid, fdno;             /* proc: the pid directory, the fd number of fd/N */
    struct file *magic;        /* proc: the open file an fd/N link stands for (reference) */
};

/* vnode.pnode of a followed /proc fd link standing for its open file (vnode.magic). */
#define FS_PNODE_MAGIC (-1)

/** fs_magic_has_path - whether an fd link to @f is followed by @f's path (not the file). */
int fs_magic_has_path(struct file *f);

void vnode_release(struct vnode *v);
/** vnode_copy - @dst = @src with references of its own. */
void vnode_copy(struct vnode *dst, const struct vnode *src);
/** vnode_statx - the object's attributes. 0 or -LINUX_E*. */
int vnode_statx(struct task *t, const struct vnode *v, struct linux_statx *sx);
/** vnode_mode - the S_IFMT type and permission bits. */
uint32_t vnode_mode(struct task *t, const struct vnode *v);
/** vnode_readlink - a symlink's target (NUL-terminated) into @buf. Length or -LINUX_E*. */
long vnode_readlink(struct task *t, const struct vnode *v, char *buf, size_t len);
/** vnode_permission - may @t (fsuid/fsgid = euid/egid) access @v for @mask? 0/-EACCES. */
int vnode_permission(struct task *t, const struct vnode *v, int mask);

/* ---- mount.c: the mount table and the walk ---- */

/** vfs_ns_of - the mount table of @fs, made on first use. NULL only when out of memory. */
struct vfs_ns *vfs_ns_of(struct fs_context *fs);
/** fs_path_child - canonical @dir "/" @name into @out (PATH_MAX). 0 or -LINUX_ENAMETOOLONG. */
int fs_path_child(char *out, const char *dir, const char *name);
/** fs_now - the current time as inode timestamps take it. */
void fs_now(struct linux_statx_timestamp *ts);

#define WALK_FOLLOW 1  /* follow a final symlink */
#define WALK_PARENT 2  /* resolve all but the last component, described in *last */
#define WALK_MAGIC 4   /* unused: a followed /proc fd link of a pathless file is the file */
#define WALK_NOPERM 8  /* no search-permission checks (internal re-walks) */

enum { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

struct walk_last {
    char name[FS_NAME_MAX + 1];
    int type;   /* LAST_* */
    int slash;  /* a "/" follows the last component */
};

/**
 * vfs_walk - resolve guest @path (relative to @dirfd) into @out. @flags: WALK_*.
 * With WALK_PARENT, @out is the directory the last component would be in.
 * Returns 0 (the caller releases @out) or -LINUX_E* (@out holds nothing).
 */
int vfs_walk(struct task *t, int dirfd, const char *path, int flags, struct vnode *out,
             struct walk_last *last);
/** vfs_walk_abs - vfs_walk of an absolute guest path string (any length). */
int vfs_walk_abs(struct task *t, struct fs_context *fs, const char *abs, int flags,
                 struct vnode *out, struct walk_last *last);
/**
 * vfs_lookup_child - @name (not "." or "..") in directory @dir. Mount points are
 * crossed. 0 or -LINUX_ENOENT (and other lookup errors).
 */
int vfs_lookup_child(struct task *t, const struct vnode *dir, const char *name, struct vnode *out);

/* ---- fs_tmpfs.c: in-memory inodes ---- */

/** mnode_new - a new inode of @mode (type and permissions) in @sb, one reference, nlink 0. */
struct mnode *mnode_new(struct fs_super *sb, uint32_t mode, uint32_t uid, uint32_t gid);
struct mnode *mnode_get(struct mnode *m);
/** mnode_put - drop a reference; the inode goes when it has neither links nor references. */
void mnode_put(struct mnode *m);
/** mnode_link/mnode_unlink - count a directory entry pointing at @m. */
void mnode_link(struct mnode *m);
void mnode_unlink(struct mnode *m);

/** mdir_find - the entry @name of directory @d (whiteouts included), or NULL. */
struct mdirent *mdir_find(struct mnode *d, const char *name);
/** mdir_add - add or replace entry @name (@node NULL: a whiteout). Links @node. 0 or -ENOMEM. */
int mdir_add(struct mnode *d, const char *name, struct mnode *node);
/** mdir_remove - drop entry @name entirely, unlinking its inode. */
void mdir_remove(struct mnode *d, const char *name);
/** mdir_detach - take entry @name out of @d; its link now belongs to the caller. */
struct mnode *mdir_detach(struct mnode *d, const char *name);
/** mdir_attach - mdir_add() with the caller's link (from mdir_detach) moving in. */
int mdir_attach(struct mnode *d, const char *name, struct mnode *node);
/** mdir_count - live (non-whiteout) entries of @d. */
uint32_t mdir_count(const struct mnode *d);

/** mnode_resize - set the size of regular file @m (zero-filled growth). 0 or -LINUX_E*. */
int mnode_resize(struct mnode *m, uint64_t size);
/** mnode_zero - zero bytes [@off, +@len) of @m, within its size, without making them resident. */
void mnode_zero(struct mnode *m, uint64_t off, uint64_t len);
/** mnode_data - the bytes of @m (valid until the next resize), NULL when empty. */
uint8_t *mnode_data(struct mnode *m);
/**
 * mnode_map_shared - a new memory-file reference to bytes [@off, +@len) (page
 * multiples) of regular file @m, for a MAP_SHARED mapping: stores through it
 * are the file's bytes, and the file's writes show in it. Room is made for the
 * whole range first. 0 and *@mf_off; -LINUX_ENODEV when @m's bytes are not in
 * the memory file (the caller copies), -LINUX_ENOMEM.
 */
int mnode_map_shared(struct mnode *m, uint64_t off, uint64_t len, uint64_t *mf_off);
/**
 * mnode_seal_resize - may @m's size become @size under its seals?
 * 0, or -LINUX_EPERM (F_SEAL_SHRINK, F_SEAL_GROW: shmem_setattr()).
 */
static inline int mnode_seal_resize(const struct mnode *m, uint64_t size)
{
    if ((size < m->size && (m->seals & LINUX_F_SEAL_SHRINK)) ||
        (size > m->size && (m->seals & LINUX_F_SEAL_GROW)))
        return -LINUX_EPERM;
    return 0;
}
/** mnode_load - bring a metacopied file's contents up from the lower layer. 0 or -LINUX_E*. */
int mnode_load(struct mnode *m);
/** mnode_stat - statx of @m. */
void mnode_statx(const struct mnode *m, struct linux_statx *sx);

/* ---- fs_overlay.c ---- */

/** ovl_probe - statx of lower (host) object @path, not following a final symlink. 0/-E. */
int ovl_probe(struct vfs_ns *ns, const char *path, struct linux_statx *sx);
/** ovl_open_lower - openat2 of lower @path beneath the root with host @hflags. fd or -E. */
int ovl_open_lower(struct vfs_ns *ns, const char *path, int hflags);
/**
 * ovl_upper_dir - the upper directory for overlay directory @path, copying up
 * the chain of lower directories leading to it. NULL + *err.
 */
struct mnode *ovl_upper_dir(struct vfs_ns *ns, const char *path, int *err);
/**
 * ovl_copy_up - make the lower object at @path (parent directory @parent, whose upper
 * directory is @up) an upper one. Files are metacopied: contents come up on first open.
 * Directories come up whole (every lower descendant), opaque. Returns the node (no
 * extra reference) or NULL + *err.
 */
struct mnode *ovl_copy_up(struct vfs_ns *ns, struct mnode *up, const char *path, int *err);

/** ovl_index_find - the upper inode standing for lower hard-linked file @sx, or NULL. */
struct mnode *ovl_index_find(struct vfs_ns *ns, const struct linux_statx *sx);
/**
 * ovl_index_node - that inode, made (a metacopy of @path, nlink = the lower count,
 * no name yet) when missing. NULL + *err.
 */
struct mnode *ovl_index_node(struct vfs_ns *ns, const char *path, const struct linux_statx *sx,
                             int *err);
/** ovl_upper_find - the upper directory at overlay @path if there is one (no copy-up). */
struct mnode *ovl_upper_find(struct vfs_ns *ns, const char *path);

/* One entry of a directory listing. */
struct fs_dirent {
    char *name;
    uint64_t ino;
    uint8_t type;      /* DT_* */
    uint8_t lower;     /* came from the lower layer: hidden if a whiteout appears meanwhile */
};

/**
 * fs_list_host - every entry of lower directory @path in the host's order,
 * "." and ".." included. *@out (malloc'd, names too) and *@n. 0 or -LINUX_E*.
 */
int fs_list_host(struct vfs_ns *ns, const char *path, struct fs_dirent **out, size_t *n);
void fs_dirents_free(struct fs_dirent *d, size_t n);

/* ---- fs_proc.c ---- */

int procfs_lookup(struct task *t, const struct vnode *dir, const char *name, struct vnode *out);
int procfs_statx(struct task *t, const struct vnode *v, struct linux_statx *sx);
long procfs_readlink(struct task *t, const struct vnode *v, char *buf, size_t len);
/** procfs_list - the entries of proc directory @v ("." and ".." first). */
int procfs_list(struct task *t, const struct vnode *v, struct fs_dirent **out, size_t *n);
/** procfs_open_write - may proc file @v, past its mode check, be opened to write? 0 or -LINUX_EACCES. */
int procfs_open_write(const struct vnode *v);
/**
 * procfs_write - a write of @len bytes to proc file @v, whose first @n
 * (at most 16) are in @head. Returns what write(2) returns.
 */
long procfs_write(struct task *t, const struct vnode *v, const char *head, size_t n, size_t len);
/** procfs_content - the text of proc file @v, generated now (malloc'd). 0 or -LINUX_E*. */
int procfs_content(struct task *t, const struct vnode *v, char **buf, size_t *len);

/* ---- fs_dev.c ---- */

/** devfs_populate - the nodes of a fresh /dev. 0 or -LINUX_ENOMEM. */
int devfs_populate(struct fs_super *sb);
/** devfs_open - the open file for a character device @m (any fs). 0 or -LINUX_E*. */
int devfs_open(struct task *t, struct mnode *m, uint32_t flags, const char *path,
               struct file **out);

/* ---- fs_file.c ---- */

/** fs_dt_of - the DT_* type for S_IFMT bits of @mode. */
uint8_t fs_dt_of(uint32_t mode);
/** fs_open_vnode - open resolved @v with open flags @lf. 0 + *@out or -LINUX_E*. */
int fs_open_vnode(struct task *t, struct vnode *v, uint32_t lf, struct file **out);
/** fs_open_created - open a file this very call created: no permission check (may_open()). */
int fs_open_created(struct task *t, struct vnode *v, uint32_t lf, struct file **out);
/** fs_list_dir - the entries of directory @v now (merged for the overlay). 0 or -LINUX_E*. */
int fs_list_dir(struct task *t, const struct vnode *v, struct fs_dirent **out, size_t *n);
/**
 * fs_create - a new inode of @mode named @name in directory @dir (copying up the
 * overlay's directory chain); the caller checked that @name is free. @out gets it.
 */
int fs_create(struct task *t, struct vnode *dir, const char *name, uint32_t mode,
              const char *target, uint32_t rdev_major, uint32_t rdev_minor, struct vnode *out);
/** fs_file_vnode - the object behind an open file, for *at() calls with AT_EMPTY_PATH. */
int fs_file_vnode(struct task *t, struct file *f, struct vnode *out);

#endif
