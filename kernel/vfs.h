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

/*
 * Linux values abi/ does not carry yet; they are the same on x86_64 and arm64.
 * Guarded so that moving them into abi/consts.h and abi/types.h is a plain cut.
 */
#ifndef LINUX_PATH_MAX
#define LINUX_PATH_MAX 4096 /* bytes including the NUL (include/uapi/linux/limits.h) */
#endif
#ifndef LINUX_UIO_MAXIOV
#define LINUX_UIO_MAXIOV 1024
#endif
#ifndef LINUX_SEEK_DATA
#define LINUX_SEEK_DATA 3
#define LINUX_SEEK_HOLE 4
#endif
#ifndef LINUX_F_OK
#define LINUX_F_OK 0
#define LINUX_X_OK 1
#define LINUX_W_OK 2
#define LINUX_R_OK 4
#endif
#ifndef LINUX_STATX_BASIC_STATS
#define LINUX_STATX_TYPE 0x0001U
#define LINUX_STATX_MODE 0x0002U
#define LINUX_STATX_NLINK 0x0004U
#define LINUX_STATX_UID 0x0008U
#define LINUX_STATX_GID 0x0010U
#define LINUX_STATX_ATIME 0x0020U
#define LINUX_STATX_MTIME 0x0040U
#define LINUX_STATX_CTIME 0x0080U
#define LINUX_STATX_INO 0x0100U
#define LINUX_STATX_SIZE 0x0200U
#define LINUX_STATX_BLOCKS 0x0400U
#define LINUX_STATX_BASIC_STATS 0x07ffU
#define LINUX_STATX_BTIME 0x0800U
#define LINUX_STATX_MNT_ID 0x1000U
#define LINUX_STATX__RESERVED 0x80000000U
#endif
#ifndef LINUX_AT_STATX_FORCE_SYNC
#define LINUX_AT_STATX_FORCE_SYNC 0x2000
#define LINUX_AT_STATX_DONT_SYNC 0x4000
#endif
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

/** vfs_fs_init - open @root_host (default "/") as the root of @fs; cwd "/". 0 or -LINUX_E*. */
int vfs_fs_init(struct fs_context *fs, const char *root_host);

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

/**
 * vfs_permission - may a caller with @uid/@gid access a file of @mode owned by
 * @fuid/@fgid for @mask (LINUX_R_OK|W_OK|X_OK)? 0 or -LINUX_EACCES. uid 0 passes
 * everything except exec of a file without any x bit (CAP_DAC_OVERRIDE).
 */
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
 * vfs_open - open guest @path (relative to @dirfd) with flags from vfs_open_flags().
 * The root is read-only: writing, creating or truncating gives the errno Linux gives
 * on a read-only mount. Read access is also checked with the task's credentials.
 */
int vfs_open(struct task *t, int dirfd, const char *path, uint32_t lflags, struct file **out);

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
/** vfs_file_on_root - whether @f was opened beneath the (read-only) root. */
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

#endif
