/* SPDX-License-Identifier: MIT */
/* kernel/file.h: open files, the fd table and the guest's filesystem view. */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H

#include <stdint.h>
#include "../abi/linux.h"
#include "types.h"

struct task;
struct file;

/*
 * Operations of one kind of open file. Every op returns >= 0 or -LINUX_E*.
 * A NULL op means the operation is not supported on that file (the caller
 * maps it to the errno Linux gives: EINVAL for read/write, ESPIPE for lseek,
 * ENOTDIR for getdents64, ENOTTY for ioctl).
 */
struct file_ops {
    /* @off: NULL = use and advance the file position (read/write), else pread/pwrite. */
    long (*read)(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off);
    long (*write)(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off);
    long (*lseek)(struct file *f, int64_t off, int whence);
    long (*fstat)(struct file *f, struct linux_stat *st);
    long (*getdents64)(struct file *f, struct task *t, uaddr_t buf, uint64_t len);
    long (*ioctl)(struct file *f, struct task *t, uint64_t req, uint64_t arg);
    /*
     * Copy file bytes at @off into runtime memory @dst, for files with no host
     * descriptor (mmap fills private mappings with it). Bytes copied (0 at EOF).
     */
    long (*pread_kernel)(struct file *f, void *dst, uint64_t len, uint64_t off);
    void (*release)(struct file *f);
    /* LINUX_POLL* readiness now; NULL: host files ask the host, others are always ready. */
    int (*poll)(struct file *f);
    /*
     * A count that moves at every change of the file's state (data in or out,
     * an end closed), for EPOLLET: Linux reports an edge-triggered file at
     * each wake-up of its wait queue. NULL: only not-ready -> ready counts.
     */
    uint64_t (*gen)(struct file *f);
    /*
     * readv/writev as one operation over all of @v[0..@n) (a socket's is one
     * message); NULL: one read or write op per segment. Never positioned.
     */
    long (*rwv)(struct file *f, struct task *t, int to_fd, const struct linux_iovec *v, int n);
};

struct file {
    int refs;
    const struct file_ops *ops;
    int host_fd;     /* the host descriptor behind the file, or -1 */
    uint32_t flags;  /* LINUX_O_* access mode and status flags (F_GETFL) */
    char *path;      /* guest path it was opened by (malloc'd), or NULL */
    void *priv;      /* per-kind state */
    int epoll_watch; /* epoll registrations of this file: they end when it is released */
};

/**
 * epoll_file_released - end every epoll registration of @f, whose last
 * reference is going (eventpoll_release(); kernel/sys_poll.c).
 */
void epoll_file_released(struct file *f);

/** file_can_read/file_can_write - the open file's access mode allows it (FMODE_READ/WRITE). */
static inline int file_can_read(const struct file *f)
{
    uint32_t acc = f->flags & LINUX_O_ACCMODE;
    return acc == LINUX_O_RDONLY || acc == LINUX_O_RDWR;
}

static inline int file_can_write(const struct file *f)
{
    uint32_t acc = f->flags & LINUX_O_ACCMODE;
    return acc == LINUX_O_WRONLY || acc == LINUX_O_RDWR;
}

/** file_get/file_put - reference counting; the last put calls ops->release. */
struct file *file_get(struct file *f);
void file_put(struct file *f);

/**
 * file_type - the file's LINUX_S_IF* type, by its fstat op; fills @st when not
 * NULL. 0 when the kind has no fstat or it failed (callers treat that as "not
 * a special file").
 */
uint32_t file_type(struct file *f, struct linux_stat *st);

/**
 * sock_signals_itself - @f is one of the sandbox's sockets, which raise
 * SIGPIPE themselves when a write finds the peer gone (kernel/socket.c);
 * the write path raises it for every other file.
 */
int sock_signals_itself(const struct file *f);

/** file_anon_fstat - fstat op of an anonymous-inode file (epoll, eventfd): mode 0600, no type bits (fs/anon_inodes.c). */
long file_anon_fstat(struct file *f, struct linux_stat *st);

/* Linux's fs.nr_open default: no RLIMIT_NOFILE may exceed it. */
#define FDTABLE_MAX (1 << 20)
/* The table size assumed while no limit is set (the usual soft RLIMIT_NOFILE). */
#define FDTABLE_DEFAULT_LIMIT 1024

/*
 * A task's descriptors. The arrays grow on demand (like Linux's fdtable) up to
 * the task's RLIMIT_NOFILE soft limit, kept in @limit (0: the default).
 */
struct fdtable {
    struct file **fd;
    uint8_t *cloexec;
    int size;   /* slots allocated */
    int limit;  /* RLIMIT_NOFILE soft limit: fds >= limit are EMFILE/EBADF */
};

/** fdtable_limit - the highest fd + 1 the table may hold. */
static inline int fdtable_limit(const struct fdtable *t)
{
    return t->limit > 0 ? t->limit : FDTABLE_DEFAULT_LIMIT;
}

/** fdtable_copy - @dst (empty) gets a reference to each of @src's files (fork). 0 or -LINUX_ENOMEM. */
int fdtable_copy(struct fdtable *dst, const struct fdtable *src);

/** fd_install - smallest free fd >= @min gets @f (reference taken over). -LINUX_EMFILE if none. */
int fd_install(struct fdtable *t, struct file *f, int min, int cloexec);

/**
 * file_anon_install - anon_inode_getfd(): a file of @ops around @priv, opened
 * O_RDWR plus @flags' O_NONBLOCK, at the lowest free descriptor of @t, with
 * @flags' O_CLOEXEC (epoll, eventfd, timerfd, signalfd flags share those
 * bits). @priv (malloc'd; NULL when its allocation failed) is the file's from
 * then on: freed here on failure, else by @ops->release. The descriptor or
 * -LINUX_E*.
 */
long file_anon_install(struct fdtable *t, const struct file_ops *ops, void *priv, const char *name,
                       uint64_t flags);
/** fd_lookup - the file at @fd (no reference taken), or NULL. */
struct file *fd_lookup(struct fdtable *t, int fd);
/** fd_close - 0 or -LINUX_EBADF. */
int fd_close(struct fdtable *t, int fd);
void fdtable_release(struct fdtable *t);

struct vfs_ns;

/*
 * The filesystem view of a task: a host directory as root, opened O_PATH, under
 * which every lower-layer path is resolved with openat2(RESOLVE_IN_ROOT); the
 * current directory as a canonical guest path; and the mount table (overlay
 * root, /tmp, /dev, /proc: kernel/fs.h), made on first use. A copy of the
 * context (fork) shares the mount table, as processes share Linux's.
 */
struct fs_context {
    int root_fd;
    char cwd[4096];
    struct vfs_ns *ns;
    /*
     * 0: /tmp is a private tmpfs (container-style, with --root). 1: the host's
     * /tmp shows through the overlay like the rest of the host root, so programs
     * and data placed there are visible; writes still stay in memory.
     */
    int host_tmp;
};

/**
 * vfs_init_stdio - install guest fds 0, 1, 2 as the host's stdin/out/err.
 */
int vfs_init_stdio(struct fdtable *t);

/**
 * vfs_open_exec - open guest @path for execution (relative to cwd). Returns a host
 * fd (O_RDONLY|O_CLOEXEC) or -LINUX_E*: ENOENT, EACCES (not a regular file / no
 * exec bit), ELOOP... A file of the in-memory layers comes as a sealed memfd copy.
 */
int vfs_open_exec(struct fs_context *fs, const char *path);

/**
 * vfs_find_program - PATH search for @name (no '/') in @pathvar, beneath the root.
 * Writes the guest path found into @out. Returns 0 or -LINUX_ENOENT / -LINUX_EACCES.
 */
int vfs_find_program(struct fs_context *fs, const char *name, const char *pathvar, char *out,
                     size_t outlen);

#endif
