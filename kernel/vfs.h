/* SPDX-License-Identifier: MIT */
/* kernel/vfs.h: private helpers of the file layer (paths beneath the root, stat, host files). */
#ifndef KERNEL_VFS_H
#define KERNEL_VFS_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "../abi/linux.h"
#include "../arch/arch.h"
#include "file.h"
#include "types.h"

struct task;

#ifndef LINUX_NCCS
#define LINUX_NCCS 19
/* The kernel's struct termios (asm-generic/termbits.h), not libc's larger one. */
struct linux_termios {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line;
    uint8_t c_cc[LINUX_NCCS];
};
_Static_assert(sizeof(struct linux_termios) == 36, "kernel struct termios");
#endif

/* MAX_RW_COUNT: the most one read/write transfers (include/linux/fs.h). */
#define VFS_MAX_RW_COUNT ((uint64_t)(INT_MAX & ARCH_PAGE_MASK))
/* Room for a guest directory path joined with a guest relative path. */
#define VFS_JOIN_MAX (2 * LINUX_PATH_MAX)

/*
 * To move into kernel/file.h (implemented in kernel/file.c).
 */
/** file_alloc - a new file with one reference; @path is copied (may be NULL). NULL on ENOMEM. */
struct file *file_alloc(const struct file_ops *ops, int host_fd, uint32_t flags, const char *path);
/**
 * fd_replace - put @f at exactly @fd (dup2 semantics), dropping what was there.
 * Takes over the reference on success. Returns @fd, or -LINUX_EBADF if out of range.
 */
int fd_replace(struct fdtable *t, int fd, struct file *f, int cloexec);

/* Provided by the task code: the guest path of the program @t runs (for /proc/self/exe). */
extern const char *task_exe_path(struct task *t);

/** vfs_host_err - guest errno for a host errno value (they are equal; see vfs.c). */
long vfs_host_err(int host_errno);

/**
 * vfs_fs_init - open @root_host (default "/") as the root of @fs; cwd "/"; a new
 * mount table (made on first use). @fs is zeroed or was set up by vfs_fs_init().
 */
int vfs_fs_init(struct fs_context *fs, const char *root_host);
/** vfs_fs_fini - drop the mount table of @fs (the in-memory layers with it). */
void vfs_fs_fini(struct fs_context *fs);

/* Lexical path strings. All return the length written, or -LINUX_ENAMETOOLONG. */
/** vfs_path_join - @rel if absolute, else @base "/" @rel. */
int vfs_path_join(char *out, size_t outlen, const char *base, const char *rel);
/** vfs_path_clean - absolute @in without "//", "." or trailing "/"; ".." taken lexically. */
int vfs_path_clean(char *out, size_t outlen, const char *in);
/** vfs_path_has_dotdot - whether @p has a ".." component. */
int vfs_path_has_dotdot(const char *p);

/** vfs_encode_dev - st_dev/st_rdev as the kernel stores them (new_encode_dev). */
uint64_t vfs_encode_dev(uint32_t major, uint32_t minor);
/**
 * vfs_host_statx - the host's statx(2). The host kernel's struct statx is the
 * uapi one, arch-independent, whose layout struct linux_statx copies. 0 or -LINUX_E*.
 */
int vfs_host_statx(int dirfd, const char *path, int hflags, unsigned mask, struct linux_statx *out);
/** vfs_statx_to_stat - host statx → the guest's struct stat. */
void vfs_statx_to_stat(const struct linux_statx *h, struct linux_stat *st);
/** vfs_statx_to_linux - host statx → the guest's struct statx (fields we vouch for only). */
void vfs_statx_to_linux(const struct linux_statx *h, struct linux_statx *lx);
/** vfs_stat_to_statx - struct stat → struct statx, for files with no host descriptor. */
void vfs_stat_to_statx(const struct linux_stat *st, struct linux_statx *lx);

/* The two DAC overrides generic_permission() asks about, as vfs_permission_caps() takes them. */
#define VFS_CAP_DAC_OVERRIDE 1u
#define VFS_CAP_DAC_READ_SEARCH 2u

/**
 * vfs_permission_caps - generic_permission(): may a caller with @uid/@gid and the
 * overrides @caps (VFS_CAP_*) access a file of @mode owned by @fuid/@fgid for @mask
 * (LINUX_R_OK|W_OK|X_OK)? 0 or -LINUX_EACCES. The mode bits decide first; then
 * CAP_DAC_OVERRIDE passes everything but exec of a file without any x bit, and
 * CAP_DAC_READ_SEARCH passes reads, and searches of directories.
 */
int vfs_permission_caps(uint32_t mode, uint32_t fuid, uint32_t fgid, uint32_t uid, uint32_t gid,
                        unsigned caps, int mask);

/** vfs_permission - vfs_permission_caps() for a caller whose uid 0 holds both overrides. */
int vfs_permission(uint32_t mode, uint32_t fuid, uint32_t fgid, uint32_t uid, uint32_t gid,
                   int mask);

/**
 * vfs_dirents_to_linux - translate host getdents64 records into struct
 * linux_dirent64 records in @out. Stops before a record that does not fit.
 * *@consumed: host bytes translated; *@last_off: d_off of the last record out.
 * Returns bytes written, or -LINUX_EIO for a malformed host record.
 */
long vfs_dirents_to_linux(const void *host, size_t hostlen, void *out, size_t outlen,
                          size_t *consumed, int64_t *last_off);

/**
 * vfs_resolve - the guest absolute path for @path relative to @dirfd (LINUX_AT_FDCWD:
 * the cwd). -LINUX_EBADF / -LINUX_ENOTDIR for a bad @dirfd, -LINUX_ENAMETOOLONG.
 */
int vfs_resolve(struct task *t, int dirfd, const char *path, char *out, size_t outlen);

/**
 * vfs_host_open - openat2 guest absolute @path beneath the root with host @hflags
 * (RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS; O_CLOEXEC is added). Host fd or -LINUX_E*.
 */
int vfs_host_open(struct fs_context *fs, const char *path, int hflags);

/**
 * vfs_canonical - the guest path of host @fd as getcwd(2) would show it (symlinks and
 * ".." resolved), found beneath the root. 0 or -LINUX_E* (not found beneath the root).
 */
int vfs_canonical(struct fs_context *fs, int fd, char *out, size_t outlen);

/**
 * vfs_open_flags - the open flags Linux keeps from @flags (unknown bits dropped,
 * O_PATH beating the rest), or -LINUX_EINVAL for contradictory ones.
 */
long vfs_open_flags(uint32_t flags);

/**
 * vfs_open - open guest @path (relative to @dirfd) with flags from vfs_open_flags()
 * and creation @mode (umask applied here). Writes to the overlay root copy up into
 * memory; nothing reaches the host. Access is checked with the task's credentials.
 */
int vfs_open(struct task *t, int dirfd, const char *path, uint32_t lflags, uint32_t mode,
             struct file **out);

/**
 * vfs_statx_path - statx of guest @path relative to @dirfd (@nofollow: of a final
 * symlink itself), filtered by vfs_statx_to_linux(). @at_sync: the
 * LINUX_AT_STATX_SYNC_TYPE bits. 0 or -LINUX_E*.
 */
int vfs_statx_path(struct task *t, int dirfd, const char *path, int nofollow, int at_sync,
                   unsigned mask, struct linux_statx *out);

/** vfs_statx_file - statx of an open file (via its host fd, else its fstat op). */
int vfs_statx_file(struct file *f, int at_sync, unsigned mask, struct linux_statx *out);

/** vfs_file_is_dir - whether @f is a directory (usable as a dirfd). */
int vfs_file_is_dir(struct file *f);
/** vfs_file_on_root - whether @f is a lower-layer file (a host descriptor beneath the root). */
int vfs_file_on_root(const struct file *f);
/** vfs_file_is_host - whether @f is a plain host descriptor (vectored I/O goes straight to it). */
int vfs_file_is_host(const struct file *f);

/**
 * vfs_host_rw - zero-copy transfer between host @fd and the guest ranges @seg[0..@nseg)
 * (@write: guest → fd). @off: NULL for the file position, else pread/pwrite offset.
 * @stream: one host call only for reads (pipes, ttys must not block for more).
 * Returns bytes moved, -LINUX_EFAULT if nothing was accessible, or the host error.
 */
long vfs_host_rw(struct task *t, int fd, int write, const struct linux_iovec *seg, int nseg,
                 int64_t *off, int stream);

/**
 * vfs_file_rwv - read or write (@to_fd) the guest ranges @v[0..@n) through @f: one
 * vectored host call for host files, else op by op until a short transfer. @off as for
 * file_ops.read. The caller has checked the access mode and clamped the lengths.
 */
long vfs_file_rwv(struct file *f, struct task *t, int to_fd, const struct linux_iovec *v, int n,
                  int64_t *off);

/** vfs_setfl - apply new O_APPEND/O_NONBLOCK bits of @lflags to @f (and its host fd). */
int vfs_setfl(struct file *f, uint32_t lflags);

/** vfs_readlink - the target of guest symlink @path into @buf (no NUL). Length or -LINUX_E*. */
long vfs_readlink(struct task *t, int dirfd, const char *path, char *buf, size_t buflen);

/** vfs_readlink_file - readlinkat(fd, "") for an open file (an O_PATH symlink). */
long vfs_readlink_file(struct file *f, char *buf, size_t buflen);

/** vfs_chdir - chdir(2) to guest @path: a directory the task may search. 0 or -LINUX_E*. */
int vfs_chdir(struct task *t, const char *path);
/** vfs_fchdir - fchdir(2) to the open directory @f. */
int vfs_fchdir(struct task *t, struct file *f);

/* ---- host helpers the in-memory layers use (vfs.c) ---- */

/** vfs_host_file - a file for host @fd of @mode (S_IFMT) opened with @lf, path @path. */
struct file *vfs_host_file(int fd, uint32_t lf, const char *path, uint32_t mode);
/** vfs_open_host_tty - /dev/tty: the host terminal among the runtime's stdio, else ENXIO. */
int vfs_open_host_tty(uint32_t lf, struct file **out);
/** vfs_host_fd_link - what the host's /proc/self/fd/@fd says (a tty name, "pipe:[n]"). */
long vfs_host_fd_link(int fd, char *out, size_t outlen);
/** vfs_host_fstatfs - the host's fstatfs(2) into @buf of @len bytes. 0 or -LINUX_E*. */
int vfs_host_fstatfs(int fd, void *buf, size_t len);
/** vfs_host_ram - the host's RAM in bytes (tmpfs sizes). */
uint64_t vfs_host_ram(void);

/* ---- the guest's tree (fs_namei.c, fs_file.c): 0 or -LINUX_E* ---- */

long vfs_mkdir(struct task *t, int dirfd, const char *path, uint32_t mode);
long vfs_mknod(struct task *t, int dirfd, const char *path, uint32_t mode, uint64_t dev);
long vfs_symlink(struct task *t, const char *target, int dirfd, const char *path);
/** vfs_unlink - unlinkat(2); @rmdir: AT_REMOVEDIR. */
long vfs_unlink(struct task *t, int dirfd, const char *path, int rmdir);
/** vfs_rename - renameat2(2) with RENAME_* @flags. */
long vfs_rename(struct task *t, int odirfd, const char *opath, int ndirfd, const char *npath,
                uint32_t flags);
/** vfs_link - linkat(2) with AT_SYMLINK_FOLLOW / AT_EMPTY_PATH @flags. */
long vfs_link(struct task *t, int odirfd, const char *opath, int ndirfd, const char *npath,
              uint32_t flags);
/* Attribute changes name a path, or (@f non-NULL) the open file itself. */
long vfs_chmod(struct task *t, int dirfd, const char *path, struct file *f, uint32_t mode);
long vfs_chown(struct task *t, int dirfd, const char *path, struct file *f, uint32_t uid,
               uint32_t gid, int nofollow);
/** vfs_utimens - @times NULL: both now; else LINUX_UTIME_NOW / LINUX_UTIME_OMIT allowed. */
long vfs_utimens(struct task *t, int dirfd, const char *path, struct file *f,
                 const struct linux_timespec *times, int nofollow);
long vfs_truncate(struct task *t, const char *path, int64_t len);
/** vfs_ftruncate - ftruncate(2) of open file @f. */
long vfs_ftruncate(struct task *t, struct file *f, int64_t len);
/** vfs_fallocate - fallocate(2) of open file @f. */
long vfs_fallocate(struct task *t, struct file *f, int mode, int64_t off, int64_t len);
/** vfs_statfs - statfs of @path, or of open file @f when non-NULL. */
long vfs_statfs(struct task *t, const char *path, struct file *f, struct linux_statfs *st);

/* fs_file.c */
/** fs_open - the open of vfs_open(): walk, O_CREAT, O_TMPFILE. */
int fs_open(struct task *t, int dirfd, const char *path, uint32_t lf, uint32_t mode,
            struct file **out);
/** fs_file_is_ours - whether @f is an in-memory or /proc file of fs_file.c. */
int fs_file_is_ours(const struct file *f);
/** fs_file_statx - statx of such a file. */
int fs_file_statx(struct file *f, struct linux_statx *sx);
struct mnode;
/**
 * fs_open_memfd - memfd_create(): a new nameless regular file, mode 0777, in
 * the sandbox's writable layer, open O_RDWR; /proc shows it as /memfd:@name.
 * @mfd_flags: MFD_ALLOW_SEALING (else it is sealed with F_SEAL_SEAL), and
 * MFD_NOEXEC_SEAL (mode 0666, sealed against exec). 0 or -LINUX_E*.
 */
int fs_open_memfd(struct task *t, const char *name, uint32_t mfd_flags, struct file **out);

/**
 * vfs_file_seals - F_GET_SEALS (@add 0) and F_ADD_SEALS of @seals on @f,
 * memfd_get_seals()/memfd_add_seals(): the seals, 0, or -LINUX_E*.
 */
long vfs_file_seals(struct file *f, int add, uint32_t seals);

/** fs_file_mnode - the in-memory regular file behind @f, or NULL. */
struct mnode *fs_file_mnode(struct file *f);

#endif
